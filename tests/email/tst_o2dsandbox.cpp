// Outreach2day's sandbox over raw HTTP, as any client sees it: every endpoint of building and
// launching a campaign, every documented limit (400 naming the field), the campaign state
// machine (409 from a wrong state), Idempotency-Key replay, staged imports polled to completion,
// cursor paging with its fault switches, preflight computed from the campaign's state and
// launches in tranches, synchronous and as jobs.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "sandbox/Outreach2daySandbox.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QUrlQuery>

namespace {

constexpr int kWaitMs = 60'000;

struct Answer
{
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &pair : headers) {
            if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
                return pair.second;
        }
        return {};
    }
    QString field() const
    {
        return json.value(QStringLiteral("detail")).toObject().value(QStringLiteral("field")).toString();
    }
    QString error() const { return json.value(QStringLiteral("error")).toString(); }
    QString text(const QString &key) const { return json.value(key).toString(); }
    QJsonArray items() const { return json.value(QStringLiteral("items")).toArray(); }
};

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// A multipart/form-data body as RFC 7578 writes it: text fields first, then the CSV as "file".
QByteArray multipart(const QByteArray &boundary, const QByteArray &csv,
                     const QList<QPair<QByteArray, QByteArray>> &fields = {})
{
    QByteArray body;
    for (const auto &field : fields) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.first + "\"\r\n\r\n" +
                field.second + "\r\n";
    }
    body += "--" + boundary +
            "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leads.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n" +
            csv + "\r\n--" + boundary + "--\r\n";
    return body;
}

QByteArray contactsCsv(int count, int firstIndex = 1)
{
    QByteArray csv = "email,firstName,lastName,company,title\r\n";
    for (int i = firstIndex; i < firstIndex + count; ++i)
        csv += QByteArray("person") + QByteArray::number(i) + "@example.com,First" + QByteArray::number(i) +
                ",Last,Company " + QByteArray::number(i) + ",CTO\r\n";
    return csv;
}

QStringList namesOf(const QJsonArray &checks, bool passed)
{
    QStringList names;
    for (const QJsonValue &check : checks) {
        if (check.toObject().value(QStringLiteral("passed")).toBool() == passed)
            names.append(check.toObject().value(QStringLiteral("name")).toString());
    }
    return names;
}

} // namespace

class TestO2dSandbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void workspaceIsRequired();
    void createCampaign();
    void createCampaignLimits_data();
    void createCampaignLimits();
    void stepsKeepOrderAndAnswerDelaySeconds();
    void stepLimits_data();
    void stepLimits();
    void updateAndDeleteUnknownStep();
    void previewRendersTheContact();
    void directImportCountsRowsAndErrors();
    void directImportRefusals();
    void multipartAsClientsWriteIt_data();
    void multipartAsClientsWriteIt();
    void idempotencyKeyReplaysWithoutDuplicates();
    void stagedImportIsMappedAndPolledToCompletion();
    void stagedImportRefusals();
    void suggestedMappingIsAccepted();
    void contactsPageWithCursor();
    void contactsImportedWhilePagingAreListedOnce();
    void contactsPagingLimits_data();
    void contactsPagingLimits();
    void pagingSwitchRepeatsTheCursor();
    void pagingSwitchMakesNoProgress();
    void mailboxDefaultsAndUpdate();
    void mailboxLimits_data();
    void mailboxLimits();
    void scheduleIsValidated_data();
    void scheduleIsValidated();
    void stopRules();
    void preflightFollowsTheState();
    void mailboxAuthFailsForTheUnverifiedDomain();
    void launchIsRefusedWhilePreflightBlocks();
    void launchTakesTranches();
    void launchParameters_data();
    void launchParameters();
    void asyncLaunchJobRunsToCompletion();
    void failingLaunchJobErrorsTheCampaign();
    void lifecycleFollowsTheStateMachine();
    void statsCountTheState();
    void suppressionsSuppressContacts();
    void demoCampaignIsSeeded();
    void controlEndpoint();

private:
    Answer send(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                const QByteArray &contentType = "application/json", const QUrlQuery &extra = {},
                const QList<QPair<QByteArray, QByteArray>> &headers = {}, bool withWorkspace = true);
    Answer get(const QString &path, const QUrlQuery &extra = {}) { return send("GET", path, {}, {}, extra); }
    Answer post(const QString &path, const QJsonObject &body, const QUrlQuery &extra = {})
    {
        return send("POST", path, toJson(body), "application/json", extra);
    }
    Answer patch(const QString &path, const QJsonObject &body) { return send("PATCH", path, toJson(body)); }
    Answer put(const QString &path, const QJsonObject &body) { return send("PUT", path, toJson(body)); }
    Answer upload(const QString &path, const QByteArray &csv, const QByteArray &key = {},
                  const QByteArray &boundary = "cc-boundary-1",
                  const QList<QPair<QByteArray, QByteArray>> &fields = {});
    Answer control(const QJsonObject &body);

    QString newCampaign(const QString &name = QStringLiteral("Test campaign"));
    // A campaign whose preflight passes: a step, `contacts` contacts, a mailbox and a schedule.
    // Its contacts are person<first>@example.com onwards, addresses no other campaign has.
    QString readyCampaign(int contacts, int *first = nullptr);
    Answer launch(const QString &campaignId, const QUrlQuery &query = {})
    {
        return send("POST", QStringLiteral("/campaigns/%1/launch").arg(campaignId), {}, {}, query);
    }
    Answer lifecycle(const QString &campaignId, const QString &action)
    {
        return post(QStringLiteral("/campaigns/%1/lifecycle").arg(campaignId),
                    QJsonObject{{QStringLiteral("action"), action}});
    }
    Outreach2daySandbox *o2d() const { return m_sandbox.server()->outreach2day(); }

    SandboxFixture m_sandbox;
    int m_nextContact = 10'000;
};

void TestO2dSandbox::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
}

void TestO2dSandbox::init()
{
    o2d()->resetSwitches();
}

Answer TestO2dSandbox::send(const QByteArray &verb, const QString &path, const QByteArray &body,
                            const QByteArray &contentType, const QUrlQuery &extra,
                            const QList<QPair<QByteArray, QByteArray>> &headers, bool withWorkspace)
{
    QUrl url = m_sandbox.baseUrl(Vendor::Outreach2day);
    url.setPath(url.path() + path);
    QUrlQuery query = extra;
    if (withWorkspace)
        query.addQueryItem(QStringLiteral("workspaceId"), SandboxFixture::outreachWorkspaceId());
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + SandboxFixture::token(Vendor::Outreach2day));
    if (!contentType.isEmpty() && !body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
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

Answer TestO2dSandbox::upload(const QString &path, const QByteArray &csv, const QByteArray &key,
                              const QByteArray &boundary, const QList<QPair<QByteArray, QByteArray>> &fields)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!key.isEmpty())
        headers.append({"Idempotency-Key", key});
    return send("POST", path, multipart(boundary, csv, fields), "multipart/form-data; boundary=" + boundary,
                {}, headers);
}

Answer TestO2dSandbox::control(const QJsonObject &body)
{
    QUrl url = m_sandbox.baseUrl(Vendor::Outreach2day);
    url.setPath(QStringLiteral("/_sandbox/outreach2day"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_sandbox.network()->post(request, toJson(body));
    Answer answer;
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, kWaitMs))
        return answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.json = QJsonDocument::fromJson(answer.body).object();
    reply->deleteLater();
    return answer;
}

QString TestO2dSandbox::newCampaign(const QString &name)
{
    const Answer created = post(QStringLiteral("/campaigns"), QJsonObject{{QStringLiteral("name"), name}});
    return created.status == 201 ? created.text(QStringLiteral("id")) : QString();
}

QString TestO2dSandbox::readyCampaign(int contacts, int *first)
{
    const int firstIndex = m_nextContact;
    m_nextContact += contacts;
    if (first)
        *first = firstIndex;
    const QString id = newCampaign();
    if (id.isEmpty())
        return {};
    const bool ready = post(QStringLiteral("/campaigns/%1/steps").arg(id),
                            QJsonObject{{QStringLiteral("subject"), QStringLiteral("Hi {{firstName}}")}})
                               .status == 201 &&
            upload(QStringLiteral("/campaigns/%1/contacts/import").arg(id), contactsCsv(contacts, firstIndex))
                            .status == 200 &&
            post(QStringLiteral("/campaigns/%1/mailboxes").arg(id),
                 QJsonObject{{QStringLiteral("mailboxAddress"), QStringLiteral("sender@cooloutreach.com")}})
                            .status == 201 &&
            put(QStringLiteral("/campaigns/%1/schedule").arg(id),
                QJsonObject{{QStringLiteral("timezone"), QStringLiteral("Europe/Berlin")},
                            {QStringLiteral("weekdays"),
                             QJsonArray{QStringLiteral("mon"), QStringLiteral("tue")}},
                            {QStringLiteral("windows"),
                             QJsonArray{QJsonObject{{QStringLiteral("start"), QStringLiteral("09:00")},
                                                    {QStringLiteral("end"), QStringLiteral("17:00")}}}}})
                            .status == 200;
    return ready ? id : QString();
}

// ---------------------------------------------------------------------------------------------

void TestO2dSandbox::workspaceIsRequired()
{
    const Answer missing = send("POST", QStringLiteral("/campaigns"),
                                toJson(QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}}),
                                "application/json", {}, {}, false);
    QCOMPARE(missing.status, 400);
    QCOMPARE(missing.error(), QStringLiteral("workspace_required"));
}

void TestO2dSandbox::createCampaign()
{
    const Answer created = post(QStringLiteral("/campaigns"),
                                QJsonObject{{QStringLiteral("name"), QStringLiteral("Q1 SaaS Outreach")},
                                            {QStringLiteral("priority"), QStringLiteral("HIGH")}});
    QCOMPARE(created.status, 201);
    QVERIFY(created.text(QStringLiteral("id")).startsWith(QStringLiteral("cmp_")));
    QCOMPARE(created.text(QStringLiteral("name")), QStringLiteral("Q1 SaaS Outreach"));
    QCOMPARE(created.text(QStringLiteral("priority")), QStringLiteral("HIGH"));
    QCOMPARE(created.text(QStringLiteral("status")), QStringLiteral("draft"));
    QCOMPARE(created.json.value(QStringLiteral("workspaceId")).toInt(),
             SandboxFixture::outreachWorkspaceId().toInt());
    QVERIFY(QDateTime::fromString(created.text(QStringLiteral("createdAt")), Qt::ISODate).isValid());
    QVERIFY(o2d()->hasCampaign(created.text(QStringLiteral("id"))));

    const Answer defaulted =
            post(QStringLiteral("/campaigns"), QJsonObject{{QStringLiteral("name"), QStringLiteral("B")}});
    QCOMPARE(defaulted.text(QStringLiteral("priority")), QStringLiteral("MEDIUM"));
    QVERIFY(defaulted.text(QStringLiteral("id")) != created.text(QStringLiteral("id")));
}

