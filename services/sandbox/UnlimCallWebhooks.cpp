#include "UnlimCallWebhooks.h"

#include "SandboxServer.h"
#include "core/Iso8601.h"
#include "core/UrlPolicy.h"

#include <QJsonArray>
#include <QMessageAuthenticationCode>

namespace {

QString callOutcomeName(UnlimCallWebhooks::CallOutcome outcome)
{
    switch (outcome) {
    case UnlimCallWebhooks::CallOutcome::Ended:
        return QStringLiteral("ended");
    case UnlimCallWebhooks::CallOutcome::Transferred:
        return QStringLiteral("transferred");
    case UnlimCallWebhooks::CallOutcome::DoNotCall:
        return QStringLiteral("dnc");
    }
    return {};
}

QString hookStateName(UnlimCallWebhooks::Hook::State state)
{
    switch (state) {
    case UnlimCallWebhooks::Hook::State::Active:
        return QStringLiteral("active");
    case UnlimCallWebhooks::Hook::State::Deleted:
        return QStringLiteral("deleted");
    case UnlimCallWebhooks::Hook::State::Disabled:
        return QStringLiteral("disabled");
    }
    return {};
}

// Where the sandbox has no contact records: a contact id that is the same for the same number.
QString contactIdOf(const QString &phone)
{
    QString digits;
    for (const QChar c : phone) {
        if (c.isDigit())
            digits.append(c);
    }
    return QStringLiteral("ct_") + digits;
}

SandboxResponse invalidControl(const QString &message)
{
    return SandboxResponse::json(QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_control")},
                                             {QStringLiteral("message"), message}},
                                 400);
}

} // namespace

UnlimCallWebhooks::UnlimCallWebhooks(QRandomGenerator eventIds, QObject *parent)
    : QObject(parent),
      m_eventIds(eventIds),
      m_deliveries(new WebhookDeliveries(
              &m_clock, retryPolicy(),
              [this](const WebhookDeliveries::Delivery &delivery, qint64 unixSeconds) {
                  return outgoing(delivery, unixSeconds);
              },
              this))
{
    connect(m_deliveries, &WebhookDeliveries::endpointDisabled, this, [this](const QString &hookId) {
        if (Hook *disabled = hook(hookId); disabled && disabled->state == Hook::State::Active)
            disabled->state = Hook::State::Disabled;
    });
}

UnlimCallWebhooks::~UnlimCallWebhooks() = default;

QStringList UnlimCallWebhooks::eventTypes()
{
    return {QStringLiteral("call.ended"), QStringLiteral("call.transferred"),
            QStringLiteral("disposition.set"), QStringLiteral("dnc.added"), QStringLiteral("lead.completed")};
}

WebhookRetryPolicy UnlimCallWebhooks::retryPolicy()
{
    WebhookRetryPolicy policy;
    policy.retryDelaysSeconds = WebhookRetryPolicy::doubling(60, 24 * 3600);
    policy.clientErrorIsPermanent = true;
    policy.disableAfterConsecutiveFailures = 10;
    return policy;
}

QByteArray UnlimCallWebhooks::signatureHeader(const QString &secret, qint64 unixSeconds,
                                              const QByteArray &body)
{
    const QByteArray t = QByteArray::number(unixSeconds);
    const QByteArray mac =
            QMessageAuthenticationCode::hash(t + '.' + body, secret.toUtf8(), QCryptographicHash::Sha256);
    return "t=" + t + ",v1=" + mac.toHex();
}

bool UnlimCallWebhooks::acceptsTargetUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return false;
    return url.scheme() == QLatin1String("https") ||
            (url.scheme() == QLatin1String("http") && UrlPolicy::isLoopbackHost(url.host()));
}

UnlimCallWebhooks::Hook *UnlimCallWebhooks::hook(const QString &id)
{
    for (Hook &candidate : m_hooks) {
        if (candidate.id.compare(id, Qt::CaseInsensitive) == 0)
            return &candidate;
    }
    return nullptr;
}

