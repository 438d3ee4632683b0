// Outreach2day's service for issue #11 (watching, reading and steering a running campaign) over
// real HTTP: every argument checked before sending, every list through the one pager with its own
// key and resumable from a saved cursor, answers of the shapes the reference leaves open (served
// by test routes under /t11), webhook secrets kept out of the logs, and every operation against
// the sandbox.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "core/ApiCall.h"
#include "core/CursorPager.h"
#include "core/ErrorCatalog.h"
#include "core/Redaction.h"
#include "core/VendorClient.h"
#include "outreach2day/Outreach2dayService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

namespace {
const QString kBase = QStringLiteral("/t11");

SandboxResponse raw(int status, const QByteArray &body, const QByteArray &type = "application/json")
{
    SandboxResponse response;
    response.status = status;
    response.body = body;
    response.contentType = type;
    return response;
}

// "a,b" → {"a", "b"}; "," → two empty strings.
QStringList names(const char *commaSeparated)
{
    return QString::fromLatin1(commaSeparated).split(QLatin1Char(','));
}

// Everything a pager handed over, and how it ended.
struct Run
{
    QList<QJsonObject> items;
    std::optional<ApiError> end;
    QString savedCursor; // the pager's nextCursor() after each page
};
} // namespace

class TestOutreach2dayService11 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    // Refused before sending
    void invalidArgumentsAreRefusedLocally_data();
    void invalidArgumentsAreRefusedLocally();
    void withoutWorkspaceNoListIsAsked();

    // Lists: the one pager, each with its own key
    void everyListIsPagedWithItsOwnKey_data();
    void everyListIsPagedWithItsOwnKey();
    void changesAreAskedSinceASecondInUtc();
    void pagersResumeFromASavedCursor();
    void threadsAsAPlainListOrPaged_data();
    void threadsAsAPlainListOrPaged();
    void threadFiltersGoInTheQuery();

    // Answers of other shapes
    void summaryExportIsKeptByteForByte();
    void subscriptionAnswersOfOtherShapes();
    void rotationNeedsASecret();
    void suppressionAndSubsequenceAnswers();
    void noSecretReachesTheLogs();

private:
    template<typename T, typename Call>
    Result<T> wait(Call call);
    Run drain(CursorPager *pager, const QString &resumeCursor = {});
    // A service whose base URL is the sandbox's + /t11, where the test routes answer.
    Outreach2dayService *testService();
    // GET `pattern` under /t11 answers pages[i] for cursor "c<i>" (page 0 without a cursor).
    void servePages(const QString &pattern, const QList<QByteArray> &pages);
    void serve(const QByteArray &method, const QString &pattern, const SandboxResponse &answer);
    QList<SandboxRequest> received(const QString &path) const;

    SandboxFixture m_sandbox;
    std::unique_ptr<Outreach2dayService> m_service;
    QList<SandboxRequest> m_received; // what the test routes were asked, in order
    QHash<QString, SandboxResponse> m_answers; // "METHOD pattern" → answer
    QHash<QString, QList<QByteArray>> m_pages; // pattern → pages
};

void TestOutreach2dayService11::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    VendorClient *client =
            m_sandbox.clientWithToken(Vendor::Outreach2day, SandboxFixture::token(Vendor::Outreach2day));
    client->setBaseUrl(QUrl(m_sandbox.baseUrl(Vendor::Outreach2day).toString() + kBase));
    m_service = std::make_unique<Outreach2dayService>(client);
    m_service->setWorkspaceId(SandboxFixture::outreachWorkspaceId());
}

void TestOutreach2dayService11::init()
{
    m_sandbox.server()->clearRequests();
    m_received.clear();
}

Outreach2dayService *TestOutreach2dayService11::testService()
{
    return m_service.get();
}

template<typename T, typename Call>
Result<T> TestOutreach2dayService11::wait(Call call)
{
    std::optional<Result<T>> result;
    call([&result](const Result<T> &r) { result.emplace(r); });
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 60'000);
    }();
    if (!result)
        return ApiError::local(Vendor::Outreach2day, QStringLiteral("test_timeout"),
                               QStringLiteral("no answer"));
    return *result;
}

Run TestOutreach2dayService11::drain(CursorPager *pager, const QString &resumeCursor)
{
    Run run;
    connect(pager, &CursorPager::page, this, [&run, pager](const QList<QJsonObject> &items, const QString &) {
        run.items << items;
        run.savedCursor = pager->nextCursor();
    });
    connect(pager, &CursorPager::finished, this, [&run](const ApiError &error) { run.end = error; });
    pager->start(resumeCursor);
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(run.end.has_value(), 60'000);
    }();
    pager->disconnect(this);
    return run;
}

void TestOutreach2dayService11::servePages(const QString &pattern, const QList<QByteArray> &pages)
{
    const bool known = m_pages.contains(pattern);
    m_pages.insert(pattern, pages);
    if (known)
        return;
    m_sandbox.server()->route(Vendor::Outreach2day, "GET", kBase + pattern,
                              [this, pattern](const SandboxRequest &request) {
                                  m_received << request;
                                  const QList<QByteArray> answers = m_pages.value(pattern);
                                  const QString cursor = request.queryValue(QStringLiteral("cursor"));
                                  const int index = cursor.isEmpty() ? 0 : cursor.mid(1).toInt();
                                  if (index < 0 || index >= answers.size())
                                      return SandboxServer::error(Vendor::Outreach2day, 400,
                                                                  QStringLiteral("invalid_cursor"), cursor);
                                  return raw(200, answers.at(index));
                              });
}

void TestOutreach2dayService11::serve(const QByteArray &method, const QString &pattern,
                                      const SandboxResponse &answer)
{
    const QString key = QString::fromLatin1(method) + QLatin1Char(' ') + pattern;
    const bool known = m_answers.contains(key);
    m_answers.insert(key, answer);
    if (known)
        return;
    m_sandbox.server()->route(Vendor::Outreach2day, method, kBase + pattern,
                              [this, key](const SandboxRequest &request) {
                                  m_received << request;
                                  return m_answers.value(key);
                              });
}

