// campaign-console-cli's `dnc` and `audit` commands as a script runs them: the built program on
// the console's own data file (a fresh XDG_DATA_HOME per test), JSON on stdout, exit statuses.

#include "CliHarness.h"
#include "TestMain.h"
#include "export/CsvReader.h"
#include "outbound/SqliteOutboundStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>

using CliHarness::Run;

class TestOutboundCli : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_data; // this test's XDG_DATA_HOME

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_data->path());
        env.insert(QStringLiteral("USER"), QStringLiteral("tester"));
        for (const QString &name : CliHarness::credentialVariables())
            env.remove(name);
        return env;
    }

    // Where the CLI keeps the console's data (Database::defaultPath() under this XDG_DATA_HOME).
    QString databasePath() const
    {
        return m_data->filePath(QStringLiteral("CampaignConsole/campaign-console/console.sqlite"));
    }

    Run cli(const QStringList &arguments) const { return CliHarness::run(arguments, environment()); }

    bool listed(const QString &entry) const
    {
        const Run check = cli({QStringLiteral("dnc"), QStringLiteral("check"), entry});
        return check.exitCode == 0 && check.json().value(QStringLiteral("listed")).toBool();
    }

    QStringList listedEntries() const
    {
        QStringList out;
        const Run list = cli({QStringLiteral("dnc"), QStringLiteral("list")});
        for (const QJsonValue &v : list.json().value(QStringLiteral("entries")).toArray())
            out.append(v.toObject().value(QStringLiteral("entry")).toString());
        out.sort();
        return out;
    }

    QString writeFile(const QString &name, const QByteArray &bytes) const
    {
        const QString path = m_data->filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }

