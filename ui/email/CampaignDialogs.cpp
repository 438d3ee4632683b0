#include "CampaignDialogs.h"

#include "outreach2day/Outreach2dayTypes.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

QPushButton *addButtons(QDialog *dialog, QVBoxLayout *layout, const QString &okText)
{
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(okText);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    return ok;
}

} // namespace

NewCampaignDialog::NewCampaignDialog(QWidget *parent)
    : QDialog(parent), m_name(new QLineEdit(this)), m_priority(new QComboBox(this))
{
    setObjectName(QStringLiteral("emailNewCampaignDialog"));
    setWindowTitle(tr("New email campaign"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_name->setObjectName(QStringLiteral("emailCampaignName"));
    m_name->setAccessibleName(tr("Campaign name"));
    m_name->setPlaceholderText(tr("e.g. Q1 SaaS Outreach"));
    form->addRow(tr("&Name:"), m_name);
    m_priority->setObjectName(QStringLiteral("emailCampaignPriority"));
    m_priority->setAccessibleName(tr("Priority"));
    const QStringList titles = {tr("High"), tr("Medium"), tr("Low")};
    const QStringList priorities = O2dCampaign::priorities();
    for (int i = 0; i < priorities.size(); ++i)
        m_priority->addItem(i < titles.size() ? titles.at(i) : priorities.at(i), priorities.at(i));
    m_priority->setCurrentIndex(m_priority->findData(QStringLiteral("MEDIUM")));
    form->addRow(tr("&Priority:"), m_priority);
    layout->addLayout(form);
    auto *note = new QLabel(tr("The campaign is created at Outreach2day as a draft; nothing is sent before "
                               "you launch it."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);
    m_ok = addButtons(this, layout, tr("&Create"));
    m_ok->setEnabled(false);
    connect(m_name, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_ok->setEnabled(!text.trimmed().isEmpty()); });
}

QString NewCampaignDialog::name() const
{
    return m_name->text().trimmed();
}

QString NewCampaignDialog::priority() const
{
    return m_priority->currentData().toString();
}

RegisterCampaignDialog::RegisterCampaignDialog(std::function<QString(const QString &)> problem,
                                               QWidget *parent)
    : QDialog(parent),
      m_problem(std::move(problem)),
      m_id(new QLineEdit(this)),
      m_name(new QLineEdit(this)),
      m_problemLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("emailRegisterCampaignDialog"));
    setWindowTitle(tr("Register an email campaign"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Outreach2day cannot list its campaigns: type the id of a campaign created "
                                "elsewhere. The console checks it by reading the campaign's stats."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_id->setObjectName(QStringLiteral("emailRegisterId"));
    m_id->setAccessibleName(tr("Campaign id"));
    m_id->setPlaceholderText(QStringLiteral("cmp_abc123"));
    form->addRow(tr("Campaign &id:"), m_id);
    m_name->setObjectName(QStringLiteral("emailRegisterName"));
    m_name->setAccessibleName(tr("Name shown here"));
    m_name->setPlaceholderText(tr("Optional: the id when empty"));
    form->addRow(tr("&Name:"), m_name);
    layout->addLayout(form);
    m_problemLabel->setObjectName(QStringLiteral("emailRegisterProblem"));
    m_problemLabel->setWordWrap(true);
    layout->addWidget(m_problemLabel);
    m_ok = addButtons(this, layout, tr("&Register"));
    connect(m_id, &QLineEdit::textChanged, this, &RegisterCampaignDialog::validate);
    validate();
}

void RegisterCampaignDialog::validate()
{
    const QString problem = m_problem ? m_problem(campaignId()) : QString();
    // An empty field is not an error yet: the placeholder says what to type.
    m_problemLabel->setText(campaignId().isEmpty() ? QString() : problem);
    m_ok->setEnabled(problem.isEmpty() && !campaignId().isEmpty());
}

QString RegisterCampaignDialog::campaignId() const
{
    return m_id->text().trimmed();
}

QString RegisterCampaignDialog::name() const
{
    return m_name->text().trimmed();
}
