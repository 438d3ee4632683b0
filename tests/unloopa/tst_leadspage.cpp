#include "TestMain.h"

#include "ExportControlChecks.h"
#include "UnloopaTestSupport.h"
#include "common/Notifier.h"
#include "controllers/LeadsController.h"
#include "leads/LeadDetailPane.h"
#include "leads/LeadsPage.h"
#include "sandbox/UnloopaSandbox.h"
#include "table/RecordTableModel.h"
#include "unloopa/UnloopaJobPoller.h"

#include <algorithm>

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>

// The Leads page offscreen on real widgets, driven like an operator in demo mode: generate leads,
// watch the job finish, filter, open a lead, export — and the plan and quota gating around it.
class TestLeadsPage : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;
    QTemporaryDir m_dir;
    int m_pages = 0;

    UnloopaSandbox *module() const { return m_rig->sandbox->unloopa(); }

    template<typename T>
    static T *child(QWidget *page, const char *name)
    {
        return page->findChild<T *>(QString::fromLatin1(name));
    }

    // Presses `button` in the confirmation the next Generate opens (it runs modally, so this is
    // queued before the click). Retries until the box is up: a test never hangs on it.
    static void answerConfirmation(const char *button, int triesLeft = 200)
    {
        QTimer::singleShot(10, qApp, [button, triesLeft] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || !box->isVisible()) {
                if (triesLeft > 0)
                    answerConfirmation(button, triesLeft - 1);
                return;
            }
            QVERIFY(box->informativeText().contains(QStringLiteral("emails the leads it finds")));
            QAbstractButton *target = qstrcmp(button, "cancel") == 0
                    ? box->button(QMessageBox::Cancel)
                    : box->findChild<QAbstractButton *>(QString::fromLatin1(button));
            QVERIFY(target);
            target->click();
        });
    }

    static void generateConfirmed(QPushButton *generate)
    {
        answerConfirmation("leadsConfirmGenerate");
        QTest::mouseClick(generate, Qt::LeftButton);
    }

    static bool settle(LeadsPage &page)
    {
        LeadsController *c = page.controller();
        return QTest::qWaitFor(
                [c] {
                    return c->isLoaded() && !c->isRefreshing() && !c->leads()->isBusy() &&
                            !c->jobs()->isBusy();
                },
                300'000);
    }

    std::unique_ptr<LeadsPage> newPage(Notifier *notifier, const QString &dbName = {})
    {
        const QString path =
                m_dir.filePath(dbName.isEmpty() ? QStringLiteral("page-%1.sqlite").arg(++m_pages) : dbName);
        auto page = std::make_unique<LeadsPage>(m_rig->service, nullptr, notifier, nullptr, path);
        page->resize(1400, 900);
        page->show();
        return page;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<CsvExportResult>();
        qRegisterMetaType<Notification>();
        QVERIFY(m_dir.isValid());
        m_rig = std::make_unique<UnloopaRig>(600, this);
        QVERIFY(m_rig->started);
        module()->setStepDuration(40);
        module()->setCommandRateLimit(0);
    }

    void init()
    {
        module()->setPlan(UnloopaSandbox::Plan::Pro);
        module()->setWebsitesUsed(40);
        module()->setCommandRateLimit(0);
        m_rig->sandbox->clearRequests();
    }

    void generateWatchFilterOpenExport()
    {
        QWidget window;
        Notifier notifier(&window, nullptr);
        QSignalSpy notified(&notifier, &Notifier::notified);
        auto page = newPage(&notifier);
        QVERIFY(page->storeProblem().isEmpty());
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        QAbstractItemModelTester tester(page->controller()->leads(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        page->controller()->poller()->setInterval(30);
        QVERIFY(settle(*page));
        auto *table = child<QAbstractItemView>(page.get(), "leadsTable");
        QVERIFY(table && table->isVisible());
        QCOMPARE(table->model()->rowCount(), module()->leadCount());
        QVERIFY(child<QLabel>(page.get(), "leadsQuota")->text().contains(QStringLiteral("websites left")));
        QVERIFY(child<QCheckBox>(page.get(), "leadsWithVideo")->isEnabled()); // Pro

        // Generate: type the sentence, pick the count, press the button twice.
        auto *command = child<QPlainTextEdit>(page.get(), "leadsCommand");
        auto *generate = child<QPushButton>(page.get(), "leadsGenerate");
        QVERIFY(!generate->isEnabled()); // nothing typed yet
        command->setFocus();
        QTest::keyClicks(command, QStringLiteral("Find 25 dentists in Zurich"));
        QVERIFY(child<QLabel>(page.get(), "leadsCommandCounter")
                        ->text()
                        .startsWith(QStringLiteral("26 / 1000")));
        child<QSpinBox>(page.get(), "leadsMaxResults")->setValue(5);
        QVERIFY(child<QLabel>(page.get(), "leadsQuota")->text().contains(QStringLiteral("up to 5 of")));
        QVERIFY(generate->isEnabled());
        // The confirmation says whom Unloopa emails; Cancel sends nothing.
        answerConfirmation("cancel");
        QTest::mouseClick(generate, Qt::LeftButton);
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 0);
        QVERIFY(generate->isEnabled());
        QVERIFY(child<QMessageBox>(page.get(), "leadsConfirmCommand") == nullptr); // closed, not hidden
        generateConfirmed(generate);
        QVERIFY(!generate->isEnabled()); // in flight: a second click cannot send it again
        QTest::mouseClick(generate, Qt::LeftButton);
        QTest::keyClick(command, Qt::Key_Return, Qt::ControlModifier);

        // Watch the job finish: the desktop notification says so.
        QTRY_VERIFY_WITH_TIMEOUT(!notified.isEmpty(), 120'000);
        const auto ready = notified.first().at(0).value<Notification>();
        QCOMPARE(ready.title, QStringLiteral("Leads ready"));
        QVERIFY(ready.message.contains(QStringLiteral("5 lead")));
        QCOMPARE(ready.kind, NotificationKind::LeadJobFinished);
        QCOMPARE(ready.target.subject, NotificationTarget::Subject::Job);
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 1);
        QVERIFY(settle(*page));
        auto *jobs = child<QAbstractItemView>(page.get(), "leadsJobs");
        const int statusColumn = LeadStore::jobSchema().indexOf(u"status");
        const int commandColumn = LeadStore::jobSchema().indexOf(u"command");
        int jobRow = -1;
        for (int r = 0; r < jobs->model()->rowCount(); ++r) {
            if (jobs->model()->index(r, commandColumn).data().toString() ==
                QLatin1String("Find 25 dentists in Zurich"))
                jobRow = r;
        }
        QVERIFY(jobRow >= 0);
        QCOMPARE(jobs->model()->index(jobRow, statusColumn).data().toString(), QStringLiteral("completed"));
        QCOMPARE(jobs->model()
                         ->index(jobRow, LeadStore::jobSchema().indexOf(u"progress"))
                         .data(RecordTableModel::RawRole)
                         .toLongLong(),
                 100);
        jobs->setCurrentIndex(jobs->model()->index(jobRow, commandColumn));
        QVERIFY(child<QLabel>(page.get(), "leadsJobSteps")->text().contains(QStringLiteral("outreach")));

        // Filter: the city, then the job's leads only (double-click the job).
        QTest::keyClicks(child<QLineEdit>(page.get(), "leadsCity"),
                         QStringLiteral("z")); // only Zürich has a z
        QVERIFY(page->controller()->leads()->waitForIdle());
        const int zurich = table->model()->rowCount();
        QVERIFY(zurich >= 5 && zurich < module()->leadCount());
        Q_EMIT jobs->activated(jobs->model()->index(jobRow, commandColumn));
        QVERIFY(page->controller()->leads()->waitForIdle());
        QCOMPARE(table->model()->rowCount(), 5);
        QVERIFY(child<QWidget>(page.get(), "leadsJobFilter")->isVisible());
        QVERIFY(child<QLabel>(page.get(), "leadsCounts")->text().contains(QStringLiteral("Showing 5 of")));

        // Open a lead: the detail pane shows it, then the fresh detail with the website analysis.
        table->setFocus();
        table->setCurrentIndex(table->model()->index(0, 1));
        auto *detail = child<LeadDetailPane>(page.get(), "leadDetail");
        const QString name = table->model()->index(0, 1).data().toString();
        QVERIFY(detail->text().contains(name.toHtmlEscaped()));
        QTRY_VERIFY_WITH_TIMEOUT(detail->text().contains(QStringLiteral("Existing website")), 60'000);
        QVERIFY(detail->text().contains(QStringLiteral("Generated website")));
        QVERIFY(detail->text().contains(QStringLiteral("https://unlora.com/")));

        // Export what is shown; read it back with an independent CSV reader.
        const QString path = m_dir.filePath(QStringLiteral("zurich-dentists.csv"));
        QSignalSpy exported(page.get(), &LeadsPage::exportFinished);
        QVERIFY(page->exportTo(path, CsvProfile::Spreadsheet));
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 60'000);
        const CsvExportResult result = exported.first().first().value<CsvExportResult>();
        QVERIFY2(result.status.ok(), qPrintable(result.status.summary()));
        QCOMPARE(result.rows, 5);
        QVERIFY(!page->exportControl()->progressBar()->isVisible());
        const QJsonObject csv = readCsvWithPython(path);
        QVERIFY(!csv.isEmpty());
        QVERIFY(csv.value(QLatin1String("bom")).toBool()); // spreadsheet profile
        QVERIFY(csv.value(QLatin1String("crlf")).toBool());
        const QJsonArray rows = csv.value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), 6);
        const QJsonArray header = rows.first().toArray();
        const QList<int> columns = page->controller()->leads()->visibleColumns();
        QCOMPARE(header.size(), columns.size());
        for (int i = 0; i < columns.size(); ++i)
            QCOMPARE(header.at(i).toString(), LeadStore::leadSchema().column(columns.at(i)).title);
        const int phoneAt = int(columns.indexOf(LeadStore::leadSchema().indexOf(u"phone")));
        const int cityAt = int(columns.indexOf(LeadStore::leadSchema().indexOf(u"city")));
        QVERIFY(phoneAt >= 0 && cityAt >= 0);
        // Each row's phone is the lead's E.164 number, protected with a leading quote; a lead
        // without a number has an empty cell. At least one number, or the check proves nothing.
        const int phoneColumn = LeadStore::leadSchema().indexOf(u"phone");
        QStringList expectedPhones, exportedPhones;
        for (int r = 1; r < rows.size(); ++r) {
            const QJsonArray row = rows.at(r).toArray();
            QCOMPARE(row.at(cityAt).toString(), QStringLiteral("Zürich"));
            exportedPhones << row.at(phoneAt).toString();
            const QString e164 =
                    table->model()->index(r - 1, phoneColumn).data(RecordTableModel::RawRole).toString();
            QVERIFY2(e164.isEmpty() || e164.startsWith(QStringLiteral("+41")), qPrintable(e164));
            expectedPhones << (e164.isEmpty() ? QString() : QLatin1Char('\'') + e164);
        }
        QCOMPARE(exportedPhones, expectedPhones);
        QVERIFY(std::any_of(expectedPhones.cbegin(), expectedPhones.cend(),
                            [](const QString &phone) { return !phone.isEmpty(); }));
        QCOMPARE(notified.last().at(0).value<Notification>().title, QStringLiteral("Export finished"));
    }

    void exportShowsProgressCancelsAndRunsOnce()
    {
        auto page = newPage(nullptr);
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        QVERIFY(settle(*page));
        checkExportControl(child<QWidget>(page.get(), "leadsTable"), page->exportControl(),
                           page->controller()->leads());
        QVERIFY(!QTest::currentTestFailed());
    }

    void freePlanGatesVideoWithUpgradeLink()
    {
        module()->setPlan(UnloopaSandbox::Plan::Free);
        auto page = newPage(nullptr);
        QVERIFY(settle(*page));
        auto *video = child<QCheckBox>(page.get(), "leadsWithVideo");
        auto *vsl = child<QCheckBox>(page.get(), "leadsWithVsl");
        QTRY_VERIFY_WITH_TIMEOUT(page->controller()->quota() &&
                                         page->controller()->quota()->plan == QLatin1String("free"),
                                 60'000);
        QVERIFY(!video->isEnabled());
        QVERIFY(!vsl->isEnabled());
        const QString note = child<QLabel>(page.get(), "leadsPlanNote")->text();
        QVERIFY(note.contains(QStringLiteral("Pro plan")));
        QVERIFY(note.contains(QStringLiteral("href=\"https://whop.com/unloopa/\"")));
        // /command spends quota and emails whoever it finds: the page says so before it is sent.
        QVERIFY(child<QLabel>(page.get(), "leadsOutreachNote")
                        ->text()
                        .contains(QStringLiteral("do-not-contact")));

        // Back on Pro (after F5), video is offered and the default count drops to 10.
        module()->setPlan(UnloopaSandbox::Plan::Pro);
        QTest::keyClick(page.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(video->isEnabled(), 60'000);
        video->setChecked(true);
        QCOMPARE(child<QSpinBox>(page.get(), "leadsMaxResults")->value(), 10);
    }

    void noQuotaLeftDisablesGenerate()
    {
        module()->setWebsitesUsed(module()->websitesLimit());
        auto page = newPage(nullptr);
        QVERIFY(settle(*page));
        QTRY_VERIFY_WITH_TIMEOUT(
                page->controller()->quota() && page->controller()->quota()->websites.remaining == 0, 60'000);
        // The whole composer is off (QuotaGate::leadGeneration), not only the button: the reason,
        // when the quota resets and the upgrade link are shown instead.
        auto *command = child<QPlainTextEdit>(page.get(), "leadsCommand");
        QVERIFY(!command->isEnabled());
        QVERIFY(!child<QSpinBox>(page.get(), "leadsMaxResults")->isEnabled());
        QVERIFY(!child<QCheckBox>(page.get(), "leadsWithVideo")->isEnabled()); // Pro, yet no websites
        auto *generate = child<QPushButton>(page.get(), "leadsGenerate");
        QVERIFY(!generate->isEnabled());
        QTest::keyClick(command, Qt::Key_Return, Qt::ControlModifier); // the shortcut sends nothing either
        const QString line = child<QLabel>(page.get(), "leadsQuota")->text();
        QVERIFY2(line.contains(QStringLiteral("No websites are left")), qPrintable(line));
        QVERIFY2(line.contains(QLocale()
                                       .toString(module()->resetsAt().toLocalTime(), QLocale::ShortFormat)
                                       .toHtmlEscaped()),
                 qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral("href=\"https://whop.com/unloopa/\"")), qPrintable(line));
        QVERIFY(generate->toolTip().contains(QStringLiteral("No websites are left")));
        QCOMPARE(m_rig->sandbox->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/command")), 0);

        // The quota is back (a new period): the composer is on again.
        module()->setWebsitesUsed(0);
        QTest::keyClick(page.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(command->isEnabled(), 60'000);
        QTest::keyClicks(command, QStringLiteral("roofers in Denver"));
        QVERIFY(generate->isEnabled());
        QVERIFY(child<QLabel>(page.get(), "leadsQuota")->text().contains(QStringLiteral("websites left")));
    }

    void errorsAreExplainedWithLinks()
    {
        auto page = newPage(nullptr);
        QVERIFY(settle(*page));
        auto *command = child<QPlainTextEdit>(page.get(), "leadsCommand");
        auto *generate = child<QPushButton>(page.get(), "leadsGenerate");
        auto *message = child<QLabel>(page.get(), "leadsComposerMessage");
        QTest::keyClicks(command, QStringLiteral("gyms in Boston"));
        child<QSpinBox>(page.get(), "leadsMaxResults")->setValue(1);

        // rate_limited: the wait, in words.
        module()->advanceClock(61'000);
        module()->setCommandRateLimit(1);
        generateConfirmed(generate);
        QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QStringLiteral("Job started")), 60'000);
        QTRY_VERIFY_WITH_TIMEOUT(generate->isEnabled(), 60'000);
        generateConfirmed(generate);
        QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QStringLiteral("slow down")), 60'000);
        QVERIFY(message->text().contains(QStringLiteral("seconds")));
        module()->setCommandRateLimit(0);

        // quota_exceeded (the quota ran out since the page last looked): reset time and upgrade link.
        module()->setWebsitesUsed(module()->websitesLimit());
        generateConfirmed(generate);
        QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QStringLiteral("resets on")), 60'000);
        QVERIFY(message->text().contains(QStringLiteral("https://whop.com/unloopa/")));
        QTRY_VERIFY_WITH_TIMEOUT(!generate->isEnabled(), 60'000); // the page now knows: 0 left
        module()->setWebsitesUsed(40);

        // plan_required (the plan changed since the page last looked).
        QTest::keyClick(page.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(generate->isEnabled(), 60'000);
        child<QCheckBox>(page.get(), "leadsWithVideo")->setChecked(true);
        module()->setPlan(UnloopaSandbox::Plan::Free);
        generateConfirmed(generate);
        QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QStringLiteral("Pro plan")), 60'000);
        QVERIFY(message->text().contains(QStringLiteral("https://whop.com/unloopa/")));
        QTRY_VERIFY_WITH_TIMEOUT(!child<QCheckBox>(page.get(), "leadsWithVideo")->isEnabled(), 60'000);
    }

    // Bulk actions work on the selection: "Schedule Verloop calls…" is off without one, and hands
    // the selected leads over — in the order shown, with the number to call and every field.
    void scheduleCallsForSelectedLeads()
    {
        auto page = newPage(nullptr);
        QVERIFY(settle(*page));
        auto *table = child<QAbstractItemView>(page.get(), "leadsTable");
        QAction *action = page->scheduleCallsAction();
        auto *button = child<QPushButton>(page.get(), "leadsScheduleCalls");
        QVERIFY(action && button);
        QVERIFY(!action->isEnabled());
        QVERIFY(!button->isEnabled());
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));

        // Click the first row, Ctrl+click the third: two leads.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualRect(table->model()->index(0, 1)).center());
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          table->visualRect(table->model()->index(2, 1)).center());
        QVERIFY(action->isEnabled());
        QVERIFY(button->isEnabled());
        QCOMPARE(page->selectedLeadRows().size(), 2);

        QSignalSpy requested(page.get(), &LeadsPage::scheduleVerloopCallsRequested);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(requested.size(), 1);
        const auto contacts = requested.at(0).at(0).value<ContactList>();
        QCOMPARE(contacts.contacts.size(), 2);
        const RecordTableModel *leads = page->controller()->leads();
        const int name = leads->schema().indexOf(u"businessName");
        const int phone = leads->schema().indexOf(u"phone");
        for (int i = 0; i < 2; ++i) {
            const int viewRow = i * 2;
            QCOMPARE(contacts.contacts.at(i).label,
                     leads->index(viewRow, name).data(RecordTableModel::RawRole).toString());
            const QVariant number = leads->index(viewRow, phone).data(RecordTableModel::RawRole);
            if (number.isValid())
                QCOMPARE(contacts.contacts.at(i).phone, number.toString());
            QCOMPARE(contacts.contacts.at(i).fields.value(QStringLiteral("businessName")),
                     contacts.contacts.at(i).label);
        }
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(requested.size(), 2);

        table->clearSelection();
        QVERIFY(!action->isEnabled());
    }

    // Unloopa's actions on the selection: in the table's context menu and on their keys, on only
    // while the selection fits (the single call: exactly one lead) and the plan has voice; each
    // hands over the selected leads as the store holds them, in the order shown.
    void unloopaActionsForSelectedLeads()
    {
        auto page = newPage(nullptr);
        QVERIFY(settle(*page));
        QTRY_VERIFY_WITH_TIMEOUT(page->controller()->quota().has_value(), 60'000);
        auto *table = child<QAbstractItemView>(page.get(), "leadsTable");
        QAction *send = page->sendOutreachAction();
        QAction *campaign = page->voiceCampaignAction();
        QAction *call = page->voiceCallAction();
        QVERIFY(send && campaign && call);
        QCOMPARE(send->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
        QCOMPARE(campaign->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
        QCOMPARE(call->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
        for (QAction *action : {send, campaign, call}) {
            QVERIFY2(table->actions().contains(action), qPrintable(action->text())); // context menu
            QVERIFY(!action->isEnabled());
        }
        QVERIFY(page->selectedLeads().isEmpty());

        QSignalSpy sends(page.get(), &LeadsPage::sendOutreachRequested);
        QSignalSpy campaigns(page.get(), &LeadsPage::voiceCampaignRequested);
        QSignalSpy calls(page.get(), &LeadsPage::voiceCallRequested);
        const RecordTableModel *leads = page->controller()->leads();
        const int idColumn = leads->schema().indexOf(u"id");
        const auto idAt = [leads, idColumn](int viewRow) {
            return leads->index(viewRow, idColumn).data(RecordTableModel::RawRole).toString();
        };

        // One lead: every action on; the call gets the lead with its stored fields.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualRect(table->model()->index(1, 1)).center());
        QVERIFY(send->isEnabled() && campaign->isEnabled() && call->isEnabled());
        const auto stored = page->controller()->store()->lead(idAt(1));
        QVERIFY(stored);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(calls.size(), 1);
        const auto called = calls.at(0).at(0).value<UnloopaLead>();
        QCOMPARE(called.id, stored->id);
        QCOMPARE(called.businessName, stored->businessName);
        QCOMPARE(called.phone, stored->phone);
        QCOMPARE(called.email, stored->email);

        // Three leads: the call is off (one at a time), the bulk actions hand over all three.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          table->visualRect(table->model()->index(3, 1)).center());
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          table->visualRect(table->model()->index(0, 1)).center());
        QVERIFY(send->isEnabled() && campaign->isEnabled());
        QVERIFY(!call->isEnabled());
        QVERIFY(call->toolTip().contains(QStringLiteral("Select one lead")));
        const QStringList expected{idAt(0), idAt(1), idAt(3)};
        const auto ids = [](const QList<UnloopaLead> &list) {
            QStringList out;
            for (const UnloopaLead &lead : list)
                out << lead.id;
            return out;
        };
        QCOMPARE(ids(page->selectedLeads()), expected);
        QTest::keyClick(table, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(calls.size(), 1);
        QTest::keyClick(table, Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(sends.size(), 1);
        QCOMPARE(ids(sends.at(0).at(0).value<QList<UnloopaLead>>()), expected);
        QTest::keyClick(table, Qt::Key_G, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(campaigns.size(), 1);
        QCOMPARE(ids(campaigns.at(0).at(0).value<QList<UnloopaLead>>()), expected);

        // A plan without voice: email still offered, voice not — and the tip says why.
        module()->setPlan(UnloopaSandbox::Plan::Free);
        QTest::keyClick(page.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(!campaign->isEnabled(), 60'000);
        QVERIFY(send->isEnabled());
        QVERIFY2(campaign->toolTip().contains(QStringLiteral("Pro")), qPrintable(campaign->toolTip()));
        table->clearSelection();
        QVERIFY(!send->isEnabled() && !campaign->isEnabled() && !call->isEnabled());
    }

    void emptyAndOfflineStates()
    {
        m_rig->sandbox->stop();
        auto page = newPage(nullptr, QStringLiteral("empty.sqlite"));
        QVERIFY(settle(*page));
        QVERIFY(child<QLabel>(page.get(), "leadsEmpty")->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(page.get(), "leadsOffline")->isVisible(), 60'000);
        QVERIFY(child<QLabel>(page.get(), "leadsOffline")->text().startsWith(QStringLiteral("Offline")));
        QVERIFY(m_rig->sandbox->start());
        m_rig->client->setBaseUrl(m_rig->sandbox->baseUrl(Vendor::Unloopa));
    }
};

CC_TEST_GUI_MAIN(TestLeadsPage)
#include "tst_leadspage.moc"