void TestO2dSandbox::createCampaignLimits_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("no name") << QByteArray(R"({"priority":"HIGH"})") << QStringLiteral("name");
    QTest::newRow("blank name") << QByteArray(R"({"name":"  "})") << QStringLiteral("name");
    QTest::newRow("name not a string") << QByteArray(R"({"name":5})") << QStringLiteral("name");
    QTest::newRow("long name") << (R"({"name":")" + QByteArray(201, 'x') + R"("})") << QStringLiteral("name");
    QTest::newRow("unknown priority")
            << QByteArray(R"({"name":"x","priority":"URGENT"})") << QStringLiteral("priority");
    QTest::newRow("lower-case priority")
            << QByteArray(R"({"name":"x","priority":"high"})") << QStringLiteral("priority");
}

void TestO2dSandbox::createCampaignLimits()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    const Answer refused = send("POST", QStringLiteral("/campaigns"), body);
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.error(), QStringLiteral("invalid_field"));
    QCOMPARE(refused.field(), field);
    QVERIFY2(refused.text(QStringLiteral("message")).contains(field), refused.body.constData());

    const Answer notJson =
            send("POST", QStringLiteral("/campaigns"), "name=x", "application/x-www-form-urlencoded");
    QCOMPARE(notJson.status, 400);
    QCOMPARE(notJson.error(), QStringLiteral("invalid_json"));
}

void TestO2dSandbox::stepsKeepOrderAndAnswerDelaySeconds()
{
    const QString id = newCampaign();
    const QString steps = QStringLiteral("/campaigns/%1/steps").arg(id);
    const Answer first =
            post(steps,
                 QJsonObject{{QStringLiteral("order"), 1},
                             {QStringLiteral("subject"), QStringLiteral("Quick question about {{company}}")},
                             {QStringLiteral("bodyHtml"), QStringLiteral("<p>Hi {{firstName}}</p>")}});
    QCOMPARE(first.status, 201);
    QVERIFY(first.text(QStringLiteral("id")).startsWith(QStringLiteral("stp_")));
    QCOMPARE(first.text(QStringLiteral("campaignId")), id);
    QCOMPARE(first.json.value(QStringLiteral("delaySeconds")).toInt(), 0);
    QCOMPARE(first.json.value(QStringLiteral("variants")).toArray().size(), 0);

    const Answer third = post(steps,
                              QJsonObject{{QStringLiteral("delayDays"), 5},
                                          {QStringLiteral("subject"), QStringLiteral("Last try")}});
    QCOMPARE(third.json.value(QStringLiteral("order")).toInt(), 2); // no order: the next
    QCOMPARE(third.json.value(QStringLiteral("delaySeconds")).toInt(), 5 * 86400);

    // Inserted at order 2: the last step moves to 3.
    const Answer second =
            post(steps,
                 QJsonObject{{QStringLiteral("order"), 2},
                             {QStringLiteral("delayDays"), 3},
                             {QStringLiteral("subject"), QStringLiteral("Follow-up")},
                             {QStringLiteral("variants"),
                              QJsonArray{QJsonObject{{QStringLiteral("subject"), QStringLiteral("A")},
                                                     {QStringLiteral("weight"), 50}},
                                         QJsonObject{{QStringLiteral("subject"), QStringLiteral("B")},
                                                     {QStringLiteral("bodyHtml"), QStringLiteral("<p>B</p>")},
                                                     {QStringLiteral("weight"), 50}}}}});
    QCOMPARE(second.status, 201);
    QCOMPARE(second.json.value(QStringLiteral("delaySeconds")).toInt(), 3 * 86400);
    const QJsonArray variants = second.json.value(QStringLiteral("variants")).toArray();
    QCOMPARE(variants.size(), 2);
    QCOMPARE(variants.at(1).toObject().value(QStringLiteral("bodyHtml")).toString(),
             QStringLiteral("<p>B</p>"));
    QCOMPARE(variants.at(1).toObject().value(QStringLiteral("weight")).toInt(), 50);

    Answer list = get(steps);
    QCOMPARE(list.status, 200);
    QStringList order;
    for (const QJsonValue &step : list.items())
        order.append(step.toObject().value(QStringLiteral("subject")).toString() + QLatin1Char('@') +
                     QString::number(step.toObject().value(QStringLiteral("order")).toInt()));
    QCOMPARE(order,
             (QStringList{QStringLiteral("Quick question about {{company}}@1"), QStringLiteral("Follow-up@2"),
                          QStringLiteral("Last try@3")}));

    // PATCH takes any of the step's fields; delayDays in, delaySeconds out; order moves it.
    const QString stepPath = QStringLiteral("/campaigns/steps/%1").arg(third.text(QStringLiteral("id")));
    const Answer updated =
            patch(stepPath,
                  QJsonObject{{QStringLiteral("subject"), QStringLiteral("Updated subject line")},
                              {QStringLiteral("delayDays"), 2},
                              {QStringLiteral("order"), 1}});
    QCOMPARE(updated.status, 200);
    QCOMPARE(updated.text(QStringLiteral("subject")), QStringLiteral("Updated subject line"));
    QCOMPARE(updated.json.value(QStringLiteral("delaySeconds")).toInt(), 2 * 86400);
    QCOMPARE(updated.json.value(QStringLiteral("order")).toInt(), 1);
    list = get(steps);
    QCOMPARE(list.items().at(1).toObject().value(QStringLiteral("subject")).toString(),
             QStringLiteral("Quick question about {{company}}"));
    QCOMPARE(list.items().at(1).toObject().value(QStringLiteral("order")).toInt(), 2);

    QCOMPARE(send("DELETE", stepPath).status, 204);
    list = get(steps);
    QCOMPARE(list.items().size(), 2);
    QCOMPARE(list.items().at(0).toObject().value(QStringLiteral("order")).toInt(), 1);
    QCOMPARE(list.items().at(1).toObject().value(QStringLiteral("order")).toInt(), 2);
    QCOMPARE(send("DELETE", stepPath).status, 404);
}

void TestO2dSandbox::stepLimits_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("no subject") << QByteArray(R"({"bodyHtml":"<p>x</p>"})") << QStringLiteral("subject");
    QTest::newRow("empty subject") << QByteArray(R"({"subject":""})") << QStringLiteral("subject");
    QTest::newRow("negative delay") << QByteArray(R"({"subject":"s","delayDays":-1})")
                                    << QStringLiteral("delayDays");
    QTest::newRow("fractional delay")
            << QByteArray(R"({"subject":"s","delayDays":1.5})") << QStringLiteral("delayDays");
    QTest::newRow("delay as text") << QByteArray(R"({"subject":"s","delayDays":"3"})")
                                   << QStringLiteral("delayDays");
    QTest::newRow("order 0") << QByteArray(R"({"subject":"s","order":0})") << QStringLiteral("order");
    QTest::newRow("bodyHtml not text")
            << QByteArray(R"({"subject":"s","bodyHtml":[]})") << QStringLiteral("bodyHtml");
    QTest::newRow("weights sum to 90")
            << QByteArray(
                       R"({"subject":"s","variants":[{"subject":"a","weight":60},{"subject":"b","weight":30}]})")
            << QStringLiteral("variants");
    QTest::newRow("variant without subject")
            << QByteArray(
                       R"({"subject":"s","variants":[{"subject":"a","weight":50},{"bodyHtml":"b","weight":50}]})")
            << QStringLiteral("variants[1].subject");
    QTest::newRow("variant without weight") << QByteArray(R"({"subject":"s","variants":[{"subject":"a"}]})")
                                            << QStringLiteral("variants[0].weight");
    QTest::newRow("variant weight 0")
            << QByteArray(
                       R"({"subject":"s","variants":[{"subject":"a","weight":0},{"subject":"b","weight":100}]})")
            << QStringLiteral("variants[0].weight");
    QTest::newRow("variants not an array")
            << QByteArray(R"({"subject":"s","variants":{}})") << QStringLiteral("variants");
}

void TestO2dSandbox::stepLimits()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    const QString id = newCampaign();
    const Answer refused = send("POST", QStringLiteral("/campaigns/%1/steps").arg(id), body);
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.field(), field);
    QVERIFY2(refused.text(QStringLiteral("message")).contains(field), refused.body.constData());
    QCOMPARE(get(QStringLiteral("/campaigns/%1/steps").arg(id)).items().size(), 0);

    // The same limits apply to an update, which changes nothing when refused.
    const Answer step = post(QStringLiteral("/campaigns/%1/steps").arg(id),
                             QJsonObject{{QStringLiteral("subject"), QStringLiteral("kept")}});
    QCOMPARE(step.status, 201);
    QJsonObject update = QJsonDocument::fromJson(body).object();
    if (!update.contains(QStringLiteral("subject")) || field != QLatin1String("subject"))
        update.remove(QStringLiteral("subject"));
    if (field == QLatin1String("subject"))
        update.insert(QStringLiteral("subject"), QString());
    const Answer refusedUpdate =
            patch(QStringLiteral("/campaigns/steps/%1").arg(step.text(QStringLiteral("id"))), update);
    QCOMPARE(refusedUpdate.status, 400);
    QCOMPARE(refusedUpdate.field(), field);
    QCOMPARE(get(QStringLiteral("/campaigns/%1/steps").arg(id))
                     .items()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("subject"))
                     .toString(),
             QStringLiteral("kept"));
}

void TestO2dSandbox::updateAndDeleteUnknownStep()
{
    QCOMPARE(patch(QStringLiteral("/campaigns/steps/stp_nope"),
                   QJsonObject{{QStringLiteral("subject"), QStringLiteral("x")}})
                     .status,
             404);
    QCOMPARE(send("DELETE", QStringLiteral("/campaigns/steps/stp_nope")).status, 404);
    QCOMPARE(get(QStringLiteral("/campaigns/cmp_nope/steps")).status, 404);
    const QString id = newCampaign();
    const Answer step = post(QStringLiteral("/campaigns/%1/steps").arg(id),
                             QJsonObject{{QStringLiteral("subject"), QStringLiteral("s")}});
    const Answer empty =
            patch(QStringLiteral("/campaigns/steps/%1").arg(step.text(QStringLiteral("id"))), QJsonObject{});
    QCOMPARE(empty.status, 400);
    QCOMPARE(empty.field(), QStringLiteral("body"));
}

