// VoiceSetupController against the real Unloopa sandbox over loopback: numbers searched, bought
// once (a second buy while one is in flight sends nothing), released; agents created, updated and
// deleted; the limit of 3 answered with limit_reached; the Free plan without voice.

#include "TestMain.h"
#include "UnloopaTestSupport.h"
#include "sandbox/UnloopaSandbox.h"
#include "unloopa/UnloopaVoiceService.h"
#include "unloopa/VoiceSetupController.h"

#include <QSignalSpy>

#include <memory>

class TestVoiceSetupController : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;
    UnloopaVoiceService *m_voice = nullptr;

    std::unique_ptr<VoiceSetupController> newController()
    {
        return std::make_unique<VoiceSetupController>(m_rig->service, m_voice);
    }
    int buyRequests() const
    {
        return m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/phone-numbers/buy"));
    }
    static bool refreshed(VoiceSetupController &c)
    {
        QSignalSpy numbers(&c, &VoiceSetupController::numbersChanged);
        QSignalSpy agents(&c, &VoiceSetupController::agentsChanged);
        c.refresh();
        return QTest::qWaitFor([&] { return !numbers.isEmpty() && !agents.isEmpty(); }, 120'000);
    }
    QStringList search(VoiceSetupController &c, const QString &areaCode)
    {
        QSignalSpy done(&c, &VoiceSetupController::searchFinished);
        UnloopaNumberSearch search;
        search.areaCode = areaCode;
        if (!c.searchNumbers(search) || !done.wait(120'000))
            return {};
        QStringList out;
        for (const UnloopaAvailableNumber &n : c.searchResults())
            out << n.phoneNumber;
        return out;
    }
    static UnloopaAgentFields agent(const QString &name)
    {
        UnloopaAgentFields fields;
        fields.name = name;
        fields.voiceId = QStringLiteral("cjVigY5qzO86Huf0OWal");
        fields.voiceName = QStringLiteral("Eric");
        fields.script = QStringLiteral("You are calling {{business_name}} in {{city}}.");
        fields.firstMessage = QStringLiteral("Hi there, do you have a moment?");
        fields.stability = 0.3;
        fields.similarityBoost = 0.85;
        return fields;
    }

private Q_SLOTS:
    void init()
    {
        m_rig = std::make_unique<UnloopaRig>(5);
        QVERIFY(m_rig->started);
        m_rig->sandbox->unloopa()->setPlan(UnloopaSandbox::Plan::Pro);
        m_voice = new UnloopaVoiceService(m_rig->service, m_rig->service);
    }
    void cleanup()
    {
        m_voice = nullptr;
        m_rig.reset();
    }

    void searchBuyOnceAndRelease()
    {
        auto c = newController();
        QVERIFY(refreshed(*c));
        QVERIFY(c->isVoiceEnabled());
        QCOMPARE(c->numbers().count, 0);
        QCOMPARE(c->numbers().limit, 3);

        UnloopaNumberSearch bad;
        bad.areaCode = QStringLiteral("30");
        QVERIFY(!c->searchNumbers(bad)); // not 3 digits: nothing sent
        const QStringList found = search(*c, QStringLiteral("305"));
        QCOMPARE(found.size(), 5);

        QSignalSpy bought(c.get(), &VoiceSetupController::numberBought);
        QSignalSpy buying(c.get(), &VoiceSetupController::buyingChanged);
        QVERIFY(c->buyNumber(found.at(1)));
        QVERIFY(c->isBuying());
        QVERIFY(!c->buyNumber(found.at(1))); // a double click
        QVERIFY(!c->buyNumber(found.at(2))); // or another number: one purchase at a time
        QVERIFY(bought.wait(120'000));
        QCOMPARE(buyRequests(), 1);
        QVERIFY(!c->isBuying());
        QCOMPARE(buying.size(), 2);
        QCOMPARE(bought.at(0).at(0).value<UnloopaPhoneNumber>().phoneNumber, found.at(1));
        QCOMPARE(bought.at(0).at(0).value<UnloopaPhoneNumber>().monthlyCostCents,
                 VoiceSetupController::monthlyCostCents);
        QVERIFY(!c->searchResults().isEmpty());
        for (const UnloopaAvailableNumber &n : c->searchResults())
            QVERIFY(n.phoneNumber != found.at(1)); // no longer offered
        QCOMPARE(c->numbers().count, 1);

        QSignalSpy released(c.get(), &VoiceSetupController::numberReleased);
        QSignalSpy numbers(c.get(), &VoiceSetupController::numbersChanged);
        c->releaseNumber(c->numbers().numbers.at(0).id);
        QVERIFY(released.wait(120'000));
        QVERIFY(QTest::qWaitFor([&] { return c->numbers().count == 0; }, 120'000));
    }

    void fourthNumberIsLimitReached()
    {
        auto c = newController();
        QVERIFY(refreshed(*c));
        const QStringList found = search(*c, QStringLiteral("305"));
        QCOMPARE(found.size(), 5);
        QSignalSpy bought(c.get(), &VoiceSetupController::numberBought);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(c->buyNumber(found.at(i)));
            QVERIFY(bought.wait(120'000));
        }
        QVERIFY(c->numbers().isFull());
        QVERIFY(!c->buyNumber(found.at(3))); // the list says full: nothing sent
        QCOMPARE(buyRequests(), 3);

        // A view that has not seen the three (another console): Unloopa refuses, in words.
        auto stale = newController();
        QSignalSpy failed(stale.get(), &VoiceSetupController::failed);
        QVERIFY(stale->buyNumber(found.at(3)));
        QVERIFY(failed.wait(120'000));
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("buy"));
        const ApiError error = failed.at(0).at(1).value<ApiError>();
        QCOMPARE(error.code, QStringLiteral("limit_reached"));
        QVERIFY(!error.explanation.isEmpty());
        QCOMPARE(buyRequests(), 4); // sent once, not retried
        QVERIFY(!stale->isBuying());
    }

    void agentsCreateUpdateDeleteAndLimit()
    {
        auto c = newController();
        QVERIFY(refreshed(*c));
        QCOMPARE(c->agents().count, 0);
        QSignalSpy saved(c.get(), &VoiceSetupController::agentSaved);
        QSignalSpy changed(c.get(), &VoiceSetupController::agentsChanged);
        for (int i = 1; i <= 3; ++i) {
            c->createAgent(agent(QStringLiteral("Agent %1").arg(i)));
            QVERIFY(saved.wait(120'000));
        }
        QVERIFY(QTest::qWaitFor([&] { return c->agents().count == 3; }, 120'000));
        const UnloopaVoiceAgent first = saved.at(0).at(0).value<UnloopaVoiceAgent>();
        QCOMPARE(first.voiceName, QStringLiteral("Eric"));
        QVERIFY(first.hasScript && first.hasFirstMessage);

        QSignalSpy failed(c.get(), &VoiceSetupController::failed);
        c->createAgent(agent(QStringLiteral("Agent 4")));
        QVERIFY(failed.wait(120'000));
        QCOMPARE(failed.at(0).at(1).value<ApiError>().code, QStringLiteral("limit_reached"));
        QVERIFY(!c->isSavingAgent());

        UnloopaAgentFields rename;
        rename.name = QStringLiteral("Closer");
        c->updateAgent(first.id, rename);
        QVERIFY(saved.wait(120'000));
        QCOMPARE(saved.last().at(0).value<UnloopaVoiceAgent>().name, QStringLiteral("Closer"));

        QSignalSpy deleted(c.get(), &VoiceSetupController::agentDeleted);
        c->deleteAgent(first.id);
        QVERIFY(deleted.wait(120'000));
        QVERIFY(QTest::qWaitFor([&] { return c->agents().count == 2; }, 120'000));
        for (const UnloopaVoiceAgent &a : c->agents().agents)
            QVERIFY(a.id != first.id);
    }

    void freePlanHasNoVoice()
    {
        m_rig->sandbox->unloopa()->setPlan(UnloopaSandbox::Plan::Free);
        auto c = newController();
        QSignalSpy availability(c.get(), &VoiceSetupController::voiceAvailability);
        c->refresh();
        QVERIFY(availability.wait(120'000));
        QCOMPARE(availability.at(0).at(0).toBool(), false);
        const ApiError why = availability.at(0).at(1).value<ApiError>();
        QCOMPARE(why.code, QStringLiteral("plan_required"));
        QVERIFY(why.explanation.contains(QStringLiteral("Pro")));
        QCOMPARE(why.links.size(), 1);
        QCOMPARE(why.links.at(0).url.toString(), QStringLiteral("https://whop.com/unloopa/"));
        QVERIFY(!c->isVoiceEnabled());
        // Nothing else is asked for on a plan without voice.
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "GET", QStringLiteral("/phone-numbers")), 0);

        // A request made anyway is refused by Unloopa with the same way out.
        QSignalSpy failed(c.get(), &VoiceSetupController::failed);
        c->refreshAgents();
        QVERIFY(failed.wait(120'000));
        const ApiError refused = failed.at(0).at(1).value<ApiError>();
        QCOMPARE(refused.code, QStringLiteral("plan_required"));
        QVERIFY(!refused.links.isEmpty());
    }
};

CC_TEST_GUILESS_MAIN(TestVoiceSetupController)
#include "tst_voicesetupcontroller.moc"
