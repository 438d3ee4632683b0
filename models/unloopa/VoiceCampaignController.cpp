#include "VoiceCampaignController.h"

#include "outbound/OutboundGuard.h"
#include "outbound/OutboundStore.h"
#include "phone/PhoneNumbers.h"
#include "unloopa/UnloopaService.h"
#include "unloopa/UnloopaVoiceService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimer>

#include <memory>
#include <utility>

namespace {

using CampaignLead = UnloopaCallStore::CampaignLead;

template<typename T>
void refuseLater(const QObject *context, const std::function<void(const Result<T> &)> &done,
                 const QString &code, const QString &explanation)
{
    const Result<T> refused(ApiError::local(Vendor::Unloopa, code, explanation));
    QTimer::singleShot(0, context, [done, refused] { done(refused); });
}

// "mon" … "sun" → Qt::DayOfWeek; unknown names are left out.
QList<int> daysOf(const QStringList &names)
{
    const QStringList all = UnloopaCampaignFields::dayNames();
    QList<int> days;
    for (const QString &name : names) {
        const qsizetype at = all.indexOf(name.trimmed().toLower());
        if (at >= 0)
            days.append(int(at) + 1);
    }
    return days;
}

QJsonObject scheduleJson(const DialingSchedule &schedule)
{
    QJsonArray days;
    for (int day : schedule.days)
        days.append(UnloopaCampaignFields::dayNames().value(day - 1));
    return {{QStringLiteral("timezone"), QString::fromUtf8(schedule.zone.id())},
            {QStringLiteral("calling_window_start"), schedule.start.toString(QStringLiteral("HH:mm"))},
            {QStringLiteral("calling_window_end"), schedule.end.toString(QStringLiteral("HH:mm"))},
            {QStringLiteral("calling_days"), days}};
}

QList<Recipient> recipientsOf(const QList<CampaignLead> &leads)
{
    QList<Recipient> recipients;
    for (const CampaignLead &lead : leads) {
        Recipient recipient = Recipient::phone(lead.phone, lead.businessName);
        recipient.vendorId = lead.leadId;
        recipients.append(recipient);
    }
    return recipients;
}

// Calls of a campaign that are still to ring: Unloopa may dial them on a trigger.
bool stillToRing(const QString &status)
{
    return status.isEmpty() || status == QLatin1String("pending") || status == QLatin1String("queued");
}

} // namespace

VoiceCampaignController::VoiceCampaignController(UnloopaService *unloopa, UnloopaVoiceService *voice,
                                                 OutboundGuard *guard, UnloopaCallStore *store,
                                                 QObject *parent)
    : QObject(parent), m_unloopa(unloopa), m_voice(voice), m_guard(guard), m_store(store)
{ }

DialingSchedule VoiceCampaignController::scheduleOf(const UnloopaCampaignFields &fields)
{
    DialingSchedule schedule;
    schedule.zone = fields.timezone ? QTimeZone(fields.timezone->toUtf8()) : QTimeZone::systemTimeZone();
    schedule.start = fields.windowStart.value_or(QTime(9, 0));
    schedule.end = fields.windowEnd.value_or(QTime(17, 0));
    schedule.days = fields.callingDays ? daysOf(*fields.callingDays) : QList<int>{1, 2, 3, 4, 5};
    return schedule;
}

std::optional<DialingSchedule> VoiceCampaignController::scheduleOf(const UnloopaCampaign &campaign)
{
    if (campaign.timezone.isEmpty() || !campaign.windowStart.isValid() || !campaign.windowEnd.isValid())
        return std::nullopt;
    DialingSchedule schedule;
    schedule.zone = QTimeZone(campaign.timezone.toUtf8());
    schedule.start = campaign.windowStart;
    schedule.end = campaign.windowEnd;
    schedule.days = daysOf(campaign.callingDays);
    return schedule;
}

UnloopaCampaignFields VoiceCampaignController::withSchedule(UnloopaCampaignFields fields)
{
    const DialingSchedule schedule = scheduleOf(fields);
    fields.timezone = QString::fromUtf8(schedule.zone.id());
    fields.windowStart = schedule.start;
    fields.windowEnd = schedule.end;
    QStringList days;
    for (int day : schedule.days)
        days.append(UnloopaCampaignFields::dayNames().value(day - 1));
    fields.callingDays = days;
    return fields;
}

