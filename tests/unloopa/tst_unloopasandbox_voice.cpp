// The Unloopa sandbox's voice setup over raw HTTP: every route of UnloopaRoutes served, phone
// numbers (list with count and limit 3, search by 3-digit area code and country, buy only E.164
// search results at 100 cents a month, limit_reached at 3, release) and voice agents (required
// fields, configuration bounds, update, delete, limit_reached at 3), all Pro only.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "UnloopaSandboxHttp.h"
#include "unloopa/UnloopaRoutes.h"

#include <memory>

class TestUnloopaSandboxVoice : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void everyRouteIsServed();
    void numbersSearchBuyAndRelease();
    void numbersLimitIsThree();
    void numberRefusals();
    void agentsCreateUpdateDelete();
    void agentsLimitIsThree();
    void agentRefusals();
    void freePlanIsPlanRequired();
    void controlRefusesBadSwitches();

private:
    QJsonArray search(const QString &areaCode, const QString &country = {});
    UnloopaAnswer buy(const QString &e164)
    {
        return m_http->post(QStringLiteral("/phone-numbers/buy"),
                            QJsonObject{{QStringLiteral("phone_number"), e164}});
    }
    static QJsonObject agentBody(const QString &name)
    {
        return QJsonObject{
                {QStringLiteral("name"), name},
                {QStringLiteral("voice_id"), QStringLiteral("cjVigY5qzO86Huf0OWal")},
                {QStringLiteral("voice_name"), QStringLiteral("Eric")},
                {QStringLiteral("script"), QStringLiteral("You are calling {{business_name}} in {{city}}.")},
                {QStringLiteral("first_message"), QStringLiteral("Hi there, do you have a moment?")},
                {QStringLiteral("agent_config"),
                 QJsonObject{{QStringLiteral("stability"), 0.3}, {QStringLiteral("similarityBoost"), 0.85}}}};
    }

    std::unique_ptr<SandboxFixture> m_sandbox;
    std::unique_ptr<UnloopaSandboxHttp> m_http;
};

void TestUnloopaSandboxVoice::init()
{
    m_sandbox = std::make_unique<SandboxFixture>();
    QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
    m_http = std::make_unique<UnloopaSandboxHttp>(m_sandbox.get());
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("clockSpeed"), 0}}).status, 200);
}

void TestUnloopaSandboxVoice::cleanup()
{
    m_http.reset();
    m_sandbox.reset();
}

QJsonArray TestUnloopaSandboxVoice::search(const QString &areaCode, const QString &country)
{
    QJsonObject body{{QStringLiteral("area_code"), areaCode}};
    if (!country.isEmpty())
        body.insert(QStringLiteral("country"), country);
    const UnloopaAnswer answer = m_http->post(QStringLiteral("/phone-numbers/search"), body);
    if (answer.status != 200)
        qWarning("search answered %d: %s", answer.status, answer.body.constData());
    return answer.array(QStringLiteral("numbers"));
}

void TestUnloopaSandboxVoice::everyRouteIsServed()
{
    // Each route of the one table reaches a handler: never the framework's "No endpoint" 404 or a
    // 405 (an id that does not exist gives the handler's own not_found).
    for (const UnloopaRoutes::Route &route : UnloopaRoutes::all()) {
        const QString path =
                UnloopaRoutes::path(route.op, QStringLiteral("00000000-0000-4000-8000-000000000000"));
        const UnloopaAnswer answer =
                m_http->send(route.method, path, route.method == "GET" ? QByteArray() : "{}");
        const QString what = QString::fromLatin1(route.method) + QLatin1Char(' ') + path;
        QVERIFY2(answer.status != 405, qPrintable(what));
        QVERIFY2(!answer.errorObject()
                          .value(QStringLiteral("message"))
                          .toString()
                          .startsWith(QStringLiteral("No endpoint")),
                 qPrintable(what));
        QVERIFY2(answer.status >= 200 && answer.status < 500,
                 qPrintable(what + QLatin1Char(' ') + QString::fromUtf8(answer.body)));
    }
}

