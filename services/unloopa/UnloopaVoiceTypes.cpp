#include "UnloopaVoiceTypes.h"

#include "core/JsonRead.h"
#include "phone/PhoneNumbers.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

namespace {

using JsonRead::boolean;
using JsonRead::integer;

QString str(const QJsonObject &o, const char *key)
{
    return JsonRead::string(o, key);
}

QJsonValue orNull(const QDateTime &dt)
{
    return dt.isValid() ? QJsonValue(dt.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QString hhmm(const QTime &time)
{
    return time.toString(QStringLiteral("HH:mm"));
}

QTime timeOf(const QString &text)
{
    // "09:00" or "09:00:00"
    QTime t = QTime::fromString(text.trimmed(), QStringLiteral("HH:mm"));
    if (!t.isValid())
        t = QTime::fromString(text.trimmed(), QStringLiteral("HH:mm:ss"));
    return t;
}

bool isE164(const QString &number)
{
    const auto normalised = PhoneNumbers::toE164(number);
    return normalised && *normalised == number;
}

QString rangeProblem(const std::optional<double> &value, const char *what)
{
    if (value && (*value < 0.0 || *value > 1.0))
        return QStringLiteral("%1 must be between 0 and 1.").arg(QLatin1String(what));
    return {};
}

// The documented {items: [...], count, limit} lists of numbers and agents.
template<typename T, typename List>
void readCounted(const QJsonObject &object, const char *key, List &out, QList<T> &items)
{
    const QJsonArray array = object.value(QLatin1String(key)).toArray();
    for (const QJsonValue &value : array)
        items.append(T::fromJson(value.toObject()));
    out.count = object.contains(QLatin1String("count")) ? integer(object, "count") : int(items.size());
    if (object.value(QLatin1String("limit")).isDouble())
        out.limit = integer(object, "limit");
}

QList<UnloopaTranscriptTurn> transcriptOf(const QJsonValue &value)
{
    QList<UnloopaTranscriptTurn> turns;
    if (value.isString()) {
        if (!value.toString().isEmpty())
            turns.append({QString(), value.toString(), std::nullopt});
        return turns;
    }
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        const QJsonObject o = item.toObject();
        UnloopaTranscriptTurn turn;
        turn.role = str(o, "role");
        turn.text = o.contains(QLatin1String("message")) ? str(o, "message") : str(o, "text");
        turn.atSecs = JsonRead::optionalNumber(o, "time_in_call_secs");
        turns.append(turn);
    }
    return turns;
}

} // namespace

// ---- Phone numbers -------------------------------------------------------------------------------
UnloopaPhoneNumber UnloopaPhoneNumber::fromJson(const QJsonObject &object)
{
    UnloopaPhoneNumber n;
    n.id = str(object, "id");
    n.phoneNumber = str(object, "phone_number");
    n.areaCode = JsonRead::string(object, "area_code", 3);
    n.locality = str(object, "locality");
    n.region = str(object, "region");
    n.country = str(object, "country");
    n.monthlyCostCents = integer(object, "monthly_cost_cents");
    n.createdAt = JsonRead::dateTime(object, "created_at");
    return n;
}

QJsonObject UnloopaPhoneNumber::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("phone_number"), phoneNumber},
            {QStringLiteral("area_code"), orNull(areaCode)},
            {QStringLiteral("locality"), orNull(locality)},
            {QStringLiteral("region"), orNull(region)},
            {QStringLiteral("country"), orNull(country)},
            {QStringLiteral("monthly_cost_cents"), monthlyCostCents},
            {QStringLiteral("created_at"), orNull(createdAt)}};
}

UnloopaPhoneNumbers UnloopaPhoneNumbers::fromJson(const QJsonObject &object)
{
    UnloopaPhoneNumbers list;
    readCounted(object, "numbers", list, list.numbers);
    return list;
}

QJsonObject UnloopaPhoneNumbers::toJson() const
{
    QJsonArray array;
    for (const UnloopaPhoneNumber &n : numbers)
        array.append(n.toJson());
    return {{QStringLiteral("numbers"), array},
            {QStringLiteral("count"), count},
            {QStringLiteral("limit"), limit}};
}

