// Outreach2day's typed payloads: every documented limit is checked before sending with the field
// named, the API's delaySeconds is read (and delayDays sent), and answers are read leniently.

#include "TestMain.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QJsonDocument>

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

O2dStep validStep()
{
    O2dStep step;
    step.order = 1;
    step.subject = QStringLiteral("Quick question about {{company}}");
    step.bodyHtml = QStringLiteral("<p>Hi {{firstName}},</p>");
    return step;
}

O2dVariant variant(const QString &subject, int weight)
{
    O2dVariant v;
    v.subject = subject;
    v.bodyHtml = QStringLiteral("<p>{{ firstName }}</p>");
    v.weight = weight;
    return v;
}

// The field an invalid_field error names, checked in the sentence and in details.field.
void verifyNamesField(const std::optional<ApiError> &problem, const QString &field)
{
    QVERIFY2(problem.has_value(), qPrintable(QStringLiteral("no problem reported for %1").arg(field)));
    QCOMPARE(problem->kind, ApiError::Kind::Local);
    QCOMPARE(problem->vendor, Vendor::Outreach2day);
    QCOMPARE(problem->code, QStringLiteral("invalid_field"));
    QCOMPARE(problem->details.value(QStringLiteral("field")).toString(), field);
    // The sentence names the field (its last part) so an operator can find it.
    const QString leaf = field.section(QLatin1Char('.'), -1);
    QVERIFY2(problem->explanation.contains(leaf.section(QLatin1Char('['), 0, 0)),
             qPrintable(problem->explanation));
}

} // namespace

class TestO2dTypes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stepLimits_data();
    void stepLimits();
    void stepUpdateLimits();
    void stepUpdateSendsOnlyWhatIsSet();
    void stepDelayReadsSecondsAndDays_data();
    void stepDelayReadsSecondsAndDays();
    void stepBodySendsDelayDays();
    void placeholdersAreSortedAndDistinct();
    void mailboxLimits_data();
    void mailboxLimits();
    void mailboxAddress();
    void mailboxBodyHasOnlySetFields();
    void scheduleLimits_data();
    void scheduleLimits();
    void scheduleRoundTrip();
    void launchLimit();
    void campaignReadsLeniently();
    void contactReadsCustomJsonInEitherForm();
    void importStatusReadsLeniently();
    void mappingPreview();
    void preflightReadsChecksAndBlockingFailures();
    void preflightWithoutBlockingListBlocksOnFailedChecks();
    void launchJobStates_data();
    void launchJobStates();
    void statsAndStopRules();
};

// ---------------------------------------------------------------------------------------------
void TestO2dTypes::stepLimits_data()
{
    QTest::addColumn<int>("change");
    QTest::addColumn<QString>("field");
    QTest::newRow("valid") << 0 << QString();
    QTest::newRow("no subject") << 1 << QStringLiteral("subject");
    QTest::newRow("blank subject") << 2 << QStringLiteral("subject");
    QTest::newRow("negative order") << 3 << QStringLiteral("order");
    QTest::newRow("negative delay") << 4 << QStringLiteral("delayDays");
    QTest::newRow("weights 50+40") << 5 << QStringLiteral("variants");
    QTest::newRow("variant without subject") << 6 << QStringLiteral("variants[1].subject");
    QTest::newRow("variant weight 150") << 7 << QStringLiteral("variants[0].weight");
    QTest::newRow("A/B 50+50") << 8 << QString();
    QTest::newRow("weights 60+50") << 9 << QStringLiteral("variants");
    QTest::newRow("variant weight 0") << 10 << QStringLiteral("variants[1].weight");
}

