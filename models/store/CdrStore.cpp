#include "CdrStore.h"

#include "store/PreparedStatement.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

using UnlimCall::Cdr;

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

CdrStore::CdrStore(Database *database) : m_db(database) { }

QList<Migration> CdrStore::migrations()
{
    Migration v1;
    v1.version = 1;
    v1.statements = {
            QStringLiteral("CREATE TABLE unlimcall_cdrs ("
                           " id TEXT NOT NULL UNIQUE,"
                           " start_ms INTEGER NOT NULL,"
                           " duration INTEGER NOT NULL DEFAULT 0,"
                           " billsec INTEGER NOT NULL DEFAULT 0,"
                           " src TEXT, dst TEXT, disposition TEXT, sip_username TEXT,"
                           " sell_price_cents INTEGER NOT NULL DEFAULT 0,"
                           " currency TEXT, country TEXT, did TEXT)"),
            QStringLiteral("CREATE INDEX unlimcall_cdrs_start ON unlimcall_cdrs(start_ms)"),
            QStringLiteral("CREATE TABLE unlimcall_cdr_coverage (from_ms INTEGER NOT NULL, till_ms INTEGER "
                           "NOT NULL)"),
            QStringLiteral(
                    "CREATE TABLE unlimcall_agents (id TEXT PRIMARY KEY, sip_username TEXT, label TEXT,"
                    " created_ms INTEGER, position INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE unlimcall_hooks (id TEXT PRIMARY KEY, event TEXT NOT NULL,"
                           " target_url TEXT NOT NULL, created_ms INTEGER NOT NULL, removed_ms INTEGER)"),
            QStringLiteral(
                    "CREATE TABLE unlimcall_state (key TEXT PRIMARY KEY, value TEXT, updated_ms INTEGER)"),
    };
    return {v1};
}

// ---------------------------------------------------------------------------------------------
// Schema and loader SQL

RecordSchema CdrStore::cdrSchema()
{
    using T = ColumnType;
    QList<ColumnSpec> columns(ColumnCount);
    columns[Id] = ColumnSpec::make(T::Text, QStringLiteral("id"), QStringLiteral("Call ID")).hidden();
    columns[StartTime] =
            ColumnSpec::make(T::DateTime, QStringLiteral("startTime"), QStringLiteral("Started"));
    columns[Duration] = ColumnSpec::make(T::Duration, QStringLiteral("duration"), QStringLiteral("Duration"))
                                .withToolTip(QStringLiteral("Total call time, ringing included (h:mm:ss)"));
    columns[Billsec] = ColumnSpec::make(T::Duration, QStringLiteral("billsec"), QStringLiteral("Billed"))
                               .withToolTip(QStringLiteral("Billable talk time (h:mm:ss)"));
    columns[Src] = ColumnSpec::make(T::Phone, QStringLiteral("src"), QStringLiteral("From"));
    columns[Dst] = ColumnSpec::make(T::Phone, QStringLiteral("dst"), QStringLiteral("To"));
    columns[Disposition] =
            ColumnSpec::make(T::Category, QStringLiteral("disposition"), QStringLiteral("Result"));
    columns[SipUsername] =
            ColumnSpec::make(T::Category, QStringLiteral("sipUsername"), QStringLiteral("SIP line"));
    columns[Cost] = ColumnSpec::make(T::Money, QStringLiteral("sellPriceCents"), QStringLiteral("Cost"))
                            .withCurrencyColumn(QStringLiteral("currency"))
                            .withToolTip(QStringLiteral("What UnlimCall charged, in the call's currency"));
    columns[Currency] =
            ColumnSpec::make(T::Category, QStringLiteral("currency"), QStringLiteral("Currency")).hidden();
    columns[Country] = ColumnSpec::make(T::Category, QStringLiteral("country"), QStringLiteral("Country"));
    columns[Did] =
            ColumnSpec::make(T::Phone, QStringLiteral("did"), QStringLiteral("DID"))
                    .withToolTip(QStringLiteral("The account number the call came in on (inbound calls)"));
    return RecordSchema(columns, QStringLiteral("id"));
}

QString CdrStore::cdrsSql()
{
    // Newest first, the page's default order, read backwards off the start_ms index (no sort
    // step): the newest calls are on screen first and each later batch sorts after the rows
    // shown, so the model appends it instead of re-laying-out a million rows.
    return QStringLiteral(
            "SELECT id, start_ms AS startTime, duration, billsec, src, dst, disposition,"
            " sip_username AS sipUsername, sell_price_cents AS sellPriceCents, currency, country, did"
            " FROM unlimcall_cdrs WHERE start_ms >= ? AND start_ms < ? ORDER BY start_ms DESC");
}

