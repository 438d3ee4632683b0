// Verloop's sandbox keeps the calls SendMessage scheduled and places them at their time on an
// accelerated clock, moves a call due outside its campaign's working window to the window's next
// start unless it bypasses the window, and posts each change to Callback.URL with the State.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "sandbox/VerloopSandbox.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTimeZone>

namespace {
constexpr int kWaitMs = 60'000;
} // namespace

class TestVerloopSandbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void callIsPlacedAtItsTimeNotBefore();
    void workingWindow_data();
    void workingWindow();
    void bypassRingsAtTheExactTime();
    void callbacksCarryTheState();
    void callbackOffThisComputerIsNotPosted();
    void failedCallbackIsRetriedOnTheSandboxClock();

private:
    // POST /Campaign/SendMessage as a client would; the message_id, or empty.
    QString schedule(const QString &campaignId, const QString &time, bool bypass = false,
                     const QString &callbackUrl = {}, const QJsonObject &state = {});
    VerloopScheduledMessage message(const QString &id) const;
    VerloopSandbox *verloop() const { return m_sandbox.server()->verloop(); }

    SandboxFixture m_sandbox;
    QHttpServer m_receiver; // the operator's webhook, on this computer
    quint16 m_receiverPort = 0;
    QList<QJsonObject> m_received;
    int m_flakyAnswers = 0;
};

void TestVerloopSandbox::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    m_receiver.route(QStringLiteral("/hook"), [this](const QHttpServerRequest &request) {
        m_received.append(QJsonDocument::fromJson(request.body()).object());
        return QHttpServerResponse(QHttpServerResponse::StatusCode::NoContent);
    });
    // Answers 503 to every other request, starting with the first.
    m_receiver.route(QStringLiteral("/flaky"), [this](const QHttpServerRequest &request) {
        m_received.append(QJsonDocument::fromJson(request.body()).object());
        return QHttpServerResponse(m_flakyAnswers++ % 2 == 0
                                           ? QHttpServerResponse::StatusCode::ServiceUnavailable
                                           : QHttpServerResponse::StatusCode::NoContent);
    });
    m_receiverPort = m_receiver.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_receiverPort != 0);
}

void TestVerloopSandbox::init()
{
    verloop()->clearScheduledMessages();
    m_received.clear();
}

QString TestVerloopSandbox::schedule(const QString &campaignId, const QString &time, bool bypass,
                                     const QString &callbackUrl, const QJsonObject &state)
{
    QJsonObject body{
            {QStringLiteral("CampaignID"), campaignId},
            {QStringLiteral("To"),
             QJsonObject{{QStringLiteral("PhoneNumber"), QStringLiteral("918123002929")}}},
            {QStringLiteral("ScheduledAt"),
             QJsonObject{{QStringLiteral("Time"), time}, {QStringLiteral("BypassCallingWindow"), bypass}}}};
    if (!callbackUrl.isEmpty())
        body.insert(QStringLiteral("Callback"),
                    QJsonObject{{QStringLiteral("URL"), callbackUrl}, {QStringLiteral("State"), state}});
    QUrl url = m_sandbox.baseUrl(Vendor::Verloop);
    url.setPath(url.path() + QStringLiteral("/Campaign/SendMessage"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Authorization", SandboxFixture::token(Vendor::Verloop));
    QNetworkReply *reply =
            m_sandbox.network()->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, kWaitMs))
        return {};
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("message_id")).toString();
}

VerloopScheduledMessage TestVerloopSandbox::message(const QString &id) const
{
    for (const VerloopScheduledMessage &m : verloop()->scheduledMessages()) {
        if (m.messageId == id)
            return m;
    }
    return {};
}

void TestVerloopSandbox::callIsPlacedAtItsTimeNotBefore()
{
    const QDateTime start(QDate(2026, 3, 4), QTime(10, 0), QTimeZone::utc());
    verloop()->setClock(start, 3600); // an hour a second
    const VerloopCampaign noWindow = verloop()->campaigns().at(1);
    QVERIFY(!noWindow.windowStart.isValid());

    // Each placement is observed when it happens, with the clock at that moment.
    QList<QPair<QString, QDateTime>> placed;
    QObject watching; // the connection ends with this test
    connect(verloop(), &VerloopSandbox::messageChanged, &watching, [&](const VerloopScheduledMessage &m) {
        if (m.status == VerloopScheduledMessage::Status::Placed)
            placed.append({m.messageId, verloop()->now()});
    });
    const QString later = schedule(noWindow.id, QStringLiteral("2026-03-04T10:30:00Z"));
    const QString sooner = schedule(noWindow.id, QStringLiteral("2026-03-04T15:40:00+05:30")); // 10:10Z
    QVERIFY(!later.isEmpty() && !sooner.isEmpty());
    QCOMPARE(message(later).status, VerloopScheduledMessage::Status::Scheduled);
    QCOMPARE(message(later).ringsAt, QDateTime(QDate(2026, 3, 4), QTime(10, 30), QTimeZone::utc()));

    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 2, kWaitMs);
    QCOMPARE(placed.at(0).first, sooner); // in time order, not the order they were sent
    QCOMPARE(placed.at(1).first, later);
    QVERIFY(placed.at(0).second >= message(sooner).ringsAt);
    QVERIFY(placed.at(1).second >= message(later).ringsAt);
    QVERIFY(message(later).placedAt >= message(later).ringsAt);
    QCOMPARE(verloop()->scheduledMessages().size(), 2); // kept after placing
}

