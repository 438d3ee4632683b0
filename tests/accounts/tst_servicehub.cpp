// The wiring both programs share, over real HTTP against the sandbox: base URL precedence, where
// credentials come from, "Test connection" per vendor in words, and the connection state the
// status bar shows.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "accounts/ConnectionMonitor.h"
#include "accounts/ConnectionTester.h"
#include "accounts/ServiceHub.h"
#include "core/Logging.h"
#include "core/Redaction.h"
#include "core/VendorClient.h"
#include "core/VendorEndpoints.h"
#include "sandbox/UnlimCallSandbox.h"
#include "unlimcall/OAuthClientCredentials.h"

#include <QFile>
#include <QLoggingCategory>
#include <QSettings>

#include <memory>

class TestServiceHub : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void baseUrlPrecedence();
    void verloopDefaultUrlFollowsTheClientId();
    void environmentCredentialsForTheCli();
    void incompleteEnvironmentCredentialsAreExplained();
    void connectionTestInWords_data();
    void connectionTestInWords();
    void wrongKeyIsAnAuthFailure_data();
    void wrongKeyIsAnAuthFailure();
    void missingScopeForBalanceIsNotBlamedOnTheToken();
    void notConfiguredSaysTheKeyIsMissing();
    void verloopFormatCheckRefusesABadClientId();
    void unreachableVendor();
    void savedIdsGoToSettingsButNeverTheToken();
    void concurrentTestsShareOneRequest();

    // UnlimCall's OAuth 2.0 client credentials.
    void tokenUrlIsTheDocumentedOneWhateverTheBaseUrl();
    void tokenUrlPrecedence();
    void oauthCredentialsFromTheEnvironment();
    void oauthSecretsStayOutOfLogsAndSettings();

private:
    static const OAuthClientCredentials *oauthOf(const ServiceHub &hub);
    static VendorCredentials demoOAuthCredentials();
    std::unique_ptr<ServiceHub> memoryHub(bool withDemoCredentials = true);
    ConnectionTestResult runTest(ServiceHub &hub, Vendor vendor);

    SandboxFixture m_sandbox;
};

void TestServiceHub::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
}

void TestServiceHub::init()
{
    QSettings().clear();
    for (Vendor vendor : Vendors::all())
        qunsetenv(VendorEndpoints::environmentVariable(vendor).toLatin1().constData());
    for (const char *name : {"CAMPAIGN_CONSOLE_UNLIMCALL_TOKEN_URL", "UNLIMCALL_API_TOKEN",
                             "UNLIMCALL_CLIENT_ID", "UNLIMCALL_CLIENT_SECRET"})
        qunsetenv(name);
}

const OAuthClientCredentials *TestServiceHub::oauthOf(const ServiceHub &hub)
{
    return dynamic_cast<const OAuthClientCredentials *>(hub.client(Vendor::UnlimCall)->authenticator());
}

VendorCredentials TestServiceHub::demoOAuthCredentials()
{
    VendorCredentials credentials;
    credentials.vendor = Vendor::UnlimCall;
    credentials.clientId = UnlimCallSandbox::demoClientId();
    credentials.clientSecret = UnlimCallSandbox::demoClientSecret();
    return credentials;
}

std::unique_ptr<ServiceHub> TestServiceHub::memoryHub(bool withDemoCredentials)
{
    ServiceHub::Options options;
    options.credentialSource = ServiceHub::CredentialSource::Memory;
    for (Vendor vendor : Vendors::all())
        options.commandLineUrls.insert(vendor, m_sandbox.baseUrl(vendor).toString());
    auto hub = std::make_unique<ServiceHub>(options);
    if (withDemoCredentials) {
        for (Vendor vendor : Vendors::all()) {
            VendorCredentials credentials;
            credentials.vendor = vendor;
            credentials.token = SandboxFixture::token(vendor);
            if (vendor == Vendor::Verloop)
                credentials.clientId = SandboxFixture::verloopClientId();
            if (vendor == Vendor::Outreach2day)
                credentials.workspaceId = SandboxFixture::outreachWorkspaceId();
            hub->setCredentials(credentials);
        }
    }
    return hub;
}

