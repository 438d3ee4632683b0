// The Unloopa Voice page offscreen on real widgets against the sandbox, driven like an operator:
// search an area code, buy a number after confirming ($1/month), see it listed; create an agent,
// delete it after confirming; and on the Free plan "Voice needs Pro" with the upgrade link.

#include "TestMain.h"

#include "UnloopaGuiTestSupport.h"
#include "UnloopaTestSupport.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "sandbox/UnloopaSandbox.h"
#include "unloopa/UnloopaVoicePage.h"
#include "unloopa/VoiceSetupController.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

class TestUnloopaVoicePage : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;
    QTemporaryDir m_dir;
    std::unique_ptr<SqliteOutboundStore> m_outbound;
    std::unique_ptr<OutboundGuard> m_guard;

    template<typename T>
    static T *child(QWidget *page, const char *name)
    {
        T *found = page->findChild<T *>(QString::fromLatin1(name));
        if (!found)
            qWarning("no child %s", name);
        return found;
    }

    int requests(const char *verb, const QString &path) const
    {
        return m_rig->sandbox->requestCount(Vendor::Unloopa, verb, path);
    }

    std::unique_ptr<UnloopaVoicePage> newPage()
    {
        auto page = std::make_unique<UnloopaVoicePage>(m_rig->service, m_guard.get());
        page->resize(1200, 800);
        page->show();
        return page;
    }

