#include "EmailActivityStore.h"

#include "store/PreparedStatement.h"
#include "store/SqlValues.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

using namespace SqlValues;

namespace {

QString trStore(const char *text)
{
    return QCoreApplication::translate("EmailActivityStore", text);
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject objectFrom(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

QString listJson(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList listFrom(const QVariant &value)
{
    QStringList list;
    for (const QJsonValue &item : QJsonDocument::fromJson(value.toString().toUtf8()).array())
        list.append(item.toString());
    return list;
}

// A NOT NULL text column: a null QString would bind SQL NULL.
QVariant textOrEmpty(const QString &text)
{
    return text.isNull() ? QVariant(QStringLiteral("")) : QVariant(text);
}

QString normalisedEmail(const QString &email)
{
    return email.trimmed().toLower();
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// The order rows were first saved in, per scope: `seq` (rowids may be renumbered by VACUUM).
qint64 nextSeq(Database *db, const QString &table, const QString &campaignId)
{
    QSqlQuery q = db->query();
    q.prepare(QStringLiteral("SELECT COALESCE(MAX(seq), 0) + 1 FROM %1 WHERE campaign_id IS ?").arg(table));
    q.addBindValue(textOrNull(campaignId));
    if (!q.exec() || !q.next())
        return 1;
    return q.value(0).toLongLong();
}

} // namespace

EmailActivityStore::EmailActivityStore(Database *database) : m_db(database) { }

QList<Migration> EmailActivityStore::migrations()
{
    // Rows carry campaign_id without a foreign key to the "email" component's campaigns: a
    // campaign registered by id may be watched before its details are stored.
    Migration v1;
    v1.version = 1;
    v1.statements = {
            // A million rows per campaign: short column names do not matter to SQLite (it stores
            // values, not names); ids are kept as the vendor spells them.
            QStringLiteral("CREATE TABLE email_sends ("
                           " id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL, contact_id TEXT,"
                           " step_id TEXT, mailbox_id TEXT, to_email TEXT, status TEXT,"
                           " attempts INTEGER NOT NULL DEFAULT 0, sent_at_ms INTEGER)"),
            QStringLiteral("CREATE INDEX email_sends_campaign ON email_sends(campaign_id, sent_at_ms)"),
            // change_key = O2dContactChange::key(): the feed's own de-duplication, in one place.
            QStringLiteral("CREATE TABLE email_contact_changes ("
                           " change_key TEXT PRIMARY KEY, campaign_id TEXT NOT NULL,"
                           " contact_id TEXT NOT NULL, email TEXT, status TEXT NOT NULL,"
                           " previous_status TEXT, updated_at_ms INTEGER, seen_ms INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX email_contact_changes_campaign"
                           " ON email_contact_changes(campaign_id, updated_at_ms)"),
            QStringLiteral("CREATE TABLE email_threads ("
                           " id TEXT PRIMARY KEY, campaign_id TEXT, contact_id TEXT, email TEXT,"
                           " reply_intent TEXT, subject TEXT, snippet TEXT, body TEXT,"
                           " message_count INTEGER, last_message_ms INTEGER, updated_ms INTEGER,"
                           " raw_json TEXT NOT NULL, first_seen_ms INTEGER NOT NULL,"
                           " seen_ms INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX email_threads_campaign ON email_threads(campaign_id)"),
            // Each distinct state of a thread seen (the API cannot list a thread's messages).
            QStringLiteral("CREATE TABLE email_thread_snapshots ("
                           " thread_id TEXT NOT NULL, latest_ms INTEGER NOT NULL DEFAULT 0,"
                           " reply_intent TEXT NOT NULL DEFAULT '', snippet TEXT NOT NULL DEFAULT '',"
                           " body TEXT NOT NULL DEFAULT '', raw_json TEXT NOT NULL,"
                           " seen_ms INTEGER NOT NULL,"
                           " PRIMARY KEY (thread_id, latest_ms, reply_intent, snippet, body))"),
            QStringLiteral("CREATE TABLE email_suppressions ("
                           " email TEXT PRIMARY KEY, source TEXT NOT NULL, reason TEXT,"
                           " created_ms INTEGER, at_vendor INTEGER NOT NULL DEFAULT 0,"
                           " in_local_list INTEGER NOT NULL DEFAULT 0, removed_at_vendor_ms INTEGER,"
                           " removed_locally_ms INTEGER, updated_ms INTEGER NOT NULL)"),
            // No column for the secret: it lives in the keychain (README promise S1).
            QStringLiteral("CREATE TABLE email_webhooks ("
                           " id TEXT PRIMARY KEY, endpoint TEXT NOT NULL, event_types_json TEXT,"
                           " reply_intents_json TEXT, campaign_ids_json TEXT,"
                           " ignore_ooo INTEGER NOT NULL DEFAULT 0,"
                           " ignore_auto_reply INTEGER NOT NULL DEFAULT 0, status TEXT,"
                           " created_ms INTEGER, key_set_ms INTEGER, grace_until_ms INTEGER,"
                           " removed_ms INTEGER, saved_ms INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE email_subsequences ("
                           " id TEXT PRIMARY KEY, campaign_id TEXT, name TEXT NOT NULL DEFAULT '',"
                           " enrollment_mode TEXT, created_ms INTEGER, seq INTEGER NOT NULL)"),
            QStringLiteral(
                    "CREATE INDEX email_subsequences_campaign ON email_subsequences(campaign_id, seq)"),
            QStringLiteral("CREATE TABLE email_routing_rules ("
                           " campaign_id TEXT NOT NULL, position INTEGER NOT NULL, trigger TEXT NOT NULL,"
                           " value TEXT NOT NULL, subsequence_id TEXT NOT NULL,"
                           " PRIMARY KEY (campaign_id, position))"),
            QStringLiteral("CREATE TABLE email_routing ("
                           " campaign_id TEXT PRIMARY KEY, applied_ms INTEGER, saved_ms INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE email_cursors ("
                           " list TEXT NOT NULL, scope TEXT NOT NULL, cursor TEXT NOT NULL,"
                           " saved_ms INTEGER NOT NULL, PRIMARY KEY (list, scope))"),
    };
    return {v1};
}

// ---------------------------------------------------------------------------------------------
// Sends

RecordSchema EmailActivityStore::sendSchema()
{
    using T = ColumnType;
    QList<ColumnSpec> columns(SendColumnCount);
    // The free-text search looks in what the operator reads (recipient, status, step, mailbox):
    // ids would match nearly every row on a digit, and scanning them costs every keystroke.
    columns[SendId] =
            ColumnSpec::make(T::Text, QStringLiteral("id"), trStore("Send ID")).hidden().notSearchable();
    columns[SentAt] = ColumnSpec::make(T::DateTime, QStringLiteral("sentAt"), trStore("Sent"))
                              .withToolTip(trStore("Empty while the email is queued or scheduled"));
    columns[To] = ColumnSpec::make(T::Text, QStringLiteral("to"), trStore("To"));
    columns[Status] = ColumnSpec::make(T::Category, QStringLiteral("status"), trStore("Status"));
    columns[Step] = ColumnSpec::make(T::Category, QStringLiteral("stepId"), trStore("Step"));
    columns[Mailbox] = ColumnSpec::make(T::Category, QStringLiteral("mailboxId"), trStore("Mailbox"));
    columns[Attempts] = ColumnSpec::make(T::Integer, QStringLiteral("attempts"), trStore("Attempts"));
    columns[Contact] = ColumnSpec::make(T::Text, QStringLiteral("contactId"), trStore("Contact ID"))
                               .hidden()
                               .notSearchable();
    return RecordSchema(columns, QStringLiteral("id"));
}

QString EmailActivityStore::sendsSql()
{
    // Newest first, read backwards off the (campaign_id, sent_at_ms) index (no sort step; NULL
    // sorts lowest, so unsent ones come last): the newest sends are on screen first and each
    // later batch sorts after the rows shown, so the model appends it.
    return QStringLiteral("SELECT id, sent_at_ms AS sentAt, to_email AS \"to\", status, step_id AS stepId,"
                          " mailbox_id AS mailboxId, attempts, contact_id AS contactId"
                          " FROM email_sends WHERE campaign_id = ? ORDER BY sent_at_ms DESC");
}

void EmailActivityStore::appendSend(RecordTable &table, const O2dSend &send)
{
    const int r = table.appendRow();
    table.setText(r, SendId, send.id);
    if (send.sentAt.isValid())
        table.setDateTime(r, SentAt, send.sentAt.toMSecsSinceEpoch());
    const auto textIfAny = [&](int column, const QString &text) {
        if (!text.isEmpty())
            table.setText(r, column, text);
    };
    textIfAny(To, send.to);
    textIfAny(Status, send.status);
    textIfAny(Step, send.stepId);
    textIfAny(Mailbox, send.mailboxId);
    table.setInteger(r, Attempts, send.attempts);
    textIfAny(Contact, send.contactId);
}

RecordTable EmailActivityStore::sendRows(const QList<O2dSend> &sends)
{
    RecordTable table(sendSchema());
    table.reserve(int(sends.size()));
    for (const O2dSend &send : sends)
        appendSend(table, send);
    return table;
}

StoreStatus EmailActivityStore::saveSends(const QList<O2dSend> &sends)
{
    if (sends.isEmpty())
        return {};
    return m_db->transaction([&]() -> StoreStatus {
        // A million sends a retrieval: the C API statement, not QSqlQuery (see PreparedStatement).
        PreparedStatement upsert(
                *m_db,
                QStringLiteral("INSERT INTO email_sends (id, campaign_id, contact_id, step_id,"
                               " mailbox_id, to_email, status, attempts, sent_at_ms)"
                               " VALUES (?,?,?,?,?,?,?,?,?)"
                               " ON CONFLICT(id) DO UPDATE SET campaign_id = excluded.campaign_id,"
                               " contact_id = excluded.contact_id, step_id = excluded.step_id,"
                               " mailbox_id = excluded.mailbox_id, to_email = excluded.to_email,"
                               " status = excluded.status, attempts = excluded.attempts,"
                               " sent_at_ms = COALESCE(excluded.sent_at_ms, sent_at_ms)"));
        const auto textOrNullAt = [&](int index, const QString &text) {
            if (text.isEmpty())
                upsert.bindNull(index);
            else
                upsert.bindText(index, text);
        };
        for (const O2dSend &send : sends) {
            upsert.bindText(0, send.id);
            upsert.bindText(1, send.campaignId.isNull() ? QStringLiteral("") : send.campaignId);
            textOrNullAt(2, send.contactId);
            textOrNullAt(3, send.stepId);
            textOrNullAt(4, send.mailboxId);
            textOrNullAt(5, send.to);
            textOrNullAt(6, send.status);
            upsert.bindInt64(7, send.attempts);
            if (send.sentAt.isValid())
                upsert.bindInt64(8, send.sentAt.toMSecsSinceEpoch());
            else
                upsert.bindNull(8);
            if (StoreStatus status = upsert.exec(); !status)
                return status;
        }
        return upsert.status();
    });
}

qint64 EmailActivityStore::sendCount(const QString &campaignId) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM email_sends WHERE campaign_id = ?"));
    q.addBindValue(campaignId);
    return m_db->exec(q) && q.next() ? q.value(0).toLongLong() : 0;
}

QMap<QString, qint64> EmailActivityStore::sendStatusCounts(const QString &campaignId) const
{
    QMap<QString, qint64> counts;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral(
            "SELECT COALESCE(status, ''), COUNT(*) FROM email_sends WHERE campaign_id = ? GROUP BY 1"));
    q.addBindValue(campaignId);
    if (m_db->exec(q)) {
        while (q.next())
            counts.insert(q.value(0).toString(), q.value(1).toLongLong());
    }
    return counts;
}

// ---------------------------------------------------------------------------------------------
// Contact changes

StoreStatus EmailActivityStore::saveChanges(const QString &campaignId, const QList<O2dContactChange> &changes,
                                            QList<O2dContactChange> *fresh)
{
    if (fresh)
        fresh->clear();
    if (changes.isEmpty())
        return {};
    QList<O2dContactChange> inserted;
    const StoreStatus status = m_db->transaction([&]() -> StoreStatus {
        const qint64 seen = nowMs();
        for (const O2dContactChange &change : changes) {
            QSqlQuery q = m_db->query();
            q.prepare(QStringLiteral("INSERT INTO email_contact_changes (change_key, campaign_id, contact_id,"
                                     " email, status, previous_status, updated_at_ms, seen_ms)"
                                     " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(change_key) DO NOTHING"));
            for (const QVariant &value :
                 {QVariant(change.key()), textOrEmpty(campaignId), textOrEmpty(change.contactId),
                  textOrNull(change.email), textOrEmpty(change.status), textOrNull(change.previousStatus),
                  msOrNull(change.updatedAt), QVariant(seen)})
                q.addBindValue(value);
            if (StoreStatus s = m_db->exec(q); !s)
                return s;
            if (q.numRowsAffected() > 0)
                inserted.append(change);
        }
        return {};
    });
    if (status && fresh)
        *fresh = inserted;
    return status;
}

QList<O2dContactChange> EmailActivityStore::changes(const QString &campaignId, const QDateTime &since) const
{
    QList<O2dContactChange> list;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT contact_id, email, status, previous_status, updated_at_ms"
                             " FROM email_contact_changes WHERE campaign_id = ? AND"
                             " (? IS NULL OR updated_at_ms >= ?) ORDER BY updated_at_ms, seen_ms, rowid"));
    q.addBindValue(campaignId);
    q.addBindValue(msOrNull(since));
    q.addBindValue(msOrNull(since));
    if (!m_db->exec(q))
        return list;
    while (q.next()) {
        O2dContactChange change;
        change.contactId = q.value(0).toString();
        change.email = q.value(1).toString();
        change.status = q.value(2).toString();
        change.previousStatus = q.value(3).toString();
        change.updatedAt = fromMs(q.value(4));
        list.append(change);
    }
    return list;
}