void TestUnloopaSandboxVoice::numbersSearchBuyAndRelease()
{
    UnloopaAnswer list = m_http->get(QStringLiteral("/phone-numbers"));
    QCOMPARE(list.status, 200);
    QVERIFY(list.array(QStringLiteral("numbers")).isEmpty());
    QCOMPARE(list.number(QStringLiteral("count")), 0);
    QCOMPARE(list.number(QStringLiteral("limit")), 3);

    const QJsonArray found = search(QStringLiteral("305"));
    QCOMPARE(found.size(), 5);
    QSet<QString> distinct;
    for (const QJsonValue &value : found) {
        const QJsonObject offer = value.toObject();
        const QString e164 = offer.value(QStringLiteral("phone_number")).toString();
        QVERIFY2(e164.startsWith(QStringLiteral("+1305")) && e164.size() == 12, qPrintable(e164));
        QCOMPARE(offer.value(QStringLiteral("locality")).toString(), QStringLiteral("Miami"));
        QCOMPARE(offer.value(QStringLiteral("region")).toString(), QStringLiteral("FL"));
        QVERIFY(offer.value(QStringLiteral("friendly_name")).toString().startsWith(QStringLiteral("(305) ")));
        distinct.insert(e164);
    }
    QCOMPARE(distinct.size(), 5);
    QCOMPARE(search(QStringLiteral("514"), QStringLiteral("CA"))
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("locality"))
                     .toString(),
             QStringLiteral("Montréal"));
    QVERIFY(search(QStringLiteral("514")).isEmpty()); // 514 is not a US area code
    QVERIFY(search(QStringLiteral("999")).isEmpty());

    const QString chosen = found.at(2).toObject().value(QStringLiteral("phone_number")).toString();
    const UnloopaAnswer bought = buy(chosen);
    QCOMPARE(bought.status, 200);
    const QJsonObject number = bought.json.value(QStringLiteral("number")).toObject();
    QCOMPARE(number.value(QStringLiteral("phone_number")).toString(), chosen);
    QCOMPARE(number.value(QStringLiteral("area_code")).toString(), QStringLiteral("305"));
    QCOMPARE(number.value(QStringLiteral("monthly_cost_cents")).toInt(), 100);
    QVERIFY(!number.value(QStringLiteral("id")).toString().isEmpty());
    QVERIFY(!number.value(QStringLiteral("created_at")).toString().isEmpty());

    list = m_http->get(QStringLiteral("/phone-numbers"));
    QCOMPARE(list.number(QStringLiteral("count")), 1);
    const QJsonObject listed = list.array(QStringLiteral("numbers")).at(0).toObject();
    QCOMPARE(listed.value(QStringLiteral("id")), number.value(QStringLiteral("id")));
    QCOMPARE(listed.value(QStringLiteral("locality")).toString(), QStringLiteral("Miami"));
    QCOMPARE(listed.value(QStringLiteral("country")).toString(), QStringLiteral("US"));
    QCOMPARE(listed.value(QStringLiteral("monthly_cost_cents")).toInt(), 100);

    // Bought once: the same number cannot be bought again, and it is no longer offered.
    QCOMPARE(buy(chosen).code(), QStringLiteral("invalid_input"));
    for (const QJsonValue &offer : search(QStringLiteral("305")))
        QVERIFY(offer.toObject().value(QStringLiteral("phone_number")).toString() != chosen);

    const QString id = number.value(QStringLiteral("id")).toString();
    const UnloopaAnswer released = m_http->remove(QStringLiteral("/phone-numbers/") + id);
    QCOMPARE(released.status, 200);
    QCOMPARE(released.json.value(QStringLiteral("success")).toBool(), true);
    QCOMPARE(m_http->get(QStringLiteral("/phone-numbers")).number(QStringLiteral("count")), 0);
    const UnloopaAnswer again = m_http->remove(QStringLiteral("/phone-numbers/") + id);
    QCOMPARE(again.status, 404);
    QCOMPARE(again.code(), QStringLiteral("not_found"));
}

void TestUnloopaSandboxVoice::numbersLimitIsThree()
{
    const QJsonArray offers = search(QStringLiteral("212"));
    QCOMPARE(offers.size(), 5);
    QString firstId;
    for (int i = 0; i < 3; ++i) {
        const UnloopaAnswer bought =
                buy(offers.at(i).toObject().value(QStringLiteral("phone_number")).toString());
        QCOMPARE(bought.status, 200);
        if (i == 0)
            firstId = bought.json.value(QStringLiteral("number"))
                              .toObject()
                              .value(QStringLiteral("id"))
                              .toString();
    }
    const UnloopaAnswer fourth =
            buy(offers.at(3).toObject().value(QStringLiteral("phone_number")).toString());
    QCOMPARE(fourth.status, 400);
    QCOMPARE(fourth.code(), QStringLiteral("limit_reached"));
    QCOMPARE(fourth.details().value(QStringLiteral("limit")).toInt(), 3);
    QCOMPARE(fourth.details().value(QStringLiteral("count")).toInt(), 3);
    QCOMPARE(m_http->get(QStringLiteral("/phone-numbers")).number(QStringLiteral("count")), 3);
    // Releasing one makes room again.
    QCOMPARE(m_http->remove(QStringLiteral("/phone-numbers/") + firstId).status, 200);
    QCOMPARE(buy(offers.at(3).toObject().value(QStringLiteral("phone_number")).toString()).status, 200);
}

