#include "Outreach2dayService.h"

#include "core/ApiCall.h"
#include "core/CursorPager.h"
#include "core/Redaction.h"
#include "core/VendorClient.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Outreach2dayService", text);
}

ApiError invalidField(const QString &field, const QString &sentence)
{
    ApiError error = ApiError::local(Vendor::Outreach2day, QStringLiteral("invalid_field"), sentence);
    error.details.insert(QStringLiteral("field"), field);
    return error;
}

// An id goes into a path: only the characters Outreach2day's ids are made of ("cmp_abc123"), so
// nothing in it can change which endpoint is called.
std::optional<ApiError> idProblem(const QString &field, const QString &id)
{
    static const QRegularExpression idShape(QStringLiteral("^[A-Za-z0-9_.:-]+$"));
    if (id.isEmpty())
        return invalidField(field, tr("The %1 is missing.").arg(field));
    if (!idShape.match(id).hasMatch())
        return invalidField(field,
                            tr("The %1 \"%2\" is not an Outreach2day id (letters, digits, _ . : - only).")
                                    .arg(field, id));
    return std::nullopt;
}

std::optional<ApiError> firstProblem(std::initializer_list<std::optional<ApiError>> problems)
{
    for (const std::optional<ApiError> &problem : problems) {
        if (problem)
            return problem;
    }
    return std::nullopt;
}

