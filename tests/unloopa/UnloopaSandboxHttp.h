#pragma once

#include "SandboxFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>
#include <QUrlQuery>

// Raw HTTP to the Unloopa sandbox (no service class in between), for the sandbox's own tests: every
// request carries the demo token unless told otherwise; the control endpoint /_sandbox/unloopa
// sets the switches.
struct UnloopaAnswer
{
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QList<QNetworkReply::RawHeaderPair> headers;

    QString code() const { return errorObject().value(QStringLiteral("code")).toString(); }
    QJsonObject details() const { return errorObject().value(QStringLiteral("details")).toObject(); }
    QString field() const { return details().value(QStringLiteral("field")).toString(); }
    QJsonObject errorObject() const { return json.value(QStringLiteral("error")).toObject(); }
    QJsonArray array(const QString &key) const { return json.value(key).toArray(); }
    QString text(const QString &key) const { return json.value(key).toString(); }
    int number(const QString &key) const { return json.value(key).toInt(-1); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &pair : headers) {
            if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
                return pair.second;
        }
        return {};
    }
};

class UnloopaSandboxHttp
{
public:
    explicit UnloopaSandboxHttp(SandboxFixture *sandbox) : m_sandbox(sandbox) { }

    UnloopaAnswer send(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                       const QUrlQuery &query = {},
                       const QByteArray &token = SandboxServer::demoToken(Vendor::Unloopa))
    {
        QUrl url = m_sandbox->baseUrl(Vendor::Unloopa);
        url.setPath(url.path() + path);
        if (!query.isEmpty())
            url.setQuery(query);
        return finish(url, verb, body, token);
    }
    UnloopaAnswer get(const QString &path, const QUrlQuery &query = {})
    {
        return send("GET", path, {}, query);
    }
    UnloopaAnswer post(const QString &path, const QJsonObject &body)
    {
        return send("POST", path, encode(body));
    }
    UnloopaAnswer patch(const QString &path, const QJsonObject &body)
    {
        return send("PATCH", path, encode(body));
    }
    UnloopaAnswer remove(const QString &path) { return send("DELETE", path); }
    // POST /_sandbox/unloopa with `body` (GET when empty).
    UnloopaAnswer control(const QJsonObject &body = {})
    {
        QUrl url = m_sandbox->baseUrl(Vendor::Unloopa);
        url.setPath(QStringLiteral("/_sandbox/unloopa"));
        return finish(url, body.isEmpty() ? "GET" : "POST", body.isEmpty() ? QByteArray() : encode(body), {});
    }
    static QByteArray encode(const QJsonObject &body)
    {
        return QJsonDocument(body).toJson(QJsonDocument::Compact);
    }

private:
    UnloopaAnswer finish(const QUrl &url, const QByteArray &verb, const QByteArray &body,
                         const QByteArray &token)
    {
        QNetworkRequest request(url);
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_sandbox->network()->sendCustomRequest(request, verb, body);
        UnloopaAnswer answer;
        // Bounded only so that a broken build fails instead of hanging; no speed requirement.
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 60'000))
            return answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.json = QJsonDocument::fromJson(answer.body).object();
        answer.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return answer;
    }

    SandboxFixture *m_sandbox;
};
