#include "CallingRules.h"

#include "phone/PhoneNumbers.h"
#include "phone/PhoneTimeZones.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSettings>

#include <algorithm>

namespace {

const QString kGroup = QStringLiteral("outbound");
const QString kTimeFormat = QStringLiteral("HH:mm");

QString trRules(const char *text)
{
    return QCoreApplication::translate("CallingRules", text);
}

QString trWindow(const char *text, int n = -1)
{
    return QCoreApplication::translate("CallingWindow", text, nullptr, n);
}

// Settings hold "HH:mm"; anything else reads as an invalid time.
QTime readTime(const QSettings &settings, const QString &key, const QTime &fallback)
{
    const QVariant value = settings.value(key);
    if (!value.isValid())
        return fallback;
    return QTime::fromString(value.toString(), kTimeFormat);
}

// A prefix as typed ("+1 305") to the E.164 digits it stands for ("1305").
QString prefixDigits(const QString &prefix)
{
    QString digits = prefix.trimmed();
    if (digits.startsWith(u'+'))
        digits.remove(0, 1);
    return digits;
}

bool allDigits(const QString &text)
{
    return !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isDigit(); });
}

QString windowText(const QTime &start, const QTime &end)
{
    return QStringLiteral("%1–%2").arg(start.toString(kTimeFormat), end.toString(kTimeFormat));
}

// A window of local time of day, start inclusive, end exclusive. An invalid bound (a setting
// that did not parse) makes the window empty: refusing is the safe answer to a broken rule.
struct DayWindow
{
    QTime start;
    QTime end;
    QString name; // the region whose rule made it stricter, empty for the general rule

    bool contains(const QTime &t) const
    {
        return start.isValid() && end.isValid() && t.isValid() && start <= t && t < end;
    }
    QString text() const
    {
        if (!start.isValid() || !end.isValid())
            return name.isEmpty() ? trWindow("(none: its start or end time is not valid)")
                                  : trWindow("(none: the rule for %1 has no valid times)").arg(name);
        const QString window = windowText(start, end);
        return name.isEmpty() ? window : QStringLiteral("%1 (%2)").arg(window, name);
    }
};

// The legal window for a number: the general one narrowed by every region rule that matches
// (a region can only make it stricter).
DayWindow legalWindowFor(const CallingRules &rules, const QString &e164)
{
    DayWindow window{rules.start, rules.end, {}};
    // Parsing the number again costs as much as finding its zones: only when a rule needs it.
    const bool byCountry = std::any_of(rules.regions.cbegin(), rules.regions.cend(),
                                       [](const RegionWindow &rule) { return !rule.country.isEmpty(); });
    const QString region = byCountry ? PhoneNumbers::regionOf(e164) : QString();
    for (const RegionWindow &rule : rules.regions) {
        if (!rule.matches(e164, region))
            continue;
        if (!rule.start.isValid() || !rule.end.isValid())
            return DayWindow{QTime(), QTime(), rule.name};
        bool stricter = false;
        if (rule.start > window.start) {
            window.start = rule.start;
            stricter = true;
        }
        if (rule.end < window.end) {
            window.end = rule.end;
            stricter = true;
        }
        if (stricter)
            window.name = rule.name;
    }
    return window;
}

QString localTimeText(const QDateTime &local)
{
    return QStringLiteral("%1 %2").arg(QLocale().toString(local.date(), QStringLiteral("ddd d MMM")),
                                       local.time().toString(kTimeFormat));
}

QString daysText(QList<int> days)
{
    std::sort(days.begin(), days.end());
    QStringList names;
    for (int day : days)
        names.append(QLocale().dayName(day, QLocale::ShortFormat));
    return names.join(QStringLiteral(", "));
}

// Appended to a refusal when the number may be in several zones.
QString ambiguity(const QList<QTimeZone> &zones)
{
    if (zones.size() < 2)
        return {};
    return u' ' +
            trWindow("The number may be in %n time zones; it must be inside the window in every one.",
                     int(zones.size()));
}

} // namespace

