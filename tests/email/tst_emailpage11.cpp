// The Email campaigns page in demo mode, through its real widgets (offscreen). THE acceptance test
// of issue 11: the operator launches the demo campaign, the sandbox's clock moves on (its control
// endpoint), and the console shows what came back — sends in the dashboard's Sends table, a reply
// in the Unibox, the funnel moved, a desktop notification, and an unsubscribe on the
// do-not-contact list; and a reply seen only through the contact-changes feed (the threads
// endpoint broken) still reaches the page and the notification.

#include "DemoConsole.h"
#include "MainWindow.h"
#include "TestMain.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "common/ExportControl.h"
#include "common/Notifier.h"
#include "common/RecordTableView.h"
#include "email/CampaignDashboard.h"
#include "email/CampaignDashboardController.h"
#include "email/CampaignEditor.h"
#include "email/CampaignEditorController.h"
#include "email/CampaignLauncher.h"
#include "email/CampaignSendsController.h"
#include "email/ContactsSection.h"
#include "email/EmailActivityStore.h"
#include "email/EmailCampaignStore.h"
#include "email/EmailCampaignsController.h"
#include "email/EmailPage.h"
#include "email/LaunchedCampaignsWatcher.h"
#include "email/LiveFeed.h"
#include "email/ScheduleSection.h"
#include "email/SendWindowsEditor.h"
#include "email/SuppressionSync.h"
#include "email/SuppressionTable.h"
#include "email/SuppressionsView.h"
#include "email/TimeZonePicker.h"
#include "email/UniboxController.h"
#include "email/UniboxView.h"
#include "export/ExportJob.h"
#include "outbound/OutboundSafety.h"
#include "outbound/OutboundStore.h"
#include "sandbox/Outreach2daySandbox.h"
#include "sandbox/SandboxServer.h"
#include "table/RecordTableModel.h"

#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTimer>

#include <functional>
#include <memory>

namespace {
const QString kCampaign = Outreach2daySandbox::demoCampaignId();
constexpr int kSlowMs = 30000; // launches, polls and retrievals over loopback on a shared machine
constexpr int kFeedMs = 15000; // below the dashboard's own stats timer (30 s)
constexpr qint64 kTenDays = 10 * 86400;
} // namespace

class TestEmailPage11 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void tabsAndTheirKeys();
    void launchedCampaignShowsSendsRepliesFunnelAndUnsubscribes();
    void replySeenOnlyInTheChangesFeedReachesThePageAndTheNotification();

private:
    EmailPage *page() const
    {
        return qobject_cast<EmailPage *>(m_console.window->page(QStringLiteral("email")));
    }
    template<typename T>
    T *child(const QString &name) const
    {
        T *found = page()->findChild<T *>(name);
        if (!found)
            qWarning("no child %s", qPrintable(name));
        return found;
    }
    // POST to a sandbox control endpoint over loopback; true on 200.
    bool control(const QString &path, const QJsonObject &body);
    // Opens the demo campaign, gives it a schedule open all day every day, launches it through
    // the confirmation and waits until the live feed watches it (the sandbox's clock stands still).
    void launchDemoCampaign();
    // The replies among the notifications so far.
    QStringList replyNotifications(const QSignalSpy &spy) const;

    QTemporaryDir m_dir;
    DemoConsole m_console;
    QNetworkAccessManager m_network;
};

void TestEmailPage11::init()
{
    // A fresh sandbox per test: each starts from the seeded draft demo campaign.
    QVERIFY(m_dir.isValid());
    const QString problem = m_console.open();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    m_console.window->showPage(QStringLiteral("email"));
    QVERIFY(page() && page()->isVisible());
    QVERIFY(control(QStringLiteral("/_sandbox/outreach2day"), {{QStringLiteral("clockSpeed"), 0}}));
}

void TestEmailPage11::cleanup()
{
    m_console.close();
}

bool TestEmailPage11::control(const QString &path, const QJsonObject &body)
{
    QUrl url = m_console.demo->sandbox()->baseUrl(Vendor::Outreach2day);
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(m_network.post(request, QJsonDocument(body).toJson()));
    if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, 10000))
        return false;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        qWarning("%s → %d %s", qPrintable(path), status, reply->readAll().constData());
    return status == 200;
}

