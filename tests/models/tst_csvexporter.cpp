#include "TestMain.h"

#include "export/CsvExporter.h"
#include "table/RecordTableModel.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>

#include <ctime>

// The one CSV exporter, read back by an independent reader (Python's csv module):
// RFC 4180 (C1), formula injection (C2), profiles and BOM (C3), atomic 0600 files (D4).
class TestCsvExporter : public QObject
{
    Q_OBJECT

private:
    enum Col { Name, Phone, City, Calls, Rating, Cost, Currency, Started, Talk, Vip };
    QTemporaryDir m_dir;

    static RecordSchema schema()
    {
        return RecordSchema({
                ColumnSpec::make(ColumnType::Text, QStringLiteral("name"), QStringLiteral("Business name")),
                ColumnSpec::make(ColumnType::Phone, QStringLiteral("phone"), QStringLiteral("Phone")),
                ColumnSpec::make(ColumnType::Category, QStringLiteral("city"), QStringLiteral("City")),
                ColumnSpec::make(ColumnType::Integer, QStringLiteral("calls"), QStringLiteral("Calls")),
                ColumnSpec::make(ColumnType::Real, QStringLiteral("rating"), QStringLiteral("Rating")),
                ColumnSpec::make(ColumnType::Money, QStringLiteral("costCents"), QStringLiteral("Cost"))
                        .withCurrencyColumn(QStringLiteral("currency")),
                ColumnSpec::make(ColumnType::Category, QStringLiteral("currency"),
                                 QStringLiteral("Currency")),
                ColumnSpec::make(ColumnType::DateTime, QStringLiteral("started"), QStringLiteral("Started")),
                ColumnSpec::make(ColumnType::Duration, QStringLiteral("talk"), QStringLiteral("Talk time")),
                ColumnSpec::make(ColumnType::Bool, QStringLiteral("vip"), QStringLiteral("VIP")),
        });
    }

    // Nasty text: formulas (every trigger), quotes, separators, line breaks, non-ASCII, NUL.
    static QStringList nastyNames()
    {
        return {
                QStringLiteral("=1+2\";=1+2"), // OWASP's example
                QStringLiteral("=HYPERLINK(\"http://evil\",\"x\")"),
                QStringLiteral("+cmd|' /C calc'!A0"),
                QStringLiteral("-2+3"),
                QStringLiteral("@SUM(A1:A2)"),
                QStringLiteral("\tTabbed"),
                QStringLiteral("\rCarriage"),
                QStringLiteral("\nLine"),
                QString(QChar(0)) + QStringLiteral("nul"),
                QStringLiteral("Ann's \"Best\" Dental, LLC"),
                QStringLiteral("two\nlines"),
                QStringLiteral("crlf\r\ninside"),
                QStringLiteral("Zoë Ünïcödé — 日本語 🚀"),
                QStringLiteral("plain"),
                QStringLiteral("trailing space "),
                QString(), // empty (not null)
                QStringLiteral("a=b, not a formula"),
        };
    }

    static RecordTableModel *makeModel(QObject *parent)
    {
        auto *model = new RecordTableModel(schema(), parent);
        model->setExecution(RecordTableModel::Execution::Synchronous);
        RecordTable t(schema());
        const QStringList names = nastyNames();
        for (int i = 0; i < names.size(); ++i) {
            const int r = t.appendRow();
            t.setText(r, Name, names.at(i));
            if (i % 4 != 3)
                t.setText(r, Phone,
                          i % 4 == 2 ? QStringLiteral("+44 20 7183 8750")
                                     : QStringLiteral("+1305555%1").arg(i, 4, 10, QLatin1Char('0')));
            t.setText(r, City, i % 2 ? QStringLiteral("São Paulo") : QStringLiteral("=Miami"));
            t.setInteger(r, Calls, i - 5);
            if (i % 3)
                t.setReal(r, Rating, i / 4.0 - 1.1);
            t.setMoney(r, Cost, i % 5 == 0 ? -7 : 1234 * i);
            t.setText(r, Currency, i % 3 == 0 ? QStringLiteral("JPY") : QStringLiteral("USD"));
            t.setDateTime(r, Started, 1747852442123LL + qint64(i) * 86400000LL * 40); // across DST changes
            t.setDuration(r, Talk, i * 1237);
            t.setBool(r, Vip, i % 2);
        }
        model->mergeRows(std::move(t));
        model->setVisibleColumns({Name, Phone, City, Calls, Rating, Cost, Currency, Started, Talk, Vip});
        return model;
    }

