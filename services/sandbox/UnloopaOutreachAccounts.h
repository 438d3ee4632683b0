#pragma once

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

// The sending accounts behind Unloopa's outreach email and the emails queued on them: each account's
// daily limit follows the 4-week warm-up ramp of the Unloopa API reference (days 1-7: 5 a day,
// 8-14: 10, 15-21: 15, then 25), counted on the sandbox clock from the day it was connected. An
// email is booked on the earliest day with capacity left (today first, then the following days),
// on the account with most room, and is sent a little later on that day; until then it is in the
// queue. Everything is derived from the bookings and the time asked about.
class UnloopaOutreachAccounts
{
public:
    struct Account
    {
        QString id;
        QString email;
        QString displayName;
        QDateTime createdAt;
        int healthScore = 0;
        QString healthStatus; // good, warning, critical
    };

    static int warmupLimit(int warmupDay); // day 1 of the ramp → 5, ..., day 22 and later → 25
    static constexpr int warmupDays = 28;

    void addAccount(const Account &account) { m_accounts.append(account); }
    bool isEmpty() const { return m_accounts.isEmpty(); }

    // Books one email.
    void book(const QDateTime &now);
    // Emails already sent at `sentAt` (seeded history).
    void addSent(int account, const QDateTime &sentAt);
    int remainingToday(const QDateTime &now) const;

    // GET /outreach/status's "accounts" and "summary" at `now`; `waiting` adds to pending_in_queue
    // (emails held back until their lead's video exists).
    QJsonObject statusJson(const QDateTime &now, int waiting) const;

private:
    struct Booking
    {
        int account = 0;
        QDate day;
        QDateTime sendAt;
    };
    int warmupDay(const Account &account, const QDate &day) const;
    int dailyLimit(int account, const QDate &day) const;
    int booked(int account, const QDate &day) const;

    QList<Account> m_accounts;
    QList<Booking> m_bookings;
    // Per account and day: how many are booked and when the last one goes out (so that booking
    // does not rescan every booking), and the first day that may still have room (days fill up
    // in order and a full day stays full).
    QHash<QPair<int, QDate>, int> m_bookedCount;
    QHash<QPair<int, QDate>, QDateTime> m_lastSendAt;
    QDate m_firstOpenDay;
};
