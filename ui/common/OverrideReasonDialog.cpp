#include "OverrideReasonDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

OverrideReasonDialog::OverrideReasonDialog(Subject subject, QWidget *parent)
    : QDialog(parent), m_subject(subject)
{
    setObjectName(QStringLiteral("overrideReasonDialog"));
    const bool vendor = subject == Subject::VendorCallingWindow;
    setWindowTitle(vendor ? tr("Bypass Verloop's working window") : tr("Override the calling window"));

    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    auto *icon = new QLabel;
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);
    top->addWidget(icon);
    auto *explanation = new QLabel(
            vendor ? tr("Verloop normally rings only inside the campaign's working window set on its "
                        "dashboard. Bypassing it lets Verloop ring outside that window. The console's "
                        "own calling window in the recipient's local time still applies.")
                   : tr("The calling window keeps calls inside the hours the law allows in the "
                        "recipient's local time. Overriding it lets these calls ring outside those hours, "
                        "for this action only. The do-not-contact list and the daily attempt cap still "
                        "apply."));
    explanation->setObjectName(QStringLiteral("overrideExplanation"));
    explanation->setWordWrap(true);
    top->addWidget(explanation, 1);
    layout->addLayout(top);

    m_detail = new QLabel;
    m_detail->setObjectName(QStringLiteral("overrideDetail"));
    m_detail->setWordWrap(true);
    m_detail->hide();
    layout->addWidget(m_detail);

    m_confirm = new QCheckBox(vendor ? tr("&Bypass Verloop's working window for this action")
                                     : tr("&Override the calling window for this action"));
    m_confirm->setObjectName(QStringLiteral("overrideConfirm"));
    m_confirm->setAccessibleName(vendor ? tr("Bypass Verloop's working window")
                                        : tr("Override the calling window"));
    layout->addWidget(m_confirm);

    auto *form = new QFormLayout;
    m_reason = new QLineEdit;
    m_reason->setObjectName(QStringLiteral("overrideReason"));
    m_reason->setAccessibleName(tr("Reason for the override"));
    m_reason->setPlaceholderText(tr("Why, in a few words (kept in the audit log)"));
    m_reason->setMaxLength(500);
    form->addRow(tr("&Reason:"), m_reason);
    layout->addLayout(form);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_ok = buttons->addButton(vendor ? tr("&Bypass") : tr("&Override"), QDialogButtonBox::AcceptRole);
    m_ok->setObjectName(QStringLiteral("overrideOk"));
    layout->addWidget(buttons);
    // Enter in the reason field does nothing before the box is ticked (a disabled default button
    // is not clicked); with both given, it does what the operator means. Set once the button is
    // inside the dialog, or the dialog would pick Cancel as its default when shown.
    m_ok->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isComplete())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_confirm, &QCheckBox::toggled, this, &OverrideReasonDialog::validate);
    connect(m_reason, &QLineEdit::textChanged, this, &OverrideReasonDialog::validate);
    validate();
    m_confirm->setFocus();
}

void OverrideReasonDialog::setDetail(const QString &detail)
{
    m_detail->setText(detail);
    m_detail->setVisible(!detail.isEmpty());
}

QString OverrideReasonDialog::reason() const
{
    return m_reason->text().trimmed();
}

bool OverrideReasonDialog::isComplete() const
{
    return m_confirm->isChecked() && !reason().isEmpty();
}

void OverrideReasonDialog::applyTo(OutboundOverrides &overrides) const
{
    if (!isComplete())
        return;
    const bool vendor = m_subject == Subject::VendorCallingWindow;
    // The other override was given already with its own reason: the audit row keeps both.
    const bool other = vendor ? overrides.callingWindow : overrides.vendorCallingWindow;
    const QString earlier = overrides.reason.trimmed();
    (vendor ? overrides.vendorCallingWindow : overrides.callingWindow) = true;
    overrides.reason = other && !earlier.isEmpty() && earlier != reason()
            ? tr("%1; %2").arg(earlier, reason())
            : reason();
}

bool OverrideReasonDialog::ask(Subject subject, OutboundOverrides &overrides, QWidget *parent,
                               const QString &detail)
{
    OverrideReasonDialog dialog(subject, parent);
    dialog.setDetail(detail);
    if (dialog.exec() != QDialog::Accepted || !dialog.isComplete())
        return false;
    dialog.applyTo(overrides);
    return true;
}

void OverrideReasonDialog::validate()
{
    m_ok->setEnabled(isComplete());
    if (!m_confirm->isChecked())
        m_ok->setToolTip(tr("Tick the box to confirm the override."));
    else if (reason().isEmpty())
        m_ok->setToolTip(tr("Type the reason; it is kept in the audit log."));
    else
        m_ok->setToolTip(QString());
}
