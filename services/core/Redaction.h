#pragma once

#include <QByteArray>
#include <QString>

// Keeps secrets out of every log line (README promises S1, S4). Two nets: the secrets the console
// currently holds are registered and replaced wherever they appear, and anything shaped like a
// vendor token or an Authorization header value is replaced too, registered or not.
namespace Redaction {
void registerSecret(const QByteArray &secret);
void forgetSecret(const QByteArray &secret);
QString redact(const QString &text);

// Installs a Qt message handler that redacts every message before passing it to the previous
// handler. Idempotent.
void installMessageHandler();
} // namespace Redaction
