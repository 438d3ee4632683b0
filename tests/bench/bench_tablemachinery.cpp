// Benchmark of the shared table machinery (models/table, models/export) against the naive Qt
// baseline: QStandardItemModel + QSortFilterProxyModel fed the same rows. Prints markdown
// tables for the README. Not a test: nothing here passes or fails.
//
//   bench_tablemachinery [--rows N] [--baseline-rows N] [--no-sqlite]
#include "BenchSupport.h"

#include "export/CsvExporter.h"
#include "store/Database.h"
#include "table/RecordTableLoader.h"
#include "table/RecordTableModel.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QRandomGenerator>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTextStream>

#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace {

// The 12 fields of an UnlimCall CDR, as a feature would declare them.
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
    ColumnCount
};

RecordSchema cdrSchema()
{
    return RecordSchema(
            {
                    ColumnSpec::make(ColumnType::Text, QStringLiteral("id"), QStringLiteral("Call ID")),
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
                                     QStringLiteral("SIP line")),
                    ColumnSpec::make(ColumnType::Money, QStringLiteral("sellPriceCents"),
                                     QStringLiteral("Cost"))
                            .withCurrencyColumn(QStringLiteral("currency")),
                    ColumnSpec::make(ColumnType::Category, QStringLiteral("currency"),
                                     QStringLiteral("Currency")),
                    ColumnSpec::make(ColumnType::Category, QStringLiteral("country"),
                                     QStringLiteral("Country")),
                    ColumnSpec::make(ColumnType::Phone, QStringLiteral("did"), QStringLiteral("DID")),
            },
            QStringLiteral("id"));
}

const char *const kDispositions[] = {"ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"};
const char *const kCountries[] = {"United States", "United Kingdom", "Germany",     "France",       "Mexico",
                                  "Brazil",        "India",          "Philippines", "Spain",        "Italy",
                                  "Canada",        "Australia",      "Nigeria",     "South Africa", "Japan",
                                  "Österreich",    "Colombia",       "Poland",      "Türkiye",      "Egypt"};

// One synthetic call, in plain memory (generated before timing starts).
struct RawCdr
{
    char id[40];
    char src[16];
    char dst[16];
    char did[16]; // empty = null
    qint64 startMs;
    qint32 duration;
    qint32 billsec;
    qint32 cents;
    quint8 disposition;
    quint8 sip;
    quint8 country;
    quint8 currency;
};

