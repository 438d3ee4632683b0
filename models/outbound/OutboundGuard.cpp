#include "OutboundGuard.h"

#include "core/ApiCall.h"
#include "core/Logging.h"
#include "core/VendorClient.h"
#include "phone/PhoneNumbers.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>
#include <QUuid>

namespace {

RecipientVerdict verdictFor(const Recipient &recipient, RecipientVerdict::Verdict verdict,
                            const QString &code, const QString &reason)
{
    RecipientVerdict result;
    result.recipient = recipient;
    result.verdict = verdict;
    result.reasonCode = code;
    result.reason = reason;
    return result;
}

RecipientVerdict refused(const Recipient &recipient, const QString &code, const QString &reason)
{
    return verdictFor(recipient, RecipientVerdict::Verdict::Refused, code, reason);
}

bool overridesRequested(const OutboundOverrides &overrides)
{
    return overrides.callingWindow || overrides.vendorCallingWindow;
}

// The request names the person the clearance was issued for: a clearance is not a pass for
// whoever a caller puts in the body.
bool requestReaches(const ApiCall &call, const QString &recipient)
{
    if (recipient.startsWith(QLatin1Char('+'))) // E.164: vendors write it with or without the '+'
        return call.body.contains(recipient.mid(1).toLatin1());
    return QString::fromUtf8(call.body).contains(recipient, Qt::CaseInsensitive);
}

// A request that reaches many people at once names what it starts (a campaign id) in its path,
// query or body.
bool requestNames(const ApiCall &call, const QString &target)
{
    return call.path.contains(target) || call.query.toString(QUrl::FullyDecoded).contains(target) ||
            QString::fromUtf8(call.body).contains(target);
}

// The ids a request's body lists under `key` ("lead_ids"), or nothing when it has no such array.
std::optional<QSet<QString>> idsInBody(const ApiCall &call, const QString &key)
{
    const QJsonValue list = QJsonDocument::fromJson(call.body).object().value(key);
    if (!list.isArray())
        return std::nullopt;
    QSet<QString> ids;
    for (const QJsonValue &id : list.toArray())
        ids.insert(id.toString());
    return ids;
}

// Who a request reaches: its recipients, or for one that reaches nobody (a purchase) one stand-in
// for what it buys, so that it is logged and saved like any other.
QList<Recipient> reachedBy(const OutboundAction &action)
{
    if (!action.recipients.isEmpty() || action.target.isEmpty())
        return action.recipients;
    Recipient nobody;
    nobody.channel = Recipient::Channel::None;
    nobody.address = action.target;
    return {nobody};
}

// What the vendor's answer says about the person: reached ("accepted"), certainly not reached
// ("failed": the vendor refused it, or it never left this machine), or maybe reached ("unknown":
// no answer, a server error, an answer the console could not read). Only "failed" frees the
// request to be sent again.
QString outcomeOf(const ApiError &error)
{
    if (!error.isError())
        return QStringLiteral("accepted");
    if (error.httpStatus >= 400 && error.httpStatus < 500)
        return QStringLiteral("failed");
    switch (error.kind) {
    case ApiError::Kind::UrlRefused:
    case ApiError::Kind::NotConfigured:
    case ApiError::Kind::Local:
        return QStringLiteral("failed");
    case ApiError::Kind::Network:
        // Refused before a byte of the request was accepted.
        if (error.code == QLatin1String("connection_refused") ||
            error.code == QLatin1String("host_not_found") || error.code == QLatin1String("tls_failed"))
            return QStringLiteral("failed");
        return QStringLiteral("unknown");
    default:
        return QStringLiteral("unknown");
    }
}

OutboundIntent::State stateOf(const QString &outcome)
{
    if (outcome == QLatin1String("accepted"))
        return OutboundIntent::State::Sent;
    if (outcome == QLatin1String("failed"))
        return OutboundIntent::State::Failed;
    return OutboundIntent::State::Unknown;
}

} // namespace

