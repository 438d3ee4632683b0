#pragma once

#include "table/RecordTable.h"

#include <QDate>
#include <QList>
#include <QLocale>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

#include <array>
#include <vector>

// Aggregates of call records for the Calls & costs page: the totals line under the table and the
// series behind the six charts. Computed from the rows the table shows (its filter and window),
// in one pass over the columns, so a million rows take a fraction of a second; pure functions,
// safe on a worker thread over a model snapshot. Columns are CdrStore::cdrSchema()'s.
namespace CdrStats {

struct Totals
{
    qint64 calls = 0;
    qint64 answered = 0;
    qint64 billedSeconds = 0;
    QMap<QString, qint64> costByCurrency; // minor units (cents) per ISO code

    double answerRate() const { return calls ? double(answered) / double(calls) : 0.0; }
    // "12,345 calls · 6,789 answered (55.0%) · 1,234 billed minutes · 123.45 USD + 12.00 EUR"
    QString describe(const QLocale &locale = QLocale()) const;
};

Totals totals(const RecordTable &table, const std::vector<int> &rows);

// Per-category money, one value per currency (a chart shows one series per currency).
struct MoneyByCategory
{
    QStringList categories; // ordered by total cost, descending
    QStringList currencies; // sorted
    QMap<QString, QVector<qint64>> cents; // currency → cents per category (same order)
};

struct Charts
{
    // Days of the window in the operator's local time, oldest first.
    QList<QDate> days;
    QStringList currencies;
    QMap<QString, QVector<qint64>> spendPerDay; // currency → cents per day
    QStringList dispositions; // sorted, ANSWERED first
    QMap<QString, QVector<int>> callsPerDay; // disposition → calls per day
    QVector<double> answerRatePerDay; // 0..1; negative for a day without calls
    MoneyByCategory costByCountry; // the costliest countries; the rest summed as "Other"
    std::array<int, 24> callsByHour{}; // local hour of day
    MoneyByCategory costBySipLine; // the costliest lines; the rest summed as "Other"
    qint64 rows = 0;
};

// `fromMs`/`tillMs`: the window (days without calls still get a bucket). `maxCountries`,
// `maxLines`: bars a chart shows at most; with more categories the costliest maxN − 1 are shown
// and the rest summed into one last bar, "Other" (0: no limit). Eight bars of two currencies
// still leave each bar a line of text at the page's default size.
Charts charts(const RecordTable &table, const std::vector<int> &rows, qint64 fromMs, qint64 tillMs,
              int maxCountries = 8, int maxLines = 8);

// The name of the bar that sums the categories beyond the top N.
QString otherCategory();

} // namespace CdrStats
