// The Voice page in demo mode, through its real widgets (offscreen). THE acceptance test of
// issue 9's Verloop scheduling: ten leads selected on the Leads page, "Schedule Verloop calls…",
// the dry run refuses the listed (do-not-contact) and the out-of-window ones, Send schedules the
// rest, each reaches the Verloop sandbox exactly once — a second click while sending sends nothing.
// Also: the campaign registry editor, and a call whose outcome is unknown is marked.

#include "MainWindow.h"
#include "TestMain.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "common/DryRunDialog.h"
#include "common/UnknownOutcomeDelegate.h"
#include "controllers/LeadsController.h"
#include "controllers/VerloopScheduler.h"
#include "controllers/VoiceController.h"
#include "events/EventReceiverSettings.h"
#include "leads/LeadsPage.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundSafety.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/VerloopSandbox.h"
#include "table/RecordTableModel.h"
#include "voice/CampaignDialog.h"
#include "voice/KeyValueTable.h"
#include "voice/ScheduleCallsDialog.h"
#include "voice/VariableMappingTable.h"
#include "voice/VoicePage.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <functional>
#include <memory>

class TestVoicePage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void campaignRegistryIsEditedOnThePage();
    void tenSelectedLeadsThroughTheDryRun();
    void unknownOutcomeIsMarkedAndNeverResent();
    void oneCallAndCsvOpenTheSameDialog();

private:
    VoicePage *voicePage() const;
    LeadsPage *leadsPage() const;
    // Registers one of the sandbox's published campaigns through the page's own dialog.
    void registerCampaign(const QString &name, const QString &uuid);
    // Runs `act` on the next modal dialog of type T once it is shown (polled, so an event loop
    // spun before the dialog opens does not use it up).
    template<typename T>
    void whenModal(std::function<void(T *)> act)
    {
        auto *timer = new QTimer(this);
        timer->setInterval(10);
        connect(timer, &QTimer::timeout, this, [timer, act] {
            if (auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget())) {
                timer->stop();
                timer->deleteLater();
                act(dialog);
            }
        });
        timer->start();
    }
    // The first lead stored for `city` with a valid number, as a table row; -1 when none.
    static int leadIn(const RecordTableModel &leads, const QString &city, QList<int> *taken);

    QTemporaryDir m_dir;
    Wiring::Demo m_demo;
    std::unique_ptr<ServiceHub> m_hub;
    OutboundSafety *m_safety = nullptr;
    std::unique_ptr<MainWindow> m_window;
};

void TestVoicePage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
}

void TestVoicePage::init()
{
    QSettings().clear();
    m_demo.sandbox()->verloop()->clearScheduledMessages();
    m_hub = std::make_unique<ServiceHub>(m_demo.hubOptions());
    m_demo.installCredentials(*m_hub);
    m_window = std::make_unique<MainWindow>(m_hub.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY(m_window->isStarted());
    m_safety = m_window->outboundSafety(); // the window's, on the demo database
    QVERIFY(m_safety);
}

void TestVoicePage::cleanup()
{
    m_safety = nullptr;
    m_window.reset();
    m_hub.reset();
}

VoicePage *TestVoicePage::voicePage() const
{
    return qobject_cast<VoicePage *>(m_window->page(QStringLiteral("voice")));
}

LeadsPage *TestVoicePage::leadsPage() const
{
    return qobject_cast<LeadsPage *>(m_window->page(QStringLiteral("leads")));
}

void TestVoicePage::registerCampaign(const QString &name, const QString &uuid)
{
    m_window->showPage(QStringLiteral("voice"));
    VoicePage *voice = voicePage();
    QVERIFY(voice && voice->isVisible());
    bool filled = false;
    whenModal<CampaignDialog>([&](CampaignDialog *dialog) {
        QVERIFY(!dialog->okButton()->isEnabled()); // nothing typed yet
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("campaignName")), name);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("campaignUuid")), uuid);
        filled = dialog->okButton()->isEnabled();
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    });
    QTest::mouseClick(voice->findChild<QPushButton *>(QStringLiteral("voiceAddCampaign")), Qt::LeftButton);
    QVERIFY(filled);
}

