#pragma once

#include "UnlimCallTypes.h"

#include "core/ApiError.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSet>

#include <array>
#include <deque>
#include <vector>

class ApiReply;
class UnlimCallService;

// Retrieves EVERY call record of a window from GET /cdrs, which returns at most 1000 rows per
// request over at most 31 days and has no cursor (issue 4, "Call records, complete").
//
// The window is cut into pieces of at most 31 days. A piece whose answer holds fewer rows than
// the limit is complete; a piece that comes back full is split and its parts requested again,
// until no piece is full. Requests run concurrently (bounded), records are de-duplicated by id.
//
// To need few requests the pieces are sized by expectation, not halved blindly: a small model
// learns the call rate per hour of the week from the records already seen (UnlimCall traffic has
// a strong daily and weekly rhythm) and a local level (campaign days), and each new piece is
// cut to hold about `targetFill` × limit records. A piece that overflows anyway is split by the
// density its own rows show. Correctness never depends on the model: only "not full" counts as
// complete.
class CdrRetriever : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int concurrency = 4; // requests in flight at once
        int limit = 1000; // rows per request (the API's maximum)
        double targetFill = 0.8; // expected rows per piece, as a share of `limit`
        // Once answers are known to be the earliest rows in time order, a full answer costs
        // nothing (the lane continues from its last row), so pieces aim a little past the limit.
        double continuationFill = 1.15;
        qint64 maxPieceMs = 31LL * 24 * 3600 * 1000; // the API's window limit
    };

    struct Stats
    {
        int requests = 0; // answers received (each request counted once, retries excluded)
        int fullPieces = 0; // answers that came back full and were split
        qint64 records = 0; // unique records delivered
        qint64 duplicates = 0; // records seen twice (overlapping pieces) and dropped
        qint64 elapsedMs = 0;
    };

    explicit CdrRetriever(UnlimCallService *service, QObject *parent = nullptr);
    ~CdrRetriever() override;

    void setOptions(const Options &options) { m_options = options; }
    const Options &options() const { return m_options; }

    // Starts retrieving [fromMs, tillMs). False when a retrieval is already running.
    bool start(qint64 fromMs, qint64 tillMs);
    // Stops: requests in flight are aborted; finished() follows with kind Cancelled.
    void cancel();
    bool isRunning() const { return m_running; }

    const Stats &stats() const { return m_stats; }
    qint64 windowFrom() const { return m_from; }
    qint64 windowTill() const { return m_till; }
    // Sub-windows known complete so far, merged and sorted: after a failure or a cancel the
    // caller still knows which parts it holds in full.
    QList<QPair<qint64, qint64>> completedIntervals() const;

Q_SIGNALS:
    // New (not seen before in this retrieval) records, as each answer arrives.
    void recordsReceived(const QList<UnlimCall::Cdr> &records);
    // Share of the window known complete, and records so far.
    void progress(qint64 completedMs, qint64 windowMs, qint64 records);
    // Exactly once per start(): kind None on success, Cancelled, or the error that stopped it.
    void finished(const ApiError &error);

private:
    // A stretch of the window walked forward one request at a time: consecutive pieces are
    // neighbours in time, so each is sized by what the previous one showed. Idle slots split the
    // lane with the most work left (work stealing), so `concurrency` lanes run side by side.
    struct Lane
    {
        qint64 frontier = 0; // [frontier, end) not claimed yet
        qint64 end = 0;
        bool busy = false;
        double level = 1.0; // actual / model for this stretch
    };
    struct Piece
    {
        qint64 from = 0;
        qint64 till = 0;
        int lane = -1; // -1: a part of a split piece
        double planned = 0; // records the model expected when it was issued (for the log)
        bool verify = false; // re-asks the covered span of a full answer to check the order
    };

    double fillTarget() const;
    void pump();
    bool steal();
    void issue(const Piece &piece);
    void onAnswer(const Piece &piece, const QList<UnlimCall::Cdr> &rows);
    void fail(const ApiError &error);
    void finish(const ApiError &error);

    // --- the density model
    // Learns from the rows of [from, till) (a full answer: only the span its rows cover when they
    // are in time order). Returns actual / expected for that span, or a negative number.
    double observe(qint64 from, qint64 till, const QList<UnlimCall::Cdr> &rows, bool complete);
    void updateRates();
    double rateAt(int hourOfWeek) const; // expected records per ms, before the level
    double expected(qint64 from, qint64 till) const; // under the model, before the level
    qint64 endForExpected(qint64 from, qint64 limitEnd, double wanted) const;
    QList<Piece> splitByExpectation(const Piece &piece, int parts) const;

    QPointer<UnlimCallService> m_service;
    Options m_options;
    bool m_running = false;
    bool m_stopping = false;
    qint64 m_from = 0;
    qint64 m_till = 0;
    std::vector<Lane> m_lanes;
    std::deque<Piece> m_queue; // parts of split pieces, requested before lanes move on
    QSet<ApiReply *> m_inFlight; // every request not finished yet
    // Of those, the ones whose answer is in and being read: their slot is free for the next
    // request meanwhile (the vendor is no longer working on them).
    QSet<ApiReply *> m_reading;
    QSet<QString> m_seen;
    QList<QPair<qint64, qint64>> m_completed;
    qint64 m_completedMs = 0;
    Stats m_stats;
    QElapsedTimer m_clock;
    bool m_haveObservation = false;
    // A full answer in ascending order covers [from, its last row) completely only if the API
    // returns the EARLIEST rows of the window (the docs do not say). Checked once per retrieval
    // by asking that span again; full answers arriving meanwhile wait for the verdict, and if the
    // check fails every such span is asked again.
    bool m_trustOrder = false;
    bool m_verifying = false;
    bool m_verifyFailed = false;
    QSet<QString> m_verifyIds;
    // Spans of full answers that arrived while the order was being verified: complete if it
    // holds, asked again if not.
    QList<Piece> m_awaitingVerdict;

    std::array<double, 168> m_counts{}; // records observed per hour of the week
    std::array<double, 168> m_exposure{}; // ms observed per hour of the week
    std::array<double, 168> m_rates{}; // records per ms per hour of the week (the model)
    double m_totalCount = 0;
    double m_totalExposure = 0;
};
