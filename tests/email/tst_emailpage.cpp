// The Email campaigns page in demo mode, through its real widgets (offscreen). THE acceptance test
// of issue 10: the operator builds a campaign with two steps (one A/B), imports a CSV with an
// edited mapping, attaches a mailbox, sets a schedule, sees preflight block and then pass,
// launches (a first tranche, then the rest), pauses and resumes — against the Outreach2day
// sandbox, each launch reaching it exactly once, the do-not-contact list suppressed first.

#include "MainWindow.h"
#include "TestMain.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "common/Notifier.h"
#include "email/CampaignDialogs.h"
#include "email/CampaignEditor.h"
#include "email/CampaignEditorController.h"
#include "email/CampaignLauncher.h"
#include "email/ContactsSection.h"
#include "email/EmailCampaignStore.h"
#include "email/EmailCampaignsController.h"
#include "email/EmailPage.h"
#include "email/ImportDialog.h"
#include "email/ScheduleSection.h"
#include "email/SendWindowsEditor.h"
#include "email/StepsSection.h"
#include "email/TimeZonePicker.h"
#include "outbound/OutboundSafety.h"
#include "outbound/OutboundStore.h"
#include "sandbox/Outreach2daySandbox.h"
#include "sandbox/SandboxServer.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimeEdit>
#include <QTimer>
#include <QTreeWidget>

#include <functional>
#include <memory>

class TestEmailPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void buildImportScheduleLaunchPauseResume();

private:
    EmailPage *page() const { return qobject_cast<EmailPage *>(m_window->page(QStringLiteral("email"))); }
    template<typename T>
    T *child(const QString &name) const
    {
        T *found = page()->findChild<T *>(name);
        if (!found)
            qWarning("no child %s", qPrintable(name));
        return found;
    }
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
    static void typeNumber(QSpinBox *box, int value)
    {
        box->setFocus();
        box->selectAll();
        QTest::keyClicks(box, QString::number(value));
    }
    void addStep(const QString &subject, const QString &html);
    int launchRequests() const;
    // Launches through the confirmation; `text` gets the confirmation's text.
    void launchAndConfirm(QString *text);

    QTemporaryDir m_dir;
    Wiring::Demo m_demo;
    std::unique_ptr<ServiceHub> m_hub;
    std::unique_ptr<MainWindow> m_window;
};

void TestEmailPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
}

void TestEmailPage::init()
{
    QSettings().clear();
    m_hub = std::make_unique<ServiceHub>(m_demo.hubOptions());
    m_demo.installCredentials(*m_hub);
    m_window = std::make_unique<MainWindow>(m_hub.get());
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY(m_window->isStarted());
    QVERIFY(m_window->outboundSafety());
}

void TestEmailPage::cleanup()
{
    m_window.reset();
    m_hub.reset();
}

void TestEmailPage::addStep(const QString &subject, const QString &html)
{
    QTest::mouseClick(child<QPushButton>(QStringLiteral("stepsAdd")), Qt::LeftButton);
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("stepSubject")), subject);
    QTest::keyClicks(child<QPlainTextEdit>(QStringLiteral("stepBodyHtml")), html);
}

int TestEmailPage::launchRequests() const
{
    int count = 0;
    for (const SandboxRecordedRequest &request : m_demo.sandbox()->requests())
        if (request.vendor == Vendor::Outreach2day && request.method == "POST" &&
            request.path.endsWith(QLatin1String("/launch")))
            ++count;
    return count;
}

void TestEmailPage::launchAndConfirm(QString *text)
{
    text->clear();
    whenModal<QMessageBox>([text](QMessageBox *box) {
        *text = box->text() + QLatin1Char('\n') + box->informativeText();
        auto *go = box->findChild<QPushButton *>(QStringLiteral("emailLaunchConfirmButton"));
        if (go)
            go->click();
    });
    QTest::mouseClick(child<QPushButton>(QStringLiteral("emailLaunch")), Qt::LeftButton);
    QTRY_VERIFY(!text->isEmpty());
}

