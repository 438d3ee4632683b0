#include "VerloopCampaignRegistry.h"

#include <QSqlQuery>
#include <QUuid>

namespace {
const QString kTime = QStringLiteral("HH:mm");

QString daysText(const QList<int> &days)
{
    QStringList parts;
    for (int day : days)
        parts << QString::number(day);
    return parts.isEmpty() ? QStringLiteral("") : parts.join(QLatin1Char(',')); // never NULL
}

QList<int> daysFromText(const QString &text)
{
    QList<int> days;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        days << part.toInt();
    return days;
}

// The canonical text of a Campaign ID: lower-case, without braces; empty when not a UUID.
QString canonicalId(const QString &text)
{
    const QUuid uuid = QUuid::fromString(text.trimmed());
    return uuid.isNull() ? QString() : uuid.toString(QUuid::WithoutBraces);
}

QVariant timeValue(const QTime &time)
{
    return time.isValid() ? QVariant(time.toString(kTime)) : QVariant(QMetaType::fromType<QString>());
}
} // namespace

std::optional<CampaignWindow> VerloopCampaignEntry::campaignWindow() const
{
    if (!window.start.isValid() && window.days.isEmpty())
        return std::nullopt;
    return window;
}

QString VerloopCampaignEntry::problem() const
{
    if (name.trimmed().isEmpty())
        return tr("Give the campaign a name, so you can pick it when scheduling calls.");
    if (canonicalId(campaignId).isEmpty())
        return tr("The Campaign ID must be the UUID shown in the Verloop Outreach dashboard, like "
                  "ac3bf462-ec44-46d4-9e8e-8edda9cffe58.");
    if (retries < 0 || retries > maxRetries)
        return tr("Max retries must be between 0 and %1, as on the Verloop dashboard.").arg(maxRetries);
    if (window.start.isValid() != window.end.isValid())
        return tr("Give the campaign's calling window both a start and an end, or neither.");
    if (window.start.isValid() && window.start == window.end)
        return tr("The campaign's calling window must not start and end at the same time.");
    for (int day : window.days) {
        if (day < Qt::Monday || day > Qt::Sunday)
            return tr("Calling days must be weekdays 1 (Monday) to 7 (Sunday).");
    }
    return {};
}

VerloopCampaignRegistry::VerloopCampaignRegistry(Database *database, QString clientId)
    : m_db(database), m_clientId(clientId.trimmed().toLower())
{ }

QList<Migration> VerloopCampaignRegistry::migrations()
{
    Migration v1;
    v1.version = 1;
    v1.statements = {
            QStringLiteral("CREATE TABLE verloop_campaigns ("
                           " client_id TEXT NOT NULL,"
                           " name TEXT NOT NULL,"
                           " campaign_id TEXT NOT NULL,"
                           " retries INTEGER NOT NULL DEFAULT 0 CHECK (retries BETWEEN 0 AND 10),"
                           " window_start TEXT, window_end TEXT, days TEXT NOT NULL DEFAULT '',"
                           " added_at TEXT NOT NULL,"
                           " UNIQUE (client_id, name COLLATE NOCASE),"
                           " UNIQUE (client_id, campaign_id))"),
    };
    return {v1};
}

StoreStatus VerloopCampaignRegistry::prepare(Database &database)
{
    database.registerMigrations(component(), migrations());
    if (StoreStatus status = database.open(); !status)
        return status;
    return database.migrate();
}

StoreStatus VerloopCampaignRegistry::write(const QString &sql, const QVariantList &values)
{
    return m_db->transaction([&] { return m_db->exec(sql, values); });
}

