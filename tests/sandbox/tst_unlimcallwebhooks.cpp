// UnlimCall's sandbox delivers its simulated calls' events to the hooks' target_url over real
// HTTP, as the UnlimCall API reference's "Webhooks (REST hooks)" section says: signed
// X-Unlimcall-Signature with the hook's secret, 5xx and timeouts retried with exponential backoff
// on the sandbox's clock, 4xx permanent, the hook disabled after 10 consecutive failures. The
// sandbox is driven over raw HTTP only (the API and its /_sandbox/unlimcall control endpoints);
// the receiver is a plain QTcpServer that records each request's raw bytes.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "sandbox/UnlimCallSandbox.h"
#include "sandbox/UnlimCallWebhooks.h"

#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTcpSocket>
#include <memory>

namespace {

constexpr int kWaitMs = 20'000;

// A webhook endpoint on this computer: reads each HTTP/1.1 request (headers, then
// Content-Length bytes of body) and answers with the next status of its script (the last one
// repeats); a status of 0 never answers.
class Receiver : public QObject
{
public:
    struct Request
    {
        QByteArray method, path;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
    };

    Receiver()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString url(const QString &path = QStringLiteral("/hooks/unlimcall")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    void script(const QList<int> &statuses) { m_script = statuses; }

    QList<Request> received;

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request request;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> requestLine = lines.at(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                       lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        request.body = buffer.mid(end + 4, length);
        m_buffers.remove(socket);
        const int status = m_script.isEmpty() ? 204
                : m_script.size() == 1        ? m_script.first()
                                              : m_script.takeFirst();
        received.append(request);
        if (status == 0)
            return; // hangs: the sender's timeout ends it
        socket->write("HTTP/1.1 " + QByteArray::number(status) +
                      " Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<int> m_script;
};

// "t=<unix>,v1=<hex>" verified as a receiver would: the HMAC-SHA256 of "${t}.${body}" keyed with
// the secret's UTF-8 bytes.
bool verifies(const Receiver::Request &request, const QString &secret)
{
    const QByteArray header = request.headers.value("x-unlimcall-signature");
    QByteArray t, v1;
    for (const QByteArray &part : header.split(',')) {
        if (part.startsWith("t="))
            t = part.mid(2);
        else if (part.startsWith("v1="))
            v1 = part.mid(3);
    }
    if (t.isEmpty() || v1.isEmpty())
        return false;
    const QByteArray expected = QMessageAuthenticationCode::hash(t + '.' + request.body, secret.toUtf8(),
                                                                 QCryptographicHash::Sha256)
                                        .toHex();
    return expected == v1;
}

qint64 signatureTime(const Receiver::Request &request)
{
    const QByteArray header = request.headers.value("x-unlimcall-signature");
    return header.startsWith("t=") ? header.mid(2, header.indexOf(',') - 2).toLongLong() : -1;
}

QJsonObject json(const Receiver::Request &request)
{
    return QJsonDocument::fromJson(request.body).object();
}

QDateTime timeOf(const QJsonObject &object, const QString &key)
{
    return QDateTime::fromString(object.value(key).toString(), Qt::ISODate);
}

} // namespace

class TestUnlimCallWebhooks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void signatureMatchesTheReferenceVector();
    void deliveryIsSignedWithTheHooksSecret();
    void targetUrlOnThisComputerMayBeHttp();
    void serverErrorsAreRetriedWithGrowingDelaysOnTheSandboxClock();
    void timeoutIsRetried();
    void clientErrorIsPermanent();
    void tenthConsecutiveFailureDisablesTheHook();
    void switchesMakeTheNextCallTransferredOrDnc();

private:
    struct Answer
    {
        int status = 0;
        QJsonObject json;
    };
    Answer send(const QByteArray &method, const QUrl &url, const QJsonObject &body = {});
    Answer api(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    Answer control(const QString &path, const QJsonObject &body = {});
    // POST /hooks; the hook's id, its secret in `secret`.
    QString subscribe(const QString &event, const QString &targetUrl, QString *secret);
    QString placeCall(const QString &to = QStringLiteral("+14155551234"));
    QJsonArray deliveries()
    {
        return control(QStringLiteral("/unlimcall/deliveries")).json[u"deliveries"].toArray();
    }
    QJsonObject hookState(const QString &id);
    // Waits until no delivery is in flight; the latest one's view.
    QJsonObject settledDelivery();
    // Moves the sandbox's clock to the pending delivery's next attempt.
    void advanceToNextAttempt();

    SandboxFixture m_sandbox;
    std::unique_ptr<Receiver> m_receiver;
};

void TestUnlimCallWebhooks::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    m_sandbox.server()->unlimcall()->setOriginatedCdrDelayMs(0);
}

void TestUnlimCallWebhooks::init()
{
    // A fresh receiver per test, the previous tests' hooks deleted and their deliveries
    // forgotten, the sandbox's clock standing still.
    m_receiver = std::make_unique<Receiver>();
    QVERIFY(m_receiver->listen());
    for (const QJsonValue &hook : control(QStringLiteral("/unlimcall/deliveries")).json[u"hooks"].toArray()) {
        if (hook[u"status"].toString() == QLatin1String("active"))
            QCOMPARE(api("DELETE", QStringLiteral("/hooks/") + hook[u"id"].toString()).status, 204);
    }
    m_sandbox.server()->unlimcall()->webhooks()->deliveries()->clear();
    QCOMPARE(control(QStringLiteral("/reset")).status, 200);
    QCOMPARE(control(QStringLiteral("/unlimcall"), {{QStringLiteral("clockSpeed"), 0}}).status, 200);
}

TestUnlimCallWebhooks::Answer TestUnlimCallWebhooks::send(const QByteArray &method, const QUrl &url,
                                                          const QJsonObject &body)
{
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + SandboxFixture::token(Vendor::UnlimCall));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(kWaitMs);
    QNetworkReply *reply = m_sandbox.network()->sendCustomRequest(
            request, method,
            method == "GET" || method == "DELETE" ? QByteArray() : QJsonDocument(body).toJson());
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object()};
}