QList<SandboxRequest> TestOutreach2dayService11::received(const QString &path) const
{
    QList<SandboxRequest> matching;
    for (const SandboxRequest &request : m_received) {
        if (request.path == kBase + path || request.path == path)
            matching << request;
    }
    return matching;
}

// ---------------------------------------------------------------------------------------------
// Every argument is checked before sending: the field named, nothing on the wire.
void TestOutreach2dayService11::invalidArgumentsAreRefusedLocally_data()
{
    QTest::addColumn<int>("operation");
    QTest::addColumn<QString>("field");
    int i = 0;
    QTest::newRow("sends of a campaign id with a slash") << i++ << "campaignId";
    QTest::newRow("changes since no time") << i++ << "updatedSince";
    QTest::newRow("changes of no campaign") << i++ << "campaignId";
    QTest::newRow("threads of an intent with a blank") << i++ << "replyIntent";
    QTest::newRow("threads of a campaign id with ?") << i++ << "campaignId";
    QTest::newRow("deliveries of no subscription") << i++ << "subscriptionId";
    QTest::newRow("export of no campaign") << i++ << "campaignId";
    QTest::newRow("subscription to ftp") << i++ << "endpoint";
    QTest::newRow("subscription without event types") << i++ << "eventTypes";
    QTest::newRow("update of a subscription id with a slash") << i++ << "subscriptionId";
    QTest::newRow("test of no subscription") << i++ << "subscriptionId";
    QTest::newRow("pause of no subscription") << i++ << "subscriptionId";
    QTest::newRow("rotation to a secret with a blank") << i++ << "secret";
    QTest::newRow("delete of no subscription") << i++ << "subscriptionId";
    QTest::newRow("status of a non-address") << i++ << "email";
    QTest::newRow("delete of no address") << i++ << "email";
    QTest::newRow("subsequence without name") << i++ << "name";
    QTest::newRow("routing rule without subsequence") << i++ << "rules[0].subsequenceId";
    QTest::newRow("routing the same intent twice") << i++ << "rules[1].value";
    QTest::newRow("routing an intent with blanks") << i++ << "rules[0].value";
    QTest::newRow("routing to a subsequence id with a slash") << i++ << "rules[0].subsequenceId";
}

void TestOutreach2dayService11::invalidArgumentsAreRefusedLocally()
{
    QFETCH(int, operation);
    QFETCH(QString, field);
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString campaign = QStringLiteral("cmp_abc123");
    std::optional<ApiError> error;
    auto keep = [&error](const auto &result) {
        error = result.ok() ? ApiError() : result.error();
    };
    O2dWebhookSubscription subscription;
    subscription.endpoint = QStringLiteral("https://hooks.example.com/o2d");
    subscription.eventTypes = {QStringLiteral("reply.received")};
    O2dRoutingRule rule;
    rule.value = QStringLiteral("interested");
    rule.subsequenceId = QStringLiteral("sub_001");
    O2dRoutingPolicy policy;
    CursorPager *pager = nullptr;
    ApiReply *reply = nullptr;
    switch (operation) {
    case 0:
        pager = service.sendsPager(QStringLiteral("cmp_1/../steps"), this);
        break;
    case 1:
        pager = service.contactChangesPager(campaign, QDateTime(), this);
        break;
    case 2:
        pager = service.contactChangesPager(QString(), QDateTime::currentDateTimeUtc(), this);
        break;
    case 3:
        pager = service.threadsPager(QStringLiteral("not interested"), QString(), this);
        break;
    case 4:
        pager = service.threadsPager(QStringLiteral("interested"), QStringLiteral("cmp_1?x=1"), this);
        break;
    case 5:
        pager = service.deliveriesPager(QString(), this);
        break;
    case 6:
        reply = service.exportSummary(QString(), this, keep);
        break;
    case 7:
        subscription.endpoint = QStringLiteral("ftp://hooks.example.com/");
        reply = service.createSubscription(subscription, this, keep);
        break;
    case 8:
        subscription.eventTypes.clear();
        reply = service.createSubscription(subscription, this, keep);
        break;
    case 9:
        reply = service.updateSubscription(QStringLiteral("wh/1"), subscription, this, keep);
        break;
    case 10:
        reply = service.testSubscription(QString(), this, keep);
        break;
    case 11:
        reply = service.pauseSubscription(QString(), this, keep);
        break;
    case 12:
        reply = service.rotateSecret(QStringLiteral("wh_sub_001"), QStringLiteral("whsec_abc "), this, keep);
        break;
    case 13:
        reply = service.deleteSubscription(QString(), this, keep);
        break;
    case 14:
        reply = service.suppressionStatus(QStringLiteral("someone-at-company.com"), this, keep);
        break;
    case 15:
        reply = service.deleteSuppression(QStringLiteral("  "), this, keep);
        break;
    case 16:
        reply = service.createSubsequence(campaign, O2dSubsequence(), this, keep);
        break;
    case 17:
        rule.subsequenceId.clear();
        policy.rules = {rule};
        reply = service.setSubsequenceRouting(campaign, policy, this, keep);
        break;
    case 18:
        policy.rules = {rule, rule};
        reply = service.setSubsequenceRouting(campaign, policy, this, keep);
        break;
    case 19:
        rule.value = QStringLiteral("Interested Now");
        policy.rules = {rule};
        reply = service.setSubsequenceRouting(campaign, policy, this, keep);
        break;
    case 20:
        rule.subsequenceId = QStringLiteral("sub_1/../../campaigns");
        policy.rules = {rule};
        reply = service.setSubsequenceRouting(campaign, policy, this, keep);
        break;
    }
    QVERIFY(!reply); // nothing was started
    if (pager) {
        connect(pager, &CursorPager::finished, this, [&error](const ApiError &end) { error = end; });
        pager->start();
    }
    QVERIFY(!error); // the answer comes later, like every answer
    QTRY_VERIFY(error.has_value());
    QCOMPARE(error->kind, ApiError::Kind::Local);
    QCOMPARE(error->code, QStringLiteral("invalid_field"));
    QCOMPARE(error->details.value(QStringLiteral("field")).toString(), field);
    QVERIFY2(error->explanation.contains(field.section(QLatin1Char('['), 0, 0)),
             qPrintable(error->explanation));
    QCOMPARE(m_sandbox.server()->requests().size(), 0);
    delete pager;
}