ConnectionTestResult TestServiceHub::runTest(ServiceHub &hub, Vendor vendor)
{
    std::optional<ConnectionTestResult> result;
    hub.tester()->test(vendor, this, [&result](const ConnectionTestResult &r) { result = r; });
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 60'000);
    }();
    return result.value_or(ConnectionTestResult{});
}

void TestServiceHub::baseUrlPrecedence()
{
    const Vendor vendor = Vendor::Unloopa;
    ServiceHub::Options options;
    options.credentialSource = ServiceHub::CredentialSource::Memory;
    {
        ServiceHub hub(options);
        QCOMPARE(hub.baseUrl(vendor), QUrl(QStringLiteral("https://dashboard.unloopa.com/api/v1")));
    }
    VendorSettings().setBaseUrl(vendor, QStringLiteral("https://settings.example.com/api/v1"));
    {
        ServiceHub hub(options);
        QCOMPARE(hub.baseUrl(vendor), QUrl(QStringLiteral("https://settings.example.com/api/v1")));
    }
    qputenv("CAMPAIGN_CONSOLE_UNLOOPA_URL", "https://env.example.com/api/v1");
    {
        ServiceHub hub(options);
        QCOMPARE(hub.baseUrl(vendor), QUrl(QStringLiteral("https://env.example.com/api/v1")));
    }
    options.commandLineUrls.insert(vendor, QStringLiteral("https://cli.example.com/api/v1"));
    {
        ServiceHub hub(options);
        QCOMPARE(hub.baseUrl(vendor), QUrl(QStringLiteral("https://cli.example.com/api/v1")));
        // The others keep their defaults.
        QCOMPARE(hub.baseUrl(Vendor::Outreach2day), QUrl(QStringLiteral("https://public.outreach2day.com")));
    }
    // Settings changed while running are applied on request.
    qunsetenv("CAMPAIGN_CONSOLE_UNLOOPA_URL");
    ServiceHub hub({ServiceHub::CredentialSource::Memory, {}, QStringLiteral("vendors"), {}, {}});
    hub.settings().setBaseUrl(vendor, QStringLiteral("https://later.example.com/api/v1"));
    QSignalSpy changed(&hub, &ServiceHub::baseUrlsChanged);
    hub.applyBaseUrls();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(hub.client(vendor)->baseUrl(), QUrl(QStringLiteral("https://later.example.com/api/v1")));
}

void TestServiceHub::verloopDefaultUrlFollowsTheClientId()
{
    ServiceHub plain({ServiceHub::CredentialSource::Memory, {}, QStringLiteral("vendors"), {}, {}});
    VendorCredentials credentials;
    credentials.vendor = Vendor::Verloop;
    credentials.token = "verloop-token";
    credentials.clientId = QStringLiteral("Acme");
    plain.setCredentials(credentials);
    QCOMPARE(plain.baseUrl(Vendor::Verloop), QUrl(QStringLiteral("https://acme.verloop.io/api/v1")));
}

void TestServiceHub::environmentCredentialsForTheCli()
{
    qputenv("UNLOOPA_API_KEY", SandboxFixture::token(Vendor::Unloopa));
    ServiceHub::Options options;
    options.credentialSource = ServiceHub::CredentialSource::EnvironmentThenKeychain;
    options.commandLineUrls.insert(Vendor::Unloopa, m_sandbox.baseUrl(Vendor::Unloopa).toString());
    ServiceHub hub(options);
    std::optional<std::optional<ApiError>> loaded;
    hub.loadCredentials(Vendor::Unloopa, this, [&](std::optional<ApiError> error) { loaded.emplace(error); });
    QTRY_VERIFY(loaded.has_value());
    QVERIFY(!loaded->has_value());
    QVERIFY(hub.hasCredentials(Vendor::Unloopa));
    const ConnectionTestResult result = runTest(hub, Vendor::Unloopa);
    QVERIFY2(result.ok, qPrintable(result.summary));
    qunsetenv("UNLOOPA_API_KEY");
}

