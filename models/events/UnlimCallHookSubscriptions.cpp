#include "UnlimCallHookSubscriptions.h"

#include "credentials/CredentialStore.h"
#include "events/WebhookSecretSource.h"
#include "store/CdrStore.h"
#include "unlimcall/UnlimCallService.h"

#include <QDateTime>

UnlimCallHookSubscriptions::UnlimCallHookSubscriptions(UnlimCallService *service, CdrStore *hooks,
                                                       CredentialStore *keychain, QObject *parent)
    : QObject(parent), m_service(service), m_hooks(hooks), m_keychain(keychain)
{ }

void UnlimCallHookSubscriptions::subscribe(const UnlimCall::HookRequest &request, const QObject *context,
                                           std::function<void(const Result<Subscribed> &)> done)
{
    QPointer<const QObject> caller(context);
    const auto finish = [caller, done](const Result<Subscribed> &result) {
        if (caller)
            done(result);
    };
    if (!m_service) {
        finish(ApiError::local(Vendor::UnlimCall, QStringLiteral("not_configured"),
                               tr("The UnlimCall service is gone; nothing was subscribed.")));
        return;
    }
    m_service->createHook(
            request, this, [this, request, finish](const Result<UnlimCall::HookCreated> &created) {
                if (!created.ok()) {
                    finish(created.error());
                    return;
                }
                Subscribed subscribed{created->id, request.event, request.targetUrl, created->secret,
                                      std::nullopt};
                if (m_hooks) {
                    if (const StoreStatus saved = m_hooks->saveHook({subscribed.id,
                                                                     request.event,
                                                                     request.targetUrl,
                                                                     QDateTime::currentDateTimeUtc(),
                                                                     {}});
                        !saved) {
                        // Subscribed at UnlimCall all the same: the secret is still shown and kept.
                        qWarning("UnlimCall hook %s is not in the console's list: %s",
                                 qPrintable(subscribed.id), qPrintable(saved.summary()));
                    }
                }
                if (!m_keychain) {
                    subscribed.secretNotStored =
                            ApiError::local(Vendor::UnlimCall, QStringLiteral("keychain_unavailable"),
                                            tr("No keychain is in use."));
                    finish(subscribed);
                    return;
                }
                // The credentials API keeps it as the hook's own entry (id + secret).
                VendorCredentials credentials;
                credentials.vendor = Vendor::UnlimCall;
                credentials.account = KeychainWebhookSecrets::unlimCallAccount(subscribed.id);
                credentials.clientId = subscribed.id;
                credentials.clientSecret = subscribed.secret.toUtf8();
                m_keychain->save(credentials, this,
                                 [subscribed, finish](std::optional<ApiError> problem) mutable {
                                     subscribed.secretNotStored = std::move(problem);
                                     finish(subscribed);
                                 });
            });
}

QStringList UnlimCallHookSubscriptions::missingEvents(const QString &targetUrl) const
{
    QStringList missing = UnlimCall::hookEvents();
    if (m_hooks) {
        for (const CdrStore::Hook &hook : m_hooks->hooks()) {
            if (hook.isActive() && hook.targetUrl == targetUrl)
                missing.removeAll(hook.event);
        }
    }
    return missing;
}

void UnlimCallHookSubscriptions::subscribeEvery(const QString &targetUrl, const QObject *context,
                                                std::function<void(const Result<QList<Subscribed>> &)> done)
{
    QPointer<const QObject> caller(context);
    subscribeNext(targetUrl, missingEvents(targetUrl), {}, this,
                  [caller, done](const Result<QList<Subscribed>> &result) {
                      if (caller)
                          done(result);
                  });
}

void UnlimCallHookSubscriptions::subscribeNext(const QString &targetUrl, QStringList events,
                                               QList<Subscribed> subscribed, const QObject *context,
                                               std::function<void(const Result<QList<Subscribed>> &)> finish)
{
    if (events.isEmpty()) {
        finish(subscribed);
        return;
    }
    const QString event = events.takeFirst();
    subscribe(
            {event, targetUrl}, context,
            [this, targetUrl, events, subscribed, context, finish](const Result<Subscribed> &result) mutable {
                if (!result.ok()) {
                    finish(result.error());
                    return;
                }
                subscribed.append(result.value());
                subscribeNext(targetUrl, events, subscribed, context, finish);
            });
}
