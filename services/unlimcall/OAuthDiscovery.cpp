#include "OAuthDiscovery.h"

#include "core/UrlPolicy.h"
#include "core/VendorClient.h"
#include "core/VendorEndpoints.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPointer>

namespace OAuthDiscovery {

namespace {

const QString kWellKnownPath = QStringLiteral("/.well-known/oauth-authorization-server");
const QString kTokenPath = QStringLiteral("/oauth/token");
constexpr int kTimeoutMs = 20'000;

// The metadata is public: nothing is sent with it.
class NoCredentials final : public Authenticator
{
public:
    bool hasCredentials() const override { return true; }
    void authorize(QNetworkRequest &) const override { }
    QList<QByteArray> secrets() const override { return {}; }
};

QString withoutTrailingSlash(QString text)
{
    while (text.endsWith(QLatin1Char('/')))
        text.chop(1);
    return text;
}

ApiError refused(const QString &code, const QString &explanation)
{
    return ApiError::local(Vendor::UnlimCall, code, explanation);
}

} // namespace

QUrl issuerOf(const QUrl &tokenUrl)
{
    QUrl issuer = tokenUrl.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    const QString path = withoutTrailingSlash(issuer.path());
    issuer.setPath(path.endsWith(kTokenPath) ? path.chopped(kTokenPath.size()) : path);
    return issuer;
}

QUrl metadataUrl(const QUrl &issuer)
{
    return VendorEndpoints::join(issuer, kWellKnownPath);
}

Result<QUrl> tokenEndpoint(const QJsonObject &metadata, const QUrl &issuer)
{
    const QString named = metadata.value(QLatin1String("issuer")).toString();
    if (withoutTrailingSlash(named) != withoutTrailingSlash(issuer.toString()))
        return refused(QStringLiteral("discovery_issuer_mismatch"),
                       QStringLiteral("The OAuth metadata at %1 describes another server (%2), so its token "
                                      "URL was not used. Check the token URL in Settings.")
                               .arg(metadataUrl(issuer).toString(),
                                    named.isEmpty() ? QStringLiteral("none named") : named));
    const QUrl endpoint(metadata.value(QLatin1String("token_endpoint")).toString(), QUrl::StrictMode);
    if (!endpoint.isValid() || endpoint.scheme().isEmpty() || endpoint.host().isEmpty())
        return refused(QStringLiteral("discovery_no_token_endpoint"),
                       QStringLiteral("The OAuth metadata at %1 names no usable token endpoint. Enter the "
                                      "token URL in Settings yourself.")
                               .arg(metadataUrl(issuer).toString()));
    if (const auto policy = UrlPolicy::check(Vendor::UnlimCall, endpoint))
        return *policy;
    const QJsonValue grants = metadata.value(QLatin1String("grant_types_supported"));
    if (grants.isArray() && !grants.toArray().contains(QStringLiteral("client_credentials")))
        return refused(
                QStringLiteral("discovery_no_client_credentials"),
                QStringLiteral("The OAuth server at %1 does not offer the client-credentials grant the "
                               "console uses. Sign in with an API token under Accounts instead.")
                        .arg(issuer.toString()));
    return endpoint;
}

void discover(QNetworkAccessManager *network, const QUrl &issuer, const QObject *context,
              std::function<void(const Result<QUrl> &)> done)
{
    // Owned by the network manager too, so it cannot outlive it if the answer never comes.
    auto *client = new VendorClient(Vendor::UnlimCall, network, network);
    client->setBaseUrl(issuer);
    client->setAuthenticator(std::make_shared<NoCredentials>());
    QPointer<const QObject> guard(context);
    client->send(ApiCall::get(kWellKnownPath).withTimeout(kTimeoutMs), client,
                 [client, guard, issuer, done = std::move(done)](const ApiResponse &response) {
                     client->deleteLater();
                     if (!guard)
                         return;
                     if (response.error.httpStatus == 404) {
                         ApiError error = response.error;
                         error.explanation = QStringLiteral("There is no OAuth metadata at %1. Check the "
                                                            "token URL's server in Settings.")
                                                     .arg(metadataUrl(issuer).toString());
                         done(error);
                     } else if (!response.ok()) {
                         done(response.error);
                     } else
                         done(tokenEndpoint(response.object(), issuer));
                 });
}

} // namespace OAuthDiscovery
