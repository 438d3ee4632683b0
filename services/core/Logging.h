#pragma once

#include <QLoggingCategory>

// Network logging is off by default (README promise S4): enable with
// QT_LOGGING_RULES="cc.http.debug=true". Every message passes through Redaction.
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcCredentials)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcSandbox)
