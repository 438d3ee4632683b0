#include "RetryPolicy.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QString>
#include <QTimeZone>

#include <algorithm>

int RetryPolicy::backoffDelayMs(int retry) const
{
    const int exponent = std::clamp(retry - 1, 0, 20);
    const qint64 ceiling = std::min<qint64>(maxDelayMs, qint64(baseDelayMs) << exponent);
    return int(QRandomGenerator::global()->bounded(ceiling + 1));
}

RetryPolicy RetryPolicy::none()
{
    RetryPolicy policy;
    policy.maxAttempts = 1;
    return policy;
}

static std::optional<QDateTime> parseHttpDate(const QString &text)
{
    const QLocale c = QLocale::c();
    // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    // RFC 850:     Sunday, 06-Nov-94 08:49:37 GMT
    // asctime:     Sun Nov  6 08:49:37 1994
    const QString simplified = text.simplified();
    static const char *const formats[] = {
            "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
            "dddd, dd-MMM-yy HH:mm:ss 'GMT'",
            "ddd MMM d HH:mm:ss yyyy",
    };
    for (const char *format : formats) {
        QDateTime parsed = c.toDateTime(simplified, QString::fromLatin1(format));
        if (!parsed.isValid())
            continue;
        // RFC 850's two-digit year: RFC 9110 says interpret a year more than 50 years in the
        // future as the past century. QLocale maps "yy" into 1900-1999; move it forward.
        if (QByteArray(format).contains("-yy ") && parsed.date().year() < 1970)
            parsed = parsed.addYears(100);
        parsed.setTimeZone(QTimeZone::utc());
        return QDateTime(parsed.date(), parsed.time(), QTimeZone::utc());
    }
    return std::nullopt;
}

std::optional<int> parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QString text = QString::fromLatin1(value).trimmed();
    if (text.isEmpty())
        return std::nullopt;
    static const QRegularExpression digitsOnly(QStringLiteral("^[0-9]{1,10}$"));
    if (digitsOnly.match(text).hasMatch()) {
        bool ok = false;
        const qlonglong seconds = text.toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        return int(std::min<qlonglong>(seconds, 365LL * 24 * 3600));
    }
    const std::optional<QDateTime> date = parseHttpDate(text);
    if (!date)
        return std::nullopt;
    const qint64 seconds = now.secsTo(*date);
    return int(std::clamp<qint64>(seconds, 0, 365LL * 24 * 3600));
}