std::vector<RawCdr> generate(int count)
{
    std::vector<RawCdr> rows(static_cast<size_t>(count));
    QRandomGenerator rng(20260524);
    const qint64 base = QDateTime(QDate(2026, 2, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    for (int i = 0; i < count; ++i) {
        RawCdr &r = rows[size_t(i)];
        const qint64 start = base + qint64(rng.bounded(120 * 86400)) * 1000 + rng.bounded(1000);
        std::snprintf(r.id, sizeof r.id, "%lld.%d", static_cast<long long>(start / 1000), i);
        std::snprintf(r.src, sizeof r.src, "+1415555%04u", rng.bounded(10000));
        std::snprintf(r.dst, sizeof r.dst, "+44207%07u", rng.bounded(10000000));
        if (rng.bounded(4) == 0)
            std::snprintf(r.did, sizeof r.did, "+1305555%04u", rng.bounded(10000));
        else
            r.did[0] = 0;
        r.startMs = start;
        r.disposition = quint8(rng.bounded(5));
        r.duration = r.disposition == 0 ? qint32(rng.bounded(3600)) : 0;
        r.billsec = qMax(0, r.duration - 2);
        r.sip = quint8(rng.bounded(40));
        r.country = quint8(rng.bounded(20));
        r.currency = rng.bounded(10) == 0 ? 1 : 0;
        r.cents = qint32(r.billsec / 6 + rng.bounded(3));
    }
    return rows;
}

QByteArray sipName(int sip)
{
    return QByteArray("unl_") + QByteArray::number(sip).rightJustified(3, '0');
}

void appendRaw(RecordTable &t, const RawCdr &r)
{
    const int row = t.appendRow();
    t.setTextUtf8(row, Id, r.id);
    t.setDateTime(row, Start, r.startMs);
    t.setDuration(row, Duration, r.duration);
    t.setDuration(row, Billsec, r.billsec);
    t.setTextUtf8(row, Src, r.src);
    t.setTextUtf8(row, Dst, r.dst);
    t.setTextUtf8(row, Disposition, kDispositions[r.disposition]);
    t.setTextUtf8(row, Sip, sipName(r.sip));
    t.setMoney(row, Cost, r.cents);
    t.setTextUtf8(row, Currency, r.currency ? "EUR" : "USD");
    t.setTextUtf8(row, Country, kCountries[r.country]);
    if (r.did[0])
        t.setTextUtf8(row, Did, r.did);
}

// The naive baseline: one QStandardItem per cell, typed values in DisplayRole so the proxy
// sorts numbers as numbers.
QList<QStandardItem *> baselineItems(const RawCdr &r)
{
    const auto text = [](const char *s) {
        return new QStandardItem(QString::fromUtf8(s));
    };
    const auto number = [](qint64 v) {
        auto *item = new QStandardItem;
        item->setData(v, Qt::DisplayRole);
        return item;
    };
    auto *start = new QStandardItem;
    start->setData(QDateTime::fromMSecsSinceEpoch(r.startMs, Qt::UTC), Qt::DisplayRole);
    return {text(r.id),
            start,
            number(r.duration),
            number(r.billsec),
            text(r.src),
            text(r.dst),
            text(kDispositions[r.disposition]),
            new QStandardItem(QString::fromLatin1(sipName(r.sip))),
            number(r.cents),
            text(r.currency ? "EUR" : "USD"),
            text(kCountries[r.country]),
            r.did[0] ? text(r.did) : new QStandardItem};
}

// Naive CSV of what a proxy shows: data() per cell, QString quoting, QTextStream.
qint64 baselineExport(const QAbstractItemModel &model, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return 0;
    QTextStream out(&file);
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c) {
            if (c)
                out << ',';
            QString s = model.index(r, c).data().toString();
            if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) ||
                s.contains(QLatin1Char('\n'))) {
                s.replace(QLatin1Char('"'), QStringLiteral("\"\""));
                s = QLatin1Char('"') + s + QLatin1Char('"');
            }
            out << s;
        }
        out << "\r\n";
    }
    out.flush();
    return file.size();
}

struct Figures
{
    double fillMs = 0;
    double bytesPerRow = 0;
    std::vector<double> sortMs = std::vector<double>(ColumnCount, 0);
    std::vector<double> reverseMs = std::vector<double>(ColumnCount, 0);
    double firstKeyMs = 0;
    double narrowKeyMs = 0;
    double widenKeyMs = 0;
    double exportSheetMs = 0;
    qint64 exportSheetBytes = 0;
    double exportMachineMs = 0;
    qint64 exportMachineBytes = 0;
    double encodeMs = 0;
    qint64 encodeBytes = 0;
    double encodeStorageMs = 0;
    qint64 encodeStorageBytes = 0;
    double asyncSortMs = 0;
    double asyncSortGuiGapMs = 0;
    double asyncFilterGuiGapMs = 0;
};

