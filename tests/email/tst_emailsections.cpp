// The Email campaigns page's own sections through their real widgets (offscreen), against the
// Outreach2day sandbox over loopback HTTP and a real SQLite file: the campaigns list (empty state,
// New campaign, Register by id checked with /stats, Refresh stats), the time-zone picker's
// search, several sending windows, the schedule's and the mailbox's limits named before anything
// is sent, and preflight failures linking to the section that fixes them.

#include "TestMain.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "common/RecordTableView.h"
#include "core/VendorClient.h"
#include "email/CampaignDialogs.h"
#include "email/CampaignEditor.h"
#include "email/CampaignEditorController.h"
#include "email/EmailCampaignStore.h"
#include "email/EmailCampaignsController.h"
#include "email/EmailPage.h"
#include "email/MailboxesSection.h"
#include "email/PreflightSection.h"
#include "email/ScheduleSection.h"
#include "email/SendWindowsEditor.h"
#include "email/TimeZonePicker.h"
#include "outbound/OutboundSafety.h"
#include "outreach2day/Outreach2dayService.h"
#include "table/RecordTableModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimeEdit>
#include <QTimer>
#include <QTreeWidget>

#include <functional>
#include <memory>

class TestEmailSections : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void timeZonePickerSearchesAnywhereInTheName();
    void severalSendingWindows();
    void campaignsListEmptyThenNewCampaign();
    void registerByIdIsCheckedWithStats();
    void refreshStatsFillsTheColumns();
    void scheduleProblemsAreNamedBeforeSending();
    void mailboxLimitsAreNamedThenAttachedAndChanged();
    void preflightFailuresLinkToTheirSection();

private:
    // Creates a campaign through the page's own dialog and waits until the editor shows it.
    QString createCampaign(const QString &name);
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
    template<typename T>
    T *child(const QString &name) const
    {
        return m_page->findChild<T *>(name);
    }

    Wiring::Demo m_demo;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServiceHub> m_hub;
    std::unique_ptr<OutboundSafety> m_safety;
    std::unique_ptr<EmailPage> m_page;
};

void TestEmailSections::initTestCase()
{
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
}

void TestEmailSections::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString database = m_dir->filePath(QStringLiteral("console.sqlite"));
    m_hub = std::make_unique<ServiceHub>(m_demo.hubOptions());
    m_demo.installCredentials(*m_hub);
    m_safety = std::make_unique<OutboundSafety>(database);
    m_safety->install(*m_hub);
    m_page = std::make_unique<EmailPage>(m_hub->outreach2day(), m_safety.get(), nullptr, nullptr, database);
    m_page->resize(1200, 800);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get())); // shortcuts need an active window
    QVERIFY(m_page->campaigns()->isOpen());
}

void TestEmailSections::cleanup()
{
    m_page.reset();
    m_safety.reset();
    m_hub.reset();
    m_dir.reset();
}

QString TestEmailSections::createCampaign(const QString &name)
{
    bool filled = false;
    whenModal<NewCampaignDialog>([&](NewCampaignDialog *dialog) {
        filled = !dialog->okButton()->isEnabled(); // nothing typed yet
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("emailCampaignName")), name);
        filled = filled && dialog->okButton()->isEnabled();
        dialog->okButton()->click();
    });
    QSignalSpy created(m_page->campaigns(), &EmailCampaignsController::created);
    child<QPushButton>(QStringLiteral("emailNewCampaign"))->click();
    if (!filled || !created.wait(5000))
        return {};
    // Offscreen, the page is not made active again when the dialog closes: shortcuts need it.
    m_page->activateWindow();
    if (!QTest::qWaitForWindowActive(m_page.get()))
        return {};
    return created.at(0).at(0).toString();
}

