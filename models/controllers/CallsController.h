#pragma once

#include "export/ExportJob.h"
#include "stats/CdrStats.h"
#include "store/Database.h"
#include "table/RecordFilter.h"

#include "core/ApiError.h"
#include "unlimcall/UnlimCallService.h"

#include <QDate>
#include <QFutureWatcher>
#include <QObject>
#include <QPair>
#include <QPointer>

#include <memory>

class CdrStore;
class CdrSync;
class QTimer;
class RecordTableLoader;
class RecordTableModel;

// What the Calls & costs page does, without widgets:
//  - a window (today, 7/30/90 days, custom; remembered) whose call records load from the local
//    store at once and are then completed from UnlimCall (only what the store lacks);
//  - the records model, its filter and the filter's choices, the totals line and the charts'
//    data (computed off the GUI thread above 50,000 rows);
//  - the SIP lines (stored, then refreshed), a refresh shortly after a call was placed, and the
//    offline state: a retrieval that cannot reach UnlimCall keeps every stored record in place;
//  - the export of what the table shows (one at a time).
//
// The controller opens its own connection to `databasePath`; storeProblem() says why when it
// could not (records are then shown while the console runs but not kept).
class CallsController : public QObject
{
    Q_OBJECT
public:
    enum class Window { Today, Last7Days, Last30Days, Last90Days, Custom };
    Q_ENUM(Window)

    // What the operator narrows the records to; empty/zero fields mean "any".
    struct Filter
    {
        QString text;
        QString disposition;
        QString country;
        QString sipLine;
        QString src; // contains
        QString dst;
        QString did;
        int minDurationSeconds = 0;
        int maxDurationSeconds = 0;
        double minCost = 0; // in the call's own currency
        double maxCost = 0;

        RecordFilter toRecordFilter() const;
    };

    CallsController(UnlimCallService *service, const QString &databasePath, QObject *parent = nullptr);
    ~CallsController() override;

    UnlimCallService *service() const { return m_service; }
    // Null when the store could not be opened.
    CdrStore *store() const { return m_store.get(); }
    QString storeProblem() const { return m_storeProblem; }
    bool isConnected() const;

    // --- the window (the first setWindow/open() loads it)
    void setWindow(Window window);
    // Local calendar days, both included.
    void setCustomWindow(const QDate &from, const QDate &to);
    Window window() const { return m_window; }
    QDate customFrom() const { return m_customFrom; }
    QDate customTo() const { return m_customTo; }
    // [from, till) in UTC msecs.
    QPair<qint64, qint64> windowRange() const { return m_range; }
    // Loads the remembered window unless one was set already, and the SIP lines.
    void open();

    // --- records
    RecordTableModel *records() const { return m_records; }
    bool isLoading() const;
    // Fetches what the store lacks of the window (everything when `full`).
    void refresh(bool full = false);
    void cancelRefresh();
    bool isRefreshing() const;
    // The request statistics of the current or last retrieval.
    qint64 retrievedRecords() const;
    qint64 retrievalRequests() const;
    // A placed call's record shows up in /cdrs once the call ends: refresh after `delay`.
    void refreshAfterCall();
    void setRefreshAfterCallDelay(int milliseconds);
    // Offline: the last retrieval could not reach UnlimCall.
    bool isOffline() const { return m_offline; }

    // Call it on every keystroke: the records model coalesces filters asked while it computes.
    void setFilter(const Filter &filter);
    Filter filter() const { return m_filter; }
    // The values the disposition, country and SIP-line choices offer (from the window's rows).
    QStringList filterChoices(int column) const;

    // --- totals and charts of what the table shows
    QString totalsText() const { return m_totalsText; }
    // Charts are computed only while wanted (their tab is shown).
    void setChartsWanted(bool wanted);

    // --- SIP lines
    enum LineColumn { LineId, LineLabel, LineSip, LineCreated }; // of sipLines()
    RecordTableModel *sipLines() const { return m_lines; }
    QList<UnlimCall::Agent> agents() const;
    void refreshLines();

    // --- export of what the records table shows
    ExportJob *exportJob() const { return m_export; }
    bool exportTo(const QString &path, CsvProfile profile);

Q_SIGNALS:
    void windowChanged();
    void loadStarted();
    // The store's records of the window are in the table.
    void windowLoaded(qint64 rows);
    void loadFailed(const StoreStatus &status);
    void refreshStarted();
    void refreshProgress(qint64 completedMs, qint64 totalMs, qint64 records);
    // Exactly once per started refresh.
    void refreshFinished(const ApiError &error);
    // refresh() was asked for without UnlimCall credentials: only the stored history is shown.
    void notConnected();
    void offlineChanged(bool offline);
    void filterChoicesChanged();
    void totalsChanged(const QString &text);
    // Charts are being computed (wanted and out of date), then their data.
    void chartsComputing();
    void chartsChanged(const CdrStats::Charts &charts);
    void linesChanged(int count);
    void linesFailed(const ApiError &error);

private:
    struct Aggregates
    {
        CdrStats::Totals totals;
        CdrStats::Charts charts;
        bool withCharts = false;
    };

    void applyWindow();
    void loadWindow();
    void mergeFresh(const QList<UnlimCall::Cdr> &records);
    void onSyncFinished(const ApiError &error);
    void scheduleAggregates();
    void computeAggregates();
    void onAggregatesReady();
    void showLines(const QList<UnlimCall::Agent> &agents);
    void setOffline(bool offline);

    QPointer<UnlimCallService> m_service;
    QString m_databasePath;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<CdrStore> m_store;
    QString m_storeProblem;
    CdrSync *m_sync = nullptr;
    RecordTableLoader *m_loader = nullptr;
    RecordTableModel *m_records = nullptr;
    RecordTableModel *m_lines = nullptr;
    QList<UnlimCall::Agent> m_agents;
    ExportJob *m_export = nullptr;

    Window m_window = Window::Last30Days;
    QDate m_customFrom;
    QDate m_customTo;
    QPair<qint64, qint64> m_range;
    bool m_windowApplied = false;
    bool m_offline = false;
    Filter m_filter;

    QFutureWatcher<Aggregates> *m_aggregates = nullptr;
    // Coalesce bursts: merged batches → one aggregate pass; merged rows → one choices update.
    QTimer *m_aggregateTimer = nullptr;
    QTimer *m_choicesTimer = nullptr;
    QTimer *m_afterCallTimer = nullptr;
    bool m_aggregatesDirty = false;
    bool m_chartsDirty = true;
    bool m_chartsWanted = false;
    QString m_totalsText;
};
