// Benchmark of the complete retrieval of a campaign's sends (issue 11, "Speed"): 200,000 sends
// by cursor through the real Outreach2dayService, the one CursorPager and SendsSync into the real
// EmailActivityStore (SQLite, WAL, synchronous=FULL), from the sandbox over loopback HTTP with
// 50 ms of latency per request, side by side with the latency-bound ideal (pages × latency: a
// cursor cannot be followed in parallel) and a naive client that stores each send in its own
// transaction. Page size: 500, the largest `limit` the sandbox accepts (the vendor's document
// shows 50 and names no maximum; the console assumes the sandbox's). Then where a page's time
// goes, each step timed alone on one page of 500. Prints markdown for the README. Not a test:
// nothing here passes or fails.
//
//   bench_sendsretrieval [--sends N] [--baseline-sends N] [--latency MS] [--runs N]
#include "BenchSupport.h"

#include "core/Authenticator.h"
#include "core/CursorPager.h"
#include "core/VendorClient.h"
#include "email/EmailActivityStore.h"
#include "email/SendsSync.h"
#include "outreach2day/Outreach2dayService.h"
#include "sandbox/Outreach2daySandbox.h"
#include "sandbox/SandboxServer.h"
#include "store/Database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

namespace {

const QString kCampaign = Outreach2daySandbox::demoCampaignId();

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// The sandbox answering on a thread of its own, like a remote server.
class SandboxThread
{
public:
    explicit SandboxThread(int latencyMs)
    {
        SandboxServer::Options options;
        options.latencyMs = latencyMs;
        options.outreachClockSpeed = 0; // nothing sends meanwhile: the list holds what was added
        options.unloopaLeadCount = 10;
        options.unlimcallCdrDays = 1;
        options.unlimcallCdrsPerDay = 1;
        m_onThread.moveToThread(&m_thread);
        m_thread.start();
        onThread([&] {
            m_server = new SandboxServer(options);
            m_server->start();
        });
    }
    ~SandboxThread()
    {
        onThread([&] { delete m_server; });
        m_thread.quit();
        m_thread.wait();
    }
    SandboxServer *server() const { return m_server; }
    void onThread(const std::function<void()> &work)
    {
        QMetaObject::invokeMethod(&m_onThread, work, Qt::BlockingQueuedConnection);
    }
    // Arrival times (ms since the epoch) of the sends pages asked for since the log was cleared.
    std::vector<qint64> sendsRequestTimes()
    {
        std::vector<qint64> times;
        const QString path = QStringLiteral("/campaigns/%1/sends").arg(kCampaign);
        onThread([&] {
            for (const SandboxRecordedRequest &request : m_server->requests()) {
                if (request.path == path)
                    times.push_back(request.receivedAt.toMSecsSinceEpoch());
            }
        });
        return times;
    }

private:
    QThread m_thread;
    QObject m_onThread;
    SandboxServer *m_server = nullptr;
};

// Waits for a reply of the plain network manager (the control endpoint, one raw page).
QByteArray finish(QNetworkReply *reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    reply->deleteLater();
    return reply->readAll();
}

// The sandbox's control endpoint, over HTTP like every other request.
bool addHistoricSends(SandboxServer *server, QNetworkAccessManager *network, int count)
{
    QUrl url = server->baseUrl(Vendor::Outreach2day);
    url.setPath(QStringLiteral("/_sandbox/outreach2day"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    const QJsonObject body{
            {QStringLiteral("historicSends"),
             QJsonObject{{QStringLiteral("campaignId"), kCampaign}, {QStringLiteral("count"), count}}}};
    QNetworkReply *reply = network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    finish(reply);
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
}

// A fresh database with the email activity store's schema, as the console opens it.
struct FreshStore
{
    explicit FreshStore(const QString &path) : database(path), store(&database)
    {
        database.registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
        ok = database.open().ok() && database.migrate().ok();
    }
    Database database;
    EmailActivityStore store;
    bool ok = false;
};

// The console's client of the sandbox: the one HTTP core with the demo token.
struct Client
{
    Client(SandboxServer *server, QNetworkAccessManager *network) : vendor(Vendor::Outreach2day, network)
    {
        vendor.setBaseUrl(server->baseUrl(Vendor::Outreach2day));
        vendor.setAuthenticator(std::make_shared<TokenAuthenticator>(
                TokenAuthenticator::Scheme::Bearer, SandboxServer::demoToken(Vendor::Outreach2day)));
        service = std::make_unique<Outreach2dayService>(&vendor);
        service->setWorkspaceId(SandboxServer::demoOutreachWorkspaceId());
    }
    VendorClient vendor;
    std::unique_ptr<Outreach2dayService> service;
};

struct RunFigures
{
    bool ok = false;
    QString error;
    double wallMs = 0;
    int pages = 0;
    int requests = 0;
    qint64 stored = 0;
    // Per page: time between two requests' arrivals beyond the latency (what the client spent
    // reading, storing and asking again).
    double medianGapMs = 0;
    double maxGapMs = 0;
};

void measureGaps(RunFigures &f, const std::vector<qint64> &arrivals, int latencyMs)
{
    f.requests = int(arrivals.size());
    std::vector<double> gaps;
    for (size_t i = 1; i < arrivals.size(); ++i)
        gaps.push_back(double(arrivals[i] - arrivals[i - 1] - latencyMs));
    f.medianGapMs = median(gaps);
    f.maxGapMs = gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end());
}

// The console: SendsSync (the one pager, page limit 500, each page stored in one transaction and
// its cursor saved after it), from the first page.
RunFigures consoleRun(SandboxThread &sandbox, QNetworkAccessManager *network, const QString &dbPath,
                      int latencyMs)
{
    RunFigures f;
    FreshStore fresh(dbPath);
    if (!fresh.ok) {
        f.error = QStringLiteral("the store did not open");
        return f;
    }
    Client client(sandbox.server(), network);
    sandbox.onThread([&] { sandbox.server()->clearRequests(); });
    SendsSync sync(client.service.get(), &fresh.store);
    QObject::connect(&sync, &SendsSync::progress, &sync, [&](int, int pages) { f.pages = pages; });
    QEventLoop loop;
    ApiError result;
    QObject::connect(&sync, &SendsSync::finished, &loop, [&](const ApiError &error, int) {
        result = error;
        loop.quit();
    });
    f.wallMs = Bench::timeMs([&] {
        sync.start(kCampaign, false);
        loop.exec();
    });
    f.ok = !result.isError();
    f.error = result.summary();
    f.stored = fresh.store.sendCount(kCampaign);
    measureGaps(f, sandbox.sendsRequestTimes(), latencyMs);
    return f;
}

// The naive client: the same pager, each send stored in a transaction of its own (a commit and
// an fsync per row), the cursor saved after each page.
RunFigures naiveRun(SandboxThread &sandbox, QNetworkAccessManager *network, const QString &dbPath,
                    int latencyMs)
{
    RunFigures f;
    FreshStore fresh(dbPath);
    if (!fresh.ok) {
        f.error = QStringLiteral("the store did not open");
        return f;
    }
    Client client(sandbox.server(), network);
    sandbox.onThread([&] { sandbox.server()->clearRequests(); });
    CursorPager *pager = client.service->sendsPager(kCampaign, nullptr);
    std::unique_ptr<CursorPager> owner(pager);
    QObject::connect(pager, &CursorPager::page, pager,
                     [&](const QList<QJsonObject> &items, const QString &next) {
                         for (const QJsonObject &item : items)
                             fresh.store.saveSends({O2dSend::fromJson(item)});
                         if (!next.isEmpty())
                             fresh.store.saveCursor(SendsSync::cursorList(), kCampaign, next);
                         ++f.pages;
                     });
    QEventLoop loop;
    ApiError result;
    QObject::connect(pager, &CursorPager::finished, &loop, [&](const ApiError &error) {
        result = error;
        loop.quit();
    });
    f.wallMs = Bench::timeMs([&] {
        pager->start();
        loop.exec();
    });
    f.ok = !result.isError();
    f.error = result.summary();
    f.stored = fresh.store.sendCount(kCampaign);
    measureGaps(f, sandbox.sendsRequestTimes(), latencyMs);
    return f;
}

// Where a page's time goes: each step of the client's work on one page of 500 sends, timed
// alone (median of `repeats`) on the raw body of the list's first page.
struct PageProfile
{
    qsizetype bodyBytes = 0;
    int items = 0;
    double parseMs = 0; // QJsonDocument::fromJson (the HTTP core does it on a worker thread)
    double dedupMs = 0; // the pager's key per item and its seen-set
    double decodeMs = 0; // O2dSend::fromJson per item
    double storeMs = 0; // EmailActivityStore::saveSends, one transaction (new rows)
    double cursorMs = 0; // EmailActivityStore::saveCursor, one statement (its own commit)
    double naiveStoreMs = 0; // the naive client's per-row transactions for the same page
};

PageProfile profilePage(SandboxServer *server, QNetworkAccessManager *network, const QString &dir,
                        int repeats)
{
    PageProfile p;
    QUrl url = server->baseUrl(Vendor::Outreach2day);
    url.setPath(url.path() + QStringLiteral("/campaigns/%1/sends").arg(kCampaign));
    url.setQuery(QStringLiteral("workspaceId=%1&limit=%2")
                         .arg(SandboxServer::demoOutreachWorkspaceId())
                         .arg(Outreach2dayService::pageLimit));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + SandboxServer::demoToken(Vendor::Outreach2day));
    const QByteArray body = finish(network->get(request));
    p.bodyBytes = body.size();
    const QJsonArray items = QJsonDocument::fromJson(body).object().value(QStringLiteral("items")).toArray();
    p.items = int(items.size());
    if (items.isEmpty())
        return p;

    p.parseMs = Bench::medianMs(repeats, [&] { (void)QJsonDocument::fromJson(body); });
    p.dedupMs = Bench::medianMs(repeats, [&] {
        QSet<QString> seen;
        QList<QJsonObject> fresh;
        fresh.reserve(items.size());
        for (const QJsonValue &value : items) {
            const QJsonObject item = value.toObject();
            const QString key = item.value(QLatin1String("id")).toString();
            if (seen.contains(key))
                continue;
            seen.insert(key);
            fresh.append(item);
        }
    });
    QList<O2dSend> sends;
    p.decodeMs = Bench::medianMs(repeats, [&] {
        sends.clear();
        sends.reserve(items.size());
        for (const QJsonValue &value : items)
            sends.append(O2dSend::fromJson(value.toObject()));
    });

    FreshStore fresh(QDir(dir).filePath(QStringLiteral("profile.sqlite")));
    if (!fresh.ok)
        return p;
    int batch = 0;
    // New ids each time: a retrieval inserts, it does not update.
    const auto renumbered = [&sends](int batchNumber) {
        QList<O2dSend> copy = sends;
        for (O2dSend &send : copy)
            send.id += QStringLiteral("_%1").arg(batchNumber);
        return copy;
    };
    std::vector<double> storeTimes, cursorTimes, naiveTimes;
    for (int i = 0; i < repeats; ++i) {
        const QList<O2dSend> page = renumbered(++batch);
        storeTimes.push_back(Bench::timeMs([&] { fresh.store.saveSends(page); }));
        cursorTimes.push_back(Bench::timeMs([&] {
            fresh.store.saveCursor(SendsSync::cursorList(), kCampaign,
                                   QStringLiteral("cursor_%1").arg(batch));
        }));
    }
    for (int i = 0; i < qMax(1, repeats / 4); ++i) {
        const QList<O2dSend> page = renumbered(++batch);
        naiveTimes.push_back(Bench::timeMs([&] {
            for (const O2dSend &send : page)
                fresh.store.saveSends({send});
        }));
    }
    p.storeMs = median(storeTimes);
    p.cursorMs = median(cursorTimes);
    p.naiveStoreMs = median(naiveTimes);
    return p;
}

QString ratio(double value, double ideal)
{
    return QStringLiteral("%1×").arg(value / ideal, 0, 'f', 2);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption sendsOption(QStringLiteral("sends"), QStringLiteral("Sends in the campaign."),
                                         QStringLiteral("n"), QStringLiteral("200000"));
    const QCommandLineOption baselineOption(
            QStringLiteral("baseline-sends"),
            QStringLiteral("Sends the naive client retrieves (its own campaign; 0: skip it)."),
            QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption latencyOption(QStringLiteral("latency"),
                                           QStringLiteral("Sandbox latency per request."),
                                           QStringLiteral("ms"), QStringLiteral("50"));
    const QCommandLineOption runsOption(QStringLiteral("runs"),
                                        QStringLiteral("Runs of the console's retrieval."),
                                        QStringLiteral("n"), QStringLiteral("3"));
    parser.addOptions({sendsOption, baselineOption, latencyOption, runsOption});
    parser.process(app);
    const int sendCount = qMax(1, parser.value(sendsOption).toInt());
    const int baselineSends = qMax(0, parser.value(baselineOption).toInt());
    const int latencyMs = qMax(0, parser.value(latencyOption).toInt());
    const int runs = qMax(1, parser.value(runsOption).toInt());
    const int pageLimit = Outreach2dayService::pageLimit;

    QTemporaryDir dir;
    QNetworkAccessManager network;
    const QString machine = Bench::machineNote();

    // The console's retrieval, `runs` times over the same sandbox list, each into a fresh store.
    std::vector<RunFigures> consoleRuns;
    {
        SandboxThread sandbox(latencyMs);
        if (!addHistoricSends(sandbox.server(), &network, sendCount)) {
            std::fprintf(stderr, "the sandbox refused historicSends\n");
            return 1;
        }
        for (int run = 0; run < runs; ++run) {
            std::fprintf(stderr, "console run %d of %d: %d sends...\n", run + 1, runs, sendCount);
            consoleRuns.push_back(consoleRun(
                    sandbox, &network,
                    QDir(dir.path()).filePath(QStringLiteral("console-%1.sqlite").arg(run)), latencyMs));
            if (!consoleRuns.back().ok)
                std::fprintf(stderr, "  failed: %s\n", qPrintable(consoleRuns.back().error));
        }
    }
    std::optional<RunFigures> naive;
    std::optional<PageProfile> profile;
    {
        // The naive client on a smaller campaign (it is slow), and the per-page profile.
        SandboxThread sandbox(latencyMs);
        if (!addHistoricSends(sandbox.server(), &network, qMax(baselineSends, pageLimit))) {
            std::fprintf(stderr, "the sandbox refused historicSends\n");
            return 1;
        }
        if (baselineSends > 0) {
            std::fprintf(stderr, "naive run: %d sends...\n", baselineSends);
            naive = naiveRun(sandbox, &network, QDir(dir.path()).filePath(QStringLiteral("naive.sqlite")),
                             latencyMs);
        }
        std::fprintf(stderr, "profiling one page...\n");
        profile = profilePage(sandbox.server(), &network, dir.path(), 20);
    }

    // --- the retrieval table ---
    const double pagesIdeal = std::ceil(double(sendCount) / pageLimit);
    const double idealMs = pagesIdeal * latencyMs;
    std::vector<double> walls, gaps;
    for (const RunFigures &r : consoleRuns) {
        walls.push_back(r.wallMs);
        gaps.push_back(r.medianGapMs);
    }
    const double wallMedian = median(walls);
    const double wallMin = *std::min_element(walls.begin(), walls.end());
    Bench::ResultTable table({QStringLiteral(""), QStringLiteral("Console (SendsSync)"),
                              QStringLiteral("Naive (a transaction per send)"), QStringLiteral("Target")});
    const RunFigures &first = consoleRuns.front();
    QString consoleStored;
    bool allComplete = true;
    for (const RunFigures &r : consoleRuns)
        allComplete = allComplete && r.ok && r.stored == sendCount;
    consoleStored = allComplete
            ? QStringLiteral("%1 of %1, every run").arg(Bench::formatCount(sendCount))
            : QStringLiteral("%1 of %2 (%3)")
                      .arg(Bench::formatCount(first.stored), Bench::formatCount(sendCount), first.error);
    const double naiveIdeal = naive ? std::ceil(double(baselineSends) / pageLimit) * latencyMs : 0;
    table.addRow({QStringLiteral("Sends retrieved / in the campaign"), consoleStored,
                  naive ? QStringLiteral("%1 of %2")
                                  .arg(Bench::formatCount(naive->stored), Bench::formatCount(baselineSends))
                        : QStringLiteral("—"),
                  QStringLiteral("all")});
    table.addRow({QStringLiteral("Requests (page limit %1)").arg(pageLimit),
                  QStringLiteral("%1 / %2 pages").arg(first.requests).arg(qint64(pagesIdeal)),
                  naive ? QStringLiteral("%1 / %2 pages")
                                  .arg(naive->requests)
                                  .arg(qint64(std::ceil(double(baselineSends) / pageLimit)))
                        : QStringLiteral("—"),
                  QString()});
    table.addRow({QStringLiteral("Wall time, median / min of %1 runs").arg(runs),
                  QStringLiteral("%1 / %2").arg(Bench::formatMs(wallMedian), Bench::formatMs(wallMin)),
                  naive ? Bench::formatMs(naive->wallMs) : QStringLiteral("—"), QString()});
    table.addRow({QStringLiteral("Ideal: pages × %1 ms").arg(latencyMs), Bench::formatMs(idealMs),
                  naive ? Bench::formatMs(naiveIdeal) : QStringLiteral("—"), QString()});
    table.addRow({QStringLiteral("Wall time ÷ ideal, median / min"),
                  QStringLiteral("%1 / %2").arg(ratio(wallMedian, idealMs), ratio(wallMin, idealMs)),
                  naive ? ratio(naive->wallMs, naiveIdeal) : QStringLiteral("—"), QStringLiteral("≤ 1.2×")});
    table.addRow(
            {QStringLiteral("Between two requests beyond the latency, median page (max)"),
             QStringLiteral("%1 (%2)").arg(Bench::formatMs(median(gaps)), Bench::formatMs(first.maxGapMs)),
             naive ? QStringLiteral("%1 (%2)").arg(Bench::formatMs(naive->medianGapMs),
                                                   Bench::formatMs(naive->maxGapMs))
                   : QStringLiteral("—"),
             QString()});
    std::puts("");
    table.print(
            QStringLiteral("### Sends: complete retrieval of %1 sends by cursor at %2 ms per request "
                           "(`bench_sendsretrieval`)")
                    .arg(Bench::formatCount(sendCount))
                    .arg(latencyMs),
            {machine,
             QStringLiteral("Page limit %1: the largest the sandbox accepts (the vendor's document shows 50 "
                            "and names no maximum). A cursor cannot be followed in parallel, so the ideal "
                            "is one latency per page.")
                     .arg(pageLimit)});

    if (profile && profile->items > 0) {
        Bench::ResultTable steps({QStringLiteral("Step, one page of %1 sends (%2 KiB)")
                                          .arg(profile->items)
                                          .arg(profile->bodyBytes / 1024),
                                  QStringLiteral("Median of 20")});
        steps.addRow({QStringLiteral("JSON parse (QJsonDocument, on a worker thread)"),
                      Bench::formatMs(profile->parseMs)});
        steps.addRow({QStringLiteral("Pager: key per item, seen-set"), Bench::formatMs(profile->dedupMs)});
        steps.addRow({QStringLiteral("O2dSend::fromJson per item"), Bench::formatMs(profile->decodeMs)});
        steps.addRow({QStringLiteral("saveSends, one transaction"), Bench::formatMs(profile->storeMs)});
        steps.addRow({QStringLiteral("saveCursor, its own commit"), Bench::formatMs(profile->cursorMs)});
        steps.addRow(
                {QStringLiteral("Naive: a transaction per send"), Bench::formatMs(profile->naiveStoreMs)});
        std::puts("");
        steps.print(QStringLiteral("#### Where a page's time goes"));
    }
    return 0;
}