OutboundAction VoiceCampaignController::activationAction(const QString &campaignId,
                                                         const DialingSchedule &schedule,
                                                         const QList<CampaignLead> &leads,
                                                         const OutboundOverrides &overrides)
{
    OutboundAction action;
    action.vendor = Vendor::Unloopa;
    action.action = QStringLiteral("voice_campaign_activate");
    action.target = campaignId;
    action.recipients = recipientsOf(leads);
    action.dialsWithin = schedule;
    action.overrides = overrides;
    QJsonObject summary = scheduleJson(schedule);
    summary.insert(QStringLiteral("campaign_id"), campaignId);
    summary.insert(QStringLiteral("action"), QStringLiteral("activate"));
    action.requestSummary = QJsonDocument(summary).toJson(QJsonDocument::Compact);
    return action;
}

OutboundAction VoiceCampaignController::triggerAction(const QString &campaignId, std::optional<int> limit,
                                                      const QList<CampaignLead> &pending,
                                                      const OutboundOverrides &overrides)
{
    OutboundAction action;
    action.vendor = Vendor::Unloopa;
    action.action = QStringLiteral("voice_campaign_trigger");
    action.target = campaignId;
    action.recipients = recipientsOf(pending);
    action.overrides = overrides;
    QJsonObject summary{{QStringLiteral("campaign_id"), campaignId},
                        {QStringLiteral("action"), QStringLiteral("trigger")}};
    if (limit)
        summary.insert(QStringLiteral("limit"), *limit);
    action.requestSummary = QJsonDocument(summary).toJson(QJsonDocument::Compact);
    return action;
}

VoiceCampaignController::Plan VoiceCampaignController::plan(const QList<UnloopaLead> &leads,
                                                            const UnloopaCampaignFields &fields) const
{
    Plan plan;
    plan.schedule = scheduleOf(fields);
    QList<CampaignLead> withPhone;
    QList<UnloopaLead> candidates;
    QSet<QString> seen;
    for (const UnloopaLead &lead : leads) {
        if (lead.id.isEmpty() || seen.contains(lead.id))
            continue;
        seen.insert(lead.id);
        const QString number = lead.phone.isEmpty() ? lead.phoneAsReceived : lead.phone;
        if (number.trimmed().isEmpty()) {
            plan.withoutPhone.append(lead);
            continue;
        }
        // The guard refuses what is not a valid E.164 number (invalid_number).
        withPhone.append({lead.id, PhoneNumbers::toE164(number).value_or(number), lead.businessName});
        candidates.append(lead);
    }
    if (withPhone.isEmpty() || !m_guard)
        return plan;
    const GuardDecision decision = m_guard->dryRun(activationAction(QString(), plan.schedule, withPhone));
    plan.decision = decision;
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const RecipientVerdict verdict = decision.verdicts.value(i);
        if (verdict.allowed())
            plan.callable.append(candidates.at(i));
        else
            plan.refused.append(verdict);
    }
    return plan;
}

void VoiceCampaignController::create(const UnloopaCampaignFields &fields, const QList<UnloopaLead> &leads,
                                     const QObject *context, Done<UnloopaCampaign> done)
{
    if (!m_voice || !m_guard) {
        refuseLater(context, done, QStringLiteral("not_ready"), tr("The outbound guard is not available."));
        return;
    }
    const Plan checked = plan(leads, fields);
    if (checked.callable.isEmpty()) {
        refuseLater(context, done, QStringLiteral("no_callable_leads"),
                    tr("None of the selected leads can be called by this campaign (no phone number, or the "
                       "guard refused each); nothing was created."));
        return;
    }
    UnloopaCampaignFields sent = withSchedule(fields);
    sent.leadIds.clear();
    QList<CampaignLead> kept;
    for (const UnloopaLead &lead : checked.callable) {
        sent.leadIds.append(lead.id);
        kept.append({lead.id,
                     PhoneNumbers::toE164(lead.phone.isEmpty() ? lead.phoneAsReceived : lead.phone)
                             .value_or(lead.phone),
                     lead.businessName});
    }
    UnloopaCallStore *store = m_store;
    m_voice->createCampaign(sent, context, [store, kept, done](const Result<UnloopaCampaign> &created) {
        if (created.ok() && store) {
            // Kept before anything else can use the campaign: activation and the listed rule need them.
            store->saveCampaignLeads(created->id, kept);
            store->saveCampaigns({created.value()});
        }
        done(created);
    });
}

