// LiveEvents, the console's live-events runtime, over real loopback HTTP, real SQLite and a real
// Secret Service (gnome-keyring in a private D-Bus session, started by run-isolated.sh): the
// receiver follows EventReceiverSettings (off by default, on, moved, off again, a port in use),
// the URLs to register follow the public base URL, a delivery signed with the secret the keychain
// keeps for an UnlimCall hook is stored, applied (dnc.added → the do-not-contact list) and
// announced once, and an event recorded by polling is announced like a webhook's.

#include "CredentialTestUtils.h"
#include "TestMain.h"
#include "credentials/KeychainStatus.h"

#include "credentials/CredentialStore.h"
#include "events/EventApplier.h"
#include "events/EventReceiverSettings.h"
#include "events/LiveEvents.h"
#include "events/WebhookSecretSource.h"
#include "outbound/SqliteOutboundStore.h"
#include "store/CdrStore.h"
#include "webhooks/WebhookReceiver.h"
#include "webhooks/WebhookSignatures.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <memory>

using namespace CredentialTestUtils;

namespace {
constexpr int kWaitMs = 60'000;
const QByteArray kHookSecret = "whsec_live_events_test_secret";
const QString kHookId = QStringLiteral("live-1");
const QString kNumber = QStringLiteral("+13055550147");

// A port nothing listens on now (the kernel's choice, released at once).
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(kWaitMs);
}
} // namespace

class TestLiveEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void receiverIsOffByDefault();
    void receiverFollowsTheSettings();
    void portInUseIsReportedWithItsReason();
    void urlsToRegisterUseThePublicBaseUrl();
    void signedDeliveryIsStoredAppliedAndAnnouncedOnce();
    void polledEventIsAnnouncedLikeAWebhooks();

private:
    void openLive();
    void enableOn(quint16 port);
    int postUnlimCall(const QByteArray &body);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CredentialStore> m_keychain;
    std::unique_ptr<SqliteOutboundStore> m_outbound;
    std::unique_ptr<LiveEvents> m_live;
    QNetworkAccessManager m_network;
};

void TestLiveEvents::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("CC_SECRET_SERVICE_PID"),
             "run this test through tests/support/run-isolated.sh");
    QCOMPARE(probeKeychain(), KeychainState::Available);
}

void TestLiveEvents::init()
{
    QSettings().remove(QStringLiteral("events"));
    m_dir = std::make_unique<QTemporaryDir>();
    const QString path = m_dir->filePath(QStringLiteral("console.sqlite"));
    m_keychain = std::make_unique<CredentialStore>();
    m_outbound = std::make_unique<SqliteOutboundStore>(path);
    QVERIFY(m_outbound->open().ok());
    openLive();
}

void TestLiveEvents::cleanup()
{
    m_live.reset();
    m_outbound.reset();
    m_keychain.reset();
    m_dir.reset();
    QSettings().remove(QStringLiteral("events"));
}

void TestLiveEvents::openLive()
{
    m_live = std::make_unique<LiveEvents>(LiveEvents::Dependencies{
            m_dir->filePath(QStringLiteral("console.sqlite")), m_keychain.get(), m_outbound.get(), nullptr});
    QVERIFY2(m_live->storeProblem().isEmpty(), qPrintable(m_live->storeProblem()));
}

void TestLiveEvents::enableOn(quint16 port)
{
    EventReceiverSettings settings;
    settings.setReceiverEnabled(true);
    settings.setBindAddress(QHostAddress(QHostAddress::LocalHost));
    settings.setPort(port);
}

int TestLiveEvents::postUnlimCall(const QByteArray &body)
{
    const qint64 t = QDateTime::currentSecsSinceEpoch();
    QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(m_live->receiverState().port));
    url.setPath(WebhookReceiver::pathFor(Vendor::UnlimCall));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("X-Unlimcall-Signature",
                         "t=" + QByteArray::number(t) +
                                 ",v1=" + WebhookSignatures::signUnlimCall(kHookSecret, t, body));
    QNetworkReply *reply = m_network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(kWaitMs))
        return -1;
    reply->deleteLater();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void TestLiveEvents::receiverIsOffByDefault()
{
    QSignalSpy changed(m_live.get(), &LiveEvents::stateChanged);
    m_live->applySettings();
    QCOMPARE(m_live->receiverState().kind, LiveEvents::ReceiverState::Kind::Off);
    QCOMPARE(m_live->receiverState().describe(), QStringLiteral("Off"));
    QVERIFY(m_live->urlsToRegister().isEmpty()); // nothing listens and no public URL is set
    QCOMPARE(changed.count(), 0); // it was off from the start
}

