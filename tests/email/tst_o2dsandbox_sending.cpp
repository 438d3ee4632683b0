// Outreach2day's sandbox after launch, over raw HTTP: sending on the sandbox's clock (advanced
// by the control endpoint) within the schedule's windows in the campaign's zone, each mailbox's
// daily limit and gap, step delays and A/B weights; stop rules and suppressions; replies,
// bounces and unsubscribes consistent across stats, sends, the changes feed and threads; cursor
// paging and its switches on the new lists; suppression status/list/delete; subsequences and
// routing; the summary export.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "sandbox/Outreach2daySandbox.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTimeZone>
#include <QUrlQuery>

namespace {

constexpr int kWaitMs = 60'000;

struct Answer
{
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QList<QNetworkReply::RawHeaderPair> headers;

    QString field() const
    {
        return json.value(QStringLiteral("detail")).toObject().value(QStringLiteral("field")).toString();
    }
    QString text(const QString &key) const { return json.value(key).toString(); }
    QJsonArray items() const { return json.value(QStringLiteral("items")).toArray(); }
    QString next() const { return json.value(QStringLiteral("next_cursor")).toString(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &pair : headers) {
            if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
                return pair.second;
        }
        return {};
    }
};

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QDateTime timeOf(const QJsonObject &object, const QString &key)
{
    return QDateTime::fromString(object.value(key).toString(), Qt::ISODate);
}

QString str(const QJsonObject &object, const QString &key)
{
    return object.value(key).toString();
}

QJsonObject window(const QString &start, const QString &end)
{
    return QJsonObject{{QStringLiteral("start"), start}, {QStringLiteral("end"), end}};
}

struct Received
{
    QByteArray id, timestamp, signature, body;
};

struct StepSpec
{
    int delayDays = 0;
    QList<int> weights; // A/B weights, empty: none
};

struct CampaignSpec
{
    int contacts = 20;
    QList<StepSpec> steps = {StepSpec{}};
    int dailyLimit = 5000, gapBase = 0, gapJitter = 0;
    int mailboxes = 1;
    QString zone = QStringLiteral("Europe/Berlin");
    QJsonArray weekdays = {QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"),
                           QStringLiteral("thu"), QStringLiteral("fri"), QStringLiteral("sat"),
                           QStringLiteral("sun")};
    QJsonArray windows = {window(QStringLiteral("00:00"), QStringLiteral("23:59"))};
    QJsonObject stopRules; // empty: the defaults (all on)
};

} // namespace

class TestO2dSandboxSending : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void clockIsControlled();
    void sendsFollowWindowsLimitsAndGapsInTheZone();
    void stepDelaysAndAbWeights();
    void suppressedAddressesAreNeverEmailed();
    void stopOnReplyEndsTheSequence();
    void withoutStopRulesTheSequenceGoesOn();
    void outcomesAgreeAcrossStatsSendsChangesAndThreads();
    void pauseStopsSending();
    void campaignCompletes();
    void changesFeedSinceATime();
    void everyNewListPagesWithTheSwitches_data();
    void everyNewListPagesWithTheSwitches();
    void pagingRefusals();
    void historicSendsPageEfficiently();
    void threadsFilterByIntentAndCampaign();
    void suppressionStatusListAndDelete();
    void subsequenceAndRouting();
    void summaryExport();
    void webhookSubscriptionLifecycle();
    void webhookDeliveriesAreSignedAndRetriedWithHistory();
    void webhookEventsFollowTheSimulation();

private:
    Answer send(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                const QUrlQuery &extra = {});
    Answer get(const QString &path, const QUrlQuery &extra = {}) { return send("GET", path, {}, extra); }
    Answer post(const QString &path, const QJsonObject &body) { return send("POST", path, toJson(body)); }
    Answer control(const QJsonObject &body);
    // Follows next_cursor to the end (limit per page); fails the test on a non-200.
    QJsonArray all(const QString &path, QUrlQuery query = {}, int limit = 500);
    // The clock at the next Monday 00:00 UTC (the clock never goes back).
    QDateTime nextMonday();
    void advance(qint64 seconds)
    {
        QCOMPARE(control(QJsonObject{{QStringLiteral("advanceSeconds"), double(seconds)}}).status, 200);
    }
    QString campaign(const CampaignSpec &spec, QStringList *emails = nullptr);
    bool launch(const QString &campaignId);
    QJsonObject stats(const QString &campaignId)
    {
        return get(QStringLiteral("/campaigns/%1/stats").arg(campaignId)).json;
    }
    Outreach2daySandbox *o2d() const { return m_sandbox.server()->outreach2day(); }
    // A subscription to this test's receiver (unless `fields` names an endpoint); its id.
    QString subscribe(const QJsonObject &fields, QString *secret = nullptr);

    SandboxFixture m_sandbox;
    QHttpServer m_receiver; // the operator's webhook endpoint, on this computer
    quint16 m_receiverPort = 0;
    QList<Received> m_received;
    QList<int> m_answers; // the receiver's next answers (then 204)
    int m_nextContact = 1;
};

void TestO2dSandboxSending::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    m_receiver.route(QStringLiteral("/hook"), [this](const QHttpServerRequest &request) {
        m_received.append(Received{request.value("webhook-id"), request.value("webhook-timestamp"),
                                   request.value("webhook-signature"), request.body()});
        const int status = m_answers.isEmpty() ? 204 : m_answers.takeFirst();
        return QHttpServerResponse(QHttpServerResponse::StatusCode(status));
    });
    m_receiverPort = m_receiver.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_receiverPort != 0);
}

void TestO2dSandboxSending::init()
{
    o2d()->resetSwitches();
    m_received.clear();
    m_answers.clear();
}

Answer TestO2dSandboxSending::send(const QByteArray &verb, const QString &path, const QByteArray &body,
                                   const QUrlQuery &extra)
{
    QUrl url = m_sandbox.baseUrl(Vendor::Outreach2day);
    url.setPath(url.path() + path);
    QUrlQuery query = extra;
    query.addQueryItem(QStringLiteral("workspaceId"), SandboxFixture::outreachWorkspaceId());
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + SandboxFixture::token(Vendor::Outreach2day));
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_sandbox.network()->sendCustomRequest(request, verb, body);
    Answer answer;
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, kWaitMs))
        return answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.json = QJsonDocument::fromJson(answer.body).object();
    answer.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return answer;
}

Answer TestO2dSandboxSending::control(const QJsonObject &body)
{
    QUrl url = m_sandbox.baseUrl(Vendor::Outreach2day);
    url.setPath(QStringLiteral("/_sandbox/outreach2day"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = body.isEmpty() ? m_sandbox.network()->get(request)
                                          : m_sandbox.network()->post(request, toJson(body));
    Answer answer;
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, kWaitMs))
        return answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.json = QJsonDocument::fromJson(answer.body).object();
    reply->deleteLater();
    return answer;
}

QJsonArray TestO2dSandboxSending::all(const QString &path, QUrlQuery query, int limit)
{
    QJsonArray items;
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    QString cursor;
    for (int pages = 0; pages < 100'000; ++pages) {
        QUrlQuery pageQuery = query;
        if (!cursor.isEmpty())
            pageQuery.addQueryItem(QStringLiteral("cursor"), cursor);
        const Answer page = get(path, pageQuery);
        if (page.status != 200) {
            qWarning("%s answered %d: %s", qPrintable(path), page.status, page.body.constData());
            return {};
        }
        for (const QJsonValue &item : page.items())
            items.append(item);
        cursor = page.next();
        if (cursor.isEmpty())
            break;
    }
    return items;
}

QDateTime TestO2dSandboxSending::nextMonday()
{
    const QDateTime now = timeOf(control({}).json, QStringLiteral("now"));
    QDate day = now.date().addDays(1);
    while (day.dayOfWeek() != Qt::Monday)
        day = day.addDays(1);
    const QDateTime monday(day, QTime(0, 0), Qt::UTC);
    control(QJsonObject{{QStringLiteral("now"), monday.toString(Qt::ISODate)}});
    return monday;
}

