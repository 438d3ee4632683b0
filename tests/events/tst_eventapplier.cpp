// EventApplier over the real receiver: signed deliveries POSTed over loopback HTTP to a
// WebhookReceiver, verified and stored by WebhookIngest in real SQLite, then applied — dnc.added
// and unsubscribes onto the do-not-contact list through the existing paths, Verloop callbacks (from
// the sandbox, to the Callback.URL the scheduler filled) onto the scheduled call, call and reply
// events linked to their lead — each once, and what a dead process left is applied at the next start.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "controllers/VerloopScheduler.h"
#include "core/VendorClient.h"
#include "email/EmailActivityStore.h"
#include "email/SuppressionSync.h"
#include "events/EventApplier.h"
#include "events/EventPayload.h"
#include "events/EventStore.h"
#include "events/VerloopCallbackTokens.h"
#include "events/WebhookIngest.h"
#include "events/WebhookSecretSource.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "sandbox/VerloopSandbox.h"
#include "store/LeadStore.h"
#include "verloop/VerloopService.h"
#include "webhooks/WebhookReceiver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QUuid>

#include <memory>

namespace {
constexpr int kWaitMs = 60'000;
const QByteArray kUnlimCallSecret = "whsec_applier_test_secret";
// Standard Webhooks: the part after whsec_ is the base64 key.
const QByteArray kOutreachSecret = "whsec_" + QByteArray("outreach2day applier key 32 bytes").toBase64();
const QString kNumber = QStringLiteral("+13055550123");

QByteArray hmacSha256(const QByteArray &key, const QByteArray &content)
{
    return QMessageAuthenticationCode::hash(content, key, QCryptographicHash::Sha256);
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString isoNow(int offsetSecs = 0)
{
    return QDateTime::currentDateTimeUtc().addSecs(offsetSecs).toString(Qt::ISODate);
}
} // namespace

class TestEventApplier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void dncAddedListsTheNumberOnce();
    void unsubscribeTakesTheSuppressionPath();
    void callAndReplyEventsAreLinkedToTheirLead();
    void scheduledCallGetsItsStatusFromVerloop();
    void operatorCallbackUrlPassesThrough();
    void receiverOnOrOffIsTheSameCall();
    void olderCallbackDoesNotOverwriteANewerStatus();
    void callbackResolvesAnUnknownCall();
    void catchUpAppliesWhatADeadProcessLeft();

private:
    // POSTs to the receiver and waits for the answer; the HTTP status.
    int post(const QString &path, const QByteArray &body,
             const QList<QPair<QByteArray, QByteArray>> &headers);
    int postUnlimCall(const QByteArray &body);
    int postOutreach2day(const QByteArray &id, const QByteArray &body);
    QUrl base() const;
    void openApplier();
    QString savedIntent(OutboundIntent::State state);

    SandboxFixture m_sandbox;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<EventStore> m_events;
    std::unique_ptr<VerloopCallbackTokens> m_tokens;
    std::unique_ptr<EmailActivityStore> m_activity;
    std::unique_ptr<LeadStore> m_leads;
    std::unique_ptr<SqliteOutboundStore> m_outbound;
    std::unique_ptr<SuppressionSync> m_suppressions;
    std::unique_ptr<EventApplier> m_applier;
    std::unique_ptr<EnvironmentWebhookSecrets> m_secrets;
    std::unique_ptr<WebhookIngest> m_ingest;
    std::unique_ptr<WebhookReceiver> m_receiver;
    QNetworkAccessManager m_network;
};

void TestEventApplier::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
}

