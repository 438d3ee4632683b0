#pragma once

#include "store/Database.h"
#include "table/MergeBudget.h"
#include "table/RecordTable.h"
#include "table/WorkerThread.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QVariantList>

#include <atomic>
#include <functional>
#include <memory>

class RecordTableModel;

// Loads rows from SQLite into a RecordTableModel without blocking the GUI thread: a worker
// thread opens its own read-only connection (Database::Mode::ReadOnly on the same file), steps
// the query with SQLite's C API (no QVariant per cell) and hands batches to the GUI thread,
// which merges each with one beginInsertRows. The first batch is small so the first rows are on
// screen quickly; the others are sized by a time budget for the GUI thread (MergeBudget): as many
// rows as this machine merges in about 15 ms, so a slower or busier machine gets smaller batches
// instead of longer stalls.
//
// Result columns are matched to table columns BY NAME: alias them to the ColumnSpec keys
//   SELECT id, start_ms AS startTime, duration, src, dst, disposition, ... FROM cdrs ORDER BY ...
// Conversions by column type: Integer/Money/Duration/Bool from INTEGER, Real from REAL,
// DateTime from INTEGER msecs (or ISO-8601 TEXT, slower), Text/Phone/Category from TEXT.
// SQL NULL → null cell. Result columns with no matching key are ignored.
//
//   auto *loader = new RecordTableLoader(this);
//   connect(loader, &RecordTableLoader::finished, this, [](const StoreStatus &s, qint64 rows) {...});
//   loader->start(model, db.path(), QStringLiteral("SELECT ... FROM leads"));
class RecordTableLoader : public QObject
{
    Q_OBJECT
public:
    explicit RecordTableLoader(QObject *parent = nullptr);
    // Cancels and waits for the worker.
    ~RecordTableLoader() override;

    // Rows in the first batch, and at most in any batch (defaults 2,000 and 100,000).
    void setBatchSizes(int firstBatchRows, int maxBatchRows);
    // The GUI thread's time for merging one batch (default 15 ms).
    void setMergeBudget(int msecs);
    // Tests: the clock that times merges, in nanoseconds (default: a monotonic clock).
    void setClock(std::function<qint64()> nowNs);

    // Starts loading into `model` (which must outlive the load or be destroyed first: the
    // loader stops delivering if the model goes away). The model is not cleared: rows are
    // upserted by id. Returns false if a load is already running.
    bool start(RecordTableModel *model, const QString &databasePath, const QString &sql,
               const QVariantList &bindValues = {});
    // Stops after the current batch; finished() follows with Code::Cancelled.
    void cancel();
    bool isRunning() const { return m_running; }

    // Synchronous load into a table (CLI, tests, benchmarks), on the calling thread with its
    // own read-only connection.
    static StoreStatus loadAll(RecordTable &into, const QString &databasePath, const QString &sql,
                               const QVariantList &bindValues = {});

Q_SIGNALS:
    // After each merged batch: rows delivered so far.
    void progress(qint64 rowsLoaded);
    // The first batch is in the model (first rows on screen).
    void firstBatchMerged();
    // Exactly once per start(). rowsLoaded counts the rows read from the database.
    void finished(const StoreStatus &status, qint64 rowsLoaded);

private:
    void deliver(std::shared_ptr<RecordTable> batch);
    void complete(const StoreStatus &status);

    // Below this, the per-batch overhead (a queued call, a row insertion in the views) would
    // outweigh the rows.
    static constexpr int kMinBatchRows = 500;

    WorkerThread m_worker;
    QPointer<RecordTableModel> m_model;
    int m_firstBatchRows = 2000;
    int m_maxBatchRows = 100'000;
    qint64 m_budgetNs = 15'000'000;
    std::shared_ptr<MergeBudget> m_budget;
    QElapsedTimer m_clock;
    std::function<qint64()> m_now;
    qint64 m_rowsDelivered = 0;
    bool m_running = false;
    bool m_firstDelivered = false;
};
