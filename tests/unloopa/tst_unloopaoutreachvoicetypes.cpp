#include "unloopa/UnloopaOutreachTypes.h"
#include "unloopa/UnloopaVoiceTypes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

// The outreach and voice payloads of the Unloopa API reference: the documented examples parse in
// full, missing or mistyped fields read as empty (never fail), toJson() writes the documented
// names back, and the requests refuse what the reference does not allow before anything is sent.
// (A "//" inside a raw string hides the class from moc: URLs in the JSON below are written "\/\/".)
class TestUnloopaOutreachVoiceTypes : public QObject
{
    Q_OBJECT
private:
    static QJsonObject json(const char *text)
    {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
        if (error.error != QJsonParseError::NoError)
            qFatal("bad test JSON: %s", qPrintable(error.errorString()));
        return doc.object();
    }

private Q_SLOTS:
    // ---- Outreach ------------------------------------------------------------------------------
    void outreachStatusAsDocumented()
    {
        const auto status = UnloopaOutreachStatus::fromJson(json(R"({
            "configured": true,
            "accounts": [{"id": "acc-1", "email": "outreach@company.com", "display_name": "Company",
                "daily_limit": 25, "sent_today": 10, "remaining_today": 15, "warmup_enabled": true,
                "warmup_day": 14, "health": {"score": 85, "status": "good", "checked_at": "2025-01-15T10:00:00Z"},
                "created_at": "2025-01-01T00:00:00Z"}],
            "summary": {"total_accounts": 1, "total_daily_capacity": 25, "total_sent_today": 10,
                "total_remaining_today": 15, "pending_in_queue": 5, "accounts_with_health_issues": 0},
            "setup_url": "https:\/\/dashboard.unloopa.com/settings?tab=email"})"));
        QVERIFY(status.configured);
        QCOMPARE(status.accounts.size(), 1);
        const UnloopaSendingAccount &a = status.accounts.first();
        QCOMPARE(a.id, QStringLiteral("acc-1"));
        QCOMPARE(a.displayName, QStringLiteral("Company"));
        QCOMPARE(a.dailyLimit, 25);
        QCOMPARE(a.sentToday, 10);
        QCOMPARE(a.remainingToday, 15);
        QVERIFY(a.warmupEnabled);
        QCOMPARE(a.warmupDay, 14);
        QCOMPARE(a.health.score, 85);
        QCOMPARE(a.health.status, QStringLiteral("good"));
        QCOMPARE(a.health.checkedAt, QDateTime(QDate(2025, 1, 15), QTime(10, 0), Qt::UTC));
        QCOMPARE(status.summary.totalDailyCapacity, 25);
        QCOMPARE(status.summary.pendingInQueue, 5);
        QCOMPARE(status.remainingToday(), 15);
        QCOMPARE(status.setupUrl, QUrl(QStringLiteral("https://dashboard.unloopa.com/settings?tab=email")));
        // Written back under the documented names, it reads the same.
        const auto again = UnloopaOutreachStatus::fromJson(status.toJson());
        QCOMPARE(again.toJson(), status.toJson());
        QCOMPARE(status.toJson()
                         .value(QStringLiteral("accounts"))
                         .toArray()
                         .first()
                         .toObject()
                         .value(QStringLiteral("warmup_day")),
                 QJsonValue(14));
    }

    void outreachStatusLenient()
    {
        // Not configured, no accounts, no summary, a setup link that is not a web link.
        const auto status = UnloopaOutreachStatus::fromJson(
                json(R"({"configured": false, "accounts": "none", "setup_url": "javascript:void"})"));
        QVERIFY(!status.configured);
        QVERIFY(status.accounts.isEmpty());
        QCOMPARE(status.remainingToday(), 0);
        QVERIFY(status.setupUrl.isEmpty());
        // An account without remaining_today: the limit minus what was sent.
        const auto account = UnloopaSendingAccount::fromJson(
                json(R"({"daily_limit": "10", "sent_today": 4, "extra": 1})"));
        QCOMPARE(account.remainingToday, 6);
        QCOMPARE(account.health.score, 0);
    }

