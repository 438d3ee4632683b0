// Unloopa's outreach email in the sandbox, over raw HTTP: the status with its sending accounts, the
// 4-week warm-up ramp and the day's capacity on the sandbox clock, the unconfigured state and
// setup_required, prebuilt (read-only) and custom templates with the default, and sends: 1-100
// lead ids, duplicates skipped, manual_outreach for leads without email, failures, emails waiting
// for a video, {{video_url}} on Free refused, capacity used up and carried to the next day.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "UnloopaSandboxHttp.h"
#include "sandbox/UnloopaOutreachAccounts.h"
#include "sandbox/UnloopaSandbox.h"

#include <memory>

namespace {

QJsonObject summaryOf(const UnloopaAnswer &status)
{
    return status.json.value(QStringLiteral("summary")).toObject();
}

QJsonObject accountOf(const UnloopaAnswer &status, int index)
{
    return status.array(QStringLiteral("accounts")).at(index).toObject();
}

QJsonArray ids(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

class TestUnloopaSandboxOutreach : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void warmupRampValues();
    void statusShowsAccountsCapacityAndHealth();
    void warmupRampFollowsTheClock();
    void unconfiguredStatusAndSetupRequired();
    void prebuiltTemplatesAreReadOnly();
    void customTemplatesCrudAndDefault();
    void templateValidation();
    void sendQueuesAndUsesCapacity();
    void duplicatesAreSkipped();
    void leadsWithoutEmailAndUnknownLeads();
    void capacityCarriesToTheNextDay();
    void videoPlaceholderWaitsFailsOrNeedsPro();
    void sendValidation();
    void wrongTokenIsUnauthorized();

private:
    // Lead ids from GET /leads with `filter` (up to 100).
    QStringList leadIds(const QUrlQuery &filter, int count);
    QString prebuiltId(int index);

    std::unique_ptr<SandboxFixture> m_sandbox;
    std::unique_ptr<UnloopaSandboxHttp> m_http;
};

void TestUnloopaSandboxOutreach::init()
{
    SandboxServer::Options options = SandboxFixture::smallOptions();
    options.unloopaLeadCount = 1200; // enough leads with video in every state
    m_sandbox = std::make_unique<SandboxFixture>(options);
    QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
    m_http = std::make_unique<UnloopaSandboxHttp>(m_sandbox.get());
    // A frozen clock: emails stay queued until the test moves it.
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("clockSpeed"), 0}}).status, 200);
}

void TestUnloopaSandboxOutreach::cleanup()
{
    m_http.reset();
    m_sandbox.reset();
}

QStringList TestUnloopaSandboxOutreach::leadIds(const QUrlQuery &filter, int count)
{
    QUrlQuery query = filter;
    query.addQueryItem(QStringLiteral("limit"), QString::number(qMin(100, count)));
    const UnloopaAnswer page = m_http->get(QStringLiteral("/leads"), query);
    QStringList result;
    for (const QJsonValue &lead : page.array(QStringLiteral("leads")))
        result.append(lead.toObject().value(QStringLiteral("id")).toString());
    return result;
}

QString TestUnloopaSandboxOutreach::prebuiltId(int index)
{
    return m_http->get(QStringLiteral("/outreach/templates"))
            .array(QStringLiteral("templates"))
            .at(index)
            .toObject()
            .value(QStringLiteral("id"))
            .toString();
}

void TestUnloopaSandboxOutreach::warmupRampValues()
{
    QCOMPARE(UnloopaOutreachAccounts::warmupLimit(1), 5);
    QCOMPARE(UnloopaOutreachAccounts::warmupLimit(7), 5);
    QCOMPARE(UnloopaOutreachAccounts::warmupLimit(8), 10);
    QCOMPARE(UnloopaOutreachAccounts::warmupLimit(14), 10);
    QCOMPARE(UnloopaOutreachAccounts::warmupLimit(15), 15);
    QCOMPARE(UnloopaOutreachAccounts::warmupLimit(21), 15);
    QCOMPARE(UnloopaOutreachAccounts::warmupLimit(22), 25);
    QCOMPARE(UnloopaOutreachAccounts::warmupLimit(400), 25);
}

