#pragma once

#include "outreach2day/Outreach2dayTypes.h"
#include "store/Database.h"
#include "table/RecordTable.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

// What the console sees of running Outreach2day campaigns, in the shared SQLite database
// (component "email_activity", its own migrations): every send retrieved (a million rows per
// campaign, shown by the one table machinery), the contact-changes feed (de-duplicated by
// contact + status + time), reply threads (the API has no endpoint for a thread's messages: what
// was seen is kept, each distinct state of a thread as a snapshot), the suppression mirror with
// the source of each entry, the local side of webhook subscriptions, subsequences and routing
// rules (the API cannot read them back), and the saved cursor of each paged list, for resuming.
//
// Secrets are never stored here: a webhook subscription's secret goes to the keychain; no table
// has a column for it. One transaction per write.
class EmailActivityStore
{
public:
    explicit EmailActivityStore(Database *database);

    static QString component() { return QStringLiteral("email_activity"); }
    static QList<Migration> migrations();

    // --- sends -----------------------------------------------------------------------------
    // Columns of sendSchema(), in order (keys = loader SQL aliases = machine-profile CSV header).
    enum SendColumn {
        SendId, // "id", hidden: the row key
        SentAt, // "sentAt"
        To, // "to"
        Status, // "status"
        Step, // "stepId"
        Mailbox, // "mailboxId"
        Attempts, // "attempts"
        Contact, // "contactId", hidden
        SendColumnCount
    };
    static RecordSchema sendSchema();
    // SELECT for RecordTableLoader, bind value: the campaign id. Newest send first, read
    // backwards off the (campaign_id, sent_at_ms) index; sends not yet sent come last.
    static QString sendsSql();
    // The rows the loader would read back, for merging fresh API pages into a model.
    static RecordTable sendRows(const QList<O2dSend> &sends);
    static void appendSend(RecordTable &table, const O2dSend &send);

    // Upsert by id (a send's status and attempts move on); one transaction per call.
    StoreStatus saveSends(const QList<O2dSend> &sends);
    qint64 sendCount(const QString &campaignId) const;
    // Sends per status, from the store (the dashboard's "sends by status" between stats).
    QMap<QString, qint64> sendStatusCounts(const QString &campaignId) const;

    // --- contact changes ---------------------------------------------------------------------
    // Inserts the changes not seen before (O2dContactChange::key()); `fresh`, when given,
    // receives those, in the order given. Seen ones are left as they are.
    StoreStatus saveChanges(const QString &campaignId, const QList<O2dContactChange> &changes,
                            QList<O2dContactChange> *fresh = nullptr);
    // Oldest first; `since` invalid = all.
    QList<O2dContactChange> changes(const QString &campaignId, const QDateTime &since = {}) const;
    // The latest updatedAt seen for the campaign (the live feed's next updatedSince, less an
    // overlap), invalid when none.
    QDateTime latestChangeAt(const QString &campaignId) const;

    // --- reply threads (the Unibox) -------------------------------------------------------------
    // Upsert by id. A field the new answer leaves out keeps what was seen (a body once read stays
    // readable); each distinct state (latestAt, snippet, body, intent) is kept as a snapshot.
    // `fresh`, when given, receives threads not seen before or that moved (a later latestAt or
    // another intent).
    StoreStatus saveThreads(const QList<O2dThread> &threads, QList<O2dThread> *fresh = nullptr);
    std::optional<O2dThread> thread(const QString &threadId) const;
    // Latest first; `campaignId`/`replyIntent` empty = any.
    QList<O2dThread> threads(const QString &campaignId = {}, const QString &replyIntent = {}) const;
    // Every state of a thread seen, oldest first (raw as then received).
    QList<O2dThread> threadHistory(const QString &threadId) const;

    // --- the suppression mirror --------------------------------------------------------------
    // Where an entry came from first: what the sync mirrors and never echoes back.
    enum class SuppressionSource {
        Console, // added in the console's do-not-contact list
        Outreach2day, // suppressed at Outreach2day (by the operator there, or another tool)
        Unsubscribe, // the contact unsubscribed (seen in the changes feed)
    };
    static QString sourceTag(SuppressionSource source); // "console", "outreach2day", "unsubscribe"
    static std::optional<SuppressionSource> sourceFromTag(const QString &tag);

    struct Suppression
    {
        QString email; // lower case, trimmed: the key
        SuppressionSource source = SuppressionSource::Console;
        QString reason;
        QDateTime createdAt;
        bool atVendor = false; // on Outreach2day's list, as last known
        bool inLocalList = false; // in the console's do-not-contact list, as last known
        QDateTime removedAtVendor; // the operator removed it there: not mirrored back in
        QDateTime removedLocally; // the operator removed it here: not mirrored back in
        QDateTime updatedAt;
    };
    // Upsert by email. The first source stays (so a mirrored entry never turns into an addition
    // of the other side); the other fields are the new ones, except an empty reason or invalid
    // createdAt, which keep what was known.
    StoreStatus saveSuppression(const Suppression &entry);
    std::optional<Suppression> suppression(const QString &email) const;
    QList<Suppression> suppressions() const; // by email
    StoreStatus removeSuppression(const QString &email); // forgets the entry entirely

    // --- webhook subscriptions (local metadata; the secret is in the keychain) ------------------
    struct Hook
    {
        O2dWebhookSubscription subscription; // its `secret` is never written
        QDateTime secretSetAt; // when the current secret was stored in the keychain
        QDateTime graceUntil; // W3: the previous secret is still accepted until then
        QDateTime removedAt; // invalid while it exists at the vendor
    };
    StoreStatus saveHook(const Hook &hook); // upsert by subscription id
    std::optional<Hook> hook(const QString &subscriptionId) const;
    QList<Hook> hooks() const; // newest first, removed ones included
    StoreStatus removeHook(const QString &subscriptionId);

    // --- subsequences and routing (the API cannot read them back) ------------------------------
    StoreStatus saveSubsequence(const O2dSubsequence &subsequence); // upsert by id
    QList<O2dSubsequence> subsequences(const QString &campaignId) const; // as first saved
    // Replaces the campaign's rules; `appliedAt` = when the vendor accepted them (invalid: not yet).
    StoreStatus saveRouting(const QString &campaignId, const O2dRoutingPolicy &policy,
                            const QDateTime &appliedAt);
    O2dRoutingPolicy routing(const QString &campaignId) const;
    QDateTime routingAppliedAt(const QString &campaignId) const;

    // --- saved cursors, for resuming a paged list after a restart ------------------------------
    // `list` names the list ("sends", "changes", "suppressions", "events", "deliveries"), `scope`
    // what it is of (a campaign or subscription id; empty for workspace-wide lists).
    StoreStatus saveCursor(const QString &list, const QString &scope, const QString &cursor); // empty = clear
    QString cursor(const QString &list, const QString &scope = {}) const; // empty when none

    // Forgets everything kept for a campaign (sends, changes, threads, subsequences, routing and
    // its cursors).
    StoreStatus removeCampaign(const QString &campaignId);

    Database *database() const { return m_db; }

private:
    Database *m_db;
};
