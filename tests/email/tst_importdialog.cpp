// The contacts import through the real widgets (offscreen) against the Outreach2day sandbox:
// the Contacts section's Import… opens the dialog, a CSV is picked, its preview shows at once
// with a proposed mapping the operator edits (a mapping without email keeps Import off), the
// upload runs, and the summary lists the invalid row — exported to CSV — and the imported address
// the do-not-contact list covers. The section then lists the contacts and the import.

#include "EmailSectionRig.h"
#include "TestMain.h"
#include "email/ContactsController.h"
#include "email/ContactsSection.h"
#include "email/ImportDialog.h"
#include "outbound/OutboundStore.h"
#include "sandbox/Outreach2daySandbox.h"
#include "table/RecordTableModel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableWidget>

class TestImportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void pickEditUploadAndExportErrors();
    void stagedImportFollowedThenEscapeCancels();

private:
    EmailSectionRig m_rig;
};

void TestImportDialog::initTestCase()
{
    QVERIFY2(m_rig.start(), qPrintable(m_rig.errorString()));
}

void TestImportDialog::init()
{
    // Cancelling an upload or a poll aborts its reply: nothing may read the closed reply after.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("QIODevice::read.*device not open")));
}

void TestImportDialog::pickEditUploadAndExportErrors()
{
    const QString campaignId = m_rig.createCampaign(QStringLiteral("Import"));
    QVERIFY2(!campaignId.isEmpty(), qPrintable(m_rig.errorString()));
    // One imported address is on the do-not-contact list (by its domain).
    DncEntry listed;
    listed.kind = DncEntry::Kind::Domain;
    listed.value = QStringLiteral("dnc.example");
    listed.source = QStringLiteral("manual");
    listed.reason = QStringLiteral("asked not to be contacted");
    listed.addedAt = QDateTime::currentDateTimeUtc();
    QVERIFY(m_rig.outbound()->store()->addToDoNotContact({listed}));

    const QString csv = m_rig.dir(QStringLiteral("leads.csv"));
    {
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("E-mail,First Name,Org,Notes\r\n"
                   "sarah@acme.example,Sarah,Acme Corp,met at the fair\r\n"
                   "mike@bigco.example,Mike,BigCo,\r\n"
                   "not-an-email,Nobody,Nowhere,\r\n"
                   "blocked@dnc.example,Blocked,DNC Inc,\r\n");
    }

    ContactsSection section(m_rig.context());
    QAbstractItemModelTester contactsTester(section.contactsModel());
    QAbstractItemModelTester importsTester(section.importsModel());
    section.resize(900, 600);
    section.show();
    QVERIFY(QTest::qWaitForWindowExposed(&section));
    section.setCampaign(campaignId);
    QTRY_VERIFY(!section.controller()->isRefreshing());
    QVERIFY(section.missing().contains(QLatin1String("Import")));
    QCOMPARE(section.contactsModel()->rowCount(), 0);

    QTest::mouseClick(section.findChild<QPushButton *>(QStringLiteral("contactsImport")), Qt::LeftButton);
    ImportDialog *dialog = section.findChild<ImportDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *start = dialog->startButton();
    QVERIFY(!start->isEnabled()); // no file yet

    // Browse… picks the file.
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("importBrowse")), Qt::LeftButton);
    auto *files = dialog->findChild<QFileDialog *>(QStringLiteral("importFileDialog"));
    QVERIFY(files && files->isVisible());
    files->selectFile(csv);
    QMetaObject::invokeMethod(files, "accept");
    auto *preview = dialog->findChild<QTableWidget *>(QStringLiteral("importPreview"));
    QTRY_COMPARE(preview->rowCount(), 4);
    QCOMPARE(preview->columnCount(), 4);
    QCOMPARE(preview->item(0, 0)->text(), QStringLiteral("sarah@acme.example"));
    QCOMPARE(preview->item(2, 0)->text(), QStringLiteral("not-an-email"));

    // The proposed mapping: the loosely named columns go to their fields.
    QCOMPARE(dialog->mapping().value(QStringLiteral("E-mail")), QStringLiteral("email"));
    QCOMPARE(dialog->mapping().value(QStringLiteral("First Name")), QStringLiteral("firstName"));
    QCOMPARE(dialog->mapping().value(QStringLiteral("Org")), QStringLiteral("company"));
    QVERIFY(start->isEnabled());

    // Without an email column Import is off and the problem is said.
    QComboBox *email = dialog->mappingCombo(QStringLiteral("E-mail"));
    QVERIFY(email);
    email->setCurrentIndex(email->findData(QString()));
    QVERIFY(!start->isEnabled());
    auto *problem = dialog->findChild<QLabel *>(QStringLiteral("importProblem"));
    QVERIFY2(problem->text().contains(QLatin1String("email"), Qt::CaseInsensitive),
             qPrintable(problem->text()));
    email->setCurrentIndex(email->findData(QStringLiteral("email")));
    QVERIFY(start->isEnabled());

    // The operator's edits: Notes is not imported, Org fills the title instead of the company.
    QComboBox *notes = dialog->mappingCombo(QStringLiteral("Notes"));
    notes->setCurrentIndex(notes->findData(QString()));
    QComboBox *org = dialog->mappingCombo(QStringLiteral("Org"));
    org->setCurrentIndex(org->findData(QStringLiteral("title")));
    QCOMPARE(dialog->mapping().value(QStringLiteral("Org")), QStringLiteral("title"));
    QVERIFY(preview->horizontalHeaderItem(2)->text().contains(QLatin1String("title")));

    QSignalSpy finished(dialog, &ImportDialog::importFinished);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    const ContactImporter::Summary summary = *dialog->summary();
    QVERIFY2(!summary.error.isError(), qPrintable(summary.error.summary()));
    QCOMPARE(summary.mode, QStringLiteral("direct"));
    QCOMPARE(summary.imported, 3);

    // The summary: counts, the invalid row with its line, the listed address.
    auto *result = dialog->findChild<QLabel *>(QStringLiteral("importSummary"));
    QVERIFY2(result->text().contains(QLatin1String("Imported: 3")), qPrintable(result->text()));
    auto *errors = dialog->findChild<QTableWidget *>(QStringLiteral("importErrors"));
    QCOMPARE(errors->rowCount(), 1);
    QCOMPARE(errors->item(0, 0)->text(), QStringLiteral("4")); // the file's fourth line
    QCOMPARE(errors->item(0, 2)->text(), QStringLiteral("not-an-email"));
    auto *dnc = dialog->findChild<QListWidget *>(QStringLiteral("importDnc"));
    QCOMPARE(dnc->count(), 1);
    QCOMPARE(dnc->item(0)->text(), QStringLiteral("blocked@dnc.example"));

    // Export errors… writes them as CSV, proposed beside the file as <name>-errors.csv.
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("importExportErrors")), Qt::LeftButton);
    files = dialog->findChild<QFileDialog *>(QStringLiteral("importErrorsFileDialog"));
    QVERIFY(files && files->isVisible());
    const QString exported = m_rig.dir(QStringLiteral("leads-errors.csv"));
    QCOMPARE(QFileInfo(files->selectedFiles().value(0)).fileName(), QStringLiteral("leads-errors.csv"));
    QMetaObject::invokeMethod(files, "accept");
    QFile file(exported);
    QVERIFY2(file.open(QIODevice::ReadOnly),
             qPrintable(dialog->findChild<QLabel *>(QStringLiteral("importExportStatus"))->text()));
    const QString written = QString::fromUtf8(file.readAll());
    QVERIFY2(written.contains(QLatin1String("not-an-email")) && written.contains(QLatin1String("4")),
             qPrintable(written));

    // Closed: the section lists the imported contacts (through the pager) and the import.
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("importClose")), Qt::LeftButton);
    QTRY_COMPARE(section.contactsModel()->rowCount(), 3);
    QTRY_VERIFY(!section.controller()->isRefreshing());
    QVERIFY(section.missing().isEmpty());
    QVERIFY2(
            section.findChild<QLabel *>(QStringLiteral("contactsCount"))->text().contains(QLatin1String("3")),
            qPrintable(section.findChild<QLabel *>(QStringLiteral("contactsCount"))->text()));
    QCOMPARE(section.importsModel()->rowCount(), 1);
    // The edited mapping reached the vendor: Org as the title, no Notes.
    bool sarahSeen = false;
    for (const O2dContact &contact : m_rig.store()->contacts(campaignId)) {
        if (contact.email != QLatin1String("sarah@acme.example"))
            continue;
        sarahSeen = true;
        QCOMPARE(contact.customJson.value(QLatin1String("title")).toString(), QStringLiteral("Acme Corp"));
        QVERIFY(!contact.customJson.contains(QLatin1String("company")));
        QVERIFY(!contact.customJson.contains(QLatin1String("Notes")));
    }
    QVERIFY(sarahSeen);
}

