// The console's main window in demo mode, driven through its real widgets (offscreen): every page
// is reachable, each vendor's connection is tested from the Accounts page by clicking the button,
// a wrong key shows the 401 explanation, the window's layout survives a restart, and the window
// appears before the work its first frame does not need (pages, store, sandbox, connection tests).

#include "FirstExpose.h"
#include "MainWindow.h"
#include "TestMain.h"
#include "Wiring.h"
#include "accounts/AccountsPage.h"
#include "accounts/ConnectionTester.h"
#include "accounts/ServiceHub.h"
#include "accounts/VendorAccountPanel.h"
#include "common/LayoutMemory.h"
#include "common/Notifier.h"
#include "common/SecretLineEdit.h"
#include "common/VendorStatusIndicators.h"
#include "events/LiveEvents.h"
#include "pages/DashboardPage.h"
#include "pages/SettingsPage.h"
#include "sandbox/SandboxServer.h"
#include "store/Database.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

#include <memory>

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsDemoModeClearly();
    void visitsEveryPageByClickAndShortcut();
    void pageShortcutsDoNotClashWithWindowShortcuts();
    void testsEachVendorFromTheAccountsPage_data();
    void testsEachVendorFromTheAccountsPage();
    void wrongKeyShowsTheExplanation_data();
    void wrongKeyShowsTheExplanation();
    void invalidKeyIsRefusedBeforeSaving();
    void removingCredentialsMarksVendorNotConfigured();
    void statusBarIndicatorOpensTheAccount();
    void settingsRefuseInsecureUrls();
    void windowLayoutPersistsAcrossRuns();
    void notificationsFallBackToTheStatusBar();
    void layoutMemoryRestoresSplittersAndColumns();
    void firstFrameComesBeforeTheDeferredWork_data();
    void firstFrameComesBeforeTheDeferredWork();

private:
    VendorAccountPanel *panel(Vendor vendor) const;
    QPushButton *button(Vendor vendor, const QString &name) const;
    QLabel *resultLabel(Vendor vendor) const;
    void waitUntilIdle();
    void acceptNextMessageBox();

    Wiring::Demo m_demo;
    std::unique_ptr<ServiceHub> m_hub;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_hub = std::make_unique<ServiceHub>(m_demo.hubOptions());
    m_demo.installCredentials(*m_hub);
    m_window = std::make_unique<MainWindow>(m_hub.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY(m_window->isStarted()); // pages built after the first frame
    waitUntilIdle(); // the start-up connection checks
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_hub.reset();
}

VendorAccountPanel *TestMainWindow::panel(Vendor vendor) const
{
    auto *accounts = qobject_cast<AccountsPage *>(m_window->page(QStringLiteral("accounts")));
    return accounts ? accounts->panel(vendor) : nullptr;
}

QPushButton *TestMainWindow::button(Vendor vendor, const QString &name) const
{
    return panel(vendor)->findChild<QPushButton *>(name);
}

QLabel *TestMainWindow::resultLabel(Vendor vendor) const
{
    return panel(vendor)->findChild<QLabel *>(QStringLiteral("resultLabel"));
}

void TestMainWindow::waitUntilIdle()
{
    for (Vendor vendor : Vendors::all())
        QTRY_VERIFY(!m_hub->tester()->isRunning(vendor));
}

void TestMainWindow::acceptNextMessageBox()
{
    QTimer::singleShot(0, this, [] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box)
            box->button(QMessageBox::Yes)->click();
    });
}

void TestMainWindow::showsDemoModeClearly()
{
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("Demo mode — sandbox")));
    auto *label = m_window->statusBar()->findChild<QLabel *>(QStringLiteral("demoLabel"));
    QVERIFY(label);
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), QStringLiteral("Demo mode — sandbox"));
    // Demo mode never opens the keychain.
    QVERIFY(!m_hub->credentialStore());
    auto *accounts = qobject_cast<AccountsPage *>(m_window->page(QStringLiteral("accounts")));
    QVERIFY(accounts->keychainText().contains(QStringLiteral("keychain is not used")));
}