void TestOutreach2dayService11::withoutWorkspaceNoListIsAsked()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    const QList<CursorPager *> pagers{
            service.sendsPager(QStringLiteral("cmp_1"), this),
            service.contactChangesPager(QStringLiteral("cmp_1"), QDateTime::currentDateTimeUtc(), this),
            service.threadsPager(QStringLiteral("interested"), QString(), this),
            service.webhookEventsPager(this),
            service.deliveriesPager(QStringLiteral("wh_sub_1"), this),
            service.suppressionsPager(this)};
    for (CursorPager *pager : pagers) {
        const Run run = drain(pager);
        QCOMPARE(run.end->code, QStringLiteral("workspace_missing"));
        delete pager;
    }
    std::optional<ApiError> error;
    service.exportSummary(QStringLiteral("cmp_1"), this,
                          [&error](const Result<O2dSummaryExport> &result) { error = result.error(); });
    QTRY_VERIFY(error.has_value());
    QCOMPARE(error->code, QStringLiteral("workspace_missing"));
    QCOMPARE(m_sandbox.server()->requests().size(), 0);
}

// ---------------------------------------------------------------------------------------------
// Each list: two pages that overlap by one item (handed over once, by the list's own key), the
// documented query (workspace, the largest limit, the cursor on the second page).
void TestOutreach2dayService11::everyListIsPagedWithItsOwnKey_data()
{
    QTest::addColumn<int>("list");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("page0");
    QTest::addColumn<QByteArray>("page1");
    QTest::addColumn<int>("distinct");

    QTest::newRow("sends by id") << 0 << "/campaigns/cmp_1/sends"
                                 << QByteArray(R"({"items": [{"id": "snd_1", "status": "sent"},
                                        {"id": "snd_2", "status": "queued"}], "next_cursor": "c1"})")
                                 << QByteArray(R"({"items": [{"id": "snd_2", "status": "sent"},
                                        {"id": "snd_3"}], "next_cursor": null})")
                                 << 3;
    // The same contact twice with different statuses is two changes; the same contact, status and
    // time again (written another way) is one.
    QTest::newRow("changes by contact, status and time")
            << 1 << "/campaigns/cmp_1/contacts/changes" << QByteArray(R"({"items": [
                    {"contactId": "cnt_1", "status": "active", "updatedAt": "2026-03-09T14:00:00Z"},
                    {"contactId": "cnt_1", "status": "replied", "updatedAt": "2026-03-09T14:30:00Z"}],
                  "next_cursor": "c1", "updated_since": "2026-03-09T00:00:00Z"})")
            << QByteArray(R"({"items": [
                    {"contactId": "cnt_1", "status": "replied", "updatedAt": "2026-03-09T15:30:00+01:00"},
                    {"contactId": "cnt_2", "status": "replied", "updatedAt": "2026-03-09T14:30:00Z"}],
                  "updated_since": "2026-03-09T00:00:00Z"})")
            << 3;
    QTest::newRow("webhook events by id, else type+time+contact")
            << 2 << "/campaigns/webhooks/events"
            << QByteArray(R"({"items": [{"id": "evt_1", "type": "reply.received"},
                    {"type": "contact.bounced", "createdAt": "2026-03-09T10:00:00Z", "contactId": "cnt_4"}],
                  "next_cursor": "c1"})")
            << QByteArray(R"({"items": [{"id": "evt_1", "type": "reply.received"},
                    {"type": "contact.bounced", "createdAt": "2026-03-09T10:00:00Z", "contactId": "cnt_4"},
                    {"type": "contact.bounced", "createdAt": "2026-03-09T10:00:00Z", "contactId": "cnt_5"}]})")
            << 3;
    QTest::newRow("deliveries by id")
            << 3 << "/campaigns/webhooks/subscriptions/wh_sub_1/deliveries"
            << QByteArray(
                       R"({"items": [{"id": "dlv_1", "status": "failed", "attempts": 1}], "next_cursor": "c1"})")
            << QByteArray(R"({"items": [{"id": "dlv_1", "status": "failed", "attempts": 1},
                    {"id": "dlv_2", "status": "delivered"}]})")
            << 2;
    QTest::newRow("suppressions by address, any case")
            << 4 << "/campaigns/suppressions"
            << QByteArray(
                       R"({"items": [{"email": "A@Example.com"}, {"email": "b@example.com"}], "next_cursor": "c1"})")
            << QByteArray(R"({"data": [{"email": "a@example.com "}, {"email": "c@example.com"}]})") << 3;
}

