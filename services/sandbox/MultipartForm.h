#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// A multipart/form-data body (RFC 7578) as a server receives it: the parts with their names,
// file names and bytes. Delimiters end lines with CRLF as the RFC says; bare LF is tolerated.
class MultipartForm
{
public:
    struct Part
    {
        QByteArray name; // Content-Disposition name="..."
        QByteArray fileName; // filename="...", empty for a plain field
        QByteArray contentType;
        QByteArray data;
    };

    // The boundary of a "multipart/form-data; boundary=..." Content-Type (quoted or not), or
    // empty when the type is another one or names no boundary.
    static QByteArray boundaryOf(const QByteArray &contentType);
    // The parts of `body`, or nothing (and `problem` in words) when it is not a well-formed
    // multipart body with that boundary.
    static std::optional<MultipartForm> parse(const QByteArray &body, const QByteArray &boundary,
                                              QString *problem = nullptr);

    const QList<Part> &parts() const { return m_parts; }
    // The first part named `name`, or null.
    const Part *part(const QByteArray &name) const;

private:
    QList<Part> m_parts;
};
