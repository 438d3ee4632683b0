#pragma once

#include "ApiCall.h"
#include "ApiError.h"
#include "VendorClient.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>

// The one cursor pager (README promises P1, P2): follows a list's `next_cursor` from the first
// page to the end, one request after another (a cursor cannot be followed in parallel), and
// hands over each page's items that no earlier page handed over, by the key the list defines.
// It never loops: a cursor seen before in this run ends it with ApiError::Local
// "cursor_repeated", a page that brings no new item but names a next cursor with "no_progress".
// The next page is asked for as soon as an answer names it, before that answer's items are
// handed over, so what a receiver does with a page (e.g. store it) overlaps the wait for the
// next answer; pages are still handed over one at a time, in order, even when a receiver runs an
// event loop. cancel() (or deleting the pager) from a page slot aborts that request.
//
//   CursorPager::Spec spec;
//   spec.firstPage = ApiCall::get("/campaigns/cmp_1/contacts", query /* workspaceId, limit */);
//   spec.key = [](const QJsonObject &item) { return item.value("id").toString(); };
//   auto *pager = new CursorPager(client, spec, this);
//   connect(pager, &CursorPager::page, ...);      // store the items at once
//   connect(pager, &CursorPager::finished, ...);  // ApiError kind None at the end
//   pager->start();
//
// The answer's shape: {"items": [...], "next_cursor": "..."} ("data" is read when there is no
// "items"; a bare array is a whole list on one page); the end is a missing, null or empty
// next_cursor ("nextCursor" is read too). The next page is the first page's call with the query
// item `cursor=<next_cursor>` (the document does not name the parameter: "cursor" is the
// console's assumption, kept here only).
class CursorPager : public QObject
{
    Q_OBJECT
public:
    struct Spec
    {
        ApiCall firstPage; // GET with every query item but the cursor (limit included)
        // The de-duplication key of an item; items with an empty key are always handed over.
        std::function<QString(const QJsonObject &item)> key;
        // What is being listed, for error sentences: "the campaign's contacts".
        QString what;
        // When it is an error, start() finishes with it and sends nothing (the list cannot be
        // asked for: no workspace, an invalid id).
        ApiError refusal;
    };

    static QString cursorParameter() { return QStringLiteral("cursor"); }

    CursorPager(VendorClient *client, Spec spec, QObject *parent = nullptr);
    ~CursorPager() override;

    // Starts from the first page, or from `resumeCursor` (a cursor saved from an earlier run).
    void start(const QString &resumeCursor = {});
    void cancel();
    bool isRunning() const { return m_running; }
    int fetched() const { return m_fetched; } // distinct items handed over
    int pages() const { return m_pages; } // answers received
    // The cursor the next request uses (empty before the first answer and at the end): saved by
    // callers that resume after a restart.
    QString nextCursor() const { return m_nextCursor; }

Q_SIGNALS:
    // The items of one page that no earlier page handed over, in the page's order.
    void page(const QList<QJsonObject> &items, const QString &nextCursor);
    // Kind None at the end; Cancelled after cancel(); Local "cursor_repeated" / "no_progress";
    // Malformed when an answer has no items array; otherwise the request's error.
    void finished(const ApiError &error);

private:
    void request(const QString &cursor);
    void onResponse(const QString &cursor, const ApiResponse &response);
    void onAnswer(const QString &cursor, const QJsonObject &answer);
    void finish(const ApiError &error);

    // The next page's answer, when it came while a receiver still had the previous page.
    struct HeldAnswer
    {
        QString cursor;
        ApiResponse response;
    };

    QPointer<VendorClient> m_client;
    Spec m_spec;
    QPointer<ApiReply> m_reply;
    QSet<QString> m_cursorsSeen;
    QSet<QString> m_keysSeen;
    QString m_nextCursor;
    int m_fetched = 0;
    int m_pages = 0;
    int m_run = 0; // start() begins a new run: a receiver may restart the pager from a page slot
    bool m_running = false;
    bool m_handingOver = false; // inside the page signal
    std::optional<HeldAnswer> m_held;
};
