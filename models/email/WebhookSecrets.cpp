#include "WebhookSecrets.h"

#include "credentials/CredentialStore.h"

#include <QRandomGenerator>
#include <QTimer>

#include <array>

namespace {

constexpr Vendor kVendor = Vendor::Outreach2day;

template<typename Callback, typename Value>
void answerLater(const QObject *context, Callback done, Value value)
{
    QTimer::singleShot(0, context, [done = std::move(done), value = std::move(value)] { done(value); });
}

ApiError storeGone()
{
    return ApiError::local(kVendor, QStringLiteral("keychain_unavailable"),
                           QStringLiteral("The keychain is no longer available to this window."));
}

} // namespace

QString WebhookSecrets::generate()
{
    std::array<quint32, 8> words{}; // 32 bytes
    QRandomGenerator::system()->generate(words.begin(), words.end());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), int(sizeof(words)));
    return prefix() + QString::fromLatin1(bytes.toBase64());
}

QString WebhookSecrets::entryName(const QString &subscriptionId)
{
    return QStringLiteral("webhook.") + subscriptionId;
}

QString WebhookSecrets::previousEntryName(const QString &subscriptionId)
{
    return entryName(subscriptionId) + QStringLiteral(".previous");
}

WebhookSecrets::WebhookSecrets(CredentialStore *store, QObject *parent) : QObject(parent), m_store(store) { }

void WebhookSecrets::store(const QString &subscriptionId, const QString &secret, const QObject *context,
                           Done done)
{
    if (!m_store)
        return answerLater(context, std::move(done), std::optional<ApiError>(storeGone()));
    m_store->saveSecret(kVendor, entryName(subscriptionId), secret.toUtf8(), context, std::move(done));
}

void WebhookSecrets::rotate(const QString &subscriptionId, const QString &newSecret, const QObject *context,
                            Done done)
{
    if (!m_store)
        return answerLater(context, std::move(done), std::optional<ApiError>(storeGone()));
    QPointer<CredentialStore> store = m_store;
    auto saveNew = [store, subscriptionId, newSecret, context, done]() {
        if (!store)
            return done(storeGone());
        store->saveSecret(kVendor, entryName(subscriptionId), newSecret.toUtf8(), context, done);
    };
    store->loadSecret(kVendor, entryName(subscriptionId), context,
                      [store, subscriptionId, context, done, saveNew](Result<QByteArray> old) {
                          if (!old) {
                              // Nothing in force (a subscription made elsewhere): only the new one.
                              if (old.error().code != QLatin1String("keychain_entry_not_found"))
                                  return done(old.error());
                              return saveNew();
                          }
                          if (!store)
                              return done(storeGone());
                          store->saveSecret(kVendor, previousEntryName(subscriptionId), old.value(), context,
                                            [done, saveNew](const std::optional<ApiError> &error) {
                                                if (error)
                                                    return done(error);
                                                saveNew();
                                            });
                      });
}

void WebhookSecrets::current(const QString &subscriptionId, const QObject *context,
                             std::function<void(Result<QString>)> done)
{
    if (!m_store)
        return answerLater(context, std::move(done), Result<QString>(storeGone()));
    m_store->loadSecret(kVendor, entryName(subscriptionId), context,
                        [done = std::move(done)](Result<QByteArray> r) {
                            if (!r)
                                return done(r.error());
                            done(QString::fromUtf8(r.value()));
                        });
}

void WebhookSecrets::acceptedSecrets(const QString &subscriptionId, const QDateTime &graceUntil,
                                     const QObject *context, std::function<void(Result<QStringList>)> done,
                                     const QDateTime &now)
{
    if (!m_store)
        return answerLater(context, std::move(done), Result<QStringList>(storeGone()));
    QPointer<CredentialStore> store = m_store;
    const bool inGrace = graceUntil.isValid() && now < graceUntil;
    store->loadSecret(
            kVendor, entryName(subscriptionId), context,
            [store, subscriptionId, inGrace, context, done = std::move(done)](Result<QByteArray> current) {
                if (!current)
                    return done(current.error());
                QStringList accepted{QString::fromUtf8(current.value())};
                if (!store)
                    return done(accepted);
                if (!inGrace) {
                    // The grace period is over (or there was none): the old secret is retired.
                    store->removeSecret(kVendor, previousEntryName(subscriptionId), context,
                                        [accepted, done](std::optional<ApiError> e) {
                                            if (e)
                                                return done(*e);
                                            done(accepted);
                                        });
                    return;
                }
                store->loadSecret(kVendor, previousEntryName(subscriptionId), context,
                                  [accepted, done](Result<QByteArray> previous) mutable {
                                      if (previous)
                                          accepted.append(QString::fromUtf8(previous.value()));
                                      else if (previous.error().code !=
                                               QLatin1String("keychain_entry_not_found"))
                                          return done(previous.error());
                                      done(accepted);
                                  });
            });
}

void WebhookSecrets::remove(const QString &subscriptionId, const QObject *context, Done done)
{
    if (!m_store)
        return answerLater(context, std::move(done), std::optional<ApiError>(storeGone()));
    QPointer<CredentialStore> store = m_store;
    store->removeSecret(kVendor, previousEntryName(subscriptionId), context,
                        [store, subscriptionId, context, done = std::move(done)](std::optional<ApiError> e) {
                            if (e || !store)
                                return done(e);
                            store->removeSecret(kVendor, entryName(subscriptionId), context, done);
                        });
}
