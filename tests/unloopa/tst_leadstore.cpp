#include "TestMain.h"

#include "store/LeadStore.h"
#include "table/RecordTableLoader.h"
#include "table/RecordTableModel.h"

#include <QAbstractItemModelTester>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>

#ifndef CC_LEADSTORE_WRITER
#error "CC_LEADSTORE_WRITER must name the writer helper"
#endif

namespace {

UnloopaLead makeLead(int n)
{
    UnloopaLead l;
    l.id = QStringLiteral("lead-%1").arg(n, 6, 10, QLatin1Char('0'));
    l.businessName = n % 7 == 0 ? QStringLiteral("=SUM(A1) Plumbing %1").arg(n)
                                : QStringLiteral("Müller Sanitär %1").arg(n);
    l.city = n % 2 ? QStringLiteral("München") : QStringLiteral("Miami");
    l.industry = QStringLiteral("Plumber");
    l.phone = n % 5 ? QStringLiteral("+1305555%1").arg(n % 10000, 4, 10, QLatin1Char('0')) : QString();
    l.phoneAsReceived = l.phone;
    l.email = n % 3 ? QStringLiteral("info%1@example.com").arg(n) : QString();
    if (n % 4)
        l.rating = 3.0 + (n % 20) / 10.0;
    l.reviews = n * 3;
    l.url = QUrl(QStringLiteral("https://unlora.com/lead-%1").arg(n));
    l.language = QStringLiteral("en");
    l.videoStatus = n % 6 == 0 ? QStringLiteral("completed") : QString();
    l.createdAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(n * 60);
    l.instagram = QUrl(QStringLiteral("https://instagram.com/x%1").arg(n));
    return l;
}

} // namespace

// The Leads page's memory: migrations, upserts that keep what they should, reads for the detail
// pane and job resumption, the loader SQL feeding the one table model, and durability when the
// writing process is killed (README promise D1).
class TestLeadStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_dbCounter = 0;

    QString newPath() { return m_dir.filePath(QStringLiteral("leads-%1.sqlite").arg(++m_dbCounter)); }

    static bool openMigrated(Database &db)
    {
        db.registerMigrations(LeadStore::component(), LeadStore::migrations());
        return db.open().ok() && db.migrate().ok();
    }