QString UnloopaNumberSearch::problem() const
{
    static const QRegularExpression threeDigits(QStringLiteral("^[0-9]{3}$"));
    if (!threeDigits.match(areaCode).hasMatch())
        return QStringLiteral("The area code must be exactly 3 digits, for example 305.");
    static const QRegularExpression countryCode(QStringLiteral("^[A-Z]{2}$"));
    if (!country.isEmpty() && !countryCode.match(country).hasMatch())
        return QStringLiteral("The country must be a two-letter code such as US.");
    return {};
}

QJsonObject UnloopaNumberSearch::toJson() const
{
    QJsonObject o{{QStringLiteral("area_code"), areaCode}};
    if (!country.isEmpty())
        o.insert(QStringLiteral("country"), country);
    return o;
}

UnloopaAvailableNumber UnloopaAvailableNumber::fromJson(const QJsonObject &object)
{
    return {str(object, "phone_number"), str(object, "friendly_name"), str(object, "locality"),
            str(object, "region")};
}

QJsonObject UnloopaAvailableNumber::toJson() const
{
    return {{QStringLiteral("phone_number"), phoneNumber},
            {QStringLiteral("friendly_name"), orNull(friendlyName)},
            {QStringLiteral("locality"), orNull(locality)},
            {QStringLiteral("region"), orNull(region)}};
}

// ---- Voice agents --------------------------------------------------------------------------------
UnloopaVoiceAgent UnloopaVoiceAgent::fromJson(const QJsonObject &object)
{
    UnloopaVoiceAgent a;
    a.id = str(object, "id");
    a.name = str(object, "name");
    a.voiceId = str(object, "voice_id");
    a.voiceName = str(object, "voice_name");
    a.elevenlabsAgentId = str(object, "elevenlabs_agent_id");
    // A created or updated agent may come back with its script rather than the flags.
    a.hasScript = boolean(object, "has_script") || !str(object, "script").isEmpty();
    a.hasFirstMessage = boolean(object, "has_first_message") || !str(object, "first_message").isEmpty();
    a.createdAt = JsonRead::dateTime(object, "created_at");
    return a;
}

QJsonObject UnloopaVoiceAgent::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("voice_id"), voiceId},
            {QStringLiteral("voice_name"), orNull(voiceName)},
            {QStringLiteral("elevenlabs_agent_id"), orNull(elevenlabsAgentId)},
            {QStringLiteral("has_script"), hasScript},
            {QStringLiteral("has_first_message"), hasFirstMessage},
            {QStringLiteral("created_at"), orNull(createdAt)}};
}

UnloopaVoiceAgents UnloopaVoiceAgents::fromJson(const QJsonObject &object)
{
    UnloopaVoiceAgents list;
    readCounted(object, "agents", list, list.agents);
    return list;
}

QJsonObject UnloopaVoiceAgents::toJson() const
{
    QJsonArray array;
    for (const UnloopaVoiceAgent &a : agents)
        array.append(a.toJson());
    return {{QStringLiteral("agents"), array},
            {QStringLiteral("count"), count},
            {QStringLiteral("limit"), limit}};
}

bool UnloopaAgentFields::isEmpty() const
{
    return !name && !voiceId && !voiceName && !script && !firstMessage && !stability && !similarityBoost;
}

QString UnloopaAgentFields::createProblem() const
{
    if (!name || name->trimmed().isEmpty())
        return QStringLiteral("A voice agent needs a name.");
    if (!voiceId || voiceId->trimmed().isEmpty())
        return QStringLiteral("A voice agent needs a voice id.");
    if (!script || script->trimmed().isEmpty())
        return QStringLiteral("A voice agent needs a script.");
    if (const QString p = rangeProblem(stability, "Stability"); !p.isEmpty())
        return p;
    return rangeProblem(similarityBoost, "Similarity");
}

QString UnloopaAgentFields::updateProblem() const
{
    if (isEmpty())
        return QStringLiteral("Say what to change: a name, voice, script, first message, stability or "
                              "similarity.");
    if ((name && name->trimmed().isEmpty()) || (voiceId && voiceId->trimmed().isEmpty()) ||
        (script && script->trimmed().isEmpty()))
        return QStringLiteral("An agent's name, voice id and script cannot be emptied.");
    if (const QString p = rangeProblem(stability, "Stability"); !p.isEmpty())
        return p;
    return rangeProblem(similarityBoost, "Similarity");
}