    void templatesListedInTwoLists()
    {
        const auto templates = UnloopaTemplates::fromJson(json(R"({
            "templates": [{"id": "t1", "name": "Default", "subject": "{{business_name}} website",
                           "body": "Hi {{city}}", "is_custom": false, "is_default": true, "language": "en"}],
            "custom_templates": [{"id": "c1", "name": "Miami Pitch", "subject": "s", "body": "b",
                                  "is_default": false, "language": "es"}]})"));
        QCOMPARE(templates.prebuilt.size(), 1);
        QCOMPARE(templates.custom.size(), 1);
        QVERIFY(!templates.prebuilt.first().isCustom);
        QVERIFY(templates.prebuilt.first().isDefault);
        // In custom_templates it is custom, whether or not it says so.
        QVERIFY(templates.custom.first().isCustom);
        QCOMPARE(templates.custom.first().language, QStringLiteral("es"));
        QCOMPARE(templates.find(QStringLiteral("c1"))->name, QStringLiteral("Miami Pitch"));
        QVERIFY(!templates.find(QStringLiteral("nope")));
        QCOMPARE(UnloopaTemplates::fromJson(templates.toJson()).toJson(), templates.toJson());
    }

    void placeholdersFound()
    {
        QCOMPARE(UnloopaTemplate::placeholders().size(), 5);
        QVERIFY(UnloopaTemplate::isProOnlyPlaceholder(QStringLiteral("video_url")));
        QCOMPARE(
                UnloopaTemplate::placeholdersIn(QStringLiteral(
                        "Hi {{business_name}} in {{ city }}, see {{video_url}} — {{business_name}} {{x y}}")),
                (QStringList{QStringLiteral("business_name"), QStringLiteral("city"),
                             QStringLiteral("video_url")}));
    }

    void templateFieldsSendOnlyWhatIsSet()
    {
        UnloopaTemplateFields create;
        QVERIFY(!create.createProblem().isEmpty());
        create.name = QStringLiteral("Miami Pitch");
        create.subject = QStringLiteral("{{business_name}} - New Website Ready");
        QVERIFY(create.createProblem().contains(QStringLiteral("body")));
        create.body = QStringLiteral("Hi!");
        QVERIFY(create.createProblem().isEmpty());
        QCOMPARE(create.toJson().keys(),
                 (QStringList{QStringLiteral("body"), QStringLiteral("name"), QStringLiteral("subject")}));

        UnloopaTemplateFields update;
        QVERIFY(!update.updateProblem().isEmpty()); // nothing to change
        update.isDefault = false;
        QVERIFY(update.updateProblem().isEmpty());
        QCOMPARE(update.toJson(), QJsonObject({{QStringLiteral("is_default"), false}}));
        update.subject = QString();
        QVERIFY(!update.updateProblem().isEmpty()); // cannot empty the subject
    }

    void sendRequestLimits()
    {
        UnloopaOutreachSendRequest send;
        send.templateId = QStringLiteral("t1");
        QVERIFY(!send.problem().isEmpty()); // no leads
        for (int i = 0; i < UnloopaOutreachSendRequest::maxLeadIds; ++i)
            send.leadIds.append(QStringLiteral("lead-%1").arg(i));
        QVERIFY2(send.problem().isEmpty(), qPrintable(send.problem()));
        send.leadIds.append(QStringLiteral("lead-100"));
        QVERIFY(send.problem().contains(QStringLiteral("100")));
        send.leadIds = {QStringLiteral("a"), QStringLiteral("a")};
        QVERIFY(!send.problem().isEmpty()); // a duplicate
        send.leadIds = {QStringLiteral("a")};
        send.templateId.clear();
        send.customSubject = QStringLiteral("Subject only");
        QVERIFY(!send.problem().isEmpty()); // neither a template nor subject + body
        send.customBody = QStringLiteral("Body");
        QVERIFY(send.problem().isEmpty());
        QCOMPARE(send.toJson(),
                 QJsonObject({{QStringLiteral("lead_ids"), QJsonArray{QStringLiteral("a")}},
                              {QStringLiteral("custom_subject"), QStringLiteral("Subject only")},
                              {QStringLiteral("custom_body"), QStringLiteral("Body")}}));
    }

