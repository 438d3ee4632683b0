#include "CallsPage.h"

#include "BalanceCard.h"
#include "CdrChartsView.h"
#include "PlaceCallDialog.h"
#include "WebhooksPanel.h"

#include "accounts/ServiceHub.h"
#include "common/ErrorText.h"
#include "common/Notifier.h"
#include "common/RecordTableView.h"
#include "store/CdrStore.h"
#include "store/CdrSync.h"
#include "table/CellFormat.h"
#include "table/RecordTableLoader.h"
#include "table/RecordTableModel.h"
#include "unlimcall/UnlimCallService.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace {

constexpr qint64 msPerDay = 24LL * 3600 * 1000;
constexpr int kAsyncAggregateRows = 50'000;

enum LineColumn { LineId, LineLabel, LineSip, LineCreated };

RecordSchema lineSchema()
{
    using T = ColumnType;
    return RecordSchema(
            {ColumnSpec::make(T::Text, QStringLiteral("id"), QStringLiteral("ID")),
             ColumnSpec::make(T::Text, QStringLiteral("label"), QStringLiteral("Label")),
             ColumnSpec::make(T::Category, QStringLiteral("sipUsername"), QStringLiteral("SIP username")),
             ColumnSpec::make(T::DateTime, QStringLiteral("createdAt"), QStringLiteral("Created"))},
            QStringLiteral("id"));
}

qint64 localMidnight(const QDate &date)
{
    return QDateTime(date, QTime(0, 0)).toMSecsSinceEpoch();
}

QComboBox *choiceBox(const QString &objectName, const QString &accessibleName)
{
    auto *box = new QComboBox;
    box->setObjectName(objectName);
    box->setAccessibleName(accessibleName);
    box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    box->addItem(QObject::tr("Any"), QString());
    return box;
}

QLineEdit *containsEdit(const QString &objectName, const QString &accessibleName, const QString &placeholder)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessibleName);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

} // namespace