QDateTime EmailActivityStore::latestChangeAt(const QString &campaignId) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT MAX(updated_at_ms) FROM email_contact_changes WHERE campaign_id = ?"));
    q.addBindValue(campaignId);
    return m_db->exec(q) && q.next() ? fromMs(q.value(0)) : QDateTime();
}

// ---------------------------------------------------------------------------------------------
// Threads

namespace {

const QString kThreadColumns =
        QStringLiteral("id, campaign_id, contact_id, email, reply_intent, subject, snippet, body,"
                       " message_count, last_message_ms, updated_ms, raw_json");

// The stored thread: the typed columns over the raw answer (which keeps fields without one).
O2dThread threadFrom(const QSqlQuery &q)
{
    O2dThread thread = O2dThread::fromJson(objectFrom(q.value(11)));
    thread.id = q.value(0).toString();
    thread.campaignId = q.value(1).toString();
    thread.contactId = q.value(2).toString();
    thread.email = q.value(3).toString();
    thread.replyIntent = q.value(4).toString();
    thread.subject = q.value(5).toString();
    thread.snippet = q.value(6).toString();
    thread.body = q.value(7).toString();
    thread.messageCount = q.value(8).isNull() ? -1 : q.value(8).toInt();
    thread.lastMessageAt = fromMs(q.value(9));
    thread.updatedAt = fromMs(q.value(10));
    return thread;
}

} // namespace

