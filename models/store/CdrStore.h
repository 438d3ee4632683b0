#pragma once

#include "store/Database.h"
#include "table/RecordTable.h"
#include "unlimcall/UnlimCallTypes.h"

#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

// The Calls & costs page's memory (component "unlimcall" of the shared database): every call
// record retrieved, so history older than the API's reach stays available offline; which stretches
// of time are known complete (so a refresh fetches only what is new); the SIP lines, the last
// balance and the console's own list of webhook subscriptions (the API has none). Secrets are
// never stored here: a hook's signing secret goes to the keychain.
//
// The loader SQL aliases the table columns to the schema keys, so the store, the table model, the
// CSV exporter and the CLI share one set of column keys.
class CdrStore
{
public:
    using Interval = QPair<qint64, qint64>; // [from, till) in UTC msecs

    // Columns of cdrSchema(), in order.
    enum Column {
        Id,
        StartTime,
        Duration,
        Billsec,
        Src,
        Dst,
        Disposition,
        SipUsername,
        Cost, // sellPriceCents, Money in the row's currency
        Currency,
        Country,
        Did,
        ColumnCount
    };

    explicit CdrStore(Database *database);

    static QString component() { return QStringLiteral("unlimcall"); }
    static QList<Migration> migrations();

    // --- what the table shows (keys = loader SQL aliases = machine-profile CSV header)
    static RecordSchema cdrSchema();
    // SELECT for RecordTableLoader, bind values: fromMs, tillMs.
    static QString cdrsSql();
    // The same rows the loader would read back, for merging fresh API records into a model.
    static RecordTable cdrRows(const QList<UnlimCall::Cdr> &cdrs);
    static void appendCdr(RecordTable &table, const UnlimCall::Cdr &cdr);

    // --- call records (one transaction per call)
    StoreStatus saveCdrs(const QList<UnlimCall::Cdr> &cdrs);
    qint64 cdrCount(qint64 fromMs, qint64 tillMs) const;
    qint64 cdrCount() const;

    // --- completeness: stretches of time whose records are all stored
    StoreStatus addCoverage(const QList<Interval> &intervals);
    QList<Interval> coverage() const;
    // Parts of [fromMs, tillMs) not covered.
    QList<Interval> missing(qint64 fromMs, qint64 tillMs) const;
    // Pure helpers (tested on their own).
    static QList<Interval> merged(QList<Interval> intervals);
    static QList<Interval> subtract(const Interval &window, const QList<Interval> &covered);

    // --- SIP lines and the last balance (shown while offline)
    StoreStatus saveAgents(const QList<UnlimCall::Agent> &agents);
    QList<UnlimCall::Agent> agents() const;
    StoreStatus saveBalance(const UnlimCall::Balance &balance, const QDateTime &fetchedAt);
    std::optional<QPair<UnlimCall::Balance, QDateTime>> balance() const;

    // --- webhook subscriptions the console made
    struct Hook
    {
        QString id;
        QString event;
        QString targetUrl;
        QDateTime createdAt;
        QDateTime removedAt; // invalid while active
        bool isActive() const { return !removedAt.isValid(); }
    };
    StoreStatus saveHook(const Hook &hook);
    StoreStatus markHookRemoved(const QString &id, const QDateTime &when);
    QList<Hook> hooks() const;

    Database *database() const { return m_db; }

private:
    Database *m_db;
};
