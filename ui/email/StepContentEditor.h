#pragma once

#include "outreach2day/Outreach2dayTypes.h"

#include <QWidget>

class PlaceholderHighlighter;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

// One email of a step: subject, HTML body and text body, with {{placeholders}} highlighted
// against the campaign's contact fields; an A/B variant also has its weight.
class StepContentEditor : public QWidget
{
    Q_OBJECT
public:
    // `objectPrefix` names the children for tests and accessibility ("step", "variant1").
    StepContentEditor(bool withWeight, const QString &objectPrefix, QWidget *parent = nullptr);

    O2dVariant content() const; // weight 0 without a weight box
    void setContent(const O2dVariant &content);
    void setKnownFields(const QStringList &fields);

    QLineEdit *subjectEdit() const { return m_subject; }
    QPlainTextEdit *htmlEdit() const { return m_html; }
    QPlainTextEdit *textEdit() const { return m_text; }
    QSpinBox *weightBox() const { return m_weight; } // null without weight

Q_SIGNALS:
    void changed();

protected:
    void changeEvent(QEvent *event) override;

private:
    QLineEdit *m_subject;
    QPlainTextEdit *m_html;
    QPlainTextEdit *m_text;
    QSpinBox *m_weight = nullptr;
    PlaceholderHighlighter *m_htmlHighlighter;
    PlaceholderHighlighter *m_textHighlighter;
};
