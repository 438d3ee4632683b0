#pragma once

#include "core/ApiError.h"
#include "core/Result.h"
#include "unlimcall/UnlimCallTypes.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class CdrStore;
class CredentialStore;
class UnlimCallService;

// Subscribing an UnlimCall webhook, the one way: POST /hooks, the subscription added to the
// console's own list (CdrStore: UnlimCall cannot list them), and its signing secret — shown by
// UnlimCall this once — kept in the keychain entry the receiver verifies deliveries with
// (KeychainWebhookSecrets::unlimCallAccount). The Calls page's Webhooks tab subscribes one event;
// demo mode subscribes the in-app receiver to all five.
class UnlimCallHookSubscriptions : public QObject
{
    Q_OBJECT
public:
    struct Subscribed
    {
        QString id;
        QString event;
        QString targetUrl;
        QString secret; // for the one time it is shown; never logged or stored elsewhere
        // Why the secret is not in the keychain (no keychain, or it refused); nullopt = stored.
        std::optional<ApiError> secretNotStored;
    };

    // `keychain` may be null: the secret is then not stored anywhere (the caller shows it once).
    UnlimCallHookSubscriptions(UnlimCallService *service, CdrStore *hooks, CredentialStore *keychain,
                               QObject *parent = nullptr);

    // One event at one URL. Fails (nothing stored) when UnlimCall refuses or the request is
    // refused locally (UnlimCallService::hookRequestProblem); `done` runs on `context`.
    void subscribe(const UnlimCall::HookRequest &request, const QObject *context,
                   std::function<void(const Result<Subscribed> &)> done);

    // The events `targetUrl` is not yet subscribed to, as far as the console's list knows.
    QStringList missingEvents(const QString &targetUrl) const;
    // Subscribes `targetUrl` to each missing event, one after another. `done` gets the ones
    // subscribed now (none when nothing was missing), or the first failure (those before it stay
    // subscribed and listed).
    void subscribeEvery(const QString &targetUrl, const QObject *context,
                        std::function<void(const Result<QList<Subscribed>> &)> done);

private:
    void subscribeNext(const QString &targetUrl, QStringList events, QList<Subscribed> done,
                       const QObject *context, std::function<void(const Result<QList<Subscribed>> &)> finish);

    QPointer<UnlimCallService> m_service;
    CdrStore *m_hooks;
    QPointer<CredentialStore> m_keychain;
};
