#include "UnloopaService.h"

#include "core/ErrorCatalog.h"
#include "core/VendorClient.h"

#include <QJsonArray>
#include <QTimer>

namespace {

bool needsLinks(const ApiError &error)
{
    static const QStringList codes{QStringLiteral("plan_required"), QStringLiteral("quota_exceeded"),
                                   QStringLiteral("insufficient_credits"), QStringLiteral("rate_limited")};
    return error.kind == ApiError::Kind::Vendor && codes.contains(error.code);
}

void addLink(ApiError &error, const ApiError::Link &link)
{
    for (const ApiError::Link &existing : std::as_const(error.links)) {
        if (existing.label == link.label)
            return;
    }
    error.links.append(link);
}

// Delivers an error through the same path as a reply would (never synchronously into the caller).
template<typename T>
void deliverLater(const QObject *context, const std::function<void(const Result<T> &)> &callback,
                  ApiError error)
{
    QTimer::singleShot(0, context, [callback, error] { callback(Result<T>(error)); });
}

} // namespace

UnloopaService::UnloopaService(VendorClient *client, QObject *parent) : QObject(parent), m_client(client)
{
    Q_ASSERT(client && client->vendor() == Vendor::Unloopa);
}

VendorClient *UnloopaService::client() const
{
    return m_client;
}

ApiError UnloopaService::malformed(const QString &what)
{
    return ApiError::malformed(Vendor::Unloopa, what);
}

void UnloopaService::enrich(ApiError &error, const QObject *context, std::function<void(ApiError)> done)
{
    if (!needsLinks(error)) {
        done(error);
        return;
    }
    auto apply = [](ApiError e, const UnloopaQuota &quota) {
        if (e.code == QLatin1String("plan_required") || e.code == QLatin1String("quota_exceeded")) {
            if (quota.upgradeUrl.isValid())
                addLink(e, {QStringLiteral("upgrade"), quota.upgradeUrl});
        }
        if (e.code == QLatin1String("insufficient_credits")) {
            for (const ApiError::Link &pack : quota.voiceCreditLinks)
                addLink(e, {QStringLiteral("voice_credits.") + pack.label, pack.url});
        }
        if (e.code == QLatin1String("quota_exceeded") && quota.resetsAt.isValid()) {
            e.explanation =
                    QStringLiteral("Your Unloopa website quota (%1 per period) is used up. It resets on "
                                   "%2 UTC; upgrading raises the limit.")
                            .arg(quota.websites.limit)
                            .arg(quota.resetsAt.toString(QStringLiteral("d MMM yyyy HH:mm")));
        }
        if (e.code == QLatin1String("rate_limited") && e.retryAfterSeconds) {
            e.explanation =
                    QStringLiteral("Unloopa is asking us to slow down. Wait %1 seconds, then try again.")
                            .arg(*e.retryAfterSeconds);
        }
        return e;
    };
    // A rate limit needs no quota; asking for it now would only be limited too.
    if (error.code == QLatin1String("rate_limited") || m_lastQuota) {
        done(m_lastQuota ? apply(error, *m_lastQuota) : apply(error, UnloopaQuota()));
        return;
    }
    const ApiError original = error;
    fetchQuota(context, [apply, original, done](const Result<UnloopaQuota> &quota) {
        done(quota ? apply(original, quota.value()) : apply(original, UnloopaQuota()));
    });
}

ApiReply *UnloopaService::fetchQuota(const QObject *context, Callback<UnloopaQuota> callback)
{
    QPointer<UnloopaService> self(this);
    return m_client->send(ApiCall::get(QStringLiteral("/quota")), context,
                          [self, callback](const ApiResponse &r) {
                              if (!r.ok()) {
                                  callback(r.error);
                                  return;
                              }
                              const QJsonObject object = r.object();
                              if (!object.contains(QLatin1String("plan")) ||
                                  !object.value(QLatin1String("websites")).isObject()) {
                                  callback(malformed(QStringLiteral("a quota")));
                                  return;
                              }
                              const UnloopaQuota quota = UnloopaQuota::fromJson(object);
                              if (self) {
                                  self->m_lastQuota = quota;
                                  Q_EMIT self->quotaChanged(quota);
                              }
                              callback(quota);
                          });
}

