// Webhook signing secrets in a real Secret Service (gnome-keyring in a private D-Bus session,
// started by run-isolated.sh): the whsec_ format, nowhere but the keychain (S1), rotation with a
// grace period (W3).
#include "CredentialTestUtils.h"
#include "SecretServiceProbe.h"
#include "TestMain.h"

#include "credentials/CredentialStore.h"
#include "credentials/KeychainStatus.h"
#include "email/WebhookSecrets.h"

#include <QEventLoop>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSettings>

using namespace CredentialTestUtils;

namespace {

QStringList g_logLines;
QtMessageHandler g_previousHandler = nullptr;

void recordingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_logLines.append(message);
    g_previousHandler(type, context, message);
}

std::optional<ApiError> wait(const std::function<void(const QObject *, WebhookSecrets::Done)> &call)
{
    bool finished = false;
    std::optional<ApiError> result;
    QEventLoop loop;
    call(&loop, [&](std::optional<ApiError> error) {
        result = std::move(error);
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return result;
}

Result<QStringList> accepted(WebhookSecrets &secrets, const QString &id, const QDateTime &graceUntil,
                             const QDateTime &now)
{
    std::optional<Result<QStringList>> result;
    QEventLoop loop;
    secrets.acceptedSecrets(
            id, graceUntil, &loop,
            [&](Result<QStringList> r) {
                result.emplace(std::move(r));
                loop.quit();
            },
            now);
    if (!result)
        loop.exec();
    return *result;
}

QString keyringsDir()
{
    return qEnvironmentVariable("XDG_DATA_HOME") + QStringLiteral("/keyrings");
}

} // namespace

class TestWebhookSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariableIsSet("CC_SECRET_SERVICE_PID"),
                 "run this test through tests/support/run-isolated.sh");
        QCOMPARE(probeKeychain(), KeychainState::Available);
        QLoggingCategory::setFilterRules(QStringLiteral("cc.credentials.debug=true"));
        g_previousHandler = qInstallMessageHandler(recordingHandler);
    }
    void cleanupTestCase() { qInstallMessageHandler(g_previousHandler); }

    void generatedSecretsAreWhsecAndThirtyTwoRandomBytes()
    {
        const QString secret = WebhookSecrets::generate();
        QVERIFY(secret.startsWith(QLatin1String("whsec_")));
        const QByteArray encoded = secret.mid(6).toLatin1();
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9+/]{43}=$")).match(secret.mid(6)).hasMatch());
        QCOMPARE(QByteArray::fromBase64(encoded).size(), 32);
        QVERIFY(WebhookSecrets::generate() != secret);
    }

    void storedSecretReadsBackFromAnotherStore()
    {
        CredentialStore store;
        WebhookSecrets secrets(&store);
        const QString secret = WebhookSecrets::generate();
        QVERIFY(!wait([&](const QObject *c, auto done) {
            secrets.store(QStringLiteral("wh_sub_rt"), secret, c, done);
        }));

        CredentialStore restarted;
        WebhookSecrets again(&restarted);
        const Result<QStringList> read =
                accepted(again, QStringLiteral("wh_sub_rt"), {}, QDateTime::currentDateTimeUtc());
        QVERIFY2(read.ok(), qPrintable(read.error().summary()));
        QCOMPARE(read.value(), QStringList{secret});
        QCOMPARE(SecretServiceProbe::search(
                         {{QStringLiteral("user"),
                           QStringLiteral("campaign-console/outreach2day/webhook.wh_sub_rt")}})
                         .size(),
                 1);
    }

    // W3: after a rotation the old secret is still accepted until the operator's grace period ends,
    // then it is gone from the keychain too.
    void rotationKeepsTheOldSecretForTheGracePeriod()
    {
        CredentialStore store;
        WebhookSecrets secrets(&store);
        const QString id = QStringLiteral("wh_sub_rot");
        const QString first = WebhookSecrets::generate();
        const QString second = WebhookSecrets::generate();
        QVERIFY(!wait([&](const QObject *c, auto done) { secrets.store(id, first, c, done); }));
        QVERIFY(!wait([&](const QObject *c, auto done) { secrets.rotate(id, second, c, done); }));

        const QDateTime rotatedAt = QDateTime::currentDateTimeUtc();
        const QDateTime graceUntil = rotatedAt.addSecs(3600);
        Result<QStringList> during = accepted(secrets, id, graceUntil, rotatedAt.addSecs(3599));
        QVERIFY2(during.ok(), qPrintable(during.error().summary()));
        QCOMPARE(during.value(), (QStringList{second, first}));

        Result<QStringList> after = accepted(secrets, id, graceUntil, graceUntil);
        QVERIFY(after.ok());
        QCOMPARE(after.value(), QStringList{second});
        // Retired for good: a later call inside a (mistakenly) extended grace finds no old secret.
        QVERIFY(SecretServiceProbe::search(
                        {{QStringLiteral("user"),
                          QStringLiteral("campaign-console/outreach2day/webhook.wh_sub_rot.previous")}})
                        .isEmpty());
        Result<QStringList> later = accepted(secrets, id, graceUntil.addDays(1), graceUntil);
        QCOMPARE(later.value(), QStringList{second});
    }

    void noGracePeriodAcceptsOnlyTheNewSecret()
    {
        CredentialStore store;
        WebhookSecrets secrets(&store);
        const QString id = QStringLiteral("wh_sub_nograce");
        const QString first = WebhookSecrets::generate();
        const QString second = WebhookSecrets::generate();
        QVERIFY(!wait([&](const QObject *c, auto done) { secrets.store(id, first, c, done); }));
        QVERIFY(!wait([&](const QObject *c, auto done) { secrets.rotate(id, second, c, done); }));
        const Result<QStringList> now = accepted(secrets, id, {}, QDateTime::currentDateTimeUtc());
        QCOMPARE(now.value(), QStringList{second});
    }

    void removeDeletesBothEntries()
    {
        CredentialStore store;
        WebhookSecrets secrets(&store);
        const QString id = QStringLiteral("wh_sub_rm");
        QVERIFY(!wait([&](const QObject *c, auto done) {
            secrets.store(id, WebhookSecrets::generate(), c, done);
        }));
        QVERIFY(!wait([&](const QObject *c, auto done) {
            secrets.rotate(id, WebhookSecrets::generate(), c, done);
        }));
        QVERIFY(!wait([&](const QObject *c, auto done) { secrets.remove(id, c, done); }));
        const Result<QStringList> gone = accepted(secrets, id, QDateTime::currentDateTimeUtc().addDays(1),
                                                  QDateTime::currentDateTimeUtc());
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().code, QStringLiteral("keychain_entry_not_found"));
        QVERIFY(!wait([&](const QObject *c, auto done) { secrets.remove(id, c, done); })); // absent: fine
    }

    // S1: the secrets are nowhere under $HOME but the keyring, and never in the log.
    void secretsStayInTheKeyring()
    {
        g_logLines.clear();
        CredentialStore store;
        WebhookSecrets secrets(&store);
        const QString first = WebhookSecrets::generate();
        const QString second = WebhookSecrets::generate();
        const QString id = QStringLiteral("wh_sub_s1");
        QVERIFY(!wait([&](const QObject *c, auto done) { secrets.store(id, first, c, done); }));
        QVERIFY(!wait([&](const QObject *c, auto done) { secrets.rotate(id, second, c, done); }));
        {
            QSettings settings;
            settings.setValue(QStringLiteral("email/hooks/%1/graceUntil").arg(id),
                              QDateTime::currentDateTimeUtc());
            settings.sync();
        }
        const QString home = qEnvironmentVariable("CC_TEST_HOME");
        QVERIFY(!home.isEmpty());
        QVERIFY(QFile::exists(keyringsDir() + QStringLiteral("/login.keyring")));
        const QList<QByteArray> needles{first.toUtf8(), second.toUtf8(), first.mid(6).toUtf8(),
                                        second.mid(6).toUtf8()};
        const QStringList leaks = filesContaining(home, needles, keyringsDir());
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1String(", "))));
        QVERIFY(filesContaining(keyringsDir(), needles).isEmpty());
        QVERIFY(!g_logLines.isEmpty());
        for (const QString &line : std::as_const(g_logLines))
            QVERIFY2(!line.contains(first.mid(6)) && !line.contains(second.mid(6)),
                     "a secret reached the log");
    }
};

CC_TEST_GUILESS_MAIN(TestWebhookSecrets)
#include "tst_webhooksecrets.moc"
