// The contacts import preview (issue 10): the header and the first 20 rows of a 100,000-row CSV
// shown in ≤ 200 ms with memory that does not grow with the file (a 1,000,000-row file shows it
// stays flat), beside a naive baseline that parses the whole file with Csv::readFile.
//
// Each measurement runs in a child process of its own, so that its peak resident memory (VmHWM)
// is its own and not the high-water mark of an earlier measurement.

#include "BenchSupport.h"

#include "email/ContactCsv.h"
#include "export/CsvReader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

namespace {

// Peak resident memory of this process (Linux VmHWM), in bytes; 0 where unavailable.
qint64 peakResidentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return 0;
}

// A contacts file like the ones operators export from a CRM: quoted names with commas, a quoted
// line break now and then, CRLF.
bool generate(const QString &path, int rows)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QByteArray chunk = "Email,First Name,Last Name,Company,Job Title,City,Notes\r\n";
    for (int i = 0; i < rows; ++i) {
        const QByteArray n = QByteArray::number(i);
        chunk += "person" + n + "@company" + QByteArray::number(i % 977) + ".example,Ann" + n + ",Chen" + n +
                ",\"Acme " + n + ", Inc.\",VP Sales,Springfield," +
                (i % 50 == 0 ? QByteArray("\"met at the fair\r\ncall back\"") : QByteArray("lead")) + "\r\n";
        if (chunk.size() > (1 << 20)) {
            file.write(chunk);
            chunk.clear();
        }
    }
    return file.write(chunk) == chunk.size();
}

// Child mode: measures one thing, prints "<first ms> <median ms> <peak bytes>".
int measure(const QString &what, const QString &path, int runs)
{
    QList<double> times;
    int shown = 0;
    for (int i = 0; i < runs; ++i) {
        times << Bench::timeMs([&] {
            if (what == QLatin1String("preview")) {
                const ContactCsv::Preview preview = ContactCsv::preview(path, 20);
                const QMap<QString, QString> mapping = ContactCsv::proposeMapping(preview.header);
                shown = int(preview.rows.size()) + int(mapping.size());
            } else if (what == QLatin1String("naive")) {
                const auto records = Csv::readFile(path);
                shown = records ? int(std::min<qsizetype>(records->rows.size(), 20)) : -1;
            }
        });
    }
    const double first = times.value(0);
    std::sort(times.begin(), times.end());
    std::printf("%f %f %lld %d\n", first, times.value(times.size() / 2), peakResidentBytes(), shown);
    return 0;
}

struct Figures
{
    double firstMs = -1;
    double medianMs = -1;
    qint64 peakBytes = 0;
};

Figures runChild(const QString &what, const QString &path, int runs)
{
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--measure"), what, QStringLiteral("--runs"), QString::number(runs), path});
    if (!child.waitForFinished(-1) || child.exitCode() != 0)
        return {};
    const QList<QByteArray> fields = child.readAllStandardOutput().trimmed().split(' ');
    return {fields.value(0).toDouble(), fields.value(1).toDouble(), fields.value(2).toLongLong()};
}

// Bench::formatMs, with two decimals below a millisecond.
QString ms(double value)
{
    return value < 1 ? QString::number(value, 'f', 2) + QStringLiteral(" ms") : Bench::formatMs(value);
}

QString mib(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption measureOption(QStringLiteral("measure"),
                                           QStringLiteral("Child mode: preview, naive or idle."),
                                           QStringLiteral("what"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs (child mode)."),
                                        QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption rowsOption(QStringLiteral("rows"),
                                        QStringLiteral("Rows of the files (default 100000,1000000)."),
                                        QStringLiteral("list"), QStringLiteral("100000,1000000"));
    parser.addOptions({measureOption, runsOption, rowsOption});
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("CSV file (child mode)."));
    parser.process(app);
    if (parser.isSet(measureOption))
        return measure(parser.value(measureOption), parser.positionalArguments().value(0),
                       parser.value(runsOption).toInt());

    QTemporaryDir dir;
    const Figures idle = runChild(QStringLiteral("idle"), QString(), 1);
    Bench::ResultTable table({QStringLiteral("Import preview (header + 20 rows, mapping proposed)"),
                              QStringLiteral("Console (ContactCsv::preview)"),
                              QStringLiteral("Naive (Csv::readFile of the whole file)"),
                              QStringLiteral("Target")});
    for (const QString &rowsText : parser.value(rowsOption).split(QLatin1Char(','))) {
        const int rows = rowsText.toInt();
        const QString path = dir.filePath(QStringLiteral("contacts-%1.csv").arg(rows));
        std::fprintf(stderr, "Generating %d rows…\n", rows);
        if (!generate(path, rows))
            return 1;
        const QString size = mib(QFileInfo(path).size());
        std::fprintf(stderr, "Measuring…\n");
        const Figures console = runChild(QStringLiteral("preview"), path, parser.value(runsOption).toInt());
        const Figures naive = runChild(QStringLiteral("naive"), path, 3);
        const QString label = QStringLiteral("%1 rows (%2)").arg(Bench::formatCount(rows), size);
        table.addRow({label + QStringLiteral(": time (first / median)"),
                      ms(console.firstMs) + QStringLiteral(" / ") + ms(console.medianMs),
                      ms(naive.firstMs) + QStringLiteral(" / ") + ms(naive.medianMs),
                      QStringLiteral("≤ 200 ms")});
        table.addRow({label + QStringLiteral(": peak RSS (above an idle process)"),
                      mib(console.peakBytes) + QStringLiteral(" (+") +
                              mib(console.peakBytes - idle.peakBytes) + QStringLiteral(")"),
                      mib(naive.peakBytes) + QStringLiteral(" (+") + mib(naive.peakBytes - idle.peakBytes) +
                              QStringLiteral(")"),
                      QStringLiteral("flat: not growing with the file")});
        QFile::remove(path);
    }
    table.print(
            QStringLiteral("### Contacts import preview (bench_importpreview)"),
            {QStringLiteral(
                     "Each figure from a child process of its own (peak RSS = VmHWM); idle process: %1.")
                     .arg(mib(idle.peakBytes)),
             QStringLiteral("Files in the page cache (just written); the console's figure is the median of "
                            "%1 runs, the naive one of 3.")
                     .arg(parser.value(runsOption)),
             Bench::machineNote()});
    return 0;
}
