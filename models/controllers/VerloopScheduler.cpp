#include "VerloopScheduler.h"

#include "core/VendorClient.h"
#include "events/VerloopCallbackTokens.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundStore.h"
#include "phone/PhoneNumbers.h"
#include "verloop/VerloopService.h"
#include "webhooks/WebhookReceiver.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
RecipientVerdict refusal(const Recipient &recipient, const QString &code, const QString &reason)
{
    RecipientVerdict verdict;
    verdict.recipient = recipient;
    verdict.verdict = RecipientVerdict::Verdict::Refused;
    verdict.reasonCode = code;
    verdict.reason = reason;
    return verdict;
}
} // namespace

VerloopScheduler::VerloopScheduler(VerloopService *service, OutboundGuard *guard, QObject *parent)
    : QObject(parent),
      m_service(service),
      m_guard(guard),
      m_now([] { return QDateTime::currentDateTimeUtc(); })
{ }

VerloopScheduler::~VerloopScheduler() = default;

void VerloopScheduler::setClock(std::function<QDateTime()> nowUtc)
{
    m_now = std::move(nowUtc);
}

void VerloopScheduler::setStatusReceiver(const QUrl &publicBase, VerloopCallbackTokens *tokens)
{
    m_statusBase = publicBase;
    m_tokens = tokens;
}

bool VerloopScheduler::fillsCallbackUrl() const
{
    return m_tokens && !m_statusBase.isEmpty() && m_request.callbackUrl.isEmpty();
}

QUrl VerloopScheduler::statusUrl(const QString &token) const
{
    QUrl url = m_statusBase;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + WebhookReceiver::pathFor(Vendor::Verloop) + token);
    return url;
}

QUrl VerloopScheduler::mintedCallbackUrl(const QString &intentId)
{
    const VerloopCallbackTokens::Minted minted = m_tokens->mint(intentId);
    if (!minted.token.isEmpty())
        return statusUrl(minted.token);
    // The call is cleared and its intent saved: it goes out, without a status callback, and says so.
    m_guard->store()->updateIntent(intentId, OutboundIntent::State::Pending, QString(),
                                   tr("no status callback: %1").arg(minted.status.message));
    return {};
}

void VerloopScheduler::setRequest(const Request &request)
{
    if (m_sending)
        return;
    m_request = request;
    m_results.clear();
    for (const VerloopRecipient &recipient : request.recipients) {
        Result result;
        result.recipient = recipient;
        m_results.append(result);
    }
}

bool VerloopScheduler::prepare(int index, RecipientVerdict *refused)
{
    Result &result = m_results[index];
    const std::optional<QString> e164 =
            PhoneNumbers::toE164(result.recipient.number, m_request.defaultRegion);
    result.e164 = e164.value_or(QString());
    const Recipient who = Recipient::phone(e164.value_or(result.recipient.number), result.recipient.label);
    if (!e164) {
        *refused = refusal(who, QStringLiteral("invalid_number"),
                           tr("%1 is not a valid phone number.").arg(result.recipient.number));
        return false;
    }
    const VerloopTimeSpec::Resolved when = m_request.when.resolve(*e164, m_now());
    if (!when.ok()) {
        *refused = refusal(who, when.problemCode, when.problem);
        return false;
    }
    result.ringsAt = when.at;
    const QString problem = messageFor(index, when.at, {}).problem();
    if (!problem.isEmpty()) {
        *refused = refusal(who, QStringLiteral("invalid_request"), problem);
        return false;
    }
    return true;
}

VerloopMessage VerloopScheduler::messageFor(int index, const QDateTime &ringsAt,
                                            const OutboundOverrides &overrides) const
{
    const Result &result = m_results.at(index);
    VerloopMessage message;
    message.campaignId = m_request.campaign.campaignId;
    message.phoneNumber = result.e164.isEmpty() ? result.recipient.number : result.e164;
    message.defaultRegion = m_request.defaultRegion;
    message.variables = m_request.variables;
    for (auto it = m_request.variableFields.constBegin(); it != m_request.variableFields.constEnd(); ++it)
        message.variables.insert(it.key(), result.recipient.fields.value(it.value()));
    // The guard judges (and the audit log keeps) the request with the token's placeholder: the
    // token is minted for the saved intent only once the call is cleared, and a second identical
    // request must look the same to the guard (OutboundGuard::dedupeKey).
    message.callbackUrl = fillsCallbackUrl() ? statusUrl(tokenPlaceholder()) : m_request.callbackUrl;
    message.callbackState = m_request.callbackState;
    message.scheduledAt = ringsAt;
    message.bypassCallingWindow = overrides.vendorCallingWindow;
    return message;
}

