#include "UnloopaOutreachAccounts.h"

#include "UnloopaSandboxReplies.h"

#include <QJsonArray>

int UnloopaOutreachAccounts::warmupLimit(int warmupDay)
{
    if (warmupDay <= 7)
        return 5;
    if (warmupDay <= 14)
        return 10;
    if (warmupDay <= 21)
        return 15;
    return 25;
}

int UnloopaOutreachAccounts::warmupDay(const Account &account, const QDate &day) const
{
    return int(account.createdAt.date().daysTo(day)) + 1;
}

int UnloopaOutreachAccounts::dailyLimit(int account, const QDate &day) const
{
    return warmupLimit(warmupDay(m_accounts.at(account), day));
}

int UnloopaOutreachAccounts::booked(int account, const QDate &day) const
{
    return m_bookedCount.value({account, day});
}

void UnloopaOutreachAccounts::addSent(int account, const QDateTime &sentAt)
{
    m_bookings.append(Booking{account, sentAt.date(), sentAt});
    ++m_bookedCount[{account, sentAt.date()}];
    QDateTime &last = m_lastSendAt[{account, sentAt.date()}];
    last = last.isValid() ? qMax(last, sentAt) : sentAt;
}

void UnloopaOutreachAccounts::book(const QDateTime &now)
{
    // Emails go out 45 s apart on an account; a later day starts at 09:00 UTC.
    constexpr qint64 gapMs = 45'000;
    if (m_accounts.isEmpty())
        return;
    const QDate today = now.date();
    for (QDate day = m_firstOpenDay.isValid() ? qMax(today, m_firstOpenDay) : today;; day = day.addDays(1)) {
        int best = -1;
        int bestRoom = 0;
        for (int a = 0; a < m_accounts.size(); ++a) {
            const int room = dailyLimit(a, day) - booked(a, day);
            if (room > bestRoom) {
                best = a;
                bestRoom = room;
            }
        }
        if (best < 0) {
            m_firstOpenDay = day.addDays(1);
            continue;
        }
        QDateTime at = day == today ? now.addMSecs(gapMs) : QDateTime(day, QTime(9, 0), Qt::UTC);
        const QDateTime last = m_lastSendAt.value({best, day});
        if (last.isValid())
            at = qMax(at, last.addMSecs(gapMs));
        addSent(best, qMin(at, QDateTime(day, QTime(23, 59, 59), Qt::UTC)));
        return;
    }
}

int UnloopaOutreachAccounts::remainingToday(const QDateTime &now) const
{
    int remaining = 0;
    for (int a = 0; a < m_accounts.size(); ++a)
        remaining += qMax(0, dailyLimit(a, now.date()) - booked(a, now.date()));
    return remaining;
}

QJsonObject UnloopaOutreachAccounts::statusJson(const QDateTime &now, int waiting) const
{
    const QDate today = now.date();
    QJsonArray accounts;
    int capacity = 0;
    int sent = 0;
    int remaining = 0;
    int pending = waiting;
    int unhealthy = 0;
    for (int a = 0; a < m_accounts.size(); ++a) {
        const Account &account = m_accounts.at(a);
        int sentToday = 0;
        for (const Booking &booking : m_bookings) {
            if (booking.account != a)
                continue;
            if (booking.sendAt > now)
                ++pending;
            else if (booking.day == today)
                ++sentToday;
        }
        const int limit = dailyLimit(a, today);
        const int left = qMax(0, limit - booked(a, today));
        const int day = warmupDay(account, today);
        const bool warming = day <= warmupDays;
        capacity += limit;
        sent += sentToday;
        remaining += left;
        unhealthy += account.healthStatus == QLatin1String("good") ? 0 : 1;
        accounts.append(QJsonObject{
                {QStringLiteral("id"), account.id},
                {QStringLiteral("email"), account.email},
                {QStringLiteral("display_name"), account.displayName},
                {QStringLiteral("daily_limit"), limit},
                {QStringLiteral("sent_today"), sentToday},
                {QStringLiteral("remaining_today"), left},
                {QStringLiteral("warmup_enabled"), warming},
                {QStringLiteral("warmup_day"), warming ? QJsonValue(day) : QJsonValue(QJsonValue::Null)},
                {QStringLiteral("health"),
                 QJsonObject{{QStringLiteral("score"), account.healthScore},
                             {QStringLiteral("status"), account.healthStatus},
                             {QStringLiteral("checked_at"),
                              UnloopaReplies::iso(qMin(now, QDateTime(today, QTime(6, 0), Qt::UTC)))}}},
                {QStringLiteral("created_at"), UnloopaReplies::iso(account.createdAt)},
        });
    }
    return QJsonObject{{QStringLiteral("accounts"), accounts},
                       {QStringLiteral("summary"),
                        QJsonObject{{QStringLiteral("total_accounts"), int(m_accounts.size())},
                                    {QStringLiteral("total_daily_capacity"), capacity},
                                    {QStringLiteral("total_sent_today"), sent},
                                    {QStringLiteral("total_remaining_today"), remaining},
                                    {QStringLiteral("pending_in_queue"), pending},
                                    {QStringLiteral("accounts_with_health_issues"), unhealthy}}}};
}
