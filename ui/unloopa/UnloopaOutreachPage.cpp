#include "UnloopaOutreachPage.h"

#include "OutreachTemplatesPanel.h"
#include "UnloopaOutreachStatusPanel.h"
#include "common/ErrorText.h"
#include "unloopa/OutreachController.h"
#include "unloopa/UnloopaOutreachService.h"

#include <QLabel>
#include <QShortcut>
#include <QTabWidget>
#include <QVBoxLayout>

UnloopaOutreachPage::UnloopaOutreachPage(UnloopaService *unloopa, Database *database,
                                         const QString &databasePath, QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Unloopa Outreach"));
    m_outreach = new UnloopaOutreachService(unloopa, this);
    m_controller = new OutreachController(unloopa, m_outreach, this);
    const StoreStatus leads = m_controller->openLeads(database, databasePath);

    auto *layout = new QVBoxLayout(this);
    auto *intro =
            new QLabel(tr("Unloopa emails your leads from the email accounts connected to it. Check how "
                          "much can go out today and write the templates here; send to leads you "
                          "select on the Leads page."),
                       this);
    intro->setObjectName(QStringLiteral("unloopaOutreachIntro"));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("unloopaOutreachError"));
    ErrorText::makeLinkLabel(m_error);
    m_error->hide();
    layout->addWidget(m_error);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("unloopaOutreachTabs"));
    m_tabs->setAccessibleName(tr("Outreach email"));
    m_status = new UnloopaOutreachStatusPanel(m_controller, m_tabs);
    m_status->setObjectName(QStringLiteral("unloopaOutreachStatus"));
    m_templates = new OutreachTemplatesPanel(m_controller, m_tabs);
    m_templates->setObjectName(QStringLiteral("unloopaOutreachTemplates"));
    m_tabs->addTab(m_status, tr("&Status"));
    m_tabs->addTab(m_templates, tr("&Templates"));
    layout->addWidget(m_tabs, 1);
    if (!leads) {
        auto *noStore = new QLabel(
                tr("The stored leads cannot be read, so the preview has none: %1").arg(leads.message), this);
        noStore->setObjectName(QStringLiteral("unloopaOutreachStoreProblem"));
        noStore->setWordWrap(true);
        layout->addWidget(noStore);
    }

    auto *refreshKey = new QShortcut(QKeySequence::Refresh, this);
    refreshKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(refreshKey, &QShortcut::activated, this, &UnloopaOutreachPage::refresh);

    connect(m_controller, &OutreachController::failed, this,
            [this](const QString &what, const ApiError &error) {
                if (what == QLatin1String("quota"))
                    ErrorText::show(m_error, error, tr("Could not read the Unloopa plan:"));
                else if (what == QLatin1String("status"))
                    ErrorText::show(m_error, error, tr("Could not read the email setup:"));
                else
                    return; // the templates tab says the rest
                m_error->show();
            });
    refresh();
}

void UnloopaOutreachPage::refresh()
{
    m_error->hide();
    m_controller->refresh();
}

void UnloopaOutreachPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_templates->refreshLeads(); // the Leads page may have stored more since
}
