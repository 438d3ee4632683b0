#pragma once

#include <vector>

// The arithmetic behind readable chart axes, kept apart from the widgets so it can be tested on
// its own: value axes with "nice" ticks, and category axes that label every k-th category.
namespace ChartScale {

// A value axis from 0 to `max` in steps of `step`, where step is 1, 2 or 5 × 10ⁿ.
struct Ticks
{
    double max = 1;
    double step = 1;
    int intervals() const;
    // Digits after the decimal point the tick labels need (0 for steps of 1 and above).
    int decimals() const;
};

// The smallest 1/2/5 × 10ⁿ step that covers [0, maxValue] in at most `maxIntervals` intervals,
// with max rounded up to a whole number of steps. A maxValue of 0 (or less) gives 0..1.
Ticks niceTicks(double maxValue, int maxIntervals);

// Every how many categories one is labelled so that at most `maxLabels` of `count` are: the
// first of `steps` (ascending) that is enough, else a multiple of the last.
int labelStep(int count, int maxLabels, const std::vector<int> &steps);

} // namespace ChartScale
