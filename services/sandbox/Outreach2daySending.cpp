#include "Outreach2daySending.h"

#include "Outreach2dayAnswers.h"
#include "Outreach2dayContacts.h"
#include "SandboxServer.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTime>
#include <QTimeZone>

#include <algorithm>

namespace {

const QStringList &weekdayNames()
{
    static const QStringList names = {QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"),
                                      QStringLiteral("thu"), QStringLiteral("fri"), QStringLiteral("sat"),
                                      QStringLiteral("sun")};
    return names;
}

qint64 localJulianDay(const QTimeZone &zone, qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, zone).date().toJulianDay();
}

// Shares of the reply intents, in replyIntents() order (they sum to 100).
constexpr int kIntentShares[] = {28, 24, 18, 12, 10, 8};

bool countsAsReply(const QString &intent)
{
    return intent != QLatin1String("out_of_office") && intent != QLatin1String("auto_reply");
}

QString replyBody(const QString &intent, const QString &firstName, const QString &sender)
{
    const QString hi = QStringLiteral("Hi %1,").arg(sender);
    if (intent == QLatin1String("interested"))
        return hi +
                QStringLiteral(" thanks for reaching out — this is timely. Could we talk on Thursday "
                               "afternoon? Send me a few slots.\n\n") +
                firstName;
    if (intent == QLatin1String("not_interested"))
        return hi +
                QStringLiteral(" thanks, but we are not looking at this right now. Please take me off "
                               "your list for this quarter.\n\n") +
                firstName;
    if (intent == QLatin1String("out_of_office"))
        return QStringLiteral("I am out of the office until next Monday with limited access to email. "
                              "For urgent matters contact the office line.\n\n") +
                firstName;
    if (intent == QLatin1String("auto_reply"))
        return QStringLiteral("Thank you for your email. This is an automatic confirmation that we "
                              "received it; we answer within two business days.");
    if (intent == QLatin1String("wrong_person"))
        return hi +
                QStringLiteral(" I am not the right person for this — you may want to contact our "
                               "operations team instead.\n\n") +
                firstName;
    return hi +
            QStringLiteral(" before we go further: how does pricing work for a team of 20, and do "
                           "you integrate with our CRM?\n\n") +
            firstName;
}

QString textOf(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

} // namespace

const QStringList &Outreach2daySending::replyIntents()
{
    static const QStringList intents = {QStringLiteral("interested"),    QStringLiteral("not_interested"),
                                        QStringLiteral("out_of_office"), QStringLiteral("auto_reply"),
                                        QStringLiteral("wrong_person"),  QStringLiteral("question")};
    return intents;
}

QString Outreach2daySending::sendStatusName(SendStatus status)
{
    switch (status) {
    case SendStatus::Sent:
        return QStringLiteral("sent");
    case SendStatus::Failed:
        return QStringLiteral("failed");
    case SendStatus::Bounced:
        return QStringLiteral("bounced");
    case SendStatus::Skipped:
        return QStringLiteral("skipped");
    case SendStatus::Replied:
        return QStringLiteral("replied");
    }
    return {};
}

QString Outreach2daySending::sendId(qint64 number)
{
    return QStringLiteral("snd_%1").arg(number, 6, 10, QLatin1Char('0'));
}

QString Outreach2daySending::threadId(qint64 number)
{
    return QStringLiteral("thr_%1").arg(number, 6, 10, QLatin1Char('0'));
}

QString Outreach2daySending::render(const QString &text, const QJsonObject &contact, bool html)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*\\}\\}"));
    const QJsonObject custom = contact.value(QStringLiteral("customJson")).toObject();
    QString result;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = placeholder.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        result.append(QStringView(text).mid(last, match.capturedStart() - last));
        const QString name = match.captured(1);
        QJsonValue value = contact.value(name);
        if (value.isUndefined())
            value = custom.value(name);
        const QString replacement = textOf(value);
        result.append(html ? replacement.toHtmlEscaped() : replacement);
        last = match.capturedEnd();
    }
    result.append(QStringView(text).mid(last));
    return result;
}

Outreach2daySending::Outreach2daySending(quint64 seed, Outreach2dayContacts *contacts, EventSink events)
    : m_seed(seed),
      m_contacts(contacts),
      m_events(std::move(events)),
      m_jitter(SandboxServer::generator(seed, "outreach2day.gaps"))
{ }

