#include "UnloopaCallStore.h"

#include "SqlValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

using namespace SqlValues;

namespace {

QString compactJson(const QJsonObject &object)
{
    return object.isEmpty() ? QString()
                            : QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject objectFrom(const QVariant &value)
{
    return value.isNull() ? QJsonObject() : QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

// The turns as the API's array ({role, message, time_in_call_secs}), so a stored call reads back
// exactly; NULL when there is no transcript yet.
QString transcriptJson(const UnloopaCall &call)
{
    if (call.transcript.isEmpty())
        return {};
    return QString::fromUtf8(QJsonDocument(call.toJson().value(QLatin1String("transcript")).toArray())
                                     .toJson(QJsonDocument::Compact));
}

QList<UnloopaTranscriptTurn> transcriptFrom(const QVariant &json)
{
    if (json.isNull())
        return {};
    const QJsonArray turns = QJsonDocument::fromJson(json.toString().toUtf8()).array();
    return UnloopaCall::fromJson(QJsonObject{{QStringLiteral("transcript"), turns}}).transcript;
}

// A list item has no configuration and a detail no creation counts: what the fresh answer lacks
// stays as stored.
UnloopaCampaign withKnownDetail(UnloopaCampaign fresh, const UnloopaCampaign &stored)
{
    auto keep = [](auto &field, const auto &known, bool missing) {
        if (missing)
            field = known;
    };
    keep(fresh.agentId, stored.agentId, fresh.agentId.isEmpty());
    keep(fresh.phoneNumberId, stored.phoneNumberId, fresh.phoneNumberId.isEmpty());
    keep(fresh.script, stored.script, fresh.script.isEmpty());
    keep(fresh.scriptVersion, stored.scriptVersion, fresh.scriptVersion == 0);
    keep(fresh.firstMessage, stored.firstMessage, fresh.firstMessage.isEmpty());
    keep(fresh.voiceId, stored.voiceId, fresh.voiceId.isEmpty());
    keep(fresh.voiceName, stored.voiceName, fresh.voiceName.isEmpty());
    keep(fresh.timezone, stored.timezone, fresh.timezone.isEmpty());
    keep(fresh.windowStart, stored.windowStart, !fresh.windowStart.isValid());
    keep(fresh.windowEnd, stored.windowEnd, !fresh.windowEnd.isValid());
    keep(fresh.callingDays, stored.callingDays, fresh.callingDays.isEmpty());
    keep(fresh.callsPerHour, stored.callsPerHour, fresh.callsPerHour == 0);
    keep(fresh.maxCalls, stored.maxCalls, fresh.maxCalls == 0);
    keep(fresh.leadsCount, stored.leadsCount, fresh.leadsCount == 0);
    keep(fresh.callableLeads, stored.callableLeads, fresh.callableLeads == 0);
    keep(fresh.name, stored.name, fresh.name.isEmpty());
    keep(fresh.createdAt, stored.createdAt, !fresh.createdAt.isValid());
    keep(fresh.updatedAt, stored.updatedAt, !fresh.updatedAt.isValid());
    return fresh;
}

} // namespace

UnloopaCallStore::UnloopaCallStore(Database *database) : m_db(database) { }

QList<Migration> UnloopaCallStore::migrations()
{
    Migration v1;
    v1.version = 1;
    v1.statements = {
            QStringLiteral("CREATE TABLE unloopa_voice_calls ("
                           " id TEXT PRIMARY KEY,"
                           " campaign_id TEXT, business_name TEXT, phone_number TEXT,"
                           " status TEXT, outcome TEXT, outcome_notes TEXT, duration_secs INTEGER,"
                           " transcript TEXT," // the readable text, searched by the table filter
                           " transcript_json TEXT," // the turns (role, text, seconds into the call)
                           " analysis_json TEXT,"
                           " started_ms INTEGER, completed_ms INTEGER, created_ms INTEGER,"
                           " synced_ms INTEGER NOT NULL)"),
            // The loader reads newest first: an index in exactly that order streams the first
            // rows at once instead of sorting the table first.
            QStringLiteral("CREATE INDEX unloopa_voice_calls_created"
                           " ON unloopa_voice_calls(created_ms DESC, id)"),
            QStringLiteral("CREATE INDEX unloopa_voice_calls_campaign ON unloopa_voice_calls(campaign_id)"),
            QStringLiteral("CREATE TABLE unloopa_voice_campaigns ("
                           " id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', status TEXT,"
                           " created_ms INTEGER, updated_ms INTEGER,"
                           " payload TEXT NOT NULL," // the campaign as last read (toJson())
                           " synced_ms INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE unloopa_voice_campaign_leads ("
                           " campaign_id TEXT NOT NULL, lead_id TEXT NOT NULL, phone TEXT,"
                           " business_name TEXT, position INTEGER NOT NULL,"
                           " PRIMARY KEY (campaign_id, lead_id))"),
            QStringLiteral("CREATE INDEX unloopa_voice_campaign_leads_phone"
                           " ON unloopa_voice_campaign_leads(phone)"),
            QStringLiteral("CREATE TABLE unloopa_voice_sync (dataset TEXT PRIMARY KEY, synced_ms INTEGER)"),
    };
    return {v1};
}

StoreStatus UnloopaCallStore::prepare(Database &database)
{
    database.registerMigrations(component(), migrations());
    if (!database.isOpen())
        if (StoreStatus status = database.open(); !status)
            return status;
    return database.migrate();
}

// ---------------------------------------------------------------------------------------------
// Schema and loader SQL

RecordSchema UnloopaCallStore::callSchema()
{
    using T = ColumnType;
    QList<ColumnSpec> columns(ColumnCount);
    columns[Id] = ColumnSpec::make(T::Text, QStringLiteral("id"), QStringLiteral("Call ID"))
                          .hidden()
                          .notSearchable();
    columns[CreatedAt] =
            ColumnSpec::make(T::DateTime, QStringLiteral("createdAt"), QStringLiteral("Created"));
    columns[BusinessName] =
            ColumnSpec::make(T::Text, QStringLiteral("businessName"), QStringLiteral("Business"));
    columns[PhoneNumber] =
            ColumnSpec::make(T::Phone, QStringLiteral("phoneNumber"), QStringLiteral("Number"));
    columns[Status] = ColumnSpec::make(T::Category, QStringLiteral("status"), QStringLiteral("Status"));
    columns[Outcome] = ColumnSpec::make(T::Category, QStringLiteral("outcome"), QStringLiteral("Outcome"))
                               .withToolTip(QStringLiteral("interested, not_interested, voicemail, "
                                                           "no_answer or callback, as Unloopa reports it"));
    columns[OutcomeNotes] =
            ColumnSpec::make(T::Text, QStringLiteral("outcomeNotes"), QStringLiteral("Notes"));
    columns[Duration] =
            ColumnSpec::make(T::Duration, QStringLiteral("durationSecs"), QStringLiteral("Duration"));
    columns[CampaignId] =
            ColumnSpec::make(T::Category, QStringLiteral("campaignId"), QStringLiteral("Campaign"))
                    .hidden()
                    .notSearchable();
    columns[StartedAt] =
            ColumnSpec::make(T::DateTime, QStringLiteral("startedAt"), QStringLiteral("Started")).hidden();
    columns[CompletedAt] =
            ColumnSpec::make(T::DateTime, QStringLiteral("completedAt"), QStringLiteral("Completed"))
                    .hidden();
    // Hidden (long), but searched: typing a word finds the calls whose conversation had it.
    columns[Transcript] =
            ColumnSpec::make(T::Text, QStringLiteral("transcript"), QStringLiteral("Transcript")).hidden();
    columns[Analysis] = ColumnSpec::make(T::Text, QStringLiteral("analysis"), QStringLiteral("Analysis"))
                                .hidden()
                                .notSearchable();
    return RecordSchema(columns, QStringLiteral("id"));
}

QString UnloopaCallStore::callsSql(const CallFilter &filter, QVariantList *binds)
{
    QStringList where;
    auto add = [&](const char *condition, const QString &value) {
        if (value.isEmpty())
            return;
        where << QString::fromLatin1(condition);
        if (binds)
            binds->append(value);
    };
    add("status = ?", filter.status);
    add("outcome = ?", filter.outcome);
    add("campaign_id = ?", filter.campaignId);
    return QStringLiteral("SELECT id, created_ms AS createdAt, business_name AS businessName,"
                          " phone_number AS phoneNumber, status, outcome, outcome_notes AS outcomeNotes,"
                          " duration_secs AS durationSecs, campaign_id AS campaignId,"
                          " started_ms AS startedAt, completed_ms AS completedAt, transcript,"
                          " analysis_json AS analysis FROM unloopa_voice_calls") +
            (where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "))) +
            QStringLiteral(" ORDER BY created_ms DESC, id");
}

RecordTable UnloopaCallStore::callRows(const QList<UnloopaCall> &calls)
{
    RecordTable table(callSchema());
    table.reserve(int(calls.size()));
    auto text = [&table](int row, int column, const QString &value) {
        if (!value.isEmpty())
            table.setText(row, column, value);
    };
    auto time = [&table](int row, int column, const QDateTime &value) {
        if (value.isValid())
            table.setDateTime(row, column, value.toMSecsSinceEpoch());
    };
    for (const UnloopaCall &call : calls) {
        const int r = table.appendRow();
        table.setText(r, Id, call.id);
        time(r, CreatedAt, call.createdAt);
        text(r, BusinessName, call.businessName);
        text(r, PhoneNumber, call.phoneNumber);
        text(r, Status, call.status);
        text(r, Outcome, call.outcome);
        text(r, OutcomeNotes, call.outcomeNotes);
        table.setDuration(r, Duration, call.durationSecs);
        text(r, CampaignId, call.campaignId);
        time(r, StartedAt, call.startedAt);
        time(r, CompletedAt, call.completedAt);
        text(r, Transcript, call.transcriptText());
        text(r, Analysis, compactJson(call.analysis));
    }
    return table;
}

// ---------------------------------------------------------------------------------------------
// Calls

StoreStatus UnloopaCallStore::saveCalls(const QList<UnloopaCall> &calls)
{
    if (calls.isEmpty())
        return {};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return m_db->transaction([&]() -> StoreStatus {
        QSqlQuery q = m_db->query();
        // An answer that lacks a field keeps the stored one: the detail names no campaign, and a
        // call still running has no transcript or analysis yet.
        q.prepare(QStringLiteral(
                "INSERT INTO unloopa_voice_calls (id, campaign_id, business_name, phone_number, status,"
                " outcome, outcome_notes, duration_secs, transcript, transcript_json, analysis_json,"
                " started_ms, completed_ms, created_ms, synced_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET"
                " campaign_id = COALESCE(excluded.campaign_id, campaign_id),"
                " business_name = COALESCE(excluded.business_name, business_name),"
                " phone_number = COALESCE(excluded.phone_number, phone_number),"
                " status = COALESCE(excluded.status, status),"
                " outcome = COALESCE(excluded.outcome, outcome),"
                " outcome_notes = COALESCE(excluded.outcome_notes, outcome_notes),"
                " duration_secs = excluded.duration_secs,"
                " transcript = COALESCE(excluded.transcript, transcript),"
                " transcript_json = COALESCE(excluded.transcript_json, transcript_json),"
                " analysis_json = COALESCE(excluded.analysis_json, analysis_json),"
                " started_ms = COALESCE(excluded.started_ms, started_ms),"
                " completed_ms = COALESCE(excluded.completed_ms, completed_ms),"
                " created_ms = COALESCE(excluded.created_ms, created_ms),"
                " synced_ms = excluded.synced_ms"));
        for (const UnloopaCall &call : calls) {
            const QVariantList values{call.id,
                                      textOrNull(call.campaignId),
                                      textOrNull(call.businessName),
                                      textOrNull(call.phoneNumber),
                                      textOrNull(call.status),
                                      textOrNull(call.outcome),
                                      textOrNull(call.outcomeNotes),
                                      call.durationSecs,
                                      textOrNull(call.transcriptText()),
                                      textOrNull(transcriptJson(call)),
                                      textOrNull(compactJson(call.analysis)),
                                      msOrNull(call.startedAt),
                                      msOrNull(call.completedAt),
                                      msOrNull(call.createdAt),
                                      now};
            for (int i = 0; i < values.size(); ++i)
                q.bindValue(i, values.at(i));
            if (StoreStatus s = m_db->exec(q); !s)
                return s;
        }
        return {};
    });
}

std::optional<UnloopaCall> UnloopaCallStore::call(const QString &id) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral(
            "SELECT id, campaign_id, business_name, phone_number, status, outcome, outcome_notes,"
            " duration_secs, transcript, transcript_json, analysis_json, started_ms, completed_ms,"
            " created_ms FROM unloopa_voice_calls WHERE id = ?"));
    q.addBindValue(id);
    if (!m_db->exec(q) || !q.next())
        return std::nullopt;
    UnloopaCall call;
    call.id = q.value(0).toString();
    call.campaignId = q.value(1).toString();
    call.businessName = q.value(2).toString();
    call.phoneNumber = q.value(3).toString();
    call.status = q.value(4).toString();
    call.outcome = q.value(5).toString();
    call.outcomeNotes = q.value(6).toString();
    call.durationSecs = q.value(7).toInt();
    call.transcript = transcriptFrom(q.value(9));
    call.analysis = objectFrom(q.value(10));
    call.startedAt = fromMs(q.value(11));
    call.completedAt = fromMs(q.value(12));
    call.createdAt = fromMs(q.value(13));
    return call;
}

qint64 UnloopaCallStore::callCount() const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM unloopa_voice_calls"));
    return m_db->exec(q) && q.next() ? q.value(0).toLongLong() : 0;
}