void TestEmailPage::buildImportScheduleLaunchPauseResume()
{
    m_window->showPage(QStringLiteral("email"));
    QVERIFY(page() && page()->isVisible());
    // Demo mode lists the sandbox's own campaign, which the operator could not know the id of.
    QVERIFY(!child<QLabel>(QStringLiteral("emailCampaignsEmpty"))->isVisible());
    QCOMPARE(page()->campaigns()->launchedCampaigns(), QStringList());
    QVERIFY(page()->context().store->campaign(Outreach2daySandbox::demoCampaignId()).has_value());

    // --- Details: a new campaign, by keyboard.
    whenModal<NewCampaignDialog>([](NewCampaignDialog *dialog) {
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("emailCampaignName")),
                         QStringLiteral("Q1 SaaS Outreach"));
        auto *priority = dialog->findChild<QComboBox *>(QStringLiteral("emailCampaignPriority"));
        priority->setCurrentIndex(priority->findData(QStringLiteral("HIGH")));
        dialog->okButton()->click();
    });
    QSignalSpy created(page()->campaigns(), &EmailCampaignsController::created);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    child<QWidget>(QStringLiteral("emailNewCampaign"))->setFocus();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_N, Qt::ControlModifier);
    QVERIFY(created.wait(5000));
    const QString id = created.at(0).at(0).toString();
    CampaignEditor *editor = page()->editor();
    CampaignEditorController *controller = page()->editorController();
    QCOMPARE(editor->campaignId(), id);
    EmailCampaignStore *store = page()->context().store;
    QCOMPARE(store->campaign(id)->campaign.priority, QStringLiteral("HIGH"));

    // --- Preflight first: it blocks, in words, and Launch stays off.
    editor->showSection(QStringLiteral("preflight"));
    QTRY_VERIFY(controller->isPreflightCurrent());
    QVERIFY(!controller->preflight()->canLaunch());
    for (const QString &check : {QStringLiteral("has_steps"), QStringLiteral("has_contacts"),
                                 QStringLiteral("has_mailboxes"), QStringLiteral("schedule_set")}) {
        QVERIFY2(controller->preflight()->blockingFailures.contains(check), qPrintable(check));
        QVERIFY2(child<QPushButton>(QStringLiteral("preflightFix_%1").arg(check)), qPrintable(check));
    }
    editor->showSection(QStringLiteral("launch"));
    QVERIFY(!child<QPushButton>(QStringLiteral("emailLaunch"))->isEnabled());
    QVERIFY(editor->capacityLabel()->text().contains(QStringLiteral("When the last email goes out")));

    // --- Steps, reached from the preflight's link: two steps, the second an A/B split.
    editor->showSection(QStringLiteral("preflight"));
    child<QPushButton>(QStringLiteral("preflightFix_has_steps"))->click();
    QCOMPARE(editor->currentSectionId(), QStringLiteral("steps"));
    auto *steps = qobject_cast<StepsSection *>(editor->section(QStringLiteral("steps")));
    QVERIFY(steps && steps->isVisible());
    QVERIFY(!editor->missing(QStringLiteral("steps")).isEmpty());
    auto *save = child<QPushButton>(QStringLiteral("stepSave"));
    addStep(QStringLiteral("Quick question about {{company}}"), QStringLiteral("<p>Hi {{firstName}},</p>"));
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_COMPARE(store->steps(id).size(), 1);
    addStep(QStringLiteral("Following up"), QStringLiteral("<p>Hi again {{firstName}}</p>"));
    typeNumber(child<QSpinBox>(QStringLiteral("stepDelay")), 3);
    QTest::mouseClick(child<QPushButton>(QStringLiteral("stepAddVariant")), Qt::LeftButton);
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("variant2Subject")),
                     QStringLiteral("Idea for {{company}}"));
    QTest::keyClicks(child<QPlainTextEdit>(QStringLiteral("variant2BodyHtml")),
                     QStringLiteral("<p>Value first</p>"));
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_COMPARE(store->steps(id).size(), 2);
    QCOMPARE(store->steps(id).at(1).variants.size(), 2);
    QCOMPARE(store->steps(id).at(1).delayDays, 3);
    QTRY_COMPARE(editor->missing(QStringLiteral("steps")), QString());

    // --- Contacts: a CSV with an edited mapping; one address is on the do-not-contact list.
    DncEntry listed;
    listed.kind = DncEntry::Kind::Email;
    listed.value = QStringLiteral("mike@bigco.example");
    listed.source = QStringLiteral("manual");
    listed.reason = QStringLiteral("asked not to be emailed");
    listed.addedAt = QDateTime::currentDateTimeUtc();
    QVERIFY(m_window->outboundSafety()->store()->addToDoNotContact({listed}));
    const QString csv = m_dir.filePath(QStringLiteral("leads.csv"));
    {
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("E-mail,First Name,Org,Notes\r\n"
                   "sarah@acme.example,Sarah,Acme Corp,met at the fair\r\n"
                   "mike@bigco.example,Mike,BigCo,\r\n"
                   "ann@corp.example,Ann,Corp,\r\n");
    }
    editor->showSection(QStringLiteral("contacts"));
    auto *contacts = qobject_cast<ContactsSection *>(editor->section(QStringLiteral("contacts")));
    QVERIFY(contacts && contacts->isVisible());
    QTest::mouseClick(child<QPushButton>(QStringLiteral("contactsImport")), Qt::LeftButton);
    ImportDialog *dialog = contacts->findChild<ImportDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->setFile(csv);
    QCOMPARE(dialog->mapping().value(QStringLiteral("E-mail")), QStringLiteral("email"));
    // The operator's edits: Notes is not imported, Org becomes the title.
    QComboBox *notes = dialog->mappingCombo(QStringLiteral("Notes"));
    notes->setCurrentIndex(notes->findData(QString()));
    QComboBox *org = dialog->mappingCombo(QStringLiteral("Org"));
    org->setCurrentIndex(org->findData(QStringLiteral("title")));
    QVERIFY2(dialog->startButton()->isEnabled(), qPrintable(dialog->problem()));
    QSignalSpy imported(dialog, &ImportDialog::importFinished);
    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    QVERIFY(imported.wait(20000));
    QCOMPARE(dialog->summary()->imported, 3);
    QCOMPARE(dialog->summary()->doNotContact, QStringList{QStringLiteral("mike@bigco.example")});
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("importClose")), Qt::LeftButton);
    QTRY_COMPARE(store->contactCount(id), 3);
    for (const O2dContact &contact : store->contacts(id))
        if (contact.email == QLatin1String("sarah@acme.example"))
            QCOMPARE(contact.customJson.value(QLatin1String("title")).toString(),
                     QStringLiteral("Acme Corp"));
    QTRY_COMPARE(editor->missing(QStringLiteral("contacts")), QString());

    // --- Mailboxes: one, 30 a day.
    editor->showSection(QStringLiteral("mailboxes"));
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("emailMailboxAddress")),
                     QStringLiteral("john@cooloutreach.example"));
    QSignalSpy mailboxes(controller, &CampaignEditorController::mailboxesChanged);
    QTest::mouseClick(child<QPushButton>(QStringLiteral("emailAttachMailbox")), Qt::LeftButton);
    QVERIFY(mailboxes.wait(5000));
    QCOMPARE(store->mailboxes(id).size(), 1);
    QCOMPARE(editor->missing(QStringLiteral("mailboxes")), QString());

    // --- Schedule: New York, Monday to Friday, two windows, found by searching the zone.
    editor->showSection(QStringLiteral("schedule"));
    auto *schedule = qobject_cast<ScheduleSection *>(editor->section(QStringLiteral("schedule")));
    schedule->timeZonePicker()->setZone(QStringLiteral("America/New_York"));
    schedule->windowsEditor()->setWindows({{QTime(9, 0), QTime(12, 0)}});
    QTest::mouseClick(child<QPushButton>(QStringLiteral("emailAddWindow")), Qt::LeftButton);
    child<QTimeEdit>(QStringLiteral("emailWindowStart2"))->setTime(QTime(14, 0));
    child<QTimeEdit>(QStringLiteral("emailWindowEnd2"))->setTime(QTime(17, 0));
    // The planner follows the draft before it is saved.
    QTRY_VERIFY2(editor->capacityLabel()->text().contains(
                         QStringLiteral("The last email of this campaign goes out on")),
                 qPrintable(editor->capacityLabel()->text()));
    QVERIFY(editor->capacityLabel()->text().contains(QStringLiteral("America/New_York")));
    QSignalSpy scheduled(controller, &CampaignEditorController::scheduleSaved);
    QTest::mouseClick(child<QPushButton>(QStringLiteral("emailSaveSchedule")), Qt::LeftButton);
    QVERIFY(scheduled.wait(5000));
    QCOMPARE(store->schedule(id)->windows.size(), 2);

    // --- Preflight again: passes now.
    editor->showSection(QStringLiteral("preflight"));
    QTRY_VERIFY(controller->isPreflightCurrent());
    QVERIFY2(controller->preflight()->canLaunch(),
             qPrintable(controller->preflight()->blockingFailures.join(u',')));
    QCOMPARE(editor->missing(QStringLiteral("preflight")), QString());
    QVERIFY(!page()->findChild<QPushButton *>(QStringLiteral("preflightFix_has_steps")));

    // --- Launch: a first tranche of 2 (in the background, followed to its end), confirmed with
    // the contact and do-not-contact counts.
    editor->showSection(QStringLiteral("launch"));
    auto *launch = child<QPushButton>(QStringLiteral("emailLaunch"));
    QTRY_VERIFY(launch->isEnabled());
    child<QCheckBox>(QStringLiteral("emailLaunchUseLimit"))->setChecked(true);
    typeNumber(child<QSpinBox>(QStringLiteral("emailLaunchLimit")), 2);
    QVERIFY(child<QCheckBox>(QStringLiteral("emailLaunchAsync"))->isChecked());
    QSignalSpy notified(m_window->notifier(), &Notifier::notified);
    const int before = launchRequests();
    QString confirmation;
    launchAndConfirm(&confirmation);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(confirmation.contains(QStringLiteral("2 contact(s) to email")), qPrintable(confirmation));
    QVERIFY2(confirmation.contains(QStringLiteral("up to 2 contact(s)")), qPrintable(confirmation));
    QVERIFY2(confirmation.contains(QStringLiteral("1 address(es) on the do-not-contact list")),
             qPrintable(confirmation));
    // While it is in flight, Launch is off: a second click sends nothing.
    QVERIFY(!launch->isEnabled());
    QTest::mouseClick(launch, Qt::LeftButton);
    QTRY_COMPARE(store->campaign(id)->campaign.status, QStringLiteral("active"));
    QTRY_VERIFY(!controller->launcher()->isBusy());
    QCOMPARE(launchRequests() - before, 1);
    QVERIFY(!notified.isEmpty());
    QCOMPARE(store->launches(id).size(), 1);
    QCOMPARE(store->launches(id).at(0).limit, std::optional<int>(2));
    QCOMPARE(child<QTreeWidget>(QStringLiteral("emailLaunches"))->topLevelItemCount(), 1);

    // The next tranche is the operator's explicit new launch, not a retry.
    QTRY_VERIFY(launch->isEnabled());
    QVERIFY(launch->text().contains(QStringLiteral("next tranche")));
    child<QCheckBox>(QStringLiteral("emailLaunchUseLimit"))->setChecked(false);
    launchAndConfirm(&confirmation);
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE(store->launches(id).size(), 2);
    QTRY_VERIFY(!controller->launcher()->isBusy());
    QCOMPARE(launchRequests() - before, 2);

    // --- Pause and resume.
    auto *pause = child<QPushButton>(QStringLiteral("emailPause"));
    auto *resume = child<QPushButton>(QStringLiteral("emailResume"));
    QTRY_VERIFY(pause->isEnabled());
    QVERIFY(!resume->isEnabled());
    QTest::mouseClick(pause, Qt::LeftButton);
    QTRY_COMPARE(store->campaign(id)->campaign.status, QStringLiteral("paused"));
    QTRY_VERIFY(resume->isEnabled());
    QVERIFY(!pause->isEnabled());
    QTest::mouseClick(resume, Qt::LeftButton);
    QTRY_COMPARE(store->campaign(id)->campaign.status, QStringLiteral("active"));
    QTRY_VERIFY(pause->isEnabled());

    // The list shows it: active, high priority, three contacts from /stats after a refresh.
    QSignalSpy refreshed(page()->campaigns(), &EmailCampaignsController::statsRefreshed);
    child<QPushButton>(QStringLiteral("emailRefreshStats"))->click();
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(store->campaign(id)->stats->contacts.total, 3);
    QCOMPARE(page()->selectedCampaign(), id);
}

CC_TEST_GUI_MAIN(TestEmailPage)
#include "tst_emailpage.moc"
