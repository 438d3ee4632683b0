#include "CdrChartsView.h"

#include "table/CellFormat.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QFileDialog>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QShowEvent>
#include <QStackedBarSeries>
#include <QStandardPaths>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace {

// Told apart without colour: line styles for lines, fill patterns for bars.
const Qt::PenStyle kPenStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine,
                                   Qt::DashDotDotLine};
const Qt::BrushStyle kBrushStyles[] = {Qt::SolidPattern,     Qt::BDiagPattern, Qt::Dense4Pattern,
                                       Qt::CrossPattern,     Qt::FDiagPattern, Qt::HorPattern,
                                       Qt::DiagCrossPattern, Qt::VerPattern};

double units(qint64 cents, const QString &currency)
{
    return double(cents) / std::pow(10.0, CellFormat::currencyDecimals(currency));
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

void showTip(const QString &text)
{
    QToolTip::showText(QCursor::pos(), text);
}

QChart *newChart(const QString &title, const QPalette &palette)
{
    auto *chart = new QChart;
    chart->setTheme(isDark(palette) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

QString dayLabel(const QDate &day)
{
    return QLocale().toString(day, QStringLiteral("d MMM"));
}

void styleBarSet(QBarSet *set, int index)
{
    QBrush brush = set->brush();
    brush.setStyle(kBrushStyles[index % int(std::size(kBrushStyles))]);
    set->setBrush(brush);
    set->setBorderColor(set->color().darker(140));
}

// The time axis of a per-day line chart, spanning the window's days.
QDateTimeAxis *dayAxis(const QString &title, const QList<QDate> &days)
{
    auto *axis = new QDateTimeAxis;
    axis->setFormat(QStringLiteral("d MMM"));
    axis->setTitleText(title);
    if (!days.isEmpty()) {
        axis->setRange(days.first().startOfDay(), days.last().startOfDay());
        axis->setTickCount(qMin(8, int(days.size()) + 1));
    }
    return axis;
}

QValueAxis *valueAxis(const QString &title, const QString &labelFormat)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setLabelFormat(labelFormat);
    return axis;
}

QBarCategoryAxis *categoryAxis(const QString &title, const QStringList &categories)
{
    auto *axis = new QBarCategoryAxis;
    axis->append(categories);
    axis->setTitleText(title);
    return axis;
}

// Puts the axes on the chart and ties every series already added to both.
void placeAxes(QChart *chart, QAbstractAxis *bottom, QAbstractAxis *left)
{
    chart->addAxis(bottom, Qt::AlignBottom);
    chart->addAxis(left, Qt::AlignLeft);
    for (QAbstractSeries *series : chart->series()) {
        series->attachAxis(bottom);
        series->attachAxis(left);
    }
}

} // namespace

CdrChartsView::CdrChartsView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("callsCharts"));
    auto *layout = new QVBoxLayout(this);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("callsChartsStatus"));
    layout->addWidget(m_status);
    auto *grid = new QGridLayout;
    layout->addLayout(grid, 1);
    for (int i = 0; i < ChartCount; ++i) {
        auto *cell = new QWidget;
        auto *cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        auto *view = new QChartView;
        view->setObjectName(QStringLiteral("callsChart%1").arg(i));
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(320, 220);
        view->setAccessibleName(title(Chart(i)));
        cellLayout->addWidget(view, 1);
        auto *save = new QPushButton(tr("Save as PNG…"));
        save->setObjectName(QStringLiteral("callsChartSave%1").arg(i));
        save->setAccessibleName(tr("Save “%1” as PNG").arg(title(Chart(i))));
        connect(save, &QPushButton::clicked, this, [this, i] { askAndSave(Chart(i)); });
        cellLayout->addWidget(save, 0, Qt::AlignRight);
        grid->addWidget(cell, i / 2, i % 2);
        m_views.append(view);
    }
    m_buildTimer = new QTimer(this);
    m_buildTimer->setSingleShot(true);
    m_buildTimer->setInterval(0);
    connect(m_buildTimer, &QTimer::timeout, this, &CdrChartsView::buildNext);
    m_stale.fill(false);
    setAllStale(); // the empty charts, titled, built when first shown
}