void TestUnloopaSandboxVoice::numberRefusals()
{
    auto searchField = [this](const QJsonObject &body) {
        const UnloopaAnswer answer = m_http->post(QStringLiteral("/phone-numbers/search"), body);
        return answer.status == 400 && answer.code() == QLatin1String("invalid_input") ? answer.field()
                                                                                       : QString();
    };
    const QString area = QStringLiteral("area_code");
    QCOMPARE(searchField(QJsonObject{}), area);
    QCOMPARE(searchField(QJsonObject{{area, QStringLiteral("30")}}), area);
    QCOMPARE(searchField(QJsonObject{{area, QStringLiteral("3055")}}), area);
    QCOMPARE(searchField(QJsonObject{{area, QStringLiteral("3a5")}}), area);
    QCOMPARE(searchField(QJsonObject{{area, 305}}), area);
    QCOMPARE(searchField(QJsonObject{{area, QStringLiteral("305")},
                                     {QStringLiteral("country"), QStringLiteral("usa")}}),
             QStringLiteral("country"));

    const UnloopaAnswer national = buy(QStringLiteral("3055551234"));
    QCOMPARE(national.status, 400);
    QCOMPARE(national.code(), QStringLiteral("invalid_input"));
    QCOMPARE(national.field(), QStringLiteral("phone_number"));
    QCOMPARE(buy(QStringLiteral("+1305555")).field(), QStringLiteral("phone_number"));
    // A valid number that no search offered.
    const UnloopaAnswer unoffered = buy(QStringLiteral("+13052345678"));
    QCOMPARE(unoffered.code(), QStringLiteral("invalid_input"));
    QCOMPARE(unoffered.field(), QStringLiteral("phone_number"));
    QCOMPARE(m_http->post(QStringLiteral("/phone-numbers/buy"), QJsonObject{}).field(),
             QStringLiteral("phone_number"));
    QCOMPARE(m_http->get(QStringLiteral("/phone-numbers")).number(QStringLiteral("count")), 0);
}

