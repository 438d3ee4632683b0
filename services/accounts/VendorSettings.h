#pragma once

#include "core/Vendor.h"

#include <QString>

// The non-secret per-vendor settings, in QSettings: base URL overrides, account names, the
// Verloop client id, Outreach2day workspace id, UnlimCall sign-in mode and OAuth client id (mirrored
// from the saved credentials so the console can show them and build Verloop's URL without opening
// the keychain), UnlimCall's OAuth token URL, whether credentials were saved, and the low-balance
// threshold. Never a token (README promise S1).
class VendorSettings
{
public:
    // `group` keeps demo mode's settings apart from the operator's real ones.
    explicit VendorSettings(const QString &group = QStringLiteral("vendors"));

    QString group() const { return m_group; }

    // The base URL typed in Settings; empty means the vendor's default.
    QString baseUrl(Vendor vendor) const;
    void setBaseUrl(Vendor vendor, const QString &url);

    // Which account's credentials are used ("default" unless the operator named it).
    QString account(Vendor vendor) const;
    void setAccount(Vendor vendor, const QString &account);

    // Credentials were saved for this vendor (so start-up loads them from the keychain and the
    // status bar says "not configured" without opening the keychain otherwise).
    bool hasSavedCredentials(Vendor vendor) const;
    void setHasSavedCredentials(Vendor vendor, bool saved);

    QString verloopClientId() const;
    void setVerloopClientId(const QString &clientId);
    QString outreachWorkspaceId() const;
    void setOutreachWorkspaceId(const QString &workspaceId);

    // How the operator signs in to UnlimCall (the Accounts page's choice; the console uses that
    // mode even when the keychain entry holds the other's secret too).
    enum class UnlimCallAuth { ApiToken, OAuthClientCredentials };
    UnlimCallAuth unlimcallAuth() const;
    void setUnlimCallAuth(UnlimCallAuth mode);
    // The OAuth client id is not a secret (the client secret stays in the keychain).
    QString oauthClientId() const;
    void setOAuthClientId(const QString &clientId);
    // UnlimCall's OAuth token URL typed in Settings or found by discovery; empty means the
    // documented one.
    QString oauthTokenUrl() const;
    void setOAuthTokenUrl(const QString &url);

    // UnlimCall balance below this (in the account's currency) is flagged. Default 10.
    double lowBalanceThreshold() const;
    void setLowBalanceThreshold(double threshold);

private:
    QString key(Vendor vendor, const QString &name) const;
    QString m_group;
};