void TestEmailSections::timeZonePickerSearchesAnywhereInTheName()
{
    TimeZonePicker picker;
    picker.show();
    QSignalSpy changed(&picker, &TimeZonePicker::zoneChanged);
    picker.setZone(QStringLiteral("Europe/Berlin"));
    QCOMPARE(picker.zone(), QStringLiteral("Europe/Berlin"));
    QVERIFY(!changed.isEmpty());

    // Any part of the name, any case: "york" offers America/New_York.
    picker.lineEdit()->clear();
    QTest::keyClicks(picker.lineEdit(), QStringLiteral("york"));
    QAbstractItemModel *offered = picker.completer()->completionModel();
    QStringList names;
    for (int row = 0; row < offered->rowCount(); ++row)
        names << offered->index(row, 0).data().toString();
    QVERIFY2(names.contains(QStringLiteral("America/New_York")), qPrintable(names.join(u',')));
    QVERIFY(!names.contains(QStringLiteral("Europe/Berlin")));
    // A fragment is not a zone yet.
    QCOMPARE(picker.zone(), QString());
    QCOMPARE(changed.constLast().at(0).toString(), QString());
}

void TestEmailSections::severalSendingWindows()
{
    SendWindowsEditor editor;
    QSignalSpy changed(&editor, &SendWindowsEditor::windowsChanged);
    QCOMPARE(editor.count(), 0);
    editor.addWindow();
    editor.addWindow();
    QCOMPARE(editor.count(), 2);
    QCOMPARE(changed.count(), 2);
    QList<O2dSchedule::Window> windows = editor.windows();
    QCOMPARE(windows.at(0).start, QTime(9, 0));
    QCOMPARE(windows.at(0).end, QTime(17, 0));
    QCOMPARE(windows.at(1).start, QTime(18, 0)); // an hour after the last one ends

    editor.findChild<QTimeEdit *>(QStringLiteral("emailWindowEnd1"))->setTime(QTime(12, 0));
    // Removing the first renumbers the rest: "window 1" is the one left.
    QWidget *first = editor.findChild<QWidget *>(QStringLiteral("emailWindow1"));
    QVERIFY(first);
    QPushButton *remove = nullptr;
    for (QPushButton *button : first->findChildren<QPushButton *>())
        remove = button;
    remove->click();
    QCOMPARE(editor.count(), 1);
    windows = editor.windows();
    QCOMPARE(windows.size(), 1);
    QCOMPARE(windows.at(0).start, QTime(18, 0));
    QCOMPARE(editor.findChild<QTimeEdit *>(QStringLiteral("emailWindowStart1"))->time(), QTime(18, 0));
}

