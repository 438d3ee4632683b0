// The built campaign-console-cli's `events listen` and `events list`, as a script runs them: the
// receiver headless on a free loopback port, real HTTP deliveries signed with the secrets from the
// environment (two during a rotation), each accepted event printed once as one JSON line (a
// duplicate and a forged delivery print nothing), its effect applied (dnc.added on the
// do-not-contact list), the same rows read back by `events list`; exit 4 when the port is taken.

#include "CliHarness.h"
#include "SandboxFixture.h"
#include "TestMain.h"
#include "events/EventReceiverSettings.h"
#include "events/WebhookSecretSource.h"
#include "sandbox/UnlimCallSandbox.h"
#include "sandbox/UnlimCallWebhooks.h"
#include "sandbox/VerloopSandbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimeZone>

#include <memory>

namespace {
constexpr int kWaitMs = 60'000;
const QByteArray kOldSecret = "whsec_cli_old_secret";
const QByteArray kNewSecret = "whsec_cli_new_secret";

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray dncAdded(const QString &eventId, const QString &phone)
{
    return json({{QStringLiteral("event"), QStringLiteral("dnc.added")},
                 {QStringLiteral("eventId"), eventId},
                 {QStringLiteral("phone"), phone},
                 {QStringLiteral("timestamp"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}});
}

// The CLI's environment: its own data directory (the console database), the webhook secrets.
QProcessEnvironment cliEnvironment(const QString &dataHome)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : CliHarness::credentialVariables())
        environment.remove(name);
    environment.insert(QStringLiteral("XDG_DATA_HOME"), dataHome);
    environment.insert(EnvironmentWebhookSecrets::variableFor(Vendor::UnlimCall),
                       QString::fromLatin1(kOldSecret + ',' + kNewSecret));
    return environment;
}
} // namespace

// `campaign-console-cli events listen` running in the background.
class Listener
{
public:
    ~Listener() { stop(); }

    bool start(const QProcessEnvironment &environment, const QStringList &options)
    {
        m_process.setProcessEnvironment(environment);
        m_process.start(CliHarness::cliPath(),
                        QStringList{QStringLiteral("events"), QStringLiteral("listen")} + options);
        if (!m_process.waitForStarted())
            return false;
        static const QRegularExpression listening(
                QStringLiteral("Listening on http://127\\.0\\.0\\.1:(\\d+)"));
        return QTest::qWaitFor(
                       [this] {
                           m_err += m_process.readAllStandardError();
                           const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_err));
                           if (match.hasMatch())
                               m_port = match.captured(1).toUShort();
                           return m_port != 0 || m_process.state() != QProcess::Running;
                       },
                       kWaitMs) &&
                m_port != 0;
    }

    quint16 port() const { return m_port; }
    QByteArray err() const { return m_err; }

    // Waits until at least `count` lines were printed; every line so far, including whatever the
    // pipe holds now (a line printed before an answer the test has seen is among them).
    QList<QJsonObject> lines(int count)
    {
        (void)QTest::qWaitFor(
                [this, count] {
                    while (m_process.waitForReadyRead(0)) { }
                    m_out += m_process.readAllStandardOutput();
                    return m_out.count('\n') >= count || m_process.state() != QProcess::Running;
                },
                kWaitMs);
        QList<QJsonObject> parsed;
        for (const QByteArray &line : m_out.split('\n')) {
            if (!line.isEmpty())
                parsed.append(QJsonDocument::fromJson(line).object());
        }
        return parsed;
    }

    // The listener died (the crash hook): waits for it.
    bool waitForEnd()
    {
        return m_process.state() == QProcess::NotRunning || m_process.waitForFinished(kWaitMs);
    }
    bool endedNormally() const { return m_process.exitStatus() == QProcess::NormalExit; }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10'000))
            m_process.kill();
        m_process.waitForFinished();
    }

private:
    QProcess m_process;
    QByteArray m_out;
    QByteArray m_err;
    quint16 m_port = 0;
};

class TestEventsCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void listenPrintsEachAcceptedEventOnce();
    void verloopCallbackReachesTheListener();
    void killedDuringDeliveryLosesNothing();
    void listenExitsFourWhenThePortIsTaken();
    void usageErrors_data();
    void usageErrors();

private:
    int post(quint16 port, const QByteArray &body, const QByteArray &secret);
    QProcessEnvironment environment() const { return cliEnvironment(m_data->path()); }

    SandboxFixture m_sandbox;
    std::unique_ptr<QTemporaryDir> m_data;
    QNetworkAccessManager m_network;
};

void TestEventsCli::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
}

void TestEventsCli::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    m_sandbox.server()->verloop()->clearScheduledMessages();
}

int TestEventsCli::post(quint16 port, const QByteArray &body, const QByteArray &secret)
{
    const QByteArray t = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const QByteArray v1 =
            QMessageAuthenticationCode::hash(t + '.' + body, secret, QCryptographicHash::Sha256).toHex();
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/hooks/unlimcall").arg(port)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("X-Unlimcall-Signature", "t=" + t + ",v1=" + v1);
    QNetworkReply *reply = m_network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(kWaitMs))
        return -1;
    reply->deleteLater();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void TestEventsCli::listenPrintsEachAcceptedEventOnce()
{
    Listener listener;
    QVERIFY2(listener.start(environment(), {QStringLiteral("--port"), QStringLiteral("0")}),
             listener.err().constData());

    const QByteArray first = dncAdded(QStringLiteral("evt_cli_1"), QStringLiteral("+13055550142"));
    QCOMPARE(post(listener.port(), first, kNewSecret), 200); // the new secret of a rotation
    QCOMPARE(post(listener.port(), first, kOldSecret), 200); // UnlimCall's retry: a duplicate
    QCOMPARE(post(listener.port(), dncAdded(QStringLiteral("evt_cli_2"), QStringLiteral("+13055550143")),
                  "whsec_not_ours"),
             401);
    const QByteArray third = dncAdded(QStringLiteral("evt_cli_3"), QStringLiteral("+13055550144"));
    QCOMPARE(post(listener.port(), third, kOldSecret), 200);

    // Each line is printed before its delivery is answered: after the last 200 both are there,
    // and nothing for the duplicate or the forged one.
    const QList<QJsonObject> lines = listener.lines(2);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).value(QStringLiteral("eventId")).toString(), QStringLiteral("evt_cli_1"));
    QCOMPARE(lines.at(0).value(QStringLiteral("type")).toString(), QStringLiteral("dnc.added"));
    QCOMPARE(lines.at(0).value(QStringLiteral("vendor")).toString(), QStringLiteral("unlimcall"));
    QCOMPARE(lines.at(0).value(QStringLiteral("phone")).toString(), QStringLiteral("+13055550142"));
    QVERIFY(!lines.at(0).value(QStringLiteral("verification")).toString().isEmpty());
    QCOMPARE(lines.at(1).value(QStringLiteral("eventId")).toString(), QStringLiteral("evt_cli_3"));
    QVERIFY(!listener.err().contains(kOldSecret) && !listener.err().contains(kNewSecret));
    listener.stop();

    // The effect: the number is on the do-not-contact list, as any other command sees it.
    const QProcessEnvironment environment = this->environment();
    const CliHarness::Run check = CliHarness::run(
            {QStringLiteral("dnc"), QStringLiteral("check"), QStringLiteral("+13055550142")}, environment);
    QCOMPARE(check.exitCode, 0);
    QCOMPARE(check.json().value(QStringLiteral("listed")).toBool(), true);

    // `events list` reads the same rows, newest first.
    const CliHarness::Run listed =
            CliHarness::run({QStringLiteral("events"), QStringLiteral("list")}, environment);
    QCOMPARE(listed.exitCode, 0);
    QCOMPARE(listed.json().value(QStringLiteral("count")).toInt(), 2);
    const QJsonArray events = listed.json().value(QStringLiteral("events")).toArray();
    QCOMPARE(events.at(0).toObject().value(QStringLiteral("eventId")).toString(),
             QStringLiteral("evt_cli_3"));
    QCOMPARE(events.at(0)
                     .toObject()
                     .value(QStringLiteral("payload"))
                     .toObject()
                     .value(QStringLiteral("phone")),
             QJsonValue(QStringLiteral("+13055550144")));
    const CliHarness::Run future =
            CliHarness::run({QStringLiteral("events"), QStringLiteral("list"), QStringLiteral("--since"),
                             QDateTime::currentDateTimeUtc().addDays(1).toString(Qt::ISODate)},
                            environment);
    QCOMPARE(future.exitCode, 0);
    QCOMPARE(future.json().value(QStringLiteral("count")).toInt(), 0);
    const CliHarness::Run csv = CliHarness::run({QStringLiteral("events"), QStringLiteral("list"),
                                                 QStringLiteral("--format"), QStringLiteral("csv")},
                                                environment);
    QCOMPARE(csv.exitCode, 0);
    QCOMPARE(csv.out.count("\r\n"), 3); // header + two events
    QVERIFY(csv.out.contains("evt_cli_1"));
}

