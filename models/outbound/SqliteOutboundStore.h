#pragma once

#include "OutboundStore.h"
#include "store/Database.h"

#include <QString>

#include <memory>

// OutboundStore on the console's SQLite file (component "outbound"), on its own connection to
// `databasePath`, opened and migrated at the first call (start-up does not wait for it).
//
// Tables: dnc_entries (one row per listed value), audit_attempts and audit_outcomes (the audit
// log, append-only: triggers make SQLite refuse UPDATE, DELETE and an INSERT that would replace a
// row — README promise O6), outbound_intents (updatable: state, vendor reference, status).
// Every write is one transaction, on disk when it returns Ok (WAL, synchronous=FULL), so a killed
// process loses nothing it reported as saved.
//
// Values are compared as stored: E.164 numbers, lower-case addresses and domains (the store
// lower-cases email addresses and domains itself). An email address is listed by its own entry
// or by an entry for its domain or any parent domain ("example.com" lists a@mail.example.com).
class SqliteOutboundStore : public OutboundStore
{
public:
    // Empty path: Database::defaultPath().
    explicit SqliteOutboundStore(const QString &databasePath = {});
    ~SqliteOutboundStore() override;

    static QString component() { return QStringLiteral("outbound"); }
    static QList<Migration> migrations();

    // Opens and migrates now (otherwise the first call does). Idempotent; after a failure the
    // next call tries again.
    StoreStatus open();
    QString databasePath() const { return m_path; }

    // OutboundStore
    StoreStatus addToDoNotContact(const QList<DncEntry> &entries) override;
    StoreStatus removeFromDoNotContact(const QString &value, const QString &reason,
                                       const QString &removedBy) override;
    std::optional<DncEntry> listedEntry(const Recipient &recipient) override;
    QList<DncEntry> doNotContactEntries() override;
    StoreStatus lastReadStatus() const override { return m_readStatus; }

    StoreStatus appendAttempt(AuditAttempt &attempt) override;
    StoreStatus appendOutcome(AuditOutcome &outcome) override;
    QList<AuditAttempt> attempts(const QDateTime &sinceUtc = {}) override;
    QList<AuditOutcome> outcomes(const QDateTime &sinceUtc = {}) override;
    int attemptsOnDay(const QString &recipient, const QDate &day, const QTimeZone &zone) override;

    StoreStatus saveIntent(const OutboundIntent &intent) override;
    StoreStatus batch(const std::function<StoreStatus()> &work) override;
    StoreStatus updateIntent(const QString &id, OutboundIntent::State state, const QString &vendorRef,
                             const QString &status = {}) override;
    std::optional<OutboundIntent> intent(const QString &id) override;
    std::optional<OutboundIntent> liveIntentWithKey(const QString &dedupeKey) override;
    QList<OutboundIntent> intents(std::optional<Vendor> vendor = std::nullopt) override;

    // The value an entry is stored and compared under: lower-case for addresses and domains
    // (a leading '@' of a domain dropped), as given for numbers.
    static QString normalisedValue(DncEntry::Kind kind, const QString &value);
    // A sentence when the value cannot be listed as `kind` (not E.164, not an address...), else empty.
    static QString valueProblem(DncEntry::Kind kind, const QString &value);
    // valueProblem(), or a missing source; empty when the entry can be added.
    static QString entryProblem(const DncEntry &entry);

private:
    // Opens on first use; for reads it also records the outcome in m_readStatus.
    bool readable();
    StoreStatus insertAttempt(AuditAttempt &attempt);

    QString m_path;
    std::unique_ptr<Database> m_db;
    bool m_ready = false;
    StoreStatus m_readStatus;
};
