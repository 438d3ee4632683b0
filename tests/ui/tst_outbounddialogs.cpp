// The two dialogs every contacting page shares, driven through their real widgets (offscreen):
// OverrideReasonDialog (an explicit checkbox and a typed reason, never remembered) and
// DryRunDialog (counts by reason, the list, its export, Send or Cancel, an override that judges
// again).

#include "ExportControlChecks.h"
#include "TestMain.h"
#include "common/DryRunDialog.h"
#include "common/OverrideReasonDialog.h"
#include "common/RecordTableView.h"
#include "outbound/DecisionTable.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTimer>

#include <functional>

class TestOutboundDialogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    // OverrideReasonDialog
    void overrideNeedsTheBoxAndAReason();
    void enterDoesNotOverrideWithoutTheBox();
    void askAppliesOnlyOnOk();
    void overrideIsNeverRemembered();
    void secondOverrideKeepsBothReasons();
    // DryRunDialog
    void dryRunCountsByReason();
    void enterDoesNotSend();
    void sendAcceptsOnlyWithSomeoneAllowed();
    void emptyDecisionSaysSo();
    void exportWritesTheList();
    void exportControlKeepsItsPromises();
    void overrideJudgesAgain();
    void cancelledOverrideChangesNothing();

private:
    static RecipientVerdict verdict(const QString &label, const QString &address, RecipientVerdict::Verdict v,
                                    const QString &code, const QString &reason)
    {
        RecipientVerdict result;
        result.recipient.channel =
                address.contains(QLatin1Char('@')) ? Recipient::Channel::Email : Recipient::Channel::Phone;
        result.recipient.address = address;
        result.recipient.label = label;
        result.verdict = v;
        result.reasonCode = code;
        result.reason = reason;
        return result;
    }
    static RecipientVerdict allowed(const QString &label, const QString &address)
    {
        return verdict(label, address, RecipientVerdict::Verdict::Allowed, QStringLiteral("allowed"),
                       QString());
    }
    static RecipientVerdict listed(const QString &label, const QString &address)
    {
        return verdict(label, address, RecipientVerdict::Verdict::Refused, QStringLiteral("do_not_contact"),
                       QStringLiteral("%1 is on the do-not-contact list.").arg(address));
    }
    static RecipientVerdict outside(const QString &label, const QString &address)
    {
        return verdict(label, address, RecipientVerdict::Verdict::NeedsOverride,
                       QStringLiteral("outside_calling_window"),
                       QStringLiteral("It is 21:30 for %1; calls are allowed 08:00-21:00.").arg(address));
    }
    // Five recipients: two allowed, two listed, one outside the window.
    static GuardDecision mixed()
    {
        GuardDecision d;
        d.verdicts = {allowed(QStringLiteral("Acme Plumbing"), QStringLiteral("+13055550101")),
                      listed(QStringLiteral("Bay Roofing"), QStringLiteral("+13055550102")),
                      outside(QStringLiteral("Coast HVAC"), QStringLiteral("+12135550103")),
                      listed(QStringLiteral("Dune Electric"), QStringLiteral("+13055550104")),
                      allowed(QStringLiteral("Elm Painters"), QStringLiteral("+13055550105"))};
        return d;
    }
    // Runs `handle` on the next modal dialog of type T as soon as it is shown (inside its exec();
    // a button activated by its mnemonic clicks a moment later).
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
    static int column(const RecordTableModel *model, const QString &key)
    {
        return model->schema().indexOf(key);
    }
};

void TestOutboundDialogs::init()
{
    QSettings().clear();
}