void TestEventsCli::verloopCallbackReachesTheListener()
{
    // The sandbox's clock stands at the call's ring time: it is placed as soon as it is scheduled.
    VerloopSandbox *verloop = m_sandbox.server()->verloop();
    verloop->setClock(QDateTime(QDate(2027, 1, 15), QTime(19, 0), QTimeZone::utc()), 1.0);
    Listener listener;
    QVERIFY2(listener.start(environment(), {QStringLiteral("--port"), QStringLiteral("0")}),
             listener.err().constData());

    // `verloop send` with the receiver's public URL set: the console fills Callback.URL.
    QProcessEnvironment sending = environment();
    CliHarness::addVendorUrl(sending, Vendor::Verloop, m_sandbox.baseUrl(Vendor::Verloop).toString());
    CliHarness::addDemoCredentials(sending, Vendor::Verloop);
    const QString publicBase = QStringLiteral("http://127.0.0.1:%1").arg(listener.port());
    sending.insert(EventReceiverSettings::publicUrlVariable(), publicBase);
    const auto cli = [&sending](const QStringList &arguments) {
        return CliHarness::run(arguments, sending, CliHarness::Wait::ServingEvents);
    };
    QCOMPARE(cli({QStringLiteral("verloop"), QStringLiteral("campaigns"), QStringLiteral("add"),
                  QStringLiteral("Renewals"), verloop->campaigns().at(1).id})
                     .exitCode,
             0);
    const CliHarness::Run sent =
            cli({QStringLiteral("verloop"), QStringLiteral("send"), QStringLiteral("--campaign"),
                 QStringLiteral("Renewals"), QStringLiteral("--to"), QStringLiteral("212-555-0100"),
                 QStringLiteral("--at"), QStringLiteral("2027-01-15T14:00"), QStringLiteral("--yes")});
    QVERIFY2(sent.exitCode == 0, sent.err.constData());
    const QString messageId = sent.json()
                                      .value(QStringLiteral("recipients"))
                                      .toArray()
                                      .at(0)
                                      .toObject()
                                      .value(QStringLiteral("messageId"))
                                      .toString();
    QCOMPARE(verloop->scheduledMessages().size(), 1);
    const QString callbackUrl = verloop->scheduledMessages().constFirst().callbackUrl;
    QVERIFY2(callbackUrl.startsWith(publicBase + QStringLiteral("/hooks/verloop/")), qPrintable(callbackUrl));

    // Verloop's status callback reaches the listener, which stores it and prints it.
    const QList<QJsonObject> lines = listener.lines(1);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.at(0).value(QStringLiteral("vendor")).toString(), QStringLiteral("verloop"));
    QCOMPARE(lines.at(0).value(QStringLiteral("callId")).toString(), messageId);
    QCOMPARE(lines.at(0).value(QStringLiteral("payload")).toObject().value(QStringLiteral("status")),
             QJsonValue(QStringLiteral("placed")));
}