void TestOutreach2dayService11::everyListIsPagedWithItsOwnKey()
{
    QFETCH(int, list);
    QFETCH(QString, path);
    QFETCH(QByteArray, page0);
    QFETCH(QByteArray, page1);
    QFETCH(int, distinct);
    QVERIFY(QJsonDocument::fromJson(page0).isObject());
    QVERIFY(QJsonDocument::fromJson(page1).isObject());
    servePages(path, {page0, page1});

    Outreach2dayService *service = testService();
    std::unique_ptr<CursorPager> pager;
    switch (list) {
    case 0:
        pager.reset(service->sendsPager(QStringLiteral("cmp_1"), nullptr));
        break;
    case 1:
        pager.reset(service->contactChangesPager(
                QStringLiteral("cmp_1"), QDateTime(QDate(2026, 3, 9), QTime(0, 0), Qt::UTC), nullptr));
        break;
    case 2:
        pager.reset(service->webhookEventsPager(nullptr));
        break;
    case 3:
        pager.reset(service->deliveriesPager(QStringLiteral("wh_sub_1"), nullptr));
        break;
    case 4:
        pager.reset(service->suppressionsPager(nullptr));
        break;
    }
    const Run run = drain(pager.get());
    QVERIFY2(!run.end->isError(), qPrintable(run.end->summary()));
    QCOMPARE(run.items.size(), distinct);
    QCOMPARE(pager->pages(), 2);

    const QList<SandboxRequest> requests = received(path);
    QCOMPARE(requests.size(), 2);
    for (const SandboxRequest &request : requests) {
        QCOMPARE(request.queryValue(QStringLiteral("workspaceId")), SandboxFixture::outreachWorkspaceId());
        QCOMPARE(request.queryValue(QStringLiteral("limit")),
                 QString::number(Outreach2dayService::pageLimit));
    }
    QVERIFY(!requests.at(0).hasQuery(QStringLiteral("cursor")));
    QCOMPARE(requests.at(1).queryValue(QStringLiteral("cursor")), QStringLiteral("c1"));
}

// updatedSince goes out in UTC, whole seconds, rounded down, whatever zone the caller's time is in;
// the answer's updated_since (an echo) changes nothing.
void TestOutreach2dayService11::changesAreAskedSinceASecondInUtc()
{
    const QString path = QStringLiteral("/campaigns/cmp_2/contacts/changes");
    servePages(path, {R"({"items": [], "updated_since": "1999-01-01T00:00:00Z"})"});
    const QDateTime since(QDate(2026, 3, 9), QTime(16, 30, 15, 900), QTimeZone(3600));
    std::unique_ptr<CursorPager> pager(
            testService()->contactChangesPager(QStringLiteral("cmp_2"), since, nullptr));
    const Run run = drain(pager.get());
    QVERIFY2(!run.end->isError(), qPrintable(run.end->summary()));
    QCOMPARE(received(path).size(), 1);
    QCOMPARE(received(path).at(0).queryValue(QStringLiteral("updatedSince")),
             QStringLiteral("2026-03-09T15:30:15Z"));
}

// A pager started from a cursor saved by an earlier run asks for that page first and hands over
// only what follows; the cursor it saves is the one to resume from next.
void TestOutreach2dayService11::pagersResumeFromASavedCursor()
{
    const QString path = QStringLiteral("/campaigns/cmp_3/sends");
    servePages(path,
               {R"({"items": [{"id": "snd_1"}], "next_cursor": "c1"})",
                R"({"items": [{"id": "snd_2"}], "next_cursor": "c2"})", R"({"items": [{"id": "snd_3"}]})"});
    std::unique_ptr<CursorPager> pager(testService()->sendsPager(QStringLiteral("cmp_3"), nullptr));

    // An earlier run stopped after the first page, its cursor saved.
    m_pages[path][1] = "not json";
    Run first = drain(pager.get());
    QCOMPARE(first.items.size(), 1);
    QCOMPARE(first.end->kind, ApiError::Kind::Malformed);
    QCOMPARE(pager->nextCursor(), QStringLiteral("c1")); // the failed page's cursor: resume there
    const QString saved = pager->nextCursor();

    m_pages[path][1] = R"({"items": [{"id": "snd_2"}], "next_cursor": "c2"})";
    m_received.clear();
    const Run resumed = drain(pager.get(), saved);
    QVERIFY2(!resumed.end->isError(), qPrintable(resumed.end->summary()));
    QCOMPARE(resumed.items.size(), 2);
    QCOMPARE(resumed.items.at(0).value(QStringLiteral("id")).toString(), QStringLiteral("snd_2"));
    QCOMPARE(resumed.items.at(1).value(QStringLiteral("id")).toString(), QStringLiteral("snd_3"));
    QCOMPARE(received(path).size(), 2);
    QCOMPARE(received(path).at(0).queryValue(QStringLiteral("cursor")), QStringLiteral("c1"));
    QCOMPARE(received(path).at(1).queryValue(QStringLiteral("cursor")), QStringLiteral("c2"));
    QVERIFY(pager->nextCursor().isEmpty()); // at the end: nothing left to resume
}

// The reference does not say whether threads are paged: a bare array, {items} or {data} without a
// cursor is the whole list; {items, next_cursor} is followed.
void TestOutreach2dayService11::threadsAsAPlainListOrPaged_data()
{
    QTest::addColumn<QList<QByteArray>>("pages");
    QTest::addColumn<QStringList>("ids");
    QTest::newRow("bare array") << QList<QByteArray>{R"([{"id": "thr_1", "campaignId": "cmp_1"},
                                      {"id": "thr_2", "campaignId": "cmp_2"}])"}
                                << names("thr_1,thr_2");
    QTest::newRow("items without cursor")
            << QList<QByteArray>{R"({"items": [{"id": "thr_1"}, {"id": "thr_2"}]})"} << names("thr_1,thr_2");
    QTest::newRow("data") << QList<QByteArray>{R"({"data": [{"threadId": "thr_9"}]})"} << names("thr_9");
    QTest::newRow("paged, overlapping")
            << QList<QByteArray>{R"({"items": [{"id": "thr_1"}, {"id": "thr_2"}], "next_cursor": "c1"})",
                                 R"({"items": [{"id": "thr_2"}, {"id": "thr_3"}], "next_cursor": ""})"}
            << names("thr_1,thr_2,thr_3");
    // Without ids: told apart by campaign, contact and latest message.
    QTest::newRow("no ids") << QList<QByteArray>{R"({"items": [
                    {"campaignId": "cmp_1", "email": "a@x.example", "lastMessageAt": "2026-03-09T10:00:00Z"},
                    {"campaignId": "cmp_1", "email": "a@x.example", "lastMessageAt": "2026-03-09T11:00:00Z"}],
                  "next_cursor": "c1"})",
                                                 R"({"items": [
                    {"campaignId": "cmp_1", "email": "a@x.example", "lastMessageAt": "2026-03-09T11:00:00Z"}]})"}
                            << names(",");
}

