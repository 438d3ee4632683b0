// Unloopa outreach email in demo mode, through the console's real window (offscreen): the
// acceptance test of issue 12's "send outreach to selected leads and show the per-batch results".
// The operator filters the Leads page to leads with an email, selects them, presses Ctrl+Shift+O,
// reviews the guard's dry run and sends; every batch's answer is shown, today's remaining is kept
// unless the operator ticks the box, a lead on the do-not-contact list is refused with nothing of
// it reaching the sandbox, and a double click never sends twice.
//
// Email has no calling window, and the remaining capacity is read from the sandbox rather than
// assumed, so the result does not depend on the hour the test runs at.

#include "DemoConsole.h"
#include "MainWindow.h"
#include "TestMain.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "common/DryRunDialog.h"
#include "common/RecordTableView.h"
#include "controllers/LeadsController.h"
#include "leads/LeadsPage.h"
#include "outbound/OutboundSafety.h"
#include "outbound/OutboundStore.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/UnloopaOutreachSandbox.h"
#include "sandbox/UnloopaSandbox.h"
#include "table/RecordTableModel.h"
#include "unloopa/OutreachBatchTable.h"
#include "unloopa/SendOutreachDialog.h"
#include "unloopa/UnloopaOutreachService.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>

#include <algorithm>
#include <memory>

namespace {
constexpr int kSlowMs = 60000; // the demo's 3,000 leads over loopback on a shared machine
} // namespace

class TestUnloopaOutreachAcceptance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sendsSelectedLeadsInBatchesAndShowsEachResult();
    void listedLeadAloneIsRefusedAndNothingReachesTheSandbox();
    void noEmailAccountShowsTheSetupLinkAndSendsNothing();

private:
    LeadsPage *leadsPage() const
    {
        return qobject_cast<LeadsPage *>(m_console.window->page(QStringLiteral("leads")));
    }
    QAbstractItemView *leadsTable() const
    {
        return leadsPage()->findChild<QAbstractItemView *>(QStringLiteral("leadsTable"));
    }
    int sends() const
    {
        return m_console.demo->sandbox()->requestCount(Vendor::Unloopa, "POST",
                                                       QStringLiteral("/outreach/send"));
    }
    // The operator's filter "Only with: Email", then the first `count` rows selected.
    QList<UnloopaLead> selectLeadsWithEmail(int count);
    void putOnDoNotContactList(const QString &address);
    // Ctrl+Shift+O on the Leads table: the dialog MainWindow opens.
    SendOutreachDialog *openSendDialog();
    int remainingToday();

    DemoConsole m_console;
};

void TestUnloopaOutreachAcceptance::init()
{
    const QString problem = m_console.open();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    m_console.window->showPage(QStringLiteral("leads"));
    QVERIFY(leadsPage() && leadsPage()->isVisible());
    LeadsController *controller = leadsPage()->controller();
    QVERIFY(controller);
    // The page opens from the (empty) demo store and fetches every lead from the sandbox.
    QTRY_VERIFY_WITH_TIMEOUT(controller->isLoaded() && !controller->isRefreshing() &&
                                     !controller->leads()->isBusy() && controller->leads()->rowCount() > 0,
                             kSlowMs);
    m_console.demo->sandbox()->clearRequests();
}

void TestUnloopaOutreachAcceptance::cleanup()
{
    m_console.close();
}

