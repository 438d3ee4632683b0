#pragma once

#include "Outreach2dayPager.h"
#include "SandboxServer.h"
#include "WebhookDeliveries.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QStringList>

class SandboxClock;

// Outreach2day's webhooks as the sandbox keeps them: subscriptions (create with a secret or a
// generated whsec_ one, update, delete, test, pause, resume, rotate-secret), the events the
// sending simulation publishes, and each subscription's deliveries with their attempt history.
//
// A delivery is a POST of {"id", "type", "timestamp", "data"} to the subscription's endpoint,
// signed the Standard Webhooks way: headers webhook-id (the delivery's id, the same on every
// retry), webhook-timestamp (Unix seconds of the real time of the attempt, which the receiver
// compares with its own clock) and webhook-signature "v1,<base64 HMAC-SHA256 of
// id.timestamp.body>" keyed with the base64-decoded part of the secret after "whsec_". The
// sandbox's one delivery engine (WebhookDeliveries) posts them, to this computer's endpoints only
// (others fail unsent). Outreach2day's reference names no retry policy: an answer other than 2xx,
// or none within 10 s, is retried on the sandbox's clock after 30 s, 2 min, 10 min and 1 h (five
// attempts), then the delivery fails; no endpoint is ever disabled.
// Events published while a subscription is paused are not delivered to it.
class Outreach2dayWebhooks : public QObject
{
    Q_OBJECT
public:
    static WebhookRetryPolicy retryPolicy();

    Outreach2dayWebhooks(QRandomGenerator random, Outreach2dayPager *pager, const SandboxClock *clock,
                         QObject *parent = nullptr);
    ~Outreach2dayWebhooks() override;

    // An event of the simulation (webhookEventTypes()), queued for every matching subscription.
    void publish(const QString &type, const QString &campaignId, const QJsonObject &data, qint64 atMs);
    // Posts the deliveries whose (re)try time has come on the sandbox's clock.
    void dispatchDue();
    WebhookDeliveries *deliveries() const { return m_deliveries; }

    // The Standard Webhooks signature header value for `secret` ("whsec_…").
    static QByteArray signature(const QString &secret, const QByteArray &id, const QByteArray &timestamp,
                                const QByteArray &body);

    // The endpoints.
    SandboxResponse create(const SandboxRequest &request);
    SandboxResponse list(const SandboxRequest &request);
    SandboxResponse update(const SandboxRequest &request);
    SandboxResponse remove(const SandboxRequest &request);
    SandboxResponse test(const SandboxRequest &request);
    SandboxResponse pause(const SandboxRequest &request);
    SandboxResponse resume(const SandboxRequest &request);
    SandboxResponse rotateSecret(const SandboxRequest &request);
    SandboxResponse events(const SandboxRequest &request);
    SandboxResponse deliveries(const SandboxRequest &request);

private:
    struct Subscription
    {
        qint64 number = 0;
        QString id; // wh_sub_
        QString endpoint;
        QStringList eventTypes, replyIntents, campaignIds;
        bool ignoreOoo = false, ignoreAutoReply = false;
        QString status = QStringLiteral("active"); // active, paused
        QString secret;
        qint64 createdAtMs = 0, updatedAtMs = 0;
        bool deleted = false;
    };
    struct Event
    {
        qint64 number = 0;
        QString type, campaignId;
        QJsonObject data;
        qint64 atMs = 0;
    };
    Subscription *subscriptionOf(const SandboxRequest &request, SandboxResponse *missing);
    // Reads endpoint, eventTypes, replyIntents, campaignIds, ignoreOoo and ignoreAutoReply
    // (absent ones keep their value); `creating` requires endpoint and eventTypes.
    bool readFields(const QJsonObject &body, bool creating, Subscription *subscription,
                    SandboxResponse *refused);
    bool matches(const Subscription &subscription, const Event &event) const;
    qint64 queue(const Subscription &subscription, int event);
    const Subscription *subscriptionWithId(const QString &id) const;
    WebhookDeliveries::Outgoing outgoing(const WebhookDeliveries::Delivery &delivery,
                                         qint64 unixSeconds) const;
    QString generatedSecret();
    QJsonObject subscriptionJson(const Subscription &subscription, bool withSecret) const;
    QJsonObject eventJson(const Event &event) const;
    QJsonObject deliveryJson(const WebhookDeliveries::Delivery &delivery) const;
    QByteArray payloadOf(const Event &event) const;

    QRandomGenerator m_random;
    Outreach2dayPager *m_pager;
    const SandboxClock *m_clock;
    QList<Subscription> m_subscriptions; // in creation order (deleted ones kept, hidden)
    QList<Event> m_events;
    WebhookDeliveries *m_deliveries;
    QList<int> m_deliveryEvents; // the m_events index of each delivery (number - 1)
};
