// The #11 operations of the console's Outreach2day service against the sandbox's own endpoints
// over loopback (no substitute routes): webhook event types and subscriptions (create, update,
// test, pause, resume, rotate, delete), the events list and a subscription's deliveries; the
// errors those endpoints and the campaign ones answer (the error envelope read into the one error
// type, 404 for an unknown campaign or subscription, 400 invalid_field, 409 invalid_state), each
// explained in words by the ErrorCatalog; and every cursor-paged list (sends, contact changes,
// webhook events, deliveries, suppressions, threads) through the one pager with the sandbox's
// paging switches: a repeated cursor or a page without progress stops with its error, never loops.
//
// What the sandbox answers when the Outreach2day public API reference is silent is chosen in
// services/sandbox/Outreach2dayAnswers.h (validation is 400 invalid_field there, not 422).

#include "SandboxFixture.h"
#include "TestMain.h"
#include "core/CursorPager.h"
#include "core/ErrorCatalog.h"
#include "core/VendorClient.h"
#include "outreach2day/Outreach2dayService.h"
#include "sandbox/Outreach2daySandbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

namespace {

constexpr int kWaitMs = 60'000;

// Lists whose pager a test row names.
enum class List { Sends, Changes, Events, Deliveries, Suppressions, Threads };

} // namespace

Q_DECLARE_METATYPE(List)

class TestO2dIntegration11 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void webhookSubscriptionLifecycle();
    void subscriptionRefusalsAreExplained();
    void unknownCampaignIsExplained_data();
    void unknownCampaignIsExplained();
    void everyListStopsOnARepeatedCursor_data();
    void everyListStopsOnARepeatedCursor();
    void everyListStopsWithoutProgress_data();
    void everyListStopsWithoutProgress();

private:
    template<typename T, typename Call>
    Result<T> wait(Call call);
    // Every item `pager` hands over until it finishes (started from `cursor` when given); the end
    // in `end` (unset when it never finished).
    QList<QJsonObject> drain(CursorPager *pager, std::optional<ApiError> *end, const QString &cursor = {});
    CursorPager *pagerFor(List list);
    QString rawPath(List list) const;
    QUrlQuery rawQuery(List list) const;
    // One request straight to the sandbox (test set-up the console does not do itself): its status,
    // and its JSON answer in `answer`.
    int raw(const QByteArray &verb, const QString &path, const QJsonObject &body = {}, QUrlQuery query = {},
            QJsonObject *answer = nullptr);
    bool control(const QJsonObject &body);
    bool setPaging(const QString &fault) { return control({{QStringLiteral("paging"), fault}}); }
    // The sandbox's error for `result`: its status and code, explained by the catalogue's sentence
    // for that code (not the fallback for the status alone).
    static void checkExplained(const ApiError &error, int status, const QString &code);
    // A webhook.test event (and its delivery) for the subscription, `count` times.
    bool testEvents(const QString &subscriptionId, int count);

    SandboxFixture m_sandbox;
    std::unique_ptr<Outreach2dayService> m_service;
    QString m_campaign; // launched, with sends, changes and threads
    QDateTime m_launchedAt;
    QString m_subscription; // with test events and their deliveries
};

