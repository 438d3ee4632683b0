// The polling fallback against the real sandbox over loopback HTTP and real SQLite (issue 13,
// "Polling fallback"): with no reachable receiver a call's outcome arrives by polling its call
// record and says the transfer needs the webhook; with webhooks and polling both on, a call's
// call.ended and its CDR are one row, and a reply delivered and read back from Outreach2day's
// events list is one row holding the signed delivery; Verloop, with nothing to read, awaits
// callbacks.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "core/VendorClient.h"
#include "events/EventStore.h"
#include "events/LiveEvents.h"
#include "events/LiveModes.h"
#include "events/PollSources.h"
#include "events/PollingFallback.h"
#include "events/WebhookIngest.h"
#include "events/WebhookSecretSource.h"
#include "outreach2day/Outreach2dayService.h"
#include "sandbox/Outreach2daySandbox.h"
#include "sandbox/UnlimCallSandbox.h"
#include "sandbox/UnlimCallWebhooks.h"
#include "unlimcall/UnlimCallService.h"
#include "webhooks/WebhookReceiver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

namespace {
constexpr int kWaitMs = 60'000;
const QString kUnlimCallSecret = QStringLiteral("whsec_polling_fallback_test");
// Standard Webhooks: the part after whsec_ is the base64 key.
const QString kOutreachSecret = QStringLiteral("whsec_") +
        QString::fromLatin1(QByteArray("polling fallback key of 32 bytes").toBase64());
} // namespace

class TestPollingFallback : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void withTheReceiverOffACallsOutcomeArrivesByPolling();
    void aCallSeenByWebhookAndByItsCdrIsOneRow();
    void aReplyReadBackThenDeliveredIsOneRowHoldingTheDelivery();
    void verloopAwaitsCallbacksAndWebhooksStopThePolling();
    void liveEventsPollsWhileItsReceiverIsOffAndAnnouncesWhatItFinds();

private:
    void listen();
    // POST /calls for an AI-agent call to `number`; its callId.
    QString placeCall(const QString &number);
    // Waits until `count` more polls of `vendor` have ended after now.
    bool waitForPolls(Vendor vendor, int count);
    QList<StoredEvent> eventsFor(Vendor vendor, const QString &who) const;

    SandboxFixture m_sandbox;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<EventStore> m_events;
    std::unique_ptr<UnlimCallService> m_unlimCall;
    std::unique_ptr<Outreach2dayService> m_outreach2day;
    std::unique_ptr<EnvironmentWebhookSecrets> m_secrets;
    std::unique_ptr<WebhookIngest> m_ingest;
    std::unique_ptr<WebhookReceiver> m_receiver;
    std::unique_ptr<PollingFallback> m_fallback;
    std::unique_ptr<QSignalSpy> m_polls;
    quint16 m_port = 0;
};

void TestPollingFallback::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    m_sandbox.server()->unlimcall()->setOriginatedCdrDelayMs(200);
}

void TestPollingFallback::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_database = std::make_unique<Database>(m_dir->filePath(QStringLiteral("console.sqlite")));
    m_database->registerMigrations(EventStore::component(), EventStore::migrations());
    QVERIFY(m_database->open().ok());
    QVERIFY(m_database->migrate().ok());
    m_events = std::make_unique<EventStore>(m_database.get());
    m_unlimCall = std::make_unique<UnlimCallService>(m_sandbox.client(Vendor::UnlimCall));
    m_outreach2day = std::make_unique<Outreach2dayService>(m_sandbox.client(Vendor::Outreach2day));
    m_outreach2day->setWorkspaceId(SandboxFixture::outreachWorkspaceId());

    QProcessEnvironment environment;
    environment.insert(EnvironmentWebhookSecrets::variableFor(Vendor::UnlimCall), kUnlimCallSecret);
    environment.insert(EnvironmentWebhookSecrets::variableFor(Vendor::Outreach2day), kOutreachSecret);
    m_secrets = std::make_unique<EnvironmentWebhookSecrets>(environment);
    m_ingest = std::make_unique<WebhookIngest>(m_events.get(), m_secrets.get(), nullptr);

    PollingFallback::Services services;
    services.unlimCall = m_unlimCall.get();
    services.outreach2day = m_outreach2day.get();
    m_fallback = std::make_unique<PollingFallback>(m_events.get(), services);
    m_fallback->setIntervalMs(250);
    m_polls = std::make_unique<QSignalSpy>(m_fallback.get(), &PollingFallback::pollFinished);
}

