// The sandbox framework over real HTTP: routing, per-vendor authorization and error envelopes,
// every fault kind, the request log, the control endpoints, determinism, and the Verloop and
// Outreach2day modules.

#include "SandboxFixture.h"
#include "TestMain.h"

#include "core/ApiCall.h"
#include "core/VendorClient.h"
#include "sandbox/Outreach2daySandbox.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/VerloopSandbox.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSet>
#include <QUuid>

namespace {

// A guard against a test hanging forever, not a speed requirement.
constexpr int kHangGuardMs = 60'000;
const QString kPing = QStringLiteral("/sandbox-test/ping");

struct Http
{
    bool finished = false;
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;
    bool jsonOk = false;
    QUrl url;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &pair : headers) {
            if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
                return pair.second;
        }
        return {};
    }
};

QUrl urlFor(const SandboxServer &server, Vendor vendor, const QString &path, const QUrlQuery &query = {})
{
    QUrl url = server.baseUrl(vendor);
    url.setPath(url.path() + path);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

QUrl controlUrl(const SandboxServer &server, const QString &path)
{
    QUrl url = server.baseUrl(Vendor::Unloopa);
    url.setPath(QStringLiteral("/_sandbox") + path);
    return url;
}

QByteArray authorizationFor(Vendor vendor, const QByteArray &token)
{
    return vendor == Vendor::Verloop ? token : QByteArray("Bearer " + token);
}

QNetworkReply *start(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url,
                     const QByteArray &authorization = {}, const QByteArray &body = {},
                     const QByteArray &contentType = "application/json",
                     QNetworkRequest::RedirectPolicy redirects = QNetworkRequest::ManualRedirectPolicy)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, redirects);
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    return network.sendCustomRequest(request, method, body);
}

Http finish(QNetworkReply *reply)
{
    Http result;
    result.finished = QTest::qWaitFor([reply] { return reply->isFinished(); }, kHangGuardMs);
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    if (reply->isOpen())
        result.body = reply->readAll();
    result.url = reply->url();
    result.headers = reply->rawHeaderPairs();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(result.body, &parseError);
    result.jsonOk = parseError.error == QJsonParseError::NoError && document.isObject();
    result.json = document.object();
    reply->deleteLater();
    return result;
}

Http send(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url,
          const QByteArray &authorization = {}, const QByteArray &body = {},
          const QByteArray &contentType = "application/json")
{
    return finish(start(network, method, url, authorization, body, contentType));
}

// The vendor's error code from its own envelope.
QString errorCode(Vendor vendor, const QJsonObject &json)
{
    switch (vendor) {
    case Vendor::Unloopa:
        return json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    case Vendor::UnlimCall:
    case Vendor::Outreach2day:
        return json.value(QStringLiteral("error")).toString();
    case Vendor::Verloop:
        return json.value(QStringLiteral("code")).toString();
    }
    return {};
}

QByteArray sendMessageBody(const QString &campaignId, const QString &phone = QStringLiteral("918123002929"),
                           const QString &time = QStringLiteral("2026-03-04T10:15:30Z"))
{
    return QJsonDocument(
                   QJsonObject{{QStringLiteral("CampaignID"), campaignId},
                               {QStringLiteral("To"), QJsonObject{{QStringLiteral("PhoneNumber"), phone}}},
                               {QStringLiteral("ScheduledAt"), QJsonObject{{QStringLiteral("Time"), time}}}})
            .toJson(QJsonDocument::Compact);
}

} // namespace

class TestSandboxServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void routesCapturePlaceholdersAndQuery();
    void unknownRootPathIsNotFound();
    void unauthorizedUsesTheVendorsEnvelope_data();
    void unauthorizedUsesTheVendorsEnvelope();
    void limitedScopeTokenOnlyIdentifies();
    void notFoundAndMethodNotAllowed_data();
    void notFoundAndMethodNotAllowed();

    void tooManyRequestsWithRetryAfter_data();
    void tooManyRequestsWithRetryAfter();
    void serverErrorEnvelopes_data();
    void serverErrorEnvelopes();
    void malformedJsonIsTruncated();
    void latencyDelaysTheAnswer();
    void globalLatencyDelaysEveryAnswer();
    void faultsMatchVendorPathAndMethod();
    void hangingRequestThenStopDoesNotCrash();
    void hangingRequestAbortedByClientThenStop();
    void delayedAnswerToAClientThatLeft();
    void redirectLandsOnTheOtherOrigin();
    void restartAfterStop();
    void stopFromARequestReceivedSlot();

    void requestLogAndSignal();
    void controlEndpoints();
    void sameSeedSameData();

    void verloopSendMessageAccepts_data();
    void verloopSendMessageAccepts();
    void verloopSendMessageRejects_data();
    void verloopSendMessageRejects();
    void verloopRequiresJsonContentType();

    void outreachRequiresTheDemoWorkspace();
    void fixtureClientsReachEveryVendor();

private:
    std::unique_ptr<SandboxFixture> m_sandbox;
    SandboxServer *server() const { return m_sandbox->server(); }
    QNetworkAccessManager &network() const { return *m_sandbox->network(); }
    QByteArray auth(Vendor vendor) const
    {
        return authorizationFor(vendor, SandboxServer::demoToken(vendor));
    }
};

void TestSandboxServer::init()
{
    m_sandbox = std::make_unique<SandboxFixture>();
    QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
    // A plain endpoint on every vendor, so framework behaviour is tested apart from the modules.
    for (Vendor vendor : Vendors::all()) {
        server()->route(vendor, "GET", kPing, [vendor](const SandboxRequest &request) {
            return SandboxResponse::json(QJsonObject{{QStringLiteral("vendor"), Vendors::id(vendor)},
                                                     {QStringLiteral("pong"), true},
                                                     {QStringLiteral("path"), request.path}});
        });
    }
}

void TestSandboxServer::cleanup()
{
    m_sandbox.reset();
}

