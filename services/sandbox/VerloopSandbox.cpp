#include "VerloopSandbox.h"

#include "SandboxServer.h"

#include <QRegularExpression>
#include <QTimer>

namespace {

SandboxResponse twirpError(int status, const QString &code, const QString &message,
                           const QString &argument = {})
{
    QJsonObject meta;
    if (!argument.isEmpty())
        meta.insert(QStringLiteral("argument"), argument);
    return SandboxServer::error(Vendor::Verloop, status, code, message, meta);
}

SandboxResponse invalidArgument(const QString &argument, const QString &message)
{
    return twirpError(400, QStringLiteral("invalid_argument"), message, argument);
}

bool isUuid(const QString &text)
{
    static const QRegularExpression pattern(
            QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return pattern.match(text).hasMatch();
}

// "The recipient's phone number including country code (e.g., 918123002929)"; E.164 allows at
// most 15 digits.
bool isPhoneNumber(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\+?[1-9][0-9]{7,14}$"));
    return pattern.match(text).hasMatch();
}

// The three documented formats: 2026-03-04T10:15:30Z, 2026-03-04T15:45:30+05:30 and
// 2026-03-04T15:45:30 (dashboard time zone). Nothing else.
QDateTime parseScheduledTime(const QString &text, const QTimeZone &dashboardZone)
{
    static const QRegularExpression pattern(
            QStringLiteral("^(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}:\\d{2})(Z|[+-]\\d{2}:\\d{2})?$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return {};
    const QDate date = QDate::fromString(match.captured(1), Qt::ISODate);
    const QTime time = QTime::fromString(match.captured(2), Qt::ISODate);
    if (!date.isValid() || !time.isValid())
        return {};
    const QString zone = match.captured(3);
    if (zone.isEmpty())
        return QDateTime(date, time, dashboardZone);
    if (zone == QLatin1String("Z"))
        return QDateTime(date, time, QTimeZone::utc());
    const int sign = zone.startsWith(QLatin1Char('-')) ? -1 : 1;
    const int hours = zone.mid(1, 2).toInt();
    const int minutes = zone.mid(4, 2).toInt();
    if (hours > 14 || minutes > 59)
        return {};
    return QDateTime(date, time, QTimeZone(sign * (hours * 3600 + minutes * 60)));
}

} // namespace

QString VerloopScheduledMessage::statusName(Status status)
{
    switch (status) {
    case Status::Scheduled:
        return QStringLiteral("scheduled");
    case Status::Rescheduled:
        return QStringLiteral("rescheduled");
    case Status::Placed:
        return QStringLiteral("placed");
    }
    return {};
}

VerloopSandbox::VerloopSandbox(SandboxServer *server, QObject *parent)
    : QObject(parent),
      m_messageIds(server->generator("verloop.messages")),
      m_campaignIds(server->generator("verloop.added_campaigns")),
      m_timer(new QTimer(this))
{
    WebhookRetryPolicy retries;
    retries.retryDelaysSeconds = WebhookRetryPolicy::doubling(60, 24 * 3600);
    retries.clientErrorIsPermanent = true;
    m_callbacks = new WebhookDeliveries(
            &m_clock, retries,
            [this](const WebhookDeliveries::Delivery &delivery, qint64) { return outgoing(delivery); }, this);
    connect(m_callbacks, &WebhookDeliveries::attemptFinished, this,
            [this](const WebhookDeliveries::Delivery &delivery) {
                Q_EMIT callbackDelivered(callbackDelivery(delivery));
            });
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &VerloopSandbox::placeDueCalls);

    QRandomGenerator generator = server->generator("verloop.campaigns");
    const QStringList purposes = {QStringLiteral("Renewal reminder"),   QStringLiteral("Demo follow-up"),
                                  QStringLiteral("Payment due"),        QStringLiteral("Webinar invite"),
                                  QStringLiteral("Lead qualification"), QStringLiteral("Feedback survey")};
    const QStringList regions = {QStringLiteral("North"), QStringLiteral("South"), QStringLiteral("West"),
                                 QStringLiteral("East"), QStringLiteral("Metro")};
    auto campaign = [&](bool published) {
        VerloopCampaign c;
        c.id = SandboxServer::randomUuid(generator);
        c.name = purposes.at(generator.bounded(int(purposes.size()))) + QStringLiteral(" — ") +
                regions.at(generator.bounded(int(regions.size()))) + QStringLiteral(" #") +
                QString::number(generator.bounded(10, 100));
        c.published = published;
        return c;
    };
    for (int i = 0; i < 3; ++i)
        m_campaigns.append(campaign(true));
    m_draft = campaign(false);
    // The first keeps office hours, as most real campaigns do; the others have no window.
    m_campaigns[0].id = demoCampaignId();
    m_campaigns[0].windowStart = QTime(9, 0);
    m_campaigns[0].windowEnd = QTime(18, 0);

    server->route(Vendor::Verloop, "POST", QStringLiteral("/Campaign/SendMessage"),
                  [this](const SandboxRequest &request) { return sendMessage(request); });
}

VerloopSandbox::~VerloopSandbox() = default;

VerloopCampaign VerloopSandbox::addCampaign(VerloopCampaign campaign)
{
    if (campaign.id.isEmpty())
        campaign.id = SandboxServer::randomUuid(m_campaignIds);
    m_campaigns.append(campaign);
    return campaign;
}

void VerloopSandbox::clearScheduledMessages()
{
    m_messages.clear();
    m_callbacks->clear();
    m_timer->stop();
}

void VerloopSandbox::setClock(const QDateTime &startUtc, double speed)
{
    m_clock.set(startUtc, speed > 0 ? speed : 1.0);
    armTimer();
    m_callbacks->dispatchDue();
}

QDateTime VerloopSandbox::now() const
{
    return QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC);
}

const VerloopCampaign *VerloopSandbox::campaign(const QString &id) const
{
    for (const VerloopCampaign &c : m_campaigns) {
        if (c.id.compare(id, Qt::CaseInsensitive) == 0)
            return &c;
    }
    return nullptr;
}

QDateTime VerloopSandbox::nextRingTime(const VerloopCampaign &campaign, const QDateTime &due) const
{
    if (!campaign.windowStart.isValid() || !campaign.windowEnd.isValid())
        return due;
    const QDateTime local = due.toTimeZone(dashboardTimeZone());
    const QTime t = local.time();
    const QTime start = campaign.windowStart;
    const QTime end = campaign.windowEnd;
    const bool overnight = end <= start; // e.g. 20:00-02:00
    const bool inside = overnight ? (t >= start || t < end) : (t >= start && t < end);
    if (inside)
        return due;
    // Before today's start (or in an overnight window's gap): today's start; else tomorrow's.
    const QDate day = (overnight || t < start) ? local.date() : local.date().addDays(1);
    return QDateTime(day, start, dashboardTimeZone()).toUTC();
}

void VerloopSandbox::armTimer()
{
    QDateTime next;
    for (const VerloopScheduledMessage &message : std::as_const(m_messages)) {
        if (message.status != VerloopScheduledMessage::Status::Placed &&
            (!next.isValid() || message.ringsAt < next))
            next = message.ringsAt;
    }
    if (!next.isValid()) {
        m_timer->stop();
        return;
    }
    m_timer->start(int(qMin<qint64>(m_clock.realMsUntil(next.toMSecsSinceEpoch()), 24LL * 3600 * 1000)));
}

void VerloopSandbox::placeDueCalls()
{
    const QDateTime current = now();
    for (VerloopScheduledMessage &message : m_messages) {
        if (message.status == VerloopScheduledMessage::Status::Placed || message.ringsAt > current)
            continue;
        const VerloopCampaign *c = campaign(message.campaignId);
        const QDateTime allowed =
                (c && !message.bypassCallingWindow) ? nextRingTime(*c, message.ringsAt) : message.ringsAt;
        if (allowed != message.ringsAt) {
            message.ringsAt = allowed;
            message.status = VerloopScheduledMessage::Status::Rescheduled;
        } else {
            message.status = VerloopScheduledMessage::Status::Placed;
            message.placedAt = current;
        }
        Q_EMIT messageChanged(message);
        postCallback(message);
    }
    armTimer();
}

void VerloopSandbox::postCallback(const VerloopScheduledMessage &message)
{
    if (message.callbackUrl.isEmpty())
        return;
    QJsonObject payload{
            {QStringLiteral("message_id"), message.messageId},
            {QStringLiteral("campaign_id"), message.campaignId},
            {QStringLiteral("phone_number"), message.phoneNumber},
            {QStringLiteral("status"), VerloopScheduledMessage::statusName(message.status)},
            {QStringLiteral("scheduled_at"), message.scheduledTime},
            {QStringLiteral("rings_at"), message.ringsAt.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("updated_at"), now().toString(Qt::ISODate)},
            {QStringLiteral("State"), message.callbackState},
    };
    if (message.placedAt.isValid())
        payload.insert(QStringLiteral("placed_at"), message.placedAt.toUTC().toString(Qt::ISODate));
    // Each scheduled call is its own endpoint: its Callback.URL.
    m_callbacks->enqueue(message.messageId, {}, VerloopScheduledMessage::statusName(message.status),
                         QJsonDocument(payload).toJson(QJsonDocument::Compact));
    m_callbacks->dispatchDue();
}

WebhookDeliveries::Outgoing VerloopSandbox::outgoing(const WebhookDeliveries::Delivery &delivery) const
{
    WebhookDeliveries::Outgoing outgoing;
    for (const VerloopScheduledMessage &message : m_messages) {
        if (message.messageId == delivery.endpointId)
            outgoing.url = QUrl(message.callbackUrl);
    }
    return outgoing;
}

VerloopCallbackDelivery VerloopSandbox::callbackDelivery(const WebhookDeliveries::Delivery &delivery) const
{
    VerloopCallbackDelivery callback;
    callback.messageId = delivery.endpointId;
    callback.url = outgoing(delivery).url.toString();
    callback.payload = QJsonDocument::fromJson(delivery.body).object();
    if (!delivery.attempts.isEmpty()) {
        callback.httpStatus = delivery.attempts.constLast().responseStatus;
        callback.sent = delivery.attempts.constLast().sent;
    }
    return callback;
}

QList<VerloopCallbackDelivery> VerloopSandbox::callbackDeliveries() const
{
    QList<VerloopCallbackDelivery> attempted;
    for (const WebhookDeliveries::Delivery &delivery : m_callbacks->deliveries()) {
        if (!delivery.attempts.isEmpty())
            attempted.append(callbackDelivery(delivery));
    }
    return attempted;
}

QTimeZone VerloopSandbox::dashboardTimeZone() const
{
    const QTimeZone zone("Asia/Kolkata");
    return zone.isValid() ? zone : QTimeZone(5 * 3600 + 30 * 60);
}

SandboxResponse VerloopSandbox::sendMessage(const SandboxRequest &request)
{
    // Twirp routes JSON by Content-Type; anything else is not a known route.
    const QByteArray contentType = request.header("Content-Type").toLower();
    if (!contentType.startsWith("application/json")) {
        return SandboxServer::error(
                Vendor::Verloop, 404, QStringLiteral("bad_route"),
                QStringLiteral("unexpected Content-Type: \"%1\"").arg(QString::fromLatin1(contentType)),
                {{QStringLiteral("twirp_invalid_route"), QStringLiteral("POST /Campaign/SendMessage")}});
    }
    bool isObject = false;
    const QJsonObject body = request.jsonObject(&isObject);
    if (!isObject) {
        return twirpError(400, QStringLiteral("malformed"),
                          QStringLiteral("the json request could not be decoded"));
    }

    const QJsonValue campaignId = body.value(QStringLiteral("CampaignID"));
    if (!campaignId.isString() || campaignId.toString().isEmpty())
        return invalidArgument(QStringLiteral("CampaignID"), QStringLiteral("CampaignID is required"));
    if (!isUuid(campaignId.toString()))
        return invalidArgument(QStringLiteral("CampaignID"), QStringLiteral("CampaignID must be a UUID"));
    const VerloopCampaign *known = campaign(campaignId.toString());
    if (!known || !known->published) {
        return invalidArgument(QStringLiteral("CampaignID"),
                               QStringLiteral("CampaignID: campaign not found or not published"));
    }

    const QJsonValue to = body.value(QStringLiteral("To"));
    if (!to.isObject())
        return invalidArgument(QStringLiteral("To.PhoneNumber"),
                               QStringLiteral("To.PhoneNumber is required"));
    const QJsonValue phone = to.toObject().value(QStringLiteral("PhoneNumber"));
    if (!phone.isString() || phone.toString().isEmpty())
        return invalidArgument(QStringLiteral("To.PhoneNumber"),
                               QStringLiteral("To.PhoneNumber is required"));
    if (!isPhoneNumber(phone.toString())) {
        return invalidArgument(QStringLiteral("To.PhoneNumber"),
                               QStringLiteral("To.PhoneNumber must be digits including the country code, "
                                              "e.g. 918123002929"));
    }

    const QJsonValue scheduledAt = body.value(QStringLiteral("ScheduledAt"));
    if (!scheduledAt.isObject())
        return invalidArgument(QStringLiteral("ScheduledAt"), QStringLiteral("ScheduledAt is required"));
    const QJsonObject schedule = scheduledAt.toObject();
    const QJsonValue time = schedule.value(QStringLiteral("Time"));
    if (!time.isString() || time.toString().isEmpty())
        return invalidArgument(QStringLiteral("ScheduledAt.Time"),
                               QStringLiteral("ScheduledAt.Time is required"));
    const QDateTime when = parseScheduledTime(time.toString(), dashboardTimeZone());
    if (!when.isValid()) {
        return invalidArgument(QStringLiteral("ScheduledAt.Time"),
                               QStringLiteral("ScheduledAt.Time must be ISO 8601: 2026-03-04T10:15:30Z, "
                                              "2026-03-04T15:45:30+05:30 or 2026-03-04T15:45:30"));
    }
    const QJsonValue bypass = schedule.value(QStringLiteral("BypassCallingWindow"));
    if (!bypass.isUndefined() && !bypass.isNull() && !bypass.isBool()) {
        return invalidArgument(QStringLiteral("ScheduledAt.BypassCallingWindow"),
                               QStringLiteral("ScheduledAt.BypassCallingWindow must be a boolean"));
    }

    const QJsonValue variables = body.value(QStringLiteral("Variables"));
    if (!variables.isUndefined() && !variables.isNull() && !variables.isObject())
        return invalidArgument(QStringLiteral("Variables"), QStringLiteral("Variables must be an object"));

    const QJsonValue callback = body.value(QStringLiteral("Callback"));
    QString callbackUrl;
    QJsonObject callbackState;
    if (!callback.isUndefined() && !callback.isNull()) {
        if (!callback.isObject())
            return invalidArgument(QStringLiteral("Callback"), QStringLiteral("Callback must be an object"));
        const QJsonValue url = callback.toObject().value(QStringLiteral("URL"));
        if (!url.isUndefined() && !url.isNull()) {
            const QUrl parsed(url.toString(), QUrl::StrictMode);
            if (!url.isString() || !parsed.isValid() ||
                (parsed.scheme() != QLatin1String("https") && parsed.scheme() != QLatin1String("http")) ||
                parsed.host().isEmpty()) {
                return invalidArgument(QStringLiteral("Callback.URL"),
                                       QStringLiteral("Callback.URL must be an absolute http(s) URL"));
            }
            callbackUrl = url.toString();
        }
        const QJsonValue state = callback.toObject().value(QStringLiteral("State"));
        if (!state.isUndefined() && !state.isNull() && !state.isObject())
            return invalidArgument(QStringLiteral("Callback.State"),
                                   QStringLiteral("Callback.State must be an object"));
        callbackState = state.toObject();
    }

    VerloopScheduledMessage message;
    message.messageId = SandboxServer::randomUuid(m_messageIds);
    message.campaignId = campaignId.toString();
    message.phoneNumber = phone.toString();
    message.scheduledTime = time.toString();
    message.scheduledAt = when;
    message.bypassCallingWindow = bypass.toBool(false);
    message.variables = variables.toObject();
    message.callbackUrl = callbackUrl;
    message.callbackState = callbackState;
    message.ringsAt = when.toUTC();
    m_messages.append(message);
    armTimer();
    return SandboxResponse::json(QJsonObject{{QStringLiteral("message_id"), message.messageId}});
}
