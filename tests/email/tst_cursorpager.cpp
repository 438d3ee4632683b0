// The one cursor pager (README promises P1, P2) over real HTTP: a list route registered straight
// on the sandbox answers each page the way a test needs — in order, overlapping, repeating a
// cursor, making no progress, failing mid-way — and the pager must get every item once or stop
// with a clear error, never loop.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "core/CursorPager.h"
#include "core/VendorClient.h"

#include <QJsonArray>

namespace {
const QString kPath = QStringLiteral("/pagertest/items");

// "a,b,,c" → {"a", "b", "", "c"}: short lists of ids and cursors ("" is the first page).
QStringList list(const char *commaSeparated)
{
    return QString::fromLatin1(commaSeparated).split(QLatin1Char(','));
}
} // namespace

class TestCursorPager : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void followsNextCursorToTheEnd();
    void endsOnNullEmptyOrMissingCursor_data();
    void endsOnNullEmptyOrMissingCursor();
    void readsNextCursorSpelledCamelCase();
    void numericCursorIsFollowed();
    void bareArrayIsOnePage();
    void overlappingPagesAreDeduplicated();
    void itemsWithoutKeyAreAlwaysHandedOver();
    void repeatedCursorStops();
    void selfPointingCursorStops();
    void pageWithoutNewItemsStops();
    void emptyPageWithNextCursorStops();
    void resumesFromASavedCursor();
    void errorMidWayKeepsTheCursorToResumeFrom();
    void answerWithoutItemsIsMalformed();
    void itemsUnderDataAreRead();
    void cancelInsideAPageStopsRequests();
    void nextPageIsAskedBeforeAPageIsHandedOver();
    void pagesComeOneAtATimeWhenAReceiverRunsAnEventLoop();

private:
    struct Run
    {
        QList<QJsonObject> items;
        QStringList cursorsHanded;
        std::optional<ApiError> error;
        QStringList ids() const
        {
            QStringList list;
            for (const QJsonObject &item : items)
                list << item.value(QStringLiteral("id")).toString();
            return list;
        }
    };
    CursorPager *makePager(int limit = 3);
    Run run(CursorPager *pager, const QString &resumeCursor = {});
    // The cursors the sandbox received, in order ("" for the first page).
    QStringList cursorsRequested() const;
    static QJsonObject item(int index)
    {
        return {{QStringLiteral("id"), QStringLiteral("it_%1").arg(index)}};
    }
    static QJsonArray items(int from, int to)
    {
        QJsonArray list;
        for (int i = from; i < to; ++i)
            list.append(item(i));
        return list;
    }

    SandboxFixture m_sandbox;
    int m_total = 7;
    // Answers for particular cursors ("" = the first page) that replace the well-behaved ones.
    QHash<QString, SandboxResponse> m_special;
    QStringList m_cursors;
};

void TestCursorPager::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    // A well-behaved list of m_total items: cursor "c<offset>", pages of `limit`.
    m_sandbox.server()->route(Vendor::Outreach2day, "GET", kPath, [this](const SandboxRequest &request) {
        const QString cursor = request.queryValue(QStringLiteral("cursor"));
        m_cursors << cursor;
        if (m_special.contains(cursor))
            return m_special.value(cursor);
        const int limit = request.queryValue(QStringLiteral("limit")).toInt();
        const int offset = cursor.isEmpty() ? 0 : cursor.mid(1).toInt();
        const int end = qMin(offset + limit, m_total);
        QJsonObject page{{QStringLiteral("items"), items(offset, end)}};
        if (end < m_total)
            page.insert(QStringLiteral("next_cursor"), QStringLiteral("c%1").arg(end));
        return SandboxResponse::json(page);
    });
}

void TestCursorPager::init()
{
    m_total = 7;
    m_special.clear();
    m_cursors.clear();
    m_sandbox.server()->clearRequests();
}

CursorPager *TestCursorPager::makePager(int limit)
{
    CursorPager::Spec spec;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    spec.firstPage = ApiCall::get(kPath, query);
    spec.key = [](const QJsonObject &object) {
        return object.value(QStringLiteral("id")).toString();
    };
    spec.what = QStringLiteral("the test items");
    return new CursorPager(m_sandbox.client(Vendor::Outreach2day), spec, this);
}

TestCursorPager::Run TestCursorPager::run(CursorPager *pager, const QString &resumeCursor)
{
    Run result;
    connect(pager, &CursorPager::page, this, [&result](const QList<QJsonObject> &page, const QString &next) {
        result.items << page;
        result.cursorsHanded << next;
    });
    connect(pager, &CursorPager::finished, this, [&result](const ApiError &error) { result.error = error; });
    pager->start(resumeCursor);
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(result.error.has_value(), 30'000);
    }();
    if (!result.error)
        result.error = ApiError::local(Vendor::Outreach2day, QStringLiteral("test_timeout"),
                                       QStringLiteral("no end"));
    pager->disconnect(this);
    return result;
}