void TestServiceHub::incompleteEnvironmentCredentialsAreExplained()
{
    qputenv("OUTREACH2DAY_API_KEY", "ot2d_something");
    qunsetenv("OUTREACH2DAY_WORKSPACE_ID");
    ServiceHub hub(
            {ServiceHub::CredentialSource::EnvironmentThenKeychain, {}, QStringLiteral("vendors"), {}, {}});
    std::optional<std::optional<ApiError>> loaded;
    hub.loadCredentials(Vendor::Outreach2day, this,
                        [&](std::optional<ApiError> error) { loaded.emplace(error); });
    QTRY_VERIFY(loaded.has_value());
    QVERIFY(loaded->has_value());
    QCOMPARE(loaded->value().code, QStringLiteral("invalid_credentials"));
    QVERIFY(loaded->value().explanation.contains(QStringLiteral("workspace")));
    QVERIFY(loaded->value().explanation.contains(QStringLiteral("OUTREACH2DAY_WORKSPACE_ID")));
    QVERIFY(!hub.hasCredentials(Vendor::Outreach2day));
    qunsetenv("OUTREACH2DAY_API_KEY");
}

void TestServiceHub::connectionTestInWords_data()
{
    QTest::addColumn<Vendor>("vendor");
    QTest::addColumn<QString>("words");
    QTest::addColumn<bool>("probed");
    QTest::addColumn<ConnectionState>("state");
    QTest::newRow("unloopa") << Vendor::Unloopa << QStringLiteral("websites left") << true
                             << ConnectionState::Connected;
    QTest::newRow("unlimcall") << Vendor::UnlimCall << QStringLiteral("balance") << true
                               << ConnectionState::Connected;
    QTest::newRow("verloop") << Vendor::Verloop << QStringLiteral("well-formed") << false
                             << ConnectionState::Untested;
    QTest::newRow("outreach2day") << Vendor::Outreach2day << QStringLiteral("Connected to workspace") << true
                                  << ConnectionState::Connected;
}

void TestServiceHub::connectionTestInWords()
{
    QFETCH(Vendor, vendor);
    QFETCH(QString, words);
    QFETCH(bool, probed);
    QFETCH(ConnectionState, state);
    auto hub = memoryHub();
    m_sandbox.server()->clearRequests();
    const ConnectionTestResult result = runTest(*hub, vendor);
    QVERIFY2(result.ok, qPrintable(result.summary));
    QCOMPARE(result.probed, probed);
    QVERIFY2(result.summary.contains(words), qPrintable(result.summary));
    QCOMPARE(hub->monitor()->state(vendor), state);
    const QJsonObject json = result.toJson();
    QCOMPARE(json.value(QStringLiteral("vendor")).toString(), Vendors::id(vendor));
    // The probe is the documented one, sent once; Verloop sends nothing at all.
    switch (vendor) {
    case Vendor::Unloopa:
        QCOMPARE(m_sandbox.server()->requestCount(vendor, "GET", QStringLiteral("/quota")), 1);
        QVERIFY(result.details.contains(QStringLiteral("plan")));
        break;
    case Vendor::UnlimCall:
        QCOMPARE(m_sandbox.server()->requestCount(vendor, "GET", QStringLiteral("/me")), 1);
        QCOMPARE(m_sandbox.server()->requestCount(vendor, "GET", QStringLiteral("/balance")), 1);
        QVERIFY(result.summary.contains(result.details.value(QStringLiteral("balance"))
                                                .toObject()
                                                .value(QStringLiteral("currency"))
                                                .toString()));
        break;
    case Vendor::Verloop:
        QCOMPARE(m_sandbox.server()->requests().size(), 0);
        break;
    case Vendor::Outreach2day:
        QCOMPARE(m_sandbox.server()->requestCount(vendor, "GET",
                                                  QStringLiteral("/campaigns/webhooks/event-types")),
                 1);
        break;
    }
}

void TestServiceHub::wrongKeyIsAnAuthFailure_data()
{
    QTest::addColumn<Vendor>("vendor");
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("unloopa") << Vendor::Unloopa << QByteArray("unlpa_live_wrong-key");
    QTest::newRow("unlimcall") << Vendor::UnlimCall << QByteArray("unl_live_wrong-token");
    QTest::newRow("outreach2day") << Vendor::Outreach2day << QByteArray("ot2d_wrong-key");
}

