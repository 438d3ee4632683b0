#include "SuppressionSync.h"

#include "core/CursorPager.h"
#include "core/VendorClient.h"
#include "outbound/OutboundStore.h"
#include "outreach2day/Outreach2dayService.h"

#include <QHash>
#include <QTimer>

namespace {

using Source = EmailActivityStore::SuppressionSource;

QString normalized(const QString &email)
{
    return email.trimmed().toLower();
}

bool looksLikeUnsubscribe(const QString &reason)
{
    return reason.contains(QLatin1String("unsub"), Qt::CaseInsensitive);
}

// A do-not-contact entry that came from Outreach2day in the first place: never pushed back.
bool cameFromOutreach2day(const DncEntry &entry)
{
    return entry.source == SuppressionSync::suppressionSource() ||
            entry.source == SuppressionSync::unsubscribeSource();
}

EmailActivityStore::Suppression newEntry(const QString &email, Source source)
{
    EmailActivityStore::Suppression entry;
    entry.email = email;
    entry.source = source;
    return entry;
}

// Where a do-not-contact entry the mirror does not know yet came from.
Source originOf(const DncEntry &entry)
{
    if (entry.source == SuppressionSync::unsubscribeSource())
        return Source::Unsubscribe;
    if (entry.source == SuppressionSync::suppressionSource())
        return Source::Outreach2day;
    return Source::Console;
}

// The mirror's sides or reason moved (what the "last change" time is about).
bool moved(const EmailActivityStore::Suppression &before, const EmailActivityStore::Suppression &after)
{
    return before.atVendor != after.atVendor || before.inLocalList != after.inLocalList ||
            before.removedAtVendor != after.removedAtVendor ||
            before.removedLocally != after.removedLocally ||
            (!after.reason.isEmpty() && before.reason != after.reason);
}

// The do-not-contact entry this sync adds for `email`.
DncEntry listEntry(const QString &email, const QString &source, const QString &reason)
{
    DncEntry entry;
    entry.kind = DncEntry::Kind::Email;
    entry.value = email;
    entry.source = source;
    entry.reason = reason;
    entry.addedAt = QDateTime::currentDateTimeUtc();
    entry.addedBy =
            source == SuppressionSync::manualSource() ? localOperatorName() : QStringLiteral("Outreach2day");
    return entry;
}

ApiError notConfigured()
{
    return ApiError::local(Vendor::Outreach2day, QStringLiteral("not_configured"),
                           SuppressionSync::tr("Outreach2day is not set up."));
}

} // namespace

SuppressionSync::SuppressionSync(Outreach2dayService *service, EmailActivityStore *store,
                                 OutboundStore *outbound, QObject *parent)
    : QObject(parent), m_service(service), m_store(store), m_outbound(outbound)
{ }

std::optional<SuppressionSync::Side> SuppressionSync::sideFromId(const QString &id)
{
    if (id == QLatin1String("console") || id == QLatin1String("local"))
        return Side::Console;
    if (id == QLatin1String("outreach2day") || id == QLatin1String("vendor"))
        return Side::Outreach2day;
    if (id == QLatin1String("both"))
        return Side::Both;
    return std::nullopt;
}

void SuppressionSync::sync()
{
    if (m_busy || !m_service)
        return;
    m_busy = true;
    m_summary = Summary();
    m_vendor.clear();
    Q_EMIT progress(tr("Reading Outreach2day's suppression list…"));
    m_pager = m_service->suppressionsPager(this);
    connect(m_pager, &CursorPager::page, this, [this](const QList<QJsonObject> &items) {
        for (const QJsonObject &item : items) {
            const O2dSuppression suppression = O2dSuppression::fromJson(item);
            if (!suppression.email.isEmpty())
                m_vendor.insert(normalized(suppression.email), suppression);
        }
    });
    connect(m_pager, &CursorPager::finished, this, [this](const ApiError &error) {
        sender()->deleteLater();
        m_pager = nullptr;
        if (error.isError())
            return finishSync(error);
        vendorListed();
    });
    m_pager->start();
}

void SuppressionSync::cancel()
{
    if (m_pager)
        m_pager->cancel();
}

bool SuppressionSync::listsAddress(const QString &email) const
{
    // The address itself: a listed domain is not the mirror's business.
    const std::optional<DncEntry> entry = m_outbound->listedEntry(Recipient::email(email));
    return entry && entry->kind == DncEntry::Kind::Email;
}