void TestUnloopaSandboxOutreach::statusShowsAccountsCapacityAndHealth()
{
    const UnloopaAnswer status = m_http->get(QStringLiteral("/outreach/status"));
    QCOMPARE(status.status, 200);
    QCOMPARE(status.json.value(QStringLiteral("configured")).toBool(), true);
    QCOMPARE(status.text(QStringLiteral("setup_url")),
             QStringLiteral("https://dashboard.unloopa.com/settings?tab=email"));
    QCOMPARE(status.array(QStringLiteral("accounts")).size(), 2);

    const QJsonObject warmed = accountOf(status, 0);
    QCOMPARE(warmed.value(QStringLiteral("daily_limit")).toInt(), 25);
    QCOMPARE(warmed.value(QStringLiteral("sent_today")).toInt(), 10);
    QCOMPARE(warmed.value(QStringLiteral("remaining_today")).toInt(), 15);
    QCOMPARE(warmed.value(QStringLiteral("warmup_enabled")).toBool(), false);
    QVERIFY(warmed.value(QStringLiteral("warmup_day")).isNull());
    QCOMPARE(warmed.value(QStringLiteral("health")).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("good"));
    QVERIFY(!warmed.value(QStringLiteral("email")).toString().isEmpty());

    const QJsonObject young = accountOf(status, 1);
    QCOMPARE(young.value(QStringLiteral("warmup_enabled")).toBool(), true);
    QCOMPARE(young.value(QStringLiteral("warmup_day")).toInt(), 10);
    QCOMPARE(young.value(QStringLiteral("daily_limit")).toInt(), 10);
    QCOMPARE(young.value(QStringLiteral("sent_today")).toInt(), 0);
    QCOMPARE(young.value(QStringLiteral("remaining_today")).toInt(), 10);
    const QJsonObject health = young.value(QStringLiteral("health")).toObject();
    QCOMPARE(health.value(QStringLiteral("status")).toString(), QStringLiteral("warning"));
    QCOMPARE(health.value(QStringLiteral("score")).toInt(), 64);
    QVERIFY(!health.value(QStringLiteral("checked_at")).toString().isEmpty());

    const QJsonObject summary = summaryOf(status);
    QCOMPARE(summary.value(QStringLiteral("total_accounts")).toInt(), 2);
    QCOMPARE(summary.value(QStringLiteral("total_daily_capacity")).toInt(), 35);
    QCOMPARE(summary.value(QStringLiteral("total_sent_today")).toInt(), 10);
    QCOMPARE(summary.value(QStringLiteral("total_remaining_today")).toInt(), 25);
    QCOMPARE(summary.value(QStringLiteral("pending_in_queue")).toInt(), 0);
    QCOMPARE(summary.value(QStringLiteral("accounts_with_health_issues")).toInt(), 1);
}

void TestUnloopaSandboxOutreach::warmupRampFollowsTheClock()
{
    const qint64 day = 86400;
    auto young = [this] {
        return accountOf(m_http->get(QStringLiteral("/outreach/status")), 1);
    };
    auto advanceDays = [this, day](int days) {
        QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("advanceSeconds"), double(days * day)}}).status,
                 200);
    };
    advanceDays(4); // day 14: still 10
    QCOMPARE(young().value(QStringLiteral("warmup_day")).toInt(), 14);
    QCOMPARE(young().value(QStringLiteral("daily_limit")).toInt(), 10);
    advanceDays(1); // day 15: 15
    QCOMPARE(young().value(QStringLiteral("daily_limit")).toInt(), 15);
    advanceDays(7); // day 22: 25
    QCOMPARE(young().value(QStringLiteral("warmup_day")).toInt(), 22);
    QCOMPARE(young().value(QStringLiteral("daily_limit")).toInt(), 25);
    advanceDays(6); // day 28: the last day of the ramp
    QCOMPARE(young().value(QStringLiteral("warmup_enabled")).toBool(), true);
    advanceDays(1); // day 29: warmed up
    QCOMPARE(young().value(QStringLiteral("warmup_enabled")).toBool(), false);
    QVERIFY(young().value(QStringLiteral("warmup_day")).isNull());
    QCOMPARE(young().value(QStringLiteral("daily_limit")).toInt(), 25);
    // A new day: nothing sent yet on the warmed-up account either.
    const UnloopaAnswer status = m_http->get(QStringLiteral("/outreach/status"));
    QCOMPARE(summaryOf(status).value(QStringLiteral("total_sent_today")).toInt(), 0);
    QCOMPARE(summaryOf(status).value(QStringLiteral("total_remaining_today")).toInt(), 50);
}

