// The Verloop scheduler against the sandbox over loopback, with the real guard on real SQLite:
// every call passes the guard at the moment it will ring, a listed number never reaches Verloop,
// a call is scheduled once (double send, crash between sending and saving), cancel waits for the
// request in flight, and the time is always sent with an offset.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "controllers/VerloopScheduler.h"
#include "core/VendorClient.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "sandbox/VerloopSandbox.h"
#include "verloop/VerloopService.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimeZone>

#include <memory>

namespace {
constexpr int kWaitMs = 60'000;
const QTimeZone kNewYork("America/New_York");
const QString kSendMessage = QStringLiteral("/Campaign/SendMessage");

QDateTime newYork(int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2027, 1, day), QTime(hour, minute), kNewYork);
}

VerloopRecipient recipient(const QString &number, const QString &label = {})
{
    return {number, label, {}};
}
} // namespace

class TestVerloopScheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void timeSpec_data();
    void timeSpec();
    void listedNumberNeverReachesVerloop();
    void judgedAtRingTime_data();
    void judgedAtRingTime();
    void ambiguousZoneNeedsAnOffset();
    void sendsOnce();
    void crashBetweenSendAndSaveIsNeverResent();
    void cancelWaitsForTheCallInFlight();
    void retriesCountAgainstTheCap();
    void variablesAndBypass();

private:
    VerloopScheduler::Request request(const QList<VerloopRecipient> &recipients,
                                      const VerloopTimeSpec &when) const;
    void makeGuard();
    std::unique_ptr<VerloopScheduler> makeScheduler();
    bool runToEnd(VerloopScheduler &scheduler, const OutboundOverrides &overrides = {});
    int sendMessageRequests() const
    {
        return m_sandbox.server()->requestCount(Vendor::Verloop, "POST", kSendMessage);
    }

    SandboxFixture m_sandbox;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteOutboundStore> m_store;
    std::unique_ptr<OutboundGuard> m_guard;
    std::unique_ptr<VerloopService> m_service;
    QDateTime m_now;
};

void TestVerloopScheduler::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
}

void TestVerloopScheduler::init()
{
    m_sandbox.server()->clearFaults();
    m_sandbox.server()->clearRequests();
    m_sandbox.server()->verloop()->clearScheduledMessages();
    m_dir = std::make_unique<QTemporaryDir>();
    m_now = newYork(15, 10); // a Friday morning in New York
    makeGuard();
    m_service = std::make_unique<VerloopService>(m_sandbox.client(Vendor::Verloop));
}

void TestVerloopScheduler::cleanup()
{
    m_sandbox.client(Vendor::Verloop)->setOutboundGate(nullptr);
    m_sandbox.client(Vendor::Verloop)->abortAll();
    m_service.reset();
    m_guard.reset();
    m_store.reset();
    m_dir.reset();
}

void TestVerloopScheduler::makeGuard()
{
    m_store = std::make_unique<SqliteOutboundStore>(m_dir->filePath(QStringLiteral("console.sqlite")));
    QVERIFY(m_store->open().ok());
    m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
    m_guard->setClock([this] { return m_now.toUTC(); });
    m_sandbox.client(Vendor::Verloop)->setOutboundGate(m_guard.get());
}

std::unique_ptr<VerloopScheduler> TestVerloopScheduler::makeScheduler()
{
    auto scheduler = std::make_unique<VerloopScheduler>(m_service.get(), m_guard.get());
    scheduler->setClock([this] { return m_now.toUTC(); });
    return scheduler;
}

VerloopScheduler::Request TestVerloopScheduler::request(const QList<VerloopRecipient> &recipients,
                                                        const VerloopTimeSpec &when) const
{
    VerloopScheduler::Request r;
    r.recipients = recipients;
    r.campaign.name = QStringLiteral("Renewals");
    r.campaign.campaignId = m_sandbox.server()->verloop()->campaigns().at(1).id;
    r.when = when;
    return r;
}

