#pragma once

#include "core/ApiError.h"

#include <QString>

class QLabel;

// How the console shows an ApiError: its explanation in words plus the vendor's links (upgrade,
// purchase, setup) as clickable links, opened in the browser.
namespace ErrorText {
// Rich text: "<prefix> <explanation>" and one link per ApiError::Link. Escaped.
QString richText(const ApiError &error, const QString &prefix = {});
// Plain text with the links written out (tooltips, notifications, the clipboard).
QString plainText(const ApiError &error);
// Makes `label` show rich text whose links open with QDesktopServices (http and https only).
void makeLinkLabel(QLabel *label);
// Shows `error` in `label` (set up with makeLinkLabel).
void show(QLabel *label, const ApiError &error, const QString &prefix = {});
} // namespace ErrorText
