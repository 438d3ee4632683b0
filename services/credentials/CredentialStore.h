#pragma once

#include "VendorCredentials.h"
#include "core/ApiError.h"
#include "core/Result.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

// Vendor credentials in the OS keychain (QtKeychain), one entry per vendor and account named
// "<service>/<vendor>/<account>" (README promise S6) and holding a small JSON blob of the
// secret fields. There is no plaintext fallback, ever (S3).
//
// Every operation is asynchronous; the callback runs on `context`'s thread, and not at all if
// `context` is destroyed first. Failures are ApiError::local(vendor, code, sentence) with code:
//   keychain_entry_not_found  genuinely absent (the keyring is unlocked and has no such entry)
//   keychain_locked           the keyring is locked (QtKeychain says EntryNotFound/AccessDenied)
//   keychain_unavailable      no Secret Service / no session bus (QtKeychain says OtherError)
//   keychain_access_denied    the operator or the system refused access
//   keychain_invalid_entry    the entry exists but is not a credentials blob
//   keychain_error            anything else (QtKeychain's own words in the sentence)
//   invalid_credentials       save() only: validate() failed; the keychain was not touched
//   invalid_account           the account name is not valid (VendorCredentials::isValidAccountName)
// The QtKeychain entry: service "campaign-console", key "campaign-console/<vendor>/<account>"
// (libsecret attributes server/user; QtKeychain 0.13 labels the item with the service name).
// The store may be destroyed while operations are in flight.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    static QString defaultServiceName() { return QStringLiteral("campaign-console"); }

    // Tests pass another service name to keep their entries apart.
    explicit CredentialStore(const QString &serviceName = defaultServiceName(), QObject *parent = nullptr);

    QString serviceName() const { return m_serviceName; }

    void load(Vendor vendor, const QString &account, const QObject *context,
              std::function<void(Result<VendorCredentials>)> done);
    // Adds or replaces. Refuses credentials whose validate() is not empty (code
    // "invalid_credentials") without touching the keychain.
    void save(const VendorCredentials &credentials, const QObject *context,
              std::function<void(std::optional<ApiError>)> done);
    // Deletes the entry. Removing an entry that does not exist succeeds.
    void remove(Vendor vendor, const QString &account, const QObject *context,
                std::function<void(std::optional<ApiError>)> done);

    // A secret that is not an account's credentials (a webhook subscription's signing secret):
    // the same keychain, namespace ("<service>/<vendor>/<name>", `name` following the account
    // name rules) and error codes, the bytes stored as they are. No credentialsChanged signal.
    void loadSecret(Vendor vendor, const QString &name, const QObject *context,
                    std::function<void(Result<QByteArray>)> done);
    void saveSecret(Vendor vendor, const QString &name, const QByteArray &secret, const QObject *context,
                    std::function<void(std::optional<ApiError>)> done);
    // Removing a secret that does not exist succeeds.
    void removeSecret(Vendor vendor, const QString &name, const QObject *context,
                      std::function<void(std::optional<ApiError>)> done);

    // "campaign-console/unloopa/default"
    static QString entryKey(Vendor vendor, const QString &account,
                            const QString &serviceName = defaultServiceName());

Q_SIGNALS:
    // After a successful save or remove (the status bar and Accounts page refresh on it).
    void credentialsChanged(Vendor vendor, const QString &account);

private:
    // Credentials are stored as text (the format earlier versions wrote), secrets as bytes.
    enum class EntryFormat { Text, Binary };
    // The one keychain job per operation, shared by credentials and secrets: the entry of
    // (vendor, name) read, written or deleted, with the keychain's error codes and logging.
    void readEntry(Vendor vendor, const QString &name, const QObject *context,
                   std::function<void(Result<QByteArray>)> done) const;
    void writeEntry(Vendor vendor, const QString &name, const QByteArray &data, EntryFormat format,
                    const QObject *context, std::function<void(std::optional<ApiError>)> done) const;
    // Deleting what is not there succeeds.
    void deleteEntry(Vendor vendor, const QString &name, const QObject *context,
                     std::function<void(std::optional<ApiError>)> done) const;

    QString m_serviceName;
};
