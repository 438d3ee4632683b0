#pragma once

#include "core/Result.h"
#include "credentials/VendorCredentials.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

class ApiReply;
class VendorClient;

// POST /Campaign/SendMessage body (Verloop's "Creating a Voice Campaign (API)").
struct VerloopMessage
{
    QString campaignId; // UUID of a published "Via API" campaign
    QString phoneNumber; // as typed; sent as digits with the country code ("918123002929")
    QString defaultRegion = QStringLiteral("US"); // for numbers typed without a country code
    QJsonObject variables; // recipe variables, string values
    QUrl callbackUrl; // optional webhook for call status
    QJsonObject callbackState; // optional, passed back to the webhook
    // ScheduledAt.Time as the operator wrote it: UTC ("...Z"), with an offset, or without one
    // (Verloop then uses the dashboard's time zone). Required by the API.
    QString scheduledTime;
    bool bypassCallingWindow = false; // calls even in DND / outside the working window

    // A sentence saying what is wrong before anything is sent; empty when fine.
    QString problem() const;
    QJsonObject toJson() const;
};

struct VerloopMessageAccepted
{
    QString messageId;
};

// Verloop's one documented endpoint. Scheduling a call contacts a person, so it is sent once and
// never retried automatically (README promise H5).
class VerloopService : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(const Result<T> &)>;

    explicit VerloopService(VendorClient *client, QObject *parent = nullptr);

    VendorClient *client() const { return m_client; }

    // POST /Campaign/SendMessage. Refused locally (no request) when message.problem() is not
    // empty; then the callback gets an ApiError of kind Local with code "invalid_message".
    ApiReply *sendMessage(const VerloopMessage &message, const QObject *context,
                          Callback<VerloopMessageAccepted> callback);

    // Verloop has no endpoint to probe credentials without scheduling a call, so "Test
    // connection" checks their format only: nothing when well-formed, else why not.
    static std::optional<ApiError> checkFormat(const VendorCredentials &credentials);

private:
    QPointer<VendorClient> m_client;
};
