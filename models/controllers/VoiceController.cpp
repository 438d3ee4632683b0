#include "VoiceController.h"

#include "accounts/ServiceHub.h"
#include "controllers/VerloopScheduler.h"
#include "events/EventReceiverSettings.h"
#include "events/VerloopCallbackTokens.h"
#include "export/ExportJob.h"
#include "outbound/OutboundGuard.h"
#include "store/Database.h"
#include "table/RecordTableModel.h"
#include "verloop/VerloopTimeSpec.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimeZone>

namespace {

RecordSchema scheduledCallsSchema()
{
    using T = ColumnType;
    return RecordSchema(
            {
                    ColumnSpec::make(T::Text, QStringLiteral("id"), VoiceController::tr("Intent"))
                            .hidden()
                            .notSearchable(),
                    ColumnSpec::make(T::DateTime, QStringLiteral("createdAt"),
                                     VoiceController::tr("Scheduled on")),
                    ColumnSpec::make(T::DateTime, QStringLiteral("ringsAt"), VoiceController::tr("Rings at")),
                    ColumnSpec::make(T::Phone, QStringLiteral("recipient"), VoiceController::tr("Number")),
                    ColumnSpec::make(T::Category, QStringLiteral("campaign"),
                                     VoiceController::tr("Campaign")),
                    ColumnSpec::make(T::Category, QStringLiteral("state"), VoiceController::tr("State")),
                    ColumnSpec::make(T::Text, QStringLiteral("messageId"), VoiceController::tr("message_id")),
                    ColumnSpec::make(T::Text, QStringLiteral("status"),
                                     VoiceController::tr("Verloop status")),
                    ColumnSpec::make(T::Category, QStringLiteral("stateCode"),
                                     VoiceController::tr("State code"))
                            .hidden()
                            .notSearchable(),
            },
            QStringLiteral("id"));
}

QString stateCode(OutboundIntent::State state)
{
    switch (state) {
    case OutboundIntent::State::Pending:
        return QStringLiteral("pending");
    case OutboundIntent::State::Sent:
        return QStringLiteral("scheduled");
    case OutboundIntent::State::Failed:
        return QStringLiteral("failed");
    case OutboundIntent::State::Unknown:
        return QStringLiteral("unknown");
    }
    return {};
}

QString stateTitle(OutboundIntent::State state)
{
    switch (state) {
    case OutboundIntent::State::Pending:
        return VoiceController::tr("Sending");
    case OutboundIntent::State::Sent:
        return VoiceController::tr("Scheduled");
    case OutboundIntent::State::Failed:
        return VoiceController::tr("Refused by Verloop");
    case OutboundIntent::State::Unknown:
        return VoiceController::tr("Unknown — check Verloop's dashboard");
    }
    return {};
}

} // namespace

VoiceController::VoiceController(ServiceHub *hub, OutboundGuard *guard, const QString &databasePath,
                                 QObject *parent)
    : QObject(parent),
      m_hub(hub),
      m_guard(guard),
      m_databasePath(databasePath),
      m_calls(new RecordTableModel(scheduledCallsSchema(), this)),
      m_export(new ExportJob(this))
{ }

VoiceController::~VoiceController() = default;

bool VoiceController::open()
{
    if (m_open)
        return true;
    m_database =
            std::make_unique<Database>(m_databasePath.isEmpty() ? Database::defaultPath() : m_databasePath);
    m_database->registerMigrations(VerloopCallbackTokens::component(), VerloopCallbackTokens::migrations());
    if (const StoreStatus status = VerloopCampaignRegistry::prepare(*m_database); !status) {
        m_problem = status.message;
        m_database.reset();
        return false;
    }
    // Without the guard nothing may be scheduled (the HTTP core would refuse it anyway); the
    // registry is still the operator's to edit.
    if (m_guard) {
        m_scheduler = new VerloopScheduler(m_hub->verloop(), m_guard, this);
        m_callbackTokens = std::make_unique<VerloopCallbackTokens>(m_database.get());
        connect(m_scheduler, &VerloopScheduler::progress, this, &VoiceController::sendProgress);
        connect(m_scheduler, &VerloopScheduler::finished, this, [this](bool) {
            reloadScheduledCalls();
            Q_EMIT sendFinished();
        });
        connect(m_guard, &OutboundGuard::recordsChanged, this, [this] { reloadScheduledCalls(); });
    }
    // Another Verloop account has other campaigns.
    connect(m_hub, &ServiceHub::credentialsChanged, this, [this](Vendor vendor) {
        if (vendor != Vendor::Verloop)
            return;
        seedDemoCampaigns();
        Q_EMIT campaignsChanged();
    });
    seedDemoCampaigns();
    m_open = true;
    m_problem.clear();
    reloadScheduledCalls();
    Q_EMIT campaignsChanged();
    return true;
}