void TestServiceHub::wrongKeyIsAnAuthFailure()
{
    QFETCH(Vendor, vendor);
    QFETCH(QByteArray, token);
    auto hub = memoryHub();
    VendorCredentials credentials = *hub->credentials(vendor);
    credentials.token = token;
    hub->setCredentials(credentials);
    QSignalSpy states(hub->monitor(), &ConnectionMonitor::stateChanged);
    const ConnectionTestResult result = runTest(*hub, vendor);
    QVERIFY(!result.ok);
    QVERIFY(result.error.isAuthFailure());
    QCOMPARE(result.error.httpStatus, 401);
    QVERIFY2(result.summary.contains(QStringLiteral("invalid")), qPrintable(result.summary));
    QVERIFY2(result.summary.contains(QStringLiteral("Accounts")), qPrintable(result.summary));
    QVERIFY(!result.summary.contains(QString::fromUtf8(token)));
    QCOMPARE(hub->monitor()->state(vendor), ConnectionState::AuthFailed);
    QVERIFY(!states.isEmpty());
}

void TestServiceHub::missingScopeForBalanceIsNotBlamedOnTheToken()
{
    const QByteArray limited = SandboxServer::limitedScopeToken(Vendor::UnlimCall);
    QVERIFY2(!limited.isEmpty(), "the sandbox must offer a limited-scope UnlimCall token");
    auto hub = memoryHub();
    VendorCredentials credentials = *hub->credentials(Vendor::UnlimCall);
    credentials.token = limited;
    hub->setCredentials(credentials);
    const ConnectionTestResult result = runTest(*hub, Vendor::UnlimCall);
    QVERIFY(!result.ok);
    QVERIFY2(result.summary.startsWith(QStringLiteral("Connected as")), qPrintable(result.summary));
    QVERIFY2(result.summary.contains(QStringLiteral("balance could not be read")),
             qPrintable(result.summary));
}

void TestServiceHub::notConfiguredSaysTheKeyIsMissing()
{
    auto hub = memoryHub(false);
    m_sandbox.server()->clearRequests();
    for (Vendor vendor : Vendors::all()) {
        QCOMPARE(hub->monitor()->state(vendor), ConnectionState::NotConfigured);
        const ConnectionTestResult result = runTest(*hub, vendor);
        QVERIFY(!result.ok);
        QCOMPARE(result.error.kind, ApiError::Kind::NotConfigured);
        QVERIFY2(result.summary.contains(QStringLiteral("missing")), qPrintable(result.summary));
    }
    QCOMPARE(m_sandbox.server()->requests().size(), 0); // nothing was sent
}

void TestServiceHub::verloopFormatCheckRefusesABadClientId()
{
    auto hub = memoryHub();
    VendorCredentials credentials = *hub->credentials(Vendor::Verloop);
    credentials.clientId = QStringLiteral("not a subdomain");
    hub->setCredentials(credentials);
    const ConnectionTestResult result = runTest(*hub, Vendor::Verloop);
    QVERIFY(!result.ok);
    QVERIFY(!result.probed);
    QCOMPARE(result.error.code, QStringLiteral("invalid_credentials"));
    QVERIFY2(result.summary.contains(QStringLiteral("client id")), qPrintable(result.summary));
}

void TestServiceHub::unreachableVendor()
{
    ServiceHub::Options options;
    options.credentialSource = ServiceHub::CredentialSource::Memory;
    options.commandLineUrls.insert(Vendor::Unloopa, QStringLiteral("http://127.0.0.1:9/unloopa/api/v1"));
    ServiceHub hub(options);
    hub.client(Vendor::Unloopa)->setRetryPolicy(RetryPolicy::none());
    VendorCredentials credentials;
    credentials.vendor = Vendor::Unloopa;
    credentials.token = SandboxFixture::token(Vendor::Unloopa);
    hub.setCredentials(credentials);
    const ConnectionTestResult result = runTest(hub, Vendor::Unloopa);
    QVERIFY(!result.ok);
    QCOMPARE(result.error.kind, ApiError::Kind::Network);
    const ConnectionState state = hub.monitor()->state(Vendor::Unloopa);
    QVERIFY(state == ConnectionState::Unreachable || state == ConnectionState::Offline);
    QCOMPARE(hub.monitor()->detail(Vendor::Unloopa), result.error.explanation);
}

