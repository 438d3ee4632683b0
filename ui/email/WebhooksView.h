#pragma once

#include "EditorSection.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QWidget>

#include <optional>

class ExportControl;
class QCheckBox;
class QTabWidget;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class RecordTableModel;
class RecordTableView;
class WebhooksController;

// Outreach2day webhook subscriptions: create one (endpoint, event types, reply intents,
// campaigns, ignore out-of-office, ignore auto-replies); choosing one puts its values in the form
// to edit and save (never its secret); then test, pause, resume, rotate its
// secret with a grace period the operator sets, or delete it (after a confirmation); the events
// list and the chosen subscription's deliveries. A secret the console made is shown once, with a
// Copy button, until Hide or the next secret: it is kept only in the keychain. State lives in
// WebhooksController; this view holds widgets.
class WebhooksView : public QWidget
{
    Q_OBJECT
public:
    explicit WebhooksView(const EmailContext &context, QWidget *parent = nullptr);

    WebhooksController *controller() const { return m_controller; }
    RecordTableModel *hooksModel() const { return m_hooks; }
    RecordTableModel *eventsModel() const { return m_events; }
    RecordTableModel *deliveriesModel() const { return m_deliveries; }
    ExportControl *listExport() const { return m_export; } // the list shown: deliveries or events
    void showEvents(bool events); // which of the two lists is shown
    QString selectedSubscription() const;
    void selectSubscription(const QString &subscriptionId);

public Q_SLOTS:
    void refresh(); // event types, events, and the chosen subscription's deliveries
    void hideSecret();

private:
    void create();
    void update();
    // The form as a subscription; std::nullopt (the reason shown) when it cannot be sent.
    std::optional<O2dWebhookSubscription> formSubscription(const QString &refusal);
    void showSubscription(const QString &subscriptionId); // the chosen one's values into the form
    void listEventTypes(const QStringList &checked); // the vendor's types and any checked, ticked
    QStringList checkedEventTypes() const;
    void confirmDelete();
    void updateButtons();

    WebhooksController *m_controller;
    RecordTableModel *m_hooks;
    RecordTableModel *m_events;
    RecordTableModel *m_deliveries;
    RecordTableView *m_hooksView;
    RecordTableView *m_eventsView;
    RecordTableView *m_deliveriesView;
    QLineEdit *m_endpoint;
    QListWidget *m_eventTypes;
    QLineEdit *m_intents;
    QLineEdit *m_campaigns;
    QCheckBox *m_ignoreOoo;
    QCheckBox *m_ignoreAutoReply;
    QPushButton *m_create;
    QPushButton *m_update;
    QPushButton *m_test;
    QPushButton *m_pause;
    QPushButton *m_resume;
    QSpinBox *m_graceHours;
    QPushButton *m_rotate;
    QPushButton *m_delete;
    QPushButton *m_refresh;
    QWidget *m_secretPanel;
    QLabel *m_secretLabel;
    QLineEdit *m_secret;
    QPushButton *m_copy;
    QPushButton *m_hide;
    QLabel *m_status;
    QTabWidget *m_lists;
    ExportControl *m_export;
    QString m_shown; // the subscription whose values the form was last given
    bool m_usable = false; // a service, the store and the keychain
};