void TestO2dSandbox::previewRendersTheContact()
{
    const Answer preview = post(
            QStringLiteral("/campaigns/steps/preview"),
            QJsonObject{
                    {QStringLiteral("step"),
                     QJsonObject{
                             {QStringLiteral("subject"), QStringLiteral("Quick question about {{company}}")},
                             {QStringLiteral("bodyHtml"),
                              QStringLiteral(
                                      "<p>Hi {{ firstName }},</p><p>{{company}} {{unknownField}}!</p>")}}},
                    {QStringLiteral("contact"),
                     QJsonObject{{QStringLiteral("firstName"), QStringLiteral("Sarah")},
                                 {QStringLiteral("lastName"), QStringLiteral("Chen")},
                                 {QStringLiteral("company"), QStringLiteral("Acme & Co")},
                                 {QStringLiteral("email"), QStringLiteral("sarah@acme.com")}}}});
    QCOMPARE(preview.status, 200);
    QCOMPARE(preview.text(QStringLiteral("subject")), QStringLiteral("Quick question about Acme & Co"));
    // Values are escaped in HTML; an unknown placeholder renders empty.
    QCOMPARE(preview.text(QStringLiteral("bodyHtml")),
             QStringLiteral("<p>Hi Sarah,</p><p>Acme &amp; Co !</p>"));
    QVERIFY(!preview.json.contains(QStringLiteral("bodyText"))); // only what the step has

    const Answer custom = post(
            QStringLiteral("/campaigns/steps/preview"),
            QJsonObject{
                    {QStringLiteral("step"),
                     QJsonObject{{QStringLiteral("bodyText"), QStringLiteral("{{title}} at {{company}}")}}},
                    {QStringLiteral("contact"),
                     QJsonObject{{QStringLiteral("company"), QStringLiteral("Acme")},
                                 {QStringLiteral("customJson"),
                                  QJsonObject{{QStringLiteral("title"), QStringLiteral("CTO")}}}}}});
    QCOMPARE(custom.text(QStringLiteral("bodyText")), QStringLiteral("CTO at Acme"));

    const Answer noStep = post(QStringLiteral("/campaigns/steps/preview"),
                               QJsonObject{{QStringLiteral("contact"), QJsonObject{}}});
    QCOMPARE(noStep.status, 400);
    QCOMPARE(noStep.field(), QStringLiteral("step"));
    const Answer badContact =
            post(QStringLiteral("/campaigns/steps/preview"),
                 QJsonObject{{QStringLiteral("step"),
                              QJsonObject{{QStringLiteral("subject"), QStringLiteral("s")}}},
                             {QStringLiteral("contact"), QStringLiteral("sarah")}});
    QCOMPARE(badContact.status, 400);
    QCOMPARE(badContact.field(), QStringLiteral("contact"));
}

void TestO2dSandbox::directImportCountsRowsAndErrors()
{
    const QString id = newCampaign();
    const QString path = QStringLiteral("/campaigns/%1/contacts/import").arg(id);
    const QByteArray csv =
            "\xEF\xBB\xBF"
            "email,firstName,lastName,company,title,notes\r\n"
            "sarah@acme.com,Sarah,Chen,Acme Corp,VP Sales,\"met at \"\"SaaStr\"\", Berlin\"\r\n"
            "not-an-email,Bad,Row,X,Y,\r\n"
            "mike@bigco.io,Mike,Johnson,BigCo,CTO,\r\n"
            ",No,Email,Z,W,\r\n"
            "SARAH@acme.com,Sarah,Chen,Acme Corporation,VP Sales,\r\n";
    const Answer result = upload(path, csv);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json.value(QStringLiteral("parsed")).toInt(), 5);
    QCOMPARE(result.json.value(QStringLiteral("valid")).toInt(), 3);
    QCOMPARE(result.json.value(QStringLiteral("invalid")).toInt(), 2);
    QCOMPARE(result.json.value(QStringLiteral("upserted")).toInt(), 3);
    QCOMPARE(result.json.value(QStringLiteral("imported")).toInt(), 2); // Sarah twice is one contact
    const QJsonArray errors = result.json.value(QStringLiteral("errors")).toArray();
    QCOMPARE(errors.size(), 2);
    QCOMPARE(errors.at(0).toObject().value(QStringLiteral("line")).toInt(), 3);
    QCOMPARE(errors.at(0).toObject().value(QStringLiteral("row")).toInt(), 2);
    QCOMPARE(errors.at(0).toObject().value(QStringLiteral("value")).toString(),
             QStringLiteral("not-an-email"));
    QCOMPARE(errors.at(0).toObject().value(QStringLiteral("field")).toString(), QStringLiteral("email"));
    QCOMPARE(errors.at(1).toObject().value(QStringLiteral("line")).toInt(), 5);

    const Answer list = get(QStringLiteral("/campaigns/%1/contacts").arg(id));
    QCOMPARE(list.items().size(), 2);
    const QJsonObject sarah = list.items().at(0).toObject();
    QCOMPARE(sarah.value(QStringLiteral("email")).toString(), QStringLiteral("sarah@acme.com"));
    QCOMPARE(sarah.value(QStringLiteral("name")).toString(), QStringLiteral("Sarah Chen"));
    QCOMPARE(sarah.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
    QCOMPARE(sarah.value(QStringLiteral("campaignId")).toString(), id);
    const QJsonObject custom = sarah.value(QStringLiteral("customJson")).toObject();
    QCOMPARE(custom.value(QStringLiteral("company")).toString(),
             QStringLiteral("Acme Corporation")); // the later row
    QCOMPARE(custom.value(QStringLiteral("title")).toString(), QStringLiteral("VP Sales"));
    QCOMPARE(custom.value(QStringLiteral("notes")).toString(), QStringLiteral("met at \"SaaStr\", Berlin"));
    QVERIFY(!custom.contains(QStringLiteral("email")));
    QVERIFY(!custom.contains(QStringLiteral("firstName")));
    QVERIFY(list.json.value(QStringLiteral("next_cursor")).isNull());

    // A second import of the same rows without a key updates, it does not duplicate.
    const Answer again = upload(path, csv);
    QCOMPARE(again.json.value(QStringLiteral("imported")).toInt(), 0);
    QCOMPARE(again.json.value(QStringLiteral("upserted")).toInt(), 3);
    QCOMPARE(o2d()->contactCount(id), 2);
}

void TestO2dSandbox::directImportRefusals()
{
    const QString id = newCampaign();
    const QString path = QStringLiteral("/campaigns/%1/contacts/import").arg(id);
    const Answer notMultipart = send("POST", path, "email\r\na@b.co\r\n", "text/csv");
    QCOMPARE(notMultipart.status, 415);

    const Answer noFile =
            send("POST", path, "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n",
                 "multipart/form-data; boundary=b");
    QCOMPARE(noFile.status, 400);
    QCOMPARE(noFile.field(), QStringLiteral("file"));

    const Answer truncated =
            send("POST", path, "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nemail\r\n",
                 "multipart/form-data; boundary=b");
    QCOMPARE(truncated.status, 400);
    QCOMPARE(truncated.field(), QStringLiteral("file"));

    const Answer noEmailColumn = upload(path, "name,company\r\nSarah,Acme\r\n");
    QCOMPARE(noEmailColumn.status, 400);
    QCOMPARE(noEmailColumn.field(), QStringLiteral("file"));

    const Answer openQuote = upload(path, "email,name\r\na@b.co,\"Sarah\r\n");
    QCOMPARE(openQuote.status, 400);
    QVERIFY2(openQuote.text(QStringLiteral("message")).contains(QStringLiteral("line 2")),
             openQuote.body.constData());

    const Answer tooBig =
            upload(path, "email\r\n" + QByteArray(int(Outreach2daySandbox::maxDirectImportBytes), 'a'));
    QCOMPARE(tooBig.status, 413);
    QCOMPARE(upload(QStringLiteral("/campaigns/cmp_nope/contacts/import"), contactsCsv(1)).status, 404);
    QCOMPARE(o2d()->contactCount(id), 0);
}

void TestO2dSandbox::multipartAsClientsWriteIt_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    const QByteArray part = "Content-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
                            "email,firstName\r\nann@example.com,Ann\r\n";
    QTest::newRow("plain") << QByteArray("multipart/form-data; boundary=b1")
                           << ("--b1\r\n" + part + "\r\n--b1--\r\n");
    QTest::newRow("quoted boundary") << QByteArray("multipart/form-data; boundary=\"a b:c\"")
                                     << ("--a b:c\r\n" + part + "\r\n--a b:c--\r\n");
    QTest::newRow("parameters before the boundary")
            << QByteArray("Multipart/Form-Data; charset=utf-8; BOUNDARY=b2")
            << ("--b2\r\n" + part + "\r\n--b2--");
    QTest::newRow("preamble and epilogue")
            << QByteArray("multipart/form-data; boundary=b3")
            << ("ignored preamble\r\n--b3\r\n" + part + "\r\n--b3--\r\nepilogue");
    QTest::newRow("bare LF") << QByteArray("multipart/form-data; boundary=b4")
                             << QByteArray("--b4\nContent-Disposition: form-data; name=\"file\"\n\n"
                                           "email,firstName\nann@example.com,Ann\n\n--b4--\n");
    QTest::newRow("header names in any case")
            << QByteArray("multipart/form-data; boundary=b5")
            << QByteArray("--b5\r\nCONTENT-DISPOSITION: form-data; NAME=\"file\"\r\ncontent-type: "
                          "text/csv\r\n\r\n"
                          "email,firstName\r\nann@example.com,Ann\r\n--b5--\r\n");
    QTest::newRow("a text part before the file") << QByteArray("multipart/form-data; boundary=b6")
                                                 << ("--b6\r\nContent-Disposition: form-data; "
                                                     "name=\"note\"\r\n\r\na note\r\n--b6 is not a delimiter "
                                                     "here\r\n--b6\r\n" +
                                                     part + "\r\n--b6--\r\n");
}

void TestO2dSandbox::multipartAsClientsWriteIt()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    const QString id = newCampaign();
    const Answer result =
            send("POST", QStringLiteral("/campaigns/%1/contacts/import").arg(id), body, contentType);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json.value(QStringLiteral("imported")).toInt(), 1);
    QCOMPARE(o2d()->contacts(id).at(0).email, QStringLiteral("ann@example.com"));
    QCOMPARE(o2d()->contacts(id).at(0).firstName, QStringLiteral("Ann"));
}

