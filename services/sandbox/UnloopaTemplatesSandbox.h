#pragma once

#include "SandboxServer.h"
#include "unloopa/UnloopaRoutes.h"

#include <QList>
#include <QMap>
#include <QRandomGenerator>
#include <QString>

// Unloopa's outreach email templates (the Unloopa API reference): GET/POST /outreach/templates and
// PATCH/DELETE /outreach/templates/{id}. Three prebuilt templates (read-only: editing or deleting one
// is invalid_input) and the operator's custom ones; exactly one template of either kind is the
// default. Create and update answer {"template": {...}}, delete {"success": true}.
class UnloopaTemplatesSandbox
{
public:
    struct Template
    {
        QString id;
        QString name;
        QString subject;
        QString body;
        QString language;
        bool custom = false;
    };

    explicit UnloopaTemplatesSandbox(SandboxServer *server);
    void addHandlers(QMap<UnloopaRoutes::Op, SandboxHandler> *handlers);

    const Template *find(const QString &id) const; // null: no such template
    QString defaultId() const { return m_defaultId; }
    static constexpr int maxNameLength = 100;
    static constexpr int maxSubjectLength = 200;
    static constexpr int maxBodyLength = 10000;

private:
    SandboxResponse list(const SandboxRequest &request);
    SandboxResponse create(const SandboxRequest &request);
    SandboxResponse update(const SandboxRequest &request);
    SandboxResponse remove(const SandboxRequest &request);
    QJsonObject json(const Template &item) const;
    // The custom template of the request's {id}, or the answer refusing it.
    Template *customOf(const SandboxRequest &request, SandboxResponse *refused);

    QRandomGenerator m_random; // ids of custom templates
    QList<Template> m_templates; // prebuilt first, then custom ones in creation order
    QString m_defaultId;
};
