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
#include <map>
#include <vector>

class ApiReply;
class UnlimCallService;

// How many call records a stretch of time is expected to hold, learnt from the answers so far.
// Traffic has a daily and weekly rhythm (an hour-of-week shape, learnt from every row seen) and a
// level that changes from week to week and day to day (quiet weeks, campaign days): the level of
// a stretch is taken from the nearest stretch already seen, whose rows were counted.
class CdrDensityModel
{
public:
    void clear();
    bool isEmpty() const { return m_segments.empty(); }
    // [from, till) is known to hold exactly the records starting at `starts`.
    void observe(qint64 from, qint64 till, const QList<qint64> &starts);
    double expected(qint64 from, qint64 till) const;
    // Where, walking from `from` towards `limitEnd`, `wanted` records are expected to have been
    // passed (limitEnd when they never are).
    qint64 endFor(qint64 from, qint64 limitEnd, double wanted) const;
    // The same walking back from `till` towards `limitStart`.
    qint64 startFor(qint64 till, qint64 limitStart, double wanted) const;

private:
    struct Segment
    {
        qint64 till = 0;
        double count = 0;
        double shapeExpected = 0; // what the shape alone expects here
    };
    double shapeExpected(qint64 from, qint64 till) const;
    double levelAt(qint64 ms) const;
    void updateShape();

    std::array<double, 168> m_counts{}; // records observed per hour of the week
    std::array<double, 168> m_exposure{}; // ms observed per hour of the week
    std::array<double, 168> m_rates{}; // records per ms per hour of the week (the shape)
    double m_totalCount = 0;
    double m_totalExposure = 0;
    std::map<qint64, Segment> m_segments; // observed stretches, by start
};

// Retrieves EVERY call record of a window from GET /cdrs, which returns at most `limit` rows per
// request over at most 31 days and has no cursor. The docs say neither in which order the rows
// come, nor which rows a full answer holds, nor whether `from` and `till` are inclusive.
//
// An answer that is not full holds its whole window. A full answer holds, depending on the API:
//  - the earliest rows: the window is held up to its latest row, and the next request continues
//    from that row's timestamp;
//  - the latest rows: the window is held from its earliest row, and the next request ends at
//    that row's timestamp;
//  - any rows: nothing of its window is known complete; the window is split and asked again.
// Which rows, not the listing order, decides: "the newest 1000 listed oldest first" exists too.
// The first full answer suggests which (its rows sit at the start or at the end of its window),
// and the guess is checked by asking again rows a full answer is taken to hold, which must come
// back exactly, in an answer that is not full. The walk that ends where a full answer's window
// begins (or ends) asks a tenth of its rows too, so its short last answer checks the guess at no
// cost; only when no walk does, one request of its own asks again what the first full answer
// holds, in a slot no walk needs (at once when the rows came in no time order, which makes the
// guess doubtful). Until the verdict the retrieval goes on under the guess, the spans such
// answers cover waiting for it. Only when both guesses are refuted are full answers split
// ("any rows").
//
// Continuing at a boundary timestamp asks for it again (inclusive: calls may share it, and the
// docs do not say whether `from` is inclusive); every record is de-duplicated by id.
//
// With the earliest or latest rows a full answer costs nothing, so each request in flight walks
// through its stretch and only each walk's last answer is short: few walks, few wasted requests.
// A walk's next request goes out as soon as its answer arrives: a glance at the raw body finds
// the boundary row (UnlimCallService::glanceCdrStarts) while the answer is read on a worker, and
// the answer as read corrects whatever the glance got wrong.
// Free slots still get work, so the time stays near (records / limit) × latency / concurrency: a
// stretch is shared among free slots, or a walk in flight gives away the far part of its
// stretch, at the points where the density seen so far (CdrDensityModel) divides the expected
// records. With any rows, pieces are cut to hold about `targetFill` × limit records.
class CdrRetriever : public QObject
{
    Q_OBJECT
    friend class TestCdrRetriever; // claimPartsAfterAnyRows: answers no sandbox gives on demand
public:
    struct Options
    {
        int concurrency = 4; // requests in flight at once
        int limit = 1000; // rows per request (the API's maximum)
        // Expected rows per piece, as a share of `limit`, when full answers say nothing.
        double targetFill = 0.8;
        qint64 maxPieceMs = 31LL * 24 * 3600 * 1000; // the API's window limit
    };

    struct Stats
    {
        int requests = 0; // answers received (each request counted once, retries excluded)
        int fullPieces = 0; // answers that came back full
        int checks = 0; // of the requests, those that checked which rows a full answer holds
        // The longest chain of requests each sent on the answer before it: the round trips the
        // retrieval needs whatever the machine's load (wall time ≈ rounds × latency).
        int rounds = 0;
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
    // Which rows a full answer holds.
    enum class Selection { Unknown, Earliest, Latest, Any };

