#pragma once

#include "SandboxServer.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QRandomGenerator>
#include <QSet>
#include <QStringList>

class MultipartForm;
struct SandboxCsv;

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
// leaves open are chosen once, at the top of Outreach2daySandbox.cpp.
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
    // The largest contacts page (limit) and its default.
    static constexpr int maxPageLimit = 500;
    static constexpr int defaultPageLimit = 50;
    // The largest direct import upload; larger files go through POST /imports.
    static constexpr qint64 maxDirectImportBytes = 2 * 1024 * 1024;

    // Registers an Outreach2day endpoint whose handler only sees requests for the demo workspace.
    void route(const QByteArray &method, const QString &pattern, SandboxHandler handler);
    // The workspace check on its own: an error response, or nothing when the request may proceed.
    static std::optional<SandboxResponse> checkWorkspace(const SandboxRequest &request);

    // --- what tests look at
    struct Contact
    {
        QString id; // "cnt_000001": ids grow, the list's order
        QString email; // as imported
        QString firstName;
        QString lastName;
        QString status = QStringLiteral("pending");
        QJsonObject custom; // company, title and any other column
        QDateTime createdAt;
    };
    bool hasCampaign(const QString &campaignId) const;
    QString campaignStatus(const QString &campaignId) const; // empty: no such campaign
    QList<Contact> contacts(const QString &campaignId) const;
    int contactCount(const QString &campaignId, const QString &status = {}) const;
    bool isSuppressed(const QString &email) const;

    // --- switches (tests; the control endpoint sets the same)
    enum class PagingFault {
        None,
        RepeatCursor, // a page answers the cursor it was asked with as its next_cursor
        NoProgress, // a page after the first answers the first page's items with a new cursor
    };
    void setContactsPagingFault(PagingFault fault) { m_pagingFault = fault; }
    PagingFault contactsPagingFault() const { return m_pagingFault; }
    // GET /imports/{id}/status polls after mapping-confirm until completed (each processes a
    // share of the rows); at least 1.
    void setImportPolls(int polls) { m_importPolls = qMax(1, polls); }
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
        QList<Contact> contacts; // in id order
        QHash<QString, int> contactByEmail; // lower-cased email → index
        QList<Mailbox> mailboxes;
        QString timezone; // empty: no schedule
        QStringList weekdays;
        QList<Window> windows;
        bool stopOnReply = true, stopOnUnsub = true, stopOnBounce = true;
        QList<LaunchJob> launchJobs;
    };
    struct StagedImport
    {
        QString id, campaignId;
        QString status; // pending_mapping, processing, completed
        QStringList columns;
        QList<QPair<int, QStringList>> rows; // file line, fields
        QMap<QString, QString> mapping; // column → field, once confirmed
        int processed = 0, imported = 0, invalid = 0, polls = 0;
        QJsonArray errors;
        QDateTime createdAt;
    };
    struct Replay
    {
        QByteArray fingerprint; // what the first request carried
        SandboxResponse response;
    };
    struct ImportTally
    {
        int parsed = 0, valid = 0, invalid = 0, created = 0, upserted = 0;
        QJsonArray errors;
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
    SandboxResponse startImport(const SandboxRequest &request);
    SandboxResponse mappingPreview(const SandboxRequest &request);
    SandboxResponse confirmMapping(const SandboxRequest &request);
    SandboxResponse importStatus(const SandboxRequest &request);
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
    SandboxResponse addSuppressions(const SandboxRequest &request);

    // The campaign of the request's {id}, or null and `missing` set to the 404.
    Campaign *campaignOf(const SandboxRequest &request, SandboxResponse *missing);
    // The step `stepId` and its campaign, or null.
    Campaign *campaignOfStep(const QString &stepId, int *index);

    // Idempotency-Key: the earlier answer to the same key and content, a 422 for the same key with
    // other content, or nothing (then remember() the answer).
    std::optional<SandboxResponse> replayed(const QString &scope, const SandboxRequest &request,
                                            const QByteArray &fingerprint);
    SandboxResponse remember(const QString &scope, const SandboxRequest &request,
                             const QByteArray &fingerprint, const SandboxResponse &response);
    // The multipart form of the request, or the 400/415 that says why not.
    std::optional<MultipartForm> formOf(const SandboxRequest &request, SandboxResponse *refused) const;

    // Upserts rows (fields by `mapping`: column index → field) into `campaign`.
    void importRows(Campaign &campaign, const QList<QPair<int, QStringList>> &rows,
                    const QList<QPair<int, QString>> &mapping, const QStringList &columns,
                    ImportTally *tally);
    Contact &upsertContact(Campaign &campaign, const QString &email, bool *created);
    void advanceImport(StagedImport &import);
    void advanceLaunchJob(Campaign &campaign, LaunchJob &job);
    // Marks the tranche as being contacted and the campaign active.
    void startContacting(Campaign &campaign, const QStringList &contactIds);

    QJsonObject preflightOf(const Campaign &campaign) const;
    bool mailboxAuthenticated(const Mailbox &mailbox) const;

    QJsonObject campaignJson(const Campaign &campaign) const;
    QJsonObject stepJson(const Campaign &campaign, const Step &step) const;
    QJsonObject contactJson(const Campaign &campaign, const Contact &contact) const;
    QJsonObject mailboxJson(const Campaign &campaign, const Mailbox &mailbox) const;
    QJsonObject scheduleJson(const Campaign &campaign) const;
    QJsonObject importStatusJson(const StagedImport &import) const;
    QJsonObject launchJobJson(const Campaign &campaign, const LaunchJob &job) const;

    QString nextId(const QString &prefix, int width);
    QString randomId(const QString &prefix);
    static QDateTime now();
    static void touch(Campaign &campaign);

    SandboxServer *m_server;
    QMap<QString, Campaign> m_campaigns;
    QMap<QString, StagedImport> m_imports;
    QHash<QString, Replay> m_replays; // scope + key → first answer
    QHash<QString, QString> m_suppressions; // lower-cased email → reason
    QHash<QString, QString> m_mailboxIds; // lower-cased address → mbx_ id
    QHash<QString, int> m_counters; // id prefix → last number
    QRandomGenerator m_random;
    PagingFault m_pagingFault = PagingFault::None;
    int m_importPolls = 3;
    int m_launchJobPolls = 2;
    bool m_launchJobsFail = false;
    int m_cursorSerial = 0;
};