CallsPage::CallsPage(ServiceHub *hub, Notifier *notifier, QWidget *parent, const QString &databasePath)
    : QWidget(parent),
      m_hub(hub),
      m_notifier(notifier),
      m_databasePath(databasePath.isEmpty() ? Database::defaultPath() : databasePath)
{
    setObjectName(QStringLiteral("callsPage"));
    m_database = std::make_unique<Database>(m_databasePath);
    m_database->registerMigrations(CdrStore::component(), CdrStore::migrations());
    StoreStatus status = m_database->open();
    if (status)
        status = m_database->migrate();
    if (status)
        m_store = std::make_unique<CdrStore>(m_database.get());
    else
        m_storeProblem = status.message;

    m_sync = new CdrSync(hub->unlimcall(), m_databasePath, this);
    m_exporter = new CsvExporter(this);
    m_records = new RecordTableModel(CdrStore::cdrSchema(), this);
    m_records->sort(CdrStore::StartTime, Qt::DescendingOrder);
    m_lines = new RecordTableModel(lineSchema(), this);
    m_aggregates = new QFutureWatcher<Aggregates>(this);
    m_aggregateTimer = new QTimer(this);
    m_aggregateTimer->setSingleShot(true);
    m_aggregateTimer->setInterval(80);
    m_filterTimer = new QTimer(this);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(150);
    m_choicesTimer = new QTimer(this);
    m_choicesTimer->setSingleShot(true);
    m_choicesTimer->setInterval(500);
    m_callRefreshTimer = new QTimer(this);
    m_callRefreshTimer->setSingleShot(true);
    m_callRefreshTimer->setInterval(15'000);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createHeader());
    if (!m_storeProblem.isEmpty()) {
        auto *problem =
                new QLabel(tr("The local call history could not be opened: %1 Records are shown while "
                              "the page is open but not kept.")
                                   .arg(m_storeProblem));
        problem->setWordWrap(true);
        layout->addWidget(problem);
    }
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("callsTabs"));
    m_tabs->addTab(createRecordsTab(), tr("Call &records"));
    m_charts = new CdrChartsView;
    m_charts->setLineNames(m_lines, LineSip, LineLabel);
    m_tabs->addTab(m_charts, tr("C&harts"));
    connect(m_charts, &CdrChartsView::updated, this, &CallsPage::chartsUpdated);
    m_tabs->addTab(createLinesTab(), tr("SIP &lines"));
    m_webhooks = new WebhooksPanel(hub->unlimcall(), m_store.get(), hub->credentialStore());
    m_tabs->addTab(m_webhooks, tr("&Webhooks"));
    layout->addWidget(m_tabs, 1);

    // --- behaviour
    connect(m_sync, &CdrSync::recordsReceived, this, &CallsPage::mergeFresh);
    connect(m_sync, &CdrSync::progress, this, [this](qint64 done, qint64 total, qint64 records) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(total > 0 ? int(1000 * done / total) : 0);
        m_syncLabel->setText(tr("Retrieving call records… %1 received").arg(QLocale().toString(records)));
    });
    connect(m_sync, &CdrSync::finished, this, [this](const ApiError &error) {
        updateFilterChoices();
        m_progress->hide();
        m_cancelButton->hide();
        m_refreshButton->setEnabled(true);
        const CdrRetriever::Stats &stats = m_sync->stats();
        if (!error.isError()) {
            m_syncLabel->setText(
                    tr("Up to date: %1 record(s) retrieved with %2 request(s), %3.")
                            .arg(QLocale().toString(stats.records), QLocale().toString(stats.requests),
                                 QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat)));
            if (stats.records > 0)
                notify(tr("Call records updated"),
                       tr("%1 call record(s) retrieved from UnlimCall.")
                               .arg(QLocale().toString(stats.records)),
                       false);
        } else if (error.kind == ApiError::Kind::Cancelled) {
            m_syncLabel->setText(
                    tr("Cancelled. The %1 record(s) received are kept; Refresh continues where it "
                       "stopped.")
                            .arg(QLocale().toString(stats.records)));
        } else {
            ErrorText::show(m_syncLabel, error, tr("Call records could not be retrieved."));
            notify(tr("Call records not retrieved"), ErrorText::plainText(error), true);
        }
        updateEmptyState();
        Q_EMIT refreshFinished(error);
    });
    connect(m_records, &RecordTableModel::visibleRowsChanged, this, &CallsPage::scheduleAggregates);
    connect(m_records, &RecordTableModel::visibleRowsChanged, this, &CallsPage::updateEmptyState);
    connect(m_records, &RecordTableModel::rowsMerged, m_choicesTimer, qOverload<>(&QTimer::start));
    connect(m_choicesTimer, &QTimer::timeout, this, &CallsPage::updateFilterChoices);
    connect(m_aggregateTimer, &QTimer::timeout, this, &CallsPage::computeAggregates);
    connect(m_filterTimer, &QTimer::timeout, this, &CallsPage::applyFilter);
    connect(m_aggregates, &QFutureWatcher<Aggregates>::finished, this, [this] {
        const Aggregates result = m_aggregates->result();
        m_totalsText = result.totals.describe();
        m_totals->setText(m_totalsText);
        Q_EMIT totalsChanged(m_totalsText);
        if (result.withCharts) {
            m_charts->setData(result.charts);
            m_chartsDirty = false;
        }
        if (m_aggregatesDirty) {
            m_aggregatesDirty = false;
            computeAggregates();
        }
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        QSettings().setValue(QStringLiteral("calls/tab"), index);
        if (m_tabs->widget(index) == m_charts && m_chartsDirty) {
            m_charts->setBusy(true);
            computeAggregates();
        }
        if (m_tabs->widget(index) == m_webhooks)
            m_webhooks->reload();
    });
    connect(m_exporter, &CsvExporter::progress, this, [this](qint64 done, qint64 total) {
        m_exportProgress->setRange(0, 1000);
        m_exportProgress->setValue(total > 0 ? int(1000 * done / total) : 0);
    });
    connect(m_exporter, &CsvExporter::finished, this, [this](const CsvExportResult &result) {
        m_exportProgress->hide();
        if (result.status)
            notify(tr("Export finished"),
                   tr("%1 call record(s) written to %2.").arg(QLocale().toString(result.rows), result.path),
                   false);
        else if (result.status.code != StoreStatus::Code::Cancelled)
            notify(tr("Export failed"), result.status.message, true);
        Q_EMIT exportFinished(result);
    });
    connect(m_callRefreshTimer, &QTimer::timeout, this, [this] { refresh(false); });

    // Keyboard: F5 refresh, Shift+F5 retrieve everything again, Esc cancel, Ctrl+F search,
    // Ctrl+E export, Ctrl+Shift+N place a call.
    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::Key_F5), [this] { refresh(false); });
    shortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5), [this] { refresh(true); });
    shortcut(QKeySequence(Qt::Key_Escape), [this] {
        cancelRefresh();
        cancelExport();
    });
    shortcut(QKeySequence::Find, [this] {
        m_tabs->setCurrentIndex(0);
        m_search->setFocus();
        m_search->selectAll();
    });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_E), [this] { startExportDialog(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), [this] { openPlaceCallDialog(); });

    QSettings settings;
    m_window =
            Window(qBound(0, settings.value(QStringLiteral("calls/window"), int(Window::Last30Days)).toInt(),
                          int(Window::Custom)));
    m_customFrom =
            settings.value(QStringLiteral("calls/customFrom"), QDate::currentDate().addDays(-6)).toDate();
    m_customTo = settings.value(QStringLiteral("calls/customTo"), QDate::currentDate()).toDate();
    m_fromEdit->setDate(m_customFrom);
    m_toEdit->setDate(m_customTo);
    m_windowBox->setCurrentIndex(int(m_window));
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("calls/tab"), 0).toInt());
    if (m_store) {
        RecordTable rows(m_lines->schema());
        for (const UnlimCall::Agent &agent : m_store->agents()) {
            const int r = rows.appendRow();
            rows.setText(r, LineId, agent.id);
            rows.setText(r, LineLabel, agent.label);
            rows.setText(r, LineSip, agent.sipUsername);
            if (agent.createdAt.isValid())
                rows.setDateTime(r, LineCreated, agent.createdAt.toMSecsSinceEpoch());
        }
        m_lines->setRows(std::move(rows));
    }
    updateEmptyState();
}

