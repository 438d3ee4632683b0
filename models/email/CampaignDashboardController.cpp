#include "CampaignDashboardController.h"

#include "core/VendorClient.h"
#include "outreach2day/Outreach2dayService.h"

CampaignDashboardController::CampaignDashboardController(Outreach2dayService *service, QObject *parent)
    : QObject(parent), m_service(service)
{
    connect(&m_timer, &QTimer::timeout, this, &CampaignDashboardController::refresh);
}

void CampaignDashboardController::setCampaign(const QString &campaignId)
{
    if (campaignId == m_campaignId)
        return;
    m_campaignId = campaignId;
    m_stats = {};
    m_hasStats = false;
    m_again = false;
    if (m_inFlight)
        m_inFlight->abort();
    m_inFlight = nullptr;
    Q_EMIT updated();
}

void CampaignDashboardController::setRefreshInterval(int milliseconds)
{
    if (milliseconds <= 0) {
        m_timer.stop();
        return;
    }
    m_timer.start(milliseconds);
}

void CampaignDashboardController::refresh()
{
    if (m_campaignId.isEmpty() || !m_service)
        return;
    if (m_inFlight) {
        m_again = true;
        return;
    }
    const QString asked = m_campaignId;
    m_inFlight = m_service->fetchStats(asked, this, [this, asked](const Result<O2dStats> &result) {
        m_inFlight = nullptr;
        if (asked != m_campaignId)
            return;
        if (result.ok())
            setStats(result.value());
        else
            Q_EMIT failed(result.error().summary());
        if (m_again) {
            m_again = false;
            refresh();
        }
    });
}

void CampaignDashboardController::setStats(const O2dStats &stats)
{
    m_stats = stats;
    m_hasStats = true;
    Q_EMIT updated();
}

QList<CampaignDashboardController::Bar> CampaignDashboardController::funnel() const
{
    const O2dStats::Contacts &c = m_stats.contacts;
    return {{tr("Total"), c.total},
            {tr("Active"), c.active},
            {tr("Completed"), c.completed},
            {tr("Replied"), c.replied},
            {tr("Bounced"), c.bounced}};
}

QList<CampaignDashboardController::Bar> CampaignDashboardController::sendsByStatus() const
{
    const O2dStats::Sends &s = m_stats.sends;
    return {{tr("Sent"), s.sent},
            {tr("Replied"), s.replied},
            {tr("Bounced"), s.bounced},
            {tr("Failed"), s.failed}};
}

CampaignDashboardController::Rate CampaignDashboardController::replyRate() const
{
    return {m_stats.contacts.replied, m_stats.contacts.total};
}

CampaignDashboardController::Rate CampaignDashboardController::bounceRate() const
{
    return {m_stats.contacts.bounced, m_stats.contacts.total};
}