void TestMainWindow::visitsEveryPageByClickAndShortcut()
{
    const QStringList expected{
            QStringLiteral("dashboard"),     QStringLiteral("leads"),           QStringLiteral("email"),
            QStringLiteral("voice"),         QStringLiteral("calls"),           QStringLiteral("events"),
            QStringLiteral("accounts"),      QStringLiteral("settings"),        QStringLiteral("safety"),
            QStringLiteral("unloopa-voice"), QStringLiteral("unloopa-outreach")};
    QCOMPARE(m_window->pageIds(), expected);
    auto *navigation = m_window->findChild<QListWidget *>(QStringLiteral("navigation"));
    QVERIFY(navigation);
    QCOMPARE(navigation->count(), expected.size());

    for (int i = expected.size() - 1; i >= 0; --i) {
        // By keyboard: Ctrl+1..9 (the pages after the ninth by the Go menu or the navigation).
        if (i < 9)
            QTest::keyClick(m_window.get(), Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
        else
            m_window->findChild<QAction *>(QStringLiteral("go-") + expected.at(i))->trigger();
        QCOMPARE(m_window->currentPageId(), expected.at(i));
        QWidget *page = m_window->page(expected.at(i));
        QVERIFY(page->isVisible());
        QVERIFY2(!page->accessibleName().isEmpty(), qPrintable(expected.at(i)));
        // Every page says something: an empty state or its content.
        const QList<QLabel *> labels = page->findChildren<QLabel *>();
        const bool saysSomething = std::any_of(labels.cbegin(), labels.cend(),
                                               [](const QLabel *label) { return label->text().size() > 20; });
        QVERIFY2(saysSomething, qPrintable(expected.at(i)));
        QVERIFY(!navigation->item(i)->icon().isNull());
        // For documentation and reviews: CC_SCREENSHOT_DIR=/some/dir saves what each page looks like.
        const QString screenshots = qEnvironmentVariable("CC_SCREENSHOT_DIR");
        if (!screenshots.isEmpty())
            m_window->grab().save(QDir(screenshots).filePath(expected.at(i) + QStringLiteral(".png")));
    }
    for (int i = 0; i < expected.size(); ++i) {
        // By mouse, on the navigation list.
        const QRect rect = navigation->visualItemRect(navigation->item(i));
        QTest::mouseClick(navigation->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(m_window->currentPageId(), expected.at(i));
    }
}

// Two shortcuts with the same keys active at once are ambiguous and Qt fires neither: a page's own
// F5 or Ctrl+E would silently stop working inside the main window.
void TestMainWindow::pageShortcutsDoNotClashWithWindowShortcuts()
{
    QSet<QKeySequence> windowKeys;
    const QList<QAction *> actions = m_window->findChildren<QAction *>();
    for (const QAction *action : actions) {
        for (const QKeySequence &keys : action->shortcuts())
            windowKeys.insert(keys);
    }
    QVERIFY(!windowKeys.isEmpty());
    for (const QString &id : m_window->pageIds()) {
        const QList<QShortcut *> shortcuts = m_window->page(id)->findChildren<QShortcut *>();
        for (const QShortcut *shortcut : shortcuts) {
            QVERIFY2(!windowKeys.contains(shortcut->key()),
                     qPrintable(id + QStringLiteral(": ") + shortcut->key().toString() +
                                QStringLiteral(" is also a main-window shortcut")));
        }
    }
}

void TestMainWindow::testsEachVendorFromTheAccountsPage_data()
{
    QTest::addColumn<Vendor>("vendor");
    QTest::addColumn<QStringList>("expectedWords");
    QTest::addColumn<QString>("indicator");
    QTest::newRow("unloopa") << Vendor::Unloopa
                             << QStringList{QStringLiteral("Connected."), QStringLiteral("plan"),
                                            QStringLiteral("websites left"), QStringLiteral("resets")}
                             << QStringLiteral("Unloopa: Connected");
    QTest::newRow("unlimcall") << Vendor::UnlimCall
                               << QStringList{QStringLiteral("Connected as"), QStringLiteral("balance")}
                               << QStringLiteral("UnlimCall: Connected");
    // Verloop has no probe endpoint: the page says the format was checked, and the state stays
    // "not checked yet" rather than claiming a connection.
    QTest::newRow("verloop") << Vendor::Verloop
                             << QStringList{QStringLiteral("well-formed"), QStringLiteral("no endpoint")}
                             << QStringLiteral("Verloop: Not checked yet");
    QTest::newRow("outreach2day") << Vendor::Outreach2day
                                  << QStringList{QStringLiteral("Connected to workspace ") +
                                                 SandboxServer::demoOutreachWorkspaceId()}
                                  << QStringLiteral("Outreach2day: Connected");
}

void TestMainWindow::testsEachVendorFromTheAccountsPage()
{
    QFETCH(Vendor, vendor);
    QFETCH(QStringList, expectedWords);
    QFETCH(QString, indicator);

    m_window->showPage(QStringLiteral("accounts"));
    resultLabel(vendor)->clear();
    QPushButton *test = button(vendor, QStringLiteral("testButton"));
    QVERIFY(test->isEnabled());
    QSignalSpy finished(m_hub->tester(), &ConnectionTester::finished);
    QTest::mouseClick(test, Qt::LeftButton);
    // In flight: the button cannot start a second test.
    QVERIFY(!test->isEnabled());
    QTRY_COMPARE(finished.count(), 1);
    QTRY_VERIFY(test->isEnabled());

    const auto result = finished.at(0).at(0).value<ConnectionTestResult>();
    QCOMPARE(result.vendor, vendor);
    QVERIFY2(result.ok, qPrintable(result.summary));
    const QString shown = resultLabel(vendor)->text();
    for (const QString &word : expectedWords)
        QVERIFY2(shown.contains(word, Qt::CaseInsensitive), qPrintable(shown));
    if (vendor == Vendor::UnlimCall) {
        // The currency the vendor reported is in the words.
        const QString currency = result.details.value(QStringLiteral("balance"))
                                         .toObject()
                                         .value(QStringLiteral("currency"))
                                         .toString();
        QVERIFY(!currency.isEmpty());
        QVERIFY2(shown.contains(currency), qPrintable(shown));
    }
    QCOMPARE(m_window->statusIndicators()->text(vendor), indicator);
    // The dashboard shows the same result.
    auto *dashboard = qobject_cast<DashboardPage *>(m_window->page(QStringLiteral("dashboard")));
    QVERIFY(dashboard->summaryText(vendor).contains(expectedWords.first(), Qt::CaseInsensitive));
}

void TestMainWindow::wrongKeyShowsTheExplanation_data()
{
    QTest::addColumn<Vendor>("vendor");
    QTest::addColumn<QString>("wrongKey");
    QTest::newRow("unloopa") << Vendor::Unloopa << QStringLiteral("unlpa_live_not-the-right-key");
    QTest::newRow("unlimcall") << Vendor::UnlimCall << QStringLiteral("unl_live_not-the-right-token");
    QTest::newRow("outreach2day") << Vendor::Outreach2day << QStringLiteral("ot2d_not-the-right-key");
}

void TestMainWindow::wrongKeyShowsTheExplanation()
{
    QFETCH(Vendor, vendor);
    QFETCH(QString, wrongKey);

    m_window->showPage(QStringLiteral("accounts"));
    auto *token = panel(vendor)->findChild<SecretLineEdit *>(QStringLiteral("tokenEdit"));
    QVERIFY(token);
    QCOMPARE(token->echoMode(), QLineEdit::Password); // masked
    QTest::keyClicks(token, wrongKey);
    QPushButton *save = button(vendor, QStringLiteral("saveButton"));
    QCOMPARE(save->text(), QStringLiteral("Replace"));
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_COMPARE(m_hub->credentials(vendor)->token, wrongKey.toUtf8());
    QTRY_VERIFY(token->text().isEmpty()); // the key does not linger in the field
    waitUntilIdle(); // saving tests the new key at once

    QPushButton *test = button(vendor, QStringLiteral("testButton"));
    QTRY_VERIFY(test->isEnabled());
    QSignalSpy finished(m_hub->tester(), &ConnectionTester::finished);
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_COMPARE(finished.count(), 1);
    const auto result = finished.at(0).at(0).value<ConnectionTestResult>();
    QVERIFY(!result.ok);
    QCOMPARE(result.error.httpStatus, 401);

    const QString shown = resultLabel(vendor)->text();
    QVERIFY2(shown.contains(QStringLiteral("Connection failed.")), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("invalid")), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("Accounts")), qPrintable(shown)); // what to do
    QVERIFY2(!shown.contains(wrongKey), "the key itself is never shown");
    QCOMPARE(m_window->statusIndicators()->text(vendor),
             Vendors::displayName(vendor) + QStringLiteral(": Authentication failed"));
}

