#include "EventStore.h"

#include "store/SqlValues.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QSqlQuery>
#include <QVariant>

using namespace SqlValues;

namespace {

// Every column the readers need, in the order rowFrom() reads them.
const char kSelectColumns[] =
        "SELECT id, vendor, type, event_id, dedupe_key, occurred_ms, received_ms, source,"
        " verification, call_id, phone, email, lead_id, intent_id, summary, headers,"
        " raw_body FROM events";

StoredEvent rowFrom(const QSqlQuery &q)
{
    StoredEvent event;
    event.id = q.value(0).toLongLong();
    event.vendor = Vendors::fromId(q.value(1).toString()).value_or(Vendor::UnlimCall);
    event.type = q.value(2).toString();
    event.eventId = q.value(3).toString();
    event.dedupeKey = q.value(4).toString();
    event.occurredAt = fromMs(q.value(5));
    event.receivedAt = fromMs(q.value(6));
    event.source = q.value(7).toString();
    event.verification = q.value(8).toString();
    event.callId = q.value(9).toString();
    event.phone = q.value(10).toString();
    event.email = q.value(11).toString();
    event.leadId = q.value(12).toString();
    event.intentId = q.value(13).toString();
    event.summary = q.value(14).toString();
    event.headers = q.value(15).toByteArray();
    event.rawBody = q.value(16).toByteArray();
    return event;
}

QString whereClause(const EventStore::Filter &filter, QVariantList *binds)
{
    QStringList where;
    auto add = [&](const char *condition, const QVariant &value) {
        where << QString::fromLatin1(condition);
        if (binds)
            binds->append(value);
    };
    if (!filter.vendor.isEmpty())
        add("vendor = ?", filter.vendor);
    if (!filter.type.isEmpty())
        add("type = ?", filter.type);
    if (!filter.leadId.isEmpty())
        add("lead_id = ?", filter.leadId);
    if (filter.since.isValid())
        add("occurred_ms >= ?", filter.since.toMSecsSinceEpoch());
    return where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
}

// NOT NULL text columns: a null QString would bind as NULL.
QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

QVariant headersValue(const QByteArray &headers)
{
    return headers.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(QString::fromUtf8(headers));
}

// A BLOB even when empty (a QByteArray binds as one).
QVariant rawBodyValue(const QByteArray &rawBody)
{
    return rawBody.isNull() ? QByteArray("") : rawBody;
}

QString title(const char *text)
{
    return QCoreApplication::translate("EventStore", text);
}

} // namespace

EventStore::EventStore(Database *database) : m_db(database) { }

QList<Migration> EventStore::migrations()
{
    Migration v1;
    v1.version = 1;
    v1.statements = {
            QStringLiteral("CREATE TABLE events ("
                           " id INTEGER PRIMARY KEY,"
                           " vendor TEXT NOT NULL, type TEXT NOT NULL, event_id TEXT,"
                           " dedupe_key TEXT NOT NULL UNIQUE,"
                           " occurred_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL,"
                           " source TEXT NOT NULL," // "webhook" | "poll"
                           " verification TEXT NOT NULL," // never a secret
                           " call_id TEXT, phone TEXT, email TEXT, lead_id TEXT, intent_id TEXT,"
                           " summary TEXT NOT NULL DEFAULT '',"
                           " headers TEXT," // the request's headers as JSON
                           " raw_body BLOB NOT NULL)"),
            // Newest first is how every reader reads (and the polling fallback will match a call's
            // webhook and its CDR by call id, number and time).
            QStringLiteral("CREATE INDEX events_occurred ON events(occurred_ms DESC, id DESC)"),
            QStringLiteral("CREATE INDEX events_call ON events(call_id)"),
            QStringLiteral("CREATE INDEX events_phone ON events(phone)"),
    };
    return {v1};
}

