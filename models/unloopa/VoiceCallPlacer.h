#pragma once

#include "core/Result.h"
#include "outbound/OutboundTypes.h"
#include "unloopa/UnloopaTypes.h"
#include "unloopa/UnloopaVoiceTypes.h"

#include <QCoreApplication>
#include <QPointer>

#include <functional>
#include <optional>

class OutboundGuard;
class QObject;
class UnloopaVoiceService;

// One Unloopa voice call (POST /voice/call, 1 credit) through the outbound guard, the same way for
// the GUI and the CLI, as AgentCallPlacer does for UnlimCall: the number as typed made E.164 by
// libphonenumber, what the guard would say (verdict()), then place(): the clearance (an audit row
// and the intent saved first), then the one request, never retried.
class VoiceCallPlacer
{
    Q_DECLARE_TR_FUNCTIONS(VoiceCallPlacer)
public:
    struct Outcome
    {
        GuardDecision decision; // the guard's verdict on the person called
        // The vendor's answer, or why the form was refused before the guard was asked; none when
        // the guard refused (decision says why).
        std::optional<Result<UnloopaCallStarted>> result;
        bool refusedByGuard() const { return !result.has_value(); }
    };

    // Neither is owned; both outlive the placer.
    VoiceCallPlacer(UnloopaVoiceService *service, OutboundGuard *guard);

    // `request` with its number in E.164 (typed forms like "(305) 555-1234" read in
    // `defaultRegion`); nothing when the number is not valid (`problem` says why).
    static std::optional<UnloopaCallRequest> normalised(const UnloopaCallRequest &request, QString *problem,
                                                        const QString &defaultRegion = QStringLiteral("US"));
    // The script's variables a lead fills ({{business_name}}, {{city}}, {{industry}},
    // {{website_url}}), the empty ones left out.
    static QMap<QString, QString> variablesFor(const UnloopaLead &lead);
    // The guard's action: vendor Unloopa, action "voice_call", the number (labelled with the
    // business name when the variables give one).
    static OutboundAction actionFor(const UnloopaCallRequest &request,
                                    const OutboundOverrides &overrides = {});
    // What the guard would decide now; nothing written, nothing sent.
    GuardDecision verdict(const UnloopaCallRequest &request, const OutboundOverrides &overrides = {}) const;
    // Clears and places the call; `done` runs once on `context` (never before this returns, never
    // when `context` is gone).
    void place(const UnloopaCallRequest &request, const OutboundOverrides &overrides, const QObject *context,
               std::function<void(const Outcome &)> done);

private:
    QPointer<UnloopaVoiceService> m_service;
    QPointer<OutboundGuard> m_guard;
};
