// Benchmark of the sends table (issue 11, "Speed"): 1,000,000 sends of one campaign in
// EmailActivityStore, loaded by the one table machinery (RecordTableLoader → RecordTableModel →
// RecordTableView, the search box wired to the model) against the same targets as the call
// records, next to the naive Qt baseline (QStandardItemModel + QSortFilterProxyModel, QSqlQuery
// per row). Prints a markdown table for the README. Not a test: nothing here passes or fails.
//
//   bench_sends [--rows N] [--baseline-rows N]
#include "BenchSupport.h"
#include "BenchTyping.h"

#include "common/RecordTableView.h"
#include "email/EmailActivityStore.h"
#include "export/CsvExporter.h"
#include "store/Database.h"
#include "table/RecordFilter.h"
#include "table/RecordTableLoader.h"
#include "table/RecordTableModel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QVBoxLayout>

#include <cstdio>
#include <functional>
#include <memory>

namespace {

constexpr qint64 msPerDay = 24LL * 3600 * 1000;
const QString kCampaign = QStringLiteral("cmp_bench");

// --- data ------------------------------------------------------------------------------------------

const char *const kFirstNames[] = {"sarah", "mike",  "anna",  "li",    "omar",  "julia", "tom",  "priya",
                                   "jonas", "maria", "kenji", "chloe", "diego", "fatma", "noah", "elena"};
const char *const kLastNames[] = {"chen",  "johnson",  "schmidt", "garcia", "okafor", "rossi",
                                  "kim",   "novak",    "silva",   "muller", "dubois", "tanaka",
                                  "brown", "kowalski", "lopez",   "berg"};
const char *const kDomains[] = {
        "acme.com",    "bigco.io",   "gmail.com",   "outlook.com",          "northwind.de",  "contoso.co.uk",
        "initech.com", "globex.net", "umbrella.fr", "stark-industries.com", "wayne.example", "hooli.xyz"};

struct StatusShare
{
    const char *status;
    int weight;
    bool sent; // has a sentAt
};
const StatusShare kStatuses[] = {{"sent", 780, true},   {"replied", 50, true},    {"bounced", 30, true},
                                 {"failed", 10, true},  {"skipped", 20, false},   {"canceled", 10, false},
                                 {"queued", 40, false}, {"scheduled", 50, false}, {"sending", 10, false}};

// Send `i` of a campaign three steps long, sent over 90 days from 40 mailboxes: deterministic
// per index, so the store and the baseline are fed the same rows without holding a million.
O2dSend sendAt(int i, qint64 tillMs)
{
    QRandomGenerator rng(quint32(20261205 + i));
    O2dSend s;
    const int contact = i / 3;
    const int step = i % 3;
    s.id = QStringLiteral("snd_%1").arg(i + 1, 7, 10, QLatin1Char('0'));
    s.campaignId = kCampaign;
    s.contactId = QStringLiteral("cnt_%1").arg(contact + 1, 6, 10, QLatin1Char('0'));
    s.stepId = QStringLiteral("stp_00%1").arg(step + 1);
    s.mailboxId = QStringLiteral("mbx_%1").arg(501 + int(rng.bounded(40)));
    s.to = QStringLiteral("%1.%2%3@%4")
                   .arg(QLatin1String(kFirstNames[contact % 16]),
                        QLatin1String(kLastNames[(contact / 16) % 16]))
                   .arg(contact % 997)
                   .arg(QLatin1String(kDomains[(contact / 7) % 12]));
    int total = 0;
    for (const StatusShare &share : kStatuses)
        total += share.weight;
    int pick = int(rng.bounded(total));
    const StatusShare *status = &kStatuses[0];
    for (const StatusShare &share : kStatuses) {
        if (pick < share.weight) {
            status = &share;
            break;
        }
        pick -= share.weight;
    }
    s.status = QString::fromLatin1(status->status);
    s.attempts = status->sent ? (s.status == QLatin1String("failed") ? 3 : 1) : 0;
    if (status->sent) {
        const qint64 day = rng.bounded(90);
        s.sentAt = QDateTime::fromMSecsSinceEpoch(
                tillMs - (day + 1) * msPerDay + (9 + rng.bounded(8)) * 3600000LL + rng.bounded(3600000),
                Qt::UTC);
    }
    return s;
}

QList<O2dSend> sendsFrom(int first, int count, qint64 tillMs)
{
    QList<O2dSend> sends;
    sends.reserve(count);
    for (int i = first; i < first + count; ++i)
        sends.append(sendAt(i, tillMs));
    return sends;
}

// --- store write ------------------------------------------------------------------------------------

constexpr int kRowsPerTransaction = 50'000;

bool openStore(Database &db)
{
    db.registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
    return db.open().ok() && db.migrate().ok();
}

// EmailActivityStore::saveSends, 50,000 per transaction; the generation is not timed.
double storeWriteMs(int rows, qint64 tillMs, const QString &path)
{
    Database db(path);
    if (!openStore(db))
        return -1;
    EmailActivityStore store(&db);
    double ms = 0;
    for (int first = 0; first < rows; first += kRowsPerTransaction) {
        const QList<O2dSend> batch = sendsFrom(first, qMin(kRowsPerTransaction, rows - first), tillMs);
        ms += Bench::timeMs([&] {
            if (StoreStatus s = store.saveSends(batch); !s)
                std::fprintf(stderr, "store write: %s\n", qPrintable(s.summary()));
        });
    }
    return ms;
}

// The naive way: QSqlQuery::bindValue per cell, exec() per row, into the same table.
double qsqlQueryWriteMs(const QList<O2dSend> &sends, const QString &path)
{
    Database db(path);
    if (!openStore(db))
        return -1;
    return Bench::timeMs([&] {
        db.transaction([&]() -> StoreStatus {
            QSqlQuery q = db.query();
            q.prepare(QStringLiteral(
                    "INSERT INTO email_sends (id, campaign_id, contact_id, step_id, mailbox_id,"
                    " to_email, status, attempts, sent_at_ms) VALUES (?,?,?,?,?,?,?,?,?)"));
            for (const O2dSend &s : sends) {
                const QVariantList values{s.id,
                                          s.campaignId,
                                          s.contactId,
                                          s.stepId,
                                          s.mailboxId,
                                          s.to,
                                          s.status,
                                          s.attempts,
                                          s.sentAt.isValid() ? QVariant(s.sentAt.toMSecsSinceEpoch())
                                                             : QVariant(QMetaType(QMetaType::LongLong))};
                for (int v = 0; v < values.size(); ++v)
                    q.bindValue(v, values.at(v));
                if (StoreStatus st = db.exec(q); !st)
                    return st;
            }
            return {};
        });
    });
}

// --- the naive baseline ------------------------------------------------------------------------------

QList<QStandardItem *> baselineRow(const O2dSend &s)
{
    auto *sentAt = new QStandardItem;
    if (s.sentAt.isValid())
        sentAt->setData(s.sentAt, Qt::DisplayRole);
    auto *attempts = new QStandardItem;
    attempts->setData(s.attempts, Qt::DisplayRole);
    return {new QStandardItem(s.id),
            sentAt,
            new QStandardItem(s.to),
            new QStandardItem(s.status),
            new QStandardItem(s.stepId),
            new QStandardItem(s.mailboxId),
            attempts,
            new QStandardItem(s.contactId)};
}

// Types "gmai", deletes it again and types "44", one key at a time.
const QList<int> kKeys{Qt::Key_G,         Qt::Key_M,         Qt::Key_A,         Qt::Key_I,
                       Qt::Key_Backspace, Qt::Key_Backspace, Qt::Key_Backspace, Qt::Key_Backspace,
                       Qt::Key_4,         Qt::Key_4,         Qt::Key_Backspace, Qt::Key_Backspace};

// The sends table as a page shows it: a search box over a RecordTableView of the model.
struct SendsTable
{
    QWidget window;
    QLineEdit *search = nullptr;
    RecordTableView *view = nullptr;
    RecordTableModel *model = nullptr;