// ---------------------------------------------------------------------------------------------
// Campaigns

StoreStatus UnloopaCallStore::saveCampaigns(const QList<UnloopaCampaign> &campaigns)
{
    if (campaigns.isEmpty())
        return {};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return m_db->transaction([&]() -> StoreStatus {
        QSqlQuery read = m_db->query();
        read.prepare(QStringLiteral("SELECT payload FROM unloopa_voice_campaigns WHERE id = ?"));
        QSqlQuery write = m_db->query();
        write.prepare(QStringLiteral(
                "INSERT INTO unloopa_voice_campaigns (id, name, status, created_ms, updated_ms, payload,"
                " synced_ms) VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                " status = excluded.status, created_ms = excluded.created_ms,"
                " updated_ms = excluded.updated_ms, payload = excluded.payload,"
                " synced_ms = excluded.synced_ms"));
        for (const UnloopaCampaign &campaign : campaigns) {
            read.bindValue(0, campaign.id);
            if (StoreStatus s = m_db->exec(read); !s)
                return s;
            const UnloopaCampaign merged = read.next()
                    ? withKnownDetail(campaign, UnloopaCampaign::fromJson(objectFrom(read.value(0))))
                    : campaign;
            read.finish();
            const QVariantList values{merged.id,
                                      merged.name,
                                      textOrNull(merged.status),
                                      msOrNull(merged.createdAt),
                                      msOrNull(merged.updatedAt),
                                      compactJson(merged.toJson()),
                                      now};
            for (int i = 0; i < values.size(); ++i)
                write.bindValue(i, values.at(i));
            if (StoreStatus s = m_db->exec(write); !s)
                return s;
        }
        return {};
    });
}