int TestVoicePage::leadIn(const RecordTableModel &leads, const QString &city, QList<int> *taken)
{
    const int cCity = leads.schema().indexOf(u"city");
    const int cPhone = leads.schema().indexOf(u"phone");
    const RecordTable &table = leads.table();
    for (int row = 0; row < table.rowCount(); ++row) {
        if (taken->contains(row) || table.isNull(row, cPhone) || table.text(row, cCity) != city)
            continue;
        taken->append(row);
        return row;
    }
    return -1;
}

void TestVoicePage::campaignRegistryIsEditedOnThePage()
{
    m_window->showPage(QStringLiteral("voice"));
    VoicePage *voice = voicePage();
    QVERIFY(voice);
    // Demo mode registers the sandbox's campaign: the operator could not know its id.
    QCOMPARE(voice->controller()->campaigns().size(), 1);
    QCOMPARE(voice->controller()->campaigns().at(0).campaignId, VerloopSandbox::demoCampaignId());
    QVERIFY(voice->findChild<QWidget *>(QStringLiteral("voiceCampaigns"))->isVisible());
    // No call yet: the empty state says so.
    QVERIFY(voice->findChild<QLabel *>(QStringLiteral("voiceCallsEmpty"))->isVisible());

    const VerloopCampaign campaign = m_demo.sandbox()->verloop()->campaigns().at(2);
    registerCampaign(QStringLiteral("Spring follow-up"), campaign.id);
    QCOMPARE(voice->controller()->campaigns().size(), 2);
    QVERIFY(voice->controller()->campaign(campaign.id));
    QCOMPARE(voice->controller()->campaign(campaign.id)->name, QStringLiteral("Spring follow-up"));

    // The same Campaign ID twice is refused before saving; by keyboard, from inside the page.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    auto *list = voice->findChild<QWidget *>(QStringLiteral("voiceCampaigns"));
    list->setFocus();
    bool refused = false;
    whenModal<CampaignDialog>([&](CampaignDialog *dialog) {
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("campaignName")),
                         QStringLiteral("Other"));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("campaignUuid")), campaign.id);
        refused = !dialog->okButton()->isEnabled() &&
                dialog->problem().contains(QStringLiteral("registered already"));
        dialog->reject();
    });
    QTest::keyClick(list, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(refused);
    QCOMPARE(voice->controller()->campaigns().size(), 2);
}

