#include "SubsequencesController.h"

#include "core/VendorClient.h"
#include "outreach2day/Outreach2dayService.h"

SubsequencesController::SubsequencesController(Outreach2dayService *service, EmailActivityStore *store,
                                               QObject *parent)
    : QObject(parent), m_service(service), m_store(store)
{ }

void SubsequencesController::setCampaign(const QString &campaignId)
{
    m_campaignId = campaignId;
    Q_EMIT subsequencesChanged();
    Q_EMIT routingChanged();
}

QList<O2dSubsequence> SubsequencesController::subsequences() const
{
    return m_campaignId.isEmpty() || !m_store ? QList<O2dSubsequence>() : m_store->subsequences(m_campaignId);
}

O2dRoutingPolicy SubsequencesController::routing() const
{
    return m_campaignId.isEmpty() || !m_store ? O2dRoutingPolicy() : m_store->routing(m_campaignId);
}

QDateTime SubsequencesController::routingAppliedAt() const
{
    return m_campaignId.isEmpty() || !m_store ? QDateTime() : m_store->routingAppliedAt(m_campaignId);
}

void SubsequencesController::create(const QString &name)
{
    if (m_campaignId.isEmpty() || !m_service)
        return;
    O2dSubsequence subsequence;
    subsequence.campaignId = m_campaignId;
    subsequence.name = name.trimmed();
    const QString campaignId = m_campaignId;
    m_service->createSubsequence(
            campaignId, subsequence, this, [this, campaignId](const Result<O2dSubsequence> &result) {
                if (!result.ok()) {
                    Q_EMIT finished(tr("The subsequence could not be created:"), result.error());
                    return;
                }
                O2dSubsequence created = result.value();
                if (created.campaignId.isEmpty())
                    created.campaignId = campaignId;
                m_store->saveSubsequence(created);
                Q_EMIT subsequencesChanged();
                Q_EMIT finished(tr("Subsequence “%1” created.").arg(created.name), ApiError());
            });
}

void SubsequencesController::applyRouting(const O2dRoutingPolicy &policy)
{
    if (m_campaignId.isEmpty() || !m_service)
        return;
    const QString campaignId = m_campaignId;
    m_service->setSubsequenceRouting(
            campaignId, policy, this, [this, campaignId, policy](const Result<Done> &result) {
                if (!result.ok()) {
                    Q_EMIT finished(tr("The routing rules were not accepted:"), result.error());
                    return;
                }
                m_store->saveRouting(campaignId, policy, QDateTime::currentDateTimeUtc());
                Q_EMIT routingChanged();
                Q_EMIT finished(tr("Routing rules sent (%n rule(s)).", nullptr, int(policy.rules.size())),
                                ApiError());
            });
}