void TestEventApplier::init()
{
    m_sandbox.server()->clearRequests();
    m_sandbox.server()->verloop()->clearScheduledMessages();
    m_dir = std::make_unique<QTemporaryDir>();
    const QString path = m_dir->filePath(QStringLiteral("console.sqlite"));
    m_database = std::make_unique<Database>(path);
    m_database->registerMigrations(EventStore::component(), EventStore::migrations());
    m_database->registerMigrations(VerloopCallbackTokens::component(), VerloopCallbackTokens::migrations());
    m_database->registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
    m_database->registerMigrations(LeadStore::component(), LeadStore::migrations());
    m_database->registerMigrations(EventApplier::component(), EventApplier::migrations());
    QVERIFY(m_database->open().ok());
    QVERIFY(m_database->migrate().ok());
    m_events = std::make_unique<EventStore>(m_database.get());
    m_tokens = std::make_unique<VerloopCallbackTokens>(m_database.get());
    m_activity = std::make_unique<EmailActivityStore>(m_database.get());
    m_leads = std::make_unique<LeadStore>(m_database.get());
    m_outbound = std::make_unique<SqliteOutboundStore>(path);
    QVERIFY(m_outbound->open().ok());
    m_suppressions = std::make_unique<SuppressionSync>(nullptr, m_activity.get(), m_outbound.get());
    openApplier();

    QProcessEnvironment environment;
    environment.insert(EnvironmentWebhookSecrets::variableFor(Vendor::UnlimCall),
                       QString::fromLatin1(kUnlimCallSecret));
    environment.insert(EnvironmentWebhookSecrets::variableFor(Vendor::Outreach2day),
                       QString::fromLatin1(kOutreachSecret));
    m_secrets = std::make_unique<EnvironmentWebhookSecrets>(environment);
    m_ingest = std::make_unique<WebhookIngest>(m_events.get(), m_secrets.get(), m_tokens.get());
    connect(m_ingest.get(), &WebhookIngest::eventStored, this,
            [this](const StoredEvent &event) { m_applier->apply(event); });
    m_receiver = std::make_unique<WebhookReceiver>(m_ingest.get());
    WebhookReceiver::Options options;
    options.port = 0;
    QVERIFY2(m_receiver->listen(options), qPrintable(m_receiver->errorString()));
}

void TestEventApplier::cleanup()
{
    m_sandbox.client(Vendor::Verloop)->setOutboundGate(nullptr);
    m_sandbox.client(Vendor::Verloop)->abortAll();
    m_receiver.reset();
    m_ingest.reset();
    m_secrets.reset();
    m_applier.reset();
    m_suppressions.reset();
    m_outbound.reset();
    m_leads.reset();
    m_activity.reset();
    m_tokens.reset();
    m_events.reset();
    m_database.reset();
    m_dir.reset();
}

void TestEventApplier::openApplier()
{
    m_applier = std::make_unique<EventApplier>(
            m_events.get(), EventApplier::Targets{m_outbound.get(), m_suppressions.get(), m_leads.get()});
}

QUrl TestEventApplier::base() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_receiver->port()));
}

int TestEventApplier::post(const QString &path, const QByteArray &body,
                           const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QUrl url = base();
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(kWaitMs))
        return -1;
    reply->deleteLater();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

int TestEventApplier::postUnlimCall(const QByteArray &body)
{
    const QByteArray t = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const QByteArray v1 = hmacSha256(kUnlimCallSecret, t + '.' + body).toHex();
    return post(WebhookReceiver::pathFor(Vendor::UnlimCall), body,
                {{"X-Unlimcall-Signature", "t=" + t + ",v1=" + v1}});
}

int TestEventApplier::postOutreach2day(const QByteArray &id, const QByteArray &body)
{
    const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const QByteArray key = QByteArray::fromBase64(kOutreachSecret.mid(6));
    const QByteArray signature = "v1," + hmacSha256(key, id + '.' + timestamp + '.' + body).toBase64();
    return post(WebhookReceiver::pathFor(Vendor::Outreach2day), body,
                {{"webhook-id", id}, {"webhook-timestamp", timestamp}, {"webhook-signature", signature}});
}

