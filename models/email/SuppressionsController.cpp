#include "SuppressionsController.h"

#include "core/CursorPager.h"
#include "core/VendorClient.h"
#include "outbound/OutboundStore.h"
#include "outreach2day/Outreach2dayService.h"

#include <QSet>

namespace {
QString normalized(const QString &email)
{
    return email.trimmed().toLower();
}
} // namespace

SuppressionsController::SuppressionsController(Outreach2dayService *service, EmailActivityStore *store,
                                               OutboundStore *dnc, QObject *parent)
    : QObject(parent), m_service(service), m_store(store), m_dnc(dnc)
{ }

void SuppressionsController::refresh()
{
    if (!m_service || m_pager)
        return;
    m_vendorPage.clear();
    CursorPager *pager = m_service->suppressionsPager(this);
    m_pager = pager;
    connect(pager, &CursorPager::page, this, [this](const QList<QJsonObject> &items) {
        for (const QJsonObject &item : items)
            m_vendorPage.append(O2dSuppression::fromJson(item));
    });
    connect(pager, &CursorPager::finished, this, [this, pager](const ApiError &error) {
        pager->deleteLater();
        m_pager = nullptr;
        // Only a complete list says what is no longer at Outreach2day: a partial one mirrors nothing.
        if (!error.isError())
            mirror(m_vendorPage);
        m_vendorPage.clear();
        Q_EMIT changed();
        done(tr("Both lists read."), error);
    });
    pager->start();
}

void SuppressionsController::mirror(const QList<O2dSuppression> &vendor)
{
    using Origin = EmailActivityStore::SuppressionSource;
    const QDateTime at = QDateTime::currentDateTimeUtc();
    QSet<QString> atVendor;
    for (const O2dSuppression &suppression : vendor) {
        const QString email = normalized(suppression.email);
        if (email.isEmpty())
            continue;
        atVendor.insert(email);
        EmailActivityStore::Suppression entry;
        if (const auto known = m_store->suppression(email)) {
            entry = *known;
        } else {
            entry.email = email;
            entry.source = suppression.reason.contains(QLatin1String("unsub"), Qt::CaseInsensitive)
                    ? Origin::Unsubscribe
                    : Origin::Outreach2day;
            entry.reason = suppression.reason;
            entry.createdAt = suppression.createdAt.isValid() ? suppression.createdAt : at;
        }
        entry.atVendor = true;
        entry.removedAtVendor = {};
        if (!entry.inLocalList && !entry.removedLocally.isValid())
            entry.inLocalList = addLocally(email, suppression.reason, mirroredDncSource());
        entry.updatedAt = at;
        m_store->saveSuppression(entry);
    }

    QSet<QString> here;
    QStringList toVendor;
    for (const DncEntry &dnc : m_dnc->doNotContactEntries()) {
        if (dnc.kind != DncEntry::Kind::Email)
            continue;
        const QString email = normalized(dnc.value);
        here.insert(email);
        EmailActivityStore::Suppression entry;
        if (const auto known = m_store->suppression(email)) {
            entry = *known;
        } else {
            entry.email = email;
            entry.source = dnc.source == mirroredDncSource() ? Origin::Outreach2day : Origin::Console;
            entry.reason = dnc.reason;
            entry.createdAt = dnc.addedAt.isValid() ? dnc.addedAt : at;
        }
        entry.inLocalList = true;
        entry.removedLocally = {};
        if (!atVendor.contains(email) && !entry.removedAtVendor.isValid())
            toVendor.append(email);
        entry.updatedAt = at;
        m_store->saveSuppression(entry);
    }

    // Entries that left a list since the last look (removed there, or elsewhere in the console):
    // remembered as removed on that side, so the mirror does not add them back.
    for (EmailActivityStore::Suppression entry : m_store->suppressions()) {
        bool moved = false;
        if (entry.atVendor && !atVendor.contains(entry.email)) {
            entry.atVendor = false;
            entry.removedAtVendor = at;
            moved = true;
        }
        if (entry.inLocalList && !here.contains(entry.email)) {
            entry.inLocalList = false;
            entry.removedLocally = at;
            moved = true;
        }
        if (moved) {
            entry.updatedAt = at;
            m_store->saveSuppression(entry);
        }
    }
    if (!toVendor.isEmpty())
        suppressAtVendor(toVendor, QStringLiteral("console_do_not_contact"));
}

bool SuppressionsController::addLocally(const QString &email, const QString &reason, const QString &source)
{
    DncEntry dnc;
    dnc.kind = DncEntry::Kind::Email;
    dnc.value = email;
    dnc.source = source;
    dnc.reason = reason;
    dnc.addedAt = QDateTime::currentDateTimeUtc();
    dnc.addedBy = source == mirroredDncSource() ? QStringLiteral("outreach2day") : QStringLiteral("console");
    return bool(m_dnc->addToDoNotContact({dnc}));
}

void SuppressionsController::suppressAtVendor(const QStringList &emails, const QString &reason)
{
    ++m_pending;
    m_service->addSuppressions(emails, reason, this, [this, emails](const Result<Done> &result) {
        --m_pending;
        if (result.ok()) {
            for (const QString &email : emails) {
                if (auto entry = m_store->suppression(email)) {
                    entry->atVendor = true;
                    entry->removedAtVendor = {};
                    entry->updatedAt = QDateTime::currentDateTimeUtc();
                    m_store->saveSuppression(*entry);
                }
            }
            Q_EMIT changed();
        }
        done(tr("Suppressed at Outreach2day: %1.").arg(emails.join(QStringLiteral(", "))),
             result.ok() ? ApiError() : result.error());
    });
}

