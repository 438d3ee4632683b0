#include "EmailCampaignStore.h"

#include "store/PreparedStatement.h"
#include "store/SqlValues.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

using namespace SqlValues;

namespace {

QString trStore(const char *text)
{
    return QCoreApplication::translate("EmailCampaignStore", text);
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

// A NOT NULL text column: a null QString would bind SQL NULL.
QVariant textOrEmpty(const QString &text)
{
    return text.isNull() ? QVariant(QStringLiteral("")) : QVariant(text);
}

QJsonObject objectFrom(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

QVariant intOrNull(const std::optional<int> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType(QMetaType::Int));
}

std::optional<int> toOptionalInt(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<int>(value.toInt());
}

QString variantsJson(const QList<O2dVariant> &variants)
{
    QJsonArray array;
    for (const O2dVariant &v : variants)
        array.append(v.toJson());
    return compact(array);
}

QList<O2dVariant> variantsFrom(const QVariant &json)
{
    QList<O2dVariant> variants;
    const QJsonArray array = QJsonDocument::fromJson(json.toString().toUtf8()).array();
    for (const QJsonValue &v : array)
        variants.append(O2dVariant::fromJson(v.toObject()));
    return variants;
}

// The stats answer as received; a hand-made O2dStats (no raw answer) in the documented shape.
QJsonObject statsJson(const O2dStats &stats)
{
    if (!stats.raw.isEmpty())
        return stats.raw;
    return {{QStringLiteral("campaignId"), stats.campaignId},
            {QStringLiteral("status"), stats.status},
            {QStringLiteral("contacts"),
             QJsonObject{{QStringLiteral("total"), stats.contacts.total},
                         {QStringLiteral("active"), stats.contacts.active},
                         {QStringLiteral("completed"), stats.contacts.completed},
                         {QStringLiteral("replied"), stats.contacts.replied},
                         {QStringLiteral("bounced"), stats.contacts.bounced}}},
            {QStringLiteral("sends"),
             QJsonObject{{QStringLiteral("total"), stats.sends.total},
                         {QStringLiteral("sent"), stats.sends.sent},
                         {QStringLiteral("failed"), stats.sends.failed},
                         {QStringLiteral("bounced"), stats.sends.bounced},
                         {QStringLiteral("replied"), stats.sends.replied}}}};
}

// Column keys of campaignSchema().
namespace C {
const QString id = QStringLiteral("id");
const QString name = QStringLiteral("name");
const QString status = QStringLiteral("status");
const QString priority = QStringLiteral("priority");
const QString contacts = QStringLiteral("contacts");
const QString sent = QStringLiteral("sent");
const QString replies = QStringLiteral("replies");
const QString lastChange = QStringLiteral("lastChange");
} // namespace C

const QString kCampaignColumns = QStringLiteral(
        "id, workspace_id, name, priority, status, created_at_ms, updated_at_ms, registered, stats_json,"
        " stats_at_ms, changed_ms");

EmailCampaignStore::CampaignRow campaignFrom(const QSqlQuery &q)
{
    EmailCampaignStore::CampaignRow row;
    row.campaign.id = q.value(0).toString();
    row.campaign.workspaceId = q.value(1).toString();
    row.campaign.name = q.value(2).toString();
    row.campaign.priority = q.value(3).toString();
    row.campaign.status = q.value(4).toString();
    row.campaign.createdAt = fromMs(q.value(5));
    row.campaign.updatedAt = fromMs(q.value(6));
    row.registered = q.value(7).toInt() != 0;
    if (!q.value(8).isNull())
        row.stats = O2dStats::fromJson(objectFrom(q.value(8)));
    row.statsAt = fromMs(q.value(9));
    row.lastChange = fromMs(q.value(10));
    return row;
}

const QString kStepColumns = QStringLiteral(
        "id, campaign_id, step_order, delay_days, subject, body_html, body_text, variants_json");

O2dStep stepFrom(const QSqlQuery &q)
{
    O2dStep s;
    s.id = q.value(0).toString();
    s.campaignId = q.value(1).toString();
    s.order = q.value(2).toInt();
    s.delayDays = q.value(3).toInt();
    s.subject = q.value(4).toString();
    s.bodyHtml = q.value(5).toString();
    s.bodyText = q.value(6).toString();
    s.variants = variantsFrom(q.value(7));
    return s;
}

const QString kImportColumns = QStringLiteral(
        "idempotency_key, campaign_id, file_name, file_sha256, mapping_json, mode, import_id, state,"
        " result_json, created_at_ms, updated_at_ms");

EmailCampaignStore::ImportRecord importFrom(const QSqlQuery &q)
{
    EmailCampaignStore::ImportRecord r;
    r.idempotencyKey = q.value(0).toString();
    r.campaignId = q.value(1).toString();
    r.fileName = q.value(2).toString();
    r.fileSha256 = q.value(3).toString();
    r.mappingJson = q.value(4).toString();
    r.mode = q.value(5).toString();
    r.importId = q.value(6).toString();
    r.state = q.value(7).toString();
    r.resultJson = q.value(8).toString();
    r.createdAt = fromMs(q.value(9));
    r.updatedAt = fromMs(q.value(10));
    return r;
}

} // namespace

EmailCampaignStore::EmailCampaignStore(Database *database) : m_db(database) { }

QList<Migration> EmailCampaignStore::migrations()
{
    // Child rows carry campaign_id without a foreign key: steps or contacts may arrive for a
    // campaign registered a moment later, and removeCampaign() deletes them explicitly. Lists
    // keep their order in a `seq` column (rowids may be renumbered by VACUUM).
    Migration v1;
    v1.version = 1;
    v1.statements = {
            QStringLiteral("CREATE TABLE email_campaigns ("
                           " id TEXT PRIMARY KEY, workspace_id TEXT, name TEXT NOT NULL DEFAULT '',"
                           " priority TEXT, status TEXT, created_at_ms INTEGER, updated_at_ms INTEGER,"
                           " registered INTEGER NOT NULL DEFAULT 0," // added by id, not created here
                           " stats_json TEXT, stats_at_ms INTEGER,"
                           " schedule_json TEXT, stop_rules_json TEXT,"
                           " preflight_json TEXT, preflight_at_ms INTEGER,"
                           " changed_ms INTEGER NOT NULL)"), // the latest local change: list order
            QStringLiteral("CREATE TABLE email_steps ("
                           " id TEXT PRIMARY KEY, campaign_id TEXT, step_order INTEGER NOT NULL DEFAULT 0,"
                           " delay_days INTEGER NOT NULL DEFAULT 0, subject TEXT NOT NULL DEFAULT '',"
                           " body_html TEXT, body_text TEXT, variants_json TEXT, seq INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX email_steps_campaign ON email_steps(campaign_id, step_order, seq)"),
            QStringLiteral("CREATE TABLE email_mailboxes ("
                           " id TEXT PRIMARY KEY, campaign_id TEXT, mailbox_id TEXT, address TEXT,"
                           " state TEXT, daily_limit INTEGER, weight INTEGER, gap_base_seconds INTEGER,"
                           " gap_jitter_seconds INTEGER, seq INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX email_mailboxes_campaign ON email_mailboxes(campaign_id, seq)"),
            QStringLiteral("CREATE TABLE email_contacts ("
                           " id TEXT PRIMARY KEY, campaign_id TEXT, email TEXT, name TEXT, status TEXT,"
                           " custom_json TEXT, created_at_ms INTEGER, seq INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX email_contacts_campaign ON email_contacts(campaign_id, seq)"),
            QStringLiteral("CREATE TABLE email_imports ("
                           " idempotency_key TEXT PRIMARY KEY, campaign_id TEXT NOT NULL,"
                           " file_name TEXT, file_sha256 TEXT, mapping_json TEXT, mode TEXT,"
                           " import_id TEXT, state TEXT NOT NULL, result_json TEXT,"
                           " created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,"
                           " seq INTEGER NOT NULL)"),
            QStringLiteral(
                    "CREATE INDEX email_imports_campaign ON email_imports(campaign_id, created_at_ms)"),
            QStringLiteral("CREATE TABLE email_launches ("
                           " clearance_id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL,"
                           " limit_count INTEGER, async INTEGER NOT NULL DEFAULT 0, job_id TEXT,"
                           " status TEXT, at_ms INTEGER NOT NULL, seq INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX email_launches_campaign ON email_launches(campaign_id, at_ms)"),
    };
    return {v1};
}

// ---------------------------------------------------------------------------------------------
// Helpers

namespace {

// The next `seq` of a campaign's rows in a list table: rows keep the order they were first saved
// in. Per campaign, so the (campaign_id, seq) index answers it without scanning the table.
qint64 nextSeq(Database *db, const QString &table, const QString &campaignId)
{
    QSqlQuery q = db->query();
    q.prepare(QStringLiteral("SELECT COALESCE(MAX(seq), 0) + 1 FROM %1 WHERE campaign_id IS ?").arg(table));
    q.addBindValue(textOrNull(campaignId));
    if (!q.exec() || !q.next())
        return 1;
    return q.value(0).toLongLong();
}

// Marks the campaign changed now. The stamp strictly increases, so "newest change first" holds
// even for two changes within one millisecond.
StoreStatus touch(Database *db, const QString &campaignId)
{
    return db->exec(QStringLiteral("UPDATE email_campaigns SET changed_ms ="
                                   " MAX(?, (SELECT COALESCE(MAX(changed_ms), 0) + 1 FROM email_campaigns))"
                                   " WHERE id=?"),
                    {QDateTime::currentMSecsSinceEpoch(), campaignId});
}

StoreStatus saveCampaignJson(Database *db, const QString &campaignId, const QString &column,
                             const QJsonObject &value, const QString &timeColumn = {},
                             const QDateTime &at = {})
{
    return db->transaction([&]() -> StoreStatus {
        const QString sql = timeColumn.isEmpty()
                ? QStringLiteral("UPDATE email_campaigns SET %1=? WHERE id=?").arg(column)
                : QStringLiteral("UPDATE email_campaigns SET %1=?, %2=? WHERE id=?").arg(column, timeColumn);
        QVariantList values{compact(value)};
        if (!timeColumn.isEmpty())
            values.append(msOrNull(at));
        values.append(campaignId);
        if (StoreStatus s = db->exec(sql, values); !s)
            return s;
        return touch(db, campaignId);
    });
}

std::optional<QJsonObject> campaignJson(Database *db, const QString &campaignId, const QString &column)
{
    QSqlQuery q = db->query();
    q.prepare(QStringLiteral("SELECT %1 FROM email_campaigns WHERE id=?").arg(column));
    q.addBindValue(campaignId);
    if (!q.exec() || !q.next() || q.value(0).isNull())
        return std::nullopt;
    return objectFrom(q.value(0));
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Campaigns

StoreStatus EmailCampaignStore::saveCampaign(const O2dCampaign &campaign, bool registered)
{
    // An answer that leaves a field out keeps what was known; `registered` is how the console
    // first learnt of the campaign and never changes.
    return m_db->transaction([&]() -> StoreStatus {
        if (StoreStatus s = m_db->exec(
                    QStringLiteral("INSERT INTO email_campaigns (id, workspace_id, name, priority, status,"
                                   " created_at_ms, updated_at_ms, registered, changed_ms)"
                                   " VALUES (?,?,?,?,?,?,?,?,0)"
                                   " ON CONFLICT(id) DO UPDATE SET"
                                   " workspace_id=COALESCE(excluded.workspace_id, workspace_id),"
                                   " name=CASE WHEN excluded.name='' THEN name ELSE excluded.name END,"
                                   " priority=COALESCE(excluded.priority, priority),"
                                   " status=COALESCE(excluded.status, status),"
                                   " created_at_ms=COALESCE(excluded.created_at_ms, created_at_ms),"
                                   " updated_at_ms=COALESCE(excluded.updated_at_ms, updated_at_ms)"),
                    {campaign.id, textOrNull(campaign.workspaceId), textOrEmpty(campaign.name),
                     textOrNull(campaign.priority), textOrNull(campaign.status), msOrNull(campaign.createdAt),
                     msOrNull(campaign.updatedAt), int(registered)});
            !s)
            return s;
        return touch(m_db, campaign.id);
    });
}

StoreStatus EmailCampaignStore::removeCampaign(const QString &campaignId)
{
    return m_db->transaction([&]() -> StoreStatus {
        for (const char *table :
             {"email_steps", "email_mailboxes", "email_contacts", "email_imports", "email_launches"}) {
            if (StoreStatus s = m_db->exec(
                        QStringLiteral("DELETE FROM %1 WHERE campaign_id=?").arg(QLatin1String(table)),
                        {campaignId});
                !s)
                return s;
        }
        return m_db->exec(QStringLiteral("DELETE FROM email_campaigns WHERE id=?"), {campaignId});
    });
}

StoreStatus EmailCampaignStore::saveStats(const O2dStats &stats, const QDateTime &at)
{
    // Fetched, not changed here: the list's "last change" stays; the status is the latest seen.
    return m_db->exec(QStringLiteral("UPDATE email_campaigns SET stats_json=?, stats_at_ms=?,"
                                     " status=COALESCE(?, status) WHERE id=?"),
                      {compact(statsJson(stats)), msOrNull(at), textOrNull(stats.status), stats.campaignId});
}

std::optional<EmailCampaignStore::CampaignRow> EmailCampaignStore::campaign(const QString &campaignId) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT %1 FROM email_campaigns WHERE id=?").arg(kCampaignColumns));
    q.addBindValue(campaignId);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return campaignFrom(q);
}

QList<EmailCampaignStore::CampaignRow> EmailCampaignStore::campaigns() const
{
    QList<CampaignRow> rows;
    QSqlQuery q = m_db->query();
    if (q.exec(QStringLiteral("SELECT %1 FROM email_campaigns ORDER BY changed_ms DESC, id")
                       .arg(kCampaignColumns))) {
        while (q.next())
            rows.append(campaignFrom(q));
    }
    return rows;
}

RecordSchema EmailCampaignStore::campaignSchema()
{
    using T = ColumnType;
    return RecordSchema(
            {
                    ColumnSpec::make(T::Text, C::id, trStore("Campaign ID")).hidden(),
                    ColumnSpec::make(T::Text, C::name, trStore("Name")),
                    ColumnSpec::make(T::Category, C::status, trStore("Status")),
                    ColumnSpec::make(T::Category, C::priority, trStore("Priority")).notSearchable(),
                    ColumnSpec::make(T::Integer, C::contacts, trStore("Contacts"))
                            .withToolTip(
                                    trStore("From the latest stats; until then, the contacts listed here")),
                    ColumnSpec::make(T::Integer, C::sent, trStore("Sent"))
                            .withToolTip(trStore("Emails sent, from the latest stats")),
                    ColumnSpec::make(T::Integer, C::replies, trStore("Replies"))
                            .withToolTip(trStore("Contacts who replied, from the latest stats")),
                    ColumnSpec::make(T::DateTime, C::lastChange, trStore("Last change")),
            },
            C::id);
}

RecordTable EmailCampaignStore::campaignTable() const
{
    const RecordSchema schema = campaignSchema();
    RecordTable table(schema);
    const QList<CampaignRow> rows = campaigns();
    table.reserve(int(rows.size()));
    const int cId = schema.indexOf(C::id), cName = schema.indexOf(C::name),
              cStatus = schema.indexOf(C::status), cPriority = schema.indexOf(C::priority),
              cContacts = schema.indexOf(C::contacts), cSent = schema.indexOf(C::sent),
              cReplies = schema.indexOf(C::replies), cChange = schema.indexOf(C::lastChange);
    for (const CampaignRow &row : rows) {
        const int r = table.appendRow();
        table.setText(r, cId, row.campaign.id);
        table.setText(r, cName, row.campaign.name);
        if (!row.campaign.status.isEmpty())
            table.setText(r, cStatus, row.campaign.status);
        if (!row.campaign.priority.isEmpty())
            table.setText(r, cPriority, row.campaign.priority);
        if (row.stats) {
            table.setInteger(r, cContacts, row.stats->contacts.total);
            table.setInteger(r, cSent, row.stats->sends.sent);
            table.setInteger(r, cReplies, row.stats->contacts.replied);
        } else {
            table.setInteger(r, cContacts, contactCount(row.campaign.id));
        }
        if (row.lastChange.isValid())
            table.setDateTime(r, cChange, row.lastChange.toMSecsSinceEpoch());
    }
    return table;
}

// ---------------------------------------------------------------------------------------------
// Steps

StoreStatus EmailCampaignStore::saveSteps(const QString &campaignId, const QList<O2dStep> &steps)
{
    return m_db->transaction([&]() -> StoreStatus {
        if (StoreStatus s =
                    m_db->exec(QStringLiteral("DELETE FROM email_steps WHERE campaign_id=?"), {campaignId});
            !s)
            return s;
        for (O2dStep step : steps) {
            step.campaignId = campaignId;
            if (StoreStatus s = saveStep(step); !s)
                return s;
        }
        return touch(m_db, campaignId);
    });
}

StoreStatus EmailCampaignStore::saveStep(const O2dStep &step)
{
    // A PATCH answer may leave out the campaign: the stored one stays.
    return m_db->transaction([&]() -> StoreStatus {
        if (StoreStatus s = m_db->exec(
                    QStringLiteral(
                            "INSERT INTO email_steps (id, campaign_id, step_order, delay_days, subject,"
                            " body_html, body_text, variants_json, seq) VALUES (?,?,?,?,?,?,?,?,?)"
                            " ON CONFLICT(id) DO UPDATE SET"
                            " campaign_id=COALESCE(excluded.campaign_id, campaign_id),"
                            " step_order=excluded.step_order, delay_days=excluded.delay_days,"
                            " subject=excluded.subject, body_html=excluded.body_html,"
                            " body_text=excluded.body_text, variants_json=excluded.variants_json"),
                    {step.id, textOrNull(step.campaignId), step.order, step.delayDays,
                     textOrEmpty(step.subject), textOrNull(step.bodyHtml), textOrNull(step.bodyText),
                     variantsJson(step.variants),
                     nextSeq(m_db, QStringLiteral("email_steps"), step.campaignId)});
            !s)
            return s;
        const std::optional<O2dStep> saved = this->step(step.id);
        return saved ? touch(m_db, saved->campaignId) : StoreStatus();
    });
}

StoreStatus EmailCampaignStore::removeStep(const QString &stepId)
{
    return m_db->transaction([&]() -> StoreStatus {
        const std::optional<O2dStep> old = step(stepId);
        if (StoreStatus s = m_db->exec(QStringLiteral("DELETE FROM email_steps WHERE id=?"), {stepId}); !s)
            return s;
        return old ? touch(m_db, old->campaignId) : StoreStatus();
    });
}

QList<O2dStep> EmailCampaignStore::steps(const QString &campaignId) const
{
    QList<O2dStep> steps;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT %1 FROM email_steps WHERE campaign_id=? ORDER BY step_order, seq")
                      .arg(kStepColumns));
    q.addBindValue(campaignId);
    if (q.exec()) {
        while (q.next())
            steps.append(stepFrom(q));
    }
    return steps;
}

std::optional<O2dStep> EmailCampaignStore::step(const QString &stepId) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT %1 FROM email_steps WHERE id=?").arg(kStepColumns));
    q.addBindValue(stepId);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return stepFrom(q);
}