StoreStatus EmailActivityStore::saveThreads(const QList<O2dThread> &threads, QList<O2dThread> *fresh)
{
    if (fresh)
        fresh->clear();
    QList<O2dThread> moved;
    const StoreStatus status = m_db->transaction([&]() -> StoreStatus {
        const qint64 seen = nowMs();
        for (const O2dThread &thread : threads) {
            if (thread.id.isEmpty())
                continue; // nothing to keep it under
            const std::optional<O2dThread> before = this->thread(thread.id);
            if (StoreStatus s = m_db->exec(
                        QStringLiteral(
                                "INSERT INTO email_threads (id, campaign_id, contact_id, email, reply_intent,"
                                " subject, snippet, body, message_count, last_message_ms, updated_ms, "
                                "raw_json,"
                                " first_seen_ms, seen_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                                " ON CONFLICT(id) DO UPDATE SET"
                                " campaign_id = COALESCE(excluded.campaign_id, campaign_id),"
                                " contact_id = COALESCE(excluded.contact_id, contact_id),"
                                " email = COALESCE(excluded.email, email),"
                                " reply_intent = COALESCE(excluded.reply_intent, reply_intent),"
                                " subject = COALESCE(excluded.subject, subject),"
                                " snippet = COALESCE(excluded.snippet, snippet),"
                                " body = COALESCE(excluded.body, body),"
                                " message_count = COALESCE(excluded.message_count, message_count),"
                                " last_message_ms = COALESCE(excluded.last_message_ms, last_message_ms),"
                                " updated_ms = COALESCE(excluded.updated_ms, updated_ms),"
                                " raw_json = excluded.raw_json, seen_ms = excluded.seen_ms"),
                        {thread.id, textOrNull(thread.campaignId), textOrNull(thread.contactId),
                         textOrNull(thread.email), textOrNull(thread.replyIntent), textOrNull(thread.subject),
                         textOrNull(thread.snippet), textOrNull(thread.body),
                         thread.messageCount >= 0 ? QVariant(thread.messageCount)
                                                  : QVariant(QMetaType(QMetaType::Int)),
                         msOrNull(thread.lastMessageAt), msOrNull(thread.updatedAt), compact(thread.raw),
                         seen, seen});
                !s)
                return s;
            const O2dThread after = this->thread(thread.id).value_or(thread);
            if (StoreStatus s = m_db->exec(
                        QStringLiteral("INSERT INTO email_thread_snapshots (thread_id, latest_ms,"
                                       " reply_intent, snippet, body, raw_json, seen_ms)"
                                       " VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING"),
                        {after.id,
                         after.latestAt().isValid() ? after.latestAt().toMSecsSinceEpoch() : qint64(0),
                         textOrEmpty(after.replyIntent), textOrEmpty(after.snippet), textOrEmpty(after.body),
                         compact(thread.raw), seen});
                !s)
                return s;
            if (!before || before->latestAt() < after.latestAt() || before->replyIntent != after.replyIntent)
                moved.append(after);
        }
        return {};
    });
    if (status && fresh)
        *fresh = moved;
    return status;
}

