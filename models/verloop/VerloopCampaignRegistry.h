#pragma once

#include "outbound/OutboundTypes.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// One Verloop voice campaign the operator registered: Verloop's API has no way to list them, so
// the console keeps name <-> Campaign ID, with what the guard needs to know about it.
struct VerloopCampaignEntry
{
    Q_DECLARE_TR_FUNCTIONS(VerloopCampaignEntry)

public:
    QString name; // the operator's name for it, unique per client id (case-insensitive)
    QString campaignId; // the UUID from Verloop's Outreach dashboard, lower-case
    // "Max Retries" set on Verloop's dashboard (0-10): Verloop may ring a number that many more
    // times, so one scheduled call counts 1 + retries against the daily attempt cap.
    int retries = 0;
    // The campaign's own calling window and days, judged in the recipient's local time on top of
    // the legal window. Invalid start: none.
    CampaignWindow window;
    QDateTime addedAt; // UTC

    static constexpr int maxRetries = 10; // the dashboard's limit
    int attemptWeight() const { return 1 + retries; }
    // The window the guard applies, or nothing when the campaign has neither hours nor days.
    std::optional<CampaignWindow> campaignWindow() const;
    // A sentence saying what is wrong (blank name, not a UUID, retries out of range, half a
    // window, a day outside 1-7), empty when fine.
    QString problem() const;
};

// The registry of Verloop campaigns for one Verloop account (client id), in the console's SQLite
// file (component "verloop"). Every write is one transaction, on disk when it returns Ok.
//
//   Database db(path);
//   db.registerMigrations(VerloopCampaignRegistry::component(), VerloopCampaignRegistry::migrations());
//   db.open(); db.migrate();
//   VerloopCampaignRegistry registry(&db, clientId);
//   registry.add(entry);  registry.find(QStringLiteral("Renewals"));
class VerloopCampaignRegistry
{
    Q_DECLARE_TR_FUNCTIONS(VerloopCampaignRegistry)

public:
    // `database` is open and migrated, and outlives the registry.
    VerloopCampaignRegistry(Database *database, QString clientId);

    static QString component() { return QStringLiteral("verloop"); }
    static QList<Migration> migrations();
    // Registers the migrations, opens and migrates `database` (what every user of it does first).
    static StoreStatus prepare(Database &database);

    QString clientId() const { return m_clientId; }

    // Refused (nothing written) when entry.problem() says so, or when the name or the Campaign ID
    // is already registered for this client id.
    StoreStatus add(VerloopCampaignEntry entry);
    // Replaces the campaign registered as `nameOrId` (its name may change; added-at is kept).
    StoreStatus update(const QString &nameOrId, VerloopCampaignEntry entry);
    StoreStatus remove(const QString &nameOrId);
    // By name (case-insensitive) or Campaign ID (any case).
    std::optional<VerloopCampaignEntry> find(const QString &nameOrId) const;
    // Sorted by name.
    QList<VerloopCampaignEntry> campaigns() const;

private:
    StoreStatus write(const QString &sql, const QVariantList &values);

    Database *m_db;
    QString m_clientId;
};
