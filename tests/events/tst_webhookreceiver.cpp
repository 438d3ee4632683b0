#include "TestMain.h"
#include "credentials/CredentialStore.h"
#include "events/EventStore.h"
#include "events/VerloopCallbackTokens.h"
#include "events/WebhookIngest.h"
#include "events/WebhookSecretSource.h"
#include "webhooks/WebhookReceiver.h"
#include "webhooks/WebhookSignatures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <memory>

// The receiver end to end over real loopback HTTP (README promises W1-W8, D3): a real QTcpSocket
// (and QNetworkAccessManager) client, the real request reader, verifiers, WebhookIngest and
// EventStore on a real SQLite file. Each test checks the answer, what was stored and what was
// announced.
class TestWebhookReceiver : public QObject
{
    Q_OBJECT

    struct Response
    {
        int status = 0;
        QByteArray head;
        QByteArray body; // the machine code, without its newline
    };

    QTemporaryDir m_dir;
    int m_files = 0;
    QJsonObject m_vectors;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<VerloopCallbackTokens> m_tokens;
    std::unique_ptr<EnvironmentWebhookSecrets> m_secrets;
    std::unique_ptr<WebhookIngest> m_ingest;
    std::unique_ptr<WebhookReceiver> m_receiver;
    qint64 m_now = 0;

    QJsonObject vector(int index) const
    {
        return m_vectors.value(QLatin1String("vectors")).toArray().at(index).toObject();
    }
    static QByteArray bytes(const QJsonObject &o, const char *key)
    {
        return o.value(QLatin1String(key)).toString().toUtf8();
    }
    static QByteArray body(const QJsonObject &o) { return QByteArray::fromBase64(bytes(o, "body_b64")); }
    static qint64 t(const QJsonObject &o) { return qint64(o.value(QLatin1String("t")).toDouble()); }

