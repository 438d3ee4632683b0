#include "Redaction.h"

#include <QMutex>
#include <QRegularExpression>
#include <QSet>

namespace Redaction {

namespace {
QMutex &secretsMutex()
{
    static QMutex mutex;
    return mutex;
}
QSet<QString> &secrets()
{
    static QSet<QString> set;
    return set;
}
QtMessageHandler &previousHandler()
{
    static QtMessageHandler handler = nullptr;
    return handler;
}

void redactingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString clean = redact(message);
    if (QtMessageHandler previous = previousHandler())
        previous(type, context, clean);
}
} // namespace

void registerSecret(const QByteArray &secret)
{
    const QString text = QString::fromUtf8(secret).trimmed();
    if (text.size() < 6) // too short to redact without mangling ordinary words
        return;
    QMutexLocker lock(&secretsMutex());
    secrets().insert(text);
}

void forgetSecret(const QByteArray &secret)
{
    QMutexLocker lock(&secretsMutex());
    secrets().remove(QString::fromUtf8(secret).trimmed());
}

QString redact(const QString &text)
{
    QString out = text;
    {
        QMutexLocker lock(&secretsMutex());
        for (const QString &secret : std::as_const(secrets()))
            out.replace(secret, QStringLiteral("[redacted]"));
    }
    // Vendor token shapes: unlpa_live_…, unl_live_…, ot2d_…, whsec_…
    static const QRegularExpression tokenShape(
            QStringLiteral("\\b(unlpa_live_|unl_live_|ot2d_|whsec_)[A-Za-z0-9_\\-\\.]+"));
    out.replace(tokenShape, QStringLiteral("\\1[redacted]"));
    // Header values: "Authorization: <anything to end of line>", any case.
    static const QRegularExpression authHeader(
            QStringLiteral("(authorization\"?\\s*[:=,]\\s*\"?)[^\\r\\n\"]+"),
            QRegularExpression::CaseInsensitiveOption);
    out.replace(authHeader, QStringLiteral("\\1[redacted]"));
    static const QRegularExpression bearer(QStringLiteral("\\b(bearer\\s+)[A-Za-z0-9_\\-\\.~+/=]+"),
                                           QRegularExpression::CaseInsensitiveOption);
    out.replace(bearer, QStringLiteral("\\1[redacted]"));
    return out;
}

void installMessageHandler()
{
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    previousHandler() = qInstallMessageHandler(redactingHandler);
}

} // namespace Redaction
