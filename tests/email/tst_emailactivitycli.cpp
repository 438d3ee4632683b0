// The #11 `email ...` commands of the built campaign-console-cli over real HTTP: the endpoints
// these commands call are routes registered on the in-process sandbox before its own, so each
// test knows exactly what the vendor answers and what it received. Webhook secrets go to the real
// Secret Service of this test's private D-Bus session (run-isolated.sh).

#include "CliHarness.h"
#include "SandboxFixture.h"
#include "TestMain.h"
#include "credentials/CredentialStore.h"
#include "email/WebhookSecrets.h"

#include <QDirIterator>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QUrlQuery>

using CliHarness::Run;

class TestEmailActivityCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sendsAsJsonAndCsv();
    void changesNeedASince();
    void subsequenceAndRouting();
    void hooksAddListRotate();
    void hooksUpdatePauseResumeTestAndRemove();
    void hooksEventsAndDeliveriesPageThrough();
    void suppressionStatusAndRemoval();
    void suppressionsListPagesThrough();
    void summaryExportSavedByteForByte();
    void threadsFilteredByIntentAndCampaign();
    void suppressionsSyncMirrorsBothWaysOnce();

private:
    Run cli(const QStringList &arguments) const
    {
        return console(QStringList{QStringLiteral("email")} + arguments);
    }
    Run console(const QStringList &arguments) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : CliHarness::credentialVariables())
            env.remove(name);
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_data.path());
        env.insert(QStringLiteral("USER"), QStringLiteral("tester"));
        CliHarness::addVendorUrl(env, Vendor::Outreach2day,
                                 m_sandbox.baseUrl(Vendor::Outreach2day).toString());
        CliHarness::addDemoCredentials(env, Vendor::Outreach2day);
        return CliHarness::run(arguments, env, CliHarness::Wait::ServingEvents);
    }
    QJsonArray array(const Run &run) const { return QJsonDocument::fromJson(run.out).array(); }

    SandboxFixture m_sandbox;
    QTemporaryDir m_data;
    QJsonObject m_lastBody; // the JSON body of the last POST/PATCH a route received
    QMap<QString, QString> m_suppressed;
    int m_subscriptions = 0;
    QHash<QString, QJsonObject> m_hooks; // the subscriptions the routes hold, by id
    QList<QByteArray> m_hookCalls; // "METHOD path" of each subscription call after creation
    QUrlQuery m_lastQuery; // the query of the last list or export request a route received
    QStringList m_postedSuppressions; // the addresses each POST /campaigns/suppressions carried
    int m_suppressionPosts = 0;
};

