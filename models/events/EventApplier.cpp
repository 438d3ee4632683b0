#include "EventApplier.h"

#include "email/SuppressionSync.h"
#include "outbound/OutboundStore.h"
#include "store/LeadStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

namespace {
Q_LOGGING_CATEGORY(lcApplier, "cc.events.applier")

const QString kDncAdded = QStringLiteral("dnc.added");
const QString kUnsubscribed = QStringLiteral("contact.unsubscribed");

// A Verloop callback's status: the body is undocumented, so the usual spellings are tried.
QString callbackStatus(const QByteArray &rawBody)
{
    const QJsonObject body = QJsonDocument::fromJson(rawBody).object();
    for (const char *key : {"status", "Status", "call_status", "state"}) {
        const QString status = body.value(QLatin1String(key)).toString().trimmed();
        if (!status.isEmpty())
            return status;
    }
    return {};
}

StoreStatus failure(const QString &message)
{
    return StoreStatus::failure(StoreStatus::Code::SqlError, message);
}
} // namespace

EventApplier::EventApplier(EventStore *events, Targets targets, QObject *parent)
    : QObject(parent), m_events(events), m_targets(targets)
{ }

QList<Migration> EventApplier::migrations()
{
    Migration v1;
    v1.version = 1;
    v1.statements = {
            // One row per applied event. A Verloop callback also keeps its call's intent and when
            // it happened, so an older status arriving late does not overwrite a newer one.
            QStringLiteral("CREATE TABLE event_applier_done ("
                           " event_id INTEGER PRIMARY KEY,"
                           " intent_id TEXT,"
                           " occurred_at_ms INTEGER,"
                           " applied_at_ms INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX event_applier_done_intent"
                           " ON event_applier_done(intent_id, occurred_at_ms)"),
    };
    return {v1};
}

bool EventApplier::apply(const StoredEvent &stored)
{
    StoredEvent event = stored;
    if (isApplied(event.id))
        return true;
    StoreStatus status = applyEffects(event);
    if (status)
        status = markApplied(event);
    if (!status) {
        qCWarning(lcApplier).noquote()
                << "event" << event.id << event.type << "not applied:" << status.summary();
        Q_EMIT failed(event, status.message);
        return false;
    }
    Q_EMIT applied(event);
    return true;
}

EventApplier::CaughtUp EventApplier::catchUp()
{
    CaughtUp result;
    QSqlQuery q = m_events->database()->query();
    // EventStore's table ("events"): the rows no mark covers yet.
    if (!q.exec(QStringLiteral("SELECT e.id FROM events e LEFT JOIN event_applier_done d ON d.event_id = e.id"
                               " WHERE d.event_id IS NULL ORDER BY e.id"))) {
        result.status = failure(tr("The event log could not be read: %1").arg(q.lastError().text()));
        return result;
    }
    QList<qint64> pending;
    while (q.next())
        pending.append(q.value(0).toLongLong());
    for (qint64 id : std::as_const(pending)) {
        const std::optional<StoredEvent> event = m_events->event(id);
        if (!event) {
            result.status = failure(tr("Event %1 could not be read.").arg(id));
            break;
        }
        if (!apply(*event)) {
            result.status = failure(tr("Event %1 could not be applied.").arg(id));
            break;
        }
        ++result.applied;
    }
    return result;
}

bool EventApplier::isApplied(qint64 eventId) const
{
    QSqlQuery q = m_events->database()->query();
    q.prepare(QStringLiteral("SELECT 1 FROM event_applier_done WHERE event_id = ?"));
    q.addBindValue(eventId);
    return q.exec() && q.next();
}

StoreStatus EventApplier::applyEffects(StoredEvent &event)
{
    StoreStatus status;
    if (event.vendor == Vendor::UnlimCall && event.type == kDncAdded)
        status = listNumber(event);
    else if (event.vendor == Vendor::Outreach2day && event.type == kUnsubscribed)
        status = takeUnsubscribe(event);
    else if (event.vendor == Vendor::Verloop && !event.intentId.isEmpty())
        status = updateScheduledCall(event);
    if (!status)
        return status;
    return linkLead(event);
}

