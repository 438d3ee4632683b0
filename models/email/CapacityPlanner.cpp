#include "CapacityPlanner.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <limits>
#include <map>
#include <utility>
#include <vector>

// The simulation walks calendar days in the schedule's zone, not emails: each day it works out
// every mailbox's send times as arithmetic runs (first send, gap, count) per window, sends as many
// due emails as that capacity allows (oldest due first: every contact's step 1 is due at the start,
// so step 1 reaches every contact as early as capacity allows), and books the follow-ups they make
// due as counts per (due day, step). A million contacts cost no more than a hundred.
//
// Assumptions beyond the header's model: a mailbox's gap also holds across windows and days (a
// send at 16:59 with a 20-hour gap blocks the next morning); sends go to the earliest free mailbox
// slot (weights split which mailbox sends, not how many emails go out while some are due).

namespace {

QString trPlan(const char *text, int n = -1)
{
    return QCoreApplication::translate("CapacityPlan", text, nullptr, n);
}

constexpr int defaultDailyLimit = 30;
constexpr int defaultGapBaseSeconds = 120;
constexpr int defaultGapJitterSeconds = 60;

// One mailbox's sends in one window: at first, first + gap, ... (count of them).
struct Run
{
    qint64 first = 0;
    qint64 count = 0;
};

struct Mailbox
{
    qint64 gapMs = 0; // gapBase + gapJitter / 2 (the jitter's mean)
    qint64 limit = 0;
    qint64 nextFreeMs = std::numeric_limits<qint64>::min(); // the gap after its last send
    std::vector<Run> runs; // today's send times

    qint64 capacity() const
    {
        qint64 n = 0;
        for (const Run &r : runs)
            n += r.count;
        return n;
    }

    // Sends at or before t.
    qint64 countUpTo(qint64 t) const
    {
        qint64 n = 0;
        for (const Run &r : runs) {
            if (t < r.first)
                break;
            n += gapMs == 0 ? r.count : std::min(r.count, (t - r.first) / gapMs + 1);
        }
        return n;
    }

    // The time of its k-th send today (1-based, k <= capacity()).
    qint64 timeOf(qint64 k) const
    {
        for (const Run &r : runs) {
            if (k <= r.count)
                return r.first + (k - 1) * gapMs;
            k -= r.count;
        }
        return runs.empty() ? 0 : runs.back().first + (runs.back().count - 1) * gapMs;
    }

    // Today's send times inside the windows (sorted, disjoint), at most `limit` of them.
    void planDay(const std::vector<std::pair<qint64, qint64>> &windows)
    {
        runs.clear();
        qint64 left = limit;
        qint64 free = nextFreeMs;
        for (const auto &[start, end] : windows) {
            if (left <= 0)
                break;
            const qint64 first = std::max(start, free);
            if (first >= end)
                continue;
            const qint64 fits = gapMs == 0 ? left : (end - first + gapMs - 1) / gapMs;
            const qint64 count = std::min(fits, left);
            runs.push_back({first, count});
            left -= count;
            free = first + (count - 1) * gapMs + gapMs;
        }
    }
};

// The instant a local time of `date` starts in `zone`. A time inside a spring-forward gap does
// not exist that day: the window then starts when the clocks jump (the first moment whose local
// time is at or past it). Never a fixed offset: each day asks the zone.
qint64 instantMs(const QDate &date, const QTime &time, const QTimeZone &zone)
{
    const QDateTime local(date, time, zone);
    if (local.isValid())
        return local.toMSecsSinceEpoch();
    const QTimeZone::OffsetData jump = zone.nextTransition(QDateTime(date.addDays(-1), QTime(12, 0), zone));
    if (jump.atUtc.isValid())
        return jump.atUtc.toMSecsSinceEpoch();
    return QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch() - qint64(zone.standardTimeOffset(local)) * 1000;
}

int weekdayNumber(const QString &name)
{
    const QStringList names = O2dSchedule::allWeekdays();
    const int i = int(names.indexOf(name.trimmed().toLower()));
    return i < 0 ? 0 : i + 1; // QDate::dayOfWeek(): 1 = Monday
}

// The schedule's windows as sorted, merged [start, end) times of day (overlaps would count twice).
QList<O2dSchedule::Window> mergedWindows(QList<O2dSchedule::Window> windows)
{
    windows.erase(std::remove_if(windows.begin(), windows.end(),
                                 [](const O2dSchedule::Window &w) {
                                     return !w.start.isValid() || !w.end.isValid() || w.end <= w.start;
                                 }),
                  windows.end());
    std::sort(windows.begin(), windows.end(),
              [](const O2dSchedule::Window &a, const O2dSchedule::Window &b) { return a.start < b.start; });
    QList<O2dSchedule::Window> merged;
    for (const O2dSchedule::Window &w : windows) {
        if (!merged.isEmpty() && w.start <= merged.last().end)
            merged.last().end = std::max(merged.last().end, w.end);
        else
            merged.append(w);
    }
    return merged;
}

class Simulation
{
public:
    Simulation(const CapacityInput &input, const QTimeZone &zone, const QList<O2dSchedule::Window> &windows,
               const QList<int> &weekdays)
        : m_zone(zone), m_windows(windows), m_startMs(input.startUtc.toMSecsSinceEpoch())
    {
        for (int day : weekdays)
            m_weekday[day] = true;
        for (const O2dMailbox &m : input.mailboxes) {
            Mailbox box;
            box.limit = std::max(0, m.dailyLimit.value_or(defaultDailyLimit));
            box.gapMs = qint64(std::max(0, m.gapBaseSeconds.value_or(defaultGapBaseSeconds))) * 1000 +
                    qint64(std::max(0, m.gapJitterSeconds.value_or(defaultGapJitterSeconds))) * 500;
            m_mailboxes.push_back(box);
        }
        for (int d : input.stepDelayDays)
            m_delays.push_back(std::max(0, d));
        m_startDate = QDateTime::fromMSecsSinceEpoch(m_startMs, m_zone).date();
    }