QList<UnloopaLead> TestUnloopaOutreachAcceptance::selectLeadsWithEmail(int count)
{
    auto *hasEmail = leadsPage()->findChild<QCheckBox *>(QStringLiteral("leadsHasEmail"));
    if (!hasEmail)
        return {};
    hasEmail->setChecked(true);
    QAbstractItemView *table = leadsTable();
    QAbstractItemModel *model = table->model();
    if (!QTest::qWaitFor([model, count] { return model->rowCount() >= count; }, kSlowMs))
        return {};
    table->setFocus();
    table->selectionModel()->select(
            QItemSelection(model->index(0, 0), model->index(count - 1, model->columnCount() - 1)),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return leadsPage()->selectedLeads();
}

void TestUnloopaOutreachAcceptance::putOnDoNotContactList(const QString &address)
{
    DncEntry entry;
    entry.kind = DncEntry::Kind::Email;
    entry.value = address;
    entry.source = QStringLiteral("manual");
    entry.addedBy = QStringLiteral("tester");
    QVERIFY(m_console.window->outboundSafety()->store()->addToDoNotContact({entry}));
}

SendOutreachDialog *TestUnloopaOutreachAcceptance::openSendDialog()
{
    QTest::keyClick(leadsTable(), Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
    auto *dialog = m_console.window->findChild<SendOutreachDialog *>(QStringLiteral("sendOutreachDialog"));
    if (dialog) // ready once Unloopa's sending status and the templates are in
        (void)QTest::qWaitFor([dialog] { return !dialog->isLoading(); }, kSlowMs);
    return dialog;
}

int TestUnloopaOutreachAcceptance::remainingToday()
{
    UnloopaOutreachService outreach(m_console.hub->unloopa());
    int remaining = -1;
    outreach.fetchStatus(this, [&remaining](const Result<UnloopaOutreachStatus> &status) {
        remaining = status.ok() ? status->remainingToday() : -2;
    });
    (void)QTest::qWaitFor([&remaining] { return remaining != -1; }, kSlowMs);
    return remaining;
}

void TestUnloopaOutreachAcceptance::sendsSelectedLeadsInBatchesAndShowsEachResult()
{
    const QList<UnloopaLead> selected = selectLeadsWithEmail(120);
    QCOMPARE(selected.size(), 120);
    const UnloopaLead listed = selected.at(5);
    putOnDoNotContactList(listed.email);
    // Every selected lead at that address is refused (demo businesses may share one).
    const int listedCount =
            int(std::count_if(selected.cbegin(), selected.cend(), [&listed](const UnloopaLead &lead) {
                return lead.email.compare(listed.email, Qt::CaseInsensitive) == 0;
            }));
    const int going = 120 - listedCount;
    const int remaining = remainingToday();
    // The demo's two sending accounts have a few dozen left today: fewer than the selection.
    QVERIFY2(remaining > 0 && remaining < going, qPrintable(QString::number(remaining)));

    SendOutreachDialog *dialog = openSendDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->reviewButton()->isEnabled(), qPrintable(dialog->problem()));
    QVERIFY2(dialog->leadsLabel()->text().contains(QStringLiteral("120 lead(s) selected: 120 with an email")),
             qPrintable(dialog->leadsLabel()->text()));
    QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("Remaining today: %1").arg(remaining)),
             qPrintable(dialog->statusLabel()->text()));
    QVERIFY(!dialog->beyondRemainingBox()->isChecked()); // the operator's say-so is never a default
    QVERIFY(!dialog->templateBox()->currentData().toString().isEmpty()); // Unloopa's default template

    // Without the say-so: the dry run reaches today's remaining only, the listed lead refused.
    int dryRuns = 0;
    dialog->setDryRunPresenter([&](QDialog &shown) {
        ++dryRuns;
        auto &dryRun = static_cast<DryRunDialog &>(shown);
        const GuardDecision &decision = dryRun.decision();
        [&] {
            QCOMPARE(decision.allowedCount(), remaining);
            QCOMPARE(decision.refusedCount(), listedCount);
            bool listedRefused = false;
            for (const RecipientVerdict &verdict : decision.verdicts) {
                if (verdict.allowed())
                    continue;
                QCOMPARE(verdict.recipient.address.toLower(), listed.email.toLower());
                QCOMPARE(verdict.reasonCode, QStringLiteral("do_not_contact"));
                listedRefused = listedRefused || verdict.recipient.vendorId == listed.id;
            }
            QVERIFY(listedRefused);
            QVERIFY2(dryRun.noteLabel()->text().contains(
                             QStringLiteral("%1 lead(s) beyond today's remaining (%2) are kept back")
                                     .arg(going - remaining)
                                     .arg(remaining)),
                     qPrintable(dryRun.noteLabel()->text()));
        }();
        return int(QDialog::Rejected); // the operator cancels
    });
    QTest::mouseClick(dialog->reviewButton(), Qt::LeftButton);
    QCOMPARE(dryRuns, 1);
    QCOMPARE(sends(), 0); // a dry run sends nothing
    QVERIFY(!dialog->hasSent());

    // With it: all but the listed lead, in two requests; a double click on Send sends once.
    dialog->beyondRemainingBox()->setChecked(true);
    dialog->setDryRunPresenter([&](QDialog &shown) {
        ++dryRuns;
        auto &dryRun = static_cast<DryRunDialog &>(shown);
        [&] {
            QCOMPARE(dryRun.decision().allowedCount(), going);
            QCOMPARE(dryRun.decision().refusedCount(), listedCount);
            QVERIFY(dryRun.noteLabel()->text().contains(
                    QStringLiteral("Sent as 2 request(s) of at most 100")));
        }();
        // The operator presses Send twice in quick succession.
        dryRun.sendButton()->click();
        dryRun.sendButton()->click();
        return dryRun.result();
    });
    QSignalSpy finished(dialog, &SendOutreachDialog::sendingFinished);
    QTest::mouseClick(dialog->reviewButton(), Qt::LeftButton);
    QCOMPARE(dryRuns, 2);
    QVERIFY(dialog->hasSent());
    QVERIFY(finished.wait(kSlowMs) || !finished.isEmpty());

    // Per batch, as Unloopa answered: every lead of a batch accounted for.
    RecordTableModel *results = dialog->resultsModel();
    QVERIFY(dialog->resultsView()->isVisible());
    QCOMPARE(results->rowCount(), 2);
    const RecordTable &table = results->table();
    const int expectedLeads[] = {100, going - 100};
    int queued = 0;
    for (int row = 0; row < 2; ++row) {
        QCOMPARE(table.integer(row, OutreachBatchTable::Batch), row + 1);
        QCOMPARE(table.integer(row, OutreachBatchTable::Leads), expectedLeads[row]);
        QCOMPARE(table.text(row, OutreachBatchTable::State), QStringLiteral("Sent"));
        QCOMPARE(table.integer(row, OutreachBatchTable::Queued) +
                         table.integer(row, OutreachBatchTable::WaitingForVideo) +
                         table.integer(row, OutreachBatchTable::Duplicates) +
                         table.integer(row, OutreachBatchTable::Failed) +
                         table.integer(row, OutreachBatchTable::ManualOutreach),
                 expectedLeads[row]);
        queued += int(table.integer(row, OutreachBatchTable::Queued));
    }
    QVERIFY(queued > 0);
    QVERIFY2(dialog->resultLabel()->text().contains(
                     QStringLiteral("2 of 2 batch(es) sent: %1 queued").arg(queued)),
             qPrintable(dialog->resultLabel()->text()));
    QCOMPARE(sends(), 2);
    for (const OutreachSender::Batch &batch : dialog->sender()->batches())
        for (const UnloopaLead &lead : batch.leads)
            QVERIFY(lead.email.compare(listed.email, Qt::CaseInsensitive) != 0);

    // Sent once: the dialog offers no second send, by click, double click or key.
    QVERIFY(!dialog->reviewButton()->isEnabled());
    QTest::mouseDClick(dialog->reviewButton(), Qt::LeftButton);
    QTest::keyClick(dialog, Qt::Key_Return, Qt::ControlModifier);
    dialog->review();
    QCOMPARE(dryRuns, 2);
    QCOMPARE(sends(), 2);
    QTest::mouseClick(dialog->closeButton(), Qt::LeftButton);
    QTRY_VERIFY(!m_console.window->findChild<SendOutreachDialog *>(QStringLiteral("sendOutreachDialog")));
}

