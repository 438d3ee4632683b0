#include "UnlimCallService.h"

#include "OAuthClientCredentials.h"

#include "core/ApiCall.h"
#include "core/Iso8601.h"
#include "core/JsonScanner.h"
#include "core/UrlPolicy.h"
#include "core/VendorClient.h"
#include "phone/PhoneNumbers.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTimer>

#include <climits>
#include <cmath>

using namespace UnlimCall;

namespace {

ApiError malformed(const QString &what, const QString &advice = {})
{
    return ApiError::malformed(Vendor::UnlimCall, what, advice);
}

// The token works (/me answered) but the endpoint refused it: a scope is missing.
ApiError missingScope(ApiError error, const QString &scope)
{
    error.code = QStringLiteral("missing_scope");
    error.explanation =
            QStringLiteral(
                    "The UnlimCall token is valid but lacks the “%1” scope this needs (%2). Mint a token "
                    "that includes it at /settings/integrations in the UnlimCall portal (or allow it "
                    "for the OAuth client) and save it under Accounts.")
                    .arg(scope, Scope::describe(scope).chopped(1).toLower());
    return error;
}

template<typename T>
Result<T> failure(const ApiResponse &response)
{
    return Result<T>(response.error);
}

bool isE164(const QString &number)
{
    const auto normalised = PhoneNumbers::toE164(number);
    return normalised && *normalised == number;
}

} // namespace

UnlimCallService::UnlimCallService(VendorClient *client, QObject *parent) : QObject(parent), m_client(client)
{
    Q_ASSERT(client);
}

ApiReply *UnlimCallService::send(const ApiCall &call, const QString &scope, const QObject *context,
                                 RawCallback done, bool isAuthRetry)
{
    if (!m_client)
        return nullptr;
    QPointer<const QObject> guard(context);
    return m_client->send(call, this,
                          [this, call, scope, guard, done, isAuthRetry](const ApiResponse &response) {
                              if (!guard)
                                  return;
                              if (!response.error.isAuthFailure() || !m_client) {
                                  done(response);
                                  return;
                              }
                              // An OAuth token may have expired or been revoked: the core has forgotten it,
                              // so one more try fetches a fresh one. Never for a request that spends money.
                              auto *oauth = dynamic_cast<OAuthClientCredentials *>(m_client->authenticator());
                              if (oauth && !isAuthRetry && !call.spendsOrContacts) {
                                  send(call, scope, guard.data(), done, true);
                                  return;
                              }
                              if (scope.isEmpty()) { // /me itself: the token is bad
                                  done(response);
                                  return;
                              }
                              m_client->send(ApiCall::get(QStringLiteral("/me")), this,
                                             [guard, done, response, scope](const ApiResponse &probe) {
                                                 if (!guard)
                                                     return;
                                                 if (!probe.ok()) {
                                                     done(response);
                                                     return;
                                                 }
                                                 ApiResponse diagnosed = response;
                                                 diagnosed.error = missingScope(response.error, scope);
                                                 done(diagnosed);
                                             });
                          });
}

void UnlimCallService::refuse(const QObject *context, std::function<void()> deliver)
{
    // Queued like every other answer, so callers never see a callback before the call returns.
    QTimer::singleShot(0, context, std::move(deliver));
}

ApiReply *UnlimCallService::fetchMe(const QObject *context, Callback<Me> done)
{
    return send(ApiCall::get(QStringLiteral("/me")), QString(), context, [done](const ApiResponse &response) {
        if (!response.ok())
            return done(failure<Me>(response));
        const auto me = Me::fromJson(response.object());
        done(me ? Result<Me>(*me) : Result<Me>(malformed(QStringLiteral("an account identity"))));
    });
}

ApiReply *UnlimCallService::fetchBalance(const QObject *context, Callback<Balance> done)
{
    return send(ApiCall::get(QStringLiteral("/balance")), Scope::ReadBalance, context,
                [done](const ApiResponse &response) {
                    if (!response.ok())
                        return done(failure<Balance>(response));
                    const auto balance = Balance::fromJson(response.object());
                    done(balance ? Result<Balance>(*balance)
                                 : Result<Balance>(malformed(QStringLiteral("a balance"))));
                });
}

