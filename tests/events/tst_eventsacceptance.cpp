// Issue 13's "Done when", in demo mode through MainWindow (offscreen): with the receiver on, demo mode
// subscribes the sandbox's UnlimCall to it (the secrets where the receiver reads them); an AI-agent
// call placed on the Calls page that the sandbox transfers to a human reaches the receiver as a
// verified call.transferred, and one that ends on do-not-call puts the number on the Safety page's
// do-not-contact list through dnc.added.
// Not covered yet (their parts had not landed): the receiver switched in Settings' widgets (the
// test writes EventReceiverSettings and applies them as Settings does), the transfer notification,
// and the outcome arriving by polling with the receiver off.
//
// Independent of the hour: the guard's clock is fixed (noon in New York) and every number is in
// New York. No fixed waits: each step waits for the signal or the state it is about.

#include "MainWindow.h"
#include "TestMain.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "calls/CallsPage.h"
#include "calls/PlaceCallDialog.h"
#include "common/RecordTableView.h"
#include "events/DemoReceiverHooks.h"
#include "events/EventReceiverSettings.h"
#include "events/EventStore.h"
#include "events/LiveEvents.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundSafety.h"
#include "outbound/OutboundStore.h"
#include "safety/SafetyPage.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/UnlimCallSandbox.h"
#include "sandbox/UnlimCallWebhooks.h"
#include "table/RecordTableModel.h"

#include <QAbstractItemModel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>

#include <memory>

namespace {
constexpr int kSlowMs = 90'000; // loopback on a machine shared by several builds
// Wednesday 10 June 2026, noon in New York.
const QDateTime kNoonInNewYork(QDate(2026, 6, 10), QTime(16, 0), Qt::UTC);
} // namespace

class TestEventsAcceptance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void receiverOnTransferArrivesAndDoNotCallIsListed();

private:
    template<typename T>
    T *page(const QString &id) const
    {
        m_window->showPage(id);
        return qobject_cast<T *>(m_window->page(id));
    }
    // Ticks (or clears) "Receive webhooks in this console" in Settings, any free port, Apply.
    bool setReceiver(bool on);
    // Places an AI-agent call to `number` through the Calls page's dialog; the call id.
    QString placeCall(const QString &number);
    // Whether the Safety page's do-not-contact list shows `number`.
    bool safetyListShows(const QString &number) const;

    std::unique_ptr<Wiring::Demo> m_demo;
    std::unique_ptr<ServiceHub> m_hub;
    std::unique_ptr<MainWindow> m_window;
};

void TestEventsAcceptance::initTestCase()
{
    qRegisterMetaType<StoredEvent>();
    m_demo = std::make_unique<Wiring::Demo>();
    QVERIFY2(m_demo->start(), qPrintable(m_demo->errorString()));
    QSettings().clear();
    m_hub = std::make_unique<ServiceHub>(m_demo->hubOptions());
    m_demo->installCredentials(*m_hub);
    m_window = std::make_unique<MainWindow>(m_hub.get());
    m_window->resize(1400, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isStarted(), kSlowMs);
    QVERIFY(m_window->outboundSafety());
    m_window->outboundSafety()->guard()->setClock([] { return kNoonInNewYork; });
    QVERIFY(m_window->liveEvents());
    QCOMPARE(m_window->liveEvents()->receiverState().kind, LiveEvents::ReceiverState::Kind::Off); // default
    QVERIFY(m_window->demoReceiverHooks());
}

void TestEventsAcceptance::cleanupTestCase()
{
    m_window.reset();
    m_hub.reset();
    m_demo.reset();
}

bool TestEventsAcceptance::setReceiver(bool on)
{
    EventReceiverSettings settings;
    settings.setReceiverEnabled(on);
    settings.setPort(0); // any free port: tests run side by side
    m_window->liveEvents()->applySettings();
    const auto wanted =
            on ? LiveEvents::ReceiverState::Kind::Listening : LiveEvents::ReceiverState::Kind::Off;
    return QTest::qWaitFor([&] { return m_window->liveEvents()->receiverState().kind == wanted; }, kSlowMs);
}