bool TestVerloopScheduler::runToEnd(VerloopScheduler &scheduler, const OutboundOverrides &overrides)
{
    QSignalSpy finished(&scheduler, &VerloopScheduler::finished);
    if (!scheduler.send(overrides))
        return false;
    return finished.size() > 0 || finished.wait(kWaitMs);
}

void TestVerloopScheduler::timeSpec_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("sent"); // ScheduledAt.Time, or the problem code
    QTest::newRow("now") << "now"
                         << "+12125550100"
                         << "2027-01-15T15:00:00Z";
    QTest::newRow("recipient's time, New York") << "2027-01-15T20:59"
                                                << "+12125550100"
                                                << "2027-01-15T20:59:00-05:00";
    QTest::newRow("recipient's time, Los Angeles") << "2027-01-15T20:59:00"
                                                   << "+13105550100"
                                                   << "2027-01-15T20:59:00-08:00";
    QTest::newRow("recipient's time, London, summer") << "2027-07-15T09:00"
                                                      << "+442079460000"
                                                      << "2027-07-15T09:00:00+01:00";
    QTest::newRow("an instant stays as given") << "2027-01-15T20:59:00+05:30"
                                               << "+12125550100"
                                               << "2027-01-15T20:59:00+05:30";
    QTest::newRow("utc") << "2027-01-15T20:59:00Z"
                         << "+12125550100"
                         << "2027-01-15T20:59:00Z";
    QTest::newRow("after the spring DST change") << "2027-03-14T20:59"
                                                 << "+12125550100"
                                                 << "2027-03-14T20:59:00-04:00";
    QTest::newRow("skipped by DST") << "2027-03-14T02:30"
                                    << "+12125550100"
                                    << "time_skipped";
    QTest::newRow("repeated by DST") << "2027-11-07T01:30"
                                     << "+12125550100"
                                     << "time_repeated";
    QTest::newRow("toll-free: every NANP zone") << "2027-01-15T10:00"
                                                << "+18005550100"
                                                << "time_needs_offset";
    QTest::newRow("toll-free with an offset") << "2027-01-15T10:00-05:00"
                                              << "+18005550100"
                                              << "2027-01-15T10:00:00-05:00";
}

void TestVerloopScheduler::timeSpec()
{
    QFETCH(QString, text);
    QFETCH(QString, number);
    QFETCH(QString, sent);
    // The operator's own zone must not matter: pretend to be in Tokyo.
    qputenv("TZ", "Asia/Tokyo");
    QString problem;
    const auto spec = VerloopTimeSpec::parse(text, &problem);
    QVERIFY2(spec, qPrintable(problem));
    const VerloopTimeSpec::Resolved resolved = spec->resolve(number, m_now.toUTC());
    if (!sent.contains(QLatin1Char('T'))) {
        QVERIFY(!resolved.ok());
        QCOMPARE(resolved.problemCode, sent);
        QVERIFY(!resolved.problem.isEmpty());
    } else {
        QVERIFY2(resolved.ok(), qPrintable(resolved.problem));
        VerloopMessage message;
        message.scheduledAt = resolved.at;
        QCOMPARE(message.scheduledTimeText(), sent);
    }
    qunsetenv("TZ");
    QVERIFY(!VerloopTimeSpec::parse(QStringLiteral("tomorrow at ten")));
    QVERIFY(!VerloopTimeSpec::parse(QStringLiteral("2027-02-30T10:00")));
    QVERIFY(!VerloopTimeSpec::parse(QStringLiteral("2027-01-15T10:00+15:00")));
}

