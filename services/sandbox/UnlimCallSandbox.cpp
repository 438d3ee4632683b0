#include "UnlimCallSandbox.h"

#include "SandboxServer.h"
#include "UnlimCallWebhooks.h"

#include "core/CivilDate.h"
#include "core/Iso8601.h"
#include "phone/PhoneNumbers.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QTimeZone>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>

namespace {

constexpr qint64 msPerDay = 24LL * 3600 * 1000;
constexpr qint64 maxWindowMs = 31 * msPerDay;
constexpr int maxLimit = 1000;
constexpr int defaultLimit = 100;

const char *const kDispositions[] = {"ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"};
enum Disposition : quint8 { Answered, NoAnswer, Busy, Failed, Congestion };

struct Country
{
    const char *name;
    const char *callingCode;
    const char *prefixes[9]; // leading digits of the national number (null-terminated list)
    int nationalLength; // digits after the calling code
    int weight; // share of traffic
    int centsPerMinute;
};

// Where the demo account calls, and what a started minute costs there.
const Country kCountries[] = {
        {"United States", "1", {"212", "415", "305", "512", "617", "312", "206", "303"}, 10, 300, 6},
        {"Canada", "1", {"416", "604", "514", "403"}, 10, 45, 6},
        {"United Kingdom", "44", {"20", "161", "121", "7700", "7911"}, 10, 110, 17},
        {"Germany", "49", {"30", "89", "40", "151", "160"}, 11, 90, 14},
        {"France", "33", {"1", "6", "7"}, 9, 55, 15},
        {"Spain", "34", {"91", "93", "6"}, 9, 40, 13},
        {"Italy", "39", {"06", "02", "3"}, 10, 30, 14},
        {"Netherlands", "31", {"20", "6"}, 9, 30, 13},
        {"Australia", "61", {"2", "3", "4"}, 9, 35, 19},
        {"Mexico", "52", {"55", "33"}, 10, 30, 11},
        {"Brazil", "55", {"119", "219"}, 11, 25, 16},
        {"India", "91", {"98", "99", "80"}, 10, 35, 9},
        {"Poland", "48", {"22", "5", "6"}, 9, 20, 10},
        {"Sweden", "46", {"8", "70"}, 9, 15, 12},
        {"Ireland", "353", {"1", "8"}, 9, 25, 15},
        {"Japan", "81", {"3", "90"}, 10, 15, 22},
        {"South Africa", "27", {"21", "82"}, 9, 12, 20},
        {"Israel", "972", {"3", "5"}, 9, 10, 18},
        {"Philippines", "63", {"2", "9"}, 10, 12, 21},
        {"United Arab Emirates", "971", {"4", "5"}, 9, 10, 28},
        {"Singapore", "65", {"6", "8", "9"}, 8, 12, 12},
        {"Switzerland", "41", {"44", "79"}, 9, 15, 19},
};
constexpr int kCountryCount = int(sizeof(kCountries) / sizeof(kCountries[0]));

struct Line
{
    const char *id;
    const char *sipUsername;
    const char *label;
    const char *createdAt;
    const char *callerId;
    const char *currency;
    int weight;
};

const Line kLines[] = {
        {"27", "unl_001", "SDR seat — Berlin", "2025-09-30T09:14:00Z", "+4930901820", "EUR", 8},
        {"28", "unl_002", "SDR seat — London", "2025-10-02T10:05:00Z", "+442071838750", "USD", 9},
        {"29", "unl_003", "AE seat — New York", "2025-10-02T14:41:00Z", "+12125550143", "USD", 6},
        {"30", "unl_004", "AI agent — Qualifier", "2025-10-09T08:00:00Z", "+14155550100", "USD", 26},
        {"31", "unl_005", "AI agent — Reminders", "2025-10-15T08:30:00Z", "+14155550101", "USD", 18},
        {"32", "unl_006", "SDR seat — Austin", "2025-10-20T15:12:00Z", "+15125550188", "USD", 7},
        {"33", "unl_007", "SDR seat — Madrid", "2025-11-03T09:00:00Z", "+34911234567", "EUR", 6},
        {"34", "unl_008", "AI agent — Renewals", "2025-11-10T07:45:00Z", "+14155550102", "USD", 14},
        {"35", "unl_009", "Support line — Dublin", "2025-11-12T11:20:00Z", "+35315550123", "USD", 5},
        {"36", "unl_010", "SDR seat — Sydney", "2025-11-18T22:10:00Z", "+61255501234", "USD", 4},
        {"37", "unl_011", "AI agent — Win-back", "2025-12-01T08:00:00Z", "+14155550103", "USD", 12},
        {"38", "unl_012", "AE seat — Toronto", "2025-12-04T13:30:00Z", "+14165550177", "USD", 5},
};
constexpr int kLineCount = int(sizeof(kLines) / sizeof(kLines[0]));
const char *const kUnprovisionedAgentId = "41";

// Numbers that receive inbound calls (those records carry `did`).
const char *const kDids[] = {"+14155550150", "+442071838751", "+4930901821", "+12125550199"};

// Calls per hour of the UTC day, relative: quiet nights, busy mornings and afternoons.
const double kHourWeights[24] = {0.08, 0.06, 0.05, 0.05, 0.06, 0.1, 0.2,  0.45, 1.0,  1.6,  1.75, 1.6,
                                 1.1,  1.45, 1.65, 1.6,  1.4,  1.0, 0.65, 0.4,  0.35, 0.25, 0.15, 0.1};
// Monday..Sunday.
const double kWeekdayWeights[7] = {1.15, 1.3, 1.25, 1.2, 1.0, 0.4, 0.25};

double uniform(QRandomGenerator &rng, double low, double high)
{
    return low + (high - low) * rng.generateDouble();
}

template<typename Weights>
int pick(QRandomGenerator &rng, const Weights &weights, double total)
{
    double r = rng.generateDouble() * total;
    int index = 0;
    for (double w : weights) {
        if (r < w)
            return index;
        r -= w;
        ++index;
    }
    return index - 1;
}

// An answer written into room made beforehand: appending piece by piece through QByteArray (each
// append goes through insert()) cost more than choosing the rows, and the sandbox builds answers
// one after another on its one thread, so a slow build delays the next request's answer too.
class JsonWriter
{
public:
    explicit JsonWriter(QByteArray &out) : m_out(out), m_used(out.size()) { }
    ~JsonWriter() { m_out.truncate(m_used); }

