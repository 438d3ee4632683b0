// The Unloopa Outreach page offscreen on real widgets against the sandbox, driven like an operator:
// the email setup with each account's warm-up and health and the summary, as Unloopa reports them;
// the setup link when nothing is connected; prebuilt templates read-only, a custom one created,
// changed, made the default and deleted after a confirmation; placeholders highlighted, {{video_url}}
// flagged on a plan without video; the preview filled from a lead picked from the local store.

#include "TestMain.h"
#include "UnloopaGuiTestSupport.h"

#include "UnloopaTestSupport.h"
#include "controllers/LeadsController.h"
#include "email/PlaceholderHighlighter.h"
#include "sandbox/UnloopaOutreachSandbox.h"
#include "sandbox/UnloopaSandbox.h"
#include "store/LeadStore.h"
#include "table/RecordTableModel.h"
#include "unloopa/OutreachController.h"
#include "unloopa/UnloopaOutreachPage.h"
#include "unloopa/UnloopaOutreachService.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextLayout>
#include <QTimer>
#include <QTreeWidget>

#include <memory>
#include <optional>

class TestUnloopaOutreachPage : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;
    QTemporaryDir m_dir;
    QString m_dbPath;

    UnloopaSandbox *module() const { return m_rig->sandbox->unloopa(); }

    template<typename T>
    static T *child(QWidget *page, const char *name)
    {
        T *found = page->findChild<T *>(QString::fromLatin1(name));
        if (!found)
            qWarning("no child %s", name);
        return found;
    }

    int requests(const char *verb, const QString &path) const
    {
        return m_rig->sandbox->requestCount(Vendor::Unloopa, verb, path);
    }

    std::unique_ptr<UnloopaOutreachPage> newPage()
    {
        auto page = std::make_unique<UnloopaOutreachPage>(m_rig->service, nullptr, m_dbPath);
        page->resize(1300, 850);
        page->show();
        if (!QTest::qWaitForWindowExposed(page.get()))
            qWarning("the page was not exposed");
        return page;
    }

    // What Unloopa itself answers, read with the service (the page must show exactly this).
    UnloopaOutreachStatus statusFromTheApi()
    {
        UnloopaOutreachService outreach(m_rig->service);
        auto r = awaitResult<UnloopaOutreachStatus>(
                [&](auto done) { outreach.fetchStatus(&outreach, std::move(done)); });
        return r && r->ok() ? r->value() : UnloopaOutreachStatus{};
    }

    static QString cell(RecordTableModel *model, const QString &email, const char *key)
    {
        const int emailColumn = model->schema().indexOf(u"email");
        const int column = model->schema().indexOf(QString::fromLatin1(key));
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, emailColumn).data().toString() == email)
                return model->index(row, column).data().toString();
        }
        return QStringLiteral("<no row for %1>").arg(email);
    }

    static QTreeWidgetItem *templateItem(QTreeWidget *list, const QString &name)
    {
        for (int g = 0; g < list->topLevelItemCount(); ++g) {
            QTreeWidgetItem *group = list->topLevelItem(g);
            for (int i = 0; i < group->childCount(); ++i) {
                if (group->child(i)->text(0) == name)
                    return group->child(i);
            }
        }
        return nullptr;
    }

    // The format the highlighter gave the first character of `token` in `edit`.
    static std::optional<QTextCharFormat> formatAt(QPlainTextEdit *edit, const QString &token)
    {
        const int at = int(edit->toPlainText().indexOf(token));
        if (at < 0)
            return std::nullopt;
        const QTextBlock block = edit->document()->findBlock(at);
        const int inBlock = at - block.position();
        for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
            if (range.start <= inBlock && inBlock < range.start + range.length)
                return range.format;
        }
        return std::nullopt;
    }

    static bool flaggedAsUnknown(QPlainTextEdit *edit, const QString &token)
    {
        const auto format = formatAt(edit, token);
        return format && format->underlineStyle() == QTextCharFormat::WaveUnderline;
    }

    static bool highlightedAsKnown(QPlainTextEdit *edit, const QString &token)
    {
        const auto format = formatAt(edit, token);
        return format && format->fontWeight() == QFont::Bold &&
                format->underlineStyle() != QTextCharFormat::WaveUnderline;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dbPath = m_dir.filePath(QStringLiteral("console.sqlite"));
        // Two leads kept locally, as the Leads page would have stored them.
        Database db(m_dbPath);
        QVERIFY(LeadsController::openDatabase(db).ok());
        UnloopaLead acme;
        acme.id = QStringLiteral("3f0d7c1e-0000-4000-8000-000000000001");
        acme.businessName = QStringLiteral("Acme Plumbing");
        acme.city = QStringLiteral("Miami");
        acme.industry = QStringLiteral("Plumber");
        acme.email = QStringLiteral("info@acme-plumbing.example");
        acme.url = QUrl(QStringLiteral("https://unlora.com/acme-plumbing-miami"));
        UnloopaLead bistro;
        bistro.id = QStringLiteral("3f0d7c1e-0000-4000-8000-000000000002");
        bistro.businessName = QStringLiteral("Bistro Verde");
        bistro.city = QStringLiteral("Austin");
        bistro.industry = QStringLiteral("Restaurant");
        bistro.url = QUrl(QStringLiteral("https://unlora.com/bistro-verde-austin"));
        bistro.videoUrl = QUrl(QStringLiteral("https://video.example/bistro-verde.mp4"));
        QVERIFY(LeadStore(&db).saveLeads({acme, bistro}).ok());
    }

    void init()
    {
        m_rig = std::make_unique<UnloopaRig>(5);
        QVERIFY(m_rig->started);
        module()->setPlan(UnloopaSandbox::Plan::Pro);
    }
    void cleanup() { m_rig.reset(); }

    void statusShowsAccountsWarmupHealthAndSummaryAsReported()
    {
        const UnloopaOutreachStatus api = statusFromTheApi();
        QCOMPARE(api.accounts.size(), 2);
        auto page = newPage();
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        auto *configured = child<QLabel>(page.get(), "outreachConfigured");
        QTRY_VERIFY_WITH_TIMEOUT(configured->text().contains(QStringLiteral("is set up")), 30'000);
        QVERIFY(configured->text().contains(QStringLiteral("2 sending account(s)")));

        RecordTableModel *accounts = page->controller()->accounts();
        QCOMPARE(accounts->rowCount(), 2);
        QVERIFY(child<QWidget>(page.get(), "outreachAccounts")->isVisible());
        QVERIFY(!child<QLabel>(page.get(), "outreachAccountsEmpty")->isVisible());
        for (const UnloopaSendingAccount &account : api.accounts) {
            QCOMPARE(cell(accounts, account.email, "dailyLimit"), QString::number(account.dailyLimit));
            QCOMPARE(cell(accounts, account.email, "sentToday"), QString::number(account.sentToday));
            QCOMPARE(cell(accounts, account.email, "remainingToday"),
                     QString::number(account.remainingToday));
            QCOMPARE(cell(accounts, account.email, "health"), account.health.status);
            QCOMPARE(cell(accounts, account.email, "healthScore"), QString::number(account.health.score));
        }
        // The account connected 9 days ago is warming up: the day Unloopa reports, of the 4 weeks.
        const UnloopaSendingAccount warming = api.accounts.at(1);
        QVERIFY(warming.warmupEnabled && warming.warmupDay > 0);
        QCOMPARE(cell(accounts, warming.email, "warmup"),
                 QStringLiteral("day %1 of 28").arg(warming.warmupDay));
        QCOMPARE(cell(accounts, warming.email, "health"), QStringLiteral("warning"));

        const UnloopaOutreachSummary &s = api.summary;
        const QString capacity = child<QLabel>(page.get(), "outreachCapacity")->text();
        QVERIFY2(capacity.contains(
                         QStringLiteral("%1 emails a day across 2 account(s)").arg(s.totalDailyCapacity)) &&
                         capacity.contains(QStringLiteral("%1 sent, %2 remaining")
                                                   .arg(s.totalSentToday)
                                                   .arg(s.totalRemainingToday)),
                 qPrintable(capacity));
        QCOMPARE(child<QLabel>(page.get(), "outreachQueue")->text(),
                 QStringLiteral("%1 email(s) waiting to be sent").arg(s.pendingInQueue));
        QCOMPARE(s.accountsWithHealthIssues, 1);
        QVERIFY(child<QLabel>(page.get(), "outreachHealthIssues")
                        ->text()
                        .startsWith(QStringLiteral("1 account(s) with health issues")));
        // Reading the page sent nothing to anyone.
        QCOMPARE(requests("POST", QStringLiteral("/outreach/send")), 0);
    }

    void notConfiguredShowsTheSetupLink()
    {
        module()->outreach()->setConfigured(false);
        auto page = newPage();
        auto *configured = child<QLabel>(page.get(), "outreachConfigured");
        QTRY_VERIFY_WITH_TIMEOUT(configured->text().contains(QStringLiteral("not set up")), 30'000);
        QVERIFY2(
                configured->text().contains(QStringLiteral("href=\"%1\"")
                                                    .arg(UnloopaOutreachSandbox::setupUrl().toHtmlEscaped())),
                qPrintable(configured->text()));
        QVERIFY(child<QLabel>(page.get(), "outreachAccountsEmpty")->isVisible());
        QVERIFY(!child<QWidget>(page.get(), "outreachAccounts")->isVisible());

        // Connected since (F5): the accounts are shown.
        module()->outreach()->setConfigured(true);
        QTest::keyClick(page.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(configured->text().contains(QStringLiteral("is set up")), 30'000);
        QVERIFY(!child<QLabel>(page.get(), "outreachAccountsEmpty")->isVisible());
    }

    void prebuiltReadOnlyCustomCreatedChangedMadeDefaultDeleted()
    {
        auto page = newPage();
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        child<QTabWidget>(page.get(), "unloopaOutreachTabs")->setCurrentIndex(1);
        auto *list = child<QTreeWidget>(page.get(), "outreachTemplates");
        QTRY_VERIFY_WITH_TIMEOUT(templateItem(list, QStringLiteral("New Website Ready")), 30'000);
        auto *name = child<QLineEdit>(page.get(), "templateName");
        auto *subject = child<QPlainTextEdit>(page.get(), "templateSubject");
        auto *body = child<QPlainTextEdit>(page.get(), "templateBody");
        auto *save = child<QPushButton>(page.get(), "templateSave");
        auto *makeDefault = child<QPushButton>(page.get(), "templateMakeDefault");
        auto *remove = child<QPushButton>(page.get(), "templateDelete");

        // A prebuilt template opens read-only: nothing to save, delete or make default.
        templateItem(list, QStringLiteral("New Website Ready"))->setSelected(true);
        QCOMPARE(name->text(), QStringLiteral("New Website Ready"));
        QVERIFY(subject->isReadOnly() && body->isReadOnly() && name->isReadOnly());
        QVERIFY(!save->isEnabled() && !remove->isEnabled() && !makeDefault->isEnabled());
        QVERIFY(child<QLabel>(page.get(), "templateEditing")->text().contains(QStringLiteral("read-only")));

        // A new custom template: Ctrl+N, fill in, Ctrl+S.
        list->setFocus();
        QTest::keyClick(list, Qt::Key_N, Qt::ControlModifier);
        QVERIFY(!subject->isReadOnly());
        QVERIFY(!save->isEnabled()); // name, subject and body are required
        QTest::keyClicks(name, QStringLiteral("Miami Pitch"));
        QTest::keyClicks(subject, QStringLiteral("{{business_name}} - New Website Ready"));
        QTest::keyClicks(body, QStringLiteral("Hi! I built a website for {{business_name}} in {{city}}."));
        QVERIFY(save->isEnabled());
        QTest::keyClick(body, Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(templateItem(list, QStringLiteral("Miami Pitch")), 30'000);
        QCOMPARE(requests("POST", QStringLiteral("/outreach/templates")), 1);
        const QString id = page->controller()->templates().custom.value(0).id;
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY(templateItem(list, QStringLiteral("Miami Pitch"))->isSelected()); // kept selected
        QVERIFY(child<QLabel>(page.get(), "templateEditing")->text().contains(QStringLiteral("Editing")));

        // Changed: the subject only differs; saved with PATCH, read back.
        subject->selectAll();
        QTest::keyClicks(subject, QStringLiteral("A website for {{business_name}}"));
        save->click();
        const QString path = QStringLiteral("/outreach/templates/") + id;
        QTRY_COMPARE_WITH_TIMEOUT(requests("PATCH", path), 1, 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(page->controller()->findTemplate(id).value_or(UnloopaTemplate{}).subject,
                                  QStringLiteral("A website for {{business_name}}"), 30'000);

        // Made the default: marked in the list, the prebuilt default no longer.
        QTRY_VERIFY(makeDefault->isEnabled());
        makeDefault->click();
        QTRY_COMPARE_WITH_TIMEOUT(templateItem(list, QStringLiteral("Miami Pitch"))->text(2),
                                  QStringLiteral("default"), 30'000);
        QCOMPARE(templateItem(list, QStringLiteral("New Website Ready"))->text(2), QString());
        QCOMPARE(requests("PATCH", path), 2);

        // Delete asks first: Cancel sends nothing; Delete removes it.
        QTRY_VERIFY(remove->isEnabled());
        QString seen;
        answerConfirmation(QStringLiteral("templateConfirmDelete"), QStringLiteral("cancel"), &seen);
        remove->click();
        QVERIFY2(seen.contains(QStringLiteral("Miami Pitch")) &&
                         seen.contains(QStringLiteral("default template")),
                 qPrintable(seen));
        QCOMPARE(requests("DELETE", path), 0);
        // The Delete key in the list does the same (the window is active again once the box closed).
        page->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(page.get()));
        list->setFocus();
        QTRY_VERIFY(list->hasFocus());
        answerConfirmation(QStringLiteral("templateConfirmDelete"),
                           QStringLiteral("templateConfirmDeleteButton"), &seen);
        QTest::keyClick(list, Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(!templateItem(list, QStringLiteral("Miami Pitch")), 30'000);
        QCOMPARE(requests("DELETE", path), 1);
        QVERIFY(name->text().isEmpty()); // back to a new template
    }

    void placeholdersHighlightedAndVideoFlaggedWithoutPro()
    {
        auto page = newPage();
        child<QTabWidget>(page.get(), "unloopaOutreachTabs")->setCurrentIndex(1);
        QTRY_VERIFY_WITH_TIMEOUT(page->controller()->quota().has_value(), 30'000);
        auto *body = child<QPlainTextEdit>(page.get(), "templateBody");
        auto *flagged = child<QLabel>(page.get(), "templateFlagged");
        body->setPlainText(
                QStringLiteral("Hi {{business_name}}, here is your video: {{video_url}} {{owner_name}}"));

        // Pro: every documented placeholder is highlighted as known; an unknown name is flagged.
        QVERIFY(highlightedAsKnown(body, QStringLiteral("{{business_name}}")));
        QVERIFY(highlightedAsKnown(body, QStringLiteral("{{video_url}}")));
        QVERIFY(flaggedAsUnknown(body, QStringLiteral("{{owner_name}}")));
        QVERIFY(flagged->isVisible());
        QVERIFY(flagged->text().contains(QStringLiteral("{{owner_name}}")));
        QVERIFY(!flagged->text().contains(QStringLiteral("{{video_url}}")));

        // A plan without video (after F5): {{video_url}} is flagged, with the upgrade link.
        module()->setPlan(UnloopaSandbox::Plan::Free);
        QTest::keyClick(page.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(flaggedAsUnknown(body, QStringLiteral("{{video_url}}")), 30'000);
        QVERIFY(highlightedAsKnown(body, QStringLiteral("{{business_name}}")));
        QVERIFY2(flagged->text().contains(QStringLiteral("{{video_url}} will not fill in")) &&
                         flagged->text().contains(QStringLiteral("href=\"https://whop.com/unloopa/\"")),
                 qPrintable(flagged->text()));
        QVERIFY(child<QLabel>(page.get(), "templatePlaceholders")
                        ->text()
                        .contains(QStringLiteral("needs Pro")));
    }

    void previewFilledFromAPickedLead()
    {
        auto page = newPage();
        child<QTabWidget>(page.get(), "unloopaOutreachTabs")->setCurrentIndex(1);
        auto *lead = child<QComboBox>(page.get(), "previewLead");
        QCOMPARE(lead->count(), 2); // both stored leads, by name
        auto *subject = child<QPlainTextEdit>(page.get(), "templateSubject");
        auto *body = child<QPlainTextEdit>(page.get(), "templateBody");
        auto *preview = child<QPlainTextEdit>(page.get(), "templatePreview");
        QTest::keyClicks(subject, QStringLiteral("{{business_name}} - New Website Ready"));
        QTest::keyClicks(
                body, QStringLiteral("A site for {{industry}} in {{city}}: {{website_url}} {{video_url}}"));

        // Search narrows the stored leads; the preview follows the one picked.
        auto *search = child<QLineEdit>(page.get(), "previewLeadSearch");
        QTest::keyClicks(search, QStringLiteral("miami"));
        QCOMPARE(lead->count(), 1);
        QCOMPARE(lead->currentText(),
                 QStringLiteral("Acme Plumbing \u2014 Miami (info@acme-plumbing.example)"));
        QCOMPARE(preview->toPlainText(),
                 QStringLiteral(
                         "To: info@acme-plumbing.example\nSubject: Acme Plumbing - New Website Ready\n\n"
                         "A site for Plumber in Miami: https://unlora.com/acme-plumbing-miami [no "
                         "video_url]"));

        search->clear();
        QCOMPARE(lead->count(), 2);
        lead->setCurrentIndex(lead->findText(QStringLiteral("Bistro Verde"), Qt::MatchStartsWith));
        QVERIFY(preview->toPlainText().contains(QStringLiteral("Subject: Bistro Verde - New Website Ready")));
        QVERIFY(preview->toPlainText().contains(
                QStringLiteral("Restaurant in Austin: https://unlora.com/bistro-verde-austin "
                               "https://video.example/bistro-verde.mp4")));
        QVERIFY(preview->toPlainText().startsWith(QStringLiteral("To: (this lead has no email)")));

        QTest::keyClicks(search, QStringLiteral("nobody-matches"));
        QCOMPARE(lead->count(), 0);
        QVERIFY(child<QLabel>(page.get(), "previewNoLeads")->isVisible());
        QVERIFY(preview->toPlainText().isEmpty());
    }
};

CC_TEST_GUI_MAIN(TestUnloopaOutreachPage)
#include "tst_unloopaoutreachpage.moc"