void TestO2dTypes::stepLimits()
{
    QFETCH(int, change);
    QFETCH(QString, field);
    O2dStep step = validStep();
    switch (change) {
    case 1:
        step.subject.clear();
        break;
    case 2:
        step.subject = QStringLiteral("   ");
        break;
    case 3:
        step.order = -1;
        break;
    case 4:
        step.delayDays = -2;
        break;
    case 5:
        step.variants = {variant(QStringLiteral("A"), 50), variant(QStringLiteral("B"), 40)};
        break;
    case 6:
        step.variants = {variant(QStringLiteral("A"), 50), variant(QString(), 50)};
        break;
    case 7:
        step.variants = {variant(QStringLiteral("A"), 150), variant(QStringLiteral("B"), -50)};
        break;
    case 10:
        step.variants = {variant(QStringLiteral("A"), 100), variant(QStringLiteral("B"), 0)};
        break;
    case 8:
        step.variants = {variant(QStringLiteral("A"), 50), variant(QStringLiteral("B"), 50)};
        break;
    case 9:
        step.variants = {variant(QStringLiteral("A"), 60), variant(QStringLiteral("B"), 50)};
        break;
    }
    const std::optional<ApiError> problem = step.problem();
    if (field.isEmpty()) {
        QVERIFY2(!problem, qPrintable(problem ? problem->explanation : QString()));
        return;
    }
    verifyNamesField(problem, field);
    if (QTest::currentTestFailed())
        return;
    if (change == 5)
        QVERIFY2(problem->explanation.contains(QStringLiteral("90")), qPrintable(problem->explanation));
}

void TestO2dTypes::stepUpdateLimits()
{
    O2dStepUpdate update;
    QVERIFY(update.isEmpty());
    QVERIFY(update.problem()); // changes nothing

    update.subject = QString();
    verifyNamesField(update.problem(), QStringLiteral("subject"));
    update.subject = QStringLiteral("Updated subject line");
    QVERIFY(!update.problem());

    update.order = 0;
    verifyNamesField(update.problem(), QStringLiteral("order"));
    update.order.reset();

    update.delayDays = -1;
    verifyNamesField(update.problem(), QStringLiteral("delayDays"));
    update.delayDays = 2;

    update.variants = QList<O2dVariant>{variant(QStringLiteral("A"), 30), variant(QStringLiteral("B"), 30)};
    verifyNamesField(update.problem(), QStringLiteral("variants"));
    update.variants = QList<O2dVariant>{variant(QStringLiteral("A"), 30), variant(QStringLiteral("B"), 70)};
    QVERIFY(!update.problem());
}

void TestO2dTypes::stepUpdateSendsOnlyWhatIsSet()
{
    O2dStepUpdate update;
    update.subject = QStringLiteral("Updated subject line");
    update.delayDays = 2;
    QCOMPARE(update.toJson(), json(R"({"subject": "Updated subject line", "delayDays": 2})"));
    update.bodyText = QString(); // set to empty: sent, it clears the text body
    QVERIFY(update.toJson().contains(QStringLiteral("bodyText")));
    QVERIFY(!update.toJson().contains(QStringLiteral("order")));
    QVERIFY(!update.toJson().contains(QStringLiteral("variants")));
}

void TestO2dTypes::stepDelayReadsSecondsAndDays_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<int>("days");
    QTest::newRow("documented answer: seconds") << R"({"delaySeconds": 259200})" << 3;
    QTest::newRow("seconds zero") << R"({"delaySeconds": 0})" << 0;
    QTest::newRow("days only") << R"({"delayDays": 2})" << 2;
    QTest::newRow("seconds win over days") << R"({"delayDays": 9, "delaySeconds": 432000})" << 5;
    QTest::newRow("seconds as a string") << R"({"delaySeconds": "172800"})" << 2;
    QTest::newRow("not whole days: nearest") << R"({"delaySeconds": 100000})" << 1;
    QTest::newRow("neither") << R"({})" << 0;
    QTest::newRow("seconds null: days") << R"({"delaySeconds": null, "delayDays": 4})" << 4;
}

void TestO2dTypes::stepDelayReadsSecondsAndDays()
{
    QFETCH(QString, answer);
    QFETCH(int, days);
    QCOMPARE(O2dStep::fromJson(json(answer.toUtf8().constData())).delayDays, days);
}

