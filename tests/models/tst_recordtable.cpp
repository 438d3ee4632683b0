#include "TestMain.h"

#include "table/RecordFilter.h"
#include "table/RecordTable.h"
#include "table/RecordView.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <algorithm>
#include <numeric>

// The column store and the pure sort/filter computations, checked against straightforward
// QString/QVariant reference implementations on random data.
class TestRecordTable : public QObject
{
    Q_OBJECT

private:
    enum Col {
        Id,
        Start,
        Duration,
        Billsec,
        Src,
        Dst,
        Disposition,
        Sip,
        Cost,
        Currency,
        Country,
        Did,
        Score,
        Answered
    };

    static RecordSchema cdrSchema()
    {
        return RecordSchema(
                {
                        ColumnSpec::make(ColumnType::Text, QStringLiteral("id"), QStringLiteral("ID")),
                        ColumnSpec::make(ColumnType::DateTime, QStringLiteral("startTime"),
                                         QStringLiteral("Start")),
                        ColumnSpec::make(ColumnType::Duration, QStringLiteral("duration"),
                                         QStringLiteral("Duration")),
                        ColumnSpec::make(ColumnType::Duration, QStringLiteral("billsec"),
                                         QStringLiteral("Billed")),
                        ColumnSpec::make(ColumnType::Phone, QStringLiteral("src"), QStringLiteral("From")),
                        ColumnSpec::make(ColumnType::Phone, QStringLiteral("dst"), QStringLiteral("To")),
                        ColumnSpec::make(ColumnType::Category, QStringLiteral("disposition"),
                                         QStringLiteral("Result")),
                        ColumnSpec::make(ColumnType::Category, QStringLiteral("sipUsername"),
                                         QStringLiteral("SIP")),
                        ColumnSpec::make(ColumnType::Money, QStringLiteral("sellPriceCents"),
                                         QStringLiteral("Cost"))
                                .withCurrencyColumn(QStringLiteral("currency")),
                        ColumnSpec::make(ColumnType::Category, QStringLiteral("currency"),
                                         QStringLiteral("Currency")),
                        ColumnSpec::make(ColumnType::Category, QStringLiteral("country"),
                                         QStringLiteral("Country")),
                        ColumnSpec::make(ColumnType::Phone, QStringLiteral("did"), QStringLiteral("DID")),
                        ColumnSpec::make(ColumnType::Real, QStringLiteral("score"), QStringLiteral("Score")),
                        ColumnSpec::make(ColumnType::Bool, QStringLiteral("answered"),
                                         QStringLiteral("Answered")),
                },
                QStringLiteral("id"));
    }

    static const QStringList &countries()
    {
        static const QStringList list = {QStringLiteral("United Kingdom"), QStringLiteral("Germany"),
                                         QStringLiteral("Österreich"),     QStringLiteral("united states"),
                                         QStringLiteral("Ελλάδα"),         QStringLiteral("Zambia"),
                                         QStringLiteral("Åland")};
        return list;
    }

    static void fillRow(RecordTable &t, int row, int id, QRandomGenerator &rng)
    {
        static const QStringList dispositions = {QStringLiteral("ANSWERED"), QStringLiteral("NO ANSWER"),
                                                 QStringLiteral("BUSY"), QStringLiteral("FAILED")};
        t.setText(row, Id, QStringLiteral("17478%1.%2").arg(id).arg(id % 97));
        t.setDateTime(row, Start, 1760000000000LL + qint64(rng.bounded(90 * 86400)) * 1000);
        const int duration = int(rng.bounded(4000)) - 5; // a few negative oddities
        t.setDuration(row, Duration, duration);
        t.setDuration(row, Billsec, qMax(0, duration - 3));
        t.setText(row, Src, QStringLiteral("+1415555%1").arg(rng.bounded(10000), 4, 10, QLatin1Char('0')));
        t.setText(row, Dst, QStringLiteral("+44207%1").arg(rng.bounded(1000000), 6, 10, QLatin1Char('0')));
        t.setText(row, Disposition, dispositions.at(int(rng.bounded(dispositions.size()))));
        t.setText(row, Sip, QStringLiteral("unl_%1").arg(rng.bounded(20), 3, 10, QLatin1Char('0')));
        t.setMoney(row, Cost, qint64(rng.bounded(500)) - 10);
        t.setText(row, Currency, rng.bounded(10) == 0 ? QStringLiteral("EUR") : QStringLiteral("USD"));
        t.setText(row, Country, countries().at(int(rng.bounded(countries().size()))));
        if (rng.bounded(3) == 0)
            t.setText(row, Did,
                      QStringLiteral("+1305555%1").arg(rng.bounded(10000), 4, 10, QLatin1Char('0')));
        if (rng.bounded(7) != 0)
            t.setReal(row, Score, rng.generateDouble() * 10 - 5);
        t.setBool(row, Answered, rng.bounded(2) == 0);
    }