ApiError VoiceCampaignController::refusedByGuard(const GuardDecision &decision)
{
    m_decision = decision;
    QString reason;
    for (const RecipientVerdict &verdict : decision.verdicts) {
        if (!verdict.allowed() && verdict.reasonCode != QLatin1String("refused_with_request")) {
            reason = verdict.reason;
            break;
        }
    }
    return ApiError::local(Vendor::Unloopa, QStringLiteral("outbound_refused"),
                           tr("The outbound guard refused it; nothing was sent. %1").arg(reason).trimmed());
}

void VoiceCampaignController::activate(const QString &campaignId, const OutboundOverrides &overrides,
                                       const QObject *context, Done<UnloopaCampaign> done)
{
    m_decision = {};
    if (!m_voice || !m_guard || !m_store) {
        refuseLater(context, done, QStringLiteral("not_ready"), tr("The outbound guard is not available."));
        return;
    }
    const QList<CampaignLead> leads = m_store->campaignLeads(campaignId);
    if (leads.isEmpty()) {
        refuseLater(context, done, QStringLiteral("unknown_leads"),
                    tr("This console did not create campaign %1, so it cannot check its leads; nothing was "
                       "activated.")
                            .arg(campaignId));
        return;
    }
    QPointer<VoiceCampaignController> self(this);
    m_voice->fetchCampaign(
            campaignId, context,
            [self, campaignId, leads, overrides, context, done](const Result<UnloopaCampaign> &read) {
                if (!self)
                    return;
                if (!read.ok()) {
                    done(read.error());
                    return;
                }
                const std::optional<DialingSchedule> schedule = scheduleOf(read.value());
                if (!schedule) {
                    done(ApiError::local(
                            Vendor::Unloopa, QStringLiteral("invalid_schedule"),
                            tr("Unloopa did not say when campaign %1 calls (time zone and window), so "
                               "it cannot be checked; nothing was activated.")
                                    .arg(campaignId)));
                    return;
                }
                const OutboundGuard::Clearance clearance =
                        self->m_guard->clear(activationAction(campaignId, *schedule, leads, overrides));
                if (!clearance) {
                    done(self->refusedByGuard(clearance.decision));
                    return;
                }
                self->m_decision = clearance.decision;
                UnloopaCallStore *store = self->m_store;
                self->m_voice->activateCampaign(campaignId, clearance.id, context,
                                                [store, done](const Result<UnloopaCampaign> &activated) {
                                                    if (activated.ok() && store && !activated->id.isEmpty())
                                                        store->saveCampaigns({activated.value()});
                                                    done(activated);
                                                });
            });
}

