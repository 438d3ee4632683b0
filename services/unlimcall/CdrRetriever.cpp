#include "CdrRetriever.h"

#include "UnlimCallService.h"

#include "core/Logging.h"
#include "core/VendorClient.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>

using UnlimCall::Cdr;

namespace {

constexpr qint64 msPerHour = 3600LL * 1000;
constexpr qint64 msPerDay = 24 * msPerHour;
constexpr qint64 coldStartProbeMs = 24 * msPerHour;
constexpr double minExposureMs = 0.5 * msPerHour; // less than this says little about a bin

// 1970-01-01 was a Thursday: hour 72 of a week that starts on Monday 00:00 UTC.
int hourOfWeek(qint64 ms)
{
    const qint64 hours = ms >= 0 ? ms / msPerHour : (ms - msPerHour + 1) / msPerHour;
    return int(((hours + 72) % 168 + 168) % 168);
}

qint64 nextHour(qint64 ms)
{
    const qint64 floor = ms >= 0 ? ms / msPerHour : (ms - msPerHour + 1) / msPerHour;
    return (floor + 1) * msPerHour;
}

} // namespace

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
    // One lane per request in flight from the start, each opening with a probe: nothing is
    // known yet, and a single probe would leave the other slots idle for a whole round trip.
    const int lanes =
            int(qBound<qint64>(1, (m_till - m_from) / coldStartProbeMs, qint64(m_options.concurrency)));
    m_lanes.clear();
    for (int i = 0; i < lanes; ++i) {
        const qint64 from = m_from + (m_till - m_from) * i / lanes;
        const qint64 till = m_from + (m_till - m_from) * (i + 1) / lanes;
        m_lanes.push_back(Lane{from, till, false, 1.0});
    }
    m_queue.clear();
    m_reading.clear();
    m_seen.clear();
    m_completed.clear();
    m_completedMs = 0;
    m_stats = {};
    m_clock.start();
    // The model starts afresh: what one account's traffic looked like says nothing reliable
    // about another window's level, and a probe costs one request.
    m_counts.fill(0);
    m_exposure.fill(0);
    m_totalCount = m_totalExposure = 0;
    m_rates.fill(0);
    m_haveObservation = false;
    m_trustOrder = m_verifying = m_verifyFailed = false;
    m_verifyIds.clear();
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
    QList<QPair<qint64, qint64>> sorted = m_completed;
    std::sort(sorted.begin(), sorted.end());
    QList<QPair<qint64, qint64>> merged;
    for (const auto &interval : std::as_const(sorted)) {
        if (!merged.isEmpty() && interval.first <= merged.last().second)
            merged.last().second = qMax(merged.last().second, interval.second);
        else
            merged.append(interval);
    }
    return merged;
}

double CdrRetriever::fillTarget() const
{
    return m_options.limit * (m_trustOrder ? m_options.continuationFill : m_options.targetFill);
}

void CdrRetriever::pump()
{
    if (!m_running || m_stopping || !m_service)
        return;
    const double target = fillTarget();
    while (m_inFlight.size() - m_reading.size() < m_options.concurrency) {
        if (!m_queue.empty()) {
            const Piece piece = m_queue.front();
            m_queue.pop_front();
            issue(piece);
            continue;
        }
        auto lane = std::find_if(m_lanes.begin(), m_lanes.end(),
                                 [](const Lane &l) { return !l.busy && l.frontier < l.end; });
        if (lane == m_lanes.end()) {
            if (!m_haveObservation || !steal())
                break;
            continue;
        }
        const qint64 limitEnd = qMin(lane->end, lane->frontier + m_options.maxPieceMs);
        Piece piece{lane->frontier, limitEnd, int(lane - m_lanes.begin()), 0};
        if (!m_haveObservation) {
            piece.till = qMin(limitEnd, lane->frontier + coldStartProbeMs);
        } else {
            piece.till = endForExpected(lane->frontier, limitEnd, target / lane->level);
            // Do not leave a sliver behind for a request of its own.
            if (piece.till < lane->end && lane->end == limitEnd &&
                expected(piece.till, lane->end) * lane->level < 0.25 * target &&
                expected(lane->frontier, lane->end) * lane->level <= 0.95 * m_options.limit)
                piece.till = lane->end;
        }
        piece.planned = expected(piece.from, piece.till) * lane->level;
        lane->frontier = piece.till;
        lane->busy = true;
        issue(piece);
    }
    const bool lanesDone = std::all_of(m_lanes.cbegin(), m_lanes.cend(),
                                       [](const Lane &l) { return !l.busy && l.frontier >= l.end; });
    if (m_inFlight.isEmpty() && m_queue.empty() && lanesDone)
        finish(ApiError());
}

