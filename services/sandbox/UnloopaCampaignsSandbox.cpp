#include "UnloopaCampaignsSandbox.h"

#include "UnloopaCallsSandbox.h"
#include "UnloopaSandbox.h"
#include "UnloopaSandboxReplies.h"
#include "UnloopaVoiceSandbox.h"

#include <QJsonArray>

using namespace UnloopaReplies;

namespace {

const QString kDraft = QStringLiteral("draft");
const QString kActive = QStringLiteral("active");
const QString kPaused = QStringLiteral("paused");
const QString kCompleted = QStringLiteral("completed");

bool over(const QString &status)
{
    return status == QLatin1String("completed") || status == QLatin1String("failed") ||
            status == QLatin1String("cancelled");
}

} // namespace

UnloopaCampaignsSandbox::UnloopaCampaignsSandbox(UnloopaSandbox *account, const UnloopaVoiceSandbox *voice,
                                                 UnloopaCallsSandbox *calls, SandboxServer *server)
    : m_account(account), m_voice(voice), m_calls(calls), m_random(server->generator("unloopa.campaigns"))
{ }

void UnloopaCampaignsSandbox::addHandlers(QMap<UnloopaRoutes::Op, SandboxHandler> *handlers)
{
    using Op = UnloopaRoutes::Op;
    handlers->insert(Op::CampaignCreate, [this](const SandboxRequest &r) { return create(r); });
    handlers->insert(Op::Campaigns, [this](const SandboxRequest &r) { return list(r); });
    handlers->insert(Op::Campaign, [this](const SandboxRequest &r) { return detail(r); });
    handlers->insert(Op::CampaignUpdate, [this](const SandboxRequest &r) { return update(r); });
}

const UnloopaSimulatedCampaign *UnloopaCampaignsSandbox::campaign(const QString &id) const
{
    for (const UnloopaSimulatedCampaign &campaign : m_campaigns) {
        if (campaign.id == id)
            return &campaign;
    }
    return nullptr;
}

UnloopaSimulatedCampaign *UnloopaCampaignsSandbox::find(const QString &id)
{
    return const_cast<UnloopaSimulatedCampaign *>(campaign(id));
}

// ---------------------------------------------------------------------------------------------
// Calling on the clock

void UnloopaCampaignsSandbox::simulate()
{
    const QDateTime now = m_account->now();
    for (UnloopaSimulatedCampaign &campaign : m_campaigns) {
        if (campaign.status == kActive) {
            const qint64 gapMs = 3'600'000 / campaign.callsPerHour;
            QDateTime slot = campaign.nextSlot;
            while (slot.isValid() && slot <= now && campaign.canCallMore()) {
                const QDateTime opening = campaign.nextWindowOpening(slot);
                if (!opening.isValid() || opening > now) {
                    slot = opening.isValid() ? opening : now.addMSecs(1);
                    break;
                }
                if (opening > slot) {
                    slot = opening;
                    continue;
                }
                if (!m_account->spendVoiceCredits(1)) {
                    slot = now.addMSecs(gapMs); // out of credits: try again later
                    break;
                }
                callNext(campaign, slot);
                slot = slot.addMSecs(gapMs);
            }
            campaign.nextSlot = slot;
        }
        finishIfDone(campaign, now);
    }
}

QJsonObject UnloopaCampaignsSandbox::callNext(UnloopaSimulatedCampaign &campaign, const QDateTime &at)
{
    const UnloopaSimulatedCampaign::Lead &lead = campaign.leads.at(campaign.nextLead++);
    UnloopaSimulatedCall call;
    call.campaignId = campaign.id;
    call.leadId = lead.id;
    call.businessName = lead.businessName;
    call.city = lead.city;
    call.industry = lead.industry;
    call.websiteUrl = lead.websiteUrl;
    call.phoneNumber = lead.phone;
    call.agentName = campaign.voiceName.isEmpty() ? campaign.agentName : campaign.voiceName;
    call.firstMessage =
            UnloopaCallSimulation::fill(campaign.firstMessage,
                                        QJsonObject{{QStringLiteral("business_name"), lead.businessName},
                                                    {QStringLiteral("city"), lead.city},
                                                    {QStringLiteral("industry"), lead.industry},
                                                    {QStringLiteral("website_url"), lead.websiteUrl}});
    const int index = m_calls->place(call, at);
    campaign.calls.append(index);
    const UnloopaSimulatedCall &placed = m_calls->all().at(index);
    return QJsonObject{{QStringLiteral("id"), placed.id},
                       {QStringLiteral("business_name"), placed.businessName},
                       {QStringLiteral("conversation_id"), placed.conversationId}};
}