QString TestEventApplier::savedIntent(OutboundIntent::State state)
{
    OutboundIntent intent;
    intent.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    intent.vendor = Vendor::Verloop;
    intent.action = QStringLiteral("schedule_call");
    intent.recipient = kNumber;
    intent.dedupeKey = intent.id;
    intent.createdAt = QDateTime::currentDateTimeUtc();
    intent.updatedAt = intent.createdAt;
    intent.state = state;
    if (!m_outbound->saveIntent(intent).ok())
        return {};
    return intent.id;
}

void TestEventApplier::dncAddedListsTheNumberOnce()
{
    const QByteArray body = json({{QStringLiteral("event"), QStringLiteral("dnc.added")},
                                  {QStringLiteral("eventId"), QStringLiteral("evt_dnc_1")},
                                  {QStringLiteral("contactId"), QStringLiteral("c_77")},
                                  {QStringLiteral("phone"), kNumber},
                                  {QStringLiteral("timestamp"), isoNow()}});
    QCOMPARE(postUnlimCall(body), 200);
    const std::optional<DncEntry> listed = m_outbound->listedEntry(Recipient::phone(kNumber));
    QVERIFY(listed);
    QCOMPARE(listed->source, EventApplier::doNotContactSource());
    QCOMPARE(listed->kind, DncEntry::Kind::Phone);

    // The operator takes it off the list; UnlimCall's retry of the same delivery is a duplicate
    // and has no effect: the number stays off.
    QVERIFY(m_outbound
                    ->removeFromDoNotContact(kNumber, QStringLiteral("spoke to them"), QStringLiteral("test"))
                    .ok());
    QCOMPARE(postUnlimCall(body), 200);
    QVERIFY(!m_outbound->listedEntry(Recipient::phone(kNumber)));
    QCOMPARE(m_events->count(), 1);
}

void TestEventApplier::unsubscribeTakesTheSuppressionPath()
{
    const QString email = QStringLiteral("Sarah@Example.com");
    const QByteArray body =
            json({{QStringLiteral("id"), QStringLiteral("evt_9")},
                  {QStringLiteral("type"), QStringLiteral("contact.unsubscribed")},
                  {QStringLiteral("timestamp"), isoNow()},
                  {QStringLiteral("data"),
                   QJsonObject{{QStringLiteral("contactId"), QStringLiteral("ct_1")},
                               {QStringLiteral("email"), email},
                               {QStringLiteral("status"), QStringLiteral("unsubscribed")},
                               {QStringLiteral("campaignId"), QStringLiteral("cmp_demo01")}}}});
    QCOMPARE(postOutreach2day("msg_1", body), 200);
    const std::optional<DncEntry> listed = m_outbound->listedEntry(Recipient::email(email.toLower()));
    QVERIFY(listed);
    QCOMPARE(listed->source, SuppressionSync::unsubscribeSource());
    // The mirror knows where it came from, so a sync never pushes it back as the operator's.
    const auto mirror = m_activity->suppression(email.toLower());
    QVERIFY(mirror);
    QVERIFY(mirror->inLocalList);
    QCOMPARE(mirror->source, EmailActivityStore::SuppressionSource::Unsubscribe);

    // A reply is not an unsubscribe.
    const QString other = QStringLiteral("tom@example.com");
    const QByteArray reply =
            json({{QStringLiteral("id"), QStringLiteral("evt_10")},
                  {QStringLiteral("type"), QStringLiteral("reply.received")},
                  {QStringLiteral("timestamp"), isoNow()},
                  {QStringLiteral("data"),
                   QJsonObject{{QStringLiteral("email"), other},
                               {QStringLiteral("replyIntent"), QStringLiteral("interested")}}}});
    QCOMPARE(postOutreach2day("msg_2", reply), 200);
    QVERIFY(!m_outbound->listedEntry(Recipient::email(other)));
}