// ---------------------------------------------------------------------------------------------
// Mailboxes

StoreStatus EmailCampaignStore::saveMailboxes(const QString &campaignId, const QList<O2dMailbox> &mailboxes)
{
    return m_db->transaction([&]() -> StoreStatus {
        if (StoreStatus s = m_db->exec(QStringLiteral("DELETE FROM email_mailboxes WHERE campaign_id=?"),
                                       {campaignId});
            !s)
            return s;
        for (O2dMailbox mailbox : mailboxes) {
            mailbox.campaignId = campaignId;
            if (StoreStatus s = saveMailbox(mailbox); !s)
                return s;
        }
        return touch(m_db, campaignId);
    });
}

StoreStatus EmailCampaignStore::saveMailbox(const O2dMailbox &mailbox)
{
    // A PATCH answer may carry only what changed: unset fields keep the stored values.
    return m_db->transaction([&]() -> StoreStatus {
        if (StoreStatus s = m_db->exec(
                    QStringLiteral(
                            "INSERT INTO email_mailboxes (id, campaign_id, mailbox_id, address, state,"
                            " daily_limit, weight, gap_base_seconds, gap_jitter_seconds, seq)"
                            " VALUES (?,?,?,?,?,?,?,?,?,?)"
                            " ON CONFLICT(id) DO UPDATE SET"
                            " campaign_id=COALESCE(excluded.campaign_id, campaign_id),"
                            " mailbox_id=COALESCE(excluded.mailbox_id, mailbox_id),"
                            " address=COALESCE(excluded.address, address),"
                            " state=COALESCE(excluded.state, state),"
                            " daily_limit=COALESCE(excluded.daily_limit, daily_limit),"
                            " weight=COALESCE(excluded.weight, weight),"
                            " gap_base_seconds=COALESCE(excluded.gap_base_seconds, gap_base_seconds),"
                            " gap_jitter_seconds=COALESCE(excluded.gap_jitter_seconds, gap_jitter_seconds)"),
                    {mailbox.id, textOrNull(mailbox.campaignId), textOrNull(mailbox.mailboxId),
                     textOrNull(mailbox.mailboxAddress), textOrNull(mailbox.state),
                     intOrNull(mailbox.dailyLimit), intOrNull(mailbox.weight),
                     intOrNull(mailbox.gapBaseSeconds), intOrNull(mailbox.gapJitterSeconds),
                     nextSeq(m_db, QStringLiteral("email_mailboxes"), mailbox.campaignId)});
            !s)
            return s;
        QSqlQuery q = m_db->query();
        q.prepare(QStringLiteral("SELECT campaign_id FROM email_mailboxes WHERE id=?"));
        q.addBindValue(mailbox.id);
        return q.exec() && q.next() ? touch(m_db, q.value(0).toString()) : StoreStatus();
    });
}