void UnloopaCampaignsSandbox::finishIfDone(UnloopaSimulatedCampaign &campaign, const QDateTime &now)
{
    if (campaign.status != kActive || campaign.canCallMore())
        return;
    QDateTime lastEnd = campaign.activatedAt;
    for (int index : std::as_const(campaign.calls)) {
        const UnloopaSimulatedCall &call = m_calls->all().at(index);
        if (!over(call.status(now)))
            return;
        lastEnd = qMax(lastEnd, call.cancelledAt.isValid() ? call.cancelledAt : call.completedAt());
    }
    campaign.status = kCompleted;
    campaign.updatedAt = qMin(now, lastEnd);
}

// ---------------------------------------------------------------------------------------------
// JSON

QJsonObject UnloopaCampaignsSandbox::stats(const UnloopaSimulatedCampaign &campaign) const
{
    const QDateTime now = m_account->now();
    QMap<QString, int> counts;
    int connectedSecs = 0;
    for (int index : campaign.calls) {
        const UnloopaSimulatedCall &call = m_calls->all().at(index);
        const QString status = call.status(now);
        if (status == QLatin1String("completed")) {
            ++counts[call.ending];
            if (call.ending == QLatin1String("interested") ||
                call.ending == QLatin1String("not_interested") || call.ending == QLatin1String("callback")) {
                ++counts[QStringLiteral("connected")];
                connectedSecs += call.durationSecs;
            }
        } else if (status == QLatin1String("failed") || status == QLatin1String("cancelled")) {
            ++counts[status];
        } else {
            ++counts[QStringLiteral("in_progress")];
        }
    }
    const int connected = counts.value(QStringLiteral("connected"));
    return QJsonObject{{QStringLiteral("total"), int(campaign.leads.size())},
                       {QStringLiteral("pending"), campaign.pendingLeads()},
                       {QStringLiteral("calls"), int(campaign.calls.size())},
                       {QStringLiteral("in_progress"), counts.value(QStringLiteral("in_progress"))},
                       {QStringLiteral("connected"), connected},
                       {QStringLiteral("interested"), counts.value(QStringLiteral("interested"))},
                       {QStringLiteral("not_interested"), counts.value(QStringLiteral("not_interested"))},
                       {QStringLiteral("callback"), counts.value(QStringLiteral("callback"))},
                       {QStringLiteral("voicemail"), counts.value(QStringLiteral("voicemail"))},
                       {QStringLiteral("no_answer"), counts.value(QStringLiteral("no_answer"))},
                       {QStringLiteral("failed"), counts.value(QStringLiteral("failed"))},
                       {QStringLiteral("cancelled"), counts.value(QStringLiteral("cancelled"))},
                       {QStringLiteral("avg_duration_secs"), connected > 0 ? connectedSecs / connected : 0}};
}

QJsonObject UnloopaCampaignsSandbox::detailJson(const UnloopaSimulatedCampaign &campaign) const
{
    QJsonObject json = campaign.settingsJson();
    json.insert(QStringLiteral("stats"), stats(campaign));
    return json;
}

// ---------------------------------------------------------------------------------------------
// Endpoints

std::optional<SandboxResponse>
UnloopaCampaignsSandbox::readAgentAndNumber(const QJsonObject &body, UnloopaSimulatedCampaign *campaign) const
{
    if (body.contains(QLatin1String("phone_number_id"))) {
        QString id;
        if (const auto refused = requireString(body, QStringLiteral("phone_number_id"), 100, &id))
            return refused;
        if (!m_voice->number(id))
            return notFound(QStringLiteral("Phone number"));
        campaign->phoneNumberId = id;
    }
    if (body.contains(QLatin1String("agent_id"))) {
        QString id;
        if (const auto refused = requireString(body, QStringLiteral("agent_id"), 100, &id))
            return refused;
        const UnloopaVoiceSandbox::Agent *agent = m_voice->agent(id);
        if (!agent)
            return notFound(QStringLiteral("Voice agent"));
        if (campaign->agentId != id && !campaign->script.isEmpty())
            ++campaign->scriptVersion;
        campaign->agentId = id;
        campaign->agentName = agent->name;
        campaign->voiceId = agent->voiceId;
        campaign->voiceName = agent->voiceName;
        campaign->script = agent->script;
        campaign->firstMessage = agent->firstMessage;
    }
    return std::nullopt;
}