private Q_SLOTS:
    void init()
    {
        m_rig = std::make_unique<UnloopaRig>(5);
        QVERIFY(m_rig->started);
        m_rig->sandbox->unloopa()->setPlan(UnloopaSandbox::Plan::Pro);
        m_guard.reset();
        m_outbound = std::make_unique<SqliteOutboundStore>(m_dir.filePath(
                QStringLiteral("outbound-%1.sqlite").arg(QString::fromLatin1(QTest::currentTestFunction()))));
        m_guard = std::make_unique<OutboundGuard>(m_outbound.get(), CallingRules());
    }
    void cleanup()
    {
        m_rig.reset();
        m_guard.reset();
        m_outbound.reset();
    }

    void searchBuyAfterConfirmingAndList()
    {
        auto page = newPage();
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        auto *count = child<QLabel>(page.get(), "numbersCount");
        QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("0 of 3 phone numbers"), 120'000);
        QVERIFY(child<QLabel>(page.get(), "numbersEmpty")->isVisible());
        QVERIFY(!child<QLabel>(page.get(), "unloopaVoiceUnavailable")->isVisible());

        // Ctrl+F goes to the area code; type it and press Enter.
        QTest::keyClick(page.get(), Qt::Key_F, Qt::ControlModifier);
        auto *area = child<QLineEdit>(page.get(), "numbersAreaCode");
        QVERIFY(area->hasFocus());
        QTest::keyClicks(area, QStringLiteral("305x1")); // the validator keeps digits, 3 at most
        QCOMPARE(area->text(), QStringLiteral("305"));
        QTest::keyClick(area, Qt::Key_Return);
        auto *results = child<QListWidget>(page.get(), "numbersResults");
        QTRY_COMPARE_WITH_TIMEOUT(results->count(), 5, 120'000);
        auto *buy = child<QPushButton>(page.get(), "numbersBuy");
        QVERIFY(buy->text().contains(QStringLiteral("$1.00/month")));
        QVERIFY(!buy->isEnabled()); // nothing chosen yet
        results->setCurrentRow(1);
        QVERIFY(buy->isEnabled());
        const QString chosen = results->currentItem()->text().section(QLatin1Char(' '), 0, 0);

        // Cancel buys nothing.
        QString seen;
        answerConfirmation(QStringLiteral("numbersConfirmBuy"), QStringLiteral("cancel"), &seen);
        QTest::mouseClick(buy, Qt::LeftButton);
        QVERIFY(seen.contains(chosen));
        QVERIFY(seen.contains(QStringLiteral("$1.00 a month")));
        QCOMPARE(requests("POST", QStringLiteral("/phone-numbers/buy")), 0);

        answerConfirmation(QStringLiteral("numbersConfirmBuy"), QStringLiteral("numbersConfirmBuyButton"),
                           &seen);
        QTest::mouseClick(buy, Qt::LeftButton);
        QVERIFY(!buy->isEnabled()); // in flight: a second click cannot buy again
        QTest::mouseClick(buy, Qt::LeftButton);
        auto *numbers = child<QListWidget>(page.get(), "numbersList");
        QTRY_COMPARE_WITH_TIMEOUT(numbers->count(), 1, 120'000);
        QCOMPARE(requests("POST", QStringLiteral("/phone-numbers/buy")), 1);
        // The purchase went through the guard: its intent was saved before it left, and settled.
        const QList<OutboundIntent> intents = m_outbound->intents(Vendor::Unloopa);
        QCOMPARE(intents.size(), 1);
        QCOMPARE(intents.first().action, QStringLiteral("number_buy"));
        QCOMPARE(intents.first().state, OutboundIntent::State::Sent);
        QVERIFY(numbers->item(0)->text().startsWith(chosen));
        QVERIFY(numbers->item(0)->text().contains(QStringLiteral("Miami")));
        QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("1 of 3 phone numbers"), 120'000);
        QVERIFY(!child<QLabel>(page.get(), "numbersEmpty")->isVisible());
        QCOMPARE(results->count(), 4); // the bought one is no longer offered

        // Release it: Cancel keeps it, confirming releases it.
        const QString releasePath =
                QStringLiteral("/phone-numbers/") + page->controller()->numbers().numbers.at(0).id;
        numbers->setCurrentRow(0);
        answerConfirmation(QStringLiteral("numbersConfirmRelease"), QStringLiteral("cancel"), &seen);
        QTest::mouseClick(child<QPushButton>(page.get(), "numbersRelease"), Qt::LeftButton);
        QVERIFY(seen.contains(chosen));
        QCOMPARE(requests("DELETE", releasePath), 0);
        answerConfirmation(QStringLiteral("numbersConfirmRelease"),
                           QStringLiteral("numbersConfirmReleaseButton"), &seen);
        QTest::mouseClick(child<QPushButton>(page.get(), "numbersRelease"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(numbers->count(), 0, 120'000);
        QCOMPARE(requests("DELETE", releasePath), 1);
        QVERIFY(child<QLabel>(page.get(), "numbersEmpty")->isVisible());
    }

    void createAndDeleteAgent()
    {
        auto page = newPage();
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        child<QTabWidget>(page.get(), "unloopaVoiceTabs")->setCurrentIndex(1);
        auto *count = child<QLabel>(page.get(), "agentsCount");
        QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("0 of 3 voice agents"), 120'000);
        QVERIFY(child<QLabel>(page.get(), "agentsEmpty")->isVisible());

        auto *save = child<QPushButton>(page.get(), "agentSave");
        QVERIFY(!save->isEnabled()); // name, voice id and script are required
        QTest::keyClicks(child<QLineEdit>(page.get(), "agentName"), QStringLiteral("Sales Agent"));
        QTest::keyClicks(child<QLineEdit>(page.get(), "agentVoiceId"),
                         QStringLiteral("cjVigY5qzO86Huf0OWal"));
        QTest::keyClicks(child<QLineEdit>(page.get(), "agentVoiceName"), QStringLiteral("Eric"));
        QVERIFY(!save->isEnabled());
        auto *script = child<QPlainTextEdit>(page.get(), "agentScript");
        QTest::keyClicks(script, QStringLiteral("You are calling {{business_name}} in {{city}}."));
        QTest::keyClicks(child<QPlainTextEdit>(page.get(), "agentFirstMessage"), QStringLiteral("Hi there!"));
        child<QDoubleSpinBox>(page.get(), "agentStability")->setValue(0.4);
        QVERIFY(save->isEnabled());
        script->setFocus();
        QTest::keyClick(script, Qt::Key_S, Qt::ControlModifier); // Ctrl+S saves

        auto *agents = child<QListWidget>(page.get(), "agentsList");
        QTRY_COMPARE_WITH_TIMEOUT(agents->count(), 1, 120'000);
        QCOMPARE(agents->item(0)->text(), QStringLiteral("Sales Agent"));
        QCOMPARE(count->text(), QStringLiteral("1 of 3 voice agents"));
        QCOMPARE(requests("POST", QStringLiteral("/voice/agents")), 1);
        const UnloopaVoiceAgent created = page->controller()->agents().agents.at(0);
        QVERIFY(created.hasScript && created.hasFirstMessage);
        QCOMPARE(created.voiceName, QStringLiteral("Eric"));

        // Delete: Cancel keeps it, confirming deletes it.
        agents->setCurrentRow(0);
        auto *remove = child<QPushButton>(page.get(), "agentDelete");
        QVERIFY(remove->isEnabled());
        QString seen;
        answerConfirmation(QStringLiteral("agentsConfirmDelete"), QStringLiteral("cancel"), &seen);
        QTest::mouseClick(remove, Qt::LeftButton);
        QVERIFY(seen.contains(QStringLiteral("Sales Agent")));
        QCOMPARE(requests("DELETE", QStringLiteral("/voice/agents/") + created.id), 0);
        answerConfirmation(QStringLiteral("agentsConfirmDelete"), QStringLiteral("agentsConfirmDeleteButton"),
                           &seen);
        QTest::mouseClick(remove, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(agents->count(), 0, 120'000);
        QCOMPARE(requests("DELETE", QStringLiteral("/voice/agents/") + created.id), 1);
        QCOMPARE(count->text(), QStringLiteral("0 of 3 voice agents"));
        QVERIFY(child<QLabel>(page.get(), "agentsEmpty")->isVisible());
    }

    void freePlanSaysVoiceNeedsPro()
    {
        m_rig->sandbox->unloopa()->setPlan(UnloopaSandbox::Plan::Free);
        auto page = newPage();
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        auto *banner = child<QLabel>(page.get(), "unloopaVoiceUnavailable");
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 120'000);
        QVERIFY(banner->text().contains(QStringLiteral("Voice needs Pro.")));
        QVERIFY(banner->text().contains(QStringLiteral("href=\"https://whop.com/unloopa/\"")));
        QVERIFY(!child<QTabWidget>(page.get(), "unloopaVoiceTabs")->isEnabled());
        QCOMPARE(requests("GET", QStringLiteral("/phone-numbers")), 0);
    }
};

CC_TEST_GUI_MAIN(TestUnloopaVoicePage)
#include "tst_unloopavoicepage.moc"
