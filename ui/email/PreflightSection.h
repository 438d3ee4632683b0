#pragma once

#include "EditorSection.h"

class CampaignEditorController;
class QLabel;
class QPushButton;
class QVBoxLayout;

// Preflight: Outreach2day's checks (campaign and mailboxes) with pass/fail in words; each blocking
// failure links to the section that fixes it. Runs when shown if anything changed since the last
// run, and on Check again (F5).
class PreflightSection : public EditorSection
{
    Q_OBJECT
public:
    explicit PreflightSection(CampaignEditorController *controller, QWidget *parent = nullptr);

    void setCampaign(const QString &campaignId) override;
    QString missing() const override;

    // The editor section that fixes a failed check ("steps", "contacts", "mailboxes",
    // "schedule"), or empty when none does.
    static QString sectionFor(const QString &checkName);

Q_SIGNALS:
    void showSection(const QString &sectionId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showPreflight();

    CampaignEditorController *m_controller;
    QLabel *m_summary;
    QWidget *m_checks;
    QVBoxLayout *m_checksLayout;
    QPushButton *m_run;
};
