#pragma once

#include "outreach2day/Outreach2dayTypes.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

class ApiReply;
class Outreach2dayService;

// The state behind a running campaign's dashboard: the last GET /campaigns/{id}/stats answer and
// what the operator reads from it — the contacts funnel, the sends by status, and the reply and
// bounce rates with the counts they come from. Refreshed on a timer and whenever the live feed
// reports activity; one request at a time, so a slow answer is never overtaken by an older one.
class CampaignDashboardController : public QObject
{
    Q_OBJECT
public:
    // One bar of a chart: what it counts and how many.
    struct Bar
    {
        QString label;
        int count = 0;
    };
    // A rate with the counts it is made of: `count` of `of`.
    struct Rate
    {
        int count = 0;
        int of = 0;
        double percent() const { return of > 0 ? 100.0 * count / of : 0.0; }
    };

    explicit CampaignDashboardController(Outreach2dayService *service, QObject *parent = nullptr);

    // Shows `campaignId` (clears what was shown; the next refresh fills it).
    void setCampaign(const QString &campaignId);
    QString campaignId() const { return m_campaignId; }
    // How often the stats are read again while a campaign is shown; 0 stops the timer.
    void setRefreshInterval(int milliseconds);

    // Reads the stats now (if a read is under way, once more when it answers).
    void refresh();
    // Takes a stats answer as if the API had given it.
    void setStats(const O2dStats &stats);

    bool hasStats() const { return m_hasStats; }
    const O2dStats &stats() const { return m_stats; }
    // Contacts: total → active → completed, replied, bounced (the API's funnel, in that order).
    QList<Bar> funnel() const;
    // Sends by status: sent, replied, bounced, failed, of the total.
    QList<Bar> sendsByStatus() const;
    // Contacts that replied, and that bounced, of all the campaign's contacts.
    Rate replyRate() const;
    Rate bounceRate() const;

Q_SIGNALS:
    void updated();
    // A refresh failed; what was shown stays. `message` is for the operator.
    void failed(const QString &message);

private:
    Outreach2dayService *m_service;
    QString m_campaignId;
    O2dStats m_stats;
    bool m_hasStats = false;
    QPointer<ApiReply> m_inFlight;
    bool m_again = false;
    QTimer m_timer;
};
