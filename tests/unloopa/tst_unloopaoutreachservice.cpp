#include "TestMain.h"

#include "UnloopaTestSupport.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "sandbox/UnloopaOutreachSandbox.h"
#include "sandbox/UnloopaSandbox.h"
#include "unloopa/UnloopaOutreachService.h"

#include <QSignalSpy>
#include <QTemporaryDir>

#define AWAIT(T, call) awaitResult<T>([&](auto done) { call; })

// Unloopa's outreach email operations through the real UnloopaOutreachService over loopback HTTP
// against the sandbox: status, the template list and custom template changes, and sending to
// leads under a clearance of the real outbound guard, with every documented error these
// operations can answer.
class TestUnloopaOutreachService : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;
    UnloopaOutreachService *m_outreach = nullptr;
    QTemporaryDir m_dir;
    int m_databases = 0;
    std::unique_ptr<SqliteOutboundStore> m_store;
    std::unique_ptr<OutboundGuard> m_guard;
    int m_nextLead = 0; // each send takes fresh leads (the sandbox never emails a lead twice)

    UnloopaSandbox *module() const { return m_rig->sandbox->unloopa(); }
    UnloopaOutreachService *outreach() const { return m_outreach; }

    int requests(UnloopaRoutes::Op op, const QString &id = {}) const
    {
        return m_rig->sandbox->requestCount(Vendor::Unloopa, UnloopaRoutes::route(op).method,
                                            UnloopaRoutes::path(op, id));
    }

    // `count` leads not sent to yet, with (or without) an email.
    QList<UnloopaSandbox::Lead> freshLeads(int count, bool withEmail = true)
    {
        QList<UnloopaSandbox::Lead> found;
        const QList<UnloopaSandbox::Lead> &all = module()->leads();
        while (found.size() < count && m_nextLead < all.size()) {
            const UnloopaSandbox::Lead &lead = all.at(m_nextLead++);
            if (!module()->leadJson(lead.id).isEmpty() && lead.email.isEmpty() != withEmail)
                found.append(lead);
        }
        return found;
    }

    // The guard's clearance for one batch: one request reaching every lead's address.
    QString clearanceFor(const UnloopaOutreachSendRequest &request, const QList<UnloopaSandbox::Lead> &leads)
    {
        OutboundAction action;
        action.vendor = Vendor::Unloopa;
        action.action = QStringLiteral("outreach_send");
        action.target = request.leadIds.first();
        for (const UnloopaSandbox::Lead &lead : leads) {
            if (!lead.email.isEmpty())
                action.recipients.append(Recipient::email(lead.email.toLower(), lead.businessName));
        }
        if (action.recipients.isEmpty()) // a batch of leads without email still names someone
            action.recipients.append(Recipient::email(QStringLiteral("nobody@example.com")));
        action.requestSummary = QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact);
        return m_guard->clear(action).id;
    }

    std::optional<Result<UnloopaOutreachSendResult>> send(const QList<UnloopaSandbox::Lead> &leads,
                                                          const QString &templateId = {})
    {
        UnloopaOutreachSendRequest request;
        for (const UnloopaSandbox::Lead &lead : leads)
            request.leadIds.append(lead.id);
        request.templateId = templateId;
        if (templateId.isEmpty()) {
            request.customSubject = QStringLiteral("A new website for {{business_name}}");
            request.customBody = QStringLiteral("Hi! I built {{website_url}} for you in {{city}}.");
        }
        const QString clearance = clearanceFor(request, leads);
        return AWAIT(UnloopaOutreachSendResult, outreach()->send(request, clearance, this, done));
    }

    UnloopaTemplate createTemplate(const QString &name)
    {
        UnloopaTemplateFields fields;
        fields.name = name;
        fields.subject = QStringLiteral("{{business_name}} - New Website Ready");
        fields.body = QStringLiteral("Hi! I built a website for {{business_name}} in {{city}}...");
        fields.language = QStringLiteral("en");
        const auto r = AWAIT(UnloopaTemplate, outreach()->createTemplate(fields, this, done));
        return r && r->ok() ? r->value() : UnloopaTemplate();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiResponse>();
        qRegisterMetaType<ApiError>();
        QVERIFY(m_dir.isValid());
        m_rig = std::make_unique<UnloopaRig>(300, this);
        QVERIFY(m_rig->started);
        m_outreach = new UnloopaOutreachService(m_rig->service, this);
    }

    void init()
    {
        module()->setPlan(UnloopaSandbox::Plan::Pro);
        module()->outreach()->setConfigured(true);
        m_rig->sandbox->clearFaults();
        m_rig->sandbox->clearRequests();
        m_rig->setToken(SandboxServer::demoToken(Vendor::Unloopa));
        m_rig->client->setOutboundGate(nullptr);
        m_guard.reset();
        m_store = std::make_unique<SqliteOutboundStore>(
                m_dir.filePath(QStringLiteral("outbound%1.sqlite").arg(++m_databases)));
        m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
        m_rig->client->setOutboundGate(m_guard.get());
    }

    // ---- GET /outreach/status ------------------------------------------------------------------
    void statusConfiguredWithAccounts()
    {
        const auto r = AWAIT(UnloopaOutreachStatus, outreach()->fetchStatus(this, done));
        QVERIFY(r && r->ok());
        const UnloopaOutreachStatus &s = r->value();
        QVERIFY(s.configured);
        QCOMPARE(s.accounts.size(), 2);
        QCOMPARE(s.summary.totalAccounts, 2);
        QCOMPARE(s.setupUrl, QUrl(UnloopaOutreachSandbox::setupUrl()));
        int capacity = 0;
        for (const UnloopaSendingAccount &a : s.accounts) {
            QVERIFY(!a.id.isEmpty());
            QVERIFY(a.email.contains(u'@'));
            QVERIFY(a.health.checkedAt.isValid() || !a.health.status.isEmpty());
            capacity += a.dailyLimit;
        }
        // As reported: the summary's capacity is the accounts' limits; one account still warms up.
        QCOMPARE(s.summary.totalDailyCapacity, capacity);
        const auto warming = std::find_if(s.accounts.cbegin(), s.accounts.cend(),
                                          [](const UnloopaSendingAccount &a) { return a.warmupDay == 10; });
        QVERIFY(warming != s.accounts.cend());
        QCOMPARE(warming->dailyLimit, 10); // day 10 of the ramp 5 → 10 → 15 → 25
        QCOMPARE(warming->health.status, QStringLiteral("warning"));
        QCOMPARE(s.summary.accountsWithHealthIssues, 1);
    }

    void statusNotConfiguredCarriesTheSetupLink()
    {
        module()->outreach()->setConfigured(false);
        const auto r = AWAIT(UnloopaOutreachStatus, outreach()->fetchStatus(this, done));
        QVERIFY(r && r->ok());
        QVERIFY(!r->value().configured);
        QVERIFY(r->value().accounts.isEmpty());
        QCOMPARE(r->value().remainingToday(), 0);
        QCOMPARE(r->value().setupUrl, QUrl(UnloopaOutreachSandbox::setupUrl()));
    }

    void statusUnauthorized()
    {
        m_rig->setToken("unlpa_live_wrong");
        const auto r = AWAIT(UnloopaOutreachStatus, outreach()->fetchStatus(this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("unauthorized"));
        QCOMPARE(r->error().httpStatus, 401);
        QVERIFY(r->error().isAuthFailure());
    }

    void statusMalformedAnswer()
    {
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::MalformedJson;
        fault.pathPrefix = QStringLiteral("/outreach/status");
        fault.count = 1;
        m_rig->sandbox->addFault(fault);
        const auto r = AWAIT(UnloopaOutreachStatus, outreach()->fetchStatus(this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, ApiError::Kind::Malformed);
    }

    // ---- Templates -----------------------------------------------------------------------------
    void templatesPrebuiltAndCustom()
    {
        const auto r = AWAIT(UnloopaTemplates, outreach()->fetchTemplates(this, done));
        QVERIFY(r && r->ok());
        QVERIFY(!r->value().prebuilt.isEmpty());
        for (const UnloopaTemplate &t : r->value().prebuilt) {
            QVERIFY(!t.isCustom);
            QVERIFY(!t.id.isEmpty());
            QVERIFY(!t.subject.isEmpty());
        }
        int defaults = 0;
        for (const UnloopaTemplate &t : r->value().all())
            defaults += t.isDefault ? 1 : 0;
        QCOMPARE(defaults, 1);
    }

    void templateCreateUpdateDelete()
    {
        const UnloopaTemplate created = createTemplate(QStringLiteral("Miami Pitch"));
        QVERIFY(!created.id.isEmpty());
        QVERIFY(created.isCustom);
        QCOMPARE(created.name, QStringLiteral("Miami Pitch"));
        QCOMPARE(UnloopaTemplate::placeholdersIn(created.body),
                 (QStringList{QStringLiteral("business_name"), QStringLiteral("city")}));
        auto list = AWAIT(UnloopaTemplates, outreach()->fetchTemplates(this, done));
        QVERIFY(list && list->ok());
        QVERIFY(list->value().find(created.id).has_value());
        QVERIFY(list->value().find(created.id)->isCustom);

        // Only what is set is sent, and it sticks.
        UnloopaTemplateFields change;
        change.subject = QStringLiteral("Your site, {{business_name}}");
        change.isDefault = true;
        const auto updated =
                AWAIT(UnloopaTemplate, outreach()->updateTemplate(created.id, change, this, done));
        QVERIFY(updated && updated->ok());
        QCOMPARE(updated->value().subject, QStringLiteral("Your site, {{business_name}}"));
        QCOMPARE(updated->value().name, QStringLiteral("Miami Pitch"));
        list = AWAIT(UnloopaTemplates, outreach()->fetchTemplates(this, done));
        QVERIFY(list && list->ok());
        QVERIFY(list->value().find(created.id)->isDefault);
        for (const UnloopaTemplate &t : list->value().prebuilt)
            QVERIFY(!t.isDefault); // the default moved

        const auto removed = AWAIT(Done, outreach()->deleteTemplate(created.id, this, done));
        QVERIFY(removed && removed->ok());
        list = AWAIT(UnloopaTemplates, outreach()->fetchTemplates(this, done));
        QVERIFY(list && list->ok());
        QVERIFY(!list->value().find(created.id).has_value());
        QCOMPARE(requests(UnloopaRoutes::Op::TemplateDelete, created.id), 1);
    }

    void prebuiltTemplatesAreReadOnly()
    {
        const auto list = AWAIT(UnloopaTemplates, outreach()->fetchTemplates(this, done));
        QVERIFY(list && list->ok());
        const QString prebuilt = list->value().prebuilt.first().id;
        UnloopaTemplateFields change;
        change.name = QStringLiteral("Mine now");
        const auto updated = AWAIT(UnloopaTemplate, outreach()->updateTemplate(prebuilt, change, this, done));
        QVERIFY(updated && !updated->ok());
        QCOMPARE(updated->error().code, QStringLiteral("invalid_input"));
        QCOMPARE(updated->error().httpStatus, 400);
        const auto removed = AWAIT(Done, outreach()->deleteTemplate(prebuilt, this, done));
        QVERIFY(removed && !removed->ok());
        QCOMPARE(removed->error().code, QStringLiteral("invalid_input"));
    }

    void unknownTemplateIsNotFound()
    {
        UnloopaTemplateFields change;
        change.name = QStringLiteral("x");
        const QString unknown = QStringLiteral("00000000-0000-4000-8000-000000000000");
        const auto updated = AWAIT(UnloopaTemplate, outreach()->updateTemplate(unknown, change, this, done));
        QVERIFY(updated && !updated->ok());
        QCOMPARE(updated->error().code, QStringLiteral("not_found"));
        QCOMPARE(updated->error().httpStatus, 404);
        const auto removed = AWAIT(Done, outreach()->deleteTemplate(unknown, this, done));
        QVERIFY(removed && !removed->ok());
        QCOMPARE(removed->error().code, QStringLiteral("not_found"));
    }

    void invalidTemplateRefusedLocallyOrByTheVendor()
    {
        // Missing a body: refused before sending.
        UnloopaTemplateFields fields;
        fields.name = QStringLiteral("No body");
        fields.subject = QStringLiteral("Subject");
        const auto local = AWAIT(UnloopaTemplate, outreach()->createTemplate(fields, this, done));
        QVERIFY(local && !local->ok());
        QCOMPARE(local->error().kind, ApiError::Kind::Local);
        QCOMPARE(local->error().code, QStringLiteral("invalid_input"));
        QCOMPARE(requests(UnloopaRoutes::Op::TemplateCreate), 0);
        // A language the vendor does not take: its invalid_input, naming the field.
        fields.body = QStringLiteral("Body");
        fields.language = QStringLiteral("not a language!");
        const auto remote = AWAIT(UnloopaTemplate, outreach()->createTemplate(fields, this, done));
        QVERIFY(remote && !remote->ok());
        QCOMPARE(remote->error().kind, ApiError::Kind::Vendor);
        QCOMPARE(remote->error().code, QStringLiteral("invalid_input"));
        QCOMPARE(remote->error().details.value(QStringLiteral("field")).toString(),
                 QStringLiteral("language"));
        QCOMPARE(requests(UnloopaRoutes::Op::TemplateCreate), 1);
    }

    void templatesServerErrorIsRetriedButCreateIsNot()
    {
        // A read is retried after a 500; a create (a POST without an idempotency key) is not.
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::ServerError;
        fault.status = 500;
        fault.pathPrefix = QStringLiteral("/outreach/templates");
        fault.count = 1;
        m_rig->sandbox->addFault(fault);
        const auto list = AWAIT(UnloopaTemplates, outreach()->fetchTemplates(this, done));
        QVERIFY(list && list->ok());
        QCOMPARE(requests(UnloopaRoutes::Op::Templates), 2);

        m_rig->sandbox->addFault(fault);
        UnloopaTemplateFields fields;
        fields.name = QStringLiteral("Once");
        fields.subject = QStringLiteral("s");
        fields.body = QStringLiteral("b");
        const auto created = AWAIT(UnloopaTemplate, outreach()->createTemplate(fields, this, done));
        QVERIFY(created && !created->ok());
        QCOMPARE(created->error().code, QStringLiteral("internal_error"));
        QCOMPARE(created->error().httpStatus, 500);
        QCOMPARE(requests(UnloopaRoutes::Op::TemplateCreate), 1);
    }

    // ---- POST /outreach/send -------------------------------------------------------------------
    void sendQueuesThenSkipsDuplicates()
    {
        const QList<UnloopaSandbox::Lead> leads = freshLeads(3);
        QCOMPARE(leads.size(), 3);
        const auto first = send(leads);
        QVERIFY(first && first->ok());
        QCOMPARE(first->value().emailsQueued, 3);
        QCOMPARE(first->value().skippedDuplicates, 0);
        QCOMPARE(first->value().failed, 0);
        QVERIFY(first->value().manualOutreach.isEmpty());
        // The same leads again (a new clearance): Unloopa's duplicate detection skips them all.
        const auto again = send(leads);
        QVERIFY(again && again->ok());
        QCOMPARE(again->value().emailsQueued, 0);
        QCOMPARE(again->value().skippedDuplicates, 3);
        QCOMPARE(requests(UnloopaRoutes::Op::OutreachSend), 2);
    }

    void sendWithATemplateAndLeadsWithoutEmail()
    {
        const auto list = AWAIT(UnloopaTemplates, outreach()->fetchTemplates(this, done));
        QVERIFY(list && list->ok());
        QString plain; // a prebuilt template without {{video_url}}
        for (const UnloopaTemplate &t : list->value().prebuilt) {
            if (!UnloopaTemplate::placeholdersIn(t.subject + t.body).contains(QStringLiteral("video_url")))
                plain = t.id;
        }
        QVERIFY(!plain.isEmpty());
        QList<UnloopaSandbox::Lead> leads = freshLeads(2);
        const QList<UnloopaSandbox::Lead> noEmail = freshLeads(1, false);
        QCOMPARE(noEmail.size(), 1);
        leads += noEmail;
        const auto r = send(leads, plain);
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().emailsQueued, 2);
        QCOMPARE(r->value().manualOutreach.size(), 1);
        QCOMPARE(r->value().manualOutreach.first().leadId, noEmail.first().id);
        QCOMPARE(r->value().manualOutreach.first().businessName, noEmail.first().businessName);
        QCOMPARE(r->value().manualOutreach.first().reason, QStringLiteral("no_email"));
    }

    void sendUnknownTemplateIsNotFound()
    {
        const auto r = send(freshLeads(1), QStringLiteral("00000000-0000-4000-8000-000000000000"));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("not_found"));
    }

    void sendWithoutEmailAccountNeedsSetup()
    {
        module()->outreach()->setConfigured(false);
        const auto r = send(freshLeads(1));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("setup_required"));
        QCOMPARE(r->error().httpStatus, 400);
        QVERIFY(r->error().explanation.contains(QStringLiteral("email account")));
        bool setupLink = false;
        for (const ApiError::Link &link : r->error().links)
            setupLink = setupLink || link.url == QUrl(UnloopaOutreachSandbox::setupUrl());
        QVERIFY(setupLink);
    }

    void sendVideoPlaceholderNeedsPro()
    {
        module()->setPlan(UnloopaSandbox::Plan::Free);
        UnloopaOutreachSendRequest request;
        const QList<UnloopaSandbox::Lead> leads = freshLeads(1);
        request.leadIds = {leads.first().id};
        request.customSubject = QStringLiteral("Your video");
        request.customBody = QStringLiteral("Watch {{video_url}}");
        const QString clearance = clearanceFor(request, leads);
        const auto r = AWAIT(UnloopaOutreachSendResult, outreach()->send(request, clearance, this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("plan_required"));
        QCOMPARE(r->error().httpStatus, 403);
        // The way out: the upgrade link from /quota.
        bool upgrade = false;
        for (const ApiError::Link &link : r->error().links)
            upgrade = upgrade || link.label == QLatin1String("upgrade");
        QVERIFY(upgrade);
    }

    void sendTooManyLeadsRefusedBeforeSending()
    {
        UnloopaOutreachSendRequest request;
        for (int i = 0; i <= UnloopaOutreachSendRequest::maxLeadIds; ++i)
            request.leadIds.append(
                    QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0')));
        request.templateId = QStringLiteral("t");
        const auto r =
                AWAIT(UnloopaOutreachSendResult, outreach()->send(request, QStringLiteral("x"), this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, ApiError::Kind::Local);
        QCOMPARE(r->error().code, QStringLiteral("invalid_input"));
        QCOMPARE(requests(UnloopaRoutes::Op::OutreachSend), 0);
    }

    void sendWithoutClearanceReachesNobody()
    {
        UnloopaOutreachSendRequest request;
        request.leadIds = {freshLeads(1).first().id};
        request.templateId = QStringLiteral("t");
        const auto r = AWAIT(UnloopaOutreachSendResult,
                             outreach()->send(request, QStringLiteral("never-issued"), this, done));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("not_cleared"));
        QCOMPARE(requests(UnloopaRoutes::Op::OutreachSend), 0);
    }

    void sendIsNeverRetried_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("internal_error") << int(SandboxFault::Kind::ServerError) << 500 << "internal_error";
        QTest::newRow("rate_limited") << int(SandboxFault::Kind::TooManyRequests) << 429 << "rate_limited";
    }

    void sendIsNeverRetried()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, code);
        SandboxFault fault;
        fault.kind = SandboxFault::Kind(kind);
        fault.status = status;
        fault.retryAfter = "1";
        fault.pathPrefix = QStringLiteral("/outreach/send");
        fault.count = 1;
        m_rig->sandbox->addFault(fault);
        const auto r = send(freshLeads(1));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, code);
        QCOMPARE(r->error().httpStatus, status);
        if (code == QLatin1String("rate_limited")) {
            QCOMPARE(r->error().retryAfterSeconds, std::optional<int>(1));
            QVERIFY(r->error().explanation.contains(QStringLiteral("1 seconds")));
        }
        QCOMPARE(requests(UnloopaRoutes::Op::OutreachSend), 1);
    }

    // An answer that cannot be read may still mean the emails were queued: it says so.
    void sendMalformedAnswerWarnsItMayHaveGone()
    {
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::MalformedJson;
        fault.pathPrefix = QStringLiteral("/outreach/send");
        fault.count = 1;
        m_rig->sandbox->addFault(fault);
        const auto r = send(freshLeads(1));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, ApiError::Kind::Malformed);
        QVERIFY(r->error().explanation.contains(QStringLiteral("may have gone through")));
        QCOMPARE(requests(UnloopaRoutes::Op::OutreachSend), 1);
    }
};

CC_TEST_GUILESS_MAIN(TestUnloopaOutreachService)
#include "tst_unloopaoutreachservice.moc"
