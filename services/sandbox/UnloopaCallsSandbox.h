#pragma once

#include "SandboxServer.h"
#include "UnloopaCallSimulation.h"
#include "unloopa/UnloopaRoutes.h"

#include <QList>
#include <QMap>
#include <QRandomGenerator>
#include <QStringList>

class UnloopaSandbox;
class UnloopaVoiceSandbox;

// Unloopa's voice calls (the Unloopa API reference, Pro plan only): POST /voice/call (one call,
// 1 voice credit; agent_id and an E.164 phone_number required; a phone number must be owned
// first — setup_required), GET /voice/calls (filters status, outcome, campaign_id; limit 1-100,
// default 50; offset; newest first) and GET /voice/calls/{id}. Every call, single or from a
// campaign, is kept here and progresses on the sandbox clock (UnloopaSimulatedCall).
//
// Switches for tests: the endings of the next calls (an outcome or "failed", in order; random
// otherwise) and a rate limit on placing calls (rate_limited with Retry-After).
class UnloopaCallsSandbox
{
public:
    UnloopaCallsSandbox(UnloopaSandbox *account, const UnloopaVoiceSandbox *voice, SandboxServer *server);
    void addHandlers(QMap<UnloopaRoutes::Op, SandboxHandler> *handlers);

    // Places a call at `at` (the credit is the caller's business): `call` brings the callee and
    // what the agent says; id, conversation id and how it goes are decided here. Returns its index.
    int place(UnloopaSimulatedCall call, const QDateTime &at);
    const QList<UnloopaSimulatedCall> &all() const { return m_calls; }
    // Cancels the campaign's calls that have not started by `at`.
    void cancelWaiting(const QString &campaignId, const QDateTime &at);
    // The rate limit: nothing (and the placement counted) or the rate_limited answer.
    std::optional<SandboxResponse> admit(int calls);

    void setNextEndings(const QStringList &endings) { m_nextEndings = endings; }
    QStringList nextEndings() const { return m_nextEndings; }
    void setCallsPerMinute(int perMinute) { m_callsPerMinute = qMax(0, perMinute); }
    int callsPerMinute() const { return m_callsPerMinute; }
    static constexpr int maxListLimit = 100;

private:
    SandboxResponse call(const SandboxRequest &request);
    SandboxResponse list(const SandboxRequest &request);
    SandboxResponse detail(const SandboxRequest &request);

    UnloopaSandbox *m_account;
    const UnloopaVoiceSandbox *m_voice;
    QRandomGenerator m_random;
    QList<UnloopaSimulatedCall> m_calls; // in the order placed
    QStringList m_nextEndings;
    int m_callsPerMinute = 0; // 0: unlimited
    QList<QDateTime> m_recent; // placements within the last minute
};