private Q_SLOTS:
    void init()
    {
        m_data = std::make_unique<QTemporaryDir>();
        QVERIFY(m_data->isValid());
    }

    void addCheckAndRemove()
    {
        const Run add = cli({QStringLiteral("dnc"), QStringLiteral("add"), QStringLiteral("(305) 555-0123"),
                             QStringLiteral("--reason"), QStringLiteral("asked on the phone")});
        QCOMPARE(add.exitCode, 0);
        QCOMPARE(add.json().value(QStringLiteral("added")).toBool(), true);
        const QJsonObject entry = add.json().value(QStringLiteral("entry")).toObject();
        QCOMPARE(entry.value(QStringLiteral("entry")).toString(), QStringLiteral("+13055550123"));
        QCOMPARE(entry.value(QStringLiteral("kind")).toString(), QStringLiteral("phone"));
        QCOMPARE(entry.value(QStringLiteral("source")).toString(), QStringLiteral("manual"));
        QCOMPARE(entry.value(QStringLiteral("reason")).toString(), QStringLiteral("asked on the phone"));
        QCOMPARE(entry.value(QStringLiteral("addedBy")).toString(), QStringLiteral("tester"));

        const Run again = cli({QStringLiteral("dnc"), QStringLiteral("add"), QStringLiteral("+13055550123")});
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(again.json().value(QStringLiteral("added")).toBool(), false);

        // `check` exits 0 either way; "listed" says which.
        const Run yes =
                cli({QStringLiteral("dnc"), QStringLiteral("check"), QStringLiteral("+1 305 555 0123")});
        QCOMPARE(yes.exitCode, 0);
        QCOMPARE(yes.json().value(QStringLiteral("listed")), QJsonValue(true));
        const Run no = cli({QStringLiteral("dnc"), QStringLiteral("check"), QStringLiteral("+13055550124")});
        QCOMPARE(no.exitCode, 0);
        QCOMPARE(no.json().value(QStringLiteral("listed")), QJsonValue(false));

        // A domain lists every address under it.
        QCOMPARE(cli({QStringLiteral("dnc"), QStringLiteral("add"), QStringLiteral("@Example.org")}).exitCode,
                 0);
        const Run boss =
                cli({QStringLiteral("dnc"), QStringLiteral("check"), QStringLiteral("Boss@example.org")});
        QCOMPARE(boss.exitCode, 0);
        QCOMPARE(boss.json().value(QStringLiteral("listed")), QJsonValue(true));
        QCOMPARE(boss.json()
                         .value(QStringLiteral("listedBy"))
                         .toObject()
                         .value(QStringLiteral("entry"))
                         .toString(),
                 QStringLiteral("@example.org"));
        QCOMPARE(listedEntries(),
                 (QStringList{QStringLiteral("+13055550123"), QStringLiteral("@example.org")}));

        // No reason, no removal (usage error, still listed).
        QCOMPARE(cli({QStringLiteral("dnc"), QStringLiteral("rm"), QStringLiteral("+13055550123")}).exitCode,
                 2);
        QCOMPARE(cli({QStringLiteral("dnc"), QStringLiteral("rm"), QStringLiteral("+13055550123"),
                      QStringLiteral("--reason"), QStringLiteral("  ")})
                         .exitCode,
                 2);
        QVERIFY(listed(QStringLiteral("+13055550123")));

        const Run rm = cli({QStringLiteral("dnc"), QStringLiteral("rm"), QStringLiteral("305-555-0123"),
                            QStringLiteral("--reason"), QStringLiteral("customer asked to be called")});
        QCOMPARE(rm.exitCode, 0);
        QVERIFY(!listed(QStringLiteral("+13055550123")));
        // Not listed (any more): a usage error, nothing logged.
        QCOMPARE(cli({QStringLiteral("dnc"), QStringLiteral("rm"), QStringLiteral("+13055550123"),
                      QStringLiteral("--reason"), QStringLiteral("again")})
                         .exitCode,
                 2);

        // The removal is in the audit log: who and why, no vendor.
        const Run log = cli({QStringLiteral("audit")});
        QCOMPARE(log.exitCode, 0);
        const QJsonArray attempts = log.json().value(QStringLiteral("attempts")).toArray();
        QCOMPARE(attempts.size(), 1);
        const QJsonObject removal = attempts.first().toObject();
        QCOMPARE(removal.value(QStringLiteral("action")).toString(), QStringLiteral("dnc_remove"));
        QCOMPARE(removal.value(QStringLiteral("recipient")).toString(), QStringLiteral("+13055550123"));
        QCOMPARE(removal.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("customer asked to be called"));
        QCOMPARE(removal.value(QStringLiteral("actor")).toString(), QStringLiteral("tester"));
        QVERIFY(removal.value(QStringLiteral("vendor")).isNull());
    }

    void usageErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("not an entry")
                << QStringList{QStringLiteral("dnc"), QStringLiteral("add"), QStringLiteral("call me")};
        QTest::newRow("two entries") << QStringList{QStringLiteral("dnc"), QStringLiteral("add"),
                                                    QStringLiteral("+13055550123"),
                                                    QStringLiteral("+13055550124")};
        QTest::newRow("check nothing") << QStringList{QStringLiteral("dnc"), QStringLiteral("check")};
        QTest::newRow("check a domain") << QStringList{QStringLiteral("dnc"), QStringLiteral("check"),
                                                       QStringLiteral("@example.org")};
        QTest::newRow("import nothing") << QStringList{QStringLiteral("dnc"), QStringLiteral("import")};
        QTest::newRow("export profile")
                << QStringList{QStringLiteral("dnc"), QStringLiteral("export"), QStringLiteral("x.csv"),
                               QStringLiteral("--profile"), QStringLiteral("fancy")};
        QTest::newRow("audit format")
                << QStringList{QStringLiteral("audit"), QStringLiteral("--format"), QStringLiteral("xml")};
        QTest::newRow("audit since") << QStringList{QStringLiteral("audit"), QStringLiteral("--since"),
                                                    QStringLiteral("yesterday")};
    }

    void usageErrorsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        const Run run = cli(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.isEmpty());
    }

    // One invalid row: every one named by its line, exit 2, nothing imported.
    void importIsAllOrNothing()
    {
        const QString bad = writeFile(QStringLiteral("bad.csv"),
                                      "entry,reason\r\n"
                                      "(305) 555-0123,asked\r\n"
                                      "not a number,x\r\n"
                                      "someone@example.com,\r\n");
        const Run refused = cli({QStringLiteral("dnc"), QStringLiteral("import"), bad});
        QCOMPARE(refused.exitCode, 2);
        const QJsonArray problems = refused.json().value(QStringLiteral("problems")).toArray();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.first().toObject().value(QStringLiteral("line")).toInt(), 3);
        QVERIFY(refused.err.contains("line 3"));
        QCOMPARE(listedEntries(), QStringList());

        const QString good = writeFile(QStringLiteral("good.csv"),
                                       "(305) 555-0123,asked\n"
                                       "someone@example.com\n"
                                       "@example.org,whole company\n");
        const Run imported = cli({QStringLiteral("dnc"), QStringLiteral("import"), good});
        QCOMPARE(imported.exitCode, 0);
        QCOMPARE(imported.json().value(QStringLiteral("rows")).toInt(), 3);
        QCOMPARE(imported.json().value(QStringLiteral("added")).toInt(), 3);
        QCOMPARE(listedEntries(),
                 (QStringList{QStringLiteral("+13055550123"), QStringLiteral("@example.org"),
                              QStringLiteral("someone@example.com")}));
    }

    // What `dnc export` writes, `dnc import` reads back as the same list (another machine).
    void exportImportsBack()
    {
        for (const QString &entry : {QStringLiteral("+13055550123"), QStringLiteral("someone@example.com"),
                                     QStringLiteral("@example.org")})
            QCOMPARE(cli({QStringLiteral("dnc"), QStringLiteral("add"), entry}).exitCode, 0);
        const QStringList before = listedEntries();
        QCOMPARE(before.size(), 3);
        const QString path = m_data->filePath(QStringLiteral("export.csv"));
        const Run exported = cli({QStringLiteral("dnc"), QStringLiteral("export"), path});
        QCOMPARE(exported.exitCode, 0);
        QCOMPARE(exported.json().value(QStringLiteral("rows")).toInt(), 3);
        QVERIFY(QFile::exists(path));

        m_data->setAutoRemove(true);
        const std::unique_ptr<QTemporaryDir> first = std::move(m_data);
        m_data = std::make_unique<QTemporaryDir>();
        QCOMPARE(listedEntries(), QStringList());
        QCOMPARE(cli({QStringLiteral("dnc"), QStringLiteral("import"), path}).exitCode, 0);
        QCOMPARE(listedEntries(), before);
    }

    // README promise O6 from a script: every attempt with its outcome, JSON or CSV, since a time.
    void auditPrintsAttemptsWithOutcomes()
    {
        {
            SqliteOutboundStore store(databasePath());
            AuditAttempt old;
            old.at = QDateTime(QDate(2026, 5, 1), QTime(12, 0), Qt::UTC);
            old.vendor = Vendor::UnlimCall;
            old.action = QStringLiteral("call");
            old.recipient = QStringLiteral("+13055550123");
            old.verdict = QStringLiteral("refused");
            old.reasonCode = QStringLiteral("do_not_contact");
            old.reason = QStringLiteral("Listed.");
            QVERIFY(store.appendAttempt(old).ok());
            AuditAttempt recent = old;
            recent.at = QDateTime(QDate(2026, 5, 3), QTime(15, 30), Qt::UTC);
            recent.vendor = Vendor::Verloop;
            recent.action = QStringLiteral("schedule_call");
            recent.recipient = QStringLiteral("+13055550124");
            recent.verdict = QStringLiteral("allowed");
            recent.reasonCode = QStringLiteral("allowed");
            recent.reason.clear();
            recent.overrideReason = QStringLiteral("customer asked for an evening call");
            recent.attemptWeight = 3;
            QVERIFY(store.appendAttempt(recent).ok());
            AuditOutcome accepted;
            accepted.attemptId = recent.id;
            accepted.at = recent.at.addSecs(1);
            accepted.outcome = QStringLiteral("accepted");
            accepted.vendorRef = QStringLiteral("msg-42");
            QVERIFY(store.appendOutcome(accepted).ok());
        }

        const Run all = cli({QStringLiteral("audit")});
        QCOMPARE(all.exitCode, 0);
        QCOMPARE(all.json().value(QStringLiteral("count")).toInt(), 2);
        const QJsonArray attempts = all.json().value(QStringLiteral("attempts")).toArray();
        QCOMPARE(attempts.at(0).toObject().value(QStringLiteral("verdict")).toString(),
                 QStringLiteral("refused"));
        QCOMPARE(attempts.at(0).toObject().value(QStringLiteral("outcomes")).toArray().size(), 0);
        const QJsonObject second = attempts.at(1).toObject();
        QCOMPARE(second.value(QStringLiteral("vendor")).toString(), QStringLiteral("verloop"));
        QCOMPARE(second.value(QStringLiteral("attemptWeight")).toInt(), 3);
        QCOMPARE(second.value(QStringLiteral("overrideReason")).toString(),
                 QStringLiteral("customer asked for an evening call"));
        QCOMPARE(second.value(QStringLiteral("at")).toString(), QStringLiteral("2026-05-03T15:30:00.000Z"));
        const QJsonArray outcomes = second.value(QStringLiteral("outcomes")).toArray();
        QCOMPARE(outcomes.size(), 1);
        QCOMPARE(outcomes.first().toObject().value(QStringLiteral("vendorRef")).toString(),
                 QStringLiteral("msg-42"));

        const Run since =
                cli({QStringLiteral("audit"), QStringLiteral("--since"), QStringLiteral("2026-05-02")});
        QCOMPARE(since.exitCode, 0);
        QCOMPARE(since.json().value(QStringLiteral("count")).toInt(), 1);
        QCOMPARE(since.json()
                         .value(QStringLiteral("attempts"))
                         .toArray()
                         .first()
                         .toObject()
                         .value(QStringLiteral("recipient"))
                         .toString(),
                 QStringLiteral("+13055550124"));

        const Run csv = cli({QStringLiteral("audit"), QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(csv.exitCode, 0);
        QString problem;
        const std::optional<Csv::Records> records = Csv::read(csv.out, &problem);
        QVERIFY2(records.has_value(), qPrintable(problem));
        const QStringList header = records->header;
        QCOMPARE(records->rows.size(), 2);
        const auto cell = [&](int row, const QString &key) {
            return records->rows.at(row).value(header.indexOf(key));
        };
        QCOMPARE(cell(0, QStringLiteral("recipient")), QStringLiteral("+13055550123"));
        QCOMPARE(cell(0, QStringLiteral("reasonCode")), QStringLiteral("do_not_contact"));
        QCOMPARE(cell(0, QStringLiteral("outcome")), QString());
        QCOMPARE(cell(1, QStringLiteral("vendor")), QStringLiteral("verloop"));
        QCOMPARE(cell(1, QStringLiteral("outcome")), QStringLiteral("accepted"));
        QCOMPARE(cell(1, QStringLiteral("vendorRef")), QStringLiteral("msg-42"));
        QCOMPARE(cell(1, QStringLiteral("at")), QStringLiteral("2026-05-03T15:30:00.000Z"));
    }

    // A list that cannot be read is never reported as "not listed".
    void unreadableListIsNotAnAnswer()
    {
        QFile blocker(m_data->filePath(QStringLiteral("CampaignConsole")));
        QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the data folder should be
        blocker.close();
        const Run check =
                cli({QStringLiteral("dnc"), QStringLiteral("check"), QStringLiteral("+13055550123")});
        QCOMPARE(check.exitCode, 3);
        QVERIFY(!check.json().contains(QStringLiteral("listed")));
        QCOMPARE(cli({QStringLiteral("audit")}).exitCode, 3);
        QCOMPARE(cli({QStringLiteral("dnc"), QStringLiteral("add"), QStringLiteral("+13055550123")}).exitCode,
                 3);
    }
};

CC_TEST_GUILESS_MAIN(TestOutboundCli)
#include "tst_outboundcli.moc"
