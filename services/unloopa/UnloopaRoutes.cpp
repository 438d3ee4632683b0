#include "UnloopaRoutes.h"

#include <QUrl>

namespace UnloopaRoutes {

const QList<Route> &all()
{
    using O = Op;
    static const QList<Route> routes = {
            {O::Quota, "GET", QStringLiteral("/quota"), true},
            {O::Command, "POST", QStringLiteral("/command"), true},
            {O::Jobs, "GET", QStringLiteral("/jobs"), true},
            {O::Job, "GET", QStringLiteral("/jobs/{id}"), true},
            {O::Leads, "GET", QStringLiteral("/leads"), true},
            {O::Lead, "GET", QStringLiteral("/leads/{id}"), true},
            {O::Websites, "GET", QStringLiteral("/websites"), true},
            {O::OutreachStatus, "GET", QStringLiteral("/outreach/status"), true},
            {O::Templates, "GET", QStringLiteral("/outreach/templates"), true},
            {O::TemplateCreate, "POST", QStringLiteral("/outreach/templates"), true},
            {O::TemplateUpdate, "PATCH", QStringLiteral("/outreach/templates/{id}"), false},
            {O::TemplateDelete, "DELETE", QStringLiteral("/outreach/templates/{id}"), false},
            {O::OutreachSend, "POST", QStringLiteral("/outreach/send"), true},
            {O::Numbers, "GET", QStringLiteral("/phone-numbers"), true},
            {O::NumberSearch, "POST", QStringLiteral("/phone-numbers/search"), true},
            {O::NumberBuy, "POST", QStringLiteral("/phone-numbers/buy"), true},
            {O::NumberRelease, "DELETE", QStringLiteral("/phone-numbers/{id}"), false},
            {O::Agents, "GET", QStringLiteral("/voice/agents"), true},
            {O::AgentCreate, "POST", QStringLiteral("/voice/agents"), true},
            {O::AgentUpdate, "PATCH", QStringLiteral("/voice/agents/{id}"), false},
            {O::AgentDelete, "DELETE", QStringLiteral("/voice/agents/{id}"), false},
            {O::VoiceCall, "POST", QStringLiteral("/voice/call"), true},
            {O::Calls, "GET", QStringLiteral("/voice/calls"), false},
            {O::Call, "GET", QStringLiteral("/voice/calls/{id}"), false},
            {O::Campaigns, "GET", QStringLiteral("/voice/campaigns"), false},
            {O::CampaignCreate, "POST", QStringLiteral("/voice/campaigns"), true},
            {O::Campaign, "GET", QStringLiteral("/voice/campaigns/{id}"), false},
            {O::CampaignUpdate, "PATCH", QStringLiteral("/voice/campaigns/{id}"), true},
    };
    return routes;
}

const Route &route(Op op)
{
    // The table is in enum order (checked by tst_unlooparoutes).
    return all().at(static_cast<int>(op));
}

QString path(Op op, const QString &id)
{
    QString result = route(op).pattern;
    return result.replace(QLatin1String("{id}"), QString::fromLatin1(QUrl::toPercentEncoding(id)));
}

} // namespace UnloopaRoutes
