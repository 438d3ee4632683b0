// The Events page (offscreen) over a real LiveEvents on real SQLite: the stored events newest
// first, a new one merged live in its place, the vendor / type / lead / text filters, the selected
// event's raw body (JSON pretty-printed), headers and verification, the export of exactly the rows
// shown, the empty states, the receiver panel (state, URLs to register, the TLS note) and Ctrl+F.

#include "ExportControlChecks.h"
#include "TestMain.h"

#include "common/ExportControl.h"
#include "common/RecordTableView.h"
#include "events/EventReceiverSettings.h"
#include "events/EventsController.h"
#include "events/EventsPage.h"
#include "events/LiveEvents.h"
#include "table/RecordTableModel.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>

#include <memory>

namespace {

const QDateTime kBase = QDateTime(QDate(2026, 5, 24), QTime(18, 0), Qt::UTC);

StoredEvent makeEvent(Vendor vendor, const QString &type, const QString &eventId, int minutes,
                      const QString &summary, const QByteArray &body)
{
    StoredEvent e;
    e.vendor = vendor;
    e.type = type;
    e.eventId = eventId;
    e.dedupeKey = EventStore::dedupeKeyFor(vendor, eventId, body);
    e.occurredAt = kBase.addSecs(60 * minutes);
    e.receivedAt = e.occurredAt.addSecs(2);
    e.source = StoredEvent::sourceWebhook();
    e.verification = QStringLiteral("verified with secret 1 of 2");
    e.summary = summary;
    e.headers = R"({"content-type":"application/json","x-unlimcall-signature":"t=1779645600,v1=ab12"})";
    e.rawBody = body;
    return e;
}

// The summaries of the rows the table shows, top to bottom.
QStringList shownSummaries(const EventsController *controller)
{
    const RecordTableModel *model = controller->events();
    QStringList summaries;
    for (int row = 0; row < model->rowCount(); ++row)
        summaries << model->table().text(model->tableRow(row), EventStore::Summary);
    return summaries;
}

} // namespace

class TestEventsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void rowsAreNewestFirstAndNewOnesMergeInPlace();
    void filtersNarrowTheRows();
    void detailShowsRawBodyHeadersAndVerification();
    void exportWritesTheRowsShown();
    void exportControlBehavesAsOnEveryPage();
    void emptyStatesSayWhatToDo();
    void receiverPanelShowsStateUrlsAndTlsNote();
    void ctrlFFocusesTheSearch();

private:
    void seed();
    void openPage();
    QString path() const { return m_dir->filePath(QStringLiteral("console.sqlite")); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LiveEvents> m_live;
    std::unique_ptr<EventsPage> m_page;
    qint64 m_replyId = 0;
};

void TestEventsPage::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    m_live = std::make_unique<LiveEvents>(LiveEvents::Dependencies{path(), nullptr, nullptr, nullptr});
    QVERIFY2(m_live->storeProblem().isEmpty(), qPrintable(m_live->storeProblem()));
}

void TestEventsPage::cleanup()
{
    m_page.reset();
    m_live.reset();
    m_dir.reset();
}

void TestEventsPage::seed()
{
    // Stored out of time order: the table orders by when they happened.
    EventStore *store = m_live->store();
    QCOMPARE(store->insert(makeEvent(Vendor::UnlimCall, QStringLiteral("call.ended"), QStringLiteral("evt_1"),
                                     0, QStringLiteral("first call ended"),
                                     R"({"event":"call.ended","eventId":"evt_1","callId":"c-1"})"))
                     .outcome,
             EventStore::Outcome::Inserted);
    StoredEvent transferred =
            makeEvent(Vendor::UnlimCall, QStringLiteral("call.transferred"), QStringLiteral("evt_3"), 20,
                      QStringLiteral("transferred to a human"),
                      R"({"event":"call.transferred","eventId":"evt_3","phone":"+13055550123"})");
    transferred.leadId = QStringLiteral("lead-42");
    QCOMPARE(store->insert(transferred).outcome, EventStore::Outcome::Inserted);
    StoredEvent reply =
            makeEvent(Vendor::Outreach2day, QStringLiteral("reply.received"), QStringLiteral("msg_2"), 10,
                      QStringLiteral("interested reply from sarah@example.com"),
                      R"({"id":"msg_2","type":"reply.received","data":{"email":"sarah@example.com"}})");
    reply.email = QStringLiteral("sarah@example.com");
    reply.headers =
            R"({"webhook-id":"msg_2","webhook-timestamp":"1779646200","webhook-signature":"v1,abc="})";
    const EventStore::InsertResult inserted = store->insert(reply);
    QCOMPARE(inserted.outcome, EventStore::Outcome::Inserted);
    m_replyId = inserted.id;
    StoredEvent callback = makeEvent(Vendor::Verloop, QStringLiteral("callback"), {}, 5,
                                     QStringLiteral("Verloop callback"), "status=completed&message_id=m-9");
    callback.verification = QStringLiteral("unsigned (Verloop token)");
    callback.headers = R"({"content-type":"application/x-www-form-urlencoded"})";
    QCOMPARE(store->insert(callback).outcome, EventStore::Outcome::Inserted);
}