TestUnlimCallWebhooks::Answer TestUnlimCallWebhooks::api(const QByteArray &method, const QString &path,
                                                         const QJsonObject &body)
{
    QUrl url = m_sandbox.baseUrl(Vendor::UnlimCall);
    url.setPath(url.path() + path);
    return send(method, url, body);
}

TestUnlimCallWebhooks::Answer TestUnlimCallWebhooks::control(const QString &path, const QJsonObject &body)
{
    QUrl url = m_sandbox.baseUrl(Vendor::UnlimCall);
    url.setPath(QStringLiteral("/_sandbox") + path);
    return send(body.isEmpty() && path != QLatin1String("/reset") ? "GET" : "POST", url, body);
}

QString TestUnlimCallWebhooks::subscribe(const QString &event, const QString &targetUrl, QString *secret)
{
    const Answer created = api("POST", QStringLiteral("/hooks"),
                               {{QStringLiteral("event"), event}, {QStringLiteral("target_url"), targetUrl}});
    if (created.status != 200)
        return {};
    *secret = created.json.value(u"secret").toString();
    return created.json.value(u"id").toString();
}

QString TestUnlimCallWebhooks::placeCall(const QString &to)
{
    const Answer placed =
            api("POST", QStringLiteral("/calls"),
                {{QStringLiteral("aiAgentId"), m_sandbox.server()->unlimcall()->agentIds().constFirst()},
                 {QStringLiteral("toNumber"), to}});
    return placed.status == 200 ? placed.json.value(u"callId").toString() : QString();
}

QJsonObject TestUnlimCallWebhooks::hookState(const QString &id)
{
    for (const QJsonValue &hook : control(QStringLiteral("/unlimcall/deliveries")).json[u"hooks"].toArray()) {
        if (hook[u"id"].toString() == id)
            return hook.toObject();
    }
    return {};
}

QJsonObject TestUnlimCallWebhooks::settledDelivery()
{
    QJsonObject delivery;
    const bool settled = QTest::qWaitFor(
            [&] {
                const QJsonArray all = deliveries();
                for (const QJsonValue &each : all) {
                    if (each[u"inFlight"].toBool())
                        return false;
                }
                delivery = all.isEmpty() ? QJsonObject() : all.last().toObject();
                return delivery[u"attempts"].toInt() > 0;
            },
            kWaitMs);
    return settled ? delivery : QJsonObject();
}

