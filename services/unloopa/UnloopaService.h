#pragma once

#include "UnloopaTypes.h"
#include "UnloopaVoiceTypes.h"
#include "core/Result.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrlQuery>

#include <functional>
#include <optional>

class VendorClient;
class ApiReply;
struct ApiCall;
struct ApiResponse;

// Unloopa's lead-generation API (the Unloopa API reference) as typed calls over the one HTTP
// core. Callbacks run on `context`'s thread and are dropped if `context` is destroyed first.
//
// Errors that need a way out — plan_required, quota_exceeded, insufficient_credits and
// rate_limited — carry the purchase/upgrade links from GET /quota (fetched if not known yet) and,
// for quota_exceeded, the reset time in the explanation.
class UnloopaService : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(const Result<T> &)>;

    static constexpr int maxPageSize = 100; // documented `limit` maximum for /leads and /jobs

    explicit UnloopaService(VendorClient *client, QObject *parent = nullptr);

    VendorClient *client() const;

    // GET /quota. Also remembered (lastQuota()) and announced with quotaChanged().
    ApiReply *fetchQuota(const QObject *context, Callback<UnloopaQuota> callback);
    std::optional<UnloopaQuota> lastQuota() const { return m_lastQuota; }

    // POST /command. Spends quota: never retried automatically. Refused locally (no request)
    // when the request itself is invalid (see UnloopaCommandRequest::problem()).
    ApiReply *submitCommand(const UnloopaCommandRequest &request, const QObject *context,
                            Callback<UnloopaCommandAccepted> callback);

    // GET /jobs?limit&offset and GET /jobs/{id}.
    ApiReply *fetchJobs(int limit, int offset, const QObject *context, Callback<UnloopaJobPage> callback);
    ApiReply *fetchJob(const QString &jobId, const QObject *context, Callback<UnloopaJob> callback);

    // GET /leads with filters, one page.
    ApiReply *fetchLeads(const UnloopaLeadFilter &filter, int limit, int offset, const QObject *context,
                         Callback<UnloopaLeadPage> callback);
    // GET /leads/{id}: the detail, including existing_website.
    ApiReply *fetchLead(const QString &leadId, const QObject *context, Callback<UnloopaLead> callback);
    // GET /websites?limit&offset, one page.
    ApiReply *fetchWebsites(int limit, int offset, const QObject *context,
                            Callback<UnloopaWebsitePage> callback);

    // Sends `call` on this service's client for the outreach and voice services: an error answer
    // reaches `done` with the ways out enrich() adds (links, reset time, setup_url).
    ApiReply *send(const ApiCall &call, const QObject *context,
                   std::function<void(const ApiResponse &)> done);

Q_SIGNALS:
    void quotaChanged(const UnloopaQuota &quota);

private:
    friend class UnloopaPagedFetch;
    friend class UnloopaVoiceService;
    // Adds the links (and reset time) an operator needs to act on a blocking error.
    void enrich(ApiError &error, const QObject *context, std::function<void(ApiError)> done);
    static ApiError malformed(const QString &what);
    // GET <path>?<filters>&limit&offset, one page of {"<T::listKey>": [...], total, limit, offset}.
    template<typename T>
    ApiReply *fetchPage(const QString &path, QUrlQuery filters, int limit, int offset, const QObject *context,
                        Callback<UnloopaPage<T>> callback);

    QPointer<VendorClient> m_client;
    std::optional<UnloopaQuota> m_lastQuota;
};

// The one offset pager: fetches every page of GET /leads (or GET /websites, GET /jobs,
// GET /voice/calls) for one filter, `limit` 100 at a time, one request after another. Each page is handed
// over as it arrives (so it can be stored at once), without the items an earlier page already handed over (by
// each list's key(): the lists shift while they are paged); finished() reports the end or the first error.
// Cancel with cancel() or by deleting it.
class UnloopaPagedFetch : public QObject
{
    Q_OBJECT
public:
    enum class What { Leads, Websites, Jobs, Calls };

    UnloopaPagedFetch(UnloopaService *service, What what, const UnloopaLeadFilter &filter = {},
                      QObject *parent = nullptr);
    // Every call matching `filter` (What::Calls).
    UnloopaPagedFetch(UnloopaService *service, const UnloopaCallFilter &filter, QObject *parent = nullptr);
    ~UnloopaPagedFetch() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    int fetched() const { return m_fetched; } // distinct items handed over so far
    int total() const { return m_total; }

Q_SIGNALS:
    void leadsPage(const QList<UnloopaLead> &leads);
    void websitesPage(const QList<UnloopaWebsite> &websites);
    void jobsPage(const QList<UnloopaJob> &jobs);
    void callsPage(const QList<UnloopaCall> &calls);
    void progress(int fetched, int total);
    // error kind None on success; Cancelled after cancel().
    void finished(const ApiError &error);

private:
    void next();
    template<typename T>
    void requestPage(const QString &path, const QUrlQuery &filters,
                     void (UnloopaPagedFetch::*announce)(const QList<T> &));
    // The items whose key() no earlier page had (remembered from now on).
    template<typename T>
    QList<T> unseen(const QList<T> &items);
    void advance(int pageSize, int total);
    void finish(const ApiError &error);

    QPointer<UnloopaService> m_service;
    What m_what;
    UnloopaLeadFilter m_filter;
    UnloopaCallFilter m_callFilter;
    QPointer<ApiReply> m_reply;
    int m_offset = 0;
    int m_fetched = 0;
    int m_total = -1;
    QSet<QString> m_seen; // keys handed over
    bool m_running = false;
};
