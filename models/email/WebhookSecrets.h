#pragma once

#include "core/ApiError.h"
#include "core/Result.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class CredentialStore;

// The signing secrets of Outreach2day webhook subscriptions, kept in the OS keychain through
// CredentialStore and nowhere else (README promise S1: never in settings, the database or logs).
// Per subscription, two keychain entries: "<service>/outreach2day/webhook.<id>" holds the secret in
// force, "...webhook.<id>.previous" the one it replaced. Rotation (W3): the new secret is stored
// only once the vendor confirmed it, and the previous one stays accepted until a grace period the
// operator sets ends. When that is, is metadata without the secret (EmailActivityStore::Hook::
// graceUntil): the caller keeps it and hands it to acceptedSecrets().
class WebhookSecrets : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(std::optional<ApiError>)>;

    static QString prefix() { return QStringLiteral("whsec_"); }
    // "whsec_" + base64 of 32 bytes from the system's cryptographic generator.
    static QString generate();
    // The keychain entry names for a subscription ("webhook.<id>", "webhook.<id>.previous").
    static QString entryName(const QString &subscriptionId);
    static QString previousEntryName(const QString &subscriptionId);

    explicit WebhookSecrets(CredentialStore *store, QObject *parent = nullptr);

    // Keeps `secret` as the subscription's secret in force (a new subscription, as the vendor
    // confirmed it). The previous entry, if any, is left as it is.
    void store(const QString &subscriptionId, const QString &secret, const QObject *context, Done done);
    // After the vendor confirmed `newSecret`: the secret in force becomes the previous one, then
    // `newSecret` the one in force (in that order, so a failure half-way loses no accepted secret).
    void rotate(const QString &subscriptionId, const QString &newSecret, const QObject *context, Done done);
    // The secret in force ("keychain_entry_not_found" when none).
    void current(const QString &subscriptionId, const QObject *context,
                 std::function<void(Result<QString>)> done);
    // The secrets a delivery may be signed with (W3): the one in force, then the previous one while
    // `now` is before `graceUntil`. Once the grace period is over the previous entry is deleted.
    void acceptedSecrets(const QString &subscriptionId, const QDateTime &graceUntil, const QObject *context,
                         std::function<void(Result<QStringList>)> done,
                         const QDateTime &now = QDateTime::currentDateTimeUtc());
    // Deletes both entries (the subscription is gone). Absent entries are no error.
    void remove(const QString &subscriptionId, const QObject *context, Done done);

private:
    QPointer<CredentialStore> m_store;
};
