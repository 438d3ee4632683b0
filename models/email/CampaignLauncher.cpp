#include "CampaignLauncher.h"

#include "EmailCampaignStore.h"
#include "core/CursorPager.h"
#include "core/VendorClient.h"
#include "outbound/OutboundGuard.h"
#include "outreach2day/Outreach2dayService.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace {

// Contacts the vendor will not write to again, whatever is launched: nobody to clear for them.
bool isSettled(const QString &status)
{
    static const QSet<QString> settled{QStringLiteral("suppressed"), QStringLiteral("replied"),
                                       QStringLiteral("bounced"),    QStringLiteral("unsubscribed"),
                                       QStringLiteral("completed"),  QStringLiteral("failed")};
    return settled.contains(status.trimmed().toLower());
}

// A launch record that counts as a tranche the vendor took (so the next launch is the next one).
bool wasAccepted(const EmailCampaignStore::LaunchRecord &record)
{
    static const QSet<QString> notTaken{QString(), QStringLiteral("sending"), QStringLiteral("unknown"),
                                        QStringLiteral("failed")};
    return !notTaken.contains(record.status);
}

QString suppressionReason()
{
    return QStringLiteral("do_not_contact");
}

} // namespace

CampaignLauncher::CampaignLauncher(Outreach2dayService *service, EmailCampaignStore *store,
                                   OutboundGuard *guard, QObject *parent)
    : QObject(parent), m_service(service), m_store(store), m_guard(guard)
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &CampaignLauncher::poll);
}

void CampaignLauncher::setPollIntervalMs(int ms)
{
    m_pollMs = qMax(1, ms);
}

bool CampaignLauncher::isBusy() const
{
    return m_step != Step::Idle;
}

ApiError CampaignLauncher::error(const QString &code, const QString &explanation) const
{
    return ApiError::local(Vendor::Outreach2day, code, explanation);
}

void CampaignLauncher::prepare(const QString &campaignId)
{
    begin(QStringLiteral("prepare"), campaignId, {});
}

void CampaignLauncher::launch(const QString &campaignId, const O2dLaunchOptions &options)
{
    begin(QStringLiteral("launch"), campaignId, options);
}

void CampaignLauncher::resume(const QString &campaignId)
{
    begin(QStringLiteral("resume"), campaignId, {});
}

void CampaignLauncher::pause(const QString &campaignId)
{
    if (isBusy())
        return; // one operation at a time: a second click while one runs is ignored
    m_operation = QStringLiteral("pause");
    m_campaignId = campaignId;
    m_cancelled = false;
    m_step = Step::Sending;
    Q_EMIT progress(tr("Pausing the campaign…"));
    // Pausing stops contact: it needs no clearance.
    m_reply = m_service->pause(campaignId, this, [this](const Result<Done> &result) {
        finish(result.ok() ? ApiError() : result.error());
    });
}

void CampaignLauncher::begin(const QString &operation, const QString &campaignId,
                             const O2dLaunchOptions &options)
{
    if (isBusy())
        return; // a launch is never sent twice: a second click while one runs is ignored
    m_operation = operation;
    m_campaignId = campaignId.trimmed();
    m_options = options;
    m_cancelled = false;
    m_contacts.clear();
    m_recipients.clear();
    m_toSuppress.clear();
    m_suppressed.clear();
    m_clearanceId.clear();
    m_summary.clear();
    m_job = O2dLaunchJob();
    m_decision = GuardDecision();
    m_step = Step::Listing;
    if (m_campaignId.isEmpty()) {
        finish(error(QStringLiteral("invalid_field"), tr("Which campaign? Its id is empty.")));
        return;
    }
    if (const auto problem = options.problem()) {
        finish(*problem);
        return;
    }
    if (!m_service || !m_guard) {
        finish(error(QStringLiteral("not_ready"),
                     tr("The outbound guard is not available; nothing is sent.")));
        return;
    }
    listContacts();
}

