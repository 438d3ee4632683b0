#pragma once

#include "ApiError.h"

#include <QByteArray>
#include <QList>
#include <QObject>

#include <functional>
#include <optional>

class QNetworkRequest;

// How a vendor client proves who it is. A static token (Bearer or raw, see TokenAuthenticator) is
// ready at once; schemes that must fetch a token first (UnlimCall's OAuth 2.0 client credentials)
// override prepare().
class Authenticator
{
public:
    virtual ~Authenticator() = default;

    virtual bool hasCredentials() const = 0;
    // Called before every attempt. Calls `ready` (possibly later, on `context`'s thread) with no
    // error when authorize() may be used, or with the reason it may not.
    virtual void prepare(QObject *context, std::function<void(std::optional<ApiError>)> ready);
    virtual void authorize(QNetworkRequest &request) const = 0;
    // After a 401, a token-fetching scheme forgets its token so the next call fetches a new one.
    virtual void invalidate() { }
    // The secrets this authenticator holds, so logs can redact them.
    virtual QList<QByteArray> secrets() const = 0;
};

class TokenAuthenticator final : public Authenticator
{
public:
    enum class Scheme {
        Bearer, // Authorization: Bearer <token>   (Unloopa, UnlimCall, Outreach2day)
        Raw, // Authorization: <token>             (Verloop)
    };

    TokenAuthenticator(Scheme scheme, QByteArray token);

    bool hasCredentials() const override;
    void authorize(QNetworkRequest &request) const override;
    QList<QByteArray> secrets() const override;

private:
    Scheme m_scheme;
    QByteArray m_token;
};
