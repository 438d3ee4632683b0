#pragma once

#include "SandboxServer.h"

#include <QJsonValue>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

// The one cursor pager of Outreach2day's sandbox, for every list it answers (contacts, sends,
// contact changes, threads, suppressions, webhook subscriptions, events and deliveries): `limit`
// 1..maxPageLimit (default defaultPageLimit), `cursor` as issued in `next_cursor` (null on the
// last page). A list is ordered by a growing key (an id's number, a sequence); a cursor is "after
// this key" within its own list, so items added while a list is paged are listed once, and the
// per-page cost is a binary search plus the page.
//
// The switch for pager tests applies to every list: RepeatCursor answers the cursor it was asked
// with as next_cursor; NoProgress answers the first page again under a new cursor.
class Outreach2dayPager
{
public:
    enum class Fault {
        None,
        RepeatCursor,
        NoProgress,
    };
    static constexpr int maxPageLimit = 500;
    static constexpr int defaultPageLimit = 50;

    struct List
    {
        QString name; // "contacts", "sends"… a cursor of another list is refused
        qsizetype count = 0;
        std::function<qint64(qsizetype)> keyOf; // growing with the index
        qsizetype first = 0; // where a fresh listing starts (e.g. the first change since a time)
        std::function<bool(qsizetype)> accept; // a filter; empty: every item
    };
    struct Page
    {
        QList<qsizetype> rows;
        QJsonValue next = QJsonValue::Null;
    };

    // The rows of the page the request asks for, or the 400 naming limit or cursor.
    std::optional<Page> page(const SandboxRequest &request, const List &list, SandboxResponse *refused);
    // {"items": items, "next_cursor": page.next} plus `extra` fields.
    static SandboxResponse answer(const QJsonArray &items, const Page &page, const QJsonObject &extra = {});

    void setFault(Fault fault) { m_fault = fault; }
    Fault fault() const { return m_fault; }
    static QString faultName(Fault fault); // none, repeat_cursor, no_progress
    static std::optional<Fault> faultFromName(const QString &name);

private:
    Fault m_fault = Fault::None;
    int m_serial = 0; // makes NoProgress's cursors new each time
};
