#include "SqliteOutboundStore.h"

#include "store/SqlValues.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <limits>

using namespace SqlValues;

namespace {

const QString kListChange = QStringLiteral("dnc_remove");

// QtSql binds a null QString as NULL: text columns get '' instead.
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

qint64 msOrNow(const QDateTime &dt)
{
    return (dt.isValid() ? dt : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch();
}

QString stateId(OutboundIntent::State state)
{
    switch (state) {
    case OutboundIntent::State::Pending:
        return QStringLiteral("pending");
    case OutboundIntent::State::Sent:
        return QStringLiteral("sent");
    case OutboundIntent::State::Failed:
        return QStringLiteral("failed");
    case OutboundIntent::State::Unknown:
        return QStringLiteral("unknown");
    }
    return {};
}

OutboundIntent::State stateFromId(const QString &id)
{
    if (id == QLatin1String("sent"))
        return OutboundIntent::State::Sent;
    if (id == QLatin1String("failed"))
        return OutboundIntent::State::Failed;
    if (id == QLatin1String("unknown"))
        return OutboundIntent::State::Unknown;
    return OutboundIntent::State::Pending;
}

StoreStatus queryFailure(const QSqlQuery &query, const QString &what)
{
    const QSqlError error = query.lastError();
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return Database::sqliteFailure(ok ? code : -1, what,
                                   error.text() + QStringLiteral(" in: ") + query.lastQuery());
}

// The columns every reader selects, in the order the row readers expect.
const QString kDncColumns = QStringLiteral("id, kind, value, source, reason, added_at_ms, added_by");
const QString kAttemptColumns =
        QStringLiteral("id, at_ms, vendor, action, recipient, verdict, reason_code, reason, override_reason, "
                       "rings_at_ms, attempt_weight, intent_id, actor");
const QString kOutcomeColumns = QStringLiteral("id, attempt_id, at_ms, outcome, vendor_ref, error");
const QString kIntentColumns = QStringLiteral(
        "id, vendor, action, recipient, dedupe_key, request_summary, created_at_ms, rings_at_ms, "
        "state, vendor_ref, status, updated_at_ms");

DncEntry dncFrom(const QSqlQuery &q)
{
    DncEntry e;
    e.id = q.value(0).toLongLong();
    e.kind = DncEntry::kindFromId(q.value(1).toString());
    e.value = q.value(2).toString();
    e.source = q.value(3).toString();
    e.reason = q.value(4).toString();
    e.addedAt = fromMs(q.value(5));
    e.addedBy = q.value(6).toString();
    return e;
}

AuditAttempt attemptFrom(const QSqlQuery &q)
{
    AuditAttempt a;
    a.id = q.value(0).toLongLong();
    a.at = fromMs(q.value(1));
    a.vendor = Vendors::fromId(q.value(2).toString()).value_or(Vendor::UnlimCall);
    a.action = q.value(3).toString();
    a.recipient = q.value(4).toString();
    a.verdict = q.value(5).toString();
    a.reasonCode = q.value(6).toString();
    a.reason = q.value(7).toString();
    a.overrideReason = q.value(8).toString();
    a.ringsAt = fromMs(q.value(9));
    a.attemptWeight = q.value(10).toInt();
    a.intentId = q.value(11).toString();
    a.actor = q.value(12).toString();
    return a;
}

AuditOutcome outcomeFrom(const QSqlQuery &q)
{
    AuditOutcome o;
    o.id = q.value(0).toLongLong();
    o.attemptId = q.value(1).toLongLong();
    o.at = fromMs(q.value(2));
    o.outcome = q.value(3).toString();
    o.vendorRef = q.value(4).toString();
    o.error = q.value(5).toString();
    return o;
}

OutboundIntent intentFrom(const QSqlQuery &q)
{
    OutboundIntent i;
    i.id = q.value(0).toString();
    i.vendor = Vendors::fromId(q.value(1).toString()).value_or(Vendor::UnlimCall);
    i.action = q.value(2).toString();
    i.recipient = q.value(3).toString();
    i.dedupeKey = q.value(4).toString();
    i.requestSummary = q.value(5).toByteArray();
    i.createdAt = fromMs(q.value(6));
    i.ringsAt = fromMs(q.value(7));
    i.state = stateFromId(q.value(8).toString());
    i.vendorRef = q.value(9).toString();
    i.status = q.value(10).toString();
    i.updatedAt = fromMs(q.value(11));
    return i;
}

// The triggers that make a table append-only (README promise O6). REPLACE deletes the row it
// replaces without firing DELETE triggers (unless recursive_triggers is on), so an INSERT with an
// id that exists is refused as well.
QStringList appendOnly(const QString &table)
{
    const QString refuse = QStringLiteral("SELECT RAISE(ABORT, 'the audit log is append-only: %1 rows "
                                          "cannot be changed or removed'); END")
                                   .arg(table);
    return {
            QStringLiteral("CREATE TRIGGER %1_no_update BEFORE UPDATE ON %1 BEGIN ").arg(table) + refuse,
            QStringLiteral("CREATE TRIGGER %1_no_delete BEFORE DELETE ON %1 BEGIN ").arg(table) + refuse,
            QStringLiteral("CREATE TRIGGER %1_no_replace BEFORE INSERT ON %1 WHEN NEW.id IS NOT NULL AND "
                           "EXISTS (SELECT 1 FROM %1 WHERE id = NEW.id) BEGIN ")
                            .arg(table) +
                    refuse,
    };
}

// One read: prepared, bound, each row turned into a value by `from`. A failure is kept in
// `readStatus` and gives no rows: the guard asks lastReadStatus(), so a list that cannot be read
// is never taken for an empty one.
template<typename From>
auto selectRows(Database &db, StoreStatus &readStatus, const QString &sql, const QVariantList &binds,
                From from, const QString &failure) -> QList<decltype(from(std::declval<const QSqlQuery &>()))>
{
    QList<decltype(from(std::declval<const QSqlQuery &>()))> rows;
    QSqlQuery q = db.query();
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        readStatus = queryFailure(q, failure);
        return rows;
    }
    for (const QVariant &value : binds)
        q.addBindValue(value);
    if (!q.exec()) {
        readStatus = queryFailure(q, failure);
        return rows;
    }
    while (q.next())
        rows.append(from(q));
    return rows;
}

template<typename T>
std::optional<T> firstOf(const QList<T> &rows)
{
    return rows.isEmpty() ? std::nullopt : std::optional<T>(rows.first());
}

const QString kListReadFailed = QStringLiteral("Reading the do-not-contact list failed.");
const QString kLogReadFailed = QStringLiteral("Reading the audit log failed.");
const QString kIntentsReadFailed = QStringLiteral("Reading the outbound intents failed.");

} // namespace

