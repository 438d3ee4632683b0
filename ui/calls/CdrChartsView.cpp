#include "CdrChartsView.h"

#include "common/BarValueLabels.h"
#include "common/ChartStyle.h"
#include "table/CellFormat.h"

#include <QAbstractItemModel>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QFileDialog>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
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

// A chart is given this height, and a second column once both columns get this width: at the
// default window size the charts stand one under the other, each as wide as the page.
constexpr int kChartHeight = 330;
constexpr int kMinChartWidth = 560;
// Horizontal bars get a line of text each (their value label) on top of the chart's frame:
// title, value axis and legend.
constexpr int kBarPitch = 24;
constexpr int kBarChartFrame = 140;

// Label steps a person counts in: days by 1, 2, a week, two, four; hours by 1, 2, 3, 6.
const std::vector<int> kDaySteps{1, 2, 7, 14, 28};
const std::vector<int> kHourSteps{1, 2, 3, 6};

double units(qint64 cents, const QString &currency)
{
    return double(cents) / std::pow(10.0, CellFormat::currencyDecimals(currency));
}

void showTip(const QString &text)
{
    QToolTip::showText(QCursor::pos(), text);
}

QChart *newChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    QFont font = chart->titleFont();
    font.setBold(true);
    chart->setTitleFont(font);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 16, 4)); // room for the last date label, centred on its day
    return chart;
}

QStringList dayLabels(const QList<QDate> &days)
{
    // The year too once a day and month could recur: an axis's labels must be distinct.
    const bool overAYear = !days.isEmpty() && days.first().addYears(1) <= days.last();
    const QString format = overAYear ? QStringLiteral("d MMM yy") : QStringLiteral("d MMM");
    QStringList labels;
    for (const QDate &day : days)
        labels << QLocale().toString(day, format);
    return labels;
}

void styleBarSet(QBarSet *set, int index, const QPalette &palette)
{
    set->setBrush(ChartStyle::seriesBrush(index, palette));
    set->setBorderColor(ChartStyle::seriesColor(index, palette));
}

void styleLine(QLineSeries *series, int index, const QPalette &palette)
{
    QPen pen(ChartStyle::seriesColor(index, palette));
    pen.setStyle(ChartStyle::penStyle(index));
    pen.setWidthF(2);
    series->setPen(pen);
}

// Whether some category has amounts in more than one currency (bars side by side, not stacked).
bool mixesCurrencies(const CdrStats::MoneyByCategory &money)
{
    for (int i = 0; i < money.categories.size(); ++i) {
        int currencies = 0;
        for (const QString &currency : money.currencies)
            currencies += money.cents.value(currency).value(i) != 0 ? 1 : 0;
        if (currencies > 1)
            return true;
    }
    return false;
}

QBarCategoryAxis *categoryAxis(const QString &title, const QStringList &categories)
{
    auto *axis = new QBarCategoryAxis;
    axis->append(categories);
    axis->setTitleText(title);
    return axis;
}

// Puts the axes on the chart, ties every series already added to both and applies the palette.
void placeAxes(QChart *chart, QAbstractAxis *bottom, QAbstractAxis *left, const QPalette &palette)
{
    chart->addAxis(bottom, Qt::AlignBottom);
    chart->addAxis(left, Qt::AlignLeft);
    for (QAbstractSeries *series : chart->series()) {
        series->attachAxis(bottom);
        series->attachAxis(left);
    }
    ChartStyle::apply(chart, palette);
}

} // namespace