Outreach2daySending::Run &Outreach2daySending::runOf(const SandboxO2dCampaign &campaign)
{
    return m_runs[campaign.id];
}

const QList<Outreach2daySending::Send> &Outreach2daySending::sends(const QString &campaignId) const
{
    static const QList<Send> none;
    const auto it = m_runs.constFind(campaignId);
    return it == m_runs.constEnd() ? none : it->sends;
}

void Outreach2daySending::enroll(const SandboxO2dCampaign &campaign, const QList<int> &contacts, qint64 atMs)
{
    Run &run = runOf(campaign);
    if (run.sends.isEmpty() && run.due.empty() && run.nextStep.isEmpty())
        run.simulatedMs = run.resumedMs = atMs; // the first launch starts the run
    const qint64 delay = campaign.steps.isEmpty() ? 0 : campaign.steps.constFirst().delaySeconds * 1000;
    for (int contact : contacts) {
        run.nextStep.insert(contact, 0);
        run.due.insert({atMs + delay, contact});
    }
}

void Outreach2daySending::resumed(const SandboxO2dCampaign &campaign, qint64 atMs)
{
    Run &run = runOf(campaign);
    run.resumedMs = qMax(run.resumedMs, atMs);
}

qint64 Outreach2daySending::nextSendingTime(const SandboxO2dCampaign &campaign, qint64 fromMs)
{
    if (campaign.timezone.isEmpty() || campaign.windows.isEmpty() || campaign.weekdays.isEmpty())
        return -1;
    const QTimeZone zone(campaign.timezone.toUtf8());
    const QDate firstDay = QDateTime::fromMSecsSinceEpoch(fromMs, zone).date();
    QList<QPair<QTime, QTime>> windows;
    for (const SandboxO2dCampaign::Window &window : campaign.windows)
        windows.append({QTime::fromString(window.start, QStringLiteral("HH:mm")),
                        QTime::fromString(window.end, QStringLiteral("HH:mm"))});
    std::sort(windows.begin(), windows.end());
    for (int offset = 0; offset < 8; ++offset) {
        const QDate day = firstDay.addDays(offset);
        if (!campaign.weekdays.contains(weekdayNames().at(day.dayOfWeek() - 1)))
            continue;
        for (const auto &window : std::as_const(windows)) {
            const qint64 end = QDateTime(day, window.second, zone).toMSecsSinceEpoch();
            if (end <= fromMs)
                continue;
            return qMax(fromMs, QDateTime(day, window.first, zone).toMSecsSinceEpoch());
        }
    }
    return -1;
}

qint64 Outreach2daySending::slotOf(const SandboxO2dCampaign &campaign, Run &run,
                                   const SandboxO2dCampaign::Mailbox &mailbox, qint64 fromMs)
{
    const MailboxState &state = run.mailboxes[mailbox.id];
    const QTimeZone zone(campaign.timezone.toUtf8());
    qint64 at = nextSendingTime(campaign, qMax(fromMs, state.freeAtMs));
    while (at >= 0 && localJulianDay(zone, at) == state.day && state.sentThatDay >= mailbox.dailyLimit) {
        // Today's limit is reached: the next day's first window.
        const QDate tomorrow = QDateTime::fromMSecsSinceEpoch(at, zone).date().addDays(1);
        at = nextSendingTime(campaign, QDateTime(tomorrow, QTime(0, 0), zone).toMSecsSinceEpoch());
    }
    return at;
}

void Outreach2daySending::advance(SandboxO2dCampaign &campaign, qint64 untilMs)
{
    const auto found = m_runs.find(campaign.id);
    if (found == m_runs.end() || untilMs <= found->simulatedMs)
        return; // never launched, or simulated up to then already
    Run &run = *found;
    while (campaign.status == QLatin1String("active") && !run.due.empty()) {
        const qint64 from = std::max({run.simulatedMs, run.resumedMs, run.due.begin()->first});
        if (from > untilMs)
            break;
        const SandboxO2dCampaign::Mailbox *chosen = nullptr;
        qint64 at = -1;
        int tiedWeight = 0;
        for (const SandboxO2dCampaign::Mailbox &mailbox : campaign.mailboxes) {
            if (mailbox.state != QLatin1String("active"))
                continue;
            const qint64 slot = slotOf(campaign, run, mailbox, from);
            if (slot < 0)
                continue;
            if (at < 0 || slot < at) {
                chosen = &mailbox;
                at = slot;
                tiedWeight = mailbox.weight;
            } else if (slot == at) {
                // Mailboxes free at the same time share the sends by weight.
                tiedWeight += mailbox.weight;
                if (m_jitter.bounded(tiedWeight) < mailbox.weight)
                    chosen = &mailbox;
            }
        }
        if (!chosen || at > untilMs)
            break;
        processArrivals(campaign, run, at); // a reply may stop the contact first
        run.simulatedMs = at;
        if (campaign.status != QLatin1String("active") || run.due.empty())
            continue;
        const auto next = run.due.begin();
        if (next->first > at)
            continue; // the contact that was due has been stopped; look again
        const int contact = next->second;
        run.due.erase(next);
        sendNext(campaign, run, contact, chosen, at);
    }
    processArrivals(campaign, run, untilMs);
    run.simulatedMs = untilMs;
    finishIfDone(campaign, run, untilMs);
}