StoreStatus VerloopCampaignRegistry::add(VerloopCampaignEntry entry)
{
    if (const QString problem = entry.problem(); !problem.isEmpty())
        return StoreStatus::failure(StoreStatus::Code::SqlError, problem);
    entry.campaignId = canonicalId(entry.campaignId);
    if (find(entry.name))
        return StoreStatus::failure(
                StoreStatus::Code::SqlError,
                tr("A campaign named \"%1\" is already registered.").arg(entry.name.trimmed()));
    if (const auto same = find(entry.campaignId))
        return StoreStatus::failure(StoreStatus::Code::SqlError,
                                    tr("This Campaign ID is already registered as \"%1\".").arg(same->name));
    return write(QStringLiteral(
                         "INSERT INTO verloop_campaigns (client_id, name, campaign_id, retries, window_start,"
                         " window_end, days, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                 {m_clientId, entry.name.trimmed(), entry.campaignId, entry.retries,
                  timeValue(entry.window.start), timeValue(entry.window.end), daysText(entry.window.days),
                  QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)});
}

StoreStatus VerloopCampaignRegistry::update(const QString &nameOrId, VerloopCampaignEntry entry)
{
    const auto existing = find(nameOrId);
    if (!existing)
        return StoreStatus::failure(StoreStatus::Code::SqlError,
                                    tr("No Verloop campaign is registered as \"%1\".").arg(nameOrId));
    if (const QString problem = entry.problem(); !problem.isEmpty())
        return StoreStatus::failure(StoreStatus::Code::SqlError, problem);
    entry.campaignId = canonicalId(entry.campaignId);
    const auto sameName = find(entry.name);
    const auto sameId = find(entry.campaignId);
    if (sameName && sameName->campaignId != existing->campaignId)
        return StoreStatus::failure(
                StoreStatus::Code::SqlError,
                tr("A campaign named \"%1\" is already registered.").arg(entry.name.trimmed()));
    if (sameId && sameId->campaignId != existing->campaignId)
        return StoreStatus::failure(
                StoreStatus::Code::SqlError,
                tr("This Campaign ID is already registered as \"%1\".").arg(sameId->name));
    return write(
            QStringLiteral(
                    "UPDATE verloop_campaigns SET name = ?, campaign_id = ?, retries = ?, window_start = ?,"
                    " window_end = ?, days = ? WHERE client_id = ? AND campaign_id = ?"),
            {entry.name.trimmed(), entry.campaignId, entry.retries, timeValue(entry.window.start),
             timeValue(entry.window.end), daysText(entry.window.days), m_clientId, existing->campaignId});
}

StoreStatus VerloopCampaignRegistry::remove(const QString &nameOrId)
{
    const auto existing = find(nameOrId);
    if (!existing)
        return StoreStatus::failure(StoreStatus::Code::SqlError,
                                    tr("No Verloop campaign is registered as \"%1\".").arg(nameOrId));
    return write(QStringLiteral("DELETE FROM verloop_campaigns WHERE client_id = ? AND campaign_id = ?"),
                 {m_clientId, existing->campaignId});
}

std::optional<VerloopCampaignEntry> VerloopCampaignRegistry::find(const QString &nameOrId) const
{
    const QString id = canonicalId(nameOrId);
    for (const VerloopCampaignEntry &entry : campaigns()) {
        if (id.isEmpty() ? entry.name.compare(nameOrId.trimmed(), Qt::CaseInsensitive) == 0
                         : entry.campaignId == id)
            return entry;
    }
    return std::nullopt;
}

QList<VerloopCampaignEntry> VerloopCampaignRegistry::campaigns() const
{
    QList<VerloopCampaignEntry> entries;
    QSqlQuery query = m_db->query();
    query.prepare(QStringLiteral("SELECT name, campaign_id, retries, window_start, window_end, days, added_at"
                                 " FROM verloop_campaigns WHERE client_id = ? ORDER BY name COLLATE NOCASE"));
    query.addBindValue(m_clientId);
    if (!m_db->exec(query))
        return entries;
    while (query.next()) {
        VerloopCampaignEntry entry;
        entry.name = query.value(0).toString();
        entry.campaignId = query.value(1).toString();
        entry.retries = query.value(2).toInt();
        entry.window.start = QTime::fromString(query.value(3).toString(), kTime);
        entry.window.end = QTime::fromString(query.value(4).toString(), kTime);
        entry.window.days = daysFromText(query.value(5).toString());
        entry.addedAt = QDateTime::fromString(query.value(6).toString(), Qt::ISODateWithMs);
        entries.append(entry);
    }
    return entries;
}
