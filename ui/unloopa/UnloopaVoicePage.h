#pragma once

#include <QList>
#include <QWidget>

#include <memory>

struct ApiError;
class PhoneNumbersPanel;
class UnloopaCallsController;
class UnloopaCallsPanel;
class VoiceCampaignController;
class VoiceCampaignsPanel;
struct UnloopaLead;
class QLabel;
class QTabWidget;
class UnloopaService;
class UnloopaVoiceService;
class VoiceAgentsPanel;
class NumberBuyer;
class OutboundGuard;
class VoiceSetupController;

// The Unloopa Voice page (issue 12, Pro plan): the phone numbers and voice agents calls and
// campaigns need. /quota is read first; a plan without voice shows "Voice needs Pro" with the
// upgrade link instead of the tabs. Widgets only: VoiceSetupController holds the state.
//
// A number is bought through NumberBuyer with the outbound guard: its intent is saved before the
// request leaves, so a purchase whose answer was lost is never sent again. Without a guard (the
// do-not-contact store could not be opened) nothing is bought.
//
// The Calls tab (UnloopaCallsPanel over UnloopaCallsController) keeps the calls in the voice
// store (UnloopaCallStore) on `databasePath`; single calls are placed from VoiceCallDialog.
// The Campaigns tab (VoiceCampaignsPanel) works through the VoiceCampaignController on that store;
// every addition to the do-not-contact list pauses the active campaigns that would call it
// (VoiceCampaignController::followDoNotContactList).
//
// Wiring (the shell's Pages::all() entry):
//   new UnloopaVoicePage(context.hub->unloopa(), guard, context.databasePath)
class UnloopaVoicePage : public QWidget
{
    Q_OBJECT
public:
    // `guard` outlives the page (may be null: then no number can be bought and no call placed).
    // `databasePath` empty: Database::defaultPath().
    UnloopaVoicePage(UnloopaService *unloopa, OutboundGuard *guard, const QString &databasePath = {},
                     QWidget *parent = nullptr);
    ~UnloopaVoicePage() override;

    VoiceSetupController *controller() const { return m_controller; }
    UnloopaVoiceService *voiceService() const { return m_voice; }
    UnloopaCallsController *callsController() const { return m_calls; }
    VoiceCampaignController *campaigns() const;

    void refresh();

public Q_SLOTS:
    // Opens the single-call dialog for `lead` (its number, and its fields as the script's
    // variables); the call is placed only after the operator confirms it there.
    void callLead(const UnloopaLead &lead);
    // The single-call dialog for a number the operator types.
    void placeCall();
    // The Leads page's "Unloopa voice campaign…": the Campaigns tab, and the dialog that creates a
    // draft for these leads (with the dry run first).
    void createCampaignFor(const QList<UnloopaLead> &leads);

private:
    void showAvailability(bool enabled, const ApiError &why);
    void openCallDialog(const UnloopaLead *lead);

    UnloopaVoiceService *m_voice = nullptr;
    std::unique_ptr<NumberBuyer> m_buyer;
    VoiceSetupController *m_controller = nullptr;
    QLabel *m_unavailable = nullptr;
    QLabel *m_error = nullptr;
    QTabWidget *m_tabs = nullptr;
    PhoneNumbersPanel *m_numbers = nullptr;
    VoiceAgentsPanel *m_agents = nullptr;
    OutboundGuard *m_guard = nullptr;
    UnloopaCallsController *m_calls = nullptr;
    UnloopaCallsPanel *m_callsPanel = nullptr;
    VoiceCampaignsPanel *m_campaignsPanel = nullptr;
};