void TestServiceHub::savedIdsGoToSettingsButNeverTheToken()
{
    auto hub = memoryHub(false);
    VendorCredentials credentials;
    credentials.vendor = Vendor::Outreach2day;
    credentials.token = SandboxFixture::token(Vendor::Outreach2day);
    credentials.workspaceId = SandboxFixture::outreachWorkspaceId();
    std::optional<std::optional<ApiError>> saved;
    hub->saveCredentials(credentials, this, [&](std::optional<ApiError> error) { saved.emplace(error); });
    QTRY_VERIFY(saved.has_value());
    QVERIFY(!saved->has_value());
    QVERIFY(hub->settings().hasSavedCredentials(Vendor::Outreach2day));
    QCOMPARE(hub->settings().outreachWorkspaceId(), SandboxFixture::outreachWorkspaceId());

    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
    const QByteArray contents = file.readAll();
    QVERIFY(contents.contains(SandboxFixture::outreachWorkspaceId().toUtf8()));
    QVERIFY(!contents.contains(SandboxFixture::token(Vendor::Outreach2day)));

    // Invalid credentials are refused before anything is stored.
    credentials.workspaceId = QStringLiteral("forty-two");
    saved.reset();
    hub->saveCredentials(credentials, this, [&](std::optional<ApiError> error) { saved.emplace(error); });
    QTRY_VERIFY(saved.has_value());
    QVERIFY(saved->has_value());
    QCOMPARE(saved->value().code, QStringLiteral("invalid_credentials"));
    QCOMPARE(hub->credentials(Vendor::Outreach2day)->workspaceId, SandboxFixture::outreachWorkspaceId());
}

void TestServiceHub::concurrentTestsShareOneRequest()
{
    auto hub = memoryHub();
    m_sandbox.server()->clearRequests();
    int answers = 0;
    QSignalSpy started(hub->tester(), &ConnectionTester::started);
    hub->tester()->test(Vendor::Unloopa, this, [&](const ConnectionTestResult &) { ++answers; });
    QVERIFY(hub->tester()->isRunning(Vendor::Unloopa));
    hub->tester()->test(Vendor::Unloopa, this, [&](const ConnectionTestResult &) { ++answers; });
    QTRY_COMPARE(answers, 2);
    QCOMPARE(started.count(), 1);
    QCOMPARE(m_sandbox.server()->requestCount(Vendor::Unloopa, "GET", QStringLiteral("/quota")), 1);
    QVERIFY(!hub->tester()->isRunning(Vendor::Unloopa));
}

// The token URL is a setting of its own: with the OpenAPI's server as the base URL, deriving it
// from the base URL gave https://api.unlimcall.com/oauth/token, which does not exist.
void TestServiceHub::tokenUrlIsTheDocumentedOneWhateverTheBaseUrl()
{
    ServiceHub::Options options;
    options.credentialSource = ServiceHub::CredentialSource::Memory;
    options.commandLineUrls.insert(Vendor::UnlimCall, QStringLiteral("https://api.unlimcall.com/v1"));
    ServiceHub hub(options);
    hub.setCredentials(demoOAuthCredentials());
    const QUrl documented(QStringLiteral("https://app.unlimcall.com/oauth/token"));
    QCOMPARE(hub.tokenUrl(), documented);
    const OAuthClientCredentials *oauth = oauthOf(hub);
    QVERIFY(oauth);
    QCOMPARE(oauth->tokenUrl(), documented);
}