void TestO2dSandbox::idempotencyKeyReplaysWithoutDuplicates()
{
    const QString id = newCampaign();
    const QString path = QStringLiteral("/campaigns/%1/contacts/import").arg(id);
    const Answer first = upload(path, contactsCsv(3), "import-batch-001", "boundary-first-attempt");
    QCOMPARE(first.status, 200);
    QCOMPARE(first.json.value(QStringLiteral("imported")).toInt(), 3);
    QVERIFY(first.header("Idempotent-Replayed").isEmpty());

    // The re-run after a crash: same key, same file, another multipart boundary.
    const Answer replay = upload(path, contactsCsv(3), "import-batch-001", "boundary-second-attempt");
    QCOMPARE(replay.status, 200);
    QCOMPARE(replay.body, first.body); // the same answer, word for word
    QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
    QCOMPARE(o2d()->contactCount(id), 3);

    // The same key with another file is refused, and imports nothing.
    const Answer reused = upload(path, contactsCsv(4, 10), "import-batch-001");
    QCOMPARE(reused.status, 422);
    QCOMPARE(reused.error(), QStringLiteral("idempotency_key_reused"));
    QCOMPARE(o2d()->contactCount(id), 3);

    // ... as with the same file for another campaign.
    const QString other = newCampaign();
    QCOMPARE(upload(QStringLiteral("/campaigns/%1/contacts/import").arg(other), contactsCsv(3),
                    "import-batch-001")
                     .status,
             422);
    QCOMPARE(o2d()->contactCount(other), 0);

    // A failed request is not remembered: the key stays usable for the corrected upload.
    QCOMPARE(upload(path, "name\r\nx\r\n", "import-batch-002").status, 400);
    const Answer corrected = upload(path, contactsCsv(2, 20), "import-batch-002");
    QCOMPARE(corrected.status, 200);
    QCOMPARE(corrected.json.value(QStringLiteral("imported")).toInt(), 2);
    QCOMPARE(o2d()->contactCount(id), 5);

    const Answer longKey = upload(path, contactsCsv(1), QByteArray(256, 'k'));
    QCOMPARE(longKey.status, 400);
    QCOMPARE(longKey.field(), QStringLiteral("Idempotency-Key"));
}

void TestO2dSandbox::stagedImportIsMappedAndPolledToCompletion()
{
    const QString id = newCampaign();
    QByteArray csv = "Email,first_name,last,org,role,Shoe size\r\n";
    for (int i = 1; i <= 10; ++i)
        csv += "lead" + QByteArray::number(i) + "@example.com,Lead" + QByteArray::number(i) + ",Person,Org " +
                QByteArray::number(i) + ",VP,42\r\n";
    csv += "broken,No,Email,Org,VP,1\r\n";
    const QList<QPair<QByteArray, QByteArray>> fields{{"campaignId", id.toUtf8()}};
    const Answer started = upload(QStringLiteral("/imports"), csv, "import-large-001", "b1", fields);
    QCOMPARE(started.status, 201);
    const QString importId = started.text(QStringLiteral("importId"));
    QVERIFY(importId.startsWith(QStringLiteral("imp_")));
    QCOMPARE(started.text(QStringLiteral("status")), QStringLiteral("pending_mapping"));
    QCOMPARE(started.text(QStringLiteral("campaignId")), id);

    // The same key and file (another boundary): the same import, not a second one.
    const Answer replay = upload(QStringLiteral("/imports"), csv, "import-large-001", "b2", fields);
    QCOMPARE(replay.text(QStringLiteral("importId")), importId);
    QCOMPARE(replay.status, 201);

    const QString base = QStringLiteral("/imports/%1").arg(importId);
    const Answer preview = get(base + QStringLiteral("/mapping-preview"));
    QCOMPARE(preview.status, 200);
    QCOMPARE(preview.json.value(QStringLiteral("columns")).toArray().toVariantList().size(), 6);
    QCOMPARE(preview.json.value(QStringLiteral("columns")).toArray().at(0).toString(),
             QStringLiteral("Email"));
    const QJsonObject suggested = preview.json.value(QStringLiteral("suggestedMapping")).toObject();
    QCOMPARE(suggested.value(QStringLiteral("Email")).toString(), QStringLiteral("email"));
    QCOMPARE(suggested.value(QStringLiteral("first_name")).toString(), QStringLiteral("firstName"));
    QCOMPARE(suggested.value(QStringLiteral("last")).toString(), QStringLiteral("lastName"));
    QCOMPARE(suggested.value(QStringLiteral("org")).toString(), QStringLiteral("company"));
    QCOMPARE(suggested.value(QStringLiteral("role")).toString(), QStringLiteral("title"));
    QCOMPARE(suggested.value(QStringLiteral("Shoe size")).toString(), QStringLiteral("Shoe size"));
    const QJsonArray samples = preview.json.value(QStringLiteral("sampleRows")).toArray();
    QCOMPARE(samples.size(), 5);
    QCOMPARE(samples.at(0).toObject().value(QStringLiteral("org")).toString(), QStringLiteral("Org 1"));

    // Not confirmed yet: polling changes nothing.
    QCOMPARE(get(base + QStringLiteral("/status")).text(QStringLiteral("status")),
             QStringLiteral("pending_mapping"));
    QCOMPARE(o2d()->contactCount(id), 0);

    // The operator's mapping: "Shoe size" left out.
    const QJsonObject mapping{{QStringLiteral("Email"), QStringLiteral("email")},
                              {QStringLiteral("first_name"), QStringLiteral("firstName")},
                              {QStringLiteral("last"), QStringLiteral("lastName")},
                              {QStringLiteral("org"), QStringLiteral("company")},
                              {QStringLiteral("role"), QStringLiteral("jobTitle")}};
    const Answer confirmed = post(base + QStringLiteral("/mapping-confirm"),
                                  QJsonObject{{QStringLiteral("mapping"), mapping}});
    QCOMPARE(confirmed.status, 200);
    QCOMPARE(confirmed.text(QStringLiteral("status")), QStringLiteral("processing"));
    QCOMPARE(confirmed.json.value(QStringLiteral("totalRows")).toInt(), 11);
    QCOMPARE(confirmed.json.value(QStringLiteral("processedRows")).toInt(), 0);
    const Answer twice = post(base + QStringLiteral("/mapping-confirm"),
                              QJsonObject{{QStringLiteral("mapping"), mapping}});
    QCOMPARE(twice.status, 409);
    QCOMPARE(twice.error(), QStringLiteral("invalid_state"));

    // Each poll processes a share of the rows (three polls by default).
    QList<int> processed;
    QString status;
    Answer last;
    for (int poll = 0; poll < 10 && status != QLatin1String("completed"); ++poll) {
        last = get(base + QStringLiteral("/status"));
        status = last.text(QStringLiteral("status"));
        processed.append(last.json.value(QStringLiteral("processedRows")).toInt());
    }
    QCOMPARE(processed, (QList<int>{3, 7, 11}));
    QCOMPARE(status, QStringLiteral("completed"));
    QCOMPARE(last.json.value(QStringLiteral("imported")).toInt(), 10);
    QCOMPARE(last.json.value(QStringLiteral("invalid")).toInt(), 1);
    const QJsonArray errors = last.json.value(QStringLiteral("errors")).toArray();
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).toObject().value(QStringLiteral("line")).toInt(), 12);
    QCOMPARE(errors.at(0).toObject().value(QStringLiteral("row")).toInt(), 11);
    QCOMPARE(errors.at(0).toObject().value(QStringLiteral("value")).toString(), QStringLiteral("broken"));
    QCOMPARE(get(base + QStringLiteral("/status")).text(QStringLiteral("status")),
             QStringLiteral("completed"));

    QCOMPARE(o2d()->contactCount(id), 10);
    const QJsonObject contact =
            get(QStringLiteral("/campaigns/%1/contacts").arg(id)).items().at(0).toObject();
    QCOMPARE(contact.value(QStringLiteral("name")).toString(), QStringLiteral("Lead1 Person"));
    const QJsonObject custom = contact.value(QStringLiteral("customJson")).toObject();
    QCOMPARE(custom.value(QStringLiteral("company")).toString(), QStringLiteral("Org 1"));
    QCOMPARE(custom.value(QStringLiteral("jobTitle")).toString(), QStringLiteral("VP"));
    QVERIFY(!custom.contains(QStringLiteral("Shoe size")));
}

void TestO2dSandbox::stagedImportRefusals()
{
    const QString id = newCampaign();
    const QByteArray csv = "email,org\r\na@example.com,A\r\n";
    const Answer noCampaign = upload(QStringLiteral("/imports"), csv);
    QCOMPARE(noCampaign.status, 400);
    QCOMPARE(noCampaign.field(), QStringLiteral("campaignId"));
    QCOMPARE(upload(QStringLiteral("/imports"), csv, {}, "b", {{"campaignId", "cmp_nope"}}).status, 404);
    QCOMPARE(get(QStringLiteral("/imports/imp_nope/status")).status, 404);
    QCOMPARE(get(QStringLiteral("/imports/imp_nope/mapping-preview")).status, 404);

    const Answer started = upload(QStringLiteral("/imports"), csv, {}, "b", {{"campaignId", id.toUtf8()}});
    const QString confirm =
            QStringLiteral("/imports/%1/mapping-confirm").arg(started.text(QStringLiteral("importId")));
    struct Case
    {
        QJsonObject body;
        QString field;
    };
    const QList<Case> cases = {
            {QJsonObject{}, QStringLiteral("mapping")},
            {QJsonObject{{QStringLiteral("mapping"),
                          QJsonObject{{QStringLiteral("org"), QStringLiteral("company")}}}},
             QStringLiteral("mapping")}, // nothing mapped to email
            {QJsonObject{{QStringLiteral("mapping"),
                          QJsonObject{{QStringLiteral("email"), QStringLiteral("email")},
                                      {QStringLiteral("nope"), QStringLiteral("title")}}}},
             QStringLiteral("mapping.nope")},
            {QJsonObject{{QStringLiteral("mapping"),
                          QJsonObject{{QStringLiteral("email"), QStringLiteral("email")},
                                      {QStringLiteral("org"), QStringLiteral("email")}}}},
             QStringLiteral("mapping.org")},
            {QJsonObject{{QStringLiteral("mapping"),
                          QJsonObject{{QStringLiteral("email"), QStringLiteral("email")},
                                      {QStringLiteral("org"), 5}}}},
             QStringLiteral("mapping.org")},
    };
    for (const Case &c : cases) {
        const Answer refused = post(confirm, c.body);
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.field(), c.field);
    }
    QCOMPARE(get(QStringLiteral("/imports/%1/status").arg(started.text(QStringLiteral("importId"))))
                     .text(QStringLiteral("status")),
             QStringLiteral("pending_mapping"));
}

