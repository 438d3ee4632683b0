#include "CdrRetriever.h"

#include "UnlimCallService.h"

#include "core/Logging.h"
#include "core/VendorClient.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

using UnlimCall::Cdr;

namespace {

constexpr qint64 msPerHour = 3600LL * 1000;
constexpr qint64 msPerDay = 24 * msPerHour;
constexpr double minExposureMs = 0.5 * msPerHour; // less than this says little about a bin

qint64 floorHour(qint64 ms)
{
    return (ms >= 0 ? ms / msPerHour : (ms - msPerHour + 1) / msPerHour) * msPerHour;
}

// 1970-01-01 was a Thursday: hour 72 of a week that starts on Monday 00:00 UTC.
int hourOfWeek(qint64 ms)
{
    return int(((floorHour(ms) / msPerHour + 72) % 168 + 168) % 168);
}

} // namespace

// --- the density model ----------------------------------------------------------------------------

void CdrDensityModel::clear()
{
    m_counts.fill(0);
    m_exposure.fill(0);
    m_rates.fill(0);
    m_totalCount = m_totalExposure = 0;
    m_segments.clear();
}

void CdrDensityModel::observe(qint64 from, qint64 till, const QList<qint64> &starts)
{
    if (till <= from)
        return;
    for (qint64 start : starts)
        m_counts[size_t(hourOfWeek(start))] += 1;
    for (qint64 t = from; t < till;) {
        const qint64 end = qMin(till, floorHour(t) + msPerHour);
        m_exposure[size_t(hourOfWeek(t))] += double(end - t);
        t = end;
    }
    m_totalCount += double(starts.size());
    m_totalExposure += double(till - from);
    m_segments.insert_or_assign(from, Segment{till, double(starts.size()), 0});
    updateShape();
}

void CdrDensityModel::updateShape()
{
    // rate(day, hour) = hourly shape × weekday factor: 24 + 7 numbers learnt from all records
    // seen, far steadier than 168 separate ones.
    const double global = m_totalExposure > 0 ? m_totalCount / m_totalExposure : 0;
    std::array<double, 24> hourly{};
    for (int h = 0; h < 24; ++h) {
        double count = 0, exposure = 0;
        for (int d = 0; d < 7; ++d) {
            count += m_counts[size_t(d * 24 + h)];
            exposure += m_exposure[size_t(d * 24 + h)];
        }
        hourly[size_t(h)] = exposure >= minExposureMs ? count / exposure : global;
    }
    for (int d = 0; d < 7; ++d) {
        double count = 0, expectedHere = 0;
        for (int h = 0; h < 24; ++h) {
            count += m_counts[size_t(d * 24 + h)];
            expectedHere += m_exposure[size_t(d * 24 + h)] * hourly[size_t(h)];
        }
        const double weekday = expectedHere >= 20 ? (count + 1) / (expectedHere + 1) : 1.0;
        for (int h = 0; h < 24; ++h)
            m_rates[size_t(d * 24 + h)] = qMax(global * 0.02, hourly[size_t(h)] * weekday);
    }
    // The levels are relative to the shape: measured again against the new one.
    for (auto &[from, segment] : m_segments)
        segment.shapeExpected = shapeExpected(from, segment.till);
}

double CdrDensityModel::shapeExpected(qint64 from, qint64 till) const
{
    double sum = 0;
    for (qint64 t = from; t < till;) {
        const qint64 end = qMin(till, floorHour(t) + msPerHour);
        sum += m_rates[size_t(hourOfWeek(t))] * double(end - t);
        t = end;
    }
    return sum;
}

double CdrDensityModel::levelAt(qint64 ms) const
{
    // The nearest stretch seen: a quiet week or a campaign day shows in its neighbours first.
    if (m_segments.empty())
        return 1.0;
    auto after = m_segments.upper_bound(ms);
    const Segment *best = nullptr;
    qint64 bestDistance = std::numeric_limits<qint64>::max();
    if (after != m_segments.begin()) {
        const auto before = std::prev(after);
        bestDistance = ms < before->second.till ? 0 : ms - before->second.till + 1;
        best = &before->second;
    }
    if (after != m_segments.end() && after->first - ms < bestDistance)
        best = &after->second;
    return (best->count + 0.5) / (best->shapeExpected + 0.5);
}

double CdrDensityModel::expected(qint64 from, qint64 till) const
{
    double sum = 0;
    for (qint64 t = from; t < till;) {
        const qint64 end = qMin(till, floorHour(t) + msPerHour);
        sum += m_rates[size_t(hourOfWeek(t))] * double(end - t) * levelAt(t + (end - t) / 2);
        t = end;
    }
    return sum;
}