const UnlimCallWebhooks::Hook *UnlimCallWebhooks::hook(const QString &id) const
{
    return const_cast<UnlimCallWebhooks *>(this)->hook(id);
}

void UnlimCallWebhooks::addHook(const Hook &hook)
{
    m_hooks.append(hook);
}

bool UnlimCallWebhooks::removeHook(const QString &id)
{
    Hook *removed = hook(id);
    if (!removed || removed->state != Hook::State::Active)
        return false;
    removed->state = Hook::State::Deleted; // soft delete: the delivery history stays
    return true;
}

int UnlimCallWebhooks::activeHookCount() const
{
    return int(std::count_if(m_hooks.cbegin(), m_hooks.cend(),
                             [](const Hook &hook) { return hook.state == Hook::State::Active; }));
}

void UnlimCallWebhooks::setNextCall(CallOutcome outcome, const QString &transferTarget)
{
    m_nextCall = outcome;
    m_nextTransferTarget = transferTarget;
}

UnlimCallWebhooks::CallOutcome UnlimCallWebhooks::takeNextCall(QString *transferTarget)
{
    const CallOutcome outcome = m_nextCall;
    *transferTarget = m_nextTransferTarget.isEmpty() ? QStringLiteral("+14155550123") : m_nextTransferTarget;
    setNextCall(CallOutcome::Ended);
    return outcome;
}

void UnlimCallWebhooks::resetSwitches()
{
    setNextCall(CallOutcome::Ended);
    m_deliveries->setTimeoutMs(retryPolicy().timeoutMs);
}

void UnlimCallWebhooks::clockMoved()
{
    m_deliveries->dispatchDue();
}

// ---------------------------------------------------------------------------------------------
// Events

void UnlimCallWebhooks::callEnded(const SimulatedCall &call)
{
    const qint64 durationMs = qint64(call.durationSec) * 1000;
    const qint64 startedMs = call.startedMs > 0 ? call.startedMs : m_clock.nowMs() - durationMs;
    const qint64 endedMs = startedMs + durationMs;
    const bool transferred = call.outcome == CallOutcome::Transferred;
    const bool dnc = call.outcome == CallOutcome::DoNotCall;
    const QString disposition = transferred ? QStringLiteral("transferred")
            : dnc                           ? QStringLiteral("do_not_call")
                                            : QStringLiteral("follow_up");
    const QJsonObject common{{QStringLiteral("callId"), call.callId},
                             {QStringLiteral("contactId"), contactIdOf(call.phone)},
                             {QStringLiteral("phone"), call.phone},
                             {QStringLiteral("aiAgentId"), call.aiAgentId}};
    auto with = [&common](std::initializer_list<QPair<QString, QJsonValue>> fields) {
        QJsonObject object = common;
        for (const auto &[key, value] : fields)
            object.insert(key, value);
        return object;
    };
    const QString sentiment = transferred ? QStringLiteral("positive")
            : dnc                         ? QStringLiteral("negative")
                                          : QStringLiteral("neutral");
    if (transferred) // the AI agent hands over a few seconds before its leg of the call ends
        publish(QStringLiteral("call.transferred"),
                with({{QStringLiteral("transferTarget"), call.transferTarget},
                      {QStringLiteral("sentimentLabel"), sentiment},
                      {QStringLiteral("transferInitiated"), true}}),
                endedMs - 5000);
    QJsonObject ended = with({{QStringLiteral("durationSec"), call.durationSec},
                              {QStringLiteral("dispositionCode"), disposition},
                              {QStringLiteral("hangupReason"),
                               transferred ? QStringLiteral("transferred") : QStringLiteral("agent_hangup")},
                              {QStringLiteral("sentimentLabel"), sentiment},
                              {QStringLiteral("transferInitiated"), transferred},
                              {QStringLiteral("startedAt"), WebhookDeliveries::isoTime(startedMs)},
                              {QStringLiteral("endedAt"), WebhookDeliveries::isoTime(endedMs)}});
    if (transferred)
        ended.insert(QStringLiteral("transferTarget"), call.transferTarget);
    publish(QStringLiteral("call.ended"), ended, endedMs);
    publish(QStringLiteral("disposition.set"),
            with({{QStringLiteral("dispositionCode"), disposition},
                  {QStringLiteral("terminal"), transferred || dnc},
                  {QStringLiteral("triggersDnc"), dnc},
                  {QStringLiteral("actor"), QStringLiteral("ai")}}),
            endedMs);
    if (dnc)
        publish(QStringLiteral("dnc.added"),
                with({{QStringLiteral("dispositionCode"), disposition},
                      {QStringLiteral("actor"), QStringLiteral("ai")}}),
                endedMs);
    if (transferred || dnc)
        publish(QStringLiteral("lead.completed"), with({{QStringLiteral("dispositionCode"), disposition}}),
                endedMs);
    m_deliveries->dispatchDue();
}

