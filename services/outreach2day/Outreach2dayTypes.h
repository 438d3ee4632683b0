#pragma once

#include "core/ApiError.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QTime>

#include <optional>

// Typed forms of Outreach2day's documented payloads (the Outreach2day public API reference).
// Each parses leniently (a missing field becomes empty/0/null) so that a vendor adding fields
// never breaks us; a body that is not the documented shape at all is reported as Malformed by
// the service. Each request type checks the documented limits before anything is sent
// (problem(): an ApiError::Kind::Local "invalid_field" naming the field, or none).

// POST /campaigns answer (and what the console keeps locally: the API cannot list campaigns).
struct O2dCampaign
{
    QString id; // "cmp_abc123"
    QString workspaceId;
    QString name;
    QString priority; // HIGH, MEDIUM (default), LOW
    QString status; // draft, active, paused, completed, errored
    QDateTime createdAt;
    QDateTime updatedAt;

    static QStringList priorities(); // {"HIGH", "MEDIUM", "LOW"}
    static O2dCampaign fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// One A/B variant of a step. Weights of a step's variants sum to 100.
struct O2dVariant
{
    QString subject;
    QString bodyHtml;
    QString bodyText;
    int weight = 0;

    static O2dVariant fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// A step as sent (POST /campaigns/{id}/steps, PATCH /campaigns/steps/{id}) and as answered.
// The API takes `delayDays` and answers `delaySeconds`: fromJson reads both (seconds win).
struct O2dStep
{
    QString id; // "stp_001"; empty before it is created
    QString campaignId;
    int order = 0; // 1-based; 0 = "the next" when adding
    int delayDays = 0; // days after the previous step (the first step: 0)
    QString subject;
    QString bodyHtml;
    QString bodyText;
    QList<O2dVariant> variants;

    // "invalid_field" naming the field: subject empty, delayDays < 0, order < 0, variants whose
    // weights do not sum to 100 or a variant without a subject.
    std::optional<ApiError> problem() const;
    // The {{placeholders}} the subject and bodies (and every variant) use, sorted, distinct.
    QStringList placeholders() const;
    static O2dStep fromJson(const QJsonObject &object);
    // The POST body: order (if > 0), delayDays, subject, bodyHtml, bodyText (non-empty ones),
    // variants (if any).
    QJsonObject toJson() const;
};

// A PATCH /campaigns/steps/{id} body: only the fields set are sent. The console's choice (the
// document shows subject and delayDays only): any of the step's own fields.
struct O2dStepUpdate
{
    std::optional<int> order;
    std::optional<int> delayDays;
    std::optional<QString> subject;
    std::optional<QString> bodyHtml;
    std::optional<QString> bodyText;
    std::optional<QList<O2dVariant>> variants;

    bool isEmpty() const;
    std::optional<ApiError> problem() const;
    QJsonObject toJson() const;
};

// POST /campaigns/steps/preview answer.
struct O2dPreview
{
    QString subject;
    QString bodyHtml;
    QString bodyText;

    static O2dPreview fromJson(const QJsonObject &object);
};

// One contact of GET /campaigns/{id}/contacts.
struct O2dContact
{
    QString id; // "cnt_001"
    QString campaignId;
    QString email;
    QString name;
    QString status; // pending, active, replied, bounced, unsubscribed, suppressed, completed, failed
    QJsonObject customJson; // the other mapped fields: {"company": ..., "title": ...}
    QDateTime createdAt;

    static O2dContact fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// POST /campaigns/{id}/contacts/import answer (direct import).
struct O2dImportResult
{
    int imported = 0;
    int parsed = 0;
    int valid = 0;
    int invalid = 0;
    int upserted = 0;
    QJsonArray errors; // per-row errors, when the vendor gives them (undocumented shape: kept raw)

    static O2dImportResult fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// POST /imports answer and GET /imports/{id}/status answer (staged import).
struct O2dImportStatus
{
    QString importId; // "imp_xyz789"
    QString campaignId;
    QString status; // pending_mapping, processing (undocumented: any other), completed, failed
    int totalRows = -1; // -1: not said
    int processedRows = -1; // undocumented; -1 when absent
    int imported = 0;
    int invalid = 0;
    QJsonArray errors; // per-row errors (undocumented shape: kept raw)

