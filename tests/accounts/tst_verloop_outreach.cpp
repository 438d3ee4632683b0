// Verloop's SendMessage and Outreach2day's connection probe over real HTTP against the sandbox.
// SendMessage contacts a person: it is validated before sending and never sent twice.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "core/VendorClient.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "outreach2day/Outreach2dayService.h"
#include "phone/PhoneNumbers.h"
#include "sandbox/VerloopSandbox.h"
#include "verloop/VerloopService.h"

#include <QTemporaryDir>

#include <QRegularExpression>
#include <QTimeZone>

class TestVerloopOutreach : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void sendMessageSchedulesOneCall();
    void scheduledTimeIsSentWithAnOffset_data();
    void scheduledTimeIsSentWithAnOffset();
    void invalidMessagesAreRefusedLocally_data();
    void invalidMessagesAreRefusedLocally();
    void unknownCampaignIsExplained();
    void serverErrorIsNeverRetried();
    void wrongTokenIsUnauthenticated();
    void onlyUnderAClearanceOnce();
    void checkFormat();
    void outreachEventTypes();
    void outreachWithoutWorkspaceSendsNothing();
    void outreachWrongKey();

private:
    VerloopMessage validMessage() const;
    // The real guard's clearance for `message` (empty when it refuses), which the HTTP core
    // redeems once.
    QString clearance(const VerloopMessage &message);
    template<typename T, typename Call>
    Result<T> wait(Call call);

    SandboxFixture m_sandbox;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteOutboundStore> m_store;
    std::unique_ptr<OutboundGuard> m_guard;
};

void TestVerloopOutreach::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
}

void TestVerloopOutreach::init()
{
    m_sandbox.server()->clearFaults();
    m_sandbox.server()->clearRequests();
    m_sandbox.server()->verloop()->clearScheduledMessages();
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<SqliteOutboundStore>(m_dir->filePath(QStringLiteral("console.sqlite")));
    m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
    m_sandbox.client(Vendor::Verloop)->setOutboundGate(m_guard.get());
}

void TestVerloopOutreach::cleanup()
{
    m_sandbox.client(Vendor::Verloop)->setOutboundGate(nullptr);
    m_guard.reset();
    m_store.reset();
    m_dir.reset();
}

QString TestVerloopOutreach::clearance(const VerloopMessage &message)
{
    OutboundAction action;
    action.vendor = Vendor::Verloop;
    action.action = QStringLiteral("schedule_call");
    action.recipients = {
            Recipient::phone(PhoneNumbers::toE164(message.phoneNumber).value_or(message.phoneNumber))};
    action.ringsAt = message.scheduledAt;
    action.requestSummary = QJsonDocument(message.toJson()).toJson(QJsonDocument::Compact);
    return m_guard->clear(action).id;
}

VerloopMessage TestVerloopOutreach::validMessage() const
{
    VerloopMessage message;
    message.campaignId = m_sandbox.server()->verloop()->campaigns().constFirst().id;
    message.phoneNumber = QStringLiteral("+91 81230 02929");
    message.scheduledAt = QDateTime(QDate(2026, 3, 4), QTime(15, 45, 30), QTimeZone("Asia/Kolkata"));
    message.bypassCallingWindow = true;
    message.variables = QJsonObject{{QStringLiteral("customer_id"), QStringLiteral("c-42")}};
    message.callbackUrl = QUrl(QStringLiteral("https://hooks.example.com/verloop"));
    message.callbackState = QJsonObject{{QStringLiteral("order_id"), QStringLiteral("12345")}};
    return message;
}

template<typename T, typename Call>
Result<T> TestVerloopOutreach::wait(Call call)
{
    std::optional<Result<T>> result;
    call([&result](const Result<T> &r) { result.emplace(r); });
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 60'000);
    }();
    if (!result)
        return ApiError::local(Vendor::Verloop, QStringLiteral("test_timeout"), QStringLiteral("no answer"));
    return *result;
}

