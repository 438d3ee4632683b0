#pragma once

#include "outreach2day/Outreach2dayTypes.h"
#include "store/Database.h"
#include "table/RecordTable.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// What the console knows about Outreach2day campaigns, in the shared SQLite database (component
// "email", its own migrations). The API has no endpoint that lists campaigns or reads one back,
// so the console keeps what it created or the operator registered by id, the steps, mailboxes,
// schedule and stop rules as last sent (and answered), the latest stats and preflight, and every
// contact import with its Idempotency-Key (README promise H9). One transaction per write.
class EmailCampaignStore
{
public:
    explicit EmailCampaignStore(Database *database);

    static QString component() { return QStringLiteral("email"); }
    static QList<Migration> migrations();

    // One row of the Campaigns list.
    struct CampaignRow
    {
        O2dCampaign campaign;
        bool registered = false; // added by id (created elsewhere), not created by the console
        std::optional<O2dStats> stats; // the latest GET /stats answer
        QDateTime statsAt;
        QDateTime lastChange; // the latest local change of anything in the campaign
    };

    // A logical contact import (README promise H9): the key is saved before the first byte is
    // sent, so a re-run after a crash or restart reuses it and never duplicates contacts.
    struct ImportRecord
    {
        QString idempotencyKey; // derived from campaign, file content hash and mapping
        QString campaignId;
        QString fileName; // shown to the operator
        QString fileSha256; // hex
        QString mappingJson; // {"column": "field", ...} as sent
        QString mode; // "direct" or "staged"
        QString importId; // staged: the vendor's imp_… once known
        QString state; // "sending", "mapping", "processing", "completed", "failed"
        QString resultJson; // the vendor's last answer (O2dImportResult / O2dImportStatus JSON)
        QDateTime createdAt;
        QDateTime updatedAt;
    };

    // --- campaigns
    StoreStatus saveCampaign(const O2dCampaign &campaign, bool registered = false);
    StoreStatus removeCampaign(const QString &campaignId); // forgets it locally (and its rows)
    StoreStatus saveStats(const O2dStats &stats, const QDateTime &at);
    std::optional<CampaignRow> campaign(const QString &campaignId) const;
    QList<CampaignRow> campaigns() const; // newest change first
    // The Campaigns list as the one table machinery shows it (name, status, priority, contacts,
    // sent, replies, last change; id hidden key).
    static RecordSchema campaignSchema();
    RecordTable campaignTable() const;

    // --- what the campaign was given (as the vendor answered)
    StoreStatus saveSteps(const QString &campaignId, const QList<O2dStep> &steps); // replaces all
    StoreStatus saveStep(const O2dStep &step); // upsert by id
    StoreStatus removeStep(const QString &stepId);
    QList<O2dStep> steps(const QString &campaignId) const; // by order
    std::optional<O2dStep> step(const QString &stepId) const;
    StoreStatus saveMailboxes(const QString &campaignId, const QList<O2dMailbox> &mailboxes);
    StoreStatus saveMailbox(const O2dMailbox &mailbox);
    QList<O2dMailbox> mailboxes(const QString &campaignId) const;
    StoreStatus saveSchedule(const QString &campaignId, const O2dSchedule &schedule);
    std::optional<O2dSchedule> schedule(const QString &campaignId) const;
    StoreStatus saveStopRules(const QString &campaignId, const O2dStopRules &rules);
    std::optional<O2dStopRules> stopRules(const QString &campaignId) const;
    StoreStatus savePreflight(const QString &campaignId, const O2dPreflight &preflight, const QDateTime &at);
    std::optional<O2dPreflight> preflight(const QString &campaignId) const;
    // Contacts as last listed (GET /contacts through the pager): upsert by id.
    StoreStatus saveContacts(const QList<O2dContact> &contacts);
    QList<O2dContact> contacts(const QString &campaignId) const;
    int contactCount(const QString &campaignId) const;

    // --- imports (H9)
    StoreStatus saveImport(const ImportRecord &record); // upsert by idempotencyKey
    std::optional<ImportRecord> import(const QString &idempotencyKey) const;
    QList<ImportRecord> imports(const QString &campaignId) const; // newest first

    // --- launches: every launch the operator confirmed (a tranche), for the editor's history
    struct LaunchRecord
    {
        QString campaignId;
        QString clearanceId; // the guard's intent id
        std::optional<int> limit;
        bool async = false;
        QString jobId;
        QString status; // the vendor's last status, "unknown" after a crash before the answer
        QDateTime at;
    };
    StoreStatus saveLaunch(const LaunchRecord &launch); // upsert by clearanceId
    QList<LaunchRecord> launches(const QString &campaignId) const; // oldest first

    Database *database() const { return m_db; }

private:
    Database *m_db;
};
