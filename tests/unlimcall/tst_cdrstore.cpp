#include "TestMain.h"

#include "SandboxFixture.h"

#include "sandbox/UnlimCallSandbox.h"
#include "stats/CdrStats.h"
#include "store/CdrStore.h"
#include "store/CdrSync.h"
#include "table/RecordTableLoader.h"
#include "table/RecordTableModel.h"
#include "unlimcall/UnlimCallService.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>

using UnlimCall::Cdr;

// The local memory of call records: upserts, coverage (what is known complete), the sync that
// fetches only what is missing, the table model over the records and the totals/chart aggregates.
class TestCdrStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<SandboxFixture> m_sandbox;
    std::unique_ptr<UnlimCallService> m_service;

    static qint64 dayStart(const QDate &date)
    {
        return QDateTime(date, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    }
    QString dbPath(const QString &name) const { return m_dir.filePath(name); }

    static Cdr cdr(const QString &id, qint64 start, const QString &disposition, qint64 cents,
                   const QString &currency, const QString &country = QStringLiteral("Germany"),
                   int billsec = 60)
    {
        Cdr c;
        c.id = id;
        c.startMs = start;
        c.disposition = disposition;
        c.billsec = disposition == QLatin1String("ANSWERED") ? billsec : 0;
        c.duration = c.billsec + 10;
        c.src = QStringLiteral("+14155550100");
        c.dst = QStringLiteral("+493012345678");
        c.sipUsername = QStringLiteral("unl_001");
        c.sellPriceCents = cents;
        c.currency = currency;
        c.country = country;
        return c;
    }

    std::unique_ptr<Database> openDb(const QString &name)
    {
        auto db = std::make_unique<Database>(dbPath(name));
        db->registerMigrations(CdrStore::component(), CdrStore::migrations());
        if (!db->open() || !db->migrate())
            return nullptr;
        return db;
    }

    ApiError sync(CdrSync &s, qint64 from, qint64 till, bool full = false)
    {
        QSignalSpy finished(&s, &CdrSync::finished);
        if (!s.start(from, till, full))
            return ApiError::local(Vendor::UnlimCall, QStringLiteral("not_started"),
                                   QStringLiteral("not started"));
        if (!finished.wait(300'000))
            return ApiError::local(Vendor::UnlimCall, QStringLiteral("timeout"), QStringLiteral("timeout"));
        return finished.first().first().value<ApiError>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiError>();
        QVERIFY(m_dir.isValid());
        SandboxServer::Options options = SandboxFixture::smallOptions();
        options.unlimcallCdrDays = 30;
        options.unlimcallCdrsPerDay = 300;
        m_sandbox = std::make_unique<SandboxFixture>(options);
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        m_service = std::make_unique<UnlimCallService>(m_sandbox->client(Vendor::UnlimCall));
    }

    void upsertKeepsOneRowPerId()
    {
        auto db = openDb(QStringLiteral("upsert.sqlite"));
        QVERIFY(db);
        CdrStore store(db.get());
        const qint64 t = dayStart(QDate(2026, 5, 24));
        QVERIFY(store.saveCdrs(
                {cdr(QStringLiteral("1.1"), t, QStringLiteral("NO ANSWER"), 0, QStringLiteral("USD")),
                 cdr(QStringLiteral("1.2"), t + 1000, QStringLiteral("ANSWERED"), 34,
                     QStringLiteral("USD"))}));
        // A late, corrected record for the same call replaces it.
        QVERIFY(store.saveCdrs(
                {cdr(QStringLiteral("1.1"), t, QStringLiteral("ANSWERED"), 17, QStringLiteral("USD"))}));
        QCOMPARE(store.cdrCount(), 2);
        QCOMPARE(store.cdrCount(t, t + 1), 1);

        RecordTable table(CdrStore::cdrSchema());
        QVERIFY(RecordTableLoader::loadAll(table, db->path(), CdrStore::cdrsSql(), {t, t + 86400000LL}));
        QCOMPARE(table.rowCount(), 2);
        const int row = table.findRow(QStringView(u"1.1"));
        QVERIFY(row >= 0);
        QCOMPARE(table.text(row, CdrStore::Disposition), QStringLiteral("ANSWERED"));
        QCOMPARE(table.integer(row, CdrStore::Cost), 17);
        QCOMPARE(table.currency(row, CdrStore::Cost), QStringLiteral("USD"));
        QCOMPARE(table.integer(row, CdrStore::StartTime), t);
        QVERIFY(table.isNull(row, CdrStore::Did)); // null stays null
        QCOMPARE(table.text(row, CdrStore::Dst), QStringLiteral("+493012345678"));
    }

    void coverageArithmetic()
    {
        using I = CdrStore::Interval;
        QCOMPARE(CdrStore::merged({I(5, 10), I(0, 3), I(3, 4), I(9, 12), I(20, 20)}),
                 (QList<I>{I(0, 4), I(5, 12)}));
        QCOMPARE(CdrStore::subtract(I(0, 30), {I(5, 10), I(12, 15)}),
                 (QList<I>{I(0, 5), I(10, 12), I(15, 30)}));
        QCOMPARE(CdrStore::subtract(I(6, 8), {I(5, 10)}), QList<I>());
        QCOMPARE(CdrStore::subtract(I(0, 10), {}), QList<I>{I(0, 10)});

        auto db = openDb(QStringLiteral("coverage.sqlite"));
        QVERIFY(db);
        CdrStore store(db.get());
        QVERIFY(store.addCoverage({I(100, 200)}));
        QVERIFY(store.addCoverage({I(150, 300), I(400, 500)}));
        QCOMPARE(store.coverage(), (QList<I>{I(100, 300), I(400, 500)}));
        QCOMPARE(store.missing(0, 450), (QList<I>{I(0, 100), I(300, 400)}));
    }

    void hooksAgentsAndBalanceAreKept()
    {
        auto db = openDb(QStringLiteral("state.sqlite"));
        QVERIFY(db);
        CdrStore store(db.get());
        CdrStore::Hook hook{QStringLiteral("8c6e3b7a-2d4f-4f9c-9e1a-7b0c5a8f2d31"),
                            QStringLiteral("call.ended"),
                            QStringLiteral("https://example.com/h"),
                            QDateTime::currentDateTimeUtc(),
                            {}};
        QVERIFY(store.saveHook(hook));
        QCOMPARE(store.hooks().size(), 1);
        QVERIFY(store.hooks().first().isActive());
        QVERIFY(store.markHookRemoved(hook.id, QDateTime::currentDateTimeUtc()));
        QVERIFY(!store.hooks().first().isActive());

        UnlimCall::Agent agent;
        agent.id = QStringLiteral("27");
        agent.sipUsername = QStringLiteral("unl_001");
        agent.label = QStringLiteral("SDR seat — Berlin");
        agent.createdAt = QDateTime(QDate(2026, 4, 30), QTime(9, 14), Qt::UTC);
        QVERIFY(store.saveAgents({agent}));
        QCOMPARE(store.agents().size(), 1);
        QCOMPARE(store.agents().first().label, agent.label);
        QCOMPARE(store.agents().first().createdAt, agent.createdAt);

        UnlimCall::Balance balance;
        balance.balance = 12.5;
        balance.currency = QStringLiteral("USD");
        balance.stale = true;
        const QDateTime when = QDateTime::currentDateTimeUtc();
        QVERIFY(store.saveBalance(balance, when));
        const auto saved = store.balance();
        QVERIFY(saved);
        QCOMPARE(saved->first.balance, 12.5);
        QVERIFY(saved->first.stale);
        QCOMPARE(saved->second.toMSecsSinceEpoch(), when.toMSecsSinceEpoch());
    }

    void syncFetchesOnlyWhatIsMissing()
    {
        const QString path = dbPath(QStringLiteral("sync.sqlite"));
        // A window that ends before the overlap still settling (not "today" between 00:00 and
        // 02:00 UTC): only then is it complete.
        const QDate lastDay = QDateTime::currentDateTimeUtc().addMSecs(-CdrSync::defaultOverlapMs).date();
        const qint64 from = dayStart(lastDay.addDays(-10)), till = dayStart(lastDay);
        CdrSync s(m_service.get(), path);
        QSignalSpy received(&s, &CdrSync::recordsReceived);
        m_sandbox->server()->clearRequests();
        const ApiError first = sync(s, from, till);
        QVERIFY2(!first.isError(), qPrintable(first.summary()));
        QVERIFY(received.count() > 0);
        const qint64 expected = m_sandbox->server()->unlimcall()->cdrCount(from, till);
        {
            auto db = openDb(QStringLiteral("sync.sqlite"));
            QVERIFY(db);
            CdrStore store(db.get());
            QCOMPARE(store.cdrCount(from, till), expected); // on disk when finished() came
            QCOMPARE(store.missing(from, till), QList<CdrStore::Interval>()); // in the past: complete
        }

        // Nothing missing: no request at all; the history stays offline.
        m_sandbox->server()->clearRequests();
        QVERIFY(!sync(s, from, till).isError());
        QCOMPARE(m_sandbox->server()->requests().size(), 0);

        // A window reaching now: only the new stretch (with the overlap) is asked for.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(!sync(s, from, now).isError());
        QCOMPARE(s.gaps().size(), 1);
        QCOMPARE(s.gaps().first().first, till);
        m_sandbox->server()->clearRequests();
        QVERIFY(!sync(s, from, QDateTime::currentMSecsSinceEpoch()).isError());
        QCOMPARE(s.gaps().size(), 1);
        QVERIFY2(s.gaps().first().first <= now - CdrSync::defaultOverlapMs, "the overlap is asked for again");
        QVERIFY(s.gaps().first().first >= now - CdrSync::defaultOverlapMs - 60'000);
    }

    void syncReportsVendorErrorsAndCancel()
    {
        CdrSync s(m_service.get(), dbPath(QStringLiteral("errors.sqlite")));
        const QDate today = QDateTime::currentDateTimeUtc().date();
        m_sandbox->server()->unlimcall()->setAccountProvisioned(false);
        const ApiError error = sync(s, dayStart(today.addDays(-3)), dayStart(today), true);
        m_sandbox->server()->unlimcall()->setAccountProvisioned(true);
        QCOMPARE(error.code, QStringLiteral("account_not_provisioned"));

        QSignalSpy finished(&s, &CdrSync::finished);
        QVERIFY(s.start(dayStart(today.addDays(-20)), dayStart(today), true));
        s.cancel();
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.first().first().value<ApiError>().kind, ApiError::Kind::Cancelled);
    }

    void modelTotalsAndChartsFollowTheFilter()
    {
        RecordTableModel model(CdrStore::cdrSchema());
        model.setExecution(RecordTableModel::Execution::Synchronous);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const qint64 t = dayStart(QDate(2026, 5, 20)) + 10 * 3600'000LL;
        QList<Cdr> cdrs;
        for (int i = 0; i < 40; ++i) {
            const bool answered = i % 4 != 0;
            cdrs.append(cdr(QStringLiteral("c.%1").arg(i), t + i * 3600'000LL,
                            answered ? QStringLiteral("ANSWERED") : QStringLiteral("BUSY"),
                            answered ? 10 + i : 0, i % 5 == 0 ? QStringLiteral("EUR") : QStringLiteral("USD"),
                            i % 2 ? QStringLiteral("Germany") : QStringLiteral("France"), 61));
        }
        model.mergeRows(CdrStore::cdrRows(cdrs));
        QCOMPARE(model.rowCount(), 40);

        CdrStats::Totals all = CdrStats::totals(model.table(), model.visibleRows());
        QCOMPARE(all.calls, 40);
        QCOMPARE(all.answered, 30);
        QCOMPARE(all.billedSeconds, 30 * 61);
        qint64 usd = 0, eur = 0;
        for (int i = 0; i < 40; ++i) {
            if (i % 4 == 0)
                continue;
            (i % 5 == 0 ? eur : usd) += 10 + i;
        }
        QCOMPARE(all.costByCurrency.value(QStringLiteral("USD")), usd);
        QCOMPARE(all.costByCurrency.value(QStringLiteral("EUR")), eur);
        QVERIFY(all.describe().contains(QLatin1String("40 calls")));
        QVERIFY(all.describe().contains(QLatin1String("75.0%")));

        // Filter to one country: the totals follow.
        RecordFilter filter;
        filter.predicates.append(ColumnPredicate::oneOf(CdrStore::Country, {QStringLiteral("Germany")}));
        model.setFilter(filter);
        QVERIFY(model.waitForIdle());
        QCOMPARE(model.rowCount(), 20);
        const CdrStats::Totals germany = CdrStats::totals(model.table(), model.visibleRows());
        QCOMPARE(germany.calls, 20);
        QCOMPARE(germany.answered, 20); // odd i: never i % 4 == 0, all answered

        const CdrStats::Charts charts =
                CdrStats::charts(model.table(), model.visibleRows(), t - 86400000LL, t + 3 * 86400000LL);
        QVERIFY(charts.days.size() >= 4);
        qint64 spend = 0;
        for (const auto &perDay : charts.spendPerDay)
            for (qint64 v : perDay)
                spend += v;
        qint64 expectedSpend = 0;
        for (qint64 v : germany.costByCurrency)
            expectedSpend += v;
        QCOMPARE(spend, expectedSpend);
        int hourCalls = 0;
        for (int v : charts.callsByHour)
            hourCalls += v;
        QCOMPARE(hourCalls, 20);
        QCOMPARE(charts.costByCountry.categories, QStringList{QStringLiteral("Germany")});
        QCOMPARE(charts.dispositions.first(), QStringLiteral("ANSWERED"));
        QCOMPARE(charts.costBySipLine.categories, QStringList{QStringLiteral("unl_001")});

        // Sorting by cost, then reversing, keeps the model consistent (the tester watches).
        model.sort(CdrStore::Cost, Qt::DescendingOrder);
        QVERIFY(model.waitForIdle());
        QVERIFY(model.data(model.index(0, CdrStore::Cost), RecordTableModel::RawRole).toLongLong() >=
                model.data(model.index(1, CdrStore::Cost), RecordTableModel::RawRole).toLongLong());
        model.sort(CdrStore::Cost, Qt::AscendingOrder);
        QVERIFY(model.waitForIdle());
        QVERIFY(model.data(model.index(0, CdrStore::Cost)).toString().contains(QLatin1String("USD")) ||
                model.data(model.index(0, CdrStore::Cost)).toString().contains(QLatin1String("EUR")));
    }

    void cleanupTestCase()
    {
        m_service.reset();
        m_sandbox.reset();
    }
};

CC_TEST_GUILESS_MAIN(TestCdrStore)
#include "tst_cdrstore.moc"
