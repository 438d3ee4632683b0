#include "VendorSettings.h"

#include <QSettings>

namespace {
const double DefaultLowBalanceThreshold = 10.0;
}

VendorSettings::VendorSettings(const QString &group) : m_group(group) { }

QString VendorSettings::key(Vendor vendor, const QString &name) const
{
    return m_group + QLatin1Char('/') + Vendors::id(vendor) + QLatin1Char('/') + name;
}

QString VendorSettings::baseUrl(Vendor vendor) const
{
    return QSettings().value(key(vendor, QStringLiteral("baseUrl"))).toString().trimmed();
}

void VendorSettings::setBaseUrl(Vendor vendor, const QString &url)
{
    QSettings settings;
    if (url.trimmed().isEmpty())
        settings.remove(key(vendor, QStringLiteral("baseUrl")));
    else
        settings.setValue(key(vendor, QStringLiteral("baseUrl")), url.trimmed());
}

QString VendorSettings::account(Vendor vendor) const
{
    const QString account = QSettings().value(key(vendor, QStringLiteral("account"))).toString();
    return account.isEmpty() ? QStringLiteral("default") : account;
}

void VendorSettings::setAccount(Vendor vendor, const QString &account)
{
    QSettings().setValue(key(vendor, QStringLiteral("account")), account);
}

bool VendorSettings::hasSavedCredentials(Vendor vendor) const
{
    return QSettings().value(key(vendor, QStringLiteral("credentialsSaved")), false).toBool();
}

void VendorSettings::setHasSavedCredentials(Vendor vendor, bool saved)
{
    QSettings().setValue(key(vendor, QStringLiteral("credentialsSaved")), saved);
}

QString VendorSettings::verloopClientId() const
{
    return QSettings().value(key(Vendor::Verloop, QStringLiteral("clientId"))).toString();
}

void VendorSettings::setVerloopClientId(const QString &clientId)
{
    QSettings().setValue(key(Vendor::Verloop, QStringLiteral("clientId")), clientId);
}

QString VendorSettings::outreachWorkspaceId() const
{
    return QSettings().value(key(Vendor::Outreach2day, QStringLiteral("workspaceId"))).toString();
}

void VendorSettings::setOutreachWorkspaceId(const QString &workspaceId)
{
    QSettings().setValue(key(Vendor::Outreach2day, QStringLiteral("workspaceId")), workspaceId);
}

VendorSettings::UnlimCallAuth VendorSettings::unlimcallAuth() const
{
    return QSettings().value(key(Vendor::UnlimCall, QStringLiteral("auth"))).toString() ==
                    QLatin1String("oauth")
            ? UnlimCallAuth::OAuthClientCredentials
            : UnlimCallAuth::ApiToken;
}

void VendorSettings::setUnlimCallAuth(UnlimCallAuth mode)
{
    QSettings().setValue(key(Vendor::UnlimCall, QStringLiteral("auth")),
                         mode == UnlimCallAuth::OAuthClientCredentials ? QStringLiteral("oauth")
                                                                       : QStringLiteral("token"));
}

QString VendorSettings::oauthClientId() const
{
    return QSettings().value(key(Vendor::UnlimCall, QStringLiteral("oauthClientId"))).toString();
}

void VendorSettings::setOAuthClientId(const QString &clientId)
{
    QSettings().setValue(key(Vendor::UnlimCall, QStringLiteral("oauthClientId")), clientId);
}

QString VendorSettings::oauthTokenUrl() const
{
    return QSettings().value(key(Vendor::UnlimCall, QStringLiteral("oauthTokenUrl"))).toString().trimmed();
}

void VendorSettings::setOAuthTokenUrl(const QString &url)
{
    QSettings settings;
    if (url.trimmed().isEmpty())
        settings.remove(key(Vendor::UnlimCall, QStringLiteral("oauthTokenUrl")));
    else
        settings.setValue(key(Vendor::UnlimCall, QStringLiteral("oauthTokenUrl")), url.trimmed());
}

double VendorSettings::lowBalanceThreshold() const
{
    bool ok = false;
    const double value =
            QSettings().value(key(Vendor::UnlimCall, QStringLiteral("lowBalanceThreshold"))).toDouble(&ok);
    return ok && value >= 0 ? value : DefaultLowBalanceThreshold;
}

void VendorSettings::setLowBalanceThreshold(double threshold)
{
    QSettings().setValue(key(Vendor::UnlimCall, QStringLiteral("lowBalanceThreshold")), threshold);
}
