// The Suppressions view through its real widgets (offscreen) against the Outreach2day sandbox and
// a real do-not-contact list: additions are mirrored both ways with their source and never echo
// back, a removal stays on its side unless the operator asks for both, and the status of any
// address is asked on demand. Each check is what the operator sees: the table's cells, the
// message line, the status answer, and the two lists themselves.
#include "EmailSectionRig.h"
#include "TestMain.h"
#include "email/SuppressionSync.h"
#include "email/SuppressionTable.h"
#include "email/SuppressionsView.h"
#include "outbound/OutboundStore.h"
#include "table/RecordTableModel.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>

class TestSuppressionsView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void additionsMirroredBothWaysWithTheirSource();
    void removalStaysOnItsSide();
    void addAndRemoveFromBoth();
    void statusOnDemand();
    void unsubscribeFromTheFeedShowsAtOnce();
    void refusalExplainedInWords();

private:
    // Clicks `button` and waits until the view takes the next operation; returns the message line
    // then (how the operation ended, in words), or why there was nothing to wait for.
    QString clickAndWait(SuppressionsView &view, const QString &button);
    static bool choose(SuppressionsView &view, const QString &email);
    bool listedHere(const QString &email) const
    {
        return m_rig.outbound()->store()->listedEntry(Recipient::email(email)).has_value();
    }
    QString cell(SuppressionsView &view, const QString &email, int column) const;

    EmailSectionRig m_rig;
};

void TestSuppressionsView::initTestCase()
{
    QVERIFY2(m_rig.start(), qPrintable(m_rig.errorString()));
}

QString TestSuppressionsView::clickAndWait(SuppressionsView &view, const QString &button)
{
    auto *push = view.findChild<QPushButton *>(button);
    auto *refresh = view.findChild<QPushButton *>(QStringLiteral("suppressionRefresh"));
    if (!push || !push->isEnabled())
        return QStringLiteral("<%1 missing or disabled>").arg(button);
    QTest::mouseClick(push, Qt::LeftButton);
    // While an operation runs the view takes no other: Refresh is back once it has ended.
    if (refresh->isEnabled())
        return QStringLiteral("<nothing started>");
    if (!QTest::qWaitFor([refresh] { return refresh->isEnabled(); }, 15000))
        return QStringLiteral("<no answer>");
    return view.findChild<QLabel *>(QStringLiteral("suppressionMessage"))->text();
}

bool TestSuppressionsView::choose(SuppressionsView &view, const QString &email)
{
    auto *table = view.findChild<QAbstractItemView *>(QStringLiteral("suppressionTable"));
    for (int row = 0; row < view.model()->rowCount(); ++row) {
        if (view.model()->index(row, SuppressionTable::Email).data().toString() == email)
            table->selectionModel()->setCurrentIndex(view.model()->index(row, 0),
                                                     QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    }
    return view.selectedEmail() == email;
}

QString TestSuppressionsView::cell(SuppressionsView &view, const QString &email, int column) const
{
    RecordTableModel *model = view.model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, SuppressionTable::Email).data().toString() == email)
            return model->index(row, column).data().toString();
    }
    return QStringLiteral("<absent>");
}