SqliteOutboundStore::SqliteOutboundStore(const QString &databasePath)
    : m_path(databasePath.isEmpty() ? Database::defaultPath() : databasePath)
{ }

SqliteOutboundStore::~SqliteOutboundStore() = default;

QList<Migration> SqliteOutboundStore::migrations()
{
    Migration v1;
    v1.version = 1;
    v1.statements = {
            QStringLiteral("CREATE TABLE dnc_entries ("
                           " id INTEGER PRIMARY KEY,"
                           " kind TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'domain')),"
                           " value TEXT NOT NULL UNIQUE," // E.164, lower-case address or domain
                           " source TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',"
                           " added_at_ms INTEGER NOT NULL, added_by TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE TABLE audit_attempts ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT," // ids are never reused
                           " at_ms INTEGER NOT NULL,"
                           " vendor TEXT," // NULL on a change to the do-not-contact list
                           " action TEXT NOT NULL, recipient TEXT NOT NULL,"
                           " verdict TEXT NOT NULL"
                           "  CHECK (verdict IN ('allowed', 'refused', 'needs_override', 'recorded')),"
                           " reason_code TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',"
                           " override_reason TEXT NOT NULL DEFAULT '',"
                           " rings_at_ms INTEGER NOT NULL," // = at_ms for calls that ring at once
                           " attempt_weight INTEGER NOT NULL CHECK (attempt_weight >= 0),"
                           " intent_id TEXT, actor TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX audit_attempts_recipient ON audit_attempts(recipient, rings_at_ms)"),
            QStringLiteral("CREATE INDEX audit_attempts_at ON audit_attempts(at_ms)"),
            QStringLiteral("CREATE TABLE audit_outcomes ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " attempt_id INTEGER NOT NULL REFERENCES audit_attempts(id),"
                           " at_ms INTEGER NOT NULL,"
                           " outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'failed', 'unknown')),"
                           " vendor_ref TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX audit_outcomes_attempt ON audit_outcomes(attempt_id)"),
            QStringLiteral("CREATE INDEX audit_outcomes_at ON audit_outcomes(at_ms)"),
            QStringLiteral("CREATE TABLE outbound_intents ("
                           " id TEXT PRIMARY KEY NOT NULL, vendor TEXT NOT NULL, action TEXT NOT NULL,"
                           " recipient TEXT NOT NULL, dedupe_key TEXT NOT NULL, request_summary BLOB,"
                           " created_at_ms INTEGER NOT NULL, rings_at_ms INTEGER,"
                           " state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'unknown')),"
                           " vendor_ref TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT '',"
                           " updated_at_ms INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX outbound_intents_key ON outbound_intents(dedupe_key)"),
            QStringLiteral("CREATE INDEX outbound_intents_vendor ON outbound_intents(vendor, created_at_ms)"),
    };
    v1.statements += appendOnly(QStringLiteral("audit_attempts"));
    v1.statements += appendOnly(QStringLiteral("audit_outcomes"));
    return {v1};
}