QString CdrChartsView::title(Chart chart) const
{
    switch (chart) {
    case SpendPerDay:
        return tr("Spend per day");
    case CallsPerDay:
        return tr("Calls per day by result");
    case AnswerRate:
        return tr("Answer rate per day");
    case CostByCountry:
        return tr("Cost by country");
    case CallsByHour:
        return tr("Calls by hour of day");
    case CostBySipLine:
        return tr("Cost per SIP line");
    case ChartCount:
        break;
    }
    return {};
}

void CdrChartsView::setData(const CdrStats::Charts &data)
{
    m_data = data;
    m_announce = true;
    setAllStale();
}

void CdrChartsView::setBusy(bool busy)
{
    m_status->setText(busy ? tr("Recomputing the charts…")
                           : tr("%n call(s) shown, following the table's filter and window.", nullptr,
                                int(m_data.rows)));
}

QString CdrChartsView::description(Chart chart) const
{
    const QLocale locale;
    switch (chart) {
    case SpendPerDay: {
        QStringList parts;
        for (const QString &currency : m_data.currencies) {
            const QVector<qint64> perDay = m_data.spendPerDay.value(currency);
            qint64 total = 0, best = 0;
            int bestDay = -1;
            for (int d = 0; d < perDay.size(); ++d) {
                total += perDay[d];
                if (perDay[d] > best) {
                    best = perDay[d];
                    bestDay = d;
                }
            }
            QString text = tr("%1 in total").arg(CellFormat::money(total, currency, locale));
            if (bestDay >= 0)
                text += tr(", most on %1 (%2)")
                                .arg(locale.toString(m_data.days.value(bestDay), QLocale::ShortFormat),
                                     CellFormat::money(best, currency, locale));
            parts << text;
        }
        return parts.isEmpty() ? tr("No spend in this window.") : parts.join(QStringLiteral("; "));
    }
    case CallsPerDay: {
        QStringList parts;
        for (const QString &disposition : m_data.dispositions) {
            int total = 0;
            for (int v : m_data.callsPerDay.value(disposition))
                total += v;
            parts << QStringLiteral("%1 %2").arg(locale.toString(total), disposition);
        }
        return parts.isEmpty() ? tr("No calls in this window.") : parts.join(QStringLiteral(", "));
    }
    case AnswerRate: {
        double sum = 0;
        int days = 0;
        for (double rate : m_data.answerRatePerDay) {
            if (rate >= 0) {
                sum += rate;
                ++days;
            }
        }
        return days ? tr("%1% answered on average over %2 days with calls")
                              .arg(locale.toString(100 * sum / days, 'f', 1), locale.toString(days))
                    : tr("No calls in this window.");
    }
    case CostByCountry:
    case CostBySipLine: {
        const CdrStats::MoneyByCategory &money =
                chart == CostByCountry ? m_data.costByCountry : m_data.costBySipLine;
        if (money.categories.isEmpty())
            return tr("No cost in this window.");
        QStringList parts;
        for (const QString &currency : money.currencies)
            parts << tr("%1 first with %2")
                             .arg(money.categories.first(),
                                  CellFormat::money(money.cents.value(currency).value(0), currency, locale));
        return tr("%n group(s); ", nullptr, int(money.categories.size())) + parts.join(QStringLiteral("; "));
    }
    case CallsByHour: {
        int best = 0;
        for (int h = 1; h < 24; ++h)
            if (m_data.callsByHour[size_t(h)] > m_data.callsByHour[size_t(best)])
                best = h;
        return m_data.rows ? tr("Busiest hour %1:00–%1:59 with %2 calls")
                                     .arg(best, 2, 10, QLatin1Char('0'))
                                     .arg(locale.toString(m_data.callsByHour[size_t(best)]))
                           : tr("No calls in this window.");
    }
    case ChartCount:
        break;
    }
    return {};
}

