// The Unloopa sandbox's calls and voice campaigns over raw HTTP: a single call (1 credit,
// insufficient_credits at 0, plan_required on Free, E.164, a number owned first, rate_limited with
// Retry-After) progressing pending → queued → in_progress → completed / failed on the sandbox clock
// with transcript, analysis and all five outcomes; the calls list with its filters and paging; and
// campaigns: creation (lead_ids or lead_filter, only callable leads), detail with configuration and
// stats, field updates only in draft/paused, the lifecycle and its invalid_state answers, trigger
// (≤ 10 calls, 1 credit each) and an active campaign calling on its own within its window, days and
// rate until its leads or the credits run out.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "UnloopaSandboxHttp.h"
#include "phone/PhoneNumbers.h"

#include <QTimeZone>

#include <memory>

namespace {

const QString kNewYork = QStringLiteral("America/New_York");

QDateTime timeOf(const QJsonObject &object, const QString &key)
{
    return QDateTime::fromString(object.value(key).toString(), Qt::ISODateWithMs);
}

} // namespace

class TestUnloopaSandboxCalls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void singleCallProgressesOnTheClock();
    void everyOutcomeAndFailure();
    void singleCallRefusals();
    void rateLimitedWithRetryAfter();
    void callsListFiltersAndPages();
    void campaignCreation();
    void campaignCreationRefusals();
    void campaignDetailAndUpdates();
    void lifecycleInvalidStates();
    void triggerCallsUpToTenForACreditEach();
    void activeCampaignCallsWithinWindowDaysAndRate();
    void pauseStopsAndCancelCancelsWaitingCalls();
    void campaignStopsWhenCreditsRunOut();

private:
    void setUpVoice(); // a number and an agent
    UnloopaAnswer call(const QString &phone, const QJsonObject &variables = {});
    QString placeCall(const QString &phone);
    QJsonObject callDetail(const QString &id)
    {
        return m_http->get(QStringLiteral("/voice/calls/") + id).json;
    }
    int credits() { return m_http->get(QStringLiteral("/quota")).number(QStringLiteral("voice_credits")); }
    void advance(double seconds)
    {
        QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("advanceSeconds"), seconds}}).status, 200);
    }
    QDateTime now() { return timeOf(m_http->control().json, QStringLiteral("now")); }
    void jumpTo(const QDateTime &time)
    {
        QCOMPARE(m_http->control(
                               QJsonObject{{QStringLiteral("now"), time.toUTC().toString(Qt::ISODateWithMs)}})
                         .status,
                 200);
    }
    // The next Monday at `time` in New York, at least a day from now.
    QDateTime nextMondayInNewYork(const QTime &time);
    // Lead ids with a callable (valid E.164) phone number, and the count of those among the first.
    QStringList callableLeads(int count);
    // A draft campaign for `leads` with `extra` fields; its id.
    QString campaign(const QStringList &leads, const QJsonObject &extra = {});
    UnloopaAnswer act(const QString &id, const QString &action, const QJsonObject &extra = {})
    {
        QJsonObject body = extra;
        body.insert(QStringLiteral("action"), action);
        return m_http->patch(QStringLiteral("/voice/campaigns/") + id, body);
    }
    QJsonObject stats(const QString &id)
    {
        return m_http->get(QStringLiteral("/voice/campaigns/") + id)
                .json.value(QStringLiteral("stats"))
                .toObject();
    }
    QJsonArray campaignCalls(const QString &id);

    std::unique_ptr<SandboxFixture> m_sandbox;
    std::unique_ptr<UnloopaSandboxHttp> m_http;
    QString m_numberId;
    QString m_agentId;
    QString m_callee = QStringLiteral("+13055550123");
};

void TestUnloopaSandboxCalls::init()
{
    m_sandbox = std::make_unique<SandboxFixture>();
    QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
    m_http = std::make_unique<UnloopaSandboxHttp>(m_sandbox.get());
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("clockSpeed"), 0}}).status, 200);
    m_callee = QStringLiteral("+13052345678");
    QVERIFY(PhoneNumbers::isValid(m_callee));
}

void TestUnloopaSandboxCalls::cleanup()
{
    m_http.reset();
    m_sandbox.reset();
    m_numberId.clear();
    m_agentId.clear();
}

void TestUnloopaSandboxCalls::setUpVoice()
{
    const UnloopaAnswer offers =
            m_http->post(QStringLiteral("/phone-numbers/search"),
                         QJsonObject{{QStringLiteral("area_code"), QStringLiteral("305")}});
    const QString e164 = offers.array(QStringLiteral("numbers"))
                                 .at(0)
                                 .toObject()
                                 .value(QStringLiteral("phone_number"))
                                 .toString();
    m_numberId = m_http->post(QStringLiteral("/phone-numbers/buy"),
                              QJsonObject{{QStringLiteral("phone_number"), e164}})
                         .json.value(QStringLiteral("number"))
                         .toObject()
                         .value(QStringLiteral("id"))
                         .toString();
    m_agentId = m_http->post(QStringLiteral("/voice/agents"),
                             QJsonObject{{QStringLiteral("name"), QStringLiteral("Sales Agent")},
                                         {QStringLiteral("voice_id"), QStringLiteral("cjVigY5qzO86Huf0OWal")},
                                         {QStringLiteral("voice_name"), QStringLiteral("Eric")},
                                         {QStringLiteral("script"),
                                          QStringLiteral("You call {{business_name}}.")},
                                         {QStringLiteral("first_message"),
                                          QStringLiteral("Hi, is this {{business_name}} in {{city}}?")}})
                        .json.value(QStringLiteral("agent"))
                        .toObject()
                        .value(QStringLiteral("id"))
                        .toString();
    QVERIFY(!m_numberId.isEmpty());
    QVERIFY(!m_agentId.isEmpty());
}

UnloopaAnswer TestUnloopaSandboxCalls::call(const QString &phone, const QJsonObject &variables)
{
    QJsonObject body{{QStringLiteral("agent_id"), m_agentId}, {QStringLiteral("phone_number"), phone}};
    if (!variables.isEmpty())
        body.insert(QStringLiteral("dynamic_variables"), variables);
    return m_http->post(QStringLiteral("/voice/call"), body);
}