QList<O2dMailbox> EmailCampaignStore::mailboxes(const QString &campaignId) const
{
    QList<O2dMailbox> mailboxes;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT id, campaign_id, mailbox_id, address, state, daily_limit, weight,"
                             " gap_base_seconds, gap_jitter_seconds FROM email_mailboxes"
                             " WHERE campaign_id=? ORDER BY seq"));
    q.addBindValue(campaignId);
    if (q.exec()) {
        while (q.next()) {
            O2dMailbox m;
            m.id = q.value(0).toString();
            m.campaignId = q.value(1).toString();
            m.mailboxId = q.value(2).toString();
            m.mailboxAddress = q.value(3).toString();
            m.state = q.value(4).toString();
            m.dailyLimit = toOptionalInt(q.value(5));
            m.weight = toOptionalInt(q.value(6));
            m.gapBaseSeconds = toOptionalInt(q.value(7));
            m.gapJitterSeconds = toOptionalInt(q.value(8));
            mailboxes.append(m);
        }
    }
    return mailboxes;
}

// ---------------------------------------------------------------------------------------------
// Schedule, stop rules, preflight: one JSON document each on the campaign's row

StoreStatus EmailCampaignStore::saveSchedule(const QString &campaignId, const O2dSchedule &schedule)
{
    return saveCampaignJson(m_db, campaignId, QStringLiteral("schedule_json"), schedule.toJson());
}

