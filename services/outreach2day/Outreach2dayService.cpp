#include "Outreach2dayService.h"

#include "core/ApiCall.h"
#include "core/VendorClient.h"

#include <QJsonArray>
#include <QTimer>
#include <QUrlQuery>

namespace {
// The docs do not show this response. Accept a bare array or an object holding one, of strings
// or of objects naming the type.
QStringList parseEventTypes(const QJsonDocument &json, bool *ok)
{
    QJsonArray array;
    *ok = true;
    if (json.isArray()) {
        array = json.array();
    } else {
        const QJsonObject object = json.object();
        const QStringList keys{QStringLiteral("eventTypes"), QStringLiteral("event_types"),
                               QStringLiteral("items"), QStringLiteral("data")};
        bool found = false;
        for (const QString &key : keys) {
            if (object.value(key).isArray()) {
                array = object.value(key).toArray();
                found = true;
                break;
            }
        }
        if (!found) {
            *ok = false;
            return {};
        }
    }
    QStringList types;
    for (const QJsonValue &value : std::as_const(array)) {
        if (value.isString()) {
            types << value.toString();
            continue;
        }
        const QJsonObject object = value.toObject();
        for (const QString &key : {QStringLiteral("type"), QStringLiteral("name"), QStringLiteral("id")}) {
            if (object.value(key).isString()) {
                types << object.value(key).toString();
                break;
            }
        }
    }
    return types;
}
} // namespace

Outreach2dayService::Outreach2dayService(VendorClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{ }

ApiReply *Outreach2dayService::fetchWebhookEventTypes(const QObject *context, Callback<QStringList> callback)
{
    if (m_workspaceId.isEmpty() || !m_client) {
        const ApiError error = ApiError::local(
                Vendor::Outreach2day, QStringLiteral("workspace_missing"),
                QStringLiteral("The Outreach2day workspace id is missing. Enter it with the API key under "
                               "Accounts (it is the number in your workspace's address)."));
        QTimer::singleShot(0, context, [callback, error] { callback(error); });
        return nullptr;
    }
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("workspaceId"), m_workspaceId);
    return m_client->send(
            ApiCall::get(QStringLiteral("/campaigns/webhooks/event-types"), query), context,
            [callback](const ApiResponse &response) {
                if (!response.ok()) {
                    callback(response.error);
                    return;
                }
                bool ok = false;
                const QStringList types = parseEventTypes(response.json, &ok);
                if (!ok) {
                    callback(ApiError::malformed(
                            Vendor::Outreach2day, QStringLiteral("a list of webhook event types"),
                            QStringLiteral("Check the base URL in Settings."), response.httpStatus));
                    return;
                }
                callback(types);
            });
}
