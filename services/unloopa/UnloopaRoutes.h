#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// Every Unloopa operation's method and path, once, shared by UnloopaService and the sandbox so the
// two cannot drift. The Unloopa API reference names most routes in its workflows; about a dozen it
// describes without a method or path (template update and delete, number release, agent update and
// delete, call list and detail, campaign list and detail). For those the REST-conventional route
// consistent with the documented siblings was chosen once, here (`documented` false), and listed
// in the README ("The vendors' contracts").
namespace UnloopaRoutes {

enum class Op {
    Quota,
    Command,
    Jobs,
    Job,
    Leads,
    Lead,
    Websites,
    OutreachStatus,
    Templates,
    TemplateCreate,
    TemplateUpdate,
    TemplateDelete,
    OutreachSend,
    Numbers,
    NumberSearch,
    NumberBuy,
    NumberRelease,
    Agents,
    AgentCreate,
    AgentUpdate,
    AgentDelete,
    VoiceCall,
    Calls,
    Call,
    Campaigns,
    CampaignCreate,
    Campaign,
    CampaignUpdate, // lifecycle actions (activate, pause, cancel, trigger) and field updates
};

struct Route
{
    Op op;
    QByteArray method; // "GET", "POST", "PATCH", "DELETE"
    QString pattern; // "/voice/calls/{id}": `{id}` is the one parameter
    bool documented; // false: the reference omits the route; this is the chosen one
};

const Route &route(Op op);
const QList<Route> &all();
// The request path of `op`, with `id` percent-encoded into `{id}` (ignored when the route has none).
QString path(Op op, const QString &id = {});

} // namespace UnloopaRoutes
