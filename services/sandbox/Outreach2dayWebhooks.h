#pragma once

#include "Outreach2dayPager.h"
#include "SandboxServer.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QStringList>

class Outreach2dayClock;
class QNetworkAccessManager;

// Outreach2day's webhooks as the sandbox keeps them: subscriptions (create with a secret or a
// generated whsec_ one, update, delete, test, pause, resume, rotate-secret), the events the
// sending simulation publishes, and each subscription's deliveries with their attempt history.
//
// A delivery is a POST of {"id", "type", "timestamp", "data"} to the subscription's endpoint,
// signed the Standard Webhooks way: headers webhook-id (the delivery's id, the same on every
// retry), webhook-timestamp (Unix seconds of the real time of the attempt, which the receiver
// compares with its own clock) and webhook-signature "v1,<base64 HMAC-SHA256 of
// id.timestamp.body>" keyed with the base64-decoded part of the secret after "whsec_". Only this
// computer's endpoints are posted to (the sandbox never calls out; others fail unsent). An
// answer other than 2xx, or none within 10 s, is retried on the sandbox's clock after
// retryDelaysSeconds (30 s, 2 min, 10 min, 1 h) up to maxAttempts, then the delivery fails.
// Events published while a subscription is paused are not delivered to it.
class Outreach2dayWebhooks : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxAttempts = 5;
    static const QList<qint64> &retryDelaysSeconds();

    Outreach2dayWebhooks(QRandomGenerator random, Outreach2dayPager *pager, const Outreach2dayClock *clock,
                         QObject *parent = nullptr);
    ~Outreach2dayWebhooks() override;

    // An event of the simulation (webhookEventTypes()), queued for every matching subscription.
    void publish(const QString &type, const QString &campaignId, const QJsonObject &data, qint64 atMs);
    // Posts the deliveries whose (re)try time has come on the sandbox's clock.
    void dispatchDue();

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
    struct Attempt
    {
        qint64 atMs = 0;
        int responseStatus = 0; // 0: no answer
        QString error;
        qint64 durationMs = 0;
    };
    struct Delivery
    {
        qint64 number = 0;
        QString subscriptionId;
        int event = 0; // index in m_events
        QString status = QStringLiteral("pending"); // pending, retrying, succeeded, failed
        QList<Attempt> attempts;
        qint64 nextAttemptMs = 0;
        bool inFlight = false;
    };

    Subscription *subscriptionOf(const SandboxRequest &request, SandboxResponse *missing);
    // Reads endpoint, eventTypes, replyIntents, campaignIds, ignoreOoo and ignoreAutoReply
    // (absent ones keep their value); `creating` requires endpoint and eventTypes.
    bool readFields(const QJsonObject &body, bool creating, Subscription *subscription,
                    SandboxResponse *refused);
    bool matches(const Subscription &subscription, const Event &event) const;
    void queue(const Subscription &subscription, int event);
    void attempt(int delivery);
    void finishAttempt(int delivery, const Attempt &attempt);
    QString generatedSecret();
    QJsonObject subscriptionJson(const Subscription &subscription, bool withSecret) const;
    QJsonObject eventJson(const Event &event) const;
    QJsonObject deliveryJson(const Delivery &delivery) const;
    QByteArray payloadOf(const Event &event) const;

    QRandomGenerator m_random;
    Outreach2dayPager *m_pager;
    const Outreach2dayClock *m_clock;
    QNetworkAccessManager *m_network;
    QList<Subscription> m_subscriptions; // in creation order (deleted ones kept, hidden)
    QList<Event> m_events;
    QList<Delivery> m_deliveries;
};
