#include "LeadsController.h"

#include "table/RecordTableLoader.h"
#include "table/RecordTableModel.h"
#include "unloopa/UnloopaJobPoller.h"

namespace {

bool isUnreachable(const ApiError &error)
{
    return error.kind == ApiError::Kind::Network || error.kind == ApiError::Kind::Timeout;
}

} // namespace

LeadsController::LeadsController(UnloopaService *service, Database *database, QObject *parent)
    : QObject(parent),
      m_service(service),
      m_db(database),
      m_store(std::make_unique<LeadStore>(database)),
      m_leads(new RecordTableModel(LeadStore::leadSchema(), this)),
      m_websites(new RecordTableModel(LeadStore::websiteSchema(), this)),
      m_jobs(new RecordTableModel(LeadStore::jobSchema(), this)),
      m_poller(new UnloopaJobPoller(service, this)),
      m_export(new ExportJob(this))
{
    connect(m_poller, &UnloopaJobPoller::jobUpdated, this, &LeadsController::onJobUpdate);
    connect(m_poller, &UnloopaJobPoller::jobFinished, this, &LeadsController::onJobFinished);
    connect(m_poller, &UnloopaJobPoller::pollFailed, this,
            [this](const QString &, const ApiError &error, int) { noteReachable(error); });
    if (m_service) {
        connect(m_service, &UnloopaService::quotaChanged, this, [this](const UnloopaQuota &quota) {
            m_quota = quota;
            if (StoreStatus s = m_store->saveQuota(quota); !s)
                Q_EMIT storeFailed(s);
            Q_EMIT quotaChanged(quota);
        });
    }
}

StoreStatus LeadsController::openDatabase(Database &database)
{
    database.registerMigrations(LeadStore::component(), LeadStore::migrations());
    if (!database.isOpen()) {
        if (StoreStatus s = database.open(); !s)
            return s;
    }
    return database.migrate();
}

LeadsController *LeadsController::create(UnloopaService *service, Database *database,
                                         const QString &databasePath, QString *problem, QObject *parent)
{
    std::unique_ptr<Database> own;
    if (!database) {
        own = std::make_unique<Database>(databasePath.isEmpty() ? Database::defaultPath() : databasePath);
        database = own.get();
    }
    const int latest = LeadStore::migrations().last().version;
    if (!database->isOpen() || database->schemaVersion(LeadStore::component()) < latest) {
        if (StoreStatus s = openDatabase(*database); !s) {
            if (problem)
                *problem = s.message;
            return nullptr;
        }
    }
    auto *controller = new LeadsController(service, database, parent);
    controller->m_ownDatabase = std::move(own);
    return controller;
}

LeadsController::~LeadsController()
{
    // Loaders deliver into the models: stop them before the models go.
    qDeleteAll(m_loaders);
    m_loaders.clear();
    m_store.reset(); // before the connection it may own
}

QDateTime LeadsController::lastSynced() const
{
    return m_store->lastSynced(QStringLiteral("leads"));
}

// ---------------------------------------------------------------------------------------------
// Opening from the store

void LeadsController::startLoader(RecordTableLoader *loader, RecordTableModel *model, const QString &sql)
{
    ++m_loadersRunning;
    connect(loader, &RecordTableLoader::finished, this, [this](const StoreStatus &status, qint64) {
        if (!status.ok() && status.code != StoreStatus::Code::Cancelled)
            Q_EMIT loadFailed(status);
        if (--m_loadersRunning > 0)
            return;
        // The store's rows arrive newest first and are appended as they come (cheap merges, no
        // re-sorting per batch); from now on the tables keep an order, newest first unless the
        // operator chose another.
        for (RecordTableModel *table : {m_leads, m_websites, m_jobs}) {
            if (table->sortColumn() < 0)
                table->sort(table->schema().indexOf(u"createdAt"), Qt::DescendingOrder);
        }
        m_loaded = true;
        Q_EMIT loaded();
        if (m_refreshAfterLoad)
            refresh();
    });
    loader->start(model, m_db->path(), sql);
}