    bool isFinished() const; // completed, failed, or any status containing "error"/"cancel"
    bool succeeded() const; // completed
    static O2dImportStatus fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// GET /imports/{id}/mapping-preview answer.
struct O2dMappingPreview
{
    QStringList columns; // the uploaded header, in file order
    QMap<QString, QString> suggestedMapping; // column → contact field
    QList<QJsonObject> sampleRows;

    static O2dMappingPreview fromJson(const QJsonObject &object);
};

// POST /campaigns/{id}/mailboxes body and answer; PATCH .../mailboxes/{cmbId} (only set fields).
struct O2dMailbox
{
    QString id; // "cmb_001" (the campaign-mailbox link)
    QString campaignId;
    QString mailboxId; // "mbx_501"
    QString mailboxAddress;
    QString state; // active, ...
    std::optional<int> dailyLimit; // 1-5000
    std::optional<int> weight; // 1-1000
    std::optional<int> gapBaseSeconds; // 0-86400
    std::optional<int> gapJitterSeconds; // 0-86400

    // "invalid_field" naming the field when a set value is out of its documented range, or the
    // address is not an email address (when `requireAddress`).
    std::optional<ApiError> problem(bool requireAddress) const;
    static O2dMailbox fromJson(const QJsonObject &object);
    // The set fields only (mailboxAddress when non-empty): the body of both POST and PATCH.
    QJsonObject toJson() const;

    static constexpr int minDailyLimit = 1, maxDailyLimit = 5000;
    static constexpr int minWeight = 1, maxWeight = 1000;
    static constexpr int minGapSeconds = 0, maxGapSeconds = 86400;
};

// PUT /campaigns/{id}/schedule body.
struct O2dSchedule
{
    struct Window
    {
        QTime start; // "09:00"
        QTime end; // "12:00", after start
    };
    QString timezone; // IANA, "America/New_York"
    QStringList weekdays; // "mon".."sun"
    QList<Window> windows;

    bool isSet() const { return !timezone.isEmpty(); }
    // "invalid_field": unknown time zone (QTimeZone), no or unknown weekday, no window, a window
    // whose end is not after its start, overlapping windows.
    std::optional<ApiError> problem() const;
    static QStringList allWeekdays(); // mon..sun
    static O2dSchedule fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// PUT /campaigns/{id}/stop-rules body.
struct O2dStopRules
{
    bool stopOnReply = true;
    bool stopOnUnsub = true;
    bool stopOnBounce = true;

    static O2dStopRules fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// GET /campaigns/{id}/preflight and /mailbox-preflight answers.
struct O2dPreflight
{
    struct Check
    {
        QString name; // has_steps, has_contacts, has_mailboxes, mailbox_auth, schedule_set, ...
        bool passed = false;
        QString message; // undocumented; empty when absent
    };
    QList<Check> checks;
    QStringList blockingFailures; // check names (or the vendor's strings) that block launch
    QString summary;

    bool canLaunch() const { return blockingFailures.isEmpty(); }
    // A sentence for a check name: "has_steps" → "The campaign has at least one step."
    static QString describe(const QString &checkName);
    static O2dPreflight fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// POST /campaigns/{id}/launch options. The console's choice (the document lists them as
// parameters without saying where): both go in the query string, `limit` only when set.
struct O2dLaunchOptions
{
    std::optional<int> limit; // ≥ 1: at most this many contacts (gradual rollout)
    bool async = false;

    std::optional<ApiError> problem() const;
};

// The launch answer (sync: status "launched"; async: jobId + "queued") and
// GET /campaigns/{id}/launch-jobs/{jobId} answers.
struct O2dLaunchJob
{
    QString jobId; // empty for a synchronous launch
    QString campaignId;
    QString status; // launched, queued, running (undocumented), completed, failed
    QString error; // undocumented; a failed job's reason when given
    QDateTime createdAt;