QString EventStore::dedupeKeyFor(Vendor vendor, const QString &eventId, const QByteArray &rawBody)
{
    const QString prefix = Vendors::id(vendor) + QLatin1Char(':');
    if (!eventId.isEmpty())
        return prefix + eventId;
    return prefix + QStringLiteral("sha256:") +
            QString::fromLatin1(QCryptographicHash::hash(rawBody, QCryptographicHash::Sha256).toHex());
}

EventStore::InsertResult EventStore::insert(const StoredEvent &event)
{
    InsertResult result;
    if (event.dedupeKey.isEmpty()) {
        result.status =
                StoreStatus::failure(StoreStatus::Code::SqlError,
                                     QStringLiteral("An event without a de-duplication key was not stored."));
        return result;
    }
    const QString source = event.source.isEmpty() ? StoredEvent::sourceWebhook() : event.source;
    result.status = m_db->transaction([&]() -> StoreStatus {
        // The same delivery or record again (an Outreach2day event read back from its events list
        // has the delivery's id), else the same fact from the other source.
        StoreStatus found;
        Row same = rowWithKey(event.dedupeKey, &found);
        if (found && same.id == 0)
            same = sameFactRow(event, source, &found);
        if (!found)
            return found;
        if (same.id != 0) {
            result.id = same.id;
            result.outcome = Outcome::Duplicate;
            if (source == StoredEvent::sourceWebhook() && same.source == StoredEvent::sourcePoll()) {
                result.upgraded = true;
                return upgradeToWebhook(same.id, event);
            }
            return {};
        }
        QSqlQuery q = m_db->query();
        q.prepare(QStringLiteral(
                "INSERT INTO events (vendor, type, event_id, dedupe_key, occurred_ms, received_ms, source,"
                " verification, call_id, phone, email, lead_id, intent_id, summary, headers, raw_body)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
        const QDateTime received =
                event.receivedAt.isValid() ? event.receivedAt : QDateTime::currentDateTimeUtc();
        const QDateTime occurred = event.occurredAt.isValid() ? event.occurredAt : received;
        const QVariantList values{Vendors::id(event.vendor),
                                  event.type,
                                  textOrNull(event.eventId),
                                  event.dedupeKey,
                                  occurred.toMSecsSinceEpoch(),
                                  received.toMSecsSinceEpoch(),
                                  source,
                                  notNull(event.verification),
                                  textOrNull(event.callId),
                                  textOrNull(event.phone),
                                  textOrNull(event.email),
                                  textOrNull(event.leadId),
                                  textOrNull(event.intentId),
                                  notNull(event.summary),
                                  headersValue(event.headers),
                                  rawBodyValue(event.rawBody)};
        for (int i = 0; i < values.size(); ++i)
            q.bindValue(i, values.at(i));
        if (StoreStatus s = m_db->exec(q); !s)
            return s;
        result.id = q.lastInsertId().toLongLong();
        result.outcome = Outcome::Inserted;
        return {};
    });
    if (!result.status) {
        result.outcome = Outcome::Failed;
        result.id = 0;
        result.upgraded = false;
    }
    return result;
}

EventStore::Row EventStore::rowWithKey(const QString &dedupeKey, StoreStatus *status) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT id, source FROM events WHERE dedupe_key = ?"));
    q.addBindValue(dedupeKey);
    if (*status = m_db->exec(q); !*status || !q.next())
        return {};
    return {q.value(0).toLongLong(), q.value(1).toString()};
}

EventStore::Row EventStore::sameFactRow(const StoredEvent &event, const QString &source,
                                        StoreStatus *status) const
{
    const bool hasParty = !event.phone.isEmpty() || !event.email.isEmpty();
    if (event.callId.isEmpty() && !hasParty)
        return {};
    const QDateTime time = event.occurredAt.isValid() ? event.occurredAt : event.receivedAt;
    const qint64 at = time.isValid() ? time.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
    QStringList who;
    QVariantList binds{Vendors::id(event.vendor), event.type, source};
    if (!event.callId.isEmpty()) {
        who << QStringLiteral("call_id = ?");
        binds << event.callId;
    }
    if (hasParty) {
        // Two different call ids are two calls, however close in number and time.
        QString party = QStringLiteral("(%1) AND occurred_ms BETWEEN ? AND ?")
                                .arg(!event.phone.isEmpty() ? QStringLiteral("phone = ?")
                                                            : QStringLiteral("lower(email) = lower(?)"));
        binds << (!event.phone.isEmpty() ? event.phone : event.email);
        if (!event.callId.isEmpty())
            party.prepend(QStringLiteral("call_id IS NULL AND "));
        who << QStringLiteral("(") + party + QStringLiteral(")");
        binds << at - qint64(m_toleranceSecs) * 1000 << at + qint64(m_toleranceSecs) * 1000;
    }
    binds << at;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral(
                      "SELECT id, source FROM events WHERE vendor = ? AND type = ? AND source <> ? AND (") +
              who.join(QStringLiteral(" OR ")) +
              QStringLiteral(") ORDER BY abs(occurred_ms - ?), id LIMIT 1"));
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (*status = m_db->exec(q); !*status || !q.next())
        return {};
    return {q.value(0).toLongLong(), q.value(1).toString()};
}

