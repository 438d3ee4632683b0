#include "EmailCampaignsController.h"

#include "core/VendorClient.h" // before the service: its inline client() needs the whole type
#include "email/EmailActivityStore.h"
#include "email/EmailCampaignStore.h"
#include "outreach2day/Outreach2dayService.h"
#include "store/Database.h"
#include "table/RecordTableModel.h"

EmailCampaignsController::EmailCampaignsController(Outreach2dayService *service, const QString &databasePath,
                                                   QObject *parent)
    : QObject(parent),
      m_service(service),
      m_databasePath(databasePath),
      m_campaigns(new RecordTableModel(EmailCampaignStore::campaignSchema(), this))
{ }

EmailCampaignsController::~EmailCampaignsController() = default;

bool EmailCampaignsController::open()
{
    if (isOpen())
        return true;
    auto database =
            std::make_unique<Database>(m_databasePath.isEmpty() ? Database::defaultPath() : m_databasePath);
    database->registerMigrations(EmailCampaignStore::component(), EmailCampaignStore::migrations());
    database->registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
    StoreStatus status = database->open();
    if (status)
        status = database->migrate();
    if (!status) {
        m_problem = status.message;
        return false;
    }
    m_database = std::move(database);
    m_store = std::make_unique<EmailCampaignStore>(m_database.get());
    m_activity = std::make_unique<EmailActivityStore>(m_database.get());
    m_problem.clear();
    reload();
    return true;
}

QString EmailCampaignsController::campaignIdAt(int tableRow) const
{
    const int column = m_campaigns->schema().indexOf(u"id");
    if (tableRow < 0 || tableRow >= m_campaigns->table().rowCount() || column < 0)
        return {};
    return m_campaigns->table().text(tableRow, column);
}

int EmailCampaignsController::campaignCount() const
{
    return m_campaigns->table().rowCount();
}

QString EmailCampaignsController::databasePath() const
{
    return m_database ? m_database->path() : QString();
}

QStringList EmailCampaignsController::launchedCampaigns() const
{
    QStringList ids;
    if (!m_store)
        return ids;
    for (const EmailCampaignStore::CampaignRow &row : m_store->campaigns()) {
        const QString &status = row.campaign.status;
        if (!status.isEmpty() && status != QLatin1String("draft"))
            ids << row.campaign.id;
    }
    return ids;
}

void EmailCampaignsController::seedDemoCampaigns(const QList<QPair<QString, QString>> &campaigns)
{
    if (!m_store || campaigns.isEmpty() || !m_store->campaigns().isEmpty())
        return;
    for (const auto &[name, id] : campaigns) {
        O2dCampaign campaign;
        campaign.id = id;
        campaign.name = name;
        if (!stored(tr("The demo campaign %1 was not saved").arg(id), m_store->saveCampaign(campaign, true)))
            return;
    }
    reload();
    refreshStats(); // their status and counts
}

void EmailCampaignsController::reload()
{
    if (!m_store)
        return;
    m_campaigns->setRows(m_store->campaignTable());
    Q_EMIT campaignsChanged();
}

bool EmailCampaignsController::stored(const QString &what, const StoreStatus &status)
{
    if (status)
        return true;
    Q_EMIT failed(tr("%1: %2").arg(what, status.message), status.toApiError(Vendor::Outreach2day));
    return false;
}

void EmailCampaignsController::begin()
{
    if (m_pending++ == 0)
        Q_EMIT busyChanged(true);
}

void EmailCampaignsController::end()
{
    if (--m_pending == 0)
        Q_EMIT busyChanged(false);
}

void EmailCampaignsController::create(const QString &name, const QString &priority)
{
    if (!m_store || !m_service)
        return;
    begin();
    m_service->createCampaign(name.trimmed(), priority, this, [this](const Result<O2dCampaign> &result) {
        end();
        if (!result) {
            Q_EMIT failed(tr("The campaign was not created"), result.error());
            return;
        }
        if (!stored(tr("The campaign was created at Outreach2day but not saved here (id %1)").arg(result->id),
                    m_store->saveCampaign(result.value())))
            return;
        reload();
        Q_EMIT created(result->id);
    });
}

QString EmailCampaignsController::registrationProblem(const QString &campaignId) const
{
    const QString id = campaignId.trimmed();
    if (id.isEmpty())
        return tr("Type the campaign's id, as Outreach2day shows it (cmp_…).");
    if (id.contains(QLatin1Char('/')) || id.contains(QLatin1Char('?')) || id.contains(QLatin1Char(' ')))
        return tr("A campaign id has no spaces, slashes or question marks.");
    if (m_store && m_store->campaign(id))
        return tr("The campaign %1 is registered already.").arg(id);
    return {};
}

void EmailCampaignsController::registerCampaign(const QString &campaignId, const QString &name)
{
    const QString id = campaignId.trimmed();
    if (!m_store || !m_service)
        return;
    if (const QString problem = registrationProblem(id); !problem.isEmpty()) {
        Q_EMIT failed(problem,
                      ApiError::local(Vendor::Outreach2day, QStringLiteral("invalid_field"), problem));
        return;
    }
    begin();
    // The API cannot read a campaign back: its stats prove it exists and give its status.
    m_service->fetchStats(id, this, [this, id, name](const Result<O2dStats> &result) {
        end();
        if (!result) {
            Q_EMIT failed(tr("The campaign %1 was not registered").arg(id), result.error());
            return;
        }
        O2dCampaign campaign;
        campaign.id = id;
        campaign.name = name.trimmed().isEmpty() ? id : name.trimmed();
        campaign.status = result->status;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (!stored(tr("The campaign %1 was not saved").arg(id), m_store->saveCampaign(campaign, true)) ||
            !stored(tr("The stats of %1 were not saved").arg(id), m_store->saveStats(result.value(), now)))
            return;
        reload();
        Q_EMIT registered(id);
    });
}

bool EmailCampaignsController::forget(const QString &campaignId)
{
    if (!m_store || !stored(tr("The campaign was not removed"), m_store->removeCampaign(campaignId)))
        return false;
    reload();
    return true;
}

void EmailCampaignsController::refreshStats()
{
    if (!m_store || !m_service || m_refreshOutstanding > 0)
        return;
    const QList<EmailCampaignStore::CampaignRow> rows = m_store->campaigns();
    if (rows.isEmpty()) {
        Q_EMIT statsRefreshed(0, 0);
        return;
    }
    m_refreshOk = m_refreshFailed = 0;
    m_refreshOutstanding = int(rows.size());
    begin();
    for (const EmailCampaignStore::CampaignRow &row : rows) {
        const O2dCampaign campaign = row.campaign;
        const bool registeredHere = row.registered;
        m_service->fetchStats(campaign.id, this, [=](const Result<O2dStats> &result) {
            if (result) {
                O2dCampaign updated = campaign;
                if (!result->status.isEmpty())
                    updated.status = result->status;
                const bool ok = m_store->saveStats(result.value(), QDateTime::currentDateTimeUtc()) &&
                        m_store->saveCampaign(updated, registeredHere);
                ok ? ++m_refreshOk : ++m_refreshFailed;
            } else {
                ++m_refreshFailed;
                Q_EMIT failed(tr("The stats of %1 were not read").arg(campaign.name), result.error());
            }
            if (--m_refreshOutstanding == 0) {
                end();
                reload();
                Q_EMIT statsRefreshed(m_refreshOk, m_refreshFailed);
            }
        });
    }
}