QStringList TestCursorPager::cursorsRequested() const
{
    return m_cursors;
}

void TestCursorPager::followsNextCursorToTheEnd()
{
    CursorPager *pager = makePager(3);
    const Run result = run(pager);
    QVERIFY(result.error);
    QCOMPARE(result.error->kind, ApiError::Kind::None);
    QCOMPARE(result.ids(), list("it_0,it_1,it_2,it_3,it_4,it_5,it_6"));
    QCOMPARE(cursorsRequested(), list(",c3,c6"));
    QCOMPARE(result.cursorsHanded, list("c3,c6,"));
    QCOMPARE(pager->pages(), 3);
    QCOMPARE(pager->fetched(), 7);
    QVERIFY(pager->nextCursor().isEmpty());
    // Every request carried the first page's query (limit) besides the cursor.
    for (const SandboxRecordedRequest &request : m_sandbox.server()->requests())
        QVERIFY2(request.query.contains(QStringLiteral("limit=3")), qPrintable(request.query));
}

void TestCursorPager::endsOnNullEmptyOrMissingCursor_data()
{
    QTest::addColumn<QString>("last");
    QTest::newRow("missing") << R"({"items": [{"id": "z"}]})";
    QTest::newRow("null") << R"({"items": [{"id": "z"}], "next_cursor": null})";
    QTest::newRow("empty") << R"({"items": [{"id": "z"}], "next_cursor": ""})";
}

void TestCursorPager::endsOnNullEmptyOrMissingCursor()
{
    QFETCH(QString, last);
    m_special.insert(QStringLiteral("c3"),
                     SandboxResponse::json(QJsonDocument::fromJson(last.toUtf8()).object()));
    const Run result = run(makePager(3));
    QCOMPARE(result.error->kind, ApiError::Kind::None);
    QCOMPARE(result.ids(), list("it_0,it_1,it_2,z"));
    QCOMPARE(cursorsRequested().size(), 2);
}

void TestCursorPager::readsNextCursorSpelledCamelCase()
{
    m_special.insert(
            QString(),
            SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items(0, 2)},
                                              {QStringLiteral("nextCursor"), QStringLiteral("c2")}}));
    const Run result = run(makePager(5));
    QCOMPARE(result.error->kind, ApiError::Kind::None);
    QCOMPARE(result.ids().size(), 7);
    QCOMPARE(cursorsRequested(), list(",c2"));
}

// The document shows string cursors; a number is followed as its digits.
void TestCursorPager::numericCursorIsFollowed()
{
    m_special.insert(QString(),
                     SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items(0, 3)},
                                                       {QStringLiteral("next_cursor"), 42}}));
    m_special.insert(QStringLiteral("42"),
                     SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items(3, 5)}}));
    const Run result = run(makePager(3));
    QCOMPARE(result.error->kind, ApiError::Kind::None);
    QCOMPARE(result.ids(), list("it_0,it_1,it_2,it_3,it_4"));
    QCOMPARE(cursorsRequested(), list(",42"));
}

void TestCursorPager::bareArrayIsOnePage()
{
    m_special.insert(QString(), SandboxResponse::json(QJsonDocument(items(0, 4))));
    const Run result = run(makePager(3));
    QCOMPARE(result.error->kind, ApiError::Kind::None);
    QCOMPARE(result.ids().size(), 4);
    QCOMPARE(cursorsRequested().size(), 1);
}

void TestCursorPager::overlappingPagesAreDeduplicated()
{
    // The second page starts one item early (a list that shifted between requests), the third
    // repeats two: every item once, in order.
    m_special.insert(
            QStringLiteral("c3"),
            SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items(2, 5)},
                                              {QStringLiteral("next_cursor"), QStringLiteral("c5")}}));
    m_special.insert(QStringLiteral("c5"),
                     SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items(3, 7)}}));
    CursorPager *pager = makePager(3);
    const Run result = run(pager);
    QCOMPARE(result.error->kind, ApiError::Kind::None);
    QCOMPARE(result.ids(), list("it_0,it_1,it_2,it_3,it_4,it_5,it_6"));
    QCOMPARE(pager->fetched(), 7);
    QCOMPARE(pager->pages(), 3);
}