void UnlimCallWebhooks::publish(const QString &type, const QJsonObject &fields, qint64 atMs)
{
    const QString eventId = QStringLiteral("evt_") + SandboxServer::randomUuid(m_eventIds);
    QJsonObject payload = fields;
    payload.insert(QStringLiteral("event"), type);
    payload.insert(QStringLiteral("eventId"), eventId);
    payload.insert(QStringLiteral("occurredAt"), WebhookDeliveries::isoTime(atMs));
    const QByteArray body = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    for (const Hook &subscribed : std::as_const(m_hooks)) {
        if (subscribed.state == Hook::State::Active && subscribed.event == type)
            m_deliveries->enqueue(subscribed.id, eventId, type, body);
    }
}

// Deliveries do not name their hook: only the signature says which secret signed them.
WebhookDeliveries::Outgoing UnlimCallWebhooks::outgoing(const WebhookDeliveries::Delivery &delivery,
                                                        qint64 unixSeconds) const
{
    WebhookDeliveries::Outgoing outgoing;
    const Hook *target = hook(delivery.endpointId);
    if (!target || target->state != Hook::State::Active) {
        outgoing.refusal = QStringLiteral("The hook was deleted.");
        return outgoing;
    }
    outgoing.url = QUrl(target->targetUrl);
    outgoing.headers = {
            {"User-Agent", "UnlimCall-Webhooks (sandbox)"},
            {"X-Unlimcall-Signature", signatureHeader(target->secret, unixSeconds, delivery.body)}};
    return outgoing;
}

// ---------------------------------------------------------------------------------------------
// Control endpoints

QJsonObject UnlimCallWebhooks::controlState() const
{
    return QJsonObject{{QStringLiteral("nextCall"), callOutcomeName(m_nextCall)},
                       {QStringLiteral("transferTarget"), m_nextTransferTarget},
                       {QStringLiteral("now"), WebhookDeliveries::isoTime(m_clock.nowMs())},
                       {QStringLiteral("clockSpeed"), m_clock.speed()},
                       {QStringLiteral("webhookTimeoutMs"), m_deliveries->policy().timeoutMs}};
}