// ---------------------------------------------------------------------------------------------
// Campaigns

VerloopCampaignRegistry *VoiceController::registry() const
{
    if (!m_database)
        return nullptr;
    const auto credentials = m_hub->credentials(Vendor::Verloop);
    const QString clientId = credentials ? credentials->clientId.trimmed().toLower() : QString();
    if (clientId.isEmpty()) {
        m_registry.reset();
        return nullptr;
    }
    if (!m_registry || m_registry->clientId() != clientId)
        m_registry = std::make_unique<VerloopCampaignRegistry>(m_database.get(), clientId);
    return m_registry.get();
}

void VoiceController::seedDemoCampaigns()
{
    VerloopCampaignRegistry *campaigns = registry();
    if (!m_hub->isDemo() || !campaigns || !campaigns->campaigns().isEmpty())
        return;
    for (const auto &[name, campaignId] : m_hub->demoCampaigns(Vendor::Verloop)) {
        VerloopCampaignEntry entry;
        entry.name = name;
        entry.campaignId = campaignId;
        if (const StoreStatus status = campaigns->add(entry); !status)
            Q_EMIT storeFailed(status.message);
    }
}

QList<VerloopCampaignEntry> VoiceController::campaigns() const
{
    VerloopCampaignRegistry *campaigns = registry();
    return campaigns ? campaigns->campaigns() : QList<VerloopCampaignEntry>{};
}

std::optional<VerloopCampaignEntry> VoiceController::campaign(const QString &nameOrId) const
{
    VerloopCampaignRegistry *campaigns = registry();
    return campaigns ? campaigns->find(nameOrId) : std::nullopt;
}

