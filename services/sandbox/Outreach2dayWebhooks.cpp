#include "Outreach2dayWebhooks.h"

#include "Outreach2dayAnswers.h"
#include "Outreach2daySandbox.h"
#include "Outreach2daySending.h"
#include "SandboxClock.h"
#include "core/UrlPolicy.h"

#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QUrl>

using namespace O2dAnswers;

namespace {

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms - ms % 1000, Qt::UTC);
}

QString numbered(const QString &prefix, qint64 number)
{
    return prefix + QStringLiteral("%1").arg(number, 3, 10, QLatin1Char('0'));
}

// A list of strings each one of `allowed` (empty `allowed`: any non-empty string).
bool readList(const QJsonObject &body, const QString &key, const QStringList &allowed, bool required,
              QStringList *value, SandboxResponse *refused)
{
    if (!body.contains(key)) {
        if (required)
            *refused = fieldError(key, QStringLiteral("%1 is required.").arg(key));
        return !required;
    }
    if (!body.value(key).isArray()) {
        *refused = fieldError(key, QStringLiteral("%1 must be an array of strings.").arg(key));
        return false;
    }
    const QJsonArray array = body.value(key).toArray();
    if (required && array.isEmpty()) {
        *refused = fieldError(key, QStringLiteral("%1 must list at least one.").arg(key));
        return false;
    }
    QStringList list;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = QStringLiteral("%1[%2]").arg(key).arg(i);
        const QString text = array.at(i).toString();
        if (text.isEmpty() || (!allowed.isEmpty() && !allowed.contains(text))) {
            *refused =
                    fieldError(path,
                               allowed.isEmpty() ? QStringLiteral("%1 must be a non-empty string.").arg(path)
                                                 : QStringLiteral("%1 must be one of %2.")
                                                           .arg(path, allowed.join(QStringLiteral(", "))));
            return false;
        }
        if (!list.contains(text))
            list.append(text);
    }
    *value = list;
    return true;
}

bool validSecret(const QString &secret)
{
    if (!secret.startsWith(QLatin1String("whsec_")))
        return false;
    const auto key =
            QByteArray::fromBase64Encoding(secret.mid(6).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    return key && (*key).size() >= 24 && (*key).size() <= 64;
}

} // namespace

WebhookRetryPolicy Outreach2dayWebhooks::retryPolicy()
{
    WebhookRetryPolicy policy;
    policy.retryDelaysSeconds = {30, 120, 600, 3600};
    return policy;
}

Outreach2dayWebhooks::Outreach2dayWebhooks(QRandomGenerator random, Outreach2dayPager *pager,
                                           const SandboxClock *clock, QObject *parent)
    : QObject(parent),
      m_random(random),
      m_pager(pager),
      m_clock(clock),
      m_deliveries(new WebhookDeliveries(
              clock, retryPolicy(),
              [this](const WebhookDeliveries::Delivery &delivery, qint64 unixSeconds) {
                  return outgoing(delivery, unixSeconds);
              },
              this))
{ }

Outreach2dayWebhooks::~Outreach2dayWebhooks() = default;

QByteArray Outreach2dayWebhooks::signature(const QString &secret, const QByteArray &id,
                                           const QByteArray &timestamp, const QByteArray &body)
{
    const QByteArray key = QByteArray::fromBase64(secret.mid(6).toLatin1());
    const QByteArray mac = QMessageAuthenticationCode::hash(id + '.' + timestamp + '.' + body, key,
                                                            QCryptographicHash::Sha256);
    return "v1," + mac.toBase64();
}

QString Outreach2dayWebhooks::generatedSecret()
{
    QByteArray key(32, Qt::Uninitialized);
    for (char &byte : key)
        byte = char(m_random.bounded(256));
    return QStringLiteral("whsec_") + QString::fromLatin1(key.toBase64());
}

// ---------------------------------------------------------------------------------------------
// Events and deliveries

