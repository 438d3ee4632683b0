#pragma once

#include "Outreach2dayCampaign.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QRandomGenerator>
#include <QString>

#include <functional>
#include <map>
#include <set>

class Outreach2dayContacts;

// Sends Outreach2day's launched campaigns on the sandbox's clock, and what comes back: it knows
// no HTTP (Outreach2daySandbox answers the endpoints from what it keeps).
//
// Sending: each active mailbox sends at most one email per gap (gapBaseSeconds + a jitter up to
// gapJitterSeconds), at most dailyLimit a day (days in the campaign's time zone), only on the
// schedule's weekdays inside its windows; the mailbox free first sends (equal times: by weight).
// A contact gets step 1 once launched (after its delay), each next step its delay after the
// previous send; an A/B step picks a variant by the weights. A suppressed address is skipped
// (a "skipped" send, never emailed). After the last step a contact is completed once a quiet
// period of completionDelaySeconds has passed without anything coming back.
//
// What comes back, drawn per contact and step from the seed (the same run gives the same
// outcomes, however often it is polled): bounces (bounceRate, minutes later), replies
// (replyRate, minutes to a day and a half later) with an intent (replyIntents() and their
// shares), unsubscribes (unsubscribeRate, within hours), and failed sends (failureRate, after 3
// attempts; the sequence goes on). A bounce, a reply that is not out_of_office/auto_reply, and an
// unsubscribe change the contact's status (an unsubscribe also suppresses the address for the
// workspace) and, when the matching stop rule is on, end its sequence. Every reply makes a
// thread; a reply whose intent a routing rule names enrolls the contact in that subsequence.
//
// A campaign completes when no contact is left pending, in sequence or in its quiet period.
// While a campaign is paused nothing is sent; replies, bounces and unsubscribes still arrive.
class Outreach2daySending
{
public:
    enum class SendStatus { Sent, Failed, Bounced, Skipped, Replied };
    struct Send
    {
        qint64 number = 0; // snd_ id
        int contact = 0; // index in the campaign's contacts
        int step = 0; // index in the campaign's steps at send time
        int variant = -1; // -1: the step itself
        QString stepId, mailboxId; // mbx_ (empty when skipped)
        SendStatus status = SendStatus::Sent;
        int attempts = 1;
        qint64 sentAtMs = 0;
    };
    struct Thread
    {
        qint64 number = 0; // thr_ id
        QString campaignId;
        int contact = 0;
        qint64 send = 0; // the send replied to
        QString intent, subject, body, subsequenceId;
        qint64 receivedAtMs = 0;
    };
    // Events for the webhooks: type (webhookEventTypes()), campaign, payload data, when.
    using EventSink = std::function<void(const QString &type, const QString &campaignId,
                                         const QJsonObject &data, qint64 atMs)>;

    static constexpr double bounceRate = 0.03;
    static constexpr double failureRate = 0.005;
    static constexpr double firstStepReplyRate = 0.10;
    static constexpr double laterStepReplyRate = 0.06;
    static constexpr double unsubscribeRate = 0.015;
    static constexpr qint64 completionDelaySeconds = 3 * 86400;
    // interested, not_interested, out_of_office, auto_reply, wrong_person, question
    static const QStringList &replyIntents();
    static QString sendStatusName(SendStatus status);

    Outreach2daySending(quint64 seed, Outreach2dayContacts *contacts, EventSink events);

    // Contacts (indexes) enter the campaign's sequence at `atMs`.
    void enroll(const SandboxO2dCampaign &campaign, const QList<int> &contacts, qint64 atMs);
    // Simulates the campaign up to `untilMs` (no-op when already there). The campaign's status
    // becomes completed when it is done.
    void advance(SandboxO2dCampaign &campaign, qint64 untilMs);
    // The campaign went from paused to active at `atMs`: nothing is sent for the paused time.
    void resumed(const SandboxO2dCampaign &campaign, qint64 atMs);

    const QList<Send> &sends(const QString &campaignId) const;
    const QList<Thread> &threads() const { return m_threads; }
    // Adds `count` sent sends, one a second up to `endMs` (benchmarks of complete retrieval);
    // they belong to the campaign's contacts (it has some) in turn and change nothing else.
    void addHistoricSends(const SandboxO2dCampaign &campaign, int count, qint64 endMs);
    // {{name}} → the contact's value (a top-level field, else one of its customJson); unknown → empty.
    static QString render(const QString &text, const QJsonObject &contact, bool html);
    static QString sendId(qint64 number);
    static QString threadId(qint64 number);

    // When the next email may leave under the schedule, at or after `fromMs`; -1: never.
    static qint64 nextSendingTime(const SandboxO2dCampaign &campaign, qint64 fromMs);

private:
    struct MailboxState
    {
        qint64 freeAtMs = 0;
        qint64 day = 0; // Julian day (campaign's zone) of sentThatDay
        int sentThatDay = 0;
    };
    enum class ArrivalKind { Bounce, Reply, Unsubscribe, Complete };
    struct Arrival
    {
        ArrivalKind kind;
        int contact = 0;
        qint64 sendIndex = 0;
        QString intent;
    };
    struct Run
    {
        QList<Send> sends;
        std::set<std::pair<qint64, int>> due; // (due time, contact) waiting for their next step
        QHash<int, int> nextStep; // contact → the step it gets next
        QHash<QString, MailboxState> mailboxes; // cmb_ id →
        std::multimap<qint64, Arrival> arrivals;
        qint64 simulatedMs = 0;
        qint64 resumedMs = 0; // nothing is sent before
    };

    Run &runOf(const SandboxO2dCampaign &campaign);
    void sendNext(SandboxO2dCampaign &campaign, Run &run, int contact,
                  const SandboxO2dCampaign::Mailbox *mailbox, qint64 atMs);
    void arrive(SandboxO2dCampaign &campaign, Run &run, qint64 atMs, const Arrival &arrival);
    void processArrivals(SandboxO2dCampaign &campaign, Run &run, qint64 untilMs);
    void finishIfDone(SandboxO2dCampaign &campaign, Run &run, qint64 atMs);
    void stop(Run &run, int contact);
    // The earliest time `mailbox` may send at or after `fromMs` (schedule, gap, daily limit).
    qint64 slotOf(const SandboxO2dCampaign &campaign, Run &run, const SandboxO2dCampaign::Mailbox &mailbox,
                  qint64 fromMs);
    QRandomGenerator outcomeGenerator(const QString &campaignId, int contact, int step) const;
    QJsonObject contactData(const SandboxO2dCampaign &campaign, int contact) const;

    quint64 m_seed;
    Outreach2dayContacts *m_contacts;
    EventSink m_events;
    QHash<QString, Run> m_runs;
    QList<Thread> m_threads; // workspace-wide, in arrival order
    qint64 m_lastSendNumber = 0;
    QRandomGenerator m_jitter;
};
