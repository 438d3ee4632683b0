#pragma once

#include <QDateTime>
#include <QElapsedTimer>

// The time Outreach2day's sandbox sends by: real time by default, or an accelerated clock the
// tests and the demo drive (a speed factor, 0 = frozen, and jumps forward). It never goes back,
// so what has been simulated stays in the past.
class Outreach2dayClock
{
public:
    explicit Outreach2dayClock(double speed = 1.0);

    QDateTime now() const; // UTC, whole seconds (as the API's timestamps)
    qint64 nowMs() const;
    double speed() const { return m_speed; }
    // From now on the clock runs `speed` times as fast as real time (0: stands still).
    void setSpeed(double speed);
    void advance(qint64 seconds);
    // Jumps to `time` if it is later than now (never back).
    void advanceTo(const QDateTime &time);

private:
    qint64 m_anchorMs; // the clock's reading when m_elapsed last restarted
    QElapsedTimer m_elapsed;
    double m_speed;
};
