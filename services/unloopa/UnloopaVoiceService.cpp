#include "UnloopaVoiceService.h"

#include "UnloopaRequests.h"
#include "UnloopaRoutes.h"
#include "UnloopaService.h"

#include <QJsonArray>

using UnloopaRoutes::Op;
using namespace UnloopaRequests;

namespace {

// An object wrapped under `key` ({"number": {...}}), or the answer itself.
QJsonObject unwrap(const QJsonObject &answer, const char *key)
{
    const QJsonValue inner = answer.value(QLatin1String(key));
    return inner.isObject() ? inner.toObject() : answer;
}

std::optional<UnloopaVoiceAgent> readAgent(const QJsonObject &answer)
{
    UnloopaVoiceAgent agent = UnloopaVoiceAgent::fromJson(unwrap(answer, "agent"));
    if (agent.id.isEmpty())
        return std::nullopt;
    return agent;
}

std::function<void(const ApiResponse &)> doneReader(const std::function<void(const Result<Done> &)> &callback)
{
    return [callback](const ApiResponse &r) {
        if (r.ok())
            callback(Done());
        else
            callback(r.error);
    };
}

QString idProblem(const QString &id, const QString &what)
{
    return id.trimmed().isEmpty() ? QStringLiteral("Choose the %1.").arg(what) : QString();
}

} // namespace

UnloopaVoiceService::UnloopaVoiceService(UnloopaService *unloopa, QObject *parent)
    : QObject(parent), m_unloopa(unloopa)
{
    Q_ASSERT(unloopa);
}

// ---- Phone numbers -------------------------------------------------------------------------------
ApiReply *UnloopaVoiceService::fetchNumbers(const QObject *context, Callback<UnloopaPhoneNumbers> callback)
{
    return m_unloopa->send(
            callFor(Op::Numbers), context,
            reader<UnloopaPhoneNumbers>(callback, QStringLiteral("a list of phone numbers"),
                                        [](const QJsonObject &o) -> std::optional<UnloopaPhoneNumbers> {
                                            if (!o.value(QLatin1String("numbers")).isArray())
                                                return std::nullopt;
                                            return UnloopaPhoneNumbers::fromJson(o);
                                        }));
}

