// Outreach2day's payloads of issue #11 (sends, contact changes, threads, suppressions, webhooks,
// subsequences and routing): the documented shapes read as documented, the undocumented ones
// leniently under other spellings with the whole object kept, and the secret of a webhook
// subscription never written by toJson().

#include "TestMain.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QJsonDocument>

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toUTC();
}

} // namespace

class TestO2dTypes11 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendReadsTheDocumentedItem();
    void sendRoundTrips();
    void contactChangeKeyIsContactStatusAndTime();
    void threadReadsLenientlyAndKeepsRaw();
    void threadLatestFallsBackToUpdatedAt();
    void suppressionEntry();
    void suppressionStatus_data();
    void suppressionStatus();
    void subscriptionReadsWrappedAnswerAndHidesSecret();
    void subscriptionRequestBodyCarriesSecret();
    void subscriptionLimits_data();
    void subscriptionLimits();
    void rotationAnswerWithSecretBesideSubscription();
    void webhookEventReadsNestedDataAndKeysWithoutId();
    void webhookDeliveryReadsLeniently();
    void subsequenceBodyAndLimits();
    void routingPolicyRoundTripAndLimits();
};

void TestO2dTypes11::sendReadsTheDocumentedItem()
{
    const O2dSend send = O2dSend::fromJson(
            json(R"({"id":"snd_001","campaignId":"cmp_abc123","contactId":"cnt_001","stepId":"stp_001",
                     "mailboxId":"mbx_501","to":"sarah@acme.com","status":"SENT","attempts":1,
                     "sentAt":"2026-03-09T09:15:00Z"})"));
    QCOMPARE(send.id, QStringLiteral("snd_001"));
    QCOMPARE(send.campaignId, QStringLiteral("cmp_abc123"));
    QCOMPARE(send.contactId, QStringLiteral("cnt_001"));
    QCOMPARE(send.stepId, QStringLiteral("stp_001"));
    QCOMPARE(send.mailboxId, QStringLiteral("mbx_501"));
    QCOMPARE(send.to, QStringLiteral("sarah@acme.com"));
    QCOMPARE(send.status, QStringLiteral("sent"));
    QCOMPARE(send.attempts, 1);
    QCOMPARE(send.sentAt, utc("2026-03-09T09:15:00Z"));
    QCOMPARE(O2dSend::statuses().size(), 9);
    QVERIFY(O2dSend::statuses().contains(QStringLiteral("canceled")));

    // Not sent yet: no sentAt, attempts as a string.
    const O2dSend queued = O2dSend::fromJson(json(R"({"id":"snd_2","status":"queued","attempts":"0"})"));
    QVERIFY(!queued.sentAt.isValid());
    QCOMPARE(queued.attempts, 0);
    QVERIFY(!queued.toJson().contains(QStringLiteral("sentAt")));
}

void TestO2dTypes11::sendRoundTrips()
{
    O2dSend send;
    send.id = QStringLiteral("snd_9");
    send.campaignId = QStringLiteral("cmp_1");
    send.contactId = QStringLiteral("cnt_9");
    send.stepId = QStringLiteral("stp_2");
    send.mailboxId = QStringLiteral("mbx_1");
    send.to = QStringLiteral("a@b.example");
    send.status = QStringLiteral("bounced");
    send.attempts = 3;
    send.sentAt = utc("2026-03-10T08:00:00.250Z");
    const O2dSend back = O2dSend::fromJson(send.toJson());
    QCOMPARE(back.toJson(), send.toJson());
    QCOMPARE(back.sentAt, send.sentAt);
}