void TestSandboxServer::routesCapturePlaceholdersAndQuery()
{
    SandboxRequest seen;
    server()->route(Vendor::UnlimCall, "POST", QStringLiteral("/sandbox-test/{id}/parts/{part}"),
                    [&seen](const SandboxRequest &request) {
                        seen = request;
                        return SandboxResponse::json(QJsonObject{{QStringLiteral("ok"), true}}, 201);
                    });
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("name"), QStringLiteral("a b&c"));
    const Http http =
            send(network(), "POST",
                 urlFor(*server(), Vendor::UnlimCall, QStringLiteral("/sandbox-test/42/parts/abc"), query),
                 auth(Vendor::UnlimCall), R"({"x":1})");
    QVERIFY(http.finished);
    QCOMPARE(http.status, 201);
    QCOMPARE(http.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(seen.vendor, Vendor::UnlimCall);
    QCOMPARE(seen.method, QByteArray("POST"));
    QCOMPARE(seen.path, QStringLiteral("/sandbox-test/42/parts/abc"));
    QCOMPARE(seen.pathArgs.value(QStringLiteral("id")), QStringLiteral("42"));
    QCOMPARE(seen.pathArgs.value(QStringLiteral("part")), QStringLiteral("abc"));
    QCOMPARE(seen.queryValue(QStringLiteral("name")), QStringLiteral("a b&c"));
    QVERIFY(seen.hasQuery(QStringLiteral("name")));
    bool ok = false;
    QCOMPARE(seen.jsonObject(&ok).value(QStringLiteral("x")).toInt(), 1);
    QVERIFY(ok);
    QCOMPARE(seen.header("authorization"), auth(Vendor::UnlimCall));

    // Same pattern, different segment count: not this route.
    const Http shorter = send(network(), "POST",
                              urlFor(*server(), Vendor::UnlimCall, QStringLiteral("/sandbox-test/42/parts")),
                              auth(Vendor::UnlimCall), "{}");
    QCOMPARE(shorter.status, 404);
}

void TestSandboxServer::unknownRootPathIsNotFound()
{
    QUrl url = server()->baseUrl(Vendor::Unloopa);
    url.setPath(QStringLiteral("/nothing/here"));
    const Http http = send(network(), "GET", url);
    QCOMPARE(http.status, 404);
    QCOMPARE(http.json.value(QStringLiteral("error")).toString(), QStringLiteral("not_found"));
}

void TestSandboxServer::unauthorizedUsesTheVendorsEnvelope_data()
{
    QTest::addColumn<Vendor>("vendor");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QString>("code");

    for (Vendor vendor : Vendors::all()) {
        const QString code = vendor == Vendor::Verloop ? QStringLiteral("unauthenticated")
                                                       : QStringLiteral("unauthorized");
        const QByteArray id = Vendors::id(vendor).toLatin1();
        QTest::newRow(QByteArray(id + "-missing").constData()) << vendor << QByteArray() << code;
        QTest::newRow(QByteArray(id + "-wrong").constData())
                << vendor << authorizationFor(vendor, "wrong-token") << code;
    }
    // The right token in the wrong scheme.
    QTest::newRow("verloop-bearer") << Vendor::Verloop
                                    << QByteArray("Bearer " + SandboxServer::demoToken(Vendor::Verloop))
                                    << QStringLiteral("unauthenticated");
    QTest::newRow("unloopa-raw") << Vendor::Unloopa << SandboxServer::demoToken(Vendor::Unloopa)
                                 << QStringLiteral("unauthorized");
    QTest::newRow("unloopa-with-unlimcall-token")
            << Vendor::Unloopa
            << authorizationFor(Vendor::Unloopa, SandboxServer::demoToken(Vendor::UnlimCall))
            << QStringLiteral("unauthorized");
}

void TestSandboxServer::unauthorizedUsesTheVendorsEnvelope()
{
    QFETCH(Vendor, vendor);
    QFETCH(QByteArray, authorization);
    QFETCH(QString, code);

    const Http refused = send(network(), "GET", urlFor(*server(), vendor, kPing), authorization);
    QVERIFY(refused.finished);
    QCOMPARE(refused.status, 401);
    QVERIFY2(refused.jsonOk, refused.body.constData());
    QCOMPARE(errorCode(vendor, refused.json), code);
    switch (vendor) {
    case Vendor::Unloopa:
        QVERIFY(!refused.json.value(QStringLiteral("error"))
                         .toObject()
                         .value(QStringLiteral("message"))
                         .toString()
                         .isEmpty());
        QVERIFY(refused.json.value(QStringLiteral("error"))
                        .toObject()
                        .value(QStringLiteral("details"))
                        .isObject());
        break;
    case Vendor::UnlimCall:
    case Vendor::Outreach2day:
        QVERIFY(!refused.json.value(QStringLiteral("message")).toString().isEmpty());
        break;
    case Vendor::Verloop:
        // Exactly the documented body.
        QCOMPARE(refused.json,
                 (QJsonObject{{QStringLiteral("code"), QStringLiteral("unauthenticated")},
                              {QStringLiteral("msg"), QStringLiteral("Authentication required")}}));
        break;
    }

    const Http accepted = send(network(), "GET", urlFor(*server(), vendor, kPing), auth(vendor));
    QCOMPARE(accepted.status, 200);
    QCOMPARE(accepted.json.value(QStringLiteral("pong")).toBool(), true);
}

void TestSandboxServer::limitedScopeTokenOnlyIdentifies()
{
    const QByteArray limited = SandboxServer::limitedScopeToken(Vendor::UnlimCall);
    QVERIFY(!limited.isEmpty());
    QVERIFY(limited != SandboxServer::demoToken(Vendor::UnlimCall));

    const Http refused =
            send(network(), "GET", urlFor(*server(), Vendor::UnlimCall, kPing), "Bearer " + limited);
    QCOMPARE(refused.status, 401);
    QCOMPARE(errorCode(Vendor::UnlimCall, refused.json), QStringLiteral("unauthorized"));
    QVERIFY(refused.json.value(QStringLiteral("message")).toString().contains(QStringLiteral("scope")));

    SandboxRequest me;
    me.vendor = Vendor::UnlimCall;
    me.method = "GET";
    me.path = QStringLiteral("/me");
    me.headers = {{"Authorization", "Bearer " + limited}};
    QVERIFY(server()->isAuthorized(Vendor::UnlimCall, me));
    QVERIFY(!server()->hasScope(Vendor::UnlimCall, me, QStringLiteral("read:balance")));
    SandboxRequest balance = me;
    balance.path = QStringLiteral("/balance");
    QVERIFY(!server()->isAuthorized(Vendor::UnlimCall, balance));
    balance.headers = {{"Authorization", "Bearer " + SandboxServer::demoToken(Vendor::UnlimCall)}};
    QVERIFY(server()->isAuthorized(Vendor::UnlimCall, balance));
    QVERIFY(server()->hasScope(Vendor::UnlimCall, balance, QStringLiteral("read:balance")));
}