void TestVerloopOutreach::sendMessageSchedulesOneCall()
{
    VerloopService service(m_sandbox.client(Vendor::Verloop));
    const auto accepted = wait<VerloopMessageAccepted>(
            [&](auto done) { service.sendMessage(validMessage(), clearance(validMessage()), this, done); });
    QVERIFY2(accepted.ok(), qPrintable(accepted.error().explanation));
    QVERIFY(!accepted->messageId.isEmpty());

    const QList<VerloopScheduledMessage> scheduled = m_sandbox.server()->verloop()->scheduledMessages();
    QCOMPARE(scheduled.size(), 1);
    QCOMPARE(scheduled.at(0).messageId, accepted->messageId);
    QCOMPARE(scheduled.at(0).phoneNumber, QStringLiteral("918123002929")); // digits with country code
    QCOMPARE(scheduled.at(0).scheduledTime, QStringLiteral("2026-03-04T15:45:30+05:30"));
    QVERIFY(scheduled.at(0).bypassCallingWindow);
    QCOMPARE(scheduled.at(0).variables.value(QStringLiteral("customer_id")).toString(),
             QStringLiteral("c-42"));
    QCOMPARE(scheduled.at(0).callbackUrl, QStringLiteral("https://hooks.example.com/verloop"));
    QCOMPARE(scheduled.at(0).callbackState.value(QStringLiteral("order_id")).toString(),
             QStringLiteral("12345"));
}

// Verloop reads a time without an offset in its dashboard's zone, which the console cannot know:
// whatever zone the time was chosen in, it goes out with an explicit offset and Verloop places
// the call at that instant.
void TestVerloopOutreach::scheduledTimeIsSentWithAnOffset_data()
{
    QTest::addColumn<QDateTime>("when");
    QTest::addColumn<QString>("sent");
    const QDate winter(2026, 3, 4);
    const QDate summer(2026, 7, 4);
    QTest::newRow("utc") << QDateTime(winter, QTime(10, 15, 30), QTimeZone::utc()) << "2026-03-04T10:15:30Z";
    QTest::newRow("new york, winter") << QDateTime(winter, QTime(10, 15, 30), QTimeZone("America/New_York"))
                                      << "2026-03-04T10:15:30-05:00";
    QTest::newRow("new york, summer") << QDateTime(summer, QTime(10, 15, 30), QTimeZone("America/New_York"))
                                      << "2026-07-04T10:15:30-04:00";
    QTest::newRow("kolkata") << QDateTime(winter, QTime(15, 45, 30), QTimeZone("Asia/Kolkata"))
                             << "2026-03-04T15:45:30+05:30";
    QTest::newRow("fixed offset") << QDateTime(winter, QTime(8, 0), QTimeZone(-3 * 3600))
                                  << "2026-03-04T08:00:00-03:00";
    QTest::newRow("milliseconds dropped")
            << QDateTime(winter, QTime(10, 15, 30, 999), QTimeZone::utc()) << "2026-03-04T10:15:30Z";
    // The operator's own zone, whichever it is: the text must still carry its offset.
    QTest::newRow("operator's local time") << QDateTime(summer, QTime(12, 0), Qt::LocalTime) << QString();
}

void TestVerloopOutreach::scheduledTimeIsSentWithAnOffset()
{
    QFETCH(QDateTime, when);
    QFETCH(QString, sent);
    VerloopMessage message = validMessage();
    message.scheduledAt = when;
    VerloopService service(m_sandbox.client(Vendor::Verloop));
    const auto accepted = wait<VerloopMessageAccepted>(
            [&](auto done) { service.sendMessage(message, clearance(message), this, done); });
    QVERIFY2(accepted.ok(), qPrintable(accepted.error().explanation));

    const QList<VerloopScheduledMessage> scheduled = m_sandbox.server()->verloop()->scheduledMessages();
    QCOMPARE(scheduled.size(), 1);
    const QString text = scheduled.at(0).scheduledTime;
    if (!sent.isEmpty())
        QCOMPARE(text, sent);
    QVERIFY2(QRegularExpression(QStringLiteral("(Z|[+-]\\d\\d:\\d\\d)$")).match(text).hasMatch(),
             qPrintable(text));
    // The sandbox reads it as Verloop does (a zone-less time in its dashboard's zone, Asia/Kolkata):
    // the same instant as chosen, to the second.
    QCOMPARE(scheduled.at(0).scheduledAt.toMSecsSinceEpoch(), when.toMSecsSinceEpoch() / 1000 * 1000);
}

