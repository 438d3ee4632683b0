#include "CellFormat.h"

#include <QDateTime>

namespace CellFormat {

int currencyDecimals(const QString &isoCode)
{
    // ISO 4217 currencies without minor units that a calling/lead vendor may plausibly report.
    static const QStringList zeroDecimals = {
            QStringLiteral("BIF"), QStringLiteral("CLP"), QStringLiteral("DJF"), QStringLiteral("GNF"),
            QStringLiteral("ISK"), QStringLiteral("JPY"), QStringLiteral("KMF"), QStringLiteral("KRW"),
            QStringLiteral("PYG"), QStringLiteral("RWF"), QStringLiteral("UGX"), QStringLiteral("VND"),
            QStringLiteral("VUV"), QStringLiteral("XAF"), QStringLiteral("XOF"), QStringLiteral("XPF"),
    };
    return zeroDecimals.contains(isoCode, Qt::CaseInsensitive) ? 0 : 2;
}

namespace {

double amount(qint64 minorUnits, int decimals)
{
    return decimals == 0 ? double(minorUnits) : double(minorUnits) / 100.0;
}

} // namespace

QString money(qint64 minorUnits, const QString &isoCode, const QLocale &locale)
{
    const int decimals = currencyDecimals(isoCode);
    const QString number = locale.toString(amount(minorUnits, decimals), 'f', decimals);
    return isoCode.isEmpty() ? number : number + QLatin1Char(' ') + isoCode;
}

QString moneyPlain(qint64 minorUnits, const QString &isoCode)
{
    const int decimals = currencyDecimals(isoCode);
    if (decimals == 0)
        return QString::number(minorUnits);
    const quint64 magnitude = minorUnits < 0 ? quint64(0) - quint64(minorUnits) : quint64(minorUnits);
    return (minorUnits < 0 ? QStringLiteral("-") : QString()) + QString::number(magnitude / 100) +
            QLatin1Char('.') + QStringLiteral("%1").arg(magnitude % 100, 2, 10, QLatin1Char('0'));
}

QString duration(qint64 seconds)
{
    const quint64 magnitude = seconds < 0 ? quint64(0) - quint64(seconds) : quint64(seconds);
    return (seconds < 0 ? QStringLiteral("-") : QString()) + QString::number(magnitude / 3600) +
            QLatin1Char(':') + QStringLiteral("%1").arg((magnitude / 60) % 60, 2, 10, QLatin1Char('0')) +
            QLatin1Char(':') + QStringLiteral("%1").arg(magnitude % 60, 2, 10, QLatin1Char('0'));
}

QString dateTime(qint64 msecsSinceEpochUtc, const QLocale &locale)
{
    return locale.toString(QDateTime::fromMSecsSinceEpoch(msecsSinceEpochUtc, Qt::LocalTime),
                           QLocale::ShortFormat);
}

QString dateTimeLong(qint64 msecsSinceEpochUtc, const QLocale &locale)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(msecsSinceEpochUtc, Qt::LocalTime);
    return locale.toString(local, QStringLiteral("yyyy-MM-dd HH:mm:ss t"));
}

} // namespace CellFormat