void SuppressionSync::saveMirror(EmailActivityStore::Suppression entry)
{
    const std::optional<EmailActivityStore::Suppression> known = m_store->suppression(entry.email);
    if (known && !moved(*known, entry))
        return;
    entry.updatedAt = QDateTime(); // stamped now by the store: when the entry last moved
    m_store->saveSuppression(entry);
}

bool SuppressionSync::addLocally(const QString &email, const QString &source, const QString &reason,
                                 Source mirrorSource, ApiError *error)
{
    const StoreStatus added = m_outbound->addToDoNotContact({listEntry(email, source, reason)});
    if (!added.ok()) {
        *error = added.toApiError(Vendor::Outreach2day);
        return false;
    }
    EmailActivityStore::Suppression mirror =
            m_store->suppression(email).value_or(newEntry(email, mirrorSource));
    mirror.inLocalList = true;
    mirror.removedLocally = QDateTime();
    if (mirror.reason.isEmpty())
        mirror.reason = reason;
    saveMirror(mirror);
    return true;
}

void SuppressionSync::vendorListed()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<DncEntry> entries = m_outbound->doNotContactEntries();
    if (!m_outbound->lastReadStatus().ok())
        return finishSync(m_outbound->lastReadStatus().toApiError(Vendor::Outreach2day));
    QHash<QString, DncEntry> local;
    for (const DncEntry &entry : entries) {
        if (entry.kind == DncEntry::Kind::Email)
            local.insert(normalized(entry.value), entry);
    }
    QHash<QString, EmailActivityStore::Suppression> before;
    for (const EmailActivityStore::Suppression &entry : m_store->suppressions())
        before.insert(entry.email, entry);
    // The round is worked out in memory, then written in two commits (the list, then the
    // mirror): a first round over a long list would otherwise commit each address on its own,
    // a synchronous disk write each.
    QHash<QString, EmailActivityStore::Suppression> mirror = before;

    // Removals made outside the console since the last round: they stay on their side.
    for (EmailActivityStore::Suppression &entry : mirror) {
        if (entry.inLocalList && !local.contains(entry.email)) {
            entry.inLocalList = false;
            entry.removedLocally = now;
            m_summary.removedLocally.append(entry.email);
        }
        if (entry.atVendor && !m_vendor.contains(entry.email)) {
            entry.atVendor = false;
            entry.removedAtVendor = now;
            m_summary.removedAtVendor.append(entry.email);
        }
    }

    // Outreach2day → the do-not-contact list.
    QList<DncEntry> toList;
    for (auto it = m_vendor.constBegin(); it != m_vendor.constEnd(); ++it) {
        const QString &email = it.key();
        const O2dSuppression &suppression = it.value();
        const bool unsubscribed = looksLikeUnsubscribe(suppression.reason);
        EmailActivityStore::Suppression entry = mirror.value(
                email, newEntry(email, unsubscribed ? Source::Unsubscribe : Source::Outreach2day));
        entry.atVendor = true;
        entry.removedAtVendor = QDateTime(); // (again) on Outreach2day's list
        if (entry.reason.isEmpty())
            entry.reason = suppression.reason;
        if (!entry.createdAt.isValid())
            entry.createdAt = suppression.createdAt;
        if (local.contains(email)) {
            entry.inLocalList = true;
            entry.removedLocally = QDateTime();
        } else if (!entry.removedLocally.isValid()) {
            toList.append(listEntry(email, unsubscribed ? unsubscribeSource() : suppressionSource(),
                                    suppression.reason.isEmpty() ? QStringLiteral("outreach2day_suppression")
                                                                 : suppression.reason));
            entry.inLocalList = true;
            m_summary.addedLocally.append(email);
        }
        mirror.insert(email, entry);
    }

    // The do-not-contact list → Outreach2day: the console's own additions only.
    QStringList toPush;
    for (auto it = local.constBegin(); it != local.constEnd(); ++it) {
        const QString &email = it.key();
        if (m_vendor.contains(email))
            continue;
        EmailActivityStore::Suppression entry = mirror.value(email, newEntry(email, originOf(it.value())));
        entry.inLocalList = true;
        entry.removedLocally = QDateTime();
        if (entry.reason.isEmpty())
            entry.reason = it.value().reason;
        if (!entry.createdAt.isValid())
            entry.createdAt = it.value().addedAt;
        mirror.insert(email, entry);
        if (entry.removedAtVendor.isValid() || entry.source != Source::Console ||
            cameFromOutreach2day(it.value()))
            continue; // removed there by the operator, or it came from there: no echo
        toPush.append(email);
    }

    // The list first, all or nothing: a mirror entry never says listed for an address that is not.
    if (!toList.isEmpty()) {
        if (const StoreStatus listed = m_outbound->addToDoNotContact(toList); !listed.ok())
            return finishSync(listed.toApiError(Vendor::Outreach2day));
    }
    const StoreStatus saved = m_store->database()->transaction([&]() -> StoreStatus {
        for (auto it = mirror.constBegin(); it != mirror.constEnd(); ++it) {
            const auto known = before.constFind(it.key());
            if (known != before.constEnd() && !moved(*known, *it))
                continue;
            EmailActivityStore::Suppression entry = *it;
            entry.updatedAt = QDateTime(); // stamped now by the store: when the entry last moved
            if (const StoreStatus s = m_store->saveSuppression(entry); !s.ok())
                return s;
        }
        return StoreStatus();
    });
    if (!saved.ok())
        return finishSync(saved.toApiError(Vendor::Outreach2day));
    toPush.sort();
    pushToVendor(toPush);
}