Figures benchOurs(const std::vector<RawCdr> &raw, const QString &dir)
{
    Figures f;
    const qint64 rssBefore = Bench::residentBytes();
    auto model = std::make_unique<RecordTableModel>(cdrSchema());
    model->setExecution(RecordTableModel::Execution::Synchronous);
    f.fillMs = Bench::timeMs([&]() {
        const int batchRows = 20000;
        for (size_t first = 0; first < raw.size(); first += batchRows) {
            RecordTable batch(cdrSchema());
            const size_t last = qMin(raw.size(), first + batchRows);
            batch.reserve(int(last - first));
            for (size_t i = first; i < last; ++i)
                appendRaw(batch, raw[i]);
            model->mergeRows(std::move(batch));
        }
        model->squeeze();
    });
    f.bytesPerRow = double(Bench::residentBytes() - rssBefore) / double(raw.size());

    for (int c = 0; c < ColumnCount; ++c) {
        f.sortMs[size_t(c)] = Bench::timeMs([&]() { model->sort(c, Qt::AscendingOrder); });
        f.reverseMs[size_t(c)] = Bench::timeMs([&]() { model->sort(c, Qt::DescendingOrder); });
    }
    model->sort(Start, Qt::DescendingOrder);
    f.firstKeyMs = Bench::timeMs([&]() { model->setFilterText(QStringLiteral("4")); });
    f.narrowKeyMs = Bench::timeMs([&]() { model->setFilterText(QStringLiteral("41")); });
    f.widenKeyMs = Bench::timeMs([&]() { model->setFilterText(QStringLiteral("4")); });
    model->setFilterText(QString());

    const QString sheetPath = QDir(dir).filePath(QStringLiteral("ours-sheet.csv"));
    const QString machinePath = QDir(dir).filePath(QStringLiteral("ours-machine.csv"));
    CsvExportResult sheet;
    f.exportSheetMs = Bench::timeMs(
            [&]() { sheet = CsvExporter::exportModel(*model, sheetPath, CsvProfile::Spreadsheet); });
    f.exportSheetBytes = sheet.bytes;
    CsvExportResult machine;
    f.exportMachineMs = Bench::timeMs(
            [&]() { machine = CsvExporter::exportModel(*model, machinePath, CsvProfile::Machine); });
    f.exportMachineBytes = machine.bytes;
    QFile::remove(sheetPath);
    QFile::remove(machinePath);
    // The encoder alone (no file, no fsync): in the sorted view's order, and in storage order.
    const auto encode = [&](qint64 &bytes) {
        QByteArray buffer;
        const std::vector<int> &visible = model->visibleRows();
        // Slices as big as the exporter's (one thread here).
        constexpr size_t kSlice = 65536;
        for (size_t first = 0; first < visible.size(); first += kSlice) {
            buffer.truncate(0);
            Csv::appendRows(buffer, model->table(), visible, first, qMin(visible.size(), first + kSlice),
                            model->visibleColumns(), CsvProfile::Spreadsheet);
            bytes += buffer.size();
        }
    };
    f.encodeMs = Bench::timeMs([&]() { encode(f.encodeBytes); });
    model->sort(-1);
    f.encodeStorageMs = Bench::timeMs([&]() { encode(f.encodeStorageBytes); });

    // The page's way: on a worker, with the GUI thread free.
    model->setExecution(RecordTableModel::Execution::Asynchronous);
    Bench::LatencyProbe probe;
    probe.start();
    f.asyncSortMs = Bench::timeMs([&]() {
        model->sort(Country, Qt::AscendingOrder);
        Bench::waitUntil([&]() { return !model->isBusy(); });
    });
    probe.stop();
    f.asyncSortGuiGapMs = probe.maxGapMs();
    probe.start();
    model->setFilterText(QStringLiteral("united"));
    Bench::waitUntil([&]() { return !model->isBusy(); });
    model->setFilterText(QString());
    Bench::waitUntil([&]() { return !model->isBusy(); });
    probe.stop();
    f.asyncFilterGuiGapMs = probe.maxGapMs();
    return f;
}

Figures benchBaseline(const std::vector<RawCdr> &raw, int rows, const QString &dir)
{
    Figures f;
    const qint64 rssBefore = Bench::residentBytes();
    auto source = std::make_unique<QStandardItemModel>(0, ColumnCount);
    auto proxy = std::make_unique<QSortFilterProxyModel>();
    proxy->setSourceModel(source.get());
    f.fillMs = Bench::timeMs([&]() {
        for (int i = 0; i < rows; ++i)
            source->appendRow(baselineItems(raw[size_t(i)]));
    });
    f.bytesPerRow = double(Bench::residentBytes() - rssBefore) / double(rows);
    for (int c = 0; c < ColumnCount; ++c) {
        f.sortMs[size_t(c)] = Bench::timeMs([&]() { proxy->sort(c, Qt::AscendingOrder); });
        f.reverseMs[size_t(c)] = Bench::timeMs([&]() { proxy->sort(c, Qt::DescendingOrder); });
    }
    proxy->sort(Start, Qt::DescendingOrder);
    proxy->setFilterKeyColumn(-1);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    f.firstKeyMs = Bench::timeMs([&]() { proxy->setFilterFixedString(QStringLiteral("4")); });
    f.narrowKeyMs = Bench::timeMs([&]() { proxy->setFilterFixedString(QStringLiteral("41")); });
    f.widenKeyMs = Bench::timeMs([&]() { proxy->setFilterFixedString(QStringLiteral("4")); });
    proxy->setFilterFixedString(QString());
    const QString path = QDir(dir).filePath(QStringLiteral("baseline.csv"));
    f.exportSheetMs = Bench::timeMs([&]() { f.exportSheetBytes = baselineExport(*proxy, path); });
    QFile::remove(path);
    proxy.reset();
    source.reset();
    return f;
}