void TestSandboxServer::notFoundAndMethodNotAllowed_data()
{
    QTest::addColumn<Vendor>("vendor");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    QTest::newRow("unloopa-unknown") << Vendor::Unloopa << QByteArray("GET")
                                     << QStringLiteral("/no/such/thing") << 404
                                     << QStringLiteral("not_found");
    QTest::newRow("unloopa-method") << Vendor::Unloopa << QByteArray("DELETE") << kPing << 405
                                    << QStringLiteral("method_not_allowed");
    QTest::newRow("unlimcall-unknown") << Vendor::UnlimCall << QByteArray("GET") << QStringLiteral("/nope")
                                       << 404 << QStringLiteral("not_found");
    QTest::newRow("unlimcall-method") << Vendor::UnlimCall << QByteArray("POST") << kPing << 405
                                      << QStringLiteral("method_not_allowed");
    QTest::newRow("outreach-unknown") << Vendor::Outreach2day << QByteArray("GET") << QStringLiteral("/nope")
                                      << 404 << QStringLiteral("not_found");
    QTest::newRow("outreach-method") << Vendor::Outreach2day << QByteArray("DELETE")
                                     << QStringLiteral("/campaigns/webhooks/event-types") << 405
                                     << QStringLiteral("method_not_allowed");
    // Twirp: unknown routes and non-POST methods are both bad_route (404).
    QTest::newRow("verloop-unknown") << Vendor::Verloop << QByteArray("POST")
                                     << QStringLiteral("/Campaign/Nope") << 404
                                     << QStringLiteral("bad_route");
    QTest::newRow("verloop-method") << Vendor::Verloop << QByteArray("GET")
                                    << QStringLiteral("/Campaign/SendMessage") << 404
                                    << QStringLiteral("bad_route");
    QTest::newRow("vendor-root") << Vendor::Unloopa << QByteArray("GET") << QString() << 404
                                 << QStringLiteral("not_found");
}

void TestSandboxServer::notFoundAndMethodNotAllowed()
{
    QFETCH(Vendor, vendor);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QString, code);

    const Http http = send(network(), method, urlFor(*server(), vendor, path), auth(vendor));
    QVERIFY(http.finished);
    QCOMPARE(http.status, status);
    QVERIFY2(http.jsonOk, http.body.constData());
    QCOMPARE(errorCode(vendor, http.json), code);
    if (status == 405)
        QVERIFY(!http.header("Allow").isEmpty());
}

void TestSandboxServer::tooManyRequestsWithRetryAfter_data()
{
    QTest::addColumn<Vendor>("vendor");
    QTest::addColumn<QString>("code");
    QTest::newRow("unloopa") << Vendor::Unloopa << QStringLiteral("rate_limited");
    QTest::newRow("unlimcall") << Vendor::UnlimCall << QStringLiteral("rate_limited");
    QTest::newRow("verloop") << Vendor::Verloop << QStringLiteral("resource_exhausted");
    QTest::newRow("outreach2day") << Vendor::Outreach2day << QStringLiteral("rate_limited");
}

void TestSandboxServer::tooManyRequestsWithRetryAfter()
{
    QFETCH(Vendor, vendor);
    QFETCH(QString, code);

    SandboxFault fault;
    fault.kind = SandboxFault::Kind::TooManyRequests;
    fault.vendor = vendor;
    fault.count = 1;
    fault.retryAfter = "7";
    server()->addFault(fault);

    const Http limited = send(network(), "GET", urlFor(*server(), vendor, kPing), auth(vendor));
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.header("Retry-After"), QByteArray("7"));
    QCOMPARE(errorCode(vendor, limited.json), code);

    // count = 1: the next request goes through.
    const Http next = send(network(), "GET", urlFor(*server(), vendor, kPing), auth(vendor));
    QCOMPARE(next.status, 200);
    QVERIFY(server()->faults().isEmpty());
}

void TestSandboxServer::serverErrorEnvelopes_data()
{
    QTest::addColumn<Vendor>("vendor");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("unloopa-500") << Vendor::Unloopa << 500 << QStringLiteral("internal_error");
    QTest::newRow("unlimcall-503") << Vendor::UnlimCall << 503 << QStringLiteral("internal_error");
    QTest::newRow("verloop-500") << Vendor::Verloop << 500 << QStringLiteral("internal");
    QTest::newRow("verloop-503") << Vendor::Verloop << 503 << QStringLiteral("unavailable");
    QTest::newRow("outreach2day-502") << Vendor::Outreach2day << 502 << QStringLiteral("internal_error");
}

void TestSandboxServer::serverErrorEnvelopes()
{
    QFETCH(Vendor, vendor);
    QFETCH(int, status);
    QFETCH(QString, code);

    SandboxFault fault;
    fault.kind = SandboxFault::Kind::ServerError;
    fault.vendor = vendor;
    fault.status = status;
    fault.count = 2;
    server()->addFault(fault);

    for (int i = 0; i < 2; ++i) {
        const Http failed = send(network(), "GET", urlFor(*server(), vendor, kPing), auth(vendor));
        QCOMPARE(failed.status, status);
        QCOMPARE(errorCode(vendor, failed.json), code);
    }
    QCOMPARE(send(network(), "GET", urlFor(*server(), vendor, kPing), auth(vendor)).status, 200);
}

void TestSandboxServer::malformedJsonIsTruncated()
{
    SandboxFault fault;
    fault.kind = SandboxFault::Kind::MalformedJson;
    fault.vendor = Vendor::Outreach2day;
    fault.count = 1;
    server()->addFault(fault);

    QUrlQuery query;
    query.addQueryItem(QStringLiteral("workspaceId"), SandboxServer::demoOutreachWorkspaceId());
    const QUrl url =
            urlFor(*server(), Vendor::Outreach2day, QStringLiteral("/campaigns/webhooks/event-types"), query);
    const Http broken = send(network(), "GET", url, auth(Vendor::Outreach2day));
    QCOMPARE(broken.status, 200);
    QCOMPARE(broken.header("Content-Type"), QByteArray("application/json"));
    QVERIFY(!broken.body.isEmpty());
    QVERIFY(!broken.jsonOk);

    const Http whole = send(network(), "GET", url, auth(Vendor::Outreach2day));
    QVERIFY(whole.jsonOk);
    QVERIFY(whole.body.startsWith(broken.body));
}

