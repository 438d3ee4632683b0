#pragma once

#include "store/Database.h"
#include "table/RecordTable.h"
#include "unloopa/UnloopaTypes.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The Leads page's memory: Unloopa leads, generated websites and jobs as they arrived, in the
// shared SQLite database (component "unloopa", its own migrations). Every write is one
// transaction; when a save returns success the rows are on disk (WAL, synchronous=FULL).
//
// Tables and the RecordTable schemas the page shows them with are defined together here, and
// the loader SQL aliases the table columns to the schema keys, so the store, the models, the
// exporter and the CLI agree on one set of column keys.
class LeadStore
{
public:
    explicit LeadStore(Database *database);

    static QString component() { return QStringLiteral("unloopa"); }
    static QList<Migration> migrations();

    // --- what the tables show (column keys = loader SQL aliases = machine-profile CSV header)
    static RecordSchema leadSchema();
    static RecordSchema websiteSchema();
    static RecordSchema jobSchema();
    // SELECT statements for RecordTableLoader / RecordTableLoader::loadAll(), newest first.
    static QString leadsSql();
    static QString websitesSql();
    static QString jobsSql();
    // The same rows as the loader would read back, for merging fresh API pages into a model.
    static RecordTable leadRows(const QList<UnloopaLead> &leads, const QString &jobId = {});
    static RecordTable websiteRows(const QList<UnloopaWebsite> &websites);
    static RecordTable jobRows(const QList<UnloopaJob> &jobs);

    // --- writes (one transaction each)
    // Upserts list rows. Known details (slug, existing website) and a known job are kept; `jobId`
    // tags the leads when they were fetched for one job.
    StoreStatus saveLeads(const QList<UnloopaLead> &leads, const QString &jobId = {});
    // Upserts a GET /leads/{id} answer, including the existing-website analysis.
    StoreStatus saveLeadDetail(const UnloopaLead &lead);
    StoreStatus saveWebsites(const QList<UnloopaWebsite> &websites);
    // Upserts jobs. A list item (no steps) keeps the progress and steps a poll stored earlier.
    // New jobs already finished are recorded as notified (history is not news).
    StoreStatus saveJobs(const QList<UnloopaJob> &jobs);
    StoreStatus markJobNotified(const QString &jobId);
    StoreStatus saveQuota(const UnloopaQuota &quota);
    // When a dataset ("leads", "websites", "jobs", "quota") was last fetched completely.
    StoreStatus setLastSynced(const QString &dataset, const QDateTime &when);

    // --- reads
    std::optional<UnloopaLead> lead(const QString &id) const;
    // Up to `limit` stored leads whose business name, city, industry or email contains `text`
    // (all when empty), by business name: for pickers such as the outreach template preview.
    QList<UnloopaLead> searchLeads(const QString &text, int limit) const;
    std::optional<UnloopaJob> job(const QString &id) const;
    // Jobs stored as processing: the console resumes polling them at start.
    QStringList unfinishedJobs() const;
    // Finished jobs whose end has not been announced yet.
    bool isJobNotified(const QString &id) const;
    std::optional<UnloopaQuota> quota() const;
    QDateTime lastSynced(const QString &dataset) const;
    int leadCount() const;
    // The lead a phone number (E.164) or, failing that, an email address belongs to (the newest
    // when several share it): how an event is linked to its lead. Nothing when neither matches.
    std::optional<QString> leadIdFor(const QString &e164, const QString &email = {}) const;

    Database *database() const { return m_db; }

private:
    Database *m_db;
};