void TestPollingFallback::cleanup()
{
    m_sandbox.server()->unlimcall()->webhooks()->removeHook(QStringLiteral("hook_fallback"));
    m_polls.reset();
    m_fallback.reset();
    m_receiver.reset();
    m_ingest.reset();
    m_secrets.reset();
    m_outreach2day.reset();
    m_unlimCall.reset();
    m_events.reset();
    m_database.reset();
    m_dir.reset();
}

void TestPollingFallback::listen()
{
    m_receiver = std::make_unique<WebhookReceiver>(m_ingest.get());
    WebhookReceiver::Options options;
    options.port = m_port; // 0 the first time; the same port when it listens again
    QVERIFY2(m_receiver->listen(options), qPrintable(m_receiver->errorString()));
    m_port = m_receiver->port();
}

QString TestPollingFallback::placeCall(const QString &number)
{
    QUrl url = m_sandbox.baseUrl(Vendor::UnlimCall);
    url.setPath(url.path() + QStringLiteral("/calls"));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + SandboxFixture::token(Vendor::UnlimCall));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QJsonObject body{
            {QStringLiteral("aiAgentId"), m_sandbox.server()->unlimcall()->agentIds().constFirst()},
            {QStringLiteral("toNumber"), number}};
    QNetworkReply *reply = m_sandbox.network()->post(request, QJsonDocument(body).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(kWaitMs))
        return {};
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object().value(u"callId").toString();
}

bool TestPollingFallback::waitForPolls(Vendor vendor, int count)
{
    auto ended = [this, vendor] {
        int n = 0;
        for (const QList<QVariant> &poll : std::as_const(*m_polls))
            n += poll.at(0).value<Vendor>() == vendor ? 1 : 0;
        return n;
    };
    const int target = ended() + count;
    return QTest::qWaitFor([&] { return ended() >= target; }, kWaitMs);
}

QList<StoredEvent> TestPollingFallback::eventsFor(Vendor vendor, const QString &who) const
{
    EventStore::Filter filter;
    filter.vendor = Vendors::id(vendor);
    QList<StoredEvent> found;
    for (const StoredEvent &event : m_events->events(filter)) {
        if (event.phone == who || event.email.compare(who, Qt::CaseInsensitive) == 0)
            found.append(event);
    }
    return found;
}

void TestPollingFallback::withTheReceiverOffACallsOutcomeArrivesByPolling()
{
    const QString number = QStringLiteral("+14155550101");
    QSignalSpy stored(m_fallback.get(), &PollingFallback::eventStored);
    m_fallback->setModes(LiveModes()); // no receiver: every vendor with something to read is polled
    QVERIFY(m_fallback->isPolling(Vendor::UnlimCall));
    // The AI agent hands the call to a human: only a webhook could say so.
    m_sandbox.server()->unlimcall()->webhooks()->setNextCall(UnlimCallWebhooks::CallOutcome::Transferred,
                                                             QStringLiteral("+14155559999"));
    QVERIFY(!placeCall(number).isEmpty());

    QTRY_VERIFY_WITH_TIMEOUT(!eventsFor(Vendor::UnlimCall, number).isEmpty(), kWaitMs);
    const StoredEvent event = eventsFor(Vendor::UnlimCall, number).constFirst();
    QCOMPARE(event.type, QStringLiteral("call.ended"));
    QCOMPARE(event.source, StoredEvent::sourcePoll());
    QVERIFY2(event.summary.contains(CdrPollSource::needsTheWebhook()), qPrintable(event.summary));
    QVERIFY2(event.summary.contains(QLatin1String("needs the webhook")), qPrintable(event.summary));
    QVERIFY(event.dedupeKey.startsWith(QLatin1String("unlimcall:cdr:")));
    QVERIFY(event.callId.isEmpty()); // a CDR id is not the call's id
    bool announced = false;
    for (const QList<QVariant> &signal : std::as_const(stored))
        announced = announced || signal.at(0).value<StoredEvent>().id == event.id;
    QVERIFY2(announced, "a new polled event is announced as the webhooks' are");

    // The next polls read the record again: still one row, and no transfer was invented.
    QVERIFY(waitForPolls(Vendor::UnlimCall, 2));
    QCOMPARE(eventsFor(Vendor::UnlimCall, number).size(), 1);
}