StoreStatus SqliteOutboundStore::open()
{
    if (m_ready)
        return {};
    auto db = std::make_unique<Database>(m_path);
    db->registerMigrations(component(), migrations());
    StoreStatus status = db->open();
    if (status)
        status = db->migrate();
    if (!status)
        return status;
    m_db = std::move(db);
    m_ready = true;
    return {};
}

bool SqliteOutboundStore::readable()
{
    m_readStatus = open();
    return m_readStatus.ok();
}

QString SqliteOutboundStore::normalisedValue(DncEntry::Kind kind, const QString &value)
{
    QString v = value.trimmed();
    switch (kind) {
    case DncEntry::Kind::Phone:
        return v;
    case DncEntry::Kind::Domain:
        if (v.startsWith(QLatin1Char('@')))
            v.remove(0, 1);
        return v.toLower();
    case DncEntry::Kind::Email:
        return v.toLower();
    }
    return v;
}

QString SqliteOutboundStore::valueProblem(DncEntry::Kind kind, const QString &value)
{
    static const QRegularExpression e164(QStringLiteral("^\\+[1-9][0-9]{6,14}$"));
    static const QRegularExpression address(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    static const QRegularExpression domain(QStringLiteral("^[^@\\s]+\\.[^@\\s]+$"));
    const QString normalised = normalisedValue(kind, value);
    switch (kind) {
    case DncEntry::Kind::Phone:
        if (!e164.match(normalised).hasMatch())
            return QStringLiteral("'%1' is not a phone number in E.164 form (+ and 7 to 15 digits).")
                    .arg(normalised);
        break;
    case DncEntry::Kind::Email:
        if (!address.match(normalised).hasMatch())
            return QStringLiteral("'%1' is not an email address.").arg(normalised);
        break;
    case DncEntry::Kind::Domain:
        if (!domain.match(normalised).hasMatch())
            return QStringLiteral("'%1' is not an email domain.").arg(normalised);
        break;
    }
    return {};
}

QString SqliteOutboundStore::entryProblem(const DncEntry &entry)
{
    if (QString problem = valueProblem(entry.kind, entry.value); !problem.isEmpty())
        return problem;
    if (entry.source.trimmed().isEmpty())
        return QStringLiteral("The entry '%1' does not say where it comes from (source).")
                .arg(normalisedValue(entry.kind, entry.value));
    return {};
}

// ---------------------------------------------------------------------------------------------
// Do-not-contact list

StoreStatus SqliteOutboundStore::addToDoNotContact(const QList<DncEntry> &entries)
{
    for (const DncEntry &entry : entries) {
        if (const QString problem = entryProblem(entry); !problem.isEmpty())
            return StoreStatus::failure(StoreStatus::Code::SqlError,
                                        problem + QStringLiteral(" Nothing was added."));
    }
    if (StoreStatus s = open(); !s)
        return s;
    QList<DncEntry> added;
    const StoreStatus saved = m_db->transaction([&]() -> StoreStatus {
        added.clear(); // a retried transaction starts again
        QSqlQuery insert = m_db->query();
        // DO NOTHING on the value only: an entry already listed keeps its first source and reason,
        // while any other failure (a CHECK) still fails the whole batch.
        if (!insert.prepare(
                    QStringLiteral("INSERT INTO dnc_entries(kind, value, source, reason, added_at_ms, "
                                   "added_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(value) DO NOTHING")))
            return queryFailure(insert, QStringLiteral("Saving the do-not-contact list failed."));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const DncEntry &entry : entries) {
            insert.bindValue(0, DncEntry::kindId(entry.kind));
            insert.bindValue(1, normalisedValue(entry.kind, entry.value));
            insert.bindValue(2, entry.source.trimmed());
            insert.bindValue(3, text(entry.reason));
            insert.bindValue(4, entry.addedAt.isValid() ? entry.addedAt.toMSecsSinceEpoch() : now);
            insert.bindValue(5, text(entry.addedBy));
            if (!insert.exec())
                return queryFailure(insert, QStringLiteral("Saving the do-not-contact list failed."));
            if (insert.numRowsAffected() > 0) // 0: already listed (DO NOTHING)
                added.append(entry);
        }
        return {};
    });
    if (saved && !added.isEmpty())
        Q_EMIT doNotContactAdded(added);
    return saved;
}