void TestO2dSandbox::suggestedMappingIsAccepted()
{
    const QString id = newCampaign();
    const QByteArray csv =
            "E-mail,2nd phone,Notes (internal)\r\nann@example.com,+1 555 0100,met at a fair\r\n";
    const Answer started = upload(QStringLiteral("/imports"), csv, {}, "b", {{"campaignId", id.toUtf8()}});
    const QString base = QStringLiteral("/imports/%1").arg(started.text(QStringLiteral("importId")));
    const QJsonObject suggested = get(base + QStringLiteral("/mapping-preview"))
                                          .json.value(QStringLiteral("suggestedMapping"))
                                          .toObject();
    QCOMPARE(suggested.value(QStringLiteral("E-mail")).toString(), QStringLiteral("email"));
    const Answer confirmed = post(base + QStringLiteral("/mapping-confirm"),
                                  QJsonObject{{QStringLiteral("mapping"), suggested}});
    QCOMPARE(confirmed.status, 200);
    o2d()->setImportPolls(1);
    QCOMPARE(get(base + QStringLiteral("/status")).text(QStringLiteral("status")),
             QStringLiteral("completed"));
    const QJsonObject custom = o2d()->contacts(id).at(0).custom;
    QCOMPARE(custom.value(QStringLiteral("2nd phone")).toString(), QStringLiteral("+1 555 0100"));
    QCOMPARE(custom.value(QStringLiteral("Notes (internal)")).toString(), QStringLiteral("met at a fair"));
}

void TestO2dSandbox::contactsPageWithCursor()
{
    const QString id = newCampaign();
    QCOMPARE(upload(QStringLiteral("/campaigns/%1/contacts/import").arg(id), contactsCsv(120)).status, 200);
    QSet<QString> seen;
    QString cursor;
    int pages = 0;
    QList<int> sizes;
    do {
        QUrlQuery query{{QStringLiteral("limit"), QStringLiteral("50")}};
        if (!cursor.isEmpty())
            query.addQueryItem(QStringLiteral("cursor"), cursor);
        const Answer page = get(QStringLiteral("/campaigns/%1/contacts").arg(id), query);
        QCOMPARE(page.status, 200);
        sizes.append(int(page.items().size()));
        for (const QJsonValue &item : page.items())
            seen.insert(item.toObject().value(QStringLiteral("id")).toString());
        const QJsonValue next = page.json.value(QStringLiteral("next_cursor"));
        QVERIFY(next.isNull() || next.isString());
        cursor = next.toString();
        QVERIFY(++pages <= 3);
    } while (!cursor.isEmpty());
    QCOMPARE(sizes, (QList<int>{50, 50, 20}));
    QCOMPARE(seen.size(), 120);

    // The default page is 50; the largest 500.
    QCOMPARE(get(QStringLiteral("/campaigns/%1/contacts").arg(id)).items().size(), 50);
    const Answer all = get(QStringLiteral("/campaigns/%1/contacts").arg(id),
                           QUrlQuery{{QStringLiteral("limit"), QStringLiteral("500")}});
    QCOMPARE(all.items().size(), 120);
    QVERIFY(all.json.value(QStringLiteral("next_cursor")).isNull());
    QCOMPARE(get(QStringLiteral("/campaigns/cmp_nope/contacts")).status, 404);
}

void TestO2dSandbox::contactsImportedWhilePagingAreListedOnce()
{
    const QString id = newCampaign();
    const QString import = QStringLiteral("/campaigns/%1/contacts/import").arg(id);
    QCOMPARE(upload(import, contactsCsv(30, 3000)).status, 200);
    const QString path = QStringLiteral("/campaigns/%1/contacts").arg(id);
    const Answer first = get(path, QUrlQuery{{QStringLiteral("limit"), QStringLiteral("20")}});
    // Another campaign's contacts take ids in between; this one gains ten, and updates two it had.
    upload(QStringLiteral("/campaigns/%1/contacts/import").arg(newCampaign()), contactsCsv(5, 3100));
    QCOMPARE(
            upload(import,
                   contactsCsv(10, 3030) + "person3000@example.com,Again\r\nperson3025@example.com,Again\r\n")
                    .json.value(QStringLiteral("imported"))
                    .toInt(),
            10);
    QStringList emails;
    for (const QJsonValue &item : first.items())
        emails.append(item.toObject().value(QStringLiteral("email")).toString());
    QString cursor = first.json.value(QStringLiteral("next_cursor")).toString();
    while (!cursor.isEmpty()) {
        const Answer page = get(path,
                                QUrlQuery{{QStringLiteral("limit"), QStringLiteral("20")},
                                          {QStringLiteral("cursor"), cursor}});
        QCOMPARE(page.status, 200);
        for (const QJsonValue &item : page.items())
            emails.append(item.toObject().value(QStringLiteral("email")).toString());
        cursor = page.json.value(QStringLiteral("next_cursor")).toString();
    }
    QCOMPARE(emails.size(), 40);
    QCOMPARE(QSet<QString>(emails.cbegin(), emails.cend()).size(), 40);
    QCOMPARE(emails.last(), QStringLiteral("person3039@example.com"));
}

void TestO2dSandbox::contactsPagingLimits_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("limit 0") << QStringLiteral("limit") << QStringLiteral("0");
    QTest::newRow("limit 501") << QStringLiteral("limit") << QStringLiteral("501");
    QTest::newRow("limit text") << QStringLiteral("limit") << QStringLiteral("fifty");
    QTest::newRow("foreign cursor") << QStringLiteral("cursor") << QStringLiteral("cursor_abc");
    QTest::newRow("cursor not base64") << QStringLiteral("cursor") << QStringLiteral("!!!");
}

void TestO2dSandbox::contactsPagingLimits()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    const Answer refused =
            get(QStringLiteral("/campaigns/%1/contacts").arg(Outreach2daySandbox::demoCampaignId()),
                QUrlQuery{{key, value}});
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.field(), key);
}

void TestO2dSandbox::pagingSwitchRepeatsTheCursor()
{
    QCOMPARE(control(QJsonObject{{QStringLiteral("contactsPaging"), QStringLiteral("repeat_cursor")}}).status,
             200);
    QCOMPARE(o2d()->contactsPagingFault(), Outreach2daySandbox::PagingFault::RepeatCursor);
    const QString path = QStringLiteral("/campaigns/%1/contacts").arg(Outreach2daySandbox::demoCampaignId());
    const Answer first = get(path, QUrlQuery{{QStringLiteral("limit"), QStringLiteral("50")}});
    const QString cursor = first.json.value(QStringLiteral("next_cursor")).toString();
    QVERIFY(!cursor.isEmpty());
    const Answer second = get(
            path,
            QUrlQuery{{QStringLiteral("limit"), QStringLiteral("50")}, {QStringLiteral("cursor"), cursor}});
    QCOMPARE(second.status, 200);
    QCOMPARE(second.json.value(QStringLiteral("next_cursor")).toString(), cursor);
    // The page itself moved on: only its cursor repeats.
    QVERIFY(second.items().at(0).toObject().value(QStringLiteral("id")) !=
            first.items().at(0).toObject().value(QStringLiteral("id")));

    // Reset puts the switches back.
    QUrl reset = m_sandbox.baseUrl(Vendor::Outreach2day);
    reset.setPath(QStringLiteral("/_sandbox/reset"));
    QNetworkReply *reply = m_sandbox.network()->post(QNetworkRequest(reset), QByteArray());
    QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, kWaitMs));
    reply->deleteLater();
    QCOMPARE(o2d()->contactsPagingFault(), Outreach2daySandbox::PagingFault::None);
    const Answer normal = get(
            path,
            QUrlQuery{{QStringLiteral("limit"), QStringLiteral("50")}, {QStringLiteral("cursor"), cursor}});
    QVERIFY(normal.json.value(QStringLiteral("next_cursor")).toString() != cursor);
}

void TestO2dSandbox::pagingSwitchMakesNoProgress()
{
    o2d()->setContactsPagingFault(Outreach2daySandbox::PagingFault::NoProgress);
    const QString path = QStringLiteral("/campaigns/%1/contacts").arg(Outreach2daySandbox::demoCampaignId());
    const Answer first = get(path, QUrlQuery{{QStringLiteral("limit"), QStringLiteral("40")}});
    const QString cursor = first.json.value(QStringLiteral("next_cursor")).toString();
    QVERIFY(!cursor.isEmpty());
    const Answer second = get(
            path,
            QUrlQuery{{QStringLiteral("limit"), QStringLiteral("40")}, {QStringLiteral("cursor"), cursor}});
    QCOMPARE(second.status, 200);
    QCOMPARE(second.items(), first.items()); // nothing new
    const QString next = second.json.value(QStringLiteral("next_cursor")).toString();
    QVERIFY(!next.isEmpty());
    QVERIFY(next != cursor); // ... under a cursor never seen before
    const Answer third =
            get(path,
                QUrlQuery{{QStringLiteral("limit"), QStringLiteral("40")}, {QStringLiteral("cursor"), next}});
    QCOMPARE(third.items(), first.items());
    QVERIFY(third.json.value(QStringLiteral("next_cursor")).toString() != next);
}