bool CdrRetriever::steal()
{
    // The lane with the most expected work left gives away the far half of it.
    const double target = m_options.limit * m_options.targetFill;
    int best = -1;
    double bestWork = 1.5 * target;
    for (int i = 0; i < int(m_lanes.size()); ++i) {
        const Lane &lane = m_lanes[size_t(i)];
        const double work = lane.frontier < lane.end ? expected(lane.frontier, lane.end) * lane.level : 0;
        if (work > bestWork) {
            best = i;
            bestWork = work;
        }
    }
    if (best < 0)
        return false;
    Lane &donor = m_lanes[size_t(best)];
    const qint64 middle =
            qBound(donor.frontier + 1,
                   endForExpected(donor.frontier, donor.end, expected(donor.frontier, donor.end) / 2),
                   donor.end - 1);
    Lane taken{middle, donor.end, false, donor.level};
    donor.end = middle;
    m_lanes.push_back(taken);
    return true;
}

void CdrRetriever::issue(const Piece &piece)
{
    // The reply is known only once fetchCdrs() returns; the answer always comes later (queued).
    auto holder = std::make_shared<ApiReply *>(nullptr);
    ApiReply *reply =
            m_service->fetchCdrs(piece.from, piece.till, m_options.limit, this,
                                 [this, piece, holder](const Result<UnlimCallService::CdrPage> &result) {
                                     m_inFlight.remove(*holder);
                                     m_reading.remove(*holder);
                                     if (!m_running || m_stopping)
                                         return;
                                     if (!result.ok()) {
                                         fail(result.error());
                                         return;
                                     }
                                     onAnswer(piece, result.value().calls);
                                 });
    *holder = reply;
    if (!reply)
        return;
    m_inFlight.insert(reply);
    connect(reply, &ApiReply::answered, this, [this, reply] {
        if (!m_inFlight.contains(reply))
            return;
        m_reading.insert(reply);
        pump(); // the slot takes the next piece while this answer is read
    });
}

