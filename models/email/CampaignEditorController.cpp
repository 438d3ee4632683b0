#include "CampaignEditorController.h"

#include "core/VendorClient.h" // before the service: its inline client() needs the whole type
#include "email/CampaignLauncher.h"
#include "outbound/OutboundGuard.h"
#include "outreach2day/Outreach2dayService.h"

#include <QSet>

#include <algorithm>

CampaignEditorController::CampaignEditorController(Outreach2dayService *service, EmailCampaignStore *store,
                                                   OutboundGuard *guard, QObject *parent)
    : QObject(parent), m_service(service), m_store(store), m_guard(guard)
{
    if (guard) {
        m_launcher = new CampaignLauncher(service, store, guard, this);
        connect(m_launcher, &CampaignLauncher::finished, this, [this] {
            refreshStatus();
            Q_EMIT busyChanged();
        });
    }
}

void CampaignEditorController::setCampaign(const QString &campaignId)
{
    if (campaignId == m_campaignId)
        return;
    m_campaignId = campaignId;
    m_preflightCurrent = false;
    m_preflightRunning = false;
    Q_EMIT campaignChanged();
    Q_EMIT mailboxesChanged();
    Q_EMIT preflightChanged();
}

std::optional<EmailCampaignStore::CampaignRow> CampaignEditorController::campaign() const
{
    if (m_campaignId.isEmpty())
        return std::nullopt;
    return m_store->campaign(m_campaignId);
}

bool CampaignEditorController::stored(Topic topic, const QString &what, const StoreStatus &status)
{
    if (status)
        return true;
    Q_EMIT failed(topic, what, status.toApiError(Vendor::Outreach2day));
    return false;
}

bool CampaignEditorController::rename(const QString &name)
{
    const auto row = campaign();
    if (!row || name.trimmed().isEmpty() || name.trimmed() == row->campaign.name)
        return false;
    O2dCampaign renamed = row->campaign;
    renamed.name = name.trimmed();
    if (!stored(Topic::Details, tr("The new name was not saved"),
                m_store->saveCampaign(renamed, row->registered)))
        return false;
    Q_EMIT campaignChanged();
    return true;
}

// ---------------------------------------------------------------------------------------------
// Mailboxes

QList<O2dMailbox> CampaignEditorController::mailboxes() const
{
    return m_campaignId.isEmpty() ? QList<O2dMailbox>() : m_store->mailboxes(m_campaignId);
}

void CampaignEditorController::attachMailbox(const O2dMailbox &mailbox)
{
    const QString id = m_campaignId;
    if (id.isEmpty() || !m_service)
        return;
    m_service->attachMailbox(id, mailbox, this, [this, id, mailbox](const Result<O2dMailbox> &result) {
        if (!result) {
            Q_EMIT failed(Topic::Mailboxes, tr("The mailbox %1 was not attached").arg(mailbox.mailboxAddress),
                          result.error());
            return;
        }
        O2dMailbox attached = result.value();
        if (attached.campaignId.isEmpty())
            attached.campaignId = id;
        if (attached.mailboxAddress.isEmpty())
            attached.mailboxAddress = mailbox.mailboxAddress; // the answer may not repeat it
        if (!stored(Topic::Mailboxes, tr("The mailbox was attached but not saved here"),
                    m_store->saveMailbox(attached)))
            return;
        if (isCurrent(id)) {
            markChanged();
            Q_EMIT mailboxesChanged();
        }
    });
}

void CampaignEditorController::updateMailbox(const QString &campaignMailboxId, const O2dMailbox &changes)
{
    const QString id = m_campaignId;
    if (id.isEmpty() || !m_service)
        return;
    m_service->updateMailbox(
            id, campaignMailboxId, changes, this,
            [this, id, campaignMailboxId](const Result<O2dMailbox> &result) {
                if (!result) {
                    Q_EMIT failed(Topic::Mailboxes, tr("The mailbox was not changed"), result.error());
                    return;
                }
                O2dMailbox updated = result.value();
                if (updated.id.isEmpty())
                    updated.id = campaignMailboxId;
                if (updated.campaignId.isEmpty())
                    updated.campaignId = id;
                if (updated.mailboxAddress.isEmpty()) {
                    for (const O2dMailbox &known : m_store->mailboxes(id))
                        if (known.id == updated.id)
                            updated.mailboxAddress = known.mailboxAddress;
                }
                if (!stored(Topic::Mailboxes, tr("The mailbox was changed but not saved here"),
                            m_store->saveMailbox(updated)))
                    return;
                if (isCurrent(id)) {
                    markChanged();
                    Q_EMIT mailboxesChanged();
                }
            });
}