qint64 CdrDensityModel::endFor(qint64 from, qint64 limitEnd, double wanted) const
{
    double sum = 0;
    for (qint64 t = from; t < limitEnd;) {
        const qint64 end = qMin(limitEnd, floorHour(t) + msPerHour);
        const double rate = m_rates[size_t(hourOfWeek(t))] * levelAt(t + (end - t) / 2);
        const double add = rate * double(end - t);
        if (rate > 0 && sum + add >= wanted)
            return qBound(from + 1, t + qint64((wanted - sum) / rate), limitEnd);
        sum += add;
        t = end;
    }
    return limitEnd;
}

qint64 CdrDensityModel::startFor(qint64 till, qint64 limitStart, double wanted) const
{
    double sum = 0;
    for (qint64 t = till; t > limitStart;) {
        const qint64 begin = qMax(limitStart, floorHour(t - 1));
        const double rate = m_rates[size_t(hourOfWeek(begin))] * levelAt(begin + (t - begin) / 2);
        const double add = rate * double(t - begin);
        if (rate > 0 && sum + add >= wanted)
            return qBound(limitStart, t - qint64((wanted - sum) / rate), till - 1);
        sum += add;
        t = begin;
    }
    return limitStart;
}

// --- the retriever --------------------------------------------------------------------------------

CdrRetriever::CdrRetriever(UnlimCallService *service, QObject *parent) : QObject(parent), m_service(service)
{ }

CdrRetriever::~CdrRetriever()
{
    m_stopping = true;
    for (ApiReply *reply : std::as_const(m_inFlight))
        reply->abort();
}

bool CdrRetriever::start(qint64 fromMs, qint64 tillMs)
{
    if (m_running)
        return false;
    m_running = true;
    m_stopping = false;
    m_from = fromMs;
    m_till = qMax(fromMs, tillMs);
    // Nothing is known yet: one walk per slot from the start (a single probe would leave the
    // other slots idle for a whole round trip), each over an equal share of the window.
    const int walks = int(qBound<qint64>(1, (m_till - m_from) / msPerDay, qint64(m_options.concurrency)));
    m_pending.clear();
    for (int i = 0; i < walks && m_till > m_from; ++i)
        m_pending.push_back(
                Span{m_from + (m_till - m_from) * i / walks, m_from + (m_till - m_from) * (i + 1) / walks});
    m_urgent.clear();
    m_pieces.clear();
    m_reading.clear();
    for (QSet<QString> &shard : m_seen)
        shard.clear();
    m_completed.clear();
    m_completedMs = 0;
    m_stats = {};
    m_answerRound = 0;
    m_clock.start();
    // What one window's traffic looked like says little about another's; the model starts afresh.
    m_model.clear();
    m_selection = m_guess = Selection::Unknown;
    m_earliestRefuted = m_latestRefuted = false;
    m_checkIds.clear();
    m_evidence.clear();
    m_guessNumber = 0;
    m_checkWaits = false;
    m_awaitingVerdict.clear();
    qCInfo(lcHttp) << "retrieving UnlimCall CDRs from" << UnlimCall::isoTimestamp(m_from) << "till"
                   << UnlimCall::isoTimestamp(m_till);
    QMetaObject::invokeMethod(this, &CdrRetriever::pump, Qt::QueuedConnection);
    return true;
}

void CdrRetriever::cancel()
{
    if (!m_running || m_stopping)
        return;
    ApiError error;
    error.vendor = Vendor::UnlimCall;
    error.kind = ApiError::Kind::Cancelled;
    error.code = QStringLiteral("cancelled");
    error.explanation = QStringLiteral("Retrieval cancelled. The records received so far are kept.");
    fail(error);
}

QList<QPair<qint64, qint64>> CdrRetriever::completedIntervals() const
{
    QList<QPair<qint64, qint64>> intervals;
    for (const auto &[from, till] : m_completed)
        intervals.append({from, till});
    return intervals;
}

void CdrRetriever::complete(qint64 from, qint64 till)
{
    from = qMax(from, m_from);
    till = qMin(till, m_till);
    if (till <= from)
        return;
    // Merge with every interval it touches; the covered length follows.
    auto it = m_completed.upper_bound(from);
    if (it != m_completed.begin() && std::prev(it)->second >= from)
        --it;
    while (it != m_completed.end() && it->first <= till) {
        from = qMin(from, it->first);
        till = qMax(till, it->second);
        m_completedMs -= it->second - it->first;
        it = m_completed.erase(it);
    }
    m_completed.emplace(from, till);
    m_completedMs += till - from;
}