void TestEventsCli::killedDuringDeliveryLosesNothing()
{
    // The UnlimCall sandbox delivers its calls' events to the listener, signed with the hook's
    // secret; its clock stands still, so a retry comes only when the test moves it.
    UnlimCallWebhooks *unlimcall = m_sandbox.server()->unlimcall()->webhooks();
    unlimcall->clock().setSpeed(0);
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    const QString target = QStringLiteral("http://127.0.0.1:%1/hooks/unlimcall").arg(port);
    const QString secret = QStringLiteral("whsec_kill_test_secret");
    QProcessEnvironment environment = this->environment();
    environment.insert(EnvironmentWebhookSecrets::variableFor(Vendor::UnlimCall), secret);
    const QStringList options{QStringLiteral("--port"), QString::number(port)};
    const auto hook = [&](const QString &id, const QString &event) {
        unlimcall->addHook({id, event, target, secret, UnlimCallWebhooks::Hook::State::Active});
    };
    const auto call = [&](const QString &id, const QString &phone, UnlimCallWebhooks::CallOutcome outcome) {
        UnlimCallWebhooks::SimulatedCall simulated;
        simulated.callId = id;
        simulated.phone = phone;
        simulated.aiAgentId = QStringLiteral("27");
        simulated.durationSec = 42;
        simulated.outcome = outcome;
        unlimcall->callEnded(simulated);
    };
    const auto deliveryStatus = [unlimcall](int index) {
        const QList<WebhookDeliveries::Delivery> &all = unlimcall->deliveries()->deliveries();
        return index < all.size() ? all.at(index).status : WebhookDeliveries::Status::Pending;
    };
    const auto retry = [unlimcall] {
        unlimcall->clock().advance(24 * 3600); // past every backoff
        unlimcall->clockMoved();
    };
    const auto storedCount = [this] {
        return CliHarness::run({QStringLiteral("events"), QStringLiteral("list")}, this->environment())
                .json()
                .value(QStringLiteral("count"))
                .toInt();
    };

    // 1. An event acknowledged before any crash.
    hook(QStringLiteral("hk_ended"), QStringLiteral("call.ended"));
    {
        Listener first;
        QVERIFY2(first.start(environment, options), first.err().constData());
        call(QStringLiteral("call_1"), QStringLiteral("+13055550161"), UnlimCallWebhooks::CallOutcome::Ended);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryStatus(0), WebhookDeliveries::Status::Succeeded, kWaitMs);
        QCOMPARE(first.lines(1).size(), 1);
    }
    QVERIFY(unlimcall->removeHook(QStringLiteral("hk_ended")));

    // 2. Killed after the store committed, before the answer: the vendor sees no answer and
    // retries; the restarted listener applies and prints what the dead one stored, and answers
    // the retry as a duplicate.
    hook(QStringLiteral("hk_dnc"), QStringLiteral("dnc.added"));
    {
        QProcessEnvironment crashing = environment;
        crashing.insert(QStringLiteral("CAMPAIGN_CONSOLE_EVENTS_CRASH_AT"), QStringLiteral("after-store"));
        Listener dying;
        QVERIFY2(dying.start(crashing, options), dying.err().constData());
        call(QStringLiteral("call_2"), QStringLiteral("+13055550162"),
             UnlimCallWebhooks::CallOutcome::DoNotCall);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryStatus(1), WebhookDeliveries::Status::Retrying, kWaitMs);
        QVERIFY(dying.waitForEnd());
        QVERIFY(!dying.endedNormally());
    }
    QCOMPARE(storedCount(), 2); // stored before the kill: the acknowledged one and this one
    {
        Listener restarted;
        QVERIFY2(restarted.start(environment, options), restarted.err().constData());
        const QList<QJsonObject> caughtUp = restarted.lines(1);
        QCOMPARE(caughtUp.size(), 1);
        QCOMPARE(caughtUp.at(0).value(QStringLiteral("type")).toString(), QStringLiteral("dnc.added"));
        retry();
        QTRY_COMPARE_WITH_TIMEOUT(deliveryStatus(1), WebhookDeliveries::Status::Succeeded, kWaitMs);
        QCOMPARE(restarted.lines(1).size(), 1); // the retry was a duplicate: nothing more printed
    }
    QCOMPARE(storedCount(), 2);
    const CliHarness::Run check =
            CliHarness::run({QStringLiteral("dnc"), QStringLiteral("check"), QStringLiteral("+13055550162")},
                            this->environment());
    QCOMPARE(check.json().value(QStringLiteral("listed")).toBool(), true);
    QVERIFY(unlimcall->removeHook(QStringLiteral("hk_dnc")));

    // 3. Killed before anything was stored: nothing is there until the retry, then it is stored once.
    hook(QStringLiteral("hk_ended_2"), QStringLiteral("call.ended"));
    {
        QProcessEnvironment crashing = environment;
        crashing.insert(QStringLiteral("CAMPAIGN_CONSOLE_EVENTS_CRASH_AT"), QStringLiteral("before-store"));
        Listener dying;
        QVERIFY2(dying.start(crashing, options), dying.err().constData());
        call(QStringLiteral("call_3"), QStringLiteral("+13055550163"), UnlimCallWebhooks::CallOutcome::Ended);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryStatus(2), WebhookDeliveries::Status::Retrying, kWaitMs);
        QVERIFY(dying.waitForEnd());
        QVERIFY(!dying.endedNormally());
    }
    QCOMPARE(storedCount(), 2);
    {
        Listener restarted;
        QVERIFY2(restarted.start(environment, options), restarted.err().constData());
        retry();
        QTRY_COMPARE_WITH_TIMEOUT(deliveryStatus(2), WebhookDeliveries::Status::Succeeded, kWaitMs);
        const QList<QJsonObject> lines = restarted.lines(1);
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.at(0).value(QStringLiteral("callId")).toString(), QStringLiteral("call_3"));
    }
    // Every event once: the acknowledged one was never lost, the unacknowledged ones stored once.
    const CliHarness::Run all =
            CliHarness::run({QStringLiteral("events"), QStringLiteral("list")}, this->environment());
    QCOMPARE(all.json().value(QStringLiteral("count")).toInt(), 3);
    QStringList calls;
    for (const QJsonValue &event : all.json().value(QStringLiteral("events")).toArray())
        calls << event.toObject().value(QStringLiteral("callId")).toString();
    calls.sort();
    QCOMPARE(calls,
             (QStringList{QStringLiteral("call_1"), QStringLiteral("call_2"), QStringLiteral("call_3")}));
}

void TestEventsCli::listenExitsFourWhenThePortIsTaken()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    const CliHarness::Run run =
            CliHarness::run({QStringLiteral("events"), QStringLiteral("listen"), QStringLiteral("--port"),
                             QString::number(taken.serverPort())},
                            environment(), CliHarness::Wait::Blocking);
    QCOMPARE(run.exitCode, 4);
    QCOMPARE(run.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("listen_failed"));
}

void TestEventsCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("port too big") << QStringList{QStringLiteral("listen"), QStringLiteral("--port"),
                                                 QStringLiteral("70000")};
    QTest::newRow("bind not an address")
            << QStringList{QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("localhost:1")};
    QTest::newRow("since not a time")
            << QStringList{QStringLiteral("list"), QStringLiteral("--since"), QStringLiteral("yesterday")};
    QTest::newRow("format") << QStringList{QStringLiteral("list"), QStringLiteral("--format"),
                                           QStringLiteral("xml")};
}

void TestEventsCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    const CliHarness::Run run =
            CliHarness::run(QStringList{QStringLiteral("events")} + arguments, environment());
    QCOMPARE(run.exitCode, 2);
}

CC_TEST_GUILESS_MAIN(TestEventsCli)
#include "tst_eventscli.moc"
