#include "VoiceCampaignDialog.h"

#include "VoiceScheduleFields.h"
#include "common/ErrorText.h"
#include "common/RecordTableView.h"
#include "email/PlaceholderHighlighter.h"
#include "outbound/DecisionTable.h"
#include "phone/PhoneTimeZones.h"
#include "table/RecordTableModel.h"
#include "unloopa/VoiceSetupController.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

// The zone most of the leads' numbers ring in (a number in several zones does not count): the
// window the operator types is then in the leads' own time. The system zone when none is known.
QString likelyZone(const QList<UnloopaLead> &leads)
{
    QHash<QString, int> votes;
    QString best;
    for (const UnloopaLead &lead : leads) {
        const QList<QTimeZone> zones = PhoneTimeZones::zonesFor(lead.phone);
        if (zones.size() != 1)
            continue;
        const QString id = QString::fromUtf8(zones.first().id());
        if (++votes[id] > votes.value(best))
            best = id;
    }
    return best.isEmpty() ? QString::fromUtf8(QTimeZone::systemTimeZoneId()) : best;
}

QString leadNames(const QList<UnloopaLead> &leads)
{
    QStringList names;
    for (const UnloopaLead &lead : leads)
        names << (lead.businessName.isEmpty() ? lead.id : lead.businessName);
    return QLocale().createSeparatedList(names);
}

} // namespace

