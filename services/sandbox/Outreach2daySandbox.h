#pragma once

#include "SandboxServer.h"

#include <QObject>
#include <QStringList>

// Outreach2day's public API (email-outreach-api.txt). Every call is scoped by ?workspaceId= and
// the sandbox's key belongs to SandboxServer::demoOutreachWorkspaceId() only: a missing
// workspaceId is 400 workspace_required, another workspace 403 forbidden.
//
// Served now: GET /campaigns/webhooks/event-types (the console's connection probe). Later issues
// add their endpoints with route(), which applies the workspace check first.
class Outreach2daySandbox : public QObject
{
    Q_OBJECT
public:
    explicit Outreach2daySandbox(SandboxServer *server, QObject *parent = nullptr);

    static QStringList webhookEventTypes();

    // Registers an Outreach2day endpoint whose handler only sees requests for the demo workspace.
    void route(const QByteArray &method, const QString &pattern, SandboxHandler handler);
    // The workspace check on its own: an error response, or nothing when the request may proceed.
    static std::optional<SandboxResponse> checkWorkspace(const SandboxRequest &request);

private:
    SandboxServer *m_server;
};