    // Room for `bytes` more.
    void reserve(qsizetype bytes)
    {
        if (m_used + bytes > m_out.size())
            m_out.resize(qMax(2 * m_out.size(), m_used + bytes));
    }
    template<size_t N>
    void literal(const char (&text)[N])
    {
        put(text, qsizetype(N - 1));
    }
    void text(const char *text) { put(text, qsizetype(std::strlen(text))); }
    // A string known to need no escaping (the sandbox's own constants).
    void quoted(const char *text)
    {
        put("\"", 1);
        this->text(text);
        put("\"", 1);
    }
    // `,"name":` and the value.
    template<size_t N>
    void member(const char (&key)[N], qint64 value)
    {
        literal(key);
        number(value);
    }
    template<size_t N>
    void member(const char (&key)[N], const char *value)
    {
        literal(key);
        quoted(value);
    }
    void put(const char *data, qsizetype size)
    {
        reserve(size);
        std::memcpy(m_out.data() + m_used, data, size_t(size));
        m_used += size;
    }
    void number(qint64 value)
    {
        reserve(24);
        char *at = m_out.data() + m_used;
        m_used += std::to_chars(at, at + 24, value).ptr - at;
    }
    // "2026-05-24T18:14:02.000Z" without QDateTime's formatting cost.
    void timestamp(qint64 ms)
    {
        qint64 days = ms >= 0 ? ms / msPerDay : -((-ms + msPerDay - 1) / msPerDay);
        qint64 rest = ms - days * msPerDay;
        const CivilDate::Ymd date = CivilDate::civilFromDays(days);
        const int hh = int(rest / 3600000);
        rest %= 3600000;
        const int mm = int(rest / 60000);
        rest %= 60000;
        const int ss = int(rest / 1000);
        const int mss = int(rest % 1000);
        if (date.year < 0 || date.year > 9999) {
            char buffer[64];
            const int length =
                    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
                                  static_cast<long long>(date.year), date.month, date.day, hh, mm, ss, mss);
            put(buffer, length);
            return;
        }
        // Digit by digit: snprintf cost more than everything else in a row.
        char text[] = "0000-00-00T00:00:00.000Z";
        const auto digits = [&text](int at, int width, long long value) {
            for (int i = at + width - 1; i >= at; --i, value /= 10)
                text[i] = char('0' + value % 10);
        };
        digits(0, 4, date.year);
        digits(5, 2, date.month);
        digits(8, 2, date.day);
        digits(11, 2, hh);
        digits(14, 2, mm);
        digits(17, 2, ss);
        digits(20, 3, mss);
        literal(text);
    }
    void string(const QString &value)
    {
        put("\"", 1);
        const QByteArray utf8 = value.toUtf8();
        for (char c : utf8) {
            if (c == '"' || c == '\\') {
                const char escaped[] = {'\\', c};
                put(escaped, 2);
            } else if (quint8(c) < 0x20) {
                char escaped[8];
                put(escaped, std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(quint8(c))));
            } else {
                put(&c, 1);
            }
        }
        put("\"", 1);
    }

private:
    QByteArray &m_out;
    qsizetype m_used;
};

QDateTime parseTimestamp(const QString &text, bool *ok)
{
    const QDateTime time = Iso8601::toDateTime(text.trimmed());
    *ok = time.isValid();
    return time;
}

SandboxResponse unlimcallError(int status, const QString &code, const QString &message)
{
    return SandboxServer::error(Vendor::UnlimCall, status, code, message);
}

QByteArray bearerToken(const SandboxRequest &request)
{
    const QByteArray authorization = request.header("Authorization").trimmed();
    if (!authorization.startsWith("Bearer "))
        return {};
    return authorization.mid(7).trimmed();
}

bool isE164(const QString &number)
{
    const auto normalised = PhoneNumbers::toE164(number);
    return normalised && *normalised == number;
}

QString countryName(const QString &e164)
{
    const QString region = PhoneNumbers::regionOf(e164);
    if (region.isEmpty())
        return QStringLiteral("Unknown");
    const QLocale::Territory territory = QLocale::codeToTerritory(region);
    return territory == QLocale::AnyTerritory ? region : QLocale::territoryToString(territory);
}

} // namespace