QString TestO2dSandboxSending::campaign(const CampaignSpec &spec, QStringList *emails)
{
    const Answer created = post(QStringLiteral("/campaigns"),
                                QJsonObject{{QStringLiteral("name"), QStringLiteral("Sending")}});
    const QString id = created.text(QStringLiteral("id"));
    if (id.isEmpty())
        return {};
    const QString base = QStringLiteral("/campaigns/%1").arg(id);
    for (int i = 0; i < spec.steps.size(); ++i) {
        QJsonObject step{{QStringLiteral("subject"), QStringLiteral("Step %1 for {{firstName}}").arg(i + 1)},
                         {QStringLiteral("bodyText"), QStringLiteral("Hello {{firstName}}")},
                         {QStringLiteral("delayDays"), spec.steps.at(i).delayDays}};
        QJsonArray variants;
        for (int v = 0; v < spec.steps.at(i).weights.size(); ++v)
            variants.append(QJsonObject{{QStringLiteral("subject"), QStringLiteral("Variant %1").arg(v)},
                                        {QStringLiteral("weight"), spec.steps.at(i).weights.at(v)}});
        if (!variants.isEmpty())
            step.insert(QStringLiteral("variants"), variants);
        if (post(base + QStringLiteral("/steps"), step).status != 201)
            return {};
    }
    QByteArray csv = "email,firstName,lastName,company\r\n";
    for (int i = 0; i < spec.contacts; ++i) {
        const QString email = QStringLiteral("lead%1@sending.example").arg(m_nextContact++);
        if (emails)
            emails->append(email);
        csv += email.toUtf8() + ",First" + QByteArray::number(i) + ",Last,Co\r\n";
    }
    const QByteArray boundary = "sending-boundary";
    const QByteArray body = "--" + boundary +
            "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leads.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n" +
            csv + "\r\n--" + boundary + "--\r\n";
    QUrl url = m_sandbox.baseUrl(Vendor::Outreach2day);
    url.setPath(url.path() + base + QStringLiteral("/contacts/import"));
    url.setQuery(QUrlQuery{{QStringLiteral("workspaceId"), SandboxFixture::outreachWorkspaceId()}});
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + SandboxFixture::token(Vendor::Outreach2day));
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArray("multipart/form-data; boundary=" + boundary));
    QNetworkReply *reply = m_sandbox.network()->post(request, body);
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, kWaitMs))
        return {};
    reply->deleteLater();
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return {};
    for (int m = 0; m < spec.mailboxes; ++m) {
        if (post(base + QStringLiteral("/mailboxes"),
                 QJsonObject{{QStringLiteral("mailboxAddress"),
                              QStringLiteral("sender%1@cooloutreach.com").arg(m)},
                             {QStringLiteral("dailyLimit"), spec.dailyLimit},
                             {QStringLiteral("gapBaseSeconds"), spec.gapBase},
                             {QStringLiteral("gapJitterSeconds"), spec.gapJitter}})
                    .status != 201)
            return {};
    }
    if (send("PUT", base + QStringLiteral("/schedule"),
             toJson(QJsonObject{{QStringLiteral("timezone"), spec.zone},
                                {QStringLiteral("weekdays"), spec.weekdays},
                                {QStringLiteral("windows"), spec.windows}}))
                .status != 200)
        return {};
    if (!spec.stopRules.isEmpty() &&
        send("PUT", base + QStringLiteral("/stop-rules"), toJson(spec.stopRules)).status != 200)
        return {};
    return id;
}

bool TestO2dSandboxSending::launch(const QString &campaignId)
{
    return send("POST", QStringLiteral("/campaigns/%1/launch").arg(campaignId)).status == 200;
}

// ---------------------------------------------------------------------------------------------

void TestO2dSandboxSending::clockIsControlled()
{
    const Answer before = control({});
    QCOMPARE(before.status, 200);
    QCOMPARE(before.json.value(QStringLiteral("clockSpeed")).toDouble(), 0.0); // the fixture's frozen clock
    const QDateTime start = timeOf(before.json, QStringLiteral("now"));
    QVERIFY(start.isValid());
    advance(3600);
    QCOMPARE(timeOf(control({}).json, QStringLiteral("now")), start.addSecs(3600));
    // Never back.
    QCOMPARE(control(QJsonObject{{QStringLiteral("now"), start.toString(Qt::ISODate)}}).status, 400);
    QCOMPARE(control(QJsonObject{{QStringLiteral("advanceSeconds"), -5}}).status, 400);
    QCOMPARE(control(QJsonObject{{QStringLiteral("clockSpeed"), -1}}).status, 400);
    QCOMPARE(control(QJsonObject{{QStringLiteral("clockSpeed"), 3600}})
                     .json.value(QStringLiteral("clockSpeed"))
                     .toDouble(),
             3600.0);
    QVERIFY(QTest::qWaitFor(
            [&] { return timeOf(control({}).json, QStringLiteral("now")) > start.addSecs(3700); }, kWaitMs));
    QCOMPARE(control(QJsonObject{{QStringLiteral("clockSpeed"), 0}}).status, 200);
}

void TestO2dSandboxSending::sendsFollowWindowsLimitsAndGapsInTheZone()
{
    CampaignSpec spec;
    spec.contacts = 60;
    spec.steps = {StepSpec{0, {}}, StepSpec{1, {}}};
    spec.dailyLimit = 12;
    spec.gapBase = 600;
    spec.gapJitter = 120;
    spec.mailboxes = 2;
    spec.zone = QStringLiteral("America/New_York");
    spec.weekdays = {QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"),
                     QStringLiteral("thu"), QStringLiteral("fri")};
    spec.windows = {window(QStringLiteral("09:00"), QStringLiteral("11:00")),
                    window(QStringLiteral("14:00"), QStringLiteral("16:30"))};
    spec.stopRules = QJsonObject{{QStringLiteral("stopOnReply"), false},
                                 {QStringLiteral("stopOnUnsub"), false},
                                 {QStringLiteral("stopOnBounce"), false}};
    const QString id = campaign(spec);
    QVERIFY(!id.isEmpty());
    const QDateTime monday = nextMonday();
    QVERIFY(launch(id));
    QCOMPARE(all(QStringLiteral("/campaigns/%1/sends").arg(id)).size(), 0); // before 09:00 in New York
    advance(14 * 86400);

    const QJsonArray sends = all(QStringLiteral("/campaigns/%1/sends").arg(id), {}, 17);
    const QTimeZone zone("America/New_York");
    QHash<QString, QHash<QDate, int>> perDay; // mailbox → local day → sends
    QHash<QString, QDateTime> lastOfMailbox;
    QHash<QString, QDateTime> firstStepOf; // contact → step 1 sent at
    QSet<QString> stepIds;
    int delivered = 0;
    for (const QJsonValue &value : sends) {
        const QJsonObject sendItem = value.toObject();
        QCOMPARE(str(sendItem, QStringLiteral("campaignId")), id);
        const QDateTime at = timeOf(sendItem, QStringLiteral("sentAt"));
        QVERIFY(at >= monday);
        const QDateTime local = at.toTimeZone(zone);
        QVERIFY2(local.date().dayOfWeek() <= 5, qPrintable(local.toString(Qt::ISODate)));
        const QTime t = local.time();
        QVERIFY2((t >= QTime(9, 0) && t < QTime(11, 0)) || (t >= QTime(14, 0) && t < QTime(16, 30)),
                 qPrintable(local.toString(Qt::ISODate)));
        const QString mailbox = str(sendItem, QStringLiteral("mailboxId"));
        QVERIFY(mailbox.startsWith(QStringLiteral("mbx_")));
        QVERIFY(++perDay[mailbox][local.date()] <= 12);
        if (lastOfMailbox.contains(mailbox))
            QVERIFY2(lastOfMailbox.value(mailbox).secsTo(at) >= 600, qPrintable(at.toString(Qt::ISODate)));
        QVERIFY(lastOfMailbox.value(mailbox).secsTo(at) <= 720 || !lastOfMailbox.contains(mailbox) ||
                lastOfMailbox.value(mailbox).toTimeZone(zone).date() != local.date() ||
                lastOfMailbox.value(mailbox).toTimeZone(zone).time() < QTime(11, 0));
        lastOfMailbox.insert(mailbox, at);
        stepIds.insert(str(sendItem, QStringLiteral("stepId")));
        const QString contact = str(sendItem, QStringLiteral("contactId"));
        if (!firstStepOf.contains(contact))
            firstStepOf.insert(contact, at);
        else
            QVERIFY(firstStepOf.value(contact).secsTo(at) >= 86400); // step 2's delay
        QVERIFY(str(sendItem, QStringLiteral("to")).endsWith(QStringLiteral("@sending.example")));
        if (str(sendItem, QStringLiteral("status")) != QLatin1String("failed"))
            ++delivered;
    }
    // Both mailboxes at their limit on the first days: 2 × 12 a day, every contact twice.
    QCOMPARE(sends.size(), 120);
    QCOMPARE(perDay.size(), 2);
    for (const auto &days : std::as_const(perDay))
        QCOMPARE(days.value(monday.date()), 12); // Monday in New York too from 09:00
    QCOMPARE(stepIds.size(), 2);
    QCOMPARE(firstStepOf.size(), 60);
    QVERIFY(delivered > 0);
    QCOMPARE(o2d()->sends(id).size(), 120);
}

