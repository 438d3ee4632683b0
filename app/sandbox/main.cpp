// campaign-console-sandbox: the four vendors' simulated APIs on loopback until SIGTERM/SIGINT.
//
//   campaign-console-sandbox [--port N] [--latency MS] [--seed S] [--print-urls]
//                            [--leads N] [--cdr-days N] [--cdrs-per-day N]
//
// With --print-urls, one JSON line on stdout once listening:
//   {"unloopa":"http://127.0.0.1:N/unloopa/api/v1","unlimcall":"...","verloop":"...",
//    "outreach2day":"...","unlimcallTokenUrl":"http://127.0.0.1:N/unlimcall/oauth/token",
//    "port":N,"otherOriginPort":M,"control":"http://127.0.0.1:N/_sandbox"}
// Tests drive it through the control endpoints documented in services/sandbox/SandboxServer.cpp.

#include "sandbox/SandboxServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <limits>

namespace {

volatile std::sig_atomic_t g_stopRequested = 0;

void requestStop(int)
{
    g_stopRequested = 1;
}

bool readNumber(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 minimum,
                qint64 maximum, qint64 *value)
{
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const qint64 number = parser.value(option).toLongLong(&ok);
    if (!ok || number < minimum || number > maximum) {
        std::fprintf(stderr, "campaign-console-sandbox: --%s must be a number from %lld to %lld.\n",
                     qPrintable(option.names().constFirst()), minimum, maximum);
        return false;
    }
    *value = number;
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("campaign-console-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CC_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Serves simulated Unloopa, UnlimCall, Verloop and Outreach2day APIs on loopback."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("Port to listen on (0: any free)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption latencyOption(QStringLiteral("latency"),
                                           QStringLiteral("Milliseconds added to every answer."),
                                           QStringLiteral("MS"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Seed of the generated data."),
                                        QStringLiteral("S"));
    const QCommandLineOption printOption(QStringLiteral("print-urls"),
                                         QStringLiteral("Print the base URLs as one JSON line on stdout."));
    const QCommandLineOption leadsOption(QStringLiteral("leads"), QStringLiteral("Number of Unloopa leads."),
                                         QStringLiteral("N"));
    const QCommandLineOption cdrDaysOption(QStringLiteral("cdr-days"),
                                           QStringLiteral("Days of UnlimCall call records."),
                                           QStringLiteral("N"));
    const QCommandLineOption cdrsPerDayOption(QStringLiteral("cdrs-per-day"),
                                              QStringLiteral("Average UnlimCall call records per day."),
                                              QStringLiteral("N"));
    parser.addOptions({portOption, latencyOption, seedOption, printOption, leadsOption, cdrDaysOption,
                       cdrsPerDayOption});
    parser.process(app);

    SandboxServer::Options options;
    qint64 port = 0;
    qint64 latency = options.latencyMs;
    qint64 seed = qint64(options.seed);
    qint64 leads = options.unloopaLeadCount;
    qint64 cdrDays = options.unlimcallCdrDays;
    qint64 cdrsPerDay = options.unlimcallCdrsPerDay;
    if (!readNumber(parser, portOption, 0, 65535, &port) ||
        !readNumber(parser, latencyOption, 0, 600'000, &latency) ||
        !readNumber(parser, seedOption, 0, std::numeric_limits<qint64>::max(), &seed) ||
        !readNumber(parser, leadsOption, 0, 1'000'000, &leads) ||
        !readNumber(parser, cdrDaysOption, 0, 3650, &cdrDays) ||
        !readNumber(parser, cdrsPerDayOption, 0, 100'000, &cdrsPerDay)) {
        return 2;
    }
    options.port = quint16(port);
    options.latencyMs = int(latency);
    options.seed = quint64(seed);
    options.unloopaLeadCount = int(leads);
    options.unlimcallCdrDays = int(cdrDays);
    options.unlimcallCdrsPerDay = int(cdrsPerDay);

    SandboxServer server(options);
    if (!server.start()) {
        std::fprintf(stderr, "campaign-console-sandbox: %s\n", qPrintable(server.errorString()));
        return 1;
    }

    if (parser.isSet(printOption)) {
        QJsonObject urls;
        for (Vendor vendor : Vendors::all())
            urls.insert(Vendors::id(vendor), server.baseUrl(vendor).toString());
        urls.insert(QStringLiteral("unlimcallTokenUrl"), server.unlimcallTokenUrl().toString());
        urls.insert(QStringLiteral("port"), server.port());
        urls.insert(QStringLiteral("otherOriginPort"), server.otherOriginPort());
        QUrl control = server.baseUrl(Vendor::Unloopa);
        control.setPath(QStringLiteral("/_sandbox"));
        urls.insert(QStringLiteral("control"), control.toString());
        std::fputs(QJsonDocument(urls).toJson(QJsonDocument::Compact).constData(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    }
    std::fprintf(stderr, "campaign-console-sandbox: serving on port %u until interrupted.\n",
                 unsigned(server.port()));

    // A signal handler may only set a flag; the event loop looks at it.
    std::signal(SIGTERM, requestStop);
    std::signal(SIGINT, requestStop);
    QTimer stopPoll;
    QObject::connect(&stopPoll, &QTimer::timeout, &app, [&server] {
        if (g_stopRequested) {
            server.stop();
            QCoreApplication::quit();
        }
    });
    stopPoll.start(100);
    return app.exec();
}