    void sendResultCountsAndManualOutreach()
    {
        const auto result = UnloopaOutreachSendResult::fromJson(json(R"({"emails_queued": 3,
            "emails_waiting_for_video": 1, "skipped_duplicates": 2, "failed": [{"lead_id": "x"}],
            "manual_outreach": ["lead-9", {"lead_id": "lead-8", "business_name": "Acme", "reason": "no smtp", "phone": "+13055550000"},
                                {"id": "lead-7"}]})"));
        QCOMPARE(result.emailsQueued, 3);
        QCOMPARE(result.emailsWaitingForVideo, 1);
        QCOMPARE(result.skippedDuplicates, 2);
        QCOMPARE(result.failed, 1); // a list of failures counts as its length
        QCOMPARE(result.manualOutreach.size(), 3);
        QCOMPARE(result.manualOutreach.at(0).leadId, QStringLiteral("lead-9"));
        QCOMPARE(result.manualOutreach.at(1).businessName, QStringLiteral("Acme"));
        QCOMPARE(result.manualOutreach.at(1).reason, QStringLiteral("no smtp"));
        QCOMPARE(result.manualOutreach.at(1).phone, QStringLiteral("+13055550000"));
        QCOMPARE(result.manualOutreach.at(2).leadId, QStringLiteral("lead-7"));
        QCOMPARE(UnloopaOutreachSendResult::fromJson(result.toJson()).toJson(), result.toJson());
    }