QString TestUnloopaSandboxCalls::placeCall(const QString &phone)
{
    const UnloopaAnswer answer = call(phone);
    if (answer.status != 200)
        qWarning("call answered %d: %s", answer.status, answer.body.constData());
    return answer.text(QStringLiteral("call_id"));
}

QDateTime TestUnloopaSandboxCalls::nextMondayInNewYork(const QTime &time)
{
    const QTimeZone zone(kNewYork.toUtf8());
    QDate day = now().toTimeZone(zone).date().addDays(2);
    while (day.dayOfWeek() != Qt::Monday)
        day = day.addDays(1);
    return QDateTime(day, time, zone);
}

QStringList TestUnloopaSandboxCalls::callableLeads(int count)
{
    QStringList result;
    for (int offset = 0; result.size() < count && offset < 1000; offset += 100) {
        const UnloopaAnswer page =
                m_http->get(QStringLiteral("/leads"),
                            QUrlQuery(QStringLiteral("has_phone=true&limit=100&offset=%1").arg(offset)));
        for (const QJsonValue &value : page.array(QStringLiteral("leads"))) {
            const QString phone = value.toObject().value(QStringLiteral("phone")).toString();
            if (phone.startsWith(QLatin1Char('+')) && PhoneNumbers::isValid(phone) && result.size() < count)
                result.append(value.toObject().value(QStringLiteral("id")).toString());
        }
    }
    return result;
}

QString TestUnloopaSandboxCalls::campaign(const QStringList &leads, const QJsonObject &extra)
{
    QJsonObject body{{QStringLiteral("name"), QStringLiteral("Miami Plumbers")},
                     {QStringLiteral("phone_number_id"), m_numberId},
                     {QStringLiteral("agent_id"), m_agentId},
                     {QStringLiteral("lead_ids"), QJsonArray::fromStringList(leads)}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    const UnloopaAnswer created = m_http->post(QStringLiteral("/voice/campaigns"), body);
    if (created.status != 200)
        qWarning("campaign answered %d: %s", created.status, created.body.constData());
    return created.json.value(QStringLiteral("campaign")).toObject().value(QStringLiteral("id")).toString();
}

QJsonArray TestUnloopaSandboxCalls::campaignCalls(const QString &id)
{
    return m_http
            ->get(QStringLiteral("/voice/calls"), QUrlQuery(QStringLiteral("limit=100&campaign_id=") + id))
            .array(QStringLiteral("calls"));
}

void TestUnloopaSandboxCalls::singleCallProgressesOnTheClock()
{
    setUpVoice();
    QCOMPARE(credits(), 45);
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("callOutcomes"),
                                          QJsonArray{QStringLiteral("interested")}}})
                     .status,
             200);
    const UnloopaAnswer placed =
            call(m_callee,
                 QJsonObject{{QStringLiteral("business_name"), QStringLiteral("Acme Plumbing")},
                             {QStringLiteral("city"), QStringLiteral("Miami")}});
    QCOMPARE(placed.status, 200);
    QCOMPARE(placed.text(QStringLiteral("status")), QStringLiteral("initiated"));
    QCOMPARE(placed.text(QStringLiteral("phone_number")), m_callee);
    QVERIFY(!placed.text(QStringLiteral("conversation_id")).isEmpty());
    const QString id = placed.text(QStringLiteral("call_id"));
    QCOMPARE(credits(), 44);

    QJsonObject detail = callDetail(id);
    QCOMPARE(detail.value(QStringLiteral("call_id")).toString(), id);
    QCOMPARE(detail.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
    QVERIFY(detail.value(QStringLiteral("transcript")).isNull());
    QVERIFY(detail.value(QStringLiteral("outcome")).isNull());
    QVERIFY(detail.value(QStringLiteral("started_at")).isNull());
    QCOMPARE(detail.value(QStringLiteral("business_name")).toString(), QStringLiteral("Acme Plumbing"));

    advance(4); // pending lasts 2-4 s
    QCOMPARE(callDetail(id).value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
    advance(7); // queued lasts 3-7 s more; the conversation takes minutes
    detail = callDetail(id);
    QCOMPARE(detail.value(QStringLiteral("status")).toString(), QStringLiteral("in_progress"));
    QVERIFY(!detail.value(QStringLiteral("started_at")).isNull());
    QVERIFY(detail.value(QStringLiteral("transcript")).isNull());

    advance(600);
    detail = callDetail(id);
    QCOMPARE(detail.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(detail.value(QStringLiteral("outcome")).toString(), QStringLiteral("interested"));
    QVERIFY(detail.value(QStringLiteral("duration_secs")).toInt() > 0);
    QVERIFY(timeOf(detail, QStringLiteral("completed_at")) > timeOf(detail, QStringLiteral("started_at")));
    QVERIFY(!detail.value(QStringLiteral("outcome_notes")).toString().isEmpty());
    const QJsonArray transcript = detail.value(QStringLiteral("transcript")).toArray();
    QVERIFY(transcript.size() >= 4);
    const QJsonObject first = transcript.at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("role")).toString(), QStringLiteral("agent"));
    // The agent's first message with the call's variables filled in.
    QCOMPARE(first.value(QStringLiteral("message")).toString(),
             QStringLiteral("Hi, is this Acme Plumbing in Miami?"));
    QCOMPARE(transcript.at(1).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("user"));
    const QJsonObject analysis = detail.value(QStringLiteral("analysis")).toObject();
    QCOMPARE(analysis.value(QStringLiteral("call_successful")).toString(), QStringLiteral("success"));
    QCOMPARE(analysis.value(QStringLiteral("interest_level")).toString(), QStringLiteral("high"));
    QVERIFY(!analysis.value(QStringLiteral("summary")).toString().isEmpty());
    QCOMPARE(credits(), 44); // one credit for the call, nothing more
}

