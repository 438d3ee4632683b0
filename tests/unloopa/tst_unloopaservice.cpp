#include "TestMain.h"

#include "UnloopaTestSupport.h"
#include "phone/PhoneNumbers.h"
#include "sandbox/UnloopaSandbox.h"

#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>

#define AWAIT(T, call) awaitResult<T>([&](auto done) { call; })

// Every Unloopa endpoint the Leads page uses, driven through the real UnloopaService over HTTP
// against the sandbox: the payloads parsed in full, each documented error code on these
// endpoints, filters and paging as documented, and spending calls sent exactly once.
class TestUnloopaService : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;
    QList<UnloopaLead> m_allLeads;

    UnloopaSandbox *module() const { return m_rig->sandbox->unloopa(); }
    UnloopaService *service() const { return m_rig->service; }

    ApiResponse raw(const ApiCall &call)
    {
        ApiReply *reply = m_rig->client->send(call);
        QSignalSpy finished(reply, &ApiReply::finished);
        if (!finished.wait(120'000))
            return {};
        return finished.first().first().value<ApiResponse>();
    }

    QList<UnloopaLead> fetchAll(const UnloopaLeadFilter &filter, ApiError *error = nullptr)
    {
        UnloopaPagedFetch fetch(service(), UnloopaPagedFetch::What::Leads, filter);
        QList<UnloopaLead> leads;
        connect(&fetch, &UnloopaPagedFetch::leadsPage, this,
                [&leads](const QList<UnloopaLead> &page) { leads += page; });
        QSignalSpy finished(&fetch, &UnloopaPagedFetch::finished);
        fetch.start();
        if (!finished.wait(300'000))
            return {};
        if (error)
            *error = finished.first().first().value<ApiError>();
        return leads;
    }

    // Every key the one pager hands over for a list, in order; empty when it failed.
    QStringList pagedKeys(UnloopaPagedFetch::What what)
    {
        UnloopaPagedFetch fetch(service(), what);
        QStringList keys;
        auto collect = [&keys](const auto &page) {
            for (const auto &item : page)
                keys << item.key();
        };
        connect(&fetch, &UnloopaPagedFetch::leadsPage, this, collect);
        connect(&fetch, &UnloopaPagedFetch::websitesPage, this, collect);
        connect(&fetch, &UnloopaPagedFetch::jobsPage, this, collect);
        QSignalSpy finished(&fetch, &UnloopaPagedFetch::finished);
        fetch.start();
        if (!finished.wait(300'000) || finished.first().first().value<ApiError>().isError())
            return {};
        return keys;
    }

    UnloopaJob waitForJob(const QString &jobId)
    {
        UnloopaJob job;
        for (int polls = 0; polls < 2000; ++polls) {
            const auto r = AWAIT(UnloopaJob, service()->fetchJob(jobId, this, done));
            if (!r || !r->ok())
                return job;
            job = r->value();
            if (job.isFinished())
                return job;
            QTest::qWait(20);
        }
        return job;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiResponse>();
        qRegisterMetaType<ApiError>();
        m_rig = std::make_unique<UnloopaRig>(600, this);
        QVERIFY(m_rig->started);
        module()->setStepDuration(30);
        module()->setCommandRateLimit(0);
        ApiError error;
        m_allLeads = fetchAll({}, &error);
        QVERIFY2(!error.isError(), qPrintable(error.summary()));
    }

    void init()
    {
        module()->setPlan(UnloopaSandbox::Plan::Pro);
        module()->setWebsitesUsed(40);
        module()->setVideosUsed(0);
        module()->setCommandRateLimit(0);
        m_rig->sandbox->clearFaults();
        m_rig->sandbox->clearRequests();
        m_rig->setToken(SandboxServer::demoToken(Vendor::Unloopa));
    }

    // ---- GET /quota ---------------------------------------------------------------------------
    void quotaProParsedInFull()
    {
        QSignalSpy changed(service(), &UnloopaService::quotaChanged);
        const auto r = AWAIT(UnloopaQuota, service()->fetchQuota(this, done));
        QVERIFY(r && r->ok());
        const UnloopaQuota &q = r->value();
        QCOMPARE(q.plan, QStringLiteral("pro"));
        QCOMPARE(q.planStatus, QStringLiteral("active"));
        QCOMPARE(q.websites.used, 40);
        QCOMPARE(q.websites.limit, module()->websitesLimit());
        QCOMPARE(q.websites.remaining, module()->websitesLimit() - 40);
        QCOMPARE(q.videos.limit, 200);
        QCOMPARE(q.videos.remaining, 200);
        QCOMPARE(q.voiceCredits, 45);
        QVERIFY(q.voiceEnabled);
        QVERIFY(q.videoEnabled);
        QCOMPARE(q.resetsAt, module()->resetsAt());
        QCOMPARE(q.resetsAt.timeSpec(), Qt::UTC);
        QCOMPARE(q.upgradeUrl, QUrl(QStringLiteral("https://whop.com/unloopa/")));
        QCOMPARE(q.voiceCreditLinks.size(), 3);
        // In pack order (50, 200, 500), not the JSON object's alphabetical order.
        QCOMPARE(q.voiceCreditLinks.at(0).label, QStringLiteral("50_credits_$10"));
        QCOMPARE(q.voiceCreditLinks.at(2).label, QStringLiteral("500_credits_$75"));
        QCOMPARE(q.voiceCreditLinks.at(1).url,
                 QUrl(QStringLiteral("https://whop.com/checkout/plan_ucYBrssGb4E2G/")));
        QVERIFY(q.canGenerateLeads());
        QCOMPARE(q.purchaseLinks().size(), 4);
        QVERIFY(q.summary().contains(QStringLiteral("Pro plan")));
        QCOMPARE(changed.size(), 1);
        QVERIFY(service()->lastQuota().has_value());
    }

    void quotaFreePlanGates()
    {
        module()->setPlan(UnloopaSandbox::Plan::Free);
        const auto r = AWAIT(UnloopaQuota, service()->fetchQuota(this, done));
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().plan, QStringLiteral("free"));
        QVERIFY(!r->value().videoEnabled);
        QVERIFY(!r->value().voiceEnabled);
        QCOMPARE(r->value().voiceCredits, 0);
        QCOMPARE(r->value().videos.remaining, 0);
        QCOMPARE(r->value().websites.remaining, module()->websitesLimit() - 40);
        QVERIFY(r->value().upgradeUrl.isValid());
    }

    void quotaUnauthorized()
    {
        m_rig->setToken("unlpa_live_not-a-real-key");
        const auto r = AWAIT(UnloopaQuota, service()->fetchQuota(this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("unauthorized"));
        QCOMPARE(r->error().httpStatus, 401);
        QVERIFY(r->error().isAuthFailure());
        QVERIFY(r->error().explanation.contains(QStringLiteral("key")));
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "GET", QStringLiteral("/quota")),
                 1); // no retry
    }

    void quotaResetsAtPeriodEnd()
    {
        module()->setWebsitesUsed(module()->websitesLimit());
        auto r = AWAIT(UnloopaQuota, service()->fetchQuota(this, done));
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().websites.remaining, 0);
        QVERIFY(!r->value().canGenerateLeads());
        const QDateTime resets = r->value().resetsAt;
        module()->advanceClock(module()->now().msecsTo(resets) + 1000);
        r = AWAIT(UnloopaQuota, service()->fetchQuota(this, done));
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().websites.used, 0);
        QCOMPARE(r->value().websites.remaining, r->value().websites.limit);
        QVERIFY(r->value().resetsAt > resets);
        QCOMPARE(r->value().resetsAt.date().day(), 1);
    }

    void quotaInternalErrorIsRetried()
    {
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::ServerError;
        fault.status = 500;
        fault.pathPrefix = QStringLiteral("/quota");
        fault.count = 1;
        m_rig->sandbox->addFault(fault);
        const auto r = AWAIT(UnloopaQuota, service()->fetchQuota(this, done));
        QVERIFY(r && r->ok()); // a read: retried after internal_error
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "GET", QStringLiteral("/quota")), 2);
    }

    void quotaMalformedBody()
    {
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::MalformedJson;
        fault.pathPrefix = QStringLiteral("/quota");
        m_rig->sandbox->addFault(fault);
        const auto r = AWAIT(UnloopaQuota, service()->fetchQuota(this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, ApiError::Kind::Malformed);
    }

    // ---- POST /command ----------------------------------------------------------------------
    void commandRunsThePipeline()
    {
        UnloopaCommandRequest request;
        request.command = QStringLiteral("Find 15 plumbers in Miami");
        request.maxResults = 7;
        const auto accepted = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(accepted && accepted->ok());
        QVERIFY(!accepted->value().jobId.isEmpty());
        QCOMPARE(accepted->value().status, QStringLiteral("processing"));
        QCOMPARE(accepted->value().maxResults, 7); // the number in the sentence is ignored
        QVERIFY(accepted->value().generateWebsites);
        QVERIFY(accepted->value().enrichEmails);
        QVERIFY(accepted->value().sendOutreach);
        QCOMPARE(accepted->value().quota.used, 47);
        QCOMPARE(accepted->value().quota.remaining, module()->websitesLimit() - 47);
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 1);

        // Poll: the job advances through the documented steps and completes.
        QSet<QString> statusesSeen;
        UnloopaJob job;
        for (int i = 0; i < 2000; ++i) {
            const auto r = AWAIT(UnloopaJob, service()->fetchJob(accepted->value().jobId, this, done));
            QVERIFY(r && r->ok());
            job = r->value();
            statusesSeen.insert(job.status);
            if (job.isFinished())
                break;
            QTest::qWait(5);
        }
        QCOMPARE(job.status, QStringLiteral("completed"));
        QCOMPARE(job.progress, 100);
        QStringList names;
        for (const UnloopaJobStep &step : std::as_const(job.steps)) {
            names << step.name;
            QCOMPARE(step.status, QStringLiteral("completed"));
        }
        QCOMPARE(names,
                 (QStringList{QStringLiteral("scraping"), QStringLiteral("websites"),
                              QStringLiteral("emails"), QStringLiteral("outreach")}));
        QCOMPARE(job.steps.first().count, 7);
        QCOMPARE(job.leadsScraped, 7);
        QCOMPARE(job.command, request.command);
        QVERIFY(job.createdAt.isValid() && job.updatedAt >= job.createdAt);
        QVERIFY(!job.resultWebsites.isEmpty());

        UnloopaLeadFilter filter;
        filter.jobId = job.jobId;
        const QList<UnloopaLead> leads = fetchAll(filter);
        QCOMPARE(leads.size(), 7);
        for (const UnloopaLead &lead : leads) {
            QCOMPARE(lead.city, QStringLiteral("Miami"));
            QCOMPARE(lead.industry, QStringLiteral("Plumber"));
        }
        QCOMPARE(module()->websitesUsed(), 47);
    }

    void commandJobReportsProgressWhileRunning()
    {
        module()->setStepDuration(60'000);
        UnloopaCommandRequest request;
        request.command = QStringLiteral("dentists in Austin");
        request.maxResults = 3;
        const auto accepted = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(accepted && accepted->ok());
        auto r = AWAIT(UnloopaJob, service()->fetchJob(accepted->value().jobId, this, done));
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().status, QStringLiteral("processing"));
        QCOMPARE(r->value().steps.first().status, QStringLiteral("processing"));
        QCOMPARE(r->value().currentStep, QStringLiteral("Scraping leads..."));
        module()->advanceClock(90'000); // 1.5 steps
        r = AWAIT(UnloopaJob, service()->fetchJob(accepted->value().jobId, this, done));
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().steps.at(0).status, QStringLiteral("completed"));
        QCOMPARE(r->value().steps.at(1).status, QStringLiteral("processing"));
        QCOMPARE(r->value().currentStep, QStringLiteral("Generating websites..."));
        QVERIFY(r->value().progress > 25 && r->value().progress < 50);
        QCOMPARE(r->value().leadsScraped, 3);
        module()->advanceClock(10 * 60'000);
        module()->setStepDuration(30);
        r = AWAIT(UnloopaJob, service()->fetchJob(accepted->value().jobId, this, done));
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().status, QStringLiteral("completed"));
    }

    void commandDefaults()
    {
        UnloopaCommandRequest request;
        request.command = QStringLiteral("roofers in Denver");
        auto accepted = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(accepted && accepted->ok());
        QCOMPARE(accepted->value().maxResults, 100);
        QCOMPARE(accepted->value().quota.used, 140);

        request.withVideo = true;
        accepted = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(accepted && accepted->ok());
        QCOMPARE(accepted->value().maxResults, 10);
        QVERIFY(accepted->value().withVideo);
        const UnloopaJob job = waitForJob(accepted->value().jobId);
        QCOMPARE(job.status, QStringLiteral("completed"));
        QVERIFY(std::any_of(job.steps.cbegin(), job.steps.cend(),
                            [](const UnloopaJobStep &s) { return s.name == QLatin1String("videos"); }));
    }

    void commandHonoursRemainingQuota()
    {
        module()->setWebsitesUsed(module()->websitesLimit() - 4);
        UnloopaCommandRequest request;
        request.command = QStringLiteral("gyms in Boston");
        request.maxResults = 50;
        const auto accepted = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(accepted && accepted->ok());
        QCOMPARE(accepted->value().quota.remaining, 0);
        const UnloopaJob job = waitForJob(accepted->value().jobId);
        QCOMPARE(job.leadsScraped, 4);
    }

    void commandWithoutPlaceFails()
    {
        UnloopaCommandRequest request;
        request.command = QStringLiteral("Find some plumbers");
        const auto accepted = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(accepted && accepted->ok());
        const UnloopaJob job = waitForJob(accepted->value().jobId);
        QCOMPARE(job.status, QStringLiteral("failed"));
        QVERIFY(job.error.contains(QStringLiteral("location")));
        QCOMPARE(job.steps.first().status, QStringLiteral("failed"));
        QCOMPARE(module()->websitesUsed(), 40); // nothing scraped, nothing spent
    }

    void commandValidation_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("field");
        const QString ok = QStringLiteral("plumbers in Miami");
        QTest::newRow("missing command")
                << QJsonObject{{QStringLiteral("max_results"), 5}} << QStringLiteral("command");
        QTest::newRow("blank command") << QJsonObject{{QStringLiteral("command"), QStringLiteral("   ")}}
                                       << QStringLiteral("command");
        QTest::newRow("command not a string")
                << QJsonObject{{QStringLiteral("command"), 42}} << QStringLiteral("command");
        QTest::newRow("1001 characters")
                << QJsonObject{{QStringLiteral("command"),
                                QString(ok + QString(1001 - ok.size(), QLatin1Char('x')))}}
                << QStringLiteral("command");
        QTest::newRow("max_results 0")
                << QJsonObject{{QStringLiteral("command"), ok}, {QStringLiteral("max_results"), 0}}
                << QStringLiteral("max_results");
        QTest::newRow("max_results 101")
                << QJsonObject{{QStringLiteral("command"), ok}, {QStringLiteral("max_results"), 101}}
                << QStringLiteral("max_results");
        QTest::newRow("max_results 2.5")
                << QJsonObject{{QStringLiteral("command"), ok}, {QStringLiteral("max_results"), 2.5}}
                << QStringLiteral("max_results");
        QTest::newRow("max_results text")
                << QJsonObject{{QStringLiteral("command"), ok},
                               {QStringLiteral("max_results"), QStringLiteral("ten")}}
                << QStringLiteral("max_results");
        QTest::newRow("with_video text") << QJsonObject{{QStringLiteral("command"), ok},
                                                        {QStringLiteral("with_video"), QStringLiteral("yes")}}
                                         << QStringLiteral("with_video");
    }

    void commandValidation()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QString, field);
        const ApiResponse r = raw(ApiCall::post(QStringLiteral("/command"), body).spending());
        QCOMPARE(r.httpStatus, 400);
        QCOMPARE(r.error.code, QStringLiteral("invalid_input"));
        QCOMPARE(r.error.details.value(QLatin1String("field")).toString(), field);
        QVERIFY(!r.error.explanation.isEmpty());
        QCOMPARE(module()->websitesUsed(), 40);
    }

    void commandBoundariesAccepted()
    {
        const QString base = QStringLiteral("plumbers in Miami ");
        UnloopaCommandRequest request;
        request.command = base + QString(1000 - base.size(), QLatin1Char('x'));
        request.maxResults = 1;
        QVERIFY(request.problem().isEmpty());
        auto accepted = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(accepted && accepted->ok());
        request.command += QLatin1Char('x');
        QVERIFY(!request.problem().isEmpty());
        // Refused before sending: the server never sees it.
        m_rig->sandbox->clearRequests();
        accepted = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(accepted && !accepted->ok());
        QCOMPARE(accepted->error().code, QStringLiteral("invalid_input"));
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 0);
        request.command = QStringLiteral("plumbers in Miami");
        request.maxResults = 100;
        accepted = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(accepted && accepted->ok());
    }

    void commandPlanRequired()
    {
        module()->setPlan(UnloopaSandbox::Plan::Free);
        UnloopaService fresh(m_rig->client); // knows no quota yet: must fetch the links
        UnloopaCommandRequest request;
        request.command = QStringLiteral("plumbers in Miami");
        request.withVideo = true;
        const auto r = AWAIT(UnloopaCommandAccepted, fresh.submitCommand(request, this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("plan_required"));
        QCOMPARE(r->error().httpStatus, 403);
        QVERIFY(r->error().explanation.contains(QStringLiteral("Pro")));
        QVERIFY(std::any_of(r->error().links.cbegin(), r->error().links.cend(), [](const ApiError::Link &l) {
            return l.label == QLatin1String("upgrade") &&
                    l.url == QUrl(QStringLiteral("https://whop.com/unloopa/"));
        }));
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 1);
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "GET", QStringLiteral("/quota")), 1);
        QCOMPARE(module()->websitesUsed(), 40);

        request.withVideo = false;
        request.withVsl = true;
        const auto vsl = AWAIT(UnloopaCommandAccepted, fresh.submitCommand(request, this, done));
        QVERIFY(vsl && !vsl->ok());
        QCOMPARE(vsl->error().code, QStringLiteral("plan_required"));
    }

    void commandQuotaExceeded()
    {
        module()->setWebsitesUsed(module()->websitesLimit());
        UnloopaCommandRequest request;
        request.command = QStringLiteral("plumbers in Miami");
        const auto r = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("quota_exceeded"));
        QCOMPARE(r->error().httpStatus, 429);
        QVERIFY(!r->error().isRateLimit());
        // Explained with the reset time and the upgrade link; never retried.
        const QString resetDay = module()->resetsAt().toString(QStringLiteral("d MMM yyyy"));
        QVERIFY2(r->error().explanation.contains(resetDay), qPrintable(r->error().explanation));
        QVERIFY(std::any_of(r->error().links.cbegin(), r->error().links.cend(),
                            [](const ApiError::Link &l) { return l.label == QLatin1String("upgrade"); }));
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 1);
    }

    void commandVideoQuotaExceeded()
    {
        module()->setVideosUsed(200);
        UnloopaCommandRequest request;
        request.command = QStringLiteral("plumbers in Miami");
        request.withVideo = true;
        const auto r = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("quota_exceeded"));
        QCOMPARE(r->error().details.value(QLatin1String("resource")).toString(), QStringLiteral("videos"));
    }

    void commandRateLimitedNotRetried()
    {
        module()->advanceClock(61'000); // forget earlier tests' commands
        module()->setCommandRateLimit(1);
        UnloopaCommandRequest request;
        request.command = QStringLiteral("florists in Paris");
        request.maxResults = 1;
        auto r = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(r && r->ok());
        r = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("rate_limited"));
        QCOMPARE(r->error().httpStatus, 429);
        QVERIFY(r->error().isRateLimit());
        QVERIFY(r->error().retryAfterSeconds.has_value());
        QVERIFY(*r->error().retryAfterSeconds >= 1 && *r->error().retryAfterSeconds <= 60);
        QVERIFY(r->error().explanation.contains(QString::number(*r->error().retryAfterSeconds)));
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 2);
        module()->advanceClock(61'000);
        r = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(r && r->ok());
    }

    void commandInternalErrorNotRetried()
    {
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::ServerError;
        fault.status = 500;
        fault.pathPrefix = QStringLiteral("/command");
        fault.count = 1;
        m_rig->sandbox->addFault(fault);
        UnloopaCommandRequest request;
        request.command = QStringLiteral("plumbers in Miami");
        const auto r = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("internal_error"));
        QCOMPARE(r->error().httpStatus, 500);
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 1);
    }

    void commandUnauthorized()
    {
        m_rig->setToken("unlpa_live_wrong");
        UnloopaCommandRequest request;
        request.command = QStringLiteral("plumbers in Miami");
        const auto r = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("unauthorized"));
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 1);
    }

    void commandServerRateLimitFault()
    {
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::TooManyRequests;
        fault.pathPrefix = QStringLiteral("/command");
        fault.retryAfter = "7";
        fault.count = 1;
        m_rig->sandbox->addFault(fault);
        UnloopaCommandRequest request;
        request.command = QStringLiteral("plumbers in Miami");
        const auto r = AWAIT(UnloopaCommandAccepted, service()->submitCommand(request, this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("rate_limited"));
        QCOMPARE(r->error().retryAfterSeconds, std::optional<int>(7));
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 1);
    }

    // ---- GET /jobs, GET /jobs/{id} ----------------------------------------------------------
    void jobsPagedHistory()
    {
        auto first = AWAIT(UnloopaJobPage, service()->fetchJobs(20, 0, this, done));
        QVERIFY(first && first->ok());
        QCOMPARE(first->value().limit, 20);
        QCOMPARE(first->value().total, module()->jobCount());
        QCOMPARE(first->value().items.size(), qMin(20, module()->jobCount()));
        // Newest first.
        for (int i = 1; i < first->value().items.size(); ++i)
            QVERIFY(first->value().items.at(i - 1).createdAt >= first->value().items.at(i).createdAt);

        UnloopaPagedFetch fetch(service(), UnloopaPagedFetch::What::Jobs);
        QList<UnloopaJob> jobs;
        connect(&fetch, &UnloopaPagedFetch::jobsPage, this,
                [&jobs](const QList<UnloopaJob> &page) { jobs += page; });
        QSignalSpy finished(&fetch, &UnloopaPagedFetch::finished);
        fetch.start();
        QVERIFY(finished.wait(120'000));
        QSet<QString> ids;
        int failed = 0;
        for (const UnloopaJob &job : std::as_const(jobs)) {
            ids.insert(job.jobId);
            QVERIFY(!job.command.isEmpty());
            QVERIFY(!job.intent.isEmpty());
            if (job.status == QLatin1String("failed")) {
                ++failed;
                QVERIFY(!job.error.isEmpty());
            } else {
                QVERIFY(job.error.isEmpty());
            }
        }
        QCOMPARE(ids.size(), module()->jobCount());
        QVERIFY(failed > 0); // the seeded history has failures to show
    }

    void jobsErrors()
    {
        ApiResponse r = raw(ApiCall::get(QStringLiteral("/jobs"), QUrlQuery(QStringLiteral("limit=101"))));
        QCOMPARE(r.error.code, QStringLiteral("invalid_input"));
        QCOMPARE(r.httpStatus, 400);
        r = raw(ApiCall::get(QStringLiteral("/jobs"), QUrlQuery(QStringLiteral("offset=-1"))));
        QCOMPARE(r.error.code, QStringLiteral("invalid_input"));
        const auto missing = AWAIT(
                UnloopaJob,
                service()->fetchJob(QStringLiteral("00000000-0000-4000-8000-000000000000"), this, done));
        QVERIFY(missing && !missing->ok());
        QCOMPARE(missing->error().code, QStringLiteral("not_found"));
        QCOMPARE(missing->error().httpStatus, 404);
        m_rig->setToken("unlpa_live_wrong");
        const auto unauthorized = AWAIT(UnloopaJobPage, service()->fetchJobs(20, 0, this, done));
        QVERIFY(unauthorized && !unauthorized->ok());
        QCOMPARE(unauthorized->error().code, QStringLiteral("unauthorized"));
    }

    // ---- GET /leads -------------------------------------------------------------------------
    void leadsAllPagesFetched()
    {
        QVERIFY(m_allLeads.size() >= 600);
        QSet<QString> ids;
        for (const UnloopaLead &lead : std::as_const(m_allLeads))
            ids.insert(lead.id);
        QCOMPARE(ids.size(), m_allLeads.size());
        const int pagesRequested =
                m_rig->sandbox->requestCount(Vendor::Unloopa, "GET", QStringLiteral("/leads"));
        Q_UNUSED(pagesRequested);
        const auto page = AWAIT(UnloopaLeadPage, service()->fetchLeads({}, 100, 0, this, done));
        QVERIFY(page && page->ok());
        QCOMPARE(page->value().limit, 100);
        QCOMPARE(page->value().items.size(), 100);
        const auto defaults = AWAIT(UnloopaLeadPage, service()->fetchLeads({}, 50, 50, this, done));
        QVERIFY(defaults && defaults->ok());
        QCOMPARE(defaults->value().offset, 50);
        QCOMPARE(defaults->value().items.first().id, page->value().items.at(50).id);
    }

    void leadsDataIsVaried()
    {
        QSet<QString> cities, industries, languages;
        int noEmail = 0, noPhone = 0, nonAscii = 0, formulaLike = 0, noRating = 0, invalidPhone = 0,
            existing = 0;
        for (const UnloopaLead &lead : std::as_const(m_allLeads)) {
            cities.insert(lead.city);
            industries.insert(lead.industry);
            languages.insert(lead.language);
            noEmail += lead.email.isEmpty();
            noPhone += lead.phoneAsReceived.isEmpty();
            noRating += !lead.rating.has_value();
            invalidPhone += !lead.phoneAsReceived.isEmpty() && lead.phone.isEmpty();
            const QString name = lead.businessName;
            nonAscii += std::any_of(name.cbegin(), name.cend(), [](QChar c) { return c.unicode() > 127; });
            formulaLike += name.startsWith(QLatin1Char('=')) || name.startsWith(QLatin1Char('+')) ||
                    name.startsWith(QLatin1Char('@'));
            if (lead.rating)
                QVERIFY(*lead.rating >= 1.0 && *lead.rating <= 5.0);
            QVERIFY(lead.createdAt.isValid());
        }
        QVERIFY(cities.size() >= 5);
        QVERIFY(industries.size() >= 5);
        QVERIFY(languages.size() >= 3);
        QVERIFY(noEmail > 0 && noPhone > 0 && noRating > 0 && invalidPhone > 0);
        QVERIFY(nonAscii > 0);
        QVERIFY(formulaLike > 0);
        Q_UNUSED(existing);
    }

    void leadsPhonesAreE164()
    {
        static const QRegularExpression e164(QStringLiteral("^\\+[1-9]\\d{6,14}$"));
        int national = 0;
        for (const UnloopaLead &lead : std::as_const(m_allLeads)) {
            if (lead.phone.isEmpty())
                continue;
            QVERIFY2(e164.match(lead.phone).hasMatch(), qPrintable(lead.phone));
            QVERIFY(PhoneNumbers::isValid(lead.phone));
            if (lead.phoneAsReceived != lead.phone) {
                ++national;
                QCOMPARE(PhoneNumbers::toE164(lead.phoneAsReceived).value_or(QString()), lead.phone);
            }
        }
        QVERIFY(national > 0); // "(305) 555-0100"-style numbers were normalised
    }

    void leadsFilters_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("city partial, any case") << QStringLiteral("city=mia");
        QTest::newRow("city non-ASCII") << QStringLiteral("city=z%C3%BCrich");
        QTest::newRow("industry partial") << QStringLiteral("industry=plumb");
        QTest::newRow("has_phone") << QStringLiteral("has_phone=true");
        QTest::newRow("has_email") << QStringLiteral("has_email=true");
        QTest::newRow("has_website") << QStringLiteral("has_website=true");
        QTest::newRow("has_video") << QStringLiteral("has_video=true");
        QTest::newRow("video_status completed") << QStringLiteral("video_status=completed");
        QTest::newRow("video_status failed") << QStringLiteral("video_status=failed");
        QTest::newRow("min_rating") << QStringLiteral("min_rating=4.5");
        QTest::newRow("min_reviews") << QStringLiteral("min_reviews=300");
        QTest::newRow("search name") << QStringLiteral("search=garc%C3%ADa");
        QTest::newRow("search industry") << QStringLiteral("search=dental");
        QTest::newRow("search with plus") << QStringLiteral("search=%2B1");
        QTest::newRow("search with ampersand") << QStringLiteral("search=heating %26 air");
        QTest::newRow("created window") << QStringLiteral("created_after=%1&created_before=%2");
        QTest::newRow("combined") << QStringLiteral("has_email=true&has_phone=true&min_rating=4&industry=e");
    }

    void leadsFilters()
    {
        QFETCH(QString, query);
        const QDate today = QDateTime::currentDateTimeUtc().date();
        if (query.contains(QStringLiteral("%1")))
            query = query.arg(today.addDays(-60).toString(Qt::ISODate),
                              today.addDays(-20).toString(Qt::ISODate));
        QString problem;
        const auto filter = UnloopaLeadFilter::fromQuery(QUrlQuery(query), &problem);
        QVERIFY2(filter, qPrintable(problem));
        QVERIFY(!filter->isEmpty());
        ApiError error;
        m_allLeads = fetchAll({}, &error); // earlier tests added leads
        QVERIFY(!error.isError());
        const QList<UnloopaLead> got = fetchAll(*filter, &error);
        QVERIFY2(!error.isError(), qPrintable(error.summary()));

        // The same filter computed independently over every lead.
        QSet<QString> expected;
        for (const UnloopaLead &l : std::as_const(m_allLeads)) {
            const QString search = filter->search;
            const bool keep =
                    (filter->city.isEmpty() || l.city.contains(filter->city, Qt::CaseInsensitive)) &&
                    (filter->industry.isEmpty() ||
                     l.industry.contains(filter->industry, Qt::CaseInsensitive)) &&
                    (!filter->hasPhone || !l.phoneAsReceived.isEmpty()) &&
                    (!filter->hasEmail || !l.email.isEmpty()) && (!filter->hasWebsite || l.url.isValid()) &&
                    (!filter->hasVideo || l.videoUrl.isValid()) &&
                    (filter->videoStatus.isEmpty() || l.videoStatus == filter->videoStatus) &&
                    (!filter->minRating || (l.rating && *l.rating >= *filter->minRating)) &&
                    (!filter->minReviews || l.reviews >= *filter->minReviews) &&
                    (search.isEmpty() || l.businessName.contains(search, Qt::CaseInsensitive) ||
                     l.city.contains(search, Qt::CaseInsensitive) ||
                     l.industry.contains(search, Qt::CaseInsensitive)) &&
                    (!filter->createdAfter.isValid() ||
                     l.createdAt >= filter->createdAfter.startOfDay(Qt::UTC)) &&
                    (!filter->createdBefore.isValid() ||
                     l.createdAt < filter->createdBefore.startOfDay(Qt::UTC));
            if (keep)
                expected.insert(l.id);
        }
        QSet<QString> ids;
        for (const UnloopaLead &l : got)
            ids.insert(l.id);
        QCOMPARE(ids.size(), got.size()); // no duplicates across pages
        QCOMPARE(ids, expected);
        QVERIFY2(!expected.isEmpty(), "the seeded data should match every filter at least once");
    }

    void leadsJobFilter()
    {
        auto page = AWAIT(UnloopaJobPage, service()->fetchJobs(100, 0, this, done));
        QVERIFY(page && page->ok());
        int checked = 0;
        for (const UnloopaJob &listed : page->value().items) {
            if (listed.status != QLatin1String("completed") || checked >= 3)
                continue;
            const auto job = AWAIT(UnloopaJob, service()->fetchJob(listed.jobId, this, done));
            QVERIFY(job && job->ok());
            UnloopaLeadFilter filter;
            filter.jobId = listed.jobId;
            QCOMPARE(fetchAll(filter).size(), job->value().leadsScraped);
            ++checked;
        }
        QVERIFY(checked > 0);
    }

    void leadsInvalidInput_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("limit 101") << QStringLiteral("limit=101");
        QTest::newRow("limit 0") << QStringLiteral("limit=0");
        QTest::newRow("limit text") << QStringLiteral("limit=all");
        QTest::newRow("offset negative") << QStringLiteral("offset=-5");
        QTest::newRow("min_rating text") << QStringLiteral("min_rating=high");
        QTest::newRow("min_reviews negative") << QStringLiteral("min_reviews=-1");
        QTest::newRow("video_status unknown") << QStringLiteral("video_status=done");
        QTest::newRow("has_email maybe") << QStringLiteral("has_email=maybe");
        QTest::newRow("created_after not a date") << QStringLiteral("created_after=yesterday");
    }

    void leadsInvalidInput()
    {
        QFETCH(QString, query);
        const ApiResponse r = raw(ApiCall::get(QStringLiteral("/leads"), QUrlQuery(query)));
        QCOMPARE(r.httpStatus, 400);
        QCOMPARE(r.error.code, QStringLiteral("invalid_input"));
        QCOMPARE(r.attempts, 1);
    }

    void leadsServiceRefusesOversizedPage()
    {
        const auto r = AWAIT(UnloopaLeadPage, service()->fetchLeads({}, 101, 0, this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("invalid_input"));
    }

    void leadsServerErrorRetriedThenPagingCompletes()
    {
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::ServerError;
        fault.status = 500;
        fault.pathPrefix = QStringLiteral("/leads");
        fault.count = 1;
        m_rig->sandbox->addFault(fault);
        UnloopaLeadFilter filter;
        filter.industry = QStringLiteral("den");
        ApiError error;
        const QList<UnloopaLead> leads = fetchAll(filter, &error);
        QVERIFY(!error.isError());
        QVERIFY(!leads.isEmpty());
    }

    void leadsPagingStopsOnError()
    {
        m_rig->client->setRetryPolicy(RetryPolicy::none());
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::TooManyRequests;
        fault.pathPrefix = QStringLiteral("/leads");
        fault.retryAfter = "3";
        m_rig->sandbox->addFault(fault);
        ApiError error;
        fetchAll({}, &error);
        QCOMPARE(error.code, QStringLiteral("rate_limited"));
        QCOMPARE(error.retryAfterSeconds, std::optional<int>(3));
        RetryPolicy fast;
        fast.baseDelayMs = 10;
        fast.maxDelayMs = 50;
        m_rig->client->setRetryPolicy(fast);
    }

    void pagedFetchCancels()
    {
        SandboxFault slow;
        slow.kind = SandboxFault::Kind::Latency;
        slow.latencyMs = 200;
        slow.pathPrefix = QStringLiteral("/leads");
        m_rig->sandbox->addFault(slow);
        UnloopaPagedFetch fetch(service(), UnloopaPagedFetch::What::Leads);
        QSignalSpy finished(&fetch, &UnloopaPagedFetch::finished);
        QSignalSpy pages(&fetch, &UnloopaPagedFetch::leadsPage);
        fetch.start();
        QVERIFY(pages.wait(60'000));
        fetch.cancel();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<ApiError>().kind, ApiError::Kind::Cancelled);
        QVERIFY(!fetch.isRunning());
        QCOMPARE(m_rig->client->inFlightCount(), 0); // the next page's request was aborted
        // A later request answered 400 ms after it arrived: by then the aborted page's answer
        // (200 ms) has come due, and it reached nobody.
        SandboxFault slower = slow;
        slower.latencyMs = 400;
        slower.pathPrefix = QStringLiteral("/quota");
        slower.count = 1;
        m_rig->sandbox->addFault(slower);
        const auto quota = AWAIT(UnloopaQuota, service()->fetchQuota(this, done));
        QVERIFY(quota && quota->ok());
        QCOMPARE(pages.size(), 1); // nothing after the cancel
    }

    // A job finishing while a list is paged puts items at its head and shifts every later page:
    // the pager still hands over every item that was listed when it started, each exactly once.
    void pagedListsShiftedWhilePagedHandOverEachItemOnce_data()
    {
        QTest::addColumn<int>("what");
        QTest::addColumn<QString>("path");
        QTest::newRow("leads") << int(UnloopaPagedFetch::What::Leads) << QStringLiteral("/leads");
        QTest::newRow("websites") << int(UnloopaPagedFetch::What::Websites) << QStringLiteral("/websites");
    }

    void pagedListsShiftedWhilePagedHandOverEachItemOnce()
    {
        QFETCH(int, what);
        QFETCH(QString, path);
        const QStringList before = pagedKeys(UnloopaPagedFetch::What(what));
        QVERIFY(before.size() > 2 * UnloopaService::maxPageSize); // several pages, so a shift shows
        const QSet<QString> listed(before.cbegin(), before.cend());
        QCOMPARE(listed.size(), before.size());

        module()->addLeadsWhilePaging(path, 1, 3); // after the first page, 3 new at the head
        const QStringList during = pagedKeys(UnloopaPagedFetch::What(what));
        const QSet<QString> distinct(during.cbegin(), during.cend());
        QCOMPARE(during.size(), distinct.size()); // no item twice
        QVERIFY(distinct.contains(listed)); // none missed

        // The new items are really there, at the head.
        const QStringList after = pagedKeys(UnloopaPagedFetch::What(what));
        QCOMPARE(after.size(), during.size() + 3);
    }

    // ---- GET /leads/{id} --------------------------------------------------------------------
    void leadDetail()
    {
        int withExisting = 0;
        int withoutExisting = 0;
        for (int i = 0; i < m_allLeads.size() && (withExisting == 0 || withoutExisting == 0); i += 7) {
            const UnloopaLead &listed = m_allLeads.at(i);
            const auto r = AWAIT(UnloopaLead, service()->fetchLead(listed.id, this, done));
            QVERIFY(r && r->ok());
            const UnloopaLead &lead = r->value();
            QVERIFY(lead.hasDetail);
            QCOMPARE(lead.id, listed.id);
            QCOMPARE(lead.businessName, listed.businessName);
            QVERIFY(!lead.slug.isEmpty());
            if (lead.url.isValid())
                QVERIFY(lead.url.toString().endsWith(lead.slug));
            if (lead.existingWebsite) {
                ++withExisting;
                QVERIFY(lead.existingWebsite->url.isValid());
                QVERIFY(lead.existingWebsite->pagespeedScore.has_value());
                QVERIFY(*lead.existingWebsite->pagespeedScore >= 0 &&
                        *lead.existingWebsite->pagespeedScore <= 100);
                QVERIFY(lead.existingWebsite->loadTimeSeconds.has_value());
                QVERIFY(lead.existingWebsite->mobileOptimized.has_value());
            } else {
                ++withoutExisting;
            }
        }
        QVERIFY(withExisting > 0 && withoutExisting > 0);
    }

    void leadDetailErrors()
    {
        auto r = AWAIT(UnloopaLead, service()->fetchLead(QStringLiteral("no-such-lead"), this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("not_found"));
        QCOMPARE(r->error().httpStatus, 404);
        m_rig->setToken("unlpa_live_wrong");
        r = AWAIT(UnloopaLead, service()->fetchLead(m_allLeads.first().id, this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("unauthorized"));
    }

    // ---- GET /websites ----------------------------------------------------------------------
    void websitesMatchLeads()
    {
        UnloopaPagedFetch fetch(service(), UnloopaPagedFetch::What::Websites);
        QList<UnloopaWebsite> websites;
        connect(&fetch, &UnloopaPagedFetch::websitesPage, this,
                [&websites](const QList<UnloopaWebsite> &page) { websites += page; });
        QSignalSpy finished(&fetch, &UnloopaPagedFetch::finished);
        fetch.start();
        QVERIFY(finished.wait(120'000));
        QVERIFY(!finished.first().first().value<ApiError>().isError());

        // Fetch leads again: jobs submitted by earlier tests added some.
        const QList<UnloopaLead> leads = fetchAll({});
        QHash<QString, UnloopaLead> byUrl;
        for (const UnloopaLead &lead : leads) {
            if (lead.url.isValid())
                byUrl.insert(lead.url.toString(), lead);
        }
        QCOMPARE(websites.size(), byUrl.size());
        for (const UnloopaWebsite &w : std::as_const(websites)) {
            QVERIFY(!w.id.isEmpty());
            QVERIFY(!w.slug.isEmpty());
            const auto it = byUrl.constFind(w.url.toString());
            QVERIFY(it != byUrl.constEnd());
            QCOMPARE(w.businessName, it->businessName);
            QCOMPARE(w.phone, it->phone);
            QCOMPARE(w.email, it->email);
        }
        const auto page = AWAIT(UnloopaWebsitePage, service()->fetchWebsites(20, 0, this, done));
        QVERIFY(page && page->ok());
        QCOMPARE(page->value().items.size(), 20);
        QCOMPARE(page->value().total, websites.size());
    }

    void websitesErrors()
    {
        const ApiResponse r =
                raw(ApiCall::get(QStringLiteral("/websites"), QUrlQuery(QStringLiteral("limit=500"))));
        QCOMPARE(r.error.code, QStringLiteral("invalid_input"));
        m_rig->setToken("unlpa_live_wrong");
        const auto page = AWAIT(UnloopaWebsitePage, service()->fetchWebsites(20, 0, this, done));
        QVERIFY(page && !page->ok());
        QCOMPARE(page->error().code, QStringLiteral("unauthorized"));
    }

    // ---- Filter round trip (the CLI's options map onto the query) ----------------------------
    void filterQueryRoundTrip()
    {
        UnloopaLeadFilter filter;
        filter.city = QStringLiteral("São Paulo");
        filter.search = QStringLiteral("A&B +1 100%");
        filter.hasEmail = true;
        filter.minRating = 4.5;
        filter.minReviews = 10;
        filter.videoStatus = QStringLiteral("completed");
        filter.createdAfter = QDate(2025, 1, 15);
        const QUrlQuery query = filter.toQuery();
        QString problem;
        const auto back =
                UnloopaLeadFilter::fromQuery(QUrlQuery(query.toString(QUrl::FullyEncoded)), &problem);
        QVERIFY2(back, qPrintable(problem));
        QCOMPARE(back->city, filter.city);
        QCOMPARE(back->search, filter.search);
        QVERIFY(back->hasEmail);
        QCOMPARE(*back->minRating, 4.5);
        QCOMPARE(*back->minReviews, 10);
        QCOMPARE(back->createdAfter, filter.createdAfter);
        QVERIFY(!UnloopaLeadFilter::fromQuery(QUrlQuery(QStringLiteral("colour=red")), &problem));
        QVERIFY(problem.contains(QStringLiteral("colour")));
        QVERIFY(!UnloopaLeadFilter::fromQuery(QUrlQuery(QStringLiteral("video_status=done")), &problem));
    }
};

CC_TEST_GUILESS_MAIN(TestUnloopaService)
#include "tst_unloopaservice.moc"
