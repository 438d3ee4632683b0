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
    void suppressionStatusAndRemoval();

private:
    Run cli(const QStringList &arguments) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : CliHarness::credentialVariables())
            env.remove(name);
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_data.path());
        env.insert(QStringLiteral("USER"), QStringLiteral("tester"));
        CliHarness::addVendorUrl(env, Vendor::Outreach2day,
                                 m_sandbox.baseUrl(Vendor::Outreach2day).toString());
        CliHarness::addDemoCredentials(env, Vendor::Outreach2day);
        return CliHarness::run(QStringList{QStringLiteral("email")} + arguments, env,
                               CliHarness::Wait::ServingEvents);
    }
    QJsonArray array(const Run &run) const { return QJsonDocument::fromJson(run.out).array(); }

    SandboxFixture m_sandbox;
    QTemporaryDir m_data;
    QJsonObject m_lastBody; // the JSON body of the last POST/PATCH a route received
    QMap<QString, QString> m_suppressed;
    int m_subscriptions = 0;
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
                return SandboxResponse::json(QJsonObject{{QStringLiteral("subscription"), subscription}});
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

CC_TEST_GUILESS_MAIN(TestEmailActivityCli)
#include "tst_emailactivitycli.moc"