QStringList TestEmailPage11::replyNotifications(const QSignalSpy &spy) const
{
    QStringList messages;
    for (const QList<QVariant> &notification : spy) {
        const auto shown = notification.at(0).value<Notification>();
        if (shown.kind == NotificationKind::InterestedReply)
            messages << shown.message;
    }
    return messages;
}

void TestEmailPage11::launchDemoCampaign()
{
    // Demo mode lists the sandbox's campaign: the operator opens it.
    QTRY_VERIFY(page()->context().store->campaign(kCampaign).has_value());
    page()->selectCampaign(kCampaign);
    CampaignEditor *editor = page()->editor();
    CampaignEditorController *controller = page()->editorController();
    QCOMPARE(editor->campaignId(), kCampaign);

    editor->showSection(QStringLiteral("schedule"));
    auto *schedule = qobject_cast<ScheduleSection *>(editor->section(QStringLiteral("schedule")));
    QVERIFY(schedule && schedule->isVisible());
    schedule->timeZonePicker()->setZone(QStringLiteral("UTC"));
    schedule->windowsEditor()->setWindows({{QTime(0, 0), QTime(23, 59)}});
    for (const QString &day : {QStringLiteral("sat"), QStringLiteral("sun")})
        child<QCheckBox>(QStringLiteral("emailDay_%1").arg(day))->setChecked(true);
    QSignalSpy scheduled(controller, &CampaignEditorController::scheduleSaved);
    QTest::mouseClick(child<QPushButton>(QStringLiteral("emailSaveSchedule")), Qt::LeftButton);
    QVERIFY(scheduled.wait(kSlowMs));

    editor->showSection(QStringLiteral("preflight"));
    QTRY_VERIFY_WITH_TIMEOUT(controller->isPreflightCurrent() && controller->preflight()->canLaunch(),
                             kSlowMs);
    editor->showSection(QStringLiteral("launch"));
    auto *launch = child<QPushButton>(QStringLiteral("emailLaunch"));
    QTRY_VERIFY(launch->isEnabled());
    auto *confirm = new QTimer(this);
    confirm->setInterval(10);
    connect(confirm, &QTimer::timeout, this, [confirm] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            confirm->stop();
            confirm->deleteLater();
            if (auto *go = box->findChild<QPushButton *>(QStringLiteral("emailLaunchConfirmButton")))
                go->click();
        }
    });
    confirm->start();
    QTest::mouseClick(launch, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(page()->context().store->campaign(kCampaign)->campaign.status,
                              QStringLiteral("active"), kSlowMs);
    QTRY_VERIFY_WITH_TIMEOUT(!controller->launcher()->isBusy(), kSlowMs);
    // Launched: the live feed watches it, now and after every change of the list.
    QTRY_VERIFY(page()->watcher()->isWatching());
    QCOMPARE(page()->watcher()->campaigns(), QStringList{kCampaign});
    // The feed's own timer, shortened (the operator waits half a minute between polls).
    page()->watcher()->feed()->setPollIntervalMs(200);
    page()->watcher()->feed()->pollNow();
}