void TestO2dSandbox::mailboxDefaultsAndUpdate()
{
    const QString id = newCampaign();
    const QString path = QStringLiteral("/campaigns/%1/mailboxes").arg(id);
    const Answer attached = post(
            path, QJsonObject{{QStringLiteral("mailboxAddress"), QStringLiteral("john@cooloutreach.com")}});
    QCOMPARE(attached.status, 201);
    QVERIFY(attached.text(QStringLiteral("id")).startsWith(QStringLiteral("cmb_")));
    QVERIFY(attached.text(QStringLiteral("mailboxId")).startsWith(QStringLiteral("mbx_")));
    QCOMPARE(attached.text(QStringLiteral("campaignId")), id);
    QCOMPARE(attached.text(QStringLiteral("state")), QStringLiteral("active"));
    QCOMPARE(attached.json.value(QStringLiteral("dailyLimit")).toInt(), 30);
    QCOMPARE(attached.json.value(QStringLiteral("weight")).toInt(), 100);
    QCOMPARE(attached.json.value(QStringLiteral("gapBaseSeconds")).toInt(), 120);
    QCOMPARE(attached.json.value(QStringLiteral("gapJitterSeconds")).toInt(), 60);

    const Answer duplicate = post(
            path, QJsonObject{{QStringLiteral("mailboxAddress"), QStringLiteral("JOHN@cooloutreach.com")}});
    QCOMPARE(duplicate.status, 409);
    // The same mailbox on another campaign: another link, the same workspace mailbox.
    const Answer elsewhere =
            post(QStringLiteral("/campaigns/%1/mailboxes").arg(newCampaign()),
                 QJsonObject{{QStringLiteral("mailboxAddress"), QStringLiteral("john@cooloutreach.com")}});
    QCOMPARE(elsewhere.text(QStringLiteral("mailboxId")), attached.text(QStringLiteral("mailboxId")));
    QVERIFY(elsewhere.text(QStringLiteral("id")) != attached.text(QStringLiteral("id")));

    const QString linkPath = path + QLatin1Char('/') + attached.text(QStringLiteral("id"));
    const Answer updated =
            patch(linkPath, QJsonObject{{QStringLiteral("dailyLimit"), 50}, {QStringLiteral("weight"), 150}});
    QCOMPARE(updated.status, 200);
    QCOMPARE(updated.json.value(QStringLiteral("dailyLimit")).toInt(), 50);
    QCOMPARE(updated.json.value(QStringLiteral("weight")).toInt(), 150);
    QCOMPARE(updated.json.value(QStringLiteral("gapBaseSeconds")).toInt(), 120);
    // The address may be repeated, not changed.
    QCOMPARE(patch(linkPath,
                   QJsonObject{{QStringLiteral("mailboxAddress"), QStringLiteral("john@cooloutreach.com")},
                               {QStringLiteral("weight"), 7}})
                     .status,
             200);
    const Answer moved = patch(linkPath,
                               QJsonObject{{QStringLiteral("mailboxAddress"), QStringLiteral("other@x.com")},
                                           {QStringLiteral("weight"), 8}});
    QCOMPARE(moved.status, 400);
    QCOMPARE(moved.field(), QStringLiteral("mailboxAddress"));
    QCOMPARE(patch(linkPath, QJsonObject{}).status, 400);
    QCOMPARE(patch(path + QStringLiteral("/cmb_nope"), QJsonObject{{QStringLiteral("weight"), 5}}).status,
             404);

    const Answer list = get(path);
    QCOMPARE(list.items().size(), 1);
    QCOMPARE(list.items().at(0).toObject().value(QStringLiteral("weight")).toInt(), 7);
    QCOMPARE(list.items().at(0).toObject().value(QStringLiteral("mailboxAddress")).toString(),
             QStringLiteral("john@cooloutreach.com"));
}

void TestO2dSandbox::mailboxLimits_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("dailyLimit 0") << QStringLiteral("dailyLimit") << QJsonValue(0) << false;
    QTest::newRow("dailyLimit 1") << QStringLiteral("dailyLimit") << QJsonValue(1) << true;
    QTest::newRow("dailyLimit 5000") << QStringLiteral("dailyLimit") << QJsonValue(5000) << true;
    QTest::newRow("dailyLimit 5001") << QStringLiteral("dailyLimit") << QJsonValue(5001) << false;
    QTest::newRow("dailyLimit text") << QStringLiteral("dailyLimit") << QJsonValue(QStringLiteral("30"))
                                     << false;
    QTest::newRow("weight 0") << QStringLiteral("weight") << QJsonValue(0) << false;
    QTest::newRow("weight 1000") << QStringLiteral("weight") << QJsonValue(1000) << true;
    QTest::newRow("weight 1001") << QStringLiteral("weight") << QJsonValue(1001) << false;
    QTest::newRow("gapBaseSeconds -1") << QStringLiteral("gapBaseSeconds") << QJsonValue(-1) << false;
    QTest::newRow("gapBaseSeconds 0") << QStringLiteral("gapBaseSeconds") << QJsonValue(0) << true;
    QTest::newRow("gapBaseSeconds 86401") << QStringLiteral("gapBaseSeconds") << QJsonValue(86401) << false;
    QTest::newRow("gapJitterSeconds 86400")
            << QStringLiteral("gapJitterSeconds") << QJsonValue(86400) << true;
    QTest::newRow("gapJitterSeconds 86401")
            << QStringLiteral("gapJitterSeconds") << QJsonValue(86401) << false;
    QTest::newRow("gapJitterSeconds 1.5") << QStringLiteral("gapJitterSeconds") << QJsonValue(1.5) << false;
    QTest::newRow("address invalid") << QStringLiteral("mailboxAddress") << QJsonValue(QStringLiteral("john"))
                                     << false;
    QTest::newRow("address missing") << QStringLiteral("mailboxAddress") << QJsonValue(QJsonValue::Null)
                                     << false;
}

void TestO2dSandbox::mailboxLimits()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(bool, accepted);
    const QString id = newCampaign();
    QJsonObject body{{QStringLiteral("mailboxAddress"), QStringLiteral("limits@cooloutreach.com")}};
    body.insert(field, value);
    const Answer answer = post(QStringLiteral("/campaigns/%1/mailboxes").arg(id), body);
    if (accepted) {
        QCOMPARE(answer.status, 201);
        QCOMPARE(answer.json.value(field), value);
        return;
    }
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.field(), field);
    QVERIFY2(answer.text(QStringLiteral("message")).contains(field), answer.body.constData());
    QCOMPARE(get(QStringLiteral("/campaigns/%1/mailboxes").arg(id)).items().size(), 0);
    if (field == QLatin1String("mailboxAddress"))
        return;
    // The same limits on an update.
    const Answer link =
            post(QStringLiteral("/campaigns/%1/mailboxes").arg(id),
                 QJsonObject{{QStringLiteral("mailboxAddress"), QStringLiteral("limits@cooloutreach.com")}});
    const Answer refused =
            patch(QStringLiteral("/campaigns/%1/mailboxes/%2").arg(id, link.text(QStringLiteral("id"))),
                  QJsonObject{{field, value}});
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.field(), field);
}

void TestO2dSandbox::scheduleIsValidated_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field"); // empty: accepted
    const QByteArray days = R"("weekdays":["mon","tue","wed","thu","fri"])";
    const QByteArray windows =
            R"("windows":[{"start":"09:00","end":"12:00"},{"start":"14:00","end":"17:00"}])";
    QTest::newRow("documented") << (R"({"timezone":"America/New_York",)" + days + "," + windows + "}")
                                << QString();
    QTest::newRow("no zone") << ("{" + days + "," + windows + "}") << QStringLiteral("timezone");
    QTest::newRow("unknown zone") << (R"({"timezone":"Mars/Olympus",)" + days + "," + windows + "}")
                                  << QStringLiteral("timezone");
    QTest::newRow("no weekdays") << (R"({"timezone":"UTC","weekdays":[],)" + windows + "}")
                                 << QStringLiteral("weekdays");
    QTest::newRow("long weekday") << (R"({"timezone":"UTC","weekdays":["monday"],)" + windows + "}")
                                  << QStringLiteral("weekdays[0]");
    QTest::newRow("weekday twice") << (R"({"timezone":"UTC","weekdays":["mon","mon"],)" + windows + "}")
                                   << QStringLiteral("weekdays[1]");
    QTest::newRow("no windows") << (R"({"timezone":"UTC",)" + days + R"(,"windows":[]})")
                                << QStringLiteral("windows");
    QTest::newRow("bad start") << (R"({"timezone":"UTC",)" + days +
                                   R"(,"windows":[{"start":"9am","end":"12:00"}]})")
                               << QStringLiteral("windows[0].start");
    QTest::newRow("hour 24") << (R"({"timezone":"UTC",)" + days +
                                 R"(,"windows":[{"start":"09:00","end":"24:00"}]})")
                             << QStringLiteral("windows[0].end");
    QTest::newRow("end before start")
            << (R"({"timezone":"UTC",)" + days + R"(,"windows":[{"start":"12:00","end":"09:00"}]})")
            << QStringLiteral("windows[0].end");
    QTest::newRow("overlap")
            << (R"({"timezone":"UTC",)" + days +
                R"(,"windows":[{"start":"09:00","end":"12:00"},{"start":"11:00","end":"13:00"}]})")
            << QStringLiteral("windows[1]");
}

void TestO2dSandbox::scheduleIsValidated()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    const QString id = newCampaign();
    const Answer answer = send("PUT", QStringLiteral("/campaigns/%1/schedule").arg(id), body);
    const QJsonArray checks = get(QStringLiteral("/campaigns/%1/preflight").arg(id))
                                      .json.value(QStringLiteral("checks"))
                                      .toArray();
    if (field.isEmpty()) {
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.text(QStringLiteral("timezone")), QStringLiteral("America/New_York"));
        QCOMPARE(answer.json.value(QStringLiteral("windows")).toArray().size(), 2);
        QVERIFY(namesOf(checks, true).contains(QStringLiteral("schedule_set")));
        return;
    }
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.field(), field);
    QVERIFY(namesOf(checks, false).contains(QStringLiteral("schedule_set")));
}

void TestO2dSandbox::stopRules()
{
    const QString id = newCampaign();
    const QString path = QStringLiteral("/campaigns/%1/stop-rules").arg(id);
    const Answer set = put(path,
                           QJsonObject{{QStringLiteral("stopOnReply"), true},
                                       {QStringLiteral("stopOnUnsub"), false},
                                       {QStringLiteral("stopOnBounce"), true}});
    QCOMPARE(set.status, 200);
    QCOMPARE(set.json.value(QStringLiteral("stopOnUnsub")).toBool(), false);
    QCOMPARE(set.json.value(QStringLiteral("stopOnReply")).toBool(), true);
    const Answer refused = put(path, QJsonObject{{QStringLiteral("stopOnBounce"), QStringLiteral("yes")}});
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.field(), QStringLiteral("stopOnBounce"));
    QCOMPARE(put(QStringLiteral("/campaigns/cmp_nope/stop-rules"), QJsonObject{}).status, 404);
}

