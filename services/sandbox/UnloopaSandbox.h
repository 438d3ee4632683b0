#pragma once

#include <QObject>

class SandboxServer;

// Placeholder so the sandbox compiles; the Unloopa module's owner replaces it.
class UnloopaSandbox : public QObject
{
    Q_OBJECT
public:
    explicit UnloopaSandbox(SandboxServer *server, QObject *parent = nullptr);
};
