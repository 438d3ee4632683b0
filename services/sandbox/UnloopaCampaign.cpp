#include "UnloopaCampaign.h"

#include "UnloopaSandboxReplies.h"

#include <QJsonArray>
#include <QTimeZone>

using namespace UnloopaReplies;

QStringList UnloopaSimulatedCampaign::dayNames()
{
    return {QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"), QStringLiteral("thu"),
            QStringLiteral("fri"), QStringLiteral("sat"), QStringLiteral("sun")};
}

bool UnloopaSimulatedCampaign::inWindow(const QDateTime &time) const
{
    const QDateTime local = time.toTimeZone(QTimeZone(timezone.toUtf8()));
    const QString day = dayNames().at(local.date().dayOfWeek() - 1);
    return days.contains(day) && local.time() >= windowStart && local.time() < windowEnd;
}

QDateTime UnloopaSimulatedCampaign::nextWindowOpening(const QDateTime &time) const
{
    if (inWindow(time))
        return time;
    const QTimeZone zone(timezone.toUtf8());
    const QDateTime local = time.toTimeZone(zone);
    for (int offset = 0; offset <= 7; ++offset) {
        const QDate date = local.date().addDays(offset);
        if (!days.contains(dayNames().at(date.dayOfWeek() - 1)))
            continue;
        const QDateTime opening(date, windowStart, zone);
        if (opening >= time)
            return opening.toUTC();
    }
    return {}; // no day allowed
}

std::optional<SandboxResponse> UnloopaSimulatedCampaign::readSettings(const QJsonObject &body)
{
    struct Text
    {
        const char *key;
        int maxLength;
        QString *target;
    };
    const Text texts[] = {{"name", 200, &name},
                          {"script", 20000, &script},
                          {"first_message", 1000, &firstMessage},
                          {"voice_id", 100, &voiceId},
                          {"voice_name", 100, &voiceName}};
    for (const Text &text : texts) {
        const QString key = QLatin1String(text.key);
        if (!body.contains(key))
            continue;
        QString value;
        if (const auto refused = readString(body, key, &value))
            return refused;
        if (value.size() > text.maxLength)
            return invalid(QStringLiteral("%1 must be at most %2 characters").arg(key).arg(text.maxLength),
                           key);
        if (key == QLatin1String("name") && value.trimmed().isEmpty())
            return invalid(QStringLiteral("name must not be empty"), key);
        if (key == QLatin1String("script") && value != script)
            ++scriptVersion;
        *text.target = value;
    }
    if (body.contains(QLatin1String("timezone"))) {
        const QString zone = body.value(QLatin1String("timezone")).toString();
        if (zone.isEmpty() || !QTimeZone(zone.toUtf8()).isValid())
            return invalid(QStringLiteral("timezone must be an IANA time zone such as America/New_York"),
                           QStringLiteral("timezone"));
        timezone = zone;
    }
    QTime start = windowStart;
    QTime end = windowEnd;
    for (const char *key : {"calling_window_start", "calling_window_end"}) {
        if (!body.contains(QLatin1String(key)))
            continue;
        const QString text = body.value(QLatin1String(key)).toString();
        const QTime time = QTime::fromString(text, QStringLiteral("HH:mm"));
        if (text.size() != 5 || !time.isValid())
            return invalid(QStringLiteral("%1 must be a time HH:MM").arg(QLatin1String(key)),
                           QLatin1String(key));
        (qstrcmp(key, "calling_window_start") == 0 ? start : end) = time;
    }
    if (start >= end)
        return invalid(QStringLiteral("calling_window_start must be before calling_window_end"),
                       QStringLiteral("calling_window_start"));
    windowStart = start;
    windowEnd = end;
    if (body.contains(QLatin1String("calling_days"))) {
        const QJsonValue value = body.value(QLatin1String("calling_days"));
        QStringList chosen;
        for (const QJsonValue &day : value.toArray()) {
            if (!dayNames().contains(day.toString()) || chosen.contains(day.toString()))
                return invalid(
                        QStringLiteral("calling_days must list distinct days: mon, tue, wed, thu, fri, "
                                       "sat, sun"),
                        QStringLiteral("calling_days"));
            chosen.append(day.toString());
        }
        if (!value.isArray() || chosen.isEmpty())
            return invalid(QStringLiteral("calling_days must list at least one day"),
                           QStringLiteral("calling_days"));
        days = chosen;
    }
    if (body.contains(QLatin1String("calls_per_hour"))) {
        const QJsonValue value = body.value(QLatin1String("calls_per_hour"));
        if (!value.isDouble() || value.toDouble() != double(value.toInt()) || value.toInt() < 1 ||
            value.toInt() > maxCallsPerHour)
            return invalid(
                    QStringLiteral("calls_per_hour must be an integer from 1 to %1").arg(maxCallsPerHour),
                    QStringLiteral("calls_per_hour"));
        callsPerHour = value.toInt();
    }
    if (body.contains(QLatin1String("max_calls"))) {
        const QJsonValue value = body.value(QLatin1String("max_calls"));
        if (value.isNull()) {
            maxCalls = 0;
        } else {
            if (!value.isDouble() || value.toDouble() != double(value.toInt()) || value.toInt() < 1)
                return invalid(QStringLiteral("max_calls must be a positive integer or null"),
                               QStringLiteral("max_calls"));
            maxCalls = value.toInt();
        }
    }
    return std::nullopt;
}

QJsonObject UnloopaSimulatedCampaign::settingsJson() const
{
    const QJsonValue null(QJsonValue::Null);
    auto orNull = [&null](const QString &text) {
        return text.isEmpty() ? null : QJsonValue(text);
    };
    return QJsonObject{
            {QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("status"), status},
            {QStringLiteral("agent_id"), orNull(agentId)},
            {QStringLiteral("phone_number_id"), phoneNumberId},
            {QStringLiteral("script"), script},
            {QStringLiteral("script_version"), scriptVersion},
            {QStringLiteral("first_message"), orNull(firstMessage)},
            {QStringLiteral("voice_id"), orNull(voiceId)},
            {QStringLiteral("voice_name"), orNull(voiceName)},
            {QStringLiteral("timezone"), timezone},
            {QStringLiteral("calling_window"),
             QJsonObject{{QStringLiteral("start"), windowStart.toString(QStringLiteral("HH:mm"))},
                         {QStringLiteral("end"), windowEnd.toString(QStringLiteral("HH:mm"))}}},
            {QStringLiteral("calling_days"), QJsonArray::fromStringList(days)},
            {QStringLiteral("calls_per_hour"), callsPerHour},
            {QStringLiteral("max_calls"), maxCalls > 0 ? QJsonValue(maxCalls) : null},
            {QStringLiteral("leads_count"), leadsCount},
            {QStringLiteral("callable_leads"), int(leads.size())},
            {QStringLiteral("created_at"), iso(createdAt)},
            {QStringLiteral("updated_at"), iso(updatedAt)},
            {QStringLiteral("activated_at"), isoOrNull(activatedAt)},
    };
}