void TestO2dTypes::stepBodySendsDelayDays()
{
    // The documented answer of POST /campaigns/{id}/steps, read back and sent again.
    const O2dStep step = O2dStep::fromJson(json(R"({"id": "stp_001", "campaignId": "cmp_abc123", "order": 1,
        "subject": "Quick question about {{company}}", "bodyHtml": "...", "bodyText": "...",
        "delaySeconds": 0, "variants": []})"));
    QCOMPARE(step.id, QStringLiteral("stp_001"));
    QCOMPARE(step.campaignId, QStringLiteral("cmp_abc123"));
    QCOMPARE(step.order, 1);
    QCOMPARE(step.bodyText, QStringLiteral("..."));

    O2dStep next;
    next.delayDays = 3;
    next.subject = QStringLiteral("Re: {{company}}");
    next.variants = {variant(QStringLiteral("A"), 50), variant(QStringLiteral("B"), 50)};
    const QJsonObject body = next.toJson();
    QCOMPARE(body.value(QStringLiteral("delayDays")).toInt(), 3);
    QVERIFY(!body.contains(QStringLiteral("delaySeconds")));
    QVERIFY(!body.contains(QStringLiteral("order"))); // 0: "the next"
    QVERIFY(!body.contains(QStringLiteral("bodyText"))); // empty bodies are left out
    QCOMPARE(body.value(QStringLiteral("variants")).toArray().size(), 2);
    QCOMPARE(body.value(QStringLiteral("variants"))
                     .toArray()
                     .at(1)
                     .toObject()
                     .value(QStringLiteral("weight"))
                     .toInt(),
             50);
    // Round trip through the API's answer shape.
    const O2dStep back = O2dStep::fromJson(body);
    QCOMPARE(back.delayDays, 3);
    QCOMPARE(back.variants.size(), 2);
    QCOMPARE(back.variants.at(0).subject, QStringLiteral("A"));
}

void TestO2dTypes::placeholdersAreSortedAndDistinct()
{
    O2dStep step = validStep();
    step.bodyText = QStringLiteral("{{senderFirstName}} {{ company }} {{firstName}} {not} {{}}");
    step.variants = {variant(QStringLiteral("Idea for {{title}}"), 100)};
    QCOMPARE(step.placeholders(),
             (QStringList{QStringLiteral("company"), QStringLiteral("firstName"),
                          QStringLiteral("senderFirstName"), QStringLiteral("title")}));
}

// ---------------------------------------------------------------------------------------------
void TestO2dTypes::mailboxLimits_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("dailyLimit 0") << "dailyLimit" << 0 << false;
    QTest::newRow("dailyLimit 1") << "dailyLimit" << 1 << true;
    QTest::newRow("dailyLimit 5000") << "dailyLimit" << 5000 << true;
    QTest::newRow("dailyLimit 5001") << "dailyLimit" << 5001 << false;
    QTest::newRow("weight 0") << "weight" << 0 << false;
    QTest::newRow("weight 1") << "weight" << 1 << true;
    QTest::newRow("weight 1000") << "weight" << 1000 << true;
    QTest::newRow("weight 1001") << "weight" << 1001 << false;
    QTest::newRow("gapBaseSeconds -1") << "gapBaseSeconds" << -1 << false;
    QTest::newRow("gapBaseSeconds 0") << "gapBaseSeconds" << 0 << true;
    QTest::newRow("gapBaseSeconds 86400") << "gapBaseSeconds" << 86400 << true;
    QTest::newRow("gapBaseSeconds 86401") << "gapBaseSeconds" << 86401 << false;
    QTest::newRow("gapJitterSeconds -1") << "gapJitterSeconds" << -1 << false;
    QTest::newRow("gapJitterSeconds 0") << "gapJitterSeconds" << 0 << true;
    QTest::newRow("gapJitterSeconds 86400") << "gapJitterSeconds" << 86400 << true;
    QTest::newRow("gapJitterSeconds 86401") << "gapJitterSeconds" << 86401 << false;
}

