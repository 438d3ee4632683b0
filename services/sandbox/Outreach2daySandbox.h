#pragma once

#include "Outreach2dayContacts.h"
#include "SandboxServer.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QRandomGenerator>
#include <QStringList>

// Outreach2day's public API (the Outreach2day public API reference). Every call is scoped by
// ?workspaceId= and the sandbox's key belongs to SandboxServer::demoOutreachWorkspaceId() only: a
// missing workspaceId is 400 workspace_required, another workspace 403 forbidden.
//
// Stateful for every operation of building and launching a campaign: campaigns and their states
// (draft → active → paused / completed / errored), steps with A/B variants (delayDays in,
// delaySeconds out), previews rendered from a contact, contacts imported directly (multipart) or
// staged (upload → mapping preview → mapping confirm → status polled to completion), replayed by
// Idempotency-Key, listed with a cursor; mailboxes, schedule, stop rules, preflight computed from
// that state, launches (sync, or async launch jobs polled to completion, `limit` = one tranche),
// pause/resume, stats and workspace suppressions. The envelope and status codes the document
// leaves open are chosen once, in Outreach2dayAnswers.h. Contacts, imports and suppressions are
// kept by Outreach2dayContacts; this class keeps the campaigns and everything else.
//
// Not yet: sends, replies, webhooks and the other part-2 endpoints (stats count sends as zero).
//
// Demo data: one seeded campaign, demoCampaignId(), a draft with three steps (the first A/B),
// realistic contacts and a mailbox, and no schedule yet, so its preflight shows one blocking
// failure; the operator registers it by id.
//
// Switches for tests (also through POST /_sandbox/outreach2day, see SandboxServer.cpp):
// a contacts page that repeats its cursor or makes no progress, how many polls a staged import
// and a launch job take, launch jobs that fail, and a forced campaign state.
class Outreach2daySandbox : public QObject
{
    Q_OBJECT
public:
    explicit Outreach2daySandbox(SandboxServer *server, QObject *parent = nullptr);
    ~Outreach2daySandbox() override;

    static QStringList webhookEventTypes();
    static QString demoCampaignId() { return QStringLiteral("cmp_demo01"); }
    // Mailboxes at this domain fail mailbox_auth (SPF/DKIM not verified).
    static QString unverifiedDomain() { return QStringLiteral("unverified.example"); }
    static constexpr int maxPageLimit = Outreach2dayContacts::maxPageLimit;
    static constexpr int defaultPageLimit = Outreach2dayContacts::defaultPageLimit;
    static constexpr qint64 maxDirectImportBytes = Outreach2dayContacts::maxDirectImportBytes;

    // Registers an Outreach2day endpoint whose handler only sees requests for the demo workspace.
    void route(const QByteArray &method, const QString &pattern, SandboxHandler handler);
    // The workspace check on its own: an error response, or nothing when the request may proceed.
    static std::optional<SandboxResponse> checkWorkspace(const SandboxRequest &request);

    // --- what tests look at
    using Contact = Outreach2dayContacts::Contact;
    bool hasCampaign(const QString &campaignId) const;
    QString campaignStatus(const QString &campaignId) const; // empty: no such campaign
    QList<Contact> contacts(const QString &campaignId) const;
    int contactCount(const QString &campaignId, const QString &status = {}) const;
    bool isSuppressed(const QString &email) const;

