#include "UnlimCallSandbox.h"

#include "SandboxServer.h"

UnlimCallSandbox::UnlimCallSandbox(SandboxServer *server, QObject *parent) : QObject(parent)
{
    Q_UNUSED(server);
}
