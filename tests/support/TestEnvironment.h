#pragma once

#include <QByteArray>
#include <QString>

// What every test program does before it runs: keep its settings, data and keychain entries
// away from the developer's own.
namespace TestEnvironment {
void prepareBeforeApplication();
void prepareAfterApplication();

// Absolute path of a file under the repository (CC_SOURCE_DIR).
QString sourcePath(const QString &relative);
QString binaryPath(const QString &relative);

// Reads a whole file; QFAIL-friendly: returns an empty array when it cannot.
QByteArray readFile(const QString &path);
} // namespace TestEnvironment