CdrChartsView::CdrChartsView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("callsCharts"));
    auto *layout = new QVBoxLayout(this);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("callsChartsStatus"));
    layout->addWidget(m_status);
    // Each chart keeps a readable size; the page scrolls rather than squeezing them.
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("callsChartsScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *content = new QWidget;
    m_grid = new QGridLayout(content);
    m_grid->setContentsMargins(0, 0, 0, 0);
    scroll->setWidget(content);
    layout->addWidget(scroll, 1);
    for (int i = 0; i < ChartCount; ++i) {
        auto *cell = new QWidget;
        auto *cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        auto *view = new QChartView;
        view->setObjectName(QStringLiteral("callsChart%1").arg(i));
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(320, kChartHeight);
        view->setAccessibleName(title(Chart(i)));
        cellLayout->addWidget(view, 1);
        auto *save = new QPushButton(tr("Save as PNG…"));
        save->setObjectName(QStringLiteral("callsChartSave%1").arg(i));
        save->setAccessibleName(tr("Save “%1” as PNG").arg(title(Chart(i))));
        connect(save, &QPushButton::clicked, this, [this, i] { askAndSave(Chart(i)); });
        cellLayout->addWidget(save, 0, Qt::AlignRight);
        m_cells.append(cell);
        m_views.append(view);
    }
    arrange(1);
    m_buildTimer = new QTimer(this);
    m_buildTimer->setSingleShot(true);
    m_buildTimer->setInterval(0);
    connect(m_buildTimer, &QTimer::timeout, this, &CdrChartsView::buildNext);
    m_stale.fill(false);
    setAllStale(); // the empty charts, titled, built when first shown
}

void CdrChartsView::arrange(int columns)
{
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (QWidget *cell : std::as_const(m_cells))
        m_grid->removeWidget(cell);
    for (int i = 0; i < m_cells.size(); ++i)
        m_grid->addWidget(m_cells.at(i), i / columns, i % columns);
}

void CdrChartsView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        setAllStale(); // colours follow the palette (light or dark)
}

void CdrChartsView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrange(event->size().width() >= 2 * kMinChartWidth ? 2 : 1);
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
                           : tr("%Ln call(s) shown, following the table's filter and window.", nullptr,
                                int(m_data.rows)));
}