// A record, compact: a million of them fit in tens of megabytes.
struct UnlimCallSandbox::Row
{
    qint64 startMs = 0;
    qint64 visibleAtMs = 0; // a record exists once the call has ended
    qint32 duration = 0;
    qint32 billsec = 0;
    qint32 cents = 0;
    quint32 sequence = 0; // the part of the id after the dot
    quint64 national = 0; // destination (or, inbound, source) national number
    qint16 country = 0;
    quint8 disposition = Answered;
    quint8 line = 0;
    qint8 did = -1; // index into kDids for inbound calls
    QString dstText; // originated calls only: the number as given
    QString countryText; // originated calls only
};

UnlimCallSandbox::UnlimCallSandbox(SandboxServer *server, QObject *parent)
    : QObject(parent),
      m_server(server),
      m_webhooks(new UnlimCallWebhooks(server->generator("unlimcall.events"), this))
{
    const int days = qMax(1, server->options().unlimcallCdrDays);
    m_firstDay = QDateTime::currentDateTimeUtc().date().addDays(-(days - 1));
    m_cdrsPerDay = server->options().unlimcallCdrsPerDay;
    setBalance(42.7831);

    server->route(Vendor::UnlimCall, "GET", QStringLiteral("/me"),
                  [this](const SandboxRequest &r) { return me(r); });
    server->route(Vendor::UnlimCall, "GET", QStringLiteral("/balance"),
                  [this](const SandboxRequest &r) { return balance(r); });
    server->route(Vendor::UnlimCall, "GET", QStringLiteral("/cdrs"),
                  [this](const SandboxRequest &r) { return cdrs(r); });
    server->route(Vendor::UnlimCall, "GET", QStringLiteral("/agents"),
                  [this](const SandboxRequest &r) { return agents(r); });
    server->route(Vendor::UnlimCall, "POST", QStringLiteral("/calls"),
                  [this](const SandboxRequest &r) { return calls(r); });
    server->route(Vendor::UnlimCall, "POST", QStringLiteral("/hooks"),
                  [this](const SandboxRequest &r) { return createHook(r); });
    server->route(Vendor::UnlimCall, "DELETE", QStringLiteral("/hooks/{id}"),
                  [this](const SandboxRequest &r) { return deleteHook(r); });
    server->route(Vendor::UnlimCall, "POST", QStringLiteral("/oauth/token"),
                  [this](const SandboxRequest &r) { return token(r); });
    server->route(Vendor::UnlimCall, "GET", QStringLiteral("/.well-known/oauth-authorization-server"),
                  [this](const SandboxRequest &) { return authorizationServerMetadata(); });
    server->setCredentialCheck(Vendor::UnlimCall,
                               [this](const SandboxRequest &r) { return acceptsCredential(r); });
}

UnlimCallSandbox::~UnlimCallSandbox() = default;

// --- switches -----------------------------------------------------------------------------------

void UnlimCallSandbox::setSuspended(bool suspended)
{
    m_suspended = suspended;
}

void UnlimCallSandbox::setAccountProvisioned(bool provisioned)
{
    m_provisioned = provisioned;
}

void UnlimCallSandbox::setBalanceFetchFails(bool fails)
{
    m_balanceFails = fails;
}

void UnlimCallSandbox::setBalance(double balance, const QString &currency, const QString &accountType,
                                  std::optional<double> creditLimit, bool blocked, bool stale)
{
    m_balance = QJsonObject{
            {QStringLiteral("balance"), balance},
            {QStringLiteral("currency"), currency},
            {QStringLiteral("accountType"), accountType},
            {QStringLiteral("creditLimit"), creditLimit ? QJsonValue(*creditLimit) : QJsonValue()},
            {QStringLiteral("blocked"), blocked},
            {QStringLiteral("stale"), stale}};
}

void UnlimCallSandbox::setDialerEnabled(bool enabled)
{
    m_dialerEnabled = enabled;
}

void UnlimCallSandbox::setEngineConfigured(bool configured)
{
    m_engineConfigured = configured;
}

void UnlimCallSandbox::setOriginateFails(bool fails)
{
    m_originateFails = fails;
}

void UnlimCallSandbox::setCdrOrder(CdrOrder order)
{
    m_cdrOrder = order;
}

void UnlimCallSandbox::setCdrDensity(CdrDensity density)
{
    QMutexLocker locker(&m_daysMutex);
    if (m_cdrDensity == density)
        return;
    m_cdrDensity = density;
    m_days.clear(); // generated again on first use, with the new shape
}

void UnlimCallSandbox::setCdrsPerDay(int average)
{
    QMutexLocker locker(&m_daysMutex);
    if (m_cdrsPerDay == qMax(0, average))
        return;
    m_cdrsPerDay = qMax(0, average);
    m_days.clear();
}

void UnlimCallSandbox::setOriginatedCdrDelayMs(int milliseconds)
{
    m_originatedDelayMs = qMax(0, milliseconds);
}

QString UnlimCallSandbox::demoClientId()
{
    return QStringLiteral("cc-demo-client");
}

QString UnlimCallSandbox::readOnlyClientId()
{
    return QStringLiteral("cc-demo-readonly");
}

QByteArray UnlimCallSandbox::demoClientSecret()
{
    return "demo-sandbox-client-secret";
}

