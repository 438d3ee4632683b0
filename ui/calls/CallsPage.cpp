#include "CallsPage.h"

#include "BalanceCard.h"
#include "CdrChartsView.h"
#include "PlaceCallDialog.h"
#include "WebhooksPanel.h"
#include "outbound/OutboundGuard.h"

#include "accounts/ServiceHub.h"
#include "common/ErrorText.h"
#include "common/ExportControl.h"
#include "common/Notifier.h"
#include "common/RecordTableView.h"
#include "store/CdrStore.h"
#include "table/RecordTableModel.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace {

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
      m_controller(new CallsController(hub->unlimcall(), databasePath, this))
{
    setObjectName(QStringLiteral("callsPage"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createHeader());
    if (!storeProblem().isEmpty()) {
        auto *problem =
                new QLabel(tr("The local call history could not be opened: %1 Records are shown while "
                              "the page is open but not kept.")
                                   .arg(storeProblem()));
        problem->setWordWrap(true);
        layout->addWidget(problem);
    }
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("callsTabs"));
    m_tabs->addTab(createRecordsTab(), tr("Call &records"));
    m_charts = new CdrChartsView;
    m_charts->setLineNames(sipLines(), CallsController::LineSip, CallsController::LineLabel);
    m_tabs->addTab(m_charts, tr("C&harts"));
    connect(m_charts, &CdrChartsView::updated, this, &CallsPage::chartsUpdated);
    m_tabs->addTab(createLinesTab(), tr("SIP &lines"));
    m_webhooks = new WebhooksPanel(hub->unlimcall(), m_controller->store(), hub->webhookSecretStore());
    m_tabs->addTab(m_webhooks, tr("&Webhooks"));
    layout->addWidget(m_tabs, 1);

    connectController();
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        QSettings().setValue(QStringLiteral("calls/tab"), index);
        m_controller->setChartsWanted(m_tabs->widget(index) == m_charts);
        if (m_tabs->widget(index) == m_webhooks)
            m_webhooks->reload();
    });

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
    m_export->attachShortcut(this);
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), [this] { openPlaceCallDialog(); });

    showWindow();
    m_tabs->setCurrentIndex(QSettings().value(QStringLiteral("calls/tab"), 0).toInt());
    m_controller->setChartsWanted(m_tabs->currentWidget() == m_charts);
    updateEmptyState();
}

CallsPage::~CallsPage()
{
    // The controller's models and workers go before the views that show them.
    delete m_controller;
}

void CallsPage::connectController()
{
    CallsController *c = m_controller;
    connect(c, &CallsController::windowChanged, this, &CallsPage::showWindow);
    connect(c, &CallsController::loadStarted, this, [this] {
        m_syncLabel->setText(tr("Loading stored records…"));
        updateEmptyState();
    });
    connect(c, &CallsController::loadFailed, this, [this](const StoreStatus &status) {
        m_syncLabel->setText(tr("The stored records could not be read: %1").arg(status.message));
    });
    connect(c, &CallsController::windowLoaded, this, [this](qint64 rows) {
        updateEmptyState();
        Q_EMIT windowLoaded(rows);
    });
    connect(c, &CallsController::refreshStarted, this, &CallsPage::showRefreshStarted);
    connect(c, &CallsController::refreshProgress, this, [this](qint64 done, qint64 total, qint64 records) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(total > 0 ? int(1000 * done / total) : 0);
        m_syncLabel->setText(tr("Retrieving call records… %1 received").arg(QLocale().toString(records)));
    });
    connect(c, &CallsController::refreshFinished, this, &CallsPage::showRefreshFinished);
    connect(c, &CallsController::notConnected, this, [this] {
        m_syncLabel->setText(
                tr("UnlimCall is not connected: add its token under Accounts to retrieve call records. "
                   "The stored history is shown."));
        updateEmptyState();
    });
    connect(c, &CallsController::filterChoicesChanged, this, &CallsPage::updateFilterChoices);
    connect(c->records(), &RecordTableModel::visibleRowsChanged, this, &CallsPage::updateEmptyState);
    connect(c, &CallsController::totalsChanged, this, [this](const QString &text) {
        m_totals->setText(text);
        Q_EMIT totalsChanged(text);
    });
    connect(c, &CallsController::chartsComputing, m_charts, [this] { m_charts->setBusy(true); });
    connect(c, &CallsController::chartsChanged, m_charts, &CdrChartsView::setData);
    connect(c, &CallsController::linesChanged, this, [this](int count) {
        m_linesMessage->setText(
                tr("%n SIP line(s). UnlimCall does not return line credentials: read them in its "
                   "portal.",
                   nullptr, count));
    });
    connect(c, &CallsController::linesFailed, this, [this](const ApiError &error) {
        ErrorText::show(m_linesMessage, error, tr("The SIP lines could not be read."));
    });
    connect(c->exportJob(), &ExportJob::finished, this, &CallsPage::exportFinished);
}