void TestVoicePage::tenSelectedLeadsThroughTheDryRun()
{
    // A fixed moment for the guard: Wednesday 9 December 2026, 14:30 UTC — 09:30 in Miami,
    // Boston and Atlanta, 14:30 in London, 15:30 in Paris (inside 08:00-21:00); 06:30 in Los
    // Angeles and Seattle, 23:30 in Tokyo (outside).
    const QDateTime now(QDate(2026, 12, 9), QTime(14, 30), QTimeZone::utc());
    m_safety->guard()->setClock([now] { return now; });
    m_demo.sandbox()->verloop()->setClock(now);

    // A public address is registered for the receiver, but the receiver is off: no call may
    // send Verloop's callbacks to a console that is not listening.
    EventReceiverSettings receiver;
    receiver.setPublicBaseUrl(QUrl(QStringLiteral("https://hooks.example.com")));
    receiver.setReceiverEnabled(false);

    // A campaign without a working window of its own.
    const VerloopCampaign campaign = m_demo.sandbox()->verloop()->campaigns().at(1);
    registerCampaign(QStringLiteral("Demo voice campaign"), campaign.id);
    voicePage()->controller()->scheduler()->setClock([now] { return now; }); // "now" for the calls

    m_window->showPage(QStringLiteral("leads"));
    LeadsPage *leads = leadsPage();
    QVERIFY(leads);
    LeadsController *controller = leads->controller();
    QTRY_VERIFY_WITH_TIMEOUT(controller->isLoaded() && !controller->isRefreshing() &&
                                     !controller->leads()->isBusy() &&
                                     controller->leads()->table().rowCount() > 0,
                             300'000);
    const RecordTableModel &model = *controller->leads();
    const int cPhone = model.schema().indexOf(u"phone");
    const int cName = model.schema().indexOf(u"businessName");

    QList<int> taken;
    const QStringList listedCities{QStringLiteral("New York"), QStringLiteral("Chicago")};
    const QStringList lateCities{QStringLiteral("Los Angeles"), QStringLiteral("Seattle"),
                                 QStringLiteral("Tokyo")};
    const QStringList allowedCities{QStringLiteral("Miami"), QStringLiteral("Boston"),
                                    QStringLiteral("Atlanta"), QStringLiteral("London"),
                                    QStringLiteral("Paris")};
    QList<int> listed, late, allowed;
    for (const QString &city : listedCities)
        listed << leadIn(model, city, &taken);
    for (const QString &city : lateCities)
        late << leadIn(model, city, &taken);
    for (const QString &city : allowedCities)
        allowed << leadIn(model, city, &taken);
    QVERIFY2(!taken.contains(-1) && !listed.contains(-1) && !late.contains(-1) && !allowed.contains(-1),
             "the demo leads have numbers in every city used here");

    // Two of them asked not to be called.
    QList<DncEntry> entries;
    for (int row : std::as_const(listed)) {
        DncEntry entry;
        entry.kind = DncEntry::Kind::Phone;
        entry.value = model.table().text(row, cPhone);
        entry.source = QStringLiteral("manual");
        entry.reason = QStringLiteral("asked not to be called");
        entry.addedAt = now;
        entry.addedBy = QStringLiteral("test");
        entries << entry;
    }
    QVERIFY(m_safety->store()->addToDoNotContact(entries).ok());

    // Select the ten on the Leads page and ask for calls.
    auto *view = leads->findChild<QAbstractItemView *>(QStringLiteral("leadsTable"));
    view->clearSelection();
    for (int row : std::as_const(taken))
        view->selectionModel()->select(model.indexForTableRow(row),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(leads->selectedLeadRows().size(), 10);
    QTest::mouseClick(leads->findChild<QPushButton *>(QStringLiteral("leadsScheduleCalls")), Qt::LeftButton);
    auto *dialog = m_window->findChild<ScheduleCallsDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    QVERIFY(dialog->isForContacts());
    QCOMPARE(dialog->recipients().size(), 10);

    auto *campaignBox = dialog->campaignBox();
    campaignBox->setCurrentIndex(campaignBox->findData(campaign.id));
    QCOMPARE(dialog->campaignId(), campaign.id);

    // customer_name <- Business.
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("variableAdd")), Qt::LeftButton);
    QTableWidget *mapping = dialog->mappingTable()->table();
    mapping->item(0, 0)->setText(QStringLiteral("customer_name"));
    auto *field = qobject_cast<QComboBox *>(mapping->cellWidget(0, 1));
    field->setCurrentIndex(field->findData(QStringLiteral("businessName")));
    QCOMPARE(dialog->variableMapping(),
             (QList<QPair<QString, QString>>{
                     {QStringLiteral("customer_name"), QStringLiteral("businessName")}}));
    QVERIFY2(dialog->checkButton()->isEnabled(), qPrintable(dialog->problem()));

    // The dry run: five reached, two listed, three outside the calling window; then Send.
    GuardDecision seen;
    int dryRuns = 0;
    dialog->setDryRunPresenter([&seen, &dryRuns](QDialog &shown) {
        ++dryRuns;
        auto &dryRun = static_cast<DryRunDialog &>(shown);
        seen = dryRun.decision();
        if (dryRun.sendButton()->isEnabled())
            QTimer::singleShot(0, &dryRun,
                               [&dryRun] { QTest::mouseClick(dryRun.sendButton(), Qt::LeftButton); });
        else
            QTimer::singleShot(0, &dryRun, &QDialog::reject);
        return dryRun.exec();
    });
    QSignalSpy finished(dialog, &ScheduleCallsDialog::sendingFinished);
    auto *stop = dialog->findChild<QPushButton *>(QStringLiteral("scheduleStop"));
    QVERIFY(!stop->isEnabled()); // nothing to stop yet
    QTest::mouseClick(dialog->checkButton(), Qt::LeftButton);
    // A second click while the calls are being sent.
    const bool secondClickWhileSending = !dialog->checkButton()->isEnabled() && finished.isEmpty();
    QTest::mouseClick(dialog->checkButton(), Qt::LeftButton);
    QCOMPARE(seen.verdicts.size(), 10);
    QHash<QString, QString> reasonByNumber;
    for (const RecipientVerdict &verdict : std::as_const(seen.verdicts))
        reasonByNumber.insert(verdict.recipient.address, verdict.reasonCode);
    for (int row : std::as_const(listed))
        QCOMPARE(reasonByNumber.value(model.table().text(row, cPhone)), QStringLiteral("do_not_contact"));
    for (int row : std::as_const(late))
        QCOMPARE(reasonByNumber.value(model.table().text(row, cPhone)),
                 QStringLiteral("outside_calling_window"));
    for (int row : std::as_const(allowed))
        QCOMPARE(reasonByNumber.value(model.table().text(row, cPhone)), QStringLiteral("allowed"));

    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120'000);
    QVERIFY(!stop->isEnabled());
    QVERIFY(dialog->resultLabel()->text().startsWith(QStringLiteral("5 call(s) scheduled")));

    // Each allowed lead reached the sandbox exactly once, with its variable and an explicit offset.
    QList<VerloopScheduledMessage> messages = m_demo.sandbox()->verloop()->scheduledMessages();
    QCOMPARE(messages.size(), 5);
    for (int row : std::as_const(allowed)) {
        const QString digits = model.table().text(row, cPhone).mid(1);
        const auto count = std::count_if(
                messages.cbegin(), messages.cend(),
                [&digits](const VerloopScheduledMessage &m) { return m.phoneNumber == digits; });
        QCOMPARE(count, 1);
        const auto message =
                std::find_if(messages.cbegin(), messages.cend(),
                             [&digits](const VerloopScheduledMessage &m) { return m.phoneNumber == digits; });
        QCOMPARE(message->campaignId, campaign.id);
        QVERIFY2(message->callbackUrl.isEmpty(), qPrintable(message->callbackUrl));
        QCOMPARE(message->variables.value(QStringLiteral("customer_name")).toString(),
                 model.table().text(row, cName));
        QVERIFY2(message->scheduledTime.endsWith(QLatin1Char('Z')) ||
                         message->scheduledTime.contains(QLatin1Char('+')) ||
                         message->scheduledTime.lastIndexOf(QLatin1Char('-')) > 10,
                 qPrintable(message->scheduledTime));
    }

    // The Voice page lists the five with Verloop's message_id.
    VoicePage *voice = voicePage();
    RecordTableModel *calls = voice->controller()->scheduledCalls();
    QAbstractItemModelTester tester(calls, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(calls->table().rowCount(), 5);
    const int cMessage = calls->schema().indexOf(u"messageId");
    QSet<QString> listedIds;
    for (int row = 0; row < calls->table().rowCount(); ++row)
        listedIds.insert(calls->table().text(row, cMessage));
    QSet<QString> sentIds;
    for (const VerloopScheduledMessage &message : std::as_const(messages))
        sentIds.insert(message.messageId);
    QCOMPARE(listedIds, sentIds);

    // The double click: while the five were being sent the button was off, so the second click
    // during sending opened no second dry run and sent nothing more.
    QCOMPARE(dryRuns, 1);
    QCOMPARE(secondClickWhileSending, true);
    QCOMPARE(m_demo.sandbox()->verloop()->scheduledMessages().size(), 5);
    dialog->close();
}

// The console stopped between sending a call and saving Verloop's answer: at the next start the
// intent is unknown. The page says so above the table and marks the row; it is never resent.
void TestVoicePage::unknownOutcomeIsMarkedAndNeverResent()
{
    // Another console on the same file cleared a call (audit row + intent saved), then died
    // before it could send it.
    {
        OutboundSafety died(m_safety->databasePath());
        const QDateTime now(QDate(2026, 12, 9), QTime(15, 0), QTimeZone::utc()); // 10:00 in Miami
        died.guard()->setClock([now] { return now; });
        OutboundAction action;
        action.vendor = Vendor::Verloop;
        action.action = QStringLiteral("schedule_call");
        action.recipients = {
                Recipient::phone(QStringLiteral("+13055550142"), QStringLiteral("Acme Plumbing"))};
        action.ringsAt = now.addSecs(3600);
        action.requestSummary = R"({"CampaignID":"ac3bf462-ec44-46d4-9e8e-8edda9cffe58"})";
        QVERIFY(died.guard()->clear(action));
    }
    QCOMPARE(m_safety->guard()->reconcileAfterRestart(), 1);

    m_window->showPage(QStringLiteral("voice"));
    VoicePage *voice = voicePage();
    voice->controller()->reloadScheduledCalls();
    auto *banner = voice->findChild<QLabel *>(QStringLiteral("voiceUnknown"));
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().startsWith(QStringLiteral("1 call(s) may or may not have been scheduled")));
    RecordTableModel *calls = voice->controller()->scheduledCalls();
    QCOMPARE(calls->table().rowCount(), 1);
    const int cState = calls->schema().indexOf(u"state");
    QCOMPARE(calls->table().text(0, cState), QStringLiteral("Unknown — check Verloop's dashboard"));
    // The row is drawn apart from the others.
    auto *view = voice->findChild<QAbstractItemView *>(QStringLiteral("voiceCalls"));
    auto *delegate = qobject_cast<UnknownOutcomeDelegate *>(view->itemDelegate());
    QVERIFY(delegate);
    QVERIFY(delegate->highlights(calls->index(0, cState)));
}