void TestUnloopaSandboxCalls::everyOutcomeAndFailure()
{
    setUpVoice();
    const QStringList endings{QStringLiteral("interested"), QStringLiteral("not_interested"),
                              QStringLiteral("voicemail"),  QStringLiteral("no_answer"),
                              QStringLiteral("callback"),   QStringLiteral("failed")};
    QCOMPARE(m_http->control(
                           QJsonObject{{QStringLiteral("callOutcomes"), QJsonArray::fromStringList(endings)}})
                     .status,
             200);
    QStringList ids;
    for (int i = 0; i < endings.size(); ++i)
        ids.append(placeCall(m_callee));
    QVERIFY(m_http->control().array(QStringLiteral("callOutcomes")).isEmpty());
    advance(1200);
    for (int i = 0; i < endings.size(); ++i) {
        const QJsonObject detail = callDetail(ids.at(i));
        if (endings.at(i) == QLatin1String("failed")) {
            QCOMPARE(detail.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
            QVERIFY(detail.value(QStringLiteral("outcome")).isNull());
            QCOMPARE(detail.value(QStringLiteral("duration_secs")).toInt(-1), 0);
            continue;
        }
        QCOMPARE(detail.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(detail.value(QStringLiteral("outcome")).toString(), endings.at(i));
        const QJsonArray transcript = detail.value(QStringLiteral("transcript")).toArray();
        QCOMPARE(transcript.isEmpty(), endings.at(i) == QLatin1String("no_answer"));
        QVERIFY(detail.value(QStringLiteral("analysis")).isObject());
    }
    QCOMPARE(callDetail(ids.at(4))
                     .value(QStringLiteral("analysis"))
                     .toObject()
                     .value(QStringLiteral("callback_requested"))
                     .toBool(),
             true);
    for (const QString &outcome : endings.mid(0, 5)) {
        const UnloopaAnswer filtered =
                m_http->get(QStringLiteral("/voice/calls"), QUrlQuery(QStringLiteral("outcome=") + outcome));
        QCOMPARE(filtered.number(QStringLiteral("total")), 1);
        QCOMPARE(filtered.array(QStringLiteral("calls"))
                         .at(0)
                         .toObject()
                         .value(QStringLiteral("outcome"))
                         .toString(),
                 outcome);
    }
    QCOMPARE(m_http->get(QStringLiteral("/voice/calls"), QUrlQuery(QStringLiteral("status=failed")))
                     .number(QStringLiteral("total")),
             1);
    QCOMPARE(m_http->get(QStringLiteral("/voice/calls"), QUrlQuery(QStringLiteral("status=completed")))
                     .number(QStringLiteral("total")),
             5);
}

void TestUnloopaSandboxCalls::singleCallRefusals()
{
    setUpVoice();
    auto refusal = [this](const QJsonObject &body) {
        return m_http->post(QStringLiteral("/voice/call"), body);
    };
    const QJsonObject good{{QStringLiteral("agent_id"), m_agentId},
                           {QStringLiteral("phone_number"), m_callee}};

    QJsonObject national = good;
    national.insert(QStringLiteral("phone_number"), QStringLiteral("3052345678"));
    QCOMPARE(refusal(national).field(), QStringLiteral("phone_number"));
    QCOMPARE(refusal(national).code(), QStringLiteral("invalid_input"));
    national.insert(QStringLiteral("phone_number"), QStringLiteral("+1305"));
    QCOMPARE(refusal(national).field(), QStringLiteral("phone_number"));
    QCOMPARE(refusal(QJsonObject{{QStringLiteral("phone_number"), m_callee}}).field(),
             QStringLiteral("agent_id"));
    QCOMPARE(refusal(QJsonObject{{QStringLiteral("agent_id"), m_agentId}}).field(),
             QStringLiteral("phone_number"));
    QJsonObject variables = good;
    variables.insert(QStringLiteral("dynamic_variables"), QStringLiteral("Acme"));
    QCOMPARE(refusal(variables).field(), QStringLiteral("dynamic_variables"));
    QJsonObject unknownAgent = good;
    unknownAgent.insert(QStringLiteral("agent_id"), QStringLiteral("00000000-0000-4000-8000-000000000000"));
    QCOMPARE(refusal(unknownAgent).status, 404);

    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("voiceCredits"), 0}}).status, 200);
    const UnloopaAnswer broke = refusal(good);
    QCOMPARE(broke.status, 402);
    QCOMPARE(broke.code(), QStringLiteral("insufficient_credits"));
    QCOMPARE(broke.details().value(QStringLiteral("voice_credits")).toInt(-1), 0);
    QVERIFY(broke.details()
                    .value(QStringLiteral("purchase_links"))
                    .toObject()
                    .contains(QStringLiteral("50_credits_$10")));

    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("voiceCredits"), 5},
                                         {QStringLiteral("plan"), QStringLiteral("free")}})
                     .status,
             200);
    QCOMPARE(refusal(good).status, 403);
    QCOMPARE(refusal(good).code(), QStringLiteral("plan_required"));
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("plan"), QStringLiteral("pro")}}).status, 200);

    // Without a phone number of one's own there is nothing to call from.
    QCOMPARE(m_http->remove(QStringLiteral("/phone-numbers/") + m_numberId).status, 200);
    const UnloopaAnswer noNumber = refusal(good);
    QCOMPARE(noNumber.status, 400);
    QCOMPARE(noNumber.code(), QStringLiteral("setup_required"));
    QCOMPARE(noNumber.details().value(QStringLiteral("missing")).toString(), QStringLiteral("phone_number"));

    // Nothing refused was placed or charged.
    QCOMPARE(credits(), 5);
    QCOMPARE(m_http->get(QStringLiteral("/voice/calls")).number(QStringLiteral("total")), 0);
}

void TestUnloopaSandboxCalls::rateLimitedWithRetryAfter()
{
    setUpVoice();
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("voiceCallsPerMinute"), 1}}).status, 200);
    QCOMPARE(call(m_callee).status, 200);
    const UnloopaAnswer limited = call(m_callee);
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.code(), QStringLiteral("rate_limited"));
    QCOMPARE(limited.header("Retry-After"), QByteArray("60"));
    QCOMPARE(credits(), 44);
    advance(60);
    QCOMPARE(call(m_callee).status, 200);
    // POST /_sandbox/reset lifts it.
    QUrl reset = m_sandbox->baseUrl(Vendor::Unloopa);
    reset.setPath(QStringLiteral("/_sandbox/reset"));
    QNetworkReply *reply = m_sandbox->network()->post(QNetworkRequest(reset), QByteArray());
    QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 60'000));
    reply->deleteLater();
    QCOMPARE(m_http->control().number(QStringLiteral("voiceCallsPerMinute")), 0);
    QCOMPARE(call(m_callee).status, 200);
}