bool Outreach2dayWebhooks::matches(const Subscription &subscription, const Event &event) const
{
    if (subscription.deleted || subscription.status != QLatin1String("active") ||
        !subscription.eventTypes.contains(event.type))
        return false;
    if (!subscription.campaignIds.isEmpty() && !subscription.campaignIds.contains(event.campaignId))
        return false;
    const QString intent = event.data.value(QStringLiteral("replyIntent")).toString();
    if (intent.isEmpty())
        return true;
    if ((subscription.ignoreOoo && intent == QLatin1String("out_of_office")) ||
        (subscription.ignoreAutoReply && intent == QLatin1String("auto_reply")))
        return false;
    return subscription.replyIntents.isEmpty() || subscription.replyIntents.contains(intent);
}

void Outreach2dayWebhooks::publish(const QString &type, const QString &campaignId, const QJsonObject &data,
                                   qint64 atMs)
{
    Event event;
    event.number = m_events.size() + 1;
    event.type = type;
    event.campaignId = campaignId;
    event.data = data;
    event.data.insert(QStringLiteral("campaignId"), campaignId);
    event.atMs = atMs;
    m_events.append(event);
    for (const Subscription &subscription : std::as_const(m_subscriptions)) {
        if (matches(subscription, event))
            queue(subscription, int(m_events.size() - 1));
    }
}

qint64 Outreach2dayWebhooks::queue(const Subscription &subscription, int event)
{
    const Event &queued = m_events.at(event);
    m_deliveryEvents.append(event);
    return m_deliveries->enqueue(subscription.id, numbered(QStringLiteral("evt_"), queued.number),
                                 queued.type, payloadOf(queued));
}

void Outreach2dayWebhooks::dispatchDue()
{
    m_deliveries->dispatchDue();
}

QByteArray Outreach2dayWebhooks::payloadOf(const Event &event) const
{
    return QJsonDocument(QJsonObject{{QStringLiteral("id"), numbered(QStringLiteral("evt_"), event.number)},
                                     {QStringLiteral("type"), event.type},
                                     {QStringLiteral("timestamp"), iso(fromMs(event.atMs))},
                                     {QStringLiteral("data"), event.data}})
            .toJson(QJsonDocument::Compact);
}

const Outreach2dayWebhooks::Subscription *Outreach2dayWebhooks::subscriptionWithId(const QString &id) const
{
    for (const Subscription &candidate : m_subscriptions) {
        if (candidate.id == id)
            return &candidate;
    }
    return nullptr;
}

// Where an attempt goes and how it is signed, at the moment it is made: the subscription's
// endpoint and secret then (an update or a rotation applies to retries too).
WebhookDeliveries::Outgoing Outreach2dayWebhooks::outgoing(const WebhookDeliveries::Delivery &delivery,
                                                           qint64 unixSeconds) const
{
    WebhookDeliveries::Outgoing outgoing;
    const Subscription *subscription = subscriptionWithId(delivery.endpointId);
    if (!subscription || subscription->deleted) {
        outgoing.refusal = QStringLiteral("The subscription was deleted.");
        return outgoing;
    }
    const QByteArray id = numbered(QStringLiteral("msg_"), delivery.number).toLatin1();
    const QByteArray timestamp = QByteArray::number(unixSeconds);
    outgoing.url = QUrl(subscription->endpoint);
    outgoing.headers = {{"User-Agent", "Outreach2day-Webhooks (sandbox)"},
                        {"webhook-id", id},
                        {"webhook-timestamp", timestamp},
                        {"webhook-signature", signature(subscription->secret, id, timestamp, delivery.body)}};
    return outgoing;
}

// ---------------------------------------------------------------------------------------------
// Subscriptions