void TestOutreach2dayService11::threadsAsAPlainListOrPaged()
{
    QFETCH(QList<QByteArray>, pages);
    QFETCH(QStringList, ids);
    servePages(QStringLiteral("/threads"), pages);
    std::unique_ptr<CursorPager> pager(
            testService()->threadsPager(QStringLiteral("interested"), QString(), nullptr));
    const Run run = drain(pager.get());
    QVERIFY2(!run.end->isError(), qPrintable(run.end->summary()));
    QStringList seen;
    for (const QJsonObject &item : run.items)
        seen << O2dThread::fromJson(item).id;
    QCOMPARE(seen, ids);
    QCOMPARE(received(QStringLiteral("/threads")).size(), pages.size());
}

void TestOutreach2dayService11::threadFiltersGoInTheQuery()
{
    servePages(QStringLiteral("/threads"), {"[]"});
    std::unique_ptr<CursorPager> pager(testService()->threadsPager(QStringLiteral(" Not_Interested "),
                                                                   QStringLiteral("cmp_7"), nullptr));
    QVERIFY(!drain(pager.get()).end->isError());
    pager.reset(testService()->threadsPager(QString(), QString(), nullptr));
    QVERIFY(!drain(pager.get()).end->isError());
    const QList<SandboxRequest> requests = received(QStringLiteral("/threads"));
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(0).queryValue(QStringLiteral("replyIntent")), QStringLiteral("not_interested"));
    QCOMPARE(requests.at(0).queryValue(QStringLiteral("campaignId")), QStringLiteral("cmp_7"));
    QVERIFY(!requests.at(1).hasQuery(QStringLiteral("replyIntent")));
    QVERIFY(!requests.at(1).hasQuery(QStringLiteral("campaignId")));
}

// ---------------------------------------------------------------------------------------------
// The summary is kept byte for byte whatever its type; a file name from the answer loses any
// directory; an empty answer is no export.
void TestOutreach2dayService11::summaryExportIsKeptByteForByte()
{
    const QString path = QStringLiteral("/campaigns/{id}/export");
    const QByteArray csv = "campaignId,sent,replied\r\ncmp_1,750,45\r\n";
    SandboxResponse answer = raw(200, csv, "text/csv; charset=utf-8");
    answer.headers << qMakePair(QByteArray("Content-Disposition"),
                                QByteArray("attachment; filename=\"../../etc/summary-cmp_1.csv\""));
    serve("GET", path, answer);
    auto exported = wait<O2dSummaryExport>(
            [&](auto done) { testService()->exportSummary(QStringLiteral("cmp_1"), this, done); });
    QVERIFY2(exported.ok(), qPrintable(exported.error().summary()));
    QCOMPARE(exported->content, csv);
    QCOMPARE(exported->contentType, QByteArray("text/csv; charset=utf-8"));
    QCOMPARE(exported->fileName, QStringLiteral("summary-cmp_1.csv"));
    QCOMPARE(exported->suffix(), QStringLiteral("csv"));
    const QList<SandboxRequest> requests = received(QStringLiteral("/campaigns/cmp_1/export"));
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.at(0).queryValue(QStringLiteral("kind")), QStringLiteral("summary"));

    // Bytes that are no text at all, and no JSON.
    QByteArray binary("%PDF-1.7\n\0\x01\x02\xff", 14);
    serve("GET", path, raw(200, binary, "application/pdf"));
    exported = wait<O2dSummaryExport>(
            [&](auto done) { testService()->exportSummary(QStringLiteral("cmp_1"), this, done); });
    QVERIFY2(exported.ok(), qPrintable(exported.error().summary()));
    QCOMPARE(exported->content, binary);
    QVERIFY(exported->fileName.isEmpty());
    QCOMPARE(exported->suffix(), QStringLiteral("pdf"));

    serve("GET", path, raw(200, R"({"campaignId": "cmp_1", "sends": {"total": 3}})"));
    exported = wait<O2dSummaryExport>(
            [&](auto done) { testService()->exportSummary(QStringLiteral("cmp_1"), this, done); });
    QVERIFY2(exported.ok(), qPrintable(exported.error().summary()));
    QCOMPARE(exported->suffix(), QStringLiteral("json"));

    serve("GET", path, SandboxResponse::noContent());
    exported = wait<O2dSummaryExport>(
            [&](auto done) { testService()->exportSummary(QStringLiteral("cmp_1"), this, done); });
    QCOMPARE(exported.error().kind, ApiError::Kind::Malformed);
}

