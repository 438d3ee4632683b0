#include "VerloopTimeSpec.h"

#include "phone/PhoneTimeZones.h"

#include <QRegularExpression>
#include <QStringList>
#include <QTimeZone>

namespace {
VerloopTimeSpec::Resolved problem(const QString &code, const QString &sentence)
{
    VerloopTimeSpec::Resolved resolved;
    resolved.problemCode = code;
    resolved.problem = sentence;
    return resolved;
}
} // namespace

VerloopTimeSpec VerloopTimeSpec::now()
{
    return {};
}

VerloopTimeSpec VerloopTimeSpec::recipientLocal(const QDate &date, const QTime &time)
{
    VerloopTimeSpec spec;
    spec.m_kind = Kind::RecipientLocal;
    spec.m_date = date;
    spec.m_time = QTime(time.hour(), time.minute(), time.second());
    return spec;
}

VerloopTimeSpec VerloopTimeSpec::instant(const QDateTime &when)
{
    VerloopTimeSpec spec;
    spec.m_kind = Kind::Instant;
    spec.m_instant = when;
    return spec;
}

std::optional<VerloopTimeSpec> VerloopTimeSpec::parse(const QString &text, QString *problem)
{
    const QString trimmed = text.trimmed();
    if (trimmed.compare(QLatin1String("now"), Qt::CaseInsensitive) == 0)
        return now();
    static const QRegularExpression shape(
            QStringLiteral("^(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(?::\\d{2})?)(Z|[+-]\\d{2}:\\d{2})?$"));
    const QRegularExpressionMatch match = shape.match(trimmed);
    const QDate date = match.hasMatch() ? QDate::fromString(match.captured(1), Qt::ISODate) : QDate();
    const QString clock = match.captured(2);
    const QTime time = QTime::fromString(
            clock, clock.size() == 5 ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss"));
    if (!date.isValid() || !time.isValid()) {
        if (problem)
            *problem = tr("\"%1\" is not a time. Write now, 2026-03-04T10:00 (each recipient's own time), or "
                          "2026-03-04T10:00-05:00 (one moment, with its offset).")
                               .arg(trimmed);
        return std::nullopt;
    }
    const QString zone = match.captured(3);
    if (zone.isEmpty())
        return recipientLocal(date, time);
    if (zone == QLatin1String("Z"))
        return instant(QDateTime(date, time, QTimeZone::utc()));
    const int sign = zone.startsWith(QLatin1Char('-')) ? -1 : 1;
    const int hours = zone.mid(1, 2).toInt();
    const int minutes = zone.mid(4, 2).toInt();
    if (hours > 14 || minutes > 59) {
        if (problem)
            *problem = tr("\"%1\" is not a UTC offset.").arg(zone);
        return std::nullopt;
    }
    return instant(QDateTime(date, time, QTimeZone(sign * (hours * 3600 + minutes * 60))));
}

QString VerloopTimeSpec::toString() const
{
    switch (m_kind) {
    case Kind::Now:
        return QStringLiteral("now");
    case Kind::RecipientLocal:
        return m_date.toString(Qt::ISODate) + QLatin1Char('T') + m_time.toString(QStringLiteral("HH:mm:ss"));
    case Kind::Instant:
        return m_instant.toString(Qt::ISODate);
    }
    return {};
}

VerloopTimeSpec::Resolved VerloopTimeSpec::resolve(const QString &e164, const QDateTime &nowUtc) const
{
    if (m_kind == Kind::Now)
        return {nowUtc.toUTC(), {}, {}};
    if (m_kind == Kind::Instant)
        return {m_instant, {}, {}};

    const QList<QTimeZone> zones = PhoneTimeZones::zonesFor(e164);
    if (zones.isEmpty())
        return problem(QStringLiteral("unknown_time_zone"),
                       tr("The time zone of %1 is not known, so %2 cannot be read in it. Give the time "
                          "with an offset, e.g. %3.")
                               .arg(e164, toString(), toString() + QStringLiteral("-05:00")));
    if (zones.size() > 1) {
        QStringList names;
        for (const QTimeZone &zone : zones)
            names << QString::fromUtf8(zone.id());
        return problem(QStringLiteral("time_needs_offset"),
                       tr("%1 may be in any of %2 time zones (%3), so %4 is ambiguous. Give the time with "
                          "an offset, e.g. %5.")
                               .arg(e164)
                               .arg(zones.size())
                               .arg(names.join(QStringLiteral(", ")), toString(),
                                    toString() + QStringLiteral("-05:00")));
    }
    // The wall time may be skipped (clocks go forward) or repeated (clocks go back) that day: try
    // the offsets in force around it and keep those that give back the same wall time.
    const QTimeZone zone = zones.constFirst();
    const QDateTime wall(m_date, m_time, QTimeZone::utc());
    QList<QDateTime> candidates;
    for (int hours : {-26, 26}) {
        const int offset = zone.offsetFromUtc(wall.addSecs(hours * 3600));
        const QDateTime at = wall.addSecs(-offset).toTimeZone(zone);
        if (at.date() == m_date && at.time() == m_time && !candidates.contains(at))
            candidates << at;
    }
    if (candidates.isEmpty())
        return problem(QStringLiteral("time_skipped"),
                       tr("%1 does not exist in %2 that day (the clocks go forward). Choose another time.")
                               .arg(toString(), QString::fromUtf8(zone.id())));
    if (candidates.size() > 1)
        return problem(QStringLiteral("time_repeated"),
                       tr("%1 happens twice in %2 that day (the clocks go back). Give the time with its "
                          "offset.")
                               .arg(toString(), QString::fromUtf8(zone.id())));
    return {candidates.constFirst(), {}, {}};
}