void TestPollingFallback::aCallSeenByWebhookAndByItsCdrIsOneRow()
{
    const QString number = QStringLiteral("+14155550102");
    listen();
    m_sandbox.server()->unlimcall()->webhooks()->addHook(
            {QStringLiteral("hook_fallback"), QStringLiteral("call.ended"),
             QStringLiteral("http://127.0.0.1:%1/hooks/unlimcall").arg(m_port), kUnlimCallSecret});
    // Both on: the receiver answers and UnlimCall is polled all the same.
    m_fallback->setModes(LiveModes());
    const QString callId = placeCall(number);
    QVERIFY(!callId.isEmpty());

    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const StoredEvent &event : eventsFor(Vendor::UnlimCall, number)) {
                    if (event.source == StoredEvent::sourceWebhook())
                        return true;
                }
                return false;
            }(),
            kWaitMs);
    // Polls that began after the delivery have read the call's record.
    QVERIFY(waitForPolls(Vendor::UnlimCall, 2));
    const QList<StoredEvent> rows = eventsFor(Vendor::UnlimCall, number);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().type, QStringLiteral("call.ended"));
    QCOMPARE(rows.first().source, StoredEvent::sourceWebhook());
    QCOMPARE(rows.first().callId, callId);
    QVERIFY(rows.first().verification.startsWith(QLatin1String("verified")));
}

void TestPollingFallback::aReplyReadBackThenDeliveredIsOneRowHoldingTheDelivery()
{
    const QString email = QStringLiteral("ann.fallback@example.com");
    listen();
    O2dWebhookSubscription wanted;
    wanted.endpoint = QStringLiteral("http://127.0.0.1:%1/hooks/outreach2day").arg(m_port);
    wanted.eventTypes = {QStringLiteral("reply.received")};
    wanted.secret = kOutreachSecret;
    std::optional<Result<O2dWebhookSubscription>> created;
    m_outreach2day->createSubscription(wanted, this,
                                       [&](const Result<O2dWebhookSubscription> &r) { created = r; });
    QTRY_VERIFY_WITH_TIMEOUT(created.has_value(), kWaitMs);
    QVERIFY2(created->ok(), qPrintable(created->error().summary()));

    // The receiver is down when the reply happens: its delivery fails, the events list has it.
    m_receiver.reset();
    Outreach2daySandbox *outreach = m_sandbox.server()->outreach2day();
    outreach->webhooks().publish(
            QStringLiteral("reply.received"), QStringLiteral("cmp_fallback"),
            {{QStringLiteral("email"), email}, {QStringLiteral("replyIntent"), QStringLiteral("interested")}},
            outreach->clock().nowMs());
    outreach->webhooks().dispatchDue();
    QTRY_VERIFY_WITH_TIMEOUT(outreach->webhooks().deliveries()->deliveries().constLast().status ==
                                     WebhookDeliveries::Status::Retrying,
                             kWaitMs);
    m_fallback->setModes(LiveModes());
    QTRY_VERIFY_WITH_TIMEOUT(!eventsFor(Vendor::Outreach2day, email).isEmpty(), kWaitMs);
    const StoredEvent polled = eventsFor(Vendor::Outreach2day, email).constFirst();
    QCOMPARE(polled.source, StoredEvent::sourcePoll());
    QCOMPARE(polled.type, QStringLiteral("reply.received"));

    // The receiver is back; Outreach2day retries the delivery.
    listen();
    outreach->clock().advance(3600);
    outreach->webhooks().dispatchDue();
    QTRY_COMPARE_WITH_TIMEOUT(eventsFor(Vendor::Outreach2day, email).constFirst().source,
                              StoredEvent::sourceWebhook(), kWaitMs);
    QVERIFY(waitForPolls(Vendor::Outreach2day, 2));
    const QList<StoredEvent> rows = eventsFor(Vendor::Outreach2day, email);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().id, polled.id);
    QCOMPARE(rows.first().dedupeKey, polled.dedupeKey);
    QVERIFY(rows.first().verification.startsWith(QLatin1String("verified")));
    QVERIFY(!rows.first().headers.isEmpty());
}