void CdrRetriever::onAnswer(const Piece &piece, const QList<Cdr> &rows)
{
    ++m_stats.requests;
    const bool full = rows.size() >= m_options.limit;
    const double target = m_options.limit * m_options.targetFill;
    if (piece.verify) {
        m_verifying = false;
        QSet<QString> ids;
        for (const Cdr &cdr : rows)
            ids.insert(cdr.id);
        m_trustOrder = !full && ids == m_verifyIds;
        m_verifyFailed = !m_trustOrder;
        m_verifyIds.clear();
        if (m_verifyFailed)
            qCWarning(lcHttp) << "UnlimCall /cdrs: a full answer was not the earliest rows of its window;"
                                 " every full piece is split";
        for (const Piece &covered : std::as_const(m_awaitingVerdict)) {
            if (m_trustOrder) {
                m_completed.append({covered.from, covered.till});
                m_completedMs += covered.till - covered.from;
            } else {
                m_queue.push_back(covered);
            }
        }
        m_awaitingVerdict.clear();
    }
    Lane *lane = piece.lane >= 0 ? &m_lanes[size_t(piece.lane)] : nullptr;
    if (lane)
        lane->busy = false;

    QList<Cdr> fresh;
    fresh.reserve(rows.size());
    for (const Cdr &cdr : rows) {
        if (cdr.startMs < piece.from || cdr.startMs >= piece.till)
            continue; // outside what was asked: not ours to trust
        if (m_seen.contains(cdr.id)) {
            ++m_stats.duplicates;
            continue;
        }
        m_seen.insert(cdr.id);
        fresh.append(cdr);
    }
    m_stats.records += fresh.size();

    qCDebug(lcHttp) << "CDR piece" << UnlimCall::isoTimestamp(piece.from)
                    << (piece.till - piece.from) / 3600000.0 << "h, lane" << piece.lane << ":" << rows.size()
                    << "rows," << piece.planned << "expected";

    // The level: how the newest neighbour compared with the model, measured on the part of it
    // that lies in the same UTC day as its end (the day the lane continues in): a campaign day
    // or a quiet one shows there, while yesterday's level says little about today.
    double localRatio = -1;
    if (lane && !full) {
        const qint64 dayStart = (piece.till - 1) / msPerDay * msPerDay;
        const qint64 from = qMax(piece.from, dayStart);
        const double model = expected(from, piece.till);
        if (model >= 30) {
            int count = 0;
            for (const Cdr &cdr : rows)
                count += cdr.startMs >= from ? 1 : 0;
            localRatio = count / model;
        }
    }
    const double ratio = observe(piece.from, piece.till, rows, !full);
    if (lane && localRatio > 0)
        lane->level = qBound(0.2, 0.2 * lane->level + 0.8 * localRatio, 5.0);
    else if (lane && ratio > 0)
        lane->level = qBound(0.2, 0.3 * lane->level + 0.7 * ratio, 5.0);
    m_haveObservation = true;

    if (full) {
        ++m_stats.fullPieces;
        if (piece.till - piece.from <= 1) {
            fail(ApiError::local(Vendor::UnlimCall, QStringLiteral("cdr_window_unsplittable"),
                                 QStringLiteral("UnlimCall holds more than %1 calls starting in the same "
                                                "millisecond; they cannot all be retrieved.")
                                         .arg(m_options.limit)));
            return;
        }
        const qint64 last = rows.last().startMs;
        const bool inOrder = std::is_sorted(rows.cbegin(), rows.cend(),
                                            [](const Cdr &a, const Cdr &b) { return a.startMs < b.startMs; });
        if (inOrder && last > piece.from && last < piece.till) {
            // The rest of the piece continues from the last row, inclusive (more calls may share
            // its millisecond; the ones already held are de-duplicated by id).
            if (lane && lane->end >= piece.till)
                lane->frontier = last; // the lane walks on at once, sized by its level
            else
                m_queue.push_front(Piece{last, piece.till, -1, 0});
            if (m_trustOrder) {
                m_completed.append({piece.from, last});
                m_completedMs += last - piece.from;
            } else {
                Piece covered{piece.from, last, -1, 0};
                if (m_verifying) {
                    m_awaitingVerdict.append(covered); // the check under way decides
                } else {
                    if (!m_verifyFailed) {
                        covered.verify = true;
                        m_verifying = true;
                        for (const Cdr &cdr : rows) {
                            if (cdr.startMs >= piece.from && cdr.startMs < last)
                                m_verifyIds.insert(cdr.id);
                        }
                    }
                    m_queue.push_front(covered);
                }
            }
            if (!fresh.isEmpty())
                Q_EMIT recordsReceived(fresh);
            Q_EMIT progress(m_completedMs, m_till - m_from, m_stats.records);
            pump();
            return;
        }
        QList<qint64> starts;
        starts.reserve(rows.size());
        for (const Cdr &cdr : rows)
            starts.append(cdr.startMs);
        const bool ascending = std::is_sorted(starts.cbegin(), starts.cend());
        const bool descending = !ascending && std::is_sorted(starts.crbegin(), starts.crend());
        const int k = qBound(1, int(target), int(starts.size()) - 1);
        const qint64 cut = ascending ? starts.at(k)
                : descending         ? starts.at(int(starts.size()) - 1 - k) + 1
                                     : 0;
        QList<Piece> parts;
        if ((ascending || descending) && cut > piece.from && cut < piece.till) {
            // Rows in time order show where the target count is reached from the edge they start
            // at: that part is cut there (asked again, it comes back just below the limit).
            const Piece near = ascending ? Piece{piece.from, cut, -1, 0} : Piece{cut, piece.till, -1, 0};
            const Piece rest = ascending ? Piece{cut, piece.till, -1, 0} : Piece{piece.from, cut, -1, 0};
            parts.append(near);
            if (ascending && lane && lane->end >= piece.till) {
                lane->frontier = cut; // the lane walks on from the cut, sized by the new level
            } else {
                const double restWork = expected(rest.from, rest.till) * (lane ? lane->level : 1.0);
                const int restParts = int(qBound<qint64>(1, qint64(std::ceil(restWork / target)),
                                                         qMin<qint64>(rest.till - rest.from, 10'000)));
                parts += splitByExpectation(rest, restParts);
            }
        } else {
            parts = splitByExpectation(piece, 2); // rows in no order: halve by expectation
        }
        for (auto it = parts.crbegin(); it != parts.crend(); ++it)
            m_queue.push_front(*it);
    } else {
        m_completed.append({piece.from, piece.till});
        m_completedMs += piece.till - piece.from;
    }

    if (!fresh.isEmpty())
        Q_EMIT recordsReceived(fresh);
    Q_EMIT progress(m_completedMs, m_till - m_from, m_stats.records);
    pump();
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
                   << m_stats.fullPieces << "full," << m_stats.elapsedMs << "ms";
    Q_EMIT finished(error);
}

// --- the density model ----------------------------------------------------------------------------

double CdrRetriever::observe(qint64 from, qint64 till, const QList<Cdr> &rows, bool complete)
{
    qint64 spanFrom = from, spanTill = till;
    if (!complete) {
        // A full answer is a complete picture only of the span its rows cover, and only when
        // they come in time order.
        bool ascending = true, descending = true;
        for (int i = 1; i < rows.size(); ++i) {
            ascending = ascending && rows.at(i).startMs >= rows.at(i - 1).startMs;
            descending = descending && rows.at(i).startMs <= rows.at(i - 1).startMs;
        }
        if (rows.isEmpty() || (!ascending && !descending))
            return -1;
        if (ascending)
            spanTill = rows.last().startMs + 1;
        else
            spanFrom = rows.last().startMs;
    }
    const double before = expected(spanFrom, spanTill);
    int counted = 0;
    for (const Cdr &cdr : rows) {
        if (cdr.startMs < spanFrom || cdr.startMs >= spanTill)
            continue;
        m_counts[size_t(hourOfWeek(cdr.startMs))] += 1;
        ++counted;
    }
    for (qint64 t = spanFrom; t < spanTill;) {
        const qint64 end = qMin(spanTill, nextHour(t));
        m_exposure[size_t(hourOfWeek(t))] += double(end - t);
        t = end;
    }
    m_totalCount += counted;
    m_totalExposure += double(spanTill - spanFrom);
    updateRates();
    return m_haveObservation && before >= 30 ? counted / before : -1;
}

double CdrRetriever::rateAt(int how) const
{
    return m_rates[size_t(how)];
}

void CdrRetriever::updateRates()
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
}

double CdrRetriever::expected(qint64 from, qint64 till) const
{
    double sum = 0;
    for (qint64 t = from; t < till;) {
        const qint64 end = qMin(till, nextHour(t));
        sum += rateAt(hourOfWeek(t)) * double(end - t);
        t = end;
    }
    return sum;
}

qint64 CdrRetriever::endForExpected(qint64 from, qint64 limitEnd, double wanted) const
{
    double sum = 0;
    for (qint64 t = from; t < limitEnd;) {
        const qint64 end = qMin(limitEnd, nextHour(t));
        const double rate = rateAt(hourOfWeek(t));
        const double add = rate * double(end - t);
        if (rate > 0 && sum + add >= wanted)
            return qBound(from + 1, t + qint64((wanted - sum) / rate), limitEnd);
        sum += add;
        t = end;
    }
    return limitEnd;
}

QList<CdrRetriever::Piece> CdrRetriever::splitByExpectation(const Piece &piece, int parts) const
{
    QList<Piece> result;
    const double total = expected(piece.from, piece.till);
    qint64 start = piece.from;
    for (int i = 1; i < parts && start < piece.till - 1; ++i) {
        qint64 end = total > 0 ? endForExpected(piece.from, piece.till, total * i / parts)
                               : piece.from + (piece.till - piece.from) * i / parts;
        end = qBound(start + 1, end, piece.till - 1);
        result.append({start, end});
        start = end;
    }
    result.append({start, piece.till});
    return result;
}