void TestLiveEvents::receiverFollowsTheSettings()
{
    const quint16 port = freePort();
    QVERIFY(port != 0);
    QVERIFY(!accepts(port));
    enableOn(port);
    QSignalSpy changed(m_live.get(), &LiveEvents::stateChanged);
    m_live->applySettings();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_live->receiverState().kind, LiveEvents::ReceiverState::Kind::Listening);
    QCOMPARE(m_live->receiverState().describe(), QStringLiteral("Listening on 127.0.0.1:%1").arg(port));
    QVERIFY(accepts(port));

    // Applying the same settings again keeps the listener: nothing changes.
    m_live->applySettings();
    QCOMPARE(changed.count(), 1);

    // Moved to another port: the old one is released.
    const quint16 moved = freePort();
    QVERIFY(moved != 0 && moved != port);
    EventReceiverSettings().setPort(moved);
    m_live->applySettings();
    QCOMPARE(changed.count(), 2);
    QCOMPARE(m_live->receiverState().port, moved);
    QVERIFY(accepts(moved));
    QVERIFY(!accepts(port));

    // Off: nothing listens.
    EventReceiverSettings().setReceiverEnabled(false);
    m_live->applySettings();
    QCOMPARE(changed.count(), 3);
    QCOMPARE(m_live->receiverState().kind, LiveEvents::ReceiverState::Kind::Off);
    QVERIFY(!accepts(moved));
}

void TestLiveEvents::portInUseIsReportedWithItsReason()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    enableOn(occupant.serverPort());
    m_live->applySettings();
    const LiveEvents::ReceiverState state = m_live->receiverState();
    QCOMPARE(state.kind, LiveEvents::ReceiverState::Kind::CannotListen);
    QVERIFY(!state.reason.isEmpty());
    QCOMPARE(
            state.describe(),
            QStringLiteral("Cannot listen on 127.0.0.1:%1: %2").arg(occupant.serverPort()).arg(state.reason));
    QVERIFY(m_live->urlsToRegister().isEmpty());

    // Freed: applying the settings again listens there.
    const quint16 port = occupant.serverPort();
    occupant.close();
    m_live->applySettings();
    QCOMPARE(m_live->receiverState().kind, LiveEvents::ReceiverState::Kind::Listening);
    QCOMPARE(m_live->receiverState().port, port);
}

void TestLiveEvents::urlsToRegisterUseThePublicBaseUrl()
{
    const quint16 port = freePort();
    enableOn(port);
    m_live->applySettings();
    const QString local = QStringLiteral("http://127.0.0.1:%1").arg(port);
    QList<LiveEvents::RegisterUrl> urls = m_live->urlsToRegister();
    QCOMPARE(urls.size(), 3);
    QCOMPARE(urls.at(0).vendor, Vendor::UnlimCall);
    QCOMPARE(urls.at(0).url, local + QStringLiteral("/hooks/unlimcall"));
    QCOMPARE(urls.at(1).vendor, Vendor::Outreach2day);
    QCOMPARE(urls.at(1).url, local + QStringLiteral("/hooks/outreach2day"));
    QCOMPARE(urls.at(2).vendor, Vendor::Verloop);
    QCOMPARE(urls.at(2).url, local + QStringLiteral("/hooks/verloop/<token>"));

    // The tunnel's https address is what the vendors are given.
    QSignalSpy changed(m_live.get(), &LiveEvents::stateChanged);
    EventReceiverSettings().setPublicBaseUrl(QUrl(QStringLiteral("https://hooks.example.com/console/")));
    m_live->applySettings(); // as Settings do after a change: the page shows the new URLs
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_live->receiverState().kind, LiveEvents::ReceiverState::Kind::Listening);
    urls = m_live->urlsToRegister();
    QCOMPARE(urls.size(), 3);
    QCOMPARE(urls.at(0).url, QStringLiteral("https://hooks.example.com/console/hooks/unlimcall"));
    QCOMPARE(urls.at(2).url, QStringLiteral("https://hooks.example.com/console/hooks/verloop/<token>"));
}