void TestEmailActivityCli::initTestCase()
{
    QVERIFY(m_data.isValid());
    SandboxServer *server = m_sandbox.server();
    // Three sends over two pages.
    server->route(
            Vendor::Outreach2day, "GET", QStringLiteral("/campaigns/{id}/sends"),
            [](const SandboxRequest &request) {
                const bool second = request.queryValue(QStringLiteral("cursor")) == QLatin1String("p2");
                QJsonArray items;
                for (int i = second ? 2 : 0; i < (second ? 3 : 2); ++i)
                    items.append(QJsonObject{
                            {QStringLiteral("id"), QStringLiteral("snd_%1").arg(i)},
                            {QStringLiteral("campaignId"), request.pathArgs.value(QStringLiteral("id"))},
                            {QStringLiteral("contactId"), QStringLiteral("cnt_%1").arg(i)},
                            {QStringLiteral("to"), QStringLiteral("p%1@acme.example").arg(i)},
                            {QStringLiteral("status"), QStringLiteral("sent")},
                            {QStringLiteral("attempts"), 1},
                            {QStringLiteral("sentAt"), QStringLiteral("2026-03-09T09:1%1:00Z").arg(i)}});
                return SandboxResponse::json(
                        QJsonObject{{QStringLiteral("items"), items},
                                    {QStringLiteral("next_cursor"),
                                     second ? QJsonValue() : QJsonValue(QStringLiteral("p2"))}});
            });
    server->route(Vendor::Outreach2day, "GET", QStringLiteral("/campaigns/{id}/contacts/changes"),
                  [](const SandboxRequest &request) {
                      QJsonArray items{QJsonObject{
                              {QStringLiteral("contactId"), QStringLiteral("cnt_1")},
                              {QStringLiteral("email"), QStringLiteral("p1@acme.example")},
                              {QStringLiteral("status"), QStringLiteral("replied")},
                              {QStringLiteral("previousStatus"), QStringLiteral("active")},
                              {QStringLiteral("updatedAt"), QStringLiteral("2026-03-09T14:30:00Z")}}};
                      return SandboxResponse::json(
                              QJsonObject{{QStringLiteral("items"), items},
                                          {QStringLiteral("updated_since"),
                                           request.queryValue(QStringLiteral("updatedSince"))}});
                  });
    server->route(Vendor::Outreach2day, "POST", QStringLiteral("/campaigns/{id}/subsequences"),
                  [this](const SandboxRequest &request) {
                      m_lastBody = request.jsonObject();
                      QJsonObject answer = m_lastBody;
                      answer.insert(QStringLiteral("id"), QStringLiteral("sub_001"));
                      answer.insert(QStringLiteral("campaignId"),
                                    request.pathArgs.value(QStringLiteral("id")));
                      return SandboxResponse::json(answer);
                  });
    server->route(Vendor::Outreach2day, "PATCH", QStringLiteral("/campaigns/{id}/subsequence-routing"),
                  [this](const SandboxRequest &request) {
                      m_lastBody = request.jsonObject();
                      return SandboxResponse::json(QJsonObject{{QStringLiteral("ok"), true}});
                  });
    server->route(
            Vendor::Outreach2day, "POST", QStringLiteral("/campaigns/webhooks/subscriptions"),
            [this](const SandboxRequest &request) {
                m_lastBody = request.jsonObject();
                QJsonObject subscription = m_lastBody;
                subscription.insert(QStringLiteral("id"), QStringLiteral("wh_sub_%1").arg(++m_subscriptions));
                subscription.insert(QStringLiteral("status"), QStringLiteral("active"));
                m_hooks.insert(subscription.value(QStringLiteral("id")).toString(), subscription);
                return SandboxResponse::json(QJsonObject{{QStringLiteral("subscription"), subscription}});
            });
    // Update, pause, resume and test answer the subscription as held (never its secret).
    const auto hookAction = [this](const QString &status) {
        return [this, status](const SandboxRequest &request) {
            const QString id = request.pathArgs.value(QStringLiteral("id"));
            m_hookCalls.append(request.method + ' ' + request.path.toUtf8());
            if (!m_hooks.contains(id))
                return SandboxServer::error(Vendor::Outreach2day, 404, QStringLiteral("not_found"),
                                            QStringLiteral("No such subscription."));
            QJsonObject &held = m_hooks[id];
            if (request.method == "PATCH") {
                m_lastBody = request.jsonObject();
                for (auto it = m_lastBody.constBegin(); it != m_lastBody.constEnd(); ++it)
                    held.insert(it.key(), it.value());
            }
            if (!status.isEmpty())
                held.insert(QStringLiteral("status"), status);
            QJsonObject answer = held;
            answer.remove(QStringLiteral("secret"));
            return SandboxResponse::json(QJsonObject{{QStringLiteral("subscription"), answer}});
        };
    };
    const QString hookPath = QStringLiteral("/campaigns/webhooks/subscriptions/{id}");
    server->route(Vendor::Outreach2day, "PATCH", hookPath, hookAction({}));
    server->route(Vendor::Outreach2day, "POST", hookPath + QStringLiteral("/pause"),
                  hookAction(QStringLiteral("paused")));
    server->route(Vendor::Outreach2day, "POST", hookPath + QStringLiteral("/resume"),
                  hookAction(QStringLiteral("active")));
    server->route(Vendor::Outreach2day, "POST", hookPath + QStringLiteral("/test"),
                  [this](const SandboxRequest &request) {
                      m_hookCalls.append(request.method + ' ' + request.path.toUtf8());
                      return SandboxResponse::json(
                              QJsonObject{{QStringLiteral("delivered"), true},
                                          {QStringLiteral("eventType"), QStringLiteral("webhook.test")}});
                  });
    server->route(Vendor::Outreach2day, "DELETE", hookPath, [this](const SandboxRequest &request) {
        m_hookCalls.append(request.method + ' ' + request.path.toUtf8());
        m_hooks.remove(request.pathArgs.value(QStringLiteral("id")));
        return SandboxResponse::noContent();
    });
    // Events over two pages, the second repeating the first's last event (the pager drops it).
    server->route(
            Vendor::Outreach2day, "GET", QStringLiteral("/campaigns/webhooks/events"),
            [](const SandboxRequest &request) {
                const bool second = request.queryValue(QStringLiteral("cursor")) == QLatin1String("e2");
                QJsonArray items;
                for (int i = second ? 2 : 1; i <= (second ? 3 : 2); ++i)
                    items.append(QJsonObject{
                            {QStringLiteral("id"), QStringLiteral("evt_%1").arg(i)},
                            {QStringLiteral("type"), QStringLiteral("reply.received")},
                            {QStringLiteral("campaignId"), QStringLiteral("cmp_cli01")},
                            {QStringLiteral("email"), QStringLiteral("lead%1@acme.example").arg(i)},
                            {QStringLiteral("createdAt"), QStringLiteral("2026-03-09T1%1:00:00Z").arg(i)}});
                return SandboxResponse::json(
                        QJsonObject{{QStringLiteral("items"), items},
                                    {QStringLiteral("next_cursor"),
                                     second ? QJsonValue() : QJsonValue(QStringLiteral("e2"))}});
            });
    server->route(Vendor::Outreach2day, "GET", hookPath + QStringLiteral("/deliveries"),
                  [](const SandboxRequest &request) {
                      const QString id = request.pathArgs.value(QStringLiteral("id"));
                      QJsonArray items;
                      for (int attempt = 1; attempt <= 2; ++attempt)
                          items.append(QJsonObject{
                                  {QStringLiteral("id"), QStringLiteral("dlv_%1_%2").arg(id).arg(attempt)},
                                  {QStringLiteral("subscriptionId"), id},
                                  {QStringLiteral("eventId"), QStringLiteral("evt_1")},
                                  {QStringLiteral("eventType"), QStringLiteral("reply.received")},
                                  {QStringLiteral("status"),
                                   attempt == 1 ? QStringLiteral("failed") : QStringLiteral("delivered")},
                                  {QStringLiteral("attempts"), attempt},
                                  {QStringLiteral("responseStatus"), attempt == 1 ? 500 : 200},
                                  {QStringLiteral("createdAt"),
                                   QStringLiteral("2026-03-09T10:0%1:00Z").arg(attempt)}});
                      return SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items}});
                  });
    server->route(
            Vendor::Outreach2day, "POST",
            QStringLiteral("/campaigns/webhooks/subscriptions/{id}/rotate-secret"),
            [this](const SandboxRequest &request) {
                m_lastBody = request.jsonObject();
                return SandboxResponse::json(QJsonObject{
                        {QStringLiteral("subscription"),
                         QJsonObject{
                                 {QStringLiteral("id"), request.pathArgs.value(QStringLiteral("id"))},
                                 {QStringLiteral("secret"), m_lastBody.value(QStringLiteral("secret"))}}}});
            });
    server->route(Vendor::Outreach2day, "GET", QStringLiteral("/campaigns/suppressions/status"),
                  [this](const SandboxRequest &request) {
                      const QString email = request.queryValue(QStringLiteral("email"));
                      return SandboxResponse::json(
                              QJsonObject{{QStringLiteral("email"), email},
                                          {QStringLiteral("suppressed"), m_suppressed.contains(email)}});
                  });
    // The suppression list over two pages; the second repeats an address in other case.
    server->route(
            Vendor::Outreach2day, "GET", QStringLiteral("/campaigns/suppressions"),
            [](const SandboxRequest &request) {
                const bool second = request.queryValue(QStringLiteral("cursor")) == QLatin1String("s2");
                const QStringList emails = second
                        ? QStringList{QStringLiteral("B@Acme.example"), QStringLiteral("c@acme.example")}
                        : QStringList{QStringLiteral("a@acme.example"), QStringLiteral("b@acme.example")};
                QJsonArray items;
                for (const QString &email : emails)
                    items.append(QJsonObject{
                            {QStringLiteral("email"), email},
                            {QStringLiteral("reason"), QStringLiteral("unsubscribed")},
                            {QStringLiteral("createdAt"), QStringLiteral("2026-03-09T09:00:00Z")}});
                return SandboxResponse::json(
                        QJsonObject{{QStringLiteral("items"), items},
                                    {QStringLiteral("next_cursor"),
                                     second ? QJsonValue() : QJsonValue(QStringLiteral("s2"))}});
            });
    server->route(Vendor::Outreach2day, "POST", QStringLiteral("/campaigns/suppressions"),
                  [this](const SandboxRequest &request) {
                      ++m_suppressionPosts;
                      for (const QJsonValue &email :
                           request.jsonObject().value(QStringLiteral("emails")).toArray())
                          m_postedSuppressions << email.toString();
                      return SandboxResponse::json(QJsonObject{{QStringLiteral("ok"), true}});
                  });
    server->route(Vendor::Outreach2day, "GET", QStringLiteral("/campaigns/{id}/export"),
                  [this](const SandboxRequest &request) {
                      m_lastQuery = QUrlQuery(request.query);
                      SandboxResponse answer;
                      answer.contentType = "text/csv; charset=utf-8";
                      answer.body = QByteArrayLiteral("step,sent,replied\r\n1,3,1\r\n\xc3\xa9,0,0\r\n");
                      return answer;
                  });
    server->route(
            Vendor::Outreach2day, "GET", QStringLiteral("/threads"), [this](const SandboxRequest &request) {
                m_lastQuery = QUrlQuery(request.query);
                QJsonArray items;
                const QString intent = request.queryValue(QStringLiteral("replyIntent"));
                for (int n = 1; n <= 2; ++n) {
                    items.append(QJsonObject{
                            {QStringLiteral("id"), QStringLiteral("thr_%1").arg(n)},
                            {QStringLiteral("campaignId"), request.queryValue(QStringLiteral("campaignId"))},
                            {QStringLiteral("contactId"), QStringLiteral("cnt_%1").arg(n)},
                            {QStringLiteral("email"), QStringLiteral("p%1@acme.example").arg(n)},
                            {QStringLiteral("replyIntent"),
                             intent.isEmpty() ? QStringLiteral("other") : intent},
                            {QStringLiteral("snippet"), QStringLiteral("Let's talk (%1)").arg(n)},
                            {QStringLiteral("lastMessageAt"),
                             QStringLiteral("2026-03-09T1%1:00:00Z").arg(n)}});
                }
                return SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items}});
            });
    server->route(Vendor::Outreach2day, "DELETE", QStringLiteral("/campaigns/suppressions"),
                  [this](const SandboxRequest &request) {
                      m_suppressed.remove(request.queryValue(QStringLiteral("email")));
                      return SandboxResponse::noContent();
                  });
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
}

