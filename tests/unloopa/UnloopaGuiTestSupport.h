#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QTest>
#include <QTimer>

// Presses `button` (an object name, or "cancel") in the confirmation box named `box` that the next
// click opens: it runs modally, so this is queued before the click. `seen` gets the box's texts.
inline void answerConfirmation(const QString &box, const QString &button, QString *seen, int triesLeft = 400)
{
    QTimer::singleShot(10, qApp, [=] {
        auto *open = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!open || !open->isVisible() || open->objectName() != box) {
            if (triesLeft > 0)
                answerConfirmation(box, button, seen, triesLeft - 1);
            return;
        }
        *seen = open->text() + QLatin1Char('\n') + open->informativeText();
        QAbstractButton *target = button == QStringLiteral("cancel")
                ? open->button(QMessageBox::Cancel)
                : open->findChild<QAbstractButton *>(button);
        QVERIFY(target);
        target->click();
    });
}
