#pragma once

#include "core/Vendor.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QRandomGenerator>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <optional>

class UnloopaSandbox;
class UnlimCallSandbox;
class VerloopSandbox;
class Outreach2daySandbox;
class SandboxHttpServer;

// One request as a vendor module sees it: the path is relative to the vendor's base URL, exactly
// as the vendor docs write it ("/leads/abc"), and {placeholders} of the route are captured.
struct SandboxRequest
{
    QByteArray method; // "GET", "POST", ...
    QString path;
    QUrlQuery query;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QHash<QString, QString> pathArgs; // "/leads/{id}" → pathArgs["id"]
    Vendor vendor = Vendor::Unloopa;

    QByteArray header(const QByteArray &name) const; // case-insensitive, empty if absent
    // The body as a JSON object; `ok` false when it is not a JSON object.
    QJsonObject jsonObject(bool *ok = nullptr) const;
    QString queryValue(const QString &key) const; // fully decoded
    bool hasQuery(const QString &key) const;
};

struct SandboxResponse
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;

    static SandboxResponse json(const QJsonObject &object, int status = 200);
    static SandboxResponse json(const QJsonDocument &document, int status = 200);
    static SandboxResponse noContent(); // 204
};

using SandboxHandler = std::function<SandboxResponse(const SandboxRequest &)>;

// Fault injection (used by tests, and available to an operator exploring demo mode).
struct SandboxFault
{
    enum class Kind {
        Latency, // answer normally after latencyMs
        TooManyRequests, // 429 in the vendor's envelope, with Retry-After: retryAfter (if set)
        ServerError, // `status` (default 503) in the vendor's envelope
        MalformedJson, // 200 with a truncated JSON body
        Hang, // accept the request, never answer (until the server stops)
        RedirectOtherOrigin, // 307 to the same path on the sandbox's second origin
    };
    Kind kind = Kind::Latency;
    Vendor vendor = Vendor::Unloopa;
    QString pathPrefix; // empty: every path of the vendor; else paths starting with it ("/quota")
    QByteArray method; // empty: any method
    int count = -1; // how many matching requests it affects; -1: until cleared
    int latencyMs = 0;
    int status = 503;
    QByteArray retryAfter; // raw Retry-After header value, e.g. "2" or an HTTP-date

    // The JSON form the control endpoint POST /_sandbox/faults takes (see SandboxServer.cpp):
    // {"kind":"too_many_requests","vendor":"unloopa","pathPrefix":"/quota","method":"GET",
    //  "count":1,"latencyMs":0,"status":503,"retryAfter":"2"}; only "kind" and "vendor" are required.
    QJsonObject toJson() const;
    static std::optional<SandboxFault> fromJson(const QJsonObject &object, QString *errorMessage = nullptr);
    static QString kindName(Kind kind); // "latency", "too_many_requests", ...
    static std::optional<Kind> kindFromName(const QString &name);
};

// A request the sandbox received (for tests: "was POST /calls sent exactly once?", "did the
// Authorization header reach the other origin?").
struct SandboxRecordedRequest
{
    Vendor vendor = Vendor::Unloopa;
    QByteArray method;
    QString path;
    QString query;
    QByteArray authorization; // as received (tests compare it; never logged)
    bool otherOrigin = false; // received on the second origin (redirect target)
    QDateTime receivedAt;

    // For GET /_sandbox/requests: the Authorization value itself is left out, only whether one
    // was sent and whether it carries a sandbox token.
    QJsonObject toJson() const;
};