void TestSandboxServer::latencyDelaysTheAnswer()
{
    SandboxFault fault;
    fault.kind = SandboxFault::Kind::Latency;
    fault.vendor = Vendor::Unloopa;
    fault.latencyMs = 300;
    fault.count = 1;
    server()->addFault(fault);

    QElapsedTimer timer;
    timer.start();
    const Http slow =
            send(network(), "GET", urlFor(*server(), Vendor::Unloopa, kPing), auth(Vendor::Unloopa));
    QCOMPARE(slow.status, 200);
    QVERIFY2(timer.elapsed() >= 300, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(slow.json.value(QStringLiteral("pong")).toBool(), true);
}

void TestSandboxServer::globalLatencyDelaysEveryAnswer()
{
    server()->setLatency(200);
    QCOMPARE(server()->latency(), 200);
    for (Vendor vendor : {Vendor::UnlimCall, Vendor::Verloop}) {
        QElapsedTimer timer;
        timer.start();
        const Http slow = send(network(), "GET", urlFor(*server(), vendor, kPing), auth(vendor));
        QCOMPARE(slow.status, 200);
        QVERIFY(timer.elapsed() >= 200);
    }

    // The option does the same from the start.
    SandboxServer::Options options = SandboxFixture::smallOptions();
    options.latencyMs = 150;
    SandboxFixture slowSandbox(options);
    QVERIFY(slowSandbox.start());
    QElapsedTimer timer;
    timer.start();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("workspaceId"), SandboxServer::demoOutreachWorkspaceId());
    const Http slow = send(*slowSandbox.network(), "GET",
                           urlFor(*slowSandbox.server(), Vendor::Outreach2day,
                                  QStringLiteral("/campaigns/webhooks/event-types"), query),
                           auth(Vendor::Outreach2day));
    QCOMPARE(slow.status, 200);
    QVERIFY(timer.elapsed() >= 150);
}

void TestSandboxServer::faultsMatchVendorPathAndMethod()
{
    server()->route(Vendor::Unloopa, "POST", kPing, [](const SandboxRequest &) {
        return SandboxResponse::json(QJsonObject{{QStringLiteral("posted"), true}});
    });
    SandboxFault fault;
    fault.kind = SandboxFault::Kind::ServerError;
    fault.vendor = Vendor::Unloopa;
    fault.pathPrefix = QStringLiteral("/sandbox-test/pi");
    fault.method = "POST";
    server()->addFault(fault); // until cleared

    // Another vendor, another method, another path: untouched.
    QCOMPARE(send(network(), "GET", urlFor(*server(), Vendor::UnlimCall, kPing), auth(Vendor::UnlimCall))
                     .status,
             200);
    QCOMPARE(send(network(), "GET", urlFor(*server(), Vendor::Unloopa, kPing), auth(Vendor::Unloopa)).status,
             200);
    QCOMPARE(send(network(), "POST", urlFor(*server(), Vendor::Unloopa, QStringLiteral("/other")),
                  auth(Vendor::Unloopa), "{}")
                     .status,
             404);
    // The matching request, again and again.
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(send(network(), "POST", urlFor(*server(), Vendor::Unloopa, kPing), auth(Vendor::Unloopa),
                      "{}")
                         .status,
                 503);
    }
    QCOMPARE(server()->faults().size(), 1);
    QCOMPARE(server()->faults().constFirst().count, -1);
    server()->clearFaults();
    const Http posted =
            send(network(), "POST", urlFor(*server(), Vendor::Unloopa, kPing), auth(Vendor::Unloopa), "{}");
    QCOMPARE(posted.status, 200);
    QCOMPARE(posted.json.value(QStringLiteral("posted")).toBool(), true);
}

void TestSandboxServer::hangingRequestThenStopDoesNotCrash()
{
    SandboxFault fault;
    fault.kind = SandboxFault::Kind::Hang;
    fault.vendor = Vendor::Verloop;
    server()->addFault(fault);

    QNetworkReply *reply = start(network(), "POST",
                                 urlFor(*server(), Vendor::Verloop, QStringLiteral("/Campaign/SendMessage")),
                                 auth(Vendor::Verloop), "{}");
    QTRY_COMPARE_WITH_TIMEOUT(
            server()->requestCount(Vendor::Verloop, "POST", QStringLiteral("/Campaign/SendMessage")), 1,
            kHangGuardMs);
    QVERIFY(!reply->isFinished());

    server()->stop();
    QVERIFY(!server()->isRunning());
    // Received, never answered: the connection closes without any HTTP status.
    const Http closed = finish(reply);
    QVERIFY(closed.finished);
    QVERIFY(closed.error != QNetworkReply::NoError);
    QCOMPARE(closed.status, 0);
}

void TestSandboxServer::hangingRequestAbortedByClientThenStop()
{
    SandboxFault fault;
    fault.kind = SandboxFault::Kind::Hang;
    fault.vendor = Vendor::Unloopa;
    fault.count = 1;
    server()->addFault(fault);

    QNetworkReply *reply =
            start(network(), "GET", urlFor(*server(), Vendor::Unloopa, kPing), auth(Vendor::Unloopa));
    QTRY_COMPARE_WITH_TIMEOUT(server()->requestCount(Vendor::Unloopa, "GET", kPing), 1, kHangGuardMs);
    reply->abort();
    QCOMPARE(finish(reply).error, QNetworkReply::OperationCanceledError);

    // Still serving others (the next request's event loop also delivers the closed connection to
    // the server), then stops cleanly.
    QCOMPARE(send(network(), "GET", urlFor(*server(), Vendor::Unloopa, kPing), auth(Vendor::Unloopa)).status,
             200);
    server()->stop();
}

void TestSandboxServer::delayedAnswerToAClientThatLeft()
{
    SandboxFault fault;
    fault.kind = SandboxFault::Kind::Latency;
    fault.vendor = Vendor::UnlimCall;
    fault.latencyMs = 200;
    fault.count = 1;
    server()->addFault(fault);

    QNetworkReply *reply =
            start(network(), "GET", urlFor(*server(), Vendor::UnlimCall, kPing), auth(Vendor::UnlimCall));
    QTRY_COMPARE_WITH_TIMEOUT(server()->requestCount(Vendor::UnlimCall, "GET", kPing), 1, kHangGuardMs);
    reply->abort();
    finish(reply);

    // A second request delayed as long, received later: by the time it is answered, the first
    // one's delayed answer has come due for its connection that is gone.
    server()->addFault(fault);
    QCOMPARE(send(network(), "GET", urlFor(*server(), Vendor::UnlimCall, kPing), auth(Vendor::UnlimCall))
                     .status,
             200);

    // A delayed answer still pending when the server stops is dropped too.
    fault.latencyMs = 30'000;
    server()->addFault(fault);
    QNetworkReply *pending =
            start(network(), "GET", urlFor(*server(), Vendor::UnlimCall, kPing), auth(Vendor::UnlimCall));
    QTRY_COMPARE_WITH_TIMEOUT(server()->requestCount(Vendor::UnlimCall, "GET", kPing), 3, kHangGuardMs);
    server()->stop();
    QVERIFY(finish(pending).error != QNetworkReply::NoError);
}

