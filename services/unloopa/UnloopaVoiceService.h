#pragma once

#include "UnloopaVoiceTypes.h"
#include "core/Result.h"

#include <QObject>
#include <QPointer>

#include <functional>

class ApiReply;
class UnloopaService;

// Unloopa's voice operations (Pro plan; the Unloopa API reference: /phone-numbers, /voice/agents,
// /voice/call, /voice/calls, /voice/campaigns) as typed calls on UnloopaService's client, routed
// by UnloopaRoutes. Errors carry the same ways out as UnloopaService's (upgrade and credit
// purchase links, Retry-After). Callbacks run on `context`'s thread and are dropped if `context` is
// destroyed first. A request that is invalid before it is sent is refused locally (code
// invalid_input, no request), delivered through the callback like an answer.
//
// Never sent twice: buying a number and triggering a campaign spend money, a call and a
// campaign's activation or trigger contact people. Those are never retried automatically; the
// contacting ones go out only under a clearance the outbound guard issued (`clearanceId`).
class UnloopaVoiceService : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(const Result<T> &)>;

    static constexpr int maxCallsPageSize = 100; // documented `limit` maximum for /voice/calls

    explicit UnloopaVoiceService(UnloopaService *unloopa, QObject *parent = nullptr);

    // ---- Phone numbers ----
    // GET /phone-numbers: the numbers, count and limit (3).
    ApiReply *fetchNumbers(const QObject *context, Callback<UnloopaPhoneNumbers> callback);
    // POST /phone-numbers/search: available numbers in a 3-digit area code.
    ApiReply *searchNumbers(const UnloopaNumberSearch &search, const QObject *context,
                            Callback<QList<UnloopaAvailableNumber>> callback);
    // POST /phone-numbers/buy: $1/month. Spends money: never retried.
    ApiReply *buyNumber(const QString &e164, const QObject *context, Callback<UnloopaPhoneNumber> callback);
    // DELETE /phone-numbers/{id}.
    ApiReply *releaseNumber(const QString &numberId, const QObject *context, Callback<Done> callback);

    // ---- Voice agents ----
    // GET /voice/agents: the agents, count and limit (3).
    ApiReply *fetchAgents(const QObject *context, Callback<UnloopaVoiceAgents> callback);
    // POST /voice/agents: name, voice id and script required.
    ApiReply *createAgent(const UnloopaAgentFields &fields, const QObject *context,
                          Callback<UnloopaVoiceAgent> callback);
    // PATCH /voice/agents/{id}: only the fields set are sent.
    ApiReply *updateAgent(const QString &agentId, const UnloopaAgentFields &fields, const QObject *context,
                          Callback<UnloopaVoiceAgent> callback);
    // DELETE /voice/agents/{id}.
    ApiReply *deleteAgent(const QString &agentId, const QObject *context, Callback<Done> callback);

    // ---- Calls ----
    // POST /voice/call: one call, 1 credit. Contacts a person: only under `clearanceId`, once.
    ApiReply *placeCall(const UnloopaCallRequest &request, const QString &clearanceId, const QObject *context,
                        Callback<UnloopaCallStarted> callback);
    // GET /voice/calls?status&outcome&campaign_id&limit&offset, one page (limit ≤ 100). Every page:
    // UnloopaPagedFetch with What::Calls.
    ApiReply *fetchCalls(const UnloopaCallFilter &filter, int limit, int offset, const QObject *context,
                         Callback<UnloopaCallPage> callback);
    // GET /voice/calls/{id}: with transcript and analysis.
    ApiReply *fetchCall(const QString &callId, const QObject *context, Callback<UnloopaCall> callback);

    // ---- Voice campaigns ----
    // GET /voice/campaigns: every campaign with its stats.
    ApiReply *fetchCampaigns(const QObject *context, Callback<QList<UnloopaCampaign>> callback);
    // POST /voice/campaigns: a draft for the cleared `leadIds` (never a lead_filter).
    ApiReply *createCampaign(const UnloopaCampaignFields &fields, const QObject *context,
                             Callback<UnloopaCampaign> callback);
    // GET /voice/campaigns/{id}: config and stats (with pending).
    ApiReply *fetchCampaign(const QString &campaignId, const QObject *context,
                            Callback<UnloopaCampaign> callback);
    // PATCH /voice/campaigns/{id} {"updates": {...}}: draft or paused campaigns only.
    ApiReply *updateCampaign(const QString &campaignId, const UnloopaCampaignFields &fields,
                             const QObject *context, Callback<UnloopaCampaign> callback);
    // PATCH {"action": "activate"}: lets Unloopa dial the campaign's leads on its own, so it
    // contacts people: only under `clearanceId` (the guard cleared the campaign as its target), once.
    ApiReply *activateCampaign(const QString &campaignId, const QString &clearanceId, const QObject *context,
                               Callback<UnloopaCampaign> callback);
    // PATCH {"action": "pause"} / {"action": "cancel"}: stop calling; no clearance needed.
    ApiReply *pauseCampaign(const QString &campaignId, const QObject *context,
                            Callback<UnloopaCampaign> callback);
    ApiReply *cancelCampaign(const QString &campaignId, const QObject *context,
                             Callback<UnloopaCampaign> callback);
    // PATCH {"action": "trigger", "limit": n}: up to `limit` (1-10; unset: the vendor's 10) pending
    // calls now, 1 credit each. Contacts people and spends: only under `clearanceId`, once.
    ApiReply *triggerCampaign(const QString &campaignId, std::optional<int> limit, const QString &clearanceId,
                              const QObject *context, Callback<UnloopaTriggerResult> callback);

private:
    ApiReply *lifecycle(const QString &campaignId, UnloopaCampaignAction action, const QString &clearanceId,
                        const QObject *context, Callback<UnloopaCampaign> callback);

    QPointer<UnloopaService> m_unloopa;
};