void CampaignEditorController::refreshMailboxes()
{
    const QString id = m_campaignId;
    if (id.isEmpty() || !m_service)
        return;
    m_service->listMailboxes(id, this, [this, id](const Result<QList<O2dMailbox>> &result) {
        if (!result) {
            Q_EMIT failed(Topic::Mailboxes, tr("The mailboxes were not read"), result.error());
            return;
        }
        // The list may leave out what the console knows (the address): keep it.
        const QList<O2dMailbox> known = m_store->mailboxes(id);
        QList<O2dMailbox> listed = result.value();
        for (O2dMailbox &mailbox : listed) {
            if (mailbox.campaignId.isEmpty())
                mailbox.campaignId = id;
            for (const O2dMailbox &old : known)
                if (old.id == mailbox.id && mailbox.mailboxAddress.isEmpty())
                    mailbox.mailboxAddress = old.mailboxAddress;
        }
        if (!stored(Topic::Mailboxes, tr("The mailboxes were not saved here"),
                    m_store->saveMailboxes(id, listed)))
            return;
        if (isCurrent(id))
            Q_EMIT mailboxesChanged();
    });
}

// ---------------------------------------------------------------------------------------------
// Schedule and stop rules

std::optional<O2dSchedule> CampaignEditorController::schedule() const
{
    return m_campaignId.isEmpty() ? std::nullopt : m_store->schedule(m_campaignId);
}

O2dStopRules CampaignEditorController::stopRules() const
{
    const auto rules = m_campaignId.isEmpty() ? std::nullopt : m_store->stopRules(m_campaignId);
    return rules.value_or(O2dStopRules());
}

void CampaignEditorController::saveSchedule(const O2dSchedule &schedule, const O2dStopRules &rules)
{
    const QString id = m_campaignId;
    if (id.isEmpty() || !m_service)
        return;
    m_service->setSchedule(id, schedule, this, [this, id, schedule, rules](const Result<Done> &result) {
        if (!result) {
            Q_EMIT failed(Topic::Schedule, tr("The schedule was not saved"), result.error());
            return;
        }
        if (!stored(Topic::Schedule, tr("The schedule was saved at Outreach2day but not here"),
                    m_store->saveSchedule(id, schedule)))
            return;
        m_service->setStopRules(id, rules, this, [this, id, rules](const Result<Done> &answer) {
            if (!answer) {
                Q_EMIT failed(Topic::Schedule, tr("The stop rules were not saved"), answer.error());
                return;
            }
            if (!stored(Topic::Schedule, tr("The stop rules were saved at Outreach2day but not here"),
                        m_store->saveStopRules(id, rules)))
                return;
            if (isCurrent(id)) {
                markChanged();
                Q_EMIT scheduleSaved();
            }
        });
    });
}

// ---------------------------------------------------------------------------------------------
// Preflight

std::optional<O2dPreflight> CampaignEditorController::preflight() const
{
    return m_campaignId.isEmpty() ? std::nullopt : m_store->preflight(m_campaignId);
}

void CampaignEditorController::markChanged()
{
    if (!m_preflightCurrent)
        return;
    m_preflightCurrent = false;
    Q_EMIT preflightChanged();
}