void TestSandboxServer::redirectLandsOnTheOtherOrigin()
{
    SandboxFault fault;
    fault.kind = SandboxFault::Kind::RedirectOtherOrigin;
    fault.vendor = Vendor::Unloopa;
    fault.count = 2;
    server()->addFault(fault);

    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("5"));
    const QUrl url = urlFor(*server(), Vendor::Unloopa, kPing, query);

    // Not followed: a 307 to the same path and query on the other port.
    const Http redirect = send(network(), "GET", url, auth(Vendor::Unloopa));
    QCOMPARE(redirect.status, 307);
    const QUrl location(QString::fromLatin1(redirect.header("Location")));
    QCOMPARE(location.port(), int(server()->otherOriginPort()));
    QVERIFY(server()->otherOriginPort() != server()->port());
    QCOMPARE(location.path(), url.path());
    QCOMPARE(location.query(), QStringLiteral("limit=5"));

    // Followed by a client that keeps headers across origins (Qt's default policy does): the
    // other origin records what reached it, token included.
    const Http followed = finish(start(network(), "GET", url, auth(Vendor::Unloopa), {}, {},
                                       QNetworkRequest::NoLessSafeRedirectPolicy));
    QCOMPARE(followed.status, 200);
    QCOMPARE(followed.url.port(), int(server()->otherOriginPort()));
    QCOMPARE(followed.json, QJsonObject());

    QList<SandboxRecordedRequest> landed;
    const QList<SandboxRecordedRequest> all = server()->requests();
    std::copy_if(all.cbegin(), all.cend(), std::back_inserter(landed),
                 [](const SandboxRecordedRequest &r) { return r.otherOrigin; });
    QCOMPARE(landed.size(), 1);
    QCOMPARE(landed.constFirst().vendor, Vendor::Unloopa);
    QCOMPARE(landed.constFirst().path, kPing);
    QCOMPARE(landed.constFirst().query, QStringLiteral("limit=5"));
    QCOMPARE(landed.constFirst().authorization, auth(Vendor::Unloopa));
    // requestCount counts the vendor's own origin only.
    QCOMPARE(server()->requestCount(Vendor::Unloopa, "GET", kPing), 2);
}

void TestSandboxServer::restartAfterStop()
{
    server()->stop();
    server()->stop(); // harmless twice
    QVERIFY(!server()->isRunning());
    QVERIFY(m_sandbox->start());
    QVERIFY(server()->isRunning());
    QCOMPARE(send(network(), "GET", urlFor(*server(), Vendor::Unloopa, kPing), auth(Vendor::Unloopa)).status,
             200);

    // A taken port is reported, not crashed on.
    SandboxServer::Options options = SandboxFixture::smallOptions();
    options.port = server()->port();
    SandboxServer clash(options);
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("listen failed")));
    QVERIFY(!clash.start());
    QVERIFY(!clash.errorString().isEmpty());
    QVERIFY(!clash.isRunning());
}

void TestSandboxServer::stopFromARequestReceivedSlot()
{
    // The server is on the stack of its own request handling when the slot stops it.
    connect(server(), &SandboxServer::requestReceived, this, [this] { server()->stop(); });
    const Http http =
            send(network(), "GET", urlFor(*server(), Vendor::Unloopa, kPing), auth(Vendor::Unloopa));
    QVERIFY(http.finished);
    QVERIFY(http.error != QNetworkReply::NoError);
    QVERIFY(!server()->isRunning());
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // the stopped listener goes
    disconnect(server(), nullptr, this, nullptr);
    QVERIFY(m_sandbox->start());
    QCOMPARE(send(network(), "GET", urlFor(*server(), Vendor::Unloopa, kPing), auth(Vendor::Unloopa)).status,
             200);
}

void TestSandboxServer::requestLogAndSignal()
{
    QSignalSpy received(server(), &SandboxServer::requestReceived);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("a"), QStringLiteral("1"));
    send(network(), "GET", urlFor(*server(), Vendor::Verloop, kPing, query), auth(Vendor::Verloop));
    send(network(), "GET", urlFor(*server(), Vendor::Verloop, kPing), QByteArray("nope"));
    send(network(), "GET", urlFor(*server(), Vendor::Outreach2day, QStringLiteral("/unknown")));

    QCOMPARE(received.size(), 3);
    QCOMPARE(server()->requestCount(Vendor::Verloop, "GET", kPing), 2); // refused ones count too
    QCOMPARE(server()->requestCount(Vendor::Outreach2day, "GET", QStringLiteral("/unknown")), 1);
    QCOMPARE(server()->requestCount(Vendor::Verloop, "POST", kPing), 0);

    const QList<SandboxRecordedRequest> log = server()->requests();
    QCOMPARE(log.size(), 3);
    QCOMPARE(log.at(0).query, QStringLiteral("a=1"));
    QCOMPARE(log.at(0).authorization, auth(Vendor::Verloop));
    QVERIFY(!log.at(0).otherOrigin);
    QVERIFY(log.at(0).receivedAt.isValid());
    QCOMPARE(received.at(0).at(0).value<SandboxRecordedRequest>().path, kPing);

    server()->clearRequests();
    QVERIFY(server()->requests().isEmpty());
}

