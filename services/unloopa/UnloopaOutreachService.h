#pragma once

#include "UnloopaOutreachTypes.h"
#include "core/Result.h"

#include <QObject>
#include <QPointer>

#include <functional>

class ApiReply;
class UnloopaService;

// Unloopa's outreach email operations (the Unloopa API reference: /outreach/status,
// /outreach/templates, /outreach/send) as typed calls on UnloopaService's client, routed by
// UnloopaRoutes. Errors carry the same ways out as UnloopaService's (upgrade and purchase links,
// the reset time, Retry-After) and, for setup_required, the setup link the vendor sends.
// Callbacks run on `context`'s thread and are dropped if `context` is destroyed first. A request
// that is invalid before it is sent is refused locally (code invalid_input, no request), delivered
// through the callback like an answer.
class UnloopaOutreachService : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(const Result<T> &)>;

    explicit UnloopaOutreachService(UnloopaService *unloopa, QObject *parent = nullptr);

    // GET /outreach/status: configured or not (setup_url), each account's capacity and warm-up,
    // the summary.
    ApiReply *fetchStatus(const QObject *context, Callback<UnloopaOutreachStatus> callback);

    // GET /outreach/templates: prebuilt and custom.
    ApiReply *fetchTemplates(const QObject *context, Callback<UnloopaTemplates> callback);
    // POST /outreach/templates: name, subject and body required.
    ApiReply *createTemplate(const UnloopaTemplateFields &fields, const QObject *context,
                             Callback<UnloopaTemplate> callback);
    // PATCH /outreach/templates/{id}: only custom templates; only the fields set are sent.
    ApiReply *updateTemplate(const QString &templateId, const UnloopaTemplateFields &fields,
                             const QObject *context, Callback<UnloopaTemplate> callback);
    // DELETE /outreach/templates/{id}.
    ApiReply *deleteTemplate(const QString &templateId, const QObject *context, Callback<Done> callback);

    // POST /outreach/send: one batch of 1-100 leads. Contacts people: sent only under the outbound
    // guard's clearance `clearanceId` (issued for this batch as one request reaching many people),
    // once, never retried automatically.
    ApiReply *send(const UnloopaOutreachSendRequest &request, const QString &clearanceId,
                   const QObject *context, Callback<UnloopaOutreachSendResult> callback);

private:
    QPointer<UnloopaService> m_unloopa;
};
