#pragma once

#include "CallingRules.h"
#include "OutboundStore.h"
#include "OutboundTypes.h"
#include "core/OutboundGate.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

#include <functional>

// The one guard before every contact (README promises O1-O7). For each person an outbound action
// would reach it decides allowed, refused (reason) or needs an explicit override, by the
// do-not-contact list, the calling window in the recipient's local time at the moment the call
// rings, the per-day attempt cap across vendors and the saved intents. It is the HTTP core's
// OutboundGate: a contacting ApiCall goes out only with a clearance this guard issued, once.
//
//   GuardDecision d = guard.dryRun(action);            // what would happen; writes nothing
//   OutboundGuard::Clearance c = guard.clear(action);  // audit rows + intent saved, or refused
//   if (c) service.placeCall(request, c.id, ...);      // ApiCall::contactingWith(c.id, ...)
//
// Emails: only the do-not-contact rule (address and domain) applies; calls: every rule; a call
// the vendor places on its own later (OutboundAction::dialsWithin) is judged on its whole schedule.
// A request that reaches nobody and only spends money (no recipients, a target) is judged for
// repeats only, and its intent is saved and reconciled like any other (README promise O7).
class OutboundGuard : public QObject, public OutboundGate
{
    Q_OBJECT
public:
    // `store` outlives the guard.
    OutboundGuard(OutboundStore *store, CallingRules rules, QObject *parent = nullptr);

    OutboundStore *store() const { return m_store; }
    void setRules(const CallingRules &rules);
    const CallingRules &rules() const;
    // Tests and the sandbox's accelerated clock: "now" for calls without a ringsAt.
    void setClock(std::function<QDateTime()> nowUtc);

    // The verdict for every recipient; nothing written, nothing cleared (the dry run).
    GuardDecision dryRun(const OutboundAction &action);

    // For an action that reaches exactly one recipient per request: judges it, appends one audit
    // attempt row per recipient (allowed or refused) and, when every recipient is allowed, saves
    // the intent (Pending) and returns a single-use clearance. Refused: `decision` says why and
    // nothing may be sent.
    // With action.target set the action is one request that reaches all its recipients at once:
    // each is judged and logged and gets its own intent (so "already_sent" and the restart
    // reconciliation hold per person), and the one clearance is issued only when every recipient
    // is allowed; otherwise nobody is cleared ("refused_with_request" for the allowed ones). The
    // same holds for a request that names its recipients by id (action.recipientIdsKey), whose
    // clearance lets through only a body listing exactly those ids.
    struct Clearance
    {
        QString id; // the intent id; put on the ApiCall with ApiCall::contactingWith()
        GuardDecision decision;
        explicit operator bool() const { return !id.isEmpty(); }
    };
    Clearance clear(const OutboundAction &action);

    // At start-up: every intent still Pending was being sent when the process died; it becomes
    // Unknown (an "unknown" outcome row is appended) and is never resent. Returns how many.
    // Only intents at least `minimumAgeMs` old by the guard's clock: a younger one may belong to
    // another console (the GUI and the CLI share the file) still waiting for its answer.
    int reconcileAfterRestart(qint64 minimumAgeMs = 0);

    // The key that makes a second identical request "already_sent": vendor, action, recipient,
    // what is sent and, for a scheduled call, when it rings.
    static QString dedupeKey(const OutboundAction &action, const Recipient &recipient);

    // A request that only spends money (an Unloopa number purchase: no recipients, a target)
    // leaves through the HTTP core without the gate (ApiCall::spending()). Whoever sends it under
    // the clearance issued for it redeems it here first — true once — and reports the vendor's
    // answer after (`error` kind None: accepted), so its intent is kept as a contact's is: a crash
    // in between leaves it unknown at the next start, never sent twice (README promise O7).
    bool redeemSpending(const QString &clearanceId, QString *why = nullptr);
    void recordSpendingOutcome(const QString &clearanceId, const ApiError &error,
                               const QString &vendorRef = {});

    // OutboundGate
    bool redeem(const ApiCall &call, QString *why) override;
    void recordOutcome(const ApiCall &call, const ApiResponse &response) override;

Q_SIGNALS:
    // The audit log or the saved intents changed. Emitted once per pass of the event loop however
    // many rows were appended meanwhile: a bulk send makes the views re-read once, not four times
    // per call on the GUI thread.
    void recordsChanged();

private:
    // One recipient's intent between clear() and the vendor's answer.
    struct Pending
    {
        OutboundIntent intent;
        qint64 attemptId = 0;
    };
    // What one clearance lets through: one request, to one recipient or (with a target) to many.
    struct Cleared
    {
        QList<Pending> recipients;
        QString target;
        QString idsKey; // OutboundAction::recipientIdsKey
        QSet<QString> ids; // the recipients' vendor ids the request must list, exactly
        bool reachesNobody = false; // a purchase: redeemed by redeemSpending(), not by the gate
    };
    // The vendor's answer to a redeemed clearance: outcome rows, intents sent/failed/unknown.
    void settle(const QString &clearanceId, const ApiError &error, const QString &vendorRef);
    bool inFlight(const QString &intentId) const;
    RecipientVerdict judge(const OutboundAction &action, const Recipient &recipient,
                           const QDateTime &ringsAtUtc, int plannedWeight) const;
    // "already_sent" when the same request to this recipient was sent, or may have been.
    std::optional<RecipientVerdict> judgeRepeat(const OutboundAction &action,
                                                const Recipient &recipient) const;
    RecipientVerdict judgeCall(const OutboundAction &action, const Recipient &recipient,
                               const QDateTime &ringsAtUtc, int plannedWeight) const;
    QDateTime ringsAt(const OutboundAction &action) const;
    // "store_unavailable" when the store's last read failed: the guard never allows on a list it
    // could not read.
    std::optional<RecipientVerdict> storeUnreadable(const Recipient &recipient) const;
    // Queues one recordsChanged() for the next pass of the event loop.
    void noteRecordsChanged();
    void appendOutcome(const Pending &pending, const QString &outcome, OutboundIntent::State state,
                       const QString &vendorRef, const QString &error);

    OutboundStore *m_store;
    CallingWindow m_window;
    std::function<QDateTime()> m_now;
    QHash<QString, Cleared> m_unredeemed; // clearance id -> intents, until redeemed
    QHash<QString, Cleared> m_redeemed; // clearance id -> intents, until the vendor answered
    bool m_recordsChangeQueued = false;
};