StoreStatus EventStore::upgradeToWebhook(qint64 id, const StoredEvent &event)
{
    // The row keeps its id, lead link and first reception; everything the delivery says replaces
    // what the polled record said (its key too: a redelivery is then a Duplicate by key, and the
    // next poll of the record a Duplicate of this webhook row).
    const QDateTime occurred = event.occurredAt.isValid() ? event.occurredAt : event.receivedAt;
    return m_db->exec(QStringLiteral("UPDATE events SET source = ?, event_id = ?, dedupe_key = ?,"
                                     " occurred_ms = coalesce(?, occurred_ms),"
                                     " verification = ?, call_id = coalesce(?, call_id), summary = ?,"
                                     " headers = ?, raw_body = ? WHERE id = ?"),
                      {StoredEvent::sourceWebhook(), textOrNull(event.eventId), event.dedupeKey,
                       occurred.isValid() ? QVariant(occurred.toMSecsSinceEpoch()) : QVariant(),
                       notNull(event.verification), textOrNull(event.callId), notNull(event.summary),
                       headersValue(event.headers), rawBodyValue(event.rawBody), id});
}

StoreStatus EventStore::setLeadId(qint64 id, const QString &leadId)
{
    return m_db->exec(QStringLiteral("UPDATE events SET lead_id = ? WHERE id = ?"), {textOrNull(leadId), id});
}

std::optional<StoredEvent> EventStore::event(qint64 id) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QString::fromLatin1(kSelectColumns) + QStringLiteral(" WHERE id = ?"));
    q.addBindValue(id);
    if (!m_db->exec(q) || !q.next())
        return std::nullopt;
    return rowFrom(q);
}

std::optional<StoredEvent> EventStore::eventByKey(const QString &dedupeKey) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QString::fromLatin1(kSelectColumns) + QStringLiteral(" WHERE dedupe_key = ?"));
    q.addBindValue(dedupeKey);
    if (!m_db->exec(q) || !q.next())
        return std::nullopt;
    return rowFrom(q);
}

QList<StoredEvent> EventStore::events(const Filter &filter, int limit) const
{
    QList<StoredEvent> list;
    QVariantList binds;
    QString sql = QString::fromLatin1(kSelectColumns) + whereClause(filter, &binds) +
            QStringLiteral(" ORDER BY occurred_ms DESC, id DESC");
    if (limit >= 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    QSqlQuery q = m_db->query();
    q.prepare(sql);
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (!m_db->exec(q))
        return list;
    while (q.next())
        list.append(rowFrom(q));
    return list;
}

qint64 EventStore::count() const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM events"));
    return m_db->exec(q) && q.next() ? q.value(0).toLongLong() : 0;
}

