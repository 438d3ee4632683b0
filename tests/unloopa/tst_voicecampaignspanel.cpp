// The Campaigns tab of the Unloopa Voice page offscreen on real widgets, against the sandbox over
// loopback, the real guard and real SQLite, driven like an operator: a draft created for selected
// leads after the dry run (who is callable, who the guard refuses and why, who has no phone)
// followed every schedule edit; its fields changed while a draft; activated and triggered after
// confirmations that state the credits, refused by /quota when the credits do not cover the
// trigger; paused when one of its leads is put on the do-not-contact list; Unloopa's invalid_state
// explained; cancelled. The guard's clock is fixed (a Wednesday, noon in New York), so the
// verdicts do not depend on the hour the test runs at.

#include "TestMain.h"

#include "UnloopaGuiTestSupport.h"
#include "UnloopaTestSupport.h"
#include "common/RecordTableView.h"
#include "email/TimeZonePicker.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "sandbox/UnloopaCampaignsSandbox.h"
#include "sandbox/UnloopaSandbox.h"
#include "table/RecordTableModel.h"
#include "unloopa/NumberBuyer.h"
#include "unloopa/UnloopaVoicePage.h"
#include "unloopa/UnloopaVoiceService.h"
#include "unloopa/VoiceCampaignController.h"
#include "unloopa/VoiceCampaignDialog.h"
#include "unloopa/VoiceCampaignsPanel.h"
#include "unloopa/VoiceSetupController.h"

#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimeEdit>

#include <memory>

namespace {
constexpr int kSlowMs = 60'000; // loopback on a machine shared by several builds
} // namespace

