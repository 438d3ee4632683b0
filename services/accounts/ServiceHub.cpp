#include "ServiceHub.h"

#include "ConnectionTester.h"
#include "core/Redaction.h"
#include "core/VendorClient.h"
#include "core/VendorEndpoints.h"
#include "credentials/Authenticators.h"
#include "credentials/CredentialStore.h"
#include "credentials/CredentialsFromEnvironment.h"
#include "outreach2day/Outreach2dayService.h"
#include "unlimcall/UnlimCallService.h"
#include "unloopa/UnloopaService.h"
#include "verloop/VerloopService.h"

#include <QNetworkAccessManager>
#include <QPointer>

namespace {
ApiError notConfigured(Vendor vendor)
{
    ApiError error;
    error.vendor = vendor;
    error.kind = ApiError::Kind::NotConfigured;
    error.code = QStringLiteral("not_configured");
    error.explanation = QStringLiteral("No %1 credentials are set. Add them under Accounts.")
                                .arg(Vendors::displayName(vendor));
    return error;
}

// Calls `done` on the caller's behalf only while the caller's context is alive.
std::function<void(std::optional<ApiError>)> guarded(const QObject *context,
                                                     std::function<void(std::optional<ApiError>)> done)
{
    QPointer<const QObject> guard(context);
    return [guard, done = std::move(done)](std::optional<ApiError> error) {
        if (guard && done)
            done(std::move(error));
    };
}
} // namespace

ServiceHub::ServiceHub(const Options &options, QObject *parent)
    : QObject(parent), m_options(options), m_settings(options.settingsGroup)
{
    m_network = new QNetworkAccessManager(this);
    m_monitor = new ConnectionMonitor(this);
    for (Vendor vendor : Vendors::all()) {
        auto *client = new VendorClient(vendor, m_network, this);
        m_clients.insert(vendor, client);
        m_monitor->watch(client);
    }
    if (m_options.credentialSource != CredentialSource::Memory) {
        m_store = new CredentialStore(m_options.keychainService.isEmpty()
                                              ? CredentialStore::defaultServiceName()
                                              : m_options.keychainService,
                                      this);
    } else {
        m_demoSecrets = new CredentialStore(m_options.keychainService.isEmpty() ? demoKeychainService()
                                                                                : m_options.keychainService,
                                            this);
    }
    m_unloopa = new UnloopaService(client(Vendor::Unloopa), this);
    m_unlimcall = new UnlimCallService(client(Vendor::UnlimCall), this);
    m_verloop = new VerloopService(client(Vendor::Verloop), this);
    m_outreach2day = new Outreach2dayService(client(Vendor::Outreach2day), this);
    m_outreach2day->setWorkspaceId(m_settings.outreachWorkspaceId());
    m_tester = new ConnectionTester(this, this);
    applyBaseUrls();
}

ServiceHub::~ServiceHub()
{
    for (VendorClient *client : std::as_const(m_clients))
        client->abortAll();
}

VendorClient *ServiceHub::client(Vendor vendor) const
{
    return m_clients.value(vendor);
}

void ServiceHub::setOutboundGate(OutboundGate *gate)
{
    m_gate = gate;
    for (VendorClient *client : std::as_const(m_clients))
        client->setOutboundGate(gate);
}

void ServiceHub::applyBaseUrls()
{
    const QString verloopClientId = m_credentials.contains(Vendor::Verloop)
            ? m_credentials.value(Vendor::Verloop).clientId
            : m_settings.verloopClientId();
    for (Vendor vendor : Vendors::all()) {
        client(vendor)->setBaseUrl(VendorEndpoints::resolve(vendor, m_options.commandLineUrls.value(vendor),
                                                            m_settings.baseUrl(vendor), verloopClientId));
    }
    const QUrl tokenUrl = VendorEndpoints::resolveUrl(
            m_options.commandLineTokenUrl, VendorEndpoints::unlimcallTokenUrlVariable(),
            m_settings.oauthTokenUrl(), VendorEndpoints::defaultUnlimCallTokenUrl());
    if (tokenUrl != m_tokenUrl) {
        m_tokenUrl = tokenUrl;
        const auto unlimcall = m_credentials.constFind(Vendor::UnlimCall);
        if (unlimcall != m_credentials.constEnd() && unlimcall->usesOAuth())
            installAuthenticator(*unlimcall);
    }
    Q_EMIT baseUrlsChanged();
}