void VoiceCampaignController::readTriggerPlan(const QString &campaignId, std::optional<int> limit,
                                              const OutboundOverrides &overrides, const QObject *context,
                                              Done<TriggerPlan> done)
{
    if (!m_unloopa || !m_voice || !m_guard || !m_store) {
        refuseLater(context, done, QStringLiteral("not_ready"), tr("The outbound guard is not available."));
        return;
    }
    if (limit && (*limit < 1 || *limit > UnloopaTriggerResult::maxLimit)) {
        refuseLater(context, done, QStringLiteral("invalid_input"),
                    tr("A trigger starts 1 to %1 calls.").arg(UnloopaTriggerResult::maxLimit));
        return;
    }
    const QList<CampaignLead> leads = m_store->campaignLeads(campaignId);
    if (leads.isEmpty()) {
        refuseLater(context, done, QStringLiteral("unknown_leads"),
                    tr("This console did not create campaign %1, so it cannot clear its pending leads; "
                       "nothing was triggered.")
                            .arg(campaignId));
        return;
    }
    QPointer<VoiceCampaignController> self(this);
    m_voice->fetchCampaign(
            campaignId, context,
            [self, campaignId, limit, overrides, leads, context, done](const Result<UnloopaCampaign> &read) {
                if (!self)
                    return;
                if (!read.ok()) {
                    done(read.error());
                    return;
                }
                // Every call of the campaign: a lead whose call rang (or is ringing) is no longer pending.
                UnloopaCallFilter filter;
                filter.campaignId = campaignId;
                auto *pager = new UnloopaPagedFetch(self->m_unloopa, filter, self);
                auto rang = std::make_shared<QSet<QString>>();
                connect(pager, &UnloopaPagedFetch::callsPage, self, [rang](const QList<UnloopaCall> &calls) {
                    for (const UnloopaCall &call : calls) {
                        if (!stillToRing(call.status))
                            rang->insert(call.phoneNumber);
                    }
                });
                const UnloopaCampaign campaign = read.value();
                connect(pager, &UnloopaPagedFetch::finished, self,
                        [self, pager, rang, campaign, leads, limit, overrides, done](const ApiError &error) {
                            pager->deleteLater();
                            if (error.isError()) {
                                done(error);
                                return;
                            }
                            TriggerPlan plan;
                            plan.campaign = campaign;
                            for (const CampaignLead &lead : leads) {
                                if (!rang->contains(lead.phone))
                                    plan.pending.append(lead);
                            }
                            plan.calls = int(qMin<qsizetype>(limit.value_or(UnloopaTriggerResult::maxLimit),
                                                             plan.pending.size()));
                            plan.credits = plan.calls;
                            plan.decision = self->m_guard->dryRun(
                                    triggerAction(campaign.id, limit, plan.pending, overrides));
                            done(plan);
                        });
                pager->start();
            });
}

void VoiceCampaignController::prepareTrigger(const QString &campaignId, std::optional<int> limit,
                                             const OutboundOverrides &overrides, const QObject *context,
                                             Done<TriggerPlan> done)
{
    readTriggerPlan(campaignId, limit, overrides, context, std::move(done));
}

GuardDecision VoiceCampaignController::judgeTrigger(const TriggerPlan &plan, std::optional<int> limit,
                                                    const OutboundOverrides &overrides) const
{
    if (!m_guard)
        return plan.decision;
    return m_guard->dryRun(triggerAction(plan.campaign.id, limit, plan.pending, overrides));
}

void VoiceCampaignController::checkCredits(int credits, const QObject *context, Done<QuotaGate::Verdict> done)
{
    if (!m_unloopa) {
        refuseLater(context, done, QStringLiteral("not_ready"), tr("Unloopa is not available."));
        return;
    }
    m_unloopa->fetchQuota(context, [credits, done](const Result<UnloopaQuota> &quota) {
        if (!quota.ok()) {
            done(quota.error());
            return;
        }
        done(QuotaGate(quota.value()).calls(credits));
    });
}

void VoiceCampaignController::trigger(const QString &campaignId, std::optional<int> limit,
                                      const OutboundOverrides &overrides, const QObject *context,
                                      Done<UnloopaTriggerResult> done)
{
    m_decision = {};
    QPointer<VoiceCampaignController> self(this);
    readTriggerPlan(campaignId, limit, overrides, context,
                    [self, campaignId, limit, overrides, context, done](const Result<TriggerPlan> &plan) {
                        if (!self)
                            return;
                        if (!plan.ok()) {
                            done(plan.error());
                            return;
                        }
                        if (plan->pending.isEmpty()) {
                            done(ApiError::local(Vendor::Unloopa, QStringLiteral("nothing_pending"),
                                                 tr("Campaign %1 has no pending lead left to call; nothing "
                                                    "was triggered.")
                                                         .arg(campaignId)));
                            return;
                        }
                        // Unloopa chooses whom it calls: everyone it may choose is cleared now.
                        const OutboundGuard::Clearance clearance = self->m_guard->clear(
                                triggerAction(campaignId, limit, plan->pending, overrides));
                        if (!clearance) {
                            done(self->refusedByGuard(clearance.decision));
                            return;
                        }
                        self->m_decision = clearance.decision;
                        self->m_voice->triggerCampaign(campaignId, limit, clearance.id, context, done);
                    });
}