bool Outreach2dayWebhooks::readFields(const QJsonObject &body, bool creating, Subscription *subscription,
                                      SandboxResponse *refused)
{
    QString endpoint = subscription->endpoint;
    if (!readString(body, QStringLiteral("endpoint"), QStringLiteral("endpoint"), &endpoint, refused))
        return false;
    const QUrl url(endpoint, QUrl::StrictMode);
    if ((creating || body.contains(QStringLiteral("endpoint"))) &&
        (!url.isValid() || url.host().isEmpty() ||
         (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))) {
        *refused = fieldError(QStringLiteral("endpoint"), QStringLiteral("endpoint must be an http(s) URL."));
        return false;
    }
    subscription->endpoint = endpoint;
    if (!readList(body, QStringLiteral("eventTypes"), Outreach2daySandbox::webhookEventTypes(), creating,
                  &subscription->eventTypes, refused) ||
        !readList(body, QStringLiteral("replyIntents"), Outreach2daySending::replyIntents(), false,
                  &subscription->replyIntents, refused) ||
        !readList(body, QStringLiteral("campaignIds"), {}, false, &subscription->campaignIds, refused) ||
        !readBool(body, QStringLiteral("ignoreOoo"), &subscription->ignoreOoo, refused) ||
        !readBool(body, QStringLiteral("ignoreAutoReply"), &subscription->ignoreAutoReply, refused))
        return false;
    return true;
}

SandboxResponse Outreach2dayWebhooks::create(const SandboxRequest &request)
{
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    Subscription subscription;
    SandboxResponse refused;
    if (!readFields(body, true, &subscription, &refused) ||
        !readString(body, QStringLiteral("secret"), QStringLiteral("secret"), &subscription.secret, &refused))
        return refused;
    if (subscription.secret.isEmpty())
        subscription.secret = generatedSecret();
    else if (!validSecret(subscription.secret))
        return fieldError(QStringLiteral("secret"),
                          QStringLiteral("secret must be whsec_ followed by the base64 of 24 to 64 bytes."));
    subscription.number = m_subscriptions.size() + 1;
    subscription.id = numbered(QStringLiteral("wh_sub_"), subscription.number);
    subscription.createdAtMs = subscription.updatedAtMs = m_clock->nowMs();
    m_subscriptions.append(subscription);
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("subscription"), subscriptionJson(subscription, true)}}, 201);
}

Outreach2dayWebhooks::Subscription *Outreach2dayWebhooks::subscriptionOf(const SandboxRequest &request,
                                                                         SandboxResponse *missing)
{
    const QString id = request.pathArgs.value(QStringLiteral("subId"));
    for (Subscription &subscription : m_subscriptions) {
        if (subscription.id == id && !subscription.deleted)
            return &subscription;
    }
    *missing = notFound(QStringLiteral("webhook subscription"), id);
    return nullptr;
}

SandboxResponse Outreach2dayWebhooks::list(const SandboxRequest &request)
{
    Outreach2dayPager::List list;
    list.name = QStringLiteral("subscriptions");
    list.count = m_subscriptions.size();
    list.keyOf = [this](qsizetype i) {
        return m_subscriptions.at(i).number;
    };
    list.accept = [this](qsizetype i) {
        return !m_subscriptions.at(i).deleted;
    };
    SandboxResponse refused;
    const auto page = m_pager->page(request, list, &refused);
    if (!page)
        return refused;
    QJsonArray items;
    for (qsizetype i : page->rows)
        items.append(subscriptionJson(m_subscriptions.at(i), false));
    return Outreach2dayPager::answer(items, *page);
}

SandboxResponse Outreach2dayWebhooks::update(const SandboxRequest &request)
{
    SandboxResponse refused;
    Subscription *subscription = subscriptionOf(request, &refused);
    if (!subscription)
        return refused;
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    if (body.contains(QStringLiteral("secret")))
        return fieldError(QStringLiteral("secret"),
                          QStringLiteral("The secret changes through rotate-secret."));
    Subscription changed = *subscription;
    if (!readFields(body, false, &changed, &refused))
        return refused;
    if (changed.eventTypes.isEmpty())
        return fieldError(QStringLiteral("eventTypes"), QStringLiteral("eventTypes must list at least one."));
    changed.updatedAtMs = m_clock->nowMs();
    *subscription = changed;
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("subscription"), subscriptionJson(changed, false)}});
}

SandboxResponse Outreach2dayWebhooks::remove(const SandboxRequest &request)
{
    SandboxResponse refused;
    Subscription *subscription = subscriptionOf(request, &refused);
    if (!subscription)
        return refused;
    subscription->deleted = true;
    return SandboxResponse::noContent();
}