void TestUnlimCallWebhooks::advanceToNextAttempt()
{
    // The standing clock and the next attempt differ by whole seconds (the view shows both
    // truncated to the second).
    const QJsonObject delivery = settledDelivery();
    QCOMPARE(delivery[u"status"].toString(), QStringLiteral("retrying"));
    const QDateTime now = timeOf(control(QStringLiteral("/unlimcall")).json, QStringLiteral("now"));
    const qint64 wait = now.secsTo(timeOf(delivery, QStringLiteral("nextAttemptAt")));
    QVERIFY(wait > 0);
    QCOMPARE(control(QStringLiteral("/unlimcall"), {{QStringLiteral("advanceSeconds"), wait}}).status, 200);
}

// The sandbox signs as the three independent implementations behind the signature test vectors
// do (vector V1: the whole whsec_ string's bytes are the key, not its base64 decoding).
void TestUnlimCallWebhooks::signatureMatchesTheReferenceVector()
{
    const QByteArray body = QByteArray::fromBase64("eyJldmVudCI6ImNhbGwuZW5kZWQiLCJldmVudElkIjoiZXZ0XzAwMDEiL"
                                                   "CJjYWxsSWQiOiJmM2MxZThhMi05ZDdmLTRjNWItYmQ5MS0"
                                                   "2ZTlmMGEzYjFjN2QiLCJwaG9uZSI6IisxNDE1NTU1MTIzNCIsImR1cmF0"
                                                   "aW9uU2VjIjo4MSwiZGlzcG9zaXRpb25Db2RlIjoiQU5TV0"
                                                   "VSRUQifQ==");
    QCOMPARE(UnlimCallWebhooks::signatureHeader(QStringLiteral("whsec_2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01"),
                                                1747852442, body),
             QByteArray("t=1747852442,v1=9bda15725c16faf65496436c8ea518340da992d737e85441f79bd057667ab649"));
}

void TestUnlimCallWebhooks::deliveryIsSignedWithTheHooksSecret()
{
    QString secret;
    const QString hookId = subscribe(QStringLiteral("call.ended"), m_receiver->url(), &secret);
    QVERIFY(!hookId.isEmpty());
    QVERIFY(secret.startsWith(QLatin1String("whsec_")));
    QString otherSecret;
    QVERIFY(!subscribe(QStringLiteral("dnc.added"), m_receiver->url(), &otherSecret).isEmpty());

    const QString callId = placeCall();
    QVERIFY(!callId.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received.size(), 1, kWaitMs);
    const Receiver::Request request = m_receiver->received.constFirst();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/hooks/unlimcall"));
    QVERIFY(request.headers.value("content-type").startsWith("application/json"));
    QVERIFY(verifies(request, secret));
    QVERIFY(!verifies(request, otherSecret)); // signed with this hook's secret only
    Receiver::Request tampered = request;
    tampered.body.append(' ');
    QVERIFY(!verifies(tampered, secret)); // over the raw bytes
    // t is the real time of the attempt, whatever the sandbox's clock reads.
    QVERIFY(qAbs(signatureTime(request) - QDateTime::currentSecsSinceEpoch()) <= 60);

    const QJsonObject payload = json(request);
    QCOMPARE(payload[u"event"].toString(), QStringLiteral("call.ended"));
    QVERIFY(payload[u"eventId"].toString().startsWith(QLatin1String("evt_")));
    QCOMPARE(payload[u"callId"].toString(), callId);
    QCOMPARE(payload[u"phone"].toString(), QStringLiteral("+14155551234"));
    QVERIFY(payload[u"durationSec"].toInt() > 0);
    QCOMPARE(payload[u"transferInitiated"].toBool(true), false);
    QVERIFY(timeOf(payload, QStringLiteral("occurredAt")).isValid());

    const QJsonObject delivery = settledDelivery();
    QCOMPARE(delivery[u"status"].toString(), QStringLiteral("succeeded"));
    QCOMPARE(delivery[u"hookId"].toString(), hookId);
    QCOMPARE(delivery[u"eventId"].toString(), payload[u"eventId"].toString());
    QCOMPARE(delivery[u"history"][0][u"responseStatus"].toInt(), 204);
    // The deliveries view never shows a secret.
    const QByteArray view = QJsonDocument(control(QStringLiteral("/unlimcall/deliveries")).json).toJson();
    QVERIFY(!view.contains("whsec_"));
}