void TestMainWindow::invalidKeyIsRefusedBeforeSaving()
{
    m_window->showPage(QStringLiteral("accounts"));
    auto *token = panel(Vendor::Unloopa)->findChild<SecretLineEdit *>(QStringLiteral("tokenEdit"));
    QTest::keyClicks(token, QStringLiteral("sk_live_something-else"));
    auto *validation = panel(Vendor::Unloopa)->findChild<QLabel *>(QStringLiteral("validationLabel"));
    QVERIFY(validation->isVisible());
    QVERIFY2(validation->text().contains(QStringLiteral("unlpa_live_")), qPrintable(validation->text()));
    QPushButton *save = button(Vendor::Unloopa, QStringLiteral("saveButton"));
    QTest::mouseClick(save, Qt::LeftButton);
    // Refused on the spot: no save started (a save disables the button until it is answered).
    QVERIFY(save->isEnabled());
    QCOMPARE(m_hub->credentials(Vendor::Unloopa)->token, SandboxServer::demoToken(Vendor::Unloopa));

    // The show toggle reveals what was typed, and hides it again.
    token->revealAction()->trigger();
    QCOMPARE(token->echoMode(), QLineEdit::Normal);
    token->revealAction()->trigger();
    QCOMPARE(token->echoMode(), QLineEdit::Password);
}

