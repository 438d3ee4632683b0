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
