#include "PlaceCallDialog.h"

#include "common/ErrorText.h"
#include "phone/PhoneNumbers.h"
#include "unlimcall/UnlimCallService.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

// Regions offered for numbers typed without a country code.
const char *const kRegions[] = {"US", "CA", "GB", "IE", "DE", "FR", "ES", "IT", "NL", "CH", "SE",
                                "PL", "AU", "MX", "BR", "IN", "JP", "ZA", "IL", "PH", "AE", "SG"};

} // namespace

PlaceCallDialog::PlaceCallDialog(UnlimCallService *service, OutboundGuard *guard,
                                 const QList<UnlimCall::Agent> &agents, QWidget *parent)
    : QDialog(parent), m_service(service), m_placer(service, guard)
{
    setObjectName(QStringLiteral("placeCallDialog"));
    setWindowTitle(tr("Place an AI-agent call"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("UnlimCall's AI agent calls the number and talks to whoever answers. This "
                                "places a real call and costs money; it is sent once, never retried."));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_agent = new QComboBox;
    m_agent->setObjectName(QStringLiteral("placeCallAgent"));
    m_agent->setAccessibleName(tr("AI agent"));
    for (const UnlimCall::Agent &agent : agents) {
        const QString line = agent.sipUsername.isEmpty() ? tr("setup not finished") : agent.sipUsername;
        m_agent->addItem(QStringLiteral("%1 (%2, #%3)").arg(agent.label, line, agent.id), agent.id);
    }
    form->addRow(tr("&Agent:"), m_agent);

    m_region = new QComboBox;
    m_region->setObjectName(QStringLiteral("placeCallRegion"));
    m_region->setAccessibleName(tr("Country for numbers without a country code"));
    const QString systemRegion = QLocale::territoryToCode(QLocale::system().territory());
    for (const char *code : kRegions) {
        const QString region = QString::fromLatin1(code);
        m_region->addItem(QStringLiteral("%1 (%2)").arg(
                                  QLocale::territoryToString(QLocale::codeToTerritory(region)), region),
                          region);
    }
    const int systemIndex = m_region->findData(systemRegion);
    m_region->setCurrentIndex(systemIndex >= 0 ? systemIndex : 0);
    form->addRow(tr("Numbers &without country code:"), m_region);

    m_destination = new QLineEdit;
    m_destination->setObjectName(QStringLiteral("placeCallDestination"));
    m_destination->setAccessibleName(tr("Destination number"));
    m_destination->setPlaceholderText(tr("+44 20 7946 0958, (415) 555-0132, 0044 …"));
    form->addRow(tr("&Call:"), m_destination);
    m_normalised = new QLabel;
    m_normalised->setObjectName(QStringLiteral("placeCallNormalised"));
    m_normalised->setWordWrap(true);
    form->addRow(QString(), m_normalised);

    m_callerId = new QLineEdit;
    m_callerId->setObjectName(QStringLiteral("placeCallCallerId"));
    m_callerId->setAccessibleName(tr("Caller ID (optional)"));
    m_callerId->setPlaceholderText(tr("optional; UnlimCall validates it but does not use it yet"));
    form->addRow(tr("Caller &ID:"), m_callerId);

    m_metadata = new QPlainTextEdit;
    m_metadata->setObjectName(QStringLiteral("placeCallMetadata"));
    m_metadata->setAccessibleName(tr("Metadata (optional JSON object)"));
    m_metadata->setPlaceholderText(tr("optional JSON object, e.g. {\"leadId\": \"L-1042\"}"));
    m_metadata->setTabChangesFocus(true);
    m_metadata->setMaximumHeight(m_metadata->fontMetrics().lineSpacing() * 4);
    form->addRow(tr("&Metadata:"), m_metadata);
    layout->addLayout(form);

    m_verdict = new QLabel;
    m_verdict->setObjectName(QStringLiteral("placeCallVerdict"));
    m_verdict->setWordWrap(true);
    layout->addWidget(m_verdict);
    m_override = new QCheckBox(tr("Call &outside the recipient's calling window anyway"));
    m_override->setObjectName(QStringLiteral("placeCallOverride"));
    layout->addWidget(m_override);
    m_overrideReason = new QLineEdit;
    m_overrideReason->setObjectName(QStringLiteral("placeCallOverrideReason"));
    m_overrideReason->setAccessibleName(tr("Reason for calling outside the window"));
    m_overrideReason->setPlaceholderText(tr("Why this call may ring now (kept in the audit log)"));
    layout->addWidget(m_overrideReason);

    m_result = new QLabel;
    m_result->setObjectName(QStringLiteral("placeCallResult"));
    m_result->setWordWrap(true);
    ErrorText::makeLinkLabel(m_result);
    layout->addWidget(m_result);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_call = m_buttons->addButton(tr("&Call"), QDialogButtonBox::AcceptRole);
    m_call->setObjectName(QStringLiteral("placeCallButton"));
    m_call->setDefault(true);
    layout->addWidget(m_buttons);
    // AcceptRole would close the dialog; the call button only places the call.
    disconnect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_call, &QPushButton::clicked, this, &PlaceCallDialog::place);

    connect(m_destination, &QLineEdit::textChanged, this, &PlaceCallDialog::destinationChanged);
    connect(m_override, &QCheckBox::toggled, this, &PlaceCallDialog::validate);
    connect(m_overrideReason, &QLineEdit::textChanged, this, &PlaceCallDialog::validate);
    connect(m_callerId, &QLineEdit::textChanged, this, &PlaceCallDialog::validate);
    connect(m_metadata, &QPlainTextEdit::textChanged, this, &PlaceCallDialog::validate);
    connect(m_region, &QComboBox::currentIndexChanged, this, &PlaceCallDialog::destinationChanged);
    connect(m_agent, &QComboBox::currentIndexChanged, this, &PlaceCallDialog::validate);
    validate();
}