QString CdrChartsView::resultName(const QString &disposition)
{
    // UnlimCall's dispositions (Asterisk's), in words; anything else as the API says it.
    if (disposition == QLatin1String("ANSWERED"))
        return tr("Answered");
    if (disposition == QLatin1String("NO ANSWER"))
        return tr("No answer");
    if (disposition == QLatin1String("BUSY"))
        return tr("Busy");
    if (disposition == QLatin1String("FAILED"))
        return tr("Failed");
    if (disposition == QLatin1String("CONGESTION"))
        return tr("Congestion");
    return disposition;
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
            parts << QStringLiteral("%1 %2").arg(locale.toString(total), resultName(disposition));
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
                             .arg(chart == CostBySipLine ? lineName(money.categories.first())
                                                         : money.categories.first(),
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
    QChart *chart = newChart(title(which));
    switch (which) {
    case SpendPerDay: {
        // One line per currency, told apart by colour and line style.
        double maxValue = 0;
        int index = 0;
        for (const QString &currency : m_data.currencies) {
            auto *series = new QLineSeries;
            series->setName(currency);
            const QVector<qint64> perDay = m_data.spendPerDay.value(currency);
            for (int d = 0; d < perDay.size() && d < m_data.days.size(); ++d) {
                const double value = units(perDay[d], currency);
                maxValue = qMax(maxValue, value);
                series->append(d, value);
            }
            styleLine(series, index++, pal);
            chart->addSeries(series);
            const QList<QDate> days = m_data.days;
            connect(series, &QLineSeries::hovered, this, [days, currency](const QPointF &point, bool state) {
                if (state)
                    showTip(tr("%1: %2").arg(
                            QLocale().toString(days.value(qRound(point.x())), QLocale::ShortFormat),
                            QStringLiteral("%1 %2").arg(QLocale().toString(point.y(), 'f', 2), currency)));
            });
        }
        placeAxes(chart, ChartStyle::indexAxis(chart, tr("Day"), dayLabels(m_data.days), kDaySteps),
                  ChartStyle::valueAxis(tr("Spend"), maxValue), pal);
        return chart;
    }
    case CallsPerDay: {
        // Stacked by result, told apart by colour and fill pattern, in the legend's order.
        auto *series = new QStackedBarSeries;
        series->setBarWidth(0.8);
        int index = 0;
        QVector<int> perDay(m_data.days.size(), 0);
        for (const QString &disposition : m_data.dispositions) {
            auto *set = new QBarSet(resultName(disposition));
            const QVector<int> calls = m_data.callsPerDay.value(disposition);
            for (int d = 0; d < calls.size(); ++d) {
                *set << calls[d];
                if (d < perDay.size())
                    perDay[d] += calls[d];
            }
            series->append(set);
            styleBarSet(set, index++, pal);
            connect(set, &QBarSet::hovered, this, [this, set](bool state, int i) {
                if (state)
                    showTip(tr("%1 · %2: %3")
                                    .arg(QLocale().toString(m_data.days.value(i), QLocale::ShortFormat),
                                         set->label(), QLocale().toString(int(set->at(i)))));
            });
        }
        chart->addSeries(series);
        const int maxCalls = perDay.isEmpty() ? 0 : *std::max_element(perDay.cbegin(), perDay.cend());
        placeAxes(chart, ChartStyle::indexAxis(chart, tr("Day"), dayLabels(m_data.days), kDaySteps),
                  ChartStyle::valueAxis(tr("Calls"), maxCalls), pal);
        return chart;
    }
    case AnswerRate: {
        auto *series = new QLineSeries;
        series->setName(tr("Answered"));
        for (int d = 0; d < m_data.answerRatePerDay.size() && d < m_data.days.size(); ++d) {
            if (m_data.answerRatePerDay[d] >= 0)
                series->append(d, 100 * m_data.answerRatePerDay[d]);
        }
        styleLine(series, 0, pal);
        chart->addSeries(series);
        chart->legend()->hide(); // one series: the title says what it is
        QValueAxis *rate = ChartStyle::valueAxis(tr("Answered"), 100);
        rate->setLabelFormat(QStringLiteral("%.0f%%"));
        placeAxes(chart, ChartStyle::indexAxis(chart, tr("Day"), dayLabels(m_data.days), kDaySteps), rate,
                  pal);
        const QList<QDate> days = m_data.days;
        connect(series, &QLineSeries::hovered, this, [days](const QPointF &point, bool state) {
            if (state)
                showTip(tr("%1: %2% answered")
                                .arg(QLocale().toString(days.value(qRound(point.x())), QLocale::ShortFormat),
                                     QLocale().toString(point.y(), 'f', 1)));
        });
        return chart;
    }
    case CostByCountry:
    case CostBySipLine: {
        // Money per category: horizontal bars with full names, costliest on top, one set per
        // currency (colour and pattern), each bar labelled with its amount and currency where
        // the label fits.
        const CdrStats::MoneyByCategory &money =
                which == CostByCountry ? m_data.costByCountry : m_data.costBySipLine;
        const int count = int(money.categories.size());
        QStringList categories;
        for (const QString &category : money.categories)
            categories << (which == CostBySipLine ? lineName(category) : category);
        std::reverse(categories.begin(), categories.end()); // the axis counts from the bottom
        // Where no category mixes currencies (a SIP line bills in one), the sets are stacked:
        // one full-width bar per category and nothing added across currencies.
        QAbstractBarSeries *series = mixesCurrencies(money)
                ? static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries)
                : new QHorizontalStackedBarSeries;
        series->setBarWidth(0.8);
        int index = 0;
        double maxValue = 0;
        QList<QStringList> labels;
        for (const QString &currency : money.currencies) {
            auto *set = new QBarSet(currency);
            const QVector<qint64> cents = money.cents.value(currency);
            QStringList texts;
            for (int i = count - 1; i >= 0; --i) {
                const qint64 value = cents.value(i);
                *set << units(value, currency);
                maxValue = qMax(maxValue, units(value, currency));
                texts << CellFormat::money(value, currency);
            }
            labels << texts;
            styleBarSet(set, index++, pal);
            series->append(set);
            connect(set, &QBarSet::hovered, this, [categories, currency, cents, count](bool state, int i) {
                if (state)
                    showTip(tr("%1: %2").arg(categories.value(i),
                                             CellFormat::money(cents.value(count - 1 - i), currency)));
            });
        }
        chart->addSeries(series);
        // Headroom for the longest bar's label to stand beside it.
        placeAxes(chart, ChartStyle::valueAxis(tr("Cost"), maxValue * 1.2),
                  categoryAxis(which == CostByCountry ? tr("Country") : tr("SIP line"), categories), pal);
        new BarValueLabels(chart, series, labels, pal.color(QPalette::WindowText));
        return chart;
    }
    case CallsByHour: {
        auto *set = new QBarSet(tr("Calls"));
        QStringList hours;
        int maxCalls = 0;
        for (int h = 0; h < 24; ++h) {
            *set << m_data.callsByHour[size_t(h)];
            maxCalls = qMax(maxCalls, m_data.callsByHour[size_t(h)]);
            hours << QString::number(h);
        }
        styleBarSet(set, 0, pal);
        auto *series = new QBarSeries;
        series->setBarWidth(0.8);
        series->append(set);
        chart->addSeries(series);
        chart->legend()->hide(); // one series: the title says what it is
        placeAxes(chart, ChartStyle::indexAxis(chart, tr("Hour of day (local time)"), hours, kHourSteps),
                  ChartStyle::valueAxis(tr("Calls"), maxCalls), pal);
        connect(set, &QBarSet::hovered, this, [set](bool state, int i) {
            if (state)
                showTip(tr("%1:00–%1:59: %2 calls")
                                .arg(i, 2, 10, QLatin1Char('0'))
                                .arg(QLocale().toString(int(set->at(i)))));
        });
        return chart;
    }
    case ChartCount:
        break;
    }
    return chart;
}