bool CdrRetriever::markSeen(const QString &id)
{
    // The ids in shards: one set re-inserts every id it holds each time it grows, on the GUI
    // thread (16,000 ids: 5 ms, while the other answers in flight waited to be glanced at); a
    // shard grows a 64th at a time.
    QSet<QString> &shard = m_seen[(qHash(id) >> 8) % m_seen.size()];
    const qsizetype before = shard.size();
    shard.insert(id);
    return shard.size() != before;
}

int CdrRetriever::freeSlots() const
{
    return m_options.concurrency - int(m_inFlight.size() - m_reading.size());
}

double CdrRetriever::work(const Span &span) const
{
    if (span.hint >= 0)
        return span.hint;
    return m_model.isEmpty() ? double(span.till - span.from) : m_model.expected(span.from, span.till);
}

void CdrRetriever::pump()
{
    if (!m_running || m_stopping || !m_service)
        return;
    while (freeSlots() > 0) {
        // A check that may wait takes a slot no walk needs: one whose walk has ended (nothing
        // left to ask, no answer being read that would leave work). Sent at once, it would hold
        // one walk back by a whole round trip, and that walk would end a round after the rest.
        const bool checkNow =
                !m_checkWaits || (m_pending.empty() && m_reading.isEmpty() && !evidenceUnderWay());
        if (!m_urgent.empty() && checkNow) {
            const Piece check = m_urgent.front();
            m_urgent.pop_front();
            issue(check);
            continue;
        }
        if (m_pending.empty() && !steal())
            break;
        issue(carve(takeLargestSpan()));
    }
    if (m_pieces.empty() && m_pending.empty() && m_urgent.empty()) {
        if (!m_awaitingVerdict.isEmpty()) // cannot happen: a check is under way meanwhile
            qCWarning(lcHttp) << "UnlimCall CDR spans left without a verdict";
        finish(ApiError());
    }
}

CdrRetriever::Span CdrRetriever::takeLargestSpan()
{
    // The most work first, so that the walks end close together.
    auto largest = std::max_element(m_pending.begin(), m_pending.end(),
                                    [this](const Span &a, const Span &b) { return work(a) < work(b); });
    const Span span = *largest;
    m_pending.erase(largest);
    return span;
}

CdrRetriever::Piece CdrRetriever::carve(Span span)
{
    const double limit = m_options.limit;
    if (m_selection == Selection::Any) {
        // Only an answer that is not full counts: cut below the limit.
        const double target = limit * m_options.targetFill;
        qint64 end = span.till;
        if (span.hint < 0 || span.hint > 1.1 * target) {
            end = m_model.endFor(span.from, qMin(span.till, span.from + m_options.maxPieceMs), target);
            // Do not leave a sliver behind for a request of its own.
            if (end < span.till && span.till - span.from <= m_options.maxPieceMs &&
                m_model.expected(end, span.till) < 0.25 * target &&
                m_model.expected(span.from, span.till) <= 0.95 * limit)
                end = span.till;
        }
        if (end < span.till) {
            const double share =
                    span.hint >= 0 ? span.hint * double(span.till - end) / double(span.till - span.from) : -1;
            m_pending.push_back(Span{end, span.till, share});
        }
        return Piece{span.from, end, span.from, end, 0};
    }

    // Full answers cost nothing here (the next request continues where one ends): a piece is
    // as long as allowed, unless free slots wait for work. Then the span is shared among them
    // by expected work, each share aiming just under a whole number of answers.
    if (!m_model.isEmpty()) {
        // Answers being read bring work of their own (what is left after them) any moment.
        const int idle = freeSlots() - 1 - int(m_pending.size() + m_urgent.size() + m_reading.size());
        const double expectedRecords = work(span);
        if (idle > 0 && expectedRecords > 1.2 * limit) {
            const int slots = idle + 1;
            const double rounds = std::ceil(expectedRecords / (slots * 0.9 * limit));
            const int parts = qBound(1, int(std::ceil(expectedRecords / (rounds * 0.9 * limit))), slots);
            QList<qint64> cuts{span.from};
            for (int i = 1; i < parts; ++i) {
                const qint64 cut = m_model.endFor(span.from, span.till, expectedRecords * i / parts);
                if (cut > cuts.last() && cut < span.till)
                    cuts.append(cut);
            }
            cuts.append(span.till);
            for (int i = 1; i + 1 < cuts.size(); ++i)
                m_pending.push_back(Span{cuts.at(i), cuts.at(i + 1)});
            span = Span{cuts.at(0), cuts.at(1)};
        }
    }
    // At most 31 days, at the end the answers are expected to hold.
    if (span.till - span.from > m_options.maxPieceMs) {
        if (m_selection == Selection::Latest ||
            (m_selection == Selection::Unknown && m_guess == Selection::Latest)) {
            m_pending.push_back(Span{span.from, span.till - m_options.maxPieceMs});
            span.from = span.till - m_options.maxPieceMs;
        } else {
            m_pending.push_back(Span{span.from + m_options.maxPieceMs, span.till});
            span.till = span.from + m_options.maxPieceMs;
        }
    }
    Piece piece{span.from, span.till, span.from, span.till, 0};
    askEvidenceToo(piece);
    return piece;
}