void TestO2dIntegration11::initTestCase()
{
    qRegisterMetaType<ApiError>();
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    m_service = std::make_unique<Outreach2dayService>(m_sandbox.client(Vendor::Outreach2day));
    m_service->setWorkspaceId(SandboxFixture::outreachWorkspaceId());

    // A campaign running for a few days on the sandbox's clock: sends, changes and threads.
    QJsonObject created;
    QCOMPARE(raw("POST", QStringLiteral("/campaigns"), {{QStringLiteral("name"), QStringLiteral("Watched")}},
                 {}, &created),
             201);
    m_campaign = created.value(QStringLiteral("id")).toString();
    QVERIFY(!m_campaign.isEmpty());
    const QString base = QStringLiteral("/campaigns/%1").arg(m_campaign);
    QCOMPARE(raw("POST", base + QStringLiteral("/steps"),
                 {{QStringLiteral("subject"), QStringLiteral("Hello {{firstName}}")},
                  {QStringLiteral("bodyText"), QStringLiteral("Hi {{firstName}}")}}),
             201);
    QByteArray csv = "email,firstName\r\n";
    // More contacts than a page holds, all emailed on the first day: more changes than a page too.
    for (int i = 0; i < Outreach2dayService::pageLimit + 20; ++i)
        csv += QStringLiteral("lead%1@watched.example,Lead%1\r\n").arg(i).toUtf8();
    const QByteArray multipart =
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"l.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n" +
            csv + "\r\n--b--\r\n";
    {
        QUrl url = m_sandbox.baseUrl(Vendor::Outreach2day);
        url.setPath(url.path() + base + QStringLiteral("/contacts/import"));
        url.setQuery(QUrlQuery{{QStringLiteral("workspaceId"), SandboxFixture::outreachWorkspaceId()}});
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + SandboxFixture::token(Vendor::Outreach2day));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("multipart/form-data; boundary=b"));
        std::unique_ptr<QNetworkReply> reply(m_sandbox.network()->post(request, multipart));
        QVERIFY(QTest::qWaitFor([&reply] { return reply->isFinished(); }, kWaitMs));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    }
    QCOMPARE(raw("POST", base + QStringLiteral("/mailboxes"),
                 {{QStringLiteral("mailboxAddress"), QStringLiteral("sender@cooloutreach.com")},
                  {QStringLiteral("dailyLimit"), 1000},
                  {QStringLiteral("gapBaseSeconds"), 0},
                  {QStringLiteral("gapJitterSeconds"), 0}}),
             201);
    const QJsonArray everyDay{QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"),
                              QStringLiteral("thu"), QStringLiteral("fri"), QStringLiteral("sat"),
                              QStringLiteral("sun")};
    QCOMPARE(raw("PUT", base + QStringLiteral("/schedule"),
                 {{QStringLiteral("timezone"), QStringLiteral("UTC")},
                  {QStringLiteral("weekdays"), everyDay},
                  {QStringLiteral("windows"),
                   QJsonArray{QJsonObject{{QStringLiteral("start"), QStringLiteral("00:00")},
                                          {QStringLiteral("end"), QStringLiteral("23:59")}}}}}),
             200);
    // A subscription to every send, whose endpoint nobody answers: each send is an event, and its
    // delivery fails and is recorded (more of both than a page holds once the campaign ran).
    QJsonObject subscription;
    QCOMPARE(raw("POST", QStringLiteral("/campaigns/webhooks/subscriptions"),
                 {{QStringLiteral("endpoint"), QStringLiteral("http://127.0.0.1:9/hooks")},
                  {QStringLiteral("eventTypes"), QJsonArray{QStringLiteral("send.sent")}}},
                 {}, &subscription),
             201);
    m_subscription = subscription.value(QStringLiteral("subscription"))
                             .toObject()
                             .value(QStringLiteral("id"))
                             .toString();
    QVERIFY(!m_subscription.isEmpty());
    QVERIFY(testEvents(m_subscription, 3));
    m_launchedAt = m_sandbox.server()->outreach2day()->clock().now();
    QCOMPARE(raw("POST", base + QStringLiteral("/launch")), 200);
    QVERIFY(control({{QStringLiteral("advanceSeconds"), 5 * 86400}}));

    // A few suppressions beside the workspace's own.
    QCOMPARE(raw("POST", QStringLiteral("/campaigns/suppressions"),
                 {{QStringLiteral("emails"),
                   QJsonArray{QStringLiteral("a@paged.example"), QStringLiteral("b@paged.example")}},
                  {QStringLiteral("reason"), QStringLiteral("manual_suppression")}}),
             200);
}

void TestO2dIntegration11::init()
{
    QVERIFY(setPaging(QStringLiteral("none")));
    m_sandbox.server()->clearRequests();
}