void CampaignEditorController::runPreflight()
{
    const QString id = m_campaignId;
    if (id.isEmpty() || !m_service || m_preflightRunning)
        return;
    m_preflightRunning = true;
    Q_EMIT preflightChanged();
    auto done = [this, id](const std::optional<O2dPreflight> &answer) {
        if (!isCurrent(id))
            return;
        m_preflightRunning = false;
        if (answer &&
            stored(Topic::Preflight, tr("The preflight was not saved here"),
                   m_store->savePreflight(id, *answer, QDateTime::currentDateTimeUtc())))
            m_preflightCurrent = true;
        Q_EMIT preflightChanged();
        Q_EMIT busyChanged();
    };
    m_service->preflight(id, this, [this, id, done](const Result<O2dPreflight> &result) {
        if (!result) {
            Q_EMIT failed(Topic::Preflight, tr("The preflight did not run"), result.error());
            done(std::nullopt);
            return;
        }
        // The mailbox preflight adds its own checks (authentication of each mailbox).
        const O2dPreflight campaignChecks = result.value();
        m_service->mailboxPreflight(
                id, this, [this, campaignChecks, done](const Result<O2dPreflight> &mailbox) {
                    O2dPreflight merged = campaignChecks;
                    if (!mailbox) {
                        Q_EMIT failed(Topic::Preflight, tr("The mailbox preflight did not run"),
                                      mailbox.error());
                        done(merged);
                        return;
                    }
                    QSet<QString> names;
                    for (const O2dPreflight::Check &check : std::as_const(merged.checks))
                        names.insert(check.name);
                    for (const O2dPreflight::Check &check : mailbox->checks)
                        if (!names.contains(check.name))
                            merged.checks.append(check);
                    for (const QString &failure : mailbox->blockingFailures)
                        if (!merged.blockingFailures.contains(failure))
                            merged.blockingFailures.append(failure);
                    done(merged);
                });
    });
}

// ---------------------------------------------------------------------------------------------
// Capacity

int CampaignEditorController::contactCount() const
{
    if (m_campaignId.isEmpty())
        return 0;
    int count = m_store->contactCount(m_campaignId);
    if (const auto row = m_store->campaign(m_campaignId); row && row->stats)
        count = std::max(count, row->stats->contacts.total);
    return count;
}

CapacityPlan CampaignEditorController::plan(const std::optional<O2dSchedule> &draftSchedule,
                                            const QDateTime &startUtc) const
{
    CapacityInput input;
    input.contacts = contactCount();
    if (!m_campaignId.isEmpty()) {
        for (const O2dStep &step : m_store->steps(m_campaignId))
            input.stepDelayDays.append(step.delayDays);
        input.mailboxes = m_store->mailboxes(m_campaignId);
    }
    input.schedule = draftSchedule ? *draftSchedule : schedule().value_or(O2dSchedule());
    input.startUtc = startUtc;
    return CapacityPlanner::plan(input);
}

// ---------------------------------------------------------------------------------------------
// Launch

QString CampaignEditorController::launchProblem() const
{
    if (!m_launcher)
        return tr("Nothing can be launched: the do-not-contact list and its guard are not available.");
    if (m_launcher->isBusy())
        return tr("A launch, pause or resume is in flight: wait for its answer.");
    if (m_preflightRunning)
        return tr("The preflight is running.");
    const auto last = preflight();
    if (!m_preflightCurrent || !last)
        return tr("Run the preflight first: it checks the campaign as it is now.");
    if (!last->canLaunch())
        return tr("The preflight found %n blocking failure(s): fix them, then check again.", nullptr,
                  int(last->blockingFailures.size()));
    return {};
}

void CampaignEditorController::refreshStatus()
{
    const QString id = m_campaignId;
    if (id.isEmpty() || !m_service)
        return;
    m_service->fetchStats(id, this, [this, id](const Result<O2dStats> &result) {
        if (!result) {
            Q_EMIT failed(Topic::Launch, tr("The campaign's status was not read"), result.error());
            return;
        }
        const auto row = m_store->campaign(id);
        if (!row)
            return;
        O2dCampaign updated = row->campaign;
        if (!result->status.isEmpty())
            updated.status = result->status;
        if (!stored(Topic::Launch, tr("The campaign's status was not saved here"),
                    m_store->saveStats(result.value(), QDateTime::currentDateTimeUtc())) ||
            !stored(Topic::Launch, tr("The campaign's status was not saved here"),
                    m_store->saveCampaign(updated, row->registered)))
            return;
        if (isCurrent(id))
            Q_EMIT campaignChanged();
    });
}
