#include "DncEntryDialogs.h"

#include "controllers/SafetyController.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

AddDncEntryDialog::AddDncEntryDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("addDncEntryDialog"));
    setWindowTitle(tr("Add to the do-not-contact list"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Nobody listed here is called or emailed by any vendor. A number without a "
                                "country code is read as a US number; @example.com lists a whole domain."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_entry = new QLineEdit;
    m_entry->setObjectName(QStringLiteral("dncEntry"));
    m_entry->setAccessibleName(tr("Number, email address or domain"));
    m_entry->setPlaceholderText(tr("+1 305 555 0100, someone@example.com or @example.com"));
    form->addRow(tr("&Entry:"), m_entry);
    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("dncEntryProblem"));
    m_problem->setWordWrap(true);
    form->addRow(QString(), m_problem);
    m_reason = new QLineEdit;
    m_reason->setObjectName(QStringLiteral("dncReason"));
    m_reason->setAccessibleName(tr("Reason (optional)"));
    m_reason->setPlaceholderText(tr("optional, e.g. asked not to be called"));
    form->addRow(tr("&Reason:"), m_reason);
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_ok = buttons->addButton(tr("&Add"), QDialogButtonBox::AcceptRole);
    m_ok->setObjectName(QStringLiteral("dncAdd"));
    layout->addWidget(buttons);
    m_ok->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (SafetyController::entryProblem(entry()).isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_entry, &QLineEdit::textChanged, this, &AddDncEntryDialog::validate);
    validate();
}

QString AddDncEntryDialog::entry() const
{
    return m_entry->text().trimmed();
}

QString AddDncEntryDialog::reason() const
{
    return m_reason->text().trimmed();
}

void AddDncEntryDialog::validate()
{
    const QString problem = SafetyController::entryProblem(entry());
    m_ok->setEnabled(problem.isEmpty());
    // Nothing typed yet is not an error worth a red sentence.
    m_problem->setText(entry().isEmpty() ? QString() : problem);
}

RemoveDncEntryDialog::RemoveDncEntryDialog(const QString &entry, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("removeDncEntryDialog"));
    setWindowTitle(tr("Remove from the do-not-contact list"));
    auto *layout = new QVBoxLayout(this);
    auto *what = new QLabel(tr("Remove %1 from the do-not-contact list? It may then be called or emailed "
                               "again. The removal, its reason and your name are kept in the audit log.")
                                    .arg(entry));
    what->setObjectName(QStringLiteral("dncRemoveWhat"));
    what->setWordWrap(true);
    what->setTextFormat(Qt::PlainText);
    layout->addWidget(what);
    auto *form = new QFormLayout;
    m_reason = new QLineEdit;
    m_reason->setObjectName(QStringLiteral("dncRemoveReason"));
    m_reason->setAccessibleName(tr("Reason for the removal"));
    m_reason->setPlaceholderText(tr("required, e.g. added by mistake"));
    form->addRow(tr("&Reason:"), m_reason);
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_remove = buttons->addButton(tr("&Remove"), QDialogButtonBox::AcceptRole);
    m_remove->setObjectName(QStringLiteral("dncRemove"));
    layout->addWidget(buttons);
    // Cancel by default: Enter alone removes nothing; with a reason typed it is deliberate.
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!reason().isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto validate = [this] {
        m_remove->setEnabled(!reason().isEmpty());
        m_remove->setToolTip(reason().isEmpty() ? tr("Type why it is removed.") : QString());
    };
    connect(m_reason, &QLineEdit::textChanged, this, validate);
    validate();
}

QString RemoveDncEntryDialog::reason() const
{
    return m_reason->text().trimmed();
}
