#pragma once

#include "core/Vendor.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTime>
#include <QTimeZone>

#include <optional>

// The vocabulary of the outbound guard (README promises O1-O7): who an action would reach, what
// the guard decided for each, and the rows of the do-not-contact list, the audit log and the
// saved intents.

// One person an outbound action would reach, by one address.
struct Recipient
{
    enum class Channel {
        Phone,
        Email,
        // Nobody: the stand-in the guard judges for a request that only spends money (a number
        // purchase); its address is the action's target.
        None,
    };
    Channel channel = Channel::Phone;
    QString address; // E.164 ("+13055551234") or a lower-cased email address
    QString label; // who it is for the operator ("Acme Plumbing"), never used to decide
    // The vendor's id for this person, when a request names people by it (an Unloopa lead id):
    // see OutboundAction::recipientIdsKey.
    QString vendorId;

    static Recipient phone(const QString &e164, const QString &label = {});
    static Recipient email(const QString &address, const QString &label = {});
};

// A campaign's own calling window on top of the legal one (local time of the recipient).
struct CampaignWindow
{
    QTime start; // invalid: no campaign window
    QTime end; // exclusive
    QList<int> days; // Qt::DayOfWeek values 1..7; empty = every day
};

// When a vendor may dial on its own once a request lets it (a Unloopa voice campaign's calling
// window and days, in the campaign's own time zone).
struct DialingSchedule
{
    QTimeZone zone;
    QTime start;
    QTime end; // exclusive
    QList<int> days; // Qt::DayOfWeek values 1..7; empty = every day
};

// What the operator explicitly chose for this one action (never from a saved preference: README
// promise O5). The do-not-contact list is never overridden.
struct OutboundOverrides
{
    bool callingWindow = false; // the console's own calling window (legal window)
    bool vendorCallingWindow = false; // Verloop's ScheduledAt.BypassCallingWindow
    QString reason; // typed by the operator; required (non-blank) when either flag is set
};

// One request that would contact people or spend money, described before it is sent.
struct OutboundAction
{
    Vendor vendor = Vendor::UnlimCall;
    // Stable machine name of the operation: "call" (UnlimCall POST /calls), "schedule_call"
    // (Verloop SendMessage), later "voice_call", "voice_campaign_activate", "outreach_send",
    // "campaign_launch", "campaign_resume".
    QString action;
    QList<Recipient> recipients;
    QDateTime ringsAt; // when it reaches the person (scheduled calls); invalid = now
    // How many attempts this counts against the per-day cap for each recipient: a Verloop call
    // counts 1 + the retries its campaign is configured for on Verloop's dashboard.
    int attemptWeight = 1;
    std::optional<CampaignWindow> campaignWindow;
    OutboundOverrides overrides;
    // What is sent, without secrets, kept with the intent (README promise O7) so the operator can
    // see what went out; e.g. the request's JSON body.
    QByteArray requestSummary;
    // What makes two requests the same one for the repeat check (OutboundGuard::dedupeKey);
    // empty = requestSummary. Set when the summary holds a part the console chooses per send and
    // that does not change who is reached or when (Verloop's Callback.URL: the console's own
    // status URL while the receiver is on, none while it is off).
    QByteArray requestIdentity;
    // Set when ONE request reaches every recipient at once (an Outreach2day campaign launch: the
    // request names the campaign, not the people): what the request names, e.g. the campaign id.
    // The guard then clears the whole request, or nothing, and its clearance is redeemed only by a
    // request whose path, query or body names this target.
    // With no recipients at all the request reaches nobody and only spends money (a phone number
    // bought): the target is what it buys, and the guard still saves its intent before it is sent,
    // so a crash between sending and saving leaves it unknown, never sent twice.
    QString target;
    // Set when ONE request names each of its recipients by the vendor's id (Recipient::vendorId)
    // in one JSON array of its body (Unloopa POST /outreach/send: "lead_ids"): cleared whole, as
    // with a target, and redeemed only by a request whose array holds exactly those ids.
    QString recipientIdsKey;
    // Set when the request lets the vendor dial on its own later (a voice campaign's activation):
    // instead of one ring time, every moment of this schedule must lie inside each recipient's
    // calling window, in every zone the number may be in, through the year's clock changes.
    // Nothing rings when it is sent, so it counts no attempt against the daily cap.
    std::optional<DialingSchedule> dialsWithin;

    // One request to many people (or to nobody), cleared whole.
    bool isOneRequest() const { return !target.isEmpty() || !recipientIdsKey.isEmpty(); }
    // What one recipient's attempt counts against the daily cap: nothing for a request that rings
    // nobody now.
    int countedWeight() const { return dialsWithin ? 0 : qMax(1, attemptWeight); }
};

