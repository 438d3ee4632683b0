#include "RecordTableLoader.h"

#include "core/Iso8601.h"
#include "table/RecordTableModel.h"

#include <QDateTime>
#include <QSemaphore>
#include <QSqlError>
#include <QSqlRecord>
#include <QThread>

#include <sqlite3.h>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <functional>

namespace {

using BatchSink = std::function<bool(RecordTable &&batch)>; // false = stop
using BatchRows = std::function<int()>; // rows the batch being read should reach (read per row)

StoreStatus queryFailure(const QString &detail)
{
    return StoreStatus::failure(StoreStatus::Code::SqlError, QStringLiteral("Reading the local data failed."),
                                detail);
}

// The fast path: no QVariant per cell, UTF-8 straight into the column arenas.
StoreStatus stepWithSqlite(sqlite3 *db, const QString &sql, const QVariantList &binds,
                           const RecordSchema &schema, const BatchRows &batchRows,
                           const std::atomic_bool *cancel, const BatchSink &sink)
{
    sqlite3_stmt *stmt = nullptr;
    const QByteArray sqlUtf8 = sql.toUtf8();
    if (sqlite3_prepare_v2(db, sqlUtf8.constData(), int(sqlUtf8.size()), &stmt, nullptr) != SQLITE_OK)
        return queryFailure(QString::fromUtf8(sqlite3_errmsg(db)));
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> guard(stmt, sqlite3_finalize);

    std::vector<QByteArray> keepAlive; // bound text must outlive the statement's use
    for (int i = 0; i < binds.size(); ++i) {
        const QVariant &v = binds.at(i);
        int rc = SQLITE_OK;
        if (!v.isValid() || v.isNull()) {
            rc = sqlite3_bind_null(stmt, i + 1);
        } else {
            switch (v.metaType().id()) {
            case QMetaType::Int:
            case QMetaType::UInt:
            case QMetaType::LongLong:
            case QMetaType::ULongLong:
            case QMetaType::Long:
            case QMetaType::ULong:
            case QMetaType::Bool:
                rc = sqlite3_bind_int64(stmt, i + 1, v.toLongLong());
                break;
            case QMetaType::Double:
            case QMetaType::Float:
                rc = sqlite3_bind_double(stmt, i + 1, v.toDouble());
                break;
            case QMetaType::QDateTime:
                rc = sqlite3_bind_int64(stmt, i + 1, v.toDateTime().toMSecsSinceEpoch());
                break;
            default:
                keepAlive.push_back(v.toString().toUtf8());
                rc = sqlite3_bind_text(stmt, i + 1, keepAlive.back().constData(),
                                       int(keepAlive.back().size()), SQLITE_STATIC);
                break;
            }
        }
        if (rc != SQLITE_OK)
            return queryFailure(QString::fromUtf8(sqlite3_errmsg(db)));
    }

    struct Mapping
    {
        int sqlColumn;
        int column;
        ColumnType type;
    };
    std::vector<Mapping> mappings;
    for (int j = 0; j < sqlite3_column_count(stmt); ++j) {
        const int column = schema.indexOf(QString::fromUtf8(sqlite3_column_name(stmt, j)));
        if (column >= 0)
            mappings.push_back({j, column, schema.column(column).type});
    }

    RecordTable batch(schema);
    batch.reserve(qMin(batchRows(), 65536));
    for (;;) {
        const int rc = sqlite3_step(stmt);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW)
            return queryFailure(QString::fromUtf8(sqlite3_errmsg(db)));
        const int row = batch.appendRow();
        for (const Mapping &m : mappings) {
            const int sqlType = sqlite3_column_type(stmt, m.sqlColumn);
            if (sqlType == SQLITE_NULL)
                continue;
            switch (m.type) {
            case ColumnType::Integer:
            case ColumnType::Money:
            case ColumnType::Duration:
                batch.setInteger(row, m.column, sqlite3_column_int64(stmt, m.sqlColumn));
                break;
            case ColumnType::Bool:
                batch.setBool(row, m.column, sqlite3_column_int64(stmt, m.sqlColumn) != 0);
                break;
            case ColumnType::Real:
                batch.setReal(row, m.column, sqlite3_column_double(stmt, m.sqlColumn));
                break;
            case ColumnType::DateTime:
                if (sqlType == SQLITE_TEXT) {
                    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, m.sqlColumn));
                    if (const auto msecs = Iso8601::toMsecs(QString::fromUtf8(text)))
                        batch.setDateTime(row, m.column, *msecs);
                } else {
                    batch.setDateTime(row, m.column, sqlite3_column_int64(stmt, m.sqlColumn));
                }
                break;
            case ColumnType::Text:
            case ColumnType::Phone:
            case ColumnType::Category: {
                const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, m.sqlColumn));
                const int bytes = sqlite3_column_bytes(stmt, m.sqlColumn);
                batch.setTextUtf8(row, m.column, QByteArrayView(text, bytes));
                break;
            }
            }
        }
        if (batch.rowCount() >= batchRows()) {
            if (!sink(std::move(batch)))
                return StoreStatus::failure(StoreStatus::Code::Cancelled,
                                            QStringLiteral("Loading was cancelled."));
            batch = RecordTable(schema);
            batch.reserve(qMin(batchRows(), 65536));
        }
        if (cancel && cancel->load(std::memory_order_relaxed))
            return StoreStatus::failure(StoreStatus::Code::Cancelled,
                                        QStringLiteral("Loading was cancelled."));
    }
    if (batch.rowCount() > 0 && !sink(std::move(batch)))
        return StoreStatus::failure(StoreStatus::Code::Cancelled, QStringLiteral("Loading was cancelled."));
    return {};
}

