#include "VerloopService.h"

#include "core/ApiCall.h"
#include "core/Iso8601.h"
#include "core/VendorClient.h"
#include "phone/PhoneNumbers.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimer>
#include <QUuid>

namespace {
// ScheduledAt.Time: 2026-03-04T10:15:30Z, 2026-03-04T15:45:30+05:30 or 2026-03-04T15:45:30.
bool isScheduledTime(const QString &text)
{
    static const QRegularExpression shape(QStringLiteral(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})?$"));
    if (!shape.match(text).hasMatch())
        return false;
    return Iso8601::toMsecs(text).has_value(); // a real day and time (the zone is Verloop's rule)
}

ApiError invalid(const QString &sentence)
{
    return ApiError::local(Vendor::Verloop, QStringLiteral("invalid_message"), sentence);
}
} // namespace

QString VerloopMessage::problem() const
{
    if (campaignId.trimmed().isEmpty())
        return QStringLiteral("Enter the Campaign ID of a published Verloop campaign (its trigger must be "
                              "\"Via API\").");
    if (QUuid::fromString(campaignId.trimmed()).isNull())
        return QStringLiteral("The Campaign ID must be the UUID shown in the Verloop Outreach dashboard, "
                              "like ac3bf462-ec44-46d4-9e8e-8edda9cffe58.");
    if (phoneNumber.trimmed().isEmpty())
        return QStringLiteral("Enter the phone number to call, with its country code.");
    const QString phoneProblem = PhoneNumbers::problem(phoneNumber, defaultRegion);
    if (!phoneProblem.isEmpty())
        return phoneProblem;
    if (scheduledTime.trimmed().isEmpty())
        return QStringLiteral("Choose when Verloop should place the call (Verloop requires a time).");
    if (!isScheduledTime(scheduledTime.trimmed()))
        return QStringLiteral("The scheduled time must look like 2026-03-04T10:15:30Z, "
                              "2026-03-04T15:45:30+05:30, or 2026-03-04T15:45:30 (the dashboard's time "
                              "zone).");
    if (!callbackUrl.isEmpty() && (!callbackUrl.isValid() || callbackUrl.scheme() != QLatin1String("https")))
        return QStringLiteral("The callback URL must be a valid https:// address.");
    for (auto it = variables.constBegin(); it != variables.constEnd(); ++it) {
        if (it.key().trimmed().isEmpty())
            return QStringLiteral("A recipe variable has no name.");
    }
    return {};
}

QJsonObject VerloopMessage::toJson() const
{
    // The API wants the digits with the country code and no '+'.
    QString digits = PhoneNumbers::toE164(phoneNumber, defaultRegion).value_or(phoneNumber.trimmed());
    if (digits.startsWith(QLatin1Char('+')))
        digits.remove(0, 1);
    QJsonObject body{
            {QStringLiteral("CampaignID"), campaignId.trimmed()},
            {QStringLiteral("To"), QJsonObject{{QStringLiteral("PhoneNumber"), digits}}},
            {QStringLiteral("ScheduledAt"),
             QJsonObject{{QStringLiteral("Time"), scheduledTime.trimmed()},
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

ApiReply *VerloopService::sendMessage(const VerloopMessage &message, const QObject *context,
                                      Callback<VerloopMessageAccepted> callback)
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
    // Contacts a person: never retried automatically, whatever happens.
    const ApiCall call = ApiCall::post(QStringLiteral("/Campaign/SendMessage"), message.toJson()).spending();
    return m_client->send(call, context, [callback](const ApiResponse &response) {
        if (!response.ok()) {
            callback(response.error);
            return;
        }
        const QString messageId = response.object().value(QStringLiteral("message_id")).toString();
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