void TestEmailPage11::tabsAndTheirKeys()
{
    auto *tabs = child<QTabWidget>(QStringLiteral("emailTabs"));
    QVERIFY(tabs);
    QCOMPARE(tabs->count(), 4);
    QCOMPARE(tabs->tabText(1), QStringLiteral("Unibox"));
    QCOMPARE(tabs->tabText(2), QStringLiteral("Suppressions"));
    QCOMPARE(tabs->tabText(3), QStringLiteral("Webhooks"));
    QVERIFY(!tabs->accessibleName().isEmpty());
    for (int i = 0; i < tabs->count(); ++i) {
        QVERIFY(!tabs->tabToolTip(i).isEmpty());
        QVERIFY(tabs->tabToolTip(i).contains(QStringLiteral("Ctrl+Alt+%1").arg(i + 1)));
    }
    // The views work on the page's own stores (the activity store on its database).
    QVERIFY(page()->context().activity);
    QCOMPARE(page()->context().activity->database()->path(), page()->campaigns()->databasePath());
    QVERIFY(!page()->unibox()->accessibleName().isEmpty());
    QVERIFY(!page()->suppressions()->accessibleName().isEmpty());
    QVERIFY(page()->suppressions()->isEnabled()); // service, activity store and do-not-contact list

    m_console.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_console.window.get()));
    child<QWidget>(QStringLiteral("emailCampaigns"))->setFocus();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_2, Qt::ControlModifier | Qt::AltModifier);
    QCOMPARE(page()->currentTab(), EmailPage::Tab::Unibox);
    QVERIFY(page()->unibox()->isVisible());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_3, Qt::ControlModifier | Qt::AltModifier);
    QCOMPARE(page()->currentTab(), EmailPage::Tab::Suppressions);
    // First shown: both lists are read, and the sandbox's own suppressions come in.
    QTRY_VERIFY_WITH_TIMEOUT(page()->context().activity->suppressions().size() >= 2, kSlowMs);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_4, Qt::ControlModifier | Qt::AltModifier);
    QCOMPARE(page()->currentTab(), EmailPage::Tab::Webhooks);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_1, Qt::ControlModifier | Qt::AltModifier);
    QCOMPARE(page()->currentTab(), EmailPage::Tab::Campaigns);

    // The editor's sections end with the dashboard and the subsequences (Alt+8, Alt+9).
    page()->selectCampaign(kCampaign);
    const QStringList sections = page()->editor()->sectionIds();
    QCOMPARE(sections.mid(sections.size() - 2),
             (QStringList{QStringLiteral("dashboard"), QStringLiteral("subsequences")}));
    QVERIFY(page()->editor()->section(QStringLiteral("subsequences"))->isEnabled());
}

