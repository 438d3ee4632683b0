// Benchmark of the Leads page (issue 3 "Speed") on 100,000 cached leads, side by side with the
// naive Qt baseline — QStandardItemModel + QSortFilterProxyModel fed the same rows from the same
// SQLite file. Prints one markdown table for the README. Not a test: nothing passes or fails.
//
//   bench_leads [--leads N] [--sync-leads N]
//
// Figures: time to first rows on screen when the Leads page opens, sort by each column, a filter
// keystroke, CSV export throughput, and the longest GUI-thread stall (timer-latency probe) while
// the page loads from the store, while it syncs from Unloopa (the sandbox program in another
// process, so its work does not count as ours) and while it exports.
#include "BenchSupport.h"

#include "controllers/LeadsController.h"
#include "core/VendorClient.h"
#include "export/CsvExporter.h"
#include "leads/LeadsPage.h"
#include "phone/PhoneNumbers.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/UnloopaSandbox.h"
#include "store/Database.h"
#include "store/LeadStore.h"
#include "table/RecordTableModel.h"
#include "unloopa/UnloopaService.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSortFilterProxyModel>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeView>

#include <algorithm>
#include <memory>

#ifndef CC_SANDBOX_PATH
#error "CC_SANDBOX_PATH must name campaign-console-sandbox"
#endif

namespace {

// The sandbox's seeded leads, converted as the service would parse them (E.164 via libphonenumber).
QList<UnloopaLead> generateLeads(int count)
{
    SandboxServer::Options options;
    options.unloopaLeadCount = count;
    options.unlimcallCdrDays = 1;
    options.unlimcallCdrsPerDay = 1;
    SandboxServer server(options);
    if (!server.start())
        return {};
    QList<UnloopaLead> leads;
    leads.reserve(count);
    for (const UnloopaSandbox::Lead &s : server.unloopa()->leads()) {
        UnloopaLead l;
        l.id = s.id;
        l.businessName = s.businessName;
        l.city = s.city;
        l.industry = s.industry;
        l.phoneAsReceived = s.phone;
        if (!s.phone.isEmpty())
            l.phone = PhoneNumbers::toE164(s.phone).value_or(QString());
        l.email = s.email;
        if (s.rating >= 0)
            l.rating = s.rating;
        l.reviews = s.reviews;
        if (s.websiteGenerated)
            l.url = QUrl(QStringLiteral("https://unlora.com/") + s.slug);
        l.language = s.language;
        l.videoStatus = s.videoStatus;
        if (s.videoStatus == QLatin1String("completed"))
            l.videoUrl = QUrl(QStringLiteral("https://video.unloopa.com/") + s.slug + QStringLiteral(".mp4"));
        l.vslStatus = s.vslStatus;
        l.instagram = QUrl(s.instagram);
        l.facebook = QUrl(s.facebook);
        l.createdAt = s.createdAt;
        leads.append(l);
    }
    return leads;
}

// The naive baseline: every row read with QSqlQuery into QStandardItems, a proxy on top.
struct Baseline
{
    QStandardItemModel model;
    QSortFilterProxyModel proxy;

    void load(Database &db, const RecordSchema &schema)
    {
        model.setColumnCount(schema.columnCount());
        QStringList titles;
        for (const ColumnSpec &c : schema.columns())
            titles << c.title;
        model.setHorizontalHeaderLabels(titles);
        QSqlQuery q = db.query();
        q.setForwardOnly(true);
        q.exec(LeadStore::leadsSql());
        while (q.next()) {
            QList<QStandardItem *> row;
            row.reserve(schema.columnCount());
            for (int c = 0; c < schema.columnCount(); ++c) {
                auto *item = new QStandardItem;
                const QVariant v = q.value(c);
                if (!v.isNull()) {
                    if (schema.column(c).type == ColumnType::DateTime)
                        item->setData(QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC).toLocalTime(),
                                      Qt::DisplayRole);
                    else
                        item->setData(v, Qt::DisplayRole);
                }
                row.append(item);
            }
            model.appendRow(row);
        }
        proxy.setSourceModel(&model);
        proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
        proxy.setFilterKeyColumn(-1);
    }
};