    // Capacity on a full sending day, mailboxes idle: the best of the two weeks after the start
    // day (each weekday twice, so a day shortened by a clock change never stands for all).
    qint64 fullDayCapacity() const
    {
        qint64 best = 0;
        for (int d = 1; d <= 14; ++d) {
            const QDate date = m_startDate.addDays(d);
            if (!m_weekday[date.dayOfWeek()])
                continue;
            const auto windows = dayWindows(date, std::numeric_limits<qint64>::min());
            qint64 total = 0;
            for (Mailbox box : m_mailboxes) {
                box.nextFreeMs = std::numeric_limits<qint64>::min();
                box.planDay(windows);
                total += box.capacity();
            }
            best = std::max(best, total);
        }
        return best;
    }

    void run(qint64 contacts, CapacityPlan &plan)
    {
        // Emails due, as counts per (due day, step): oldest first.
        std::map<std::pair<int, int>, qint64> due;
        due[{m_delays.front(), 0}] = contacts;
        int day = 0;
        while (!due.empty()) {
            day = std::max(day, due.begin()->first.first); // nothing can go out before the next due day
            if (day >= CapacityPlanner::maxDays) {
                plan.truncated = true;
                return;
            }
            const QDate date = m_startDate.addDays(day);
            if (m_weekday[date.dayOfWeek()])
                sendDay(day, date, due, plan);
            ++day;
        }
    }

private:
    std::vector<std::pair<qint64, qint64>> dayWindows(const QDate &date, qint64 notBefore) const
    {
        std::vector<std::pair<qint64, qint64>> windows;
        for (const O2dSchedule::Window &w : m_windows) {
            const qint64 start = std::max(instantMs(date, w.start, m_zone), notBefore);
            const qint64 end = instantMs(date, w.end, m_zone);
            if (start < end)
                windows.emplace_back(start, end);
        }
        return windows;
    }

    void sendDay(int day, const QDate &date, std::map<std::pair<int, int>, qint64> &due, CapacityPlan &plan)
    {
        const auto windows = dayWindows(date, m_startMs);
        qint64 capacity = 0;
        for (Mailbox &box : m_mailboxes) {
            box.planDay(windows);
            capacity += box.capacity();
        }
        qint64 sent = 0;
        while (sent < capacity && !due.empty() && due.begin()->first.first <= day) {
            const auto it = due.begin();
            const int step = it->first.second;
            const qint64 n = std::min(it->second, capacity - sent);
            sent += n;
            if ((it->second -= n) == 0)
                due.erase(it);
            if (step + 1 < int(m_delays.size()))
                due[{day + m_delays[size_t(step) + 1], step + 1}] += n;
        }
        if (sent == 0)
            return;
        const qint64 last = timeOfSend(sent);
        bookSends(sent, last);
        if (plan.sendingDays == 0)
            plan.firstSendUtc = QDateTime::fromMSecsSinceEpoch(timeOfSend(1), Qt::UTC);
        plan.lastSendUtc = QDateTime::fromMSecsSinceEpoch(last, Qt::UTC);
        ++plan.sendingDays;
    }