void TestPollingFallback::verloopAwaitsCallbacksAndWebhooksStopThePolling()
{
    LiveModes modes;
    m_fallback->setModes(modes);
    QCOMPARE(modes.text(Vendor::Verloop), QStringLiteral("awaiting callbacks"));
    QVERIFY(!m_fallback->isPolling(Vendor::Verloop)); // nothing to read
    QVERIFY(m_fallback->isPolling(Vendor::UnlimCall));
    QVERIFY(m_fallback->isPolling(Vendor::Outreach2day));

    modes.setWebhooksReachable(Vendor::UnlimCall, true);
    m_fallback->setModes(modes);
    QVERIFY(!m_fallback->isPolling(Vendor::UnlimCall));
    QVERIFY(m_fallback->isPolling(Vendor::Outreach2day));
    // No poll of UnlimCall starts any more.
    QVERIFY(waitForPolls(Vendor::Outreach2day, 2));
    const qsizetype before = m_polls->size();
    QVERIFY(waitForPolls(Vendor::Outreach2day, 1));
    for (qsizetype i = before; i < m_polls->size(); ++i)
        QCOMPARE(m_polls->at(i).at(0).value<Vendor>(), Vendor::Outreach2day);
}

// The runtime the console builds: its receiver off (the Settings default), every vendor is in its
// polling mode and a polled call is applied and announced as a webhook's would be.
void TestPollingFallback::liveEventsPollsWhileItsReceiverIsOffAndAnnouncesWhatItFinds()
{
    const QString number = QStringLiteral("+14155550104");
    m_fallback.reset(); // the runtime has its own
    LiveEvents::Dependencies dependencies;
    dependencies.databasePath = m_dir->filePath(QStringLiteral("live.sqlite"));
    dependencies.unlimCall = m_unlimCall.get();
    dependencies.outreach2day = m_outreach2day.get();
    LiveEvents live(dependencies);
    QVERIFY2(live.storeProblem().isEmpty(), qPrintable(live.storeProblem()));
    QSignalSpy announced(&live, &LiveEvents::eventStored);
    live.applySettings();
    QCOMPARE(live.receiverState().kind, LiveEvents::ReceiverState::Kind::Off);
    QCOMPARE(live.liveModes().mode(Vendor::UnlimCall), LiveModes::Mode::PollingCallRecords);
    QCOMPARE(live.liveModes().mode(Vendor::Verloop), LiveModes::Mode::AwaitingCallbacks);
    QVERIFY(!placeCall(number).isEmpty());

    auto announcedCall = [&]() -> std::optional<StoredEvent> {
        for (const QList<QVariant> &signal : std::as_const(announced)) {
            const StoredEvent event = signal.at(0).value<StoredEvent>();
            if (event.phone == number)
                return event;
        }
        return std::nullopt;
    };
    QTRY_VERIFY_WITH_TIMEOUT(announcedCall().has_value(), kWaitMs);
    QCOMPARE(announcedCall()->source, StoredEvent::sourcePoll());
    QVERIFY(announcedCall()->summary.contains(CdrPollSource::needsTheWebhook()));
    QVERIFY(live.store()->event(announcedCall()->id).has_value());
}

CC_TEST_GUILESS_MAIN(TestPollingFallback)
#include "tst_pollingfallback.moc"
