#pragma once

#include "export/CsvExporter.h"
#include "stats/CdrStats.h"

#include "core/ApiError.h"
#include "unlimcall/UnlimCallTypes.h"

#include <QDate>
#include <QFutureWatcher>
#include <QPair>
#include <QPointer>
#include <QWidget>

#include <memory>

class BalanceCard;
class CdrChartsView;
class CdrStore;
class CdrSync;
class Database;
class Notifier;
class PlaceCallDialog;
class QComboBox;
class QDateEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTimer;
class RecordTableLoader;
class RecordTableModel;
class RecordTableView;
class ServiceHub;
class WebhooksPanel;

// Calls & costs (issue 4): what calling costs, where, and with what result.
//  - a window (today, 7/30/90 days, custom) whose call records load from the local store at once
//    and are then completed from UnlimCall (only what the store lacks; progress + Cancel);
//  - the records table with every field, filters and a totals line that follows the filter;
//  - six charts that follow the same filter and window;
//  - the balance card, the SIP lines, the webhook subscriptions, and "Place a call".
//
// Wiring (the shell's Pages::all() entry):  new CallsPage(context.hub, context.notifier)
// The page opens its own connection to Database::defaultPath() (or `databasePath`).
class CallsPage : public QWidget
{
    Q_OBJECT
public:
    enum class Window { Today, Last7Days, Last30Days, Last90Days, Custom };
    Q_ENUM(Window)

    CallsPage(ServiceHub *hub, Notifier *notifier = nullptr, QWidget *parent = nullptr,
              const QString &databasePath = {});
    ~CallsPage() override;

    // --- the window
    void setWindow(Window window);
    // Local calendar days, both included.
    void setCustomWindow(const QDate &from, const QDate &to);
    Window window() const { return m_window; }
    // [from, till) in UTC msecs.
    QPair<qint64, qint64> windowRange() const;

    // --- records
    RecordTableModel *records() const { return m_records; }
    RecordTableView *recordsView() const { return m_recordsView; }
    bool isLoading() const;
    // Fetches what the store lacks of the window (everything when `full`).
    void refresh(bool full = false);
    void cancelRefresh();
    bool isRefreshing() const;
    QString totalsText() const;
    // The filter widgets (tests drive them like an operator).
    QComboBox *countryFilter() const { return m_country; }
    void clearFilters();

    // --- the rest of the page
    CdrChartsView *charts() const { return m_charts; }
    BalanceCard *balanceCard() const { return m_balance; }
    WebhooksPanel *webhooks() const { return m_webhooks; }
    RecordTableModel *sipLines() const { return m_lines; }
    QTabWidget *tabs() const { return m_tabs; }
    void showCharts();
    PlaceCallDialog *openPlaceCallDialog();

    bool exportTo(const QString &path, CsvProfile profile);
    void cancelExport();
    bool isExporting() const;
    QString storeProblem() const { return m_storeProblem; }

Q_SIGNALS:
    void windowLoaded(qint64 rows); // the store's records of the window are in the table
    void refreshFinished(const ApiError &error);
    void totalsChanged(const QString &text);
    void chartsUpdated();
    void exportFinished(const CsvExportResult &result);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createHeader();
    QWidget *createRecordsTab();
    QWidget *createLinesTab();
    void applyWindow();
    void loadWindow();
    void mergeFresh(const QList<UnlimCall::Cdr> &records);
    void applyFilter();
    void updateFilterChoices();
    void scheduleAggregates();
    void computeAggregates();
    void refreshLines();
    void updateEmptyState();
    void startExportDialog();
    void notify(const QString &title, const QString &message, bool failure);

    ServiceHub *m_hub;
    QPointer<Notifier> m_notifier;
    QString m_databasePath;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<CdrStore> m_store;
    QString m_storeProblem;
    CdrSync *m_sync = nullptr;
    RecordTableLoader *m_loader = nullptr;
    CsvExporter *m_exporter = nullptr;
    bool m_firstShow = true;
    bool m_windowApplied = false;

    Window m_window = Window::Last30Days;
    QDate m_customFrom;
    QDate m_customTo;
    QPair<qint64, qint64> m_range;

    // header
    BalanceCard *m_balance = nullptr;
    QComboBox *m_windowBox = nullptr;
    QDateEdit *m_fromEdit = nullptr;
    QDateEdit *m_toEdit = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_syncLabel = nullptr;

    QTabWidget *m_tabs = nullptr;
    // records tab
    RecordTableModel *m_records = nullptr;
    RecordTableView *m_recordsView = nullptr;
    QLabel *m_empty = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_disposition = nullptr;
    QComboBox *m_country = nullptr;
    QComboBox *m_line = nullptr;
    QLineEdit *m_src = nullptr;
    QLineEdit *m_dst = nullptr;
    QLineEdit *m_did = nullptr;
    QSpinBox *m_minDuration = nullptr;
    QSpinBox *m_maxDuration = nullptr;
    QDoubleSpinBox *m_minCost = nullptr;
    QDoubleSpinBox *m_maxCost = nullptr;
    QLabel *m_totals = nullptr;
    QTimer *m_filterTimer = nullptr;
    QTimer *m_choicesTimer = nullptr;

    CdrChartsView *m_charts = nullptr;
    RecordTableModel *m_lines = nullptr;
    QLabel *m_linesMessage = nullptr;
    WebhooksPanel *m_webhooks = nullptr;
    QProgressBar *m_exportProgress = nullptr;

    // aggregates (totals + charts) off the GUI thread
    struct Aggregates
    {
        CdrStats::Totals totals;
        CdrStats::Charts charts;
        bool withCharts = false;
    };
    QFutureWatcher<Aggregates> *m_aggregates = nullptr;
    QTimer *m_aggregateTimer = nullptr;
    bool m_aggregatesDirty = false;
    bool m_chartsDirty = true;
    QString m_totalsText;
    QTimer *m_callRefreshTimer = nullptr;
};
