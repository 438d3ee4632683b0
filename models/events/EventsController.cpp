#include "EventsController.h"

#include "events/LiveEvents.h"
#include "export/ExportJob.h"
#include "table/RecordFilter.h"
#include "table/RecordTableLoader.h"
#include "table/RecordTableModel.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

bool EventsController::Filter::operator==(const Filter &other) const
{
    return vendor == other.vendor && type == other.type && leadId == other.leadId && text == other.text;
}

EventsController::EventsController(LiveEvents *live, QObject *parent)
    : QObject(parent),
      m_live(live),
      m_model(new RecordTableModel(EventStore::schema(), this)),
      m_export(new ExportJob(this))
{
    m_model->sort(EventStore::OccurredAt, Qt::DescendingOrder);
    if (live)
        connect(live, &LiveEvents::eventStored, this, &EventsController::merge);
}

EventsController::~EventsController()
{
    // The loader delivers into the model: it stops first.
    delete m_loader;
    m_loader = nullptr;
}

QString EventsController::storeProblem() const
{
    if (!m_live)
        return QCoreApplication::translate("EventsController", "The live events are not running.");
    return m_live->storeProblem();
}

void EventsController::open()
{
    if (m_opened)
        return;
    m_opened = true;
    if (!m_live || !m_live->store()) {
        QTimer::singleShot(0, this, [this] { Q_EMIT loaded(0); });
        return;
    }
    m_loader = new RecordTableLoader(this);
    connect(m_loader, &RecordTableLoader::finished, this, [this](const StoreStatus &status, qint64 rows) {
        Q_EMIT choicesChanged();
        if (!status) {
            Q_EMIT loadFailed(status);
            return;
        }
        Q_EMIT loaded(rows);
    });
    // Every stored event: the filters work on what is loaded, so changing one reads nothing again.
    QVariantList binds;
    const QString sql = EventStore::eventsSql({}, &binds);
    m_loader->start(m_model, m_live->databasePath(), sql, binds);
}

bool EventsController::isLoading() const
{
    return m_loader && m_loader->isRunning();
}

void EventsController::merge(const StoredEvent &event)
{
    const QStringList vendors = choices(EventStore::VendorColumn);
    const QStringList types = choices(EventStore::Type);
    // Upserted by id: an event that the loader also reads is shown once.
    m_model->mergeRows(EventStore::rows({event}));
    Q_EMIT eventArrived(event);
    if (choices(EventStore::VendorColumn) != vendors || choices(EventStore::Type) != types)
        Q_EMIT choicesChanged();
}

void EventsController::setFilter(const Filter &filter)
{
    m_filter = filter;
    RecordFilter records;
    records.text = filter.text;
    records.textColumns = {EventStore::VendorColumn, EventStore::Type,  EventStore::Summary,
                           EventStore::Phone,        EventStore::Email, EventStore::CallId};
    if (!filter.vendor.isEmpty())
        records.predicates.append(ColumnPredicate::oneOf(EventStore::VendorColumn, {filter.vendor}));
    if (!filter.type.isEmpty())
        records.predicates.append(ColumnPredicate::oneOf(EventStore::Type, {filter.type}));
    if (!filter.leadId.trimmed().isEmpty())
        records.predicates.append(ColumnPredicate::equals(EventStore::LeadId, filter.leadId.trimmed()));
    m_model->setFilter(records);
}

QStringList EventsController::choices(EventStore::Column column) const
{
    QStringList values = m_model->table().categoryValues(column);
    values.removeAll(QString());
    values.sort();
    return values;
}

qint64 EventsController::eventIdAt(int viewRow) const
{
    if (viewRow < 0 || viewRow >= m_model->rowCount())
        return 0;
    return m_model->table().integer(m_model->tableRow(viewRow), EventStore::Id);
}

int EventsController::viewRowOf(qint64 eventId) const
{
    const int row = m_model->table().findRow(eventId);
    return row < 0 ? -1 : m_model->viewRow(row);
}

std::optional<EventsController::Detail> EventsController::detail(qint64 eventId) const
{
    if (!m_live || !m_live->store())
        return std::nullopt;
    const std::optional<StoredEvent> event = m_live->store()->event(eventId);
    if (!event)
        return std::nullopt;
    Detail detail;
    detail.event = *event;
    detail.body = prettyBody(event->rawBody, &detail.bodyIsJson);
    const QJsonObject headers = QJsonDocument::fromJson(event->headers).object();
    QStringList lines;
    for (auto it = headers.begin(); it != headers.end(); ++it)
        lines << it.key() + QStringLiteral(": ") + it.value().toString();
    detail.headers = lines.join(QLatin1Char('\n'));
    return detail;
}

QString EventsController::prettyBody(const QByteArray &rawBody, bool *isJson)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(rawBody, &error);
    const bool json = error.error == QJsonParseError::NoError && !document.isNull();
    if (isJson)
        *isJson = json;
    if (!json)
        return QString::fromUtf8(rawBody);
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed();
}

bool EventsController::exportTo(const QString &path, CsvProfile profile)
{
    return m_export->start(m_model, path, profile);
}