void TestSuppressionsView::additionsMirroredBothWaysWithTheirSource()
{
    const QString local = QStringLiteral("local-only@mirror.example");
    const QString vendor = QStringLiteral("vendor-only@mirror.example");
    DncEntry entry;
    entry.kind = DncEntry::Kind::Email;
    entry.value = local;
    entry.source = QStringLiteral("manual");
    entry.addedAt = QDateTime::currentDateTimeUtc();
    QVERIFY(m_rig.outbound()->store()->addToDoNotContact({entry}));
    const auto added = m_rig.await<Done>([this, vendor](QObject *context, auto callback) {
        m_rig.service()->addSuppressions({vendor}, QStringLiteral("manual_suppression"), context, callback);
    });
    QVERIFY(added && added->ok());
    QVERIFY(!m_rig.o2d()->isSuppressed(local));
    QVERIFY(!listedHere(vendor));

    SuppressionsView view(m_rig.context());
    view.show();
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    // One refresh reads both lists and suppresses the console's addition at Outreach2day. The
    // sandbox's workspace has suppressions of its own: the count said is the rows that came in.
    const QString message = clickAndWait(view, QStringLiteral("suppressionRefresh"));
    const QRegularExpressionMatch said =
            QRegularExpression(QStringLiteral("^Both lists read: (\\d+) added to the do-not-contact list, 1 "
                                              "suppressed at Outreach2day\\.$"))
                    .match(message);
    QVERIFY2(said.hasMatch(), qPrintable(message));
    int cameIn = 0;
    for (int row = 0; row < view.model()->rowCount(); ++row)
        cameIn += view.model()->index(row, SuppressionTable::Source).data().toString() !=
                QLatin1String("Console");
    QVERIFY(cameIn >= 1);
    QCOMPARE(said.captured(1).toInt(), cameIn);
    QVERIFY(m_rig.o2d()->isSuppressed(local));
    QVERIFY(listedHere(vendor));
    QCOMPARE(m_rig.outbound()->store()->listedEntry(Recipient::email(vendor))->source,
             SuppressionSync::suppressionSource());
    QCOMPARE(cell(view, local, SuppressionTable::Source), QStringLiteral("Console"));
    QCOMPARE(cell(view, vendor, SuppressionTable::Source), QStringLiteral("Outreach2day"));
    QCOMPARE(cell(view, local, SuppressionTable::AtVendor), QStringLiteral("Listed"));
    // The table, exported through the one exporter: every row with its source.
    const CsvExportResult exported = m_rig.exportTo(view.exportControl(), QStringLiteral("suppressions.csv"));
    QVERIFY2(exported.status.ok(), qPrintable(exported.status.summary()));
    QCOMPARE(exported.rows, qint64(view.model()->rowCount()));
    {
        QFile file(exported.path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray csv = file.readAll();
        QVERIFY(csv.contains(local.toUtf8()) && csv.contains(vendor.toUtf8()));
    }
    QCOMPARE(cell(view, vendor, SuppressionTable::Here), QStringLiteral("Listed"));

    // Nothing echoes: reading both lists again leaves the sources and the lists as they are.
    const int dncBefore = int(m_rig.outbound()->store()->doNotContactEntries().size());
    QCOMPARE(clickAndWait(view, QStringLiteral("suppressionRefresh")),
             QStringLiteral("Both lists read: 0 added to the do-not-contact list, 0 suppressed at "
                            "Outreach2day."));
    QCOMPARE(int(m_rig.outbound()->store()->doNotContactEntries().size()), dncBefore);
    QCOMPARE(cell(view, local, SuppressionTable::Source), QStringLiteral("Console"));
    QCOMPARE(cell(view, vendor, SuppressionTable::Source), QStringLiteral("Outreach2day"));
}

void TestSuppressionsView::removalStaysOnItsSide()
{
    const QString local = QStringLiteral("local-only@mirror.example");
    const QString vendor = QStringLiteral("vendor-only@mirror.example");
    SuppressionsView view(m_rig.context());
    view.show();

    // Removed here only: still suppressed at Outreach2day, and the mirror does not add it back.
    QVERIFY(choose(view, vendor));
    QCOMPARE(clickAndWait(view, QStringLiteral("suppressionRemoveHere")),
             QStringLiteral("Removed from the do-not-contact list: %1.").arg(vendor));
    QCOMPARE(cell(view, vendor, SuppressionTable::Here), QStringLiteral("Removed"));
    QVERIFY(!listedHere(vendor));
    QVERIFY(m_rig.o2d()->isSuppressed(vendor));
    QCOMPARE(clickAndWait(view, QStringLiteral("suppressionRefresh")),
             QStringLiteral("Both lists read: 0 added to the do-not-contact list, 0 suppressed at "
                            "Outreach2day."));
    QVERIFY(!listedHere(vendor));
    QCOMPARE(cell(view, vendor, SuppressionTable::Here), QStringLiteral("Removed"));
    QCOMPARE(cell(view, vendor, SuppressionTable::AtVendor), QStringLiteral("Listed"));

    // Removed at Outreach2day only: still do-not-contact here, and not suppressed there again.
    QVERIFY(choose(view, local));
    QCOMPARE(clickAndWait(view, QStringLiteral("suppressionRemoveThere")),
             QStringLiteral("Removed at Outreach2day: %1.").arg(local));
    QCOMPARE(cell(view, local, SuppressionTable::AtVendor), QStringLiteral("Removed"));
    QVERIFY(!m_rig.o2d()->isSuppressed(local));
    QVERIFY(listedHere(local));
    QCOMPARE(clickAndWait(view, QStringLiteral("suppressionRefresh")),
             QStringLiteral("Both lists read: 0 added to the do-not-contact list, 0 suppressed at "
                            "Outreach2day."));
    QVERIFY(!m_rig.o2d()->isSuppressed(local));
    QCOMPARE(cell(view, local, SuppressionTable::AtVendor), QStringLiteral("Removed"));
    QCOMPARE(cell(view, local, SuppressionTable::Here), QStringLiteral("Listed"));
}

void TestSuppressionsView::addAndRemoveFromBoth()
{
    const QString email = QStringLiteral("typed@mirror.example");
    SuppressionsView view(m_rig.context());
    view.show();
    QTest::keyClicks(view.findChild<QLineEdit *>(QStringLiteral("suppressionEmail")),
                     QStringLiteral("  Typed@Mirror.example "));
    QTest::keyClicks(view.findChild<QLineEdit *>(QStringLiteral("suppressionReason")),
                     QStringLiteral("asked_by_phone"));
    QCOMPARE(clickAndWait(view, QStringLiteral("suppressionAdd")),
             QStringLiteral("Added to both lists: %1.").arg(email));
    QVERIFY(listedHere(email));
    QVERIFY(m_rig.o2d()->isSuppressed(email));
    QCOMPARE(cell(view, email, SuppressionTable::Source), QStringLiteral("Console"));
    QCOMPARE(cell(view, email, SuppressionTable::Reason), QStringLiteral("asked_by_phone"));
    QCOMPARE(cell(view, email, SuppressionTable::AtVendor), QStringLiteral("Listed"));
    QCOMPARE(cell(view, email, SuppressionTable::Here), QStringLiteral("Listed"));

    QVERIFY(choose(view, email));
    QCOMPARE(clickAndWait(view, QStringLiteral("suppressionRemoveBoth")),
             QStringLiteral("Removed from both lists: %1.").arg(email));
    QVERIFY(!listedHere(email));
    QVERIFY(!m_rig.o2d()->isSuppressed(email));
    // On neither list, and forgotten by the mirror: the row is gone.
    QCOMPARE(cell(view, email, SuppressionTable::Email), QStringLiteral("<absent>"));

    // Several pasted at once: added to both lists together.
    auto *typed = view.findChild<QLineEdit *>(QStringLiteral("suppressionEmail"));
    typed->clear();
    QTest::keyClicks(typed, QStringLiteral("first@bulk.example, Second@Bulk.example;third@bulk.example"));
    QCOMPARE(clickAndWait(view, QStringLiteral("suppressionAdd")),
             QStringLiteral(
                     "Added to both lists: first@bulk.example, second@bulk.example, third@bulk.example."));
    for (const QString &added : {QStringLiteral("first@bulk.example"), QStringLiteral("second@bulk.example"),
                                 QStringLiteral("third@bulk.example")}) {
        QVERIFY2(listedHere(added), qPrintable(added));
        QVERIFY2(m_rig.o2d()->isSuppressed(added), qPrintable(added));
        QCOMPARE(cell(view, added, SuppressionTable::AtVendor), QStringLiteral("Listed"));
    }
}

void TestSuppressionsView::statusOnDemand()
{
    const auto added = m_rig.await<Done>([this](QObject *context, auto callback) {
        m_rig.service()->addSuppressions({QStringLiteral("asked@status.example")}, QStringLiteral("bounced"),
                                         context, callback);
    });
    QVERIFY(added && added->ok());
    SuppressionsView view(m_rig.context());
    view.show();
    auto *field = view.findChild<QLineEdit *>(QStringLiteral("suppressionEmail"));
    auto *answer = view.findChild<QLabel *>(QStringLiteral("suppressionAnswer"));
    QTest::keyClicks(field, QStringLiteral("asked@status.example"));
    QTest::keyClick(field, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(answer->text().contains(QStringLiteral("is suppressed")), 15000);
    QVERIFY2(answer->text().contains(QStringLiteral("Reason: bounced.")), qPrintable(answer->text()));
    QVERIFY2(answer->text().contains(QStringLiteral("Not in the do-not-contact list.")),
             qPrintable(answer->text()));
    field->clear();
    QTest::keyClicks(field, QStringLiteral("never@status.example"));
    QTest::keyClick(field, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(answer->text().contains(QStringLiteral("is not suppressed")), 15000);
}

// What the page wires: the live feed's unsubscribes go through the page's one SuppressionSync,
// and the view showing it lists them at once, without a refresh.
void TestSuppressionsView::unsubscribeFromTheFeedShowsAtOnce()
{
    EmailContext context = m_rig.context();
    SuppressionSync sync(context.service, context.activity, context.outbound->store());
    context.suppressions = &sync;
    SuppressionsView view(context);
    view.show();
    QCOMPARE(view.sync(), &sync);
    const QString email = QStringLiteral("left@feed.example");
    QCOMPARE(cell(view, email, SuppressionTable::Email), QStringLiteral("<absent>"));

    O2dContactChange change;
    change.contactId = QStringLiteral("cnt_feed");
    change.email = QStringLiteral("Left@Feed.example");
    change.status = QStringLiteral("unsubscribed");
    change.updatedAt = QDateTime::currentDateTimeUtc();
    const Result<QStringList> taken = sync.takeUnsubscribes({change});
    QVERIFY2(taken.ok(), qPrintable(taken.error().summary()));
    QCOMPARE(taken.value(), QStringList{email});
    QCOMPARE(cell(view, email, SuppressionTable::Source), QStringLiteral("Unsubscribe"));
    QCOMPARE(cell(view, email, SuppressionTable::Here), QStringLiteral("Listed"));
    QVERIFY(listedHere(email));
}

// A refusal is explained in words in the message line; what was done locally stays visible.
void TestSuppressionsView::refusalExplainedInWords()
{
    SandboxFault fault;
    fault.kind = SandboxFault::Kind::ServerError;
    fault.vendor = Vendor::Outreach2day;
    fault.pathPrefix = QStringLiteral("/campaigns/suppressions");
    fault.method = "POST";
    fault.status = 403;
    fault.count = 1;
    m_rig.sandbox().server()->addFault(fault);

    const QString email = QStringLiteral("refused@mirror.example");
    SuppressionsView view(m_rig.context());
    view.show();
    QTest::keyClicks(view.findChild<QLineEdit *>(QStringLiteral("suppressionEmail")), email);
    const QString message = clickAndWait(view, QStringLiteral("suppressionAdd"));
    QVERIFY2(message.startsWith(QStringLiteral("Outreach2day refused:")), qPrintable(message));
    QVERIFY2(message.size() > QStringLiteral("Outreach2day refused:").size() + 10, qPrintable(message));
    QVERIFY(!m_rig.o2d()->isSuppressed(email));
    QVERIFY(listedHere(email));
    QCOMPARE(cell(view, email, SuppressionTable::Here), QStringLiteral("Listed"));
    QCOMPARE(cell(view, email, SuppressionTable::AtVendor), QStringLiteral("Not listed"));
}

CC_TEST_GUI_MAIN(TestSuppressionsView)
#include "tst_suppressionsview.moc"