OutboundGuard::OutboundGuard(OutboundStore *store, CallingRules rules, QObject *parent)
    : QObject(parent),
      m_store(store),
      m_window(std::move(rules)),
      m_now([] { return QDateTime::currentDateTimeUtc(); })
{
    Q_ASSERT(store);
}

void OutboundGuard::setRules(const CallingRules &rules)
{
    m_window = CallingWindow(rules);
}

const CallingRules &OutboundGuard::rules() const
{
    return m_window.rules();
}

void OutboundGuard::setClock(std::function<QDateTime()> nowUtc)
{
    m_now = std::move(nowUtc);
}

QDateTime OutboundGuard::ringsAt(const OutboundAction &action) const
{
    return (action.ringsAt.isValid() ? action.ringsAt : m_now()).toUTC();
}

QString OutboundGuard::dedupeKey(const OutboundAction &action, const Recipient &recipient)
{
    const QByteArray &identity =
            action.requestIdentity.isEmpty() ? action.requestSummary : action.requestIdentity;
    const QByteArray request =
            QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex().left(32);
    QString key = Vendors::id(action.vendor) + QLatin1Char('|') + action.action + QLatin1Char('|') +
            recipient.address + QLatin1Char('|') + QString::fromLatin1(request);
    if (action.ringsAt.isValid())
        key += QLatin1Char('|') + action.ringsAt.toUTC().toString(Qt::ISODate);
    return key;
}

RecipientVerdict OutboundGuard::judge(const OutboundAction &action, const Recipient &recipient,
                                      const QDateTime &ringsAtUtc, int plannedWeight) const
{
    const bool isPhone = recipient.channel == Recipient::Channel::Phone;
    if (recipient.channel == Recipient::Channel::None)
        return judgeRepeat(action, recipient)
                .value_or(verdictFor(recipient, RecipientVerdict::Verdict::Allowed, QStringLiteral("allowed"),
                                     QString()));
    if (isPhone && PhoneNumbers::toE164(recipient.address) != recipient.address)
        return refused(
                recipient, QStringLiteral("invalid_number"),
                tr("%1 is not a valid phone number in international (E.164) form.").arg(recipient.address));
    if (!isPhone && !recipient.address.contains(QLatin1Char('@')))
        return refused(recipient, QStringLiteral("invalid_address"),
                       tr("%1 is not an email address.").arg(recipient.address));

    // Never overridden, whatever the operator chose (README promise O2). A list that could not be
    // read is not an empty list.
    const auto entry = m_store->listedEntry(recipient);
    if (const auto unreadable = storeUnreadable(recipient))
        return *unreadable;
    if (entry) {
        const QString listed =
                entry->kind == DncEntry::Kind::Domain ? QStringLiteral("@") + entry->value : entry->value;
        return refused(recipient, QStringLiteral("do_not_contact"),
                       entry->reason.isEmpty()
                               ? tr("%1 is on the do-not-contact list (%2).").arg(recipient.address, listed)
                               : tr("%1 is on the do-not-contact list (%2): %3.")
                                         .arg(recipient.address, listed, entry->reason));
    }
    if (overridesRequested(action.overrides) && action.overrides.reason.trimmed().isEmpty())
        return refused(recipient, QStringLiteral("override_without_reason"),
                       tr("An override needs a reason typed by the operator; nothing is sent without one."));
    if (auto repeat = judgeRepeat(action, recipient))
        return *repeat;
    if (!isPhone)
        return verdictFor(recipient, RecipientVerdict::Verdict::Allowed, QStringLiteral("allowed"),
                          QString());
    return judgeCall(action, recipient, ringsAtUtc, plannedWeight);
}