void TestEventApplier::callAndReplyEventsAreLinkedToTheirLead()
{
    UnloopaLead byPhone;
    byPhone.id = QStringLiteral("lead_phone");
    byPhone.businessName = QStringLiteral("Acme Plumbing");
    byPhone.phone = kNumber;
    byPhone.createdAt = QDateTime::currentDateTimeUtc();
    UnloopaLead byEmail;
    byEmail.id = QStringLiteral("lead_email");
    byEmail.businessName = QStringLiteral("Bolt Electric");
    byEmail.email = QStringLiteral("owner@bolt.example");
    byEmail.createdAt = QDateTime::currentDateTimeUtc();
    QVERIFY(m_leads->saveLeads({byPhone, byEmail}).ok());

    QCOMPARE(postUnlimCall(json({{QStringLiteral("event"), QStringLiteral("call.transferred")},
                                 {QStringLiteral("eventId"), QStringLiteral("evt_call_1")},
                                 {QStringLiteral("callId"), QStringLiteral("call_1")},
                                 {QStringLiteral("phone"), kNumber},
                                 {QStringLiteral("transferTarget"), QStringLiteral("+13055550999")},
                                 {QStringLiteral("timestamp"), isoNow()}})),
             200);
    QCOMPARE(postOutreach2day(
                     "msg_3",
                     json({{QStringLiteral("id"), QStringLiteral("evt_reply_1")},
                           {QStringLiteral("type"), QStringLiteral("reply.received")},
                           {QStringLiteral("timestamp"), isoNow()},
                           {QStringLiteral("data"),
                            QJsonObject{{QStringLiteral("email"), QStringLiteral("Owner@Bolt.example")},
                                        {QStringLiteral("replyIntent"), QStringLiteral("interested")}}}})),
             200);
    QCOMPARE(postUnlimCall(json({{QStringLiteral("event"), QStringLiteral("call.ended")},
                                 {QStringLiteral("eventId"), QStringLiteral("evt_call_2")},
                                 {QStringLiteral("callId"), QStringLiteral("call_2")},
                                 {QStringLiteral("phone"), QStringLiteral("+13055550777")},
                                 {QStringLiteral("timestamp"), isoNow()}})),
             200);

    QHash<QString, QString> leadByType;
    for (const StoredEvent &event : m_events->events())
        leadByType.insert(event.type, event.leadId);
    QCOMPARE(leadByType.size(), 3);
    QCOMPARE(leadByType.value(QStringLiteral("call.transferred")), byPhone.id);
    QCOMPARE(leadByType.value(QStringLiteral("reply.received")), byEmail.id);
    QCOMPARE(leadByType.value(QStringLiteral("call.ended")), QString()); // nobody's number
    // The Events page and `events list` filter by lead from the same rows.
    EventStore::Filter filter;
    filter.leadId = byPhone.id;
    QCOMPARE(m_events->events(filter).size(), 1);
}