void TestUnloopaSandboxVoice::agentsCreateUpdateDelete()
{
    UnloopaAnswer list = m_http->get(QStringLiteral("/voice/agents"));
    QCOMPARE(list.status, 200);
    QCOMPARE(list.number(QStringLiteral("count")), 0);
    QCOMPARE(list.number(QStringLiteral("limit")), 3);

    const UnloopaAnswer created =
            m_http->post(QStringLiteral("/voice/agents"), agentBody(QStringLiteral("Sales Agent")));
    QCOMPARE(created.status, 200);
    const QJsonObject agent = created.json.value(QStringLiteral("agent")).toObject();
    const QString id = agent.value(QStringLiteral("id")).toString();
    QVERIFY(!id.isEmpty());
    QVERIFY(agent.value(QStringLiteral("elevenlabs_agent_id"))
                    .toString()
                    .startsWith(QStringLiteral("agent_")));
    QCOMPARE(agent.value(QStringLiteral("voice_name")).toString(), QStringLiteral("Eric"));
    QCOMPARE(agent.value(QStringLiteral("has_script")).toBool(), true);
    QCOMPARE(agent.value(QStringLiteral("has_first_message")).toBool(), true);
    QCOMPARE(agent.value(QStringLiteral("agent_config"))
                     .toObject()
                     .value(QStringLiteral("stability"))
                     .toDouble(),
             0.3);

    list = m_http->get(QStringLiteral("/voice/agents"));
    QCOMPARE(list.number(QStringLiteral("count")), 1);
    const QJsonObject listed = list.array(QStringLiteral("agents")).at(0).toObject();
    QCOMPARE(listed.value(QStringLiteral("id")).toString(), id);
    QCOMPARE(listed.value(QStringLiteral("name")).toString(), QStringLiteral("Sales Agent"));
    QCOMPARE(listed.value(QStringLiteral("voice_id")).toString(), QStringLiteral("cjVigY5qzO86Huf0OWal"));
    QVERIFY(!listed.contains(QStringLiteral("script"))); // the list says only whether there is one

    const UnloopaAnswer updated =
            m_http->patch(QStringLiteral("/voice/agents/") + id,
                          QJsonObject{{QStringLiteral("name"), QStringLiteral("Closer")},
                                      {QStringLiteral("first_message"), QString()},
                                      {QStringLiteral("agent_config"),
                                       QJsonObject{{QStringLiteral("similarityBoost"), 0.5}}}});
    QCOMPARE(updated.status, 200);
    const QJsonObject changed = updated.json.value(QStringLiteral("agent")).toObject();
    QCOMPARE(changed.value(QStringLiteral("name")).toString(), QStringLiteral("Closer"));
    QCOMPARE(changed.value(QStringLiteral("has_first_message")).toBool(true), false);
    QCOMPARE(changed.value(QStringLiteral("script")).toString(),
             QStringLiteral("You are calling {{business_name}} in {{city}}."));
    const QJsonObject config = changed.value(QStringLiteral("agent_config")).toObject();
    QCOMPARE(config.value(QStringLiteral("similarityBoost")).toDouble(), 0.5);
    QCOMPARE(config.value(QStringLiteral("stability")).toDouble(), 0.3);

    const UnloopaAnswer removed = m_http->remove(QStringLiteral("/voice/agents/") + id);
    QCOMPARE(removed.status, 200);
    QCOMPARE(removed.json.value(QStringLiteral("success")).toBool(), true);
    QCOMPARE(m_http->get(QStringLiteral("/voice/agents")).number(QStringLiteral("count")), 0);
    QCOMPARE(m_http->remove(QStringLiteral("/voice/agents/") + id).code(), QStringLiteral("not_found"));
    QCOMPARE(m_http->patch(QStringLiteral("/voice/agents/") + id,
                           QJsonObject{{QStringLiteral("name"), QStringLiteral("X")}})
                     .status,
             404);
}

void TestUnloopaSandboxVoice::agentsLimitIsThree()
{
    for (int i = 0; i < 3; ++i)
        QCOMPARE(
                m_http->post(QStringLiteral("/voice/agents"), agentBody(QStringLiteral("A%1").arg(i))).status,
                200);
    const UnloopaAnswer fourth =
            m_http->post(QStringLiteral("/voice/agents"), agentBody(QStringLiteral("A4")));
    QCOMPARE(fourth.status, 400);
    QCOMPARE(fourth.code(), QStringLiteral("limit_reached"));
    QCOMPARE(fourth.details().value(QStringLiteral("limit")).toInt(), 3);
    QCOMPARE(m_http->get(QStringLiteral("/voice/agents")).number(QStringLiteral("count")), 3);
}

void TestUnloopaSandboxVoice::agentRefusals()
{
    auto refusedField = [this](const QJsonObject &body) {
        const UnloopaAnswer answer = m_http->post(QStringLiteral("/voice/agents"), body);
        return answer.status == 400 && answer.code() == QLatin1String("invalid_input") ? answer.field()
                                                                                       : QString();
    };
    for (const QString &field :
         {QStringLiteral("name"), QStringLiteral("voice_id"), QStringLiteral("script")}) {
        QJsonObject missing = agentBody(QStringLiteral("A"));
        missing.remove(field);
        QCOMPARE(refusedField(missing), field);
        QJsonObject blank = agentBody(QStringLiteral("A"));
        blank.insert(field, QStringLiteral(" "));
        QCOMPARE(refusedField(blank), field);
    }
    QJsonObject config = agentBody(QStringLiteral("A"));
    config.insert(QStringLiteral("agent_config"), QJsonObject{{QStringLiteral("stability"), 1.5}});
    QCOMPARE(refusedField(config), QStringLiteral("agent_config.stability"));
    config.insert(QStringLiteral("agent_config"),
                  QJsonObject{{QStringLiteral("similarityBoost"), QStringLiteral("high")}});
    QCOMPARE(refusedField(config), QStringLiteral("agent_config.similarityBoost"));
    config.insert(QStringLiteral("agent_config"), 3);
    QCOMPARE(refusedField(config), QStringLiteral("agent_config"));
    QJsonObject voiceName = agentBody(QStringLiteral("A"));
    voiceName.insert(QStringLiteral("voice_name"), 7);
    QCOMPARE(refusedField(voiceName), QStringLiteral("voice_name"));
    QCOMPARE(m_http->get(QStringLiteral("/voice/agents")).number(QStringLiteral("count")), 0);

    const QString id = m_http->post(QStringLiteral("/voice/agents"), agentBody(QStringLiteral("A")))
                               .json.value(QStringLiteral("agent"))
                               .toObject()
                               .value(QStringLiteral("id"))
                               .toString();
    QCOMPARE(m_http->patch(QStringLiteral("/voice/agents/") + id, QJsonObject{}).field(),
             QStringLiteral("body"));
    QCOMPARE(m_http->patch(QStringLiteral("/voice/agents/") + id,
                           QJsonObject{{QStringLiteral("name"), QString()}})
                     .field(),
             QStringLiteral("name"));
    // A refused update changes nothing.
    QCOMPARE(m_http->get(QStringLiteral("/voice/agents"))
                     .array(QStringLiteral("agents"))
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("name")),
             QJsonValue(QStringLiteral("A")));
}

