#include "VoiceCallPlacer.h"

#include "outbound/OutboundGuard.h"
#include "phone/PhoneNumbers.h"
#include "unloopa/UnloopaVoiceService.h"

#include <QJsonDocument>
#include <QTimer>

VoiceCallPlacer::VoiceCallPlacer(UnloopaVoiceService *service, OutboundGuard *guard)
    : m_service(service), m_guard(guard)
{ }

std::optional<UnloopaCallRequest> VoiceCallPlacer::normalised(const UnloopaCallRequest &request,
                                                              QString *problem, const QString &defaultRegion)
{
    const std::optional<QString> e164 = PhoneNumbers::toE164(request.phoneNumber, defaultRegion);
    if (!e164) {
        if (problem)
            *problem = PhoneNumbers::problem(request.phoneNumber, defaultRegion);
        return std::nullopt;
    }
    UnloopaCallRequest out = request;
    out.phoneNumber = *e164;
    return out;
}

QMap<QString, QString> VoiceCallPlacer::variablesFor(const UnloopaLead &lead)
{
    QMap<QString, QString> variables;
    const QList<QPair<QString, QString>> fromLead{{QStringLiteral("business_name"), lead.businessName},
                                                  {QStringLiteral("city"), lead.city},
                                                  {QStringLiteral("industry"), lead.industry},
                                                  {QStringLiteral("website_url"), lead.url.toString()}};
    for (const auto &[key, value] : fromLead) {
        if (!value.isEmpty())
            variables.insert(key, value);
    }
    return variables;
}

OutboundAction VoiceCallPlacer::actionFor(const UnloopaCallRequest &request,
                                          const OutboundOverrides &overrides)
{
    OutboundAction action;
    action.vendor = Vendor::Unloopa;
    action.action = QStringLiteral("voice_call");
    action.recipients = {Recipient::phone(request.phoneNumber,
                                          request.dynamicVariables.value(QStringLiteral("business_name")))};
    action.overrides = overrides;
    action.requestSummary = QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact);
    return action;
}

GuardDecision VoiceCallPlacer::verdict(const UnloopaCallRequest &request,
                                       const OutboundOverrides &overrides) const
{
    if (!m_guard)
        return {};
    return m_guard->dryRun(actionFor(request, overrides));
}

void VoiceCallPlacer::place(const UnloopaCallRequest &request, const OutboundOverrides &overrides,
                            const QObject *context, std::function<void(const Outcome &)> done)
{
    const auto refuseLater = [context, done](const QString &code, const QString &explanation) {
        Outcome outcome;
        outcome.result = Result<UnloopaCallStarted>(ApiError::local(Vendor::Unloopa, code, explanation));
        QTimer::singleShot(0, context, [done, outcome] { done(outcome); });
    };
    // A form that is not a call yet (no agent, not a number) is not an attempt on anyone.
    QString problem;
    const std::optional<UnloopaCallRequest> call = normalised(request, &problem);
    if (!call) {
        refuseLater(QStringLiteral("invalid_number"), problem);
        return;
    }
    if (const QString invalid = call->problem(); !invalid.isEmpty()) {
        refuseLater(QStringLiteral("invalid_input"), invalid);
        return;
    }
    if (!m_service || !m_guard) {
        refuseLater(QStringLiteral("not_cleared"),
                    tr("No outbound guard is installed, so no call can be placed."));
        return;
    }
    const OutboundGuard::Clearance clearance = m_guard->clear(actionFor(*call, overrides));
    if (!clearance) {
        Outcome outcome;
        outcome.decision = clearance.decision;
        QTimer::singleShot(0, context, [done, outcome] { done(outcome); });
        return;
    }
    const GuardDecision decision = clearance.decision;
    m_service->placeCall(*call, clearance.id, context,
                         [done, decision](const Result<UnloopaCallStarted> &result) {
                             Outcome outcome;
                             outcome.decision = decision;
                             outcome.result = result;
                             done(outcome);
                         });
}
