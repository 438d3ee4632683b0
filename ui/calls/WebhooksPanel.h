#pragma once

#include "core/ApiError.h"

#include <QPointer>
#include <QWidget>

class CdrStore;
class CredentialStore;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeView;
class RecordTableModel;
class UnlimCallHookSubscriptions;
class UnlimCallService;

// The console's UnlimCall webhook subscriptions (POST /hooks, DELETE /hooks/{id}). UnlimCall has
// no endpoint that lists them, so the console keeps its own list (CdrStore). The signing secret
// is shown once, in a dialog with a copy button, and stored in the keychain through the
// credentials API (entry "<app>/unlimcall/hook-<id>"); it never reaches settings or the database.
// Subscribing itself is UnlimCallHookSubscriptions' (demo mode subscribes the receiver through it).
class WebhooksPanel : public QWidget
{
    Q_OBJECT
public:
    WebhooksPanel(UnlimCallService *service, CdrStore *store, CredentialStore *keychain,
                  QWidget *parent = nullptr);

    RecordTableModel *model() const { return m_model; }
    QComboBox *eventBox() const { return m_event; }
    QLineEdit *urlEdit() const { return m_url; }
    QPushButton *subscribeButton() const { return m_subscribe; }
    QString messageText() const;
    // Keychain account name of a hook's secret.
    static QString secretAccount(const QString &hookId);

    void subscribe();
    void removeSelected();
    void reload();

Q_SIGNALS:
    // `secretStored`: false in demo mode (no keychain) or when the keychain refused.
    void subscribed(const QString &hookId, bool secretStored);
    void removed(const QString &hookId);
    void failed(const ApiError &error);

private:
    void validate();
    void showSecretOnce(const QString &hookId, const QString &secret, const QString &storedNote);

    QPointer<UnlimCallService> m_service;
    CdrStore *m_store;
    QPointer<CredentialStore> m_keychain;
    UnlimCallHookSubscriptions *m_subscriptions;
    RecordTableModel *m_model;
    QTreeView *m_view;
    QComboBox *m_event;
    QLineEdit *m_url;
    QPushButton *m_subscribe;
    QPushButton *m_remove;
    QLabel *m_message;
    bool m_inFlight = false;
};
