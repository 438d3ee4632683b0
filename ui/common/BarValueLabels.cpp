#include "BarValueLabels.h"

#include "ChartStyle.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QBrush>
#include <QChart>
#include <QGraphicsSimpleTextItem>

#include <algorithm>
#include <cmath>

namespace {

constexpr double kGap = 4; // between a bar's end and its label, in pixels

} // namespace

BarValueLabels::BarValueLabels(QChart *chart, QAbstractBarSeries *series, const QList<QStringList> &texts,
                               const QColor &text)
    : QObject(chart), m_chart(chart), m_series(series), m_text(text)
{
    for (const QStringList &setTexts : texts) {
        QList<QGraphicsSimpleTextItem *> setItems;
        for (const QString &label : setTexts) {
            auto *item = new QGraphicsSimpleTextItem(label, chart);
            item->setZValue(100); // above the bars and grid
            item->hide();
            setItems.append(item);
        }
        m_items.append(setItems);
    }
    connect(chart, &QChart::plotAreaChanged, this, &BarValueLabels::place);
    place();
}

QList<QGraphicsSimpleTextItem *> BarValueLabels::items() const
{
    QList<QGraphicsSimpleTextItem *> all;
    for (const auto &setItems : m_items)
        all += setItems;
    return all;
}

void BarValueLabels::place()
{
    const QRectF plot = m_chart->plotArea();
    const QList<QBarSet *> sets = m_series->barSets();
    const int setCount = int(sets.size());
    if (plot.isEmpty() || setCount == 0)
        return;
    // Side by side, the bars of a category share barWidth (in category units); stacked, each
    // takes all of it and starts where the previous set's ended.
    const bool stacked = m_series->type() == QAbstractSeries::SeriesTypeHorizontalStackedBar;
    const double share = stacked ? m_series->barWidth() : m_series->barWidth() / setCount;
    QList<QRectF> placed;
    QVector<double> base(sets.first()->count(), 0.0);
    for (int s = 0; s < setCount && s < m_items.size(); ++s) {
        QBarSet *set = sets.at(s);
        const QColor fill = set->borderColor(); // the series colour; the brush may be a pattern
        const QColor inside = ChartStyle::contrast(fill, Qt::black) >= ChartStyle::contrast(fill, Qt::white)
                ? QColor(Qt::black)
                : QColor(Qt::white);
        for (int i = 0; i < m_items[s].size() && i < set->count(); ++i) {
            QGraphicsSimpleTextItem *item = m_items[s][i];
            item->hide();
            const double from = stacked ? base.value(i) : 0.0;
            const double to = from + set->at(i);
            if (stacked && i < base.size())
                base[i] = to;
            if (set->at(i) <= 0)
                continue;
            const double top = i - m_series->barWidth() / 2 + (stacked ? 0.0 : share * s);
            const QPointF start = m_chart->mapToPosition(QPointF(from, top), m_series);
            const QPointF end = m_chart->mapToPosition(QPointF(to, top + share), m_series);
            const QSizeF size = item->boundingRect().size();
            const double barEnd = std::max(start.x(), end.x());
            const double barLength = std::abs(end.x() - start.x());
            if (size.height() > std::abs(start.y() - end.y()))
                continue; // thinner than a line of text
            QRectF rect(QPointF(barEnd + kGap, (start.y() + end.y() - size.height()) / 2), size);
            bool outside = rect.right() <= plot.right();
            if (!outside) {
                if (size.width() + 2 * kGap > barLength)
                    continue;
                rect.moveRight(barEnd - kGap);
            }
            if (std::any_of(placed.cbegin(), placed.cend(),
                            [&rect](const QRectF &r) { return r.intersects(rect); }))
                continue;
            item->setBrush(outside ? m_text : inside);
            item->setPos(rect.topLeft());
            item->show();
            placed.append(rect);
        }
    }
}