void CdrRetriever::askEvidenceToo(Piece &piece) const
{
    // A walk ending where another one's full answer began asks that answer's evidence too: the
    // few rows more cost nothing, and the walk's short last answer settles the guess.
    if (m_selection != Selection::Unknown || m_guess == Selection::Unknown)
        return;
    if (m_guess == Selection::Earliest) {
        const auto found = m_evidence.find(piece.claimTill);
        if (found != m_evidence.end() && found->second.till - piece.from <= m_options.maxPieceMs)
            piece.till = qMax(piece.till, found->second.till);
    } else {
        const auto found = m_evidence.find(piece.claimFrom);
        if (found != m_evidence.end() && piece.till - found->second.from <= m_options.maxPieceMs)
            piece.from = qMin(piece.from, found->second.from);
    }
}

bool CdrRetriever::steal()
{
    // A free slot and nothing left to ask: the walk in flight with the most work beyond its
    // coming answer gives away the far half of it. Only when that is well over one answer's
    // worth: then the two walks need no more requests than the one would, in half the time,
    // even when the model overestimates a little (each walk ends with a short answer).
    // Not while an answer is being read: what it leaves is work for this slot.
    if (m_selection == Selection::Any || m_model.isEmpty() || !m_reading.isEmpty())
        return false;
    const bool latest = m_selection == Selection::Latest ||
            (m_selection == Selection::Unknown && m_guess == Selection::Latest);
    const double limit = m_options.limit;
    Piece *victim = nullptr;
    double beyond = 1.5 * limit;
    for (auto &[id, piece] : m_pieces) {
        if (piece.checkOf)
            continue;
        const double rest = m_model.expected(piece.claimFrom, piece.claimTill) - limit;
        if (rest > beyond) {
            beyond = rest;
            victim = &piece;
        }
    }
    if (!victim)
        return false;
    if (!latest) {
        const qint64 reach = m_model.endFor(victim->claimFrom, victim->claimTill, limit);
        const qint64 cut = m_model.endFor(reach, victim->claimTill, beyond / 2);
        if (cut <= victim->claimFrom || cut >= victim->claimTill)
            return false;
        m_pending.push_back(Span{cut, victim->claimTill});
        victim->claimTill = cut;
    } else {
        const qint64 reach = m_model.startFor(victim->claimTill, victim->claimFrom, limit);
        const qint64 cut = m_model.startFor(reach, victim->claimFrom, beyond / 2);
        if (cut <= victim->claimFrom || cut >= victim->claimTill)
            return false;
        m_pending.push_back(Span{victim->claimFrom, cut});
        victim->claimFrom = cut;
    }
    return true;
}

void CdrRetriever::issue(const Piece &piece)
{
    const quint64 id = m_nextPieceId++;
    m_pieces.emplace(id, piece).first->second.round = m_answerRound + 1;
    // The reply is known only once fetchCdrs() returns; the answer always comes later (queued).
    auto holder = std::make_shared<ApiReply *>(nullptr);
    ApiReply *reply =
            m_service->fetchCdrs(piece.from, piece.till, m_options.limit, this,
                                 [this, id, holder](const Result<UnlimCallService::CdrPage> &result) {
                                     m_inFlight.remove(*holder);
                                     m_reading.remove(*holder);
                                     if (!m_running || m_stopping)
                                         return;
                                     if (!result.ok()) {
                                         fail(result.error());
                                         return;
                                     }
                                     onAnswer(id, result.value().calls);
                                 });
    *holder = reply;
    if (!reply)
        return;
    // Walks go on from a glance at the raw answer: its rows, read meanwhile, are not waited for.
    // With "any rows" they are (nothing is glanced at), and are read at once.
    reply->setReadWhenQuiet(m_selection != Selection::Any);
    m_inFlight.insert(reply);
    connect(reply, &ApiReply::answered, this, [this, reply, id](const QByteArray &body) {
        if (!m_inFlight.contains(reply))
            return;
        m_reading.insert(reply);
        if (const auto asked = m_pieces.find(id); asked != m_pieces.end()) {
            m_answerRound = asked->second.round;
            continueFromGlance(asked->second, body);
        }
        pump(); // the slot takes the next piece while this answer is read
    });
}

