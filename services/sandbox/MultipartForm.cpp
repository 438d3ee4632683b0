#include "MultipartForm.h"

namespace {

// The value of `key` in a header's parameters ("form-data; name=\"file\"; filename=\"a.csv\""),
// unquoted; empty when absent.
QByteArray parameter(const QByteArray &header, const QByteArray &key)
{
    const QList<QByteArray> items = header.split(';');
    for (qsizetype i = 1; i < items.size(); ++i) {
        const QByteArray item = items.at(i).trimmed();
        const qsizetype equals = item.indexOf('=');
        if (equals < 0 || item.left(equals).trimmed().toLower() != key)
            continue;
        QByteArray value = item.mid(equals + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

// Where the line starting at `from` ends (its newline, or the end), and where the next begins.
qsizetype lineEnd(const QByteArray &data, qsizetype from, qsizetype *next)
{
    const qsizetype newline = data.indexOf('\n', from);
    if (newline < 0) {
        *next = data.size();
        return data.size();
    }
    *next = newline + 1;
    return newline > from && data.at(newline - 1) == '\r' ? newline - 1 : newline;
}

// The next line that is a delimiter: "\n--boundary" followed by "--" (the last), a line end or
// transport padding; a line that merely starts with the boundary's text is data.
qsizetype nextDelimiter(const QByteArray &body, const QByteArray &lineDelimiter, qsizetype from)
{
    for (qsizetype at = body.indexOf(lineDelimiter, from); at >= 0;
         at = body.indexOf(lineDelimiter, at + 1)) {
        qsizetype after = at + lineDelimiter.size();
        if (body.mid(after, 2) == "--")
            return at;
        while (after < body.size() && (body.at(after) == ' ' || body.at(after) == '\t'))
            ++after;
        if (after >= body.size() || body.at(after) == '\r' || body.at(after) == '\n')
            return at;
    }
    return -1;
}

} // namespace

QByteArray MultipartForm::boundaryOf(const QByteArray &contentType)
{
    const QByteArray type = contentType.split(';').constFirst().trimmed().toLower();
    if (type != "multipart/form-data")
        return {};
    return parameter(contentType, "boundary");
}

std::optional<MultipartForm> MultipartForm::parse(const QByteArray &body, const QByteArray &boundary,
                                                  QString *problem)
{
    auto fail = [problem](const QString &why) -> std::optional<MultipartForm> {
        if (problem)
            *problem = why;
        return std::nullopt;
    };
    if (boundary.isEmpty())
        return fail(QStringLiteral("The Content-Type names no multipart boundary."));

    const QByteArray delimiter = QByteArray("--") + boundary;
    const QByteArray lineDelimiter = QByteArray("\n") + delimiter;
    // The first delimiter opens the body or a line of its own (after an ignored preamble).
    qsizetype position = body.startsWith(delimiter) ? 0 : nextDelimiter(body, lineDelimiter, 0);
    if (position < 0)
        return fail(QStringLiteral("The body has no part delimited by its boundary."));
    if (position > 0)
        ++position;

    MultipartForm form;
    for (;;) {
        position += delimiter.size();
        if (body.mid(position, 2) == "--")
            return form; // the closing delimiter
        qsizetype next = 0;
        lineEnd(body, position, &next);
        position = next;

        Part part;
        for (;;) { // the part's headers, up to an empty line
            if (position >= body.size())
                return fail(QStringLiteral("A part's headers are not terminated."));
            const qsizetype end = lineEnd(body, position, &next);
            const QByteArray line = body.mid(position, end - position);
            position = next;
            if (line.isEmpty())
                break;
            const qsizetype colon = line.indexOf(':');
            if (colon < 0)
                return fail(QStringLiteral("A part has a malformed header line."));
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-disposition") {
                part.name = parameter(value, "name");
                part.fileName = parameter(value, "filename");
            } else if (name == "content-type") {
                part.contentType = value;
            }
        }
        const qsizetype close = nextDelimiter(body, lineDelimiter, position);
        if (close < 0)
            return fail(QStringLiteral("The body ends inside a part (no closing boundary)."));
        qsizetype dataEnd = close;
        if (dataEnd > position && body.at(dataEnd - 1) == '\r')
            --dataEnd;
        part.data = body.mid(position, dataEnd - position);
        form.m_parts.append(part);
        position = close + 1;
    }
}

const MultipartForm::Part *MultipartForm::part(const QByteArray &name) const
{
    for (const Part &candidate : m_parts) {
        if (candidate.name == name)
            return &candidate;
    }
    return nullptr;
}
