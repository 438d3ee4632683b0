#pragma once

#include "core/Vendor.h"
#include "pages/Pages.h"

#include <QMainWindow>
#include <QStringList>

#include <memory>

class QLabel;
class QListWidget;
class QSplitter;
class QStackedWidget;
class QTemporaryDir;
class Notifier;
class ServiceHub;
class VendorStatusIndicators;

// The console's window: navigation (Ctrl+1..9) to the pages of Pages::all(), a status bar with
// each vendor's connection state, and "Demo mode — sandbox" when it runs on the sandbox. Its
// geometry, state, splitter and last page persist between runs.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ServiceHub *hub, QWidget *parent = nullptr);
    ~MainWindow() override;

    QStringList pageIds() const;
    QWidget *page(const QString &id) const;
    QString currentPageId() const;
    void showPage(const QString &id);
    void showAccount(Vendor vendor);

    Notifier *notifier() const { return m_notifier; }
    VendorStatusIndicators *statusIndicators() const { return m_indicators; }
    QSplitter *splitter() const { return m_splitter; }

    void saveLayout() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createPages();
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
    QList<PageEntry> m_entries;
    std::unique_ptr<QTemporaryDir> m_demoData; // demo mode's throwaway store
};
