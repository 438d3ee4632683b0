// The Unloopa Voice page's Calls tab and single-call dialog offscreen on real widgets, against the
// sandbox over loopback, the real SQLite stores and the real outbound guard, driven like an
// operator: calls stored and browsed in the one table (outcomes in words, filters, a search that
// reaches the transcripts), a transcript read and searched, the analysis, the export; the opt-in
// that lists not_interested numbers; and one call placed after confirming its credit, refused for
// a listed number, needing a typed reason outside the calling window, impossible without credits.
//
// The guard's clock is fixed (a Wednesday at 08:30 in New York, 05:30 in Los Angeles), so what it
// decides does not depend on the hour the test runs at.

#include "MainWindow.h"
#include "TestMain.h"
#include "UnloopaGuiTestSupport.h"
#include "Wiring.h"

#include "UnloopaTestSupport.h"
#include "accounts/ServiceHub.h"
#include "common/ExportControl.h"
#include "common/RecordTableView.h"
#include "export/ExportJob.h"
#include "leads/LeadsPage.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "sandbox/UnloopaCallsSandbox.h"
#include "sandbox/UnloopaSandbox.h"
#include "table/RecordTableModel.h"
#include "unloopa/UnloopaCallsController.h"
#include "unloopa/UnloopaCallsPanel.h"
#include "unloopa/UnloopaVoicePage.h"
#include "unloopa/UnloopaVoiceService.h"
#include "unloopa/VoiceCallDialog.h"
#include "unloopa/VoiceSetupController.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTimer>

#include <memory>

namespace {

constexpr int kSlowMs = 120'000;

// Wednesday 10 June 2026, 08:30 in New York (EDT), 05:30 in Los Angeles.
QDateTime guardNow()
{
    return QDateTime(QDate(2026, 6, 10), QTime(12, 30), Qt::UTC);
}
const QString kNewYork = QStringLiteral("+12125550147");
const QString kLosAngeles = QStringLiteral("+13105550147");

} // namespace

