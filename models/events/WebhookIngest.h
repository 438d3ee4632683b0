#pragma once

#include "events/EventStore.h"
#include "webhooks/WebhookReceiver.h"
#include "webhooks/WebhookSignatures.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <functional>

class VerloopCallbackTokens;
class WebhookSecretSource;

// The one place that decides a webhook delivery (README promises W1-W6, D3): verify the raw
// bytes, store the event (committed), and only then acknowledge.
//   malformed signature header                          400 (reason per defect)
//   bad signature, timestamp out of tolerance, no secret 401
//   unsigned delivery where a secret is configured       401 (never accepted)
//   Verloop callback with an unknown token               404
//   secrets unreadable now, database busy / disk full    503 (the vendor retries; nothing lost)
//   stored                                               200 "stored"  (eventStored emitted)
//   already stored                                       200 "duplicate" (nothing emitted)
// Side effects belong to EventApplier, which listens to eventStored.
class WebhookIngest : public QObject, public WebhookSink
{
    Q_OBJECT
public:
    // How Outreach2day deliveries are signed (a setting: its reference gives a secret but no scheme).
    enum class Outreach2dayScheme {
        StandardWebhooks, // webhook-id / webhook-timestamp / webhook-signature (default)
        TimestampedHmac, // X-Outreach2day-Signature: t=<unix>,v1=<hex>, as UnlimCall signs
    };
    static QString schemeId(Outreach2dayScheme scheme); // "standard-webhooks", "timestamped-hmac"
    static std::optional<Outreach2dayScheme> schemeFromId(const QString &id);

    struct Options
    {
        Outreach2dayScheme outreach2dayScheme = Outreach2dayScheme::StandardWebhooks;
        WebhookSignatures::SecretKey unlimCallKey = WebhookSignatures::SecretKey::WholeSecretUtf8;
        int toleranceSecs = WebhookSignatures::kDefaultToleranceSecs;
    };

    // None of the pointers is owned; `tokens` may be null (then every Verloop callback is 404).
    WebhookIngest(EventStore *store, const WebhookSecretSource *secrets, const VerloopCallbackTokens *tokens,
                  QObject *parent = nullptr);
    void setOptions(const Options &options) { m_options = options; }
    const Options &options() const { return m_options; }

    WebhookAnswer deliver(const WebhookDelivery &delivery) override;

    // The clock the timestamps are judged by (tests verify fixed vectors with it).
    void setClock(std::function<QDateTime()> now);

Q_SIGNALS:
    // A NEW event was committed (before its delivery is acknowledged).
    void eventStored(const StoredEvent &event);
    // A delivery was refused or failed locally: its vendor, status and machine code (no secret).
    void deliveryRefused(Vendor vendor, int status, const QString &code);

private:
    struct Check
    {
        int status = 0; // 0 = verified
        QString code;
        QString verification; // what the stored event says about it
        QDateTime signedAt;
        QString intentId; // Verloop
    };
    Check verify(const WebhookDelivery &delivery) const;
    Check verifyUnlimCall(const WebhookDelivery &delivery) const;
    Check verifyOutreach2day(const WebhookDelivery &delivery) const;
    Check verifyVerloop(const WebhookDelivery &delivery) const;
    WebhookAnswer refuse(Vendor vendor, int status, const QString &code);

    EventStore *m_store;
    const WebhookSecretSource *m_secrets;
    const VerloopCallbackTokens *m_tokens;
    Options m_options;
    std::function<QDateTime()> m_now;
};