void TestVerloopOutreach::invalidMessagesAreRefusedLocally_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("words");
    QTest::newRow("no campaign") << "campaign"
                                 << ""
                                 << "Campaign ID";
    QTest::newRow("campaign not a uuid") << "campaign"
                                         << "summer-promo"
                                         << "UUID";
    QTest::newRow("no phone") << "phone"
                              << ""
                              << "phone number";
    QTest::newRow("bad phone") << "phone"
                               << "+1 555"
                               << "";
    QTest::newRow("no time") << "time"
                             << ""
                             << "when";
    QTest::newRow("http callback") << "callback"
                                   << "http://hooks.example.com/x"
                                   << "https";
    QTest::newRow("callback without host") << "callback"
                                           << "https:///x"
                                           << "https";
}

void TestVerloopOutreach::invalidMessagesAreRefusedLocally()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, words);
    VerloopMessage message = validMessage();
    if (field == QLatin1String("campaign"))
        message.campaignId = value;
    else if (field == QLatin1String("phone"))
        message.phoneNumber = value;
    else if (field == QLatin1String("time"))
        message.scheduledAt = QDateTime();
    else
        message.callbackUrl = QUrl(value);
    QVERIFY(!message.problem().isEmpty());

    VerloopService service(m_sandbox.client(Vendor::Verloop));
    const auto result = wait<VerloopMessageAccepted>(
            [&](auto done) { service.sendMessage(message, clearance(message), this, done); });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ApiError::Kind::Local);
    QCOMPARE(result.error().code, QStringLiteral("invalid_message"));
    QVERIFY2(result.error().explanation.contains(words), qPrintable(result.error().explanation));
    QCOMPARE(m_sandbox.server()->requests().size(), 0);

    // Plain http is for this computer only (the sandbox's callback receiver in tests).
    VerloopMessage loopback = validMessage();
    loopback.callbackUrl = QUrl(QStringLiteral("http://127.0.0.1:8123/verloop"));
    QVERIFY2(loopback.problem().isEmpty(), qPrintable(loopback.problem()));
}

void TestVerloopOutreach::unknownCampaignIsExplained()
{
    VerloopMessage message = validMessage();
    message.campaignId = m_sandbox.server()->verloop()->draftCampaign().id; // exists, not published
    VerloopService service(m_sandbox.client(Vendor::Verloop));
    const auto result = wait<VerloopMessageAccepted>(
            [&](auto done) { service.sendMessage(message, clearance(message), this, done); });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().httpStatus, 400);
    QCOMPARE(result.error().code, QStringLiteral("invalid_argument"));
    QVERIFY(result.error().explanation.contains(QStringLiteral("published")));
}

void TestVerloopOutreach::serverErrorIsNeverRetried()
{
    SandboxFault fault;
    fault.kind = SandboxFault::Kind::ServerError;
    fault.vendor = Vendor::Verloop;
    fault.status = 503;
    fault.count = 1;
    m_sandbox.server()->addFault(fault);
    VerloopService service(m_sandbox.client(Vendor::Verloop));
    const auto result = wait<VerloopMessageAccepted>(
            [&](auto done) { service.sendMessage(validMessage(), clearance(validMessage()), this, done); });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().httpStatus, 503);
    // One attempt only: a second one could place a second call.
    QCOMPARE(m_sandbox.server()->requestCount(Vendor::Verloop, "POST",
                                              QStringLiteral("/Campaign/SendMessage")),
             1);
}

void TestVerloopOutreach::wrongTokenIsUnauthenticated()
{
    VendorClient *wrongToken = m_sandbox.clientWithToken(Vendor::Verloop, "not-the-verloop-token");
    wrongToken->setOutboundGate(m_guard.get());
    VerloopService service(wrongToken);
    const auto result = wait<VerloopMessageAccepted>(
            [&](auto done) { service.sendMessage(validMessage(), clearance(validMessage()), this, done); });
    QVERIFY(!result.ok());
    QVERIFY(result.error().isAuthFailure());
    QCOMPARE(result.error().code, QStringLiteral("unauthenticated"));
    QVERIFY(m_sandbox.server()->verloop()->scheduledMessages().isEmpty());
    wrongToken->setOutboundGate(nullptr);
}