void UnlimCallSandbox::setOAuthTokenLifetimeSeconds(int seconds)
{
    m_tokenLifetimeSeconds = qMax(1, seconds);
}

void UnlimCallSandbox::revokeOAuthTokens()
{
    m_tokens.clear();
}

QString UnlimCallSandbox::unprovisionedAgentId()
{
    return QString::fromLatin1(kUnprovisionedAgentId);
}

QStringList UnlimCallSandbox::agentIds() const
{
    QStringList ids;
    for (const Line &line : kLines)
        ids.append(QString::fromLatin1(line.id));
    ids.append(unprovisionedAgentId());
    return ids;
}

int UnlimCallSandbox::activeHookCount() const
{
    return m_webhooks->activeHookCount();
}

// --- data ---------------------------------------------------------------------------------------

const QVector<UnlimCallSandbox::Row> &UnlimCallSandbox::day(qint64 dayNumber) const
{
    QMutexLocker locker(&m_daysMutex);
    const auto found = m_days.find(dayNumber);
    if (found != m_days.end())
        return found->second;

    QVector<Row> rows;
    const QDate date = QDate::fromJulianDay(dayNumber);
    if (date >= m_firstDay) {
        QRandomGenerator rng = SandboxServer::generator(m_server->options().seed,
                                                        "unlimcall.cdrs." + QByteArray::number(dayNumber));
        const qint64 dayStartMs = QDateTime(date, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        // Weekly rhythm, a slow season, day-to-day noise, and campaign days with twice the calls.
        double factor = kWeekdayWeights[date.dayOfWeek() - 1] * 7.0 / 6.55;
        factor *= 1.0 + 0.12 * std::sin(double(dayNumber) * 2 * 3.14159265358979 / 45.0);
        factor *= uniform(rng, 0.85, 1.15);
        if (rng.generateDouble() < 0.09)
            factor *= uniform(rng, 1.7, 2.3);
        factor *= densityFactor(dayNumber);
        const int count = int(std::lround(m_cdrsPerDay * factor));

        double hourTotal = 0;
        for (double w : kHourWeights)
            hourTotal += w;
        int countryTotal = 0;
        for (const Country &country : kCountries)
            countryTotal += country.weight;
        int lineTotal = 0;
        for (const Line &line : kLines)
            lineTotal += line.weight;
        const double dispositionWeights[5] = {52, 26, 9, 9, 4};

        rows.resize(count);
        for (Row &row : rows) {
            const int hour = pick(rng, kHourWeights, hourTotal);
            row.startMs = dayStartMs + hour * 3600000LL + rng.bounded(3600000);
        }
        std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.startMs < b.startMs; });
        for (int i = 0; i < count; ++i) {
            Row &row = rows[i];
            row.sequence = quint32(i);
            int weights[kCountryCount];
            for (int c = 0; c < kCountryCount; ++c)
                weights[c] = kCountries[c].weight;
            row.country = qint16(pick(rng, weights, double(countryTotal)));
            int lineWeights[kLineCount];
            for (int l = 0; l < kLineCount; ++l)
                lineWeights[l] = kLines[l].weight;
            row.line = quint8(pick(rng, lineWeights, double(lineTotal)));
            const Country &country = kCountries[row.country];
            int prefixCount = 0;
            while (country.prefixes[prefixCount])
                ++prefixCount;
            const char *prefix = country.prefixes[rng.bounded(prefixCount)];
            quint64 national = 0;
            int digits = 0;
            for (const char *p = prefix; *p; ++p, ++digits)
                national = national * 10 + quint64(*p - '0');
            for (; digits < country.nationalLength; ++digits)
                national = national * 10 + rng.bounded(10);
            row.national = national;
            row.did = rng.generateDouble() < 0.08 ? qint8(rng.bounded(4)) : qint8(-1);
            row.disposition = quint8(pick(rng, dispositionWeights, 100.0));
            switch (row.disposition) {
            case Answered: {
                // Log-normal-ish talk time: most calls a minute or two, a few long ones.
                const double talk = std::exp(uniform(rng, 2.6, 6.2));
                row.billsec = qBound(3, int(talk), 3600);
                row.duration = row.billsec + 4 + rng.bounded(22);
                const int minutes = (row.billsec + 59) / 60;
                row.cents = minutes * country.centsPerMinute / (row.did >= 0 ? 4 : 1);
                break;
            }
            case NoAnswer:
                row.duration = 18 + rng.bounded(30);
                break;
            case Busy:
                row.duration = 1 + rng.bounded(6);
                break;
            case Failed:
            case Congestion:
                row.duration = rng.bounded(4);
                break;
            }
            row.visibleAtMs = row.startMs + row.duration * 1000LL;
        }
    }
    return m_days.emplace(dayNumber, std::move(rows)).first->second;
}

double UnlimCallSandbox::densityFactor(qint64 dayNumber) const
{
    // Julian day 0 was a Monday: weeks counted this way start on Mondays. The pattern repeats
    // every 105 days (3 weeks × 15 days); its mean over one period scales it to a mean of 1.
    const auto raw = [this](qint64 day) {
        const bool quietWeek = (day / 7) % 3 == 1;
        switch (m_cdrDensity) {
        case CdrDensity::Uniform:
            return 1.0;
        case CdrDensity::SparseWeeks:
            return quietWeek ? 0.05 : 1.0;
        case CdrDensity::BurstyDays:
            return quietWeek ? 0.05 : day % 15 == 7 ? 10.0 : 1.0;
        }
        return 1.0;
    };
    double sum = 0;
    for (qint64 day = 0; day < 105; ++day)
        sum += raw(day);
    return raw(dayNumber) * 105 / sum;
}

