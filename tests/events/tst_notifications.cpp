// Desktop notifications (issue 13): each kind switched on and off through the real Settings
// widgets; a stored call.transferred event raises a notification about its lead (else its call);
// one reply seen by the Outreach2day webhook and by the #11 live feed is notified once; clicking a
// notification (Notifier::activate, what the tray's messageClicked calls) makes MainWindow show the
// lead, the call, the reply or the lead job. Demo mode, offscreen.

#include "MainWindow.h"
#include "TestMain.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "calls/CallsPage.h"
#include "common/Notifier.h"
#include "common/RecordTableView.h"
#include "controllers/LeadsController.h"
#include "email/EmailActivityStore.h"
#include "email/EmailPage.h"
#include "email/UniboxController.h"
#include "email/UniboxView.h"
#include "events/EventPayload.h"
#include "events/EventReceiverSettings.h"
#include "events/LiveEvents.h"
#include "events/NotificationPolicy.h"
#include "events/NotificationSettings.h"
#include "leads/LeadsPage.h"
#include "pages/SettingsPage.h"
#include "table/RecordTableModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>

#include <memory>

namespace {

// A call.transferred delivery as UnlimCall documents it, stored (and linked to `leadId` when given).
StoredEvent transferEvent(const QString &callId, const QString &phone, const QString &leadId = {})
{
    StoredEvent event;
    event.vendor = Vendor::UnlimCall;
    event.receivedAt = QDateTime::currentDateTimeUtc();
    event.rawBody = QStringLiteral(R"({"event":"call.transferred","eventId":"evt_%1","callId":"%1",)"
                                   R"("phone":"%2","transferTarget":"+15550000001",)"
                                   R"("timestamp":"2026-12-06T05:00:00Z"})")
                            .arg(callId, phone)
                            .toUtf8();
    event.source = StoredEvent::sourcePoll();
    event.verification = QStringLiteral("recorded by polling (nothing to verify)");
    EventPayload::describe(event);
    event.leadId = leadId;
    return event;
}

StoredEvent replyEvent(const QString &campaignId, const QString &email, const QString &intent,
                       const QString &threadId)
{
    StoredEvent event;
    event.vendor = Vendor::Outreach2day;
    event.receivedAt = QDateTime::currentDateTimeUtc();
    event.rawBody =
            QStringLiteral(R"({"id":"evt_r_%4","type":"reply.received","timestamp":"2026-12-06T05:00:00Z",)"
                           R"("data":{"campaignId":"%1","email":"%2","replyIntent":"%3",)"
                           R"("threadId":"%4","subject":"Re: hello"}})")
                    .arg(campaignId, email, intent, threadId)
                    .toUtf8();
    EventPayload::describe(event);
    return event;
}

Notification lowBalance()
{
    Notification notification;
    notification.kind = NotificationKind::LowBalance;
    notification.target = {QStringLiteral("calls"), NotificationTarget::Subject::None, {}, {}};
    notification.title = QStringLiteral("UnlimCall balance low");
    notification.message = QStringLiteral("The balance is 3.00 USD.");
    return notification;
}

} // namespace

class TestNotifications : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void kindsAreSwitchedInSettings();
    void receiverIsSetAndAppliedInSettings();
    void transferRecordedByLiveEventsNotifiesAboutTheLead();
    void transferEventNamesTheLeadElseTheCall();
    void onlyInterestedRepliesNotify();
    void oneNotificationPerReplyWhicheverSourceSawIt();
    void activatingOpensTheLead();
    void activatingOpensTheLeadJob();
    void activatingOpensTheCall();
    void activatingOpensTheReply();

private:
    template<typename T>
    T *openPage(const QString &id)
    {
        m_window->showPage(id);
        return qobject_cast<T *>(m_window->page(id));
    }

    Wiring::Demo m_demo;
    std::unique_ptr<ServiceHub> m_hub;
    std::unique_ptr<MainWindow> m_window;
};

void TestNotifications::initTestCase()
{
    qRegisterMetaType<Notification>();
    qRegisterMetaType<NotificationTarget>();
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
}