// A webhook.test event delivered to this subscription only, paused or not.
SandboxResponse Outreach2dayWebhooks::test(const SandboxRequest &request)
{
    SandboxResponse refused;
    Subscription *subscription = subscriptionOf(request, &refused);
    if (!subscription)
        return refused;
    Event event;
    event.number = m_events.size() + 1;
    event.type = QStringLiteral("webhook.test");
    event.data = QJsonObject{{QStringLiteral("subscriptionId"), subscription->id},
                             {QStringLiteral("message"), QStringLiteral("A test event from Outreach2day.")}};
    event.atMs = m_clock->nowMs();
    m_events.append(event);
    const qint64 delivery = queue(*subscription, int(m_events.size() - 1));
    dispatchDue();
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("ok"), true},
                        {QStringLiteral("eventId"), numbered(QStringLiteral("evt_"), event.number)},
                        {QStringLiteral("deliveryId"), numbered(QStringLiteral("dlv_"), delivery)}});
}

SandboxResponse Outreach2dayWebhooks::pause(const SandboxRequest &request)
{
    SandboxResponse refused;
    Subscription *subscription = subscriptionOf(request, &refused);
    if (!subscription)
        return refused;
    if (subscription->status != QLatin1String("active"))
        return invalidState(subscription->status,
                            QStringLiteral("Only an active subscription can be paused."));
    subscription->status = QStringLiteral("paused");
    subscription->updatedAtMs = m_clock->nowMs();
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("subscription"), subscriptionJson(*subscription, false)}});
}

SandboxResponse Outreach2dayWebhooks::resume(const SandboxRequest &request)
{
    SandboxResponse refused;
    Subscription *subscription = subscriptionOf(request, &refused);
    if (!subscription)
        return refused;
    if (subscription->status != QLatin1String("paused"))
        return invalidState(subscription->status,
                            QStringLiteral("Only a paused subscription can be resumed."));
    subscription->status = QStringLiteral("active");
    subscription->updatedAtMs = m_clock->nowMs();
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("subscription"), subscriptionJson(*subscription, false)}});
}

// The new secret (generated, or the body's "secret") signs every attempt from now on, retries of
// earlier deliveries included; it is answered once, here.
SandboxResponse Outreach2dayWebhooks::rotateSecret(const SandboxRequest &request)
{
    SandboxResponse refused;
    Subscription *subscription = subscriptionOf(request, &refused);
    if (!subscription)
        return refused;
    QString secret;
    if (!request.body.trimmed().isEmpty()) {
        bool ok = false;
        const QJsonObject body = request.jsonObject(&ok);
        if (!ok)
            return invalidJson();
        if (!readString(body, QStringLiteral("secret"), QStringLiteral("secret"), &secret, &refused))
            return refused;
        if (!secret.isEmpty() && !validSecret(secret))
            return fieldError(
                    QStringLiteral("secret"),
                    QStringLiteral("secret must be whsec_ followed by the base64 of 24 to 64 bytes."));
    }
    subscription->secret = secret.isEmpty() ? generatedSecret() : secret;
    subscription->updatedAtMs = m_clock->nowMs();
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("subscription"), subscriptionJson(*subscription, true)},
                        {QStringLiteral("secret"), subscription->secret},
                        {QStringLiteral("rotatedAt"), iso(fromMs(subscription->updatedAtMs))}});
}

SandboxResponse Outreach2dayWebhooks::events(const SandboxRequest &request)
{
    Outreach2dayPager::List list;
    list.name = QStringLiteral("events");
    list.count = m_events.size();
    list.keyOf = [this](qsizetype i) {
        return m_events.at(i).number;
    };
    SandboxResponse refused;
    const auto page = m_pager->page(request, list, &refused);
    if (!page)
        return refused;
    QJsonArray items;
    for (qsizetype i : page->rows)
        items.append(eventJson(m_events.at(i)));
    return Outreach2dayPager::answer(items, *page);
}

