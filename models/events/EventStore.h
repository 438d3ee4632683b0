#pragma once

#include "core/Vendor.h"
#include "store/Database.h"
#include "table/RecordTable.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariantList>

#include <optional>

// One event the console learned about: a verified webhook delivery (or, later, a fact seen by
// polling). What the Events page, `events list` and EventApplier read.
struct StoredEvent
{
    qint64 id = 0; // the row id, set by EventStore::insert()
    Vendor vendor = Vendor::UnlimCall;
    QString type; // "call.ended", "reply.received", "callback", ...
    QString eventId; // the payload's own event id; empty when it has none
    // Unique per distinct event: "<vendor>:<eventId>", else "<vendor>:sha256:<hex of the raw body>".
    QString dedupeKey;
    QDateTime occurredAt; // the payload's timestamp, else the signature's t, else receivedAt (UTC)
    QDateTime receivedAt; // UTC
    QString source; // "webhook" | "poll"
    QString verification; // "verified with secret 2 of 3", "unsigned (Verloop token)" — never a secret
    QString callId; // UnlimCall callId, Verloop message_id
    QString phone; // E.164 when the payload names a valid number
    QString email; // Outreach2day contact
    QString leadId; // the console's lead, when known (EventApplier links it)
    QString intentId; // Verloop: the scheduled call's saved intent (from the callback token)
    QString summary; // one line for the table
    QByteArray headers; // the request's headers as compact JSON ({"name": "value"})
    QByteArray rawBody; // the exact bytes received

    static QString sourceWebhook() { return QStringLiteral("webhook"); }
    static QString sourcePoll() { return QStringLiteral("poll"); }
};
Q_DECLARE_METATYPE(StoredEvent)

// The event log (component "events" of the console database; real SQLite, README promise D3):
// one row per distinct event, de-duplicated by dedupeKey (UNIQUE), each insert one transaction
// committed before it returns. A RecordTable source for the one table machinery (like CdrStore),
// so the Events page and `events list` read the same rows, newest occurrence first.
class EventStore
{
public:
    // Columns of schema(), in order.
    enum Column {
        Id,
        OccurredAt,
        VendorColumn,
        Type,
        Summary,
        Phone,
        Email,
        CallId,
        LeadId,
        ReceivedAt,
        Source,
        Verification,
        EventId,
        RawBody,
        ColumnCount
    };

    struct Filter
    {
        QString vendor; // Vendors::id(); empty = any
        QString type;
        QString leadId;
        QDateTime since; // occurredAt >= since; invalid = any
    };

    enum class Outcome { Inserted, Duplicate, Failed };
    struct InsertResult
    {
        Outcome outcome = Outcome::Failed;
        qint64 id = 0; // the new row (Inserted) or the row already stored (Duplicate)
        StoreStatus status; // why, when Failed
    };

    explicit EventStore(Database *database);

    static QString component() { return QStringLiteral("events"); }
    static QList<Migration> migrations();

    // "<vendor>:<eventId>" or "<vendor>:sha256:<hex>" (see StoredEvent::dedupeKey).
    static QString dedupeKeyFor(Vendor vendor, const QString &eventId, const QByteArray &rawBody);

    // Stores `event` (its dedupeKey must be set) in one committed transaction; a second event
    // with the same key is a Duplicate and changes nothing.
    InsertResult insert(const StoredEvent &event);
    // The operator's or EventApplier's link to a lead.
    StoreStatus setLeadId(qint64 id, const QString &leadId);

    std::optional<StoredEvent> event(qint64 id) const;
    std::optional<StoredEvent> eventByKey(const QString &dedupeKey) const;
    // Newest occurrence first (then newest row), at most `limit` (-1 = all).
    QList<StoredEvent> events(const Filter &filter = {}, int limit = -1) const;
    qint64 count() const;

    // --- the one table machinery
    static RecordSchema schema();
    // SELECT for RecordTableLoader, newest first; `binds` receives the filter's values.
    static QString eventsSql(const Filter &filter, QVariantList *binds);
    // The same rows the loader would read back, for merging fresh events into a model.
    static RecordTable rows(const QList<StoredEvent> &events);

    Database *database() const { return m_db; }

private:
    Database *m_db;
};