    // --- switches (tests; the control endpoint sets the same)
    using PagingFault = Outreach2dayContacts::PagingFault;
    void setContactsPagingFault(PagingFault fault) { m_contacts.setPagingFault(fault); }
    PagingFault contactsPagingFault() const { return m_contacts.pagingFault(); }
    // GET /imports/{id}/status polls after mapping-confirm until completed (each processes a
    // share of the rows); at least 1.
    void setImportPolls(int polls) { m_contacts.setImportPolls(polls); }
    // GET launch-jobs polls: the first answers running, the n-th completed; at least 1.
    void setLaunchJobPolls(int polls) { m_launchJobPolls = qMax(1, polls); }
    // Launch jobs then fail at their end: the campaign becomes errored.
    void setLaunchJobsFail(bool fail) { m_launchJobsFail = fail; }
    // Puts a campaign into a state the console cannot reach by itself yet (completed, errored).
    bool forceCampaignStatus(const QString &campaignId, const QString &status);
    // The switches back to their defaults (POST /_sandbox/reset).
    void resetSwitches();
    // POST/GET /_sandbox/outreach2day (documented in SandboxServer.cpp).
    SandboxResponse control(const SandboxRequest &request);

private:
    struct Variant
    {
        QString subject, bodyHtml, bodyText;
        int weight = 0;
    };
    struct Step
    {
        QString id;
        int order = 0;
        qint64 delaySeconds = 0;
        QString subject, bodyHtml, bodyText;
        QList<Variant> variants;
    };
    struct Mailbox
    {
        QString id; // cmb_: the campaign-mailbox link
        QString mailboxId; // mbx_: the workspace's mailbox
        QString address;
        QString state = QStringLiteral("active");
        int dailyLimit = 30, weight = 100, gapBaseSeconds = 120, gapJitterSeconds = 60;
    };
    struct Window
    {
        QString start, end; // "HH:MM"
    };
    struct LaunchJob
    {
        QString id;
        QString status; // queued, running, completed, failed
        QStringList contactIds; // the tranche, taken when the job was accepted
        int polls = 0;
        QString error;
        QDateTime createdAt, finishedAt;
    };
    struct Campaign
    {
        QString id, name, priority, status = QStringLiteral("draft");
        QDateTime createdAt, updatedAt;
        QList<Step> steps; // in order
        QList<Mailbox> mailboxes;
        QString timezone; // empty: no schedule
        QStringList weekdays;
        QList<Window> windows;
        bool stopOnReply = true, stopOnUnsub = true, stopOnBounce = true;
        QList<LaunchJob> launchJobs;
    };

    void registerRoutes();
    void seedDemoCampaign();

    SandboxResponse createCampaign(const SandboxRequest &request);
    SandboxResponse addStep(const SandboxRequest &request);
    SandboxResponse listSteps(const SandboxRequest &request);
    SandboxResponse updateStep(const SandboxRequest &request);
    SandboxResponse deleteStep(const SandboxRequest &request);
    SandboxResponse previewStep(const SandboxRequest &request);
    SandboxResponse importDirect(const SandboxRequest &request);
    SandboxResponse listContacts(const SandboxRequest &request);
    SandboxResponse attachMailbox(const SandboxRequest &request);
    SandboxResponse listMailboxes(const SandboxRequest &request);
    SandboxResponse updateMailbox(const SandboxRequest &request);
    SandboxResponse setSchedule(const SandboxRequest &request);
    SandboxResponse setStopRules(const SandboxRequest &request);
    SandboxResponse preflight(const SandboxRequest &request);
    SandboxResponse mailboxPreflight(const SandboxRequest &request);
    SandboxResponse launch(const SandboxRequest &request);
    SandboxResponse launchJob(const SandboxRequest &request);
    SandboxResponse lifecycle(const SandboxRequest &request);
    SandboxResponse stats(const SandboxRequest &request);

    // The campaign of the request's {id}, or null and `missing` set to the 404.
    Campaign *campaignOf(const SandboxRequest &request, SandboxResponse *missing);
    // The step `stepId` and its campaign, or null.
    Campaign *campaignOfStep(const QString &stepId, int *index);

    void advanceLaunchJob(Campaign &campaign, LaunchJob &job);
    // Marks the tranche as being contacted and the campaign active.
    void startContacting(Campaign &campaign, const QStringList &contactIds);

    QJsonObject preflightOf(const Campaign &campaign) const;
    bool mailboxAuthenticated(const Mailbox &mailbox) const;

    QJsonObject campaignJson(const Campaign &campaign) const;
    QJsonObject stepJson(const Campaign &campaign, const Step &step) const;
    QJsonObject mailboxJson(const Campaign &campaign, const Mailbox &mailbox) const;
    QJsonObject scheduleJson(const Campaign &campaign) const;
    QJsonObject launchJobJson(const Campaign &campaign, const LaunchJob &job) const;

    QString nextId(const QString &prefix, int width);
    QString randomId(const QString &prefix);
    static void touch(Campaign &campaign);

    SandboxServer *m_server;
    QMap<QString, Campaign> m_campaigns;
    Outreach2dayContacts m_contacts;
    QHash<QString, QString> m_mailboxIds; // lower-cased address → mbx_ id
    QHash<QString, int> m_counters; // id prefix → last number
    QRandomGenerator m_random;
    int m_launchJobPolls = 2;
    bool m_launchJobsFail = false;
};
