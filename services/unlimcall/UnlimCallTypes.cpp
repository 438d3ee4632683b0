#include "UnlimCallTypes.h"

#include "core/Iso8601.h"
#include "core/JsonRead.h"
#include "core/JsonScanner.h"

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

namespace {

// JsonRead::string's rule: a string, a number with every digit, anything else empty.
// `repeated`: a value many records share (see JsonScanner::readRepeatedString).
bool scanString(JsonScanner &in, QString &out, bool repeated = false)
{
    switch (in.peek()) {
    case JsonScanner::Type::String:
        return repeated ? in.readRepeatedString(out) : in.readString(out);
    case JsonScanner::Type::Number: {
        double number = 0;
        if (!in.readNumber(number))
            return false;
        out = QString::number(number, 'g', 17);
        return true;
    }
    default:
        out.clear();
        return in.skipValue();
    }
}

// JsonRead::int64's rule: a number (truncated) or a numeric string, 0 otherwise.
bool scanInt64(JsonScanner &in, qint64 &out)
{
    switch (in.peek()) {
    case JsonScanner::Type::Number: {
        double number = 0;
        if (!in.readNumber(number))
            return false;
        out = qint64(number);
        return true;
    }
    case JsonScanner::Type::String: {
        QString text;
        if (!in.readString(text))
            return false;
        out = text.toLongLong();
        return true;
    }
    default:
        out = 0;
        return in.skipValue();
    }
}

} // namespace

std::optional<Cdr> Cdr::scan(JsonScanner &in)
{
    enum Field {
        Id,
        StartTime,
        Duration,
        Billsec,
        Src,
        Dst,
        Disposition,
        SipUsername,
        SellPriceCents,
        Currency,
        Country,
        Did,
        FieldCount
    };
    static constexpr QByteArrayView keys[FieldCount] = {
            "id",          "startTime",   "duration",       "billsec",  "src",     "dst",
            "disposition", "sipUsername", "sellPriceCents", "currency", "country", "did"};
    if (!in.enterObject())
        return std::nullopt;
    Cdr cdr;
    std::optional<qint64> start;
    qint64 number = 0;
    unsigned seen = 0;
    int last = FieldCount - 1;
    QByteArrayView key;
    while (in.nextMember(key)) {
        // Keys mostly come in the documented order: the search starts after the last one found.
        int field = FieldCount;
        for (int i = 0; i < FieldCount; ++i) {
            const int candidate = (last + 1 + i) % FieldCount;
            if (keys[candidate] == key) {
                field = last = candidate;
                break;
            }
        }
        if (field < FieldCount && (seen & (1u << field)))
            return std::nullopt; // a key twice: the generic reader decides
        seen |= 1u << field;
        bool ok = true;
        switch (field) {
        case Id:
            ok = scanString(in, cdr.id);
            break;
        case StartTime: {
            QString text;
            ok = in.peek() == JsonScanner::Type::String && in.readString(text);
            start = ok ? Iso8601::toMsecs(text) : std::nullopt;
            break;
        }
        case Duration:
            ok = scanInt64(in, number);
            cdr.duration = int(number);
            break;
        case Billsec:
            ok = scanInt64(in, number);
            cdr.billsec = int(number);
            break;
        case Src:
            ok = scanString(in, cdr.src);
            break;
        case Dst:
            ok = scanString(in, cdr.dst);
            break;
        case Disposition:
            ok = scanString(in, cdr.disposition, true);
            break;
        case SipUsername:
            ok = scanString(in, cdr.sipUsername, true);
            break;
        case SellPriceCents:
            ok = scanInt64(in, cdr.sellPriceCents);
            break;
        case Currency:
            ok = scanString(in, cdr.currency, true);
            break;
        case Country:
            ok = scanString(in, cdr.country, true);
            break;
        case Did:
            ok = scanString(in, cdr.did, true);
            break;
        default:
            ok = in.skipValue();
            break;
        }
        if (!ok)
            return std::nullopt;
    }
    if (in.failed() || cdr.id.isEmpty() || !start)
        return std::nullopt;
    cdr.startMs = *start;
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
