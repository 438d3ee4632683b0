#pragma once

#include "core/ApiError.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

class EmailActivityStore;
class EmailCampaignStore;
class LiveFeed;
class OutboundStore;
class Outreach2dayService;
class SuppressionSync;

// What comes back from launched campaigns, while one exists: runs the LiveFeed (the changes feed
// and the interested threads, polled) over every campaign launched at least once, hands the
// unsubscribes it sees to SuppressionSync (into the do-not-contact list, tagged as unsubscribes,
// unless the operator removed them there), and says once per poll which campaigns moved and which
// replies are new, so the page refreshes what it shows and raises one desktop notification
// rather than one per reply.
class LaunchedCampaignsWatcher : public QObject
{
    Q_OBJECT
public:
    // A new reply: from the changes feed (intent unknown: change items carry none), from the
    // interested threads, or both (then it is one reply, interested).
    struct Reply
    {
        QString campaignId;
        QString contactId;
        QString email;
        QString intent; // empty: seen only in the changes feed
        QString subject;
    };

    // `doNotContact` may be null: unsubscribes are then kept in the store only.
    LaunchedCampaignsWatcher(Outreach2dayService *service, EmailCampaignStore *campaigns,
                             EmailActivityStore *activity, OutboundStore *doNotContact,
                             QObject *parent = nullptr);

    // The launched campaigns: polling starts with the first and stops when there is none.
    void setCampaigns(const QStringList &campaignIds);
    QStringList campaigns() const;
    bool isWatching() const;
    // The feed itself (its interval; a poll now, as the timer would).
    LiveFeed *feed() const { return m_feed; }
    // The page's one suppression sync (null without a do-not-contact list): the Suppressions view
    // works through it too, so it shows the unsubscribes this adds (SuppressionSync::changed).
    SuppressionSync *suppressions() const { return m_suppressions; }

Q_SIGNALS:
    // Contacts of these campaigns changed status (replies, bounces, unsubscribes): their stats,
    // sends and contacts moved.
    void campaignsMoved(const QStringList &campaignIds);
    // The new replies of one poll, oldest first.
    void repliesArrived(const QList<LaunchedCampaignsWatcher::Reply> &replies);
    // Addresses that unsubscribed and are now on the do-not-contact list.
    void doNotContactAdded(const QStringList &emails);
    // The end of a poll (kind None when every request worked; the next one runs anyway).
    void pollFinished(const ApiError &error);

private:
    void takeChanges(const QString &campaignId, const QList<O2dContactChange> &fresh);
    void noteReply(const Reply &reply);
    void endPoll(const ApiError &error);

    LiveFeed *m_feed;
    SuppressionSync *m_suppressions = nullptr;
    OutboundStore *m_doNotContact;
    // This poll's news.
    QStringList m_moved;
    QList<Reply> m_replies;
    QStringList m_unsubscribed;
};

Q_DECLARE_METATYPE(LaunchedCampaignsWatcher::Reply)
