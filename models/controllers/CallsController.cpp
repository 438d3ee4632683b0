#include "CallsController.h"

#include "store/CdrStore.h"
#include "store/CdrSync.h"
#include "table/RecordTableLoader.h"
#include "table/RecordTableModel.h"
#include "unlimcall/UnlimCallService.h"

#include <QSettings>
#include <QTimer>
#include <QtConcurrent>

#include <cmath>

namespace {

constexpr qint64 msPerDay = 24LL * 3600 * 1000;
// Below this many rows the totals and charts are computed at once on the GUI thread.
constexpr int kAsyncAggregateRows = 50'000;

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

bool isUnreachable(const ApiError &error)
{
    return error.kind == ApiError::Kind::Network || error.kind == ApiError::Kind::Timeout;
}

} // namespace

RecordFilter CallsController::Filter::toRecordFilter() const
{
    RecordFilter filter;
    filter.text = text;
    const auto oneOf = [&filter](const QString &value, int column) {
        if (!value.isEmpty())
            filter.predicates.append(ColumnPredicate::oneOf(column, {value}));
    };
    oneOf(disposition, CdrStore::Disposition);
    oneOf(country, CdrStore::Country);
    oneOf(sipLine, CdrStore::SipUsername);
    const auto contains = [&filter](const QString &value, int column) {
        const QString trimmed = value.trimmed();
        if (!trimmed.isEmpty())
            filter.predicates.append(ColumnPredicate::contains(column, trimmed));
    };
    contains(src, CdrStore::Src);
    contains(dst, CdrStore::Dst);
    contains(did, CdrStore::Did);
    const auto bound = [](double value) {
        return value > 0 ? std::optional<double>(value) : std::nullopt;
    };
    if (minDurationSeconds > 0 || maxDurationSeconds > 0)
        filter.predicates.append(ColumnPredicate::range(CdrStore::Duration, bound(minDurationSeconds),
                                                        bound(maxDurationSeconds)));
    if (minCost > 0 || maxCost > 0) {
        // Cost cells hold minor units (cents).
        const auto cents = [&bound](double amount) {
            const auto value = bound(amount);
            return value ? std::optional<double>(std::round(*value * 100)) : value;
        };
        filter.predicates.append(ColumnPredicate::range(CdrStore::Cost, cents(minCost), cents(maxCost)));
    }
    return filter;
}

