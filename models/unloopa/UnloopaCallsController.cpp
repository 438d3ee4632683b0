#include "UnloopaCallsController.h"

#include "export/ExportJob.h"
#include "store/Database.h"
#include "table/RecordTableLoader.h"
#include "table/RecordTableModel.h"
#include "unloopa/UnloopaService.h"
#include "unloopa/UnloopaVoiceService.h"
#include "unloopa/VoiceCampaignController.h"

#include <QSettings>

namespace {

// The operator's standing choice (not an override: it only ever adds to the list).
const QString kListNotInterestedKey = QStringLiteral("unloopa/voice/listNotInterested");

} // namespace

UnloopaCallsController::UnloopaCallsController(UnloopaService *unloopa, UnloopaVoiceService *voice,
                                               OutboundGuard *guard, const QString &databasePath,
                                               QObject *parent)
    : QObject(parent),
      m_unloopa(unloopa),
      m_voice(voice),
      m_db(std::make_unique<Database>(databasePath.isEmpty() ? Database::defaultPath() : databasePath)),
      m_model(new RecordTableModel(UnloopaCallStore::callSchema(), this)),
      m_export(new ExportJob(this))
{
    m_storeStatus = UnloopaCallStore::prepare(*m_db);
    if (m_storeStatus)
        m_store = std::make_unique<UnloopaCallStore>(m_db.get());
    m_campaigns = new VoiceCampaignController(unloopa, voice, guard, m_store.get(), this);
}

UnloopaCallsController::~UnloopaCallsController()
{
    if (m_fetch)
        m_fetch->cancel();
    delete m_loader; // stops its worker before the database goes
}

void UnloopaCallsController::open()
{
    if (!m_store) {
        Q_EMIT storeFailed(m_storeStatus);
        return;
    }
    if (m_loader)
        return;
    m_loader = new RecordTableLoader(this);
    connect(m_loader, &RecordTableLoader::finished, this, [this](const StoreStatus &status, qint64) {
        if (!status.ok() && status.code != StoreStatus::Code::Cancelled)
            Q_EMIT storeFailed(status);
        // Newest first from now on, unless the operator sorts otherwise.
        if (m_model->sortColumn() < 0)
            m_model->sort(UnloopaCallStore::CreatedAt, Qt::DescendingOrder);
        Q_EMIT campaignsChanged();
        refresh();
    });
    m_loader->start(m_model, m_db->path(), UnloopaCallStore::callsSql({}, nullptr));
}

bool UnloopaCallsController::isRefreshing() const
{
    return m_fetch && m_fetch->isRunning();
}

void UnloopaCallsController::setRefreshing(bool refreshing)
{
    if (refreshing == m_refreshing)
        return;
    m_refreshing = refreshing;
    Q_EMIT refreshingChanged(refreshing);
}

void UnloopaCallsController::cancelRefresh()
{
    if (m_fetch)
        m_fetch->cancel();
}

void UnloopaCallsController::refresh()
{
    if (!m_store || !m_unloopa)
        return;
    if (m_fetch) {
        m_fetch->disconnect(this);
        m_fetch->cancel();
        m_fetch->deleteLater();
    }
    auto *fetch = new UnloopaPagedFetch(m_unloopa, m_filter, this);
    m_fetch = fetch;
    connect(fetch, &UnloopaPagedFetch::callsPage, this, &UnloopaCallsController::storePage);
    connect(fetch, &UnloopaPagedFetch::progress, this, &UnloopaCallsController::refreshProgress);
    connect(fetch, &UnloopaPagedFetch::finished, this, [this, fetch](const ApiError &error) {
        fetch->deleteLater();
        setRefreshing(false);
        if (error.kind == ApiError::Kind::Cancelled)
            return;
        if (error.isError()) {
            Q_EMIT refreshFailed(error);
            return;
        }
        if (m_filter.status.isEmpty() && m_filter.outcome.isEmpty() && m_filter.campaignId.isEmpty())
            (void)m_store->setLastSynced(QStringLiteral("calls"), QDateTime::currentDateTimeUtc());
        Q_EMIT refreshed(fetch->fetched());
    });
    setRefreshing(true);
    fetch->start();

    // The campaigns' names for the campaign filter.
    if (m_voice) {
        m_voice->fetchCampaigns(this, [this](const Result<QList<UnloopaCampaign>> &campaigns) {
            if (!campaigns.ok() || !m_store)
                return; // the calls' own refresh reports what is wrong with the connection
            if (const StoreStatus saved = m_store->saveCampaigns(campaigns.value()); !saved) {
                Q_EMIT storeFailed(saved);
                return;
            }
            Q_EMIT campaignsChanged();
        });
    }
}

void UnloopaCallsController::storePage(const QList<UnloopaCall> &page)
{
    // Which calls turn not_interested with this page (compared with what was stored before it).
    QList<UnloopaCall> newlyNotInterested;
    const bool listing = listsNotInterested();
    QStringList ids;
    for (const UnloopaCall &call : page) {
        ids.append(call.id);
        if (listing && call.outcome == QLatin1String("not_interested")) {
            const std::optional<UnloopaCall> before = m_store->call(call.id);
            if (!before || before->outcome != QLatin1String("not_interested"))
                newlyNotInterested.append(call);
        }
    }
    if (const StoreStatus saved = m_store->saveCalls(page); !saved) {
        if (m_fetch)
            m_fetch->cancel();
        Q_EMIT storeFailed(saved);
        return;
    }
    showStored(ids);
    if (!newlyNotInterested.isEmpty())
        listNotInterested(newlyNotInterested);
}

