#include "ScheduleCallsDialog.h"

#include "KeyValueTable.h"
#include "VariableMappingTable.h"
#include "common/DryRunDialog.h"
#include "common/OverrideReasonDialog.h"
#include "controllers/VoiceController.h"
#include "phone/PhoneNumbers.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

ScheduleCallsDialog::ScheduleCallsDialog(VoiceController *controller, QWidget *parent)
    : QDialog(parent), m_controller(controller)
{
    build();
}

ScheduleCallsDialog::ScheduleCallsDialog(VoiceController *controller, const ContactList &contacts,
                                         QWidget *parent)
    : QDialog(parent), m_controller(controller), m_forContacts(true), m_contacts(contacts)
{
    build();
}

ScheduleCallsDialog::~ScheduleCallsDialog() = default;

void ScheduleCallsDialog::build()
{
    setObjectName(QStringLiteral("scheduleCallsDialog"));
    setWindowTitle(m_forContacts ? tr("Schedule Verloop calls") : tr("Schedule a Verloop call"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
            tr("Verloop's voice-AI agent calls at the scheduled time. Every call first passes the "
               "console's checks at the time it will ring: the do-not-contact list, the calling window in "
               "the recipient's own time and the daily attempt cap. You see who would be called before "
               "anything is sent; each call is sent once, never retried."),
            this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_campaign = new QComboBox(this);
    m_campaign->setObjectName(QStringLiteral("scheduleCampaign"));
    m_campaign->setAccessibleName(tr("Verloop campaign"));
    form->addRow(tr("&Campaign:"), m_campaign);

    if (m_forContacts) {
        m_contactsLine = new QLabel(this);
        m_contactsLine->setObjectName(QStringLiteral("scheduleContacts"));
        m_contactsLine->setText(tr("%n recipient(s) selected.", nullptr, int(m_contacts.contacts.size())));
        form->addRow(tr("Recipients:"), m_contactsLine);
        m_mapping = new VariableMappingTable(this);
        m_mapping->setFields(m_contacts.fields);
        form->addRow(tr("Recipe &variables:"), m_mapping);
    } else {
        m_number = new QLineEdit(this);
        m_number->setObjectName(QStringLiteral("scheduleNumber"));
        m_number->setAccessibleName(tr("Number to call"));
        m_number->setPlaceholderText(tr("+1 305 555 0142, with the country code"));
        form->addRow(tr("&Number:"), m_number);
        m_normalised = new QLabel(this);
        m_normalised->setObjectName(QStringLiteral("scheduleNormalised"));
        m_normalised->setWordWrap(true);
        form->addRow(QString(), m_normalised);
        m_variables = new KeyValueTable(tr("Variable"), tr("Value"), this);
        m_variables->setObjectName(QStringLiteral("scheduleVariables"));
        m_variables->table()->setAccessibleName(tr("Recipe variables"));
        form->addRow(tr("Recipe &variables:"), m_variables);
    }

    m_ringTime = new RingTimeEdit(this);
    form->addRow(tr("&Rings:"), m_ringTime);

    m_callbackUrl = new QLineEdit(this);
    m_callbackUrl->setObjectName(QStringLiteral("scheduleCallbackUrl"));
    m_callbackUrl->setAccessibleName(tr("Callback URL (optional)"));
    m_callbackUrl->setPlaceholderText(tr("optional https:// address for Verloop's status updates"));
    form->addRow(tr("Callback &URL:"), m_callbackUrl);
    m_state = new KeyValueTable(tr("State key"), tr("Value"), this);
    m_state->setObjectName(QStringLiteral("scheduleCallbackState"));
    m_state->table()->setAccessibleName(tr("Callback state"));
    m_state->table()->setToolTip(tr("Passed back to the callback URL with each status update."));
    form->addRow(tr("Callback &State:"), m_state);

    m_bypass = new QCheckBox(tr("&Bypass Verloop's working window for these calls…"), this);
    m_bypass->setObjectName(QStringLiteral("scheduleBypass"));
    m_bypass->setToolTip(tr("Verloop then ignores the campaign's working window and DND hours. The console's "
                            "legal calling window still applies. Needs a typed reason; never remembered."));
    form->addRow(QString(), m_bypass);
    layout->addLayout(form);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("scheduleProblem"));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("scheduleProgress"));
    m_progress->setAccessibleName(tr("Calls scheduled so far"));
    m_progress->hide();
    layout->addWidget(m_progress);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("scheduleResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);

    auto *buttons = new QDialogButtonBox(this);
    m_check = buttons->addButton(tr("Check and &schedule…"), QDialogButtonBox::AcceptRole);
    m_check->setObjectName(QStringLiteral("scheduleCheck"));
    m_check->setToolTip(tr("Shows who would be called and who is refused, before anything is sent"));
    m_cancelSending = buttons->addButton(tr("Stop &sending"), QDialogButtonBox::ActionRole);
    m_cancelSending->setObjectName(QStringLiteral("scheduleStop"));
    m_cancelSending->setToolTip(tr("Stops after the call being sent now (that one is never cut off)"));
    // Off until calls are being sent (QDialogButtonBox shows its buttons again when it lays them
    // out, so hiding it was not enough: it stood there, clickable, with nothing to stop).
    m_cancelSending->setEnabled(false);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("scheduleClose"));
    layout->addWidget(buttons);

    connect(m_check, &QPushButton::clicked, this, &ScheduleCallsDialog::checkAndSchedule);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_cancelSending, &QPushButton::clicked, this, [this] {
        if (m_controller)
            m_controller->cancelSending();
    });
    connect(m_bypass, &QCheckBox::toggled, this, &ScheduleCallsDialog::onBypassToggled);
    connect(m_campaign, &QComboBox::currentIndexChanged, this, &ScheduleCallsDialog::validate);
    connect(m_callbackUrl, &QLineEdit::textChanged, this, &ScheduleCallsDialog::validate);
    connect(m_ringTime, &RingTimeEdit::changed, this, &ScheduleCallsDialog::validate);
    connect(m_state, &KeyValueTable::changed, this, &ScheduleCallsDialog::validate);
    if (m_number)
        connect(m_number, &QLineEdit::textChanged, this, &ScheduleCallsDialog::validate);
    if (m_variables)
        connect(m_variables, &KeyValueTable::changed, this, &ScheduleCallsDialog::validate);
    if (m_mapping)
        connect(m_mapping, &VariableMappingTable::changed, this, &ScheduleCallsDialog::validate);
    if (m_controller) {
        connect(m_controller, &VoiceController::campaignsChanged, this, &ScheduleCallsDialog::fillCampaigns);
        connect(m_controller, &VoiceController::sendProgress, this, &ScheduleCallsDialog::showProgress);
        connect(m_controller, &VoiceController::sendFinished, this, &ScheduleCallsDialog::showResults);
    }
    fillCampaigns();
    validate();
}