void CdrRetriever::continueFromGlance(Piece &piece, const QByteArray &body)
{
    // A walk's next request needs only where its full answer ends: glanced at, it goes out while
    // the answer is still being read, and every round trip is that much shorter. Whatever the
    // glance got wrong, the answer as read puts right (onFullAnswer): a request sent on it holds
    // good answers for its own window, nothing more.
    if (piece.checkOf || m_selection == Selection::Any)
        return;
    const std::optional<QList<qint64>> starts = UnlimCallService::glanceCdrStarts(body);
    if (!starts || starts->size() != m_options.limit)
        return;
    qint64 first = std::numeric_limits<qint64>::max(), last = std::numeric_limits<qint64>::min();
    for (const qint64 ms : *starts) {
        if (ms >= piece.from && ms < piece.till) {
            first = qMin(first, ms);
            last = qMax(last, ms);
        }
    }
    if (first > last)
        return;
    Selection selection = m_selection != Selection::Unknown ? m_selection : m_guess;
    if (selection == Selection::Unknown) {
        // No full answer read yet: the walk goes on under the guess this one suggests, so the
        // first round's walks go on at once too. The guess that is checked is made from the
        // first answer as read (onFullAnswer).
        const bool descending =
                starts->first() > starts->last() && std::is_sorted(starts->crbegin(), starts->crend());
        selection = guessSelection(piece, first, last, descending);
    }
    if (selection != Selection::Earliest && selection != Selection::Latest)
        return;
    const bool earliest = selection == Selection::Earliest;
    if (earliest ? last <= piece.from : first + 1 >= piece.till)
        return; // nothing in the window, or all in one millisecond: left to the answer as read
    const Span rest = restAfterFull(piece, first, last, earliest);
    piece.continuedAs = selection;
    piece.continuedAt = earliest ? rest.from : rest.till;
    if (rest.till > rest.from)
        m_pending.push_back(rest);
}

CdrRetriever::Span CdrRetriever::restAfterFull(const Piece &piece, qint64 first, qint64 last,
                                               bool earliest) const
{
    // What is left of the piece's claim after a full answer: it ends at the boundary row, which
    // is asked again (calls may share its timestamp).
    return earliest ? Span{qMax(piece.claimFrom, last), piece.claimTill}
                    : Span{piece.claimFrom, qMin(piece.claimTill, first + 1)};
}

void CdrRetriever::onAnswer(quint64 pieceId, const QList<Cdr> &rows)
{
    const auto found = m_pieces.find(pieceId);
    if (found == m_pieces.end())
        return;
    const Piece piece = found->second;
    m_pieces.erase(found);
    ++m_stats.requests;
    m_answerRound = piece.round;
    m_stats.rounds = qMax(m_stats.rounds, piece.round);
    const bool full = rows.size() >= m_options.limit;

    // Most answers lie wholly in the window asked and hold nothing seen before: then the rows
    // are passed on as they are (shared, not copied), and each costs one insert into m_seen.
    QList<Cdr> inRange = rows;
    if (std::any_of(rows.cbegin(), rows.cend(), [&piece](const Cdr &cdr) {
            return cdr.startMs < piece.from || cdr.startMs >= piece.till;
        })) {
        // Outside what was asked (an inclusive `till`): its neighbour's.
        inRange.clear();
        std::copy_if(rows.cbegin(), rows.cend(), std::back_inserter(inRange), [&piece](const Cdr &cdr) {
            return cdr.startMs >= piece.from && cdr.startMs < piece.till;
        });
    }
    QList<Cdr> fresh;
    qsizetype duplicates = 0;
    for (qsizetype i = 0; i < inRange.size(); ++i) {
        const bool seen = !markSeen(inRange.at(i).id);
        if (seen && duplicates++ == 0)
            fresh = inRange.first(i);
        else if (!seen && duplicates > 0)
            fresh.append(inRange.at(i));
    }
    if (duplicates == 0)
        fresh = inRange;
    m_stats.duplicates += duplicates;
    m_stats.records += fresh.size();
    qCDebug(lcHttp) << "CDR piece" << UnlimCall::isoTimestamp(piece.from)
                    << (piece.till - piece.from) / 3600000.0 << "h:" << rows.size() << "rows"
                    << (piece.checkOf ? "(check)" : "");

    if (piece.checkOf) {
        ++m_stats.checks;
        if (piece.checkOf == m_guessNumber && m_guess != Selection::Unknown)
            judgeCheck(inRange, full);
    } else if (!full) {
        complete(piece.from, piece.till);
        QList<qint64> starts;
        starts.reserve(inRange.size());
        for (const Cdr &cdr : std::as_const(inRange))
            starts.append(cdr.startMs);
        m_model.observe(piece.from, piece.till, starts);
        judgeEvidence(piece, inRange);
    } else {
        ++m_stats.fullPieces;
        bool descending = rows.size() > 1, ascending = true;
        for (int i = 1; i < rows.size() && (descending || ascending); ++i) {
            descending = descending && rows.at(i).startMs <= rows.at(i - 1).startMs;
            ascending = ascending && rows.at(i).startMs >= rows.at(i - 1).startMs;
        }
        descending = descending && rows.first().startMs > rows.last().startMs;
        onFullAnswer(piece, inRange, descending, ascending || descending);
    }
    if (!m_running || m_stopping)
        return;
    if (!fresh.isEmpty())
        Q_EMIT recordsReceived(fresh);
    Q_EMIT progress(m_completedMs, m_till - m_from, m_stats.records);
    pump();
}

