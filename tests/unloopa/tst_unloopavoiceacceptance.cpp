// Issue 12's first "Done when", in demo mode through MainWindow and real widgets (offscreen): the
// operator buys a phone number and creates a voice agent on the Unloopa Voice page, selects leads
// on the Leads page, creates a voice campaign for them (the dry run first), activates it, triggers
// its calls after the confirmation that states the credits, the sandbox's clock moves on (its
// control endpoint), and a transcript is read in the Calls tab.
//
// Independent of the hour it runs at: the guard's clock is fixed (a Wednesday, noon in New York),
// the leads picked ring in New York only, and the campaign calls on a day that is neither today
// nor tomorrow in New York, so the sandbox (on the real clock) never calls on its own meanwhile.

#include "DemoConsole.h"
#include "MainWindow.h"
#include "TestMain.h"
#include "UnloopaGuiTestSupport.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "common/RecordTableView.h"
#include "controllers/LeadsController.h"
#include "leads/LeadsPage.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundSafety.h"
#include "phone/PhoneTimeZones.h"
#include "sandbox/SandboxServer.h"
#include "store/UnloopaCallStore.h"
#include "table/RecordTableModel.h"
#include "unloopa/UnloopaCallsController.h"
#include "unloopa/UnloopaVoicePage.h"
#include "unloopa/VoiceCampaignDialog.h"
#include "unloopa/VoiceCampaignsPanel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimeEdit>

#include <memory>

namespace {
constexpr int kSlowMs = 60'000; // loopback on a machine shared by several builds
// Wednesday 10 June 2026, noon in New York.
const QDateTime kNoonInNewYork(QDate(2026, 6, 10), QTime(16, 0), Qt::UTC);
} // namespace

class TestUnloopaVoiceAcceptance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void campaignForSelectedLeadsEndsInATranscript();

private:
    template<typename T>
    T *child(QWidget *in, const QString &name) const
    {
        T *found = in->findChild<T *>(name);
        if (!found)
            qWarning("no child %s", qPrintable(name));
        return found;
    }
    UnloopaVoicePage *voicePage() const
    {
        return qobject_cast<UnloopaVoicePage *>(m_console.window->page(QStringLiteral("unloopa-voice")));
    }
    LeadsPage *leadsPage() const
    {
        return qobject_cast<LeadsPage *>(m_console.window->page(QStringLiteral("leads")));
    }
    // POST to the sandbox's Unloopa control endpoint over loopback; true on 200.
    bool control(const QJsonObject &body);

    void buyNumber();
    void createAgent();
    QStringList selectNewYorkLeads(int count);

    DemoConsole m_console;
    QNetworkAccessManager m_network;
};

void TestUnloopaVoiceAcceptance::init()
{
    const QString problem = m_console.open();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    m_console.window->activateWindow(); // the keys go where the focus is
    QVERIFY(QTest::qWaitForWindowActive(m_console.window.get()));
    m_console.window->outboundSafety()->guard()->setClock([] { return kNoonInNewYork; });
    // Pro with credits; the sandbox's clock stands still until the test moves it.
    QVERIFY(control({{QStringLiteral("plan"), QStringLiteral("pro")},
                     {QStringLiteral("voiceCredits"), 45},
                     {QStringLiteral("clockSpeed"), 0}}));
}

void TestUnloopaVoiceAcceptance::cleanup()
{
    m_console.close();
}

bool TestUnloopaVoiceAcceptance::control(const QJsonObject &body)
{
    QUrl url = m_console.demo->sandbox()->baseUrl(Vendor::Unloopa);
    url.setPath(QStringLiteral("/_sandbox/unloopa"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(m_network.post(request, QJsonDocument(body).toJson()));
    if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, 10000))
        return false;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        qWarning("control → %d %s", status, reply->readAll().constData());
    return status == 200;
}

void TestUnloopaVoiceAcceptance::buyNumber()
{
    UnloopaVoicePage *page = voicePage();
    auto *count = child<QLabel>(page, QStringLiteral("numbersCount"));
    QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("0 of 3 phone numbers"), kSlowMs);
    auto *area = child<QLineEdit>(page, QStringLiteral("numbersAreaCode"));
    QTest::mouseClick(area, Qt::LeftButton);
    QTest::keyClicks(area, QStringLiteral("212"));
    QTest::keyClick(area, Qt::Key_Return);
    auto *results = child<QListWidget>(page, QStringLiteral("numbersResults"));
    QTRY_VERIFY_WITH_TIMEOUT(results->count() > 0, kSlowMs);
    results->setCurrentRow(0);
    QString seen;
    answerConfirmation(QStringLiteral("numbersConfirmBuy"), QStringLiteral("numbersConfirmBuyButton"), &seen);
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("numbersBuy")), Qt::LeftButton);
    QVERIFY(seen.contains(QStringLiteral("$1.00 a month")));
    QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("1 of 3 phone numbers"), kSlowMs);
}