void TestEventApplier::scheduledCallGetsItsStatusFromVerloop()
{
    VerloopSandbox *verloop = m_sandbox.server()->verloop();
    // The console and the sandbox agree it is 10:00 in Miami: the call is allowed and due at once.
    verloop->setClock(QDateTime(QDate(2027, 1, 15), QTime(15, 0), QTimeZone::utc()), 1.0);
    OutboundGuard guard(m_outbound.get(), CallingRules());
    guard.setClock([] { return QDateTime(QDate(2027, 1, 15), QTime(15, 0), QTimeZone::utc()); });
    m_sandbox.client(Vendor::Verloop)->setOutboundGate(&guard);
    VerloopService service(m_sandbox.client(Vendor::Verloop));
    VerloopScheduler scheduler(&service, &guard);
    scheduler.setClock([] { return QDateTime(QDate(2027, 1, 15), QTime(15, 0), QTimeZone::utc()); });
    scheduler.setStatusReceiver(base(), m_tokens.get());

    VerloopScheduler::Request request;
    request.recipients = {{kNumber, QStringLiteral("Acme"), {}}};
    request.campaign.name = QStringLiteral("Renewals");
    request.campaign.campaignId = verloop->campaigns().at(1).id;
    request.callbackState = QJsonObject{{QStringLiteral("order_id"), QStringLiteral("12345")}};
    request.when = VerloopTimeSpec::now();
    scheduler.setRequest(request);
    QSignalSpy finished(&scheduler, &VerloopScheduler::finished);
    QVERIFY(scheduler.send());
    QVERIFY(finished.size() > 0 || finished.wait(kWaitMs));
    const VerloopScheduler::Result result = scheduler.results().constFirst();
    QCOMPARE(VerloopScheduler::stateName(result.state), QStringLiteral("scheduled"));

    // Verloop was given the console's own URL with an unguessable token for this call...
    const QList<VerloopScheduledMessage> messages = verloop->scheduledMessages();
    QCOMPARE(messages.size(), 1);
    const QUrl sent(messages.constFirst().callbackUrl);
    const QString prefix = base().toString() + WebhookReceiver::pathFor(Vendor::Verloop);
    QVERIFY2(sent.toString().startsWith(prefix), qPrintable(sent.toString()));
    const QString token = sent.toString().mid(prefix.size());
    QVERIFY(VerloopCallbackTokens::isWellFormed(token));
    const QList<OutboundIntent> intents = m_outbound->intents(Vendor::Verloop);
    QCOMPARE(intents.size(), 1);
    QCOMPARE(m_tokens->intentFor(token), std::optional<QString>(intents.constFirst().id));
    // ...which the audit log never holds (it is the callback's only credential).
    QVERIFY(!intents.constFirst().requestSummary.contains(token.toUtf8()));
    QCOMPARE(VerloopScheduler::callStatus(intents.constFirst()), QStringLiteral("awaiting callback"));

    // The sandbox places the call and posts its status there: the scheduled call shows it.
    QTRY_COMPARE_WITH_TIMEOUT(m_outbound->intent(intents.constFirst().id)->status, QStringLiteral("placed"),
                              kWaitMs);
    const OutboundIntent updated = *m_outbound->intent(intents.constFirst().id);
    QCOMPARE(updated.state, OutboundIntent::State::Sent);
    QCOMPARE(updated.vendorRef, result.messageId);
    QCOMPARE(VerloopScheduler::callStatus(updated), QStringLiteral("placed"));
    const QList<StoredEvent> events = m_events->events();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.constFirst().intentId, updated.id);
    QCOMPARE(events.constFirst().callId, result.messageId);
}

void TestEventApplier::operatorCallbackUrlPassesThrough()
{
    VerloopSandbox *verloop = m_sandbox.server()->verloop();
    OutboundGuard guard(m_outbound.get(), CallingRules());
    guard.setClock([] { return QDateTime(QDate(2027, 1, 15), QTime(15, 0), QTimeZone::utc()); });
    m_sandbox.client(Vendor::Verloop)->setOutboundGate(&guard);
    VerloopService service(m_sandbox.client(Vendor::Verloop));
    VerloopScheduler scheduler(&service, &guard);
    scheduler.setClock([] { return QDateTime(QDate(2027, 1, 15), QTime(15, 0), QTimeZone::utc()); });
    scheduler.setStatusReceiver(base(), m_tokens.get());

    const QUrl mine(QStringLiteral("https://crm.example.com/verloop/status?src=console"));
    VerloopScheduler::Request request;
    request.recipients = {{kNumber, QString(), {}}};
    request.campaign.name = QStringLiteral("Renewals");
    request.campaign.campaignId = verloop->campaigns().at(1).id;
    request.callbackUrl = mine;
    request.when = VerloopTimeSpec::now();
    scheduler.setRequest(request);
    QSignalSpy finished(&scheduler, &VerloopScheduler::finished);
    QVERIFY(scheduler.send());
    QVERIFY(finished.size() > 0 || finished.wait(kWaitMs));
    QCOMPARE(VerloopScheduler::stateName(scheduler.results().constFirst().state),
             QStringLiteral("scheduled"));

    QCOMPARE(verloop->scheduledMessages().constFirst().callbackUrl, mine.toString());
    const OutboundIntent intent = m_outbound->intents(Vendor::Verloop).constFirst();
    QCOMPARE(VerloopScheduler::callStatus(intent), QStringLiteral("status goes to your URL"));

    // With the receiver off the request carries no callback at all.
    VerloopScheduler off(&service, &guard);
    off.setClock([] { return QDateTime(QDate(2027, 1, 15), QTime(15, 0), QTimeZone::utc()); });
    off.setStatusReceiver(QUrl(), m_tokens.get());
    request.callbackUrl = QUrl();
    request.recipients = {{QStringLiteral("+13055550124"), QString(), {}}};
    off.setRequest(request);
    QSignalSpy offFinished(&off, &VerloopScheduler::finished);
    QVERIFY(off.send());
    QVERIFY(offFinished.size() > 0 || offFinished.wait(kWaitMs));
    QCOMPARE(verloop->scheduledMessages().size(), 2);
    QCOMPARE(verloop->scheduledMessages().at(1).callbackUrl, QString());
}

