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

// One event the console learned about: a verified webhook delivery, or a fact seen by polling the
// vendor (PollingFallback). What the Events page, `events list` and EventApplier read.
struct StoredEvent
{
    qint64 id = 0; // the row id, set by EventStore::insert()
    Vendor vendor = Vendor::UnlimCall;
    QString type; // "call.ended", "reply.received", "callback", ...
    QString eventId; // the payload's own event id; empty when it has none
    // Unique per distinct event: "<vendor>:<eventId>", else "<vendor>:sha256:<hex of the raw body>";
    // a polled fact: "<vendor>:<record kind>:<record id>" (e.g. "unlimcall:cdr:1747852442.42").
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
// one row per distinct event, each insert one transaction committed before it returns. A
// RecordTable source for the one table machinery (like CdrStore), so the Events page and
// `events list` read the same rows, newest occurrence first.
//
// De-duplication, the one place for it:
//  - the same delivery or record again: the same dedupeKey (UNIQUE);
//  - the same fact seen by the other source (a call's call.ended by webhook and by its CDR, a
//    reply by webhook and by a feed): the same vendor and type from the other
//    source, with the same call id, or else (either has none) the same number or address at a
//    time within sameFactTolerance(). A CDR's id is not the webhook's callId, so polled calls
//    carry no call id and match by number and time; two different call ids never match.
//  Whichever arrives second is a Duplicate. A webhook that matches a polled row (by fact, or by
//  key: Outreach2day's events list gives the deliveries' own event ids) upgrades it to
//  the webhook's copy (source, event id, key, time, summary, verification, headers, raw body):
//  the signed body says more than a record read back, and the Events page shows what was
//  verified. A poll that matches a webhook row changes nothing.
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
        bool upgraded = false; // Duplicate: a polled row now holds this webhook's copy
        StoreStatus status; // why, when Failed
    };

    // A call's webhook time and its CDR's start + duration differ by the vendor's clocks and by
    // when each was taken (the call's last leg, the record written); replies likewise.
    static constexpr int kDefaultSameFactToleranceSecs = 120;

    explicit EventStore(Database *database);
    void setSameFactTolerance(int seconds) { m_toleranceSecs = qMax(0, seconds); }
    int sameFactTolerance() const { return m_toleranceSecs; }

    static QString component() { return QStringLiteral("events"); }
    static QList<Migration> migrations();

    // "<vendor>:<eventId>" or "<vendor>:sha256:<hex>" (see StoredEvent::dedupeKey).
    static QString dedupeKeyFor(Vendor vendor, const QString &eventId, const QByteArray &rawBody);

    // Stores `event` (its dedupeKey must be set) in one committed transaction; a second event
    // with the same key, or the same fact from the other source, is a Duplicate (see above).
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
    struct Row
    {
        qint64 id = 0; // 0: none
        QString source;
    };
    Row rowWithKey(const QString &dedupeKey, StoreStatus *status) const;
    // The row of the other source that holds the same fact as `event` (the nearest in time).
    Row sameFactRow(const StoredEvent &event, const QString &source, StoreStatus *status) const;
    StoreStatus upgradeToWebhook(qint64 id, const StoredEvent &event);

    Database *m_db;
    int m_toleranceSecs = kDefaultSameFactToleranceSecs;
};
