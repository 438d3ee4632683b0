#include "WebhookDeliveries.h"

#include "SandboxClock.h"
#include "core/UrlPolicy.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

QList<qint64> WebhookRetryPolicy::doubling(qint64 firstSeconds, qint64 withinSeconds)
{
    QList<qint64> delays;
    qint64 total = 0;
    for (qint64 delay = qMax<qint64>(1, firstSeconds); total + delay <= withinSeconds; delay *= 2) {
        delays.append(delay);
        total += delay;
    }
    return delays;
}

QString WebhookDeliveries::statusName(Status status)
{
    switch (status) {
    case Status::Pending:
        return QStringLiteral("pending");
    case Status::Retrying:
        return QStringLiteral("retrying");
    case Status::Succeeded:
        return QStringLiteral("succeeded");
    case Status::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString WebhookDeliveries::isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms - ms % 1000, Qt::UTC).toString(Qt::ISODate);
}

WebhookDeliveries::WebhookDeliveries(const SandboxClock *clock, WebhookRetryPolicy policy, Prepare prepare,
                                     QObject *parent)
    : QObject(parent),
      m_clock(clock),
      m_policy(std::move(policy)),
      m_prepare(std::move(prepare)),
      m_network(new QNetworkAccessManager(this)),
      m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &WebhookDeliveries::dispatchDue);
}

WebhookDeliveries::~WebhookDeliveries() = default;

qint64 WebhookDeliveries::enqueue(const QString &endpointId, const QString &eventId, const QString &eventType,
                                  const QByteArray &body)
{
    Delivery delivery;
    delivery.number = m_deliveries.size() + 1;
    delivery.endpointId = endpointId;
    delivery.eventId = eventId;
    delivery.eventType = eventType;
    delivery.body = body;
    delivery.createdAtMs = delivery.nextAttemptMs = m_clock->nowMs();
    if (isDisabled(endpointId)) {
        delivery.status = Status::Failed;
        delivery.failure = QStringLiteral("The endpoint is disabled.");
    }
    m_deliveries.append(delivery);
    armTimer();
    return delivery.number;
}

const WebhookDeliveries::Delivery *WebhookDeliveries::delivery(qint64 number) const
{
    return number >= 1 && number <= m_deliveries.size() ? &m_deliveries.at(number - 1) : nullptr;
}

void WebhookDeliveries::clear()
{
    m_deliveries.clear();
    m_failuresInRow.clear();
    m_disabled.clear();
    ++m_generation;
    m_timer->stop();
}

void WebhookDeliveries::dispatchDue()
{
    const qint64 now = m_clock->nowMs();
    for (qsizetype i = 0; i < m_deliveries.size(); ++i) {
        const Delivery &delivery = m_deliveries.at(i);
        if ((delivery.status == Status::Pending || delivery.status == Status::Retrying) &&
            !delivery.inFlight && delivery.nextAttemptMs <= now)
            attempt(i);
    }
    armTimer();
}

void WebhookDeliveries::armTimer()
{
    qint64 next = -1;
    for (const Delivery &delivery : std::as_const(m_deliveries)) {
        if ((delivery.status == Status::Pending || delivery.status == Status::Retrying) &&
            !delivery.inFlight && (next < 0 || delivery.nextAttemptMs < next))
            next = delivery.nextAttemptMs;
    }
    const qint64 wait = next < 0 ? -1 : m_clock->realMsUntil(next);
    if (wait < 0) {
        m_timer->stop(); // nothing waits, or a frozen clock: dispatchDue() after it moves
        return;
    }
    m_timer->start(int(qMin<qint64>(wait, 24LL * 3600 * 1000)));
}