CallsPage::~CallsPage()
{
    m_aggregates->waitForFinished();
}

QWidget *CallsPage::createHeader()
{
    auto *header = new QWidget;
    auto *layout = new QHBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    m_balance = new BalanceCard(m_hub->unlimcall(), m_store.get(), &m_hub->settings(), m_notifier);
    layout->addWidget(m_balance);

    auto *box = new QGroupBox(tr("Call records"));
    auto *grid = new QGridLayout(box);
    m_windowBox = new QComboBox;
    m_windowBox->setObjectName(QStringLiteral("callsWindow"));
    m_windowBox->setAccessibleName(tr("Time window"));
    m_windowBox->addItems(
            {tr("Today"), tr("Last 7 days"), tr("Last 30 days"), tr("Last 90 days"), tr("Custom…")});
    m_fromEdit = new QDateEdit;
    m_fromEdit->setObjectName(QStringLiteral("callsFrom"));
    m_fromEdit->setAccessibleName(tr("First day"));
    m_fromEdit->setCalendarPopup(true);
    m_toEdit = new QDateEdit;
    m_toEdit->setObjectName(QStringLiteral("callsTo"));
    m_toEdit->setAccessibleName(tr("Last day"));
    m_toEdit->setCalendarPopup(true);
    auto *windowRow = new QHBoxLayout;
    windowRow->addWidget(m_windowBox);
    windowRow->addWidget(m_fromEdit);
    windowRow->addWidget(new QLabel(tr("to")));
    windowRow->addWidget(m_toEdit);
    windowRow->addStretch(1);
    grid->addWidget(new QLabel(tr("&Window:")), 0, 0);
    static_cast<QLabel *>(grid->itemAtPosition(0, 0)->widget())->setBuddy(m_windowBox);
    grid->addLayout(windowRow, 0, 1);

    auto *actions = new QHBoxLayout;
    m_refreshButton = new QPushButton(tr("&Refresh"));
    m_refreshButton->setObjectName(QStringLiteral("callsRefresh"));
    m_refreshButton->setToolTip(
            tr("Fetch what is new from UnlimCall (F5). Shift+F5 retrieves the whole window "
               "again."));
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setObjectName(QStringLiteral("callsCancel"));
    m_cancelButton->setToolTip(tr("Stop retrieving (Esc); what arrived is kept"));
    m_cancelButton->hide();
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("callsProgress"));
    m_progress->setAccessibleName(tr("Retrieval progress"));
    m_progress->hide();
    auto *placeCall = new QPushButton(tr("&Place a call…"));
    placeCall->setObjectName(QStringLiteral("callsPlaceCall"));
    placeCall->setToolTip(tr("Have an AI agent call a number (Ctrl+Shift+N)"));
    auto *exportButton = new QPushButton(tr("E&xport CSV…"));
    exportButton->setObjectName(QStringLiteral("callsExport"));
    exportButton->setToolTip(tr("Write the records the table shows to a CSV file (Ctrl+E)"));
    actions->addWidget(m_refreshButton);
    actions->addWidget(m_progress, 1);
    actions->addWidget(m_cancelButton);
    actions->addStretch(0);
    actions->addWidget(exportButton);
    actions->addWidget(placeCall);
    grid->addLayout(actions, 1, 0, 1, 2);
    m_syncLabel = new QLabel;
    m_syncLabel->setObjectName(QStringLiteral("callsSyncLabel"));
    ErrorText::makeLinkLabel(m_syncLabel);
    grid->addWidget(m_syncLabel, 2, 0, 1, 2);
    m_exportProgress = new QProgressBar;
    m_exportProgress->setObjectName(QStringLiteral("callsExportProgress"));
    m_exportProgress->setFormat(tr("Exporting… %p%"));
    m_exportProgress->hide();
    grid->addWidget(m_exportProgress, 3, 0, 1, 2);
    layout->addWidget(box, 1);

    connect(m_windowBox, &QComboBox::activated, this, [this](int index) { setWindow(Window(index)); });
    auto customChanged = [this] {
        if (m_window == Window::Custom)
            setCustomWindow(m_fromEdit->date(), m_toEdit->date());
    };
    connect(m_fromEdit, &QDateEdit::editingFinished, this, customChanged);
    connect(m_toEdit, &QDateEdit::editingFinished, this, customChanged);
    connect(m_refreshButton, &QPushButton::clicked, this, [this] { refresh(false); });
    connect(m_cancelButton, &QPushButton::clicked, this, &CallsPage::cancelRefresh);
    connect(placeCall, &QPushButton::clicked, this, [this] { openPlaceCallDialog(); });
    connect(exportButton, &QPushButton::clicked, this, &CallsPage::startExportDialog);
    return header;
}

