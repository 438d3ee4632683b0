// The app's webhook secrets from a real Secret Service (gnome-keyring in a private D-Bus session,
// started by run-isolated.sh): the entries the Calls page and the Outreach2day webhooks tab write
// are the ones a delivery is verified with (W3: several secrets, the previous one during its
// grace period), and a delivery signed with one of them is stored over real loopback HTTP.
#include "CredentialTestUtils.h"
#include "TestMain.h"

#include "credentials/CredentialStore.h"
#include "credentials/KeychainStatus.h"
#include "email/EmailActivityStore.h"
#include "email/WebhookSecrets.h"
#include "events/EventStore.h"
#include "events/WebhookIngest.h"
#include "events/WebhookSecretSource.h"
#include "store/CdrStore.h"
#include "webhooks/WebhookReceiver.h"
#include "webhooks/WebhookSignatures.h"

#include <QEventLoop>
#include <QTcpSocket>
#include <QTemporaryDir>

using namespace CredentialTestUtils;

namespace {

template<typename Call>
void waitFor(Call call)
{
    bool finished = false;
    QEventLoop loop;
    call(&loop, [&]() {
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
}

} // namespace

class TestKeychainWebhookSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariableIsSet("CC_SECRET_SERVICE_PID"),
                 "run this test through tests/support/run-isolated.sh");
        QCOMPARE(probeKeychain(), KeychainState::Available);
    }

    void deliveriesAreVerifiedWithTheKeychainsSecrets()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("console.sqlite")));
        db.registerMigrations(CdrStore::component(), CdrStore::migrations());
        db.registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
        db.registerMigrations(EventStore::component(), EventStore::migrations());
        QVERIFY(db.open());
        QVERIFY(db.migrate());
        CdrStore cdrs(&db);
        EmailActivityStore activity(&db);
        EventStore events(&db);
        CredentialStore keychain;

        // Two UnlimCall hooks, one since unsubscribed; each secret as the Calls page stores it.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(cdrs.saveHook({QStringLiteral("h-live"),
                               QStringLiteral("call.ended"),
                               QStringLiteral("https://example.com/hooks/unlimcall"),
                               now,
                               {}})
                        .ok());
        QVERIFY(cdrs.saveHook({QStringLiteral("h-gone"), QStringLiteral("dnc.added"),
                               QStringLiteral("https://example.com/hooks/unlimcall"), now, now})
                        .ok());
        for (const auto &[hook, secret] :
             {std::pair{QStringLiteral("h-live"), QByteArray("whsec_live_one")},
              std::pair{QStringLiteral("h-gone"), QByteArray("whsec_gone_one")}}) {
            VendorCredentials credentials;
            credentials.vendor = Vendor::UnlimCall;
            credentials.account = KeychainWebhookSecrets::unlimCallAccount(hook);
            credentials.clientId = hook;
            credentials.clientSecret = secret;
            std::optional<ApiError> problem;
            waitFor([&](QObject *context, auto done) {
                keychain.save(credentials, context, [&, done](std::optional<ApiError> p) {
                    problem = p;
                    done();
                });
            });
            QVERIFY2(!problem, problem ? qPrintable(problem->summary()) : "");
        }

        // One Outreach2day subscription, rotated: the previous secret still in its grace period.
        WebhookSecrets o2dSecrets(&keychain);
        const QString first = WebhookSecrets::generate();
        const QString second = WebhookSecrets::generate();
        for (bool rotate : {false, true}) {
            waitFor([&](QObject *context, auto done) {
                auto finish = [done](std::optional<ApiError>) {
                    done();
                };
                if (rotate)
                    o2dSecrets.rotate(QStringLiteral("wh_sub_1"), second, context, finish);
                else
                    o2dSecrets.store(QStringLiteral("wh_sub_1"), first, context, finish);
            });
        }
        EmailActivityStore::Hook hook;
        hook.subscription.id = QStringLiteral("wh_sub_1");
        hook.subscription.endpoint = QStringLiteral("https://example.com/hooks/outreach2day");
        hook.secretSetAt = now;
        hook.graceUntil = now.addSecs(3600);
        QVERIFY(activity.saveHook(hook).ok());

        KeychainWebhookSecrets secrets(&keychain, &cdrs, &activity);
        QVERIFY(!secrets.secretsFor(Vendor::UnlimCall).available); // not read yet
        std::optional<QString> problem = QStringLiteral("not finished");
        waitFor([&](QObject *context, auto done) {
            secrets.refresh(context, [&, done](std::optional<QString> p) {
                problem = p;
                done();
            });
        });
        QVERIFY2(!problem, qPrintable(problem.value_or(QString())));
        const WebhookSecretSource::Lookup unlimCall = secrets.secretsFor(Vendor::UnlimCall);
        QVERIFY(unlimCall.available);
        QCOMPARE(unlimCall.secrets, QByteArrayList{"whsec_live_one"}); // not the unsubscribed hook's
        const WebhookSecretSource::Lookup outreach = secrets.secretsFor(Vendor::Outreach2day);
        QVERIFY(outreach.available);
        QCOMPARE(outreach.secrets, (QByteArrayList{second.toUtf8(), first.toUtf8()}));

        // End to end: a delivery signed with the hook's secret is stored.
        WebhookIngest ingest(&events, &secrets, nullptr);
        WebhookReceiver receiver(&ingest);
        WebhookReceiver::Options options;
        options.port = 0;
        QVERIFY(receiver.listen(options));
        const QByteArray payload = R"({"event":"dnc.added","eventId":"evt_k1","phone":"+14155550100"})";
        const qint64 t = QDateTime::currentSecsSinceEpoch();
        const QByteArray signature = "t=" + QByteArray::number(t) +
                ",v1=" + WebhookSignatures::signUnlimCall("whsec_live_one", t, payload);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, receiver.port());
        QVERIFY(socket.waitForConnected(10'000));
        socket.write("POST /hooks/unlimcall HTTP/1.1\r\nX-Unlimcall-Signature: " + signature +
                     "\r\nContent-Length: " + QByteArray::number(payload.size()) + "\r\n\r\n" + payload);
        QByteArray answer;
        QVERIFY(QTest::qWaitFor(
                [&]() {
                    answer += socket.readAll();
                    return socket.state() == QAbstractSocket::UnconnectedState;
                },
                20'000));
        QVERIFY2(answer.startsWith("HTTP/1.1 200 "), answer.constData());
        QCOMPARE(events.count(), 1);
        QCOMPARE(events.events().first().type, QStringLiteral("dnc.added"));
    }
};

CC_TEST_GUILESS_MAIN(TestKeychainWebhookSecrets)
#include "tst_keychainwebhooksecrets.moc"
