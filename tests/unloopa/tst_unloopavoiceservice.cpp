#include "TestMain.h"

#include "UnloopaTestSupport.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "phone/PhoneNumbers.h"
#include "sandbox/UnloopaCallsSandbox.h"
#include "sandbox/UnloopaCampaign.h"
#include "sandbox/UnloopaCampaignsSandbox.h"
#include "sandbox/UnloopaSandbox.h"
#include "unloopa/UnloopaVoiceService.h"

#include <QSignalSpy>
#include <QTemporaryDir>

#define AWAIT(T, call) awaitResult<T>([&](auto done) { call; })

// Unloopa's voice operations through the real UnloopaVoiceService over loopback HTTP against the
// sandbox: phone numbers, voice agents, single calls progressing to their outcome with transcript
// and analysis, the calls list (filters and the one pager) and campaigns through their lifecycle,
// with every documented error these operations answer. Contacting requests go out under
// clearances of the real outbound guard; spending ones are sent once, never retried.
class TestUnloopaVoiceService : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;
    UnloopaVoiceService *m_voice = nullptr;
    QTemporaryDir m_dir;
    int m_databases = 0;
    std::unique_ptr<SqliteOutboundStore> m_store;
    std::unique_ptr<OutboundGuard> m_guard;

    UnloopaSandbox *module() const { return m_rig->sandbox->unloopa(); }
    UnloopaVoiceService *voice() const { return m_voice; }

    int requests(UnloopaRoutes::Op op, const QString &id = {}) const
    {
        return m_rig->sandbox->requestCount(Vendor::Unloopa, UnloopaRoutes::route(op).method,
                                            UnloopaRoutes::path(op, id));
    }

    void addFault(SandboxFault::Kind kind, const QString &pathPrefix, const QByteArray &method,
                  int status = 503)
    {
        SandboxFault fault;
        fault.kind = kind;
        fault.pathPrefix = pathPrefix;
        fault.method = method;
        fault.status = status;
        fault.retryAfter = "1";
        fault.count = 1;
        m_rig->sandbox->addFault(fault);
    }

    static bool hasLink(const ApiError &error, const QString &labelPrefix)
    {
        for (const ApiError::Link &link : error.links) {
            if (link.label.startsWith(labelPrefix) && link.url.isValid())
                return true;
        }
        return false;
    }

    // ---- set-up through the service itself ----
    UnloopaPhoneNumber buyOne(const QString &areaCode = QStringLiteral("305"))
    {
        UnloopaNumberSearch search;
        search.areaCode = areaCode;
        const auto found = AWAIT(QList<UnloopaAvailableNumber>, voice()->searchNumbers(search, this, done));
        if (!found || !found->ok() || found->value().isEmpty())
            return {};
        const auto bought =
                AWAIT(UnloopaPhoneNumber, voice()->buyNumber(found->value().first().phoneNumber, this, done));
        return bought && bought->ok() ? bought->value() : UnloopaPhoneNumber();
    }

    UnloopaVoiceAgent createAgent(const QString &name = QStringLiteral("Sales Agent"))
    {
        UnloopaAgentFields fields;
        fields.name = name;
        fields.voiceId = QStringLiteral("cjVigY5qzO86Huf0OWal");
        fields.voiceName = QStringLiteral("Eric");
        fields.script = QStringLiteral("You are a friendly sales rep calling {{business_name}} in {{city}}.");
        fields.firstMessage = QStringLiteral("Hi there, do you have just a moment?");
        fields.stability = 0.3;
        fields.similarityBoost = 0.85;
        const auto r = AWAIT(UnloopaVoiceAgent, voice()->createAgent(fields, this, done));
        return r && r->ok() ? r->value() : UnloopaVoiceAgent();
    }

    void releaseEverything()
    {
        const auto numbers = AWAIT(UnloopaPhoneNumbers, voice()->fetchNumbers(this, done));
        if (numbers && numbers->ok()) {
            for (const UnloopaPhoneNumber &n : numbers->value().numbers)
                (void)AWAIT(Done, voice()->releaseNumber(n.id, this, done));
        }
        const auto agents = AWAIT(UnloopaVoiceAgents, voice()->fetchAgents(this, done));
        if (agents && agents->ok()) {
            for (const UnloopaVoiceAgent &a : agents->value().agents)
                (void)AWAIT(Done, voice()->deleteAgent(a.id, this, done));
        }
    }

    // Leads with a valid US number outside the toll-free range: inside the legal window at the
    // guard's clock.
    QList<UnloopaSandbox::Lead> callableLeads(int count, int skip = 0)
    {
        QList<UnloopaSandbox::Lead> found;
        for (const UnloopaSandbox::Lead &lead : module()->leads()) {
            if (found.size() == count)
                break;
            if (module()->leadJson(lead.id).isEmpty() || PhoneNumbers::toE164(lead.phone) != lead.phone ||
                !lead.phone.startsWith(QStringLiteral("+1")) || lead.phone.startsWith(QStringLiteral("+18")))
                continue;
            if (skip-- > 0)
                continue;
            found.append(lead);
        }
        return found;
    }

    QString clearCall(const UnloopaCallRequest &request)
    {
        OutboundAction action;
        action.vendor = Vendor::Unloopa;
        action.action = QStringLiteral("voice_call");
        action.recipients = {Recipient::phone(request.phoneNumber)};
        action.requestSummary = QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact);
        const OutboundGuard::Clearance clearance = m_guard->clear(action);
        return clearance.id;
    }

    // A campaign's clearance: one request (naming the campaign) that lets Unloopa call every lead.
    QString clearCampaign(const QString &action, const QString &campaignId,
                          const QList<UnloopaSandbox::Lead> &leads)
    {
        OutboundAction a;
        a.vendor = Vendor::Unloopa;
        a.action = action;
        a.target = campaignId;
        for (const UnloopaSandbox::Lead &lead : leads)
            a.recipients.append(Recipient::phone(lead.phone, lead.businessName));
        const OutboundGuard::Clearance clearance = m_guard->clear(a);
        for (const RecipientVerdict &verdict : clearance.decision.verdicts) {
            if (verdict.verdict != RecipientVerdict::Verdict::Allowed)
                qWarning("%s refused: %s", qPrintable(verdict.recipient.address), qPrintable(verdict.reason));
        }
        return clearance.id;
    }

    std::optional<Result<UnloopaCallStarted>> call(const QString &agentId, const QString &number)
    {
        UnloopaCallRequest request;
        request.agentId = agentId;
        request.phoneNumber = number;
        request.dynamicVariables.insert(QStringLiteral("business_name"), QStringLiteral("Acme Plumbing"));
        request.dynamicVariables.insert(QStringLiteral("city"), QStringLiteral("Miami"));
        return AWAIT(UnloopaCallStarted, voice()->placeCall(request, clearCall(request), this, done));
    }

    // The call once the sandbox clock has moved past its end.
    UnloopaCall finished(const QString &callId)
    {
        UnloopaCall last;
        for (int step = 0; step < 200; ++step) {
            const auto r = AWAIT(UnloopaCall, voice()->fetchCall(callId, this, done));
            if (!r || !r->ok())
                return {};
            last = r->value();
            if (last.isFinished())
                return last;
            module()->advanceClock(30'000);
        }
        return last;
    }

    UnloopaCampaignFields campaignFields(const QString &numberId, const QString &agentId,
                                         const QList<UnloopaSandbox::Lead> &leads)
    {
        UnloopaCampaignFields f;
        f.name = QStringLiteral("Miami Plumbers Campaign");
        f.phoneNumberId = numberId;
        f.agentId = agentId;
        f.timezone = QStringLiteral("America/New_York");
        f.windowStart = QTime(9, 0);
        f.windowEnd = QTime(17, 0);
        f.callingDays = QStringList{QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"),
                                    QStringLiteral("thu"), QStringLiteral("fri")};
        f.callsPerHour = 10;
        f.maxCalls = 50;
        for (const UnloopaSandbox::Lead &lead : leads)
            f.leadIds.append(lead.id);
        return f;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiResponse>();
        qRegisterMetaType<ApiError>();
        QVERIFY(m_dir.isValid());
        m_rig = std::make_unique<UnloopaRig>(300, this);
        QVERIFY(m_rig->started);
        m_voice = new UnloopaVoiceService(m_rig->service, this);
        module()->setClockSpeed(0); // the clock moves only when a test moves it
    }

    void init()
    {
        module()->setPlan(UnloopaSandbox::Plan::Pro);
        module()->setVoiceCredits(45);
        m_rig->sandbox->clearFaults();
        m_rig->setToken(SandboxServer::demoToken(Vendor::Unloopa));
        m_rig->client->setOutboundGate(nullptr);
        releaseEverything();
        m_rig->sandbox->clearRequests();
        m_guard.reset();
        m_store = std::make_unique<SqliteOutboundStore>(
                m_dir.filePath(QStringLiteral("outbound%1.sqlite").arg(++m_databases)));
        m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
        // Midday in every US zone: inside every lead's legal calling window.
        m_guard->setClock([] { return QDateTime(QDate(2026, 6, 10), QTime(18, 0), Qt::UTC); });
        m_rig->client->setOutboundGate(m_guard.get());
    }

    // ---- Phone numbers -------------------------------------------------------------------------
    void numbersSearchBuyListRelease()
    {
        UnloopaNumberSearch search;
        search.areaCode = QStringLiteral("305");
        const auto found = AWAIT(QList<UnloopaAvailableNumber>, voice()->searchNumbers(search, this, done));
        QVERIFY(found && found->ok());
        QVERIFY(!found->value().isEmpty());
        for (const UnloopaAvailableNumber &n : found->value()) {
            QVERIFY(n.phoneNumber.startsWith(QStringLiteral("+1305")));
            QCOMPARE(PhoneNumbers::toE164(n.phoneNumber), std::optional<QString>(n.phoneNumber));
        }
        const QString e164 = found->value().first().phoneNumber;
        const auto bought = AWAIT(UnloopaPhoneNumber, voice()->buyNumber(e164, this, done));
        QVERIFY(bought && bought->ok());
        QCOMPARE(bought->value().phoneNumber, e164);
        QCOMPARE(bought->value().monthlyCostCents, 100); // $1/month
        QVERIFY(!bought->value().id.isEmpty());

        auto list = AWAIT(UnloopaPhoneNumbers, voice()->fetchNumbers(this, done));
        QVERIFY(list && list->ok());
        QCOMPARE(list->value().count, 1);
        QCOMPARE(list->value().limit, 3);
        QCOMPARE(list->value().numbers.first().id, bought->value().id);
        QCOMPARE(list->value().numbers.first().areaCode, QStringLiteral("305"));

        const auto released = AWAIT(Done, voice()->releaseNumber(bought->value().id, this, done));
        QVERIFY(released && released->ok());
        list = AWAIT(UnloopaPhoneNumbers, voice()->fetchNumbers(this, done));
        QVERIFY(list && list->ok());
        QCOMPARE(list->value().count, 0);
        QCOMPARE(requests(UnloopaRoutes::Op::NumberRelease, bought->value().id), 1);
    }

    void numbersLimitReachedAtThree()
    {
        for (int i = 0; i < 3; ++i)
            QVERIFY(!buyOne().id.isEmpty());
        UnloopaNumberSearch search;
        search.areaCode = QStringLiteral("305");
        const auto found = AWAIT(QList<UnloopaAvailableNumber>, voice()->searchNumbers(search, this, done));
        QVERIFY(found && found->ok() && !found->value().isEmpty());
        const auto fourth =
                AWAIT(UnloopaPhoneNumber, voice()->buyNumber(found->value().first().phoneNumber, this, done));
        QVERIFY(fourth && !fourth->ok());
        QCOMPARE(fourth->error().code, QStringLiteral("limit_reached"));
        QCOMPARE(fourth->error().httpStatus, 400);
        QVERIFY(fourth->error().explanation.contains(QStringLiteral("Release a number")));
        const auto list = AWAIT(UnloopaPhoneNumbers, voice()->fetchNumbers(this, done));
        QVERIFY(list && list->ok());
        QVERIFY(list->value().isFull());
    }

    void numberSearchAndBuyRefusals()
    {
        UnloopaNumberSearch search;
        search.areaCode = QStringLiteral("30");
        const auto local = AWAIT(QList<UnloopaAvailableNumber>, voice()->searchNumbers(search, this, done));
        QVERIFY(local && !local->ok());
        QCOMPARE(local->error().kind, ApiError::Kind::Local);
        QCOMPARE(requests(UnloopaRoutes::Op::NumberSearch), 0);
        // Not E.164: refused before sending; a number never offered: the vendor's invalid_input.
        const auto notE164 =
                AWAIT(UnloopaPhoneNumber, voice()->buyNumber(QStringLiteral("3055551234"), this, done));
        QVERIFY(notE164 && !notE164->ok());
        QCOMPARE(notE164->error().kind, ApiError::Kind::Local);
        QCOMPARE(requests(UnloopaRoutes::Op::NumberBuy), 0);
        const auto unoffered =
                AWAIT(UnloopaPhoneNumber, voice()->buyNumber(QStringLiteral("+12125550123"), this, done));
        QVERIFY(unoffered && !unoffered->ok());
        QCOMPARE(unoffered->error().code, QStringLiteral("invalid_input"));
        QCOMPARE(unoffered->error().details.value(QStringLiteral("field")).toString(),
                 QStringLiteral("phone_number"));
        const auto unknown =
                AWAIT(Done, voice()->releaseNumber(QStringLiteral("no-such-number"), this, done));
        QVERIFY(unknown && !unknown->ok());
        QCOMPARE(unknown->error().code, QStringLiteral("not_found"));
        QCOMPARE(unknown->error().httpStatus, 404);
    }

    // Buying spends money: after a server error it is not sent again.
    void numberBuyIsNeverRetried()
    {
        UnloopaNumberSearch search;
        search.areaCode = QStringLiteral("305");
        const auto found = AWAIT(QList<UnloopaAvailableNumber>, voice()->searchNumbers(search, this, done));
        QVERIFY(found && found->ok() && !found->value().isEmpty());
        addFault(SandboxFault::Kind::ServerError, QStringLiteral("/phone-numbers/buy"), "POST", 500);
        const auto bought =
                AWAIT(UnloopaPhoneNumber, voice()->buyNumber(found->value().first().phoneNumber, this, done));
        QVERIFY(bought && !bought->ok());
        QCOMPARE(bought->error().code, QStringLiteral("internal_error"));
        QCOMPARE(requests(UnloopaRoutes::Op::NumberBuy), 1);
        // A read is retried after the same fault.
        addFault(SandboxFault::Kind::ServerError, QStringLiteral("/phone-numbers"), "GET", 500);
        const auto list = AWAIT(UnloopaPhoneNumbers, voice()->fetchNumbers(this, done));
        QVERIFY(list && list->ok());
        QCOMPARE(requests(UnloopaRoutes::Op::Numbers), 2);
    }

    void voiceNeedsPro()
    {
        module()->setPlan(UnloopaSandbox::Plan::Free);
        const auto numbers = AWAIT(UnloopaPhoneNumbers, voice()->fetchNumbers(this, done));
        QVERIFY(numbers && !numbers->ok());
        QCOMPARE(numbers->error().code, QStringLiteral("plan_required"));
        QCOMPARE(numbers->error().httpStatus, 403);
        QVERIFY(hasLink(numbers->error(), QStringLiteral("upgrade")));
        const auto agents = AWAIT(UnloopaVoiceAgents, voice()->fetchAgents(this, done));
        QVERIFY(agents && !agents->ok());
        QCOMPARE(agents->error().code, QStringLiteral("plan_required"));
        const auto calls = AWAIT(UnloopaCallPage, voice()->fetchCalls({}, 50, 0, this, done));
        QVERIFY(calls && !calls->ok());
        QCOMPARE(calls->error().code, QStringLiteral("plan_required"));
        const auto campaigns = AWAIT(QList<UnloopaCampaign>, voice()->fetchCampaigns(this, done));
        QVERIFY(campaigns && !campaigns->ok());
        QCOMPARE(campaigns->error().code, QStringLiteral("plan_required"));
    }

    void unauthorized()
    {
        m_rig->setToken("unlpa_live_wrong");
        const auto r = AWAIT(UnloopaVoiceAgents, voice()->fetchAgents(this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("unauthorized"));
        QCOMPARE(r->error().httpStatus, 401);
    }

    void rateLimitedReadWaitsThenSucceeds()
    {
        addFault(SandboxFault::Kind::TooManyRequests, QStringLiteral("/voice/agents"), "GET");
        const auto r = AWAIT(UnloopaVoiceAgents, voice()->fetchAgents(this, done));
        QVERIFY(r && r->ok());
        QCOMPARE(requests(UnloopaRoutes::Op::Agents), 2);
    }

    // ---- Voice agents --------------------------------------------------------------------------
    void agentsCreateUpdateDelete()
    {
        const UnloopaVoiceAgent agent = createAgent();
        QVERIFY(!agent.id.isEmpty());
        QCOMPARE(agent.name, QStringLiteral("Sales Agent"));
        QCOMPARE(agent.voiceName, QStringLiteral("Eric"));
        QVERIFY(agent.hasScript);
        QVERIFY(agent.hasFirstMessage);
        auto list = AWAIT(UnloopaVoiceAgents, voice()->fetchAgents(this, done));
        QVERIFY(list && list->ok());
        QCOMPARE(list->value().count, 1);
        QCOMPARE(list->value().limit, 3);
        QCOMPARE(list->value().agents.first().id, agent.id);
        QVERIFY(!list->value().agents.first().elevenlabsAgentId.isEmpty());

        UnloopaAgentFields change;
        change.name = QStringLiteral("Closer");
        change.similarityBoost = 0.5;
        const auto updated = AWAIT(UnloopaVoiceAgent, voice()->updateAgent(agent.id, change, this, done));
        QVERIFY(updated && updated->ok());
        QCOMPARE(updated->value().name, QStringLiteral("Closer"));
        QCOMPARE(updated->value().voiceName, QStringLiteral("Eric")); // untouched

        const auto removed = AWAIT(Done, voice()->deleteAgent(agent.id, this, done));
        QVERIFY(removed && removed->ok());
        list = AWAIT(UnloopaVoiceAgents, voice()->fetchAgents(this, done));
        QVERIFY(list && list->ok());
        QCOMPARE(list->value().count, 0);
    }

    void agentsLimitAndRefusals()
    {
        for (int i = 0; i < 3; ++i)
            QVERIFY(!createAgent(QStringLiteral("Agent %1").arg(i)).id.isEmpty());
        UnloopaAgentFields fields;
        fields.name = QStringLiteral("Fourth");
        fields.voiceId = QStringLiteral("v");
        fields.script = QStringLiteral("s");
        const auto fourth = AWAIT(UnloopaVoiceAgent, voice()->createAgent(fields, this, done));
        QVERIFY(fourth && !fourth->ok());
        QCOMPARE(fourth->error().code, QStringLiteral("limit_reached"));
        QVERIFY(fourth->error().explanation.contains(QStringLiteral("delete an agent")));
        // Missing the script: refused before sending.
        fields.script.reset();
        const auto local = AWAIT(UnloopaVoiceAgent, voice()->createAgent(fields, this, done));
        QVERIFY(local && !local->ok());
        QCOMPARE(local->error().kind, ApiError::Kind::Local);
        // Too long a name: the vendor's invalid_input naming the field.
        UnloopaAgentFields change;
        change.name = QString(1000, u'x');
        const auto agents = AWAIT(UnloopaVoiceAgents, voice()->fetchAgents(this, done));
        QVERIFY(agents && agents->ok());
        const auto tooLong =
                AWAIT(UnloopaVoiceAgent,
                      voice()->updateAgent(agents->value().agents.first().id, change, this, done));
        QVERIFY(tooLong && !tooLong->ok());
        QCOMPARE(tooLong->error().code, QStringLiteral("invalid_input"));
        QCOMPARE(tooLong->error().details.value(QStringLiteral("field")).toString(), QStringLiteral("name"));
        const auto unknown =
                AWAIT(UnloopaVoiceAgent, voice()->updateAgent(QStringLiteral("nope"), change, this, done));
        QVERIFY(unknown && !unknown->ok());
        QCOMPARE(unknown->error().code, QStringLiteral("not_found"));
        const auto unknownDelete = AWAIT(Done, voice()->deleteAgent(QStringLiteral("nope"), this, done));
        QVERIFY(unknownDelete && !unknownDelete->ok());
        QCOMPARE(unknownDelete->error().code, QStringLiteral("not_found"));
    }

    // ---- Single calls --------------------------------------------------------------------------
    void callEndsWithEachOutcome_data()
    {
        QTest::addColumn<QString>("ending");
        for (const QString &outcome : UnloopaCall::outcomes())
            QTest::newRow(qPrintable(outcome)) << outcome;
        QTest::newRow("failed") << QStringLiteral("failed");
    }

    void callEndsWithEachOutcome()
    {
        QFETCH(QString, ending);
        QVERIFY(!buyOne().id.isEmpty());
        const UnloopaVoiceAgent agent = createAgent();
        m_rig->sandbox->unloopa()->calls()->setNextEndings({ending});
        const QString callee = QStringLiteral("+13055550142");
        const auto started = call(agent.id, callee);
        QVERIFY2(started && started->ok(), started ? qPrintable(started->error().summary()) : "no answer");
        QVERIFY(!started->value().callId.isEmpty());
        QVERIFY(!started->value().conversationId.isEmpty());
        QCOMPARE(started->value().status, QStringLiteral("initiated"));
        QCOMPARE(started->value().phoneNumber, callee);
        QCOMPARE(module()->voiceCredits(), 44); // 1 credit

        const UnloopaCall done = finished(started->value().callId);
        QCOMPARE(done.id, started->value().callId);
        QCOMPARE(done.phoneNumber, callee);
        if (ending == QLatin1String("failed")) {
            QCOMPARE(done.status, QStringLiteral("failed"));
            QVERIFY(done.outcome.isEmpty());
            return;
        }
        QCOMPARE(done.status, QStringLiteral("completed"));
        QCOMPARE(done.outcome, ending);
        QVERIFY(done.startedAt.isValid() && done.completedAt >= done.startedAt);
        QVERIFY(!done.analysis.isEmpty());
        if (ending == QLatin1String("no_answer"))
            return;
        QVERIFY(!done.transcript.isEmpty());
        QVERIFY(done.durationSecs > 0);
        QVERIFY(done.transcriptText().contains(QStringLiteral("Agent: ")));
    }

    void callProgressesThroughItsStatuses()
    {
        QVERIFY(!buyOne().id.isEmpty());
        const UnloopaVoiceAgent agent = createAgent();
        m_rig->sandbox->unloopa()->calls()->setNextEndings({QStringLiteral("interested")});
        const auto started = call(agent.id, QStringLiteral("+13055550143"));
        QVERIFY(started && started->ok());
        QStringList seen;
        for (int step = 0; step < 400 && !seen.contains(QStringLiteral("completed")); ++step) {
            const auto r = AWAIT(UnloopaCall, voice()->fetchCall(started->value().callId, this, done));
            QVERIFY(r && r->ok());
            if (seen.isEmpty() || seen.last() != r->value().status)
                seen.append(r->value().status);
            // Before it is over there is no outcome, transcript or analysis.
            if (!r->value().isFinished()) {
                QVERIFY(r->value().outcome.isEmpty());
                QVERIFY(r->value().transcript.isEmpty());
            }
            module()->advanceClock(2'000);
        }
        // In order, never backwards (a fast step may be skipped between two looks).
        const QStringList order{QStringLiteral("pending"), QStringLiteral("queued"),
                                QStringLiteral("in_progress"), QStringLiteral("completed")};
        int last = -1;
        for (const QString &status : seen) {
            QVERIFY2(order.indexOf(status) > last, qPrintable(seen.join(u',')));
            last = int(order.indexOf(status));
        }
        QCOMPARE(seen.last(), QStringLiteral("completed"));
        QVERIFY(seen.contains(QStringLiteral("in_progress")));
    }

    void callRefusals()
    {
        const UnloopaVoiceAgent agent = createAgent();
        // No number bought yet: setup_required.
        auto r = call(agent.id, QStringLiteral("+13055550144"));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("setup_required"));
        // The words say what voice needs, not only what email needs.
        QVERIFY2(r->error().explanation.contains(QStringLiteral("buy a phone number")) &&
                         r->error().explanation.contains(QStringLiteral("create a voice agent")),
                 qPrintable(r->error().explanation));
        QVERIFY(!buyOne().id.isEmpty());
        // No credits: insufficient_credits with the purchase links.
        module()->setVoiceCredits(0);
        r = call(agent.id, QStringLiteral("+13055550145"));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("insufficient_credits"));
        QCOMPARE(r->error().httpStatus, 402);
        QVERIFY(hasLink(r->error(), QStringLiteral("voice_credits.")));
        module()->setVoiceCredits(45);
        // An agent that does not exist: not_found.
        r = call(QStringLiteral("no-such-agent"), QStringLiteral("+13055550146"));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("not_found"));
        // Not E.164: refused before the guard or the vendor see it.
        UnloopaCallRequest request;
        request.agentId = agent.id;
        request.phoneNumber = QStringLiteral("305-555-0147");
        const auto local =
                AWAIT(UnloopaCallStarted, voice()->placeCall(request, QStringLiteral("x"), this, done));
        QVERIFY(local && !local->ok());
        QCOMPARE(local->error().kind, ApiError::Kind::Local);
        QCOMPARE(requests(UnloopaRoutes::Op::VoiceCall), 3);
    }

    void callWithoutClearanceReachesNobody()
    {
        QVERIFY(!buyOne().id.isEmpty());
        const UnloopaVoiceAgent agent = createAgent();
        UnloopaCallRequest request;
        request.agentId = agent.id;
        request.phoneNumber = QStringLiteral("+13055550148");
        const auto r = AWAIT(UnloopaCallStarted,
                             voice()->placeCall(request, QStringLiteral("never-issued"), this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("not_cleared"));
        QCOMPARE(requests(UnloopaRoutes::Op::VoiceCall), 0);
        QCOMPARE(module()->voiceCredits(), 45);
    }

    void callIsNeverRetried_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("internal_error") << int(SandboxFault::Kind::ServerError) << 500 << "internal_error";
        QTest::newRow("rate_limited") << int(SandboxFault::Kind::TooManyRequests) << 429 << "rate_limited";
    }

    void callIsNeverRetried()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, code);
        QVERIFY(!buyOne().id.isEmpty());
        const UnloopaVoiceAgent agent = createAgent();
        addFault(SandboxFault::Kind(kind), QStringLiteral("/voice/call"), "POST", status);
        const auto r = call(agent.id, QStringLiteral("+13055550149"));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, code);
        QCOMPARE(requests(UnloopaRoutes::Op::VoiceCall), 1);
    }

    // ---- The calls list ------------------------------------------------------------------------
    void callsListFiltersAndPagesEveryCall()
    {
        QVERIFY(!buyOne().id.isEmpty());
        const UnloopaVoiceAgent agent = createAgent();
        m_rig->sandbox->unloopa()->calls()->setNextEndings(
                {QStringLiteral("interested"), QStringLiteral("voicemail"), QStringLiteral("interested")});
        QStringList placed;
        for (int i = 0; i < 3; ++i) {
            const auto r = call(agent.id, QStringLiteral("+1305555016%1").arg(i));
            QVERIFY(r && r->ok());
            placed << r->value().callId;
        }
        for (const QString &id : placed)
            QVERIFY(finished(id).isFinished());

        UnloopaCallFilter interested;
        interested.outcome = QStringLiteral("interested");
        const auto page = AWAIT(UnloopaCallPage, voice()->fetchCalls(interested, 100, 0, this, done));
        QVERIFY(page && page->ok());
        QVERIFY(page->value().items.size() >= 2);
        for (const UnloopaCall &c : page->value().items)
            QCOMPARE(c.outcome, QStringLiteral("interested"));
        QVERIFY(requests(UnloopaRoutes::Op::Calls) >= 1);

        // Every call through the one pager, one small page at a time not needed: the pager asks 100.
        UnloopaPagedFetch fetch(m_rig->service, UnloopaCallFilter());
        QStringList keys;
        connect(&fetch, &UnloopaPagedFetch::callsPage, this, [&keys](const QList<UnloopaCall> &calls) {
            for (const UnloopaCall &c : calls)
                keys << c.key();
        });
        QSignalSpy ended(&fetch, &UnloopaPagedFetch::finished);
        fetch.start();
        QVERIFY(ended.wait(60'000));
        QVERIFY(!ended.first().first().value<ApiError>().isError());
        for (const QString &id : placed)
            QCOMPARE(keys.count(id), 1);
        QCOMPARE(fetch.fetched(), fetch.total());

        // A filter the reference does not list, or a page over 100: refused before sending.
        UnloopaCallFilter bad;
        bad.status = QStringLiteral("ringing");
        const int before = requests(UnloopaRoutes::Op::Calls);
        const auto refused = AWAIT(UnloopaCallPage, voice()->fetchCalls(bad, 50, 0, this, done));
        QVERIFY(refused && !refused->ok());
        QCOMPARE(refused->error().kind, ApiError::Kind::Local);
        const auto tooBig = AWAIT(UnloopaCallPage, voice()->fetchCalls({}, 101, 0, this, done));
        QVERIFY(tooBig && !tooBig->ok());
        QCOMPARE(requests(UnloopaRoutes::Op::Calls), before);
        const auto unknown =
                AWAIT(UnloopaCall, voice()->fetchCall(QStringLiteral("no-such-call"), this, done));
        QVERIFY(unknown && !unknown->ok());
        QCOMPARE(unknown->error().code, QStringLiteral("not_found"));
    }

    // ---- Campaigns -----------------------------------------------------------------------------
    void campaignLifecycle()
    {
        const UnloopaPhoneNumber number = buyOne();
        const UnloopaVoiceAgent agent = createAgent();
        const QList<UnloopaSandbox::Lead> leads = callableLeads(4);
        QCOMPARE(leads.size(), 4);
        const auto created =
                AWAIT(UnloopaCampaign,
                      voice()->createCampaign(campaignFields(number.id, agent.id, leads), this, done));
        QVERIFY2(created && created->ok(), created ? qPrintable(created->error().summary()) : "no answer");
        const UnloopaCampaign draft = created->value();
        QCOMPARE(draft.status, QStringLiteral("draft"));
        QCOMPARE(draft.leadsCount, 4);
        QCOMPARE(draft.callableLeads, 4);
        // Unloopa holds exactly the cleared leads (ids were sent, never a filter it would resolve).
        const UnloopaSimulatedCampaign *held = module()->campaigns()->campaign(draft.id);
        QVERIFY(held);
        QStringList heldIds;
        for (const auto &lead : held->leads)
            heldIds << lead.id;
        QStringList clearedIds;
        for (const UnloopaSandbox::Lead &lead : leads)
            clearedIds << lead.id;
        heldIds.sort();
        clearedIds.sort();
        QCOMPARE(heldIds, clearedIds);

        auto list = AWAIT(QList<UnloopaCampaign>, voice()->fetchCampaigns(this, done));
        QVERIFY(list && list->ok());
        QVERIFY(std::any_of(list->value().cbegin(), list->value().cend(),
                            [&draft](const UnloopaCampaign &c) { return c.id == draft.id; }));

        auto detail = AWAIT(UnloopaCampaign, voice()->fetchCampaign(draft.id, this, done));
        QVERIFY(detail && detail->ok());
        QCOMPARE(detail->value().timezone, QStringLiteral("America/New_York"));
        QCOMPARE(detail->value().windowStart, QTime(9, 0));
        QCOMPARE(detail->value().windowEnd, QTime(17, 0));
        QCOMPARE(detail->value().callingDays.size(), 5);
        QCOMPARE(detail->value().callsPerHour, 10);
        QCOMPARE(detail->value().stats.pending, 4);
        QVERIFY(detail->value().isEditable());

        // Field updates in draft.
        UnloopaCampaignFields change;
        change.callsPerHour = 20;
        change.name = QStringLiteral("Renamed");
        const auto updated = AWAIT(UnloopaCampaign, voice()->updateCampaign(draft.id, change, this, done));
        QVERIFY(updated && updated->ok());
        QCOMPARE(updated->value().callsPerHour, 20);
        QCOMPARE(updated->value().name, QStringLiteral("Renamed"));

        // Activate under a clearance for the campaign.
        const auto active = AWAIT(
                UnloopaCampaign,
                voice()->activateCampaign(
                        draft.id, clearCampaign(QStringLiteral("voice_campaign_activate"), draft.id, leads),
                        this, done));
        QVERIFY2(active && active->ok(), active ? qPrintable(active->error().summary()) : "no answer");
        QCOMPARE(active->value().status, QStringLiteral("active"));
        QCOMPARE(active->value().id, draft.id);

        // Active: no field updates.
        const auto frozen = AWAIT(UnloopaCampaign, voice()->updateCampaign(draft.id, change, this, done));
        QVERIFY(frozen && !frozen->ok());
        QCOMPARE(frozen->error().code, QStringLiteral("invalid_state"));
        QCOMPARE(frozen->error().httpStatus, 400);
        QVERIFY(frozen->error().explanation.contains(QStringLiteral("draft or paused")));

        // Trigger two calls now: two credits.
        const int credits = module()->voiceCredits();
        const auto triggered = AWAIT(
                UnloopaTriggerResult,
                voice()->triggerCampaign(
                        draft.id, 2, clearCampaign(QStringLiteral("voice_campaign_trigger"), draft.id, leads),
                        this, done));
        QVERIFY2(triggered && triggered->ok(),
                 triggered ? qPrintable(triggered->error().summary()) : "no answer");
        QCOMPARE(triggered->value().triggered, 2);
        QCOMPARE(triggered->value().calls.size(), 2);
        QVERIFY(!triggered->value().calls.first().id.isEmpty());
        QCOMPARE(module()->voiceCredits(), credits - 2);
        UnloopaCallFilter ofCampaign;
        ofCampaign.campaignId = draft.id;
        const auto calls = AWAIT(UnloopaCallPage, voice()->fetchCalls(ofCampaign, 100, 0, this, done));
        QVERIFY(calls && calls->ok());
        QVERIFY(calls->value().items.size() >= 2);
        for (const UnloopaCall &c : calls->value().items)
            QCOMPARE(c.campaignId, draft.id);

        // Pause, then cancel (completed); a completed campaign cannot be activated.
        const auto paused = AWAIT(UnloopaCampaign, voice()->pauseCampaign(draft.id, this, done));
        QVERIFY(paused && paused->ok());
        QCOMPARE(paused->value().status, QStringLiteral("paused"));
        const auto pausedAgain = AWAIT(UnloopaCampaign, voice()->pauseCampaign(draft.id, this, done));
        QVERIFY(pausedAgain && !pausedAgain->ok());
        QCOMPARE(pausedAgain->error().code, QStringLiteral("invalid_state"));
        const auto cancelled = AWAIT(UnloopaCampaign, voice()->cancelCampaign(draft.id, this, done));
        QVERIFY(cancelled && cancelled->ok());
        QCOMPARE(cancelled->value().status, QStringLiteral("completed"));
        const auto again = AWAIT(
                UnloopaCampaign,
                voice()->activateCampaign(
                        draft.id, clearCampaign(QStringLiteral("voice_campaign_activate"), draft.id, leads),
                        this, done));
        QVERIFY(again && !again->ok());
        QCOMPARE(again->error().code, QStringLiteral("invalid_state"));
    }

    void campaignRefusals()
    {
        const UnloopaPhoneNumber number = buyOne();
        const UnloopaVoiceAgent agent = createAgent();
        const QList<UnloopaSandbox::Lead> leads = callableLeads(2, 10);
        // No leads: refused before sending (never a lead_filter instead).
        UnloopaCampaignFields none = campaignFields(number.id, agent.id, {});
        const auto local = AWAIT(UnloopaCampaign, voice()->createCampaign(none, this, done));
        QVERIFY(local && !local->ok());
        QCOMPARE(local->error().kind, ApiError::Kind::Local);
        QCOMPARE(requests(UnloopaRoutes::Op::CampaignCreate), 0);
        // An unknown phone number: not_found. No credits: insufficient_credits.
        const auto unknownNumber = AWAIT(
                UnloopaCampaign,
                voice()->createCampaign(campaignFields(QStringLiteral("nope"), agent.id, leads), this, done));
        QVERIFY(unknownNumber && !unknownNumber->ok());
        QCOMPARE(unknownNumber->error().code, QStringLiteral("not_found"));
        module()->setVoiceCredits(0);
        const auto broke =
                AWAIT(UnloopaCampaign,
                      voice()->createCampaign(campaignFields(number.id, agent.id, leads), this, done));
        QVERIFY(broke && !broke->ok());
        QCOMPARE(broke->error().code, QStringLiteral("insufficient_credits"));
        QVERIFY(hasLink(broke->error(), QStringLiteral("voice_credits.")));
        module()->setVoiceCredits(45);
        const auto created =
                AWAIT(UnloopaCampaign,
                      voice()->createCampaign(campaignFields(number.id, agent.id, leads), this, done));
        QVERIFY(created && created->ok());
        const QString id = created->value().id;
        // Trigger: only an active campaign; more than 10 refused before sending.
        const auto draftTrigger = AWAIT(
                UnloopaTriggerResult,
                voice()->triggerCampaign(id, std::nullopt,
                                         clearCampaign(QStringLiteral("voice_campaign_trigger"), id, leads),
                                         this, done));
        QVERIFY(draftTrigger && !draftTrigger->ok());
        QCOMPARE(draftTrigger->error().code, QStringLiteral("invalid_state"));
        const auto tooMany = AWAIT(UnloopaTriggerResult,
                                   voice()->triggerCampaign(id, 11, QStringLiteral("x"), this, done));
        QVERIFY(tooMany && !tooMany->ok());
        QCOMPARE(tooMany->error().kind, ApiError::Kind::Local);
        // Activation and trigger without a clearance reach nobody.
        const auto uncleared =
                AWAIT(UnloopaCampaign, voice()->activateCampaign(id, QStringLiteral("never"), this, done));
        QVERIFY(uncleared && !uncleared->ok());
        QCOMPARE(uncleared->error().code, QStringLiteral("not_cleared"));
        QCOMPARE(requests(UnloopaRoutes::Op::CampaignUpdate, id), 1); // only the draft trigger
        const auto unknown =
                AWAIT(UnloopaCampaign, voice()->fetchCampaign(QStringLiteral("nope"), this, done));
        QVERIFY(unknown && !unknown->ok());
        QCOMPARE(unknown->error().code, QStringLiteral("not_found"));
    }

    // Trigger spends credits and contacts people: never resent after a server error.
    void triggerIsNeverRetried()
    {
        const UnloopaPhoneNumber number = buyOne();
        const UnloopaVoiceAgent agent = createAgent();
        const QList<UnloopaSandbox::Lead> leads = callableLeads(2, 20);
        const auto created =
                AWAIT(UnloopaCampaign,
                      voice()->createCampaign(campaignFields(number.id, agent.id, leads), this, done));
        QVERIFY(created && created->ok());
        const QString id = created->value().id;
        const auto active = AWAIT(
                UnloopaCampaign,
                voice()->activateCampaign(
                        id, clearCampaign(QStringLiteral("voice_campaign_activate"), id, leads), this, done));
        QVERIFY(active && active->ok());
        const int before = requests(UnloopaRoutes::Op::CampaignUpdate, id);
        addFault(SandboxFault::Kind::ServerError, UnloopaRoutes::path(UnloopaRoutes::Op::CampaignUpdate, id),
                 "PATCH", 500);
        const auto r =
                AWAIT(UnloopaTriggerResult,
                      voice()->triggerCampaign(
                              id, 1, clearCampaign(QStringLiteral("voice_campaign_trigger"), id, leads), this,
                              done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("internal_error"));
        QCOMPARE(requests(UnloopaRoutes::Op::CampaignUpdate, id), before + 1);
    }
};

CC_TEST_GUILESS_MAIN(TestUnloopaVoiceService)
#include "tst_unloopavoiceservice.moc"