std::optional<RecipientVerdict> OutboundGuard::judgeRepeat(const OutboundAction &action,
                                                           const Recipient &recipient) const
{
    const auto earlier = m_store->liveIntentWithKey(dedupeKey(action, recipient));
    if (const auto unreadable = storeUnreadable(recipient))
        return unreadable;
    if (!earlier)
        return std::nullopt;
    // A call placed now may be placed again later (the cap counts it); a scheduled one never,
    // and nothing whose fate is not known yet.
    if (!action.ringsAt.isValid() && earlier->state == OutboundIntent::State::Sent)
        return std::nullopt;
    return refused(
            recipient, QStringLiteral("already_sent"),
            earlier->state == OutboundIntent::State::Unknown
                    ? tr("The same request to %1 may already have gone out (the console stopped "
                         "while sending it on %2). Check with the vendor; it is not sent again.")
                              .arg(recipient.address,
                                   QLocale().toString(earlier->createdAt.toLocalTime(), QLocale::ShortFormat))
                    : tr("The same request to %1 was already sent; it is not sent twice.")
                              .arg(recipient.address));
}

// The rules that apply to calls only: the calling window in the recipient's time, then the cap.
RecipientVerdict OutboundGuard::judgeCall(const OutboundAction &action, const Recipient &recipient,
                                          const QDateTime &ringsAtUtc, int plannedWeight) const
{
    bool overridden = false;
    const CallingWindow::Judgement window = action.dialsWithin
            ? m_window.judgeSchedule(recipient.address, *action.dialsWithin, ringsAtUtc)
            : m_window.judge(recipient.address, ringsAtUtc, action.campaignWindow);
    if (!window.allowed) {
        if (window.reasonCode == QLatin1String("unknown_time_zone") ||
            window.reasonCode == QLatin1String("invalid_schedule"))
            return refused(recipient, window.reasonCode, window.reason);
        if (!action.overrides.callingWindow)
            return verdictFor(recipient, RecipientVerdict::Verdict::NeedsOverride, window.reasonCode,
                              window.reason);
        overridden = true;
    }

    const int weight = action.countedWeight();
    const int cap = m_window.rules().maxAttemptsPerDay;
    const auto days =
            weight > 0 ? m_window.localDays(recipient.address, ringsAtUtc) : QList<QPair<QDate, QTimeZone>>();
    for (const auto &[day, zone] : days) {
        const int used = m_store->attemptsOnDay(recipient.address, day, zone) + plannedWeight;
        if (const auto unreadable = storeUnreadable(recipient))
            return *unreadable;
        if (used + weight > cap)
            return refused(recipient, QStringLiteral("attempt_cap"),
                           tr("%1 already had %2 call attempt(s) on %3 (their local day); the limit is %4 a "
                              "day and this would count %5.")
                                   .arg(recipient.address)
                                   .arg(used)
                                   .arg(QLocale().toString(day, QLocale::ShortFormat))
                                   .arg(cap)
                                   .arg(weight));
    }

    RecipientVerdict allowed =
            verdictFor(recipient, RecipientVerdict::Verdict::Allowed, QStringLiteral("allowed"),
                       overridden ? tr("Allowed outside the calling window by the operator's override: %1")
                                            .arg(action.overrides.reason.trimmed())
                                  : QString());
    allowed.overridden = overridden;
    return allowed;
}

std::optional<RecipientVerdict> OutboundGuard::storeUnreadable(const Recipient &recipient) const
{
    const StoreStatus status = m_store->lastReadStatus();
    if (status.ok())
        return std::nullopt;
    return refused(recipient, QStringLiteral("store_unavailable"),
                   tr("The do-not-contact list and the audit log could not be read (%1); nothing is sent "
                      "without them.")
                           .arg(status.message));
}

GuardDecision OutboundGuard::dryRun(const OutboundAction &action)
{
    GuardDecision decision;
    const QDateTime when = ringsAt(action);
    // A recipient listed twice in one bulk action counts both towards the cap.
    QHash<QString, int> planned;
    for (const Recipient &recipient : reachedBy(action)) {
        RecipientVerdict verdict = judge(action, recipient, when, planned.value(recipient.address));
        if (verdict.allowed())
            planned[recipient.address] += action.countedWeight();
        decision.verdicts.append(verdict);
    }
    return decision;
}

