// campaign-console-cli's Leads commands as a script runs them: the built program against a
// sandbox in this process (so the test can set the plan, the quota and the job pace), URL and key
// from the environment.

#include "CliHarness.h"
#include "TestMain.h"

#include "UnloopaTestSupport.h"
#include "phone/PhoneNumbers.h"
#include "sandbox/UnloopaSandbox.h"

#include <algorithm>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

using CliHarness::Run;

class TestUnloopaCli : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;
    QTemporaryDir m_dir;
    QList<QByteArray> m_outputs;

    UnloopaSandbox *module() const { return m_rig->sandbox->unloopa(); }

    // Runs the CLI while this process's event loop keeps serving the sandbox.
    Run run(const QStringList &arguments)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        CliHarness::addVendorUrl(env, Vendor::Unloopa, m_rig->sandbox->baseUrl(Vendor::Unloopa).toString());
        CliHarness::addDemoCredentials(env, Vendor::Unloopa);
        const Run r = CliHarness::run(arguments, env, CliHarness::Wait::ServingEvents);
        m_outputs << r.out << r.err;
        return r;
    }

    // What the console must show as each lead's phone: the sandbox's number as the vendor sends
    // it, in E.164, or nothing when it is no phone number ("call for quote") or missing.
    QHash<QString, QString> expectedPhones() const
    {
        QHash<QString, QString> phones;
        for (const UnloopaSandbox::Lead &lead : module()->leads())
            phones.insert(lead.id, PhoneNumbers::toE164(lead.phone).value_or(QString()));
        return phones;
    }

    QSet<QString> serverIds(const UnloopaLeadFilter &filter)
    {
        UnloopaPagedFetch fetch(m_rig->service, UnloopaPagedFetch::What::Leads, filter);
        QSet<QString> ids;
        connect(&fetch, &UnloopaPagedFetch::leadsPage, this, [&ids](const QList<UnloopaLead> &page) {
            for (const UnloopaLead &lead : page)
                ids.insert(lead.id);
        });
        QSignalSpy done(&fetch, &UnloopaPagedFetch::finished);
        fetch.start();
        (void)done.wait(300'000);
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_rig = std::make_unique<UnloopaRig>(250, this);
        QVERIFY(m_rig->started);
        module()->setStepDuration(20);
        module()->setCommandRateLimit(0);
    }

    void init()
    {
        module()->setPlan(UnloopaSandbox::Plan::Pro);
        module()->setWebsitesUsed(40);
        m_rig->sandbox->clearRequests();
    }

    void leadsListJsonFetchesEveryPage()
    {
        const Run r = run({QStringLiteral("leads"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray leads = r.json().value(QLatin1String("leads")).toArray();
        QCOMPARE(leads.size(), module()->leadCount());
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "GET", QStringLiteral("/leads")),
                 3); // 100 + 100 + 50
        QVERIFY(r.err.contains("250 leads."));
        const QHash<QString, QString> expected = expectedPhones();
        int withPhone = 0;
        for (const QJsonValue &v : leads) {
            const QString id = v.toObject().value(QLatin1String("id")).toString();
            const QString phone = v.toObject().value(QLatin1String("phone")).toString();
            QVERIFY2(expected.contains(id), qPrintable(id));
            QCOMPARE(phone, expected.value(id));
            withPhone += !phone.isEmpty();
        }
        QVERIFY(withPhone > 0);
        QVERIFY(withPhone < leads.size()); // the sandbox's junk numbers are among them
    }

    // Two leads arrive (a job finishes) after the export read its first page: every later page
    // shifts by two. The file still holds each lead that existed when the export started once.
    void leadsExportWhileLeadsArrive()
    {
        const QSet<QString> existing = serverIds({});
        QCOMPARE(existing.size(), 250);
        module()->addLeadsWhilePaging(QStringLiteral("/leads"), 1, 2);
        const QString path = m_dir.filePath(QStringLiteral("arriving.csv"));
        const Run r = run({QStringLiteral("leads"), QStringLiteral("export"), QStringLiteral("--profile"),
                           QStringLiteral("machine"), QStringLiteral("--output"), path});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(module()->leadCount(), 252); // the two did arrive
        const QJsonArray rows = readCsvWithPython(path).value(QLatin1String("rows")).toArray();
        QVERIFY(!rows.isEmpty());
        QCOMPARE(rows.first().toArray().first().toString(), QStringLiteral("id"));
        QStringList ids;
        for (int i = 1; i < rows.size(); ++i)
            ids << rows.at(i).toArray().first().toString();
        const QSet<QString> distinct(ids.cbegin(), ids.cend());
        QCOMPARE(ids.size(), 250); // today's pager wrote 252
        QCOMPARE(distinct.size(), ids.size());
        QCOMPARE(distinct, existing);
        QCOMPARE(r.json().value(QLatin1String("rows")).toInt(), 250);
    }

    void leadsListFilters()
    {
        const Run r = run({QStringLiteral("leads"), QStringLiteral("list"), QStringLiteral("--has-email"),
                           QStringLiteral("--min-rating"), QStringLiteral("4"), QStringLiteral("--search"),
                           QStringLiteral("a")});
        QCOMPARE(r.exitCode, 0);
        QSet<QString> got;
        for (const QJsonValue &v : r.json().value(QLatin1String("leads")).toArray())
            got.insert(v.toObject().value(QLatin1String("id")).toString());
        UnloopaLeadFilter filter;
        filter.hasEmail = true;
        filter.minRating = 4;
        filter.search = QStringLiteral("a");
        const QSet<QString> expected = serverIds(filter);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(got, expected);
    }

    void leadsListCsv()
    {
        const Run r = run({QStringLiteral("leads"), QStringLiteral("list"), QStringLiteral("--format"),
                           QStringLiteral("csv")});
        QCOMPARE(r.exitCode, 0);
        const QString path = m_dir.filePath(QStringLiteral("stdout.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(r.out);
        file.close();
        const QJsonObject csv = readCsvWithPython(path);
        QVERIFY(!csv.value(QLatin1String("bom")).toBool());
        const QJsonArray rows = csv.value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), module()->leadCount() + 1);
        QCOMPARE(rows.first().toArray().first().toString(), QStringLiteral("id"));
    }

    void leadsExportProfiles()
    {
        const QString spreadsheet = m_dir.filePath(QStringLiteral("leads.csv"));
        Run r = run(
                {QStringLiteral("leads"), QStringLiteral("export"), QStringLiteral("--output"), spreadsheet});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QLatin1String("rows")).toInt(), module()->leadCount());
        QCOMPARE(QFile::permissions(spreadsheet) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        QJsonObject csv = readCsvWithPython(spreadsheet);
        QVERIFY(csv.value(QLatin1String("bom")).toBool());
        QJsonArray rows = csv.value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), module()->leadCount() + 1);
        const QJsonArray header = rows.first().toArray();
        QVERIFY(header.contains(QStringLiteral("Business")));
        const int nameAt =
                int(std::find(header.begin(), header.end(), QJsonValue(QStringLiteral("Business"))) -
                    header.begin());
        const int phoneAt = int(std::find(header.begin(), header.end(), QJsonValue(QStringLiteral("Phone"))) -
                                header.begin());
        int neutralised = 0;
        QStringList exportedPhones;
        for (int i = 1; i < rows.size(); ++i) {
            const QJsonArray row = rows.at(i).toArray();
            const QString name = row.at(nameAt).toString();
            QVERIFY2(!name.startsWith(QLatin1Char('=')) && !name.startsWith(QLatin1Char('+')) &&
                             !name.startsWith(QLatin1Char('@')) && !name.startsWith(QLatin1Char('-')),
                     qPrintable(name));
            neutralised += name.startsWith(QLatin1Char('\''));
            exportedPhones << row.at(phoneAt).toString();
        }
        Q_UNUSED(neutralised);
        // Every lead's E.164 number, protected from spreadsheet formulas by a leading quote.
        QStringList expectedProtected;
        for (const QString &e164 : expectedPhones())
            expectedProtected << (e164.isEmpty() ? QString() : QLatin1Char('\'') + e164);
        std::sort(expectedProtected.begin(), expectedProtected.end());
        std::sort(exportedPhones.begin(), exportedPhones.end());
        QCOMPARE(exportedPhones, expectedProtected);
        QVERIFY(!expectedProtected.constLast().isEmpty());

        const QString machine = m_dir.filePath(QStringLiteral("leads-raw.csv"));
        r = run({QStringLiteral("leads"), QStringLiteral("export"), QStringLiteral("-o"), machine,
                 QStringLiteral("--profile"), QStringLiteral("machine"), QStringLiteral("--has-phone")});
        QCOMPARE(r.exitCode, 0);
        csv = readCsvWithPython(machine);
        QVERIFY(!csv.value(QLatin1String("bom")).toBool());
        rows = csv.value(QLatin1String("rows")).toArray();
        const int phoneRaw = int(rows.first().toArray().toVariantList().indexOf(QStringLiteral("phone")));
        QVERIFY(phoneRaw >= 0);
        int e164 = 0;
        for (int i = 1; i < rows.size(); ++i)
            e164 += rows.at(i).toArray().at(phoneRaw).toString().startsWith(QLatin1Char('+'));
        QVERIFY(e164 > 0); // raw E.164, unprotected
    }

    void commandWaitsForTheJob()
    {
        const Run r = run({QStringLiteral("command"), QStringLiteral("Find 50 florists in Paris"),
                           QStringLiteral("--max-results"), QStringLiteral("4"), QStringLiteral("--interval"),
                           QStringLiteral("0.02"), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject job = r.json();
        QCOMPARE(job.value(QLatin1String("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(job.value(QLatin1String("result")).toObject().value(QLatin1String("leads_scraped")).toInt(),
                 4);
        QVERIFY(r.err.contains("started"));
        QVERIFY(r.err.contains("%]"));
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 1);

        const Run leads = run({QStringLiteral("leads"), QStringLiteral("list"), QStringLiteral("--job-id"),
                               job.value(QLatin1String("job_id")).toString()});
        QCOMPARE(leads.json().value(QLatin1String("total")).toInt(), 4);
    }

    void commandNoWaitAndJobs()
    {
        Run r = run({QStringLiteral("command"), QStringLiteral("gyms in Boston"), QStringLiteral("--no-wait"),
                     QStringLiteral("--max-results"), QStringLiteral("2"), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 0);
        const QString id = r.json().value(QLatin1String("job_id")).toString();
        QVERIFY(!id.isEmpty());
        r = run({QStringLiteral("jobs"), id});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QLatin1String("job_id")).toString(), id);
        QVERIFY(r.json().contains(QStringLiteral("steps")));
        r = run({QStringLiteral("jobs"), QStringLiteral("--limit"), QStringLiteral("5")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QLatin1String("jobs")).toArray().size(), 5);
        QCOMPARE(r.json().value(QLatin1String("total")).toInt(), module()->jobCount());
        r = run({QStringLiteral("jobs"), QStringLiteral("--all")});
        QCOMPARE(r.json().value(QLatin1String("jobs")).toArray().size(), module()->jobCount());
        r = run({QStringLiteral("jobs"), QStringLiteral("00000000-0000-4000-8000-000000000000")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
                 QStringLiteral("not_found"));
    }

    void commandErrorsExitWithOneAndLinks()
    {
        module()->setPlan(UnloopaSandbox::Plan::Free);
        Run r = run({QStringLiteral("command"), QStringLiteral("plumbers in Miami"),
                     QStringLiteral("--with-video"), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject error = r.json().value(QLatin1String("error")).toObject();
        QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("plan_required"));
        QCOMPARE(error.value(QLatin1String("links")).toObject().value(QLatin1String("upgrade")).toString(),
                 QStringLiteral("https://whop.com/unloopa/"));
        QVERIFY(r.err.contains("https://whop.com/unloopa/"));

        module()->setPlan(UnloopaSandbox::Plan::Pro);
        module()->setWebsitesUsed(module()->websitesLimit());
        r = run({QStringLiteral("command"), QStringLiteral("plumbers in Miami"), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
                 QStringLiteral("quota_exceeded"));
        QVERIFY(r.err.contains("resets"));
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 2);

        module()->setWebsitesUsed(40);
        r = run({QStringLiteral("command"), QStringLiteral("find some plumbers"),
                 QStringLiteral("--interval"), QStringLiteral("0.02"), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 1); // the job failed
        QCOMPARE(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
                 QStringLiteral("job_failed"));
    }

    void usageErrorsExitWithTwo()
    {
        QCOMPARE(run({QStringLiteral("leads"), QStringLiteral("list"), QStringLiteral("--video-status"),
                      QStringLiteral("done")})
                         .exitCode,
                 2);
        QCOMPARE(run({QStringLiteral("leads"), QStringLiteral("list"), QStringLiteral("--min-rating"),
                      QStringLiteral("high")})
                         .exitCode,
                 2);
        QCOMPARE(run({QStringLiteral("leads"), QStringLiteral("export")}).exitCode, 2);
        QCOMPARE(run({QStringLiteral("command"), QStringLiteral("plumbers in Miami"),
                      QStringLiteral("--max-results"), QStringLiteral("0")})
                         .exitCode,
                 2);
        QCOMPARE(run({QStringLiteral("command"), QString(1001, QLatin1Char('x'))}).exitCode, 2);
        // Spending needs the operator's --yes: without it nothing is sent, and the reason says
        // whom Unloopa will email.
        const Run unconfirmed = run({QStringLiteral("command"), QStringLiteral("plumbers in Miami")});
        QCOMPARE(unconfirmed.exitCode, 2);
        QVERIFY2(unconfirmed.err.contains("--yes") && unconfirmed.err.contains("emails the leads"),
                 unconfirmed.err.constData());
        QCOMPARE(run({QStringLiteral("jobs"), QStringLiteral("--limit"), QStringLiteral("101")}).exitCode, 2);
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 0);
    }

    void cleanupTestCase()
    {
        const QByteArray token = SandboxServer::demoToken(Vendor::Unloopa);
        for (const QByteArray &output : std::as_const(m_outputs))
            QVERIFY2(!output.contains(token), "a token reached the CLI's output");
    }
};

CC_TEST_GUILESS_MAIN(TestUnloopaCli)
#include "tst_unloopacli.moc"