void ScheduleCallsDialog::fillCampaigns()
{
    const QString current = campaignId();
    const QSignalBlocker block(m_campaign);
    m_campaign->clear();
    if (m_controller) {
        for (const VerloopCampaignEntry &entry : m_controller->campaigns())
            m_campaign->addItem(QStringLiteral("%1 (%2)").arg(entry.name, entry.campaignId.left(8)),
                                entry.campaignId);
    }
    const int index = m_campaign->findData(current);
    m_campaign->setCurrentIndex(index >= 0 ? index : 0);
    validate();
}

QString ScheduleCallsDialog::campaignId() const
{
    return m_campaign->currentData().toString();
}

QList<Contact> ScheduleCallsDialog::recipients() const
{
    if (m_forContacts)
        return m_contacts.contacts;
    Contact contact;
    contact.phone = m_number->text().trimmed();
    contact.label = contact.phone;
    return {contact};
}

QList<QPair<QString, QString>> ScheduleCallsDialog::variableMapping() const
{
    return m_mapping ? m_mapping->mapping() : QList<QPair<QString, QString>>{};
}

QJsonObject ScheduleCallsDialog::fixedVariables() const
{
    return m_variables ? m_variables->values() : QJsonObject{};
}

QUrl ScheduleCallsDialog::callbackUrl() const
{
    return QUrl(m_callbackUrl->text().trimmed(), QUrl::StrictMode);
}

QJsonObject ScheduleCallsDialog::callbackState() const
{
    return m_state->values();
}