void TestUnloopaOutreachAcceptance::listedLeadAloneIsRefusedAndNothingReachesTheSandbox()
{
    const QList<UnloopaLead> selected = selectLeadsWithEmail(1);
    QCOMPARE(selected.size(), 1);
    putOnDoNotContactList(selected.first().email);

    SendOutreachDialog *dialog = openSendDialog();
    QVERIFY(dialog);
    QVERIFY2(dialog->reviewButton()->isEnabled(), qPrintable(dialog->problem()));
    int dryRuns = 0;
    dialog->setDryRunPresenter([&](QDialog &shown) {
        ++dryRuns;
        auto &dryRun = static_cast<DryRunDialog &>(shown);
        [&] {
            QCOMPARE(dryRun.decision().allowedCount(), 0);
            QCOMPARE(dryRun.decision().refusedCount(), 1);
            QCOMPARE(dryRun.decision().verdicts.first().reasonCode, QStringLiteral("do_not_contact"));
            QVERIFY(!dryRun.sendButton()->isEnabled());
        }();
        dryRun.setModal(true);
        dryRun.show();
        QTest::mouseClick(dryRun.sendButton(), Qt::LeftButton); // off: nothing happens
        return dryRun.result();
    });
    QTest::mouseClick(dialog->reviewButton(), Qt::LeftButton);
    QCOMPARE(dryRuns, 1);
    QVERIFY(!dialog->hasSent());
    QCOMPARE(sends(), 0);
    QVERIFY(m_console.window->outboundSafety()->store()->intents(Vendor::Unloopa).isEmpty());
}

void TestUnloopaOutreachAcceptance::noEmailAccountShowsTheSetupLinkAndSendsNothing()
{
    m_console.demo->sandbox()->unloopa()->outreach()->setConfigured(false);
    QCOMPARE(selectLeadsWithEmail(3).size(), 3);
    SendOutreachDialog *dialog = openSendDialog();
    QVERIFY(dialog);
    QVERIFY2(dialog->statusLabel()->text().contains(UnloopaOutreachSandbox::setupUrl()),
             qPrintable(dialog->statusLabel()->text()));
    QVERIFY(!dialog->reviewButton()->isEnabled());
    QCOMPARE(dialog->problem(), QStringLiteral("No email account is connected to Unloopa."));
    dialog->review();
    QVERIFY(!dialog->hasSent());
    QCOMPARE(sends(), 0);
}

CC_TEST_GUI_MAIN(TestUnloopaOutreachAcceptance)
#include "tst_unloopaoutreachacceptance.moc"
