#include "OutreachSender.h"

#include "core/VendorClient.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundStore.h"
#include "unloopa/UnloopaOutreachService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

int OutreachSender::Plan::leadCount() const
{
    int count = 0;
    for (const QList<UnloopaLead> &batch : batches)
        count += int(batch.size());
    return count;
}

OutreachSender::OutreachSender(UnloopaOutreachService *service, OutboundGuard *guard, QObject *parent)
    : QObject(parent), m_service(service), m_guard(guard)
{ }

UnloopaOutreachSendRequest OutreachSender::requestFor(const QList<UnloopaLead> &batch) const
{
    UnloopaOutreachSendRequest request;
    for (const UnloopaLead &lead : batch)
        request.leadIds.append(lead.id);
    request.templateId = m_request.templateId;
    request.customSubject = m_request.customSubject;
    request.customBody = m_request.customBody;
    return request;
}

OutboundAction OutreachSender::actionFor(const QList<UnloopaLead> &batch,
                                         const UnloopaOutreachSendRequest &request)
{
    OutboundAction action;
    action.vendor = Vendor::Unloopa;
    action.action = QStringLiteral("outreach_send");
    action.recipientIdsKey = QStringLiteral("lead_ids");
    for (const UnloopaLead &lead : batch) {
        Recipient recipient = Recipient::email(lead.email, lead.businessName);
        recipient.vendorId = lead.id;
        action.recipients.append(recipient);
    }
    // What each person receives, not which batch they were in: the same email to the same address
    // is the same request however the leads were batched (a lost batch stays "already_sent").
    QJsonObject summary = request.toJson();
    summary.remove(QStringLiteral("lead_ids"));
    action.requestSummary = QJsonDocument(summary).toJson(QJsonDocument::Compact);
    return action;
}

OutreachSender::Plan OutreachSender::plan(const Request &request,
                                          const std::optional<UnloopaOutreachStatus> &status) const
{
    Plan plan;
    plan.remainingToday = status ? status->remainingToday() : -1;
    QList<UnloopaLead> withEmail;
    QSet<QString> seen;
    for (const UnloopaLead &lead : request.leads) {
        if (lead.id.isEmpty() || seen.contains(lead.id))
            continue;
        seen.insert(lead.id);
        if (lead.email.trimmed().isEmpty())
            plan.withoutEmail.append(lead);
        else
            withEmail.append(lead);
    }
    if (withEmail.isEmpty() || !m_guard)
        return plan;

    // Each lead judged on its own, so that one refused address keeps only itself out.
    UnloopaOutreachSendRequest content;
    content.templateId = request.templateId;
    content.customSubject = request.customSubject;
    content.customBody = request.customBody;
    plan.decision = m_guard->dryRun(actionFor(withEmail, content));
    QList<UnloopaLead> going;
    for (qsizetype i = 0; i < withEmail.size(); ++i) {
        const RecipientVerdict verdict = plan.decision.verdicts.value(i);
        if (verdict.allowed())
            going.append(withEmail.at(i));
        else
            plan.refused.append(verdict);
    }
    if (plan.remainingToday >= 0 && !request.beyondRemainingToday && going.size() > plan.remainingToday) {
        plan.overRemaining = going.mid(plan.remainingToday);
        going = going.mid(0, plan.remainingToday);
    }
    for (qsizetype at = 0; at < going.size(); at += maxBatchSize)
        plan.batches.append(going.mid(at, maxBatchSize));
    return plan;
}

bool OutreachSender::send(const Request &request)
{
    if (m_sending)
        return false;
    m_sending = true;
    m_cancelling = false;
    m_request = request;
    m_plan = Plan();
    m_batches.clear();
    m_next = 0;
    if (!m_service || !m_guard) {
        finish(ApiError::local(Vendor::Unloopa, QStringLiteral("not_ready"),
                               tr("The outbound guard is not available; nothing is sent.")));
        return true;
    }
    m_service->fetchStatus(this, [this](const Result<UnloopaOutreachStatus> &status) {
        if (!status.ok()) {
            finish(status.error());
            return;
        }
        if (!status->configured) {
            ApiError error = ApiError::local(
                    Vendor::Unloopa, QStringLiteral("setup_required"),
                    tr("No email account is connected to Unloopa yet; connect one at the setup link, then "
                       "send again. Nothing was sent."));
            if (status->setupUrl.isValid())
                error.links.append({QStringLiteral("setup_url"), status->setupUrl});
            finish(error);
            return;
        }
        m_plan = plan(m_request, status.value());
        for (const QList<UnloopaLead> &leads : std::as_const(m_plan.batches)) {
            Batch batch;
            batch.leads = leads;
            m_batches.append(batch);
        }
        if (m_batches.isEmpty()) {
            finish(ApiError::local(
                    Vendor::Unloopa, QStringLiteral("nothing_to_send"),
                    m_plan.remainingToday == 0 && !m_request.beyondRemainingToday
                            ? tr("Nothing more can be sent today (remaining today: 0); "
                                 "nothing was sent.")
                            : tr("None of the selected leads can be emailed; nothing was sent.")));
            return;
        }
        sendNext();
    });
    return true;
}

