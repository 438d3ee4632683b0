#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

// One HTTP/1.1 request read incrementally from a socket, for the webhook receiver. Qt 6.4's
// QHttpServer reads a whole body before any handler runs; this reader decides from the head alone,
// before a single body byte is consumed, whether the body is wanted at all:
//   head (request line + headers) larger than maxHeadBytes     431
//   malformed request line or header, bad Content-Length       400
//   not HTTP/1.0 or HTTP/1.1                                   505
//   any method but POST                                        405 (answer with Allow: POST)
//   no Content-Length, or Transfer-Encoding (chunked)          411
//   Content-Length larger than maxBodyBytes                    413
// Feed it what the socket has; it consumes only what belongs to the head and then exactly
// Content-Length body bytes, so the caller can leave the rest unread.
class WebhookHttpReader
{
public:
    struct Limits
    {
        int maxHeadBytes = 16 * 1024;
        qint64 maxBodyBytes = 1024 * 1024;
    };

    enum class State {
        ReadingHead,
        ReadingBody, // the head was accepted: send "100 Continue" now if expectsContinue()
        Complete,
        Failed, // errorStatus() says how to answer
    };

    using Header = QPair<QByteArray, QByteArray>; // name as sent, value trimmed

    WebhookHttpReader();
    explicit WebhookHttpReader(Limits limits);

    // Consumes a prefix of `data` and returns how many bytes it took (never more than it needs).
    qsizetype feed(QByteArrayView data);

    State state() const { return m_state; }
    // The HTTP status to answer with once Failed (400, 405, 411, 413, 431, 505).
    int errorStatus() const { return m_errorStatus; }
    // A short machine code for that answer ("head_too_large", "length_required", ...).
    QByteArray errorCode() const { return m_errorCode; }

    // Valid from ReadingBody on.
    QByteArray method() const { return m_method; }
    QByteArray target() const { return m_target; } // as sent ("/hooks/unlimcall?x=1")
    QByteArray path() const; // the target without its query
    const QList<Header> &headers() const { return m_headers; }
    // The first header of that name (case-insensitive); null when absent.
    QByteArray header(QByteArrayView name) const;
    int headerCount(QByteArrayView name) const;
    qint64 contentLength() const { return m_contentLength; }
    bool expectsContinue() const;
    // Valid once Complete.
    const QByteArray &body() const { return m_body; }

private:
    qsizetype feedHead(QByteArrayView data);
    void parseHead();
    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line);
    void checkHead();
    void fail(int status, const char *code);

    Limits m_limits;
    State m_state = State::ReadingHead;
    int m_errorStatus = 0;
    QByteArray m_errorCode;
    qsizetype m_skippedBytes = 0; // empty lines before the request line
    QByteArray m_head;
    QByteArray m_method;
    QByteArray m_target;
    QList<Header> m_headers;
    qint64 m_contentLength = -1;
    QByteArray m_body;
};
