#include "UnloopaCallSimulation.h"

#include "UnloopaSandboxReplies.h"

#include <QRegularExpression>

namespace UnloopaCallSimulation {

QStringList outcomes()
{
    return {QStringLiteral("interested"), QStringLiteral("not_interested"), QStringLiteral("voicemail"),
            QStringLiteral("no_answer"), QStringLiteral("callback")};
}

void decide(UnloopaSimulatedCall *call, QRandomGenerator &random, const QString &ending)
{
    if (ending.isEmpty()) {
        // Roughly what cold calls to small businesses give.
        const double roll = random.generateDouble();
        call->ending = roll < 0.2 ? QStringLiteral("interested")
                : roll < 0.5      ? QStringLiteral("not_interested")
                : roll < 0.65     ? QStringLiteral("voicemail")
                : roll < 0.82     ? QStringLiteral("no_answer")
                : roll < 0.95     ? QStringLiteral("callback")
                                  : QStringLiteral("failed");
    } else {
        call->ending = ending;
    }
    call->pendingMs = 2000 + qint64(random.bounded(2000));
    call->queuedMs = 3000 + qint64(random.bounded(4000));
    const QString &how = call->ending;
    if (how == QLatin1String("failed")) {
        call->ringSecs = 0;
        call->durationSecs = 0;
    } else if (how == QLatin1String("no_answer")) {
        call->ringSecs = 30;
        call->durationSecs = 0;
    } else if (how == QLatin1String("voicemail")) {
        call->ringSecs = 18;
        call->durationSecs = 20 + int(random.bounded(15));
    } else {
        call->ringSecs = 4 + int(random.bounded(10));
        call->durationSecs = (how == QLatin1String("interested") ? 90 : 25) + int(random.bounded(90));
    }
}

QString fill(const QString &text, const QJsonObject &variables)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{\\s*([a-z_]+)\\s*\\}\\}"));
    QString result;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = placeholder.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        result += text.mid(last, m.capturedStart() - last);
        const QJsonValue value = variables.value(m.captured(1));
        result += value.isString() ? value.toString() : m.captured(0);
        last = m.capturedEnd();
    }
    return result + text.mid(last);
}

namespace {

QJsonObject turn(const QString &role, const QString &message, int second)
{
    return QJsonObject{{QStringLiteral("role"), role},
                       {QStringLiteral("message"), message},
                       {QStringLiteral("time_in_call_secs"), second}};
}

} // namespace

QJsonArray transcript(const UnloopaSimulatedCall &call)
{
    const QString &how = call.ending;
    const QString name = call.businessName.isEmpty() ? QStringLiteral("your business") : call.businessName;
    const QString agent = QStringLiteral("agent");
    const QString user = QStringLiteral("user");
    const int end = call.durationSecs;
    if (how == QLatin1String("failed") || how == QLatin1String("no_answer"))
        return {};
    if (how == QLatin1String("voicemail")) {
        return {turn(user,
                     QStringLiteral(
                             "Hi, you've reached %1. We can't take your call right now, please leave a "
                             "message after the tone.")
                             .arg(name),
                     0),
                turn(agent,
                     QStringLiteral("Hi, this is %1 calling for %2. I put together a new website for you%3 — "
                                    "I'll send the link by email. Have a great day!")
                             .arg(call.agentName, name,
                                  call.websiteUrl.isEmpty() ? QString()
                                                            : QStringLiteral(" at ") + call.websiteUrl),
                     8)};
    }
    const QString opening = call.firstMessage.isEmpty()
            ? QStringLiteral("Hi there, this is %1. Do you have just a moment?").arg(call.agentName)
            : call.firstMessage;
    QJsonArray turns{
            turn(agent, opening, 0), turn(user, QStringLiteral("Uh, sure, who is this?"), 4),
            turn(agent,
                 QStringLiteral("I'm calling about %1%2. We built a free website preview for you — "
                                "could I send it over?")
                         .arg(name, call.city.isEmpty() ? QString() : QStringLiteral(" in ") + call.city),
                 7)};
    if (how == QLatin1String("interested")) {
        turns.append(turn(user, QStringLiteral("Oh, that sounds interesting. Yes, send me the details."),
                          end / 3));
        turns.append(turn(agent, QStringLiteral("Great! I'll email the link and pricing today."), end / 2));
        turns.append(turn(user, QStringLiteral("Perfect, thanks."), end - 5));
    } else if (how == QLatin1String("not_interested")) {
        turns.append(turn(user, QStringLiteral("No thanks, we're not interested. Please don't call again."),
                          end / 2));
        turns.append(
                turn(agent, QStringLiteral("Understood, sorry to bother you. Have a good day."), end - 3));
    } else {
        turns.append(turn(user, QStringLiteral("I'm busy right now — can you call back tomorrow afternoon?"),
                          end / 2));
        turns.append(turn(agent, QStringLiteral("Of course, I'll call back tomorrow afternoon."), end - 3));
    }
    return turns;
}