    // ---- Phone numbers and agents --------------------------------------------------------------
    void numbersAsDocumented()
    {
        const auto list = UnloopaPhoneNumbers::fromJson(json(R"({"numbers": [{"id": "n1",
            "phone_number": "+13055551234", "area_code": "305", "locality": "Miami", "region": "FL",
            "country": "US", "monthly_cost_cents": 100, "created_at": "2025-01-15T00:00:00Z"}],
            "count": 1, "limit": 3})"));
        QCOMPARE(list.numbers.size(), 1);
        QCOMPARE(list.count, 1);
        QCOMPARE(list.limit, 3);
        QVERIFY(!list.isFull());
        const UnloopaPhoneNumber &n = list.numbers.first();
        QCOMPARE(n.phoneNumber, QStringLiteral("+13055551234"));
        QCOMPARE(n.areaCode, QStringLiteral("305"));
        QCOMPARE(n.monthlyCostCents, 100);
        QCOMPARE(UnloopaPhoneNumbers::fromJson(list.toJson()).toJson(), list.toJson());
        // No count or limit: the list's length and the documented 3.
        const auto bare = UnloopaPhoneNumbers::fromJson(json(R"({"numbers": [{}, {}, {}]})"));
        QCOMPARE(bare.count, 3);
        QCOMPARE(bare.limit, 3);
        QVERIFY(bare.isFull());
        // An area code sent as a number still reads as its digits.
        QCOMPARE(UnloopaPhoneNumber::fromJson(json(R"({"area_code": 305})")).areaCode, QStringLiteral("305"));
    }

    void numberSearchNeedsThreeDigits()
    {
        UnloopaNumberSearch search;
        QCOMPARE(search.country, QStringLiteral("US"));
        for (const char *bad : {"", "30", "3055", "30a", " 305"}) {
            search.areaCode = QLatin1String(bad);
            QVERIFY2(!search.problem().isEmpty(), bad);
        }
        search.areaCode = QStringLiteral("305");
        QVERIFY(search.problem().isEmpty());
        QCOMPARE(search.toJson(),
                 QJsonObject({{QStringLiteral("area_code"), QStringLiteral("305")},
                              {QStringLiteral("country"), QStringLiteral("US")}}));
        search.country = QStringLiteral("usa");
        QVERIFY(!search.problem().isEmpty());
        const auto available = UnloopaAvailableNumber::fromJson(json(
                R"({"phone_number": "+13055551234", "friendly_name": "(305) 555-1234", "locality": "Miami"})"));
        QCOMPARE(available.friendlyName, QStringLiteral("(305) 555-1234"));
        QCOMPARE(UnloopaAvailableNumber::fromJson(available.toJson()).toJson(), available.toJson());
    }

    void agentsAndAgentFields()
    {
        const auto list = UnloopaVoiceAgents::fromJson(json(R"({"agents": [{"id": "a1", "name": "Sales Agent",
            "voice_id": "cjVigY5qzO86Huf0OWal", "voice_name": "Eric", "elevenlabs_agent_id": "el-1",
            "has_script": true, "has_first_message": false, "created_at": "2025-01-15T00:00:00Z"}],
            "count": 1, "limit": 3})"));
        QCOMPARE(list.agents.size(), 1);
        QCOMPARE(list.agents.first().voiceName, QStringLiteral("Eric"));
        QCOMPARE(list.agents.first().elevenlabsAgentId, QStringLiteral("el-1"));
        QVERIFY(list.agents.first().hasScript);
        QVERIFY(!list.agents.first().hasFirstMessage);
        QCOMPARE(UnloopaVoiceAgents::fromJson(list.toJson()).toJson(), list.toJson());

        UnloopaAgentFields create;
        create.name = QStringLiteral("Sales Agent");
        create.voiceId = QStringLiteral("cjVigY5qzO86Huf0OWal");
        QVERIFY(create.createProblem().contains(QStringLiteral("script")));
        create.script = QStringLiteral("You are calling {{business_name}}");
        create.stability = 0.3;
        create.similarityBoost = 0.85;
        QVERIFY(create.createProblem().isEmpty());
        const QJsonObject body = create.toJson();
        QCOMPARE(
                body.value(QStringLiteral("agent_config")).toObject(),
                QJsonObject({{QStringLiteral("stability"), 0.3}, {QStringLiteral("similarityBoost"), 0.85}}));
        QVERIFY(!body.contains(QStringLiteral("first_message")));
        create.stability = 1.5;
        QVERIFY(!create.createProblem().isEmpty());

        UnloopaAgentFields update;
        QVERIFY(!update.updateProblem().isEmpty());
        update.firstMessage = QStringLiteral("Hi there");
        QVERIFY(update.updateProblem().isEmpty());
        QCOMPARE(update.toJson(),
                 QJsonObject({{QStringLiteral("first_message"), QStringLiteral("Hi there")}}));
    }

    // ---- Calls ---------------------------------------------------------------------------------
    void callRequestNeedsAgentAndE164()
    {
        UnloopaCallRequest request;
        request.phoneNumber = QStringLiteral("+13055551234");
        QVERIFY(!request.problem().isEmpty()); // no agent
        request.agentId = QStringLiteral("a1");
        QVERIFY(request.problem().isEmpty());
        for (const char *bad : {"3055551234", "+1305", "(305) 555-1234", ""}) {
            request.phoneNumber = QLatin1String(bad);
            QVERIFY2(!request.problem().isEmpty(), bad);
        }
        request.phoneNumber = QStringLiteral("+13055551234");
        request.dynamicVariables.insert(QStringLiteral("business_name"), QStringLiteral("Acme"));
        QCOMPARE(request.toJson().value(QStringLiteral("dynamic_variables")).toObject(),
                 QJsonObject({{QStringLiteral("business_name"), QStringLiteral("Acme")}}));
        const auto started = UnloopaCallStarted::fromJson(json(
                R"({"call_id": "c1", "conversation_id": "conv-1", "status": "initiated", "phone_number": "+13055551234"})"));
        QCOMPARE(started.callId, QStringLiteral("c1"));
        QCOMPARE(started.conversationId, QStringLiteral("conv-1"));
        QCOMPARE(started.status, QStringLiteral("initiated"));
    }

    void callDetailWithTranscriptTurns()
    {
        // The detail names its id call_id; the transcript as turns, the analysis an object.
        const auto call = UnloopaCall::fromJson(json(R"({"call_id": "c1", "campaign_id": "camp-1",
            "business_name": "Acme", "phone_number": "+13055551234", "status": "completed",
            "outcome": "not_interested", "outcome_notes": "has a site", "duration_secs": 45,
            "transcript": [{"role": "agent", "message": "Hi, is this Acme?", "time_in_call_secs": 0},
                           {"role": "user", "text": "Yes, not interested."}],
            "analysis": {"summary": "Declined politely.", "sentiment": "neutral"},
            "started_at": "2025-01-15T10:00:00Z", "completed_at": "2025-01-15T10:00:45Z",
            "created_at": "2025-01-15T09:59:00Z"})"));
        QCOMPARE(call.id, QStringLiteral("c1"));
        QCOMPARE(call.campaignId, QStringLiteral("camp-1"));
        QCOMPARE(call.outcome, QStringLiteral("not_interested"));
        QCOMPARE(call.durationSecs, 45);
        QVERIFY(call.isFinished());
        QCOMPARE(call.transcript.size(), 2);
        QCOMPARE(call.transcript.at(0).atSecs, std::optional<double>(0));
        QVERIFY(!call.transcript.at(1).atSecs);
        QCOMPARE(call.transcriptText(),
                 QStringLiteral("Agent: Hi, is this Acme?\nUser: Yes, not interested."));
        QCOMPARE(call.analysisSummary(), QStringLiteral("Declined politely."));
        QCOMPARE(call.analysis.value(QStringLiteral("sentiment")).toString(), QStringLiteral("neutral"));
        QCOMPARE(call.completedAt.toSecsSinceEpoch() - call.startedAt.toSecsSinceEpoch(), 45);
        QCOMPARE(UnloopaCall::fromJson(call.toJson()).toJson(), call.toJson());
    }

    void callTranscriptAsPlainText()
    {
        const auto call = UnloopaCall::fromJson(json(
                R"({"id": "c2", "status": "in_progress", "transcript": "Agent: hello", "analysis": "pending"})"));
        QCOMPARE(call.transcriptText(), QStringLiteral("Agent: hello"));
        QCOMPARE(call.analysisSummary(), QStringLiteral("pending"));
        QVERIFY(!call.isFinished());
        QVERIFY(call.outcome.isEmpty());
        const auto none =
                UnloopaCall::fromJson(json(R"({"id": "c3", "transcript": null, "analysis": null})"));
        QVERIFY(none.transcript.isEmpty());
        QVERIFY(none.analysis.isEmpty());
    }

    void callFilterQuery()
    {
        UnloopaCallFilter filter;
        QVERIFY(filter.toQuery().isEmpty());
        filter.status = QStringLiteral("completed");
        filter.outcome = QStringLiteral("interested");
        filter.campaignId = QStringLiteral("camp 1");
        QVERIFY(filter.problem().isEmpty());
        QCOMPARE(filter.toQuery().queryItemValue(QStringLiteral("campaign_id"), QUrl::FullyDecoded),
                 QStringLiteral("camp 1"));
        QCOMPARE(filter.toQuery().queryItemValue(QStringLiteral("outcome")), QStringLiteral("interested"));
        filter.outcome = QStringLiteral("maybe");
        QVERIFY(!filter.problem().isEmpty());
        QCOMPARE(UnloopaCall::outcomes().size(), 5);
        QCOMPARE(UnloopaCall::statuses().size(), 6);
    }

    // ---- Campaigns -----------------------------------------------------------------------------
    void campaignListItemAndCreatedAnswer()
    {
        const auto listed = UnloopaCampaign::fromJson(json(R"({"id": "camp-1", "name": "Miami Plumbers",
            "status": "active", "stats": {"total": 50, "connected": 30, "interested": 8, "not_interested": 15,
            "no_answer": 7, "failed": 0, "avg_duration_secs": 45}, "created_at": "2025-01-15T00:00:00Z",
            "updated_at": "2025-01-16T00:00:00Z"})"));
        QCOMPARE(listed.status, QStringLiteral("active"));
        QCOMPARE(listed.stats.total, 50);
        QCOMPARE(listed.stats.notInterested, 15);
        QCOMPARE(listed.stats.noAnswer, 7);
        QCOMPARE(listed.stats.avgDurationSecs, 45);
        QVERIFY(!listed.isEditable());
        const auto created = UnloopaCampaign::fromJson(json(R"({"campaign": {"id": "camp-2", "name": "New",
            "status": "draft", "leads_count": 12, "callable_leads": 10, "created_at": "2025-01-15T00:00:00Z"}})"));
        QCOMPARE(created.id, QStringLiteral("camp-2"));
        QCOMPARE(created.leadsCount, 12);
        QCOMPARE(created.callableLeads, 10);
        QVERIFY(created.isEditable());
    }

    void campaignDetailWindowForms_data()
    {
        QTest::addColumn<QByteArray>("window");
        QTest::newRow("fields") << QByteArray(
                R"("calling_window_start": "09:00", "calling_window_end": "17:30")");
        QTest::newRow("object") << QByteArray(R"("calling_window": {"start": "09:00", "end": "17:30"})");
        QTest::newRow("string") << QByteArray(R"("calling_window": "09:00-17:30")");
        QTest::newRow("seconds") << QByteArray(
                R"("calling_window": {"start": "09:00:00", "end": "17:30:00"})");
    }

    void campaignDetailWindowForms()
    {
        QFETCH(QByteArray, window);
        const QByteArray text = R"({"id": "c", "status": "paused", "script": "Hi {{business_name}}",
            "script_version": 2, "first_message": "Hello", "voice_id": "v", "voice_name": "Eric",
            "timezone": "America/New_York", "calling_days": ["MON", "tue"], "calls_per_hour": 10,
            "max_calls": 50, "stats": {"pending": 4}, )" +
                window + "}";
        const auto c = UnloopaCampaign::fromJson(json(text.constData()));
        QCOMPARE(c.windowStart, QTime(9, 0));
        QCOMPARE(c.windowEnd, QTime(17, 30));
        QCOMPARE(c.callingDays, (QStringList{QStringLiteral("mon"), QStringLiteral("tue")}));
        QCOMPARE(c.timezone, QStringLiteral("America/New_York"));
        QCOMPARE(c.scriptVersion, 2);
        QCOMPARE(c.stats.pending, 4);
        QCOMPARE(c.callsPerHour, 10);
        QVERIFY(c.isEditable());
        QCOMPARE(UnloopaCampaign::fromJson(c.toJson()).toJson(), c.toJson());
    }

    void campaignCreateSendsLeadIdsNeverAFilter()
    {
        UnloopaCampaignFields f;
        f.name = QStringLiteral("Miami Plumbers Campaign");
        f.phoneNumberId = QStringLiteral("n1");
        QVERIFY(f.createProblem().contains(QStringLiteral("agent")));
        f.voiceId = QStringLiteral("v1");
        QVERIFY(!f.createProblem().isEmpty()); // a voice needs a script too
        f.script = QStringLiteral("Hi");
        QVERIFY(f.createProblem().contains(QStringLiteral("lead")));
        f.leadIds = {QStringLiteral("l1"), QStringLiteral("l2")};
        QVERIFY2(f.createProblem().isEmpty(), qPrintable(f.createProblem()));
        f.timezone = QStringLiteral("America/New_York");
        f.windowStart = QTime(9, 0);
        f.windowEnd = QTime(17, 0);
        f.callingDays = QStringList{QStringLiteral("mon"), QStringLiteral("fri")};
        f.callsPerHour = 10;
        f.maxCalls = 50;
        QVERIFY2(f.createProblem().isEmpty(), qPrintable(f.createProblem()));
        const QJsonObject body = f.toJson();
        QCOMPARE(body.value(QStringLiteral("lead_ids")).toArray(),
                 QJsonArray({QStringLiteral("l1"), QStringLiteral("l2")}));
        QVERIFY(!body.contains(QStringLiteral("lead_filter")));
        QCOMPARE(body.value(QStringLiteral("calling_window_start")).toString(), QStringLiteral("09:00"));
        QCOMPARE(body.value(QStringLiteral("calling_window_end")).toString(), QStringLiteral("17:00"));
        QCOMPARE(body.value(QStringLiteral("calling_days")).toArray().size(), 2);
        QCOMPARE(body.value(QStringLiteral("max_calls")).toInt(), 50);

        UnloopaCampaignFields bad = f;
        bad.windowEnd = QTime(8, 0);
        QVERIFY(!bad.createProblem().isEmpty());
        bad = f;
        bad.callingDays = QStringList{QStringLiteral("monday")};
        QVERIFY(!bad.createProblem().isEmpty());
        bad = f;
        bad.timezone = QStringLiteral("Mars/Olympus");
        QVERIFY(!bad.createProblem().isEmpty());
        bad = f;
        bad.leadIds.append(QStringLiteral("l1"));
        QVERIFY(!bad.createProblem().isEmpty());
    }

    void campaignUpdateCannotChangeLeads()
    {
        UnloopaCampaignFields update;
        QVERIFY(!update.updateProblem().isEmpty());
        update.callsPerHour = 5;
        QVERIFY(update.updateProblem().isEmpty());
        QCOMPARE(update.toJson(), QJsonObject({{QStringLiteral("calls_per_hour"), 5}}));
        update.leadIds = {QStringLiteral("l1")};
        QVERIFY(!update.updateProblem().isEmpty());
    }

    void triggerResult()
    {
        QCOMPARE(unloopaCampaignActionName(UnloopaCampaignAction::Trigger), QStringLiteral("trigger"));
        QCOMPARE(unloopaCampaignActionName(UnloopaCampaignAction::Activate), QStringLiteral("activate"));
        const auto r = UnloopaTriggerResult::fromJson(json(R"({"triggered": 2, "calls": [
            {"id": "c1", "business_name": "Acme", "conversation_id": "conv-1"},
            {"call_id": "c2", "business_name": "Beta"}]})"));
        QCOMPARE(r.triggered, 2);
        QCOMPARE(r.calls.size(), 2);
        QCOMPARE(r.calls.at(1).id, QStringLiteral("c2"));
        QCOMPARE(r.calls.at(0).conversationId, QStringLiteral("conv-1"));
        QCOMPARE(UnloopaTriggerResult::fromJson(r.toJson()).toJson(), r.toJson());
        // Without `triggered`: the calls it lists.
        QCOMPARE(UnloopaTriggerResult::fromJson(json(R"({"calls": [{"id": "x"}]})")).triggered, 1);
    }
};

QTEST_APPLESS_MAIN(TestUnloopaOutreachVoiceTypes)
#include "tst_unloopaoutreachvoicetypes.moc"