void TestEmailSections::campaignsListEmptyThenNewCampaign()
{
    // No campaign yet: the empty state says what to do, the editor waits for a selection.
    QVERIFY(child<QLabel>(QStringLiteral("emailCampaignsEmpty"))->isVisible());
    QVERIFY(!child<RecordTableView>(QStringLiteral("emailCampaigns"))->isVisible());
    QVERIFY(child<QLabel>(QStringLiteral("emailNoCampaign"))->isVisible());
    QAbstractItemModelTester tester(m_page->campaigns()->campaigns(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);

    const QString id = createCampaign(QStringLiteral("Q1 SaaS Outreach"));
    QVERIFY(!id.isEmpty());
    QVERIFY(child<RecordTableView>(QStringLiteral("emailCampaigns"))->isVisible());
    QCOMPARE(m_page->campaigns()->campaignCount(), 1);
    QCOMPARE(m_page->selectedCampaign(), id);
    QVERIFY(m_page->editor()->isVisible());
    QCOMPARE(m_page->editor()->campaignId(), id);
    // The campaign's store row: a draft with the default priority, created here.
    const auto row = m_page->context().store->campaign(id);
    QVERIFY(row);
    QCOMPARE(row->campaign.name, QStringLiteral("Q1 SaaS Outreach"));
    QCOMPARE(row->campaign.priority, QStringLiteral("MEDIUM"));
    QCOMPARE(row->campaign.status, QStringLiteral("draft"));
    QVERIFY(!row->registered);
    QCOMPARE(m_page->editor()->missing(QStringLiteral("details")), QString());
    QCOMPARE(m_page->editor()->missing(QStringLiteral("mailboxes")),
             QStringLiteral("Attach at least one mailbox."));

    // The editor's sections are listed in the API's own order, each reachable by Alt+n.
    QCOMPARE(m_page->editor()->sectionIds(),
             QStringList({QStringLiteral("details"), QStringLiteral("steps"), QStringLiteral("contacts"),
                          QStringLiteral("mailboxes"), QStringLiteral("schedule"),
                          QStringLiteral("preflight"), QStringLiteral("launch"), QStringLiteral("dashboard"),
                          QStringLiteral("subsequences")}));
    auto *sections = child<QListWidget>(QStringLiteral("emailSections"));
    sections->setFocus();
    QTest::keyClick(sections, Qt::Key_5, Qt::AltModifier);
    QCOMPARE(m_page->editor()->currentSectionId(), QStringLiteral("schedule"));
    QTest::keyClick(sections, Qt::Key_9, Qt::AltModifier);
    QCOMPARE(m_page->editor()->currentSectionId(), QStringLiteral("subsequences"));
    QVERIFY(sections->item(3)->text().contains(QStringLiteral("Attach at least one mailbox.")));
}

void TestEmailSections::registerByIdIsCheckedWithStats()
{
    // A campaign created elsewhere (straight through the service): the console does not know it.
    QString foreignId;
    m_hub->outreach2day()->createCampaign(QStringLiteral("Made in the web app"), QStringLiteral("LOW"), this,
                                          [&](const Result<O2dCampaign> &result) {
                                              QVERIFY(result.ok());
                                              foreignId = result->id;
                                          });
    QTRY_VERIFY(!foreignId.isEmpty());

    // An id Outreach2day does not know is refused, and nothing is kept.
    QSignalSpy failed(m_page->campaigns(), &EmailCampaignsController::failed);
    whenModal<RegisterCampaignDialog>([](RegisterCampaignDialog *dialog) {
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("emailRegisterId")),
                         QStringLiteral("cmp_does_not_exist"));
        dialog->okButton()->click();
    });
    m_page->registerCampaign();
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.at(0).at(1).value<ApiError>().httpStatus, 404);
    QCOMPARE(m_page->campaigns()->campaignCount(), 0);
    QVERIFY(child<QLabel>(QStringLiteral("emailStatus"))
                    ->text()
                    .contains(QStringLiteral("cmp_does_not_exist")));

    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    child<QWidget>(QStringLiteral("emailCampaigns"))->setFocus();
    // The real one is kept under the name typed, with the status its stats gave.
    QSignalSpy registered(m_page->campaigns(), &EmailCampaignsController::registered);
    whenModal<RegisterCampaignDialog>([&](RegisterCampaignDialog *dialog) {
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("emailRegisterId")), foreignId);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("emailRegisterName")),
                         QStringLiteral("Web app campaign"));
        dialog->okButton()->click();
    });
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(registered.wait(5000));
    const auto row = m_page->context().store->campaign(foreignId);
    QVERIFY(row);
    QVERIFY(row->registered);
    QCOMPARE(row->campaign.name, QStringLiteral("Web app campaign"));
    QCOMPARE(row->campaign.status, QStringLiteral("draft"));
    QCOMPARE(m_page->editor()->campaignId(), foreignId);

    // The same id twice is refused in the dialog, before anything is sent.
    bool refused = false;
    whenModal<RegisterCampaignDialog>([&](RegisterCampaignDialog *dialog) {
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("emailRegisterId")), foreignId);
        refused = !dialog->okButton()->isEnabled() &&
                dialog->findChild<QLabel *>(QStringLiteral("emailRegisterProblem"))
                        ->text()
                        .contains(QStringLiteral("registered already"));
        dialog->reject();
    });
    m_page->registerCampaign();
    QVERIFY(refused);
}

