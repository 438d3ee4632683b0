#include "LayoutMemory.h"

#include <QHeaderView>
#include <QSettings>
#include <QSplitter>

namespace {
QString settingsKey(const QString &key)
{
    return QStringLiteral("layout/") + key;
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

void track(QHeaderView *header, const QString &key)
{
    auto restored = std::make_shared<bool>(false);
    auto restore = [header, key, restored] {
        if (*restored || header->count() == 0)
            return;
        *restored = true;
        const QByteArray state = QSettings().value(settingsKey(key)).toByteArray();
        if (!state.isEmpty())
            header->restoreState(state);
    };
    auto save = [header, key, restored] {
        if (*restored)
            QSettings().setValue(settingsKey(key), header->saveState());
    };
    restore();
    QObject::connect(header, &QHeaderView::sectionCountChanged, header, restore);
    QObject::connect(header, &QHeaderView::sectionResized, header, save);
    QObject::connect(header, &QHeaderView::sectionMoved, header, save);
    QObject::connect(header, &QHeaderView::sortIndicatorChanged, header, save);
}

} // namespace LayoutMemory