void TestO2dTypes11::contactChangeKeyIsContactStatusAndTime()
{
    const O2dContactChange change = O2dContactChange::fromJson(
            json(R"({"contactId":"cnt_001","email":"sarah@acme.com","status":"replied",
                     "previousStatus":"active","updatedAt":"2026-03-09T14:30:00Z"})"));
    QCOMPARE(change.contactId, QStringLiteral("cnt_001"));
    QCOMPARE(change.email, QStringLiteral("sarah@acme.com"));
    QCOMPARE(change.status, QStringLiteral("replied"));
    QCOMPARE(change.previousStatus, QStringLiteral("active"));
    QCOMPARE(change.updatedAt, utc("2026-03-09T14:30:00Z"));

    // The same change read again (another time-zone spelling of the same instant) has the same key.
    const O2dContactChange same = O2dContactChange::fromJson(
            json(R"({"contactId":"cnt_001","status":"replied","updatedAt":"2026-03-09T15:30:00+01:00"})"));
    QCOMPARE(same.key(), change.key());

    // Each part of the key matters.
    O2dContactChange other = change;
    other.status = QStringLiteral("unsubscribed");
    QVERIFY(other.key() != change.key());
    other = change;
    other.updatedAt = change.updatedAt.addSecs(1);
    QVERIFY(other.key() != change.key());
    other = change;
    other.contactId = QStringLiteral("cnt_002");
    QVERIFY(other.key() != change.key());
    // Parts cannot run into each other.
    O2dContactChange a, b;
    a.contactId = QStringLiteral("cnt_1");
    a.status = QStringLiteral("0replied");
    b.contactId = QStringLiteral("cnt_10");
    b.status = QStringLiteral("replied");
    QVERIFY(a.key() != b.key());

    QCOMPARE(O2dContactChange::fromJson(change.toJson()).key(), change.key());
}

void TestO2dTypes11::threadReadsLenientlyAndKeepsRaw()
{
    const QJsonObject object = json(R"({"threadId":"thr_7","campaignId":"cmp_abc123","contactId":"cnt_001",
                     "contactEmail":"sarah@acme.com","intent":"Interested","subject":"Re: Quick question",
                     "preview":"Sounds good, let's talk","text":"Sounds good, let's talk Tuesday.",
                     "messageCount":3,"lastReplyAt":"2026-03-09T14:30:00Z","createdAt":"2026-03-09T09:15:00Z",
                     "labels":["hot"]})");
    const O2dThread thread = O2dThread::fromJson(object);
    QCOMPARE(thread.id, QStringLiteral("thr_7"));
    QCOMPARE(thread.campaignId, QStringLiteral("cmp_abc123"));
    QCOMPARE(thread.contactId, QStringLiteral("cnt_001"));
    QCOMPARE(thread.email, QStringLiteral("sarah@acme.com"));
    QCOMPARE(thread.replyIntent, QStringLiteral("interested"));
    QCOMPARE(thread.subject, QStringLiteral("Re: Quick question"));
    QCOMPARE(thread.snippet, QStringLiteral("Sounds good, let's talk"));
    QCOMPARE(thread.body, QStringLiteral("Sounds good, let's talk Tuesday."));
    QCOMPARE(thread.messageCount, 3);
    QCOMPARE(thread.lastMessageAt, utc("2026-03-09T14:30:00Z"));
    QCOMPARE(thread.updatedAt, utc("2026-03-09T09:15:00Z"));
    QCOMPARE(thread.raw, object);

    // toJson keeps what the vendor sent that has no field (labels) and writes the typed ones.
    const QJsonObject written = thread.toJson();
    QCOMPARE(written.value(QStringLiteral("labels")).toArray().size(), 1);
    QCOMPARE(written.value(QStringLiteral("replyIntent")).toString(), QStringLiteral("interested"));
    const O2dThread back = O2dThread::fromJson(written);
    QCOMPARE(back.id, thread.id);
    QCOMPARE(back.replyIntent, thread.replyIntent);
    QCOMPARE(back.latestAt(), thread.latestAt());

    // The documented spelling wins when both are present.
    const O2dThread documented =
            O2dThread::fromJson(json(R"({"id":"t1","replyIntent":"not_interested","intent":"interested"})"));
    QCOMPARE(documented.replyIntent, QStringLiteral("not_interested"));
    QCOMPARE(documented.messageCount, -1);
}

