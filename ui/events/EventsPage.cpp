#include "EventsPage.h"

#include "common/ExportControl.h"
#include "common/LayoutMemory.h"
#include "common/RecordTableView.h"
#include "events/EventReceiverSettings.h"
#include "events/EventsController.h"
#include "events/LiveEvents.h"
#include "table/CellFormat.h"
#include "table/RecordTableModel.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSplitter>
#include <QVBoxLayout>

#include <functional>

namespace {

QString vendorName(const QString &id)
{
    const std::optional<Vendor> vendor = Vendors::fromId(id);
    return vendor ? Vendors::displayName(*vendor) : id;
}

// Refills `box` with "any" and `values` (item data = the value), keeping the current choice.
void refill(QComboBox *box, const QString &any, const QStringList &values,
            const std::function<QString(const QString &)> &label)
{
    const QString current = box->currentData().toString();
    const QSignalBlocker blocker(box);
    box->clear();
    box->addItem(any, QString());
    QStringList all = values;
    if (!current.isEmpty() && !all.contains(current))
        all.append(current);
    for (const QString &value : std::as_const(all))
        box->addItem(label(value), value);
    box->setCurrentIndex(qMax(0, box->findData(current)));
}

QPlainTextEdit *readOnlyText(const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *text = new QPlainTextEdit(parent);
    text->setObjectName(objectName);
    text->setAccessibleName(accessibleName);
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return text;
}

} // namespace