OutboundGuard::Clearance OutboundGuard::clear(const OutboundAction &action)
{
    Clearance clearance;
    const QList<Recipient> reached = reachedBy(action);
    if (reached.isEmpty() || (!action.isOneRequest() && reached.size() != 1)) {
        // A programming error: a clearance is for one request to one person (or to the people a
        // request with a target names).
        for (const Recipient &recipient : reached)
            clearance.decision.verdicts.append(
                    refused(recipient, QStringLiteral("one_recipient_per_request"),
                            tr("A request that contacts people is cleared for one person at a time.")));
        return clearance;
    }
    const QDateTime now = m_now().toUTC();
    const QDateTime when = ringsAt(action);

    // Everyone first: one request reaches all of its recipients or none of them.
    QList<RecipientVerdict> verdicts;
    QHash<QString, int> planned;
    bool allAllowed = true;
    for (const Recipient &recipient : reached) {
        RecipientVerdict verdict = judge(action, recipient, when, planned.value(recipient.address));
        if (verdict.allowed())
            planned[recipient.address] += action.countedWeight();
        else
            allAllowed = false;
        verdicts.append(verdict);
    }
    const auto refuseAll = [&verdicts](const QString &code, const QString &reason) {
        for (RecipientVerdict &verdict : verdicts) {
            if (verdict.allowed())
                verdict = refused(verdict.recipient, code, reason);
        }
    };
    if (!allAllowed)
        refuseAll(QStringLiteral("refused_with_request"),
                  tr("Not sent: the same request would also reach people the guard refused."));

    Cleared cleared;
    cleared.target = action.target;
    cleared.idsKey = action.recipientIdsKey;
    cleared.reachesNobody = action.recipients.isEmpty();
    for (const Recipient &recipient : reached)
        cleared.ids.insert(recipient.vendorId);
    const auto failIntents = [this, &cleared] {
        for (const Pending &pending : std::as_const(cleared.recipients))
            m_store->updateIntent(pending.intent.id, OutboundIntent::State::Failed, QString());
        cleared.recipients.clear();
    };
    // One commit for every row of the request (a launch reaches thousands: a commit per row took
    // seconds). A failed commit keeps nothing, so nothing is cleared.
    const StoreStatus committed = m_store->batch([&]() -> StoreStatus {
        if (allAllowed) {
            // The intents first (README promise O7): a process that dies after this leaves Pending
            // intents that the next start marks unknown, never resends.
            for (const RecipientVerdict &verdict : std::as_const(verdicts)) {
                Pending pending;
                pending.intent.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
                pending.intent.vendor = action.vendor;
                pending.intent.action = action.action;
                pending.intent.recipient = verdict.recipient.address;
                pending.intent.dedupeKey = dedupeKey(action, verdict.recipient);
                pending.intent.requestSummary = action.requestSummary;
                pending.intent.createdAt = now;
                pending.intent.ringsAt = when;
                pending.intent.updatedAt = now;
                if (const StoreStatus saved = m_store->saveIntent(pending.intent); !saved) {
                    failIntents();
                    refuseAll(QStringLiteral("store_unavailable"),
                              tr("The audit log could not be written (%1); nothing is sent without it.")
                                      .arg(saved.message));
                    break;
                }
                cleared.recipients.append(pending);
            }
        }

        for (qsizetype i = 0; i < verdicts.size(); ++i) {
            RecipientVerdict &verdict = verdicts[i];
            AuditAttempt attempt;
            attempt.at = now;
            attempt.vendor = action.vendor;
            attempt.action = action.action;
            attempt.recipient = verdict.recipient.address;
            attempt.ringsAt = when;
            attempt.attemptWeight =
                    verdict.recipient.channel == Recipient::Channel::None ? 0 : action.countedWeight();
            if (overridesRequested(action.overrides))
                attempt.overrideReason = action.overrides.reason.trimmed();
            if (verdict.allowed())
                attempt.intentId = cleared.recipients.at(i).intent.id;
            attempt.verdict = RecipientVerdict::verdictName(verdict.verdict);
            attempt.reasonCode = verdict.reasonCode;
            attempt.reason = verdict.reason;
            if (const StoreStatus appended = m_store->appendAttempt(attempt); !appended) {
                qCWarning(lcStore).noquote()
                        << "outbound guard: the audit log refused an attempt:" << appended.summary();
                if (verdict.allowed()) {
                    failIntents();
                    refuseAll(QStringLiteral("store_unavailable"),
                              tr("The audit log could not be written (%1); nothing is sent without it.")
                                      .arg(appended.message));
                }
            } else {
                noteRecordsChanged();
            }
            if (verdict.allowed())
                cleared.recipients[i].attemptId = attempt.id;
        }
        return {};
    });
    if (!committed && !cleared.recipients.isEmpty()) {
        cleared.recipients.clear();
        refuseAll(QStringLiteral("store_unavailable"),
                  tr("The audit log could not be written (%1); nothing is sent without it.")
                          .arg(committed.message));
    }
    clearance.decision.verdicts = verdicts;
    if (cleared.recipients.isEmpty() || !clearance.decision.allAllowed())
        return clearance;

    clearance.id = cleared.recipients.constFirst().intent.id;
    m_unredeemed.insert(clearance.id, cleared);
    return clearance;
}

