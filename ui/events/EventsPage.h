#pragma once

#include <QWidget>

class EventsController;
class ExportControl;
class LiveEvents;
class Notifier;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class RecordTableView;

// The Events page (issue #13): every event from every vendor — delivered to the receiver or read
// by polling —, newest first in the one table view, filtered by vendor, type, lead and free text
// (Ctrl+F), the selected event's raw body, headers and verification result, export (Ctrl+E), and
// the receiver: its state, the URLs to register with each vendor and why they need an https
// tunnel or reverse proxy in front. Widgets only: EventsController holds the state.
class EventsPage : public QWidget
{
    Q_OBJECT
public:
    // `live` (not owned) may be null: the page then says that live events are not running.
    explicit EventsPage(LiveEvents *live, Notifier *notifier = nullptr, QWidget *parent = nullptr);

    EventsController *controller() const { return m_controller; }
    ExportControl *exportControl() const { return m_export; }
    // Shows the event with this id (clearing filters that hide it); false when it is unknown.
    bool selectEvent(qint64 eventId);

private:
    void filtersChanged();
    void fillChoices();
    void selectionChanged();
    void showDetail(qint64 eventId);
    void updateCount();
    void updateReceiver();

    LiveEvents *m_live;
    EventsController *m_controller;
    QComboBox *m_vendor;
    QComboBox *m_type;
    QLineEdit *m_lead;
    QLineEdit *m_search;
    ExportControl *m_export;
    QLabel *m_count;
    QLabel *m_empty;
    RecordTableView *m_table;
    QLabel *m_header;
    QLabel *m_verification;
    QPlainTextEdit *m_headers;
    QPlainTextEdit *m_body;
    QLabel *m_receiverState;
    QLabel *m_modes; // each vendor's live mode (LiveModes), in words
    QLabel *m_urls;
    QLabel *m_tlsNote;
    qint64 m_shownId = 0;
};
