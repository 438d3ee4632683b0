#pragma once

#include "core/ApiError.h"
#include "outbound/OutboundTypes.h"
#include "outreach2day/Outreach2dayTypes.h"
#include "store/Database.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

class ApiReply;
class CursorPager;
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
    // Whether an async launch's job is polled to its end (default) or finished() comes as soon as
    // the vendor queued it (the CLI's --no-wait).
    void setFollowJobs(bool follow) { m_followJobs = follow; }

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

    // Why the last launch/resume ended with ApiError code "outbound_refused": the guard's verdict
    // for every recipient (nothing was sent).
    GuardDecision lastDecision() const { return m_decision; }
    // The addresses the last launch/resume suppressed at Outreach2day before it was cleared.
    QStringList lastSuppressed() const { return m_suppressed; }
    // The request summary a launch (or resume) would be cleared under: the campaign, the limit, and
    // the tranche — one more than the launches the vendor accepted so far, so the next tranche is
    // its own intent while a launch whose answer was lost keeps its own (and stays "already_sent").
    QByteArray requestSummary(const QString &campaignId, const QString &operation,
                              const O2dLaunchOptions &options) const;
    // What the guard clears for a launch or resume ("launch"/"resume"): one request (target: the
    // campaign) that reaches every one of `recipients` (email addresses) at once.
    static OutboundAction actionFor(const QString &operation, const QString &campaignId,
                                    const QStringList &recipients, const QByteArray &requestSummary);

Q_SIGNALS:
    void prepared(const CampaignLauncher::Plan &plan);
    void progress(const QString &what); // a sentence for the status line
    // launch/pause/resume ended. `job` holds the final launch status (launch only).
    void finished(const QString &operation, const ApiError &error, const O2dLaunchJob &job);

private:
    enum class Step { Idle, Listing, Suppressing, Sending, Polling };
    void begin(const QString &operation, const QString &campaignId, const O2dLaunchOptions &options);
    void listContacts();
    void contactsListed();
    void suppressNext();
    void clearAndSend();
    void sent(const ApiError &error, const O2dLaunchJob &job);
    void poll();
    void finish(const ApiError &error, const O2dLaunchJob &job = {});
    StoreStatus saveLaunchRecord(const QString &status);
    // Launch records left "sending" by a process that died: "unknown" once the guard says so.
    void reconcileLaunches(const QString &campaignId);
    ApiError error(const QString &code, const QString &explanation) const;
    OutboundAction action() const { return actionFor(m_operation, m_campaignId, m_recipients, m_summary); }

    QPointer<Outreach2dayService> m_service;
    EmailCampaignStore *m_store;
    QPointer<OutboundGuard> m_guard;
    int m_pollMs = 1000;
    bool m_followJobs = true;
    QTimer m_pollTimer;

    Step m_step = Step::Idle;
    bool m_cancelled = false;
    QString m_operation; // "prepare", "launch", "pause", "resume"
    QString m_campaignId;
    O2dLaunchOptions m_options;
    QPointer<CursorPager> m_pager;
    QPointer<ApiReply> m_reply;
    QList<O2dContact> m_contacts;
    QStringList m_recipients; // addresses cleared with the request
    QStringList m_toSuppress;
    QStringList m_suppressed;
    QByteArray m_summary;
    QString m_clearanceId;
    QDateTime m_launchedAt;
    O2dLaunchJob m_job;
    GuardDecision m_decision;
};
