#pragma once

#include "core/Vendor.h"

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

class QTcpServer;
class QTcpSocket;

// One webhook request, read whole and routed, as the receiver hands it to its sink.
struct WebhookDelivery
{
    Vendor vendor = Vendor::UnlimCall; // from the path
    QString verloopToken; // /hooks/verloop/<token>
    QList<QPair<QByteArray, QByteArray>> headers; // as sent (names keep their case)
    QByteArray rawBody; // the exact bytes (W1)
    QDateTime receivedAt; // UTC

    // The first header of that name (case-insensitive); null when absent.
    QByteArray header(QByteArrayView name) const;
};

// What the sink decided: the HTTP status and a short machine code for the body.
struct WebhookAnswer
{
    int status = 500;
    QByteArray code; // "stored", "duplicate", "mismatch", "store_failed", ...
};

// Decides a delivery synchronously: when deliver() returns, whatever was to be stored is
// committed (D3), so the receiver may acknowledge. WebhookIngest is the console's one sink.
class WebhookSink
{
public:
    virtual ~WebhookSink() = default;
    virtual WebhookAnswer deliver(const WebhookDelivery &delivery) = 0;
};

// The console's webhook endpoint: a small QTcpServer listener (README promises W5, W7). Each
// connection carries one request (answered with Connection: close) read by WebhookHttpReader,
// so an oversized body is refused with 413 before any of it is read and before any HMAC.
// Paths: /hooks/unlimcall, /hooks/outreach2day, /hooks/verloop/<token>; anything else is 404.
// A connection that does not send its request within the idle timeout gets 408. After an early
// refusal (413 while the client is still sending) the connection is closed gracefully: the rest
// of the request is discarded unread, so the client sees the answer rather than a reset.
class WebhookReceiver : public QObject
{
    Q_OBJECT
public:
    static constexpr quint16 kDefaultPort = 8787;

    struct Options
    {
        QHostAddress address = QHostAddress::LocalHost; // loopback unless the operator chooses
        quint16 port = kDefaultPort; // 0 = any free port
        int maxHeadBytes = 16 * 1024;
        qint64 maxBodyBytes = 1024 * 1024;
        int idleTimeoutMs = 10'000;
    };

    // `sink` outlives the receiver.
    explicit WebhookReceiver(WebhookSink *sink, QObject *parent = nullptr);
    ~WebhookReceiver() override;

    // False (with errorString()) when the address/port cannot be bound.
    bool listen(const Options &options);
    void close();
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const; // the bound port (useful with port 0)
    QString errorString() const;

    // "/hooks/unlimcall" etc.: what each vendor should be given after the public base URL.
    static QString pathFor(Vendor vendor);

Q_SIGNALS:
    // Every answer, for logs and diagnostics: the status and its machine code, the path (a Verloop
    // callback's token replaced by "[token]").
    void answered(int status, const QByteArray &code, const QByteArray &path);

private:
    class Connection;
    void accept();
    void readFrom(Connection *connection);
    void respond(Connection *connection, int status, const QByteArray &code,
                 const QByteArray &extraHeaders = {});

    WebhookSink *m_sink;
    QTcpServer *m_server;
    Options m_options;
};
