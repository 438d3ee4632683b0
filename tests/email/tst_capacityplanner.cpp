#include "TestMain.h"

#include "email/CapacityPlanner.h"

#include <QTimeZone>

#include <ctime>

namespace {

const QString kNewYork = QStringLiteral("America/New_York");

O2dSchedule schedule(const QString &zone, const QString &days, const QStringList &windows)
{
    O2dSchedule s;
    s.timezone = zone;
    s.weekdays = days.split(u',');
    for (const QString &w : windows) {
        const QStringList bounds = w.split(u'-');
        s.windows.append({QTime::fromString(bounds.at(0), QStringLiteral("HH:mm")),
                          QTime::fromString(bounds.at(1), QStringLiteral("HH:mm"))});
    }
    return s;
}

O2dMailbox mailbox(std::optional<int> dailyLimit = {}, std::optional<int> gapBase = {},
                   std::optional<int> gapJitter = {})
{
    O2dMailbox m;
    m.mailboxAddress = QStringLiteral("sender@cooloutreach.example");
    m.dailyLimit = dailyLimit;
    m.gapBaseSeconds = gapBase;
    m.gapJitterSeconds = gapJitter;
    return m;
}

QDateTime utc(const QString &iso)
{
    QDateTime t = QDateTime::fromString(iso, Qt::ISODate);
    t.setTimeSpec(Qt::UTC);
    return t;
}

// A weekday campaign in New York, 09:00–17:00, starting Monday 2 March 2026 at 08:00 EST.
CapacityInput weekdayCampaign(qint64 contacts)
{
    CapacityInput in;
    in.contacts = contacts;
    in.stepDelayDays = {0};
    in.mailboxes = {mailbox()};
    in.schedule = schedule(kNewYork, QStringLiteral("mon,tue,wed,thu,fri"), {QStringLiteral("09:00-17:00")});
    in.startUtc = utc(QStringLiteral("2026-03-02T13:00:00"));
    return in;
}

} // namespace