SandboxResponse Outreach2dayWebhooks::deliveries(const SandboxRequest &request)
{
    SandboxResponse refused;
    const Subscription *subscription = subscriptionOf(request, &refused);
    if (!subscription)
        return refused;
    const QString id = subscription->id;
    Outreach2dayPager::List list;
    list.name = QStringLiteral("deliveries");
    const QList<WebhookDeliveries::Delivery> &all = m_deliveries->deliveries();
    list.count = all.size();
    list.keyOf = [&all](qsizetype i) {
        return all.at(i).number;
    };
    list.accept = [&all, id](qsizetype i) {
        return all.at(i).endpointId == id;
    };
    const auto page = m_pager->page(request, list, &refused);
    if (!page)
        return refused;
    QJsonArray items;
    for (qsizetype i : page->rows)
        items.append(deliveryJson(all.at(i)));
    return Outreach2dayPager::answer(items, *page);
}

// ---------------------------------------------------------------------------------------------
// JSON

QJsonObject Outreach2dayWebhooks::subscriptionJson(const Subscription &subscription, bool withSecret) const
{
    QJsonObject object{
            {QStringLiteral("id"), subscription.id},
            {QStringLiteral("endpoint"), subscription.endpoint},
            {QStringLiteral("eventTypes"), QJsonArray::fromStringList(subscription.eventTypes)},
            {QStringLiteral("replyIntents"), QJsonArray::fromStringList(subscription.replyIntents)},
            {QStringLiteral("campaignIds"), QJsonArray::fromStringList(subscription.campaignIds)},
            {QStringLiteral("ignoreOoo"), subscription.ignoreOoo},
            {QStringLiteral("ignoreAutoReply"), subscription.ignoreAutoReply},
            {QStringLiteral("status"), subscription.status},
            {QStringLiteral("createdAt"), iso(fromMs(subscription.createdAtMs))},
            {QStringLiteral("updatedAt"), iso(fromMs(subscription.updatedAtMs))}};
    if (withSecret)
        object.insert(QStringLiteral("secret"), subscription.secret);
    return object;
}

QJsonObject Outreach2dayWebhooks::eventJson(const Event &event) const
{
    QJsonObject object{{QStringLiteral("id"), numbered(QStringLiteral("evt_"), event.number)},
                       {QStringLiteral("type"), event.type},
                       {QStringLiteral("createdAt"), iso(fromMs(event.atMs))},
                       {QStringLiteral("data"), event.data}};
    if (!event.campaignId.isEmpty())
        object.insert(QStringLiteral("campaignId"), event.campaignId);
    return object;
}

QJsonObject Outreach2dayWebhooks::deliveryJson(const WebhookDeliveries::Delivery &delivery) const
{
    using Attempt = WebhookDeliveries::Attempt;
    const Event &event = m_events.at(m_deliveryEvents.at(delivery.number - 1));
    const Attempt last = delivery.attempts.isEmpty() ? Attempt() : delivery.attempts.constLast();
    const QString error = last.error.isEmpty() ? delivery.failure : last.error;
    QJsonObject object{{QStringLiteral("id"), numbered(QStringLiteral("dlv_"), delivery.number)},
                       {QStringLiteral("subscriptionId"), delivery.endpointId},
                       {QStringLiteral("eventId"), delivery.eventId},
                       {QStringLiteral("eventType"), delivery.eventType},
                       {QStringLiteral("status"), WebhookDeliveries::statusName(delivery.status)},
                       {QStringLiteral("attempts"), int(delivery.attempts.size())},
                       {QStringLiteral("responseStatus"),
                        last.responseStatus ? QJsonValue(last.responseStatus) : QJsonValue()},
                       {QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error)},
                       {QStringLiteral("createdAt"), iso(fromMs(event.atMs))},
                       {QStringLiteral("history"), WebhookDeliveries::historyJson(delivery)}};
    if (!delivery.attempts.isEmpty())
        object.insert(QStringLiteral("lastAttemptAt"), iso(fromMs(last.atMs)));
    if (delivery.status == WebhookDeliveries::Status::Retrying)
        object.insert(QStringLiteral("nextAttemptAt"), iso(fromMs(delivery.nextAttemptMs)));
    return object;
}