// The campaign's working window is in the dashboard's zone (Asia/Kolkata, +05:30).
void TestVerloopSandbox::workingWindow_data()
{
    QTest::addColumn<QTime>("windowStart");
    QTest::addColumn<QTime>("windowEnd");
    QTest::addColumn<QString>("due");
    QTest::addColumn<QString>("ringsAt"); // UTC
    QTest::addColumn<bool>("rescheduled");
    QTest::newRow("inside") << QTime(9, 0) << QTime(18, 0) << "2026-03-04T12:00:00+05:30"
                            << "2026-03-04T06:30:00Z" << false;
    QTest::newRow("before the start: same day") << QTime(9, 0) << QTime(18, 0) << "2026-03-04T07:00:00+05:30"
                                                << "2026-03-04T03:30:00Z" << true;
    QTest::newRow("at the end: next day") << QTime(9, 0) << QTime(18, 0) << "2026-03-04T18:00:00+05:30"
                                          << "2026-03-05T03:30:00Z" << true;
    QTest::newRow("zone-less time is the dashboard's") << QTime(9, 0) << QTime(18, 0) << "2026-03-04T20:00:00"
                                                       << "2026-03-05T03:30:00Z" << true;
    QTest::newRow("overnight window, inside") << QTime(20, 0) << QTime(2, 0) << "2026-03-04T01:00:00+05:30"
                                              << "2026-03-03T19:30:00Z" << false;
    QTest::newRow("overnight window, in the gap")
            << QTime(20, 0) << QTime(2, 0) << "2026-03-04T03:00:00+05:30"
            << "2026-03-04T14:30:00Z" << true;
}

