#include "LaunchedCampaignsWatcher.h"

#include "LiveFeed.h"
#include "SuppressionSync.h"
#include "outbound/OutboundStore.h"

#include <utility>

LaunchedCampaignsWatcher::LaunchedCampaignsWatcher(Outreach2dayService *service,
                                                   EmailCampaignStore *campaigns,
                                                   EmailActivityStore *activity, OutboundStore *doNotContact,
                                                   QObject *parent)
    : QObject(parent), m_feed(new LiveFeed(service, activity, campaigns, this)), m_doNotContact(doNotContact)
{
    if (doNotContact)
        m_suppressions = new SuppressionSync(service, activity, doNotContact, this);
    connect(m_feed, &LiveFeed::changesArrived, this, &LaunchedCampaignsWatcher::takeChanges);
    connect(m_feed, &LiveFeed::replyReceived, this,
            [this](const QString &campaignId, const O2dContactChange &change) {
                noteReply({campaignId, change.contactId, change.email, {}, {}});
            });
    connect(m_feed, &LiveFeed::interestedReply, this, [this](const O2dThread &thread) {
        noteReply({thread.campaignId, thread.contactId, thread.email, thread.replyIntent, thread.subject});
    });
    connect(m_feed, &LiveFeed::pollFinished, this, &LaunchedCampaignsWatcher::endPoll);
}

void LaunchedCampaignsWatcher::setCampaigns(const QStringList &campaignIds)
{
    m_feed->setCampaigns(campaignIds);
    if (campaignIds.isEmpty())
        m_feed->stop();
    else if (!m_feed->isRunning())
        m_feed->start();
}

QStringList LaunchedCampaignsWatcher::campaigns() const
{
    return m_feed->campaigns();
}

bool LaunchedCampaignsWatcher::isWatching() const
{
    return m_feed->isRunning();
}

void LaunchedCampaignsWatcher::takeChanges(const QString &campaignId, const QList<O2dContactChange> &fresh)
{
    if (!m_moved.contains(campaignId))
        m_moved << campaignId;
    if (!m_suppressions)
        return;
    // Which unsubscribed addresses were not listed yet: those the sync adds are news.
    QStringList unlisted;
    for (const O2dContactChange &change : fresh) {
        if (change.status == QLatin1String("unsubscribed") && !change.email.isEmpty() &&
            !m_doNotContact->listedEntry(Recipient::email(change.email)))
            unlisted << change.email.trimmed().toLower();
    }
    m_suppressions->takeUnsubscribes(fresh);
    for (const QString &email : std::as_const(unlisted)) {
        if (m_doNotContact->listedEntry(Recipient::email(email)) && !m_unsubscribed.contains(email))
            m_unsubscribed << email;
    }
}

void LaunchedCampaignsWatcher::noteReply(const Reply &reply)
{
    // One contact's reply seen both in the changes feed and among the interested threads is one.
    for (Reply &known : m_replies) {
        if (known.campaignId == reply.campaignId && known.contactId == reply.contactId) {
            if (!reply.intent.isEmpty())
                known.intent = reply.intent;
            if (!reply.subject.isEmpty())
                known.subject = reply.subject;
            if (known.email.isEmpty())
                known.email = reply.email;
            return;
        }
    }
    m_replies << reply;
}

void LaunchedCampaignsWatcher::endPoll(const ApiError &error)
{
    const QStringList moved = std::exchange(m_moved, {});
    const QList<Reply> replies = std::exchange(m_replies, {});
    const QStringList unsubscribed = std::exchange(m_unsubscribed, {});
    if (!moved.isEmpty())
        Q_EMIT campaignsMoved(moved);
    if (!unsubscribed.isEmpty())
        Q_EMIT doNotContactAdded(unsubscribed);
    if (!replies.isEmpty())
        Q_EMIT repliesArrived(replies);
    Q_EMIT pollFinished(error);
}