void TestEmailPage11::launchedCampaignShowsSendsRepliesFunnelAndUnsubscribes()
{
    launchDemoCampaign();
    if (QTest::currentTestFailed())
        return;
    CampaignEditor *editor = page()->editor();
    EmailActivityStore *activity = page()->context().activity;
    OutboundStore *doNotContact = m_console.window->outboundSafety()->store();
    QSignalSpy notified(m_console.window->notifier(), &Notifier::notified);

    // The dashboard before anything went out: the whole list active, nobody replied.
    editor->showSection(QStringLiteral("dashboard"));
    CampaignDashboard *dashboard = editor->dashboard();
    QVERIFY(dashboard->isVisible());
    CampaignDashboardController *stats = dashboard->controller();
    QTRY_VERIFY_WITH_TIMEOUT(stats->hasStats(), kSlowMs);
    const int contacts = stats->stats().contacts.total;
    QVERIFY(contacts > 0);
    QCOMPARE(stats->stats().contacts.replied, 0);
    QCOMPARE(stats->replyRate().count, 0);
    auto *sendsTable = child<RecordTableView>(QStringLiteral("dashboardSendsTable"));
    QVERIFY(sendsTable && sendsTable->isVisible());
    QCOMPARE(sendsTable->model()->rowCount(), 0);

    // Ten days pass at Outreach2day.
    QVERIFY(control(QStringLiteral("/_sandbox/outreach2day"),
                    {{QStringLiteral("advanceSeconds"), kTenDays}}));

    // The live feed sees contacts move: the funnel moves, with the reply rate's count. (Waited for
    // less than the dashboard's own 30 s refresh timer, so it is the feed that moved it.)
    QTRY_VERIFY_WITH_TIMEOUT(stats->stats().contacts.replied > 0, kFeedMs);
    QCOMPARE(stats->stats().contacts.total, contacts);
    QVERIFY(stats->funnel().at(3).count > 0); // Replied
    QTRY_VERIFY(child<QLabel>(QStringLiteral("dashboardReplyRate"))
                        ->text()
                        .contains(QStringLiteral("(%1 of").arg(stats->stats().contacts.replied)));
    QVERIFY(!child<QLabel>(QStringLiteral("dashboardLatestChanges"))
                     ->text()
                     .contains(QStringLiteral("No replies")));

    // The Sends table holds every send of the campaign, as the store does.
    const int sent = int(m_console.demo->sandbox()->outreach2day()->sends(kCampaign).size());
    QVERIFY(sent > 0);
    QTRY_VERIFY_WITH_TIMEOUT(sendsTable->model()->rowCount() >= sent, kSlowMs);
    QTRY_VERIFY_WITH_TIMEOUT(!dashboard->sends()->isRetrieving() && !dashboard->sends()->isLoading(),
                             kSlowMs);
    QCOMPARE(sendsTable->model()->rowCount(), int(activity->sendCount(kCampaign)));
    // Filtered by a keystroke (the one table machinery), e.g. to the bounces.
    const QMap<QString, qint64> byStatus = activity->sendStatusCounts(kCampaign);
    QVERIFY2(byStatus.value(QStringLiteral("bounced")) > 0,
             qPrintable(QStringList(byStatus.keys()).join(u',')));
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("dashboardSendsSearch")), QStringLiteral("bounced"));
    QTRY_COMPARE(sendsTable->model()->rowCount(), int(byStatus.value(QStringLiteral("bounced"))));
    // Exported through the one exporter: exactly the rows shown.
    ExportControl *exporter = dashboard->sendsExport();
    const QString csv = m_dir.filePath(QStringLiteral("sends.csv"));
    exporter->setPathChooser([csv](const QString &, CsvProfile) { return csv; });
    QSignalSpy exported(exporter->job(), &ExportJob::finished);
    exporter->requestExport(CsvProfile::Machine);
    QVERIFY(exported.wait(kSlowMs));
    {
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + int(byStatus.value(QStringLiteral("bounced"))));
    }
    child<QLineEdit>(QStringLiteral("dashboardSendsSearch"))->clear();
    QTRY_COMPARE(sendsTable->model()->rowCount(), int(activity->sendCount(kCampaign)));

    // The vendor's summary export, saved as a file.
    const QString summary = m_dir.filePath(QStringLiteral("summary.csv"));
    dashboard->setSummaryPathChooser([summary](const QString &suggested) {
        return suggested.endsWith(QLatin1String("cmp_demo01-summary.csv")) ? summary : QString();
    });
    QTest::mouseClick(child<QPushButton>(QStringLiteral("dashboardSaveSummary")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(QFile(summary).size() > 0, kSlowMs);

    // The replies are in the Unibox, by intent, and a desktop notification named them.
    QTRY_VERIFY_WITH_TIMEOUT(!activity->threads(kCampaign).isEmpty(), kSlowMs);
    const O2dThread reply = activity->threads(kCampaign).constFirst();
    QTRY_VERIFY_WITH_TIMEOUT(!replyNotifications(notified).isEmpty(), kSlowMs);
    m_console.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_console.window.get()));
    sendsTable->setFocus();
    QTest::keyClick(sendsTable, Qt::Key_2, Qt::ControlModifier | Qt::AltModifier);
    QCOMPARE(page()->currentTab(), EmailPage::Tab::Unibox);
    UniboxView *unibox = page()->unibox();
    QTRY_VERIFY(unibox->controller()->intents().contains(reply.replyIntent));
    unibox->selectIntent(reply.replyIntent);
    QTRY_VERIFY(unibox->threadsModel()->rowCount() > 0);
    bool listed = false;
    for (int row = 0; row < unibox->threadsModel()->rowCount(); ++row)
        listed |= unibox->threadsModel()->index(row, UniboxController::Id).data().toString() == reply.id;
    QVERIFY2(listed, qPrintable(reply.id));
    auto *intents = unibox->findChild<QListWidget *>(QStringLiteral("uniboxIntents"));
    QVERIFY(intents->count() > 0);
    // The thread's contact link opens its campaign's contacts with that contact chosen.
    QVERIFY(!reply.contactId.isEmpty());
    Q_EMIT unibox->findChild<QTextBrowser *>(QStringLiteral("uniboxReader"))
            ->anchorClicked(QUrl(QStringLiteral("contact:%1/%2").arg(reply.campaignId, reply.contactId)));
    QCOMPARE(page()->currentTab(), EmailPage::Tab::Campaigns);
    auto *contactsSection = qobject_cast<ContactsSection *>(editor->section(QStringLiteral("contacts")));
    QVERIFY(contactsSection && contactsSection->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(contactsSection->currentContact(), reply.contactId, kSlowMs);
    QCOMPARE(page()->editor()->campaignId(), reply.campaignId);

    // An unsubscribe at Outreach2day is on the do-not-contact list, tagged as one.
    QString unsubscribed;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const O2dContactChange &change : activity->changes(kCampaign))
                    if (change.status == QLatin1String("unsubscribed"))
                        unsubscribed = change.email;
                return !unsubscribed.isEmpty();
            }(),
            kSlowMs);
    QTRY_VERIFY(doNotContact->listedEntry(Recipient::email(unsubscribed)).has_value());
    QCOMPARE(doNotContact->listedEntry(Recipient::email(unsubscribed))->source,
             SuppressionSync::unsubscribeSource());
    QTRY_VERIFY(child<QLabel>(QStringLiteral("emailLiveStatus"))->text().contains(unsubscribed.toLower()));
    // ... in the Suppressions tab at once (the page's one suppression sync), tagged as one ...
    QTRY_VERIFY([&] {
        const RecordTableModel *model = page()->suppressions()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, SuppressionTable::Email)
                        .data()
                        .toString()
                        .compare(unsubscribed, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    }());
    // ... and on the Safety page's list.
    m_console.window->showPage(QStringLiteral("safety"));
    auto *dncTable = m_console.window->page(QStringLiteral("safety"))
                             ->findChild<RecordTableView *>(QStringLiteral("dncTable"));
    QVERIFY(dncTable);
    QTRY_VERIFY([&] {
        const QAbstractItemModel *model = dncTable->model();
        for (int row = 0; row < model->rowCount(); ++row)
            for (int column = 0; column < model->columnCount(); ++column)
                if (model->index(row, column).data().toString().compare(unsubscribed, Qt::CaseInsensitive) ==
                    0)
                    return true;
        return false;
    }());
}

