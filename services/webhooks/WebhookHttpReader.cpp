#include "WebhookHttpReader.h"

namespace {

constexpr int kMaxLengthDigits = 15; // far above any limit, far below overflow

bool isTokenChar(char c)
{
    // RFC 9110 tchar
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// Visible ASCII, space, tab and obs-text; no other control characters (NUL, CR, LF).
bool isFieldValue(QByteArrayView text)
{
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

QByteArrayView trimmedOws(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

WebhookHttpReader::WebhookHttpReader() : WebhookHttpReader(Limits{}) { }

WebhookHttpReader::WebhookHttpReader(Limits limits) : m_limits(limits) { }

qsizetype WebhookHttpReader::feed(QByteArrayView data)
{
    switch (m_state) {
    case State::ReadingHead:
        return feedHead(data);
    case State::ReadingBody: {
        const qsizetype wanted = qsizetype(m_contentLength - m_body.size());
        const qsizetype taken = qMin(wanted, data.size());
        m_body.append(data.first(taken));
        if (m_body.size() == m_contentLength)
            m_state = State::Complete;
        return taken;
    }
    case State::Complete:
    case State::Failed:
        return 0;
    }
    return 0;
}

qsizetype WebhookHttpReader::feedHead(QByteArrayView data)
{
    // Empty lines before the request line are ignored (RFC 9112 §2.2); they count towards the limit.
    qsizetype skipped = 0;
    if (m_head.isEmpty()) {
        while (skipped < data.size() && (data[skipped] == '\r' || data[skipped] == '\n'))
            ++skipped;
        m_skippedBytes += skipped;
        if (m_skippedBytes > m_limits.maxHeadBytes) {
            fail(431, "head_too_large");
            return skipped;
        }
        data = data.sliced(skipped);
        if (data.isEmpty())
            return skipped;
    }
    // Look for the blank line only in what is new (plus three bytes of overlap), so a head that
    // trickles in a byte at a time costs linear time.
    const qsizetype before = m_head.size();
    const qsizetype room = qsizetype(m_limits.maxHeadBytes) - m_skippedBytes - before;
    const qsizetype look = qMin(data.size(), room + 1); // one byte past the limit proves it too long
    m_head.append(data.first(look));
    const qsizetype from = qMax<qsizetype>(0, before - 3);
    qsizetype end = m_head.indexOf("\r\n\r\n", from);
    qsizetype terminator = 4;
    if (const qsizetype lf = m_head.indexOf("\n\n", qMax<qsizetype>(0, before - 1));
        lf >= 0 && (end < 0 || lf < end)) {
        end = lf;
        terminator = 2;
    }
    if (end < 0 || m_skippedBytes + end + terminator > m_limits.maxHeadBytes) {
        if (m_skippedBytes + m_head.size() > m_limits.maxHeadBytes)
            fail(431, "head_too_large");
        return skipped + look;
    }
    const qsizetype headBytes = end + terminator;
    const qsizetype consumed = skipped + headBytes - before; // the body's first bytes stay unread
    m_head.truncate(end);
    parseHead();
    return consumed;
}

void WebhookHttpReader::parseHead()
{
    // Lines end in CRLF; a bare LF is tolerated (RFC 9112 §2.2), a bare CR is not.
    QList<QByteArrayView> lines;
    const QByteArrayView head(m_head);
    qsizetype start = 0;
    while (start <= head.size()) {
        qsizetype lf = head.indexOf('\n', start);
        if (lf < 0)
            lf = head.size();
        QByteArrayView line = head.sliced(start, lf - start);
        if (line.endsWith('\r'))
            line.chop(1);
        lines.append(line);
        start = lf + 1;
    }
    if (lines.isEmpty() || lines.first().isEmpty()) {
        fail(400, "bad_request_line");
        return;
    }
    if (!parseRequestLine(lines.first()))
        return; // failed inside
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (!parseHeaderLine(lines.at(i)))
            return;
    }
    checkHead();
}

bool WebhookHttpReader::parseRequestLine(QByteArrayView line)
{
    const QList<QByteArray> parts = line.toByteArray().split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty() || !isFieldValue(line)) {
        fail(400, "bad_request_line");
        return false;
    }
    const QByteArray &version = parts.at(2);
    if (!version.startsWith("HTTP/")) {
        fail(400, "bad_request_line");
        return false;
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        fail(505, "http_version_not_supported");
        return false;
    }
    if (!parts.at(1).startsWith('/')) {
        fail(400, "bad_request_target");
        return false;
    }
    m_method = parts.at(0);
    m_target = parts.at(1);
    return true;
}

bool WebhookHttpReader::parseHeaderLine(QByteArrayView line)
{
    if (line.startsWith(' ') || line.startsWith('\t')) {
        fail(400, "obsolete_line_folding"); // RFC 9112 §5.2: reject
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    // No whitespace between the name and the colon (RFC 9112 §5.1: reject).
    if (colon <= 0 || !isToken(line.first(colon))) {
        fail(400, "bad_header");
        return false;
    }
    const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
    if (!isFieldValue(value)) {
        fail(400, "bad_header");
        return false;
    }
    m_headers.append({line.first(colon).toByteArray(), value.toByteArray()});
    return true;
}

void WebhookHttpReader::checkHead()
{
    if (m_method != "POST") {
        fail(405, "method_not_allowed");
        return;
    }
    // Chunked (or any transfer coding): refused rather than decoded; the length must be known
    // before the body is read.
    if (headerCount("Transfer-Encoding") > 0) {
        fail(411, "length_required");
        return;
    }
    QByteArray length;
    for (const Header &h : std::as_const(m_headers)) {
        if (!equalsIgnoringCase(h.first, "Content-Length"))
            continue;
        if (!length.isNull() && h.second != length) {
            fail(400, "conflicting_content_length");
            return;
        }
        length = h.second;
    }
    if (length.isNull()) {
        fail(411, "length_required");
        return;
    }
    if (length.isEmpty() || length.size() > kMaxLengthDigits) {
        fail(length.isEmpty() ? 400 : 413, length.isEmpty() ? "bad_content_length" : "payload_too_large");
        return;
    }
    qint64 value = 0;
    for (char c : std::as_const(length)) {
        if (c < '0' || c > '9') {
            fail(400, "bad_content_length");
            return;
        }
        value = value * 10 + (c - '0');
    }
    if (value > m_limits.maxBodyBytes) {
        fail(413, "payload_too_large");
        return;
    }
    m_contentLength = value;
    m_body.reserve(qsizetype(value));
    m_state = value == 0 ? State::Complete : State::ReadingBody;
}

void WebhookHttpReader::fail(int status, const char *code)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorCode = QByteArray(code);
}

QByteArray WebhookHttpReader::path() const
{
    const qsizetype query = m_target.indexOf('?');
    return query < 0 ? m_target : m_target.left(query);
}

QByteArray WebhookHttpReader::header(QByteArrayView name) const
{
    for (const Header &h : m_headers) {
        if (equalsIgnoringCase(h.first, name))
            return h.second;
    }
    return {};
}

int WebhookHttpReader::headerCount(QByteArrayView name) const
{
    int count = 0;
    for (const Header &h : m_headers) {
        if (equalsIgnoringCase(h.first, name))
            ++count;
    }
    return count;
}

bool WebhookHttpReader::expectsContinue() const
{
    return equalsIgnoringCase(header("Expect"), "100-continue");
}