void TestO2dSandboxSending::stepDelaysAndAbWeights()
{
    CampaignSpec spec;
    spec.contacts = 400;
    spec.steps = {StepSpec{0, {80, 20}}};
    const QString id = campaign(spec);
    QVERIFY(!id.isEmpty());
    nextMonday();
    QVERIFY(launch(id));
    advance(3600);
    const QJsonArray sends = all(QStringLiteral("/campaigns/%1/sends").arg(id));
    QCOMPARE(sends.size(), 400);
    int a = 0;
    for (const QJsonValue &value : sends)
        a += value.toObject().value(QStringLiteral("variant")).toString() == QLatin1String("A");
    QVERIFY2(a >= 290 && a <= 350, qPrintable(QString::number(a))); // 80 % of 400 = 320
}

void TestO2dSandboxSending::suppressedAddressesAreNeverEmailed()
{
    CampaignSpec spec;
    spec.contacts = 10;
    spec.steps = {StepSpec{0, {}}, StepSpec{2, {}}};
    spec.stopRules = QJsonObject{{QStringLiteral("stopOnReply"), false},
                                 {QStringLiteral("stopOnUnsub"), false},
                                 {QStringLiteral("stopOnBounce"), false}};
    QStringList emails;
    const QString id = campaign(spec, &emails);
    QVERIFY(!id.isEmpty());
    nextMonday();
    // One suppressed before launch, one between its two steps.
    QCOMPARE(post(QStringLiteral("/campaigns/suppressions"),
                  QJsonObject{{QStringLiteral("emails"), QJsonArray{emails.at(0)}}})
                     .status,
             200);
    QVERIFY(launch(id));
    advance(3600);
    QCOMPARE(post(QStringLiteral("/campaigns/suppressions"),
                  QJsonObject{{QStringLiteral("emails"), QJsonArray{emails.at(1)}}})
                     .status,
             200);
    advance(5 * 86400);
    const QJsonArray sends = all(QStringLiteral("/campaigns/%1/sends").arg(id));
    int toFirst = 0, toSecond = 0, skipped = 0;
    for (const QJsonValue &value : sends) {
        const QJsonObject item = value.toObject();
        const QString status = str(item, QStringLiteral("status"));
        if (str(item, QStringLiteral("to")) == emails.at(0))
            ++toFirst;
        if (str(item, QStringLiteral("to")) == emails.at(1)) {
            ++toSecond;
            if (status == QLatin1String("skipped")) {
                ++skipped;
                QVERIFY(item.value(QStringLiteral("sentAt")).isNull());
                QVERIFY(item.value(QStringLiteral("mailboxId")).isNull());
            }
        }
    }
    QCOMPARE(toFirst, 0);
    QCOMPARE(toSecond, 2); // step 1 sent, step 2 skipped
    QCOMPARE(skipped, 1);
    QCOMPARE(sends.size(), 18); // the 8 others get both steps
    const QJsonObject contacts = stats(id).value(QStringLiteral("contacts")).toObject();
    QCOMPARE(contacts.value(QStringLiteral("suppressed")).toInt(), 2);
}

void TestO2dSandboxSending::stopOnReplyEndsTheSequence()
{
    CampaignSpec spec;
    spec.contacts = 200;
    spec.steps = {StepSpec{0, {}}, StepSpec{3, {}}, StepSpec{3, {}}};
    const QString id = campaign(spec);
    QVERIFY(!id.isEmpty());
    nextMonday();
    QVERIFY(launch(id));
    advance(12 * 86400);
    QHash<QString, QDateTime> stoppedAt; // contact → replied/bounced/unsubscribed at
    for (const QJsonValue &value : all(QStringLiteral("/campaigns/%1/contacts/changes").arg(id))) {
        const QJsonObject change = value.toObject();
        const QString status = str(change, QStringLiteral("status"));
        if ((status == QLatin1String("replied") || status == QLatin1String("bounced") ||
             status == QLatin1String("unsubscribed")) &&
            !stoppedAt.contains(str(change, QStringLiteral("contactId"))))
            stoppedAt.insert(str(change, QStringLiteral("contactId")),
                             timeOf(change, QStringLiteral("updatedAt")));
    }
    QVERIFY2(stoppedAt.size() >= 10, qPrintable(QString::number(stoppedAt.size())));
    for (const QJsonValue &value : all(QStringLiteral("/campaigns/%1/sends").arg(id))) {
        const QJsonObject item = value.toObject();
        const QString contact = str(item, QStringLiteral("contactId"));
        if (stoppedAt.contains(contact) && str(item, QStringLiteral("status")) != QLatin1String("skipped"))
            QVERIFY2(timeOf(item, QStringLiteral("sentAt")) <= stoppedAt.value(contact), qPrintable(contact));
    }
}

void TestO2dSandboxSending::withoutStopRulesTheSequenceGoesOn()
{
    CampaignSpec spec;
    spec.contacts = 200;
    spec.steps = {StepSpec{0, {}}, StepSpec{3, {}}, StepSpec{3, {}}};
    spec.stopRules = QJsonObject{{QStringLiteral("stopOnReply"), false},
                                 {QStringLiteral("stopOnUnsub"), true},
                                 {QStringLiteral("stopOnBounce"), true}};
    const QString id = campaign(spec);
    QVERIFY(!id.isEmpty());
    nextMonday();
    QVERIFY(launch(id));
    advance(12 * 86400);
    QHash<QString, QDateTime> repliedAt;
    for (const QJsonValue &value : all(QStringLiteral("/campaigns/%1/contacts/changes").arg(id))) {
        const QJsonObject change = value.toObject();
        if (str(change, QStringLiteral("status")) == QLatin1String("replied"))
            repliedAt.insert(str(change, QStringLiteral("contactId")),
                             timeOf(change, QStringLiteral("updatedAt")));
    }
    int sentAfterReply = 0;
    for (const QJsonValue &value : all(QStringLiteral("/campaigns/%1/sends").arg(id))) {
        const QJsonObject item = value.toObject();
        const QString contact = str(item, QStringLiteral("contactId"));
        if (repliedAt.contains(contact) && timeOf(item, QStringLiteral("sentAt")) > repliedAt.value(contact))
            ++sentAfterReply;
    }
    QVERIFY2(sentAfterReply > 0, "with stopOnReply off, replied contacts get their next steps");
}

