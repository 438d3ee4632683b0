#include "TestMain.h"

#include "store/Database.h"
#include "store/PreparedStatement.h"
#include "table/MergeBudget.h"
#include "table/RecordTableLoader.h"
#include "table/RecordTableModel.h"
#include "table/RecordView.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <numeric>

// RecordTableModel under QAbstractItemModelTester: sorting, reversing, filters narrowing and
// widening, upserts while sorted/filtered, the asynchronous path, snapshots, the loader, and a
// real view attached.
class TestRecordTableModel : public QObject
{
    Q_OBJECT

private:
    enum Col { Id, Name, City, Phone, Calls, Cost, Currency, Started, Talk, Rating, Vip };

    QTemporaryDir m_dir;

    static RecordSchema schema()
    {
        return RecordSchema(
                {
                        ColumnSpec::make(ColumnType::Integer, QStringLiteral("id"), QStringLiteral("ID")),
                        ColumnSpec::make(ColumnType::Text, QStringLiteral("name"), QStringLiteral("Name")),
                        ColumnSpec::make(ColumnType::Category, QStringLiteral("city"),
                                         QStringLiteral("City")),
                        ColumnSpec::make(ColumnType::Phone, QStringLiteral("phone"), QStringLiteral("Phone")),
                        ColumnSpec::make(ColumnType::Integer, QStringLiteral("calls"),
                                         QStringLiteral("Calls")),
                        ColumnSpec::make(ColumnType::Money, QStringLiteral("cost"), QStringLiteral("Cost"))
                                .withCurrencyColumn(QStringLiteral("currency")),
                        ColumnSpec::make(ColumnType::Category, QStringLiteral("currency"),
                                         QStringLiteral("Cur."))
                                .hidden(),
                        ColumnSpec::make(ColumnType::DateTime, QStringLiteral("started"),
                                         QStringLiteral("Started")),
                        ColumnSpec::make(ColumnType::Duration, QStringLiteral("talk"),
                                         QStringLiteral("Talk time")),
                        ColumnSpec::make(ColumnType::Real, QStringLiteral("rating"), QStringLiteral("Rating"))
                                .withDecimals(1),
                        ColumnSpec::make(ColumnType::Bool, QStringLiteral("vip"), QStringLiteral("VIP")),
                },
                QStringLiteral("id"));
    }

    static void fillRow(RecordTable &t, int row, qint64 id, QRandomGenerator &rng, const QString &suffix = {})
    {
        static const QStringList cities = {QStringLiteral("Miami"), QStringLiteral("Berlin"),
                                           QStringLiteral("São Paulo"), QStringLiteral("miami beach"),
                                           QStringLiteral("Zürich")};
        static const QStringList names = {QStringLiteral("Ann's Dental"), QStringLiteral("=cmd"),
                                          QStringLiteral("Bob"),          QStringLiteral("Émile & Co"),
                                          QStringLiteral("zeta"),         QStringLiteral("alpha")};
        t.setInteger(row, Id, id);
        t.setText(row, Name,
                  names.at(int(rng.bounded(names.size()))) + QString::number(rng.bounded(50)) + suffix);
        t.setText(row, City, cities.at(int(rng.bounded(cities.size()))));
        if (rng.bounded(5) != 0)
            t.setText(row, Phone,
                      QStringLiteral("+1305%1").arg(rng.bounded(10000000), 7, 10, QLatin1Char('0')));
        t.setInteger(row, Calls, rng.bounded(20));
        t.setMoney(row, Cost, rng.bounded(100000));
        t.setText(row, Currency, rng.bounded(4) == 0 ? QStringLiteral("EUR") : QStringLiteral("USD"));
        t.setDateTime(row, Started, 1760000000000LL + qint64(rng.bounded(1000000)) * 1000);
        t.setDuration(row, Talk, rng.bounded(8000));
        if (rng.bounded(4) != 0)
            t.setReal(row, Rating, rng.bounded(50) / 10.0);
        t.setBool(row, Vip, rng.bounded(3) == 0);
    }

    static RecordTable rows(qint64 firstId, int count, quint32 seed, const QString &suffix = {})
    {
        QRandomGenerator rng(seed);
        RecordTable t(schema());
        for (int i = 0; i < count; ++i)
            fillRow(t, t.appendRow(), firstId + i, rng, suffix);
        return t;
    }

    // What the model must show: every row, filtered and sorted from scratch.
    static std::vector<int> expectedRows(const RecordTableModel &model)
    {
        const RecordTable &t = model.table();
        std::vector<int> all;
        if (model.sortColumn() >= 0) {
            all = RecordView::sortedRows(t, t.rowCount(), model.sortColumn());
            if (model.sortOrder() == Qt::DescendingOrder)
                std::reverse(all.begin(), all.end());
        } else {
            all.resize(size_t(t.rowCount()));
            std::iota(all.begin(), all.end(), 0);
        }
        const RecordView::Matcher matcher(t, model.appliedFilter());
        std::vector<int> out;
        for (const int r : all) {
            if (matcher.matches(r))
                out.push_back(r);
        }
        return out;
    }