void TestO2dTypes::mailboxLimits()
{
    QFETCH(QString, field);
    QFETCH(int, value);
    QFETCH(bool, valid);
    O2dMailbox mailbox;
    mailbox.mailboxAddress = QStringLiteral("john@cooloutreach.com");
    if (field == QLatin1String("dailyLimit"))
        mailbox.dailyLimit = value;
    else if (field == QLatin1String("weight"))
        mailbox.weight = value;
    else if (field == QLatin1String("gapBaseSeconds"))
        mailbox.gapBaseSeconds = value;
    else
        mailbox.gapJitterSeconds = value;
    // An update (no address needed) is checked the same way.
    for (bool requireAddress : {true, false}) {
        const std::optional<ApiError> problem = mailbox.problem(requireAddress);
        if (valid) {
            QVERIFY2(!problem, qPrintable(problem ? problem->explanation : QString()));
        } else {
            verifyNamesField(problem, field);
            if (QTest::currentTestFailed())
                return;
            QVERIFY2(problem->explanation.contains(QString::number(value)), qPrintable(problem->explanation));
        }
    }
}

void TestO2dTypes::mailboxAddress()
{
    O2dMailbox mailbox;
    verifyNamesField(mailbox.problem(true), QStringLiteral("mailboxAddress"));
    QVERIFY(!mailbox.problem(false)); // an update needs no address
    mailbox.mailboxAddress = QStringLiteral("john at cooloutreach");
    verifyNamesField(mailbox.problem(true), QStringLiteral("mailboxAddress"));
    mailbox.mailboxAddress = QStringLiteral(" john@cooloutreach.com ");
    QVERIFY(!mailbox.problem(true));
}

void TestO2dTypes::mailboxBodyHasOnlySetFields()
{
    O2dMailbox mailbox;
    mailbox.mailboxAddress = QStringLiteral("john@cooloutreach.com");
    mailbox.dailyLimit = 30;
    mailbox.weight = 100;
    QCOMPARE(mailbox.toJson(),
             json(R"({"mailboxAddress": "john@cooloutreach.com", "dailyLimit": 30, "weight": 100})"));

    O2dMailbox changes;
    changes.dailyLimit = 50;
    changes.weight = 150;
    QCOMPARE(changes.toJson(), json(R"({"dailyLimit": 50, "weight": 150})"));

    // The documented answer, with numbers given as strings by a lenient reader.
    const O2dMailbox answer = O2dMailbox::fromJson(json(R"({"id": "cmb_001", "campaignId": "cmp_abc123",
        "mailboxId": "mbx_501", "weight": 100, "state": "active", "dailyLimit": "30",
        "gapBaseSeconds": 120, "gapJitterSeconds": 60})"));
    QCOMPARE(answer.id, QStringLiteral("cmb_001"));
    QCOMPARE(answer.mailboxId, QStringLiteral("mbx_501"));
    QCOMPARE(answer.dailyLimit.value_or(-1), 30);
    QCOMPARE(answer.gapBaseSeconds.value_or(-1), 120);
    QCOMPARE(answer.gapJitterSeconds.value_or(-1), 60);
    QCOMPARE(answer.state, QStringLiteral("active"));
    QVERIFY(answer.mailboxAddress.isEmpty());
    QVERIFY(!O2dMailbox::fromJson({}).dailyLimit.has_value());
}