std::optional<O2dSchedule> EmailCampaignStore::schedule(const QString &campaignId) const
{
    const std::optional<QJsonObject> json = campaignJson(m_db, campaignId, QStringLiteral("schedule_json"));
    return json ? std::optional<O2dSchedule>(O2dSchedule::fromJson(*json)) : std::nullopt;
}

StoreStatus EmailCampaignStore::saveStopRules(const QString &campaignId, const O2dStopRules &rules)
{
    return saveCampaignJson(m_db, campaignId, QStringLiteral("stop_rules_json"), rules.toJson());
}

std::optional<O2dStopRules> EmailCampaignStore::stopRules(const QString &campaignId) const
{
    const std::optional<QJsonObject> json = campaignJson(m_db, campaignId, QStringLiteral("stop_rules_json"));
    return json ? std::optional<O2dStopRules>(O2dStopRules::fromJson(*json)) : std::nullopt;
}

StoreStatus EmailCampaignStore::savePreflight(const QString &campaignId, const O2dPreflight &preflight,
                                              const QDateTime &at)
{
    return saveCampaignJson(m_db, campaignId, QStringLiteral("preflight_json"), preflight.toJson(),
                            QStringLiteral("preflight_at_ms"), at);
}

std::optional<O2dPreflight> EmailCampaignStore::preflight(const QString &campaignId) const
{
    const std::optional<QJsonObject> json = campaignJson(m_db, campaignId, QStringLiteral("preflight_json"));
    return json ? std::optional<O2dPreflight>(O2dPreflight::fromJson(*json)) : std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Contacts

StoreStatus EmailCampaignStore::saveContacts(const QList<O2dContact> &contacts)
{
    // Whole pages of a large list: the C API statement (PreparedStatement), one transaction.
    return m_db->transaction([&]() -> StoreStatus {
        // Each new row comes after every row of its campaign (a page may, in principle, mix campaigns).
        qint64 seq = 0;
        QSet<QString> campaigns;
        for (const O2dContact &c : contacts) {
            if (!campaigns.contains(c.campaignId)) {
                campaigns.insert(c.campaignId);
                seq = std::max(seq, nextSeq(m_db, QStringLiteral("email_contacts"), c.campaignId));
            }
        }
        PreparedStatement upsert(
                *m_db,
                QStringLiteral(
                        "INSERT INTO email_contacts (id, campaign_id, email, name, status, custom_json,"
                        " created_at_ms, seq) VALUES (?,?,?,?,?,?,?,?)"
                        " ON CONFLICT(id) DO UPDATE SET"
                        " campaign_id=COALESCE(excluded.campaign_id, campaign_id),"
                        " email=excluded.email, name=excluded.name, status=excluded.status,"
                        " custom_json=excluded.custom_json,"
                        " created_at_ms=COALESCE(excluded.created_at_ms, created_at_ms)"));
        for (const O2dContact &c : contacts) {
            auto text = [&upsert](int index, const QString &value) {
                if (value.isEmpty())
                    upsert.bindNull(index);
                else
                    upsert.bindText(index, value);
            };
            upsert.bindText(0, c.id);
            text(1, c.campaignId);
            text(2, c.email);
            text(3, c.name);
            text(4, c.status);
            text(5, c.customJson.isEmpty() ? QString() : compact(c.customJson));
            if (c.createdAt.isValid())
                upsert.bindInt64(6, c.createdAt.toMSecsSinceEpoch());
            else
                upsert.bindNull(6);
            upsert.bindInt64(7, seq++);
            if (StoreStatus s = upsert.exec(); !s)
                return s;
        }
        return upsert.status();
    });
}

QList<O2dContact> EmailCampaignStore::contacts(const QString &campaignId) const
{
    QList<O2dContact> contacts;
    QSqlQuery q = m_db->query();
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, campaign_id, email, name, status, custom_json, created_at_ms"
                             " FROM email_contacts WHERE campaign_id=? ORDER BY seq"));
    q.addBindValue(campaignId);
    if (q.exec()) {
        while (q.next()) {
            O2dContact c;
            c.id = q.value(0).toString();
            c.campaignId = q.value(1).toString();
            c.email = q.value(2).toString();
            c.name = q.value(3).toString();
            c.status = q.value(4).toString();
            c.customJson = objectFrom(q.value(5));
            c.createdAt = fromMs(q.value(6));
            contacts.append(c);
        }
    }
    return contacts;
}