QRandomGenerator Outreach2daySending::outcomeGenerator(const QString &campaignId, int contact, int step) const
{
    return SandboxServer::generator(
            m_seed,
            QStringLiteral("outreach2day.outcome:%1:%2:%3").arg(campaignId).arg(contact).arg(step).toUtf8());
}

QJsonObject Outreach2daySending::contactData(const SandboxO2dCampaign &campaign, int index) const
{
    const Outreach2dayContacts::Contact &contact = m_contacts->contactAt(campaign.id, index);
    return QJsonObject{
            {QStringLiteral("contactId"), contact.id},        {QStringLiteral("email"), contact.email},
            {QStringLiteral("firstName"), contact.firstName}, {QStringLiteral("lastName"), contact.lastName},
            {QStringLiteral("status"), contact.status},       {QStringLiteral("customJson"), contact.custom}};
}

void Outreach2daySending::sendNext(SandboxO2dCampaign &campaign, Run &run, int contact,
                                   const SandboxO2dCampaign::Mailbox *mailbox, qint64 atMs)
{
    const int stepIndex = run.nextStep.value(contact);
    if (stepIndex >= campaign.steps.size()) { // steps deleted since: the sequence is over
        run.nextStep.remove(contact);
        run.arrivals.insert({atMs, Arrival{ArrivalKind::Complete, contact, -1, {}}});
        return;
    }
    const SandboxO2dCampaign::Step &step = campaign.steps.at(stepIndex);
    const Outreach2dayContacts::Contact &person = m_contacts->contactAt(campaign.id, contact);
    Send send;
    send.number = ++m_lastSendNumber;
    send.contact = contact;
    send.step = stepIndex;
    send.stepId = step.id;
    send.sentAtMs = atMs;
    if (m_contacts->isSuppressed(person.email)) {
        // Never emailed: the send is skipped and the sequence ends.
        send.status = SendStatus::Skipped;
        send.attempts = 0;
        run.sends.append(send);
        run.nextStep.remove(contact);
        if (person.status == QLatin1String("active"))
            m_contacts->setStatus(campaign.id, contact, QStringLiteral("suppressed"), atMs);
        return;
    }
    QRandomGenerator random = outcomeGenerator(campaign.id, contact, stepIndex);
    if (!step.variants.isEmpty()) {
        int pick = random.bounded(100);
        send.variant = 0;
        while (send.variant + 1 < step.variants.size() && pick >= step.variants.at(send.variant).weight) {
            pick -= step.variants.at(send.variant).weight;
            ++send.variant;
        }
    }
    send.mailboxId = mailbox->mailboxId;
    MailboxState &state = run.mailboxes[mailbox->id];
    const qint64 day = localJulianDay(QTimeZone(campaign.timezone.toUtf8()), atMs);
    if (state.day != day) {
        state.day = day;
        state.sentThatDay = 0;
    }
    ++state.sentThatDay;
    const int jitter =
            mailbox->gapJitterSeconds > 0 ? int(m_jitter.bounded(mailbox->gapJitterSeconds + 1)) : 0;
    state.freeAtMs = atMs + (qint64(mailbox->gapBaseSeconds) + jitter) * 1000;

    const double draw = random.generateDouble();
    const double replyRate = stepIndex == 0 ? firstStepReplyRate : laterStepReplyRate;
    const qint64 sendIndex = run.sends.size();
    if (draw < failureRate) {
        send.status = SendStatus::Failed;
        send.attempts = 3;
    } else if (draw < failureRate + bounceRate) {
        run.arrivals.insert({atMs + (60 + random.bounded(20 * 60)) * 1000LL,
                             Arrival{ArrivalKind::Bounce, contact, sendIndex, {}}});
    } else if (draw < failureRate + bounceRate + replyRate) {
        int share = random.bounded(100);
        int intent = 0;
        while (intent + 1 < replyIntents().size() && share >= kIntentShares[intent])
            share -= kIntentShares[intent++];
        run.arrivals.insert({atMs + (20 * 60 + random.bounded(36 * 3600)) * 1000LL,
                             Arrival{ArrivalKind::Reply, contact, sendIndex, replyIntents().at(intent)}});
    } else if (draw < failureRate + bounceRate + replyRate + unsubscribeRate) {
        run.arrivals.insert({atMs + (10 * 60 + random.bounded(8 * 3600)) * 1000LL,
                             Arrival{ArrivalKind::Unsubscribe, contact, sendIndex, {}}});
    }
    run.sends.append(send);
    QJsonObject data = contactData(campaign, contact);
    data.insert(QStringLiteral("sendId"), sendId(send.number));
    data.insert(QStringLiteral("stepId"), step.id);
    data.insert(QStringLiteral("mailboxId"), send.mailboxId);
    m_events(send.status == SendStatus::Failed ? QStringLiteral("send.failed") : QStringLiteral("send.sent"),
             campaign.id, data, atMs);

    if (stepIndex + 1 < campaign.steps.size()) {
        run.nextStep.insert(contact, stepIndex + 1);
        run.due.insert({atMs + campaign.steps.at(stepIndex + 1).delaySeconds * 1000, contact});
    } else {
        run.nextStep.remove(contact);
        run.arrivals.insert(
                {atMs + completionDelaySeconds * 1000, Arrival{ArrivalKind::Complete, contact, -1, {}}});
    }
}