// ---------------------------------------------------------------------------------------------
void TestO2dTypes::scheduleLimits_data()
{
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<QString>("field");
    const char *windows =
            R"("windows": [{"start": "09:00", "end": "12:00"}, {"start": "14:00", "end": "17:00"}])";
    QTest::newRow("documented")
            << QStringLiteral(
                       R"({"timezone": "America/New_York", "weekdays": ["mon","tue","wed","thu","fri"], %1})")
                       .arg(QLatin1String(windows))
            << QString();
    QTest::newRow("no time zone")
            << QStringLiteral(R"({"weekdays": ["mon"], %1})").arg(QLatin1String(windows)) << "timezone";
    QTest::newRow("unknown time zone")
            << QStringLiteral(R"({"timezone": "Mars/Olympus", "weekdays": ["mon"], %1})")
                       .arg(QLatin1String(windows))
            << "timezone";
    QTest::newRow("no weekday") << QStringLiteral(R"({"timezone": "Europe/Paris", "weekdays": [], %1})")
                                           .arg(QLatin1String(windows))
                                << "weekdays";
    QTest::newRow("unknown weekday")
            << QStringLiteral(R"({"timezone": "Europe/Paris", "weekdays": ["mon","funday"], %1})")
                       .arg(QLatin1String(windows))
            << "weekdays";
    QTest::newRow("no window") << R"({"timezone": "Europe/Paris", "weekdays": ["mon"], "windows": []})"
                               << "windows";
    QTest::newRow("end before start")
            << R"({"timezone": "Europe/Paris", "weekdays": ["mon"], "windows": [{"start": "12:00", "end": "09:00"}]})"
            << "windows[0].end";
    QTest::newRow("empty window")
            << R"({"timezone": "Europe/Paris", "weekdays": ["mon"], "windows": [{"start": "09:00", "end": "09:00"}]})"
            << "windows[0].end";
    QTest::newRow("unreadable start")
            << R"({"timezone": "Europe/Paris", "weekdays": ["mon"], "windows": [{"start": "9am", "end": "12:00"}]})"
            << "windows[0].start";
    QTest::newRow("overlapping")
            << R"({"timezone": "Europe/Paris", "weekdays": ["sat"], "windows": [{"start": "14:00", "end": "17:00"}, {"start": "09:00", "end": "14:30"}]})"
            << "windows";
    QTest::newRow("touching windows")
            << R"({"timezone": "Asia/Tokyo", "weekdays": ["sun"], "windows": [{"start": "09:00", "end": "12:00"}, {"start": "12:00", "end": "13:00"}]})"
            << QString();
}

void TestO2dTypes::scheduleLimits()
{
    QFETCH(QString, schedule);
    QFETCH(QString, field);
    const O2dSchedule parsed = O2dSchedule::fromJson(json(schedule.toUtf8().constData()));
    const std::optional<ApiError> problem = parsed.problem();
    if (field.isEmpty())
        QVERIFY2(!problem, qPrintable(problem ? problem->explanation : QString()));
    else
        verifyNamesField(problem, field);
}

void TestO2dTypes::scheduleRoundTrip()
{
    const QJsonObject documented = json(R"({"timezone": "America/New_York",
        "weekdays": ["mon", "tue", "wed", "thu", "fri"],
        "windows": [{"start": "09:00", "end": "12:00"}, {"start": "14:00", "end": "17:00"}]})");
    const O2dSchedule schedule = O2dSchedule::fromJson(documented);
    QVERIFY(schedule.isSet());
    QCOMPARE(schedule.windows.size(), 2);
    QCOMPARE(schedule.windows.at(1).start, QTime(14, 0));
    QCOMPARE(schedule.toJson(), documented);
    // Lenient: "9:00", capitalised days, "timeZone".
    const O2dSchedule loose = O2dSchedule::fromJson(json(
            R"({"timeZone": "Europe/Berlin", "weekdays": ["Mon"], "windows": [{"start": "9:00", "end": "17:30:00"}]})"));
    QCOMPARE(loose.timezone, QStringLiteral("Europe/Berlin"));
    QCOMPARE(loose.weekdays, QStringList{QStringLiteral("mon")});
    QCOMPARE(loose.windows.at(0).start, QTime(9, 0));
    QCOMPARE(loose.windows.at(0).end, QTime(17, 30));
    QVERIFY(!loose.problem());
    QCOMPARE(O2dSchedule::allWeekdays().size(), 7);
}

