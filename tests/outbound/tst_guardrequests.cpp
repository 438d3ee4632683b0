#include "TestMain.h"

#include "core/ApiCall.h"
#include "core/VendorClient.h"
#include "outbound/CallingRules.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

// The shapes of request the guard clears besides "one call to one person" (README promises O1,
// O2, O3, O7), through the real SQLite store: one request that names its many recipients by the
// vendor's ids (an Unloopa outreach batch), one that reaches nobody and only spends money (a
// number purchase), and one that lets the vendor dial on its own within a schedule (a voice
// campaign's activation).
class TestGuardRequests : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_databases = 0;
    std::unique_ptr<SqliteOutboundStore> m_store;
    std::unique_ptr<OutboundGuard> m_guard;
    QDateTime m_now;

    static QString nyNumber() { return QStringLiteral("+12125550100"); }
    static QString laNumber() { return QStringLiteral("+13105550100"); }
    static QString londonNumber() { return QStringLiteral("+442079460958"); }
    static QString boughtNumber() { return QStringLiteral("+13055550199"); }

    static OutboundAction batch(const QStringList &addresses)
    {
        OutboundAction action;
        action.vendor = Vendor::Unloopa;
        action.action = QStringLiteral("outreach_send");
        action.recipientIdsKey = QStringLiteral("lead_ids");
        action.requestSummary = R"({"template_id":"t1"})";
        for (qsizetype i = 0; i < addresses.size(); ++i) {
            Recipient recipient = Recipient::email(addresses.at(i));
            recipient.vendorId = QStringLiteral("lead-%1").arg(i + 1);
            action.recipients.append(recipient);
        }
        return action;
    }

    static ApiCall send(const QStringList &leadIds, const QString &clearance)
    {
        return ApiCall::post(QStringLiteral("/outreach/send"),
                             QJsonObject{{QStringLiteral("lead_ids"), QJsonArray::fromStringList(leadIds)},
                                         {QStringLiteral("template_id"), QStringLiteral("t1")}})
                .contactingWith(clearance, QString());
    }

    static OutboundAction purchase(const QString &number)
    {
        OutboundAction action;
        action.vendor = Vendor::Unloopa;
        action.action = QStringLiteral("number_buy");
        action.target = number;
        action.requestSummary = QJsonDocument(QJsonObject{{QStringLiteral("phone_number"), number}}).toJson();
        return action;
    }

    static ApiResponse answered(const QJsonObject &body)
    {
        ApiResponse response;
        response.httpStatus = 200;
        response.json = QJsonDocument(body);
        return response;
    }

    // 09:00-17:00 in `zone`, Monday to Friday.
    static DialingSchedule officeHours(const QByteArray &zone, QTime start = QTime(9, 0),
                                       QTime end = QTime(17, 0))
    {
        return DialingSchedule{QTimeZone(zone), start, end, {1, 2, 3, 4, 5}};
    }

    static OutboundAction activation(const QStringList &numbers, const DialingSchedule &schedule)
    {
        OutboundAction action;
        action.vendor = Vendor::Unloopa;
        action.action = QStringLiteral("voice_campaign_activate");
        action.target = QStringLiteral("campaign-1");
        action.dialsWithin = schedule;
        action.requestSummary = R"({"action":"activate"})";
        for (const QString &number : numbers)
            action.recipients.append(Recipient::phone(number));
        return action;
    }

    void listed(DncEntry::Kind kind, const QString &value)
    {
        DncEntry entry;
        entry.kind = kind;
        entry.value = value;
        entry.source = QStringLiteral("manual");
        entry.addedBy = QStringLiteral("tester");
        QVERIFY(m_store->addToDoNotContact({entry}));
    }

    std::unique_ptr<SqliteOutboundStore> openStore(int number) const
    {
        return std::make_unique<SqliteOutboundStore>(
                m_dir.filePath(QStringLiteral("outbound%1.sqlite").arg(number)));
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_guard.reset();
        m_store = openStore(++m_databases);
        m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
        // Wednesday 10 June 2026, noon in New York.
        m_now = QDateTime(QDate(2026, 6, 10), QTime(16, 0), Qt::UTC);
        m_guard->setClock([this] { return m_now; });
    }

    // One POST /outreach/send reaches every lead it lists: cleared whole, one intent and one audit
    // row per person, and redeemed only by a body listing exactly the cleared lead ids.
    void batchIsRedeemedOnlyForExactlyItsIds()
    {
        const OutboundAction action = batch({QStringLiteral("a@one.example"), QStringLiteral("b@two.example"),
                                             QStringLiteral("c@three.example")});
        const QStringList ids{QStringLiteral("lead-1"), QStringLiteral("lead-2"), QStringLiteral("lead-3")};

        const OutboundGuard::Clearance more = m_guard->clear(action);
        QVERIFY2(more, qPrintable(more.decision.verdicts.value(0).reason));
        QCOMPARE(more.decision.allowedCount(), 3);
        QCOMPARE(m_store->intents().size(), 3);
        QCOMPARE(m_store->attempts().size(), 3);
        QString why;
        QVERIFY(!m_guard->redeem(send(ids + QStringList{QStringLiteral("lead-4")}, more.id), &why));
        QVERIFY(why.contains(QLatin1String("lead_ids")));
        for (const OutboundIntent &intent : m_store->intents())
            QCOMPARE(intent.state, OutboundIntent::State::Failed);

        const OutboundGuard::Clearance fewer = m_guard->clear(action);
        QVERIFY(fewer);
        QVERIFY(!m_guard->redeem(send(ids.mid(0, 2), fewer.id), nullptr));

        const OutboundGuard::Clearance exact = m_guard->clear(action);
        QVERIFY(exact);
        const QStringList shuffled{ids.at(2), ids.at(0), ids.at(1)}; // order is not the point
        const ApiCall request = send(shuffled, exact.id);
        QVERIFY(m_guard->redeem(request, nullptr));
        m_guard->recordOutcome(request, answered(QJsonObject{{QStringLiteral("emails_queued"), 3}}));
        int sent = 0;
        for (const OutboundIntent &intent : m_store->intents())
            sent += intent.state == OutboundIntent::State::Sent ? 1 : 0;
        QCOMPARE(sent, 3);
    }

    // A clearance for people is never redeemed without the HTTP core's check of the request.
    void spendingRedeemsNoClearanceForPeople()
    {
        const OutboundGuard::Clearance clearance = m_guard->clear(batch({QStringLiteral("a@one.example")}));
        QVERIFY(clearance);
        QString why;
        QVERIFY(!m_guard->redeemSpending(clearance.id, &why));
        QVERIFY(!why.isEmpty());
        QVERIFY(m_guard->redeem(send({QStringLiteral("lead-1")}, clearance.id), nullptr));
    }

    // O2: one listed address (or its domain) and nobody in the batch is cleared.
    void batchWithAListedAddressIsNotCleared()
    {
        listed(DncEntry::Kind::Domain, QStringLiteral("two.example"));
        const OutboundGuard::Clearance clearance =
                m_guard->clear(batch({QStringLiteral("a@one.example"), QStringLiteral("b@two.example")}));
        QVERIFY(!clearance);
        QCOMPARE(clearance.decision.verdicts.at(0).reasonCode, QStringLiteral("refused_with_request"));
        QCOMPARE(clearance.decision.verdicts.at(1).reasonCode, QStringLiteral("do_not_contact"));
        QVERIFY(m_store->intents().isEmpty());
        QCOMPARE(m_store->attempts().size(), 2);
    }

    // A purchase reaches nobody: it is cleared on its own (no list, no window, no cap), its intent
    // is saved before it is sent, redeemed once by its sender, and the vendor's id for what it
    // bought is kept.
    void purchaseIsClearedSavedAndAnswered()
    {
        listed(DncEntry::Kind::Phone, boughtNumber()); // the list is about people, not purchases
        m_now = QDateTime(QDate(2026, 6, 10), QTime(7, 0), Qt::UTC); // 03:00 in New York
        const OutboundGuard::Clearance clearance = m_guard->clear(purchase(boughtNumber()));
        QVERIFY2(clearance, qPrintable(clearance.decision.verdicts.value(0).reason));
        QCOMPARE(clearance.decision.verdicts.size(), 1);
        QCOMPARE(clearance.decision.verdicts.first().recipient.channel, Recipient::Channel::None);
        QCOMPARE(m_store->intent(clearance.id)->state, OutboundIntent::State::Pending);
        const QList<AuditAttempt> attempts = m_store->attempts();
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(attempts.first().action, QStringLiteral("number_buy"));
        QCOMPARE(attempts.first().attemptWeight, 0);
        QCOMPARE(attempts.first().intentId, clearance.id);

        QVERIFY(m_guard->redeemSpending(clearance.id));
        QVERIFY(!m_guard->redeemSpending(clearance.id)); // sent once
        m_guard->recordSpendingOutcome(clearance.id, ApiError(), QStringLiteral("num-7"));
        const auto intent = m_store->intent(clearance.id);
        QCOMPARE(intent->state, OutboundIntent::State::Sent);
        QCOMPARE(intent->vendorRef, QStringLiteral("num-7"));
    }

    // O7 for money: a process that dies between sending the purchase and saving the answer leaves
    // it unknown at the next start, and the same purchase is never sent again.
    void purchaseLostInACrashIsNeverResent()
    {
        const OutboundGuard::Clearance clearance = m_guard->clear(purchase(boughtNumber()));
        QVERIFY(clearance);
        QVERIFY(m_guard->redeemSpending(clearance.id));
        // The process dies here: no answer is recorded.
        m_guard.reset();
        m_store.reset();

        m_store = openStore(m_databases);
        m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
        m_guard->setClock([this] { return m_now.addSecs(600); });
        QCOMPARE(m_guard->reconcileAfterRestart(), 1);
        QCOMPARE(m_store->intent(clearance.id)->state, OutboundIntent::State::Unknown);
        const OutboundGuard::Clearance repeat = m_guard->clear(purchase(boughtNumber()));
        QVERIFY(!repeat);
        QCOMPARE(repeat.decision.verdicts.first().reasonCode, QStringLiteral("already_sent"));
    }

    // O3 for a vendor that dials on its own: 09:00-17:00 New York lies inside 08:00-21:00 for a
    // New York lead, not for a Los Angeles one (06:00-14:00 there) nor a London one (14:00-22:00).
    void scheduleMustLieInsideEveryLeadsWindow()
    {
        const OutboundAction action =
                activation({nyNumber(), laNumber(), londonNumber()}, officeHours("America/New_York"));
        const GuardDecision decision = m_guard->dryRun(action);
        QCOMPARE(decision.verdicts.size(), 3);
        QCOMPARE(decision.verdicts.at(0).reasonCode, QStringLiteral("allowed"));
        QCOMPARE(decision.verdicts.at(1).reasonCode, QStringLiteral("outside_calling_window"));
        QVERIFY2(decision.verdicts.at(1).reason.contains(QLatin1String("America/Los_Angeles")),
                 qPrintable(decision.verdicts.at(1).reason));
        QCOMPARE(decision.verdicts.at(2).reasonCode, QStringLiteral("outside_calling_window"));
        QVERIFY(!m_guard->clear(action));
        QVERIFY(m_store->intents().isEmpty());

        // Right now (noon in New York, 09:00 in Los Angeles) each single call would be allowed:
        // a check of the moment alone would let the campaign dial Los Angeles at 06:00.
        OutboundAction now;
        now.vendor = Vendor::Unloopa;
        now.action = QStringLiteral("voice_call");
        now.recipients = {Recipient::phone(laNumber())};
        QCOMPARE(m_guard->dryRun(now).verdicts.first().reasonCode, QStringLiteral("allowed"));
    }

    // The two zones' difference changes through the year: New York 03:00-16:00 is London
    // 08:00-21:00 in June, but 07:00-20:00 in the weeks Britain has left summer time and New
    // York has not (from 25 October 2026).
    void scheduleIsCheckedThroughTheClockChanges()
    {
        const DialingSchedule schedule = officeHours("America/New_York", QTime(3, 0), QTime(16, 0));
        CallingWindow window{CallingRules()};
        const QDateTime juneStart = QDateTime(QDate(2026, 6, 10), QTime(3, 0), QTimeZone("America/New_York"));
        QVERIFY(window.judge(londonNumber(), juneStart).allowed);
        QVERIFY(window.judge(londonNumber(), juneStart.addSecs(13 * 3600 - 1)).allowed);

        const CallingWindow::Judgement judgement = window.judgeSchedule(londonNumber(), schedule, m_now);
        QCOMPARE(judgement.reasonCode, QStringLiteral("outside_calling_window"));
        QVERIFY2(judgement.reason.contains(QLatin1String("07:00")), qPrintable(judgement.reason));

        // An hour later it is inside all year (08:00-19:00 in London at worst); an hour longer
        // it is not.
        const DialingSchedule winter = officeHours("America/New_York", QTime(3, 0), QTime(15, 0));
        QVERIFY(!window.judgeSchedule(londonNumber(), winter, m_now).allowed);
        const DialingSchedule inside = officeHours("America/New_York", QTime(4, 0), QTime(15, 0));
        QVERIFY2(window.judgeSchedule(londonNumber(), inside, m_now).allowed,
                 qPrintable(window.judgeSchedule(londonNumber(), inside, m_now).reason));
    }

    // Activation rings nobody when it is sent: it is logged with weight 0, and the day's calls to
    // the same lead are still allowed up to the cap.
    void activationCountsNoAttempt()
    {
        const OutboundGuard::Clearance clearance =
                m_guard->clear(activation({nyNumber()}, officeHours("America/New_York")));
        QVERIFY2(clearance, qPrintable(clearance.decision.verdicts.value(0).reason));
        QCOMPARE(m_store->attempts().first().attemptWeight, 0);
        QCOMPARE(m_store->attemptsOnDay(nyNumber(), QDate(2026, 6, 10), QTimeZone("America/New_York")), 0);

        // A listed lead stops the activation (O2).
        listed(DncEntry::Kind::Phone, nyNumber());
        const OutboundGuard::Clearance listedLead =
                m_guard->clear(activation({nyNumber()}, officeHours("America/New_York")));
        QVERIFY(!listedLead);
        QCOMPARE(listedLead.decision.verdicts.first().reasonCode, QStringLiteral("do_not_contact"));
    }

    void scheduleWithoutAWindowIsRefused()
    {
        const GuardDecision decision = m_guard->dryRun(activation(
                {nyNumber()}, DialingSchedule{QTimeZone("America/New_York"), QTime(17, 0), QTime(9, 0), {}}));
        QCOMPARE(decision.verdicts.first().reasonCode, QStringLiteral("invalid_schedule"));
        QCOMPARE(decision.verdicts.first().verdict, RecipientVerdict::Verdict::Refused);
    }
};

CC_TEST_GUILESS_MAIN(TestGuardRequests)
#include "tst_guardrequests.moc"
