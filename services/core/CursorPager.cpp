#include "CursorPager.h"

#include "VendorClient.h"

#include <QJsonArray>
#include <QTimer>

namespace {

// The next cursor of an answer: `next_cursor` as documented, `nextCursor` too; a number is read
// as its digits. Empty at the end (missing, null or "").
QString nextCursorOf(const QJsonObject &answer)
{
    for (const char *key : {"next_cursor", "nextCursor"}) {
        const QJsonValue value = answer.value(QLatin1String(key));
        if (value.isString() && !value.toString().isEmpty())
            return value.toString();
        if (value.isDouble())
            return QString::number(value.toDouble(), 'g', 17);
    }
    return {};
}

} // namespace

CursorPager::CursorPager(VendorClient *client, Spec spec, QObject *parent)
    : QObject(parent), m_client(client), m_spec(std::move(spec))
{ }

CursorPager::~CursorPager()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void CursorPager::start(const QString &resumeCursor)
{
    if (m_running)
        cancel();
    ++m_run;
    m_held.reset();
    m_handingOver = false;
    m_cursorsSeen.clear();
    m_keysSeen.clear();
    m_fetched = 0;
    m_pages = 0;
    m_nextCursor = resumeCursor;
    m_running = true;
    if (!m_client || m_spec.refusal.isError()) {
        const ApiError refusal = m_spec.refusal.isError()
                ? m_spec.refusal
                : ApiError::local(Vendor::Outreach2day, QStringLiteral("not_configured"),
                                  tr("The connection to the vendor is gone, so %1 could not be read.")
                                          .arg(m_spec.what));
        // Queued like an answer, so a caller connects before it hears of the end.
        QTimer::singleShot(0, this, [this, refusal] {
            if (m_running)
                finish(refusal);
        });
        return;
    }
    request(resumeCursor);
}

void CursorPager::cancel()
{
    if (!m_running)
        return;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply = nullptr;
    }
    ApiError cancelled = ApiError::local(m_client ? m_client->vendor() : Vendor::Outreach2day,
                                         QStringLiteral("cancelled"), tr("Cancelled."));
    cancelled.kind = ApiError::Kind::Cancelled;
    finish(cancelled);
}

void CursorPager::request(const QString &cursor)
{
    ApiCall call = m_spec.firstPage;
    call.query.removeAllQueryItems(cursorParameter());
    if (!cursor.isEmpty()) {
        call.query.addQueryItem(cursorParameter(), cursor);
        m_cursorsSeen.insert(cursor);
    }
    m_reply = m_client->send(call, this, [this, cursor](const ApiResponse &response) {
        m_reply = nullptr;
        if (!m_running)
            return;
        if (m_handingOver) {
            // A receiver ran an event loop while it had the previous page: this answer waits
            // until that page is handed over, so pages never arrive inside one another.
            m_held = HeldAnswer{cursor, response};
            return;
        }
        onResponse(cursor, response);
    });
}

void CursorPager::onResponse(const QString &cursor, const ApiResponse &response)
{
    if (!response.ok()) {
        finish(response.error); // nextCursor() stays the failed page's: resume from it
        return;
    }
    // A bare array is a whole list on one page (nothing to follow).
    if (response.json.isArray()) {
        onAnswer(cursor, QJsonObject{{QStringLiteral("items"), response.json.array()}});
        return;
    }
    onAnswer(cursor, response.object());
}

void CursorPager::onAnswer(const QString &cursor, const QJsonObject &answer)
{
    ++m_pages;
    const Vendor vendor = m_client ? m_client->vendor() : Vendor::Outreach2day;
    // "items" as documented; "data" is read too, as the service reads its plain lists.
    QJsonValue itemsValue = answer.value(QLatin1String("items"));
    if (!itemsValue.isArray())
        itemsValue = answer.value(QLatin1String("data"));
    if (!itemsValue.isArray()) {
        finish(ApiError::malformed(vendor, tr("a page of %1 (it has no \"items\" list)").arg(m_spec.what)));
        return;
    }
    const QJsonArray items = itemsValue.toArray();
    QList<QJsonObject> fresh;
    fresh.reserve(items.size());
    for (const QJsonValue &value : items) {
        const QJsonObject item = value.toObject();
        const QString key = m_spec.key ? m_spec.key(item) : QString();
        if (!key.isEmpty()) {
            if (m_keysSeen.contains(key))
                continue;
            m_keysSeen.insert(key);
        }
        fresh.append(item);
    }
    m_fetched += int(fresh.size());

    const QString next = nextCursorOf(answer);
    const bool repeated = !next.isEmpty() && (next == cursor || m_cursorsSeen.contains(next));
    const bool stalled = !next.isEmpty() && !repeated && fresh.isEmpty();
    if (!repeated && !stalled)
        m_nextCursor = next;

    // The next page is asked for before this one is handed over: what a receiver does with a
    // page (store it, show it) then overlaps the wait for the next answer instead of adding to
    // it. A cursor cannot be followed in parallel, so this is all the overlap there is.
    const bool more = !repeated && !stalled && !next.isEmpty();
    if (more)
        request(next);

    // What this page brought is handed over even when the run ends here: it is new and valid.
    const QPointer<CursorPager> alive(this);
    const int run = m_run;
    m_handingOver = true;
    Q_EMIT page(fresh, m_nextCursor);
    if (!alive)
        return; // deleted by a receiver (the request in flight is aborted with it)
    m_handingOver = false;
    if (!m_running || m_run != run)
        return; // cancelled or restarted by a receiver

    if (more) {
        if (m_held) {
            const HeldAnswer held = std::move(*m_held);
            m_held.reset();
            onResponse(held.cursor, held.response);
        }
        return;
    }

    if (repeated) {
        finish(ApiError::local(
                vendor, QStringLiteral("cursor_repeated"),
                tr("%1 sent a page cursor for %2 that it had already sent, after %3 pages. The console "
                   "stopped there instead of reading the same pages forever; the %4 items read so far are "
                   "kept. Try again later, and report it to %1 if it persists.")
                        .arg(Vendors::displayName(vendor), m_spec.what)
                        .arg(m_pages)
                        .arg(m_fetched)));
        return;
    }
    if (stalled) {
        finish(ApiError::local(
                vendor, QStringLiteral("no_progress"),
                tr("%1 answered a page of %2 with no new item but pointed to yet another page (after %3 "
                   "pages). The console stopped there instead of paging without end; the %4 items read "
                   "so far are kept. Try again later, and report it to %1 if it persists.")
                        .arg(Vendors::displayName(vendor), m_spec.what)
                        .arg(m_pages)
                        .arg(m_fetched)));
        return;
    }
    finish(ApiError()); // the last page
}

void CursorPager::finish(const ApiError &error)
{
    m_running = false;
    m_reply = nullptr;
    m_held.reset();
    if (error.kind == ApiError::Kind::None)
        m_nextCursor.clear();
    Q_EMIT finished(error);
}
