#include "TestMain.h"
#include "events/LiveModes.h"

// Issue 13: "the console ... says which mode each vendor is in". Each vendor's mode follows from
// whether its webhooks reach the receiver; the polling fallback reads exactly the vendors that
// have something to read and no webhooks.
class TestLiveModes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withNoReceiverEveryVendorIsPolledOrAwaitsCallbacks()
    {
        const LiveModes modes;
        QCOMPARE(modes.mode(Vendor::UnlimCall), LiveModes::Mode::PollingCallRecords);
        QCOMPARE(modes.text(Vendor::UnlimCall),
                 QStringLiteral(
                         "polling call records — transfers and do-not-call additions need the webhook"));
        QCOMPARE(modes.mode(Vendor::Outreach2day), LiveModes::Mode::PollingWebhookEvents);
        QCOMPARE(modes.text(Vendor::Outreach2day), QStringLiteral("polling the webhook events list"));
        QCOMPARE(modes.mode(Vendor::Unloopa), LiveModes::Mode::PollingVoiceCalls);
        QCOMPARE(modes.text(Vendor::Unloopa), QStringLiteral("polling the voice calls list"));
        QCOMPARE(modes.mode(Vendor::Verloop), LiveModes::Mode::AwaitingCallbacks);
        QCOMPARE(modes.text(Vendor::Verloop), QStringLiteral("awaiting callbacks"));
        QVERIFY(modes.polls(Vendor::UnlimCall));
        QVERIFY(modes.polls(Vendor::Outreach2day));
        QVERIFY(modes.polls(Vendor::Unloopa));
        QVERIFY(!modes.polls(Vendor::Verloop)); // no read endpoint
    }

    void aVendorWhoseWebhooksReachTheReceiverIsNotPolled()
    {
        LiveModes modes;
        for (const Vendor vendor : Vendors::all())
            modes.setWebhooksReachable(vendor, true);
        for (const Vendor vendor : {Vendor::UnlimCall, Vendor::Outreach2day, Vendor::Verloop}) {
            QCOMPARE(modes.mode(vendor), LiveModes::Mode::Webhooks);
            QCOMPARE(modes.text(vendor), QStringLiteral("webhooks"));
            QVERIFY(!modes.polls(vendor));
        }
        // Unloopa sends no webhooks: it stays polled whatever the receiver does.
        QCOMPARE(modes.mode(Vendor::Unloopa), LiveModes::Mode::PollingVoiceCalls);
        QVERIFY(modes.polls(Vendor::Unloopa));

        // Saying a vendor is unreachable is the same as saying nothing of it.
        LiveModes silent;
        silent.setWebhooksReachable(Vendor::Verloop, false);
        QVERIFY(silent == LiveModes());

        const LiveModes before = modes;
        modes.setWebhooksReachable(Vendor::UnlimCall, false);
        QVERIFY(modes != before);
        QCOMPARE(modes.mode(Vendor::UnlimCall), LiveModes::Mode::PollingCallRecords);
        QCOMPARE(modes.mode(Vendor::Outreach2day), LiveModes::Mode::Webhooks);
    }

    void whetherWebhooksReach_data()
    {
        QTest::addColumn<bool>("listening");
        QTest::addColumn<QString>("publicBaseUrl");
        QTest::addColumn<QString>("vendorBaseUrl");
        QTest::addColumn<bool>("reach");

        const QString tunnel = QStringLiteral("https://hooks.example.com");
        const QString vendor = QStringLiteral("https://app.unlimcall.com/api/v1");
        const QString sandbox = QStringLiteral("http://127.0.0.1:41234/unlimcall/api/v1");
        const QString local = QStringLiteral("http://127.0.0.1:8787");
        QTest::newRow("tunnel, vendor on the internet") << true << tunnel << vendor << true;
        QTest::newRow("receiver off") << false << tunnel << vendor << false;
        QTest::newRow("no public URL") << true << QString() << vendor << false;
        QTest::newRow("no public URL, the sandbox") << true << QString() << sandbox << true;
        QTest::newRow("no public URL, the sandbox, receiver off") << false << QString() << sandbox << false;
        QTest::newRow("loopback URL, vendor on the internet") << true << local << vendor << false;
        QTest::newRow("loopback URL, the sandbox") << true << local << sandbox << true;
        QTest::newRow("tunnel, the sandbox") << true << tunnel << sandbox << true;
    }

    void whetherWebhooksReach()
    {
        QFETCH(bool, listening);
        QFETCH(QString, publicBaseUrl);
        QFETCH(QString, vendorBaseUrl);
        QFETCH(bool, reach);
        QCOMPARE(LiveModes::webhooksReach(listening, QUrl(publicBaseUrl), QUrl(vendorBaseUrl)), reach);
    }
};

CC_TEST_GUILESS_MAIN(TestLiveModes)
#include "tst_livemodes.moc"
