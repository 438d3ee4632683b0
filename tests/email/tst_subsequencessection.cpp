// The campaign editor's Subsequences section through its real widgets (offscreen) against the
// Outreach2day sandbox: subsequences created by name, replies routed by intent with the rules
// edited as a list and sent whole with PATCH, a rule the vendor refuses named with its field, and
// everything shown again from the local store (the API cannot read either back).
#include "EmailSectionRig.h"
#include "TestMain.h"
#include "email/SubsequencesController.h"
#include "email/SubsequencesSection.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>

class TestSubsequencesSection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void createRouteAndKeepLocally();

private:
    // Waits for the section's controller to finish one operation; its error (None when it worked).
    static ApiError waitFinished(QSignalSpy &spy)
    {
        if (!QTest::qWaitFor([&spy] { return !spy.isEmpty(); }, 15000))
            return ApiError::local(Vendor::Outreach2day, QStringLiteral("timeout"),
                                   QStringLiteral("no answer"));
        return spy.takeFirst().at(1).value<ApiError>();
    }
    static QComboBox *combo(QTableWidget *rules, int row, int column)
    {
        return qobject_cast<QComboBox *>(rules->cellWidget(row, column));
    }

    EmailSectionRig m_rig;
};

void TestSubsequencesSection::initTestCase()
{
    QVERIFY2(m_rig.start(), qPrintable(m_rig.errorString()));
}

void TestSubsequencesSection::createRouteAndKeepLocally()
{
    const QString campaignId = m_rig.createCampaign(QStringLiteral("Subsequences"));
    QVERIFY2(!campaignId.isEmpty(), qPrintable(m_rig.errorString()));
    SubsequencesSection section(m_rig.context());
    section.show();
    section.setCampaign(campaignId);
    QVERIFY(section.missing().isEmpty()); // optional for launch
    QSignalSpy finished(section.controller(), &SubsequencesController::finished);
    auto *name = section.findChild<QLineEdit *>(QStringLiteral("subsequenceName"));
    auto *list = section.findChild<QListWidget *>(QStringLiteral("subsequenceList"));
    auto *status = section.findChild<QLabel *>(QStringLiteral("subsequencesStatus"));
    auto *addRule = section.findChild<QPushButton *>(QStringLiteral("routingAdd"));
    QVERIFY(!addRule->isEnabled()); // nothing to route to yet

    for (const QString &title :
         {QStringLiteral("Interested follow-up"), QStringLiteral("Back from holiday")}) {
        QTest::keyClicks(name, title);
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(waitFinished(finished).kind, ApiError::Kind::None);
    }
    const QList<O2dSubsequence> created = m_rig.activity()->subsequences(campaignId);
    QCOMPARE(created.size(), 2);
    QCOMPARE(created.at(0).name, QStringLiteral("Interested follow-up"));
    QVERIFY(created.at(0).id != created.at(1).id && !created.at(1).id.isEmpty());
    QCOMPARE(list->count(), 2);
    QVERIFY(list->item(1)->text().contains(created.at(1).id));

    // Two rules: a documented intent picked, another intent typed, each to its subsequence.
    auto *rules = section.findChild<QTableWidget *>(QStringLiteral("routingRules"));
    QVERIFY(addRule->isEnabled());
    QTest::mouseClick(addRule, Qt::LeftButton);
    QTest::mouseClick(addRule, Qt::LeftButton);
    QCOMPARE(rules->rowCount(), 2);
    combo(rules, 0, 0)->setCurrentIndex(combo(rules, 0, 0)->findData(QStringLiteral("interested")));
    combo(rules, 0, 1)->setCurrentIndex(combo(rules, 0, 1)->findData(created.at(0).id));
    combo(rules, 1, 0)->lineEdit()->selectAll();
    QTest::keyClicks(combo(rules, 1, 0)->lineEdit(), QStringLiteral("out_of_office"));
    combo(rules, 1, 1)->setCurrentIndex(combo(rules, 1, 1)->findData(created.at(1).id));
    QVERIFY(section.hasUnsentRules());
    QTest::mouseClick(section.findChild<QPushButton *>(QStringLiteral("routingSend")), Qt::LeftButton);
    QCOMPARE(waitFinished(finished).kind, ApiError::Kind::None);
    QVERIFY(!section.hasUnsentRules());
    const O2dRoutingPolicy kept = m_rig.activity()->routing(campaignId);
    QCOMPARE(kept.rules.size(), 2);
    QCOMPARE(kept.rules.at(0).value, QStringLiteral("interested"));
    QCOMPARE(kept.rules.at(0).subsequenceId, created.at(0).id);
    QCOMPARE(kept.rules.at(1).value, QStringLiteral("out_of_office"));
    QCOMPARE(kept.rules.at(1).subsequenceId, created.at(1).id);
    QVERIFY(m_rig.activity()->routingAppliedAt(campaignId).isValid());

    // The same intent twice is refused before anything is sent, naming the rule.
    QTest::mouseClick(addRule, Qt::LeftButton);
    combo(rules, 2, 0)->setCurrentIndex(combo(rules, 2, 0)->findData(QStringLiteral("interested")));
    QTest::mouseClick(section.findChild<QPushButton *>(QStringLiteral("routingSend")), Qt::LeftButton);
    QVERIFY2(status->text().contains(QStringLiteral("rules[2]")), qPrintable(status->text()));
    QVERIFY(finished.isEmpty());

    // An intent the vendor does not know: refused there with its field named; the kept rules stay.
    combo(rules, 2, 0)->lineEdit()->selectAll();
    QTest::keyClicks(combo(rules, 2, 0)->lineEdit(), QStringLiteral("maybe_later"));
    QTest::mouseClick(section.findChild<QPushButton *>(QStringLiteral("routingSend")), Qt::LeftButton);
    QVERIFY(waitFinished(finished).isError());
    QVERIFY2(status->text().contains(QStringLiteral("rules[2].value")), qPrintable(status->text()));
    QCOMPARE(m_rig.activity()->routing(campaignId).rules, kept.rules);

    // Another editor on the same campaign shows what the vendor accepted, from the store.
    SubsequencesSection again(m_rig.context());
    again.setCampaign(campaignId);
    auto *shown = again.findChild<QTableWidget *>(QStringLiteral("routingRules"));
    QCOMPARE(shown->rowCount(), 2);
    QCOMPARE(combo(shown, 1, 0)->currentText(), QStringLiteral("out_of_office"));
    QCOMPARE(combo(shown, 1, 1)->currentData().toString(), created.at(1).id);
    QCOMPARE(again.findChild<QListWidget *>(QStringLiteral("subsequenceList"))->count(), 2);
    QVERIFY(!again.hasUnsentRules());
    QVERIFY(again.findChild<QLabel *>(QStringLiteral("routingState"))
                    ->text()
                    .contains(QStringLiteral("accepted")));
}

CC_TEST_GUI_MAIN(TestSubsequencesSection)
#include "tst_subsequencessection.moc"
