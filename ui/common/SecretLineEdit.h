#pragma once

#include <QLineEdit>

class QAction;

// A masked input for API keys with a "show" toggle. Never copies or drags its text out while
// masked (QLineEdit's Password mode), and forgets the text on clearSecret().
class SecretLineEdit : public QLineEdit
{
    Q_OBJECT
public:
    explicit SecretLineEdit(QWidget *parent = nullptr);

    bool isRevealed() const { return echoMode() == QLineEdit::Normal; }
    void setRevealed(bool revealed);
    QAction *revealAction() const { return m_reveal; }
    // Clears the text and masks it again.
    void clearSecret();

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateIcon();
    QAction *m_reveal;
};