void TestO2dSandboxSending::outcomesAgreeAcrossStatsSendsChangesAndThreads()
{
    CampaignSpec spec;
    spec.contacts = 300;
    spec.steps = {StepSpec{0, {50, 50}}, StepSpec{2, {}}};
    const QString id = campaign(spec);
    QVERIFY(!id.isEmpty());
    nextMonday();
    QVERIFY(launch(id));
    advance(10 * 86400);

    const QJsonArray sends = all(QStringLiteral("/campaigns/%1/sends").arg(id));
    const QJsonArray changes = all(QStringLiteral("/campaigns/%1/contacts/changes").arg(id));
    const QJsonArray threads = all(QStringLiteral("/threads"), QUrlQuery{{QStringLiteral("campaignId"), id}});
    const QJsonArray contacts = all(QStringLiteral("/campaigns/%1/contacts").arg(id));
    const QJsonObject stat = stats(id);

    // Stats against the sends.
    QHash<QString, int> sendsByStatus;
    QHash<QString, QString> bouncedSendTo; // contact → a bounced send
    for (const QJsonValue &value : sends) {
        const QJsonObject item = value.toObject();
        ++sendsByStatus[str(item, QStringLiteral("status"))];
        if (str(item, QStringLiteral("status")) == QLatin1String("bounced"))
            bouncedSendTo.insert(str(item, QStringLiteral("contactId")), str(item, QStringLiteral("id")));
    }
    const QJsonObject sendStats = stat.value(QStringLiteral("sends")).toObject();
    QCOMPARE(sendStats.value(QStringLiteral("total")).toInt(), int(sends.size()));
    QCOMPARE(sendStats.value(QStringLiteral("bounced")).toInt(),
             sendsByStatus.value(QStringLiteral("bounced")));
    QCOMPARE(sendStats.value(QStringLiteral("replied")).toInt(),
             sendsByStatus.value(QStringLiteral("replied")));
    QCOMPARE(sendStats.value(QStringLiteral("sent")).toInt(),
             sendsByStatus.value(QStringLiteral("sent")) + sendsByStatus.value(QStringLiteral("replied")));
    QVERIFY(sendsByStatus.value(QStringLiteral("bounced")) > 0);
    QVERIFY(sendsByStatus.value(QStringLiteral("replied")) > 0);

    // Stats against the contacts.
    QHash<QString, int> contactsByStatus;
    QHash<QString, QString> statusOf;
    for (const QJsonValue &value : contacts) {
        ++contactsByStatus[str(value.toObject(), QStringLiteral("status"))];
        statusOf.insert(str(value.toObject(), QStringLiteral("id")),
                        str(value.toObject(), QStringLiteral("status")));
    }
    const QJsonObject contactStats = stat.value(QStringLiteral("contacts")).toObject();
    for (const QString &status :
         {QStringLiteral("replied"), QStringLiteral("bounced"), QStringLiteral("unsubscribed"),
          QStringLiteral("completed"), QStringLiteral("active")})
        QCOMPARE(contactStats.value(status).toInt(), contactsByStatus.value(status));
    QVERIFY(contactsByStatus.value(QStringLiteral("replied")) > 0);
    QVERIFY(contactsByStatus.value(QStringLiteral("unsubscribed")) > 0);

    // The feed ends where each contact is now, and each change follows the previous one.
    QHash<QString, QString> lastInFeed;
    for (const QJsonValue &value : changes) {
        const QJsonObject change = value.toObject();
        const QString contact = str(change, QStringLiteral("contactId"));
        if (lastInFeed.contains(contact))
            QCOMPARE(str(change, QStringLiteral("previousStatus")), lastInFeed.value(contact));
        lastInFeed.insert(contact, str(change, QStringLiteral("status")));
        if (str(change, QStringLiteral("status")) == QLatin1String("bounced"))
            QVERIFY(bouncedSendTo.contains(contact));
        if (str(change, QStringLiteral("status")) == QLatin1String("unsubscribed")) {
            const Answer status =
                    get(QStringLiteral("/campaigns/suppressions/status"),
                        QUrlQuery{{QStringLiteral("email"), str(change, QStringLiteral("email"))}});
            QCOMPARE(status.json.value(QStringLiteral("suppressed")).toBool(), true);
            QCOMPARE(str(status.json, QStringLiteral("reason")), QStringLiteral("unsubscribed"));
        }
    }
    for (auto it = statusOf.cbegin(); it != statusOf.cend(); ++it)
        QCOMPARE(lastInFeed.value(it.key(), QStringLiteral("pending")), it.value());

    // Every replied contact has a thread with an intent that counts as a reply; out-of-office and
    // auto-replies leave the contact as it was.
    QHash<QString, QSet<QString>> intentsOf;
    for (const QJsonValue &value : threads) {
        const QJsonObject thread = value.toObject();
        QCOMPARE(str(thread, QStringLiteral("campaignId")), id);
        QVERIFY(str(thread, QStringLiteral("subject")).startsWith(QStringLiteral("Re: ")));
        QVERIFY(!str(thread, QStringLiteral("snippet")).isEmpty());
        QVERIFY(timeOf(thread, QStringLiteral("receivedAt")).isValid());
        intentsOf[str(thread, QStringLiteral("contactId"))].insert(
                str(thread, QStringLiteral("replyIntent")));
    }
    QVERIFY(!intentsOf.isEmpty());
    for (const QJsonValue &value : changes) {
        const QJsonObject change = value.toObject();
        if (str(change, QStringLiteral("status")) != QLatin1String("replied"))
            continue;
        const QSet<QString> intents = intentsOf.value(str(change, QStringLiteral("contactId")));
        QVERIFY(!(intents - QSet<QString>{QStringLiteral("out_of_office"), QStringLiteral("auto_reply")})
                         .isEmpty());
    }
}

void TestO2dSandboxSending::pauseStopsSending()
{
    CampaignSpec spec;
    spec.contacts = 30;
    spec.gapBase = 3600; // one an hour
    const QString id = campaign(spec);
    QVERIFY(!id.isEmpty());
    nextMonday();
    QVERIFY(launch(id));
    advance(5 * 3600 + 60);
    QCOMPARE(o2d()->sends(id).size(), 6);
    QCOMPARE(post(QStringLiteral("/campaigns/%1/lifecycle").arg(id),
                  QJsonObject{{QStringLiteral("action"), QStringLiteral("pause")}})
                     .status,
             200);
    advance(10 * 3600);
    QCOMPARE(o2d()->sends(id).size(), 6);
    QCOMPARE(post(QStringLiteral("/campaigns/%1/lifecycle").arg(id),
                  QJsonObject{{QStringLiteral("action"), QStringLiteral("resume")}})
                     .status,
             200);
    advance(2 * 3600 + 60);
    QCOMPARE(o2d()->sends(id).size(), 9); // at resume, then an hour apart
}

void TestO2dSandboxSending::campaignCompletes()
{
    CampaignSpec spec;
    spec.contacts = 5;
    const QString id = campaign(spec);
    QVERIFY(!id.isEmpty());
    nextMonday();
    QVERIFY(launch(id));
    advance(86400);
    QCOMPARE(o2d()->campaignStatus(id), QStringLiteral("active")); // the quiet period for replies
    advance(4 * 86400);
    QCOMPARE(o2d()->campaignStatus(id), QStringLiteral("completed"));
    QCOMPARE(stats(id).value(QStringLiteral("contacts")).toObject().value(QStringLiteral("active")).toInt(),
             0);
}