QJsonObject UnloopaAgentFields::toJson() const
{
    QJsonObject o;
    if (name)
        o.insert(QStringLiteral("name"), *name);
    if (voiceId)
        o.insert(QStringLiteral("voice_id"), *voiceId);
    if (voiceName)
        o.insert(QStringLiteral("voice_name"), *voiceName);
    if (script)
        o.insert(QStringLiteral("script"), *script);
    if (firstMessage)
        o.insert(QStringLiteral("first_message"), *firstMessage);
    QJsonObject config;
    if (stability)
        config.insert(QStringLiteral("stability"), *stability);
    if (similarityBoost)
        config.insert(QStringLiteral("similarityBoost"), *similarityBoost);
    if (!config.isEmpty())
        o.insert(QStringLiteral("agent_config"), config);
    return o;
}

// ---- Calls ---------------------------------------------------------------------------------------
QString UnloopaCallRequest::problem() const
{
    if (agentId.trimmed().isEmpty())
        return QStringLiteral("Choose the voice agent that makes the call.");
    if (!isE164(phoneNumber))
        return QStringLiteral("%1 is not a phone number in international (E.164) form, such as "
                              "+13055551234.")
                .arg(phoneNumber);
    return {};
}

QJsonObject UnloopaCallRequest::toJson() const
{
    QJsonObject o{{QStringLiteral("agent_id"), agentId}, {QStringLiteral("phone_number"), phoneNumber}};
    if (!dynamicVariables.isEmpty()) {
        QJsonObject variables;
        for (auto it = dynamicVariables.cbegin(); it != dynamicVariables.cend(); ++it)
            variables.insert(it.key(), it.value());
        o.insert(QStringLiteral("dynamic_variables"), variables);
    }
    return o;
}

UnloopaCallStarted UnloopaCallStarted::fromJson(const QJsonObject &object)
{
    return {str(object, "call_id"), str(object, "conversation_id"), str(object, "status"),
            str(object, "phone_number")};
}

QJsonObject UnloopaCallStarted::toJson() const
{
    return {{QStringLiteral("call_id"), callId},
            {QStringLiteral("conversation_id"), orNull(conversationId)},
            {QStringLiteral("status"), status},
            {QStringLiteral("phone_number"), phoneNumber}};
}

QStringList UnloopaCall::statuses()
{
    return {QStringLiteral("pending"),   QStringLiteral("queued"), QStringLiteral("in_progress"),
            QStringLiteral("completed"), QStringLiteral("failed"), QStringLiteral("cancelled")};
}

QStringList UnloopaCall::outcomes()
{
    return {QStringLiteral("interested"), QStringLiteral("not_interested"), QStringLiteral("voicemail"),
            QStringLiteral("no_answer"), QStringLiteral("callback")};
}

bool UnloopaCall::isFinished() const
{
    return status == QLatin1String("completed") || status == QLatin1String("failed") ||
            status == QLatin1String("cancelled");
}

QString UnloopaCall::transcriptText() const
{
    QStringList lines;
    for (const UnloopaTranscriptTurn &turn : transcript) {
        if (turn.role.isEmpty())
            lines.append(turn.text);
        else
            lines.append(turn.role.left(1).toUpper() + turn.role.mid(1) + QStringLiteral(": ") + turn.text);
    }
    return lines.join(QLatin1Char('\n'));
}

QString UnloopaCall::analysisSummary() const
{
    return analysis.value(QLatin1String("summary")).toString();
}

UnloopaCall UnloopaCall::fromJson(const QJsonObject &object)
{
    UnloopaCall c;
    c.id = str(object, "id");
    if (c.id.isEmpty())
        c.id = str(object, "call_id");
    c.campaignId = str(object, "campaign_id");
    c.businessName = str(object, "business_name");
    c.phoneNumber = str(object, "phone_number");
    c.status = str(object, "status");
    c.outcome = str(object, "outcome");
    c.outcomeNotes = str(object, "outcome_notes");
    c.durationSecs = integer(object, "duration_secs");
    c.transcript = transcriptOf(object.value(QLatin1String("transcript")));
    const QJsonValue analysis = object.value(QLatin1String("analysis"));
    if (analysis.isObject())
        c.analysis = analysis.toObject();
    else if (analysis.isString() && !analysis.toString().isEmpty())
        c.analysis = {{QStringLiteral("summary"), analysis.toString()}};
    c.startedAt = JsonRead::dateTime(object, "started_at");
    c.completedAt = JsonRead::dateTime(object, "completed_at");
    c.createdAt = JsonRead::dateTime(object, "created_at");
    return c;
}