EventsPage::EventsPage(LiveEvents *live, Notifier *notifier, QWidget *parent)
    : QWidget(parent), m_live(live), m_controller(new EventsController(live, this))
{
    auto *layout = new QVBoxLayout(this);

    // ---- Filters and export
    auto *bar = new QHBoxLayout;
    m_vendor = new QComboBox(this);
    m_vendor->setObjectName(QStringLiteral("eventsVendor"));
    m_vendor->setAccessibleName(tr("Vendor"));
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("eventsType"));
    m_type->setAccessibleName(tr("Event type"));
    m_lead = new QLineEdit(this);
    m_lead->setObjectName(QStringLiteral("eventsLead"));
    m_lead->setAccessibleName(tr("Lead"));
    m_lead->setPlaceholderText(tr("Lead id"));
    m_lead->setClearButtonEnabled(true);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("eventsSearch"));
    m_search->setAccessibleName(tr("Search events"));
    m_search->setPlaceholderText(tr("Search summary, number, email, call (Ctrl+F)…"));
    m_search->setClearButtonEnabled(true);
    m_export = new ExportControl(m_controller->exportJob(), notifier, this);
    m_export->setSource([this] {
        return ExportControl::Source{m_controller->events(), QStringLiteral("events.csv")};
    });
    m_export->attachShortcut(this);
    bar->addWidget(m_vendor);
    bar->addWidget(m_type);
    bar->addWidget(m_lead);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_export);
    layout->addLayout(bar);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("eventsCount"));
    layout->addWidget(m_count);
    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("eventsEmpty"));
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);

    // ---- Table | detail
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("eventsSplitter"));
    m_table = new RecordTableView(splitter);
    m_table->setObjectName(QStringLiteral("eventsTable"));
    m_table->setAccessibleName(tr("Events"));
    m_table->setRecordModel(m_controller->events(), QStringLiteral("events/table"), EventStore::OccurredAt,
                            Qt::DescendingOrder);
    m_table->setSortingEnabled(true);

    auto *detail = new QWidget(splitter);
    detail->setObjectName(QStringLiteral("eventDetail"));
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_header = new QLabel(detail);
    m_header->setObjectName(QStringLiteral("eventHeader"));
    m_header->setAccessibleName(tr("Event"));
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verification = new QLabel(detail);
    m_verification->setObjectName(QStringLiteral("eventVerification"));
    m_verification->setAccessibleName(tr("Verification"));
    m_verification->setWordWrap(true);
    m_verification->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_headers = readOnlyText(QStringLiteral("eventHeaders"), tr("Request headers"), detail);
    m_body = readOnlyText(QStringLiteral("eventBody"), tr("Raw body"), detail);
    detailLayout->addWidget(m_header);
    detailLayout->addWidget(m_verification);
    detailLayout->addWidget(new QLabel(tr("Headers"), detail));
    detailLayout->addWidget(m_headers, 1);
    detailLayout->addWidget(new QLabel(tr("Body, as received"), detail));
    detailLayout->addWidget(m_body, 3);
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    LayoutMemory::track(splitter, QStringLiteral("events/splitter"));
    layout->addWidget(splitter, 1);

    // ---- The receiver
    auto *receiver = new QGroupBox(tr("Receiver"), this);
    receiver->setObjectName(QStringLiteral("eventsReceiver"));
    auto *receiverLayout = new QVBoxLayout(receiver);
    m_receiverState = new QLabel(receiver);
    m_receiverState->setObjectName(QStringLiteral("eventsReceiverState"));
    m_receiverState->setAccessibleName(tr("Receiver state"));
    m_urls = new QLabel(receiver);
    m_urls->setObjectName(QStringLiteral("eventsReceiverUrls"));
    m_urls->setAccessibleName(tr("Addresses to register with each vendor"));
    m_urls->setWordWrap(true);
    m_urls->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_tlsNote = new QLabel(receiver);
    m_tlsNote->setObjectName(QStringLiteral("eventsTlsNote"));
    m_tlsNote->setWordWrap(true);
    // What still arrives while a vendor's webhooks cannot reach the receiver.
    m_modes = new QLabel(receiver);
    m_modes->setObjectName(QStringLiteral("eventsLiveModes"));
    m_modes->setAccessibleName(tr("How events arrive from each vendor"));
    m_modes->setWordWrap(true);
    receiverLayout->addWidget(m_receiverState);
    receiverLayout->addWidget(m_modes);
    receiverLayout->addWidget(m_urls);
    receiverLayout->addWidget(m_tlsNote);
    layout->addWidget(receiver);

    // ---- Keys
    auto *find = new QShortcut(QKeySequence::Find, this);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });

    // ---- Wiring
    for (QComboBox *box : {m_vendor, m_type})
        connect(box, &QComboBox::currentIndexChanged, this, &EventsPage::filtersChanged);
    for (QLineEdit *edit : {m_lead, m_search})
        connect(edit, &QLineEdit::textChanged, this, &EventsPage::filtersChanged);
    connect(m_controller, &EventsController::choicesChanged, this, &EventsPage::fillChoices);
    connect(m_controller, &EventsController::loaded, this, &EventsPage::updateCount);
    connect(m_controller, &EventsController::loadFailed, this, [this](const StoreStatus &status) {
        m_empty->setText(tr("The stored events could not be read: %1").arg(status.message));
        m_empty->show();
    });
    connect(m_controller->events(), &RecordTableModel::visibleRowsChanged, this, &EventsPage::updateCount);
    connect(m_controller->events(), &RecordTableModel::modelReset, this, &EventsPage::updateCount);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EventsPage::selectionChanged);
    if (live)
        connect(live, &LiveEvents::stateChanged, this, &EventsPage::updateReceiver);

    fillChoices();
    updateReceiver();
    showDetail(0);
    updateCount();
    m_controller->open();
}

void EventsPage::fillChoices()
{
    refill(m_vendor, tr("Any vendor"), m_controller->choices(EventStore::VendorColumn), vendorName);
    refill(m_type, tr("Any type"), m_controller->choices(EventStore::Type),
           [](const QString &type) { return type; });
}

void EventsPage::filtersChanged()
{
    EventsController::Filter filter;
    filter.vendor = m_vendor->currentData().toString();
    filter.type = m_type->currentData().toString();
    filter.leadId = m_lead->text();
    filter.text = m_search->text();
    m_controller->setFilter(filter);
}

void EventsPage::updateCount()
{
    const RecordTableModel *model = m_controller->events();
    const int shown = model->rowCount();
    const int all = model->table().rowCount();
    m_count->setText(shown == all ? tr("%n event(s)", nullptr, all)
                                  : tr("%1 of %n event(s)", nullptr, all).arg(shown));
    QString empty;
    if (!m_controller->storeProblem().isEmpty())
        empty = tr("No events can be shown: %1").arg(m_controller->storeProblem());
    else if (all == 0 && !m_controller->isLoading())
        empty = tr("No events yet. Turn the receiver on in Settings and register the addresses below with "
                   "each vendor; calls and replies the console reads from the vendors appear here too.");
    else if (shown == 0 && all > 0)
        empty = tr("No event matches the filters.");
    m_empty->setText(empty);
    m_empty->setVisible(!empty.isEmpty());
    // The selected event may have been filtered out of view.
    if (m_shownId != 0 && m_controller->viewRowOf(m_shownId) < 0)
        showDetail(0);
}