void ServiceHub::overrideUrls(const Options &options)
{
    m_options.commandLineUrls = options.commandLineUrls;
    m_options.commandLineTokenUrl = options.commandLineTokenUrl;
    applyBaseUrls();
}

QUrl ServiceHub::baseUrl(Vendor vendor) const
{
    return client(vendor)->baseUrl();
}

bool ServiceHub::hasCredentials(Vendor vendor) const
{
    return m_credentials.contains(vendor);
}

std::optional<VendorCredentials> ServiceHub::credentials(Vendor vendor) const
{
    if (!m_credentials.contains(vendor))
        return std::nullopt;
    return m_credentials.value(vendor);
}

void ServiceHub::setCredentials(const VendorCredentials &credentials)
{
    const VendorCredentials normalized = credentials.normalized();
    const Vendor vendor = normalized.vendor;
    if (m_credentials.contains(vendor)) {
        for (const QByteArray &secret : m_credentials.value(vendor).secrets())
            Redaction::forgetSecret(secret);
    }
    for (const QByteArray &secret : normalized.secrets())
        Redaction::registerSecret(secret);
    m_credentials.insert(vendor, normalized);
    installAuthenticator(normalized);
    if (vendor == Vendor::Outreach2day)
        m_outreach2day->setWorkspaceId(normalized.workspaceId);
    if (vendor == Vendor::Verloop)
        applyBaseUrls(); // the default URL is built from the client id
    m_monitor->setConfigured(vendor, true);
    Q_EMIT credentialsChanged(vendor);
}

void ServiceHub::installAuthenticator(const VendorCredentials &credentials)
{
    client(credentials.vendor)->setAuthenticator(makeAuthenticator(credentials, {m_network, m_tokenUrl}));
}

void ServiceHub::clearCredentials(Vendor vendor)
{
    client(vendor)->abortAll();
    client(vendor)->setAuthenticator(nullptr);
    if (m_credentials.contains(vendor)) {
        for (const QByteArray &secret : m_credentials.value(vendor).secrets())
            Redaction::forgetSecret(secret);
        m_credentials.remove(vendor);
    }
    m_monitor->setConfigured(vendor, false);
    Q_EMIT credentialsChanged(vendor);
}

void ServiceHub::loadCredentials(Vendor vendor, const QObject *context,
                                 std::function<void(std::optional<ApiError>)> done)
{
    auto finish = guarded(context, std::move(done));
    if (m_options.credentialSource == CredentialSource::Memory) {
        const std::optional<ApiError> result =
                hasCredentials(vendor) ? std::nullopt : std::optional<ApiError>(notConfigured(vendor));
        QMetaObject::invokeMethod(
                this, [finish, result] { finish(result); }, Qt::QueuedConnection);
        return;
    }
    if (m_options.credentialSource == CredentialSource::EnvironmentThenKeychain) {
        if (const auto fromEnvironment = CredentialsFromEnvironment::read(vendor)) {
            const QString problem = fromEnvironment->validate();
            std::optional<ApiError> result;
            if (problem.isEmpty()) {
                setCredentials(*fromEnvironment);
            } else {
                result = ApiError::local(
                        vendor, QStringLiteral("invalid_credentials"),
                        problem +
                                QStringLiteral(" (from the environment variables %1)")
                                        .arg(CredentialsFromEnvironment::variableNames(vendor).join(
                                                QStringLiteral(", "))));
            }
            QMetaObject::invokeMethod(
                    this, [finish, result] { finish(result); }, Qt::QueuedConnection);
            return;
        }
    }
    m_store->load(vendor, m_settings.account(vendor), this,
                  [this, vendor, finish](const Result<VendorCredentials> &result) {
                      if (!result.ok()) {
                          finish(result.error());
                          return;
                      }
                      setCredentials(inChosenMode(result.value()));
                      finish(std::nullopt);
                  });
}