std::optional<SandboxResponse> UnloopaCampaignsSandbox::readLeads(const QJsonObject &body,
                                                                  UnloopaSimulatedCampaign *campaign) const
{
    const QJsonValue ids = body.value(QLatin1String("lead_ids"));
    const QJsonValue filter = body.value(QLatin1String("lead_filter"));
    const bool hasIds = !ids.isUndefined() && !ids.isNull();
    const bool hasFilter = !filter.isUndefined() && !filter.isNull();
    if (hasIds == hasFilter)
        return invalid(QStringLiteral("Give either lead_ids or lead_filter"), QStringLiteral("lead_ids"));
    QList<QJsonObject> leads;
    if (hasIds) {
        if (!ids.isArray() || ids.toArray().isEmpty() || ids.toArray().size() > maxLeadIds)
            return invalid(QStringLiteral("lead_ids must be an array of 1 to %1 lead ids").arg(maxLeadIds),
                           QStringLiteral("lead_ids"));
        QSet<QString> seen;
        for (const QJsonValue &id : ids.toArray()) {
            if (!id.isString() || !isUuid(id.toString()))
                return invalid(QStringLiteral("lead_ids must contain lead UUIDs"),
                               QStringLiteral("lead_ids"));
            if (seen.contains(id.toString()))
                continue;
            seen.insert(id.toString());
            const QJsonObject lead = m_account->leadJson(id.toString());
            if (!lead.isEmpty())
                leads.append(lead);
        }
    } else {
        static const QStringList keys{QStringLiteral("city"),          QStringLiteral("industry"),
                                      QStringLiteral("has_email"),     QStringLiteral("has_website"),
                                      QStringLiteral("has_video"),     QStringLiteral("video_status"),
                                      QStringLiteral("min_rating"),    QStringLiteral("min_reviews"),
                                      QStringLiteral("job_id"),        QStringLiteral("search"),
                                      QStringLiteral("created_after"), QStringLiteral("created_before")};
        if (!filter.isObject())
            return invalid(QStringLiteral("lead_filter must be an object"), QStringLiteral("lead_filter"));
        QUrlQuery query;
        const QJsonObject object = filter.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!keys.contains(it.key()))
                return invalid(QStringLiteral("lead_filter.%1 is not a lead filter").arg(it.key()),
                               QStringLiteral("lead_filter.") + it.key());
            const QJsonValue value = it.value();
            query.addQueryItem(it.key(),
                               value.isBool() ? QString::fromLatin1(value.toBool() ? "true" : "false")
                                       : value.isDouble() ? QString::number(value.toDouble())
                                                          : value.toString());
        }
        query.addQueryItem(QStringLiteral("has_phone"), QStringLiteral("true"));
        leads = m_account->matchingLeads(query);
    }
    campaign->leadsCount = int(leads.size());
    for (const QJsonObject &lead : std::as_const(leads)) {
        const QString phone = lead.value(QLatin1String("phone")).toString();
        if (!isE164(phone))
            continue; // only leads with a number Unloopa can dial
        campaign->leads.append(
                UnloopaSimulatedCampaign::Lead{lead.value(QLatin1String("id")).toString(),
                                               lead.value(QLatin1String("business_name")).toString(), phone,
                                               lead.value(QLatin1String("city")).toString(),
                                               lead.value(QLatin1String("industry")).toString(),
                                               lead.value(QLatin1String("url")).toString()});
    }
    return std::nullopt;
}