void OutreachSender::cancel()
{
    if (m_sending)
        m_cancelling = true;
}

void OutreachSender::sendNext()
{
    while (m_next < m_batches.size()) {
        const int index = m_next++;
        if (m_cancelling) {
            conclude(index, Batch::State::Cancelled);
            continue;
        }
        Batch &batch = m_batches[index];
        const UnloopaOutreachSendRequest request = requestFor(batch.leads);
        // Judged again now: the plan may be minutes old and the list may have grown.
        const OutboundGuard::Clearance clearance = m_guard->clear(actionFor(batch.leads, request));
        batch.decision = clearance.decision;
        if (!clearance) {
            conclude(index, Batch::State::Refused);
            continue;
        }
        batch.state = Batch::State::Sending;
        Q_EMIT batchChanged(index);
        const QString intentId = clearance.id;
        m_service->send(request, intentId, this,
                        [this, index, intentId](const Result<UnloopaOutreachSendResult> &answer) {
                            Batch &sent = m_batches[index];
                            if (answer.ok()) {
                                sent.result = answer.value();
                                conclude(index, Batch::State::Sent);
                            } else {
                                sent.error = answer.error();
                                // The guard has recorded the answer: whether it may have
                                // gone out is its judgement.
                                const auto intent = m_guard ? m_guard->store()->intent(intentId)
                                                            : std::optional<OutboundIntent>();
                                const bool unknown =
                                        !intent || intent->state != OutboundIntent::State::Failed;
                                conclude(index, unknown ? Batch::State::Unknown : Batch::State::Failed);
                            }
                            sendNext();
                        });
        return;
    }
    finish({});
}

void OutreachSender::conclude(int index, Batch::State state)
{
    m_batches[index].state = state;
    Q_EMIT batchChanged(index);
}

void OutreachSender::finish(const ApiError &error)
{
    m_sending = false;
    Q_EMIT finished(error);
}

QString OutreachSender::stateName(Batch::State state)
{
    switch (state) {
    case Batch::State::Waiting:
        return QStringLiteral("waiting");
    case Batch::State::Refused:
        return QStringLiteral("refused");
    case Batch::State::Sending:
        return QStringLiteral("sending");
    case Batch::State::Sent:
        return QStringLiteral("sent");
    case Batch::State::Failed:
        return QStringLiteral("failed");
    case Batch::State::Unknown:
        return QStringLiteral("unknown");
    case Batch::State::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QJsonObject OutreachSender::resultsJson() const
{
    const auto ids = [](const QList<UnloopaLead> &leads) {
        QJsonArray out;
        for (const UnloopaLead &lead : leads)
            out.append(lead.id);
        return out;
    };
    QJsonArray refused;
    for (const RecipientVerdict &verdict : m_plan.refused)
        refused.append(verdict.toJson());
    QJsonArray batches;
    for (const Batch &batch : m_batches) {
        QJsonObject row{{QStringLiteral("leadIds"), ids(batch.leads)},
                        {QStringLiteral("state"), stateName(batch.state)}};
        if (batch.state == Batch::State::Sent)
            row.insert(QStringLiteral("result"), batch.result.toJson());
        if (batch.state == Batch::State::Refused)
            row.insert(QStringLiteral("guard"), batch.decision.toJson());
        if (batch.error.isError())
            row.insert(QStringLiteral("error"), batch.error.toJson());
        batches.append(row);
    }
    return QJsonObject{{QStringLiteral("remainingToday"), m_plan.remainingToday},
                       {QStringLiteral("withoutEmail"), ids(m_plan.withoutEmail)},
                       {QStringLiteral("overRemaining"), ids(m_plan.overRemaining)},
                       {QStringLiteral("refused"), refused},
                       {QStringLiteral("batches"), batches}};
}
