#pragma once

#include "Outreach2dayTypes.h"
#include "core/Result.h"
#include "core/VendorClient.h" // client() returns the QPointer: the type must be complete

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <optional>

struct ApiCall;
class ApiReply;
struct ApiResponse;
class CursorPager;

// GET /campaigns/{id}/export?kind=summary: whatever the vendor answers, kept byte for byte to be
// saved as a file (the document shows neither its format nor its content type).
struct O2dSummaryExport
{
    QByteArray content;
    QByteArray contentType; // as answered, e.g. "text/csv; charset=utf-8"; may be empty
    QString fileName; // Content-Disposition's filename, when the answer names one (no directories)

    // "csv", "json", "pdf", "xlsx", "html", "zip" or "txt": for naming the file when the answer
    // does not.
    QString suffix() const;
};

// Outreach2day's public API (the Outreach2day public API reference). Every call is scoped by
// ?workspaceId=, taken from the saved credentials; without one every method finishes with
// ApiError::Local "workspace_missing" and sends nothing. Every request body's documented limits
// are checked before sending (the types' problem(): "invalid_field" naming the field).
//
// Contacting calls (launch, resume) go out only with a clearance from the outbound guard
// (ApiCall::contactingWith): never retried, never sent twice. Imports carry the caller's
// Idempotency-Key, which makes them safe to retry.
class Outreach2dayService : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(const Result<T> &)>;

    // The largest `limit` the console asks a cursor-paged list for. The document shows 50 and
    // names no maximum: 500 is the console's assumption (the sandbox's maximum).
    static constexpr int pageLimit = 500;

    explicit Outreach2dayService(VendorClient *client, QObject *parent = nullptr);

    VendorClient *client() const { return m_client; }
    void setWorkspaceId(const QString &workspaceId) { m_workspaceId = workspaceId.trimmed(); }
    QString workspaceId() const { return m_workspaceId; }

    // GET /campaigns/webhooks/event-types: cheap and read-only, so it doubles as the connection probe.
    ApiReply *fetchWebhookEventTypes(const QObject *context, Callback<QStringList> callback);

    // --- campaigns
    // POST /campaigns {name, priority}.
    ApiReply *createCampaign(const QString &name, const QString &priority, const QObject *context,
                             Callback<O2dCampaign> callback);

    // --- steps
    ApiReply *addStep(const QString &campaignId, const O2dStep &step, const QObject *context,
                      Callback<O2dStep> callback); // POST /campaigns/{id}/steps
    ApiReply *listSteps(const QString &campaignId, const QObject *context,
                        Callback<QList<O2dStep>> callback); // GET /campaigns/{id}/steps (array or {items})
    ApiReply *updateStep(const QString &stepId, const O2dStepUpdate &update, const QObject *context,
                         Callback<O2dStep> callback); // PATCH /campaigns/steps/{id}
    ApiReply *deleteStep(const QString &stepId, const QObject *context,
                         Callback<Done> callback); // DELETE /campaigns/steps/{id}
    // POST /campaigns/steps/preview {step: {subject, bodyHtml, bodyText}, contact: {...}}.
    ApiReply *previewStep(const O2dVariant &content, const QJsonObject &contact, const QObject *context,
                          Callback<O2dPreview> callback);

    // --- contacts
    // POST /campaigns/{id}/contacts/import, multipart/form-data with the part "file" streamed from
    // `multipartFile` (written by the caller, boundary `boundary`), Idempotency-Key header.
    ApiReply *importContactsDirect(const QString &campaignId, const QString &multipartFile,
                                   const QByteArray &boundary, const QString &idempotencyKey,
                                   const QObject *context, Callback<O2dImportResult> callback);
    // POST /imports, multipart/form-data with the parts "campaignId" and "file".
    ApiReply *startStagedImport(const QString &multipartFile, const QByteArray &boundary,
                                const QString &idempotencyKey, const QObject *context,
                                Callback<O2dImportStatus> callback);
    ApiReply *fetchMappingPreview(const QString &importId, const QObject *context,
                                  Callback<O2dMappingPreview> callback);
    // POST /imports/{id}/mapping-confirm {mapping: {column: field}}.
    ApiReply *confirmMapping(const QString &importId, const QMap<QString, QString> &mapping,
                             const QObject *context, Callback<O2dImportStatus> callback);
    ApiReply *fetchImportStatus(const QString &importId, const QObject *context,
                                Callback<O2dImportStatus> callback);
    // GET /campaigns/{id}/contacts?limit=pageLimit through the one cursor pager (key: id). The
    // caller owns the pager (parent) and starts it.
    CursorPager *contactsPager(const QString &campaignId, QObject *parent);

    // --- mailboxes
    ApiReply *attachMailbox(const QString &campaignId, const O2dMailbox &mailbox, const QObject *context,
                            Callback<O2dMailbox> callback); // POST /campaigns/{id}/mailboxes
    ApiReply *listMailboxes(const QString &campaignId, const QObject *context,
                            Callback<QList<O2dMailbox>> callback); // GET (array or {items})
    ApiReply *updateMailbox(const QString &campaignId, const QString &campaignMailboxId,
                            const O2dMailbox &changes, const QObject *context,
                            Callback<O2dMailbox> callback); // PATCH .../mailboxes/{cmbId}

    // --- schedule, stop rules, preflight
    ApiReply *setSchedule(const QString &campaignId, const O2dSchedule &schedule, const QObject *context,
                          Callback<Done> callback); // PUT /campaigns/{id}/schedule
    ApiReply *setStopRules(const QString &campaignId, const O2dStopRules &rules, const QObject *context,
                           Callback<Done> callback); // PUT /campaigns/{id}/stop-rules
    ApiReply *preflight(const QString &campaignId, const QObject *context, Callback<O2dPreflight> callback);
    ApiReply *mailboxPreflight(const QString &campaignId, const QObject *context,
                               Callback<O2dPreflight> callback);

    // --- launch and lifecycle
    // POST /campaigns/{id}/launch?limit=&async= — contacts people: cleared by the outbound guard
    // under `clearanceId` (vendorRefKey "jobId"), never retried.
    ApiReply *launch(const QString &campaignId, const O2dLaunchOptions &options, const QString &clearanceId,
                     const QObject *context, Callback<O2dLaunchJob> callback);
    ApiReply *fetchLaunchJob(const QString &campaignId, const QString &jobId, const QObject *context,
                             Callback<O2dLaunchJob> callback);
    // POST /campaigns/{id}/lifecycle {"action":"pause"} — stops contact; needs no clearance.
    ApiReply *pause(const QString &campaignId, const QObject *context, Callback<Done> callback);
    // {"action":"resume"} — contacts people again: cleared by the guard, never retried.
    ApiReply *resume(const QString &campaignId, const QString &clearanceId, const QObject *context,
                     Callback<Done> callback);

    // --- stats and suppressions
    ApiReply *fetchStats(const QString &campaignId, const QObject *context, Callback<O2dStats> callback);
    // POST /campaigns/suppressions {emails, reason}.
    ApiReply *addSuppressions(const QStringList &emails, const QString &reason, const QObject *context,
                              Callback<Done> callback);

    // --- issue #11: watching, reading and steering a running campaign
    // Every list below pages through the one CursorPager with `limit=pageLimit` and its own
    // de-duplication key; the caller owns the pager (parent), connects to it and starts it, from
    // the first page or from a cursor saved by an earlier run (CursorPager::start(resumeCursor)).
    // An argument that cannot be sent makes start() finish with "invalid_field" naming it.
    // Resuming from a saved cursor is safe only where every page already read is kept: the sends
    // (SendsSync stores each page before it moves on). Contact changes restart from the latest
    // updatedAt seen instead; suppressions are read whole (a removal at the vendor shows only as an
    // address missing from the whole list); events and deliveries are shown, not stored, so a
    // resumed read would show only the pages after the cursor.

    // GET /campaigns/{id}/sends (key: id).
    CursorPager *sendsPager(const QString &campaignId, QObject *parent);
    // GET /campaigns/{id}/contacts/changes?updatedSince= (key: contactId + status + updatedAt: a
    // change has no id). `updatedSince` is sent in UTC to the second, rounded down (a change at
    // the boundary comes again and is dropped by its key). The answer's updated_since only echoes
    // the request: callers move on by the latest updatedAt they saw (minus an overlap).
    CursorPager *contactChangesPager(const QString &campaignId, const QDateTime &updatedSince,
                                     QObject *parent);
    // GET /threads?replyIntent=&campaignId= (key: id; either filter empty = not sent). The
    // document does not say whether threads are paged: a bare list or {items} without a next
    // cursor is the whole list, a next cursor is followed.
    CursorPager *threadsPager(const QString &replyIntent, const QString &campaignId, QObject *parent);
    // GET /campaigns/webhooks/events (key: O2dWebhookEvent::key()).
    CursorPager *webhookEventsPager(QObject *parent);
    // GET /campaigns/webhooks/subscriptions/{id}/deliveries (key: O2dWebhookDelivery::key()).
    CursorPager *deliveriesPager(const QString &subscriptionId, QObject *parent);
    // GET /campaigns/suppressions (key: the address in lower case).
    CursorPager *suppressionsPager(QObject *parent);

    // GET /campaigns/{id}/export?kind=summary: any 2xx body, any content type.
    ApiReply *exportSummary(const QString &campaignId, const QObject *context,
                            Callback<O2dSummaryExport> callback);

    // --- webhook subscriptions. A secret passes through here only on its way to or from the
    // keychain: it is never logged (each one seen is registered with Redaction) and never put
    // into an error sentence.
    // POST /campaigns/webhooks/subscriptions (subscription.problem() checked first). The answer's
    // secret, else the one sent, is in the result.
    ApiReply *createSubscription(const O2dWebhookSubscription &subscription, const QObject *context,
                                 Callback<O2dWebhookSubscription> callback);
    // PATCH .../subscriptions/{id} with the subscription's endpoint, event types, filters and
    // switches. Never its secret: a new secret goes through rotateSecret() (grace period, W3).
    ApiReply *updateSubscription(const QString &subscriptionId, const O2dWebhookSubscription &subscription,
                                 const QObject *context, Callback<O2dWebhookSubscription> callback);
    ApiReply *deleteSubscription(const QString &subscriptionId, const QObject *context,
                                 Callback<Done> callback); // DELETE .../subscriptions/{id}
    // POST .../{id}/test: the answer as read (empty for an empty body); its shape is not shown.
    ApiReply *testSubscription(const QString &subscriptionId, const QObject *context,
                               Callback<QJsonObject> callback);
    // POST .../{id}/pause and .../{id}/resume: the subscription with its new status.
    ApiReply *pauseSubscription(const QString &subscriptionId, const QObject *context,
                                Callback<O2dWebhookSubscription> callback);
    ApiReply *resumeSubscription(const QString &subscriptionId, const QObject *context,
                                 Callback<O2dWebhookSubscription> callback);
    // POST .../{id}/rotate-secret, with {"secret": newSecret} when the console made one. The
    // result's secret is the one now in force: the answer's, else the one sent; an answer with
    // neither is Malformed (the secret may have changed: rotate again before relying on it).
    // Sent once, never retried: a repeated rotation would retire the secret just issued.
    ApiReply *rotateSecret(const QString &subscriptionId, const QString &newSecret, const QObject *context,
                           Callback<O2dWebhookSubscription> callback);

    // --- suppressions (adding them is addSuppressions above)
    // GET /campaigns/suppressions/status?email=.
    ApiReply *suppressionStatus(const QString &email, const QObject *context,
                                Callback<O2dSuppressionStatus> callback);
    // DELETE /campaigns/suppressions?email=.
    ApiReply *deleteSuppression(const QString &email, const QObject *context, Callback<Done> callback);

    // --- subsequences
    // POST /campaigns/{id}/subsequences {name, enrollmentMode}.
    ApiReply *createSubsequence(const QString &campaignId, const O2dSubsequence &subsequence,
                                const QObject *context, Callback<O2dSubsequence> callback);
    // PATCH /campaigns/{id}/subsequence-routing {"routingPolicy": {"rules": [...]}} (the whole
    // policy: nothing reads it back, so callers keep what they sent).
    ApiReply *setSubsequenceRouting(const QString &campaignId, const O2dRoutingPolicy &policy,
                                    const QObject *context, Callback<Done> callback);