// SendMessage contacts a person (README promise O1): without the guard's clearance, or with one
// already used, nothing reaches Verloop.
void TestVerloopOutreach::onlyUnderAClearanceOnce()
{
    VerloopService service(m_sandbox.client(Vendor::Verloop));
    const auto uncleared = wait<VerloopMessageAccepted>(
            [&](auto done) { service.sendMessage(validMessage(), QString(), this, done); });
    QVERIFY(!uncleared.ok());
    QCOMPARE(uncleared.error().code, QStringLiteral("not_cleared"));
    QCOMPARE(m_sandbox.server()->requests().size(), 0);

    const QString id = clearance(validMessage());
    QVERIFY(!id.isEmpty());
    const auto first = wait<VerloopMessageAccepted>(
            [&](auto done) { service.sendMessage(validMessage(), id, this, done); });
    QVERIFY2(first.ok(), qPrintable(first.error().explanation));
    const auto again = wait<VerloopMessageAccepted>(
            [&](auto done) { service.sendMessage(validMessage(), id, this, done); });
    QCOMPARE(again.error().code, QStringLiteral("not_cleared"));
    QCOMPARE(m_sandbox.server()->verloop()->scheduledMessages().size(), 1);
    // The guard kept Verloop's message_id with the intent.
    QCOMPARE(m_store->intent(id)->vendorRef, first->messageId);
}

void TestVerloopOutreach::checkFormat()
{
    VendorCredentials credentials;
    credentials.vendor = Vendor::Verloop;
    credentials.token = "a-token";
    credentials.clientId = QStringLiteral("acme");
    QVERIFY(!VerloopService::checkFormat(credentials));
    credentials.clientId.clear();
    QVERIFY(VerloopService::checkFormat(credentials));
    credentials.clientId = QStringLiteral("acme");
    credentials.token.clear();
    const auto missing = VerloopService::checkFormat(credentials);
    QVERIFY(missing);
    QVERIFY(missing->explanation.contains(QStringLiteral("missing")));
}

void TestVerloopOutreach::outreachEventTypes()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const auto types = wait<QStringList>([&](auto done) { service.fetchWebhookEventTypes(this, done); });
    QVERIFY2(types.ok(), qPrintable(types.error().explanation));
    // The documented ones are there.
    for (const char *type : {"reply.received", "contact.bounced", "contact.unsubscribed"})
        QVERIFY(types->contains(QString::fromLatin1(type)));
    const QList<SandboxRecordedRequest> requests = m_sandbox.server()->requests();
    QCOMPARE(requests.size(), 1);
    QVERIFY(requests.at(0).query.contains(QStringLiteral("workspaceId=") +
                                          SandboxFixture::outreachWorkspaceId()));
}

void TestVerloopOutreach::outreachWithoutWorkspaceSendsNothing()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    const auto types = wait<QStringList>([&](auto done) { service.fetchWebhookEventTypes(this, done); });
    QVERIFY(!types.ok());
    QCOMPARE(types.error().code, QStringLiteral("workspace_missing"));
    QCOMPARE(m_sandbox.server()->requests().size(), 0);
}

void TestVerloopOutreach::outreachWrongKey()
{
    Outreach2dayService service(m_sandbox.clientWithToken(Vendor::Outreach2day, "ot2d_wrong"));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const auto types = wait<QStringList>([&](auto done) { service.fetchWebhookEventTypes(this, done); });
    QVERIFY(!types.ok());
    QCOMPARE(types.error().httpStatus, 401);
    QVERIFY(types.error().isAuthFailure());
    QVERIFY2(types.error().explanation.contains(QStringLiteral("missing or invalid")),
             qPrintable(types.error().explanation));
}

CC_TEST_GUILESS_MAIN(TestVerloopOutreach)
#include "tst_verloop_outreach.moc"