OutboundAction VerloopScheduler::actionFor(const VerloopMessage &message,
                                           const VerloopCampaignEntry &campaign,
                                           const OutboundOverrides &overrides, bool now, const QString &label)
{
    OutboundAction action;
    action.vendor = Vendor::Verloop;
    action.action = QStringLiteral("schedule_call");
    action.recipients = {Recipient::phone(
            PhoneNumbers::toE164(message.phoneNumber, message.defaultRegion).value_or(message.phoneNumber),
            label)};
    action.attemptWeight = campaign.attemptWeight();
    action.campaignWindow = campaign.campaignWindow();
    action.overrides = overrides;
    const auto summaryOf = [now](const VerloopMessage &sent) {
        QJsonObject summary = sent.toJson();
        if (now) {
            // A call for now rings at the guard's now, and is the same request whatever second it
            // leaves: a double send of it is recognised (OutboundGuard::dedupeKey).
            QJsonObject scheduledAt = summary.value(QStringLiteral("ScheduledAt")).toObject();
            scheduledAt.insert(QStringLiteral("Time"), QStringLiteral("now"));
            summary.insert(QStringLiteral("ScheduledAt"), scheduledAt);
        }
        return QJsonDocument(summary).toJson(QJsonDocument::Compact);
    };
    if (!now)
        action.ringsAt = message.scheduledAt.toUTC();
    action.requestSummary = summaryOf(message);
    // The audit log keeps the Callback.URL (the call's status goes there), but the same call is the
    // same request whether the receiver was on (the console's URL) or off (none) when it left.
    if (!message.callbackUrl.isEmpty()) {
        VerloopMessage withoutCallbackUrl = message;
        withoutCallbackUrl.callbackUrl.clear();
        action.requestIdentity = summaryOf(withoutCallbackUrl);
    }
    return action;
}

GuardDecision VerloopScheduler::dryRun(const OutboundOverrides &overrides)
{
    GuardDecision decision;
    if (m_sending)
        return decision;
    for (int i = 0; i < m_results.size(); ++i) {
        Result &result = m_results[i];
        RecipientVerdict verdict;
        if (prepare(i, &verdict)) {
            const VerloopMessage message = messageFor(i, result.ringsAt, overrides);
            verdict = m_guard->dryRun(actionFor(message, m_request.campaign, overrides, isNow(),
                                                result.recipient.label))
                              .verdicts.value(0);
        }
        result.verdict = verdict;
        result.state = verdict.allowed() ? Result::State::Waiting : Result::State::Refused;
        result.messageId.clear();
        result.error = {};
        decision.verdicts.append(verdict);
    }
    return decision;
}

bool VerloopScheduler::send(const OutboundOverrides &overrides)
{
    if (m_sending || m_results.isEmpty())
        return false;
    m_sending = true;
    m_cancelling = false;
    m_overrides = overrides;
    m_next = 0;
    for (Result &result : m_results) {
        result.state = Result::State::Waiting;
        result.messageId.clear();
        result.error = {};
    }
    sendNext();
    return true;
}

void VerloopScheduler::cancel()
{
    if (m_sending)
        m_cancelling = true;
}

