#include "CampaignSendsController.h"

#include "EmailActivityStore.h"
#include "SendsSync.h"
#include "export/ExportJob.h"
#include "table/RecordTableLoader.h"
#include "table/RecordTableModel.h"

CampaignSendsController::CampaignSendsController(Outreach2dayService *service, EmailActivityStore *store,
                                                 QObject *parent)
    : QObject(parent),
      m_store(store),
      m_sends(new RecordTableModel(EmailActivityStore::sendSchema(), this)),
      m_export(new ExportJob(this)),
      m_sync(new SendsSync(service, store, this))
{
    m_sends->sort(EmailActivityStore::SentAt, Qt::DescendingOrder);
    connect(m_sync, &SendsSync::progress, this,
            [this](int fetched, int) { Q_EMIT retrievalProgress(fetched); });
    connect(m_sync, &SendsSync::finished, this, [this](const ApiError &error, int fetched) {
        // What was stored shows, complete or not (sends are upserted by id: nothing doubles).
        load();
        Q_EMIT retrievalFinished(error, fetched);
    });
}

CampaignSendsController::~CampaignSendsController()
{
    delete m_loader;
    m_loader = nullptr;
}

void CampaignSendsController::setCampaign(const QString &campaignId)
{
    if (campaignId == m_campaignId)
        return;
    m_sync->cancel();
    m_campaignId = campaignId;
    m_sends->clear();
    load();
}

void CampaignSendsController::load()
{
    // A new loader per load: the old one (if still reading) is cancelled and joined.
    delete m_loader;
    m_loader = nullptr;
    if (!m_store || m_campaignId.isEmpty() || !m_store->database()) {
        Q_EMIT loaded(0, {});
        return;
    }
    m_loader = new RecordTableLoader(this);
    const QString campaign = m_campaignId;
    connect(m_loader, &RecordTableLoader::finished, this,
            [this, campaign](const StoreStatus &status, qint64 rows) {
                if (status.code == StoreStatus::Code::Cancelled || campaign != m_campaignId)
                    return;
                Q_EMIT loaded(rows, status ? QString() : status.message);
            });
    // Rows are upserted by id: a reload after a retrieval updates statuses in place.
    m_loader->start(m_sends, m_store->database()->path(), EmailActivityStore::sendsSql(), {m_campaignId});
}

void CampaignSendsController::retrieve()
{
    if (m_campaignId.isEmpty() || !m_store || m_sync->isRunning())
        return;
    Q_EMIT retrievalStarted();
    m_sync->start(m_campaignId);
}

void CampaignSendsController::cancel()
{
    m_sync->cancel();
}

bool CampaignSendsController::isRetrieving() const
{
    return m_sync->isRunning();
}

bool CampaignSendsController::isLoading() const
{
    return m_loader && m_loader->isRunning();
}

void CampaignSendsController::setFilterText(const QString &text)
{
    m_sends->setFilterText(text);
}