void TestServiceHub::tokenUrlPrecedence()
{
    ServiceHub::Options options;
    options.credentialSource = ServiceHub::CredentialSource::Memory;
    VendorSettings().setOAuthTokenUrl(QStringLiteral("https://settings.example.com/oauth/token"));
    {
        ServiceHub hub(options);
        QCOMPARE(hub.tokenUrl(), QUrl(QStringLiteral("https://settings.example.com/oauth/token")));
    }
    qputenv("CAMPAIGN_CONSOLE_UNLIMCALL_TOKEN_URL", "https://env.example.com/oauth/token");
    {
        ServiceHub hub(options);
        QCOMPARE(hub.tokenUrl(), QUrl(QStringLiteral("https://env.example.com/oauth/token")));
    }
    options.commandLineTokenUrl = QStringLiteral("https://cli.example.com/oauth/token");
    {
        ServiceHub hub(options);
        QCOMPARE(hub.tokenUrl(), QUrl(QStringLiteral("https://cli.example.com/oauth/token")));
    }
    // A token URL changed in Settings while running reaches the OAuth credentials in use.
    qunsetenv("CAMPAIGN_CONSOLE_UNLIMCALL_TOKEN_URL");
    ServiceHub hub({ServiceHub::CredentialSource::Memory, {}, QStringLiteral("vendors"), {}, {}});
    hub.setCredentials(demoOAuthCredentials());
    QCOMPARE(oauthOf(hub)->tokenUrl(), QUrl(QStringLiteral("https://settings.example.com/oauth/token")));
    hub.settings().setOAuthTokenUrl(QStringLiteral("https://later.example.com/oauth/token"));
    hub.applyBaseUrls();
    QCOMPARE(oauthOf(hub)->tokenUrl(), QUrl(QStringLiteral("https://later.example.com/oauth/token")));
    hub.settings().setOAuthTokenUrl(QString());
    hub.applyBaseUrls();
    QCOMPARE(oauthOf(hub)->tokenUrl(), QUrl(QStringLiteral("https://app.unlimcall.com/oauth/token")));
}

// The CLI: UNLIMCALL_CLIENT_ID + UNLIMCALL_CLIENT_SECRET when no UNLIMCALL_API_TOKEN is set, the
// token URL from CAMPAIGN_CONSOLE_UNLIMCALL_TOKEN_URL.
void TestServiceHub::oauthCredentialsFromTheEnvironment()
{
    qputenv("UNLIMCALL_CLIENT_ID", UnlimCallSandbox::demoClientId().toUtf8());
    qputenv("UNLIMCALL_CLIENT_SECRET", UnlimCallSandbox::demoClientSecret());
    qputenv("CAMPAIGN_CONSOLE_UNLIMCALL_TOKEN_URL", m_sandbox.server()->unlimcallTokenUrl().toEncoded());
    ServiceHub::Options options;
    options.credentialSource = ServiceHub::CredentialSource::EnvironmentThenKeychain;
    options.commandLineUrls.insert(Vendor::UnlimCall, m_sandbox.baseUrl(Vendor::UnlimCall).toString());
    {
        ServiceHub hub(options);
        std::optional<std::optional<ApiError>> loaded;
        hub.loadCredentials(Vendor::UnlimCall, this,
                            [&](std::optional<ApiError> error) { loaded.emplace(error); });
        QTRY_VERIFY(loaded.has_value());
        QVERIFY2(!loaded->has_value(), qPrintable(loaded->value_or(ApiError()).explanation));
        QVERIFY(hub.credentials(Vendor::UnlimCall)->usesOAuth());
        m_sandbox.server()->clearRequests();
        const ConnectionTestResult result = runTest(hub, Vendor::UnlimCall);
        QVERIFY2(result.ok, qPrintable(result.summary));
        QCOMPARE(m_sandbox.server()->requestCount(Vendor::UnlimCall, "POST", QStringLiteral("/oauth/token")),
                 1);
    }
    // A token, when set too, wins.
    qputenv("UNLIMCALL_API_TOKEN", SandboxFixture::token(Vendor::UnlimCall));
    {
        ServiceHub hub(options);
        std::optional<std::optional<ApiError>> loaded;
        hub.loadCredentials(Vendor::UnlimCall, this,
                            [&](std::optional<ApiError> error) { loaded.emplace(error); });
        QTRY_VERIFY(loaded.has_value());
        QVERIFY(!loaded->has_value());
        QVERIFY(!hub.credentials(Vendor::UnlimCall)->usesOAuth());
        QVERIFY(hub.credentials(Vendor::UnlimCall)->clientSecret.isEmpty());
        m_sandbox.server()->clearRequests();
        const ConnectionTestResult result = runTest(hub, Vendor::UnlimCall);
        QVERIFY2(result.ok, qPrintable(result.summary));
        QCOMPARE(m_sandbox.server()->requestCount(Vendor::UnlimCall, "POST", QStringLiteral("/oauth/token")),
                 0);
    }
    // The secret without the id is explained, naming the variables.
    qunsetenv("UNLIMCALL_API_TOKEN");
    qunsetenv("UNLIMCALL_CLIENT_ID");
    ServiceHub hub(options);
    std::optional<std::optional<ApiError>> loaded;
    hub.loadCredentials(Vendor::UnlimCall, this,
                        [&](std::optional<ApiError> error) { loaded.emplace(error); });
    QTRY_VERIFY(loaded.has_value());
    QVERIFY(loaded->has_value());
    QCOMPARE(loaded->value().code, QStringLiteral("invalid_credentials"));
    QVERIFY2(loaded->value().explanation.contains(QStringLiteral("client id")),
             qPrintable(loaded->value().explanation));
    QVERIFY(loaded->value().explanation.contains(QStringLiteral("UNLIMCALL_CLIENT_ID")));
}

