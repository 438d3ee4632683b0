#include "VoiceCallDialog.h"

#include "common/ErrorText.h"
#include "common/OverrideReasonDialog.h"
#include "phone/PhoneNumbers.h"
#include "unloopa/QuotaGate.h"
#include "unloopa/UnloopaVoiceService.h"
#include "unloopa/VoiceSetupController.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

const QString kRegion = QStringLiteral("US"); // Unloopa's numbers and leads are North American first

// key=value lines; nothing when a line is not one (`badLine` gets its number, 1-based).
std::optional<QMap<QString, QString>> parseVariables(const QString &text, int *badLine)
{
    QMap<QString, QString> variables;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            *badLine = i + 1;
            return std::nullopt;
        }
        variables.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
    }
    return variables;
}

} // namespace

VoiceCallDialog::VoiceCallDialog(UnloopaVoiceService *voice, OutboundGuard *guard,
                                 VoiceSetupController *setup, QWidget *parent)
    : QDialog(parent), m_placer(voice, guard), m_setup(setup)
{
    setObjectName(QStringLiteral("voiceCallDialog"));
    setWindowTitle(tr("Call with an Unloopa voice agent"));
    auto *layout = new QVBoxLayout(this);
    auto *intro =
            new QLabel(tr("Unloopa's voice agent calls the number and talks to whoever answers. The call "
                          "costs 1 voice credit; it is sent once, never retried."),
                       this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_agent = new QComboBox(this);
    m_agent->setObjectName(QStringLiteral("voiceCallAgent"));
    m_agent->setAccessibleName(tr("Voice agent"));
    form->addRow(tr("&Agent:"), m_agent);
    m_number = new QLineEdit(this);
    m_number->setObjectName(QStringLiteral("voiceCallNumber"));
    m_number->setAccessibleName(tr("Number to call"));
    m_number->setPlaceholderText(tr("+1 305 555 1234, (305) 555-1234 (US without a country code)"));
    form->addRow(tr("&Number:"), m_number);
    m_normalised = new QLabel(this);
    m_normalised->setObjectName(QStringLiteral("voiceCallNormalised"));
    m_normalised->setWordWrap(true);
    form->addRow(QString(), m_normalised);
    m_lead = new QLabel(tr("none"), this);
    m_lead->setObjectName(QStringLiteral("voiceCallLead"));
    form->addRow(tr("Lead:"), m_lead);
    m_variables = new QPlainTextEdit(this);
    m_variables->setObjectName(QStringLiteral("voiceCallVariables"));
    m_variables->setAccessibleName(tr("Script variables, one key=value per line"));
    m_variables->setPlaceholderText(tr("business_name=Acme Plumbing\ncity=Miami"));
    m_variables->setTabChangesFocus(true);
    m_variables->setMaximumHeight(m_variables->fontMetrics().lineSpacing() * 6);
    form->addRow(tr("&Variables:"), m_variables);
    layout->addLayout(form);

    m_cost = new QLabel(this);
    m_cost->setObjectName(QStringLiteral("voiceCallCost"));
    ErrorText::makeLinkLabel(m_cost);
    m_cost->setWordWrap(true);
    layout->addWidget(m_cost);
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("voiceCallVerdict"));
    m_verdict->setWordWrap(true);
    layout->addWidget(m_verdict);
    m_override = new QPushButton(tr("Call &outside the calling window…"), this);
    m_override->setObjectName(QStringLiteral("voiceCallOverride"));
    m_override->setToolTip(
            tr("Needs a ticked box and a typed reason (kept in the audit log), for this call only"));
    layout->addWidget(m_override, 0, Qt::AlignLeft);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("voiceCallResult"));
    ErrorText::makeLinkLabel(m_result);
    m_result->setWordWrap(true);
    layout->addWidget(m_result);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_call = buttons->addButton(tr("&Call"), QDialogButtonBox::ActionRole);
    m_call->setObjectName(QStringLiteral("voiceCallButton"));
    m_call->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_call, &QPushButton::clicked, this, &VoiceCallDialog::place);
    connect(m_override, &QPushButton::clicked, this, &VoiceCallDialog::askOverride);
    connect(m_number, &QLineEdit::textChanged, this, &VoiceCallDialog::numberChanged);
    connect(m_agent, &QComboBox::currentIndexChanged, this, &VoiceCallDialog::validate);
    connect(m_variables, &QPlainTextEdit::textChanged, this, &VoiceCallDialog::validate);
    if (setup) {
        connect(setup, &VoiceSetupController::agentsChanged, this, &VoiceCallDialog::fillAgents);
        connect(setup, &VoiceSetupController::numbersChanged, this, &VoiceCallDialog::validate);
        connect(setup, &VoiceSetupController::voiceAvailability, this, &VoiceCallDialog::validate);
    }
    fillAgents();
}

