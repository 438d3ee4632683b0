#include "Logging.h"

Q_LOGGING_CATEGORY(lcHttp, "cc.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCredentials, "cc.credentials", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "cc.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSandbox, "cc.sandbox", QtWarningMsg)