std::optional<O2dThread> EmailActivityStore::thread(const QString &threadId) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT %1 FROM email_threads WHERE id = ?").arg(kThreadColumns));
    q.addBindValue(threadId);
    if (!m_db->exec(q) || !q.next())
        return std::nullopt;
    return threadFrom(q);
}

QList<O2dThread> EmailActivityStore::threads(const QString &campaignId, const QString &replyIntent) const
{
    QList<O2dThread> list;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT %1 FROM email_threads WHERE (? = '' OR campaign_id = ?)"
                             " AND (? = '' OR reply_intent = ?)"
                             " ORDER BY COALESCE(last_message_ms, updated_ms, first_seen_ms) DESC, id")
                      .arg(kThreadColumns));
    for (const QString &value : {campaignId, campaignId, replyIntent.toLower(), replyIntent.toLower()})
        q.addBindValue(textOrEmpty(value));
    if (!m_db->exec(q))
        return list;
    while (q.next())
        list.append(threadFrom(q));
    return list;
}

QList<O2dThread> EmailActivityStore::threadHistory(const QString &threadId) const
{
    QList<O2dThread> list;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral(
            "SELECT raw_json, latest_ms, reply_intent, snippet, body"
            " FROM email_thread_snapshots WHERE thread_id = ? ORDER BY latest_ms, seen_ms, rowid"));
    q.addBindValue(threadId);
    if (!m_db->exec(q))
        return list;
    while (q.next()) {
        O2dThread snapshot = O2dThread::fromJson(objectFrom(q.value(0)));
        snapshot.id = threadId;
        if (!snapshot.latestAt().isValid() && q.value(1).toLongLong() > 0)
            snapshot.lastMessageAt = fromMs(q.value(1));
        snapshot.replyIntent = q.value(2).toString();
        snapshot.snippet = q.value(3).toString();
        snapshot.body = q.value(4).toString();
        list.append(snapshot);
    }
    return list;
}

