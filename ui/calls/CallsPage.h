#pragma once

#include "controllers/CallsController.h"
#include "export/CsvExporter.h"

#include "core/ApiError.h"

#include <QDate>
#include <QPair>
#include <QPointer>
#include <QWidget>

class BalanceCard;
class CdrChartsView;
class ExportControl;
class Notifier;
class OutboundGuard;
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
class RecordTableModel;
class RecordTableView;
class ServiceHub;
class WebhooksPanel;

// Calls & costs (issue 4): what calling costs, where, and with what result.
//  - a window (today, 7/30/90 days, custom) whose call records load from the local store at once
//    and are then completed from UnlimCall (only what the store lacks; progress + Cancel);
//  - the records table with every field, filters and a totals line that follows the filter;
//  - six charts that follow the same filter and window;
//  - the balance card, the SIP lines, the webhook subscriptions, "Place a call" and the export.
// The page holds widgets only: CallsController (models/) holds the store, the retrieval, the
// models, the aggregates and the timers.
//
// Wiring (the shell's Pages::all() entry):  new CallsPage(context.hub, context.notifier), then
// setOutboundGuard(context.outbound->guard())
// The controller opens its own connection to Database::defaultPath() (or `databasePath`).
class CallsPage : public QWidget
{
    Q_OBJECT
public:
    using Window = CallsController::Window;

    CallsPage(ServiceHub *hub, Notifier *notifier = nullptr, QWidget *parent = nullptr,
              const QString &databasePath = {});
    ~CallsPage() override;

    CallsController *controller() const { return m_controller; }
    // The outbound guard "Place a call" goes through (the shell's OutboundSafety); without one the
    // dialog says no call can be placed.
    void setOutboundGuard(OutboundGuard *guard);

    // --- the window
    void setWindow(Window window);
    // Local calendar days, both included.
    void setCustomWindow(const QDate &from, const QDate &to);
    Window window() const { return m_controller->window(); }
    // [from, till) in UTC msecs.
    QPair<qint64, qint64> windowRange() const { return m_controller->windowRange(); }

    // --- records
    RecordTableModel *records() const { return m_controller->records(); }
    RecordTableView *recordsView() const { return m_recordsView; }
    bool isLoading() const { return m_controller->isLoading(); }
    // Fetches what the store lacks of the window (everything when `full`).
    void refresh(bool full = false) { m_controller->refresh(full); }
    void cancelRefresh() { m_controller->cancelRefresh(); }
    bool isRefreshing() const { return m_controller->isRefreshing(); }
    QString totalsText() const { return m_controller->totalsText(); }
    // The filter widgets (tests drive them like an operator).
    QComboBox *countryFilter() const { return m_country; }
    void clearFilters();
    // What a notification about a call opens: its record when the table holds that call id, else
    // the records to and from its number (a webhook's call id is not a CDR's id).
    void showCall(const QString &callId, const QString &number);

    // --- the rest of the page
    CdrChartsView *charts() const { return m_charts; }
    BalanceCard *balanceCard() const { return m_balance; }
    WebhooksPanel *webhooks() const { return m_webhooks; }
    RecordTableModel *sipLines() const { return m_controller->sipLines(); }
    QTabWidget *tabs() const { return m_tabs; }
    void showCharts();
    PlaceCallDialog *openPlaceCallDialog();

    // The export control (progress, Cancel, Ctrl+E) of the records table.
    ExportControl *exportControl() const { return m_export; }
    bool exportTo(const QString &path, CsvProfile profile) { return m_controller->exportTo(path, profile); }
    void cancelExport();
    bool isExporting() const;
    QString storeProblem() const { return m_controller->storeProblem(); }

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
    void connectController();
    void showWindow();
    void showRefreshStarted();
    void showRefreshFinished(const ApiError &error);
    CallsController::Filter filterFromWidgets() const;
    void updateFilterChoices();
    void updateEmptyState();
    void notify(const QString &title, const QString &message, bool failure);

    ServiceHub *m_hub;
    QPointer<OutboundGuard> m_guard;
    QPointer<Notifier> m_notifier;
    CallsController *m_controller;
    bool m_firstShow = true;

    // header
    BalanceCard *m_balance = nullptr;
    QComboBox *m_windowBox = nullptr;
    QDateEdit *m_fromEdit = nullptr;
    QDateEdit *m_toEdit = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_syncLabel = nullptr;
    ExportControl *m_export = nullptr;

    QTabWidget *m_tabs = nullptr;
    // records tab
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

    CdrChartsView *m_charts = nullptr;
    QLabel *m_linesMessage = nullptr;
    WebhooksPanel *m_webhooks = nullptr;
};
