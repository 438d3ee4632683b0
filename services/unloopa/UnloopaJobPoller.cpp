#include "UnloopaJobPoller.h"

#include "UnloopaService.h"
#include "core/VendorClient.h"

#include <QTimer>

UnloopaJobPoller::UnloopaJobPoller(UnloopaService *service, QObject *parent)
    : QObject(parent), m_service(service)
{ }

UnloopaJobPoller::~UnloopaJobPoller()
{
    unwatchAll();
}

void UnloopaJobPoller::watch(const QString &jobId)
{
    if (jobId.isEmpty() || m_jobs.contains(jobId))
        return;
    Watch w;
    w.timer = new QTimer(this);
    w.timer->setSingleShot(true);
    w.delayMs = m_intervalMs;
    connect(w.timer, &QTimer::timeout, this, [this, jobId] { poll(jobId); });
    m_jobs.insert(jobId, w);
    schedule(jobId, 0);
}

void UnloopaJobPoller::unwatch(const QString &jobId)
{
    const auto it = m_jobs.find(jobId);
    if (it == m_jobs.end())
        return;
    Watch w = *it;
    m_jobs.erase(it);
    w.timer->stop();
    w.timer->deleteLater();
    if (w.reply)
        w.reply->abort();
}

void UnloopaJobPoller::unwatchAll()
{
    const QStringList ids = m_jobs.keys();
    for (const QString &id : ids)
        unwatch(id);
}

int UnloopaJobPoller::currentDelay(const QString &jobId) const
{
    const auto it = m_jobs.constFind(jobId);
    return it == m_jobs.constEnd() ? -1 : it->delayMs;
}

void UnloopaJobPoller::schedule(const QString &jobId, int delayMs)
{
    const auto it = m_jobs.find(jobId);
    if (it != m_jobs.end())
        it->timer->start(delayMs);
}

void UnloopaJobPoller::poll(const QString &jobId)
{
    const auto it = m_jobs.find(jobId);
    if (it == m_jobs.end() || !m_service || it->reply)
        return;
    it->reply = m_service->fetchJob(jobId, this, [this, jobId](const Result<UnloopaJob> &result) {
        const auto w = m_jobs.find(jobId);
        if (w == m_jobs.end())
            return; // unwatched meanwhile
        w->reply = nullptr;
        if (result) {
            w->failures = 0;
            w->delayMs = m_intervalMs;
            const UnloopaJob &job = result.value();
            Q_EMIT jobUpdated(job);
            if (job.isFinished()) {
                unwatch(jobId);
                Q_EMIT jobFinished(job);
            } else {
                schedule(jobId, m_intervalMs);
            }
            return;
        }
        const ApiError &error = result.error();
        if (error.kind == ApiError::Kind::Cancelled)
            return;
        if (error.code == QLatin1String("not_found")) {
            unwatch(jobId);
            Q_EMIT pollFailed(jobId, error, -1);
            return;
        }
        // Exponential backoff, or exactly what a rate limit asks for.
        ++w->failures;
        int delay = int(qMin<qint64>(m_maxBackoffMs, qint64(m_intervalMs) << qMin(w->failures, 16)));
        if (error.retryAfterSeconds)
            delay = qMax(delay, *error.retryAfterSeconds * 1000);
        w->delayMs = delay;
        schedule(jobId, delay);
        Q_EMIT pollFailed(jobId, error, delay);
    });
}