VendorCredentials ServiceHub::inChosenMode(VendorCredentials credentials) const
{
    if (credentials.vendor != Vendor::UnlimCall)
        return credentials;
    const bool wantsOAuth =
            m_settings.unlimcallAuth() == VendorSettings::UnlimCallAuth::OAuthClientCredentials;
    if (wantsOAuth && !credentials.clientSecret.isEmpty()) {
        credentials.token.clear();
        if (credentials.clientId.isEmpty())
            credentials.clientId = m_settings.oauthClientId();
    } else if (!wantsOAuth && !credentials.token.isEmpty()) {
        credentials.clientSecret.clear();
        credentials.clientId.clear();
    }
    return credentials;
}

void ServiceHub::loadSavedCredentials()
{
    for (Vendor vendor : Vendors::all()) {
        if (m_options.credentialSource == CredentialSource::Memory || hasCredentials(vendor))
            continue;
        if (!m_settings.hasSavedCredentials(vendor)) {
            m_monitor->setConfigured(vendor, false);
            continue;
        }
        loadCredentials(vendor, this, [this, vendor](std::optional<ApiError> error) {
            if (error)
                m_monitor->setConfigured(vendor, false, error->explanation);
        });
    }
}

void ServiceHub::saveCredentials(const VendorCredentials &credentials, const QObject *context,
                                 std::function<void(std::optional<ApiError>)> done)
{
    auto finish = guarded(context, std::move(done));
    const VendorCredentials normalized = credentials.normalized();
    const Vendor vendor = normalized.vendor;
    const QString problem = normalized.validate();
    if (!problem.isEmpty()) {
        const ApiError error = ApiError::local(vendor, QStringLiteral("invalid_credentials"), problem);
        QMetaObject::invokeMethod(
                this, [finish, error] { finish(error); }, Qt::QueuedConnection);
        return;
    }
    auto remember = [this, normalized] {
        const Vendor v = normalized.vendor;
        m_settings.setAccount(v, normalized.account);
        m_settings.setHasSavedCredentials(v, true);
        if (v == Vendor::Verloop)
            m_settings.setVerloopClientId(normalized.clientId);
        if (v == Vendor::Outreach2day)
            m_settings.setOutreachWorkspaceId(normalized.workspaceId);
        if (v == Vendor::UnlimCall) {
            m_settings.setUnlimCallAuth(normalized.usesOAuth()
                                                ? VendorSettings::UnlimCallAuth::OAuthClientCredentials
                                                : VendorSettings::UnlimCallAuth::ApiToken);
            m_settings.setOAuthClientId(normalized.usesOAuth() ? normalized.clientId : QString());
        }
        setCredentials(normalized);
    };
    if (!m_store) {
        remember();
        QMetaObject::invokeMethod(
                this, [finish] { finish(std::nullopt); }, Qt::QueuedConnection);
        return;
    }
    m_store->save(normalized, this, [remember, finish](std::optional<ApiError> error) {
        if (!error)
            remember();
        finish(error);
    });
}

void ServiceHub::removeCredentials(Vendor vendor, const QObject *context,
                                   std::function<void(std::optional<ApiError>)> done)
{
    auto finish = guarded(context, std::move(done));
    auto forget = [this, vendor] {
        m_settings.setHasSavedCredentials(vendor, false);
        clearCredentials(vendor);
    };
    if (!m_store) {
        forget();
        QMetaObject::invokeMethod(
                this, [finish] { finish(std::nullopt); }, Qt::QueuedConnection);
        return;
    }
    m_store->remove(vendor, m_settings.account(vendor), this,
                    [forget, finish](std::optional<ApiError> error) {
                        if (!error)
                            forget();
                        finish(error);
                    });
}
