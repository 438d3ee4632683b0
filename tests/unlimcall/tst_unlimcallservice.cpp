#include "TestMain.h"

#include "SandboxFixture.h"
#include "UnlimCallTestSupport.h"

#include "controllers/AgentCallPlacer.h"
#include "core/ErrorCatalog.h"
#include "core/UrlPolicy.h"
#include "core/VendorClient.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "sandbox/UnlimCallSandbox.h"
#include "unlimcall/OAuthClientCredentials.h"
#include "unlimcall/OAuthDiscovery.h"
#include "unlimcall/UnlimCallService.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUuid>

using namespace UnlimCall;

// Every UnlimCall endpoint and every documented error code, through the real service and HTTP
// core against the sandbox over loopback.
class TestUnlimCallService : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SandboxFixture> m_sandbox;
    QObject m_context;
    // Calls are placed through a real guard on a database of each test's own (README promise O1),
    // at a fixed time inside the calling window of every number used here (London, San Francisco).
    QTemporaryDir m_dir;
    int m_databases = 0;
    std::unique_ptr<SqliteOutboundStore> m_store;
    std::unique_ptr<OutboundGuard> m_guard;

    UnlimCallSandbox *vendor() const { return m_sandbox->server()->unlimcall(); }

    VendorClient *fastClient(VendorClient *client)
    {
        RetryPolicy fast;
        fast.baseDelayMs = 10;
        fast.maxDelayMs = 50;
        client->setRetryPolicy(fast);
        return client;
    }

    UnlimCallService *service(VendorClient *client = nullptr)
    {
        return new UnlimCallService(fastClient(client ? client : m_sandbox->client(Vendor::UnlimCall)), this);
    }

    VendorClient *oauthClient(const QString &clientId,
                              const QByteArray &secret = UnlimCallSandbox::demoClientSecret(),
                              OAuthClientCredentials::Clock clock = {})
    {
        VendorClient *client = m_sandbox->clientWithToken(Vendor::UnlimCall, QByteArray());
        OAuthClientCredentials::Config config;
        config.tokenUrl = m_sandbox->server()->unlimcallTokenUrl();
        config.clientId = clientId;
        config.clientSecret = secret;
        config.clock = std::move(clock);
        client->setAuthenticator(std::make_shared<OAuthClientCredentials>(config, m_sandbox->network()));
        return fastClient(client);
    }

    Result<QUrl> discover(const QUrl &issuer)
    {
        std::optional<Result<QUrl>> found;
        OAuthDiscovery::discover(m_sandbox->network(), issuer, &m_context,
                                 [&found](const Result<QUrl> &r) { found.emplace(r); });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(found.has_value(), 30'000);
        }();
        return found.value_or(Result<QUrl>(ApiError::local(Vendor::UnlimCall, QStringLiteral("test_timeout"),
                                                           QStringLiteral("no answer"))));
    }

    ApiResponse raw(const ApiCall &call)
    {
        ApiReply *reply = m_sandbox->client(Vendor::UnlimCall)->send(call);
        QSignalSpy finished(reply, &ApiReply::finished);
        if (!finished.wait(30'000))
            return {};
        return finished.first().first().value<ApiResponse>();
    }

    int requests(const QByteArray &method, const QString &path) const
    {
        return m_sandbox->server()->requestCount(Vendor::UnlimCall, method, path);
    }

    template<typename T>
    void verifyVendorError(const std::optional<Result<T>> &result, int status, const QString &code)
    {
        QVERIFY(result.has_value());
        QVERIFY(!result->ok());
        QCOMPARE(result->error().code, code);
        QCOMPARE(result->error().httpStatus, status);
        QCOMPARE(result->error().explanation, ErrorCatalog::explain(Vendor::UnlimCall, code, status));
        QVERIFY(!result->error().explanation.isEmpty());
    }

    static CallRequest callTo(const QString &number, const QString &agent = QStringLiteral("30"))
    {
        CallRequest request;
        request.aiAgentId = agent;
        request.toNumber = number;
        return request;
    }

    std::optional<Result<CallQueued>> place(UnlimCallService *s, const CallRequest &request,
                                            const QString &clearanceId)
    {
        s->client()->setOutboundGate(m_guard.get());
        return awaitResult<CallQueued>(
                [&](auto done) { s->placeCall(request, clearanceId, &m_context, done); });
    }

    // Cleared by the guard, then placed.
    std::optional<Result<CallQueued>> place(UnlimCallService *s, const CallRequest &request)
    {
        return place(s, request, m_guard->clear(AgentCallPlacer::actionFor(request)).id);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiResponse>();
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
    }

    void init()
    {
        m_sandbox->server()->clearRequests();
        m_sandbox->server()->clearFaults();
        QVERIFY(m_dir.isValid());
        m_guard.reset();
        m_store = std::make_unique<SqliteOutboundStore>(
                m_dir.filePath(QStringLiteral("outbound%1.sqlite").arg(++m_databases)));
        m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
        // 19:00 in London, 11:00 in San Francisco.
        m_guard->setClock([] { return QDateTime(QDate(2026, 6, 10), QTime(18, 0), Qt::UTC); });
    }

    // --- GET /me --------------------------------------------------------------------------------
    void meIdentifiesTheCustomer()
    {
        const auto me = awaitResult<Me>([&](auto done) { service()->fetchMe(&m_context, done); });
        QVERIFY(me && me->ok());
        QCOMPARE(me->value().customerId, QStringLiteral("1042"));
        QCOMPARE(me->value().companyName, QStringLiteral("Acme Calling Co."));
        QVERIFY(me->value().primaryContactEmail.contains(QLatin1Char('@')));
    }

    void meSuspendedIs403()
    {
        vendor()->setSuspended(true);
        const auto me = awaitResult<Me>([&](auto done) { service()->fetchMe(&m_context, done); });
        vendor()->setSuspended(false);
        verifyVendorError(me, 403, QStringLiteral("suspended"));
        QVERIFY(me->error().explanation.contains(QLatin1String("support")));
    }

    void badTokenIsUnauthorizedNotMissingScope()
    {
        auto *s = service(m_sandbox->clientWithToken(Vendor::UnlimCall, "unl_live_wrong"));
        const auto me = awaitResult<Me>([&](auto done) { s->fetchMe(&m_context, done); });
        verifyVendorError(me, 401, QStringLiteral("unauthorized"));
        const auto balance = awaitResult<Balance>([&](auto done) { s->fetchBalance(&m_context, done); });
        verifyVendorError(balance, 401, QStringLiteral("unauthorized"));
        QCOMPARE(requests("GET", QStringLiteral("/balance")), 1); // 401 is never retried
    }

    void missingScopeIsToldApartFromABadToken()
    {
        auto *s = service(m_sandbox->clientWithToken(Vendor::UnlimCall,
                                                     SandboxServer::limitedScopeToken(Vendor::UnlimCall)));
        const auto me = awaitResult<Me>([&](auto done) { s->fetchMe(&m_context, done); });
        QVERIFY(me && me->ok());
        const auto balance = awaitResult<Balance>([&](auto done) { s->fetchBalance(&m_context, done); });
        QVERIFY(balance && !balance->ok());
        QCOMPARE(balance->error().code, QStringLiteral("missing_scope"));
        QCOMPARE(balance->error().httpStatus, 401);
        QVERIFY(balance->error().explanation.contains(QLatin1String("read:balance")));
        QVERIFY(balance->error().explanation.contains(QLatin1String("valid")));
        const auto agents = awaitResult<QList<Agent>>([&](auto done) { s->fetchAgents(&m_context, done); });
        QVERIFY(agents && !agents->ok());
        QCOMPARE(agents->error().code, QStringLiteral("missing_scope"));
        QVERIFY(agents->error().explanation.contains(QLatin1String("read:agents")));
    }

    // --- GET /balance ---------------------------------------------------------------------------
    void balanceIsTyped()
    {
        vendor()->setBalance(42.7831);
        auto balance = awaitResult<Balance>([&](auto done) { service()->fetchBalance(&m_context, done); });
        QVERIFY(balance && balance->ok());
        QCOMPARE(balance->value().balance, 42.7831);
        QCOMPARE(balance->value().currency, QStringLiteral("USD"));
        QCOMPARE(balance->value().accountType, QStringLiteral("prepaid"));
        QVERIFY(!balance->value().creditLimit.has_value());
        QVERIFY(!balance->value().blocked);
        QVERIFY(!balance->value().stale);

        vendor()->setBalance(-12.5, QStringLiteral("EUR"), QStringLiteral("postpaid"), 500.0, true, true);
        balance = awaitResult<Balance>([&](auto done) { service()->fetchBalance(&m_context, done); });
        vendor()->setBalance(42.7831);
        QVERIFY(balance && balance->ok());
        QCOMPARE(balance->value().balance, -12.5);
        QCOMPARE(balance->value().currency, QStringLiteral("EUR"));
        QCOMPARE(balance->value().creditLimit.value_or(0), 500.0);
        QVERIFY(balance->value().blocked);
        QVERIFY(balance->value().stale);
    }

    void balanceInternalErrorIsRetriedThenExplained()
    {
        vendor()->setBalanceFetchFails(true);
        const auto balance =
                awaitResult<Balance>([&](auto done) { service()->fetchBalance(&m_context, done); });
        vendor()->setBalanceFetchFails(false);
        verifyVendorError(balance, 500, QStringLiteral("internal_error"));
        // A read: retried (README promise H5/H8), then the error.
        QCOMPARE(requests("GET", QStringLiteral("/balance")), RetryPolicy().maxAttempts);
    }

    // --- GET /cdrs ------------------------------------------------------------------------------
    void cdrsCarryEveryDocumentedField()
    {
        const qint64 till = QDateTime::currentMSecsSinceEpoch();
        const auto page = awaitResult<UnlimCallService::CdrPage>([&](auto done) {
            service()->fetchCdrs(till - 3 * 86400000LL, till, 1000, &m_context, done);
        });
        QVERIFY(page && page->ok());
        QVERIFY(!page->value().calls.isEmpty());
        QCOMPARE(page->value().count, page->value().calls.size());
        bool sawAnswered = false, sawDid = false;
        for (const Cdr &cdr : page->value().calls) {
            QVERIFY(cdr.id.contains(QLatin1Char('.')));
            QVERIFY(cdr.startMs >= till - 3 * 86400000LL && cdr.startMs < till);
            QVERIFY(cdr.src.startsWith(QLatin1Char('+')));
            QVERIFY(cdr.dst.startsWith(QLatin1Char('+')));
            QVERIFY(!cdr.sipUsername.isEmpty());
            QVERIFY(!cdr.country.isEmpty());
            QVERIFY(cdr.currency == QLatin1String("USD") || cdr.currency == QLatin1String("EUR"));
            QVERIFY(cdr.duration >= cdr.billsec);
            if (cdr.isAnswered()) {
                sawAnswered = true;
                QVERIFY(cdr.sellPriceCents > 0);
            } else {
                QCOMPARE(cdr.billsec, 0);
                QCOMPARE(cdr.sellPriceCents, 0);
            }
            sawDid = sawDid || !cdr.did.isEmpty();
        }
        QVERIFY(sawAnswered);
        QVERIFY(sawDid);
    }

    void glanceAtAFullAnswerFindsEveryStartAsListed()
    {
        // A page of a thousand records is read on a worker; the glance at its raw body, taken
        // when it arrives, must find exactly the starts the answer as read holds, in order.
        const qint64 till = QDateTime::currentMSecsSinceEpoch();
        QList<qint64> glanced;
        bool glancedInTime = false;
        const auto page = awaitResult<UnlimCallService::CdrPage>([&](auto done) {
            ApiReply *reply = service()->fetchCdrs(till - 30 * 86400000LL, till, 1000, &m_context, done);
            QVERIFY(reply);
            connect(reply, &ApiReply::answered, &m_context, [&, reply](const QByteArray &body) {
                glancedInTime = !reply->isFinished();
                glanced = UnlimCallService::glanceCdrStarts(body).value_or(QList<qint64>{-1});
            });
        });
        QVERIFY(page && page->ok());
        QCOMPARE(page->value().calls.size(), 1000);
        QVERIFY(glancedInTime);
        QList<qint64> read;
        for (const Cdr &cdr : page->value().calls)
            read.append(cdr.startMs);
        QCOMPARE(glanced, read);
    }

    void glanceReadsOnlyStartTimeMembers_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QList<qint64>>("starts");
        const qint64 first = QDateTime(QDate(2026, 5, 24), QTime(18, 14, 2), Qt::UTC).toMSecsSinceEpoch();
        QTest::newRow("documented") << QByteArray(
                                               "{\"count\":2,\"calls\":[{\"id\":\"1\",\"startTime\":\"2026-"
                                               "05-24T18:14:02.000Z\"},"
                                               "{\"id\":\"2\",\"startTime\":\"2026-05-24T18:14:03.500Z\"}]}")
                                    << QList<qint64>{first, first + 1500};
        QTest::newRow("spaced and listed newest first")
                << QByteArray("{ \"calls\" : [ {\n  \"startTime\" :\t\"2026-05-24T18:14:03Z\" } ,\n"
                              "  { \"id\": \"1\", \"startTime\": \"2026-05-24T18:14:02Z\" } ] }")
                << QList<qint64>{first + 1000, first};
        QTest::newRow("the key's text inside a string is not a member")
                << QByteArray("{\"calls\":[{\"note\":\"x\\\",\\\"startTime\\\":\\\"2030-01-01T00:00:00Z\","
                              "\"startTime\":\"2026-05-24T18:14:02Z\"}]}")
                << QList<qint64>{first};
        QTest::newRow("no records") << QByteArray("{\"count\":0,\"calls\":[]}") << QList<qint64>{};
    }

    void glanceReadsOnlyStartTimeMembers()
    {
        QFETCH(QByteArray, body);
        QFETCH(QList<qint64>, starts);
        const std::optional<QList<qint64>> glanced = UnlimCallService::glanceCdrStarts(body);
        QVERIFY(glanced);
        QCOMPARE(*glanced, starts);
    }

    void glanceGivesUpOnAnythingUnusual_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("a number") << QByteArray("{\"calls\":[{\"startTime\":1779646442000}]}");
        QTest::newRow("not a timestamp") << QByteArray("{\"calls\":[{\"startTime\":\"yesterday\"}]}");
        QTest::newRow("an escape in the value")
                << QByteArray("{\"calls\":[{\"startTime\":\"2026-05-24T18:14:02\\u005a\"}]}");
        QTest::newRow("cut short") << QByteArray("{\"calls\":[{\"startTime\":\"2026-05-24T18:1");
    }

    void glanceGivesUpOnAnythingUnusual()
    {
        // Then the retrieval waits for the answer as read, as before.
        QFETCH(QByteArray, body);
        QVERIFY(!UnlimCallService::glanceCdrStarts(body));
    }

    void cdrsInvalidTimestamp()
    {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("from"), QStringLiteral("yesterday-ish"));
        const ApiResponse response = raw(ApiCall::get(QStringLiteral("/cdrs"), query));
        QCOMPARE(response.httpStatus, 400);
        QCOMPARE(response.error.code, QStringLiteral("invalid_timestamp"));
        QVERIFY(!response.error.explanation.isEmpty());
    }

    void cdrsTillMustBeAfterFrom()
    {
        const qint64 t = QDateTime::currentMSecsSinceEpoch() - 3600'000;
        const auto page = awaitResult<UnlimCallService::CdrPage>(
                [&](auto done) { service()->fetchCdrs(t, t, 100, &m_context, done); });
        verifyVendorError(page, 400, QStringLiteral("till_must_be_after_from"));
    }

    void cdrsWindowTooWide()
    {
        const qint64 till = QDateTime::currentMSecsSinceEpoch();
        const qint64 day = 86400000LL;
        auto page = awaitResult<UnlimCallService::CdrPage>(
                [&](auto done) { service()->fetchCdrs(till - 31 * day - 1, till, 100, &m_context, done); });
        verifyVendorError(page, 400, QStringLiteral("window_too_wide"));
        page = awaitResult<UnlimCallService::CdrPage>(
                [&](auto done) { service()->fetchCdrs(till - 31 * day, till, 100, &m_context, done); });
        QVERIFY2(page && page->ok(), "exactly 31 days is allowed");
    }

    void cdrsLimitRules()
    {
        const qint64 till = QDateTime::currentMSecsSinceEpoch();
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("from"), isoTimestamp(till - 30 * 86400000LL));
        query.addQueryItem(QStringLiteral("till"), isoTimestamp(till));
        ApiResponse response = raw(ApiCall::get(QStringLiteral("/cdrs"), query));
        QVERIFY(response.ok());
        QCOMPARE(response.object().value(QLatin1String("count")).toInt(), 100); // the default
        query.addQueryItem(QStringLiteral("limit"), QStringLiteral("5000"));
        response = raw(ApiCall::get(QStringLiteral("/cdrs"), query));
        QVERIFY(response.ok());
        QCOMPARE(response.object().value(QLatin1String("calls")).toArray().size(), 1000); // capped
        query.removeAllQueryItems(QStringLiteral("limit"));
        query.addQueryItem(QStringLiteral("limit"), QStringLiteral("0"));
        response = raw(ApiCall::get(QStringLiteral("/cdrs"), query));
        QCOMPARE(response.error.code, QStringLiteral("invalid_input"));
        QCOMPARE(response.httpStatus, 400);
    }

    void cdrsAccountNotProvisioned()
    {
        vendor()->setAccountProvisioned(false);
        const qint64 till = QDateTime::currentMSecsSinceEpoch();
        const auto page = awaitResult<UnlimCallService::CdrPage>(
                [&](auto done) { service()->fetchCdrs(till - 86400000LL, till, 100, &m_context, done); });
        vendor()->setAccountProvisioned(true);
        verifyVendorError(page, 409, QStringLiteral("account_not_provisioned"));
    }

    // --- GET /agents ----------------------------------------------------------------------------
    void agentsListSipLines()
    {
        const auto agents =
                awaitResult<QList<Agent>>([&](auto done) { service()->fetchAgents(&m_context, done); });
        QVERIFY(agents && agents->ok());
        QCOMPARE(agents->value().size(), vendor()->agentIds().size());
        const Agent &first = agents->value().first();
        QCOMPARE(first.id, QStringLiteral("27"));
        QCOMPARE(first.sipUsername, QStringLiteral("unl_001"));
        QVERIFY(!first.label.isEmpty());
        QVERIFY(first.createdAt.isValid());
    }

    // --- POST /calls ----------------------------------------------------------------------------
    void callIsQueuedAndBecomesACdr()
    {
        vendor()->setOriginatedCdrDelayMs(400);
        const QString number = QStringLiteral("+442079460958");
        const qint64 before = QDateTime::currentMSecsSinceEpoch() - 1000;
        const auto queued = place(service(), callTo(number));
        QVERIFY(queued && queued->ok());
        QVERIFY(!QUuid::fromString(queued->value().callId).isNull());
        QCOMPARE(queued->value().status, QStringLiteral("queued"));
        QCOMPARE(requests("POST", QStringLiteral("/calls")), 1);

        auto find = [&]() -> std::optional<Cdr> {
            const auto page = awaitResult<UnlimCallService::CdrPage>([&](auto done) {
                service()->fetchCdrs(before, QDateTime::currentMSecsSinceEpoch() + 60'000, 1000, &m_context,
                                     done);
            });
            if (page && page->ok()) {
                for (const Cdr &cdr : page->value().calls) {
                    if (cdr.dst == number)
                        return cdr;
                }
            }
            return std::nullopt;
        };
        QVERIFY2(!find(), "the record appears only once the call is over");
        QTRY_VERIFY_WITH_TIMEOUT(find().has_value(), 20'000);
        const Cdr cdr = *find();
        QCOMPARE(cdr.sipUsername, QStringLiteral("unl_004"));
        QCOMPARE(cdr.country, QStringLiteral("United Kingdom"));
    }

    void invalidNumberNeverReachesTheApi_data()
    {
        QTest::addColumn<QString>("number");
        QTest::newRow("not a number") << QStringLiteral("call me maybe");
        QTest::newRow("too short") << QStringLiteral("+1415");
        QTest::newRow("national form") << QStringLiteral("(415) 555-0132");
        QTest::newRow("empty") << QString();
    }

    void invalidNumberNeverReachesTheApi()
    {
        QFETCH(QString, number);
        const auto result = place(service(), callTo(number));
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error().code, QStringLiteral("invalid_number"));
        QVERIFY(!result->error().explanation.isEmpty());
        QCOMPARE(requests("POST", QStringLiteral("/calls")), 0);
    }

    void callErrors_data()
    {
        QTest::addColumn<QString>("agent");
        QTest::addColumn<QString>("switchName");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("agent not found")
                << QStringLiteral("999") << QString() << 404 << QStringLiteral("ai_agent_not_found");
        QTest::newRow("agent not provisioned") << UnlimCallSandbox::unprovisionedAgentId() << QString() << 409
                                               << QStringLiteral("ai_agent_not_provisioned");
        QTest::newRow("account not provisioned") << QStringLiteral("30") << QStringLiteral("account") << 409
                                                 << QStringLiteral("account_not_provisioned");
        QTest::newRow("dialer required") << QStringLiteral("30") << QStringLiteral("dialer") << 409
                                         << QStringLiteral("dialer_required");
        QTest::newRow("engine not configured") << QStringLiteral("30") << QStringLiteral("engine") << 503
                                               << QStringLiteral("engine_not_configured");
        QTest::newRow("originate failed") << QStringLiteral("30") << QStringLiteral("originate") << 502
                                          << QStringLiteral("originate_failed");
    }

    void callErrors()
    {
        QFETCH(QString, agent);
        QFETCH(QString, switchName);
        QFETCH(int, status);
        QFETCH(QString, code);
        auto set = [&](bool on) {
            if (switchName == QLatin1String("account"))
                vendor()->setAccountProvisioned(!on);
            else if (switchName == QLatin1String("dialer"))
                vendor()->setDialerEnabled(!on);
            else if (switchName == QLatin1String("engine"))
                vendor()->setEngineConfigured(!on);
            else if (switchName == QLatin1String("originate"))
                vendor()->setOriginateFails(on);
        };
        set(true);
        const auto result = place(service(), callTo(QStringLiteral("+14155550132"), agent));
        set(false);
        verifyVendorError(result, status, code);
        // Never retried, whatever the status (5xx included).
        QCOMPARE(requests("POST", QStringLiteral("/calls")), 1);
        if (code == QLatin1String("originate_failed"))
            QVERIFY(result->error().vendorMessage.contains(QLatin1String("SIP 503")));
    }

    void callInvalidInputFromTheVendor()
    {
        const ApiResponse response =
                raw(ApiCall::post(QStringLiteral("/calls"),
                                  QJsonObject{{QStringLiteral("aiAgentId"), QStringLiteral("30")},
                                              {QStringLiteral("toNumber"), QStringLiteral("4155550132")}})
                            .spending());
        QCOMPARE(response.httpStatus, 400);
        QCOMPARE(response.error.code, QStringLiteral("invalid_input"));
    }

    void callServerErrorIsNeverRetried()
    {
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::ServerError;
        fault.vendor = Vendor::UnlimCall;
        fault.pathPrefix = QStringLiteral("/calls");
        fault.status = 503;
        fault.count = 1;
        m_sandbox->server()->addFault(fault);
        const auto result = place(service(), callTo(QStringLiteral("+14155550132")));
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error().httpStatus, 503);
        QCOMPARE(requests("POST", QStringLiteral("/calls")), 1);
    }

    // POST /calls contacts a person: without the guard's clearance, or with one already used, the
    // HTTP core sends nothing; the call placed under its clearance leaves its callId in the log.
    void callGoesOutOnlyUnderItsClearanceOnce()
    {
        const CallRequest request = callTo(QStringLiteral("+442079460958"));
        const auto uncleared = place(service(), request, QString());
        QVERIFY(uncleared && !uncleared->ok());
        QCOMPARE(uncleared->error().code, QStringLiteral("not_cleared"));
        QCOMPARE(requests("POST", QStringLiteral("/calls")), 0);

        const OutboundGuard::Clearance clearance = m_guard->clear(AgentCallPlacer::actionFor(request));
        QVERIFY(clearance);
        const auto placed = place(service(), request, clearance.id);
        QVERIFY(placed && placed->ok());
        QCOMPARE(requests("POST", QStringLiteral("/calls")), 1);
        const auto intent = m_store->intent(clearance.id);
        QVERIFY(intent);
        QCOMPARE(intent->state, OutboundIntent::State::Sent);
        QCOMPARE(intent->vendorRef, placed->value().callId);

        const auto again = place(service(), request, clearance.id);
        QVERIFY(again && !again->ok());
        QCOMPARE(again->error().code, QStringLiteral("not_cleared"));
        QCOMPARE(requests("POST", QStringLiteral("/calls")), 1);
    }

    // --- POST /hooks, DELETE /hooks/{id} --------------------------------------------------------
    void hookLifecycle()
    {
        HookRequest request{QStringLiteral("call.ended"),
                            QStringLiteral("https://example.com/hooks/unlimcall")};
        const auto created = awaitResult<HookCreated>(
                [&](auto done) { service()->createHook(request, &m_context, done); });
        QVERIFY(created && created->ok());
        QVERIFY(!QUuid::fromString(created->value().id).isNull());
        QVERIFY(created->value().secret.startsWith(QLatin1String("whsec_")));
        QCOMPARE(vendor()->activeHookCount(), 1);

        auto remove = [&](const QString &id) {
            return awaitResult<Done>([&](auto done) { service()->deleteHook(id, &m_context, done); });
        };
        const auto removed = remove(created->value().id);
        QVERIFY(removed && removed->ok());
        QCOMPARE(vendor()->activeHookCount(), 0);
        verifyVendorError(remove(created->value().id), 404,
                          QStringLiteral("not_found")); // soft-deleted already
        verifyVendorError(remove(QStringLiteral("not-a-uuid")), 400, QStringLiteral("invalid_input"));
    }

    void hookRequestsAreCheckedBeforeSending_data()
    {
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("url");
        QTest::newRow("http") << QStringLiteral("call.ended") << QStringLiteral("http://example.com/h");
        QTest::newRow("too long") << QStringLiteral("call.ended")
                                  << QStringLiteral("https://example.com/") + QString(493, QLatin1Char('a'));
        QTest::newRow("unknown event")
                << QStringLiteral("call.started") << QStringLiteral("https://example.com/h");
    }

    void hookRequestsAreCheckedBeforeSending()
    {
        QFETCH(QString, event);
        QFETCH(QString, url);
        const auto created = awaitResult<HookCreated>([&](auto done) {
            service()->createHook(HookRequest{event, url}, &m_context, done);
        });
        QVERIFY(created && !created->ok());
        QCOMPARE(created->error().code, QStringLiteral("invalid_input"));
        QCOMPARE(requests("POST", QStringLiteral("/hooks")), 0);
        // The vendor refuses the same.
        const ApiResponse response = raw(ApiCall::post(
                QStringLiteral("/hooks"),
                QJsonObject{{QStringLiteral("event"), event}, {QStringLiteral("target_url"), url}}));
        QCOMPARE(response.httpStatus, 400);
        QCOMPARE(response.error.code, QStringLiteral("invalid_input"));
    }

    // A receiver on this computer over plain http is for the sandbox only: against a loopback API
    // the hook is created, against UnlimCall's own (https) the form says why not.
    void hookToThisComputerOverHttpOnlyAgainstTheSandbox()
    {
        QVERIFY(UrlPolicy::isLoopbackHost(service()->client()->baseUrl().host()));
        for (const QString &url : {QStringLiteral("http://127.0.0.1:8787/hooks/unlimcall"),
                                   QStringLiteral("http://localhost:8787/hooks/unlimcall")}) {
            const auto created = awaitResult<HookCreated>([&](auto done) {
                service()->createHook(HookRequest{QStringLiteral("call.transferred"), url}, &m_context, done);
            });
            QVERIFY2(created && created->ok(), qPrintable(url));
            const auto removed = awaitResult<Done>(
                    [&](auto done) { service()->deleteHook(created->value().id, &m_context, done); });
            QVERIFY(removed && removed->ok());
        }
        QCOMPARE(requests("POST", QStringLiteral("/hooks")), 2);

        const QUrl vendorApi(QStringLiteral("https://app.unlimcall.com/api/v1"));
        const HookRequest local{QStringLiteral("call.ended"),
                                QStringLiteral("http://127.0.0.1:8787/hooks/unlimcall")};
        QVERIFY(UnlimCallService::hookRequestProblem(local, vendorApi).contains(QLatin1String("https://")));
        const HookRequest remote{QStringLiteral("call.ended"),
                                 QStringLiteral("http://example.com/hooks/unlimcall")};
        QVERIFY(!UnlimCallService::hookRequestProblem(remote, vendorApi).isEmpty());
        QVERIFY(!UnlimCallService::hookRequestProblem(remote, service()->client()->baseUrl()).isEmpty());
        const HookRequest tunnel{QStringLiteral("call.ended"),
                                 QStringLiteral("https://example.com/hooks/unlimcall")};
        QCOMPARE(UnlimCallService::hookRequestProblem(tunnel, vendorApi), QString());
    }

    void hookUrlOf512CharactersIsAccepted()
    {
        const QString url = QStringLiteral("https://example.com/") + QString(492, QLatin1Char('a'));
        QCOMPARE(url.size(), 512);
        const auto created = awaitResult<HookCreated>([&](auto done) {
            service()->createHook(HookRequest{QStringLiteral("dnc.added"), url}, &m_context, done);
        });
        QVERIFY(created && created->ok());
    }

    // --- OAuth 2.0 client credentials ------------------------------------------------------------
    void oauthTokenIsFetchedSharedAndScoped()
    {
        VendorClient *client = oauthClient(UnlimCallSandbox::demoClientId());
        auto *s = service(client);
        const int issuedBefore = vendor()->oauthTokensIssued();
        // Two requests at once share one token fetch.
        std::optional<Result<Me>> me;
        std::optional<Result<Balance>> balance;
        s->fetchMe(&m_context, [&](const Result<Me> &r) { me.emplace(r); });
        s->fetchBalance(&m_context, [&](const Result<Balance> &r) { balance.emplace(r); });
        QTRY_VERIFY_WITH_TIMEOUT(me && balance, 30'000);
        QVERIFY(me->ok());
        QVERIFY(balance->ok());
        QCOMPARE(vendor()->oauthTokensIssued(), issuedBefore + 1);
        auto *oauth = static_cast<OAuthClientCredentials *>(client->authenticator());
        QVERIFY(oauth->grantedScopes().contains(Scope::WriteCalls));
        QVERIFY(oauth->expiresAt() > QDateTime::currentDateTimeUtc());
        QCOMPARE(oauth->tokenUrl().path(), QStringLiteral("/unlimcall/oauth/token"));
    }

    void oauthTokenIsRefreshedAfterRevocation()
    {
        VendorClient *client = oauthClient(UnlimCallSandbox::demoClientId());
        auto *s = service(client);
        auto balanceOk = [&] {
            const auto balance = awaitResult<Balance>([&](auto done) { s->fetchBalance(&m_context, done); });
            return balance && balance->ok();
        };
        QVERIFY(balanceOk());
        const int issued = vendor()->oauthTokensIssued();
        vendor()->revokeOAuthTokens(); // the next request meets a 401, fetches a new token, succeeds
        QVERIFY(balanceOk());
        QCOMPARE(vendor()->oauthTokensIssued(), issued + 1);
    }

    // The token's lifetime is measured on an injected clock: moving it forward stands for waiting.
    void oauthTokenIsReplacedBeforeItExpires()
    {
        QDateTime now = QDateTime::currentDateTimeUtc();
        VendorClient *client = oauthClient(UnlimCallSandbox::demoClientId(),
                                           UnlimCallSandbox::demoClientSecret(), [&now] { return now; });
        auto *oauth = static_cast<OAuthClientCredentials *>(client->authenticator());
        auto *s = service(client);
        auto balanceOk = [&] {
            const auto balance = awaitResult<Balance>([&](auto done) { s->fetchBalance(&m_context, done); });
            return balance && balance->ok();
        };
        vendor()->setOAuthTokenLifetimeSeconds(600);
        QVERIFY(balanceOk());
        vendor()->setOAuthTokenLifetimeSeconds(3600);
        const int issued = vendor()->oauthTokensIssued();
        QCOMPARE(oauth->expiresAt(), now.addSecs(600));

        now = now.addSecs(560); // still 40 s left, more than the 30 s margin: the token is reused
        QVERIFY(balanceOk());
        QCOMPARE(vendor()->oauthTokensIssued(), issued);
        QCOMPARE(oauth->tokensFetched(), 1);

        now = now.addSecs(15); // 25 s left: replaced before use, so it cannot expire on the way
        QVERIFY(balanceOk());
        QCOMPARE(vendor()->oauthTokensIssued(), issued + 1);
        QCOMPARE(oauth->tokensFetched(), 2);
        QCOMPARE(oauth->expiresAt(), now.addSecs(3600));
        QCOMPARE(requests("POST", QStringLiteral("/oauth/token")), 2);
    }

    // The token request goes through the network manager it was given (the hub's), not one of its
    // own, so it shares its proxy, TLS and connection settings.
    void oauthTokenRequestUsesTheGivenNetwork()
    {
        QStringList paths;
        QObject watcher;
        connect(m_sandbox->network(), &QNetworkAccessManager::finished, &watcher,
                [&paths](QNetworkReply *reply) { paths << reply->url().path(); });
        auto *s = service(oauthClient(UnlimCallSandbox::demoClientId()));
        const auto me = awaitResult<Me>([&](auto done) { s->fetchMe(&m_context, done); });
        QVERIFY(me && me->ok());
        QCOMPARE(requests("POST", QStringLiteral("/oauth/token")), 1);
        QVERIFY2(paths.contains(QStringLiteral("/unlimcall/oauth/token")),
                 qPrintable(paths.join(QLatin1Char(','))));
    }

    void oauthMissingScopeIsToldApart()
    {
        auto *s = service(oauthClient(UnlimCallSandbox::readOnlyClientId()));
        const auto result = place(s, callTo(QStringLiteral("+14155550132")));
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error().code, QStringLiteral("missing_scope"));
        QVERIFY(result->error().explanation.contains(QLatin1String("write:calls")));
        QCOMPARE(requests("POST", QStringLiteral("/calls")), 1); // spending: not sent again
    }

    // The token endpoint's errors are explained by the one error catalogue, and a refused client
    // is an authentication failure of the API client (the status bar says credentials refused).
    void oauthWrongSecretIsExplained()
    {
        VendorClient *client = oauthClient(UnlimCallSandbox::demoClientId(), "wrong-secret");
        QSignalSpy authFailed(client, &VendorClient::authenticationFailed);
        auto *s = service(client);
        const auto me = awaitResult<Me>([&](auto done) { s->fetchMe(&m_context, done); });
        QVERIFY(me && !me->ok());
        QCOMPARE(me->error().code, QStringLiteral("invalid_client"));
        QCOMPARE(me->error().httpStatus, 401);
        QCOMPARE(me->error().explanation,
                 ErrorCatalog::explain(Vendor::UnlimCall, QStringLiteral("invalid_client"), 401));
        QVERIFY(me->error().explanation.contains(QLatin1String("client ID or secret")));
        QCOMPARE(me->error().vendorMessage, QStringLiteral("Client authentication failed."));
        QVERIFY(authFailed.count() >= 1);
        QCOMPARE(requests("GET", QStringLiteral("/me")), 0); // nothing sent without a token
    }

    void oauthErrorCodesHaveTheirOwnSentence_data()
    {
        QTest::addColumn<QString>("code");
        for (const char *code : {"invalid_client", "unauthorized_client", "invalid_scope",
                                 "unsupported_grant_type", "invalid_request", "invalid_grant"})
            QTest::newRow(code) << QString::fromLatin1(code);
    }

    void oauthErrorCodesHaveTheirOwnSentence()
    {
        QFETCH(QString, code);
        QVERIFY(ErrorCatalog::knownCodes(Vendor::UnlimCall).contains(code));
        const ApiError error = ErrorCatalog::fromHttpResponse(
                Vendor::UnlimCall, 400,
                QJsonDocument(QJsonObject{{QStringLiteral("error"), code},
                                          {QStringLiteral("error_description"), QStringLiteral("why")}})
                        .toJson(),
                {});
        QCOMPARE(error.code, code);
        QCOMPARE(error.vendorMessage, QStringLiteral("why"));
        QVERIFY(error.explanation !=
                ErrorCatalog::explain(Vendor::UnlimCall, QStringLiteral("no_such_code"), 400));
    }

    // --- OAuth token URL and RFC 8414 discovery ---------------------------------------------------
    void defaultTokenUrlIsTheDocumentedOne()
    {
        OAuthClientCredentials::Config config;
        QCOMPARE(config.tokenUrl, QUrl(QStringLiteral("https://app.unlimcall.com/oauth/token")));
        const QUrl issuer = OAuthDiscovery::issuerOf(config.tokenUrl);
        QCOMPARE(issuer, QUrl(QStringLiteral("https://app.unlimcall.com")));
        QCOMPARE(OAuthDiscovery::metadataUrl(issuer),
                 QUrl(QStringLiteral("https://app.unlimcall.com/.well-known/oauth-authorization-server")));
    }

    void discoveryFindsTheSandboxTokenEndpoint()
    {
        const QUrl tokenUrl = m_sandbox->server()->unlimcallTokenUrl();
        const QUrl issuer = OAuthDiscovery::issuerOf(tokenUrl);
        QCOMPARE(issuer, m_sandbox->server()->unlimcallIssuerUrl());
        const Result<QUrl> found = discover(issuer);
        QVERIFY2(found.ok(), qPrintable(found.error().explanation));
        QCOMPARE(found.value(), tokenUrl);
        QCOMPARE(requests("GET", QStringLiteral("/.well-known/oauth-authorization-server")), 1);
    }

    void discoveryOfAServerWithoutMetadataIsExplained()
    {
        QUrl elsewhere = m_sandbox->server()->unlimcallIssuerUrl();
        elsewhere.setPath(QStringLiteral("/nothing-here"));
        const Result<QUrl> found = discover(elsewhere);
        QVERIFY(!found.ok());
        QCOMPARE(found.error().httpStatus, 404);
        QVERIFY2(found.error().explanation.contains(OAuthDiscovery::metadataUrl(elsewhere).toString()),
                 qPrintable(found.error().explanation));
    }

    void discoveredMetadataIsChecked_data()
    {
        QTest::addColumn<QJsonObject>("metadata");
        QTest::addColumn<QString>("code");
        const QString issuer = QStringLiteral("https://app.unlimcall.com");
        const QString token = QStringLiteral("https://app.unlimcall.com/oauth/token");
        QTest::newRow("another issuer")
                << QJsonObject{{QStringLiteral("issuer"), QStringLiteral("https://evil.example")},
                               {QStringLiteral("token_endpoint"), token}}
                << QStringLiteral("discovery_issuer_mismatch");
        QTest::newRow("no endpoint") << QJsonObject{{QStringLiteral("issuer"), issuer}}
                                     << QStringLiteral("discovery_no_token_endpoint");
        QTest::newRow("plain http") << QJsonObject{{QStringLiteral("issuer"), issuer},
                                                   {QStringLiteral("token_endpoint"),
                                                    QStringLiteral("http://app.unlimcall.com/oauth/token")}}
                                    << QStringLiteral("url_refused");
        QTest::newRow("no client_credentials")
                << QJsonObject{{QStringLiteral("issuer"), issuer},
                               {QStringLiteral("token_endpoint"), token},
                               {QStringLiteral("grant_types_supported"),
                                QJsonArray{QStringLiteral("authorization_code")}}}
                << QStringLiteral("discovery_no_client_credentials");
        QTest::newRow("good") << QJsonObject{{QStringLiteral("issuer"),
                                              QStringLiteral("https://app.unlimcall.com/")},
                                             {QStringLiteral("token_endpoint"), token},
                                             {QStringLiteral("grant_types_supported"),
                                              QJsonArray{QStringLiteral("client_credentials")}}}
                              << QString();
    }

    void discoveredMetadataIsChecked()
    {
        QFETCH(QJsonObject, metadata);
        QFETCH(QString, code);
        const Result<QUrl> endpoint =
                OAuthDiscovery::tokenEndpoint(metadata, QUrl(QStringLiteral("https://app.unlimcall.com")));
        if (code.isEmpty()) {
            QVERIFY2(endpoint.ok(), qPrintable(endpoint.error().explanation));
            QCOMPARE(endpoint.value(), QUrl(QStringLiteral("https://app.unlimcall.com/oauth/token")));
        } else {
            QVERIFY(!endpoint.ok());
            QCOMPARE(endpoint.error().code, code);
            QVERIFY(!endpoint.error().explanation.isEmpty());
        }
    }

    void cleanupTestCase() { m_sandbox.reset(); }
};

CC_TEST_GUILESS_MAIN(TestUnlimCallService)
#include "tst_unlimcallservice.moc"