// One call typed on the page, and many from a CSV file: the same dialog, the number checked as
// typed, the file's columns offered for the variables.
void TestVoicePage::oneCallAndCsvOpenTheSameDialog()
{
    m_window->showPage(QStringLiteral("voice"));
    VoicePage *voice = voicePage();
    registerCampaign(QStringLiteral("One"), m_demo.sandbox()->verloop()->campaigns().at(1).id);

    ScheduleCallsDialog *one = voice->scheduleOneCall();
    QVERIFY(one && !one->isForContacts());
    QTest::keyClicks(one->numberEdit(), QStringLiteral("call for quote"));
    QVERIFY(!one->checkButton()->isEnabled());
    one->numberEdit()->clear();
    QTest::keyClicks(one->numberEdit(), QStringLiteral("(305) 555-0142"));
    QVERIFY2(one->checkButton()->isEnabled(), qPrintable(one->problem()));
    QCOMPARE(one->findChild<QLabel *>(QStringLiteral("scheduleNormalised"))->text(),
             QStringLiteral("Sent to Verloop as 13055550142."));
    // A callback State without a URL is not sent anywhere: refused.
    auto *state = one->findChild<KeyValueTable *>(QStringLiteral("scheduleCallbackState"));
    state->addRow(QStringLiteral("order_id"), QStringLiteral("12345"));
    QVERIFY(!one->checkButton()->isEnabled());
    QTest::keyClicks(one->callbackUrlEdit(), QStringLiteral("https://example.com/callback"));
    QVERIFY2(one->checkButton()->isEnabled(), qPrintable(one->problem()));
    QCOMPARE(one->callbackState().value(QStringLiteral("order_id")).toString(), QStringLiteral("12345"));
    one->close();

    const QString path = m_dir.filePath(QStringLiteral("calls.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("name,phone,customer_id\r\nAcme,+13055550142,c-1\r\nBeta,+14155550143,c-2\r\n");
    file.close();
    ScheduleCallsDialog *many = voice->scheduleFromCsv(path);
    QVERIFY(many && many->isForContacts());
    QCOMPARE(many->recipients().size(), 2);
    QCOMPARE(many->recipients().at(1).label, QStringLiteral("Beta"));
    QTest::mouseClick(many->findChild<QPushButton *>(QStringLiteral("variableAdd")), Qt::LeftButton);
    auto *field = qobject_cast<QComboBox *>(many->mappingTable()->table()->cellWidget(0, 1));
    QVERIFY(field->findData(QStringLiteral("customer_id")) >= 0);
    many->close();
}

CC_TEST_GUI_MAIN(TestVoicePage)
#include "tst_voicepage.moc"
