#include "TestMain.h"

#include "UnloopaTestSupport.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "phone/PhoneTimeZones.h"
#include "sandbox/UnloopaCampaignsSandbox.h"
#include "sandbox/UnloopaSandbox.h"
#include "store/UnloopaCallStore.h"
#include "unloopa/NumberBuyer.h"
#include "unloopa/UnloopaVoiceService.h"
#include "unloopa/VoiceCallPlacer.h"
#include "unloopa/VoiceCampaignController.h"

#include <QSignalSpy>
#include <QTemporaryDir>

// Unloopa voice through the real guard, the real SQLite stores and the sandbox over loopback
// (issue #12): a single call refused for a listed or out-of-window number with nothing reaching
// the sandbox; a number bought once, and never again after a crash between sending and saving;
// a campaign created for the leads the dry run cleared, activated only when its window lies
// inside every lead's calling window, triggered only when every pending lead is cleared, and
// paused when one of its leads is listed.
class TestVoiceGuarded : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<UnloopaRig> m_rig;
    QTemporaryDir m_dir;
    int m_databases = 0;
    std::unique_ptr<SqliteOutboundStore> m_store;
    std::unique_ptr<OutboundGuard> m_guard;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<UnloopaCallStore> m_calls;
    UnloopaVoiceService *m_voice = nullptr;
    QDateTime m_now;

    // Wednesday 10 June 2026, noon in New York (09:00 in Los Angeles).
    static QDateTime noonInNewYork() { return QDateTime(QDate(2026, 6, 10), QTime(16, 0), Qt::UTC); }
    static QString nyNumber() { return QStringLiteral("+12125550147"); }
    static QString laNumber() { return QStringLiteral("+13105550147"); }

    int requests(const QByteArray &method, const QString &path) const
    {
        return m_rig->sandbox->requestCount(Vendor::Unloopa, method, path);
    }

    void listed(const QString &number)
    {
        DncEntry entry;
        entry.kind = DncEntry::Kind::Phone;
        entry.value = number;
        entry.source = QStringLiteral("manual");
        entry.addedBy = QStringLiteral("tester");
        QVERIFY(m_store->addToDoNotContact({entry}));
    }

    static UnloopaLead lead(const QString &id, const QString &phone, const QString &name)
    {
        UnloopaLead lead;
        lead.id = id;
        lead.phone = phone;
        lead.businessName = name;
        return lead;
    }

    template<typename T>
    std::optional<Result<T>> await(const std::function<void(std::function<void(const Result<T> &)>)> &start)
    {
        return awaitResult<T>(start);
    }

    // Sandbox leads whose phone rings in New York only (or, with `newYork` false, anywhere else).
    QList<UnloopaLead> sandboxLeads(int count, bool newYork)
    {
        return leadsRingingIn(m_rig->service, "America/New_York", count, newYork);
    }

    UnloopaCampaignFields fieldsFor(const QString &number, const QString &agent) const
    {
        UnloopaCampaignFields fields;
        fields.name = QStringLiteral("Miami Plumbers");
        fields.phoneNumberId = number;
        fields.agentId = agent;
        fields.timezone = QStringLiteral("America/New_York");
        fields.windowStart = QTime(10, 0);
        fields.windowEnd = QTime(17, 0);
        fields.callingDays = QStringList{QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"),
                                         QStringLiteral("thu"), QStringLiteral("fri")};
        fields.callsPerHour = 10;
        fields.maxCalls = 50;
        return fields;
    }

    // A number and an agent on the sandbox account, as a campaign needs (bought once: the account
    // holds at most 3 of each).
    std::pair<QString, QString> m_numberAndAgent;
    std::pair<QString, QString> numberAndAgent()
    {
        if (m_numberAndAgent.first.isEmpty())
            m_numberAndAgent = buyNumberAndAgent();
        return m_numberAndAgent;
    }
    std::pair<QString, QString> buyNumberAndAgent()
    {
        const auto found = awaitResult<QList<UnloopaAvailableNumber>>([this](auto done) {
            UnloopaNumberSearch search;
            search.areaCode = QStringLiteral("212");
            m_voice->searchNumbers(search, this, done);
        });
        if (!found || !found->ok() || found->value().isEmpty())
            return {};
        NumberBuyer buyer(m_voice, m_guard.get());
        const auto bought = awaitResult<UnloopaPhoneNumber>(
                [&](auto done) { buyer.buy(found->value().first().phoneNumber, this, done); });
        UnloopaAgentFields fields;
        fields.name = QStringLiteral("Sales Agent");
        fields.voiceId = QStringLiteral("cjVigY5qzO86Huf0OWal");
        fields.script = QStringLiteral("You are a friendly sales rep calling {{business_name}}.");
        const auto agent =
                awaitResult<UnloopaVoiceAgent>([&](auto done) { m_voice->createAgent(fields, this, done); });
        if (!bought || !bought->ok() || !agent || !agent->ok())
            return {};
        return {bought->value().id, agent->value().id};
    }

    VoiceCampaignController controller()
    {
        return VoiceCampaignController(m_rig->service, m_voice, m_guard.get(), m_calls.get());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_rig = std::make_unique<UnloopaRig>(300);
        QVERIFY(m_rig->started);
        m_voice = new UnloopaVoiceService(m_rig->service, this);
    }

    void init()
    {
        m_rig->sandbox->clearRequests();
        m_guard.reset();
        m_store = std::make_unique<SqliteOutboundStore>(
                m_dir.filePath(QStringLiteral("outbound%1.sqlite").arg(++m_databases)));
        m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
        m_now = noonInNewYork();
        m_guard->setClock([this] { return m_now; });
        m_rig->client->setOutboundGate(m_guard.get());
        m_calls.reset();
        m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("voice%1.sqlite").arg(m_databases)));
        m_db->registerMigrations(UnloopaCallStore::component(), UnloopaCallStore::migrations());
        QVERIFY(m_db->open().ok());
        QVERIFY(m_db->migrate().ok());
        m_calls = std::make_unique<UnloopaCallStore>(m_db.get());
    }

    void cleanup()
    {
        m_calls.reset();
        m_db.reset();
    }

    // O2, O3 on the single-call path: listed, or at night in the recipient's time, nothing reaches
    // the sandbox; a number that does not parse is not even an attempt.
    void singleCallIsRefusedWithNothingSent()
    {
        VoiceCallPlacer placer(m_voice, m_guard.get());
        UnloopaCallRequest request;
        request.agentId = QStringLiteral("agent-1");
        request.phoneNumber = QStringLiteral("(212) 555-0147");

        listed(nyNumber());
        auto outcome = std::make_shared<std::optional<VoiceCallPlacer::Outcome>>();
        placer.place(request, {}, this, [outcome](const VoiceCallPlacer::Outcome &o) { *outcome = o; });
        QTRY_VERIFY_WITH_TIMEOUT(outcome->has_value(), 30'000);
        QVERIFY((*outcome)->refusedByGuard());
        QCOMPARE((*outcome)->decision.verdicts.first().reasonCode, QStringLiteral("do_not_contact"));

        request.phoneNumber = laNumber();
        m_now = QDateTime(QDate(2026, 6, 10), QTime(13, 0), Qt::UTC); // 06:00 in Los Angeles
        outcome->reset();
        placer.place(request, {}, this, [outcome](const VoiceCallPlacer::Outcome &o) { *outcome = o; });
        QTRY_VERIFY_WITH_TIMEOUT(outcome->has_value(), 30'000);
        QVERIFY((*outcome)->refusedByGuard());
        QCOMPARE((*outcome)->decision.verdicts.first().reasonCode, QStringLiteral("outside_calling_window"));

        request.phoneNumber = QStringLiteral("12345");
        outcome->reset();
        placer.place(request, {}, this, [outcome](const VoiceCallPlacer::Outcome &o) { *outcome = o; });
        QTRY_VERIFY_WITH_TIMEOUT(outcome->has_value(), 30'000);
        QCOMPARE((*outcome)->result->error().code, QStringLiteral("invalid_number"));

        QCOMPARE(requests("POST", QStringLiteral("/voice/call")), 0);
        QCOMPARE(m_store->attempts().size(), 2); // the invalid form was no attempt
    }

    // A number is bought once; a purchase whose answer was lost is unknown after a restart and the
    // same number is not bought again.
    void numberIsBoughtOnceEvenAfterACrash()
    {
        const auto found = awaitResult<QList<UnloopaAvailableNumber>>([this](auto done) {
            UnloopaNumberSearch search;
            search.areaCode = QStringLiteral("305");
            m_voice->searchNumbers(search, this, done);
        });
        QVERIFY(found && found->ok() && found->value().size() >= 2);
        NumberBuyer buyer(m_voice, m_guard.get());
        const QString first = found->value().at(0).phoneNumber;
        const auto bought = awaitResult<UnloopaPhoneNumber>([&](auto done) { buyer.buy(first, this, done); });
        QVERIFY2(bought && bought->ok(), qPrintable(bought ? bought->error().summary() : QString()));
        QCOMPARE(requests("POST", QStringLiteral("/phone-numbers/buy")), 1);
        const QList<OutboundIntent> intents = m_store->intents(Vendor::Unloopa);
        QCOMPARE(intents.size(), 1);
        QCOMPARE(intents.first().state, OutboundIntent::State::Sent);
        QCOMPARE(intents.first().vendorRef, bought->value().id);

        // The console dies after sending the second purchase and before saving its answer.
        const QString second = found->value().at(1).phoneNumber;
        const OutboundGuard::Clearance clearance = m_guard->clear(NumberBuyer::actionFor(second));
        QVERIFY(clearance && m_guard->redeemSpending(clearance.id));
        m_guard.reset();
        m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
        m_rig->client->setOutboundGate(m_guard.get());
        QCOMPARE(m_guard->reconcileAfterRestart(), 1);
        NumberBuyer after(m_voice, m_guard.get());
        QCOMPARE(after.unsettledPurchases().size(), 1);
        const auto again = awaitResult<UnloopaPhoneNumber>([&](auto done) { after.buy(second, this, done); });
        QVERIFY(again && !again->ok());
        QCOMPARE(again->error().code, QStringLiteral("already_sent"));
        QCOMPARE(requests("POST", QStringLiteral("/phone-numbers/buy")), 1);
    }

    // The dry run: callable leads and what the guard refuses; creation sends only those.
    void campaignIsCreatedForTheClearedLeadsOnly()
    {
        const auto [number, agent] = numberAndAgent();
        QVERIFY(!number.isEmpty() && !agent.isEmpty());
        const QList<UnloopaLead> ny = sandboxLeads(3, true);
        QCOMPARE(ny.size(), 3);
        listed(ny.at(2).phone);
        QList<UnloopaLead> selected = ny;
        selected.append(lead(QStringLiteral("no-phone"), QString(), QStringLiteral("Nobody")));
        VoiceCampaignController campaigns = controller();
        const VoiceCampaignController::Plan plan = campaigns.plan(selected, fieldsFor(number, agent));
        QCOMPARE(plan.callable.size(), 2);
        QCOMPARE(plan.withoutPhone.size(), 1);
        QCOMPARE(plan.refused.size(), 1);
        QCOMPARE(plan.refused.first().reasonCode, QStringLiteral("do_not_contact"));

        const auto created = awaitResult<UnloopaCampaign>(
                [&](auto done) { campaigns.create(fieldsFor(number, agent), selected, this, done); });
        QVERIFY2(created && created->ok(), qPrintable(created ? created->error().summary() : QString()));
        QCOMPARE(created->value().leadsCount, 2);
        const QList<UnloopaCallStore::CampaignLead> kept = m_calls->campaignLeads(created->value().id);
        QCOMPARE(kept.size(), 2);
        QCOMPARE(kept.first().leadId, ny.first().id);
    }

    // Activation: allowed when the campaign's window lies inside every lead's window; refused with
    // nothing sent when a lead would be called outside it (Los Angeles for a New York 10-17 window)
    // or is listed meanwhile.
    void activationChecksEveryLeadsWindow()
    {
        const auto [number, agent] = numberAndAgent();
        QVERIFY(!number.isEmpty() && !agent.isEmpty());
        VoiceCampaignController campaigns = controller();
        const QList<UnloopaLead> ny = sandboxLeads(2, true);
        const QList<UnloopaLead> elsewhere = sandboxLeads(1, false);
        QCOMPARE(ny.size(), 2);
        const auto created = awaitResult<UnloopaCampaign>(
                [&](auto done) { campaigns.create(fieldsFor(number, agent), ny, this, done); });
        QVERIFY(created && created->ok());
        const QString id = created->value().id;

        // A lead put on the list after creation stops the activation.
        listed(ny.at(1).phone);
        m_rig->sandbox->clearRequests();
        const auto refused =
                awaitResult<UnloopaCampaign>([&](auto done) { campaigns.activate(id, {}, this, done); });
        QVERIFY(refused && !refused->ok());
        QCOMPARE(refused->error().code, QStringLiteral("outbound_refused"));
        QCOMPARE(campaigns.lastDecision().refusedByReason().first().first,
                 QStringLiteral("refused_with_request"));
        QCOMPARE(requests("PATCH", QStringLiteral("/voice/campaigns/%1").arg(id)), 0);

        QVERIFY(m_store->removeFromDoNotContact(ny.at(1).phone, QStringLiteral("listed by mistake"),
                                                QStringLiteral("tester")));
        const auto active =
                awaitResult<UnloopaCampaign>([&](auto done) { campaigns.activate(id, {}, this, done); });
        QVERIFY2(active && active->ok(), qPrintable(active ? active->error().summary() : QString()));
        QCOMPARE(active->value().status, QStringLiteral("active"));
        QCOMPARE(requests("PATCH", QStringLiteral("/voice/campaigns/%1").arg(id)), 1);

        // The same window for a lead elsewhere in the US reaches outside their calling window.
        if (!elsewhere.isEmpty()) {
            const VoiceCampaignController::Plan plan = campaigns.plan(elsewhere, fieldsFor(number, agent));
            const QList<QTimeZone> zones = PhoneTimeZones::zonesFor(elsewhere.first().phone);
            const bool west = std::any_of(zones.cbegin(), zones.cend(), [](const QTimeZone &zone) {
                return zone.offsetFromUtc(QDateTime(QDate(2026, 6, 10), QTime(16, 0), Qt::UTC)) <= -7 * 3600;
            });
            if (west)
                QCOMPARE(plan.refused.first().reasonCode, QStringLiteral("outside_calling_window"));
        }
    }

    // Trigger: every pending lead cleared first (all or nothing); a listed one stops it with
    // nothing sent; the figures say what it spends.
    void triggerClearsEveryPendingLeadFirst()
    {
        const auto [number, agent] = numberAndAgent();
        QVERIFY(!number.isEmpty() && !agent.isEmpty());
        VoiceCampaignController campaigns = controller();
        const QList<UnloopaLead> ny = sandboxLeads(3, true);
        const auto created = awaitResult<UnloopaCampaign>(
                [&](auto done) { campaigns.create(fieldsFor(number, agent), ny, this, done); });
        QVERIFY(created && created->ok());
        const QString id = created->value().id;
        const auto active =
                awaitResult<UnloopaCampaign>([&](auto done) { campaigns.activate(id, {}, this, done); });
        QVERIFY2(active && active->ok(), qPrintable(active ? active->error().summary() : QString()));

        const auto planned = awaitResult<VoiceCampaignController::TriggerPlan>(
                [&](auto done) { campaigns.prepareTrigger(id, 2, {}, this, done); });
        QVERIFY2(planned && planned->ok(), qPrintable(planned ? planned->error().summary() : QString()));
        QCOMPARE(planned->value().pending.size(), 3);
        QCOMPARE(planned->value().calls, 2);
        QCOMPARE(planned->value().credits, 2);
        QVERIFY(planned->value().decision.allAllowed());

        listed(ny.at(2).phone);
        m_rig->sandbox->clearRequests();
        const auto refused = awaitResult<UnloopaTriggerResult>(
                [&](auto done) { campaigns.trigger(id, 2, {}, this, done); });
        QVERIFY(refused && !refused->ok());
        QCOMPARE(refused->error().code, QStringLiteral("outbound_refused"));
        QCOMPARE(requests("PATCH", QStringLiteral("/voice/campaigns/%1").arg(id)), 0);

        // The listed rule pauses the active campaign.
        const auto paused =
                awaitResult<QStringList>([&](auto done) { campaigns.pauseWhereListed(this, done); });
        QVERIFY2(paused && paused->ok(), qPrintable(paused ? paused->error().summary() : QString()));
        QCOMPARE(paused->value(), QStringList{id});
        QCOMPARE(m_calls->campaign(id)->status, QStringLiteral("paused"));
    }

    // Every addition to the do-not-contact list, whichever part of the program makes it, pauses
    // the active campaigns that would call it: the store says what it newly listed, the
    // controller follows it.
    void everyListingPausesTheCampaignsThatWouldCallIt()
    {
        const auto [number, agent] = numberAndAgent();
        QVERIFY(!number.isEmpty() && !agent.isEmpty());
        VoiceCampaignController campaigns = controller();
        campaigns.followDoNotContactList();
        QSignalSpy added(m_store.get(), &OutboundStore::doNotContactAdded);
        QSignalSpy paused(&campaigns, &VoiceCampaignController::pausedForListing);
        QSignalSpy failed(&campaigns, &VoiceCampaignController::listingCheckFailed);

        // No campaign of this console can call yet: nothing is asked of Unloopa.
        listed(laNumber());
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().first().value<QList<DncEntry>>().first().value, laNumber());

        const QList<UnloopaLead> ny = sandboxLeads(2, true);
        QCOMPARE(ny.size(), 2);
        const auto created = awaitResult<UnloopaCampaign>(
                [&](auto done) { campaigns.create(fieldsFor(number, agent), ny, this, done); });
        QVERIFY(created && created->ok());
        const QString id = created->value().id;
        const auto active =
                awaitResult<UnloopaCampaign>([&](auto done) { campaigns.activate(id, {}, this, done); });
        QVERIFY2(active && active->ok(), qPrintable(active ? active->error().summary() : QString()));
        // Several round trips later: the listing above asked nothing of Unloopa.
        QCOMPARE(requests("GET", QStringLiteral("/voice/campaigns")), 0);

        // As the Safety page lists a number: straight into the store.
        DncEntry entry;
        entry.kind = DncEntry::Kind::Phone;
        entry.value = ny.at(1).phone;
        entry.source = QStringLiteral("manual");
        QVERIFY(m_store->addToDoNotContact({entry}));
        QCOMPARE(added.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(paused.size(), 1, 30'000);
        QCOMPARE(paused.first().first().toStringList(), QStringList{id});
        QCOMPARE(failed.size(), 0);
        QCOMPARE(m_calls->campaign(id)->status, QStringLiteral("paused"));
        QCOMPARE(m_rig->sandbox->unloopa()->campaigns()->campaign(id)->status, QStringLiteral("paused"));

        // Already listed: nothing newly added, nothing announced.
        QVERIFY(m_store->addToDoNotContact({entry}));
        QCOMPARE(added.size(), 2);
    }

    // Listed while no console followed the list (the command-line companion): the next
    // console to follow it pauses the campaign at once.
    void listingsMadeWhileNotFollowingAreCaughtUp()
    {
        const auto [number, agent] = numberAndAgent();
        QVERIFY(!number.isEmpty() && !agent.isEmpty());
        VoiceCampaignController creator = controller();
        const QList<UnloopaLead> ny = sandboxLeads(2, true);
        QCOMPARE(ny.size(), 2);
        const auto created = awaitResult<UnloopaCampaign>(
                [&](auto done) { creator.create(fieldsFor(number, agent), ny, this, done); });
        QVERIFY(created && created->ok());
        const QString id = created->value().id;
        const auto active =
                awaitResult<UnloopaCampaign>([&](auto done) { creator.activate(id, {}, this, done); });
        QVERIFY2(active && active->ok(), qPrintable(active ? active->error().summary() : QString()));
        listed(ny.at(0).phone);
        QCOMPARE(m_rig->sandbox->unloopa()->campaigns()->campaign(id)->status, QStringLiteral("active"));

        VoiceCampaignController follower = controller();
        QSignalSpy paused(&follower, &VoiceCampaignController::pausedForListing);
        follower.followDoNotContactList();
        QTRY_COMPARE_WITH_TIMEOUT(paused.size(), 1, 30'000);
        QCOMPARE(paused.first().first().toStringList(), QStringList{id});
        QCOMPARE(m_rig->sandbox->unloopa()->campaigns()->campaign(id)->status, QStringLiteral("paused"));
    }

    // The operator's choice: a not_interested outcome puts the number on the list (once).
    void notInterestedGoesOnTheList()
    {
        UnloopaCall said;
        said.id = QStringLiteral("call-1");
        said.phoneNumber = nyNumber();
        said.outcome = QStringLiteral("not_interested");
        UnloopaCall other = said;
        other.id = QStringLiteral("call-2");
        other.phoneNumber = laNumber();
        other.outcome = QStringLiteral("callback");
        VoiceCampaignController campaigns = controller();
        const Result<int> added = campaigns.listNotInterested({said, other, said});
        QVERIFY(added.ok());
        QCOMPARE(added.value(), 1);
        const auto entry = m_store->listedEntry(Recipient::phone(nyNumber()));
        QVERIFY(entry);
        QCOMPARE(entry->source, QStringLiteral("unloopa_not_interested"));
        QVERIFY(!m_store->listedEntry(Recipient::phone(laNumber())));
        QCOMPARE(campaigns.listNotInterested({said}).value(), 0);
    }
};

CC_TEST_GUILESS_MAIN(TestVoiceGuarded)
#include "tst_voiceguarded.moc"
