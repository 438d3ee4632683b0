#pragma once

#include "SandboxClock.h"
#include "WebhookDeliveries.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QString>
#include <QTime>
#include <QTimeZone>

class QTimer;
class SandboxServer;
struct SandboxRequest;
struct SandboxResponse;

// A voice campaign in the Verloop dashboard. Only published campaigns accept SendMessage.
struct VerloopCampaign
{
    QString id; // UUID
    QString name;
    bool published = true;
    // "Working window" (Custom) in the dashboard's time zone: calls due outside it are
    // rescheduled to the window's next start ("Reschedule after DND") unless the request set
    // ScheduledAt.BypassCallingWindow. Invalid start: no working window.
    QTime windowStart;
    QTime windowEnd; // exclusive
};

// One call accepted by POST /Campaign/SendMessage, and what became of it.
struct VerloopScheduledMessage
{
    enum class Status {
        Scheduled, // waiting for its time
        Rescheduled, // its time fell outside the campaign's working window: moved to the next start
        Placed, // rung at ringsAt
    };
    QString messageId;
    QString campaignId;
    QString phoneNumber; // as sent
    QString scheduledTime; // ScheduledAt.Time as sent
    QDateTime scheduledAt; // resolved (a time without offset is in the dashboard's time zone)
    bool bypassCallingWindow = false;
    QJsonObject variables;
    QString callbackUrl;
    QJsonObject callbackState;
    Status status = Status::Scheduled;
    QDateTime ringsAt; // UTC on the sandbox's clock: scheduledAt, or the window's next start
    QDateTime placedAt; // UTC on the sandbox's clock, once placed

    static QString statusName(Status status); // "scheduled", "rescheduled", "placed"
};

// A status callback the sandbox posted (or, for a URL off this computer, did not post), as its
// latest attempt left it.
struct VerloopCallbackDelivery
{
    QString messageId;
    QString url;
    QJsonObject payload;
    int httpStatus = 0; // the receiver's answer; 0 when nothing answered or it was not sent
    bool sent = false; // only loopback receivers are posted to: the sandbox never calls out
};

// Verloop's Twirp service (Verloop's "Creating a Voice Campaign (API)" page): POST
// /Campaign/SendMessage schedules one voice-AI call into a published campaign. Errors are Twirp's
// {"code","msg","meta"}; a missing or invalid field is invalid_argument naming the field in msg
// and meta.argument.
//
// Accepted calls are kept and placed at their time on the sandbox's clock: real time, or an
// accelerated clock for tests (setClock). A call due outside its campaign's working window is
// rescheduled to the window's next start unless it bypasses the window. Each change is posted to
// Callback.URL (this computer only) as JSON by the sandbox's one delivery engine; Verloop's
// document describes neither its webhook's body nor its retries, so the sandbox's are its own:
//   {"message_id", "campaign_id", "phone_number", "status": "rescheduled"|"placed",
//    "scheduled_at": ScheduledAt.Time as sent, "rings_at": UTC, "placed_at": UTC (placed only),
//    "updated_at": UTC, when the status changed, "State": Callback.State as sent}
// unsigned, retried like UnlimCall's webhooks (5xx and no answer within 10 s after 1 min,
// doubling, for up to 24 h on the sandbox's clock; 4xx is final).
class VerloopSandbox : public QObject
{
    Q_OBJECT
public:
    explicit VerloopSandbox(SandboxServer *server, QObject *parent = nullptr);
    ~VerloopSandbox() override;

    // The three published campaigns (seeded); the first has a working window (09:00-18:00) and
    // the well-known id demoCampaignId(), for scripts and tests that cannot ask the sandbox.
    QList<VerloopCampaign> campaigns() const { return m_campaigns; }
    // Publishes another campaign (tests choose its window); returns it with its id set if empty.
    VerloopCampaign addCampaign(VerloopCampaign campaign);
    static QString demoCampaignId() { return QStringLiteral("5f0c3a8e-7a43-4b7e-9a52-2d1d5e0c9a11"); }
    // A campaign that exists but is not published: SendMessage refuses it like an unknown one.
    VerloopCampaign draftCampaign() const { return m_draft; }
    QList<VerloopScheduledMessage> scheduledMessages() const { return m_messages; }
    void clearScheduledMessages();
    // The callbacks attempted so far, each as its latest attempt left it.
    QList<VerloopCallbackDelivery> callbackDeliveries() const;
    // The delivery engine behind them (its retries and history), for tests.
    WebhookDeliveries *callbacks() const { return m_callbacks; }
    // "Without offset: interpreted using your dashboard's configured timezone."
    QTimeZone dashboardTimeZone() const;

    // The clock calls are placed by: from now on it reads `startUtc` and runs `speed` times as
    // fast as real time (3600: an hour a second). Default: real time.
    void setClock(const QDateTime &startUtc, double speed = 1.0);
    QDateTime now() const;

Q_SIGNALS:
    void messageChanged(const VerloopScheduledMessage &message);
    // A status callback was answered by its receiver (or could not be delivered), after each attempt.
    void callbackDelivered(const VerloopCallbackDelivery &delivery);

private:
    SandboxResponse sendMessage(const SandboxRequest &request);
    const VerloopCampaign *campaign(const QString &id) const;
    // When a call due at `due` may ring: `due` itself inside the working window, else the
    // window's next start (in the dashboard's zone).
    QDateTime nextRingTime(const VerloopCampaign &campaign, const QDateTime &due) const;
    void armTimer();
    void placeDueCalls();
    void postCallback(const VerloopScheduledMessage &message);
    WebhookDeliveries::Outgoing outgoing(const WebhookDeliveries::Delivery &delivery) const;
    VerloopCallbackDelivery callbackDelivery(const WebhookDeliveries::Delivery &delivery) const;

    QList<VerloopCampaign> m_campaigns;
    VerloopCampaign m_draft;
    QList<VerloopScheduledMessage> m_messages;
    QRandomGenerator m_messageIds;
    QRandomGenerator m_campaignIds;
    SandboxClock m_clock;
    QTimer *m_timer;
    WebhookDeliveries *m_callbacks;
};
