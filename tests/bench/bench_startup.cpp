// Start-up benchmark (issue 8, "a fast start"): launch to the main window's first frame, the
// console against the naive baseline — a bare QMainWindow with a QTableView and a QChartView
// (bench_bare_window). Each program runs as its own process, the programs alternating, and each
// reports its first expose on stdout (CC_REPORT_STARTUP, see ui/startup/StartupReport.h) as a
// steady-clock time; the launch time is read just before QProcess::start. Prints one markdown
// table for the README (medians and their ratio to the bare window). Not a test.
//
//   bench_startup [--runs N] [--platform offscreen|xcb]
//
// Every console run has throwaway HOME and XDG directories and no session bus, like a new
// operator's first start; the "existing settings and store" row reuses one HOME in which the
// console has already started once (settings written, local store created).
#include "BenchSupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#ifndef CC_CONSOLE_PATH
#error "CC_CONSOLE_PATH must name campaign-console"
#endif
#ifndef CC_BARE_WINDOW_PATH
#error "CC_BARE_WINDOW_PATH must name bench_bare_window"
#endif

namespace {

// What one start printed, in ms after the launch.
struct Start
{
    double firstFrameMs = 0;
    double readyMs = 0;
};

// One way of starting a program, with the runs measured so far.
struct Scenario
{
    QString name;
    QString program;
    QStringList arguments;
    bool freshHome = true; // else `home` is kept between runs
    std::shared_ptr<QTemporaryDir> home;
    QList<Start> starts;
};

QProcessEnvironment isolatedEnvironment(const QString &home, const QString &platform)
{
    QDir(home).mkpath(QStringLiteral(".config"));
    QDir(home).mkpath(QStringLiteral(".local/share"));
    QDir(home).mkpath(QStringLiteral(".cache"));
    QDir(home).mkpath(QStringLiteral("runtime"));
    QFile::setPermissions(home + QStringLiteral("/runtime"),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/runtime"));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
    environment.insert(QStringLiteral("CC_REPORT_STARTUP"), QStringLiteral("1"));
    // Nothing reaches the developer's keychain or desktop session.
    for (const char *name : {"DBUS_SESSION_BUS_ADDRESS", "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION",
                             "KDE_FULL_SESSION", "WAYLAND_DISPLAY"})
        environment.remove(QString::fromLatin1(name));
    return environment;
}

qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

qint64 reported(const QByteArray &output, const QByteArray &name)
{
    for (const QByteArray &line : output.split('\n')) {
        if (line.startsWith(QByteArray(name + '=')))
            return line.mid(name.size() + 1).trimmed().toLongLong();
    }
    return 0;
}

std::optional<Start> startOnce(const QString &program, const QStringList &arguments,
                               const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    const qint64 launchedNs = steadyNowNs();
    process.start(program, arguments);
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return std::nullopt;
    }
    const QByteArray output = process.readAllStandardOutput();
    const qint64 firstFrameNs = reported(output, "first-expose-ns");
    const qint64 readyNs = reported(output, "ready-ns");
    if (firstFrameNs == 0 || readyNs == 0) {
        qWarning("%s printed no start-up report: %s", qPrintable(program),
                 process.readAllStandardError().constData());
        return std::nullopt;
    }
    return Start{double(firstFrameNs - launchedNs) / 1e6, double(readyNs - launchedNs) / 1e6};
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    return values.size() % 2 ? values.at(middle) : (values.at(middle - 1) + values.at(middle)) / 2;
}

QList<double> firstFrames(const Scenario &scenario)
{
    QList<double> values;
    for (const Start &start : scenario.starts)
        values << start.firstFrameMs;
    return values;
}

QList<double> readyTimes(const Scenario &scenario)
{
    QList<double> values;
    for (const Start &start : scenario.starts)
        values << start.readyMs;
    return values;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Launch to first frame: the console against a bare window."));
    parser.addHelpOption();
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Starts of each program."),
                                        QStringLiteral("n"), QStringLiteral("15"));
    const QCommandLineOption platformOption(QStringLiteral("platform"),
                                            QStringLiteral("Qt platform plugin (offscreen, xcb)."),
                                            QStringLiteral("name"), QStringLiteral("offscreen"));
    parser.addOption(runsOption);
    parser.addOption(platformOption);
    parser.process(app);
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const QString platform = parser.value(platformOption);

    const QString console = QStringLiteral(CC_CONSOLE_PATH);
    QList<Scenario> scenarios{
            {QStringLiteral("bare window (QTableView + QChartView)"),
             QStringLiteral(CC_BARE_WINDOW_PATH),
             {},
             true,
             {},
             {}},
            {QStringLiteral("console, new operator"), console, {}, true, {}, {}},
            {QStringLiteral("console, existing settings and store"), console, {}, false, {}, {}},
            {QStringLiteral("console --demo"), console, {QStringLiteral("--demo")}, true, {}, {}},
    };

    // The kept HOME: one full start first writes the settings and creates the local store.
    for (Scenario &scenario : scenarios) {
        if (scenario.freshHome)
            continue;
        scenario.home = std::make_shared<QTemporaryDir>();
        if (!startOnce(scenario.program, scenario.arguments,
                       isolatedEnvironment(scenario.home->path(), platform))) {
            qCritical("The console did not start once to prepare its settings.");
            return 1;
        }
    }

    // Alternate the programs so a busy moment of the machine touches each of them alike.
    for (int run = 0; run < runs; ++run) {
        for (Scenario &scenario : scenarios) {
            std::shared_ptr<QTemporaryDir> home =
                    scenario.freshHome ? std::make_shared<QTemporaryDir>() : scenario.home;
            const std::optional<Start> start = startOnce(scenario.program, scenario.arguments,
                                                         isolatedEnvironment(home->path(), platform));
            if (!start) {
                qCritical("%s did not start.", qPrintable(scenario.name));
                return 1;
            }
            scenario.starts << *start;
        }
    }

    const double bare = median(firstFrames(scenarios.first()));
    Bench::ResultTable table({QStringLiteral("program (%1 starts each, %2)").arg(runs).arg(platform),
                              QStringLiteral("launch → first frame, median (min–max)"),
                              QStringLiteral("× bare window"), QStringLiteral("target"),
                              QStringLiteral("launch → deferred work done, median")});
    for (const Scenario &scenario : std::as_const(scenarios)) {
        const QList<double> frames = firstFrames(scenario);
        const double frame = median(frames);
        const bool isBare = &scenario == &scenarios.first();
        table.addRow({scenario.name,
                      QStringLiteral("%1 (%2–%3)")
                              .arg(Bench::formatMs(frame),
                                   Bench::formatMs(*std::min_element(frames.cbegin(), frames.cend())),
                                   Bench::formatMs(*std::max_element(frames.cbegin(), frames.cend()))),
                      QStringLiteral("%1×").arg(frame / bare, 0, 'f', 2),
                      isBare ? QStringLiteral("—") : QStringLiteral("≤ 1.2×"),
                      Bench::formatMs(median(readyTimes(scenario)))});
    }
    table.print(
            QStringLiteral("Start-up: launch to the main window's first frame"),
            {Bench::machineNote(),
             QStringLiteral("Each program is its own process; the programs alternate. First frame: the main "
                            "window's first expose delivered (painted). Deferred work: store, pages, demo "
                            "sandbox, keychain reads, connection tests started.")});
    return 0;
}