void CdrStore::appendCdr(RecordTable &table, const Cdr &cdr)
{
    const int r = table.appendRow();
    table.setText(r, Id, cdr.id);
    table.setDateTime(r, StartTime, cdr.startMs);
    table.setDuration(r, Duration, cdr.duration);
    table.setDuration(r, Billsec, cdr.billsec);
    table.setText(r, Src, cdr.src);
    table.setText(r, Dst, cdr.dst);
    table.setText(r, Disposition, cdr.disposition);
    table.setText(r, SipUsername, cdr.sipUsername);
    table.setMoney(r, Cost, cdr.sellPriceCents);
    table.setText(r, Currency, cdr.currency);
    table.setText(r, Country, cdr.country);
    if (!cdr.did.isEmpty())
        table.setText(r, Did, cdr.did);
}

RecordTable CdrStore::cdrRows(const QList<Cdr> &cdrs)
{
    RecordTable table(cdrSchema());
    table.reserve(int(cdrs.size()));
    for (const Cdr &cdr : cdrs)
        appendCdr(table, cdr);
    return table;
}

// ---------------------------------------------------------------------------------------------
// Call records

StoreStatus CdrStore::saveCdrs(const QList<Cdr> &cdrs)
{
    if (cdrs.isEmpty())
        return {};
    return m_db->transaction([&]() -> StoreStatus {
        // A million records a sync: the C API statement, not QSqlQuery (see PreparedStatement).
        PreparedStatement upsert(
                *m_db,
                QStringLiteral("INSERT INTO unlimcall_cdrs (id, start_ms, duration, billsec, src, dst,"
                               " disposition, sip_username, sell_price_cents, currency, country, did)"
                               " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                               " ON CONFLICT(id) DO UPDATE SET start_ms = excluded.start_ms,"
                               " duration = excluded.duration, billsec = excluded.billsec,"
                               " src = excluded.src, dst = excluded.dst,"
                               " disposition = excluded.disposition, sip_username = excluded.sip_username,"
                               " sell_price_cents = excluded.sell_price_cents, currency = excluded.currency,"
                               " country = excluded.country, did = excluded.did"));
        for (const Cdr &cdr : cdrs) {
            upsert.bindText(0, cdr.id);
            upsert.bindInt64(1, cdr.startMs);
            upsert.bindInt64(2, cdr.duration);
            upsert.bindInt64(3, cdr.billsec);
            upsert.bindText(4, cdr.src);
            upsert.bindText(5, cdr.dst);
            upsert.bindText(6, cdr.disposition);
            upsert.bindText(7, cdr.sipUsername);
            upsert.bindInt64(8, cdr.sellPriceCents);
            upsert.bindText(9, cdr.currency);
            upsert.bindText(10, cdr.country);
            if (cdr.did.isEmpty())
                upsert.bindNull(11);
            else
                upsert.bindText(11, cdr.did);
            if (StoreStatus status = upsert.exec(); !status)
                return status;
        }
        return upsert.status();
    });
}

qint64 CdrStore::cdrCount(qint64 fromMs, qint64 tillMs) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM unlimcall_cdrs WHERE start_ms >= ? AND start_ms < ?"));
    q.addBindValue(fromMs);
    q.addBindValue(tillMs);
    return m_db->exec(q) && q.next() ? q.value(0).toLongLong() : 0;
}

qint64 CdrStore::cdrCount() const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM unlimcall_cdrs"));
    return m_db->exec(q) && q.next() ? q.value(0).toLongLong() : 0;
}

// ---------------------------------------------------------------------------------------------
// Coverage

QList<CdrStore::Interval> CdrStore::merged(QList<Interval> intervals)
{
    intervals.erase(std::remove_if(intervals.begin(), intervals.end(),
                                   [](const Interval &i) { return i.second <= i.first; }),
                    intervals.end());
    std::sort(intervals.begin(), intervals.end());
    QList<Interval> result;
    for (const Interval &interval : std::as_const(intervals)) {
        if (!result.isEmpty() && interval.first <= result.last().second)
            result.last().second = qMax(result.last().second, interval.second);
        else
            result.append(interval);
    }
    return result;
}

QList<CdrStore::Interval> CdrStore::subtract(const Interval &window, const QList<Interval> &covered)
{
    QList<Interval> gaps;
    qint64 cursor = window.first;
    for (const Interval &c : merged(covered)) {
        if (c.second <= cursor)
            continue;
        if (c.first >= window.second)
            break;
        if (c.first > cursor)
            gaps.append({cursor, c.first});
        cursor = qMax(cursor, c.second);
    }
    if (cursor < window.second)
        gaps.append({cursor, window.second});
    return gaps;
}

StoreStatus CdrStore::addCoverage(const QList<Interval> &intervals)
{
    if (intervals.isEmpty())
        return {};
    const QList<Interval> all = merged(coverage() + intervals);
    return m_db->transaction([&]() -> StoreStatus {
        if (StoreStatus s = m_db->exec(QStringLiteral("DELETE FROM unlimcall_cdr_coverage")); !s)
            return s;
        for (const Interval &interval : all) {
            if (StoreStatus s =
                        m_db->exec(QStringLiteral("INSERT INTO unlimcall_cdr_coverage (from_ms, till_ms) "
                                                  "VALUES (?, ?)"),
                                   {interval.first, interval.second});
                !s)
                return s;
        }
        return {};
    });
}

