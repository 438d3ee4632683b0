#pragma once

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class VoiceSetupController;

// The account's voice agents (count of the limit 3) and an editor: name, voice id and name, the
// script with its {{variables}} highlighted, the first message, stability and similarity. An agent
// picked in the list is updated with what was changed; deleting one is confirmed.
class VoiceAgentsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit VoiceAgentsPanel(VoiceSetupController *controller, QWidget *parent = nullptr);

    void newAgent();
    void save();
    void deleteSelected();

private:
    void showAgents();
    void editSelected();
    void updateButtons();
    QString selectedId() const;

    VoiceSetupController *m_controller;
    QLabel *m_count;
    QListWidget *m_agents;
    QLabel *m_empty;
    QLabel *m_editing;
    QLineEdit *m_name;
    QLineEdit *m_voiceId;
    QLineEdit *m_voiceName;
    QPlainTextEdit *m_script;
    QPlainTextEdit *m_firstMessage;
    QDoubleSpinBox *m_stability;
    QDoubleSpinBox *m_similarity;
    QPushButton *m_new;
    QPushButton *m_save;
    QPushButton *m_delete;
    QLabel *m_error;
    bool m_voiceSettingsTouched = false;
};
