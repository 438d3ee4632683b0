#include "ChartScale.h"

#include <algorithm>
#include <cmath>

namespace ChartScale {

int Ticks::intervals() const
{
    return int(std::lround(max / step));
}

int Ticks::decimals() const
{
    return step >= 1 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
}

Ticks niceTicks(double maxValue, int maxIntervals)
{
    maxIntervals = std::max(1, maxIntervals);
    if (!(maxValue > 0) || !std::isfinite(maxValue))
        return {};
    // Start one decade below the raw step and walk up 1, 2, 5, 10, 20, … until it fits.
    double decade = std::pow(10.0, std::floor(std::log10(maxValue / maxIntervals)) - 1);
    for (;;) {
        for (const double factor : {1.0, 2.0, 5.0}) {
            const double step = factor * decade;
            // A whole number of steps, tolerating the rounding of maxValue / step.
            const double steps = std::ceil(maxValue / step - 1e-9);
            if (steps <= maxIntervals)
                return {steps * step, step};
        }
        decade *= 10;
    }
}

int labelStep(int count, int maxLabels, const std::vector<int> &steps)
{
    maxLabels = std::max(1, maxLabels);
    const auto labels = [count](int step) {
        return (count + step - 1) / step;
    };
    int last = 1;
    for (const int step : steps) {
        if (labels(step) <= maxLabels)
            return step;
        last = step;
    }
    int step = last;
    while (labels(step) > maxLabels)
        step += last;
    return step;
}

} // namespace ChartScale
