#pragma once

#include "core/ApiError.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

class CursorPager;
class EmailActivityStore;
class EmailCampaignStore;
class Outreach2dayService;

// Live without webhooks: polls each watched campaign's contact-changes feed and the Unibox's
// interested threads, keeps what is new in the store and says so. The feed is asked for
// `updatedSince` = the latest updatedAt seen minus an overlap (the answer's updated_since only
// echoes the request, and a change written late at the vendor must not slip between two polls);
// the overlap's repeats are dropped by the change's key (contact + status + time) in the store.
// Change items carry no reply intent, so /threads?replyIntent=interested is polled too.
//
// One poll: every campaign's changes, one after another, then the interested threads. A poll
// never overlaps the next: the timer restarts when a poll ends.
class LiveFeed : public QObject
{
    Q_OBJECT
public:
    static constexpr int defaultPollIntervalMs = 30'000; // replies appear within a minute
    static constexpr int defaultOverlapSeconds = 120;

    // `campaigns`, when given, gets each contact's new status (contacts it already lists).
    LiveFeed(Outreach2dayService *service, EmailActivityStore *store, EmailCampaignStore *campaigns = nullptr,
             QObject *parent = nullptr);

    void setCampaigns(const QStringList &campaignIds) { m_campaignIds = campaignIds; }
    QStringList campaigns() const { return m_campaignIds; }
    void setPollIntervalMs(int ms);
    int pollIntervalMs() const { return m_timer.interval(); }
    void setOverlapSeconds(int seconds) { m_overlapSeconds = qMax(0, seconds); }
    // The updatedSince of a campaign the store has seen no change of (default: the epoch).
    void setInitialSince(const QDateTime &since) { m_initialSince = since; }

    // The updatedSince the next poll sends for `campaignId`.
    QDateTime nextSince(const QString &campaignId) const;

    void start(); // polls now, then every interval
    void stop();
    bool isRunning() const { return m_timer.isActive() || m_polling; }
    void pollNow(); // one poll (ignored while one runs)
    bool isPolling() const { return m_polling; }

Q_SIGNALS:
    // The changes of a campaign not seen before, oldest first (unsubscribes for SuppressionSync).
    void changesArrived(const QString &campaignId, const QList<O2dContactChange> &fresh);
    // A reply seen in the changes feed, whatever its intent and whether or not a thread shows it:
    // the GUI refreshes the Unibox and the dashboard, and may notify.
    void replyReceived(const QString &campaignId, const O2dContactChange &change);
    // An interested thread not seen before, or one with a later message: a desktop notification.
    void interestedReply(const O2dThread &thread);
    // The end of one poll: kind None when every request succeeded (the first error otherwise; the
    // next poll still runs).
    void pollFinished(const ApiError &error);

private:
    void pollNextCampaign();
    void onChanges(const QString &campaignId, const QList<QJsonObject> &items);
    void pollThreads();
    void onThreads(const QList<QJsonObject> &items);
    void endPoll();
    void noteError(const ApiError &error);

    QPointer<Outreach2dayService> m_service;
    EmailActivityStore *m_store;
    EmailCampaignStore *m_campaigns;
    QStringList m_campaignIds;
    QDateTime m_initialSince;
    int m_overlapSeconds = defaultOverlapSeconds;
    QTimer m_timer;
    bool m_polling = false;
    int m_campaignIndex = 0;
    QPointer<CursorPager> m_pager;
    ApiError m_firstError;
};