    // The time of the k-th of today's sends across all mailboxes (they send side by side).
    qint64 timeOfSend(qint64 k) const
    {
        qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
        for (const Mailbox &box : m_mailboxes) {
            if (box.runs.empty())
                continue;
            lo = std::min(lo, box.runs.front().first);
            hi = std::max(hi, box.timeOf(box.capacity()));
        }
        while (lo < hi) { // the first time by which k sends have gone out
            const qint64 mid = lo + (hi - lo) / 2;
            qint64 n = 0;
            for (const Mailbox &box : m_mailboxes)
                n += box.countUpTo(mid);
            if (n >= k)
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo;
    }

    // Which mailbox sent how many by `last` decides when each may send again.
    void bookSends(qint64 sent, qint64 last)
    {
        std::vector<qint64> counts;
        qint64 before = 0;
        for (const Mailbox &box : m_mailboxes) {
            counts.push_back(box.countUpTo(last - 1));
            before += counts.back();
        }
        qint64 atLast = sent - before; // sends exactly at `last`, first mailboxes first
        for (size_t i = 0; i < m_mailboxes.size(); ++i) {
            Mailbox &box = m_mailboxes[i];
            const qint64 extra = std::min(atLast, box.countUpTo(last) - counts[i]);
            counts[i] += extra;
            atLast -= extra;
            if (counts[i] > 0)
                box.nextFreeMs = box.timeOf(counts[i]) + box.gapMs;
        }
    }

    QTimeZone m_zone;
    QList<O2dSchedule::Window> m_windows;
    qint64 m_startMs;
    QDate m_startDate;
    bool m_weekday[8] = {};
    std::vector<Mailbox> m_mailboxes;
    std::vector<int> m_delays;
};

} // namespace

QString CapacityPlan::sentence() const
{
    if (!ok())
        return problem;
    const QLocale locale;
    const QTimeZone zone(timezone.toUtf8());
    const QString when =
            locale.toString(lastSendUtc.toTimeZone(zone).date(), QStringLiteral("ddd d MMM yyyy"));
    if (truncated)
        return trPlan("At this capacity the campaign needs more than %1 days: its last email goes out after "
                      "%2 (%3). Add mailboxes or raise their daily limits.")
                .arg(locale.toString(CapacityPlanner::maxDays), when, timezone);
    return trPlan("The last email of this campaign goes out on %1 (%2): %3 emails over %n sending day(s), "
                  "up to %4 a day.",
                  sendingDays)
            .arg(when, timezone, locale.toString(totalEmails), locale.toString(emailsPerDay));
}

CapacityPlan CapacityPlanner::plan(const CapacityInput &input)
{
    CapacityPlan plan;
    plan.timezone = input.schedule.timezone;
    plan.totalEmails = std::max<qint64>(0, input.contacts) * input.stepDelayDays.size();

    const QTimeZone zone(input.schedule.timezone.toUtf8());
    QList<int> weekdays;
    for (const QString &name : input.schedule.weekdays) {
        if (const int day = weekdayNumber(name))
            weekdays.append(day);
    }
    const QList<O2dSchedule::Window> windows = mergedWindows(input.schedule.windows);

    if (input.stepDelayDays.isEmpty())
        plan.problem = trPlan("No steps yet: add a step to see when the last email goes out.");
    else if (input.contacts <= 0)
        plan.problem = trPlan("No contacts yet: import contacts to see when the last email goes out.");
    else if (input.mailboxes.isEmpty())
        plan.problem = trPlan("No mailbox attached: attach a mailbox to see when the last email goes out.");
    else if (!input.schedule.isSet())
        plan.problem = trPlan("No schedule yet: set its time zone, weekdays and windows to see when the last "
                              "email goes out.");
    else if (!zone.isValid())
        plan.problem = trPlan("The schedule's time zone \"%1\" is unknown.").arg(input.schedule.timezone);
    else if (weekdays.isEmpty())
        plan.problem = trPlan("The schedule has no sending weekday.");
    else if (windows.isEmpty())
        plan.problem = trPlan("The schedule has no sending window.");
    if (!plan.ok())
        return plan;

    CapacityInput started = input;
    if (!started.startUtc.isValid())
        started.startUtc = QDateTime::currentDateTimeUtc();
    Simulation simulation(started, zone, windows, weekdays);
    plan.emailsPerDay = int(std::min<qint64>(simulation.fullDayCapacity(), std::numeric_limits<int>::max()));
    if (plan.emailsPerDay == 0) {
        plan.problem =
                trPlan("The mailboxes cannot send inside the schedule's windows: every daily limit is 0.");
        return plan;
    }
    simulation.run(input.contacts, plan);
    return plan;
}