void TestUnloopaSandboxOutreach::unconfiguredStatusAndSetupRequired()
{
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("outreachConfigured"), false}}).status, 200);
    const UnloopaAnswer status = m_http->get(QStringLiteral("/outreach/status"));
    QCOMPARE(status.status, 200);
    QCOMPARE(status.json.value(QStringLiteral("configured")).toBool(true), false);
    QVERIFY(status.array(QStringLiteral("accounts")).isEmpty());
    QCOMPARE(summaryOf(status).value(QStringLiteral("total_daily_capacity")).toInt(-1), 0);
    QCOMPARE(status.text(QStringLiteral("setup_url")),
             QStringLiteral("https://dashboard.unloopa.com/settings?tab=email"));

    const QStringList leads = leadIds(QUrlQuery(QStringLiteral("has_email=true")), 2);
    const UnloopaAnswer refused = m_http->post(QStringLiteral("/outreach/send"),
                                               QJsonObject{{QStringLiteral("lead_ids"), ids(leads)},
                                                           {QStringLiteral("template_id"), prebuiltId(0)}});
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.code(), QStringLiteral("setup_required"));
    QCOMPARE(refused.details().value(QStringLiteral("setup_url")).toString(),
             QStringLiteral("https://dashboard.unloopa.com/settings?tab=email"));

    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("outreachConfigured"), true}}).status, 200);
    const UnloopaAnswer sent = m_http->post(QStringLiteral("/outreach/send"),
                                            QJsonObject{{QStringLiteral("lead_ids"), ids(leads)},
                                                        {QStringLiteral("template_id"), prebuiltId(0)}});
    QCOMPARE(sent.status, 200);
    QCOMPARE(sent.number(QStringLiteral("emails_queued")), 2);
}

void TestUnloopaSandboxOutreach::prebuiltTemplatesAreReadOnly()
{
    const UnloopaAnswer list = m_http->get(QStringLiteral("/outreach/templates"));
    QCOMPARE(list.status, 200);
    const QJsonArray prebuilt = list.array(QStringLiteral("templates"));
    QCOMPARE(prebuilt.size(), 3);
    QVERIFY(list.array(QStringLiteral("custom_templates")).isEmpty());
    int defaults = 0;
    for (const QJsonValue &value : prebuilt) {
        const QJsonObject item = value.toObject();
        QCOMPARE(item.value(QStringLiteral("is_custom")).toBool(true), false);
        QVERIFY(!item.value(QStringLiteral("subject")).toString().isEmpty());
        QVERIFY(item.value(QStringLiteral("body")).toString().contains(QStringLiteral("{{business_name}}")));
        defaults += item.value(QStringLiteral("is_default")).toBool() ? 1 : 0;
    }
    QCOMPARE(defaults, 1);
    QVERIFY(prebuilt.at(0).toObject().value(QStringLiteral("is_default")).toBool());

    const QString id = prebuiltId(0);
    const UnloopaAnswer edit = m_http->patch(QStringLiteral("/outreach/templates/") + id,
                                             QJsonObject{{QStringLiteral("name"), QStringLiteral("X")}});
    QCOMPARE(edit.status, 400);
    QCOMPARE(edit.code(), QStringLiteral("invalid_input"));
    QCOMPARE(edit.field(), QStringLiteral("id"));
    const UnloopaAnswer removal = m_http->remove(QStringLiteral("/outreach/templates/") + id);
    QCOMPARE(removal.status, 400);
    QCOMPARE(removal.code(), QStringLiteral("invalid_input"));
    QCOMPARE(m_http->get(QStringLiteral("/outreach/templates")).array(QStringLiteral("templates")), prebuilt);
}

