#pragma once

#include "unloopa/UnloopaTypes.h"

#include <QWidget>

class OutreachController;
class PlaceholderHighlighter;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTreeWidget;

// Unloopa's email templates: the prebuilt ones (read-only; "Copy as new" starts a custom one from
// them) and the custom ones (create, update, delete after a confirmation, make the default). The
// subject and body highlight {{placeholders}}: {{video_url}} is flagged when the plan has no video,
// an unknown name always. The preview fills the template from a lead picked from the local store.
class OutreachTemplatesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit OutreachTemplatesPanel(OutreachController *controller, QWidget *parent = nullptr);

    void newTemplate();
    void copyAsNew();
    void save();
    void deleteSelected();
    void makeDefault();
    // Lists the stored leads matching the picker's search again (they change as the Leads page fetches).
    void refreshLeads();

protected:
    void changeEvent(QEvent *event) override;

private:
    void showTemplates();
    void editSelected();
    void updateState();
    void updatePlaceholders();
    void updatePreview();
    QString selectedId() const;

    OutreachController *m_controller;
    QTreeWidget *m_list;
    QLabel *m_editing;
    QLineEdit *m_name;
    QPlainTextEdit *m_subject;
    QPlainTextEdit *m_body;
    QLineEdit *m_language;
    QCheckBox *m_default;
    PlaceholderHighlighter *m_subjectHighlighter;
    PlaceholderHighlighter *m_bodyHighlighter;
    QLabel *m_placeholders;
    QLabel *m_flagged;
    QPushButton *m_new;
    QPushButton *m_copy;
    QPushButton *m_save;
    QPushButton *m_makeDefault;
    QPushButton *m_delete;
    QLabel *m_error;
    QLineEdit *m_leadSearch;
    QComboBox *m_lead;
    QLabel *m_noLeads;
    QPlainTextEdit *m_preview;
    QSplitter *m_splitter;
    QList<UnloopaLead> m_leads;
    QString m_selectAfterRefresh; // the template just saved, selected once the list is read again
};