void LeadsController::open(bool refreshAfterLoad)
{
    m_refreshAfterLoad = refreshAfterLoad;
    if (const auto cached = m_store->quota()) {
        m_quota = cached;
        Q_EMIT quotaChanged(*cached);
    }
    // Jobs that were processing when the console closed.
    const QStringList unfinished = m_store->unfinishedJobs();
    for (const QString &id : unfinished)
        m_poller->watch(id);

    m_loaders = {new RecordTableLoader(this), new RecordTableLoader(this), new RecordTableLoader(this)};
    // Small batches: each is merged on the GUI thread in one go.
    for (RecordTableLoader *loader : std::as_const(m_loaders))
        loader->setBatchSizes(1000, 10'000);
    // The job list is short; the leads table may be large (its first batch shows quickly).
    startLoader(m_loaders.at(0), m_jobs, LeadStore::jobsSql());
    startLoader(m_loaders.at(1), m_leads, LeadStore::leadsSql());
    startLoader(m_loaders.at(2), m_websites, LeadStore::websitesSql());
}

// ---------------------------------------------------------------------------------------------
// Refreshing from Unloopa

bool LeadsController::isRefreshing() const
{
    return (m_leadFetch && m_leadFetch->isRunning()) || (m_websiteFetch && m_websiteFetch->isRunning()) ||
            (m_jobFetch && m_jobFetch->isRunning());
}

void LeadsController::updateRefreshing()
{
    const bool now = isRefreshing();
    if (now == m_refreshing)
        return;
    m_refreshing = now;
    Q_EMIT refreshingChanged(now);
}

void LeadsController::noteReachable(const ApiError &error)
{
    if (isUnreachable(error))
        setOffline(true);
    else if (error.kind == ApiError::Kind::Vendor || error.kind == ApiError::Kind::None)
        setOffline(false);
}

void LeadsController::setOffline(bool offline)
{
    if (offline == m_offline)
        return;
    m_offline = offline;
    Q_EMIT offlineChanged(offline, lastSynced());
}

void LeadsController::refresh(const UnloopaLeadFilter &filter)
{
    refreshQuota();
    refreshJobs();
    refreshLeads(filter);
    refreshWebsites();
}

void LeadsController::refreshQuota()
{
    if (!m_service)
        return;
    m_service->fetchQuota(this, [this](const Result<UnloopaQuota> &result) {
        // Success is handled through UnloopaService::quotaChanged (stored and announced there).
        noteReachable(result ? ApiError() : result.error());
        if (!result)
            Q_EMIT quotaFailed(result.error());
    });
}

void LeadsController::mergeLeads(const QList<UnloopaLead> &leads, const QString &jobId)
{
    RecordTable rows = LeadStore::leadRows(leads, jobId);
    if (jobId.isEmpty()) {
        // A list page does not say which job a lead came from; keep what the table knows (the
        // store keeps it too).
        const RecordTable &known = m_leads->table();
        const int jobColumn = rows.schema().indexOf(u"jobId");
        for (int r = 0; r < rows.rowCount(); ++r) {
            const int existing = known.findRow(rows.utf8(r, 0));
            if (existing >= 0 && !known.isNull(existing, jobColumn))
                rows.setTextUtf8(r, jobColumn, known.utf8(existing, jobColumn));
        }
    }
    m_leads->mergeRows(std::move(rows));
}

void LeadsController::refreshLeads(const UnloopaLeadFilter &filter)
{
    if (!m_service)
        return;
    if (m_leadFetch)
        m_leadFetch->deleteLater(); // aborts its request; a new filter replaces it
    auto *fetch = new UnloopaPagedFetch(m_service, UnloopaPagedFetch::What::Leads, filter, this);
    m_leadFetch = fetch;
    const QString jobId = filter.jobId;
    connect(fetch, &UnloopaPagedFetch::leadsPage, this, [this, fetch, jobId](const QList<UnloopaLead> &page) {
        if (!stored(m_store->saveLeads(page, jobId), fetch))
            return;
        mergeLeads(page, jobId);
    });
    connect(fetch, &UnloopaPagedFetch::progress, this, &LeadsController::refreshProgress);
    connect(fetch, &UnloopaPagedFetch::finished, this, [this, fetch](const ApiError &error) {
        fetch->deleteLater();
        if (!error.isError()) {
            m_store->setLastSynced(QStringLiteral("leads"), QDateTime::currentDateTimeUtc());
            noteReachable(error);
            Q_EMIT refreshSucceeded();
        } else if (error.kind != ApiError::Kind::Cancelled) {
            noteReachable(error);
            Q_EMIT refreshFailed(error);
        }
        QMetaObject::invokeMethod(this, &LeadsController::updateRefreshing, Qt::QueuedConnection);
    });
    fetch->start();
    updateRefreshing();
}

void LeadsController::refreshWebsites()
{
    if (!m_service || (m_websiteFetch && m_websiteFetch->isRunning()))
        return;
    auto *fetch = new UnloopaPagedFetch(m_service, UnloopaPagedFetch::What::Websites, {}, this);
    m_websiteFetch = fetch;
    connect(fetch, &UnloopaPagedFetch::websitesPage, this, [this, fetch](const QList<UnloopaWebsite> &page) {
        if (!stored(m_store->saveWebsites(page), fetch))
            return;
        m_websites->mergeRows(LeadStore::websiteRows(page));
    });
    connect(fetch, &UnloopaPagedFetch::finished, this, [this, fetch](const ApiError &error) {
        fetch->deleteLater();
        noteReachable(error);
        QMetaObject::invokeMethod(this, &LeadsController::updateRefreshing, Qt::QueuedConnection);
    });
    fetch->start();
    updateRefreshing();
}

bool LeadsController::stored(StoreStatus status, UnloopaPagedFetch *fetch)
{
    // A page the store cannot keep stops the sync: the table never shows what is not kept.
    if (status)
        return true;
    Q_EMIT storeFailed(status);
    fetch->cancel();
    return false;
}

void LeadsController::mergeJobsFromStore(const QList<UnloopaJob> &jobs)
{
    // The store keeps progress and steps a list item lacks: show what it holds.
    QList<UnloopaJob> stored;
    stored.reserve(jobs.size());
    for (const UnloopaJob &job : jobs)
        stored.append(m_store->job(job.jobId).value_or(job));
    m_jobs->mergeRows(LeadStore::jobRows(stored));
}

void LeadsController::refreshJobs()
{
    if (!m_service || (m_jobFetch && m_jobFetch->isRunning()))
        return;
    auto *fetch = new UnloopaPagedFetch(m_service, UnloopaPagedFetch::What::Jobs, {}, this);
    m_jobFetch = fetch;
    connect(fetch, &UnloopaPagedFetch::jobsPage, this, [this, fetch](const QList<UnloopaJob> &page) {
        if (!stored(m_store->saveJobs(page), fetch))
            return;
        mergeJobsFromStore(page);
        // Jobs submitted elsewhere (the CLI, another console) are followed too.
        for (const UnloopaJob &job : page) {
            if (!job.isFinished())
                m_poller->watch(job.jobId);
        }
    });
    connect(fetch, &UnloopaPagedFetch::finished, this, [this, fetch](const ApiError &error) {
        fetch->deleteLater();
        noteReachable(error);
        QMetaObject::invokeMethod(this, &LeadsController::updateRefreshing, Qt::QueuedConnection);
    });
    fetch->start();
    updateRefreshing();
}

void LeadsController::cancelRefresh()
{
    for (const QPointer<UnloopaPagedFetch> &fetch : {m_leadFetch, m_websiteFetch, m_jobFetch}) {
        if (fetch)
            fetch->cancel();
    }
    updateRefreshing();
}

// ---------------------------------------------------------------------------------------------
// Commands and jobs

bool LeadsController::submit(const UnloopaCommandRequest &request)
{
    if (m_submitting || !m_service)
        return false;
    m_submitting = true;
    Q_EMIT submittingChanged(true);
    m_service->submitCommand(request, this, [this, request](const Result<UnloopaCommandAccepted> &result) {
        m_submitting = false;
        Q_EMIT submittingChanged(false);
        if (!result) {
            noteReachable(result.error());
            Q_EMIT commandFailed(result.error());
            if (result.error().code == QLatin1String("quota_exceeded") ||
                result.error().code == QLatin1String("plan_required"))
                refreshQuota(); // show what the account really has now
            return;
        }
        setOffline(false);
        const UnloopaCommandAccepted &accepted = result.value();
        UnloopaJob job;
        job.jobId = accepted.jobId;
        job.command = request.command;
        job.status = accepted.status.isEmpty() ? QStringLiteral("processing") : accepted.status;
        job.currentStep = QStringLiteral("Submitted");
        job.createdAt = QDateTime::currentDateTimeUtc();
        job.updatedAt = job.createdAt;
        if (StoreStatus s = m_store->saveJobs({job}); !s)
            Q_EMIT storeFailed(s);
        m_jobs->mergeRows(LeadStore::jobRows({job}));
        m_poller->watch(job.jobId);
        Q_EMIT commandAccepted(accepted);
    });
    return true;
}

void LeadsController::onJobUpdate(const UnloopaJob &job)
{
    setOffline(false);
    if (StoreStatus s = m_store->saveJobs({job}); !s)
        Q_EMIT storeFailed(s);
    mergeJobsFromStore({job});
    Q_EMIT jobUpdated(job);
}

void LeadsController::onJobFinished(const UnloopaJob &job)
{
    auto announce = [this, job] {
        if (m_store->isJobNotified(job.jobId))
            return;
        m_store->markJobNotified(job.jobId);
        Q_EMIT jobFinished(job);
    };
    refreshQuota();
    if (job.status != QLatin1String("completed") || !m_service) {
        announce();
        return;
    }
    // The job's leads, tagged with the job, before telling the operator.
    UnloopaLeadFilter filter;
    filter.jobId = job.jobId;
    auto *fetch = new UnloopaPagedFetch(m_service, UnloopaPagedFetch::What::Leads, filter, this);
    connect(fetch, &UnloopaPagedFetch::leadsPage, this, [this, fetch, job](const QList<UnloopaLead> &page) {
        if (!stored(m_store->saveLeads(page, job.jobId), fetch))
            return;
        mergeLeads(page, job.jobId);
    });
    connect(fetch, &UnloopaPagedFetch::finished, this, [this, fetch, announce](const ApiError &error) {
        fetch->deleteLater();
        noteReachable(error);
        announce();
        refreshWebsites();
    });
    fetch->start();
}

void LeadsController::fetchLeadDetail(const QString &leadId)
{
    if (const auto cached = m_store->lead(leadId))
        Q_EMIT leadDetailReady(*cached, false);
    if (!m_service)
        return;
    m_service->fetchLead(leadId, this, [this, leadId](const Result<UnloopaLead> &result) {
        if (!result) {
            noteReachable(result.error());
            Q_EMIT leadDetailFailed(leadId, result.error());
            return;
        }
        setOffline(false);
        if (StoreStatus s = m_store->saveLeadDetail(result.value()); !s)
            Q_EMIT storeFailed(s);
        mergeLeads({result.value()}, {});
        Q_EMIT leadDetailReady(result.value(), true);
    });
}

RecordFilter LeadsController::localFilter(const UnloopaLeadFilter &f)
{
    static const RecordSchema schema = LeadStore::leadSchema();
    auto col = [](const char16_t *key) {
        return schema.indexOf(QStringView(key));
    };
    RecordFilter rf;
    rf.text = f.search;
    rf.textColumns = {col(u"businessName"), col(u"city"), col(u"industry")};
    if (!f.city.isEmpty())
        rf.predicates.append(ColumnPredicate::contains(col(u"city"), f.city));
    if (!f.industry.isEmpty())
        rf.predicates.append(ColumnPredicate::contains(col(u"industry"), f.industry));
    if (f.hasPhone) // the vendor counts any phone it has, valid or not
        rf.predicates.append(ColumnPredicate::notNull(col(u"phoneRaw")));
    if (f.hasEmail)
        rf.predicates.append(ColumnPredicate::notNull(col(u"email")));
    if (f.hasWebsite)
        rf.predicates.append(ColumnPredicate::notNull(col(u"website")));
    if (f.hasVideo)
        rf.predicates.append(ColumnPredicate::notNull(col(u"videoUrl")));
    if (!f.videoStatus.isEmpty())
        rf.predicates.append(ColumnPredicate::equals(col(u"videoStatus"), f.videoStatus));
    if (f.minRating)
        rf.predicates.append(ColumnPredicate::range(col(u"rating"), *f.minRating, std::nullopt));
    if (f.minReviews)
        rf.predicates.append(ColumnPredicate::range(col(u"reviews"), double(*f.minReviews), std::nullopt));
    if (f.createdAfter.isValid() || f.createdBefore.isValid()) {
        std::optional<double> from;
        std::optional<double> to;
        if (f.createdAfter.isValid())
            from = double(f.createdAfter.startOfDay(Qt::UTC).toMSecsSinceEpoch());
        if (f.createdBefore.isValid())
            to = double(f.createdBefore.startOfDay(Qt::UTC).toMSecsSinceEpoch() - 1);
        rf.predicates.append(ColumnPredicate::range(col(u"createdAt"), from, to));
    }
    if (!f.jobId.isEmpty())
        rf.predicates.append(ColumnPredicate::equals(col(u"jobId"), f.jobId));
    return rf;
}