    static RecordTable randomTable(int rows, quint32 seed)
    {
        QRandomGenerator rng(seed);
        RecordTable t(cdrSchema());
        for (int i = 0; i < rows; ++i)
            fillRow(t, t.appendRow(), i, rng);
        return t;
    }

    // Reference comparison for the ascending order RecordView promises.
    static bool referenceLess(const RecordTable &t, int column, int a, int b)
    {
        const bool nullA = t.isNull(a, column);
        const bool nullB = t.isNull(b, column);
        if (nullA || nullB)
            return nullA != nullB ? nullA : a < b;
        int cmp = 0;
        switch (t.columnType(column)) {
        case ColumnType::Text:
        case ColumnType::Phone: {
            // ASCII-folded byte order == QString::compare(CaseInsensitive) for ASCII text.
            cmp = t.text(a, column).compare(t.text(b, column), Qt::CaseInsensitive);
            break;
        }
        case ColumnType::Category: {
            QCollator collator;
            collator.setCaseSensitivity(Qt::CaseInsensitive);
            collator.setNumericMode(true);
            cmp = collator.compare(t.text(a, column), t.text(b, column));
            break;
        }
        case ColumnType::Real:
            cmp = t.real(a, column) < t.real(b, column) ? -1
                                                        : (t.real(a, column) > t.real(b, column) ? 1 : 0);
            break;
        default:
            cmp = t.integer(a, column) < t.integer(b, column) ? -1
                                                              : (t.integer(a, column) > t.integer(b, column));
            break;
        }
        return cmp != 0 ? cmp < 0 : a < b;
    }

private Q_SLOTS:
    // Collation is locale-aware; the C locale of a CI machine compares code points.
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void typedCellsAndNulls()
    {
        RecordTable t(cdrSchema());
        const int r = t.appendRow();
        for (int c = 0; c < t.columnCount(); ++c)
            QVERIFY(t.isNull(r, c));
        t.setText(r, Id, QStringLiteral("a.1"));
        t.setDateTime(r, Start, 1747852442000LL);
        t.setDuration(r, Duration, 81);
        t.setText(r, Src, QStringLiteral("+14155550100"));
        t.setText(r, Country, QStringLiteral("Österreich"));
        t.setText(r, Currency, QStringLiteral("USD"));
        t.setMoney(r, Cost, 34);
        t.setReal(r, Score, 2.5);
        t.setBool(r, Answered, false);
        t.setText(r, Dst, QString()); // empty, not null
        QCOMPARE(t.text(r, Id), QStringLiteral("a.1"));
        QCOMPARE(t.value(r, Start).toDateTime(), QDateTime::fromMSecsSinceEpoch(1747852442000LL, Qt::UTC));
        QCOMPARE(t.integer(r, Duration), 81);
        QCOMPARE(t.value(r, Src).toString(), QStringLiteral("+14155550100"));
        QCOMPARE(t.text(r, Country), QStringLiteral("Österreich"));
        QCOMPARE(t.integer(r, Cost), 34);
        QCOMPARE(t.currency(r, Cost), QStringLiteral("USD"));
        QCOMPARE(t.real(r, Score), 2.5);
        QCOMPARE(t.value(r, Answered), QVariant(false));
        QVERIFY(!t.isNull(r, Dst));
        QVERIFY(t.text(r, Dst).isEmpty());
        QVERIFY(t.isNull(r, Did));
        QVERIFY(!t.value(r, Did).isValid());
        t.setNull(r, Src);
        QVERIFY(t.isNull(r, Src));
        // Generic setter.
        t.setValue(r, Start, QStringLiteral("2026-05-24T18:14:02.000Z"));
        QCOMPARE(t.integer(r, Start),
                 QDateTime(QDate(2026, 5, 24), QTime(18, 14, 2), Qt::UTC).toMSecsSinceEpoch());
        t.setValue(r, Billsec, QVariant());
        QVERIFY(t.isNull(r, Billsec));
    }

