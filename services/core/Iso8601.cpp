#include "Iso8601.h"

#include "CivilDate.h"

namespace Iso8601 {

namespace {

// Reads fixed-width decimal fields left to right.
class Cursor
{
public:
    explicit Cursor(QStringView text) : m_text(text) { }

    bool atEnd() const { return m_at == m_text.size(); }
    char16_t peek() const { return atEnd() ? u'\0' : m_text[m_at].unicode(); }
    bool skip(char16_t c)
    {
        if (peek() != c)
            return false;
        ++m_at;
        return true;
    }
    // `count` digits as a number, or -1 (and nothing consumed).
    int digits(int count)
    {
        if (m_at + count > m_text.size())
            return -1;
        int value = 0;
        for (int i = 0; i < count; ++i) {
            const char16_t c = m_text[m_at + i].unicode();
            if (c < u'0' || c > u'9')
                return -1;
            value = value * 10 + (c - u'0');
        }
        m_at += count;
        return value;
    }
    // A fraction's digits after the separator, as milliseconds (further digits dropped); -1 when
    // there is none.
    int fractionMillis()
    {
        int millis = 0;
        int count = 0;
        while (!atEnd() && peek() >= u'0' && peek() <= u'9') {
            if (count < 3)
                millis = millis * 10 + (peek() - u'0');
            ++count;
            ++m_at;
        }
        if (count == 0)
            return -1;
        for (int i = count; i < 3; ++i)
            millis *= 10;
        return millis;
    }

private:
    QStringView m_text;
    qsizetype m_at = 0;
};

// The zone suffix as minutes east of UTC: Z, ±HH:MM, ±HHMM, ±HH; none (end of text) is UTC.
std::optional<int> readOffsetMinutes(Cursor &in)
{
    if (in.atEnd())
        return 0; // no zone: UTC (see the header)
    if (in.skip(u'Z') || in.skip(u'z'))
        return 0;
    const char16_t sign = in.peek();
    if (!in.skip(u'+') && !in.skip(u'-'))
        return std::nullopt;
    const int hours = in.digits(2);
    if (hours < 0 || hours > 23)
        return std::nullopt;
    int minutes = 0;
    if (!in.atEnd()) {
        in.skip(u':');
        minutes = in.digits(2);
        if (minutes < 0 || minutes > 59)
            return std::nullopt;
    }
    return (sign == u'+' ? 1 : -1) * (hours * 60 + minutes);
}

} // namespace

std::optional<qint64> toMsecs(QStringView text)
{
    Cursor in(text);
    const int year = in.digits(4);
    if (year < 0 || !in.skip(u'-'))
        return std::nullopt;
    const int month = in.digits(2);
    if (month < 1 || month > 12 || !in.skip(u'-'))
        return std::nullopt;
    const int day = in.digits(2);
    if (day < 1 || unsigned(day) > CivilDate::daysInMonth(year, unsigned(month)))
        return std::nullopt;
    const qint64 dayMs = CivilDate::daysFromCivil(year, unsigned(month), unsigned(day)) * 86400000;
    if (in.atEnd())
        return dayMs; // a date alone: its UTC midnight
    if (!in.skip(u'T') && !in.skip(u't') && !in.skip(u' '))
        return std::nullopt;
    const int hour = in.digits(2);
    if (hour < 0 || hour > 23 || !in.skip(u':'))
        return std::nullopt;
    const int minute = in.digits(2);
    if (minute < 0 || minute > 59)
        return std::nullopt;
    int second = 0;
    int millis = 0;
    if (in.skip(u':')) {
        second = in.digits(2);
        if (second < 0 || second > 59)
            return std::nullopt;
        if (in.skip(u'.') || in.skip(u',')) {
            millis = in.fractionMillis();
            if (millis < 0)
                return std::nullopt;
        }
    }
    const std::optional<int> offset = readOffsetMinutes(in);
    if (!offset || !in.atEnd())
        return std::nullopt;
    return dayMs + (qint64(hour) * 3600 + minute * 60 + second - qint64(*offset) * 60) * 1000 + millis;
}

QDateTime toDateTime(QStringView text)
{
    const std::optional<qint64> msecs = toMsecs(text);
    return msecs ? QDateTime::fromMSecsSinceEpoch(*msecs, Qt::UTC) : QDateTime();
}

} // namespace Iso8601
