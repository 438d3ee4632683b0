#pragma once

#include "EmailActivityStore.h"
#include "core/ApiError.h"
#include "core/Result.h"
#include "outbound/OutboundTypes.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

class CursorPager;
class OutboundStore;
class Outreach2dayService;

// The one mechanism that keeps Outreach2day's suppression list and the console's do-not-contact
// list in step (the Suppressions view, the live feed's unsubscribes and the CLI all use it) by
// mirroring additions both ways. Each address has one mirror entry (EmailActivityStore) that
// remembers where it came from first (console, outreach2day, unsubscribe) and on which side it is
// known to be, so nothing echoes back: an address suppressed at Outreach2day (or unsubscribed)
// lands in the do-not-contact list; an address added to the do-not-contact list is suppressed at
// Outreach2day. A removal stays on the side where the operator made it (here through remove(),
// or in either list by other means: an address that was on a side and is gone from it was removed
// there), unless remove() is asked for both sides. Domain entries of the do-not-contact list are
// not mirrored: Outreach2day suppresses addresses only (launch suppresses a domain's contacts one
// by one, CampaignLauncher).
//
// Every operation answers with its own signal (error kind None when it worked); changed() follows
// anything that altered the mirror or the do-not-contact list, so a view re-reads its table.
class SuppressionSync : public QObject
{
    Q_OBJECT
public:
    enum class Side { Console, Outreach2day, Both };

    // Do-not-contact sources of the entries this sync adds.
    static QString suppressionSource() { return QStringLiteral("outreach2day_suppression"); }
    static QString unsubscribeSource() { return QStringLiteral("outreach2day_unsubscribe"); }
    // The do-not-contact source of an address the operator added through add().
    static QString manualSource() { return QStringLiteral("manual"); }
    // The reason sent with addresses suppressed at Outreach2day from the console's list.
    static QString consoleReason() { return QStringLiteral("console_do_not_contact"); }
    // The reason sent by add() when the operator gave none.
    static QString manualReason() { return QStringLiteral("manual_suppression"); }

    struct Summary
    {
        QStringList addedLocally; // from Outreach2day (suppressions, unsubscribes) into the list
        QStringList suppressedAtVendor; // from the list to Outreach2day
        QStringList removedAtVendor; // seen gone at Outreach2day: not mirrored back in
        QStringList removedLocally; // seen gone from the list: not mirrored back in
    };

    struct Status
    {
        QString email;
        O2dSuppressionStatus vendor; // Outreach2day's answer
        std::optional<DncEntry> local; // the do-not-contact entry that lists it (address or domain)
        std::optional<EmailActivityStore::Suppression> mirror;
    };

    SuppressionSync(Outreach2dayService *service, EmailActivityStore *store, OutboundStore *outbound,
                    QObject *parent = nullptr);

    // One round both ways: reads Outreach2day's whole list (the pager), then the local list;
    // answers synced(). Ignored while a round runs (isRunning()).
    void sync();
    // The operator adds `emails` on both sides (source: console): listed here at once, then
    // suppressed at Outreach2day in one bulk request with `reason` (manualReason() when empty);
    // answers added(). One address that is not one refuses them all, before anything is listed.
    void add(const QStringList &emails, const QString &reason);
    // Unsubscribes seen in a campaign's changes feed (connect LiveFeed::changesArrived here) go
    // into the do-not-contact list at once, tagged unsubscribeSource(), unless the operator removed
    // them here. Returns the addresses it newly listed (changed() follows when there are any), or
    // the store's error. Other statuses are ignored, so the whole feed can be passed.
    Result<QStringList> takeUnsubscribes(const QList<O2dContactChange> &changes);
    // Removes `email` on `side` (Both: both, and the mirror forgets it); answers removed().
    void remove(const QString &email, Side side);
    // Outreach2day's status of `email`, with the local entry and the mirror's; answers statusReady().
    void status(const QString &email);
    void cancel();
    bool isRunning() const { return m_busy; }

    static std::optional<Side> sideFromId(const QString &id); // "console", "outreach2day", "both"

Q_SIGNALS:
    void progress(const QString &what);
    void changed(); // the mirror or the do-not-contact list changed
    void synced(const ApiError &error, const SuppressionSync::Summary &summary);
    void added(const ApiError &error, const QStringList &emails);
    void removed(const ApiError &error, const QString &email, SuppressionSync::Side side);
    void statusReady(const ApiError &error, const SuppressionSync::Status &status);

private:
    void vendorListed();
    void pushToVendor(const QStringList &emails);
    void finishSync(const ApiError &error);
    bool addLocally(const QString &email, const QString &source, const QString &reason,
                    EmailActivityStore::SuppressionSource mirrorSource, ApiError *error);
    void removeLocally(const QString &email, Side side);
    void saveMirror(EmailActivityStore::Suppression entry); // stamped when its sides moved
    bool listsAddress(const QString &email) const; // the do-not-contact list has this address

    QPointer<Outreach2dayService> m_service;
    EmailActivityStore *m_store;
    OutboundStore *m_outbound;
    QPointer<CursorPager> m_pager;
    QHash<QString, O2dSuppression> m_vendor; // Outreach2day's list, by address (this round)
    Summary m_summary;
    bool m_busy = false;
};

Q_DECLARE_METATYPE(SuppressionSync::Summary)
Q_DECLARE_METATYPE(SuppressionSync::Status)
