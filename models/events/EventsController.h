#pragma once

#include "events/EventStore.h"
#include "export/CsvExporter.h"
#include "store/Database.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>

class ExportJob;
class LiveEvents;
class RecordTableLoader;
class RecordTableModel;

// What the Events page does, without widgets (issue #13): every stored event in the one table
// machinery — read from the event log by RecordTableLoader, newest first, then each new event
// merged as LiveEvents announces it (webhook or poll) —, narrowed by vendor, type, lead and free
// text over everything loaded, the selected event's detail, and the export of what the table shows.
class EventsController : public QObject
{
    Q_OBJECT
public:
    // Empty fields mean "any".
    struct Filter
    {
        QString vendor; // Vendors::id()
        QString type; // "call.transferred", ...
        QString leadId; // the console's lead
        QString text; // free text over summary, number, email, type, vendor

        bool operator==(const Filter &other) const;
    };

    // One event as the detail pane shows it. Nothing in it is a secret: the stored headers leave
    // out credentials (WebhookIngest), and a signature is an HMAC, not the key.
    struct Detail
    {
        StoredEvent event;
        QString body; // the raw body, pretty-printed when it is JSON, else as received
        bool bodyIsJson = false;
        QString headers; // "name: value" lines, as received (lower-case names)
    };

    // `live` (not owned, may be null: the page then says why) supplies the event log and the
    // new events.
    explicit EventsController(LiveEvents *live, QObject *parent = nullptr);
    ~EventsController() override;

    // Why there is no event log (empty when there is one).
    QString storeProblem() const;

    // Loads the stored events (once; later ones arrive live).
    void open();
    bool isLoading() const;

    RecordTableModel *events() const { return m_model; }
    void setFilter(const Filter &filter);
    Filter filter() const { return m_filter; }
    // The vendors and types seen in the loaded events (for the filter's choices), sorted.
    QStringList choices(EventStore::Column column) const;

    // The event shown at `viewRow` of events(); 0 when none.
    qint64 eventIdAt(int viewRow) const;
    // The view row of the event with this id, -1 when it is not shown (filtered out, unknown).
    int viewRowOf(qint64 eventId) const;
    std::optional<Detail> detail(qint64 eventId) const;

    ExportJob *exportJob() const { return m_export; }
    bool exportTo(const QString &path, CsvProfile profile);

    // The raw body as the detail pane shows it (JSON indented; anything else unchanged).
    static QString prettyBody(const QByteArray &rawBody, bool *isJson = nullptr);

Q_SIGNALS:
    // The stored events are in the model (rows read).
    void loaded(qint64 rows);
    void loadFailed(const StoreStatus &status);
    // A new event was merged (it may be filtered out of view).
    void eventArrived(const StoredEvent &event);
    // New vendors or types may be among the choices.
    void choicesChanged();

private:
    void merge(const StoredEvent &event);

    QPointer<LiveEvents> m_live;
    RecordTableModel *m_model;
    RecordTableLoader *m_loader = nullptr;
    ExportJob *m_export;
    Filter m_filter;
    bool m_opened = false;
};
