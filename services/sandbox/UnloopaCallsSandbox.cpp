#include "UnloopaCallsSandbox.h"

#include "UnloopaSandbox.h"
#include "UnloopaSandboxReplies.h"
#include "UnloopaVoiceSandbox.h"

using namespace UnloopaReplies;

UnloopaCallsSandbox::UnloopaCallsSandbox(UnloopaSandbox *account, const UnloopaVoiceSandbox *voice,
                                         SandboxServer *server)
    : m_account(account), m_voice(voice), m_random(server->generator("unloopa.calls"))
{ }

void UnloopaCallsSandbox::addHandlers(QMap<UnloopaRoutes::Op, SandboxHandler> *handlers)
{
    using Op = UnloopaRoutes::Op;
    handlers->insert(Op::VoiceCall, [this](const SandboxRequest &r) { return call(r); });
    handlers->insert(Op::Calls, [this](const SandboxRequest &r) { return list(r); });
    handlers->insert(Op::Call, [this](const SandboxRequest &r) { return detail(r); });
}

int UnloopaCallsSandbox::place(UnloopaSimulatedCall call, const QDateTime &at)
{
    call.id = SandboxServer::randomUuid(m_random);
    call.conversationId =
            QStringLiteral("conv_") + SandboxServer::randomUuid(m_random).remove(QLatin1Char('-'));
    call.createdAt = at;
    UnloopaCallSimulation::decide(&call, m_random,
                                  m_nextEndings.isEmpty() ? QString() : m_nextEndings.takeFirst());
    m_calls.append(call);
    return int(m_calls.size()) - 1;
}

void UnloopaCallsSandbox::cancelWaiting(const QString &campaignId, const QDateTime &at)
{
    for (UnloopaSimulatedCall &call : m_calls) {
        if (call.campaignId == campaignId && !call.cancelledAt.isValid() && call.startedAt() > at)
            call.cancelledAt = at;
    }
}

