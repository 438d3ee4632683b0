#pragma once

#include <QWidget>

class QLabel;

// The empty state of an area a later version fills: what it will do, and what works today.
class PlaceholderPage : public QWidget
{
    Q_OBJECT
public:
    PlaceholderPage(const QString &icon, const QString &title, const QString &later, const QString &today,
                    QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    QLabel *m_iconLabel;
    QString m_icon;
};