void TestUnloopaSandboxCalls::callsListFiltersAndPages()
{
    setUpVoice();
    QStringList ids;
    for (int i = 0; i < 5; ++i) {
        ids.prepend(placeCall(m_callee)); // newest first
        advance(1);
    }
    UnloopaAnswer page = m_http->get(QStringLiteral("/voice/calls"), QUrlQuery(QStringLiteral("limit=2")));
    QCOMPARE(page.status, 200);
    QCOMPARE(page.number(QStringLiteral("total")), 5);
    QCOMPARE(page.number(QStringLiteral("limit")), 2);
    QCOMPARE(page.number(QStringLiteral("offset")), 0);
    QCOMPARE(page.array(QStringLiteral("calls")).size(), 2);
    QCOMPARE(page.array(QStringLiteral("calls")).at(0).toObject().value(QStringLiteral("id")).toString(),
             ids.at(0));
    const QJsonObject item = page.array(QStringLiteral("calls")).at(0).toObject();
    for (const char *key :
         {"id", "campaign_id", "business_name", "phone_number", "status", "outcome", "outcome_notes",
          "duration_secs", "transcript", "analysis", "started_at", "completed_at", "created_at"})
        QVERIFY2(item.contains(QLatin1String(key)), key);
    QVERIFY(item.value(QStringLiteral("campaign_id")).isNull());
    page = m_http->get(QStringLiteral("/voice/calls"), QUrlQuery(QStringLiteral("limit=2&offset=4")));
    QCOMPARE(page.array(QStringLiteral("calls")).size(), 1);
    QCOMPARE(page.array(QStringLiteral("calls")).at(0).toObject().value(QStringLiteral("id")).toString(),
             ids.at(4));
    QCOMPARE(m_http->get(QStringLiteral("/voice/calls")).number(QStringLiteral("limit")), 50);
    // The last one is still pending, the first ones queued.
    QCOMPARE(m_http->get(QStringLiteral("/voice/calls"), QUrlQuery(QStringLiteral("status=pending")))
                             .number(QStringLiteral("total")) +
                     m_http->get(QStringLiteral("/voice/calls"), QUrlQuery(QStringLiteral("status=queued")))
                             .number(QStringLiteral("total")) +
                     m_http->get(QStringLiteral("/voice/calls"),
                                 QUrlQuery(QStringLiteral("status=in_progress")))
                             .number(QStringLiteral("total")),
             5);
    QVERIFY(m_http->get(QStringLiteral("/voice/calls"), QUrlQuery(QStringLiteral("status=pending")))
                    .number(QStringLiteral("total")) >= 1);

    for (const QString &bad :
         {QStringLiteral("limit=0"), QStringLiteral("limit=101"), QStringLiteral("offset=-1"),
          QStringLiteral("status=ringing"), QStringLiteral("outcome=maybe")}) {
        const UnloopaAnswer refused = m_http->get(QStringLiteral("/voice/calls"), QUrlQuery(bad));
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.code(), QStringLiteral("invalid_input"));
        QCOMPARE(refused.field(), bad.section(QLatin1Char('='), 0, 0));
    }
    QCOMPARE(m_http->get(QStringLiteral("/voice/calls"), QUrlQuery(QStringLiteral("limit=100")))
                     .array(QStringLiteral("calls"))
                     .size(),
             5);
    QCOMPARE(m_http->get(QStringLiteral("/voice/calls/00000000-0000-4000-8000-000000000000")).code(),
             QStringLiteral("not_found"));
}

void TestUnloopaSandboxCalls::campaignCreation()
{
    setUpVoice();
    // Ten leads with a phone number as the list gives it (some national or junk: not callable).
    const UnloopaAnswer page =
            m_http->get(QStringLiteral("/leads"), QUrlQuery(QStringLiteral("has_phone=true&limit=100")));
    QStringList chosen;
    int callable = 0;
    bool anUncallable = false;
    for (const QJsonValue &value : page.array(QStringLiteral("leads"))) {
        const QString phone = value.toObject().value(QStringLiteral("phone")).toString();
        const bool ok = phone.startsWith(QLatin1Char('+')) && PhoneNumbers::isValid(phone);
        if (chosen.size() >= 9 && !anUncallable && ok)
            continue; // make sure one uncallable lead is among the ten
        if (chosen.size() < 10) {
            chosen.append(value.toObject().value(QStringLiteral("id")).toString());
            callable += ok ? 1 : 0;
            anUncallable = anUncallable || !ok;
        }
    }
    QVERIFY(anUncallable);
    // A lead without any phone number too.
    const UnloopaAnswer all = m_http->get(QStringLiteral("/leads"), QUrlQuery(QStringLiteral("limit=100")));
    for (const QJsonValue &value : all.array(QStringLiteral("leads"))) {
        if (value.toObject().value(QStringLiteral("phone")).isNull()) {
            chosen.append(value.toObject().value(QStringLiteral("id")).toString());
            break;
        }
    }
    QCOMPARE(chosen.size(), 11);

    const UnloopaAnswer created =
            m_http->post(QStringLiteral("/voice/campaigns"),
                         QJsonObject{{QStringLiteral("name"), QStringLiteral("Miami Plumbers")},
                                     {QStringLiteral("phone_number_id"), m_numberId},
                                     {QStringLiteral("agent_id"), m_agentId},
                                     {QStringLiteral("lead_ids"), QJsonArray::fromStringList(chosen)}});
    QCOMPARE(created.status, 200);
    const QJsonObject campaign = created.json.value(QStringLiteral("campaign")).toObject();
    QCOMPARE(campaign.value(QStringLiteral("status")).toString(), QStringLiteral("draft"));
    QCOMPARE(campaign.value(QStringLiteral("name")).toString(), QStringLiteral("Miami Plumbers"));
    QCOMPARE(campaign.value(QStringLiteral("leads_count")).toInt(), 11);
    QCOMPARE(campaign.value(QStringLiteral("callable_leads")).toInt(), callable);
    QVERIFY(!campaign.value(QStringLiteral("created_at")).toString().isEmpty());

    // By filter: every lead of the first lead's city with a callable number.
    const QString city =
            page.array(QStringLiteral("leads")).at(0).toObject().value(QStringLiteral("city")).toString();
    int inCity = 0;
    for (int offset = 0; offset < 1000; offset += 100) {
        QUrlQuery query(QStringLiteral("has_phone=true&limit=100&offset=%1").arg(offset));
        query.addQueryItem(QStringLiteral("city"), city);
        const UnloopaAnswer leads = m_http->get(QStringLiteral("/leads"), query);
        for (const QJsonValue &value : leads.array(QStringLiteral("leads"))) {
            const QString phone = value.toObject().value(QStringLiteral("phone")).toString();
            inCity += phone.startsWith(QLatin1Char('+')) && PhoneNumbers::isValid(phone) ? 1 : 0;
        }
    }
    QVERIFY(inCity > 0);
    const UnloopaAnswer filtered = m_http->post(
            QStringLiteral("/voice/campaigns"),
            QJsonObject{{QStringLiteral("name"), QStringLiteral("By filter")},
                        {QStringLiteral("phone_number_id"), m_numberId},
                        {QStringLiteral("voice_id"), QStringLiteral("cjVigY5qzO86Huf0OWal")},
                        {QStringLiteral("script"), QStringLiteral("You call {{business_name}}.")},
                        {QStringLiteral("lead_filter"), QJsonObject{{QStringLiteral("city"), city}}}});
    QCOMPARE(filtered.status, 200);
    QCOMPARE(filtered.json.value(QStringLiteral("campaign"))
                     .toObject()
                     .value(QStringLiteral("callable_leads"))
                     .toInt(),
             inCity);
    const QString id =
            filtered.json.value(QStringLiteral("campaign")).toObject().value(QStringLiteral("id")).toString();
    const UnloopaAnswer detail = m_http->get(QStringLiteral("/voice/campaigns/") + id);
    QVERIFY(detail.json.value(QStringLiteral("agent_id")).isNull());
    QCOMPARE(detail.text(QStringLiteral("voice_id")), QStringLiteral("cjVigY5qzO86Huf0OWal"));

    const UnloopaAnswer list = m_http->get(QStringLiteral("/voice/campaigns"));
    QCOMPARE(list.array(QStringLiteral("campaigns")).size(), 2);
    const QJsonObject newest = list.array(QStringLiteral("campaigns")).at(0).toObject();
    QCOMPARE(newest.value(QStringLiteral("id")).toString(), id);
    QCOMPARE(newest.value(QStringLiteral("stats")).toObject().value(QStringLiteral("total")).toInt(), inCity);
    QVERIFY(newest.contains(QStringLiteral("updated_at")));
    QCOMPARE(credits(), 45); // creating costs nothing
}

