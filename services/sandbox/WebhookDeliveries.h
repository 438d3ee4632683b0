#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSet>
#include <QString>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QTimer;
class SandboxClock;

// How a vendor retries a webhook delivery that did not succeed.
struct WebhookRetryPolicy
{
    // The wait, on the sandbox's clock, after each failed attempt: attempt n + 1 comes
    // retryDelaysSeconds[n - 1] after attempt n failed; after the last wait's attempt the
    // delivery fails.
    QList<qint64> retryDelaysSeconds;
    // A 4xx answer fails the delivery at once (UnlimCall: "4xx = permanent fail"); otherwise every
    // answer but a 2xx, and no answer at all, is retried.
    bool clientErrorIsPermanent = false;
    // The endpoint is disabled after this many failed attempts in a row, whichever deliveries they
    // belonged to (0: never). A 2xx starts the count again.
    int disableAfterConsecutiveFailures = 0;
    // An attempt not answered within this many real milliseconds failed (a timeout, retried).
    int timeoutMs = 10'000;

    // Exponential backoff: waits doubling from `firstSeconds`, as many as end within
    // `withinSeconds` of the first attempt (UnlimCall's "exponential backoff up to 24 h").
    static QList<qint64> doubling(qint64 firstSeconds, qint64 withinSeconds);
};

// The sandbox's one webhook delivery engine, shared by every vendor whose sandbox posts events
// (UnlimCall's hooks, Outreach2day's subscriptions, Verloop's call callbacks). Each vendor module
// owns one, with its retry policy and a `Prepare` function that says, at each attempt, where it
// goes and how it is signed (the subscription's URL and secret at that moment: an update or a
// rotated secret applies to retries too).
//
// A delivery is queued due at once and attempted by dispatchDue() or by the engine's own timer
// when its time comes on the clock (a frozen clock waits for dispatchDue() after it is moved).
// Every attempt POSTs the same body; its outcome and the sandbox-clock time it was made are kept
// for the vendor's deliveries view. Only this computer's endpoints are posted to: a sandbox never
// calls out, so a delivery to anywhere else fails unsent.
class WebhookDeliveries : public QObject
{
    Q_OBJECT
public:
    enum class Status { Pending, Retrying, Succeeded, Failed };
    static QString statusName(Status status); // "pending", "retrying", "succeeded", "failed"

    struct Attempt
    {
        qint64 atMs = 0; // on the sandbox's clock
        int responseStatus = 0; // 0: no answer (or not sent)
        QString error;
        qint64 durationMs = 0;
        bool sent = true;
    };
    struct Delivery
    {
        qint64 number = 0; // 1, 2, ... in the order queued
        QString endpointId; // the subscription it goes to
        QString eventId;
        QString eventType;
        QByteArray body; // the same bytes on every attempt
        qint64 createdAtMs = 0;
        Status status = Status::Pending;
        QList<Attempt> attempts;
        qint64 nextAttemptMs = 0;
        bool inFlight = false;
        QString failure; // why it failed without an attempt of its own (endpoint disabled)
    };
    // What one attempt sends. A non-empty `refusal` fails the delivery unsent (a deleted
    // subscription), recorded as an attempt with that error.
    struct Outgoing
    {
        QUrl url;
        QList<QPair<QByteArray, QByteArray>> headers; // Content-Type is application/json
        QString refusal;
    };
    // `unixSeconds` is the real time of the attempt: a signature's timestamp, which the receiver
    // compares with its own clock, whatever the sandbox's clock reads.
    using Prepare = std::function<Outgoing(const Delivery &delivery, qint64 unixSeconds)>;

    WebhookDeliveries(const SandboxClock *clock, WebhookRetryPolicy policy, Prepare prepare,
                      QObject *parent = nullptr);
    ~WebhookDeliveries() override;

    // Queues `body` for `endpointId`, due now; returns its number. An endpoint already disabled
    // fails it at once.
    qint64 enqueue(const QString &endpointId, const QString &eventId, const QString &eventType,
                   const QByteArray &body);
    // Attempts every delivery due now on the clock and arms the timer for the next one. Call it
    // after moving the clock.
    void dispatchDue();

    const QList<Delivery> &deliveries() const { return m_deliveries; }
    const Delivery *delivery(qint64 number) const;
    bool isDisabled(const QString &endpointId) const { return m_disabled.contains(endpointId); }
    int consecutiveFailures(const QString &endpointId) const { return m_failuresInRow.value(endpointId); }
    const WebhookRetryPolicy &policy() const { return m_policy; }
    void setTimeoutMs(int milliseconds) { m_policy.timeoutMs = milliseconds; }
    // Forgets every delivery and endpoint state (answers still in flight are ignored).
    void clear();

    // Each attempt as {"attempt", "at", "responseStatus", "error", "durationMs"} (null when absent).
    static QJsonArray historyJson(const Delivery &delivery);
    static QString isoTime(qint64 ms); // "2026-03-09T10:00:00Z"

Q_SIGNALS:
    // After each attempt, sent or refused; `delivery` holds it as its last attempt.
    void attemptFinished(const WebhookDeliveries::Delivery &delivery);
    void endpointDisabled(const QString &endpointId);

private:
    void attempt(qsizetype index);
    void finishAttempt(qsizetype index, const Attempt &attempt);
    void countFailure(const QString &endpointId);
    void armTimer();

    const SandboxClock *m_clock;
    WebhookRetryPolicy m_policy;
    Prepare m_prepare;
    QNetworkAccessManager *m_network;
    QTimer *m_timer;
    QList<Delivery> m_deliveries;
    QHash<QString, int> m_failuresInRow;
    QSet<QString> m_disabled;
    int m_generation = 0; // clear() starts a new one; answers of an older one are ignored
};