StoreStatus SqliteOutboundStore::removeFromDoNotContact(const QString &value, const QString &reason,
                                                        const QString &removedBy)
{
    if (reason.trimmed().isEmpty())
        return StoreStatus::failure(StoreStatus::Code::SqlError,
                                    QStringLiteral("Removing an entry from the do-not-contact list needs a "
                                                   "reason. Nothing was removed."));
    if (StoreStatus s = open(); !s)
        return s;
    // The value as the operator typed it may be an address or a domain ("@example.com").
    const QString trimmed = value.trimmed();
    const QString stored = trimmed.startsWith(QLatin1Char('+')) ? trimmed
            : trimmed.contains(QLatin1Char('@')) && !trimmed.startsWith(QLatin1Char('@'))
            ? normalisedValue(DncEntry::Kind::Email, trimmed)
            : normalisedValue(DncEntry::Kind::Domain, trimmed);
    return m_db->transaction([&]() -> StoreStatus {
        QSqlQuery remove = m_db->query();
        if (!remove.prepare(QStringLiteral("DELETE FROM dnc_entries WHERE value = ?")))
            return queryFailure(remove, QStringLiteral("Removing from the do-not-contact list failed."));
        remove.addBindValue(stored);
        if (!remove.exec())
            return queryFailure(remove, QStringLiteral("Removing from the do-not-contact list failed."));
        if (remove.numRowsAffected() != 1)
            return StoreStatus::failure(
                    StoreStatus::Code::SqlError,
                    QStringLiteral("'%1' is not on the do-not-contact list. Nothing was removed.")
                            .arg(stored));
        AuditAttempt removal;
        removal.action = kListChange;
        removal.recipient = stored;
        removal.verdict = QStringLiteral("recorded");
        removal.reasonCode = kListChange;
        removal.reason = reason.trimmed();
        removal.attemptWeight = 0;
        removal.actor = removedBy;
        return insertAttempt(removal);
    });
}

