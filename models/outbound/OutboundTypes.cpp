#include "OutboundTypes.h"

#include <QJsonArray>

Recipient Recipient::phone(const QString &e164, const QString &label)
{
    return {Channel::Phone, e164.trimmed(), label, {}};
}

Recipient Recipient::email(const QString &address, const QString &label)
{
    return {Channel::Email, address.trimmed().toLower(), label, {}};
}

namespace {
QString channelName(Recipient::Channel channel)
{
    switch (channel) {
    case Recipient::Channel::Email:
        return QStringLiteral("email");
    case Recipient::Channel::None:
        return QStringLiteral("none");
    case Recipient::Channel::Phone:
        break;
    }
    return QStringLiteral("phone");
}
} // namespace

QString RecipientVerdict::verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Allowed:
        return QStringLiteral("allowed");
    case Verdict::NeedsOverride:
        return QStringLiteral("needs_override");
    case Verdict::Refused:
        break;
    }
    return QStringLiteral("refused");
}

QJsonObject RecipientVerdict::toJson() const
{
    QJsonObject json{
            {QStringLiteral("recipient"), recipient.address},
            {QStringLiteral("channel"), channelName(recipient.channel)},
            {QStringLiteral("verdict"), verdictName(verdict)},
            {QStringLiteral("reasonCode"), reasonCode},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("overridden"), overridden},
    };
    if (!recipient.label.isEmpty())
        json.insert(QStringLiteral("label"), recipient.label);
    return json;
}

bool GuardDecision::allAllowed() const
{
    return !verdicts.isEmpty() && refusedCount() == 0;
}

int GuardDecision::allowedCount() const
{
    return int(std::count_if(verdicts.cbegin(), verdicts.cend(),
                             [](const RecipientVerdict &verdict) { return verdict.allowed(); }));
}

int GuardDecision::refusedCount() const
{
    return int(verdicts.size()) - allowedCount();
}

QList<QPair<QString, int>> GuardDecision::refusedByReason() const
{
    // In the order the reasons first appear, so the summary reads like the list below it.
    QList<QPair<QString, int>> counts;
    for (const RecipientVerdict &verdict : verdicts) {
        if (verdict.allowed())
            continue;
        const auto it = std::find_if(counts.begin(), counts.end(),
                                     [&](const auto &pair) { return pair.first == verdict.reasonCode; });
        if (it == counts.end())
            counts.append({verdict.reasonCode, 1});
        else
            ++it->second;
    }
    return counts;
}

QJsonObject GuardDecision::toJson() const
{
    QJsonObject byReason;
    for (const auto &[code, count] : refusedByReason())
        byReason.insert(code, count);
    QJsonArray recipients;
    for (const RecipientVerdict &verdict : verdicts)
        recipients.append(verdict.toJson());
    return {{QStringLiteral("allowed"), allowedCount()},
            {QStringLiteral("refused"), refusedCount()},
            {QStringLiteral("refusedByReason"), byReason},
            {QStringLiteral("recipients"), recipients}};
}

QString DncEntry::kindId(Kind kind)
{
    switch (kind) {
    case DncEntry::Kind::Phone:
        return QStringLiteral("phone");
    case DncEntry::Kind::Email:
        return QStringLiteral("email");
    case DncEntry::Kind::Domain:
        return QStringLiteral("domain");
    }
    return {};
}

DncEntry::Kind DncEntry::kindFromId(const QString &id)
{
    if (id == QLatin1String("email"))
        return DncEntry::Kind::Email;
    if (id == QLatin1String("domain"))
        return DncEntry::Kind::Domain;
    return DncEntry::Kind::Phone;
}

QString localOperatorName()
{
    QString name = qEnvironmentVariable("USER");
    if (name.isEmpty())
        name = qEnvironmentVariable("USERNAME");
    return name.isEmpty() ? QStringLiteral("unknown") : name;
}
