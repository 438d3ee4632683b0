#include "VendorEndpoints.h"

namespace VendorEndpoints {

QUrl defaultBaseUrl(Vendor vendor, const QString &verloopClientId)
{
    switch (vendor) {
    case Vendor::Unloopa:
        return QUrl(QStringLiteral("https://dashboard.unloopa.com/api/v1"));
    case Vendor::UnlimCall:
        return QUrl(QStringLiteral("https://app.unlimcall.com/api/v1"));
    case Vendor::Verloop: {
        const QString client =
                verloopClientId.trimmed().isEmpty() ? QStringLiteral("app") : verloopClientId.trimmed();
        return QUrl(QStringLiteral("https://%1.verloop.io/api/v1").arg(client));
    }
    case Vendor::Outreach2day:
        return QUrl(QStringLiteral("https://public.outreach2day.com"));
    }
    Q_UNREACHABLE();
}

QString environmentVariable(Vendor vendor)
{
    return QStringLiteral("CAMPAIGN_CONSOLE_%1_URL").arg(Vendors::id(vendor).toUpper());
}

QString commandLineOption(Vendor vendor)
{
    return Vendors::id(vendor) + QStringLiteral("-url");
}

QUrl resolve(Vendor vendor, const QString &commandLineValue, const QString &settingsValue,
             const QString &verloopClientId)
{
    return resolveUrl(commandLineValue, environmentVariable(vendor), settingsValue,
                      defaultBaseUrl(vendor, verloopClientId));
}

QUrl resolveUrl(const QString &commandLineValue, const QString &environmentVariable,
                const QString &settingsValue, const QUrl &fallback)
{
    if (!commandLineValue.trimmed().isEmpty())
        return QUrl(commandLineValue.trimmed());
    const QString fromEnvironment =
            qEnvironmentVariable(environmentVariable.toLatin1().constData()).trimmed();
    if (!fromEnvironment.isEmpty())
        return QUrl(fromEnvironment);
    if (!settingsValue.trimmed().isEmpty())
        return QUrl(settingsValue.trimmed());
    return fallback;
}

QUrl defaultUnlimCallTokenUrl()
{
    return QUrl(QStringLiteral("https://app.unlimcall.com/oauth/token"));
}

QString unlimcallTokenUrlVariable()
{
    return QStringLiteral("CAMPAIGN_CONSOLE_UNLIMCALL_TOKEN_URL");
}

QString unlimcallTokenUrlOption()
{
    return QStringLiteral("unlimcall-token-url");
}

QUrl join(const QUrl &baseUrl, const QString &endpointPath)
{
    QUrl url = baseUrl;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path +
                (endpointPath.startsWith(QLatin1Char('/')) ? endpointPath : QLatin1Char('/') + endpointPath));
    return url;
}

} // namespace VendorEndpoints