void TestEmailActivityCli::sendsAsJsonAndCsv()
{
    const Run json = cli({QStringLiteral("sends"), QStringLiteral("cmp_cli01")});
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonArray rows = array(json);
    QCOMPARE(rows.size(), 3);
    QStringList to;
    for (const QJsonValue &row : rows)
        to << row.toObject().value(QStringLiteral("to")).toString();
    to.sort();
    QCOMPARE(to,
             (QStringList{QStringLiteral("p0@acme.example"), QStringLiteral("p1@acme.example"),
                          QStringLiteral("p2@acme.example")}));

    const QString path = m_data.filePath(QStringLiteral("sends.csv"));
    const Run csv = cli({QStringLiteral("sends"), QStringLiteral("cmp_cli01"), QStringLiteral("--format"),
                         QStringLiteral("csv"), QStringLiteral("-o"), path});
    QVERIFY2(csv.exitCode == 0, csv.err.constData());
    QCOMPARE(csv.json().value(QStringLiteral("rows")).toInt(), 3);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 5); // header, three rows, the empty piece after the last CRLF
    QVERIFY(lines.first().contains("to"));
    QVERIFY(lines.first().endsWith('\r'));

    QCOMPARE(cli({QStringLiteral("sends"), QStringLiteral("cmp_cli01"), QStringLiteral("--format"),
                  QStringLiteral("xml")})
                     .exitCode,
             2);
}