    void categoriesAreDictionaryEncoded()
    {
        RecordTable t = randomTable(5000, 7);
        QVERIFY(t.categoryCount(Country) <= countries().size());
        QStringList values = t.categoryValues(Country);
        QCOMPARE(values.size(), countries().size());
        // Sorted for display: locale-aware, case-insensitive.
        QCOMPARE(values.first(), QStringLiteral("Åland"));
        QVERIFY(values.indexOf(QStringLiteral("Germany")) < values.indexOf(QStringLiteral("united states")));
        QVERIFY(t.findCategory(Country, "Zambia") >= 0);
        QCOMPARE(t.findCategory(Country, "Atlantis"), -1);
    }

    void mergeUpsertsById()
    {
        RecordTable t(cdrSchema());
        RecordTable batch(cdrSchema());
        for (int i = 0; i < 3; ++i) {
            const int r = batch.appendRow();
            batch.setText(r, Id, QStringLiteral("id%1").arg(i));
            batch.setText(r, Country, QStringLiteral("C%1").arg(i));
            batch.setMoney(r, Cost, i);
        }
        RecordTable::MergeResult first = t.merge(batch);
        QCOMPARE(first.firstAppended, 0);
        QCOMPARE(first.appended, 3);
        QVERIFY(first.updated.empty());

        // id1 again (changed), id3 new, id3 twice in the same batch (the last one wins).
        RecordTable second(cdrSchema());
        const auto add = [&second](const QString &id, const QString &country, qint64 cost) {
            const int r = second.appendRow();
            second.setText(r, Id, id);
            second.setText(r, Country, country);
            second.setMoney(r, Cost, cost);
        };
        add(QStringLiteral("id1"), QStringLiteral("Changed"), 100);
        add(QStringLiteral("id3"), QStringLiteral("New"), 3);
        add(QStringLiteral("id3"), QStringLiteral("Newer"), 4);
        const RecordTable::MergeResult result = t.merge(second);
        QCOMPARE(result.firstAppended, 3);
        QCOMPARE(result.appended, 1);
        QCOMPARE(result.updated, std::vector<int>{1});
        QCOMPARE(t.rowCount(), 4);
        QCOMPARE(t.findRow(QStringView(u"id1")), 1);
        QCOMPARE(t.text(1, Country), QStringLiteral("Changed"));
        QCOMPARE(t.integer(1, Cost), 100);
        QCOMPARE(t.text(3, Country), QStringLiteral("Newer"));
        QCOMPARE(t.integer(3, Cost), 4);
        QCOMPARE(t.findRow(QStringView(u"nope")), -1);
        // A null in the batch clears the cell.
        RecordTable third(cdrSchema());
        third.setText(third.appendRow(), Id, QStringLiteral("id0"));
        t.merge(third);
        QVERIFY(t.isNull(0, Cost));
        QVERIFY(t.isNull(0, Country));
    }

    void integerIdsAndManyRows()
    {
        const RecordSchema schema(
                {ColumnSpec::make(ColumnType::Integer, QStringLiteral("id"), QStringLiteral("ID")),
                 ColumnSpec::make(ColumnType::Text, QStringLiteral("name"), QStringLiteral("Name"))},
                QStringLiteral("id"));
        RecordTable t(schema);
        for (int round = 0; round < 3; ++round) {
            RecordTable batch(schema);
            for (int i = 0; i < 20000; ++i) {
                const int r = batch.appendRow();
                batch.setInteger(r, 0, qint64(i) * 7919 - 50000);
                batch.setText(r, 1, QStringLiteral("n%1-%2 ").arg(i).arg(round).repeated(8));
            }
            const RecordTable::MergeResult result = t.merge(batch);
            QCOMPARE(result.appended, round == 0 ? 20000 : 0);
            QCOMPARE(int(result.updated.size()), round == 0 ? 0 : 20000);
        }
        QCOMPARE(t.rowCount(), 20000);
        for (int i = 0; i < 20000; i += 997) {
            const int row = t.findRow(qint64(i) * 7919 - 50000);
            QCOMPARE(row, i);
            QCOMPARE(t.text(row, 1), QStringLiteral("n%1-2 ").arg(i).repeated(8));
        }
        // Overwritten text is compacted away once it dominates: the arena stays bounded.
        size_t live = 0;
        for (int row = 0; row < t.rowCount(); ++row)
            live += size_t(t.utf8(row, 1).size());
        QVERIFY2(t.columnData(1).arena.bytes() < 2 * live,
                 qPrintable(QStringLiteral("%1 bytes stored for %2 live")
                                    .arg(t.columnData(1).arena.bytes())
                                    .arg(live)));
    }

