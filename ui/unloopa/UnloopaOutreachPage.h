#pragma once

#include <QWidget>

class Database;
class OutreachController;
class OutreachTemplatesPanel;
class QLabel;
class QTabWidget;
class UnloopaOutreachService;
class UnloopaOutreachStatusPanel;
class UnloopaService;

// The Unloopa Outreach page (issue #12): is outreach email set up and how much can go out today
// (Status), and the email templates with a preview from a stored lead (Templates). Sending to
// selected leads starts on the Leads page. Widgets only: OutreachController holds the state.
//
// Wiring (the shell's Pages::all() entry): new UnloopaOutreachPage(context.hub->unloopa(), nullptr,
// context.databasePath). With `database` null the page's controller opens its own connection to
// `databasePath` (default Database::defaultPath()) to pick preview leads from.
class UnloopaOutreachPage : public QWidget
{
    Q_OBJECT
public:
    UnloopaOutreachPage(UnloopaService *unloopa, Database *database = nullptr,
                        const QString &databasePath = {}, QWidget *parent = nullptr);

    OutreachController *controller() const { return m_controller; }

    // Reads /quota, the status and the templates again (F5).
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;

private:
    UnloopaOutreachService *m_outreach = nullptr;
    OutreachController *m_controller = nullptr;
    QLabel *m_error = nullptr;
    QTabWidget *m_tabs = nullptr;
    UnloopaOutreachStatusPanel *m_status = nullptr;
    OutreachTemplatesPanel *m_templates = nullptr;
};
