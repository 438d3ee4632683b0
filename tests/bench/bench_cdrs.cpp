// Benchmark of the Calls & costs page (issue 4, "Speed"): 1,000,000 CDRs in the store shown by
// the real CallsPage, next to the naive Qt baseline (QStandardItemModel + QSortFilterProxyModel)
// and the raw sqlite3 C API; then the retrieval of a 90-day window from the sandbox with 50 ms
// of latency per request, over several shapes of /cdrs answers (order, density, size). Prints markdown tables
// for the README. Not a test: nothing here passes or fails.
//
//   bench_cdrs [--rows N] [--baseline-rows N] [--latency MS] [--concurrency N] [--skip-page]
//   [--skip-retrieval] [--profiles TEXT] [--runs N]
#include "BenchSupport.h"
#include "BenchTyping.h"

#include "accounts/ServiceHub.h"
#include "calls/CallsPage.h"
#include "core/VendorClient.h"
#include "export/CsvExporter.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/UnlimCallSandbox.h"
#include "stats/CdrStats.h"
#include "store/CdrStore.h"
#include "table/RecordTableLoader.h"
#include "table/RecordTableModel.h"
#include "unlimcall/CdrRetriever.h"
#include "unlimcall/UnlimCallService.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace {

constexpr qint64 msPerDay = 24LL * 3600 * 1000;

// --- data ------------------------------------------------------------------------------------------

struct Country
{
    const char *name;
    const char *prefix;
    int weight;
    int cents;
};
const Country kCountries[] = {{"United States", "+1212", 300, 6},   {"Canada", "+1416", 45, 6},
                              {"United Kingdom", "+4420", 110, 17}, {"Germany", "+4930", 90, 14},
                              {"France", "+331", 55, 15},           {"Spain", "+3491", 40, 13},
                              {"Italy", "+3906", 30, 14},           {"Netherlands", "+3120", 30, 13},
                              {"Australia", "+612", 35, 19},        {"Mexico", "+5255", 30, 11},
                              {"Brazil", "+5511", 25, 16},          {"India", "+9198", 35, 9},
                              {"Poland", "+4822", 20, 10},          {"Sweden", "+468", 15, 12},
                              {"Ireland", "+3531", 25, 15},         {"Japan", "+813", 15, 22},
                              {"South Africa", "+2721", 12, 20},    {"Israel", "+9723", 10, 18},
                              {"Philippines", "+632", 12, 21},      {"United Arab Emirates", "+9714", 10, 28},
                              {"Singapore", "+656", 12, 12},        {"Switzerland", "+4144", 15, 19}};
const char *const kDispositions[] = {"ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"};

// A year and a half of traffic with the sandbox's shape (daily and weekly rhythm, many countries).
QList<UnlimCall::Cdr> generate(int count, qint64 tillMs)
{
    QList<UnlimCall::Cdr> cdrs;
    cdrs.reserve(count);
    QRandomGenerator rng(20260524);
    int total = 0;
    for (const Country &c : kCountries)
        total += c.weight;
    const int days = 540;
    const qint64 fromMs = tillMs - days * msPerDay;
    for (int i = 0; i < count; ++i) {
        UnlimCall::Cdr cdr;
        const qint64 day = rng.bounded(days);
        const int hour = 7 + int(rng.bounded(12)) + (rng.bounded(10) == 0 ? -7 : 0);
        cdr.startMs = fromMs + day * msPerDay + hour * 3600000LL + rng.bounded(3600000);
        cdr.id = QStringLiteral("%1.%2").arg(cdr.startMs / 1000).arg(i);
        int pick = int(rng.bounded(total));
        const Country *country = &kCountries[0];
        for (const Country &c : kCountries) {
            if (pick < c.weight) {
                country = &c;
                break;
            }
            pick -= c.weight;
        }
        const int disposition = rng.bounded(100) < 52 ? 0 : 1 + int(rng.bounded(4));
        cdr.disposition = QString::fromLatin1(kDispositions[disposition]);
        cdr.billsec = disposition == 0 ? 3 + int(std::exp(2.6 + 3.6 * rng.generateDouble())) : 0;
        cdr.duration = cdr.billsec + int(rng.bounded(25));
        cdr.src = QStringLiteral("+1415555%1").arg(100 + rng.bounded(12), 4, 10, QLatin1Char('0'));
        cdr.dst = QString::fromLatin1(country->prefix) + QString::number(1000000 + rng.bounded(8999999));
        cdr.sipUsername = QStringLiteral("unl_%1").arg(1 + rng.bounded(12), 3, 10, QLatin1Char('0'));
        cdr.currency =
                cdr.sipUsername == QLatin1String("unl_001") ? QStringLiteral("EUR") : QStringLiteral("USD");
        cdr.sellPriceCents = ((cdr.billsec + 59) / 60) * country->cents;
        cdr.country = QString::fromLatin1(country->name);
        if (rng.bounded(12) == 0)
            cdr.did = QStringLiteral("+14155550150");
        cdrs.append(cdr);
    }
    return cdrs;
}

// --- the naive baseline ------------------------------------------------------------------------------