void TestVerloopScheduler::listedNumberNeverReachesVerloop()
{
    DncEntry listed;
    listed.kind = DncEntry::Kind::Phone;
    listed.value = QStringLiteral("+12125550102");
    listed.source = QStringLiteral("manual");
    listed.reason = QStringLiteral("asked not to be called");
    QVERIFY(m_store->addToDoNotContact({listed}).ok());

    auto scheduler = makeScheduler();
    scheduler->setRequest(request({recipient(QStringLiteral("(212) 555-0101"), QStringLiteral("Acme")),
                                   recipient(QStringLiteral("+1 212 555 0102"), QStringLiteral("Listed")),
                                   recipient(QStringLiteral("212-555-0103"), QStringLiteral("Globex"))},
                                  VerloopTimeSpec::recipientLocal(QDate(2027, 1, 15), QTime(14, 0))));
    const GuardDecision decision = scheduler->dryRun();
    QCOMPARE(decision.allowedCount(), 2);
    QCOMPARE(decision.verdicts.at(1).reasonCode, QStringLiteral("do_not_contact"));
    QCOMPARE(scheduler->results().at(0).ringsAt, newYork(15, 14));
    QCOMPARE(sendMessageRequests(), 0); // a dry run sends nothing...
    QCOMPARE(m_store->attempts().size(), 0); // ...and writes nothing

    QVERIFY(runToEnd(*scheduler));
    const QList<VerloopScheduler::Result> results = scheduler->results();
    QCOMPARE(results.at(0).state, VerloopScheduler::Result::State::Scheduled);
    QCOMPARE(results.at(1).state, VerloopScheduler::Result::State::Refused);
    QCOMPARE(results.at(2).state, VerloopScheduler::Result::State::Scheduled);
    QCOMPARE(sendMessageRequests(), 2);
    const QList<VerloopScheduledMessage> sent = m_sandbox.server()->verloop()->scheduledMessages();
    QCOMPARE(sent.size(), 2);
    QCOMPARE(sent.at(0).phoneNumber, QStringLiteral("12125550101"));
    QCOMPARE(sent.at(1).phoneNumber, QStringLiteral("12125550103"));
    QCOMPARE(sent.at(0).scheduledTime, QStringLiteral("2027-01-15T14:00:00-05:00"));
    QCOMPARE(sent.at(0).messageId, results.at(0).messageId);

    // Every attempt is in the audit log, the refused one too; each sent call is a saved intent
    // holding Verloop's message_id.
    QCOMPARE(m_store->attempts().size(), 3);
    const QList<OutboundIntent> calls = scheduler->scheduledCalls();
    QCOMPARE(calls.size(), 2);
    QStringList ids;
    for (const OutboundIntent &intent : calls) {
        QCOMPARE(intent.state, OutboundIntent::State::Sent);
        ids << intent.vendorRef;
    }
    ids.sort();
    QStringList expected{results.at(0).messageId, results.at(2).messageId};
    expected.sort();
    QCOMPARE(ids, expected);
}

// The legal window (08:00-21:00) in the recipient's time at the moment the call rings, whatever
// the time when it is scheduled, on both sides of the operator's zone.
void TestVerloopScheduler::judgedAtRingTime_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("when");
    QTest::addColumn<QString>("reasonCode");
    QTest::newRow("New York 20:59") << "+12125550100"
                                    << "2027-01-15T20:59"
                                    << "allowed";
    QTest::newRow("New York 21:00") << "+12125550100"
                                    << "2027-01-15T21:00"
                                    << "outside_calling_window";
    QTest::newRow("Los Angeles 20:59") << "+13105550100"
                                       << "2027-01-15T20:59"
                                       << "allowed";
    QTest::newRow("Los Angeles 21:00") << "+13105550100"
                                       << "2027-01-15T21:00"
                                       << "outside_calling_window";
    // Scheduled at 10:00 New York time for 21:30 there: refused although it is morning now.
    QTest::newRow("fine now, not when it rings") << "+12125550100"
                                                 << "2027-01-15T21:30:00-05:00"
                                                 << "outside_calling_window";
    QTest::newRow("21:00 in LA is 00:00 here") << "+13105550100"
                                               << "2027-01-16T05:00:00Z"
                                               << "outside_calling_window";
    QTest::newRow("20:59 in LA") << "+13105550100"
                                 << "2027-01-16T04:59:00Z"
                                 << "allowed";
    QTest::newRow("New York 20:59 after the DST change") << "+12125550100"
                                                         << "2027-03-14T20:59"
                                                         << "allowed";
    QTest::newRow("New York 21:00 after the DST change") << "+12125550100"
                                                         << "2027-03-14T21:00"
                                                         << "outside_calling_window";
}

