#include "PollingFallback.h"

#include "events/PollSources.h"

PollingFallback::PollingFallback(EventStore *store, const Services &services, QObject *parent)
    : QObject(parent), m_store(store)
{
    QList<PollSource *> sources;
    if (services.unlimCall && store)
        sources << new CdrPollSource(services.unlimCall, store->database()->path(), this);
    if (services.outreach2day)
        sources << new O2dEventsPollSource(services.outreach2day, this);
    if (services.unloopa)
        sources << new UnloopaCallsPollSource(services.unloopa, this);
    for (PollSource *source : std::as_const(sources)) {
        m_sources.insert(source->vendor(), source);
        connect(source, &PollSource::found, this, &PollingFallback::store);
        connect(source, &PollSource::finished, this,
                [this, vendor = source->vendor()](const ApiError &error) {
                    Q_EMIT pollFinished(vendor, error);
                });
    }
    m_timer.setInterval(defaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &PollingFallback::pollNow);
}

PollingFallback::~PollingFallback()
{
    for (PollSource *source : std::as_const(m_sources))
        source->disconnect(this);
}

void PollingFallback::setIntervalMs(int ms)
{
    m_timer.setInterval(qMax(1, ms));
}

void PollingFallback::setModes(const LiveModes &modes)
{
    m_modes = modes;
    bool started = false;
    for (auto it = m_sources.cbegin(); it != m_sources.cend(); ++it) {
        const Vendor vendor = it.key();
        if (!modes.polls(vendor)) {
            if (m_since.remove(vendor))
                it.value()->cancel();
        } else if (!m_since.contains(vendor)) {
            m_since.insert(vendor, QDateTime::currentDateTimeUtc().addSecs(-m_lookbackSecs));
            started = true;
        }
    }
    if (m_since.isEmpty())
        m_timer.stop();
    else if (!m_timer.isActive())
        m_timer.start();
    if (started)
        pollNow();
}

void PollingFallback::pollNow()
{
    for (auto it = m_since.cbegin(); it != m_since.cend(); ++it) {
        PollSource *source = m_sources.value(it.key());
        if (source && !source->isRunning())
            source->poll(it.value());
    }
}

void PollingFallback::store(const QList<StoredEvent> &events)
{
    for (StoredEvent event : events) {
        const EventStore::InsertResult stored = m_store->insert(event);
        if (stored.outcome == EventStore::Outcome::Failed) {
            // The next poll reads it again (its key makes that harmless).
            Q_EMIT storeFailed(stored.status);
            return;
        }
        if (stored.outcome == EventStore::Outcome::Inserted) {
            event.id = stored.id;
            Q_EMIT eventStored(event);
        }
    }
}
