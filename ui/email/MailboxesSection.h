#pragma once

#include "EditorSection.h"
#include "outreach2day/Outreach2dayTypes.h"

class CampaignEditorController;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;

// Mailboxes: the campaign's sending mailboxes with their daily limit, weight and gaps; attach one,
// change the selected one, read the list again. Every documented limit is checked as the operator
// types, with the field named, before anything is sent.
class MailboxesSection : public EditorSection
{
    Q_OBJECT
public:
    explicit MailboxesSection(CampaignEditorController *controller, QWidget *parent = nullptr);

    void setCampaign(const QString &campaignId) override;
    QString missing() const override;

    // The form as a mailbox (address included when `withAddress`).
    O2dMailbox formMailbox(bool withAddress) const;
    QString problem() const; // what the form lacks, naming the field; empty when it may be sent
    void attach();
    void saveSelected();

private:
    void showMailboxes();
    void validate();
    QString selectedId() const;

    CampaignEditorController *m_controller;
    QTreeWidget *m_list;
    QLineEdit *m_address;
    QSpinBox *m_dailyLimit;
    QSpinBox *m_weight;
    QSpinBox *m_gapBase;
    QSpinBox *m_gapJitter;
    QLabel *m_problem;
    QPushButton *m_attach;
    QPushButton *m_save;
};
