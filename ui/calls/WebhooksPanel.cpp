#include "WebhooksPanel.h"

#include "common/ErrorText.h"
#include "core/VendorClient.h"
#include "credentials/CredentialStore.h"
#include "events/UnlimCallHookSubscriptions.h"
#include "events/WebhookSecretSource.h"
#include "store/CdrStore.h"
#include "table/RecordTableModel.h"
#include "unlimcall/UnlimCallService.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace {

enum HookColumn { Id, Event, Target, Created, State };

RecordSchema hookSchema()
{
    using T = ColumnType;
    return RecordSchema({ColumnSpec::make(T::Text, QStringLiteral("id"),
                                          QCoreApplication::translate("WebhooksPanel", "Subscription ID")),
                         ColumnSpec::make(T::Category, QStringLiteral("event"),
                                          QCoreApplication::translate("WebhooksPanel", "Event")),
                         ColumnSpec::make(T::Text, QStringLiteral("targetUrl"),
                                          QCoreApplication::translate("WebhooksPanel", "Endpoint")),
                         ColumnSpec::make(T::DateTime, QStringLiteral("createdAt"),
                                          QCoreApplication::translate("WebhooksPanel", "Subscribed")),
                         ColumnSpec::make(T::Category, QStringLiteral("state"),
                                          QCoreApplication::translate("WebhooksPanel", "State"))},
                        QStringLiteral("id"));
}

} // namespace

WebhooksPanel::WebhooksPanel(UnlimCallService *service, CdrStore *store, CredentialStore *keychain,
                             QWidget *parent)
    : QWidget(parent),
      m_service(service),
      m_store(store),
      m_keychain(keychain),
      m_subscriptions(new UnlimCallHookSubscriptions(service, store, keychain, this))
{
    setObjectName(QStringLiteral("callsWebhooks"));
    auto *layout = new QVBoxLayout(this);
    auto *intro =
            new QLabel(tr("UnlimCall posts call events to your https endpoint, signed with a secret that "
                          "is shown once. UnlimCall cannot list subscriptions, so this list is the "
                          "console's own record of the ones it made."));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QHBoxLayout;
    m_event = new QComboBox;
    m_event->setObjectName(QStringLiteral("hookEvent"));
    m_event->setAccessibleName(tr("Event"));
    for (const QString &event : UnlimCall::hookEvents()) {
        m_event->addItem(event, event);
        m_event->setItemData(m_event->count() - 1, UnlimCall::describeHookEvent(event), Qt::ToolTipRole);
    }
    form->addWidget(m_event);
    m_url = new QLineEdit;
    m_url->setObjectName(QStringLiteral("hookUrl"));
    m_url->setAccessibleName(tr("Endpoint URL"));
    m_url->setPlaceholderText(tr("https://example.com/hooks/unlimcall"));
    m_url->setMaxLength(UnlimCall::maxHookUrlLength + 1); // one over, so the message can say why
    form->addWidget(m_url, 1);
    m_subscribe = new QPushButton(tr("&Subscribe"));
    m_subscribe->setObjectName(QStringLiteral("hookSubscribe"));
    form->addWidget(m_subscribe);
    layout->addLayout(form);

    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("hookMessage"));
    ErrorText::makeLinkLabel(m_message);
    layout->addWidget(m_message);

    m_model = new RecordTableModel(hookSchema(), this);
    m_view = new QTreeView;
    m_view->setObjectName(QStringLiteral("hookList"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSortingEnabled(true);
    m_view->setAccessibleName(tr("Webhook subscriptions"));
    layout->addWidget(m_view, 1);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_remove = new QPushButton(tr("&Unsubscribe…"));
    m_remove->setObjectName(QStringLiteral("hookRemove"));
    buttons->addWidget(m_remove);
    layout->addLayout(buttons);

    connect(m_url, &QLineEdit::textChanged, this, &WebhooksPanel::validate);
    connect(m_event, &QComboBox::currentIndexChanged, this, &WebhooksPanel::validate);
    connect(m_url, &QLineEdit::returnPressed, this, &WebhooksPanel::subscribe);
    connect(m_subscribe, &QPushButton::clicked, this, &WebhooksPanel::subscribe);
    connect(m_remove, &QPushButton::clicked, this, &WebhooksPanel::removeSelected);
    reload();
    validate();
}

QString WebhooksPanel::secretAccount(const QString &hookId)
{
    // The receiver reads the same entry to verify deliveries: one naming rule, kept there.
    return KeychainWebhookSecrets::unlimCallAccount(hookId);
}

QString WebhooksPanel::messageText() const
{
    return m_message->text();
}

void WebhooksPanel::reload()
{
    RecordTable rows(m_model->schema());
    if (m_store) {
        for (const CdrStore::Hook &hook : m_store->hooks()) {
            const int r = rows.appendRow();
            rows.setText(r, Id, hook.id);
            rows.setText(r, Event, hook.event);
            rows.setText(r, Target, hook.targetUrl);
            rows.setDateTime(r, Created, hook.createdAt.toMSecsSinceEpoch());
            rows.setText(r, State, hook.isActive() ? tr("active") : tr("unsubscribed"));
        }
    }
    m_model->setRows(std::move(rows));
}

void WebhooksPanel::validate()
{
    const QString problem = m_url->text().trimmed().isEmpty()
            ? QString()
            : UnlimCallService::hookRequestProblem(
                      {m_event->currentData().toString(), m_url->text().trimmed()},
                      m_service && m_service->client() ? m_service->client()->baseUrl() : QUrl());
    m_subscribe->setEnabled(!m_inFlight && !m_url->text().trimmed().isEmpty() && problem.isEmpty());
    if (!m_inFlight)
        m_message->setText(problem.toHtmlEscaped());
}

void WebhooksPanel::subscribe()
{
    if (m_inFlight || !m_service || !m_subscribe->isEnabled())
        return;
    const UnlimCall::HookRequest request{m_event->currentData().toString(), m_url->text().trimmed()};
    m_inFlight = true;
    m_subscribe->setEnabled(false);
    m_message->setText(tr("Subscribing…"));
    m_subscriptions->subscribe(
            request, this, [this](const Result<UnlimCallHookSubscriptions::Subscribed> &result) {
                m_inFlight = false;
                if (!result.ok()) {
                    ErrorText::show(m_message, result.error(), tr("Not subscribed."));
                    validate();
                    Q_EMIT failed(result.error());
                    return;
                }
                const UnlimCallHookSubscriptions::Subscribed &hook = result.value();
                reload();
                m_url->clear();
                m_message->setText(
                        tr("Subscribed %1 to %2.").arg(hook.targetUrl.toHtmlEscaped(), hook.event));
                validate();
                const bool stored = !hook.secretNotStored;
                showSecretOnce(
                        hook.id, hook.secret,
                        !m_keychain ? tr("Demo mode: the secret is not stored anywhere — copy it now.")
                                : stored
                                ? tr("It is stored in your keychain as “%1”.").arg(secretAccount(hook.id))
                                : tr("It could not be stored in the keychain (%1) — copy it now.")
                                          .arg(hook.secretNotStored->explanation));
                Q_EMIT subscribed(hook.id, stored);
            });
}

void WebhooksPanel::showSecretOnce(const QString &hookId, const QString &secret, const QString &storedNote)
{
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("hookSecretDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Webhook signing secret"));
    auto *layout = new QVBoxLayout(dialog);
    auto *text =
            new QLabel(tr("UnlimCall signs every delivery to subscription %1 with this secret (HMAC-SHA256). "
                          "It is shown this once.")
                               .arg(hookId) +
                       QLatin1Char(' ') + storedNote);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto *field = new QLineEdit(secret);
    field->setObjectName(QStringLiteral("hookSecret"));
    field->setReadOnly(true);
    field->setAccessibleName(tr("Signing secret"));
    layout->addWidget(field);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QPushButton *copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, field,
            [field] { QApplication::clipboard()->setText(field->text()); });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    connect(dialog, &QDialog::finished, field, [field] { field->clear(); });
    dialog->open();
}

