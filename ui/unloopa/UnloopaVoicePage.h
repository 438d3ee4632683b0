#pragma once

#include <QWidget>

struct ApiError;
class PhoneNumbersPanel;
class QLabel;
class QTabWidget;
class UnloopaService;
class UnloopaVoiceService;
class VoiceAgentsPanel;
class VoiceSetupController;

// The Unloopa Voice page (issue 12, Pro plan): the phone numbers and voice agents calls and
// campaigns need. /quota is read first; a plan without voice shows "Voice needs Pro" with the
// upgrade link instead of the tabs. Widgets only: VoiceSetupController holds the state.
//
// Wiring (the shell's Pages::all() entry): new UnloopaVoicePage(context.hub->unloopa())
class UnloopaVoicePage : public QWidget
{
    Q_OBJECT
public:
    explicit UnloopaVoicePage(UnloopaService *unloopa, QWidget *parent = nullptr);

    VoiceSetupController *controller() const { return m_controller; }
    UnloopaVoiceService *voiceService() const { return m_voice; }

    void refresh();

private:
    void showAvailability(bool enabled, const ApiError &why);

    UnloopaVoiceService *m_voice = nullptr;
    VoiceSetupController *m_controller = nullptr;
    QLabel *m_unavailable = nullptr;
    QLabel *m_error = nullptr;
    QTabWidget *m_tabs = nullptr;
    PhoneNumbersPanel *m_numbers = nullptr;
    VoiceAgentsPanel *m_agents = nullptr;
};
