// CampaignLauncher against the real Outreach2day sandbox, the real SQLite stores and the real
// outbound guard (README promises O1, O2, O7, H5): every address the do-not-contact list covers
// (address or domain) is suppressed at Outreach2day one request at a time before the launch, a
// launch is sent once however often it is asked for, a launch lost to a crash stays unknown and
// is never sent again, the next tranche (a new limit) is its own launch, an async job is followed
// to its end, resume passes the guard and pause needs no clearance.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "core/VendorClient.h"
#include "email/CampaignLauncher.h"
#include "email/EmailCampaignStore.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "outreach2day/Outreach2dayService.h"
#include "sandbox/Outreach2daySandbox.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

class TestCampaignLauncher : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxFixture> m_sandbox;
    QTemporaryDir m_dir;
    int m_files = 0;
    QString m_outboundPath;
    std::unique_ptr<SqliteOutboundStore> m_outbound;
    std::unique_ptr<OutboundGuard> m_guard;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<EmailCampaignStore> m_store;
    std::unique_ptr<Outreach2dayService> m_service;
    QObject m_context;
    // This test's contacts: suppressions at Outreach2day are workspace-wide and outlive a test,
    // so each test has addresses of its own ("ann.3@open.example").
    QStringList m_addresses;
    int m_tag = 0;

    QString address(const QString &name, const QString &domain = QStringLiteral("open.example")) const
    {
        return QStringLiteral("%1.%2@%3").arg(name).arg(m_tag).arg(domain);
    }

    VendorClient *client() const { return m_sandbox->client(Vendor::Outreach2day); }
    Outreach2daySandbox *vendor() const { return m_sandbox->server()->outreach2day(); }
    int requests(const QByteArray &method, const QString &path) const
    {
        return m_sandbox->server()->requestCount(Vendor::Outreach2day, method, path);
    }
    static QString launchPath(const QString &campaignId)
    {
        return QStringLiteral("/campaigns/%1/launch").arg(campaignId);
    }

    // The guard on `path` as the HTTP core's gate (a console starting on that file).
    void openGuard(const QString &path)
    {
        client()->setOutboundGate(nullptr);
        m_guard.reset();
        m_outbound = std::make_unique<SqliteOutboundStore>(path);
        m_guard = std::make_unique<OutboundGuard>(m_outbound.get(), CallingRules());
        client()->setOutboundGate(m_guard.get());
    }

    template<typename T, typename Start>
    Result<T> await(Start start)
    {
        std::optional<Result<T>> result;
        start([&result](const Result<T> &r) { result.emplace(r); });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20'000);
        }();
        if (!result)
            return ApiError::local(Vendor::Outreach2day, QStringLiteral("test_timeout"),
                                   QStringLiteral("no answer"));
        return *result;
    }

    // A campaign ready to launch (a step, a mailbox, a schedule) with `addresses` as its contacts,
    // built through the service as the console builds it.
    QString readyCampaign(const QStringList &addresses)
    {
        const Result<O2dCampaign> campaign = await<O2dCampaign>([&](auto done) {
            m_service->createCampaign(QStringLiteral("Launch test"), QStringLiteral("HIGH"), &m_context,
                                      done);
        });
        if (!campaign)
            return {};
        const QString id = campaign->id;
        m_store->saveCampaign(campaign.value());
        O2dStep step;
        step.subject = QStringLiteral("Hello {{firstName}}");
        step.bodyText = QStringLiteral("Hi {{firstName}}");
        if (!await<O2dStep>([&](auto done) { m_service->addStep(id, step, &m_context, done); }))
            return {};
        O2dMailbox mailbox;
        mailbox.mailboxAddress = QStringLiteral("sender@verified.example");
        if (!await<O2dMailbox>([&](auto done) { m_service->attachMailbox(id, mailbox, &m_context, done); }))
            return {};
        O2dSchedule schedule;
        schedule.timezone = QStringLiteral("America/New_York");
        schedule.weekdays = O2dSchedule::allWeekdays();
        schedule.windows = {{QTime(0, 0), QTime(23, 59)}};
        if (!await<Done>([&](auto done) { m_service->setSchedule(id, schedule, &m_context, done); }))
            return {};

        QByteArray csv = "email,firstName\r\n";
        for (const QString &address : addresses)
            csv += address.toUtf8() + ',' + address.section(QLatin1Char('@'), 0, 0).toUtf8() + "\r\n";
        const QByteArray boundary = "cc-launcher-test-boundary";
        const QString body = m_dir.filePath(QStringLiteral("import%1.body").arg(++m_files));
        QFile file(body);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("--" + boundary +
                   "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n"
                   "Content-Type: text/csv\r\n\r\n" +
                   csv + "\r\n--" + boundary + "--\r\n");
        file.close();
        const Result<O2dImportResult> imported = await<O2dImportResult>([&](auto done) {
            m_service->importContactsDirect(id, body, boundary, QStringLiteral("launch-test-%1").arg(m_files),
                                            &m_context, done);
        });
        if (!imported || imported->imported != addresses.size())
            return {};
        return id;
    }

    void listed(DncEntry::Kind kind, const QString &value)
    {
        DncEntry entry;
        entry.kind = kind;
        entry.value = value;
        entry.source = QStringLiteral("manual");
        entry.addedBy = QStringLiteral("tester");
        QVERIFY(m_outbound->addToDoNotContact({entry}));
    }

    struct Ended
    {
        QString operation;
        ApiError error;
        O2dLaunchJob job;
    };
    // Runs `start` and waits for the launcher's finished().
    Ended run(CampaignLauncher &launcher, const std::function<void()> &start)
    {
        QSignalSpy finished(&launcher, &CampaignLauncher::finished);
        start();
        [&] {
            QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20'000);
        }();
        if (finished.isEmpty())
            return {};
        return {finished.first().at(0).toString(), finished.first().at(1).value<ApiError>(),
                finished.first().at(2).value<O2dLaunchJob>()};
    }

    QList<OutboundIntent> intents(const QString &action) const
    {
        QList<OutboundIntent> found;
        for (const OutboundIntent &intent : m_outbound->intents(Vendor::Outreach2day)) {
            if (intent.action == action)
                found.append(intent);
        }
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiError>();
        qRegisterMetaType<O2dLaunchJob>();
        QVERIFY(m_dir.isValid());
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
    }

    void init()
    {
        vendor()->resetSwitches();
        m_sandbox->server()->clearRequests();
        m_outboundPath = m_dir.filePath(QStringLiteral("outbound%1.sqlite").arg(++m_files));
        openGuard(m_outboundPath);
        m_store.reset();
        m_database =
                std::make_unique<Database>(m_dir.filePath(QStringLiteral("email%1.sqlite").arg(m_files)));
        m_database->registerMigrations(EmailCampaignStore::component(), EmailCampaignStore::migrations());
        QVERIFY(m_database->open());
        QVERIFY(m_database->migrate());
        m_store = std::make_unique<EmailCampaignStore>(m_database.get());
        m_service = std::make_unique<Outreach2dayService>(client());
        m_service->setWorkspaceId(SandboxFixture::outreachWorkspaceId());
        ++m_tag;
        m_addresses = QStringList{address(QStringLiteral("ann")),
                                  address(QStringLiteral("bob"), QStringLiteral("listed.example")),
                                  address(QStringLiteral("cat")), address(QStringLiteral("dan"))};
    }

    void cleanup() { client()->setOutboundGate(nullptr); }

    void cleanupTestCase()
    {
        m_service.reset();
        m_guard.reset();
        m_sandbox.reset();
    }

    // O2: a listed address and an address in a listed domain are suppressed at Outreach2day, one
    // request each, before the launch; the launch is cleared for the others only.
    void doNotContactIsSuppressedOneByOneBeforeLaunch()
    {
        const QString id = readyCampaign(m_addresses);
        QVERIFY(!id.isEmpty());
        listed(DncEntry::Kind::Domain, QStringLiteral("listed.example"));
        listed(DncEntry::Kind::Email, address(QStringLiteral("cat")));
        m_sandbox->server()->clearRequests();

        CampaignLauncher launcher(m_service.get(), m_store.get(), m_guard.get());
        const Ended ended = run(launcher, [&] { launcher.launch(id, {}); });
        QVERIFY2(!ended.error.isError(), qPrintable(ended.error.summary()));
        QVERIFY(ended.job.succeeded());

        const QString bob = address(QStringLiteral("bob"), QStringLiteral("listed.example"));
        const QString cat = address(QStringLiteral("cat"));
        QVERIFY(vendor()->isSuppressed(bob));
        QVERIFY(vendor()->isSuppressed(cat));
        QVERIFY(!vendor()->isSuppressed(address(QStringLiteral("ann"))));
        QCOMPARE(launcher.lastSuppressed(), (QStringList{bob, cat}));
        // One suppression request per address, both before the one launch.
        QStringList order;
        for (const SandboxRecordedRequest &request : m_sandbox->server()->requests()) {
            if (request.vendor == Vendor::Outreach2day && request.method == "POST")
                order.append(request.path);
        }
        QCOMPARE(order,
                 (QStringList{QStringLiteral("/campaigns/suppressions"),
                              QStringLiteral("/campaigns/suppressions"), launchPath(id)}));

        QStringList cleared;
        for (const OutboundIntent &intent : intents(QStringLiteral("campaign_launch"))) {
            QCOMPARE(intent.state, OutboundIntent::State::Sent);
            cleared.append(intent.recipient);
        }
        cleared.sort();
        QCOMPARE(cleared, (QStringList{address(QStringLiteral("ann")), address(QStringLiteral("dan"))}));
        const QList<EmailCampaignStore::LaunchRecord> launches = m_store->launches(id);
        QCOMPARE(launches.size(), 1);
        QCOMPARE(launches.first().status, QStringLiteral("launched"));
    }

    // H5: a second launch asked for while one is in flight (a double click) sends nothing.
    void launchIsNeverSentTwice()
    {
        const QString id = readyCampaign(m_addresses);
        QVERIFY(!id.isEmpty());
        CampaignLauncher launcher(m_service.get(), m_store.get(), m_guard.get());
        QSignalSpy finished(&launcher, &CampaignLauncher::finished);
        launcher.launch(id, {});
        launcher.launch(id, {});
        QVERIFY(launcher.isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20'000);
        launcher.launch(id, {}); // and once more right after: the campaign is launched
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20'000);
        QCOMPARE(requests("POST", launchPath(id)), 2);

        // Another console on the same data while a launch is in flight is refused by the guard.
        m_sandbox->server()->clearRequests();
        SandboxFault hang;
        hang.kind = SandboxFault::Kind::Hang;
        hang.vendor = Vendor::Outreach2day;
        hang.pathPrefix = launchPath(id);
        hang.count = 1;
        m_sandbox->server()->addFault(hang);
        CampaignLauncher first(m_service.get(), m_store.get(), m_guard.get());
        first.launch(id, {});
        QTRY_COMPARE_WITH_TIMEOUT(requests("POST", launchPath(id)), 1, 20'000);
        CampaignLauncher second(m_service.get(), m_store.get(), m_guard.get());
        const Ended refused = run(second, [&] { second.launch(id, {}); });
        QCOMPARE(refused.error.code, QStringLiteral("outbound_refused"));
        QCOMPARE(second.lastDecision().verdicts.first().reasonCode, QStringLiteral("already_sent"));
        QCOMPARE(requests("POST", launchPath(id)), 1);
    }

    // O7: the process dies after the launch left; the next start finds its intents unknown, and
    // the same launch asked for again is refused — it is never sent twice.
    void crashLostLaunchStaysUnknown()
    {
        const QString id = readyCampaign(m_addresses);
        QVERIFY(!id.isEmpty());
        SandboxFault hang;
        hang.kind = SandboxFault::Kind::Hang;
        hang.vendor = Vendor::Outreach2day;
        hang.pathPrefix = launchPath(id);
        hang.count = 1;
        m_sandbox->server()->addFault(hang);
        O2dLaunchOptions options;
        options.limit = 2;
        {
            auto *doomed = new CampaignLauncher(m_service.get(), m_store.get(), m_guard.get());
            doomed->launch(id, options);
            QTRY_COMPARE_WITH_TIMEOUT(requests("POST", launchPath(id)), 1, 20'000);
            delete doomed; // ...and the process dies here, before any answer
        }
        openGuard(m_outboundPath); // the next start
        QCOMPARE(m_guard->reconcileAfterRestart(), int(m_addresses.size()));
        for (const OutboundIntent &intent : intents(QStringLiteral("campaign_launch")))
            QCOMPARE(intent.state, OutboundIntent::State::Unknown);

        CampaignLauncher again(m_service.get(), m_store.get(), m_guard.get());
        const Ended ended = run(again, [&] { again.launch(id, options); });
        QCOMPARE(ended.error.code, QStringLiteral("outbound_refused"));
        QCOMPARE(again.lastDecision().verdicts.first().reasonCode, QStringLiteral("already_sent"));
        QCOMPARE(requests("POST", launchPath(id)), 1);
        const QList<EmailCampaignStore::LaunchRecord> launches = m_store->launches(id);
        QCOMPARE(launches.size(), 1);
        QCOMPARE(launches.first().status, QStringLiteral("unknown"));
    }

    // A later launch with a new limit is the operator's next tranche: its own intent, sent.
    void nextTrancheIsItsOwnLaunch()
    {
        const QString id = readyCampaign(m_addresses);
        QVERIFY(!id.isEmpty());
        CampaignLauncher launcher(m_service.get(), m_store.get(), m_guard.get());
        O2dLaunchOptions first;
        first.limit = 1;
        const Ended one = run(launcher, [&] { launcher.launch(id, first); });
        QVERIFY2(!one.error.isError(), qPrintable(one.error.summary()));
        O2dLaunchOptions next;
        next.limit = 3;
        const Ended two = run(launcher, [&] { launcher.launch(id, next); });
        QVERIFY2(!two.error.isError(), qPrintable(two.error.summary()));
        QCOMPARE(requests("POST", launchPath(id)), 2);
        const QList<EmailCampaignStore::LaunchRecord> launches = m_store->launches(id);
        QCOMPARE(launches.size(), 2);
        QCOMPARE(launches.at(0).limit.value_or(0), 1);
        QCOMPARE(launches.at(1).limit.value_or(0), 3);
        QVERIFY(launches.at(0).clearanceId != launches.at(1).clearanceId);
        for (const EmailCampaignStore::LaunchRecord &launch : launches)
            QCOMPARE(m_outbound->intent(launch.clearanceId)->state, OutboundIntent::State::Sent);
    }

    // An async launch's job is polled until it ends, and its final state is kept.
    void asyncJobIsFollowedToItsEnd()
    {
        const QString id = readyCampaign(m_addresses);
        QVERIFY(!id.isEmpty());
        vendor()->setLaunchJobPolls(3);
        CampaignLauncher launcher(m_service.get(), m_store.get(), m_guard.get());
        launcher.setPollIntervalMs(10);
        O2dLaunchOptions options;
        options.async = true;
        const Ended ended = run(launcher, [&] { launcher.launch(id, options); });
        QVERIFY2(!ended.error.isError(), qPrintable(ended.error.summary()));
        QVERIFY(!ended.job.jobId.isEmpty());
        QCOMPARE(ended.job.status, QStringLiteral("completed"));
        QCOMPARE(requests("GET", QStringLiteral("/campaigns/%1/launch-jobs/%2").arg(id, ended.job.jobId)), 3);
        const QList<EmailCampaignStore::LaunchRecord> launches = m_store->launches(id);
        QCOMPARE(launches.size(), 1);
        QCOMPARE(launches.first().jobId, ended.job.jobId);
        QCOMPARE(launches.first().status, QStringLiteral("completed"));
        QVERIFY(launches.first().async);
    }

    // Pause needs no clearance (it contacts nobody); resume is cleared by the guard, after the
    // addresses listed meanwhile are suppressed.
    void pauseNeedsNoClearanceAndResumePassesTheGuard()
    {
        const QString id = readyCampaign(m_addresses);
        QVERIFY(!id.isEmpty());
        CampaignLauncher launcher(m_service.get(), m_store.get(), m_guard.get());
        QVERIFY(!run(launcher, [&] { launcher.launch(id, {}); }).error.isError());

        CampaignLauncher pauser(m_service.get(), m_store.get(), nullptr); // no guard at all
        const Ended paused = run(pauser, [&] { pauser.pause(id); });
        QVERIFY2(!paused.error.isError(), qPrintable(paused.error.summary()));
        QCOMPARE(vendor()->campaignStatus(id), QStringLiteral("paused"));

        const QString dan = address(QStringLiteral("dan"));
        listed(DncEntry::Kind::Email, dan);
        const Ended resumed = run(launcher, [&] { launcher.resume(id); });
        QVERIFY2(!resumed.error.isError(), qPrintable(resumed.error.summary()));
        QCOMPARE(vendor()->campaignStatus(id), QStringLiteral("active"));
        QVERIFY(vendor()->isSuppressed(dan));
        const QList<OutboundIntent> cleared = intents(QStringLiteral("campaign_resume"));
        QCOMPARE(cleared.size(), m_addresses.size() - 1);
        for (const OutboundIntent &intent : cleared) {
            QVERIFY(intent.recipient != dan);
            QCOMPARE(intent.state, OutboundIntent::State::Sent);
        }

        // Without the guard as the gate, resume never reaches the vendor.
        QVERIFY(!run(pauser, [&] { pauser.pause(id); }).error.isError());
        const int before = requests("POST", QStringLiteral("/campaigns/%1/lifecycle").arg(id));
        client()->setOutboundGate(nullptr);
        const Ended ungated = run(launcher, [&] { launcher.resume(id); });
        QCOMPARE(ungated.error.code, QStringLiteral("not_cleared"));
        QCOMPARE(requests("POST", QStringLiteral("/campaigns/%1/lifecycle").arg(id)), before);
        QCOMPARE(vendor()->campaignStatus(id), QStringLiteral("paused"));
    }
};

CC_TEST_GUILESS_MAIN(TestCampaignLauncher)
#include "tst_campaignlauncher.moc"
