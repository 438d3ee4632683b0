#pragma once

#include <QObject>

class SandboxServer;

// Placeholder so the sandbox compiles; the UnlimCall module's owner replaces it.
class UnlimCallSandbox : public QObject
{
    Q_OBJECT
public:
    explicit UnlimCallSandbox(SandboxServer *server, QObject *parent = nullptr);
};
