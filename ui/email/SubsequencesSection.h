#pragma once

#include "EditorSection.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;
class SubsequencesController;
struct O2dRoutingPolicy;

// The campaign editor's Subsequences section: create a subsequence, and route replies by intent
// to one, the rules edited as a list (intent → subsequence) and sent whole with PATCH. Outreach2day
// cannot read either back, so what the vendor accepted is kept locally and shown from there.
// Optional for launch: missing() is always empty.
class SubsequencesSection : public EditorSection
{
    Q_OBJECT
public:
    explicit SubsequencesSection(const EmailContext &context, QWidget *parent = nullptr);

    void setCampaign(const QString &campaignId) override;
    QString missing() const override { return {}; }

    SubsequencesController *controller() const { return m_controller; }
    // The rules as edited (rows with an intent and a subsequence).
    O2dRoutingPolicy editedPolicy() const;
    bool hasUnsentRules() const;

public Q_SLOTS:
    void addRule(const QString &intent = {}, const QString &subsequenceId = {});
    void removeSelectedRule();
    void sendRules();

private:
    void reloadSubsequences();
    void reloadRules();
    void markEdited();

    SubsequencesController *m_controller;
    QLineEdit *m_name;
    QPushButton *m_create;
    QListWidget *m_subsequences;
    QTableWidget *m_rules;
    QPushButton *m_addRule;
    QPushButton *m_removeRule;
    QPushButton *m_send;
    QLabel *m_routingState;
    QLabel *m_status;
    bool m_edited = false;
};