ApiReply *UnloopaVoiceService::searchNumbers(const UnloopaNumberSearch &search, const QObject *context,
                                             Callback<QList<UnloopaAvailableNumber>> callback)
{
    if (const QString problem = search.problem(); !problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    return m_unloopa->send(callFor(Op::NumberSearch, {}, search.toJson()), context,
                           reader<QList<UnloopaAvailableNumber>>(
                                   callback, QStringLiteral("a list of available numbers"),
                                   [](const QJsonObject &o) -> std::optional<QList<UnloopaAvailableNumber>> {
                                       if (!o.value(QLatin1String("numbers")).isArray())
                                           return std::nullopt;
                                       QList<UnloopaAvailableNumber> numbers;
                                       const QJsonArray array = o.value(QLatin1String("numbers")).toArray();
                                       for (const QJsonValue &value : array)
                                           numbers.append(UnloopaAvailableNumber::fromJson(value.toObject()));
                                       return numbers;
                                   }));
}

ApiReply *UnloopaVoiceService::buyNumber(const QString &e164, const QObject *context,
                                         Callback<UnloopaPhoneNumber> callback)
{
    UnloopaCallRequest asCall; // the same E.164 check a call's number gets
    asCall.agentId = QStringLiteral("-");
    asCall.phoneNumber = e164;
    if (const QString problem = asCall.problem(); !problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    const ApiCall call =
            callFor(Op::NumberBuy, {}, QJsonObject{{QStringLiteral("phone_number"), e164}}).spending();
    return m_unloopa->send(
            call, context,
            reader<UnloopaPhoneNumber>(
                    callback, QStringLiteral("the bought number"),
                    [](const QJsonObject &o) -> std::optional<UnloopaPhoneNumber> {
                        const UnloopaPhoneNumber number = UnloopaPhoneNumber::fromJson(unwrap(o, "number"));
                        if (number.id.isEmpty())
                            return std::nullopt;
                        return number;
                    },
                    QStringLiteral("The number may have been bought: check the list of numbers before buying "
                                   "again.")));
}

ApiReply *UnloopaVoiceService::releaseNumber(const QString &numberId, const QObject *context,
                                             Callback<Done> callback)
{
    if (const QString problem = idProblem(numberId, QStringLiteral("number to release"));
        !problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    return m_unloopa->send(callFor(Op::NumberRelease, numberId), context, doneReader(callback));
}

// ---- Voice agents --------------------------------------------------------------------------------
ApiReply *UnloopaVoiceService::fetchAgents(const QObject *context, Callback<UnloopaVoiceAgents> callback)
{
    return m_unloopa->send(
            callFor(Op::Agents), context,
            reader<UnloopaVoiceAgents>(callback, QStringLiteral("a list of voice agents"),
                                       [](const QJsonObject &o) -> std::optional<UnloopaVoiceAgents> {
                                           if (!o.value(QLatin1String("agents")).isArray())
                                               return std::nullopt;
                                           return UnloopaVoiceAgents::fromJson(o);
                                       }));
}

ApiReply *UnloopaVoiceService::createAgent(const UnloopaAgentFields &fields, const QObject *context,
                                           Callback<UnloopaVoiceAgent> callback)
{
    if (const QString problem = fields.createProblem(); !problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    return m_unloopa->send(callFor(Op::AgentCreate, {}, fields.toJson()), context,
                           reader<UnloopaVoiceAgent>(callback, QStringLiteral("the created agent"), readAgent,
                                                     changedAdvice()));
}

ApiReply *UnloopaVoiceService::updateAgent(const QString &agentId, const UnloopaAgentFields &fields,
                                           const QObject *context, Callback<UnloopaVoiceAgent> callback)
{
    QString problem = idProblem(agentId, QStringLiteral("agent to change"));
    if (problem.isEmpty())
        problem = fields.updateProblem();
    if (!problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    return m_unloopa->send(callFor(Op::AgentUpdate, agentId, fields.toJson()), context,
                           reader<UnloopaVoiceAgent>(callback, QStringLiteral("the changed agent"), readAgent,
                                                     changedAdvice()));
}

ApiReply *UnloopaVoiceService::deleteAgent(const QString &agentId, const QObject *context,
                                           Callback<Done> callback)
{
    if (const QString problem = idProblem(agentId, QStringLiteral("agent to delete")); !problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    return m_unloopa->send(callFor(Op::AgentDelete, agentId), context, doneReader(callback));
}

// ---- Calls ---------------------------------------------------------------------------------------
ApiReply *UnloopaVoiceService::placeCall(const UnloopaCallRequest &request, const QString &clearanceId,
                                         const QObject *context, Callback<UnloopaCallStarted> callback)
{
    if (const QString problem = request.problem(); !problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    const ApiCall call = callFor(Op::VoiceCall, {}, request.toJson())
                                 .contactingWith(clearanceId, QStringLiteral("call_id"));
    return m_unloopa->send(
            call, context,
            reader<UnloopaCallStarted>(
                    callback, QStringLiteral("a started call"),
                    [](const QJsonObject &o) -> std::optional<UnloopaCallStarted> {
                        const UnloopaCallStarted started = UnloopaCallStarted::fromJson(o);
                        if (started.callId.isEmpty())
                            return std::nullopt;
                        return started;
                    },
                    QStringLiteral("The call may have been placed: check the calls list before "
                                   "calling again.")));
}

ApiReply *UnloopaVoiceService::fetchCalls(const UnloopaCallFilter &filter, int limit, int offset,
                                          const QObject *context, Callback<UnloopaCallPage> callback)
{
    QString problem = filter.problem();
    if (limit < 1 || limit > maxCallsPageSize)
        problem = QStringLiteral("A page of calls holds 1 to %1 calls.").arg(maxCallsPageSize);
    if (!problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    return m_unloopa->fetchPage<UnloopaCall>(UnloopaRoutes::path(Op::Calls), filter.toQuery(), limit, offset,
                                             context, std::move(callback));
}

ApiReply *UnloopaVoiceService::fetchCall(const QString &callId, const QObject *context,
                                         Callback<UnloopaCall> callback)
{
    if (const QString problem = idProblem(callId, QStringLiteral("call")); !problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    return m_unloopa->send(callFor(Op::Call, callId), context,
                           reader<UnloopaCall>(callback, QStringLiteral("a call"),
                                               [](const QJsonObject &o) -> std::optional<UnloopaCall> {
                                                   const UnloopaCall call =
                                                           UnloopaCall::fromJson(unwrap(o, "call"));
                                                   if (call.id.isEmpty() || call.status.isEmpty())
                                                       return std::nullopt;
                                                   return call;
                                               }));
}

// ---- Voice campaigns -----------------------------------------------------------------------------
namespace {

std::optional<UnloopaCampaign> readCampaign(const QJsonObject &answer)
{
    const UnloopaCampaign campaign = UnloopaCampaign::fromJson(answer);
    if (campaign.id.isEmpty() || campaign.status.isEmpty())
        return std::nullopt;
    return campaign;
}

} // namespace

ApiReply *UnloopaVoiceService::fetchCampaigns(const QObject *context,
                                              Callback<QList<UnloopaCampaign>> callback)
{
    return m_unloopa->send(callFor(Op::Campaigns), context,
                           reader<QList<UnloopaCampaign>>(
                                   callback, QStringLiteral("a list of campaigns"),
                                   [](const QJsonObject &o) -> std::optional<QList<UnloopaCampaign>> {
                                       if (!o.value(QLatin1String("campaigns")).isArray())
                                           return std::nullopt;
                                       QList<UnloopaCampaign> campaigns;
                                       const QJsonArray array = o.value(QLatin1String("campaigns")).toArray();
                                       for (const QJsonValue &value : array)
                                           campaigns.append(UnloopaCampaign::fromJson(value.toObject()));
                                       return campaigns;
                                   }));
}

ApiReply *UnloopaVoiceService::createCampaign(const UnloopaCampaignFields &fields, const QObject *context,
                                              Callback<UnloopaCampaign> callback)
{
    if (const QString problem = fields.createProblem(); !problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    return m_unloopa->send(callFor(Op::CampaignCreate, {}, fields.toJson()), context,
                           reader<UnloopaCampaign>(callback, QStringLiteral("the created campaign"),
                                                   readCampaign, changedAdvice()));
}

ApiReply *UnloopaVoiceService::fetchCampaign(const QString &campaignId, const QObject *context,
                                             Callback<UnloopaCampaign> callback)
{
    if (const QString problem = idProblem(campaignId, QStringLiteral("campaign")); !problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    return m_unloopa->send(callFor(Op::Campaign, campaignId), context,
                           reader<UnloopaCampaign>(callback, QStringLiteral("a campaign"), readCampaign));
}

ApiReply *UnloopaVoiceService::updateCampaign(const QString &campaignId, const UnloopaCampaignFields &fields,
                                              const QObject *context, Callback<UnloopaCampaign> callback)
{
    QString problem = idProblem(campaignId, QStringLiteral("campaign to change"));
    if (problem.isEmpty())
        problem = fields.updateProblem();
    if (!problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    const QJsonObject body{{QStringLiteral("updates"), fields.toJson()}};
    return m_unloopa->send(callFor(Op::CampaignUpdate, campaignId, body), context,
                           reader<UnloopaCampaign>(callback, QStringLiteral("the changed campaign"),
                                                   readCampaign, changedAdvice()));
}

ApiReply *UnloopaVoiceService::activateCampaign(const QString &campaignId, const QString &clearanceId,
                                                const QObject *context, Callback<UnloopaCampaign> callback)
{
    return lifecycle(campaignId, UnloopaCampaignAction::Activate, clearanceId, context, std::move(callback));
}

ApiReply *UnloopaVoiceService::pauseCampaign(const QString &campaignId, const QObject *context,
                                             Callback<UnloopaCampaign> callback)
{
    return lifecycle(campaignId, UnloopaCampaignAction::Pause, {}, context, std::move(callback));
}

ApiReply *UnloopaVoiceService::cancelCampaign(const QString &campaignId, const QObject *context,
                                              Callback<UnloopaCampaign> callback)
{
    return lifecycle(campaignId, UnloopaCampaignAction::Cancel, {}, context, std::move(callback));
}

ApiReply *UnloopaVoiceService::lifecycle(const QString &campaignId, UnloopaCampaignAction action,
                                         const QString &clearanceId, const QObject *context,
                                         Callback<UnloopaCampaign> callback)
{
    if (const QString problem = idProblem(campaignId, QStringLiteral("campaign")); !problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    const QJsonObject body{{QStringLiteral("action"), unloopaCampaignActionName(action)}};
    ApiCall call = callFor(Op::CampaignUpdate, campaignId, body);
    if (action == UnloopaCampaignAction::Activate)
        call.contactingWith(clearanceId, QStringLiteral("id"));
    // The reference shows no answer for these actions: the campaign itself (or wrapped), or at
    // least its new status, is what is read.
    auto read = [campaignId](const QJsonObject &o) -> std::optional<UnloopaCampaign> {
        UnloopaCampaign campaign = UnloopaCampaign::fromJson(o);
        if (campaign.status.isEmpty())
            return std::nullopt;
        if (campaign.id.isEmpty())
            campaign.id = campaignId;
        return campaign;
    };
    return m_unloopa->send(call, context,
                           reader<UnloopaCampaign>(callback, QStringLiteral("the campaign's new state"), read,
                                                   changedAdvice()));
}

ApiReply *UnloopaVoiceService::triggerCampaign(const QString &campaignId, std::optional<int> limit,
                                               const QString &clearanceId, const QObject *context,
                                               Callback<UnloopaTriggerResult> callback)
{
    QString problem = idProblem(campaignId, QStringLiteral("campaign to trigger"));
    if (limit && (*limit < 1 || *limit > UnloopaTriggerResult::maxLimit))
        problem = QStringLiteral("A trigger starts 1 to %1 calls.").arg(UnloopaTriggerResult::maxLimit);
    if (!problem.isEmpty()) {
        refuseLater(context, callback, problem);
        return nullptr;
    }
    QJsonObject body{{QStringLiteral("action"), unloopaCampaignActionName(UnloopaCampaignAction::Trigger)}};
    if (limit)
        body.insert(QStringLiteral("limit"), *limit);
    const ApiCall call = callFor(Op::CampaignUpdate, campaignId, body).contactingWith(clearanceId, QString());
    return m_unloopa->send(call, context,
                           reader<UnloopaTriggerResult>(
                                   callback, QStringLiteral("the triggered calls"),
                                   [](const QJsonObject &o) -> std::optional<UnloopaTriggerResult> {
                                       if (!o.contains(QLatin1String("triggered")) &&
                                           !o.value(QLatin1String("calls")).isArray())
                                           return std::nullopt;
                                       return UnloopaTriggerResult::fromJson(o);
                                   },
                                   QStringLiteral("Calls may have been started: check the calls list before "
                                                  "triggering again.")));
}
