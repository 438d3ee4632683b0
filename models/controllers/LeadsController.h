#pragma once

#include "export/ExportJob.h"
#include "store/Database.h"
#include "store/LeadStore.h"
#include "table/RecordFilter.h"
#include "unloopa/UnloopaService.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class RecordTableLoader;
class RecordTableModel;
class UnloopaJobPoller;
class UnloopaPagedFetch;

// What the Leads page does, without widgets: the store is the console's memory and every model
// opens from it first, then refreshes from Unloopa, writing what arrives to the store before
// showing it. Jobs still processing are polled (and resumed at the next start); when one ends,
// its leads are fetched and jobFinished() fires once per job, ever.
//
// Offline: a refresh that cannot reach Unloopa leaves everything cached in place and reports
// offlineChanged(true, lastSynced).
class LeadsController : public QObject
{
    Q_OBJECT
public:
    // `database` must be open and migrated with LeadStore::migrations() (see openDatabase()).
    LeadsController(UnloopaService *service, Database *database, QObject *parent = nullptr);

    // A controller on `database` (shared, migrated here when it is not yet) or, when it is null, on
    // its own connection to `databasePath` (default Database::defaultPath()), which it owns. Null
    // when the store cannot be used: `problem` says why.
    static LeadsController *create(UnloopaService *service, Database *database, const QString &databasePath,
                                   QString *problem, QObject *parent = nullptr);
    // Registers and applies the Leads migrations, opening `database` first when it is not open.
    static StoreStatus openDatabase(Database &database);
    ~LeadsController() override;

    UnloopaService *service() const { return m_service; }
    LeadStore *store() const { return m_store.get(); }
    RecordTableModel *leads() const { return m_leads; }
    RecordTableModel *websites() const { return m_websites; }
    RecordTableModel *jobs() const { return m_jobs; }
    UnloopaJobPoller *poller() const { return m_poller; }
    // Exports of the leads or websites table, one at a time.
    ExportJob *exportJob() const { return m_export; }

    // Loads leads, websites and jobs from the store into the models (off the GUI thread), resumes
    // polling jobs stored as processing, then refresh() unless `refreshAfterLoad` is false.
    void open(bool refreshAfterLoad = true);
    bool isLoaded() const { return m_loaded; }

    // Quota, job history, every page of leads for `filter`, websites.
    void refresh(const UnloopaLeadFilter &filter = {});
    void refreshQuota();
    void refreshJobs();
    void refreshLeads(const UnloopaLeadFilter &filter);
    void refreshWebsites();
    void cancelRefresh();
    bool isRefreshing() const;

    // POST /command. Ignored (false) while a submission is in flight: never twice.
    bool submit(const UnloopaCommandRequest &request);
    bool isSubmitting() const { return m_submitting; }

    // GET /leads/{id}: leadDetailReady() with the cached lead first (if any), then the fresh one.
    void fetchLeadDetail(const QString &leadId);

    // The server's lead filter as a filter of the leads table: the same semantics (partial,
    // case-insensitive matches; has_* = the field is present; created_before exclusive), applied
    // to everything cached, instantly.
    static RecordFilter localFilter(const UnloopaLeadFilter &filter);

    std::optional<UnloopaQuota> quota() const { return m_quota; }
    bool isOffline() const { return m_offline; }
    QDateTime lastSynced() const;

Q_SIGNALS:
    void loaded();
    void loadFailed(const StoreStatus &status);
    void quotaChanged(const UnloopaQuota &quota);
    void quotaFailed(const ApiError &error);
    void submittingChanged(bool submitting);
    void commandAccepted(const UnloopaCommandAccepted &accepted);
    void commandFailed(const ApiError &error);
    void jobUpdated(const UnloopaJob &job);
    // A job this console followed completed or failed (announced once per job, across restarts).
    void jobFinished(const UnloopaJob &job);
    void refreshingChanged(bool refreshing);
    void refreshProgress(int fetched, int total);
    void refreshFailed(const ApiError &error);
    void refreshSucceeded();
    void leadDetailReady(const UnloopaLead &lead, bool fresh);
    void leadDetailFailed(const QString &leadId, const ApiError &error);
    void offlineChanged(bool offline, const QDateTime &lastSynced);
    // A write to the store failed: nothing that arrived is shown as saved.
    void storeFailed(const StoreStatus &status);

private:
    void onJobUpdate(const UnloopaJob &job);
    void onJobFinished(const UnloopaJob &job);
    void mergeLeads(const QList<UnloopaLead> &leads, const QString &jobId);
    bool stored(StoreStatus status, UnloopaPagedFetch *fetch);
    void mergeJobsFromStore(const QList<UnloopaJob> &jobs);
    void noteReachable(const ApiError &error);
    void setOffline(bool offline);
    void updateRefreshing();
    void startLoader(RecordTableLoader *loader, RecordTableModel *model, const QString &sql);

    QPointer<UnloopaService> m_service;
    std::unique_ptr<Database> m_ownDatabase; // when create() opened the connection
    Database *m_db;
    std::unique_ptr<LeadStore> m_store;
    RecordTableModel *m_leads;
    RecordTableModel *m_websites;
    RecordTableModel *m_jobs;
    UnloopaJobPoller *m_poller;
    ExportJob *m_export;
    QPointer<UnloopaPagedFetch> m_leadFetch;
    QPointer<UnloopaPagedFetch> m_websiteFetch;
    QPointer<UnloopaPagedFetch> m_jobFetch;
    QList<RecordTableLoader *> m_loaders;
    int m_loadersRunning = 0;
    std::optional<UnloopaQuota> m_quota;
    bool m_loaded = false;
    bool m_refreshAfterLoad = true;
    bool m_submitting = false;
    bool m_offline = false;
    bool m_refreshing = false;
};
