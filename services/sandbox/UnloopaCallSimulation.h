#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

// How one Unloopa voice call goes, decided when it is placed and read at any time on the sandbox
// clock: pending (a few seconds) → queued (a few more) → in_progress (ringing, then the
// conversation) → completed with one of the five outcomes (interested, not_interested, voicemail,
// no_answer, callback), or failed (the carrier refused it; it never gets to in_progress). A call
// cancelled before it started is cancelled.
//
// Chosen shapes the Unloopa API reference leaves open: `transcript` is null until the call is
// over, then an array of turns {"role": "agent" | "user", "message", "time_in_call_secs"} (empty
// when nobody answered); `analysis` is null until then, then {"summary", "sentiment" (positive,
// neutral, negative), "interest_level" (high, medium, low, none), "call_successful" (success,
// failure, unknown), "callback_requested", "next_step"}.
struct UnloopaSimulatedCall
{
    QString id;
    QString conversationId;
    QString campaignId; // empty: a single call
    QString leadId; // empty: not placed for a lead
    QString businessName;
    QString city;
    QString industry;
    QString websiteUrl;
    QString phoneNumber; // E.164, the callee
    QString agentName;
    QString firstMessage; // with the variables filled in
    QDateTime createdAt;
    qint64 pendingMs = 0;
    qint64 queuedMs = 0;
    int ringSecs = 0;
    int durationSecs = 0; // the conversation (0 when nobody answered or it failed)
    QString ending; // one of the five outcomes, or "failed"
    QDateTime cancelledAt; // invalid: not cancelled

    QString status(const QDateTime &now) const;
    QDateTime startedAt() const; // when it left the queue
    QDateTime completedAt() const;
    // GET /voice/calls' item (`detail` false) or GET /voice/calls/{id} (`detail` true) at `now`.
    QJsonObject json(const QDateTime &now, bool detail) const;
};

namespace UnloopaCallSimulation {

QStringList outcomes(); // the five, in the reference's order
// Picks how a call goes (`ending` forced when not empty: an outcome or "failed") and its timing.
void decide(UnloopaSimulatedCall *call, QRandomGenerator &random, const QString &ending = {});
// {{business_name}}, {{city}}, {{industry}}, {{website_url}} and any other `variables` filled in.
QString fill(const QString &text, const QJsonObject &variables);
QJsonArray transcript(const UnloopaSimulatedCall &call);
QJsonObject analysis(const UnloopaSimulatedCall &call);
QString notes(const UnloopaSimulatedCall &call);

} // namespace UnloopaCallSimulation