void Outreach2daySending::stop(Run &run, int contact)
{
    if (!run.nextStep.contains(contact))
        return;
    for (auto it = run.due.begin(); it != run.due.end(); ++it) {
        if (it->second == contact) {
            run.due.erase(it);
            break;
        }
    }
    run.nextStep.remove(contact);
}

void Outreach2daySending::processArrivals(SandboxO2dCampaign &campaign, Run &run, qint64 untilMs)
{
    while (!run.arrivals.empty() && run.arrivals.begin()->first <= untilMs) {
        const auto first = run.arrivals.begin();
        const qint64 at = first->first;
        const Arrival arrival = first->second;
        run.arrivals.erase(first);
        arrive(campaign, run, at, arrival);
    }
}

void Outreach2daySending::arrive(SandboxO2dCampaign &campaign, Run &run, qint64 atMs, const Arrival &arrival)
{
    const Outreach2dayContacts::Contact &person = m_contacts->contactAt(campaign.id, arrival.contact);
    const QString status = person.status;
    // A contact still in its sequence, or done with it, can change; suppressed ones cannot.
    const bool open = status == QLatin1String("active") || status == QLatin1String("completed");
    switch (arrival.kind) {
    case ArrivalKind::Complete:
        if (status == QLatin1String("active") && !run.nextStep.contains(arrival.contact)) {
            m_contacts->setStatus(campaign.id, arrival.contact, QStringLiteral("completed"), atMs);
            m_events(QStringLiteral("contact.completed"), campaign.id, contactData(campaign, arrival.contact),
                     atMs);
        }
        return;
    case ArrivalKind::Bounce: {
        Send &send = run.sends[arrival.sendIndex];
        send.status = SendStatus::Bounced;
        if (open || status == QLatin1String("replied"))
            m_contacts->setStatus(campaign.id, arrival.contact, QStringLiteral("bounced"), atMs);
        if (campaign.stopOnBounce)
            stop(run, arrival.contact);
        QJsonObject data = contactData(campaign, arrival.contact);
        data.insert(QStringLiteral("sendId"), sendId(send.number));
        m_events(QStringLiteral("contact.bounced"), campaign.id, data, atMs);
        return;
    }
    case ArrivalKind::Unsubscribe: {
        if (open || status == QLatin1String("replied"))
            m_contacts->setStatus(campaign.id, arrival.contact, QStringLiteral("unsubscribed"), atMs);
        // The address is suppressed for the workspace (its other campaigns' contacts too).
        m_contacts->addSuppressions({person.email}, QStringLiteral("unsubscribed"), nullptr, atMs);
        if (campaign.stopOnUnsub)
            stop(run, arrival.contact);
        m_events(QStringLiteral("contact.unsubscribed"), campaign.id, contactData(campaign, arrival.contact),
                 atMs);
        return;
    }
    case ArrivalKind::Reply:
        break;
    }
    Send &send = run.sends[arrival.sendIndex];
    const SandboxO2dCampaign::Step *step = nullptr;
    for (const SandboxO2dCampaign::Step &candidate : campaign.steps) {
        if (candidate.id == send.stepId)
            step = &candidate;
    }
    const QJsonObject data = contactData(campaign, arrival.contact);
    QString subject = step ? step->subject : QString();
    if (step && send.variant >= 0 && send.variant < step->variants.size())
        subject = step->variants.at(send.variant).subject;
    subject = render(subject, data, false);
    if (!subject.startsWith(QLatin1String("Re:")))
        subject = QStringLiteral("Re: ") + subject;

    Thread thread;
    thread.number = m_threads.size() + 1;
    thread.campaignId = campaign.id;
    thread.contact = arrival.contact;
    thread.send = send.number;
    thread.intent = arrival.intent;
    thread.subject = subject;
    thread.body = replyBody(arrival.intent, person.firstName, QStringLiteral("there"));
    thread.receivedAtMs = atMs;
    if (countsAsReply(arrival.intent)) {
        if (send.status == SendStatus::Sent)
            send.status = SendStatus::Replied;
        if (open)
            m_contacts->setStatus(campaign.id, arrival.contact, QStringLiteral("replied"), atMs);
        if (campaign.stopOnReply)
            stop(run, arrival.contact);
        for (const SandboxO2dCampaign::RoutingRule &rule : std::as_const(campaign.routing)) {
            if (rule.trigger != QLatin1String("reply_intent") || rule.value != arrival.intent)
                continue;
            for (SandboxO2dCampaign::Subsequence &subsequence : campaign.subsequences) {
                if (subsequence.id == rule.subsequenceId) {
                    thread.subsequenceId = subsequence.id;
                    ++subsequence.enrolled;
                }
            }
            break;
        }
    }
    m_threads.append(thread);
    QJsonObject event = contactData(campaign, arrival.contact);
    event.insert(QStringLiteral("threadId"), threadId(thread.number));
    event.insert(QStringLiteral("sendId"), sendId(send.number));
    event.insert(QStringLiteral("replyIntent"), thread.intent);
    event.insert(QStringLiteral("subject"), thread.subject);
    m_events(QStringLiteral("reply.received"), campaign.id, event, atMs);
    if (countsAsReply(arrival.intent))
        m_events(QStringLiteral("contact.replied"), campaign.id, event, atMs);
}