void CampaignLauncher::listContacts()
{
    Q_EMIT progress(tr("Listing the campaign's contacts…"));
    m_pager = m_service->contactsPager(m_campaignId, this);
    connect(m_pager, &CursorPager::page, this, [this](const QList<QJsonObject> &items, const QString &) {
        QList<O2dContact> page;
        page.reserve(items.size());
        for (const QJsonObject &item : items)
            page.append(O2dContact::fromJson(item));
        if (m_store)
            m_store->saveContacts(page);
        m_contacts += page;
        Q_EMIT progress(tr("Listed %n contact(s)…", nullptr, int(m_contacts.size())));
    });
    connect(m_pager, &CursorPager::finished, this, [this](const ApiError &listed) {
        m_pager->deleteLater();
        if (listed.isError()) {
            finish(listed);
            return;
        }
        contactsListed();
    });
    m_pager->start();
}

OutboundAction CampaignLauncher::actionFor(const QString &operation, const QString &campaignId,
                                           const QStringList &recipients, const QByteArray &requestSummary)
{
    OutboundAction action;
    action.vendor = Vendor::Outreach2day;
    action.action = operation == QLatin1String("resume") ? QStringLiteral("campaign_resume")
                                                         : QStringLiteral("campaign_launch");
    action.target = campaignId;
    action.requestSummary = requestSummary;
    for (const QString &address : recipients)
        action.recipients.append(Recipient::email(address));
    return action;
}

void CampaignLauncher::contactsListed()
{
    if (m_cancelled) {
        finish(error(QStringLiteral("cancelled"), tr("Cancelled; nothing was sent.")));
        return;
    }
    reconcileLaunches(m_campaignId);
    m_summary = requestSummary(m_campaignId, m_operation, m_options);
    // The one guard decides what the do-not-contact list covers (addresses and whole domains).
    QSet<QString> seen;
    for (const O2dContact &contact : std::as_const(m_contacts)) {
        const QString address = contact.email.trimmed().toLower();
        if (address.isEmpty() || isSettled(contact.status) || seen.contains(address))
            continue;
        seen.insert(address);
        m_recipients.append(address);
    }
    const GuardDecision dryRun = m_guard->dryRun(action());
    QStringList reachable;
    for (const RecipientVerdict &verdict : dryRun.verdicts) {
        if (verdict.reasonCode == QLatin1String("do_not_contact"))
            m_toSuppress.append(verdict.recipient.address);
        else
            reachable.append(verdict.recipient.address);
    }
    m_recipients = reachable;

    if (m_operation == QLatin1String("prepare")) {
        Plan plan;
        plan.contacts = int(m_recipients.size());
        plan.doNotContact = m_toSuppress;
        m_step = Step::Idle;
        Q_EMIT prepared(plan);
        return;
    }
    m_step = Step::Suppressing;
    suppressNext();
}

void CampaignLauncher::suppressNext()
{
    if (m_cancelled) {
        finish(error(QStringLiteral("cancelled"), tr("Cancelled; nothing was launched.")));
        return;
    }
    if (m_toSuppress.isEmpty()) {
        clearAndSend();
        return;
    }
    // One address per request: a failure names the address it stopped at, and what went before
    // is suppressed for good.
    const QString address = m_toSuppress.constFirst();
    Q_EMIT progress(tr("Suppressing %1 at Outreach2day (on the do-not-contact list)…").arg(address));
    m_reply = m_service->addSuppressions({address}, suppressionReason(), this,
                                         [this, address](const Result<Done> &result) {
                                             if (!result.ok()) {
                                                 finish(result.error());
                                                 return;
                                             }
                                             m_toSuppress.removeFirst();
                                             m_suppressed.append(address);
                                             suppressNext();
                                         });
}