void UnlimCallSandbox::appendRows(qint64 fromMs, qint64 tillMs, qint64 nowMs, int limit,
                                  QVector<const Row *> &out) const
{
    auto dayOf = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).date().toJulianDay();
    };
    const qint64 firstDay = qMax(dayOf(fromMs), m_firstDay.toJulianDay());
    const qint64 lastDay = dayOf(qMin(tillMs - 1, nowMs));
    for (qint64 number = firstDay; number <= lastDay && out.size() < limit; ++number) {
        const QVector<Row> &rows = day(number);
        auto it = std::lower_bound(rows.cbegin(), rows.cend(), fromMs,
                                   [](const Row &row, qint64 ms) { return row.startMs < ms; });
        for (; it != rows.cend() && it->startMs < tillMs && out.size() < limit; ++it) {
            if (it->visibleAtMs <= nowMs)
                out.append(&*it);
        }
    }
    // Originated calls (few) merge in by start time.
    bool merged = false;
    for (const Row &row : m_originated) {
        if (row.startMs >= fromMs && row.startMs < tillMs && row.visibleAtMs <= nowMs) {
            out.append(&row);
            merged = true;
        }
    }
    if (merged) {
        std::stable_sort(out.begin(), out.end(),
                         [](const Row *a, const Row *b) { return a->startMs < b->startMs; });
        if (out.size() > limit)
            out.resize(limit);
    }
}

qint64 UnlimCallSandbox::cdrCount(qint64 fromMs, qint64 tillMs) const
{
    QVector<const Row *> rows;
    appendRows(fromMs, tillMs, QDateTime::currentMSecsSinceEpoch(), std::numeric_limits<int>::max(), rows);
    return rows.size();
}

int UnlimCallSandbox::cdrCountOnDay(const QDate &date) const
{
    return int(day(date.toJulianDay()).size());
}

// --- authorization ------------------------------------------------------------------------------

bool UnlimCallSandbox::acceptsCredential(const SandboxRequest &request) const
{
    if (request.path == QLatin1String("/oauth/token"))
        return true; // the endpoint authenticates the client itself
    if (request.path == QLatin1String("/.well-known/oauth-authorization-server"))
        return true; // public metadata
    const auto token = m_tokens.constFind(bearerToken(request));
    return token != m_tokens.constEnd() && token->expiresAtMs > QDateTime::currentMSecsSinceEpoch();
}

std::optional<SandboxResponse> UnlimCallSandbox::refuseScope(const SandboxRequest &request,
                                                             const QString &scope) const
{
    const QByteArray bearer = bearerToken(request);
    const auto token = m_tokens.constFind(bearer);
    if (token == m_tokens.constEnd()) {
        // The framework has let only accepted tokens through; /me needs no scope.
        if (scope.isEmpty() || m_server->hasScope(Vendor::UnlimCall, request, scope))
            return std::nullopt;
        return unlimcallError(401, QStringLiteral("unauthorized"),
                              QStringLiteral("Token invalid or missing required scope %1.").arg(scope));
    }
    if (token->expiresAtMs <= QDateTime::currentMSecsSinceEpoch())
        return unlimcallError(401, QStringLiteral("unauthorized"), QStringLiteral("Token expired."));
    if (!scope.isEmpty() && !token->scopes.contains(scope))
        return unlimcallError(401, QStringLiteral("unauthorized"),
                              QStringLiteral("Token is missing required scope %1.").arg(scope));
    return std::nullopt;
}

// --- endpoints ----------------------------------------------------------------------------------

SandboxResponse UnlimCallSandbox::me(const SandboxRequest &request)
{
    if (const auto refused = refuseScope(request, QString()))
        return *refused;
    if (m_suspended)
        return unlimcallError(403, QStringLiteral("suspended"),
                              QStringLiteral("Account suspended — contact support."));
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("customerId"), QStringLiteral("1042")},
                        {QStringLiteral("companyName"), QStringLiteral("Acme Calling Co.")},
                        {QStringLiteral("primaryContactEmail"), QStringLiteral("ops@acme-calling.example")}});
}

SandboxResponse UnlimCallSandbox::balance(const SandboxRequest &request)
{
    if (const auto refused = refuseScope(request, QStringLiteral("read:balance")))
        return *refused;
    if (m_balanceFails)
        return unlimcallError(500, QStringLiteral("internal_error"),
                              QStringLiteral("Upstream snapshot fetch failed; retry."));
    return SandboxResponse::json(m_balance);
}

