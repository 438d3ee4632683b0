#include "DetailsSection.h"

#include "email/CampaignEditorController.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QVBoxLayout>

DetailsSection::DetailsSection(CampaignEditorController *controller, QWidget *parent)
    : EditorSection(parent),
      m_controller(controller),
      m_name(new QLineEdit(this)),
      m_id(new QLineEdit(this)),
      m_priority(new QLabel(this)),
      m_status(new QLabel(this)),
      m_origin(new QLabel(this)),
      m_stats(new QLabel(this))
{
    setObjectName(QStringLiteral("emailDetailsSection"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_name->setObjectName(QStringLiteral("emailDetailsName"));
    m_name->setAccessibleName(tr("Campaign name"));
    m_name->setToolTip(
            tr("The name shown on this computer (Outreach2day keeps the one it was created with)"));
    form->addRow(tr("&Name:"), m_name);
    m_id->setObjectName(QStringLiteral("emailDetailsId"));
    m_id->setAccessibleName(tr("Campaign id"));
    m_id->setReadOnly(true);
    form->addRow(tr("Id:"), m_id);
    m_priority->setObjectName(QStringLiteral("emailDetailsPriority"));
    form->addRow(tr("Priority:"), m_priority);
    m_status->setObjectName(QStringLiteral("emailDetailsStatus"));
    form->addRow(tr("Status:"), m_status);
    m_stats->setObjectName(QStringLiteral("emailDetailsStats"));
    m_stats->setWordWrap(true);
    form->addRow(tr("Stats:"), m_stats);
    layout->addLayout(form);
    m_origin->setWordWrap(true);
    layout->addWidget(m_origin);
    layout->addStretch();

    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        if (m_controller->rename(m_name->text()))
            Q_EMIT changed();
    });
    connect(m_controller, &CampaignEditorController::campaignChanged, this, &DetailsSection::showCampaign);
}

void DetailsSection::setCampaign(const QString &)
{
    showCampaign();
}

QString DetailsSection::missing() const
{
    return m_controller->campaign() ? QString() : tr("Create or register the campaign.");
}

void DetailsSection::showCampaign()
{
    const auto row = m_controller->campaign();
    setEnabled(row.has_value());
    if (!row) {
        m_name->clear();
        m_id->clear();
        return;
    }
    const O2dCampaign &campaign = row->campaign;
    if (!m_name->hasFocus())
        m_name->setText(campaign.name);
    m_id->setText(campaign.id);
    m_priority->setText(campaign.priority.isEmpty() ? tr("not known (registered by id)") : campaign.priority);
    m_status->setText(campaign.status.isEmpty() ? tr("not known yet") : campaign.status);
    m_origin->setText(row->registered ? tr("Registered by id: created outside this console.")
                                      : tr("Created from this console on %1.")
                                                .arg(QLocale().toString(campaign.createdAt.toLocalTime(),
                                                                        QLocale::ShortFormat)));
    if (row->stats) {
        const O2dStats &stats = *row->stats;
        m_stats->setText(tr("%1 contacts, %2 sent, %3 replied, %4 bounced (read %5)")
                                 .arg(stats.contacts.total)
                                 .arg(stats.sends.sent)
                                 .arg(stats.sends.replied)
                                 .arg(stats.sends.bounced)
                                 .arg(QLocale().toString(row->statsAt.toLocalTime(), QLocale::ShortFormat)));
    } else {
        m_stats->setText(tr("not read yet (Refresh stats on the list)"));
    }
}