    // The independent reader: Python's csv module, strict, returns rows as JSON.
    static QList<QStringList> readCsv(const QString &path)
    {
        QProcess python;
        python.start(QStringLiteral("python3"),
                     {QStringLiteral("-c"),
                      QStringLiteral("import csv, json, sys\n"
                                     "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
                                     "    rows = list(csv.reader(f, strict=True))\n"
                                     "sys.stdout.write(json.dumps(rows))\n"),
                      path});
        if (!python.waitForFinished(60000) || python.exitCode() != 0) {
            qWarning() << "python3 failed:" << python.readAllStandardError();
            return {};
        }
        QList<QStringList> rows;
        const QJsonArray array = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
        for (const QJsonValue &row : array) {
            QStringList cells;
            for (const QJsonValue &cell : row.toArray())
                cells.append(cell.toString());
            rows.append(cells);
        }
        return rows;
    }

    // What a cell must read back as, computed here from the table (not by the exporter's code).
    static QString expectedCell(const RecordTable &t, int row, int column, CsvProfile profile)
    {
        const bool sheet = profile == CsvProfile::Spreadsheet;
        if (t.isNull(row, column))
            return {};
        switch (column) {
        case Name:
        case City: {
            const QString s = t.text(row, column);
            const bool formula = !s.isEmpty() && QStringLiteral("=+-@\t\r\n").contains(s.at(0))
                    ? true
                    : (!s.isEmpty() && s.at(0) == QChar(0));
            return formula ? QStringLiteral("'") + s : s;
        }
        case Phone:
            return sheet ? QStringLiteral("'") + t.text(row, column) : t.text(row, column);
        case Calls:
            return QString::number(t.integer(row, column));
        case Currency:
            return t.text(row, column);
        case Cost: {
            const qint64 cents = t.integer(row, column);
            if (!sheet)
                return QString::number(cents);
            if (t.text(row, Currency) == QStringLiteral("JPY"))
                return QString::number(cents);
            return QString::asprintf("%s%lld.%02lld", cents < 0 ? "-" : "", qAbs(cents) / 100,
                                     qAbs(cents) % 100);
        }
        case Started: {
            const QDateTime utc = QDateTime::fromMSecsSinceEpoch(t.integer(row, column), Qt::UTC);
            return sheet ? utc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                         : utc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
        }
        case Talk: {
            const qint64 s = t.integer(row, column);
            return sheet ? QString::asprintf("%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60)
                         : QString::number(s);
        }
        case Vip:
            return t.integer(row, column) ? QStringLiteral("true") : QStringLiteral("false");
        default:
            return {};
        }
    }

    static QFileDevice::Permissions groupOrOther()
    {
        return QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    }

    QStringList strayFiles() const
    {
        QStringList names = QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden);
        names.removeIf([](const QString &n) { return n.endsWith(QStringLiteral(".csv")); });
        return names;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // A zone with daylight saving time: spreadsheet dates are local wall-clock times on
        // both sides of each change (the rows span two years).
        qputenv("TZ", "America/New_York");
        tzset();
    }

    void roundTripsCellByCell_data()
    {
        QTest::addColumn<int>("profile");
        QTest::newRow("spreadsheet") << int(CsvProfile::Spreadsheet);
        QTest::newRow("machine") << int(CsvProfile::Machine);
    }

