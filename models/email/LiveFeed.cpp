#include "LiveFeed.h"

#include "EmailActivityStore.h"
#include "EmailCampaignStore.h"
#include "core/CursorPager.h"
#include "core/VendorClient.h"
#include "outreach2day/Outreach2dayService.h"

#include <QHash>

LiveFeed::LiveFeed(Outreach2dayService *service, EmailActivityStore *store, EmailCampaignStore *campaigns,
                   QObject *parent)
    : QObject(parent),
      m_service(service),
      m_store(store),
      m_campaigns(campaigns),
      m_initialSince(QDateTime::fromSecsSinceEpoch(0, Qt::UTC))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(defaultPollIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LiveFeed::pollNow);
}

void LiveFeed::setPollIntervalMs(int ms)
{
    m_timer.setInterval(qMax(1, ms));
}

QDateTime LiveFeed::nextSince(const QString &campaignId) const
{
    const QDateTime latest = m_store->latestChangeAt(campaignId);
    return latest.isValid() ? latest.addSecs(-m_overlapSeconds) : m_initialSince;
}

void LiveFeed::start()
{
    pollNow();
}

void LiveFeed::stop()
{
    m_timer.stop();
    m_polling = false;
    if (m_pager) {
        m_pager->disconnect(this);
        m_pager->cancel();
        m_pager->deleteLater();
    }
}

void LiveFeed::pollNow()
{
    if (m_polling || !m_service)
        return;
    m_timer.stop();
    m_polling = true;
    m_campaignIndex = 0;
    m_firstError = ApiError();
    pollNextCampaign();
}

void LiveFeed::noteError(const ApiError &error)
{
    if (error.isError() && !m_firstError.isError())
        m_firstError = error;
}

void LiveFeed::pollNextCampaign()
{
    if (m_campaignIndex >= m_campaignIds.size()) {
        pollThreads();
        return;
    }
    const QString campaignId = m_campaignIds.at(m_campaignIndex++);
    m_pager = m_service->contactChangesPager(campaignId, nextSince(campaignId), this);
    connect(m_pager, &CursorPager::page, this,
            [this, campaignId](const QList<QJsonObject> &items) { onChanges(campaignId, items); });
    connect(m_pager, &CursorPager::finished, this, [this](const ApiError &error) {
        sender()->deleteLater();
        if (!m_polling)
            return;
        noteError(error);
        pollNextCampaign();
    });
    m_pager->start();
}

void LiveFeed::onChanges(const QString &campaignId, const QList<QJsonObject> &items)
{
    QList<O2dContactChange> changes;
    changes.reserve(items.size());
    for (const QJsonObject &item : items)
        changes.append(O2dContactChange::fromJson(item));
    QList<O2dContactChange> fresh;
    const StoreStatus saved = m_store->saveChanges(campaignId, changes, &fresh);
    if (!saved.ok()) {
        noteError(saved.toApiError(Vendor::Outreach2day));
        return;
    }
    if (fresh.isEmpty())
        return;

    if (m_campaigns) {
        // The contact list shows the status the feed says now (contacts it already holds).
        QHash<QString, QString> latestStatus;
        for (const O2dContactChange &change : std::as_const(fresh))
            latestStatus.insert(change.contactId, change.status);
        QList<O2dContact> updated;
        for (O2dContact contact : m_campaigns->contacts(campaignId)) {
            const auto it = latestStatus.constFind(contact.id);
            if (it != latestStatus.constEnd() && contact.status != *it) {
                contact.status = *it;
                updated.append(contact);
            }
        }
        if (!updated.isEmpty())
            m_campaigns->saveContacts(updated);
    }

    Q_EMIT changesArrived(campaignId, fresh);
    for (const O2dContactChange &change : std::as_const(fresh)) {
        if (change.status == QLatin1String("replied"))
            Q_EMIT replyReceived(campaignId, change);
    }
}

void LiveFeed::pollThreads()
{
    m_pager = m_service->threadsPager(QStringLiteral("interested"), QString(), this);
    connect(m_pager, &CursorPager::page, this, [this](const QList<QJsonObject> &items) { onThreads(items); });
    connect(m_pager, &CursorPager::finished, this, [this](const ApiError &error) {
        sender()->deleteLater();
        if (!m_polling)
            return;
        noteError(error);
        endPoll();
    });
    m_pager->start();
}

void LiveFeed::onThreads(const QList<QJsonObject> &items)
{
    QList<O2dThread> threads;
    threads.reserve(items.size());
    for (const QJsonObject &item : items) {
        O2dThread thread = O2dThread::fromJson(item);
        if (thread.replyIntent.isEmpty()) // asked for interested ones: that is what they are
            thread.replyIntent = QStringLiteral("interested");
        threads.append(thread);
    }
    QList<O2dThread> fresh;
    const StoreStatus saved = m_store->saveThreads(threads, &fresh);
    if (!saved.ok()) {
        noteError(saved.toApiError(Vendor::Outreach2day));
        return;
    }
    for (const O2dThread &thread : std::as_const(fresh)) {
        if (thread.replyIntent == QLatin1String("interested"))
            Q_EMIT interestedReply(thread);
    }
}

void LiveFeed::endPoll()
{
    m_polling = false;
    m_pager = nullptr;
    Q_EMIT pollFinished(m_firstError);
    m_timer.start();
}