void TestOutboundDialogs::overrideNeedsTheBoxAndAReason()
{
    OverrideReasonDialog dialog(OverrideReasonDialog::Subject::CallingWindow);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.confirmBox()->isChecked());
    QVERIFY(dialog.reasonEdit()->text().isEmpty());
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY(!dialog.confirmBox()->accessibleName().isEmpty());
    QVERIFY(!dialog.reasonEdit()->accessibleName().isEmpty());

    // The reason alone is not enough...
    QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("customer asked for an evening call"));
    QVERIFY(!dialog.okButton()->isEnabled());
    // ...nor the box with a blank reason...
    dialog.reasonEdit()->clear();
    QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("   "));
    QTest::mouseClick(dialog.confirmBox(), Qt::LeftButton);
    QVERIFY(dialog.confirmBox()->isChecked());
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY(!dialog.isComplete());
    // ...both are.
    QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("customer asked for an evening call"));
    QVERIFY(dialog.okButton()->isEnabled());
    QCOMPARE(dialog.reason(), QStringLiteral("customer asked for an evening call"));
    // Unticking takes it back.
    QTest::mouseClick(dialog.confirmBox(), Qt::LeftButton);
    QVERIFY(!dialog.okButton()->isEnabled());

    OutboundOverrides overrides;
    dialog.applyTo(overrides); // incomplete: nothing applied
    QVERIFY(!overrides.callingWindow);
    QVERIFY(overrides.reason.isEmpty());
}

void TestOutboundDialogs::enterDoesNotOverrideWithoutTheBox()
{
    OverrideReasonDialog dialog(OverrideReasonDialog::Subject::CallingWindow);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("a reason"));
    QTest::keyClick(dialog.reasonEdit(), Qt::Key_Return);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(dialog.isVisible());
    // With the box ticked, Enter is what the operator means.
    dialog.confirmBox()->setChecked(true);
    QTest::keyClick(dialog.reasonEdit(), Qt::Key_Return);
    QCOMPARE(accepted.count(), 1);
}

void TestOutboundDialogs::askAppliesOnlyOnOk()
{
    OutboundOverrides overrides;
    whenShown<OverrideReasonDialog>([](OverrideReasonDialog *dialog) {
        QCOMPARE(dialog->subject(), OverrideReasonDialog::Subject::VendorCallingWindow);
        QTest::mouseClick(dialog->confirmBox(), Qt::LeftButton);
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("  campaign window set wrong on Verloop  "));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    });
    QVERIFY(OverrideReasonDialog::ask(OverrideReasonDialog::Subject::VendorCallingWindow, overrides,
                                      nullptr));
    QVERIFY(overrides.vendorCallingWindow);
    QVERIFY(!overrides.callingWindow);
    QCOMPARE(overrides.reason, QStringLiteral("campaign window set wrong on Verloop"));

    // Ticked and typed, then Escape: nothing changes.
    OutboundOverrides untouched;
    whenShown<OverrideReasonDialog>([](OverrideReasonDialog *dialog) {
        QTest::mouseClick(dialog->confirmBox(), Qt::LeftButton);
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("changed my mind"));
        QTest::keyClick(dialog, Qt::Key_Escape);
    });
    QVERIFY(!OverrideReasonDialog::ask(OverrideReasonDialog::Subject::CallingWindow, untouched, nullptr));
    QVERIFY(!untouched.callingWindow);
    QVERIFY(untouched.reason.isEmpty());
}

void TestOutboundDialogs::overrideIsNeverRemembered()
{
    OutboundOverrides overrides;
    whenShown<OverrideReasonDialog>([](OverrideReasonDialog *dialog) {
        QTest::mouseClick(dialog->confirmBox(), Qt::LeftButton);
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("approved by the customer"));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    });
    QVERIFY(OverrideReasonDialog::ask(OverrideReasonDialog::Subject::CallingWindow, overrides, nullptr));
    QVERIFY(overrides.callingWindow);

    // The next time starts from nothing: unticked, empty, OK off; nothing went to the settings.
    OverrideReasonDialog next(OverrideReasonDialog::Subject::CallingWindow);
    QVERIFY(!next.confirmBox()->isChecked());
    QVERIFY(next.reasonEdit()->text().isEmpty());
    QVERIFY(!next.okButton()->isEnabled());
    QSettings settings;
    QVERIFY2(settings.allKeys().isEmpty(), qPrintable(settings.allKeys().join(QLatin1Char(','))));
}