// S1/S4: neither the client secret nor an access token reaches the logs or the settings.
void TestServiceHub::oauthSecretsStayOutOfLogsAndSettings()
{
    static QStringList captured;
    captured.clear();
    qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &message) { captured << message; });
    Redaction::installMessageHandler();
    QLoggingCategory::setFilterRules(QStringLiteral("cc.*=true"));

    ServiceHub::Options options;
    options.credentialSource = ServiceHub::CredentialSource::Memory;
    options.commandLineUrls.insert(Vendor::UnlimCall, m_sandbox.baseUrl(Vendor::UnlimCall).toString());
    options.commandLineTokenUrl = m_sandbox.server()->unlimcallTokenUrl().toString();
    ServiceHub hub(options);
    std::optional<std::optional<ApiError>> saved;
    hub.saveCredentials(demoOAuthCredentials(), this,
                        [&](std::optional<ApiError> error) { saved.emplace(error); });
    QTRY_VERIFY(saved.has_value());
    QVERIFY(!saved->has_value());
    const ConnectionTestResult result = runTest(hub, Vendor::UnlimCall);
    QVERIFY2(result.ok, qPrintable(result.summary));
    const OAuthClientCredentials *oauth = oauthOf(hub);
    QVERIFY(oauth && oauth->hasToken());
    // Code that logs the token by mistake must still not leak it.
    const QList<QByteArray> secrets = oauth->secrets();
    QCOMPARE(secrets.size(), 2); // the client secret and the access token
    qCWarning(lcHttp) << "token:" << secrets.last() << "secret:" << secrets.first();

    QLoggingCategory::setFilterRules(QString());
    qInstallMessageHandler(nullptr);
    QVERIFY(captured.join(QLatin1Char('\n')).contains(QStringLiteral("OAuth token obtained")));
    for (const QString &line : std::as_const(captured)) {
        for (const QByteArray &secret : secrets)
            QVERIFY2(!line.contains(QString::fromUtf8(secret)), qPrintable(line));
    }

    QCOMPARE(hub.settings().unlimcallAuth(), VendorSettings::UnlimCallAuth::OAuthClientCredentials);
    QCOMPARE(hub.settings().oauthClientId(), UnlimCallSandbox::demoClientId());
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
    const QByteArray contents = file.readAll();
    QVERIFY(contents.contains(UnlimCallSandbox::demoClientId().toUtf8()));
    for (const QByteArray &secret : secrets)
        QVERIFY(!contents.contains(secret));
}

CC_TEST_GUILESS_MAIN(TestServiceHub)
#include "tst_servicehub.moc"
