#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QTimer;

// Small helpers for the benchmark programs under tests/bench (not tests: they print figures,
// they do not pass or fail). Every program prints one markdown table that the README quotes.
namespace Bench {

// Milliseconds taken by `work` (one run, wall clock, QElapsedTimer).
double timeMs(const std::function<void()> &work);
// The median of `runs` runs of `work`.
double medianMs(int runs, const std::function<void()> &work);
// Runs the event loop until `done` returns true (or `timeoutMs` passes); returns the ms waited.
double waitUntil(const std::function<bool()> &done, int timeoutMs = 600000);

// Resident memory of this process (Linux /proc/self/statm; 0 where unavailable).
qint64 residentBytes();
// One line describing the machine and how busy it was: "Intel Xeon ... x2, load average 1.02"
// (figures from a shared machine are only comparable within one run).
QString machineNote();

// "12.3 ms", "1.42 s"
QString formatMs(double ms);
// "523 MB/s"
QString formatRate(qint64 bytes, double ms);
// "212 B"
QString formatBytesPerRow(double bytes);
// "1,000,000"
QString formatCount(qint64 count);

// How long the GUI thread went without running its event loop: a 0-ms timer ticking on the
// thread records the largest gap between ticks while it runs. Start it, do the work (which must
// return to the event loop, e.g. via waitUntil), stop it, read maxGapMs().
class LatencyProbe : public QObject
{
    Q_OBJECT
public:
    explicit LatencyProbe(QObject *parent = nullptr);
    void start();
    void stop();
    double maxGapMs() const { return m_maxGapMs; }
    int ticks() const { return m_ticks; }

private:
    void tick();

    QTimer *m_timer = nullptr;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    double m_maxGapMs = 0;
    int m_ticks = 0;
};

// A side-by-side results table, printed as GitHub markdown.
class ResultTable
{
public:
    explicit ResultTable(QStringList headers) : m_headers(std::move(headers)) { }
    void addRow(const QStringList &cells) { m_rows.append(cells); }
    QString markdown() const;
    // Prints the table (and an optional title line and notes) to stdout.
    void print(const QString &title = {}, const QStringList &notes = {}) const;

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
};

} // namespace Bench
