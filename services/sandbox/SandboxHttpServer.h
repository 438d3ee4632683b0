#pragma once

#include <QAbstractHttpServer>
#include <QHttpServerResponder>

#include <functional>
#include <memory>

class QHttpServerRequest;
class QTcpSocket;

// The sandbox's HTTP listener: hands every parsed request to one callback together with a
// responder that may be kept to answer later (latency) or never (a hanging connection).
//
// Qt 6.4's QHttpServerResponder keeps a raw pointer to the socket and a reference to the request
// object (both owned by QAbstractHttpServer and deleted with the connection); its destructor
// writes nothing. So a kept responder is safe to drop at any time, but may only be written to
// while the connection is still open: the callback receives a QPointer to check that.
class SandboxHttpServer final : public QAbstractHttpServer
{
public:
    using Responder = std::shared_ptr<QHttpServerResponder>;
    using Callback =
            std::function<void(const QHttpServerRequest &request, QTcpSocket *socket, Responder responder)>;

    explicit SandboxHttpServer(Callback callback, QObject *parent = nullptr);
    ~SandboxHttpServer() override;

    // Stops taking requests: closes the listeners, drops every open connection (hanging ones
    // included) and forgets the callback, so nothing reaches the owner any more.
    void shutDown();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Callback m_callback;
};