std::optional<UnloopaCampaign> UnloopaCallStore::campaign(const QString &id) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT payload FROM unloopa_voice_campaigns WHERE id = ?"));
    q.addBindValue(id);
    if (!m_db->exec(q) || !q.next())
        return std::nullopt;
    return UnloopaCampaign::fromJson(objectFrom(q.value(0)));
}

QList<UnloopaCampaign> UnloopaCallStore::campaigns() const
{
    QList<UnloopaCampaign> list;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT payload FROM unloopa_voice_campaigns ORDER BY created_ms DESC, id"));
    if (!m_db->exec(q))
        return list;
    while (q.next())
        list.append(UnloopaCampaign::fromJson(objectFrom(q.value(0))));
    return list;
}

StoreStatus UnloopaCallStore::saveCampaignLeads(const QString &campaignId, const QList<CampaignLead> &leads)
{
    return m_db->transaction([&]() -> StoreStatus {
        if (StoreStatus s = m_db->exec(
                    QStringLiteral("DELETE FROM unloopa_voice_campaign_leads WHERE campaign_id = ?"),
                    {campaignId});
            !s)
            return s;
        QSqlQuery q = m_db->query();
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO unloopa_voice_campaign_leads (campaign_id, lead_id,"
                                 " phone, business_name, position) VALUES (?,?,?,?,?)"));
        int position = 0;
        for (const CampaignLead &lead : leads) {
            const QVariantList values{campaignId, lead.leadId, textOrNull(lead.phone),
                                      textOrNull(lead.businessName), position++};
            for (int i = 0; i < values.size(); ++i)
                q.bindValue(i, values.at(i));
            if (StoreStatus s = m_db->exec(q); !s)
                return s;
        }
        return {};
    });
}

