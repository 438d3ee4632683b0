#include "Outreach2daySandbox.h"

#include <QJsonArray>

Outreach2daySandbox::Outreach2daySandbox(SandboxServer *server, QObject *parent)
    : QObject(parent), m_server(server)
{
    route("GET", QStringLiteral("/campaigns/webhooks/event-types"), [](const SandboxRequest &) {
        return SandboxResponse::json(
                QJsonObject{{QStringLiteral("eventTypes"), QJsonArray::fromStringList(webhookEventTypes())}});
    });
}

QStringList Outreach2daySandbox::webhookEventTypes()
{
    // The documented ones first (reply.received, contact.bounced, contact.unsubscribed), then
    // events for the other contact, send and campaign states the API reports.
    return {QStringLiteral("reply.received"),       QStringLiteral("contact.bounced"),
            QStringLiteral("contact.unsubscribed"), QStringLiteral("contact.replied"),
            QStringLiteral("contact.completed"),    QStringLiteral("send.sent"),
            QStringLiteral("send.failed"),          QStringLiteral("campaign.launched"),
            QStringLiteral("campaign.paused"),      QStringLiteral("campaign.completed")};
}

std::optional<SandboxResponse> Outreach2daySandbox::checkWorkspace(const SandboxRequest &request)
{
    const QString workspaceId = request.queryValue(QStringLiteral("workspaceId"));
    if (workspaceId.isEmpty()) {
        return SandboxServer::error(Vendor::Outreach2day, 400, QStringLiteral("workspace_required"),
                                    QStringLiteral("The workspaceId query parameter is required."));
    }
    if (workspaceId != SandboxServer::demoOutreachWorkspaceId()) {
        return SandboxServer::error(
                Vendor::Outreach2day, 403, QStringLiteral("forbidden"),
                QStringLiteral("This API key has no access to workspace %1.").arg(workspaceId));
    }
    return std::nullopt;
}

void Outreach2daySandbox::route(const QByteArray &method, const QString &pattern, SandboxHandler handler)
{
    m_server->route(Vendor::Outreach2day, method, pattern,
                    [handler = std::move(handler)](const SandboxRequest &request) {
                        if (auto refused = checkWorkspace(request))
                            return *refused;
                        return handler(request);
                    });
}
