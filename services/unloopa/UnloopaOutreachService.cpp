#include "UnloopaOutreachService.h"

#include "UnloopaRequests.h"
#include "UnloopaRoutes.h"
#include "UnloopaService.h"

using UnloopaRoutes::Op;
using namespace UnloopaRequests;

namespace {

// A created or changed template comes back as itself or wrapped in {"template": {...}}.
std::optional<UnloopaTemplate> readTemplate(const QJsonObject &answer)
{
    const QJsonObject object = answer.value(QLatin1String("template")).isObject()
            ? answer.value(QLatin1String("template")).toObject()
            : answer;
    UnloopaTemplate t = UnloopaTemplate::fromJson(object);
    if (t.id.isEmpty())
        return std::nullopt;
    t.isCustom = true; // only custom templates are created or changed
    return t;
}

} // namespace

UnloopaOutreachService::UnloopaOutreachService(UnloopaService *unloopa, QObject *parent)
    : QObject(parent), m_unloopa(unloopa)
{
    Q_ASSERT(unloopa);
}

ApiReply *UnloopaOutreachService::fetchStatus(const QObject *context,
                                              Callback<UnloopaOutreachStatus> callback)
{
    return m_unloopa->send(
            callFor(Op::OutreachStatus), context,
            reader<UnloopaOutreachStatus>(callback, QStringLiteral("an outreach status"),
                                          [](const QJsonObject &o) -> std::optional<UnloopaOutreachStatus> {
                                              if (!o.value(QLatin1String("configured")).isBool())
                                                  return std::nullopt;
                                              return UnloopaOutreachStatus::fromJson(o);
                                          }));
}

ApiReply *UnloopaOutreachService::fetchTemplates(const QObject *context, Callback<UnloopaTemplates> callback)
{
    return m_unloopa->send(
            callFor(Op::Templates), context,
            reader<UnloopaTemplates>(callback, QStringLiteral("a list of templates"),
                                     [](const QJsonObject &o) -> std::optional<UnloopaTemplates> {
                                         if (!o.value(QLatin1String("templates")).isArray() &&
                                             !o.value(QLatin1String("custom_templates")).isArray())
                                             return std::nullopt;
                                         return UnloopaTemplates::fromJson(o);
                                     }));
}

ApiReply *UnloopaOutreachService::createTemplate(const UnloopaTemplateFields &fields, const QObject *context,
                                                 Callback<UnloopaTemplate> callback)
{
    if (const QString problem = fields.createProblem(); !problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    return m_unloopa->send(callFor(Op::TemplateCreate, {}, fields.toJson()), context,
                           reader<UnloopaTemplate>(callback, QStringLiteral("the created template"),
                                                   readTemplate, changedAdvice()));
}

ApiReply *UnloopaOutreachService::updateTemplate(const QString &templateId,
                                                 const UnloopaTemplateFields &fields, const QObject *context,
                                                 Callback<UnloopaTemplate> callback)
{
    QString problem = fields.updateProblem();
    if (templateId.trimmed().isEmpty())
        problem = QStringLiteral("Choose the template to change.");
    if (!problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    return m_unloopa->send(callFor(Op::TemplateUpdate, templateId, fields.toJson()), context,
                           reader<UnloopaTemplate>(callback, QStringLiteral("the changed template"),
                                                   readTemplate, changedAdvice()));
}

ApiReply *UnloopaOutreachService::deleteTemplate(const QString &templateId, const QObject *context,
                                                 Callback<Done> callback)
{
    if (templateId.trimmed().isEmpty()) {
        refuseLater(context, callback, QStringLiteral("Choose the template to delete."));
        return nullptr;
    }
    return m_unloopa->send(callFor(Op::TemplateDelete, templateId), context,
                           [callback](const ApiResponse &r) {
                               if (r.ok())
                                   callback(Done());
                               else
                                   callback(r.error);
                           });
}

ApiReply *UnloopaOutreachService::send(const UnloopaOutreachSendRequest &request, const QString &clearanceId,
                                       const QObject *context, Callback<UnloopaOutreachSendResult> callback)
{
    if (const QString problem = request.problem(); !problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    // The answer names no id for what was queued: the audit log keeps the counts' outcome only.
    const ApiCall call =
            callFor(Op::OutreachSend, {}, request.toJson()).contactingWith(clearanceId, QString());
    return m_unloopa->send(
            call, context,
            reader<UnloopaOutreachSendResult>(
                    callback, QStringLiteral("the send's results"),
                    [](const QJsonObject &o) -> std::optional<UnloopaOutreachSendResult> {
                        if (!o.contains(QLatin1String("emails_queued")))
                            return std::nullopt;
                        return UnloopaOutreachSendResult::fromJson(o);
                    },
                    QStringLiteral(
                            "The emails may have been queued: check the outreach status before sending "
                            "again.")));
}