void TestO2dTypes11::threadLatestFallsBackToUpdatedAt()
{
    const O2dThread thread = O2dThread::fromJson(json(R"({"id":"t1","updatedAt":"2026-03-09T10:00:00Z"})"));
    QVERIFY(!thread.lastMessageAt.isValid());
    QCOMPARE(thread.latestAt(), utc("2026-03-09T10:00:00Z"));
}

void TestO2dTypes11::suppressionEntry()
{
    const O2dSuppression entry = O2dSuppression::fromJson(
            json(R"({"email":" Do-Not-Email@Company.com ","reason":"manual_suppression","source":"api",
                     "createdAt":"2026-03-09T10:00:00Z"})"));
    QCOMPARE(entry.email, QStringLiteral("do-not-email@company.com"));
    QCOMPARE(entry.reason, QStringLiteral("manual_suppression"));
    QCOMPARE(entry.source, QStringLiteral("api"));
    QCOMPARE(entry.createdAt, utc("2026-03-09T10:00:00Z"));
    QCOMPARE(O2dSuppression::fromJson(entry.toJson()).toJson(), entry.toJson());
    QCOMPARE(O2dSuppression::fromJson(json(R"({"address":"x@y.example"})")).email,
             QStringLiteral("x@y.example"));
}

void TestO2dTypes11::suppressionStatus_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("suppressed");
    QTest::addColumn<QString>("reason");
    QTest::newRow("flag true")
            << QByteArray(R"({"email":"a@b.example","suppressed":true,"reason":"unsubscribed"})") << true
            << QStringLiteral("unsubscribed");
    QTest::newRow("flag false") << QByteArray(R"({"email":"a@b.example","suppressed":false})") << false
                                << QString();
    QTest::newRow("flag as text") << QByteArray(R"({"email":"a@b.example","suppressed":"true"})") << true
                                  << QString();
    QTest::newRow("status word") << QByteArray(R"({"email":"a@b.example","status":"suppressed"})") << true
                                 << QString();
    QTest::newRow("status other") << QByteArray(R"({"email":"a@b.example","status":"active"})") << false
                                  << QString();
    QTest::newRow("entry object") << QByteArray(
                                             R"({"suppression":{"email":"a@b.example","reason":"bounced"}})")
                                  << true << QStringLiteral("bounced");
    QTest::newRow("nothing said") << QByteArray(R"({"email":"a@b.example"})") << false << QString();
}

void TestO2dTypes11::suppressionStatus()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, suppressed);
    QFETCH(QString, reason);
    const O2dSuppressionStatus status =
            O2dSuppressionStatus::fromJson(QJsonDocument::fromJson(body).object());
    QCOMPARE(status.email, QStringLiteral("a@b.example"));
    QCOMPARE(status.suppressed, suppressed);
    QCOMPARE(status.reason, reason);
    QCOMPARE(status.toJson().value(QStringLiteral("suppressed")).toBool(), suppressed);
}

