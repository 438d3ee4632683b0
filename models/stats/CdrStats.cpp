#include "CdrStats.h"

#include "store/CdrStore.h"
#include "table/CellFormat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

#include <algorithm>

namespace CdrStats {

namespace {

constexpr qint64 msPerDay = 24LL * 3600 * 1000;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// Code of "ANSWERED" in the disposition dictionary, or -1.
qint64 answeredCode(const RecordTable &table)
{
    return table.findCategory(CdrStore::Disposition, QByteArrayView("ANSWERED"));
}

// Local time without a time zone lookup per row: the UTC offset of each UTC day, computed once.
class LocalClock
{
public:
    LocalClock(qint64 fromMs, qint64 tillMs)
        : m_firstDay(floorDiv(fromMs, msPerDay) - 1),
          m_offsets(size_t(qMax<qint64>(0, floorDiv(tillMs, msPerDay) - m_firstDay + 2)))
    {
        const QTimeZone zone = QTimeZone::systemTimeZone();
        for (size_t i = 0; i < m_offsets.size(); ++i) {
            const QDateTime noon = QDateTime::fromMSecsSinceEpoch(
                    (m_firstDay + qint64(i)) * msPerDay + msPerDay / 2, Qt::UTC);
            m_offsets[i] = qint64(zone.offsetFromUtc(noon)) * 1000;
        }
    }
    qint64 toLocal(qint64 ms) const
    {
        const qint64 index = floorDiv(ms, msPerDay) - m_firstDay;
        if (index < 0 || index >= qint64(m_offsets.size()))
            return ms + QDateTime::fromMSecsSinceEpoch(ms).offsetFromUtc() * 1000LL;
        return ms + m_offsets[size_t(index)];
    }

private:
    qint64 m_firstDay;
    std::vector<qint64> m_offsets;
};

MoneyByCategory moneyByCategory(const RecordTable &table, int categoryColumn,
                                const std::vector<std::vector<qint64>> &centsByCurrencyByCode,
                                int maxCategories)
{
    // centsByCurrencyByCode[currencyCode][categoryCode]
    MoneyByCategory result;
    const int categoryCount = table.categoryCount(categoryColumn);
    std::vector<qint64> total(size_t(categoryCount), 0);
    std::vector<bool> used(size_t(categoryCount), false);
    for (const auto &perCategory : centsByCurrencyByCode) {
        for (int c = 0; c < categoryCount && c < int(perCategory.size()); ++c)
            total[size_t(c)] += perCategory[size_t(c)];
    }
    QList<int> order;
    for (int c = 0; c < categoryCount; ++c)
        order.append(c);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return total[size_t(a)] != total[size_t(b)] ? total[size_t(a)] > total[size_t(b)]
                                                    : table.categoryText(categoryColumn, quint32(a)) <
                        table.categoryText(categoryColumn, quint32(b));
    });
    while (!order.isEmpty() && total[size_t(order.last())] == 0)
        order.removeLast();
    const bool grouped = maxCategories > 0 && order.size() > maxCategories;
    const QList<int> shown = grouped ? order.mid(0, maxCategories - 1) : order;
    for (int c : shown)
        result.categories.append(table.categoryText(categoryColumn, quint32(c)));
    if (grouped)
        result.categories.append(otherCategory());

    for (int cur = 0; cur < int(centsByCurrencyByCode.size()); ++cur) {
        const auto &perCategory = centsByCurrencyByCode[size_t(cur)];
        QVector<qint64> values;
        qint64 other = 0, sum = 0;
        for (int c : shown)
            values.append(c < int(perCategory.size()) ? perCategory[size_t(c)] : 0);
        if (grouped) {
            for (int i = int(shown.size()); i < order.size(); ++i)
                other += order[i] < int(perCategory.size()) ? perCategory[size_t(order[i])] : 0;
            values.append(other);
        }
        for (qint64 v : values)
            sum += v;
        if (sum == 0)
            continue;
        const QString currency = table.categoryText(CdrStore::Currency, quint32(cur));
        result.currencies.append(currency);
        result.cents.insert(currency, values);
    }
    result.currencies.sort();
    return result;
}

} // namespace

