#include "TestMain.h"

#include "UnloopaTestSupport.h"
#include "controllers/LeadsController.h"
#include "export/CsvExporter.h"
#include "sandbox/UnloopaSandbox.h"
#include "table/RecordTableModel.h"
#include "unloopa/UnloopaJobPoller.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>

#define AWAIT(T, call) awaitResult<T>([&](auto done) { call; })

// The Leads page's logic without widgets: the store first, then Unloopa; the shared table models
// under QAbstractItemModelTester; local filters that agree with the server's; jobs resumed after
// a restart and announced once; and the offline path — populate, stop the sandbox, restart,
// browse, filter and export what was stored.
class TestLeadsController : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;
    QTemporaryDir m_dir;
    QString m_dbPath;

    UnloopaSandbox *module() const { return m_rig->sandbox->unloopa(); }

    std::unique_ptr<Database> openDb()
    {
        auto db = std::make_unique<Database>(m_dbPath);
        const StoreStatus s = LeadsController::openDatabase(*db);
        return s.ok() ? std::move(db) : nullptr;
    }

    // Waits until the controller has loaded the store and finished refreshing.
    static bool settle(LeadsController &c)
    {
        return QTest::qWaitFor(
                [&c] {
                    return c.isLoaded() && !c.isRefreshing() && !c.leads()->isBusy() && !c.jobs()->isBusy() &&
                            !c.websites()->isBusy();
                },
                300'000);
    }

    QList<UnloopaLead> serverLeads(const UnloopaLeadFilter &filter)
    {
        UnloopaPagedFetch fetch(m_rig->service, UnloopaPagedFetch::What::Leads, filter);
        QList<UnloopaLead> leads;
        connect(&fetch, &UnloopaPagedFetch::leadsPage, this,
                [&leads](const QList<UnloopaLead> &page) { leads += page; });
        QSignalSpy finished(&fetch, &UnloopaPagedFetch::finished);
        fetch.start();
        if (!finished.wait(300'000))
            return {};
        return leads;
    }

    static QSet<QString> visibleIds(const RecordTableModel *model)
    {
        QSet<QString> ids;
        for (const int row : model->visibleRows())
            ids.insert(model->table().text(row, 0));
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<UnloopaJob>();
        qRegisterMetaType<ApiError>();
        qRegisterMetaType<UnloopaLead>();
        qRegisterMetaType<StoreStatus>();
        QVERIFY(m_dir.isValid());
        m_dbPath = m_dir.filePath(QStringLiteral("console.sqlite"));
        m_rig = std::make_unique<UnloopaRig>(1000, this);
        QVERIFY(m_rig->started);
        module()->setStepDuration(30);
        module()->setCommandRateLimit(0);
    }

    void populateFromStoreThenServer()
    {
        auto db = openDb();
        QVERIFY(db);
        LeadsController controller(m_rig->service, db.get());
        QAbstractItemModelTester leadsTester(controller.leads(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester jobsTester(controller.jobs(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester websitesTester(controller.websites(),
                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&controller, &LeadsController::jobFinished);
        QSignalSpy quota(&controller, &LeadsController::quotaChanged);
        controller.open();
        QVERIFY(settle(controller));

        QCOMPARE(controller.leads()->rowCount(), module()->leadCount());
        QCOMPARE(controller.store()->leadCount(), module()->leadCount());
        QCOMPARE(controller.jobs()->rowCount(), module()->jobCount());
        const int withWebsite =
                int(std::count_if(module()->leads().cbegin(), module()->leads().cend(),
                                  [](const UnloopaSandbox::Lead &l) { return l.websiteGenerated; }));
        QCOMPARE(controller.websites()->rowCount(), withWebsite);
        QVERIFY(quota.size() >= 1);
        QVERIFY(controller.quota().has_value());
        QVERIFY(controller.lastSynced().isValid());
        QVERIFY(!controller.isOffline());
        QCOMPARE(finished.size(), 0); // old history is not news

        // Newest first by default; phones in E.164.
        const RecordTable &table = controller.leads()->table();
        const int created = table.schema().indexOf(u"createdAt");
        const auto &rows = controller.leads()->visibleRows();
        for (size_t i = 1; i < rows.size(); ++i)
            QVERIFY(table.integer(rows[i - 1], created) >= table.integer(rows[i], created));
        const int phone = table.schema().indexOf(u"phone");
        for (int r = 0; r < table.rowCount(); ++r) {
            if (!table.isNull(r, phone))
                QVERIFY(table.text(r, phone).startsWith(QLatin1Char('+')));
        }
    }

    void localFiltersAgreeWithServer_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("city") << QStringLiteral("city=an");
        QTest::newRow("industry") << QStringLiteral("industry=den");
        QTest::newRow("has_phone") << QStringLiteral("has_phone=true");
        QTest::newRow("has_email") << QStringLiteral("has_email=true");
        QTest::newRow("has_website") << QStringLiteral("has_website=true");
        QTest::newRow("has_video") << QStringLiteral("has_video=true");
        QTest::newRow("video_status") << QStringLiteral("video_status=generating");
        QTest::newRow("min_rating") << QStringLiteral("min_rating=4.2");
        QTest::newRow("min_reviews") << QStringLiteral("min_reviews=100");
        QTest::newRow("search") << QStringLiteral("search=smith");
        QTest::newRow("search non-ASCII") << QStringLiteral("search=m%C3%BCller");
        QTest::newRow("created window") << QStringLiteral("created_after=%1&created_before=%2");
        QTest::newRow("combined") << QStringLiteral("has_email=true&min_reviews=10&search=e");
    }

    void localFiltersAgreeWithServer()
    {
        QFETCH(QString, query);
        const QDate today = QDateTime::currentDateTimeUtc().date();
        if (query.contains(QStringLiteral("%1")))
            query = query.arg(today.addDays(-90).toString(Qt::ISODate),
                              today.addDays(-30).toString(Qt::ISODate));
        const auto filter = UnloopaLeadFilter::fromQuery(QUrlQuery(query), nullptr);
        QVERIFY(filter);
        auto db = openDb();
        QVERIFY(db);
        LeadsController controller(m_rig->service, db.get());
        QAbstractItemModelTester tester(controller.leads(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        controller.open(false);
        QVERIFY(settle(controller));
        controller.leads()->setFilter(LeadsController::localFilter(*filter));
        QVERIFY(controller.leads()->waitForIdle());

        QSet<QString> server;
        for (const UnloopaLead &lead : serverLeads(*filter))
            server.insert(lead.id);
        QVERIFY2(!server.isEmpty(), "every filter should match some seeded lead");
        QCOMPARE(visibleIds(controller.leads()), server);
    }

    void submitResumesAfterRestartAndNotifiesOnce()
    {
        module()->setStepDuration(300);
        QString jobId;
        {
            auto db = openDb();
            LeadsController controller(m_rig->service, db.get());
            controller.open(false);
            QVERIFY(settle(controller));
            UnloopaCommandRequest request;
            request.command = QStringLiteral("Find 10 florists in Paris");
            request.maxResults = 6;
            m_rig->sandbox->clearRequests();
            QSignalSpy accepted(&controller, &LeadsController::commandAccepted);
            QVERIFY(controller.submit(request));
            QVERIFY(controller.isSubmitting());
            QVERIFY(!controller.submit(request)); // a double click is ignored
            QVERIFY(accepted.wait(60'000));
            QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 1);
            jobId = accepted.first().first().value<UnloopaCommandAccepted>().jobId;
            QVERIFY(controller.jobs()->table().findRow(QStringView(jobId)) >= 0);
            QVERIFY(controller.store()->unfinishedJobs().contains(jobId));
            // The console closes while the job is processing.
        }
        QVERIFY(module()->isJobRunning(jobId));
        {
            auto db = openDb();
            LeadsController controller(m_rig->service, db.get());
            controller.poller()->setInterval(50);
            QSignalSpy finished(&controller, &LeadsController::jobFinished);
            controller.open(false);
            QVERIFY(controller.poller()->isWatching(jobId)); // resumed
            QVERIFY(finished.wait(120'000));
            QCOMPARE(finished.size(), 1);
            const UnloopaJob job = finished.first().first().value<UnloopaJob>();
            QCOMPARE(job.jobId, jobId);
            QCOMPARE(job.status, QStringLiteral("completed"));
            QVERIFY(settle(controller));
            // Its leads arrived tagged with the job.
            UnloopaLeadFilter byJob;
            byJob.jobId = jobId;
            controller.leads()->setFilter(LeadsController::localFilter(byJob));
            QVERIFY(controller.leads()->waitForIdle());
            QCOMPARE(controller.leads()->rowCount(), 6);
            QVERIFY(controller.store()->unfinishedJobs().isEmpty());
            const int row = controller.jobs()->table().findRow(QStringView(jobId));
            QCOMPARE(controller.jobs()->table().text(row, LeadStore::jobSchema().indexOf(u"status")),
                     QStringLiteral("completed"));
        }
        {
            auto db = openDb();
            LeadsController controller(m_rig->service, db.get());
            QSignalSpy finished(&controller, &LeadsController::jobFinished);
            controller.open(true);
            QVERIFY(settle(controller));
            QCOMPARE(finished.size(), 0); // announced once, ever
        }
        module()->setStepDuration(30);
    }

    void commandErrorsReachTheOperator()
    {
        auto db = openDb();
        LeadsController controller(m_rig->service, db.get());
        controller.open(false);
        QVERIFY(settle(controller));
        module()->setWebsitesUsed(module()->websitesLimit());
        QSignalSpy failed(&controller, &LeadsController::commandFailed);
        QSignalSpy quota(&controller, &LeadsController::quotaChanged);
        UnloopaCommandRequest request;
        request.command = QStringLiteral("plumbers in Miami");
        QVERIFY(controller.submit(request));
        QVERIFY(failed.wait(60'000));
        QCOMPARE(failed.first().first().value<ApiError>().code, QStringLiteral("quota_exceeded"));
        QVERIFY(!controller.isSubmitting());
        QTRY_VERIFY_WITH_TIMEOUT(controller.quota() && controller.quota()->websites.remaining == 0, 60'000);
        module()->setWebsitesUsed(40);
    }

    void leadDetailCachedThenFresh()
    {
        auto db = openDb();
        LeadsController controller(m_rig->service, db.get());
        controller.open(false);
        QVERIFY(settle(controller));
        const QString id = controller.leads()->table().text(controller.leads()->visibleRows().front(), 0);
        QSignalSpy ready(&controller, &LeadsController::leadDetailReady);
        controller.fetchLeadDetail(id);
        QCOMPARE(ready.size(), 1); // the stored copy at once
        QVERIFY(!ready.first().at(1).toBool());
        QVERIFY(ready.wait(60'000));
        QVERIFY(ready.last().at(1).toBool());
        const UnloopaLead fresh = ready.last().first().value<UnloopaLead>();
        QVERIFY(fresh.hasDetail);
        QVERIFY(!fresh.slug.isEmpty());
        QVERIFY(controller.store()->lead(id)->hasDetail);

        QSignalSpy failed(&controller, &LeadsController::leadDetailFailed);
        controller.fetchLeadDetail(QStringLiteral("no-such-lead"));
        QVERIFY(failed.wait(60'000));
        QCOMPARE(failed.first().at(1).value<ApiError>().code, QStringLiteral("not_found"));
    }

    // Must run last: it stops the sandbox.
    void offlineRestartBrowsesFiltersAndExports()
    {
        int stored = 0;
        {
            auto db = openDb();
            stored = LeadStore(db.get()).leadCount();
            QVERIFY(stored >= module()->leadCount());
        }
        m_rig->sandbox->stop();

        auto db = openDb();
        LeadsController controller(m_rig->service, db.get());
        QAbstractItemModelTester tester(controller.leads(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy offline(&controller, &LeadsController::offlineChanged);
        QSignalSpy refreshFailed(&controller, &LeadsController::refreshFailed);
        controller.open(true);
        QVERIFY(settle(controller));
        QCOMPARE(controller.leads()->rowCount(), stored);
        QVERIFY(refreshFailed.size() >= 1);
        QVERIFY(controller.isOffline());
        QVERIFY(!offline.isEmpty());
        QVERIFY(offline.last().at(0).toBool());
        QVERIFY(offline.last().at(1).toDateTime().isValid()); // "last synced at ..."
        QVERIFY(controller.quota().has_value()); // the last known quota, from the store

        // Browse and filter offline.
        UnloopaLeadFilter filter;
        filter.hasEmail = true;
        filter.city = QStringLiteral("a");
        controller.leads()->setFilter(LeadsController::localFilter(filter));
        controller.leads()->sort(LeadStore::leadSchema().indexOf(u"businessName"));
        QVERIFY(controller.leads()->waitForIdle());
        const int shown = controller.leads()->rowCount();
        QVERIFY(shown > 0 && shown < stored);
        // The detail of a stored lead is still shown.
        const QString id = controller.leads()->table().text(controller.leads()->visibleRows().front(), 0);
        QSignalSpy ready(&controller, &LeadsController::leadDetailReady);
        QSignalSpy failed(&controller, &LeadsController::leadDetailFailed);
        controller.fetchLeadDetail(id);
        QCOMPARE(ready.size(), 1);
        QVERIFY(failed.wait(60'000));

        // Export what is shown, read it back independently.
        const QString path = m_dir.filePath(QStringLiteral("offline.csv"));
        const CsvExportResult result =
                CsvExporter::exportModel(*controller.leads(), path, CsvProfile::Machine);
        QVERIFY2(result.status.ok(), qPrintable(result.status.summary()));
        const QJsonObject csv = readCsvWithPython(path);
        QVERIFY(!csv.isEmpty());
        QVERIFY(!csv.value(QLatin1String("bom")).toBool());
        const QJsonArray rows = csv.value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), shown + 1);
        const QJsonArray header = rows.first().toArray();
        QVERIFY(header.contains(QStringLiteral("businessName")));
        const int nameColumn =
                int(std::find(header.begin(), header.end(), QJsonValue(QStringLiteral("businessName"))) -
                    header.begin());
        // In the model's sort order.
        for (int i = 1; i < 5 && i < shown; ++i) {
            const int tableRow = controller.leads()->visibleRows()[size_t(i - 1)];
            QString name = controller.leads()->table().text(tableRow,
                                                            LeadStore::leadSchema().indexOf(u"businessName"));
            if (name.startsWith(QLatin1Char('=')) || name.startsWith(QLatin1Char('+')) ||
                name.startsWith(QLatin1Char('-')) || name.startsWith(QLatin1Char('@')))
                name.prepend(QLatin1Char('\'')); // formula injection neutralised (C2)
            QCOMPARE(rows.at(i).toArray().at(nameColumn).toString(), name);
        }
    }
    // A job finishes while the sync pages the leads (two arrive at the head after the first
    // page): every lead the server listed when the sync started reaches the store once, and the
    // progress counts each once. A sandbox of its own: the two new leads are news to no other test.
    void syncWhileLeadsArriveCountsEachLeadOnce()
    {
        QObject scope;
        UnloopaRig rig(300, &scope);
        QVERIFY(rig.started);
        UnloopaPagedFetch fetch(rig.service, UnloopaPagedFetch::What::Leads);
        QSet<QString> existing;
        connect(&fetch, &UnloopaPagedFetch::leadsPage, this, [&existing](const QList<UnloopaLead> &page) {
            for (const UnloopaLead &lead : page)
                existing.insert(lead.id);
        });
        QSignalSpy listed(&fetch, &UnloopaPagedFetch::finished);
        fetch.start();
        QVERIFY(listed.wait(300'000));
        QCOMPARE(existing.size(), 300);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto db = std::make_unique<Database>(dir.filePath(QStringLiteral("arriving.sqlite")));
        QVERIFY(LeadsController::openDatabase(*db).ok());
        LeadsController controller(rig.service, db.get());
        QSignalSpy progress(&controller, &LeadsController::refreshProgress);
        rig.sandbox->unloopa()->addLeadsWhilePaging(QStringLiteral("/leads"), 1, 2);
        controller.open();
        QVERIFY(settle(controller));
        QCOMPARE(rig.sandbox->unloopa()->leadCount(), 302); // the two did arrive

        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toInt(), 300); // today's pager counted 2 leads twice
        QCOMPARE(controller.store()->leadCount(), 300);
        QCOMPARE(visibleIds(controller.leads()), existing);
    }
};

CC_TEST_GUILESS_MAIN(TestLeadsController)
#include "tst_leadscontroller.moc"
