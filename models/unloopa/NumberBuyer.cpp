#include "NumberBuyer.h"

#include "outbound/OutboundGuard.h"
#include "phone/PhoneNumbers.h"
#include "unloopa/UnloopaVoiceService.h"

#include <QJsonDocument>
#include <QTimer>

NumberBuyer::NumberBuyer(UnloopaVoiceService *service, OutboundGuard *guard)
    : m_service(service), m_guard(guard)
{ }

OutboundAction NumberBuyer::actionFor(const QString &e164)
{
    OutboundAction action;
    action.vendor = Vendor::Unloopa;
    action.action = QStringLiteral("number_buy");
    action.target = e164;
    action.requestSummary =
            QJsonDocument(QJsonObject{{QStringLiteral("phone_number"), e164}}).toJson(QJsonDocument::Compact);
    return action;
}

void NumberBuyer::buy(const QString &e164, const QObject *context,
                      std::function<void(const Result<UnloopaPhoneNumber> &)> done)
{
    const auto refuseLater = [context, done](const QString &code, const QString &explanation) {
        const Result<UnloopaPhoneNumber> refused(ApiError::local(Vendor::Unloopa, code, explanation));
        QTimer::singleShot(0, context, [done, refused] { done(refused); });
    };
    // Only the exact number a search offered: no guessing at a region.
    if (!e164.startsWith(QLatin1Char('+')) || PhoneNumbers::toE164(e164) != e164) {
        refuseLater(QStringLiteral("invalid_number"),
                    tr("%1 is not a phone number in international (E.164) form, as the search lists them.")
                            .arg(e164));
        return;
    }
    if (!m_service || !m_guard) {
        refuseLater(QStringLiteral("not_ready"),
                    tr("The outbound guard is not available; nothing is bought."));
        return;
    }
    const OutboundGuard::Clearance clearance = m_guard->clear(actionFor(e164));
    if (!clearance || !m_guard->redeemSpending(clearance.id)) {
        const RecipientVerdict verdict = clearance.decision.verdicts.value(0);
        refuseLater(verdict.reasonCode.isEmpty() ? QStringLiteral("not_cleared") : verdict.reasonCode,
                    verdict.reason.isEmpty()
                            ? tr("The outbound guard did not clear the purchase; nothing was bought.")
                            : verdict.reason);
        return;
    }
    // The answer is settled with the guard even when the caller has gone meanwhile.
    const QString id = clearance.id;
    OutboundGuard *guard = m_guard;
    const QPointer<const QObject> caller(context);
    m_service->buyNumber(e164, guard, [guard, id, caller, done](const Result<UnloopaPhoneNumber> &result) {
        guard->recordSpendingOutcome(id, result.ok() ? ApiError() : result.error(),
                                     result.ok() ? result->id : QString());
        if (caller)
            done(result);
    });
}

QList<OutboundIntent> NumberBuyer::unsettledPurchases() const
{
    QList<OutboundIntent> unsettled;
    if (!m_guard)
        return unsettled;
    for (const OutboundIntent &intent : m_guard->store()->intents(Vendor::Unloopa)) {
        if (intent.action == QLatin1String("number_buy") && intent.state == OutboundIntent::State::Unknown)
            unsettled.append(intent);
    }
    return unsettled;
}