QString otherCategory()
{
    return QCoreApplication::translate("CdrStats", "Other");
}

QString Totals::describe(const QLocale &locale) const
{
    QStringList money;
    for (auto it = costByCurrency.cbegin(); it != costByCurrency.cend(); ++it)
        money.append(CellFormat::money(it.value(), it.key(), locale));
    QString text = QStringLiteral("%1 calls · %2 answered (%3%) · %4 billed minutes")
                           .arg(locale.toString(calls), locale.toString(answered),
                                locale.toString(answerRate() * 100.0, 'f', 1),
                                locale.toString((billedSeconds + 59) / 60));
    text += QStringLiteral(" · ") +
            (money.isEmpty() ? QStringLiteral("no cost") : money.join(QStringLiteral(" + ")));
    return text;
}

Totals totals(const RecordTable &table, const std::vector<int> &rows)
{
    Totals result;
    if (table.columnCount() != CdrStore::ColumnCount)
        return result;
    const qint64 answered = answeredCode(table);
    const auto &disposition = table.columnData(CdrStore::Disposition).codes;
    const auto &billsec = table.columnData(CdrStore::Billsec).ints;
    const auto &cost = table.columnData(CdrStore::Cost).ints;
    const auto &currency = table.columnData(CdrStore::Currency).codes;
    std::vector<qint64> perCurrency(size_t(table.categoryCount(CdrStore::Currency)), 0);
    for (const int row : rows) {
        const size_t r = size_t(row);
        ++result.calls;
        if (answered >= 0 && !table.isNull(row, CdrStore::Disposition) && disposition[r] == quint32(answered))
            ++result.answered;
        result.billedSeconds += billsec[r];
        if (!perCurrency.empty() && !table.isNull(row, CdrStore::Currency))
            perCurrency[currency[r]] += cost[r];
    }
    for (size_t c = 0; c < perCurrency.size(); ++c) {
        if (perCurrency[c] != 0)
            result.costByCurrency.insert(table.categoryText(CdrStore::Currency, quint32(c)), perCurrency[c]);
    }
    return result;
}