void VoiceCallDialog::fillAgents()
{
    const QString current = m_agent->currentData().toString();
    {
        const QSignalBlocker blocker(m_agent);
        m_agent->clear();
        if (m_setup) {
            for (const UnloopaVoiceAgent &agent : m_setup->agents().agents) {
                const QString voice = agent.voiceName.isEmpty() ? agent.voiceId : agent.voiceName;
                m_agent->addItem(tr("%1 (voice %2)").arg(agent.name, voice), agent.id);
            }
        }
        m_agent->setCurrentIndex(qMax(0, m_agent->findData(current)));
    }
    validate();
}

void VoiceCallDialog::setLead(const UnloopaLead &lead)
{
    m_lead->setText(lead.city.isEmpty() ? lead.businessName
                                        : tr("%1 (%2)").arg(lead.businessName, lead.city));
    QStringList lines;
    const QMap<QString, QString> variables = VoiceCallPlacer::variablesFor(lead);
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        lines.append(it.key() + QLatin1Char('=') + it.value());
    m_variables->setPlainText(lines.join(QLatin1Char('\n')));
    m_number->setText(lead.phone.isEmpty() ? lead.phoneAsReceived : lead.phone);
}

UnloopaCallRequest VoiceCallDialog::request() const
{
    UnloopaCallRequest request;
    request.agentId = m_agent->currentData().toString();
    request.phoneNumber = PhoneNumbers::toE164(m_number->text(), kRegion).value_or(QString());
    int badLine = 0;
    request.dynamicVariables =
            parseVariables(m_variables->toPlainText(), &badLine).value_or(QMap<QString, QString>());
    return request;
}

QString VoiceCallDialog::problem() const
{
    if (m_setup && m_setup->numbers().count == 0)
        return tr("Buy a phone number first (the Phone numbers tab): Unloopa calls from your own number.");
    if (m_agent->count() == 0)
        return tr("Create a voice agent first (the Voice agents tab).");
    if (m_number->text().trimmed().isEmpty())
        return tr("Enter the number to call.");
    if (const QString why = PhoneNumbers::problem(m_number->text(), kRegion); !why.isEmpty())
        return why;
    int badLine = 0;
    if (!parseVariables(m_variables->toPlainText(), &badLine))
        return tr("Variables: line %1 is not key=value.").arg(badLine);
    if (const QuotaGate::Verdict credits = QuotaGate(m_setup ? m_setup->quota() : std::nullopt).calls(1);
        !credits)
        return credits.reason;
    return {};
}

// Another person: an override given for the previous one does not carry over.
void VoiceCallDialog::numberChanged()
{
    m_overrides = {};
    validate();
}

void VoiceCallDialog::validate()
{
    const std::optional<QString> e164 = PhoneNumbers::toE164(m_number->text(), kRegion);
    m_normalised->setText(e164 ? tr("Will call %1").arg(PhoneNumbers::formatInternational(*e164))
                               : (m_number->text().trimmed().isEmpty()
                                          ? QString()
                                          : PhoneNumbers::problem(m_number->text(), kRegion)));

    const std::optional<UnloopaQuota> quota = m_setup ? m_setup->quota() : std::nullopt;
    const QuotaGate::Verdict credits = QuotaGate(quota).calls(1);
    if (credits)
        m_cost->setText(tr("This call costs 1 voice credit; %n left.", nullptr, quota->voiceCredits));
    else
        ErrorText::show(m_cost, credits.toError(), tr("No call can be placed:"));

    QString why = problem();
    // The guard's verdict on the number as it stands, whatever else is missing: a listed number
    // shows as such before the operator fills the rest.
    const UnloopaCallRequest call = request();
    m_decision = e164 ? m_placer.verdict(call, m_overrides) : GuardDecision();
    const RecipientVerdict verdict = m_decision.verdicts.value(0);
    m_verdict->setText(verdictText());
    m_verdict->setVisible(!m_decision.verdicts.isEmpty());
    m_override->setVisible(
            !m_decision.verdicts.isEmpty() &&
            (verdict.verdict == RecipientVerdict::Verdict::NeedsOverride || verdict.overridden));
    m_override->setEnabled(!m_inFlight);
    if (why.isEmpty() && e164 && !m_decision.allAllowed())
        why = verdictText();
    m_call->setEnabled(!m_inFlight && why.isEmpty());
    m_call->setToolTip(why);
}