class TestUnloopaCallsPanel : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;
    QTemporaryDir m_dir;
    std::unique_ptr<SqliteOutboundStore> m_outbound;
    std::unique_ptr<OutboundGuard> m_guard;

    template<typename T>
    static T *child(QObject *parent, const char *name)
    {
        T *found = parent->findChild<T *>(QString::fromLatin1(name));
        if (!found)
            qWarning("no child %s", name);
        return found;
    }

    // Ticks the override box, types `reason` and presses OK in the override dialog it opens.
    static void answerOverride(const QString &reason, bool *answered, int triesLeft = 400)
    {
        QTimer::singleShot(10, qApp, [=] {
            QWidget *open = QApplication::activeModalWidget();
            if (!open || open->objectName() != QStringLiteral("overrideReasonDialog")) {
                if (triesLeft > 0)
                    answerOverride(reason, answered, triesLeft - 1);
                return;
            }
            child<QCheckBox>(open, "overrideConfirm")->setChecked(true);
            child<QLineEdit>(open, "overrideReason")->setText(reason);
            child<QPushButton>(open, "overrideOk")->click();
            *answered = true;
        });
    }

    int requests(const char *verb, const QString &path) const
    {
        return m_rig->sandbox->requestCount(Vendor::Unloopa, verb, path);
    }

    std::unique_ptr<UnloopaVoicePage> newPage()
    {
        auto page = std::make_unique<UnloopaVoicePage>(
                m_rig->service, m_guard.get(),
                m_dir.filePath(QStringLiteral("console-%1.sqlite")
                                       .arg(QString::fromLatin1(QTest::currentTestFunction()))));
        page->resize(1400, 900);
        page->show();
        return page;
    }

    // A call on the sandbox as a campaign or the dialog would place it, ending as `ending`.
    void sandboxCall(const QString &business, const QString &phone, const QString &ending)
    {
        m_rig->sandbox->unloopa()->calls()->setNextEndings({ending});
        UnloopaSimulatedCall call;
        call.businessName = business;
        call.city = QStringLiteral("Miami");
        call.phoneNumber = phone;
        call.agentName = QStringLiteral("Eric");
        m_rig->sandbox->unloopa()->calls()->place(call, m_rig->sandbox->unloopa()->now());
    }

    // Every call placed so far ends on the sandbox clock.
    void finishCalls() { m_rig->sandbox->unloopa()->advanceClock(2 * 3600 * 1000); }

    static int rowOf(RecordTableModel *model, const QString &business)
    {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->table().text(model->tableRow(row), UnloopaCallStore::BusinessName) == business)
                return row;
        }
        return -1;
    }

    static QString shown(RecordTableView *table, int row, int column)
    {
        const QModelIndex index = table->model()->index(row, column);
        auto *delegate = qobject_cast<QStyledItemDelegate *>(table->itemDelegateForIndex(index));
        return delegate ? delegate->displayText(index.data(), QLocale()) : index.data().toString();
    }

    // A number and an agent on the sandbox account, as a single call needs.
    void buyNumberAndAgent(UnloopaVoicePage *page)
    {
        UnloopaVoiceService *voice = page->voiceService();
        const auto found = awaitResult<QList<UnloopaAvailableNumber>>([&](auto done) {
            UnloopaNumberSearch search;
            search.areaCode = QStringLiteral("305");
            voice->searchNumbers(search, this, done);
        });
        QVERIFY(found && found->ok() && !found->value().isEmpty());
        const auto bought = awaitResult<UnloopaPhoneNumber>(
                [&](auto done) { voice->buyNumber(found->value().first().phoneNumber, this, done); });
        QVERIFY(bought && bought->ok());
        UnloopaAgentFields fields;
        fields.name = QStringLiteral("Sales Agent");
        fields.voiceId = QStringLiteral("cjVigY5qzO86Huf0OWal");
        fields.voiceName = QStringLiteral("Eric");
        fields.script = QStringLiteral("You are a friendly sales rep calling {{business_name}}.");
        const auto agent =
                awaitResult<UnloopaVoiceAgent>([&](auto done) { voice->createAgent(fields, this, done); });
        QVERIFY(agent && agent->ok());
        page->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(page->controller()->agents().agents.size(), 1, kSlowMs);
        QTRY_COMPARE_WITH_TIMEOUT(page->controller()->numbers().count, 1, kSlowMs);
    }

    VoiceCallDialog *openDialog(UnloopaVoicePage *page)
    {
        page->placeCall();
        VoiceCallDialog *dialog = page->findChild<VoiceCallDialog *>();
        if (dialog)
            (void)QTest::qWaitForWindowExposed(dialog);
        return dialog;
    }

    void listed(const QString &number)
    {
        DncEntry entry;
        entry.kind = DncEntry::Kind::Phone;
        entry.value = number;
        entry.source = QStringLiteral("manual");
        entry.addedBy = QStringLiteral("tester");
        QVERIFY(m_outbound->addToDoNotContact({entry}));
    }

