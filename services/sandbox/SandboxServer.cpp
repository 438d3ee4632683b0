#include "SandboxServer.h"

#include "Outreach2daySandbox.h"
#include "SandboxHttpServer.h"
#include "UnlimCallSandbox.h"
#include "UnlimCallWebhooks.h"
#include "UnloopaSandbox.h"
#include "VerloopSandbox.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QPointer>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QTimer>
#include <QUuid>

// Control endpoints, for tests that drive a sandbox running in another process (the CLI tests
// start `campaign-console-sandbox`). They answer only to loopback peers and are neither recorded
// nor subject to faults or authorization.
//
//   POST   /_sandbox/faults    body: one fault object, an array of them, or {"faults":[...]}
//                              fault: {"kind": "latency" | "too_many_requests" | "server_error" |
//                                               "malformed_json" | "hang" | "redirect_other_origin",
//                                      "vendor": "unloopa" | "unlimcall" | "verloop" | "outreach2day",
//                                      "pathPrefix": "/quota",  (optional, default every path)
//                                      "method": "GET",         (optional, default any method)
//                                      "count": 1,              (optional, default -1 = until cleared)
//                                      "latencyMs": 500,        (Latency)
//                                      "status": 503,           (ServerError, default 503)
//                                      "retryAfter": "2"}       (TooManyRequests, optional)
//                              → 200 {"faults": [<active faults>]}; 400 {"error":"invalid_fault",...}
//   GET    /_sandbox/faults    → 200 {"faults": [<active faults>]}
//   DELETE /_sandbox/faults    → 200 {"faults": []}
//   GET    /_sandbox/requests  optional ?vendor=unloopa
//                              → 200 {"requests": [{"vendor","method","path","query","otherOrigin",
//                                     "hasAuthorization","carriesSandboxToken","receivedAt"}]}
//   POST   /_sandbox/reset     clears the request log, every fault and the vendors' test switches
//                              (not their data) → 200 {"ok": true}
//   GET    /_sandbox/outreach2day  → 200 {"paging": "none", "contactsPaging": "none",
//                                         "now": "2026-03-09T10:00:00Z", "clockSpeed": 1,
//                                         "importPolls": 3, "launchJobPolls": 2,
//                                         "launchJobsFail": false}
//   POST   /_sandbox/outreach2day  body: any of those keys (not "now" backwards), plus optionally
//                              "advanceSeconds": 3600, "historicSends": {"campaignId", "count"},
//                              "campaignStatus": {"campaignId": "cmp_…", "status": "completed"}
//                              paging (contactsPaging, its older name): every list's pages —
//                              "none" | "repeat_cursor" (a page answers its own cursor as
//                              next_cursor) | "no_progress" (pages after the first repeat the first
//                              page's items under new cursors); now / advanceSeconds / clockSpeed:
//                              the clock campaigns send by (it only moves forward; speed 0 stands
//                              still, 60 runs a minute a second); historicSends: that many sent
//                              sends added to a campaign with contacts (benchmarks); importPolls:
//                              status polls a confirmed staged import takes; launchJobPolls: polls
//                              a launch job takes (running until the last); launchJobsFail: jobs
//                              fail at their end and the campaign becomes errored
//                              → 200 the switches; 400 {"error":"invalid_control",...}
//   GET    /_sandbox/unloopa   → 200 {"plan": "pro", "voiceCredits": 45, "outreachConfigured": true,
//                                     "commandsPerMinute": 10, "voiceCallsPerMinute": 0,
//                                     "callOutcomes": [], "now": "2026-03-09T10:00:00.000Z",
//                                     "clockSpeed": 1}
//   POST   /_sandbox/unloopa   body: any of those keys (not "now" backwards), plus optionally
//                              "advanceSeconds": 3600. plan: "free" | "pro"; voiceCredits: the
//                              balance calls spend; outreachConfigured: false = no email account
//                              (sends are setup_required); voiceCallsPerMinute: calls placed
//                              (single and triggered) per minute before rate_limited with
//                              Retry-After, 0 = unlimited; callOutcomes: how the next calls end, in
//                              order ("interested", "not_interested", "voicemail", "no_answer",
//                              "callback" or "failed"; random after them); commandsPerMinute: POST
//                              /command's limit; now / advanceSeconds / clockSpeed: the
//                              clock jobs, sending and calls follow (forward only; speed 0 stands
//                              still, 60 runs a minute a second)
//                              → 200 the switches; 400 {"error":"invalid_control",...}
//   GET    /_sandbox/unlimcall → 200 {"nextCall": "ended", "transferTarget": "", "now": "…Z",
//                                     "clockSpeed": 1, "webhookTimeoutMs": 10000}
//   POST   /_sandbox/unlimcall body: any of those keys (not "now" backwards), plus optionally
//                              "advanceSeconds": 3600. nextCall: how the next call placed ends —
//                              "ended" (call.ended, disposition.set), "transferred" (also
//                              call.transferred with transferTarget, lead.completed) or "dnc"
//                              (disposition.set with triggersDnc, dnc.added, lead.completed);
//                              once, then "ended" again. now / advanceSeconds / clockSpeed: the
//                              clock webhook retries wait on (forward only; speed 0 stands still);
//                              webhookTimeoutMs: how long a delivery waits for an answer
//                              → 200 the switches; 400 {"error":"invalid_control",...}
//   GET    /_sandbox/unlimcall/deliveries
//                              → 200 {"hooks": [{"id","event","target_url","status": "active" |
//                                     "deleted" | "disabled","consecutiveFailures"}],
//                                     "deliveries": [{"id","hookId","eventId","event","status":
//                                     "pending" | "retrying" | "succeeded" | "failed","attempts",
//                                     "inFlight","responseStatus","error","createdAt",
//                                     "nextAttemptAt","history": [{"attempt","at","responseStatus",
//                                     "error","durationMs"}]}]} (never a secret)