    SendsTable()
    {
        model = new RecordTableModel(EmailActivityStore::sendSchema(), &window);
        auto *layout = new QVBoxLayout(&window);
        search = new QLineEdit;
        view = new RecordTableView;
        layout->addWidget(search);
        layout->addWidget(view);
        view->setRecordModel(model, QStringLiteral("bench/sends"), EmailActivityStore::SentAt,
                             Qt::DescendingOrder);
        view->setSortingEnabled(true);
        QObject::connect(search, &QLineEdit::textChanged, model, &RecordTableModel::setFilterText);
        window.resize(1400, 900);
    }
};

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("CampaignConsoleBench"));
    QStandardPaths::setTestModeEnabled(true);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("Sends in the store."),
                                        QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption baselineOption(QStringLiteral("baseline-rows"),
                                            QStringLiteral("Rows for the baseline."), QStringLiteral("n"),
                                            QStringLiteral("100000"));
    parser.addOptions({rowsOption, baselineOption});
    parser.process(app);
    const int rows = qMax(1000, parser.value(rowsOption).toInt());
    const int baselineRows = qBound(1000, parser.value(baselineOption).toInt(), rows);
    // A new operator's table: no columns remembered from an earlier run.
    QSettings().remove(QStringLiteral("layout/bench/sends"));

    QTemporaryDir dir;
    const QString dbPath = QDir(dir.path()).filePath(QStringLiteral("console.sqlite"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    // --- writing
    std::fprintf(stderr, "writing %d sends with EmailActivityStore::saveSends...\n", rows);
    const double writeMs = storeWriteMs(rows, now, dbPath);
    std::fprintf(stderr, "writing %d with QSqlQuery...\n", baselineRows);
    const QList<O2dSend> baselineSends = sendsFrom(0, baselineRows, now);
    const double naiveWriteMs =
            qsqlQueryWriteMs(baselineSends, QDir(dir.path()).filePath(QStringLiteral("naive.sqlite")));
    const double loadAllMs = Bench::medianMs(3, [&] {
        RecordTable table(EmailActivityStore::sendSchema());
        RecordTableLoader::loadAll(table, dbPath, EmailActivityStore::sendsSql(), {kCampaign});
    });

    // --- the table machinery: opened on the campaign's sends
    std::fprintf(stderr, "loading the sends table...\n");
    const qint64 rssBefore = Bench::residentBytes();
    Bench::LatencyProbe probe;
    probe.start();
    QElapsedTimer clock;
    clock.start();
    auto table = std::make_unique<SendsTable>();
    RecordTableModel *model = table->model;
    table->window.show();
    RecordTableLoader loader;
    bool loaded = false;
    double firstRowsMs = -1;
    QObject::connect(&loader, &RecordTableLoader::firstBatchMerged, &loader,
                     [&] { firstRowsMs = double(clock.nsecsElapsed()) / 1e6; });
    QObject::connect(&loader, &RecordTableLoader::finished, &loader, [&] { loaded = true; });
    loader.start(model, dbPath, EmailActivityStore::sendsSql(), {kCampaign});
    Bench::waitUntil([&] { return loaded && !model->isBusy(); });
    const double fullLoadMs = double(clock.nsecsElapsed()) / 1e6;
    probe.stop();
    const double loadGapMs = probe.maxGapMs();
    const qint64 shown = model->rowCount();
    const double bytesPerRow = double(Bench::residentBytes() - rssBefore) / double(qMax<qint64>(1, shown));
    const double tableBytesPerRow = double(model->table().memoryUsage()) / double(qMax<qint64>(1, shown));

    // Sorting, reversing, filtering: the computation alone, synchronously on the GUI thread.
    model->setExecution(RecordTableModel::Execution::Synchronous);
    double slowestSort = 0, slowestReverse = 0;
    QString slowestSortColumn;
    for (int c = 0; c < EmailActivityStore::SendColumnCount; ++c) {
        const double s = Bench::timeMs([&] { model->sort(c, Qt::AscendingOrder); });
        const double r = Bench::timeMs([&] { model->sort(c, Qt::DescendingOrder); });
        if (s > slowestSort) {
            slowestSort = s;
            slowestSortColumn = model->schema().column(c).key;
        }
        slowestReverse = qMax(slowestReverse, r);
    }
    model->sort(EmailActivityStore::SentAt, Qt::DescendingOrder);
    const double keyMs = Bench::timeMs([&] { model->setFilterText(QStringLiteral("4")); });
    const double narrowMs = Bench::timeMs([&] { model->setFilterText(QStringLiteral("44")); });
    const double clearMs = Bench::timeMs([&] { model->setFilterText(QString()); });
    RecordFilter bounced;
    bounced.predicates.append(
            ColumnPredicate::oneOf(EmailActivityStore::Status, {QStringLiteral("bounced")}));
    const double statusMs = Bench::timeMs([&] { model->setFilter(bounced); });
    model->setFilter({});

    const QString csvPath = QDir(dir.path()).filePath(QStringLiteral("sends.csv"));
    CsvExportResult exported;
    const double exportMs = Bench::timeMs(
            [&] { exported = CsvExporter::exportModel(*model, csvPath, CsvProfile::Spreadsheet); });
    QFile::remove(csvPath);

    // Typing in the search box: keystroke → the table painted with the result (filters on a
    // worker at this size).
    model->setExecution(RecordTableModel::Execution::Automatic);
    std::fprintf(stderr, "typing in the search box...\n");
    const Bench::KeystrokeFigures keystrokes =
            Bench::typeInRecordTable(table->search, table->view, model, kKeys);
    probe.start();
    const double asyncSortMs = Bench::timeMs([&] {
        model->sort(EmailActivityStore::To, Qt::AscendingOrder);
        Bench::waitUntil([&] { return !model->isBusy(); });
    });
    probe.stop();
    const double asyncSortGapMs = probe.maxGapMs();
    table.reset();

    // --- the naive baseline on fewer rows
    std::fprintf(stderr, "QStandardItemModel + QSortFilterProxyModel on %d rows...\n", baselineRows);
    auto source = std::make_unique<QStandardItemModel>(0, EmailActivityStore::SendColumnCount);
    auto proxy = std::make_unique<QSortFilterProxyModel>();
    proxy->setSourceModel(source.get());
    const qint64 baseRss = Bench::residentBytes();
    const double baseFillMs = Bench::timeMs([&] {
        for (const O2dSend &send : baselineSends)
            source->appendRow(baselineRow(send));
    });
    const double baseBytesPerRow = double(Bench::residentBytes() - baseRss) / double(baselineRows);
    double baseSlowestSort = 0, baseSlowestReverse = 0;
    for (int c = 0; c < EmailActivityStore::SendColumnCount; ++c) {
        baseSlowestSort = qMax(baseSlowestSort, Bench::timeMs([&] { proxy->sort(c, Qt::AscendingOrder); }));
        baseSlowestReverse =
                qMax(baseSlowestReverse, Bench::timeMs([&] { proxy->sort(c, Qt::DescendingOrder); }));
    }
    proxy->sort(EmailActivityStore::SentAt, Qt::DescendingOrder);
    proxy->setFilterKeyColumn(-1);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    const double baseKeyMs = Bench::timeMs([&] { proxy->setFilterFixedString(QStringLiteral("4")); });
    const double baseNarrowMs = Bench::timeMs([&] { proxy->setFilterFixedString(QStringLiteral("44")); });
    const double baseClearMs = Bench::timeMs([&] { proxy->setFilterFixedString(QString()); });
    const Bench::KeystrokeFigures baseKeystrokes = Bench::typeInNaiveTable(proxy.get(), kKeys);
    const QString basePath = QDir(dir.path()).filePath(QStringLiteral("baseline.csv"));
    qint64 baseBytes = 0;
    const double baseExportMs = Bench::timeMs([&] {
        QFile file(basePath);
        if (!file.open(QIODevice::WriteOnly))
            return;
        QTextStream out(&file);
        for (int r = 0; r < proxy->rowCount(); ++r) {
            for (int c = 0; c < proxy->columnCount(); ++c) {
                if (c)
                    out << ',';
                out << proxy->index(r, c).data().toString();
            }
            out << "\r\n";
        }
        out.flush();
        baseBytes = file.size();
    });
    proxy.reset();
    source.reset();

    const QString oursHead = QStringLiteral("Sends table, %1 sends").arg(Bench::formatCount(shown));
    const QString baseHead =
            QStringLiteral("QStandardItemModel + QSFPM, %1 sends").arg(Bench::formatCount(baselineRows));
    const auto keystrokeCell = [](const Bench::KeystrokeFigures &k) -> QString {
        return Bench::formatMs(k.worstMs()) + QStringLiteral(" / ") + Bench::formatMs(k.medianMs());
    };
    Bench::ResultTable result({QStringLiteral("Operation"), oursHead, baseHead, QStringLiteral("Target")});
    result.addRow({QStringLiteral("Store write (EmailActivityStore::saveSends, 50,000 per transaction)"),
                   Bench::formatMs(writeMs),
                   Bench::formatMs(naiveWriteMs) +
                           QStringLiteral(" (QSqlQuery per row: %1 per 1M)")
                                   .arg(Bench::formatMs(naiveWriteMs * 1e6 / baselineRows)),
                   QString()});
    result.addRow({QStringLiteral("Table opened → first rows in the table"), Bench::formatMs(firstRowsMs),
                   Bench::formatMs(baseFillMs) + QStringLiteral(" (fill, nothing shown before)"),
                   QStringLiteral("≤ 300 ms")});
    result.addRow({QStringLiteral("Table opened → every row loaded (off the GUI thread)"),
                   Bench::formatMs(fullLoadMs), QStringLiteral("—"), QString()});
    result.addRow({QStringLiteral("RecordTableLoader::loadAll of the same rows"), Bench::formatMs(loadAllMs),
                   QStringLiteral("—"), QString()});
    result.addRow({QStringLiteral("Sort, slowest column (%1)").arg(slowestSortColumn),
                   Bench::formatMs(slowestSort), Bench::formatMs(baseSlowestSort),
                   QStringLiteral("≤ 0.5 s")});
    result.addRow({QStringLiteral("Reverse a sort, slowest column"), Bench::formatMs(slowestReverse),
                   Bench::formatMs(baseSlowestReverse), QString()});
    result.addRow({QStringLiteral("Filter keystroke \"4\" (free text, all text columns)"),
                   Bench::formatMs(keyMs), Bench::formatMs(baseKeyMs), QString()});
    result.addRow({QStringLiteral("Filter keystroke \"44\" (narrowing)"), Bench::formatMs(narrowMs),
                   Bench::formatMs(baseNarrowMs), QString()});
    result.addRow({QStringLiteral("Clear the filter"), Bench::formatMs(clearMs), Bench::formatMs(baseClearMs),
                   QString()});
    result.addRow({QStringLiteral("Filter to one status (dictionary column)"), Bench::formatMs(statusMs),
                   QStringLiteral("—"), QString()});
    result.addRow({QStringLiteral("Keystroke → result painted in the table, worst / median (typing %1)")
                           .arg(keystrokes.typed.join(QStringLiteral(", "))),
                   keystrokeCell(keystrokes), keystrokeCell(baseKeystrokes), QStringLiteral("≤ 100 ms")});
    result.addRow({QStringLiteral("GUI thread max block while typing"), Bench::formatMs(keystrokes.maxGapMs),
                   Bench::formatMs(baseKeystrokes.maxGapMs), QString()});
    result.addRow({QStringLiteral("CSV export, spreadsheet profile"),
                   Bench::formatRate(exported.bytes, exportMs) +
                           QStringLiteral(" (%1)").arg(Bench::formatMs(exportMs)),
                   Bench::formatRate(baseBytes, baseExportMs) +
                           QStringLiteral(" (%1)").arg(Bench::formatMs(baseExportMs)),
                   QStringLiteral("≥ 200 MB/s")});
    result.addRow({QStringLiteral("Memory per row (RSS growth while the table loaded / table's own)"),
                   Bench::formatBytesPerRow(bytesPerRow) + QStringLiteral(" / ") +
                           Bench::formatBytesPerRow(tableBytesPerRow),
                   Bench::formatBytesPerRow(baseBytesPerRow), QStringLiteral("≤ 450 B")});
    result.addRow({QStringLiteral("GUI thread max block while loading"), Bench::formatMs(loadGapMs),
                   QStringLiteral("— (blocks for the whole fill)"), QString()});
    result.addRow({QStringLiteral("Header click sort by recipient (async): total / GUI thread max block"),
                   Bench::formatMs(asyncSortMs) + QStringLiteral(" / ") + Bench::formatMs(asyncSortGapMs),
                   QStringLiteral("— (blocks for the whole sort)"), QString()});
    result.print(QStringLiteral("### Sends table: %1 sends of one campaign in the store")
                         .arg(Bench::formatCount(shown)),
                 {QStringLiteral(
                          "The baseline runs on %1 rows (its times grow at least linearly; at 1,000,000 rows "
                          "it takes minutes).")
                          .arg(Bench::formatCount(baselineRows)),
                  QStringLiteral(
                          "Sort/filter rows without \"async\" time the computation alone on the GUI thread; "
                          "the model runs them on a worker above 50,000 rows."),
                  QStringLiteral("Machine: ") + Bench::machineNote() +
                          QStringLiteral(" (at the end of the run).")});
    return 0;
}
