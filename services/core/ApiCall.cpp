#include "ApiCall.h"

static ApiCall make(const QByteArray &method, const QString &path, const QUrlQuery &query)
{
    ApiCall call;
    call.method = method;
    call.path = path;
    call.query = query;
    return call;
}

static ApiCall makeWithBody(const QByteArray &method, const QString &path, const QJsonObject &body,
                            const QUrlQuery &query)
{
    ApiCall call = make(method, path, query);
    call.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    call.contentType = "application/json";
    return call;
}

ApiCall ApiCall::get(const QString &path, const QUrlQuery &query)
{
    return make("GET", path, query);
}

ApiCall ApiCall::del(const QString &path, const QUrlQuery &query)
{
    ApiCall call = make("DELETE", path, query);
    call.expectJson = false;
    return call;
}

ApiCall ApiCall::post(const QString &path, const QJsonObject &body, const QUrlQuery &query)
{
    return makeWithBody("POST", path, body, query);
}

ApiCall ApiCall::patch(const QString &path, const QJsonObject &body, const QUrlQuery &query)
{
    return makeWithBody("PATCH", path, body, query);
}

ApiCall ApiCall::put(const QString &path, const QJsonObject &body, const QUrlQuery &query)
{
    return makeWithBody("PUT", path, body, query);
}

bool ApiCall::hasHeader(const QByteArray &name) const
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool ApiCall::mayRetry() const
{
    if (spendsOrContacts || contacting)
        return false;
    if (method == "GET" || method == "HEAD" || method == "DELETE")
        return true;
    return hasHeader("Idempotency-Key");
}
