#include "WebhookReceiver.h"

#include "WebhookHttpReader.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

namespace {

// How long a refused client may go on sending before its connection is reset.
constexpr int kLingerMs = 2000;
#ifdef Q_OS_WIN
constexpr int kShutdownWrite = SD_SEND;
#else
constexpr int kShutdownWrite = SHUT_WR;
#endif

const char *reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

// A Verloop callback token as VerloopCallbackTokens mints it: base64url, bounded.
bool isTokenText(QByteArrayView token)
{
    if (token.isEmpty() || token.size() > 128)
        return false;
    for (char c : token) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_'))
            return false;
    }
    return true;
}

struct Route
{
    bool found = false;
    Vendor vendor = Vendor::UnlimCall;
    QString token;
};

// A Verloop callback's token is a capability: it never reaches a log.
QByteArray loggablePath(const QByteArray &path)
{
    static const QByteArray verloop("/hooks/verloop/");
    return path.startsWith(verloop) ? verloop + "[token]" : path;
}

Route route(const QByteArray &path)
{
    if (path == "/hooks/unlimcall")
        return {true, Vendor::UnlimCall, {}};
    if (path == "/hooks/outreach2day")
        return {true, Vendor::Outreach2day, {}};
    static const QByteArray verloop("/hooks/verloop/");
    if (path.startsWith(verloop) && isTokenText(QByteArrayView(path).sliced(verloop.size())))
        return {true, Vendor::Verloop, QString::fromLatin1(path.mid(verloop.size()))};
    return {};
}

} // namespace

QByteArray WebhookDelivery::header(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

WebhookReceiver::WebhookReceiver(WebhookSink *sink, QObject *parent)
    : QObject(parent), m_sink(sink), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &WebhookReceiver::accept);
}

WebhookReceiver::~WebhookReceiver() = default;

bool WebhookReceiver::listen(const Options &options)
{
    m_options = options;
    if (m_server->isListening())
        m_server->close();
    return m_server->listen(options.address, options.port);
}

void WebhookReceiver::close()
{
    m_server->close();
}

bool WebhookReceiver::isListening() const
{
    return m_server->isListening();
}

QHostAddress WebhookReceiver::address() const
{
    return m_server->serverAddress();
}

quint16 WebhookReceiver::port() const
{
    return m_server->serverPort();
}

QString WebhookReceiver::errorString() const
{
    return m_server->errorString();
}

QString WebhookReceiver::pathFor(Vendor vendor)
{
    switch (vendor) {
    case Vendor::UnlimCall:
        return QStringLiteral("/hooks/unlimcall");
    case Vendor::Outreach2day:
        return QStringLiteral("/hooks/outreach2day");
    case Vendor::Verloop:
        return QStringLiteral("/hooks/verloop/");
    case Vendor::Unloopa:
        break;
    }
    return {};
}

// One accepted socket: its request reader, its idle timer, whether it has been answered.
class WebhookReceiver::Connection : public QObject
{
public:
    Connection(QTcpSocket *client, WebhookHttpReader::Limits limits)
        : QObject(client), socket(client), reader(limits), idle(this)
    {
        idle.setSingleShot(true);
    }

    QTcpSocket *socket;
    WebhookHttpReader reader;
    QTimer idle;
    bool answered = false;
};

void WebhookReceiver::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *connection = new Connection(socket, {m_options.maxHeadBytes, m_options.maxBodyBytes});
        // A client that never finishes its request does not hold a connection for ever.
        connect(&connection->idle, &QTimer::timeout, connection,
                [this, connection]() { respond(connection, 408, "request_timeout"); });
        connection->idle.start(m_options.idleTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, connection, [this, connection]() { readFrom(connection); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        readFrom(connection);
    }
}

void WebhookReceiver::readFrom(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    if (connection->answered) {
        // After the answer: what the client still sends is dropped unread (lingering close).
        socket->skip(socket->bytesAvailable());
        return;
    }
    WebhookHttpReader &reader = connection->reader;
    using State = WebhookHttpReader::State;
    // Peek, feed, then consume only what the reader took: whatever follows a refused head
    // (a body of 1 GiB) is never read into memory, let alone verified.
    while (socket->bytesAvailable() > 0 &&
           (reader.state() == State::ReadingHead || reader.state() == State::ReadingBody)) {
        const bool wasHead = reader.state() == State::ReadingHead;
        const QByteArray available = socket->peek(qMin<qint64>(socket->bytesAvailable(), 64 * 1024));
        const qsizetype taken = reader.feed(available);
        socket->skip(taken);
        if (wasHead && reader.state() == State::ReadingBody && reader.expectsContinue())
            socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        if (taken == 0)
            break;
    }
    if (reader.state() == State::Failed) {
        respond(connection, reader.errorStatus(), reader.errorCode(),
                reader.errorStatus() == 405 ? QByteArrayLiteral("Allow: POST\r\n") : QByteArray());
        return;
    }
    if (reader.state() != State::Complete)
        return;
    const Route target = route(reader.path());
    if (!target.found) {
        respond(connection, 404, "not_found");
        return;
    }
    WebhookDelivery delivery;
    delivery.vendor = target.vendor;
    delivery.verloopToken = target.token;
    delivery.headers = reader.headers();
    delivery.rawBody = reader.body();
    delivery.receivedAt = QDateTime::currentDateTimeUtc();
    // Synchronous: when deliver() returns, the event is committed (D3); only then the answer.
    const WebhookAnswer answer = m_sink ? m_sink->deliver(delivery) : WebhookAnswer{503, "no_sink"};
    respond(connection, answer.status, answer.code);
}

void WebhookReceiver::respond(Connection *connection, int status, const QByteArray &code,
                              const QByteArray &extraHeaders)
{
    if (connection->answered)
        return;
    connection->answered = true;
    QTcpSocket *socket = connection->socket;
    const QByteArray body = code + '\n';
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    response += "Content-Type: text/plain; charset=utf-8\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    response += "Connection: close\r\n";
    response += extraHeaders;
    response += "\r\n";
    response += body;
    socket->write(response);
    Q_EMIT answered(status, code, loggablePath(connection->reader.path()));

    const bool requestFullyRead =
            connection->reader.state() == WebhookHttpReader::State::Complete && socket->bytesAvailable() == 0;
    if (requestFullyRead) {
        socket->disconnectFromHost(); // flushes, then closes
        return;
    }
    // The client may still be sending (a body we refused). Closing now with unread bytes would
    // make the kernel reset the connection, and the client could lose the answer: send it, stop
    // writing, drop whatever still arrives, and close when the client does or after a grace time.
    socket->skip(socket->bytesAvailable());
    auto shutDownWriting = [socket]() {
        if (socket->bytesToWrite() == 0 && socket->state() == QAbstractSocket::ConnectedState)
            ::shutdown(int(socket->socketDescriptor()), kShutdownWrite);
    };
    connect(socket, &QTcpSocket::bytesWritten, connection, shutDownWriting);
    socket->flush();
    shutDownWriting();
    connection->idle.disconnect();
    connect(&connection->idle, &QTimer::timeout, socket, &QTcpSocket::abort);
    connection->idle.start(kLingerMs);
}