void TestVerloopSandbox::workingWindow()
{
    QFETCH(QTime, windowStart);
    QFETCH(QTime, windowEnd);
    QFETCH(QString, due);
    QFETCH(QString, ringsAt);
    QFETCH(bool, rescheduled);
    VerloopCampaign window;
    window.name = QStringLiteral("Office hours");
    window.windowStart = windowStart;
    window.windowEnd = windowEnd;
    window = verloop()->addCampaign(window);
    verloop()->setClock(QDateTime(QDate(2026, 3, 3), QTime(12, 0), QTimeZone::utc()), 360'000);

    QList<VerloopScheduledMessage::Status> seen;
    QObject watching; // the connection ends with this test
    connect(verloop(), &VerloopSandbox::messageChanged, &watching,
            [&](const VerloopScheduledMessage &m) { seen.append(m.status); });
    const QString id = schedule(window.id, due);
    QVERIFY(!id.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(message(id).status, VerloopScheduledMessage::Status::Placed, kWaitMs);
    QCOMPARE(message(id).ringsAt, QDateTime::fromString(ringsAt, Qt::ISODate));
    QVERIFY(message(id).placedAt >= message(id).ringsAt);
    using S = VerloopScheduledMessage::Status;
    const QList<S> expected = rescheduled ? QList<S>{S::Rescheduled, S::Placed} : QList<S>{S::Placed};
    QCOMPARE(seen, expected);
}

// BypassCallingWindow: Verloop rings at the scheduled time even outside the working window.
void TestVerloopSandbox::bypassRingsAtTheExactTime()
{
    const VerloopCampaign office = verloop()->campaigns().at(0);
    QCOMPARE(office.windowStart, QTime(9, 0));
    verloop()->setClock(QDateTime(QDate(2026, 3, 4), QTime(12, 0), QTimeZone::utc()), 360'000);
    const QString bypassed = schedule(office.id, QStringLiteral("2026-03-04T20:00:00+05:30"), true);
    const QString honoured = schedule(office.id, QStringLiteral("2026-03-04T20:00:00+05:30"), false);
    QTRY_COMPARE_WITH_TIMEOUT(message(honoured).status, VerloopScheduledMessage::Status::Placed, kWaitMs);
    QCOMPARE(message(bypassed).status, VerloopScheduledMessage::Status::Placed);
    QCOMPARE(message(bypassed).ringsAt, QDateTime(QDate(2026, 3, 4), QTime(14, 30), QTimeZone::utc()));
    QCOMPARE(message(honoured).ringsAt, QDateTime(QDate(2026, 3, 5), QTime(3, 30), QTimeZone::utc()));
}

void TestVerloopSandbox::callbacksCarryTheState()
{
    const VerloopCampaign office = verloop()->campaigns().at(0);
    verloop()->setClock(QDateTime(QDate(2026, 3, 4), QTime(12, 0), QTimeZone::utc()), 360'000);
    const QString url = QStringLiteral("http://127.0.0.1:%1/hook").arg(m_receiverPort);
    const QJsonObject state{{QStringLiteral("order_id"), QStringLiteral("12345")},
                            {QStringLiteral("source"), QStringLiteral("crm")}};
    const QString id = schedule(office.id, QStringLiteral("2026-03-04T20:00:00+05:30"), false, url, state);
    QVERIFY(!id.isEmpty());

    QTRY_COMPARE_WITH_TIMEOUT(m_received.size(), 2, kWaitMs);
    QStringList statuses;
    for (const QJsonObject &body : std::as_const(m_received)) {
        QCOMPARE(body.value(QStringLiteral("message_id")).toString(), id);
        QCOMPARE(body.value(QStringLiteral("State")).toObject(), state);
        QCOMPARE(body.value(QStringLiteral("scheduled_at")).toString(),
                 QStringLiteral("2026-03-04T20:00:00+05:30"));
        statuses << body.value(QStringLiteral("status")).toString();
    }
    QCOMPARE(statuses, (QStringList{QStringLiteral("rescheduled"), QStringLiteral("placed")}));
    QCOMPARE(m_received.at(1).value(QStringLiteral("rings_at")).toString(),
             QStringLiteral("2026-03-05T03:30:00Z"));
    QVERIFY(m_received.at(1).contains(QStringLiteral("placed_at")));
    QTRY_COMPARE_WITH_TIMEOUT(verloop()->callbackDeliveries().size(), 2, kWaitMs);
    for (const VerloopCallbackDelivery &delivery : verloop()->callbackDeliveries()) {
        QVERIFY(delivery.sent);
        QCOMPARE(delivery.httpStatus, 204);
    }
}

void TestVerloopSandbox::callbackOffThisComputerIsNotPosted()
{
    verloop()->setClock(QDateTime(QDate(2026, 3, 4), QTime(12, 0), QTimeZone::utc()), 360'000);
    QSignalSpy delivered(verloop(), &VerloopSandbox::callbackDelivered);
    const QString id = schedule(verloop()->campaigns().at(1).id, QStringLiteral("2026-03-04T13:00:00Z"),
                                false, QStringLiteral("https://hooks.example.com/verloop"));
    QVERIFY(!id.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, kWaitMs);
    const VerloopCallbackDelivery delivery = verloop()->callbackDeliveries().constFirst();
    QCOMPARE(delivery.messageId, id);
    QVERIFY(!delivery.sent);
    QCOMPARE(delivery.payload.value(QStringLiteral("status")).toString(), QStringLiteral("placed"));
}

// Verloop documents no retries; the sandbox's one delivery engine retries a 5xx as UnlimCall's
// webhooks are, a minute later on the sandbox's clock, with the same body.
void TestVerloopSandbox::failedCallbackIsRetriedOnTheSandboxClock()
{
    m_flakyAnswers = 0;
    verloop()->setClock(QDateTime(QDate(2026, 3, 4), QTime(12, 0), QTimeZone::utc()), 360'000);
    const QString url = QStringLiteral("http://127.0.0.1:%1/flaky").arg(m_receiverPort);
    const QString id =
            schedule(verloop()->campaigns().at(1).id, QStringLiteral("2026-03-04T13:00:00Z"), false, url);
    QVERIFY(!id.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_received.size(), 2, kWaitMs);
    QCOMPARE(m_received.at(1), m_received.at(0));
    QCOMPARE(m_received.at(0).value(QStringLiteral("status")).toString(), QStringLiteral("placed"));
    QTRY_COMPARE_WITH_TIMEOUT(verloop()->callbackDeliveries().value(0).httpStatus, 204, kWaitMs);
    const WebhookDeliveries::Delivery delivery = verloop()->callbacks()->deliveries().constFirst();
    QCOMPARE(delivery.status, WebhookDeliveries::Status::Succeeded);
    QCOMPARE(delivery.attempts.size(), 2);
    QCOMPARE(delivery.attempts.at(0).responseStatus, 503);
    QVERIFY(delivery.attempts.at(1).atMs - delivery.attempts.at(0).atMs >= 60'000);
}

CC_TEST_GUILESS_MAIN(TestVerloopSandbox)
#include "tst_verloopsandbox.moc"