void TestUnloopaSandboxCalls::campaignCreationRefusals()
{
    setUpVoice();
    const QStringList leads = callableLeads(3);
    const QJsonObject good{{QStringLiteral("name"), QStringLiteral("C")},
                           {QStringLiteral("phone_number_id"), m_numberId},
                           {QStringLiteral("agent_id"), m_agentId},
                           {QStringLiteral("lead_ids"), QJsonArray::fromStringList(leads)}};
    auto with = [&good](const QString &key, const QJsonValue &value) {
        QJsonObject body = good;
        if (value.isUndefined())
            body.remove(key);
        else
            body.insert(key, value);
        return body;
    };
    auto fieldOf = [this](const QJsonObject &body) {
        const UnloopaAnswer answer = m_http->post(QStringLiteral("/voice/campaigns"), body);
        return answer.status == 400 && answer.code() == QLatin1String("invalid_input") ? answer.field()
                                                                                       : QString();
    };
    QCOMPARE(fieldOf(with(QStringLiteral("name"), QJsonValue::Undefined)), QStringLiteral("name"));
    QCOMPARE(fieldOf(with(QStringLiteral("phone_number_id"), QJsonValue::Undefined)),
             QStringLiteral("phone_number_id"));
    QCOMPARE(fieldOf(with(QStringLiteral("agent_id"), QJsonValue::Undefined)), QStringLiteral("agent_id"));
    QCOMPARE(fieldOf(with(QStringLiteral("lead_ids"), QJsonValue::Undefined)), QStringLiteral("lead_ids"));
    QCOMPARE(fieldOf(with(QStringLiteral("lead_ids"), QJsonArray())), QStringLiteral("lead_ids"));
    QCOMPARE(fieldOf(with(QStringLiteral("lead_ids"), QJsonArray{QStringLiteral("x")})),
             QStringLiteral("lead_ids"));
    QCOMPARE(fieldOf(with(QStringLiteral("lead_filter"),
                          QJsonObject{{QStringLiteral("city"), QStringLiteral("Miami")}})),
             QStringLiteral("lead_ids")); // both
    QJsonObject filter = with(QStringLiteral("lead_ids"), QJsonValue::Undefined);
    filter.insert(QStringLiteral("lead_filter"),
                  QJsonObject{{QStringLiteral("planet"), QStringLiteral("Mars")}});
    QCOMPARE(fieldOf(filter), QStringLiteral("lead_filter.planet"));
    QCOMPARE(fieldOf(with(QStringLiteral("timezone"), QStringLiteral("Mars/Olympus"))),
             QStringLiteral("timezone"));
    QCOMPARE(fieldOf(with(QStringLiteral("calling_window_start"), QStringLiteral("9am"))),
             QStringLiteral("calling_window_start"));
    QCOMPARE(fieldOf(with(QStringLiteral("calling_window_start"), QStringLiteral("18:00"))),
             QStringLiteral("calling_window_start")); // after the 17:00 end
    QCOMPARE(fieldOf(with(QStringLiteral("calling_days"), QJsonArray{QStringLiteral("funday")})),
             QStringLiteral("calling_days"));
    QCOMPARE(fieldOf(with(QStringLiteral("calling_days"), QJsonArray())), QStringLiteral("calling_days"));
    QCOMPARE(fieldOf(with(QStringLiteral("calls_per_hour"), 0)), QStringLiteral("calls_per_hour"));
    QCOMPARE(fieldOf(with(QStringLiteral("calls_per_hour"), 61)), QStringLiteral("calls_per_hour"));
    QCOMPARE(fieldOf(with(QStringLiteral("max_calls"), 0)), QStringLiteral("max_calls"));
    QCOMPARE(m_http->post(QStringLiteral("/voice/campaigns"),
                          with(QStringLiteral("phone_number_id"),
                               QStringLiteral("00000000-0000-4000-8000-000000000000")))
                     .status,
             404);
    QCOMPARE(m_http->post(QStringLiteral("/voice/campaigns"),
                          with(QStringLiteral("agent_id"),
                               QStringLiteral("00000000-0000-4000-8000-000000000000")))
                     .code(),
             QStringLiteral("not_found"));

    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("voiceCredits"), 0}}).status, 200);
    QCOMPARE(m_http->post(QStringLiteral("/voice/campaigns"), good).code(),
             QStringLiteral("insufficient_credits"));
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("voiceCredits"), 3},
                                         {QStringLiteral("plan"), QStringLiteral("free")}})
                     .status,
             200);
    QCOMPARE(m_http->post(QStringLiteral("/voice/campaigns"), good).code(), QStringLiteral("plan_required"));
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("plan"), QStringLiteral("pro")}}).status, 200);
    QVERIFY(m_http->get(QStringLiteral("/voice/campaigns")).array(QStringLiteral("campaigns")).isEmpty());
    QCOMPARE(m_http->get(QStringLiteral("/voice/campaigns/00000000-0000-4000-8000-000000000000")).status,
             404);
}