// The capacity planner against cases computed by hand (times in the comments are the schedule's
// local time; the defaults are dailyLimit 30 and a gap of 120 + 60/2 = 150 s).
class TestCapacityPlanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The machine's own zone must not matter: run as if on Kiritimati (UTC+14), east of every
        // schedule zone below and a calendar day ahead of most of them.
        qputenv("TZ", "Pacific/Kiritimati");
        tzset();
        QCOMPARE(QDateTime(QDate(2026, 3, 2), QTime(12, 0)).offsetFromUtc(), 14 * 3600);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void hundredContactsEndOnTheFourthSendingDay()
    {
        // 30 a day: Mon 30, Tue 30, Wed 30, Thu 10 (09:00 + 9 × 150 s = 09:22:30 EST).
        const CapacityPlan plan = CapacityPlanner::plan(weekdayCampaign(100));
        QVERIFY2(plan.ok(), qPrintable(plan.problem));
        QCOMPARE(plan.totalEmails, 100);
        QCOMPARE(plan.emailsPerDay, 30);
        QCOMPARE(plan.sendingDays, 4);
        QCOMPARE(plan.firstSendUtc, utc(QStringLiteral("2026-03-02T14:00:00")));
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-05T14:22:30")));
        QVERIFY(!plan.truncated);
        QCOMPARE(plan.timezone, kNewYork);
        QCOMPARE(plan.sentence(),
                 QStringLiteral("The last email of this campaign goes out on Thu 5 Mar 2026 "
                                "(America/New_York): 100 emails over 4 sending day(s), up to 30 "
                                "a day."));
    }

    void weekendsAreSkipped()
    {
        // Starting Thursday 5 March: Thu, Fri, (weekend), Mon 9, Tue 10 — after the clocks went
        // forward on Sunday 8 March, so 09:22:30 is EDT (UTC−4).
        CapacityInput in = weekdayCampaign(100);
        in.startUtc = utc(QStringLiteral("2026-03-05T13:00:00"));
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.sendingDays, 4);
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-10T13:22:30")));
    }

    void startInsideAWindowSendsAtOnce()
    {
        // Monday 10:00 EST: the first email goes at 10:00, 30 that day by 11:12:30.
        CapacityInput in = weekdayCampaign(30);
        in.startUtc = utc(QStringLiteral("2026-03-02T15:00:00"));
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.firstSendUtc, in.startUtc);
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-02T16:12:30")));
        QCOMPARE(plan.sendingDays, 1);
    }

    void twoWindows()
    {
        // 10-minute gap, 09:00–10:00 and 14:00–15:00 (given out of order): 6 + 6 = 12 a day.
        // 20 contacts: Mon 12, Tue 8 = 6 in the morning, then 14:00 and 14:10.
        CapacityInput in = weekdayCampaign(20);
        in.mailboxes = {mailbox(100, 600, 0)};
        in.schedule.windows = schedule(kNewYork, QStringLiteral("mon"),
                                       {QStringLiteral("14:00-15:00"), QStringLiteral("09:00-10:00")})
                                      .windows;
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.emailsPerDay, 12);
        QCOMPARE(plan.sendingDays, 2);
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-03T19:10:00")));
    }

    void gapLimitsBelowTheDailyLimit()
    {
        // Gap 240 + 120/2 = 300 s in one hour: 12 a day although the limit is 30.
        // 24 contacts: Mon 12, Tue 12, the last at 09:55.
        CapacityInput in = weekdayCampaign(24);
        in.mailboxes = {mailbox(30, 240, 120)};
        in.schedule.windows =
                schedule(kNewYork, QStringLiteral("mon"), {QStringLiteral("09:00-10:00")}).windows;
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.emailsPerDay, 12);
        QCOMPARE(plan.sendingDays, 2);
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-03T14:55:00")));
    }

    void mailboxesSendSideBySide()
    {
        // Two default mailboxes: 60 a day. 100 contacts: Mon 60, Tue 40 = 20 slots of each,
        // the last at 09:00 + 19 × 150 s = 09:47:30.
        CapacityInput in = weekdayCampaign(100);
        in.mailboxes = {mailbox(), mailbox()};
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.emailsPerDay, 60);
        QCOMPARE(plan.sendingDays, 2);
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-03T14:47:30")));
    }

    void followUpsWaitForTheirDelayAndForCapacity()
    {
        // 40 contacts, step 2 one day after step 1. Mon: 30 × step 1. Tue: the 10 step 1 still
        // due go first, then 20 of the 30 follow-ups due today. Wed: 10 follow-ups due Tuesday and
        // the 10 due today = 20, the last at 09:00 + 19 × 150 s = 09:47:30.
        CapacityInput in = weekdayCampaign(40);
        in.stepDelayDays = {0, 1};
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.totalEmails, 80);
        QCOMPARE(plan.sendingDays, 3);
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-04T14:47:30")));
    }

    void delaysCountCalendarDays()
    {
        // Step 1 on Thursday 5 March; 2 calendar days later is Saturday: step 2 waits for Monday 9
        // (EDT by then).
        CapacityInput in = weekdayCampaign(10);
        in.startUtc = utc(QStringLiteral("2026-03-05T13:00:00"));
        in.stepDelayDays = {0, 2};
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.sendingDays, 2);
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-09T13:22:30")));

        // Thursday + 5 calendar days = Tuesday 10 March.
        in.stepDelayDays = {0, 5};
        QCOMPARE(CapacityPlanner::plan(in).lastSendUtc, utc(QStringLiteral("2026-03-10T13:22:30")));
    }

    void gapHoldsAcrossDays()
    {
        // A 24-hour gap: one email a day, each a day after the previous one. Starting Monday at
        // 12:00 the next may go Tuesday 12:00 (not 09:00), Wednesday 12:00.
        CapacityInput in = weekdayCampaign(3);
        in.mailboxes = {mailbox(30, 86400, 0)};
        in.startUtc = utc(QStringLiteral("2026-03-02T17:00:00"));
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.sendingDays, 3);
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-04T17:00:00")));
    }

    void zoneEastOfUtc()
    {
        // Tokyo (UTC+9): starting Saturday 7 March 08:00 JST (Friday 23:00 UTC), the first sending
        // day is Monday 9 March, whose 08:00 JST is still Sunday in UTC.
        CapacityInput in = weekdayCampaign(30);
        in.schedule = schedule(QStringLiteral("Asia/Tokyo"), QStringLiteral("mon,tue,wed,thu,fri"),
                               {QStringLiteral("08:00-17:00")});
        in.startUtc = utc(QStringLiteral("2026-03-06T23:00:00"));
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.firstSendUtc, utc(QStringLiteral("2026-03-08T23:00:00")));
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-09T00:12:30"))); // 09:12:30 JST
        QCOMPARE(plan.sendingDays, 1);
    }

    void zoneWestOfUtc()
    {
        // Los Angeles, 17:00–18:00: 24 a day. Starting Friday 6 March 16:30 PST (Saturday 00:30
        // UTC): Fri 24 from 17:00 PST, then Monday 9 March (PDT, UTC−7) 6 more, the last at
        // 17:12:30 PDT = Tuesday 00:12:30 UTC.
        CapacityInput in = weekdayCampaign(30);
        in.schedule = schedule(QStringLiteral("America/Los_Angeles"), QStringLiteral("mon,tue,wed,thu,fri"),
                               {QStringLiteral("17:00-18:00")});
        in.startUtc = utc(QStringLiteral("2026-03-07T00:30:00"));
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.emailsPerDay, 24);
        QCOMPARE(plan.firstSendUtc, utc(QStringLiteral("2026-03-07T01:00:00")));
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-10T00:12:30")));
        QCOMPARE(plan.sendingDays, 2);
    }

    void springForwardDayIsAnHourShorter()
    {
        // New York, Sundays 00:00–06:00, hourly. Sunday 8 March 2026 the clocks jump from 02:00 to
        // 03:00: 00:00, 01:00 EST and 03:00, 04:00, 05:00 EDT — 5 sends, the last at 09:00 UTC.
        CapacityInput in = weekdayCampaign(5);
        in.mailboxes = {mailbox(30, 3600, 0)};
        in.schedule = schedule(kNewYork, QStringLiteral("sun"), {QStringLiteral("00:00-06:00")});
        in.startUtc = utc(QStringLiteral("2026-03-07T17:00:00"));
        CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.firstSendUtc, utc(QStringLiteral("2026-03-08T05:00:00")));
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-08T09:00:00")));
        QCOMPARE(plan.sendingDays, 1);
        QCOMPARE(plan.emailsPerDay, 6); // an ordinary Sunday

        // A sixth contact waits for Sunday 15 March 00:00 EDT (04:00 UTC).
        in.contacts = 6;
        plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.sendingDays, 2);
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-15T04:00:00")));
    }

    void windowStartingInsideTheSkippedHour()
    {
        // 02:30–04:00 on 8 March: 02:00–03:00 never happens, so the window opens when the clocks
        // jump, at 03:00 EDT (07:00 UTC), not an hour after 02:30 EST; half-hourly that is 03:00
        // and 03:30.
        CapacityInput in = weekdayCampaign(3);
        in.mailboxes = {mailbox(30, 1800, 0)};
        in.schedule = schedule(kNewYork, QStringLiteral("sun"), {QStringLiteral("02:30-04:00")});
        in.startUtc = utc(QStringLiteral("2026-03-07T17:00:00"));
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.firstSendUtc, utc(QStringLiteral("2026-03-08T07:00:00")));
        QCOMPARE(plan.sendingDays, 2);
        // The third goes on 15 March at 02:30 EDT (06:30 UTC).
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-15T06:30:00")));
    }

    void fallBackDayIsAnHourLonger()
    {
        // Sunday 1 November 2026 01:00–02:00 happens twice: 00:00–06:00 holds 7 hourly sends,
        // 00:00 EDT (04:00 UTC) to 05:00 EST (10:00 UTC).
        CapacityInput in = weekdayCampaign(7);
        in.mailboxes = {mailbox(30, 3600, 0)};
        in.schedule = schedule(kNewYork, QStringLiteral("sun"), {QStringLiteral("00:00-06:00")});
        in.startUtc = utc(QStringLiteral("2026-10-31T16:00:00"));
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.firstSendUtc, utc(QStringLiteral("2026-11-01T04:00:00")));
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-11-01T10:00:00")));
        QCOMPARE(plan.sendingDays, 1);
    }

    void aMillionContacts()
    {
        // 100 mailboxes × 5000 without gaps: 500,000 a day, all at the window's start.
        // 1,000,000 contacts × 3 steps (delays 0, 2, 2): Mon, Tue step 1; Wed, Thu step 2;
        // Fri, Mon step 3.
        CapacityInput in = weekdayCampaign(1000000);
        in.stepDelayDays = {0, 2, 2};
        in.mailboxes.clear();
        for (int i = 0; i < 100; ++i)
            in.mailboxes.append(mailbox(5000, 0, 0));
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QCOMPARE(plan.totalEmails, 3000000);
        QCOMPARE(plan.emailsPerDay, 500000);
        QCOMPARE(plan.sendingDays, 6);
        QCOMPARE(plan.lastSendUtc, utc(QStringLiteral("2026-03-09T13:00:00"))); // Mon 9 Mar 09:00 EDT
        QCOMPARE(plan.sentence(),
                 QStringLiteral("The last email of this campaign goes out on Mon 9 Mar 2026 "
                                "(America/New_York): 3,000,000 emails over 6 sending day(s), "
                                "up to 500,000 a day."));
    }

    void truncatedWhenCapacityIsFarTooSmall()
    {
        // One email a week: after maxDays (3660 days from Monday 2 March 2026) 523 Mondays have
        // sent and 9,477 contacts are left. The plan says so rather than loop for 190 years.
        CapacityInput in = weekdayCampaign(10000);
        in.mailboxes = {mailbox(1)};
        in.schedule.weekdays = {QStringLiteral("mon")};
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QVERIFY(plan.ok());
        QVERIFY(plan.truncated);
        QCOMPARE(plan.sendingDays, 523);
        QCOMPARE(plan.lastSendUtc.toTimeZone(QTimeZone(kNewYork.toUtf8())).date(),
                 QDate(2026, 3, 2).addDays(3654));
        QVERIFY2(plan.sentence().startsWith(QStringLiteral("At this capacity the campaign needs more than "
                                                           "3,660 days: its last email goes out after Mon ")),
                 qPrintable(plan.sentence()));
    }

    void problemsInWords_data()
    {
        QTest::addColumn<int>("breakage");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no steps") << 0
                                  << QStringLiteral(
                                             "No steps yet: add a step to see when the last email goes out.");
        QTest::newRow("no contacts") << 1
                                     << QStringLiteral(
                                                "No contacts yet: import contacts to see when the last email "
                                                "goes out.");
        QTest::newRow("no mailbox") << 2
                                    << QStringLiteral(
                                               "No mailbox attached: attach a mailbox to see when the last "
                                               "email goes out.");
        QTest::newRow("no schedule") << 3
                                     << QStringLiteral(
                                                "No schedule yet: set its time zone, weekdays and windows to "
                                                "see when the last email goes out.");
        QTest::newRow("unknown zone")
                << 4 << QStringLiteral("The schedule's time zone \"Mars/Olympus\" is unknown.");
        QTest::newRow("no weekday") << 5 << QStringLiteral("The schedule has no sending weekday.");
        QTest::newRow("no window") << 6 << QStringLiteral("The schedule has no sending window.");
        QTest::newRow("empty window") << 7 << QStringLiteral("The schedule has no sending window.");
        QTest::newRow("limit 0") << 8
                                 << QStringLiteral(
                                            "The mailboxes cannot send inside the schedule's windows: every "
                                            "daily limit is 0.");
    }

    void problemsInWords()
    {
        QFETCH(int, breakage);
        QFETCH(QString, problem);
        CapacityInput in = weekdayCampaign(100);
        switch (breakage) {
        case 0:
            in.stepDelayDays.clear();
            break;
        case 1:
            in.contacts = 0;
            break;
        case 2:
            in.mailboxes.clear();
            break;
        case 3:
            in.schedule = O2dSchedule();
            break;
        case 4:
            in.schedule.timezone = QStringLiteral("Mars/Olympus");
            break;
        case 5:
            in.schedule.weekdays = {QStringLiteral("someday")};
            break;
        case 6:
            in.schedule.windows.clear();
            break;
        case 7:
            in.schedule.windows = {{QTime(12, 0), QTime(12, 0)}};
            break;
        case 8:
            in.mailboxes = {mailbox(0)};
            break;
        }
        const CapacityPlan plan = CapacityPlanner::plan(in);
        QVERIFY(!plan.ok());
        QCOMPARE(plan.problem, problem);
        QCOMPARE(plan.sentence(), problem);
        QVERIFY(!plan.lastSendUtc.isValid());
    }
};

CC_TEST_GUILESS_MAIN(TestCapacityPlanner)
#include "tst_capacityplanner.moc"