void TestCursorPager::itemsWithoutKeyAreAlwaysHandedOver()
{
    QJsonArray unkeyed{QJsonObject{{QStringLiteral("note"), 1}}, QJsonObject{{QStringLiteral("note"), 1}}};
    m_special.insert(QString(), SandboxResponse::json(QJsonObject{{QStringLiteral("items"), unkeyed}}));
    const Run result = run(makePager(3));
    QCOMPARE(result.error->kind, ApiError::Kind::None);
    QCOMPARE(result.items.size(), 2);
}

void TestCursorPager::repeatedCursorStops()
{
    // Page c6 points back to c3: followed blindly, c3 → c6 → c3 … forever.
    m_total = 12;
    m_special.insert(
            QStringLiteral("c6"),
            SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items(6, 9)},
                                              {QStringLiteral("next_cursor"), QStringLiteral("c3")}}));
    CursorPager *pager = makePager(3);
    const Run result = run(pager);
    QCOMPARE(result.error->kind, ApiError::Kind::Local);
    QCOMPARE(result.error->code, QStringLiteral("cursor_repeated"));
    QVERIFY2(result.error->explanation.contains(QStringLiteral("the test items")),
             qPrintable(result.error->explanation));
    // What the pages brought is kept, each once; nothing was asked twice.
    QCOMPARE(result.ids().size(), 9);
    QCOMPARE(cursorsRequested(), list(",c3,c6"));
    QVERIFY(!pager->isRunning());
}

void TestCursorPager::selfPointingCursorStops()
{
    m_special.insert(
            QStringLiteral("c3"),
            SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items(3, 6)},
                                              {QStringLiteral("next_cursor"), QStringLiteral("c3")}}));
    const Run result = run(makePager(3));
    QCOMPARE(result.error->code, QStringLiteral("cursor_repeated"));
    QCOMPARE(result.ids().size(), 6);
    QCOMPARE(cursorsRequested(), list(",c3"));
}

void TestCursorPager::pageWithoutNewItemsStops()
{
    // c3 answers the first page's items again with a fresh cursor each time: new cursors forever,
    // never a new item.
    m_special.insert(
            QStringLiteral("c3"),
            SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items(0, 3)},
                                              {QStringLiteral("next_cursor"), QStringLiteral("c99")}}));
    CursorPager *pager = makePager(3);
    const Run result = run(pager);
    QCOMPARE(result.error->kind, ApiError::Kind::Local);
    QCOMPARE(result.error->code, QStringLiteral("no_progress"));
    QCOMPARE(result.ids(), list("it_0,it_1,it_2"));
    QCOMPARE(cursorsRequested(), list(",c3"));
}

void TestCursorPager::emptyPageWithNextCursorStops()
{
    m_special.insert(
            QString(),
            SandboxResponse::json(QJsonObject{{QStringLiteral("items"), QJsonArray()},
                                              {QStringLiteral("next_cursor"), QStringLiteral("c0")}}));
    const Run result = run(makePager(3));
    QCOMPARE(result.error->code, QStringLiteral("no_progress"));
    QCOMPARE(cursorsRequested().size(), 1);
}

void TestCursorPager::resumesFromASavedCursor()
{
    CursorPager *pager = makePager(3);
    const Run result = run(pager, QStringLiteral("c3"));
    QCOMPARE(result.error->kind, ApiError::Kind::None);
    QCOMPARE(result.ids(), list("it_3,it_4,it_5,it_6"));
    QCOMPARE(cursorsRequested(), list("c3,c6"));
}

void TestCursorPager::errorMidWayKeepsTheCursorToResumeFrom()
{
    m_special.insert(QStringLiteral("c3"),
                     SandboxServer::error(Vendor::Outreach2day, 400, QStringLiteral("invalid_cursor"),
                                          QStringLiteral("The cursor has expired.")));
    CursorPager *pager = makePager(3);
    const Run first = run(pager);
    QCOMPARE(first.error->kind, ApiError::Kind::Vendor);
    QCOMPARE(first.error->httpStatus, 400);
    QCOMPARE(first.ids(), list("it_0,it_1,it_2"));
    QCOMPARE(pager->nextCursor(), QStringLiteral("c3")); // where to resume

    // The vendor recovers; a later run resumes there and gets the rest, nothing twice.
    m_special.clear();
    m_cursors.clear();
    const Run rest = run(pager, pager->nextCursor());
    QCOMPARE(rest.error->kind, ApiError::Kind::None);
    QCOMPARE(rest.ids(), list("it_3,it_4,it_5,it_6"));
    QCOMPARE(cursorsRequested(), list("c3,c6"));
}

void TestCursorPager::answerWithoutItemsIsMalformed()
{
    m_special.insert(QStringLiteral("c3"),
                     SandboxResponse::json(QJsonObject{{QStringLiteral("results"), items(3, 6)}}));
    const Run result = run(makePager(3));
    QCOMPARE(result.error->kind, ApiError::Kind::Malformed);
    QCOMPARE(result.ids().size(), 3);
}