void TestVerloopScheduler::judgedAtRingTime()
{
    QFETCH(QString, number);
    QFETCH(QString, when);
    QFETCH(QString, reasonCode);
    auto scheduler = makeScheduler();
    scheduler->setRequest(request({recipient(number)}, *VerloopTimeSpec::parse(when)));
    QCOMPARE(scheduler->dryRun().verdicts.at(0).reasonCode, reasonCode);
    QVERIFY(runToEnd(*scheduler));
    const bool allowed = reasonCode == QLatin1String("allowed");
    QCOMPARE(scheduler->results().at(0).state,
             allowed ? VerloopScheduler::Result::State::Scheduled : VerloopScheduler::Result::State::Refused);
    QCOMPARE(sendMessageRequests(), allowed ? 1 : 0);
}

void TestVerloopScheduler::ambiguousZoneNeedsAnOffset()
{
    auto scheduler = makeScheduler();
    // A toll-free number may ring in any NANP zone: a zone-less time means nothing for it.
    scheduler->setRequest(
            request({recipient(QStringLiteral("+1 800 555 0100")), recipient(QStringLiteral("+12125550100"))},
                    VerloopTimeSpec::recipientLocal(QDate(2027, 1, 15), QTime(12, 0))));
    const GuardDecision zoneLess = scheduler->dryRun();
    QCOMPARE(zoneLess.verdicts.at(0).reasonCode, QStringLiteral("time_needs_offset"));
    QCOMPARE(zoneLess.verdicts.at(1).reasonCode, QStringLiteral("allowed"));

    // With an offset it is judged in every zone it may be in, the strictest deciding: 19:30 in
    // New York is 21:00 in Newfoundland.
    scheduler->setRequest(request({recipient(QStringLiteral("+18005550100"))},
                                  *VerloopTimeSpec::parse(QStringLiteral("2027-01-15T19:00:00-05:00"))));
    QCOMPARE(scheduler->dryRun().verdicts.at(0).reasonCode, QStringLiteral("allowed"));
    scheduler->setRequest(request({recipient(QStringLiteral("+18005550100"))},
                                  *VerloopTimeSpec::parse(QStringLiteral("2027-01-15T19:30:00-05:00"))));
    QCOMPARE(scheduler->dryRun().verdicts.at(0).reasonCode, QStringLiteral("outside_calling_window"));
    QCOMPARE(sendMessageRequests(), 0);
}

void TestVerloopScheduler::sendsOnce()
{
    auto scheduler = makeScheduler();
    scheduler->setRequest(request({recipient(QStringLiteral("+12125550100"))},
                                  VerloopTimeSpec::recipientLocal(QDate(2027, 1, 15), QTime(15, 0))));
    QSignalSpy finished(scheduler.get(), &VerloopScheduler::finished);
    QVERIFY(scheduler->send());
    QVERIFY(!scheduler->send()); // the double click
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(scheduler->results().at(0).state, VerloopScheduler::Result::State::Scheduled);

    // The same request again (a retry, another click later): refused, nothing sent.
    QVERIFY(runToEnd(*scheduler));
    QCOMPARE(scheduler->results().at(0).state, VerloopScheduler::Result::State::Refused);
    QCOMPARE(scheduler->results().at(0).verdict.reasonCode, QStringLiteral("already_sent"));
    auto another = makeScheduler();
    another->setRequest(scheduler->request());
    QCOMPARE(another->dryRun().verdicts.at(0).reasonCode, QStringLiteral("already_sent"));
    QCOMPARE(sendMessageRequests(), 1);
    QCOMPARE(m_sandbox.server()->verloop()->scheduledMessages().size(), 1);

    // "Now" twice while the first is unanswered is the same request too.
    SandboxFault hang;
    hang.kind = SandboxFault::Kind::Hang;
    hang.vendor = Vendor::Verloop;
    m_sandbox.server()->addFault(hang);
    auto first = makeScheduler();
    first->setRequest(request({recipient(QStringLiteral("+12125550101"))}, VerloopTimeSpec::now()));
    QVERIFY(first->send());
    QTRY_COMPARE_WITH_TIMEOUT(sendMessageRequests(), 2, kWaitMs);
    m_now = m_now.addSecs(1);
    auto second = makeScheduler();
    second->setRequest(first->request());
    QVERIFY(runToEnd(*second));
    QCOMPARE(second->results().at(0).verdict.reasonCode, QStringLiteral("already_sent"));
    QCOMPARE(sendMessageRequests(), 2);
}