void TestUnlimCallWebhooks::targetUrlOnThisComputerMayBeHttp()
{
    QString secret;
    QVERIFY(!subscribe(QStringLiteral("call.ended"), QStringLiteral("http://localhost:9/x"), &secret)
                     .isEmpty());
    QVERIFY(!subscribe(QStringLiteral("call.ended"), QStringLiteral("https://hooks.example.com/x"), &secret)
                     .isEmpty());
    const Answer remote = api("POST", QStringLiteral("/hooks"),
                              {{QStringLiteral("event"), QStringLiteral("call.ended")},
                               {QStringLiteral("target_url"), QStringLiteral("http://hooks.example.com/x")}});
    QCOMPARE(remote.status, 400);
    QCOMPARE(remote.json[u"error"].toString(), QStringLiteral("invalid_input"));
}

void TestUnlimCallWebhooks::serverErrorsAreRetriedWithGrowingDelaysOnTheSandboxClock()
{
    QString secret;
    QVERIFY(!subscribe(QStringLiteral("call.ended"), m_receiver->url(), &secret).isEmpty());
    m_receiver->script({503, 500, 502, 204});
    QVERIFY(!placeCall().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received.size(), 1, kWaitMs);

    QJsonObject delivery = settledDelivery();
    QCOMPARE(delivery[u"status"].toString(), QStringLiteral("retrying"));
    QCOMPARE(delivery[u"responseStatus"].toInt(), 503);
    const QDateTime first = timeOf(delivery[u"history"][0].toObject(), QStringLiteral("at"));
    QCOMPARE(timeOf(delivery, QStringLiteral("nextAttemptAt")), first.addSecs(60));
    // Not before its time: 59 s later on the sandbox's clock nothing has been sent again.
    QCOMPARE(control(QStringLiteral("/unlimcall"), {{QStringLiteral("advanceSeconds"), 59}}).status, 200);
    QCOMPARE(settledDelivery()[u"attempts"].toInt(), 1);
    QCOMPARE(m_receiver->received.size(), 1);

    for (int attempt = 2; attempt <= 4; ++attempt) {
        advanceToNextAttempt();
        QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received.size(), attempt, kWaitMs);
    }
    delivery = settledDelivery();
    QCOMPARE(delivery[u"status"].toString(), QStringLiteral("succeeded"));
    const QJsonArray history = delivery[u"history"].toArray();
    QCOMPARE(history.size(), 4);
    QList<qint64> waits;
    for (qsizetype i = 1; i < history.size(); ++i)
        waits << timeOf(history.at(i - 1).toObject(), QStringLiteral("at"))
                         .secsTo(timeOf(history.at(i).toObject(), QStringLiteral("at")));
    QCOMPARE(waits, (QList<qint64>{60, 120, 240})); // exponential backoff
    // Every attempt carries the same event, each signed afresh.
    for (const Receiver::Request &request : std::as_const(m_receiver->received)) {
        QCOMPARE(request.body, m_receiver->received.constFirst().body);
        QVERIFY(verifies(request, secret));
    }
}

void TestUnlimCallWebhooks::timeoutIsRetried()
{
    QString secret;
    QVERIFY(!subscribe(QStringLiteral("call.ended"), m_receiver->url(), &secret).isEmpty());
    QCOMPARE(control(QStringLiteral("/unlimcall"), {{QStringLiteral("webhookTimeoutMs"), 300}}).status, 200);
    m_receiver->script({0, 204}); // the first attempt is never answered
    QVERIFY(!placeCall().isEmpty());
    const QJsonObject delivery = settledDelivery();
    QCOMPARE(delivery[u"status"].toString(), QStringLiteral("retrying"));
    QVERIFY(delivery[u"responseStatus"].isNull());
    QVERIFY(delivery[u"error"].toString().contains(QLatin1String("No answer")));
    advanceToNextAttempt();
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received.size(), 2, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(settledDelivery()[u"status"].toString(), QStringLiteral("succeeded"), kWaitMs);
}