void TestSandboxServer::controlEndpoints()
{
    // Add two faults over HTTP, as a test in another process would.
    const QByteArray faults =
            R"([{"kind":"too_many_requests","vendor":"outreach2day","count":1,"retryAfter":"3"},
                                  {"kind":"server_error","vendor":"unlimcall","status":502,"method":"get",
                                   "pathPrefix":"/sandbox-test"}])";
    const Http added = send(network(), "POST", controlUrl(*server(), QStringLiteral("/faults")), {}, faults);
    QCOMPARE(added.status, 200);
    QCOMPARE(added.json.value(QStringLiteral("faults")).toArray().size(), 2);
    QCOMPARE(server()->faults().size(), 2);
    QCOMPARE(server()->faults().at(1).method, QByteArray("GET"));

    QCOMPARE(send(network(), "GET", urlFor(*server(), Vendor::UnlimCall, kPing), auth(Vendor::UnlimCall))
                     .status,
             502);
    const Http limited = send(network(), "GET", urlFor(*server(), Vendor::Outreach2day, kPing),
                              auth(Vendor::Outreach2day));
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.header("Retry-After"), QByteArray("3"));

    const Http listed = send(network(), "GET", controlUrl(*server(), QStringLiteral("/faults")));
    QCOMPARE(listed.json.value(QStringLiteral("faults")).toArray().size(), 1); // the 429 was used up
    QCOMPARE(listed.json.value(QStringLiteral("faults"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("kind")),
             QStringLiteral("server_error"));

    // A bad fault is refused with a reason and changes nothing.
    const Http invalid = send(network(), "POST", controlUrl(*server(), QStringLiteral("/faults")), {},
                              R"({"kind":"explode","vendor":"unloopa"})");
    QCOMPARE(invalid.status, 400);
    QCOMPARE(invalid.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_fault"));
    QVERIFY(!invalid.json.value(QStringLiteral("message")).toString().isEmpty());
    QCOMPARE(server()->faults().size(), 1);

    // The log: what reached the vendors (control calls excluded), without the token itself.
    const Http requests = send(network(), "GET", controlUrl(*server(), QStringLiteral("/requests")));
    QCOMPARE(requests.status, 200);
    const QJsonArray entries = requests.json.value(QStringLiteral("requests")).toArray();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).toObject().value(QStringLiteral("vendor")).toString(),
             QStringLiteral("unlimcall"));
    QCOMPARE(entries.at(0).toObject().value(QStringLiteral("path")).toString(), kPing);
    QCOMPARE(entries.at(0).toObject().value(QStringLiteral("hasAuthorization")).toBool(), true);
    QCOMPARE(entries.at(0).toObject().value(QStringLiteral("carriesSandboxToken")).toBool(), true);
    QCOMPARE(entries.at(0).toObject().value(QStringLiteral("otherOrigin")).toBool(), false);
    for (Vendor vendor : Vendors::all())
        QVERIFY(!requests.body.contains(SandboxServer::demoToken(vendor)));

    QUrl filtered = controlUrl(*server(), QStringLiteral("/requests"));
    filtered.setQuery(QStringLiteral("vendor=outreach2day"));
    QCOMPARE(send(network(), "GET", filtered).json.value(QStringLiteral("requests")).toArray().size(), 1);

    const Http cleared = send(network(), "DELETE", controlUrl(*server(), QStringLiteral("/faults")));
    QCOMPARE(cleared.status, 200);
    QVERIFY(server()->faults().isEmpty());
    QCOMPARE(send(network(), "GET", urlFor(*server(), Vendor::UnlimCall, kPing), auth(Vendor::UnlimCall))
                     .status,
             200);

    send(network(), "POST", controlUrl(*server(), QStringLiteral("/faults")), {},
         R"({"kind":"hang","vendor":"verloop"})");
    QCOMPARE(server()->faults().size(), 1);
    const Http reset = send(network(), "POST", controlUrl(*server(), QStringLiteral("/reset")));
    QCOMPARE(reset.status, 200);
    QVERIFY(server()->faults().isEmpty());
    QVERIFY(server()->requests().isEmpty());

    QCOMPARE(send(network(), "GET", controlUrl(*server(), QStringLiteral("/nothing"))).status, 404);
    QCOMPARE(send(network(), "PATCH", controlUrl(*server(), QStringLiteral("/reset"))).status, 405);
}

void TestSandboxServer::sameSeedSameData()
{
    SandboxFixture other; // same default seed
    QVERIFY(other.start());
    SandboxServer::Options reseeded = SandboxFixture::smallOptions();
    reseeded.seed += 1;
    SandboxFixture different(reseeded);
    QVERIFY(different.start());

    auto ids = [](SandboxServer *s) {
        QStringList result;
        const QList<VerloopCampaign> campaigns = s->verloop()->campaigns();
        for (const VerloopCampaign &c : campaigns)
            result << c.id + QLatin1Char(' ') + c.name;
        result << s->verloop()->draftCampaign().id;
        return result;
    };
    QCOMPARE(ids(server()).size(), 4);
    QCOMPARE(ids(server()), ids(other.server()));
    QVERIFY(ids(server()) != ids(different.server()));
    for (const VerloopCampaign &c : server()->verloop()->campaigns()) {
        QVERIFY(c.published);
        QVERIFY(!QUuid::fromString(c.id).isNull());
    }
    QVERIFY(!server()->verloop()->draftCampaign().published);

    // The same requests get the same answers.
    auto messageIds = [](SandboxFixture &sandbox) {
        QStringList result;
        const QString campaign = sandbox.server()->verloop()->campaigns().at(1).id;
        for (int i = 0; i < 3; ++i) {
            const Http http =
                    send(*sandbox.network(), "POST",
                         urlFor(*sandbox.server(), Vendor::Verloop, QStringLiteral("/Campaign/SendMessage")),
                         SandboxServer::demoToken(Vendor::Verloop), sendMessageBody(campaign));
            result << http.json.value(QStringLiteral("message_id")).toString();
        }
        return result;
    };
    const QStringList first = messageIds(*m_sandbox);
    QCOMPARE(first.size(), 3);
    QCOMPARE(QSet<QString>(first.cbegin(), first.cend()).size(), 3);
    QCOMPARE(first, messageIds(other));

    QUrlQuery query;
    query.addQueryItem(QStringLiteral("workspaceId"), SandboxServer::demoOutreachWorkspaceId());
    const QString eventTypes = QStringLiteral("/campaigns/webhooks/event-types");
    QCOMPARE(send(network(), "GET", urlFor(*server(), Vendor::Outreach2day, eventTypes, query),
                  auth(Vendor::Outreach2day))
                     .body,
             send(*other.network(), "GET", urlFor(*other.server(), Vendor::Outreach2day, eventTypes, query),
                  auth(Vendor::Outreach2day))
                     .body);

    // The helper modules use.
    QRandomGenerator a = server()->generator("stream");
    QRandomGenerator b = SandboxServer::generator(server()->options().seed, "stream");
    QRandomGenerator c = server()->generator("another stream");
    const quint64 fromA = a.generate64();
    QCOMPARE(fromA, b.generate64());
    QVERIFY(fromA != c.generate64());
    QRandomGenerator u = server()->generator("uuid");
    const QString uuid = SandboxServer::randomUuid(u);
    QCOMPARE(QUuid::fromString(uuid).version(), QUuid::Random);
    QCOMPARE(QUuid::fromString(uuid).variant(), QUuid::DCE);
}

