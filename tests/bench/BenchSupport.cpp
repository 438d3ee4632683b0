#include "BenchSupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QLocale>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace Bench {

double timeMs(const std::function<void()> &work)
{
    QElapsedTimer timer;
    timer.start();
    work();
    return double(timer.nsecsElapsed()) / 1e6;
}

double medianMs(int runs, const std::function<void()> &work)
{
    std::vector<double> times;
    for (int i = 0; i < qMax(1, runs); ++i)
        times.push_back(timeMs(work));
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

double waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
        if (!done())
            QThread::usleep(200);
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

qint64 residentBytes()
{
#ifdef Q_OS_LINUX
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2)
        return 0;
    return fields.at(1).toLongLong() * qint64(sysconf(_SC_PAGESIZE));
#else
    return 0;
#endif
}

QString machineNote()
{
    QString cpu = QStringLiteral("unknown CPU");
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (cpuinfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : cpuinfo.readAll().split('\n')) {
            if (line.startsWith("model name")) {
                cpu = QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
                break;
            }
        }
    }
    QString note = cpu + QStringLiteral(" x%1").arg(QThread::idealThreadCount());
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    if (loadavg.open(QIODevice::ReadOnly))
        note += QStringLiteral(", load average ") + QString::fromUtf8(loadavg.readAll().split(' ').value(0));
    return note;
}

QString formatMs(double ms)
{
    if (ms >= 10000)
        return QString::number(ms / 1000.0, 'f', 1) + QStringLiteral(" s");
    if (ms >= 1000)
        return QString::number(ms / 1000.0, 'f', 2) + QStringLiteral(" s");
    if (ms >= 10)
        return QString::number(ms, 'f', 0) + QStringLiteral(" ms");
    return QString::number(ms, 'f', 1) + QStringLiteral(" ms");
}

QString formatRate(qint64 bytes, double ms)
{
    if (ms <= 0)
        return QStringLiteral("n/a");
    return QString::number(double(bytes) / 1e6 / (ms / 1000.0), 'f', 0) + QStringLiteral(" MB/s");
}

QString formatBytesPerRow(double bytes)
{
    return QString::number(bytes, 'f', 0) + QStringLiteral(" B");
}

QString formatCount(qint64 count)
{
    return QLocale(QLocale::English).toString(count);
}

LatencyProbe::LatencyProbe(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &LatencyProbe::tick);
}

void LatencyProbe::start()
{
    m_maxGapMs = 0;
    m_ticks = 0;
    m_clock.start();
    m_lastNs = 0;
    m_timer->start();
}

void LatencyProbe::stop()
{
    tick();
    m_timer->stop();
}

void LatencyProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_maxGapMs = std::max(m_maxGapMs, double(now - m_lastNs) / 1e6);
    m_lastNs = now;
    ++m_ticks;
}

QString ResultTable::markdown() const
{
    QList<int> widths;
    for (const QString &h : m_headers)
        widths.append(int(h.size()));
    for (const QStringList &row : m_rows) {
        for (int i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], int(row.at(i).size()));
    }
    const auto line = [&](const QStringList &cells) -> QString {
        QString out = QStringLiteral("|");
        for (int i = 0; i < widths.size(); ++i) {
            const QString cell = i < cells.size() ? cells.at(i) : QString();
            out += QLatin1Char(' ') +
                    (i == 0 ? cell.leftJustified(widths[i]) : cell.rightJustified(widths[i])) +
                    QStringLiteral(" |");
        }
        return out + QLatin1Char('\n');
    };
    QString out = line(m_headers);
    out += QLatin1Char('|');
    for (int i = 0; i < widths.size(); ++i) {
        // First column left-aligned, figures right-aligned.
        QString rule(widths[i] + 2, QLatin1Char('-'));
        if (i > 0)
            rule[rule.size() - 1] = QLatin1Char(':');
        out += rule;
        out += QLatin1Char('|');
    }
    out += QLatin1Char('\n');
    for (const QStringList &row : m_rows)
        out += line(row);
    return out;
}

void ResultTable::print(const QString &title, const QStringList &notes) const
{
    QString out;
    if (!title.isEmpty())
        out += title + QStringLiteral("\n\n");
    out += markdown();
    for (const QString &note : notes)
        out += QStringLiteral("\n") + note;
    if (!notes.isEmpty())
        out += QLatin1Char('\n');
    std::fputs(out.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

} // namespace Bench