std::optional<ApiError> emailProblem(const QString &field, const QString &email)
{
    static const QRegularExpression emailShape(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$"));
    if (email.isEmpty())
        return invalidField(field, tr("The email address (%1) is missing.").arg(field));
    if (!emailShape.match(email).hasMatch())
        return invalidField(field, tr("\"%1\" (%2) is not an email address.").arg(email, field));
    return std::nullopt;
}

QString segment(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

ApiError malformed(const QString &what, int status, const QString &advice = {})
{
    return ApiError::malformed(Vendor::Outreach2day, what, advice, status);
}

// The answer's object, or nothing when the body is not one. An empty body (an undocumented answer
// that says nothing) reads as an empty object when `emptyIsFine`.
std::optional<QJsonObject> objectOf(const ApiResponse &response, bool emptyIsFine = false)
{
    if (response.json.isObject())
        return response.json.object();
    if (response.json.isNull()) {
        if (response.body.trimmed().isEmpty())
            return emptyIsFine ? std::optional<QJsonObject>(QJsonObject()) : std::nullopt;
        const QJsonDocument parsed = QJsonDocument::fromJson(response.body);
        if (parsed.isObject())
            return parsed.object();
    }
    return std::nullopt;
}

// A list answer: a bare array, or an object holding it under "items" (or "data").
std::optional<QJsonArray> listOf(const ApiResponse &response)
{
    if (response.json.isArray())
        return response.json.array();
    const QJsonObject object = response.json.object();
    for (const char *key : {"items", "data"}) {
        if (object.value(QLatin1String(key)).isArray())
            return object.value(QLatin1String(key)).toArray();
    }
    return std::nullopt;
}

// An update whose answer the document does not show: what was sent, overlaid with whatever the
// answer says (the whole record, when the vendor gives it back; its delaySeconds wins over the
// delayDays sent, as O2dStep::fromJson reads them).
QJsonObject overlaid(QJsonObject sent, const ApiResponse &response)
{
    const QJsonObject answer = objectOf(response, true).value_or(QJsonObject());
    for (auto it = answer.begin(); it != answer.end(); ++it)
        sent.insert(it.key(), it.value());
    return sent;
}

// PUT/POST/DELETE whose answer the document does not show: any 2xx is success, whatever its body.
ApiCall anyAnswer(ApiCall call)
{
    call.expectJson = false;
    return call;
}

QString idKey(const QJsonObject &item)
{
    return item.value(QLatin1String("id")).toString();
}

QString workspaceMissingSentence()
{
    return tr("The Outreach2day workspace id is missing. Enter it with the API key under Accounts (it is "
              "the number in your workspace's address).");
}

} // namespace

Outreach2dayService::Outreach2dayService(VendorClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{ }

bool Outreach2dayService::workspaceQuery(QUrlQuery *query, const QObject *context,
                                         const std::function<void(const ApiError &)> &fail) const
{
    ApiError error;
    if (m_workspaceId.isEmpty())
        error = ApiError::local(Vendor::Outreach2day, QStringLiteral("workspace_missing"),
                                workspaceMissingSentence());
    else if (!m_client)
        error = ApiError::local(Vendor::Outreach2day, QStringLiteral("not_configured"),
                                tr("The connection to Outreach2day is gone. Restart the console."));
    if (error.isError()) {
        // Queued like every answer, so a caller never hears back before the call returns.
        QTimer::singleShot(0, context, [fail, error] { fail(error); });
        return false;
    }
    query->addQueryItem(QStringLiteral("workspaceId"), m_workspaceId);
    return true;
}

template<typename T>
ApiReply *Outreach2dayService::run(ApiCall call, const std::optional<ApiError> &problem,
                                   const QObject *context, Callback<T> callback,
                                   std::function<Result<T>(const ApiResponse &)> read)
{
    if (problem) {
        QTimer::singleShot(0, context, [callback, error = *problem] { callback(error); });
        return nullptr;
    }
    QUrlQuery query;
    if (!workspaceQuery(&query, context, [callback](const ApiError &error) { callback(error); }))
        return nullptr;
    for (const auto &item : call.query.queryItems(QUrl::FullyDecoded))
        query.addQueryItem(item.first, item.second);
    call.query = query;
    return m_client->send(call, context, [callback, read = std::move(read)](const ApiResponse &response) {
        if (!response.ok()) {
            callback(response.error);
            return;
        }
        callback(read(response));
    });
}

ApiReply *Outreach2dayService::runDone(ApiCall call, const std::optional<ApiError> &problem,
                                       const QObject *context, Callback<Done> callback)
{
    return run<Done>(anyAnswer(std::move(call)), problem, context, std::move(callback),
                     [](const ApiResponse &) { return Result<Done>(Done{}); });
}

CursorPager *Outreach2dayService::pager(const QString &path, QUrlQuery query,
                                        const std::optional<ApiError> &problem,
                                        std::function<QString(const QJsonObject &)> key, const QString &what,
                                        QObject *parent) const
{
    CursorPager::Spec spec;
    if (m_workspaceId.isEmpty())
        spec.refusal = ApiError::local(Vendor::Outreach2day, QStringLiteral("workspace_missing"),
                                       workspaceMissingSentence());
    else if (problem)
        spec.refusal = *problem;
    query.addQueryItem(QStringLiteral("workspaceId"), m_workspaceId);
    query.addQueryItem(QStringLiteral("limit"), QString::number(pageLimit));
    spec.firstPage = ApiCall::get(path, query);
    spec.key = std::move(key);
    spec.what = what;
    return new CursorPager(m_client, spec, parent);
}

// ---------------------------------------------------------------------------------------------
namespace {
// The docs do not show this response. Accept a bare array or an object holding one, of strings
// or of objects naming the type.
QStringList parseEventTypes(const QJsonDocument &json, bool *ok)
{
    QJsonArray array;
    *ok = true;
    if (json.isArray()) {
        array = json.array();
    } else {
        const QJsonObject object = json.object();
        const QStringList keys{QStringLiteral("eventTypes"), QStringLiteral("event_types"),
                               QStringLiteral("items"), QStringLiteral("data")};
        bool found = false;
        for (const QString &key : keys) {
            if (object.value(key).isArray()) {
                array = object.value(key).toArray();
                found = true;
                break;
            }
        }
        if (!found) {
            *ok = false;
            return {};
        }
    }
    QStringList types;
    for (const QJsonValue &value : std::as_const(array)) {
        if (value.isString()) {
            types << value.toString();
            continue;
        }
        const QJsonObject object = value.toObject();
        for (const QString &key : {QStringLiteral("type"), QStringLiteral("name"), QStringLiteral("id")}) {
            if (object.value(key).isString()) {
                types << object.value(key).toString();
                break;
            }
        }
    }
    return types;
}
} // namespace

ApiReply *Outreach2dayService::fetchWebhookEventTypes(const QObject *context, Callback<QStringList> callback)
{
    return run<QStringList>(
            ApiCall::get(QStringLiteral("/campaigns/webhooks/event-types")), std::nullopt, context,
            std::move(callback), [](const ApiResponse &response) -> Result<QStringList> {
                bool ok = false;
                const QStringList types = parseEventTypes(response.json, &ok);
                if (!ok)
                    return malformed(QStringLiteral("a list of webhook event types"), response.httpStatus,
                                     QStringLiteral("Check the base URL in Settings."));
                return types;
            });
}

// --- campaigns -------------------------------------------------------------------------------
ApiReply *Outreach2dayService::createCampaign(const QString &name, const QString &priority,
                                              const QObject *context, Callback<O2dCampaign> callback)
{
    const QString trimmed = name.trimmed();
    const QString level =
            priority.trimmed().isEmpty() ? QStringLiteral("MEDIUM") : priority.trimmed().toUpper();
    std::optional<ApiError> problem;
    if (trimmed.isEmpty())
        problem = invalidField(QStringLiteral("name"), tr("Give the campaign a name (name)."));
    else if (!O2dCampaign::priorities().contains(level))
        problem = invalidField(
                QStringLiteral("priority"),
                tr("The priority (priority) must be HIGH, MEDIUM or LOW; it is \"%1\".").arg(priority));
    const QJsonObject body{{QStringLiteral("name"), trimmed}, {QStringLiteral("priority"), level}};
    return run<O2dCampaign>(ApiCall::post(QStringLiteral("/campaigns"), body), problem, context,
                            std::move(callback), [](const ApiResponse &response) -> Result<O2dCampaign> {
                                const O2dCampaign campaign = O2dCampaign::fromJson(response.object());
                                if (campaign.id.isEmpty())
                                    return malformed(
                                            QStringLiteral("a campaign with its id"), response.httpStatus,
                                            QStringLiteral("The campaign may have been created: look for it "
                                                           "in Outreach2day before creating it again."));
                                return campaign;
                            });
}

// --- steps -----------------------------------------------------------------------------------
ApiReply *Outreach2dayService::addStep(const QString &campaignId, const O2dStep &step, const QObject *context,
                                       Callback<O2dStep> callback)
{
    const auto problem = firstProblem({idProblem(QStringLiteral("campaignId"), campaignId), step.problem()});
    return run<O2dStep>(
            ApiCall::post(QStringLiteral("/campaigns/%1/steps").arg(segment(campaignId)), step.toJson()),
            problem, context, std::move(callback),
            [campaignId](const ApiResponse &response) -> Result<O2dStep> {
                O2dStep added = O2dStep::fromJson(response.object());
                if (added.id.isEmpty())
                    return malformed(QStringLiteral("the new step with its id"), response.httpStatus,
                                     QStringLiteral("The step may have been added: list the steps "
                                                    "before adding it again."));
                if (added.campaignId.isEmpty())
                    added.campaignId = campaignId;
                return added;
            });
}

ApiReply *Outreach2dayService::listSteps(const QString &campaignId, const QObject *context,
                                         Callback<QList<O2dStep>> callback)
{
    return run<QList<O2dStep>>(
            ApiCall::get(QStringLiteral("/campaigns/%1/steps").arg(segment(campaignId))),
            idProblem(QStringLiteral("campaignId"), campaignId), context, std::move(callback),
            [](const ApiResponse &response) -> Result<QList<O2dStep>> {
                const auto values = listOf(response);
                if (!values)
                    return malformed(QStringLiteral("a list of steps"), response.httpStatus);
                QList<O2dStep> steps;
                for (const QJsonValue &value : *values)
                    steps.append(O2dStep::fromJson(value.toObject()));
                std::stable_sort(steps.begin(), steps.end(),
                                 [](const O2dStep &a, const O2dStep &b) { return a.order < b.order; });
                return steps;
            });
}

ApiReply *Outreach2dayService::updateStep(const QString &stepId, const O2dStepUpdate &update,
                                          const QObject *context, Callback<O2dStep> callback)
{
    const auto problem = firstProblem({idProblem(QStringLiteral("stepId"), stepId), update.problem()});
    const ApiCall call = anyAnswer(
            ApiCall::patch(QStringLiteral("/campaigns/steps/%1").arg(segment(stepId)), update.toJson()));
    return run<O2dStep>(call, problem, context, std::move(callback),
                        [stepId, update](const ApiResponse &response) -> Result<O2dStep> {
                            O2dStep step = O2dStep::fromJson(overlaid(update.toJson(), response));
                            if (step.id.isEmpty())
                                step.id = stepId;
                            return step;
                        });
}

ApiReply *Outreach2dayService::deleteStep(const QString &stepId, const QObject *context,
                                          Callback<Done> callback)
{
    return runDone(ApiCall::del(QStringLiteral("/campaigns/steps/%1").arg(segment(stepId))),
                   idProblem(QStringLiteral("stepId"), stepId), context, std::move(callback));
}

ApiReply *Outreach2dayService::previewStep(const O2dVariant &content, const QJsonObject &contact,
                                           const QObject *context, Callback<O2dPreview> callback)
{
    std::optional<ApiError> problem;
    if (content.subject.isEmpty() && content.bodyHtml.isEmpty() && content.bodyText.isEmpty())
        problem = invalidField(QStringLiteral("step"),
                               tr("There is nothing to preview (step): write a subject or a body first."));
    QJsonObject step = content.toJson();
    step.remove(QStringLiteral("weight"));
    if (content.subject.isEmpty())
        step.remove(QStringLiteral("subject"));
    const QJsonObject body{{QStringLiteral("step"), step}, {QStringLiteral("contact"), contact}};
    return run<O2dPreview>(ApiCall::post(QStringLiteral("/campaigns/steps/preview"), body), problem, context,
                           std::move(callback), [](const ApiResponse &response) -> Result<O2dPreview> {
                               if (!response.json.isObject())
                                   return malformed(QStringLiteral("a rendered preview"),
                                                    response.httpStatus);
                               return O2dPreview::fromJson(response.object());
                           });
}

// --- contacts --------------------------------------------------------------------------------
namespace {
std::optional<ApiError> uploadProblem(const QString &multipartFile, const QByteArray &boundary,
                                      const QString &idempotencyKey)
{
    if (multipartFile.isEmpty())
        return invalidField(QStringLiteral("file"),
                            tr("No contacts file was prepared for the upload (file)."));
    if (boundary.isEmpty())
        return invalidField(
                QStringLiteral("boundary"),
                tr("The upload has no multipart boundary (boundary), so Outreach2day could not read it."));
    // H9: an import is only safe to send (and to retry) under its one key.
    if (idempotencyKey.trimmed().isEmpty())
        return invalidField(QStringLiteral("Idempotency-Key"),
                            tr("The import has no Idempotency-Key, which keeps a re-run from adding the "
                               "contacts twice; it was not sent."));
    return std::nullopt;
}

ApiCall upload(const QString &path, const QString &multipartFile, const QByteArray &boundary,
               const QString &idempotencyKey)
{
    ApiCall call;
    call.method = "POST";
    call.path = path;
    call.bodyFile = multipartFile;
    call.contentType = "multipart/form-data; boundary=" + boundary;
    call.withHeader("Idempotency-Key", idempotencyKey.trimmed().toUtf8());
    // The transfer timeout counts silence, not duration; the vendor may read the whole file
    // before it answers.
    call.withTimeout(120'000);
    return call;
}
} // namespace

ApiReply *Outreach2dayService::importContactsDirect(const QString &campaignId, const QString &multipartFile,
                                                    const QByteArray &boundary, const QString &idempotencyKey,
                                                    const QObject *context,
                                                    Callback<O2dImportResult> callback)
{
    const auto problem = firstProblem({idProblem(QStringLiteral("campaignId"), campaignId),
                                       uploadProblem(multipartFile, boundary, idempotencyKey)});
    return run<O2dImportResult>(
            upload(QStringLiteral("/campaigns/%1/contacts/import").arg(segment(campaignId)), multipartFile,
                   boundary, idempotencyKey),
            problem, context, std::move(callback),
            [](const ApiResponse &response) -> Result<O2dImportResult> {
                if (!response.json.isObject())
                    return malformed(QStringLiteral("an import summary"), response.httpStatus,
                                     QStringLiteral("The contacts may have been imported: importing the same "
                                                    "file again reuses its key and adds nothing twice."));
                return O2dImportResult::fromJson(response.object());
            });
}

ApiReply *Outreach2dayService::startStagedImport(const QString &multipartFile, const QByteArray &boundary,
                                                 const QString &idempotencyKey, const QObject *context,
                                                 Callback<O2dImportStatus> callback)
{
    return run<O2dImportStatus>(
            upload(QStringLiteral("/imports"), multipartFile, boundary, idempotencyKey),
            uploadProblem(multipartFile, boundary, idempotencyKey), context, std::move(callback),
            [](const ApiResponse &response) -> Result<O2dImportStatus> {
                const O2dImportStatus status = O2dImportStatus::fromJson(response.object());
                if (status.importId.isEmpty())
                    return malformed(QStringLiteral("an import id"), response.httpStatus,
                                     QStringLiteral("The file may have been received: importing it again "
                                                    "reuses its key and adds nothing twice."));
                return status;
            });
}

ApiReply *Outreach2dayService::fetchMappingPreview(const QString &importId, const QObject *context,
                                                   Callback<O2dMappingPreview> callback)
{
    return run<O2dMappingPreview>(
            ApiCall::get(QStringLiteral("/imports/%1/mapping-preview").arg(segment(importId))),
            idProblem(QStringLiteral("importId"), importId), context, std::move(callback),
            [](const ApiResponse &response) -> Result<O2dMappingPreview> {
                const QJsonObject object = response.object();
                if (!object.value(QLatin1String("columns")).isArray())
                    return malformed(QStringLiteral("a mapping preview (the file's columns)"),
                                     response.httpStatus);
                return O2dMappingPreview::fromJson(object);
            });
}

ApiReply *Outreach2dayService::confirmMapping(const QString &importId, const QMap<QString, QString> &mapping,
                                              const QObject *context, Callback<O2dImportStatus> callback)
{
    std::optional<ApiError> problem = idProblem(QStringLiteral("importId"), importId);
    QJsonObject fields;
    for (auto it = mapping.begin(); it != mapping.end(); ++it) {
        if (!it.value().trimmed().isEmpty())
            fields.insert(it.key(), it.value().trimmed());
    }
    if (!problem && !std::any_of(fields.begin(), fields.end(), [](const QJsonValue &field) {
            return field.toString() == QLatin1String("email");
        }))
        problem = invalidField(QStringLiteral("mapping"),
                               tr("The mapping (mapping) maps no column to the contact's email: pick the "
                                  "column that holds the email addresses."));
    const ApiCall call =
            anyAnswer(ApiCall::post(QStringLiteral("/imports/%1/mapping-confirm").arg(segment(importId)),
                                    QJsonObject{{QStringLiteral("mapping"), fields}}));
    return run<O2dImportStatus>(call, problem, context, std::move(callback),
                                [importId](const ApiResponse &response) -> Result<O2dImportStatus> {
                                    // The answer is not documented: the import's status when given.
                                    O2dImportStatus status = O2dImportStatus::fromJson(
                                            objectOf(response, true).value_or(QJsonObject()));
                                    if (status.importId.isEmpty())
                                        status.importId = importId;
                                    if (status.status.isEmpty())
                                        status.status = QStringLiteral("processing");
                                    return status;
                                });
}

ApiReply *Outreach2dayService::fetchImportStatus(const QString &importId, const QObject *context,
                                                 Callback<O2dImportStatus> callback)
{
    return run<O2dImportStatus>(ApiCall::get(QStringLiteral("/imports/%1/status").arg(segment(importId))),
                                idProblem(QStringLiteral("importId"), importId), context, std::move(callback),
                                [importId](const ApiResponse &response) -> Result<O2dImportStatus> {
                                    O2dImportStatus status = O2dImportStatus::fromJson(response.object());
                                    if (status.status.isEmpty())
                                        return malformed(QStringLiteral("an import status"),
                                                         response.httpStatus);
                                    if (status.importId.isEmpty())
                                        status.importId = importId;
                                    return status;
                                });
}

CursorPager *Outreach2dayService::contactsPager(const QString &campaignId, QObject *parent)
{
    return pager(QStringLiteral("/campaigns/%1/contacts").arg(segment(campaignId)), {},
                 idProblem(QStringLiteral("campaignId"), campaignId), idKey, tr("the campaign's contacts"),
                 parent);
}

// --- mailboxes -------------------------------------------------------------------------------
ApiReply *Outreach2dayService::attachMailbox(const QString &campaignId, const O2dMailbox &mailbox,
                                             const QObject *context, Callback<O2dMailbox> callback)
{
    const auto problem =
            firstProblem({idProblem(QStringLiteral("campaignId"), campaignId), mailbox.problem(true)});
    return run<O2dMailbox>(
            ApiCall::post(QStringLiteral("/campaigns/%1/mailboxes").arg(segment(campaignId)),
                          mailbox.toJson()),
            problem, context, std::move(callback),
            [campaignId, mailbox](const ApiResponse &response) -> Result<O2dMailbox> {
                O2dMailbox attached = O2dMailbox::fromJson(response.object());
                if (attached.id.isEmpty())
                    return malformed(QStringLiteral("the attached mailbox with its id"), response.httpStatus,
                                     QStringLiteral("The mailbox may be attached: list the mailboxes before "
                                                    "attaching it again."));
                // The documented answer leaves the address out: keep the one sent.
                if (attached.mailboxAddress.isEmpty())
                    attached.mailboxAddress = mailbox.mailboxAddress.trimmed();
                if (attached.campaignId.isEmpty())
                    attached.campaignId = campaignId;
                return attached;
            });
}

ApiReply *Outreach2dayService::listMailboxes(const QString &campaignId, const QObject *context,
                                             Callback<QList<O2dMailbox>> callback)
{
    return run<QList<O2dMailbox>>(
            ApiCall::get(QStringLiteral("/campaigns/%1/mailboxes").arg(segment(campaignId))),
            idProblem(QStringLiteral("campaignId"), campaignId), context, std::move(callback),
            [](const ApiResponse &response) -> Result<QList<O2dMailbox>> {
                const auto values = listOf(response);
                if (!values)
                    return malformed(QStringLiteral("a list of mailboxes"), response.httpStatus);
                QList<O2dMailbox> mailboxes;
                for (const QJsonValue &value : *values)
                    mailboxes.append(O2dMailbox::fromJson(value.toObject()));
                return mailboxes;
            });
}

ApiReply *Outreach2dayService::updateMailbox(const QString &campaignId, const QString &campaignMailboxId,
                                             const O2dMailbox &changes, const QObject *context,
                                             Callback<O2dMailbox> callback)
{
    // The address names the mailbox; the document's PATCH changes limits and gaps only.
    QJsonObject body = changes.toJson();
    body.remove(QStringLiteral("mailboxAddress"));
    std::optional<ApiError> problem = firstProblem(
            {idProblem(QStringLiteral("campaignId"), campaignId),
             idProblem(QStringLiteral("campaignMailboxId"), campaignMailboxId), changes.problem(false)});
    if (!problem && body.isEmpty())
        problem = invalidField(QString(),
                               tr("The mailbox update changes nothing: set a limit, weight or gap."));
    const ApiCall call = anyAnswer(ApiCall::patch(
            QStringLiteral("/campaigns/%1/mailboxes/%2").arg(segment(campaignId), segment(campaignMailboxId)),
            body));
    return run<O2dMailbox>(
            call, problem, context, std::move(callback),
            [campaignId, campaignMailboxId, body](const ApiResponse &response) -> Result<O2dMailbox> {
                O2dMailbox mailbox = O2dMailbox::fromJson(overlaid(body, response));
                if (mailbox.id.isEmpty())
                    mailbox.id = campaignMailboxId;
                if (mailbox.campaignId.isEmpty())
                    mailbox.campaignId = campaignId;
                return mailbox;
            });
}

// --- schedule, stop rules, preflight ---------------------------------------------------------
ApiReply *Outreach2dayService::setSchedule(const QString &campaignId, const O2dSchedule &schedule,
                                           const QObject *context, Callback<Done> callback)
{
    return runDone(ApiCall::put(QStringLiteral("/campaigns/%1/schedule").arg(segment(campaignId)),
                                schedule.toJson()),
                   firstProblem({idProblem(QStringLiteral("campaignId"), campaignId), schedule.problem()}),
                   context, std::move(callback));
}

ApiReply *Outreach2dayService::setStopRules(const QString &campaignId, const O2dStopRules &rules,
                                            const QObject *context, Callback<Done> callback)
{
    return runDone(
            ApiCall::put(QStringLiteral("/campaigns/%1/stop-rules").arg(segment(campaignId)), rules.toJson()),
            idProblem(QStringLiteral("campaignId"), campaignId), context, std::move(callback));
}

namespace {
Result<O2dPreflight> readPreflight(const ApiResponse &response)
{
    const QJsonObject object = response.object();
    if (!object.value(QLatin1String("checks")).isArray() &&
        !object.value(QLatin1String("blockingFailures")).isArray())
        return malformed(QStringLiteral("preflight checks"), response.httpStatus);
    return O2dPreflight::fromJson(object);
}
} // namespace

ApiReply *Outreach2dayService::preflight(const QString &campaignId, const QObject *context,
                                         Callback<O2dPreflight> callback)
{
    return run<O2dPreflight>(ApiCall::get(QStringLiteral("/campaigns/%1/preflight").arg(segment(campaignId))),
                             idProblem(QStringLiteral("campaignId"), campaignId), context,
                             std::move(callback), readPreflight);
}

ApiReply *Outreach2dayService::mailboxPreflight(const QString &campaignId, const QObject *context,
                                                Callback<O2dPreflight> callback)
{
    return run<O2dPreflight>(
            ApiCall::get(QStringLiteral("/campaigns/%1/mailbox-preflight").arg(segment(campaignId))),
            idProblem(QStringLiteral("campaignId"), campaignId), context, std::move(callback), readPreflight);
}

// --- launch and lifecycle --------------------------------------------------------------------
ApiReply *Outreach2dayService::launch(const QString &campaignId, const O2dLaunchOptions &options,
                                      const QString &clearanceId, const QObject *context,
                                      Callback<O2dLaunchJob> callback)
{
    // The console's choice, kept here only: `limit` and `async` go in the query string.
    QUrlQuery query;
    if (options.limit)
        query.addQueryItem(QStringLiteral("limit"), QString::number(*options.limit));
    query.addQueryItem(QStringLiteral("async"),
                       options.async ? QStringLiteral("true") : QStringLiteral("false"));
    ApiCall call = ApiCall::post(QStringLiteral("/campaigns/%1/launch").arg(segment(campaignId)), {}, query);
    call.contactingWith(clearanceId, QStringLiteral("jobId"));
    return run<O2dLaunchJob>(
            call, firstProblem({idProblem(QStringLiteral("campaignId"), campaignId), options.problem()}),
            context, std::move(callback), [campaignId](const ApiResponse &response) -> Result<O2dLaunchJob> {
                O2dLaunchJob job = O2dLaunchJob::fromJson(response.object());
                if (job.status.isEmpty() && job.jobId.isEmpty())
                    return malformed(QStringLiteral("a launch status"), response.httpStatus,
                                     QStringLiteral("The campaign may have been launched: check its stats in "
                                                    "Outreach2day before launching again."));
                if (job.campaignId.isEmpty())
                    job.campaignId = campaignId;
                return job;
            });
}

ApiReply *Outreach2dayService::fetchLaunchJob(const QString &campaignId, const QString &jobId,
                                              const QObject *context, Callback<O2dLaunchJob> callback)
{
    return run<O2dLaunchJob>(
            ApiCall::get(
                    QStringLiteral("/campaigns/%1/launch-jobs/%2").arg(segment(campaignId), segment(jobId))),
            firstProblem({idProblem(QStringLiteral("campaignId"), campaignId),
                          idProblem(QStringLiteral("jobId"), jobId)}),
            context, std::move(callback),
            [campaignId, jobId](const ApiResponse &response) -> Result<O2dLaunchJob> {
                O2dLaunchJob job = O2dLaunchJob::fromJson(response.object());
                if (job.status.isEmpty())
                    return malformed(QStringLiteral("a launch job status"), response.httpStatus);
                if (job.jobId.isEmpty())
                    job.jobId = jobId;
                if (job.campaignId.isEmpty())
                    job.campaignId = campaignId;
                return job;
            });
}

ApiReply *Outreach2dayService::pause(const QString &campaignId, const QObject *context,
                                     Callback<Done> callback)
{
    return runDone(ApiCall::post(QStringLiteral("/campaigns/%1/lifecycle").arg(segment(campaignId)),
                                 QJsonObject{{QStringLiteral("action"), QStringLiteral("pause")}}),
                   idProblem(QStringLiteral("campaignId"), campaignId), context, std::move(callback));
}

ApiReply *Outreach2dayService::resume(const QString &campaignId, const QString &clearanceId,
                                      const QObject *context, Callback<Done> callback)
{
    ApiCall call = ApiCall::post(QStringLiteral("/campaigns/%1/lifecycle").arg(segment(campaignId)),
                                 QJsonObject{{QStringLiteral("action"), QStringLiteral("resume")}});
    call.contactingWith(clearanceId, QStringLiteral("campaignId"));
    return runDone(call, idProblem(QStringLiteral("campaignId"), campaignId), context, std::move(callback));
}

// --- stats and suppressions ------------------------------------------------------------------
ApiReply *Outreach2dayService::fetchStats(const QString &campaignId, const QObject *context,
                                          Callback<O2dStats> callback)
{
    return run<O2dStats>(ApiCall::get(QStringLiteral("/campaigns/%1/stats").arg(segment(campaignId))),
                         idProblem(QStringLiteral("campaignId"), campaignId), context, std::move(callback),
                         [](const ApiResponse &response) -> Result<O2dStats> {
                             if (!response.json.isObject())
                                 return malformed(QStringLiteral("campaign statistics"), response.httpStatus);
                             return O2dStats::fromJson(response.object());
                         });
}

ApiReply *Outreach2dayService::addSuppressions(const QStringList &emails, const QString &reason,
                                               const QObject *context, Callback<Done> callback)
{
    std::optional<ApiError> problem;
    QJsonArray addresses;
    for (qsizetype i = 0; i < emails.size(); ++i) {
        const QString email = emails.at(i).trimmed();
        if (!problem)
            problem = emailProblem(QStringLiteral("emails[%1]").arg(i), email);
        addresses.append(email);
    }
    if (!problem && addresses.isEmpty())
        problem = invalidField(QStringLiteral("emails"),
                               tr("Name at least one email address to suppress (emails)."));
    const QJsonObject body{
            {QStringLiteral("emails"), addresses},
            {QStringLiteral("reason"),
             reason.trimmed().isEmpty() ? QStringLiteral("manual_suppression") : reason.trimmed()}};
    // Adding an address that is already suppressed changes nothing: the call is idempotent, but
    // without a documented key it is sent once, like every POST.
    return runDone(ApiCall::post(QStringLiteral("/campaigns/suppressions"), body), problem, context,
                   std::move(callback));
}

// =============================================================================================
// Issue #11: watching, reading and steering a running campaign.
namespace {

// A reply intent or similar filter word: lower-case letters, digits and _ (the document's
// "interested", "not_interested"), so nothing else rides along in the query.
std::optional<ApiError> wordProblem(const QString &field, const QString &word)
{
    static const QRegularExpression wordShape(QStringLiteral("^[a-z0-9_]+$"));
    if (!wordShape.match(word).hasMatch())
        return invalidField(field,
                            tr("\"%1\" (%2) is not a word Outreach2day knows here (lower-case "
                               "letters, digits and _ only, e.g. interested).")
                                    .arg(word, field));
    return std::nullopt;
}

// What the answer holds about a subscription, wrapped or not; empty for an empty body.
QJsonObject subscriptionAnswer(const ApiResponse &response)
{
    return objectOf(response, true).value_or(QJsonObject());
}

// A secret the console holds right now: replaced in every log line from here on (Redaction's
// shape net already catches whsec_…; a secret of another shape is caught by this one).
void keepOutOfLogs(const QString &secret)
{
    if (!secret.isEmpty())
        Redaction::registerSecret(secret.toUtf8());
}

// Content-Disposition's filename, without any directory part (never trusted as a path).
QString dispositionFileName(const QByteArray &disposition)
{
    static const QRegularExpression name(QStringLiteral("filename\\*?=\\s*(?:UTF-8'[^']*')?\"?([^\";]+)\"?"),
                                         QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = name.match(QString::fromUtf8(disposition));
    if (!match.hasMatch())
        return {};
    QString file = QUrl::fromPercentEncoding(match.captured(1).trimmed().toUtf8());
    file = file.section(QLatin1Char('/'), -1).section(QLatin1Char('\\'), -1);
    return file == QLatin1String(".") || file == QLatin1String("..") ? QString() : file;
}

} // namespace

QString O2dSummaryExport::suffix() const
{
    const QString type = QString::fromLatin1(contentType).section(QLatin1Char(';'), 0, 0).trimmed().toLower();
    if (type.contains(QLatin1String("csv")))
        return QStringLiteral("csv");
    if (type.contains(QLatin1String("json")))
        return QStringLiteral("json");
    if (type == QLatin1String("application/pdf"))
        return QStringLiteral("pdf");
    if (type.contains(QLatin1String("spreadsheetml")))
        return QStringLiteral("xlsx");
    if (type == QLatin1String("text/html"))
        return QStringLiteral("html");
    if (type.contains(QLatin1String("zip")))
        return QStringLiteral("zip");
    return QStringLiteral("txt");
}

// --- lists -----------------------------------------------------------------------------------
CursorPager *Outreach2dayService::sendsPager(const QString &campaignId, QObject *parent)
{
    return pager(QStringLiteral("/campaigns/%1/sends").arg(segment(campaignId)), {},
                 idProblem(QStringLiteral("campaignId"), campaignId), idKey, tr("the campaign's sends"),
                 parent);
}

CursorPager *Outreach2dayService::contactChangesPager(const QString &campaignId,
                                                      const QDateTime &updatedSince, QObject *parent)
{
    std::optional<ApiError> problem = idProblem(QStringLiteral("campaignId"), campaignId);
    if (!problem && !updatedSince.isValid())
        problem = invalidField(QStringLiteral("updatedSince"),
                               tr("Say since when the changes are wanted (updatedSince)."));
    QUrlQuery query;
    if (updatedSince.isValid()) {
        // Rounded down to the second: a vendor that reads whole seconds only then misses nothing.
        const QDateTime since = QDateTime::fromSecsSinceEpoch(updatedSince.toSecsSinceEpoch(), Qt::UTC);
        query.addQueryItem(QStringLiteral("updatedSince"), since.toString(Qt::ISODate));
    }
    return pager(
            QStringLiteral("/campaigns/%1/contacts/changes").arg(segment(campaignId)), query, problem,
            [](const QJsonObject &item) { return O2dContactChange::fromJson(item).key(); },
            tr("the campaign's contact changes"), parent);
}

CursorPager *Outreach2dayService::threadsPager(const QString &replyIntent, const QString &campaignId,
                                               QObject *parent)
{
    const QString intent = replyIntent.trimmed().toLower();
    QUrlQuery query;
    if (!intent.isEmpty())
        query.addQueryItem(QStringLiteral("replyIntent"), intent);
    if (!campaignId.isEmpty())
        query.addQueryItem(QStringLiteral("campaignId"), campaignId);
    const auto problem = firstProblem(
            {intent.isEmpty() ? std::nullopt : wordProblem(QStringLiteral("replyIntent"), intent),
             campaignId.isEmpty() ? std::nullopt : idProblem(QStringLiteral("campaignId"), campaignId)});
    // A thread without an id is told apart by its campaign, contact and latest message.
    const auto key = [](const QJsonObject &item) {
        const O2dThread thread = O2dThread::fromJson(item);
        if (!thread.id.isEmpty())
            return thread.id;
        if (thread.contactId.isEmpty() && thread.email.isEmpty())
            return QString();
        return QStringList{thread.campaignId, thread.contactId, thread.email,
                           QString::number(thread.latestAt().toMSecsSinceEpoch())}
                .join(QChar(0x1f));
    };
    return pager(QStringLiteral("/threads"), query, problem, key, tr("the reply threads"), parent);
}

CursorPager *Outreach2dayService::webhookEventsPager(QObject *parent)
{
    return pager(
            QStringLiteral("/campaigns/webhooks/events"), {}, std::nullopt,
            [](const QJsonObject &item) { return O2dWebhookEvent::fromJson(item).key(); },
            tr("the webhook events"), parent);
}

CursorPager *Outreach2dayService::deliveriesPager(const QString &subscriptionId, QObject *parent)
{
    return pager(
            QStringLiteral("/campaigns/webhooks/subscriptions/%1/deliveries").arg(segment(subscriptionId)),
            {}, idProblem(QStringLiteral("subscriptionId"), subscriptionId),
            [](const QJsonObject &item) { return O2dWebhookDelivery::fromJson(item).key(); },
            tr("the subscription's deliveries"), parent);
}

CursorPager *Outreach2dayService::suppressionsPager(QObject *parent)
{
    return pager(
            QStringLiteral("/campaigns/suppressions"), {}, std::nullopt,
            [](const QJsonObject &item) { return O2dSuppression::fromJson(item).email; },
            tr("the suppressed addresses"), parent);
}

// --- export ----------------------------------------------------------------------------------
ApiReply *Outreach2dayService::exportSummary(const QString &campaignId, const QObject *context,
                                             Callback<O2dSummaryExport> callback)
{
    ApiCall call = anyAnswer(ApiCall::get(QStringLiteral("/campaigns/%1/export").arg(segment(campaignId)),
                                          QUrlQuery{{QStringLiteral("kind"), QStringLiteral("summary")}}));
    // The vendor may build the summary before its first byte.
    call.withTimeout(120'000);
    return run<O2dSummaryExport>(
            call, idProblem(QStringLiteral("campaignId"), campaignId), context, std::move(callback),
            [](const ApiResponse &response) -> Result<O2dSummaryExport> {
                if (response.body.isEmpty())
                    return malformed(QStringLiteral("a summary export (the answer was "
                                                    "empty)"),
                                     response.httpStatus);
                O2dSummaryExport exported;
                exported.content = response.body;
                exported.contentType = response.header("Content-Type");
                exported.fileName = dispositionFileName(response.header("Content-Disposition"));
                return exported;
            });
}

// --- webhook subscriptions -------------------------------------------------------------------
ApiReply *Outreach2dayService::createSubscription(const O2dWebhookSubscription &subscription,
                                                  const QObject *context,
                                                  Callback<O2dWebhookSubscription> callback)
{
    keepOutOfLogs(subscription.secret);
    const QString sentSecret = subscription.secret;
    return run<O2dWebhookSubscription>(
            ApiCall::post(QStringLiteral("/campaigns/webhooks/subscriptions"), subscription.requestBody()),
            subscription.problem(), context, std::move(callback),
            [subscription](const ApiResponse &response) -> Result<O2dWebhookSubscription> {
                O2dWebhookSubscription created =
                        O2dWebhookSubscription::fromJson(subscriptionAnswer(response));
                if (created.id.isEmpty())
                    return malformed(QStringLiteral("the new subscription with its id"), response.httpStatus,
                                     QStringLiteral("The subscription may have been created: look for it in "
                                                    "Outreach2day before creating it again."));
                keepOutOfLogs(created.secret);
                // The answer may leave out what was sent: the request is what is in force.
                if (created.secret.isEmpty())
                    created.secret = subscription.secret;
                if (created.endpoint.isEmpty())
                    created.endpoint = subscription.endpoint.trimmed();
                if (created.eventTypes.isEmpty())
                    created.eventTypes = subscription.eventTypes;
                if (created.replyIntents.isEmpty())
                    created.replyIntents = subscription.replyIntents;
                if (created.campaignIds.isEmpty())
                    created.campaignIds = subscription.campaignIds;
                if (created.status.isEmpty())
                    created.status = QStringLiteral("active");
                return created;
            });
}

ApiReply *Outreach2dayService::updateSubscription(const QString &subscriptionId,
                                                  const O2dWebhookSubscription &subscription,
                                                  const QObject *context,
                                                  Callback<O2dWebhookSubscription> callback)
{
    QJsonObject body = subscription.requestBody();
    body.remove(QStringLiteral("secret"));
    // Sent in full: an empty filter list means "all", so it is sent as [] rather than left out
    // (left out, the vendor would keep the old filter).
    body.insert(QStringLiteral("replyIntents"), QJsonArray::fromStringList(subscription.replyIntents));
    body.insert(QStringLiteral("campaignIds"), QJsonArray::fromStringList(subscription.campaignIds));
    const ApiCall call = anyAnswer(ApiCall::patch(
            QStringLiteral("/campaigns/webhooks/subscriptions/%1").arg(segment(subscriptionId)), body));
    return run<O2dWebhookSubscription>(
            call,
            firstProblem(
                    {idProblem(QStringLiteral("subscriptionId"), subscriptionId), subscription.problem()}),
            context, std::move(callback),
            [subscriptionId, body](const ApiResponse &response) -> Result<O2dWebhookSubscription> {
                // What was sent, overlaid with whatever the answer says (wrapped or not).
                QJsonObject merged = body;
                QJsonObject answer = subscriptionAnswer(response);
                if (answer.value(QLatin1String("subscription")).isObject())
                    answer = answer.value(QLatin1String("subscription")).toObject();
                for (auto it = answer.begin(); it != answer.end(); ++it)
                    merged.insert(it.key(), it.value());
                O2dWebhookSubscription updated = O2dWebhookSubscription::fromJson(merged);
                keepOutOfLogs(updated.secret);
                if (updated.id.isEmpty())
                    updated.id = subscriptionId;
                return updated;
            });
}

ApiReply *Outreach2dayService::deleteSubscription(const QString &subscriptionId, const QObject *context,
                                                  Callback<Done> callback)
{
    return runDone(
            ApiCall::del(QStringLiteral("/campaigns/webhooks/subscriptions/%1").arg(segment(subscriptionId))),
            idProblem(QStringLiteral("subscriptionId"), subscriptionId), context, std::move(callback));
}

ApiReply *Outreach2dayService::testSubscription(const QString &subscriptionId, const QObject *context,
                                                Callback<QJsonObject> callback)
{
    const ApiCall call = anyAnswer(ApiCall::post(
            QStringLiteral("/campaigns/webhooks/subscriptions/%1/test").arg(segment(subscriptionId)), {}));
    return run<QJsonObject>(call, idProblem(QStringLiteral("subscriptionId"), subscriptionId), context,
                            std::move(callback), [](const ApiResponse &response) -> Result<QJsonObject> {
                                return objectOf(response, true).value_or(QJsonObject());
                            });
}

ApiReply *Outreach2dayService::subscriptionAction(const QString &subscriptionId, const QString &action,
                                                  const QString &status, const QObject *context,
                                                  Callback<O2dWebhookSubscription> callback)
{
    const ApiCall call = anyAnswer(ApiCall::post(
            QStringLiteral("/campaigns/webhooks/subscriptions/%1/%2").arg(segment(subscriptionId), action),
            {}));
    return run<O2dWebhookSubscription>(
            call, idProblem(QStringLiteral("subscriptionId"), subscriptionId), context, std::move(callback),
            [subscriptionId, status](const ApiResponse &response) -> Result<O2dWebhookSubscription> {
                // What the vendor says wins; an answer that says nothing means the action took.
                O2dWebhookSubscription subscription =
                        O2dWebhookSubscription::fromJson(subscriptionAnswer(response));
                keepOutOfLogs(subscription.secret);
                if (subscription.id.isEmpty())
                    subscription.id = subscriptionId;
                if (subscription.status.isEmpty())
                    subscription.status = status;
                return subscription;
            });
}

ApiReply *Outreach2dayService::pauseSubscription(const QString &subscriptionId, const QObject *context,
                                                 Callback<O2dWebhookSubscription> callback)
{
    return subscriptionAction(subscriptionId, QStringLiteral("pause"), QStringLiteral("paused"), context,
                              std::move(callback));
}

ApiReply *Outreach2dayService::resumeSubscription(const QString &subscriptionId, const QObject *context,
                                                  Callback<O2dWebhookSubscription> callback)
{
    return subscriptionAction(subscriptionId, QStringLiteral("resume"), QStringLiteral("active"), context,
                              std::move(callback));
}

ApiReply *Outreach2dayService::rotateSecret(const QString &subscriptionId, const QString &newSecret,
                                            const QObject *context, Callback<O2dWebhookSubscription> callback)
{
    const QString secret = newSecret.trimmed();
    keepOutOfLogs(secret);
    std::optional<ApiError> problem = idProblem(QStringLiteral("subscriptionId"), subscriptionId);
    if (!problem && newSecret != secret)
        problem = invalidField(QStringLiteral("secret"),
                               tr("The new secret (secret) starts or ends with a blank; it was not sent."));
    QJsonObject body;
    if (!secret.isEmpty())
        body.insert(QStringLiteral("secret"), secret);
    const ApiCall call = anyAnswer(ApiCall::post(
            QStringLiteral("/campaigns/webhooks/subscriptions/%1/rotate-secret").arg(segment(subscriptionId)),
            body));
    return run<O2dWebhookSubscription>(
            call, problem, context, std::move(callback),
            [subscriptionId, secret](const ApiResponse &response) -> Result<O2dWebhookSubscription> {
                O2dWebhookSubscription rotated =
                        O2dWebhookSubscription::fromJson(subscriptionAnswer(response));
                keepOutOfLogs(rotated.secret);
                if (rotated.secret.isEmpty())
                    rotated.secret = secret;
                if (rotated.secret.isEmpty())
                    return malformed(QStringLiteral("the new signing secret"), response.httpStatus,
                                     QStringLiteral("The secret may have been rotated all the same: rotate "
                                                    "again before relying on the old one."));
                if (rotated.id.isEmpty())
                    rotated.id = subscriptionId;
                return rotated;
            });
}

// --- suppressions ----------------------------------------------------------------------------
ApiReply *Outreach2dayService::suppressionStatus(const QString &email, const QObject *context,
                                                 Callback<O2dSuppressionStatus> callback)
{
    const QString address = email.trimmed();
    return run<O2dSuppressionStatus>(
            ApiCall::get(QStringLiteral("/campaigns/suppressions/status"),
                         QUrlQuery{{QStringLiteral("email"), address}}),
            emailProblem(QStringLiteral("email"), address), context, std::move(callback),
            [address](const ApiResponse &response) -> Result<O2dSuppressionStatus> {
                if (!response.json.isObject())
                    return malformed(QStringLiteral("a suppression status"), response.httpStatus);
                O2dSuppressionStatus status = O2dSuppressionStatus::fromJson(response.object());
                if (status.email.isEmpty())
                    status.email = address.toLower();
                return status;
            });
}

ApiReply *Outreach2dayService::deleteSuppression(const QString &email, const QObject *context,
                                                 Callback<Done> callback)
{
    const QString address = email.trimmed();
    return runDone(ApiCall::del(QStringLiteral("/campaigns/suppressions"),
                                QUrlQuery{{QStringLiteral("email"), address}}),
                   emailProblem(QStringLiteral("email"), address), context, std::move(callback));
}

// --- subsequences ----------------------------------------------------------------------------
ApiReply *Outreach2dayService::createSubsequence(const QString &campaignId, const O2dSubsequence &subsequence,
                                                 const QObject *context, Callback<O2dSubsequence> callback)
{
    QJsonObject body{{QStringLiteral("name"), subsequence.name.trimmed()},
                     {QStringLiteral("enrollmentMode"), subsequence.enrollmentMode}};
    return run<O2dSubsequence>(
            ApiCall::post(QStringLiteral("/campaigns/%1/subsequences").arg(segment(campaignId)), body),
            firstProblem({idProblem(QStringLiteral("campaignId"), campaignId), subsequence.problem()}),
            context, std::move(callback),
            [campaignId, body](const ApiResponse &response) -> Result<O2dSubsequence> {
                O2dSubsequence created = O2dSubsequence::fromJson(response.object());
                if (created.id.isEmpty())
                    return malformed(QStringLiteral("the new subsequence with its id"), response.httpStatus,
                                     QStringLiteral("The subsequence may have been created: look for it in "
                                                    "Outreach2day before creating it again."));
                if (created.campaignId.isEmpty())
                    created.campaignId = campaignId;
                if (created.name.isEmpty())
                    created.name = body.value(QLatin1String("name")).toString();
                return created;
            });
}

ApiReply *Outreach2dayService::setSubsequenceRouting(const QString &campaignId,
                                                     const O2dRoutingPolicy &policy, const QObject *context,
                                                     Callback<Done> callback)
{
    std::optional<ApiError> problem =
            firstProblem({idProblem(QStringLiteral("campaignId"), campaignId), policy.problem()});
    for (qsizetype i = 0; !problem && i < policy.rules.size(); ++i)
        problem =
                firstProblem({wordProblem(QStringLiteral("rules[%1].value").arg(i), policy.rules.at(i).value),
                              idProblem(QStringLiteral("rules[%1].subsequenceId").arg(i),
                                        policy.rules.at(i).subsequenceId)});
    return runDone(
            ApiCall::patch(QStringLiteral("/campaigns/%1/subsequence-routing").arg(segment(campaignId)),
                           policy.toJson()),
            problem, context, std::move(callback));
}