// The console fills Callback.URL only while the receiver is on: a call scheduled with it on and
// the same call sent again with it off (or the other way round) is one call, refused the second
// time — while the audit log still shows where the first one's status goes.
void TestEventApplier::receiverOnOrOffIsTheSameCall()
{
    VerloopSandbox *verloop = m_sandbox.server()->verloop();
    const QDateTime now(QDate(2027, 1, 15), QTime(15, 0), QTimeZone::utc()); // 10:00 in Miami
    OutboundGuard guard(m_outbound.get(), CallingRules());
    guard.setClock([now] { return now; });
    m_sandbox.client(Vendor::Verloop)->setOutboundGate(&guard);
    VerloopService service(m_sandbox.client(Vendor::Verloop));

    VerloopScheduler::Request request;
    request.recipients = {{kNumber, QString(), {}}};
    request.campaign.name = QStringLiteral("Renewals");
    request.campaign.campaignId = verloop->campaigns().at(1).id;
    request.when = VerloopTimeSpec::recipientLocal(QDate(2027, 1, 15), QTime(14, 0));
    const auto send = [&](const QUrl &receiverBase) {
        VerloopScheduler scheduler(&service, &guard);
        scheduler.setClock([now] { return now; });
        scheduler.setStatusReceiver(receiverBase, m_tokens.get());
        scheduler.setRequest(request);
        QSignalSpy finished(&scheduler, &VerloopScheduler::finished);
        if (!scheduler.send() || !(finished.size() > 0 || finished.wait(kWaitMs)))
            return RecipientVerdict();
        return scheduler.results().constFirst().verdict;
    };

    QVERIFY(send(base()).allowed());
    QCOMPARE(verloop->scheduledMessages().size(), 1);
    const OutboundIntent first = m_outbound->intents(Vendor::Verloop).constFirst();
    QCOMPARE(VerloopScheduler::callStatus(first), QStringLiteral("awaiting callback"));

    QCOMPARE(send(QUrl()).reasonCode, QStringLiteral("already_sent")); // receiver off
    QCOMPARE(send(base()).reasonCode, QStringLiteral("already_sent")); // and on again
    QCOMPARE(verloop->scheduledMessages().size(), 1);
    QCOMPARE(m_outbound->intents(Vendor::Verloop).size(), 1);
    // The audit log still holds the callback the first one was sent with.
    QVERIFY(m_outbound->intents(Vendor::Verloop).constFirst().requestSummary.contains("\"URL\""));
}

