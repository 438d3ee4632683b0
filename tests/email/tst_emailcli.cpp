// campaign-console-cli's `email ...` commands as a script runs them, against the Outreach2day
// sandbox in this process (so the test sees what reached the vendor): a campaign built from
// creation to launch, exit 0 on success, 2 for a usage error or a documented limit (nothing
// sent), 6 while preflight blocks, 5 when the outbound guard refuses a launch (nothing sent).

#include "CliHarness.h"
#include "SandboxFixture.h"
#include "TestMain.h"
#include "sandbox/Outreach2daySandbox.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

#include <memory>

using CliHarness::Run;

class TestEmailCli : public QObject
{
    Q_OBJECT

private:
    SandboxFixture m_sandbox;
    std::unique_ptr<QTemporaryDir> m_data;

    Run cli(const QStringList &arguments) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : CliHarness::credentialVariables())
            env.remove(name);
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_data->path());
        env.insert(QStringLiteral("USER"), QStringLiteral("tester"));
        CliHarness::addVendorUrl(env, Vendor::Outreach2day,
                                 m_sandbox.baseUrl(Vendor::Outreach2day).toString());
        CliHarness::addDemoCredentials(env, Vendor::Outreach2day);
        return CliHarness::run(arguments, env, CliHarness::Wait::ServingEvents);
    }
    static QStringList email(const QStringList &more) { return QStringList{QStringLiteral("email")} + more; }
    Outreach2daySandbox *vendor() const { return m_sandbox.server()->outreach2day(); }
    int requests(const QByteArray &method, const QString &path) const
    {
        return m_sandbox.server()->requestCount(Vendor::Outreach2day, method, path);
    }
    QString writeFile(const QString &name, const QByteArray &bytes) const
    {
        const QString path = m_data->filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }

    // A campaign created through the CLI, with a step, contacts, a mailbox and a schedule.
    QString readyCampaign()
    {
        const Run created =
                cli(email({QStringLiteral("campaigns"), QStringLiteral("create"), QStringLiteral("Ready")}));
        const QString id = created.json().value(QStringLiteral("id")).toString();
        if (created.exitCode != 0 || id.isEmpty())
            return {};
        const QString csv = writeFile(QStringLiteral("ready.csv"),
                                      "email,first_name\r\nann@open.example,Ann\r\nbob@listed.example,Bob\r\n"
                                      "cat@open.example,Cat\r\n");
        const QList<QStringList> steps{{QStringLiteral("steps"), QStringLiteral("add"), id,
                                        QStringLiteral("--subject"), QStringLiteral("Hi {{firstName}}")},
                                       {QStringLiteral("import"), id, csv},
                                       {QStringLiteral("mailboxes"), QStringLiteral("add"), id,
                                        QStringLiteral("me@verified.example")},
                                       {QStringLiteral("schedule"), id, QStringLiteral("--timezone"),
                                        QStringLiteral("Europe/Berlin"), QStringLiteral("--days"),
                                        QStringLiteral("mon,tue,wed,thu,fri,sat,sun"),
                                        QStringLiteral("--window"), QStringLiteral("00:00-23:59")}};
        for (const QStringList &step : steps) {
            if (cli(email(step)).exitCode != 0)
                return {};
        }
        return id;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString())); }

    void init()
    {
        m_data = std::make_unique<QTemporaryDir>();
        QVERIFY(m_data->isValid());
        vendor()->resetSwitches();
        m_sandbox.server()->clearRequests();
    }

    // create → list → show from the local store; register an existing campaign by id.
    void campaigns()
    {
        const Run created = cli(email({QStringLiteral("campaigns"), QStringLiteral("create"),
                                       QStringLiteral("Q1 SaaS Outreach"), QStringLiteral("--priority"),
                                       QStringLiteral("HIGH")}));
        QCOMPARE(created.exitCode, 0);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QVERIFY(vendor()->hasCampaign(id));
        QCOMPARE(created.json().value(QStringLiteral("priority")).toString(), QStringLiteral("HIGH"));

        const Run registered = cli(email({QStringLiteral("campaigns"), QStringLiteral("register"),
                                          Outreach2daySandbox::demoCampaignId(), QStringLiteral("--name"),
                                          QStringLiteral("Demo")}));
        QCOMPARE(registered.exitCode, 0);
        QCOMPARE(registered.json().value(QStringLiteral("registered")).toBool(), true);

        const Run list = cli(email({QStringLiteral("campaigns"), QStringLiteral("list")}));
        QCOMPARE(list.exitCode, 0);
        QStringList ids;
        for (const QJsonValue &campaign : list.json().value(QStringLiteral("campaigns")).toArray())
            ids.append(campaign.toObject().value(QStringLiteral("id")).toString());
        ids.sort();
        QCOMPARE(ids, QStringList({Outreach2daySandbox::demoCampaignId(), id}));

        const Run show = cli(email({QStringLiteral("campaigns"), QStringLiteral("show"), id}));
        QCOMPARE(show.exitCode, 0);
        QCOMPARE(show.json().value(QStringLiteral("name")).toString(), QStringLiteral("Q1 SaaS Outreach"));

        QCOMPARE(cli(email({QStringLiteral("campaigns"), QStringLiteral("show"), QStringLiteral("cmp_none")}))
                         .exitCode,
                 2);
        QCOMPARE(cli(email({QStringLiteral("campaigns"), QStringLiteral("register"),
                            QStringLiteral("cmp_none")}))
                         .exitCode,
                 1);
        QCOMPARE(cli(email({QStringLiteral("campaigns"), QStringLiteral("create"), QStringLiteral("X"),
                            QStringLiteral("--priority"), QStringLiteral("URGENT")}))
                         .exitCode,
                 2);
    }

    // steps add (order defaults to the next; variants from a file) / list / update / rm, preview.
    void stepsAndPreview()
    {
        const Run created =
                cli(email({QStringLiteral("campaigns"), QStringLiteral("create"), QStringLiteral("S")}));
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());
        const Run first =
                cli(email({QStringLiteral("steps"), QStringLiteral("add"), id, QStringLiteral("--subject"),
                           QStringLiteral("Quick question about {{company}}"), QStringLiteral("--body-html"),
                           QStringLiteral("<p>Hi {{firstName}}</p>")}));
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.json().value(QStringLiteral("order")).toInt(), 1);
        const QString variants =
                writeFile(QStringLiteral("variants.json"),
                          R"([{"subject": "A {{firstName}}", "bodyHtml": "<p>A</p>", "weight": 60},
                    {"subject": "B {{company}}", "bodyHtml": "<p>B</p>", "weight": 40}])");
        const Run second =
                cli(email({QStringLiteral("steps"), QStringLiteral("add"), id, QStringLiteral("--subject"),
                           QStringLiteral("Follow-up"), QStringLiteral("--delay-days"), QStringLiteral("3"),
                           QStringLiteral("--variants"), variants}));
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(second.json().value(QStringLiteral("order")).toInt(), 2);
        const QString secondId = second.json().value(QStringLiteral("id")).toString();

        const QString badVariants =
                writeFile(QStringLiteral("bad.json"),
                          R"([{"subject": "A", "weight": 60}, {"subject": "B", "weight": 30}])");
        const int before = requests("POST", QStringLiteral("/campaigns/%1/steps").arg(id));
        const Run bad =
                cli(email({QStringLiteral("steps"), QStringLiteral("add"), id, QStringLiteral("--subject"),
                           QStringLiteral("X"), QStringLiteral("--variants"), badVariants}));
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("weight"), bad.err.constData());
        QCOMPARE(requests("POST", QStringLiteral("/campaigns/%1/steps").arg(id)), before);

        const Run list = cli(email({QStringLiteral("steps"), QStringLiteral("list"), id}));
        QCOMPARE(list.exitCode, 0);
        QCOMPARE(list.json().value(QStringLiteral("steps")).toArray().size(), 2);

        const Run updated = cli(email({QStringLiteral("steps"), QStringLiteral("update"), secondId,
                                       QStringLiteral("--delay-days"), QStringLiteral("2")}));
        QCOMPARE(updated.exitCode, 0);
        QCOMPARE(updated.json().value(QStringLiteral("delayDays")).toInt(), 2);
        QCOMPARE(cli(email({QStringLiteral("steps"), QStringLiteral("update"), secondId})).exitCode, 2);

        const Run preview = cli(
                email({QStringLiteral("preview"), secondId, QStringLiteral("--variant"), QStringLiteral("2"),
                       QStringLiteral("--contact"), QStringLiteral("company=Acme Corp"),
                       QStringLiteral("--contact"), QStringLiteral("firstName=Sarah")}));
        QCOMPARE(preview.exitCode, 0);
        QCOMPARE(preview.json().value(QStringLiteral("subject")).toString(), QStringLiteral("B Acme Corp"));
        QCOMPARE(cli(email({QStringLiteral("preview"), secondId})).exitCode, 2); // no contact

        QCOMPARE(cli(email({QStringLiteral("steps"), QStringLiteral("rm"), secondId})).exitCode, 0);
        QCOMPARE(cli(email({QStringLiteral("steps"), QStringLiteral("list"), id}))
                         .json()
                         .value(QStringLiteral("steps"))
                         .toArray()
                         .size(),
                 1);
    }

    // import with an edited mapping; mailboxes with their limits; schedule; stop rules; preflight
    // exits 6 until nothing blocks.
    void buildUntilPreflightPasses()
    {
        const Run created =
                cli(email({QStringLiteral("campaigns"), QStringLiteral("create"), QStringLiteral("B")}));
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(cli(email({QStringLiteral("steps"), QStringLiteral("add"), id, QStringLiteral("--subject"),
                            QStringLiteral("Hello {{firstName}}")}))
                         .exitCode,
                 0);

        const QString csv =
                writeFile(QStringLiteral("leads.csv"),
                          "email,given,org\r\nsarah@acme.example,Sarah,Acme\r\nnot-an-email,Mike,BigCo\r\n");
        const Run imported = cli(email({QStringLiteral("import"), id, csv, QStringLiteral("--map"),
                                        QStringLiteral("given=firstName"), QStringLiteral("--map"),
                                        QStringLiteral("org=company")}));
        QCOMPARE(imported.exitCode, 0);
        QCOMPARE(imported.json().value(QStringLiteral("imported")).toInt(), 1);
        QCOMPARE(imported.json()
                         .value(QStringLiteral("mapping"))
                         .toObject()
                         .value(QStringLiteral("given"))
                         .toString(),
                 QStringLiteral("firstName"));
        QCOMPARE(vendor()->contactCount(id), 1);
        QCOMPARE(cli(email({QStringLiteral("import"), id, csv, QStringLiteral("--map"),
                            QStringLiteral("nope=x")}))
                         .exitCode,
                 2);

        const Run blocked = cli(email({QStringLiteral("preflight"), id}));
        QCOMPARE(blocked.exitCode, 6);
        QVERIFY(!blocked.json().value(QStringLiteral("blockingFailures")).toArray().isEmpty());

        const int attached = requests("POST", QStringLiteral("/campaigns/%1/mailboxes").arg(id));
        QCOMPARE(cli(email({QStringLiteral("mailboxes"), QStringLiteral("add"), id,
                            QStringLiteral("me@verified.example"), QStringLiteral("--daily-limit"),
                            QStringLiteral("6000")}))
                         .exitCode,
                 2);
        QCOMPARE(requests("POST", QStringLiteral("/campaigns/%1/mailboxes").arg(id)), attached);
        const Run mailbox =
                cli(email({QStringLiteral("mailboxes"), QStringLiteral("add"), id,
                           QStringLiteral("me@verified.example"), QStringLiteral("--daily-limit"),
                           QStringLiteral("40"), QStringLiteral("--gap-base"), QStringLiteral("300")}));
        QCOMPARE(mailbox.exitCode, 0);
        const QString cmb = mailbox.json().value(QStringLiteral("id")).toString();
        QCOMPARE(mailbox.json().value(QStringLiteral("dailyLimit")).toInt(), 40);
        const Run updated = cli(email({QStringLiteral("mailboxes"), QStringLiteral("update"), id, cmb,
                                       QStringLiteral("--weight"), QStringLiteral("150")}));
        QCOMPARE(updated.exitCode, 0);
        QCOMPARE(updated.json().value(QStringLiteral("weight")).toInt(), 150);
        const Run mailboxes = cli(email({QStringLiteral("mailboxes"), QStringLiteral("list"), id}));
        QCOMPARE(mailboxes.exitCode, 0);
        QCOMPARE(mailboxes.json().value(QStringLiteral("mailboxes")).toArray().size(), 1);

        QCOMPARE(cli(email({QStringLiteral("schedule"), id, QStringLiteral("--timezone"),
                            QStringLiteral("Mars/Olympus"), QStringLiteral("--days"), QStringLiteral("mon"),
                            QStringLiteral("--window"), QStringLiteral("09:00-12:00")}))
                         .exitCode,
                 2);
        const Run schedule = cli(email({QStringLiteral("schedule"), id, QStringLiteral("--timezone"),
                                        QStringLiteral("America/New_York"), QStringLiteral("--days"),
                                        QStringLiteral("mon,tue,wed,thu,fri"), QStringLiteral("--window"),
                                        QStringLiteral("09:00-12:00"), QStringLiteral("--window"),
                                        QStringLiteral("14:00-17:00")}));
        QCOMPARE(schedule.exitCode, 0);
        QCOMPARE(schedule.json().value(QStringLiteral("windows")).toArray().size(), 2);
        const Run rules =
                cli(email({QStringLiteral("stop-rules"), id, QStringLiteral("--no-stop-on-reply")}));
        QCOMPARE(rules.exitCode, 0);
        QCOMPARE(rules.json().value(QStringLiteral("stopOnReply")).toBool(), false);
        QCOMPARE(rules.json().value(QStringLiteral("stopOnBounce")).toBool(), true);

        const Run passed = cli(email({QStringLiteral("preflight"), id}));
        QCOMPARE(passed.exitCode, 0);
        QVERIFY(passed.json().value(QStringLiteral("blockingFailures")).toArray().isEmpty());

        const Run shown = cli(email({QStringLiteral("campaigns"), QStringLiteral("show"), id}));
        QCOMPARE(shown.json().value(QStringLiteral("steps")).toArray().size(), 1);
        QCOMPARE(shown.json().value(QStringLiteral("mailboxes")).toArray().size(), 1);
        QVERIFY(shown.json().contains(QStringLiteral("schedule")));
    }

    // launch needs --yes; the do-not-contact list is suppressed first; a launch whose answer is
    // unknown is never sent again (exit 5); the next tranche and an async launch go out; pause,
    // resume, stats and suppressions.
    void launchAndLifecycle()
    {
        const QString id = readyCampaign();
        QVERIFY(!id.isEmpty());
        // The attached mailbox, listed back with its campaign.
        const Run mailboxes = cli(email({QStringLiteral("mailboxes"), QStringLiteral("list"), id}));
        QCOMPARE(mailboxes.exitCode, 0);
        const QJsonArray attached = mailboxes.json().value(QStringLiteral("mailboxes")).toArray();
        QCOMPARE(attached.size(), 1);
        QCOMPARE(attached.first().toObject().value(QStringLiteral("campaignId")).toString(), id);
        QCOMPARE(attached.first().toObject().value(QStringLiteral("mailboxAddress")).toString(),
                 QStringLiteral("me@verified.example"));
        QCOMPARE(cli({QStringLiteral("dnc"), QStringLiteral("add"), QStringLiteral("@listed.example")})
                         .exitCode,
                 0);
        const QString launch = QStringLiteral("/campaigns/%1/launch").arg(id);

        const Run dryRun = cli(email({QStringLiteral("launch"), id, QStringLiteral("--dry-run")}));
        QCOMPARE(dryRun.exitCode, 0);
        QCOMPARE(dryRun.json().value(QStringLiteral("contacts")).toInt(), 2);
        QCOMPARE(dryRun.json().value(QStringLiteral("doNotContact")).toArray(),
                 QJsonArray({QStringLiteral("bob@listed.example")}));
        QVERIFY(!vendor()->isSuppressed(QStringLiteral("bob@listed.example")));

        const Run unconfirmed = cli(email({QStringLiteral("launch"), id}));
        QCOMPARE(unconfirmed.exitCode, 2);
        QVERIFY2(unconfirmed.err.contains("--yes"), unconfirmed.err.constData());
        QCOMPARE(requests("POST", launch), 0);

        const Run first = cli(email({QStringLiteral("launch"), id, QStringLiteral("--limit"),
                                     QStringLiteral("1"), QStringLiteral("--yes")}));
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.json().value(QStringLiteral("suppressed")).toArray(),
                 QJsonArray({QStringLiteral("bob@listed.example")}));
        QVERIFY(vendor()->isSuppressed(QStringLiteral("bob@listed.example")));
        QCOMPARE(requests("POST", launch), 1);

        // The next tranche's answer is lost (a server error after it arrived): it may have gone out.
        SandboxFault lost;
        lost.kind = SandboxFault::Kind::ServerError;
        lost.vendor = Vendor::Outreach2day;
        lost.pathPrefix = launch;
        lost.count = 1;
        m_sandbox.server()->addFault(lost);
        const QStringList tranche = email({QStringLiteral("launch"), id, QStringLiteral("--limit"),
                                           QStringLiteral("2"), QStringLiteral("--yes")});
        QCOMPARE(cli(tranche).exitCode, 1);
        QCOMPARE(requests("POST", launch), 2);
        const Run again = cli(tranche);
        QCOMPARE(again.exitCode, 5);
        QCOMPARE(again.json()
                         .value(QStringLiteral("recipients"))
                         .toArray()
                         .first()
                         .toObject()
                         .value(QStringLiteral("reasonCode")),
                 QStringLiteral("already_sent"));
        QCOMPARE(requests("POST", launch), 2);

        vendor()->setLaunchJobPolls(2);
        const Run async =
                cli(email({QStringLiteral("launch"), id, QStringLiteral("--limit"), QStringLiteral("3"),
                           QStringLiteral("--async"), QStringLiteral("--yes")}));
        QCOMPARE(async.exitCode, 0);
        QCOMPARE(async.json().value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(requests("POST", launch), 3);

        QCOMPARE(cli(email({QStringLiteral("pause"), id})).exitCode, 0);
        QCOMPARE(vendor()->campaignStatus(id), QStringLiteral("paused"));
        QCOMPARE(cli(email({QStringLiteral("resume"), id})).exitCode, 0);
        QCOMPARE(vendor()->campaignStatus(id), QStringLiteral("active"));

        const Run stats = cli(email({QStringLiteral("stats"), id}));
        QCOMPARE(stats.exitCode, 0);
        QCOMPARE(stats.json().value(QStringLiteral("campaignId")).toString(), id);

        const Run suppressed = cli(email({QStringLiteral("suppressions"), QStringLiteral("add"),
                                          QStringLiteral("Someone@Company.example")}));
        QCOMPARE(suppressed.exitCode, 0);
        QVERIFY(vendor()->isSuppressed(QStringLiteral("someone@company.example")));
        QCOMPARE(cli(email({QStringLiteral("suppressions"), QStringLiteral("add"), QStringLiteral("nobody")}))
                         .exitCode,
                 2);

        const Run shown = cli(email({QStringLiteral("campaigns"), QStringLiteral("show"), id}));
        QStringList statuses;
        for (const QJsonValue &record : shown.json().value(QStringLiteral("launches")).toArray())
            statuses.append(record.toObject().value(QStringLiteral("status")).toString());
        QCOMPARE(statuses,
                 (QStringList{QStringLiteral("launched"), QStringLiteral("unknown"),
                              QStringLiteral("completed")}));
    }
};

CC_TEST_GUILESS_MAIN(TestEmailCli)
#include "tst_emailcli.moc"
