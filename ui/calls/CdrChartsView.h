#pragma once

#include "stats/CdrStats.h"

#include <QList>
#include <QWidget>

#include <array>

class QChart;
class QChartView;
class QLabel;
class QTimer;

// The six Calls & costs charts (Qt Charts): spend per day, calls per day by result, answer rate
// over time, cost by country, calls by hour of day and cost per SIP line. They show whatever
// CdrStats::charts() computed from the table's filtered rows and window. Readable without colour:
// series differ by line style / fill pattern too, bars carry value labels, every point and bar
// has a tool tip, and each chart has an accessible description in words. Each can be saved as PNG.
class CdrChartsView : public QWidget
{
    Q_OBJECT
public:
    enum Chart {
        SpendPerDay,
        CallsPerDay,
        AnswerRate,
        CostByCountry,
        CallsByHour,
        CostBySipLine,
        ChartCount
    };

    explicit CdrChartsView(QWidget *parent = nullptr);

    // Takes new data; the charts are rebuilt one per pass of the event loop (once shown), then
    // updated().
    void setData(const CdrStats::Charts &data);
    const CdrStats::Charts &data() const { return m_data; }
    // "Recomputing…" while a worker prepares new data.
    void setBusy(bool busy);

    QString title(Chart chart) const;
    // The chart's view; its chart may still show the previous data until updated().
    QChartView *view(Chart chart) const { return m_views.at(chart); }
    // The words behind a chart (its accessible description): totals and extremes.
    QString description(Chart chart) const;
    // Renders the chart to a PNG file.
    bool savePng(Chart chart, const QString &path, QString *error = nullptr) const;

Q_SIGNALS:
    // Every chart shows the data last given to setData().
    void updated();
    void pngSaved(const QString &path);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QChart *buildChart(Chart which) const;
    void install(Chart which);
    void buildNext();
    void setAllStale();
    bool hasStale() const;
    void askAndSave(Chart chart);

    CdrStats::Charts m_data;
    QList<QChartView *> m_views;
    QLabel *m_status;
    QTimer *m_buildTimer;
    std::array<bool, ChartCount> m_stale;
    bool m_announce = false; // emit updated() when the build finishes
};
