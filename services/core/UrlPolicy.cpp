#include "UrlPolicy.h"

#include <QHostAddress>

namespace UrlPolicy {

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

static ApiError refused(Vendor vendor, const QString &explanation)
{
    ApiError error;
    error.vendor = vendor;
    error.kind = ApiError::Kind::UrlRefused;
    error.code = QStringLiteral("url_refused");
    error.explanation = explanation;
    return error;
}

std::optional<ApiError> check(Vendor vendor, const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return refused(vendor,
                       QStringLiteral("The base URL is not a valid web address. Check it in Settings."));
    if (!url.userInfo().isEmpty())
        return refused(vendor,
                       QStringLiteral("The base URL contains a user name or password. Remove them: "
                                      "credentials belong in the keychain, not in addresses."));
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return std::nullopt;
    if (scheme == QLatin1String("http") && isLoopbackHost(url.host()))
        return std::nullopt;
    if (scheme == QLatin1String("http"))
        return refused(vendor,
                       QStringLiteral("The base URL uses plain http to %1. Only https is allowed, except for "
                                      "this computer (the sandbox). Change it to https://.")
                               .arg(url.host()));
    return refused(vendor, QStringLiteral("The base URL must start with https://."));
}

} // namespace UrlPolicy