void WebhookDeliveries::attempt(qsizetype index)
{
    Attempt attempt;
    attempt.atMs = m_clock->nowMs();
    const Outgoing outgoing = m_prepare(m_deliveries.at(index), QDateTime::currentSecsSinceEpoch());
    QString refusal = outgoing.refusal;
    if (refusal.isEmpty() && !UrlPolicy::isLoopbackHost(outgoing.url.host()))
        refusal = QStringLiteral("Not sent: the sandbox only delivers to this computer.");
    if (!refusal.isEmpty()) {
        attempt.sent = false;
        attempt.error = refusal;
        Delivery &delivery = m_deliveries[index];
        delivery.attempts.append(attempt);
        delivery.status = Status::Failed;
        Q_EMIT attemptFinished(delivery);
        return;
    }
    QNetworkRequest request(outgoing.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : outgoing.headers)
        request.setRawHeader(name, value);
    request.setTransferTimeout(m_policy.timeoutMs);
    // A redirect is an answer other than 2xx, as at the vendors: never followed.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    m_deliveries[index].inFlight = true;
    QElapsedTimer elapsed;
    elapsed.start();
    QNetworkReply *reply = m_network->post(request, m_deliveries.at(index).body);
    const int generation = m_generation;
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, index, attempt, elapsed, generation]() mutable {
                reply->deleteLater();
                if (generation != m_generation)
                    return;
                attempt.responseStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                attempt.durationMs = elapsed.elapsed();
                if (attempt.responseStatus == 0)
                    attempt.error = reply->error() == QNetworkReply::OperationCanceledError
                            ? QStringLiteral("No answer within %1 ms.").arg(m_policy.timeoutMs)
                            : reply->errorString();
                else if (attempt.responseStatus / 100 != 2)
                    attempt.error = QStringLiteral("The endpoint answered %1.").arg(attempt.responseStatus);
                finishAttempt(index, attempt);
            });
}

void WebhookDeliveries::finishAttempt(qsizetype index, const Attempt &attempt)
{
    Delivery &delivery = m_deliveries[index];
    delivery.inFlight = false;
    delivery.attempts.append(attempt);
    const bool succeeded = attempt.responseStatus / 100 == 2;
    const bool permanent = m_policy.clientErrorIsPermanent && attempt.responseStatus / 100 == 4;
    const qsizetype retries = delivery.attempts.size() - 1;
    if (succeeded) {
        delivery.status = Status::Succeeded;
        m_failuresInRow.remove(delivery.endpointId);
    } else if (isDisabled(delivery.endpointId)) { // disabled while this attempt was in flight
        delivery.status = Status::Failed;
        delivery.failure = QStringLiteral("The endpoint is disabled.");
    } else if (permanent || retries >= m_policy.retryDelaysSeconds.size()) {
        delivery.status = Status::Failed;
    } else {
        delivery.status = Status::Retrying;
        delivery.nextAttemptMs = m_clock->nowMs() + m_policy.retryDelaysSeconds.at(retries) * 1000;
    }
    const QString endpointId = delivery.endpointId;
    Q_EMIT attemptFinished(m_deliveries.at(index));
    if (!succeeded)
        countFailure(endpointId);
    armTimer();
}

void WebhookDeliveries::countFailure(const QString &endpointId)
{
    const int inRow = ++m_failuresInRow[endpointId];
    if (m_policy.disableAfterConsecutiveFailures <= 0 || inRow < m_policy.disableAfterConsecutiveFailures ||
        m_disabled.contains(endpointId))
        return;
    m_disabled.insert(endpointId);
    const QString why = QStringLiteral("The endpoint was disabled after %1 consecutive failures.").arg(inRow);
    for (Delivery &delivery : m_deliveries) {
        if (delivery.endpointId == endpointId &&
            (delivery.status == Status::Pending || delivery.status == Status::Retrying)) {
            delivery.status = Status::Failed;
            delivery.failure = why;
        }
    }
    Q_EMIT endpointDisabled(endpointId);
}

QJsonArray WebhookDeliveries::historyJson(const Delivery &delivery)
{
    QJsonArray history;
    for (qsizetype i = 0; i < delivery.attempts.size(); ++i) {
        const Attempt &attempt = delivery.attempts.at(i);
        history.append(QJsonObject{
                {QStringLiteral("attempt"), int(i + 1)},
                {QStringLiteral("at"), isoTime(attempt.atMs)},
                {QStringLiteral("responseStatus"),
                 attempt.responseStatus ? QJsonValue(attempt.responseStatus) : QJsonValue()},
                {QStringLiteral("error"), attempt.error.isEmpty() ? QJsonValue() : QJsonValue(attempt.error)},
                {QStringLiteral("durationMs"), attempt.durationMs}});
    }
    return history;
}