void CampaignLauncher::clearAndSend()
{
    if (m_recipients.isEmpty()) {
        finish(error(QStringLiteral("no_contacts"),
                     tr("The campaign has no contact left to write to (none imported, or every one "
                        "suppressed or finished); nothing was sent.")));
        return;
    }
    const OutboundAction cleared = action();
    const OutboundGuard::Clearance clearance = m_guard->clear(cleared);
    if (!clearance) {
        m_decision = clearance.decision;
        QString reason;
        for (const RecipientVerdict &verdict : m_decision.verdicts) {
            if (!verdict.allowed() && verdict.reasonCode != QLatin1String("refused_with_request")) {
                reason = verdict.reason;
                break;
            }
        }
        finish(error(QStringLiteral("outbound_refused"),
                     tr("The outbound guard refused it; nothing was sent. %1").arg(reason).trimmed()));
        return;
    }
    m_clearanceId = clearance.id;
    const bool isLaunch = m_operation == QLatin1String("launch");
    m_launchedAt = QDateTime::currentDateTimeUtc();
    if (isLaunch) {
        // Saved before the first byte is sent: a crash leaves a record the next start calls unknown.
        if (const StoreStatus saved = saveLaunchRecord(QStringLiteral("sending")); !saved) {
            // Nothing goes out that the console could not remember sending.
            m_guard->store()->updateIntent(m_clearanceId, OutboundIntent::State::Failed, QString());
            finish(saved.toApiError(Vendor::Outreach2day));
            return;
        }
    }
    m_step = Step::Sending;
    if (isLaunch) {
        Q_EMIT progress(tr("Launching to %n contact(s)…", nullptr, int(m_recipients.size())));
        m_reply = m_service->launch(m_campaignId, m_options, m_clearanceId, this,
                                    [this](const Result<O2dLaunchJob> &result) {
                                        sent(result.ok() ? ApiError() : result.error(),
                                             result.ok() ? result.value() : O2dLaunchJob());
                                    });
    } else {
        Q_EMIT progress(tr("Resuming the campaign for %n contact(s)…", nullptr, int(m_recipients.size())));
        m_reply = m_service->resume(m_campaignId, m_clearanceId, this, [this](const Result<Done> &result) {
            sent(result.ok() ? ApiError() : result.error(), O2dLaunchJob());
        });
    }
}

void CampaignLauncher::sent(const ApiError &failure, const O2dLaunchJob &job)
{
    m_job = job;
    if (m_job.campaignId.isEmpty())
        m_job.campaignId = m_campaignId;
    const bool isLaunch = m_operation == QLatin1String("launch");
    if (failure.isError()) {
        if (isLaunch) {
            // The guard's intent says whether it may have gone out: unknown is never resent.
            const auto intent = m_guard->store()->intent(m_clearanceId);
            const bool unknown = !intent || intent->state != OutboundIntent::State::Failed;
            m_job.status = unknown ? QStringLiteral("unknown") : QStringLiteral("failed");
            saveLaunchRecord(m_job.status);
        }
        finish(failure, m_job);
        return;
    }
    if (isLaunch)
        saveLaunchRecord(m_job.status.isEmpty() ? QStringLiteral("launched") : m_job.status);
    if (isLaunch && !m_job.jobId.isEmpty() && !m_job.isFinished() && m_followJobs && !m_cancelled) {
        m_step = Step::Polling;
        Q_EMIT progress(tr("Launch job %1: %2").arg(m_job.jobId, m_job.status));
        m_pollTimer.start(m_pollMs);
        return;
    }
    finish(ApiError(), m_job);
}

void CampaignLauncher::poll()
{
    if (m_cancelled) {
        finish(error(QStringLiteral("cancelled"),
                     tr("Stopped following launch job %1; the launch itself was sent and stands.")
                             .arg(m_job.jobId)),
               m_job);
        return;
    }
    m_reply = m_service->fetchLaunchJob(
            m_campaignId, m_job.jobId, this, [this](const Result<O2dLaunchJob> &result) {
                if (!result.ok()) {
                    finish(result.error(), m_job);
                    return;
                }
                O2dLaunchJob job = result.value();
                if (job.jobId.isEmpty())
                    job.jobId = m_job.jobId;
                if (job.campaignId.isEmpty())
                    job.campaignId = m_campaignId;
                m_job = job;
                saveLaunchRecord(m_job.status);
                Q_EMIT progress(tr("Launch job %1: %2").arg(m_job.jobId, m_job.status));
                if (!m_job.isFinished()) {
                    m_pollTimer.start(m_pollMs);
                    return;
                }
                if (!m_job.succeeded()) {
                    ApiError failed;
                    failed.vendor = Vendor::Outreach2day;
                    failed.kind = ApiError::Kind::Vendor;
                    failed.code = QStringLiteral("launch_failed");
                    failed.vendorMessage = m_job.error;
                    failed.explanation = m_job.error.isEmpty()
                            ? tr("Outreach2day reports the launch job %1 as %2.")
                                      .arg(m_job.jobId, m_job.status)
                            : tr("Outreach2day reports the launch job %1 as %2: %3")
                                      .arg(m_job.jobId, m_job.status, m_job.error);
                    finish(failed, m_job);
                    return;
                }
                finish(ApiError(), m_job);
            });
}

