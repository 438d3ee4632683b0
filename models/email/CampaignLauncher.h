#pragma once

#include "core/ApiError.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QObject>
#include <QString>
#include <QStringList>

class EmailCampaignStore;
class OutboundGuard;
class Outreach2dayService;

// Launch, pause and resume of one Outreach2day campaign through the one outbound guard
// (README promises O1, H5): before launch and resume the campaign's contacts are listed (cursor
// pager), every address the do-not-contact list covers (address or domain) is suppressed at
// Outreach2day one request at a time, and the guard clears the rest ("campaign_launch" /
// "campaign_resume", one recipient per contact). The launch request is never retried and never
// sent twice: a second click while one is in flight is ignored, and a launch whose answer was
// lost (crash) stays "unknown" until the operator checks the campaign. A later launch with a new
// limit is the operator's explicit next tranche (its own intent), not a retry. An async launch's
// job is polled to its end.
class CampaignLauncher : public QObject
{
    Q_OBJECT
public:
    CampaignLauncher(Outreach2dayService *service, EmailCampaignStore *store, OutboundGuard *guard,
                     QObject *parent = nullptr);

    // Poll interval of an async launch job (default 1000 ms; tests shorten it).
    void setPollIntervalMs(int ms);

    // What a launch would do, without sending anything that contacts: contacts listed, how many
    // the do-not-contact list covers. Finishes with prepared().
    void prepare(const QString &campaignId);
    void launch(const QString &campaignId, const O2dLaunchOptions &options);
    void pause(const QString &campaignId);
    void resume(const QString &campaignId);
    void cancel(); // stops listing/polling; never un-sends a launch
    bool isBusy() const;

    struct Plan
    {
        ApiError error;
        int contacts = 0;
        QStringList doNotContact; // addresses that will be (or were) suppressed first
    };

Q_SIGNALS:
    void prepared(const CampaignLauncher::Plan &plan);
    void progress(const QString &what); // a sentence for the status line
    // launch/pause/resume ended. `job` holds the final launch status (launch only).
    void finished(const QString &operation, const ApiError &error, const O2dLaunchJob &job);
};