void WebhooksPanel::removeSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_service)
        return;
    const int row = m_model->tableRow(current.row());
    const QString id = m_model->table().text(row, Id);
    if (m_model->table().text(row, State) != tr("active"))
        return;
    if (QMessageBox::question(this, tr("Unsubscribe?"),
                              tr("Stop deliveries of %1 to %2?")
                                      .arg(m_model->table().text(row, Event),
                                           m_model->table().text(row, Target))) != QMessageBox::Yes)
        return;
    m_remove->setEnabled(false);
    m_service->deleteHook(id, this, [this, id](const Result<Done> &result) {
        m_remove->setEnabled(true);
        // not_found: UnlimCall already disabled it (e.g. after 10 failed deliveries): gone either way.
        if (!result.ok() && result.error().code != QLatin1String("not_found")) {
            ErrorText::show(m_message, result.error(), tr("Not unsubscribed."));
            Q_EMIT failed(result.error());
            return;
        }
        if (m_store)
            m_store->markHookRemoved(id, QDateTime::currentDateTimeUtc());
        if (m_keychain)
            m_keychain->remove(Vendor::UnlimCall, secretAccount(id), this, [](std::optional<ApiError>) {});
        reload();
        m_message->setText(result.ok() ? tr("Unsubscribed.")
                                       : tr("UnlimCall had already disabled this subscription; it is marked "
                                            "unsubscribed here too."));
        Q_EMIT removed(id);
    });
}