void TestNotifications::init()
{
    QSettings().clear();
    m_hub = std::make_unique<ServiceHub>(m_demo.hubOptions());
    m_demo.installCredentials(*m_hub);
    m_window = std::make_unique<MainWindow>(m_hub.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY(m_window->isStarted());
}

void TestNotifications::cleanup()
{
    m_window.reset();
    m_hub.reset();
}

void TestNotifications::kindsAreSwitchedInSettings()
{
    auto *settings = openPage<SettingsPage>(QStringLiteral("settings"));
    QVERIFY(settings);
    Notifier *notifier = m_window->notifier();
    QSignalSpy notified(notifier, &Notifier::notified);

    // Every kind is on by default.
    for (NotificationKind kind : NotificationKinds::switchable()) {
        QCheckBox *check =
                settings->findChild<QCheckBox *>(QStringLiteral("notify-") + NotificationKinds::id(kind));
        QVERIFY2(check, qPrintable(NotificationKinds::id(kind)));
        QVERIFY(check->isChecked());
        QVERIFY(!check->accessibleName().isEmpty());
    }

    // Off, as the operator does it: the switch, then Apply.
    QCheckBox *low = settings->notificationSwitch(NotificationKind::LowBalance);
    low->ensurePolished();
    QTest::mouseClick(low, Qt::LeftButton, {}, QPoint(4, low->height() / 2));
    QVERIFY(!low->isChecked());
    QVERIFY(NotificationSettings::isEnabled(NotificationKind::LowBalance)); // not before Apply
    QTest::mouseClick(settings->findChild<QPushButton *>(QStringLiteral("applyButton")), Qt::LeftButton);
    QVERIFY(!NotificationSettings::isEnabled(NotificationKind::LowBalance));
    QCOMPARE(QSettings().value(QStringLiteral("notifications/lowBalance")).toBool(), false);

    // A disabled kind shows nothing: no signal, no status-bar line.
    m_window->statusBar()->clearMessage();
    QVERIFY(!notifier->notify(lowBalance()));
    QCOMPARE(notified.count(), 0);
    QVERIFY(m_window->statusBar()->currentMessage().isEmpty());
    // The other kinds still show.
    const StoredEvent transfer = transferEvent(QStringLiteral("c-1"), QStringLiteral("+13055550101"));
    QVERIFY(notifier->notify(*NotificationPolicy::forEvent(transfer)));
    QCOMPARE(notified.count(), 1);
    // So do the notifications no switch governs (an export written).
    notifier->notify(QStringLiteral("Export finished"), QStringLiteral("12 rows"));
    QCOMPARE(notified.count(), 2);

    // The choice survives a new Settings page (a restart); Revert brings back what is saved.
    SettingsPage again(m_hub.get());
    QVERIFY(!again.notificationSwitch(NotificationKind::LowBalance)->isChecked());
    QVERIFY(again.notificationSwitch(NotificationKind::TransferToHuman)->isChecked());

    // On again.
    QTest::mouseClick(low, Qt::LeftButton, {}, QPoint(4, low->height() / 2));
    QTest::mouseClick(settings->findChild<QPushButton *>(QStringLiteral("applyButton")), Qt::LeftButton);
    QVERIFY(notifier->notify(lowBalance()));
    QCOMPARE(notified.count(), 3);
    QCOMPARE(notified.last().at(0).value<Notification>().kind, NotificationKind::LowBalance);
}

void TestNotifications::receiverIsSetAndAppliedInSettings()
{
    auto *settings = openPage<SettingsPage>(QStringLiteral("settings"));
    QVERIFY(settings);
    LiveEvents *live = m_window->liveEvents();
    QVERIFY(live);
    auto *on = settings->findChild<QCheckBox *>(QStringLiteral("receiverEnabled"));
    auto *address = settings->findChild<QLineEdit *>(QStringLiteral("receiverBindAddress"));
    auto *port = settings->findChild<QSpinBox *>(QStringLiteral("receiverPort"));
    auto *publicUrl = settings->findChild<QLineEdit *>(QStringLiteral("receiverPublicUrl"));
    auto *scheme = settings->findChild<QComboBox *>(QStringLiteral("outreach2dayScheme"));
    auto *state = settings->findChild<QLabel *>(QStringLiteral("receiverState"));
    auto *apply = settings->findChild<QPushButton *>(QStringLiteral("applyButton"));
    QVERIFY(on && address && port && publicUrl && scheme && state && apply);

    // The defaults: off, this computer only, 8787, Standard Webhooks.
    QVERIFY(!on->isChecked());
    QCOMPARE(address->text(), QStringLiteral("127.0.0.1"));
    QCOMPARE(port->value(), 8787);
    QCOMPARE(scheme->currentData().toString(), QStringLiteral("standard-webhooks"));
    QCOMPARE(live->receiverState().kind, LiveEvents::ReceiverState::Kind::Off);
    QCOMPARE(state->text(), live->receiverState().describe());

    // What does not parse keeps Apply off and says why.
    address->setText(QStringLiteral("300.1.2.3"));
    QVERIFY(!apply->isEnabled());
    QVERIFY(settings->findChild<QLabel *>(QStringLiteral("problem-liveEvents"))->isVisibleTo(settings));
    address->setText(QStringLiteral("127.0.0.1"));
    publicUrl->setText(QStringLiteral("http://hooks.example.com"));
    QVERIFY(!apply->isEnabled());
    publicUrl->setText(QStringLiteral("https://hooks.example.com"));
    QVERIFY(apply->isEnabled());

    // On, on any free port, the other scheme: saved and applied to the running receiver at once.
    QTest::mouseClick(on, Qt::LeftButton, {}, QPoint(4, on->height() / 2));
    QVERIFY(on->isChecked());
    port->setValue(0);
    scheme->setCurrentIndex(scheme->findData(QStringLiteral("timestamped-hmac")));
    QTest::mouseClick(apply, Qt::LeftButton);
    const EventReceiverSettings saved;
    QVERIFY(saved.isReceiverEnabled());
    QCOMPARE(saved.port(), quint16(0));
    QCOMPARE(saved.publicBaseUrl(), QUrl(QStringLiteral("https://hooks.example.com")));
    QCOMPARE(saved.outreach2dayScheme(), QStringLiteral("timestamped-hmac"));
    QTRY_COMPARE(live->receiverState().kind, LiveEvents::ReceiverState::Kind::Listening);
    QVERIFY(live->receiverState().port != 0);
    QTRY_COMPARE(state->text(), live->receiverState().describe());
    QVERIFY2(state->text().contains(QString::number(live->receiverState().port)), qPrintable(state->text()));

    // Off again.
    QTest::mouseClick(on, Qt::LeftButton, {}, QPoint(4, on->height() / 2));
    QTest::mouseClick(apply, Qt::LeftButton);
    QTRY_COMPARE(live->receiverState().kind, LiveEvents::ReceiverState::Kind::Off);
    QCOMPARE(state->text(), live->receiverState().describe());
}

void TestNotifications::transferRecordedByLiveEventsNotifiesAboutTheLead()
{
    // A lead the console knows, with a number.
    auto *leads = qobject_cast<LeadsPage *>(m_window->page(QStringLiteral("leads")));
    QVERIFY(leads);
    RecordTableModel *model = leads->controller()->leads();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 && !leads->controller()->isRefreshing(), 30'000);
    QString leadId;
    QString phone;
    for (const UnloopaLead &lead : leads->controller()->store()->searchLeads({}, 200)) {
        if (lead.phone.startsWith(QLatin1Char('+'))) {
            phone = lead.phone;
            break;
        }
    }
    QVERIFY(!phone.isEmpty());
    // The newest lead with that number is the one an event is linked to.
    leadId = leads->controller()->store()->leadIdFor(phone).value_or(QString());
    QVERIFY(!leadId.isEmpty());

    // UnlimCall says its AI agent handed that number's call to a person; the runtime stores it,
    // links the lead and announces it: the window notifies, about the lead.
    QSignalSpy notified(m_window->notifier(), &Notifier::notified);
    StoredEvent transfer = transferEvent(QStringLiteral("6d2e-uuid"), phone);
    QVERIFY2(m_window->liveEvents()->storeProblem().isEmpty(),
             qPrintable(m_window->liveEvents()->storeProblem()));
    const EventStore::InsertResult stored = m_window->liveEvents()->record(transfer);
    QVERIFY2(stored.outcome == EventStore::Outcome::Inserted, qPrintable(stored.status.message));
    QCOMPARE(notified.count(), 1); // announced as it is stored
    const auto shown = notified.first().at(0).value<Notification>();
    QCOMPARE(shown.kind, NotificationKind::TransferToHuman);
    QCOMPARE(shown.target,
             (NotificationTarget{QStringLiteral("leads"), NotificationTarget::Subject::Lead, leadId, phone}));
    // The same event again (a vendor's retry) is a duplicate: no second notification.
    QCOMPARE(m_window->liveEvents()->record(transfer).outcome, EventStore::Outcome::Duplicate);
    // The transfer kind switched off: a new transfer shows nothing.
    NotificationSettings::setEnabled(NotificationKind::TransferToHuman, false);
    QCOMPARE(m_window->liveEvents()->record(transferEvent(QStringLiteral("7e3f-uuid"), phone)).outcome,
             EventStore::Outcome::Inserted);
    QCOMPARE(notified.count(), 1);

    // Clicking it opens the lead.
    m_window->showPage(QStringLiteral("settings"));
    m_window->notifier()->activate(shown.target);
    QCOMPARE(m_window->currentPageId(), QStringLiteral("leads"));
    QTRY_COMPARE(leads->currentLeadId(), leadId);
}

void TestNotifications::transferEventNamesTheLeadElseTheCall()
{
    // Linked to a lead (EventApplier found it by number): the notification is about the lead.
    const auto aboutLead = NotificationPolicy::forEvent(transferEvent(
            QStringLiteral("2f1c-uuid"), QStringLiteral("+13055550102"), QStringLiteral("lead_42")));
    QVERIFY(aboutLead);
    QCOMPARE(aboutLead->kind, NotificationKind::TransferToHuman);
    QCOMPARE(aboutLead->target,
             (NotificationTarget{QStringLiteral("leads"), NotificationTarget::Subject::Lead,
                                 QStringLiteral("lead_42"), QStringLiteral("+13055550102")}));
    QVERIFY2(aboutLead->message.contains(QStringLiteral("+13055550102")), qPrintable(aboutLead->message));

    // No lead known: about the call (its id and number).
    const auto aboutCall = NotificationPolicy::forEvent(
            transferEvent(QStringLiteral("9a7b-uuid"), QStringLiteral("+13055550103")));
    QVERIFY(aboutCall);
    QCOMPARE(aboutCall->target,
             (NotificationTarget{QStringLiteral("calls"), NotificationTarget::Subject::Call,
                                 QStringLiteral("9a7b-uuid"), QStringLiteral("+13055550103")}));

    // Through the window's Notifier: shown once, however often the same call's transfer is seen.
    QSignalSpy notified(m_window->notifier(), &Notifier::notified);
    QVERIFY(m_window->notifier()->notify(*aboutCall));
    QVERIFY(!m_window->notifier()->notify(*aboutCall));
    QCOMPARE(notified.count(), 1);
    QCOMPARE(notified.first().at(0).value<Notification>().target, aboutCall->target);

    // Other events of the call raise none.
    StoredEvent ended = transferEvent(QStringLiteral("9a7b-uuid"), QStringLiteral("+13055550103"));
    ended.type = QStringLiteral("call.ended");
    QVERIFY(!NotificationPolicy::forEvent(ended));
}

void TestNotifications::onlyInterestedRepliesNotify()
{
    const auto interested = NotificationPolicy::forEvent(
            replyEvent(QStringLiteral("cmp_1"), QStringLiteral("ann@example.com"),
                       QStringLiteral("interested"), QStringLiteral("thr_1")));
    QVERIFY(interested);
    QCOMPARE(interested->kind, NotificationKind::InterestedReply);
    QCOMPARE(interested->target,
             (NotificationTarget{QStringLiteral("email"), NotificationTarget::Subject::Reply,
                                 QStringLiteral("thr_1"), QStringLiteral("ann@example.com")}));
    QVERIFY(!NotificationPolicy::forEvent(
            replyEvent(QStringLiteral("cmp_1"), QStringLiteral("bob@example.com"),
                       QStringLiteral("not_interested"), QStringLiteral("thr_2"))));
}

void TestNotifications::oneNotificationPerReplyWhicheverSourceSawIt()
{
    auto *email = openPage<EmailPage>(QStringLiteral("email"));
    QVERIFY(email && email->ensureOpen());
    Notifier *notifier = m_window->notifier();
    QSignalSpy notified(notifier, &Notifier::notified);

    // The webhook first, then the live feed's poll sees the same reply (and a new one).
    QVERIFY(notifier->notify(*NotificationPolicy::forEvent(
            replyEvent(QStringLiteral("cmp_demo01"), QStringLiteral("Ann@Example.com"),
                       QStringLiteral("interested"), QStringLiteral("thr_a")))));
    QCOMPARE(notified.count(), 1);
    Q_EMIT email->watcher()->repliesArrived(
            {{QStringLiteral("cmp_demo01"), QStringLiteral("ct_a"), QStringLiteral("ann@example.com"),
              QStringLiteral("interested"), QStringLiteral("Re: hello")}});
    QCOMPARE(notified.count(), 1); // the same fact: nothing new
    Q_EMIT email->watcher()->repliesArrived(
            {{QStringLiteral("cmp_demo01"), QStringLiteral("ct_a"), QStringLiteral("ann@example.com"),
              QStringLiteral("interested"), QStringLiteral("Re: hello")},
             {QStringLiteral("cmp_demo01"),
              QStringLiteral("ct_b"),
              QStringLiteral("bea@example.com"),
              {},
              {}}});
    QCOMPARE(notified.count(), 2); // only Bea's is new, and only she is named
    const auto fromFeed = notified.last().at(0).value<Notification>();
    QCOMPARE(fromFeed.kind, NotificationKind::InterestedReply);
    QVERIFY2(fromFeed.message.contains(QStringLiteral("bea@example.com")), qPrintable(fromFeed.message));
    QVERIFY2(!fromFeed.message.contains(QStringLiteral("ann@example.com")), qPrintable(fromFeed.message));
    QCOMPARE(fromFeed.target.pageId, QStringLiteral("email"));

    // The feed first, then the webhook: the webhook's is not shown again.
    QVERIFY(!notifier->notify(*NotificationPolicy::forEvent(
            replyEvent(QStringLiteral("cmp_demo01"), QStringLiteral("bea@example.com"),
                       QStringLiteral("interested"), QStringLiteral("thr_b")))));
    QCOMPARE(notified.count(), 2);
}

void TestNotifications::activatingOpensTheLead()
{
    auto *leads = qobject_cast<LeadsPage *>(m_window->page(QStringLiteral("leads")));
    QVERIFY(leads);
    RecordTableModel *model = leads->controller()->leads();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 3, 30'000);
    const QString leadId = model->index(3, 0).data(RecordTableModel::RawRole).toString();
    QVERIFY(!leadId.isEmpty());
    // Filtered so that the lead is hidden: opening it clears the filter.
    leads->findChild<QLineEdit *>(QStringLiteral("leadsSearch"))
            ->setText(QStringLiteral("no lead is called this"));
    QTRY_COMPARE(model->rowCount(), 0);
    m_window->showPage(QStringLiteral("settings"));

    const auto transfer = NotificationPolicy::forEvent(
            transferEvent(QStringLiteral("c-lead"), QStringLiteral("+13055550104"), leadId));
    QVERIFY(transfer);
    m_window->notifier()->activate(transfer->target);
    QCOMPARE(m_window->currentPageId(), QStringLiteral("leads"));
    QTRY_COMPARE(leads->currentLeadId(), leadId);
}

void TestNotifications::activatingOpensTheLeadJob()
{
    auto *leads = qobject_cast<LeadsPage *>(m_window->page(QStringLiteral("leads")));
    QVERIFY(leads);
    RecordTableModel *jobs = leads->controller()->jobs();
    QTRY_VERIFY_WITH_TIMEOUT(jobs->rowCount() > 1, 30'000);
    const QString jobId = jobs->index(1, 0).data(RecordTableModel::RawRole).toString();
    QVERIFY(!jobId.isEmpty());
    QVERIFY(leads->currentJobId() != jobId);
    m_window->notifier()->activate({QStringLiteral("leads"), NotificationTarget::Subject::Job, jobId, {}});
    QCOMPARE(m_window->currentPageId(), QStringLiteral("leads"));
    QTRY_COMPARE(leads->currentJobId(), jobId);
}

void TestNotifications::activatingOpensTheCall()
{
    // A webhook's call id is not a CDR id: the call records to its number are shown.
    const StoredEvent transfer = transferEvent(QStringLiteral("5e0c-uuid"), QStringLiteral("+13055550105"));
    m_window->notifier()->activate(NotificationPolicy::forEvent(transfer)->target);
    QCOMPARE(m_window->currentPageId(), QStringLiteral("calls"));
    auto *calls = qobject_cast<CallsPage *>(m_window->page(QStringLiteral("calls")));
    QVERIFY(calls);
    QCOMPARE(calls->tabs()->currentIndex(), 0);
    QCOMPARE(calls->findChild<QLineEdit *>(QStringLiteral("callsDstFilter"))->text(),
             QStringLiteral("13055550105"));
}

void TestNotifications::activatingOpensTheReply()
{
    auto *email = openPage<EmailPage>(QStringLiteral("email"));
    QVERIFY(email && email->ensureOpen());
    // Two interested threads the console saw; the notification is about Cleo's.
    O2dThread other;
    other.id = QStringLiteral("thr_other");
    other.campaignId = QStringLiteral("cmp_demo01");
    other.email = QStringLiteral("dan@example.com");
    other.replyIntent = QStringLiteral("interested");
    other.lastMessageAt = QDateTime::currentDateTimeUtc();
    O2dThread cleo = other;
    cleo.id = QStringLiteral("thr_cleo");
    cleo.email = QStringLiteral("cleo@example.com");
    cleo.lastMessageAt = other.lastMessageAt.addSecs(-60);
    QVERIFY(email->context().activity->saveThreads({other, cleo}).ok());
    m_window->showPage(QStringLiteral("settings"));

    // By thread id (the webhook names it)...
    m_window->notifier()->activate({QStringLiteral("email"), NotificationTarget::Subject::Reply,
                                    QStringLiteral("thr_cleo"), QStringLiteral("cleo@example.com")});
    QCOMPARE(m_window->currentPageId(), QStringLiteral("email"));
    QCOMPARE(email->currentTab(), EmailPage::Tab::Unibox);
    QCOMPARE(email->unibox()->currentIntent(), QStringLiteral("interested"));
    QTRY_COMPARE(email->unibox()->currentThreadId(), QStringLiteral("thr_cleo"));

    // ... or by the contact's address (the live feed knows no thread).
    m_window->notifier()->activate({QStringLiteral("email"),
                                    NotificationTarget::Subject::Reply,
                                    {},
                                    QStringLiteral("dan@example.com")});
    QTRY_COMPARE(email->unibox()->currentThreadId(), QStringLiteral("thr_other"));

    // The threads read again from Outreach2day: the one opened stays selected.
    QSignalSpy read(email->unibox()->controller(), &UniboxController::refreshFinished);
    email->unibox()->refresh();
    QVERIFY(read.wait(30'000));
    QCOMPARE(email->unibox()->currentThreadId(), QStringLiteral("thr_other"));
}

CC_TEST_GUI_MAIN(TestNotifications)
#include "tst_notifications.moc"