// ---------------------------------------------------------------------------------------------
// Suppressions

QString EmailActivityStore::sourceTag(SuppressionSource source)
{
    switch (source) {
    case SuppressionSource::Console:
        return QStringLiteral("console");
    case SuppressionSource::Outreach2day:
        return QStringLiteral("outreach2day");
    case SuppressionSource::Unsubscribe:
        return QStringLiteral("unsubscribe");
    }
    return {};
}

std::optional<EmailActivityStore::SuppressionSource> EmailActivityStore::sourceFromTag(const QString &tag)
{
    for (SuppressionSource source :
         {SuppressionSource::Console, SuppressionSource::Outreach2day, SuppressionSource::Unsubscribe}) {
        if (sourceTag(source) == tag)
            return source;
    }
    return std::nullopt;
}

StoreStatus EmailActivityStore::saveSuppression(const Suppression &entry)
{
    const QString email = normalisedEmail(entry.email);
    if (email.isEmpty())
        return StoreStatus::failure(StoreStatus::Code::SqlError,
                                    trStore("A suppression needs an email address."));
    return m_db->exec(
            QStringLiteral("INSERT INTO email_suppressions (email, source, reason, created_ms, at_vendor,"
                           " in_local_list, removed_at_vendor_ms, removed_locally_ms, updated_ms)"
                           " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(email) DO UPDATE SET"
                           " reason = COALESCE(excluded.reason, reason),"
                           " created_ms = COALESCE(excluded.created_ms, created_ms),"
                           " at_vendor = excluded.at_vendor, in_local_list = excluded.in_local_list,"
                           " removed_at_vendor_ms = excluded.removed_at_vendor_ms,"
                           " removed_locally_ms = excluded.removed_locally_ms,"
                           " updated_ms = excluded.updated_ms"),
            {email, sourceTag(entry.source), textOrNull(entry.reason), msOrNull(entry.createdAt),
             int(entry.atVendor), int(entry.inLocalList), msOrNull(entry.removedAtVendor),
             msOrNull(entry.removedLocally),
             entry.updatedAt.isValid() ? entry.updatedAt.toMSecsSinceEpoch() : nowMs()});
}