template<typename T, typename Call>
Result<T> TestO2dIntegration11::wait(Call call)
{
    std::optional<Result<T>> result;
    call([&result](const Result<T> &r) { result.emplace(r); });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, kWaitMs))
        return ApiError::local(Vendor::Outreach2day, QStringLiteral("test_timeout"),
                               QStringLiteral("no answer"));
    return *result;
}

QList<QJsonObject> TestO2dIntegration11::drain(CursorPager *pager, std::optional<ApiError> *end,
                                               const QString &cursor)
{
    QList<QJsonObject> items;
    QObject context;
    connect(pager, &CursorPager::page, &context, [&items](const QList<QJsonObject> &page) { items += page; });
    connect(pager, &CursorPager::finished, &context, [end](const ApiError &error) { *end = error; });
    pager->start(cursor);
    if (!QTest::qWaitFor([end] { return end->has_value(); }, kWaitMs))
        pager->cancel(); // `end` stays unset: the caller fails on it
    return items;
}

CursorPager *TestO2dIntegration11::pagerFor(List list)
{
    switch (list) {
    case List::Sends:
        return m_service->sendsPager(m_campaign, this);
    case List::Changes:
        return m_service->contactChangesPager(m_campaign, m_launchedAt, this);
    case List::Events:
        return m_service->webhookEventsPager(this);
    case List::Deliveries:
        return m_service->deliveriesPager(m_subscription, this);
    case List::Suppressions:
        return m_service->suppressionsPager(this);
    case List::Threads:
        return m_service->threadsPager(QString(), m_campaign, this);
    }
    return nullptr;
}

QString TestO2dIntegration11::rawPath(List list) const
{
    switch (list) {
    case List::Sends:
        return QStringLiteral("/campaigns/%1/sends").arg(m_campaign);
    case List::Changes:
        return QStringLiteral("/campaigns/%1/contacts/changes").arg(m_campaign);
    case List::Events:
        return QStringLiteral("/campaigns/webhooks/events");
    case List::Deliveries:
        return QStringLiteral("/campaigns/webhooks/subscriptions/%1/deliveries").arg(m_subscription);
    case List::Suppressions:
        return QStringLiteral("/campaigns/suppressions");
    case List::Threads:
        return QStringLiteral("/threads");
    }
    return {};
}

QUrlQuery TestO2dIntegration11::rawQuery(List list) const
{
    QUrlQuery query;
    if (list == List::Changes)
        query.addQueryItem(QStringLiteral("updatedSince"), m_launchedAt.toUTC().toString(Qt::ISODate));
    if (list == List::Threads)
        query.addQueryItem(QStringLiteral("campaignId"), m_campaign);
    return query;
}

int TestO2dIntegration11::raw(const QByteArray &verb, const QString &path, const QJsonObject &body,
                              QUrlQuery query, QJsonObject *answer)
{
    QUrl url = m_sandbox.baseUrl(Vendor::Outreach2day);
    url.setPath(url.path() + path);
    query.addQueryItem(QStringLiteral("workspaceId"), SandboxFixture::outreachWorkspaceId());
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + SandboxFixture::token(Vendor::Outreach2day));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QByteArray payload =
            body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    std::unique_ptr<QNetworkReply> reply(m_sandbox.network()->sendCustomRequest(request, verb, payload));
    if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, kWaitMs))
        return 0;
    if (answer)
        *answer = QJsonDocument::fromJson(reply->readAll()).object();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

