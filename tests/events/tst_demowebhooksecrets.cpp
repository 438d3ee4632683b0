// Demo mode keeps the signing secret of each UnlimCall hook it subscribes where the receiver reads
// it (a keychain namespace of its own, a real gnome-keyring here), so the sandbox's signed
// deliveries to an in-app receiver are verified exactly as UnlimCall's would be: subscribed through
// the Calls page's Webhooks panel, or all five events at once for the receiver's URL. The
// operator's own keychain entries are never touched.

#include "TestMain.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "calls/WebhooksPanel.h"
#include "credentials/CredentialStore.h"
#include "events/EventStore.h"
#include "events/UnlimCallHookSubscriptions.h"
#include "events/WebhookIngest.h"
#include "events/WebhookSecretSource.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/UnlimCallSandbox.h"
#include "sandbox/UnlimCallWebhooks.h"
#include "store/CdrStore.h"
#include "unlimcall/UnlimCallTypes.h"
#include "webhooks/WebhookReceiver.h"

#include <QComboBox>
#include <QDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

namespace {
constexpr int kWaitMs = 60'000;
}

class TestDemoWebhookSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void panelKeepsTheSecretWhereTheReceiverReadsIt();
    void receiverIsSubscribedToTheFiveEventsOnce();

private:
    QString receiverUrl() const
    {
        return QStringLiteral("http://127.0.0.1:%1%2")
                .arg(m_receiver->port())
                .arg(WebhookReceiver::pathFor(Vendor::UnlimCall));
    }
    bool refreshSecrets();
    // The sandbox ends an AI-agent call to `phone` as `outcome` and posts its events; the types the
    // receiver stored (verified) for it.
    QStringList storedTypesAfterCall(const QString &callId, const QString &phone,
                                     UnlimCallWebhooks::CallOutcome outcome, int expected);

    Wiring::Demo m_demo;
    std::unique_ptr<ServiceHub> m_hub;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<CdrStore> m_hooks;
    std::unique_ptr<EventStore> m_events;
    std::unique_ptr<KeychainWebhookSecrets> m_secrets;
    std::unique_ptr<WebhookIngest> m_ingest;
    std::unique_ptr<WebhookReceiver> m_receiver;
};

void TestDemoWebhookSecrets::initTestCase()
{
    m_hub = std::make_unique<ServiceHub>(m_demo.hubOptions());
    QVERIFY2(m_demo.attach(*m_hub), qPrintable(m_demo.errorString()));
    QVERIFY(m_hub->isDemo());
    QVERIFY(!m_hub->credentialStore()); // accounts stay in memory
    QVERIFY(m_hub->webhookSecretStore());
    QCOMPARE(m_hub->webhookSecretStore()->serviceName(), ServiceHub::demoKeychainService());

    QVERIFY(m_dir.isValid());
    m_database = std::make_unique<Database>(m_dir.filePath(QStringLiteral("demo.sqlite")));
    m_database->registerMigrations(CdrStore::component(), CdrStore::migrations());
    m_database->registerMigrations(EventStore::component(), EventStore::migrations());
    QVERIFY(m_database->open().ok());
    QVERIFY(m_database->migrate().ok());
    m_hooks = std::make_unique<CdrStore>(m_database.get());
    m_events = std::make_unique<EventStore>(m_database.get());
    m_secrets = std::make_unique<KeychainWebhookSecrets>(m_hub->webhookSecretStore(), m_hooks.get(), nullptr);
    m_ingest = std::make_unique<WebhookIngest>(m_events.get(), m_secrets.get(), nullptr);
    m_receiver = std::make_unique<WebhookReceiver>(m_ingest.get());
    WebhookReceiver::Options options;
    options.port = 0;
    QVERIFY2(m_receiver->listen(options), qPrintable(m_receiver->errorString()));
}

void TestDemoWebhookSecrets::cleanupTestCase()
{
    m_receiver.reset();
    m_ingest.reset();
    m_secrets.reset();
    m_events.reset();
    m_hooks.reset();
    m_database.reset();
    m_hub.reset();
}

bool TestDemoWebhookSecrets::refreshSecrets()
{
    std::optional<std::optional<QString>> problem;
    m_secrets->refresh(this, [&problem](std::optional<QString> p) { problem.emplace(std::move(p)); });
    return QTest::qWaitFor([&] { return problem.has_value(); }, kWaitMs) && !*problem;
}

QStringList TestDemoWebhookSecrets::storedTypesAfterCall(const QString &callId, const QString &phone,
                                                         UnlimCallWebhooks::CallOutcome outcome, int expected)
{
    QSignalSpy stored(m_ingest.get(), &WebhookIngest::eventStored);
    QSignalSpy refused(m_ingest.get(), &WebhookIngest::deliveryRefused);
    UnlimCallWebhooks::SimulatedCall call;
    call.callId = callId;
    call.phone = phone;
    call.aiAgentId = QStringLiteral("1");
    call.durationSec = 42;
    call.outcome = outcome;
    if (outcome == UnlimCallWebhooks::CallOutcome::Transferred)
        call.transferTarget = QStringLiteral("+13055550199");
    m_demo.sandbox()->unlimcall()->webhooks()->callEnded(call);
    QStringList types;
    if (!QTest::qWaitFor([&] { return stored.size() + refused.size() >= expected; }, kWaitMs))
        return types;
    for (const QList<QVariant> &arguments : std::as_const(stored)) {
        const auto event = arguments.at(0).value<StoredEvent>();
        if (event.callId == callId && event.verification.startsWith(QLatin1String("verified")))
            types << event.type;
    }
    types.sort();
    return types;
}

