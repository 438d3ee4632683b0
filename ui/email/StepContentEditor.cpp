#include "StepContentEditor.h"

#include "PlaceholderHighlighter.h"

#include <QEvent>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

StepContentEditor::StepContentEditor(bool withWeight, const QString &objectPrefix, QWidget *parent)
    : QWidget(parent),
      m_subject(new QLineEdit(this)),
      m_html(new QPlainTextEdit(this)),
      m_text(new QPlainTextEdit(this)),
      m_htmlHighlighter(new PlaceholderHighlighter(m_html->document())),
      m_textHighlighter(new PlaceholderHighlighter(m_text->document()))
{
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    m_subject->setObjectName(objectPrefix + QStringLiteral("Subject"));
    m_subject->setAccessibleName(tr("Subject"));
    m_subject->setPlaceholderText(tr("Quick question about {{company}}"));
    m_html->setObjectName(objectPrefix + QStringLiteral("BodyHtml"));
    m_html->setAccessibleName(tr("HTML body"));
    m_html->setTabChangesFocus(true);
    m_text->setObjectName(objectPrefix + QStringLiteral("BodyText"));
    m_text->setAccessibleName(tr("Text body"));
    m_text->setTabChangesFocus(true);
    if (withWeight) {
        m_weight = new QSpinBox(this);
        m_weight->setObjectName(objectPrefix + QStringLiteral("Weight"));
        m_weight->setAccessibleName(tr("Weight"));
        m_weight->setRange(0, 100);
        m_weight->setSuffix(tr(" %"));
        m_weight->setToolTip(
                tr("How often this variant is sent; the weights of a step's variants sum to 100."));
        form->addRow(tr("&Weight:"), m_weight);
        connect(m_weight, &QSpinBox::valueChanged, this, &StepContentEditor::changed);
    }
    form->addRow(tr("&Subject:"), m_subject);
    form->addRow(tr("&HTML body:"), m_html);
    form->addRow(tr("Te&xt body:"), m_text);
    connect(m_subject, &QLineEdit::textChanged, this, &StepContentEditor::changed);
    connect(m_html, &QPlainTextEdit::textChanged, this, &StepContentEditor::changed);
    connect(m_text, &QPlainTextEdit::textChanged, this, &StepContentEditor::changed);
}

O2dVariant StepContentEditor::content() const
{
    O2dVariant content;
    content.subject = m_subject->text();
    content.bodyHtml = m_html->toPlainText();
    content.bodyText = m_text->toPlainText();
    content.weight = m_weight ? m_weight->value() : 0;
    return content;
}

void StepContentEditor::setContent(const O2dVariant &content)
{
    const QSignalBlocker a(m_subject), b(m_html), c(m_text);
    m_subject->setText(content.subject);
    m_html->setPlainText(content.bodyHtml);
    m_text->setPlainText(content.bodyText);
    if (m_weight) {
        const QSignalBlocker d(m_weight);
        m_weight->setValue(content.weight);
    }
}

void StepContentEditor::setKnownFields(const QStringList &fields)
{
    m_htmlHighlighter->setKnownFields(fields);
    m_textHighlighter->setKnownFields(fields);
}

void StepContentEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_htmlHighlighter->setPalette(palette());
        m_textHighlighter->setPalette(palette());
    }
    QWidget::changeEvent(event);
}