QJsonObject UnloopaCall::toJson() const
{
    QJsonArray turns;
    for (const UnloopaTranscriptTurn &turn : transcript) {
        QJsonObject t{{QStringLiteral("role"), turn.role}, {QStringLiteral("message"), turn.text}};
        if (turn.atSecs)
            t.insert(QStringLiteral("time_in_call_secs"), *turn.atSecs);
        turns.append(t);
    }
    return {{QStringLiteral("id"), id},
            {QStringLiteral("campaign_id"), orNull(campaignId)},
            {QStringLiteral("business_name"), orNull(businessName)},
            {QStringLiteral("phone_number"), phoneNumber},
            {QStringLiteral("status"), status},
            {QStringLiteral("outcome"), orNull(outcome)},
            {QStringLiteral("outcome_notes"), orNull(outcomeNotes)},
            {QStringLiteral("duration_secs"), durationSecs},
            {QStringLiteral("transcript"), turns},
            {QStringLiteral("analysis"),
             analysis.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(analysis)},
            {QStringLiteral("started_at"), orNull(startedAt)},
            {QStringLiteral("completed_at"), orNull(completedAt)},
            {QStringLiteral("created_at"), orNull(createdAt)}};
}

QString UnloopaCallFilter::problem() const
{
    if (!status.isEmpty() && !UnloopaCall::statuses().contains(status))
        return QStringLiteral("The call status must be one of %1.")
                .arg(UnloopaCall::statuses().join(QStringLiteral(", ")));
    if (!outcome.isEmpty() && !UnloopaCall::outcomes().contains(outcome))
        return QStringLiteral("The call outcome must be one of %1.")
                .arg(UnloopaCall::outcomes().join(QStringLiteral(", ")));
    return {};
}

QUrlQuery UnloopaCallFilter::toQuery() const
{
    QUrlQuery q;
    auto add = [&q](const char *key, const QString &value) {
        if (!value.trimmed().isEmpty())
            q.addQueryItem(QLatin1String(key), QString::fromLatin1(QUrl::toPercentEncoding(value.trimmed())));
    };
    add("campaign_id", campaignId);
    add("status", status);
    add("outcome", outcome);
    return q;
}

// ---- Voice campaigns -----------------------------------------------------------------------------
UnloopaCampaignStats UnloopaCampaignStats::fromJson(const QJsonObject &object)
{
    UnloopaCampaignStats s;
    s.total = integer(object, "total");
    s.pending = integer(object, "pending");
    s.connected = integer(object, "connected");
    s.interested = integer(object, "interested");
    s.notInterested = integer(object, "not_interested");
    s.voicemail = integer(object, "voicemail");
    s.noAnswer = integer(object, "no_answer");
    s.callback = integer(object, "callback");
    s.failed = integer(object, "failed");
    s.avgDurationSecs = integer(object, "avg_duration_secs");
    return s;
}

QJsonObject UnloopaCampaignStats::toJson() const
{
    return {{QStringLiteral("total"), total},
            {QStringLiteral("pending"), pending},
            {QStringLiteral("connected"), connected},
            {QStringLiteral("interested"), interested},
            {QStringLiteral("not_interested"), notInterested},
            {QStringLiteral("voicemail"), voicemail},
            {QStringLiteral("no_answer"), noAnswer},
            {QStringLiteral("callback"), callback},
            {QStringLiteral("failed"), failed},
            {QStringLiteral("avg_duration_secs"), avgDurationSecs}};
}

QStringList UnloopaCampaign::statuses()
{
    return {QStringLiteral("draft"), QStringLiteral("active"), QStringLiteral("paused"),
            QStringLiteral("completed")};
}

