#pragma once

#include "core/Vendor.h"

#include <QByteArrayList>
#include <QHash>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>

#include <functional>
#include <optional>

class CredentialStore;
class CdrStore;
class EmailActivityStore;
class WebhookSecrets;

// Where WebhookIngest finds the signing secrets of a vendor's webhooks. Deliveries do not name
// their subscription, so every secret of the vendor is tried (W3). Asked synchronously while a
// delivery waits for its answer.
class WebhookSecretSource
{
public:
    struct Lookup
    {
        bool available = false; // false: the secrets cannot be read right now (answer 5xx, retry)
        QByteArrayList secrets; // in order: the one in force first
        QString problem; // why not available (no secret value in it)
    };

    virtual ~WebhookSecretSource() = default;
    virtual Lookup secretsFor(Vendor vendor) const = 0;
};

// The command line's source: UNLIMCALL_WEBHOOK_SECRETS and OUTREACH2DAY_WEBHOOK_SECRETS, each a
// comma-separated list (several during a rotation). Unset or empty = no secret for that vendor.
class EnvironmentWebhookSecrets : public WebhookSecretSource
{
public:
    static QString variableFor(Vendor vendor); // empty for vendors without signed webhooks
    explicit EnvironmentWebhookSecrets(
            const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    Lookup secretsFor(Vendor vendor) const override;
    // True when the environment names at least one secret for `vendor`.
    bool has(Vendor vendor) const { return !m_secrets.value(vendor).isEmpty(); }

private:
    QHash<Vendor, QByteArrayList> m_secrets;
};

// The app's source: the keychain entries the console wrote when it subscribed — UnlimCall hooks
// (CdrStore::hooks(), entry unlimCallAccount(id)) and Outreach2day subscriptions (WebhookSecrets,
// the previous secret while its grace period lasts). The keychain is asynchronous, so refresh()
// reads every entry into memory; until the first refresh has finished, or when the keychain
// could not be read, lookups are unavailable (deliveries are answered 503 and retried).
class KeychainWebhookSecrets : public QObject, public WebhookSecretSource
{
    Q_OBJECT
public:
    // The keychain account of an UnlimCall hook's secret ("hook-<id>"; the Calls page writes it).
    static QString unlimCallAccount(const QString &hookId);

    // The stores may be null (that vendor then has no secrets).
    KeychainWebhookSecrets(CredentialStore *keychain, const CdrStore *unlimCallHooks,
                           const EmailActivityStore *outreach2dayHooks, QObject *parent = nullptr);
    ~KeychainWebhookSecrets() override;

    Lookup secretsFor(Vendor vendor) const override;

    // Reads every active subscription's secrets again (after a subscription or a rotation).
    // `done` (optional) runs on `context` with the problem, if any.
    void refresh(const QObject *context = nullptr,
                 std::function<void(std::optional<QString> problem)> done = {});

Q_SIGNALS:
    void refreshed();

private:
    struct VendorState
    {
        bool loaded = false;
        QByteArrayList secrets;
        QString problem;
    };
    void finishRefresh(quint64 generation, Vendor vendor, VendorState state);

    CredentialStore *m_keychain;
    const CdrStore *m_unlimCallHooks;
    const EmailActivityStore *m_outreach2dayHooks;
    WebhookSecrets *m_outreach2daySecrets;
    QHash<Vendor, VendorState> m_state;
    quint64 m_generation = 0;
    int m_pending = 0;
    QList<std::function<void(std::optional<QString>)>> m_waiting;
};
