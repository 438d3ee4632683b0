#include "VendorAccountPanel.h"

#include "accounts/ConnectionTester.h"
#include "accounts/ServiceHub.h"
#include "common/ErrorText.h"
#include "common/SecretLineEdit.h"
#include "credentials/VendorCredentials.h"

#include <QCoreApplication>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace {
QString keyHint(Vendor vendor)
{
    const QByteArray prefix = VendorCredentials::tokenPrefix(vendor);
    if (prefix.isEmpty()) // Verloop documents no format
        return QCoreApplication::translate("VendorAccountPanel",
                                           "The token Verloop shared by email or in the dashboard");
    return QString::fromLatin1(prefix) + QStringLiteral("…");
}
} // namespace

VendorAccountPanel::VendorAccountPanel(ServiceHub *hub, Vendor vendor, QWidget *parent)
    : QGroupBox(Vendors::displayName(vendor), parent),
      m_hub(hub),
      m_vendor(vendor),
      m_state(new QLabel(this)),
      m_token(new SecretLineEdit(this)),
      m_validation(new QLabel(this)),
      m_save(new QPushButton(this)),
      m_remove(new QPushButton(tr("Remove"), this)),
      m_test(new QPushButton(tr("Test connection"), this)),
      m_result(new QLabel(this))
{
    const QString name = Vendors::displayName(vendor);
    setObjectName(QStringLiteral("account-") + Vendors::id(vendor));
    auto *layout = new QVBoxLayout(this);

    m_state->setObjectName(QStringLiteral("stateLabel"));
    m_state->setAccessibleName(tr("%1 status").arg(name));
    layout->addWidget(m_state);

    auto *form = new QFormLayout;
    m_form = form;
    if (vendor == Vendor::UnlimCall)
        addUnlimCallModeFields(form);
    m_token->setObjectName(QStringLiteral("tokenEdit"));
    m_token->setAccessibleName(QStringLiteral("%1 %2").arg(name, VendorCredentials::tokenName(vendor)));
    form->addRow(VendorCredentials::tokenName(vendor) + QLatin1Char(':'), m_token);
    connect(m_token, &QLineEdit::textChanged, this, &VendorAccountPanel::validateFields);
    if (vendor == Vendor::Verloop) {
        m_clientId = new QLineEdit(this);
        m_clientId->setObjectName(QStringLiteral("clientIdEdit"));
        m_clientId->setAccessibleName(tr("Verloop client ID"));
        m_clientId->setPlaceholderText(tr("acme (from https://acme.verloop.io)"));
        form->addRow(tr("Client ID:"), m_clientId);
        connect(m_clientId, &QLineEdit::textChanged, this, &VendorAccountPanel::validateFields);
    }
    if (vendor == Vendor::Outreach2day) {
        m_workspaceId = new QLineEdit(this);
        m_workspaceId->setObjectName(QStringLiteral("workspaceIdEdit"));
        m_workspaceId->setAccessibleName(tr("Outreach2day workspace ID"));
        m_workspaceId->setPlaceholderText(QStringLiteral("42"));
        form->addRow(tr("Workspace ID:"), m_workspaceId);
        connect(m_workspaceId, &QLineEdit::textChanged, this, &VendorAccountPanel::validateFields);
    }
    if (vendor == Vendor::UnlimCall) {
        m_oauthClientId = new QLineEdit(this);
        m_oauthClientId->setObjectName(QStringLiteral("oauthClientIdEdit"));
        m_oauthClientId->setAccessibleName(tr("UnlimCall OAuth client ID"));
        m_oauthClientId->setPlaceholderText(tr("From the integrations page of the UnlimCall portal"));
        form->addRow(tr("Client ID:"), m_oauthClientId);
        connect(m_oauthClientId, &QLineEdit::textChanged, this, &VendorAccountPanel::validateFields);
        m_clientSecret = new SecretLineEdit(this);
        m_clientSecret->setObjectName(QStringLiteral("clientSecretEdit"));
        m_clientSecret->setAccessibleName(tr("UnlimCall OAuth client secret"));
        form->addRow(tr("Client secret:"), m_clientSecret);
        connect(m_clientSecret, &QLineEdit::textChanged, this, &VendorAccountPanel::validateFields);
    }
    layout->addLayout(form);

    m_validation->setObjectName(QStringLiteral("validationLabel"));
    m_validation->setWordWrap(true);
    m_validation->setVisible(false);
    layout->addWidget(m_validation);

    auto *buttons = new QHBoxLayout;
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_remove->setObjectName(QStringLiteral("removeButton"));
    m_test->setObjectName(QStringLiteral("testButton"));
    m_remove->setAccessibleName(tr("Remove %1 credentials").arg(name));
    m_test->setAccessibleName(tr("Test %1 connection").arg(name));
    buttons->addWidget(m_save);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    buttons->addWidget(m_test);
    layout->addLayout(buttons);
    connect(m_save, &QPushButton::clicked, this, &VendorAccountPanel::save);
    connect(m_remove, &QPushButton::clicked, this, &VendorAccountPanel::remove);
    connect(m_test, &QPushButton::clicked, this, &VendorAccountPanel::test);

    m_result->setObjectName(QStringLiteral("resultLabel"));
    m_result->setAccessibleName(tr("%1 connection result").arg(name));
    ErrorText::makeLinkLabel(m_result);
    layout->addWidget(m_result);

    connect(hub, &ServiceHub::credentialsChanged, this, [this](Vendor changed) {
        if (changed == m_vendor)
            updateFields();
    });
    connect(hub->monitor(), &ConnectionMonitor::stateChanged, this, [this](Vendor changed) {
        if (changed == m_vendor)
            updateFields();
    });
    connect(hub->tester(), &ConnectionTester::started, this, [this](Vendor started) {
        if (started == m_vendor) {
            m_result->setText(tr("Testing the connection…"));
            updateFields();
        }
    });
    connect(hub->tester(), &ConnectionTester::finished, this, &VendorAccountPanel::showResult);
    updateFields();
    showChosenMode();
}