void TestEmailSections::refreshStatsFillsTheColumns()
{
    const QString id = createCampaign(QStringLiteral("Stats"));
    QVERIFY(!id.isEmpty());
    QVERIFY(!m_page->context().store->campaign(id)->stats);
    QSignalSpy refreshed(m_page->campaigns(), &EmailCampaignsController::statsRefreshed);
    auto *table = child<RecordTableView>(QStringLiteral("emailCampaigns"));
    table->setFocus();
    QTest::keyClick(table, Qt::Key_F5);
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(refreshed.at(0).at(0).toInt(), 1);
    QCOMPARE(refreshed.at(0).at(1).toInt(), 0);
    const auto row = m_page->context().store->campaign(id);
    QVERIFY(row->stats);
    QCOMPARE(row->stats->contacts.total, 0);
    // The list shows the stats columns (contacts 0, not empty).
    RecordTableModel *model = m_page->campaigns()->campaigns();
    const int contacts = model->schema().indexOf(u"contacts");
    QVERIFY(contacts >= 0);
    QVERIFY(!model->table().isNull(0, contacts));
    QCOMPARE(model->displayText(0, contacts), QStringLiteral("0"));
    QCOMPARE(m_page->selectedCampaign(), id); // reading the list again keeps the selection
}

void TestEmailSections::scheduleProblemsAreNamedBeforeSending()
{
    const QString id = createCampaign(QStringLiteral("Schedule"));
    QVERIFY(!id.isEmpty());
    m_page->editor()->showSection(QStringLiteral("schedule"));
    auto *section = qobject_cast<ScheduleSection *>(m_page->editor()->section(QStringLiteral("schedule")));
    QVERIFY(section && section->isVisible());
    auto *save = child<QPushButton>(QStringLiteral("emailSaveSchedule"));
    auto *problem = child<QLabel>(QStringLiteral("emailScheduleProblem"));
    QCOMPARE(m_page->editor()->missing(QStringLiteral("schedule")),
             QStringLiteral("Set the schedule and save it."));

    // A zone that is not one.
    section->timeZonePicker()->setEditText(QStringLiteral("Mars/Olympus"));
    QVERIFY(!save->isEnabled());
    QVERIFY2(problem->text().contains(QStringLiteral("time zone")), qPrintable(problem->text()));
    section->timeZonePicker()->setZone(QStringLiteral("America/New_York"));

    // No weekday: the field is named.
    for (const QString &day : O2dSchedule::allWeekdays())
        child<QCheckBox>(QStringLiteral("emailDay_%1").arg(day))->setChecked(false);
    QVERIFY(!save->isEnabled());
    QVERIFY2(problem->text().contains(QStringLiteral("weekdays")), qPrintable(problem->text()));
    child<QCheckBox>(QStringLiteral("emailDay_tue"))->setChecked(true);
    child<QCheckBox>(QStringLiteral("emailDay_thu"))->setChecked(true);

    // Two windows that overlap: named too.
    section->windowsEditor()->setWindows({{QTime(9, 0), QTime(12, 0)}});
    child<QPushButton>(QStringLiteral("emailAddWindow"))->click();
    child<QTimeEdit>(QStringLiteral("emailWindowStart2"))->setTime(QTime(11, 0));
    QVERIFY(!save->isEnabled());
    QVERIFY2(problem->text().contains(QStringLiteral("windows")), qPrintable(problem->text()));
    child<QTimeEdit>(QStringLiteral("emailWindowStart2"))->setTime(QTime(14, 0));
    child<QTimeEdit>(QStringLiteral("emailWindowEnd2"))->setTime(QTime(17, 0));
    QVERIFY2(save->isEnabled(), qPrintable(problem->text()));
    QCOMPARE(m_page->editor()->missing(QStringLiteral("schedule")),
             QStringLiteral("Set the schedule and save it."));
    child<QCheckBox>(QStringLiteral("emailStopOnBounce"))->setChecked(false);

    // Saved at Outreach2day (schedule and stop rules), then here: Ctrl+S from inside the section.
    QSignalSpy saved(m_page->editorController(), &CampaignEditorController::scheduleSaved);
    section->timeZonePicker()->setFocus();
    QTest::keyClick(section->timeZonePicker(), Qt::Key_S, Qt::ControlModifier);
    QVERIFY(saved.wait(5000));
    const auto schedule = m_page->context().store->schedule(id);
    QVERIFY(schedule);
    QCOMPARE(schedule->timezone, QStringLiteral("America/New_York"));
    QCOMPARE(schedule->weekdays, QStringList({QStringLiteral("tue"), QStringLiteral("thu")}));
    QCOMPARE(schedule->windows.size(), 2);
    QCOMPARE(schedule->windows.at(1).start, QTime(14, 0));
    const auto rules = m_page->context().store->stopRules(id);
    QVERIFY(rules);
    QVERIFY(rules->stopOnReply);
    QVERIFY(!rules->stopOnBounce);
    QCOMPARE(m_page->editor()->missing(QStringLiteral("schedule")), QString());
    QCOMPARE(child<QLabel>(QStringLiteral("emailScheduleState"))->text(),
             QStringLiteral("Saved at Outreach2day."));

    // An edit is a draft until saved: the section says so.
    child<QCheckBox>(QStringLiteral("emailDay_fri"))->setChecked(true);
    QCOMPARE(m_page->editor()->missing(QStringLiteral("schedule")),
             QStringLiteral("Save the changes to the schedule."));
}