// --- RegionWindow ----------------------------------------------------------------------------------

bool RegionWindow::matches(const QString &e164, const QString &regionOfNumber) const
{
    if (!country.isEmpty() && country.compare(regionOfNumber, Qt::CaseInsensitive) == 0)
        return true;
    const QString digits = prefixDigits(e164);
    return std::any_of(prefixes.cbegin(), prefixes.cend(), [&digits](const QString &prefix) {
        const QString wanted = prefixDigits(prefix);
        return !wanted.isEmpty() && digits.startsWith(wanted);
    });
}

// --- CallingRules ----------------------------------------------------------------------------------

CallingRules CallingRules::load(QSettings &settings)
{
    CallingRules rules;
    settings.beginGroup(kGroup);
    rules.start = readTime(settings, QStringLiteral("windowStart"), rules.start);
    rules.end = readTime(settings, QStringLiteral("windowEnd"), rules.end);
    bool ok = false;
    const int cap = settings.value(QStringLiteral("maxAttemptsPerDay")).toInt(&ok);
    if (ok)
        rules.maxAttemptsPerDay = cap;
    const int count = settings.beginReadArray(QStringLiteral("regions"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        RegionWindow region;
        region.name = settings.value(QStringLiteral("name")).toString();
        region.country = settings.value(QStringLiteral("country")).toString();
        region.prefixes = settings.value(QStringLiteral("prefixes")).toStringList();
        region.start = readTime(settings, QStringLiteral("start"), QTime());
        region.end = readTime(settings, QStringLiteral("end"), QTime());
        rules.regions.append(region);
    }
    settings.endArray();
    settings.endGroup();
    return rules;
}

void CallingRules::save(QSettings &settings) const
{
    settings.beginGroup(kGroup);
    settings.setValue(QStringLiteral("windowStart"), start.toString(kTimeFormat));
    settings.setValue(QStringLiteral("windowEnd"), end.toString(kTimeFormat));
    settings.setValue(QStringLiteral("maxAttemptsPerDay"), maxAttemptsPerDay);
    settings.remove(QStringLiteral("regions")); // a shorter list must not keep the old tail
    settings.beginWriteArray(QStringLiteral("regions"), int(regions.size()));
    for (int i = 0; i < regions.size(); ++i) {
        const RegionWindow &region = regions.at(i);
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), region.name);
        settings.setValue(QStringLiteral("country"), region.country);
        settings.setValue(QStringLiteral("prefixes"), region.prefixes);
        settings.setValue(QStringLiteral("start"), region.start.toString(kTimeFormat));
        settings.setValue(QStringLiteral("end"), region.end.toString(kTimeFormat));
    }
    settings.endArray();
    settings.endGroup();
}

QString CallingRules::problem() const
{
    if (!start.isValid() || !end.isValid())
        return trRules("The calling window needs a start and an end time (HH:mm).");
    if (start >= end)
        return trRules("The calling window must start before it ends (it is %1).")
                .arg(windowText(start, end));
    if (maxAttemptsPerDay < 1)
        return trRules("The number of call attempts a day must be at least 1.");
    for (const RegionWindow &region : regions) {
        const QString name = region.name.trimmed();
        if (name.isEmpty())
            return trRules("Every region needs a name.");
        if (region.country.isEmpty() == region.prefixes.isEmpty())
            return trRules("Region %1 needs either a country or a list of number prefixes.").arg(name);
        if (!region.country.isEmpty() &&
            (region.country.size() != 2 ||
             !std::all_of(region.country.cbegin(), region.country.cend(),
                          [](QChar c) { return c.isLetter() && c.unicode() < 128; })))
            return trRules("Region %1: the country must be a two-letter code such as US.").arg(name);
        for (const QString &prefix : region.prefixes) {
            if (!allDigits(prefixDigits(prefix)))
                return trRules("Region %1: the prefix \"%2\" is not the digits of an international number "
                               "(e.g. 1305 for Miami).")
                        .arg(name, prefix);
        }
        if (!region.start.isValid() || !region.end.isValid())
            return trRules("Region %1 needs a start and an end time (HH:mm).").arg(name);
        if (region.start >= region.end)
            return trRules("Region %1's window must start before it ends (it is %2).")
                    .arg(name, windowText(region.start, region.end));
        if (region.start < start || region.end > end)
            return trRules("Region %1's window %2 reaches outside the calling window %3: a region can only "
                           "make it stricter.")
                    .arg(name, windowText(region.start, region.end), windowText(start, end));
    }
    return {};
}

