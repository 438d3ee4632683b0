#pragma once

#include "core/ApiError.h"
#include "core/Vendor.h"

#include <QGroupBox>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class SecretLineEdit;
class ServiceHub;
struct ConnectionTestResult;
struct VendorCredentials;

// One vendor's account on the Accounts page: add, replace or remove its credentials (masked key,
// plus the Verloop client id or Outreach2day workspace id; for UnlimCall a choice between an API
// token and OAuth client credentials, client id plus masked secret), "Test connection", and the
// result in words. Object names (tokenEdit, saveButton, testButton, resultLabel, modeOAuth,
// oauthClientIdEdit, clientSecretEdit...) are stable for tests.
class VendorAccountPanel : public QGroupBox
{
    Q_OBJECT
public:
    VendorAccountPanel(ServiceHub *hub, Vendor vendor, QWidget *parent = nullptr);

    Vendor vendor() const { return m_vendor; }
    QString resultText() const;

Q_SIGNALS:
    // A keychain operation failed: the page re-checks the keychain's state.
    void keychainProblem(const ApiError &error);

private:
    VendorCredentials credentialsFromFields() const;
    bool oauthChosen() const;
    void addUnlimCallModeFields(QFormLayout *form);
    void showChosenMode();
    void updateFields();
    void validateFields();
    void save();
    void remove();
    void test();
    void showResult(const ConnectionTestResult &result);
    void setBusy(bool busy);

    ServiceHub *m_hub;
    Vendor m_vendor;
    QLabel *m_state;
    SecretLineEdit *m_token;
    QLineEdit *m_clientId = nullptr;
    QLineEdit *m_workspaceId = nullptr;
    // UnlimCall only: how the operator signs in.
    QFormLayout *m_form = nullptr;
    QRadioButton *m_modeToken = nullptr;
    QRadioButton *m_modeOAuth = nullptr;
    QLineEdit *m_oauthClientId = nullptr;
    SecretLineEdit *m_clientSecret = nullptr;
    QLabel *m_validation;
    QPushButton *m_save;
    QPushButton *m_remove;
    QPushButton *m_test;
    QLabel *m_result;
    bool m_busy = false;
};