void TestUnloopaVoiceAcceptance::createAgent()
{
    UnloopaVoicePage *page = voicePage();
    child<QTabWidget>(page, QStringLiteral("unloopaVoiceTabs"))
            ->setCurrentWidget(child<QWidget>(page, QStringLiteral("unloopaVoiceAgents")));
    QTest::keyClicks(child<QLineEdit>(page, QStringLiteral("agentName")), QStringLiteral("Sales Agent"));
    QTest::keyClicks(child<QLineEdit>(page, QStringLiteral("agentVoiceId")),
                     QStringLiteral("cjVigY5qzO86Huf0OWal"));
    auto *script = child<QPlainTextEdit>(page, QStringLiteral("agentScript"));
    QTest::keyClicks(script, QStringLiteral("You are calling {{business_name}} in {{city}}."));
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("agentSave")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(page, QStringLiteral("agentsCount"))->text(),
                              QStringLiteral("1 of 3 voice agents"), kSlowMs);
}

// Ctrl+clicks the first `count` leads of the table whose phone rings in New York only; their ids.
QStringList TestUnloopaVoiceAcceptance::selectNewYorkLeads(int count)
{
    LeadsPage *page = leadsPage();
    auto *table = child<QAbstractItemView>(page, QStringLiteral("leadsTable"));
    const LeadsController *controller = page->controller();
    const RecordTableModel *leads = controller->leads();
    const int phone = leads->schema().indexOf(u"phone");
    const int id = leads->schema().indexOf(u"id");
    const auto ringsInNewYorkOnly = [table, phone](int row) {
        const QString number = table->model()->index(row, phone).data(RecordTableModel::RawRole).toString();
        const QList<QTimeZone> zones = PhoneTimeZones::zonesFor(number);
        return zones.size() == 1 && zones.first().id() == "America/New_York";
    };
    // The first refresh pages the leads in newest first: the first rows may not hold New York
    // numbers yet, and a page merged while rows are being clicked would change the selection.
    const auto settled = [&] {
        if (!controller->isLoaded() || controller->isRefreshing() || leads->rowCount() == 0)
            return false;
        int found = 0;
        for (int row = 0; row < table->model()->rowCount() && found < count; ++row)
            found += ringsInNewYorkOnly(row) ? 1 : 0;
        return found == count;
    };
    if (!QTest::qWaitFor(settled, kSlowMs)) {
        qWarning("the Leads table shows %d leads (refreshing: %d)", leads->rowCount(),
                 int(controller->isRefreshing()));
        return {};
    }
    table->clearSelection();
    m_console.window->activateWindow(); // back from the confirmations' windows
    if (!QTest::qWaitForWindowActive(m_console.window.get(), kSlowMs)) {
        qWarning("the main window is not active again");
        return {};
    }
    table->setFocus();
    QStringList picked;
    for (int row = 0; row < table->model()->rowCount() && picked.size() < count; ++row) {
        if (!ringsInNewYorkOnly(row))
            continue;
        const QModelIndex cell = table->model()->index(row, 1);
        table->scrollTo(cell);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          table->visualRect(cell).center());
        picked << table->model()->index(row, id).data(RecordTableModel::RawRole).toString();
    }
    return picked;
}