void TestMainWindow::removingCredentialsMarksVendorNotConfigured()
{
    m_window->showPage(QStringLiteral("accounts"));
    QPushButton *remove = button(Vendor::Outreach2day, QStringLiteral("removeButton"));
    QVERIFY(remove->isEnabled());
    acceptNextMessageBox();
    QTest::mouseClick(remove, Qt::LeftButton);
    QTRY_COMPARE(resultLabel(Vendor::Outreach2day)->text(), QStringLiteral("Removed."));
    QVERIFY(!m_hub->hasCredentials(Vendor::Outreach2day));
    QTRY_COMPARE(m_window->statusIndicators()->text(Vendor::Outreach2day),
                 QStringLiteral("Outreach2day: Not configured"));
    QVERIFY(!remove->isEnabled());
    QCOMPARE(button(Vendor::Outreach2day, QStringLiteral("saveButton"))->text(), QStringLiteral("Add"));

    // Testing now says the key is missing, with what to do.
    QTRY_VERIFY(button(Vendor::Outreach2day, QStringLiteral("testButton"))->isEnabled());
    QTest::mouseClick(button(Vendor::Outreach2day, QStringLiteral("testButton")), Qt::LeftButton);
    QTRY_VERIFY2(resultLabel(Vendor::Outreach2day)->text().contains(QStringLiteral("missing")),
                 qPrintable(resultLabel(Vendor::Outreach2day)->text()));
}

void TestMainWindow::statusBarIndicatorOpensTheAccount()
{
    m_window->showPage(QStringLiteral("events"));
    QToolButton *indicator = m_window->statusIndicators()->button(Vendor::UnlimCall);
    QVERIFY(indicator);
    QVERIFY(!indicator->accessibleName().isEmpty());
    QTest::mouseClick(indicator, Qt::LeftButton);
    QCOMPARE(m_window->currentPageId(), QStringLiteral("accounts"));
}

void TestMainWindow::settingsRefuseInsecureUrls()
{
    m_window->showPage(QStringLiteral("settings"));
    auto *settings = qobject_cast<SettingsPage *>(m_window->page(QStringLiteral("settings")));
    auto *edit = settings->findChild<QLineEdit *>(QStringLiteral("url-unloopa"));
    auto *apply = settings->findChild<QPushButton *>(QStringLiteral("applyButton"));
    auto *problem = settings->findChild<QLabel *>(QStringLiteral("problem-unloopa"));

    QTest::keyClicks(edit, QStringLiteral("http://unloopa.example.com/api/v1"));
    QVERIFY(!apply->isEnabled());
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(QStringLiteral("https")), qPrintable(problem->text()));

    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("https://user:secret@unloopa.example.com/api/v1"));
    QVERIFY(!apply->isEnabled());

    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("https://staging.unloopa.example.com/api/v1"));
    QVERIFY(apply->isEnabled());
    QVERIFY(!problem->isVisible());
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(m_hub->settings().baseUrl(Vendor::Unloopa),
             QStringLiteral("https://staging.unloopa.example.com/api/v1"));
    // Demo mode keeps pointing at the sandbox (the command line wins over Settings), and says so.
    QCOMPARE(m_hub->baseUrl(Vendor::Unloopa), m_demo.sandbox()->baseUrl(Vendor::Unloopa));
    auto *effective = settings->findChild<QLabel *>(QStringLiteral("effective-unloopa"));
    QVERIFY2(effective->text().contains(QStringLiteral("demo sandbox")), qPrintable(effective->text()));
}

