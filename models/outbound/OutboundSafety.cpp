#include "OutboundSafety.h"

#include "CallingRules.h"
#include "OutboundGuard.h"
#include "SqliteOutboundStore.h"
#include "accounts/ServiceHub.h"
#include "core/Logging.h"
#include "store/Database.h"

#include <QSettings>
#include <QTimer>

namespace {

// Longer than any contacting request can be in flight (a transfer timeout, no retries): a
// Pending intent younger than this may be another console's, waiting for its answer.
constexpr qint64 kInFlightGraceMs = 2 * 60 * 1000;

// The operator's rules; the safe defaults when what Settings holds makes no sense (a window that
// ends before it starts must not become "never refuse").
CallingRules loadRules()
{
    QSettings settings;
    const CallingRules rules = CallingRules::load(settings);
    if (const QString problem = rules.problem(); !problem.isEmpty()) {
        qCWarning(lcStore).noquote() << "calling rules in Settings ignored, the defaults apply:" << problem;
        return CallingRules();
    }
    return rules;
}

} // namespace

OutboundSafety::OutboundSafety(const QString &databasePath, QObject *parent)
    : QObject(parent),
      m_path(databasePath.isEmpty() ? Database::defaultPath() : databasePath),
      m_store(std::make_unique<SqliteOutboundStore>(m_path)),
      m_guard(std::make_unique<OutboundGuard>(m_store.get(), loadRules()))
{
    // What a process that died while sending left behind is unknown, never resent (README promise
    // O7); what is too young to tell is looked at again once it cannot be in flight any more.
    reconcile();
    QTimer::singleShot(kInFlightGraceMs, this, &OutboundSafety::reconcile);
}

void OutboundSafety::reconcile()
{
    if (const int unknown = m_guard->reconcileAfterRestart(kInFlightGraceMs))
        qCWarning(lcStore) << unknown
                           << "contacting request(s) were being sent when a program stopped; "
                              "marked unknown";
}

OutboundSafety::~OutboundSafety()
{
    if (m_hub && m_hub->outboundGate() == m_guard.get())
        m_hub->setOutboundGate(nullptr);
}

OutboundStore *OutboundSafety::store() const
{
    return m_store.get();
}

void OutboundSafety::reloadRules()
{
    m_guard->setRules(loadRules());
}

void OutboundSafety::install(ServiceHub &hub)
{
    m_hub = &hub;
    hub.setOutboundGate(m_guard.get());
}
