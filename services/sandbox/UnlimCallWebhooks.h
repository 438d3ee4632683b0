#pragma once

#include "SandboxClock.h"
#include "WebhookDeliveries.h"

#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QString>

struct SandboxRequest;
struct SandboxResponse;

// UnlimCall's REST hooks as its sandbox keeps them, and the events of its simulated AI-agent
// calls, delivered as the UnlimCall API reference ("Webhooks (REST hooks)") describes:
//  - each hook subscribes one event type (call.ended, call.transferred, disposition.set,
//    dnc.added, lead.completed) at its target_url with its whsec_ secret;
//  - a delivery POSTs the event's JSON, signed `X-Unlimcall-Signature: t=<unix>,v1=<hex>`: the
//    HMAC-SHA256 of "${t}.${rawBody}" keyed with the UTF-8 bytes of the whole whsec_ string
//    (Stripe's convention; the reference does not say more), t the real time of the attempt;
//  - 2xx delivered, 4xx a permanent failure, 5xx and no answer within 10 s retried with
//    exponential backoff (1 min, doubling, for up to 24 h) on the sandbox's clock; a hook is
//    disabled after 10 consecutive failed attempts (its pending deliveries fail with it, and
//    DELETE answers not_found as for a disabled hook).
// The payload: {"event", "eventId" ("evt_…", the same on every retry), "occurredAt" (when it
// happened: the call record's start + duration for call.ended), "callId", "contactId", "phone"
// (E.164), "aiAgentId"} plus, per event,
// call.ended: durationSec, dispositionCode, hangupReason, sentimentLabel, transferInitiated,
// startedAt, endedAt (and transferTarget when transferred); call.transferred: the call fields
// and transferTarget; disposition.set: dispositionCode, terminal, triggersDnc, actor;
// dnc.added: dispositionCode, actor; lead.completed: dispositionCode.
//
// How a call ends is a test switch (setNextCall): normally call.ended and a non-terminal
// disposition.set ("follow_up"); Transferred adds call.transferred before the end and a
// terminal "transferred" disposition with lead.completed; DoNotCall gives a terminal
// "do_not_call" disposition with triggersDnc, dnc.added and lead.completed.
class UnlimCallWebhooks : public QObject
{
    Q_OBJECT
public:
    enum class CallOutcome { Ended, Transferred, DoNotCall };
    struct SimulatedCall
    {
        QString callId;
        QString phone; // E.164
        QString aiAgentId;
        int durationSec = 0;
        // When the call started, as its call record says (0: durationSec before the call ends on
        // the sandbox's clock). The events carry the record's times, so a call seen by webhook
        // and by its CDR agrees on when it ended, as it would at UnlimCall.
        qint64 startedMs = 0;
        CallOutcome outcome = CallOutcome::Ended;
        QString transferTarget; // Transferred only
    };
    struct Hook
    {
        QString id;
        QString event;
        QString targetUrl;
        QString secret;
        enum class State { Active, Deleted, Disabled } state = State::Active;
    };

    explicit UnlimCallWebhooks(QRandomGenerator eventIds, QObject *parent = nullptr);
    ~UnlimCallWebhooks() override;

    static QStringList eventTypes();
    static WebhookRetryPolicy retryPolicy();
    // The X-Unlimcall-Signature value for `body` sent at `unixSeconds`.
    static QByteArray signatureHeader(const QString &secret, qint64 unixSeconds, const QByteArray &body);
    // http is allowed for this computer only (the sandbox's allowance for local receivers);
    // anywhere else must be https.
    static bool acceptsTargetUrl(const QUrl &url);

    void addHook(const Hook &hook);
    // False when the hook is unknown, deleted or disabled (the reference's not_found).
    bool removeHook(const QString &id);
    int activeHookCount() const;

    // The call ended: its events, queued for every active hook of their type, and posted.
    void callEnded(const SimulatedCall &call);

    // --- Test switches (also GET/POST /_sandbox/unlimcall) -------------------------------------
    // How the next call placed ends (once; then calls end normally again).
    void setNextCall(CallOutcome outcome, const QString &transferTarget = {});
    // The outcome for a call placed now, consuming the switch.
    CallOutcome takeNextCall(QString *transferTarget);
    SandboxClock &clock() { return m_clock; }
    // After the clock moved: the deliveries now due are attempted.
    void clockMoved();
    WebhookDeliveries *deliveries() const { return m_deliveries; }
    void resetSwitches();

    // GET/POST /_sandbox/unlimcall and GET /_sandbox/unlimcall/deliveries.
    SandboxResponse control(const SandboxRequest &request);
    SandboxResponse deliveriesView() const;

private:
    void publish(const QString &type, const QJsonObject &fields, qint64 atMs);
    WebhookDeliveries::Outgoing outgoing(const WebhookDeliveries::Delivery &delivery,
                                         qint64 unixSeconds) const;
    QJsonObject controlState() const;
    Hook *hook(const QString &id);
    const Hook *hook(const QString &id) const;

    QRandomGenerator m_eventIds;
    SandboxClock m_clock;
    WebhookDeliveries *m_deliveries;
    QList<Hook> m_hooks; // in creation order (deleted and disabled ones kept)
    CallOutcome m_nextCall = CallOutcome::Ended;
    QString m_nextTransferTarget;
};
