#pragma once

#include "Outreach2dayTypes.h"
#include "core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

struct ApiCall;
class ApiReply;
struct ApiResponse;
class CursorPager;
class VendorClient;

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

private:
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