void TestSandboxServer::verloopSendMessageAccepts_data()
{
    QTest::addColumn<QString>("phone");
    QTest::addColumn<QString>("time");
    QTest::addColumn<bool>("bypass");
    // All three documented formats name the same instant (the dashboard is in Asia/Kolkata).
    QTest::newRow("utc") << QStringLiteral("918123002929") << QStringLiteral("2026-03-04T10:15:30Z") << false;
    QTest::newRow("offset") << QStringLiteral("+918123002929") << QStringLiteral("2026-03-04T15:45:30+05:30")
                            << true;
    QTest::newRow("no-offset") << QStringLiteral("14155550123") << QStringLiteral("2026-03-04T15:45:30")
                               << false;
    QTest::newRow("negative-offset") << QStringLiteral("14155550123")
                                     << QStringLiteral("2026-03-04T05:15:30-05:00") << false;
}

void TestSandboxServer::verloopSendMessageAccepts()
{
    QFETCH(QString, phone);
    QFETCH(QString, time);
    QFETCH(bool, bypass);

    const VerloopCampaign campaign = server()->verloop()->campaigns().at(2);
    const QJsonObject body{
            {QStringLiteral("CampaignID"), campaign.id},
            {QStringLiteral("To"), QJsonObject{{QStringLiteral("PhoneNumber"), phone}}},
            {QStringLiteral("Variables"),
             QJsonObject{{QStringLiteral("customer_id"), QStringLiteral("c-1")}}},
            {QStringLiteral("Callback"),
             QJsonObject{{QStringLiteral("URL"), QStringLiteral("https://example.com/callback")},
                         {QStringLiteral("State"),
                          QJsonObject{{QStringLiteral("order_id"), QStringLiteral("12345")}}}}},
            {QStringLiteral("ScheduledAt"),
             QJsonObject{{QStringLiteral("Time"), time}, {QStringLiteral("BypassCallingWindow"), bypass}}}};
    const Http http = send(network(), "POST",
                           urlFor(*server(), Vendor::Verloop, QStringLiteral("/Campaign/SendMessage")),
                           auth(Vendor::Verloop), QJsonDocument(body).toJson(QJsonDocument::Compact));
    QCOMPARE(http.status, 200);
    const QString messageId = http.json.value(QStringLiteral("message_id")).toString();
    QVERIFY2(!QUuid::fromString(messageId).isNull(), http.body.constData());

    const QList<VerloopScheduledMessage> messages = server()->verloop()->scheduledMessages();
    QCOMPARE(messages.size(), 1);
    const VerloopScheduledMessage &message = messages.constFirst();
    QCOMPARE(message.messageId, messageId);
    QCOMPARE(message.campaignId, campaign.id);
    QCOMPARE(message.phoneNumber, phone);
    QCOMPARE(message.scheduledTime, time);
    QCOMPARE(message.scheduledAt.toUTC(), QDateTime(QDate(2026, 3, 4), QTime(10, 15, 30), Qt::UTC));
    QCOMPARE(message.bypassCallingWindow, bypass);
    QCOMPARE(message.variables.value(QStringLiteral("customer_id")).toString(), QStringLiteral("c-1"));
    QCOMPARE(message.callbackUrl, QStringLiteral("https://example.com/callback"));
    QCOMPARE(message.callbackState.value(QStringLiteral("order_id")).toString(), QStringLiteral("12345"));
}

void TestSandboxServer::verloopSendMessageRejects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("argument");

    // "%C" is replaced by a published campaign's id, "%D" by the draft's.
    auto row = [](const char *name, const QByteArray &body, const char *argument) {
        QTest::newRow(name) << body << QStringLiteral("invalid_argument") << QString::fromLatin1(argument);
    };
    row("no-campaign",
        R"({"To":{"PhoneNumber":"918123002929"},"ScheduledAt":{"Time":"2026-03-04T10:15:30Z"}})",
        "CampaignID");
    row("campaign-not-uuid", sendMessageBody(QStringLiteral("campaign-1")), "CampaignID");
    row("campaign-unknown", sendMessageBody(QStringLiteral("ac3bf462-ec44-46d4-9e8e-8edda9cffe58")),
        "CampaignID");
    row("campaign-draft", sendMessageBody(QStringLiteral("%D")), "CampaignID");
    row("no-to", R"({"CampaignID":"%C","ScheduledAt":{"Time":"2026-03-04T10:15:30Z"}})", "To.PhoneNumber");
    row("no-phone", R"({"CampaignID":"%C","To":{},"ScheduledAt":{"Time":"2026-03-04T10:15:30Z"}})",
        "To.PhoneNumber");
    row("phone-letters", sendMessageBody(QStringLiteral("%C"), QStringLiteral("91812300abcd")),
        "To.PhoneNumber");
    row("phone-short", sendMessageBody(QStringLiteral("%C"), QStringLiteral("12345")), "To.PhoneNumber");
    row("phone-formatted", sendMessageBody(QStringLiteral("%C"), QStringLiteral("+1 (415) 555-0123")),
        "To.PhoneNumber");
    row("no-schedule", R"({"CampaignID":"%C","To":{"PhoneNumber":"918123002929"}})", "ScheduledAt");
    row("no-time", R"({"CampaignID":"%C","To":{"PhoneNumber":"918123002929"},"ScheduledAt":{}})",
        "ScheduledAt.Time");
    row("time-space",
        sendMessageBody(QStringLiteral("%C"), QStringLiteral("918123002929"),
                        QStringLiteral("2026-03-04 10:15:30")),
        "ScheduledAt.Time");
    row("time-date-only",
        sendMessageBody(QStringLiteral("%C"), QStringLiteral("918123002929"), QStringLiteral("2026-03-04")),
        "ScheduledAt.Time");
    row("time-bad-month",
        sendMessageBody(QStringLiteral("%C"), QStringLiteral("918123002929"),
                        QStringLiteral("2026-13-04T10:15:30Z")),
        "ScheduledAt.Time");
    row("time-epoch",
        R"({"CampaignID":"%C","To":{"PhoneNumber":"918123002929"},"ScheduledAt":{"Time":1772619330}})",
        "ScheduledAt.Time");
    row("bypass-string",
        R"({"CampaignID":"%C","To":{"PhoneNumber":"918123002929"},"ScheduledAt":{"Time":"2026-03-04T10:15:30Z","BypassCallingWindow":"yes"}})",
        "ScheduledAt.BypassCallingWindow");
    row("variables-array",
        R"({"CampaignID":"%C","To":{"PhoneNumber":"918123002929"},"ScheduledAt":{"Time":"2026-03-04T10:15:30Z"},"Variables":[1]})",
        "Variables");
    row("callback-url",
        R"({"CampaignID":"%C","To":{"PhoneNumber":"918123002929"},"ScheduledAt":{"Time":"2026-03-04T10:15:30Z"},"Callback":{"URL":"not a url"}})",
        "Callback.URL");
    row("callback-state",
        R"({"CampaignID":"%C","To":{"PhoneNumber":"918123002929"},"ScheduledAt":{"Time":"2026-03-04T10:15:30Z"},"Callback":{"State":"x"}})",
        "Callback.State");
    QTest::newRow("not-json") << QByteArray("{\"CampaignID\":") << QStringLiteral("malformed") << QString();
}

