#pragma once

#include <QGuiApplication>
#include <QIcon>
#include <QPalette>
#include <QString>

namespace Icons {
// resources/icons/<name>.svg drawn in the palette's text colour (so it follows a dark theme), with
// a disabled and a selected variant, drawn at whatever size (and device pixel ratio) is shown.
QIcon themed(const QString &name, const QPalette &palette = QGuiApplication::palette());
} // namespace Icons
