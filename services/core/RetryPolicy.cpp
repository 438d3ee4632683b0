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

static std::optional<QDateTime> parseHttpDate(const QString &text, const QDateTime &now)
{
    // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    // RFC 850:     Sunday, 06-Nov-94 08:49:37 GMT
    // asctime:     Sun Nov  6 08:49:37 1994
    // The weekday is redundant; drop it so a mismatch (or a two-digit year) cannot confuse QLocale.
    QString rest = text.simplified();
    const int space = rest.indexOf(QLatin1Char(' '));
    if (space < 0)
        return std::nullopt;
    rest = rest.mid(space + 1);
    const QLocale c = QLocale::c();
    struct Form
    {
        const char *format;
        bool twoDigitYear;
    };
    static const Form forms[] = {
            {"dd MMM yyyy HH:mm:ss 'GMT'", false},
            {"dd-MMM-yy HH:mm:ss 'GMT'", true},
            {"MMM d HH:mm:ss yyyy", false},
    };
    for (const Form &form : forms) {
        const QDateTime parsed = c.toDateTime(rest, QString::fromLatin1(form.format));
        if (!parsed.isValid())
            continue;
        QDate date = parsed.date();
        if (form.twoDigitYear) {
            // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
            int year = 2000 + date.year() % 100;
            if (year > now.date().year() + 50)
                year -= 100;
            date = QDate(year, date.month(), date.day());
        }
        return QDateTime(date, parsed.time(), QTimeZone::utc());
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
    const std::optional<QDateTime> date = parseHttpDate(text, now);
    if (!date)
        return std::nullopt;
    const qint64 seconds = now.secsTo(*date);
    return int(std::clamp<qint64>(seconds, 0, 365LL * 24 * 3600));
}
