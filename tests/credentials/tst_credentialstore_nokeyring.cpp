// Credentials without any keychain: no D-Bus session bus at all (run-isolated.sh plain mode).
// README promise S2 (the state is told apart and explained) and S3 (no plaintext fallback).
#include "CredentialTestUtils.h"
#include "TestMain.h"

#include "credentials/KeychainStatus.h"

#include <QDBusConnection>

using namespace CredentialTestUtils;

class TestCredentialStoreWithoutKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void probeSaysNoSecretService();
    void everyOperationExplainsTheMissingKeychain();
    void nothingIsWrittenAsAFallback();
};

void TestCredentialStoreWithoutKeychain::initTestCase()
{
    QVERIFY2(!QDBusConnection::sessionBus().isConnected(), "this test needs a process without a session bus");
}

void TestCredentialStoreWithoutKeychain::probeSaysNoSecretService()
{
    QCOMPARE(probeKeychain(), KeychainState::NoSecretService);
    const QString words = explain(KeychainState::NoSecretService);
    QVERIFY(words.contains(QLatin1String("Secret Service")));
    QVERIFY(words.contains(QLatin1String("GNOME Keyring")));
    QVERIFY(words.contains(QLatin1String("KWallet")));
    QCOMPARE(keychainStateId(KeychainState::NoSecretService), QStringLiteral("no_secret_service"));
}

void TestCredentialStoreWithoutKeychain::everyOperationExplainsTheMissingKeychain()
{
    CredentialStore store;
    const VendorCredentials credentials = sampleCredentials().at(0);

    // QtKeychain 0.13 says OtherError here; the operator must read why, not "unknown error".
    const std::optional<ApiError> saved = save(store, credentials);
    QVERIFY(saved);
    QCOMPARE(saved->code, QStringLiteral("keychain_unavailable"));
    QCOMPARE(saved->kind, ApiError::Kind::Local);
    QCOMPARE(saved->vendor, Vendor::Unloopa);
    QCOMPARE(saved->explanation, explain(KeychainState::NoSecretService));

    const Result<VendorCredentials> loaded = load(store, Vendor::Unloopa);
    QVERIFY(!loaded.ok());
    // Not "absent": the operator must not be told to re-enter a key that may well be stored.
    QCOMPARE(loaded.error().code, QStringLiteral("keychain_unavailable"));
    QCOMPARE(loaded.error().explanation, explain(KeychainState::NoSecretService));

    const std::optional<ApiError> removed = remove(store, Vendor::Unloopa);
    QVERIFY(removed);
    QCOMPARE(removed->code, QStringLiteral("keychain_unavailable"));
}

void TestCredentialStoreWithoutKeychain::nothingIsWrittenAsAFallback()
{
    const QString home = qEnvironmentVariable("CC_TEST_HOME");
    QVERIFY(!home.isEmpty());
    const QStringList before = allFiles(home);

    CredentialStore store;
    QList<QByteArray> secrets;
    for (const VendorCredentials &credentials : sampleCredentials()) {
        QVERIFY(save(store, credentials));
        secrets += credentials.secrets();
    }

    // S3: no plaintext copy (QtKeychain's insecure fallback writes QSettings) — no new file at
    // all, and no secret in any file.
    QCOMPARE(allFiles(home), before);
    QVERIFY(filesContaining(home, secrets).isEmpty());
}

CC_TEST_GUILESS_MAIN(TestCredentialStoreWithoutKeychain)
#include "tst_credentialstore_nokeyring.moc"
