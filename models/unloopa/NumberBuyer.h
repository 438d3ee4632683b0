#pragma once

#include "core/Result.h"
#include "outbound/OutboundTypes.h"
#include "unloopa/UnloopaVoiceTypes.h"

#include <QCoreApplication>
#include <QList>
#include <QPointer>

#include <functional>

class OutboundGuard;
class QObject;
class UnloopaVoiceService;

// Buys one phone number (POST /phone-numbers/buy, $1/month) so that it is never bought twice: the
// purchase reaches nobody, but the outbound guard clears it as a request with no recipient (its
// target: the number), saves its intent before the request leaves and settles it with the answer.
// A process that dies in between leaves the intent unknown at the next start; buying the same
// number again is then refused ("already_sent") until the operator has checked the numbers.
class NumberBuyer
{
    Q_DECLARE_TR_FUNCTIONS(NumberBuyer)
public:
    // Neither is owned; both outlive the buyer.
    NumberBuyer(UnloopaVoiceService *service, OutboundGuard *guard);

    // The guard's action: vendor Unloopa, action "number_buy", target the E.164 number.
    static OutboundAction actionFor(const QString &e164);
    // Clears and buys; `done` runs once on `context` (never before this returns). Refused locally
    // (kind Local, nothing sent) when the number is not E.164 or the guard says no ("already_sent":
    // an earlier purchase of it may have gone through).
    void buy(const QString &e164, const QObject *context,
             std::function<void(const Result<UnloopaPhoneNumber> &)> done);
    // Purchases whose answer was lost (the console stopped while buying): check the account's
    // numbers before buying again. Newest first.
    QList<OutboundIntent> unsettledPurchases() const;

private:
    QPointer<UnloopaVoiceService> m_service;
    QPointer<OutboundGuard> m_guard;
};
