#include "TestMain.h"

#include "UnloopaTestSupport.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "sandbox/UnloopaOutreachSandbox.h"
#include "sandbox/UnloopaSandbox.h"
#include "unloopa/OutreachSender.h"
#include "unloopa/UnloopaOutreachService.h"

#include <QSignalSpy>
#include <QTemporaryDir>

// Outreach email to selected leads (issue #12) through the real guard, the real SQLite store and
// the sandbox over loopback: batches of at most 100, never beyond remaining_today without the
// operator's say-so, listed addresses left out with nothing of theirs reaching the sandbox, an
// unconfigured account refused before any send, and a batch lost in a crash never sent again.
class TestOutreachSender : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<UnloopaRig> m_rig;
    QTemporaryDir m_dir;
    int m_databases = 0;
    std::unique_ptr<SqliteOutboundStore> m_store;
    std::unique_ptr<OutboundGuard> m_guard;
    UnloopaOutreachService *m_outreach = nullptr;
    QList<UnloopaLead> m_withEmail;
    QList<UnloopaLead> m_withoutEmail;

    int sends() const
    {
        return m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/outreach/send"));
    }

    std::optional<UnloopaOutreachStatus> status()
    {
        const auto result = awaitResult<UnloopaOutreachStatus>(
                [this](auto done) { m_outreach->fetchStatus(this, done); });
        if (!result || !result->ok())
            return std::nullopt;
        return result->value();
    }

    QList<UnloopaLead> leads(int count) const { return m_withEmail.mid(0, count); }

    // Runs one send to its end; the error it finished with.
    ApiError sendAll(OutreachSender &sender, const OutreachSender::Request &request)
    {
        QSignalSpy finished(&sender, &OutreachSender::finished);
        if (!sender.send(request))
            return ApiError::local(Vendor::Unloopa, QStringLiteral("not_started"),
                                   QStringLiteral("not started"));
        if (!finished.wait(120'000) && finished.isEmpty())
            return ApiError::local(Vendor::Unloopa, QStringLiteral("timeout"),
                                   QStringLiteral("never finished"));
        return finished.first().first().value<ApiError>();
    }

    void newGuard()
    {
        m_guard.reset();
        m_store = std::make_unique<SqliteOutboundStore>(
                m_dir.filePath(QStringLiteral("outbound%1.sqlite").arg(++m_databases)));
        m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
        m_rig->client->setOutboundGate(m_guard.get());
    }

    void listed(const QString &address)
    {
        DncEntry entry;
        entry.kind = DncEntry::Kind::Email;
        entry.value = address;
        entry.source = QStringLiteral("manual");
        entry.addedBy = QStringLiteral("tester");
        QVERIFY(m_store->addToDoNotContact({entry}));
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiError>();
        QVERIFY(m_dir.isValid());
        m_rig = std::make_unique<UnloopaRig>(400);
        QVERIFY(m_rig->started);
        m_outreach = new UnloopaOutreachService(m_rig->service, this);
        for (int offset = 0; offset < 400; offset += 100) {
            const auto page = awaitResult<UnloopaLeadPage>(
                    [this, offset](auto done) { m_rig->service->fetchLeads({}, 100, offset, this, done); });
            QVERIFY(page && page->ok());
            for (const UnloopaLead &lead : page->value().items)
                (lead.email.isEmpty() ? m_withoutEmail : m_withEmail).append(lead);
        }
        QVERIFY2(m_withEmail.size() >= 260, qPrintable(QString::number(m_withEmail.size())));
        QVERIFY(!m_withoutEmail.isEmpty());
    }

    void init()
    {
        m_rig->sandbox->clearRequests();
        m_rig->sandbox->unloopa()->outreach()->setConfigured(true);
        newGuard();
    }

    // The plan splits as the send will: no email left out, ≤ 100 a batch, remaining_today kept.
    void planKeepsToRemainingTodayUnlessTheOperatorSaysSo()
    {
        const std::optional<UnloopaOutreachStatus> today = status();
        QVERIFY(today);
        const int remaining = today->remainingToday();
        QVERIFY(remaining > 0 && remaining < 250);

        OutreachSender sender(m_outreach, m_guard.get());
        OutreachSender::Request request;
        request.leads = leads(250) + m_withoutEmail.mid(0, 3);
        request.templateId = QStringLiteral("unused-in-a-plan");
        const OutreachSender::Plan capped = sender.plan(request, today);
        QCOMPARE(capped.withoutEmail.size(), 3);
        QCOMPARE(capped.leadCount(), remaining);
        QCOMPARE(capped.overRemaining.size(), 250 - remaining);

        request.beyondRemainingToday = true;
        const OutreachSender::Plan all = sender.plan(request, today);
        QCOMPARE(all.batches.size(), 3);
        QCOMPARE(all.batches.at(0).size(), 100);
        QCOMPARE(all.batches.at(1).size(), 100);
        QCOMPARE(all.batches.at(2).size(), 50);
        QVERIFY(all.overRemaining.isEmpty());
        QCOMPARE(sends(), 0); // a plan sends nothing
    }

    // Over remaining_today with the operator's say-so: three POSTs, each answered, per batch.
    void sendsEachBatchOnceWithItsResult()
    {
        OutreachSender sender(m_outreach, m_guard.get());
        OutreachSender::Request request;
        request.leads = leads(250);
        request.customSubject = QStringLiteral("{{business_name}} - a new website");
        request.customBody = QStringLiteral("Hi! I built a website for {{business_name}} in {{city}}.");
        request.beyondRemainingToday = true;
        const ApiError error = sendAll(sender, request);
        QVERIFY2(!error.isError(), qPrintable(error.summary()));
        QCOMPARE(sends(), 3);
        const QList<OutreachSender::Batch> batches = sender.batches();
        QCOMPARE(batches.size(), 3);
        for (const OutreachSender::Batch &batch : batches) {
            QCOMPARE(batch.state, OutreachSender::Batch::State::Sent);
            const UnloopaOutreachSendResult &r = batch.result;
            QCOMPARE(r.emailsQueued + r.emailsWaitingForVideo + r.skippedDuplicates + r.failed +
                             int(r.manualOutreach.size()),
                     int(batch.leads.size()));
        }
        QCOMPARE(batches.first().result.emailsQueued, 100);
        // One intent per person, all sent.
        int sent = 0;
        for (const OutboundIntent &intent : m_store->intents(Vendor::Unloopa))
            sent += intent.state == OutboundIntent::State::Sent ? 1 : 0;
        QCOMPARE(sent, 250);
        QCOMPARE(sender.resultsJson().value(QStringLiteral("batches")).toArray().size(), 3);
    }

    // O2: a listed address (and a listed domain) stays out of every batch; the rest go.
    void listedAddressesAreLeftOut()
    {
        const QList<UnloopaLead> chosen = leads(5).mid(0, 5);
        listed(chosen.at(1).email);
        OutreachSender sender(m_outreach, m_guard.get());
        OutreachSender::Request request;
        request.leads = chosen;
        request.customSubject = QStringLiteral("Hello");
        request.customBody = QStringLiteral("A website for {{business_name}}.");
        request.beyondRemainingToday = true; // the day's capacity went to the test before
        const ApiError error = sendAll(sender, request);
        QVERIFY2(!error.isError(), qPrintable(error.summary()));
        QCOMPARE(sender.lastPlan().refused.size(), 1);
        QCOMPARE(sender.lastPlan().refused.first().reasonCode, QStringLiteral("do_not_contact"));
        QCOMPARE(sends(), 1);
        const OutreachSender::Batch batch = sender.batches().first();
        QCOMPARE(batch.leads.size(), 4);
        for (const UnloopaLead &lead : batch.leads)
            QVERIFY(lead.id != chosen.at(1).id);

        // Only listed people selected: nothing reaches the sandbox.
        m_rig->sandbox->clearRequests();
        OutreachSender::Request onlyListed = request;
        onlyListed.leads = {chosen.at(1)};
        const ApiError refused = sendAll(sender, onlyListed);
        QCOMPARE(refused.code, QStringLiteral("nothing_to_send"));
        QCOMPARE(sends(), 0);
    }

    void unconfiguredAccountSendsNothing()
    {
        m_rig->sandbox->unloopa()->outreach()->setConfigured(false);
        OutreachSender sender(m_outreach, m_guard.get());
        OutreachSender::Request request;
        request.leads = leads(3);
        request.customSubject = QStringLiteral("Hello");
        request.customBody = QStringLiteral("Hi.");
        const ApiError error = sendAll(sender, request);
        QCOMPARE(error.code, QStringLiteral("setup_required"));
        QCOMPARE(error.links.size(), 1);
        QCOMPARE(error.links.first().url, QUrl(UnloopaOutreachSandbox::setupUrl()));
        QCOMPARE(sends(), 0);
        QVERIFY(m_store->intents().isEmpty());
    }

    // O7: a batch cleared and sent by a console that died before the answer is unknown at the next
    // start; the same email to the same people is then refused, and nothing reaches the sandbox.
    void batchLostInACrashIsNeverResent()
    {
        const QList<UnloopaLead> chosen = leads(260).mid(250, 4);
        UnloopaOutreachSendRequest body;
        for (const UnloopaLead &lead : chosen)
            body.leadIds.append(lead.id);
        body.customSubject = QStringLiteral("Hello again");
        body.customBody = QStringLiteral("Hi {{business_name}}.");
        QVERIFY(m_guard->clear(OutreachSender::actionFor(chosen, body)));
        // The process dies here: a new guard on the same file reconciles.
        m_guard.reset();
        m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
        m_rig->client->setOutboundGate(m_guard.get());
        QCOMPARE(m_guard->reconcileAfterRestart(), 4);

        OutreachSender sender(m_outreach, m_guard.get());
        OutreachSender::Request request;
        request.leads = chosen;
        request.customSubject = body.customSubject;
        request.customBody = body.customBody;
        const ApiError error = sendAll(sender, request);
        QCOMPARE(error.code, QStringLiteral("nothing_to_send"));
        QCOMPARE(sender.lastPlan().refused.size(), 4);
        QCOMPARE(sender.lastPlan().refused.first().reasonCode, QStringLiteral("already_sent"));
        QCOMPARE(sends(), 0);
    }
};

CC_TEST_GUILESS_MAIN(TestOutreachSender)
#include "tst_outreachsender.moc"