void TestLiveEvents::signedDeliveryIsStoredAppliedAndAnnouncedOnce()
{
    // The hook and its secret as the Calls page stores them when it subscribes.
    CdrStore hooks(m_live->database());
    QVERIFY(hooks.saveHook({kHookId,
                            QStringLiteral("dnc.added"),
                            QStringLiteral("https://hooks.example.com/hooks/unlimcall"),
                            QDateTime::currentDateTimeUtc(),
                            {}})
                    .ok());
    VendorCredentials credentials;
    credentials.vendor = Vendor::UnlimCall;
    credentials.account = KeychainWebhookSecrets::unlimCallAccount(kHookId);
    credentials.clientId = kHookId;
    credentials.clientSecret = kHookSecret;
    std::optional<std::optional<ApiError>> saved;
    m_keychain->save(credentials, this,
                     [&saved](std::optional<ApiError> problem) { saved.emplace(problem); });
    QTRY_VERIFY_WITH_TIMEOUT(saved.has_value(), kWaitMs);
    QVERIFY2(!*saved, qPrintable((*saved)->summary()));

    enableOn(freePort());
    m_live->applySettings();
    QCOMPARE(m_live->receiverState().kind, LiveEvents::ReceiverState::Kind::Listening);
    std::optional<std::optional<QString>> read;
    m_live->refreshSecrets(this, [&read](std::optional<QString> problem) { read.emplace(problem); });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), kWaitMs);
    QVERIFY2(!*read, qPrintable(read->value_or(QString())));

    QSignalSpy stored(m_live.get(), &LiveEvents::eventStored);
    const QByteArray body =
            QJsonDocument(QJsonObject{{QStringLiteral("event"), QStringLiteral("dnc.added")},
                                      {QStringLiteral("eventId"), QStringLiteral("evt_live_1")},
                                      {QStringLiteral("phone"), kNumber},
                                      {QStringLiteral("timestamp"),
                                       QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}})
                    .toJson(QJsonDocument::Compact);
    QCOMPARE(postUnlimCall(body), 200);
    QTRY_COMPARE_WITH_TIMEOUT(stored.count(), 1, kWaitMs);
    const StoredEvent event = stored.at(0).at(0).value<StoredEvent>();
    QCOMPARE(event.vendor, Vendor::UnlimCall);
    QCOMPARE(event.type, QStringLiteral("dnc.added"));
    QCOMPARE(event.source, StoredEvent::sourceWebhook());
    QCOMPARE(event.verification, QStringLiteral("verified with secret 1 of 1"));
    QCOMPARE(event.rawBody, body);
    QCOMPARE(m_live->store()->count(), 1);
    // Applied before it was announced: the number is on the do-not-contact list.
    const std::optional<DncEntry> listed = m_outbound->listedEntry(Recipient::phone(kNumber));
    QVERIFY(listed);
    QCOMPARE(listed->source, EventApplier::doNotContactSource());

    // UnlimCall's retry of the same delivery: acknowledged, not stored or announced again.
    QCOMPARE(postUnlimCall(body), 200);
    QCOMPARE(m_live->store()->count(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(stored.count(), 1);

    // Signed with another secret: refused, nothing stored.
    const qint64 t = QDateTime::currentSecsSinceEpoch();
    QUrl url(QStringLiteral("http://127.0.0.1:%1/hooks/unlimcall").arg(m_live->receiverState().port));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("X-Unlimcall-Signature",
                         "t=" + QByteArray::number(t) +
                                 ",v1=" + WebhookSignatures::signUnlimCall("whsec_other", t, body));
    QNetworkReply *reply = m_network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
    reply->deleteLater();
    QCOMPARE(m_live->store()->count(), 1);
}

void TestLiveEvents::polledEventIsAnnouncedLikeAWebhooks()
{
    QSignalSpy stored(m_live.get(), &LiveEvents::eventStored);
    StoredEvent polled;
    polled.vendor = Vendor::UnlimCall;
    polled.type = QStringLiteral("call.ended");
    polled.eventId = QStringLiteral("cdr:1747852442.42");
    polled.dedupeKey = EventStore::dedupeKeyFor(polled.vendor, polled.eventId, {});
    polled.occurredAt = QDateTime::currentDateTimeUtc();
    polled.receivedAt = polled.occurredAt;
    polled.source = StoredEvent::sourcePoll();
    polled.verification = QStringLiteral("polled call records");
    polled.phone = kNumber;
    polled.summary = QStringLiteral("Call ended");

    const EventStore::InsertResult first = m_live->record(polled);
    QCOMPARE(first.outcome, EventStore::Outcome::Inserted);
    QCOMPARE(stored.count(), 1);
    QCOMPARE(stored.at(0).at(0).value<StoredEvent>().source, StoredEvent::sourcePoll());
    QCOMPARE(stored.at(0).at(0).value<StoredEvent>().id, first.id);

    // Seen again by the next poll: a duplicate, not announced.
    QCOMPARE(m_live->record(polled).outcome, EventStore::Outcome::Duplicate);
    QCOMPARE(stored.count(), 1);
}

CC_TEST_GUILESS_MAIN(TestLiveEvents)
#include "tst_liveevents.moc"