void Outreach2daySending::finishIfDone(SandboxO2dCampaign &campaign, Run &run, qint64 atMs)
{
    if (campaign.status != QLatin1String("active") || !run.due.empty() || !run.nextStep.isEmpty())
        return;
    for (const auto &entry : run.arrivals) {
        if (entry.second.kind == ArrivalKind::Complete)
            return; // a contact is in its quiet period
    }
    if (m_contacts->count(campaign.id, QStringLiteral("pending")) > 0)
        return; // a later tranche may still be launched
    if (run.sends.isEmpty())
        return;
    campaign.status = QStringLiteral("completed");
    campaign.updatedAt = QDateTime::fromMSecsSinceEpoch(atMs - atMs % 1000, Qt::UTC);
    m_events(QStringLiteral("campaign.completed"), campaign.id,
             QJsonObject{{QStringLiteral("campaignId"), campaign.id}}, atMs);
}

void Outreach2daySending::addHistoricSends(const SandboxO2dCampaign &campaign, int count, qint64 endMs)
{
    Run &run = runOf(campaign);
    const int contacts = qMax(1, m_contacts->count(campaign.id));
    const QString stepId = campaign.steps.isEmpty() ? QString() : campaign.steps.constFirst().id;
    const QString mailboxId =
            campaign.mailboxes.isEmpty() ? QString() : campaign.mailboxes.constFirst().mailboxId;
    const qint64 startMs = endMs - qint64(count) * 1000;
    run.sends.reserve(run.sends.size() + count);
    for (int i = 0; i < count; ++i) {
        Send send;
        send.number = ++m_lastSendNumber;
        send.contact = i % contacts;
        send.stepId = stepId;
        send.mailboxId = mailboxId;
        send.sentAtMs = startMs + qint64(i) * 1000;
        run.sends.append(send);
    }
}
