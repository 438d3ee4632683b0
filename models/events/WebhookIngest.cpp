#include "WebhookIngest.h"

#include "events/EventPayload.h"
#include "events/VerloopCallbackTokens.h"
#include "events/WebhookSecretSource.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

using WebhookSignatures::Failure;
using WebhookSignatures::Verdict;

namespace {

// Headers that could carry a credential of someone else's (a reverse proxy's) are not stored.
bool isSensitiveHeader(const QByteArray &lowerName)
{
    return lowerName == "authorization" || lowerName == "proxy-authorization" || lowerName == "cookie";
}

QByteArray headersJson(const WebhookDelivery &delivery)
{
    QJsonObject object;
    for (const auto &header : delivery.headers) {
        const QByteArray name = header.first.toLower();
        if (isSensitiveHeader(name))
            continue;
        const QString key = QString::fromLatin1(name);
        const QString value = QString::fromUtf8(header.second);
        // Repeated headers are kept, joined as HTTP would (", ").
        object.insert(key,
                      object.contains(key) ? object.value(key).toString() + QStringLiteral(", ") + value
                                           : value);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString verifiedWith(const Verdict &verdict, qsizetype secretCount)
{
    return QStringLiteral("verified with secret %1 of %2").arg(verdict.secretIndex + 1).arg(secretCount);
}

} // namespace

QString WebhookIngest::schemeId(Outreach2dayScheme scheme)
{
    switch (scheme) {
    case Outreach2dayScheme::StandardWebhooks:
        return QStringLiteral("standard-webhooks");
    case Outreach2dayScheme::TimestampedHmac:
        return QStringLiteral("timestamped-hmac");
    }
    return {};
}

std::optional<WebhookIngest::Outreach2dayScheme> WebhookIngest::schemeFromId(const QString &id)
{
    for (Outreach2dayScheme scheme :
         {Outreach2dayScheme::StandardWebhooks, Outreach2dayScheme::TimestampedHmac}) {
        if (schemeId(scheme) == id)
            return scheme;
    }
    return std::nullopt;
}

WebhookIngest::WebhookIngest(EventStore *store, const WebhookSecretSource *secrets,
                             const VerloopCallbackTokens *tokens, QObject *parent)
    : QObject(parent), m_store(store), m_secrets(secrets), m_tokens(tokens), m_now([]() {
          return QDateTime::currentDateTimeUtc();
      })
{ }

void WebhookIngest::setClock(std::function<QDateTime()> now)
{
    m_now = std::move(now);
}

WebhookAnswer WebhookIngest::deliver(const WebhookDelivery &delivery)
{
    // W1: the raw bytes are verified before anything reads them as JSON.
    const Check check = verify(delivery);
    if (check.status != 0)
        return refuse(delivery.vendor, check.status, check.code);

    StoredEvent event;
    event.vendor = delivery.vendor;
    event.rawBody = delivery.rawBody;
    event.receivedAt = delivery.receivedAt.isValid() ? delivery.receivedAt : m_now();
    event.source = StoredEvent::sourceWebhook();
    event.verification = check.verification;
    event.intentId = check.intentId;
    event.headers = headersJson(delivery);
    EventPayload::describe(event, check.signedAt);

    // D3: committed before the answer; a local failure is a 5xx so the vendor retries.
    const EventStore::InsertResult stored = m_store ? m_store->insert(event) : EventStore::InsertResult{};
    switch (stored.outcome) {
    case EventStore::Outcome::Inserted:
        event.id = stored.id;
        Q_EMIT eventStored(event);
        return {200, "stored"};
    case EventStore::Outcome::Duplicate:
        return {200, "duplicate"};
    case EventStore::Outcome::Failed:
        break;
    }
    return refuse(delivery.vendor, 503, QStringLiteral("store_failed"));
}

WebhookIngest::Check WebhookIngest::verify(const WebhookDelivery &delivery) const
{
    switch (delivery.vendor) {
    case Vendor::UnlimCall:
        return verifyUnlimCall(delivery);
    case Vendor::Outreach2day:
        return verifyOutreach2day(delivery);
    case Vendor::Verloop:
        return verifyVerloop(delivery);
    case Vendor::Unloopa:
        break;
    }
    return {404, QStringLiteral("not_found"), {}, {}, {}};
}

namespace {

// The verdict as an answer: malformed headers 400, the rest 401.
int statusFor(const Verdict &verdict)
{
    return WebhookSignatures::isMalformed(verdict.failure) ? 400 : 401;
}

} // namespace

WebhookIngest::Check WebhookIngest::verifyUnlimCall(const WebhookDelivery &delivery) const
{
    const WebhookSecretSource::Lookup lookup =
            m_secrets ? m_secrets->secretsFor(Vendor::UnlimCall) : WebhookSecretSource::Lookup{true, {}, {}};
    if (!lookup.available)
        return {503, QStringLiteral("secrets_unavailable"), {}, {}, {}};
    const QByteArray header = delivery.header("X-Unlimcall-Signature");
    const Verdict verdict = WebhookSignatures::verifyUnlimCall(
            header, delivery.rawBody, lookup.secrets, m_now().toSecsSinceEpoch(), m_options.unlimCallKey,
            m_options.toleranceSecs, !header.isNull());
    if (!verdict.ok())
        return {statusFor(verdict), WebhookSignatures::reasonCode(verdict.failure), {}, {}, {}};
    return {0,
            {},
            verifiedWith(verdict, lookup.secrets.size()),
            QDateTime::fromSecsSinceEpoch(verdict.timestamp, Qt::UTC),
            {}};
}

WebhookIngest::Check WebhookIngest::verifyOutreach2day(const WebhookDelivery &delivery) const
{
    const WebhookSecretSource::Lookup lookup = m_secrets ? m_secrets->secretsFor(Vendor::Outreach2day)
                                                         : WebhookSecretSource::Lookup{true, {}, {}};
    if (!lookup.available)
        return {503, QStringLiteral("secrets_unavailable"), {}, {}, {}};
    // Unsigned, or signed with no secret to check it by: never accepted (an unsigned delivery
    // for a subscription with a secret is someone else's).
    Verdict verdict;
    const qint64 now = m_now().toSecsSinceEpoch();
    if (m_options.outreach2dayScheme == Outreach2dayScheme::StandardWebhooks) {
        const WebhookSignatures::StandardHeaders headers{delivery.header("webhook-id"),
                                                         delivery.header("webhook-timestamp"),
                                                         delivery.header("webhook-signature")};
        verdict = WebhookSignatures::verifyStandardWebhooks(headers, delivery.rawBody, lookup.secrets, now,
                                                            m_options.toleranceSecs);
    } else {
        const QByteArray header = delivery.header("X-Outreach2day-Signature");
        verdict = WebhookSignatures::verifyUnlimCall(header, delivery.rawBody, lookup.secrets, now,
                                                     WebhookSignatures::SecretKey::WholeSecretUtf8,
                                                     m_options.toleranceSecs, !header.isNull());
    }
    if (!verdict.ok())
        return {statusFor(verdict), WebhookSignatures::reasonCode(verdict.failure), {}, {}, {}};
    return {0,
            {},
            verifiedWith(verdict, lookup.secrets.size()),
            QDateTime::fromSecsSinceEpoch(verdict.timestamp, Qt::UTC),
            {}};
}

WebhookIngest::Check WebhookIngest::verifyVerloop(const WebhookDelivery &delivery) const
{
    if (!m_tokens)
        return {404, QStringLiteral("unknown_token"), {}, {}, {}};
    StoreStatus status;
    const std::optional<QString> intent = m_tokens->intentFor(delivery.verloopToken, &status);
    if (!status)
        return {503, QStringLiteral("store_failed"), {}, {}, {}};
    if (!intent)
        return {404, QStringLiteral("unknown_token"), {}, {}, {}};
    return {0, {}, QStringLiteral("unsigned (Verloop token)"), {}, *intent};
}

WebhookAnswer WebhookIngest::refuse(Vendor vendor, int status, const QString &code)
{
    Q_EMIT deliveryRefused(vendor, status, code);
    return {status, code.toLatin1()};
}