namespace {

// A /cdrs answer as a page of records. Decoded on a worker thread (a full page is a thousand
// records), so it only reads its argument.
Result<UnlimCallService::CdrPage> readCdrPage(const QJsonDocument &json)
{
    const QJsonObject object = json.object();
    const QJsonValue calls = object.value(QLatin1String("calls"));
    if (!calls.isArray())
        return malformed(QStringLiteral("a call list"));
    UnlimCallService::CdrPage page;
    const QJsonArray array = calls.toArray();
    page.calls.reserve(array.size());
    for (const QJsonValue &value : array) {
        const auto cdr = Cdr::fromJson(value.toObject());
        if (!cdr)
            return malformed(QStringLiteral("a call record"));
        page.calls.append(*cdr);
    }
    page.count = object.value(QLatin1String("count")).toInt(int(page.calls.size()));
    return page;
}

// The same page read straight from the body: nothing when anything in it is unusual (then
// readCdrPage reads it and says what is wrong).
std::optional<UnlimCallService::CdrPage> scanCdrPage(QByteArrayView body)
{
    JsonScanner in(body);
    if (!in.enterObject())
        return std::nullopt;
    UnlimCallService::CdrPage page;
    bool hasCalls = false, hasCount = false;
    std::optional<double> count;
    QByteArrayView key;
    while (in.nextMember(key)) {
        if (key == "calls") {
            if (hasCalls || !in.enterArray())
                return std::nullopt;
            hasCalls = true;
            page.calls.reserve(qMin<qsizetype>(UnlimCallService::maxCdrLimit, body.size() / 200));
            while (in.nextElement()) {
                std::optional<Cdr> cdr = Cdr::scan(in);
                if (!cdr)
                    return std::nullopt;
                page.calls.append(std::move(*cdr));
            }
        } else if (key == "count") {
            if (hasCount)
                return std::nullopt;
            hasCount = true;
            double number = 0;
            const bool numeric = in.peek() == JsonScanner::Type::Number;
            if (numeric ? !in.readNumber(number) : !in.skipValue())
                return std::nullopt;
            if (numeric)
                count = number;
        } else if (!in.skipValue()) {
            return std::nullopt;
        }
    }
    if (in.failed() || !in.atEnd() || !hasCalls)
        return std::nullopt;
    // QJsonValue::toInt's rule: an integral number that fits, else the rows counted.
    page.count = int(page.calls.size());
    if (count && std::trunc(*count) == *count && *count >= INT_MIN && *count <= INT_MAX)
        page.count = int(*count);
    return page;
}

} // namespace

std::optional<QList<qint64>> UnlimCallService::glanceCdrStarts(QByteArrayView body)
{
    // Every "startTime" member: a key where an object starts or a member ends ({ or , before it;
    // inside a string its quotes would be escaped), then a string value in ISO 8601.
    static constexpr QByteArrayView key = "\"startTime\"";
    const auto isSpace = [](char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    };
    QList<qint64> starts;
    starts.reserve(qMin<qsizetype>(maxCdrLimit, body.size() / 200));
    for (qsizetype at = body.indexOf(key); at >= 0; at = body.indexOf(key, at + key.size())) {
        qsizetype before = at - 1;
        while (before >= 0 && isSpace(body.at(before)))
            --before;
        if (before < 0 || (body.at(before) != '{' && body.at(before) != ','))
            return std::nullopt;
        qsizetype pos = at + key.size();
        while (pos < body.size() && isSpace(body.at(pos)))
            ++pos;
        if (pos >= body.size() || body.at(pos) != ':')
            return std::nullopt;
        ++pos;
        while (pos < body.size() && isSpace(body.at(pos)))
            ++pos;
        if (pos >= body.size() || body.at(pos) != '"')
            return std::nullopt;
        const qsizetype end = body.indexOf('"', ++pos);
        if (end < 0 || end - pos > 40)
            return std::nullopt;
        const QByteArrayView text = body.sliced(pos, end - pos);
        if (text.contains('\\'))
            return std::nullopt;
        const std::optional<qint64> ms = Iso8601::toMsecs(QString::fromLatin1(text));
        if (!ms)
            return std::nullopt;
        starts.append(*ms);
    }
    return starts;
}

ApiReply *UnlimCallService::fetchCdrs(qint64 fromMs, qint64 tillMs, int limit, const QObject *context,
                                      Callback<CdrPage> done)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("from"), isoTimestamp(fromMs));
    query.addQueryItem(QStringLiteral("till"), isoTimestamp(tillMs));
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    const ApiCall call =
            ApiCall::get(QStringLiteral("/cdrs"), query)
                    .scannedBy([](QByteArrayView body) {
                        std::optional<CdrPage> page = scanCdrPage(body);
                        return page ? std::any(Result<CdrPage>(std::move(*page))) : std::any();
                    })
                    .decodedBy([](const QJsonDocument &json) { return std::any(readCdrPage(json)); });
    return send(call, Scope::ReadCdrs, context, [done](const ApiResponse &response) {
        if (!response.ok())
            return done(failure<CdrPage>(response));
        const auto *page = std::any_cast<Result<CdrPage>>(&response.decoded);
        done(page ? *page : readCdrPage(response.json));
    });
}

ApiReply *UnlimCallService::fetchAgents(const QObject *context, Callback<QList<Agent>> done)
{
    return send(ApiCall::get(QStringLiteral("/agents")), Scope::ReadAgents, context,
                [done](const ApiResponse &response) {
                    if (!response.ok())
                        return done(failure<QList<Agent>>(response));
                    const QJsonValue agents = response.object().value(QLatin1String("agents"));
                    if (!agents.isArray())
                        return done(malformed(QStringLiteral("an agent list")));
                    QList<Agent> list;
                    for (const QJsonValue &value : agents.toArray()) {
                        if (const auto agent = Agent::fromJson(value.toObject()))
                            list.append(*agent);
                    }
                    done(list);
                });
}

