#include "UnloopaVoicePage.h"

#include "PhoneNumbersPanel.h"
#include "UnloopaCallsPanel.h"
#include "VoiceAgentsPanel.h"
#include "VoiceCallDialog.h"
#include "VoiceCampaignDialog.h"
#include "VoiceCampaignsPanel.h"
#include "common/ErrorText.h"
#include "unloopa/NumberBuyer.h"
#include "unloopa/UnloopaCallsController.h"
#include "unloopa/UnloopaService.h"
#include "unloopa/UnloopaVoiceService.h"
#include "unloopa/VoiceCampaignController.h"
#include "unloopa/VoiceSetupController.h"

#include <QLabel>
#include <QShortcut>
#include <QTabWidget>
#include <QVBoxLayout>

UnloopaVoicePage::UnloopaVoicePage(UnloopaService *unloopa, OutboundGuard *guard, const QString &databasePath,
                                   QWidget *parent)
    : QWidget(parent), m_guard(guard)
{
    setAccessibleName(tr("Unloopa Voice"));
    m_voice = new UnloopaVoiceService(unloopa, this);
    m_controller = new VoiceSetupController(unloopa, m_voice, this);
    m_buyer = std::make_unique<NumberBuyer>(m_voice, guard);
    m_controller->setBuyer(
            [buyer = m_buyer.get()](const QString &e164, const QObject *context,
                                    std::function<void(const Result<UnloopaPhoneNumber> &)> done) {
                buyer->buy(e164, context, std::move(done));
            });

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Unloopa's AI voice agents call your leads from your own phone numbers. Set "
                                "up a number and an agent here (Pro plan)."),
                             this);
    intro->setObjectName(QStringLiteral("unloopaVoiceIntro"));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_unavailable = new QLabel(this);
    m_unavailable->setObjectName(QStringLiteral("unloopaVoiceUnavailable"));
    ErrorText::makeLinkLabel(m_unavailable);
    m_unavailable->hide();
    layout->addWidget(m_unavailable);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("unloopaVoiceError"));
    ErrorText::makeLinkLabel(m_error);
    m_error->hide();
    layout->addWidget(m_error);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("unloopaVoiceTabs"));
    m_tabs->setAccessibleName(tr("Voice setup"));
    m_numbers = new PhoneNumbersPanel(m_controller, m_tabs);
    m_numbers->setObjectName(QStringLiteral("unloopaVoiceNumbers"));
    m_agents = new VoiceAgentsPanel(m_controller, m_tabs);
    m_agents->setObjectName(QStringLiteral("unloopaVoiceAgents"));
    m_tabs->addTab(m_numbers, tr("&Phone numbers"));
    m_tabs->addTab(m_agents, tr("Voice &agents"));
    m_calls = new UnloopaCallsController(unloopa, m_voice, guard, databasePath, this);
    m_callsPanel = new UnloopaCallsPanel(m_calls, m_tabs);
    m_tabs->addTab(m_callsPanel, tr("&Calls"));
    m_campaignsPanel = new VoiceCampaignsPanel(campaigns(), m_tabs);
    m_campaignsPanel->setObjectName(QStringLiteral("unloopaVoiceCampaigns"));
    m_tabs->insertTab(m_tabs->indexOf(m_callsPanel), m_campaignsPanel, tr("Ca&mpaigns"));
    campaigns()->followDoNotContactList();
    connect(m_callsPanel, &UnloopaCallsPanel::placeCallRequested, this, &UnloopaVoicePage::placeCall);
    layout->addWidget(m_tabs, 1);

    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence::Refresh, [this] { refresh(); });
    shortcut(QKeySequence::Find, [this] {
        if (m_tabs->currentWidget() == m_callsPanel) {
            m_callsPanel->focusFind();
            return;
        }
        m_tabs->setCurrentWidget(m_numbers);
        m_numbers->focusSearch();
    });

    connect(m_controller, &VoiceSetupController::voiceAvailability, this,
            &UnloopaVoicePage::showAvailability);
    connect(m_controller, &VoiceSetupController::failed, this,
            [this](const QString &what, const ApiError &error) {
                if (what != QStringLiteral("quota"))
                    return;
                ErrorText::show(m_error, error, tr("Could not read the Unloopa plan:"));
                m_error->show();
            });
    refresh();
    m_calls->open();
}

UnloopaVoicePage::~UnloopaVoicePage() = default;

void UnloopaVoicePage::refresh()
{
    m_error->hide();
    m_controller->refresh();
    if (m_tabs->currentWidget() == m_callsPanel)
        m_calls->refresh();
}

VoiceCampaignController *UnloopaVoicePage::campaigns() const
{
    return m_calls->campaigns();
}

void UnloopaVoicePage::createCampaignFor(const QList<UnloopaLead> &leads)
{
    m_tabs->setCurrentWidget(m_campaignsPanel);
    if (m_controller->quota() && !m_controller->isVoiceEnabled())
        return; // the "Voice needs Pro" banner with the upgrade link says why
    auto *dialog = new VoiceCampaignDialog(campaigns(), m_controller, leads, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &VoiceCampaignDialog::created, m_campaignsPanel,
            [panel = m_campaignsPanel](const UnloopaCampaign &campaign) {
                panel->showCampaign(campaign.id);
            });
    dialog->open();
}

void UnloopaVoicePage::placeCall()
{
    openCallDialog(nullptr);
}

void UnloopaVoicePage::callLead(const UnloopaLead &lead)
{
    openCallDialog(&lead);
}

void UnloopaVoicePage::openCallDialog(const UnloopaLead *lead)
{
    auto *dialog = new VoiceCallDialog(m_voice, m_guard, m_controller, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (lead)
        dialog->setLead(*lead);
    // A placed call is listed at once (its transcript follows on the next refreshes).
    connect(dialog, &VoiceCallDialog::callPlaced, m_calls, &UnloopaCallsController::refresh);
    dialog->open();
}

void UnloopaVoicePage::showAvailability(bool enabled, const ApiError &why)
{
    if (enabled)
        m_campaignsPanel->refresh(); // after /quota said voice is there
    m_tabs->setEnabled(enabled);
    m_unavailable->setVisible(!enabled);
    if (!enabled)
        ErrorText::show(m_unavailable, why, tr("Voice needs Pro."));
}