UnloopaCampaign UnloopaCampaign::fromJson(const QJsonObject &answer)
{
    const QJsonObject object = answer.value(QLatin1String("campaign")).isObject()
            ? answer.value(QLatin1String("campaign")).toObject()
            : answer;
    UnloopaCampaign c;
    c.id = str(object, "id");
    c.name = str(object, "name");
    c.status = str(object, "status");
    c.stats = UnloopaCampaignStats::fromJson(object.value(QLatin1String("stats")).toObject());
    c.leadsCount = integer(object, "leads_count");
    c.callableLeads = integer(object, "callable_leads");
    c.agentId = str(object, "agent_id");
    c.phoneNumberId = str(object, "phone_number_id");
    c.script = str(object, "script");
    c.scriptVersion = integer(object, "script_version");
    c.firstMessage = str(object, "first_message");
    c.voiceId = str(object, "voice_id");
    c.voiceName = str(object, "voice_name");
    c.timezone = str(object, "timezone");
    c.windowStart = timeOf(str(object, "calling_window_start"));
    c.windowEnd = timeOf(str(object, "calling_window_end"));
    const QJsonValue window = object.value(QLatin1String("calling_window"));
    if (window.isObject()) {
        c.windowStart = timeOf(str(window.toObject(), "start"));
        c.windowEnd = timeOf(str(window.toObject(), "end"));
    } else if (window.isString()) {
        c.windowStart = timeOf(window.toString().section(QLatin1Char('-'), 0, 0));
        c.windowEnd = timeOf(window.toString().section(QLatin1Char('-'), 1, 1));
    }
    const QJsonArray days = object.value(QLatin1String("calling_days")).toArray();
    for (const QJsonValue &day : days)
        c.callingDays.append(day.toString().toLower());
    c.callsPerHour = integer(object, "calls_per_hour");
    c.maxCalls = integer(object, "max_calls");
    c.createdAt = JsonRead::dateTime(object, "created_at");
    c.updatedAt = JsonRead::dateTime(object, "updated_at");
    return c;
}

QJsonObject UnloopaCampaign::toJson() const
{
    auto timeOrNull = [](const QTime &t) {
        return t.isValid() ? QJsonValue(hhmm(t)) : QJsonValue(QJsonValue::Null);
    };
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("status"), status},
            {QStringLiteral("stats"), stats.toJson()},
            {QStringLiteral("leads_count"), leadsCount},
            {QStringLiteral("callable_leads"), callableLeads},
            {QStringLiteral("agent_id"), orNull(agentId)},
            {QStringLiteral("phone_number_id"), orNull(phoneNumberId)},
            {QStringLiteral("script"), orNull(script)},
            {QStringLiteral("script_version"), scriptVersion},
            {QStringLiteral("first_message"), orNull(firstMessage)},
            {QStringLiteral("voice_id"), orNull(voiceId)},
            {QStringLiteral("voice_name"), orNull(voiceName)},
            {QStringLiteral("timezone"), orNull(timezone)},
            {QStringLiteral("calling_window_start"), timeOrNull(windowStart)},
            {QStringLiteral("calling_window_end"), timeOrNull(windowEnd)},
            {QStringLiteral("calling_days"), QJsonArray::fromStringList(callingDays)},
            {QStringLiteral("calls_per_hour"), callsPerHour},
            {QStringLiteral("max_calls"), maxCalls},
            {QStringLiteral("created_at"), orNull(createdAt)},
            {QStringLiteral("updated_at"), orNull(updatedAt)}};
}

QStringList UnloopaCampaignFields::dayNames()
{
    return {QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"), QStringLiteral("thu"),
            QStringLiteral("fri"), QStringLiteral("sat"), QStringLiteral("sun")};
}

bool UnloopaCampaignFields::isEmpty() const
{
    return !name && !phoneNumberId && !agentId && !voiceId && !script && !firstMessage && !timezone &&
            !windowStart && !windowEnd && !callingDays && !callsPerHour && !maxCalls && leadIds.isEmpty();
}

namespace {

// The checks a campaign's settings need whether they are created or changed.
QString settingsProblem(const UnloopaCampaignFields &f)
{
    if (f.name && f.name->trimmed().isEmpty())
        return QStringLiteral("A campaign needs a name.");
    if ((f.windowStart && !f.windowStart->isValid()) || (f.windowEnd && !f.windowEnd->isValid()))
        return QStringLiteral("The calling window must be given as HH:MM-HH:MM.");
    if (f.windowStart && f.windowEnd && *f.windowStart >= *f.windowEnd)
        return QStringLiteral("The calling window must end after it starts.");
    if (f.timezone && !QTimeZone(f.timezone->toUtf8()).isValid())
        return QStringLiteral("“%1” is not a time zone (use a name such as America/New_York).")
                .arg(*f.timezone);
    if (f.callingDays) {
        if (f.callingDays->isEmpty())
            return QStringLiteral("Choose at least one calling day.");
        for (const QString &day : *f.callingDays) {
            if (!UnloopaCampaignFields::dayNames().contains(day))
                return QStringLiteral("“%1” is not a day; use %2.")
                        .arg(day, UnloopaCampaignFields::dayNames().join(QLatin1Char(',')));
        }
    }
    if (f.callsPerHour && *f.callsPerHour < 1)
        return QStringLiteral("Calls per hour must be at least 1.");
    if (f.maxCalls && *f.maxCalls < 1)
        return QStringLiteral("Max calls must be at least 1.");
    return {};
}

} // namespace