QWidget *CallsPage::createRecordsTab()
{
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);

    auto *filters = new QGridLayout;
    m_search = containsEdit(QStringLiteral("callsSearch"), tr("Search call records"),
                            tr("Search numbers, countries, lines, results… (Ctrl+F)"));
    m_disposition = choiceBox(QStringLiteral("callsDispositionFilter"), tr("Result"));
    m_country = choiceBox(QStringLiteral("callsCountryFilter"), tr("Country"));
    m_line = choiceBox(QStringLiteral("callsLineFilter"), tr("SIP line"));
    m_src = containsEdit(QStringLiteral("callsSrcFilter"), tr("From number contains"), tr("From contains"));
    m_dst = containsEdit(QStringLiteral("callsDstFilter"), tr("To number contains"), tr("To contains"));
    m_did = containsEdit(QStringLiteral("callsDidFilter"), tr("DID contains"), tr("DID contains"));
    auto seconds = [](const QString &name, const QString &accessible) {
        auto *spin = new QSpinBox;
        spin->setObjectName(name);
        spin->setAccessibleName(accessible);
        spin->setRange(0, 24 * 3600);
        spin->setSuffix(QStringLiteral(" s"));
        spin->setSpecialValueText(QObject::tr("any"));
        return spin;
    };
    m_minDuration = seconds(QStringLiteral("callsMinDuration"), tr("Shortest duration in seconds"));
    m_maxDuration = seconds(QStringLiteral("callsMaxDuration"), tr("Longest duration in seconds"));
    auto money = [](const QString &name, const QString &accessible) {
        auto *spin = new QDoubleSpinBox;
        spin->setObjectName(name);
        spin->setAccessibleName(accessible);
        spin->setRange(0, 100'000);
        spin->setDecimals(2);
        spin->setSpecialValueText(QObject::tr("any"));
        spin->setToolTip(QObject::tr("In the call's own currency"));
        return spin;
    };
    m_minCost = money(QStringLiteral("callsMinCost"), tr("Lowest cost"));
    m_maxCost = money(QStringLiteral("callsMaxCost"), tr("Highest cost"));
    auto *clear = new QPushButton(tr("Clear filters"));
    clear->setObjectName(QStringLiteral("callsClearFilters"));

    auto label = [](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text);
        l->setBuddy(buddy);
        return l;
    };
    filters->addWidget(m_search, 0, 0, 1, 2);
    filters->addWidget(label(tr("Res&ult:"), m_disposition), 0, 2);
    filters->addWidget(m_disposition, 0, 3);
    filters->addWidget(label(tr("C&ountry:"), m_country), 0, 4);
    filters->addWidget(m_country, 0, 5);
    filters->addWidget(label(tr("L&ine:"), m_line), 0, 6);
    filters->addWidget(m_line, 0, 7);
    filters->addWidget(m_src, 1, 0);
    filters->addWidget(m_dst, 1, 1);
    filters->addWidget(m_did, 1, 2, 1, 2);
    auto *duration = new QHBoxLayout;
    duration->addWidget(label(tr("&Duration:"), m_minDuration));
    duration->addWidget(m_minDuration);
    duration->addWidget(new QLabel(QStringLiteral("–")));
    duration->addWidget(m_maxDuration);
    filters->addLayout(duration, 1, 4, 1, 2);
    auto *cost = new QHBoxLayout;
    cost->addWidget(label(tr("Cos&t:"), m_minCost));
    cost->addWidget(m_minCost);
    cost->addWidget(new QLabel(QStringLiteral("–")));
    cost->addWidget(m_maxCost);
    filters->addLayout(cost, 1, 6, 1, 2);
    filters->addWidget(clear, 1, 8);
    layout->addLayout(filters);

    m_empty = new QLabel;
    m_empty->setObjectName(QStringLiteral("callsEmptyState"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_empty);

    m_recordsView = new RecordTableView;
    m_recordsView->setObjectName(QStringLiteral("callsRecords"));
    m_recordsView->setAccessibleName(tr("Call records"));
    m_recordsView->setRecordModel(m_records, QStringLiteral("calls/records"), CdrStore::StartTime,
                                  Qt::DescendingOrder);
    m_recordsView->setSortingEnabled(true);
    layout->addWidget(m_recordsView, 1);

    m_totals = new QLabel;
    m_totals->setObjectName(QStringLiteral("callsTotals"));
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totals->setAccessibleName(tr("Totals of the records shown"));
    layout->addWidget(m_totals);

    for (QLineEdit *edit : {m_search, m_src, m_dst, m_did})
        connect(edit, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    for (QComboBox *box : {m_disposition, m_country, m_line})
        connect(box, &QComboBox::currentIndexChanged, this, &CallsPage::applyFilter);
    for (QSpinBox *spin : {m_minDuration, m_maxDuration})
        connect(spin, &QSpinBox::valueChanged, m_filterTimer, qOverload<>(&QTimer::start));
    for (QDoubleSpinBox *spin : {m_minCost, m_maxCost})
        connect(spin, &QDoubleSpinBox::valueChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(clear, &QPushButton::clicked, this, &CallsPage::clearFilters);
    return tab;
}

QWidget *CallsPage::createLinesTab()
{
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    auto *view = new RecordTableView;
    view->setObjectName(QStringLiteral("callsSipLines"));
    view->setAccessibleName(tr("SIP lines"));
    view->setRecordModel(m_lines, QStringLiteral("calls/lines"));
    view->setSortingEnabled(true);
    layout->addWidget(view, 1);
    m_linesMessage = new QLabel(tr("UnlimCall does not return line credentials: read them in its portal."));
    m_linesMessage->setObjectName(QStringLiteral("callsLinesMessage"));
    ErrorText::makeLinkLabel(m_linesMessage);
    layout->addWidget(m_linesMessage);
    return tab;
}

void CallsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_firstShow)
        return;
    m_firstShow = false;
    if (!m_windowApplied)
        applyWindow();
    m_balance->refresh();
    refreshLines();
}