QString VoiceController::conflict(const QString &name, const QString &campaignId,
                                  const QString &exceptId) const
{
    for (const VerloopCampaignEntry &entry : campaigns()) {
        if (!exceptId.isEmpty() && entry.campaignId.compare(exceptId, Qt::CaseInsensitive) == 0)
            continue;
        if (entry.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return tr("A campaign named “%1” is registered already.").arg(entry.name);
        if (entry.campaignId.compare(campaignId.trimmed(), Qt::CaseInsensitive) == 0)
            return tr("This Campaign ID is registered already, as “%1”.").arg(entry.name);
    }
    return {};
}

bool VoiceController::stored(const StoreStatus &status)
{
    Q_EMIT campaignsChanged();
    if (!status)
        Q_EMIT storeFailed(status.message);
    return status.ok();
}

bool VoiceController::saveCampaign(const VerloopCampaignEntry &entry, const QString &replacedId)
{
    VerloopCampaignRegistry *campaigns = registry();
    if (!campaigns) {
        Q_EMIT storeFailed(
                tr("Save your Verloop token and client ID under Accounts first: campaigns are kept "
                   "per Verloop account."));
        return false;
    }
    return stored(replacedId.isEmpty() ? campaigns->add(entry) : campaigns->update(replacedId, entry));
}

bool VoiceController::removeCampaign(const QString &campaignId)
{
    VerloopCampaignRegistry *campaigns = registry();
    return campaigns && stored(campaigns->remove(campaignId));
}

// ---------------------------------------------------------------------------------------------
// Scheduled calls

void VoiceController::reloadScheduledCalls()
{
    QHash<QString, QString> campaignNames;
    for (const VerloopCampaignEntry &entry : campaigns())
        campaignNames.insert(entry.campaignId, entry.name);

    const RecordSchema schema = m_calls->schema();
    const int cId = schema.indexOf(u"id"), cCreated = schema.indexOf(u"createdAt"),
              cRings = schema.indexOf(u"ringsAt"), cRecipient = schema.indexOf(u"recipient"),
              cCampaign = schema.indexOf(u"campaign"), cState = schema.indexOf(u"state"),
              cMessage = schema.indexOf(u"messageId"), cStatus = schema.indexOf(u"status"),
              cCode = schema.indexOf(u"stateCode");
    const QList<OutboundIntent> intents =
            m_scheduler ? m_scheduler->scheduledCalls() : QList<OutboundIntent>{};
    RecordTable rows(schema);
    rows.reserve(int(intents.size()));
    m_unknown = 0;
    for (const OutboundIntent &intent : intents) {
        const int r = rows.appendRow();
        rows.setText(r, cId, intent.id);
        if (intent.createdAt.isValid())
            rows.setDateTime(r, cCreated, intent.createdAt.toMSecsSinceEpoch());
        if (intent.ringsAt.isValid())
            rows.setDateTime(r, cRings, intent.ringsAt.toMSecsSinceEpoch());
        rows.setText(r, cRecipient, intent.recipient);
        const QString campaignId = QJsonDocument::fromJson(intent.requestSummary)
                                           .object()
                                           .value(QStringLiteral("CampaignID"))
                                           .toString();
        rows.setText(r, cCampaign, campaignNames.value(campaignId, campaignId));
        rows.setText(r, cState, stateTitle(intent.state));
        rows.setText(r, cCode, stateCode(intent.state));
        if (!intent.vendorRef.isEmpty())
            rows.setText(r, cMessage, intent.vendorRef);
        if (const QString status = VerloopScheduler::callStatus(intent); !status.isEmpty())
            rows.setText(r, cStatus, status);
        if (intent.state == OutboundIntent::State::Unknown)
            ++m_unknown;
    }
    m_calls->setRows(std::move(rows));
    Q_EMIT scheduledCallsChanged();
}

// ---------------------------------------------------------------------------------------------
// Scheduling

QString VoiceController::schedulingProblem() const
{
    if (!m_scheduler)
        return tr("The outbound guard is not running, so no call may be scheduled.");
    return {};
}

bool VoiceController::prepare(const Plan &plan, QString *usage)
{
    if (!m_scheduler) {
        if (usage)
            *usage = schedulingProblem();
        return false;
    }
    const std::optional<VerloopCampaignEntry> campaign = this->campaign(plan.campaignId);
    if (!campaign) {
        if (usage)
            *usage = tr("The campaign is no longer registered: choose another one.");
        return false;
    }
    VerloopScheduler::Request request;
    request.campaign = *campaign;
    for (const Contact &contact : plan.recipients)
        request.recipients << VerloopRecipient{contact.phone, contact.label, contact.fields};
    for (const auto &[variable, field] : plan.variableMapping)
        request.variableFields.insert(variable, field);
    request.variables = plan.fixedVariables;
    switch (plan.ringMode) {
    case RingMode::Now:
        request.when = VerloopTimeSpec::now();
        break;
    case RingMode::RecipientLocal:
        request.when = VerloopTimeSpec::recipientLocal(plan.ringLocal.date(), plan.ringLocal.time());
        break;
    case RingMode::WithOffset:
        request.when = VerloopTimeSpec::instant(
                QDateTime(plan.ringLocal.date(), plan.ringLocal.time(), QTimeZone(plan.ringOffsetSeconds)));
        break;
    }
    request.callbackUrl = plan.callbackUrl;
    request.callbackState = plan.callbackState;
    // Verloop's status callbacks come to the console only while its receiver listens (Settings can
    // turn it on or off at any time): else a call's Callback.URL stays the operator's own, if any.
    const EventReceiverSettings receiver;
    m_scheduler->setStatusReceiver(receiver.isReceiverEnabled() ? receiver.publicBaseUrl() : QUrl(),
                                   m_callbackTokens.get());
    m_scheduler->setRequest(request);
    return true;
}

GuardDecision VoiceController::dryRun(const OutboundOverrides &overrides)
{
    return m_scheduler ? m_scheduler->dryRun(overrides) : GuardDecision{};
}

void VoiceController::send(const OutboundOverrides &overrides)
{
    if (m_scheduler)
        m_scheduler->send(overrides);
}

void VoiceController::cancelSending()
{
    if (m_scheduler)
        m_scheduler->cancel();
}

bool VoiceController::isSending() const
{
    return m_scheduler && m_scheduler->isSending();
}

QString VoiceController::resultSummary() const
{
    if (!m_scheduler)
        return {};
    int scheduled = 0, refused = 0, failed = 0, unknown = 0, notSent = 0;
    for (const VerloopScheduler::Result &result : m_scheduler->results()) {
        switch (result.state) {
        case VerloopScheduler::Result::State::Scheduled:
            ++scheduled;
            break;
        case VerloopScheduler::Result::State::Refused:
            ++refused;
            break;
        case VerloopScheduler::Result::State::Failed:
            ++failed;
            break;
        case VerloopScheduler::Result::State::Unknown:
            ++unknown;
            break;
        case VerloopScheduler::Result::State::Waiting:
        case VerloopScheduler::Result::State::Sending:
        case VerloopScheduler::Result::State::Cancelled:
            ++notSent;
            break;
        }
    }
    QStringList parts;
    parts << tr("%n call(s) scheduled", nullptr, scheduled);
    if (refused)
        parts << tr("%n refused by the console's checks", nullptr, refused);
    if (failed)
        parts << tr("%n refused by Verloop", nullptr, failed);
    if (unknown)
        parts << tr("%n without an answer (check Verloop's dashboard; never resent)", nullptr, unknown);
    if (notSent)
        parts << tr("%n not sent (stopped)", nullptr, notSent);
    return parts.join(QStringLiteral("; ")) + QLatin1Char('.');
}
