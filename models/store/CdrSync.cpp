#include "CdrSync.h"

#include "core/Logging.h"
#include "unlimcall/UnlimCallService.h"

#include <QDateTime>
#include <QFileInfo>
#include <QThread>

#include <memory>

// Owns its own connection to the database, on the sync's worker thread.
class CdrSync::Writer : public QObject
{
public:
    explicit Writer(QString path) : m_path(std::move(path)) { }

    StoreStatus ensureOpen()
    {
        if (m_db)
            return {};
        auto db = std::make_unique<Database>(m_path);
        db->registerMigrations(CdrStore::component(), CdrStore::migrations());
        if (StoreStatus s = db->open(); !s)
            return s;
        if (StoreStatus s = db->migrate(); !s)
            return s;
        m_db = std::move(db);
        m_store = std::make_unique<CdrStore>(m_db.get());
        return {};
    }

    void save(const QList<UnlimCall::Cdr> &records)
    {
        if (!m_failure.ok())
            return;
        StoreStatus status = ensureOpen();
        if (status)
            status = m_store->saveCdrs(records);
        if (!status)
            m_failure = status;
    }

    void cover(const QList<CdrStore::Interval> &intervals)
    {
        if (!m_failure.ok())
            return; // coverage only for what is surely stored
        StoreStatus status = ensureOpen();
        if (status)
            status = m_store->addCoverage(intervals);
        if (!status)
            m_failure = status;
    }

    StoreStatus takeFailure() { return std::exchange(m_failure, StoreStatus()); }

    void close()
    {
        m_store.reset();
        m_db.reset();
    }

private:
    QString m_path;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<CdrStore> m_store;
    StoreStatus m_failure;
};

CdrSync::CdrSync(UnlimCallService *service, const QString &databasePath, QObject *parent)
    : QObject(parent), m_service(service), m_databasePath(databasePath)
{
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("cdr-writer"));
    m_writer = new Writer(databasePath);
    m_writer->moveToThread(m_thread);
    m_thread->start();

    m_retriever = new CdrRetriever(service, this);
    connect(m_retriever, &CdrRetriever::recordsReceived, this, [this](const QList<UnlimCall::Cdr> &records) {
        writeRecords(records);
        Q_EMIT recordsReceived(records);
    });
    connect(m_retriever, &CdrRetriever::progress, this, [this](qint64 completed, qint64, qint64) {
        Q_EMIT progress(m_doneMs + completed, m_totalMs, m_stats.records + m_retriever->stats().records);
    });
    connect(m_retriever, &CdrRetriever::finished, this, &CdrSync::onRetrieverFinished);
}

CdrSync::~CdrSync()
{
    m_retriever->disconnect(this);
    m_retriever->cancel();
    // Writes already queued still land; then the connection closes on its own thread.
    Writer *writer = m_writer;
    QMetaObject::invokeMethod(
            writer, [writer] { writer->close(); }, Qt::QueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_writer;
}

void CdrSync::setRetrieverOptions(const CdrRetriever::Options &options)
{
    m_retriever->setOptions(options);
}

bool CdrSync::start(qint64 fromMs, qint64 tillMs, bool full)
{
    if (m_running || !m_service)
        return false;
    m_running = true;
    m_stats = {};
    m_gapIndex = 0;
    m_doneMs = 0;
    m_startedMs = QDateTime::currentMSecsSinceEpoch();

    m_gaps.clear();
    if (full || !QFileInfo::exists(m_databasePath)) {
        m_gaps.append({fromMs, tillMs});
    } else {
        // Read on this thread with a short-lived read-only connection: a few rows.
        Database db(m_databasePath, Database::Mode::ReadOnly);
        if (db.open() && db.schemaVersion(CdrStore::component()) > 0)
            m_gaps = CdrStore(&db).missing(fromMs, tillMs);
        else
            m_gaps.append({fromMs, tillMs});
    }
    m_totalMs = 0;
    for (const CdrStore::Interval &gap : std::as_const(m_gaps))
        m_totalMs += gap.second - gap.first;
    qCInfo(lcStore) << "CDR sync:" << m_gaps.size() << "stretch(es) to retrieve," << m_totalMs / 60000
                    << "minutes";
    QMetaObject::invokeMethod(this, &CdrSync::nextGap, Qt::QueuedConnection);
    return true;
}

void CdrSync::cancel()
{
    if (!m_running)
        return;
    if (m_retriever->isRunning()) {
        m_retriever->cancel(); // → onRetrieverFinished(Cancelled)
        return;
    }
    ApiError error;
    error.vendor = Vendor::UnlimCall;
    error.kind = ApiError::Kind::Cancelled;
    error.code = QStringLiteral("cancelled");
    error.explanation = QStringLiteral("Cancelled.");
    m_gapIndex = int(m_gaps.size());
    finishAfterWrites(error);
}

void CdrSync::nextGap()
{
    if (!m_running)
        return;
    if (m_gapIndex >= m_gaps.size()) {
        finishAfterWrites(ApiError());
        return;
    }
    const CdrStore::Interval gap = m_gaps.at(m_gapIndex);
    m_retriever->start(gap.first, gap.second);
}

void CdrSync::onRetrieverFinished(const ApiError &error)
{
    const CdrRetriever::Stats &s = m_retriever->stats();
    m_stats.requests += s.requests;
    m_stats.fullPieces += s.fullPieces;
    m_stats.checks += s.checks;
    m_stats.rounds += s.rounds; // the gaps are retrieved one after another
    m_stats.records += s.records;
    m_stats.duplicates += s.duplicates;
    m_stats.elapsedMs += s.elapsedMs;

    // What is known complete, except the overlap before this sync began (late records).
    const qint64 trustedUntil = m_startedMs - m_overlapMs;
    QList<CdrStore::Interval> complete;
    for (CdrStore::Interval interval : m_retriever->completedIntervals()) {
        interval.second = qMin(interval.second, trustedUntil);
        if (interval.second > interval.first)
            complete.append(interval);
    }
    writeCoverage(complete);

    if (error.isError()) {
        finishAfterWrites(error);
        return;
    }
    const CdrStore::Interval gap = m_gaps.at(m_gapIndex);
    m_doneMs += gap.second - gap.first;
    ++m_gapIndex;
    nextGap();
}

void CdrSync::writeRecords(const QList<UnlimCall::Cdr> &records)
{
    Writer *writer = m_writer;
    QMetaObject::invokeMethod(
            writer, [writer, records] { writer->save(records); }, Qt::QueuedConnection);
}

void CdrSync::writeCoverage(const QList<CdrStore::Interval> &intervals)
{
    if (intervals.isEmpty())
        return;
    Writer *writer = m_writer;
    QMetaObject::invokeMethod(
            writer, [writer, intervals] { writer->cover(intervals); }, Qt::QueuedConnection);
}

void CdrSync::finishAfterWrites(const ApiError &error)
{
    // The writer handles its queue in order: when this runs, everything before it is on disk.
    // `self` outlives the writer thread (the destructor joins it), and a queued call to a
    // destroyed object is dropped.
    Writer *writer = m_writer;
    CdrSync *self = this;
    QMetaObject::invokeMethod(
            writer,
            [writer, self, error] {
                const StoreStatus failure = writer->takeFailure();
                QMetaObject::invokeMethod(
                        self,
                        [self, error, failure] {
                            self->m_running = false;
                            ApiError result = error;
                            if (!failure.ok() && !error.isError())
                                result = failure.toApiError(Vendor::UnlimCall);
                            Q_EMIT self->finished(result);
                        },
                        Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
}