void VerloopScheduler::sendNext()
{
    while (m_next < m_results.size()) {
        const int index = m_next++;
        if (m_cancelling) {
            conclude(index, Result::State::Cancelled);
            continue;
        }
        Result &result = m_results[index];
        RecipientVerdict refused;
        if (!prepare(index, &refused)) {
            result.verdict = refused;
            conclude(index, Result::State::Refused);
            continue;
        }
        // Judged again now, at its ring time: the dry run may be minutes old.
        const VerloopMessage message = messageFor(index, result.ringsAt, m_overrides);
        const OutboundGuard::Clearance clearance = m_guard->clear(
                actionFor(message, m_request.campaign, m_overrides, isNow(), result.recipient.label));
        result.verdict = clearance.decision.verdicts.value(0);
        if (!clearance) {
            conclude(index, Result::State::Refused);
            continue;
        }
        if (!m_service) {
            result.error = ApiError::local(Vendor::Verloop, QStringLiteral("not_configured"),
                                           tr("The Verloop service is gone; nothing was sent."));
            conclude(index, Result::State::Failed);
            continue;
        }
        result.state = Result::State::Sending;
        Q_EMIT resultChanged(index);
        const QString intentId = clearance.id;
        VerloopMessage outgoing = message;
        if (fillsCallbackUrl())
            outgoing.callbackUrl = mintedCallbackUrl(intentId);
        m_service->sendMessage(
                outgoing, intentId, this,
                [this, index, intentId](const ::Result<VerloopMessageAccepted> &answer) {
                    Result &sent = m_results[index];
                    if (answer.ok()) {
                        sent.messageId = answer->messageId;
                        conclude(index, Result::State::Scheduled);
                    } else {
                        sent.error = answer.error();
                        // The guard has recorded the answer: whether the call may
                        // still be scheduled is its judgement, not ours.
                        const auto intent = m_guard->store()->intent(intentId);
                        const bool unknown = !intent || intent->state != OutboundIntent::State::Failed;
                        conclude(index, unknown ? Result::State::Unknown : Result::State::Failed);
                    }
                    sendNext();
                });
        return;
    }
    m_sending = false;
    Q_EMIT finished(m_cancelling);
}

void VerloopScheduler::conclude(int index, Result::State state)
{
    m_results[index].state = state;
    Q_EMIT resultChanged(index);
    Q_EMIT progress(doneCount(), int(m_results.size()));
}

int VerloopScheduler::doneCount() const
{
    int done = 0;
    for (const Result &result : m_results)
        done += (result.state == Result::State::Waiting || result.state == Result::State::Sending) ? 0 : 1;
    return done;
}

QList<OutboundIntent> VerloopScheduler::scheduledCalls() const
{
    return m_guard->store()->intents(Vendor::Verloop);
}

QString VerloopScheduler::stateName(Result::State state)
{
    switch (state) {
    case Result::State::Waiting:
        return QStringLiteral("waiting");
    case Result::State::Refused:
        return QStringLiteral("refused");
    case Result::State::Sending:
        return QStringLiteral("sending");
    case Result::State::Scheduled:
        return QStringLiteral("scheduled");
    case Result::State::Failed:
        return QStringLiteral("failed");
    case Result::State::Unknown:
        return QStringLiteral("unknown");
    case Result::State::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QString VerloopScheduler::callStatus(const OutboundIntent &intent)
{
    if (!intent.status.isEmpty())
        return intent.status;
    const QString url = QJsonDocument::fromJson(intent.requestSummary)
                                .object()
                                .value(QStringLiteral("Callback"))
                                .toObject()
                                .value(QStringLiteral("URL"))
                                .toString();
    if (url.isEmpty())
        return {};
    const QString consoles = WebhookReceiver::pathFor(Vendor::Verloop) + tokenPlaceholder();
    return QUrl(url).path().endsWith(consoles) ? tr("awaiting callback") : tr("status goes to your URL");
}

QJsonObject VerloopScheduler::resultsJson() const
{
    QJsonArray recipients;
    QHash<QString, int> counts;
    for (const Result &result : m_results) {
        QJsonObject row = result.verdict.toJson();
        row.insert(QStringLiteral("number"), result.recipient.number);
        row.insert(QStringLiteral("e164"), result.e164);
        row.insert(QStringLiteral("state"), stateName(result.state));
        if (result.ringsAt.isValid()) {
            VerloopMessage shown;
            shown.scheduledAt = result.ringsAt;
            row.insert(QStringLiteral("ringsAt"), shown.scheduledTimeText());
        }
        if (!result.messageId.isEmpty())
            row.insert(QStringLiteral("messageId"), result.messageId);
        if (result.error.isError())
            row.insert(QStringLiteral("error"), result.error.toJson());
        recipients.append(row);
        ++counts[stateName(result.state)];
    }
    QJsonObject byState;
    for (auto it = counts.constBegin(); it != counts.constEnd(); ++it)
        byState.insert(it.key(), it.value());
    return QJsonObject{
            {QStringLiteral("campaign"),
             QJsonObject{{QStringLiteral("name"), m_request.campaign.name},
                         {QStringLiteral("campaignId"), m_request.campaign.campaignId}}},
            {QStringLiteral("when"), m_request.when.toString()},
            {QStringLiteral("states"), byState},
            {QStringLiteral("recipients"), recipients},
    };
}