std::optional<DncEntry> SqliteOutboundStore::listedEntry(const Recipient &recipient)
{
    if (!readable())
        return std::nullopt;
    // Most specific first: the number or address itself, then its domain, then parent domains.
    QStringList candidates;
    if (recipient.channel == Recipient::Channel::Phone) {
        candidates.append(recipient.address.trimmed());
    } else {
        const QString address = normalisedValue(DncEntry::Kind::Email, recipient.address);
        candidates.append(address);
        QString domain = address.section(QLatin1Char('@'), -1);
        while (domain.contains(QLatin1Char('.'))) {
            candidates.append(domain);
            domain = domain.section(QLatin1Char('.'), 1);
        }
    }
    QSqlQuery q = m_db->query();
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT %1 FROM dnc_entries WHERE value = ?").arg(kDncColumns))) {
        m_readStatus = queryFailure(q, kListReadFailed);
        return std::nullopt;
    }
    for (const QString &candidate : std::as_const(candidates)) {
        q.bindValue(0, candidate);
        if (!q.exec()) {
            m_readStatus = queryFailure(q, kListReadFailed);
            return std::nullopt;
        }
        if (q.next())
            return dncFrom(q);
    }
    return std::nullopt;
}

QList<DncEntry> SqliteOutboundStore::doNotContactEntries()
{
    if (!readable())
        return {};
    return selectRows(
            *m_db, m_readStatus,
            QStringLiteral("SELECT %1 FROM dnc_entries ORDER BY added_at_ms DESC, id DESC").arg(kDncColumns),
            {}, dncFrom, kListReadFailed);
}

// ---------------------------------------------------------------------------------------------
// Audit log

StoreStatus SqliteOutboundStore::insertAttempt(AuditAttempt &attempt)
{
    const qint64 at = msOrNow(attempt.at);
    QSqlQuery insert = m_db->query();
    if (!insert.prepare(
                QStringLiteral("INSERT INTO audit_attempts(at_ms, vendor, action, recipient, verdict, "
                               "reason_code, reason, override_reason, rings_at_ms, attempt_weight, "
                               "intent_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")))
        return queryFailure(insert, QStringLiteral("Saving to the audit log failed."));
    insert.addBindValue(at);
    insert.addBindValue(attempt.isListChange() ? QVariant(QMetaType(QMetaType::QString))
                                               : QVariant(Vendors::id(attempt.vendor)));
    insert.addBindValue(text(attempt.action));
    insert.addBindValue(text(attempt.recipient));
    insert.addBindValue(text(attempt.verdict));
    insert.addBindValue(text(attempt.reasonCode));
    insert.addBindValue(text(attempt.reason));
    insert.addBindValue(text(attempt.overrideReason));
    insert.addBindValue(attempt.ringsAt.isValid() ? attempt.ringsAt.toMSecsSinceEpoch() : at);
    insert.addBindValue(attempt.attemptWeight);
    insert.addBindValue(textOrNull(attempt.intentId));
    insert.addBindValue(text(attempt.actor));
    if (!insert.exec())
        return queryFailure(insert, QStringLiteral("Saving to the audit log failed."));
    attempt.id = insert.lastInsertId().toLongLong();
    attempt.at = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC);
    return {};
}

StoreStatus SqliteOutboundStore::appendAttempt(AuditAttempt &attempt)
{
    if (StoreStatus s = open(); !s)
        return s;
    AuditAttempt row = attempt;
    const StoreStatus status = m_db->transaction([&] { return insertAttempt(row); });
    if (status)
        attempt = row;
    return status;
}