void VendorAccountPanel::addUnlimCallModeFields(QFormLayout *form)
{
    m_modeToken = new QRadioButton(tr("API token"), this);
    m_modeOAuth = new QRadioButton(tr("OAuth client credentials"), this);
    m_modeToken->setObjectName(QStringLiteral("modeToken"));
    m_modeOAuth->setObjectName(QStringLiteral("modeOAuth"));
    m_modeToken->setToolTip(
            tr("A scoped token (unl_live_…) minted at /settings/integrations in the portal."));
    m_modeOAuth->setToolTip(tr("A client ID and secret; the console fetches short-lived tokens from "
                               "UnlimCall's OAuth token URL (see Settings)."));
    const bool oauth =
            m_hub->settings().unlimcallAuth() == VendorSettings::UnlimCallAuth::OAuthClientCredentials;
    (oauth ? m_modeOAuth : m_modeToken)->setChecked(true);
    auto *modes = new QHBoxLayout;
    modes->addWidget(m_modeToken);
    modes->addWidget(m_modeOAuth);
    modes->addStretch(1);
    form->addRow(tr("Sign in with:"), modes);
    for (QRadioButton *button : {m_modeToken, m_modeOAuth}) {
        connect(button, &QRadioButton::toggled, this, [this](bool checked) {
            if (!checked)
                return;
            showChosenMode();
            validateFields();
        });
    }
}

bool VendorAccountPanel::oauthChosen() const
{
    return m_modeOAuth && m_modeOAuth->isChecked();
}

void VendorAccountPanel::showChosenMode()
{
    if (!m_modeOAuth)
        return;
    const bool oauth = oauthChosen();
    m_form->setRowVisible(m_token, !oauth);
    m_form->setRowVisible(m_oauthClientId, oauth);
    m_form->setRowVisible(m_clientSecret, oauth);
}

QString VendorAccountPanel::resultText() const
{
    return m_result->text();
}

VendorCredentials VendorAccountPanel::credentialsFromFields() const
{
    VendorCredentials credentials;
    const std::optional<VendorCredentials> current = m_hub->credentials(m_vendor);
    if (current)
        credentials = *current; // keep the saved key when only an id changes
    credentials.vendor = m_vendor;
    credentials.account = m_hub->settings().account(m_vendor);
    if (oauthChosen()) {
        // Only the chosen mode's fields are saved: the keychain entry is replaced as a whole.
        credentials.token.clear();
        credentials.clientId = m_oauthClientId->text().trimmed();
        if (!m_clientSecret->text().trimmed().isEmpty())
            credentials.clientSecret = m_clientSecret->text().trimmed().toUtf8();
        return credentials.normalized();
    }
    if (m_vendor == Vendor::UnlimCall) {
        credentials.clientId.clear();
        credentials.clientSecret.clear();
    }
    if (!m_token->text().trimmed().isEmpty()) {
        credentials.token = m_token->text().trimmed().toUtf8();
        credentials.clientSecret.clear();
    }
    if (m_clientId)
        credentials.clientId = m_clientId->text().trimmed();
    if (m_workspaceId)
        credentials.workspaceId = m_workspaceId->text().trimmed();
    return credentials.normalized();
}