void CdrChartsView::setLineNames(const QAbstractItemModel *lines, int usernameColumn, int labelColumn)
{
    const auto read = [this, lines, usernameColumn, labelColumn] {
        QHash<QString, QString> names;
        for (int r = 0; r < lines->rowCount(); ++r) {
            const QString label = lines->index(r, labelColumn).data().toString().trimmed();
            if (!label.isEmpty())
                names.insert(lines->index(r, usernameColumn).data().toString(), label);
        }
        if (names == m_lineNames)
            return;
        m_lineNames = names;
        m_stale[CostBySipLine] = true;
        if (isVisible())
            m_buildTimer->start();
    };
    connect(lines, &QAbstractItemModel::modelReset, this, read);
    connect(lines, &QAbstractItemModel::rowsInserted, this, read);
    connect(lines, &QAbstractItemModel::rowsRemoved, this, read);
    connect(lines, &QAbstractItemModel::dataChanged, this, read);
    read();
}

QString CdrChartsView::lineName(const QString &username) const
{
    const QString label = m_lineNames.value(username);
    return label.isEmpty() ? username : tr("%1 (%2)").arg(label, username);
}

int CdrChartsView::chartHeight(Chart which) const
{
    if (which != CostByCountry && which != CostBySipLine)
        return kChartHeight;
    const CdrStats::MoneyByCategory &money =
            which == CostByCountry ? m_data.costByCountry : m_data.costBySipLine;
    const int bars =
            int(money.categories.size()) * (mixesCurrencies(money) ? int(money.currencies.size()) : 1);
    return qMax(kChartHeight, kBarChartFrame + bars * kBarPitch);
}

void CdrChartsView::install(Chart which)
{
    m_stale[which] = false;
    QChartView *view = m_views[which];
    QChart *old = view->chart();
    view->setMinimumHeight(chartHeight(which));
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