// The model shows what the store holds (a list item lacks what an earlier detail brought).
void UnloopaCallsController::showStored(const QStringList &ids)
{
    QList<UnloopaCall> stored;
    for (const QString &id : ids) {
        if (const std::optional<UnloopaCall> call = m_store->call(id))
            stored.append(*call);
    }
    m_model->mergeRows(UnloopaCallStore::callRows(stored));
}

void UnloopaCallsController::setFilter(const UnloopaCallFilter &filter)
{
    m_filter = filter;
    applyLocalFilter();
}

void UnloopaCallsController::setSearchText(const QString &text)
{
    m_searchText = text;
    applyLocalFilter();
}

void UnloopaCallsController::applyLocalFilter()
{
    RecordFilter filter;
    filter.text = m_searchText;
    const auto equals = [&filter](int column, const QString &value) {
        if (!value.isEmpty())
            filter.predicates.append(ColumnPredicate::equals(column, value));
    };
    equals(UnloopaCallStore::Status, m_filter.status);
    equals(UnloopaCallStore::Outcome, m_filter.outcome);
    equals(UnloopaCallStore::CampaignId, m_filter.campaignId);
    m_model->setFilter(filter);
}

void UnloopaCallsController::showDetail(const QString &callId)
{
    if (!m_store)
        return;
    const std::optional<UnloopaCall> stored = m_store->call(callId);
    if (stored)
        Q_EMIT detailReady(*stored, false);
    if (stored && stored->isFinished() && !stored->transcript.isEmpty())
        return;
    if (!m_voice)
        return;
    m_voice->fetchCall(callId, this, [this, callId](const Result<UnloopaCall> &call) {
        if (!call.ok()) {
            Q_EMIT detailFailed(callId, call.error());
            return;
        }
        if (const StoreStatus saved = m_store->saveCalls({call.value()}); !saved) {
            Q_EMIT storeFailed(saved);
            return;
        }
        showStored({callId});
        // The stored call: the detail merged with what the list knew (its campaign).
        Q_EMIT detailReady(m_store->call(callId).value_or(call.value()), true);
    });
}

QList<QPair<QString, QString>> UnloopaCallsController::campaignNames() const
{
    QList<QPair<QString, QString>> names;
    if (!m_store)
        return names;
    for (const UnloopaCampaign &campaign : m_store->campaigns())
        names.append({campaign.id, campaign.name.isEmpty() ? campaign.id : campaign.name});
    return names;
}

bool UnloopaCallsController::listsNotInterested() const
{
    return QSettings().value(kListNotInterestedKey, false).toBool();
}

int UnloopaCallsController::notInterestedCount() const
{
    int count = 0;
    const RecordTable &table = m_model->table();
    for (int row = 0; row < table.rowCount(); ++row)
        count += table.text(row, UnloopaCallStore::Outcome) == QLatin1String("not_interested");
    return count;
}

void UnloopaCallsController::setListsNotInterested(bool on)
{
    if (on == listsNotInterested())
        return;
    QSettings().setValue(kListNotInterestedKey, on);
    if (!on || !m_store)
        return;
    QList<UnloopaCall> notInterested;
    const RecordTable &table = m_model->table();
    for (int row = 0; row < table.rowCount(); ++row) {
        if (table.text(row, UnloopaCallStore::Outcome) != QLatin1String("not_interested"))
            continue;
        if (const std::optional<UnloopaCall> call = m_store->call(table.text(row, UnloopaCallStore::Id)))
            notInterested.append(*call);
    }
    listNotInterested(notInterested);
}

void UnloopaCallsController::listNotInterested(const QList<UnloopaCall> &calls)
{
    const Result<int> added = m_campaigns->listNotInterested(calls);
    if (!added.ok()) {
        Q_EMIT listingFailed(added.error());
        return;
    }
    if (added.value() == 0) {
        Q_EMIT notInterestedListed(0, {});
        return;
    }
    // A newly listed number must not be dialled by a campaign that is running.
    const int count = added.value();
    m_campaigns->pauseWhereListed(this, [this, count](const Result<QStringList> &paused) {
        if (!paused.ok()) {
            Q_EMIT listingFailed(paused.error());
            return;
        }
        Q_EMIT notInterestedListed(count, paused.value());
    });
}

QString UnloopaCallsController::outcomeText(const QString &outcome)
{
    if (outcome == QLatin1String("interested"))
        return tr("Interested");
    if (outcome == QLatin1String("not_interested"))
        return tr("Not interested");
    if (outcome == QLatin1String("voicemail"))
        return tr("Voicemail");
    if (outcome == QLatin1String("no_answer"))
        return tr("No answer");
    if (outcome == QLatin1String("callback"))
        return tr("Call back");
    return outcome;
}

QString UnloopaCallsController::statusText(const QString &status)
{
    if (status == QLatin1String("pending"))
        return tr("Pending");
    if (status == QLatin1String("queued"))
        return tr("Queued");
    if (status == QLatin1String("in_progress"))
        return tr("In progress");
    if (status == QLatin1String("completed"))
        return tr("Completed");
    if (status == QLatin1String("failed"))
        return tr("Failed");
    if (status == QLatin1String("cancelled"))
        return tr("Cancelled");
    return status;
}