QString UnlimCallService::callRequestProblem(const CallRequest &request)
{
    static const QRegularExpression numeric(QStringLiteral("^[0-9]+$"));
    if (!numeric.match(request.aiAgentId).hasMatch())
        return QStringLiteral("Pick the AI agent that should run the call.");
    if (!isE164(request.toNumber)) {
        const QString why = PhoneNumbers::problem(request.toNumber);
        return why.isEmpty() ? QStringLiteral("The destination must be a valid phone number in E.164 form.")
                             : why;
    }
    if (!request.fromNumber.isEmpty() && !isE164(request.fromNumber))
        return QStringLiteral("The caller ID must be a valid phone number in E.164 form, or empty.");
    return {};
}

ApiReply *UnlimCallService::placeCall(const CallRequest &request, const QString &clearanceId,
                                      const QObject *context, Callback<CallQueued> done)
{
    const QString problem = callRequestProblem(request);
    if (!problem.isEmpty()) {
        refuse(context, [done, problem] {
            done(ApiError::local(Vendor::UnlimCall, QStringLiteral("invalid_number"), problem));
        });
        return nullptr;
    }
    // The answer's "callId" goes into the audit log with the outcome.
    const ApiCall call = ApiCall::post(QStringLiteral("/calls"), request.toJson())
                                 .contactingWith(clearanceId, QStringLiteral("callId"));
    return send(call, Scope::WriteCalls, context, [done](const ApiResponse &response) {
        if (!response.ok())
            return done(failure<CallQueued>(response));
        const auto queued = CallQueued::fromJson(response.object());
        done(queued ? Result<CallQueued>(*queued)
                    : Result<CallQueued>(
                              malformed(QStringLiteral("a call confirmation"),
                                        QStringLiteral("The call may have been placed: check the call "
                                                       "records before placing it again."))));
    });
}

QString UnlimCallService::hookRequestProblem(const HookRequest &request, const QUrl &apiBaseUrl)
{
    if (!hookEvents().contains(request.event))
        return QStringLiteral("Pick one of the five events.");
    if (request.targetUrl.size() > maxHookUrlLength)
        return QStringLiteral("The endpoint URL is %1 characters long; UnlimCall accepts at most %2.")
                .arg(request.targetUrl.size())
                .arg(maxHookUrlLength);
    const QUrl url(request.targetUrl, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("The endpoint must be a full https:// URL.");
    if (url.scheme() == QLatin1String("https"))
        return {};
    // UnlimCall itself accepts https only; the sandbox also posts to this computer over plain http,
    // so a local receiver can be tried without a tunnel.
    const bool onThisComputer =
            url.scheme() == QLatin1String("http") && UrlPolicy::isLoopbackHost(url.host());
    if (onThisComputer && UrlPolicy::isLoopbackHost(apiBaseUrl.host()))
        return {};
    if (onThisComputer)
        return QStringLiteral("UnlimCall delivers to https:// endpoints only; plain http:// to this computer "
                              "is for the sandbox. Register the https URL of a tunnel or reverse proxy "
                              "in front of the receiver.");
    return QStringLiteral("The endpoint must be a full https:// URL.");
}

ApiReply *UnlimCallService::createHook(const HookRequest &request, const QObject *context,
                                       Callback<HookCreated> done)
{
    const QString problem = hookRequestProblem(request, m_client ? m_client->baseUrl() : QUrl());
    if (!problem.isEmpty()) {
        refuse(context, [done, problem] {
            done(ApiError::local(Vendor::UnlimCall, QStringLiteral("invalid_input"), problem));
        });
        return nullptr;
    }
    const QJsonObject body{{QStringLiteral("event"), request.event},
                           {QStringLiteral("target_url"), request.targetUrl}};
    return send(ApiCall::post(QStringLiteral("/hooks"), body), Scope::WriteHooks, context,
                [done](const ApiResponse &response) {
                    if (!response.ok())
                        return done(failure<HookCreated>(response));
                    const auto created = HookCreated::fromJson(response.object());
                    done(created ? Result<HookCreated>(*created)
                                 : Result<HookCreated>(malformed(QStringLiteral("a subscription"))));
                });
}

ApiReply *UnlimCallService::deleteHook(const QString &hookId, const QObject *context, Callback<Done> done)
{
    const QString path = QStringLiteral("/hooks/") + QString::fromLatin1(QUrl::toPercentEncoding(hookId));
    return send(ApiCall::del(path), Scope::WriteHooks, context, [done](const ApiResponse &response) {
        if (!response.ok())
            return done(failure<Done>(response));
        done(Done{});
    });
}