QList<QStandardItem *> baselineRow(const UnlimCall::Cdr &c)
{
    auto number = [](qint64 v) {
        auto *item = new QStandardItem;
        item->setData(v, Qt::DisplayRole);
        return item;
    };
    auto *start = new QStandardItem;
    start->setData(QDateTime::fromMSecsSinceEpoch(c.startMs, Qt::UTC), Qt::DisplayRole);
    return {new QStandardItem(c.id),
            start,
            number(c.duration),
            number(c.billsec),
            new QStandardItem(c.src),
            new QStandardItem(c.dst),
            new QStandardItem(c.disposition),
            new QStandardItem(c.sipUsername),
            number(c.sellPriceCents),
            new QStandardItem(c.currency),
            new QStandardItem(c.country),
            new QStandardItem(c.did)};
}

struct Row
{
    QString operation;
    QString ours;
    QString baseline;
};

// --- store write ------------------------------------------------------------------------------------
// CdrStore::saveCdrs against the same rows written with the sqlite3 C API: the same schema and
// indexes (CdrStore's migrations), WAL, synchronous=FULL, page cache and rows per transaction.

constexpr qsizetype kRowsPerTransaction = 50'000;

struct StoreWriteFigures
{
    double storeMs = 0; // best of the runs
    double rawMs = 0;
    double qsqlQueryMs = 0; // the naive way, on the baseline's rows
    int qsqlQueryRows = 0;
};

void rawExec(sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        std::fprintf(stderr, "raw sqlite3: %s: %s\n", sql, sqlite3_errmsg(db));
}

// The reference: a plain prepared INSERT, text bound as the QString's own UTF-16 (no copy).
double rawInsertMs(const QList<UnlimCall::Cdr> &cdrs, const QString &path)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                    nullptr);
    rawExec(db, "PRAGMA journal_mode = WAL");
    rawExec(db, "PRAGMA synchronous = FULL");
    rawExec(db, "PRAGMA foreign_keys = ON");
    rawExec(db, "PRAGMA cache_size = -32768");
    for (const Migration &m : CdrStore::migrations())
        for (const QString &statement : m.statements)
            rawExec(db, statement.toUtf8().constData());
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO unlimcall_cdrs (id, start_ms, duration, billsec, src, dst, disposition,"
                       " sip_username, sell_price_cents, currency, country, did)"
                       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                       -1, &stmt, nullptr);
    const auto text = [stmt](int i, const QString &s) {
        if (s.isNull())
            sqlite3_bind_null(stmt, i);
        else
            sqlite3_bind_text16(stmt, i, s.utf16(), int(s.size() * 2), SQLITE_STATIC);
    };
    const double ms = Bench::timeMs([&] {
        for (qsizetype first = 0; first < cdrs.size(); first += kRowsPerTransaction) {
            rawExec(db, "BEGIN IMMEDIATE");
            const qsizetype end = qMin(cdrs.size(), first + kRowsPerTransaction);
            for (qsizetype i = first; i < end; ++i) {
                const UnlimCall::Cdr &c = cdrs.at(i);
                text(1, c.id);
                sqlite3_bind_int64(stmt, 2, c.startMs);
                sqlite3_bind_int64(stmt, 3, c.duration);
                sqlite3_bind_int64(stmt, 4, c.billsec);
                text(5, c.src);
                text(6, c.dst);
                text(7, c.disposition);
                text(8, c.sipUsername);
                sqlite3_bind_int64(stmt, 9, c.sellPriceCents);
                text(10, c.currency);
                text(11, c.country);
                if (c.did.isEmpty())
                    sqlite3_bind_null(stmt, 12);
                else
                    text(12, c.did);
                if (sqlite3_step(stmt) != SQLITE_DONE)
                    std::fprintf(stderr, "raw sqlite3 insert: %s\n", sqlite3_errmsg(db));
                sqlite3_reset(stmt);
            }
            rawExec(db, "COMMIT");
        }
    });
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return ms;
}

double storeWriteMs(const QList<UnlimCall::Cdr> &cdrs, const QString &path)
{
    Database db(path);
    db.registerMigrations(CdrStore::component(), CdrStore::migrations());
    if (!db.open() || !db.migrate())
        return -1;
    CdrStore store(&db);
    return Bench::timeMs([&] {
        for (qsizetype first = 0; first < cdrs.size(); first += kRowsPerTransaction) {
            if (StoreStatus s = store.saveCdrs(cdrs.mid(first, kRowsPerTransaction)); !s)
                std::fprintf(stderr, "store write: %s\n", qPrintable(s.summary()));
        }
    });
}

