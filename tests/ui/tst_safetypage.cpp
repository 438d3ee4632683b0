// The Safety page through its real widgets (offscreen) on a real SQLite file: the database is not
// read before the page is shown; the do-not-contact list is added to and removed from (with a
// reason, logged), imported all-or-nothing with its invalid rows reported, exported; the audit log
// is filtered by vendor, verdict, time and unknown outcome, and unknown outcomes stand out.

#include "ExportControlChecks.h"
#include "TestMain.h"
#include "common/RecordTableView.h"
#include "controllers/SafetyController.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundSafety.h"
#include "outbound/OutboundStore.h"
#include "safety/DncEntryDialogs.h"
#include "safety/SafetyPage.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <functional>

class TestSafetyPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void databaseIsNotReadBeforeThePageIsShown();
    void emptyListAndLogSaySo();
    void logFollowsTheGuard();
    void addAndRemoveWithAReason();
    void importReportsInvalidRowsAndAddsNothing();
    void cancelledImportAddsNothing();
    void listExportKeepsItsPromises();
    void auditExportKeepsItsPromises();
    void auditFiltersAndUnknownOutcomes();

private:
    QString writeFile(const QString &name, const QByteArray &bytes) const
    {
        const QString path = m_dir->filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }
    template<typename T>
    static void whenShown(std::function<void(T *)> handle)
    {
        auto *poll = new QTimer(qApp);
        poll->setInterval(5);
        QObject::connect(poll, &QTimer::timeout, qApp, [poll, handle] {
            auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
            if (!dialog || !dialog->isVisible())
                return;
            poll->stop();
            poll->deleteLater();
            handle(dialog);
        });
        poll->start();
    }
    static QStringList column(const RecordTableModel *model, int column)
    {
        QStringList values;
        for (int r = 0; r < model->rowCount(); ++r)
            values.append(model->index(r, column).data(RecordTableModel::RawRole).toString());
        return values;
    }
    static qint64 appendAttempt(OutboundStore *store, Vendor vendor, const QString &recipient,
                                const QString &verdict, const QString &reasonCode, const QDateTime &at)
    {
        AuditAttempt attempt;
        attempt.at = at;
        attempt.vendor = vendor;
        attempt.action = vendor == Vendor::Verloop ? QStringLiteral("schedule_call") : QStringLiteral("call");
        attempt.recipient = recipient;
        attempt.verdict = verdict;
        attempt.reasonCode = reasonCode;
        attempt.reason = QStringLiteral("test row");
        attempt.ringsAt = at;
        const StoreStatus status = store->appendAttempt(attempt);
        return status.ok() ? attempt.id : -1;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OutboundSafety> m_outbound;
};

void TestSafetyPage::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_outbound = std::make_unique<OutboundSafety>(m_dir->filePath(QStringLiteral("console.sqlite")));
}

void TestSafetyPage::cleanup()
{
    m_outbound.reset();
}

void TestSafetyPage::databaseIsNotReadBeforeThePageIsShown()
{
    DncEntry entry;
    entry.value = QStringLiteral("+13055550100");
    entry.source = QStringLiteral("manual");
    QVERIFY(m_outbound->store()->addToDoNotContact({entry}).ok());
    SafetyPage page(m_outbound.get());
    // Built (as every page is after the first frame), nothing read yet.
    QVERIFY(!page.controller()->isOpen());
    QCOMPARE(page.controller()->doNotContact()->rowCount(), 0);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(page.controller()->isOpen());
    QCOMPARE(page.controller()->doNotContact()->rowCount(), 1);
}

void TestSafetyPage::emptyListAndLogSaySo()
{
    SafetyPage page(m_outbound.get());
    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *empty = page.findChild<QLabel *>(QStringLiteral("dncEmpty"));
    QVERIFY(empty->isVisible());
    QVERIFY(!page.listView()->isVisible());
    // The message takes the table's place: the search and the buttons stay at the top, not
    // floating halfway down an empty page.
    auto *search = page.findChild<QWidget *>(QStringLiteral("dncSearch"));
    QVERIFY2(search->mapTo(&page, QPoint(0, 0)).y() < page.height() / 5,
             qPrintable(QString::number(search->mapTo(&page, QPoint(0, 0)).y())));
    QVERIFY(empty->height() > page.height() / 2);
    QVERIFY(!page.findChild<QLabel *>(QStringLiteral("unknownOutcomes"))->isVisible());
    page.tabs()->setCurrentIndex(1);
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("auditEmpty"))->isVisible());
    QVERIFY(!page.auditView()->isVisible());
    // The next page opens on the tab the operator left.
    SafetyPage next(m_outbound.get());
    QCOMPARE(next.tabs()->currentIndex(), 1);
}

