#pragma once

#include "outreach2day/Outreach2dayTypes.h"

#include <QDateTime>
#include <QList>
#include <QString>

// The capacity planner (no cold-email tool shows this): when the last email of a campaign goes
// out, from contacts × steps × delays against the mailboxes' daily limits and gaps and the
// schedule's windows in its time zone. A pure calculation: recomputed as the operator edits.
//
// The model (stated in the README): every contact gets step 1 as soon as capacity allows, in
// import order; step n+1 becomes due delayDays after the contact's step n was sent (delays count
// calendar days in the schedule's zone) and then waits for capacity. Each sending day, a mailbox
// sends at most its dailyLimit, spaced at least gapBaseSeconds + gapJitterSeconds/2 apart (the
// jitter's mean), only inside the schedule's windows on its weekdays. Replies, bounces and stop
// rules can only end a campaign earlier: the plan is the latest it can finish.
struct CapacityPlan
{
    QString problem; // why no plan (no steps, no contacts, no mailbox, no schedule), in words
    QDateTime lastSendUtc; // the last email's time
    QDateTime firstSendUtc;
    QString timezone; // the schedule's zone, for showing lastSend in it
    qint64 totalEmails = 0; // contacts × steps
    int sendingDays = 0; // days with at least one send
    int emailsPerDay = 0; // the campaign's capacity on a full sending day
    bool truncated = false; // gave up after maxDays (capacity far too small): lastSend is a lower bound

    bool ok() const { return problem.isEmpty(); }
    // "The last email of this campaign goes out on Tue 12 May 2026 (America/New_York): 3,000
    // emails over 21 sending days, up to 150 a day."
    QString sentence() const;
};

struct CapacityInput
{
    qint64 contacts = 0;
    QList<int> stepDelayDays; // per step, in order (the first is usually 0)
    QList<O2dMailbox>
            mailboxes; // dailyLimit default 30, gaps default 120/60 when unset (as the vendor answers)
    O2dSchedule schedule;
    QDateTime startUtc; // when sending starts (launch time)
};

namespace CapacityPlanner {
constexpr int maxDays = 3660;
CapacityPlan plan(const CapacityInput &input);
} // namespace CapacityPlanner