// The portable path, where Qt's driver has its own SQLite copy.
StoreStatus stepWithQtSql(const QSqlDatabase &db, const QString &sql, const QVariantList &binds,
                          const RecordSchema &schema, const BatchRows &batchRows,
                          const std::atomic_bool *cancel, const BatchSink &sink)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return queryFailure(q.lastError().text());
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (!q.exec())
        return queryFailure(q.lastError().text());
    std::vector<std::pair<int, int>> mappings; // sql column, table column
    const QSqlRecord record = q.record();
    for (int j = 0; j < record.count(); ++j) {
        const int column = schema.indexOf(record.fieldName(j));
        if (column >= 0)
            mappings.emplace_back(j, column);
    }
    RecordTable batch(schema);
    while (q.next()) {
        const int row = batch.appendRow();
        for (const auto &[sqlColumn, column] : mappings)
            batch.setValue(row, column, q.value(sqlColumn));
        if (batch.rowCount() >= batchRows()) {
            if (!sink(std::move(batch)))
                return StoreStatus::failure(StoreStatus::Code::Cancelled,
                                            QStringLiteral("Loading was cancelled."));
            batch = RecordTable(schema);
        }
        if (cancel && cancel->load(std::memory_order_relaxed))
            return StoreStatus::failure(StoreStatus::Code::Cancelled,
                                        QStringLiteral("Loading was cancelled."));
    }
    if (q.lastError().isValid())
        return queryFailure(q.lastError().text());
    if (batch.rowCount() > 0 && !sink(std::move(batch)))
        return StoreStatus::failure(StoreStatus::Code::Cancelled, QStringLiteral("Loading was cancelled."));
    return {};
}

StoreStatus loadBatches(const QString &path, const QString &sql, const QVariantList &binds,
                        const RecordSchema &schema, const BatchRows &batchRows,
                        const std::atomic_bool *cancel, const BatchSink &sink)
{
    Database db(path, Database::Mode::ReadOnly);
    if (StoreStatus status = db.open(); !status)
        return status;
    // One read transaction: every batch comes from the same consistent snapshot of the file.
    QSqlQuery begin(db.connection());
    begin.exec(QStringLiteral("BEGIN"));
    StoreStatus status;
    if (sqlite3 *handle = db.nativeHandle())
        status = stepWithSqlite(handle, sql, binds, schema, batchRows, cancel, sink);
    else
        status = stepWithQtSql(db.connection(), sql, binds, schema, batchRows, cancel, sink);
    begin.exec(QStringLiteral("COMMIT"));
    return status;
}

// The GUI thread merges what this thread reads: when both want the same core, the GUI thread
// should win (a slightly lower scheduling weight for the reader, not a starved one).
void yieldToTheGuiThread()
{
#ifdef Q_OS_LINUX
    setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 5);
#else
    QThread::currentThread()->setPriority(QThread::LowPriority);
#endif
}

} // namespace

RecordTableLoader::RecordTableLoader(QObject *parent) : QObject(parent)
{
    m_clock.start();
    m_now = [this] {
        return m_clock.nsecsElapsed();
    };
}

RecordTableLoader::~RecordTableLoader()
{
    m_worker.stop();
}

void RecordTableLoader::setBatchSizes(int firstBatchRows, int maxBatchRows)
{
    m_firstBatchRows = qMax(1, firstBatchRows);
    m_maxBatchRows = qMax(1, maxBatchRows);
}

