#include "UnloopaSandbox.h"

#include "SandboxServer.h"

UnloopaSandbox::UnloopaSandbox(SandboxServer *server, QObject *parent) : QObject(parent)
{
    Q_UNUSED(server);
}
