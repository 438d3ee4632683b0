#pragma once

#include "OutboundTypes.h"
#include "store/Database.h"

#include <QDate>
#include <QList>
#include <QObject>
#include <QTimeZone>

#include <functional>

#include <optional>

// The do-not-contact list, the audit log and the saved intents behind one interface, so that a
// team can later keep them on a shared server database. The one implementation today is
// SqliteOutboundStore (the console's SQLite file). Every method is synchronous and used on the
// thread that owns the store; each write is one transaction and on disk when it returns Ok.
// A QObject only for doNotContactAdded(): whatever part of the program lists someone, the parts
// that must react (a voice campaign calling that number is paused) hear it from the store.
class OutboundStore : public QObject
{
    Q_OBJECT
public:
    ~OutboundStore() override = default;

    // Do-not-contact list. add() stores all entries or none (a CSV import is never half done); an
    // entry already listed is kept as it was (its first source and reason win).
    virtual StoreStatus addToDoNotContact(const QList<DncEntry> &entries) = 0;
    // Removes the entry whose value is `value` and appends the removal (who, why) to the audit
    // log. NotFound-like failures are StoreStatus SqlError with a sentence.
    virtual StoreStatus removeFromDoNotContact(const QString &value, const QString &reason,
                                               const QString &removedBy) = 0;
    // The entry that lists this recipient: the phone number; the email address, else its domain.
    virtual std::optional<DncEntry> listedEntry(const Recipient &recipient) = 0;
    virtual QList<DncEntry> doNotContactEntries() = 0;
    // Why the most recent read (listedEntry, attemptsOnDay, liveIntentWithKey, the lists) could
    // not be answered; Ok when it was. A read that failed answers "nothing" (not listed, no
    // attempts), so a guard must check this and refuse: it never allows on a list it could not read.
    virtual StoreStatus lastReadStatus() const = 0;

    // Audit log (append-only: the database refuses UPDATE and DELETE). Returns the new row's id.
    virtual StoreStatus appendAttempt(AuditAttempt &attempt) = 0; // sets attempt.id
    virtual StoreStatus appendOutcome(AuditOutcome &outcome) = 0; // sets outcome.id
    virtual QList<AuditAttempt> attempts(const QDateTime &sinceUtc = {}) = 0;
    virtual QList<AuditOutcome> outcomes(const QDateTime &sinceUtc = {}) = 0;
    // Sum of attemptWeight over allowed attempts on `recipient` whose ringsAt falls on `day` in
    // `zone` (the recipient's day), across every vendor.
    virtual int attemptsOnDay(const QString &recipient, const QDate &day, const QTimeZone &zone) = 0;

    // Intents (README promise O7).
    virtual StoreStatus saveIntent(const OutboundIntent &intent) = 0;
    virtual StoreStatus updateIntent(const QString &id, OutboundIntent::State state, const QString &vendorRef,
                                     const QString &status = {}) = 0;
    virtual std::optional<OutboundIntent> intent(const QString &id) = 0;
    // Intents with this dedupe key that are Pending, Sent or Unknown (not Failed).
    virtual std::optional<OutboundIntent> liveIntentWithKey(const QString &dedupeKey) = 0;
    virtual QList<OutboundIntent> intents(std::optional<Vendor> vendor = std::nullopt) = 0;

    // Runs `work` (writes through this store) as one transaction where the store has them, so a
    // bulk of rows — a campaign launch's attempts and intents — costs one commit instead of one
    // per row. Returns `work`'s failure, or the commit's: only success means all of it is kept.
    virtual StoreStatus batch(const std::function<StoreStatus()> &work) { return work(); }

Q_SIGNALS:
    // Entries newly on the do-not-contact list (not those already listed), once they are on disk:
    // emitted by addToDoNotContact() after its transaction committed.
    void doNotContactAdded(const QList<DncEntry> &entries);
};
