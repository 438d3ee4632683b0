// The calling rules in Settings through the real widgets (offscreen): the safe defaults shown,
// what makes no sense refused as it is typed and never saved, and applied rules saved to Settings
// and taken by the guard at once.

#include "TestMain.h"
#include "accounts/ServiceHub.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundSafety.h"
#include "pages/SettingsPage.h"
#include "safety/CallingRulesEditor.h"

#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimeEdit>

#include <memory>

class TestCallingRulesSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showsTheSafeDefaults();
    void windowThatEndsBeforeItStartsIsNotSaved();
    void regionsAreCheckedAsTyped();
    void appliedRulesReachTheGuard();

private:
    static void setCell(QTableWidget *table, int row, int column, const QString &text)
    {
        table->item(row, column)->setText(text);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServiceHub> m_hub;
    std::unique_ptr<OutboundSafety> m_outbound;
    std::unique_ptr<SettingsPage> m_page;
    CallingRulesEditor *m_rules = nullptr;
    QPushButton *m_apply = nullptr;
};

void TestCallingRulesSettings::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    ServiceHub::Options options;
    options.credentialSource = ServiceHub::CredentialSource::Memory;
    m_hub = std::make_unique<ServiceHub>(options);
    m_outbound = std::make_unique<OutboundSafety>(m_dir->filePath(QStringLiteral("console.sqlite")));
    m_page = std::make_unique<SettingsPage>(m_hub.get(), m_outbound.get());
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    m_rules = m_page->callingRules();
    m_apply = m_page->findChild<QPushButton *>(QStringLiteral("applyButton"));
    QVERIFY(m_rules && m_apply);
}

void TestCallingRulesSettings::cleanup()
{
    m_page.reset();
    m_outbound.reset();
    m_hub.reset();
}

void TestCallingRulesSettings::showsTheSafeDefaults()
{
    QCOMPARE(m_rules->startEdit()->time(), QTime(8, 0));
    QCOMPARE(m_rules->endEdit()->time(), QTime(21, 0));
    QCOMPARE(m_rules->capEdit()->value(), 3);
    QCOMPARE(m_rules->regionsTable()->rowCount(), 0);
    QVERIFY(m_rules->problem().isEmpty());
    QVERIFY(!m_rules->problemLabel()->isVisible());
    QVERIFY(m_apply->isEnabled());
    QVERIFY(!m_rules->startEdit()->accessibleName().isEmpty());
    QVERIFY(!m_rules->capEdit()->accessibleName().isEmpty());
}

void TestCallingRulesSettings::windowThatEndsBeforeItStartsIsNotSaved()
{
    m_rules->startEdit()->setFocus();
    m_rules->endEdit()->setTime(QTime(7, 0));
    QVERIFY(!m_apply->isEnabled());
    QVERIFY(m_rules->problemLabel()->isVisible());
    QVERIFY2(m_rules->problemLabel()->text().contains(QStringLiteral("start before it ends")),
             qPrintable(m_rules->problemLabel()->text()));
    QVERIFY(!m_page->apply());
    QVERIFY(!QSettings().contains(QStringLiteral("outbound/windowEnd")));
    QCOMPARE(m_outbound->guard()->rules().end, QTime(21, 0));

    // Zero attempts a day would refuse everything silently: said, not saved.
    m_rules->endEdit()->setTime(QTime(21, 0));
    QVERIFY(m_apply->isEnabled());
    m_rules->capEdit()->setValue(0);
    QVERIFY(!m_apply->isEnabled());
    QVERIFY2(m_rules->problemLabel()->text().contains(QStringLiteral("at least 1")),
             qPrintable(m_rules->problemLabel()->text()));
}