// --- window ---------------------------------------------------------------------------------------

void CallsPage::setWindow(Window window)
{
    m_window = window;
    m_windowBox->setCurrentIndex(int(window));
    QSettings().setValue(QStringLiteral("calls/window"), int(window));
    applyWindow();
}

void CallsPage::setCustomWindow(const QDate &from, const QDate &to)
{
    m_customFrom = qMin(from, to);
    m_customTo = qMax(from, to);
    m_fromEdit->setDate(m_customFrom);
    m_toEdit->setDate(m_customTo);
    QSettings settings;
    settings.setValue(QStringLiteral("calls/customFrom"), m_customFrom);
    settings.setValue(QStringLiteral("calls/customTo"), m_customTo);
    setWindow(Window::Custom);
}

QPair<qint64, qint64> CallsPage::windowRange() const
{
    return m_range;
}

void CallsPage::applyWindow()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QDate today = QDate::currentDate();
    switch (m_window) {
    case Window::Today:
        m_range = {localMidnight(today), now};
        break;
    case Window::Last7Days:
        m_range = {now - 7 * msPerDay, now};
        break;
    case Window::Last30Days:
        m_range = {now - 30 * msPerDay, now};
        break;
    case Window::Last90Days:
        m_range = {now - 90 * msPerDay, now};
        break;
    case Window::Custom:
        m_range = {localMidnight(m_customFrom), qMin(now, localMidnight(m_customTo.addDays(1)))};
        break;
    }
    m_windowApplied = true;
    const bool custom = m_window == Window::Custom;
    m_fromEdit->setVisible(custom);
    m_toEdit->setVisible(custom);
    m_chartsDirty = true;
    cancelRefresh();
    loadWindow();
}