ApiReply *UnloopaService::submitCommand(const UnloopaCommandRequest &request, const QObject *context,
                                        Callback<UnloopaCommandAccepted> callback)
{
    const QString problem = request.problem();
    if (!problem.isEmpty()) {
        ApiError error = ApiError::local(Vendor::Unloopa, QStringLiteral("invalid_input"), problem);
        deliverLater<UnloopaCommandAccepted>(context, callback, error);
        return nullptr;
    }
    QPointer<UnloopaService> self(this);
    QPointer<const QObject> guard(context);
    const ApiCall call = ApiCall::post(QStringLiteral("/command"), request.toJson()).spending();
    return m_client->send(call, context, [self, guard, callback](const ApiResponse &r) {
        if (!r.ok()) {
            ApiError error = r.error;
            if (!self || !guard) {
                callback(error);
                return;
            }
            self->enrich(error, guard, [callback](const ApiError &enriched) { callback(enriched); });
            return;
        }
        const UnloopaCommandAccepted accepted = UnloopaCommandAccepted::fromJson(r.object());
        if (accepted.jobId.isEmpty()) {
            callback(malformed(QStringLiteral("an accepted command with a job id")));
            return;
        }
        if (self && self->m_lastQuota) {
            // The command's answer carries the new websites quota: keep the cached quota current.
            UnloopaQuota quota = *self->m_lastQuota;
            quota.websites = accepted.quota;
            self->m_lastQuota = quota;
            Q_EMIT self->quotaChanged(quota);
        }
        callback(accepted);
    });
}

ApiReply *UnloopaService::fetchJobs(int limit, int offset, const QObject *context,
                                    Callback<UnloopaJobPage> callback)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    query.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    return m_client->send(ApiCall::get(QStringLiteral("/jobs"), query), context,
                          [callback](const ApiResponse &r) {
                              if (!r.ok()) {
                                  callback(r.error);
                                  return;
                              }
                              const QJsonObject object = r.object();
                              if (!object.value(QLatin1String("jobs")).isArray()) {
                                  callback(malformed(QStringLiteral("a list of jobs")));
                                  return;
                              }
                              UnloopaJobPage page;
                              const QJsonArray jobs = object.value(QLatin1String("jobs")).toArray();
                              page.jobs.reserve(jobs.size());
                              for (const QJsonValue &value : jobs)
                                  page.jobs.append(UnloopaJob::fromJson(value.toObject()));
                              page.total = object.value(QLatin1String("total")).toInt(int(page.jobs.size()));
                              page.limit = object.value(QLatin1String("limit")).toInt();
                              page.offset = object.value(QLatin1String("offset")).toInt();
                              callback(page);
                          });
}

ApiReply *UnloopaService::fetchJob(const QString &jobId, const QObject *context,
                                   Callback<UnloopaJob> callback)
{
    const QString path = QStringLiteral("/jobs/") + QString::fromLatin1(QUrl::toPercentEncoding(jobId));
    return m_client->send(ApiCall::get(path), context, [callback](const ApiResponse &r) {
        if (!r.ok()) {
            callback(r.error);
            return;
        }
        const UnloopaJob job = UnloopaJob::fromJson(r.object());
        if (job.jobId.isEmpty() || job.status.isEmpty()) {
            callback(malformed(QStringLiteral("a job")));
            return;
        }
        callback(job);
    });
}

ApiReply *UnloopaService::fetchLeads(const UnloopaLeadFilter &filter, int limit, int offset,
                                     const QObject *context, Callback<UnloopaLeadPage> callback)
{
    QUrlQuery query = filter.toQuery();
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    query.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    return m_client->send(ApiCall::get(QStringLiteral("/leads"), query), context,
                          [callback](const ApiResponse &r) {
                              if (!r.ok()) {
                                  callback(r.error);
                                  return;
                              }
                              const QJsonObject object = r.object();
                              if (!object.value(QLatin1String("leads")).isArray()) {
                                  callback(malformed(QStringLiteral("a list of leads")));
                                  return;
                              }
                              UnloopaLeadPage page;
                              const QJsonArray leads = object.value(QLatin1String("leads")).toArray();
                              page.leads.reserve(leads.size());
                              for (const QJsonValue &value : leads)
                                  page.leads.append(UnloopaLead::fromJson(value.toObject()));
                              page.total = object.value(QLatin1String("total")).toInt(int(page.leads.size()));
                              page.limit = object.value(QLatin1String("limit")).toInt();
                              page.offset = object.value(QLatin1String("offset")).toInt();
                              callback(page);
                          });
}