void TestCallingRulesSettings::regionsAreCheckedAsTyped()
{
    QTest::mouseClick(m_rules->findChild<QPushButton *>(QStringLiteral("addRegion")), Qt::LeftButton);
    QTableWidget *table = m_rules->regionsTable();
    QCOMPARE(table->rowCount(), 1);
    // A region without a country or prefixes is not a region yet.
    QVERIFY(!m_apply->isEnabled());
    setCell(table, 0, CallingRulesEditor::RegionName, QStringLiteral("Florida"));
    setCell(table, 0, CallingRulesEditor::RegionWhere, QStringLiteral("1305, 13a5"));
    QVERIFY2(m_rules->problem().contains(QStringLiteral("13a5")), qPrintable(m_rules->problem()));
    QVERIFY(!m_apply->isEnabled());
    setCell(table, 0, CallingRulesEditor::RegionWhere, QStringLiteral("+1 305, 1786"));
    setCell(table, 0, CallingRulesEditor::RegionEnd, QStringLiteral("22:00"));
    QVERIFY2(m_rules->problem().contains(QStringLiteral("only make it stricter")),
             qPrintable(m_rules->problem()));
    setCell(table, 0, CallingRulesEditor::RegionEnd, QStringLiteral("20:00"));
    QVERIFY2(m_rules->problem().isEmpty(), qPrintable(m_rules->problem()));
    QVERIFY(m_apply->isEnabled());
    const CallingRules rules = m_rules->rules();
    QCOMPARE(rules.regions.size(), 1);
    QCOMPARE(rules.regions.first().prefixes, (QStringList{QStringLiteral("1305"), QStringLiteral("1786")}));
    QVERIFY(rules.regions.first().country.isEmpty());

    // A country instead; then removed again.
    setCell(table, 0, CallingRulesEditor::RegionWhere, QStringLiteral("ca"));
    QCOMPARE(m_rules->rules().regions.first().country, QStringLiteral("CA"));
    table->selectRow(0);
    QTest::mouseClick(m_rules->findChild<QPushButton *>(QStringLiteral("removeRegion")), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 0);
}

void TestCallingRulesSettings::appliedRulesReachTheGuard()
{
    m_rules->startEdit()->setTime(QTime(9, 0));
    m_rules->capEdit()->setValue(2);
    m_rules->addRegion();
    QTableWidget *table = m_rules->regionsTable();
    setCell(table, 0, CallingRulesEditor::RegionName, QStringLiteral("Florida"));
    setCell(table, 0, CallingRulesEditor::RegionWhere, QStringLiteral("1305, 1786"));
    setCell(table, 0, CallingRulesEditor::RegionStart, QStringLiteral("09:00"));
    setCell(table, 0, CallingRulesEditor::RegionEnd, QStringLiteral("20:00"));
    QTest::mouseClick(m_apply, Qt::LeftButton);

    QSettings settings;
    const CallingRules saved = CallingRules::load(settings);
    QCOMPARE(saved.start, QTime(9, 0));
    QCOMPARE(saved.maxAttemptsPerDay, 2);
    QCOMPARE(saved.regions.size(), 1);
    QCOMPARE(saved.regions.first().name, QStringLiteral("Florida"));
    QCOMPARE(saved.regions.first().end, QTime(20, 0));
    // The guard decides with them from now on.
    QCOMPARE(m_outbound->guard()->rules().start, QTime(9, 0));
    QCOMPARE(m_outbound->guard()->rules().maxAttemptsPerDay, 2);
    QCOMPARE(m_outbound->guard()->rules().regions.size(), 1);

    // A new page shows what was saved; Revert brings it back after an edit.
    SettingsPage again(m_hub.get(), m_outbound.get());
    QCOMPARE(again.callingRules()->startEdit()->time(), QTime(9, 0));
    QCOMPARE(again.callingRules()->regionsTable()->rowCount(), 1);
    again.callingRules()->capEdit()->setValue(5);
    QTest::mouseClick(again.findChild<QPushButton *>(QStringLiteral("revertButton")), Qt::LeftButton);
    QCOMPARE(again.callingRules()->capEdit()->value(), 2);
}

CC_TEST_GUI_MAIN(TestCallingRulesSettings)
#include "tst_callingrules_settings.moc"