// --- CallingWindow ---------------------------------------------------------------------------------

CallingWindow::CallingWindow(CallingRules rules) : m_rules(std::move(rules)) { }

CallingWindow::Judgement CallingWindow::judge(const QString &e164, const QDateTime &ringsAtUtc,
                                              const std::optional<CampaignWindow> &campaign) const
{
    Judgement judgement;
    judgement.zones = PhoneTimeZones::zonesFor(e164);
    if (judgement.zones.isEmpty()) {
        judgement.reasonCode = QStringLiteral("unknown_time_zone");
        judgement.reason = trWindow("The time zone of %1 is unknown, so the console cannot tell whether it "
                                    "is inside the calling window there.")
                                   .arg(e164);
        return judgement;
    }

    // Converted through each zone's rules (DST included), never a fixed offset; the operator's
    // own zone plays no part.
    const QDateTime utc = (ringsAtUtc.isValid() ? ringsAtUtc : QDateTime::currentDateTimeUtc()).toUTC();
    const DayWindow legal = legalWindowFor(m_rules, e164);
    for (const QTimeZone &zone : std::as_const(judgement.zones)) {
        const QDateTime local = utc.toTimeZone(zone);
        if (!legal.contains(local.time())) {
            judgement.reasonCode = QStringLiteral("outside_calling_window");
            judgement.reason =
                    trWindow("It would be %1 in %2 for %3, outside the calling window %4.")
                            .arg(localTimeText(local), QString::fromUtf8(zone.id()), e164, legal.text()) +
                    ambiguity(judgement.zones);
            return judgement;
        }
    }

    if (campaign) {
        const DayWindow window{campaign->start, campaign->end, {}};
        for (const QTimeZone &zone : std::as_const(judgement.zones)) {
            const QDateTime local = utc.toTimeZone(zone);
            if (!campaign->days.isEmpty() && !campaign->days.contains(local.date().dayOfWeek())) {
                judgement.reasonCode = QStringLiteral("outside_campaign_window");
                judgement.reason = trWindow("It would be %1 in %2 for %3; the campaign calls only on %4.")
                                           .arg(localTimeText(local), QString::fromUtf8(zone.id()), e164,
                                                daysText(campaign->days)) +
                        ambiguity(judgement.zones);
                return judgement;
            }
            if (campaign->start.isValid() && !window.contains(local.time())) {
                judgement.reasonCode = QStringLiteral("outside_campaign_window");
                judgement.reason = trWindow("It would be %1 in %2 for %3, outside the campaign's window %4.")
                                           .arg(localTimeText(local), QString::fromUtf8(zone.id()), e164,
                                                window.text()) +
                        ambiguity(judgement.zones);
                return judgement;
            }
        }
    }

    judgement.allowed = true;
    judgement.reasonCode = QStringLiteral("allowed");
    const QDateTime local = utc.toTimeZone(judgement.zones.constFirst());
    judgement.reason = judgement.zones.size() == 1
            ? trWindow("It would be %1 in %2 for %3, inside the calling window %4.")
                      .arg(localTimeText(local), QString::fromUtf8(judgement.zones.constFirst().id()), e164,
                           legal.text())
            : trWindow("It would be inside the calling window %1 in all %n time zones %2 may be in.",
                       int(judgement.zones.size()))
                      .arg(legal.text(), e164);
    return judgement;
}