void TestImportDialog::stagedImportFollowedThenEscapeCancels()
{
    const QString campaignId = m_rig.createCampaign(QStringLiteral("Staged import"));
    QVERIFY2(!campaignId.isEmpty(), qPrintable(m_rig.errorString()));
    const QString csv = m_rig.dir(QStringLiteral("staged.csv"));
    {
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("email,firstName\nana@staged.example,Ana\nben@staged.example,Ben\n");
    }
    // The vendor takes its time: the import stays "processing" until the console stops following.
    m_rig.sandbox().server()->outreach2day()->setImportPolls(100000);

    ContactsSection section(m_rig.context());
    section.show();
    QVERIFY(QTest::qWaitForWindowExposed(&section));
    section.setCampaign(campaignId);
    QTest::mouseClick(section.findChild<QPushButton *>(QStringLiteral("contactsImport")), Qt::LeftButton);
    ImportDialog *dialog = section.findChild<ImportDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->importer()->setDirectLimitBytes(1); // staged whatever the size
    dialog->importer()->setPollIntervalMs(20);
    dialog->setFile(csv);
    QVERIFY(dialog->startButton()->isEnabled());

    QSignalSpy progress(dialog->importer(), &ContactImporter::progress);
    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    auto *phase = dialog->findChild<QLabel *>(QStringLiteral("importPhase"));
    QVERIFY(phase->isVisible());
    QVERIFY(dialog->cancelButton()->isVisible() && dialog->cancelButton()->isEnabled());
    const auto processing = [&progress] {
        for (const QList<QVariant> &signal : std::as_const(progress)) {
            if (signal.at(0).toString() == QLatin1String("processing"))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(processing(), 15000);
    QVERIFY2(phase->text().contains(QLatin1String("importing")), qPrintable(phase->text()));

    // Esc while the import runs cancels it and keeps the dialog open to say what that means.
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(dialog->summary().has_value());
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->summary()->error.kind, ApiError::Kind::Cancelled);
    auto *result = dialog->findChild<QLabel *>(QStringLiteral("importSummary"));
    QVERIFY2(result->text().contains(QLatin1String("cancelled"), Qt::CaseInsensitive),
             qPrintable(result->text()));
    QVERIFY2(result->text().contains(dialog->summary()->error.explanation.left(20).toHtmlEscaped()),
             qPrintable(result->text()));
    // A second Esc closes it.
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(!section.findChild<ImportDialog *>() || !dialog->isVisible());
    m_rig.sandbox().server()->outreach2day()->setImportPolls(3);
}

CC_TEST_GUI_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