void EventsPage::selectionChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    showDetail(current.isValid() ? m_controller->eventIdAt(current.row()) : 0);
}

void EventsPage::showDetail(qint64 eventId)
{
    const std::optional<EventsController::Detail> detail =
            eventId > 0 ? m_controller->detail(eventId) : std::nullopt;
    m_shownId = detail ? eventId : 0;
    if (!detail) {
        m_header->setText(tr("Select an event to see what the vendor sent."));
        m_verification->clear();
        m_headers->clear();
        m_body->clear();
        return;
    }
    const StoredEvent &event = detail->event;
    QStringList header{Vendors::displayName(event.vendor), event.type};
    if (event.occurredAt.isValid())
        header << CellFormat::dateTimeLong(event.occurredAt.toMSecsSinceEpoch());
    QString text = header.join(QStringLiteral(" · "));
    if (!event.summary.isEmpty())
        text += QLatin1Char('\n') + event.summary;
    if (!event.leadId.isEmpty())
        text += QLatin1Char('\n') + tr("Lead %1").arg(event.leadId);
    m_header->setText(text);
    const QString source = event.source == StoredEvent::sourcePoll() ? tr("read from the vendor by polling")
                                                                     : tr("delivered to the receiver");
    m_verification->setText(tr("Verification: %1 (%2)").arg(event.verification, source));
    m_headers->setPlainText(detail->headers);
    m_body->setPlainText(detail->body);
}

bool EventsPage::selectEvent(qint64 eventId)
{
    if (!m_controller->detail(eventId))
        return false;
    int row = m_controller->viewRowOf(eventId);
    if (row < 0) {
        // Hidden by the filters: show everything.
        for (QComboBox *box : {m_vendor, m_type}) {
            const QSignalBlocker blocker(box);
            box->setCurrentIndex(0);
        }
        for (QLineEdit *edit : {m_lead, m_search}) {
            const QSignalBlocker blocker(edit);
            edit->clear();
        }
        filtersChanged();
        m_controller->events()->waitForIdle();
        row = m_controller->viewRowOf(eventId);
    }
    if (row >= 0)
        m_table->selectRow(row);
    showDetail(eventId);
    return true;
}

void EventsPage::updateReceiver()
{
    if (!m_live) {
        m_receiverState->setText(tr("Live events are not running."));
        m_modes->clear();
        m_urls->clear();
        m_tlsNote->clear();
        return;
    }
    m_receiverState->setText(tr("Receiver: %1").arg(m_live->receiverState().describe()));
    QStringList modes;
    for (const Vendor vendor : Vendors::all())
        modes << tr("%1: %2").arg(Vendors::displayName(vendor), m_live->liveModes().text(vendor));
    m_modes->setText(modes.join(QLatin1Char('\n')));
    QStringList lines;
    for (const LiveEvents::RegisterUrl &url : m_live->urlsToRegister()) {
        if (url.vendor == Vendor::Verloop)
            lines << tr("Verloop: %1 (the console fills each scheduled call's callback URL itself)")
                             .arg(url.url);
        else
            lines << QStringLiteral("%1: %2").arg(Vendors::displayName(url.vendor), url.url);
    }
    m_urls->setText(lines.isEmpty() ? tr("Turn the receiver on in Settings to see the addresses to register "
                                         "with each vendor.")
                                    : tr("Register with each vendor:") + QLatin1Char('\n') +
                                    lines.join(QLatin1Char('\n')));
    const QUrl publicUrl = EventReceiverSettings().publicBaseUrl();
    m_tlsNote->setText(
            publicUrl.scheme() == QLatin1String("https")
                    ? tr("TLS is terminated in front of the receiver, by your tunnel or reverse proxy at %1; "
                         "the "
                         "receiver itself speaks plain HTTP.")
                              .arg(publicUrl.toString())
                    : tr("The receiver speaks plain HTTP on this computer, and the vendors require https: "
                         "put a "
                         "tunnel or reverse proxy that terminates TLS in front of it, and register its https "
                         "address as the public URL in Settings."));
}