void TestUnloopaSandboxOutreach::customTemplatesCrudAndDefault()
{
    const UnloopaAnswer created = m_http->post(
            QStringLiteral("/outreach/templates"),
            QJsonObject{
                    {QStringLiteral("name"), QStringLiteral("Miami Pitch")},
                    {QStringLiteral("subject"), QStringLiteral("{{business_name}} - New Website Ready")},
                    {QStringLiteral("body"), QStringLiteral("Hi! I built a website for {{business_name}}.")},
                    {QStringLiteral("language"), QStringLiteral("en")},
                    {QStringLiteral("is_default"), true}});
    QCOMPARE(created.status, 200);
    const QJsonObject item = created.json.value(QStringLiteral("template")).toObject();
    const QString id = item.value(QStringLiteral("id")).toString();
    QVERIFY(!id.isEmpty());
    QCOMPARE(item.value(QStringLiteral("is_custom")).toBool(), true);
    QCOMPARE(item.value(QStringLiteral("is_default")).toBool(), true);

    UnloopaAnswer list = m_http->get(QStringLiteral("/outreach/templates"));
    QCOMPARE(list.array(QStringLiteral("custom_templates")).size(), 1);
    for (const QJsonValue &prebuilt : list.array(QStringLiteral("templates")))
        QCOMPARE(prebuilt.toObject().value(QStringLiteral("is_default")).toBool(), false);

    const UnloopaAnswer updated =
            m_http->patch(QStringLiteral("/outreach/templates/") + id,
                          QJsonObject{{QStringLiteral("name"), QStringLiteral("Renamed")},
                                      {QStringLiteral("language"), QStringLiteral("es")}});
    QCOMPARE(updated.status, 200);
    const QJsonObject changed = updated.json.value(QStringLiteral("template")).toObject();
    QCOMPARE(changed.value(QStringLiteral("name")).toString(), QStringLiteral("Renamed"));
    QCOMPARE(changed.value(QStringLiteral("language")).toString(), QStringLiteral("es"));
    QCOMPARE(changed.value(QStringLiteral("subject")).toString(),
             QStringLiteral("{{business_name}} - New Website Ready"));

    // A send with the custom template.
    const UnloopaAnswer sent =
            m_http->post(QStringLiteral("/outreach/send"),
                         QJsonObject{{QStringLiteral("lead_ids"),
                                      ids(leadIds(QUrlQuery(QStringLiteral("has_email=true")), 1))},
                                     {QStringLiteral("template_id"), id}});
    QCOMPARE(sent.number(QStringLiteral("emails_queued")), 1);

    // Deleting the default one makes the first prebuilt template the default again.
    QCOMPARE(m_http->remove(QStringLiteral("/outreach/templates/") + id)
                     .json.value(QStringLiteral("success"))
                     .toBool(),
             true);
    list = m_http->get(QStringLiteral("/outreach/templates"));
    QVERIFY(list.array(QStringLiteral("custom_templates")).isEmpty());
    QVERIFY(list.array(QStringLiteral("templates"))
                    .at(0)
                    .toObject()
                    .value(QStringLiteral("is_default"))
                    .toBool());
    QCOMPARE(m_http->remove(QStringLiteral("/outreach/templates/") + id).status, 404);
    QCOMPARE(m_http->patch(QStringLiteral("/outreach/templates/") + id,
                           QJsonObject{{QStringLiteral("name"), QStringLiteral("Y")}})
                     .code(),
             QStringLiteral("not_found"));
}

