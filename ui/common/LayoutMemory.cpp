#include "LayoutMemory.h"

#include <QCoreApplication>
#include <QHash>
#include <QHeaderView>
#include <QPointer>
#include <QSettings>
#include <QSplitter>
#include <QTimer>

namespace {
QString settingsKey(const QString &key)
{
    return QStringLiteral("layout/") + key;
}

// Header states waiting to be written. A window resize emits sectionResized for every stretched
// section, and each QSettings write syncs the file to disk (tens of ms on a busy disk, on the GUI
// thread): remember the latest state at once, write it shortly after, and at quit.
QHash<QString, QByteArray> &pendingHeaderStates()
{
    static QHash<QString, QByteArray> pending;
    return pending;
}

void writePendingHeaderStates()
{
    QHash<QString, QByteArray> &pending = pendingHeaderStates();
    if (pending.isEmpty())
        return;
    QSettings settings;
    for (auto it = pending.cbegin(); it != pending.cend(); ++it)
        settings.setValue(settingsKey(it.key()), it.value());
    pending.clear();
}

void scheduleHeaderWrite()
{
    static QPointer<QTimer> timer;
    if (!timer) {
        timer = new QTimer(QCoreApplication::instance());
        timer->setSingleShot(true);
        timer->setInterval(300);
        QObject::connect(timer, &QTimer::timeout, timer, writePendingHeaderStates);
        QObject::connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, timer,
                         writePendingHeaderStates);
    }
    timer->start();
}
} // namespace

namespace LayoutMemory {

void track(QSplitter *splitter, const QString &key)
{
    const QByteArray state = QSettings().value(settingsKey(key)).toByteArray();
    if (!state.isEmpty())
        splitter->restoreState(state);
    QObject::connect(splitter, &QSplitter::splitterMoved, splitter,
                     [splitter, key] { QSettings().setValue(settingsKey(key), splitter->saveState()); });
}

bool hasSaved(const QString &key)
{
    return pendingHeaderStates().contains(key) || QSettings().contains(settingsKey(key));
}

void track(QHeaderView *header, const QString &key)
{
    auto restored = std::make_shared<bool>(false);
    auto restore = [header, key, restored] {
        if (*restored || header->count() == 0)
            return;
        *restored = true;
        const QByteArray state =
                pendingHeaderStates().value(key, QSettings().value(settingsKey(key)).toByteArray());
        if (!state.isEmpty())
            header->restoreState(state);
    };
    auto save = [header, key, restored] {
        if (!*restored)
            return;
        pendingHeaderStates().insert(key, header->saveState());
        scheduleHeaderWrite();
    };
    restore();
    QObject::connect(header, &QHeaderView::sectionCountChanged, header, restore);
    QObject::connect(header, &QHeaderView::sectionResized, header, save);
    QObject::connect(header, &QHeaderView::sectionMoved, header, save);
    QObject::connect(header, &QHeaderView::sortIndicatorChanged, header, save);
}

} // namespace LayoutMemory