private Q_SLOTS:
    void init()
    {
        QSettings().remove(QStringLiteral("unloopa/voice/listNotInterested"));
        m_rig = std::make_unique<UnloopaRig>(5);
        QVERIFY(m_rig->started);
        m_rig->sandbox->unloopa()->setPlan(UnloopaSandbox::Plan::Pro);
        m_guard.reset();
        m_outbound = std::make_unique<SqliteOutboundStore>(m_dir.filePath(
                QStringLiteral("outbound-%1.sqlite").arg(QString::fromLatin1(QTest::currentTestFunction()))));
        m_guard = std::make_unique<OutboundGuard>(m_outbound.get(), CallingRules());
        m_guard->setClock([] { return guardNow(); });
        m_rig->client->setOutboundGate(m_guard.get());
    }
    void cleanup()
    {
        m_rig->client->setOutboundGate(nullptr);
        m_rig.reset();
        m_guard.reset();
        m_outbound.reset();
    }

    void browseFilterReadAndSearchTranscripts()
    {
        sandboxCall(QStringLiteral("Acme Plumbing"), QStringLiteral("+13055550101"),
                    QStringLiteral("interested"));
        sandboxCall(QStringLiteral("Bolt Electric"), QStringLiteral("+13055550102"),
                    QStringLiteral("not_interested"));
        sandboxCall(QStringLiteral("Cedar Roofing"), QStringLiteral("+13055550103"),
                    QStringLiteral("voicemail"));
        finishCalls();

        auto page = newPage();
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        auto *tabs = child<QTabWidget>(page.get(), "unloopaVoiceTabs");
        auto *panel = child<UnloopaCallsPanel>(page.get(), "unloopaCallsPanel");
        QVERIFY(tabs && panel);
        tabs->setCurrentWidget(panel);
        auto *table = child<RecordTableView>(panel, "unloopaCallsTable");
        RecordTableModel *model = page->callsController()->calls();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, kSlowMs);
        QTRY_VERIFY_WITH_TIMEOUT(!page->callsController()->isRefreshing(), kSlowMs);
        QVERIFY(!child<QLabel>(panel, "unloopaCallsEmpty")->isVisible());

        // Outcomes and statuses read as words; the cell keeps Unloopa's code.
        const int bolt = rowOf(model, QStringLiteral("Bolt Electric"));
        QVERIFY(bolt >= 0);
        QCOMPARE(shown(table, bolt, UnloopaCallStore::Outcome), QStringLiteral("Not interested"));
        QCOMPARE(shown(table, bolt, UnloopaCallStore::Status), QStringLiteral("Completed"));
        QCOMPARE(model->index(bolt, UnloopaCallStore::Outcome).data().toString(),
                 QStringLiteral("not_interested"));
        QCOMPARE(shown(table, rowOf(model, QStringLiteral("Cedar Roofing")), UnloopaCallStore::Outcome),
                 QStringLiteral("Voicemail"));

        // The outcome filter: shown at once over the stored calls, and asked of Unloopa.
        auto *outcome = child<QComboBox>(panel, "unloopaCallsOutcome");
        QCOMPARE(outcome->itemText(outcome->findData(QStringLiteral("no_answer"))),
                 QStringLiteral("No answer"));
        const int listsBefore = requests("GET", QStringLiteral("/voice/calls"));
        outcome->setCurrentIndex(outcome->findData(QStringLiteral("interested")));
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, kSlowMs);
        QCOMPARE(model->table().text(model->tableRow(0), UnloopaCallStore::BusinessName),
                 QStringLiteral("Acme Plumbing"));
        QTRY_VERIFY_WITH_TIMEOUT(requests("GET", QStringLiteral("/voice/calls")) > listsBefore, kSlowMs);
        QTRY_VERIFY_WITH_TIMEOUT(!page->callsController()->isRefreshing(), kSlowMs);
        QCOMPARE(page->callsController()->filter().outcome, QStringLiteral("interested"));
        QCOMPARE(model->rowCount(), 1);
        outcome->setCurrentIndex(0);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, kSlowMs);

        // The search reaches the transcripts: only the not-interested call's agent was "sorry to bother".
        auto *search = child<QLineEdit>(panel, "unloopaCallsSearch");
        QTest::keyClicks(search, QStringLiteral("bother"));
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, kSlowMs);
        QCOMPARE(model->table().text(model->tableRow(0), UnloopaCallStore::BusinessName),
                 QStringLiteral("Bolt Electric"));
        search->clear();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, kSlowMs);

        // The detail: the transcript turn by turn, the analysis in words.
        const int acme = rowOf(model, QStringLiteral("Acme Plumbing"));
        table->setCurrentIndex(model->index(acme, UnloopaCallStore::BusinessName));
        auto *transcript = child<QTextBrowser>(panel, "unloopaTranscript");
        QTRY_VERIFY_WITH_TIMEOUT(
                transcript->toPlainText().contains(QStringLiteral("email the link and pricing")), kSlowMs);
        const QStringList lines = transcript->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.size() >= 5, qPrintable(transcript->toPlainText()));
        QVERIFY2(lines.first().startsWith(QStringLiteral("Agent")), qPrintable(lines.first()));
        QVERIFY2(lines.at(1).startsWith(QStringLiteral("Callee")), qPrintable(lines.at(1)));
        const QString analysis = child<QLabel>(panel, "unloopaCallAnalysis")->text();
        QVERIFY2(analysis.contains(QStringLiteral("Interest level")), qPrintable(analysis));
        QVERIFY2(analysis.contains(QStringLiteral("Summary")), qPrintable(analysis));
        QVERIFY2(child<QLabel>(panel, "unloopaCallHeader")->text().contains(QStringLiteral("Interested")),
                 qPrintable(child<QLabel>(panel, "unloopaCallHeader")->text()));

        // Ctrl+F finds in the transcript: every match marked, Enter selects the next.
        QTest::keyClick(table, Qt::Key_F, Qt::ControlModifier);
        auto *find = child<QLineEdit>(panel, "unloopaTranscriptFind");
        QVERIFY(find->hasFocus());
        QTest::keyClicks(find, QStringLiteral("the"));
        QVERIFY(transcript->extraSelections().size() >= 2);
        QCOMPARE(child<QLabel>(panel, "unloopaTranscriptMatches")->text(),
                 QStringLiteral("%1 match(es)").arg(transcript->extraSelections().size()));
        QTest::keyClick(find, Qt::Key_Return);
        QCOMPARE(transcript->textCursor().selectedText().toLower(), QStringLiteral("the"));
        const int first = transcript->textCursor().position();
        QTest::keyClick(find, Qt::Key_Return);
        QVERIFY(transcript->textCursor().position() > first);
        find->setText(QStringLiteral("zebra"));
        QCOMPARE(child<QLabel>(panel, "unloopaTranscriptMatches")->text(), QStringLiteral("No match"));
        QVERIFY(transcript->extraSelections().isEmpty());

        // Export: what the table shows.
        ExportControl *exporter = panel->exportControl();
        const QString csv = m_dir.filePath(QStringLiteral("calls.csv"));
        exporter->setPathChooser([csv](const QString &, CsvProfile) { return csv; });
        QSignalSpy exported(exporter->job(), &ExportJob::finished);
        exporter->requestExport(CsvProfile::Machine);
        QVERIFY(exported.wait(kSlowMs));
        const QJsonObject parsed = readCsvWithPython(csv);
        const QJsonArray rows = parsed.value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.size(), 1 + 3);
        QVERIFY(rows.at(0).toArray().contains(QStringLiteral("outcome")));

        // Stored: a new page shows the calls with Unloopa unreachable.
        page.reset();
        m_rig->sandbox->unloopa()->setPlan(UnloopaSandbox::Plan::Free);
        auto again = newPage();
        QTRY_COMPARE_WITH_TIMEOUT(again->callsController()->calls()->rowCount(), 3, kSlowMs);
    }

    void notInterestedNumbersListedOnlyWhenChosen()
    {
        sandboxCall(QStringLiteral("Bolt Electric"), QStringLiteral("+13055550102"),
                    QStringLiteral("not_interested"));
        sandboxCall(QStringLiteral("Acme Plumbing"), QStringLiteral("+13055550101"),
                    QStringLiteral("interested"));
        finishCalls();
        auto page = newPage();
        auto *panel = child<UnloopaCallsPanel>(page.get(), "unloopaCallsPanel");
        child<QTabWidget>(page.get(), "unloopaVoiceTabs")->setCurrentWidget(panel);
        RecordTableModel *model = page->callsController()->calls();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, kSlowMs);
        QTRY_VERIFY_WITH_TIMEOUT(!page->callsController()->isRefreshing(), kSlowMs);
        // Not chosen: nothing listed.
        QVERIFY(!m_outbound->listedEntry(Recipient::phone(QStringLiteral("+13055550102"))));

        auto *optIn = child<QCheckBox>(panel, "unloopaCallsListNotInterested");
        QVERIFY(!optIn->isChecked());
        QString seen;
        answerConfirmation(QStringLiteral("unloopaCallsConfirmListing"), QStringLiteral("cancel"), &seen);
        optIn->click();
        QVERIFY2(seen.contains(QStringLiteral("1 stored call")), qPrintable(seen));
        QVERIFY(!optIn->isChecked());
        QVERIFY(!page->callsController()->listsNotInterested());
        QVERIFY(!m_outbound->listedEntry(Recipient::phone(QStringLiteral("+13055550102"))));

        answerConfirmation(QStringLiteral("unloopaCallsConfirmListing"),
                           QStringLiteral("unloopaCallsConfirmListingButton"), &seen);
        optIn->click();
        QVERIFY(optIn->isChecked());
        const std::optional<DncEntry> entry =
                m_outbound->listedEntry(Recipient::phone(QStringLiteral("+13055550102")));
        QVERIFY(entry);
        QCOMPARE(entry->source, QStringLiteral("unloopa_not_interested"));
        QVERIFY(!m_outbound->listedEntry(Recipient::phone(QStringLiteral("+13055550101"))));
        auto *message = child<QLabel>(panel, "unloopaCallsMessage");
        QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QStringLiteral("do-not-contact")), kSlowMs);

        // From now on, a call that ends not interested is listed after the refresh that sees it.
        sandboxCall(QStringLiteral("Dune Dental"), QStringLiteral("+13055550104"),
                    QStringLiteral("not_interested"));
        finishCalls();
        page->callsController()->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, kSlowMs);
        QTRY_VERIFY_WITH_TIMEOUT(m_outbound->listedEntry(Recipient::phone(QStringLiteral("+13055550104"))),
                                 kSlowMs);
        // The choice is remembered.
        auto *other = new UnloopaCallsController(m_rig->service, page->voiceService(), m_guard.get(),
                                                 m_dir.filePath(QStringLiteral("other.sqlite")), page.get());
        QVERIFY(other->listsNotInterested());
    }

    void singleCallConfirmedOnceAndListed()
    {
        auto page = newPage();
        buyNumberAndAgent(page.get());
        VoiceCallDialog *dialog = openDialog(page.get());
        QVERIFY(dialog);
        auto *call = child<QPushButton>(dialog, "voiceCallButton");
        auto *number = child<QLineEdit>(dialog, "voiceCallNumber");
        QVERIFY(!call->isEnabled()); // no number yet
        QVERIFY(child<QLabel>(dialog, "voiceCallCost")->text().contains(QStringLiteral("1 voice credit")));

        // Typed as a person would; made E.164 with libphonenumber.
        QTest::keyClicks(number, QStringLiteral("(212) 555-0147"));
        QVERIFY(child<QLabel>(dialog, "voiceCallNormalised")
                        ->text()
                        .contains(QStringLiteral("+1 212-555-0147")));
        QCOMPARE(dialog->request().phoneNumber, kNewYork);
        QVERIFY(dialog->decision().allAllowed());
        QVERIFY(call->isEnabled());

        // Cancel sends nothing.
        QString seen;
        answerConfirmation(QStringLiteral("voiceCallConfirm"), QStringLiteral("cancel"), &seen);
        call->click();
        QVERIFY2(seen.contains(QStringLiteral("1 voice credit (45 left)")), qPrintable(seen));
        QCOMPARE(requests("POST", QStringLiteral("/voice/call")), 0);

        QSignalSpy placed(dialog, &VoiceCallDialog::callPlaced);
        answerConfirmation(QStringLiteral("voiceCallConfirm"), QStringLiteral("voiceCallConfirmButton"),
                           &seen);
        call->click();
        QVERIFY(!call->isEnabled()); // in flight: a second click cannot call again
        call->click();
        QTRY_VERIFY2_WITH_TIMEOUT(placed.size() == 1,
                                  qPrintable(child<QLabel>(dialog, "voiceCallResult")->text()), kSlowMs);
        QCOMPARE(requests("POST", QStringLiteral("/voice/call")), 1);
        QVERIFY(number->text().isEmpty()); // not placed again by accident
        QVERIFY(child<QLabel>(dialog, "voiceCallResult")->text().contains(QStringLiteral("started")));
        // Through the guard: an audit row for the number, the intent settled.
        const QList<OutboundIntent> intents = m_outbound->intents(Vendor::Unloopa);
        QCOMPARE(intents.size(), 1);
        QCOMPARE(intents.first().action, QStringLiteral("voice_call"));
        QCOMPARE(intents.first().state, OutboundIntent::State::Sent);
        // The call is listed in the Calls tab, and its transcript follows once it ends.
        RecordTableModel *model = page->callsController()->calls();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, kSlowMs);
        QCOMPARE(model->table().text(model->tableRow(0), UnloopaCallStore::PhoneNumber), kNewYork);
        QTRY_COMPARE_WITH_TIMEOUT(page->controller()->quota()->voiceCredits, 44, kSlowMs);
        QVERIFY(child<QLabel>(dialog, "voiceCallCost")->text().contains(QStringLiteral("44 left")));
    }

    void singleCallRefusedOrOverriddenByTheGuard()
    {
        auto page = newPage();
        buyNumberAndAgent(page.get());
        listed(kNewYork);
        VoiceCallDialog *dialog = openDialog(page.get());
        QVERIFY(dialog);
        auto *call = child<QPushButton>(dialog, "voiceCallButton");
        auto *number = child<QLineEdit>(dialog, "voiceCallNumber");
        auto *verdict = child<QLabel>(dialog, "voiceCallVerdict");
        auto *override = child<QPushButton>(dialog, "voiceCallOverride");

        // Listed: refused, and no override offered.
        number->setText(kNewYork);
        QVERIFY2(verdict->text().startsWith(QStringLiteral("Cannot be called")), qPrintable(verdict->text()));
        QVERIFY(!call->isEnabled());
        QVERIFY(!override->isVisible());

        // Outside the calling window (05:30 in Los Angeles): only with a ticked box and a reason.
        number->setText(kLosAngeles);
        QCOMPARE(dialog->decision().verdicts.value(0).verdict, RecipientVerdict::Verdict::NeedsOverride);
        QVERIFY(!call->isEnabled());
        QVERIFY(override->isVisible());
        bool answered = false;
        answerOverride(QStringLiteral("The owner asked for an early call"), &answered);
        override->click();
        QVERIFY(answered);
        QVERIFY(dialog->decision().allAllowed());
        QVERIFY(dialog->decision().verdicts.value(0).overridden);
        QVERIFY(call->isEnabled());
        QString seen;
        answerConfirmation(QStringLiteral("voiceCallConfirm"), QStringLiteral("cancel"), &seen);
        call->click();
        QVERIFY2(seen.contains(QStringLiteral("The owner asked for an early call")), qPrintable(seen));
        // Another number: the override does not carry over, even back to the same one.
        number->setText(kNewYork);
        number->setText(kLosAngeles);
        QCOMPARE(dialog->decision().verdicts.value(0).verdict, RecipientVerdict::Verdict::NeedsOverride);
        QVERIFY(!call->isEnabled());
        QCOMPARE(requests("POST", QStringLiteral("/voice/call")), 0);
    }

    void noCallWithoutCredits()
    {
        m_rig->sandbox->unloopa()->setVoiceCredits(0);
        auto page = newPage();
        buyNumberAndAgent(page.get());
        QTRY_VERIFY_WITH_TIMEOUT(page->controller()->quota().has_value(), kSlowMs);
        VoiceCallDialog *dialog = openDialog(page.get());
        QVERIFY(dialog);
        child<QLineEdit>(dialog, "voiceCallNumber")->setText(kNewYork);
        QVERIFY(dialog->decision().allAllowed()); // the guard has nothing against it
        QVERIFY(!child<QPushButton>(dialog, "voiceCallButton")->isEnabled());
        const QString cost = child<QLabel>(dialog, "voiceCallCost")->text();
        QVERIFY2(cost.contains(QStringLiteral("https://whop.com/checkout/")), qPrintable(cost));
        QCOMPARE(requests("POST", QStringLiteral("/voice/call")), 0);
    }

    void callLeadFillsTheDialog()
    {
        auto page = newPage();
        buyNumberAndAgent(page.get());
        UnloopaLead lead;
        lead.id = QStringLiteral("lead-1");
        lead.businessName = QStringLiteral("Acme Plumbing");
        lead.city = QStringLiteral("New York");
        lead.industry = QStringLiteral("Plumber");
        lead.phone = kNewYork;
        page->callLead(lead);
        auto *dialog = page->findChild<VoiceCallDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->request().phoneNumber, kNewYork);
        QCOMPARE(dialog->request().dynamicVariables.value(QStringLiteral("business_name")),
                 QStringLiteral("Acme Plumbing"));
        QCOMPARE(dialog->request().dynamicVariables.value(QStringLiteral("city")),
                 QStringLiteral("New York"));
        QVERIFY(child<QLabel>(dialog, "voiceCallLead")->text().contains(QStringLiteral("Acme Plumbing")));
        QCOMPARE(requests("POST", QStringLiteral("/voice/call")), 0); // nothing without the operator's say
    }

    // The Leads page's "Call with Unloopa agent…" opens this dialog for the lead, through the main
    // window in demo mode; the operator stays on the Leads page and nothing is sent.
    void leadsPageCallOpensTheDialog()
    {
        Wiring::Demo demo;
        QVERIFY2(demo.start(), qPrintable(demo.errorString()));
        ServiceHub hub(demo.hubOptions());
        demo.installCredentials(hub);
        MainWindow window(&hub);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.isStarted(), kSlowMs);
        window.showPage(QStringLiteral("leads"));
        auto *leads = qobject_cast<LeadsPage *>(window.page(QStringLiteral("leads")));
        QVERIFY(leads);

        UnloopaLead lead;
        lead.id = QStringLiteral("lead-1");
        lead.businessName = QStringLiteral("Acme Plumbing");
        lead.city = QStringLiteral("New York");
        lead.phone = kNewYork;
        Q_EMIT leads->voiceCallRequested(lead);
        auto *voice = qobject_cast<UnloopaVoicePage *>(window.page(QStringLiteral("unloopa-voice")));
        QVERIFY(voice);
        auto *dialog = voice->findChild<VoiceCallDialog *>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QCOMPARE(dialog->request().phoneNumber, kNewYork);
        QCOMPARE(dialog->request().dynamicVariables.value(QStringLiteral("business_name")),
                 QStringLiteral("Acme Plumbing"));
        QCOMPARE(window.currentPageId(), QStringLiteral("leads"));
        dialog->reject();
        QCOMPARE(demo.sandbox()->requestCount(Vendor::Unloopa, "POST", QStringLiteral("/voice/call")), 0);
    }
};

CC_TEST_GUI_MAIN(TestUnloopaCallsPanel)
#include "tst_unloopacallspanel.moc"
