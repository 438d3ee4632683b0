#pragma once

#include <QString>

class QHeaderView;
class QSplitter;

// Remembers how the operator arranged splitters and table columns between runs (QSettings
// "layout/<key>"). Call once after creating the widget: the saved state is restored and every
// change is saved.
namespace LayoutMemory {
void track(QSplitter *splitter, const QString &key);
// Restores when the header first has sections (a model may be set later), saves on every resize,
// move or sort change.
void track(QHeaderView *header, const QString &key);
// Whether an arrangement was saved under `key` (a first run has none).
bool hasSaved(const QString &key);
} // namespace LayoutMemory
