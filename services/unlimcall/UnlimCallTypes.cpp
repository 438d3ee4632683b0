#include "UnlimCallTypes.h"

#include "core/Iso8601.h"
#include "core/JsonRead.h"

#include <QJsonValue>

namespace UnlimCall {

namespace {

// UnlimCall ids can be long numbers: keep every digit.
QString str(const QJsonObject &object, const char *key)
{
    return JsonRead::string(object, key, 17);
}

} // namespace

QStringList Scope::all()
{
    return {ReadBalance, ReadCdrs, ReadAgents, ReadNumbers, ReadInvoices, WriteCalls, WriteHooks};
}

QString Scope::describe(const QString &scope)
{
    if (scope == ReadBalance)
        return QStringLiteral("Read live account balance.");
    if (scope == ReadCdrs)
        return QStringLiteral("Read call detail records.");
    if (scope == ReadAgents)
        return QStringLiteral("List SIP lines (agents).");
    if (scope == ReadNumbers)
        return QStringLiteral("List DID phone numbers on the account.");
    if (scope == ReadInvoices)
        return QStringLiteral("List historical invoices.");
    if (scope == WriteCalls)
        return QStringLiteral("Originate outbound calls via the AI agent.");
    if (scope == WriteHooks)
        return QStringLiteral("Create and delete REST webhook subscriptions.");
    return {};
}

std::optional<Me> Me::fromJson(const QJsonObject &object)
{
    Me me;
    me.customerId = str(object, "customerId");
    me.companyName = str(object, "companyName");
    me.primaryContactEmail = str(object, "primaryContactEmail");
    if (me.customerId.isEmpty())
        return std::nullopt;
    return me;
}

QJsonObject Me::toJson() const
{
    return {{QStringLiteral("customerId"), customerId},
            {QStringLiteral("companyName"), companyName},
            {QStringLiteral("primaryContactEmail"), primaryContactEmail}};
}

std::optional<Balance> Balance::fromJson(const QJsonObject &object)
{
    if (!object.value(QLatin1String("balance")).isDouble() ||
        !object.value(QLatin1String("currency")).isString())
        return std::nullopt;
    Balance balance;
    balance.balance = object.value(QLatin1String("balance")).toDouble();
    balance.currency = object.value(QLatin1String("currency")).toString();
    balance.accountType = object.value(QLatin1String("accountType")).toString();
    balance.creditLimit = JsonRead::optionalNumber(object, "creditLimit");
    balance.blocked = object.value(QLatin1String("blocked")).toBool();
    balance.stale = object.value(QLatin1String("stale")).toBool();
    return balance;
}

QJsonObject Balance::toJson() const
{
    return {{QStringLiteral("balance"), balance},
            {QStringLiteral("currency"), currency},
            {QStringLiteral("accountType"), accountType},
            {QStringLiteral("creditLimit"),
             creditLimit ? QJsonValue(*creditLimit) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("blocked"), blocked},
            {QStringLiteral("stale"), stale}};
}

std::optional<Cdr> Cdr::fromJson(const QJsonObject &object)
{
    Cdr cdr;
    cdr.id = str(object, "id");
    const std::optional<qint64> start = Iso8601::toMsecs(object.value(QLatin1String("startTime")).toString());
    if (cdr.id.isEmpty() || !start)
        return std::nullopt;
    cdr.startMs = *start;
    cdr.duration = int(JsonRead::int64(object, "duration"));
    cdr.billsec = int(JsonRead::int64(object, "billsec"));
    cdr.src = str(object, "src");
    cdr.dst = str(object, "dst");
    cdr.disposition = str(object, "disposition");
    cdr.sipUsername = str(object, "sipUsername");
    cdr.sellPriceCents = JsonRead::int64(object, "sellPriceCents");
    cdr.currency = str(object, "currency");
    cdr.country = str(object, "country");
    cdr.did = str(object, "did");
    return cdr;
}

QJsonObject Cdr::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("startTime"), isoTimestamp(startMs)},
            {QStringLiteral("duration"), duration},
            {QStringLiteral("billsec"), billsec},
            {QStringLiteral("src"), src},
            {QStringLiteral("dst"), dst},
            {QStringLiteral("disposition"), disposition},
            {QStringLiteral("sipUsername"), sipUsername},
            {QStringLiteral("sellPriceCents"), sellPriceCents},
            {QStringLiteral("currency"), currency},
            {QStringLiteral("country"), country},
            {QStringLiteral("did"), did.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(did)}};
}

std::optional<Agent> Agent::fromJson(const QJsonObject &object)
{
    Agent agent;
    agent.id = str(object, "id");
    if (agent.id.isEmpty())
        return std::nullopt;
    agent.sipUsername = str(object, "sipUsername");
    agent.label = str(object, "label");
    agent.createdAt = JsonRead::dateTime(object, "createdAt");
    return agent;
}

QJsonObject Agent::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("sipUsername"), sipUsername},
            {QStringLiteral("label"), label},
            {QStringLiteral("createdAt"), createdAt.isValid() ? createdAt.toString(Qt::ISODate) : QString()}};
}

QJsonObject CallRequest::toJson() const
{
    QJsonObject object{{QStringLiteral("aiAgentId"), aiAgentId}, {QStringLiteral("toNumber"), toNumber}};
    if (!fromNumber.isEmpty())
        object.insert(QStringLiteral("fromNumber"), fromNumber);
    if (!metadata.isEmpty())
        object.insert(QStringLiteral("metadata"), metadata);
    return object;
}

std::optional<CallQueued> CallQueued::fromJson(const QJsonObject &object)
{
    CallQueued queued;
    queued.callId = str(object, "callId");
    queued.status = str(object, "status");
    if (queued.callId.isEmpty())
        return std::nullopt;
    return queued;
}

QJsonObject CallQueued::toJson() const
{
    return {{QStringLiteral("callId"), callId}, {QStringLiteral("status"), status}};
}

QStringList hookEvents()
{
    return {QStringLiteral("call.ended"), QStringLiteral("call.transferred"),
            QStringLiteral("disposition.set"), QStringLiteral("dnc.added"), QStringLiteral("lead.completed")};
}

QString describeHookEvent(const QString &event)
{
    if (event == QLatin1String("call.ended"))
        return QStringLiteral("A dialer or AI-agent call hung up.");
    if (event == QLatin1String("call.transferred"))
        return QStringLiteral("A call was transferred to a human.");
    if (event == QLatin1String("disposition.set"))
        return QStringLiteral("A call disposition was applied.");
    if (event == QLatin1String("dnc.added"))
        return QStringLiteral("A contact was moved to Do-Not-Call.");
    if (event == QLatin1String("lead.completed"))
        return QStringLiteral("A contact reached a terminal disposition.");
    return {};
}

std::optional<HookCreated> HookCreated::fromJson(const QJsonObject &object)
{
    HookCreated created;
    created.id = str(object, "id");
    created.secret = str(object, "secret");
    if (created.id.isEmpty() || created.secret.isEmpty())
        return std::nullopt;
    return created;
}

QString isoTimestamp(qint64 msecsSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace UnlimCall
