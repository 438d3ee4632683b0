#include "TestMain.h"

#include "core/Logging.h"
#include "core/Redaction.h"
#include "core/VendorClient.h"
#include "sandbox/SandboxServer.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <atomic>

// The one HTTP core against the sandbox over real loopback HTTP: retries only where they are
// safe, Retry-After honoured, timeouts, refused redirects and URLs, and no token in any log line.
class TestHttpCore : public QObject
{
    Q_OBJECT
private:
    SandboxServer *m_sandbox = nullptr;
    QNetworkAccessManager *m_network = nullptr;

    VendorClient *clientFor(Vendor vendor, QByteArray token = {}, SandboxServer *sandbox = nullptr)
    {
        auto *client = new VendorClient(vendor, m_network, this);
        client->setBaseUrl((sandbox ? sandbox : m_sandbox)->baseUrl(vendor));
        if (token.isEmpty())
            token = SandboxServer::demoToken(vendor);
        client->setAuthenticator(std::make_shared<TokenAuthenticator>(
                vendor == Vendor::Verloop ? TokenAuthenticator::Scheme::Raw
                                          : TokenAuthenticator::Scheme::Bearer,
                token));
        RetryPolicy fast;
        fast.baseDelayMs = 20;
        fast.maxDelayMs = 100;
        client->setRetryPolicy(fast);
        return client;
    }

    // A sandbox whose /cdrs pages are big: a thousand call records, read on a worker.
    static SandboxServer::Options bigCdrPages()
    {
        SandboxServer::Options options;
        options.unlimcallCdrDays = 3;
        options.unlimcallCdrsPerDay = 800;
        return options;
    }

    // Makes the sandbox misbehave for the next `count` matching requests (-1: until cleared).
    void inject(SandboxFault::Kind kind, Vendor vendor, int count = -1, const QByteArray &retryAfter = {})
    {
        SandboxFault fault;
        fault.kind = kind;
        fault.vendor = vendor;
        fault.count = count;
        fault.retryAfter = retryAfter;
        m_sandbox->addFault(fault);
    }

