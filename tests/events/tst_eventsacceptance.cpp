// Issue 13's "Done when", in demo mode through MainWindow and the real widgets (offscreen): the
// operator turns the webhook receiver on in Settings (demo mode subscribes the sandbox's UnlimCall
// to it, the secrets where the receiver reads them), places an AI-agent call on the Calls page
// that the sandbox transfers to a human — its signed call.transferred reaches the receiver and
// raises the transfer notification — and one that ends on do-not-call — its dnc.added puts the
// number on the Safety page's do-not-contact list. With the receiver off, a transferred call's
// outcome arrives by polling the call records, marked "needs the webhook" on the Events page.
//
// Independent of the hour: the guard's clock is fixed (noon in New York) and every number is in
// New York. No fixed waits: each step waits for the signal or the state it is about.

#include "DemoConsole.h"
#include "MainWindow.h"
#include "TestMain.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "calls/CallsPage.h"
#include "calls/PlaceCallDialog.h"
#include "common/Notifier.h"
#include "common/RecordTableView.h"
#include "events/DemoReceiverHooks.h"
#include "events/EventStore.h"
#include "events/EventsPage.h"
#include "events/LiveEvents.h"
#include "events/Notification.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundSafety.h"
#include "outbound/OutboundStore.h"
#include "pages/SettingsPage.h"
#include "safety/SafetyPage.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/UnlimCallSandbox.h"
#include "sandbox/UnlimCallWebhooks.h"
#include "table/RecordTableModel.h"

#include <QAbstractItemModel>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>

#include <memory>
#include <optional>

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
    void receiverOnTransferNotifiesAndDoNotCallIsListed();
    void receiverOffOutcomeArrivesByPolling();

private:
    template<typename T>
    T *page(const QString &id) const
    {
        m_console.window->showPage(id);
        return qobject_cast<T *>(m_console.window->page(id));
    }
    // Ticks (or clears) "Receive webhooks in this console" in Settings, any free port, Apply.
    bool setReceiver(bool on);
    // Places an AI-agent call to `number` through the Calls page's dialog; the call id.
    QString placeCall(const QString &number);
    // Whether the Safety page's do-not-contact list shows `number`.
    bool safetyListShows(const QString &number) const;

    DemoConsole m_console;
};

void TestEventsAcceptance::initTestCase()
{
    qRegisterMetaType<StoredEvent>();
    qRegisterMetaType<Notification>();
    const QString problem = m_console.open(kSlowMs);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    m_console.window->outboundSafety()->guard()->setClock([] { return kNoonInNewYork; });
    QVERIFY(m_console.window->liveEvents());
    QCOMPARE(m_console.window->liveEvents()->receiverState().kind,
             LiveEvents::ReceiverState::Kind::Off); // default
    QVERIFY(m_console.window->demoReceiverHooks());
}

void TestEventsAcceptance::cleanupTestCase()
{
    m_console.close();
}

bool TestEventsAcceptance::setReceiver(bool on)
{
    auto *settings = page<SettingsPage>(QStringLiteral("settings"));
    if (!settings)
        return false;
    auto *enabled = settings->findChild<QCheckBox *>(QStringLiteral("receiverEnabled"));
    auto *port = settings->findChild<QSpinBox *>(QStringLiteral("receiverPort"));
    auto *apply = settings->findChild<QPushButton *>(QStringLiteral("applyButton"));
    if (!enabled || !port || !apply)
        return false;
    if (enabled->isChecked() != on)
        QTest::mouseClick(enabled, Qt::LeftButton, {}, QPoint(4, enabled->height() / 2));
    port->setValue(0); // any free port: tests run side by side
    if (enabled->isChecked() != on || !apply->isEnabled())
        return false;
    QTest::mouseClick(apply, Qt::LeftButton);
    const auto wanted =
            on ? LiveEvents::ReceiverState::Kind::Listening : LiveEvents::ReceiverState::Kind::Off;
    return QTest::qWaitFor([&] { return m_console.window->liveEvents()->receiverState().kind == wanted; },
                           kSlowMs);
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
    auto *safety = qobject_cast<SafetyPage *>(m_console.window->page(QStringLiteral("safety")));
    const QAbstractItemModel *model = safety ? safety->listView()->model() : nullptr;
    if (!model)
        return false;
    return !model->match(model->index(0, 0), Qt::DisplayRole, number, 1, Qt::MatchExactly).isEmpty();
}