int EmailCampaignStore::contactCount(const QString &campaignId) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM email_contacts WHERE campaign_id=?"));
    q.addBindValue(campaignId);
    if (!q.exec() || !q.next())
        return 0;
    return q.value(0).toInt();
}

// ---------------------------------------------------------------------------------------------
// Imports (H9)

StoreStatus EmailCampaignStore::saveImport(const ImportRecord &record)
{
    // The first save (state "sending", before any byte goes out) fixes the import's identity and
    // creation time; later saves record its progress. A save that leaves the vendor's import id or
    // answer out keeps the known ones.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return m_db->transaction([&]() -> StoreStatus {
        if (StoreStatus s = m_db->exec(
                    QStringLiteral("INSERT INTO email_imports (idempotency_key, campaign_id, file_name,"
                                   " file_sha256, mapping_json, mode, import_id, state, result_json,"
                                   " created_at_ms, updated_at_ms, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                                   " ON CONFLICT(idempotency_key) DO UPDATE SET"
                                   " file_name=COALESCE(excluded.file_name, file_name),"
                                   " mode=COALESCE(excluded.mode, mode),"
                                   " import_id=COALESCE(excluded.import_id, import_id),"
                                   " state=excluded.state,"
                                   " result_json=COALESCE(excluded.result_json, result_json),"
                                   " updated_at_ms=excluded.updated_at_ms"),
                    {record.idempotencyKey, record.campaignId, textOrNull(record.fileName),
                     textOrNull(record.fileSha256), textOrNull(record.mappingJson), textOrNull(record.mode),
                     textOrNull(record.importId), record.state, textOrNull(record.resultJson),
                     record.createdAt.isValid() ? record.createdAt.toMSecsSinceEpoch() : now,
                     record.updatedAt.isValid() ? record.updatedAt.toMSecsSinceEpoch() : now,
                     nextSeq(m_db, QStringLiteral("email_imports"), record.campaignId)});
            !s)
            return s;
        return touch(m_db, record.campaignId);
    });
}