void CdrRetriever::onFullAnswer(const Piece &piece, const QList<Cdr> &inRange, bool descending,
                                bool listedInOrder)
{
    if (inRange.isEmpty()) {
        // Full, but nothing in the window asked: the API ignores the window. Nothing learnt.
        fail(ApiError::local(
                Vendor::UnlimCall, QStringLiteral("cdr_window_ignored"),
                QStringLiteral("UnlimCall answered call records outside the time window asked.")));
        return;
    }
    qint64 first = inRange.first().startMs, last = first;
    for (const Cdr &cdr : inRange) {
        first = qMin(first, cdr.startMs);
        last = qMax(last, cdr.startMs);
    }
    Selection selection = m_selection;
    if (selection == Selection::Unknown && m_guess == Selection::Unknown) {
        m_guess = guessSelection(piece, first, last, descending);
        if (m_guess == Selection::Unknown) {
            m_selection = Selection::Any;
        } else {
            // The check: the span this answer holds in full if the guess is right, asked again.
            ++m_guessNumber;
            Piece check = m_guess == Selection::Earliest
                    ? Piece{piece.from, last, piece.from, last, m_guessNumber}
                    : Piece{first + 1, piece.till, first + 1, piece.till, m_guessNumber};
            m_checkIds.clear();
            for (const Cdr &cdr : inRange) {
                if (cdr.startMs >= check.from && cdr.startMs < check.till)
                    m_checkIds.insert(cdr.id);
            }
            m_urgent.push_back(check);
            // Rows listed in time order make the guess likely; then the check waits for a slot
            // no walk needs (a wrong guess ends its walks early, so that slot comes soon). Rows
            // in no order make it doubtful: checked first, before walks built on it go far.
            m_checkWaits = listedInOrder;
        }
    }
    selection = m_selection != Selection::Unknown ? m_selection : m_guess;
    if (selection == Selection::Any) {
        splitAnyRows(piece, inRange);
        return;
    }
    // The span held in full, and what is left of this piece's claim: both end at the boundary
    // row, which is asked again (calls may share its timestamp).
    const bool earliest = selection == Selection::Earliest;
    const qint64 heldFrom = earliest ? piece.from : first + 1;
    const qint64 heldTill = earliest ? last : piece.till;
    if (heldTill <= heldFrom) {
        fail(ApiError::local(Vendor::UnlimCall, QStringLiteral("cdr_window_unsplittable"),
                             QStringLiteral("UnlimCall holds more than %1 calls starting in the same "
                                            "millisecond; they cannot all be retrieved.")
                                     .arg(m_options.limit)));
        return;
    }
    QList<qint64> starts;
    for (const Cdr &cdr : inRange) {
        if (cdr.startMs >= heldFrom && cdr.startMs < heldTill)
            starts.append(cdr.startMs);
    }
    m_model.observe(heldFrom, heldTill, starts);
    if (m_selection == selection) {
        complete(heldFrom, heldTill);
    } else {
        m_awaitingVerdict.append({heldFrom, heldTill});
        recordEvidence(piece, inRange, earliest);
    }
    Span rest = restAfterFull(piece, first, last, earliest);
    if (piece.continuedAs == selection) {
        // The walk went on from a glance at this answer: only what the glance missed is left.
        if (earliest)
            rest.till = qMin(rest.till, piece.continuedAt);
        else
            rest.from = qMax(rest.from, piece.continuedAt);
    }
    if (rest.till > rest.from)
        m_pending.push_back(rest);
}

