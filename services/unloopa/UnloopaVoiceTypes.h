#pragma once

#include "UnloopaTypes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QTime>
#include <QUrlQuery>

#include <optional>

// Typed forms of Unloopa's voice payloads (the Unloopa API reference: /phone-numbers, /voice/agents,
// /voice/call, /voice/calls, /voice/campaigns). Lenient like UnloopaTypes: a missing field reads as
// empty/0, an added one is ignored; the service reports a body that is not the shape at all.

// ---- Phone numbers -------------------------------------------------------------------------------

// A number the account rents (GET /phone-numbers, POST /phone-numbers/buy).
struct UnloopaPhoneNumber
{
    QString id;
    QString phoneNumber; // E.164
    QString areaCode;
    QString locality;
    QString region;
    QString country;
    int monthlyCostCents = 0; // $1/month: 100
    QDateTime createdAt;

    static UnloopaPhoneNumber fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// GET /phone-numbers.
struct UnloopaPhoneNumbers
{
    static constexpr int documentedLimit = 3;

    QList<UnloopaPhoneNumber> numbers;
    int count = 0;
    int limit = documentedLimit;

    bool isFull() const { return count >= limit; }

    static UnloopaPhoneNumbers fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// POST /phone-numbers/search body.
struct UnloopaNumberSearch
{
    QString areaCode; // exactly 3 digits
    QString country = QStringLiteral("US"); // the vendor's default

    QString problem() const;
    QJsonObject toJson() const;
};

// One result of POST /phone-numbers/search.
struct UnloopaAvailableNumber
{
    QString phoneNumber; // E.164, what POST /phone-numbers/buy takes
    QString friendlyName;
    QString locality;
    QString region;

    static UnloopaAvailableNumber fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// ---- Voice agents --------------------------------------------------------------------------------

// A voice agent as GET /voice/agents lists it (the script itself is not listed).
struct UnloopaVoiceAgent
{
    QString id;
    QString name;
    QString voiceId;
    QString voiceName;
    QString elevenlabsAgentId;
    bool hasScript = false;
    bool hasFirstMessage = false;
    QDateTime createdAt;

    static UnloopaVoiceAgent fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// GET /voice/agents.
struct UnloopaVoiceAgents
{
    static constexpr int documentedLimit = 3;

    QList<UnloopaVoiceAgent> agents;
    int count = 0;
    int limit = documentedLimit;

    bool isFull() const { return count >= limit; }

    static UnloopaVoiceAgents fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// The fields of an agent to create (POST; name, voice id and script required) or change (PATCH;
// only the fields set are sent). Stability and similarity go in `agent_config`
// ({"stability", "similarityBoost"}, as the reference spells them), each 0-1.
struct UnloopaAgentFields
{
    std::optional<QString> name;
    std::optional<QString> voiceId;
    std::optional<QString> voiceName;
    std::optional<QString> script; // may use {{business_name}} {{city}} {{industry}} {{website_url}}
    std::optional<QString> firstMessage;
    std::optional<double> stability;
    std::optional<double> similarityBoost;

    bool isEmpty() const;
    QString createProblem() const;
    QString updateProblem() const;
    QJsonObject toJson() const;
};

// ---- Calls ---------------------------------------------------------------------------------------

// POST /voice/call body. Costs 1 voice credit.
struct UnloopaCallRequest
{
    QString agentId;
    QString phoneNumber; // E.164
    QMap<QString, QString> dynamicVariables; // business_name, city, industry, website_url, ...

    QString problem() const;
    QJsonObject toJson() const;
};

// POST /voice/call response.
struct UnloopaCallStarted
{
    QString callId;
    QString conversationId;
    QString status; // "initiated"
    QString phoneNumber;

    static UnloopaCallStarted fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// One turn of a call's transcript.
struct UnloopaTranscriptTurn
{
    QString role; // "agent", "user"; empty when the transcript came as plain text
    QString text;
    std::optional<double> atSecs; // seconds into the call, when given
};

// A call as GET /voice/calls lists it and GET /voice/calls/{id} details it.
struct UnloopaCall
{
    QString id; // `id` in the list, `call_id` in the detail
    QString campaignId;
    QString businessName;
    QString phoneNumber;
    QString status; // pending, queued, in_progress, completed, failed, cancelled
    QString outcome; // interested, not_interested, voicemail, no_answer, callback; empty while none
    QString outcomeNotes;
    int durationSecs = 0;
    // Read from an array of {role, message|text, time_in_call_secs} or from one string.
    QList<UnloopaTranscriptTurn> transcript;
    QJsonObject analysis; // as sent; a string analysis is kept as {"summary": "..."}
    QDateTime startedAt;
    QDateTime completedAt;
    QDateTime createdAt;

