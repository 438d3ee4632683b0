// Credentials in a real Secret Service (gnome-keyring in a private D-Bus session, started by
// run-isolated.sh): README promises S1, S2, S3, S6.
#include "CredentialTestUtils.h"
#include "SecretServiceProbe.h"
#include "TestMain.h"

#include "credentials/KeychainStatus.h"

#include <QLoggingCategory>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>

using namespace CredentialTestUtils;

namespace {

QStringList g_logLines;
QtMessageHandler g_previousHandler = nullptr;

void recordingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_logLines.append(message);
    g_previousHandler(type, context, message);
}

QMap<QString, QString> entryAttributes(Vendor vendor, const QString &account)
{
    return {{QStringLiteral("server"), CredentialStore::defaultServiceName()},
            {QStringLiteral("user"), CredentialStore::entryKey(vendor, account)}};
}

QString keyringsDir()
{
    return qEnvironmentVariable("XDG_DATA_HOME") + QStringLiteral("/keyrings");
}

} // namespace

class TestCredentialStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void roundTrip_data();
    void roundTrip();
    void replaceKeepsOneEntry();
    void removeDeletesTheEntry();
    void accountsAreNamespaced();
    void invalidCredentialsNeverReachTheKeychain();
    void changedSignal();
    void secretsStayInTheKeyring();
    void lockedKeyringIsNotAnAbsentKey();

private:
    void removeEverything();

    std::unique_ptr<CredentialStore> m_store;
};

void TestCredentialStore::initTestCase()
{
    // This test needs the Secret Service run-isolated.sh starts (cc_add_test ... SECRET_SERVICE).
    QVERIFY2(qEnvironmentVariableIsSet("CC_SECRET_SERVICE_PID"),
             "run this test through tests/support/run-isolated.sh");
    QCOMPARE(probeKeychain(), KeychainState::Available);
    QLoggingCategory::setFilterRules(QStringLiteral("cc.credentials.debug=true"));
    g_previousHandler = qInstallMessageHandler(recordingHandler);
    m_store = std::make_unique<CredentialStore>();
}

void TestCredentialStore::init()
{
    removeEverything();
}

void TestCredentialStore::cleanupTestCase()
{
    qInstallMessageHandler(g_previousHandler);
}

void TestCredentialStore::removeEverything()
{
    for (const QString &account : {QStringLiteral("default"), QStringLiteral("agency")}) {
        for (Vendor vendor : Vendors::all()) {
            const std::optional<ApiError> error = remove(*m_store, vendor, account);
            QVERIFY2(!error, qPrintable(error ? error->summary() : QString()));
        }
    }
}

void TestCredentialStore::roundTrip_data()
{
    QTest::addColumn<VendorCredentials>("credentials");
    for (const VendorCredentials &credentials : sampleCredentials())
        QTest::newRow(qPrintable(Vendors::id(credentials.vendor))) << credentials;
    VendorCredentials oauth{
            Vendor::UnlimCall,     QStringLiteral("default"), {}, QStringLiteral("client_8f2a"), {},
            uniqueToken("secret-")};
    QTest::newRow("unlimcall-oauth") << oauth;
}

void TestCredentialStore::roundTrip()
{
    QFETCH(VendorCredentials, credentials);
    QVERIFY(credentials.validate().isEmpty());

    const std::optional<ApiError> saved = save(*m_store, credentials);
    QVERIFY2(!saved, qPrintable(saved ? saved->summary() : QString()));

    // A second store (a restarted console) reads back exactly what was saved.
    CredentialStore other;
    const Result<VendorCredentials> loaded = load(other, credentials.vendor);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().summary()));
    QVERIFY(loaded.value() == credentials);
    QCOMPARE(loaded.value().usesOAuth(), credentials.usesOAuth());
}

void TestCredentialStore::replaceKeepsOneEntry()
{
    VendorCredentials first = sampleCredentials().at(3);
    VendorCredentials second = first;
    second.token = uniqueToken("ot2d_");
    second.workspaceId = QStringLiteral("7");

    QVERIFY(!save(*m_store, first));
    QVERIFY(!save(*m_store, second));

    const Result<VendorCredentials> loaded = load(*m_store, Vendor::Outreach2day);
    QVERIFY(loaded.ok());
    QVERIFY(loaded.value() == second);
    QCOMPARE(SecretServiceProbe::search(entryAttributes(Vendor::Outreach2day, QStringLiteral("default")))
                     .size(),
             1);
}

