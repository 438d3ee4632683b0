#include "NotificationPolicy.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("NotificationPolicy", text);
}

QJsonObject bodyOf(const StoredEvent &event)
{
    return QJsonDocument::fromJson(event.rawBody).object();
}

std::optional<Notification> transfer(const StoredEvent &event)
{
    const QJsonObject body = bodyOf(event);
    const QString who = event.phone.isEmpty() ? tr("a contact") : event.phone;
    const QString to = body.value(QLatin1String("transferTarget")).toString();
    Notification notification;
    notification.kind = NotificationKind::TransferToHuman;
    notification.title = tr("Call transferred to a human");
    notification.message = to.isEmpty()
            ? tr("UnlimCall's AI agent handed the call with %1 to a person.").arg(who)
            : tr("UnlimCall's AI agent handed the call with %1 to %2.").arg(who, to);
    notification.facts << NotificationPolicy::transferFact(event.callId.isEmpty() ? event.dedupeKey
                                                                                  : event.callId);
    if (!event.leadId.isEmpty())
        notification.target = {QStringLiteral("leads"), NotificationTarget::Subject::Lead, event.leadId,
                               event.phone};
    else
        notification.target = {QStringLiteral("calls"), NotificationTarget::Subject::Call, event.callId,
                               event.phone};
    return notification;
}

std::optional<Notification> interestedReply(const StoredEvent &event)
{
    const QJsonObject data = bodyOf(event).value(QLatin1String("data")).toObject();
    const QString intent =
            data.value(QLatin1String("replyIntent")).toString(data.value(QLatin1String("intent")).toString());
    if (intent != QLatin1String("interested"))
        return std::nullopt;
    const QString email = event.email;
    const QString campaignId = data.value(QLatin1String("campaignId")).toString();
    const QString subject = data.value(QLatin1String("subject")).toString();
    Notification notification;
    notification.kind = NotificationKind::InterestedReply;
    notification.title = tr("Interested reply");
    notification.message = tr("%1 replied and is interested.").arg(email.isEmpty() ? tr("A contact") : email);
    if (!subject.isEmpty())
        notification.message += QLatin1Char(' ') + tr("Subject: %1").arg(subject);
    notification.facts << NotificationPolicy::replyFact(campaignId,
                                                        email.isEmpty() ? event.dedupeKey : email);
    if (!event.leadId.isEmpty())
        notification.target = {QStringLiteral("leads"), NotificationTarget::Subject::Lead, event.leadId,
                               email};
    else
        notification.target = {QStringLiteral("email"), NotificationTarget::Subject::Reply,
                               data.value(QLatin1String("threadId")).toString(), email};
    return notification;
}

} // namespace

std::optional<Notification> NotificationPolicy::forEvent(const StoredEvent &event)
{
    if (event.vendor == Vendor::UnlimCall && event.type == QLatin1String("call.transferred"))
        return transfer(event);
    if (event.vendor == Vendor::Outreach2day && event.type == QLatin1String("reply.received"))
        return interestedReply(event);
    return std::nullopt;
}

QString NotificationPolicy::replyFact(const QString &campaignId, const QString &email)
{
    return QStringLiteral("reply:%1:%2").arg(campaignId, email.trimmed().toLower());
}

QString NotificationPolicy::transferFact(const QString &callId)
{
    return QStringLiteral("transfer:") + callId;
}
