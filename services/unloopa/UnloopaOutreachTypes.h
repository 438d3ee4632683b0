#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

// Typed forms of Unloopa's outreach email payloads (the Unloopa API reference: /outreach/status,
// /outreach/templates, /outreach/send). Lenient like UnloopaTypes: a missing field reads as
// empty/0, an added one is ignored; the service reports a body that is not the shape at all.

// The health check of one sending account.
struct UnloopaAccountHealth
{
    int score = 0; // 0-100
    QString status; // "good", ...; empty when the vendor did not say
    QDateTime checkedAt;
};

// One connected sending account in GET /outreach/status. The figures are shown as the API reports
// them, never recomputed from the warm-up ramp.
struct UnloopaSendingAccount
{
    QString id;
    QString email;
    QString displayName;
    int dailyLimit = 0;
    int sentToday = 0;
    int remainingToday = 0;
    bool warmupEnabled = false;
    int warmupDay = 0; // day N of the 4-week ramp; 0 when not warming up
    UnloopaAccountHealth health;
    QDateTime createdAt;

    static UnloopaSendingAccount fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// GET /outreach/status `summary`.
struct UnloopaOutreachSummary
{
    int totalAccounts = 0;
    int totalDailyCapacity = 0;
    int totalSentToday = 0;
    int totalRemainingToday = 0;
    int pendingInQueue = 0;
    int accountsWithHealthIssues = 0;

    static UnloopaOutreachSummary fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// GET /outreach/status: is email sending set up, and how much can still go out today.
struct UnloopaOutreachStatus
{
    bool configured = false;
    QList<UnloopaSendingAccount> accounts;
    UnloopaOutreachSummary summary;
    QUrl setupUrl; // where to connect an email account (when not configured)

    // What can still be sent today (the summary's figure, as reported).
    int remainingToday() const { return summary.totalRemainingToday; }

    static UnloopaOutreachStatus fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// One email template: prebuilt (read-only, is_custom false) or custom.
struct UnloopaTemplate
{
    QString id;
    QString name;
    QString subject;
    QString body;
    bool isCustom = false;
    bool isDefault = false;
    QString language;

    // The placeholders templates support, in the reference's order; {{video_url}} needs Pro.
    static QStringList placeholders();
    static bool isProOnlyPlaceholder(const QString &name) { return name == QLatin1String("video_url"); }
    // The {{names}} used in `text` (known or not), in order of first use, without the braces.
    static QStringList placeholdersIn(const QString &text);

    static UnloopaTemplate fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// GET /outreach/templates.
struct UnloopaTemplates
{
    QList<UnloopaTemplate> prebuilt; // `templates`
    QList<UnloopaTemplate> custom; // `custom_templates`

    QList<UnloopaTemplate> all() const { return prebuilt + custom; }
    std::optional<UnloopaTemplate> find(const QString &id) const;

    static UnloopaTemplates fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// The fields of a custom template to create (POST; name, subject and body required) or to change
// (PATCH; only the fields set are sent).
struct UnloopaTemplateFields
{
    std::optional<QString> name;
    std::optional<QString> subject;
    std::optional<QString> body;
    std::optional<QString> language;
    std::optional<bool> isDefault;

    bool isEmpty() const { return !name && !subject && !body && !language && !isDefault; }
    // A sentence saying what is wrong before sending; empty when fine.
    QString createProblem() const;
    QString updateProblem() const;
    QJsonObject toJson() const;
};

// POST /outreach/send body.
struct UnloopaOutreachSendRequest
{
    static constexpr int maxLeadIds = 100; // documented: 1-100 lead ids per request

    QStringList leadIds;
    QString templateId; // optional when customSubject and customBody are both given
    QString customSubject;
    QString customBody;

    QString problem() const;
    QJsonObject toJson() const;
};

// A lead Unloopa could not email automatically (`manual_outreach`). The reference shows an empty
// array only: an entry is read as a lead id string or as an object with lead_id (or id),
// business_name, email, phone and reason (e.g. "no_email").
struct UnloopaManualOutreach
{
    QString leadId;
    QString businessName;
    QString email;
    QString phone;
    QString reason;

    static UnloopaManualOutreach fromJson(const QJsonValue &value);
    QJsonObject toJson() const;
};

// POST /outreach/send response: what happened to one batch.
struct UnloopaOutreachSendResult
{
    int emailsQueued = 0;
    int emailsWaitingForVideo = 0;
    int skippedDuplicates = 0;
    int failed = 0;
    QList<UnloopaManualOutreach> manualOutreach;

    static UnloopaOutreachSendResult fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

Q_DECLARE_METATYPE(UnloopaOutreachStatus)
Q_DECLARE_METATYPE(UnloopaTemplates)
Q_DECLARE_METATYPE(UnloopaOutreachSendResult)
