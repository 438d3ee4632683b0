#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

class JsonScanner;

// UnlimCall's documented payloads (UnlimCall API Reference v1 and its OpenAPI description) as
// typed values. Parsing is tolerant: a missing optional field takes its neutral value, a wrong
// type never crashes; required fields are checked by the service.
namespace UnlimCall {

// The scopes a token can carry (docs: Authentication).
namespace Scope {
inline const QString ReadBalance = QStringLiteral("read:balance");
inline const QString ReadCdrs = QStringLiteral("read:cdrs");
inline const QString ReadAgents = QStringLiteral("read:agents");
inline const QString ReadNumbers = QStringLiteral("read:numbers");
inline const QString ReadInvoices = QStringLiteral("read:invoices");
inline const QString WriteCalls = QStringLiteral("write:calls");
inline const QString WriteHooks = QStringLiteral("write:hooks");
QStringList all();
QString describe(const QString &scope); // the docs' sentence for a scope
} // namespace Scope

// GET /me
struct Me
{
    QString customerId;
    QString companyName;
    QString primaryContactEmail;

    static std::optional<Me> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// GET /balance. `stale` means the figure is an old snapshot: show it as such.
struct Balance
{
    double balance = 0;
    QString currency;
    QString accountType; // "prepaid", "postpaid", ...
    std::optional<double> creditLimit; // null in the docs' example
    bool blocked = false;
    bool stale = false;

    static std::optional<Balance> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// One call detail record (GET /cdrs → calls[]). Times are UTC milliseconds since the epoch so a
// million of them stay small; money is kept in the vendor's integer cents.
struct Cdr
{
    QString id; // "1747852442.42"
    qint64 startMs = 0;
    int duration = 0; // total seconds
    int billsec = 0; // billable seconds
    QString src;
    QString dst;
    QString disposition; // ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION
    QString sipUsername;
    qint64 sellPriceCents = 0;
    QString currency;
    QString country;
    QString did; // empty when the API sent null

    bool isAnswered() const { return disposition == QLatin1String("ANSWERED"); }
    QDateTime startTime() const { return QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC); }

    static std::optional<Cdr> fromJson(const QJsonObject &object);
    // The same record read straight from the text (the object `in` is at), by the same rules;
    // nothing when it is not one fromJson() would accept, or when `in` gave up.
    static std::optional<Cdr> scan(JsonScanner &in);
    QJsonObject toJson() const;
};

// GET /agents → agents[]: one SIP line.
struct Agent
{
    QString id;
    QString sipUsername;
    QString label;
    QDateTime createdAt;

    static std::optional<Agent> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// POST /calls. `toNumber` (and `fromNumber` when set) must already be E.164: the caller
// normalises with PhoneNumbers, the service refuses anything else before sending.
struct CallRequest
{
    QString aiAgentId;
    QString toNumber;
    QString fromNumber;
    QJsonObject metadata;

    QJsonObject toJson() const;
};

struct CallQueued
{
    QString callId;
    QString status;

    static std::optional<CallQueued> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// POST /hooks: the five events a subscription may name.
QStringList hookEvents();
QString describeHookEvent(const QString &event);
constexpr int maxHookUrlLength = 512;

struct HookRequest
{
    QString event;
    QString targetUrl;
};

// The secret is shown once; callers store it in the keychain and drop it.
struct HookCreated
{
    QString id;
    QString secret;

    static std::optional<HookCreated> fromJson(const QJsonObject &object);
};

// Timestamps as UnlimCall expects them in /cdrs: ISO 8601 UTC with milliseconds and "Z".
QString isoTimestamp(qint64 msecsSinceEpoch);

} // namespace UnlimCall

Q_DECLARE_METATYPE(UnlimCall::Me)
Q_DECLARE_METATYPE(UnlimCall::Balance)
