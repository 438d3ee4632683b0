#include "VerloopSandbox.h"

#include "SandboxServer.h"

#include <QRegularExpression>

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

VerloopSandbox::VerloopSandbox(SandboxServer *server, QObject *parent)
    : QObject(parent), m_messageIds(server->generator("verloop.messages"))
{
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

    server->route(Vendor::Verloop, "POST", QStringLiteral("/Campaign/SendMessage"),
                  [this](const SandboxRequest &request) { return sendMessage(request); });
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
    const bool known = std::any_of(m_campaigns.cbegin(), m_campaigns.cend(), [&](const VerloopCampaign &c) {
        return c.published && c.id.compare(campaignId.toString(), Qt::CaseInsensitive) == 0;
    });
    if (!known) {
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
    m_messages.append(message);
    return SandboxResponse::json(QJsonObject{{QStringLiteral("message_id"), message.messageId}});
}