SandboxResponse UnlimCallSandbox::cdrs(const SandboxRequest &request)
{
    if (const auto refused = refuseScope(request, QStringLiteral("read:cdrs")))
        return *refused;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    qint64 fromMs = nowMs - msPerDay;
    qint64 tillMs = nowMs;
    for (const char *name : {"from", "till"}) {
        const QString key = QString::fromLatin1(name);
        if (!request.hasQuery(key))
            continue;
        bool ok = false;
        const QDateTime time = parseTimestamp(request.queryValue(key), &ok);
        if (!ok)
            return unlimcallError(400, QStringLiteral("invalid_timestamp"),
                                  QStringLiteral("`%1` is not parseable.").arg(key));
        (key == QLatin1String("from") ? fromMs : tillMs) = time.toMSecsSinceEpoch();
    }
    if (tillMs <= fromMs)
        return unlimcallError(400, QStringLiteral("till_must_be_after_from"),
                              QStringLiteral("Window has zero or negative length."));
    if (tillMs - fromMs > maxWindowMs)
        return unlimcallError(400, QStringLiteral("window_too_wide"),
                              QStringLiteral("Window exceeds 31 days. Page the requests."));
    int limit = defaultLimit;
    if (request.hasQuery(QStringLiteral("limit"))) {
        bool ok = false;
        limit = request.queryValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1)
            return unlimcallError(400, QStringLiteral("invalid_input"),
                                  QStringLiteral("`limit` must be a positive integer (max 1000)."));
        limit = qMin(limit, maxLimit);
    }
    if (!m_provisioned)
        return unlimcallError(409, QStringLiteral("account_not_provisioned"),
                              QStringLiteral("Account has no trunk allocated yet."));

    QVector<const Row *> rows;
    if (m_cdrOrder == CdrOrder::EarliestFirst) {
        rows.reserve(limit);
        appendRows(fromMs, tillMs, nowMs, limit, rows);
    } else {
        appendRows(fromMs, tillMs, nowMs, std::numeric_limits<int>::max(), rows);
        if (m_cdrOrder == CdrOrder::NewestFirst) {
            std::reverse(rows.begin(), rows.end());
        } else if (m_cdrOrder == CdrOrder::NewestListedOldestFirst) {
            if (rows.size() > limit)
                rows.remove(0, rows.size() - limit);
        } else {
            // The same window always gives the same rows (a retry sees what the first try saw).
            std::mt19937_64 shuffle(quint64(fromMs) * 31 + quint64(tillMs));
            std::shuffle(rows.begin(), rows.end(), shuffle);
        }
        if (rows.size() > limit)
            rows.resize(limit);
    }

    // Written by hand: this is the sandbox's hot path (benchmarks pull hundreds of thousands).
    QByteArray body;
    body.reserve(64 + rows.size() * 300);
    {
        JsonWriter out(body);
        out.literal("{\"count\":");
        out.number(rows.size());
        out.literal(",\"calls\":[");
        for (int i = 0; i < rows.size(); ++i) {
            const Row &row = *rows.at(i);
            const Line &line = kLines[row.line];
            const Country &country = kCountries[row.country];
            const bool inbound = row.did >= 0;
            const auto external = [&] {
                if (row.dstText.isEmpty()) {
                    out.literal("\"+");
                    out.text(country.callingCode);
                    out.number(qint64(row.national));
                    out.literal("\"");
                } else {
                    out.string(row.dstText);
                }
            };
            if (i)
                out.literal(",");
            out.literal("{\"id\":\"");
            out.number(row.startMs / 1000);
            out.literal(".");
            out.number(row.sequence);
            out.literal("\",\"startTime\":\"");
            out.timestamp(row.startMs);
            out.literal("\"");
            out.member(",\"duration\":", row.duration);
            out.member(",\"billsec\":", row.billsec);
            out.literal(",\"src\":");
            if (inbound)
                external();
            else
                out.quoted(line.callerId);
            out.literal(",\"dst\":");
            if (inbound)
                out.quoted(kDids[row.did]);
            else
                external();
            out.member(",\"disposition\":", kDispositions[row.disposition]);
            out.member(",\"sipUsername\":", line.sipUsername);
            out.member(",\"sellPriceCents\":", row.cents);
            out.member(",\"currency\":", line.currency);
            out.literal(",\"country\":");
            if (row.countryText.isEmpty())
                out.quoted(country.name);
            else
                out.string(row.countryText);
            out.literal(",\"did\":");
            if (inbound)
                out.quoted(kDids[row.did]);
            else
                out.literal("null");
            out.literal("}");
        }
        out.literal("]}");
    }
    SandboxResponse response;
    response.body = std::move(body);
    return response;
}

SandboxResponse UnlimCallSandbox::agents(const SandboxRequest &request)
{
    if (const auto refused = refuseScope(request, QStringLiteral("read:agents")))
        return *refused;
    QJsonArray list;
    for (const Line &line : kLines) {
        list.append(QJsonObject{{QStringLiteral("id"), QString::fromLatin1(line.id)},
                                {QStringLiteral("sipUsername"), QString::fromLatin1(line.sipUsername)},
                                {QStringLiteral("label"), QString::fromUtf8(line.label)},
                                {QStringLiteral("createdAt"), QString::fromLatin1(line.createdAt)}});
    }
    list.append(QJsonObject{
            {QStringLiteral("id"), unprovisionedAgentId()},
            {QStringLiteral("sipUsername"), QString()},
            {QStringLiteral("label"), QStringLiteral("AI agent — Onboarding (setup not finished)")},
            {QStringLiteral("createdAt"), QStringLiteral("2026-01-12T10:00:00Z")}});
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("count"), list.size()}, {QStringLiteral("agents"), list}});
}