void TestOutreach2dayService11::subscriptionAnswersOfOtherShapes()
{
    const QString subscriptions = QStringLiteral("/campaigns/webhooks/subscriptions");
    Outreach2dayService *service = testService();
    O2dWebhookSubscription wanted;
    wanted.endpoint = QStringLiteral(" https://hooks.example.com/o2d ");
    wanted.eventTypes = {QStringLiteral("reply.received"), QStringLiteral("contact.bounced")};
    wanted.replyIntents = {QStringLiteral("interested")};
    wanted.ignoreOoo = true;
    wanted.secret = QStringLiteral("whsec_c29tZSBzZWNyZXQgYnl0ZXMgZm9yIHRoZSB0ZXN0IQ==");

    // A bare object without the secret: the secret sent is the one in force.
    serve("POST", subscriptions, raw(201, R"({"id": "wh_sub_9", "status": "active"})"));
    auto created =
            wait<O2dWebhookSubscription>([&](auto done) { service->createSubscription(wanted, this, done); });
    QVERIFY2(created.ok(), qPrintable(created.error().summary()));
    QCOMPARE(created->id, QStringLiteral("wh_sub_9"));
    QCOMPARE(created->secret, wanted.secret);
    QCOMPARE(created->endpoint, QStringLiteral("https://hooks.example.com/o2d"));
    QCOMPARE(created->eventTypes, wanted.eventTypes);
    const QJsonObject sent = received(subscriptions).last().jsonObject();
    QCOMPARE(sent.value(QStringLiteral("secret")).toString(), wanted.secret);
    QCOMPARE(sent.value(QStringLiteral("endpoint")).toString(),
             QStringLiteral("https://hooks.example.com/o2d"));
    QCOMPARE(sent.value(QStringLiteral("ignoreOoo")).toBool(), true);
    QVERIFY(!sent.contains(QStringLiteral("campaignIds"))); // all campaigns

    // The documented wrapper, with the vendor's own secret.
    serve("POST", subscriptions,
          raw(201, R"({"subscription": {"id": "wh_sub_10", "status": "active", "secret": "whsec_vendor"}})"));
    created =
            wait<O2dWebhookSubscription>([&](auto done) { service->createSubscription(wanted, this, done); });
    QVERIFY2(created.ok(), qPrintable(created.error().summary()));
    QCOMPARE(created->secret, QStringLiteral("whsec_vendor"));

    // No id: the subscription may exist, but the console cannot name it.
    serve("POST", subscriptions, raw(201, R"({"ok": true})"));
    created =
            wait<O2dWebhookSubscription>([&](auto done) { service->createSubscription(wanted, this, done); });
    QCOMPARE(created.error().kind, ApiError::Kind::Malformed);
    QVERIFY(!created.error().explanation.contains(wanted.secret));

    // Update answered 204: what was sent. Never the secret; empty filters sent as [] ("all").
    serve("PATCH", subscriptions + QStringLiteral("/{id}"), SandboxResponse::noContent());
    O2dWebhookSubscription changes = wanted;
    changes.replyIntents.clear();
    changes.eventTypes = {QStringLiteral("contact.unsubscribed")};
    auto updated = wait<O2dWebhookSubscription>(
            [&](auto done) { service->updateSubscription(QStringLiteral("wh_sub_9"), changes, this, done); });
    QVERIFY2(updated.ok(), qPrintable(updated.error().summary()));
    QCOMPARE(updated->id, QStringLiteral("wh_sub_9"));
    QCOMPARE(updated->eventTypes, QStringList{QStringLiteral("contact.unsubscribed")});
    const SandboxRequest patch = received(subscriptions + QStringLiteral("/wh_sub_9")).last();
    QCOMPARE(patch.method, QByteArray("PATCH"));
    QVERIFY(!patch.jsonObject().contains(QStringLiteral("secret")));
    QVERIFY(!patch.body.contains("whsec_"));
    QCOMPARE(patch.jsonObject().value(QStringLiteral("replyIntents")).toArray().size(), 0);
    QVERIFY(patch.jsonObject().value(QStringLiteral("replyIntents")).isArray());

    // Update answered with the wrapped record: the vendor's word wins.
    serve("PATCH", subscriptions + QStringLiteral("/{id}"),
          raw(200, R"({"subscription": {"id": "wh_sub_9", "status": "paused", "ignoreOoo": false}})"));
    updated = wait<O2dWebhookSubscription>(
            [&](auto done) { service->updateSubscription(QStringLiteral("wh_sub_9"), changes, this, done); });
    QVERIFY2(updated.ok(), qPrintable(updated.error().summary()));
    QCOMPARE(updated->status, QStringLiteral("paused"));
    QCOMPARE(updated->ignoreOoo, false);

    // Pause and resume answered with nothing: the status the action sets.
    serve("POST", subscriptions + QStringLiteral("/{id}/pause"), SandboxResponse::noContent());
    serve("POST", subscriptions + QStringLiteral("/{id}/resume"), raw(200, R"({"ok": true})"));
    auto paused = wait<O2dWebhookSubscription>(
            [&](auto done) { service->pauseSubscription(QStringLiteral("wh_sub_9"), this, done); });
    QVERIFY2(paused.ok(), qPrintable(paused.error().summary()));
    QCOMPARE(paused->status, QStringLiteral("paused"));
    QCOMPARE(paused->id, QStringLiteral("wh_sub_9"));
    auto resumed = wait<O2dWebhookSubscription>(
            [&](auto done) { service->resumeSubscription(QStringLiteral("wh_sub_9"), this, done); });
    QVERIFY2(resumed.ok(), qPrintable(resumed.error().summary()));
    QCOMPARE(resumed->status, QStringLiteral("active"));

    // Test answered with plain text or with an object: readable either way.
    serve("POST", subscriptions + QStringLiteral("/{id}/test"), raw(200, "queued", "text/plain"));
    auto tested = wait<QJsonObject>(
            [&](auto done) { service->testSubscription(QStringLiteral("wh_sub_9"), this, done); });
    QVERIFY2(tested.ok(), qPrintable(tested.error().summary()));
    QVERIFY(tested->isEmpty());
    serve("POST", subscriptions + QStringLiteral("/{id}/test"),
          raw(200, R"({"delivered": true, "responseStatus": 200})"));
    tested = wait<QJsonObject>(
            [&](auto done) { service->testSubscription(QStringLiteral("wh_sub_9"), this, done); });
    QVERIFY2(tested.ok(), qPrintable(tested.error().summary()));
    QCOMPARE(tested->value(QStringLiteral("responseStatus")).toInt(), 200);

    serve("DELETE", subscriptions + QStringLiteral("/{id}"), SandboxResponse::noContent());
    QVERIFY(wait<Done>([&](auto done) {
                service->deleteSubscription(QStringLiteral("wh_sub_9"), this, done);
            }).ok());
    QCOMPARE(received(subscriptions + QStringLiteral("/wh_sub_9")).last().method, QByteArray("DELETE"));
}