void TestO2dTypes11::subscriptionReadsWrappedAnswerAndHidesSecret()
{
    const O2dWebhookSubscription subscription = O2dWebhookSubscription::fromJson(
            json(R"({"subscription":{"id":"wh_sub_001","endpoint":"https://your-app.com/webhooks/outreach",
                     "eventTypes":["reply.received","contact.bounced","contact.unsubscribed"],
                     "replyIntents":["interested"],"campaignIds":["cmp_abc123"],"ignoreOoo":true,
                     "ignoreAutoReply":"true","status":"ACTIVE","secret":"whsec_abc"}})"));
    QCOMPARE(subscription.id, QStringLiteral("wh_sub_001"));
    QCOMPARE(subscription.endpoint, QStringLiteral("https://your-app.com/webhooks/outreach"));
    QCOMPARE(subscription.eventTypes,
             QStringList({QStringLiteral("reply.received"), QStringLiteral("contact.bounced"),
                          QStringLiteral("contact.unsubscribed")}));
    QCOMPARE(subscription.replyIntents, QStringList{QStringLiteral("interested")});
    QCOMPARE(subscription.campaignIds, QStringList{QStringLiteral("cmp_abc123")});
    QVERIFY(subscription.ignoreOoo);
    QVERIFY(subscription.ignoreAutoReply);
    QCOMPARE(subscription.status, QStringLiteral("active"));
    QCOMPARE(subscription.secret, QStringLiteral("whsec_abc"));

    // What is shown and kept has no secret anywhere.
    const QJsonObject shown = subscription.toJson();
    QVERIFY(!shown.contains(QStringLiteral("secret")));
    QVERIFY(!QJsonDocument(shown).toJson().contains("whsec_abc"));
    const O2dWebhookSubscription back = O2dWebhookSubscription::fromJson(shown);
    QCOMPARE(back.toJson(), shown);
    QVERIFY(back.secret.isEmpty());

    // The bare object reads the same.
    QCOMPARE(O2dWebhookSubscription::fromJson(json(R"({"id":"wh_sub_001"})")).id,
             QStringLiteral("wh_sub_001"));
}

void TestO2dTypes11::subscriptionRequestBodyCarriesSecret()
{
    O2dWebhookSubscription subscription;
    subscription.endpoint = QStringLiteral(" https://hooks.example/o2d ");
    subscription.eventTypes = {QStringLiteral("reply.received")};
    subscription.ignoreOoo = true;
    subscription.secret = QStringLiteral("whsec_new");
    QVERIFY(!subscription.problem());
    const QJsonObject body = subscription.requestBody();
    QCOMPARE(body.value(QStringLiteral("endpoint")).toString(), QStringLiteral("https://hooks.example/o2d"));
    QCOMPARE(body.value(QStringLiteral("secret")).toString(), QStringLiteral("whsec_new"));
    QCOMPARE(body.value(QStringLiteral("ignoreOoo")).toBool(), true);
    QCOMPARE(body.value(QStringLiteral("ignoreAutoReply")).toBool(), false);
    // Empty filters are left out (the vendor's default: all).
    QVERIFY(!body.contains(QStringLiteral("replyIntents")));
    QVERIFY(!body.contains(QStringLiteral("campaignIds")));

    subscription.secret.clear();
    QVERIFY(!subscription.requestBody().contains(QStringLiteral("secret")));
}

void TestO2dTypes11::subscriptionLimits_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QStringList>("eventTypes");
    QTest::addColumn<QString>("field");
    const QStringList one{QStringLiteral("reply.received")};
    QTest::newRow("valid https") << QStringLiteral("https://a.example/h") << one << QString();
    QTest::newRow("valid loopback http") << QStringLiteral("http://127.0.0.1:8080/h") << one << QString();
    QTest::newRow("empty endpoint") << QString() << one << QStringLiteral("endpoint");
    QTest::newRow("no scheme") << QStringLiteral("a.example/h") << one << QStringLiteral("endpoint");
    QTest::newRow("ftp") << QStringLiteral("ftp://a.example/h") << one << QStringLiteral("endpoint");
    QTest::newRow("no event type") << QStringLiteral("https://a.example/h") << QStringList()
                                   << QStringLiteral("eventTypes");
}

