#include "UnloopaService.h"

#include "UnloopaRoutes.h"
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

ApiReply *UnloopaService::send(const ApiCall &call, const QObject *context,
                               std::function<void(const ApiResponse &)> done)
{
    QPointer<UnloopaService> self(this);
    QPointer<const QObject> guard(context);
    return m_client->send(call, context, [self, guard, done](const ApiResponse &r) {
        if (r.ok() || !self || !guard) {
            done(r);
            return;
        }
        ApiError error = r.error;
        self->enrich(error, guard, [r, done](const ApiError &enriched) {
            ApiResponse response = r;
            response.error = enriched;
            done(response);
        });
    });
}

template<typename T>
ApiReply *UnloopaService::fetchPage(const QString &path, QUrlQuery query, int limit, int offset,
                                    const QObject *context, Callback<UnloopaPage<T>> callback)
{
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    query.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    return send(ApiCall::get(path, query), context, [callback](const ApiResponse &r) {
        if (!r.ok()) {
            callback(r.error);
            return;
        }
        if (const std::optional<UnloopaPage<T>> page = UnloopaPage<T>::fromJson(r.object()))
            callback(*page);
        else
            callback(malformed(QStringLiteral("a list of %1").arg(QLatin1String(T::listKey))));
    });
}

ApiReply *UnloopaService::fetchJobs(int limit, int offset, const QObject *context,
                                    Callback<UnloopaJobPage> callback)
{
    return fetchPage<UnloopaJob>(UnloopaRoutes::path(UnloopaRoutes::Op::Jobs), {}, limit, offset, context,
                                 std::move(callback));
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
    return fetchPage<UnloopaLead>(UnloopaRoutes::path(UnloopaRoutes::Op::Leads), filter.toQuery(), limit,
                                  offset, context, std::move(callback));
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
    return fetchPage<UnloopaWebsite>(UnloopaRoutes::path(UnloopaRoutes::Op::Websites), {}, limit, offset,
                                     context, std::move(callback));
}

// The voice service pages GET /voice/calls through the same template.
template ApiReply *UnloopaService::fetchPage<UnloopaCall>(const QString &, QUrlQuery, int, int,
                                                          const QObject *, Callback<UnloopaCallPage>);

// ---------------------------------------------------------------------------------------------
UnloopaPagedFetch::UnloopaPagedFetch(UnloopaService *service, What what, const UnloopaLeadFilter &filter,
                                     QObject *parent)
    : QObject(parent), m_service(service), m_what(what), m_filter(filter)
{ }

UnloopaPagedFetch::UnloopaPagedFetch(UnloopaService *service, const UnloopaCallFilter &filter,
                                     QObject *parent)
    : QObject(parent), m_service(service), m_what(What::Calls), m_callFilter(filter)
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
    m_seen.clear();
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
    using UnloopaRoutes::Op;
    using UnloopaRoutes::path;
    switch (m_what) {
    case What::Leads:
        requestPage<UnloopaLead>(path(Op::Leads), m_filter.toQuery(), &UnloopaPagedFetch::leadsPage);
        break;
    case What::Websites:
        requestPage<UnloopaWebsite>(path(Op::Websites), {}, &UnloopaPagedFetch::websitesPage);
        break;
    case What::Jobs:
        requestPage<UnloopaJob>(path(Op::Jobs), {}, &UnloopaPagedFetch::jobsPage);
        break;
    case What::Calls:
        requestPage<UnloopaCall>(path(Op::Calls), m_callFilter.toQuery(), &UnloopaPagedFetch::callsPage);
        break;
    }
}

template<typename T>
void UnloopaPagedFetch::requestPage(const QString &path, const QUrlQuery &filters,
                                    void (UnloopaPagedFetch::*announce)(const QList<T> &))
{
    auto onPage = [this, announce](const Result<UnloopaPage<T>> &page) {
        m_reply = nullptr;
        if (!page) {
            finish(page.error());
            return;
        }
        Q_EMIT(this->*announce)(unseen(page->items));
        advance(int(page->items.size()), page->total);
    };
    m_reply = m_service->fetchPage<T>(path, filters, UnloopaService::maxPageSize, m_offset, this, onPage);
}

// Items inserted at the head while paging (a job finishing adds leads to the newest-first list)
// shift later ones back, so a page repeats the tail of the one before: only items not seen yet
// are handed over, and paging goes on until the offset passes the latest total. Every item listed
// when paging started arrives exactly once; items added meanwhile may arrive, also once.
template<typename T>
QList<T> UnloopaPagedFetch::unseen(const QList<T> &items)
{
    QList<T> fresh;
    fresh.reserve(items.size());
    for (const T &item : items) {
        const QString key = item.key();
        if (key.isEmpty() || !m_seen.contains(key)) {
            m_seen.insert(key);
            fresh.append(item);
        }
    }
    m_fetched += int(fresh.size());
    return fresh;
}

void UnloopaPagedFetch::advance(int pageSize, int total)
{
    if (!m_running)
        return; // cancelled by a receiver of the page
    m_offset += pageSize;
    m_total = total;
    Q_EMIT progress(m_fetched, m_total);
    if (pageSize == 0 || m_offset >= m_total)
        finish(ApiError());
    else
        next();
}