StoreStatus SqliteOutboundStore::appendOutcome(AuditOutcome &outcome)
{
    if (StoreStatus s = open(); !s)
        return s;
    const qint64 at = msOrNow(outcome.at);
    qint64 id = 0;
    const StoreStatus status = m_db->transaction([&]() -> StoreStatus {
        QSqlQuery insert = m_db->query();
        if (!insert.prepare(QStringLiteral(
                    "INSERT INTO audit_outcomes(attempt_id, at_ms, outcome, vendor_ref, error) "
                    "VALUES (?, ?, ?, ?, ?)")))
            return queryFailure(insert, QStringLiteral("Saving to the audit log failed."));
        insert.addBindValue(outcome.attemptId);
        insert.addBindValue(at);
        insert.addBindValue(text(outcome.outcome));
        insert.addBindValue(text(outcome.vendorRef));
        insert.addBindValue(text(outcome.error));
        if (!insert.exec())
            return queryFailure(insert, QStringLiteral("Saving to the audit log failed."));
        id = insert.lastInsertId().toLongLong();
        return {};
    });
    if (status) {
        outcome.id = id;
        outcome.at = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC);
    }
    return status;
}

QList<AuditAttempt> SqliteOutboundStore::attempts(const QDateTime &sinceUtc)
{
    if (!readable())
        return {};
    return selectRows(
            *m_db, m_readStatus,
            QStringLiteral("SELECT %1 FROM audit_attempts WHERE at_ms >= ? ORDER BY id").arg(kAttemptColumns),
            {sinceUtc.isValid() ? sinceUtc.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min()},
            attemptFrom, kLogReadFailed);
}

QList<AuditOutcome> SqliteOutboundStore::outcomes(const QDateTime &sinceUtc)
{
    if (!readable())
        return {};
    return selectRows(
            *m_db, m_readStatus,
            QStringLiteral("SELECT %1 FROM audit_outcomes WHERE at_ms >= ? ORDER BY id").arg(kOutcomeColumns),
            {sinceUtc.isValid() ? sinceUtc.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min()},
            outcomeFrom, kLogReadFailed);
}

int SqliteOutboundStore::attemptsOnDay(const QString &recipient, const QDate &day, const QTimeZone &zone)
{
    if (!readable())
        return 0;
    // startOfDay() handles days that do not begin at 00:00 (a DST change at midnight). Without a
    // known zone the day is every instant that is `day` somewhere (UTC+14 to UTC-12), so the cap
    // never counts too few.
    const QDateTime from = zone.isValid() ? day.startOfDay(zone) : day.startOfDay(QTimeZone(14 * 3600));
    const QDateTime till = zone.isValid() ? day.addDays(1).startOfDay(zone)
                                          : day.addDays(1).startOfDay(QTimeZone(-12 * 3600));
    QSqlQuery q = m_db->query();
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT COALESCE(SUM(attempt_weight), 0) FROM audit_attempts"
                                  " WHERE recipient = ? AND rings_at_ms >= ? AND rings_at_ms < ?"
                                  " AND verdict = 'allowed' AND action <> ?"))) {
        m_readStatus = queryFailure(q, kLogReadFailed);
        return 0;
    }
    q.addBindValue(recipient);
    q.addBindValue(from.toMSecsSinceEpoch());
    q.addBindValue(till.toMSecsSinceEpoch());
    q.addBindValue(kListChange);
    if (!q.exec() || !q.next()) {
        m_readStatus = queryFailure(q, kLogReadFailed);
        return 0;
    }
    return q.value(0).toInt();
}

// ---------------------------------------------------------------------------------------------
// Intents

StoreStatus SqliteOutboundStore::batch(const std::function<StoreStatus()> &work)
{
    if (StoreStatus s = open(); !s)
        return s;
    // The writes inside open their own transactions: they become savepoints of this one.
    return m_db->transaction(work);
}

