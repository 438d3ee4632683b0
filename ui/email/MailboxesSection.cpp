#include "MailboxesSection.h"

#include "common/ErrorText.h"
#include "common/LayoutMemory.h"
#include "email/CampaignEditorController.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

QSpinBox *spinBox(QWidget *parent, const QString &objectName, const QString &accessibleName, int minimum,
                  int maximum, int value, const QString &suffix = {})
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(objectName);
    box->setAccessibleName(accessibleName);
    box->setRange(minimum, maximum);
    box->setValue(value);
    box->setSuffix(suffix);
    box->setToolTip(MailboxesSection::tr("%1 to %2").arg(minimum).arg(maximum));
    return box;
}

QString number(const std::optional<int> &value)
{
    return value ? QString::number(*value) : MailboxesSection::tr("default");
}

} // namespace

MailboxesSection::MailboxesSection(CampaignEditorController *controller, QWidget *parent)
    : EditorSection(parent),
      m_controller(controller),
      m_list(new QTreeWidget(this)),
      m_address(new QLineEdit(this)),
      m_problem(new QLabel(this)),
      m_attach(new QPushButton(tr("&Attach mailbox"), this)),
      m_save(new QPushButton(tr("Save &changes to the selected mailbox"), this))
{
    setObjectName(QStringLiteral("emailMailboxesSection"));
    auto *layout = new QVBoxLayout(this);
    m_list->setObjectName(QStringLiteral("emailMailboxes"));
    m_list->setAccessibleName(tr("Attached mailboxes"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels(
            {tr("Mailbox"), tr("Daily limit"), tr("Weight"), tr("Gap (s)"), tr("Jitter (s)"), tr("State")});
    LayoutMemory::track(m_list->header(), QStringLiteral("email/mailboxes"));
    layout->addWidget(m_list, 1);

    auto *form = new QFormLayout;
    m_address->setObjectName(QStringLiteral("emailMailboxAddress"));
    m_address->setAccessibleName(tr("Mailbox address"));
    m_address->setPlaceholderText(tr("e.g. john@cooloutreach.com"));
    form->addRow(tr("Mailbox &address:"), m_address);
    m_dailyLimit = spinBox(this, QStringLiteral("emailMailboxDailyLimit"), tr("Daily limit"),
                           O2dMailbox::minDailyLimit, O2dMailbox::maxDailyLimit, 30, tr(" emails a day"));
    form->addRow(tr("&Daily limit:"), m_dailyLimit);
    m_weight = spinBox(this, QStringLiteral("emailMailboxWeight"), tr("Weight"), O2dMailbox::minWeight,
                       O2dMailbox::maxWeight, 100);
    m_weight->setToolTip(tr("Sending weight relative to the other mailboxes (%1 to %2)")
                                 .arg(O2dMailbox::minWeight)
                                 .arg(O2dMailbox::maxWeight));
    form->addRow(tr("&Weight:"), m_weight);
    m_gapBase = spinBox(this, QStringLiteral("emailMailboxGapBase"), tr("Gap between sends"),
                        O2dMailbox::minGapSeconds, O2dMailbox::maxGapSeconds, 120, tr(" s"));
    form->addRow(tr("&Gap between sends:"), m_gapBase);
    m_gapJitter = spinBox(this, QStringLiteral("emailMailboxGapJitter"), tr("Random jitter added to the gap"),
                          O2dMailbox::minGapSeconds, O2dMailbox::maxGapSeconds, 60, tr(" s"));
    form->addRow(tr("Random &jitter:"), m_gapJitter);
    layout->addLayout(form);

    m_problem->setObjectName(QStringLiteral("emailMailboxProblem"));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);
    auto *buttons = new QHBoxLayout;
    m_attach->setObjectName(QStringLiteral("emailAttachMailbox"));
    m_attach->setToolTip(tr("Attach this mailbox to the campaign (Ctrl+Return)"));
    m_save->setObjectName(QStringLiteral("emailSaveMailbox"));
    auto *refresh = new QPushButton(tr("&Read the list again"), this);
    refresh->setObjectName(QStringLiteral("emailRefreshMailboxes"));
    buttons->addWidget(m_attach);
    buttons->addWidget(m_save);
    buttons->addStretch();
    buttons->addWidget(refresh);
    layout->addLayout(buttons);

    auto *attachKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    attachKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(attachKey, &QShortcut::activated, this, &MailboxesSection::attach);
    connect(m_attach, &QPushButton::clicked, this, &MailboxesSection::attach);
    connect(m_save, &QPushButton::clicked, this, &MailboxesSection::saveSelected);
    connect(refresh, &QPushButton::clicked, m_controller, &CampaignEditorController::refreshMailboxes);
    connect(m_address, &QLineEdit::textChanged, this, &MailboxesSection::validate);
    for (QSpinBox *box : {m_dailyLimit, m_weight, m_gapBase, m_gapJitter})
        connect(box, &QSpinBox::valueChanged, this, &MailboxesSection::validate);
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this] {
        // The selected mailbox's values in the form, ready to change.
        const QString id = selectedId();
        for (const O2dMailbox &mailbox : m_controller->mailboxes()) {
            if (mailbox.id != id)
                continue;
            m_dailyLimit->setValue(mailbox.dailyLimit.value_or(30));
            m_weight->setValue(mailbox.weight.value_or(100));
            m_gapBase->setValue(mailbox.gapBaseSeconds.value_or(120));
            m_gapJitter->setValue(mailbox.gapJitterSeconds.value_or(60));
        }
        validate();
    });
    connect(m_controller, &CampaignEditorController::mailboxesChanged, this, [this] {
        showMailboxes();
        Q_EMIT changed();
    });
    connect(m_controller, &CampaignEditorController::failed, this,
            [this](CampaignEditorController::Topic topic, const QString &what, const ApiError &error) {
                if (topic == CampaignEditorController::Topic::Mailboxes)
                    m_problem->setText(tr("%1: %2").arg(what, ErrorText::plainText(error)));
            });
    validate();
}