void SuppressionsController::add(const QString &email, const QString &reason)
{
    const QString address = normalized(email);
    if (!address.contains(QLatin1Char('@')) || !m_service)
        return;
    const QDateTime at = QDateTime::currentDateTimeUtc();
    EmailActivityStore::Suppression entry;
    if (const auto known = m_store->suppression(address)) {
        entry = *known;
    } else {
        entry.email = address;
        entry.source = EmailActivityStore::SuppressionSource::Console;
        entry.createdAt = at;
    }
    entry.reason = reason;
    entry.inLocalList = addLocally(address, reason, QStringLiteral("manual")) || entry.inLocalList;
    entry.removedLocally = {};
    entry.updatedAt = at;
    m_store->saveSuppression(entry);
    Q_EMIT changed();
    suppressAtVendor({address}, reason.isEmpty() ? QStringLiteral("manual_suppression") : reason);
}

void SuppressionsController::remove(const QString &email, Side side)
{
    const QString address = normalized(email);
    auto entry = m_store->suppression(address);
    if (!entry)
        return;
    const QDateTime at = QDateTime::currentDateTimeUtc();
    if (side != Side::Outreach2day) {
        m_dnc->removeFromDoNotContact(address, tr("Removed in the Suppressions view"),
                                      QStringLiteral("console"));
        entry->inLocalList = false;
        entry->removedLocally = at;
        entry->updatedAt = at;
        m_store->saveSuppression(*entry);
        Q_EMIT changed();
        if (side == Side::Here)
            done(tr("Removed from the do-not-contact list: %1.").arg(address), ApiError());
    }
    if (side == Side::Here || !m_service)
        return;
    ++m_pending;
    m_service->deleteSuppression(address, this, [this, address](const Result<Done> &result) {
        --m_pending;
        if (result.ok()) {
            if (auto stored = m_store->suppression(address)) {
                stored->atVendor = false;
                stored->removedAtVendor = QDateTime::currentDateTimeUtc();
                stored->updatedAt = stored->removedAtVendor;
                m_store->saveSuppression(*stored);
            }
            Q_EMIT changed();
        }
        done(tr("Removed at Outreach2day: %1.").arg(address), result.ok() ? ApiError() : result.error());
    });
}

void SuppressionsController::askStatus(const QString &email)
{
    const QString address = normalized(email);
    if (address.isEmpty() || !m_service)
        return;
    ++m_pending;
    m_service->suppressionStatus(address, this, [this](const Result<O2dSuppressionStatus> &result) {
        --m_pending;
        if (result.ok())
            Q_EMIT statusAnswered(result.value());
        else
            done(QString(), result.error());
    });
}

void SuppressionsController::done(const QString &what, const ApiError &error)
{
    Q_EMIT finished(what, error);
}

QString SuppressionsController::sourceLabel(EmailActivityStore::SuppressionSource source)
{
    switch (source) {
    case EmailActivityStore::SuppressionSource::Console:
        return tr("Console");
    case EmailActivityStore::SuppressionSource::Outreach2day:
        return tr("Outreach2day");
    case EmailActivityStore::SuppressionSource::Unsubscribe:
        return tr("Unsubscribe");
    }
    return {};
}

RecordSchema SuppressionsController::schema()
{
    return RecordSchema(
            {ColumnSpec::make(ColumnType::Text, QStringLiteral("email"), tr("Email")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("source"), tr("Source")),
             ColumnSpec::make(ColumnType::Text, QStringLiteral("reason"), tr("Reason")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("atVendor"), tr("At Outreach2day")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("here"), tr("Do-not-contact list")),
             ColumnSpec::make(ColumnType::DateTime, QStringLiteral("createdAt"), tr("Added")),
             ColumnSpec::make(ColumnType::DateTime, QStringLiteral("updatedAt"), tr("Last change"))},
            QStringLiteral("email"));
}

RecordTable SuppressionsController::table() const
{
    RecordTable table(schema());
    const QList<EmailActivityStore::Suppression> entries = m_store->suppressions();
    table.reserve(int(entries.size()));
    const auto side = [](bool listed, const QDateTime &removed) {
        return listed ? tr("Listed") : removed.isValid() ? tr("Removed") : tr("Not listed");
    };
    for (const EmailActivityStore::Suppression &entry : entries) {
        const int row = table.appendRow();
        table.setText(row, Email, entry.email);
        table.setText(row, Source, sourceLabel(entry.source));
        table.setText(row, Reason, entry.reason);
        table.setText(row, AtVendor, side(entry.atVendor, entry.removedAtVendor));
        table.setText(row, Here, side(entry.inLocalList, entry.removedLocally));
        if (entry.createdAt.isValid())
            table.setDateTime(row, Added, entry.createdAt.toMSecsSinceEpoch());
        if (entry.updatedAt.isValid())
            table.setDateTime(row, Updated, entry.updatedAt.toMSecsSinceEpoch());
    }
    return table;
}
