#pragma once

#include "EditorSection.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QJsonObject>

class KeyValueTable;
class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTextBrowser;
class StepContentEditor;
class StepsController;

// The campaign's steps in order: add, move and delete them, and edit one at a time — its delay
// in days, subject, HTML and text bodies with {{placeholders}} highlighted against the contact
// fields (unknown ones listed as a warning), and A/B variants whose weights must sum to 100
// (the sum shown live; Save stays off and names the field until it does). Beside the editor, a
// live preview rendered by Outreach2day's preview endpoint for a stored contact or typed fields.
// State lives in StepsController; this section holds widgets.
class StepsSection : public EditorSection
{
    Q_OBJECT
public:
    explicit StepsSection(const EmailContext &context, QWidget *parent = nullptr);

    void setCampaign(const QString &campaignId) override;
    QString missing() const override;

    StepsController *controller() const { return m_controller; }
    // The step in the editor as it would be sent (id empty for a new step).
    O2dStep editedStep() const;
    // Why the edited step cannot be saved, naming the field; empty when it can.
    QString problem() const;
    QStringList unknownPlaceholders() const;

public Q_SLOTS:
    void addStep(); // a new, empty step in the editor (sent on Save)
    void save();
    void deleteStep(); // asks first
    void moveUp();
    void moveDown();
    void addVariant();
    void removeVariant(); // the variant whose tab is shown
    // Re-reads the campaign's contact fields and stored contacts (after an import).
    void refreshContacts();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void reloadList();
    void loadStep(const QString &stepId); // empty: a new step
    void setVariants(const QList<O2dVariant> &variants);
    StepContentEditor *addVariantTab(const O2dVariant &variant);
    void renumberVariantTabs();
    void onEdited();
    void updateState();
    void requestPreview();
    QJsonObject previewContact() const;
    QString currentStepId() const;

    EmailContext m_context;
    StepsController *m_controller;
    QString m_editingId; // the step in the editor; empty for a new one
    bool m_draft = false; // the editor holds a new step not yet sent
    QString m_savingId; // a PATCH of this step is on its way
    QStringList m_fields;

    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_delete;
    QWidget *m_editor;
    QSpinBox *m_delay;
    QTabWidget *m_tabs;
    StepContentEditor *m_main;
    QList<StepContentEditor *> m_variants;
    QPushButton *m_addVariant;
    QPushButton *m_removeVariant;
    QLabel *m_weights;
    QLabel *m_placeholders;
    QLabel *m_problem;
    QLabel *m_status;
    QPushButton *m_save;
    QPushButton *m_revert;

    QComboBox *m_contact;
    KeyValueTable *m_typedFields;
    QLabel *m_previewStatus;
    QLabel *m_previewSubject;
    QTextBrowser *m_previewHtml;
    QPlainTextEdit *m_previewText;
};