    struct Span
    {
        qint64 from = 0;
        qint64 till = 0;
        double hint = -1; // records expected, when known better than the model knows (else < 0)
    };
    struct Piece
    {
        qint64 from = 0; // the window asked
        qint64 till = 0;
        // The part of it this request answers for: less than asked once a free slot has taken
        // over the far part of a walk.
        qint64 claimFrom = 0;
        qint64 claimTill = 0;
        // Asks again what a full answer is taken to hold in full: the number of the guess it
        // checks (0: not a check; a guess settled meanwhile makes its answer moot).
        int checkOf = 0;
        int round = 1; // 1 + the round of the answer it was sent on
        // The walk already went on from a glance at this piece's answer, as that selection
        // (Unknown: it did not), from this boundary: once read, only what it missed is left.
        Selection continuedAs = Selection::Unknown;
        qint64 continuedAt = 0;
    };

    bool markSeen(const QString &id); // false when seen before
    int freeSlots() const;
    void pump();
    Span takeLargestSpan();
    Piece carve(Span span);
    bool steal();
    double work(const Span &span) const;
    void issue(const Piece &piece);
    void continueFromGlance(Piece &piece, const QByteArray &body);
    Span restAfterFull(const Piece &piece, qint64 first, qint64 last, bool earliest) const;
    void onAnswer(quint64 pieceId, const QList<UnlimCall::Cdr> &rows);
    void onFullAnswer(const Piece &piece, const QList<UnlimCall::Cdr> &inRange, bool descending,
                      bool listedInOrder);
    Selection guessSelection(const Piece &piece, qint64 first, qint64 last, bool descending) const;
    void judgeCheck(const QList<UnlimCall::Cdr> &inRange, bool full);
    void recordEvidence(const Piece &piece, const QList<UnlimCall::Cdr> &inRange, bool earliest);
    void judgeEvidence(const Piece &piece, const QList<UnlimCall::Cdr> &inRange);
    bool evidenceUnderWay() const;
    void askEvidenceToo(Piece &piece) const;
    void settleGuess(bool confirmed);
    void splitAnyRows(const Piece &piece, const QList<UnlimCall::Cdr> &inRange);
    // Where a full answer with "any rows" leaves its piece's claim: the parts to ask, each
    // expected below the limit; none when the claim is one millisecond asked on its own (more
    // calls start in it than an answer holds). `claimStarts`: the answer's rows in the claim.
    static QList<Span> claimPartsAfterAnyRows(const Piece &piece, QList<qint64> claimStarts,
                                              qsizetype rowsInWindow, double expectedInWindow,
                                              const Options &options);
    void complete(qint64 from, qint64 till);
    void fail(const ApiError &error);
    void finish(const ApiError &error);

    QPointer<UnlimCallService> m_service;
    Options m_options;
    bool m_running = false;
    bool m_stopping = false;
    qint64 m_from = 0;
    qint64 m_till = 0;

    std::vector<Span> m_pending; // not complete, not asked
    std::deque<Piece> m_urgent; // checks, asked before anything else unless m_checkWaits
    bool m_checkWaits = false; // the check under way may wait for a slot no walk needs
    std::map<quint64, Piece> m_pieces; // asked, not answered (by id)
    quint64 m_nextPieceId = 0;
    int m_answerRound = 0; // the round of the answer being handled (0: none yet)
    QSet<ApiReply *> m_inFlight; // every request not finished yet
    // Of those, the ones whose answer is in and being read: their slot is free for the next
    // request meanwhile (the vendor is no longer working on them).
    QSet<ApiReply *> m_reading;
    std::array<QSet<QString>, 64> m_seen; // every id received, in shards by hash
    std::map<qint64, qint64> m_completed; // merged: from → till
    qint64 m_completedMs = 0;
    Stats m_stats;
    QElapsedTimer m_clock;
    CdrDensityModel m_model;

    Selection m_selection = Selection::Unknown; // established by a check
    Selection m_guess = Selection::Unknown; // under check
    bool m_earliestRefuted = false;
    bool m_latestRefuted = false;
    int m_guessNumber = 0; // counts the guesses made
    QSet<QString> m_checkIds; // what the check must get back
    // Under a guess, each full answer shows a stretch at the edge of its window that it holds in
    // full if the guess is right: just after its window's start when it holds the earliest rows,
    // just before its end when the latest. The walk that ends at that edge (its neighbour's)
    // asks that stretch too, for a few rows more; its short last answer then settles the guess
    // with no request of its own. Keyed by the edge.
    struct Evidence
    {
        qint64 from = 0;
        qint64 till = 0;
        QSet<QString> ids; // exactly the records of [from, till) if the guess is right
    };
    std::map<qint64, Evidence> m_evidence;
    // Spans full answers hold if the guess under check is right.
    QList<QPair<qint64, qint64>> m_awaitingVerdict;
};