ApiReply *UnloopaService::fetchLead(const QString &leadId, const QObject *context,
                                    Callback<UnloopaLead> callback)
{
    const QString path = QStringLiteral("/leads/") + QString::fromLatin1(QUrl::toPercentEncoding(leadId));
    return m_client->send(ApiCall::get(path), context, [callback](const ApiResponse &r) {
        if (!r.ok()) {
            callback(r.error);
            return;
        }
        UnloopaLead lead = UnloopaLead::fromJson(r.object());
        if (lead.id.isEmpty()) {
            callback(malformed(QStringLiteral("a lead")));
            return;
        }
        lead.hasDetail = true;
        callback(lead);
    });
}

ApiReply *UnloopaService::fetchWebsites(int limit, int offset, const QObject *context,
                                        Callback<UnloopaWebsitePage> callback)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    query.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    return m_client->send(
            ApiCall::get(QStringLiteral("/websites"), query), context, [callback](const ApiResponse &r) {
                if (!r.ok()) {
                    callback(r.error);
                    return;
                }
                const QJsonObject object = r.object();
                if (!object.value(QLatin1String("websites")).isArray()) {
                    callback(malformed(QStringLiteral("a list of websites")));
                    return;
                }
                UnloopaWebsitePage page;
                const QJsonArray websites = object.value(QLatin1String("websites")).toArray();
                page.websites.reserve(websites.size());
                for (const QJsonValue &value : websites)
                    page.websites.append(UnloopaWebsite::fromJson(value.toObject()));
                page.total = object.value(QLatin1String("total")).toInt(int(page.websites.size()));
                page.limit = object.value(QLatin1String("limit")).toInt();
                page.offset = object.value(QLatin1String("offset")).toInt();
                callback(page);
            });
}

// ---------------------------------------------------------------------------------------------
UnloopaPagedFetch::UnloopaPagedFetch(UnloopaService *service, What what, const UnloopaLeadFilter &filter,
                                     QObject *parent)
    : QObject(parent), m_service(service), m_what(what), m_filter(filter)
{ }

UnloopaPagedFetch::~UnloopaPagedFetch()
{
    if (m_reply)
        m_reply->abort();
}

void UnloopaPagedFetch::start()
{
    if (m_running)
        return;
    m_running = true;
    m_offset = 0;
    m_fetched = 0;
    m_total = -1;
    next();
}

void UnloopaPagedFetch::cancel()
{
    if (!m_running)
        return;
    if (m_reply) {
        QPointer<ApiReply> reply = m_reply;
        m_reply = nullptr;
        reply->abort();
    }
    ApiError error;
    error.vendor = Vendor::Unloopa;
    error.kind = ApiError::Kind::Cancelled;
    error.code = QStringLiteral("cancelled");
    error.explanation = QStringLiteral("Cancelled.");
    finish(error);
}

void UnloopaPagedFetch::finish(const ApiError &error)
{
    if (!m_running)
        return;
    m_running = false;
    Q_EMIT finished(error);
}

void UnloopaPagedFetch::next()
{
    if (!m_running || !m_service)
        return;
    const int limit = UnloopaService::maxPageSize;
    // Items inserted at the front while paging shift later ones back: paging on until the offset
    // passes the *latest* total fetches them (duplicates are harmless, stores upsert by id).
    auto advance = [this](int pageSize, int total) {
        m_total = total;
        m_fetched += pageSize;
        m_offset += pageSize;
        Q_EMIT progress(m_fetched, m_total);
        if (pageSize == 0 || m_offset >= m_total)
            finish(ApiError());
        else
            next();
    };
    switch (m_what) {
    case What::Leads:
        m_reply = m_service->fetchLeads(m_filter, limit, m_offset, this,
                                        [this, advance](const Result<UnloopaLeadPage> &r) {
                                            m_reply = nullptr;
                                            if (!r) {
                                                finish(r.error());
                                                return;
                                            }
                                            Q_EMIT leadsPage(r->leads);
                                            advance(int(r->leads.size()), r->total);
                                        });
        break;
    case What::Websites:
        m_reply = m_service->fetchWebsites(limit, m_offset, this,
                                           [this, advance](const Result<UnloopaWebsitePage> &r) {
                                               m_reply = nullptr;
                                               if (!r) {
                                                   finish(r.error());
                                                   return;
                                               }
                                               Q_EMIT websitesPage(r->websites);
                                               advance(int(r->websites.size()), r->total);
                                           });
        break;
    case What::Jobs:
        m_reply =
                m_service->fetchJobs(limit, m_offset, this, [this, advance](const Result<UnloopaJobPage> &r) {
                    m_reply = nullptr;
                    if (!r) {
                        finish(r.error());
                        return;
                    }
                    Q_EMIT jobsPage(r->jobs);
                    advance(int(r->jobs.size()), r->total);
                });
        break;
    }
}