void TestO2dTypes11::subscriptionLimits()
{
    QFETCH(QString, endpoint);
    QFETCH(QStringList, eventTypes);
    QFETCH(QString, field);
    O2dWebhookSubscription subscription;
    subscription.endpoint = endpoint;
    subscription.eventTypes = eventTypes;
    const std::optional<ApiError> problem = subscription.problem();
    if (field.isEmpty()) {
        QVERIFY2(!problem, problem ? qPrintable(problem->explanation) : "");
        return;
    }
    QVERIFY(problem);
    QCOMPARE(problem->code, QStringLiteral("invalid_field"));
    QCOMPARE(problem->details.value(QStringLiteral("field")).toString(), field);
    QVERIFY2(problem->explanation.contains(field), qPrintable(problem->explanation));
}

void TestO2dTypes11::rotationAnswerWithSecretBesideSubscription()
{
    const O2dWebhookSubscription rotated = O2dWebhookSubscription::fromJson(
            json(R"({"subscription":{"id":"wh_sub_001","status":"active"},"secret":"whsec_rotated"})"));
    QCOMPARE(rotated.id, QStringLiteral("wh_sub_001"));
    QCOMPARE(rotated.secret, QStringLiteral("whsec_rotated"));
}

void TestO2dTypes11::webhookEventReadsNestedDataAndKeysWithoutId()
{
    const QJsonObject object = json(R"({"eventType":"reply.received","occurredAt":"2026-03-09T14:30:00Z",
                     "data":{"campaignId":"cmp_abc123","contactId":"cnt_001","email":"sarah@acme.com",
                             "intent":"interested"}})");
    const O2dWebhookEvent event = O2dWebhookEvent::fromJson(object);
    QVERIFY(event.id.isEmpty());
    QCOMPARE(event.type, QStringLiteral("reply.received"));
    QCOMPARE(event.campaignId, QStringLiteral("cmp_abc123"));
    QCOMPARE(event.contactId, QStringLiteral("cnt_001"));
    QCOMPARE(event.email, QStringLiteral("sarah@acme.com"));
    QCOMPARE(event.replyIntent, QStringLiteral("interested"));
    QCOMPARE(event.createdAt, utc("2026-03-09T14:30:00Z"));
    QCOMPARE(event.raw, object);
    QVERIFY(!event.key().isEmpty());
    QCOMPARE(O2dWebhookEvent::fromJson(object).key(), event.key());
    O2dWebhookEvent later = event;
    later.createdAt = later.createdAt.addSecs(60);
    QVERIFY(later.key() != event.key());

    const O2dWebhookEvent withId =
            O2dWebhookEvent::fromJson(json(R"({"id":"evt_1","type":"contact.bounced"})"));
    QCOMPARE(withId.key(), QStringLiteral("evt_1"));
    QCOMPARE(O2dWebhookEvent::fromJson(withId.toJson()).type, QStringLiteral("contact.bounced"));
}

void TestO2dTypes11::webhookDeliveryReadsLeniently()
{
    const O2dWebhookDelivery delivery = O2dWebhookDelivery::fromJson(
            json(R"({"id":"dlv_1","subscriptionId":"wh_sub_001","eventId":"evt_1","type":"reply.received",
                     "status":"FAILED","attempt":2,"statusCode":503,"error":{"message":"Service Unavailable"},
                     "attemptedAt":"2026-03-09T14:31:00Z","nextRetryAt":"2026-03-09T14:36:00Z"})"));
    QCOMPARE(delivery.key(), QStringLiteral("dlv_1"));
    QCOMPARE(delivery.subscriptionId, QStringLiteral("wh_sub_001"));
    QCOMPARE(delivery.eventId, QStringLiteral("evt_1"));
    QCOMPARE(delivery.eventType, QStringLiteral("reply.received"));
    QCOMPARE(delivery.status, QStringLiteral("failed"));
    QCOMPARE(delivery.attempts, 2);
    QCOMPARE(delivery.responseStatus, 503);
    QCOMPARE(delivery.error, QStringLiteral("Service Unavailable"));
    QCOMPARE(delivery.createdAt, utc("2026-03-09T14:31:00Z"));
    QCOMPARE(delivery.nextAttemptAt, utc("2026-03-09T14:36:00Z"));
    const O2dWebhookDelivery back = O2dWebhookDelivery::fromJson(delivery.toJson());
    QCOMPARE(back.responseStatus, 503);
    QCOMPARE(back.attempts, 2);
    QCOMPARE(back.nextAttemptAt, delivery.nextAttemptAt);

    // Without an id, two attempts of one event are two deliveries.
    O2dWebhookDelivery first = O2dWebhookDelivery::fromJson(json(R"({"eventId":"evt_1","attempts":1})"));
    O2dWebhookDelivery second = O2dWebhookDelivery::fromJson(json(R"({"eventId":"evt_1","attempts":2})"));
    QVERIFY(first.key() != second.key());
}