void TestCredentialStore::removeDeletesTheEntry()
{
    const VendorCredentials credentials = sampleCredentials().at(2);
    QVERIFY(!save(*m_store, credentials));
    QCOMPARE(SecretServiceProbe::search(entryAttributes(Vendor::Verloop, QStringLiteral("default"))).size(),
             1);

    const std::optional<ApiError> removed = remove(*m_store, Vendor::Verloop);
    QVERIFY2(!removed, qPrintable(removed ? removed->summary() : QString()));
    // S6: the entry itself is gone from the keyring, not just forgotten by the console.
    QVERIFY(SecretServiceProbe::search(entryAttributes(Vendor::Verloop, QStringLiteral("default")))
                    .isEmpty());

    const Result<VendorCredentials> loaded = load(*m_store, Vendor::Verloop);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().code, QStringLiteral("keychain_entry_not_found"));
    QCOMPARE(loaded.error().kind, ApiError::Kind::Local);
    QCOMPARE(loaded.error().vendor, Vendor::Verloop);
    QVERIFY(loaded.error().explanation.contains(QLatin1String("Accounts page")));

    // Removing again is not an error: the operator's intent (no entry) already holds.
    QVERIFY(!remove(*m_store, Vendor::Verloop));
}

void TestCredentialStore::accountsAreNamespaced()
{
    QCOMPARE(CredentialStore::entryKey(Vendor::Unloopa, QStringLiteral("default")),
             QStringLiteral("campaign-console/unloopa/default"));
    QCOMPARE(CredentialStore::entryKey(Vendor::Outreach2day, QStringLiteral("agency")),
             QStringLiteral("campaign-console/outreach2day/agency"));

    const VendorCredentials mine = sampleCredentials(QStringLiteral("default")).at(0);
    const VendorCredentials agency = sampleCredentials(QStringLiteral("agency")).at(0);
    QVERIFY(mine.token != agency.token);
    QVERIFY(!save(*m_store, mine));
    QVERIFY(!save(*m_store, agency));

    QVERIFY(load(*m_store, Vendor::Unloopa, QStringLiteral("default")).value() == mine);
    QVERIFY(load(*m_store, Vendor::Unloopa, QStringLiteral("agency")).value() == agency);
    // Same account name, other vendor: nothing there.
    QCOMPARE(load(*m_store, Vendor::UnlimCall, QStringLiteral("agency")).error().code,
             QStringLiteral("keychain_entry_not_found"));

    // What the operator sees in Passwords and Keys / Seahorse: one item per vendor and account
    // under the console's service, so `secret-tool search server campaign-console` lists them all.
    // (QtKeychain 0.13 labels every item with the service name; the `user` attribute names it.)
    const QList<SecretServiceProbe::Item> items =
            SecretServiceProbe::search({{QStringLiteral("server"), CredentialStore::defaultServiceName()}});
    QCOMPARE(items.size(), 2);
    QSet<QString> users;
    for (const SecretServiceProbe::Item &item : items) {
        users.insert(item.attributes.value(QStringLiteral("user")));
        QCOMPARE(item.attributes.value(QStringLiteral("server")), QStringLiteral("campaign-console"));
        QCOMPARE(item.label, QStringLiteral("campaign-console"));
    }
    QCOMPARE(users,
             (QSet<QString>{QStringLiteral("campaign-console/unloopa/default"),
                            QStringLiteral("campaign-console/unloopa/agency")}));

    // Removing one account leaves the other alone.
    QVERIFY(!remove(*m_store, Vendor::Unloopa, QStringLiteral("agency")));
    QVERIFY(load(*m_store, Vendor::Unloopa, QStringLiteral("default")).value() == mine);
    QCOMPARE(load(*m_store, Vendor::Unloopa, QStringLiteral("agency")).error().code,
             QStringLiteral("keychain_entry_not_found"));

    // An account name that would break the namespace is refused.
    QCOMPARE(load(*m_store, Vendor::Unloopa, QStringLiteral("a/b")).error().code,
             QStringLiteral("invalid_account"));
    VendorCredentials slash = mine;
    slash.account = QStringLiteral("../default");
    QCOMPARE(save(*m_store, slash)->code, QStringLiteral("invalid_credentials"));
}

void TestCredentialStore::invalidCredentialsNeverReachTheKeychain()
{
    VendorCredentials wrong{
            Vendor::Unloopa, QStringLiteral("default"), "sk_live_notanunloopakey", {}, {}, {}};
    const std::optional<ApiError> error = save(*m_store, wrong);
    QVERIFY(error);
    QCOMPARE(error->code, QStringLiteral("invalid_credentials"));
    QVERIFY(error->explanation.contains(QLatin1String("unlpa_live_")));
    QVERIFY(!error->explanation.contains(QLatin1String("sk_live_notanunloopakey")));
    QVERIFY(SecretServiceProbe::search(entryAttributes(Vendor::Unloopa, QStringLiteral("default")))
                    .isEmpty());
}

