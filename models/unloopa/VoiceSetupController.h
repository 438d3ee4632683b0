#pragma once

#include "core/Result.h"
#include "unloopa/UnloopaTypes.h"
#include "unloopa/UnloopaVoiceTypes.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class UnloopaService;
class UnloopaVoiceService;

// What the Unloopa Voice page's setup does, without widgets: the account's phone numbers (limit 3)
// and voice agents (limit 3), searching and buying numbers, releasing them, creating, updating and
// deleting agents. /quota comes first: with voice_enabled false nothing else is asked for and
// voiceAvailability() carries the upgrade link.
//
// Buying spends money ($1/month): a purchase is never retried and never sent twice — buyNumber()
// refuses while one is in flight. The purchase itself goes through `Buyer` (by default the voice
// service's buyNumber(); the shell may pass one that records an intent before sending).
class VoiceSetupController : public QObject
{
    Q_OBJECT
public:
    using Buyer = std::function<void(const QString &e164, const QObject *context,
                                     std::function<void(const Result<UnloopaPhoneNumber> &)> done)>;

    // Neither is owned; both outlive the controller.
    VoiceSetupController(UnloopaService *unloopa, UnloopaVoiceService *voice, QObject *parent = nullptr);

    void setBuyer(Buyer buyer);

    // /quota, then (voice enabled) numbers and agents.
    void refresh();
    void refreshNumbers();
    void refreshAgents();

    std::optional<UnloopaQuota> quota() const { return m_quota; }
    bool isVoiceEnabled() const { return m_quota && m_quota->voiceEnabled; }
    const UnloopaPhoneNumbers &numbers() const { return m_numbers; }
    const UnloopaVoiceAgents &agents() const { return m_agents; }
    const QList<UnloopaAvailableNumber> &searchResults() const { return m_searchResults; }

    // POST /phone-numbers/search. Refused locally (false, nothing sent) when `search` has a problem.
    bool searchNumbers(const UnloopaNumberSearch &search);
    // The documented monthly price of a number, in cents ($1/month).
    static constexpr int monthlyCostCents = 100;
    // POST /phone-numbers/buy once. False (nothing sent) while a purchase is in flight or when the
    // account already holds its limit of numbers.
    bool buyNumber(const QString &e164);
    bool isBuying() const { return m_buying; }
    void releaseNumber(const QString &numberId);

    void createAgent(const UnloopaAgentFields &fields);
    void updateAgent(const QString &agentId, const UnloopaAgentFields &fields);
    void deleteAgent(const QString &agentId);
    bool isSavingAgent() const { return m_savingAgent; }

Q_SIGNALS:
    // False with the way out (the upgrade link) when the plan has no voice.
    void voiceAvailability(bool enabled, const ApiError &why);
    void numbersChanged();
    void agentsChanged();
    void searchFinished();
    void buyingChanged(bool buying);
    void numberBought(const UnloopaPhoneNumber &number);
    void numberReleased(const QString &numberId);
    void savingAgentChanged(bool saving);
    void agentSaved(const UnloopaVoiceAgent &agent);
    void agentDeleted(const QString &agentId);
    // Any request that failed, with what it was doing ("numbers", "search", "buy", "release",
    // "agents", "agent", "quota").
    void failed(const QString &what, const ApiError &error);

private:
    void setBuying(bool buying);
    void setSavingAgent(bool saving);
    static ApiError noVoice(const UnloopaQuota &quota);

    QPointer<UnloopaService> m_unloopa;
    QPointer<UnloopaVoiceService> m_voice;
    Buyer m_buyer;
    std::optional<UnloopaQuota> m_quota;
    UnloopaPhoneNumbers m_numbers;
    UnloopaVoiceAgents m_agents;
    QList<UnloopaAvailableNumber> m_searchResults;
    bool m_buying = false;
    bool m_savingAgent = false;
};