void TestEventsAcceptance::receiverOnTransferNotifiesAndDoNotCallIsListed()
{
    DemoReceiverHooks *hooks = m_console.window->demoReceiverHooks();
    QSignalSpy ready(hooks, &DemoReceiverHooks::ready);
    QVERIFY(setReceiver(true));
    // Demo mode subscribes the sandbox's UnlimCall to the receiver (its secrets read) at once.
    QVERIFY(hooks->isReady() || ready.wait(kSlowMs));
    QCOMPARE(m_console.demo->sandbox()->unlimcall()->webhooks()->activeHookCount(), 5);

    // A call the sandbox transfers to a human: its call.transferred raises the notification.
    QSignalSpy notified(m_console.window->notifier(), &Notifier::notified);
    QSignalSpy stored(m_console.window->liveEvents(), &LiveEvents::eventStored);
    m_console.demo->sandbox()->unlimcall()->webhooks()->setNextCall(
            UnlimCallWebhooks::CallOutcome::Transferred, QStringLiteral("+12125550199"));
    const QString transferred = placeCall(QStringLiteral("+1 212 555 0140"));
    QVERIFY(!transferred.isEmpty());
    const auto transferNotified = [&] {
        for (const QList<QVariant> &arguments : std::as_const(notified)) {
            const auto notification = arguments.at(0).value<Notification>();
            if (notification.kind == NotificationKind::TransferToHuman &&
                notification.target.contact == QLatin1String("+12125550140"))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(transferNotified(), kSlowMs);
    // It came through the receiver, verified.
    bool viaWebhook = false;
    for (const QList<QVariant> &arguments : std::as_const(stored)) {
        const auto event = arguments.at(0).value<StoredEvent>();
        if (event.type == QLatin1String("call.transferred") && event.callId == transferred)
            viaWebhook = event.source == StoredEvent::sourceWebhook() &&
                    event.verification.startsWith(QLatin1String("verified"));
    }
    QVERIFY(viaWebhook);

    // A call that ends on do-not-call: dnc.added lands on the Safety page's list.
    m_console.demo->sandbox()->unlimcall()->webhooks()->setNextCall(
            UnlimCallWebhooks::CallOutcome::DoNotCall);
    QVERIFY(!safetyListShows(QStringLiteral("+12125550141")));
    QVERIFY(!placeCall(QStringLiteral("+1 212 555 0141")).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_console.window->outboundSafety()->store()->listedEntry(
                                     Recipient::phone(QStringLiteral("+12125550141"))),
                             kSlowMs);
    page<SafetyPage>(QStringLiteral("safety"));
    QTRY_VERIFY_WITH_TIMEOUT(safetyListShows(QStringLiteral("+12125550141")), kSlowMs);
}

void TestEventsAcceptance::receiverOffOutcomeArrivesByPolling()
{
    const QString number = QStringLiteral("+12125550142");
    QVERIFY(setReceiver(false));
    // The Events page says how UnlimCall's events arrive now.
    auto *events = page<EventsPage>(QStringLiteral("events"));
    QVERIFY(events);
    auto *modes = events->findChild<QLabel *>(QStringLiteral("eventsLiveModes"));
    QVERIFY(modes);
    QTRY_VERIFY_WITH_TIMEOUT(modes->text().contains(QStringLiteral(
                                     "UnlimCall: polling call records — transfers and do-not-call "
                                     "additions need the webhook")),
                             kSlowMs);

    // A call the sandbox transfers to a human, with no receiver to tell.
    QSignalSpy stored(m_console.window->liveEvents(), &LiveEvents::eventStored);
    QSignalSpy notified(m_console.window->notifier(), &Notifier::notified);
    m_console.demo->sandbox()->unlimcall()->webhooks()->setNextCall(
            UnlimCallWebhooks::CallOutcome::Transferred, QStringLiteral("+12125550199"));
    QVERIFY(!placeCall(QStringLiteral("+1 212 555 0142")).isEmpty());
    // Its call record is polled: the outcome arrives, and the transfer needs the webhook.
    const auto polled = [&]() -> std::optional<StoredEvent> {
        for (const QList<QVariant> &arguments : std::as_const(stored)) {
            const auto event = arguments.at(0).value<StoredEvent>();
            if (event.phone == number)
                return event;
        }
        return std::nullopt;
    };
    QTRY_VERIFY_WITH_TIMEOUT(polled().has_value(), kSlowMs);
    QCOMPARE(polled()->source, StoredEvent::sourcePoll());
    QCOMPARE(polled()->type, QStringLiteral("call.ended"));
    QVERIFY2(polled()->summary.contains(QLatin1String("needs the webhook")), qPrintable(polled()->summary));
    for (const QList<QVariant> &arguments : std::as_const(stored))
        QVERIFY(arguments.at(0).value<StoredEvent>().type != QLatin1String("call.transferred"));
    for (const QList<QVariant> &arguments : std::as_const(notified))
        QVERIFY(arguments.at(0).value<Notification>().kind != NotificationKind::TransferToHuman);

    // The Events page lists it so.
    page<EventsPage>(QStringLiteral("events"));
    auto *table = events->findChild<RecordTableView *>(QStringLiteral("eventsTable"));
    QVERIFY(table && table->model());
    const auto pageShows = [&] {
        const QAbstractItemModel *model = table->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            QStringList cells;
            for (int column = 0; column < model->columnCount(); ++column)
                cells << model->index(row, column).data().toString();
            const QString line = cells.join(QLatin1Char('|'));
            if (line.contains(number) && line.contains(QLatin1String("needs the webhook")))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(pageShows(), kSlowMs);
}

CC_TEST_GUI_MAIN(TestEventsAcceptance)
#include "tst_eventsacceptance.moc"
