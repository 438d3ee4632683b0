#pragma once

#include "core/ApiError.h"
#include "outbound/OutboundTypes.h"
#include "verloop/VerloopCampaignRegistry.h"
#include "verloop/VerloopTimeSpec.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class OutboundGuard;
class VerloopCallbackTokens;
class VerloopService;
struct VerloopMessage;

// One person to call: the number as it came (typed, a lead, a CSV row), who it is, and the
// fields the recipe's variables may be mapped from.
struct VerloopRecipient
{
    QString number;
    QString label;
    QHash<QString, QString> fields; // "name" -> "Acme Plumbing", "city" -> "Miami", ...
};

// Schedules Verloop voice-AI calls (issue #9), one request at a time, each through the outbound
// guard at the moment it will ring. The Voice page and the CLI are views of it.
//
//   VerloopScheduler scheduler(hub.verloop(), safety.guard());
//   scheduler.setRequest(request);                 // recipients, campaign, variables, time...
//   GuardDecision d = scheduler.dryRun(overrides); // what would happen; nothing written or sent
//   scheduler.send(overrides);                     // progress(), resultChanged(), finished()
//
// Overrides are passed to each call, never kept (README promise O5). send() sends one request at
// a time: guard.clear() (audit rows, intent saved) then SendMessage under that clearance; cancel()
// stops after the request in flight, which is never aborted (it may already have reached Verloop).
// A second send() while one runs does nothing; the guard refuses a request it already cleared.
class VerloopScheduler : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QList<VerloopRecipient> recipients;
        VerloopCampaignEntry campaign; // from the registry: its id, retries and window
        // Recipe variable -> the recipient field it takes its value from.
        QHash<QString, QString> variableFields;
        QJsonObject variables; // fixed values for every recipient (a mapped field wins)
        VerloopTimeSpec when;
        QUrl callbackUrl;
        QJsonObject callbackState;
        QString defaultRegion = QStringLiteral("US"); // for numbers without a country code
    };

    // What became of one recipient (index-aligned with Request::recipients).
    struct Result
    {
        enum class State {
            Waiting, // allowed by the last dry run, not sent yet
            Refused, // the guard (or the time) refused it: nothing sent
            Sending, // SendMessage in flight
            Scheduled, // Verloop accepted it: messageId
            Failed, // Verloop refused it: nothing scheduled (error)
            Unknown, // no readable answer: it may be scheduled; never resent (error)
            Cancelled, // not sent: the operator cancelled first
        };
        VerloopRecipient recipient;
        QString e164; // empty when the number is not valid
        QDateTime ringsAt; // when it rings, in the recipient's zone when known
        RecipientVerdict verdict;
        State state = State::Waiting;
        QString messageId;
        ApiError error;
    };

    // `service` and `guard` outlive the scheduler (the guard must be the gate of the service's
    // client, or nothing is sent).
    VerloopScheduler(VerloopService *service, OutboundGuard *guard, QObject *parent = nullptr);
    ~VerloopScheduler() override;

    // "now" for the time spec (tests, the sandbox's accelerated clock).
    void setClock(std::function<QDateTime()> nowUtc);
    // The console's webhook receiver is on at `publicBase` (EventReceiverSettings): a request
    // without the operator's own callback URL gets, for each call, <publicBase>/hooks/verloop/<token>
    // with a token `tokens` mints for the call's saved intent just before it is sent (before any
    // message_id exists), so Verloop's status callbacks reach that call. An operator-given URL is
    // passed through unchanged. An empty base (or null tokens) turns this off. `tokens` outlives
    // the scheduler.
    void setStatusReceiver(const QUrl &publicBase, VerloopCallbackTokens *tokens);
    bool fillsCallbackUrl() const;

    // Ignored while sending. Resets the results.
    void setRequest(const Request &request);
    const Request &request() const { return m_request; }

    // Each recipient's verdict at its ring time; writes nothing, sends nothing. results() then
    // hold each one's ringsAt and verdict.
    GuardDecision dryRun(const OutboundOverrides &overrides = {});
    // Starts sending to every recipient the guard allows now. False (nothing started) while a
    // send runs or with no recipients. When nothing needs the network (all refused) finished()
    // comes before send() returns.
    bool send(const OutboundOverrides &overrides = {});
    // Stops after the request in flight; the rest become Cancelled.
    void cancel();
    bool isSending() const { return m_sending; }

    QList<Result> results() const { return m_results; }
    // The calls scheduled so far, from the guard's saved intents (newest first as the store
    // gives them): message_id, status, and Unknown ones that must be checked on the dashboard.
    QList<OutboundIntent> scheduledCalls() const;

    // What the guard clears for one SendMessage: its recipient, ring time (none for a call "now",
    // which rings at the guard's now and is summarised as "now"), the campaign's weight and window;
    // `label` says who it is in the dry run and the audit log.
    static OutboundAction actionFor(const VerloopMessage &message, const VerloopCampaignEntry &campaign,
                                    const OutboundOverrides &overrides, bool now = false,
                                    const QString &label = {});
    static QString stateName(Result::State state); // "waiting", "refused", "sending", ...
    // A scheduled call's status in words: Verloop's latest (from its callbacks), else where its
    // status goes ("status goes to your URL" for the operator's own callback URL, "awaiting
    // callback" for the console's), else empty (no callback asked for).
    static QString callStatus(const OutboundIntent &intent);
    // What the saved request shows in place of a call's callback token, which is a capability
    // and never written to the audit log: <publicBase>/hooks/verloop/{token}.
    static QString tokenPlaceholder() { return QStringLiteral("{token}"); }
    // The JSON the CLI prints: one object per recipient.
    QJsonObject resultsJson() const;

Q_SIGNALS:
    void resultChanged(int index);
    void progress(int done, int total);
    // Every recipient has a final state (or the rest were cancelled).
    void finished(bool cancelled);

private:
    // The message and guard action for recipient `index`, at `ringsAt`.
    VerloopMessage messageFor(int index, const QDateTime &ringsAt, const OutboundOverrides &overrides) const;
    // Resolves the number and the time; a refusal verdict when either fails.
    bool prepare(int index, RecipientVerdict *refusal);
    void sendNext();
    bool isNow() const { return m_request.when.kind() == VerloopTimeSpec::Kind::Now; }
    void conclude(int index, Result::State state);
    int doneCount() const;

    // <publicBase>/hooks/verloop/<token>
    QUrl statusUrl(const QString &token) const;
    // The callback URL a call is sent with: the console's own (a token minted for `intentId`) when
    // it fills them; nothing when the token could not be stored (the call's status says so).
    QUrl mintedCallbackUrl(const QString &intentId);

    QPointer<VerloopService> m_service;
    OutboundGuard *m_guard;
    QUrl m_statusBase;
    VerloopCallbackTokens *m_tokens = nullptr;
    std::function<QDateTime()> m_now;
    Request m_request;
    QList<Result> m_results;
    OutboundOverrides m_overrides; // for the send under way only
    bool m_sending = false;
    bool m_cancelling = false;
    int m_next = 0;
};