void TestO2dSandboxSending::changesFeedSinceATime()
{
    CampaignSpec spec;
    spec.contacts = 40;
    spec.steps = {StepSpec{0, {}}, StepSpec{1, {}}};
    const QString id = campaign(spec);
    QVERIFY(!id.isEmpty());
    nextMonday();
    QVERIFY(launch(id));
    const QString path = QStringLiteral("/campaigns/%1/contacts/changes").arg(id);
    const QJsonArray launched = all(path);
    QCOMPARE(launched.size(), 40); // pending → active
    QCOMPARE(str(launched.at(0).toObject(), QStringLiteral("previousStatus")), QStringLiteral("pending"));
    advance(6 * 86400);
    const QJsonArray everything = all(path);
    QVERIFY(everything.size() > 40);
    const QDateTime since = timeOf(everything.at(45).toObject(), QStringLiteral("updatedAt"));
    const QString sinceText = since.toString(Qt::ISODate);
    const Answer page = get(path,
                            QUrlQuery{{QStringLiteral("updatedSince"), sinceText},
                                      {QStringLiteral("limit"), QStringLiteral("500")}});
    QCOMPARE(page.status, 200);
    QCOMPARE(str(page.json, QStringLiteral("updated_since")), sinceText); // the request, echoed
    int expected = 0;
    for (const QJsonValue &value : everything)
        expected += timeOf(value.toObject(), QStringLiteral("updatedAt")) >= since;
    QCOMPARE(page.items().size(), expected);
    for (const QJsonValue &value : page.items())
        QVERIFY(timeOf(value.toObject(), QStringLiteral("updatedAt")) >= since);
    QCOMPARE(get(path, QUrlQuery{{QStringLiteral("updatedSince"), QStringLiteral("yesterday")}}).field(),
             QStringLiteral("updatedSince"));
}

void TestO2dSandboxSending::everyNewListPagesWithTheSwitches_data()
{
    QTest::addColumn<QString>("list");
    QTest::newRow("sends") << QStringLiteral("sends");
    QTest::newRow("changes") << QStringLiteral("changes");
    QTest::newRow("threads") << QStringLiteral("threads");
    QTest::newRow("suppressions") << QStringLiteral("suppressions");
}

void TestO2dSandboxSending::everyNewListPagesWithTheSwitches()
{
    QFETCH(QString, list);
    static QString id;
    if (id.isEmpty()) {
        CampaignSpec spec;
        spec.contacts = 120;
        spec.steps = {StepSpec{0, {}}, StepSpec{1, {}}};
        id = campaign(spec);
        QVERIFY(!id.isEmpty());
        nextMonday();
        QVERIFY(launch(id));
        advance(5 * 86400);
    }
    const QString path = list == QLatin1String("sends") ? QStringLiteral("/campaigns/%1/sends").arg(id)
            : list == QLatin1String("changes") ? QStringLiteral("/campaigns/%1/contacts/changes").arg(id)
            : list == QLatin1String("threads") ? QStringLiteral("/threads")
                                               : QStringLiteral("/campaigns/suppressions");
    const QString key = list == QLatin1String("changes") ? QStringLiteral("contactId")
            : list == QLatin1String("suppressions")      ? QStringLiteral("email")
                                                         : QStringLiteral("id");
    // Small pages gather what one big page holds, each item once.
    const QJsonArray big = all(path, {}, 500);
    QVERIFY2(big.size() > 6, qPrintable(QString::number(big.size())));
    QCOMPARE(all(path, {}, 3), big);
    if (list != QLatin1String("changes")) {
        QSet<QString> keys;
        for (const QJsonValue &value : big)
            keys.insert(str(value.toObject(), key));
        QCOMPARE(keys.size(), big.size());
    }

    const QUrlQuery three{{QStringLiteral("limit"), QStringLiteral("3")}};
    const Answer first = get(path, three);
    QCOMPARE(first.items().size(), 3);
    QUrlQuery second = three;
    second.addQueryItem(QStringLiteral("cursor"), first.next());

    QCOMPARE(control(QJsonObject{{QStringLiteral("paging"), QStringLiteral("repeat_cursor")}}).status, 200);
    const Answer repeated = get(path, second);
    QCOMPARE(repeated.status, 200);
    QCOMPARE(repeated.next(), first.next());

    QCOMPARE(control(QJsonObject{{QStringLiteral("paging"), QStringLiteral("no_progress")}}).status, 200);
    const Answer stuck = get(path, second);
    QCOMPARE(stuck.items(), first.items());
    QVERIFY(!stuck.next().isEmpty());
    QVERIFY(stuck.next() != first.next());

    QCOMPARE(control(QJsonObject{{QStringLiteral("paging"), QStringLiteral("none")}}).status, 200);
    const Answer normal = get(path, second);
    QVERIFY(normal.items().at(0) != first.items().at(0));
}

void TestO2dSandboxSending::pagingRefusals()
{
    const QString path = QStringLiteral("/campaigns/%1/sends").arg(Outreach2daySandbox::demoCampaignId());
    QCOMPARE(get(path, QUrlQuery{{QStringLiteral("limit"), QStringLiteral("501")}}).field(),
             QStringLiteral("limit"));
    QCOMPARE(get(path, QUrlQuery{{QStringLiteral("limit"), QStringLiteral("0")}}).field(),
             QStringLiteral("limit"));
    QCOMPARE(get(path, QUrlQuery{{QStringLiteral("cursor"), QStringLiteral("not-a-cursor")}}).field(),
             QStringLiteral("cursor"));
    // A cursor of another list is not one of this list.
    const Answer contacts =
            get(QStringLiteral("/campaigns/%1/contacts").arg(Outreach2daySandbox::demoCampaignId()),
                QUrlQuery{{QStringLiteral("limit"), QStringLiteral("5")}});
    QVERIFY(!contacts.next().isEmpty());
    QCOMPARE(get(path, QUrlQuery{{QStringLiteral("cursor"), contacts.next()}}).status, 400);
    QCOMPARE(get(QStringLiteral("/campaigns/cmp_nope/sends")).status, 404);
    QCOMPARE(get(QStringLiteral("/threads"),
                 QUrlQuery{{QStringLiteral("replyIntent"), QStringLiteral("thrilled")}})
                     .field(),
             QStringLiteral("replyIntent"));
    QCOMPARE(get(QStringLiteral("/threads"),
                 QUrlQuery{{QStringLiteral("campaignId"), QStringLiteral("cmp_nope")}})
                     .status,
             404);
}

void TestO2dSandboxSending::historicSendsPageEfficiently()
{
    CampaignSpec spec;
    spec.contacts = 50;
    const QString id = campaign(spec);
    QVERIFY(!id.isEmpty());
    QCOMPARE(control(QJsonObject{{QStringLiteral("historicSends"),
                                  QJsonObject{{QStringLiteral("campaignId"), id},
                                              {QStringLiteral("count"), 20000}}}})
                     .status,
             200);
    const QJsonArray sends = all(QStringLiteral("/campaigns/%1/sends").arg(id), {}, 500);
    QCOMPARE(sends.size(), 20000);
    QSet<QString> ids;
    for (const QJsonValue &value : sends)
        ids.insert(str(value.toObject(), QStringLiteral("id")));
    QCOMPARE(ids.size(), 20000);
    QCOMPARE(stats(id).value(QStringLiteral("sends")).toObject().value(QStringLiteral("total")).toInt(),
             20000);
    QCOMPARE(control(QJsonObject{{QStringLiteral("historicSends"),
                                  QJsonObject{{QStringLiteral("campaignId"), QStringLiteral("cmp_nope")},
                                              {QStringLiteral("count"), 5}}}})
                     .status,
             400);
}