void TestCredentialStore::changedSignal()
{
    QSignalSpy spy(m_store.get(), &CredentialStore::credentialsChanged);
    QVERIFY(!save(*m_store, sampleCredentials(QStringLiteral("agency")).at(1)));
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).value<Vendor>(), Vendor::UnlimCall);
    QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("agency"));
    QVERIFY(!remove(*m_store, Vendor::UnlimCall, QStringLiteral("agency")));
    QCOMPARE(spy.size(), 2);
    // A refused save changes nothing and says so by not signalling.
    VendorCredentials incomplete{Vendor::Verloop, QStringLiteral("default"), "token", {}, {}, {}};
    QVERIFY(save(*m_store, incomplete));
    QCOMPARE(spy.size(), 2);
}

void TestCredentialStore::secretsStayInTheKeyring()
{
    g_logLines.clear();
    QList<QByteArray> secrets;
    for (const QString &account : {QStringLiteral("default"), QStringLiteral("agency")}) {
        for (const VendorCredentials &credentials : sampleCredentials(account)) {
            QVERIFY(!save(*m_store, credentials));
            QVERIFY(load(*m_store, credentials.vendor, account).ok());
            secrets += credentials.secrets();
        }
    }
    // The console's non-secret settings live next door; make sure they exist on disk too.
    {
        QSettings settings;
        settings.setValue(QStringLiteral("accounts/unloopa/default/configured"), true);
        settings.sync();
        QCOMPARE(settings.status(), QSettings::NoError);
    }

    const QString home = qEnvironmentVariable("CC_TEST_HOME");
    QVERIFY(!home.isEmpty());
    QVERIFY2(QFile::exists(keyringsDir() + QStringLiteral("/login.keyring")),
             "the secrets went somewhere else");
    // S1: nowhere under $HOME but the keyring files (settings, caches, QtKeychain's plaintext store).
    const QStringList leaks = filesContaining(home, secrets, keyringsDir());
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1String(", "))));
    // And the keyring file itself is encrypted with the (throwaway) login password.
    QVERIFY(filesContaining(keyringsDir(), secrets).isEmpty());

    // Logs name entries, never values.
    QVERIFY(!g_logLines.isEmpty());
    for (const QString &line : std::as_const(g_logLines)) {
        for (const QByteArray &secret : std::as_const(secrets))
            QVERIFY2(!line.contains(QString::fromUtf8(secret)), "a secret reached the log");
    }
}

void TestCredentialStore::lockedKeyringIsNotAnAbsentKey()
{
    const VendorCredentials stored = sampleCredentials().at(0);
    QVERIFY(!save(*m_store, stored));

    const QString lockError = SecretServiceProbe::lockDefaultCollection();
    QVERIFY2(lockError.isEmpty(), qPrintable(lockError));
    // Unlock whatever happens below, so a failure here does not cascade.
    const auto unlock = qScopeGuard([] { SecretServiceProbe::unlockDefaultCollection(); });

    QCOMPARE(probeKeychain(), KeychainState::Locked);
    QVERIFY(explain(KeychainState::Locked).contains(QLatin1String("Unlock")));

    // QtKeychain 0.13 reports EntryNotFound here; the store must not call the key absent.
    for (Vendor vendor : {Vendor::Unloopa /* stored */, Vendor::Verloop /* never stored */}) {
        const Result<VendorCredentials> loaded = load(*m_store, vendor);
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error().code, QStringLiteral("keychain_locked"));
        QCOMPARE(loaded.error().explanation, explain(KeychainState::Locked));
    }

    // Writing into a locked keyring fails with the same explanation, and writes nothing.
    VendorCredentials replacement = stored;
    replacement.token = uniqueToken("unlpa_live_");
    const std::optional<ApiError> saved = save(*m_store, replacement);
    QVERIFY(saved);
    QCOMPARE(saved->code, QStringLiteral("keychain_locked"));

    const QString unlockError = SecretServiceProbe::unlockDefaultCollection();
    QVERIFY2(unlockError.isEmpty(), qPrintable(unlockError));
    QCOMPARE(probeKeychain(), KeychainState::Available);
    const Result<VendorCredentials> afterUnlock = load(*m_store, Vendor::Unloopa);
    QVERIFY2(afterUnlock.ok(), qPrintable(afterUnlock.error().summary()));
    QVERIFY(afterUnlock.value() == stored);
}

CC_TEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