QWidget *CallsPage::createHeader()
{
    auto *header = new QWidget;
    auto *layout = new QHBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    m_balance = new BalanceCard(m_hub->unlimcall(), m_controller->store(), &m_hub->settings(), m_notifier);
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
    m_export = new ExportControl(m_controller->exportJob(), m_notifier);
    m_export->setObjectName(QStringLiteral("callsExport"));
    m_export->setSource([this] {
        return ExportControl::Source{
                records(),
                QStringLiteral("unlimcall-calls-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate))};
    });
    actions->addWidget(m_refreshButton);
    actions->addWidget(m_progress, 1);
    actions->addWidget(m_cancelButton);
    actions->addStretch(0);
    actions->addWidget(m_export);
    actions->addWidget(placeCall);
    grid->addLayout(actions, 1, 0, 1, 2);
    m_syncLabel = new QLabel;
    m_syncLabel->setObjectName(QStringLiteral("callsSyncLabel"));
    ErrorText::makeLinkLabel(m_syncLabel);
    grid->addWidget(m_syncLabel, 2, 0, 1, 2);
    layout->addWidget(box, 1);

    connect(m_windowBox, &QComboBox::activated, this, [this](int index) { setWindow(Window(index)); });
    auto customChanged = [this] {
        if (window() == Window::Custom)
            setCustomWindow(m_fromEdit->date(), m_toEdit->date());
    };
    connect(m_fromEdit, &QDateEdit::editingFinished, this, customChanged);
    connect(m_toEdit, &QDateEdit::editingFinished, this, customChanged);
    connect(m_refreshButton, &QPushButton::clicked, this, [this] { refresh(false); });
    connect(m_cancelButton, &QPushButton::clicked, m_controller, &CallsController::cancelRefresh);
    connect(placeCall, &QPushButton::clicked, this, [this] { openPlaceCallDialog(); });
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
    m_recordsView->setRecordModel(records(), QStringLiteral("calls/records"), CdrStore::StartTime,
                                  Qt::DescendingOrder);
    m_recordsView->setSortingEnabled(true);
    layout->addWidget(m_recordsView, 1);

    m_totals = new QLabel;
    m_totals->setObjectName(QStringLiteral("callsTotals"));
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totals->setAccessibleName(tr("Totals of the records shown"));
    layout->addWidget(m_totals);

    // Every keystroke, spin and choice narrows the table at once: the table model coalesces what
    // arrives while it computes, so no pause is needed.
    const auto filter = [this] {
        m_controller->setFilter(filterFromWidgets());
    };
    for (QLineEdit *edit : {m_search, m_src, m_dst, m_did})
        connect(edit, &QLineEdit::textChanged, this, filter);
    for (QComboBox *box : {m_disposition, m_country, m_line})
        connect(box, &QComboBox::currentIndexChanged, this, filter);
    for (QSpinBox *spin : {m_minDuration, m_maxDuration})
        connect(spin, &QSpinBox::valueChanged, this, filter);
    for (QDoubleSpinBox *spin : {m_minCost, m_maxCost})
        connect(spin, &QDoubleSpinBox::valueChanged, this, filter);
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
    view->setRecordModel(sipLines(), QStringLiteral("calls/lines"));
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
    m_controller->open();
    m_balance->refresh();
}

// --- window ---------------------------------------------------------------------------------------

void CallsPage::setWindow(Window window)
{
    m_controller->setWindow(window);
}

void CallsPage::setCustomWindow(const QDate &from, const QDate &to)
{
    m_controller->setCustomWindow(from, to);
}

void CallsPage::showWindow()
{
    const bool custom = window() == Window::Custom;
    m_windowBox->setCurrentIndex(int(window()));
    m_fromEdit->setDate(m_controller->customFrom());
    m_toEdit->setDate(m_controller->customTo());
    m_fromEdit->setVisible(custom);
    m_toEdit->setVisible(custom);
}

// --- refresh --------------------------------------------------------------------------------------

void CallsPage::showRefreshStarted()
{
    m_refreshButton->setEnabled(false);
    m_progress->setRange(0, 0);
    m_progress->show();
    m_cancelButton->show();
    m_syncLabel->setText(tr("Retrieving call records…"));
    updateEmptyState();
}

void CallsPage::showRefreshFinished(const ApiError &error)
{
    m_progress->hide();
    m_cancelButton->hide();
    m_refreshButton->setEnabled(true);
    const qint64 records = m_controller->retrievedRecords();
    if (!error.isError()) {
        m_syncLabel->setText(
                tr("Up to date: %1 record(s) retrieved with %2 request(s), %3.")
                        .arg(QLocale().toString(records),
                             QLocale().toString(m_controller->retrievalRequests()),
                             QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat)));
        if (records > 0)
            notify(tr("Call records updated"),
                   tr("%1 call record(s) retrieved from UnlimCall.").arg(QLocale().toString(records)), false);
    } else if (error.kind == ApiError::Kind::Cancelled) {
        m_syncLabel->setText(tr("Cancelled. The %1 record(s) received are kept; Refresh continues where it "
                                "stopped.")
                                     .arg(QLocale().toString(records)));
    } else {
        ErrorText::show(m_syncLabel, error, tr("Call records could not be retrieved."));
        notify(tr("Call records not retrieved"), ErrorText::plainText(error), true);
    }
    updateEmptyState();
    Q_EMIT refreshFinished(error);
}

// --- filters --------------------------------------------------------------------------------------

CallsController::Filter CallsPage::filterFromWidgets() const
{
    CallsController::Filter filter;
    filter.text = m_search->text();
    filter.disposition = m_disposition->currentData().toString();
    filter.country = m_country->currentData().toString();
    filter.sipLine = m_line->currentData().toString();
    filter.src = m_src->text();
    filter.dst = m_dst->text();
    filter.did = m_did->text();
    filter.minDurationSeconds = m_minDuration->value();
    filter.maxDurationSeconds = m_maxDuration->value();
    filter.minCost = m_minCost->value();
    filter.maxCost = m_maxCost->value();
    return filter;
}

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
    m_controller->setFilter(filterFromWidgets());
}