    static constexpr const char *listKey = "calls"; // GET /voice/calls: {"calls": [...], ...}
    QString key() const { return id; }
    bool isFinished() const;
    // "Agent: …\nUser: …", one line per turn: what is shown and searched.
    QString transcriptText() const;
    QString analysisSummary() const; // analysis.summary when there is one

    static QStringList statuses();
    static QStringList outcomes();

    static UnloopaCall fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// GET /voice/calls filters; empty members are not sent.
struct UnloopaCallFilter
{
    QString status;
    QString outcome;
    QString campaignId;

    QString problem() const; // a status/outcome the reference does not list
    QUrlQuery toQuery() const; // without limit/offset
};

// ---- Voice campaigns -----------------------------------------------------------------------------

// A campaign's figures (stats); `pending` is in the detail.
struct UnloopaCampaignStats
{
    int total = 0;
    int pending = 0;
    int connected = 0;
    int interested = 0;
    int notInterested = 0;
    int voicemail = 0;
    int noAnswer = 0;
    int callback = 0;
    int failed = 0;
    int avgDurationSecs = 0;

    static UnloopaCampaignStats fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// A voice campaign: as listed (id, name, status, stats, timestamps), as created (leads_count,
// callable_leads) and in detail (config). Fields a given answer lacks stay empty.
struct UnloopaCampaign
{
    QString id;
    QString name;
    QString status; // draft, active, paused, completed
    UnloopaCampaignStats stats;
    int leadsCount = 0;
    int callableLeads = 0;
    // Detail only:
    QString agentId;
    QString phoneNumberId;
    QString script;
    int scriptVersion = 0;
    QString firstMessage;
    QString voiceId;
    QString voiceName;
    QString timezone; // IANA, e.g. America/New_York
    QTime windowStart; // calling window, in `timezone`
    QTime windowEnd;
    QStringList callingDays; // mon, tue, ...
    int callsPerHour = 0;
    int maxCalls = 0;
    QDateTime createdAt;
    QDateTime updatedAt;

    bool isEditable() const // field updates are allowed in draft and paused only
    {
        return status == QLatin1String("draft") || status == QLatin1String("paused");
    }
    static QStringList statuses();

    // Reads the campaign itself or an answer wrapping it in {"campaign": {...}}. The calling
    // window is read from calling_window_start/_end, calling_window {start, end} or "HH:MM-HH:MM".
    static UnloopaCampaign fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// The fields of a campaign to create (POST, starts as draft) or change (PATCH {"updates": {...}},
// draft/paused only). Create needs a name, a phone number, either an agent or a voice + script,
// and the lead ids the outbound guard cleared: a lead_filter is never sent (Unloopa would resolve
// it unseen). Only the fields set are sent.
struct UnloopaCampaignFields
{
    std::optional<QString> name;
    std::optional<QString> phoneNumberId;
    std::optional<QString> agentId;
    std::optional<QString> voiceId;
    std::optional<QString> script;
    std::optional<QString> firstMessage;
    std::optional<QString> timezone;
    std::optional<QTime> windowStart;
    std::optional<QTime> windowEnd;
    std::optional<QStringList> callingDays; // mon … sun
    std::optional<int> callsPerHour;
    std::optional<int> maxCalls;
    QStringList leadIds; // create only

    static QStringList dayNames(); // mon tue wed thu fri sat sun

    bool isEmpty() const;
    QString createProblem() const;
    QString updateProblem() const; // lead ids cannot be changed by an update
    QJsonObject toJson() const; // the fields themselves (the update wraps them in "updates")
};

// The lifecycle actions of PATCH /voice/campaigns/{id} {"action": ...}.
enum class UnloopaCampaignAction { Activate, Pause, Cancel, Trigger };
QString unloopaCampaignActionName(UnloopaCampaignAction action); // "activate", ...

// One call `trigger` started.
struct UnloopaTriggeredCall
{
    QString id;
    QString businessName;
    QString conversationId;
};

// PATCH /voice/campaigns/{id} {"action": "trigger"} response.
struct UnloopaTriggerResult
{
    static constexpr int maxLimit = 10; // documented: up to 10 calls per trigger (the default)

    int triggered = 0;
    QList<UnloopaTriggeredCall> calls;

    static UnloopaTriggerResult fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

using UnloopaCallPage = UnloopaPage<UnloopaCall>; // GET /voice/calls

Q_DECLARE_METATYPE(UnloopaCall)
Q_DECLARE_METATYPE(UnloopaCampaign)
