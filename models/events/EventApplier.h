#pragma once

#include "events/EventStore.h"
#include "store/Database.h"

#include <QList>
#include <QObject>
#include <QString>

class LeadStore;
class OutboundStore;
class SuppressionSync;

// What a newly stored event changes elsewhere in the console (issue #13). WebhookIngest stores
// and acknowledges; this class does the rest, so an answer never waits for it (W5):
//   UnlimCall dnc.added              the number joins the do-not-contact list (doNotContactSource())
//   Outreach2day contact.unsubscribed the address joins it through SuppressionSync, as the changes
//                                    feed's unsubscribes do (its mirror remembers where it came from)
//   Verloop callback                 its scheduled call's status (the saved intent's), unless a
//                                    later status of that call was applied already (W6: deliveries
//                                    arrive in any order); an intent left unknown by a crash becomes
//                                    sent, with the message_id the callback names
//   any event with a phone or email  linked to the lead it belongs to (LeadStore::leadIdFor)
//
// Each event is applied once. A row in the component's own table marks it, written after its
// effects: an event stored by a process that died before applying it is applied by catchUp() at
// the next start. Every effect may be repeated harmlessly, so a crash between the effects and the
// mark costs nothing; a duplicate delivery is never applied again (WebhookIngest does not announce
// it), so a number the operator took off the list is not put back by a vendor's retry.
class EventApplier : public QObject
{
    Q_OBJECT
public:
    // Where the effects go; none is owned, and each may be null (its effects are then skipped).
    struct Targets
    {
        OutboundStore *outbound = nullptr;
        SuppressionSync *suppressions = nullptr;
        const LeadStore *leads = nullptr;
    };

    // `events` is on the database the component's table is in (register migrations() there).
    EventApplier(EventStore *events, Targets targets, QObject *parent = nullptr);

    static QString component() { return QStringLiteral("event_applier"); }
    static QList<Migration> migrations();
    // The do-not-contact source of numbers UnlimCall moved to Do-Not-Call.
    static QString doNotContactSource() { return QStringLiteral("unlimcall_webhook"); }

    // Applies one stored event (connect WebhookIngest::eventStored here). True when its effects
    // are done and it is marked; false (failed() says why) leaves it for the next catchUp().
    bool apply(const StoredEvent &event);
    // Applies, oldest first, every stored event not applied yet (at start: what a process that
    // died left). A failure stops there and leaves the rest for the next time.
    struct CaughtUp
    {
        int applied = 0;
        StoreStatus status; // why it stopped early
    };
    CaughtUp catchUp();
    // Whether the event with this row id was applied.
    bool isApplied(qint64 eventId) const;

Q_SIGNALS:
    // An event's effects are done (also for an event that had none).
    void applied(const StoredEvent &event);
    void failed(const StoredEvent &event, const QString &problem);

private:
    StoreStatus applyEffects(StoredEvent &event);
    StoreStatus listNumber(const StoredEvent &event);
    StoreStatus takeUnsubscribe(const StoredEvent &event);
    StoreStatus updateScheduledCall(const StoredEvent &event);
    StoreStatus linkLead(StoredEvent &event);
    StoreStatus markApplied(const StoredEvent &event);

    EventStore *m_events;
    Targets m_targets;
};