    static bool consistent(const RecordTableModel &model)
    {
        if (model.visibleRows() != expectedRows(model))
            return false;
        for (int v = 0; v < model.rowCount(); v += qMax(1, model.rowCount() / 50)) {
            const int tableRow = model.index(v, 0).data(RecordTableModel::TableRowRole).toInt();
            if (tableRow != model.tableRow(v) || model.viewRow(tableRow) != v)
                return false;
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void rolesAndFlags()
    {
        RecordTableModel model(schema());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RecordTable t(schema());
        const int r = t.appendRow();
        t.setInteger(r, Id, 7);
        t.setText(r, Name, QStringLiteral("A very long business name that needs a tool tip to be read"));
        t.setText(r, City, QStringLiteral("Miami"));
        t.setText(r, Phone, QStringLiteral("+13055550100"));
        t.setMoney(r, Cost, 1234);
        t.setText(r, Currency, QStringLiteral("USD"));
        t.setDateTime(r, Started,
                      QDateTime(QDate(2026, 5, 24), QTime(18, 14, 2), Qt::UTC).toMSecsSinceEpoch());
        t.setDuration(r, Talk, 3723);
        t.setBool(r, Vip, true);
        model.mergeRows(std::move(t));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.columnCount(), schema().columnCount());

        const auto cell = [&](int column, int role = Qt::DisplayRole) {
            return model.index(0, column).data(role);
        };
        QCOMPARE(cell(Id).toString(), QStringLiteral("7"));
        QCOMPARE(cell(Cost).toString(), QLocale().toString(12.34, 'f', 2) + QStringLiteral(" USD"));
        QCOMPARE(cell(Cost, RecordTableModel::RawRole).toLongLong(), 1234);
        QCOMPARE(cell(Cost, RecordTableModel::CurrencyRole).toString(), QStringLiteral("USD"));
        QCOMPARE(cell(Talk).toString(), QStringLiteral("1:02:03"));
        QCOMPARE(cell(Talk, RecordTableModel::RawRole).toLongLong(), 3723);
        QCOMPARE(cell(Started, RecordTableModel::RawRole).toDateTime(),
                 QDateTime(QDate(2026, 5, 24), QTime(18, 14, 2), Qt::UTC));
        QCOMPARE(cell(Started).toString(),
                 QLocale().toString(QDateTime(QDate(2026, 5, 24), QTime(18, 14, 2), Qt::UTC).toLocalTime(),
                                    QLocale::ShortFormat));
        QVERIFY(!cell(Started, Qt::ToolTipRole).toString().isEmpty());
        QVERIFY(cell(Name, Qt::ToolTipRole).toString().startsWith(QStringLiteral("A very long")));
        QCOMPARE(cell(Vip).toString(), QStringLiteral("Yes"));
        QCOMPARE(cell(Vip, RecordTableModel::RawRole), QVariant(true));
        QCOMPARE(cell(Phone).toString(), QStringLiteral("+13055550100"));
        QCOMPARE(cell(Rating), QVariant(QString())); // null: an empty cell
        QVERIFY(!cell(Rating, RecordTableModel::RawRole).isValid());
        QCOMPARE(cell(Calls, Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
        QVERIFY(!cell(Name, Qt::TextAlignmentRole).isValid());
        QVERIFY(model.flags(model.index(0, 0)).testFlag(Qt::ItemNeverHasChildren));
        QVERIFY(!model.flags(model.index(0, 0)).testFlag(Qt::ItemIsEditable));
        QCOMPARE(model.headerData(Cost, Qt::Horizontal).toString(), QStringLiteral("Cost"));
        QCOMPARE(model.headerData(Cost, Qt::Horizontal, RecordTableModel::ColumnKeyRole).toString(),
                 QStringLiteral("cost"));

        // Column layout metadata for views and the exporter.
        QVERIFY(!model.visibleColumns().contains(Currency)); // hidden by default
        QSignalSpy columnsSpy(&model, &RecordTableModel::visibleColumnsChanged);
        model.setVisibleColumns({Cost, Name, Cost, 99, Id});
        QCOMPARE(model.visibleColumns(), QList<int>({Cost, Name, Id}));
        QCOMPARE(columnsSpy.count(), 1);
    }

    void sortReverseAndFilter()
    {
        RecordTableModel model(schema());
        model.setExecution(RecordTableModel::Execution::Synchronous);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int b = 0; b < 4; ++b)
            model.mergeRows(rows(b * 500, 500, 100 + b));
        QCOMPARE(model.rowCount(), 2000);
        QVERIFY(consistent(model));

        QSignalSpy layoutSpy(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy resetSpy(&model, &QAbstractItemModel::modelReset);
        QSignalSpy sortSpy(&model, &RecordTableModel::sortApplied);
        for (int column = 0; column < model.columnCount(); ++column) {
            model.sort(column, Qt::AscendingOrder);
            QCOMPARE(model.sortColumn(), column);
            QVERIFY2(consistent(model), qPrintable(schema().column(column).key));
            const std::vector<int> ascending = model.visibleRows();
            model.sort(column, Qt::DescendingOrder);
            std::vector<int> reversed(ascending.rbegin(), ascending.rend());
            QCOMPARE(model.visibleRows(), reversed);
        }
        QCOMPARE(resetSpy.count(), 0); // sorting never resets the views
        QCOMPARE(layoutSpy.count(), 2 * model.columnCount());
        QCOMPARE(sortSpy.count(), 2 * model.columnCount());

        // A persistent index follows its row through a sort.
        model.sort(Name, Qt::AscendingOrder);
        const QPersistentModelIndex tracked(model.index(1234, Cost));
        const int trackedRow = model.tableRow(1234);
        model.sort(Started, Qt::DescendingOrder);
        QVERIFY(tracked.isValid());
        QCOMPARE(model.tableRow(tracked.row()), trackedRow);
        QCOMPARE(tracked.column(), int(Cost));

        // Filters: typing (narrowing), deleting (widening), predicates, clearing.
        QSignalSpy visibleSpy(&model, &RecordTableModel::visibleRowsChanged);
        int previousCount = model.rowCount();
        for (const QString &text : {QStringLiteral("a"), QStringLiteral("al"), QStringLiteral("alp"),
                                    QStringLiteral("ALPHA1"), QStringLiteral("alpha1 mia")}) {
            model.setFilterText(text);
            QVERIFY2(consistent(model), qPrintable(text));
            QVERIFY(model.rowCount() <= previousCount);
            previousCount = model.rowCount();
        }
        QVERIFY(model.rowCount() > 0);
        for (const QString &text : {QStringLiteral("alpha1"), QStringLiteral("al"), QString()}) {
            model.setFilterText(text);
            QVERIFY2(consistent(model), qPrintable(text));
            QVERIFY(model.rowCount() >= previousCount);
            previousCount = model.rowCount();
        }
        QCOMPARE(model.rowCount(), 2000);
        QCOMPARE(visibleSpy.count(), 8);

        RecordFilter filter;
        filter.predicates = {
                ColumnPredicate::oneOf(City, {QStringLiteral("miami"), QStringLiteral("zürich")}),
                ColumnPredicate::range(Talk, 60, 3600)};
        model.setFilter(filter);
        QVERIFY(consistent(model));
        filter.predicates.append(ColumnPredicate::isTrue(Vip));
        model.setFilter(filter);
        QVERIFY(consistent(model));
        filter.predicates.append(ColumnPredicate::notNull(Phone));
        filter.text = QStringLiteral("305");
        model.setFilter(filter);
        QVERIFY(consistent(model));
        // Sorting while filtered, then reversing, keeps the filter.
        model.sort(Cost, Qt::AscendingOrder);
        QVERIFY(consistent(model));
        model.sort(Cost, Qt::DescendingOrder);
        QVERIFY(consistent(model));
        model.setFilter({});
        QCOMPARE(model.rowCount(), 2000);
        QVERIFY(consistent(model));
        model.sort(-1);
        QVERIFY(consistent(model));
        QCOMPARE(model.tableRow(0), 0);
    }

    void filteredOutPersistentIndexesBecomeInvalid()
    {
        RecordTableModel model(schema());
        model.setExecution(RecordTableModel::Execution::Synchronous);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.mergeRows(rows(0, 300, 1));
        int berlin = -1;
        int other = -1;
        for (int v = 0; v < model.rowCount() && (berlin < 0 || other < 0); ++v) {
            const bool isBerlin = model.index(v, City).data().toString() == QStringLiteral("Berlin");
            (isBerlin ? berlin : other) = v;
        }
        const QPersistentModelIndex kept(model.index(berlin, Name));
        const QPersistentModelIndex dropped(model.index(other, Name));
        const QString keptName = kept.data().toString();
        RecordFilter filter;
        filter.predicates = {ColumnPredicate::equals(City, QStringLiteral("berlin"))};
        model.setFilter(filter);
        QVERIFY(kept.isValid());
        QCOMPARE(kept.data().toString(), keptName);
        QVERIFY(!dropped.isValid());
    }

    void upsertsWhileSortedAndFiltered_data()
    {
        QTest::addColumn<int>("sortColumn");
        QTest::addColumn<int>("order");
        QTest::addColumn<QString>("text");
        QTest::newRow("storage order, no filter") << -1 << int(Qt::AscendingOrder) << QString();
        QTest::newRow("storage order, filtered") << -1 << int(Qt::AscendingOrder) << QStringLiteral("a");
        QTest::newRow("by name") << int(Name) << int(Qt::AscendingOrder) << QString();
        QTest::newRow("by cost desc, filtered")
                << int(Cost) << int(Qt::DescendingOrder) << QStringLiteral("mi");
        QTest::newRow("by city, filtered") << int(City) << int(Qt::AscendingOrder) << QStringLiteral("e");
    }

    void upsertsWhileSortedAndFiltered()
    {
        QFETCH(int, sortColumn);
        QFETCH(int, order);
        QFETCH(QString, text);
        RecordTableModel model(schema());
        model.setExecution(RecordTableModel::Execution::Synchronous);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.sort(sortColumn, Qt::SortOrder(order));
        model.setFilterText(text);
        QSignalSpy insertSpy(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy mergedSpy(&model, &RecordTableModel::rowsMerged);
        model.mergeRows(rows(0, 400, 2));
        QVERIFY(consistent(model));
        QCOMPARE(insertSpy.count(), model.rowCount() > 0 ? 1 : 0); // one insert per batch
        QPersistentModelIndex tracked = model.index(qMin(5, model.rowCount() - 1), Name);
        const int trackedRow = tracked.isValid() ? model.tableRow(tracked.row()) : -1;

        // A refresh: ids 300..599 (300 overlap with new values, 300 new), changed names.
        model.mergeRows(rows(300, 300, 3, QStringLiteral(" (updated)")));
        QCOMPARE(model.table().rowCount(), 600);
        QVERIFY(consistent(model));
        QCOMPARE(mergedSpy.count(), 2);
        QCOMPARE(mergedSpy.last().at(0).toInt(), 200);
        QCOMPARE(mergedSpy.last().at(1).toInt(), 100);
        const int row350 = model.table().findRow(qint64(350));
        QVERIFY(model.table().text(row350, Name).endsWith(QStringLiteral(" (updated)")));
        if (tracked.isValid())
            QCOMPARE(model.tableRow(tracked.row()), trackedRow);

        // Many small batches in a row, as a sync delivers them.
        for (int b = 0; b < 10; ++b)
            model.mergeRows(rows(550 + b * 20, 25, 50 + b));
        QVERIFY(consistent(model));
        QCOMPARE(model.table().rowCount(), 550 + 9 * 20 + 25);
    }

    void rowsArrivingInTheSortOrderAreAppendedInPlace()
    {
        // Newest first, and batches that are each older than the last: what the Calls page's
        // load delivers. The view must not be re-laid-out (selection and scroll stay put).
        RecordTableModel model(schema());
        model.setExecution(RecordTableModel::Execution::Synchronous);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.sort(Started, Qt::DescendingOrder);
        QSignalSpy layoutSpy(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy insertSpy(&model, &QAbstractItemModel::rowsInserted);
        // Within a batch the rows come in any order (ties, another reader).
        const auto olderBatch = [](qint64 firstId, int count, qint64 newestMs) {
            RecordTable t = rows(firstId, count, quint32(firstId));
            for (int r = 0; r < count; ++r)
                t.setDateTime(r, Started, newestMs - qint64((r * 37) % count) * 1000);
            return t;
        };
        qint64 newest = 1760000000000LL;
        for (int b = 0; b < 5; ++b) {
            model.mergeRows(olderBatch(b * 100, 100, newest));
            newest -= 100 * 1000;
            QCOMPARE(insertSpy.last().at(1).toInt(), b * 100); // appended at the end
        }
        QCOMPARE(layoutSpy.count(), 0);
        QCOMPARE(model.rowCount(), 500);
        QVERIFY(consistent(model));

        // A batch that belongs in the middle still lands in place, with one layout change.
        model.mergeRows(olderBatch(1000, 10, 1760000000000LL - 250 * 1000 + 500));
        QCOMPARE(layoutSpy.count(), 1);
        QVERIFY(consistent(model));
        // And so does a filtered view.
        model.setFilterText(QStringLiteral("a"));
        model.mergeRows(olderBatch(2000, 50, newest - 1000));
        QVERIFY(consistent(model));
    }

    void asynchronousSortAndFilterCoalesce()
    {
        RecordTableModel model(schema());
        model.setExecution(RecordTableModel::Execution::Asynchronous);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.mergeRows(rows(0, 60000, 4));
        QSignalSpy busySpy(&model, &RecordTableModel::busyChanged);
        QSignalSpy sortSpy(&model, &RecordTableModel::sortApplied);

        model.sort(Name, Qt::AscendingOrder);
        QVERIFY(model.isBusy());
        // Requests made while busy: only the latest is computed after the running one.
        model.setFilterText(QStringLiteral("b"));
        model.setFilterText(QStringLiteral("bo"));
        model.sort(Cost, Qt::AscendingOrder);
        model.sort(Cost, Qt::DescendingOrder);
        // Rows arriving meanwhile wait for the worker.
        model.mergeRows(rows(60000, 1000, 5));
        // (the worker's result is delivered by the event loop, which has not run yet)
        QVERIFY(model.hasPendingRows());
        QCOMPARE(model.table().rowCount(), 60000);
        QVERIFY(model.waitForIdle());
        QCOMPARE(model.sortColumn(), int(Cost));
        QCOMPARE(model.sortOrder(), Qt::DescendingOrder);
        QCOMPARE(model.appliedFilter().text, QStringLiteral("bo"));
        QCOMPARE(model.table().rowCount(), 61000);
        QVERIFY(consistent(model));
        QVERIFY(sortSpy.count() <= 3);
        QVERIFY(busySpy.count() >= 2);
        QCOMPARE(busySpy.last().at(0).toBool(), false);

        // Reversal on a worker.
        const std::vector<int> before = model.visibleRows();
        model.sort(Cost, Qt::AscendingOrder);
        QVERIFY(model.waitForIdle());
        QCOMPARE(model.visibleRows(), std::vector<int>(before.rbegin(), before.rend()));
    }

    void staleResultIsDroppedAfterReset()
    {
        RecordTableModel model(schema());
        model.setExecution(RecordTableModel::Execution::Asynchronous);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.mergeRows(rows(0, 50000, 6));
        model.sort(Name, Qt::AscendingOrder);
        model.setRows(rows(0, 100, 7)); // replaced while the sort computes
        QVERIFY(model.waitForIdle());
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.sortColumn(), int(Name)); // the requested sort applies to the new rows
        QVERIFY(consistent(model));
        model.clear();
        QVERIFY(model.waitForIdle());
        QCOMPARE(model.rowCount(), 0);
    }

    void snapshotHoldsMergesBack()
    {
        RecordTableModel model(schema());
        model.setExecution(RecordTableModel::Execution::Synchronous);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.mergeRows(rows(0, 10, 8));
        std::shared_ptr<const RecordTable> snapshot = model.snapshot();
        model.mergeRows(rows(10, 10, 9));
        QVERIFY(model.hasPendingRows());
        QVERIFY(model.isBusy());
        QCOMPARE(snapshot->rowCount(), 10); // the worker's view did not change under it
        QCOMPARE(model.rowCount(), 10);
        snapshot.reset();
        QVERIFY(model.waitForIdle());
        QCOMPARE(model.rowCount(), 20);
        QVERIFY(consistent(model));
    }

    void loaderStreamsFromSqlite()
    {
        const QString path = m_dir.filePath(QStringLiteral("load.sqlite"));
        const int total = 45000;
        {
            Database db(path);
            db.registerMigrations(
                    QStringLiteral("test"),
                    {{1,
                      {QStringLiteral("CREATE TABLE leads(id INTEGER PRIMARY KEY, name TEXT, city TEXT, "
                                      "phone TEXT, cost_cents INTEGER, currency TEXT, started_ms INTEGER, "
                                      "started_iso TEXT, talk INTEGER, rating REAL, vip INTEGER)")},
                      {}}});
            QVERIFY(db.open().ok());
            QVERIFY(db.migrate().ok());
            QVERIFY(db.transaction([&]() -> StoreStatus {
                          QSqlQuery q = db.query();
                          q.prepare(QStringLiteral("INSERT INTO leads VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
                          for (int i = 0; i < total; ++i) {
                              q.bindValue(0, i);
                              q.bindValue(1, QStringLiteral("Lead ü %1").arg(i));
                              q.bindValue(2, i % 3 == 0 ? QStringLiteral("Miami") : QStringLiteral("Berlin"));
                              q.bindValue(3,
                                          i % 10 == 0 ? QVariant()
                                                      : QVariant(QStringLiteral("+1305%1").arg(i)));
                              q.bindValue(4, i * 3);
                              q.bindValue(5, QStringLiteral("USD"));
                              q.bindValue(6, 1760000000000LL + i);
                              q.bindValue(7, QStringLiteral("2026-05-24T18:14:02.000Z"));
                              q.bindValue(8, i % 100);
                              q.bindValue(9, i / 7.0);
                              q.bindValue(10, i % 2);
                              if (StoreStatus s = db.exec(q); !s)
                                  return s;
                          }
                          return {};
                      }).ok());
        }
        const QString sql = QStringLiteral("SELECT id, name, city, phone, cost_cents AS cost, currency, "
                                           "started_ms AS started, talk, rating, "
                                           "vip, 'ignored' AS extra FROM leads WHERE id >= ? ORDER BY id");

        RecordTableModel model(schema());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.sort(Name, Qt::DescendingOrder); // a sort is active while rows stream in
        RecordTableLoader loader;
        loader.setBatchSizes(1000, 10000);
        loader.setClock([] { return qint64(0); }); // merges cost nothing: batches hold the most rows
        QSignalSpy firstSpy(&loader, &RecordTableLoader::firstBatchMerged);
        QSignalSpy progressSpy(&loader, &RecordTableLoader::progress);
        QSignalSpy finishedSpy(&loader, &RecordTableLoader::finished);
        QSignalSpy insertSpy(&model, &QAbstractItemModel::rowsInserted);
        QVERIFY(loader.start(&model, path, sql, {5}));
        QVERIFY(!loader.start(&model, path, sql)); // one load at a time
        QVERIFY(finishedSpy.wait(60000));
        QVERIFY(model.waitForIdle());
        QCOMPARE(firstSpy.count(), 1);
        QCOMPARE(finishedSpy.count(), 1);
        const StoreStatus status = finishedSpy.first().at(0).value<StoreStatus>();
        QVERIFY2(status.ok(), qPrintable(status.summary()));
        QCOMPARE(finishedSpy.first().at(1).toLongLong(), total - 5);
        QCOMPARE(progressSpy.last().at(0).toLongLong(), total - 5);
        QCOMPARE(insertSpy.count(), progressSpy.count()); // one insert per batch
        QCOMPARE(progressSpy.first().at(0).toLongLong(), 1000); // the first batch is the small one
        // The others hold up to 10,000 (the second may be small too: read before the first was timed).
        QVERIFY(progressSpy.count() <= 2 + (total - 5 - 2000 + 9999) / 10000);
        QCOMPARE(model.rowCount(), total - 5);
        QVERIFY(consistent(model));
        const int row = model.table().findRow(qint64(30));
        QCOMPARE(model.table().text(row, Name), QStringLiteral("Lead ü 30"));
        QVERIFY(model.table().isNull(row, Phone));
        QCOMPARE(model.table().integer(row, Cost), 90);
        QCOMPARE(model.table().integer(row, Started), 1760000000030LL);
        QCOMPARE(model.table().real(row, Rating), 30 / 7.0);
        QCOMPARE(model.table().integer(row, Vip), 0);

        // Loading again upserts (no duplicates); ISO text is accepted for DateTime columns.
        QVERIFY(loader.start(
                &model, path,
                QStringLiteral("SELECT id, started_iso AS started FROM leads ORDER BY id LIMIT 100")));
        QVERIFY(finishedSpy.wait(60000));
        QVERIFY(model.waitForIdle());
        QCOMPARE(model.table().rowCount(), total);
        QCOMPARE(model.table().integer(model.table().findRow(qint64(30)), Started),
                 QDateTime(QDate(2026, 5, 24), QTime(18, 14, 2), Qt::UTC).toMSecsSinceEpoch());
        QVERIFY(consistent(model));

        // Cancel: stops, reports Cancelled exactly once.
        RecordTableModel other(schema());
        loader.setBatchSizes(10, 10);
        QVERIFY(loader.start(&other, path, sql, {0}));
        loader.cancel();
        QVERIFY(finishedSpy.wait(60000));
        QCOMPARE(finishedSpy.last().at(0).value<StoreStatus>().code, StoreStatus::Code::Cancelled);
        QVERIFY(other.rowCount() < total);

        // Bad SQL and a missing file are clear errors.
        QVERIFY(loader.start(&other, path, QStringLiteral("SELECT nope FROM nowhere")));
        QVERIFY(finishedSpy.wait(60000));
        QCOMPARE(finishedSpy.last().at(0).value<StoreStatus>().code, StoreStatus::Code::SqlError);
        RecordTable into(schema());
        QCOMPARE(RecordTableLoader::loadAll(into, m_dir.filePath(QStringLiteral("missing.sqlite")), sql, {0})
                         .code,
                 StoreStatus::Code::OpenFailed);

        // Synchronous load for the CLI and benchmarks.
        QVERIFY(RecordTableLoader::loadAll(into, path, sql, {40000}).ok());
        QCOMPARE(into.rowCount(), total - 40000);
        QCOMPARE(into.text(0, City), QStringLiteral("Berlin"));
    }

    // The cost of a row is learnt from the merges measured, and the next batch is the budget
    // divided by it, within the bounds.
    void mergeBudgetFollowsTheCostOfARow()
    {
        MergeBudget budget(10'000'000, 2000, 500, 50'000); // 10 ms
        QCOMPARE(budget.nextRows(), 2000);
        budget.recordMerge(2000, 2'000'000); // 1 µs a row
        QCOMPARE(budget.nextRows(), 10'000);
        budget.recordMerge(10'000, 10'000'000);
        QCOMPARE(budget.nextRows(), 10'000);
        // The machine gets busy: a row costs 9 µs, then the average follows.
        budget.recordMerge(10'000, 90'000'000);
        QCOMPARE(budget.nsPerRow(), 5000.0);
        QCOMPARE(budget.nextRows(), 2000);
        budget.recordMerge(2000, 18'000'000);
        QCOMPARE(budget.nextRows(), 1428); // 7 µs a row
        // Bounds: never fewer than 500 rows, never more than 50,000.
        budget.recordMerge(100, 1'000'000'000);
        QCOMPARE(budget.nextRows(), 500);
        for (int i = 0; i < 40; ++i)
            budget.recordMerge(50'000, 1000);
        QCOMPARE(budget.nextRows(), 50'000);
    }

    // The loader hands the GUI thread as many rows as fit its time budget on this machine: where
    // a row costs ten times more to merge, a batch holds a tenth of the rows. An injected clock
    // stands for the machine: each merge advances it by the cost of the rows merged.
    void loadBatchesFollowTheMergeBudget_data()
    {
        QTest::addColumn<qint64>("nsPerRow");
        QTest::addColumn<int>("expectedRows");
        QTest::newRow("fast machine") << qint64(2000) << 10'000; // 20 ms ÷ 2 µs
        QTest::newRow("ten times slower") << qint64(20'000) << 1000; // 20 ms ÷ 20 µs
    }

    void loadBatchesFollowTheMergeBudget()
    {
        QFETCH(qint64, nsPerRow);
        QFETCH(int, expectedRows);
        const QString path = m_dir.filePath(QStringLiteral("budget.sqlite"));
        const int total = 50'000;
        if (!QFile::exists(path)) {
            Database db(path);
            db.registerMigrations(
                    QStringLiteral("test"),
                    {{1, {QStringLiteral("CREATE TABLE leads(id INTEGER PRIMARY KEY, name TEXT)")}, {}}});
            QVERIFY(db.open().ok());
            QVERIFY(db.migrate().ok());
            QVERIFY(db.transaction([&]() -> StoreStatus {
                          PreparedStatement insert(db, QStringLiteral("INSERT INTO leads VALUES (?, ?)"));
                          for (int i = 0; i < total; ++i) {
                              insert.bindInt64(0, i);
                              insert.bindText(1, QStringLiteral("Lead %1").arg(i));
                              if (StoreStatus st = insert.exec(); !st)
                                  return st;
                          }
                          return insert.status();
                      }).ok());
        }
        RecordTableModel model(schema());
        RecordTableLoader loader;
        loader.setBatchSizes(2000, 1'000'000);
        loader.setMergeBudget(20);
        qint64 now = 0;
        loader.setClock([&now] { return now; });
        connect(&model, &RecordTableModel::rowsMerged, this, [&now, nsPerRow](int appended, int updated) {
            now += qint64(appended + updated) * nsPerRow;
        });
        std::vector<qint64> batches;
        connect(&loader, &RecordTableLoader::progress, this, [&batches](qint64 loaded) {
            batches.push_back(loaded - std::accumulate(batches.begin(), batches.end(), qint64(0)));
        });
        QSignalSpy finishedSpy(&loader, &RecordTableLoader::finished);
        QVERIFY(loader.start(&model, path, QStringLiteral("SELECT id, name FROM leads")));
        QVERIFY(finishedSpy.wait(60000));
        QCOMPARE(model.rowCount(), total);
        QCOMPARE(batches.front(), qint64(2000)); // the first rows on screen soon
        // The second batch may have been read before the first merge was timed; every later one
        // (but the remainder at the end) holds what fits the budget.
        QVERIFY2(batches.size() >= 5, qPrintable(QString::number(batches.size())));
        for (size_t i = 2; i + 1 < batches.size(); ++i)
            QCOMPARE(batches[i], qint64(expectedRows));
        QVERIFY(batches.back() <= expectedRows);
    }

    void theGuiThreadRunsBetweenLoadedBatches()
    {
        // The reader may be far ahead of a busy GUI thread; batches must still be merged one per
        // pass of the event loop (never several back to back), or the window freezes meanwhile.
        const QString path = m_dir.filePath(QStringLiteral("batches.sqlite"));
        {
            Database db(path);
            db.registerMigrations(
                    QStringLiteral("test"),
                    {{1, {QStringLiteral("CREATE TABLE leads(id INTEGER PRIMARY KEY, name TEXT)")}, {}}});
            QVERIFY(db.open().ok());
            QVERIFY(db.migrate().ok());
            QVERIFY(db.transaction([&]() -> StoreStatus {
                          QSqlQuery q = db.query();
                          q.prepare(QStringLiteral("INSERT INTO leads VALUES (?, ?)"));
                          for (int i = 0; i < 4000; ++i) {
                              q.bindValue(0, i);
                              q.bindValue(1, QStringLiteral("Lead %1").arg(i));
                              if (StoreStatus st = db.exec(q); !st)
                                  return st;
                          }
                          return {};
                      }).ok());
        }
        RecordTableModel model(schema());
        RecordTableLoader loader;
        loader.setBatchSizes(200, 200);
        QSignalSpy finishedSpy(&loader, &RecordTableLoader::finished);
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(0);
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start();
        std::vector<int> ticksAtMerge;
        connect(&model, &QAbstractItemModel::rowsInserted, this, [&] {
            ticksAtMerge.push_back(ticks);
            if (ticksAtMerge.size() == 1)
                QThread::msleep(100); // a slow first paint: the reader gets well ahead
        });
        QVERIFY(loader.start(&model, path, QStringLiteral("SELECT id, name FROM leads")));
        QVERIFY(finishedSpy.wait(60000));
        QCOMPARE(model.rowCount(), 4000);
        QCOMPARE(ticksAtMerge.size(), size_t(20));
        for (size_t i = 1; i < ticksAtMerge.size(); ++i)
            QVERIFY2(ticksAtMerge[i] > ticksAtMerge[i - 1],
                     qPrintable(QStringLiteral("batches %1 and %2 merged in one pass").arg(i - 1).arg(i)));
    }

    void modelDestroyedDuringLoad()
    {
        const QString path = m_dir.filePath(QStringLiteral("load.sqlite"));
        auto *model = new RecordTableModel(schema());
        RecordTableLoader loader;
        loader.setBatchSizes(100, 100);
        QSignalSpy finishedSpy(&loader, &RecordTableLoader::finished);
        // The page closes right after the first rows arrived; later batches must not touch it.
        connect(&loader, &RecordTableLoader::firstBatchMerged, this, [&model]() {
            delete model;
            model = nullptr;
        });
        QVERIFY(loader.start(model, path, QStringLiteral("SELECT id, name FROM leads")));
        QVERIFY(finishedSpy.wait(60000));
        QVERIFY(!model);
        QCOMPARE(finishedSpy.first().at(0).value<StoreStatus>().code, StoreStatus::Code::Cancelled);
    }

    void realViewFollowsLayoutChanges()
    {
        RecordTableModel model(schema());
        model.setExecution(RecordTableModel::Execution::Synchronous);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTreeView view;
        view.setUniformRowHeights(true);
        view.setRootIsDecorated(false);
        view.setSortingEnabled(true);
        view.setModel(&model);
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        model.mergeRows(rows(0, 5000, 10));
        view.setCurrentIndex(model.index(4000, Name));
        const int currentRow = model.tableRow(4000);
        view.scrollTo(view.currentIndex());

        // Header click path: the view asks the model to sort.
        view.sortByColumn(Cost, Qt::DescendingOrder);
        QCOMPARE(model.sortColumn(), int(Cost));
        QCOMPARE(model.tableRow(view.currentIndex().row()), currentRow);
        // Narrow to almost nothing and widen again: the view's rows follow the row count.
        model.setFilterText(QStringLiteral("zeta4"));
        QVERIFY(model.rowCount() > 0 && model.rowCount() < 5000);
        QCoreApplication::processEvents();
        // The view's top row is one of the remaining rows, not a stale one past the end.
        const QModelIndex top = view.indexAt(QPoint(5, 5));
        QVERIFY(top.isValid());
        QVERIFY(top.row() < model.rowCount());
        const QModelIndex last = model.index(model.rowCount() - 1, 0);
        view.scrollTo(last);
        QVERIFY(view.visualRect(last).isValid());
        QVERIFY(!view.indexBelow(last).isValid());
        model.setFilterText(QString());
        QCOMPARE(model.rowCount(), 5000);
        view.scrollToBottom();
        QCoreApplication::processEvents();
        QVERIFY(view.visualRect(model.index(4999, 0)).isValid());
        // Rows arriving while sorted end up in place, and the view shows all of them.
        model.mergeRows(rows(5000, 500, 11));
        QCOMPARE(model.rowCount(), 5500);
        QVERIFY(consistent(model));
        view.scrollToBottom();
        QCoreApplication::processEvents();
        QVERIFY(view.visualRect(model.index(5499, 0)).isValid());
    }
};

CC_TEST_GUI_MAIN(TestRecordTableModel)
#include "tst_recordtablemodel.moc"
