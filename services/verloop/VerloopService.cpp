#include "VerloopService.h"

#include "core/ApiCall.h"
#include "core/UrlPolicy.h"
#include "core/VendorClient.h"
#include "phone/PhoneNumbers.h"

#include <QDateTime>
#include <QTimer>
#include <QUuid>

namespace {
ApiError invalid(const QString &sentence)
{
    return ApiError::local(Vendor::Verloop, QStringLiteral("invalid_message"), sentence);
}
} // namespace

QString VerloopMessage::scheduledTimeText() const
{
    if (!scheduledAt.isValid())
        return {};
    // Whole seconds (the documented examples have none finer), in the time's own offset.
    const QDateTime whole = scheduledAt.addMSecs(-scheduledAt.time().msec());
    if (whole.timeSpec() == Qt::UTC || whole.offsetFromUtc() == 0)
        return whole.toUTC().toString(Qt::ISODate); // "...Z"
    // An offset, never a zone-less local time, whatever zone the QDateTime carries.
    return whole.toOffsetFromUtc(whole.offsetFromUtc()).toString(Qt::ISODate);
}

QString VerloopMessage::phoneDigits() const
{
    const std::optional<QString> e164 = PhoneNumbers::toE164(phoneNumber, defaultRegion);
    return e164 ? e164->mid(1) : QString();
}

QString VerloopMessage::problem() const
{
    if (campaignId.trimmed().isEmpty())
        return tr("Enter the Campaign ID of a published Verloop campaign (its trigger must be \"Via API\").");
    if (QUuid::fromString(campaignId.trimmed()).isNull())
        return tr("The Campaign ID must be the UUID shown in the Verloop Outreach dashboard, like "
                  "ac3bf462-ec44-46d4-9e8e-8edda9cffe58.");
    if (phoneNumber.trimmed().isEmpty())
        return tr("Enter the phone number to call, with its country code.");
    const QString phoneProblem = PhoneNumbers::problem(phoneNumber, defaultRegion);
    if (!phoneProblem.isEmpty())
        return phoneProblem;
    if (!scheduledAt.isValid())
        return tr("Choose when Verloop should place the call (Verloop requires a time).");
    if (const QString urlProblem = callbackUrlProblem(callbackUrl); !urlProblem.isEmpty())
        return urlProblem;
    for (auto it = variables.constBegin(); it != variables.constEnd(); ++it) {
        if (it.key().trimmed().isEmpty())
            return tr("A recipe variable has no name.");
    }
    return {};
}

QString VerloopMessage::callbackUrlProblem(const QUrl &url)
{
    if (url.isEmpty())
        return {};
    const bool https = url.scheme() == QLatin1String("https");
    const bool loopback = url.scheme() == QLatin1String("http") && UrlPolicy::isLoopbackHost(url.host());
    if (!url.isValid() || url.host().isEmpty() || !(https || loopback))
        return tr("The callback URL must be a valid https:// address.");
    return {};
}

QJsonObject VerloopMessage::toJson() const
{
    QJsonObject body{
            {QStringLiteral("CampaignID"), campaignId.trimmed()},
            {QStringLiteral("To"), QJsonObject{{QStringLiteral("PhoneNumber"), phoneDigits()}}},
            {QStringLiteral("ScheduledAt"),
             QJsonObject{{QStringLiteral("Time"), scheduledTimeText()},
                         {QStringLiteral("BypassCallingWindow"), bypassCallingWindow}}},
    };
    if (!variables.isEmpty())
        body.insert(QStringLiteral("Variables"), variables);
    if (!callbackUrl.isEmpty() || !callbackState.isEmpty()) {
        QJsonObject callback;
        if (!callbackUrl.isEmpty())
            callback.insert(QStringLiteral("URL"), callbackUrl.toString());
        if (!callbackState.isEmpty())
            callback.insert(QStringLiteral("State"), callbackState);
        body.insert(QStringLiteral("Callback"), callback);
    }
    return body;
}

VerloopService::VerloopService(VendorClient *client, QObject *parent) : QObject(parent), m_client(client) { }

ApiReply *VerloopService::sendMessage(const VerloopMessage &message, const QString &clearanceId,
                                      const QObject *context, Callback<VerloopMessageAccepted> callback)
{
    const QString problem = message.problem();
    if (!problem.isEmpty() || !m_client) {
        const ApiError error = problem.isEmpty()
                ? ApiError::local(Vendor::Verloop, QStringLiteral("not_configured"),
                                  QStringLiteral("The Verloop client is gone."))
                : invalid(problem);
        // Asynchronous like every other answer, so callers need no special case.
        QTimer::singleShot(0, context, [callback, error] { callback(error); });
        return nullptr;
    }
    // Contacts a person: only under the guard's clearance, never retried automatically.
    const ApiCall call = ApiCall::post(QStringLiteral("/Campaign/SendMessage"), message.toJson())
                                 .contactingWith(clearanceId, messageIdKey());
    return m_client->send(call, context, [callback](const ApiResponse &response) {
        if (!response.ok()) {
            callback(response.error);
            return;
        }
        const QString messageId = response.object().value(messageIdKey()).toString();
        if (messageId.isEmpty()) {
            callback(
                    ApiError::malformed(Vendor::Verloop, QStringLiteral("a message_id"),
                                        QStringLiteral("The call may be scheduled: check the campaign in the "
                                                       "Verloop dashboard before sending it again."),
                                        response.httpStatus));
            return;
        }
        callback(VerloopMessageAccepted{messageId});
    });
}

std::optional<ApiError> VerloopService::checkFormat(const VendorCredentials &credentials)
{
    const QString problem = credentials.normalized().validate();
    if (!problem.isEmpty())
        return ApiError::local(Vendor::Verloop, QStringLiteral("invalid_credentials"), problem);
    return std::nullopt;
}
