#include "SandboxClock.h"

#include <cmath>

SandboxClock::SandboxClock(double speed)
    : m_anchorMs(QDateTime::currentMSecsSinceEpoch()), m_speed(qMax(0.0, speed))
{
    m_elapsed.start();
}

qint64 SandboxClock::nowMs() const
{
    return m_anchorMs + qint64(double(m_elapsed.elapsed()) * m_speed);
}

QDateTime SandboxClock::now() const
{
    const qint64 ms = nowMs();
    return QDateTime::fromMSecsSinceEpoch(ms - ms % 1000, Qt::UTC);
}

void SandboxClock::setSpeed(double speed)
{
    m_anchorMs = nowMs();
    m_elapsed.restart();
    m_speed = qMax(0.0, speed);
}

void SandboxClock::advance(qint64 seconds)
{
    m_anchorMs = nowMs() + qMax<qint64>(0, seconds) * 1000;
    m_elapsed.restart();
}

void SandboxClock::advanceTo(const QDateTime &time)
{
    const qint64 current = nowMs();
    m_anchorMs = qMax(current, time.toMSecsSinceEpoch());
    m_elapsed.restart();
}

void SandboxClock::set(const QDateTime &time, double speed)
{
    m_anchorMs = time.toMSecsSinceEpoch();
    m_elapsed.restart();
    m_speed = qMax(0.0, speed);
}

qint64 SandboxClock::realMsUntil(qint64 ms) const
{
    const qint64 ahead = ms - nowMs();
    if (ahead <= 0)
        return 0;
    if (m_speed <= 0)
        return -1;
    return qint64(std::ceil(double(ahead) / m_speed));
}
