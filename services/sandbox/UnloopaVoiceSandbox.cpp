#include "UnloopaVoiceSandbox.h"

#include "UnloopaSandbox.h"
#include "UnloopaSandboxReplies.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace UnloopaReplies;

namespace {

struct AreaCode
{
    const char *code;
    const char *country;
    const char *locality; // UTF-8
    const char *region;
};

const AreaCode kAreaCodes[] = {
        {"305", "US", "Miami", "FL"},    {"212", "US", "New York", "NY"},    {"512", "US", "Austin", "TX"},
        {"312", "US", "Chicago", "IL"},  {"213", "US", "Los Angeles", "CA"}, {"206", "US", "Seattle", "WA"},
        {"303", "US", "Denver", "CO"},   {"617", "US", "Boston", "MA"},      {"602", "US", "Phoenix", "AZ"},
        {"404", "US", "Atlanta", "GA"},  {"619", "US", "San Diego", "CA"},   {"615", "US", "Nashville", "TN"},
        {"514", "CA", "Montréal", "QC"}, {"416", "CA", "Toronto", "ON"},
};

const AreaCode *findArea(const QString &code, const QString &country)
{
    for (const AreaCode &area : kAreaCodes) {
        if (code == QLatin1String(area.code) && country == QLatin1String(area.country))
            return &area;
    }
    return nullptr;
}

std::optional<SandboxResponse> proOnly(const UnloopaSandbox *account, const QString &feature)
{
    if (account->plan() != UnloopaSandbox::Plan::Pro)
        return planRequired(feature);
    return std::nullopt;
}

} // namespace

UnloopaVoiceSandbox::UnloopaVoiceSandbox(UnloopaSandbox *account, SandboxServer *server)
    : m_account(account), m_random(server->generator("unloopa.voice"))
{ }

void UnloopaVoiceSandbox::addHandlers(QMap<UnloopaRoutes::Op, SandboxHandler> *handlers)
{
    using Op = UnloopaRoutes::Op;
    auto bind = [this](SandboxResponse (UnloopaVoiceSandbox::*handler)(const SandboxRequest &)) {
        return SandboxHandler([this, handler](const SandboxRequest &r) { return (this->*handler)(r); });
    };
    handlers->insert(Op::Numbers, bind(&UnloopaVoiceSandbox::listNumbers));
    handlers->insert(Op::NumberSearch, bind(&UnloopaVoiceSandbox::searchNumbers));
    handlers->insert(Op::NumberBuy, bind(&UnloopaVoiceSandbox::buyNumber));
    handlers->insert(Op::NumberRelease, bind(&UnloopaVoiceSandbox::releaseNumber));
    handlers->insert(Op::Agents, bind(&UnloopaVoiceSandbox::listAgents));
    handlers->insert(Op::AgentCreate, bind(&UnloopaVoiceSandbox::createAgent));
    handlers->insert(Op::AgentUpdate, bind(&UnloopaVoiceSandbox::updateAgent));
    handlers->insert(Op::AgentDelete, bind(&UnloopaVoiceSandbox::deleteAgent));
}

const UnloopaVoiceSandbox::Number *UnloopaVoiceSandbox::number(const QString &id) const
{
    for (const Number &number : m_numbers) {
        if (number.id == id)
            return &number;
    }
    return nullptr;
}

