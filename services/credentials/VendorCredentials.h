#pragma once

#include "core/Vendor.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// One vendor account's credentials: what the keychain holds for it (CredentialStore) and what
// the CLI can take from the environment (CredentialsFromEnvironment). The secret fields (token,
// clientSecret) never go to settings, logs, the database or exports (README promise S1).
//
// What each vendor needs:
//   Unloopa       token "unlpa_live_…"
//   UnlimCall     token "unl_live_…", or OAuth 2.0 client credentials (clientId + clientSecret)
//   Verloop       token (any non-empty string) + clientId (the dashboard subdomain, a DNS label)
//   Outreach2day  token "ot2d_…" + workspaceId (numeric)
struct VendorCredentials
{
    Vendor vendor = Vendor::Unloopa;
    // Which of the operator's accounts with this vendor. A short name without '/' (it is part of
    // the keychain entry name, see CredentialStore::entryKey).
    QString account = QStringLiteral("default");
    QByteArray token; // Unloopa key / UnlimCall token / Verloop token / Outreach2day key
    QString clientId; // Verloop client id (subdomain), or the UnlimCall OAuth client id
    QString workspaceId; // Outreach2day workspace id
    QByteArray clientSecret; // UnlimCall OAuth 2.0 client secret (alternative to token)

    // True when every field this vendor needs is filled in (format not checked: see validate()).
    bool isComplete() const;
    // Empty when the credentials are complete and well-formed; otherwise one sentence saying what
    // is wrong and what to do. Never quotes the secret itself.
    QString validate() const;
    // UnlimCall with client id + secret and no static token.
    bool usesOAuth() const;
    // The secret values, for log redaction (Redaction / Authenticator::secrets()).
    QList<QByteArray> secrets() const;
    // Trims surrounding whitespace (pasted keys often end in a newline) and lower-cases the
    // Verloop client id.
    VendorCredentials normalized() const;

    // The keychain blob: a small JSON object of the non-empty fields. fromSecretBlob() returns
    // nullopt for a blob that is not such an object.
    QByteArray toSecretBlob() const;
    static std::optional<VendorCredentials> fromSecretBlob(Vendor vendor, const QString &account,
                                                           const QByteArray &blob);

    // What the vendor calls its secret ("API key" or "API token"), as the operator reads it.
    static QString tokenName(Vendor vendor);
    // What a vendor's token must start with; empty when the vendor documents no format (Verloop).
    static QByteArray tokenPrefix(Vendor vendor);

    // Account names: 1-64 characters, letters, digits, '.', '_', '-', '@', '+'.
    static bool isValidAccountName(const QString &account);
};

bool operator==(const VendorCredentials &a, const VendorCredentials &b);
inline bool operator!=(const VendorCredentials &a, const VendorCredentials &b)
{
    return !(a == b);
}
