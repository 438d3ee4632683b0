#pragma once

#include "UnloopaRoutes.h"
#include "core/ApiCall.h"
#include "core/ApiError.h"
#include "core/Result.h"
#include "core/VendorClient.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

// What the Unloopa outreach and voice services share: requests built from the one route table, and
// answers turned into typed results.
namespace UnloopaRequests {

// The request for `op`: method and path from UnloopaRoutes, `id` in the path, `body` for writes.
inline ApiCall callFor(UnloopaRoutes::Op op, const QString &id = {}, const QJsonObject &body = {})
{
    const QString path = UnloopaRoutes::path(op, id);
    const QByteArray method = UnloopaRoutes::route(op).method;
    if (method == "GET")
        return ApiCall::get(path);
    if (method == "DELETE")
        return ApiCall::del(path);
    if (method == "PATCH")
        return ApiCall::patch(path, body);
    return ApiCall::post(path, body);
}

// A request refused before sending: delivered later through the callback, like an answer.
template<typename T>
void refuseLater(const QObject *context, const std::function<void(const Result<T> &)> &callback,
                 const QString &problem)
{
    const ApiError error = ApiError::local(Vendor::Unloopa, QStringLiteral("invalid_input"), problem);
    QTimer::singleShot(0, context, [callback, error] { callback(Result<T>(error)); });
}

// What to do after an unreadable answer to a request that changes something (it may have been
// done); a read changes nothing and keeps ApiError::malformed's default advice.
inline QString changedAdvice()
{
    return QStringLiteral("It may have been done: refresh before trying again.");
}

// The answer read by `read` (nothing: not the documented shape → Malformed naming `expected`,
// with `advice`).
template<typename T>
std::function<void(const ApiResponse &)>
reader(std::function<void(const Result<T> &)> callback, const QString &expected,
       std::function<std::optional<T>(const QJsonObject &)> read, const QString &advice = {})
{
    return [callback, expected, read, advice](const ApiResponse &r) {
        if (!r.ok()) {
            callback(r.error);
            return;
        }
        if (std::optional<T> value = read(r.object())) {
            callback(*value);
            return;
        }
        callback(ApiError::malformed(Vendor::Unloopa, expected, advice, r.httpStatus));
    };
}

} // namespace UnloopaRequests