QList<UnloopaCallStore::CampaignLead> UnloopaCallStore::campaignLeads(const QString &campaignId) const
{
    QList<CampaignLead> leads;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT lead_id, phone, business_name FROM unloopa_voice_campaign_leads"
                             " WHERE campaign_id = ? ORDER BY position"));
    q.addBindValue(campaignId);
    if (!m_db->exec(q))
        return leads;
    while (q.next())
        leads.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return leads;
}

QList<UnloopaCallStore::CampaignReach> UnloopaCallStore::campaignsReaching(const QString &e164) const
{
    QList<CampaignReach> reach;
    if (e164.isEmpty())
        return reach;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT l.campaign_id, c.status, l.lead_id FROM unloopa_voice_campaign_leads l"
                             " LEFT JOIN unloopa_voice_campaigns c ON c.id = l.campaign_id"
                             " WHERE l.phone = ? ORDER BY l.campaign_id, l.position"));
    q.addBindValue(e164);
    if (!m_db->exec(q))
        return reach;
    while (q.next())
        reach.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return reach;
}

// ---------------------------------------------------------------------------------------------
// Sync times

StoreStatus UnloopaCallStore::setLastSynced(const QString &dataset, const QDateTime &when)
{
    return m_db->exec(QStringLiteral("INSERT INTO unloopa_voice_sync (dataset, synced_ms) VALUES (?, ?)"
                                     " ON CONFLICT(dataset) DO UPDATE SET synced_ms = excluded.synced_ms"),
                      {dataset, when.toMSecsSinceEpoch()});
}

QDateTime UnloopaCallStore::lastSynced(const QString &dataset) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT synced_ms FROM unloopa_voice_sync WHERE dataset = ?"));
    q.addBindValue(dataset);
    if (!m_db->exec(q) || !q.next())
        return {};
    return fromMs(q.value(0));
}
