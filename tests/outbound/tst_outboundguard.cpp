#include "TestMain.h"

#include "accounts/ServiceHub.h"
#include "core/ApiCall.h"
#include "core/VendorClient.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundSafety.h"
#include "outbound/SqliteOutboundStore.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>

// Every rule of the outbound guard through the real SQLite store (README promises O1-O7): the
// do-not-contact list is never overridden, the calling window in the recipient's time needs an
// explicit override with a reason, the daily cap counts across vendors, clearances are single-use
// and for their recipient only, outcomes reach the log and the intents, and what a crash left
// behind is unknown and never resent.
class TestOutboundGuard : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_databases = 0;
    std::unique_ptr<SqliteOutboundStore> m_store;
    std::unique_ptr<OutboundGuard> m_guard;
    QDateTime m_now;

    // New York, 2026-06-10 (EDT, UTC-4).
    static QDateTime newYork(int hour, int minute)
    {
        return QDateTime(QDate(2026, 6, 10), QTime(hour, minute), QTimeZone("America/New_York")).toUTC();
    }
    static QString nyNumber() { return QStringLiteral("+12125550100"); }

    static OutboundAction call(const QString &number, Vendor vendor = Vendor::UnlimCall)
    {
        OutboundAction action;
        action.vendor = vendor;
        action.action = vendor == Vendor::Verloop ? QStringLiteral("schedule_call") : QStringLiteral("call");
        action.recipients = {Recipient::phone(number)};
        action.requestSummary = QJsonDocument(QJsonObject{{QStringLiteral("toNumber"), number}}).toJson();
        return action;
    }

    static OutboundAction email(const QString &address)
    {
        OutboundAction action;
        action.vendor = Vendor::Outreach2day;
        action.action = QStringLiteral("outreach_send");
        action.recipients = {Recipient::email(address)};
        return action;
    }

    // The request a service would send under `clearance` for `number`.
    static ApiCall request(const QString &number, const QString &clearance)
    {
        return ApiCall::post(QStringLiteral("/calls"), QJsonObject{{QStringLiteral("toNumber"), number}})
                .contactingWith(clearance, QStringLiteral("callId"));
    }

    static ApiResponse accepted(const QString &callId)
    {
        ApiResponse response;
        response.httpStatus = 200;
        response.json = QJsonDocument(QJsonObject{{QStringLiteral("callId"), callId}});
        return response;
    }

    static ApiResponse failedWith(int status, ApiError::Kind kind = ApiError::Kind::Vendor)
    {
        ApiResponse response;
        response.httpStatus = status;
        response.error.kind = kind;
        response.error.httpStatus = status;
        response.error.code = QStringLiteral("test_error");
        response.error.explanation = QStringLiteral("The test said no.");
        return response;
    }

    void listed(DncEntry::Kind kind, const QString &value)
    {
        DncEntry entry;
        entry.kind = kind;
        entry.value = value;
        entry.source = QStringLiteral("manual");
        entry.reason = QStringLiteral("asked not to be contacted");
        entry.addedBy = QStringLiteral("tester");
        QVERIFY(m_store->addToDoNotContact({entry}));
    }

    // Cleared, sent and answered: what a service and the HTTP core do for one allowed call.
    QString placeAndAnswer(const OutboundAction &action, const ApiResponse &answer)
    {
        const OutboundGuard::Clearance clearance = m_guard->clear(action);
        if (!clearance)
            return {};
        const ApiCall sent = request(action.recipients.first().address, clearance.id);
        if (!m_guard->redeem(sent, nullptr))
            return {};
        m_guard->recordOutcome(sent, answer);
        return clearance.id;
    }

    QString reasonOf(const OutboundAction &action)
    {
        return m_guard->dryRun(action).verdicts.value(0).reasonCode;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_guard.reset();
        m_store = std::make_unique<SqliteOutboundStore>(
                m_dir.filePath(QStringLiteral("outbound%1.sqlite").arg(++m_databases)));
        m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
        m_now = newYork(12, 0);
        m_guard->setClock([this] { return m_now; });
    }

    // O2: a listed number is refused, with or without an override, and the refusal is logged.
    void listedNumberIsNeverCalled()
    {
        listed(DncEntry::Kind::Phone, nyNumber());
        OutboundAction action = call(nyNumber());
        action.overrides.callingWindow = true;
        action.overrides.reason = QStringLiteral("the operator insists");
        const OutboundGuard::Clearance clearance = m_guard->clear(action);
        QVERIFY(!clearance);
        QCOMPARE(clearance.decision.verdicts.first().reasonCode, QStringLiteral("do_not_contact"));
        QVERIFY(clearance.decision.verdicts.first().reason.contains(
                QLatin1String("asked not to be contacted")));
        const QList<AuditAttempt> attempts = m_store->attempts();
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(attempts.first().verdict, QStringLiteral("refused"));
        QCOMPARE(attempts.first().reasonCode, QStringLiteral("do_not_contact"));
        QVERIFY(attempts.first().intentId.isEmpty());
        QVERIFY(m_store->intents().isEmpty());
    }

    // Emails: only the list applies (address or domain); no calling window at 3 am.
    void emailsAreJudgedByTheListOnly()
    {
        listed(DncEntry::Kind::Domain, QStringLiteral("example.com"));
        m_now = newYork(3, 0);
        QCOMPARE(reasonOf(email(QStringLiteral("Jane@Example.com"))), QStringLiteral("do_not_contact"));
        QCOMPARE(reasonOf(email(QStringLiteral("jane@example.org"))), QStringLiteral("allowed"));
        QCOMPARE(reasonOf(email(QStringLiteral("not-an-address"))), QStringLiteral("invalid_address"));
    }

    void invalidNumberIsRefused()
    {
        QCOMPARE(reasonOf(call(QStringLiteral("+1212555"))), QStringLiteral("invalid_number"));
        QCOMPARE(reasonOf(call(QStringLiteral("2125550100"))), QStringLiteral("invalid_number"));
    }

    // O3 through the guard: 20:59 in New York is allowed, 21:00 needs the override.
    void callingWindowInTheRecipientsTime()
    {
        m_now = newYork(20, 59);
        QCOMPARE(reasonOf(call(nyNumber())), QStringLiteral("allowed"));
        m_now = newYork(21, 0);
        const GuardDecision late = m_guard->dryRun(call(nyNumber()));
        QCOMPARE(late.verdicts.first().verdict, RecipientVerdict::Verdict::NeedsOverride);
        QCOMPARE(late.verdicts.first().reasonCode, QStringLiteral("outside_calling_window"));
        QVERIFY(!m_guard->clear(call(nyNumber())));
        QCOMPARE(m_store->attempts().last().verdict, QStringLiteral("needs_override"));

        // A scheduled call is judged when it rings, not when it is scheduled.
        m_now = newYork(12, 0);
        OutboundAction scheduled = call(nyNumber(), Vendor::Verloop);
        scheduled.ringsAt = newYork(21, 30);
        QCOMPARE(reasonOf(scheduled), QStringLiteral("outside_calling_window"));
        scheduled.ringsAt = newYork(20, 30);
        QCOMPARE(reasonOf(scheduled), QStringLiteral("allowed"));
    }

    // O5: an override needs a typed reason; with one the call is allowed and the log says why.
    void overrideNeedsATypedReason()
    {
        m_now = newYork(22, 15);
        OutboundAction action = call(nyNumber());
        action.overrides.callingWindow = true;
        action.overrides.reason = QStringLiteral("  \t ");
        QCOMPARE(reasonOf(action), QStringLiteral("override_without_reason"));

        OutboundAction vendorBypass = call(nyNumber(), Vendor::Verloop);
        vendorBypass.ringsAt = newYork(12, 0);
        vendorBypass.overrides.vendorCallingWindow = true;
        QCOMPARE(reasonOf(vendorBypass), QStringLiteral("override_without_reason"));

        action.overrides.reason = QStringLiteral("called back at their request");
        const OutboundGuard::Clearance clearance = m_guard->clear(action);
        QVERIFY(clearance);
        QVERIFY(clearance.decision.verdicts.first().overridden);
        const AuditAttempt attempt = m_store->attempts().last();
        QCOMPARE(attempt.verdict, QStringLiteral("allowed"));
        QCOMPARE(attempt.overrideReason, QStringLiteral("called back at their request"));
        QCOMPARE(attempt.intentId, clearance.id);
    }

    // O4: at most three attempts a day per number, across vendors; a Verloop call counts with
    // the retries its campaign has on Verloop's dashboard.
    void attemptCapCountsAcrossVendors()
    {
        QVERIFY(!placeAndAnswer(call(nyNumber()), accepted(QStringLiteral("c1"))).isEmpty());
        m_now = newYork(13, 0);
        QVERIFY(!placeAndAnswer(call(nyNumber()), failedWith(409)).isEmpty()); // an attempt all the same

        OutboundAction verloop = call(nyNumber(), Vendor::Verloop);
        verloop.ringsAt = newYork(15, 0);
        verloop.attemptWeight = 2; // 1 + one retry on Verloop's side
        QCOMPARE(reasonOf(verloop), QStringLiteral("attempt_cap"));
        verloop.attemptWeight = 1;
        QCOMPARE(reasonOf(verloop), QStringLiteral("allowed"));
        QVERIFY(m_guard->clear(verloop));
        QCOMPARE(reasonOf(call(nyNumber())), QStringLiteral("attempt_cap"));
        // The next day in New York starts afresh; other numbers are not affected.
        m_now = newYork(12, 0).addDays(1);
        QCOMPARE(reasonOf(call(nyNumber())), QStringLiteral("allowed"));
        m_now = newYork(14, 0);
        QCOMPARE(reasonOf(call(QStringLiteral("+12125550101"))), QStringLiteral("allowed"));
    }

    // A bulk dry run counts a number listed twice against the cap twice.
    void dryRunCountsRepeatsWithinTheRun()
    {
        OutboundAction action = call(nyNumber());
        action.recipients = {Recipient::phone(nyNumber()), Recipient::phone(nyNumber()),
                             Recipient::phone(nyNumber()), Recipient::phone(nyNumber())};
        const GuardDecision decision = m_guard->dryRun(action);
        QCOMPARE(decision.allowedCount(), 3);
        QCOMPARE(decision.verdicts.last().reasonCode, QStringLiteral("attempt_cap"));
        QVERIFY2(m_store->attempts().isEmpty(), "a dry run writes nothing");
    }

    // O1: a clearance is redeemed once, for its recipient only.
    void clearanceIsSingleUseAndForItsRecipient()
    {
        const OutboundGuard::Clearance clearance = m_guard->clear(call(nyNumber()));
        QVERIFY(clearance);
        QString why;
        QVERIFY(!m_guard->redeem(request(nyNumber(), QStringLiteral("never-issued")), &why));
        QVERIFY(!why.isEmpty());
        QVERIFY(m_guard->redeem(request(nyNumber(), clearance.id), &why));
        QVERIFY(!m_guard->redeem(request(nyNumber(), clearance.id), &why));
        QVERIFY(why.contains(QLatin1String("already used")));

        const OutboundGuard::Clearance other = m_guard->clear(call(QStringLiteral("+12125550102")));
        QVERIFY(other);
        QVERIFY(!m_guard->redeem(request(QStringLiteral("+12125550199"), other.id), &why));
        QVERIFY(why.contains(QLatin1String("+12125550102")));
        QCOMPARE(m_store->intent(other.id)->state, OutboundIntent::State::Failed);
    }

    // One request that reaches several people at once (an Outreach2day campaign launch names the
    // campaign, not the people): every recipient is judged and logged with an intent of its own,
    // the one clearance is redeemed only by a request naming the target, once, and the answer
    // settles every intent. One refused recipient refuses the whole request.
    void oneRequestToManyIsClearedWhole()
    {
        OutboundAction launch;
        launch.vendor = Vendor::Outreach2day;
        launch.action = QStringLiteral("campaign_launch");
        launch.target = QStringLiteral("cmp_1");
        launch.recipients = {Recipient::email(QStringLiteral("a@one.example")),
                             Recipient::email(QStringLiteral("b@two.example"))};
        launch.requestSummary = "cmp_1 tranche 1";
        const OutboundGuard::Clearance clearance = m_guard->clear(launch);
        QVERIFY(clearance);
        QCOMPARE(clearance.decision.allowedCount(), 2);
        const QList<OutboundIntent> intents = m_store->intents(Vendor::Outreach2day);
        QCOMPARE(intents.size(), 2);
        QCOMPARE(m_store->attempts().size(), 2);

        QString why;
        const ApiCall other = ApiCall::post(QStringLiteral("/campaigns/cmp_2/launch"), QJsonObject())
                                      .contactingWith(clearance.id, QStringLiteral("jobId"));
        QVERIFY(!m_guard->redeem(other, &why));
        QVERIFY(why.contains(QLatin1String("cmp_1")));
        for (const OutboundIntent &intent : m_store->intents(Vendor::Outreach2day))
            QCOMPARE(intent.state, OutboundIntent::State::Failed);

        const OutboundGuard::Clearance again = m_guard->clear(launch);
        QVERIFY(again);
        const ApiCall sent = ApiCall::post(QStringLiteral("/campaigns/cmp_1/launch"), QJsonObject())
                                     .contactingWith(again.id, QStringLiteral("jobId"));
        QVERIFY(m_guard->redeem(sent, &why));
        QVERIFY(!m_guard->redeem(sent, &why));
        QCOMPARE(reasonOf(launch), QStringLiteral("already_sent")); // in flight: never twice
        ApiResponse answer;
        answer.httpStatus = 200;
        answer.json = QJsonDocument(QJsonObject{{QStringLiteral("jobId"), QStringLiteral("job_1")}});
        m_guard->recordOutcome(sent, answer);
        int sentIntents = 0;
        for (const OutboundIntent &intent : m_store->intents(Vendor::Outreach2day)) {
            if (intent.state == OutboundIntent::State::Sent) {
                QCOMPARE(intent.vendorRef, QStringLiteral("job_1"));
                ++sentIntents;
            }
        }
        QCOMPARE(sentIntents, 2);

        launch.requestSummary = "cmp_1 tranche 2";
        launch.recipients.append(Recipient::email(QStringLiteral("c@listed.example")));
        listed(DncEntry::Kind::Domain, QStringLiteral("listed.example"));
        const int attemptsBefore = m_store->attempts().size();
        const OutboundGuard::Clearance refusedWhole = m_guard->clear(launch);
        QVERIFY(!refusedWhole);
        QCOMPARE(refusedWhole.decision.verdicts.at(0).reasonCode, QStringLiteral("refused_with_request"));
        QCOMPARE(refusedWhole.decision.verdicts.at(2).reasonCode, QStringLiteral("do_not_contact"));
        QCOMPARE(m_store->attempts().size(), attemptsBefore + 3);
        QCOMPARE(m_store->intents(Vendor::Outreach2day).size(), 4);
    }

    // The vendor's answer is an outcome row linked to its attempt, and the intent follows it:
    // accepted (with the vendor's id), failed (the vendor refused: nothing placed) or unknown.
    void outcomesReachTheLogAndTheIntent()
    {
        const QString sent = placeAndAnswer(call(nyNumber()), accepted(QStringLiteral("call-42")));
        QCOMPARE(m_store->intent(sent)->state, OutboundIntent::State::Sent);
        QCOMPARE(m_store->intent(sent)->vendorRef, QStringLiteral("call-42"));
        const QString refused = placeAndAnswer(call(QStringLiteral("+12125550103")), failedWith(404));
        QCOMPARE(m_store->intent(refused)->state, OutboundIntent::State::Failed);
        const QString timedOut =
                placeAndAnswer(call(QStringLiteral("+12125550104")), failedWith(0, ApiError::Kind::Timeout));
        QCOMPARE(m_store->intent(timedOut)->state, OutboundIntent::State::Unknown);
        const QString serverError = placeAndAnswer(call(QStringLiteral("+12125550105")), failedWith(503));
        QCOMPARE(m_store->intent(serverError)->state, OutboundIntent::State::Unknown);

        const QList<AuditAttempt> attempts = m_store->attempts();
        const QList<AuditOutcome> outcomes = m_store->outcomes();
        QCOMPARE(attempts.size(), 4);
        QCOMPARE(outcomes.size(), 4);
        const QStringList expected{QStringLiteral("accepted"), QStringLiteral("failed"),
                                   QStringLiteral("unknown"), QStringLiteral("unknown")};
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(outcomes.at(i).attemptId, attempts.at(i).id);
            QCOMPARE(outcomes.at(i).outcome, expected.at(i));
        }
        QCOMPARE(outcomes.first().vendorRef, QStringLiteral("call-42"));
        QVERIFY(outcomes.at(1).error.contains(QLatin1String("The test said no.")));
    }

    // O7: the same scheduled request is never sent twice; a call placed now may be placed again
    // once the first was accepted, but not while the first one's fate is unknown.
    void sameRequestIsNotSentTwice()
    {
        OutboundAction scheduled = call(nyNumber(), Vendor::Verloop);
        scheduled.ringsAt = newYork(15, 0);
        QVERIFY(!placeAndAnswer(scheduled, accepted(QStringLiteral("m1"))).isEmpty());
        QCOMPARE(reasonOf(scheduled), QStringLiteral("already_sent"));
        scheduled.ringsAt = newYork(16, 0);
        QCOMPARE(reasonOf(scheduled), QStringLiteral("allowed"));

        const OutboundAction now = call(QStringLiteral("+12125550106"));
        QVERIFY(!placeAndAnswer(now, accepted(QStringLiteral("c1"))).isEmpty());
        QCOMPARE(reasonOf(now), QStringLiteral("allowed"));
        QVERIFY(!placeAndAnswer(now, failedWith(0, ApiError::Kind::Timeout)).isEmpty());
        QCOMPARE(reasonOf(now), QStringLiteral("already_sent"));
        // Cleared but not answered yet: in flight.
        const OutboundAction other = call(QStringLiteral("+12125550107"));
        QVERIFY(m_guard->clear(other));
        QCOMPARE(reasonOf(other), QStringLiteral("already_sent"));
    }

    // O7: a process that died between saving the intent and hearing the answer leaves it Pending;
    // the next start marks it unknown (an outcome row says so) and it is never resent.
    void crashLeavesAnUnknownIntentThatIsNotResent()
    {
        const QString path = m_dir.filePath(QStringLiteral("crashed.sqlite"));
        OutboundAction scheduled = call(nyNumber(), Vendor::Verloop);
        scheduled.ringsAt = newYork(15, 0);
        QString intentId;
        {
            SqliteOutboundStore store(path);
            OutboundGuard guard(&store, CallingRules());
            guard.setClock([this] { return m_now; });
            const OutboundGuard::Clearance clearance = guard.clear(scheduled);
            QVERIFY(clearance);
            QVERIFY(guard.redeem(request(nyNumber(), clearance.id), nullptr));
            intentId = clearance.id;
            // ...and the process dies here, before the answer is recorded.
        }
        OutboundSafety restarted(path);
        QCOMPARE(restarted.store()->intent(intentId)->state, OutboundIntent::State::Unknown);
        const QList<AuditOutcome> outcomes = restarted.store()->outcomes();
        QCOMPARE(outcomes.size(), 1);
        QCOMPARE(outcomes.first().outcome, QStringLiteral("unknown"));
        QCOMPARE(outcomes.first().attemptId, restarted.store()->attempts().first().id);
        restarted.guard()->setClock([this] { return m_now; });
        QCOMPARE(restarted.guard()->dryRun(scheduled).verdicts.first().reasonCode,
                 QStringLiteral("already_sent"));
        QCOMPARE(restarted.guard()->reconcileAfterRestart(), 0);
    }

    // Views re-read the log when the guard says it changed: once for a burst of calls, however
    // many attempts and answers it appended, so a bulk send does not re-read it per row.
    void changesAreAnnouncedOncePerPass()
    {
        QSignalSpy changed(m_guard.get(), &OutboundGuard::recordsChanged);
        QVERIFY(!placeAndAnswer(call(nyNumber()), accepted(QStringLiteral("c1"))).isEmpty());
        QVERIFY(!placeAndAnswer(call(QStringLiteral("+12125550101")), accepted(QStringLiteral("c2")))
                         .isEmpty());
        QVERIFY(!m_guard->clear(call(QStringLiteral("+12125550102"))).decision.verdicts.isEmpty());
        QCOMPARE(changed.size(), 0); // not while the burst runs
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(m_store->attempts().size(), 3);
        QCOMPARE(m_store->outcomes().size(), 2);
    }

    // The GUI and the CLI share the file: a console opened while another waits for a vendor's
    // answer leaves that call alone (it is not a crash), and the answer lands as the only outcome.
    void aSecondConsoleDoesNotMarkAnotherConsolesCallUnknown()
    {
        const QString path = m_dir.filePath(QStringLiteral("shared.sqlite"));
        SqliteOutboundStore store(path);
        OutboundGuard sender(&store, CallingRules()); // the real clock: the intent is minutes old at most
        OutboundAction scheduled = call(nyNumber(), Vendor::Verloop);
        const QDateTime tomorrow = QDateTime::currentDateTimeUtc().addDays(1);
        scheduled.ringsAt = QDateTime(tomorrow.toTimeZone(QTimeZone("America/New_York")).date(), QTime(15, 0),
                                      QTimeZone("America/New_York"))
                                    .toUTC();
        const OutboundGuard::Clearance clearance = sender.clear(scheduled);
        QVERIFY(clearance);
        const ApiCall sent = request(nyNumber(), clearance.id);
        QVERIFY(sender.redeem(sent, nullptr));

        OutboundSafety other(path); // opens while the request is in flight
        QCOMPARE(other.store()->intent(clearance.id)->state, OutboundIntent::State::Pending);
        QCOMPARE(other.store()->outcomes().size(), 0);

        sender.recordOutcome(sent, accepted(QStringLiteral("msg-1")));
        QCOMPARE(other.store()->intent(clearance.id)->state, OutboundIntent::State::Sent);
        const QList<AuditOutcome> outcomes = other.store()->outcomes();
        QCOMPARE(outcomes.size(), 1);
        QCOMPARE(outcomes.first().outcome, QStringLiteral("accepted"));
    }

    // A list that cannot be read is not an empty list: nothing is allowed.
    void unreadableStoreRefusesEverything()
    {
        SqliteOutboundStore broken(QStringLiteral("/proc/campaign-console-no-such-dir/outbound.sqlite"));
        OutboundGuard guard(&broken, CallingRules());
        guard.setClock([this] { return m_now; });
        const OutboundGuard::Clearance clearance = guard.clear(call(nyNumber()));
        QVERIFY(!clearance);
        QCOMPARE(clearance.decision.verdicts.first().reasonCode, QStringLiteral("store_unavailable"));
        QCOMPARE(guard.dryRun(email(QStringLiteral("jane@example.org"))).verdicts.first().reasonCode,
                 QStringLiteral("store_unavailable"));
    }

    // The guard is the HTTP core's gate: installed on a client it is asked before a contacting
    // call, and told the answer.
    void safetyInstallsTheGuardOnEveryClient()
    {
        ServiceHub::Options options;
        options.credentialSource = ServiceHub::CredentialSource::Memory;
        ServiceHub hub(options);
        {
            OutboundSafety safety(m_dir.filePath(QStringLiteral("installed.sqlite")));
            safety.install(hub);
            for (Vendor vendor : Vendors::all())
                QCOMPARE(hub.client(vendor)->outboundGate(), static_cast<OutboundGate *>(safety.guard()));
        }
        for (Vendor vendor : Vendors::all())
            QCOMPARE(hub.client(vendor)->outboundGate(), nullptr);
    }
};

CC_TEST_GUILESS_MAIN(TestOutboundGuard)
#include "tst_outboundguard.moc"
