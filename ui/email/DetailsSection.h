#pragma once

#include "EditorSection.h"

class CampaignEditorController;
class QLabel;
class QLineEdit;

// Details: the campaign's name (kept on this computer: the API has no update for campaigns), id,
// priority, status and its latest stats.
class DetailsSection : public EditorSection
{
    Q_OBJECT
public:
    explicit DetailsSection(CampaignEditorController *controller, QWidget *parent = nullptr);

    void setCampaign(const QString &campaignId) override;
    QString missing() const override;

private:
    void showCampaign();

    CampaignEditorController *m_controller;
    QLineEdit *m_name;
    QLineEdit *m_id;
    QLabel *m_priority;
    QLabel *m_status;
    QLabel *m_origin;
    QLabel *m_stats;
};