std::optional<SandboxResponse> UnloopaCallsSandbox::admit(int calls)
{
    const QDateTime now = m_account->now();
    while (!m_recent.isEmpty() && m_recent.first().msecsTo(now) >= 60'000)
        m_recent.removeFirst();
    if (m_callsPerMinute > 0 && m_recent.size() + calls > m_callsPerMinute) {
        const qint64 wait = m_recent.isEmpty() ? 60'000 : 60'000 - m_recent.first().msecsTo(now);
        return rateLimited(QStringLiteral("Too many calls; at most %1 per minute.").arg(m_callsPerMinute),
                           wait);
    }
    for (int i = 0; i < calls; ++i)
        m_recent.append(now);
    return std::nullopt;
}

SandboxResponse UnloopaCallsSandbox::call(const SandboxRequest &request)
{
    if (m_account->plan() != UnloopaSandbox::Plan::Pro)
        return planRequired(QStringLiteral("Voice calling"));
    QJsonObject body;
    if (const auto refused = readBody(request, &body))
        return *refused;
    QString agentId;
    QString phone;
    if (const auto refused = requireString(body, QStringLiteral("agent_id"), 100, &agentId))
        return *refused;
    if (const auto refused = requireString(body, QStringLiteral("phone_number"), 16, &phone))
        return *refused;
    if (!isE164(phone))
        return invalid(QStringLiteral("phone_number must be in E.164 format, e.g. +13055551234"),
                       QStringLiteral("phone_number"));
    const QJsonValue variables = body.value(QLatin1String("dynamic_variables"));
    if (!variables.isUndefined() && !variables.isNull() && !variables.isObject())
        return invalid(QStringLiteral("dynamic_variables must be an object"),
                       QStringLiteral("dynamic_variables"));
    const UnloopaVoiceSandbox::Agent *agent = m_voice->agent(agentId);
    if (!agent)
        return notFound(QStringLiteral("Voice agent"));
    if (m_voice->numbers().isEmpty())
        return setupRequired(QStringLiteral("Buy a phone number before calling."),
                             QStringLiteral("phone_number"));
    if (m_account->voiceCredits() < 1)
        return insufficientCredits(m_account->voiceCredits(), 1);
    if (const auto refused = admit(1))
        return *refused;
    m_account->spendVoiceCredits(1);

    const QJsonObject values = variables.toObject();
    UnloopaSimulatedCall call;
    call.businessName = values.value(QLatin1String("business_name")).toString();
    call.city = values.value(QLatin1String("city")).toString();
    call.industry = values.value(QLatin1String("industry")).toString();
    call.websiteUrl = values.value(QLatin1String("website_url")).toString();
    call.phoneNumber = phone;
    call.agentName = agent->voiceName.isEmpty() ? agent->name : agent->voiceName;
    call.firstMessage = UnloopaCallSimulation::fill(agent->firstMessage, values);
    const UnloopaSimulatedCall &placed = m_calls.at(place(call, m_account->now()));
    return SandboxResponse::json(QJsonObject{{QStringLiteral("call_id"), placed.id},
                                             {QStringLiteral("conversation_id"), placed.conversationId},
                                             {QStringLiteral("status"), QStringLiteral("initiated")},
                                             {QStringLiteral("phone_number"), placed.phoneNumber}});
}

SandboxResponse UnloopaCallsSandbox::list(const SandboxRequest &request)
{
    if (m_account->plan() != UnloopaSandbox::Plan::Pro)
        return planRequired(QStringLiteral("Voice calling"));
    int limit = 0;
    int offset = 0;
    if (const auto refused = readPage(request, 50, &limit, &offset))
        return *refused;
    static const QStringList statuses{QStringLiteral("pending"),     QStringLiteral("queued"),
                                      QStringLiteral("in_progress"), QStringLiteral("completed"),
                                      QStringLiteral("failed"),      QStringLiteral("cancelled")};
    const QString status = request.queryValue(QStringLiteral("status")).trimmed();
    const QString outcome = request.queryValue(QStringLiteral("outcome")).trimmed();
    const QString campaign = request.queryValue(QStringLiteral("campaign_id")).trimmed();
    if (request.hasQuery(QStringLiteral("status")) && !statuses.contains(status))
        return invalid(QStringLiteral("status must be one of %1").arg(statuses.join(QStringLiteral(", "))),
                       QStringLiteral("status"));
    if (request.hasQuery(QStringLiteral("outcome")) && !UnloopaCallSimulation::outcomes().contains(outcome))
        return invalid(QStringLiteral("outcome must be one of %1")
                               .arg(UnloopaCallSimulation::outcomes().join(QStringLiteral(", "))),
                       QStringLiteral("outcome"));

    const QDateTime now = m_account->now();
    QJsonArray calls;
    int total = 0;
    for (qsizetype i = m_calls.size() - 1; i >= 0; --i) { // newest first
        const UnloopaSimulatedCall &call = m_calls.at(i);
        if (!campaign.isEmpty() && call.campaignId != campaign)
            continue;
        const QJsonObject json = call.json(now, false);
        if (!status.isEmpty() && json.value(QLatin1String("status")).toString() != status)
            continue;
        if (!outcome.isEmpty() && json.value(QLatin1String("outcome")).toString() != outcome)
            continue;
        if (total >= offset && total < offset + limit)
            calls.append(json);
        ++total;
    }
    return SandboxResponse::json(QJsonObject{{QStringLiteral("calls"), calls},
                                             {QStringLiteral("total"), total},
                                             {QStringLiteral("limit"), limit},
                                             {QStringLiteral("offset"), offset}});
}

SandboxResponse UnloopaCallsSandbox::detail(const SandboxRequest &request)
{
    if (m_account->plan() != UnloopaSandbox::Plan::Pro)
        return planRequired(QStringLiteral("Voice calling"));
    const QString id = request.pathArgs.value(QStringLiteral("id"));
    for (const UnloopaSimulatedCall &call : m_calls) {
        if (call.id == id)
            return SandboxResponse::json(call.json(m_account->now(), true));
    }
    return notFound(QStringLiteral("Call"));
}
