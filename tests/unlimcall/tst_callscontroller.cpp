#include "TestMain.h"

#include "SandboxFixture.h"

#include "controllers/CallsController.h"
#include "sandbox/UnlimCallSandbox.h"
#include "store/CdrStore.h"
#include "table/RecordTableModel.h"
#include "unlimcall/UnlimCallService.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

// The Calls & costs page's logic without widgets (cc_models only, a QCoreApplication), against the
// sandbox over loopback: retrieval into the store and the records model, the store first on the
// next start, the filter and its totals, the SIP lines, the refresh after a placed call, the
// export guard, "not connected" and offline.
class TestCallsController : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<SandboxFixture> m_sandbox;
    std::unique_ptr<UnlimCallService> m_service;

    QString dbPath(const QString &name) const { return m_dir.filePath(name); }
    UnlimCallSandbox *sandbox() const { return m_sandbox->server()->unlimcall(); }

    // Waits for the next refreshFinished and returns its error.
    static std::optional<ApiError> nextRefresh(QSignalSpy &finished)
    {
        if (finished.isEmpty() && !finished.wait(120'000))
            return std::nullopt;
        return finished.takeFirst().first().value<ApiError>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiError>();
        qRegisterMetaType<CsvExportResult>();
        qRegisterMetaType<StoreStatus>();
        QVERIFY(m_dir.isValid());
        SandboxServer::Options options = SandboxFixture::smallOptions();
        options.unlimcallCdrDays = 30;
        options.unlimcallCdrsPerDay = 300;
        m_sandbox = std::make_unique<SandboxFixture>(options);
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        m_service = std::make_unique<UnlimCallService>(m_sandbox->client(Vendor::UnlimCall));
    }

    void retrievesIntoTheStoreAndTheTable()
    {
        CallsController controller(m_service.get(), dbPath(QStringLiteral("calls.sqlite")));
        QVERIFY(controller.storeProblem().isEmpty());
        QAbstractItemModelTester tester(controller.sipLines(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&controller, &CallsController::windowLoaded);
        QSignalSpy finished(&controller, &CallsController::refreshFinished);
        QSignalSpy totals(&controller, &CallsController::totalsChanged);
        QSignalSpy lines(&controller, &CallsController::linesChanged);

        // An empty store: the window loads nothing, then retrieval fills the table.
        controller.setWindow(CallsController::Window::Last7Days);
        const qint64 before =
                sandbox()->cdrCount(controller.windowRange().first, controller.windowRange().second);
        QVERIFY(loaded.wait(60'000));
        QCOMPARE(loaded.first().first().toLongLong(), 0);
        const auto error = nextRefresh(finished);
        QVERIFY(error);
        QVERIFY2(!error->isError(), qPrintable(error->summary()));
        QVERIFY(controller.records()->waitForIdle());
        const auto range = controller.windowRange();
        const qint64 after = sandbox()->cdrCount(range.first, range.second);
        const qint64 rows = controller.records()->rowCount();
        // Calls keep ending while the test runs: at least what existed before, at most what exists now.
        QVERIFY2(rows >= before && rows <= after && rows > 1000,
                 qPrintable(QStringLiteral("%1 rows, sandbox %2..%3").arg(rows).arg(before).arg(after)));
        QCOMPARE(controller.retrievedRecords(), rows);
        QVERIFY(!controller.isOffline());
        QCOMPARE(controller.store()->cdrCount(range.first, range.second), rows);
        QTRY_VERIFY(!totals.isEmpty() &&
                    controller.totalsText().startsWith(QLocale().toString(rows) + QStringLiteral(" calls")));

        // The SIP lines: from UnlimCall once opened, and kept in the store.
        controller.open();
        QVERIFY(lines.wait(60'000));
        QVERIFY(lines.last().first().toInt() > 0);
        QCOMPARE(controller.sipLines()->rowCount(), lines.last().first().toInt());
        QCOMPARE(controller.store()->agents().size(), controller.sipLines()->rowCount());
    }

    void nextStartShowsTheStoreBeforeAnyRequest()
    {
        CallsController first(m_service.get(), dbPath(QStringLiteral("calls.sqlite")));
        const qint64 stored = first.store()->cdrCount();
        QVERIFY(stored > 1000);
        QVERIFY(first.sipLines()->rowCount() > 0); // the lines come from the store at once

        // Without credentials the window still loads everything stored, and says it cannot refresh.
        UnlimCallService offline(m_sandbox->clientWithToken(Vendor::UnlimCall, {}));
        CallsController controller(&offline, dbPath(QStringLiteral("calls.sqlite")));
        QSignalSpy loaded(&controller, &CallsController::windowLoaded);
        QSignalSpy notConnected(&controller, &CallsController::notConnected);
        QSignalSpy started(&controller, &CallsController::refreshStarted);
        m_sandbox->server()->clearRequests();
        controller.setWindow(CallsController::Window::Last7Days);
        QVERIFY(loaded.wait(60'000));
        QVERIFY(controller.records()->waitForIdle());
        const auto range = controller.windowRange();
        QCOMPARE(loaded.first().first().toLongLong(),
                 controller.store()->cdrCount(range.first, range.second));
        QCOMPARE(qint64(controller.records()->rowCount()), loaded.first().first().toLongLong());
        controller.refresh();
        QCOMPARE(notConnected.count(), 1);
        QCOMPARE(started.count(), 0);
        QCOMPARE(m_sandbox->server()->requestCount(Vendor::UnlimCall, "GET", QStringLiteral("/cdrs")), 0);
    }

    void filterNarrowsTheTableAndTheTotals()
    {
        UnlimCallService offline(m_sandbox->clientWithToken(Vendor::UnlimCall, {}));
        CallsController controller(&offline, dbPath(QStringLiteral("calls.sqlite")));
        QSignalSpy loaded(&controller, &CallsController::windowLoaded);
        controller.setWindow(CallsController::Window::Last7Days);
        QVERIFY(loaded.wait(60'000));
        QVERIFY(controller.records()->waitForIdle());
        const QStringList countries = controller.filterChoices(CdrStore::Country);
        QVERIFY(countries.size() > 1);
        const QString country = countries.first();
        const RecordTable &table = controller.records()->table();
        int expected = 0;
        for (int r = 0; r < table.rowCount(); ++r)
            expected += table.text(r, CdrStore::Country) == country ? 1 : 0;
        QVERIFY(expected > 0 && expected < table.rowCount());

        // The filter applies, and the totals follow it.
        CallsController::Filter filter;
        filter.country = country;
        controller.setFilter(filter);
        QVERIFY(controller.records()->waitForIdle());
        QCOMPARE(controller.records()->rowCount(), expected);
        QTRY_VERIFY(
                controller.totalsText().startsWith(QLocale().toString(expected) + QStringLiteral(" calls")));

        // Charts are computed only once wanted, from the same rows.
        qint64 chartRows = -1;
        connect(&controller, &CallsController::chartsChanged, this,
                [&chartRows](const CdrStats::Charts &charts) { chartRows = charts.rows; });
        controller.setChartsWanted(true);
        QTRY_COMPARE_WITH_TIMEOUT(chartRows, qint64(expected), 60'000);
    }

    void placedCallIsFollowedByARefresh()
    {
        CallsController controller(m_service.get(), dbPath(QStringLiteral("calls.sqlite")));
        QSignalSpy finished(&controller, &CallsController::refreshFinished);
        controller.setWindow(CallsController::Window::Today);
        const auto first = nextRefresh(finished);
        QVERIFY(first && !first->isError());

        QSignalSpy started(&controller, &CallsController::refreshStarted);
        controller.setRefreshAfterCallDelay(100);
        controller.refreshAfterCall();
        QVERIFY(!controller.isRefreshing()); // not at once: the call's record comes when it ends
        QVERIFY(started.wait(30'000));
        QCOMPARE(started.count(), 1);
        const auto second = nextRefresh(finished);
        QVERIFY(second && !second->isError());
    }

    void exportsOneAtATime()
    {
        UnlimCallService offline(m_sandbox->clientWithToken(Vendor::UnlimCall, {}));
        CallsController controller(&offline, dbPath(QStringLiteral("calls.sqlite")));
        QSignalSpy loaded(&controller, &CallsController::windowLoaded);
        controller.setWindow(CallsController::Window::Last7Days);
        QVERIFY(loaded.wait(60'000));
        QVERIFY(controller.records()->waitForIdle());
        QSignalSpy finished(controller.exportJob(), &ExportJob::finished);
        const QString path = dbPath(QStringLiteral("calls.csv"));
        QVERIFY(controller.exportTo(path, CsvProfile::Machine));
        QVERIFY(controller.exportJob()->isBusy());
        QVERIFY(!controller.exportTo(dbPath(QStringLiteral("second.csv")), CsvProfile::Machine));
        QVERIFY(finished.wait(60'000));
        QCOMPARE(finished.count(), 1);
        const auto result = finished.first().first().value<CsvExportResult>();
        QVERIFY2(result.status.ok(), qPrintable(result.status.message));
        QCOMPARE(result.rows, qint64(controller.records()->rowCount()));
        QVERIFY(!QFile::exists(dbPath(QStringLiteral("second.csv"))));
    }

    void offlineKeepsTheStoredRecords()
    {
        CallsController controller(m_service.get(), dbPath(QStringLiteral("calls.sqlite")));
        QSignalSpy loaded(&controller, &CallsController::windowLoaded);
        QSignalSpy finished(&controller, &CallsController::refreshFinished);
        QSignalSpy offline(&controller, &CallsController::offlineChanged);
        m_sandbox->server()->stop();
        controller.setWindow(CallsController::Window::Last7Days);
        QVERIFY(loaded.wait(60'000));
        QVERIFY(controller.records()->waitForIdle());
        const qint64 stored = loaded.first().first().toLongLong();
        QVERIFY(stored > 1000);
        const auto error = nextRefresh(finished);
        QVERIFY(error);
        QVERIFY2(error->kind == ApiError::Kind::Network || error->kind == ApiError::Kind::Timeout,
                 qPrintable(error->summary()));
        QVERIFY(controller.isOffline());
        QCOMPARE(offline.count(), 1);
        QCOMPARE(offline.first().first().toBool(), true);
        QCOMPARE(qint64(controller.records()->rowCount()), stored);
    }
};

CC_TEST_GUILESS_MAIN(TestCallsController)
#include "tst_callscontroller.moc"