namespace {

const QString kControlPrefix = QStringLiteral("/_sandbox");
const QString kUnlimCallIssuerPath = QStringLiteral("/unlimcall");

QString basePath(Vendor vendor)
{
    switch (vendor) {
    case Vendor::Unloopa:
        return QStringLiteral("/unloopa/api/v1");
    case Vendor::UnlimCall:
        return QStringLiteral("/unlimcall/api/v1");
    case Vendor::Verloop:
        return QStringLiteral("/verloop/api/v1");
    case Vendor::Outreach2day:
        return QStringLiteral("/outreach2day");
    }
    Q_UNREACHABLE();
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

QStringList segmentsOf(const QString &path)
{
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

bool isPlaceholder(const QString &segment)
{
    return segment.size() > 2 && segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

// FNV-1a: a hash that is the same on every machine and run (qHash is not).
quint64 stableHash(const QByteArray &data)
{
    quint64 hash = 14695981039346656037ULL;
    for (char c : data) {
        hash ^= quint8(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

struct Route
{
    Vendor vendor;
    QByteArray method;
    QString pattern;
    QStringList segments;
    SandboxHandler handler;

    bool matches(const QStringList &pathSegments, QHash<QString, QString> *args) const
    {
        if (pathSegments.size() != segments.size())
            return false;
        QHash<QString, QString> captured;
        for (qsizetype i = 0; i < segments.size(); ++i) {
            if (isPlaceholder(segments.at(i)))
                captured.insert(segments.at(i).mid(1, segments.at(i).size() - 2), pathSegments.at(i));
            else if (segments.at(i) != pathSegments.at(i))
                return false;
        }
        if (args)
            *args = captured;
        return true;
    }
};

struct ActiveFault
{
    SandboxFault fault;
    int remaining; // -1: until cleared
};

} // namespace

// ---------------------------------------------------------------------------------------------
// SandboxRequest / SandboxResponse

QByteArray SandboxRequest::header(const QByteArray &name) const
{
    for (const auto &pair : headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return pair.second;
    }
    return {};
}

QJsonObject SandboxRequest::jsonObject(bool *ok) const
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    const bool isObject = error.error == QJsonParseError::NoError && document.isObject();
    if (ok)
        *ok = isObject;
    return isObject ? document.object() : QJsonObject();
}

QString SandboxRequest::queryValue(const QString &key) const
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

bool SandboxRequest::hasQuery(const QString &key) const
{
    return query.hasQueryItem(key);
}

SandboxResponse SandboxResponse::json(const QJsonObject &object, int status)
{
    return json(QJsonDocument(object), status);
}

SandboxResponse SandboxResponse::json(const QJsonDocument &document, int status)
{
    SandboxResponse response;
    response.status = status;
    response.body = document.toJson(QJsonDocument::Compact);
    return response;
}

SandboxResponse SandboxResponse::noContent()
{
    SandboxResponse response;
    response.status = 204;
    response.contentType.clear();
    return response;
}

// ---------------------------------------------------------------------------------------------
// SandboxFault / SandboxRecordedRequest JSON

QString SandboxFault::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Latency:
        return QStringLiteral("latency");
    case Kind::TooManyRequests:
        return QStringLiteral("too_many_requests");
    case Kind::ServerError:
        return QStringLiteral("server_error");
    case Kind::MalformedJson:
        return QStringLiteral("malformed_json");
    case Kind::Hang:
        return QStringLiteral("hang");
    case Kind::RedirectOtherOrigin:
        return QStringLiteral("redirect_other_origin");
    }
    Q_UNREACHABLE();
}

std::optional<SandboxFault::Kind> SandboxFault::kindFromName(const QString &name)
{
    for (Kind kind : {Kind::Latency, Kind::TooManyRequests, Kind::ServerError, Kind::MalformedJson,
                      Kind::Hang, Kind::RedirectOtherOrigin}) {
        if (kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QJsonObject SandboxFault::toJson() const
{
    QJsonObject object{
            {QStringLiteral("kind"), kindName(kind)},
            {QStringLiteral("vendor"), Vendors::id(vendor)},
            {QStringLiteral("pathPrefix"), pathPrefix},
            {QStringLiteral("method"), QString::fromLatin1(method)},
            {QStringLiteral("count"), count},
            {QStringLiteral("latencyMs"), latencyMs},
            {QStringLiteral("status"), status},
    };
    if (!retryAfter.isEmpty())
        object.insert(QStringLiteral("retryAfter"), QString::fromLatin1(retryAfter));
    return object;
}

std::optional<SandboxFault> SandboxFault::fromJson(const QJsonObject &object, QString *errorMessage)
{
    auto fail = [errorMessage](const QString &message) -> std::optional<SandboxFault> {
        if (errorMessage)
            *errorMessage = message;
        return std::nullopt;
    };
    SandboxFault fault;
    const auto kind = kindFromName(object.value(QStringLiteral("kind")).toString());
    if (!kind)
        return fail(QStringLiteral("\"kind\" must be one of latency, too_many_requests, server_error, "
                                   "malformed_json, hang, redirect_other_origin"));
    fault.kind = *kind;
    const auto vendor = Vendors::fromId(object.value(QStringLiteral("vendor")).toString());
    if (!vendor)
        return fail(QStringLiteral("\"vendor\" must be one of unloopa, unlimcall, verloop, outreach2day"));
    fault.vendor = *vendor;
    fault.pathPrefix = object.value(QStringLiteral("pathPrefix")).toString();
    fault.method = object.value(QStringLiteral("method")).toString().toUpper().toLatin1();
    fault.count = object.value(QStringLiteral("count")).toInt(-1);
    fault.latencyMs = object.value(QStringLiteral("latencyMs")).toInt(0);
    fault.status = object.value(QStringLiteral("status")).toInt(503);
    const QJsonValue retryAfter = object.value(QStringLiteral("retryAfter"));
    fault.retryAfter =
            retryAfter.isDouble() ? QByteArray::number(retryAfter.toInt()) : retryAfter.toString().toLatin1();
    if (fault.count == 0 || fault.count < -1)
        return fail(QStringLiteral("\"count\" must be positive, or -1 for until cleared"));
    if (fault.latencyMs < 0)
        return fail(QStringLiteral("\"latencyMs\" must not be negative"));
    if (fault.kind == Kind::ServerError && (fault.status < 500 || fault.status > 599))
        return fail(QStringLiteral("\"status\" of a server_error must be 5xx"));
    return fault;
}

QJsonObject SandboxRecordedRequest::toJson() const
{
    bool carriesSandboxToken = false;
    for (Vendor v : Vendors::all()) {
        carriesSandboxToken = carriesSandboxToken || authorization.contains(SandboxServer::demoToken(v)) ||
                authorization.contains(SandboxServer::limitedScopeToken(v));
    }
    return QJsonObject{
            {QStringLiteral("vendor"), Vendors::id(vendor)},
            {QStringLiteral("method"), QString::fromLatin1(method)},
            {QStringLiteral("path"), path},
            {QStringLiteral("query"), query},
            {QStringLiteral("otherOrigin"), otherOrigin},
            {QStringLiteral("hasAuthorization"), !authorization.isEmpty()},
            {QStringLiteral("carriesSandboxToken"), carriesSandboxToken},
            {QStringLiteral("receivedAt"), receivedAt.toUTC().toString(Qt::ISODateWithMs)},
    };
}

// ---------------------------------------------------------------------------------------------
// SandboxServer::Private

struct SandboxServer::Private
{
    explicit Private(SandboxServer *owner) : q(owner) { }

    SandboxServer *q;
    SandboxHttpServer *http = nullptr;
    quint16 port = 0;
    quint16 otherPort = 0;
    QString errorString;
    int latencyMs = 0;
    int handlingDepth = 0; // > 0 while a request is being handled (stop() must not delete then)

    QList<Route> routes;
    QList<ActiveFault> faults;
    QList<SandboxRecordedRequest> log;
    QHash<int, std::function<bool(const SandboxRequest &)>> credentialChecks; // by Vendor

    UnloopaSandbox *unloopa = nullptr;
    UnlimCallSandbox *unlimcall = nullptr;
    VerloopSandbox *verloop = nullptr;
    Outreach2daySandbox *outreach2day = nullptr;

    void handle(const QHttpServerRequest &httpRequest, QTcpSocket *socket,
                SandboxHttpServer::Responder responder);
    SandboxResponse dispatch(SandboxRequest &request) const;
    SandboxResponse control(const SandboxRequest &request);
    void record(const SandboxRequest &request, bool otherOrigin);
    void answer(QTcpSocket *socket, const SandboxHttpServer::Responder &responder,
                const SandboxResponse &response, int delayMs);
    QList<SandboxFault> takeMatchingFaults(const SandboxRequest &request);
};

namespace {

SandboxResponse notFound(Vendor vendor, const QByteArray &method, const QString &path)
{
    if (vendor == Vendor::Verloop) {
        // Twirp answers unknown routes with bad_route (404) and names the route in meta.
        return SandboxServer::error(vendor, 404, QStringLiteral("bad_route"),
                                    QStringLiteral("no handler for path \"%1\"").arg(path),
                                    {{QStringLiteral("twirp_invalid_route"),
                                      QString(QString::fromLatin1(method) + QLatin1Char(' ') + path)}});
    }
    return SandboxServer::error(vendor, 404, QStringLiteral("not_found"),
                                QStringLiteral("No endpoint %1 %2.").arg(QString::fromLatin1(method), path));
}

SandboxResponse methodNotAllowed(Vendor vendor, const QByteArray &method, const QString &path,
                                 const QList<QByteArray> &allowed)
{
    if (vendor == Vendor::Verloop) {
        // Twirp only serves POST; any other method is a bad_route (404), as Twirp itself answers.
        return SandboxServer::error(vendor, 404, QStringLiteral("bad_route"),
                                    QStringLiteral("unsupported method %1 (only POST is allowed)")
                                            .arg(QString::fromLatin1(method)),
                                    {{QStringLiteral("twirp_invalid_route"),
                                      QString(QString::fromLatin1(method) + QLatin1Char(' ') + path)}});
    }
    SandboxResponse response = SandboxServer::error(
            vendor, 405, QStringLiteral("method_not_allowed"),
            QStringLiteral("%1 is not allowed on %2.").arg(QString::fromLatin1(method), path));
    response.headers.append({"Allow", allowed.join(", ")});
    return response;
}

SandboxResponse unauthorized(Vendor vendor, bool limitedScope)
{
    switch (vendor) {
    case Vendor::Unloopa:
        return SandboxServer::error(vendor, 401, QStringLiteral("unauthorized"),
                                    QStringLiteral("Missing or invalid API key. Send Authorization: Bearer "
                                                   "unlpa_live_..."));
    case Vendor::UnlimCall:
        return SandboxServer::error(vendor, 401, QStringLiteral("unauthorized"),
                                    limitedScope ? QStringLiteral("Token invalid or missing required scope.")
                                                 : QStringLiteral("Token invalid, expired, or revoked."));
    case Vendor::Verloop:
        return SandboxServer::error(vendor, 401, QStringLiteral("unauthenticated"),
                                    QStringLiteral("Authentication required"));
    case Vendor::Outreach2day:
        return SandboxServer::error(vendor, 401, QStringLiteral("unauthorized"),
                                    QStringLiteral("Missing or invalid API key."));
    }
    Q_UNREACHABLE();
}

SandboxResponse tooManyRequests(const SandboxFault &fault)
{
    const QString message = QStringLiteral("Too many requests; slow down and retry later.");
    SandboxResponse response;
    switch (fault.vendor) {
    case Vendor::Unloopa:
    case Vendor::UnlimCall:
    case Vendor::Outreach2day:
        response = SandboxServer::error(fault.vendor, 429, QStringLiteral("rate_limited"), message);
        break;
    case Vendor::Verloop:
        response = SandboxServer::error(fault.vendor, 429, QStringLiteral("resource_exhausted"), message);
        break;
    }
    if (!fault.retryAfter.isEmpty())
        response.headers.append({"Retry-After", fault.retryAfter});
    return response;
}

SandboxResponse serverError(const SandboxFault &fault)
{
    const QString message = QStringLiteral("The service had an internal problem; retry after a short delay.");
    if (fault.vendor == Vendor::Verloop) {
        return SandboxServer::error(
                fault.vendor, fault.status,
                fault.status == 503 ? QStringLiteral("unavailable") : QStringLiteral("internal"), message);
    }
    return SandboxServer::error(fault.vendor, fault.status, QStringLiteral("internal_error"), message);
}

} // namespace

void SandboxServer::Private::record(const SandboxRequest &request, bool otherOrigin)
{
    SandboxRecordedRequest recorded;
    recorded.vendor = request.vendor;
    recorded.method = request.method;
    recorded.path = request.path;
    recorded.query = request.query.toString(QUrl::FullyEncoded);
    recorded.authorization = request.header("Authorization");
    recorded.otherOrigin = otherOrigin;
    recorded.receivedAt = QDateTime::currentDateTimeUtc();
    log.append(recorded);
    Q_EMIT q->requestReceived(recorded);
}

QList<SandboxFault> SandboxServer::Private::takeMatchingFaults(const SandboxRequest &request)
{
    QList<SandboxFault> matched;
    for (auto it = faults.begin(); it != faults.end();) {
        const SandboxFault &fault = it->fault;
        const bool matches = fault.vendor == request.vendor && request.path.startsWith(fault.pathPrefix) &&
                (fault.method.isEmpty() || fault.method == request.method);
        if (!matches) {
            ++it;
            continue;
        }
        matched.append(fault);
        if (it->remaining > 0 && --it->remaining == 0)
            it = faults.erase(it);
        else
            ++it;
    }
    return matched;
}

SandboxResponse SandboxServer::Private::dispatch(SandboxRequest &request) const
{
    const QStringList pathSegments = segmentsOf(request.path);
    QList<QByteArray> allowed;
    const Route *found = nullptr;
    for (const Route &route : routes) {
        QHash<QString, QString> args;
        if (route.vendor != request.vendor || !route.matches(pathSegments, &args))
            continue;
        if (route.method != request.method) {
            allowed.append(route.method);
            continue;
        }
        found = &route;
        request.pathArgs = args;
        break;
    }
    if (!found) {
        return allowed.isEmpty() ? notFound(request.vendor, request.method, request.path)
                                 : methodNotAllowed(request.vendor, request.method, request.path, allowed);
    }
    if (!q->isAuthorized(request.vendor, request)) {
        const QByteArray limited = limitedScopeToken(request.vendor);
        const bool limitedScope = !limited.isEmpty() && request.header("Authorization").endsWith(limited);
        return unauthorized(request.vendor, limitedScope);
    }
    return found->handler(request);
}

void SandboxServer::Private::answer(QTcpSocket *socket, const SandboxHttpServer::Responder &responder,
                                    const SandboxResponse &response, int delayMs)
{
    const QPointer<QTcpSocket> guardedSocket(socket);
    auto write = [guardedSocket, responder, response]() {
        // The client may have given up (timeout, abort) and Qt deleted the connection meanwhile.
        if (!guardedSocket || guardedSocket->state() != QAbstractSocket::ConnectedState)
            return;
        responder->writeStatusLine(QHttpServerResponder::StatusCode(response.status));
        if (!response.contentType.isEmpty())
            responder->writeHeader("Content-Type", response.contentType);
        for (const auto &header : response.headers)
            responder->writeHeader(header.first, header.second);
        responder->writeHeader("Content-Length", QByteArray::number(response.body.size()));
        responder->writeBody(response.body);
    };
    if (delayMs > 0)
        QTimer::singleShot(delayMs, http, write); // dies with the listener: stop() drops it
    else
        write();
}

void SandboxServer::Private::handle(const QHttpServerRequest &httpRequest, QTcpSocket *socket,
                                    SandboxHttpServer::Responder responder)
{
    ++handlingDepth;
    auto leave = qScopeGuard([this] { --handlingDepth; });
    // Latency counts from the request's arrival, as a remote server's response time does: the
    // time spent building an answer is part of it, not added on top.
    QElapsedTimer arrival;
    arrival.start();

    SandboxRequest request;
    request.method = methodName(httpRequest.method());
    request.path = httpRequest.url().path();
    request.query = httpRequest.query();
    request.body = httpRequest.body();
    request.headers = httpRequest.headers();

    const QString fullPath = request.path;
    std::optional<Vendor> vendor;
    for (Vendor candidate : Vendors::all()) {
        const QString base = basePath(candidate);
        if (fullPath == base || fullPath.startsWith(base + QLatin1Char('/'))) {
            vendor = candidate;
            request.path = fullPath.mid(base.size());
            if (request.path.isEmpty())
                request.path = QStringLiteral("/");
            break;
        }
    }
    // UnlimCall's OAuth endpoints sit next to its API, not under it, as on app.unlimcall.com.
    for (const QString &oauthPath :
         {QStringLiteral("/oauth/token"), QStringLiteral("/.well-known/oauth-authorization-server")}) {
        if (!vendor && fullPath == kUnlimCallIssuerPath + oauthPath) {
            vendor = Vendor::UnlimCall;
            request.path = oauthPath;
        }
    }
    if (vendor)
        request.vendor = *vendor;

    // The second origin: a redirect target that records what reached it (was a token leaked?).
    if (socket->localPort() == otherPort) {
        record(request, true);
        answer(socket, responder, SandboxResponse::json(QJsonObject()), 0);
        return;
    }

    if (fullPath == kControlPrefix || fullPath.startsWith(kControlPrefix + QLatin1Char('/'))) {
        if (!httpRequest.remoteAddress().isLoopback()) {
            answer(socket, responder,
                   SandboxResponse::json(QJsonObject{{QStringLiteral("error"), QStringLiteral("forbidden")}},
                                         403),
                   0);
            return;
        }
        answer(socket, responder, control(request), 0);
        return;
    }

    if (!vendor) {
        answer(socket, responder,
               SandboxResponse::json(QJsonObject{{QStringLiteral("error"), QStringLiteral("not_found")},
                                                 {QStringLiteral("message"),
                                                  QStringLiteral("No vendor API under %1.").arg(fullPath)}},
                                     404),
               0);
        return;
    }

    record(request, false);
    if (!http) // a requestReceived slot stopped the server
        return;

    int delayMs = latencyMs;
    std::optional<SandboxFault> outcome;
    const QList<SandboxFault> matched = takeMatchingFaults(request);
    for (const SandboxFault &fault : matched) {
        if (fault.kind == SandboxFault::Kind::Latency)
            delayMs += fault.latencyMs;
        else if (!outcome)
            outcome = fault;
    }

    // Whole milliseconds left, rounded down: a timer fires up to a millisecond after its time,
    // and rounding up as well made every answer about 1.5 ms later than the latency asked for.
    const auto remaining = [&arrival, &delayMs] {
        return int(qMax<qint64>(0, (qint64(delayMs) * 1000000 - arrival.nsecsElapsed()) / 1000000));
    };
    if (!outcome) {
        const SandboxResponse response = dispatch(request);
        answer(socket, responder, response, remaining());
        return;
    }
    switch (outcome->kind) {
    case SandboxFault::Kind::Latency:
        break;
    case SandboxFault::Kind::Hang:
        // Never answered: the responder is dropped (it writes nothing), the connection stays open
        // until the client gives up or stop() closes it.
        return;
    case SandboxFault::Kind::TooManyRequests:
        answer(socket, responder, tooManyRequests(*outcome), remaining());
        return;
    case SandboxFault::Kind::ServerError:
        answer(socket, responder, serverError(*outcome), remaining());
        return;
    case SandboxFault::Kind::MalformedJson: {
        SandboxResponse response = dispatch(request);
        response.status = 200;
        response.contentType = "application/json";
        response.body =
                response.body.size() > 2 ? response.body.left(response.body.size() / 2) : QByteArray("{\"");
        answer(socket, responder, response, remaining());
        return;
    }
    case SandboxFault::Kind::RedirectOtherOrigin: {
        QUrl target = q->otherOriginUrl();
        target.setPath(fullPath);
        if (httpRequest.url().hasQuery())
            target.setQuery(httpRequest.url().query(QUrl::FullyEncoded), QUrl::StrictMode);
        SandboxResponse response;
        response.status = 307;
        response.contentType.clear();
        response.headers.append({"Location", target.toEncoded()});
        answer(socket, responder, response, remaining());
        return;
    }
    }
    const SandboxResponse response = dispatch(request);
    answer(socket, responder, response, remaining());
}

SandboxResponse SandboxServer::Private::control(const SandboxRequest &request)
{
    const QString path = request.path.mid(kControlPrefix.size());
    auto faultList = [this] {
        QJsonArray array;
        for (const ActiveFault &active : std::as_const(faults)) {
            SandboxFault fault = active.fault;
            fault.count = active.remaining;
            array.append(fault.toJson());
        }
        return SandboxResponse::json(QJsonObject{{QStringLiteral("faults"), array}});
    };
    auto invalid = [](const QString &message) {
        return SandboxResponse::json(QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_fault")},
                                                 {QStringLiteral("message"), message}},
                                     400);
    };

    if (path == QLatin1String("/faults")) {
        if (request.method == "GET")
            return faultList();
        if (request.method == "DELETE") {
            faults.clear();
            return faultList();
        }
        if (request.method == "POST") {
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
            if (parseError.error != QJsonParseError::NoError)
                return invalid(QStringLiteral("The body is not JSON: %1").arg(parseError.errorString()));
            QJsonArray items;
            if (document.isArray())
                items = document.array();
            else if (document.object().contains(QStringLiteral("faults")))
                items = document.object().value(QStringLiteral("faults")).toArray();
            else
                items.append(document.object());
            QList<SandboxFault> parsed;
            for (const QJsonValue &item : std::as_const(items)) {
                QString message;
                const auto fault = SandboxFault::fromJson(item.toObject(), &message);
                if (!fault)
                    return invalid(message);
                parsed.append(*fault);
            }
            for (const SandboxFault &fault : std::as_const(parsed))
                q->addFault(fault);
            return faultList();
        }
    } else if (path == QLatin1String("/requests")) {
        if (request.method == "GET") {
            const auto vendorFilter = request.hasQuery(QStringLiteral("vendor"))
                    ? Vendors::fromId(request.queryValue(QStringLiteral("vendor")))
                    : std::nullopt;
            QJsonArray array;
            for (const SandboxRecordedRequest &recorded : std::as_const(log)) {
                if (!vendorFilter || recorded.vendor == *vendorFilter)
                    array.append(recorded.toJson());
            }
            return SandboxResponse::json(QJsonObject{{QStringLiteral("requests"), array}});
        }
    } else if (path == QLatin1String("/outreach2day") && outreach2day) {
        return outreach2day->control(request);
    } else if (path == QLatin1String("/unloopa") && unloopa) {
        return unloopa->control(request);
    } else if (path == QLatin1String("/unlimcall") && unlimcall) {
        return unlimcall->webhooks()->control(request);
    } else if (path == QLatin1String("/unlimcall/deliveries") && unlimcall) {
        if (request.method == "GET")
            return unlimcall->webhooks()->deliveriesView();
    } else if (path == QLatin1String("/reset")) {
        if (request.method == "POST") {
            faults.clear();
            log.clear();
            if (outreach2day)
                outreach2day->resetSwitches();
            if (unloopa)
                unloopa->resetSwitches();
            if (unlimcall)
                unlimcall->webhooks()->resetSwitches();
            return SandboxResponse::json(QJsonObject{{QStringLiteral("ok"), true}});
        }
    } else {
        return SandboxResponse::json(
                QJsonObject{{QStringLiteral("error"), QStringLiteral("not_found")},
                            {QStringLiteral("message"),
                             QStringLiteral("No control endpoint %1.").arg(request.path)}},
                404);
    }
    return SandboxResponse::json(QJsonObject{{QStringLiteral("error"), QStringLiteral("method_not_allowed")}},
                                 405);
}

// ---------------------------------------------------------------------------------------------
// SandboxServer

SandboxServer::SandboxServer(QObject *parent) : SandboxServer(Options(), parent) { }

SandboxServer::SandboxServer(const Options &options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this)), m_options(options)
{
    d->latencyMs = options.latencyMs;
}

SandboxServer::~SandboxServer()
{
    stop();
    // Routes capture the modules; drop them before the modules (children) go.
    d->routes.clear();
}

bool SandboxServer::start()
{
    if (d->http)
        return true;
    d->errorString.clear();

    // The modules register their routes once and keep their state across stop()/start().
    if (!d->unloopa) {
        d->unloopa = new UnloopaSandbox(this, this);
        d->unlimcall = new UnlimCallSandbox(this, this);
        d->verloop = new VerloopSandbox(this, this);
        d->outreach2day = new Outreach2daySandbox(this, m_options.outreachClockSpeed, this);
    }

    Private *priv = d.get();
    d->http = new SandboxHttpServer([priv](const QHttpServerRequest &request, QTcpSocket *socket,
                                           SandboxHttpServer::Responder responder) {
        priv->handle(request, socket, std::move(responder));
    });
    d->port = d->http->listen(m_options.address, m_options.port);
    if (d->port != 0)
        d->otherPort = d->http->listen(m_options.address, 0);
    if (d->port == 0 || d->otherPort == 0) {
        d->errorString = tr("Cannot listen on %1 port %2.")
                                 .arg(m_options.address.toString(), QString::number(m_options.port));
        delete d->http;
        d->http = nullptr;
        d->port = d->otherPort = 0;
        return false;
    }
    return true;
}

void SandboxServer::stop()
{
    if (!d->http)
        return;
    SandboxHttpServer *http = std::exchange(d->http, nullptr);
    http->shutDown(); // closes listeners and every connection, hung ones included
    if (d->handlingDepth > 0)
        http->deleteLater(); // stop() called from a requestReceived slot: still on the stack
    else
        delete http;
    d->port = d->otherPort = 0;
}

bool SandboxServer::isRunning() const
{
    return d->http != nullptr;
}

QString SandboxServer::errorString() const
{
    return d->errorString;
}

quint16 SandboxServer::port() const
{
    return d->port;
}

quint16 SandboxServer::otherOriginPort() const
{
    return d->otherPort;
}

static QString hostForUrl(const QHostAddress &address)
{
    if (address == QHostAddress::LocalHost || address == QHostAddress::Any ||
        address == QHostAddress::AnyIPv4)
        return QStringLiteral("127.0.0.1");
    if (address == QHostAddress::LocalHostIPv6 || address == QHostAddress::AnyIPv6)
        return QStringLiteral("::1");
    return address.toString();
}

QUrl SandboxServer::baseUrl(Vendor vendor) const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(hostForUrl(m_options.address));
    url.setPort(d->port);
    url.setPath(basePath(vendor));
    return url;
}

QUrl SandboxServer::unlimcallIssuerUrl() const
{
    QUrl url = baseUrl(Vendor::UnlimCall);
    url.setPath(kUnlimCallIssuerPath);
    return url;
}

QUrl SandboxServer::unlimcallTokenUrl() const
{
    QUrl url = baseUrl(Vendor::UnlimCall);
    url.setPath(kUnlimCallIssuerPath + QStringLiteral("/oauth/token"));
    return url;
}

QUrl SandboxServer::otherOriginUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(hostForUrl(m_options.address));
    url.setPort(d->otherPort);
    url.setPath(QStringLiteral("/"));
    return url;
}

QByteArray SandboxServer::demoToken(Vendor vendor)
{
    // Deliberately not shaped like live keys (no 16+ alphanumeric run after the prefix).
    switch (vendor) {
    case Vendor::Unloopa:
        return "unlpa_live_demo-sandbox-key";
    case Vendor::UnlimCall:
        return "unl_live_demo-sandbox-token";
    case Vendor::Verloop:
        return "verloop-demo-sandbox-token";
    case Vendor::Outreach2day:
        return "ot2d_demo-sandbox-key";
    }
    Q_UNREACHABLE();
}

QString SandboxServer::demoVerloopClientId()
{
    return QStringLiteral("demo-sandbox");
}

QString SandboxServer::demoOutreachWorkspaceId()
{
    return QStringLiteral("4242");
}

QByteArray SandboxServer::limitedScopeToken(Vendor vendor)
{
    if (vendor == Vendor::UnlimCall)
        return "unl_live_demo-no-scopes";
    return {};
}

void SandboxServer::route(Vendor vendor, const QByteArray &method, const QString &pattern,
                          SandboxHandler handler)
{
    d->routes.append(Route{vendor, method.toUpper(), pattern, segmentsOf(pattern), std::move(handler)});
}

void SandboxServer::addFault(const SandboxFault &fault)
{
    d->faults.append(ActiveFault{fault, fault.count > 0 ? fault.count : -1});
}

void SandboxServer::clearFaults()
{
    d->faults.clear();
}

void SandboxServer::setLatency(int milliseconds)
{
    d->latencyMs = qMax(0, milliseconds);
}

QList<SandboxFault> SandboxServer::faults() const
{
    QList<SandboxFault> result;
    for (const ActiveFault &active : std::as_const(d->faults)) {
        SandboxFault fault = active.fault;
        fault.count = active.remaining;
        result.append(fault);
    }
    return result;
}

int SandboxServer::latency() const
{
    return d->latencyMs;
}

QList<SandboxRecordedRequest> SandboxServer::requests() const
{
    return d->log;
}

int SandboxServer::requestCount(Vendor vendor, const QByteArray &method, const QString &path) const
{
    return int(std::count_if(d->log.cbegin(), d->log.cend(), [&](const SandboxRecordedRequest &r) {
        return r.vendor == vendor && r.method == method && r.path == path && !r.otherOrigin;
    }));
}

void SandboxServer::clearRequests()
{
    d->log.clear();
}

void SandboxServer::setCredentialCheck(Vendor vendor, std::function<bool(const SandboxRequest &)> accepts)
{
    d->credentialChecks.insert(int(vendor), std::move(accepts));
}

bool SandboxServer::isAuthorized(Vendor vendor, const SandboxRequest &request) const
{
    const auto check = d->credentialChecks.constFind(int(vendor));
    if (check != d->credentialChecks.constEnd() && (*check)(request))
        return true;
    const QByteArray authorization = request.header("Authorization").trimmed();
    auto bearer = [&authorization](const QByteArray &token) {
        return authorization.size() == token.size() + 7 && authorization.startsWith("Bearer ") &&
                authorization.endsWith(token);
    };
    switch (vendor) {
    case Vendor::Verloop:
        return authorization == demoToken(vendor); // raw token, no scheme
    case Vendor::UnlimCall:
        // The scope-less token may identify itself (GET /me: "scope: any valid token") only.
        if (bearer(limitedScopeToken(vendor)))
            return request.method == "GET" && request.path == QLatin1String("/me");
        return bearer(demoToken(vendor));
    case Vendor::Unloopa:
    case Vendor::Outreach2day:
        return bearer(demoToken(vendor));
    }
    Q_UNREACHABLE();
}

bool SandboxServer::hasScope(Vendor vendor, const SandboxRequest &request, const QString &scope) const
{
    Q_UNUSED(scope);
    // The demo token carries every scope; the limited-scope token none.
    const QByteArray limited = limitedScopeToken(vendor);
    if (!limited.isEmpty() && request.header("Authorization").trimmed() == QByteArray("Bearer " + limited))
        return false;
    return isAuthorized(vendor, request);
}

SandboxResponse SandboxServer::error(Vendor vendor, int status, const QString &code, const QString &message,
                                     const QJsonObject &details)
{
    QJsonObject body;
    switch (vendor) {
    case Vendor::Unloopa:
        body.insert(QStringLiteral("error"),
                    QJsonObject{{QStringLiteral("code"), code},
                                {QStringLiteral("message"), message},
                                {QStringLiteral("details"), details}});
        break;
    case Vendor::UnlimCall:
    case Vendor::Outreach2day:
        body.insert(QStringLiteral("error"), code);
        body.insert(QStringLiteral("message"), message);
        if (!details.isEmpty())
            body.insert(QStringLiteral("detail"), details);
        break;
    case Vendor::Verloop: {
        body.insert(QStringLiteral("code"), code);
        body.insert(QStringLiteral("msg"), message);
        if (!details.isEmpty()) {
            // Twirp meta values are strings.
            QJsonObject meta;
            for (auto it = details.begin(); it != details.end(); ++it)
                meta.insert(it.key(), it.value().toVariant().toString());
            body.insert(QStringLiteral("meta"), meta);
        }
        break;
    }
    }
    return SandboxResponse::json(body, status);
}

QRandomGenerator SandboxServer::generator(const QByteArray &stream) const
{
    return generator(m_options.seed, stream);
}

QRandomGenerator SandboxServer::generator(quint64 seed, const QByteArray &stream)
{
    const quint64 streamHash = stableHash(stream);
    const quint32 seeds[4] = {quint32(seed), quint32(seed >> 32), quint32(streamHash),
                              quint32(streamHash >> 32)};
    return QRandomGenerator(seeds, 4);
}

QString SandboxServer::randomUuid(QRandomGenerator &generator)
{
    QByteArray bytes(16, Qt::Uninitialized);
    for (int i = 0; i < 16; i += 4) {
        const quint32 word = generator.generate();
        for (int j = 0; j < 4; ++j)
            bytes[i + j] = char((word >> (8 * j)) & 0xff);
    }
    bytes[6] = char((quint8(bytes[6]) & 0x0f) | 0x40); // version 4
    bytes[8] = char((quint8(bytes[8]) & 0x3f) | 0x80); // RFC 4122 variant
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

UnloopaSandbox *SandboxServer::unloopa() const
{
    return d->unloopa;
}

UnlimCallSandbox *SandboxServer::unlimcall() const
{
    return d->unlimcall;
}

VerloopSandbox *SandboxServer::verloop() const
{
    return d->verloop;
}

Outreach2daySandbox *SandboxServer::outreach2day() const
{
    return d->outreach2day;
}