    void copiesAreIndependent()
    {
        RecordTable a = randomTable(100, 3);
        RecordTable b = a;
        b.setText(0, Country, QStringLiteral("Brand new"));
        QVERIFY(a.text(0, Country) != QStringLiteral("Brand new"));
        QVERIFY(b.findCategory(Country, "Brand new") >= 0);
        QCOMPARE(a.findCategory(Country, "Brand new"), -1);
        QCOMPARE(b.findRow(a.utf8(5, Id)), 5);
    }

    void memoryPerRowFitsTheBudget()
    {
        // 12 CDR columns (the API's fields) at 200k rows: the issue allows 450 bytes per row.
        RecordTable t = randomTable(200000, 11);
        t.merge(RecordTable(cdrSchema())); // builds the id index
        t.squeeze();
        const double perRow = double(t.memoryUsage()) / t.rowCount();
        qInfo("RecordTable: %.1f bytes per row", perRow);
        QVERIFY2(perRow < 300, qPrintable(QString::number(perRow)));
    }

    void sortMatchesReference_data()
    {
        QTest::addColumn<int>("column");
        for (const int c : {Id, Start, Duration, Src, Disposition, Cost, Country, Did, Score, Answered})
            QTest::newRow(qPrintable(cdrSchema().column(c).key)) << c;
    }

    void sortMatchesReference()
    {
        QFETCH(int, column);
        const RecordTable t = randomTable(3000, 42);
        const std::vector<int> sorted = RecordView::sortedRows(t, t.rowCount(), column);
        std::vector<int> expected(size_t(t.rowCount()));
        std::iota(expected.begin(), expected.end(), 0);
        std::sort(expected.begin(), expected.end(),
                  [&](int a, int b) { return referenceLess(t, column, a, b); });
        QCOMPARE(sorted, expected);
        // RowOrder agrees with itself and is a strict order.
        const RecordView::RowOrder order(t, column);
        for (size_t i = 1; i < sorted.size(); ++i) {
            QVERIFY(order.less(sorted[i - 1], sorted[i]));
            QVERIFY(!order.less(sorted[i], sorted[i - 1]));
        }
    }

    void textSortFoldsCaseAndLooksPastTheKeys()
    {
        const RecordSchema schema(
                {ColumnSpec::make(ColumnType::Text, QStringLiteral("name"), QStringLiteral("Name"))});
        RecordTable t(schema);
        const QStringList names = {
                QStringLiteral("prefix12345678b"), QStringLiteral("Prefix12345678A"), QStringLiteral("apple"),
                QString(), QStringLiteral("Zoo"), QStringLiteral("prefix12345678"),
                // past sixteen bytes too
                QStringLiteral("prefix12345678901234z"), QStringLiteral("PREFIX12345678901234Y"),
                QStringLiteral("prefix1234567890123")};
        for (const QString &n : names) {
            const int r = t.appendRow();
            if (!n.isNull())
                t.setText(r, 0, n);
        }
        const std::vector<int> sorted = RecordView::sortedRows(t, t.rowCount(), 0);
        QStringList order;
        for (const int r : sorted)
            order << (t.isNull(r, 0) ? QStringLiteral("<null>") : t.text(r, 0));
        QCOMPARE(order,
                 QStringList({QStringLiteral("<null>"), QStringLiteral("apple"),
                              QStringLiteral("prefix12345678"), QStringLiteral("prefix1234567890123"),
                              QStringLiteral("PREFIX12345678901234Y"),
                              QStringLiteral("prefix12345678901234z"), QStringLiteral("Prefix12345678A"),
                              QStringLiteral("prefix12345678b"), QStringLiteral("Zoo")}));
    }

