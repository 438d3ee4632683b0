#include "UnloopaSandboxReplies.h"

#include "phone/PhoneNumbers.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace UnloopaReplies {

namespace {

SandboxResponse fail(int status, const QString &code, const QString &message, const QJsonObject &details)
{
    return SandboxServer::error(Vendor::Unloopa, status, code, message, details);
}

} // namespace

SandboxResponse invalid(const QString &message, const QString &field)
{
    return fail(400, QStringLiteral("invalid_input"), message, {{QStringLiteral("field"), field}});
}

SandboxResponse notFound(const QString &what)
{
    return fail(404, QStringLiteral("not_found"), QStringLiteral("%1 not found.").arg(what), {});
}

SandboxResponse planRequired(const QString &feature)
{
    return fail(403, QStringLiteral("plan_required"),
                QStringLiteral("%1 requires the Pro plan.").arg(feature),
                {{QStringLiteral("required_plan"), QStringLiteral("pro")},
                 {QStringLiteral("upgrade_url"), upgradeUrl()}});
}

SandboxResponse insufficientCredits(int credits, int needed)
{
    return fail(402, QStringLiteral("insufficient_credits"),
                QStringLiteral("Not enough voice credits: %1 needed, %2 left.").arg(needed).arg(credits),
                {{QStringLiteral("voice_credits"), credits},
                 {QStringLiteral("required"), needed},
                 {QStringLiteral("purchase_links"), creditPurchaseLinks()}});
}

SandboxResponse limitReached(const QString &what, int count, int limit, const QString &message)
{
    return fail(400, QStringLiteral("limit_reached"), message,
                {{QStringLiteral("resource"), what},
                 {QStringLiteral("count"), count},
                 {QStringLiteral("limit"), limit}});
}

SandboxResponse invalidState(const QString &message, const QString &status, const QStringList &allowed)
{
    return fail(400, QStringLiteral("invalid_state"), message,
                {{QStringLiteral("status"), status},
                 {QStringLiteral("allowed_states"), QJsonArray::fromStringList(allowed)}});
}

SandboxResponse setupRequired(const QString &message, const QString &missing, const QString &setupUrl)
{
    QJsonObject details{{QStringLiteral("missing"), missing}};
    if (!setupUrl.isEmpty())
        details.insert(QStringLiteral("setup_url"), setupUrl);
    return fail(400, QStringLiteral("setup_required"), message, details);
}

SandboxResponse rateLimited(const QString &message, qint64 retryAfterMs)
{
    const qint64 seconds = qMax<qint64>(1, (retryAfterMs + 999) / 1000);
    SandboxResponse response = fail(429, QStringLiteral("rate_limited"), message,
                                    {{QStringLiteral("retry_after_secs"), double(seconds)}});
    response.headers.append({"Retry-After", QByteArray::number(seconds)});
    return response;
}

std::optional<SandboxResponse> readBody(const SandboxRequest &request, QJsonObject *body)
{
    bool ok = false;
    *body = request.jsonObject(&ok);
    if (!ok)
        return invalid(QStringLiteral("Body must be a JSON object."), QStringLiteral("body"));
    return std::nullopt;
}

std::optional<SandboxResponse> readString(const QJsonObject &body, const QString &key, QString *out)
{
    const QJsonValue value = body.value(key);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isString())
        return invalid(QStringLiteral("%1 must be a string").arg(key), key);
    *out = value.toString();
    return std::nullopt;
}

std::optional<SandboxResponse> requireString(const QJsonObject &body, const QString &key, int maxLength,
                                             QString *out)
{
    const QJsonValue value = body.value(key);
    if (!value.isString() || value.toString().trimmed().isEmpty())
        return invalid(QStringLiteral("%1 is required").arg(key), key);
    if (value.toString().size() > maxLength)
        return invalid(QStringLiteral("%1 must be at most %2 characters").arg(key).arg(maxLength), key);
    *out = value.toString();
    return std::nullopt;
}

std::optional<SandboxResponse> readPage(const SandboxRequest &request, int defaultLimit, int *limit,
                                        int *offset)
{
    auto read = [&request](const QString &key, int fallback, int minimum, int maximum, bool *bad) {
        if (!request.hasQuery(key))
            return fallback;
        bool ok = false;
        const int value = request.queryValue(key).trimmed().toInt(&ok);
        *bad = !ok || value < minimum || value > maximum;
        return *bad ? fallback : value;
    };
    bool bad = false;
    *limit = read(QStringLiteral("limit"), defaultLimit, 1, 100, &bad);
    if (bad)
        return invalid(QStringLiteral("limit must be an integer between 1 and 100"), QStringLiteral("limit"));
    *offset = read(QStringLiteral("offset"), 0, 0, std::numeric_limits<int>::max(), &bad);
    if (bad)
        return invalid(QStringLiteral("offset must be a non-negative integer"), QStringLiteral("offset"));
    return std::nullopt;
}

QString iso(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QJsonValue isoOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(iso(time)) : QJsonValue(QJsonValue::Null);
}

bool isE164(const QString &text)
{
    static const QRegularExpression shape(QStringLiteral("^\\+[1-9][0-9]{6,14}$"));
    return shape.match(text).hasMatch() && PhoneNumbers::isValid(text);
}

bool isUuid(const QString &text)
{
    static const QRegularExpression shape(
            QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return shape.match(text).hasMatch();
}

QString upgradeUrl()
{
    return QStringLiteral("https://whop.com/unloopa/");
}

QJsonObject creditPurchaseLinks()
{
    return QJsonObject{{QStringLiteral("50_credits_$10"),
                        QStringLiteral("https://whop.com/checkout/plan_xBEWrVWZ8MRvM/")},
                       {QStringLiteral("200_credits_$35"),
                        QStringLiteral("https://whop.com/checkout/plan_ucYBrssGb4E2G/")},
                       {QStringLiteral("500_credits_$75"),
                        QStringLiteral("https://whop.com/checkout/plan_zTX2bQyWLCqlx/")}};
}

} // namespace UnloopaReplies