namespace {

const QString kSuppressionColumns =
        QStringLiteral("email, source, reason, created_ms, at_vendor, in_local_list, removed_at_vendor_ms,"
                       " removed_locally_ms, updated_ms");

EmailActivityStore::Suppression suppressionFrom(const QSqlQuery &q)
{
    EmailActivityStore::Suppression entry;
    entry.email = q.value(0).toString();
    entry.source = EmailActivityStore::sourceFromTag(q.value(1).toString())
                           .value_or(EmailActivityStore::SuppressionSource::Console);
    entry.reason = q.value(2).toString();
    entry.createdAt = fromMs(q.value(3));
    entry.atVendor = q.value(4).toInt() != 0;
    entry.inLocalList = q.value(5).toInt() != 0;
    entry.removedAtVendor = fromMs(q.value(6));
    entry.removedLocally = fromMs(q.value(7));
    entry.updatedAt = fromMs(q.value(8));
    return entry;
}

} // namespace

std::optional<EmailActivityStore::Suppression> EmailActivityStore::suppression(const QString &email) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT %1 FROM email_suppressions WHERE email = ?").arg(kSuppressionColumns));
    q.addBindValue(normalisedEmail(email));
    if (!m_db->exec(q) || !q.next())
        return std::nullopt;
    return suppressionFrom(q);
}

QList<EmailActivityStore::Suppression> EmailActivityStore::suppressions() const
{
    QList<Suppression> list;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT %1 FROM email_suppressions ORDER BY email").arg(kSuppressionColumns));
    if (!m_db->exec(q))
        return list;
    while (q.next())
        list.append(suppressionFrom(q));
    return list;
}

StoreStatus EmailActivityStore::removeSuppression(const QString &email)
{
    return m_db->exec(QStringLiteral("DELETE FROM email_suppressions WHERE email = ?"),
                      {normalisedEmail(email)});
}

// ---------------------------------------------------------------------------------------------
// Webhook subscriptions

StoreStatus EmailActivityStore::saveHook(const Hook &hook)
{
    // Everything but the secret (O2dWebhookSubscription::secret is never bound anywhere here).
    const O2dWebhookSubscription &s = hook.subscription;
    if (s.id.isEmpty())
        return StoreStatus::failure(StoreStatus::Code::SqlError,
                                    trStore("A webhook subscription needs the id Outreach2day gave it."));
    return m_db->exec(
            QStringLiteral(
                    "INSERT INTO email_webhooks (id, endpoint, event_types_json, reply_intents_json,"
                    " campaign_ids_json, ignore_ooo, ignore_auto_reply, status, created_ms,"
                    " key_set_ms, grace_until_ms, removed_ms, saved_ms)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                    " endpoint = excluded.endpoint, event_types_json = excluded.event_types_json,"
                    " reply_intents_json = excluded.reply_intents_json,"
                    " campaign_ids_json = excluded.campaign_ids_json, ignore_ooo = excluded.ignore_ooo,"
                    " ignore_auto_reply = excluded.ignore_auto_reply,"
                    " status = COALESCE(excluded.status, status),"
                    " created_ms = COALESCE(excluded.created_ms, created_ms),"
                    " key_set_ms = excluded.key_set_ms, grace_until_ms = excluded.grace_until_ms,"
                    " removed_ms = excluded.removed_ms, saved_ms = excluded.saved_ms"),
            {s.id, textOrEmpty(s.endpoint), listJson(s.eventTypes), listJson(s.replyIntents),
             listJson(s.campaignIds), int(s.ignoreOoo), int(s.ignoreAutoReply), textOrNull(s.status),
             msOrNull(s.createdAt), msOrNull(hook.secretSetAt), msOrNull(hook.graceUntil),
             msOrNull(hook.removedAt), nowMs()});
}