QString UnloopaCampaignFields::createProblem() const
{
    if (!name)
        return QStringLiteral("A campaign needs a name.");
    if (!phoneNumberId || phoneNumberId->trimmed().isEmpty())
        return QStringLiteral("Choose the phone number the campaign calls from.");
    const bool hasAgent = agentId && !agentId->trimmed().isEmpty();
    const bool hasVoiceAndScript =
            voiceId && !voiceId->trimmed().isEmpty() && script && !script->trimmed().isEmpty();
    if (!hasAgent && !hasVoiceAndScript)
        return QStringLiteral("Choose a voice agent, or give both a voice id and a script.");
    if (leadIds.isEmpty())
        return QStringLiteral("Choose at least one lead to call.");
    if (QSet<QString>(leadIds.begin(), leadIds.end()).size() != leadIds.size())
        return QStringLiteral("A lead appears twice in the campaign.");
    return settingsProblem(*this);
}

QString UnloopaCampaignFields::updateProblem() const
{
    if (!leadIds.isEmpty())
        return QStringLiteral("A campaign's leads are chosen when it is created and cannot be changed.");
    if (isEmpty())
        return QStringLiteral("Say what to change.");
    return settingsProblem(*this);
}

QJsonObject UnloopaCampaignFields::toJson() const
{
    QJsonObject o;
    auto text = [&o](const char *key, const std::optional<QString> &value) {
        if (value)
            o.insert(QLatin1String(key), *value);
    };
    text("name", name);
    text("phone_number_id", phoneNumberId);
    text("agent_id", agentId);
    text("voice_id", voiceId);
    text("script", script);
    text("first_message", firstMessage);
    text("timezone", timezone);
    if (windowStart)
        o.insert(QStringLiteral("calling_window_start"), hhmm(*windowStart));
    if (windowEnd)
        o.insert(QStringLiteral("calling_window_end"), hhmm(*windowEnd));
    if (callingDays)
        o.insert(QStringLiteral("calling_days"), QJsonArray::fromStringList(*callingDays));
    if (callsPerHour)
        o.insert(QStringLiteral("calls_per_hour"), *callsPerHour);
    if (maxCalls)
        o.insert(QStringLiteral("max_calls"), *maxCalls);
    if (!leadIds.isEmpty())
        o.insert(QStringLiteral("lead_ids"), QJsonArray::fromStringList(leadIds));
    return o;
}

QString unloopaCampaignActionName(UnloopaCampaignAction action)
{
    switch (action) {
    case UnloopaCampaignAction::Activate:
        return QStringLiteral("activate");
    case UnloopaCampaignAction::Pause:
        return QStringLiteral("pause");
    case UnloopaCampaignAction::Cancel:
        return QStringLiteral("cancel");
    case UnloopaCampaignAction::Trigger:
        return QStringLiteral("trigger");
    }
    return {};
}

UnloopaTriggerResult UnloopaTriggerResult::fromJson(const QJsonObject &object)
{
    UnloopaTriggerResult r;
    const QJsonArray calls = object.value(QLatin1String("calls")).toArray();
    for (const QJsonValue &value : calls) {
        const QJsonObject c = value.toObject();
        QString id = str(c, "id");
        if (id.isEmpty())
            id = str(c, "call_id");
        r.calls.append({id, str(c, "business_name"), str(c, "conversation_id")});
    }
    r.triggered =
            object.contains(QLatin1String("triggered")) ? integer(object, "triggered") : int(r.calls.size());
    return r;
}

QJsonObject UnloopaTriggerResult::toJson() const
{
    QJsonArray array;
    for (const UnloopaTriggeredCall &c : calls)
        array.append(QJsonObject{{QStringLiteral("id"), c.id},
                                 {QStringLiteral("business_name"), orNull(c.businessName)},
                                 {QStringLiteral("conversation_id"), orNull(c.conversationId)}});
    return {{QStringLiteral("triggered"), triggered}, {QStringLiteral("calls"), array}};
}