QList<CdrStore::Interval> CdrStore::coverage() const
{
    QList<Interval> list;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT from_ms, till_ms FROM unlimcall_cdr_coverage ORDER BY from_ms"));
    if (!m_db->exec(q))
        return list;
    while (q.next())
        list.append({q.value(0).toLongLong(), q.value(1).toLongLong()});
    return list;
}

QList<CdrStore::Interval> CdrStore::missing(qint64 fromMs, qint64 tillMs) const
{
    return subtract({fromMs, tillMs}, coverage());
}

// ---------------------------------------------------------------------------------------------
// Agents, balance

StoreStatus CdrStore::saveAgents(const QList<UnlimCall::Agent> &agents)
{
    return m_db->transaction([&]() -> StoreStatus {
        if (StoreStatus s = m_db->exec(QStringLiteral("DELETE FROM unlimcall_agents")); !s)
            return s;
        int position = 0;
        for (const UnlimCall::Agent &agent : agents) {
            if (StoreStatus s = m_db->exec(
                        QStringLiteral(
                                "INSERT INTO unlimcall_agents (id, sip_username, label, created_ms, position)"
                                " VALUES (?, ?, ?, ?, ?)"),
                        {agent.id, agent.sipUsername, agent.label,
                         agent.createdAt.isValid() ? QVariant(agent.createdAt.toMSecsSinceEpoch())
                                                   : QVariant(QMetaType(QMetaType::LongLong)),
                         position++});
                !s)
                return s;
        }
        return {};
    });
}

QList<UnlimCall::Agent> CdrStore::agents() const
{
    QList<UnlimCall::Agent> list;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral(
            "SELECT id, sip_username, label, created_ms FROM unlimcall_agents ORDER BY position"));
    if (!m_db->exec(q))
        return list;
    while (q.next()) {
        UnlimCall::Agent agent;
        agent.id = q.value(0).toString();
        agent.sipUsername = q.value(1).toString();
        agent.label = q.value(2).toString();
        if (!q.value(3).isNull())
            agent.createdAt = QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC);
        list.append(agent);
    }
    return list;
}

StoreStatus CdrStore::saveBalance(const UnlimCall::Balance &balance, const QDateTime &fetchedAt)
{
    const QString json = QString::fromUtf8(QJsonDocument(balance.toJson()).toJson(QJsonDocument::Compact));
    return m_db->exec(
            QStringLiteral("INSERT INTO unlimcall_state (key, value, updated_ms) VALUES ('balance', ?, ?)"
                           " ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
                           " updated_ms = excluded.updated_ms"),
            {json, fetchedAt.toMSecsSinceEpoch()});
}

std::optional<QPair<UnlimCall::Balance, QDateTime>> CdrStore::balance() const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT value, updated_ms FROM unlimcall_state WHERE key = 'balance'"));
    if (!m_db->exec(q) || !q.next())
        return std::nullopt;
    const auto balance =
            UnlimCall::Balance::fromJson(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
    if (!balance)
        return std::nullopt;
    return qMakePair(*balance, QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC));
}

// ---------------------------------------------------------------------------------------------
// Hooks

StoreStatus CdrStore::saveHook(const Hook &hook)
{
    return m_db->exec(
            QStringLiteral("INSERT INTO unlimcall_hooks (id, event, target_url, created_ms, removed_ms)"
                           " VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET event = excluded.event,"
                           " target_url = excluded.target_url, removed_ms = excluded.removed_ms"),
            {hook.id, hook.event, hook.targetUrl,
             (hook.createdAt.isValid() ? hook.createdAt : QDateTime::currentDateTimeUtc())
                     .toMSecsSinceEpoch(),
             hook.removedAt.isValid() ? QVariant(hook.removedAt.toMSecsSinceEpoch())
                                      : QVariant(QMetaType(QMetaType::LongLong))});
}

StoreStatus CdrStore::markHookRemoved(const QString &id, const QDateTime &when)
{
    return m_db->exec(QStringLiteral("UPDATE unlimcall_hooks SET removed_ms = ? WHERE id = ?"),
                      {when.isValid() ? when.toMSecsSinceEpoch() : nowMs(), id});
}

QList<CdrStore::Hook> CdrStore::hooks() const
{
    QList<Hook> list;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT id, event, target_url, created_ms, removed_ms FROM unlimcall_hooks"
                             " ORDER BY created_ms DESC"));
    if (!m_db->exec(q))
        return list;
    while (q.next()) {
        Hook hook;
        hook.id = q.value(0).toString();
        hook.event = q.value(1).toString();
        hook.targetUrl = q.value(2).toString();
        hook.createdAt = QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC);
        if (!q.value(4).isNull())
            hook.removedAt = QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong(), Qt::UTC);
        list.append(hook);
    }
    return list;
}