// The request reached Verloop, then the console died before it saved the answer: after a
// restart the intent is unknown and the same call is never sent again (README promise O7).
void TestVerloopScheduler::crashBetweenSendAndSaveIsNeverResent()
{
    SandboxFault hang; // Verloop got it; the answer never comes back
    hang.kind = SandboxFault::Kind::Hang;
    hang.vendor = Vendor::Verloop;
    m_sandbox.server()->addFault(hang);
    const VerloopScheduler::Request sameRequest =
            request({recipient(QStringLiteral("+12125550100"))},
                    VerloopTimeSpec::recipientLocal(QDate(2027, 1, 15), QTime(16, 0)));
    {
        auto scheduler = makeScheduler();
        scheduler->setRequest(sameRequest);
        QVERIFY(scheduler->send());
        QTRY_COMPARE_WITH_TIMEOUT(sendMessageRequests(), 1, kWaitMs);
        // The process dies: no outcome is recorded.
        m_sandbox.client(Vendor::Verloop)->setOutboundGate(nullptr);
        scheduler.reset();
        m_sandbox.client(Vendor::Verloop)->abortAll();
        m_guard.reset();
        m_store.reset();
    }
    m_sandbox.server()->clearFaults();

    makeGuard(); // the restart
    QCOMPARE(m_guard->reconcileAfterRestart(), 1);
    auto scheduler = makeScheduler();
    QCOMPARE(scheduler->scheduledCalls().size(), 1);
    QCOMPARE(scheduler->scheduledCalls().at(0).state, OutboundIntent::State::Unknown);
    scheduler->setRequest(sameRequest);
    QCOMPARE(scheduler->dryRun().verdicts.at(0).reasonCode, QStringLiteral("already_sent"));
    QVERIFY(runToEnd(*scheduler));
    QCOMPARE(scheduler->results().at(0).state, VerloopScheduler::Result::State::Refused);
    QCOMPARE(sendMessageRequests(), 1);
}

void TestVerloopScheduler::cancelWaitsForTheCallInFlight()
{
    auto scheduler = makeScheduler();
    scheduler->setRequest(
            request({recipient(QStringLiteral("+12125550100")), recipient(QStringLiteral("+12125550101")),
                     recipient(QStringLiteral("+12125550103"))},
                    VerloopTimeSpec::recipientLocal(QDate(2027, 1, 15), QTime(17, 0))));
    connect(scheduler.get(), &VerloopScheduler::resultChanged, scheduler.get(), [&](int index) {
        if (scheduler->results().at(index).state == VerloopScheduler::Result::State::Sending)
            scheduler->cancel();
    });
    QSignalSpy finished(scheduler.get(), &VerloopScheduler::finished);
    QVERIFY(scheduler->send());
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    const QList<VerloopScheduler::Result> results = scheduler->results();
    QCOMPARE(results.at(0).state, VerloopScheduler::Result::State::Scheduled); // not aborted
    QCOMPARE(results.at(1).state, VerloopScheduler::Result::State::Cancelled);
    QCOMPARE(results.at(2).state, VerloopScheduler::Result::State::Cancelled);
    QCOMPARE(sendMessageRequests(), 1);
    QCOMPARE(m_store->attempts().size(), 1); // the cancelled ones were never put to the guard
}

