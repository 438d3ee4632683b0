#include "VoiceSetupController.h"

#include "core/ErrorCatalog.h"
#include "unloopa/UnloopaService.h"
#include "unloopa/UnloopaVoiceService.h"

#include <algorithm>

VoiceSetupController::VoiceSetupController(UnloopaService *unloopa, UnloopaVoiceService *voice,
                                           QObject *parent)
    : QObject(parent), m_unloopa(unloopa), m_voice(voice)
{
    setBuyer({});
}

void VoiceSetupController::setBuyer(Buyer buyer)
{
    if (buyer) {
        m_buyer = std::move(buyer);
        return;
    }
    m_buyer = [this](const QString &e164, const QObject *context,
                     std::function<void(const Result<UnloopaPhoneNumber> &)> done) {
        if (m_voice)
            m_voice->buyNumber(e164, context, std::move(done));
    };
}

ApiError VoiceSetupController::noVoice(const UnloopaQuota &quota)
{
    // The same words and link a plan_required answer carries, without asking for it first.
    ApiError error =
            ApiError::local(Vendor::Unloopa, QStringLiteral("plan_required"),
                            ErrorCatalog::explain(Vendor::Unloopa, QStringLiteral("plan_required"), 403));
    if (quota.upgradeUrl.isValid())
        error.links.append({QStringLiteral("upgrade"), quota.upgradeUrl});
    return error;
}

void VoiceSetupController::refresh()
{
    if (!m_unloopa)
        return;
    m_unloopa->fetchQuota(this, [this](const Result<UnloopaQuota> &result) {
        if (!result) {
            Q_EMIT failed(QStringLiteral("quota"), result.error());
            return;
        }
        m_quota = result.value();
        if (!m_quota->voiceEnabled) {
            Q_EMIT voiceAvailability(false, noVoice(*m_quota));
            return;
        }
        Q_EMIT voiceAvailability(true, {});
        refreshNumbers();
        refreshAgents();
    });
}

void VoiceSetupController::refreshNumbers()
{
    if (!m_voice)
        return;
    m_voice->fetchNumbers(this, [this](const Result<UnloopaPhoneNumbers> &result) {
        if (!result) {
            Q_EMIT failed(QStringLiteral("numbers"), result.error());
            return;
        }
        m_numbers = result.value();
        Q_EMIT numbersChanged();
    });
}

void VoiceSetupController::refreshAgents()
{
    if (!m_voice)
        return;
    m_voice->fetchAgents(this, [this](const Result<UnloopaVoiceAgents> &result) {
        if (!result) {
            Q_EMIT failed(QStringLiteral("agents"), result.error());
            return;
        }
        m_agents = result.value();
        Q_EMIT agentsChanged();
    });
}

bool VoiceSetupController::searchNumbers(const UnloopaNumberSearch &search)
{
    if (!m_voice || !search.problem().isEmpty())
        return false;
    m_voice->searchNumbers(search, this, [this](const Result<QList<UnloopaAvailableNumber>> &result) {
        if (!result) {
            Q_EMIT failed(QStringLiteral("search"), result.error());
            return;
        }
        m_searchResults = result.value();
        Q_EMIT searchFinished();
    });
    return true;
}

bool VoiceSetupController::buyNumber(const QString &e164)
{
    // One purchase at a time, and never past the limit the account reported: a double click or a
    // stale list cannot spend twice.
    if (m_buying || m_numbers.isFull() || e164.isEmpty())
        return false;
    setBuying(true);
    m_buyer(e164, this, [this](const Result<UnloopaPhoneNumber> &result) {
        setBuying(false);
        if (!result) {
            Q_EMIT failed(QStringLiteral("buy"), result.error());
            return;
        }
        // The purchase answer has no place; the search result it came from does.
        UnloopaPhoneNumber number = result.value();
        const QString bought = number.phoneNumber;
        for (const UnloopaAvailableNumber &offer : std::as_const(m_searchResults)) {
            if (offer.phoneNumber == bought && number.locality.isEmpty()) {
                number.locality = offer.locality;
                number.region = offer.region;
            }
        }
        m_numbers.numbers.append(number);
        m_numbers.count = m_numbers.numbers.size();
        m_searchResults.erase(std::remove_if(m_searchResults.begin(), m_searchResults.end(),
                                             [&bought](const UnloopaAvailableNumber &n) {
                                                 return n.phoneNumber == bought;
                                             }),
                              m_searchResults.end());
        Q_EMIT numberBought(number);
        Q_EMIT numbersChanged();
        Q_EMIT searchFinished();
    });
    return true;
}

void VoiceSetupController::releaseNumber(const QString &numberId)
{
    if (!m_voice)
        return;
    m_voice->releaseNumber(numberId, this, [this, numberId](const Result<Done> &result) {
        if (!result) {
            Q_EMIT failed(QStringLiteral("release"), result.error());
            return;
        }
        Q_EMIT numberReleased(numberId);
        refreshNumbers();
    });
}

void VoiceSetupController::createAgent(const UnloopaAgentFields &fields)
{
    if (!m_voice || m_savingAgent)
        return;
    setSavingAgent(true);
    m_voice->createAgent(fields, this, [this](const Result<UnloopaVoiceAgent> &result) {
        setSavingAgent(false);
        if (!result) {
            Q_EMIT failed(QStringLiteral("agent"), result.error());
            return;
        }
        Q_EMIT agentSaved(result.value());
        refreshAgents();
    });
}

void VoiceSetupController::updateAgent(const QString &agentId, const UnloopaAgentFields &fields)
{
    if (!m_voice || m_savingAgent)
        return;
    setSavingAgent(true);
    m_voice->updateAgent(agentId, fields, this, [this](const Result<UnloopaVoiceAgent> &result) {
        setSavingAgent(false);
        if (!result) {
            Q_EMIT failed(QStringLiteral("agent"), result.error());
            return;
        }
        Q_EMIT agentSaved(result.value());
        refreshAgents();
    });
}

void VoiceSetupController::deleteAgent(const QString &agentId)
{
    if (!m_voice)
        return;
    m_voice->deleteAgent(agentId, this, [this, agentId](const Result<Done> &result) {
        if (!result) {
            Q_EMIT failed(QStringLiteral("agent"), result.error());
            return;
        }
        Q_EMIT agentDeleted(agentId);
        refreshAgents();
    });
}

void VoiceSetupController::setBuying(bool buying)
{
    if (m_buying == buying)
        return;
    m_buying = buying;
    Q_EMIT buyingChanged(buying);
}

void VoiceSetupController::setSavingAgent(bool saving)
{
    if (m_savingAgent == saving)
        return;
    m_savingAgent = saving;
    Q_EMIT savingAgentChanged(saving);
}