SandboxResponse UnloopaCampaignsSandbox::create(const SandboxRequest &request)
{
    if (m_account->plan() != UnloopaSandbox::Plan::Pro)
        return planRequired(QStringLiteral("Voice campaigns"));
    QJsonObject body;
    if (const auto refused = readBody(request, &body))
        return *refused;
    UnloopaSimulatedCampaign campaign;
    QString name;
    if (const auto refused = requireString(body, QStringLiteral("name"), 200, &name))
        return *refused;
    if (!body.contains(QLatin1String("phone_number_id")))
        return invalid(QStringLiteral("phone_number_id is required"), QStringLiteral("phone_number_id"));
    const bool hasAgent = body.contains(QLatin1String("agent_id"));
    if (!hasAgent) {
        QString unused;
        if (const auto refused = requireString(body, QStringLiteral("voice_id"), 100, &unused))
            return invalid(QStringLiteral("Give agent_id, or voice_id and script"),
                           QStringLiteral("agent_id"));
        if (const auto refused = requireString(body, QStringLiteral("script"), 20000, &unused))
            return invalid(QStringLiteral("Give agent_id, or voice_id and script"), QStringLiteral("script"));
    }
    if (const auto refused = campaign.readSettings(body))
        return *refused;
    campaign.scriptVersion = 1;
    if (const auto refused = readLeads(body, &campaign))
        return *refused;
    if (const auto refused = readAgentAndNumber(body, &campaign))
        return *refused;
    if (hasAgent) {
        // Fields given beside the agent override its own.
        if (const auto refused = campaign.readSettings(body))
            return *refused;
        campaign.scriptVersion = 1;
    }
    if (m_account->voiceCredits() < 1)
        return insufficientCredits(m_account->voiceCredits(), 1);
    campaign.id = SandboxServer::randomUuid(m_random);
    campaign.createdAt = campaign.updatedAt = m_account->now();
    m_campaigns.append(campaign);
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("campaign"),
                         QJsonObject{{QStringLiteral("id"), campaign.id},
                                     {QStringLiteral("name"), campaign.name},
                                     {QStringLiteral("status"), campaign.status},
                                     {QStringLiteral("leads_count"), campaign.leadsCount},
                                     {QStringLiteral("callable_leads"), int(campaign.leads.size())},
                                     {QStringLiteral("created_at"), iso(campaign.createdAt)}}}});
}

SandboxResponse UnloopaCampaignsSandbox::list(const SandboxRequest &)
{
    if (m_account->plan() != UnloopaSandbox::Plan::Pro)
        return planRequired(QStringLiteral("Voice campaigns"));
    QJsonArray campaigns;
    for (qsizetype i = m_campaigns.size() - 1; i >= 0; --i) { // newest first
        const UnloopaSimulatedCampaign &campaign = m_campaigns.at(i);
        campaigns.append(QJsonObject{{QStringLiteral("id"), campaign.id},
                                     {QStringLiteral("name"), campaign.name},
                                     {QStringLiteral("status"), campaign.status},
                                     {QStringLiteral("stats"), stats(campaign)},
                                     {QStringLiteral("created_at"), iso(campaign.createdAt)},
                                     {QStringLiteral("updated_at"), iso(campaign.updatedAt)}});
    }
    return SandboxResponse::json(QJsonObject{{QStringLiteral("campaigns"), campaigns}});
}

SandboxResponse UnloopaCampaignsSandbox::detail(const SandboxRequest &request)
{
    if (m_account->plan() != UnloopaSandbox::Plan::Pro)
        return planRequired(QStringLiteral("Voice campaigns"));
    const UnloopaSimulatedCampaign *found = campaign(request.pathArgs.value(QStringLiteral("id")));
    if (!found)
        return notFound(QStringLiteral("Campaign"));
    return SandboxResponse::json(detailJson(*found));
}

SandboxResponse UnloopaCampaignsSandbox::update(const SandboxRequest &request)
{
    if (m_account->plan() != UnloopaSandbox::Plan::Pro)
        return planRequired(QStringLiteral("Voice campaigns"));
    UnloopaSimulatedCampaign *found = find(request.pathArgs.value(QStringLiteral("id")));
    if (!found)
        return notFound(QStringLiteral("Campaign"));
    QJsonObject body;
    if (const auto refused = readBody(request, &body))
        return *refused;
    const bool hasAction = body.contains(QLatin1String("action"));
    const bool hasUpdates = body.contains(QLatin1String("updates"));
    if (hasAction == hasUpdates)
        return invalid(QStringLiteral("Give either action or updates"), QStringLiteral("action"));
    if (hasUpdates) {
        if (!body.value(QLatin1String("updates")).isObject())
            return invalid(QStringLiteral("updates must be an object"), QStringLiteral("updates"));
        return applyUpdates(*found, body.value(QLatin1String("updates")).toObject());
    }
    return act(*found, body.value(QLatin1String("action")).toString(), body);
}

