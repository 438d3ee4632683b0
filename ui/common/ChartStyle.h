#pragma once

#include <QBrush>
#include <QColor>
#include <QPalette>
#include <QStringList>

#include <vector>

class QCategoryAxis;
class QChart;
class QValueAxis;

// How every chart in the console looks, so that a person can read it: series colours from the
// Okabe–Ito palette (told apart with the common colour-vision deficiencies), each adjusted to
// stand out against the widget palette's background in light and dark mode, with a fill pattern
// or line style as a second cue; the chart's text and grid in the palette's own colours; value
// axes with 1/2/5 × 10ⁿ ticks; category axes labelled at a step that fits the plot.
namespace ChartStyle {

// WCAG 2 contrast ratio of two colours, 1..21.
double contrast(const QColor &a, const QColor &b);

// The chart's background: the palette's window colour.
QColor background(const QPalette &palette);

// Series `index`'s colour: Okabe–Ito, lighter or darker as needed for a contrast of at least
// 3:1 against background(palette) (the WCAG minimum for graphics).
QColor seriesColor(int index, const QPalette &palette);

// Series `index`'s bar fill: its colour, overlaid from index 1 on with a pattern of its own
// (diagonals, dots, crosses, …) so that bars differ without colour too.
QBrush seriesBrush(int index, const QPalette &palette);

// Series `index`'s line style: solid, dashed, dotted, …
Qt::PenStyle penStyle(int index);

// Text, title, legend, grid and axis colours from the palette. Call after the axes are added.
void apply(QChart *chart, const QPalette &palette);

// A value axis from 0 with nice ticks covering maxValue in at most `maxIntervals` steps.
QValueAxis *valueAxis(const QString &title, double maxValue, int maxIntervals = 5);

// A category axis over positions 0..labels.size()-1 (a bar or a point on each) that labels every
// k-th position, k the first of `steps` whose labels fit the plot's width; the step follows the
// plot when the chart is resized.
QCategoryAxis *indexAxis(QChart *chart, const QString &title, const QStringList &labels,
                         const std::vector<int> &steps);

} // namespace ChartStyle