namespace {

const QString kHookColumns =
        QStringLiteral("id, endpoint, event_types_json, reply_intents_json, campaign_ids_json, ignore_ooo,"
                       " ignore_auto_reply, status, created_ms, key_set_ms, grace_until_ms, removed_ms");

EmailActivityStore::Hook hookFrom(const QSqlQuery &q)
{
    EmailActivityStore::Hook hook;
    O2dWebhookSubscription &s = hook.subscription;
    s.id = q.value(0).toString();
    s.endpoint = q.value(1).toString();
    s.eventTypes = listFrom(q.value(2));
    s.replyIntents = listFrom(q.value(3));
    s.campaignIds = listFrom(q.value(4));
    s.ignoreOoo = q.value(5).toInt() != 0;
    s.ignoreAutoReply = q.value(6).toInt() != 0;
    s.status = q.value(7).toString();
    s.createdAt = fromMs(q.value(8));
    hook.secretSetAt = fromMs(q.value(9));
    hook.graceUntil = fromMs(q.value(10));
    hook.removedAt = fromMs(q.value(11));
    return hook;
}

} // namespace

std::optional<EmailActivityStore::Hook> EmailActivityStore::hook(const QString &subscriptionId) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT %1 FROM email_webhooks WHERE id = ?").arg(kHookColumns));
    q.addBindValue(subscriptionId);
    if (!m_db->exec(q) || !q.next())
        return std::nullopt;
    return hookFrom(q);
}

QList<EmailActivityStore::Hook> EmailActivityStore::hooks() const
{
    QList<Hook> list;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT %1 FROM email_webhooks ORDER BY COALESCE(created_ms, saved_ms) DESC, id")
                      .arg(kHookColumns));
    if (!m_db->exec(q))
        return list;
    while (q.next())
        list.append(hookFrom(q));
    return list;
}

StoreStatus EmailActivityStore::removeHook(const QString &subscriptionId)
{
    return m_db->exec(QStringLiteral("DELETE FROM email_webhooks WHERE id = ?"), {subscriptionId});
}

// ---------------------------------------------------------------------------------------------
// Subsequences and routing

StoreStatus EmailActivityStore::saveSubsequence(const O2dSubsequence &subsequence)
{
    if (subsequence.id.isEmpty())
        return StoreStatus::failure(StoreStatus::Code::SqlError,
                                    trStore("A subsequence needs the id Outreach2day gave it."));
    return m_db->exec(QStringLiteral("INSERT INTO email_subsequences (id, campaign_id, name, enrollment_mode,"
                                     " created_ms, seq) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                                     " campaign_id = COALESCE(excluded.campaign_id, campaign_id),"
                                     " name = CASE WHEN excluded.name = '' THEN name ELSE excluded.name END,"
                                     " enrollment_mode = COALESCE(excluded.enrollment_mode, enrollment_mode),"
                                     " created_ms = COALESCE(excluded.created_ms, created_ms)"),
                      {subsequence.id, textOrNull(subsequence.campaignId), textOrEmpty(subsequence.name),
                       textOrNull(subsequence.enrollmentMode), msOrNull(subsequence.createdAt),
                       nextSeq(m_db, QStringLiteral("email_subsequences"), subsequence.campaignId)});
}

QList<O2dSubsequence> EmailActivityStore::subsequences(const QString &campaignId) const
{
    QList<O2dSubsequence> list;
    QSqlQuery q = m_db->query();
    q.prepare(
            QStringLiteral("SELECT id, campaign_id, name, enrollment_mode, created_ms FROM email_subsequences"
                           " WHERE campaign_id = ? ORDER BY seq"));
    q.addBindValue(campaignId);
    if (!m_db->exec(q))
        return list;
    while (q.next()) {
        O2dSubsequence s;
        s.id = q.value(0).toString();
        s.campaignId = q.value(1).toString();
        s.name = q.value(2).toString();
        if (!q.value(3).isNull())
            s.enrollmentMode = q.value(3).toString();
        s.createdAt = fromMs(q.value(4));
        list.append(s);
    }
    return list;
}

