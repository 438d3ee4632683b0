#pragma once

#include "store/CdrStore.h"
#include "unlimcall/CdrRetriever.h"

#include <QObject>
#include <QPointer>

class QThread;
class UnlimCallService;

// Brings the local store up to date for a window: asks the store which stretches it does not
// hold complete, retrieves exactly those (CdrRetriever: every record), writes the records on a
// worker thread (the GUI never waits for the disk) and then records the new coverage.
//
// Incremental refresh comes from the coverage: a stretch is recorded complete only up to
// `overlap` before the moment its retrieval started, because a call shows up in /cdrs when it
// ends — a call still running then has an earlier start time and would be missed. The next
// refresh asks for that overlap again (records are upserted by id, so nothing doubles).
class CdrSync : public QObject
{
    Q_OBJECT
public:
    CdrSync(UnlimCallService *service, const QString &databasePath, QObject *parent = nullptr);
    ~CdrSync() override;

    static constexpr qint64 defaultOverlapMs = 2 * 3600 * 1000;
    void setOverlapMs(qint64 ms) { m_overlapMs = ms; }
    qint64 overlapMs() const { return m_overlapMs; }
    void setRetrieverOptions(const CdrRetriever::Options &options);

    // Retrieves what the store lacks of [fromMs, tillMs), or all of it when `full`. False when a
    // sync is running already.
    bool start(qint64 fromMs, qint64 tillMs, bool full = false);
    void cancel();
    bool isRunning() const { return m_running; }

    // The stretches the current/last sync asked for, and its request statistics (all gaps).
    QList<CdrStore::Interval> gaps() const { return m_gaps; }
    const CdrRetriever::Stats &stats() const { return m_stats; }

Q_SIGNALS:
    // Fresh records as they arrive (before they are on disk): show them at once.
    void recordsReceived(const QList<UnlimCall::Cdr> &records);
    void progress(qint64 completedMs, qint64 totalMs, qint64 records);
    // Exactly once per start(), after everything received is on disk: kind None on success,
    // Cancelled, the vendor's error, or a Local error when the store failed.
    void finished(const ApiError &error);

private:
    void nextGap();
    void onRetrieverFinished(const ApiError &error);
    void writeRecords(const QList<UnlimCall::Cdr> &records);
    void writeCoverage(const QList<CdrStore::Interval> &intervals);
    void finishAfterWrites(const ApiError &error);

    class Writer;
    QPointer<UnlimCallService> m_service;
    QString m_databasePath;
    QThread *m_thread = nullptr;
    Writer *m_writer = nullptr;
    CdrRetriever *m_retriever = nullptr;
    qint64 m_overlapMs = defaultOverlapMs;
    bool m_running = false;
    QList<CdrStore::Interval> m_gaps;
    int m_gapIndex = 0;
    qint64 m_doneMs = 0; // lengths of the gaps finished
    qint64 m_totalMs = 0;
    qint64 m_startedMs = 0;
    CdrRetriever::Stats m_stats;
    StoreStatus m_writeFailure;
};