SandboxResponse UnlimCallWebhooks::control(const SandboxRequest &request)
{
    if (request.method == "GET")
        return SandboxResponse::json(controlState());
    if (request.method != "POST")
        return SandboxResponse::json(
                QJsonObject{{QStringLiteral("error"), QStringLiteral("method_not_allowed")}}, 405);
    bool isObject = false;
    const QJsonObject body = request.jsonObject(&isObject);
    if (!isObject)
        return invalidControl(QStringLiteral("The body must be a JSON object."));
    // Everything is checked before anything changes.
    std::optional<CallOutcome> nextCall;
    if (body.contains(QStringLiteral("nextCall"))) {
        const QString name = body.value(QStringLiteral("nextCall")).toString();
        for (CallOutcome outcome : {CallOutcome::Ended, CallOutcome::Transferred, CallOutcome::DoNotCall}) {
            if (callOutcomeName(outcome) == name)
                nextCall = outcome;
        }
        if (!nextCall)
            return invalidControl(QStringLiteral("nextCall must be \"ended\", \"transferred\" or \"dnc\"."));
    }
    const QString transferTarget = body.value(QStringLiteral("transferTarget")).toString();
    const double speed = body.value(QStringLiteral("clockSpeed")).toDouble(-1);
    if (body.contains(QStringLiteral("clockSpeed")) && (speed < 0 || speed > 1'000'000))
        return invalidControl(QStringLiteral("clockSpeed must be a number from 0 to 1000000."));
    const double seconds = body.value(QStringLiteral("advanceSeconds")).toDouble(-1);
    if (body.contains(QStringLiteral("advanceSeconds")) && (seconds < 0 || seconds > 31'622'400))
        return invalidControl(QStringLiteral("advanceSeconds must be a number from 0 to 31622400."));
    QDateTime now;
    if (body.contains(QStringLiteral("now"))) {
        now = Iso8601::toDateTime(body.value(QStringLiteral("now")).toString());
        if (!now.isValid() || now.toMSecsSinceEpoch() < m_clock.nowMs())
            return invalidControl(
                    QStringLiteral("now must be an ISO 8601 time no earlier than the clock's."));
    }
    const int timeoutMs = body.value(QStringLiteral("webhookTimeoutMs")).toInt(-1);
    if (body.contains(QStringLiteral("webhookTimeoutMs")) && (timeoutMs < 1 || timeoutMs > 60'000))
        return invalidControl(QStringLiteral("webhookTimeoutMs must be a whole number from 1 to 60000."));

    if (nextCall)
        setNextCall(*nextCall, transferTarget);
    if (body.contains(QStringLiteral("clockSpeed")))
        m_clock.setSpeed(speed);
    if (now.isValid())
        m_clock.advanceTo(now);
    if (body.contains(QStringLiteral("advanceSeconds")))
        m_clock.advance(qint64(seconds));
    if (timeoutMs > 0)
        m_deliveries->setTimeoutMs(timeoutMs);
    clockMoved();
    return SandboxResponse::json(controlState());
}

SandboxResponse UnlimCallWebhooks::deliveriesView() const
{
    QJsonArray hooks;
    for (const Hook &each : m_hooks) {
        hooks.append(QJsonObject{
                {QStringLiteral("id"), each.id},
                {QStringLiteral("event"), each.event},
                {QStringLiteral("target_url"), each.targetUrl},
                {QStringLiteral("status"), hookStateName(each.state)},
                {QStringLiteral("consecutiveFailures"), m_deliveries->consecutiveFailures(each.id)}});
    }
    QJsonArray deliveries;
    for (const WebhookDeliveries::Delivery &delivery : m_deliveries->deliveries()) {
        const WebhookDeliveries::Attempt last =
                delivery.attempts.isEmpty() ? WebhookDeliveries::Attempt() : delivery.attempts.constLast();
        const QString error = last.error.isEmpty() ? delivery.failure : last.error;
        QJsonObject object{{QStringLiteral("id"), delivery.number},
                           {QStringLiteral("hookId"), delivery.endpointId},
                           {QStringLiteral("eventId"), delivery.eventId},
                           {QStringLiteral("event"), delivery.eventType},
                           {QStringLiteral("status"), WebhookDeliveries::statusName(delivery.status)},
                           {QStringLiteral("attempts"), int(delivery.attempts.size())},
                           {QStringLiteral("inFlight"), delivery.inFlight},
                           {QStringLiteral("responseStatus"),
                            last.responseStatus ? QJsonValue(last.responseStatus) : QJsonValue()},
                           {QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error)},
                           {QStringLiteral("createdAt"), WebhookDeliveries::isoTime(delivery.createdAtMs)},
                           {QStringLiteral("history"), WebhookDeliveries::historyJson(delivery)}};
        if (delivery.status == WebhookDeliveries::Status::Retrying)
            object.insert(QStringLiteral("nextAttemptAt"),
                          WebhookDeliveries::isoTime(delivery.nextAttemptMs));
        deliveries.append(object);
    }
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("hooks"), hooks}, {QStringLiteral("deliveries"), deliveries}});
}