void TestUnloopaSandboxCalls::campaignDetailAndUpdates()
{
    setUpVoice();
    const QString id = campaign(callableLeads(4),
                                QJsonObject{{QStringLiteral("timezone"), QStringLiteral("America/Chicago")},
                                            {QStringLiteral("calling_window_start"), QStringLiteral("10:00")},
                                            {QStringLiteral("calling_window_end"), QStringLiteral("16:30")},
                                            {QStringLiteral("calling_days"),
                                             QJsonArray{QStringLiteral("tue"), QStringLiteral("thu")}},
                                            {QStringLiteral("calls_per_hour"), 6},
                                            {QStringLiteral("max_calls"), 3}});
    UnloopaAnswer detail = m_http->get(QStringLiteral("/voice/campaigns/") + id);
    QCOMPARE(detail.status, 200);
    QCOMPARE(detail.text(QStringLiteral("status")), QStringLiteral("draft"));
    QCOMPARE(detail.text(QStringLiteral("timezone")), QStringLiteral("America/Chicago"));
    QCOMPARE(detail.json.value(QStringLiteral("calling_window")).toObject(),
             (QJsonObject{{QStringLiteral("start"), QStringLiteral("10:00")},
                          {QStringLiteral("end"), QStringLiteral("16:30")}}));
    QCOMPARE(detail.array(QStringLiteral("calling_days")),
             (QJsonArray{QStringLiteral("tue"), QStringLiteral("thu")}));
    QCOMPARE(detail.number(QStringLiteral("calls_per_hour")), 6);
    QCOMPARE(detail.number(QStringLiteral("max_calls")), 3);
    QCOMPARE(detail.text(QStringLiteral("script")), QStringLiteral("You call {{business_name}}."));
    QCOMPARE(detail.number(QStringLiteral("script_version")), 1);
    QCOMPARE(detail.text(QStringLiteral("voice_name")), QStringLiteral("Eric"));
    QCOMPARE(detail.text(QStringLiteral("first_message")),
             QStringLiteral("Hi, is this {{business_name}} in {{city}}?"));
    const QJsonObject stats = detail.json.value(QStringLiteral("stats")).toObject();
    QCOMPARE(stats.value(QStringLiteral("total")).toInt(), 4);
    QCOMPARE(stats.value(QStringLiteral("pending")).toInt(), 4);
    QCOMPARE(stats.value(QStringLiteral("connected")).toInt(-1), 0);

    const UnloopaAnswer updated =
            m_http->patch(QStringLiteral("/voice/campaigns/") + id,
                          QJsonObject{{QStringLiteral("updates"),
                                       QJsonObject{{QStringLiteral("name"), QStringLiteral("Renamed")},
                                                   {QStringLiteral("script"), QStringLiteral("New script")},
                                                   {QStringLiteral("max_calls"), QJsonValue::Null}}}});
    QCOMPARE(updated.status, 200);
    QCOMPARE(updated.text(QStringLiteral("name")), QStringLiteral("Renamed"));
    QCOMPARE(updated.number(QStringLiteral("script_version")), 2);
    QVERIFY(updated.json.value(QStringLiteral("max_calls")).isNull());
    const UnloopaAnswer unknown = m_http->patch(
            QStringLiteral("/voice/campaigns/") + id,
            QJsonObject{{QStringLiteral("updates"), QJsonObject{{QStringLiteral("lead_ids"), 1}}}});
    QCOMPARE(unknown.field(), QStringLiteral("updates.lead_ids"));
    QCOMPARE(m_http->patch(QStringLiteral("/voice/campaigns/") + id,
                           QJsonObject{{QStringLiteral("updates"),
                                        QJsonObject{{QStringLiteral("calls_per_hour"), 99}}}})
                     .field(),
             QStringLiteral("calls_per_hour"));
    QCOMPARE(m_http->get(QStringLiteral("/voice/campaigns/") + id).number(QStringLiteral("calls_per_hour")),
             6);

    // Active: no field changes; paused: allowed again.
    QCOMPARE(act(id, QStringLiteral("activate")).text(QStringLiteral("status")), QStringLiteral("active"));
    const UnloopaAnswer locked =
            m_http->patch(QStringLiteral("/voice/campaigns/") + id,
                          QJsonObject{{QStringLiteral("updates"),
                                       QJsonObject{{QStringLiteral("name"), QStringLiteral("X")}}}});
    QCOMPARE(locked.status, 400);
    QCOMPARE(locked.code(), QStringLiteral("invalid_state"));
    QCOMPARE(locked.details().value(QStringLiteral("status")).toString(), QStringLiteral("active"));
    QCOMPARE(act(id, QStringLiteral("pause")).text(QStringLiteral("status")), QStringLiteral("paused"));
    QCOMPARE(m_http->patch(QStringLiteral("/voice/campaigns/") + id,
                           QJsonObject{{QStringLiteral("updates"),
                                        QJsonObject{{QStringLiteral("calls_per_hour"), 12}}}})
                     .number(QStringLiteral("calls_per_hour")),
             12);
}