const UnloopaVoiceSandbox::Agent *UnloopaVoiceSandbox::agent(const QString &id) const
{
    for (const Agent &agent : m_agents) {
        if (agent.id == id)
            return &agent;
    }
    return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

QJsonObject UnloopaVoiceSandbox::numberJson(const Number &number) const
{
    return QJsonObject{{QStringLiteral("id"), number.id},
                       {QStringLiteral("phone_number"), number.phoneNumber},
                       {QStringLiteral("area_code"), number.areaCode},
                       {QStringLiteral("locality"), number.locality},
                       {QStringLiteral("region"), number.region},
                       {QStringLiteral("country"), number.country},
                       {QStringLiteral("monthly_cost_cents"), monthlyCostCents},
                       {QStringLiteral("created_at"), iso(number.createdAt)}};
}

SandboxResponse UnloopaVoiceSandbox::listNumbers(const SandboxRequest &)
{
    if (const auto refused = proOnly(m_account, QStringLiteral("Phone numbers")))
        return *refused;
    QJsonArray numbers;
    for (const Number &number : std::as_const(m_numbers))
        numbers.append(numberJson(number));
    return SandboxResponse::json(QJsonObject{{QStringLiteral("numbers"), numbers},
                                             {QStringLiteral("count"), int(m_numbers.size())},
                                             {QStringLiteral("limit"), maxNumbers}});
}

SandboxResponse UnloopaVoiceSandbox::searchNumbers(const SandboxRequest &request)
{
    if (const auto refused = proOnly(m_account, QStringLiteral("Phone numbers")))
        return *refused;
    QJsonObject body;
    if (const auto refused = readBody(request, &body))
        return *refused;
    static const QRegularExpression threeDigits(QStringLiteral("^[0-9]{3}$"));
    static const QRegularExpression countryCode(QStringLiteral("^[A-Z]{2}$"));
    const QJsonValue code = body.value(QLatin1String("area_code"));
    if (!code.isString() || !threeDigits.match(code.toString()).hasMatch())
        return invalid(QStringLiteral("area_code must be 3 digits, e.g. \"305\""),
                       QStringLiteral("area_code"));
    QString country = QStringLiteral("US");
    if (const auto refused = readString(body, QStringLiteral("country"), &country))
        return *refused;
    if (!countryCode.match(country).hasMatch())
        return invalid(QStringLiteral("country must be a two-letter country code such as \"US\""),
                       QStringLiteral("country"));

    QJsonArray found;
    const AreaCode *area = findArea(code.toString(), country);
    for (int attempts = 0; area && found.size() < 5 && attempts < 200; ++attempts) {
        // NXX-XXXX: the exchange starts with 2-9 and is never an N11 service code.
        const int exchange = 200 + int(m_random.bounded(800));
        if (exchange % 100 == 11)
            continue;
        const QString line = QStringLiteral("%1").arg(m_random.bounded(10000), 4, 10, QLatin1Char('0'));
        const QString e164 = QStringLiteral("+1%1%2%3").arg(code.toString()).arg(exchange).arg(line);
        if (!isE164(e164) || m_offered.contains(e164))
            continue;
        bool owned = false;
        for (const Number &number : std::as_const(m_numbers))
            owned = owned || number.phoneNumber == e164;
        if (owned)
            continue;
        Number offer{QString(),
                     e164,
                     code.toString(),
                     QString::fromUtf8(area->locality),
                     QString::fromLatin1(area->region),
                     country,
                     QDateTime()};
        m_offered.insert(e164, offer);
        found.append(QJsonObject{{QStringLiteral("phone_number"), e164},
                                 {QStringLiteral("friendly_name"),
                                  QStringLiteral("(%1) %2-%3").arg(code.toString()).arg(exchange).arg(line)},
                                 {QStringLiteral("locality"), offer.locality},
                                 {QStringLiteral("region"), offer.region}});
    }
    return SandboxResponse::json(QJsonObject{{QStringLiteral("numbers"), found}});
}

SandboxResponse UnloopaVoiceSandbox::buyNumber(const SandboxRequest &request)
{
    if (const auto refused = proOnly(m_account, QStringLiteral("Phone numbers")))
        return *refused;
    QJsonObject body;
    if (const auto refused = readBody(request, &body))
        return *refused;
    QString e164;
    if (const auto refused = requireString(body, QStringLiteral("phone_number"), 16, &e164))
        return *refused;
    if (!isE164(e164))
        return invalid(QStringLiteral("phone_number must be in E.164 format, e.g. +13055551234"),
                       QStringLiteral("phone_number"));
    if (m_numbers.size() >= maxNumbers)
        return limitReached(
                QStringLiteral("phone_numbers"), int(m_numbers.size()), maxNumbers,
                QStringLiteral("You already have %1 phone numbers, the maximum. Release one first.")
                        .arg(maxNumbers));
    const auto offer = m_offered.constFind(e164);
    if (offer == m_offered.constEnd())
        return invalid(QStringLiteral("phone_number is not available: buy a number from the search results"),
                       QStringLiteral("phone_number"));
    Number number = *offer;
    m_offered.erase(offer);
    number.id = SandboxServer::randomUuid(m_random);
    number.createdAt = m_account->now();
    m_numbers.append(number);
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("number"),
                         QJsonObject{{QStringLiteral("id"), number.id},
                                     {QStringLiteral("phone_number"), number.phoneNumber},
                                     {QStringLiteral("area_code"), number.areaCode},
                                     {QStringLiteral("monthly_cost_cents"), monthlyCostCents},
                                     {QStringLiteral("created_at"), iso(number.createdAt)}}}});
}