void TestUnloopaVoiceAcceptance::campaignForSelectedLeadsEndsInATranscript()
{
    // A number and an agent on the Unloopa Voice page.
    m_console.window->showPage(QStringLiteral("unloopa-voice"));
    QVERIFY(voicePage() && voicePage()->isVisible());
    buyNumber();
    createAgent();

    // Leads ringing in New York, selected on the Leads page; "Unloopa voice campaign…".
    m_console.window->showPage(QStringLiteral("leads"));
    QVERIFY(leadsPage() && leadsPage()->isVisible());
    const QStringList picked = selectNewYorkLeads(3);
    QCOMPARE(picked.size(), 3);
    QTRY_VERIFY_WITH_TIMEOUT(leadsPage()->voiceCampaignAction()->isEnabled(), kSlowMs);
    QSignalSpy requested(leadsPage(), &LeadsPage::voiceCampaignRequested);
    QTest::keyClick(child<QAbstractItemView>(leadsPage(), QStringLiteral("leadsTable")), Qt::Key_G,
                    Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(requested.size(), 1);
    QStringList handed;
    for (const UnloopaLead &lead : requested.first().first().value<QList<UnloopaLead>>())
        handed << lead.id;
    QCOMPARE(handed, picked);

    // The dialog on the Unloopa Voice page: the dry run clears all three before anything is sent.
    QTRY_COMPARE(m_console.window->currentPageId(), QStringLiteral("unloopa-voice"));
    VoiceCampaignDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
            (dialog = voicePage()->findChild<VoiceCampaignDialog *>()) && dialog->isVisible(), kSlowMs);
    QCOMPARE(dialog->plan().callable.size(), 3);
    QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("campaignName")),
                     QStringLiteral("New York plumbers"));
    const int today =
            QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("America/New_York")).date().dayOfWeek();
    const QString onlyDay = UnloopaCampaignFields::dayNames().at((today + 1) % 7); // two days on
    for (const QString &name : UnloopaCampaignFields::dayNames())
        child<QCheckBox>(dialog, QStringLiteral("campaignDay-") + name)->setChecked(name == onlyDay);
    auto *create = child<QPushButton>(dialog, QStringLiteral("campaignCreate"));
    QVERIFY2(create->isEnabled(), qPrintable(dialog->problem()));
    QTest::mouseClick(create, Qt::LeftButton);

    // Activate, then trigger the three calls after the confirmation that states the credits.
    auto *panel = child<VoiceCampaignsPanel>(voicePage(), QStringLiteral("unloopaVoiceCampaigns"));
    auto *title = child<QLabel>(panel, QStringLiteral("campaignTitle"));
    QTRY_COMPARE_WITH_TIMEOUT(title->text(), QStringLiteral("New York plumbers \u2014 Draft"), kSlowMs);
    auto *activate = child<QPushButton>(panel, QStringLiteral("campaignActivate"));
    QTRY_VERIFY(activate->isEnabled());
    QString seen;
    answerConfirmation(QStringLiteral("campaignConfirmActivate"),
                       QStringLiteral("campaignConfirmActivateButton"), &seen);
    QTest::mouseClick(activate, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(title->text(), QStringLiteral("New York plumbers \u2014 Active"), kSlowMs);
    auto *trigger = child<QPushButton>(panel, QStringLiteral("campaignTrigger"));
    QTRY_VERIFY(trigger->isEnabled());
    answerConfirmation(QStringLiteral("campaignConfirmTrigger"),
                       QStringLiteral("campaignConfirmTriggerButton"), &seen);
    QTest::mouseClick(trigger, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(
            child<QLabel>(panel, QStringLiteral("campaignsNote"))->text(),
            QStringLiteral("3 call(s) started (1 voice credit each). Follow them on the Calls "
                           "tab."),
            kSlowMs);
    QVERIFY2(seen.contains(QStringLiteral("This spends 3 voice credit(s), 1 per call.")), qPrintable(seen));

    // The sandbox's clock moves on: the calls end, with transcripts.
    QVERIFY(control({{QStringLiteral("advanceSeconds"), 3600}}));

    // The Calls tab: the campaign's three calls ended; the operator opens one and reads it.
    const QString campaignId = panel->detail().id;
    auto *calls = child<QWidget>(voicePage(), QStringLiteral("unloopaCallsPanel"));
    child<QTabWidget>(voicePage(), QStringLiteral("unloopaVoiceTabs"))->setCurrentWidget(calls);
    QTest::mouseClick(child<QPushButton>(calls, QStringLiteral("unloopaCallsRefresh")), Qt::LeftButton);
    RecordTableModel *model = voicePage()->callsController()->calls();
    const auto endedCallsOfCampaign = [model, campaignId] {
        QList<int> rows;
        for (int row = 0; row < model->rowCount(); ++row) {
            const int at = model->tableRow(row);
            if (model->table().text(at, UnloopaCallStore::CampaignId) == campaignId &&
                model->table().text(at, UnloopaCallStore::Status) == QLatin1String("completed"))
                rows << row;
        }
        return rows;
    };
    QTRY_COMPARE_WITH_TIMEOUT(endedCallsOfCampaign().size(), 3, kSlowMs);
    auto *table = child<RecordTableView>(calls, QStringLiteral("unloopaCallsTable"));
    table->setCurrentIndex(model->index(endedCallsOfCampaign().first(), UnloopaCallStore::BusinessName));
    auto *transcript = child<QTextBrowser>(calls, QStringLiteral("unloopaTranscript"));
    QTRY_VERIFY_WITH_TIMEOUT(transcript->toPlainText().startsWith(QStringLiteral("Agent")), kSlowMs);
    QVERIFY2(transcript->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts).size() >= 2,
             qPrintable(transcript->toPlainText()));
}

CC_TEST_GUI_MAIN(TestUnloopaVoiceAcceptance)
#include "tst_unloopavoiceacceptance.moc"
