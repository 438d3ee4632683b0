#pragma once

#include "core/Authenticator.h"
#include "core/VendorEndpoints.h"

#include <QDateTime>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class VendorClient;

// UnlimCall's alternative to a portal token: OAuth 2.0 client credentials (RFC 6749 §4.4; the
// OpenAPI's `oauth2` scheme). Before a request it makes sure it holds an access token that is not
// about to expire, fetching one from the token endpoint through the one HTTP core (a VendorClient
// on the caller's network manager: URL policy, timeout, same-origin redirects, the error
// catalogue); after a 401 the core calls invalidate() and the next request fetches a fresh token.
// Concurrent requests share one token fetch.
class OAuthClientCredentials final : public Authenticator
{
public:
    // Now, in UTC. Tests pass a clock they move forward instead of waiting for a token to expire.
    using Clock = std::function<QDateTime()>;

    struct Config
    {
        QUrl tokenUrl = VendorEndpoints::defaultUnlimCallTokenUrl();
        QString clientId;
        QByteArray clientSecret;
        QStringList scopes; // empty: whatever the client is allowed
        Clock clock; // empty: the system clock
    };

    // `network` is the application's one network manager; it must outlive this object.
    OAuthClientCredentials(Config config, QNetworkAccessManager *network);
    ~OAuthClientCredentials() override;

    QUrl tokenUrl() const { return m_config.tokenUrl; }

    bool hasCredentials() const override;
    void prepare(QObject *context, std::function<void(std::optional<ApiError>)> ready) override;
    void authorize(QNetworkRequest &request) const override;
    void invalidate() override;
    QList<QByteArray> secrets() const override;

    const Config &config() const { return m_config; }
    // An access token is held and is not within the refresh margin of its expiry (by the clock).
    bool hasToken() const;
    QStringList grantedScopes() const { return m_grantedScopes; }
    QDateTime expiresAt() const { return m_expiresAt; }
    int tokensFetched() const { return m_tokensFetched; }

private:
    QDateTime now() const;
    void fetchToken();
    void acceptToken(const QJsonObject &answer);
    void finishFetch(const std::optional<ApiError> &problem);

    struct Waiter
    {
        QPointer<QObject> context;
        std::function<void(std::optional<ApiError>)> ready;
    };

    Config m_config;
    QObject *m_owner = nullptr; // parent of the token client
    VendorClient *m_tokenClient = nullptr;
    bool m_fetching = false;
    QList<Waiter> m_waiters;
    QByteArray m_accessToken;
    QDateTime m_expiresAt;
    QDateTime m_refreshAt;
    QStringList m_grantedScopes;
    int m_tokensFetched = 0;
};