void VendorAccountPanel::updateFields()
{
    const bool saved = m_hub->hasCredentials(m_vendor);
    const bool testing = m_hub->tester()->isRunning(m_vendor);
    const ConnectionState state = m_hub->monitor()->state(m_vendor);
    m_state->setText(tr("Status: %1").arg(ConnectionStates::displayName(state)));

    m_token->setPlaceholderText(saved ? tr("Saved — paste a new key to replace it") : keyHint(m_vendor));
    const std::optional<VendorCredentials> current = m_hub->credentials(m_vendor);
    if (m_clientId && m_clientId->text().isEmpty()) {
        m_clientId->setText(current ? current->clientId : m_hub->settings().verloopClientId());
    }
    if (m_workspaceId && m_workspaceId->text().isEmpty()) {
        m_workspaceId->setText(current ? current->workspaceId : m_hub->settings().outreachWorkspaceId());
    }
    if (m_oauthClientId) {
        const bool savedOAuth = current && current->usesOAuth();
        if (m_oauthClientId->text().isEmpty())
            m_oauthClientId->setText(savedOAuth ? current->clientId : m_hub->settings().oauthClientId());
        m_clientSecret->setPlaceholderText(savedOAuth ? tr("Saved — paste a new secret to replace it")
                                                      : tr("The client secret shown once in the portal"));
        m_clientSecret->setEnabled(!m_busy);
        m_token->setPlaceholderText(saved && !savedOAuth ? tr("Saved — paste a new token to replace it")
                                                         : keyHint(m_vendor));
    }
    m_save->setText(saved ? tr("Replace") : tr("Add"));
    m_save->setAccessibleName(
            tr("%1 %2 credentials").arg(saved ? tr("Replace") : tr("Add"), Vendors::displayName(m_vendor)));
    m_save->setEnabled(!m_busy);
    m_remove->setEnabled(saved && !m_busy);
    m_test->setEnabled(!testing && !m_busy);
    m_test->setText(testing ? tr("Testing…") : tr("Test connection"));
    m_token->setEnabled(!m_busy);
}

void VendorAccountPanel::validateFields()
{
    const bool anythingTyped = !m_token->text().isEmpty() || (m_clientId && m_clientId->isModified()) ||
            (m_workspaceId && m_workspaceId->isModified()) ||
            (m_oauthClientId && m_oauthClientId->isModified()) ||
            (m_clientSecret && !m_clientSecret->text().isEmpty());
    const QString problem = anythingTyped ? credentialsFromFields().validate() : QString();
    m_validation->setText(problem);
    m_validation->setVisible(!problem.isEmpty());
    m_token->setAccessibleDescription(problem);
}

void VendorAccountPanel::setBusy(bool busy)
{
    m_busy = busy;
    updateFields();
}

void VendorAccountPanel::save()
{
    const VendorCredentials credentials = credentialsFromFields();
    const QString problem = credentials.validate();
    if (!problem.isEmpty()) {
        m_validation->setText(problem);
        m_validation->setVisible(true);
        return;
    }
    setBusy(true);
    m_result->setText(tr("Saving…"));
    m_hub->saveCredentials(credentials, this, [this](std::optional<ApiError> error) {
        setBusy(false);
        if (error) {
            ErrorText::show(m_result, *error, tr("Not saved."));
            if (error->code.startsWith(QLatin1String("keychain")))
                Q_EMIT keychainProblem(*error);
            return;
        }
        m_token->clearSecret();
        if (m_clientSecret)
            m_clientSecret->clearSecret();
        m_validation->setVisible(false);
        m_result->setText(m_hub->credentialStore() ? tr("Saved in the keychain.")
                                                   : tr("Kept in memory for this demo session."));
    });
}

void VendorAccountPanel::remove()
{
    const QString name = Vendors::displayName(m_vendor);
    const auto answer = QMessageBox::question(
            this, tr("Remove %1 credentials").arg(name),
            tr("Remove the %1 credentials from this computer? The console stops using this account "
               "until you add them again. The account itself is not affected.")
                    .arg(name),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    setBusy(true);
    m_hub->removeCredentials(m_vendor, this, [this](std::optional<ApiError> error) {
        setBusy(false);
        if (error) {
            ErrorText::show(m_result, *error, tr("Not removed."));
            if (error->code.startsWith(QLatin1String("keychain")))
                Q_EMIT keychainProblem(*error);
            return;
        }
        m_token->clearSecret();
        if (m_clientSecret)
            m_clientSecret->clearSecret();
        if (m_oauthClientId)
            m_oauthClientId->clear();
        if (m_clientId)
            m_clientId->clear();
        if (m_workspaceId)
            m_workspaceId->clear();
        m_validation->setVisible(false);
        m_result->setText(tr("Removed."));
    });
}

void VendorAccountPanel::test()
{
    if (m_hub->tester()->isRunning(m_vendor))
        return; // the button is disabled; a queued second click changes nothing
    m_hub->tester()->test(m_vendor, this, nullptr);
}

void VendorAccountPanel::showResult(const ConnectionTestResult &result)
{
    if (result.vendor != m_vendor)
        return;
    if (result.ok)
        m_result->setText(result.summary.toHtmlEscaped());
    else
        ErrorText::show(m_result, result.error, tr("Connection failed."));
    updateFields();
}