void TestSafetyPage::logFollowsTheGuard()
{
    SafetyPage page(m_outbound.get());
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCOMPARE(page.controller()->audit()->rowCount(), 0);
    // A real decision by the guard: a listed number refused, appended to the log, shown at once.
    DncEntry entry;
    entry.value = QStringLiteral("+13055550100");
    entry.source = QStringLiteral("manual");
    QVERIFY(m_outbound->store()->addToDoNotContact({entry}).ok());
    OutboundAction action;
    action.vendor = Vendor::UnlimCall;
    action.action = QStringLiteral("call");
    Recipient recipient;
    recipient.address = entry.value;
    action.recipients = {recipient};
    const OutboundGuard::Clearance clearance = m_outbound->guard()->clear(action);
    QVERIFY(!clearance);
    // Shown on the next pass of the event loop (the guard announces changes once per pass).
    QTRY_COMPARE(page.controller()->audit()->rowCount(), 1);
    QCOMPARE(page.controller()
                     ->audit()
                     ->index(0, SafetyController::AuditReasonCode)
                     .data(RecordTableModel::RawRole)
                     .toString(),
             QStringLiteral("do_not_contact"));
}

void TestSafetyPage::addAndRemoveWithAReason()
{
    SafetyPage page(m_outbound.get());
    page.show();
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));

    // Ctrl+N: a number that cannot be listed keeps Add off and says why; a real one is normalised.
    bool checked = false;
    whenShown<AddDncEntryDialog>([&checked](AddDncEntryDialog *dialog) {
        QTest::keyClicks(dialog->entryEdit(), QStringLiteral("12"));
        QVERIFY(!dialog->okButton()->isEnabled());
        QVERIFY(!dialog->problemLabel()->text().isEmpty());
        dialog->entryEdit()->clear();
        QTest::keyClicks(dialog->entryEdit(), QStringLiteral("(305) 555-0100"));
        QVERIFY(dialog->okButton()->isEnabled());
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("asked not to be called"));
        checked = true;
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    });
    auto *search = page.findChild<QLineEdit *>(QStringLiteral("dncSearch"));
    search->setFocus(); // the table is hidden while the list is empty
    QVERIFY(search->hasFocus());
    QTest::keyClick(search, Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(checked);
    const RecordTableModel *list = page.controller()->doNotContact();
    QCOMPARE(column(list, SafetyController::ListEntry), QStringList{QStringLiteral("+13055550100")});
    QCOMPARE(column(list, SafetyController::ListReason),
             QStringList{QStringLiteral("asked not to be called")});
    QCOMPARE(column(list, SafetyController::ListSource), QStringList{QStringLiteral("manual")});
    QVERIFY(page.listView()->isVisible());
    Recipient listed;
    listed.address = QStringLiteral("+13055550100");
    QVERIFY(page.controller()->store()->listedEntry(listed).has_value()); // what the guard reads

    // Delete on the selected entry: Remove stays off until a reason is typed.
    page.listView()->selectRow(0);
    bool removed = false;
    whenShown<RemoveDncEntryDialog>([&removed](RemoveDncEntryDialog *dialog) {
        QVERIFY(!dialog->removeButton()->isEnabled());
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("   "));
        QVERIFY(!dialog->removeButton()->isEnabled());
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("added by mistake"));
        QVERIFY(dialog->removeButton()->isEnabled());
        removed = true;
        QTest::mouseClick(dialog->removeButton(), Qt::LeftButton);
    });
    QVERIFY(page.findChild<QPushButton *>(QStringLiteral("dncRemoveButton"))->isEnabled());
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    page.listView()->setFocus();
    QVERIFY(page.listView()->hasFocus());
    QTest::keyClick(page.listView(), Qt::Key_Delete);
    QTRY_VERIFY(removed);
    QCOMPARE(list->rowCount(), 0);
    QVERIFY(!page.controller()->store()->listedEntry(listed).has_value());
    auto *status = page.findChild<QLabel *>(QStringLiteral("dncStatus"));
    QVERIFY2(status->text().contains(QStringLiteral("+13055550100 was removed")), qPrintable(status->text()));
    // The removal is in the log, with its reason and who removed it.
    const RecordTableModel *audit = page.controller()->audit();
    QCOMPARE(audit->rowCount(), 1);
    QCOMPARE(audit->index(0, SafetyController::AuditAction).data(RecordTableModel::RawRole).toString(),
             QStringLiteral("dnc_remove"));
    QCOMPARE(audit->index(0, SafetyController::AuditReason).data(RecordTableModel::RawRole).toString(),
             QStringLiteral("added by mistake"));
    QCOMPARE(audit->index(0, SafetyController::AuditActor).data(RecordTableModel::RawRole).toString(),
             localOperatorName());
}

