#include "SecretLineEdit.h"

#include "Icons.h"

#include <QAction>
#include <QEvent>

SecretLineEdit::SecretLineEdit(QWidget *parent) : QLineEdit(parent)
{
    setEchoMode(QLineEdit::Password);
    setClearButtonEnabled(false);
    m_reveal = addAction(QIcon(), QLineEdit::TrailingPosition);
    m_reveal->setCheckable(true);
    connect(m_reveal, &QAction::toggled, this, &SecretLineEdit::setRevealed);
    updateIcon();
}

void SecretLineEdit::setRevealed(bool revealed)
{
    setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    if (m_reveal->isChecked() != revealed)
        m_reveal->setChecked(revealed);
    updateIcon();
}

void SecretLineEdit::clearSecret()
{
    clear();
    setRevealed(false);
}

void SecretLineEdit::changeEvent(QEvent *event)
{
    QLineEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateIcon();
}

void SecretLineEdit::updateIcon()
{
    const bool revealed = isRevealed();
    m_reveal->setIcon(Icons::themed(revealed ? QStringLiteral("hide") : QStringLiteral("show"), palette()));
    m_reveal->setText(revealed ? tr("Hide") : tr("Show"));
    m_reveal->setToolTip(revealed ? tr("Hide the key") : tr("Show the key"));
}