void TestO2dSandboxSending::threadsFilterByIntentAndCampaign()
{
    CampaignSpec spec;
    spec.contacts = 250;
    const QString first = campaign(spec);
    const QString second = campaign(spec);
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    nextMonday();
    QVERIFY(launch(first));
    QVERIFY(launch(second));
    advance(3 * 86400);
    const QJsonArray everything = all(QStringLiteral("/threads"));
    QSet<QString> campaigns;
    QHash<QString, int> byIntent;
    for (const QJsonValue &value : everything) {
        campaigns.insert(str(value.toObject(), QStringLiteral("campaignId")));
        ++byIntent[str(value.toObject(), QStringLiteral("replyIntent"))];
    }
    QVERIFY(campaigns.contains(first) && campaigns.contains(second));
    QVERIFY(byIntent.value(QStringLiteral("interested")) > 0);
    QVERIFY(byIntent.size() >= 3);
    const QJsonArray interested =
            all(QStringLiteral("/threads"),
                QUrlQuery{{QStringLiteral("replyIntent"), QStringLiteral("interested")}}, 2);
    QCOMPARE(interested.size(), byIntent.value(QStringLiteral("interested")));
    for (const QJsonValue &value : interested)
        QCOMPARE(str(value.toObject(), QStringLiteral("replyIntent")), QStringLiteral("interested"));
    const QJsonArray ofFirst = all(QStringLiteral("/threads"),
                                   QUrlQuery{{QStringLiteral("replyIntent"), QStringLiteral("interested")},
                                             {QStringLiteral("campaignId"), first}});
    QVERIFY(!ofFirst.isEmpty());
    QVERIFY(ofFirst.size() < interested.size());
    for (const QJsonValue &value : ofFirst) {
        const QJsonObject thread = value.toObject();
        QCOMPARE(str(thread, QStringLiteral("campaignId")), first);
        const QJsonObject contact = thread.value(QStringLiteral("contact")).toObject();
        QCOMPARE(str(contact, QStringLiteral("id")), str(thread, QStringLiteral("contactId")));
        QVERIFY(str(contact, QStringLiteral("email")).endsWith(QStringLiteral("@sending.example")));
        QVERIFY(!str(thread, QStringLiteral("body")).isEmpty());
    }
}

void TestO2dSandboxSending::suppressionStatusListAndDelete()
{
    const QString email = QStringLiteral("Someone.Listed@Suppress.example");
    const QString path = QStringLiteral("/campaigns/suppressions");
    QCOMPARE(get(path + QStringLiteral("/status"), QUrlQuery{{QStringLiteral("email"), email}})
                     .json.value(QStringLiteral("suppressed"))
                     .toBool(true),
             false);
    QCOMPARE(post(path,
                  QJsonObject{{QStringLiteral("emails"), QJsonArray{email}},
                              {QStringLiteral("reason"), QStringLiteral("manual_suppression")}})
                     .status,
             200);
    const Answer status = get(path + QStringLiteral("/status"), QUrlQuery{{QStringLiteral("email"), email}});
    QCOMPARE(status.json.value(QStringLiteral("suppressed")).toBool(), true);
    QCOMPARE(str(status.json, QStringLiteral("reason")), QStringLiteral("manual_suppression"));
    QCOMPARE(str(status.json, QStringLiteral("email")), email.toLower());
    QVERIFY(timeOf(status.json, QStringLiteral("createdAt")).isValid());
    QSet<QString> listed;
    for (const QJsonValue &value : all(path, {}, 2))
        listed.insert(str(value.toObject(), QStringLiteral("email")));
    QVERIFY(listed.contains(email.toLower()));

    QCOMPARE(send("DELETE", path, {}, QUrlQuery{{QStringLiteral("email"), email}}).status, 204);
    QCOMPARE(get(path + QStringLiteral("/status"), QUrlQuery{{QStringLiteral("email"), email}})
                     .json.value(QStringLiteral("suppressed"))
                     .toBool(true),
             false);
    listed.clear();
    for (const QJsonValue &value : all(path, {}, 2))
        listed.insert(str(value.toObject(), QStringLiteral("email")));
    QVERIFY(!listed.contains(email.toLower()));
    QVERIFY(!o2d()->isSuppressed(email));
    QCOMPARE(send("DELETE", path, {}, QUrlQuery{{QStringLiteral("email"), email}}).status, 404);
    QCOMPARE(send("DELETE", path, {}, QUrlQuery{{QStringLiteral("email"), QStringLiteral("nope")}}).field(),
             QStringLiteral("email"));
    QCOMPARE(get(path + QStringLiteral("/status")).field(), QStringLiteral("email"));
}

void TestO2dSandboxSending::subsequenceAndRouting()
{
    CampaignSpec spec;
    spec.contacts = 300;
    const QString id = campaign(spec);
    QVERIFY(!id.isEmpty());
    const QString base = QStringLiteral("/campaigns/%1").arg(id);
    const Answer created = post(base + QStringLiteral("/subsequences"),
                                QJsonObject{{QStringLiteral("name"), QStringLiteral("Interested Follow-up")},
                                            {QStringLiteral("enrollmentMode"), QStringLiteral("manual")}});
    QCOMPARE(created.status, 201);
    const QString sub = str(created.json, QStringLiteral("id"));
    QVERIFY(sub.startsWith(QStringLiteral("sub_")));
    QCOMPARE(str(created.json, QStringLiteral("campaignId")), id);
    QCOMPARE(post(base + QStringLiteral("/subsequences"), QJsonObject{}).field(), QStringLiteral("name"));
    QCOMPARE(post(base + QStringLiteral("/subsequences"),
                  QJsonObject{{QStringLiteral("name"), QStringLiteral("x")},
                              {QStringLiteral("enrollmentMode"), QStringLiteral("sometimes")}})
                     .field(),
             QStringLiteral("enrollmentMode"));
    QCOMPARE(post(QStringLiteral("/campaigns/cmp_nope/subsequences"),
                  QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}})
                     .status,
             404);

    const auto rule = [](const QString &trigger, const QString &value, const QString &subsequence) {
        return QJsonObject{{QStringLiteral("trigger"), trigger},
                           {QStringLiteral("value"), value},
                           {QStringLiteral("subsequenceId"), subsequence}};
    };
    const auto routing = [&](const QJsonArray &rules) {
        return send("PATCH", base + QStringLiteral("/subsequence-routing"),
                    toJson(QJsonObject{{QStringLiteral("routingPolicy"),
                                        QJsonObject{{QStringLiteral("rules"), rules}}}}));
    };
    QCOMPARE(routing({rule(QStringLiteral("keyword"), QStringLiteral("interested"), sub)}).field(),
             QStringLiteral("routingPolicy.rules[0].trigger"));
    QCOMPARE(routing({rule(QStringLiteral("reply_intent"), QStringLiteral("thrilled"), sub)}).field(),
             QStringLiteral("routingPolicy.rules[0].value"));
    QCOMPARE(routing({rule(QStringLiteral("reply_intent"), QStringLiteral("interested"),
                           QStringLiteral("sub_999"))})
                     .field(),
             QStringLiteral("routingPolicy.rules[0].subsequenceId"));
    QCOMPARE(routing({rule(QStringLiteral("reply_intent"), QStringLiteral("interested"), sub),
                      rule(QStringLiteral("reply_intent"), QStringLiteral("interested"), sub)})
                     .field(),
             QStringLiteral("routingPolicy.rules[1].value"));
    const Answer routed = routing({rule(QStringLiteral("reply_intent"), QStringLiteral("interested"), sub)});
    QCOMPARE(routed.status, 200);
    QCOMPARE(routed.json.value(QStringLiteral("routingPolicy"))
                     .toObject()
                     .value(QStringLiteral("rules"))
                     .toArray()
                     .size(),
             1);

    nextMonday();
    QVERIFY(launch(id));
    advance(3 * 86400);
    int interested = 0;
    for (const QJsonValue &value :
         all(QStringLiteral("/threads"), QUrlQuery{{QStringLiteral("campaignId"), id}})) {
        const QJsonObject thread = value.toObject();
        if (str(thread, QStringLiteral("replyIntent")) == QLatin1String("interested")) {
            ++interested;
            QCOMPARE(str(thread, QStringLiteral("subsequenceId")), sub);
        } else {
            QVERIFY(!thread.contains(QStringLiteral("subsequenceId")));
        }
    }
    QVERIFY(interested > 0);
}

