#pragma once

#include "Outreach2dayCampaign.h"
#include "Outreach2dayContacts.h"
#include "Outreach2dayPager.h"
#include "Outreach2daySending.h"
#include "Outreach2dayWebhooks.h"
#include "SandboxClock.h"
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
// After launch (part 2): Outreach2daySending sends on the sandbox's clock (SandboxClock:
// real time, or accelerated and advanced by tests and the demo) and simulates what comes back;
// every request first brings the simulation up to the clock's now. This class answers sends
// (cursor), the contact changes feed (cursor, updatedSince), the summary export, threads
// (cursor, by intent and campaign), subsequences and reply routing, from that state. Every list
// pages through Outreach2dayPager with the one switch for pager tests.
//
// Demo data: one seeded campaign, demoCampaignId(), a draft with three steps (the first A/B),
// realistic contacts and a mailbox, and no schedule yet, so its preflight shows one blocking
// failure; the operator registers it by id.
//
// Switches for tests (also through POST /_sandbox/outreach2day, see SandboxServer.cpp):
// the clock (speed, advance), a page of any list that repeats its cursor or makes no progress,
// how many polls a staged import
// and a launch job take, launch jobs that fail, and a forced campaign state.
class Outreach2daySandbox : public QObject
{
    Q_OBJECT
public:
    // `clockSpeed`: how fast the sandbox's clock runs (1: real time, 0: stands still).
    explicit Outreach2daySandbox(SandboxServer *server, double clockSpeed = 1.0, QObject *parent = nullptr);
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
    using Send = Outreach2daySending::Send;
    // The campaign's sends, in id order (after simulating up to now).
    QList<Send> sends(const QString &campaignId);
    QString mailboxAddress(const QString &mailboxId) const;
    SandboxClock &clock() { return m_clock; }
    // Its events (publish one as the simulation would) and their deliveries.
    Outreach2dayWebhooks &webhooks() { return m_webhooks; }
    // Brings every campaign's sending up to the clock's now.
    void simulate();
    // Benchmarks: `count` historic sends for a campaign with contacts (false: no such campaign
    // or it has none).
    bool addHistoricSends(const QString &campaignId, int count);

    // --- switches (tests; the control endpoint sets the same)
    using PagingFault = Outreach2dayContacts::PagingFault;
    // Applies to every list (the name is from when contacts were the only one).
    void setContactsPagingFault(PagingFault fault) { m_pager.setFault(fault); }
    PagingFault contactsPagingFault() const { return m_pager.fault(); }
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
    using Variant = SandboxO2dCampaign::Variant;
    using Step = SandboxO2dCampaign::Step;
    using Mailbox = SandboxO2dCampaign::Mailbox;
    using Window = SandboxO2dCampaign::Window;
    using LaunchJob = SandboxO2dCampaign::LaunchJob;
    using Campaign = SandboxO2dCampaign;

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
    SandboxResponse listSends(const SandboxRequest &request);
    SandboxResponse contactChanges(const SandboxRequest &request);
    SandboxResponse exportSummary(const SandboxRequest &request);
    SandboxResponse listThreads(const SandboxRequest &request);
    SandboxResponse createSubsequence(const SandboxRequest &request);
    SandboxResponse setRouting(const SandboxRequest &request);
    QJsonObject sendJson(const Campaign &campaign, const Send &send) const;
    QJsonObject threadJson(const Outreach2daySending::Thread &thread) const;

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
    void touch(Campaign &campaign) const;

    SandboxServer *m_server;
    QMap<QString, Campaign> m_campaigns;
    SandboxClock m_clock;
    Outreach2dayPager m_pager;
    Outreach2dayContacts m_contacts;
    Outreach2daySending m_sending;
    Outreach2dayWebhooks m_webhooks; // the sending's events, delivered
    QHash<QString, QString> m_mailboxIds; // lower-cased address → mbx_ id
    QHash<QString, int> m_counters; // id prefix → last number
    QRandomGenerator m_random;
    int m_launchJobPolls = 2;
    bool m_launchJobsFail = false;
};