void TestMainWindow::windowLayoutPersistsAcrossRuns()
{
    m_window->resize(930, 610);
    m_window->splitter()->setSizes({260, 670});
    const QList<int> sizes = m_window->splitter()->sizes();
    m_window->showPage(QStringLiteral("voice"));
    const QSize size = m_window->size();
    m_window->close(); // saves
    m_window.reset();

    MainWindow second(m_hub.get());
    second.show();
    QVERIFY(QTest::qWaitForWindowExposed(&second));
    QTRY_VERIFY(second.isStarted()); // the pages' minimum sizes take part in the layout
    QCOMPARE(second.size(), size);
    QCOMPARE(second.splitter()->sizes(), sizes);
    QCOMPARE(second.currentPageId(), QStringLiteral("voice"));

    // A different arrangement is remembered too (saved when the window goes away).
    second.splitter()->setSizes({300, 630});
    const QList<int> newSizes = second.splitter()->sizes();
    second.showPage(QStringLiteral("events"));
    {
        MainWindow *third = nullptr;
        second.saveLayout();
        third = new MainWindow(m_hub.get());
        third->show();
        QVERIFY(QTest::qWaitForWindowExposed(third));
        QTRY_VERIFY(third->isStarted());
        QCOMPARE(third->splitter()->sizes(), newSizes);
        QCOMPARE(third->currentPageId(), QStringLiteral("events"));
        delete third;
    }
    waitUntilIdle();
}

void TestMainWindow::notificationsFallBackToTheStatusBar()
{
    Notifier *notifier = m_window->notifier();
    QVERIFY(notifier);
    QSignalSpy notified(notifier, &Notifier::notified);
    notifier->notify(QStringLiteral("Export finished"), QStringLiteral("1,200 leads written to leads.csv"));
    QCOMPARE(notified.count(), 1);
    if (notifier->usesSystemTray())
        QSKIP("This session has a system tray: the message went there.");
    // Offscreen there is no tray: the status bar says it.
    const QString message = m_window->statusBar()->currentMessage();
    QVERIFY2(message.contains(QStringLiteral("Export finished")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("1,200 leads written")), qPrintable(message));
}

void TestMainWindow::layoutMemoryRestoresSplittersAndColumns()
{
    QStandardItemModel model(3, 4);
    int firstWidth = 0;
    QList<int> sizes;
    {
        QSplitter splitter;
        splitter.addWidget(new QWidget);
        splitter.addWidget(new QWidget);
        splitter.resize(600, 300);
        splitter.show();
        LayoutMemory::track(&splitter, QStringLiteral("test/splitter"));
        splitter.setSizes({150, 450});
        sizes = splitter.sizes();
        Q_EMIT splitter.splitterMoved(150, 1); // what a drag by the operator emits

        QTreeView view;
        LayoutMemory::track(view.header(), QStringLiteral("test/columns")); // before the model, as pages do
        view.setModel(&model);
        view.header()->resizeSection(0, 211);
        view.header()->moveSection(3, 1);
        firstWidth = view.header()->sectionSize(0);
    }
    QSplitter splitter;
    splitter.addWidget(new QWidget);
    splitter.addWidget(new QWidget);
    splitter.resize(600, 300);
    splitter.show();
    LayoutMemory::track(&splitter, QStringLiteral("test/splitter"));
    QCOMPARE(splitter.sizes(), sizes);

    QTreeView view;
    LayoutMemory::track(view.header(), QStringLiteral("test/columns"));
    view.setModel(&model);
    QCOMPARE(view.header()->sectionSize(0), firstWidth);
    QCOMPARE(view.header()->visualIndex(3), 1);
}

void TestMainWindow::firstFrameComesBeforeTheDeferredWork_data()
{
    QTest::addColumn<bool>("demo");
    QTest::newRow("demo") << true; // the sandbox starts after the first frame
    QTest::newRow("operator") << false; // the local store opens after the first frame
}