void TestO2dTypes11::subsequenceBodyAndLimits()
{
    O2dSubsequence subsequence;
    subsequence.name = QStringLiteral("  ");
    QVERIFY(subsequence.problem());
    QCOMPARE(subsequence.problem()->details.value(QStringLiteral("field")).toString(),
             QStringLiteral("name"));
    subsequence.name = QStringLiteral("Interested Follow-up");
    QVERIFY(!subsequence.problem());
    QCOMPARE(subsequence.toJson(), json(R"({"name":"Interested Follow-up","enrollmentMode":"manual"})"));

    const O2dSubsequence answer = O2dSubsequence::fromJson(
            json(R"({"id":"sub_001","campaignId":"cmp_abc123","name":"Interested Follow-up"})"));
    QCOMPARE(answer.id, QStringLiteral("sub_001"));
    QCOMPARE(answer.enrollmentMode, QStringLiteral("manual"));
    QCOMPARE(O2dSubsequence::fromJson(json(R"({"subsequence":{"id":"sub_2","enrollmentMode":"auto"}})"))
                     .enrollmentMode,
             QStringLiteral("auto"));
}

void TestO2dTypes11::routingPolicyRoundTripAndLimits()
{
    const QJsonObject documented = json(R"({"routingPolicy":{"rules":[
        {"trigger":"reply_intent","value":"interested","subsequenceId":"sub_001"}]}})");
    const O2dRoutingPolicy policy = O2dRoutingPolicy::fromJson(documented);
    QCOMPARE(policy.rules.size(), 1);
    QCOMPARE(policy.rules.first().trigger, QStringLiteral("reply_intent"));
    QCOMPARE(policy.rules.first().value, QStringLiteral("interested"));
    QCOMPARE(policy.rules.first().subsequenceId, QStringLiteral("sub_001"));
    QVERIFY(!policy.problem());
    QCOMPARE(policy.toJson(), documented);
    QCOMPARE(O2dRoutingPolicy::fromJson(documented.value(QStringLiteral("routingPolicy"))).rules,
             policy.rules);
    QCOMPARE(O2dRoutingPolicy::fromJson(QJsonValue(QJsonArray{policy.rules.first().toJson()})).rules,
             policy.rules);

    O2dRoutingPolicy broken = policy;
    broken.rules.append(O2dRoutingRule{});
    QCOMPARE(broken.problem()->details.value(QStringLiteral("field")).toString(),
             QStringLiteral("rules[1].value"));
    broken.rules.last().value = QStringLiteral("not_interested");
    QCOMPARE(broken.problem()->details.value(QStringLiteral("field")).toString(),
             QStringLiteral("rules[1].subsequenceId"));
    broken.rules.last().value = QStringLiteral("interested");
    broken.rules.last().subsequenceId = QStringLiteral("sub_002");
    QCOMPARE(broken.problem()->details.value(QStringLiteral("field")).toString(),
             QStringLiteral("rules[1].value"));
    broken.rules.last().value = QStringLiteral("not_interested");
    QVERIFY(!broken.problem());
}

CC_TEST_GUILESS_MAIN(TestO2dTypes11)
#include "tst_o2dtypes11.moc"