void TestEmailActivityCli::changesNeedASince()
{
    QCOMPARE(cli({QStringLiteral("changes"), QStringLiteral("cmp_cli01")}).exitCode, 2);
    const Run run = cli({QStringLiteral("changes"), QStringLiteral("cmp_cli01"), QStringLiteral("--since"),
                         QStringLiteral("2026-03-09T00:00:00Z")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray changes = array(run);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.at(0).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("replied"));
}

void TestEmailActivityCli::subsequenceAndRouting()
{
    const Run made = cli({QStringLiteral("subsequences"), QStringLiteral("add"), QStringLiteral("cmp_cli01"),
                          QStringLiteral("Interested Follow-up")});
    QVERIFY2(made.exitCode == 0, made.err.constData());
    QCOMPARE(made.json().value(QStringLiteral("id")).toString(), QStringLiteral("sub_001"));
    QCOMPARE(m_lastBody.value(QStringLiteral("name")).toString(), QStringLiteral("Interested Follow-up"));

    QCOMPARE(cli({QStringLiteral("routing"), QStringLiteral("cmp_cli01"), QStringLiteral("--rule"),
                  QStringLiteral("interested-sub_001")})
                     .exitCode,
             2);
    const Run routed = cli({QStringLiteral("routing"), QStringLiteral("cmp_cli01"), QStringLiteral("--rule"),
                            QStringLiteral("intent=interested:sub_001")});
    QVERIFY2(routed.exitCode == 0, routed.err.constData());
    const QJsonArray rules = m_lastBody.value(QStringLiteral("routingPolicy"))
                                     .toObject()
                                     .value(QStringLiteral("rules"))
                                     .toArray();
    QCOMPARE(rules.size(), 1);
    QCOMPARE(rules.at(0).toObject().value(QStringLiteral("trigger")).toString(),
             QStringLiteral("reply_intent"));
    QCOMPARE(rules.at(0).toObject().value(QStringLiteral("value")).toString(), QStringLiteral("interested"));
    QCOMPARE(rules.at(0).toObject().value(QStringLiteral("subsequenceId")).toString(),
             QStringLiteral("sub_001"));

    // The API cannot read rules back: the console prints what it kept.
    const Run shown = cli({QStringLiteral("routing"), QStringLiteral("cmp_cli01")});
    QVERIFY2(shown.exitCode == 0, shown.err.constData());
    QCOMPARE(shown.json()
                     .value(QStringLiteral("routingPolicy"))
                     .toObject()
                     .value(QStringLiteral("rules"))
                     .toArray(),
             rules);
}

void TestEmailActivityCli::hooksAddListRotate()
{
    const Run added =
            cli({QStringLiteral("hooks"), QStringLiteral("add"), QStringLiteral("--endpoint"),
                 QStringLiteral("https://hooks.acme.example/outreach"), QStringLiteral("--event"),
                 QStringLiteral("reply.received"), QStringLiteral("--ignore-ooo"), QStringLiteral("true")});
    QVERIFY2(added.exitCode == 0, added.err.constData());
    const QString id = added.json().value(QStringLiteral("id")).toString();
    const QString first = added.json().value(QStringLiteral("secret")).toString();
    QVERIFY(first.startsWith(QLatin1String("whsec_")));
    QCOMPARE(m_lastBody.value(QStringLiteral("secret")).toString(), first); // the console made it
    QCOMPARE(m_lastBody.value(QStringLiteral("ignoreOoo")).toBool(), true);

    const Run listed = cli({QStringLiteral("hooks"), QStringLiteral("list")});
    QVERIFY2(listed.exitCode == 0, listed.err.constData());
    QCOMPARE(array(listed).size(), 1);
    QVERIFY(!listed.out.contains(first.toUtf8())); // shown once, at creation only

    const Run rotated = cli({QStringLiteral("hooks"), QStringLiteral("rotate"), id, QStringLiteral("--grace"),
                             QStringLiteral("1h")});
    QVERIFY2(rotated.exitCode == 0, rotated.err.constData());
    const QString second = rotated.json().value(QStringLiteral("secret")).toString();
    QVERIFY(second.startsWith(QLatin1String("whsec_")) && second != first);
    const QDateTime graceUntil = QDateTime::fromString(
            rotated.json().value(QStringLiteral("previousSecretAcceptedUntil")).toString(), Qt::ISODate);
    QVERIFY(graceUntil.isValid());

    // Both secrets accepted during the grace period, from the keychain.
    CredentialStore store;
    WebhookSecrets secrets(&store);
    std::optional<Result<QStringList>> accepted;
    QEventLoop loop;
    secrets.acceptedSecrets(id, graceUntil, &loop, [&](Result<QStringList> r) {
        accepted.emplace(std::move(r));
        loop.quit();
    });
    if (!accepted)
        loop.exec();
    QVERIFY2(accepted->ok(), qPrintable(accepted->error().summary()));
    QCOMPARE(accepted->value(), (QStringList{second, first}));

    // Neither secret anywhere in the console's data (the database included).
    QDirIterator it(m_data.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.contains(QLatin1String("/keyrings/")))
            continue;
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(!content.contains(first.toUtf8()) && !content.contains(second.toUtf8()), qPrintable(path));
    }
}