QString PlaceCallDialog::regionCode() const
{
    return m_region->currentData().toString();
}

UnlimCall::CallRequest PlaceCallDialog::request() const
{
    UnlimCall::CallRequest request;
    request.aiAgentId = m_agent->currentData().toString();
    request.toNumber = PhoneNumbers::toE164(m_destination->text(), regionCode()).value_or(QString());
    if (!m_callerId->text().trimmed().isEmpty())
        request.fromNumber = PhoneNumbers::toE164(m_callerId->text(), regionCode()).value_or(QString());
    request.metadata = QJsonDocument::fromJson(m_metadata->toPlainText().toUtf8()).object();
    return request;
}

QString PlaceCallDialog::problem() const
{
    if (m_agent->count() == 0)
        return tr("There is no AI agent on this account (see the SIP lines tab).");
    if (m_destination->text().trimmed().isEmpty())
        return tr("Enter the number to call.");
    if (const QString why = PhoneNumbers::problem(m_destination->text(), regionCode()); !why.isEmpty())
        return why;
    if (!m_callerId->text().trimmed().isEmpty()) {
        if (const QString why = PhoneNumbers::problem(m_callerId->text(), regionCode()); !why.isEmpty())
            return tr("Caller ID: %1").arg(why);
    }
    const QString metadata = m_metadata->toPlainText().trimmed();
    if (!metadata.isEmpty()) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(metadata.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            return tr("Metadata must be a JSON object, like {\"leadId\": \"L-1042\"}, or empty.");
    }
    return UnlimCallService::callRequestProblem(request());
}

OutboundOverrides PlaceCallDialog::overrides() const
{
    OutboundOverrides overrides;
    overrides.callingWindow = m_override->isChecked();
    overrides.reason = overrides.callingWindow ? m_overrideReason->text().trimmed() : QString();
    return overrides;
}

// Another person: an override given for the previous one does not carry over.
void PlaceCallDialog::destinationChanged()
{
    m_override->setChecked(false);
    m_overrideReason->clear();
    validate();
}

void PlaceCallDialog::validate()
{
    QString why = problem();
    const auto e164 = PhoneNumbers::toE164(m_destination->text(), regionCode());
    if (e164)
        m_normalised->setText(tr("Will call %1 (%2)").arg(*e164, PhoneNumbers::formatInternational(*e164)));
    else
        m_normalised->setText(m_destination->text().trimmed().isEmpty() ? QString() : why);
    m_decision = why.isEmpty() ? m_placer.verdict(request(), overrides()) : GuardDecision();
    showVerdict();
    if (why.isEmpty() && !m_decision.allAllowed())
        why = verdictText();
    m_call->setEnabled(!m_inFlight && why.isEmpty());
    m_call->setToolTip(why);
}

