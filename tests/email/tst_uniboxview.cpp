// The Unibox through its real widgets (offscreen) against the Outreach2day sandbox: two running
// campaigns, the sandbox's clock moved on so replies arrive; the view reads every thread into the
// store, groups them by intent (interested, not interested and the other intents the sandbox
// answers), shows the chosen thread readable and linked to its campaign and contact, and still
// shows what was seen with no service at all (the API has no endpoint for a thread's messages).
#include "EmailSectionRig.h"
#include "TestMain.h"
#include "email/UniboxController.h"
#include "email/UniboxView.h"
#include "table/RecordTableModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTextBrowser>
#include <QUrl>

class TestUniboxView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void threadsGroupedByIntentAndReadable();
    void seenThreadsStayReadableOffline();

private:
    EmailSectionRig m_rig;
    QString m_first;
    QString m_second;
};

void TestUniboxView::initTestCase()
{
    QVERIFY2(m_rig.start(), qPrintable(m_rig.errorString()));
    m_first = m_rig.runningCampaign(QStringLiteral("Unibox one"), 150, 0);
    QVERIFY2(!m_first.isEmpty(), qPrintable(m_rig.errorString()));
    m_second = m_rig.runningCampaign(QStringLiteral("Unibox two"), 150, 4 * 86400);
    QVERIFY2(!m_second.isEmpty(), qPrintable(m_rig.errorString()));
}