void TestEmailActivityCli::hooksUpdatePauseResumeTestAndRemove()
{
    const Run added = cli({QStringLiteral("hooks"), QStringLiteral("add"), QStringLiteral("--endpoint"),
                           QStringLiteral("https://hooks.acme.example/first"), QStringLiteral("--event"),
                           QStringLiteral("reply.received")});
    QVERIFY2(added.exitCode == 0, added.err.constData());
    const QString id = added.json().value(QStringLiteral("id")).toString();
    const QString secret = added.json().value(QStringLiteral("secret")).toString();
    QVERIFY(!id.isEmpty() && secret.startsWith(QLatin1String("whsec_")));
    m_hookCalls.clear();
    const QByteArray path = "/campaigns/webhooks/subscriptions/" + id.toUtf8();

    // Update: the filters and switches given, sent as a PATCH without any secret, kept locally.
    QCOMPARE(cli({QStringLiteral("hooks"), QStringLiteral("update"), id, QStringLiteral("--ignore-ooo"),
                  QStringLiteral("maybe")})
                     .exitCode,
             2);
    QVERIFY(m_hookCalls.isEmpty());
    const Run updated =
            cli({QStringLiteral("hooks"), QStringLiteral("update"), id, QStringLiteral("--endpoint"),
                 QStringLiteral("https://hooks.acme.example/second"), QStringLiteral("--intent"),
                 QStringLiteral("interested"), QStringLiteral("--campaign"), QStringLiteral("cmp_cli01"),
                 QStringLiteral("--ignore-auto-reply"), QStringLiteral("true")});
    QVERIFY2(updated.exitCode == 0, updated.err.constData());
    QCOMPARE(m_hookCalls, QList<QByteArray>{"PATCH " + path});
    QCOMPARE(m_lastBody.value(QStringLiteral("endpoint")).toString(),
             QStringLiteral("https://hooks.acme.example/second"));
    QCOMPARE(m_lastBody.value(QStringLiteral("eventTypes")).toArray(),
             QJsonArray{QStringLiteral("reply.received")}); // not given: what was kept
    QCOMPARE(m_lastBody.value(QStringLiteral("replyIntents")).toArray(),
             QJsonArray{QStringLiteral("interested")});
    QCOMPARE(m_lastBody.value(QStringLiteral("campaignIds")).toArray(),
             QJsonArray{QStringLiteral("cmp_cli01")});
    QCOMPARE(m_lastBody.value(QStringLiteral("ignoreAutoReply")).toBool(), true);
    QVERIFY(!m_lastBody.contains(QStringLiteral("secret")));
    QCOMPARE(updated.json().value(QStringLiteral("endpoint")).toString(),
             QStringLiteral("https://hooks.acme.example/second"));
    QVERIFY(!updated.out.contains(secret.toUtf8()));
    const auto listed = [this, &id](const QString &key) {
        for (const QJsonValue &hook : array(cli({QStringLiteral("hooks"), QStringLiteral("list")})))
            if (hook.toObject().value(QStringLiteral("id")).toString() == id)
                return hook.toObject().value(key);
        return QJsonValue();
    };
    QCOMPARE(listed(QStringLiteral("endpoint")).toString(),
             QStringLiteral("https://hooks.acme.example/second"));

    // Pause and resume: the status the vendor answers, kept locally.
    const Run paused = cli({QStringLiteral("hooks"), QStringLiteral("pause"), id});
    QVERIFY2(paused.exitCode == 0, paused.err.constData());
    QCOMPARE(paused.json().value(QStringLiteral("status")).toString(), QStringLiteral("paused"));
    QCOMPARE(listed(QStringLiteral("status")).toString(), QStringLiteral("paused"));
    const Run resumed = cli({QStringLiteral("hooks"), QStringLiteral("resume"), id});
    QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
    QCOMPARE(resumed.json().value(QStringLiteral("status")).toString(), QStringLiteral("active"));
    QCOMPARE(listed(QStringLiteral("status")).toString(), QStringLiteral("active"));

    // Test: the vendor's answer as read.
    const Run tested = cli({QStringLiteral("hooks"), QStringLiteral("test"), id});
    QVERIFY2(tested.exitCode == 0, tested.err.constData());
    QCOMPARE(tested.json().value(QStringLiteral("eventType")).toString(), QStringLiteral("webhook.test"));
    QCOMPARE(m_hookCalls.mid(1),
             (QList<QByteArray>{"POST " + path + "/pause", "POST " + path + "/resume",
                                "POST " + path + "/test"}));

    // An unknown subscription is refused in words, nothing changed locally.
    const Run unknown =
            cli({QStringLiteral("hooks"), QStringLiteral("pause"), QStringLiteral("wh_sub_nosuch")});
    QVERIFY(unknown.exitCode != 0);
    QVERIFY(!unknown.err.isEmpty());

    // Remove: deleted at the vendor, its secret gone from the keychain, no longer listed.
    const Run removed = cli({QStringLiteral("hooks"), QStringLiteral("rm"), id});
    QVERIFY2(removed.exitCode == 0, removed.err.constData());
    QCOMPARE(m_hookCalls.last(), "DELETE " + path);
    QVERIFY(!m_hooks.contains(id));
    QVERIFY(listed(QStringLiteral("id")).isNull()); // not listed any more
    CredentialStore store;
    WebhookSecrets secrets(&store);
    std::optional<Result<QString>> current;
    QEventLoop loop;
    secrets.current(id, &loop, [&](Result<QString> r) {
        current.emplace(std::move(r));
        loop.quit();
    });
    if (!current)
        loop.exec();
    QVERIFY(!current->ok());
    QCOMPARE(current->error().code, QStringLiteral("keychain_entry_not_found"));
}

