#include "JsonRead.h"

#include <QJsonValue>

namespace JsonRead {

QString string(const QJsonObject &object, const char *key, int numberDigits)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', numberDigits);
    return {};
}

int integer(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isDouble())
        return value.toInt();
    if (value.isString())
        return value.toString().toInt();
    return 0;
}

qint64 int64(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isDouble())
        return qint64(value.toDouble());
    if (value.isString())
        return value.toString().toLongLong();
    return 0;
}

bool boolean(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isBool())
        return value.toBool();
    if (value.isString())
        return value.toString() == QLatin1String("true");
    return false;
}

std::optional<double> optionalNumber(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isDouble())
        return value.toDouble();
    return std::nullopt;
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

// `count` digits at `at`, or -1.
int digits(QStringView text, qsizetype at, int count)
{
    if (at + count > text.size())
        return -1;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[at + i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

// "YYYY-MM-DDTHH:MM:SS[.mmm](Z|±HH:MM|±HHMM)"; nothing for any other form.
std::optional<qint64> fastIsoMsecs(QStringView t)
{
    const int year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
    const int hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 ||
        minute > 59 || second < 0 || second > 59 || t[4] != u'-' || t[7] != u'-' ||
        (t[10] != u'T' && t[10] != u't') || t[13] != u':' || t[16] != u':')
        return std::nullopt;
    if (day > QDate(year, month, 1).daysInMonth())
        return std::nullopt;
    qsizetype at = 19;
    int millis = 0;
    if (at < t.size() && t[at] == u'.') {
        millis = digits(t, at + 1, 3);
        if (millis < 0)
            return std::nullopt;
        at += 4;
    }
    qint64 offsetMinutes = 0;
    if (at + 1 == t.size() && (t[at] == u'Z' || t[at] == u'z')) {
        at += 1;
    } else if (at < t.size() && (t[at] == u'+' || t[at] == u'-')) {
        const bool colon = at + 6 == t.size() && t[at + 3] == u':';
        if (!colon && at + 5 != t.size())
            return std::nullopt;
        const int oh = digits(t, at + 1, 2), om = digits(t, at + (colon ? 4 : 3), 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59)
            return std::nullopt;
        offsetMinutes = (t[at] == u'+' ? 1 : -1) * (oh * 60 + om);
        at = t.size();
    } else {
        return std::nullopt; // no zone (local time) or something else: QDateTime decides
    }
    if (at != t.size())
        return std::nullopt;
    const qint64 seconds = daysFromCivil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 +
            minute * 60 + second - offsetMinutes * 60;
    return seconds * 1000 + millis;
}

} // namespace

std::optional<qint64> isoMsecs(QStringView text)
{
    if (const std::optional<qint64> fast = fastIsoMsecs(text))
        return fast;
    const QString copy = text.toString();
    QDateTime time = QDateTime::fromString(copy, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(copy, Qt::ISODate);
    if (!time.isValid())
        return std::nullopt;
    return time.toMSecsSinceEpoch();
}

QDateTime isoTime(const QString &text)
{
    const std::optional<qint64> msecs = isoMsecs(text);
    return msecs ? QDateTime::fromMSecsSinceEpoch(*msecs, Qt::UTC) : QDateTime();
}

} // namespace JsonRead