void SuppressionSync::pushToVendor(const QStringList &emails)
{
    if (emails.isEmpty() || !m_service)
        return finishSync(ApiError());
    Q_EMIT progress(tr("Suppressing %n address(es) at Outreach2day…", nullptr, int(emails.size())));
    m_service->addSuppressions(emails, consoleReason(), this, [this, emails](const Result<Done> &r) {
        if (!r.ok())
            return finishSync(r.error());
        for (const QString &email : emails) {
            EmailActivityStore::Suppression entry =
                    m_store->suppression(email).value_or(newEntry(email, Source::Console));
            entry.atVendor = true;
            saveMirror(entry);
        }
        m_summary.suppressedAtVendor = emails;
        finishSync(ApiError());
    });
}

void SuppressionSync::finishSync(const ApiError &error)
{
    m_busy = false;
    m_summary.addedLocally.sort();
    Q_EMIT changed(); // even a round that failed half-way may have mirrored some
    Q_EMIT synced(error, m_summary);
}

void SuppressionSync::add(const QStringList &addresses, const QString &reason)
{
    QStringList emails;
    for (const QString &address : addresses) {
        const QString email = normalized(address);
        if (!email.isEmpty() && !emails.contains(email))
            emails.append(email);
    }
    const auto answer = [this, emails](const ApiError &error) {
        // From the event loop, as the vendor's answer comes (never re-entrantly).
        QTimer::singleShot(0, this, [this, emails, error] { Q_EMIT added(error, emails); });
    };
    if (!m_service)
        return answer(notConfigured());
    for (const QString &address : addresses) {
        if (!normalized(address).contains(QLatin1Char('@')))
            return answer(ApiError::local(Vendor::Outreach2day, QStringLiteral("invalid_email"),
                                          tr("\"%1\" is not an email address.").arg(address.trimmed())));
    }
    if (emails.isEmpty())
        return answer(ApiError::local(Vendor::Outreach2day, QStringLiteral("invalid_email"),
                                      tr("Type an email address to add.")));
    // Listed here at once (an entry already listed stays as it was); an explicit addition undoes
    // an earlier removal here.
    for (const QString &email : std::as_const(emails)) {
        ApiError error;
        if (!addLocally(email, manualSource(), reason, Source::Console, &error))
            return answer(error);
    }
    Q_EMIT changed();
    m_service->addSuppressions(
            emails, reason.isEmpty() ? manualReason() : reason, this, [this, emails](const Result<Done> &r) {
                if (r.ok()) {
                    for (const QString &email : emails) {
                        EmailActivityStore::Suppression entry =
                                m_store->suppression(email).value_or(newEntry(email, Source::Console));
                        entry.atVendor = true;
                        entry.removedAtVendor = QDateTime();
                        saveMirror(entry);
                    }
                    Q_EMIT changed();
                }
                Q_EMIT added(r.ok() ? ApiError() : r.error(), emails);
            });
}

