#pragma once

#include "store/Database.h"
#include "table/RecordTable.h"
#include "unloopa/UnloopaVoiceTypes.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>

// Unloopa Voice's memory (component "unloopa_voice" of the shared database): every voice call
// retrieved, with its transcript and analysis, so calls stay browsable and searchable offline in
// the one table machinery; the voice campaigns as last read; and the leads each campaign was
// created with (the console sends the cleared `lead_ids`, never a filter), so the console knows
// which campaigns would call a number that is newly put on the do-not-contact list.
//
// The loader SQL aliases the table columns to the schema keys, so the store, the table model, the
// CSV exporter and the CLI share one set of column keys.
class UnloopaCallStore
{
public:
    // Columns of callSchema(), in order.
    enum Column {
        Id,
        CreatedAt,
        BusinessName,
        PhoneNumber,
        Status,
        Outcome,
        OutcomeNotes,
        Duration,
        CampaignId,
        StartedAt,
        CompletedAt,
        Transcript, // the readable text (searchable)
        Analysis, // the vendor's analysis as compact JSON
        ColumnCount
    };

    // GET /voice/calls filters, applied to the stored calls (empty = any).
    struct CallFilter
    {
        QString status;
        QString outcome;
        QString campaignId;
    };

    // One lead a campaign was created with, as the guard cleared it.
    struct CampaignLead
    {
        QString leadId;
        QString phone; // E.164 the guard cleared
        QString businessName;
    };

    // A campaign that would call a number (the pause-on-newly-listed rule).
    struct CampaignReach
    {
        QString campaignId;
        QString status; // as last read from Unloopa ("draft", "active", "paused", "completed")
        QString leadId;
    };

    explicit UnloopaCallStore(Database *database);

    static QString component() { return QStringLiteral("unloopa_voice"); }
    static QList<Migration> migrations();
    // Registers and applies the voice store's migrations, opening `database` first when it is not
    // open (the console and the command-line companion open it alike).
    static StoreStatus prepare(Database &database);

    // --- what the table shows (keys = loader SQL aliases = machine-profile CSV header)
    static RecordSchema callSchema();
    // SELECT for RecordTableLoader, newest first; `binds` receives the filter's values.
    static QString callsSql(const CallFilter &filter, QVariantList *binds);
    // The same rows the loader would read back, for merging fresh API pages into a model.
    static RecordTable callRows(const QList<UnloopaCall> &calls);

    // --- calls (one transaction per call)
    // Upserts list items or details. What an answer lacks (the detail has no campaign id, a list
    // item of a call still running has no transcript yet) keeps what was stored.
    StoreStatus saveCalls(const QList<UnloopaCall> &calls);
    std::optional<UnloopaCall> call(const QString &id) const;
    qint64 callCount() const;

    // --- campaigns
    StoreStatus saveCampaigns(const QList<UnloopaCampaign> &campaigns);
    std::optional<UnloopaCampaign> campaign(const QString &id) const;
    // Newest first.
    QList<UnloopaCampaign> campaigns() const;
    // The leads a campaign was created with (replaces any earlier list of that campaign).
    StoreStatus saveCampaignLeads(const QString &campaignId, const QList<CampaignLead> &leads);
    QList<CampaignLead> campaignLeads(const QString &campaignId) const;
    // Every campaign created with a lead of this E.164 number, whatever its status.
    QList<CampaignReach> campaignsReaching(const QString &e164) const;

    // When a dataset ("calls", "campaigns") was last fetched completely.
    StoreStatus setLastSynced(const QString &dataset, const QDateTime &when);
    QDateTime lastSynced(const QString &dataset) const;

    Database *database() const { return m_db; }

private:
    Database *m_db;
};