SandboxResponse UnlimCallSandbox::calls(const SandboxRequest &request)
{
    if (const auto refused = refuseScope(request, QStringLiteral("write:calls")))
        return *refused;
    bool isObject = false;
    const QJsonObject body = request.jsonObject(&isObject);
    auto invalid = [](const QString &message) {
        return unlimcallError(400, QStringLiteral("invalid_input"), message);
    };
    if (!isObject)
        return invalid(QStringLiteral("Body is not JSON."));
    static const QRegularExpression numeric(QStringLiteral("^[0-9]+$"));
    const QString agentId = body.value(QLatin1String("aiAgentId")).toString();
    if (!numeric.match(agentId).hasMatch())
        return invalid(QStringLiteral("`aiAgentId` must be a numeric string."));
    const QString toNumber = body.value(QLatin1String("toNumber")).toString();
    if (!isE164(toNumber))
        return invalid(QStringLiteral("`toNumber` must be a valid E.164 number."));
    const QJsonValue fromNumber = body.value(QLatin1String("fromNumber"));
    if (!fromNumber.isUndefined() && !(fromNumber.isString() && isE164(fromNumber.toString())))
        return invalid(QStringLiteral("`fromNumber` must be a valid E.164 number."));
    const QJsonValue metadata = body.value(QLatin1String("metadata"));
    if (!metadata.isUndefined() && !metadata.isObject())
        return invalid(QStringLiteral("`metadata` must be an object."));

    if (!m_provisioned)
        return unlimcallError(409, QStringLiteral("account_not_provisioned"),
                              QStringLiteral("Account has no trunk allocated yet."));
    int lineIndex = -1;
    for (int i = 0; i < kLineCount; ++i) {
        if (agentId == QLatin1String(kLines[i].id))
            lineIndex = i;
    }
    if (agentId == unprovisionedAgentId())
        return unlimcallError(409, QStringLiteral("ai_agent_not_provisioned"),
                              QStringLiteral("Agent has no SIP extension yet — finish setup first."));
    if (lineIndex < 0)
        return unlimcallError(404, QStringLiteral("ai_agent_not_found"),
                              QStringLiteral("No agent with that ID on this account."));
    if (!m_dialerEnabled)
        return unlimcallError(409, QStringLiteral("dialer_required"),
                              QStringLiteral("Outbound originates require the dialer add-on."));
    if (!m_engineConfigured)
        return unlimcallError(503, QStringLiteral("engine_not_configured"),
                              QStringLiteral("Origination not available in this environment."));
    if (m_originateFails) {
        QJsonObject envelope{
                {QStringLiteral("error"), QStringLiteral("originate_failed")},
                {QStringLiteral("message"), QStringLiteral("Upstream rejected the originate.")},
                {QStringLiteral("detail"), QStringLiteral("SIP 503 from carrier: destination unreachable")}};
        return SandboxResponse::json(envelope, 502);
    }

    // The call happens; its record shows up in /cdrs a little later.
    QRandomGenerator rng = SandboxServer::generator(
            m_server->options().seed, "unlimcall.calls." + QByteArray::number(m_originatedSequence));
    const QString callId = SandboxServer::randomUuid(rng);
    Row row;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    row.startMs = nowMs;
    row.line = quint8(lineIndex);
    row.sequence = quint32(900000 + m_originatedSequence++);
    row.disposition = Answered;
    row.billsec = 30 + rng.bounded(150);
    row.duration = row.billsec + 6;
    row.cents = ((row.billsec + 59) / 60) * 12;
    row.dstText = toNumber;
    row.countryText = countryName(toNumber);
    row.visibleAtMs = nowMs + m_originatedDelayMs;
    m_originated.append(row);
    UnlimCallWebhooks::SimulatedCall call;
    call.callId = callId;
    call.phone = toNumber;
    call.aiAgentId = agentId;
    call.durationSec = row.duration;
    call.startedMs = row.startMs;
    call.outcome = m_webhooks->takeNextCall(&call.transferTarget);
    QTimer::singleShot(m_originatedDelayMs, m_webhooks,
                       [webhooks = m_webhooks, call] { webhooks->callEnded(call); });
    return SandboxResponse::json(QJsonObject{{QStringLiteral("callId"), callId},
                                             {QStringLiteral("status"), QStringLiteral("queued")}});
}

SandboxResponse UnlimCallSandbox::createHook(const SandboxRequest &request)
{
    if (const auto refused = refuseScope(request, QStringLiteral("write:hooks")))
        return *refused;
    bool isObject = false;
    const QJsonObject body = request.jsonObject(&isObject);
    auto invalid = [](const QString &message) {
        return unlimcallError(400, QStringLiteral("invalid_input"), message);
    };
    if (!isObject)
        return invalid(QStringLiteral("Body is not JSON."));
    const QString event = body.value(QLatin1String("event")).toString();
    if (!UnlimCallWebhooks::eventTypes().contains(event))
        return invalid(QStringLiteral("`event` not in the allow-list."));
    const QString target = body.value(QLatin1String("target_url")).toString();
    const QUrl url(target, QUrl::StrictMode);
    if (target.size() > 512 || !UnlimCallWebhooks::acceptsTargetUrl(url))
        return invalid(QStringLiteral("`target_url` must be an https:// URL of at most 512 characters."));

    QRandomGenerator rng = SandboxServer::generator(
            m_server->options().seed, "unlimcall.hooks." + QByteArray::number(m_hooksCreated++));
    const QString id = SandboxServer::randomUuid(rng);
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString secret = QStringLiteral("whsec_");
    for (int i = 0; i < 32; ++i)
        secret.append(QLatin1Char(alphabet[rng.bounded(62)]));
    m_webhooks->addHook(UnlimCallWebhooks::Hook{id, event, target, secret});
    return SandboxResponse::json(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("secret"), secret}});
}

