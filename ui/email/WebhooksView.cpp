#include "WebhooksView.h"

#include "common/ErrorText.h"
#include "common/ExportControl.h"
#include "common/LayoutMemory.h"
#include "common/RecordTableView.h"
#include "email/WebhooksController.h"
#include "table/RecordTableModel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace {
QStringList listOf(const QString &text)
{
    QStringList values;
    for (const QString &value : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!value.trimmed().isEmpty())
            values.append(value.trimmed());
    }
    return values;
}
} // namespace

WebhooksView::WebhooksView(const EmailContext &context, QWidget *parent)
    : QWidget(parent),
      m_controller(new WebhooksController(context.service, context.activity, context.credentials, this)),
      m_hooks(new RecordTableModel(WebhooksController::hookSchema(), this)),
      m_events(new RecordTableModel(WebhooksController::eventSchema(), this)),
      m_deliveries(new RecordTableModel(WebhooksController::deliverySchema(), this)),
      m_hooksView(new RecordTableView(this)),
      m_eventsView(new RecordTableView(this)),
      m_deliveriesView(new RecordTableView(this)),
      m_endpoint(new QLineEdit(this)),
      m_eventTypes(new QListWidget(this)),
      m_intents(new QLineEdit(this)),
      m_campaigns(new QLineEdit(this)),
      m_ignoreOoo(new QCheckBox(tr("Ignore &out-of-office replies"), this)),
      m_ignoreAutoReply(new QCheckBox(tr("Ignore &auto-replies"), this)),
      m_create(new QPushButton(tr("&Create subscription"), this)),
      m_update(new QPushButton(tr("Save cha&nges"), this)),
      m_test(new QPushButton(tr("&Test"), this)),
      m_pause(new QPushButton(tr("&Pause"), this)),
      m_resume(new QPushButton(tr("Res&ume"), this)),
      m_graceHours(new QSpinBox(this)),
      m_rotate(new QPushButton(tr("Rotate &secret"), this)),
      m_delete(new QPushButton(tr("&Delete…"), this)),
      m_refresh(new QPushButton(tr("&Refresh events"), this)),
      m_secretPanel(new QGroupBox(tr("New signing secret: copy it now, it is shown only once"), this)),
      m_secretLabel(new QLabel(m_secretPanel)),
      m_secret(new QLineEdit(m_secretPanel)),
      m_copy(new QPushButton(tr("Cop&y"), m_secretPanel)),
      m_hide(new QPushButton(tr("&Hide"), m_secretPanel)),
      m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("webhooksView"));
    setAccessibleName(tr("Webhook subscriptions"));
    const auto name = [](QWidget *widget, const char *object, const QString &accessible) {
        widget->setObjectName(QString::fromLatin1(object));
        widget->setAccessibleName(accessible);
    };
    name(m_endpoint, "webhookEndpoint", tr("Endpoint URL"));
    m_endpoint->setPlaceholderText(tr("https://your-app.example/webhooks/outreach"));
    name(m_eventTypes, "webhookEventTypes", tr("Event types"));
    name(m_intents, "webhookIntents", tr("Reply intents, comma-separated"));
    m_intents->setPlaceholderText(tr("interested, not_interested (empty: all)"));
    name(m_campaigns, "webhookCampaigns", tr("Campaign ids, comma-separated"));
    m_campaigns->setPlaceholderText(tr("cmp_… (empty: all campaigns)"));
    name(m_ignoreOoo, "webhookIgnoreOoo", tr("Ignore out-of-office replies"));
    name(m_ignoreAutoReply, "webhookIgnoreAutoReply", tr("Ignore auto-replies"));
    name(m_create, "webhookCreate", tr("Create subscription"));
    name(m_update, "webhookUpdate", tr("Save the form's changes to the chosen subscription"));
    name(m_test, "webhookTest", tr("Send a test event"));
    name(m_pause, "webhookPause", tr("Pause the subscription"));
    name(m_resume, "webhookResume", tr("Resume the subscription"));
    name(m_graceHours, "webhookGrace", tr("Grace period in hours"));
    m_graceHours->setRange(0, 24 * 30);
    m_graceHours->setValue(24);
    m_graceHours->setSuffix(tr(" h"));
    m_graceHours->setToolTip(tr("How long the previous secret is still accepted after a rotation"));
    name(m_rotate, "webhookRotate", tr("Rotate the signing secret"));
    name(m_delete, "webhookDelete", tr("Delete the subscription"));
    name(m_refresh, "webhookRefresh", tr("Refresh events and deliveries"));
    name(m_secret, "webhookSecret", tr("New signing secret"));
    m_secret->setReadOnly(true);
    name(m_copy, "webhookCopySecret", tr("Copy the secret"));
    name(m_hide, "webhookHideSecret", tr("Hide the secret"));
    m_secretPanel->setObjectName(QStringLiteral("webhookSecretPanel"));
    m_secretLabel->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("webhookStatus"));
    m_status->setWordWrap(true);
    ErrorText::makeLinkLabel(m_status);
    name(m_hooksView, "webhookSubscriptions", tr("Webhook subscriptions"));
    m_hooksView->setRecordModel(m_hooks, QStringLiteral("email/webhooks"));
    name(m_eventsView, "webhookEvents", tr("Webhook events"));
    m_eventsView->setRecordModel(m_events, QStringLiteral("email/webhook-events"), 1, Qt::DescendingOrder);
    m_eventsView->setSortingEnabled(true);
    name(m_deliveriesView, "webhookDeliveries", tr("Deliveries of the chosen subscription"));
    m_deliveriesView->setRecordModel(m_deliveries, QStringLiteral("email/webhook-deliveries"), 1,
                                     Qt::DescendingOrder);
    m_deliveriesView->setSortingEnabled(true);

    auto *secretRow = new QHBoxLayout(m_secretPanel);
    secretRow->addWidget(m_secretLabel);
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(m_copy);
    secretRow->addWidget(m_hide);
    m_secretPanel->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Endpoint:"), m_endpoint);
    form->addRow(tr("E&vent types:"), m_eventTypes);
    form->addRow(tr("Reply &intents:"), m_intents);
    form->addRow(tr("Ca&mpaigns:"), m_campaigns);
    auto *switches = new QHBoxLayout;
    switches->addWidget(m_ignoreOoo);
    switches->addWidget(m_ignoreAutoReply);
    switches->addStretch(1);
    switches->addWidget(m_create);
    switches->addWidget(m_update);
    form->addRow(switches);
    for (QWidget *field : {static_cast<QWidget *>(m_endpoint), static_cast<QWidget *>(m_eventTypes),
                           static_cast<QWidget *>(m_intents), static_cast<QWidget *>(m_campaigns)}) {
        if (auto *label = qobject_cast<QLabel *>(form->labelForField(field)))
            label->setBuddy(field);
    }
    m_eventTypes->setMaximumHeight(m_eventTypes->fontMetrics().height() * 6);

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_test);
    actions->addWidget(m_pause);
    actions->addWidget(m_resume);
    auto *graceLabel = new QLabel(tr("&Grace:"), this);
    graceLabel->setBuddy(m_graceHours);
    actions->addWidget(graceLabel);
    actions->addWidget(m_graceHours);
    actions->addWidget(m_rotate);
    actions->addWidget(m_delete);
    actions->addStretch(1);
    actions->addWidget(m_refresh);

    auto *lists = new QTabWidget(this);
    m_lists = lists;
    lists->setObjectName(QStringLiteral("webhookLists"));
    lists->addTab(m_deliveriesView, tr("Deliveries"));
    lists->addTab(m_eventsView, tr("Events"));
    m_export = new ExportControl(m_controller->exportJob(), context.notifier, this);
    m_export->setObjectName(QStringLiteral("webhookListExport"));
    m_export->setSource([this] {
        if (m_lists->currentWidget() == m_eventsView)
            return ExportControl::Source{m_events, QStringLiteral("webhook-events.csv")};
        const QString id = selectedSubscription();
        return ExportControl::Source{m_deliveries,
                                     id.isEmpty() ? QStringLiteral("webhook-deliveries.csv")
                                                  : QStringLiteral("webhook-deliveries-%1.csv").arg(id)};
    });
    m_export->attachShortcut(this);
    actions->addWidget(m_export);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("webhooksSplitter"));
    splitter->addWidget(m_hooksView);
    splitter->addWidget(lists);
    LayoutMemory::track(splitter, QStringLiteral("email/webhooks"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_secretPanel);
    layout->addLayout(actions);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    if (!context.credentials) // demo mode keeps credentials in memory: no keychain for secrets either
        m_status->setText(tr("No keychain in use: webhook subscriptions need one to keep their secrets."));
    m_usable = context.service && context.activity && context.credentials;
    for (QWidget *part : {static_cast<QWidget *>(m_create), static_cast<QWidget *>(m_refresh)})
        part->setEnabled(m_usable);
    connect(m_create, &QPushButton::clicked, this, &WebhooksView::create);
    connect(m_update, &QPushButton::clicked, this, &WebhooksView::update);
    connect(m_test, &QPushButton::clicked, this, [this] { m_controller->test(selectedSubscription()); });
    connect(m_pause, &QPushButton::clicked, this, [this] { m_controller->pause(selectedSubscription()); });
    connect(m_resume, &QPushButton::clicked, this, [this] { m_controller->resume(selectedSubscription()); });
    connect(m_rotate, &QPushButton::clicked, this,
            [this] { m_controller->rotate(selectedSubscription(), qint64(m_graceHours->value()) * 3600); });
    connect(m_delete, &QPushButton::clicked, this, &WebhooksView::confirmDelete);
    connect(m_refresh, &QPushButton::clicked, this, &WebhooksView::refresh);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_secret->text());
        m_status->setText(tr("Secret copied to the clipboard."));
    });
    connect(m_hide, &QPushButton::clicked, this, &WebhooksView::hideSecret);
    connect(m_hooksView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateButtons();
        if (!selectedSubscription().isEmpty()) {
            showSubscription(selectedSubscription());
            m_controller->loadDeliveries(selectedSubscription());
        }
    });
    connect(m_controller, &WebhooksController::eventTypesChanged, this,
            [this] { listEventTypes(checkedEventTypes()); });
    connect(m_controller, &WebhooksController::hooksChanged, this, [this] {
        const QString selected = selectedSubscription();
        m_hooks->setRows(m_controller->hookTable());
        selectSubscription(selected);
        updateButtons();
    });
    connect(m_controller, &WebhooksController::eventsChanged, this,
            [this] { m_events->setRows(m_controller->eventTable()); });
    connect(m_controller, &WebhooksController::deliveriesChanged, this,
            [this] { m_deliveries->setRows(m_controller->deliveryTable()); });
    connect(m_controller, &WebhooksController::secretIssued, this,
            [this](const QString &subscriptionId, const QString &secret) {
                m_secretLabel->setText(tr("%1:").arg(subscriptionId));
                m_secret->setText(secret);
                m_secretPanel->show();
                m_copy->setFocus();
            });
    connect(m_controller, &WebhooksController::finished, this,
            [this](const QString &what, const ApiError &error) {
                m_create->setEnabled(true);
                if (error.isError())
                    ErrorText::show(m_status, error, what);
                else
                    m_status->setText(what);
            });
    if (context.activity)
        m_hooks->setRows(m_controller->hookTable());
    updateButtons();
}