void TestUnloopaSandboxCalls::lifecycleInvalidStates()
{
    setUpVoice();
    const QString id = campaign(callableLeads(3));
    auto state = [this, &id](const QString &action) {
        const UnloopaAnswer answer = act(id, action);
        return answer.code() == QLatin1String("invalid_state")
                ? answer.details().value(QStringLiteral("status")).toString()
                : QString();
    };
    QCOMPARE(state(QStringLiteral("pause")), QStringLiteral("draft"));
    QCOMPARE(state(QStringLiteral("trigger")), QStringLiteral("draft"));
    QCOMPARE(act(id, QStringLiteral("activate")).status, 200);
    QCOMPARE(state(QStringLiteral("activate")), QStringLiteral("active"));
    QCOMPARE(act(id, QStringLiteral("pause")).status, 200);
    QCOMPARE(state(QStringLiteral("pause")), QStringLiteral("paused"));
    QCOMPARE(state(QStringLiteral("trigger")), QStringLiteral("paused"));
    QCOMPARE(act(id, QStringLiteral("activate")).status, 200); // paused → active
    const UnloopaAnswer cancelled = act(id, QStringLiteral("cancel"));
    QCOMPARE(cancelled.status, 200);
    QCOMPARE(cancelled.text(QStringLiteral("status")), QStringLiteral("completed"));
    for (const QString &action : {QStringLiteral("cancel"), QStringLiteral("activate"),
                                  QStringLiteral("pause"), QStringLiteral("trigger")})
        QCOMPARE(state(action), QStringLiteral("completed"));
    const UnloopaAnswer invalidState = act(id, QStringLiteral("activate"));
    QCOMPARE(invalidState.status, 400);
    QVERIFY(invalidState.details()
                    .value(QStringLiteral("allowed_states"))
                    .toArray()
                    .contains(QStringLiteral("paused")));

    QCOMPARE(act(id, QStringLiteral("restart")).field(), QStringLiteral("action"));
    QCOMPARE(m_http->patch(QStringLiteral("/voice/campaigns/") + id, QJsonObject{}).field(),
             QStringLiteral("action"));
    QCOMPARE(m_http->patch(QStringLiteral("/voice/campaigns/") + id,
                           QJsonObject{{QStringLiteral("action"), QStringLiteral("pause")},
                                       {QStringLiteral("updates"), QJsonObject{}}})
                     .field(),
             QStringLiteral("action"));
    QCOMPARE(act(QStringLiteral("00000000-0000-4000-8000-000000000000"), QStringLiteral("pause")).status,
             404);
}

void TestUnloopaSandboxCalls::triggerCallsUpToTenForACreditEach()
{
    setUpVoice();
    // A Saturday: outside the weekday window, so the campaign makes no call of its own.
    const QDateTime saturday = nextMondayInNewYork(QTime(12, 0)).addDays(5);
    jumpTo(saturday);
    const QString id = campaign(callableLeads(15));
    QCOMPARE(act(id, QStringLiteral("activate")).status, 200);
    QCOMPARE(stats(id).value(QStringLiteral("calls")).toInt(), 0);

    const UnloopaAnswer tooMany =
            act(id, QStringLiteral("trigger"), QJsonObject{{QStringLiteral("limit"), 11}});
    QCOMPARE(tooMany.field(), QStringLiteral("limit"));
    QCOMPARE(act(id, QStringLiteral("trigger"), QJsonObject{{QStringLiteral("limit"), 0}}).field(),
             QStringLiteral("limit"));

    const UnloopaAnswer ten = act(id, QStringLiteral("trigger"));
    QCOMPARE(ten.status, 200);
    QCOMPARE(ten.number(QStringLiteral("triggered")), 10);
    QCOMPARE(ten.array(QStringLiteral("calls")).size(), 10);
    const QJsonObject first = ten.array(QStringLiteral("calls")).at(0).toObject();
    QVERIFY(!first.value(QStringLiteral("id")).toString().isEmpty());
    QVERIFY(!first.value(QStringLiteral("business_name")).toString().isEmpty());
    QVERIFY(!first.value(QStringLiteral("conversation_id")).toString().isEmpty());
    QCOMPARE(credits(), 35);
    QCOMPARE(stats(id).value(QStringLiteral("pending")).toInt(), 5);
    QCOMPARE(campaignCalls(id).size(), 10);
    QCOMPARE(callDetail(first.value(QStringLiteral("id")).toString()).value(QStringLiteral("business_name")),
             first.value(QStringLiteral("business_name")));

    QCOMPARE(act(id, QStringLiteral("trigger"), QJsonObject{{QStringLiteral("limit"), 3}})
                     .number(QStringLiteral("triggered")),
             3);
    QCOMPARE(act(id, QStringLiteral("trigger")).number(QStringLiteral("triggered")), 2); // what was left
    const UnloopaAnswer none = act(id, QStringLiteral("trigger"));
    QCOMPARE(none.number(QStringLiteral("triggered")), 0);
    QCOMPARE(credits(), 30);

    // Fewer credits than calls: refused, nothing placed.
    const QString other = campaign(callableLeads(20).mid(15));
    QCOMPARE(act(other, QStringLiteral("activate")).status, 200);
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("voiceCredits"), 2}}).status, 200);
    const UnloopaAnswer broke =
            act(other, QStringLiteral("trigger"), QJsonObject{{QStringLiteral("limit"), 5}});
    QCOMPARE(broke.status, 402);
    QCOMPARE(broke.code(), QStringLiteral("insufficient_credits"));
    QCOMPARE(broke.details().value(QStringLiteral("required")).toInt(), 5);
    QCOMPARE(stats(other).value(QStringLiteral("pending")).toInt(), 5);
    QCOMPARE(act(other, QStringLiteral("trigger"), QJsonObject{{QStringLiteral("limit"), 2}})
                     .number(QStringLiteral("triggered")),
             2);
    QCOMPARE(credits(), 0);
}