    void textSortOrdersManyTiesByTextThenRow()
    {
        // Addresses once per campaign step, many agreeing on their first 16 bytes and going on
        // (in other case too), among short cells, prefixes of them, empties and nulls: the same
        // order as the full comparison, equal cells by row, also for rows given out of order.
        const RecordSchema schema(
                {ColumnSpec::make(ColumnType::Text, QStringLiteral("to"), QStringLiteral("To"))});
        RecordTable t(schema);
        const QStringList locals = {QStringLiteral("julia.kowalski12"),
                                    QStringLiteral("JULIA.KOWALSKI12"),
                                    QStringLiteral("julia.kowalski1"),
                                    QStringLiteral("julia"),
                                    QStringLiteral("julia.kowalski12@"),
                                    QString(),
                                    QStringLiteral("")};
        const QStringList domains = {QStringLiteral("@acme.com"), QStringLiteral("@Acme.com"),
                                     QStringLiteral("@bigco.io"), QStringLiteral("@a"), QStringLiteral("")};
        for (int step = 0; step < 4; ++step) {
            for (int i = 0; i < 300; ++i) {
                const int r = t.appendRow();
                const QString local = locals.at((i * 3 + step) % locals.size());
                if (!local.isNull())
                    t.setText(r, 0, local + domains.at((i / 7) % domains.size()));
            }
        }
        const RecordView::RowOrder order(t, 0);
        const auto reference = [&](std::vector<int> rows) {
            std::sort(rows.begin(), rows.end(), [&](int a, int b) {
                const int cmp = t.isNull(a, 0) || t.isNull(b, 0)
                        ? int(t.isNull(b, 0)) - int(t.isNull(a, 0))
                        : RecordView::compareFolded(t.utf8(a, 0), t.utf8(b, 0));
                return cmp != 0 ? cmp < 0 : a < b;
            });
            return rows;
        };
        std::vector<int> all(size_t(t.rowCount()));
        std::iota(all.begin(), all.end(), 0);
        const std::vector<int> sorted = RecordView::sortedRows(t, t.rowCount(), 0);
        QCOMPARE(sorted, reference(all));
        int equalNeighbours = 0;
        for (size_t i = 1; i < sorted.size(); ++i) {
            QVERIFY(order.less(sorted[i - 1], sorted[i]));
            if (!t.isNull(sorted[i], 0) &&
                t.text(sorted[i - 1], 0).compare(t.text(sorted[i], 0), Qt::CaseInsensitive) == 0)
                ++equalNeighbours;
        }
        QVERIFY2(equalNeighbours > 1000, qPrintable(QString::number(equalNeighbours)));

        // A subset in reverse order (a filtered view being re-sorted).
        std::vector<int> subset;
        for (int r = t.rowCount() - 1; r >= 0; r -= 3)
            subset.push_back(r);
        const std::vector<int> expected = reference(subset);
        RecordView::sortRows(t, 0, subset);
        QCOMPARE(subset, expected);
    }

    void filterMatchesReference_data()
    {
        QTest::addColumn<RecordFilter>("filter");
        const auto text = [](const QString &s) {
            RecordFilter f;
            f.text = s;
            return f;
        };
        QTest::newRow("text digits") << text(QStringLiteral("5550"));
        QTest::newRow("text letters any case") << text(QStringLiteral("aNsW"));
        QTest::newRow("text two terms") << text(QStringLiteral("answered 44207"));
        QTest::newRow("text non-ascii") << text(QStringLiteral("österr"));
        QTest::newRow("text greek upper") << text(QStringLiteral("ΕΛΛ"));
        QTest::newRow("text nothing") << text(QStringLiteral("zzzzzz"));
        RecordFilter f;
        f.predicates = {
                ColumnPredicate::oneOf(Country, {QStringLiteral("germany"), QStringLiteral("ZAMBIA")})};
        QTest::newRow("country one of") << f;
        f.predicates = {ColumnPredicate::range(Duration, 60, 600), ColumnPredicate::isTrue(Answered)};
        QTest::newRow("duration range and answered") << f;
        f.predicates = {ColumnPredicate::range(Cost, std::nullopt, 0)};
        QTest::newRow("cost at most 0") << f;
        f.predicates = {ColumnPredicate::isNull(Did)};
        QTest::newRow("no did") << f;
        f.predicates = {ColumnPredicate::equals(Disposition, QStringLiteral("busy")),
                        ColumnPredicate::contains(Src, QStringLiteral("41555501"))};
        f.text = QStringLiteral("united");
        QTest::newRow("mixed") << f;
        RecordFilter scoped;
        scoped.text = QStringLiteral("unl_00");
        scoped.textColumns = {Src, Dst};
        QTest::newRow("text restricted to phone columns") << scoped;
    }

