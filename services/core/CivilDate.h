#pragma once

#include <QtGlobal>

// Proleptic Gregorian calendar arithmetic on day counts since 1970-01-01, without QDate (the hot
// paths — reading a thousand timestamps per call-record page, writing a million CSV cells — cannot
// afford a QDateTime per value). Howard Hinnant's days_from_civil / civil_from_days, exact for
// every year a qint64 day count can hold.
namespace CivilDate {

struct Ymd
{
    qint64 year = 1970;
    unsigned month = 1; // 1-12
    unsigned day = 1; // 1-31
};

// Days since 1970-01-01 of year-month-day (negative before it). `month` 1-12, `day` 1-31.
constexpr qint64 daysFromCivil(qint64 year, unsigned month, unsigned day)
{
    year -= month <= 2 ? 1 : 0;
    const qint64 era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = unsigned(year - era * 400);
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

// The date `days` after 1970-01-01.
constexpr Ymd civilFromDays(qint64 days)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = unsigned(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return Ymd{qint64(yoe) + era * 400 + (month <= 2 ? 1 : 0), month, doy - (153 * mp + 2) / 5 + 1};
}

constexpr bool isLeapYear(qint64 year)
{
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

constexpr unsigned daysInMonth(qint64 year, unsigned month)
{
    constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : days[(month - 1) % 12];
}

// Floor division of milliseconds into whole days (correct before 1970 too).
constexpr qint64 dayOfMsecs(qint64 msecs)
{
    return msecs / 86400000 - ((msecs % 86400000 != 0) && (msecs < 0) ? 1 : 0);
}

} // namespace CivilDate