CallingWindow::Judgement CallingWindow::judgeSchedule(const QString &e164, const DialingSchedule &schedule,
                                                      const QDateTime &fromUtc) const
{
    Judgement judgement;
    const QString scheduleZone = QString::fromUtf8(schedule.zone.id());
    if (!schedule.zone.isValid() || !schedule.start.isValid() || !schedule.end.isValid() ||
        schedule.start >= schedule.end) {
        judgement.reasonCode = QStringLiteral("invalid_schedule");
        judgement.reason = trWindow("The dialing schedule needs a valid time zone and a window that starts "
                                    "before it ends.");
        return judgement;
    }
    judgement.zones = PhoneTimeZones::zonesFor(e164);
    if (judgement.zones.isEmpty()) {
        judgement.reasonCode = QStringLiteral("unknown_time_zone");
        judgement.reason = trWindow("The time zone of %1 is unknown, so the console cannot tell whether it "
                                    "is inside the calling window there.")
                                   .arg(e164);
        return judgement;
    }

    const QDateTime from = (fromUtc.isValid() ? fromUtc : QDateTime::currentDateTimeUtc()).toUTC();
    const QDateTime until = from.addDays(366);
    const DayWindow legal = legalWindowFor(m_rules, e164);
    const auto dials = [&schedule](const QDate &day) {
        return schedule.days.isEmpty() || schedule.days.contains(day.dayOfWeek());
    };
    for (const QTimeZone &zone : std::as_const(judgement.zones)) {
        // The days on which the two zones' difference may differ from the day before (a change
        // during a day's window: that day and the next, whole).
        QList<QDate> starts{from.toTimeZone(schedule.zone).date()};
        for (const QTimeZone &changing : {schedule.zone, zone}) {
            for (const QTimeZone::OffsetData &change : changing.transitions(from, until)) {
                const QDate day = change.atUtc.toTimeZone(schedule.zone).date();
                starts << day << day.addDays(1);
            }
        }
        for (const QDate &start : std::as_const(starts)) {
            QDate day = start;
            for (int i = 0; i < 7 && !dials(day); ++i)
                day = day.addDays(1);
            if (!dials(day))
                return Judgement{true, QStringLiteral("allowed"), QString(), judgement.zones}; // never dials
            const QDateTime first = QDateTime(day, schedule.start, schedule.zone).toTimeZone(zone);
            const QDateTime last = QDateTime(day, schedule.end, schedule.zone).addSecs(-1).toTimeZone(zone);
            if (legal.contains(first.time()) && legal.contains(last.time()) && first.date() == last.date())
                continue;
            judgement.reasonCode = QStringLiteral("outside_calling_window");
            judgement.reason =
                    trWindow("It may dial %1 in %2 (%3), which is %4–%5 in %6 for %7: outside the calling "
                             "window %8.")
                            .arg(windowText(schedule.start, schedule.end), scheduleZone,
                                 QLocale().toString(day, QLocale::ShortFormat), localTimeText(first),
                                 last.addSecs(1).time().toString(kTimeFormat), QString::fromUtf8(zone.id()),
                                 e164, legal.text()) +
                    ambiguity(judgement.zones);
            return judgement;
        }
    }
    judgement.allowed = true;
    judgement.reasonCode = QStringLiteral("allowed");
    judgement.reason =
            trWindow("Its window %1 in %2 lies inside the calling window %3 for %4 all year.")
                    .arg(windowText(schedule.start, schedule.end), scheduleZone, legal.text(), e164);
    return judgement;
}

QList<QPair<QDate, QTimeZone>> CallingWindow::localDays(const QString &e164,
                                                        const QDateTime &ringsAtUtc) const
{
    const QDateTime utc = (ringsAtUtc.isValid() ? ringsAtUtc : QDateTime::currentDateTimeUtc()).toUTC();
    QList<QPair<QDate, QTimeZone>> days;
    for (const QTimeZone &zone : PhoneTimeZones::zonesFor(e164))
        days.append({utc.toTimeZone(zone).date(), zone});
    return days;
}