private:
    // A cursor pager over `path` (workspace and limit added to `query`), refusing to start with
    // the workspace or `problem` when either is missing/set.
    CursorPager *pager(const QString &path, QUrlQuery query, const std::optional<ApiError> &problem,
                       std::function<QString(const QJsonObject &)> key, const QString &what,
                       QObject *parent) const;
    ApiReply *subscriptionAction(const QString &subscriptionId, const QString &action, const QString &status,
                                 const QObject *context, Callback<O2dWebhookSubscription> callback);

    // The workspace query (plus `extra`), or an error delivered on `context` when it is missing.
    bool workspaceQuery(QUrlQuery *query, const QObject *context,
                        const std::function<void(const ApiError &)> &fail) const;
    // Sends `call` with the workspace query added, unless `problem` (a limit the request breaks)
    // or a missing workspace refuses it first: then the callback hears of it, queued, and nothing
    // is sent. A successful answer is turned into T by `read`.
    template<typename T>
    ApiReply *run(ApiCall call, const std::optional<ApiError> &problem, const QObject *context,
                  Callback<T> callback, std::function<Result<T>(const ApiResponse &)> read);
    // The same for an answer the document does not show: any 2xx is Done.
    ApiReply *runDone(ApiCall call, const std::optional<ApiError> &problem, const QObject *context,
                      Callback<Done> callback);

    QPointer<VendorClient> m_client;
    QString m_workspaceId;
};