bool OutboundGuard::redeem(const ApiCall &call, QString *why)
{
    const auto it = m_unredeemed.find(call.clearanceId);
    if (it == m_unredeemed.end()) {
        if (why)
            *why = tr("Its clearance was already used or was never issued: a request that contacts a person "
                      "is sent once.");
        return false;
    }
    const Cleared cleared = it.value();
    m_unredeemed.erase(it);
    bool named = true;
    QString reason;
    if (!cleared.idsKey.isEmpty() && idsInBody(call, cleared.idsKey) != cleared.ids) {
        named = false;
        reason = tr("Its clearance was issued for other people than the request's %1.").arg(cleared.idsKey);
    } else if (!cleared.target.isEmpty() && !requestNames(call, cleared.target)) {
        named = false;
        reason = tr("Its clearance was issued for another request (%1).").arg(cleared.target);
    } else if (cleared.idsKey.isEmpty() && cleared.target.isEmpty() &&
               !requestReaches(call, cleared.recipients.constFirst().intent.recipient)) {
        named = false;
        reason = tr("Its clearance was issued for another recipient (%1).")
                         .arg(cleared.recipients.constFirst().intent.recipient);
    }
    if (!named) {
        m_store->batch([&]() -> StoreStatus {
            for (const Pending &pending : cleared.recipients)
                appendOutcome(pending, QStringLiteral("failed"), OutboundIntent::State::Failed, QString(),
                              QStringLiteral("not_cleared: ") + reason);
            return {};
        });
        if (why)
            *why = reason;
        return false;
    }
    m_redeemed.insert(call.clearanceId, cleared);
    return true;
}

void OutboundGuard::recordOutcome(const ApiCall &call, const ApiResponse &response)
{
    settle(call.clearanceId, response.error,
           call.vendorRefKey.isEmpty() ? QString()
                                       : response.object().value(call.vendorRefKey).toVariant().toString());
}

bool OutboundGuard::redeemSpending(const QString &clearanceId, QString *why)
{
    const auto it = m_unredeemed.find(clearanceId);
    if (it == m_unredeemed.end() || !it->reachesNobody) {
        if (why)
            *why = it == m_unredeemed.end()
                    ? tr("Its clearance was already used or was never issued: a request that spends money is "
                         "sent once.")
                    : tr("Its clearance is for a request that reaches people: only the HTTP core redeems "
                         "it.");
        return false;
    }
    m_redeemed.insert(clearanceId, it.value());
    m_unredeemed.erase(it);
    return true;
}

void OutboundGuard::recordSpendingOutcome(const QString &clearanceId, const ApiError &error,
                                          const QString &vendorRef)
{
    settle(clearanceId, error, vendorRef);
}