void VoiceCampaignController::pauseWhereListed(const QObject *context, Done<QStringList> done)
{
    if (!m_voice || !m_guard || !m_store) {
        refuseLater(context, done, QStringLiteral("not_ready"), tr("The outbound guard is not available."));
        return;
    }
    // One pass at a time: two would both read a campaign as active and pause it twice (the second
    // answered invalid_state). A request made during a pass is served by the next one, which sees
    // the list as it is then.
    m_pauseWaiters.append({QPointer<const QObject>(context), std::move(done)});
    if (!m_pausing)
        startPausePass();
}

void VoiceCampaignController::startPausePass()
{
    m_pausing = true;
    m_followWaiting = false; // the follower's request, if any, is served by this pass
    auto waiters = std::make_shared<QList<PauseWaiter>>(std::exchange(m_pauseWaiters, {}));
    QPointer<VoiceCampaignController> self(this);
    const Done<QStringList> finish = [self, waiters](const Result<QStringList> &result) {
        if (!self)
            return;
        for (const PauseWaiter &waiter : std::as_const(*waiters)) {
            if (waiter.context)
                waiter.done(result);
        }
        self->m_pausing = false;
        if (!self->m_pauseWaiters.isEmpty())
            self->startPausePass();
    };
    m_voice->fetchCampaigns(this, [self, finish](const Result<QList<UnloopaCampaign>> &campaigns) {
        if (!self)
            return;
        if (!campaigns.ok()) {
            finish(campaigns.error());
            return;
        }
        self->m_store->saveCampaigns(campaigns.value());
        QStringList toPause;
        OutboundStore *list = self->m_guard->store();
        for (const UnloopaCampaign &campaign : campaigns.value()) {
            if (campaign.status != QLatin1String("active"))
                continue;
            for (const CampaignLead &lead : self->m_store->campaignLeads(campaign.id)) {
                if (list->listedEntry(Recipient::phone(lead.phone))) {
                    toPause.append(campaign.id);
                    break;
                }
            }
        }
        self->pauseNext(toPause, {}, self.data(), finish);
    });
}

void VoiceCampaignController::pauseNext(QStringList candidates, QStringList paused, const QObject *context,
                                        Done<QStringList> done)
{
    if (candidates.isEmpty() || !m_voice) {
        done(paused);
        return;
    }
    const QString id = candidates.takeFirst();
    QPointer<VoiceCampaignController> self(this);
    m_voice->pauseCampaign(
            id, context,
            [self, id, candidates, paused, context, done](const Result<UnloopaCampaign> &result) mutable {
                if (!self)
                    return;
                if (!result.ok()) {
                    done(result.error());
                    return;
                }
                if (self->m_store && !result->id.isEmpty())
                    self->m_store->saveCampaigns({result.value()});
                paused.append(id);
                self->pauseNext(candidates, paused, context, done);
            });
}

Result<int> VoiceCampaignController::listNotInterested(const QList<UnloopaCall> &calls)
{
    if (!m_guard)
        return ApiError::local(Vendor::Unloopa, QStringLiteral("not_ready"),
                               tr("The outbound guard is not available."));
    QList<DncEntry> entries;
    QSet<QString> seen;
    for (const UnloopaCall &call : calls) {
        const std::optional<QString> e164 = PhoneNumbers::toE164(call.phoneNumber);
        if (call.outcome != QLatin1String("not_interested") || !e164 || seen.contains(*e164) ||
            m_guard->store()->listedEntry(Recipient::phone(*e164)))
            continue;
        seen.insert(*e164);
        DncEntry entry;
        entry.kind = DncEntry::Kind::Phone;
        entry.value = *e164;
        entry.source = QStringLiteral("unloopa_not_interested");
        entry.reason = tr("Not interested on Unloopa call %1").arg(call.id);
        entry.addedAt = QDateTime::currentDateTimeUtc();
        entry.addedBy = localOperatorName();
        entries.append(entry);
    }
    if (entries.isEmpty())
        return 0;
    if (const StoreStatus added = m_guard->store()->addToDoNotContact(entries); !added)
        return added.toApiError(Vendor::Unloopa);
    return int(entries.size());
}

