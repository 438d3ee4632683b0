#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class OutboundGuard;
class OutboundStore;
class ServiceHub;
class SqliteOutboundStore;

// The outbound guard as a program uses it (README promises O1-O7): the do-not-contact list, the
// audit log and the intents in one database file, the guard over them with the operator's
// calling rules from Settings, installed as the HTTP core's gate. The console and the CLI each
// make one; everything that contacts a person goes through its guard().
//
//   OutboundSafety safety(databasePath);   // empty: Database::defaultPath()
//   safety.install(hub);                   // no contacting call leaves without guard() now
//
// Opening it reconciles what a process that died while sending left behind (the intents still
// Pending become Unknown, never resent) — once they are older than any request can be in flight,
// so a second console on the same file (the CLI beside the GUI) never marks the other's call.
class OutboundSafety : public QObject
{
    Q_OBJECT
public:
    explicit OutboundSafety(const QString &databasePath = {}, QObject *parent = nullptr);
    // Uninstalls the guard from the hub it was installed on.
    ~OutboundSafety() override;

    OutboundStore *store() const;
    OutboundGuard *guard() const { return m_guard.get(); }
    QString databasePath() const { return m_path; }

    // The calling rules from Settings (group "outbound"); the safe defaults when they make no
    // sense. Call again after Settings changed them.
    void reloadRules();
    // Makes guard() the gate of every vendor client of `hub` (until this is destroyed).
    void install(ServiceHub &hub);

private:
    void reconcile();

    QString m_path;
    std::unique_ptr<SqliteOutboundStore> m_store;
    std::unique_ptr<OutboundGuard> m_guard;
    QPointer<ServiceHub> m_hub;
};
