#pragma once

#include "core/Vendor.h"
#include "events/Notification.h"
#include "pages/Pages.h"

#include <QMainWindow>
#include <QStringList>

#include <functional>
#include <memory>

class AfterFirstFrame;
class DemoReceiverHooks;
class LiveEvents;
class QLabel;
class QListWidget;
class QSplitter;
class QStackedWidget;
class QTemporaryDir;
class Notifier;
class OutboundSafety;
class ServiceHub;
class VendorStatusIndicators;

// The console's window: navigation (Ctrl+1..9) to the pages of Pages::all(), a status bar with
// each vendor's connection state, and "Demo mode — sandbox" when it runs on the sandbox. Its
// geometry, state, splitter and last page persist between runs.
//
// It appears before anything its first frame does not need: the pages (and with them the local
// store) are built after that frame, one per event-loop turn with the current page first, or at
// once when the operator goes to one; then the configured connections are tested. Work of the
// program's own (the demo sandbox, keychain reads) runs after the frame too, before the pages.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ServiceHub *hub, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Runs `step` after the first frame, before the pages are built (call before show()).
    void deferUntilShown(std::function<void()> step);
    // Everything deferred past the first frame has run.
    bool isStarted() const;

    QStringList pageIds() const;
    // Null while the page is not built yet.
    QWidget *page(const QString &id) const;
    QString currentPageId() const;
    void showPage(const QString &id);
    void showAccount(Vendor vendor);
    // Opens what a clicked notification is about: its page, and there the lead, the call, the
    // reply or the lead job.
    void openTarget(const NotificationTarget &target);

    Notifier *notifier() const { return m_notifier; }
    // The outbound guard and its store the pages use; null until the first page is built.
    OutboundSafety *outboundSafety() const { return m_outbound.get(); }
    // The live-events runtime (receiver as Settings say, event log, effects); null until the
    // first page is built.
    LiveEvents *liveEvents() const { return m_liveEvents.get(); }
    // Demo mode only (null otherwise, and before the pages are built).
    DemoReceiverHooks *demoReceiverHooks() const { return m_demoHooks.get(); }
    VendorStatusIndicators *statusIndicators() const { return m_indicators; }
    QSplitter *splitter() const { return m_splitter; }

    void saveLayout() const;

Q_SIGNALS:
    // The deferred work has run (isStarted()).
    void started();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createNavigation();
    QWidget *ensurePage(int index);
    PageContext pageContext();
    void goTo(int index);
    void deferPages();
    void watchCredentials();
    void createMenus();
    void restoreLayout();
    void retheme();
    void testConfiguredAccounts();

    ServiceHub *m_hub;
    QSplitter *m_splitter;
    QListWidget *m_navigation;
    QStackedWidget *m_stack;
    Notifier *m_notifier;
    VendorStatusIndicators *m_indicators;
    AfterFirstFrame *m_afterFirstFrame;
    QList<PageEntry> m_entries;
    QList<QWidget *> m_pages; // null until built; m_stack holds a placeholder meanwhile
    std::unique_ptr<QTemporaryDir> m_demoData; // demo mode's throwaway store
    // The outbound guard on the pages' database, installed on the hub with the first page (after
    // the first frame: opening it reconciles what a crash left behind). Goes before m_demoData.
    std::unique_ptr<OutboundSafety> m_outbound;
    // Built with the guard (after the first frame), on the same database; goes before the guard,
    // whose store its effects write to.
    std::unique_ptr<LiveEvents> m_liveEvents;
    // Demo mode: the sandbox's UnlimCall subscribed to the receiver while it listens.
    std::unique_ptr<DemoReceiverHooks> m_demoHooks;
};
