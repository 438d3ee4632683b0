// The Suppressions view through its real widgets (offscreen) against the Outreach2day sandbox and
// a real do-not-contact list: additions are mirrored both ways with their source and never echo
// back, a removal stays on its side unless the operator asks for both, and the status of any
// address is asked on demand.
#include "EmailSectionRig.h"
#include "TestMain.h"
#include "email/SuppressionsController.h"
#include "email/SuppressionsView.h"
#include "outbound/OutboundStore.h"
#include "table/RecordTableModel.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>

class TestSuppressionsView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void additionsMirroredBothWaysWithTheirSource();
    void removalStaysOnItsSide();
    void addAndRemoveFromBoth();
    void statusOnDemand();

private:
    // Clicks `button` and waits for the controller's `count`-th finished signal from now.
    bool clickAndWait(SuppressionsView &view, const QString &button, int count = 1);
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

bool TestSuppressionsView::clickAndWait(SuppressionsView &view, const QString &button, int count)
{
    QSignalSpy finished(view.controller(), &SuppressionsController::finished);
    auto *push = view.findChild<QPushButton *>(button);
    if (!push || !push->isEnabled()) {
        qWarning("%s missing or disabled", qPrintable(button));
        return false;
    }
    QTest::mouseClick(push, Qt::LeftButton);
    return QTest::qWaitFor([&finished, count] { return finished.size() >= count; }, 15000) &&
            !finished.last().at(1).value<ApiError>().isError();
}

QString TestSuppressionsView::cell(SuppressionsView &view, const QString &email, int column) const
{
    RecordTableModel *model = view.model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, SuppressionsController::Email).data().toString() == email)
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
    // The refresh, then the console's addition suppressed at Outreach2day.
    QVERIFY(clickAndWait(view, QStringLiteral("suppressionRefresh"), 2));
    QVERIFY(m_rig.o2d()->isSuppressed(local));
    QVERIFY(listedHere(vendor));
    QCOMPARE(m_rig.outbound()->store()->listedEntry(Recipient::email(vendor))->source,
             SuppressionsController::mirroredDncSource());
    QCOMPARE(cell(view, local, SuppressionsController::Source), QStringLiteral("Console"));
    QCOMPARE(cell(view, vendor, SuppressionsController::Source), QStringLiteral("Outreach2day"));
    QCOMPARE(cell(view, local, SuppressionsController::AtVendor), QStringLiteral("Listed"));
    QCOMPARE(cell(view, vendor, SuppressionsController::Here), QStringLiteral("Listed"));

    // Nothing echoes: reading both lists again leaves the sources and the lists as they are.
    const int dncBefore = int(m_rig.outbound()->store()->doNotContactEntries().size());
    QVERIFY(clickAndWait(view, QStringLiteral("suppressionRefresh")));
    QCOMPARE(int(m_rig.outbound()->store()->doNotContactEntries().size()), dncBefore);
    QCOMPARE(m_rig.activity()->suppression(vendor)->source,
             EmailActivityStore::SuppressionSource::Outreach2day);
    QCOMPARE(m_rig.activity()->suppression(local)->source, EmailActivityStore::SuppressionSource::Console);
}

void TestSuppressionsView::removalStaysOnItsSide()
{
    const QString local = QStringLiteral("local-only@mirror.example");
    const QString vendor = QStringLiteral("vendor-only@mirror.example");
    SuppressionsView view(m_rig.context());
    view.show();
    auto *table = view.findChild<QAbstractItemView *>(QStringLiteral("suppressionTable"));
    const auto choose = [&view, table](const QString &email) {
        for (int row = 0; row < view.model()->rowCount(); ++row) {
            if (view.model()->index(row, SuppressionsController::Email).data().toString() == email)
                table->selectionModel()->setCurrentIndex(view.model()->index(row, 0),
                                                         QItemSelectionModel::ClearAndSelect |
                                                                 QItemSelectionModel::Rows);
        }
        return view.selectedEmail() == email;
    };

    // Removed here only: still suppressed at Outreach2day, and the mirror does not add it back.
    QVERIFY(choose(vendor));
    QVERIFY(clickAndWait(view, QStringLiteral("suppressionRemoveHere")));
    QVERIFY(!listedHere(vendor));
    QVERIFY(m_rig.o2d()->isSuppressed(vendor));
    QVERIFY(clickAndWait(view, QStringLiteral("suppressionRefresh")));
    QVERIFY(!listedHere(vendor));
    QCOMPARE(cell(view, vendor, SuppressionsController::Here), QStringLiteral("Removed"));
    QCOMPARE(cell(view, vendor, SuppressionsController::AtVendor), QStringLiteral("Listed"));

    // Removed at Outreach2day only: still do-not-contact here, and not suppressed there again.
    QVERIFY(choose(local));
    QVERIFY(clickAndWait(view, QStringLiteral("suppressionRemoveThere")));
    QVERIFY(!m_rig.o2d()->isSuppressed(local));
    QVERIFY(listedHere(local));
    QVERIFY(clickAndWait(view, QStringLiteral("suppressionRefresh")));
    QVERIFY(!m_rig.o2d()->isSuppressed(local));
    QCOMPARE(cell(view, local, SuppressionsController::AtVendor), QStringLiteral("Removed"));
    QCOMPARE(cell(view, local, SuppressionsController::Here), QStringLiteral("Listed"));
}

void TestSuppressionsView::addAndRemoveFromBoth()
{
    const QString email = QStringLiteral("typed@mirror.example");
    SuppressionsView view(m_rig.context());
    view.show();
    auto *field = view.findChild<QLineEdit *>(QStringLiteral("suppressionEmail"));
    QTest::keyClicks(field, QStringLiteral("  Typed@Mirror.example "));
    QTest::keyClicks(view.findChild<QLineEdit *>(QStringLiteral("suppressionReason")),
                     QStringLiteral("asked_by_phone"));
    QVERIFY(clickAndWait(view, QStringLiteral("suppressionAdd")));
    QVERIFY(listedHere(email));
    QVERIFY(m_rig.o2d()->isSuppressed(email));
    QCOMPARE(cell(view, email, SuppressionsController::Source), QStringLiteral("Console"));
    QCOMPARE(cell(view, email, SuppressionsController::Reason), QStringLiteral("asked_by_phone"));

    auto *table = view.findChild<QAbstractItemView *>(QStringLiteral("suppressionTable"));
    for (int row = 0; row < view.model()->rowCount(); ++row) {
        if (view.model()->index(row, SuppressionsController::Email).data().toString() == email)
            table->selectionModel()->setCurrentIndex(view.model()->index(row, 0),
                                                     QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    }
    QCOMPARE(view.selectedEmail(), email);
    QVERIFY(clickAndWait(view, QStringLiteral("suppressionRemoveBoth")));
    QVERIFY(!listedHere(email));
    QVERIFY(!m_rig.o2d()->isSuppressed(email));
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
    QVERIFY2(answer->text().contains(QStringLiteral("bounced")), qPrintable(answer->text()));
    field->clear();
    QTest::keyClicks(field, QStringLiteral("never@status.example"));
    QTest::keyClick(field, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(answer->text().contains(QStringLiteral("is not suppressed")), 15000);
}

CC_TEST_GUI_MAIN(TestSuppressionsView)
#include "tst_suppressionsview.moc"
