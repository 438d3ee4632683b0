#include "AgentCallPlacer.h"

#include "outbound/OutboundGuard.h"
#include "unlimcall/UnlimCallService.h"

#include <QJsonDocument>
#include <QTimer>

AgentCallPlacer::AgentCallPlacer(UnlimCallService *service, OutboundGuard *guard)
    : m_service(service), m_guard(guard)
{ }

OutboundAction AgentCallPlacer::actionFor(const UnlimCall::CallRequest &request,
                                          const OutboundOverrides &overrides)
{
    OutboundAction action;
    action.vendor = Vendor::UnlimCall;
    action.action = QStringLiteral("call");
    action.recipients = {Recipient::phone(request.toNumber)};
    action.overrides = overrides;
    action.requestSummary = QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact);
    return action;
}

GuardDecision AgentCallPlacer::verdict(const UnlimCall::CallRequest &request,
                                       const OutboundOverrides &overrides) const
{
    if (!m_guard)
        return {};
    return m_guard->dryRun(actionFor(request, overrides));
}

void AgentCallPlacer::place(const UnlimCall::CallRequest &request, const OutboundOverrides &overrides,
                            const QObject *context, std::function<void(const Outcome &)> done)
{
    const auto deliverLater = [context, done](Outcome outcome) {
        QTimer::singleShot(0, context, [done, outcome] { done(outcome); });
    };
    // A form that is not a call yet (no agent, not a number) is not an attempt on anyone.
    if (const QString problem = UnlimCallService::callRequestProblem(request);
        !problem.isEmpty() || !m_service) {
        Outcome outcome;
        outcome.result = Result<UnlimCall::CallQueued>(ApiError::local(
                Vendor::UnlimCall,
                problem.isEmpty() ? QStringLiteral("not_configured") : QStringLiteral("invalid_number"),
                problem.isEmpty() ? QStringLiteral("The UnlimCall service is gone.") : problem));
        deliverLater(outcome);
        return;
    }
    if (!m_guard) {
        Outcome outcome;
        outcome.result = Result<UnlimCall::CallQueued>(
                ApiError::local(Vendor::UnlimCall, QStringLiteral("not_cleared"),
                                QStringLiteral("No outbound guard is installed, so no call can be placed.")));
        deliverLater(outcome);
        return;
    }
    const OutboundGuard::Clearance clearance = m_guard->clear(actionFor(request, overrides));
    if (!clearance) {
        Outcome outcome;
        outcome.decision = clearance.decision;
        deliverLater(outcome);
        return;
    }
    const GuardDecision decision = clearance.decision;
    m_service->placeCall(request, clearance.id, context,
                         [done, decision](const Result<UnlimCall::CallQueued> &result) {
                             Outcome outcome;
                             outcome.decision = decision;
                             outcome.result = result;
                             done(outcome);
                         });
}