void CallsPage::loadWindow()
{
    // A new loader per window: the old one (if still reading) is cancelled and joined.
    delete m_loader;
    m_loader = new RecordTableLoader(this);
    connect(m_loader, &RecordTableLoader::finished, this, [this](const StoreStatus &s, qint64 rows) {
        if (!s && s.code != StoreStatus::Code::Cancelled)
            m_syncLabel->setText(tr("The stored records could not be read: %1").arg(s.message));
        updateFilterChoices();
        updateEmptyState();
        if (s.code == StoreStatus::Code::Cancelled)
            return;
        Q_EMIT windowLoaded(rows);
        if (m_hub->unlimcall() && m_hub->unlimcall()->client()->hasCredentials())
            refresh(false);
    });
    m_records->clear();
    m_syncLabel->setText(tr("Loading stored records…"));
    if (!m_store) {
        QTimer::singleShot(0, this, [this] {
            Q_EMIT windowLoaded(0);
            refresh(false);
        });
        return;
    }
    m_loader->start(m_records, m_databasePath, CdrStore::cdrsSql(), {m_range.first, m_range.second});
}

bool CallsPage::isLoading() const
{
    return m_loader && m_loader->isRunning();
}

void CallsPage::mergeFresh(const QList<UnlimCall::Cdr> &records)
{
    QList<UnlimCall::Cdr> inWindow;
    inWindow.reserve(records.size());
    for (const UnlimCall::Cdr &cdr : records) {
        if (cdr.startMs >= m_range.first && cdr.startMs < m_range.second)
            inWindow.append(cdr);
    }
    if (!inWindow.isEmpty())
        m_records->mergeRows(CdrStore::cdrRows(inWindow));
}

// --- refresh --------------------------------------------------------------------------------------

void CallsPage::refresh(bool full)
{
    if (m_sync->isRunning() || !m_hub->unlimcall())
        return;
    if (!m_hub->unlimcall()->client()->hasCredentials()) {
        m_syncLabel->setText(
                tr("UnlimCall is not connected: add its token under Accounts to retrieve call records. "
                   "The stored history is shown."));
        updateEmptyState();
        return;
    }
    if (m_window != Window::Custom)
        m_range.second = QDateTime::currentMSecsSinceEpoch(); // rolling windows end now
    m_callRefreshTimer->stop();
    m_refreshButton->setEnabled(false);
    m_progress->setRange(0, 0);
    m_progress->show();
    m_cancelButton->show();
    m_syncLabel->setText(tr("Retrieving call records…"));
    m_sync->start(m_range.first, m_range.second, full);
}

void CallsPage::cancelRefresh()
{
    m_sync->cancel();
}

bool CallsPage::isRefreshing() const
{
    return m_sync->isRunning();
}

// --- filters --------------------------------------------------------------------------------------