QString TestEventsAcceptance::placeCall(const QString &number)
{
    auto *calls = page<CallsPage>(QStringLiteral("calls"));
    if (!calls || !QTest::qWaitFor([&] { return calls->sipLines()->rowCount() > 0; }, kSlowMs))
        return {};
    PlaceCallDialog *dialog = calls->openPlaceCallDialog();
    dialog->setConfirmationEnabled(false);
    QSignalSpy placed(dialog, &PlaceCallDialog::callPlaced);
    QTest::keyClicks(dialog->destinationEdit(), number);
    if (!dialog->callButton()->isEnabled()) {
        qWarning("cannot call %s: %s", qPrintable(number), qPrintable(dialog->problem()));
        return {};
    }
    QTest::mouseClick(dialog->callButton(), Qt::LeftButton);
    if (!placed.wait(kSlowMs))
        return {};
    const QString callId = placed.first().at(0).value<UnlimCall::CallQueued>().callId;
    dialog->close();
    return callId;
}

bool TestEventsAcceptance::safetyListShows(const QString &number) const
{
    auto *safety = qobject_cast<SafetyPage *>(m_window->page(QStringLiteral("safety")));
    const QAbstractItemModel *model = safety ? safety->listView()->model() : nullptr;
    if (!model)
        return false;
    return !model->match(model->index(0, 0), Qt::DisplayRole, number, 1, Qt::MatchExactly).isEmpty();
}

void TestEventsAcceptance::receiverOnTransferArrivesAndDoNotCallIsListed()
{
    DemoReceiverHooks *hooks = m_window->demoReceiverHooks();
    QSignalSpy ready(hooks, &DemoReceiverHooks::ready);
    QVERIFY(setReceiver(true));
    // Demo mode subscribes the sandbox's UnlimCall to the receiver (its secrets read) at once.
    QVERIFY(hooks->isReady() || ready.wait(kSlowMs));
    QCOMPARE(m_demo->sandbox()->unlimcall()->webhooks()->activeHookCount(), 5);

    // A call the sandbox transfers to a human: its call.transferred reaches the receiver.
    QSignalSpy stored(m_window->liveEvents(), &LiveEvents::eventStored);
    m_demo->sandbox()->unlimcall()->webhooks()->setNextCall(UnlimCallWebhooks::CallOutcome::Transferred,
                                                            QStringLiteral("+12125550199"));
    const QString transferred = placeCall(QStringLiteral("+1 212 555 0140"));
    QVERIFY(!transferred.isEmpty());
    // It came through the receiver, verified.
    bool viaWebhook = false;
    const auto arrived = [&] {
        for (const QList<QVariant> &arguments : std::as_const(stored)) {
            if (arguments.at(0).value<StoredEvent>().type == QLatin1String("call.transferred"))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(arrived(), kSlowMs);
    for (const QList<QVariant> &arguments : std::as_const(stored)) {
        const auto event = arguments.at(0).value<StoredEvent>();
        if (event.type == QLatin1String("call.transferred") && event.callId == transferred)
            viaWebhook = event.source == StoredEvent::sourceWebhook() &&
                    event.verification.startsWith(QLatin1String("verified"));
    }
    QVERIFY(viaWebhook);

    // A call that ends on do-not-call: dnc.added lands on the Safety page's list.
    m_demo->sandbox()->unlimcall()->webhooks()->setNextCall(UnlimCallWebhooks::CallOutcome::DoNotCall);
    QVERIFY(!safetyListShows(QStringLiteral("+12125550141")));
    QVERIFY(!placeCall(QStringLiteral("+1 212 555 0141")).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->outboundSafety()->store()->listedEntry(
                                     Recipient::phone(QStringLiteral("+12125550141"))),
                             kSlowMs);
    page<SafetyPage>(QStringLiteral("safety"));
    QTRY_VERIFY_WITH_TIMEOUT(safetyListShows(QStringLiteral("+12125550141")), kSlowMs);
}

CC_TEST_GUI_MAIN(TestEventsAcceptance)
#include "tst_eventsacceptance.moc"
