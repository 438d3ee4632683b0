#pragma once

#include "core/Authenticator.h"

#include <QDateTime>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class VendorClient;

// UnlimCall's alternative to a portal token: OAuth 2.0 client credentials (RFC 6749 §4.4; the
// OpenAPI's `oauth2` scheme). Before a request it makes sure it holds an access token that is not
// about to expire, fetching one from the token endpoint through the same HTTP core (URL policy,
// timeout, same-origin redirects); after a 401 the core calls invalidate() and the next request
// fetches a fresh token. Concurrent requests share one token fetch.
class OAuthClientCredentials final : public Authenticator
{
public:
    struct Config
    {
        // Empty: defaultTokenUrl() of the base URL of the client whose request needs the token.
        QUrl tokenUrl;
        QString clientId;
        QByteArray clientSecret;
        QStringList scopes; // empty: whatever the client is allowed
    };

    explicit OAuthClientCredentials(Config config);
    ~OAuthClientCredentials() override;

    // The token endpoint sits next to the API: https://app.unlimcall.com/api/v1 →
    // https://app.unlimcall.com/oauth/token (the OpenAPI's tokenUrl). A base path ending in /api/v1
    // or /v1 loses that ending and keeps its prefix (the sandbox: /unlimcall/api/v1 →
    // /unlimcall/oauth/token).
    static QUrl defaultTokenUrl(const QUrl &apiBaseUrl);
    // The token URL in use (empty until the first request when derived).
    QUrl tokenUrl() const { return m_tokenUrl; }

    bool hasCredentials() const override;
    void prepare(QObject *context, std::function<void(std::optional<ApiError>)> ready) override;
    void authorize(QNetworkRequest &request) const override;
    void invalidate() override;
    QList<QByteArray> secrets() const override;

    const Config &config() const { return m_config; }
    bool hasToken() const;
    QStringList grantedScopes() const { return m_grantedScopes; }
    QDateTime expiresAt() const { return m_expiresAt; }
    int tokensFetched() const { return m_tokensFetched; }

private:
    void fetchToken(const QUrl &tokenUrl);
    void finishFetch(const std::optional<ApiError> &problem);

    struct Waiter
    {
        QPointer<QObject> context;
        std::function<void(std::optional<ApiError>)> ready;
    };

    Config m_config;
    QUrl m_tokenUrl;
    QObject *m_owner = nullptr; // parent of the network objects below
    QNetworkAccessManager *m_network = nullptr;
    VendorClient *m_tokenClient = nullptr;
    bool m_fetching = false;
    QList<Waiter> m_waiters;
    QByteArray m_accessToken;
    QDateTime m_expiresAt;
    QDateTime m_refreshAt;
    QStringList m_grantedScopes;
    int m_tokensFetched = 0;
};