// A campaign with 2 retries on Verloop's dashboard may ring 3 times: with the default cap of 3 a
// day, a second call that day is refused, whichever vendor made the first.
void TestVerloopScheduler::retriesCountAgainstTheCap()
{
    auto scheduler = makeScheduler();
    VerloopScheduler::Request r = request({recipient(QStringLiteral("+12125550100"))},
                                          VerloopTimeSpec::recipientLocal(QDate(2027, 1, 15), QTime(11, 0)));
    r.campaign.retries = 2;
    scheduler->setRequest(r);
    QVERIFY(runToEnd(*scheduler));
    QCOMPARE(scheduler->results().at(0).state, VerloopScheduler::Result::State::Scheduled);
    r.when = VerloopTimeSpec::recipientLocal(QDate(2027, 1, 15), QTime(18, 0));
    scheduler->setRequest(r);
    QCOMPARE(scheduler->dryRun().verdicts.at(0).reasonCode, QStringLiteral("attempt_cap"));
    r.when = VerloopTimeSpec::recipientLocal(QDate(2027, 1, 16), QTime(11, 0)); // the next day
    scheduler->setRequest(r);
    QCOMPARE(scheduler->dryRun().verdicts.at(0).reasonCode, QStringLiteral("allowed"));
}

void TestVerloopScheduler::variablesAndBypass()
{
    auto scheduler = makeScheduler();
    VerloopRecipient lead = recipient(QStringLiteral("+12125550100"), QStringLiteral("Acme Plumbing"));
    lead.fields = {{QStringLiteral("name"), QStringLiteral("Acme Plumbing")},
                   {QStringLiteral("city"), QStringLiteral("Miami")}};
    VerloopScheduler::Request r =
            request({lead}, VerloopTimeSpec::recipientLocal(QDate(2027, 1, 15), QTime(12, 0)));
    r.variableFields = {{QStringLiteral("customer_name"), QStringLiteral("name")},
                        {QStringLiteral("customer_city"), QStringLiteral("city")}};
    r.variables = {{QStringLiteral("customer_type"), QStringLiteral("vip")}};
    r.callbackUrl = QUrl(QStringLiteral("https://hooks.example.com/verloop"));
    r.callbackState = {{QStringLiteral("order_id"), QStringLiteral("12345")}};
    scheduler->setRequest(r);

    // Verloop's BypassCallingWindow is an override: only with a typed reason.
    OutboundOverrides bypass;
    bypass.vendorCallingWindow = true;
    QVERIFY(runToEnd(*scheduler, bypass));
    QCOMPARE(scheduler->results().at(0).verdict.reasonCode, QStringLiteral("override_without_reason"));
    QCOMPARE(sendMessageRequests(), 0);

    bypass.reason = QStringLiteral("the customer asked for a call at lunch");
    QVERIFY(runToEnd(*scheduler, bypass));
    QCOMPARE(scheduler->results().at(0).state, VerloopScheduler::Result::State::Scheduled);
    const VerloopScheduledMessage sent = m_sandbox.server()->verloop()->scheduledMessages().constFirst();
    QVERIFY(sent.bypassCallingWindow);
    QCOMPARE(sent.variables,
             (QJsonObject{{QStringLiteral("customer_name"), QStringLiteral("Acme Plumbing")},
                          {QStringLiteral("customer_city"), QStringLiteral("Miami")},
                          {QStringLiteral("customer_type"), QStringLiteral("vip")}}));
    QCOMPARE(sent.callbackUrl, QStringLiteral("https://hooks.example.com/verloop"));
    QCOMPARE(sent.callbackState.value(QStringLiteral("order_id")).toString(), QStringLiteral("12345"));
    QCOMPARE(m_store->attempts().constLast().overrideReason, bypass.reason);
}

CC_TEST_GUILESS_MAIN(TestVerloopScheduler)
#include "tst_verloopscheduler.moc"
