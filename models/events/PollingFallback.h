#pragma once

#include "core/ApiError.h"
#include "events/EventStore.h"
#include "events/LiveModes.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>

class Outreach2dayService;
class PollSource;
class UnlimCallService;
class UnloopaService;

// Live without a reachable receiver (issue 13): every vendor LiveModes says is polled is read back
// through what its API offers (PollSources: UnlimCall's call records, Outreach2day's webhook events
// list, Unloopa's voice calls list; Verloop has nothing to read) and what it finds is stored in
// the event log with source "poll" — the same log, keys and de-duplication as the webhooks
// (EventStore), so a fact seen by both is one row. Owned by LiveEvents, which re-emits eventStored.
//
// A vendor's polling starts (with a poll at once) when its mode turns to polling, reads what
// happened from `lookback` before that moment on, and repeats every interval; a poll never
// overlaps the vendor's previous one. It stops when the vendor's webhooks reach the receiver.
class PollingFallback : public QObject
{
    Q_OBJECT
public:
    static constexpr int defaultIntervalMs = 30'000;
    static constexpr int defaultLookbackSecs = 15 * 60;

    struct Services
    {
        UnlimCallService *unlimCall = nullptr;
        Outreach2dayService *outreach2day = nullptr;
        UnloopaService *unloopa = nullptr;
    };

    // A null service leaves its vendor unpolled. Nothing is owned but the sources.
    PollingFallback(EventStore *store, const Services &services, QObject *parent = nullptr);
    ~PollingFallback() override;

    void setIntervalMs(int ms);
    int intervalMs() const { return m_timer.interval(); }
    void setLookbackSecs(int seconds) { m_lookbackSecs = qMax(0, seconds); }

    // Polls exactly the vendors `modes` says are polled.
    void setModes(const LiveModes &modes);
    const LiveModes &modes() const { return m_modes; }
    bool isPolling(Vendor vendor) const { return m_since.contains(vendor); }
    // Events from this moment on are read for `vendor` (invalid when it is not polled).
    QDateTime since(Vendor vendor) const { return m_since.value(vendor); }

    // One poll of every polled vendor whose previous poll has ended.
    void pollNow();

Q_SIGNALS:
    // A NEW row (as WebhookIngest::eventStored): never for a Duplicate.
    void eventStored(const StoredEvent &event);
    // The end of one vendor's poll: kind None when it read everything.
    void pollFinished(Vendor vendor, const ApiError &error);
    void storeFailed(const StoreStatus &status);

private:
    void store(const QList<StoredEvent> &events);

    EventStore *m_store;
    QHash<Vendor, PollSource *> m_sources;
    QHash<Vendor, QDateTime> m_since; // the vendors polled now
    LiveModes m_modes;
    int m_lookbackSecs = defaultLookbackSecs;
    QTimer m_timer;
};