void TestUnloopaSandboxOutreach::templateValidation()
{
    const QJsonObject full{{QStringLiteral("name"), QStringLiteral("N")},
                           {QStringLiteral("subject"), QStringLiteral("S")},
                           {QStringLiteral("body"), QStringLiteral("B")}};
    for (const QString &field : {QStringLiteral("name"), QStringLiteral("subject"), QStringLiteral("body")}) {
        QJsonObject missing = full;
        missing.remove(field);
        const UnloopaAnswer refused = m_http->post(QStringLiteral("/outreach/templates"), missing);
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.code(), QStringLiteral("invalid_input"));
        QCOMPARE(refused.field(), field);
        QJsonObject blank = full;
        blank.insert(field, QStringLiteral("  "));
        QCOMPARE(m_http->post(QStringLiteral("/outreach/templates"), blank).field(), field);
    }
    QJsonObject tooLong = full;
    tooLong.insert(QStringLiteral("subject"), QString(201, QLatin1Char('s')));
    QCOMPARE(m_http->post(QStringLiteral("/outreach/templates"), tooLong).field(), QStringLiteral("subject"));
    QJsonObject language = full;
    language.insert(QStringLiteral("language"), QStringLiteral("english"));
    QCOMPARE(m_http->post(QStringLiteral("/outreach/templates"), language).field(),
             QStringLiteral("language"));
    QJsonObject flag = full;
    flag.insert(QStringLiteral("is_default"), QStringLiteral("yes"));
    QCOMPARE(m_http->post(QStringLiteral("/outreach/templates"), flag).field(), QStringLiteral("is_default"));
    QCOMPARE(m_http->send("POST", QStringLiteral("/outreach/templates"), "not json").code(),
             QStringLiteral("invalid_input"));
    QVERIFY(m_http->get(QStringLiteral("/outreach/templates"))
                    .array(QStringLiteral("custom_templates"))
                    .isEmpty());

    const QString id = m_http->post(QStringLiteral("/outreach/templates"), full)
                               .json.value(QStringLiteral("template"))
                               .toObject()
                               .value(QStringLiteral("id"))
                               .toString();
    const UnloopaAnswer nothing = m_http->patch(QStringLiteral("/outreach/templates/") + id, QJsonObject{});
    QCOMPARE(nothing.status, 400);
    QCOMPARE(nothing.code(), QStringLiteral("invalid_input"));
    QCOMPARE(m_http->patch(QStringLiteral("/outreach/templates/") + id,
                           QJsonObject{{QStringLiteral("body"), QString()}})
                     .field(),
             QStringLiteral("body"));
}

void TestUnloopaSandboxOutreach::sendQueuesAndUsesCapacity()
{
    // Tomorrow 10:00 UTC: a fresh day with hours left (25 + 10 a day, nothing sent yet).
    const QDateTime now =
            QDateTime::fromString(m_http->control().text(QStringLiteral("now")), Qt::ISODateWithMs);
    const QDateTime morning(now.date().addDays(1), QTime(10, 0), Qt::UTC);
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("now"), morning.toString(Qt::ISODate)}}).status,
             200);
    UnloopaAnswer status = m_http->get(QStringLiteral("/outreach/status"));
    QCOMPARE(summaryOf(status).value(QStringLiteral("total_sent_today")).toInt(), 0);
    QCOMPARE(summaryOf(status).value(QStringLiteral("total_remaining_today")).toInt(), 35);

    const QStringList leads = leadIds(QUrlQuery(QStringLiteral("has_email=true")), 3);
    QCOMPARE(leads.size(), 3);
    const UnloopaAnswer sent = m_http->post(QStringLiteral("/outreach/send"),
                                            QJsonObject{{QStringLiteral("lead_ids"), ids(leads)},
                                                        {QStringLiteral("template_id"), prebuiltId(0)}});
    QCOMPARE(sent.status, 200);
    QCOMPARE(sent.number(QStringLiteral("emails_queued")), 3);
    QCOMPARE(sent.number(QStringLiteral("emails_waiting_for_video")), 0);
    QCOMPARE(sent.number(QStringLiteral("skipped_duplicates")), 0);
    QCOMPARE(sent.number(QStringLiteral("failed")), 0);
    QVERIFY(sent.array(QStringLiteral("manual_outreach")).isEmpty());

    status = m_http->get(QStringLiteral("/outreach/status"));
    QCOMPARE(summaryOf(status).value(QStringLiteral("total_remaining_today")).toInt(), 32);
    QCOMPARE(summaryOf(status).value(QStringLiteral("pending_in_queue")).toInt(), 3);
    QCOMPARE(summaryOf(status).value(QStringLiteral("total_sent_today")).toInt(), 0);

    // Custom subject and body without a template.
    const UnloopaAnswer custom = m_http->post(
            QStringLiteral("/outreach/send"),
            QJsonObject{{QStringLiteral("lead_ids"),
                         ids(leadIds(QUrlQuery(QStringLiteral("has_email=true&offset=3")), 1))},
                        {QStringLiteral("custom_subject"), QStringLiteral("Hello {{business_name}}")},
                        {QStringLiteral("custom_body"), QStringLiteral("A site for {{city}}.")}});
    QCOMPARE(custom.number(QStringLiteral("emails_queued")), 1);

    // Ten minutes later they are out (45 s apart per account).
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("advanceSeconds"), 600}}).status, 200);
    const QJsonObject summary = summaryOf(m_http->get(QStringLiteral("/outreach/status")));
    QCOMPARE(summary.value(QStringLiteral("pending_in_queue")).toInt(), 0);
    QCOMPARE(summary.value(QStringLiteral("total_sent_today")).toInt(), 4);
    QCOMPARE(summary.value(QStringLiteral("total_remaining_today")).toInt(), 31);
}