void TestDemoWebhookSecrets::panelKeepsTheSecretWhereTheReceiverReadsIt()
{
    WebhooksPanel panel(m_hub->unlimcall(), m_hooks.get(), m_hub->webhookSecretStore());
    panel.show();
    QSignalSpy subscribed(&panel, &WebhooksPanel::subscribed);
    panel.eventBox()->setCurrentIndex(panel.eventBox()->findData(QStringLiteral("call.transferred")));
    QTest::keyClicks(panel.urlEdit(), receiverUrl());
    QVERIFY2(panel.subscribeButton()->isEnabled(), qPrintable(panel.messageText())); // loopback API
    QTest::mouseClick(panel.subscribeButton(), Qt::LeftButton);
    QVERIFY(subscribed.wait(kWaitMs));
    const QString hookId = subscribed.first().at(0).toString();
    QVERIFY2(subscribed.first().at(1).toBool(), "the demo secret went to the keychain");
    auto *dialog = panel.findChild<QDialog *>(QStringLiteral("hookSecretDialog"));
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QLineEdit *>(QStringLiteral("hookSecret"))
                    ->text()
                    .startsWith(QLatin1String("whsec_")));
    dialog->reject();

    // The receiver reads it and verifies the sandbox's delivery with it.
    QVERIFY(refreshSecrets());
    QCOMPARE(m_secrets->secretsFor(Vendor::UnlimCall).secrets.size(), 1);
    QCOMPARE(storedTypesAfterCall(QStringLiteral("demo-call-1"), QStringLiteral("+13055550101"),
                                  UnlimCallWebhooks::CallOutcome::Transferred, 1),
             QStringList{QStringLiteral("call.transferred")});

    // The operator's own keychain has no such entry.
    CredentialStore operators;
    std::optional<Result<VendorCredentials>> found;
    operators.load(Vendor::UnlimCall, KeychainWebhookSecrets::unlimCallAccount(hookId), this,
                   [&found](const Result<VendorCredentials> &result) { found.emplace(result); });
    QVERIFY(QTest::qWaitFor([&] { return found.has_value(); }, kWaitMs));
    QVERIFY(!found->ok());
    QCOMPARE(found->error().code, QStringLiteral("keychain_entry_not_found"));
}

void TestDemoWebhookSecrets::receiverIsSubscribedToTheFiveEventsOnce()
{
    UnlimCallHookSubscriptions subscriptions(m_hub->unlimcall(), m_hooks.get(), m_hub->webhookSecretStore());
    // call.transferred is subscribed already (the test before): the other four are missing.
    QCOMPARE(subscriptions.missingEvents(receiverUrl()).size(), 4);
    std::optional<Result<QList<UnlimCallHookSubscriptions::Subscribed>>> done;
    subscriptions.subscribeEvery(
            receiverUrl(), this,
            [&done](const Result<QList<UnlimCallHookSubscriptions::Subscribed>> &result) {
                done.emplace(result);
            });
    QVERIFY(QTest::qWaitFor([&] { return done.has_value(); }, kWaitMs));
    QVERIFY2(done->ok(), qPrintable(done->ok() ? QString() : done->error().explanation));
    QCOMPARE(done->value().size(), 4);
    for (const UnlimCallHookSubscriptions::Subscribed &hook : done->value())
        QVERIFY2(!hook.secretNotStored, qPrintable(hook.event));
    QVERIFY(subscriptions.missingEvents(receiverUrl()).isEmpty());
    QCOMPARE(m_demo.sandbox()->unlimcall()->webhooks()->activeHookCount(), 5);

    // Again: nothing missing, nothing sent.
    done.reset();
    subscriptions.subscribeEvery(
            receiverUrl(), this,
            [&done](const Result<QList<UnlimCallHookSubscriptions::Subscribed>> &result) {
                done.emplace(result);
            });
    QVERIFY(QTest::qWaitFor([&] { return done.has_value(); }, kWaitMs));
    QVERIFY(done->ok() && done->value().isEmpty());
    QCOMPARE(m_demo.sandbox()->unlimcall()->webhooks()->activeHookCount(), 5);

    // Every event of a do-not-call ending arrives verified.
    QVERIFY(refreshSecrets());
    QCOMPARE(m_secrets->secretsFor(Vendor::UnlimCall).secrets.size(), 5);
    QCOMPARE(storedTypesAfterCall(QStringLiteral("demo-call-2"), QStringLiteral("+13055550102"),
                                  UnlimCallWebhooks::CallOutcome::DoNotCall, 4),
             (QStringList{QStringLiteral("call.ended"), QStringLiteral("disposition.set"),
                          QStringLiteral("dnc.added"), QStringLiteral("lead.completed")}));
}

CC_TEST_GUI_MAIN(TestDemoWebhookSecrets)
#include "tst_demowebhooksecrets.moc"