// A stateful simulator of the four vendors' APIs over real HTTP on loopback, faithful to the
// vendors' public API references (listed in the README): same paths under each vendor's base
// path, request validation with each vendor's own error envelope and codes, the documented limits, and
// deterministic seeded data. It is the console's demo mode and every integration test's counterpart.
//
// Base URLs: http://127.0.0.1:<port>/unloopa/api/v1, /unlimcall/api/v1, /verloop/api/v1,
// /outreach2day. A second listener (another port = another origin) receives redirected requests.
// Control endpoints for tests in other processes live under /_sandbox/ (faults, request log,
// reset; loopback peers only): their JSON is documented at the top of SandboxServer.cpp.
//
// Order of handling: request log → faults (latency adds up; the first other matching fault decides
// the answer) → routing (unknown path 404, wrong method 405, in the vendor's envelope; Twirp's
// bad_route 404 for both) → authorization (the vendor's 401) → the module's handler.
class SandboxServer : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        quint64 seed = 20261122; // same seed, same data
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 0; // 0: any free port
        int latencyMs = 0; // added to every answer (benchmarks)
        // Data sizes: tests shrink them for speed; demo mode uses the realistic defaults.
        int unloopaLeadCount = 3000;
        int unlimcallCdrDays = 120;
        int unlimcallCdrsPerDay = 1800; // average; with a daily and weekly rhythm
        // Outreach2day sends on its own clock: 1 = real time, 0 = stands still until advanced
        // (tests), more = accelerated (POST /_sandbox/outreach2day changes it too).
        double outreachClockSpeed = 1.0;
    };

    explicit SandboxServer(QObject *parent = nullptr);
    explicit SandboxServer(const Options &options, QObject *parent = nullptr);
    ~SandboxServer() override;

    // Listens on loopback and installs the four vendor modules. False (and errorString()) when
    // the port cannot be bound.
    bool start();
    void stop();
    bool isRunning() const;
    QString errorString() const;
    quint16 port() const;
    quint16 otherOriginPort() const;
    const Options &options() const { return m_options; }

    QUrl baseUrl(Vendor vendor) const;
    QUrl otherOriginUrl() const;
    // UnlimCall's OAuth authorization server, laid out under /unlimcall as on the real host:
    // the issuer (/unlimcall), its token endpoint (/unlimcall/oauth/token) and its RFC 8414
    // metadata (/unlimcall/.well-known/oauth-authorization-server).
    QUrl unlimcallIssuerUrl() const;
    QUrl unlimcallTokenUrl() const;

    // The tokens the sandbox accepts (demo mode stores these; tests use them). Any other token is
    // answered with the vendor's 401.
    static QByteArray demoToken(Vendor vendor);
    static QString demoVerloopClientId();
    static QString demoOutreachWorkspaceId();
    // A token the sandbox accepts for /me but refuses elsewhere with 401 (UnlimCall missing scopes).
    static QByteArray limitedScopeToken(Vendor vendor);
    // The scopes the token of `request` grants (UnlimCall: "read:balance", "write:calls", ...). The
    // demo token has them all, the limited-scope token none (it may only call GET /me). The
    // framework already answers 401 for the limited token anywhere but /me.
    bool hasScope(Vendor vendor, const SandboxRequest &request, const QString &scope) const;

    // Vendor modules register their endpoints here. `pattern` is a documented endpoint path
    // relative to the vendor base URL, with {name} placeholders: "/leads/{id}".
    void route(Vendor vendor, const QByteArray &method, const QString &pattern, SandboxHandler handler);

    // Fault injection.
    void addFault(const SandboxFault &fault);
    void clearFaults();
    void setLatency(int milliseconds);

    QList<SandboxFault> faults() const;
    int latency() const;

    // Request log.
    QList<SandboxRecordedRequest> requests() const;
    int requestCount(Vendor vendor, const QByteArray &method, const QString &path) const;
    void clearRequests();

    // A module that issues credentials of its own (UnlimCall's OAuth access tokens; its token
    // endpoint authenticates the client itself) accepts them here, besides the demo tokens.
    void setCredentialCheck(Vendor vendor, std::function<bool(const SandboxRequest &)> accepts);

    // Everything a vendor module returns for "who is calling": true when the request carries the
    // vendor's accepted token in the vendor's scheme (Bearer, or raw for Verloop).
    bool isAuthorized(Vendor vendor, const SandboxRequest &request) const;
    // The vendor's own error envelope with its status code:
    //   Unloopa {"error":{"code","message","details"}}, UnlimCall {"error","message"},
    //   Verloop {"code","msg","meta"}, Outreach2day {"error","message"}.
    static SandboxResponse error(Vendor vendor, int status, const QString &code, const QString &message,
                                 const QJsonObject &details = {});

    // Deterministic data for the modules: a generator seeded from options().seed and the name of
    // the data stream ("unloopa.leads"), so each module's data does not depend on the others'.
    QRandomGenerator generator(const QByteArray &stream) const;
    static QRandomGenerator generator(quint64 seed, const QByteArray &stream);
    // A version-4 UUID ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx") drawn from `generator`.
    static QString randomUuid(QRandomGenerator &generator);

    // The vendor modules, for tests and demo controls (switch plan, count records, ...).
    UnloopaSandbox *unloopa() const;
    UnlimCallSandbox *unlimcall() const;
    VerloopSandbox *verloop() const;
    Outreach2daySandbox *outreach2day() const;

Q_SIGNALS:
    void requestReceived(const SandboxRecordedRequest &request);

private:
    friend class SandboxHttpServer;
    struct Private;
    std::unique_ptr<Private> d;
    Options m_options;
};