StoreStatus EmailActivityStore::saveRouting(const QString &campaignId, const O2dRoutingPolicy &policy,
                                            const QDateTime &appliedAt)
{
    return m_db->transaction([&]() -> StoreStatus {
        if (StoreStatus s = m_db->exec(
                    QStringLiteral("DELETE FROM email_routing_rules WHERE campaign_id = ?"), {campaignId});
            !s)
            return s;
        for (qsizetype i = 0; i < policy.rules.size(); ++i) {
            const O2dRoutingRule &rule = policy.rules.at(i);
            if (StoreStatus s = m_db->exec(QStringLiteral("INSERT INTO email_routing_rules (campaign_id,"
                                                          " position, trigger, value, subsequence_id)"
                                                          " VALUES (?,?,?,?,?)"),
                                           {campaignId, qint64(i), textOrEmpty(rule.trigger),
                                            textOrEmpty(rule.value), textOrEmpty(rule.subsequenceId)});
                !s)
                return s;
        }
        return m_db->exec(QStringLiteral("INSERT INTO email_routing (campaign_id, applied_ms, saved_ms)"
                                         " VALUES (?,?,?) ON CONFLICT(campaign_id) DO UPDATE SET"
                                         " applied_ms = excluded.applied_ms, saved_ms = excluded.saved_ms"),
                          {campaignId, msOrNull(appliedAt), nowMs()});
    });
}

O2dRoutingPolicy EmailActivityStore::routing(const QString &campaignId) const
{
    O2dRoutingPolicy policy;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT trigger, value, subsequence_id FROM email_routing_rules"
                             " WHERE campaign_id = ? ORDER BY position"));
    q.addBindValue(campaignId);
    if (!m_db->exec(q))
        return policy;
    while (q.next()) {
        O2dRoutingRule rule;
        rule.trigger = q.value(0).toString();
        rule.value = q.value(1).toString();
        rule.subsequenceId = q.value(2).toString();
        policy.rules.append(rule);
    }
    return policy;
}

QDateTime EmailActivityStore::routingAppliedAt(const QString &campaignId) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT applied_ms FROM email_routing WHERE campaign_id = ?"));
    q.addBindValue(campaignId);
    return m_db->exec(q) && q.next() ? fromMs(q.value(0)) : QDateTime();
}

// ---------------------------------------------------------------------------------------------
// Cursors

StoreStatus EmailActivityStore::saveCursor(const QString &list, const QString &scope, const QString &cursor)
{
    if (cursor.isEmpty())
        return m_db->exec(QStringLiteral("DELETE FROM email_cursors WHERE list = ? AND scope = ?"),
                          {list, textOrEmpty(scope)});
    return m_db->exec(
            QStringLiteral("INSERT INTO email_cursors (list, scope, cursor, saved_ms) VALUES (?,?,?,?)"
                           " ON CONFLICT(list, scope) DO UPDATE SET cursor = excluded.cursor,"
                           " saved_ms = excluded.saved_ms"),
            {list, textOrEmpty(scope), cursor, nowMs()});
}

QString EmailActivityStore::cursor(const QString &list, const QString &scope) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT cursor FROM email_cursors WHERE list = ? AND scope = ?"));
    q.addBindValue(list);
    q.addBindValue(textOrEmpty(scope));
    return m_db->exec(q) && q.next() ? q.value(0).toString() : QString();
}

// ---------------------------------------------------------------------------------------------

StoreStatus EmailActivityStore::removeCampaign(const QString &campaignId)
{
    return m_db->transaction([&]() -> StoreStatus {
        const QStringList statements = {
                QStringLiteral("DELETE FROM email_sends WHERE campaign_id = ?"),
                QStringLiteral("DELETE FROM email_contact_changes WHERE campaign_id = ?"),
                QStringLiteral("DELETE FROM email_thread_snapshots WHERE thread_id IN"
                               " (SELECT id FROM email_threads WHERE campaign_id = ?)"),
                QStringLiteral("DELETE FROM email_threads WHERE campaign_id = ?"),
                QStringLiteral("DELETE FROM email_subsequences WHERE campaign_id = ?"),
                QStringLiteral("DELETE FROM email_routing_rules WHERE campaign_id = ?"),
                QStringLiteral("DELETE FROM email_routing WHERE campaign_id = ?"),
                QStringLiteral("DELETE FROM email_cursors WHERE scope = ?"),
        };
        for (const QString &sql : statements) {
            if (StoreStatus s = m_db->exec(sql, {campaignId}); !s)
                return s;
        }
        return {};
    });
}