void CampaignLauncher::cancel()
{
    if (!isBusy())
        return;
    m_cancelled = true;
    switch (m_step) {
    case Step::Listing:
        if (m_pager)
            m_pager->cancel();
        break;
    case Step::Polling:
        if (m_pollTimer.isActive()) {
            m_pollTimer.stop();
            poll();
        }
        break;
    default:
        // A suppression or the launch itself in flight finishes: its answer is recorded, and a
        // launch is never un-sent.
        break;
    }
}

void CampaignLauncher::finish(const ApiError &failure, const O2dLaunchJob &job)
{
    m_pollTimer.stop();
    const QString operation = m_operation;
    m_step = Step::Idle;
    m_reply = nullptr;
    if (operation == QLatin1String("prepare")) {
        Plan plan;
        plan.error = failure;
        Q_EMIT prepared(plan);
        return;
    }
    Q_EMIT finished(operation, failure, job);
}

StoreStatus CampaignLauncher::saveLaunchRecord(const QString &status)
{
    if (!m_store)
        return {};
    EmailCampaignStore::LaunchRecord record;
    record.campaignId = m_campaignId;
    record.clearanceId = m_clearanceId;
    record.limit = m_options.limit;
    record.async = m_options.async;
    record.jobId = m_job.jobId;
    record.status = status;
    record.at = m_launchedAt;
    return m_store->saveLaunch(record);
}

void CampaignLauncher::reconcileLaunches(const QString &campaignId)
{
    if (!m_store)
        return;
    const QString id = campaignId.isEmpty() ? m_campaignId : campaignId;
    for (EmailCampaignStore::LaunchRecord record : m_store->launches(id)) {
        if (record.status != QLatin1String("sending") || record.clearanceId == m_clearanceId)
            continue;
        const auto intent = m_guard->store()->intent(record.clearanceId);
        if (!intent)
            continue;
        switch (intent->state) {
        case OutboundIntent::State::Unknown:
            record.status = QStringLiteral("unknown");
            break;
        case OutboundIntent::State::Failed:
            record.status = QStringLiteral("failed");
            break;
        case OutboundIntent::State::Sent:
            record.status = QStringLiteral("launched");
            break;
        case OutboundIntent::State::Pending:
            continue; // still in flight in another console, or not yet reconciled
        }
        m_store->saveLaunch(record);
    }
}

QByteArray CampaignLauncher::requestSummary(const QString &campaignId, const QString &operation,
                                            const O2dLaunchOptions &options) const
{
    QJsonObject summary{{QStringLiteral("campaignId"), campaignId}, {QStringLiteral("operation"), operation}};
    if (operation == QLatin1String("launch")) {
        // `async` is left out on purpose: a lost launch sent again with --async is the same launch.
        summary.insert(QStringLiteral("limit"), options.limit ? QJsonValue(*options.limit) : QJsonValue());
        int tranche = 1;
        if (m_store) {
            for (const EmailCampaignStore::LaunchRecord &record : m_store->launches(campaignId))
                tranche += wasAccepted(record) ? 1 : 0;
        }
        summary.insert(QStringLiteral("tranche"), tranche);
    }
    return QJsonDocument(summary).toJson(QJsonDocument::Compact);
}
