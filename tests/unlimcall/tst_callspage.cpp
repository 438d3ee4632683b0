#include "TestMain.h"

#include "ExportControlChecks.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "calls/BalanceCard.h"
#include "calls/CallsPage.h"
#include "calls/CdrChartsView.h"
#include "calls/PlaceCallDialog.h"
#include "common/Notifier.h"
#include "common/RecordTableView.h"
#include "core/VendorClient.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundSafety.h"
#include "outbound/OutboundStore.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/UnlimCallSandbox.h"
#include "store/CdrStore.h"
#include "table/CellFormat.h"
#include "table/RecordTableModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QImage>
#include <QLineEdit>
#include <QMainWindow>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>

// The Calls & costs page in demo mode, driven like an operator: load 90 days, filter to one
// country, read the totals, open the charts, export and read the CSV back with an independent
// reader (Python's csv module), place a call with a double click, watch the balance.
class TestCallsPage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    Wiring::Demo m_demo;
    std::unique_ptr<ServiceHub> m_hub;
    std::unique_ptr<QMainWindow> m_window;
    Notifier *m_notifier = nullptr;
    std::unique_ptr<OutboundSafety> m_outbound;
    QDateTime m_now = QDateTime(QDate(2026, 6, 10), QTime(12, 0), Qt::UTC); // 13:00 in London
    CallsPage *m_page = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    SandboxServer *sandbox() const { return m_demo.sandbox(); }

    // Waits for a refresh that ends without error (an earlier one may be cancelled by a window change).
    bool waitForSuccessfulRefresh(QSignalSpy &spy)
    {
        for (int i = 0; i < 20; ++i) {
            while (!spy.isEmpty()) {
                const ApiError error = spy.takeFirst().first().value<ApiError>();
                if (!error.isError())
                    return true;
                if (error.kind != ApiError::Kind::Cancelled) {
                    qWarning() << error.summary();
                    return false;
                }
            }
            if (!spy.wait(60'000))
                return false;
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiError>();
        qRegisterMetaType<CsvExportResult>();
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
        m_hub = std::make_unique<ServiceHub>(m_demo.hubOptions());
        m_demo.installCredentials(*m_hub);
        m_window = std::make_unique<QMainWindow>();
        m_notifier = new Notifier(m_window.get(), m_window->statusBar(), m_window.get());
        m_page = new CallsPage(m_hub.get(), m_notifier, nullptr,
                               m_dir.filePath(QStringLiteral("console.sqlite")));
        // The guard the shell installs, on the page's database, on a clock the test sets.
        m_outbound = std::make_unique<OutboundSafety>(m_dir.filePath(QStringLiteral("console.sqlite")));
        m_outbound->install(*m_hub);
        m_outbound->guard()->setClock([this] { return m_now; });
        m_page->setOutboundGuard(m_outbound->guard());
        m_window->setCentralWidget(m_page);
        // The tester walks every row on every change: it watches the small models here; the records
        // model runs under it in tst_cdrstore (160,000 rows would take it minutes per batch).
        m_tester = std::make_unique<QAbstractItemModelTester>(
                m_page->sipLines(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void loadsNinetyDaysCompletely()
    {
        QSignalSpy refreshed(m_page, &CallsPage::refreshFinished);
        m_window->resize(1400, 900);
        m_window->show();
        m_page->setWindow(CallsPage::Window::Last90Days);
        const qint64 before = sandbox()->unlimcall()->cdrCount(m_page->windowRange().first,
                                                               QDateTime::currentMSecsSinceEpoch());
        QVERIFY(waitForSuccessfulRefresh(refreshed));
        QVERIFY(m_page->records()->waitForIdle());
        const auto range = m_page->windowRange();
        const qint64 after = sandbox()->unlimcall()->cdrCount(range.first, range.second);
        // Calls keep ending while the test runs: the table holds at least what existed before the
        // refresh and at most what exists now.
        const qint64 rows = m_page->records()->rowCount();
        QVERIFY2(rows >= before && rows <= after,
                 qPrintable(QStringLiteral("%1 rows, sandbox %2..%3").arg(rows).arg(before).arg(after)));
        QVERIFY(rows > 100'000);
        QTRY_VERIFY(m_page->totalsText().startsWith(QLocale().toString(rows) + QStringLiteral(" calls")));
    }

    void filterToOneCountryAndReadTheTotals()
    {
        QComboBox *country = m_page->countryFilter();
        const int germany = country->findData(QStringLiteral("Germany"));
        QVERIFY(germany > 0);
        QSignalSpy totals(m_page, &CallsPage::totalsChanged);
        country->setCurrentIndex(germany);
        QVERIFY(m_page->records()->waitForIdle());
        QTRY_VERIFY(!totals.isEmpty() && m_page->records()->rowCount() > 0 &&
                    m_page->totalsText().startsWith(QLocale().toString(m_page->records()->rowCount()) +
                                                    QStringLiteral(" calls")));

        // Independently: every row of the window, counted by hand.
        const RecordTable &table = m_page->records()->table();
        qint64 calls = 0, answered = 0;
        QMap<QString, qint64> cost;
        for (int r = 0; r < table.rowCount(); ++r) {
            if (table.text(r, CdrStore::Country) != QLatin1String("Germany"))
                continue;
            ++calls;
            answered += table.text(r, CdrStore::Disposition) == QLatin1String("ANSWERED") ? 1 : 0;
            cost[table.text(r, CdrStore::Currency)] += table.integer(r, CdrStore::Cost);
        }
        QCOMPARE(qint64(m_page->records()->rowCount()), calls);
        for (int v = 0; v < m_page->records()->rowCount(); ++v)
            QCOMPARE(m_page->records()->table().text(m_page->records()->tableRow(v), CdrStore::Country),
                     QStringLiteral("Germany"));
        const QString text = m_page->totalsText();
        QVERIFY2(text.contains(QLocale().toString(answered) + QStringLiteral(" answered")), qPrintable(text));
        for (auto it = cost.cbegin(); it != cost.cend(); ++it)
            QVERIFY2(text.contains(CellFormat::money(it.value(), it.key())), qPrintable(text));
    }

    void chartsFollowTheFilter()
    {
        QSignalSpy updated(m_page, &CallsPage::chartsUpdated);
        m_page->showCharts();
        QVERIFY(updated.wait(60'000));
        const CdrStats::Charts &data = m_page->charts()->data();
        QCOMPARE(data.rows, qint64(m_page->records()->rowCount()));
        QCOMPARE(data.costByCountry.categories, QStringList{QStringLiteral("Germany")});
        int byHour = 0;
        for (int v : data.callsByHour)
            byHour += v;
        QCOMPARE(byHour, m_page->records()->rowCount());
        QVERIFY(data.days.size() >= 90);
        for (int c = 0; c < CdrChartsView::ChartCount; ++c) {
            QChartView *view = m_page->charts()->view(CdrChartsView::Chart(c));
            QVERIFY(view->chart());
            QVERIFY2(!view->chart()->series().isEmpty(),
                     qPrintable(m_page->charts()->title(CdrChartsView::Chart(c))));
            QVERIFY(!view->accessibleDescription().isEmpty()); // readable without colour
        }
        // How they read (labels whole, value labels apart, colours and patterns): tst_cdrcharts.
        const QString png = m_dir.filePath(QStringLiteral("spend.png"));
        QVERIFY(m_page->charts()->savePng(CdrChartsView::SpendPerDay, png));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 640);
    }

    void exportIsReadBackByAnIndependentReader()
    {
        const QString path = m_dir.filePath(QStringLiteral("germany.csv"));
        QSignalSpy finished(m_page, &CallsPage::exportFinished);
        QVERIFY(m_page->exportTo(path, CsvProfile::Spreadsheet));
        QVERIFY(finished.wait(60'000));
        const auto result = finished.first().first().value<CsvExportResult>();
        QVERIFY2(result.status.ok(), qPrintable(result.status.message));
        QCOMPARE(result.rows, qint64(m_page->records()->rowCount()));

        QProcess python;
        python.start(QStringLiteral("python3"),
                     {QStringLiteral("-c"),
                      QStringLiteral(
                              "import csv,sys\n"
                              "rows=list(csv.DictReader(open(sys.argv[1],newline='',encoding='utf-8-sig')))\n"
                              "assert all(r['Country']=='Germany' for r in rows), 'other country'\n"
                              "assert all(r['To'].startswith(\"'+\") for r in rows), 'phone not protected'\n"
                              "print(len(rows))\n"),
                      path});
        QVERIFY(python.waitForFinished(120'000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        QCOMPARE(python.readAllStandardOutput().trimmed().toLongLong(), result.rows);
    }

    void exportShowsProgressCancelsAndRunsOnce()
    {
        m_page->clearFilters();
        QVERIFY(m_page->records()->waitForIdle());
        checkExportControl(m_page->recordsView(), m_page->exportControl(), m_page->records());
        QVERIFY(!QTest::currentTestFailed());
    }

    void placeCallSendsOnceOnDoubleClick()
    {
        // The SIP lines arrived when the page was first shown.
        QTRY_VERIFY(m_page->sipLines()->rowCount() > 0);
        sandbox()->clearRequests();
        PlaceCallDialog *dialog = m_page->openPlaceCallDialog();
        dialog->setConfirmationEnabled(false);
        QSignalSpy placed(dialog, &PlaceCallDialog::callPlaced);

        QTest::keyClicks(dialog->destinationEdit(), QStringLiteral("12"));
        QVERIFY(!dialog->callButton()->isEnabled()); // invalid: cannot reach the API
        dialog->destinationEdit()->clear();
        QTest::keyClicks(dialog->destinationEdit(), QStringLiteral("+44 20 7946 0958"));
        QVERIFY(dialog->callButton()->isEnabled());
        QCOMPARE(dialog->request().toNumber, QStringLiteral("+442079460958"));

        QTest::mouseDClick(dialog->callButton(), Qt::LeftButton);
        QTest::mouseClick(dialog->callButton(), Qt::LeftButton);
        QVERIFY(placed.wait(30'000));
        // Every click has been handled; once nothing is in flight, whatever was sent has arrived.
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->client(Vendor::UnlimCall)->inFlightCount(), 0, 30'000);
        QCOMPARE(placed.count(), 1);
        QCOMPARE(sandbox()->requestCount(Vendor::UnlimCall, "POST", QStringLiteral("/calls")), 1);
        QVERIFY(dialog->resultText().contains(QLatin1String("queued")));
        dialog->close();
    }

    // The dialog shows the guard's verdict as the number is typed: a listed number cannot be
    // called at all, not even with the override.
    void placeCallRefusesAListedNumber()
    {
        DncEntry listed;
        listed.kind = DncEntry::Kind::Phone;
        listed.value = QStringLiteral("+442079460959");
        listed.source = QStringLiteral("manual");
        listed.reason = QStringLiteral("asked on the phone");
        QVERIFY(m_outbound->store()->addToDoNotContact({listed}));
        QTRY_VERIFY(m_page->sipLines()->rowCount() > 0);
        sandbox()->clearRequests();
        PlaceCallDialog *dialog = m_page->openPlaceCallDialog();
        dialog->setConfirmationEnabled(false);

        QTest::keyClicks(dialog->destinationEdit(), QStringLiteral("+44 20 7946 0959"));
        QCOMPARE(dialog->decision().verdicts.size(), 1);
        QCOMPARE(dialog->decision().verdicts.first().reasonCode, QStringLiteral("do_not_contact"));
        QVERIFY(dialog->verdictText().contains(QLatin1String("do-not-contact")));
        QVERIFY(!dialog->callButton()->isEnabled());
        QVERIFY(!dialog->overrideCheck()->isVisible());
        QTest::mouseClick(dialog->callButton(), Qt::LeftButton);
        QCOMPARE(sandbox()->requestCount(Vendor::UnlimCall, "POST", QStringLiteral("/calls")), 0);
        dialog->close();
    }

    // The verdict shown is not a pass: the guard judges again when Call is pressed (here the
    // number was listed meanwhile, e.g. from the CLI), and nothing reaches UnlimCall.
    void placeCallIsJudgedAgainWhenPlaced()
    {
        QTRY_VERIFY(m_page->sipLines()->rowCount() > 0);
        sandbox()->clearRequests();
        PlaceCallDialog *dialog = m_page->openPlaceCallDialog();
        dialog->setConfirmationEnabled(false);
        QSignalSpy failed(dialog, &PlaceCallDialog::callFailed);
        QTest::keyClicks(dialog->destinationEdit(), QStringLiteral("+44 20 7946 0956"));
        QVERIFY(dialog->callButton()->isEnabled());

        DncEntry listed;
        listed.kind = DncEntry::Kind::Phone;
        listed.value = QStringLiteral("+442079460956");
        listed.source = QStringLiteral("manual");
        QVERIFY(m_outbound->store()->addToDoNotContact({listed}));
        QTest::mouseClick(dialog->callButton(), Qt::LeftButton);
        QVERIFY(failed.wait(30'000));
        QCOMPARE(failed.first().first().value<ApiError>().code, QStringLiteral("do_not_contact"));
        QVERIFY(dialog->resultText().contains(QLatin1String("do-not-contact")));
        QVERIFY(!dialog->callButton()->isEnabled());
        QCOMPARE(sandbox()->requestCount(Vendor::UnlimCall, "POST", QStringLiteral("/calls")), 0);
        dialog->close();
    }

    // 21:30 in London: the call needs the explicit override and a typed reason; the override is
    // for this call only and the audit log keeps the reason.
    void placeCallOutsideTheWindowNeedsOverrideAndReason()
    {
        m_now = QDateTime(QDate(2026, 6, 10), QTime(20, 30), Qt::UTC);
        QTRY_VERIFY(m_page->sipLines()->rowCount() > 0);
        sandbox()->clearRequests();
        PlaceCallDialog *dialog = m_page->openPlaceCallDialog();
        dialog->setConfirmationEnabled(false);
        QSignalSpy placed(dialog, &PlaceCallDialog::callPlaced);
        dialog->show();

        QTest::keyClicks(dialog->destinationEdit(), QStringLiteral("+44 20 7946 0957"));
        QCOMPARE(dialog->decision().verdicts.first().verdict, RecipientVerdict::Verdict::NeedsOverride);
        QCOMPARE(dialog->decision().verdicts.first().reasonCode, QStringLiteral("outside_calling_window"));
        QVERIFY(!dialog->callButton()->isEnabled());
        QVERIFY(dialog->overrideCheck()->isVisible());
        dialog->overrideCheck()->setChecked(true);
        QVERIFY2(!dialog->callButton()->isEnabled(), "an override without a reason is no override");
        QCOMPARE(dialog->decision().verdicts.first().reasonCode, QStringLiteral("override_without_reason"));
        QTest::keyClicks(dialog->overrideReasonEdit(), QStringLiteral("   "));
        QVERIFY(!dialog->callButton()->isEnabled());
        dialog->overrideReasonEdit()->clear();
        QTest::keyClicks(dialog->overrideReasonEdit(), QStringLiteral("asked to be called back tonight"));
        QVERIFY(dialog->callButton()->isEnabled());

        QTest::mouseClick(dialog->callButton(), Qt::LeftButton);
        QVERIFY(placed.wait(30'000));
        QCOMPARE(sandbox()->requestCount(Vendor::UnlimCall, "POST", QStringLiteral("/calls")), 1);
        // Not remembered: the next number starts without it.
        QVERIFY(!dialog->overrideCheck()->isChecked());
        QVERIFY(dialog->overrideReasonEdit()->text().isEmpty());
        const QList<AuditAttempt> attempts = m_outbound->store()->attempts();
        QVERIFY(!attempts.isEmpty());
        QCOMPARE(attempts.last().recipient, QStringLiteral("+442079460957"));
        QCOMPARE(attempts.last().verdict, QStringLiteral("allowed"));
        QCOMPARE(attempts.last().overrideReason, QStringLiteral("asked to be called back tonight"));
        dialog->close();
        m_now = QDateTime(QDate(2026, 6, 10), QTime(12, 0), Qt::UTC);
    }

    void balanceCardWarnsBelowTheThreshold()
    {
        BalanceCard *card = m_page->balanceCard();
        QTRY_VERIFY(card->balance().has_value());
        QVERIFY(card->summaryText().contains(QLatin1String("42.78")));
        QSignalSpy notified(m_notifier, &Notifier::notified);
        card->setThreshold(50);
        QCOMPARE(notified.count(), 1);
        const auto low = notified.first().at(0).value<Notification>();
        QVERIFY(low.message.contains(QLatin1String("below your threshold")));
        QCOMPARE(low.kind, NotificationKind::LowBalance);
        QCOMPARE(low.target.pageId, QStringLiteral("calls"));
        card->setThreshold(60); // still low: no second notification
        QCOMPARE(notified.count(), 1);

        sandbox()->unlimcall()->setBalance(42.78, QStringLiteral("USD"), QStringLiteral("prepaid"),
                                           std::nullopt, false, true);
        QSignalSpy refreshed(card, &BalanceCard::refreshed);
        card->refresh();
        QVERIFY(refreshed.wait(30'000));
        QVERIFY(card->summaryText().contains(QLatin1String("Stale")));
        card->setThreshold(10);
    }

    // A keystroke in the search box asks the table for the new filter at once: no timer stands
    // between the key and the search (the model coalesces keys typed while it computes).
    void aKeystrokeFiltersAtOnce()
    {
        auto *search = m_page->findChild<QLineEdit *>(QStringLiteral("callsSearch"));
        QVERIFY(search);
        RecordTableModel *records = m_page->records();
        QTest::keyClick(search, Qt::Key_4);
        QCOMPARE(search->text(), QStringLiteral("4"));
        QCOMPARE(records->filter().text, QStringLiteral("4")); // before any event is processed
        QVERIFY(records->waitForIdle());
        QCOMPARE(records->appliedFilter().text, QStringLiteral("4"));
        QTest::keyClick(search, Qt::Key_Backspace);
        QCOMPARE(records->filter().text, QString());
        QVERIFY(records->waitForIdle());
        QCOMPARE(records->appliedFilter().text, QString());
    }

    void cleanupTestCase()
    {
        m_tester.reset();
        m_window.reset();
        m_outbound.reset();
        m_hub.reset();
    }
};

CC_TEST_GUI_MAIN(TestCallsPage)
#include "tst_callspage.moc"