CdrRetriever::Selection CdrRetriever::guessSelection(const Piece &piece, qint64 first, qint64 last,
                                                     bool descending) const
{
    // The earliest rows start close to the window's start, the latest end close to its end;
    // when both are as close, the listing order is the hint (newest first: the latest).
    const qint64 gapAtStart = first - piece.from;
    const qint64 gapAtEnd = piece.till - 1 - last;
    Selection guess = gapAtStart < gapAtEnd ? Selection::Earliest
            : gapAtEnd < gapAtStart         ? Selection::Latest
            : descending                    ? Selection::Latest
                                            : Selection::Earliest;
    if (guess == Selection::Earliest && m_earliestRefuted)
        guess = Selection::Latest;
    if (guess == Selection::Latest && m_latestRefuted)
        guess = m_earliestRefuted ? Selection::Unknown : Selection::Earliest;
    return guess;
}

void CdrRetriever::judgeCheck(const QList<Cdr> &inRange, bool full)
{
    QSet<QString> ids;
    for (const Cdr &cdr : inRange)
        ids.insert(cdr.id);
    settleGuess(!full && ids == m_checkIds);
}

void CdrRetriever::recordEvidence(const Piece &piece, const QList<Cdr> &inRange, bool earliest)
{
    // A tenth of an answer's rows: enough that rows the guess says do not exist would show
    // (rows the answer left out lie among them if the API holds other rows than guessed), few
    // enough that the neighbouring walk's last answer, asking them again, stays short.
    QList<qint64> starts;
    starts.reserve(inRange.size());
    for (const Cdr &cdr : inRange)
        starts.append(cdr.startMs);
    std::sort(starts.begin(), starts.end());
    if (starts.size() < 2)
        return;
    const qsizetype k = qBound(qsizetype(1), qsizetype(m_options.limit / 10), starts.size() - 1);
    Evidence evidence;
    qint64 edge = 0;
    if (earliest) {
        // All rows before the last one's timestamp are held: [from, k-th row) is.
        evidence.from = edge = piece.from;
        evidence.till = starts.at(k);
    } else {
        // All rows after the first one's timestamp are held: [k-th latest row, till) is.
        evidence.from = starts.at(starts.size() - 1 - k);
        evidence.till = edge = piece.till;
        if (evidence.from <= starts.first())
            return; // ties with the first row: not all of them are surely held
    }
    if (evidence.till <= evidence.from)
        return;
    for (const Cdr &cdr : inRange) {
        if (cdr.startMs >= evidence.from && cdr.startMs < evidence.till)
            evidence.ids.insert(cdr.id);
    }
    m_evidence.insert_or_assign(edge, std::move(evidence));
}

void CdrRetriever::judgeEvidence(const Piece &piece, const QList<Cdr> &inRange)
{
    // A short answer holds its whole window: where that covers evidence, the guess is settled.
    if (m_guess == Selection::Unknown || m_selection != Selection::Unknown)
        return;
    for (const auto &[edge, evidence] : m_evidence) {
        if (evidence.from < piece.from || evidence.till > piece.till)
            continue;
        QSet<QString> ids;
        for (const Cdr &cdr : inRange) {
            if (cdr.startMs >= evidence.from && cdr.startMs < evidence.till)
                ids.insert(cdr.id);
        }
        settleGuess(ids == evidence.ids);
        return;
    }
}

bool CdrRetriever::evidenceUnderWay() const
{
    for (const auto &[id, piece] : m_pieces) {
        if (piece.checkOf)
            continue;
        for (const auto &[edge, evidence] : m_evidence) {
            if (evidence.from >= piece.from && evidence.till <= piece.till)
                return true;
        }
    }
    return false;
}

void CdrRetriever::settleGuess(bool confirmed)
{
    const QList<QPair<qint64, qint64>> awaiting = std::exchange(m_awaitingVerdict, {});
    m_checkIds.clear();
    m_evidence.clear();
    m_urgent.clear(); // a check not sent yet is moot; one in flight is ignored (its number)
    if (confirmed) {
        m_selection = m_guess;
        for (const auto &[from, till] : awaiting)
            complete(from, till);
        qCInfo(lcHttp) << "UnlimCall /cdrs: a full answer holds the"
                       << (m_selection == Selection::Earliest ? "earliest" : "latest")
                       << "rows of its window";
    } else {
        (m_guess == Selection::Earliest ? m_earliestRefuted : m_latestRefuted) = true;
        if (m_earliestRefuted && m_latestRefuted) {
            m_selection = Selection::Any;
            qCWarning(lcHttp)
                    << "UnlimCall /cdrs: a full answer holds neither the earliest nor the latest rows;"
                       " full pieces are split";
        }
        for (const auto &[from, till] : awaiting)
            m_pending.push_back(Span{from, till});
    }
    m_guess = Selection::Unknown;
    ++m_guessNumber; // a check still in flight answers for a guess settled already
}