void PlaceCallDialog::showVerdict()
{
    const bool judged = !m_decision.verdicts.isEmpty();
    const RecipientVerdict verdict = judged ? m_decision.verdicts.constFirst() : RecipientVerdict();
    const bool windowMatters = judged &&
            (verdict.verdict == RecipientVerdict::Verdict::NeedsOverride || verdict.overridden ||
             verdict.reasonCode == QLatin1String("override_without_reason"));
    m_verdict->setText(verdictText());
    m_verdict->setVisible(judged);
    m_override->setVisible(windowMatters || m_override->isChecked());
    m_overrideReason->setVisible(m_override->isVisible());
    m_overrideReason->setEnabled(m_override->isChecked());
}

QString PlaceCallDialog::verdictText() const
{
    if (m_decision.verdicts.isEmpty())
        return {};
    const RecipientVerdict &verdict = m_decision.verdicts.constFirst();
    switch (verdict.verdict) {
    case RecipientVerdict::Verdict::Allowed:
        return verdict.overridden
                ? verdict.reason
                : tr("Not on the do-not-contact list, inside the recipient's calling window and "
                     "under the daily limit.");
    case RecipientVerdict::Verdict::NeedsOverride:
        return tr("%1 Calling now needs the override below and a reason.").arg(verdict.reason);
    case RecipientVerdict::Verdict::Refused:
        break;
    }
    return tr("Cannot be called: %1").arg(verdict.reason);
}

QString PlaceCallDialog::resultText() const
{
    return m_result->text();
}

void PlaceCallDialog::place()
{
    // Never twice: the button is disabled before anything else happens, and a second click
    // arriving through the event queue finds m_inFlight set.
    if (m_inFlight || !m_service || !problem().isEmpty())
        return;
    m_inFlight = true;
    m_call->setEnabled(false);
    const UnlimCall::CallRequest call = request();
    if (m_confirm) {
        QString question =
                tr("Call %1 with %2 now? This places a real call and may cost money.")
                        .arg(PhoneNumbers::formatInternational(call.toNumber), m_agent->currentText());
        if (overrides().callingWindow)
            question += QLatin1Char(' ') +
                    tr("It rings outside the recipient's calling window, for the reason you gave: %1")
                            .arg(overrides().reason);
        const auto answer = QMessageBox::question(this, tr("Place the call?"), question,
                                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            m_inFlight = false;
            validate();
            return;
        }
    }
    m_result->setText(tr("Placing the call…"));
    m_placer.place(call, overrides(), this, [this, call](const AgentCallPlacer::Outcome &outcome) {
        m_inFlight = false;
        if (outcome.refusedByGuard()) {
            const RecipientVerdict verdict = outcome.decision.verdicts.value(0);
            m_result->setText(tr("The call was not placed. %1").arg(verdict.reason.toHtmlEscaped()));
            validate();
            Q_EMIT callFailed(ApiError::local(Vendor::UnlimCall, verdict.reasonCode, verdict.reason));
            return;
        }
        const Result<UnlimCall::CallQueued> &result = *outcome.result;
        if (!result.ok()) {
            ApiError error = result.error();
            if (!error.vendorMessage.isEmpty()) // originate_failed: "see `detail`"
                error.explanation += tr(" UnlimCall said: %1").arg(error.vendorMessage);
            ErrorText::show(m_result, error, tr("The call was not placed."));
            validate();
            Q_EMIT callFailed(result.error());
            return;
        }
        m_result->setText(
                tr("Call %1: %2. Its record appears under Call records once it ends.")
                        .arg(result.value().callId.toHtmlEscaped(), result.value().status.toHtmlEscaped()));
        // The same call is not placed again by accident: the destination (and with it any
        // override) is cleared.
        m_destination->clear();
        Q_EMIT callPlaced(result.value(), call);
    });
}