Result<QStringList> SuppressionSync::takeUnsubscribes(const QList<O2dContactChange> &changes)
{
    // A first poll may bring a long history: the new entries go into the list in one commit and
    // the mirror in one transaction, as a sync round does.
    QStringList listed;
    QList<DncEntry> toList;
    QList<EmailActivityStore::Suppression> mirror;
    QSet<QString> seen;
    for (const O2dContactChange &change : changes) {
        if (change.status != QLatin1String("unsubscribed") || change.email.isEmpty())
            continue;
        const QString email = normalized(change.email);
        if (seen.contains(email))
            continue;
        seen.insert(email);
        const std::optional<EmailActivityStore::Suppression> known = m_store->suppression(email);
        if (known && known->removedLocally.isValid())
            continue; // the operator took it off the list here: it stays off
        EmailActivityStore::Suppression entry = known.value_or(newEntry(email, Source::Unsubscribe));
        entry.inLocalList = true;
        if (!listsAddress(email)) {
            toList.append(listEntry(email, unsubscribeSource(), QStringLiteral("unsubscribed")));
            if (entry.reason.isEmpty())
                entry.reason = QStringLiteral("unsubscribed");
            listed.append(email);
        }
        mirror.append(entry);
    }
    if (!toList.isEmpty()) {
        if (const StoreStatus added = m_outbound->addToDoNotContact(toList); !added.ok())
            return added.toApiError(Vendor::Outreach2day);
    }
    const StoreStatus saved = m_store->database()->transaction([&]() -> StoreStatus {
        for (const EmailActivityStore::Suppression &entry : std::as_const(mirror))
            saveMirror(entry);
        return StoreStatus();
    });
    if (!listed.isEmpty())
        Q_EMIT changed();
    if (!saved.ok())
        return saved.toApiError(Vendor::Outreach2day);
    return listed;
}

void SuppressionSync::removeLocally(const QString &email, Side side)
{
    ApiError error;
    if (listsAddress(email)) {
        const StoreStatus removed = m_outbound->removeFromDoNotContact(
                email, tr("Removed from the do-not-contact list by the operator"), localOperatorName());
        if (!removed.ok())
            error = removed.toApiError(Vendor::Outreach2day);
    }
    if (!error.isError()) {
        if (side == Side::Both) {
            m_store->removeSuppression(email);
        } else {
            EmailActivityStore::Suppression entry =
                    m_store->suppression(email).value_or(newEntry(email, Source::Console));
            entry.inLocalList = false;
            entry.removedLocally = QDateTime::currentDateTimeUtc();
            saveMirror(entry);
        }
        Q_EMIT changed();
    }
    Q_EMIT removed(error, email, side);
}

void SuppressionSync::remove(const QString &address, Side side)
{
    const QString email = normalized(address);
    if (side == Side::Console) {
        // Answers from the event loop, as the vendor's side does (never re-entrantly).
        QTimer::singleShot(0, this, [this, email, side] { removeLocally(email, side); });
        return;
    }
    if (!m_service) {
        QTimer::singleShot(0, this, [this, email, side] { Q_EMIT removed(notConfigured(), email, side); });
        return;
    }
    m_service->deleteSuppression(email, this, [this, email, side](const Result<Done> &r) {
        // Not on Outreach2day's list (404) is the state the operator asked for.
        if (!r.ok() && r.error().httpStatus != 404) {
            Q_EMIT removed(r.error(), email, side);
            return;
        }
        if (side == Side::Both)
            return removeLocally(email, side);
        EmailActivityStore::Suppression entry =
                m_store->suppression(email).value_or(newEntry(email, Source::Outreach2day));
        entry.atVendor = false;
        entry.removedAtVendor = QDateTime::currentDateTimeUtc();
        saveMirror(entry);
        Q_EMIT changed();
        Q_EMIT removed(ApiError(), email, side);
    });
}

void SuppressionSync::status(const QString &address)
{
    const QString email = normalized(address);
    Status status;
    status.email = email;
    status.local = m_outbound->listedEntry(Recipient::email(email));
    status.mirror = m_store->suppression(email);
    if (!m_service) {
        QTimer::singleShot(0, this, [this, status] { Q_EMIT statusReady(notConfigured(), status); });
        return;
    }
    m_service->suppressionStatus(email, this, [this, status](const Result<O2dSuppressionStatus> &r) mutable {
        if (r.ok())
            status.vendor = r.value();
        Q_EMIT statusReady(r.ok() ? ApiError() : r.error(), status);
    });
}