void TestO2dTypes::launchLimit()
{
    O2dLaunchOptions options;
    QVERIFY(!options.problem()); // no limit: everyone
    options.limit = 0;
    verifyNamesField(options.problem(), QStringLiteral("limit"));
    options.limit = -5;
    verifyNamesField(options.problem(), QStringLiteral("limit"));
    options.limit = 1;
    QVERIFY(!options.problem());
}

// ---------------------------------------------------------------------------------------------
void TestO2dTypes::campaignReadsLeniently()
{
    const O2dCampaign campaign = O2dCampaign::fromJson(json(R"({"id": "cmp_abc123", "workspaceId": 42,
        "name": "Q1 SaaS Outreach", "priority": "HIGH", "status": "draft",
        "createdAt": "2026-03-09T10:00:00Z", "updatedAt": "2026-03-09T10:00:00Z", "newField": [1]})"));
    QCOMPARE(campaign.id, QStringLiteral("cmp_abc123"));
    QCOMPARE(campaign.workspaceId, QStringLiteral("42"));
    QCOMPARE(campaign.priority, QStringLiteral("HIGH"));
    QCOMPARE(campaign.status, QStringLiteral("draft"));
    QCOMPARE(campaign.createdAt, QDateTime(QDate(2026, 3, 9), QTime(10, 0), Qt::UTC));
    // Kept locally and read back the same.
    const O2dCampaign back = O2dCampaign::fromJson(campaign.toJson());
    QCOMPARE(back.id, campaign.id);
    QCOMPARE(back.workspaceId, campaign.workspaceId);
    QCOMPARE(back.createdAt, campaign.createdAt);
    QCOMPARE(back.updatedAt, campaign.updatedAt);
    // Nothing at all: empty, not a failure.
    const O2dCampaign empty = O2dCampaign::fromJson(json(R"({"id": null, "name": 5})"));
    QVERIFY(empty.id.isEmpty());
    QVERIFY(!empty.createdAt.isValid());
    QCOMPARE(O2dCampaign::priorities(),
             (QStringList{QStringLiteral("HIGH"), QStringLiteral("MEDIUM"), QStringLiteral("LOW")}));
}