QString ratio(double ours, double baseline)
{
    if (ours <= 0 || baseline <= 0)
        return QStringLiteral("—");
    return QStringLiteral("%1×").arg(baseline / ours, 0, 'f', baseline / ours >= 10 ? 0 : 1);
}

// Times every event the GUI thread delivers: the longest single one tells our own blocking code
// apart from the OS not scheduling the thread (the latency probe sees both).
class TimedApplication : public QApplication
{
public:
    using QApplication::QApplication;
    double maxEventMs = 0;
    double traceAboveMs = -1; // print events slower than this (--trace-slow-events)

    bool notify(QObject *receiver, QEvent *event) override
    {
        QElapsedTimer timer;
        timer.start();
        const int type = int(event->type());
        const bool result = QApplication::notify(receiver, event);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        maxEventMs = std::max(maxEventMs, ms);
        if (traceAboveMs >= 0 && ms > traceAboveMs)
            std::fprintf(stderr, "slow event: %.1f ms, %s \"%s\", type %d\n", ms,
                         receiver->metaObject()->className(), qPrintable(receiver->objectName()), type);
        return result;
    }
};

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("campaign-console-bench"));
    QStandardPaths::setTestModeEnabled(true);

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption leadsOption(QStringLiteral("leads"),
                                         QStringLiteral("Cached leads (default 100000)."),
                                         QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption syncOption(QStringLiteral("sync-leads"),
                                        QStringLiteral("Leads synced from the sandbox (default 20000)."),
                                        QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption openOnlyOption(QStringLiteral("open-only"),
                                            QStringLiteral("Stop after opening the page (for profilers)."));
    const QCommandLineOption traceOption(QStringLiteral("trace-slow-events"),
                                         QStringLiteral("Print GUI-thread events slower than <ms>."),
                                         QStringLiteral("ms"));
    parser.addOptions({leadsOption, syncOption, openOnlyOption, traceOption});
    parser.process(app);
    const int count = parser.value(leadsOption).toInt();
    const int syncCount = parser.value(syncOption).toInt();
    if (parser.isSet(traceOption))
        app.traceAboveMs = parser.value(traceOption).toDouble();

    QTemporaryDir dir;
    const QString dbPath = dir.filePath(QStringLiteral("leads.sqlite"));
    std::fprintf(stderr, "Generating %d leads…\n", count);
    const QList<UnloopaLead> leads = generateLeads(count);
    double storeMs = 0;
    {
        Database db(dbPath);
        if (!LeadsController::openDatabase(db).ok())
            return 1;
        LeadStore store(&db);
        storeMs = Bench::timeMs([&] {
            for (qsizetype i = 0; i < leads.size(); i += 5000)
                store.saveLeads(leads.mid(i, 5000));
        });
    }

    Bench::ResultTable table({QStringLiteral("Leads page, %1 cached leads").arg(Bench::formatCount(count)),
                              QStringLiteral("Console (RecordTableModel)"),
                              QStringLiteral("Naive (QStandardItemModel + QSortFilterProxyModel)"),
                              QStringLiteral("Speed-up"), QStringLiteral("Target")});

    // A service that cannot reach Unloopa: opening measures the store path alone.
    QNetworkAccessManager network;
    VendorClient deadClient(Vendor::Unloopa, &network);
    deadClient.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:9/unloopa/api/v1")));
    deadClient.setAuthenticator(std::make_shared<TokenAuthenticator>(
            TokenAuthenticator::Scheme::Bearer, SandboxServer::demoToken(Vendor::Unloopa)));
    deadClient.setRetryPolicy(RetryPolicy::none());
    UnloopaService deadService(&deadClient);

    // --- open: first rows on screen, full load, GUI stall
    Bench::LatencyProbe probe;
    app.maxEventMs = 0;
    probe.start();
    QElapsedTimer clock;
    clock.start();
    auto page = std::make_unique<LeadsPage>(&deadService, nullptr, nullptr, nullptr, dbPath);
    const double constructMs = double(clock.nsecsElapsed()) / 1e6;
    page->resize(1400, 900);
    page->show();
    const double shownMs = double(clock.nsecsElapsed()) / 1e6;
    auto *view = page->findChild<QAbstractItemView *>(QStringLiteral("leadsTable"));
    Bench::waitUntil([&] { return view->model()->rowCount() > 0; });
    view->viewport()->repaint();
    const double firstRowsMs = double(clock.nsecsElapsed()) / 1e6;
    LeadsController *controller = page->controller();
    Bench::waitUntil([&] { return controller->isLoaded() && !controller->leads()->isBusy(); });
    const double fullLoadMs = double(clock.nsecsElapsed()) / 1e6;
    Bench::waitUntil([&] { return !controller->isRefreshing(); }, 30000);
    probe.stop();
    const double loadStallMs = probe.maxGapMs();
    const double loadEventMs = app.maxEventMs;
    RecordTableModel *model = controller->leads();
    if (parser.isSet(openOnlyOption)) {
        std::printf("constructed %.1f ms, shown %.1f ms, first rows %.1f ms, loaded %.1f ms, stall %.1f ms, "
                    "longest event %.1f ms\n",
                    constructMs, shownMs, firstRowsMs, fullLoadMs, loadStallMs, loadEventMs);
        return 0;
    }

    Baseline baseline;
    QTreeView baselineView;
    baselineView.setUniformRowHeights(true);
    baselineView.resize(1400, 700);
    const double baselineOpenMs = Bench::timeMs([&] {
        Database db(dbPath);
        db.open();
        baseline.load(db, LeadStore::leadSchema());
        baselineView.setModel(&baseline.proxy);
        baselineView.show();
        baselineView.viewport()->repaint();
    });
    // The baseline's view only takes part in "first rows": afterwards it would repaint and
    // relayout during our measurements (both models are measured without a view from here on,
    // except our page's, which is what the operator sees).
    baselineView.hide();
    baselineView.setModel(nullptr);
    QCoreApplication::processEvents();
    table.addRow({QStringLiteral("First rows on screen (page opens)"), Bench::formatMs(firstRowsMs),
                  Bench::formatMs(baselineOpenMs), ratio(firstRowsMs, baselineOpenMs),
                  QStringLiteral("≤ 100 ms")});
    table.addRow({QStringLiteral("All rows loaded"), Bench::formatMs(fullLoadMs),
                  Bench::formatMs(baselineOpenMs), ratio(fullLoadMs, baselineOpenMs), QString()});
    table.addRow({QStringLiteral("Longest GUI stall while loading (probe / event)"),
                  Bench::formatMs(loadStallMs) + QStringLiteral(" / ") + Bench::formatMs(loadEventMs),
                  Bench::formatMs(baselineOpenMs), ratio(loadStallMs, baselineOpenMs),
                  QStringLiteral("≤ 50 ms")});

    // --- sort by each visible column (ascending; the model sorts on a worker above 50k rows)
    const RecordSchema schema = LeadStore::leadSchema();
    double worstSort = 0;
    double worstBaselineSort = 0;
    for (const int column : schema.defaultVisibleColumns()) {
        const double ours = Bench::timeMs([&] {
            model->sort(column, Qt::AscendingOrder);
            model->waitForIdle(600000);
        });
        const double naive = Bench::timeMs([&] { baseline.proxy.sort(column, Qt::AscendingOrder); });
        QCoreApplication::processEvents();
        worstSort = std::max(worstSort, ours);
        worstBaselineSort = std::max(worstBaselineSort, naive);
        table.addRow({QStringLiteral("Sort by %1").arg(schema.column(column).title), Bench::formatMs(ours),
                      Bench::formatMs(naive), ratio(ours, naive), QStringLiteral("≤ 100 ms")});
    }
    // Reversing the current sort.
    {
        const int column = schema.indexOf(u"businessName");
        model->sort(column, Qt::AscendingOrder);
        model->waitForIdle(600000);
        baseline.proxy.sort(column, Qt::AscendingOrder);
        const double ours = Bench::timeMs([&] {
            model->sort(column, Qt::DescendingOrder);
            model->waitForIdle(600000);
        });
        const double naive = Bench::timeMs([&] { baseline.proxy.sort(column, Qt::DescendingOrder); });
        table.addRow({QStringLiteral("Reverse the sort (Business)"), Bench::formatMs(ours),
                      Bench::formatMs(naive), ratio(ours, naive), QStringLiteral("≤ 100 ms")});
    }

    // --- filter keystrokes in the page's search box (name, city, industry), narrowing then clearing
    auto *search = page->findChild<QLineEdit *>(QStringLiteral("leadsSearch"));
    const QStringList keystrokes{QStringLiteral("m"), QStringLiteral("mi"), QStringLiteral("mia"),
                                 QStringLiteral("miam")};
    double worstKey = 0;
    double worstBaselineKey = 0;
    for (const QString &text : keystrokes) {
        const double ours = Bench::timeMs([&] {
            search->setText(text);
            model->waitForIdle(600000);
        });
        const double naive = Bench::timeMs([&] { baseline.proxy.setFilterFixedString(text); });
        worstKey = std::max(worstKey, ours);
        worstBaselineKey = std::max(worstBaselineKey, naive);
    }
    const int matched = model->rowCount();
    const double clearOurs = Bench::timeMs([&] {
        search->clear();
        model->waitForIdle(600000);
    });
    const double clearNaive = Bench::timeMs([&] { baseline.proxy.setFilterFixedString(QString()); });
    table.addRow({QStringLiteral("Filter keystroke (worst of “m”…“miam”, %1 match)")
                          .arg(Bench::formatCount(matched)),
                  Bench::formatMs(worstKey), Bench::formatMs(worstBaselineKey),
                  ratio(worstKey, worstBaselineKey), QStringLiteral("≤ 20 ms")});
    table.addRow({QStringLiteral("Clear the filter"), Bench::formatMs(clearOurs), Bench::formatMs(clearNaive),
                  ratio(clearOurs, clearNaive), QStringLiteral("≤ 20 ms")});

    // --- CSV export of all rows (the visible columns, spreadsheet profile)
    const QString ourCsv = dir.filePath(QStringLiteral("ours.csv"));
    const QString naiveCsv = dir.filePath(QStringLiteral("naive.csv"));
    CsvExportResult ours;
    const double exportMs =
            Bench::timeMs([&] { ours = CsvExporter::exportModel(*model, ourCsv, CsvProfile::Spreadsheet); });
    CsvExportResult naive;
    const QList<int> columns = model->visibleColumns();
    const double naiveExportMs = Bench::timeMs([&] {
        naive = CsvExporter::exportItemModel(baseline.proxy, columns, naiveCsv, CsvProfile::Spreadsheet);
    });
    table.addRow({QStringLiteral("CSV export, %1 rows (%2 MB)")
                          .arg(Bench::formatCount(ours.rows))
                          .arg(double(ours.bytes) / 1e6, 0, 'f', 1),
                  Bench::formatRate(ours.bytes, exportMs), Bench::formatRate(naive.bytes, naiveExportMs),
                  ratio(exportMs, naiveExportMs), QStringLiteral("≥ 200 MB/s")});
    // The page's export (worker thread, progress bar): how long the GUI thread stalls meanwhile.
    {
        app.maxEventMs = 0;
        probe.start();
        bool done = false;
        QObject::connect(page.get(), &LeadsPage::exportFinished, &app, [&done] { done = true; });
        page->exportTo(dir.filePath(QStringLiteral("page.csv")), CsvProfile::Spreadsheet);
        Bench::waitUntil([&] { return done; });
        probe.stop();
        table.addRow(
                {QStringLiteral("Longest GUI stall during the page's export (probe / event)"),
                 Bench::formatMs(probe.maxGapMs()) + QStringLiteral(" / ") + Bench::formatMs(app.maxEventMs),
                 Bench::formatMs(naiveExportMs), ratio(probe.maxGapMs(), naiveExportMs),
                 QStringLiteral("≤ 50 ms")});
    }
    page.reset();

    // --- sync from Unloopa: the sandbox program in another process, a fresh store
    QProcess sandbox;
    sandbox.start(QStringLiteral(CC_SANDBOX_PATH),
                  {QStringLiteral("--print-urls"), QStringLiteral("--leads"), QString::number(syncCount),
                   QStringLiteral("--cdr-days"), QStringLiteral("1")});
    double syncMs = -1;
    double syncStall = -1;
    double syncEvent = -1;
    if (sandbox.waitForStarted() && Bench::waitUntil([&] { return sandbox.canReadLine(); }, 120000) >= 0 &&
        sandbox.canReadLine()) {
        const QJsonObject urls = QJsonDocument::fromJson(sandbox.readLine()).object();
        VendorClient client(Vendor::Unloopa, &network);
        client.setBaseUrl(QUrl(urls.value(QLatin1String("unloopa")).toString()));
        client.setAuthenticator(std::make_shared<TokenAuthenticator>(
                TokenAuthenticator::Scheme::Bearer, SandboxServer::demoToken(Vendor::Unloopa)));
        UnloopaService service(&client);
        // The store exists already (creating the file is not syncing).
        const QString syncPath = dir.filePath(QStringLiteral("sync.sqlite"));
        {
            Database created(syncPath);
            LeadsController::openDatabase(created);
        }
        app.maxEventMs = 0;
        probe.start();
        clock.restart();
        auto syncPage = std::make_unique<LeadsPage>(&service, nullptr, nullptr, nullptr, syncPath);
        syncPage->show();
        LeadsController *c = syncPage->controller();
        Bench::waitUntil([&] {
            return c->isLoaded() && !c->isRefreshing() && c->leads()->table().rowCount() >= syncCount &&
                    !c->leads()->isBusy();
        });
        syncMs = double(clock.nsecsElapsed()) / 1e6;
        probe.stop();
        syncStall = probe.maxGapMs();
        syncEvent = app.maxEventMs;
        syncPage.reset();
    }
    sandbox.terminate();
    sandbox.waitForFinished(10000);
    table.addRow({QStringLiteral("Sync %1 leads from the sandbox (%2 pages of 100, stored as they arrive)")
                          .arg(Bench::formatCount(syncCount))
                          .arg((syncCount + 99) / 100),
                  syncMs < 0 ? QStringLiteral("n/a") : Bench::formatMs(syncMs), QStringLiteral("—"),
                  QStringLiteral("—"), QString()});
    table.addRow({QStringLiteral("Longest GUI stall while syncing (probe / event)"),
                  syncStall < 0
                          ? QStringLiteral("n/a")
                          : Bench::formatMs(syncStall) + QStringLiteral(" / ") + Bench::formatMs(syncEvent),
                  QStringLiteral("—"), QStringLiteral("—"), QStringLiteral("≤ 50 ms")});

    table.print(
            QStringLiteral("### Leads page (bench_leads)"),
            {QStringLiteral("Store write of the %1 leads beforehand: %2 (transactions of 5,000, WAL, "
                            "synchronous=FULL).")
                     .arg(Bench::formatCount(count), Bench::formatMs(storeMs)),
             QStringLiteral(
                     "Naive baseline: rows read with QSqlQuery into QStandardItems on the GUI thread, "
                     "QSortFilterProxyModel (all columns, case-insensitive) on top; its load blocks the "
                     "GUI thread throughout, so its stall equals its load time."),
             QStringLiteral(
                     "Stalls: the timer-latency probe's longest gap / the longest single GUI-thread event "
                     "(our own blocking code; the difference is the OS not scheduling the thread)."),
             QStringLiteral("Worst sort: %1 vs %2. Offscreen platform; one run.")
                     .arg(Bench::formatMs(worstSort), Bench::formatMs(worstBaselineSort))});
    return 0;
}