// The rotation's answer must yield the secret now in force: the vendor's (wrapped or beside the
// subscription), else the one the console sent; with neither, the caller is told.
void TestOutreach2dayService11::rotationNeedsASecret()
{
    const QString rotate = QStringLiteral("/campaigns/webhooks/subscriptions/{id}/rotate-secret");
    const QString sentPath = QStringLiteral("/campaigns/webhooks/subscriptions/wh_sub_9/rotate-secret");
    Outreach2dayService *service = testService();

    serve("POST", rotate,
          raw(200, R"({"subscription": {"id": "wh_sub_9"}, "secret": "whsec_rotated_beside"})"));
    auto rotated = wait<O2dWebhookSubscription>(
            [&](auto done) { service->rotateSecret(QStringLiteral("wh_sub_9"), QString(), this, done); });
    QVERIFY2(rotated.ok(), qPrintable(rotated.error().summary()));
    QCOMPARE(rotated->secret, QStringLiteral("whsec_rotated_beside"));
    QVERIFY(received(sentPath).last().jsonObject().isEmpty()); // the vendor makes it

    serve("POST", rotate, SandboxResponse::noContent());
    const QString mine = QStringLiteral("whsec_bWluZSwgbWFkZSBieSB0aGUgY29uc29sZSBmb3IgdGhpcyB0ZXN0");
    rotated = wait<O2dWebhookSubscription>(
            [&](auto done) { service->rotateSecret(QStringLiteral("wh_sub_9"), mine, this, done); });
    QVERIFY2(rotated.ok(), qPrintable(rotated.error().summary()));
    QCOMPARE(rotated->secret, mine);
    QCOMPARE(rotated->id, QStringLiteral("wh_sub_9"));
    QCOMPARE(received(sentPath).last().jsonObject().value(QStringLiteral("secret")).toString(), mine);

    rotated = wait<O2dWebhookSubscription>(
            [&](auto done) { service->rotateSecret(QStringLiteral("wh_sub_9"), QString(), this, done); });
    QCOMPARE(rotated.error().kind, ApiError::Kind::Malformed);
    QVERIFY2(rotated.error().explanation.contains(QStringLiteral("secret")),
             qPrintable(rotated.error().explanation));

    // A failed rotation is not repeated: it might have retired the secret just issued.
    m_received.clear();
    serve("POST", rotate, SandboxServer::error(Vendor::Outreach2day, 503, QStringLiteral("unavailable"), {}));
    rotated = wait<O2dWebhookSubscription>(
            [&](auto done) { service->rotateSecret(QStringLiteral("wh_sub_9"), mine, this, done); });
    QCOMPARE(rotated.error().httpStatus, 503);
    QCOMPARE(received(sentPath).size(), 1);
}

void TestOutreach2dayService11::suppressionAndSubsequenceAnswers()
{
    Outreach2dayService *service = testService();
    // Status in the shapes the reference leaves open; the address asked for when the answer has none.
    serve("GET", QStringLiteral("/campaigns/suppressions/status"), raw(200, R"({"status": "suppressed"})"));
    auto status = wait<O2dSuppressionStatus>([&](auto done) {
        service->suppressionStatus(QStringLiteral(" Someone@Company.com "), this, done);
    });
    QVERIFY2(status.ok(), qPrintable(status.error().summary()));
    QVERIFY(status->suppressed);
    QCOMPARE(status->email, QStringLiteral("someone@company.com"));
    QCOMPARE(received(QStringLiteral("/campaigns/suppressions/status"))
                     .last()
                     .queryValue(QStringLiteral("email")),
             QStringLiteral("Someone@Company.com"));
    serve("GET", QStringLiteral("/campaigns/suppressions/status"), raw(200, "suppressed", "text/plain"));
    status = wait<O2dSuppressionStatus>([&](auto done) {
        service->suppressionStatus(QStringLiteral("someone@company.com"), this, done);
    });
    QCOMPARE(status.error().kind, ApiError::Kind::Malformed);

    serve("DELETE", QStringLiteral("/campaigns/suppressions"), SandboxResponse::noContent());
    QVERIFY(wait<Done>([&](auto done) {
                service->deleteSuppression(QStringLiteral("someone+tag@company.com"), this, done);
            }).ok());
    QCOMPARE(received(QStringLiteral("/campaigns/suppressions")).last().queryValue(QStringLiteral("email")),
             QStringLiteral("someone+tag@company.com"));
    // An address that is not suppressed: 404, told in words that fit an address.
    serve("DELETE", QStringLiteral("/campaigns/suppressions"),
          SandboxServer::error(Vendor::Outreach2day, 404, QStringLiteral("not_found"),
                               QStringLiteral("No such suppression.")));
    const auto missing = wait<Done>([&](auto done) {
        service->deleteSuppression(QStringLiteral("someone@company.com"), this, done);
    });
    QCOMPARE(missing.error().httpStatus, 404);
    QVERIFY(ErrorCatalog::explain(Vendor::Outreach2day, missing.error().code, 404)
                    .contains(QStringLiteral("suppressed address")));

    // Subsequence: wrapped answer; an answer without id is not a subsequence.
    O2dSubsequence wanted;
    wanted.name = QStringLiteral(" Interested Follow-up ");
    serve("POST", QStringLiteral("/campaigns/{id}/subsequences"),
          raw(201, R"({"subsequence": {"id": "sub_7"}})"));
    auto created = wait<O2dSubsequence>(
            [&](auto done) { service->createSubsequence(QStringLiteral("cmp_1"), wanted, this, done); });
    QVERIFY2(created.ok(), qPrintable(created.error().summary()));
    QCOMPARE(created->id, QStringLiteral("sub_7"));
    QCOMPARE(created->campaignId, QStringLiteral("cmp_1"));
    QCOMPARE(created->name, QStringLiteral("Interested Follow-up"));
    const QJsonObject body = received(QStringLiteral("/campaigns/cmp_1/subsequences")).last().jsonObject();
    QCOMPARE(body,
             (QJsonObject{{QStringLiteral("name"), QStringLiteral("Interested Follow-up")},
                          {QStringLiteral("enrollmentMode"), QStringLiteral("manual")}}));
    serve("POST", QStringLiteral("/campaigns/{id}/subsequences"), raw(201, R"({"name": "x"})"));
    created = wait<O2dSubsequence>(
            [&](auto done) { service->createSubsequence(QStringLiteral("cmp_1"), wanted, this, done); });
    QCOMPARE(created.error().kind, ApiError::Kind::Malformed);

    // Routing: the documented body; any 2xx is done.
    serve("PATCH", QStringLiteral("/campaigns/{id}/subsequence-routing"), raw(200, "OK", "text/plain"));
    O2dRoutingRule rule;
    rule.value = QStringLiteral("interested");
    rule.subsequenceId = QStringLiteral("sub_7");
    O2dRoutingPolicy policy;
    policy.rules = {rule};
    QVERIFY(wait<Done>([&](auto done) {
                service->setSubsequenceRouting(QStringLiteral("cmp_1"), policy, this, done);
            }).ok());
    const QJsonObject routing =
            received(QStringLiteral("/campaigns/cmp_1/subsequence-routing")).last().jsonObject();
    const QJsonArray rules = routing.value(QStringLiteral("routingPolicy"))
                                     .toObject()
                                     .value(QStringLiteral("rules"))
                                     .toArray();
    QCOMPARE(rules.size(), 1);
    QCOMPARE(rules.at(0).toObject(),
             (QJsonObject{{QStringLiteral("trigger"), QStringLiteral("reply_intent")},
                          {QStringLiteral("value"), QStringLiteral("interested")},
                          {QStringLiteral("subsequenceId"), QStringLiteral("sub_7")}}));
    // An empty policy routes nothing: allowed, it clears the rules.
    QVERIFY(wait<Done>([&](auto done) {
                service->setSubsequenceRouting(QStringLiteral("cmp_1"), O2dRoutingPolicy(), this, done);
            }).ok());
}

