#pragma once

#include "core/Result.h"
#include "outbound/OutboundTypes.h"
#include "store/UnloopaCallStore.h"
#include "unloopa/QuotaGate.h"
#include "unloopa/UnloopaTypes.h"
#include "unloopa/UnloopaVoiceTypes.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <optional>

class OutboundGuard;
class UnloopaService;
class UnloopaVoiceService;

// Unloopa voice campaigns through the one outbound guard (issue #12). Unloopa dials a campaign's
// leads on its own once it is active, so the guard decides before it can:
//  - plan(): the dry run — which selected leads are callable and what the guard refuses (no
//    phone, an invalid number, the do-not-contact list, a campaign window that reaches outside a
//    lead's calling window at any time of the year);
//  - create(): a draft sent with the `lead_ids` the dry run cleared (never a lead_filter), and
//    with its time zone, window and days always explicit, so what was checked is what Unloopa
//    gets; the leads are kept (UnloopaCallStore) for the checks below;
//  - activate(): the campaign's own schedule, read back from Unloopa, must lie inside every lead's
//    calling window, and no lead may be listed: cleared as one request (target: the campaign);
//  - prepareTrigger()/trigger(): Unloopa picks which pending leads to call, so every pending lead
//    is cleared first, now; the figures (pending, calls, credits) are for the confirmation;
//  - pauseWhereListed(): an active campaign with a lead on the do-not-contact list is paused;
//    followDoNotContactList() runs it on every addition to the list, whichever part made it;
//  - fetch/pause/cancel/update: the rest of the lifecycle (no one is contacted), each answer kept
//    in the store;
//  - listNotInterested(): when the operator chose it, a `not_interested` outcome puts the number
//    on the do-not-contact list (then pauseWhereListed()).
// Activation and trigger are never retried and never sent twice (the guard's intents).
class VoiceCampaignController : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Done = std::function<void(const Result<T> &)>;

    struct Plan
    {
        QList<UnloopaLead> callable; // cleared by the dry run, in the order given
        QList<UnloopaLead> withoutPhone;
        QList<RecipientVerdict> refused; // by the guard, one per refused lead
        GuardDecision decision; // the guard's verdict on every lead with a phone, in order
        DialingSchedule schedule; // what was checked (and is sent)
    };

    struct TriggerPlan
    {
        UnloopaCampaign campaign;
        QList<UnloopaCallStore::CampaignLead> pending; // every one is cleared before a trigger
        int calls = 0; // min(limit, pending): the calls it starts
        int credits = 0; // 1 per call
        GuardDecision decision; // the dry run on every pending lead
    };

    // None is owned; all outlive the controller. `guard` must be the gate of the services' client.
    VoiceCampaignController(UnloopaService *unloopa, UnloopaVoiceService *voice, OutboundGuard *guard,
                            UnloopaCallStore *store, QObject *parent = nullptr);

    // The schedule a campaign with these fields dials within, the console's defaults filling what
    // is unset (the system time zone, 09:00-17:00, Monday to Friday).
    static DialingSchedule scheduleOf(const UnloopaCampaignFields &fields);
    // A campaign as Unloopa describes it (detail): nothing when its zone or window is missing.
    static std::optional<DialingSchedule> scheduleOf(const UnloopaCampaign &campaign);
    // `fields` with the schedule made explicit.
    static UnloopaCampaignFields withSchedule(UnloopaCampaignFields fields);

    // The dry run: writes nothing, sends nothing.
    Plan plan(const QList<UnloopaLead> &leads, const UnloopaCampaignFields &fields) const;
    // Creates the draft for the leads plan() clears (none: refused locally, nothing sent).
    void create(const UnloopaCampaignFields &fields, const QList<UnloopaLead> &leads, const QObject *context,
                Done<UnloopaCampaign> done);
    // Reads the campaign, clears its activation (every lead it was created with) and activates it.
    // Refused locally (nothing sent) for a campaign this console did not create (its leads are
    // unknown) or when the guard refuses; ApiError code "outbound_refused" then, with
    // lastDecision() saying why for each lead.
    void activate(const QString &campaignId, const OutboundOverrides &overrides, const QObject *context,
                  Done<UnloopaCampaign> done);
    // The confirmation's figures, judged with the overrides the trigger will carry; sends nothing
    // that contacts.
    void prepareTrigger(const QString &campaignId, std::optional<int> limit,
                        const OutboundOverrides &overrides, const QObject *context, Done<TriggerPlan> done);
    // The trigger's dry run again with other overrides (the operator chose one): sends nothing.
    GuardDecision judgeTrigger(const TriggerPlan &plan, std::optional<int> limit,
                               const OutboundOverrides &overrides) const;
    // GET /quota now, judged by QuotaGate::calls(credits): what a trigger may spend.
    void checkCredits(int credits, const QObject *context, Done<QuotaGate::Verdict> done);
    // Clears every pending lead now (all or nothing) and triggers up to `limit` (1-10) calls.
    void trigger(const QString &campaignId, std::optional<int> limit, const OutboundOverrides &overrides,
                 const QObject *context, Done<UnloopaTriggerResult> done);
    // Reads the campaigns and pauses every active one that would call a listed number. The ids
    // it paused. Passes never overlap: a call during one is answered by the next pass.
    void pauseWhereListed(const QObject *context, Done<QStringList> done);
    // From now on every entry added to the guard's do-not-contact list (the Safety page, an
    // import, an unsubscribe, a not_interested outcome...) runs pauseWhereListed(), and one pass
    // runs at once for what was listed while nothing followed (the CLI, a console not running).
    // Skipped while no campaign this console created can still call (nothing to pause). Reports
    // pausedForListing() / listingCheckFailed().
    void followDoNotContactList();

    // GET /voice/campaigns and GET /voice/campaigns/{id}, kept in the store.
    void fetchCampaigns(const QObject *context, Done<QList<UnloopaCampaign>> done);
    void fetchCampaign(const QString &campaignId, const QObject *context, Done<UnloopaCampaign> done);
    // Stop calling (no clearance needed: nobody is contacted), kept in the store.
    void pause(const QString &campaignId, const QObject *context, Done<UnloopaCampaign> done);
    void cancel(const QString &campaignId, const QObject *context, Done<UnloopaCampaign> done);
    // Field updates (PATCH {"updates"}): Unloopa takes them in draft or paused only (else
    // invalid_state). A new schedule is judged when the campaign is next activated.
    void update(const QString &campaignId, const UnloopaCampaignFields &fields, const QObject *context,
                Done<UnloopaCampaign> done);
    // Puts the numbers of `calls` whose outcome is not_interested on the do-not-contact list
    // (source "unloopa_not_interested"): only when the operator chose this. How many were added.
    Result<int> listNotInterested(const QList<UnloopaCall> &calls);

    GuardDecision lastDecision() const { return m_decision; }