// A list under "data" (as the service's plain lists are read) pages like one under "items".
void TestCursorPager::itemsUnderDataAreRead()
{
    m_special.insert(QStringLiteral("c3"),
                     SandboxResponse::json(QJsonObject{{QStringLiteral("data"), items(3, 6)}}));
    const Run result = run(makePager(3));
    QCOMPARE(result.error->kind, ApiError::Kind::None);
    QCOMPARE(result.ids(), list("it_0,it_1,it_2,it_3,it_4,it_5"));
}

void TestCursorPager::cancelInsideAPageStopsRequests()
{
    CursorPager *pager = makePager(3);
    std::optional<ApiError> finished;
    int pages = 0;
    connect(pager, &CursorPager::page, this, [&](const QList<QJsonObject> &, const QString &) {
        ++pages;
        pager->cancel();
    });
    connect(pager, &CursorPager::finished, this, [&](const ApiError &error) { finished = error; });
    pager->start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.has_value(), 30'000);
    QCOMPARE(finished->kind, ApiError::Kind::Cancelled);
    QCOMPARE(pages, 1);
    QVERIFY(!pager->isRunning());
    // The second page, asked for before the first was handed over, was aborted with the cancel.
    QCOMPARE(m_sandbox.client(Vendor::Outreach2day)->inFlightCount(), 0);
    // Nothing more is asked: a request sent after the cancel through the same client arrives, and
    // the sandbox saw at most the first page and the aborted second, never the third.
    bool barrierAnswered = false;
    m_sandbox.client(Vendor::Outreach2day)
            ->send(ApiCall::get(QStringLiteral("/campaigns/webhooks/event-types")), this,
                   [&barrierAnswered](const ApiResponse &) { barrierAnswered = true; });
    QTRY_VERIFY_WITH_TIMEOUT(barrierAnswered, 30'000);
    QCOMPARE(cursorsRequested().first(), QString());
    QVERIFY2(cursorsRequested().size() <= 2 && !cursorsRequested().contains(QStringLiteral("c6")),
             qPrintable(cursorsRequested().join(QLatin1Char(','))));
}

// A cursor cannot be followed in parallel, so a retrieval takes at least pages × latency; what
// a receiver does with a page (SendsSync stores it) must not add to that: the next page is on its
// way while the receiver has this one.
void TestCursorPager::nextPageIsAskedBeforeAPageIsHandedOver()
{
    CursorPager *pager = makePager(3);
    VendorClient *client = m_sandbox.client(Vendor::Outreach2day);
    QList<int> inFlightDuringPage;
    connect(pager, &CursorPager::page, this, [&](const QList<QJsonObject> &, const QString &) {
        inFlightDuringPage << client->inFlightCount();
    });
    const Run result = run(pager);
    QCOMPARE(result.error->kind, ApiError::Kind::None);
    QCOMPARE(result.ids(), list("it_0,it_1,it_2,it_3,it_4,it_5,it_6"));
    QCOMPARE(inFlightDuringPage, (QList<int>{1, 1, 0})); // nothing after the last page
    QCOMPARE(cursorsRequested(), list(",c3,c6"));
}

// A receiver that runs an event loop while it has a page (a dialog, a nested wait) lets the next
// answer arrive meanwhile: that page waits until the receiver returns, so pages are never handed
// over inside one another nor out of order.
void TestCursorPager::pagesComeOneAtATimeWhenAReceiverRunsAnEventLoop()
{
    CursorPager *pager = makePager(3);
    VendorClient *client = m_sandbox.client(Vendor::Outreach2day);
    int depth = 0;
    int deepest = 0;
    int answersArrivedInside = 0;
    connect(pager, &CursorPager::page, this, [&](const QList<QJsonObject> &, const QString &next) {
        deepest = qMax(deepest, ++depth);
        // The next page is on its way: wait here until its answer has reached the pager.
        if (!next.isEmpty() && client->inFlightCount() == 1 &&
            QTest::qWaitFor([client] { return client->inFlightCount() == 0; }, 30'000))
            ++answersArrivedInside;
        --depth;
    });
    const Run result = run(pager);
    QCOMPARE(result.error->kind, ApiError::Kind::None);
    QCOMPARE(answersArrivedInside, 2);
    QCOMPARE(deepest, 1);
    QCOMPARE(result.ids(), list("it_0,it_1,it_2,it_3,it_4,it_5,it_6"));
    QCOMPARE(result.cursorsHanded, list("c3,c6,"));
    QCOMPARE(cursorsRequested(), list(",c3,c6"));
}

CC_TEST_GUILESS_MAIN(TestCursorPager)
#include "tst_cursorpager.moc"
