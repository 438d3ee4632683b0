// The Accounts page against the real keychain (a private Secret Service, see run-isolated.sh):
// credentials typed into the page are saved in the keychain and nowhere else, a connection is
// tested from them, a new session loads them, and removing them deletes the keychain entry.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "accounts/AccountsPage.h"
#include "accounts/ConnectionTester.h"
#include "accounts/ServiceHub.h"
#include "accounts/VendorAccountPanel.h"
#include "credentials/CredentialStore.h"
#include "credentials/KeychainStatus.h"
#include "sandbox/UnlimCallSandbox.h"

#include <QApplication>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTimer>

#include <memory>

namespace {
const QString TestService = QStringLiteral("campaign-console-tests");
}

class TestAccountsKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void saveTestReloadAndRemove_data();
    void saveTestReloadAndRemove();
    void unlimcallOAuthModeSwitch();

private:
    std::unique_ptr<ServiceHub> makeHub() const;
    static void clickSaveAndWait(VendorAccountPanel *panel);
    Result<VendorCredentials> loadDirectly(Vendor vendor);

    SandboxFixture m_sandbox;
};

void TestAccountsKeychain::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    const KeychainState state = probeKeychain();
    QVERIFY2(state == KeychainState::Available, qPrintable(explain(state)));
}

std::unique_ptr<ServiceHub> TestAccountsKeychain::makeHub() const
{
    ServiceHub::Options options;
    options.credentialSource = ServiceHub::CredentialSource::Keychain;
    options.keychainService = TestService;
    for (Vendor vendor : Vendors::all())
        options.commandLineUrls.insert(vendor, m_sandbox.baseUrl(vendor).toString());
    options.commandLineTokenUrl = m_sandbox.server()->unlimcallTokenUrl().toString();
    return std::make_unique<ServiceHub>(options);
}