// The guard's decision for one recipient.
struct RecipientVerdict
{
    enum class Verdict {
        Allowed,
        Refused, // never sent (listed, over the cap, invalid number, already sent...)
        NeedsOverride, // only with an explicit override and a typed reason (calling window)
    };
    Recipient recipient;
    Verdict verdict = Verdict::Refused;
    // Stable machine code: "allowed", "do_not_contact", "outside_calling_window",
    // "outside_campaign_window", "unknown_time_zone", "attempt_cap", "invalid_number",
    // "override_without_reason", "already_sent"; also "invalid_address" (an email without '@'),
    // "store_unavailable" (the list or the log could not be read or written: nothing is sent),
    // "invalid_schedule" (a dialing schedule without a zone or a window) and
    // "one_recipient_per_request" (a programming error: a clearance is for one person) and
    // "refused_with_request" (allowed alone, but the one request also reaches someone refused).
    QString reasonCode;
    QString reason; // a whole sentence for the operator, in tr()
    bool overridden = false; // allowed only because of an override (the audit row says so)

    bool allowed() const { return verdict == Verdict::Allowed; }
    // "allowed", "refused", "needs_override" (the audit log's and the CLI's word).
    static QString verdictName(Verdict verdict);
    QJsonObject toJson() const;
};

// The guard's decision for one action (or a dry run of many).
struct GuardDecision
{
    QList<RecipientVerdict> verdicts;

    bool allAllowed() const;
    int allowedCount() const;
    int refusedCount() const; // Refused and NeedsOverride together
    // reasonCode -> count, refused ones only (the dry run's summary).
    QList<QPair<QString, int>> refusedByReason() const;
    // For the CLI: {"allowed": n, "refused": n, "refusedByReason": {code: n},
    // "recipients": [{"recipient", "label", "channel", "verdict", "reasonCode", "reason", "overridden"}]}.
    QJsonObject toJson() const;
};

// One entry of the do-not-contact list.
struct DncEntry
{
    enum class Kind { Phone, Email, Domain };
    qint64 id = 0;
    Kind kind = Kind::Phone;
    QString value; // E.164, lower-cased address, or lower-cased domain without '@'
    QString source; // "manual", "csv_import", "unlimcall_dnc_event", "outreach2day_suppression"...
    QString reason;
    QDateTime addedAt; // UTC
    QString addedBy; // the OS user name, or the vendor for mirrored entries

    // Stable machine name of a kind ("phone", "email", "domain"): the database, CSV and JSON.
    static QString kindId(Kind kind);
    static Kind kindFromId(const QString &id); // Phone for anything unknown
};

// Who is at the keyboard, for "added by" / "removed by": the operator's account on this machine.
QString localOperatorName();

// One row of the append-only audit log: an attempt, allowed or refused...
struct AuditAttempt
{
    qint64 id = 0;
    QDateTime at; // UTC, when the guard decided
    Vendor vendor = Vendor::UnlimCall;
    QString action;
    QString recipient; // E.164 or email address
    QString verdict; // "allowed", "refused", "needs_override"
    QString reasonCode;
    QString reason;
    QString overrideReason; // empty when no override was used
    QDateTime ringsAt; // UTC; when it would reach the person
    int attemptWeight = 1; // counted against the per-day cap when allowed
    QString intentId; // the saved intent (allowed attempts only)
    // Who acted when it was not the guard: the OS user name of a do-not-contact removal.
    QString actor;

    // A change to the do-not-contact list ("dnc_remove": recipient = the removed value, reason =
    // why, actor = who), not a vendor action: `vendor` means nothing on such a row.
    bool isListChange() const { return action == QLatin1String("dnc_remove"); }
};

// ...or the vendor's answer to one, linked to it.
struct AuditOutcome
{
    qint64 id = 0;
    qint64 attemptId = 0;
    QDateTime at; // UTC
    QString outcome; // "accepted", "failed", "unknown" (crash between sending and saving)
    QString vendorRef; // call id, message_id...
    QString error; // ApiError::summary() when failed
};

// A contacting request saved before it is sent (README promise O7).
struct OutboundIntent
{
    enum class State {
        Pending, // saved, about to be sent (or the process died while sending)
        Sent, // the vendor accepted it (vendorRef set)
        Failed, // the vendor refused it: nothing was placed
        Unknown, // found Pending after a restart: never resent, the operator checks the vendor
    };
    QString id; // UUID, minted by the guard
    Vendor vendor = Vendor::UnlimCall;
    QString action;
    QString recipient;
    QString dedupeKey; // same vendor+action+recipient+request: a second one is "already_sent"
    QByteArray requestSummary;
    QDateTime createdAt; // UTC
    QDateTime ringsAt; // UTC
    State state = State::Pending;
    QString vendorRef;
    QString status; // the vendor's latest status for it (from callbacks), free text
    QDateTime updatedAt; // UTC
};
