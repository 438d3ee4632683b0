#pragma once

#include "core/Result.h"

#include <QTest>

#include <functional>
#include <optional>

// Waits (running the event loop) for the one Result a service call delivers.
//   const auto me = awaitResult<UnlimCall::Me>([&](auto done) { service.fetchMe(&context, done); });
template<typename T>
std::optional<Result<T>> awaitResult(const std::function<void(std::function<void(const Result<T> &)>)> &start,
                                     int timeoutMs = 60'000)
{
    std::optional<Result<T>> result;
    start([&result](const Result<T> &value) { result.emplace(value); });
    (void)QTest::qWaitFor([&result] { return result.has_value(); }, timeoutMs);
    return result;
}