void TestUnloopaSandboxOutreach::duplicatesAreSkipped()
{
    const QStringList leads = leadIds(QUrlQuery(QStringLiteral("has_email=true")), 3);
    const QJsonObject first{{QStringLiteral("lead_ids"), ids(leads)},
                            {QStringLiteral("template_id"), prebuiltId(0)}};
    QCOMPARE(m_http->post(QStringLiteral("/outreach/send"), first).number(QStringLiteral("emails_queued")),
             3);

    // Again, plus one new lead given twice in the same request.
    const QString fresh = leadIds(QUrlQuery(QStringLiteral("has_email=true&offset=3")), 1).value(0);
    const QJsonObject second{{QStringLiteral("lead_ids"), ids(leads + QStringList{fresh, fresh})},
                             {QStringLiteral("template_id"), prebuiltId(0)}};
    const UnloopaAnswer again = m_http->post(QStringLiteral("/outreach/send"), second);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.number(QStringLiteral("emails_queued")), 1);
    QCOMPARE(again.number(QStringLiteral("skipped_duplicates")), 4);
    QCOMPARE(summaryOf(m_http->get(QStringLiteral("/outreach/status")))
                     .value(QStringLiteral("pending_in_queue"))
                     .toInt(),
             4);
}

void TestUnloopaSandboxOutreach::leadsWithoutEmailAndUnknownLeads()
{
    // Leads whose email is null.
    QStringList withoutEmail;
    const UnloopaAnswer page = m_http->get(QStringLiteral("/leads"), QUrlQuery(QStringLiteral("limit=100")));
    for (const QJsonValue &value : page.array(QStringLiteral("leads"))) {
        const QJsonObject lead = value.toObject();
        if (lead.value(QStringLiteral("email")).isNull() && withoutEmail.size() < 2)
            withoutEmail.append(lead.value(QStringLiteral("id")).toString());
    }
    QCOMPARE(withoutEmail.size(), 2);
    const QString unknown = QStringLiteral("00000000-0000-4000-8000-000000000000");
    const UnloopaAnswer sent =
            m_http->post(QStringLiteral("/outreach/send"),
                         QJsonObject{{QStringLiteral("lead_ids"), ids(withoutEmail + QStringList{unknown})},
                                     {QStringLiteral("template_id"), prebuiltId(0)}});
    QCOMPARE(sent.status, 200);
    QCOMPARE(sent.number(QStringLiteral("emails_queued")), 0);
    QCOMPARE(sent.number(QStringLiteral("failed")), 1);
    const QJsonArray manual = sent.array(QStringLiteral("manual_outreach"));
    QCOMPARE(manual.size(), 2);
    QCOMPARE(manual.at(0).toObject().value(QStringLiteral("lead_id")).toString(), withoutEmail.at(0));
    QCOMPARE(manual.at(0).toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("no_email"));
    QVERIFY(!manual.at(1).toObject().value(QStringLiteral("business_name")).toString().isEmpty());
    // Nothing used up.
    QCOMPARE(summaryOf(m_http->get(QStringLiteral("/outreach/status")))
                     .value(QStringLiteral("total_remaining_today"))
                     .toInt(),
             25);
}