    void roundTripsCellByCell()
    {
        QFETCH(int, profile);
        const auto csvProfile = CsvProfile(profile);
        QScopedPointer<RecordTableModel> model(makeModel(nullptr));
        const QString path = m_dir.filePath(QStringLiteral("roundtrip-%1.csv").arg(profile));
        const CsvExportResult result = CsvExporter::exportModel(*model, path, csvProfile);
        QVERIFY2(result.status.ok(), qPrintable(result.status.summary()));
        QCOMPARE(result.rows, qint64(model->rowCount()));

        const QByteArray bytes = TestEnvironment::readFile(path);
        QCOMPARE(result.bytes, qint64(bytes.size()));
        // C3: BOM only in the spreadsheet profile.
        QCOMPARE(bytes.startsWith("\xEF\xBB\xBF"), csvProfile == CsvProfile::Spreadsheet);
        // C1: records end with CRLF.
        QVERIFY(bytes.endsWith("\r\n"));
        // C2: OWASP's example, byte for byte.
        QVERIFY(bytes.contains("\"'=1+2\"\";=1+2\""));

        const QList<QStringList> rows = readCsv(path);
        QCOMPARE(rows.size(), model->rowCount() + 1);
        const RecordTable &t = model->table();
        QStringList header;
        for (const int c : model->visibleColumns())
            header << (csvProfile == CsvProfile::Spreadsheet ? t.schema().column(c).title
                                                             : t.schema().column(c).key);
        QCOMPARE(rows.first(), header);
        for (int v = 0; v < model->rowCount(); ++v) {
            const QStringList &cells = rows.at(v + 1);
            QCOMPARE(cells.size(), model->visibleColumns().size());
            for (int i = 0; i < cells.size(); ++i) {
                const int column = model->visibleColumns().at(i);
                const int row = model->tableRow(v);
                if (column == Rating) {
                    // Shortest round-trip form: compare as numbers.
                    if (t.isNull(row, column))
                        QVERIFY(cells.at(i).isEmpty());
                    else
                        QCOMPARE(cells.at(i).toDouble(), t.real(row, column));
                    continue;
                }
                QCOMPARE(cells.at(i), expectedCell(t, row, column, csvProfile));
            }
        }
        // Numbers the console produces are plain, even negative ones.
        QVERIFY(bytes.contains(",-5,"));
    }

    void exportsWhatTheOperatorSees()
    {
        QScopedPointer<RecordTableModel> model(makeModel(nullptr));
        model->sort(Calls, Qt::DescendingOrder);
        RecordFilter filter;
        filter.predicates = {ColumnPredicate::notNull(Phone)};
        filter.text = QStringLiteral("a");
        model->setFilter(filter);
        model->setVisibleColumns({Calls, Name});
        QVERIFY(model->rowCount() > 2);
        QVERIFY(model->rowCount() < model->table().rowCount());
        const QString path = m_dir.filePath(QStringLiteral("visible.csv"));
        QVERIFY(CsvExporter::exportModel(*model, path, CsvProfile::Machine).status.ok());
        const QList<QStringList> rows = readCsv(path);
        QCOMPARE(rows.size(), model->rowCount() + 1);
        QCOMPARE(rows.first(), QStringList({QStringLiteral("calls"), QStringLiteral("name")}));
        for (int v = 0; v < model->rowCount(); ++v) {
            QCOMPARE(rows.at(v + 1).at(0), model->index(v, Calls).data().toString());
            QCOMPARE(rows.at(v + 1).at(1).mid(rows.at(v + 1).at(1).startsWith(QLatin1Char('\'')) ? 1 : 0),
                     model->index(v, Name).data().toString());
        }
    }

    void bigSortedExportKeepsTheViewOrder()
    {
        // Enough rows for several slices on several threads, in an order unrelated to storage:
        // every line must still be the view's row at its place, with all of its cells.
        const int count = 150000;
        RecordTableModel model(schema());
        model.setExecution(RecordTableModel::Execution::Synchronous);
        RecordTable t(schema());
        quint32 state = 12345;
        const auto next = [&state] {
            return state = state * 1664525u + 1013904223u;
        };
        for (int i = 0; i < count; ++i) {
            const int r = t.appendRow();
            t.setText(r, Name, QStringLiteral("n%1").arg(next() % 1000000));
            t.setText(r, Phone, QStringLiteral("+1305%1").arg(next() % 10000000, 7, 10, QLatin1Char('0')));
            t.setText(r, City, QStringLiteral("c%1").arg(next() % 50));
            t.setInteger(r, Calls, i);
            t.setMoney(r, Cost, qint64(next() % 100000));
            t.setText(r, Currency, QStringLiteral("USD"));
        }
        model.mergeRows(std::move(t));
        model.sort(Phone, Qt::DescendingOrder);
        model.setFilterText(QStringLiteral("n")); // every row, through the filter path
        model.setVisibleColumns({Calls, Phone, City, Name, Cost});
        QVERIFY(model.rowCount() > 2 * 65536);
        const QString path = m_dir.filePath(QStringLiteral("big-sorted.csv"));
        const CsvExportResult result = CsvExporter::exportModel(model, path, CsvProfile::Machine);
        QVERIFY2(result.status.ok(), qPrintable(result.status.summary()));
        const QList<QByteArray> lines = TestEnvironment::readFile(path).split('\n');
        QCOMPARE(lines.size(), model.rowCount() + 2); // header, rows, the empty rest after the last CRLF
        const RecordTable &table = model.table();
        for (int v = 0; v < model.rowCount(); ++v) {
            const int row = model.tableRow(v);
            const QByteArray expected = QByteArray::number(table.integer(row, Calls)) + ',' +
                    table.utf8(row, Phone).toByteArray() + ',' + table.text(row, City).toUtf8() + ',' +
                    table.utf8(row, Name).toByteArray() + ',' + QByteArray::number(table.integer(row, Cost)) +
                    '\r';
            if (lines.at(v + 1) != expected)
                QFAIL(qPrintable(
                        QStringLiteral("row %1: %2 instead of %3")
                                .arg(v)
                                .arg(QString::fromUtf8(lines.at(v + 1)), QString::fromUtf8(expected))));
        }
    }