void TestEmailSections::mailboxLimitsAreNamedThenAttachedAndChanged()
{
    const QString id = createCampaign(QStringLiteral("Mailboxes"));
    QVERIFY(!id.isEmpty());
    m_page->editor()->showSection(QStringLiteral("mailboxes"));
    auto *address = child<QLineEdit>(QStringLiteral("emailMailboxAddress"));
    auto *attach = child<QPushButton>(QStringLiteral("emailAttachMailbox"));
    auto *problem = child<QLabel>(QStringLiteral("emailMailboxProblem"));
    QVERIFY(address->isVisible());
    QVERIFY(!attach->isEnabled());

    QTest::keyClicks(address, QStringLiteral("not-an-address"));
    QVERIFY(!attach->isEnabled());
    QVERIFY2(problem->text().contains(QStringLiteral("mailboxAddress")), qPrintable(problem->text()));
    address->clear();
    QTest::keyClicks(address, QStringLiteral("john@cooloutreach.example"));
    QVERIFY2(attach->isEnabled(), qPrintable(problem->text()));
    QCOMPARE(problem->text(), QString());
    child<QSpinBox>(QStringLiteral("emailMailboxDailyLimit"))->setValue(40);

    QSignalSpy changed(m_page->editorController(), &CampaignEditorController::mailboxesChanged);
    address->setFocus();
    QTest::keyClick(address, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(changed.wait(5000));
    auto *list = child<QTreeWidget>(QStringLiteral("emailMailboxes"));
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("john@cooloutreach.example"));
    QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("40"));
    QCOMPARE(address->text(), QString()); // done with
    const QList<O2dMailbox> stored = m_page->context().store->mailboxes(id);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.at(0).dailyLimit, std::optional<int>(40));
    QCOMPARE(m_page->editor()->missing(QStringLiteral("mailboxes")), QString());

    // The selected mailbox's values are changed with PATCH.
    list->setCurrentItem(list->topLevelItem(0));
    QCOMPARE(child<QSpinBox>(QStringLiteral("emailMailboxDailyLimit"))->value(), 40);
    child<QSpinBox>(QStringLiteral("emailMailboxDailyLimit"))->setValue(50);
    child<QSpinBox>(QStringLiteral("emailMailboxWeight"))->setValue(150);
    changed.clear();
    child<QPushButton>(QStringLiteral("emailSaveMailbox"))->click();
    QVERIFY(changed.wait(5000));
    const O2dMailbox updated = m_page->context().store->mailboxes(id).at(0);
    QCOMPARE(updated.dailyLimit, std::optional<int>(50));
    QCOMPARE(updated.weight, std::optional<int>(150));
    QCOMPARE(updated.mailboxAddress, QStringLiteral("john@cooloutreach.example"));

    // What Outreach2day lists agrees.
    changed.clear();
    child<QPushButton>(QStringLiteral("emailRefreshMailboxes"))->click();
    QVERIFY(changed.wait(5000));
    QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("50"));
    QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("150"));
}

