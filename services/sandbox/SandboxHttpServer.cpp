#include "SandboxHttpServer.h"

#include <QHttpServerRequest>
#include <QTcpServer>
#include <QTcpSocket>

SandboxHttpServer::SandboxHttpServer(Callback callback, QObject *parent)
    : QAbstractHttpServer(parent), m_callback(std::move(callback))
{ }

SandboxHttpServer::~SandboxHttpServer()
{
    // Close connections while this object is still whole: Qt's per-connection lambdas run.
    shutDown();
    qDeleteAll(servers());
}

void SandboxHttpServer::shutDown()
{
    m_callback = nullptr;
    const QList<QTcpServer *> listeners = servers();
    for (QTcpServer *listener : listeners) {
        listener->close();
        // Accepted connections are children of their listener.
        const QList<QTcpSocket *> sockets = listener->findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets)
            socket->abort();
    }
}

bool SandboxHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!m_callback) {
        socket->abort();
        return true;
    }
    // Answers go out as soon as they are written, as a production server sends them: with
    // Nagle's algorithm on, an answer's last part waited for the client's delayed ACK, and some
    // answers (of about 60 KB) took 40 ms longer than the latency asked for.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Keep a copy: the callback may shut the server down.
    const Callback callback = m_callback;
    callback(request, socket, std::make_shared<QHttpServerResponder>(makeResponder(request, socket)));
    return true;
}

void SandboxHttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    // handleRequest() always takes the request; this is never reached.
    socket->abort();
}