bool VoiceCampaignController::anyCampaignMayCall() const
{
    if (!m_store)
        return false;
    for (const UnloopaCampaign &campaign : m_store->campaigns()) {
        // Completed is final; a campaign read in another state may have moved since (the CLI).
        if (campaign.status != QLatin1String("completed") && !m_store->campaignLeads(campaign.id).isEmpty())
            return true;
    }
    return false;
}

void VoiceCampaignController::followDoNotContactList()
{
    if (!m_guard || !m_guard->store())
        return;
    connect(m_guard->store(), &OutboundStore::doNotContactAdded, this,
            &VoiceCampaignController::checkListings);
    // What was listed while nothing followed (the command-line companion, a run that ended)
    // is caught up now: Unloopa dials an active campaign on its own.
    checkListings();
}

void VoiceCampaignController::checkListings()
{
    // Additions while a request of ours waits for its pass are served by that pass.
    if (m_followWaiting || !anyCampaignMayCall())
        return;
    m_followWaiting = true;
    pauseWhereListed(this, [this](const Result<QStringList> &paused) {
        if (!paused.ok())
            Q_EMIT listingCheckFailed(paused.error());
        else if (!paused->isEmpty())
            Q_EMIT pausedForListing(paused.value());
    });
}

VoiceCampaignController::Done<UnloopaCampaign>
VoiceCampaignController::keeping(Done<UnloopaCampaign> done) const
{
    UnloopaCallStore *store = m_store;
    return [store, done](const Result<UnloopaCampaign> &answer) {
        if (answer.ok() && store && !answer->id.isEmpty())
            store->saveCampaigns({answer.value()});
        done(answer);
    };
}

void VoiceCampaignController::fetchCampaigns(const QObject *context, Done<QList<UnloopaCampaign>> done)
{
    if (!m_voice) {
        refuseLater(context, done, QStringLiteral("not_ready"), tr("Unloopa is not available."));
        return;
    }
    UnloopaCallStore *store = m_store;
    m_voice->fetchCampaigns(context, [store, done](const Result<QList<UnloopaCampaign>> &campaigns) {
        if (campaigns.ok() && store)
            store->saveCampaigns(campaigns.value());
        done(campaigns);
    });
}

void VoiceCampaignController::fetchCampaign(const QString &campaignId, const QObject *context,
                                            Done<UnloopaCampaign> done)
{
    if (!m_voice) {
        refuseLater(context, done, QStringLiteral("not_ready"), tr("Unloopa is not available."));
        return;
    }
    m_voice->fetchCampaign(campaignId, context, keeping(std::move(done)));
}

void VoiceCampaignController::pause(const QString &campaignId, const QObject *context,
                                    Done<UnloopaCampaign> done)
{
    if (!m_voice) {
        refuseLater(context, done, QStringLiteral("not_ready"), tr("Unloopa is not available."));
        return;
    }
    m_voice->pauseCampaign(campaignId, context, keeping(std::move(done)));
}

void VoiceCampaignController::cancel(const QString &campaignId, const QObject *context,
                                     Done<UnloopaCampaign> done)
{
    if (!m_voice) {
        refuseLater(context, done, QStringLiteral("not_ready"), tr("Unloopa is not available."));
        return;
    }
    m_voice->cancelCampaign(campaignId, context, keeping(std::move(done)));
}

void VoiceCampaignController::update(const QString &campaignId, const UnloopaCampaignFields &fields,
                                     const QObject *context, Done<UnloopaCampaign> done)
{
    if (!m_voice) {
        refuseLater(context, done, QStringLiteral("not_ready"), tr("Unloopa is not available."));
        return;
    }
    m_voice->updateCampaign(campaignId, fields, context, keeping(std::move(done)));
}
