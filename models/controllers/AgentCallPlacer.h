#pragma once

#include "core/Result.h"
#include "outbound/OutboundTypes.h"
#include "unlimcall/UnlimCallTypes.h"

#include <QPointer>

#include <functional>
#include <optional>

class OutboundGuard;
class QObject;
class UnlimCallService;

// One UnlimCall AI-agent call (POST /calls) through the outbound guard, the same way for the
// dialog and the CLI: what the guard would say before anything is sent (verdict()), then place():
// the guard's clearance (an audit row and the intent saved first), then the one request.
class AgentCallPlacer
{
public:
    struct Outcome
    {
        GuardDecision decision; // the guard's verdict on the person called
        // The vendor's answer, or why the form was refused before the guard was asked; none when
        // the guard refused (decision says why).
        std::optional<Result<UnlimCall::CallQueued>> result;
        bool refusedByGuard() const { return !result.has_value(); }
    };

    // Neither is owned; both outlive the placer.
    AgentCallPlacer(UnlimCallService *service, OutboundGuard *guard);

    // The guard's action for this request: vendor UnlimCall, action "call", the destination.
    static OutboundAction actionFor(const UnlimCall::CallRequest &request,
                                    const OutboundOverrides &overrides = {});
    // What the guard would decide now; nothing written, nothing sent.
    GuardDecision verdict(const UnlimCall::CallRequest &request,
                          const OutboundOverrides &overrides = {}) const;
    // Clears and places the call; `done` runs once on `context` (never before this returns, never
    // when `context` is gone).
    void place(const UnlimCall::CallRequest &request, const OutboundOverrides &overrides,
               const QObject *context, std::function<void(const Outcome &)> done);

private:
    QPointer<UnlimCallService> m_service;
    QPointer<OutboundGuard> m_guard;
};