// The naive way: QSqlQuery::bindValue per cell, exec() per row (what saveCdrs did before).
double qsqlQueryWriteMs(const QList<UnlimCall::Cdr> &cdrs, const QString &path)
{
    Database db(path);
    db.registerMigrations(CdrStore::component(), CdrStore::migrations());
    if (!db.open() || !db.migrate())
        return -1;
    return Bench::timeMs([&] {
        for (qsizetype first = 0; first < cdrs.size(); first += kRowsPerTransaction) {
            db.transaction([&]() -> StoreStatus {
                QSqlQuery q = db.query();
                q.prepare(QStringLiteral(
                        "INSERT INTO unlimcall_cdrs (id, start_ms, duration, billsec, src, dst, disposition,"
                        " sip_username, sell_price_cents, currency, country, did)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"));
                const qsizetype end = qMin(cdrs.size(), first + kRowsPerTransaction);
                for (qsizetype i = first; i < end; ++i) {
                    const UnlimCall::Cdr &c = cdrs.at(i);
                    const QVariantList values{
                            c.id,
                            c.startMs,
                            c.duration,
                            c.billsec,
                            c.src,
                            c.dst,
                            c.disposition,
                            c.sipUsername,
                            c.sellPriceCents,
                            c.currency,
                            c.country,
                            c.did.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(c.did)};
                    for (int v = 0; v < values.size(); ++v)
                        q.bindValue(v, values.at(v));
                    if (StoreStatus s = db.exec(q); !s)
                        return s;
                }
                return {};
            });
        }
    });
}

// Alternates the raw insert and the store (twice each, fresh files) so a busy machine weighs on
// both alike; the store's last run fills `storePath` for the page.
StoreWriteFigures benchStoreWrite(const QList<UnlimCall::Cdr> &cdrs, int naiveRows, const QString &dir,
                                  const QString &storePath)
{
    StoreWriteFigures f;
    f.storeMs = f.rawMs = std::numeric_limits<double>::max();
    for (int run = 0; run < 2; ++run) {
        const QString rawPath = QDir(dir).filePath(QStringLiteral("raw%1.sqlite").arg(run));
        const QString spare = QDir(dir).filePath(QStringLiteral("store%1.sqlite").arg(run));
        std::fprintf(stderr, "writing them with the raw sqlite3 C API (run %d)...\n", run + 1);
        const double raw = rawInsertMs(cdrs, rawPath);
        std::fprintf(stderr, "writing them to the store (run %d)...\n", run + 1);
        const double store = storeWriteMs(cdrs, run == 1 ? storePath : spare);
        std::fprintf(stderr, "  raw %.0f ms, store %.0f ms\n", raw, store);
        f.rawMs = qMin(f.rawMs, raw);
        f.storeMs = qMin(f.storeMs, store);
        for (const QString &path : {rawPath, spare})
            for (const char *suffix : {"", "-wal", "-shm"})
                QFile::remove(path + QLatin1String(suffix));
    }
    f.qsqlQueryRows = int(qMin<qsizetype>(naiveRows, cdrs.size()));
    const QString naivePath = QDir(dir).filePath(QStringLiteral("naive.sqlite"));
    std::fprintf(stderr, "writing %d with QSqlQuery...\n", f.qsqlQueryRows);
    f.qsqlQueryMs = qsqlQueryWriteMs(cdrs.mid(0, f.qsqlQueryRows), naivePath);
    return f;
}

// --- keystroke to result -----------------------------------------------------------------------------
// From the key event in a search box to the table view having painted the rows that match.

// Types "germ", deletes it again and types "44", one key at a time.
const QList<int> kKeys{Qt::Key_G,         Qt::Key_E,         Qt::Key_R,         Qt::Key_M,
                       Qt::Key_Backspace, Qt::Key_Backspace, Qt::Key_Backspace, Qt::Key_Backspace,
                       Qt::Key_4,         Qt::Key_4,         Qt::Key_Backspace, Qt::Key_Backspace};

// The page's own search box, its table and its model (which filters on a worker at this size).
Bench::KeystrokeFigures benchKeystrokes(CallsPage *page)
{
    RecordTableModel *model = page->records();
    auto *search = page->findChild<QLineEdit *>(QStringLiteral("callsSearch"));
    QAbstractItemView *view = nullptr;
    for (QAbstractItemView *candidate : page->findChildren<QAbstractItemView *>())
        if (candidate->model() == model)
            view = candidate;
    return Bench::typeInRecordTable(search, view, model, kKeys);
}

// --- retrieval ----------------------------------------------------------------------------------------

// One shape of /cdrs (which rows a full answer holds and in what order, how calls spread over
// the days, how many) served by a sandbox with a fixed latency per answer.
struct RetrievalProfile
{
    UnlimCallSandbox::CdrOrder order;
    UnlimCallSandbox::CdrDensity density;
    int records; // in the 90-day window, roughly
    QString name;
    bool ordered; // the rows come in time order (the 1.3× request target applies)
};

struct RetrievalFigures
{
    qint64 records = 0;
    qint64 sandboxCount = 0;
    int requests = 0;
    int full = 0;
    int rounds = 0;
    double wallMs = 0;
};