StoreStatus EventApplier::listNumber(const StoredEvent &event)
{
    if (!m_targets.outbound)
        return {};
    if (event.phone.isEmpty()) {
        // Nothing to list; the event stays in the log for the operator to read.
        qCWarning(lcApplier).noquote() << "dnc.added event" << event.id << "names no valid number";
        return {};
    }
    DncEntry entry;
    entry.kind = DncEntry::Kind::Phone;
    entry.value = event.phone;
    entry.source = doNotContactSource();
    entry.reason = event.summary.isEmpty() ? tr("UnlimCall moved the number to Do-Not-Call.") : event.summary;
    entry.addedAt = QDateTime::currentDateTimeUtc();
    entry.addedBy = Vendors::displayName(Vendor::UnlimCall);
    return m_targets.outbound->addToDoNotContact({entry});
}

StoreStatus EventApplier::takeUnsubscribe(const StoredEvent &event)
{
    if (!m_targets.suppressions || event.email.isEmpty())
        return {};
    O2dContactChange change;
    change.email = event.email;
    change.status = QStringLiteral("unsubscribed");
    change.updatedAt = event.occurredAt;
    change.contactId = QJsonDocument::fromJson(event.rawBody)
                               .object()
                               .value(QStringLiteral("data"))
                               .toObject()
                               .value(QStringLiteral("contactId"))
                               .toString();
    const Result<QStringList> taken = m_targets.suppressions->takeUnsubscribes({change});
    if (!taken.ok())
        return failure(taken.error().summary());
    return {};
}

StoreStatus EventApplier::updateScheduledCall(const StoredEvent &event)
{
    if (!m_targets.outbound)
        return {};
    const QString status = callbackStatus(event.rawBody);
    QSqlQuery newer = m_events->database()->query();
    newer.prepare(QStringLiteral("SELECT 1 FROM event_applier_done WHERE intent_id = ? AND occurred_at_ms > ?"
                                 " LIMIT 1"));
    newer.addBindValue(event.intentId);
    newer.addBindValue(event.occurredAt.toMSecsSinceEpoch());
    if (!newer.exec())
        return failure(tr("The applied events could not be read: %1").arg(newer.lastError().text()));
    if (newer.next())
        return {}; // a later status of this call is shown already: this one stays in the log only

    const std::optional<OutboundIntent> intent = m_targets.outbound->intent(event.intentId);
    if (!intent) {
        if (const StoreStatus read = m_targets.outbound->lastReadStatus(); !read)
            return read;
        // The intent is gone (another database?): the callback stays in the log.
        qCWarning(lcApplier).noquote() << "Verloop callback" << event.id << "for an unknown intent";
        return {};
    }
    // A callback proves Verloop has the call: one the console lost track of (a crash while it was
    // being sent) is no longer unknown. Every other state stays as the guard recorded it.
    const OutboundIntent::State state =
            intent->state == OutboundIntent::State::Unknown ? OutboundIntent::State::Sent : intent->state;
    return m_targets.outbound->updateIntent(event.intentId, state, event.callId, status);
}

StoreStatus EventApplier::linkLead(StoredEvent &event)
{
    if (!m_targets.leads || !event.leadId.isEmpty() || (event.phone.isEmpty() && event.email.isEmpty()))
        return {};
    const std::optional<QString> lead = m_targets.leads->leadIdFor(event.phone, event.email);
    if (!lead)
        return {};
    if (const StoreStatus linked = m_events->setLeadId(event.id, *lead); !linked)
        return linked;
    event.leadId = *lead;
    return {};
}

StoreStatus EventApplier::markApplied(const StoredEvent &event)
{
    return m_events->database()->exec(
            QStringLiteral("INSERT OR IGNORE INTO event_applier_done"
                           " (event_id, intent_id, occurred_at_ms, applied_at_ms) VALUES (?, ?, ?, ?)"),
            {event.id, event.intentId.isEmpty() ? QVariant() : QVariant(event.intentId),
             event.occurredAt.isValid() ? QVariant(event.occurredAt.toMSecsSinceEpoch()) : QVariant(),
             QDateTime::currentMSecsSinceEpoch()});
}
