#pragma once

#include "SandboxServer.h"
#include "UnloopaCampaign.h"
#include "unloopa/UnloopaRoutes.h"

#include <QList>
#include <QMap>
#include <QRandomGenerator>

class UnloopaSandbox;
class UnloopaVoiceSandbox;
class UnloopaCallsSandbox;

// Unloopa's voice campaigns (the Unloopa API reference, Pro plan only): POST /voice/campaigns
// (a draft; voice credits required; name, phone_number_id and agent_id or voice_id + script; leads
// as lead_ids or a lead_filter with GET /leads' filters — only leads with a callable phone number
// are kept), GET /voice/campaigns (each with stats), GET /voice/campaigns/{id} (configuration and
// stats with pending) and PATCH /voice/campaigns/{id}: {"action": "activate" (draft/paused →
// active), "pause" (active → paused), "cancel" (any but completed → completed, the calls not
// started cancelled), "trigger" (active: up to `limit` ≤ 10 pending leads called at once, 1 credit
// each)} or {"updates": {...}} (draft/paused only); a wrong state is invalid_state. Actions and
// updates answer the campaign as GET does; trigger answers {triggered, calls}.
//
// An active campaign calls on its own on the sandbox clock (simulate(), run before every Unloopa
// request): one call every 3600 / calls_per_hour seconds while inside its window on its days in its
// time zone, 1 credit each, until its leads or max_calls are used up or the credits run out; it is
// completed once every call it placed is over.
class UnloopaCampaignsSandbox
{
public:
    UnloopaCampaignsSandbox(UnloopaSandbox *account, const UnloopaVoiceSandbox *voice,
                            UnloopaCallsSandbox *calls, SandboxServer *server);
    void addHandlers(QMap<UnloopaRoutes::Op, SandboxHandler> *handlers);
    // Brings every active campaign up to the clock's now.
    void simulate();
    const UnloopaSimulatedCampaign *campaign(const QString &id) const;

    static constexpr int maxTrigger = 10;
    static constexpr int maxLeadIds = 1000;

private:
    SandboxResponse create(const SandboxRequest &request);
    SandboxResponse list(const SandboxRequest &request);
    SandboxResponse detail(const SandboxRequest &request);
    SandboxResponse update(const SandboxRequest &request);
    SandboxResponse act(UnloopaSimulatedCampaign &campaign, const QString &action, const QJsonObject &body);
    SandboxResponse trigger(UnloopaSimulatedCampaign &campaign, const QJsonObject &body);
    SandboxResponse applyUpdates(UnloopaSimulatedCampaign &campaign, const QJsonObject &updates);
    // agent_id (its voice and script copied in) and phone_number_id from `body`, when present.
    std::optional<SandboxResponse> readAgentAndNumber(const QJsonObject &body,
                                                      UnloopaSimulatedCampaign *campaign) const;
    // The leads of lead_ids or lead_filter.
    std::optional<SandboxResponse> readLeads(const QJsonObject &body,
                                             UnloopaSimulatedCampaign *campaign) const;
    // Places the campaign's next lead's call at `at` (1 credit, already checked).
    QJsonObject callNext(UnloopaSimulatedCampaign &campaign, const QDateTime &at);
    void finishIfDone(UnloopaSimulatedCampaign &campaign, const QDateTime &now);
    QJsonObject stats(const UnloopaSimulatedCampaign &campaign) const;
    QJsonObject detailJson(const UnloopaSimulatedCampaign &campaign) const;
    UnloopaSimulatedCampaign *find(const QString &id);

    UnloopaSandbox *m_account;
    const UnloopaVoiceSandbox *m_voice;
    UnloopaCallsSandbox *m_calls;
    QRandomGenerator m_random;
    QList<UnloopaSimulatedCampaign> m_campaigns; // in creation order
};
