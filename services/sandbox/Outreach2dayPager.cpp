#include "Outreach2dayPager.h"

#include "Outreach2dayAnswers.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace {

QString encodeCursor(const QString &list, qint64 afterKey, int serial)
{
    return QString::fromLatin1(
            QStringLiteral("%1:%2:%3")
                    .arg(list)
                    .arg(afterKey)
                    .arg(serial)
                    .toUtf8()
                    .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool decodeCursor(const QString &cursor, const QString &list, qint64 *afterKey)
{
    const auto decoded = QByteArray::fromBase64Encoding(
            cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const QStringList parts = QString::fromUtf8(*decoded).split(QLatin1Char(':'));
    if (parts.size() != 3 || parts.at(0) != list)
        return false;
    bool ok = false;
    *afterKey = parts.at(1).toLongLong(&ok);
    return ok;
}

} // namespace

QString Outreach2dayPager::faultName(Fault fault)
{
    switch (fault) {
    case Fault::None:
        return QStringLiteral("none");
    case Fault::RepeatCursor:
        return QStringLiteral("repeat_cursor");
    case Fault::NoProgress:
        return QStringLiteral("no_progress");
    }
    return {};
}

std::optional<Outreach2dayPager::Fault> Outreach2dayPager::faultFromName(const QString &name)
{
    for (Fault fault : {Fault::None, Fault::RepeatCursor, Fault::NoProgress}) {
        if (faultName(fault) == name)
            return fault;
    }
    return std::nullopt;
}

std::optional<Outreach2dayPager::Page> Outreach2dayPager::page(const SandboxRequest &request,
                                                               const List &list, SandboxResponse *refused)
{
    int limit = defaultPageLimit;
    if (request.hasQuery(QStringLiteral("limit"))) {
        bool ok = false;
        limit = request.queryValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > maxPageLimit) {
            *refused = O2dAnswers::fieldError(
                    QStringLiteral("limit"),
                    QStringLiteral("limit must be an integer from 1 to %1.").arg(maxPageLimit));
            return std::nullopt;
        }
    }
    const QString cursor = request.queryValue(QStringLiteral("cursor"));
    qsizetype start = list.first;
    if (!cursor.isEmpty()) {
        qint64 after = 0;
        if (!decodeCursor(cursor, list.name, &after)) {
            *refused = O2dAnswers::fieldError(QStringLiteral("cursor"),
                                              QStringLiteral("cursor is not one this list issued."));
            return std::nullopt;
        }
        // The first item after the cursor's key (binary search: the keys grow with the index).
        qsizetype low = list.first, high = list.count;
        while (low < high) {
            const qsizetype middle = low + (high - low) / 2;
            if (list.keyOf(middle) <= after)
                low = middle + 1;
            else
                high = middle;
        }
        start = m_fault == Fault::NoProgress ? list.first : low;
    }
    Page page;
    qsizetype index = start;
    for (; index < list.count && page.rows.size() < limit; ++index) {
        if (!list.accept || list.accept(index))
            page.rows.append(index);
    }
    if (index < list.count)
        page.next =
                encodeCursor(list.name, list.keyOf(index - 1), m_fault == Fault::NoProgress ? ++m_serial : 0);
    if (m_fault == Fault::RepeatCursor && !cursor.isEmpty())
        page.next = cursor;
    return page;
}

SandboxResponse Outreach2dayPager::answer(const QJsonArray &items, const Page &page, const QJsonObject &extra)
{
    QJsonObject object = extra;
    object.insert(QStringLiteral("items"), items);
    object.insert(QStringLiteral("next_cursor"), page.next);
    return SandboxResponse::json(object);
}
