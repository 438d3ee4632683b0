#include "ApiError.h"

#include <QJsonArray>

bool ApiError::isAuthFailure() const
{
    return kind == Kind::Vendor &&
            (httpStatus == 401 || code == QLatin1String("unauthorized") ||
             code == QLatin1String("unauthenticated"));
}

bool ApiError::isRateLimit() const
{
    return kind == Kind::Vendor &&
            (code == QLatin1String("rate_limited") || code == QLatin1String("resource_exhausted") ||
             (httpStatus == 429 && code != QLatin1String("quota_exceeded")));
}

QString ApiError::summary() const
{
    if (!isError())
        return {};
    QString text = Vendors::displayName(vendor) + QStringLiteral(": ") + explanation;
    QStringList tags;
    if (!code.isEmpty())
        tags << code;
    if (httpStatus > 0)
        tags << QStringLiteral("HTTP %1").arg(httpStatus);
    if (!tags.isEmpty())
        text += QStringLiteral(" (") + tags.join(QStringLiteral(", ")) + QLatin1Char(')');
    return text;
}

QJsonObject ApiError::toJson() const
{
    QJsonObject object{
            {QStringLiteral("vendor"), Vendors::id(vendor)},
            {QStringLiteral("code"), code},
            {QStringLiteral("httpStatus"), httpStatus},
            {QStringLiteral("message"), explanation},
    };
    if (!vendorMessage.isEmpty())
        object.insert(QStringLiteral("vendorMessage"), vendorMessage);
    if (retryAfterSeconds)
        object.insert(QStringLiteral("retryAfterSeconds"), *retryAfterSeconds);
    if (!links.isEmpty()) {
        QJsonObject linkObject;
        for (const Link &link : links)
            linkObject.insert(link.label, link.url.toString());
        object.insert(QStringLiteral("links"), linkObject);
    }
    return object;
}

ApiError ApiError::malformed(Vendor vendor, const QString &what, const QString &advice, int httpStatus)
{
    ApiError error;
    error.vendor = vendor;
    error.kind = Kind::Malformed;
    error.httpStatus = httpStatus;
    error.code = QStringLiteral("malformed_response");
    error.explanation =
            QStringLiteral("%1 answered, but not with %2. %3")
                    .arg(Vendors::displayName(vendor), what,
                         advice.isEmpty() ? QStringLiteral("Nothing was changed; try again later, and report "
                                                           "it if it persists.")
                                          : advice);
    return error;
}

ApiError ApiError::local(Vendor vendor, const QString &code, const QString &explanation)
{
    ApiError error;
    error.vendor = vendor;
    error.kind = Kind::Local;
    error.code = code;
    error.explanation = explanation;
    return error;
}
