#pragma once

#include "EditorSection.h"
#include "email/CampaignLauncher.h"
#include "email/CapacityPlanner.h"

#include <optional>

class CampaignEditorController;
class Notifier;
class QCheckBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTreeWidget;

// Launch: when the last email goes out (the capacity plan), a confirmation with the number of
// contacts and of do-not-contact addresses suppressed first, an optional limit (a gradual rollout:
// a later launch with a new limit is the operator's explicit next tranche, never a retry), an async
// launch followed to its end, then pause and resume. Launch is enabled only after a current
// preflight without blocking failures, and never while a launch is in flight.
class LaunchSection : public EditorSection
{
    Q_OBJECT
public:
    LaunchSection(CampaignEditorController *controller, Notifier *notifier, QWidget *parent = nullptr);

    void setCampaign(const QString &campaignId) override;
    QString missing() const override;
    void setPlan(const CapacityPlan &plan);

    // Lists the contacts, then asks for confirmation, then launches (through the guard).
    void launch();
    void pause();
    void resume();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void confirm(const CampaignLauncher::Plan &plan);
    void finished(const QString &operation, const ApiError &error, const O2dLaunchJob &job);
    void showState();

    CampaignEditorController *m_controller;
    Notifier *m_notifier;
    QLabel *m_plan;
    QLabel *m_problem;
    QCheckBox *m_useLimit;
    QSpinBox *m_limit;
    QCheckBox *m_async;
    QPushButton *m_launch;
    QPushButton *m_pause;
    QPushButton *m_resume;
    QLabel *m_progress;
    QTreeWidget *m_launches;
    bool m_preparing = false;
    std::optional<O2dLaunchOptions> m_pendingOptions;
};