QChart *CdrChartsView::buildChart(Chart which) const
{
    const QPalette pal = palette();
    switch (which) {
    case SpendPerDay: {
        // One line per currency.
        QChart *chart = newChart(title(SpendPerDay), pal);
        double maxValue = 0;
        int index = 0;
        for (const QString &currency : m_data.currencies) {
            auto *series = new QLineSeries;
            series->setName(currency);
            const QVector<qint64> perDay = m_data.spendPerDay.value(currency);
            for (int d = 0; d < perDay.size() && d < m_data.days.size(); ++d) {
                const double value = units(perDay[d], currency);
                maxValue = qMax(maxValue, value);
                series->append(double(m_data.days[d].startOfDay().toMSecsSinceEpoch()), value);
            }
            QPen pen = series->pen();
            pen.setStyle(kPenStyles[index++ % int(std::size(kPenStyles))]);
            pen.setWidthF(2);
            series->setPen(pen);
            series->setPointsVisible(perDay.size() <= 62);
            chart->addSeries(series);
            connect(series, &QLineSeries::hovered, this, [currency](const QPointF &point, bool state) {
                if (state)
                    showTip(QStringLiteral("%1: %2 %3")
                                    .arg(QLocale().toString(
                                                 QDateTime::fromMSecsSinceEpoch(qint64(point.x())).date(),
                                                 QLocale::ShortFormat),
                                         QLocale().toString(point.y(), 'f', 2), currency));
            });
        }
        QValueAxis *y = valueAxis(tr("Spend"), QStringLiteral("%.2f"));
        y->setRange(0, maxValue > 0 ? maxValue * 1.1 : 1);
        placeAxes(chart, dayAxis(tr("Day"), m_data.days), y);
        return chart;
    }
    case CallsPerDay: {
        // Stacked by result.
        QChart *chart = newChart(title(CallsPerDay), pal);
        auto *series = new QStackedBarSeries;
        int index = 0;
        for (const QString &disposition : m_data.dispositions) {
            auto *set = new QBarSet(disposition);
            for (int v : m_data.callsPerDay.value(disposition))
                *set << v;
            series->append(set);
            styleBarSet(set, index++);
            connect(set, &QBarSet::hovered, this, [this, disposition, set](bool state, int i) {
                if (state)
                    showTip(QStringLiteral("%1 · %2: %3")
                                    .arg(QLocale().toString(m_data.days.value(i), QLocale::ShortFormat),
                                         disposition, QLocale().toString(int(set->at(i)))));
            });
        }
        chart->addSeries(series);
        QStringList dayLabels;
        for (const QDate &day : m_data.days)
            dayLabels << dayLabel(day);
        QBarCategoryAxis *x = categoryAxis(tr("Day"), dayLabels);
        x->setLabelsAngle(-90);
        placeAxes(chart, x, valueAxis(tr("Calls"), QStringLiteral("%d")));
        return chart;
    }
    case AnswerRate: {
        QChart *chart = newChart(title(AnswerRate), pal);
        auto *series = new QLineSeries;
        series->setName(tr("Answered %"));
        for (int d = 0; d < m_data.answerRatePerDay.size() && d < m_data.days.size(); ++d) {
            if (m_data.answerRatePerDay[d] >= 0)
                series->append(double(m_data.days[d].startOfDay().toMSecsSinceEpoch()),
                               100 * m_data.answerRatePerDay[d]);
        }
        series->setPointsVisible(true);
        chart->addSeries(series);
        QValueAxis *y = valueAxis(tr("Answered (%)"), QStringLiteral("%d%%"));
        y->setRange(0, 100);
        placeAxes(chart, dayAxis(tr("Day"), m_data.days), y);
        connect(series, &QLineSeries::hovered, this, [](const QPointF &point, bool state) {
            if (state)
                showTip(QStringLiteral("%1: %2% answered")
                                .arg(QLocale().toString(
                                             QDateTime::fromMSecsSinceEpoch(qint64(point.x())).date(),
                                             QLocale::ShortFormat),
                                     QLocale().toString(point.y(), 'f', 1)));
        });
        return chart;
    }
    case CostByCountry:
    case CostBySipLine: {
        // Money per category: horizontal bars, one set per currency, labelled.
        const CdrStats::MoneyByCategory &money =
                which == CostByCountry ? m_data.costByCountry : m_data.costBySipLine;
        QChart *chart = newChart(title(which), pal);
        auto *series = new QHorizontalBarSeries;
        int index = 0;
        double maxValue = 0;
        for (const QString &currency : money.currencies) {
            auto *set = new QBarSet(currency);
            for (qint64 cents : money.cents.value(currency)) {
                *set << units(cents, currency);
                maxValue = qMax(maxValue, units(cents, currency));
            }
            styleBarSet(set, index++);
            series->append(set);
            const QStringList categories = money.categories;
            connect(set, &QBarSet::hovered, this, [categories, currency, set](bool state, int i) {
                if (state)
                    showTip(QStringLiteral("%1: %2 %3")
                                    .arg(categories.value(i), QLocale().toString(set->at(i), 'f', 2),
                                         currency));
            });
        }
        // Values beside the bars, in the chart's text colour: readable on any fill pattern.
        series->setLabelsVisible(true);
        series->setLabelsFormat(QStringLiteral("@value"));
        series->setLabelsPrecision(6);
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        for (QBarSet *set : series->barSets())
            set->setLabelColor(pal.color(QPalette::WindowText));
        chart->addSeries(series);
        QValueAxis *cost = valueAxis(tr("Cost"), QStringLiteral("%.0f"));
        cost->setRange(0, maxValue > 0 ? maxValue * 1.2 : 1); // room for the labels
        placeAxes(chart, cost,
                  categoryAxis(which == CostByCountry ? tr("Country") : tr("SIP line"), money.categories));
        return chart;
    }
    case CallsByHour: {
        QChart *chart = newChart(title(CallsByHour), pal);
        auto *set = new QBarSet(tr("Calls"));
        QStringList hours;
        for (int h = 0; h < 24; ++h) {
            *set << m_data.callsByHour[size_t(h)];
            hours << QStringLiteral("%1").arg(h, 2, 10, QLatin1Char('0'));
        }
        styleBarSet(set, 0);
        auto *series = new QBarSeries;
        series->append(set);
        chart->addSeries(series);
        chart->legend()->hide();
        placeAxes(chart, categoryAxis(tr("Hour of day (local time)"), hours),
                  valueAxis(tr("Calls"), QStringLiteral("%d")));
        connect(set, &QBarSet::hovered, this, [set](bool state, int i) {
            if (state)
                showTip(QStringLiteral("%1:00–%1:59: %2 calls")
                                .arg(i, 2, 10, QLatin1Char('0'))
                                .arg(QLocale().toString(int(set->at(i)))));
        });
        return chart;
    }
    case ChartCount:
        break;
    }
    return nullptr;
}