void TestOutboundDialogs::secondOverrideKeepsBothReasons()
{
    OutboundOverrides overrides;
    overrides.vendorCallingWindow = true;
    overrides.reason = QStringLiteral("Verloop window is wrong");
    OverrideReasonDialog dialog(OverrideReasonDialog::Subject::CallingWindow);
    dialog.confirmBox()->setChecked(true);
    dialog.reasonEdit()->setText(QStringLiteral("customer asked for 9:30 pm"));
    dialog.applyTo(overrides);
    QVERIFY(overrides.callingWindow);
    QVERIFY(overrides.vendorCallingWindow);
    QVERIFY2(overrides.reason.contains(QStringLiteral("Verloop window is wrong")) &&
                     overrides.reason.contains(QStringLiteral("customer asked for 9:30 pm")),
             qPrintable(overrides.reason));
}

void TestOutboundDialogs::dryRunCountsByReason()
{
    DryRunDialog dialog(QStringLiteral("Schedule Verloop calls"));
    dialog.setDecision(mixed());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY2(dialog.windowTitle().contains(QStringLiteral("Schedule Verloop calls")),
             qPrintable(dialog.windowTitle()));
    QCOMPARE(dialog.summaryText(), dialog.summaryLabel()->text());
    QVERIFY2(dialog.summaryText().startsWith(QStringLiteral("2 of 5 recipient(s) would be reached")),
             qPrintable(dialog.summaryText()));
    QVERIFY2(dialog.summaryText().contains(QStringLiteral("; 3 refused, who will not be contacted.")),
             qPrintable(dialog.summaryText()));
    // Each reason with its count, in the order they first appear in the list.
    QCOMPARE(dialog.reasonsLabel()->text(),
             QStringLiteral("On the do-not-contact list: 2\nOutside the calling window: 1"));

    // The list: every recipient, the refused first, then the one needing an override.
    const RecordTableModel *model = dialog.model();
    QCOMPARE(model->rowCount(), 5);
    const int address = column(model, QStringLiteral("phone"));
    const int verdictColumn = column(model, QStringLiteral("verdict"));
    const int reason = column(model, QStringLiteral("reason"));
    QCOMPARE(model->index(0, address).data().toString(), QStringLiteral("+13055550102"));
    QCOMPARE(model->index(1, address).data().toString(), QStringLiteral("+13055550104"));
    QCOMPARE(model->index(2, address).data().toString(), QStringLiteral("+12135550103"));
    QCOMPARE(model->index(0, verdictColumn).data().toString(), QStringLiteral("Refused"));
    QCOMPARE(model->index(2, verdictColumn).data().toString(), QStringLiteral("Needs an override"));
    QCOMPARE(model->index(4, verdictColumn).data().toString(), QStringLiteral("Allowed"));
    QCOMPARE(model->index(0, reason).data().toString(),
             QStringLiteral("+13055550102 is on the do-not-contact list."));

    QCOMPARE(dialog.sendButton()->text(), QStringLiteral("&Send to 2 recipient(s)"));
    QVERIFY(dialog.sendButton()->isEnabled());
    // Without a way to judge again, no override is offered.
    QVERIFY(!dialog.overrideButton()->isVisible());
}

void TestOutboundDialogs::enterDoesNotSend()
{
    DryRunDialog dialog(QStringLiteral("Place calls"));
    dialog.setDecision(mixed());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.cancelButton()->isDefault());
    dialog.table()->setFocus();
    QTest::keyClick(dialog.table(), Qt::Key_Return);
    QCOMPARE(accepted.count(), 0);
    QCOMPARE(rejected.count(), 1);
}