// ---------------------------------------------------------------------------------------------
// The one table machinery

RecordSchema EventStore::schema()
{
    using T = ColumnType;
    QList<ColumnSpec> columns(ColumnCount);
    columns[Id] = ColumnSpec::make(T::Integer, QStringLiteral("id"), title("Event")).hidden().notSearchable();
    columns[OccurredAt] = ColumnSpec::make(T::DateTime, QStringLiteral("occurredAt"), title("When"))
                                  .withToolTip(title("When it happened, as the vendor reports it"));
    columns[VendorColumn] = ColumnSpec::make(T::Category, QStringLiteral("vendor"), title("Vendor"));
    columns[Type] = ColumnSpec::make(T::Category, QStringLiteral("type"), title("Event"));
    columns[Summary] = ColumnSpec::make(T::Text, QStringLiteral("summary"), title("Summary"));
    columns[Phone] = ColumnSpec::make(T::Phone, QStringLiteral("phone"), title("Number"));
    columns[Email] = ColumnSpec::make(T::Text, QStringLiteral("email"), title("Email"));
    columns[CallId] = ColumnSpec::make(T::Text, QStringLiteral("callId"), title("Call")).hidden();
    columns[LeadId] = ColumnSpec::make(T::Text, QStringLiteral("leadId"), title("Lead")).hidden();
    columns[ReceivedAt] =
            ColumnSpec::make(T::DateTime, QStringLiteral("receivedAt"), title("Received")).hidden();
    columns[Source] =
            ColumnSpec::make(T::Category, QStringLiteral("source"), title("Source"))
                    .hidden()
                    .withToolTip(title("webhook: delivered to the console; poll: read from the vendor"));
    columns[Verification] =
            ColumnSpec::make(T::Text, QStringLiteral("verification"), title("Verification")).notSearchable();
    columns[EventId] =
            ColumnSpec::make(T::Text, QStringLiteral("eventId"), title("Vendor event id")).hidden();
    columns[RawBody] = ColumnSpec::make(T::Text, QStringLiteral("rawBody"), title("Raw body")).hidden();
    return RecordSchema(columns, QStringLiteral("id"));
}

QString EventStore::eventsSql(const Filter &filter, QVariantList *binds)
{
    // CAST: the raw body is a BLOB; the table shows it as text.
    return QStringLiteral("SELECT id, occurred_ms AS occurredAt, vendor, type, summary, phone, email,"
                          " call_id AS callId, lead_id AS leadId, received_ms AS receivedAt, source,"
                          " verification, event_id AS eventId, CAST(raw_body AS TEXT) AS rawBody"
                          " FROM events") +
            whereClause(filter, binds) + QStringLiteral(" ORDER BY occurred_ms DESC, id DESC");
}

RecordTable EventStore::rows(const QList<StoredEvent> &events)
{
    RecordTable table(schema());
    table.reserve(int(events.size()));
    auto text = [&table](int row, int column, const QString &value) {
        if (!value.isEmpty())
            table.setText(row, column, value);
    };
    for (const StoredEvent &event : events) {
        const int r = table.appendRow();
        table.setInteger(r, Id, event.id);
        if (event.occurredAt.isValid())
            table.setDateTime(r, OccurredAt, event.occurredAt.toMSecsSinceEpoch());
        table.setText(r, VendorColumn, Vendors::id(event.vendor));
        text(r, Type, event.type);
        text(r, Summary, event.summary);
        text(r, Phone, event.phone);
        text(r, Email, event.email);
        text(r, CallId, event.callId);
        text(r, LeadId, event.leadId);
        if (event.receivedAt.isValid())
            table.setDateTime(r, ReceivedAt, event.receivedAt.toMSecsSinceEpoch());
        text(r, Source, event.source);
        text(r, Verification, event.verification);
        text(r, EventId, event.eventId);
        text(r, RawBody, QString::fromUtf8(event.rawBody));
    }
    return table;
}