struct LoadFigures
{
    int rows = 0;
    double writeMs = 0;
    double rawReadMs = 0;
    double loadAllMs = 0;
    double firstRowsMs = 0;
    double fullLoadMs = 0;
    double guiGapMs = 0;
};

LoadFigures benchSqlite(const std::vector<RawCdr> &raw, const QString &dir)
{
    LoadFigures f;
    f.rows = int(raw.size());
    const QString path = QDir(dir).filePath(QStringLiteral("cdrs.sqlite"));
    {
        Database db(path);
        db.registerMigrations(
                QStringLiteral("bench"),
                {{1,
                  {QStringLiteral("CREATE TABLE cdrs(id TEXT PRIMARY KEY, start_ms INTEGER, duration "
                                  "INTEGER, billsec INTEGER, src TEXT, dst TEXT, disposition TEXT, "
                                  "sip TEXT, cents INTEGER, currency TEXT, country TEXT, did TEXT)"),
                   // A store keeps its tables indexed by what the page orders by.
                   QStringLiteral("CREATE INDEX cdrs_start ON cdrs(start_ms)")},
                  {}}});
        if (!db.open().ok() || !db.migrate().ok())
            return f;
        f.writeMs = Bench::timeMs([&]() {
            db.transaction([&]() -> StoreStatus {
                QSqlQuery q = db.query();
                q.prepare(QStringLiteral("INSERT INTO cdrs VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"));
                for (const RawCdr &r : raw) {
                    q.bindValue(0, QString::fromLatin1(r.id));
                    q.bindValue(1, r.startMs);
                    q.bindValue(2, r.duration);
                    q.bindValue(3, r.billsec);
                    q.bindValue(4, QString::fromLatin1(r.src));
                    q.bindValue(5, QString::fromLatin1(r.dst));
                    q.bindValue(6, QString::fromLatin1(kDispositions[r.disposition]));
                    q.bindValue(7, QString::fromLatin1(sipName(r.sip)));
                    q.bindValue(8, r.cents);
                    q.bindValue(9, r.currency ? QStringLiteral("EUR") : QStringLiteral("USD"));
                    q.bindValue(10, QString::fromUtf8(kCountries[r.country]));
                    q.bindValue(11, r.did[0] ? QVariant(QString::fromLatin1(r.did)) : QVariant());
                    if (StoreStatus s = db.exec(q); !s)
                        return s;
                }
                return {};
            });
        });
    }
    const QString select = QStringLiteral(
            "SELECT id, start_ms AS startTime, duration, billsec, src, dst, disposition, sip AS sipUsername, "
            "cents AS sellPriceCents, currency, country, did FROM cdrs ORDER BY start_ms");

    // The reference: the sqlite3 C API stepping the same query, touching every value.
    f.rawReadMs = Bench::medianMs(3, [&]() {
        sqlite3 *db = nullptr;
        sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr);
        // The same connection settings as Database's read-only connections.
        sqlite3_exec(db, "PRAGMA mmap_size = 1073741824", nullptr, nullptr, nullptr);
        sqlite3_stmt *stmt = nullptr;
        const QByteArray sql = select.toUtf8();
        sqlite3_prepare_v2(db, sql.constData(), -1, &stmt, nullptr);
        qint64 checksum = 0;
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            for (int c = 0; c < ColumnCount; ++c) {
                if (sqlite3_column_type(stmt, c) == SQLITE_INTEGER)
                    checksum += sqlite3_column_int64(stmt, c);
                else if (sqlite3_column_type(stmt, c) == SQLITE_TEXT)
                    checksum += sqlite3_column_text(stmt, c)[0] + sqlite3_column_bytes(stmt, c);
            }
        }
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        if (checksum == 42)
            std::puts("");
    });
    f.loadAllMs = Bench::medianMs(3, [&]() {
        RecordTable table(cdrSchema());
        RecordTableLoader::loadAll(table, path, select);
    });

    // The page's way: a worker loads, the GUI thread merges batches and stays responsive.
    RecordTableModel model(cdrSchema());
    model.sort(Start, Qt::DescendingOrder);
    RecordTableLoader loader;
    bool done = false;
    QElapsedTimer clock;
    QObject::connect(&loader, &RecordTableLoader::firstBatchMerged, &loader,
                     [&]() { f.firstRowsMs = double(clock.nsecsElapsed()) / 1e6; });
    QObject::connect(&loader, &RecordTableLoader::finished, &loader, [&]() { done = true; });
    Bench::LatencyProbe probe;
    probe.start();
    clock.start();
    loader.start(&model, path, select);
    Bench::waitUntil([&]() { return done && !model.isBusy(); });
    f.fullLoadMs = double(clock.nsecsElapsed()) / 1e6;
    probe.stop();
    f.guiGapMs = probe.maxGapMs();
    return f;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Benchmarks the table machinery against QStandardItemModel + "
                           "QSortFilterProxyModel."));
    parser.addHelpOption();
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("Rows for the machinery."),
                                        QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption baselineOption(QStringLiteral("baseline-rows"),
                                            QStringLiteral("Rows for the baseline."), QStringLiteral("n"),
                                            QStringLiteral("100000"));
    const QCommandLineOption noSqlite(QStringLiteral("no-sqlite"),
                                      QStringLiteral("Skip the SQLite load figures."));
    parser.addOptions({rowsOption, baselineOption, noSqlite});
    parser.process(app);
    const int rows = qMax(1000, parser.value(rowsOption).toInt());
    const int baselineRows = qBound(1000, parser.value(baselineOption).toInt(), rows);

    QTemporaryDir dir;
    std::fprintf(stderr, "generating %d synthetic CDRs...\n", rows);
    const std::vector<RawCdr> raw = generate(rows);
    std::fprintf(stderr, "RecordTableModel...\n");
    const Figures ours = benchOurs(raw, dir.path());
    std::fprintf(stderr, "QStandardItemModel + QSortFilterProxyModel on %d rows...\n", baselineRows);
    const Figures base = benchBaseline(raw, baselineRows, dir.path());

    const QStringList names = {QStringLiteral("id (text)"),          QStringLiteral("startTime (date)"),
                               QStringLiteral("duration"),           QStringLiteral("billsec"),
                               QStringLiteral("src (phone)"),        QStringLiteral("dst (phone)"),
                               QStringLiteral("disposition (cat.)"), QStringLiteral("sipUsername (cat.)"),
                               QStringLiteral("sellPriceCents"),     QStringLiteral("currency (cat.)"),
                               QStringLiteral("country (cat.)"),     QStringLiteral("did (phone)")};
    Bench::ResultTable table(
            {QStringLiteral("Operation"),
             QStringLiteral("RecordTableModel, %1 rows").arg(Bench::formatCount(rows)),
             QStringLiteral("QStandardItemModel + QSFPM, %1 rows").arg(Bench::formatCount(baselineRows))});
    table.addRow({QStringLiteral("Fill (batches of 20,000)"), Bench::formatMs(ours.fillMs),
                  Bench::formatMs(base.fillMs)});
    table.addRow({QStringLiteral("Memory per row (RSS)"), Bench::formatBytesPerRow(ours.bytesPerRow),
                  Bench::formatBytesPerRow(base.bytesPerRow)});
    for (int c = 0; c < ColumnCount; ++c)
        table.addRow({QStringLiteral("Sort by ") + names.at(c), Bench::formatMs(ours.sortMs[size_t(c)]),
                      Bench::formatMs(base.sortMs[size_t(c)])});
    double oursReverse = 0;
    double baseReverse = 0;
    for (int c = 0; c < ColumnCount; ++c) {
        oursReverse = std::max(oursReverse, ours.reverseMs[size_t(c)]);
        baseReverse = std::max(baseReverse, base.reverseMs[size_t(c)]);
    }
    table.addRow({QStringLiteral("Reverse a sort (slowest column)"), Bench::formatMs(oursReverse),
                  Bench::formatMs(baseReverse)});
    table.addRow({QStringLiteral("Filter keystroke \"4\" (all text columns)"),
                  Bench::formatMs(ours.firstKeyMs), Bench::formatMs(base.firstKeyMs)});
    table.addRow({QStringLiteral("Filter keystroke \"41\" (narrowing)"), Bench::formatMs(ours.narrowKeyMs),
                  Bench::formatMs(base.narrowKeyMs)});
    table.addRow({QStringLiteral("Filter backspace to \"4\" (widening)"), Bench::formatMs(ours.widenKeyMs),
                  Bench::formatMs(base.widenKeyMs)});
    table.addRow({QStringLiteral("CSV export, spreadsheet profile"),
                  Bench::formatRate(ours.exportSheetBytes, ours.exportSheetMs) + QStringLiteral(" (") +
                          Bench::formatMs(ours.exportSheetMs) + QLatin1Char(')'),
                  Bench::formatRate(base.exportSheetBytes, base.exportSheetMs) + QStringLiteral(" (") +
                          Bench::formatMs(base.exportSheetMs) + QLatin1Char(')')});
    table.addRow({QStringLiteral("CSV export, machine profile"),
                  Bench::formatRate(ours.exportMachineBytes, ours.exportMachineMs) + QStringLiteral(" (") +
                          Bench::formatMs(ours.exportMachineMs) + QLatin1Char(')'),
                  QStringLiteral("—")});
    table.addRow({QStringLiteral("CSV encoding alone (no disk), sorted view / storage order"),
                  Bench::formatRate(ours.encodeBytes, ours.encodeMs) + QStringLiteral(" / ") +
                          Bench::formatRate(ours.encodeStorageBytes, ours.encodeStorageMs),
                  QStringLiteral("—")});
    table.addRow({QStringLiteral("Async sort by country: total / GUI thread max block"),
                  Bench::formatMs(ours.asyncSortMs) + QStringLiteral(" / ") +
                          Bench::formatMs(ours.asyncSortGuiGapMs),
                  QStringLiteral("— (blocks for the whole sort)")});
    table.addRow({QStringLiteral("Async filter + clear: GUI thread max block"),
                  Bench::formatMs(ours.asyncFilterGuiGapMs), QStringLiteral("—")});
    table.print(QStringLiteral("### Table machinery: %1 synthetic CDRs (12 columns)")
                        .arg(Bench::formatCount(rows)),
                {QStringLiteral("The baseline runs on %1 rows because at 1,000,000 rows its fill, sorts and "
                                "filters take "
                                "minutes; its times grow at least linearly with the row count.")
                         .arg(Bench::formatCount(baselineRows)),
                 QStringLiteral(
                         "Synchronous sort/filter times are the computation alone (the model runs them on a "
                         "worker above 50,000 rows); the async rows show what the GUI thread feels."),
                 QStringLiteral("Machine: ") + Bench::machineNote() +
                         QStringLiteral(" (at the end of the run).")});

    if (!parser.isSet(noSqlite)) {
        std::fprintf(stderr, "SQLite: writing %d rows...\n", rows);
        const LoadFigures load = benchSqlite(raw, dir.path());
        Bench::ResultTable loadTable({QStringLiteral("Loading from SQLite"), QStringLiteral("Time")});
        loadTable.addRow({QStringLiteral("Write (one transaction, QtSql prepared insert)"),
                          Bench::formatMs(load.writeMs)});
        loadTable.addRow({QStringLiteral("Reference: raw sqlite3 C API read of the same query"),
                          Bench::formatMs(load.rawReadMs)});
        loadTable.addRow({QStringLiteral("RecordTableLoader::loadAll (into a RecordTable)"),
                          Bench::formatMs(load.loadAllMs) +
                                  QStringLiteral(" (%1× raw)")
                                          .arg(load.loadAllMs / qMax(0.001, load.rawReadMs), 0, 'f', 2)});
        loadTable.addRow(
                {QStringLiteral("Page load: first rows in the model"), Bench::formatMs(load.firstRowsMs)});
        loadTable.addRow({QStringLiteral("Page load: all rows in the model (sorted by start)"),
                          Bench::formatMs(load.fullLoadMs)});
        loadTable.addRow({QStringLiteral("Page load: GUI thread max block"), Bench::formatMs(load.guiGapMs)});
        std::puts("");
        loadTable.print(QStringLiteral("### Loading %1 CDRs from SQLite").arg(Bench::formatCount(load.rows)));
    }
    return 0;
}