private Q_SLOTS:
    void migrationsApplyOnce()
    {
        const QString path = newPath();
        {
            Database db(path);
            QVERIFY(openMigrated(db));
            QCOMPARE(db.schemaVersion(LeadStore::component()), LeadStore::migrations().last().version);
            LeadStore store(&db);
            QVERIFY(store.saveLeads({makeLead(1)}).ok());
        }
        Database again(path);
        QVERIFY(openMigrated(again)); // nothing pending, nothing lost
        QCOMPARE(LeadStore(&again).leadCount(), 1);
        QVERIFY(QFile::permissions(path) & QFileDevice::ReadOwner);
        QVERIFY(!(QFile::permissions(path) & QFileDevice::ReadOther));
    }

    void leadRoundTrip()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        LeadStore store(&db);
        const UnloopaLead in = makeLead(7);
        QVERIFY(store.saveLeads({in}, QStringLiteral("job-1")).ok());
        const auto out = store.lead(in.id);
        QVERIFY(out);
        QCOMPARE(out->businessName, in.businessName);
        QCOMPARE(out->city, in.city);
        QCOMPARE(out->phone, in.phone);
        QCOMPARE(out->email, in.email);
        QCOMPARE(out->rating, in.rating);
        QCOMPARE(out->reviews, in.reviews);
        QCOMPARE(out->url, in.url);
        QCOMPARE(out->createdAt, in.createdAt);
        QCOMPARE(out->instagram, in.instagram);
        QVERIFY(!out->hasDetail);
        QVERIFY(!store.lead(QStringLiteral("missing")));
    }

    void upsertKeepsJobAndDetail()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        LeadStore store(&db);
        UnloopaLead lead = makeLead(3);
        QVERIFY(store.saveLeads({lead}, QStringLiteral("job-7")).ok());
        lead.slug = QStringLiteral("mueller-3");
        UnloopaExistingWebsite existing;
        existing.url = QUrl(QStringLiteral("https://www.mueller.example"));
        existing.pagespeedScore = 42;
        existing.loadTimeSeconds = 3.5;
        existing.mobileOptimized = false;
        lead.existingWebsite = existing;
        QVERIFY(store.saveLeadDetail(lead).ok());

        // A later list page (no job filter, no detail) updates the row but keeps both.
        UnloopaLead listed = makeLead(3);
        listed.email = QStringLiteral("new@example.com");
        QVERIFY(store.saveLeads({listed}).ok());
        const auto out = store.lead(lead.id);
        QVERIFY(out);
        QCOMPARE(out->email, QStringLiteral("new@example.com"));
        QVERIFY(out->hasDetail);
        QCOMPARE(out->slug, QStringLiteral("mueller-3"));
        QVERIFY(out->existingWebsite);
        QCOMPARE(out->existingWebsite->pagespeedScore, std::optional<int>(42));
        QCOMPARE(out->existingWebsite->mobileOptimized, std::optional<bool>(false));
        QSqlQuery q = db.query();
        QVERIFY(q.exec(QStringLiteral("SELECT job_id FROM unloopa_leads WHERE id='lead-000003'")) &&
                q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("job-7"));

        // A detail without an existing website records "none", not "unknown".
        UnloopaLead other = makeLead(4);
        other.slug = QStringLiteral("x");
        QVERIFY(store.saveLeadDetail(other).ok());
        QVERIFY(store.lead(other.id)->hasDetail);
        QVERIFY(!store.lead(other.id)->existingWebsite);
    }

    void jobsKeepProgressAndResume()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        LeadStore store(&db);
        UnloopaJob running;
        running.jobId = QStringLiteral("job-a");
        running.command = QStringLiteral("plumbers in Miami");
        running.status = QStringLiteral("processing");
        running.progress = 60;
        running.currentStep = QStringLiteral("Enriching emails...");
        running.steps = {{QStringLiteral("scraping"), QStringLiteral("completed"),
                          QStringLiteral("Found 5 leads"), 5}};
        running.leadsScraped = 5;
        running.createdAt = QDateTime::currentDateTimeUtc();
        UnloopaJob oldDone;
        oldDone.jobId = QStringLiteral("job-b");
        oldDone.command = QStringLiteral("roofers in Denver");
        oldDone.status = QStringLiteral("completed");
        oldDone.createdAt = running.createdAt.addDays(-3);
        QVERIFY(store.saveJobs({running, oldDone}).ok());
        QCOMPARE(store.unfinishedJobs(), QStringList{QStringLiteral("job-a")});
        QVERIFY(store.isJobNotified(QStringLiteral("job-b"))); // history is not news
        QVERIFY(!store.isJobNotified(QStringLiteral("job-a")));

        // The history list (no progress, no steps) does not wipe what the poll stored.
        UnloopaJob listed;
        listed.jobId = running.jobId;
        listed.command = running.command;
        listed.status = QStringLiteral("processing");
        listed.createdAt = running.createdAt;
        QVERIFY(store.saveJobs({listed}).ok());
        auto out = store.job(running.jobId);
        QVERIFY(out);
        QCOMPARE(out->progress, 60);
        QCOMPARE(out->currentStep, running.currentStep);
        QCOMPARE(out->steps.size(), 1);
        QCOMPARE(out->steps.first().count, 5);
        QCOMPARE(out->leadsScraped, 5);

        // In the jobs table a count the API did not send is blank, not 0.
        const RecordTable rows = LeadStore::jobRows({*out, listed, oldDone});
        const int leads = LeadStore::jobSchema().indexOf(u"leadsScraped");
        const int progress = LeadStore::jobSchema().indexOf(u"progress");
        QCOMPARE(rows.integer(0, leads), 5);
        QVERIFY(rows.isNull(1, leads));
        QVERIFY(rows.isNull(1, progress));
        QVERIFY(rows.isNull(2, leads));
        QVERIFY(!rows.isNull(2, progress)); // completed: 100 % whatever the list says

        // It finishes: no longer resumed, announced once.
        running.status = QStringLiteral("completed");
        running.progress = 100;
        QVERIFY(store.saveJobs({running}).ok());
        QVERIFY(store.unfinishedJobs().isEmpty());
        QVERIFY(!store.isJobNotified(running.jobId));
        QVERIFY(store.markJobNotified(running.jobId).ok());
        QVERIFY(store.isJobNotified(running.jobId));
    }

    void quotaAndSyncTimes()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        LeadStore store(&db);
        QVERIFY(!store.quota());
        QVERIFY(!store.lastSynced(QStringLiteral("leads")).isValid());
        UnloopaQuota quota;
        quota.plan = QStringLiteral("pro");
        quota.websites = {150, 5000, 4850};
        quota.videoEnabled = true;
        quota.resetsAt = QDateTime(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC);
        quota.upgradeUrl = QUrl(QStringLiteral("https://whop.com/unloopa/"));
        quota.voiceCreditLinks = {
                {QStringLiteral("50_credits_$10"), QUrl(QStringLiteral("https://whop.com/a/"))}};
        QVERIFY(store.saveQuota(quota).ok());
        const auto back = store.quota();
        QVERIFY(back);
        QCOMPARE(back->plan, quota.plan);
        QCOMPARE(back->websites.remaining, 4850);
        QCOMPARE(back->resetsAt, quota.resetsAt);
        QCOMPARE(back->upgradeUrl, quota.upgradeUrl);
        QCOMPARE(back->voiceCreditLinks.size(), 1);
        const QDateTime when = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
        QVERIFY(store.setLastSynced(QStringLiteral("leads"), when).ok());
        QCOMPARE(store.lastSynced(QStringLiteral("leads")), when);
    }

    void loaderFeedsTheTableModel()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        LeadStore store(&db);
        QList<UnloopaLead> leads;
        for (int i = 0; i < 500; ++i)
            leads.append(makeLead(i));
        QVERIFY(store.saveLeads(leads).ok());

        RecordTableModel model(LeadStore::leadSchema());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RecordTableLoader loader;
        loader.setBatchSizes(50, 200);
        QSignalSpy finished(&loader, &RecordTableLoader::finished);
        QVERIFY(loader.start(&model, db.path(), LeadStore::leadsSql()));
        QVERIFY(finished.wait(60'000));
        QVERIFY(finished.first().first().value<StoreStatus>().ok());
        QVERIFY(model.waitForIdle());
        QCOMPARE(model.rowCount(), 500);

        // Rows loaded from the store equal rows built from the API objects.
        const RecordTable fromApi = LeadStore::leadRows(leads);
        const RecordSchema &schema = model.schema();
        for (int c = 0; c < schema.columnCount(); ++c) {
            if (schema.column(c).key == QLatin1String("jobId"))
                continue;
            for (int r : {0, 1, 6, 7, 250, 499}) {
                const int loadedRow = model.table().findRow(QStringView(fromApi.text(r, 0)));
                QVERIFY(loadedRow >= 0);
                QCOMPARE(model.table().value(loadedRow, c), fromApi.value(r, c));
            }
        }

        // Merging a fresh API page upserts by id: no duplicate rows.
        QList<UnloopaLead> page{makeLead(1), makeLead(10'001)};
        page[0].email = QStringLiteral("changed@example.com");
        model.mergeRows(LeadStore::leadRows(page));
        QVERIFY(model.waitForIdle());
        QCOMPARE(model.rowCount(), 501);
        const int row = model.table().findRow(QStringView(u"lead-000001"));
        QCOMPARE(model.table().text(row, schema.indexOf(u"email")), QStringLiteral("changed@example.com"));

        // Sorting and filtering through the model stays conformant.
        model.sort(schema.indexOf(u"rating"), Qt::DescendingOrder);
        model.setFilter(RecordFilter{QStringLiteral("müller"), {}, {}});
        QVERIFY(model.waitForIdle());
        QVERIFY(model.rowCount() > 0 && model.rowCount() < 501);
    }

    void websitesAndJobsLoad()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        LeadStore store(&db);
        UnloopaWebsite w;
        w.id = QStringLiteral("w1");
        w.url = QUrl(QStringLiteral("https://unlora.com/acme"));
        w.slug = QStringLiteral("acme");
        w.businessName = QStringLiteral("Acme");
        w.phone = QStringLiteral("+13055550100");
        w.createdAt = QDateTime::currentDateTimeUtc();
        QVERIFY(store.saveWebsites({w}).ok());
        RecordTable websites(LeadStore::websiteSchema());
        QVERIFY(RecordTableLoader::loadAll(websites, db.path(), LeadStore::websitesSql()).ok());
        QCOMPARE(websites.rowCount(), 1);
        QCOMPARE(websites.text(0, LeadStore::websiteSchema().indexOf(u"url")), w.url.toString());

        UnloopaJob j;
        j.jobId = QStringLiteral("j1");
        j.command = QStringLiteral("x in y");
        j.status = QStringLiteral("failed");
        j.error = QStringLiteral("No location");
        QVERIFY(store.saveJobs({j}).ok());
        RecordTable jobs(LeadStore::jobSchema());
        QVERIFY(RecordTableLoader::loadAll(jobs, db.path(), LeadStore::jobsSql()).ok());
        QCOMPARE(jobs.rowCount(), 1);
        QCOMPARE(jobs.text(0, LeadStore::jobSchema().indexOf(u"error")), j.error);
    }

    // README promise D1: a writer killed mid-write loses nothing it reported as committed.
    void killedWriterLosesNothingCommitted()
    {
        const QString path = newPath();
        QProcess writer;
        writer.setProgram(QStringLiteral(CC_LEADSTORE_WRITER));
        writer.setArguments({path});
        writer.start();
        QVERIFY(writer.waitForStarted());
        int committed = 0;
        QByteArray buffer;
        while (committed < 2000 && writer.state() == QProcess::Running) {
            if (!writer.waitForReadyRead(60'000))
                break;
            buffer += writer.readAllStandardOutput();
            while (buffer.contains('\n')) {
                const int nl = int(buffer.indexOf('\n'));
                const QByteArray line = buffer.left(nl);
                buffer.remove(0, nl + 1);
                if (line.startsWith("committed "))
                    committed = line.mid(10).toInt();
            }
        }
        QVERIFY2(committed > 0, writer.readAllStandardError().constData());
        writer.kill(); // SIGKILL: no chance to flush anything
        QVERIFY(writer.waitForFinished(60'000));
        // Whatever it printed after our last read was committed too; count what we saw.
        buffer += writer.readAllStandardOutput();
        for (const QByteArray &line : buffer.split('\n')) {
            if (line.startsWith("committed "))
                committed = qMax(committed, line.mid(10).toInt());
        }

        Database db(path);
        QVERIFY(openMigrated(db));
        QVERIFY(db.integrityCheck().ok());
        LeadStore store(&db);
        QVERIFY2(store.leadCount() >= committed,
                 qPrintable(QStringLiteral("%1 rows, %2 reported committed")
                                    .arg(store.leadCount())
                                    .arg(committed)));
        QCOMPARE(store.leadCount() % 50, 0); // whole batches only: a transaction is all or nothing
    }
};

CC_TEST_GUILESS_MAIN(TestLeadStore)
#include "tst_leadstore.moc"
