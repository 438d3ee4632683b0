#include "ChartStyle.h"

#include "stats/ChartScale.h"

#include <QCategoryAxis>
#include <QChart>
#include <QFontMetricsF>
#include <QLegend>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <memory>
#include <vector>

namespace ChartStyle {

namespace {

// Okabe & Ito, "Color Universal Design" (2008), without its black (the text colour).
const QRgb kOkabeIto[] = {0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9, 0xF0E442};

const Qt::BrushStyle kPatterns[] = {Qt::SolidPattern,     Qt::BDiagPattern, Qt::Dense6Pattern,
                                    Qt::CrossPattern,     Qt::FDiagPattern, Qt::HorPattern,
                                    Qt::DiagCrossPattern, Qt::VerPattern};

const Qt::PenStyle kPenStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine,
                                   Qt::DashDotDotLine};

double luminance(const QColor &color)
{
    const auto channel = [](double c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = color.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) + 0.0722 * channel(rgb.blueF());
}

QColor mix(const QColor &a, const QColor &b, double share)
{
    return QColor::fromRgbF(float(a.redF() * (1 - share) + b.redF() * share),
                            float(a.greenF() * (1 - share) + b.greenF() * share),
                            float(a.blueF() * (1 - share) + b.blueF() * share));
}

} // namespace

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor background(const QPalette &palette)
{
    return palette.color(QPalette::Window);
}

QColor seriesColor(int index, const QPalette &palette)
{
    const QColor back = background(palette);
    QColor color = QColor::fromRgb(kOkabeIto[size_t(index) % std::size(kOkabeIto)]);
    // Away from the background's lightness, in small steps that keep the hue.
    const bool darkBackground = back.lightnessF() < 0.5;
    float h, s, l, a;
    color.getHslF(&h, &s, &l, &a);
    while (contrast(color, back) < 3.0 && l > 0.02f && l < 0.98f) {
        l += darkBackground ? 0.02f : -0.02f;
        color = QColor::fromHslF(h, s, std::clamp(l, 0.0f, 1.0f), a);
    }
    return color;
}

QBrush seriesBrush(int index, const QPalette &palette)
{
    const QColor color = seriesColor(index, palette);
    const Qt::BrushStyle pattern = kPatterns[size_t(index) % std::size(kPatterns)];
    if (pattern == Qt::SolidPattern)
        return QBrush(color);
    QPixmap tile(16, 16);
    tile.fill(color);
    QPainter painter(&tile);
    // The pattern in the background colour, half blended: visible on the fill, never louder.
    painter.fillRect(tile.rect(), QBrush(mix(color, background(palette), 0.65), pattern));
    painter.end();
    return QBrush(tile);
}

Qt::PenStyle penStyle(int index)
{
    return kPenStyles[size_t(index) % std::size(kPenStyles)];
}

void apply(QChart *chart, const QPalette &palette)
{
    const QColor back = background(palette);
    const QColor text = palette.color(QPalette::WindowText);
    chart->setBackgroundBrush(back);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setBackgroundRoundness(0);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setLocalizeNumbers(true); // "12,500", not "12500"
    chart->setLocale(QLocale());
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    chart->legend()->setBorderColor(Qt::transparent);
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsBrush(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(mix(back, text, 0.55));
        axis->setGridLineColor(mix(back, text, 0.18));
        axis->setShadesVisible(false);
        axis->setMinorGridLineVisible(false);
    }
}

QValueAxis *valueAxis(const QString &title, double maxValue, int maxIntervals)
{
    const ChartScale::Ticks ticks = ChartScale::niceTicks(maxValue, maxIntervals);
    auto *axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setRange(0, ticks.max);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(ticks.step);
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(ticks.decimals()));
    return axis;
}

QCategoryAxis *indexAxis(QChart *chart, const QString &title, const QStringList &labels,
                         const std::vector<int> &steps)
{
    auto *axis = new QCategoryAxis;
    axis->setTitleText(title);
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const int count = int(labels.size());
    // Half a category beyond the first and last: bars get their full width, end labels room.
    const double pad = 0.5;
    axis->setRange(-pad, std::max(0, count - 1) + pad);
    auto current = std::make_shared<int>(0);
    const std::vector<int> allowed = steps;
    const auto relabel = [axis, chart, labels, allowed, current, count] {
        const QFontMetricsF metrics(axis->labelsFont());
        double widest = 0;
        for (const QString &label : labels)
            widest = std::max(widest, metrics.horizontalAdvance(label));
        const double width = chart->plotArea().width() > 0 ? chart->plotArea().width() : 400;
        // A label's width and an em of space between neighbours.
        const int fitting = int(width / (widest + metrics.height()));
        const int step = ChartScale::labelStep(count, fitting, allowed);
        if (step == *current)
            return;
        *current = step;
        for (const QString &old : axis->categoriesLabels())
            axis->remove(old);
        for (int i = 0; i < count; i += step)
            axis->append(labels.at(i), i);
    };
    relabel();
    QObject::connect(chart, &QChart::plotAreaChanged, axis, relabel);
    return axis;
}

} // namespace ChartStyle
