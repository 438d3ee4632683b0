#include "EventPayload.h"

#include "core/Iso8601.h"
#include "phone/PhoneNumbers.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace {

// The first field of `keys` that `object` has as a non-empty string (or number, as text).
QString firstText(const QJsonObject &object, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isString() && !value.toString().isEmpty())
            return value.toString();
        if (value.isDouble())
            return QString::number(value.toDouble(), 'f', 0);
    }
    return {};
}

// An ISO 8601 text, or a number of seconds (or milliseconds, when that large) since the epoch.
QDateTime timeOf(const QJsonValue &value)
{
    if (value.isString())
        return Iso8601::toDateTime(value.toString());
    if (value.isDouble()) {
        const double n = value.toDouble();
        if (n <= 0)
            return {};
        const qint64 ms = n > 1e11 ? qint64(n) : qint64(n * 1000);
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    }
    return {};
}

QDateTime firstTime(const QJsonObject &object, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const QDateTime t = timeOf(object.value(QLatin1String(key)));
        if (t.isValid())
            return t;
    }
    return {};
}

// The payload's own time of the event. UnlimCall names no timestamp field in its reference
// ("use eventId + timestamps in the payload"): the usual names are read, the event's own first.
const std::initializer_list<const char *> kTimeKeys = {"timestamp",  "occurredAt", "occurred_at", "eventTime",
                                                       "createdAt",  "created_at", "endedAt",     "updatedAt",
                                                       "updated_at", "time"};

QString e164(const QString &text)
{
    if (text.isEmpty())
        return {};
    return PhoneNumbers::toE164(text).value_or(QString());
}

QString tr(const char *text)
{
    return QCoreApplication::translate("EventPayload", text);
}

void describeUnlimCall(StoredEvent &event, const QJsonObject &o)
{
    event.type = firstText(o, {"event", "type"});
    event.eventId = firstText(o, {"eventId", "event_id", "id"});
    event.callId = firstText(o, {"callId", "call_id"});
    event.phone = e164(firstText(o, {"phone", "phoneNumber", "to"}));
    event.occurredAt = firstTime(o, kTimeKeys);
    const QString who = event.phone.isEmpty() ? firstText(o, {"contactId"}) : event.phone;
    QString detail;
    if (event.type == QLatin1String("call.ended"))
        detail = firstText(o, {"dispositionCode", "hangupReason"});
    else if (event.type == QLatin1String("call.transferred"))
        detail = firstText(o, {"transferTarget"});
    else if (event.type == QLatin1String("disposition.set"))
        detail = firstText(o, {"dispositionCode", "disposition", "actor"});
    QStringList parts{event.type};
    if (!who.isEmpty())
        parts << who;
    if (!detail.isEmpty())
        parts << detail;
    event.summary = parts.join(QStringLiteral(" · "));
}

void describeOutreach2day(StoredEvent &event, const QJsonObject &o)
{
    const QJsonObject data = o.value(QLatin1String("data")).toObject();
    event.type = firstText(o, {"type", "event"});
    event.eventId = firstText(o, {"id", "eventId"});
    event.email = firstText(data, {"email"});
    if (event.email.isEmpty())
        event.email = firstText(o, {"email"});
    event.occurredAt = firstTime(o, kTimeKeys);
    if (!event.occurredAt.isValid())
        event.occurredAt = firstTime(data, kTimeKeys);
    QStringList parts{event.type};
    if (!event.email.isEmpty())
        parts << event.email;
    const QString intent = firstText(data, {"replyIntent", "intent"});
    if (!intent.isEmpty())
        parts << intent;
    event.summary = parts.join(QStringLiteral(" · "));
}

void describeVerloop(StoredEvent &event, const QJsonObject &o)
{
    // Verloop documents no callback body: the message id and status are looked for; the raw body
    // is kept and shown whatever it holds.
    const QString status = firstText(o, {"status", "call_status", "state"});
    event.type = status.isEmpty() ? QStringLiteral("callback") : QStringLiteral("callback.") + status;
    event.callId = firstText(o, {"message_id", "messageId", "MessageId", "id"});
    event.phone = e164(firstText(o, {"phone", "phone_number", "to", "Phone"}));
    event.occurredAt = firstTime(o, kTimeKeys);
    QStringList parts{tr("Verloop callback")};
    if (!status.isEmpty())
        parts << status;
    if (!event.callId.isEmpty())
        parts << event.callId;
    event.summary = parts.join(QStringLiteral(" · "));
}

} // namespace

void EventPayload::describe(StoredEvent &event, const QDateTime &signedAt)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(event.rawBody, &error);
    if (error.error == QJsonParseError::NoError && document.isObject()) {
        const QJsonObject object = document.object();
        switch (event.vendor) {
        case Vendor::UnlimCall:
            describeUnlimCall(event, object);
            break;
        case Vendor::Outreach2day:
            describeOutreach2day(event, object);
            break;
        case Vendor::Verloop:
        case Vendor::Unloopa:
            describeVerloop(event, object);
            break;
        }
    }
    if (event.type.isEmpty()) {
        event.type = QStringLiteral("unparsed");
        event.summary =
                QCoreApplication::translate("EventPayload", "A body that is not a JSON object (%n bytes)",
                                            nullptr, int(event.rawBody.size()));
    }
    if (!event.occurredAt.isValid())
        event.occurredAt = signedAt.isValid() ? signedAt : event.receivedAt;
    if (event.source.isEmpty())
        event.source = StoredEvent::sourceWebhook();
    event.dedupeKey = EventStore::dedupeKeyFor(event.vendor, event.eventId, event.rawBody);
}