CallsController::CallsController(UnlimCallService *service, const QString &databasePath, QObject *parent)
    : QObject(parent),
      m_service(service),
      m_databasePath(databasePath.isEmpty() ? Database::defaultPath() : databasePath)
{
    m_database = std::make_unique<Database>(m_databasePath);
    m_database->registerMigrations(CdrStore::component(), CdrStore::migrations());
    StoreStatus status = m_database->open();
    if (status)
        status = m_database->migrate();
    if (status)
        m_store = std::make_unique<CdrStore>(m_database.get());
    else
        m_storeProblem = status.message;

    m_sync = new CdrSync(service, m_databasePath, this);
    m_records = new RecordTableModel(CdrStore::cdrSchema(), this);
    m_records->sort(CdrStore::StartTime, Qt::DescendingOrder);
    m_lines = new RecordTableModel(lineSchema(), this);
    m_export = new ExportJob(this);
    m_aggregates = new QFutureWatcher<Aggregates>(this);
    m_aggregateTimer = new QTimer(this);
    m_aggregateTimer->setSingleShot(true);
    m_aggregateTimer->setInterval(80);
    m_choicesTimer = new QTimer(this);
    m_choicesTimer->setSingleShot(true);
    m_choicesTimer->setInterval(500);
    m_afterCallTimer = new QTimer(this);
    m_afterCallTimer->setSingleShot(true);
    m_afterCallTimer->setInterval(15'000);

    connect(m_sync, &CdrSync::recordsReceived, this, &CallsController::mergeFresh);
    connect(m_sync, &CdrSync::progress, this, &CallsController::refreshProgress);
    connect(m_sync, &CdrSync::finished, this, &CallsController::onSyncFinished);
    connect(m_records, &RecordTableModel::visibleRowsChanged, this, &CallsController::scheduleAggregates);
    connect(m_records, &RecordTableModel::rowsMerged, m_choicesTimer, qOverload<>(&QTimer::start));
    connect(m_choicesTimer, &QTimer::timeout, this, &CallsController::filterChoicesChanged);
    connect(m_aggregateTimer, &QTimer::timeout, this, &CallsController::computeAggregates);
    connect(m_aggregates, &QFutureWatcher<Aggregates>::finished, this, &CallsController::onAggregatesReady);
    connect(m_afterCallTimer, &QTimer::timeout, this, [this] { refresh(false); });

    QSettings settings;
    m_window =
            Window(qBound(0, settings.value(QStringLiteral("calls/window"), int(Window::Last30Days)).toInt(),
                          int(Window::Custom)));
    m_customFrom =
            settings.value(QStringLiteral("calls/customFrom"), QDate::currentDate().addDays(-6)).toDate();
    m_customTo = settings.value(QStringLiteral("calls/customTo"), QDate::currentDate()).toDate();
    if (m_store) {
        m_agents = m_store->agents();
        showLines(m_agents);
    }
}

CallsController::~CallsController()
{
    m_aggregates->waitForFinished();
    // The loader delivers into the records model and reads the database: it stops first.
    delete m_loader;
    m_loader = nullptr;
}

bool CallsController::isConnected() const
{
    return m_service && m_service->client()->hasCredentials();
}

// --- window ---------------------------------------------------------------------------------------

void CallsController::setWindow(Window window)
{
    m_window = window;
    QSettings().setValue(QStringLiteral("calls/window"), int(window));
    applyWindow();
}

void CallsController::setCustomWindow(const QDate &from, const QDate &to)
{
    m_customFrom = qMin(from, to);
    m_customTo = qMax(from, to);
    QSettings settings;
    settings.setValue(QStringLiteral("calls/customFrom"), m_customFrom);
    settings.setValue(QStringLiteral("calls/customTo"), m_customTo);
    setWindow(Window::Custom);
}

void CallsController::open()
{
    if (!m_windowApplied)
        applyWindow();
    refreshLines();
}

void CallsController::applyWindow()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    switch (m_window) {
    case Window::Today:
        m_range = {localMidnight(QDate::currentDate()), now};
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
    m_chartsDirty = true;
    cancelRefresh();
    Q_EMIT windowChanged();
    loadWindow();
}

void CallsController::loadWindow()
{
    // A new loader per window: the old one (if still reading) is cancelled and joined.
    delete m_loader;
    m_loader = new RecordTableLoader(this);
    connect(m_loader, &RecordTableLoader::finished, this, [this](const StoreStatus &status, qint64 rows) {
        if (!status && status.code != StoreStatus::Code::Cancelled)
            Q_EMIT loadFailed(status);
        Q_EMIT filterChoicesChanged();
        if (status.code == StoreStatus::Code::Cancelled)
            return;
        Q_EMIT windowLoaded(rows);
        if (isConnected())
            refresh(false);
    });
    m_records->clear();
    Q_EMIT loadStarted();
    if (!m_store) {
        QTimer::singleShot(0, this, [this] {
            Q_EMIT windowLoaded(0);
            refresh(false);
        });
        return;
    }
    m_loader->start(m_records, m_databasePath, CdrStore::cdrsSql(), {m_range.first, m_range.second});
}

bool CallsController::isLoading() const
{
    return m_loader && m_loader->isRunning();
}

void CallsController::mergeFresh(const QList<UnlimCall::Cdr> &records)
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

void CallsController::refresh(bool full)
{
    if (m_sync->isRunning() || !m_service)
        return;
    if (!isConnected()) {
        Q_EMIT notConnected();
        return;
    }
    if (m_window != Window::Custom)
        m_range.second = QDateTime::currentMSecsSinceEpoch(); // rolling windows end now
    m_afterCallTimer->stop();
    if (m_sync->start(m_range.first, m_range.second, full))
        Q_EMIT refreshStarted();
}

void CallsController::onSyncFinished(const ApiError &error)
{
    if (isUnreachable(error))
        setOffline(true);
    else if (error.kind == ApiError::Kind::None || error.kind == ApiError::Kind::Vendor)
        setOffline(false);
    Q_EMIT filterChoicesChanged();
    Q_EMIT refreshFinished(error);
}

void CallsController::cancelRefresh()
{
    m_sync->cancel();
}

bool CallsController::isRefreshing() const
{
    return m_sync->isRunning();
}

qint64 CallsController::retrievedRecords() const
{
    return m_sync->stats().records;
}

qint64 CallsController::retrievalRequests() const
{
    return m_sync->stats().requests;
}

void CallsController::refreshAfterCall()
{
    m_afterCallTimer->start();
}

void CallsController::setRefreshAfterCallDelay(int milliseconds)
{
    m_afterCallTimer->setInterval(milliseconds);
}

void CallsController::setOffline(bool offline)
{
    if (offline == m_offline)
        return;
    m_offline = offline;
    Q_EMIT offlineChanged(offline);
}

// --- filter ---------------------------------------------------------------------------------------

void CallsController::setFilter(const Filter &filter)
{
    m_filter = filter;
    m_chartsDirty = true;
    m_records->setFilter(filter.toRecordFilter());
}

QStringList CallsController::filterChoices(int column) const
{
    return m_records->table().categoryValues(column);
}

// --- totals and charts ----------------------------------------------------------------------------

void CallsController::setChartsWanted(bool wanted)
{
    m_chartsWanted = wanted;
    if (wanted && m_chartsDirty)
        computeAggregates();
}

void CallsController::scheduleAggregates()
{
    m_chartsDirty = true;
    m_aggregateTimer->start();
}

void CallsController::computeAggregates()
{
    m_aggregateTimer->stop();
    if (m_aggregates->isRunning()) {
        m_aggregatesDirty = true;
        return;
    }
    const bool withCharts = m_chartsWanted;
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
        Q_EMIT chartsComputing();
    if (rows->size() < size_t(kAsyncAggregateRows)) {
        m_aggregates->setFuture(QtFuture::makeReadyFuture(work()));
        return;
    }
    m_aggregates->setFuture(QtConcurrent::run(std::move(work)));
}

void CallsController::onAggregatesReady()
{
    const Aggregates result = m_aggregates->result();
    m_totalsText = result.totals.describe();
    Q_EMIT totalsChanged(m_totalsText);
    if (result.withCharts) {
        m_chartsDirty = false;
        Q_EMIT chartsChanged(result.charts);
    }
    if (m_aggregatesDirty) {
        m_aggregatesDirty = false;
        computeAggregates();
    }
}

// --- SIP lines --------------------------------------------------------------------------------------

void CallsController::refreshLines()
{
    if (!isConnected())
        return;
    m_service->fetchAgents(this, [this](const Result<QList<UnlimCall::Agent>> &result) {
        if (!result.ok()) {
            Q_EMIT linesFailed(result.error());
            return;
        }
        if (m_store)
            m_store->saveAgents(result.value());
        m_agents = result.value();
        showLines(m_agents);
    });
}

void CallsController::showLines(const QList<UnlimCall::Agent> &agents)
{
    RecordTable rows(m_lines->schema());
    for (const UnlimCall::Agent &agent : agents) {
        const int r = rows.appendRow();
        rows.setText(r, LineId, agent.id);
        rows.setText(r, LineLabel, agent.label);
        rows.setText(r, LineSip,
                     agent.sipUsername.isEmpty() ? tr("(setup not finished)") : agent.sipUsername);
        if (agent.createdAt.isValid())
            rows.setDateTime(r, LineCreated, agent.createdAt.toMSecsSinceEpoch());
    }
    m_lines->setRows(std::move(rows));
    Q_EMIT linesChanged(int(agents.size()));
}

QList<UnlimCall::Agent> CallsController::agents() const
{
    return m_agents;
}

// --- export ---------------------------------------------------------------------------------------

bool CallsController::exportTo(const QString &path, CsvProfile profile)
{
    return m_export->start(m_records, path, profile);
}
