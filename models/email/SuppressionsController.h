#pragma once

#include "core/ApiError.h"
#include "core/CursorPager.h" // QPointer<CursorPager> needs the whole type in every includer
#include "email/EmailActivityStore.h"
#include "email/SuppressionSync.h"
#include "outreach2day/Outreach2dayTypes.h"
#include "table/RecordTable.h"

#include <QObject>
#include <QPointer>

class OutboundStore;
class Outreach2dayService;

// Outreach2day's suppression list and the console's do-not-contact list kept in step, without
// widgets. refresh() reads both into the suppression mirror (EmailActivityStore), each entry
// tagged with where it came from first, and mirrors additions both ways: an address suppressed
// at Outreach2day (or unsubscribed) joins the do-not-contact list; an address the operator added
// in the console is suppressed at Outreach2day. Nothing echoes back: a removal is remembered on
// its side and never undone by the mirror. Addresses only (a do-not-contact domain has no
// counterpart at Outreach2day).
class SuppressionsController : public QObject
{
    Q_OBJECT
public:
    SuppressionsController(Outreach2dayService *service, EmailActivityStore *store, OutboundStore *dnc,
                           QObject *parent = nullptr);

    enum class Side { Here, Outreach2day, Both };

    void refresh();
    bool isBusy() const { return m_pending > 0 || m_pager; }
    // Adds an address on both sides (source: console).
    void add(const QString &email, const QString &reason);
    // Removes an address from the do-not-contact list, Outreach2day's list, or both.
    void remove(const QString &email, Side side);
    // GET /campaigns/suppressions/status for any address: statusAnswered.
    void askStatus(const QString &email);

    static RecordSchema schema(); // email (key), source, reason, at Outreach2day, here, added, updated
    enum Column { Email, Source, Reason, AtVendor, Here, Added, Updated };
    RecordTable table() const;
    static QString sourceLabel(EmailActivityStore::SuppressionSource source);

    // The do-not-contact list's source tag of entries mirrored from Outreach2day: SuppressionSync's,
    // so the page and the CLI's `email suppressions sync` recognise each other's entries.
    static QString mirroredDncSource() { return SuppressionSync::suppressionSource(); }

Q_SIGNALS:
    void changed(); // the mirror changed: read table() again
    // The end of an operation, in words for the status line; error kind None when it worked.
    void finished(const QString &what, const ApiError &error);
    void statusAnswered(const O2dSuppressionStatus &status);

private:
    void mirror(const QList<O2dSuppression> &vendor);
    void suppressAtVendor(const QStringList &emails, const QString &reason);
    bool addLocally(const QString &email, const QString &reason, const QString &source);
    void done(const QString &what, const ApiError &error);

    QPointer<Outreach2dayService> m_service;
    EmailActivityStore *m_store;
    OutboundStore *m_dnc;
    QPointer<CursorPager> m_pager;
    QList<O2dSuppression> m_vendorPage; // what the running refresh has read so far
    int m_pending = 0;
};
