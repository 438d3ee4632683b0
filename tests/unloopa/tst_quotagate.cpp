#include "TestMain.h"

#include "UnloopaTestSupport.h"
#include "sandbox/UnloopaSandbox.h"
#include "unloopa/QuotaGate.h"

#include <QJsonDocument>

// What GET /quota lets the console offer (the Unloopa API reference's table), read from the
// sandbox over loopback: Pro offers voice and calls, Free neither (with the upgrade link), no
// credits means no calls (with the purchase links), no websites left means no lead generation
// (with the reset time), and a quota not read yet refuses everything.
class TestQuotaGate : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<UnloopaRig> m_rig;

    UnloopaQuota readQuota()
    {
        const auto result =
                awaitResult<UnloopaQuota>([this](auto done) { m_rig->service->fetchQuota(this, done); });
        if (!result || !result->ok())
            return {};
        return result->value();
    }

    static QStringList labels(const QList<ApiError::Link> &links)
    {
        QStringList out;
        for (const ApiError::Link &link : links)
            out.append(link.label);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_rig = std::make_unique<UnloopaRig>(10);
        QVERIFY(m_rig->started);
    }

    void init()
    {
        m_rig->sandbox->unloopa()->setPlan(UnloopaSandbox::Plan::Pro);
        m_rig->sandbox->unloopa()->setVoiceCredits(45);
    }

    void proOffersVoiceCallsAndLeads()
    {
        const QuotaGate gate(readQuota());
        QVERIFY(gate.voice());
        QVERIFY(gate.calls());
        QVERIFY(gate.leadGeneration());
        QVERIFY(gate.video());
        QCOMPARE(gate.voice().code, QStringLiteral("allowed"));
    }

    void freeOffersNoVoiceAndShowsTheUpgradeLink()
    {
        m_rig->sandbox->unloopa()->setPlan(UnloopaSandbox::Plan::Free);
        const QuotaGate gate(readQuota());
        const QuotaGate::Verdict voice = gate.voice();
        QVERIFY(!voice);
        QCOMPARE(voice.code, QStringLiteral("plan_required"));
        QCOMPARE(labels(voice.links), QStringList{QStringLiteral("upgrade")});
        QVERIFY(voice.links.first().url.isValid());
        // Calls need voice first: the plan, not the credits, is what to fix.
        QCOMPARE(gate.calls().code, QStringLiteral("plan_required"));
        QCOMPARE(gate.video().code, QStringLiteral("plan_required"));
        const ApiError error = voice.toError();
        QCOMPARE(error.kind, ApiError::Kind::Local);
        QCOMPARE(error.code, QStringLiteral("plan_required"));
        QCOMPARE(error.links.size(), 1);
    }

    void noWebsitesLeftRefusesLeadGenerationUntilTheReset()
    {
        UnloopaSandbox *sandbox = m_rig->sandbox->unloopa();
        sandbox->setWebsitesUsed(sandbox->websitesLimit());
        const QuotaGate gate(readQuota());
        sandbox->setWebsitesUsed(0);
        const QuotaGate::Verdict leads = gate.leadGeneration();
        QVERIFY(!leads);
        QCOMPARE(leads.code, QStringLiteral("quota_exceeded"));
        QCOMPARE(leads.resetsAt, sandbox->resetsAt());
        QVERIFY(gate.voice()); // the rest of the plan is untouched
    }

    // voice_credits 0 (and fewer than a trigger needs): the credit packs, never the upgrade link.
    void noCreditsMeansNoCallsWithThePurchaseLinks()
    {
        m_rig->sandbox->unloopa()->setVoiceCredits(0);
        const QuotaGate none(readQuota());
        const QuotaGate::Verdict calls = none.calls();
        QVERIFY(!calls);
        QCOMPARE(calls.code, QStringLiteral("insufficient_credits"));
        QVERIFY(!calls.links.isEmpty());
        for (const QString &label : labels(calls.links))
            QVERIFY2(label.startsWith(QLatin1String("voice_credits.")), qPrintable(label));
        QVERIFY(none.voice()); // numbers and agents are still offered

        m_rig->sandbox->unloopa()->setVoiceCredits(4);
        const QuotaGate four(readQuota());
        QVERIFY(four.calls(4));
        const QuotaGate::Verdict trigger = four.calls(10);
        QCOMPARE(trigger.code, QStringLiteral("insufficient_credits"));
        QVERIFY(trigger.reason.contains(QLatin1String("4")));
    }

    void unreadQuotaRefusesEverything()
    {
        const QuotaGate gate(std::nullopt);
        for (const QuotaGate::Verdict &verdict :
             {gate.voice(), gate.calls(), gate.leadGeneration(), gate.video()}) {
            QVERIFY(!verdict);
            QCOMPARE(verdict.code, QStringLiteral("quota_unknown"));
        }
    }
};

CC_TEST_GUILESS_MAIN(TestQuotaGate)
#include "tst_quotagate.moc"