void RecordTableLoader::setMergeBudget(int msecs)
{
    m_budgetNs = qMax<qint64>(1, msecs) * 1'000'000;
}

void RecordTableLoader::setClock(std::function<qint64()> nowNs)
{
    if (nowNs)
        m_now = std::move(nowNs);
}

bool RecordTableLoader::start(RecordTableModel *model, const QString &databasePath, const QString &sql,
                              const QVariantList &bindValues)
{
    if (m_running || !model)
        return false;
    m_model = model;
    m_running = true;
    m_firstDelivered = false;
    m_rowsDelivered = 0;
    const RecordSchema schema = model->schema();
    // The first batch is small (first rows on screen soon); the budget sizes the others.
    m_budget = std::make_shared<MergeBudget>(m_budgetNs, m_firstBatchRows,
                                             qMin(kMinBatchRows, m_maxBatchRows), m_maxBatchRows);
    const std::shared_ptr<const MergeBudget> budget = m_budget;
    // The destructor waits for this thread, so `this` outlives it; deliveries queued to a
    // destroyed loader are dropped by Qt.
    m_worker.start(QStringLiteral("RecordTableLoader"),
                   [this, databasePath, sql, bindValues, schema,
                    budget](const std::shared_ptr<std::atomic_bool> &cancelFlag) {
                       // At most one batch waits for the GUI thread: the reader goes on with
                       // the next one meanwhile, but never queues several, which the event loop
                       // would merge back to back in one long block.
                       auto mergeSlot = std::make_shared<QSemaphore>(1);
                       const BatchSink sink = [this, cancelFlag, mergeSlot](RecordTable &&batch) {
                           while (!mergeSlot->tryAcquire(1, 20)) {
                               if (cancelFlag->load())
                                   return false;
                           }
                           if (cancelFlag->load())
                               return false;
                           auto shared = std::make_shared<RecordTable>(std::move(batch));
                           QMetaObject::invokeMethod(
                                   this,
                                   [this, shared, mergeSlot]() {
                                       deliver(shared);
                                       mergeSlot->release();
                                   },
                                   Qt::QueuedConnection);
                           return true;
                       };
                       yieldToTheGuiThread();
                       const StoreStatus status = loadBatches(
                               databasePath, sql, bindValues, schema,
                               [&budget] { return budget->nextRows(); }, cancelFlag.get(), sink);
                       // Queued after the last batch: finished() comes after every delivery.
                       QMetaObject::invokeMethod(
                               this, [this, status]() { complete(status); }, Qt::QueuedConnection);
                   });
    return true;
}

void RecordTableLoader::cancel()
{
    m_worker.cancel();
}

void RecordTableLoader::deliver(std::shared_ptr<RecordTable> batch)
{
    if (!m_running || m_worker.isCancelled())
        return;
    if (!m_model) {
        cancel(); // the table was closed: stop reading
        return;
    }
    const int rows = batch->rowCount();
    const qint64 started = m_now();
    m_rowsDelivered += rows;
    m_model->mergeRows(std::move(*batch));
    Q_EMIT progress(m_rowsDelivered);
    if (!m_firstDelivered) {
        m_firstDelivered = true;
        Q_EMIT firstBatchMerged();
    }
    // A batch the model only queued (a sort holds the table) says nothing about the cost of a row.
    if (m_model && !m_model->hasPendingRows())
        m_budget->recordMerge(rows, m_now() - started);
}

void RecordTableLoader::complete(const StoreStatus &status)
{
    if (!m_running)
        return;
    m_running = false;
    StoreStatus result = status;
    if (result.ok() && m_worker.isCancelled())
        result = StoreStatus::failure(StoreStatus::Code::Cancelled, QStringLiteral("Loading was cancelled."));
    if (result.ok() && !m_model)
        result = StoreStatus::failure(StoreStatus::Code::Cancelled, QStringLiteral("The table was closed."));
    Q_EMIT finished(result, m_rowsDelivered);
}

StoreStatus RecordTableLoader::loadAll(RecordTable &into, const QString &databasePath, const QString &sql,
                                       const QVariantList &bindValues)
{
    const RecordSchema schema = into.schema();
    return loadBatches(
            databasePath, sql, bindValues, schema, [] { return 1 << 30; }, nullptr,
            [&into](RecordTable &&batch) {
                if (into.rowCount() == 0)
                    into = std::move(batch);
                else
                    into.merge(batch);
                return true;
            });
}