SandboxResponse UnloopaVoiceSandbox::releaseNumber(const SandboxRequest &request)
{
    if (const auto refused = proOnly(m_account, QStringLiteral("Phone numbers")))
        return *refused;
    const QString id = request.pathArgs.value(QStringLiteral("id"));
    for (int i = 0; i < m_numbers.size(); ++i) {
        if (m_numbers.at(i).id == id) {
            m_numbers.removeAt(i);
            return SandboxResponse::json(QJsonObject{{QStringLiteral("success"), true}});
        }
    }
    return notFound(QStringLiteral("Phone number"));
}

// ---------------------------------------------------------------------------------------------
// Voice agents

QJsonObject UnloopaVoiceSandbox::agentJson(const Agent &agent, bool withConfig) const
{
    QJsonObject json{{QStringLiteral("id"), agent.id},
                     {QStringLiteral("name"), agent.name},
                     {QStringLiteral("voice_id"), agent.voiceId},
                     {QStringLiteral("voice_name"),
                      agent.voiceName.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(agent.voiceName)},
                     {QStringLiteral("elevenlabs_agent_id"), agent.elevenlabsAgentId},
                     {QStringLiteral("has_script"), !agent.script.isEmpty()},
                     {QStringLiteral("has_first_message"), !agent.firstMessage.isEmpty()},
                     {QStringLiteral("created_at"), iso(agent.createdAt)}};
    if (withConfig) {
        json.insert(QStringLiteral("script"), agent.script);
        json.insert(QStringLiteral("first_message"),
                    agent.firstMessage.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                 : QJsonValue(agent.firstMessage));
        json.insert(QStringLiteral("agent_config"),
                    QJsonObject{{QStringLiteral("stability"), agent.stability},
                                {QStringLiteral("similarityBoost"), agent.similarityBoost}});
    }
    return json;
}

SandboxResponse UnloopaVoiceSandbox::listAgents(const SandboxRequest &)
{
    if (const auto refused = proOnly(m_account, QStringLiteral("Voice agents")))
        return *refused;
    QJsonArray agents;
    for (const Agent &agent : std::as_const(m_agents))
        agents.append(agentJson(agent, false));
    return SandboxResponse::json(QJsonObject{{QStringLiteral("agents"), agents},
                                             {QStringLiteral("count"), int(m_agents.size())},
                                             {QStringLiteral("limit"), maxAgents}});
}

