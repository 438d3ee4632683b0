#include "SendsSync.h"

#include "EmailActivityStore.h"
#include "core/CursorPager.h"
#include "core/VendorClient.h"
#include "outreach2day/Outreach2dayService.h"

#include <QTimer>

SendsSync::SendsSync(Outreach2dayService *service, EmailActivityStore *store, QObject *parent)
    : QObject(parent), m_service(service), m_store(store)
{ }

void SendsSync::start(const QString &campaignId, bool resume)
{
    if (m_pager)
        return;
    m_campaignId = campaignId;
    m_fetched = 0;
    m_pages = 0;
    const QString saved = resume ? m_store->cursor(cursorList(), campaignId) : QString();
    m_resumed = !saved.isEmpty();
    run(saved);
}

void SendsSync::cancel()
{
    if (m_pager)
        m_pager->cancel();
}

void SendsSync::run(const QString &cursor)
{
    if (!m_service) {
        QTimer::singleShot(0, this, [this] {
            Q_EMIT finished(ApiError::local(Vendor::Outreach2day, QStringLiteral("not_configured"),
                                            tr("Outreach2day is not set up.")),
                            0);
        });
        return;
    }
    m_pager = m_service->sendsPager(m_campaignId, this);
    connect(m_pager, &CursorPager::page, this, [this](const QList<QJsonObject> &items, const QString &next) {
        QList<O2dSend> sends;
        sends.reserve(items.size());
        for (const QJsonObject &item : items)
            sends.append(O2dSend::fromJson(item));
        const StoreStatus saved = m_store->saveSends(sends);
        if (!saved.ok()) {
            // finished(), which cancel() reports at once, reads the store's error instead of Cancelled.
            CursorPager *pager = m_pager;
            pager->setProperty("storeError", saved.summary());
            pager->cancel();
            return;
        }
        // The page is on disk: a resume may start after it (an empty cursor = the end, below).
        if (!next.isEmpty())
            m_store->saveCursor(cursorList(), m_campaignId, next);
        m_fetched += sends.size();
        ++m_pages;
        Q_EMIT progress(m_fetched, m_pages);
    });
    connect(m_pager, &CursorPager::finished, this, [this, cursor](const ApiError &result) {
        CursorPager *pager = m_pager;
        m_pager = nullptr;
        pager->deleteLater();
        ApiError error = result;
        const QString storeError = pager->property("storeError").toString();
        if (!storeError.isEmpty())
            error = ApiError::local(Vendor::Outreach2day, QStringLiteral("store_error"), storeError);
        // A stale saved cursor: start over from the first page (sends are upserted by id).
        if (!cursor.isEmpty() && pager->pages() == 0 && error.kind == ApiError::Kind::Vendor &&
            error.httpStatus >= 400 && error.httpStatus < 500 && !error.isAuthFailure() &&
            !error.isRateLimit()) {
            m_store->saveCursor(cursorList(), m_campaignId, QString());
            run(QString());
            return;
        }
        if (!error.isError())
            m_store->saveCursor(cursorList(), m_campaignId, QString()); // complete: next run starts over
        Q_EMIT finished(error, m_fetched);
    });
    m_pager->start(cursor);
}