StoreStatus SqliteOutboundStore::saveIntent(const OutboundIntent &intent)
{
    if (intent.id.isEmpty() || intent.dedupeKey.isEmpty())
        return StoreStatus::failure(StoreStatus::Code::SqlError,
                                    QStringLiteral("An outbound intent needs an id and a dedupe key."));
    if (StoreStatus s = open(); !s)
        return s;
    return m_db->transaction([&]() -> StoreStatus {
        const qint64 created = msOrNow(intent.createdAt);
        return m_db->exec(
                QStringLiteral("INSERT INTO outbound_intents(id, vendor, action, recipient, dedupe_key, "
                               "request_summary, created_at_ms, rings_at_ms, state, vendor_ref, status, "
                               "updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {intent.id, Vendors::id(intent.vendor), text(intent.action), text(intent.recipient),
                 intent.dedupeKey, intent.requestSummary, created, msOrNull(intent.ringsAt),
                 stateId(intent.state), text(intent.vendorRef), text(intent.status),
                 intent.updatedAt.isValid() ? intent.updatedAt.toMSecsSinceEpoch() : created});
    });
}

// An empty vendorRef or status keeps what is stored: a later update never erases what the vendor said.
StoreStatus SqliteOutboundStore::updateIntent(const QString &id, OutboundIntent::State state,
                                              const QString &vendorRef, const QString &status)
{
    if (StoreStatus s = open(); !s)
        return s;
    return m_db->transaction([&]() -> StoreStatus {
        QSqlQuery update = m_db->query();
        if (!update.prepare(QStringLiteral("UPDATE outbound_intents SET state = ?,"
                                           " vendor_ref = CASE WHEN ? = '' THEN vendor_ref ELSE ? END,"
                                           " status = CASE WHEN ? = '' THEN status ELSE ? END,"
                                           " updated_at_ms = ? WHERE id = ?")))
            return queryFailure(update, QStringLiteral("Saving the outbound intent failed."));
        for (const QVariant &v : QVariantList{stateId(state), text(vendorRef), text(vendorRef), text(status),
                                              text(status), QDateTime::currentMSecsSinceEpoch(), id})
            update.addBindValue(v);
        if (!update.exec())
            return queryFailure(update, QStringLiteral("Saving the outbound intent failed."));
        if (update.numRowsAffected() != 1)
            return StoreStatus::failure(StoreStatus::Code::SqlError,
                                        QStringLiteral("There is no outbound intent %1.").arg(id));
        return {};
    });
}

std::optional<OutboundIntent> SqliteOutboundStore::intent(const QString &id)
{
    if (!readable())
        return std::nullopt;
    return firstOf(
            selectRows(*m_db, m_readStatus,
                       QStringLiteral("SELECT %1 FROM outbound_intents WHERE id = ?").arg(kIntentColumns),
                       {id}, intentFrom, kIntentsReadFailed));
}

std::optional<OutboundIntent> SqliteOutboundStore::liveIntentWithKey(const QString &dedupeKey)
{
    if (!readable())
        return std::nullopt;
    return firstOf(selectRows(
            *m_db, m_readStatus,
            QStringLiteral("SELECT %1 FROM outbound_intents WHERE dedupe_key = ? AND state <> 'failed'"
                           " ORDER BY created_at_ms DESC, rowid DESC LIMIT 1")
                    .arg(kIntentColumns),
            {dedupeKey}, intentFrom, kIntentsReadFailed));
}

QList<OutboundIntent> SqliteOutboundStore::intents(std::optional<Vendor> vendor)
{
    if (!readable())
        return {};
    const QVariant v = vendor ? QVariant(Vendors::id(*vendor)) : QVariant(QMetaType(QMetaType::QString));
    return selectRows(*m_db, m_readStatus,
                      QStringLiteral("SELECT %1 FROM outbound_intents WHERE ? IS NULL OR vendor = ?"
                                     " ORDER BY created_at_ms DESC, rowid DESC")
                              .arg(kIntentColumns),
                      {v, v}, intentFrom, kIntentsReadFailed);
}