SandboxResponse UnloopaCampaignsSandbox::act(UnloopaSimulatedCampaign &campaign, const QString &action,
                                             const QJsonObject &body)
{
    const QDateTime now = m_account->now();
    if (action == QLatin1String("activate")) {
        if (campaign.status != kDraft && campaign.status != kPaused)
            return invalidState(QStringLiteral("Only a draft or paused campaign can be activated."),
                                campaign.status, {kDraft, kPaused});
        if (m_account->voiceCredits() < 1)
            return insufficientCredits(m_account->voiceCredits(), 1);
        campaign.status = kActive;
        if (!campaign.activatedAt.isValid())
            campaign.activatedAt = now;
        campaign.nextSlot = now;
    } else if (action == QLatin1String("pause")) {
        if (campaign.status != kActive)
            return invalidState(QStringLiteral("Only an active campaign can be paused."), campaign.status,
                                {kActive});
        campaign.status = kPaused;
    } else if (action == QLatin1String("cancel")) {
        if (campaign.status == kCompleted)
            return invalidState(QStringLiteral("The campaign is already completed."), campaign.status,
                                {kDraft, kActive, kPaused});
        campaign.status = kCompleted;
        campaign.cancelled = true;
        m_calls->cancelWaiting(campaign.id, now);
    } else if (action == QLatin1String("trigger")) {
        return trigger(campaign, body);
    } else {
        return invalid(QStringLiteral("action must be activate, pause, cancel or trigger"),
                       QStringLiteral("action"));
    }
    campaign.updatedAt = now;
    simulate(); // an activated campaign inside its window calls at once
    return SandboxResponse::json(detailJson(campaign));
}

SandboxResponse UnloopaCampaignsSandbox::trigger(UnloopaSimulatedCampaign &campaign, const QJsonObject &body)
{
    int limit = maxTrigger;
    if (body.contains(QLatin1String("limit"))) {
        const QJsonValue value = body.value(QLatin1String("limit"));
        if (!value.isDouble() || value.toDouble() != double(value.toInt()) || value.toInt() < 1 ||
            value.toInt() > maxTrigger)
            return invalid(QStringLiteral("limit must be an integer from 1 to %1").arg(maxTrigger),
                           QStringLiteral("limit"));
        limit = value.toInt();
    }
    if (campaign.status != kActive)
        return invalidState(QStringLiteral("Only an active campaign can be triggered."), campaign.status,
                            {kActive});
    int count = qMin(limit, campaign.pendingLeads());
    if (campaign.maxCalls > 0)
        count = qMin(count, qMax(0, campaign.maxCalls - int(campaign.calls.size())));
    if (count > 0 && m_account->voiceCredits() < count)
        return insufficientCredits(m_account->voiceCredits(), count);
    if (const auto refused = m_calls->admit(count))
        return *refused;
    m_account->spendVoiceCredits(count);
    const QDateTime now = m_account->now();
    QJsonArray calls;
    for (int i = 0; i < count; ++i)
        calls.append(callNext(campaign, now));
    campaign.updatedAt = now;
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("triggered"), count}, {QStringLiteral("calls"), calls}});
}

SandboxResponse UnloopaCampaignsSandbox::applyUpdates(UnloopaSimulatedCampaign &campaign,
                                                      const QJsonObject &updates)
{
    static const QStringList fields{QStringLiteral("name"),
                                    QStringLiteral("agent_id"),
                                    QStringLiteral("phone_number_id"),
                                    QStringLiteral("script"),
                                    QStringLiteral("first_message"),
                                    QStringLiteral("voice_id"),
                                    QStringLiteral("voice_name"),
                                    QStringLiteral("timezone"),
                                    QStringLiteral("calling_window_start"),
                                    QStringLiteral("calling_window_end"),
                                    QStringLiteral("calling_days"),
                                    QStringLiteral("calls_per_hour"),
                                    QStringLiteral("max_calls")};
    if (updates.isEmpty())
        return invalid(QStringLiteral("updates must name at least one field"), QStringLiteral("updates"));
    for (auto it = updates.begin(); it != updates.end(); ++it) {
        if (!fields.contains(it.key()))
            return invalid(QStringLiteral("updates.%1 cannot be changed").arg(it.key()),
                           QStringLiteral("updates.") + it.key());
    }
    if (campaign.status != kDraft && campaign.status != kPaused)
        return invalidState(
                QStringLiteral("Fields can only be changed while the campaign is a draft or paused."),
                campaign.status, {kDraft, kPaused});
    UnloopaSimulatedCampaign changed = campaign;
    if (const auto refused = readAgentAndNumber(updates, &changed))
        return *refused;
    if (const auto refused = changed.readSettings(updates))
        return *refused;
    changed.updatedAt = m_account->now();
    campaign = changed;
    return SandboxResponse::json(detailJson(campaign));
}
