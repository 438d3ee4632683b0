#pragma once

#include "unloopa/UnloopaRoutes.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QString>
#include <QUrlQuery>

#include <functional>

class SandboxServer;
class UnloopaOutreachSandbox;
class UnloopaTemplatesSandbox;
class UnloopaVoiceSandbox;
class UnloopaCallsSandbox;
class UnloopaCampaignsSandbox;
struct SandboxRequest;
struct SandboxResponse;

// Unloopa's API (the Unloopa API reference) as the sandbox serves it. This class is the account
// (plan, quota, voice credits, the clock) and lead generation: GET /quota, POST /command, GET /jobs,
// GET /jobs/{id}, GET /leads, GET /leads/{id}, GET /websites. Outreach email (UnloopaOutreachSandbox,
// UnloopaTemplatesSandbox), phone numbers and agents (UnloopaVoiceSandbox), calls
// (UnloopaCallsSandbox) and voice campaigns (UnloopaCampaignsSandbox) are parts it owns, sharing
// this account. Every route is registered from the one table, UnloopaRoutes.
//
// State: a plan (free or Pro, switchable), the websites/videos quota of the current period, a
// history of jobs and the leads they produced — seeded deterministically from the server's seed
// (options().unloopaLeadCount leads over ~6 months) — and the jobs operators submit, which advance
// scraping → websites (→ videos) → emails → outreach as the sandbox clock moves on.
//
// Time is the sandbox clock: the real clock, optionally sped up or frozen (setClockSpeed()), plus an
// offset tests can move forward (advanceClock()), so a month-end quota reset, a slow job or a
// campaign's calling window needs no waiting. Each step of a job
// takes stepDuration() (demo: a few seconds; tests: a few milliseconds).
class UnloopaSandbox : public QObject
{
    Q_OBJECT
public:
    enum class Plan { Free, Pro };

    // What the module keeps about one lead: its final state. What GET /leads shows is derived from
    // the job's progress (a website appears after the websites step, the email after the emails
    // step, ...).
    struct Lead
    {
        QString id;
        QString websiteId;
        QString businessName;
        QString city;
        QString industry;
        QString phone; // as the vendor sends it: mostly E.164, sometimes national or junk; empty: null
        QString email; // empty: none found
        double rating = -1; // < 0: null (no Google rating)
        int reviews = 0;
        QString slug;
        bool websiteGenerated = true;
        QString language;
        QString videoStatus; // empty: no video requested
        QString vslStatus;
        QString instagram, facebook, linkedin, twitter;
        bool hasExistingWebsite = false;
        QString existingUrl;
        int pagespeedScore = 0;
        double loadTime = 0;
        bool mobileOptimized = false;
        QDateTime createdAt;
        int job = -1; // index into jobs
    };

    struct Job
    {
        QString id;
        QString command;
        QString niche; // "Plumber"
        QString place; // "Miami"
        int maxResults = 100;
        bool withVideo = false;
        bool withVsl = false;
        QDateTime createdAt; // sandbox clock
        qint64 stepMs = 0; // step duration when it was submitted
        int failAtStep = -1; // index of the step that fails, -1: none
        QString error;
        QList<int> leads; // indexes into leads
        QStringList stepNames() const;
    };

    explicit UnloopaSandbox(SandboxServer *server, QObject *parent = nullptr);
    ~UnloopaSandbox() override;

    // Plan switch: Free has no video/VSL and no voice; Pro has everything.
    void setPlan(Plan plan);
    Plan plan() const { return m_plan; }

    // Quota of the current period.
    void setWebsitesUsed(int used);
    int websitesUsed() const;
    int websitesLimit() const;
    void setVideosUsed(int used);
    QDateTime resetsAt() const;

    // Job pace: how long each pipeline step takes on the sandbox clock.
    void setStepDuration(int milliseconds);
    int stepDuration() const { return int(m_stepMs); }
    // POST /command accepted per minute before rate_limited (429 with Retry-After). 0: unlimited.
    void setCommandRateLimit(int perMinute) { m_commandsPerMinute = perMinute; }

    // A job finishing while a list is paged: once `afterRequests` more GET `listPath` requests
    // ("/leads", "/websites" or "/jobs") have been answered, a completed job with `count` leads
    // (each with a website) appears at the head of every newest-first list, shifting every later
    // page by `count`. Fires once; `afterRequests` < 0 disarms it.
    void addLeadsWhilePaging(const QString &listPath, int afterRequests, int count);

    // Voice credits (Pro): spent by calls; /quota reports them (0 on Free).
    int voiceCredits() const;
    void setVoiceCredits(int credits) { m_voiceCredits = qMax(0, credits); }
    // Takes `count` credits; false (nothing taken) when fewer are left.
    bool spendVoiceCredits(int count);