    bool isFinished() const; // launched, completed, failed, errored, or any status with "fail"
    bool succeeded() const; // launched or completed
    static O2dLaunchJob fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// GET /campaigns/{id}/stats answer.
struct O2dStats
{
    QString campaignId;
    QString status;
    struct Contacts
    {
        int total = 0, active = 0, completed = 0, replied = 0, bounced = 0;
    } contacts;
    struct Sends
    {
        int total = 0, sent = 0, failed = 0, bounced = 0, replied = 0;
    } sends;
    QJsonObject raw; // the whole answer, for `email stats` and fields added later

    static O2dStats fromJson(const QJsonObject &object);
};

Q_DECLARE_METATYPE(O2dCampaign)
Q_DECLARE_METATYPE(O2dStep)
Q_DECLARE_METATYPE(O2dContact)
Q_DECLARE_METATYPE(O2dMailbox)

// ---------------------------------------------------------------------------------------------
// Issue #11: watching, reading and steering a running campaign. Shapes the document does not
// show (threads, webhook events and deliveries, suppression entries) are read leniently under
// the spellings a vendor plausibly uses, and the whole object is kept in `raw`.

// One send of GET /campaigns/{id}/sends (cursor-paged; key: id).
struct O2dSend
{
    QString id; // "snd_001"
    QString campaignId;
    QString contactId;
    QString stepId;
    QString mailboxId;
    QString to;
    QString status; // queued, scheduled, sending, sent, failed, bounced, skipped, canceled, replied
    int attempts = 0;
    QDateTime sentAt; // invalid until sent

    static QStringList statuses(); // the documented ones, in the document's order
    static O2dSend fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// One item of GET /campaigns/{id}/contacts/changes?updatedSince= (cursor-paged). A change has no
// id: contactId + status + updatedAt together identify it (key()).
struct O2dContactChange
{
    QString contactId;
    QString email;
    QString status; // the contact statuses: replied, bounced, unsubscribed, ...
    QString previousStatus;
    QDateTime updatedAt;

    QString key() const;
    static O2dContactChange fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// One reply thread of GET /threads?replyIntent= (the Unibox). The document shows only that a
// thread carries campaignId; the rest is read under common spellings and `raw` keeps it all
// (the API has no endpoint for a thread's messages: what was seen is kept locally).
struct O2dThread
{
    QString id;
    QString campaignId;
    QString contactId;
    QString email; // the contact's address (email, contactEmail, from)
    QString replyIntent; // interested, not_interested, ... (replyIntent, intent); lower case
    QString subject;
    QString snippet; // snippet, preview
    QString body; // body, bodyText, text (when the vendor includes the latest message)
    int messageCount = -1; // -1: not said
    QDateTime lastMessageAt; // lastMessageAt, lastReplyAt, receivedAt
    QDateTime updatedAt; // updatedAt, else createdAt
    QJsonObject raw;

    // When the thread last moved: lastMessageAt, else updatedAt.
    QDateTime latestAt() const;
    static O2dThread fromJson(const QJsonObject &object);
    QJsonObject toJson() const; // `raw` with the typed fields written over it
};

// One entry of GET /campaigns/suppressions (cursor-paged; key: email, lower case).
struct O2dSuppression
{
    QString email; // lower case
    QString reason; // "manual_suppression", "unsubscribed", ...
    QString source; // the vendor's own tag when it gives one (undocumented)
    QDateTime createdAt;

    static O2dSuppression fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// GET /campaigns/suppressions/status?email= answer (undocumented): {"suppressed": true, ...},
// {"status": "suppressed"} or {"suppression": {...}} all read as suppressed.
struct O2dSuppressionStatus
{
    QString email;
    bool suppressed = false;
    QString reason;
    QDateTime createdAt;
    QJsonObject raw;

    static O2dSuppressionStatus fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// A webhook subscription: POST /campaigns/webhooks/subscriptions body and answer
// ({"subscription": {...}} or the bare object), PATCH .../{id} body. The secret lives here only
// in memory, on its way to or from the keychain: toJson() never writes it, requestBody() does.
struct O2dWebhookSubscription
{
    QString id; // "wh_sub_001"
    QString endpoint; // the URL events are POSTed to
    QStringList eventTypes; // "reply.received", "contact.bounced", "contact.unsubscribed", ...
    QStringList replyIntents; // "interested", "not_interested", ...; empty = all
    QStringList campaignIds; // empty = all campaigns
    bool ignoreOoo = false;
    bool ignoreAutoReply = false;
    QString status; // active, paused
    QString secret; // "whsec_..."; empty when the answer has none
    QDateTime createdAt;