void TestUnlimCallWebhooks::clientErrorIsPermanent()
{
    QString secret;
    QVERIFY(!subscribe(QStringLiteral("call.ended"), m_receiver->url(), &secret).isEmpty());
    m_receiver->script({410, 204});
    QVERIFY(!placeCall().isEmpty());
    const QJsonObject delivery = settledDelivery();
    QCOMPARE(delivery[u"status"].toString(), QStringLiteral("failed"));
    QCOMPARE(delivery[u"responseStatus"].toInt(), 410);
    QVERIFY(!delivery.contains(QStringLiteral("nextAttemptAt")));
    // A day later on the sandbox's clock it has still not been sent again.
    QCOMPARE(control(QStringLiteral("/unlimcall"), {{QStringLiteral("advanceSeconds"), 86400}}).status, 200);
    QCOMPARE(settledDelivery()[u"attempts"].toInt(), 1);
    QCOMPARE(m_receiver->received.size(), 1);
}

// Failed attempts count in a row across deliveries; a 2xx starts the count again; the 10th
// failure in a row disables the hook, as UnlimCall documents.
void TestUnlimCallWebhooks::tenthConsecutiveFailureDisablesTheHook()
{
    QString secret;
    const QString hookId = subscribe(QStringLiteral("call.ended"), m_receiver->url(), &secret);
    QVERIFY(!hookId.isEmpty());
    QList<int> script(9, 500);
    script << 204 << 500;
    m_receiver->script(script);

    QVERIFY(!placeCall().isEmpty());
    for (int attempt = 1; attempt <= 9; ++attempt) {
        QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received.size(), attempt, kWaitMs);
        advanceToNextAttempt();
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received.size(), 10, kWaitMs);
    QCOMPARE(settledDelivery()[u"status"].toString(), QStringLiteral("succeeded"));
    QCOMPARE(hookState(hookId)[u"consecutiveFailures"].toInt(), 0);

    QVERIFY(!placeCall().isEmpty());
    for (int attempt = 1; attempt <= 9; ++attempt) {
        QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received.size(), 10 + attempt, kWaitMs);
        if (attempt < 9)
            advanceToNextAttempt();
    }
    QCOMPARE(settledDelivery()[u"status"].toString(), QStringLiteral("retrying"));
    QCOMPARE(hookState(hookId)[u"status"].toString(), QStringLiteral("active"));
    QCOMPARE(hookState(hookId)[u"consecutiveFailures"].toInt(), 9);
    QCOMPARE(m_sandbox.server()->unlimcall()->activeHookCount(), 1);

    advanceToNextAttempt();
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received.size(), 20, kWaitMs);
    const QJsonObject failed = settledDelivery();
    QCOMPARE(failed[u"status"].toString(), QStringLiteral("failed"));
    QCOMPARE(hookState(hookId)[u"status"].toString(), QStringLiteral("disabled"));
    QCOMPARE(m_sandbox.server()->unlimcall()->activeHookCount(), 0);
    // A disabled hook is not_found for DELETE, as the reference says, and gets nothing more.
    const Answer removed = api("DELETE", QStringLiteral("/hooks/") + hookId);
    QCOMPARE(removed.status, 404);
    QCOMPARE(removed.json[u"error"].toString(), QStringLiteral("not_found"));
    // Another hook witnesses the next call's end; the disabled one is not among its deliveries.
    QString witnessSecret;
    QVERIFY(!subscribe(QStringLiteral("disposition.set"), m_receiver->url(QStringLiteral("/witness")),
                       &witnessSecret)
                     .isEmpty());
    const qsizetype before = deliveries().size();
    QVERIFY(!placeCall().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received.size(), 21, kWaitMs);
    QCOMPARE(m_receiver->received.constLast().path, QByteArray("/witness"));
    const QJsonArray after = deliveries();
    QCOMPARE(after.size(), before + 1);
    QCOMPARE(after.last()[u"event"].toString(), QStringLiteral("disposition.set"));
}