void TestO2dSandboxSending::summaryExport()
{
    CampaignSpec spec;
    spec.contacts = 100;
    spec.steps = {StepSpec{0, {50, 50}}, StepSpec{1, {}}};
    const QString id = campaign(spec);
    QVERIFY(!id.isEmpty());
    nextMonday();
    QVERIFY(launch(id));
    advance(4 * 86400);
    const Answer exported = get(QStringLiteral("/campaigns/%1/export").arg(id),
                                QUrlQuery{{QStringLiteral("kind"), QStringLiteral("summary")}});
    QCOMPARE(exported.status, 200);
    QVERIFY(exported.header("Content-Type").startsWith("text/csv"));
    QVERIFY(exported.header("Content-Disposition").contains(id.toUtf8()));
    const QList<QByteArray> lines = exported.body.trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 3 + 1); // header, step 1 A and B, step 2, total
    QVERIFY(lines.at(0).startsWith("campaignId,step,stepId,variant,sends,delivered,bounced"));
    const QList<QByteArray> total = lines.last().trimmed().split(',');
    QCOMPARE(total.at(1), QByteArray("total"));
    QCOMPARE(total.at(4).toInt(),
             stats(id).value(QStringLiteral("sends")).toObject().value(QStringLiteral("total")).toInt());
    QCOMPARE(get(QStringLiteral("/campaigns/%1/export").arg(id),
                 QUrlQuery{{QStringLiteral("kind"), QStringLiteral("full")}})
                     .field(),
             QStringLiteral("kind"));
}

// ---------------------------------------------------------------------------------------------
// Webhooks

QString TestO2dSandboxSending::subscribe(const QJsonObject &fields, QString *secret)
{
    QJsonObject body = fields;
    if (!body.contains(QStringLiteral("endpoint")))
        body.insert(QStringLiteral("endpoint"),
                    QStringLiteral("http://127.0.0.1:%1/hook").arg(m_receiverPort));
    const Answer created = post(QStringLiteral("/campaigns/webhooks/subscriptions"), body);
    const QJsonObject subscription = created.json.value(QStringLiteral("subscription")).toObject();
    if (secret)
        *secret = str(subscription, QStringLiteral("secret"));
    return created.status == 201 ? str(subscription, QStringLiteral("id")) : QString();
}

void TestO2dSandboxSending::webhookSubscriptionLifecycle()
{
    const QString path = QStringLiteral("/campaigns/webhooks/subscriptions");
    const QJsonArray types{QStringLiteral("reply.received")};
    QString generated;
    const QString id = subscribe(QJsonObject{{QStringLiteral("eventTypes"), types}}, &generated);
    QVERIFY(id.startsWith(QStringLiteral("wh_sub_")));
    QVERIFY(generated.startsWith(QStringLiteral("whsec_")));
    QCOMPARE(QByteArray::fromBase64(generated.mid(6).toLatin1()).size(), 32);
    const QString given = QStringLiteral("whsec_") + QString::fromLatin1(QByteArray(32, 'k').toBase64());
    QString echoed;
    QVERIFY(!subscribe(QJsonObject{{QStringLiteral("eventTypes"), types}, {QStringLiteral("secret"), given}},
                       &echoed)
                     .isEmpty());
    QCOMPARE(echoed, given);

    const auto refusedField = [&](const QJsonObject &body) {
        return post(path, body).field();
    };
    QCOMPARE(refusedField(QJsonObject{{QStringLiteral("endpoint"), QStringLiteral("http://127.0.0.1/x")},
                                      {QStringLiteral("eventTypes"), types},
                                      {QStringLiteral("secret"), QStringLiteral("not-a-secret")}}),
             QStringLiteral("secret"));
    QCOMPARE(refusedField(QJsonObject{{QStringLiteral("endpoint"), QStringLiteral("ftp://x")},
                                      {QStringLiteral("eventTypes"), types}}),
             QStringLiteral("endpoint"));
    QCOMPARE(refusedField(QJsonObject{{QStringLiteral("endpoint"), QStringLiteral("http://127.0.0.1/x")}}),
             QStringLiteral("eventTypes"));
    QCOMPARE(refusedField(QJsonObject{
                     {QStringLiteral("endpoint"), QStringLiteral("http://127.0.0.1/x")},
                     {QStringLiteral("eventTypes"), QJsonArray{QStringLiteral("reply.exploded")}}}),
             QStringLiteral("eventTypes[0]"));
    QCOMPARE(refusedField(
                     QJsonObject{{QStringLiteral("endpoint"), QStringLiteral("http://127.0.0.1/x")},
                                 {QStringLiteral("eventTypes"), types},
                                 {QStringLiteral("replyIntents"), QJsonArray{QStringLiteral("thrilled")}}}),
             QStringLiteral("replyIntents[0]"));

    const QString one = path + QLatin1Char('/') + id;
    const Answer updated = send(
            "PATCH", one,
            toJson(QJsonObject{{QStringLiteral("eventTypes"), QJsonArray{QStringLiteral("contact.bounced")}},
                               {QStringLiteral("ignoreOoo"), true}}));
    QCOMPARE(updated.status, 200);
    const QJsonObject changed = updated.json.value(QStringLiteral("subscription")).toObject();
    QCOMPARE(changed.value(QStringLiteral("eventTypes")).toArray(),
             QJsonArray{QStringLiteral("contact.bounced")});
    QCOMPARE(changed.value(QStringLiteral("ignoreOoo")).toBool(), true);
    QVERIFY(!changed.contains(QStringLiteral("secret"))); // shown on create and rotate only

    QCOMPARE(str(post(one + QStringLiteral("/pause"), {})
                         .json.value(QStringLiteral("subscription"))
                         .toObject(),
                 QStringLiteral("status")),
             QStringLiteral("paused"));
    QCOMPARE(post(one + QStringLiteral("/pause"), {}).status, 409);
    QCOMPARE(str(post(one + QStringLiteral("/resume"), {})
                         .json.value(QStringLiteral("subscription"))
                         .toObject(),
                 QStringLiteral("status")),
             QStringLiteral("active"));
    QCOMPARE(post(one + QStringLiteral("/resume"), {}).status, 409);
    const Answer rotated = post(one + QStringLiteral("/rotate-secret"), {});
    QCOMPARE(rotated.status, 200);
    QVERIFY(str(rotated.json, QStringLiteral("secret")).startsWith(QStringLiteral("whsec_")));
    QVERIFY(str(rotated.json, QStringLiteral("secret")) != generated);

    bool listed = false;
    for (const QJsonValue &value : all(path, {}, 1))
        listed = listed || str(value.toObject(), QStringLiteral("id")) == id;
    QVERIFY(listed);
    QCOMPARE(send("DELETE", one).status, 204);
    QCOMPARE(send("PATCH", one, toJson(QJsonObject{{QStringLiteral("ignoreOoo"), false}})).status, 404);
    QCOMPARE(post(one + QStringLiteral("/test"), {}).status, 404);
    for (const QJsonValue &value : all(path, {}, 1))
        QVERIFY(str(value.toObject(), QStringLiteral("id")) != id);
}