void TestMainWindow::firstFrameComesBeforeTheDeferredWork()
{
    QFETCH(bool, demo);
    m_window.reset();
    m_hub.reset();
    QFile::remove(Database::defaultPath());
    QSettings().setValue(QStringLiteral("mainWindow/page"), QStringLiteral("calls")); // the last page

    Wiring::Demo lateDemo; // started by the window's deferred step, as main() does
    ServiceHub hub(demo ? lateDemo.hubOptions()
                        : Wiring::hubOptions({}, ServiceHub::CredentialSource::Keychain));
    MainWindow window(&hub);
    // The program's own step runs first of the deferred work: no page is built yet, and going to
    // one (Ctrl+7: Accounts) builds that one at once.
    bool stepRan = false;
    QStringList builtBeforeStep;
    bool accountsBuiltOnDemand = false;
    QStringList builtAfterShortcut;
    window.deferUntilShown([&] {
        stepRan = true;
        for (const QString &id : window.pageIds()) {
            if (window.page(id))
                builtBeforeStep << id;
        }
        QTest::keyClick(&window, Qt::Key_7, Qt::ControlModifier);
        accountsBuiltOnDemand = window.currentPageId() == QLatin1String("accounts") &&
                window.page(QStringLiteral("accounts")) &&
                window.page(QStringLiteral("accounts"))->isVisible();
        for (const QString &id : window.pageIds()) {
            if (window.page(id))
                builtAfterShortcut << id;
        }
        if (demo)
            QVERIFY2(lateDemo.attach(hub), qPrintable(lateDemo.errorString()));
    });

    // What the first frame had: the window on screen, nothing deferred done yet.
    struct
    {
        bool seen = false;
        bool exposed = false;
        bool started = true;
        bool stepRan = true;
        QStringList builtPages;
        bool storeExists = true;
        bool sandboxStarted = true;
        bool liveEvents = true;
        QString currentPage;
    } atFirstFrame;
    FirstExpose::watch(&window, &window, [&] {
        atFirstFrame.seen = true;
        atFirstFrame.exposed = window.windowHandle()->isExposed();
        atFirstFrame.started = window.isStarted();
        atFirstFrame.stepRan = stepRan;
        for (const QString &id : window.pageIds()) {
            if (window.page(id))
                atFirstFrame.builtPages << id;
        }
        atFirstFrame.storeExists = QFile::exists(Database::defaultPath());
        atFirstFrame.sandboxStarted = lateDemo.sandbox() != nullptr;
        atFirstFrame.liveEvents = window.liveEvents() != nullptr;
        atFirstFrame.currentPage = window.currentPageId();
    });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(atFirstFrame.seen);

    QVERIFY(atFirstFrame.exposed);
    QVERIFY(!atFirstFrame.started);
    QVERIFY(!atFirstFrame.stepRan);
    QCOMPARE(atFirstFrame.builtPages, QStringList());
    QVERIFY(!atFirstFrame.storeExists);
    QVERIFY(!atFirstFrame.sandboxStarted);
    QVERIFY(!atFirstFrame.liveEvents);
    QCOMPARE(atFirstFrame.currentPage, QStringLiteral("calls"));

    // Then all of it, without anything else happening.
    QSignalSpy started(&window, &MainWindow::started);
    QTRY_VERIFY(window.isStarted());
    QCOMPARE(started.count(), 1);
    QVERIFY(stepRan);
    QCOMPARE(builtBeforeStep, QStringList());
    QVERIFY(accountsBuiltOnDemand);
    QCOMPARE(builtAfterShortcut, QStringList{QStringLiteral("accounts")});
    for (const QString &id : window.pageIds())
        QVERIFY2(window.page(id), qPrintable(id));
    QCOMPARE(window.currentPageId(), QStringLiteral("accounts"));
    QVERIFY(window.page(QStringLiteral("accounts"))->isVisible());
    // The live-events runtime came with the pages, its receiver off until Settings turn it on.
    QVERIFY(window.liveEvents());
    QVERIFY2(window.liveEvents()->storeProblem().isEmpty(), qPrintable(window.liveEvents()->storeProblem()));
    QCOMPARE(window.liveEvents()->receiverState().kind, LiveEvents::ReceiverState::Kind::Off);
    if (demo) {
        // The hub made before the sandbox existed now talks to it, with the demo accounts, and the
        // start-up connection tests ran against it.
        QVERIFY(lateDemo.sandbox()->isRunning());
        QCOMPARE(hub.baseUrl(Vendor::UnlimCall), lateDemo.sandbox()->baseUrl(Vendor::UnlimCall));
        QCOMPARE(hub.tokenUrl(), lateDemo.sandbox()->unlimcallTokenUrl());
        QTRY_COMPARE(window.statusIndicators()->text(Vendor::UnlimCall),
                     QStringLiteral("UnlimCall: Connected"));
    } else {
        QVERIFY(QFile::exists(Database::defaultPath()));
    }
    for (Vendor vendor : Vendors::all())
        QTRY_VERIFY(!hub.tester()->isRunning(vendor));
}

CC_TEST_GUI_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