void TestEmailActivityCli::hooksEventsAndDeliveriesPageThrough()
{
    const Run events = cli({QStringLiteral("hooks"), QStringLiteral("events")});
    QVERIFY2(events.exitCode == 0, events.err.constData());
    QStringList ids;
    for (const QJsonValue &event : array(events))
        ids << event.toObject().value(QStringLiteral("id")).toString();
    QCOMPARE(ids, (QStringList{QStringLiteral("evt_1"), QStringLiteral("evt_2"), QStringLiteral("evt_3")}));
    QCOMPARE(array(events).at(0).toObject().value(QStringLiteral("type")).toString(),
             QStringLiteral("reply.received"));
    QCOMPARE(cli({QStringLiteral("hooks"), QStringLiteral("events"), QStringLiteral("extra")}).exitCode, 2);

    const Run deliveries =
            cli({QStringLiteral("hooks"), QStringLiteral("deliveries"), QStringLiteral("wh_sub_7")});
    QVERIFY2(deliveries.exitCode == 0, deliveries.err.constData());
    const QJsonArray rows = array(deliveries);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    QCOMPARE(rows.at(0).toObject().value(QStringLiteral("responseStatus")).toInt(), 500);
    QCOMPARE(rows.at(1).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
    QCOMPARE(rows.at(1).toObject().value(QStringLiteral("attempts")).toInt(), 2);
    QCOMPARE(cli({QStringLiteral("hooks"), QStringLiteral("deliveries")}).exitCode, 2);
}

void TestEmailActivityCli::suppressionStatusAndRemoval()
{
    m_suppressed.insert(QStringLiteral("gone@acme.example"), QStringLiteral("manual_suppression"));
    const Run status = cli(
            {QStringLiteral("suppressions"), QStringLiteral("status"), QStringLiteral("gone@acme.example")});
    QVERIFY2(status.exitCode == 0, status.err.constData());
    QCOMPARE(status.json().value(QStringLiteral("suppressed")).toBool(), true);
    QVERIFY(status.json().value(QStringLiteral("doNotContact")).isNull());

    QCOMPARE(cli({QStringLiteral("suppressions"), QStringLiteral("rm"), QStringLiteral("gone@acme.example"),
                  QStringLiteral("--side"), QStringLiteral("nowhere")})
                     .exitCode,
             2);
    const Run removed =
            cli({QStringLiteral("suppressions"), QStringLiteral("rm"), QStringLiteral("gone@acme.example")});
    QVERIFY2(removed.exitCode == 0, removed.err.constData());
    QVERIFY(!m_suppressed.contains(QStringLiteral("gone@acme.example")));
}

void TestEmailActivityCli::suppressionsListPagesThrough()
{
    const Run listed = cli({QStringLiteral("suppressions"), QStringLiteral("list")});
    QVERIFY2(listed.exitCode == 0, listed.err.constData());
    QStringList emails;
    for (const QJsonValue &entry : array(listed)) {
        emails << entry.toObject().value(QStringLiteral("email")).toString();
        QCOMPARE(entry.toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("unsubscribed"));
    }
    // Both pages, the address the second page repeated in other case listed once.
    QCOMPARE(emails,
             (QStringList{QStringLiteral("a@acme.example"), QStringLiteral("b@acme.example"),
                          QStringLiteral("c@acme.example")}));
    QCOMPARE(cli({QStringLiteral("suppressions"), QStringLiteral("list"), QStringLiteral("x")}).exitCode, 2);
}

void TestEmailActivityCli::summaryExportSavedByteForByte()
{
    const QString path = m_data.filePath(QStringLiteral("summary.csv"));
    const Run saved =
            cli({QStringLiteral("export"), QStringLiteral("cmp_cli01"), QStringLiteral("-o"), path});
    QVERIFY2(saved.exitCode == 0, saved.err.constData());
    QCOMPARE(m_lastQuery.queryItemValue(QStringLiteral("kind")), QStringLiteral("summary"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray expected("step,sent,replied\r\n1,3,1\r\n\xc3\xa9,0,0\r\n");
    QCOMPARE(file.readAll(), expected);
    QCOMPARE(saved.json().value(QStringLiteral("path")).toString(), path);
    QCOMPARE(saved.json().value(QStringLiteral("bytes")).toInt(), expected.size());
    QCOMPARE(saved.json().value(QStringLiteral("contentType")).toString(),
             QStringLiteral("text/csv; charset=utf-8"));
    QCOMPARE(cli({QStringLiteral("export")}).exitCode, 2);
}

void TestEmailActivityCli::threadsFilteredByIntentAndCampaign()
{
    const Run filtered =
            cli({QStringLiteral("threads"), QStringLiteral("--intent"), QStringLiteral("interested"),
                 QStringLiteral("--campaign"), QStringLiteral("cmp_cli01")});
    QVERIFY2(filtered.exitCode == 0, filtered.err.constData());
    QCOMPARE(m_lastQuery.queryItemValue(QStringLiteral("replyIntent")), QStringLiteral("interested"));
    QCOMPARE(m_lastQuery.queryItemValue(QStringLiteral("campaignId")), QStringLiteral("cmp_cli01"));
    const QJsonArray threads = array(filtered);
    QCOMPARE(threads.size(), 2);
    QCOMPARE(threads.at(0).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("thr_1"));
    QCOMPARE(threads.at(0).toObject().value(QStringLiteral("replyIntent")).toString(),
             QStringLiteral("interested"));
    QCOMPARE(threads.at(0).toObject().value(QStringLiteral("campaignId")).toString(),
             QStringLiteral("cmp_cli01"));

    // Without filters neither is sent.
    const Run all = cli({QStringLiteral("threads")});
    QVERIFY2(all.exitCode == 0, all.err.constData());
    QVERIFY(!m_lastQuery.hasQueryItem(QStringLiteral("replyIntent")));
    QVERIFY(!m_lastQuery.hasQueryItem(QStringLiteral("campaignId")));
    QCOMPARE(cli({QStringLiteral("threads"), QStringLiteral("extra")}).exitCode, 2);
}

void TestEmailActivityCli::suppressionsSyncMirrorsBothWaysOnce()
{
    // An address the operator put on the console's do-not-contact list.
    const Run listed =
            console({QStringLiteral("dnc"), QStringLiteral("add"), QStringLiteral("here@console.example"),
                     QStringLiteral("--reason"), QStringLiteral("asked by phone")});
    QVERIFY2(listed.exitCode == 0, listed.err.constData());
    m_postedSuppressions.clear();
    m_suppressionPosts = 0;

    // One round: Outreach2day's three addresses come into the list, the console's goes out.
    const Run synced = cli({QStringLiteral("suppressions"), QStringLiteral("sync")});
    QVERIFY2(synced.exitCode == 0, synced.err.constData());
    QStringList cameIn;
    for (const QJsonValue &email : synced.json().value(QStringLiteral("addedToDoNotContact")).toArray())
        cameIn << email.toString();
    cameIn.sort();
    QCOMPARE(cameIn,
             (QStringList{QStringLiteral("a@acme.example"), QStringLiteral("b@acme.example"),
                          QStringLiteral("c@acme.example")}));
    QCOMPARE(synced.json().value(QStringLiteral("suppressedAtOutreach2day")).toArray(),
             QJsonArray{QStringLiteral("here@console.example")});
    QCOMPARE(m_suppressionPosts, 1);
    QCOMPARE(m_postedSuppressions, QStringList{QStringLiteral("here@console.example")});
    const Run dnc =
            console({QStringLiteral("dnc"), QStringLiteral("check"), QStringLiteral("b@acme.example")});
    QVERIFY2(dnc.exitCode == 0, dnc.err.constData());
    QVERIFY2(dnc.out.contains("outreach2day"), dnc.out.constData()); // tagged with its source

    // The next round echoes nothing back either way.
    const Run again = cli({QStringLiteral("suppressions"), QStringLiteral("sync")});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY(again.json().value(QStringLiteral("addedToDoNotContact")).toArray().isEmpty());
    QVERIFY(again.json().value(QStringLiteral("suppressedAtOutreach2day")).toArray().isEmpty());
    QCOMPARE(m_suppressionPosts, 1);
    QCOMPARE(cli({QStringLiteral("suppressions"), QStringLiteral("sync"), QStringLiteral("x")}).exitCode, 2);
}

CC_TEST_GUILESS_MAIN(TestEmailActivityCli)
#include "tst_emailactivitycli.moc"