void TestUniboxView::threadsGroupedByIntentAndReadable()
{
    UniboxView view(m_rig.context());
    view.resize(1000, 700);
    view.show();
    QAbstractItemModelTester tester(view.threadsModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy finished(view.controller(), &UniboxController::refreshFinished);
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("uniboxRefresh")), Qt::LeftButton);
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.first().first().value<ApiError>().kind, ApiError::Kind::None);

    // Every thread the sandbox has is in the store, from both campaigns.
    const QList<O2dThread> threads = m_rig.activity()->threads();
    QSet<QString> campaigns;
    QHash<QString, int> byIntent;
    for (const O2dThread &thread : threads) {
        campaigns.insert(thread.campaignId);
        ++byIntent[thread.replyIntent];
    }
    QVERIFY2(campaigns.contains(m_first) && campaigns.contains(m_second), "threads of both campaigns");
    QVERIFY(byIntent.value(QStringLiteral("interested")) > 0);
    QVERIFY(byIntent.value(QStringLiteral("not_interested")) > 0);
    QVERIFY2(byIntent.size() >= 3, "an intent the document does not name");

    // One group per intent, the documented ones first, each with its count.
    auto *intents = view.findChild<QListWidget *>(QStringLiteral("uniboxIntents"));
    QVERIFY(intents);
    QCOMPARE(intents->count(), byIntent.size());
    QCOMPARE(intents->item(0)->text(),
             QStringLiteral("Interested (%1)").arg(byIntent.value(QStringLiteral("interested"))));
    QCOMPARE(intents->item(1)->text(),
             QStringLiteral("Not interested (%1)").arg(byIntent.value(QStringLiteral("not_interested"))));
    QString other;
    for (auto it = byIntent.cbegin(); it != byIntent.cend(); ++it) {
        if (it.key() != QLatin1String("interested") && it.key() != QLatin1String("not_interested"))
            other = it.key();
    }
    bool listed = false;
    for (int row = 2; row < intents->count(); ++row)
        listed = listed ||
                intents->item(row)->text() ==
                        QStringLiteral("%1 (%2)")
                                .arg(UniboxController::intentLabel(other))
                                .arg(byIntent.value(other));
    QVERIFY2(listed, qPrintable(other));

    // The interested group holds exactly the interested threads.
    view.selectIntent(QStringLiteral("interested"));
    QCOMPARE(view.threadsModel()->rowCount(), byIntent.value(QStringLiteral("interested")));
    for (int row = 0; row < view.threadsModel()->rowCount(); ++row) {
        const QString id = view.threadsModel()->index(row, UniboxController::Id).data().toString();
        QCOMPARE(m_rig.activity()->thread(id)->replyIntent, QStringLiteral("interested"));
    }
    // The group shown, exported through the one exporter: exactly its threads.
    const CsvExportResult exported = m_rig.exportTo(view.threadsExport(), QStringLiteral("interested.csv"));
    QVERIFY2(exported.status.ok(), qPrintable(exported.status.summary()));
    QCOMPARE(exported.rows, qint64(byIntent.value(QStringLiteral("interested"))));
    {
        QFile file(exported.path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray csv = file.readAll();
        QVERIFY(csv.contains(
                view.threadsModel()->index(0, UniboxController::Email).data().toString().toUtf8()));
    }
    view.selectIntent(other);
    QCOMPARE(view.threadsModel()->rowCount(), byIntent.value(other));

    // The chosen thread: what it carried, its campaign by name and its contact, both links.
    view.selectIntent(QStringLiteral("interested"));
    auto *table = view.findChild<QAbstractItemView *>(QStringLiteral("uniboxThreads"));
    table->setCurrentIndex(view.threadsModel()->index(0, UniboxController::Email));
    const QString id = view.threadsModel()->index(0, UniboxController::Id).data().toString();
    const O2dThread thread = *m_rig.activity()->thread(id);
    QVERIFY(!thread.body.isEmpty() || !thread.snippet.isEmpty());
    auto *reader = view.findChild<QTextBrowser *>(QStringLiteral("uniboxReader"));
    const QString shown = reader->toPlainText();
    QVERIFY2(shown.contains(thread.body.isEmpty() ? thread.snippet : thread.body.left(40)),
             qPrintable(shown));
    const QString campaignName =
            thread.campaignId == m_first ? QStringLiteral("Unibox one") : QStringLiteral("Unibox two");
    QVERIFY2(shown.contains(campaignName), qPrintable(shown));
    QVERIFY2(shown.contains(thread.email), qPrintable(shown));
    const QString html = reader->toHtml();
    QVERIFY(html.contains(QStringLiteral("campaign:") + thread.campaignId));
    QVERIFY(html.contains(QStringLiteral("contact:%1/%2").arg(thread.campaignId, thread.contactId)));
    QSignalSpy campaignLinks(&view, &UniboxView::campaignRequested);
    QSignalSpy contactLinks(&view, &UniboxView::contactRequested);
    Q_EMIT reader->anchorClicked(QUrl(QStringLiteral("campaign:") + thread.campaignId));
    Q_EMIT reader->anchorClicked(
            QUrl(QStringLiteral("contact:%1/%2").arg(thread.campaignId, thread.contactId)));
    QCOMPARE(campaignLinks.size(), 1);
    QCOMPARE(campaignLinks.first().first().toString(), thread.campaignId);
    QCOMPARE(contactLinks.size(), 1);
    QCOMPARE(contactLinks.first().at(1).toString(), thread.contactId);
}

void TestUniboxView::seenThreadsStayReadableOffline()
{
    QVERIFY2(!m_rig.activity()->threads().isEmpty(), "needs the threads read by the test before");
    EmailContext offline = m_rig.context();
    offline.service = nullptr;
    UniboxView view(offline);
    view.show();
    const int interested = int(m_rig.activity()->threads(QString(), QStringLiteral("interested")).size());
    view.selectIntent(QStringLiteral("interested"));
    QCOMPARE(view.threadsModel()->rowCount(), interested);
    const QString id = view.threadsModel()->index(0, UniboxController::Id).data().toString();
    view.showThread(id);
    const O2dThread thread = *m_rig.activity()->thread(id);
    QVERIFY(view.findChild<QTextBrowser *>(QStringLiteral("uniboxReader"))
                    ->toPlainText()
                    .contains(thread.email));
}

CC_TEST_GUI_MAIN(TestUniboxView)
#include "tst_uniboxview.moc"