void CallsPage::updateFilterChoices()
{
    auto refill = [this](QComboBox *box, int column) {
        const QString current = box->currentData().toString();
        const QStringList values = m_controller->filterChoices(column);
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

void CallsPage::showCharts()
{
    m_tabs->setCurrentWidget(m_charts);
}

// --- calls, export --------------------------------------------------------------------------------

void CallsPage::setOutboundGuard(OutboundGuard *guard)
{
    m_guard = guard;
}

PlaceCallDialog *CallsPage::openPlaceCallDialog()
{
    auto *dialog = new PlaceCallDialog(m_hub->unlimcall(), m_guard, m_controller->agents(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PlaceCallDialog::callPlaced, this,
            [this](const UnlimCall::CallQueued &queued, const UnlimCall::CallRequest &request) {
                notify(tr("Call queued"),
                       tr("UnlimCall queued call %1 to %2 (%3).")
                               .arg(queued.callId, request.toNumber, queued.status),
                       false);
                m_controller->refreshAfterCall();
            });
    dialog->open();
    return dialog;
}

void CallsPage::cancelExport()
{
    m_controller->exportJob()->cancel();
}

bool CallsPage::isExporting() const
{
    return m_controller->exportJob()->isBusy();
}

void CallsPage::updateEmptyState()
{
    if (!m_empty)
        return;
    RecordTableModel *model = records();
    if (model->rowCount() > 0 || isLoading()) {
        m_empty->hide();
        return;
    }
    QString text;
    if (model->table().rowCount() > 0)
        text = tr("No call matches the filters. Clear them to see all %1 records of the window.")
                       .arg(QLocale().toString(model->table().rowCount()));
    else if (!m_controller->isConnected())
        text = tr("No call records stored for this window. Connect UnlimCall under Accounts, then press "
                  "Refresh (F5).");
    else if (isRefreshing())
        text = tr("Retrieving the call records of this window…");
    else
        text = tr("No calls in this window.");
    m_empty->setText(text);
    m_empty->show();
}

void CallsPage::showCall(const QString &callId, const QString &number)
{
    clearFilters();
    m_tabs->setCurrentIndex(0);
    if (m_recordsView->selectRecord(callId) || number.isEmpty())
        return;
    // A CDR's numbers may be written with or without the '+': match the digits.
    QString digits = number;
    digits.remove(QLatin1Char('+'));
    m_dst->setText(digits);
}

void CallsPage::notify(const QString &title, const QString &message, bool failure)
{
    if (m_notifier)
        m_notifier->notify(title, message,
                           failure ? Notification::Severity::Warning : Notification::Severity::Information);
}