    // The sandbox clock.
    QDateTime now() const;
    void advanceClock(qint64 milliseconds);
    // From now on the clock runs `speed` times real time (1: real time, 0: frozen).
    void setClockSpeed(double speed);
    double clockSpeed() const { return m_clockSpeed; }

    // A lead exactly as GET /leads/{id} shows it now; empty when there is no such (visible) lead.
    QJsonObject leadJson(const QString &id) const;
    // Every visible lead matching the GET /leads filters in `filter`, newest first, as listed.
    QList<QJsonObject> matchingLeads(const QUrlQuery &filter) const;

    // The parts (tests and the control endpoint reach their switches here).
    UnloopaOutreachSandbox *outreach() const { return m_outreach; }
    UnloopaVoiceSandbox *voice() const { return m_voice; }
    UnloopaCallsSandbox *calls() const { return m_calls; }
    UnloopaCampaignsSandbox *campaigns() const { return m_campaigns; }
    // GET/POST /_sandbox/unloopa (documented in SandboxServer.cpp) and POST /_sandbox/reset.
    SandboxResponse control(const SandboxRequest &request);
    void resetSwitches();

    int leadCount() const { return int(m_leads.size()); }
    int jobCount() const { return int(m_jobs.size()); }
    const QList<Lead> &leads() const { return m_leads; }
    const QList<Job> &jobs() const { return m_jobs; }
    // Whether the job `id` is still processing on the sandbox clock.
    bool isJobRunning(const QString &id) const;

    static QString upgradeUrl();

private:
    enum Stage { Scraped, Websites, Videos, Emails, Outreach };
    struct JobState
    {
        QString status; // processing, completed, failed
        int stepsDone = 0; // completed steps
        int progress = 0;
        QDateTime updatedAt;
    };

    SandboxResponse quota(const SandboxRequest &request);
    SandboxResponse command(const SandboxRequest &request);
    SandboxResponse listJobs(const SandboxRequest &request);
    SandboxResponse jobDetail(const SandboxRequest &request);
    SandboxResponse listLeads(const SandboxRequest &request);
    SandboxResponse answerLeads(const SandboxRequest &request) const;
    SandboxResponse leadDetail(const SandboxRequest &request);
    SandboxResponse listWebsites(const SandboxRequest &request);

    void registerRoutes();
    void seed();
    // The switch set by addLeadsWhilePaging(), checked by each list before it answers.
    void addLeadsIfDue(const QString &listPath);
    void addCompletedJob(int leadCount);
    // Every lead and job enters the lists here, so the id indexes and the order stay in step.
    void appendLead(Job &job, const Lead &lead);
    void appendJob(const Job &job);
    void rollPeriod() const; // a new quota period when the clock passed resets_at
    JobState stateOf(const Job &job) const;
    // Whether a lead of `job` already shows the result of `step` ("websites", "emails", ...).
    bool reached(const Job &job, const JobState &state, const QString &step) const;
    bool isVisible(const Lead &lead, const QHash<int, JobState> &states) const;
    QJsonObject leadJson(const Lead &lead, const JobState &state, bool detail) const;
    QJsonObject websiteJson(const Lead &lead, const JobState &state) const;
    QJsonObject jobJson(int index, bool detail) const;
    QHash<int, JobState> jobStates() const;
    Lead makeLead(QRandomGenerator &random, const QString &niche, const QString &place, int job,
                  bool withVideo, bool withVsl) const;

    SandboxServer *m_server;
    Plan m_plan = Plan::Pro;
    mutable int m_websitesUsed = 40;
    mutable int m_videosUsed = 0;
    mutable QDateTime m_resetsAt;
    qint64 m_stepMs = 4000;
    qint64 m_clockOffsetMs = 0;
    double m_clockSpeed = 1;
    qint64 m_clockAnchorMs = 0; // the sandbox clock's reading (without offset) when m_sinceAnchor started
    QElapsedTimer m_sinceAnchor;
    int m_voiceCredits = 45;
    UnloopaOutreachSandbox *m_outreach = nullptr;
    UnloopaTemplatesSandbox *m_templates = nullptr;
    UnloopaVoiceSandbox *m_voice = nullptr;
    UnloopaCallsSandbox *m_calls = nullptr;
    UnloopaCampaignsSandbox *m_campaigns = nullptr;

    int m_commandsPerMinute = 10;
    QList<QDateTime> m_recentCommands;
    QList<Lead> m_leads;
    QList<Job> m_jobs;
    QHash<QString, int> m_leadById;
    // Lead indexes newest first (ties by id): the order every list answers in, sorted once per
    // change instead of per request.
    const QList<int> &newestFirst() const;
    mutable QList<int> m_newestFirst;
    mutable bool m_orderDirty = true;
    QHash<QString, int> m_jobById;
    QRandomGenerator m_random; // for commands submitted at run time
    QString m_addLeadsPath; // empty: the switch is off
    int m_addLeadsAfter = 0;
    int m_addLeadsCount = 0;
};