    void filterMatchesReference()
    {
        QFETCH(RecordFilter, filter);
        const RecordTable t = randomTable(4000, 5);
        const RecordView::Matcher matcher(t, filter);
        const std::vector<int> got = RecordView::filterRows(matcher, nullptr, size_t(t.rowCount()));

        const QList<int> textColumns =
                filter.textColumns.isEmpty() ? t.schema().searchableColumns() : filter.textColumns;
        const auto holds = [&](const ColumnPredicate &p, int row) {
            if (p.kind == ColumnPredicate::Kind::IsNull)
                return t.isNull(row, p.column);
            if (t.isNull(row, p.column))
                return false;
            switch (p.kind) {
            case ColumnPredicate::Kind::Contains:
                return t.text(row, p.column).contains(p.text, Qt::CaseInsensitive);
            case ColumnPredicate::Kind::Equals:
                return t.text(row, p.column).compare(p.text, Qt::CaseInsensitive) == 0;
            case ColumnPredicate::Kind::OneOf:
                return p.values.contains(t.text(row, p.column), Qt::CaseInsensitive);
            case ColumnPredicate::Kind::Range:
                return (!p.min || t.real(row, p.column) >= *p.min) &&
                        (!p.max || t.real(row, p.column) <= *p.max);
            case ColumnPredicate::Kind::IsTrue:
                return t.integer(row, p.column) == 1;
            default:
                return false;
            }
        };
        std::vector<int> expected;
        for (int row = 0; row < t.rowCount(); ++row) {
            bool ok = std::all_of(filter.predicates.begin(), filter.predicates.end(),
                                  [&](const ColumnPredicate &p) { return holds(p, row); });
            for (const QString &term : filter.text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                ok = ok && std::any_of(textColumns.begin(), textColumns.end(), [&](int c) {
                         return !t.isNull(row, c) && t.text(row, c).contains(term, Qt::CaseInsensitive);
                     });
            }
            if (ok)
                expected.push_back(row);
        }
        QCOMPARE(got, expected);
    }

    void parallelFilterKeepsOrder()
    {
        const RecordTable t = randomTable(250000, 9); // above the threshold for threads
        RecordFilter f;
        f.text = QStringLiteral("4");
        const RecordView::Matcher matcher(t, f);
        std::vector<int> rows = RecordView::sortedRows(t, t.rowCount(), Start);
        const std::vector<int> got = RecordView::filterRows(matcher, rows.data(), rows.size());
        std::vector<int> expected;
        for (const int r : rows) {
            if (matcher.matches(r))
                expected.push_back(r);
        }
        QCOMPARE(got, expected);
        QVERIFY(!got.empty());
    }

    void narrowingIsRecognised()
    {
        RecordFilter a;
        a.text = QStringLiteral("mia");
        RecordFilter b = a;
        b.text = QStringLiteral("miam");
        QVERIFY(b.narrows(a));
        QVERIFY(!a.narrows(b));
        b.text = QStringLiteral("MIAMI dent");
        QVERIFY(b.narrows(a));
        RecordFilter withRange = b;
        withRange.predicates = {ColumnPredicate::range(Duration, 10, 100)};
        QVERIFY(withRange.narrows(b));
        RecordFilter tighter = withRange;
        tighter.predicates = {ColumnPredicate::range(Duration, 20, 90)};
        QVERIFY(tighter.narrows(withRange));
        QVERIFY(!withRange.narrows(tighter));
        RecordFilter oneOf;
        oneOf.predicates = {ColumnPredicate::oneOf(Country, {QStringLiteral("A"), QStringLiteral("B")})};
        RecordFilter subset;
        subset.predicates = {ColumnPredicate::oneOf(Country, {QStringLiteral("b")})};
        QVERIFY(subset.narrows(oneOf));
        QVERIFY(!oneOf.narrows(subset));
        RecordFilter otherColumns = a;
        otherColumns.textColumns = {Src};
        QVERIFY(!otherColumns.narrows(a));
        QVERIFY(RecordFilter().isEmpty());
        QVERIFY(a.narrows(RecordFilter()));
    }
};

CC_TEST_GUILESS_MAIN(TestRecordTable)
#include "tst_recordtable.moc"
