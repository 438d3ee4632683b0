#pragma once

#include <QDateTime>
#include <QElapsedTimer>

// The time a vendor's sandbox simulates by (Outreach2day's sending, UnlimCall's webhook retries,
// Verloop's scheduled calls): real time by default, or an accelerated clock the tests and the demo
// drive (a speed factor, 0 = frozen, and jumps forward). advance() and advanceTo() never go back,
// so what has been simulated stays in the past; only set() (a test starting over) may.
class SandboxClock
{
public:
    explicit SandboxClock(double speed = 1.0);

    QDateTime now() const; // UTC, whole seconds (as the APIs' timestamps)
    qint64 nowMs() const;
    double speed() const { return m_speed; }
    // From now on the clock runs `speed` times as fast as real time (0: stands still).
    void setSpeed(double speed);
    void advance(qint64 seconds);
    // Jumps to `time` if it is later than now (never back).
    void advanceTo(const QDateTime &time);
    // Reads `time` from now on, earlier or later, and runs at `speed`.
    void set(const QDateTime &time, double speed);
    // How many real milliseconds pass until the clock reads `ms` (-1: never, the clock stands
    // still; 0: it is already there).
    qint64 realMsUntil(qint64 ms) const;

private:
    qint64 m_anchorMs; // the clock's reading when m_elapsed last restarted
    QElapsedTimer m_elapsed;
    double m_speed;
};