void MailboxesSection::setCampaign(const QString &)
{
    m_problem->clear();
    showMailboxes();
}

QString MailboxesSection::missing() const
{
    return m_controller->mailboxes().isEmpty() ? tr("Attach at least one mailbox.") : QString();
}

O2dMailbox MailboxesSection::formMailbox(bool withAddress) const
{
    O2dMailbox mailbox;
    if (withAddress)
        mailbox.mailboxAddress = m_address->text().trimmed();
    mailbox.dailyLimit = m_dailyLimit->value();
    mailbox.weight = m_weight->value();
    mailbox.gapBaseSeconds = m_gapBase->value();
    mailbox.gapJitterSeconds = m_gapJitter->value();
    return mailbox;
}

QString MailboxesSection::problem() const
{
    if (m_address->text().trimmed().isEmpty())
        return tr("Type the mailbox's address.");
    const std::optional<ApiError> problem = formMailbox(true).problem(true);
    return problem ? problem->explanation : QString();
}

void MailboxesSection::validate()
{
    const QString problem = this->problem();
    const bool campaign = !m_controller->campaignId().isEmpty();
    // An empty address is not an error yet: the placeholder says what to type.
    m_problem->setText(m_address->text().trimmed().isEmpty() ? QString() : problem);
    m_attach->setEnabled(campaign && problem.isEmpty());
    const std::optional<ApiError> changes = formMailbox(false).problem(false);
    m_save->setEnabled(campaign && !selectedId().isEmpty() && !changes);
}

void MailboxesSection::attach()
{
    if (!m_attach->isEnabled())
        return;
    m_problem->setText(tr("Attaching %1…").arg(m_address->text().trimmed()));
    m_controller->attachMailbox(formMailbox(true));
}

void MailboxesSection::saveSelected()
{
    const QString id = selectedId();
    if (id.isEmpty() || !m_save->isEnabled())
        return;
    m_problem->setText(tr("Saving the mailbox's changes…"));
    m_controller->updateMailbox(id, formMailbox(false));
}

QString MailboxesSection::selectedId() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

void MailboxesSection::showMailboxes()
{
    const QString current = selectedId();
    m_list->clear();
    for (const O2dMailbox &mailbox : m_controller->mailboxes()) {
        auto *item = new QTreeWidgetItem(
                m_list,
                {mailbox.mailboxAddress.isEmpty() ? mailbox.mailboxId : mailbox.mailboxAddress,
                 number(mailbox.dailyLimit), number(mailbox.weight), number(mailbox.gapBaseSeconds),
                 number(mailbox.gapJitterSeconds), mailbox.state});
        item->setData(0, Qt::UserRole, mailbox.id);
        // Attached: the address typed is done with (kept after a refusal, to correct it).
        if (mailbox.mailboxAddress.compare(m_address->text().trimmed(), Qt::CaseInsensitive) == 0)
            m_address->clear();
        if (mailbox.id == current)
            m_list->setCurrentItem(item);
    }
    if (m_problem->text().endsWith(QStringLiteral("…")))
        m_problem->clear();
    validate();
}
