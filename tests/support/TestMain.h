#pragma once

#include "TestEnvironment.h"

#include <QtTest>

// Like QTEST_MAIN / QTEST_GUILESS_MAIN, but every test first isolates itself: QStandardPaths
// test mode (settings and data go to throwaway locations) and an organisation name of its own.
#define CC_TEST_MAIN_IMPL(TestObject, AppType) \
    int main(int argc, char *argv[]) \
    { \
        TestEnvironment::prepareBeforeApplication(); \
        AppType app(argc, argv); \
        TestEnvironment::prepareAfterApplication(); \
        app.setAttribute(Qt::AA_Use96Dpi, true); \
        TestObject tc; \
        QTEST_SET_MAIN_SOURCE_PATH \
        return QTest::qExec(&tc, argc, argv); \
    }

#define CC_TEST_GUILESS_MAIN(TestObject) \
    int main(int argc, char *argv[]) \
    { \
        TestEnvironment::prepareBeforeApplication(); \
        QCoreApplication app(argc, argv); \
        TestEnvironment::prepareAfterApplication(); \
        TestObject tc; \
        QTEST_SET_MAIN_SOURCE_PATH \
        return QTest::qExec(&tc, argc, argv); \
    }

// For tests that drive real widgets (offscreen).
#define CC_TEST_GUI_MAIN(TestObject) CC_TEST_MAIN_IMPL(TestObject, QApplication)