void TestOutboundDialogs::sendAcceptsOnlyWithSomeoneAllowed()
{
    GuardDecision refusedOnly;
    refusedOnly.verdicts = {listed(QStringLiteral("Bay Roofing"), QStringLiteral("+13055550102")),
                            listed(QStringLiteral("Shop"), QStringLiteral("owner@shop.example"))};
    DryRunDialog dialog(QStringLiteral("Place calls"));
    dialog.setDecision(refusedOnly);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog)); // Alt+S goes through the window's shortcuts
    dialog.table()->setFocus();
    QVERIFY(!dialog.sendButton()->isEnabled());
    QVERIFY(!dialog.sendButton()->toolTip().isEmpty());
    // An address goes to its own column, not the number's.
    QCOMPARE(dialog.model()->index(1, column(dialog.model(), QStringLiteral("email"))).data().toString(),
             QStringLiteral("owner@shop.example"));
    QVERIFY(dialog.model()
                    ->index(1, column(dialog.model(), QStringLiteral("phone")))
                    .data()
                    .toString()
                    .isEmpty());
    // Even a button box that says "accepted" (the disabled button bypassed) sends nothing.
    auto *buttons = dialog.findChild<QDialogButtonBox *>();
    QVERIFY(buttons);
    Q_EMIT buttons->accepted();
    QCOMPARE(accepted.count(), 0);
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.summaryText().startsWith(QStringLiteral("0 of 2 recipient(s) would be reached")),
             qPrintable(dialog.summaryText()));

    dialog.setDecision(mixed());
    QVERIFY(dialog.sendButton()->isEnabled());
    QTest::keyClick(dialog.table(), Qt::Key_S, Qt::AltModifier);
    QTRY_COMPARE(accepted.count(), 1); // a mnemonic clicks its button a moment later
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestOutboundDialogs::emptyDecisionSaysSo()
{
    DryRunDialog dialog(QStringLiteral("Place calls"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *empty = dialog.findChild<QLabel *>(QStringLiteral("dryRunEmpty"));
    QVERIFY(empty);
    QVERIFY(empty->isVisible());
    QVERIFY(!dialog.table()->isVisible());
    QVERIFY(!dialog.sendButton()->isEnabled());
    QVERIFY(!dialog.exportControl()->isEnabled());

    dialog.setDecision(mixed());
    QVERIFY(!empty->isVisible());
    QVERIFY(dialog.table()->isVisible());
}

void TestOutboundDialogs::exportWritesTheList()
{
    DryRunDialog dialog(QStringLiteral("Place calls"));
    dialog.setDecision(mixed());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("dry-run.csv"));
    dialog.exportControl()->setPathChooser([path](const QString &suggested, CsvProfile) {
        return suggested.endsWith(QStringLiteral("dry-run.csv")) ? path : QString();
    });
    QSignalSpy finished(dialog.exportControl()->job(), &ExportJob::finished);
    dialog.exportControl()->requestExport(CsvProfile::Machine);
    QVERIFY(finished.wait(30'000));
    const auto result = finished.first().first().value<CsvExportResult>();
    QVERIFY2(result.status.ok(), qPrintable(result.status.message));
    QCOMPARE(result.rows, 5);
    const QStringList lines = QString::fromUtf8(TestEnvironment::readFile(path))
                                      .split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    QCOMPARE(lines.first(), QStringLiteral("recipient,phone,email,verdict,reason"));
    // The number raw (machine profile); the sentence starting with '+' neutralised like any cell.
    QCOMPARE(lines.at(1),
             QStringLiteral("Bay Roofing,+13055550102,,Refused,\"'+13055550102 is on the "
                            "do-not-contact list.\""));
    QVERIFY2(lines.at(5).startsWith(QStringLiteral("Elm Painters,+13055550105,,Allowed")),
             qPrintable(lines.at(5)));
    auto *said = dialog.findChild<QLabel *>(QStringLiteral("dryRunExportResult"));
    QVERIFY(said);
    QVERIFY2(said->text().contains(path), qPrintable(said->text()));
}

void TestOutboundDialogs::exportControlKeepsItsPromises()
{
    DryRunDialog dialog(QStringLiteral("Place calls"));
    dialog.setDecision(mixed());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    checkExportControl(dialog.table(), dialog.exportControl(), dialog.model());
}

void TestOutboundDialogs::overrideJudgesAgain()
{
    DryRunDialog dialog(QStringLiteral("Schedule Verloop calls"));
    OutboundOverrides before;
    before.vendorCallingWindow = true;
    before.reason = QStringLiteral("Verloop window is wrong");
    dialog.setOverrides(before);
    dialog.setDecision(mixed());
    QList<OutboundOverrides> asked;
    dialog.setRejudge([&asked](const OutboundOverrides &overrides) {
        asked.append(overrides);
        GuardDecision d = mixed();
        d.verdicts[2] = allowed(QStringLiteral("Coast HVAC"), QStringLiteral("+12135550103"));
        d.verdicts[2].overridden = true;
        return d;
    });
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.overrideButton()->isVisible());

    whenShown<OverrideReasonDialog>([](OverrideReasonDialog *override) {
        QCOMPARE(override->subject(), OverrideReasonDialog::Subject::CallingWindow);
        auto *detail = override->findChild<QLabel *>(QStringLiteral("overrideDetail"));
        QVERIFY(detail && detail->text().contains(QStringLiteral("1 recipient(s) would be called")));
        QTest::mouseClick(override->confirmBox(), Qt::LeftButton);
        QTest::keyClicks(override->reasonEdit(), QStringLiteral("customer asked for 9:30 pm"));
        QTest::mouseClick(override->okButton(), Qt::LeftButton);
    });
    QTest::mouseClick(dialog.overrideButton(), Qt::LeftButton);

    QCOMPARE(asked.size(), 1);
    QVERIFY(asked.first().callingWindow);
    QVERIFY(asked.first().vendorCallingWindow); // what was chosen before is kept
    QVERIFY(asked.first().reason.contains(QStringLiteral("customer asked for 9:30 pm")));
    QVERIFY(dialog.overrides().callingWindow);
    QCOMPARE(dialog.overrides().reason, asked.first().reason);
    QCOMPARE(dialog.sendButton()->text(), QStringLiteral("&Send to 3 recipient(s)"));
    QVERIFY(!dialog.overrideButton()->isVisible()); // nobody needs one any more
    QCOMPARE(dialog.reasonsLabel()->text(), QStringLiteral("On the do-not-contact list: 2"));
}

void TestOutboundDialogs::cancelledOverrideChangesNothing()
{
    DryRunDialog dialog(QStringLiteral("Place calls"));
    dialog.setDecision(mixed());
    int asked = 0;
    dialog.setRejudge([&asked](const OutboundOverrides &) {
        ++asked;
        return GuardDecision();
    });
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog)); // Alt+O goes through the window's shortcuts
    dialog.table()->setFocus();
    bool shown = false;
    whenShown<OverrideReasonDialog>([&shown](OverrideReasonDialog *override) {
        shown = true;
        QTest::mouseClick(override->confirmBox(), Qt::LeftButton);
        QTest::keyClick(override, Qt::Key_Escape);
    });
    QTest::keyClick(dialog.table(), Qt::Key_O, Qt::AltModifier);
    QTRY_VERIFY(shown); // a mnemonic clicks its button a moment later
    QCOMPARE(asked, 0);
    QVERIFY(!dialog.overrides().callingWindow);
    QVERIFY(dialog.overrides().reason.isEmpty());
    QCOMPARE(dialog.model()->rowCount(), 5);
}

CC_TEST_GUI_MAIN(TestOutboundDialogs)
#include "tst_outbounddialogs.moc"
