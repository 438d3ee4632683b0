#pragma once

#include "SandboxServer.h"
#include "unloopa/UnloopaRoutes.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QRandomGenerator>
#include <QSet>
#include <QString>

class UnloopaSandbox;

// What a voice call needs set up first (the Unloopa API reference, Pro plan only — plan_required
// otherwise): phone numbers and voice agents.
//
// Phone numbers: GET /phone-numbers ({numbers, count, limit: 3}), POST /phone-numbers/search (a
// 3-digit area code and a country, default "US"; five fresh, valid numbers of that area, none for
// an area code the sandbox does not know), POST /phone-numbers/buy (E.164, one of the search
// results, $1/month = monthly_cost_cents 100; limit_reached at 3) and DELETE /phone-numbers/{id}.
// Voice agents: GET /voice/agents ({agents, count, limit: 3}), POST (name, voice_id and script
// required; limit_reached at 3), PATCH and DELETE /voice/agents/{id}. Create and update answer
// {"agent": {...}} with the script and configuration; delete answers {"success": true}.
class UnloopaVoiceSandbox
{
public:
    struct Number
    {
        QString id;
        QString phoneNumber; // E.164
        QString areaCode;
        QString locality;
        QString region;
        QString country;
        QDateTime createdAt;
    };
    struct Agent
    {
        QString id;
        QString name;
        QString voiceId;
        QString voiceName;
        QString script;
        QString firstMessage;
        double stability = 0.5;
        double similarityBoost = 0.75;
        QString elevenlabsAgentId;
        QDateTime createdAt;
    };

    static constexpr int maxNumbers = 3;
    static constexpr int maxAgents = 3;
    static constexpr int monthlyCostCents = 100;

    UnloopaVoiceSandbox(UnloopaSandbox *account, SandboxServer *server);
    void addHandlers(QMap<UnloopaRoutes::Op, SandboxHandler> *handlers);

    const Number *number(const QString &id) const;
    const Agent *agent(const QString &id) const;
    const QList<Number> &numbers() const { return m_numbers; }

private:
    SandboxResponse listNumbers(const SandboxRequest &request);
    SandboxResponse searchNumbers(const SandboxRequest &request);
    SandboxResponse buyNumber(const SandboxRequest &request);
    SandboxResponse releaseNumber(const SandboxRequest &request);
    SandboxResponse listAgents(const SandboxRequest &request);
    SandboxResponse createAgent(const SandboxRequest &request);
    SandboxResponse updateAgent(const SandboxRequest &request);
    SandboxResponse deleteAgent(const SandboxRequest &request);
    // Fills `agent` from the fields present in `body` (all of them required when `creating`).
    std::optional<SandboxResponse> readAgent(const QJsonObject &body, bool creating, Agent *agent) const;
    QJsonObject agentJson(const Agent &agent, bool withConfig) const;
    QJsonObject numberJson(const Number &number) const;

    UnloopaSandbox *m_account;
    QRandomGenerator m_random;
    QList<Number> m_numbers;
    QList<Agent> m_agents;
    QMap<QString, Number> m_offered; // E.164 → a search result not bought yet
};