// S4: with every log category on, no secret the console sent or received appears in a log line,
// even one that is not shaped like whsec_… and even when a caller logs the vendor's error sentence
// that quotes it.
void TestOutreach2dayService11::noSecretReachesTheLogs()
{
    static QStringList captured;
    captured.clear();
    qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &message) { captured << message; });
    Redaction::installMessageHandler();
    QLoggingCategory::setFilterRules(QStringLiteral("cc.*=true"));

    const QString sentSecret = QStringLiteral("whsec_c2VudCBzZWNyZXQgb2YgdGhlIGxvZyB0ZXN0IDEyMzQ1Ng==");
    const QString vendorSecret = QStringLiteral("vendor-made-Zq8xK2pLmN4rT7vW");
    const QString rotatedSecret = QStringLiteral("rotated-Hj3kL9mN2bV5cX8z");
    const QString subscriptions = QStringLiteral("/campaigns/webhooks/subscriptions");
    serve("POST", subscriptions,
          raw(201,
              QStringLiteral(R"({"subscription": {"id": "wh_sub_log", "secret": "%1"}})")
                      .arg(vendorSecret)
                      .toUtf8()));
    serve("POST", subscriptions + QStringLiteral("/{id}/rotate-secret"),
          raw(200, QStringLiteral(R"({"secret": "%1"})").arg(rotatedSecret).toUtf8()));
    // A vendor that quotes the secret back in an error sentence.
    serve("PATCH", subscriptions + QStringLiteral("/{id}"),
          SandboxServer::error(Vendor::Outreach2day, 400, QStringLiteral("invalid_field"),
                               QStringLiteral("secret %1 is not accepted").arg(rotatedSecret)));

    O2dWebhookSubscription wanted;
    wanted.endpoint = QStringLiteral("https://hooks.example.com/o2d");
    wanted.eventTypes = {QStringLiteral("reply.received")};
    wanted.secret = sentSecret;
    Outreach2dayService *service = testService();
    const auto created =
            wait<O2dWebhookSubscription>([&](auto done) { service->createSubscription(wanted, this, done); });
    const auto rotated = wait<O2dWebhookSubscription>(
            [&](auto done) { service->rotateSecret(QStringLiteral("wh_sub_log"), QString(), this, done); });
    const auto refused = wait<O2dWebhookSubscription>([&](auto done) {
        service->updateSubscription(QStringLiteral("wh_sub_log"), wanted, this, done);
    });
    // Callers log what they hold (a careless one included).
    qWarning().noquote() << "created" << created->id << "with" << created->secret;
    qWarning().noquote() << "rotated to" << rotated->secret;
    qWarning().noquote() << "update failed:" << refused.error().summary() << refused.error().explanation;

    QLoggingCategory::setFilterRules(QString());
    qInstallMessageHandler(nullptr);
    QVERIFY(created.ok());
    QCOMPARE(created->secret, vendorSecret);
    QVERIFY(rotated.ok());
    QCOMPARE(rotated->secret, rotatedSecret);
    QCOMPARE(refused.error().httpStatus, 400);
    QVERIFY(captured.join(QLatin1Char('\n')).contains(QStringLiteral("rotated to")));
    QVERIFY(captured.join(QLatin1Char('\n')).contains(QStringLiteral("update failed")));
    for (const QString &line : std::as_const(captured)) {
        for (const QString &secret : {sentSecret, vendorSecret, rotatedSecret})
            QVERIFY2(!line.contains(secret), qPrintable(line));
    }
}

CC_TEST_GUILESS_MAIN(TestOutreach2dayService11)
#include "tst_outreach2dayservice11.moc"