void CdrRetriever::splitAnyRows(const Piece &piece, const QList<Cdr> &inRange)
{
    QList<qint64> starts;
    for (const Cdr &cdr : inRange) {
        if (cdr.startMs >= piece.claimFrom && cdr.startMs < piece.claimTill)
            starts.append(cdr.startMs);
    }
    const QList<Span> parts = claimPartsAfterAnyRows(
            piece, std::move(starts), inRange.size(),
            m_model.isEmpty() ? 0.0 : m_model.expected(piece.from, piece.till), m_options);
    if (parts.isEmpty()) {
        fail(ApiError::local(Vendor::UnlimCall, QStringLiteral("cdr_window_unsplittable"),
                             QStringLiteral("UnlimCall holds more than %1 calls starting in the same "
                                            "millisecond; they cannot all be retrieved.")
                                     .arg(m_options.limit)));
        return;
    }
    m_pending.insert(m_pending.end(), parts.cbegin(), parts.cend());
}

QList<CdrRetriever::Span> CdrRetriever::claimPartsAfterAnyRows(const Piece &piece, QList<qint64> claimStarts,
                                                               qsizetype rowsInWindow,
                                                               double expectedInWindow,
                                                               const Options &options)
{
    // The rows of a full answer are some of the window's: where they lie shows how the window's
    // records spread (exactly so when the API picks them at random), and there are at least
    // `limit` of them, likely more. The claim is cut at their quantiles into parts expected to
    // come back below the limit.
    std::sort(claimStarts.begin(), claimStarts.end());
    const double limit = options.limit;
    const double target = limit * options.targetFill;
    const double inWindow = qMax(1.5 * limit, expectedInWindow);
    const double inClaim = inWindow * double(qMax<qsizetype>(1, claimStarts.size())) /
            double(qMax<qsizetype>(1, rowsInWindow));
    const int parts = qMax(2, int(std::ceil(inClaim / target)));
    QList<qint64> cuts{piece.claimFrom};
    for (int i = 1; i < parts; ++i) {
        const qint64 cut = claimStarts.size() >= 2 * parts
                ? claimStarts.at(claimStarts.size() * i / parts)
                : piece.claimFrom + (piece.claimTill - piece.claimFrom) * i / parts;
        if (cut > cuts.last() && cut < piece.claimTill)
            cuts.append(cut);
    }
    cuts.append(piece.claimTill);
    if (cuts.size() == 2 && piece.claimTill - piece.claimFrom <= 1) {
        // One millisecond, which cannot be cut. Asked in a wider window (a walk's boundary, asked
        // together with the evidence next to it while a guess stood), it was the window that came
        // back full: the millisecond is asked on its own. Full on its own, its calls cannot all be had.
        if (piece.from < piece.claimFrom || piece.till > piece.claimTill)
            return {Span{piece.claimFrom, piece.claimTill}};
        return {};
    }
    QList<Span> spans;
    for (int i = 0; i + 1 < cuts.size(); ++i)
        spans.append(Span{cuts.at(i), cuts.at(i + 1), inClaim / double(cuts.size() - 1)});
    return spans;
}

void CdrRetriever::fail(const ApiError &error)
{
    if (!m_running || m_stopping)
        return;
    m_stopping = true;
    m_reading.clear();
    const QSet<ApiReply *> inFlight = std::exchange(m_inFlight, {});
    for (ApiReply *reply : inFlight)
        reply->abort();
    finish(error);
}

void CdrRetriever::finish(const ApiError &error)
{
    if (!m_running)
        return;
    m_running = false;
    m_stats.elapsedMs = m_clock.elapsed();
    qCInfo(lcHttp) << "UnlimCall CDR retrieval" << (error.isError() ? error.code : QStringLiteral("complete"))
                   << ":" << m_stats.records << "records," << m_stats.requests << "requests,"
                   << m_stats.fullPieces << "full," << m_stats.checks << "checks," << m_stats.rounds
                   << "rounds," << m_stats.elapsedMs << "ms";
    Q_EMIT finished(error);
}
