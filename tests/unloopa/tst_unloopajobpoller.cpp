#include "TestMain.h"

#include "UnloopaTestSupport.h"
#include "sandbox/UnloopaSandbox.h"
#include "unloopa/UnloopaJobPoller.h"

#include <QSignalSpy>

#define AWAIT(T, call) awaitResult<T>([&](auto done) { call; })

// Job polling as Unloopa asks for it: until completed/failed, backing off on errors (and for a
// rate limit's Retry-After), back to the interval after a success, stopping for unknown jobs.
class TestUnloopaJobPoller : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;

    QString submit(const QString &command)
    {
        UnloopaCommandRequest request;
        request.command = command;
        request.maxResults = 3;
        const auto r = AWAIT(UnloopaCommandAccepted, m_rig->service->submitCommand(request, this, done));
        return r && r->ok() ? r->value().jobId : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<UnloopaJob>();
        qRegisterMetaType<ApiError>();
        m_rig = std::make_unique<UnloopaRig>(100, this);
        QVERIFY(m_rig->started);
        m_rig->sandbox->unloopa()->setCommandRateLimit(0);
        m_rig->client->setRetryPolicy(RetryPolicy::none()); // see every failure
    }

    void init() { m_rig->sandbox->clearFaults(); }

    void pollsUntilCompleted()
    {
        m_rig->sandbox->unloopa()->setStepDuration(40);
        const QString id = submit(QStringLiteral("plumbers in Miami"));
        QVERIFY(!id.isEmpty());
        UnloopaJobPoller poller(m_rig->service);
        poller.setInterval(15);
        QSignalSpy updated(&poller, &UnloopaJobPoller::jobUpdated);
        QSignalSpy finished(&poller, &UnloopaJobPoller::jobFinished);
        poller.watch(id);
        poller.watch(id); // no second watch
        QVERIFY(poller.isWatching(id));
        QVERIFY(finished.wait(120'000));
        QCOMPARE(finished.size(), 1);
        const UnloopaJob job = finished.first().first().value<UnloopaJob>();
        QCOMPARE(job.status, QStringLiteral("completed"));
        QVERIFY(updated.size() >= 2); // it saw the job while processing too
        QCOMPARE(updated.first().first().value<UnloopaJob>().status, QStringLiteral("processing"));
        QVERIFY(!poller.isWatching(id));
        const int requests =
                m_rig->sandbox->requestCount(Vendor::Unloopa, "GET", QStringLiteral("/jobs/") + id);

        // A finished job is polled no more: while a second job is watched through several poll
        // intervals (timers fire in deadline order), the first one's count stays put.
        const QString second = submit(QStringLiteral("plumbers in Tampa"));
        QVERIFY(!second.isEmpty());
        poller.watch(second);
        QVERIFY(finished.wait(120'000));
        QCOMPARE(finished.last().first().value<UnloopaJob>().jobId, second);
        QVERIFY(m_rig->sandbox->requestCount(Vendor::Unloopa, "GET", QStringLiteral("/jobs/") + second) >= 3);
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "GET", QStringLiteral("/jobs/") + id),
                 requests);
    }

    void failedJobFinishes()
    {
        m_rig->sandbox->unloopa()->setStepDuration(20);
        const QString id = submit(QStringLiteral("find some roofers"));
        UnloopaJobPoller poller(m_rig->service);
        poller.setInterval(10);
        QSignalSpy finished(&poller, &UnloopaJobPoller::jobFinished);
        poller.watch(id);
        QVERIFY(finished.wait(120'000));
        QCOMPARE(finished.first().first().value<UnloopaJob>().status, QStringLiteral("failed"));
    }

    void backsOffOnErrorsThenRecovers()
    {
        m_rig->sandbox->unloopa()->setStepDuration(60'000);
        const QString id = submit(QStringLiteral("dentists in Austin"));
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::ServerError;
        fault.pathPrefix = QStringLiteral("/jobs/");
        fault.count = 4;
        m_rig->sandbox->addFault(fault);

        UnloopaJobPoller poller(m_rig->service);
        poller.setInterval(10);
        poller.setMaxBackoff(50);
        QSignalSpy failed(&poller, &UnloopaJobPoller::pollFailed);
        QSignalSpy updated(&poller, &UnloopaJobPoller::jobUpdated);
        poller.watch(id);
        QTRY_VERIFY_WITH_TIMEOUT(updated.size() >= 1, 120'000);
        QCOMPARE(failed.size(), 4);
        QList<int> delays;
        for (const auto &args : std::as_const(failed))
            delays << args.at(2).toInt();
        QCOMPARE(delays, (QList<int>{20, 40, 50, 50})); // doubling, capped
        QCOMPARE(poller.currentDelay(id), 10); // back to the interval
        QCOMPARE(failed.first().at(1).value<ApiError>().code, QStringLiteral("internal_error"));
        m_rig->sandbox->unloopa()->advanceClock(10 * 60'000);
    }

    void rateLimitWaitsRetryAfter()
    {
        m_rig->sandbox->unloopa()->setStepDuration(60'000);
        const QString id = submit(QStringLiteral("gyms in Boston"));
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::TooManyRequests;
        fault.pathPrefix = QStringLiteral("/jobs/");
        fault.retryAfter = "2";
        fault.count = 1;
        m_rig->sandbox->addFault(fault);
        UnloopaJobPoller poller(m_rig->service);
        poller.setInterval(10);
        QSignalSpy failed(&poller, &UnloopaJobPoller::pollFailed);
        poller.watch(id);
        QVERIFY(failed.wait(120'000));
        QCOMPARE(failed.first().at(2).toInt(), 2000);
        QCOMPARE(poller.currentDelay(id), 2000);
        poller.unwatch(id);
        QVERIFY(!poller.isWatching(id));
        m_rig->sandbox->unloopa()->advanceClock(10 * 60'000);
    }

    void unknownJobStopsWatching()
    {
        UnloopaJobPoller poller(m_rig->service);
        poller.setInterval(10);
        QSignalSpy failed(&poller, &UnloopaJobPoller::pollFailed);
        poller.watch(QStringLiteral("00000000-0000-4000-8000-00000000dead"));
        QVERIFY(failed.wait(120'000));
        QCOMPARE(failed.first().at(1).value<ApiError>().code, QStringLiteral("not_found"));
        QCOMPARE(failed.first().at(2).toInt(), -1);
        QVERIFY(poller.watched().isEmpty());
    }
};

CC_TEST_GUILESS_MAIN(TestUnloopaJobPoller)
#include "tst_unloopajobpoller.moc"