void CallsPage::clearFilters()
{
    const QSignalBlocker b1(m_search), b2(m_disposition), b3(m_country), b4(m_line), b5(m_src), b6(m_dst),
            b7(m_did), b8(m_minDuration), b9(m_maxDuration), b10(m_minCost), b11(m_maxCost);
    m_search->clear();
    m_src->clear();
    m_dst->clear();
    m_did->clear();
    m_disposition->setCurrentIndex(0);
    m_country->setCurrentIndex(0);
    m_line->setCurrentIndex(0);
    m_minDuration->setValue(0);
    m_maxDuration->setValue(0);
    m_minCost->setValue(0);
    m_maxCost->setValue(0);
    applyFilter();
}

void CallsPage::applyFilter()
{
    m_filterTimer->stop();
    RecordFilter filter;
    filter.text = m_search->text();
    auto oneOf = [&filter](QComboBox *box, int column) {
        const QString value = box->currentData().toString();
        if (!value.isEmpty())
            filter.predicates.append(ColumnPredicate::oneOf(column, {value}));
    };
    oneOf(m_disposition, CdrStore::Disposition);
    oneOf(m_country, CdrStore::Country);
    oneOf(m_line, CdrStore::SipUsername);
    auto contains = [&filter](QLineEdit *edit, int column) {
        const QString text = edit->text().trimmed();
        if (!text.isEmpty())
            filter.predicates.append(ColumnPredicate::contains(column, text));
    };
    contains(m_src, CdrStore::Src);
    contains(m_dst, CdrStore::Dst);
    contains(m_did, CdrStore::Did);
    // 0 means "any" (the spin boxes' special value).
    auto bound = [](double value) {
        return value > 0 ? std::optional<double>(value) : std::nullopt;
    };
    if (m_minDuration->value() > 0 || m_maxDuration->value() > 0)
        filter.predicates.append(ColumnPredicate::range(CdrStore::Duration, bound(m_minDuration->value()),
                                                        bound(m_maxDuration->value())));
    if (m_minCost->value() > 0 || m_maxCost->value() > 0) {
        // Cost cells hold minor units (cents).
        const auto min = bound(m_minCost->value()), max = bound(m_maxCost->value());
        filter.predicates.append(ColumnPredicate::range(
                CdrStore::Cost, min ? std::optional<double>(std::round(*min * 100)) : min,
                max ? std::optional<double>(std::round(*max * 100)) : max));
    }
    m_chartsDirty = true;
    m_records->setFilter(filter);
}

void CallsPage::updateFilterChoices()
{
    auto refill = [this](QComboBox *box, int column) {
        const QString current = box->currentData().toString();
        const QStringList values = m_records->table().categoryValues(column);
        QStringList existing;
        for (int i = 1; i < box->count(); ++i)
            existing << box->itemData(i).toString();
        if (existing == values)
            return;
        const QSignalBlocker blocker(box);
        while (box->count() > 1)
            box->removeItem(1);
        for (const QString &value : values)
            box->addItem(value, value);
        const int index = box->findData(current);
        box->setCurrentIndex(index >= 0 ? index : 0);
    };
    refill(m_disposition, CdrStore::Disposition);
    refill(m_country, CdrStore::Country);
    refill(m_line, CdrStore::SipUsername);
}

// --- totals and charts ------------------------------------------------------------------------------

void CallsPage::scheduleAggregates()
{
    m_chartsDirty = true;
    m_aggregateTimer->start();
}

void CallsPage::computeAggregates()
{
    m_aggregateTimer->stop();
    if (m_aggregates->isRunning()) {
        m_aggregatesDirty = true;
        return;
    }
    const bool withCharts = m_tabs && m_tabs->currentWidget() == m_charts;
    // The rows the table shows, shared read-only with the worker (merges wait meanwhile).
    std::shared_ptr<const RecordTable> table = m_records->snapshot();
    auto rows = std::make_shared<std::vector<int>>(m_records->visibleRows());
    const QPair<qint64, qint64> range = m_range;
    auto work = [table, rows, range, withCharts]() {
        Aggregates result;
        result.totals = CdrStats::totals(*table, *rows);
        result.withCharts = withCharts;
        if (withCharts)
            result.charts = CdrStats::charts(*table, *rows, range.first, range.second);
        return result;
    };
    if (withCharts)
        m_charts->setBusy(true);
    if (rows->size() < size_t(kAsyncAggregateRows)) {
        m_aggregates->setFuture(QtFuture::makeReadyFuture(work()));
        return;
    }
    m_aggregates->setFuture(QtConcurrent::run(std::move(work)));
}

