#pragma once

#include "ApiError.h"

#include <optional>
#include <utility>

// A typed result: either a value or the console's one error type. Callers never see raw replies.
template<typename T>
class Result
{
public:
    Result(T value) : m_value(std::move(value)) { }
    Result(ApiError error) : m_error(std::move(error)) { }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return *m_value; }
    T &value() { return *m_value; }
    const T *operator->() const { return &*m_value; }
    const ApiError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    ApiError m_error;
};

// For calls whose success carries no data (DELETE → 204).
struct Done
{ };
