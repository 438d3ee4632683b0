#pragma once

#include <QDate>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QString>
#include <QVector>

#include <map>
#include <optional>

class SandboxServer;
class UnlimCallWebhooks;
struct SandboxRequest;
struct SandboxResponse;

// UnlimCall as UnlimCall API Reference v1 and its OpenAPI description describe it: /me,
// /balance, /cdrs, /agents, POST /calls, POST /hooks, DELETE /hooks/{id}, plus the OAuth 2.0
// client-credentials token endpoint (POST /oauth/token, next to /api/v1) and its RFC 8414
// metadata (GET /.well-known/oauth-authorization-server).
//
// A call placed by POST /calls ends setOriginatedCdrDelayMs() later: its record appears in /cdrs
// and its events are delivered, signed, to the hooks subscribed to them (UnlimCallWebhooks).
//
// Call records: months of realistic traffic (options().unlimcallCdrDays × unlimcallCdrsPerDay on
// average, or setCdrsPerDay()) with a daily and weekly rhythm, campaign days well over 1000 calls
// (setCdrDensity() adds quiet weeks and burst days), many countries,
// dispositions and SIP lines. Each day is generated on first use from the seed and the day's
// number alone, so start-up costs nothing and the same day always holds the same calls. Calls
// "happen" in real time: a record is visible once its start time has passed.
//
// Choices where the docs are silent (kept simple and stated here):
//  - /cdrs returns the earliest rows in ascending start time (setCdrOrder() changes that), the
//    window being [from, till);
//  - limit above 1000 is capped at 1000 (the docs say "max 1000" but name no error); a limit that
//    is not a positive integer is invalid_input;
//  - a timestamp without a zone is read as UTC;
//  - a hook's target_url may be http:// when it is on this computer (127.0.0.1, ::1, localhost),
//    so a local receiver can be tested; anywhere else it must be https:// as documented.
class UnlimCallSandbox : public QObject
{
    Q_OBJECT
public:
    explicit UnlimCallSandbox(SandboxServer *server, QObject *parent = nullptr);
    ~UnlimCallSandbox() override;

    // --- Switches for tests and demo controls -------------------------------------------------
    void setSuspended(bool suspended); // GET /me → 403 suspended
    void setAccountProvisioned(bool provisioned); // /cdrs, /calls → 409 account_not_provisioned
    void setBalanceFetchFails(bool fails); // GET /balance → 500 internal_error
    void setBalance(double balance, const QString &currency = QStringLiteral("USD"),
                    const QString &accountType = QStringLiteral("prepaid"),
                    std::optional<double> creditLimit = std::nullopt, bool blocked = false,
                    bool stale = false);
    void setDialerEnabled(bool enabled); // POST /calls → 409 dialer_required when off
    void setEngineConfigured(bool configured); // POST /calls → 503 engine_not_configured when off
    void setOriginateFails(bool fails); // POST /calls → 502 originate_failed with a detail
    // How long after POST /calls the call's record appears in /cdrs.
    void setOriginatedCdrDelayMs(int milliseconds);
    // Which rows a full /cdrs answer holds, and in what order. The docs promise no order; the
    // default is the earliest rows, oldest first. The others prove a retrieval never depends on it.
    enum class CdrOrder {
        EarliestFirst,
        NewestFirst, // the latest `limit` rows, newest first
        Scattered, // any `limit` rows of the window, in no order
        NewestListedOldestFirst, // the latest `limit` rows, listed oldest first
    };
    void setCdrOrder(CdrOrder order);
    // How calls spread over the days, on top of the daily and weekly rhythm; the average per day
    // stays what setCdrsPerDay() (or the server's options) says.
    enum class CdrDensity {
        Uniform, // every week alike (occasional campaign days at about twice the level)
        SparseWeeks, // every third week (Monday-aligned) holds about 5% of a normal week's calls
        // Sparse weeks plus one day in 15 at about 9× the average (2,500 calls a day when the
        // average is 25,000 over 90 days), the rest of the days a little under the average.
        BurstyDays,
    };
    void setCdrDensity(CdrDensity density);
    // Average records per day (the record count of a window is this × its days, roughly).
    void setCdrsPerDay(int average);

    // --- OAuth 2.0 client credentials -------------------------------------------------------
    static QString demoClientId(); // may have every scope
    static QString readOnlyClientId(); // may have the read:* scopes only
    static QByteArray demoClientSecret(); // the secret of both demo clients
    void setOAuthTokenLifetimeSeconds(int seconds);
    void revokeOAuthTokens(); // every issued token answers 401 from now on
    int oauthTokensIssued() const { return m_tokensIssued; }

    // --- What the sandbox holds (the completeness test compares against these) ---------------
    // Records visible now whose start time is in [fromMs, tillMs).
    qint64 cdrCount(qint64 fromMs, qint64 tillMs) const;
    // Records of one UTC day (visible or not yet).
    int cdrCountOnDay(const QDate &day) const;
    QDate firstDataDay() const { return m_firstDay; }
    int activeHookCount() const;
    // The hooks, their deliveries, the clock retries follow and how the next call ends.
    UnlimCallWebhooks *webhooks() const { return m_webhooks; }
    QStringList agentIds() const;
    // The agent whose SIP extension is not set up yet (ai_agent_not_provisioned).
    static QString unprovisionedAgentId();

    struct Row; // a compact record (see the .cpp)

private:
    SandboxResponse me(const SandboxRequest &request);
    SandboxResponse balance(const SandboxRequest &request);
    SandboxResponse cdrs(const SandboxRequest &request);
    SandboxResponse agents(const SandboxRequest &request);
    SandboxResponse calls(const SandboxRequest &request);
    SandboxResponse createHook(const SandboxRequest &request);
    SandboxResponse deleteHook(const SandboxRequest &request);
    SandboxResponse token(const SandboxRequest &request);
    SandboxResponse authorizationServerMetadata() const;

    // Empty when the request may use `scope`; else the 401 to send.
    std::optional<SandboxResponse> refuseScope(const SandboxRequest &request, const QString &scope) const;
    bool acceptsCredential(const SandboxRequest &request) const;

    const QVector<Row> &day(qint64 dayNumber) const;
    double densityFactor(qint64 dayNumber) const; // the day's share under m_cdrDensity, mean 1
    void appendRows(qint64 fromMs, qint64 tillMs, qint64 nowMs, int limit, QVector<const Row *> &out) const;

    struct OAuthToken
    {
        QStringList scopes;
        qint64 expiresAtMs = 0;
    };

    SandboxServer *m_server;
    QDate m_firstDay;
    mutable QMutex m_daysMutex;
    mutable std::map<qint64, QVector<Row>> m_days; // node-based: references stay valid
    QVector<Row> m_originated; // records of POST /calls, sorted by start time
    UnlimCallWebhooks *m_webhooks;
    int m_hooksCreated = 0;
    QHash<QByteArray, OAuthToken> m_tokens;
    int m_tokensIssued = 0;
    int m_tokenLifetimeSeconds = 3600;
    int m_originatedDelayMs = 1500;
    int m_originatedSequence = 0;

    bool m_suspended = false;
    bool m_provisioned = true;
    bool m_balanceFails = false;
    bool m_dialerEnabled = true;
    bool m_engineConfigured = true;
    bool m_originateFails = false;
    CdrOrder m_cdrOrder = CdrOrder::EarliestFirst;
    CdrDensity m_cdrDensity = CdrDensity::Uniform;
    int m_cdrsPerDay = 0;
    QJsonObject m_balance;
};