void TestO2dSandbox::preflightFollowsTheState()
{
    const QString id = newCampaign();
    const QString path = QStringLiteral("/campaigns/%1/preflight").arg(id);
    auto failing = [&] {
        const Answer answer = get(path);
        const QStringList blocking =
                answer.json.value(QStringLiteral("blockingFailures")).toVariant().toStringList();
        [&] {
            QCOMPARE(blocking, namesOf(answer.json.value(QStringLiteral("checks")).toArray(), false));
        }();
        return blocking;
    };
    QCOMPARE(failing(),
             (QStringList{QStringLiteral("has_steps"), QStringLiteral("has_contacts"),
                          QStringLiteral("has_mailboxes"), QStringLiteral("mailbox_auth"),
                          QStringLiteral("schedule_set")}));
    QVERIFY(get(path).text(QStringLiteral("summary")).contains(QStringLiteral("has_steps")));

    post(QStringLiteral("/campaigns/%1/steps").arg(id),
         QJsonObject{{QStringLiteral("subject"), QStringLiteral("s")}});
    QVERIFY(!failing().contains(QStringLiteral("has_steps")));
    upload(QStringLiteral("/campaigns/%1/contacts/import").arg(id), contactsCsv(2, 500));
    QVERIFY(!failing().contains(QStringLiteral("has_contacts")));
    post(QStringLiteral("/campaigns/%1/mailboxes").arg(id),
         QJsonObject{{QStringLiteral("mailboxAddress"), QStringLiteral("a@cooloutreach.com")}});
    QCOMPARE(failing(), QStringList{QStringLiteral("schedule_set")});
    put(QStringLiteral("/campaigns/%1/schedule").arg(id),
        QJsonObject{{QStringLiteral("timezone"), QStringLiteral("Asia/Tokyo")},
                    {QStringLiteral("weekdays"), QJsonArray{QStringLiteral("mon")}},
                    {QStringLiteral("windows"),
                     QJsonArray{QJsonObject{{QStringLiteral("start"), QStringLiteral("09:00")},
                                            {QStringLiteral("end"), QStringLiteral("10:00")}}}}});
    QCOMPARE(failing(), QStringList());
    QCOMPARE(get(path).text(QStringLiteral("summary")),
             QStringLiteral("All checks passed. Ready to launch."));

    // Suppressed contacts cannot be emailed: has_contacts fails again.
    post(QStringLiteral("/campaigns/suppressions"),
         QJsonObject{{QStringLiteral("emails"),
                      QJsonArray{QStringLiteral("person500@example.com"),
                                 QStringLiteral("person501@example.com")}}});
    QCOMPARE(failing(), QStringList{QStringLiteral("has_contacts")});
    QCOMPARE(get(QStringLiteral("/campaigns/cmp_nope/preflight")).status, 404);
}

void TestO2dSandbox::mailboxAuthFailsForTheUnverifiedDomain()
{
    const QString id = readyCampaign(2);
    QVERIFY(!id.isEmpty());
    const QString unverified = QStringLiteral("ann@") + Outreach2daySandbox::unverifiedDomain();
    QCOMPARE(post(QStringLiteral("/campaigns/%1/mailboxes").arg(id),
                  QJsonObject{{QStringLiteral("mailboxAddress"), unverified}})
                     .status,
             201);
    const Answer preflight = get(QStringLiteral("/campaigns/%1/preflight").arg(id));
    QCOMPARE(preflight.json.value(QStringLiteral("blockingFailures")).toVariant().toStringList(),
             QStringList{QStringLiteral("mailbox_auth")});
    QVERIFY(preflight.text(QStringLiteral("summary")).contains(QStringLiteral("mailbox_auth")));

    const Answer mailboxes = get(QStringLiteral("/campaigns/%1/mailbox-preflight").arg(id));
    QCOMPARE(mailboxes.status, 200);
    QCOMPARE(mailboxes.json.value(QStringLiteral("blockingFailures")).toVariant().toStringList(),
             QStringList{QStringLiteral("mailbox_auth: ") + unverified});
    int authChecks = 0;
    for (const QJsonValue &value : mailboxes.json.value(QStringLiteral("checks")).toArray()) {
        const QJsonObject check = value.toObject();
        if (check.value(QStringLiteral("name")).toString() != QLatin1String("mailbox_auth"))
            continue;
        ++authChecks;
        QCOMPARE(check.value(QStringLiteral("passed")).toBool(),
                 check.value(QStringLiteral("mailboxAddress")).toString() != unverified);
    }
    QCOMPARE(authChecks, 2);

    const QString bare = newCampaign();
    const Answer none = get(QStringLiteral("/campaigns/%1/mailbox-preflight").arg(bare));
    QCOMPARE(none.json.value(QStringLiteral("blockingFailures")).toVariant().toStringList(),
             QStringList{QStringLiteral("has_mailboxes")});
}

void TestO2dSandbox::launchIsRefusedWhilePreflightBlocks()
{
    const QString id = newCampaign();
    post(QStringLiteral("/campaigns/%1/steps").arg(id),
         QJsonObject{{QStringLiteral("subject"), QStringLiteral("s")}});
    const Answer refused = launch(id);
    QCOMPARE(refused.status, 422);
    QCOMPARE(refused.error(), QStringLiteral("preflight_failed"));
    const QStringList blocking = refused.json.value(QStringLiteral("detail"))
                                         .toObject()
                                         .value(QStringLiteral("blockingFailures"))
                                         .toVariant()
                                         .toStringList();
    QCOMPARE(blocking,
             (QStringList{QStringLiteral("has_contacts"), QStringLiteral("has_mailboxes"),
                          QStringLiteral("mailbox_auth"), QStringLiteral("schedule_set")}));
    QCOMPARE(o2d()->campaignStatus(id), QStringLiteral("draft"));
    QCOMPARE(launch(QStringLiteral("cmp_nope")).status, 404);
}

void TestO2dSandbox::launchTakesTranches()
{
    const QString id = readyCampaign(5);
    QVERIFY(!id.isEmpty());
    const Answer first = launch(id, QUrlQuery{{QStringLiteral("limit"), QStringLiteral("2")}});
    QCOMPARE(first.status, 200);
    QCOMPARE(first.json.value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(first.text(QStringLiteral("status")), QStringLiteral("launched"));
    QCOMPARE(first.text(QStringLiteral("campaignId")), id);
    QCOMPARE(first.json.value(QStringLiteral("launched")).toInt(), 2);
    QCOMPARE(o2d()->campaignStatus(id), QStringLiteral("active"));
    QCOMPARE(o2d()->contactCount(id, QStringLiteral("active")), 2);
    QCOMPARE(o2d()->contactCount(id, QStringLiteral("pending")), 3);
    // The first two contacts by id, not any two.
    const QList<Outreach2daySandbox::Contact> contacts = o2d()->contacts(id);
    QCOMPARE(contacts.at(0).status, QStringLiteral("active"));
    QCOMPARE(contacts.at(1).status, QStringLiteral("active"));
    QCOMPARE(contacts.at(2).status, QStringLiteral("pending"));

    // The operator's next tranche.
    QCOMPARE(launch(id, QUrlQuery{{QStringLiteral("limit"), QStringLiteral("2")}})
                     .json.value(QStringLiteral("launched"))
                     .toInt(),
             2);
    QCOMPARE(o2d()->contactCount(id, QStringLiteral("active")), 4);
    // Contacts imported later join the next tranche; no limit takes every pending one.
    upload(QStringLiteral("/campaigns/%1/contacts/import").arg(id), contactsCsv(3, 900));
    QCOMPARE(launch(id).json.value(QStringLiteral("launched")).toInt(), 4);
    QCOMPARE(o2d()->contactCount(id, QStringLiteral("pending")), 0);

    const Answer nothingLeft = launch(id);
    QCOMPARE(nothingLeft.status, 409);
    QCOMPARE(nothingLeft.error(), QStringLiteral("invalid_state"));
    QCOMPARE(o2d()->contactCount(id, QStringLiteral("active")), 8);
}

void TestO2dSandbox::launchParameters_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("limit 0") << QStringLiteral("limit") << QStringLiteral("0");
    QTest::newRow("limit -3") << QStringLiteral("limit") << QStringLiteral("-3");
    QTest::newRow("limit text") << QStringLiteral("limit") << QStringLiteral("ten");
    QTest::newRow("async yes") << QStringLiteral("async") << QStringLiteral("yes");
}

void TestO2dSandbox::launchParameters()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    const QString id = readyCampaign(1);
    const Answer refused = launch(id, QUrlQuery{{key, value}});
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.field(), key);
    QCOMPARE(o2d()->campaignStatus(id), QStringLiteral("draft"));
}