Q_SIGNALS:
    // followDoNotContactList(): a pass paused these campaigns (never emitted empty).
    void pausedForListing(const QStringList &campaignIds);
    // followDoNotContactList(): a pass could not read or pause the campaigns.
    void listingCheckFailed(const ApiError &error);

public:
    // The guard's actions (public for the tests and the contacting-calls list).
    static OutboundAction activationAction(const QString &campaignId, const DialingSchedule &schedule,
                                           const QList<UnloopaCallStore::CampaignLead> &leads,
                                           const OutboundOverrides &overrides = {});
    static OutboundAction triggerAction(const QString &campaignId, std::optional<int> limit,
                                        const QList<UnloopaCallStore::CampaignLead> &pending,
                                        const OutboundOverrides &overrides = {});

private:
    void readTriggerPlan(const QString &campaignId, std::optional<int> limit,
                         const OutboundOverrides &overrides, const QObject *context, Done<TriggerPlan> done);
    void pauseNext(QStringList candidates, QStringList paused, const QObject *context,
                   Done<QStringList> done);
    ApiError refusedByGuard(const GuardDecision &decision);
    // Whether a campaign this console created (its leads are kept) may still call.
    bool anyCampaignMayCall() const;
    void checkListings();
    void startPausePass();
    Done<UnloopaCampaign> keeping(Done<UnloopaCampaign> done) const;

    QPointer<UnloopaService> m_unloopa;
    QPointer<UnloopaVoiceService> m_voice;
    QPointer<OutboundGuard> m_guard;
    UnloopaCallStore *m_store;
    GuardDecision m_decision;
    struct PauseWaiter
    {
        QPointer<const QObject> context;
        Done<QStringList> done;
    };
    QList<PauseWaiter> m_pauseWaiters; // pauseWhereListed() requests for the next pass
    bool m_pausing = false; // a pauseWhereListed() pass is running
    bool m_followWaiting = false; // followDoNotContactList()'s request waits for the next pass
};