void TestO2dSandboxSending::webhookDeliveriesAreSignedAndRetriedWithHistory()
{
    QString secret;
    const QString id = subscribe(
            QJsonObject{{QStringLiteral("eventTypes"), QJsonArray{QStringLiteral("reply.received")}}},
            &secret);
    QVERIFY(!id.isEmpty());
    m_answers = {500}; // the first attempt fails, the next succeed
    const QString one = QStringLiteral("/campaigns/webhooks/subscriptions/") + id;
    const Answer tested = post(one + QStringLiteral("/test"), {});
    QCOMPARE(tested.status, 200);
    QVERIFY(QTest::qWaitFor([this] { return m_received.size() == 1; }, kWaitMs));

    const auto verify = [](const Received &received, const QString &key) {
        const QByteArray expected = QMessageAuthenticationCode::hash(
                received.id + '.' + received.timestamp + '.' + received.body,
                QByteArray::fromBase64(key.mid(6).toLatin1()), QCryptographicHash::Sha256);
        return received.signature == "v1," + expected.toBase64();
    };
    const Received first = m_received.at(0);
    QVERIFY(!first.id.isEmpty());
    QVERIFY(qAbs(first.timestamp.toLongLong() - QDateTime::currentSecsSinceEpoch()) < 300);
    QVERIFY(verify(first, secret));
    QVERIFY(!verify(first, QStringLiteral("whsec_") + QString::fromLatin1(QByteArray(32, 'x').toBase64())));
    const QJsonObject payload = QJsonDocument::fromJson(first.body).object();
    QCOMPARE(str(payload, QStringLiteral("type")), QStringLiteral("webhook.test"));
    QCOMPARE(str(payload, QStringLiteral("id")), str(tested.json, QStringLiteral("eventId")));

    const auto delivery = [&]() {
        const QJsonArray items = all(one + QStringLiteral("/deliveries"));
        for (const QJsonValue &value : items) {
            if (str(value.toObject(), QStringLiteral("id")) == str(tested.json, QStringLiteral("deliveryId")))
                return value.toObject();
        }
        return QJsonObject();
    };
    QVERIFY(QTest::qWaitFor(
            [&] { return str(delivery(), QStringLiteral("status")) == QLatin1String("retrying"); }, kWaitMs));
    QJsonObject retrying = delivery();
    QCOMPARE(retrying.value(QStringLiteral("attempts")).toInt(), 1);
    QCOMPARE(retrying.value(QStringLiteral("responseStatus")).toInt(), 500);
    QCOMPARE(timeOf(retrying, QStringLiteral("nextAttemptAt")),
             timeOf(retrying, QStringLiteral("lastAttemptAt")).addSecs(30));
    advance(10);
    QCOMPARE(m_received.size(), 1); // not yet
    advance(20);
    QVERIFY(QTest::qWaitFor([this] { return m_received.size() == 2; }, kWaitMs));
    QCOMPARE(m_received.at(1).id, first.id); // the same message id on a retry
    QVERIFY(verify(m_received.at(1), secret));
    QVERIFY(QTest::qWaitFor(
            [&] { return str(delivery(), QStringLiteral("status")) == QLatin1String("succeeded"); },
            kWaitMs));
    const QJsonArray history = delivery().value(QStringLiteral("history")).toArray();
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).toObject().value(QStringLiteral("responseStatus")).toInt(), 500);
    QCOMPARE(history.at(1).toObject().value(QStringLiteral("responseStatus")).toInt(), 204);

    // After a rotation the new secret signs.
    const QString rotated =
            str(post(one + QStringLiteral("/rotate-secret"), {}).json, QStringLiteral("secret"));
    QCOMPARE(post(one + QStringLiteral("/test"), {}).status, 200);
    QVERIFY(QTest::qWaitFor([this] { return m_received.size() == 3; }, kWaitMs));
    QVERIFY(verify(m_received.at(2), rotated));
    QVERIFY(!verify(m_received.at(2), secret));

    // An endpoint elsewhere is never called: the delivery fails unsent.
    const QString remote = subscribe(
            QJsonObject{{QStringLiteral("endpoint"), QStringLiteral("https://hooks.example.com/x")},
                        {QStringLiteral("eventTypes"), QJsonArray{QStringLiteral("reply.received")}}});
    QCOMPARE(post(QStringLiteral("/campaigns/webhooks/subscriptions/%1/test").arg(remote), {}).status, 200);
    const QJsonArray unsent =
            all(QStringLiteral("/campaigns/webhooks/subscriptions/%1/deliveries").arg(remote));
    QCOMPARE(unsent.size(), 1);
    QCOMPARE(str(unsent.at(0).toObject(), QStringLiteral("status")), QStringLiteral("failed"));
    QCOMPARE(m_received.size(), 3);
}

void TestO2dSandboxSending::webhookEventsFollowTheSimulation()
{
    // Only this test's subscriptions post to the receiver.
    for (const QJsonValue &value : all(QStringLiteral("/campaigns/webhooks/subscriptions")))
        QCOMPARE(send("DELETE",
                      QStringLiteral("/campaigns/webhooks/subscriptions/") +
                              str(value.toObject(), QStringLiteral("id")))
                         .status,
                 204);
    CampaignSpec spec;
    spec.contacts = 300;
    const QString id = campaign(spec);
    QVERIFY(!id.isEmpty());
    const QString interested = subscribe(
            QJsonObject{{QStringLiteral("eventTypes"), QJsonArray{QStringLiteral("reply.received")}},
                        {QStringLiteral("replyIntents"), QJsonArray{QStringLiteral("interested")}},
                        {QStringLiteral("campaignIds"), QJsonArray{id}}});
    const QString paused = subscribe(
            QJsonObject{{QStringLiteral("eventTypes"), QJsonArray{QStringLiteral("reply.received")}}});
    QVERIFY(!interested.isEmpty() && !paused.isEmpty());
    QCOMPARE(post(QStringLiteral("/campaigns/webhooks/subscriptions/%1/pause").arg(paused), {}).status, 200);
    nextMonday();
    QVERIFY(launch(id));
    advance(3 * 86400);

    int interestedThreads = 0;
    for (const QJsonValue &value :
         all(QStringLiteral("/threads"),
             QUrlQuery{{QStringLiteral("campaignId"), id},
                       {QStringLiteral("replyIntent"), QStringLiteral("interested")}}))
        interestedThreads += value.isObject();
    QVERIFY(interestedThreads > 0);
    QVERIFY(QTest::qWaitFor([&] { return m_received.size() == interestedThreads; }, kWaitMs));
    for (const Received &received : std::as_const(m_received)) {
        const QJsonObject payload = QJsonDocument::fromJson(received.body).object();
        QCOMPARE(str(payload, QStringLiteral("type")), QStringLiteral("reply.received"));
        const QJsonObject data = payload.value(QStringLiteral("data")).toObject();
        QCOMPARE(str(data, QStringLiteral("campaignId")), id);
        QCOMPARE(str(data, QStringLiteral("replyIntent")), QStringLiteral("interested"));
    }
    QCOMPARE(all(QStringLiteral("/campaigns/webhooks/subscriptions/%1/deliveries").arg(interested)).size(),
             interestedThreads);
    QCOMPARE(all(QStringLiteral("/campaigns/webhooks/subscriptions/%1/deliveries").arg(paused)).size(), 0);

    // The events list holds every event of the run, whoever subscribed.
    QHash<QString, int> types;
    for (const QJsonValue &value : all(QStringLiteral("/campaigns/webhooks/events"))) {
        const QJsonObject event = value.toObject();
        if (str(event, QStringLiteral("campaignId")) == id)
            ++types[str(event, QStringLiteral("type"))];
    }
    QCOMPARE(types.value(QStringLiteral("send.sent")) + types.value(QStringLiteral("send.failed")),
             stats(id).value(QStringLiteral("sends")).toObject().value(QStringLiteral("total")).toInt());
    QVERIFY(types.value(QStringLiteral("reply.received")) >= interestedThreads);
    QVERIFY(types.value(QStringLiteral("contact.bounced")) > 0);
    QCOMPARE(types.value(QStringLiteral("campaign.launched")), 1);
}

CC_TEST_GUILESS_MAIN(TestO2dSandboxSending)
#include "tst_o2dsandbox_sending.moc"