QString ScheduleCallsDialog::problem() const
{
    if (!m_controller)
        return tr("Verloop scheduling is not available.");
    if (const QString why = m_controller->schedulingProblem(); !why.isEmpty())
        return why;
    if (m_controller->isSending())
        return tr("Calls are being sent.");
    if (m_campaign->count() == 0)
        return tr("Add a Verloop campaign on the Voice page first (its Campaign ID is in Verloop's Outreach "
                  "dashboard).");
    if (m_forContacts && m_contacts.contacts.isEmpty())
        return tr("No recipients are selected.");
    if (m_number) {
        if (m_number->text().trimmed().isEmpty())
            return tr("Enter the number to call.");
        const QString why = PhoneNumbers::problem(m_number->text());
        if (!why.isEmpty())
            return why;
    }
    if (m_mapping && !m_mapping->problem().isEmpty())
        return m_mapping->problem();
    if (m_variables && !m_variables->problem().isEmpty())
        return m_variables->problem();
    if (!m_state->problem().isEmpty())
        return m_state->problem();
    const QString url = m_callbackUrl->text().trimmed();
    if (!url.isEmpty()) {
        const QUrl parsed(url, QUrl::StrictMode);
        if (!parsed.isValid() || parsed.scheme() != QLatin1String("https") || parsed.host().isEmpty())
            return tr("The callback URL must be a complete https:// address.");
    }
    if (!m_state->values().isEmpty() && url.isEmpty())
        return tr("Callback State is only sent with a callback URL.");
    return {};
}

void ScheduleCallsDialog::validate()
{
    if (m_normalised) {
        const auto e164 = PhoneNumbers::toE164(m_number->text());
        m_normalised->setText(e164 ? tr("Sent to Verloop as %1.").arg(e164->mid(1)) : QString());
    }
    const QString why = problem();
    m_problem->setText(why);
    m_check->setEnabled(why.isEmpty());
}

void ScheduleCallsDialog::onBypassToggled(bool checked)
{
    if (!checked) {
        m_overrides.vendorCallingWindow = false;
        if (!m_overrides.callingWindow)
            m_overrides.reason.clear();
        return;
    }
    // An explicit checkbox and a typed reason in a dialog of their own; cancelled: not bypassed.
    OutboundOverrides overrides = m_overrides;
    if (!OverrideReasonDialog::ask(OverrideReasonDialog::Subject::VendorCallingWindow, overrides, this)) {
        const QSignalBlocker block(m_bypass);
        m_bypass->setChecked(false);
        return;
    }
    m_overrides = overrides;
}

void ScheduleCallsDialog::checkAndSchedule()
{
    if (!problem().isEmpty() || !m_controller)
        return;
    VoiceController::Plan plan;
    plan.campaignId = campaignId();
    plan.recipients = recipients();
    plan.variableMapping = variableMapping();
    plan.fixedVariables = fixedVariables();
    plan.ringMode = m_ringTime->mode();
    plan.ringLocal = m_ringTime->localDateTime();
    plan.ringOffsetSeconds = m_ringTime->offsetSeconds();
    plan.callbackUrl = callbackUrl();
    plan.callbackState = callbackState();
    QString usage;
    if (!m_controller->prepare(plan, &usage)) {
        m_problem->setText(usage);
        return;
    }

    DryRunDialog dryRun(windowTitle(), this);
    dryRun.setOverrides(m_overrides);
    dryRun.setDecision(m_controller->dryRun(m_overrides));
    QPointer<VoiceController> controller = m_controller;
    dryRun.setRejudge([controller](const OutboundOverrides &overrides) {
        return controller ? controller->dryRun(overrides) : GuardDecision{};
    });
    const int answer = m_presenter ? m_presenter(dryRun) : dryRun.exec();
    if (answer != QDialog::Accepted || !m_controller)
        return;
    m_result->clear();
    m_check->setEnabled(false);
    m_cancelSending->setEnabled(true);
    const QList<RecipientVerdict> &verdicts = dryRun.decision().verdicts;
    m_progress->setRange(0,
                         int(std::count_if(verdicts.cbegin(), verdicts.cend(),
                                           [](const RecipientVerdict &v) { return v.allowed(); })));
    m_progress->setValue(0);
    m_progress->show();
    m_controller->send(dryRun.overrides());
}

void ScheduleCallsDialog::showProgress(int done, int total)
{
    m_progress->setRange(0, total);
    m_progress->setValue(done);
}

void ScheduleCallsDialog::showResults()
{
    m_cancelSending->setEnabled(false);
    m_progress->hide();
    if (m_controller)
        m_result->setText(m_controller->resultSummary());
    validate();
    Q_EMIT sendingFinished();
}