QString WebhooksView::selectedSubscription() const
{
    const QModelIndex current = m_hooksView->selectionModel()->currentIndex();
    return current.isValid() ? m_hooks->index(current.row(), WebhooksController::HookId).data().toString()
                             : QString();
}

void WebhooksView::selectSubscription(const QString &subscriptionId)
{
    for (int row = 0; row < m_hooks->rowCount(); ++row) {
        if (m_hooks->index(row, WebhooksController::HookId).data().toString() == subscriptionId) {
            m_hooksView->selectionModel()->setCurrentIndex(
                    m_hooks->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            showSubscription(subscriptionId);
            return;
        }
    }
}

void WebhooksView::refresh()
{
    m_controller->loadEventTypes();
    m_controller->loadEvents();
    if (!selectedSubscription().isEmpty())
        m_controller->loadDeliveries(selectedSubscription());
}

void WebhooksView::hideSecret()
{
    m_secret->clear(); // the only copy outside the keychain
    m_secretPanel->hide();
}

QStringList WebhooksView::checkedEventTypes() const
{
    QStringList checked;
    for (int row = 0; row < m_eventTypes->count(); ++row) {
        if (m_eventTypes->item(row)->checkState() == Qt::Checked)
            checked.append(m_eventTypes->item(row)->text());
    }
    return checked;
}

void WebhooksView::listEventTypes(const QStringList &checked)
{
    QStringList types = m_controller->eventTypes();
    for (const QString &type : checked) { // a subscription's type the vendor no longer lists stays visible
        if (!types.contains(type))
            types.append(type);
    }
    m_eventTypes->clear();
    for (const QString &type : std::as_const(types)) {
        auto *item = new QListWidgetItem(type, m_eventTypes);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(type) ? Qt::Checked : Qt::Unchecked);
    }
}