void TestEventApplier::olderCallbackDoesNotOverwriteANewerStatus()
{
    const QString intentId = savedIntent(OutboundIntent::State::Sent);
    QVERIFY(!intentId.isEmpty());
    const VerloopCallbackTokens::Minted minted = m_tokens->mint(intentId);
    QVERIFY(!minted.token.isEmpty());
    const QString path = WebhookReceiver::pathFor(Vendor::Verloop) + minted.token;
    const auto callback = [&](const QString &status, int minutesAgo) {
        return json({{QStringLiteral("message_id"), QStringLiteral("msg-1")},
                     {QStringLiteral("status"), status},
                     {QStringLiteral("timestamp"), isoNow(-60 * minutesAgo)}});
    };
    QCOMPARE(post(path, callback(QStringLiteral("completed"), 1), {}), 200);
    QCOMPARE(m_outbound->intent(intentId)->status, QStringLiteral("completed"));
    // The earlier "placed" arrives late (Verloop retried it): stored, but the call stays completed.
    QCOMPARE(post(path, callback(QStringLiteral("placed"), 5), {}), 200);
    QCOMPARE(m_events->count(), 2);
    QCOMPARE(m_outbound->intent(intentId)->status, QStringLiteral("completed"));
    // A later one does move it.
    QCOMPARE(post(path, callback(QStringLiteral("answered"), 0), {}), 200);
    QCOMPARE(m_outbound->intent(intentId)->status, QStringLiteral("answered"));
}

void TestEventApplier::callbackResolvesAnUnknownCall()
{
    // The console died while sending: the call's fate was unknown. Verloop's callback settles it.
    const QString intentId = savedIntent(OutboundIntent::State::Unknown);
    const VerloopCallbackTokens::Minted minted = m_tokens->mint(intentId);
    const QString path = WebhookReceiver::pathFor(Vendor::Verloop) + minted.token;
    QCOMPARE(
            post(path,
                 json({{QStringLiteral("message_id"), QStringLiteral("d4f7a8b2-1c3e-4a5f-9b6d-7e8f0a1b2c3d")},
                       {QStringLiteral("status"), QStringLiteral("placed")},
                       {QStringLiteral("timestamp"), isoNow()}}),
                 {}),
            200);
    const OutboundIntent intent = *m_outbound->intent(intentId);
    QCOMPARE(intent.state, OutboundIntent::State::Sent);
    QCOMPARE(intent.vendorRef, QStringLiteral("d4f7a8b2-1c3e-4a5f-9b6d-7e8f0a1b2c3d"));
    QCOMPARE(intent.status, QStringLiteral("placed"));
}

void TestEventApplier::catchUpAppliesWhatADeadProcessLeft()
{
    // Stored (and acknowledged) by a process that died before applying it.
    StoredEvent event;
    event.vendor = Vendor::UnlimCall;
    event.receivedAt = QDateTime::currentDateTimeUtc();
    event.verification = QStringLiteral("verified with secret 1 of 1");
    event.rawBody = json({{QStringLiteral("event"), QStringLiteral("dnc.added")},
                          {QStringLiteral("eventId"), QStringLiteral("evt_left_1")},
                          {QStringLiteral("phone"), kNumber},
                          {QStringLiteral("timestamp"), isoNow()}});
    EventPayload::describe(event);
    const EventStore::InsertResult inserted = m_events->insert(event);
    QCOMPARE(inserted.outcome, EventStore::Outcome::Inserted);
    QVERIFY(!m_applier->isApplied(inserted.id));
    QVERIFY(!m_outbound->listedEntry(Recipient::phone(kNumber)));

    openApplier(); // the next start
    QSignalSpy applied(m_applier.get(), &EventApplier::applied);
    const EventApplier::CaughtUp first = m_applier->catchUp();
    QVERIFY(first.status.ok());
    QCOMPARE(first.applied, 1);
    QCOMPARE(applied.size(), 1);
    QVERIFY(m_applier->isApplied(inserted.id));
    QVERIFY(m_outbound->listedEntry(Recipient::phone(kNumber)));

    // Applied once: taken off the list by the operator, it is not put back by the start after.
    QVERIFY(m_outbound
                    ->removeFromDoNotContact(kNumber, QStringLiteral("wrong number"), QStringLiteral("test"))
                    .ok());
    openApplier();
    QCOMPARE(m_applier->catchUp().applied, 0);
    QVERIFY(!m_outbound->listedEntry(Recipient::phone(kNumber)));
}

CC_TEST_GUILESS_MAIN(TestEventApplier)
#include "tst_eventapplier.moc"