void CdrChartsView::install(Chart which)
{
    m_stale[which] = false;
    QChartView *view = m_views[which];
    QChart *old = view->chart();
    view->setChart(buildChart(which));
    delete old;
    view->setAccessibleDescription(description(which));
    view->setToolTip(description(which));
}

void CdrChartsView::buildNext()
{
    // One chart per pass of the event loop: rebuilding all six at once blocks the GUI thread
    // for tens of milliseconds.
    const auto stale = std::find(m_stale.cbegin(), m_stale.cend(), true);
    if (stale != m_stale.cend())
        install(Chart(stale - m_stale.cbegin()));
    if (hasStale()) {
        m_buildTimer->start();
        return;
    }
    setBusy(false);
    if (m_announce) {
        m_announce = false;
        Q_EMIT updated();
    }
}

bool CdrChartsView::hasStale() const
{
    return std::find(m_stale.cbegin(), m_stale.cend(), true) != m_stale.cend();
}

void CdrChartsView::setAllStale()
{
    m_stale.fill(true);
    if (isVisible())
        m_buildTimer->start(); // hidden: built when shown (or for a PNG)
}

void CdrChartsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (hasStale())
        m_buildTimer->start();
}

bool CdrChartsView::savePng(Chart chart, const QString &path, QString *error) const
{
    QChartView *view = m_views.value(chart);
    if (!view)
        return false;
    if (m_stale[chart])
        const_cast<CdrChartsView *>(this)->install(chart); // not built yet: the PNG shows the data
    QSize size = view->size();
    if (size.width() < 640 || size.height() < 400)
        size = QSize(960, 600); // never a thumbnail, even from a hidden tab
    QPixmap pixmap(size);
    pixmap.fill(palette().color(QPalette::Window));
    const QSize old = view->size();
    view->resize(size);
    static_cast<QWidget *>(view)->render(&pixmap); // QGraphicsView::render() would hide it
    view->resize(old);
    if (!pixmap.save(path, "PNG")) {
        if (error)
            *error = tr("Could not write %1.").arg(path);
        return false;
    }
    return true;
}

void CdrChartsView::askAndSave(Chart chart)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    QString name = title(chart).toLower();
    name.replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save chart as PNG"),
                                                      dir + QLatin1Char('/') + name + QStringLiteral(".png"),
                                                      tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (savePng(chart, path, &error))
        Q_EMIT pngSaved(path);
    else
        m_status->setText(error);
}