void TestO2dTypes::contactReadsCustomJsonInEitherForm()
{
    const O2dContact contact = O2dContact::fromJson(json(R"({"id": "cnt_001", "campaignId": "cmp_abc123",
        "email": "sarah@acme.com", "name": "Sarah Chen", "status": "pending",
        "customJson": {"company": "Acme Corp", "title": "VP Sales"}, "createdAt": "2026-03-09T10:30:00Z"})"));
    QCOMPARE(contact.email, QStringLiteral("sarah@acme.com"));
    QCOMPARE(contact.customJson.value(QStringLiteral("company")).toString(), QStringLiteral("Acme Corp"));
    QVERIFY(contact.createdAt.isValid());
    const O2dContact asText =
            O2dContact::fromJson(json(R"({"id": "cnt_002", "customJson": "{\"company\": \"BigCo\"}"})"));
    QCOMPARE(asText.customJson.value(QStringLiteral("company")).toString(), QStringLiteral("BigCo"));
    QCOMPARE(O2dContact::fromJson(contact.toJson()).customJson, contact.customJson);
}

void TestO2dTypes::importStatusReadsLeniently()
{
    const O2dImportResult direct = O2dImportResult::fromJson(
            json(R"({"imported": 2, "parsed": 2, "valid": 2, "invalid": 0, "upserted": 2})"));
    QCOMPARE(direct.imported, 2);
    QCOMPARE(direct.upserted, 2);
    QVERIFY(direct.errors.isEmpty());

    const O2dImportStatus started = O2dImportStatus::fromJson(
            json(R"({"importId": "imp_xyz789", "status": "pending_mapping", "campaignId": "cmp_abc123"})"));
    QCOMPARE(started.importId, QStringLiteral("imp_xyz789"));
    QCOMPARE(started.totalRows, -1);
    QCOMPARE(started.processedRows, -1);
    QVERIFY(!started.isFinished());

    const O2dImportStatus done =
            O2dImportStatus::fromJson(json(R"({"importId": "imp_xyz789", "status": "completed",
        "totalRows": 5000, "imported": 4950, "invalid": 50, "errors": [{"row": 3, "error": "invalid email"}]})"));
    QVERIFY(done.isFinished());
    QVERIFY(done.succeeded());
    QCOMPARE(done.totalRows, 5000);
    QCOMPARE(done.invalid, 50);
    QCOMPARE(done.errors.size(), 1);

    QVERIFY(O2dImportStatus::fromJson(json(R"({"status": "processing", "processedRows": 10})"))
                    .processedRows == 10);
    QVERIFY(!O2dImportStatus::fromJson(json(R"({"status": "processing"})")).isFinished());
    for (const char *ended : {"failed", "errored", "cancelled"}) {
        O2dImportStatus status;
        status.status = QString::fromLatin1(ended);
        QVERIFY2(status.isFinished(), ended);
        QVERIFY(!status.succeeded());
    }
}

void TestO2dTypes::mappingPreview()
{
    const O2dMappingPreview preview = O2dMappingPreview::fromJson(json(R"({
        "columns": ["email", "first_name", "last", "org", "role"],
        "suggestedMapping": {"email": "email", "first_name": "firstName", "last": "lastName", "org": "company", "role": "title"},
        "sampleRows": [{"email": "sarah@acme.com", "first_name": "Sarah"}, "junk"]})"));
    QCOMPARE(preview.columns.size(), 5);
    QCOMPARE(preview.columns.at(1), QStringLiteral("first_name"));
    QCOMPARE(preview.suggestedMapping.value(QStringLiteral("org")), QStringLiteral("company"));
    QCOMPARE(preview.sampleRows.size(), 1);
}

void TestO2dTypes::preflightReadsChecksAndBlockingFailures()
{
    const O2dPreflight passing = O2dPreflight::fromJson(json(R"({"checks": [
        {"name": "has_steps", "passed": true}, {"name": "has_contacts", "passed": true},
        {"name": "has_mailboxes", "passed": true}, {"name": "mailbox_auth", "passed": true},
        {"name": "schedule_set", "passed": true}],
        "blockingFailures": [], "summary": "All checks passed. Ready to launch."})"));
    QCOMPARE(passing.checks.size(), 5);
    QVERIFY(passing.canLaunch());
    QCOMPARE(passing.summary, QStringLiteral("All checks passed. Ready to launch."));

    const O2dPreflight blocked = O2dPreflight::fromJson(json(R"({"checks": [
        {"name": "has_steps", "passed": false, "message": "No steps"}, {"name": "schedule_set", "passed": "true"}],
        "blockingFailures": ["has_steps", {"name": "has_contacts"}]})"));
    QVERIFY(!blocked.canLaunch());
    QCOMPARE(blocked.blockingFailures,
             (QStringList{QStringLiteral("has_steps"), QStringLiteral("has_contacts")}));
    QCOMPARE(blocked.checks.at(0).message, QStringLiteral("No steps"));
    QVERIFY(blocked.checks.at(1).passed);
    QCOMPARE(O2dPreflight::fromJson(blocked.toJson()).blockingFailures, blocked.blockingFailures);

    // Every documented check in words; an unknown one readable.
    for (const char *name : {"has_steps", "has_contacts", "has_mailboxes", "mailbox_auth", "schedule_set"})
        QVERIFY(!O2dPreflight::describe(QString::fromLatin1(name)).contains(QLatin1Char('_')));
    QCOMPARE(O2dPreflight::describe(QStringLiteral("dns_records_ok")), QStringLiteral("Dns records ok."));
}