    // (Re)builds the whole chain with these secrets in the environment the CLI would read.
    void start(const QString &unlimCallSecrets, const QString &outreach2daySecrets = {},
               WebhookIngest::Options options = {})
    {
        m_receiver.reset();
        m_ingest.reset();
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("UNLIMCALL_WEBHOOK_SECRETS"), unlimCallSecrets);
        environment.insert(QStringLiteral("OUTREACH2DAY_WEBHOOK_SECRETS"), outreach2daySecrets);
        m_secrets = std::make_unique<EnvironmentWebhookSecrets>(environment);
        startWith(m_secrets.get(), options);
    }

    void startWith(const WebhookSecretSource *secrets, WebhookIngest::Options options = {})
    {
        m_ingest = std::make_unique<WebhookIngest>(m_store.get(), secrets, m_tokens.get());
        m_ingest->setOptions(options);
        m_ingest->setClock([this]() { return QDateTime::fromSecsSinceEpoch(m_now, Qt::UTC); });
        m_receiver = std::make_unique<WebhookReceiver>(m_ingest.get());
        WebhookReceiver::Options listen;
        listen.port = 0;
        QVERIFY2(m_receiver->listen(listen), qPrintable(m_receiver->errorString()));
    }

    static QByteArray request(const QByteArray &path, const QList<QPair<QByteArray, QByteArray>> &headers,
                              const QByteArray &raw, const QByteArray &method = "POST")
    {
        QByteArray text =
                method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        for (const auto &h : headers)
            text += h.first + ": " + h.second + "\r\n";
        text += "Content-Length: " + QByteArray::number(raw.size()) + "\r\n\r\n" + raw;
        return text;
    }

    // Sends `bytes` on a fresh connection and reads until the receiver closes it.
    Response exchange(const QByteArray &bytes)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_receiver->port());
        if (!QTest::qWaitFor([&]() { return socket.state() == QAbstractSocket::ConnectedState; }, 10'000))
            return {};
        socket.write(bytes);
        QByteArray received;
        (void)QTest::qWaitFor(
                [&]() {
                    received += socket.readAll();
                    return socket.state() == QAbstractSocket::UnconnectedState;
                },
                20'000);
        received += socket.readAll();
        return parse(received);
    }

    static Response parse(const QByteArray &received)
    {
        Response response;
        const qsizetype end = received.indexOf("\r\n\r\n");
        if (!received.startsWith("HTTP/1.1 ") || end < 0)
            return response;
        response.status = received.mid(9, 3).toInt();
        response.head = received.left(end);
        response.body = received.mid(end + 4).trimmed();
        return response;
    }

    Response postUnlimCall(const QByteArray &signature, const QByteArray &raw)
    {
        return exchange(request("/hooks/unlimcall", {{"X-Unlimcall-Signature", signature}}, raw));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile file(QStringLiteral(CC_SOURCE_DIR "/tests/events/data/webhook-signatures.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        m_vectors = QJsonDocument::fromJson(file.readAll()).object();
    }

    void init()
    {
        m_receiver.reset();
        m_ingest.reset();
        m_tokens.reset();
        m_store.reset();
        m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("console%1.sqlite").arg(++m_files)));
        m_db->registerMigrations(EventStore::component(), EventStore::migrations());
        m_db->registerMigrations(VerloopCallbackTokens::component(), VerloopCallbackTokens::migrations());
        QVERIFY(m_db->open());
        QVERIFY(m_db->migrate());
        m_store = std::make_unique<EventStore>(m_db.get());
        m_tokens = std::make_unique<VerloopCallbackTokens>(m_db.get());
        m_now = t(vector(0));
    }

    void cleanup()
    {
        m_receiver.reset();
        m_ingest.reset();
    }

    // W8 over HTTP: each vector is accepted, stored once with its verification.
    void vectorsAreAcceptedAndStored_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("secrets");
        QTest::addColumn<QString>("verification");
        QTest::newRow("V1") << 0 << QStringLiteral("whsec_2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01")
                            << QStringLiteral("verified with secret 1 of 1");
        QTest::newRow("V2") << 1 << QStringLiteral("whsec_other, whsec_test_secret")
                            << QStringLiteral("verified with secret 2 of 2");
        QTest::newRow("V3 old secret only") << 2 << QStringLiteral("whsec_old_rotating_secret_AAAA")
                                            << QStringLiteral("verified with secret 1 of 1");
        QTest::newRow("V3 both, new first")
                << 2 << QStringLiteral("whsec_new_rotating_secret_BBBB,whsec_old_rotating_secret_AAAA")
                << QStringLiteral("verified with secret 1 of 2");
    }
    void vectorsAreAcceptedAndStored()
    {
        QFETCH(int, index);
        QFETCH(QString, secrets);
        QFETCH(QString, verification);
        start(secrets);
        const QJsonObject v = vector(index);
        m_now = t(v);
        QSignalSpy stored(m_ingest.get(), &WebhookIngest::eventStored);
        const Response response = postUnlimCall(bytes(v, "header"), body(v));
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, QByteArray("stored"));
        QVERIFY(response.head.contains("Connection: close"));
        QCOMPARE(stored.count(), 1);
        QCOMPARE(m_store->count(), 1);
        const StoredEvent event = m_store->events().first();
        QCOMPARE(event.rawBody, body(v)); // the exact bytes (CRLF, UTF-8, trailing LF)
        QCOMPARE(event.verification, verification);
        QVERIFY(!event.verification.contains(QLatin1String("whsec_")));
        QCOMPARE(stored.first().first().value<StoredEvent>().id, event.id);
        QVERIFY(QJsonDocument::fromJson(event.headers)
                        .object()
                        .contains(QLatin1String("x-unlimcall-signature")));
    }

    void theSameThroughQNetworkAccessManager()
    {
        start(QStringLiteral("whsec_2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01"));
        const QJsonObject v = vector(0);
        QNetworkAccessManager network;
        QNetworkRequest post(
                QUrl(QStringLiteral("http://127.0.0.1:%1/hooks/unlimcall").arg(m_receiver->port())));
        post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        post.setRawHeader("X-Unlimcall-Signature", bytes(v, "header"));
        QNetworkReply *reply = network.post(post, body(v));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(20'000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(m_store->count(), 1);
        QCOMPARE(m_store->events().first().eventId, QStringLiteral("evt_0001"));
        reply->deleteLater();
    }

    // W1 / W5: a changed body is refused with a 4xx and nothing is stored.
    void oneByteAddedIsRefused()
    {
        start(QStringLiteral("whsec_2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01"));
        const QJsonObject v = vector(0);
        QSignalSpy refused(m_ingest.get(), &WebhookIngest::deliveryRefused);
        const Response response = postUnlimCall(bytes(v, "header"), body(v) + ' ');
        QCOMPARE(response.status, 401);
        QCOMPARE(response.body, QByteArray("signature_mismatch"));
        QCOMPARE(m_store->count(), 0);
        QCOMPARE(refused.count(), 1);
        // The base64-decoded-key signature is not accepted under the default convention…
        const QByteArray alt =
                "t=" + QByteArray::number(t(v)) + ",v1=" + bytes(v, "alt_sig_if_key_is_base64_decoded");
        QCOMPARE(postUnlimCall(alt, body(v)).status, 401);
        // …and is under the other one (the assumption is a setting, W8).
        WebhookIngest::Options options;
        options.unlimCallKey = WebhookSignatures::SecretKey::Base64AfterPrefix;
        start(QStringLiteral("whsec_2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01"), {}, options);
        QCOMPARE(postUnlimCall(alt, body(v)).status, 200);
    }

    // W2 over HTTP, both directions, at the edge.
    void toleranceEdges_data()
    {
        QTest::addColumn<qint64>("age");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("300 s old") << qint64(300) << 200 << QByteArray("stored");
        QTest::newRow("301 s old") << qint64(301) << 401 << QByteArray("timestamp_too_old");
        QTest::newRow("300 s ahead") << qint64(-300) << 200 << QByteArray("stored");
        QTest::newRow("301 s ahead") << qint64(-301) << 401 << QByteArray("timestamp_in_future");
    }
    void toleranceEdges()
    {
        QFETCH(qint64, age);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        start(QStringLiteral("whsec_2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01"));
        const QJsonObject v = vector(0);
        m_now = t(v) + age;
        const Response response = postUnlimCall(bytes(v, "header"), body(v));
        QCOMPARE(response.status, status);
        QCOMPARE(response.body, code);
        QCOMPARE(m_store->count(), status == 200 ? 1 : 0);
    }

    // W4 over HTTP: each malformed header is a 400 with its own code.
    void malformedHeadersAre400WithTheirOwnCode()
    {
        start(QStringLiteral("whsec_2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01"));
        const QJsonObject v = vector(0);
        const QByteArray sig = bytes(v, "sig");
        const QByteArray time = QByteArray::number(t(v));
        const QList<QPair<QByteArray, QByteArray>> cases = {
                {"", "signature_header_empty"},
                {"v1=" + sig, "timestamp_missing"},
                {"t=" + time + ",t=" + time + ",v1=" + sig, "timestamp_duplicate"},
                {"t=abc,v1=" + sig, "timestamp_not_numeric"},
                {"t=" + time + ",v0=" + sig, "signature_missing"},
                {"t=" + time + ",v1=" + sig.left(40), "signature_malformed"},
        };
        QSet<QByteArray> codes;
        for (const auto &c : cases) {
            const Response response = postUnlimCall(c.first, body(v));
            QCOMPARE(response.status, 400);
            QCOMPARE(response.body, c.second);
            codes.insert(response.body);
        }
        QCOMPARE(codes.size(), cases.size());
        const Response missing = exchange(request("/hooks/unlimcall", {}, body(v)));
        QCOMPARE(missing.status, 401);
        QCOMPARE(missing.body, QByteArray("signature_header_missing"));
        QCOMPARE(m_store->count(), 0);
    }

    // W6: the same delivery twice is one row and one announcement, and both are acknowledged.
    void aRedeliveryIsStoredOnce()
    {
        start(QStringLiteral("whsec_2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01"));
        const QJsonObject v = vector(0);
        QSignalSpy stored(m_ingest.get(), &WebhookIngest::eventStored);
        QCOMPARE(postUnlimCall(bytes(v, "header"), body(v)).body, QByteArray("stored"));
        // A retry is signed again at a later time; the event id is the same.
        m_now += 60;
        const QByteArray later = "t=" + QByteArray::number(m_now) +
                ",v1=" + WebhookSignatures::signUnlimCall(bytes(v, "secret"), m_now, body(v));
        const Response again = postUnlimCall(later, body(v));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body, QByteArray("duplicate"));
        QCOMPARE(m_store->count(), 1);
        QCOMPARE(stored.count(), 1);
    }

    // W5 / D3: a busy database is a 503 (the vendor retries) and the retry is stored, once.
    void aStoreFailureIs503AndTheRetryIsStored()
    {
        start(QStringLiteral("whsec_2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01"));
        const QJsonObject v = vector(0);
        m_db->setBusyTimeout(50);
        Database other(m_db->path());
        QVERIFY(other.open());
        QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE")).ok());
        QSignalSpy stored(m_ingest.get(), &WebhookIngest::eventStored);
        const Response busy = postUnlimCall(bytes(v, "header"), body(v));
        QCOMPARE(busy.status, 503);
        QCOMPARE(busy.body, QByteArray("store_failed"));
        QCOMPARE(stored.count(), 0);
        QVERIFY(other.exec(QStringLiteral("ROLLBACK")).ok());
        QCOMPARE(m_store->count(), 0);
        const Response retry = postUnlimCall(bytes(v, "header"), body(v));
        QCOMPARE(retry.status, 200);
        QCOMPARE(m_store->count(), 1);
        QCOMPARE(stored.count(), 1);
    }

    // W5: secrets that cannot be read yet (the keychain not read) are a local failure, not a 4xx.
    void unreadableSecretsAre503()
    {
        CredentialStore keychain(QStringLiteral("campaign-console-test-unread"));
        KeychainWebhookSecrets secrets(&keychain, nullptr, nullptr); // never refreshed
        startWith(&secrets);
        const QJsonObject v = vector(0);
        const Response response = postUnlimCall(bytes(v, "header"), body(v));
        QCOMPARE(response.status, 503);
        QCOMPARE(response.body, QByteArray("secrets_unavailable"));
        QCOMPARE(m_store->count(), 0);
    }

    // W7: loopback by default, POST only, a body over 1 MiB refused before it is sent.
    void bindsToLoopbackByDefault()
    {
        QCOMPARE(WebhookReceiver::Options().address, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(WebhookReceiver::Options().port, quint16(8787));
        start(QString());
        QCOMPARE(m_receiver->address(), QHostAddress(QHostAddress::LocalHost));
    }

    void tooLargeIsRefusedBeforeTheBodyIsSent()
    {
        start(QStringLiteral("whsec_2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01"));
        const QJsonObject v = vector(0);
        QSignalSpy refused(m_ingest.get(), &WebhookIngest::deliveryRefused);
        QSignalSpy answered(m_receiver.get(), &WebhookReceiver::answered);
        // Only the head: a gigabyte announced, not one body byte sent. The answer still comes.
        const QByteArray head =
                "POST /hooks/unlimcall HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Unlimcall-Signature: " +
                bytes(v, "header") + "\r\nContent-Length: 1073741824\r\n\r\n";
        const Response response = exchange(head);
        QCOMPARE(response.status, 413);
        QCOMPARE(response.body, QByteArray("payload_too_large"));
        QCOMPARE(answered.count(), 1);
        QCOMPARE(refused.count(), 0); // the sink never saw it: no HMAC was computed
        // One byte over the limit, body sent at once: refused just the same, answer readable.
        const Response over =
                exchange(request("/hooks/unlimcall", {{"X-Unlimcall-Signature", bytes(v, "header")}},
                                 QByteArray(1024 * 1024 + 1, 'x')));
        QCOMPARE(over.status, 413);
        QCOMPARE(refused.count(), 0);
        // Exactly 1 MiB is read and verified (and, not being the signed body, refused).
        const Response limit =
                exchange(request("/hooks/unlimcall", {{"X-Unlimcall-Signature", bytes(v, "header")}},
                                 QByteArray(1024 * 1024, 'x')));
        QCOMPARE(limit.status, 401);
        QCOMPARE(refused.count(), 1);
        QCOMPARE(m_store->count(), 0);
    }

    void onlyPostOnKnownPaths_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("GET") << QByteArray("GET /hooks/unlimcall HTTP/1.1\r\nHost: x\r\n\r\n") << 405
                             << QByteArray("Allow: POST");
        QTest::newRow("PUT") << request("/hooks/unlimcall", {}, "{}", "PUT") << 405
                             << QByteArray("Allow: POST");
        QTest::newRow("unknown path") << request("/hooks/other", {}, "{}") << 404 << QByteArray();
        QTest::newRow("trailing slash") << request("/hooks/unlimcall/", {}, "{}") << 404 << QByteArray();
        QTest::newRow("no length") << QByteArray("POST /hooks/unlimcall HTTP/1.1\r\nHost: x\r\n\r\n{}") << 411
                                   << QByteArray();
        QTest::newRow("chunked")
                << QByteArray("POST /hooks/unlimcall HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "2\r\n{}\r\n0\r\n\r\n")
                << 411 << QByteArray();
        QTest::newRow("head over 16 KiB")
                << request("/hooks/unlimcall", {{"X-Padding", QByteArray(17 * 1024, 'p')}}, "{}") << 431
                << QByteArray();
    }
    void onlyPostOnKnownPaths()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(QByteArray, header);
        start(QStringLiteral("whsec_2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01"));
        QSignalSpy refused(m_ingest.get(), &WebhookIngest::deliveryRefused);
        const Response response = exchange(bytes);
        QCOMPARE(response.status, status);
        if (!header.isEmpty())
            QVERIFY2(response.head.contains(header), response.head.constData());
        QCOMPARE(refused.count(), 0);
        QCOMPARE(m_store->count(), 0);
    }

    void aSilentClientGets408()
    {
        start(QString());
        WebhookReceiver::Options options;
        options.port = 0;
        options.idleTimeoutMs = 200;
        QVERIFY(m_receiver->listen(options));
        const Response response = exchange("POST /hooks/unlimcall HTTP/1.1\r\nContent-Le");
        QCOMPARE(response.status, 408);
    }

    // Outreach2day: Standard Webhooks by default; unsigned never accepted where a secret exists.
    void outreach2dayStandardWebhooks()
    {
        const QJsonObject anchor = m_vectors.value(QLatin1String("standard_webhooks")).toObject();
        start({}, QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        m_now = t(anchor);
        const QByteArray payload = body(anchor);
        const Response signedOk = exchange(request("/hooks/outreach2day",
                                                   {{"webhook-id", bytes(anchor, "msg_id")},
                                                    {"webhook-timestamp", QByteArray::number(t(anchor))},
                                                    {"webhook-signature", bytes(anchor, "signature")}},
                                                   payload));
        QCOMPARE(signedOk.status, 200);
        QCOMPARE(m_store->events().first().verification, QStringLiteral("verified with secret 1 of 1"));
        const QByteArray other =
                R"({"id":"evt_9","type":"contact.unsubscribed","data":{"email":"a@b.example"}})";
        const Response unsigned_ = exchange(request("/hooks/outreach2day", {}, other));
        QCOMPARE(unsigned_.status, 401);
        QCOMPARE(unsigned_.body, QByteArray("signature_header_missing"));
        QCOMPARE(m_store->count(), 1);
        // With no secret configured at all, an unsigned delivery is not accepted either.
        start({}, {});
        QCOMPARE(exchange(request("/hooks/outreach2day", {}, other)).status, 401);
        QCOMPARE(m_store->count(), 1);
    }

    void outreach2dayOtherScheme()
    {
        WebhookIngest::Options options;
        options.outreach2dayScheme = WebhookIngest::Outreach2dayScheme::TimestampedHmac;
        start({}, QStringLiteral("whsec_o2d"), options);
        const QByteArray payload =
                R"({"id":"evt_1","type":"reply.received","timestamp":"2025-05-21T18:30:00Z","data":{"email":"a@b.example","replyIntent":"interested"}})";
        const QByteArray header = "t=" + QByteArray::number(m_now) +
                ",v1=" + WebhookSignatures::signUnlimCall("whsec_o2d", m_now, payload);
        const Response response =
                exchange(request("/hooks/outreach2day", {{"X-Outreach2day-Signature", header}}, payload));
        QCOMPARE(response.status, 200);
        const StoredEvent event = m_store->events().first();
        QCOMPARE(event.type, QStringLiteral("reply.received"));
        QCOMPARE(event.email, QStringLiteral("a@b.example"));
        QCOMPARE(event.occurredAt, QDateTime(QDate(2025, 5, 21), QTime(18, 30), Qt::UTC));
        QCOMPARE(WebhookIngest::schemeFromId(WebhookIngest::schemeId(options.outreach2dayScheme)),
                 std::optional(options.outreach2dayScheme));
    }

    // Verloop: unsigned, accepted only on a minted token, linked to the saved intent.
    void verloopCallbacksNeedAMintedToken()
    {
        start(QString());
        const VerloopCallbackTokens::Minted minted = m_tokens->mint(QStringLiteral("intent-42"));
        QVERIFY(minted.status.ok());
        QVERIFY(VerloopCallbackTokens::isWellFormed(minted.token));
        QCOMPARE(minted.token.size(), 43);
        QVERIFY(minted.token != m_tokens->mint(QStringLiteral("intent-43")).token);
        const QByteArray payload =
                R"({"message_id":"msg-1","status":"completed","timestamp":"2026-01-02T03:04:05Z"})";
        QSignalSpy answered(m_receiver.get(), &WebhookReceiver::answered);
        const Response ok = exchange(request("/hooks/verloop/" + minted.token.toLatin1(), {}, payload));
        QCOMPARE(ok.status, 200);
        const StoredEvent event = m_store->events().first();
        QCOMPARE(event.intentId, QStringLiteral("intent-42"));
        QCOMPARE(event.verification, QStringLiteral("unsigned (Verloop token)"));
        QCOMPARE(event.callId, QStringLiteral("msg-1"));
        QCOMPARE(event.rawBody, payload);
        // What the receiver reports for logs names the route, never the token.
        QCOMPARE(answered.count(), 1);
        QCOMPARE(answered.first().at(2).toByteArray(), QByteArray("/hooks/verloop/[token]"));
        // An unknown (well-formed) token, and one that is not a token at all.
        const Response unknown = exchange(
                request("/hooks/verloop/" + VerloopCallbackTokens::generateToken().toLatin1(), {}, payload));
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.body, QByteArray("unknown_token"));
        QCOMPARE(exchange(request("/hooks/verloop/", {}, payload)).status, 404);
        QCOMPARE(exchange(request("/hooks/verloop/a%2Fb", {}, payload)).status, 404);
        QCOMPARE(m_store->count(), 1);
        // The database holds a hash of the token, never the token.
        QSqlQuery q = m_db->query();
        QVERIFY(q.exec(QStringLiteral("SELECT token_sha256 FROM verloop_callback_tokens")));
        while (q.next())
            QVERIFY(q.value(0).toString() != minted.token);
    }
};

CC_TEST_GUILESS_MAIN(TestWebhookReceiver)
#include "tst_webhookreceiver.moc"