void TestUnlimCallWebhooks::switchesMakeTheNextCallTransferredOrDnc()
{
    QHash<QString, QString> secrets; // event type → its hook's secret
    for (const QString &event : UnlimCallWebhooks::eventTypes()) {
        QString secret;
        QVERIFY(!subscribe(event, m_receiver->url(), &secret).isEmpty());
        secrets.insert(event, secret);
    }
    // Each call's events, in the order received, each verified with its own hook's secret.
    auto eventsOf = [&](const QString &callId) {
        QStringList types;
        QHash<QString, QJsonObject> byType;
        for (const Receiver::Request &request : std::as_const(m_receiver->received)) {
            const QJsonObject payload = json(request);
            if (payload[u"callId"].toString() != callId)
                continue;
            const QString type = payload[u"event"].toString();
            if (!verifies(request, secrets.value(type)))
                return QHash<QString, QJsonObject>();
            byType.insert(type, payload);
        }
        return byType;
    };

    QCOMPARE(control(QStringLiteral("/unlimcall"),
                     {{QStringLiteral("nextCall"), QStringLiteral("transferred")},
                      {QStringLiteral("transferTarget"), QStringLiteral("+13055550100")}})
                     .status,
             200);
    const QString transferred = placeCall();
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received.size(), 4, kWaitMs);
    QHash<QString, QJsonObject> events = eventsOf(transferred);
    QCOMPARE(QSet<QString>(events.keyBegin(), events.keyEnd()),
             (QSet<QString>{QStringLiteral("call.transferred"), QStringLiteral("call.ended"),
                            QStringLiteral("disposition.set"), QStringLiteral("lead.completed")}));
    QCOMPARE(events[QStringLiteral("call.transferred")][u"transferTarget"].toString(),
             QStringLiteral("+13055550100"));
    QVERIFY(events[QStringLiteral("call.ended")][u"transferInitiated"].toBool());
    QVERIFY(events[QStringLiteral("disposition.set")][u"terminal"].toBool());
    QVERIFY(!events[QStringLiteral("disposition.set")][u"triggersDnc"].toBool(true));
    QVERIFY(timeOf(events[QStringLiteral("call.transferred")], QStringLiteral("occurredAt")) <
            timeOf(events[QStringLiteral("call.ended")], QStringLiteral("occurredAt")));
    QSet<QString> eventIds;
    for (const QJsonObject &payload : std::as_const(events))
        eventIds.insert(payload[u"eventId"].toString());
    QCOMPARE(eventIds.size(), 4);

    // The switch held for one call: the next one just ends.
    const QString plain = placeCall();
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received.size(), 6, kWaitMs);
    events = eventsOf(plain);
    QCOMPARE(QSet<QString>(events.keyBegin(), events.keyEnd()),
             (QSet<QString>{QStringLiteral("call.ended"), QStringLiteral("disposition.set")}));
    QVERIFY(!events[QStringLiteral("disposition.set")][u"terminal"].toBool(true));

    QCOMPARE(control(QStringLiteral("/unlimcall"), {{QStringLiteral("nextCall"), QStringLiteral("dnc")}})
                     .status,
             200);
    const QString dnc = placeCall(QStringLiteral("+442071838750"));
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->received.size(), 10, kWaitMs);
    events = eventsOf(dnc);
    QCOMPARE(QSet<QString>(events.keyBegin(), events.keyEnd()),
             (QSet<QString>{QStringLiteral("call.ended"), QStringLiteral("disposition.set"),
                            QStringLiteral("dnc.added"), QStringLiteral("lead.completed")}));
    QVERIFY(events[QStringLiteral("disposition.set")][u"triggersDnc"].toBool());
    QVERIFY(events[QStringLiteral("disposition.set")][u"terminal"].toBool());
    QCOMPARE(events[QStringLiteral("dnc.added")][u"phone"].toString(), QStringLiteral("+442071838750"));
    QCOMPARE(events[QStringLiteral("dnc.added")][u"contactId"].toString(),
             events[QStringLiteral("lead.completed")][u"contactId"].toString());
}

CC_TEST_GUILESS_MAIN(TestUnlimCallWebhooks)
#include "tst_unlimcallwebhooks.moc"