void TestAccountsKeychain::clickSaveAndWait(VendorAccountPanel *panel)
{
    QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    auto *result = panel->findChild<QLabel *>(QStringLiteral("resultLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("Saved in the keychain.")) ||
                                     result->text().contains(QStringLiteral("Not saved")),
                             30'000);
    QVERIFY2(result->text().contains(QStringLiteral("Saved in the keychain.")), qPrintable(result->text()));
}

Result<VendorCredentials> TestAccountsKeychain::loadDirectly(Vendor vendor)
{
    CredentialStore store(TestService);
    std::optional<Result<VendorCredentials>> result;
    store.load(vendor, QStringLiteral("default"), this,
               [&result](const Result<VendorCredentials> &loaded) { result.emplace(loaded); });
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 30'000);
    }();
    if (!result)
        return ApiError::local(vendor, QStringLiteral("test_timeout"), QStringLiteral("no answer"));
    return *result;
}

void TestAccountsKeychain::saveTestReloadAndRemove_data()
{
    QTest::addColumn<Vendor>("vendor");
    QTest::addColumn<QString>("expectedWords");
    QTest::newRow("unloopa") << Vendor::Unloopa << QStringLiteral("websites left");
    QTest::newRow("outreach2day") << Vendor::Outreach2day << QStringLiteral("Connected to workspace");
}

void TestAccountsKeychain::saveTestReloadAndRemove()
{
    QFETCH(Vendor, vendor);
    QFETCH(QString, expectedWords);
    const QByteArray token = SandboxFixture::token(vendor);

    {
        auto hub = makeHub();
        AccountsPage page(hub.get());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY2(page.keychainText().contains(QStringLiteral("ready")), qPrintable(page.keychainText()));
        VendorAccountPanel *panel = page.panel(vendor);
        auto *tokenEdit = panel->findChild<QLineEdit *>(QStringLiteral("tokenEdit"));
        QTest::keyClicks(tokenEdit, QString::fromUtf8(token));
        if (auto *workspace = panel->findChild<QLineEdit *>(QStringLiteral("workspaceIdEdit")))
            QTest::keyClicks(workspace, SandboxFixture::outreachWorkspaceId());
        auto *save = panel->findChild<QPushButton *>(QStringLiteral("saveButton"));
        QCOMPARE(save->text(), QStringLiteral("Add"));
        QTest::mouseClick(save, Qt::LeftButton);
        auto *result = panel->findChild<QLabel *>(QStringLiteral("resultLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("Saved in the keychain.")) ||
                                         result->text().contains(QStringLiteral("Not saved")),
                                 30'000);
        QVERIFY2(result->text().contains(QStringLiteral("Saved in the keychain.")),
                 qPrintable(result->text()));

        // In the keychain, exactly as typed.
        const Result<VendorCredentials> stored = loadDirectly(vendor);
        QVERIFY2(stored.ok(), qPrintable(stored.error().explanation));
        QCOMPARE(stored->token, token);

        // Test connection from them, with the real button.
        auto *test = panel->findChild<QPushButton *>(QStringLiteral("testButton"));
        QTRY_VERIFY(test->isEnabled());
        QSignalSpy finished(hub->tester(), &ConnectionTester::finished);
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(result->text().contains(expectedWords), qPrintable(result->text()));
    }

    // Not in the settings file, nor anywhere else under $HOME but the keychain (S1).
    QSettings().sync();
    const QString home = qEnvironmentVariable("CC_TEST_HOME", QDir::homePath());
    QDirIterator files(home, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        if (path.contains(QStringLiteral("keyrings")))
            continue; // gnome-keyring's own (encrypted) store
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            QVERIFY2(!file.readAll().contains(token), qPrintable(path));
    }

    {
        // A new session finds them in the keychain (settings remember that there are some).
        auto hub = makeHub();
        hub->loadSavedCredentials();
        QTRY_VERIFY_WITH_TIMEOUT(hub->hasCredentials(vendor), 30'000);
        AccountsPage page(hub.get());
        page.show();
        VendorAccountPanel *panel = page.panel(vendor);
        auto *remove = panel->findChild<QPushButton *>(QStringLiteral("removeButton"));
        QVERIFY(remove->isEnabled());
        QTimer::singleShot(0, this, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes)->click();
        });
        QTest::mouseClick(remove, Qt::LeftButton);
        auto *result = panel->findChild<QLabel *>(QStringLiteral("resultLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("Removed.")) ||
                                         result->text().contains(QStringLiteral("Not removed")),
                                 30'000);
        QVERIFY2(result->text().contains(QStringLiteral("Removed.")), qPrintable(result->text()));
        QVERIFY(!hub->hasCredentials(vendor));
    }

    const Result<VendorCredentials> gone = loadDirectly(vendor);
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error().code, QStringLiteral("keychain_entry_not_found"));
}

// The operator chooses OAuth client credentials on the Accounts page: the secret goes to the
// keychain (the client id and the choice to settings), the connection test signs in through the
// token endpoint, a new session comes back in that mode, and switching back to a token replaces
// the entry.
void TestAccountsKeychain::unlimcallOAuthModeSwitch()
{
    const Vendor vendor = Vendor::UnlimCall;
    const QByteArray secret = UnlimCallSandbox::demoClientSecret();
    const QString clientId = UnlimCallSandbox::demoClientId();
    {
        auto hub = makeHub();
        AccountsPage page(hub.get());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        VendorAccountPanel *panel = page.panel(vendor);
        auto *tokenEdit = panel->findChild<QLineEdit *>(QStringLiteral("tokenEdit"));
        auto *idEdit = panel->findChild<QLineEdit *>(QStringLiteral("oauthClientIdEdit"));
        auto *secretEdit = panel->findChild<QLineEdit *>(QStringLiteral("clientSecretEdit"));
        auto *modeOAuth = panel->findChild<QRadioButton *>(QStringLiteral("modeOAuth"));
        QVERIFY(idEdit && secretEdit && modeOAuth);
        QVERIFY(tokenEdit->isVisible());
        QVERIFY(!secretEdit->isVisible());

        QTest::mouseClick(modeOAuth, Qt::LeftButton);
        QVERIFY(modeOAuth->isChecked());
        QVERIFY(!tokenEdit->isVisible());
        QVERIFY(idEdit->isVisible());
        QVERIFY(secretEdit->isVisible());
        QCOMPARE(secretEdit->echoMode(), QLineEdit::Password);
        QTest::keyClicks(idEdit, clientId);
        QTest::keyClicks(secretEdit, QString::fromUtf8(secret));
        clickSaveAndWait(panel);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(secretEdit->text().isEmpty()); // the secret leaves the field once saved

        const Result<VendorCredentials> stored = loadDirectly(vendor);
        QVERIFY2(stored.ok(), qPrintable(stored.error().explanation));
        QCOMPARE(stored->clientSecret, secret);
        QCOMPARE(stored->clientId, clientId);
        QVERIFY(stored->token.isEmpty());
        QCOMPARE(hub->settings().unlimcallAuth(), VendorSettings::UnlimCallAuth::OAuthClientCredentials);
        QCOMPARE(hub->settings().oauthClientId(), clientId);

        // Test connection signs in through the sandbox's token endpoint.
        m_sandbox.server()->clearRequests();
        auto *test = panel->findChild<QPushButton *>(QStringLiteral("testButton"));
        QTRY_VERIFY(test->isEnabled());
        QSignalSpy finished(hub->tester(), &ConnectionTester::finished);
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30'000);
        auto *result = panel->findChild<QLabel *>(QStringLiteral("resultLabel"));
        QVERIFY2(result->text().contains(QStringLiteral("Connected as")), qPrintable(result->text()));
        QCOMPARE(m_sandbox.server()->requestCount(vendor, "POST", QStringLiteral("/oauth/token")), 1);
    }

    // The secret is in the keychain only.
    QSettings().sync();
    const QString home = qEnvironmentVariable("CC_TEST_HOME", QDir::homePath());
    QDirIterator files(home, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        if (path.contains(QStringLiteral("keyrings")))
            continue;
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            QVERIFY2(!file.readAll().contains(secret), qPrintable(path));
    }

    {
        // A new session signs in the chosen way; switching back to a token replaces the entry.
        auto hub = makeHub();
        hub->loadSavedCredentials();
        QTRY_VERIFY_WITH_TIMEOUT(hub->hasCredentials(vendor), 30'000);
        QVERIFY(hub->credentials(vendor)->usesOAuth());
        AccountsPage page(hub.get());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        VendorAccountPanel *panel = page.panel(vendor);
        QVERIFY(panel->findChild<QRadioButton *>(QStringLiteral("modeOAuth"))->isChecked());
        QCOMPARE(panel->findChild<QLineEdit *>(QStringLiteral("oauthClientIdEdit"))->text(), clientId);

        QTest::mouseClick(panel->findChild<QRadioButton *>(QStringLiteral("modeToken")), Qt::LeftButton);
        auto *tokenEdit = panel->findChild<QLineEdit *>(QStringLiteral("tokenEdit"));
        QVERIFY(tokenEdit->isVisible());
        QVERIFY(!panel->findChild<QLineEdit *>(QStringLiteral("clientSecretEdit"))->isVisible());
        QTest::keyClicks(tokenEdit, QString::fromUtf8(SandboxFixture::token(vendor)));
        clickSaveAndWait(panel);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!hub->credentials(vendor)->usesOAuth());
        QCOMPARE(hub->settings().unlimcallAuth(), VendorSettings::UnlimCallAuth::ApiToken);
    }
    const Result<VendorCredentials> stored = loadDirectly(vendor);
    QVERIFY2(stored.ok(), qPrintable(stored.error().explanation));
    QCOMPARE(stored->token, SandboxFixture::token(vendor));
    QVERIFY(stored->clientSecret.isEmpty());
}

CC_TEST_GUI_MAIN(TestAccountsKeychain)
#include "tst_accounts_keychain.moc"
