#pragma once

#include "stats/CdrStats.h"

#include <QHash>
#include <QList>
#include <QWidget>

#include <array>

class QAbstractItemModel;
class QChart;
class QChartView;
class QGridLayout;
class QLabel;
class QTimer;

// The six Calls & costs charts (Qt Charts): spend per day, calls per day by result, answer rate
// over time, cost by country, calls by hour of day and cost per SIP line. They show whatever
// CdrStats::charts() computed from the table's filtered rows and window, styled by ChartStyle:
// colour-blind-safe colours that follow the light or dark palette, with line styles and fill
// patterns as a second cue; full category names on horizontal bars; dates and hours labelled at a
// step that fits; money bars labelled with amount and currency where the label fits. Every point
// and bar has a tool tip, each chart an accessible description in words; each can be saved as PNG.
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
    // Names SIP lines by their labels ("SDR seat — Berlin (unl_001)") as far as `lines` knows them:
    // the SIP username in `usernameColumn`, the label in `labelColumn`. Follows the model.
    void setLineNames(const QAbstractItemModel *lines, int usernameColumn, int labelColumn);
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
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QChart *buildChart(Chart which) const;
    void arrange(int columns);
    // The height chart `which` needs for its data (bars with room for their labels).
    int chartHeight(Chart which) const;
    QString lineName(const QString &username) const;
    static QString resultName(const QString &disposition);
    void install(Chart which);
    void buildNext();
    void setAllStale();
    bool hasStale() const;
    void askAndSave(Chart chart);

    CdrStats::Charts m_data;
    QHash<QString, QString> m_lineNames; // SIP username → label
    QGridLayout *m_grid;
    int m_columns = 0;
    QList<QWidget *> m_cells;
    QList<QChartView *> m_views;
    QLabel *m_status;
    QTimer *m_buildTimer;
    std::array<bool, ChartCount> m_stale;
    bool m_announce = false; // emit updated() when the build finishes
};