QJsonObject analysis(const UnloopaSimulatedCall &call)
{
    const QString &how = call.ending;
    QString summary;
    QString sentiment = QStringLiteral("neutral");
    QString interest = QStringLiteral("none");
    QString success = QStringLiteral("unknown");
    QString next;
    if (how == QLatin1String("interested")) {
        summary = QStringLiteral("The owner liked the website preview and asked for the details by email.");
        sentiment = QStringLiteral("positive");
        interest = QStringLiteral("high");
        success = QStringLiteral("success");
        next = QStringLiteral("Email the website link and pricing.");
    } else if (how == QLatin1String("not_interested")) {
        summary = QStringLiteral("The owner declined and asked not to be called again.");
        sentiment = QStringLiteral("negative");
        success = QStringLiteral("failure");
        next = QStringLiteral("Do not contact again.");
    } else if (how == QLatin1String("callback")) {
        summary = QStringLiteral("The owner was busy and asked for a call back tomorrow afternoon.");
        interest = QStringLiteral("medium");
        next = QStringLiteral("Call back tomorrow afternoon.");
    } else if (how == QLatin1String("voicemail")) {
        summary = QStringLiteral("The call reached voicemail; a short message was left.");
        interest = QStringLiteral("low");
        next = QStringLiteral("Try again another day.");
    } else if (how == QLatin1String("no_answer")) {
        summary = QStringLiteral("Nobody answered.");
        next = QStringLiteral("Try again another day.");
    } else {
        summary = QStringLiteral("The call could not be connected.");
        success = QStringLiteral("failure");
        next = QStringLiteral("Check the number.");
    }
    return QJsonObject{{QStringLiteral("summary"), summary},
                       {QStringLiteral("sentiment"), sentiment},
                       {QStringLiteral("interest_level"), interest},
                       {QStringLiteral("call_successful"), success},
                       {QStringLiteral("callback_requested"), how == QLatin1String("callback")},
                       {QStringLiteral("next_step"), next}};
}

QString notes(const UnloopaSimulatedCall &call)
{
    if (call.ending == QLatin1String("failed"))
        return QStringLiteral("The carrier rejected the call (number unreachable).");
    return analysis(call).value(QLatin1String("next_step")).toString();
}

} // namespace UnloopaCallSimulation

QDateTime UnloopaSimulatedCall::startedAt() const
{
    return createdAt.addMSecs(pendingMs + queuedMs);
}

QDateTime UnloopaSimulatedCall::completedAt() const
{
    if (ending == QLatin1String("failed"))
        return startedAt();
    return startedAt().addSecs(ringSecs + durationSecs);
}

QString UnloopaSimulatedCall::status(const QDateTime &now) const
{
    if (cancelledAt.isValid() && cancelledAt < startedAt() && now >= cancelledAt)
        return QStringLiteral("cancelled");
    if (now < createdAt.addMSecs(pendingMs))
        return QStringLiteral("pending");
    if (now < startedAt())
        return QStringLiteral("queued");
    if (ending == QLatin1String("failed"))
        return QStringLiteral("failed");
    if (now < completedAt())
        return QStringLiteral("in_progress");
    return QStringLiteral("completed");
}

QJsonObject UnloopaSimulatedCall::json(const QDateTime &now, bool detail) const
{
    using namespace UnloopaReplies;
    const QString state = status(now);
    const bool over = state == QLatin1String("completed") || state == QLatin1String("failed");
    const bool started = over || state == QLatin1String("in_progress");
    const QJsonValue null(QJsonValue::Null);
    QJsonObject o{
            {detail ? QStringLiteral("call_id") : QStringLiteral("id"), id},
            {QStringLiteral("business_name"), businessName.isEmpty() ? null : QJsonValue(businessName)},
            {QStringLiteral("phone_number"), phoneNumber},
            {QStringLiteral("status"), state},
            {QStringLiteral("outcome"), state == QLatin1String("completed") ? QJsonValue(ending) : null},
            {QStringLiteral("outcome_notes"), over ? QJsonValue(UnloopaCallSimulation::notes(*this)) : null},
            {QStringLiteral("duration_secs"), over ? QJsonValue(durationSecs) : null},
            {QStringLiteral("transcript"),
             over ? QJsonValue(UnloopaCallSimulation::transcript(*this)) : null},
            {QStringLiteral("analysis"), over ? QJsonValue(UnloopaCallSimulation::analysis(*this)) : null},
            {QStringLiteral("started_at"), started ? QJsonValue(iso(startedAt())) : null},
            {QStringLiteral("completed_at"), over ? QJsonValue(iso(completedAt())) : null},
            {QStringLiteral("created_at"), iso(createdAt)},
    };
    if (!detail)
        o.insert(QStringLiteral("campaign_id"), campaignId.isEmpty() ? null : QJsonValue(campaignId));
    else
        o.insert(QStringLiteral("conversation_id"), conversationId);
    return o;
}
