#pragma once

#include "core/ApiError.h"
#include "outbound/OutboundTypes.h"
#include "unloopa/UnloopaOutreachTypes.h"
#include "unloopa/UnloopaTypes.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class OutboundGuard;
class UnloopaOutreachService;

// Outreach email to the leads the operator selected (issue #12), through the one outbound guard:
// the leads with an email, in batches of at most 100 (one POST /outreach/send each), never more
// than the accounts' remaining_today unless the operator says so for this send, each batch cleared
// as ONE request reaching every lead it lists (do-not-contact list by address and domain; the
// clearance lets through only a body with exactly those lead ids) and sent once, never retried.
//
//   OutreachSender sender(&outreach, safety.guard());
//   OutreachSender::Plan plan = sender.plan(request, status);   // nothing written or sent
//   sender.send(request);               // reads /outreach/status, then batch after batch
//   // batchChanged(i) ... finished(error)
//
// A lead the guard refuses is left out of every batch (and said why), so one listed address does
// not hold back the other 99.
class OutreachSender : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QList<UnloopaLead> leads; // as selected; those without an email are left out
        QString templateId; // or both custom fields
        QString customSubject;
        QString customBody;
        // The operator's say-so, for this send only (never saved), to go beyond remaining_today.
        bool beyondRemainingToday = false;
    };

    // What a send would do (plan()) or did (after send()): the leads that go, in batches, and
    // those that do not with why.
    struct Plan
    {
        QList<QList<UnloopaLead>> batches; // ≤ 100 each
        QList<UnloopaLead> withoutEmail;
        QList<UnloopaLead> overRemaining; // beyond remaining_today: kept back
        QList<RecipientVerdict> refused; // by the guard, one per refused lead
        // The guard's dry run of every lead with an email, in the order selected (what a dry-run
        // dialog lists: who goes and who is refused, and why).
        GuardDecision decision;
        int remainingToday = -1; // as the status reported; -1 when not read
        int leadCount() const;
    };

    struct Batch
    {
        enum class State {
            Waiting,
            Refused, // the guard refused it when it came to be sent: nothing sent
            Sending,
            Sent, // Unloopa answered: result
            Failed, // Unloopa refused it: nothing sent (error)
            Unknown, // no readable answer: it may have gone out; never resent (error)
            Cancelled,
        };
        QList<UnloopaLead> leads;
        State state = State::Waiting;
        GuardDecision decision;
        UnloopaOutreachSendResult result;
        ApiError error;
    };

    static constexpr int maxBatchSize = UnloopaOutreachSendRequest::maxLeadIds;

    // Neither is owned; both outlive the sender (the guard must be the gate of the service's client).
    OutreachSender(UnloopaOutreachService *service, OutboundGuard *guard, QObject *parent = nullptr);

    // The leads split as a send would, judged by the guard now; `status` gives remaining_today
    // (unset: no cap applied). Writes nothing, sends nothing.
    Plan plan(const Request &request, const std::optional<UnloopaOutreachStatus> &status) const;
    // Reads GET /outreach/status (not configured: setup_required with the setup link), plans with
    // it and sends the batches one after another. False (nothing started) while a send runs.
    bool send(const Request &request);
    // Stops after the batch in flight; the rest become Cancelled.
    void cancel();
    bool isSending() const { return m_sending; }

    Plan lastPlan() const { return m_plan; }
    QList<Batch> batches() const { return m_batches; }
    // The guard's action for one batch: Unloopa "outreach_send", every lead by its email and lead
    // id, named by the body's lead_ids; summarised by what each person receives.
    static OutboundAction actionFor(const QList<UnloopaLead> &batch,
                                    const UnloopaOutreachSendRequest &request);
    static QString stateName(Batch::State state); // "waiting", "refused", ...
    // The JSON the CLI prints: the plan's counts and every batch with its result.
    QJsonObject resultsJson() const;

Q_SIGNALS:
    void batchChanged(int index);
    // Every batch has a final state, or the send stopped before the first (error says why).
    void finished(const ApiError &error);

private:
    UnloopaOutreachSendRequest requestFor(const QList<UnloopaLead> &batch) const;
    void sendNext();
    void conclude(int index, Batch::State state);
    void finish(const ApiError &error);

    QPointer<UnloopaOutreachService> m_service;
    QPointer<OutboundGuard> m_guard;
    Request m_request;
    Plan m_plan;
    QList<Batch> m_batches;
    bool m_sending = false;
    bool m_cancelling = false;
    int m_next = 0;
};