void TestUnloopaSandboxOutreach::capacityCarriesToTheNextDay()
{
    const QStringList leads = leadIds(QUrlQuery(QStringLiteral("has_email=true")), 30);
    QCOMPARE(leads.size(), 30);
    const UnloopaAnswer sent = m_http->post(QStringLiteral("/outreach/send"),
                                            QJsonObject{{QStringLiteral("lead_ids"), ids(leads)},
                                                        {QStringLiteral("template_id"), prebuiltId(0)}});
    QCOMPARE(sent.number(QStringLiteral("emails_queued")), 30); // 25 today, 5 tomorrow
    UnloopaAnswer status = m_http->get(QStringLiteral("/outreach/status"));
    QCOMPARE(summaryOf(status).value(QStringLiteral("total_remaining_today")).toInt(), 0);
    QCOMPARE(accountOf(status, 0).value(QStringLiteral("remaining_today")).toInt(), 0);
    QCOMPARE(accountOf(status, 1).value(QStringLiteral("remaining_today")).toInt(), 0);
    QCOMPARE(summaryOf(status).value(QStringLiteral("pending_in_queue")).toInt(), 30);

    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("advanceSeconds"), 86400}}).status, 200);
    status = m_http->get(QStringLiteral("/outreach/status"));
    // Tomorrow: 25 + 10 capacity, five of it already booked.
    QCOMPARE(summaryOf(status).value(QStringLiteral("total_daily_capacity")).toInt(), 35);
    QCOMPARE(summaryOf(status).value(QStringLiteral("total_remaining_today")).toInt(), 30);
}

void TestUnloopaSandboxOutreach::videoPlaceholderWaitsFailsOrNeedsPro()
{
    const QString video = prebuiltId(1);
    QVERIFY(m_http->get(QStringLiteral("/outreach/templates"))
                    .array(QStringLiteral("templates"))
                    .at(1)
                    .toObject()
                    .value(QStringLiteral("body"))
                    .toString()
                    .contains(QStringLiteral("{{video_url}}")));
    const QStringList done = leadIds(QUrlQuery(QStringLiteral("has_email=true&video_status=completed")), 2);
    const QStringList making =
            leadIds(QUrlQuery(QStringLiteral("has_email=true&video_status=generating")), 1);
    const QStringList failedVideo =
            leadIds(QUrlQuery(QStringLiteral("has_email=true&video_status=failed")), 1);
    QCOMPARE(done.size(), 2);
    QCOMPARE(making.size(), 1);
    QCOMPARE(failedVideo.size(), 1);

    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("plan"), QStringLiteral("free")}}).status, 200);
    const QJsonObject request{{QStringLiteral("lead_ids"), ids(done + making + failedVideo)},
                              {QStringLiteral("template_id"), video}};
    const UnloopaAnswer free = m_http->post(QStringLiteral("/outreach/send"), request);
    QCOMPARE(free.status, 403);
    QCOMPARE(free.code(), QStringLiteral("plan_required"));
    QCOMPARE(free.details().value(QStringLiteral("upgrade_url")).toString(),
             QStringLiteral("https://whop.com/unloopa/"));
    // The same leads with a template without {{video_url}} are fine on Free.
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("plan"), QStringLiteral("pro")}}).status, 200);

    const UnloopaAnswer sent = m_http->post(QStringLiteral("/outreach/send"), request);
    QCOMPARE(sent.status, 200);
    QCOMPARE(sent.number(QStringLiteral("emails_queued")), 2);
    QCOMPARE(sent.number(QStringLiteral("emails_waiting_for_video")), 1);
    QCOMPARE(sent.number(QStringLiteral("failed")), 1);
    // The waiting one is in the queue and is not sent twice.
    QCOMPARE(summaryOf(m_http->get(QStringLiteral("/outreach/status")))
                     .value(QStringLiteral("pending_in_queue"))
                     .toInt(),
             3);
    QCOMPARE(m_http->post(QStringLiteral("/outreach/send"),
                          QJsonObject{{QStringLiteral("lead_ids"), ids(making)},
                                      {QStringLiteral("template_id"), video}})
                     .number(QStringLiteral("skipped_duplicates")),
             1);
}