void TestO2dSandbox::asyncLaunchJobRunsToCompletion()
{
    const QString id = readyCampaign(4);
    const Answer queued = launch(id,
                                 QUrlQuery{{QStringLiteral("async"), QStringLiteral("true")},
                                           {QStringLiteral("limit"), QStringLiteral("3")}});
    QCOMPARE(queued.status, 202);
    QCOMPARE(queued.json.value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(queued.text(QStringLiteral("status")), QStringLiteral("queued"));
    const QString jobId = queued.text(QStringLiteral("jobId"));
    QVERIFY(jobId.startsWith(QStringLiteral("job_launch_")));
    QVERIFY(QDateTime::fromString(queued.text(QStringLiteral("createdAt")), Qt::ISODate).isValid());
    QCOMPARE(o2d()->campaignStatus(id), QStringLiteral("draft")); // nothing happened yet

    // One launch at a time.
    QCOMPARE(launch(id).status, 409);

    const QString jobPath = QStringLiteral("/campaigns/%1/launch-jobs/%2").arg(id, jobId);
    const Answer running = get(jobPath);
    QCOMPARE(running.text(QStringLiteral("status")), QStringLiteral("running"));
    QCOMPARE(o2d()->contactCount(id, QStringLiteral("active")), 0);
    const Answer completed = get(jobPath);
    QCOMPARE(completed.text(QStringLiteral("status")), QStringLiteral("completed"));
    QCOMPARE(completed.text(QStringLiteral("jobId")), jobId);
    QCOMPARE(o2d()->campaignStatus(id), QStringLiteral("active"));
    QCOMPARE(o2d()->contactCount(id, QStringLiteral("active")), 3);
    QCOMPARE(get(jobPath).text(QStringLiteral("status")), QStringLiteral("completed")); // stays

    QCOMPARE(get(QStringLiteral("/campaigns/%1/launch-jobs/job_launch_999").arg(id)).status, 404);

    // Slower jobs on request: four polls.
    o2d()->setLaunchJobPolls(4);
    const Answer next = launch(id, QUrlQuery{{QStringLiteral("async"), QStringLiteral("1")}});
    const QString nextPath =
            QStringLiteral("/campaigns/%1/launch-jobs/%2").arg(id, next.text(QStringLiteral("jobId")));
    QStringList statuses;
    for (int i = 0; i < 4; ++i)
        statuses.append(get(nextPath).text(QStringLiteral("status")));
    QCOMPARE(statuses,
             (QStringList{QStringLiteral("running"), QStringLiteral("running"), QStringLiteral("running"),
                          QStringLiteral("completed")}));
    QCOMPARE(o2d()->contactCount(id, QStringLiteral("active")), 4);
}

void TestO2dSandbox::failingLaunchJobErrorsTheCampaign()
{
    const QString id = readyCampaign(2);
    QCOMPARE(control(QJsonObject{{QStringLiteral("launchJobsFail"), true},
                                 {QStringLiteral("launchJobPolls"), 1}})
                     .status,
             200);
    const Answer queued = launch(id, QUrlQuery{{QStringLiteral("async"), QStringLiteral("true")}});
    const Answer failed =
            get(QStringLiteral("/campaigns/%1/launch-jobs/%2").arg(id, queued.text(QStringLiteral("jobId"))));
    QCOMPARE(failed.text(QStringLiteral("status")), QStringLiteral("failed"));
    QVERIFY(!failed.text(QStringLiteral("error")).isEmpty());
    QCOMPARE(o2d()->campaignStatus(id), QStringLiteral("errored"));
    QCOMPARE(o2d()->contactCount(id, QStringLiteral("active")), 0);
    QCOMPARE(launch(id).status, 409);
    QCOMPARE(lifecycle(id, QStringLiteral("resume")).status, 409);
}

void TestO2dSandbox::lifecycleFollowsTheStateMachine()
{
    const QString id = readyCampaign(2);
    const Answer fromDraft = lifecycle(id, QStringLiteral("pause"));
    QCOMPARE(fromDraft.status, 409);
    QCOMPARE(fromDraft.error(), QStringLiteral("invalid_state"));
    QCOMPARE(fromDraft.json.value(QStringLiteral("detail"))
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
             QStringLiteral("draft"));
    QCOMPARE(lifecycle(id, QStringLiteral("resume")).status, 409);

    QCOMPARE(launch(id, QUrlQuery{{QStringLiteral("limit"), QStringLiteral("1")}}).status, 200);
    QCOMPARE(lifecycle(id, QStringLiteral("resume")).status, 409); // active
    const Answer paused = lifecycle(id, QStringLiteral("pause"));
    QCOMPARE(paused.status, 200);
    QCOMPARE(paused.text(QStringLiteral("status")), QStringLiteral("paused"));
    QCOMPARE(lifecycle(id, QStringLiteral("pause")).status, 409);
    const Answer launchPaused = launch(id);
    QCOMPARE(launchPaused.status, 409); // resume, not launch
    QCOMPARE(o2d()->contactCount(id, QStringLiteral("active")), 1);
    const Answer resumed = lifecycle(id, QStringLiteral("resume"));
    QCOMPARE(resumed.status, 200);
    QCOMPARE(resumed.text(QStringLiteral("status")), QStringLiteral("active"));
    QCOMPARE(o2d()->campaignStatus(id), QStringLiteral("active"));

    const Answer unknown = lifecycle(id, QStringLiteral("stop"));
    QCOMPARE(unknown.status, 400);
    QCOMPARE(unknown.field(), QStringLiteral("action"));

    QVERIFY(o2d()->forceCampaignStatus(id, QStringLiteral("completed")));
    QCOMPARE(lifecycle(id, QStringLiteral("pause")).status, 409);
    QCOMPARE(lifecycle(id, QStringLiteral("resume")).status, 409);
    QCOMPARE(launch(id).status, 409);
    QCOMPARE(lifecycle(QStringLiteral("cmp_nope"), QStringLiteral("pause")).status, 404);
}

void TestO2dSandbox::statsCountTheState()
{
    int first = 0;
    const QString id = readyCampaign(6, &first);
    post(QStringLiteral("/campaigns/suppressions"),
         QJsonObject{{QStringLiteral("emails"),
                      QJsonArray{QStringLiteral("person%1@example.com").arg(first + 5)}}});
    launch(id, QUrlQuery{{QStringLiteral("limit"), QStringLiteral("2")}});
    const Answer stats = get(QStringLiteral("/campaigns/%1/stats").arg(id));
    QCOMPARE(stats.status, 200);
    QCOMPARE(stats.text(QStringLiteral("campaignId")), id);
    QCOMPARE(stats.text(QStringLiteral("status")), QStringLiteral("active"));
    const QJsonObject contacts = stats.json.value(QStringLiteral("contacts")).toObject();
    QCOMPARE(contacts.value(QStringLiteral("total")).toInt(), 6);
    QCOMPARE(contacts.value(QStringLiteral("active")).toInt(), 2);
    QCOMPARE(contacts.value(QStringLiteral("pending")).toInt(), 3);
    QCOMPARE(contacts.value(QStringLiteral("suppressed")).toInt(), 1);
    QCOMPARE(contacts.value(QStringLiteral("replied")).toInt(), 0);
    const QJsonObject sends = stats.json.value(QStringLiteral("sends")).toObject();
    QVERIFY(sends.contains(QStringLiteral("total")));
    QCOMPARE(sends.value(QStringLiteral("sent")).toInt(), 0);
    QCOMPARE(get(QStringLiteral("/campaigns/cmp_nope/stats")).status, 404);
}

void TestO2dSandbox::suppressionsSuppressContacts()
{
    int first = 0;
    const QString id = readyCampaign(3, &first);
    const QString second = QStringLiteral("person%1@example.com").arg(first + 1);
    const Answer invalid =
            post(QStringLiteral("/campaigns/suppressions"),
                 QJsonObject{{QStringLiteral("emails"),
                              QJsonArray{QStringLiteral("ok@example.com"), QStringLiteral("nope")}}});
    QCOMPARE(invalid.status, 400);
    QCOMPARE(invalid.field(), QStringLiteral("emails[1]"));
    QVERIFY(!o2d()->isSuppressed(QStringLiteral("ok@example.com"))); // all or nothing
    QCOMPARE(post(QStringLiteral("/campaigns/suppressions"),
                  QJsonObject{{QStringLiteral("emails"), QJsonArray{}}})
                     .field(),
             QStringLiteral("emails"));
    QCOMPARE(post(QStringLiteral("/campaigns/suppressions"),
                  QJsonObject{{QStringLiteral("emails"), QJsonArray{QStringLiteral("a@b.co")}},
                              {QStringLiteral("reason"), 4}})
                     .field(),
             QStringLiteral("reason"));

    const Answer added =
            post(QStringLiteral("/campaigns/suppressions"),
                 QJsonObject{{QStringLiteral("emails"),
                              QJsonArray{second.toUpper(), QStringLiteral("do-not-email@company.com")}},
                             {QStringLiteral("reason"), QStringLiteral("manual_suppression")}});
    QCOMPARE(added.status, 200);
    QCOMPARE(added.json.value(QStringLiteral("suppressed")).toInt(), 2);
    QCOMPARE(added.json.value(QStringLiteral("contactsSuppressed")).toInt(), 1);
    QVERIFY(o2d()->isSuppressed(second));
    QCOMPARE(o2d()->contacts(id).at(1).status, QStringLiteral("suppressed"));
    const Answer again = post(QStringLiteral("/campaigns/suppressions"),
                              QJsonObject{{QStringLiteral("emails"), QJsonArray{second}}});
    QCOMPARE(again.json.value(QStringLiteral("alreadySuppressed")).toInt(), 1);

    // A suppressed address imported later arrives suppressed; launch leaves it out.
    upload(QStringLiteral("/campaigns/%1/contacts/import").arg(id), "email\r\ndo-not-email@company.com\r\n");
    QCOMPARE(o2d()->contacts(id).last().status, QStringLiteral("suppressed"));
    QCOMPARE(launch(id).json.value(QStringLiteral("launched")).toInt(), 2);
    QCOMPARE(o2d()->contactCount(id, QStringLiteral("suppressed")), 2);
}

void TestO2dSandbox::demoCampaignIsSeeded()
{
    const QString id = Outreach2daySandbox::demoCampaignId();
    QCOMPARE(o2d()->campaignStatus(id), QStringLiteral("draft"));
    const Answer steps = get(QStringLiteral("/campaigns/%1/steps").arg(id));
    QCOMPARE(steps.items().size(), 3);
    QCOMPARE(steps.items().at(0).toObject().value(QStringLiteral("variants")).toArray().size(), 2);
    QCOMPARE(steps.items().at(1).toObject().value(QStringLiteral("delaySeconds")).toInt(), 3 * 86400);
    QCOMPARE(o2d()->contactCount(id), 240);
    QCOMPARE(o2d()->contactCount(id, QStringLiteral("suppressed")), 2);
    QCOMPARE(get(QStringLiteral("/campaigns/%1/mailboxes").arg(id)).items().size(), 1);
    const Answer preflight = get(QStringLiteral("/campaigns/%1/preflight").arg(id));
    QCOMPARE(preflight.json.value(QStringLiteral("blockingFailures")).toVariant().toStringList(),
             QStringList{QStringLiteral("schedule_set")});
    // Same seed, same contacts.
    SandboxServer other(SandboxFixture::smallOptions());
    QVERIFY(other.start());
    QCOMPARE(other.outreach2day()->contacts(id).at(7).email, o2d()->contacts(id).at(7).email);
}

void TestO2dSandbox::controlEndpoint()
{
    const Answer set =
            control(QJsonObject{{QStringLiteral("importPolls"), 5}, {QStringLiteral("launchJobPolls"), 3}});
    QCOMPARE(set.status, 200);
    QCOMPARE(set.json.value(QStringLiteral("importPolls")).toInt(), 5);
    QCOMPARE(set.json.value(QStringLiteral("launchJobPolls")).toInt(), 3);
    QCOMPARE(set.json.value(QStringLiteral("contactsPaging")).toString(), QStringLiteral("none"));
    QCOMPARE(control(QJsonObject{{QStringLiteral("contactsPaging"), QStringLiteral("sometimes")}}).status,
             400);
    QCOMPARE(control(QJsonObject{{QStringLiteral("importPolls"), 0}}).status, 400);
    const QString id = newCampaign();
    QCOMPARE(control(QJsonObject{{QStringLiteral("campaignStatus"),
                                  QJsonObject{{QStringLiteral("campaignId"), id},
                                              {QStringLiteral("status"), QStringLiteral("errored")}}}})
                     .status,
             200);
    QCOMPARE(o2d()->campaignStatus(id), QStringLiteral("errored"));
    QCOMPARE(control(QJsonObject{{QStringLiteral("campaignStatus"),
                                  QJsonObject{{QStringLiteral("campaignId"), id},
                                              {QStringLiteral("status"), QStringLiteral("gone")}}}})
                     .status,
             400);
}

CC_TEST_GUILESS_MAIN(TestO2dSandbox)
#include "tst_o2dsandbox.moc"