void TestEmailPage11::replySeenOnlyInTheChangesFeedReachesThePageAndTheNotification()
{
    // Outreach2day's threads list answers garbage from now on: the interested-replies poll and the
    // Unibox learn nothing, so whatever reaches the page comes through the changes feed alone.
    QVERIFY(control(QStringLiteral("/_sandbox/faults"),
                    {{QStringLiteral("kind"), QStringLiteral("malformed_json")},
                     {QStringLiteral("vendor"), QStringLiteral("outreach2day")},
                     {QStringLiteral("pathPrefix"), QStringLiteral("/threads")},
                     {QStringLiteral("method"), QStringLiteral("GET")},
                     {QStringLiteral("count"), -1}}));
    launchDemoCampaign();
    if (QTest::currentTestFailed())
        return;
    EmailActivityStore *activity = page()->context().activity;
    QSignalSpy notified(m_console.window->notifier(), &Notifier::notified);
    QVERIFY(control(QStringLiteral("/_sandbox/outreach2day"),
                    {{QStringLiteral("advanceSeconds"), kTenDays}}));

    // A reply in the changes feed...
    QString replied;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const O2dContactChange &change : activity->changes(kCampaign))
                    if (change.status == QLatin1String("replied"))
                        replied = change.email;
                return !replied.isEmpty();
            }(),
            kSlowMs);
    // ... raises a notification and shows on the page, though no thread was ever read.
    QTRY_VERIFY_WITH_TIMEOUT(!replyNotifications(notified).isEmpty(), kSlowMs);
    const QStringList messages = replyNotifications(notified);
    QStringList repliedEmails;
    for (const O2dContactChange &change : activity->changes(kCampaign))
        if (change.status == QLatin1String("replied"))
            repliedEmails << change.email;
    bool named = false;
    for (const QString &email : std::as_const(repliedEmails))
        named |= messages.join(u'\n').contains(email);
    QVERIFY2(named, qPrintable(messages.join(u'\n')));
    const QString live = child<QLabel>(QStringLiteral("emailLiveStatus"))->text();
    bool shown = false;
    for (const QString &email : std::as_const(repliedEmails))
        shown |= live.contains(email);
    QVERIFY2(shown, qPrintable(live));
    QVERIFY(activity->threads(kCampaign).isEmpty());
    QVERIFY(m_console.demo->sandbox()->requestCount(Vendor::Outreach2day, "GET", QStringLiteral("/threads")) >
            0);
    // The dashboard's latest changes come from the same feed.
    page()->editor()->showSection(QStringLiteral("dashboard"));
    QTRY_VERIFY(
            !page()->editor()->dashboard()->latestChanges()->text().contains(QStringLiteral("No replies")));
}

CC_TEST_GUI_MAIN(TestEmailPage11)
#include "tst_emailpage11.moc"
