#pragma once

#include "core/Result.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>

class ApiReply;
class VendorClient;

// Outreach2day's public API (the Outreach2day public API reference). Every call is scoped by
// ?workspaceId=, taken from the saved credentials. This issue needs one cheap read for "Test
// connection"; later issues add campaigns, contacts and webhooks here.
class Outreach2dayService : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(const Result<T> &)>;

    explicit Outreach2dayService(VendorClient *client, QObject *parent = nullptr);

    VendorClient *client() const { return m_client; }
    void setWorkspaceId(const QString &workspaceId) { m_workspaceId = workspaceId.trimmed(); }
    QString workspaceId() const { return m_workspaceId; }

    // GET /campaigns/webhooks/event-types?workspaceId=: the webhook event types the workspace can
    // subscribe to. Cheap and read-only, so it doubles as the connection probe.
    ApiReply *fetchWebhookEventTypes(const QObject *context, Callback<QStringList> callback);

private:
    QPointer<VendorClient> m_client;
    QString m_workspaceId;
};
