#include "Outreach2dayClock.h"

Outreach2dayClock::Outreach2dayClock(double speed)
    : m_anchorMs(QDateTime::currentMSecsSinceEpoch()), m_speed(qMax(0.0, speed))
{
    m_elapsed.start();
}

qint64 Outreach2dayClock::nowMs() const
{
    return m_anchorMs + qint64(double(m_elapsed.elapsed()) * m_speed);
}

QDateTime Outreach2dayClock::now() const
{
    const qint64 ms = nowMs();
    return QDateTime::fromMSecsSinceEpoch(ms - ms % 1000, Qt::UTC);
}

void Outreach2dayClock::setSpeed(double speed)
{
    m_anchorMs = nowMs();
    m_elapsed.restart();
    m_speed = qMax(0.0, speed);
}

void Outreach2dayClock::advance(qint64 seconds)
{
    m_anchorMs = nowMs() + qMax<qint64>(0, seconds) * 1000;
    m_elapsed.restart();
}

void Outreach2dayClock::advanceTo(const QDateTime &time)
{
    const qint64 current = nowMs();
    m_anchorMs = qMax(current, time.toMSecsSinceEpoch());
    m_elapsed.restart();
}
