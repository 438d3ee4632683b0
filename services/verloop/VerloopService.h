#pragma once

#include "core/Result.h"
#include "credentials/VendorCredentials.h"

#include <QCoreApplication>
#include <QDateTime>
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
    Q_DECLARE_TR_FUNCTIONS(VerloopMessage)

public:
    QString campaignId; // UUID of a published "Via API" campaign
    QString phoneNumber; // as typed; sent as digits with the country code ("918123002929")
    QString defaultRegion = QStringLiteral("US"); // for numbers typed without a country code
    QJsonObject variables; // recipe variables, string values
    QUrl callbackUrl; // optional webhook for call status: https (plain http only to loopback)
    QJsonObject callbackState; // optional, passed back to the webhook
    // When Verloop places the call (required). Always sent with an explicit UTC offset: Verloop
    // reads a time without one in its dashboard's zone, which the console cannot know. Written in
    // the offset of its own zone (the recipient's, when the scheduler built it), "Z" for UTC.
    QDateTime scheduledAt;
    bool bypassCallingWindow = false; // Verloop's own working window / DND (never the console's)

    // ScheduledAt.Time as sent: "2026-03-04T15:45:30+05:30" (whole seconds); empty when invalid.
    QString scheduledTimeText() const;
    // The number as Verloop wants it: country code and digits ("918123002929"); empty if invalid.
    QString phoneDigits() const;
    // A sentence saying what is wrong before anything is sent; empty when fine.
    QString problem() const;
    // Why a callback URL may not be used (empty is fine: no callback), empty when it may.
    static QString callbackUrlProblem(const QUrl &url);
    QJsonObject toJson() const;
};

struct VerloopMessageAccepted
{
    QString messageId;
};

// Verloop's one documented endpoint. Scheduling a call contacts a person: it goes out only under
// the outbound guard's clearance (README promise O1), once, and is never retried automatically
// (H5). VerloopScheduler (models/controllers) is the caller that obtains the clearances.
class VerloopService : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(const Result<T> &)>;

    explicit VerloopService(VendorClient *client, QObject *parent = nullptr);

    VendorClient *client() const { return m_client; }

    // POST /Campaign/SendMessage under the outbound guard's clearance (OutboundGuard::clear for
    // this recipient): the HTTP core sends it only once the clearance is redeemed, once. Refused
    // locally (no request) when message.problem() is not empty; then the callback gets an
    // ApiError of kind Local with code "invalid_message".
    ApiReply *sendMessage(const VerloopMessage &message, const QString &clearanceId, const QObject *context,
                          Callback<VerloopMessageAccepted> callback);
    // The answer's key the guard keeps as the vendor's reference for the call.
    static QString messageIdKey() { return QStringLiteral("message_id"); }

    // Verloop has no endpoint to probe credentials without scheduling a call, so "Test
    // connection" checks their format only: nothing when well-formed, else why not.
    static std::optional<ApiError> checkFormat(const VendorCredentials &credentials);

private:
    QPointer<VendorClient> m_client;
};
