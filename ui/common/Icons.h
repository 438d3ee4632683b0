#pragma once

#include <QGuiApplication>
#include <QIcon>
#include <QPalette>
#include <QString>

namespace Icons {
// resources/icons/<name>.svg drawn in the palette's text colour (so it follows a dark theme), with
// pixmaps from 16 to 64 px for any device pixel ratio, and a disabled variant.
QIcon themed(const QString &name, const QPalette &palette = QGuiApplication::palette());
} // namespace Icons