class TestVoiceCampaignsPanel : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;
    QTemporaryDir m_dir;
    std::unique_ptr<SqliteOutboundStore> m_outbound;
    std::unique_ptr<OutboundGuard> m_guard;

    // Wednesday 10 June 2026, noon in New York (09:00 in Los Angeles).
    static QDateTime noonInNewYork() { return QDateTime(QDate(2026, 6, 10), QTime(16, 0), Qt::UTC); }

    template<typename T>
    static T *child(QWidget *in, const char *name)
    {
        T *found = in->findChild<T *>(QString::fromLatin1(name));
        if (!found)
            qWarning("no child %s", name);
        return found;
    }

    int requests(const char *verb, const QString &path) const
    {
        return m_rig->sandbox->requestCount(Vendor::Unloopa, verb, path);
    }

    void list(const QString &number)
    {
        DncEntry entry;
        entry.kind = DncEntry::Kind::Phone;
        entry.value = number;
        entry.source = QStringLiteral("manual");
        QVERIFY(m_outbound->addToDoNotContact({entry}));
    }

    // A number and an agent on the sandbox account, as the Voice page's other tabs make them.
    void numberAndAgent(UnloopaVoicePage *page)
    {
        UnloopaVoiceService *voice = page->voiceService();
        const auto found = awaitResult<QList<UnloopaAvailableNumber>>([&](auto done) {
            UnloopaNumberSearch search;
            search.areaCode = QStringLiteral("212");
            voice->searchNumbers(search, this, done);
        });
        QVERIFY(found && found->ok() && !found->value().isEmpty());
        NumberBuyer buyer(voice, m_guard.get());
        const auto bought = awaitResult<UnloopaPhoneNumber>(
                [&](auto done) { buyer.buy(found->value().first().phoneNumber, this, done); });
        QVERIFY(bought && bought->ok());
        UnloopaAgentFields fields;
        fields.name = QStringLiteral("Sales Agent");
        fields.voiceId = QStringLiteral("cjVigY5qzO86Huf0OWal");
        fields.script = QStringLiteral("You are calling {{business_name}}.");
        const auto agent =
                awaitResult<UnloopaVoiceAgent>([&](auto done) { voice->createAgent(fields, this, done); });
        QVERIFY(agent && agent->ok());
        page->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(page->controller()->agents().agents.size(), 1, kSlowMs);
        QTRY_COMPARE_WITH_TIMEOUT(page->controller()->numbers().numbers.size(), 1, kSlowMs);
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_rig = std::make_unique<UnloopaRig>(300);
        QVERIFY(m_rig->started);
        m_rig->sandbox->unloopa()->setPlan(UnloopaSandbox::Plan::Pro);
        m_guard.reset();
        m_outbound = std::make_unique<SqliteOutboundStore>(m_dir.filePath(
                QStringLiteral("outbound-%1.sqlite").arg(QString::fromLatin1(QTest::currentTestFunction()))));
        m_guard = std::make_unique<OutboundGuard>(m_outbound.get(), CallingRules());
        m_guard->setClock([] { return noonInNewYork(); });
        m_rig->client->setOutboundGate(m_guard.get());
    }
    void cleanup()
    {
        m_rig.reset();
        m_guard.reset();
        m_outbound.reset();
    }

    void draftAfterTheDryRunThenItsLifecycle()
    {
        const QString database = m_dir.filePath(QStringLiteral("console.sqlite"));
        auto page = std::make_unique<UnloopaVoicePage>(m_rig->service, m_guard.get(), database);
        page->resize(1300, 900);
        page->show();
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        numberAndAgent(page.get());

        auto *panel = child<VoiceCampaignsPanel>(page.get(), "unloopaVoiceCampaigns");
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(panel, "campaignsEmpty")->isVisibleTo(panel), kSlowMs);
        QCOMPARE(child<QLabel>(panel, "campaignsCount")->text(), QStringLiteral("0 voice campaign(s)"));

        // Selected on the Leads page: three ringing in New York (one of them listed), one in Los
        // Angeles, one without a phone.
        QList<UnloopaLead> leads = leadsRingingIn(m_rig->service, "America/New_York", 3);
        const QList<UnloopaLead> la = leadsRingingIn(m_rig->service, "America/Los_Angeles", 1);
        QCOMPARE(leads.size(), 3);
        QCOMPARE(la.size(), 1);
        list(leads.at(2).phone);
        leads << la.first();
        UnloopaLead noPhone;
        noPhone.id = QStringLiteral("lead-without-phone");
        noPhone.businessName = QStringLiteral("Quiet Plumbing");
        leads << noPhone;

        page->createCampaignFor(leads);
        QCOMPARE(child<QTabWidget>(page.get(), "unloopaVoiceTabs")->currentWidget(), panel);
        VoiceCampaignDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = page->findChild<VoiceCampaignDialog *>()) && dialog->isVisible());
        // The window is in the leads' own zone, and the dry run is there before anything is sent.
        QCOMPARE(child<TimeZonePicker>(dialog, "campaignTimeZone")->zone(),
                 QStringLiteral("America/New_York"));
        auto *summary = child<QLabel>(dialog, "campaignDryRunSummary");
        QCOMPARE(summary->text(),
                 QStringLiteral("2 of 5 selected lead(s) callable by this campaign; 2 refused "
                                "by the guard, 1 without a phone number."));
        QVERIFY(child<QLabel>(dialog, "campaignWithoutPhone")
                        ->text()
                        .contains(QStringLiteral("Quiet Plumbing")));
        auto *table = child<RecordTableView>(dialog, "campaignDryRunTable");
        QCOMPARE(table->model()->rowCount(), 4);
        auto *create = child<QPushButton>(dialog, "campaignCreate");
        QVERIFY(!create->isEnabled()); // no name yet
        QTest::keyClicks(child<QLineEdit>(dialog, "campaignName"), QStringLiteral("Plumbers"));
        QVERIFY2(create->isEnabled(), qPrintable(dialog->problem()));
        QCOMPARE(create->text(), QStringLiteral("&Create draft for 2 lead(s)"));
        // 09:00 in New York is 06:00 in Los Angeles; from noon the Los Angeles lead may be called too.
        child<QTimeEdit>(dialog, "campaignWindowStart")->setTime(QTime(12, 0));
        // Only on a day that is neither today nor tomorrow in New York: the sandbox's clock is the
        // real one, and the campaign must not place calls on its own while the test counts them.
        const int today =
                QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("America/New_York")).date().dayOfWeek();
        const QString onlyDay = UnloopaCampaignFields::dayNames().at((today + 1) % 7); // two days on
        for (const QString &name : UnloopaCampaignFields::dayNames())
            child<QCheckBox>(dialog, qPrintable(QStringLiteral("campaignDay-") + name))
                    ->setChecked(name == onlyDay);
        QCOMPARE(summary->text(),
                 QStringLiteral("3 of 5 selected lead(s) callable by this campaign; 1 refused "
                                "by the guard, 1 without a phone number."));
        QCOMPARE(requests("POST", QStringLiteral("/voice/campaigns")), 0);

        QTest::mouseClick(create, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!page->findChild<VoiceCampaignDialog *>(), kSlowMs);
        QCOMPARE(requests("POST", QStringLiteral("/voice/campaigns")), 1);
        auto *campaigns = child<QListWidget>(panel, "campaignsList");
        QTRY_COMPARE_WITH_TIMEOUT(campaigns->count(), 1, kSlowMs);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->detail().id.isEmpty(), kSlowMs);
        const QString id = panel->detail().id;
        // Sent as the cleared lead ids, never a filter.
        const UnloopaSimulatedCampaign *sent = m_rig->sandbox->unloopa()->campaigns()->campaign(id);
        QVERIFY(sent);
        QStringList sentIds;
        for (const UnloopaSimulatedCampaign::Lead &lead : sent->leads)
            sentIds << lead.id;
        QCOMPARE(sentIds, (QStringList{leads.at(0).id, leads.at(1).id, la.first().id}));
        QCOMPARE(child<QLabel>(panel, "campaignTitle")->text(), QStringLiteral("Plumbers \u2014 Draft"));

        // A draft's fields can change; a window that ends before it starts is refused in the same
        // words the new-campaign dialog uses, and nothing is sent.
        auto *fields = child<QWidget>(panel, "campaignFields");
        QTRY_VERIFY(fields->isEnabled());
        QVERIFY(!child<QLabel>(panel, "campaignFieldsNote")->isVisible());
        const int updatesBefore = requests("PATCH", QStringLiteral("/voice/campaigns/") + id);
        auto *windowEnd = child<QTimeEdit>(panel, "campaignWindowEnd");
        const QTime end = windowEnd->time();
        windowEnd->setTime(QTime(11, 0));
        QTest::mouseClick(child<QPushButton>(panel, "campaignSave"), Qt::LeftButton);
        QCOMPARE(child<QLabel>(panel, "campaignsNote")->text(),
                 QStringLiteral("The calling window must end after it starts."));
        QCOMPARE(requests("PATCH", QStringLiteral("/voice/campaigns/") + id), updatesBefore);
        windowEnd->setTime(end);
        child<QSpinBox>(panel, "campaignPerHour")->setValue(20);
        QTest::mouseClick(child<QPushButton>(panel, "campaignSave"), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(sent->callsPerHour == 20,
                                  qPrintable(child<QLabel>(panel, "campaignsNote")->text() +
                                             child<QLabel>(panel, "campaignsError")->text()),
                                  kSlowMs);
        QCOMPARE(sent->windowStart, QTime(12, 0));

        // Activate: Cancel sends nothing; confirming activates, and the fields are off from then.
        auto *activate = child<QPushButton>(panel, "campaignActivate");
        QTRY_VERIFY_WITH_TIMEOUT(activate->isEnabled(), kSlowMs);
        QString seen;
        answerConfirmation(QStringLiteral("campaignConfirmActivate"), QStringLiteral("cancel"), &seen);
        QTest::mouseClick(activate, Qt::LeftButton);
        QVERIFY2(seen.contains(QStringLiteral("3 credit(s)")), qPrintable(seen));
        QCOMPARE(sent->status, QStringLiteral("draft"));
        answerConfirmation(QStringLiteral("campaignConfirmActivate"),
                           QStringLiteral("campaignConfirmActivateButton"), &seen);
        QTest::mouseClick(activate, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(panel, "campaignTitle")->text(),
                                  QStringLiteral("Plumbers \u2014 Active"), kSlowMs);
        QCOMPARE(sent->status, QStringLiteral("active"));
        QVERIFY(!fields->isEnabled());
        QVERIFY(child<QLabel>(panel, "campaignFieldsNote")->isVisible());
        QVERIFY(!activate->isEnabled());

        // Trigger 2: /quota first — one credit left does not cover it, nothing is sent.
        const QString triggerPath = QStringLiteral("/voice/campaigns/") + id;
        const int patchesBefore = requests("PATCH", triggerPath);
        m_rig->sandbox->unloopa()->setVoiceCredits(1);
        child<QSpinBox>(panel, "campaignTriggerLimit")->setValue(2);
        auto *trigger = child<QPushButton>(panel, "campaignTrigger");
        QTest::mouseClick(trigger, Qt::LeftButton);
        auto *error = child<QLabel>(panel, "campaignsError");
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), kSlowMs);
        QVERIFY2(error->text().contains(QStringLiteral("whop.com")), qPrintable(error->text()));
        QCOMPARE(requests("PATCH", triggerPath), patchesBefore);

        // With the credits: the confirmation states them; Cancel sends nothing, confirming starts 2.
        m_rig->sandbox->unloopa()->setVoiceCredits(40);
        QTRY_VERIFY(trigger->isEnabled());
        answerConfirmation(QStringLiteral("campaignConfirmTrigger"), QStringLiteral("cancel"), &seen);
        QTest::mouseClick(trigger, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(seen.contains(QStringLiteral("This spends 2 voice credit(s), 1 per call.")),
                                 kSlowMs);
        QTRY_VERIFY(trigger->isEnabled());
        QCOMPARE(requests("PATCH", triggerPath), patchesBefore);
        seen.clear();
        answerConfirmation(QStringLiteral("campaignConfirmTrigger"),
                           QStringLiteral("campaignConfirmTriggerButton"), &seen);
        QTest::mouseClick(trigger, Qt::LeftButton);
        auto *note = child<QLabel>(panel, "campaignsNote");
        QTRY_COMPARE_WITH_TIMEOUT(
                note->text(),
                QStringLiteral("2 call(s) started (1 voice credit each). Follow them on the Calls "
                               "tab."),
                kSlowMs);
        QCOMPARE(requests("PATCH", triggerPath), patchesBefore + 1);
        QCOMPARE(m_rig->sandbox->unloopa()->voiceCredits(), 38);

        // The stats as a chart: one bar per result, the values as Unloopa reports them.
        QTRY_VERIFY_WITH_TIMEOUT(
                child<QLabel>(panel, "campaignStatsText")->text().contains(QStringLiteral("Pending 1")),
                kSlowMs);
        auto *chart = child<QChartView>(panel, "campaignStatsChart")->chart();
        QCOMPARE(chart->series().size(), 1);
        auto *bars = qobject_cast<QHorizontalBarSeries *>(chart->series().first());
        QVERIFY(bars);
        QCOMPARE(bars->barSets().first()->count(), 8);
        QCOMPARE(bars->barSets().first()->at(7), 1.0); // Pending, at the top

        // A lead of the campaign put on the do-not-contact list (as the Safety page does): paused.
        list(leads.at(1).phone);
        QTRY_COMPARE_WITH_TIMEOUT(sent->status, QStringLiteral("paused"), kSlowMs);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(panel, "campaignTitle")->text(),
                                  QStringLiteral("Plumbers \u2014 Paused"), kSlowMs);
        QVERIFY(note->text().contains(QStringLiteral("do-not-contact")));
        QTRY_VERIFY(fields->isEnabled());

        // Activated elsewhere meanwhile (the CLI): Unloopa's invalid_state is explained.
        const auto elsewhere = awaitResult<UnloopaCampaign>([&](auto done) {
            OutboundOverrides none;
            page->campaigns()->activate(id, none, this, done);
        });
        QVERIFY(elsewhere && !elsewhere->ok()); // the listed lead: the guard refuses
        m_guard->store()->removeFromDoNotContact(leads.at(1).phone, QStringLiteral("test"),
                                                 QStringLiteral("tester"));
        const auto again = awaitResult<UnloopaCampaign>(
                [&](auto done) { page->campaigns()->activate(id, {}, this, done); });
        QVERIFY2(again && again->ok(), qPrintable(again ? again->error().summary() : QString()));
        QCOMPARE(child<QLabel>(panel, "campaignTitle")->text(),
                 QStringLiteral("Plumbers \u2014 Paused")); // stale
        child<QLineEdit>(panel, "campaignEditName")->setText(QStringLiteral("Plumbers NY"));
        QTest::mouseClick(child<QPushButton>(panel, "campaignSave"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
                error->isVisible() && error->text().contains(QStringLiteral("current state")), kSlowMs);
        QCOMPARE(sent->name, QStringLiteral("Plumbers"));

        // Cancel: "Keep it" keeps it; confirming completes it and every control is off.
        QTest::mouseClick(child<QPushButton>(panel, "campaignsRefresh"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(panel, "campaignTitle")->text(),
                                  QStringLiteral("Plumbers \u2014 Active"), kSlowMs);
        auto *cancel = child<QPushButton>(panel, "campaignCancel");
        QTRY_VERIFY(cancel->isEnabled());
        answerConfirmation(QStringLiteral("campaignConfirmCancel"),
                           QStringLiteral("campaignConfirmCancelKeep"), &seen);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QCOMPARE(sent->status, QStringLiteral("active"));
        answerConfirmation(QStringLiteral("campaignConfirmCancel"),
                           QStringLiteral("campaignConfirmCancelButton"), &seen);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(panel, "campaignTitle")->text(),
                                  QStringLiteral("Plumbers \u2014 Completed"), kSlowMs);
        for (const char *name : {"campaignActivate", "campaignPause", "campaignCancel", "campaignTrigger"})
            QVERIFY2(!child<QPushButton>(panel, name)->isEnabled(), name);
        QVERIFY(!fields->isEnabled());
    }

    void freePlanOpensNoCampaignDialog()
    {
        m_rig->sandbox->unloopa()->setPlan(UnloopaSandbox::Plan::Free);
        auto page = std::make_unique<UnloopaVoicePage>(m_rig->service, m_guard.get(),
                                                       m_dir.filePath(QStringLiteral("free.sqlite")));
        page->show();
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(page.get(), "unloopaVoiceUnavailable")->isVisible(), kSlowMs);
        UnloopaLead lead;
        lead.id = QStringLiteral("lead-1");
        lead.phone = QStringLiteral("+12125550147");
        page->createCampaignFor({lead});
        QVERIFY(!page->findChild<VoiceCampaignDialog *>());
        QCOMPARE(requests("POST", QStringLiteral("/voice/campaigns")), 0);
    }
};

CC_TEST_GUI_MAIN(TestVoiceCampaignsPanel)
#include "tst_voicecampaignspanel.moc"