RetrievalFigures benchRetrieval(const RetrievalProfile &profile, int latencyMs, int concurrency)
{
    RetrievalFigures f;
    // The sandbox answers on a thread of its own, like a remote server.
    SandboxServer::Options options;
    options.unlimcallCdrDays = 100;
    options.unlimcallCdrsPerDay = profile.records / 90;
    options.latencyMs = latencyMs;
    options.unloopaLeadCount = 10;
    QThread serverThread;
    QObject onServerThread;
    onServerThread.moveToThread(&serverThread);
    serverThread.start();
    SandboxServer *server = nullptr;
    QMetaObject::invokeMethod(
            &onServerThread,
            [&] {
                server = new SandboxServer(options);
                server->start(); // creates the vendors
                server->unlimcall()->setCdrOrder(profile.order);
                server->unlimcall()->setCdrDensity(profile.density);
            },
            Qt::BlockingQueuedConnection);
    const QDate today = QDateTime::currentDateTimeUtc().date();
    const qint64 till = QDateTime(today, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 from = till - 90 * msPerDay;
    // Generate the days now so the timing measures the retrieval, not the sandbox's first touch.
    f.sandboxCount = server->unlimcall()->cdrCount(from, till);

    QNetworkAccessManager network;
    VendorClient client(Vendor::UnlimCall, &network);
    client.setBaseUrl(server->baseUrl(Vendor::UnlimCall));
    client.setAuthenticator(std::make_shared<TokenAuthenticator>(
            TokenAuthenticator::Scheme::Bearer, SandboxServer::demoToken(Vendor::UnlimCall)));
    UnlimCallService service(&client);
    CdrRetriever retriever(&service);
    CdrRetriever::Options retrieverOptions;
    retrieverOptions.concurrency = concurrency;
    retriever.setOptions(retrieverOptions);
    // Waited for in an event loop, as the console waits: it sleeps until the next event comes,
    // where a polling wait takes each event up to a poll's interval late.
    QEventLoop loop;
    QObject::connect(&retriever, &CdrRetriever::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(600'000, &loop, &QEventLoop::quit); // a retrieval that never ends is shown short
    f.wallMs = Bench::timeMs([&] {
        retriever.start(from, till);
        loop.exec();
    });
    f.records = retriever.stats().records;
    f.requests = retriever.stats().requests;
    f.full = retriever.stats().fullPieces;
    f.rounds = retriever.stats().rounds;

    QMetaObject::invokeMethod(
            &onServerThread, [&] { delete server; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();
    return f;
}

// The machine's load average (1, 5, 15 minutes): wall times are only comparable beside it.
QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(file.readAll()).section(QLatin1Char(' '), 0, 2);
}

// Retrieval of a 90-day window over every profile: records against the sandbox's own count,
// requests against the fewest that can hold them (records ÷ 1000), wall time against the
// latency-bound ideal (that minimum × latency ÷ requests in flight).
void benchRetrievalProfiles(int latencyMs, int concurrency, const QString &only, int runs)
{
    const QString loadBefore = loadAverage();
    using Order = UnlimCallSandbox::CdrOrder;
    using Density = UnlimCallSandbox::CdrDensity;
    const std::pair<Order, QString> orders[] = {
            {Order::EarliestFirst, QStringLiteral("oldest first")},
            {Order::NewestFirst, QStringLiteral("newest first")},
            {Order::NewestListedOldestFirst, QStringLiteral("newest 1000 listed oldest first")},
            {Order::Scattered, QStringLiteral("unordered")}};
    const std::pair<Density, QString> densities[] = {{Density::Uniform, QStringLiteral("uniform")},
                                                     {Density::SparseWeeks, QStringLiteral("sparse weeks")},
                                                     {Density::BurstyDays, QStringLiteral("bursty days")}};
    Bench::ResultTable table({QStringLiteral("Profile (90 days)"),
                              QStringLiteral("Records / sandbox's count"),
                              QStringLiteral("Requests / minimum"), QStringLiteral("Rounds / fewest"),
                              QStringLiteral("Wall time / ideal"), QStringLiteral("Target")});
    for (const int records : {25'000, 200'000}) {
        for (const auto &[order, orderName] : orders) {
            for (const auto &[density, densityName] : densities) {
                const RetrievalProfile profile{
                        order, density, records,
                        QStringLiteral("%1, %2, %3k").arg(orderName, densityName).arg(records / 1000),
                        order != Order::Scattered};
                if (!profile.name.contains(only))
                    continue;
                std::fprintf(stderr, "retrieving: %s...\n", qPrintable(profile.name));
                // Several runs side by side: the median run is shown, with the range of wall times
                // (a shared machine's noise is a few milliseconds a round trip).
                std::vector<RetrievalFigures> tries;
                for (int run = 0; run < runs; ++run)
                    tries.push_back(benchRetrieval(profile, latencyMs, concurrency));
                std::sort(tries.begin(), tries.end(),
                          [](const RetrievalFigures &a, const RetrievalFigures &b) {
                              return a.wallMs < b.wallMs;
                          });
                const RetrievalFigures r = tries.at(tries.size() / 2);
                const double minimum = std::ceil(double(r.sandboxCount) / 1000.0);
                const double ideal = minimum * latencyMs / concurrency;
                // Load-independent: the round trips one after another, against the fewest that
                // can carry the minimum (the wall time's ideal, counted in round trips).
                const double fewestRounds = std::ceil(minimum / concurrency);
                table.addRow({profile.name,
                              Bench::formatCount(r.records) + QStringLiteral(" / ") +
                                      Bench::formatCount(r.sandboxCount),
                              QStringLiteral("%1 / %2 (%3×)")
                                      .arg(r.requests)
                                      .arg(qint64(minimum))
                                      .arg(r.requests / minimum, 0, 'f', 2),
                              QStringLiteral("%1 / %2 (%3×)")
                                      .arg(r.rounds)
                                      .arg(qint64(fewestRounds))
                                      .arg(r.rounds / fewestRounds, 0, 'f', 2),
                              QStringLiteral("%1 / %2 (%3×%4)")
                                      .arg(Bench::formatMs(r.wallMs), Bench::formatMs(ideal))
                                      .arg(r.wallMs / ideal, 0, 'f', 2)
                                      .arg(runs > 1 ? QStringLiteral("; %1–%2×")
                                                              .arg(tries.front().wallMs / ideal, 0, 'f', 2)
                                                              .arg(tries.back().wallMs / ideal, 0, 'f', 2)
                                                    : QString()),
                              profile.ordered ? QStringLiteral("equal; ≤ 1.3×; ≤ 1.3×")
                                              : QStringLiteral("equal; —; —")});
            }
        }
    }
    std::puts("");
    table.print(
            QStringLiteral("### Calls & costs: retrieving a 90-day window (%1 ms per request, %2 in flight)")
                    .arg(latencyMs)
                    .arg(concurrency),
            {QStringLiteral("Minimum: records ÷ 1000, the fewest requests that can hold them. Ideal: that "
                            "minimum × latency ÷ requests in flight. Rounds: the longest chain of requests "
                            "each sent on the answer before it (the wall time's unit, whatever the load); "
                            "fewest: minimum ÷ requests in flight, rounded up."),
             QStringLiteral("Each profile retrieved %1 time(s); shown: the run with the median wall time%2.")
                     .arg(runs)
                     .arg(runs > 1 ? QStringLiteral(", then the range of wall time / ideal over all runs")
                                   : QString()),
             QStringLiteral("Load average (1, 5, 15 min) before / after: %1 / %2")
                     .arg(loadBefore, loadAverage()),
             QStringLiteral("\"Newest 1000 listed oldest first\": full answers hold the latest rows of their "
                            "window but list them oldest first. Unordered: any 1000 rows in no order "
                            "(no target: full answers tell nothing, so pieces are cut below the limit).")});
}

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
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("CDRs in the store."),
                                        QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption baselineOption(QStringLiteral("baseline-rows"),
                                            QStringLiteral("Rows for the baseline."), QStringLiteral("n"),
                                            QStringLiteral("100000"));
    const QCommandLineOption latencyOption(QStringLiteral("latency"),
                                           QStringLiteral("Sandbox latency per request."),
                                           QStringLiteral("ms"), QStringLiteral("50"));
    const QCommandLineOption concurrencyOption(QStringLiteral("concurrency"),
                                               QStringLiteral("Requests in flight."), QStringLiteral("n"),
                                               QStringLiteral("4"));
    const QCommandLineOption profilesOption(
            QStringLiteral("profiles"), QStringLiteral("Only the retrieval profiles whose name holds this."),
            QStringLiteral("text"));
    const QCommandLineOption skipPage(QStringLiteral("skip-page"),
                                      QStringLiteral("Skip the store/page part."));
    const QCommandLineOption skipRetrieval(QStringLiteral("skip-retrieval"),
                                           QStringLiteral("Skip the retrieval part."));
    const QCommandLineOption runsOption(QStringLiteral("runs"),
                                        QStringLiteral("Retrievals of each profile (the median is shown)."),
                                        QStringLiteral("n"), QStringLiteral("1"));
    parser.addOptions({rowsOption, baselineOption, latencyOption, concurrencyOption, profilesOption, skipPage,
                       skipRetrieval, runsOption});
    parser.process(app);
    const int rows = qMax(1000, parser.value(rowsOption).toInt());
    const int baselineRows = qBound(1000, parser.value(baselineOption).toInt(), rows);

    if (!parser.isSet(skipPage)) {
        // The page opens as a new operator's would: no tab, window or columns remembered from
        // an earlier run (the bench has its own settings organisation).
        QSettings().remove(QStringLiteral("calls"));
        QSettings().remove(QStringLiteral("layout/calls"));
        QTemporaryDir dir;
        const QString dbPath = QDir(dir.path()).filePath(QStringLiteral("console.sqlite"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        std::fprintf(stderr, "generating %d CDRs...\n", rows);
        QList<UnlimCall::Cdr> cdrs = generate(rows, now);
        const StoreWriteFigures write = benchStoreWrite(cdrs, baselineRows, dir.path(), dbPath);
        const qint64 windowFrom = now - 541 * msPerDay;
        const qint64 windowTill = now + msPerDay;
        const QByteArray sql = CdrStore::cdrsSql().toUtf8();

        // Reference: the sqlite3 C API stepping the page's query, touching every value.
        const double rawMs = Bench::medianMs(3, [&] {
            sqlite3 *db = nullptr;
            sqlite3_open_v2(QFile::encodeName(dbPath).constData(), &db, SQLITE_OPEN_READONLY, nullptr);
            sqlite3_stmt *stmt = nullptr;
            sqlite3_prepare_v2(db, sql.constData(), -1, &stmt, nullptr);
            sqlite3_bind_int64(stmt, 1, windowFrom);
            sqlite3_bind_int64(stmt, 2, windowTill);
            qint64 checksum = 0;
            while (sqlite3_step(stmt) == SQLITE_ROW) {
                for (int c = 0; c < CdrStore::ColumnCount; ++c) {
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
        const double loadAllMs = Bench::medianMs(3, [&] {
            RecordTable table(CdrStore::cdrSchema());
            RecordTableLoader::loadAll(table, dbPath, CdrStore::cdrsSql(), {windowFrom, windowTill});
        });

        // The page itself: opened on a window holding every record, offline (no credentials).
        std::fprintf(stderr, "opening the Calls & costs page...\n");
        ServiceHub::Options hubOptions;
        hubOptions.credentialSource = ServiceHub::CredentialSource::Memory;
        hubOptions.settingsGroup = QStringLiteral("bench/vendors");
        ServiceHub hub(hubOptions);
        const qint64 rssBefore = Bench::residentBytes();
        Bench::LatencyProbe probe;
        probe.start();
        QElapsedTimer clock;
        clock.start();
        auto page = std::make_unique<CallsPage>(&hub, nullptr, nullptr, dbPath);
        qint64 loadedRows = -1;
        QObject::connect(page.get(), &CallsPage::windowLoaded, page.get(), [&](qint64 n) { loadedRows = n; });
        page->setCustomWindow(QDateTime::fromMSecsSinceEpoch(windowFrom).date(),
                              QDateTime::fromMSecsSinceEpoch(windowTill).date());
        page->resize(1400, 900);
        page->show();
        const double openMs = double(clock.nsecsElapsed()) / 1e6;
        Bench::waitUntil([&] { return page->records()->rowCount() > 0; });
        const double firstRowsMs = double(clock.nsecsElapsed()) / 1e6;
        Bench::waitUntil([&] { return loadedRows >= 0 && !page->records()->isBusy(); });
        const double fullLoadMs = double(clock.nsecsElapsed()) / 1e6;
        Bench::waitUntil([&] { return !page->totalsText().isEmpty(); });
        probe.stop();
        const double loadGapMs = probe.maxGapMs();
        const qint64 shown = page->records()->rowCount();
        const double bytesPerRow =
                double(Bench::residentBytes() - rssBefore) / double(qMax<qint64>(1, shown));
        const double tableBytesPerRow =
                double(page->records()->table().memoryUsage()) / double(qMax<qint64>(1, shown));

        // Sorting, reversing, filtering: synchronous figures on the page's model (the work
        // alone), then the GUI thread's longest block while the page does them its way.
        RecordTableModel *model = page->records();
        model->setExecution(RecordTableModel::Execution::Synchronous);
        double slowestSort = 0, slowestReverse = 0;
        QString slowestSortColumn;
        for (int c = 0; c < CdrStore::ColumnCount; ++c) {
            const double s = Bench::timeMs([&] { model->sort(c, Qt::AscendingOrder); });
            const double r = Bench::timeMs([&] { model->sort(c, Qt::DescendingOrder); });
            if (s > slowestSort) {
                slowestSort = s;
                slowestSortColumn = model->schema().column(c).key;
            }
            slowestReverse = qMax(slowestReverse, r);
        }
        model->sort(CdrStore::StartTime, Qt::DescendingOrder);
        const double keyMs = Bench::timeMs([&] { model->setFilterText(QStringLiteral("4")); });
        const double narrowMs = Bench::timeMs([&] { model->setFilterText(QStringLiteral("44")); });
        const double clearMs = Bench::timeMs([&] { model->setFilterText(QString()); });
        RecordFilter country;
        country.predicates.append(ColumnPredicate::oneOf(CdrStore::Country, {QStringLiteral("Germany")}));
        const double countryMs = Bench::timeMs([&] { model->setFilter(country); });
        model->setFilter({});

        std::vector<int> all = model->visibleRows();
        CdrStats::Charts charts;
        const double chartsMs = Bench::medianMs(
                3, [&] { charts = CdrStats::charts(model->table(), all, windowFrom, windowTill); });
        const double totalsMs = Bench::medianMs(3, [&] { (void)CdrStats::totals(model->table(), all); });

        const QString csvPath = QDir(dir.path()).filePath(QStringLiteral("calls.csv"));
        CsvExportResult exported;
        const double exportMs = Bench::timeMs(
                [&] { exported = CsvExporter::exportModel(*model, csvPath, CsvProfile::Spreadsheet); });
        QFile::remove(csvPath);

        // Typing in the search box as a person does: keystroke → the table painted with the result.
        model->setExecution(RecordTableModel::Execution::Automatic);
        std::fprintf(stderr, "typing in the search box...\n");
        const Bench::KeystrokeFigures keystrokes = benchKeystrokes(page.get());

        // The page's way: typing in the search box and opening the charts, timed from the GUI.
        probe.start();
        auto *search = page->findChild<QLineEdit *>(QStringLiteral("callsSearch"));
        const double asyncFilterMs = Bench::timeMs([&] {
            search->setText(QStringLiteral("germ"));
            Bench::waitUntil(
                    [&] { return model->appliedFilter().text == QLatin1String("germ") && !model->isBusy(); });
        });
        bool chartsDone = false;
        QObject::connect(page.get(), &CallsPage::chartsUpdated, page.get(), [&] { chartsDone = true; });
        search->clear();
        Bench::waitUntil([&] { return model->appliedFilter().text.isEmpty() && !model->isBusy(); });
        const double asyncChartsMs = Bench::timeMs([&] {
            page->showCharts();
            Bench::waitUntil([&] { return chartsDone; });
        });
        const double asyncSortMs = Bench::timeMs([&] {
            model->sort(CdrStore::Country, Qt::AscendingOrder);
            Bench::waitUntil([&] { return !model->isBusy(); });
        });
        probe.stop();
        const double interactGapMs = probe.maxGapMs();
        page.reset();

        // --- the baseline on fewer rows
        std::fprintf(stderr, "QStandardItemModel + QSortFilterProxyModel on %d rows...\n", baselineRows);
        auto source = std::make_unique<QStandardItemModel>(0, CdrStore::ColumnCount);
        auto proxy = std::make_unique<QSortFilterProxyModel>();
        proxy->setSourceModel(source.get());
        const qint64 baseRss = Bench::residentBytes();
        const double baseFillMs = Bench::timeMs([&] {
            for (int i = 0; i < baselineRows; ++i)
                source->appendRow(baselineRow(cdrs.at(i)));
        });
        const double baseBytesPerRow = double(Bench::residentBytes() - baseRss) / double(baselineRows);
        double baseSlowestSort = 0, baseSlowestReverse = 0;
        for (int c = 0; c < CdrStore::ColumnCount; ++c) {
            baseSlowestSort =
                    qMax(baseSlowestSort, Bench::timeMs([&] { proxy->sort(c, Qt::AscendingOrder); }));
            baseSlowestReverse =
                    qMax(baseSlowestReverse, Bench::timeMs([&] { proxy->sort(c, Qt::DescendingOrder); }));
        }
        proxy->sort(CdrStore::StartTime, Qt::DescendingOrder);
        proxy->setFilterKeyColumn(-1);
        proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
        const double baseKeyMs = Bench::timeMs([&] { proxy->setFilterFixedString(QStringLiteral("4")); });
        const double baseNarrowMs = Bench::timeMs([&] { proxy->setFilterFixedString(QStringLiteral("44")); });
        const double baseClearMs = Bench::timeMs([&] { proxy->setFilterFixedString(QString()); });
        const Bench::KeystrokeFigures baseKeystrokes = Bench::typeInNaiveTable(proxy.get(), kKeys);
        // Totals the naive way: data() per visible row.
        const double baseTotalsMs = Bench::timeMs([&] {
            qint64 cents = 0, answered = 0;
            for (int r = 0; r < proxy->rowCount(); ++r) {
                cents += proxy->index(r, CdrStore::Cost).data().toLongLong();
                answered +=
                        proxy->index(r, CdrStore::Disposition).data().toString() == QLatin1String("ANSWERED");
            }
            if (cents == 42 && answered == 42)
                std::puts("");
        });
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

        const QString oursHead = QStringLiteral("Calls & costs page, %1 CDRs").arg(Bench::formatCount(shown));
        const QString baseHead =
                QStringLiteral("QStandardItemModel + QSFPM, %1 CDRs").arg(Bench::formatCount(baselineRows));
        Bench::ResultTable table({QStringLiteral("Operation"), oursHead, baseHead, QStringLiteral("Target")});
        table.addRow({QStringLiteral("Store write (CdrStore::saveCdrs, 50,000 per transaction)"),
                      Bench::formatMs(write.storeMs) +
                              QStringLiteral(" (%1× raw)")
                                      .arg(write.storeMs / qMax(0.001, write.rawMs), 0, 'f', 2),
                      Bench::formatMs(write.qsqlQueryMs) +
                              QStringLiteral(" (QSqlQuery per row, %1 rows: %2 per 1M)")
                                      .arg(Bench::formatCount(write.qsqlQueryRows),
                                           Bench::formatMs(write.qsqlQueryMs * 1e6 /
                                                           qMax(1, write.qsqlQueryRows))),
                      QStringLiteral("≤ 1.5× raw")});
        table.addRow({QStringLiteral("Reference: raw sqlite3 C API prepared INSERT of the same rows"),
                      Bench::formatMs(write.rawMs), QStringLiteral("—"), QString()});
        table.addRow({QStringLiteral("Page opened → first rows in the table"),
                      Bench::formatMs(firstRowsMs) +
                              QStringLiteral(" (constructor %1)").arg(Bench::formatMs(openMs)),
                      Bench::formatMs(baseFillMs) + QStringLiteral(" (fill, nothing shown before)"),
                      QStringLiteral("≤ 300 ms")});
        table.addRow({QStringLiteral("Page opened → every row loaded (off the GUI thread)"),
                      Bench::formatMs(fullLoadMs), QStringLiteral("—"), QString()});
        table.addRow({QStringLiteral("Reference: raw sqlite3 C API read of the same rows"),
                      Bench::formatMs(rawMs), QStringLiteral("—"), QString()});
        table.addRow({QStringLiteral("RecordTableLoader::loadAll of the same rows"),
                      Bench::formatMs(loadAllMs) +
                              QStringLiteral(" (%1× raw)").arg(loadAllMs / qMax(0.001, rawMs), 0, 'f', 2),
                      QStringLiteral("—"), QStringLiteral("≤ 1.5× raw")});
        table.addRow({QStringLiteral("Sort, slowest column (%1)").arg(slowestSortColumn),
                      Bench::formatMs(slowestSort), Bench::formatMs(baseSlowestSort),
                      QStringLiteral("≤ 0.5 s")});
        table.addRow({QStringLiteral("Reverse a sort, slowest column"), Bench::formatMs(slowestReverse),
                      Bench::formatMs(baseSlowestReverse), QStringLiteral("≤ 20 ms")});
        table.addRow({QStringLiteral("Filter keystroke \"4\" (free text, all text columns)"),
                      Bench::formatMs(keyMs), Bench::formatMs(baseKeyMs), QStringLiteral("≤ 50 ms")});
        table.addRow({QStringLiteral("Filter keystroke \"44\" (narrowing)"), Bench::formatMs(narrowMs),
                      Bench::formatMs(baseNarrowMs), QStringLiteral("≤ 50 ms")});
        table.addRow({QStringLiteral("Clear the filter"), Bench::formatMs(clearMs),
                      Bench::formatMs(baseClearMs), QString()});
        table.addRow({QStringLiteral("Filter to one country (dictionary column)"), Bench::formatMs(countryMs),
                      QStringLiteral("—"), QString()});
        table.addRow({QStringLiteral("Totals line (calls, answered, minutes, cost per currency)"),
                      Bench::formatMs(totalsMs),
                      Bench::formatMs(baseTotalsMs) + QStringLiteral(" (data() per row)"), QString()});
        table.addRow({QStringLiteral("Six charts recomputed (CdrStats::charts)"), Bench::formatMs(chartsMs),
                      QStringLiteral("—"), QStringLiteral("≤ 200 ms")});
        table.addRow({QStringLiteral("CSV export, spreadsheet profile"),
                      Bench::formatRate(exported.bytes, exportMs) +
                              QStringLiteral(" (%1)").arg(Bench::formatMs(exportMs)),
                      Bench::formatRate(baseBytes, baseExportMs) +
                              QStringLiteral(" (%1)").arg(Bench::formatMs(baseExportMs)),
                      QStringLiteral("≥ 200 MB/s")});
        table.addRow({QStringLiteral("Memory per row (RSS growth while the page loaded / table's own)"),
                      Bench::formatBytesPerRow(bytesPerRow) + QStringLiteral(" / ") +
                              Bench::formatBytesPerRow(tableBytesPerRow),
                      Bench::formatBytesPerRow(baseBytesPerRow), QStringLiteral("≤ 450 B")});
        table.addRow({QStringLiteral("GUI thread max block while loading"), Bench::formatMs(loadGapMs),
                      QStringLiteral("— (blocks for the whole fill)"), QStringLiteral("≤ 50 ms")});
        table.addRow({QStringLiteral("Keystroke → result painted in the table, worst / median (typing %1)")
                              .arg(keystrokes.typed.join(QStringLiteral(", "))),
                      Bench::formatMs(keystrokes.worstMs()) + QStringLiteral(" / ") +
                              Bench::formatMs(keystrokes.medianMs()),
                      Bench::formatMs(baseKeystrokes.worstMs()) + QStringLiteral(" / ") +
                              Bench::formatMs(baseKeystrokes.medianMs()),
                      QStringLiteral("≤ 100 ms")});
        table.addRow({QStringLiteral("GUI thread max block while typing"),
                      Bench::formatMs(keystrokes.maxGapMs), Bench::formatMs(baseKeystrokes.maxGapMs),
                      QStringLiteral("≤ 50 ms")});
        table.addRow({QStringLiteral("Typing \"germ\" in the search box (async): until applied"),
                      Bench::formatMs(asyncFilterMs), QStringLiteral("—"), QString()});
        table.addRow({QStringLiteral("Opening the charts tab (async): until drawn"),
                      Bench::formatMs(asyncChartsMs), QStringLiteral("—"), QString()});
        table.addRow({QStringLiteral("Header click sort by country (async): until applied"),
                      Bench::formatMs(asyncSortMs), QStringLiteral("—"), QString()});
        table.addRow({QStringLiteral("GUI thread max block while filtering, charting, sorting"),
                      Bench::formatMs(interactGapMs), QStringLiteral("— (blocks for each whole operation)"),
                      QStringLiteral("≤ 50 ms")});
        table.print(
                QStringLiteral("### Calls & costs: %1 CDRs in the store").arg(Bench::formatCount(shown)),
                {QStringLiteral(
                         "The baseline runs on %1 rows (its times grow at least linearly; at 1,000,000 rows "
                         "it takes minutes).")
                         .arg(Bench::formatCount(baselineRows)),
                 QStringLiteral(
                         "Sort/filter/chart rows without \"async\" time the computation alone on the GUI "
                         "thread; the page runs them on a worker above 50,000 rows, and the \"max block\" "
                         "rows show what the GUI thread feels.")});
    }

    if (!parser.isSet(skipRetrieval))
        benchRetrievalProfiles(parser.value(latencyOption).toInt(),
                               qMax(1, parser.value(concurrencyOption).toInt()), parser.value(profilesOption),
                               qMax(1, parser.value(runsOption).toInt()));
    return 0;
}
