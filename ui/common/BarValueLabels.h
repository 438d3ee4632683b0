#pragma once

#include <QColor>
#include <QList>
#include <QObject>
#include <QStringList>

class QChart;
class QGraphicsSimpleTextItem;
class QAbstractBarSeries;

// Value labels for the bars of a horizontal bar series (side by side or stacked), each shown only
// where it fits: beside the bar's end when the plot has room, else inside the bar when the bar is
// long enough, else not at all (the bar's tool tip still gives the value). A label is never
// taller than its bar nor laid over another label. Re-placed whenever the plot area changes.
class BarValueLabels : public QObject
{
    Q_OBJECT
public:
    // texts[set][category]: what each bar's label says (e.g. a formatted amount). `text`: the
    // colour of labels outside the bars; inside a bar, black or white, whichever reads better.
    BarValueLabels(QChart *chart, QAbstractBarSeries *series, const QList<QStringList> &texts,
                   const QColor &text);

    // The label items, set by set (hidden ones included).
    QList<QGraphicsSimpleTextItem *> items() const;

private:
    void place();

    QChart *m_chart;
    QAbstractBarSeries *m_series;
    QColor m_text;
    QList<QList<QGraphicsSimpleTextItem *>> m_items;
};