void TestEmailSections::preflightFailuresLinkToTheirSection()
{
    const QString id = createCampaign(QStringLiteral("Preflight"));
    QVERIFY(!id.isEmpty());
    QSignalSpy preflight(m_page->editorController(), &CampaignEditorController::preflightChanged);
    m_page->editor()->showSection(QStringLiteral("preflight")); // runs it: nothing checked yet
    QTRY_VERIFY(m_page->editorController()->isPreflightCurrent());
    const auto result = m_page->editorController()->preflight();
    QVERIFY(result);
    QVERIFY(!result->canLaunch());
    QVERIFY(result->blockingFailures.contains(QStringLiteral("has_mailboxes")));
    QCOMPARE(m_page->editor()->missing(QStringLiteral("preflight")),
             QStringLiteral("%1 blocking failure(s).").arg(result->blockingFailures.size()));
    // In words, not check names.
    // (A label added to a shown section is shown on the next pass of the event loop.)
    QLabel *text = nullptr;
    QTRY_VERIFY((text = child<QLabel>(QStringLiteral("preflightText_has_mailboxes"))) && text->isVisible());
    QVERIFY2(text->text().startsWith(QStringLiteral("Failed, blocks launch: ")), qPrintable(text->text()));
    QVERIFY(!text->text().contains(QStringLiteral("has_mailboxes")));
    // Launch stays disabled while blocking failures remain.
    m_page->editor()->showSection(QStringLiteral("launch"));
    QVERIFY(!child<QPushButton>(QStringLiteral("emailLaunch"))->isEnabled());
    QVERIFY(child<QLabel>(QStringLiteral("emailLaunchProblem"))->text().contains(QStringLiteral("blocking")));

    // The failed check links to the section that fixes it.
    m_page->editor()->showSection(QStringLiteral("preflight"));
    auto *fix = child<QPushButton>(QStringLiteral("preflightFix_has_mailboxes"));
    QVERIFY(fix && fix->isVisible());
    fix->click();
    QCOMPARE(m_page->editor()->currentSectionId(), QStringLiteral("mailboxes"));
    QVERIFY(child<QLineEdit>(QStringLiteral("emailMailboxAddress"))->isVisible());

    // A change makes the preflight stale: it runs again when the section is shown.
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("emailMailboxAddress")),
                     QStringLiteral("ann@cooloutreach.example"));
    QSignalSpy mailboxes(m_page->editorController(), &CampaignEditorController::mailboxesChanged);
    child<QPushButton>(QStringLiteral("emailAttachMailbox"))->click();
    QVERIFY(mailboxes.wait(5000));
    QVERIFY(!m_page->editorController()->isPreflightCurrent());
    m_page->editor()->showSection(QStringLiteral("preflight"));
    QTRY_VERIFY(m_page->editorController()->isPreflightCurrent());
    QVERIFY(!m_page->editorController()->preflight()->blockingFailures.contains(
            QStringLiteral("has_mailboxes")));
    QVERIFY(!child<QPushButton>(QStringLiteral("preflightFix_has_mailboxes")));
}

CC_TEST_GUI_MAIN(TestEmailSections)
#include "tst_emailsections.moc"
