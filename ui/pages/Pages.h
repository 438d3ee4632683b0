#pragma once

#include <QList>
#include <QString>

#include <functional>

class LiveEvents;
class Notifier;
class OutboundSafety;
class QWidget;
class ServiceHub;

// What every page may use.
struct PageContext
{
    ServiceHub *hub = nullptr;
    Notifier *notifier = nullptr; // desktop notifications for finished work
    // The local store's file: empty for Database::defaultPath(); demo mode uses a throwaway one so
    // sandbox data never mixes with the operator's.
    QString databasePath;
    // The do-not-contact list, the audit log and the guard every contacting action goes through
    // (on the same database), already installed on the hub.
    OutboundSafety *outbound = nullptr;
    // The live-events runtime (event log, receiver, effects) on the same database.
    LiveEvents *liveEvents = nullptr;
};

// One entry of the main window's navigation. Adding a page is one line in Pages::all().
struct PageEntry
{
    QString id; // stable: "leads" (saved as the last page, used by tests and showPage())
    QString title; // "Leads"
    QString icon; // resources/icons/<icon>.svg (listed in ui/CMakeLists.txt)
    std::function<QWidget *(const PageContext &context)> create;
};

namespace Pages {
// In navigation order; Ctrl+1..9 follow it.
QList<PageEntry> all();
} // namespace Pages