    static ApiCall outreachProbe()
    {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("workspaceId"), SandboxServer::demoOutreachWorkspaceId());
        return ApiCall::get(QStringLiteral("/campaigns/webhooks/event-types"), query);
    }

    static ApiCall verloopSend(const QString &campaignId)
    {
        return ApiCall::post(QStringLiteral("/Campaign/SendMessage"),
                             QJsonObject{{QStringLiteral("CampaignID"), campaignId},
                                         {QStringLiteral("To"),
                                          QJsonObject{{QStringLiteral("PhoneNumber"),
                                                       QStringLiteral("918123002929")}}},
                                         {QStringLiteral("ScheduledAt"),
                                          QJsonObject{{QStringLiteral("Time"),
                                                       QStringLiteral("2026-12-01T10:15:30Z")}}}})
                .spending();
    }

    // Sends `call` and stores its one answer in `response`. False when the reply never finished:
    // callers QVERIFY it, so a hang fails the test instead of reading as an empty success.
    [[nodiscard]] bool run(VendorClient *client, const ApiCall &call, ApiResponse &response,
                           QSignalSpy **retries = nullptr)
    {
        ApiReply *reply = client->send(call);
        QSignalSpy finished(reply, &ApiReply::finished);
        auto *retrySpy = new QSignalSpy(reply, &ApiReply::retryScheduled);
        if (!finished.wait(30'000)) {
            delete retrySpy;
            qWarning("%s %s: the reply never finished within 30 s", call.method.constData(),
                     qPrintable(call.path));
            return false;
        }
        if (retries)
            *retries = retrySpy;
        else
            delete retrySpy;
        response = finished.first().first().value<ApiResponse>();
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiResponse>();
        qRegisterMetaType<ApiError>();
        SandboxServer::Options options;
        options.unloopaLeadCount = 50;
        options.unlimcallCdrDays = 3;
        options.unlimcallCdrsPerDay = 20;
        m_sandbox = new SandboxServer(options, this);
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        m_network = new QNetworkAccessManager(this);
    }

    void init()
    {
        m_sandbox->clearFaults();
        m_sandbox->clearRequests();
        // A cancelled or timed-out reply is closed: reading it anyway is a bug Qt only warns about.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("QIODevice::read.*device not open")));
    }

    void succeedsWithJson()
    {
        VendorClient *client = clientFor(Vendor::Outreach2day);
        ApiResponse response;
        QVERIFY(run(client, outreachProbe(), response));
        QVERIFY2(response.ok(), qPrintable(response.error.summary()));
        QCOMPARE(response.httpStatus, 200);
        QCOMPARE(response.attempts, 1);
        QVERIFY(response.json.isObject());
    }

    // 401 is never retried, and reads as "the key is missing or invalid" for every vendor.
    void unauthorizedIsNeverRetried_data()
    {
        QTest::addColumn<int>("vendor");
        QTest::addColumn<QString>("code");
        QTest::newRow("outreach2day") << int(Vendor::Outreach2day) << "unauthorized";
        QTest::newRow("verloop twirp") << int(Vendor::Verloop) << "unauthenticated";
    }
    void unauthorizedIsNeverRetried()
    {
        QFETCH(int, vendor);
        QFETCH(QString, code);
        const Vendor v = Vendor(vendor);
        VendorClient *client = clientFor(v, "wrong-token-for-the-test");
        QSignalSpy authFailed(client, &VendorClient::authenticationFailed);
        const ApiCall call = v == Vendor::Verloop
                ? verloopSend(QStringLiteral("00000000-0000-4000-8000-000000000000"))
                : outreachProbe();
        ApiResponse response;
        QVERIFY(run(client, call, response));
        QCOMPARE(response.error.kind, ApiError::Kind::Vendor);
        QCOMPARE(response.httpStatus, 401);
        QCOMPARE(response.error.code, code);
        QVERIFY(response.error.isAuthFailure());
        QCOMPARE(response.attempts, 1);
        QCOMPARE(authFailed.count(), 1);
    }

    // H6: a 429 with Retry-After is waited out and retried; the wait is announced.
    void rateLimitHonoursRetryAfter()
    {
        VendorClient *client = clientFor(Vendor::Outreach2day);
        inject(SandboxFault::Kind::TooManyRequests, Vendor::Outreach2day, 1, "1");
        QSignalSpy *retries = nullptr;
        ApiResponse response;
        QVERIFY(run(client, outreachProbe(), response, &retries));
        QVERIFY2(response.ok(), qPrintable(response.error.summary()));
        QCOMPARE(response.attempts, 2);
        QCOMPARE(retries->count(), 1);
        QCOMPARE(retries->first().at(1).toInt(), 1000); // exactly the vendor's Retry-After
        QCOMPARE(retries->first().at(2).value<ApiError>().httpStatus, 429);
        delete retries;
    }

    // A Retry-After longer than the cap is shown to the operator instead of blocking the call.
    void longRetryAfterIsReportedNotWaited()
    {
        VendorClient *client = clientFor(Vendor::Outreach2day);
        inject(SandboxFault::Kind::TooManyRequests, Vendor::Outreach2day, -1, "3600");
        ApiResponse response;
        QVERIFY(run(client, outreachProbe(), response));
        QCOMPARE(response.httpStatus, 429);
        QCOMPARE(response.attempts, 1);
        QCOMPARE(response.error.retryAfterSeconds.value_or(-1), 3600);
    }

    // H7: 5xx on an idempotent read is retried with backoff, bounded.
    void serverErrorIsRetriedForReads()
    {
        VendorClient *client = clientFor(Vendor::Outreach2day);
        inject(SandboxFault::Kind::ServerError, Vendor::Outreach2day, 2);
        ApiResponse response;
        QVERIFY(run(client, outreachProbe(), response));
        QVERIFY2(response.ok(), qPrintable(response.error.summary()));
        QCOMPARE(response.attempts, 3);
        QCOMPARE(m_sandbox->requestCount(Vendor::Outreach2day, "GET",
                                         QStringLiteral("/campaigns/webhooks/event-types")),
                 3);
    }

    void retriesAreBounded()
    {
        VendorClient *client = clientFor(Vendor::Outreach2day);
        inject(SandboxFault::Kind::ServerError, Vendor::Outreach2day);
        ApiResponse response;
        QVERIFY(run(client, outreachProbe(), response));
        QCOMPARE(response.httpStatus, 503);
        QCOMPARE(response.attempts, client->retryPolicy().maxAttempts);
        QCOMPARE(m_sandbox->requestCount(Vendor::Outreach2day, "GET",
                                         QStringLiteral("/campaigns/webhooks/event-types")),
                 client->retryPolicy().maxAttempts);
    }

    // H5: a request that contacts a person is sent once, whatever the error.
    void spendingRequestIsNeverRetried()
    {
        VendorClient *client = clientFor(Vendor::Verloop);
        inject(SandboxFault::Kind::ServerError, Vendor::Verloop, 1);
        ApiResponse response;
        QVERIFY(run(client, verloopSend(QStringLiteral("00000000-0000-4000-8000-000000000000")), response));
        QVERIFY(response.error.isError());
        QCOMPARE(response.attempts, 1);
        QCOMPARE(m_sandbox->requestCount(Vendor::Verloop, "POST", QStringLiteral("/Campaign/SendMessage")),
                 1);
    }

    // O1: a request that contacts a person never leaves without the outbound guard's clearance:
    // with no guard installed it finishes as not_cleared and the vendor sees nothing.
    void contactingRequestWithoutGuardIsNotSent()
    {
        VendorClient *client = clientFor(Vendor::Verloop);
        QVERIFY(!client->outboundGate());
        ApiCall call = verloopSend(QStringLiteral("00000000-0000-4000-8000-000000000000"));
        call.contactingWith(QStringLiteral("a-clearance-no-guard-issued"), QStringLiteral("message_id"));
        ApiResponse response;
        QVERIFY(run(client, call, response));
        QCOMPARE(response.error.kind, ApiError::Kind::Local);
        QCOMPARE(response.error.code, QStringLiteral("not_cleared"));
        QCOMPARE(response.httpStatus, 0);
        QCOMPARE(m_sandbox->requestCount(Vendor::Verloop, "POST", QStringLiteral("/Campaign/SendMessage")),
                 0);
    }

    // A contacting call is never retried, even one built without spending() by hand.
    void contactingCallMayNeverBeRetried()
    {
        ApiCall call = ApiCall::post(QStringLiteral("/calls"), {}).withHeader("Idempotency-Key", "k1");
        QVERIFY(call.mayRetry());
        call.contacting = true;
        QVERIFY(!call.mayRetry());
    }

    // H3: a server that never answers yields a clear timeout.
    void hangingServerTimesOut()
    {
        VendorClient *client = clientFor(Vendor::Outreach2day);
        client->setRetryPolicy(RetryPolicy::none());
        inject(SandboxFault::Kind::Hang, Vendor::Outreach2day);
        ApiResponse response;
        QVERIFY(run(client, outreachProbe().withTimeout(400), response));
        QCOMPARE(response.error.kind, ApiError::Kind::Timeout);
        QCOMPARE(response.error.code, QStringLiteral("timeout"));
        QVERIFY(response.error.explanation.contains(QStringLiteral("did not answer")));
    }

    // H2: a redirect to another origin is not followed, so the token never reaches it.
    void crossOriginRedirectLeaksNoToken()
    {
        VendorClient *client = clientFor(Vendor::Outreach2day);
        inject(SandboxFault::Kind::RedirectOtherOrigin, Vendor::Outreach2day);
        ApiResponse response;
        QVERIFY(run(client, outreachProbe(), response));
        QCOMPARE(response.error.kind, ApiError::Kind::Redirect);
        QCOMPARE(response.attempts, 1);
        // The vendor's origin answered with the redirect; the other origin saw nothing at all.
        QCOMPARE(m_sandbox->requestCount(Vendor::Outreach2day, "GET",
                                         QStringLiteral("/campaigns/webhooks/event-types")),
                 1);
        int reachedOtherOrigin = 0;
        for (const SandboxRecordedRequest &request : m_sandbox->requests())
            reachedOtherOrigin += request.otherOrigin ? 1 : 0;
        QCOMPARE(reachedOtherOrigin, 0);
    }

    void malformedJsonIsAnError()
    {
        VendorClient *client = clientFor(Vendor::Outreach2day);
        inject(SandboxFault::Kind::MalformedJson, Vendor::Outreach2day, 1);
        ApiResponse response;
        QVERIFY(run(client, outreachProbe(), response));
        QCOMPARE(response.error.kind, ApiError::Kind::Malformed);
        QVERIFY(!response.error.explanation.isEmpty());
    }

    // A big answer (a page of a thousand call records) is parsed and decoded on a worker, so the
    // GUI thread keeps painting; a small one right away. Either way the caller gets the same.
    void bigAnswersAreReadOffTheGuiThread()
    {
        SandboxServer busy(bigCdrPages());
        QVERIFY2(busy.start(), qPrintable(busy.errorString()));
        VendorClient *client = clientFor(Vendor::UnlimCall, {}, &busy);
        const auto cdrs = [](int limit) {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("from"),
                               QDateTime::currentDateTimeUtc().addDays(-3).toString(Qt::ISODate));
            query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
            return ApiCall::get(QStringLiteral("/cdrs"), query).decodedBy([](const QJsonDocument &json) {
                return std::any(std::make_pair(QThread::currentThread(),
                                               json.object().value(QLatin1String("calls")).toArray().size()));
            });
        };
        using Decoded = std::pair<QThread *, qsizetype>;
        ApiResponse big;
        QVERIFY(run(client, cdrs(1000), big));
        QVERIFY2(big.ok(), qPrintable(big.error.summary()));
        QVERIFY(big.body.size() > 64 * 1024);
        const auto *bigDecoded = std::any_cast<Decoded>(&big.decoded);
        QVERIFY(bigDecoded);
        QCOMPARE(bigDecoded->second, qsizetype(1000));
        QVERIFY(bigDecoded->first != QThread::currentThread());
        QCOMPARE(big.json.object().value(QLatin1String("calls")).toArray().size(), qsizetype(1000));

        ApiResponse small;
        QVERIFY(run(client, cdrs(5), small));
        const auto *smallDecoded = std::any_cast<Decoded>(&small.decoded);
        QVERIFY(smallDecoded);
        QCOMPARE(smallDecoded->second, qsizetype(5));
        QCOMPARE(smallDecoded->first, QThread::currentThread());

        // A big malformed answer is still a clear error, and nothing is decoded.
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::MalformedJson;
        fault.vendor = Vendor::UnlimCall;
        fault.count = 1;
        busy.addFault(fault);
        ApiResponse broken;
        QVERIFY(run(client, cdrs(1000), broken));
        QCOMPARE(broken.error.kind, ApiError::Kind::Malformed);
        QVERIFY(!broken.decoded.has_value());
        busy.stop();
    }

    // A caller that goes on from the raw answer (the CDR retriever) lets big answers be read once
    // answers stop arriving for a moment: each is still read whole, on a worker, after answered().
    // Until its reading starts, a cancel costs nothing: it is never read.
    void answersReadWhenQuietAreReadWholeAndNotWhenCancelled()
    {
        SandboxServer busy(bigCdrPages());
        QVERIFY2(busy.start(), qPrintable(busy.errorString()));
        VendorClient *client = clientFor(Vendor::UnlimCall, {}, &busy);
        auto reads = std::make_shared<std::atomic<int>>(0);
        const auto cdrs = [reads] {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("from"),
                               QDateTime::currentDateTimeUtc().addDays(-3).toString(Qt::ISODate));
            query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
            return ApiCall::get(QStringLiteral("/cdrs"), query).decodedBy([reads](const QJsonDocument &json) {
                ++*reads;
                return std::any(std::make_pair(QThread::currentThread(),
                                               json.object().value(QLatin1String("calls")).toArray().size()));
            });
        };
        using Decoded = std::pair<QThread *, qsizetype>;

        // Answers to requests sent together: every one read whole, after its raw answer.
        QList<ApiReply *> replies;
        QList<std::shared_ptr<QStringList>> events;
        for (int i = 0; i < 3; ++i) {
            ApiReply *reply = client->send(cdrs());
            reply->setReadWhenQuiet(true);
            auto order = std::make_shared<QStringList>();
            connect(reply, &ApiReply::answered, this, [order] { order->append(QStringLiteral("answered")); });
            connect(reply, &ApiReply::finished, this, [order](const ApiResponse &response) {
                const auto *decoded = std::any_cast<Decoded>(&response.decoded);
                order->append(decoded && decoded->first != QThread::currentThread()
                                      ? QStringLiteral("read %1 rows on a worker").arg(decoded->second)
                                      : QStringLiteral("not read: %1").arg(response.error.summary()));
            });
            replies.append(reply);
            events.append(order);
        }
        const QStringList whole{QStringLiteral("answered"), QStringLiteral("read 1000 rows on a worker")};
        for (const auto &order : std::as_const(events))
            QTRY_COMPARE_WITH_TIMEOUT(*order, whole, 30'000);
        QCOMPARE(reads->load(), 3);

        // Cancelled as its raw answer arrives: finished as cancelled, and never read.
        ApiReply *cancelled = client->send(cdrs());
        cancelled->setReadWhenQuiet(true);
        QSignalSpy cancelledFinished(cancelled, &ApiReply::finished);
        connect(cancelled, &ApiReply::answered, cancelled, &ApiReply::abort);
        QVERIFY(cancelledFinished.wait(30'000));
        QCOMPARE(cancelledFinished.first().first().value<ApiResponse>().error.kind,
                 ApiError::Kind::Cancelled);
        // A later answer, read at once, is read after a cancelled one's reading would have begun.
        ApiResponse later;
        QVERIFY(run(client, cdrs(), later));
        QVERIFY2(later.ok(), qPrintable(later.error.summary()));
        QCOMPARE(reads->load(), 4);
        busy.stop();
    }

    // A call's scanner reads the body itself (no document is built); when it gives up, the body
    // is parsed and decoded as for any call, and a malformed one is the same clear error.
    void scannedAnswersFallBackToTheDocumentWhenTheScannerGivesUp()
    {
        VendorClient *client = clientFor(Vendor::UnlimCall);
        QByteArray scannedBody;
        bool scannerGivesUp = false;
        const auto cdrs = [&] {
            return ApiCall::get(QStringLiteral("/cdrs"))
                    .scannedBy([&](QByteArrayView body) {
                        scannedBody = body.toByteArray();
                        return scannerGivesUp ? std::any() : std::any(QStringLiteral("scanned"));
                    })
                    .decodedBy([](const QJsonDocument &) { return std::any(QStringLiteral("decoded")); });
        };
        ApiResponse scanned;
        QVERIFY(run(client, cdrs(), scanned));
        QVERIFY2(scanned.ok(), qPrintable(scanned.error.summary()));
        QCOMPARE(std::any_cast<QString>(scanned.decoded), QStringLiteral("scanned"));
        QCOMPARE(scannedBody, scanned.body);
        QVERIFY(scanned.json.isNull());

        scannerGivesUp = true;
        ApiResponse decoded;
        QVERIFY(run(client, cdrs(), decoded));
        QVERIFY2(decoded.ok(), qPrintable(decoded.error.summary()));
        QCOMPARE(std::any_cast<QString>(decoded.decoded), QStringLiteral("decoded"));
        QVERIFY(decoded.json.isObject());

        SandboxFault fault;
        fault.kind = SandboxFault::Kind::MalformedJson;
        fault.vendor = Vendor::UnlimCall;
        fault.count = 1;
        m_sandbox->addFault(fault);
        ApiResponse broken;
        QVERIFY(run(client, cdrs(), broken));
        QCOMPARE(broken.error.kind, ApiError::Kind::Malformed);
        QVERIFY(!broken.decoded.has_value());
    }

    // H1: plain http to a non-loopback host is refused before any connection is opened. A local
    // proxy stands in for the network: it must see no connection at all.
    void plainHttpToRemoteHostIsRefused()
    {
        QTcpServer proxy;
        QVERIFY(proxy.listen(QHostAddress::LocalHost));
        QNetworkAccessManager proxiedNetwork;
        proxiedNetwork.setProxy(
                QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.serverPort()));
        VendorClient client(Vendor::Unloopa, &proxiedNetwork);
        client.setAuthenticator(
                std::make_shared<TokenAuthenticator>(TokenAuthenticator::Scheme::Bearer, "unlpa_live_x"));
        client.setBaseUrl(QUrl(QStringLiteral("http://dashboard.unloopa.com/api/v1")));
        ApiReply *reply = client.send(ApiCall::get(QStringLiteral("/quota")));
        QSignalSpy finished(reply, &ApiReply::finished);
        QVERIFY(finished.wait(10'000));
        const ApiResponse response = finished.first().first().value<ApiResponse>();
        QCOMPARE(response.error.kind, ApiError::Kind::UrlRefused);
        QVERIFY(response.error.explanation.contains(QStringLiteral("https")));
        // The same through https goes out (to the proxy), proving the proxy would have seen it.
        // The first connection the proxy gets is that https tunnel: a plain request started
        // before it would have connected first.
        client.setBaseUrl(QUrl(QStringLiteral("https://dashboard.unloopa.com/api/v1")));
        client.setRetryPolicy(RetryPolicy::none());
        ApiReply *allowed = client.send(ApiCall::get(QStringLiteral("/quota")).withTimeout(2000));
        QTRY_VERIFY_WITH_TIMEOUT(proxy.hasPendingConnections(), 10'000);
        QTcpSocket *first = proxy.nextPendingConnection();
        QTRY_VERIFY_WITH_TIMEOUT(first->canReadLine(), 10'000);
        const QByteArray requestLine = first->readLine();
        QVERIFY2(requestLine.startsWith("CONNECT dashboard.unloopa.com:443 "), requestLine.constData());
        allowed->abort();
    }

    void cancelStopsARequest()
    {
        VendorClient *client = clientFor(Vendor::Outreach2day);
        inject(SandboxFault::Kind::Hang, Vendor::Outreach2day);
        ApiReply *reply = client->send(outreachProbe());
        QSignalSpy finished(reply, &ApiReply::finished);
        QTRY_COMPARE(client->inFlightCount(), 1);
        QTRY_VERIFY(m_sandbox->requestCount(Vendor::Outreach2day, "GET",
                                            QStringLiteral("/campaigns/webhooks/event-types")) == 1);
        reply->abort();
        QVERIFY(finished.count() == 1 || finished.wait(5000));
        QCOMPARE(finished.first().first().value<ApiResponse>().error.kind, ApiError::Kind::Cancelled);
        QCOMPARE(client->inFlightCount(), 0);
    }

    // S4: whatever is logged while talking to vendors carries no token.
    void logsCarryNoToken()
    {
        static QStringList captured;
        captured.clear();
        qInstallMessageHandler(
                [](QtMsgType, const QMessageLogContext &, const QString &message) { captured << message; });
        Redaction::installMessageHandler();
        QLoggingCategory::setFilterRules(QStringLiteral("cc.http.debug=true"));

        const QByteArray token = SandboxServer::demoToken(Vendor::Outreach2day);
        VendorClient *client = clientFor(Vendor::Outreach2day);
        inject(SandboxFault::Kind::ServerError, Vendor::Outreach2day, 1);
        ApiResponse response;
        QVERIFY(run(client, outreachProbe(), response));
        QVERIFY(response.ok());
        // Code that logs a request's headers by mistake must still not leak.
        qCWarning(lcHttp) << "request headers: Authorization: Bearer" << token;
        qCInfo(lcHttp).noquote() << "raw token" << QString::fromUtf8(token);

        QLoggingCategory::setFilterRules(QString());
        qInstallMessageHandler(nullptr);
        QVERIFY(!captured.isEmpty());
        QVERIFY2(captured.join(QLatin1Char('\n')).contains(QStringLiteral("retrying")),
                 "the retry is logged");
        for (const QString &line : std::as_const(captured))
            QVERIFY2(!line.contains(QString::fromUtf8(token)), qPrintable(line));
    }

    void cleanupTestCase() { m_sandbox->stop(); }
};

CC_TEST_GUILESS_MAIN(TestHttpCore)
#include "tst_httpcore.moc"