void TestUnloopaSandboxOutreach::sendValidation()
{
    const QString tpl = prebuiltId(0);
    const QString field = QStringLiteral("lead_ids");
    auto refusedField = [this](const QJsonObject &body) {
        const UnloopaAnswer answer = m_http->post(QStringLiteral("/outreach/send"), body);
        return answer.status == 400 && answer.code() == QLatin1String("invalid_input") ? answer.field()
                                                                                       : QString();
    };
    QCOMPARE(refusedField(QJsonObject{{QStringLiteral("template_id"), tpl}}), field);
    QCOMPARE(refusedField(QJsonObject{{field, QJsonArray()}, {QStringLiteral("template_id"), tpl}}), field);
    QCOMPARE(refusedField(QJsonObject{{field, QJsonArray{QStringLiteral("lead-1")}},
                                      {QStringLiteral("template_id"), tpl}}),
             field);
    QCOMPARE(refusedField(QJsonObject{{field, QJsonArray{42}}, {QStringLiteral("template_id"), tpl}}), field);
    QStringList many = leadIds(QUrlQuery(), 100);
    QCOMPARE(many.size(), 100);
    many.append(leadIds(QUrlQuery(QStringLiteral("offset=100")), 1));
    QCOMPARE(refusedField(QJsonObject{{field, ids(many)}, {QStringLiteral("template_id"), tpl}}), field);
    // Exactly 100 is fine.
    many.removeLast();
    QCOMPARE(m_http->post(QStringLiteral("/outreach/send"),
                          QJsonObject{{field, ids(many)}, {QStringLiteral("template_id"), tpl}})
                     .status,
             200);

    const QJsonArray one{leadIds(QUrlQuery(), 1).value(0)};
    QCOMPARE(refusedField(QJsonObject{{field, one}}), QStringLiteral("template_id"));
    QCOMPARE(refusedField(QJsonObject{{field, one}, {QStringLiteral("custom_subject"), QStringLiteral("S")}}),
             QStringLiteral("template_id"));
    QCOMPARE(refusedField(QJsonObject{{field, one}, {QStringLiteral("template_id"), 7}}),
             QStringLiteral("template_id"));
    const UnloopaAnswer unknown =
            m_http->post(QStringLiteral("/outreach/send"),
                         QJsonObject{{field, one},
                                     {QStringLiteral("template_id"),
                                      QStringLiteral("00000000-0000-4000-8000-000000000001")}});
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.code(), QStringLiteral("not_found"));
    QCOMPARE(m_http->send("POST", QStringLiteral("/outreach/send"), "[1]").field(), QStringLiteral("body"));
}

void TestUnloopaSandboxOutreach::wrongTokenIsUnauthorized()
{
    for (const QString &path : {QStringLiteral("/outreach/status"), QStringLiteral("/outreach/templates")}) {
        const UnloopaAnswer answer = m_http->send("GET", path, {}, {}, "unlpa_live_wrong");
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.code(), QStringLiteral("unauthorized"));
    }
}

CC_TEST_GUILESS_MAIN(TestUnloopaSandboxOutreach)
#include "tst_unloopasandbox_outreach.moc"