VoiceCampaignDialog::VoiceCampaignDialog(VoiceCampaignController *campaigns, VoiceSetupController *setup,
                                         const QList<UnloopaLead> &leads, QWidget *parent)
    : QDialog(parent), m_campaigns(campaigns), m_setup(setup), m_leads(leads)
{
    setObjectName(QStringLiteral("voiceCampaignDialog"));
    setWindowTitle(tr("New Unloopa voice campaign"));
    resize(820, 760);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("%n lead(s) selected. The draft is created for the leads the outbound guard "
                                "clears below; nobody is called until you activate it on the Campaigns tab.",
                                nullptr, int(leads.size())),
                             this);
    intro->setObjectName(QStringLiteral("campaignDialogIntro"));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    auto field = [form](QWidget *widget, const char *objectName, const QString &label,
                        const QString &accessible) {
        widget->setObjectName(QString::fromLatin1(objectName));
        widget->setAccessibleName(accessible);
        form->addRow(label, widget);
    };
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("e.g. Miami plumbers"));
    field(m_name, "campaignName", tr("&Name:"), tr("Campaign name"));
    m_number = new QComboBox(this);
    field(m_number, "campaignNumber", tr("Calls &from:"), tr("Phone number the campaign calls from"));
    m_agent = new QComboBox(this);
    field(m_agent, "campaignAgent", tr("&Agent:"), tr("Voice agent"));
    m_voiceId = new QLineEdit(this);
    m_voiceId->setPlaceholderText(tr("ElevenLabs voice id, e.g. cjVigY5qzO86Huf0OWal"));
    field(m_voiceId, "campaignVoiceId", tr("&Voice id:"), tr("Voice id"));
    m_script = new QPlainTextEdit(this);
    m_script->setPlaceholderText(tr("You are a friendly sales rep calling {{business_name}} in {{city}}…"));
    m_script->setMaximumHeight(m_script->fontMetrics().height() * 5);
    auto *highlighter = new PlaceholderHighlighter(m_script->document());
    highlighter->setKnownFields({QStringLiteral("business_name"), QStringLiteral("city"),
                                 QStringLiteral("industry"), QStringLiteral("website_url")});
    field(m_script, "campaignScript", tr("S&cript:"), tr("Campaign script"));
    m_schedule = new VoiceScheduleFields(form, this);
    m_schedule->setZone(likelyZone(leads));
    layout->addLayout(form);

    auto *dryRun = new QLabel(tr("Dry run (nothing is sent until you create the draft):"), this);
    layout->addWidget(dryRun);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("campaignDryRunSummary"));
    m_summary->setWordWrap(true);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    layout->addWidget(m_summary);
    m_withoutPhone = new QLabel(this);
    m_withoutPhone->setObjectName(QStringLiteral("campaignWithoutPhone"));
    m_withoutPhone->setWordWrap(true);
    layout->addWidget(m_withoutPhone);
    m_model = new RecordTableModel(DecisionTable::schema(), this);
    m_model->setExecution(RecordTableModel::Execution::Synchronous); // at most the selected leads
    m_table = new RecordTableView(this);
    m_table->setObjectName(QStringLiteral("campaignDryRunTable"));
    m_table->setAccessibleName(tr("Selected leads and the guard's verdicts"));
    m_table->setRecordModel(m_model, QStringLiteral("voiceCampaignDryRun/columns"));
    m_table->setSortingEnabled(true);
    layout->addWidget(m_table, 1);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("campaignProblem"));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("campaignCreateError"));
    ErrorText::makeLinkLabel(m_error);
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("campaignDialogCancel"));
    m_create = buttons->addButton(tr("&Create draft"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(QStringLiteral("campaignCreate"));
    connect(buttons, &QDialogButtonBox::accepted, this, &VoiceCampaignDialog::create);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    // Enter alone creates nothing.
    cancel->setDefault(true);

    connect(m_name, &QLineEdit::textChanged, this, &VoiceCampaignDialog::updateButtons);
    connect(m_voiceId, &QLineEdit::textChanged, this, &VoiceCampaignDialog::updateButtons);
    connect(m_script, &QPlainTextEdit::textChanged, this, &VoiceCampaignDialog::updateButtons);
    connect(m_number, &QComboBox::currentIndexChanged, this, &VoiceCampaignDialog::updateButtons);
    connect(m_agent, &QComboBox::currentIndexChanged, this, &VoiceCampaignDialog::updateButtons);
    // The schedule decides who may be called: every change runs the dry run again.
    connect(m_schedule, &VoiceScheduleFields::scheduleChanged, this, &VoiceCampaignDialog::replan);
    connect(setup, &VoiceSetupController::numbersChanged, this, &VoiceCampaignDialog::fillNumbersAndAgents);
    connect(setup, &VoiceSetupController::agentsChanged, this, &VoiceCampaignDialog::fillNumbersAndAgents);

    fillNumbersAndAgents();
    replan();
    m_name->setFocus();
}

void VoiceCampaignDialog::fillNumbersAndAgents()
{
    const QString number = m_number->currentData().toString();
    const QString agent = m_agent->currentData().toString();
    {
        const QSignalBlocker blockNumbers(m_number);
        const QSignalBlocker blockAgents(m_agent);
        m_number->clear();
        for (const UnloopaPhoneNumber &n : m_setup->numbers().numbers)
            m_number->addItem(n.locality.isEmpty() ? n.phoneNumber
                                                   : tr("%1 (%2)").arg(n.phoneNumber, n.locality),
                              n.id);
        m_number->setCurrentIndex(qMax(0, m_number->findData(number)));
        // "No agent" stays chosen only when the operator chose it among agents; else the first agent.
        const bool hadAgents = m_agent->count() > 1;
        m_agent->clear();
        for (const UnloopaVoiceAgent &a : m_setup->agents().agents)
            m_agent->addItem(a.name, a.id);
        m_agent->addItem(tr("No agent: the voice id and script below"), QString());
        m_agent->setCurrentIndex(agent.isEmpty() && !hadAgents ? 0 : qMax(0, m_agent->findData(agent)));
    }
    updateButtons();
}

UnloopaCampaignFields VoiceCampaignDialog::fields() const
{
    UnloopaCampaignFields fields;
    fields.name = m_name->text().trimmed();
    fields.phoneNumberId = m_number->currentData().toString();
    if (const QString agent = m_agent->currentData().toString(); !agent.isEmpty()) {
        fields.agentId = agent;
    } else {
        fields.voiceId = m_voiceId->text().trimmed();
        fields.script = m_script->toPlainText().trimmed();
    }
    m_schedule->fill(&fields);
    return fields;
}

void VoiceCampaignDialog::replan()
{
    m_plan = m_campaigns->plan(m_leads, fields());
    const int callable = int(m_plan.callable.size());
    m_summary->setText(tr("%1 of %n selected lead(s) callable by this campaign; %2 refused by the guard, %3 "
                          "without a phone number.",
                          nullptr, int(m_leads.size()))
                               .arg(callable)
                               .arg(m_plan.refused.size())
                               .arg(m_plan.withoutPhone.size()));
    m_withoutPhone->setText(m_plan.withoutPhone.isEmpty()
                                    ? QString()
                                    : tr("Without a phone number: %1.").arg(leadNames(m_plan.withoutPhone)));
    m_withoutPhone->setVisible(!m_plan.withoutPhone.isEmpty());
    m_model->setRows(DecisionTable::rows(m_plan.decision));
    updateButtons();
}

QString VoiceCampaignDialog::problem() const
{
    if (m_name->text().trimmed().isEmpty())
        return tr("Give the campaign a name.");
    if (m_number->currentData().toString().isEmpty())
        return tr("Choose the number it calls from (buy one on the Phone numbers tab).");
    if (m_agent->currentData().toString().isEmpty() &&
        (m_voiceId->text().trimmed().isEmpty() || m_script->toPlainText().trimmed().isEmpty()))
        return tr("Choose a voice agent, or give both a voice id and a script.");
    if (const QString schedule = m_schedule->problem(); !schedule.isEmpty())
        return schedule;
    if (m_plan.callable.isEmpty())
        return tr("No selected lead can be called by this campaign: see the dry run.");
    return {};
}

void VoiceCampaignDialog::updateButtons()
{
    const bool usesAgent = !m_agent->currentData().toString().isEmpty();
    m_voiceId->setEnabled(!usesAgent);
    m_script->setEnabled(!usesAgent);
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    const int callable = int(m_plan.callable.size());
    m_create->setText(callable > 0 ? tr("&Create draft for %n lead(s)", nullptr, callable)
                                   : tr("&Create draft"));
    m_create->setEnabled(why.isEmpty() && !m_creating);
}

void VoiceCampaignDialog::create()
{
    if (!problem().isEmpty() || m_creating)
        return;
    m_creating = true;
    m_error->hide();
    updateButtons();
    m_campaigns->create(fields(), m_leads, this, [this](const Result<UnloopaCampaign> &done) {
        m_creating = false;
        if (!done.ok()) {
            ErrorText::show(m_error, done.error(), tr("The campaign was not created:"));
            m_error->show();
            updateButtons();
            return;
        }
        Q_EMIT created(done.value());
        accept();
    });
}
