#include "CampaignDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTimeEdit>
#include <QVBoxLayout>

CampaignDialog::CampaignDialog(QWidget *parent)
    : QDialog(parent),
      m_name(new QLineEdit(this)),
      m_uuid(new QLineEdit(this)),
      m_retries(new QSpinBox(this)),
      m_hasWindow(new QCheckBox(tr("The campaign has a &working window"), this)),
      m_start(new QTimeEdit(QTime(9, 0), this)),
      m_end(new QTimeEdit(QTime(18, 0), this)),
      m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("verloopCampaignDialog"));
    setWindowTitle(tr("Verloop campaign"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Verloop cannot list its campaigns: copy the Campaign ID of a published "
                                "campaign whose trigger is “Via API” from the Outreach dashboard, with the "
                                "retries and working window configured there."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_name->setObjectName(QStringLiteral("campaignName"));
    m_name->setAccessibleName(tr("Campaign name"));
    m_name->setPlaceholderText(tr("e.g. Spring follow-up"));
    form->addRow(tr("&Name:"), m_name);
    m_uuid->setObjectName(QStringLiteral("campaignUuid"));
    m_uuid->setAccessibleName(tr("Campaign ID"));
    m_uuid->setPlaceholderText(QStringLiteral("ac3bf462-ec44-46d4-9e8e-8edda9cffe58"));
    form->addRow(tr("Campaign &ID:"), m_uuid);
    m_retries->setObjectName(QStringLiteral("campaignRetries"));
    m_retries->setAccessibleName(tr("Retries configured on the dashboard"));
    m_retries->setRange(0, 10); // Verloop's Max Retries: 0 to 10
    m_retries->setToolTip(tr("Each call counts 1 + this many attempts against the per-day cap."));
    form->addRow(tr("&Retries:"), m_retries);

    m_hasWindow->setObjectName(QStringLiteral("campaignHasWindow"));
    form->addRow(QString(), m_hasWindow);
    auto *window = new QHBoxLayout;
    m_start->setObjectName(QStringLiteral("campaignWindowStart"));
    m_start->setAccessibleName(tr("Working window start (recipient's time)"));
    m_start->setDisplayFormat(QStringLiteral("HH:mm"));
    m_end->setObjectName(QStringLiteral("campaignWindowEnd"));
    m_end->setAccessibleName(tr("Working window end (recipient's time)"));
    m_end->setDisplayFormat(QStringLiteral("HH:mm"));
    window->addWidget(m_start);
    window->addWidget(new QLabel(tr("to"), this));
    window->addWidget(m_end);
    window->addStretch();
    form->addRow(tr("Working &hours:"), window);
    auto *days = new QHBoxLayout;
    const QLocale locale;
    for (int day = Qt::Monday; day <= Qt::Sunday; ++day) {
        auto *box = new QCheckBox(locale.dayName(day, QLocale::ShortFormat), this);
        box->setObjectName(QStringLiteral("campaignDay%1").arg(day));
        box->setAccessibleName(locale.dayName(day, QLocale::LongFormat));
        box->setChecked(day <= Qt::Friday);
        days->addWidget(box);
        m_days << box;
    }
    form->addRow(tr("Working &days:"), days);
    layout->addLayout(form);

    m_problem->setObjectName(QStringLiteral("campaignProblem"));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("campaignOk"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_name, &QLineEdit::textChanged, this, &CampaignDialog::validate);
    connect(m_uuid, &QLineEdit::textChanged, this, &CampaignDialog::validate);
    connect(m_hasWindow, &QCheckBox::toggled, this, &CampaignDialog::validate);
    connect(m_start, &QTimeEdit::timeChanged, this, &CampaignDialog::validate);
    connect(m_end, &QTimeEdit::timeChanged, this, &CampaignDialog::validate);
    for (QCheckBox *box : std::as_const(m_days))
        connect(box, &QCheckBox::toggled, this, &CampaignDialog::validate);
    validate();
}

VerloopCampaignEntry CampaignDialog::entry() const
{
    VerloopCampaignEntry entry;
    entry.name = m_name->text().trimmed();
    entry.campaignId = m_uuid->text().trimmed().toLower();
    entry.retries = m_retries->value();
    if (m_hasWindow->isChecked()) {
        entry.window.start = m_start->time();
        entry.window.end = m_end->time();
        for (int i = 0; i < m_days.size(); ++i) {
            if (m_days.at(i)->isChecked())
                entry.window.days << Qt::Monday + i;
        }
        if (entry.window.days.size() == 7)
            entry.window.days.clear(); // every day
    }
    return entry;
}

void CampaignDialog::setEntry(const VerloopCampaignEntry &entry)
{
    m_name->setText(entry.name);
    m_uuid->setText(entry.campaignId);
    m_retries->setValue(entry.retries);
    const std::optional<CampaignWindow> window = entry.campaignWindow();
    m_hasWindow->setChecked(window.has_value());
    if (window && window->start.isValid()) {
        m_start->setTime(window->start);
        m_end->setTime(window->end);
    }
    for (int i = 0; i < m_days.size(); ++i) {
        const int day = Qt::Monday + i;
        if (!window)
            m_days.at(i)->setChecked(day <= Qt::Friday); // the form's default
        else
            m_days.at(i)->setChecked(window->days.isEmpty() || window->days.contains(day));
    }
}

void CampaignDialog::setValidator(std::function<QString(const QString &, const QString &)> validator)
{
    m_validator = std::move(validator);
    validate();
}

QString CampaignDialog::problem() const
{
    const VerloopCampaignEntry current = entry();
    if (current.name.isEmpty())
        return tr("Give the campaign a name you will recognise.");
    if (current.campaignId.isEmpty())
        return tr("Paste the Campaign ID from Verloop's Outreach dashboard.");
    if (m_hasWindow->isChecked() &&
        std::none_of(m_days.cbegin(), m_days.cend(), [](const QCheckBox *box) { return box->isChecked(); }))
        return tr("Choose at least one working day.");
    if (const QString why = current.problem(); !why.isEmpty())
        return why;
    return m_validator ? m_validator(current.name, current.campaignId) : QString();
}

void CampaignDialog::validate()
{
    m_start->setEnabled(m_hasWindow->isChecked());
    m_end->setEnabled(m_hasWindow->isChecked());
    for (QCheckBox *box : std::as_const(m_days))
        box->setEnabled(m_hasWindow->isChecked());
    const QString why = problem();
    m_problem->setText(why);
    m_ok->setEnabled(why.isEmpty());
}