void TestO2dTypes::preflightWithoutBlockingListBlocksOnFailedChecks()
{
    const O2dPreflight mailboxes = O2dPreflight::fromJson(json(R"({"checks": [
        {"name": "mailbox_auth", "passed": false}, {"name": "has_mailboxes", "passed": true}]})"));
    QCOMPARE(mailboxes.blockingFailures, QStringList{QStringLiteral("mailbox_auth")});
    QVERIFY(!mailboxes.canLaunch());
}

void TestO2dTypes::launchJobStates_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<bool>("finished");
    QTest::addColumn<bool>("succeeded");
    QTest::newRow("sync launched") << R"({"ok": true, "status": "launched", "campaignId": "cmp_abc123"})"
                                   << true << true;
    QTest::newRow("async queued")
            << R"({"ok": true, "jobId": "job_launch_001", "status": "queued", "campaignId": "cmp_abc123", "createdAt": "2026-03-09T11:00:00Z"})"
            << false << false;
    QTest::newRow("running") << R"({"jobId": "job_1", "status": "running"})" << false << false;
    QTest::newRow("completed") << R"({"jobId": "job_1", "status": "completed"})" << true << true;
    QTest::newRow("failed") << R"({"jobId": "job_1", "status": "failed", "error": "no mailboxes"})" << true
                            << false;
    QTest::newRow("errored") << R"({"jobId": "job_1", "status": "errored"})" << true << false;
}

void TestO2dTypes::launchJobStates()
{
    QFETCH(QString, answer);
    QFETCH(bool, finished);
    QFETCH(bool, succeeded);
    const O2dLaunchJob job = O2dLaunchJob::fromJson(json(answer.toUtf8().constData()));
    QCOMPARE(job.isFinished(), finished);
    QCOMPARE(job.succeeded(), succeeded);
    QCOMPARE(O2dLaunchJob::fromJson(job.toJson()).status, job.status);
    if (qstrcmp(QTest::currentDataTag(), "async queued") == 0) {
        QCOMPARE(job.jobId, QStringLiteral("job_launch_001"));
        QVERIFY(job.createdAt.isValid());
    }
    if (qstrcmp(QTest::currentDataTag(), "failed") == 0)
        QCOMPARE(job.error, QStringLiteral("no mailboxes"));
}

void TestO2dTypes::statsAndStopRules()
{
    const QJsonObject answer = json(R"({"campaignId": "cmp_abc123", "status": "active",
        "contacts": {"total": 500, "active": 200, "completed": 150, "replied": 45, "bounced": 5},
        "sends": {"total": 800, "sent": 750, "failed": 10, "bounced": 20, "replied": 45}, "opens": 3})");
    const O2dStats stats = O2dStats::fromJson(answer);
    QCOMPARE(stats.contacts.total, 500);
    QCOMPARE(stats.contacts.replied, 45);
    QCOMPARE(stats.sends.sent, 750);
    QCOMPARE(stats.sends.bounced, 20);
    QCOMPARE(stats.raw, answer);
    QCOMPARE(O2dStats::fromJson({}).sends.total, 0);

    const O2dStopRules defaults = O2dStopRules::fromJson({});
    QVERIFY(defaults.stopOnReply && defaults.stopOnUnsub && defaults.stopOnBounce);
    const O2dStopRules rules =
            O2dStopRules::fromJson(json(R"({"stopOnReply": false, "stopOnBounce": "false"})"));
    QVERIFY(!rules.stopOnReply);
    QVERIFY(rules.stopOnUnsub);
    QVERIFY(!rules.stopOnBounce);
    QCOMPARE(rules.toJson(), json(R"({"stopOnReply": false, "stopOnUnsub": true, "stopOnBounce": false})"));
}

CC_TEST_GUILESS_MAIN(TestO2dTypes)
#include "tst_o2dtypes.moc"