    void fileIsOwnerOnlyAndReplacedAtomically()
    {
        QScopedPointer<RecordTableModel> model(makeModel(nullptr));
        const QString path = m_dir.filePath(QStringLiteral("perm.csv"));
        {
            QFile old(path);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("old contents\r\n");
            old.close();
            QVERIFY(old.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                       QFileDevice::ReadGroup | QFileDevice::ReadOther));
        }
        QVERIFY(CsvExporter::exportModel(*model, path, CsvProfile::Spreadsheet).status.ok());
        QCOMPARE(QFile::permissions(path) & groupOrOther(), QFileDevice::Permissions());
        QVERIFY(QFile::permissions(path).testFlag(QFileDevice::ReadOwner));
        QVERIFY(!TestEnvironment::readFile(path).contains("old contents"));
        QVERIFY2(strayFiles().isEmpty(), qPrintable(strayFiles().join(QLatin1Char(' '))));
    }

    void cancelledExportLeavesThePreviousFile()
    {
        // Enough rows for many chunks.
        RecordTableModel model(schema());
        RecordTable t(schema());
        for (int i = 0; i < 100000; ++i) {
            const int r = t.appendRow();
            t.setText(r, Name, QStringLiteral("Lead %1").arg(i));
            t.setInteger(r, Calls, i);
        }
        model.mergeRows(std::move(t));
        const QString path = m_dir.filePath(QStringLiteral("cancel.csv"));
        const QByteArray previous("name,calls\r\nprevious,1\r\n");
        {
            QFile old(path);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write(previous);
        }

        // Synchronous: the progress callback says stop after the first chunk.
        int calls = 0;
        const CsvExportResult stopped = CsvExporter::exportModel(model, path, CsvProfile::Machine,
                                                                 [&calls](qint64 done, qint64 total) {
                                                                     Q_ASSERT(done <= total);
                                                                     return ++calls < 2;
                                                                 });
        QCOMPARE(stopped.status.code, StoreStatus::Code::Cancelled);
        QCOMPARE(TestEnvironment::readFile(path), previous);
        QVERIFY2(strayFiles().isEmpty(), qPrintable(strayFiles().join(QLatin1Char(' '))));

        // Asynchronous, Cancel pressed while it runs.
        CsvExporter exporter;
        QSignalSpy finished(&exporter, &CsvExporter::finished);
        QVERIFY(exporter.start(&model, path, CsvProfile::Spreadsheet));
        QVERIFY(exporter.isRunning());
        QVERIFY(!exporter.start(&model, path, CsvProfile::Spreadsheet)); // one at a time
        exporter.cancel();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.count(), 1);
        const auto result = finished.first().at(0).value<CsvExportResult>();
        QCOMPARE(result.status.code, StoreStatus::Code::Cancelled);
        QVERIFY(!exporter.isRunning());
        QCOMPARE(TestEnvironment::readFile(path), previous);
        QVERIFY2(strayFiles().isEmpty(), qPrintable(strayFiles().join(QLatin1Char(' '))));

        // And a full asynchronous run with progress replaces it; rows arriving meanwhile wait.
        QSignalSpy progress(&exporter, &CsvExporter::progress);
        QVERIFY(exporter.start(&model, path, CsvProfile::Machine));
        RecordTable more(schema());
        more.setText(more.appendRow(), Name, QStringLiteral("late"));
        model.mergeRows(std::move(more));
        QVERIFY(finished.wait(60000));
        const auto done = finished.last().at(0).value<CsvExportResult>();
        QVERIFY2(done.status.ok(), qPrintable(done.status.summary()));
        QCOMPARE(done.rows, 100000);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), 100000);
        QCOMPARE(progress.last().at(1).toLongLong(), 100000);
        QCOMPARE(readCsv(path).size(), 100001);
        QVERIFY(model.waitForIdle());
        QCOMPARE(model.rowCount(), 100001);
    }

    void unwritableTargetIsAClearError()
    {
        QScopedPointer<RecordTableModel> model(makeModel(nullptr));
        const QString path = m_dir.filePath(QStringLiteral("no/such/folder/out.csv"));
        const CsvExportResult result = CsvExporter::exportModel(*model, path, CsvProfile::Machine);
        QCOMPARE(result.status.code, StoreStatus::Code::IoError);
        QVERIFY(result.status.message.contains(path));
        CsvExporter exporter;
        QSignalSpy finished(&exporter, &CsvExporter::finished);
        QVERIFY(exporter.start(model.data(), path, CsvProfile::Machine));
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(0).value<CsvExportResult>().status.code, StoreStatus::Code::IoError);
    }

    void anyItemModelSlowPath()
    {
        QStandardItemModel model(3, 3);
        model.setHorizontalHeaderLabels(
                {QStringLiteral("Label"), QStringLiteral("Count"), QStringLiteral("Share")});
        const QList<QVariantList> values = {
                {QStringLiteral("=evil()"), -3, 0.25},
                {QStringLiteral("São, \"quoted\""), 0, -1.5},
                {QStringLiteral("+1305"), 42, QVariant()},
        };
        for (int r = 0; r < 3; ++r) {
            for (int c = 0; c < 3; ++c)
                model.setData(model.index(r, c), values[r][c]);
        }
        const QString path = m_dir.filePath(QStringLiteral("generic.csv"));
        const CsvExportResult result =
                CsvExporter::exportItemModel(model, {0, 1, 2}, path, CsvProfile::Spreadsheet);
        QVERIFY2(result.status.ok(), qPrintable(result.status.summary()));
        QCOMPARE(QFile::permissions(path) & groupOrOther(), QFileDevice::Permissions());
        QVERIFY(TestEnvironment::readFile(path).startsWith("\xEF\xBB\xBF"));
        const QList<QStringList> rows = readCsv(path);
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.at(0),
                 QStringList({QStringLiteral("Label"), QStringLiteral("Count"), QStringLiteral("Share")}));
        QCOMPARE(rows.at(1),
                 QStringList({QStringLiteral("'=evil()"), QStringLiteral("-3"), QStringLiteral("0.25")}));
        QCOMPARE(rows.at(2),
                 QStringList(
                         {QStringLiteral("São, \"quoted\""), QStringLiteral("0"), QStringLiteral("-1.5")}));
        QCOMPARE(rows.at(3), QStringList({QStringLiteral("'+1305"), QStringLiteral("42"), QString()}));
    }

    void streamingHelpersAgree()
    {
        QScopedPointer<RecordTableModel> model(makeModel(nullptr));
        QByteArray streamed = Csv::preamble(CsvProfile::Machine);
        streamed += Csv::headerLine(model->schema(), model->visibleColumns(), CsvProfile::Machine);
        const std::vector<int> &rows = model->visibleRows();
        Csv::appendRows(streamed, model->table(), rows, 0, 5, model->visibleColumns(), CsvProfile::Machine);
        Csv::appendRows(streamed, model->table(), rows, 5, rows.size(), model->visibleColumns(),
                        CsvProfile::Machine);
        const QString path = m_dir.filePath(QStringLiteral("stream.csv"));
        QVERIFY(CsvExporter::exportModel(*model, path, CsvProfile::Machine).status.ok());
        QCOMPARE(streamed, TestEnvironment::readFile(path));
        QByteArray field;
        Csv::appendTextField(field, QStringLiteral("=1+2\";=1+2"));
        QCOMPARE(field, QByteArray("\"'=1+2\"\";=1+2\""));
    }
};

CC_TEST_GUILESS_MAIN(TestCsvExporter)
#include "tst_csvexporter.moc"
