#pragma once

#include "UnloopaTypes.h"
#include "core/ApiError.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

class QTimer;
class UnloopaService;
class ApiReply;

// Polls GET /jobs/{id} for every watched job until it is completed or failed, as Unloopa asks:
// every 5-10 seconds (interval()), backing off exponentially on errors up to maxBackoff() (or for
// the Retry-After a rate limit names), back to the interval after the next success. One request
// per job at a time. Used by the Leads page and the CLI's `command`.
class UnloopaJobPoller : public QObject
{
    Q_OBJECT
public:
    static constexpr int defaultIntervalMs = 5000;
    static constexpr int defaultMaxBackoffMs = 60'000;

    explicit UnloopaJobPoller(UnloopaService *service, QObject *parent = nullptr);
    ~UnloopaJobPoller() override;

    void setInterval(int milliseconds) { m_intervalMs = qMax(1, milliseconds); }
    int interval() const { return m_intervalMs; }
    void setMaxBackoff(int milliseconds) { m_maxBackoffMs = qMax(1, milliseconds); }
    int maxBackoff() const { return m_maxBackoffMs; }

    // Starts polling (the first poll right away). Watching a watched job does nothing.
    void watch(const QString &jobId);
    void unwatch(const QString &jobId);
    void unwatchAll();
    bool isWatching(const QString &jobId) const { return m_jobs.contains(jobId); }
    QStringList watched() const { return m_jobs.keys(); }
    // The delay before the next poll of a job (tests, the "next check in" hint).
    int currentDelay(const QString &jobId) const;

Q_SIGNALS:
    void jobUpdated(const UnloopaJob &job);
    // completed or failed; the job is no longer watched.
    void jobFinished(const UnloopaJob &job);
    // A poll failed; the next one follows after `nextDelayMs` (unless the job is gone: not_found
    // stops watching it and `nextDelayMs` is -1).
    void pollFailed(const QString &jobId, const ApiError &error, int nextDelayMs);

private:
    struct Watch
    {
        QTimer *timer = nullptr;
        QPointer<ApiReply> reply;
        int delayMs = 0;
        int failures = 0;
    };

    void poll(const QString &jobId);
    void schedule(const QString &jobId, int delayMs);

    QPointer<UnloopaService> m_service;
    QHash<QString, Watch> m_jobs;
    int m_intervalMs = defaultIntervalMs;
    int m_maxBackoffMs = defaultMaxBackoffMs;
};