void TestUnloopaSandboxVoice::freePlanIsPlanRequired()
{
    QCOMPARE(m_http->control(QJsonObject{{QStringLiteral("plan"), QStringLiteral("free")}}).status, 200);
    const QString anyId = QStringLiteral("00000000-0000-4000-8000-000000000000");
    using Op = UnloopaRoutes::Op;
    for (Op op : {Op::Numbers, Op::NumberSearch, Op::NumberBuy, Op::NumberRelease, Op::Agents,
                  Op::AgentCreate, Op::AgentUpdate, Op::AgentDelete, Op::VoiceCall, Op::Calls, Op::Call,
                  Op::Campaigns, Op::CampaignCreate, Op::Campaign, Op::CampaignUpdate}) {
        const UnloopaRoutes::Route &route = UnloopaRoutes::route(op);
        const UnloopaAnswer answer = m_http->send(route.method, UnloopaRoutes::path(op, anyId),
                                                  route.method == "GET" ? QByteArray() : "{}");
        QVERIFY2(answer.status == 403, qPrintable(route.pattern));
        QCOMPARE(answer.code(), QStringLiteral("plan_required"));
        QCOMPARE(answer.details().value(QStringLiteral("upgrade_url")).toString(),
                 QStringLiteral("https://whop.com/unloopa/"));
    }
    const UnloopaAnswer quota = m_http->get(QStringLiteral("/quota"));
    QCOMPARE(quota.json.value(QStringLiteral("voice_enabled")).toBool(true), false);
    QCOMPARE(quota.number(QStringLiteral("voice_credits")), 0);
}

void TestUnloopaSandboxVoice::controlRefusesBadSwitches()
{
    const UnloopaAnswer before = m_http->control();
    QCOMPARE(before.status, 200);
    for (const QJsonObject &bad :
         {QJsonObject{{QStringLiteral("plan"), QStringLiteral("gold")}},
          QJsonObject{{QStringLiteral("voiceCredits"), -1}},
          QJsonObject{{QStringLiteral("outreachConfigured"), QStringLiteral("no")}},
          QJsonObject{{QStringLiteral("callOutcomes"), QJsonArray{QStringLiteral("maybe")}}},
          QJsonObject{{QStringLiteral("now"), QStringLiteral("2000-01-01T00:00:00Z")}},
          QJsonObject{{QStringLiteral("advanceSeconds"), -5}},
          QJsonObject{{QStringLiteral("clockSpeed"), -1}}}) {
        const UnloopaAnswer answer = m_http->control(bad);
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.text(QStringLiteral("error")), QStringLiteral("invalid_control"));
    }
    QCOMPARE(m_http->control().json, before.json);
    const UnloopaAnswer set = m_http->control(QJsonObject{{QStringLiteral("voiceCredits"), 7}});
    QCOMPARE(set.number(QStringLiteral("voiceCredits")), 7);
    QCOMPARE(m_http->get(QStringLiteral("/quota")).number(QStringLiteral("voice_credits")), 7);
}

CC_TEST_GUILESS_MAIN(TestUnloopaSandboxVoice)
#include "tst_unloopasandbox_voice.moc"