void TestSafetyPage::importReportsInvalidRowsAndAddsNothing()
{
    SafetyPage page(m_outbound.get());
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const QString bad = writeFile(QStringLiteral("bad.csv"),
                                  "entry,reason\n+13055550101,called twice\nnot a number,x\n"
                                  "owner@shop.example,unsubscribed\n12,too short\n");
    QVERIFY(!bad.isEmpty());
    QString chosen = bad;
    page.setImportFileChooser([&chosen] { return chosen; });
    QSignalSpy finished(page.controller(), &SafetyController::importFinished);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("dncImportButton")), Qt::LeftButton);
    QVERIFY(page.controller()->isImporting());
    QVERIFY(page.findChild<QPushButton *>(QStringLiteral("dncImportCancel"))->isVisible());
    QVERIFY(finished.wait(30'000));
    QCOMPARE(page.controller()->doNotContact()->rowCount(), 0); // nothing half imported
    QVERIFY(page.controller()->store()->doNotContactEntries().isEmpty());
    auto *problems = page.findChild<QPlainTextEdit *>(QStringLiteral("dncImportProblems"));
    QVERIFY(problems->isVisible());
    const QString text = problems->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Line 3:")) && text.contains(QStringLiteral("Line 5:")),
             qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("Line 2:")) && !text.contains(QStringLiteral("Line 4:")),
             qPrintable(text));
    auto *result = page.findChild<QLabel *>(QStringLiteral("dncStatus"));
    QVERIFY2(result->text().contains(QStringLiteral("nothing was imported")), qPrintable(result->text()));
    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("dncImportCancel"))->isVisible());

    // The corrected file: every row, and the report says so.
    chosen = writeFile(QStringLiteral("good.csv"),
                       "entry,reason\n+13055550101,called twice\n(415) 555-0132,asked\n"
                       "owner@shop.example,unsubscribed\n@spam.example,domain\n");
    finished.clear();
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    auto *search = page.findChild<QLineEdit *>(QStringLiteral("dncSearch"));
    search->setFocus(); // the table is hidden while the list is empty
    QTest::keyClick(search, Qt::Key_I, Qt::ControlModifier);
    QVERIFY(finished.wait(30'000));
    QCOMPARE(column(page.controller()->doNotContact(), SafetyController::ListEntry).size(), 4);
    QVERIFY(column(page.controller()->doNotContact(), SafetyController::ListEntry)
                    .contains(QStringLiteral("+14155550132")));
    QVERIFY(!problems->isVisible());
    QVERIFY2(result->text().contains(QStringLiteral("4 new entry(ies) added")), qPrintable(result->text()));
}

void TestSafetyPage::cancelledImportAddsNothing()
{
    SafetyPage page(m_outbound.get());
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const QString path = writeFile(QStringLiteral("good.csv"), "+13055550101\n+13055550102\n");
    page.setImportFileChooser([path] { return path; });
    QSignalSpy finished(page.controller(), &SafetyController::importFinished);
    page.importCsv();
    // No event loop between the start and Cancel: the file cannot have been added yet.
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("dncImportCancel")), Qt::LeftButton);
    QVERIFY(finished.wait(30'000));
    const auto report = finished.first().first().value<SafetyController::ImportReport>();
    QVERIFY(report.cancelled);
    QVERIFY(page.controller()->store()->doNotContactEntries().isEmpty());
    QCOMPARE(page.controller()->doNotContact()->rowCount(), 0);
}

void TestSafetyPage::listExportKeepsItsPromises()
{
    SafetyPage page(m_outbound.get());
    QList<DncEntry> entries;
    for (int i = 0; i < 50; ++i) {
        DncEntry entry;
        entry.value = QStringLiteral("+1305555%1").arg(i, 4, 10, QLatin1Char('0'));
        entry.source = QStringLiteral("manual");
        entries.append(entry);
    }
    QVERIFY(page.controller()->store()->addToDoNotContact(entries).ok());
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCOMPARE(page.controller()->doNotContact()->rowCount(), 50);
    checkExportControl(page.listView(), page.listExportControl(), page.controller()->doNotContact());
}

void TestSafetyPage::auditExportKeepsItsPromises()
{
    SafetyPage page(m_outbound.get());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < 40; ++i)
        QVERIFY(appendAttempt(m_outbound->store(), Vendor::UnlimCall,
                              QStringLiteral("+1305555%1").arg(i, 4, 10, QLatin1Char('0')),
                              QStringLiteral("allowed"), QStringLiteral("allowed"), now.addSecs(-i)) > 0);
    page.show();
    page.tabs()->setCurrentIndex(1);
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCOMPARE(page.controller()->audit()->rowCount(), 40);
    // Ctrl+E on the log's tab exports the log, not the list.
    checkExportControl(page.auditView(), page.auditExportControl(), page.controller()->audit());
}

