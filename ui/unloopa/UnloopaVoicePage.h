#pragma once

#include <QWidget>

#include <memory>

struct ApiError;
class PhoneNumbersPanel;
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
// Wiring (the shell's Pages::all() entry): new UnloopaVoicePage(context.hub->unloopa(), guard)
class UnloopaVoicePage : public QWidget
{
    Q_OBJECT
public:
    // `guard` outlives the page (may be null: then no number can be bought).
    UnloopaVoicePage(UnloopaService *unloopa, OutboundGuard *guard, QWidget *parent = nullptr);
    ~UnloopaVoicePage() override;

    VoiceSetupController *controller() const { return m_controller; }
    UnloopaVoiceService *voiceService() const { return m_voice; }

    void refresh();

private:
    void showAvailability(bool enabled, const ApiError &why);

    UnloopaVoiceService *m_voice = nullptr;
    std::unique_ptr<NumberBuyer> m_buyer;
    VoiceSetupController *m_controller = nullptr;
    QLabel *m_unavailable = nullptr;
    QLabel *m_error = nullptr;
    QTabWidget *m_tabs = nullptr;
    PhoneNumbersPanel *m_numbers = nullptr;
    VoiceAgentsPanel *m_agents = nullptr;
};