void TestEventsPage::openPage()
{
    m_page = std::make_unique<EventsPage>(m_live.get());
    m_page->resize(1100, 700);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QSignalSpy loaded(m_page->controller(), &EventsController::loaded);
    if (m_page->controller()->isLoading())
        QVERIFY(loaded.wait(30'000));
    QVERIFY(m_page->controller()->events()->waitForIdle());
}

void TestEventsPage::rowsAreNewestFirstAndNewOnesMergeInPlace()
{
    seed();
    openPage();
    EventsController *controller = m_page->controller();
    QCOMPARE(shownSummaries(controller),
             (QStringList{QStringLiteral("transferred to a human"),
                          QStringLiteral("interested reply from sarah@example.com"),
                          QStringLiteral("Verloop callback"), QStringLiteral("first call ended")}));
    QCOMPARE(m_page->findChild<QLabel *>(QStringLiteral("eventsCount"))->text(),
             QStringLiteral("4 event(s)"));

    // A new event (here one found by polling) lands where its time puts it, and its type becomes a
    // filter choice.
    auto *type = m_page->findChild<QComboBox *>(QStringLiteral("eventsType"));
    QCOMPARE(type->findData(QStringLiteral("disposition.set")), -1);
    StoredEvent polled =
            makeEvent(Vendor::UnlimCall, QStringLiteral("disposition.set"), QStringLiteral("evt_p"), 15,
                      QStringLiteral("disposition interested"), R"({"event":"disposition.set"})");
    polled.source = StoredEvent::sourcePoll();
    QCOMPARE(m_live->record(polled).outcome, EventStore::Outcome::Inserted);
    QVERIFY(controller->events()->waitForIdle());
    QCOMPARE(shownSummaries(controller).at(1), QStringLiteral("disposition interested"));
    QCOMPARE(controller->events()->rowCount(), 5);
    QCOMPARE(m_page->findChild<QLabel *>(QStringLiteral("eventsCount"))->text(),
             QStringLiteral("5 event(s)"));
    QVERIFY(type->findData(QStringLiteral("disposition.set")) > 0);
}

void TestEventsPage::filtersNarrowTheRows()
{
    seed();
    openPage();
    EventsController *controller = m_page->controller();
    auto *vendor = m_page->findChild<QComboBox *>(QStringLiteral("eventsVendor"));
    auto *type = m_page->findChild<QComboBox *>(QStringLiteral("eventsType"));
    auto *lead = m_page->findChild<QLineEdit *>(QStringLiteral("eventsLead"));
    auto *search = m_page->findChild<QLineEdit *>(QStringLiteral("eventsSearch"));
    auto *count = m_page->findChild<QLabel *>(QStringLiteral("eventsCount"));
    auto *empty = m_page->findChild<QLabel *>(QStringLiteral("eventsEmpty"));

    // Vendor: by its name in the list, its id in the filter.
    const int unlimCall = vendor->findData(QStringLiteral("unlimcall"));
    QVERIFY(unlimCall > 0);
    QCOMPARE(vendor->itemText(unlimCall), QStringLiteral("UnlimCall"));
    vendor->setCurrentIndex(unlimCall);
    QVERIFY(controller->events()->waitForIdle());
    QCOMPARE(shownSummaries(controller),
             (QStringList{QStringLiteral("transferred to a human"), QStringLiteral("first call ended")}));
    QCOMPARE(count->text(), QStringLiteral("2 of 4 event(s)"));

    // Vendor and type.
    type->setCurrentIndex(type->findData(QStringLiteral("call.ended")));
    QVERIFY(controller->events()->waitForIdle());
    QCOMPARE(shownSummaries(controller), QStringList{QStringLiteral("first call ended")});

    // Lead alone.
    vendor->setCurrentIndex(0);
    type->setCurrentIndex(0);
    lead->setText(QStringLiteral("lead-42"));
    QVERIFY(controller->events()->waitForIdle());
    QCOMPARE(shownSummaries(controller), QStringList{QStringLiteral("transferred to a human")});

    // Free text reaches the email column; nothing matching says so.
    lead->clear();
    search->setText(QStringLiteral("sarah@"));
    QVERIFY(controller->events()->waitForIdle());
    QCOMPARE(shownSummaries(controller),
             QStringList{QStringLiteral("interested reply from sarah@example.com")});
    QVERIFY(empty->isHidden());
    search->setText(QStringLiteral("nobody-at-all"));
    QVERIFY(controller->events()->waitForIdle());
    QCOMPARE(controller->events()->rowCount(), 0);
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->text(), QStringLiteral("No event matches the filters."));
}

void TestEventsPage::detailShowsRawBodyHeadersAndVerification()
{
    seed();
    openPage();
    auto *table = m_page->findChild<RecordTableView *>(QStringLiteral("eventsTable"));
    auto *body = m_page->findChild<QPlainTextEdit *>(QStringLiteral("eventBody"));
    auto *headers = m_page->findChild<QPlainTextEdit *>(QStringLiteral("eventHeaders"));
    auto *verification = m_page->findChild<QLabel *>(QStringLiteral("eventVerification"));
    auto *header = m_page->findChild<QLabel *>(QStringLiteral("eventHeader"));
    QVERIFY(body->toPlainText().isEmpty());

    // The Outreach2day reply (second row): JSON pretty-printed, its signature headers.
    table->selectRow(1);
    QCOMPARE(body->toPlainText(),
             QStringLiteral("{\n"
                            "    \"data\": {\n"
                            "        \"email\": \"sarah@example.com\"\n"
                            "    },\n"
                            "    \"id\": \"msg_2\",\n"
                            "    \"type\": \"reply.received\"\n"
                            "}"));
    QCOMPARE(headers->toPlainText(),
             QStringLiteral("webhook-id: msg_2\n"
                            "webhook-signature: v1,abc=\n"
                            "webhook-timestamp: 1779646200"));
    QCOMPARE(verification->text(),
             QStringLiteral("Verification: verified with secret 1 of 2 (delivered to the receiver)"));
    QVERIFY(header->text().startsWith(QStringLiteral("Outreach2day · reply.received · ")));

    // The Verloop callback (third row): not JSON, shown exactly as received.
    table->selectRow(2);
    QCOMPARE(body->toPlainText(), QStringLiteral("status=completed&message_id=m-9"));
    QCOMPARE(verification->text(),
             QStringLiteral("Verification: unsigned (Verloop token) (delivered to the receiver)"));

    // Selecting by id (what a notification will do) clears a filter that hides the event.
    auto *vendor = m_page->findChild<QComboBox *>(QStringLiteral("eventsVendor"));
    vendor->setCurrentIndex(vendor->findData(QStringLiteral("unlimcall")));
    QVERIFY(m_page->controller()->events()->waitForIdle());
    QVERIFY(body->toPlainText().isEmpty()); // the callback is filtered out of view
    QVERIFY(m_page->selectEvent(m_replyId));
    QCOMPARE(vendor->currentIndex(), 0);
    QCOMPARE(m_page->controller()->eventIdAt(table->currentIndex().row()), m_replyId);
    QVERIFY(body->toPlainText().contains(QStringLiteral("\"id\": \"msg_2\"")));
    QVERIFY(!m_page->selectEvent(999'999));
}

void TestEventsPage::exportWritesTheRowsShown()
{
    seed();
    openPage();
    auto *vendor = m_page->findChild<QComboBox *>(QStringLiteral("eventsVendor"));
    vendor->setCurrentIndex(vendor->findData(QStringLiteral("unlimcall")));
    QVERIFY(m_page->controller()->events()->waitForIdle());

    QTemporaryDir out;
    const QString target = out.filePath(QStringLiteral("events.csv"));
    m_page->exportControl()->setPathChooser([target](const QString &, CsvProfile) { return target; });
    QSignalSpy finished(m_page->controller()->exportJob(), &ExportJob::finished);
    m_page->exportControl()->requestExport(CsvProfile::Machine);
    QVERIFY(finished.wait(60'000));
    QVERIFY(finished.first().first().value<CsvExportResult>().status.ok());
    QFile file(target);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 3); // the header and the two UnlimCall events, newest first
    QVERIFY(lines.at(0).startsWith("occurredAt,vendor,type,summary"));
    QVERIFY(lines.at(1).contains(",unlimcall,call.transferred,transferred to a human,"));
    QVERIFY(lines.at(2).contains(",unlimcall,call.ended,first call ended,"));
}

void TestEventsPage::exportControlBehavesAsOnEveryPage()
{
    seed();
    openPage();
    checkExportControl(m_page->findChild<RecordTableView *>(QStringLiteral("eventsTable")),
                       m_page->exportControl(), m_page->controller()->events());
}

void TestEventsPage::emptyStatesSayWhatToDo()
{
    openPage();
    auto *empty = m_page->findChild<QLabel *>(QStringLiteral("eventsEmpty"));
    QVERIFY(empty->isVisible());
    QVERIFY(empty->text().startsWith(QStringLiteral("No events yet. Turn the receiver on in Settings")));
    QCOMPARE(m_page->findChild<QLabel *>(QStringLiteral("eventsCount"))->text(),
             QStringLiteral("0 event(s)"));

    // The first event replaces the empty state.
    QCOMPARE(
            m_live->record(makeEvent(Vendor::UnlimCall, QStringLiteral("call.ended"), QStringLiteral("evt_x"),
                                     0, QStringLiteral("a call ended"), R"({"event":"call.ended"})"))
                    .outcome,
            EventStore::Outcome::Inserted);
    QVERIFY(m_page->controller()->events()->waitForIdle());
    QVERIFY(empty->isHidden());

    // No runtime at all: the page says so instead of showing an empty log.
    EventsPage orphan(nullptr);
    orphan.show();
    QVERIFY(QTest::qWaitForWindowExposed(&orphan));
    auto *orphanEmpty = orphan.findChild<QLabel *>(QStringLiteral("eventsEmpty"));
    QTRY_VERIFY(orphanEmpty->isVisible());
    QCOMPARE(orphanEmpty->text(), QStringLiteral("No events can be shown: The live events are not running."));
}

void TestEventsPage::receiverPanelShowsStateUrlsAndTlsNote()
{
    m_live->applySettings();
    openPage();
    auto *state = m_page->findChild<QLabel *>(QStringLiteral("eventsReceiverState"));
    auto *urls = m_page->findChild<QLabel *>(QStringLiteral("eventsReceiverUrls"));
    auto *tls = m_page->findChild<QLabel *>(QStringLiteral("eventsTlsNote"));
    QCOMPARE(state->text(), QStringLiteral("Receiver: Off"));
    QVERIFY(urls->text().startsWith(QStringLiteral("Turn the receiver on in Settings")));
    QVERIFY(tls->text().startsWith(QStringLiteral("The receiver speaks plain HTTP on this computer")));
    // Receiver off: each vendor's events still arrive by what its API can read back, in words.
    auto *modes = m_page->findChild<QLabel *>(QStringLiteral("eventsLiveModes"));
    QVERIFY(modes);
    QCOMPARE(modes->accessibleName(), QStringLiteral("How events arrive from each vendor"));
    QVERIFY(modes->text().contains(QStringLiteral(
            "UnlimCall: polling call records — transfers and do-not-call additions need the webhook")));
    QVERIFY(modes->text().contains(QStringLiteral("Unloopa: polling the voice calls list")));
    QVERIFY(modes->text().contains(QStringLiteral("Verloop: awaiting callbacks")));

    // On, as Settings turn it: the state and the addresses follow.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    EventReceiverSettings settings;
    settings.setReceiverEnabled(true);
    settings.setPort(port);
    m_live->applySettings();
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
    QCOMPARE(state->text(), QStringLiteral("Receiver: Listening on 127.0.0.1:%1").arg(port));
    QCOMPARE(urls->text(),
             QStringLiteral("Register with each vendor:\n"
                            "UnlimCall: %1/hooks/unlimcall\n"
                            "Outreach2day: %1/hooks/outreach2day\n"
                            "Verloop: %1/hooks/verloop/<token> (the console fills each "
                            "scheduled call's callback URL itself)")
                     .arg(base));

    // Behind an https tunnel: its address is what the vendors get, and TLS is terminated there.
    settings.setPublicBaseUrl(QUrl(QStringLiteral("https://hooks.example.com")));
    m_live->applySettings();
    QVERIFY(urls->text().contains(QStringLiteral("UnlimCall: https://hooks.example.com/hooks/unlimcall")));
    // The vendors' webhooks now reach the receiver: the modes line follows stateChanged().
    QVERIFY(modes->text().contains(QStringLiteral("UnlimCall: webhooks")));
    QVERIFY(modes->text().contains(QStringLiteral("Verloop: webhooks")));
    QVERIFY(modes->text().contains(QStringLiteral("Unloopa: polling the voice calls list")));
    QVERIFY(!modes->text().contains(QStringLiteral("need the webhook")));
    QVERIFY(tls->text().startsWith(
            QStringLiteral("TLS is terminated in front of the receiver, by your tunnel or reverse proxy at "
                           "https://hooks.example.com")));
}

void TestEventsPage::ctrlFFocusesTheSearch()
{
    seed();
    openPage();
    auto *table = m_page->findChild<RecordTableView *>(QStringLiteral("eventsTable"));
    auto *search = m_page->findChild<QLineEdit *>(QStringLiteral("eventsSearch"));
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    table->setFocus();
    QVERIFY(!search->hasFocus());
    QTest::keyClick(table, Qt::Key_F, Qt::ControlModifier);
    QVERIFY(search->hasFocus());
}

CC_TEST_GUI_MAIN(TestEventsPage)
#include "tst_eventspage.moc"