void TestSandboxServer::verloopSendMessageRejects()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, argument);

    body.replace("%C", server()->verloop()->campaigns().constFirst().id.toLatin1());
    body.replace("%D", server()->verloop()->draftCampaign().id.toLatin1());
    const Http http = send(network(), "POST",
                           urlFor(*server(), Vendor::Verloop, QStringLiteral("/Campaign/SendMessage")),
                           auth(Vendor::Verloop), body);
    QCOMPARE(http.status, 400);
    QCOMPARE(http.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(http.json.value(QStringLiteral("code")).toString(), code);
    const QString msg = http.json.value(QStringLiteral("msg")).toString();
    QVERIFY(!msg.isEmpty());
    if (!argument.isEmpty()) {
        QCOMPARE(http.json.value(QStringLiteral("meta"))
                         .toObject()
                         .value(QStringLiteral("argument"))
                         .toString(),
                 argument);
        QVERIFY2(msg.contains(argument), qPrintable(msg));
    }
    QVERIFY(server()->verloop()->scheduledMessages().isEmpty());
}

void TestSandboxServer::verloopRequiresJsonContentType()
{
    const QByteArray body = sendMessageBody(server()->verloop()->campaigns().constFirst().id);
    const Http http = send(network(), "POST",
                           urlFor(*server(), Vendor::Verloop, QStringLiteral("/Campaign/SendMessage")),
                           auth(Vendor::Verloop), body, "text/plain");
    QCOMPARE(http.status, 404);
    QCOMPARE(http.json.value(QStringLiteral("code")).toString(), QStringLiteral("bad_route"));
    QVERIFY(server()->verloop()->scheduledMessages().isEmpty());
}

void TestSandboxServer::outreachRequiresTheDemoWorkspace()
{
    const QString path = QStringLiteral("/campaigns/webhooks/event-types");
    const Http missing =
            send(network(), "GET", urlFor(*server(), Vendor::Outreach2day, path), auth(Vendor::Outreach2day));
    QCOMPARE(missing.status, 400);
    QCOMPARE(missing.json.value(QStringLiteral("error")).toString(), QStringLiteral("workspace_required"));
    QVERIFY(!missing.json.value(QStringLiteral("message")).toString().isEmpty());

    QUrlQuery wrong;
    wrong.addQueryItem(QStringLiteral("workspaceId"), QStringLiteral("42"));
    const Http forbidden = send(network(), "GET", urlFor(*server(), Vendor::Outreach2day, path, wrong),
                                auth(Vendor::Outreach2day));
    QCOMPARE(forbidden.status, 403);
    QCOMPARE(forbidden.json.value(QStringLiteral("error")).toString(), QStringLiteral("forbidden"));

    QUrlQuery right;
    right.addQueryItem(QStringLiteral("workspaceId"), SandboxServer::demoOutreachWorkspaceId());
    // The key is checked before the workspace.
    QCOMPARE(send(network(), "GET", urlFor(*server(), Vendor::Outreach2day, path, right), "Bearer ot2d_wrong")
                     .status,
             401);
    const Http ok = send(network(), "GET", urlFor(*server(), Vendor::Outreach2day, path, right),
                         auth(Vendor::Outreach2day));
    QCOMPARE(ok.status, 200);
    const QJsonArray types = ok.json.value(QStringLiteral("eventTypes")).toArray();
    for (const char *documented : {"reply.received", "contact.bounced", "contact.unsubscribed"})
        QVERIFY(types.contains(QString::fromLatin1(documented)));
}

void TestSandboxServer::fixtureClientsReachEveryVendor()
{
    for (Vendor vendor : Vendors::all()) {
        QVERIFY(m_sandbox->client(vendor));
        QCOMPARE(m_sandbox->client(vendor)->vendor(), vendor);
        QCOMPARE(m_sandbox->client(vendor)->baseUrl(), server()->baseUrl(vendor));
        QVERIFY(m_sandbox->client(vendor)->hasCredentials());
    }

    QUrlQuery query;
    query.addQueryItem(QStringLiteral("workspaceId"), SandboxFixture::outreachWorkspaceId());
    std::optional<ApiResponse> outreach;
    m_sandbox->client(Vendor::Outreach2day)
            ->send(ApiCall::get(QStringLiteral("/campaigns/webhooks/event-types"), query), this,
                   [&outreach](const ApiResponse &response) { outreach = response; });
    QTRY_VERIFY_WITH_TIMEOUT(outreach.has_value(), kHangGuardMs);
    QVERIFY2(outreach->ok(), outreach->body.constData());
    QVERIFY(outreach->object().value(QStringLiteral("eventTypes")).isArray());

    std::optional<ApiResponse> verloop;
    const QJsonObject body =
            QJsonDocument::fromJson(sendMessageBody(server()->verloop()->campaigns().at(0).id)).object();
    m_sandbox->client(Vendor::Verloop)
            ->send(ApiCall::post(QStringLiteral("/Campaign/SendMessage"), body).spending(), this,
                   [&verloop](const ApiResponse &response) { verloop = response; });
    QTRY_VERIFY_WITH_TIMEOUT(verloop.has_value(), kHangGuardMs);
    QVERIFY2(verloop->ok(), verloop->body.constData());
    QCOMPARE(server()->verloop()->scheduledMessages().size(), 1);

    std::optional<ApiResponse> refused;
    m_sandbox->clientWithToken(Vendor::Unloopa, "unlpa_live_wrong")
            ->send(ApiCall::get(kPing), this,
                   [&refused](const ApiResponse &response) { refused = response; });
    QTRY_VERIFY_WITH_TIMEOUT(refused.has_value(), kHangGuardMs);
    QCOMPARE(refused->httpStatus, 401);
    QVERIFY(!refused->ok());
}

CC_TEST_GUILESS_MAIN(TestSandboxServer)
#include "tst_sandboxserver.moc"
