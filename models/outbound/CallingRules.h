#pragma once

#include "OutboundTypes.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTime>

class QSettings;

// A stricter window for some recipients: a country ("US") or a list of number prefixes in E.164
// digits without '+' ("1305", "1786" ... for Florida).
struct RegionWindow
{
    QString name; // "Florida"
    QString country; // ISO 3166 alpha-2, empty when prefixes are given
    QStringList prefixes; // E.164 digit prefixes, empty when country is given
    QTime start;
    QTime end; // exclusive

    bool matches(const QString &e164, const QString &regionOfNumber) const;
};

// The operator's rules, kept in Settings (group "outbound"), with safe defaults.
struct CallingRules
{
    QTime start = QTime(8, 0); // the US federal rule: 8 am...
    QTime end = QTime(21, 0); // ...to 9 pm, recipient's local time, end exclusive
    QList<RegionWindow> regions; // stricter windows per region
    int maxAttemptsPerDay = 3; // per number per recipient-local day, across vendors

    static CallingRules load(QSettings &settings);
    void save(QSettings &settings) const;
    // A sentence when the rules make no sense (start >= end, cap < 1, empty region), else empty.
    QString problem() const;
};

// Judges when a phone number may ring (README promise O3).
class CallingWindow
{
public:
    struct Judgement
    {
        bool allowed = false;
        QString reasonCode; // "allowed", "outside_calling_window", "outside_campaign_window",
                            // "unknown_time_zone"
        QString reason; // sentence naming the recipient's local time and the window, in tr()
        QList<QTimeZone> zones; // the zones the number may be in
    };

    explicit CallingWindow(CallingRules rules);
    const CallingRules &rules() const { return m_rules; }

    // Allowed only when `ringsAtUtc` falls inside the legal window (the strictest region rule
    // matching the number) and the campaign's window, in *every* zone the number may be in.
    Judgement judge(const QString &e164, const QDateTime &ringsAtUtc,
                    const std::optional<CampaignWindow> &campaign = std::nullopt) const;
    // Allowed only when every moment `schedule` may dial during the year from `fromUtc` falls
    // inside the legal window of the number, in every zone it may be in: checked on the first
    // dialing day and on the first one after each clock change of either zone (the only moments
    // the two zones' difference changes). "invalid_schedule" when it has no zone or window.
    Judgement judgeSchedule(const QString &e164, const DialingSchedule &schedule,
                            const QDateTime &fromUtc) const;
    // The recipient's local calendar day(s) for the attempt cap: one per possible zone.
    QList<QPair<QDate, QTimeZone>> localDays(const QString &e164, const QDateTime &ringsAtUtc) const;

private:
    CallingRules m_rules;
};
