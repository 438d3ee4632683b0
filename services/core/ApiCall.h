#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <any>
#include <functional>

// One request to a vendor, described before it is sent: what it is, how long it may take, and
// whether it may ever be sent twice. Build with the named constructors; the HTTP core decides the
// rest.
struct ApiCall
{
    QByteArray method = "GET";
    QString path; // a documented endpoint path, appended to the vendor's base URL: "/quota"
    QUrlQuery query;
    QByteArray body;
    // When set, the body is streamed from this file instead of `body` (big multipart uploads:
    // memory does not grow with the file). The file must stay in place until the reply finishes.
    QString bodyFile;
    QByteArray contentType;
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers, e.g. Idempotency-Key
    // Spends money or contacts a person (README promise H5): never retried automatically, whatever
    // the method or the error.
    bool spendsOrContacts = false;
    // Contacts a person (README promise O1): the HTTP core sends it only with a clearance the
    // outbound guard issued for it (OutboundGate::redeem), once. Implies spendsOrContacts.
    bool contacting = false;
    QString clearanceId; // OutboundGuard::Clearance::id
    // The answer's JSON key holding the vendor's id for what was placed ("call_id",
    // "message_id"): the audit log's outcome row and the intent keep it.
    QString vendorRefKey;
    int timeoutMs = 30'000; // transfer timeout: no byte for this long → a timeout error
    // Reject a 2xx whose body is not a JSON object or array (a malformed response).
    bool expectJson = true;
    // Turns a successful answer's JSON into the caller's type (ApiResponse::decoded). Big answers
    // are parsed and decoded on a worker thread, so this must not touch QObjects or the caller.
    std::function<std::any(const QJsonDocument &)> decode;
    // Optional, for big answers read often: turns a successful answer's body straight into the
    // caller's type, skipping the generic JSON document. An empty result means it could not
    // (anything unusual in the text): the body is then parsed and decoded as above, so what is
    // accepted and how errors read stay the same. Runs where `decode` runs.
    std::function<std::any(QByteArrayView body)> scan;

    static ApiCall get(const QString &path, const QUrlQuery &query = {});
    static ApiCall del(const QString &path, const QUrlQuery &query = {});
    static ApiCall post(const QString &path, const QJsonObject &body, const QUrlQuery &query = {});
    static ApiCall patch(const QString &path, const QJsonObject &body, const QUrlQuery &query = {});
    static ApiCall put(const QString &path, const QJsonObject &body, const QUrlQuery &query = {});

    ApiCall &spending()
    {
        spendsOrContacts = true;
        return *this;
    }
    // A request that contacts a person, cleared by the outbound guard under `clearance`.
    ApiCall &contactingWith(const QString &clearance, const QString &answerIdKey)
    {
        spendsOrContacts = true;
        contacting = true;
        clearanceId = clearance;
        vendorRefKey = answerIdKey;
        return *this;
    }
    ApiCall &withHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append({name, value});
        return *this;
    }
    ApiCall &withTimeout(int milliseconds)
    {
        timeoutMs = milliseconds;
        return *this;
    }
    ApiCall &decodedBy(std::function<std::any(const QJsonDocument &)> decoder)
    {
        decode = std::move(decoder);
        return *this;
    }

    ApiCall &scannedBy(std::function<std::any(QByteArrayView body)> scanner)
    {
        scan = std::move(scanner);
        return *this;
    }

    bool hasHeader(const QByteArray &name) const;
    // GET, HEAD and DELETE are idempotent; a POST/PATCH/PUT only with an Idempotency-Key the
    // vendor honours. Nothing that spends or contacts is ever retried.
    bool mayRetry() const;
};