bool TestO2dIntegration11::control(const QJsonObject &body)
{
    QUrl url = m_sandbox.baseUrl(Vendor::Outreach2day);
    url.setPath(QStringLiteral("/_sandbox/outreach2day"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(
            m_sandbox.network()->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    return QTest::qWaitFor([&reply] { return reply->isFinished(); }, kWaitMs) &&
            reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
}

bool TestO2dIntegration11::testEvents(const QString &subscriptionId, int count)
{
    const QString path = QStringLiteral("/campaigns/webhooks/subscriptions/%1/test").arg(subscriptionId);
    for (int i = 0; i < count; ++i) {
        if (raw("POST", path) != 200)
            return false;
    }
    return true;
}

void TestO2dIntegration11::checkExplained(const ApiError &error, int status, const QString &code)
{
    QVERIFY2(error.isError(), "the sandbox accepted what it should refuse");
    QCOMPARE(error.kind, ApiError::Kind::Vendor);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.code, code);
    QVERIFY2(!error.vendorMessage.isEmpty(), "the envelope's message is kept");
    const QString sentence = ErrorCatalog::explain(Vendor::Outreach2day, code, status);
    QVERIFY2(sentence != ErrorCatalog::explain(Vendor::Outreach2day, QStringLiteral("no_such_code"), status),
             qPrintable(sentence)); // the code's own words, not the status's fallback
    QVERIFY2(error.explanation.contains(sentence), qPrintable(error.explanation));
}

// Event types, then a subscription through its whole life; its test events in the events list
// and their deliveries in its history; after delete, every action on it is a 404 in words.
void TestO2dIntegration11::webhookSubscriptionLifecycle()
{
    const auto types =
            wait<QStringList>([this](auto done) { m_service->fetchWebhookEventTypes(this, done); });
    QVERIFY2(types.ok(), qPrintable(types.error().summary()));
    QCOMPARE(types.value(), Outreach2daySandbox::webhookEventTypes());

    O2dWebhookSubscription wanted;
    wanted.endpoint = QStringLiteral("http://127.0.0.1:9/lifecycle");
    wanted.eventTypes = {QStringLiteral("reply.received"), QStringLiteral("contact.unsubscribed")};
    wanted.replyIntents = {QStringLiteral("interested")};
    wanted.campaignIds = {m_campaign};
    wanted.ignoreOoo = true;
    wanted.secret = QStringLiteral("whsec_") + QString::fromLatin1(QByteArray(32, 'k').toBase64());
    const auto created = wait<O2dWebhookSubscription>(
            [&](auto done) { m_service->createSubscription(wanted, this, done); });
    QVERIFY2(created.ok(), qPrintable(created.error().summary()));
    const QString id = created->id;
    QVERIFY(id.startsWith(QStringLiteral("wh_sub_")));
    QCOMPARE(created->secret, wanted.secret);
    QCOMPARE(created->status, QStringLiteral("active"));
    QCOMPARE(created->eventTypes, wanted.eventTypes);

    O2dWebhookSubscription changes = created.value();
    changes.eventTypes = {QStringLiteral("contact.bounced")};
    changes.ignoreAutoReply = true;
    const auto updated = wait<O2dWebhookSubscription>(
            [&](auto done) { m_service->updateSubscription(id, changes, this, done); });
    QVERIFY2(updated.ok(), qPrintable(updated.error().summary()));
    QCOMPARE(updated->eventTypes, QStringList{QStringLiteral("contact.bounced")});
    QVERIFY(updated->ignoreAutoReply);
    QVERIFY(updated->secret.isEmpty()); // a secret is answered on create and rotate only

    const auto tested = wait<QJsonObject>([&](auto done) { m_service->testSubscription(id, this, done); });
    QVERIFY2(tested.ok(), qPrintable(tested.error().summary()));
    const QString eventId = tested->value(QStringLiteral("eventId")).toString();
    QVERIFY(!eventId.isEmpty());

    const auto paused =
            wait<O2dWebhookSubscription>([&](auto done) { m_service->pauseSubscription(id, this, done); });
    QVERIFY2(paused.ok(), qPrintable(paused.error().summary()));
    QCOMPARE(paused->status, QStringLiteral("paused"));
    const auto pausedAgain =
            wait<O2dWebhookSubscription>([&](auto done) { m_service->pauseSubscription(id, this, done); });
    checkExplained(pausedAgain.error(), 409, QStringLiteral("invalid_state"));
    const auto resumed =
            wait<O2dWebhookSubscription>([&](auto done) { m_service->resumeSubscription(id, this, done); });
    QVERIFY2(resumed.ok(), qPrintable(resumed.error().summary()));
    QCOMPARE(resumed->status, QStringLiteral("active"));

    const QString next = QStringLiteral("whsec_") + QString::fromLatin1(QByteArray(32, 'n').toBase64());
    const auto rotated =
            wait<O2dWebhookSubscription>([&](auto done) { m_service->rotateSecret(id, next, this, done); });
    QVERIFY2(rotated.ok(), qPrintable(rotated.error().summary()));
    QCOMPARE(rotated->secret, next);

    // The test event is in the events list, and its delivery in the subscription's history.
    std::optional<ApiError> end;
    std::unique_ptr<CursorPager> pager(m_service->webhookEventsPager(nullptr));
    QStringList eventIds;
    for (const QJsonObject &item : drain(pager.get(), &end))
        eventIds << O2dWebhookEvent::fromJson(item).id;
    QVERIFY2(end && !end->isError(), end ? qPrintable(end->summary()) : "never finished");
    QVERIFY2(eventIds.contains(eventId), qPrintable(eventIds.join(QLatin1Char(' '))));
    end.reset();
    pager.reset(m_service->deliveriesPager(id, nullptr));
    const QList<QJsonObject> deliveries = drain(pager.get(), &end);
    QVERIFY2(end && !end->isError(), end ? qPrintable(end->summary()) : "never finished");
    QCOMPARE(deliveries.size(), 1);
    const O2dWebhookDelivery delivery = O2dWebhookDelivery::fromJson(deliveries.constFirst());
    QCOMPARE(delivery.eventId, eventId);
    QVERIFY(delivery.attempts >= 1);

    QVERIFY(wait<Done>([&](auto done) { m_service->deleteSubscription(id, this, done); }).ok());
    // Gone: each action on it is the sandbox's 404, explained as a missing subscription.
    checkExplained(wait<Done>([&](auto done) { m_service->deleteSubscription(id, this, done); }).error(), 404,
                   QStringLiteral("not_found"));
    checkExplained(wait<O2dWebhookSubscription>([&](auto done) {
                       m_service->updateSubscription(id, changes, this, done);
                   }).error(),
                   404, QStringLiteral("not_found"));
    checkExplained(wait<QJsonObject>([&](auto done) { m_service->testSubscription(id, this, done); }).error(),
                   404, QStringLiteral("not_found"));
    checkExplained(wait<O2dWebhookSubscription>([&](auto done) {
                       m_service->pauseSubscription(id, this, done);
                   }).error(),
                   404, QStringLiteral("not_found"));
    checkExplained(wait<O2dWebhookSubscription>([&](auto done) {
                       m_service->resumeSubscription(id, this, done);
                   }).error(),
                   404, QStringLiteral("not_found"));
    checkExplained(wait<O2dWebhookSubscription>([&](auto done) {
                       m_service->rotateSecret(id, next, this, done);
                   }).error(),
                   404, QStringLiteral("not_found"));
    end.reset();
    pager.reset(m_service->deliveriesPager(id, nullptr));
    drain(pager.get(), &end);
    QVERIFY(end.has_value());
    checkExplained(*end, 404, QStringLiteral("not_found"));
    QVERIFY(ErrorCatalog::explain(Vendor::Outreach2day, QStringLiteral("not_found"), 404)
                    .contains(QStringLiteral("webhook subscription")));
}

// What only the sandbox refuses (the console's own checks pass): an event type or reply intent it
// does not know, a secret in an update. Each a 400 naming the field, explained in words.
void TestO2dIntegration11::subscriptionRefusalsAreExplained()
{
    O2dWebhookSubscription unknownType;
    unknownType.endpoint = QStringLiteral("http://127.0.0.1:9/refused");
    unknownType.eventTypes = {QStringLiteral("contact.teleported")};
    QVERIFY(!unknownType.problem());
    const auto refused = wait<O2dWebhookSubscription>(
            [&](auto done) { m_service->createSubscription(unknownType, this, done); });
    checkExplained(refused.error(), 400, QStringLiteral("invalid_field"));
    QVERIFY2(refused.error().explanation.contains(QStringLiteral("eventTypes")),
             qPrintable(refused.error().explanation));

    O2dWebhookSubscription unknownIntent = unknownType;
    unknownIntent.eventTypes = {QStringLiteral("reply.received")};
    unknownIntent.replyIntents = {QStringLiteral("thrilled")};
    QVERIFY(!unknownIntent.problem());
    const auto refusedIntent = wait<O2dWebhookSubscription>(
            [&](auto done) { m_service->createSubscription(unknownIntent, this, done); });
    checkExplained(refusedIntent.error(), 400, QStringLiteral("invalid_field"));
    QVERIFY2(refusedIntent.error().explanation.contains(QStringLiteral("replyIntents")),
             qPrintable(refusedIntent.error().explanation));
    // Nothing was created by either.
    QJsonObject listed;
    QCOMPARE(raw("GET", QStringLiteral("/campaigns/webhooks/subscriptions"), {}, {}, &listed), 200);
    for (const QJsonValue &item : listed.value(QStringLiteral("items")).toArray())
        QVERIFY(!item.toObject()
                         .value(QStringLiteral("endpoint"))
                         .toString()
                         .endsWith(QLatin1String("/refused")));
}

void TestO2dIntegration11::unknownCampaignIsExplained_data()
{
    QTest::addColumn<QString>("operation");
    for (const char *operation : {"stats", "sends", "changes", "threads", "export", "subsequence", "routing"})
        QTest::newRow(operation) << QString::fromLatin1(operation);
}

// Every #11 operation on a campaign the workspace does not have: the sandbox's 404, read from its
// envelope and explained as a missing campaign, whatever the operation.
void TestO2dIntegration11::unknownCampaignIsExplained()
{
    QFETCH(QString, operation);
    const QString missing = QStringLiteral("cmp_nope");
    std::optional<ApiError> error;
    const auto pagerError = [&](CursorPager *pager) {
        std::unique_ptr<CursorPager> owned(pager);
        std::optional<ApiError> end;
        drain(owned.get(), &end);
        return end;
    };
    if (operation == QLatin1String("stats")) {
        error = wait<O2dStats>([&](auto done) { m_service->fetchStats(missing, this, done); }).error();
    } else if (operation == QLatin1String("sends")) {
        error = pagerError(m_service->sendsPager(missing, nullptr));
    } else if (operation == QLatin1String("changes")) {
        error = pagerError(m_service->contactChangesPager(missing, m_launchedAt, nullptr));
    } else if (operation == QLatin1String("threads")) {
        error = pagerError(m_service->threadsPager(QStringLiteral("interested"), missing, nullptr));
    } else if (operation == QLatin1String("export")) {
        error = wait<O2dSummaryExport>([&](auto done) {
                    m_service->exportSummary(missing, this, done);
                }).error();
    } else if (operation == QLatin1String("subsequence")) {
        O2dSubsequence subsequence;
        subsequence.name = QStringLiteral("Follow-up");
        error = wait<O2dSubsequence>([&](auto done) {
                    m_service->createSubsequence(missing, subsequence, this, done);
                }).error();
    } else {
        O2dRoutingRule rule;
        rule.value = QStringLiteral("interested");
        rule.subsequenceId = QStringLiteral("sub_001");
        O2dRoutingPolicy policy;
        policy.rules = {rule};
        error = wait<Done>([&](auto done) {
                    m_service->setSubsequenceRouting(missing, policy, this, done);
                }).error();
    }
    QVERIFY(error.has_value());
    checkExplained(*error, 404, QStringLiteral("not_found"));
    QVERIFY(error->explanation.contains(QStringLiteral("no such campaign")));
}

void TestO2dIntegration11::everyListStopsOnARepeatedCursor_data()
{
    QTest::addColumn<List>("list");
    QTest::newRow("sends") << List::Sends;
    QTest::newRow("contact changes") << List::Changes;
    QTest::newRow("webhook events") << List::Events;
    QTest::newRow("deliveries") << List::Deliveries;
    QTest::newRow("suppressions") << List::Suppressions;
    QTest::newRow("threads") << List::Threads;
}

// The sandbox answers the cursor it was asked with (its repeat-cursor switch): the console's pager,
// resuming from a cursor the sandbox issued, stops with "cursor_repeated" after a request or two
// and keeps what it read, instead of asking for the same page forever.
void TestO2dIntegration11::everyListStopsOnARepeatedCursor()
{
    QFETCH(List, list);
    // A real cursor of this list: after its first item.
    QUrlQuery query = rawQuery(list);
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1"));
    QJsonObject first;
    QCOMPARE(raw("GET", rawPath(list), {}, query, &first), 200);
    const QString cursor = first.value(QStringLiteral("next_cursor")).toString();
    QVERIFY2(!cursor.isEmpty(), "the list has a single item: nothing to page");

    QVERIFY(setPaging(QStringLiteral("repeat_cursor")));
    m_sandbox.server()->clearRequests();
    std::unique_ptr<CursorPager> pager(pagerFor(list));
    std::optional<ApiError> end;
    const QList<QJsonObject> items = drain(pager.get(), &end, cursor);
    QVERIFY2(end.has_value(), "the pager never finished");
    QCOMPARE(end->code, QStringLiteral("cursor_repeated"));
    QVERIFY2(end->explanation.contains(QStringLiteral("already sent")), qPrintable(end->explanation));
    QVERIFY(!items.isEmpty()); // what was read is handed over
    QVERIFY(m_sandbox.server()->requestCount(Vendor::Outreach2day, "GET", rawPath(list)) <= 2);
}

void TestO2dIntegration11::everyListStopsWithoutProgress_data()
{
    QTest::addColumn<List>("list");
    // A page holds Outreach2dayService::pageLimit items: each list has more than that.
    QTest::newRow("sends") << List::Sends;
    QTest::newRow("contact changes") << List::Changes;
    QTest::newRow("webhook events") << List::Events;
    QTest::newRow("deliveries") << List::Deliveries;
    QTest::newRow("suppressions") << List::Suppressions;
}

// The sandbox answers the first page again under a new cursor (its no-progress switch): the pager
// stops with "no_progress" on the second page, every item of the first handed over once.
void TestO2dIntegration11::everyListStopsWithoutProgress()
{
    QFETCH(List, list);
    // initTestCase's campaign emailed more contacts than a page holds: as many sends, changes,
    // send.sent events and their deliveries. The suppressions list gets as many here.
    if (list == List::Suppressions) {
        QJsonArray emails;
        for (int i = 0; i <= Outreach2dayService::pageLimit; ++i)
            emails.append(QStringLiteral("many%1@paged.example").arg(i));
        QCOMPARE(
                raw("POST", QStringLiteral("/campaigns/suppressions"),
                    {{QStringLiteral("emails"), emails}, {QStringLiteral("reason"), QStringLiteral("bulk")}}),
                200);
    }

    QVERIFY(setPaging(QStringLiteral("no_progress")));
    m_sandbox.server()->clearRequests();
    std::unique_ptr<CursorPager> pager(pagerFor(list));
    std::optional<ApiError> end;
    const QList<QJsonObject> items = drain(pager.get(), &end);
    QVERIFY2(end.has_value(), "the pager never finished");
    QCOMPARE(end->code, QStringLiteral("no_progress"));
    QVERIFY2(end->explanation.contains(QStringLiteral("no new item")), qPrintable(end->explanation));
    QCOMPARE(items.size(), Outreach2dayService::pageLimit);
    QCOMPARE(pager->pages(), 2);
    QCOMPARE(m_sandbox.server()->requestCount(Vendor::Outreach2day, "GET", rawPath(list)), 2);
}

CC_TEST_GUILESS_MAIN(TestO2dIntegration11)
#include "tst_o2dintegration11.moc"