QString VoiceCallDialog::verdictText() const
{
    if (m_decision.verdicts.isEmpty())
        return {};
    const RecipientVerdict &verdict = m_decision.verdicts.constFirst();
    switch (verdict.verdict) {
    case RecipientVerdict::Verdict::Allowed:
        return verdict.overridden
                ? tr("Outside the calling window, overridden: %1").arg(m_overrides.reason)
                : tr("Not on the do-not-contact list, inside the recipient's calling window "
                     "and under the daily limit.");
    case RecipientVerdict::Verdict::NeedsOverride:
        return tr("%1 Calling now needs the override and a reason.").arg(verdict.reason);
    case RecipientVerdict::Verdict::Refused:
        break;
    }
    return tr("Cannot be called: %1").arg(verdict.reason);
}

void VoiceCallDialog::askOverride()
{
    OutboundOverrides overrides;
    if (OverrideReasonDialog::ask(OverrideReasonDialog::Subject::CallingWindow, overrides, this,
                                  m_decision.verdicts.value(0).reason))
        m_overrides = overrides;
    validate();
}

void VoiceCallDialog::place()
{
    // Never twice: a second click arriving through the event queue finds m_inFlight set.
    if (m_inFlight || !problem().isEmpty() || !m_decision.allAllowed())
        return;
    m_inFlight = true;
    m_call->setEnabled(false);
    const UnloopaCallRequest call = request();
    const int credits = m_setup && m_setup->quota() ? m_setup->quota()->voiceCredits : 0;
    QMessageBox box(QMessageBox::Question, tr("Place the call?"),
                    tr("Call %1 with %2 now?")
                            .arg(PhoneNumbers::formatInternational(call.phoneNumber), m_agent->currentText()),
                    QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("voiceCallConfirm"));
    QString detail = tr("This spends 1 voice credit (%n left) and the call is sent once.", nullptr, credits);
    if (m_overrides.callingWindow)
        detail += QLatin1Char(' ') +
                tr("It rings outside the recipient's calling window, for the reason you gave: %1")
                        .arg(m_overrides.reason);
    box.setInformativeText(detail);
    QPushButton *yes = box.addButton(tr("&Call (1 credit)"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("voiceCallConfirmButton"));
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != yes) {
        m_inFlight = false;
        validate();
        return;
    }
    m_result->setText(tr("Placing the call…"));
    m_placer.place(call, m_overrides, this, [this](const VoiceCallPlacer::Outcome &outcome) {
        m_inFlight = false;
        if (outcome.refusedByGuard()) {
            m_result->setText(tr("The call was not placed. %1")
                                      .arg(outcome.decision.verdicts.value(0).reason.toHtmlEscaped()));
            validate();
            return;
        }
        const Result<UnloopaCallStarted> &result = *outcome.result;
        if (!result.ok()) {
            ErrorText::show(m_result, result.error(), tr("The call was not placed."));
            validate();
            return;
        }
        m_result->setText(tr("Call %1 started (%2). Its transcript appears in the Calls tab when it ends.")
                                  .arg(result->callId.toHtmlEscaped(), result->status.toHtmlEscaped()));
        // The same call is not placed again by accident: the number (and any override) is cleared.
        m_number->clear();
        if (m_setup)
            m_setup->refresh(); // the credits left
        Q_EMIT callPlaced(result.value());
    });
}