void WebhooksView::showSubscription(const QString &subscriptionId)
{
    // Once per choice: the list refreshed after an action keeps what the operator is typing.
    if (subscriptionId == m_shown)
        return;
    const auto subscription = m_controller->subscription(subscriptionId);
    if (!subscription)
        return;
    m_shown = subscriptionId;
    m_endpoint->setText(subscription->endpoint);
    listEventTypes(subscription->eventTypes);
    m_intents->setText(subscription->replyIntents.join(QStringLiteral(", ")));
    m_campaigns->setText(subscription->campaignIds.join(QStringLiteral(", ")));
    m_ignoreOoo->setChecked(subscription->ignoreOoo);
    m_ignoreAutoReply->setChecked(subscription->ignoreAutoReply);
}

std::optional<O2dWebhookSubscription> WebhooksView::formSubscription(const QString &refusal)
{
    const QString endpoint = m_endpoint->text().trimmed();
    if (!endpoint.startsWith(QLatin1String("https://")) && !endpoint.startsWith(QLatin1String("http://"))) {
        m_status->setText(tr("Type the endpoint's URL (https://…)."));
        m_endpoint->setFocus();
        return std::nullopt;
    }
    O2dWebhookSubscription subscription;
    subscription.endpoint = endpoint;
    subscription.eventTypes = checkedEventTypes();
    subscription.replyIntents = listOf(m_intents->text());
    subscription.campaignIds = listOf(m_campaigns->text());
    subscription.ignoreOoo = m_ignoreOoo->isChecked();
    subscription.ignoreAutoReply = m_ignoreAutoReply->isChecked();
    if (const auto problem = subscription.problem()) {
        ErrorText::show(m_status, *problem, refusal);
        return std::nullopt;
    }
    return subscription;
}

