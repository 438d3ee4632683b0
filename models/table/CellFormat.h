#pragma once

#include <QLocale>
#include <QString>

// How the console shows values, shared by the table model, the totals lines and charts of the
// features, so a cost reads the same everywhere.
namespace CellFormat {

// Digits after the decimal point of an ISO 4217 currency (JPY, KRW... have none; default 2).
int currencyDecimals(const QString &isoCode);
// "12.34 USD" (locale digits, no grouping surprises for negative values: "-0.05 EUR").
QString money(qint64 minorUnits, const QString &isoCode, const QLocale &locale = QLocale());
// The amount alone, "12.34", C locale: what CSV files carry.
QString moneyPlain(qint64 minorUnits, const QString &isoCode);
// h:mm:ss ("0:01:21", "27:03:09"); negative values get a leading '-'.
QString duration(qint64 seconds);
// Local time, the locale's short format.
QString dateTime(qint64 msecsSinceEpochUtc, const QLocale &locale = QLocale());
// Local time with seconds and the zone, for tool tips.
QString dateTimeLong(qint64 msecsSinceEpochUtc, const QLocale &locale = QLocale());

} // namespace CellFormat