std::optional<EmailCampaignStore::ImportRecord>
EmailCampaignStore::import(const QString &idempotencyKey) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT %1 FROM email_imports WHERE idempotency_key=?").arg(kImportColumns));
    q.addBindValue(idempotencyKey);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return importFrom(q);
}

QList<EmailCampaignStore::ImportRecord> EmailCampaignStore::imports(const QString &campaignId) const
{
    QList<ImportRecord> records;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT %1 FROM email_imports WHERE campaign_id=?"
                             " ORDER BY created_at_ms DESC, seq DESC")
                      .arg(kImportColumns));
    q.addBindValue(campaignId);
    if (q.exec()) {
        while (q.next())
            records.append(importFrom(q));
    }
    return records;
}

// ---------------------------------------------------------------------------------------------
// Launches

StoreStatus EmailCampaignStore::saveLaunch(const LaunchRecord &launch)
{
    // Saved before the request (status "sending"/"unknown") and again with the answer: the
    // launch keeps its first time and limit; a job id once known is never lost.
    return m_db->transaction([&]() -> StoreStatus {
        if (StoreStatus s = m_db->exec(
                    QStringLiteral(
                            "INSERT INTO email_launches (clearance_id, campaign_id, limit_count, async,"
                            " job_id, status, at_ms, seq) VALUES (?,?,?,?,?,?,?,?)"
                            " ON CONFLICT(clearance_id) DO UPDATE SET"
                            " job_id=COALESCE(excluded.job_id, job_id),"
                            " status=COALESCE(excluded.status, status)"),
                    {launch.clearanceId, launch.campaignId, intOrNull(launch.limit), int(launch.async),
                     textOrNull(launch.jobId), textOrNull(launch.status),
                     launch.at.isValid() ? launch.at.toMSecsSinceEpoch()
                                         : QDateTime::currentMSecsSinceEpoch(),
                     nextSeq(m_db, QStringLiteral("email_launches"), launch.campaignId)});
            !s)
            return s;
        return touch(m_db, launch.campaignId);
    });
}

QList<EmailCampaignStore::LaunchRecord> EmailCampaignStore::launches(const QString &campaignId) const
{
    QList<LaunchRecord> launches;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT clearance_id, campaign_id, limit_count, async, job_id, status, at_ms"
                             " FROM email_launches WHERE campaign_id=? ORDER BY at_ms, seq"));
    q.addBindValue(campaignId);
    if (q.exec()) {
        while (q.next()) {
            LaunchRecord l;
            l.clearanceId = q.value(0).toString();
            l.campaignId = q.value(1).toString();
            l.limit = toOptionalInt(q.value(2));
            l.async = q.value(3).toInt() != 0;
            l.jobId = q.value(4).toString();
            l.status = q.value(5).toString();
            l.at = fromMs(q.value(6));
            launches.append(l);
        }
    }
    return launches;
}