void TestUnloopaSandboxCalls::activeCampaignCallsWithinWindowDaysAndRate()
{
    setUpVoice();
    const QDateTime mondayEight = nextMondayInNewYork(QTime(8, 0));
    jumpTo(mondayEight);
    const QString id =
            campaign(callableLeads(20),
                     QJsonObject{{QStringLiteral("timezone"), kNewYork},
                                 {QStringLiteral("calling_window_start"), QStringLiteral("09:00")},
                                 {QStringLiteral("calling_window_end"), QStringLiteral("11:00")},
                                 {QStringLiteral("calling_days"), QJsonArray{QStringLiteral("mon")}},
                                 {QStringLiteral("calls_per_hour"), 4}});
    QCOMPARE(act(id, QStringLiteral("activate")).status, 200);
    advance(3599); // 08:59:59: before the window
    QCOMPARE(campaignCalls(id).size(), 0);
    advance(1); // 09:00
    QCOMPARE(campaignCalls(id).size(), 1);
    advance(2 * 3600); // 11:00: 09:00, 09:15, … 10:45
    QCOMPARE(campaignCalls(id).size(), 8);
    advance(86400); // Tuesday: not a calling day
    QCOMPARE(campaignCalls(id).size(), 8);
    advance(6 * 86400); // the next Monday 11:00
    const QJsonArray calls = campaignCalls(id);
    QCOMPARE(calls.size(), 16);
    QCOMPARE(credits(), 45 - 16);
    const QTimeZone zone(kNewYork.toUtf8());
    QList<QDateTime> times;
    for (const QJsonValue &value : calls) {
        const QDateTime at = timeOf(value.toObject(), QStringLiteral("created_at")).toTimeZone(zone);
        QCOMPARE(at.date().dayOfWeek(), int(Qt::Monday));
        QVERIFY2(at.time() >= QTime(9, 0) && at.time() < QTime(11, 0), qPrintable(at.toString(Qt::ISODate)));
        QCOMPARE(value.toObject().value(QStringLiteral("campaign_id")).toString(), id);
        times.prepend(at);
    }
    for (int i = 1; i < times.size(); ++i) {
        if (times.at(i).date() == times.at(i - 1).date())
            QCOMPARE(times.at(i - 1).secsTo(times.at(i)), 15 * 60);
    }
    QCOMPARE(m_http->get(QStringLiteral("/voice/campaigns/") + id).text(QStringLiteral("status")),
             QStringLiteral("active"));
    advance(7 * 86400); // the last four, and their calls end
    QCOMPARE(campaignCalls(id).size(), 20);
    const UnloopaAnswer done = m_http->get(QStringLiteral("/voice/campaigns/") + id);
    QCOMPARE(done.text(QStringLiteral("status")), QStringLiteral("completed"));
    const QJsonObject finalStats = done.json.value(QStringLiteral("stats")).toObject();
    QCOMPARE(finalStats.value(QStringLiteral("pending")).toInt(), 0);
    QCOMPARE(finalStats.value(QStringLiteral("in_progress")).toInt(), 0);
    int sum = 0;
    for (const char *key : {"interested", "not_interested", "callback", "voicemail", "no_answer", "failed"})
        sum += finalStats.value(QLatin1String(key)).toInt();
    QCOMPARE(sum, 20);
    QCOMPARE(finalStats.value(QStringLiteral("connected")).toInt(),
             finalStats.value(QStringLiteral("interested")).toInt() +
                     finalStats.value(QStringLiteral("not_interested")).toInt() +
                     finalStats.value(QStringLiteral("callback")).toInt());
}

void TestUnloopaSandboxCalls::pauseStopsAndCancelCancelsWaitingCalls()
{
    setUpVoice();
    const QDateTime mondayNine = nextMondayInNewYork(QTime(9, 0));
    jumpTo(mondayNine);
    const QString id = campaign(callableLeads(12), QJsonObject{{QStringLiteral("calls_per_hour"), 6}});
    QCOMPARE(act(id, QStringLiteral("activate")).status, 200);
    QCOMPARE(campaignCalls(id).size(), 1); // at once, inside the window
    QCOMPARE(act(id, QStringLiteral("pause")).status, 200);
    advance(3600);
    QCOMPARE(campaignCalls(id).size(), 1);
    QCOMPARE(act(id, QStringLiteral("activate")).status, 200);
    QCOMPARE(campaignCalls(id).size(), 2);
    advance(60); // that call has left the queue

    // Three calls triggered now wait in the queue when the campaign is cancelled.
    QCOMPARE(act(id, QStringLiteral("trigger"), QJsonObject{{QStringLiteral("limit"), 3}})
                     .number(QStringLiteral("triggered")),
             3);
    const UnloopaAnswer cancelled = act(id, QStringLiteral("cancel"));
    QCOMPARE(cancelled.text(QStringLiteral("status")), QStringLiteral("completed"));
    const QJsonObject after = cancelled.json.value(QStringLiteral("stats")).toObject();
    QCOMPARE(after.value(QStringLiteral("pending")).toInt(), 0);
    QCOMPARE(after.value(QStringLiteral("cancelled")).toInt(), 3);
    QCOMPARE(m_http->get(QStringLiteral("/voice/calls"),
                         QUrlQuery(QStringLiteral("status=cancelled&campaign_id=") + id))
                     .number(QStringLiteral("total")),
             3);
    advance(3 * 86400);
    QCOMPARE(campaignCalls(id).size(), 5);
    QCOMPARE(m_http->get(QStringLiteral("/voice/calls"),
                         QUrlQuery(QStringLiteral("status=cancelled&campaign_id=") + id))
                     .number(QStringLiteral("total")),
             3);
}

void TestUnloopaSandboxCalls::campaignStopsWhenCreditsRunOut()
{
    setUpVoice();
    jumpTo(nextMondayInNewYork(QTime(9, 0)));
    const QString id = campaign(callableLeads(10), QJsonObject{{QStringLiteral("calls_per_hour"), 60}});
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("voiceCredits"), 2}}).status, 200);
    QCOMPARE(act(id, QStringLiteral("activate")).status, 200);
    advance(600);
    QCOMPARE(campaignCalls(id).size(), 2);
    QCOMPARE(credits(), 0);
    QCOMPARE(stats(id).value(QStringLiteral("pending")).toInt(), 8);
    // Activating needs credits too.
    QCOMPARE(act(id, QStringLiteral("pause")).status, 200);
    QCOMPARE(act(id, QStringLiteral("activate")).code(), QStringLiteral("insufficient_credits"));
    // More credits: it goes on.
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("voiceCredits"), 3}}).status, 200);
    QCOMPARE(act(id, QStringLiteral("activate")).status, 200);
    advance(600);
    QCOMPARE(campaignCalls(id).size(), 5);
    QCOMPARE(credits(), 0);
}

CC_TEST_GUILESS_MAIN(TestUnloopaSandboxCalls)
#include "tst_unloopasandbox_calls.moc"
