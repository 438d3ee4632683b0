// The Settings page's UnlimCall OAuth token URL, driven through its real widgets (offscreen)
// against the sandbox: the URL policy as typed, "Discover" reading RFC 8414 metadata, and Apply
// reaching the OAuth credentials in use.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "accounts/ServiceHub.h"
#include "core/VendorClient.h"
#include "pages/SettingsPage.h"
#include "sandbox/UnlimCallSandbox.h"
#include "unlimcall/OAuthClientCredentials.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

#include <memory>

class TestSettingsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void tokenUrlIsCheckedAsTyped();
    void discoverFillsTheTokenUrlAndApplyUsesIt();
    void discoverExplainsAServerWithoutMetadata();

private:
    // A hub on the sandbox's API with OAuth client credentials; the token URL is left to Settings.
    std::unique_ptr<ServiceHub> makeHub() const;

    SandboxFixture m_sandbox;
};

void TestSettingsPage::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
}

void TestSettingsPage::init()
{
    QSettings().clear();
}

std::unique_ptr<ServiceHub> TestSettingsPage::makeHub() const
{
    ServiceHub::Options options;
    options.credentialSource = ServiceHub::CredentialSource::Memory;
    options.commandLineUrls.insert(Vendor::UnlimCall, m_sandbox.baseUrl(Vendor::UnlimCall).toString());
    auto hub = std::make_unique<ServiceHub>(options);
    VendorCredentials credentials;
    credentials.vendor = Vendor::UnlimCall;
    credentials.clientId = UnlimCallSandbox::demoClientId();
    credentials.clientSecret = UnlimCallSandbox::demoClientSecret();
    hub->setCredentials(credentials);
    return hub;
}

void TestSettingsPage::tokenUrlIsCheckedAsTyped()
{
    auto hub = makeHub();
    SettingsPage page(hub.get());
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *edit = page.findChild<QLineEdit *>(QStringLiteral("oauthTokenUrl"));
    auto *problem = page.findChild<QLabel *>(QStringLiteral("problem-oauthTokenUrl"));
    auto *apply = page.findChild<QPushButton *>(QStringLiteral("applyButton"));
    auto *effective = page.findChild<QLabel *>(QStringLiteral("effective-oauthTokenUrl"));
    QVERIFY(edit && problem && apply && effective);
    QVERIFY2(effective->text().contains(QStringLiteral("https://app.unlimcall.com/oauth/token")),
             qPrintable(effective->text()));

    QTest::keyClicks(edit, QStringLiteral("http://auth.example.com/oauth/token"));
    QVERIFY(!apply->isEnabled());
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(QStringLiteral("https")), qPrintable(problem->text()));

    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("https://user:pw@auth.example.com/oauth/token"));
    QVERIFY(!apply->isEnabled());
    QVERIFY(problem->isVisible());

    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("https://auth.example.com/oauth/token"));
    QVERIFY(apply->isEnabled());
    QVERIFY(!problem->isVisible());
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(hub->settings().oauthTokenUrl(), QStringLiteral("https://auth.example.com/oauth/token"));
    QCOMPARE(hub->tokenUrl(), QUrl(QStringLiteral("https://auth.example.com/oauth/token")));
    QVERIFY2(effective->text().contains(QStringLiteral("these settings")), qPrintable(effective->text()));
}

void TestSettingsPage::discoverFillsTheTokenUrlAndApplyUsesIt()
{
    auto hub = makeHub();
    SettingsPage page(hub.get());
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *edit = page.findChild<QLineEdit *>(QStringLiteral("oauthTokenUrl"));
    auto *discover = page.findChild<QPushButton *>(QStringLiteral("discoverTokenUrlButton"));
    auto *apply = page.findChild<QPushButton *>(QStringLiteral("applyButton"));
    QVERIFY(edit && discover && apply);

    // The operator names the authorization server; its metadata names the token endpoint.
    QTest::keyClicks(edit, m_sandbox.server()->unlimcallIssuerUrl().toString());
    m_sandbox.server()->clearRequests();
    QTest::mouseClick(discover, Qt::LeftButton);
    const QString tokenUrl = m_sandbox.server()->unlimcallTokenUrl().toString();
    QTRY_COMPARE_WITH_TIMEOUT(edit->text(), tokenUrl, 30'000);
    QCOMPARE(m_sandbox.server()->requestCount(Vendor::UnlimCall, "GET",
                                              QStringLiteral("/.well-known/oauth-authorization-server")),
             1);
    QVERIFY(discover->isEnabled());

    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(hub->tokenUrl(), QUrl(tokenUrl));
    const auto *oauth =
            dynamic_cast<const OAuthClientCredentials *>(hub->client(Vendor::UnlimCall)->authenticator());
    QVERIFY(oauth);
    QCOMPARE(oauth->tokenUrl(), QUrl(tokenUrl));
}

void TestSettingsPage::discoverExplainsAServerWithoutMetadata()
{
    auto hub = makeHub();
    SettingsPage page(hub.get());
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *edit = page.findChild<QLineEdit *>(QStringLiteral("oauthTokenUrl"));
    auto *discover = page.findChild<QPushButton *>(QStringLiteral("discoverTokenUrlButton"));
    auto *status = page.findChild<QLabel *>(QStringLiteral("statusLabel"));
    QUrl nowhere = m_sandbox.server()->unlimcallIssuerUrl();
    nowhere.setPath(QStringLiteral("/nothing/oauth/token"));
    QTest::keyClicks(edit, nowhere.toString());
    QTest::mouseClick(discover, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("No token URL found")), 30'000);
    QVERIFY2(status->text().contains(QStringLiteral("/nothing/.well-known/oauth-authorization-server")),
             qPrintable(status->text()));
    QCOMPARE(edit->text(), nowhere.toString()); // left as typed
}

CC_TEST_GUI_MAIN(TestSettingsPage)
#include "tst_settingspage.moc"