SandboxResponse UnlimCallSandbox::deleteHook(const SandboxRequest &request)
{
    if (const auto refused = refuseScope(request, QStringLiteral("write:hooks")))
        return *refused;
    const QString id = request.pathArgs.value(QStringLiteral("id"));
    static const QRegularExpression uuid(
            QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    if (!uuid.match(id).hasMatch())
        return unlimcallError(400, QStringLiteral("invalid_input"), QStringLiteral("`id` is not a UUID."));
    if (!m_webhooks->removeHook(id)) // soft delete: the delivery history stays
        return unlimcallError(
                404, QStringLiteral("not_found"),
                QStringLiteral("Hook does not exist, is not owned by this account, or is already "
                               "disabled."));
    return SandboxResponse::noContent();
}

SandboxResponse UnlimCallSandbox::authorizationServerMetadata() const
{
    return SandboxResponse::json(QJsonObject{
            {QStringLiteral("issuer"), m_server->unlimcallIssuerUrl().toString()},
            {QStringLiteral("token_endpoint"), m_server->unlimcallTokenUrl().toString()},
            {QStringLiteral("grant_types_supported"), QJsonArray{QStringLiteral("client_credentials")}},
            {QStringLiteral("token_endpoint_auth_methods_supported"),
             QJsonArray{QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post")}},
            {QStringLiteral("scopes_supported"),
             QJsonArray{QStringLiteral("read:balance"), QStringLiteral("read:cdrs"),
                        QStringLiteral("read:agents"), QStringLiteral("read:numbers"),
                        QStringLiteral("read:invoices"), QStringLiteral("write:calls"),
                        QStringLiteral("write:hooks")}},
    });
}

SandboxResponse UnlimCallSandbox::token(const SandboxRequest &request)
{
    auto oauthError = [](int status, const char *code, const QString &description) {
        SandboxResponse response =
                SandboxResponse::json(QJsonObject{{QStringLiteral("error"), QString::fromLatin1(code)},
                                                  {QStringLiteral("error_description"), description}},
                                      status);
        response.headers.append(qMakePair(QByteArray("Cache-Control"), QByteArray("no-store")));
        if (status == 401)
            response.headers.append(
                    qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Basic realm=\"unlimcall\"")));
        return response;
    };
    const QUrlQuery form(QString::fromUtf8(request.body));
    QString clientId = form.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded);
    QByteArray clientSecret =
            form.queryItemValue(QStringLiteral("client_secret"), QUrl::FullyDecoded).toUtf8();
    const QByteArray authorization = request.header("Authorization").trimmed();
    if (authorization.startsWith("Basic ")) {
        const QByteArray pair = QByteArray::fromBase64(authorization.mid(6));
        const int colon = pair.indexOf(':');
        if (colon > 0) {
            clientId = QUrl::fromPercentEncoding(pair.left(colon));
            clientSecret = QUrl::fromPercentEncoding(pair.mid(colon + 1)).toUtf8();
        }
    }
    const bool knownClient = clientId == demoClientId() || clientId == readOnlyClientId();
    if (!knownClient || clientSecret != demoClientSecret())
        return oauthError(401, "invalid_client", QStringLiteral("Client authentication failed."));
    if (form.queryItemValue(QStringLiteral("grant_type")) != QLatin1String("client_credentials"))
        return oauthError(400, "unsupported_grant_type",
                          QStringLiteral("Only client_credentials is supported."));

    QStringList allowed{QStringLiteral("read:balance"), QStringLiteral("read:cdrs"),
                        QStringLiteral("read:agents"), QStringLiteral("read:numbers"),
                        QStringLiteral("read:invoices")};
    if (clientId == demoClientId())
        allowed << QStringLiteral("write:calls") << QStringLiteral("write:hooks");
    QStringList scopes = form.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded)
                                 .split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (scopes.isEmpty())
        scopes = allowed;
    for (const QString &scope : std::as_const(scopes)) {
        if (!allowed.contains(scope))
            return oauthError(400, "invalid_scope",
                              QStringLiteral("Scope %1 is not allowed for this client.").arg(scope));
    }

    QRandomGenerator rng = SandboxServer::generator(m_server->options().seed,
                                                    "unlimcall.oauth." + QByteArray::number(m_tokensIssued));
    const QByteArray accessToken = "unl_oat_" + SandboxServer::randomUuid(rng).toLatin1();
    ++m_tokensIssued;
    m_tokens.insert(
            accessToken,
            OAuthToken{scopes, QDateTime::currentMSecsSinceEpoch() + m_tokenLifetimeSeconds * 1000LL});
    SandboxResponse response = SandboxResponse::json(
            QJsonObject{{QStringLiteral("access_token"), QString::fromLatin1(accessToken)},
                        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                        {QStringLiteral("expires_in"), m_tokenLifetimeSeconds},
                        {QStringLiteral("scope"), scopes.join(QLatin1Char(' '))}});
    response.headers.append(qMakePair(QByteArray("Cache-Control"), QByteArray("no-store")));
    return response;
}