void TestSafetyPage::auditFiltersAndUnknownOutcomes()
{
    SafetyPage page(m_outbound.get());
    OutboundStore *store = page.controller()->store();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 unknown =
            appendAttempt(store, Vendor::Verloop, QStringLiteral("+13055550101"), QStringLiteral("allowed"),
                          QStringLiteral("allowed"), now.addSecs(-60));
    const qint64 refused =
            appendAttempt(store, Vendor::UnlimCall, QStringLiteral("+13055550102"), QStringLiteral("refused"),
                          QStringLiteral("do_not_contact"), now.addSecs(-120));
    const qint64 old = appendAttempt(store, Vendor::UnlimCall, QStringLiteral("+13055550103"),
                                     QStringLiteral("allowed"), QStringLiteral("allowed"), now.addDays(-10));
    QVERIFY(unknown > 0 && refused > 0 && old > 0);
    for (const auto &[attempt, outcome] :
         {std::pair{unknown, QStringLiteral("unknown")}, std::pair{old, QStringLiteral("accepted")}}) {
        AuditOutcome o;
        o.attemptId = attempt;
        o.at = now;
        o.outcome = outcome;
        QVERIFY(store->appendOutcome(o).ok());
    }
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const RecordTableModel *audit = page.controller()->audit();
    QCOMPARE(audit->rowCount(), 3);

    // The unknown one is counted, named and painted apart; the others are not.
    auto *banner = page.findChild<QLabel *>(QStringLiteral("unknownOutcomes"));
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().startsWith(QStringLiteral("1 send(s) have an unknown outcome")),
             qPrintable(banner->text()));
    auto *delegate = qobject_cast<UnknownOutcomeDelegate *>(page.auditView()->itemDelegate());
    QVERIFY(delegate);
    int highlighted = 0;
    for (int r = 0; r < audit->rowCount(); ++r) {
        const bool isUnknown =
                audit->index(r, SafetyController::AuditId).data(RecordTableModel::RawRole).toLongLong() ==
                unknown;
        QCOMPARE(delegate->highlights(audit->index(r, SafetyController::AuditRecipient)), isUnknown);
        highlighted += isUnknown ? 1 : 0;
    }
    QCOMPARE(highlighted, 1);

    auto *vendor = page.findChild<QComboBox *>(QStringLiteral("auditVendor"));
    auto *verdict = page.findChild<QComboBox *>(QStringLiteral("auditVerdict"));
    auto *period = page.findChild<QComboBox *>(QStringLiteral("auditPeriod"));
    auto *unknownOnly = page.findChild<QCheckBox *>(QStringLiteral("auditUnknownOnly"));
    QVERIFY(vendor && verdict && period && unknownOnly);
    vendor->setCurrentIndex(vendor->findData(QStringLiteral("unlimcall")));
    QCOMPARE(audit->rowCount(), 2);
    verdict->setCurrentIndex(verdict->findData(QStringLiteral("refused")));
    QCOMPARE(column(audit, SafetyController::AuditRecipient), QStringList{QStringLiteral("+13055550102")});
    verdict->setCurrentIndex(0);
    vendor->setCurrentIndex(0);
    period->setCurrentIndex(period->findData(7));
    QCOMPARE(audit->rowCount(), 2); // the ten-day-old attempt is out
    QVERIFY(!column(audit, SafetyController::AuditRecipient).contains(QStringLiteral("+13055550103")));
    period->setCurrentIndex(0);
    QCOMPARE(audit->rowCount(), 3);

    // "Show them": the log, only the unknown ones.
    page.tabs()->setCurrentIndex(0);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("showUnknownOutcomes")), Qt::LeftButton);
    QCOMPARE(page.tabs()->currentIndex(), 1);
    QVERIFY(unknownOnly->isChecked());
    QCOMPARE(column(audit, SafetyController::AuditRecipient), QStringList{QStringLiteral("+13055550101")});
}

CC_TEST_GUI_MAIN(TestSafetyPage)
#include "tst_safetypage.moc"