void WebhooksView::create()
{
    const auto subscription = formSubscription(tr("The subscription cannot be created:"));
    if (!subscription)
        return;
    hideSecret();
    m_create->setEnabled(false);
    m_status->setText(tr("Creating the subscription…"));
    m_controller->create(*subscription);
}

void WebhooksView::update()
{
    const QString id = selectedSubscription();
    if (id.isEmpty())
        return;
    const auto subscription = formSubscription(tr("The subscription cannot be updated:"));
    if (!subscription)
        return;
    m_status->setText(tr("Updating subscription %1…").arg(id));
    m_controller->update(id, *subscription);
}

void WebhooksView::confirmDelete()
{
    const QString id = selectedSubscription();
    if (id.isEmpty())
        return;
    auto *box =
            new QMessageBox(QMessageBox::Warning, tr("Delete subscription"),
                            tr("Delete webhook subscription %1? Outreach2day stops delivering its events and "
                               "its secrets are removed from the keychain.")
                                    .arg(id),
                            QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("webhookDeleteConfirm"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, id](int result) {
        if (result == QMessageBox::Yes)
            m_controller->remove(id);
    });
    box->open();
}

void WebhooksView::showEvents(bool events)
{
    m_lists->setCurrentWidget(events ? static_cast<QWidget *>(m_eventsView) : m_deliveriesView);
}

void WebhooksView::updateButtons()
{
    const bool chosen = m_usable && !selectedSubscription().isEmpty();
    for (QPushButton *button : {m_update, m_test, m_pause, m_resume, m_rotate, m_delete})
        button->setEnabled(chosen);
}