void OutboundGuard::settle(const QString &clearanceId, const ApiError &error, const QString &vendorRef)
{
    const auto it = m_redeemed.find(clearanceId);
    if (it == m_redeemed.end())
        return;
    const Cleared cleared = it.value();
    m_redeemed.erase(it);
    const QString outcome = outcomeOf(error);
    m_store->batch([&]() -> StoreStatus {
        for (const Pending &pending : cleared.recipients)
            appendOutcome(pending, outcome, stateOf(outcome), error.isError() ? QString() : vendorRef,
                          error.isError() ? error.summary() : QString());
        return {};
    });
}

bool OutboundGuard::inFlight(const QString &intentId) const
{
    for (const QHash<QString, Cleared> *clearances : {&m_unredeemed, &m_redeemed}) {
        for (const Cleared &cleared : *clearances) {
            for (const Pending &pending : cleared.recipients) {
                if (pending.intent.id == intentId)
                    return true;
            }
        }
    }
    return false;
}

void OutboundGuard::appendOutcome(const Pending &pending, const QString &outcome, OutboundIntent::State state,
                                  const QString &vendorRef, const QString &error)
{
    AuditOutcome row;
    row.attemptId = pending.attemptId;
    row.at = m_now().toUTC();
    row.outcome = outcome;
    row.vendorRef = vendorRef;
    row.error = error;
    if (const StoreStatus appended = m_store->appendOutcome(row); !appended)
        qCWarning(lcStore).noquote() << "outbound guard: the audit log refused an outcome:"
                                     << appended.summary();
    if (const StoreStatus updated = m_store->updateIntent(pending.intent.id, state, vendorRef); !updated)
        qCWarning(lcStore).noquote() << "outbound guard: an intent could not be updated:"
                                     << updated.summary();
    noteRecordsChanged();
}

void OutboundGuard::noteRecordsChanged()
{
    if (m_recordsChangeQueued)
        return;
    m_recordsChangeQueued = true;
    QMetaObject::invokeMethod(
            this,
            [this] {
                m_recordsChangeQueued = false;
                Q_EMIT recordsChanged();
            },
            Qt::QueuedConnection);
}

int OutboundGuard::reconcileAfterRestart(qint64 minimumAgeMs)
{
    const QDateTime now = m_now();
    QList<Pending> stale;
    QDateTime oldest;
    bool undated = false;
    for (const OutboundIntent &intent : m_store->intents()) {
        if (intent.state != OutboundIntent::State::Pending || inFlight(intent.id))
            continue;
        if (minimumAgeMs > 0 && intent.createdAt.isValid() && intent.createdAt.msecsTo(now) < minimumAgeMs)
            continue; // perhaps another console's, still in flight
        Pending pending;
        pending.intent = intent;
        stale.append(pending);
        undated = undated || !intent.createdAt.isValid();
        if (intent.createdAt.isValid() && (!oldest.isValid() || intent.createdAt < oldest))
            oldest = intent.createdAt;
    }
    if (stale.isEmpty())
        return 0;
    // The attempt rows are written in the same moment as their intents (clear()): read them once,
    // not once per intent (a lost launch leaves one intent per contact).
    QHash<QString, qint64> attemptOf;
    for (const AuditAttempt &attempt : m_store->attempts(undated ? QDateTime() : oldest.addSecs(-60))) {
        if (!attempt.intentId.isEmpty() && !attemptOf.contains(attempt.intentId))
            attemptOf.insert(attempt.intentId, attempt.id);
    }
    m_store->batch([&]() -> StoreStatus {
        for (Pending &pending : stale) {
            pending.attemptId = attemptOf.value(pending.intent.id);
            appendOutcome(pending, QStringLiteral("unknown"), OutboundIntent::State::Unknown, QString(),
                          tr("The console stopped while this was being sent: it may have reached the person. "
                             "It is not sent again; check with the vendor."));
        }
        return {};
    });
    return int(stale.size());
}