QString CallsPage::totalsText() const
{
    return m_totalsText;
}

void CallsPage::showCharts()
{
    m_tabs->setCurrentWidget(m_charts);
}

// --- SIP lines, calls, export ----------------------------------------------------------------------

void CallsPage::refreshLines()
{
    UnlimCallService *service = m_hub->unlimcall();
    if (!service || !service->client()->hasCredentials())
        return;
    service->fetchAgents(this, [this](const Result<QList<UnlimCall::Agent>> &result) {
        if (!result.ok()) {
            ErrorText::show(m_linesMessage, result.error(), tr("The SIP lines could not be read."));
            return;
        }
        if (m_store)
            m_store->saveAgents(result.value());
        RecordTable rows(m_lines->schema());
        for (const UnlimCall::Agent &agent : result.value()) {
            const int r = rows.appendRow();
            rows.setText(r, LineId, agent.id);
            rows.setText(r, LineLabel, agent.label);
            rows.setText(r, LineSip,
                         agent.sipUsername.isEmpty() ? tr("(setup not finished)") : agent.sipUsername);
            if (agent.createdAt.isValid())
                rows.setDateTime(r, LineCreated, agent.createdAt.toMSecsSinceEpoch());
        }
        m_lines->setRows(std::move(rows));
        m_linesMessage->setText(
                tr("%n SIP line(s). UnlimCall does not return line credentials: read them in its "
                   "portal.",
                   nullptr, int(result.value().size())));
    });
}

PlaceCallDialog *CallsPage::openPlaceCallDialog()
{
    QList<UnlimCall::Agent> agents;
    const RecordTable &lines = m_lines->table();
    for (int r = 0; r < lines.rowCount(); ++r) {
        UnlimCall::Agent agent;
        agent.id = lines.text(r, LineId);
        agent.label = lines.text(r, LineLabel);
        agent.sipUsername =
                lines.text(r, LineSip).startsWith(QLatin1Char('(')) ? QString() : lines.text(r, LineSip);
        agents.append(agent);
    }
    auto *dialog = new PlaceCallDialog(m_hub->unlimcall(), agents, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PlaceCallDialog::callPlaced, this,
            [this](const UnlimCall::CallQueued &queued, const UnlimCall::CallRequest &request) {
                notify(tr("Call queued"),
                       tr("UnlimCall queued call %1 to %2 (%3).")
                               .arg(queued.callId, request.toNumber, queued.status),
                       false);
                // The call's record shows up once it ends: look again a little later.
                m_callRefreshTimer->start();
            });
    dialog->open();
    return dialog;
}

void CallsPage::startExportDialog()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString name =
            QStringLiteral("unlimcall-calls-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export call records"),
                                                      dir + QLatin1Char('/') + name, tr("CSV (*.csv)"));
    if (!path.isEmpty())
        exportTo(path, CsvProfile::Spreadsheet);
}

bool CallsPage::exportTo(const QString &path, CsvProfile profile)
{
    if (!m_exporter->start(m_records, path, profile))
        return false;
    m_exportProgress->setRange(0, 0);
    m_exportProgress->show();
    return true;
}

void CallsPage::cancelExport()
{
    m_exporter->cancel();
}

bool CallsPage::isExporting() const
{
    return m_exporter->isRunning();
}

void CallsPage::updateEmptyState()
{
    if (!m_empty)
        return;
    if (m_records->rowCount() > 0 || isLoading()) {
        m_empty->hide();
        return;
    }
    QString text;
    if (m_records->table().rowCount() > 0)
        text = tr("No call matches the filters. Clear them to see all %1 records of the window.")
                       .arg(QLocale().toString(m_records->table().rowCount()));
    else if (!m_hub->unlimcall() || !m_hub->unlimcall()->client()->hasCredentials())
        text = tr("No call records stored for this window. Connect UnlimCall under Accounts, then press "
                  "Refresh (F5).");
    else if (isRefreshing())
        text = tr("Retrieving the call records of this window…");
    else
        text = tr("No calls in this window.");
    m_empty->setText(text);
    m_empty->show();
}

void CallsPage::notify(const QString &title, const QString &message, bool failure)
{
    if (m_notifier)
        m_notifier->notify(title, message, failure ? Notifier::Kind::Warning : Notifier::Kind::Information);
}