Charts charts(const RecordTable &table, const std::vector<int> &rows, qint64 fromMs, qint64 tillMs,
              int maxCountries, int maxLines)
{
    Charts result;
    result.rows = qint64(rows.size());
    if (table.columnCount() != CdrStore::ColumnCount || tillMs <= fromMs)
        return result;

    const LocalClock clock(fromMs, tillMs);
    const qint64 firstLocalDay = floorDiv(clock.toLocal(fromMs), msPerDay);
    const qint64 lastLocalDay = floorDiv(clock.toLocal(tillMs - 1), msPerDay);
    const int dayCount = int(qBound(qint64(1), lastLocalDay - firstLocalDay + 1, qint64(3660)));
    for (int d = 0; d < dayCount; ++d)
        result.days.append(QDate(1970, 1, 1).addDays(firstLocalDay + d));

    const int currencies = table.categoryCount(CdrStore::Currency);
    const int dispositions = table.categoryCount(CdrStore::Disposition);
    const int countries = table.categoryCount(CdrStore::Country);
    const int lines = table.categoryCount(CdrStore::SipUsername);
    std::vector<std::vector<qint64>> spend(size_t(currencies), std::vector<qint64>(size_t(dayCount), 0));
    std::vector<std::vector<int>> calls(size_t(dispositions), std::vector<int>(size_t(dayCount), 0));
    std::vector<int> dayCalls(size_t(dayCount), 0), dayAnswered(size_t(dayCount), 0);
    std::vector<std::vector<qint64>> byCountry(size_t(currencies), std::vector<qint64>(size_t(countries), 0));
    std::vector<std::vector<qint64>> byLine(size_t(currencies), std::vector<qint64>(size_t(lines), 0));

    const qint64 answered = answeredCode(table);
    const auto &start = table.columnData(CdrStore::StartTime).ints;
    const auto &cost = table.columnData(CdrStore::Cost).ints;
    const auto &currency = table.columnData(CdrStore::Currency).codes;
    const auto &disposition = table.columnData(CdrStore::Disposition).codes;
    const auto &country = table.columnData(CdrStore::Country).codes;
    const auto &line = table.columnData(CdrStore::SipUsername).codes;
    const bool anyNullCategory = !table.columnData(CdrStore::Currency).nulls.empty() ||
            !table.columnData(CdrStore::Disposition).nulls.empty() ||
            !table.columnData(CdrStore::Country).nulls.empty() ||
            !table.columnData(CdrStore::SipUsername).nulls.empty();

    for (const int row : rows) {
        const size_t r = size_t(row);
        const qint64 local = clock.toLocal(start[r]);
        const qint64 day = floorDiv(local, msPerDay) - firstLocalDay;
        const int hour = int((local - floorDiv(local, msPerDay) * msPerDay) / 3600000);
        ++result.callsByHour[size_t(qBound(0, hour, 23))];
        const bool hasCurrency = !anyNullCategory || !table.isNull(row, CdrStore::Currency);
        const bool hasDisposition = !anyNullCategory || !table.isNull(row, CdrStore::Disposition);
        const bool inWindow = day >= 0 && day < dayCount;
        if (inWindow) {
            ++dayCalls[size_t(day)];
            if (hasCurrency)
                spend[currency[r]][size_t(day)] += cost[r];
            if (hasDisposition) {
                ++calls[disposition[r]][size_t(day)];
                if (answered >= 0 && disposition[r] == quint32(answered))
                    ++dayAnswered[size_t(day)];
            }
        }
        if (hasCurrency) {
            if (!anyNullCategory || !table.isNull(row, CdrStore::Country))
                byCountry[currency[r]][country[r]] += cost[r];
            if (!anyNullCategory || !table.isNull(row, CdrStore::SipUsername))
                byLine[currency[r]][line[r]] += cost[r];
        }
    }

    for (int c = 0; c < currencies; ++c) {
        const auto &perDay = spend[size_t(c)];
        if (std::all_of(perDay.cbegin(), perDay.cend(), [](qint64 v) { return v == 0; }))
            continue;
        const QString code = table.categoryText(CdrStore::Currency, quint32(c));
        result.currencies.append(code);
        result.spendPerDay.insert(code, QVector<qint64>(perDay.cbegin(), perDay.cend()));
    }
    result.currencies.sort();
    for (int d = 0; d < dispositions; ++d) {
        const auto &perDay = calls[size_t(d)];
        if (std::all_of(perDay.cbegin(), perDay.cend(), [](int v) { return v == 0; }))
            continue;
        const QString name = table.categoryText(CdrStore::Disposition, quint32(d));
        result.dispositions.append(name);
        result.callsPerDay.insert(name, QVector<int>(perDay.cbegin(), perDay.cend()));
    }
    std::sort(result.dispositions.begin(), result.dispositions.end(), [](const QString &a, const QString &b) {
        const bool aAnswered = a == QLatin1String("ANSWERED"), bAnswered = b == QLatin1String("ANSWERED");
        return aAnswered != bAnswered ? aAnswered : a < b;
    });
    for (int d = 0; d < dayCount; ++d)
        result.answerRatePerDay.append(
                dayCalls[size_t(d)] ? double(dayAnswered[size_t(d)]) / dayCalls[size_t(d)] : -1.0);
    result.costByCountry = moneyByCategory(table, CdrStore::Country, byCountry, maxCountries);
    result.costBySipLine = moneyByCategory(table, CdrStore::SipUsername, byLine, maxLines);
    return result;
}

} // namespace CdrStats