std::optional<SandboxResponse> UnloopaVoiceSandbox::readAgent(const QJsonObject &body, bool creating,
                                                              Agent *agent) const
{
    struct Text
    {
        const char *key;
        int maxLength;
        bool required;
        QString *target;
    };
    const Text texts[] = {{"name", 100, true, &agent->name},
                          {"voice_id", 100, true, &agent->voiceId},
                          {"voice_name", 100, false, &agent->voiceName},
                          {"script", 20000, true, &agent->script},
                          {"first_message", 1000, false, &agent->firstMessage}};
    for (const Text &text : texts) {
        const QString key = QLatin1String(text.key);
        if (!creating && !body.contains(key))
            continue;
        if (text.required) {
            if (const auto refused = requireString(body, key, text.maxLength, text.target))
                return refused;
            continue;
        }
        QString value;
        if (const auto refused = readString(body, key, &value))
            return refused;
        if (value.size() > text.maxLength)
            return invalid(QStringLiteral("%1 must be at most %2 characters").arg(key).arg(text.maxLength),
                           key);
        *text.target = value;
    }
    const QJsonValue config = body.value(QLatin1String("agent_config"));
    if (config.isUndefined() || config.isNull())
        return std::nullopt;
    if (!config.isObject())
        return invalid(QStringLiteral("agent_config must be an object"), QStringLiteral("agent_config"));
    for (const char *key : {"stability", "similarityBoost"}) {
        const QJsonValue value = config.toObject().value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        if (!value.isDouble() || value.toDouble() < 0 || value.toDouble() > 1)
            return invalid(
                    QStringLiteral("agent_config.%1 must be a number from 0 to 1").arg(QLatin1String(key)),
                    QStringLiteral("agent_config.") + QLatin1String(key));
        (qstrcmp(key, "stability") == 0 ? agent->stability : agent->similarityBoost) = value.toDouble();
    }
    return std::nullopt;
}

SandboxResponse UnloopaVoiceSandbox::createAgent(const SandboxRequest &request)
{
    if (const auto refused = proOnly(m_account, QStringLiteral("Voice agents")))
        return *refused;
    QJsonObject body;
    if (const auto refused = readBody(request, &body))
        return *refused;
    Agent agent;
    if (const auto refused = readAgent(body, true, &agent))
        return *refused;
    if (m_agents.size() >= maxAgents)
        return limitReached(QStringLiteral("agents"), int(m_agents.size()), maxAgents,
                            QStringLiteral("You already have %1 voice agents, the maximum. Delete one first.")
                                    .arg(maxAgents));
    agent.id = SandboxServer::randomUuid(m_random);
    agent.elevenlabsAgentId =
            QStringLiteral("agent_") + SandboxServer::randomUuid(m_random).remove(QLatin1Char('-'));
    agent.createdAt = m_account->now();
    m_agents.append(agent);
    return SandboxResponse::json(QJsonObject{{QStringLiteral("agent"), agentJson(agent, true)}});
}

SandboxResponse UnloopaVoiceSandbox::updateAgent(const SandboxRequest &request)
{
    if (const auto refused = proOnly(m_account, QStringLiteral("Voice agents")))
        return *refused;
    const QString id = request.pathArgs.value(QStringLiteral("id"));
    Agent *found = nullptr;
    for (Agent &agent : m_agents)
        found = agent.id == id ? &agent : found;
    if (!found)
        return notFound(QStringLiteral("Voice agent"));
    QJsonObject body;
    if (const auto refused = readBody(request, &body))
        return *refused;
    static const QStringList fields{QStringLiteral("name"),          QStringLiteral("voice_id"),
                                    QStringLiteral("voice_name"),    QStringLiteral("script"),
                                    QStringLiteral("first_message"), QStringLiteral("agent_config")};
    bool any = false;
    for (const QString &field : fields)
        any = any || body.contains(field);
    if (!any)
        return invalid(QStringLiteral("Nothing to update: give name, voice_id, voice_name, script, "
                                      "first_message or agent_config"),
                       QStringLiteral("body"));
    Agent changed = *found;
    if (const auto refused = readAgent(body, false, &changed))
        return *refused;
    *found = changed;
    return SandboxResponse::json(QJsonObject{{QStringLiteral("agent"), agentJson(*found, true)}});
}

SandboxResponse UnloopaVoiceSandbox::deleteAgent(const SandboxRequest &request)
{
    if (const auto refused = proOnly(m_account, QStringLiteral("Voice agents")))
        return *refused;
    const QString id = request.pathArgs.value(QStringLiteral("id"));
    for (int i = 0; i < m_agents.size(); ++i) {
        if (m_agents.at(i).id == id) {
            m_agents.removeAt(i);
            return SandboxResponse::json(QJsonObject{{QStringLiteral("success"), true}});
        }
    }
    return notFound(QStringLiteral("Voice agent"));
}