    // "invalid_field": endpoint not an absolute http(s) URL, no event type.
    std::optional<ApiError> problem() const;
    static O2dWebhookSubscription fromJson(const QJsonObject &object);
    // What the console shows and keeps: everything but the secret.
    QJsonObject toJson() const;
    // The POST/PATCH body: endpoint, eventTypes, replyIntents/campaignIds (when set), the two
    // ignore switches, secret (when set).
    QJsonObject requestBody() const;
};

// One item of GET /campaigns/webhooks/events (undocumented shape; key: key()).
struct O2dWebhookEvent
{
    QString id;
    QString type; // type, eventType, event: "reply.received", ...
    QString campaignId;
    QString contactId;
    QString email;
    QString replyIntent;
    QDateTime createdAt; // createdAt, occurredAt, timestamp
    QJsonObject raw;

    // id; without one, type + createdAt + contactId.
    QString key() const;
    static O2dWebhookEvent fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// One item of GET /campaigns/webhooks/subscriptions/{id}/deliveries (undocumented shape).
struct O2dWebhookDelivery
{
    QString id;
    QString subscriptionId;
    QString eventId;
    QString eventType;
    QString status; // delivered, failed, pending, retrying, ... (lower case)
    int attempts = 0; // attempts, attempt
    int responseStatus = 0; // the endpoint's HTTP status (responseStatus, statusCode, httpStatus)
    QString error;
    QDateTime createdAt; // createdAt, deliveredAt, attemptedAt
    QDateTime nextAttemptAt; // nextAttemptAt, nextRetryAt
    QJsonObject raw;

    // id; without one, eventId + attempts + createdAt.
    QString key() const;
    static O2dWebhookDelivery fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// POST /campaigns/{id}/subsequences body and answer.
struct O2dSubsequence
{
    QString id; // "sub_001"
    QString campaignId;
    QString name;
    QString enrollmentMode = QStringLiteral("manual"); // the document's only value
    QDateTime createdAt;

    std::optional<ApiError> problem() const; // "invalid_field": name empty
    static O2dSubsequence fromJson(const QJsonObject &object);
    QJsonObject toJson() const; // the POST body is {name, enrollmentMode}; id etc. when set
};

// One rule of PATCH /campaigns/{id}/subsequence-routing {"routingPolicy": {"rules": [...]}}.
struct O2dRoutingRule
{
    QString trigger = QStringLiteral("reply_intent"); // the document's only trigger
    QString value; // the reply intent: "interested", ...
    QString subsequenceId;

    bool operator==(const O2dRoutingRule &other) const
    {
        return trigger == other.trigger && value == other.value && subsequenceId == other.subsequenceId;
    }
    static O2dRoutingRule fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// The routing policy (the document has no endpoint that reads it back: kept locally).
struct O2dRoutingPolicy
{
    QList<O2dRoutingRule> rules;

    // "invalid_field" naming rules[i].trigger/value/subsequenceId when empty, or the same
    // trigger+value routed twice.
    std::optional<ApiError> problem() const;
    // Reads {"routingPolicy": {"rules": []}}, {"rules": []} or a bare array.
    static O2dRoutingPolicy fromJson(const QJsonValue &value);
    QJsonObject toJson() const; // {"routingPolicy": {"rules": [...]}}
};

Q_DECLARE_METATYPE(O2dSend)
Q_DECLARE_METATYPE(O2dContactChange)
Q_DECLARE_METATYPE(O2dThread)
Q_DECLARE_METATYPE(O2dSuppression)
Q_DECLARE_METATYPE(O2dWebhookSubscription)
Q_DECLARE_METATYPE(O2dWebhookEvent)
Q_DECLARE_METATYPE(O2dWebhookDelivery)
