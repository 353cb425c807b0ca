#include "validatedfield.h"

#include "errortext.h"

#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ValidatedField::ValidatedField(const QString &objectName, Rule rule, QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_rule(std::move(rule))
{
    m_edit->setObjectName(objectName);
    m_error->setObjectName(objectName + u"Error"_s);
    m_error->setWordWrap(true);
    QPalette palette = m_error->palette();
    palette.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_error->setPalette(palette);
    QFont font = m_error->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    m_error->setFont(font);
    m_error->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_edit);
    layout->addWidget(m_error);
    connect(m_edit, &QLineEdit::textEdited, this, [this] {
        m_touched = true;
        m_externalError.clear();
        check();
    });
    connect(m_edit, &QLineEdit::textChanged, this, &ValidatedField::validityChanged);
}

QString ValidatedField::text() const
{
    return m_edit->text();
}

bool ValidatedField::isValid() const
{
    return m_externalError.isEmpty() && m_rule(m_edit->text()).isEmpty();
}

QString ValidatedField::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void ValidatedField::reveal()
{
    m_touched = true;
    check();
}

void ValidatedField::reset()
{
    m_touched = false;
    m_externalError.clear();
    m_edit->clear();
    check();
}

void ValidatedField::setExternalError(const QString &text)
{
    m_externalError = text;
    check();
}

void ValidatedField::check()
{
    if (!m_externalError.isEmpty()) {
        showError(m_externalError);
    } else {
        const Violations violations = m_rule(m_edit->text());
        showError(m_touched && !violations.isEmpty() ? ErrorText::describe(violations.first())
                                                     : QString());
    }
    Q_EMIT validityChanged();
}

void ValidatedField::showError(const QString &text)
{
    const bool show = !text.isEmpty();
    m_error->setText(text);
    m_error->setVisible(show);
    m_edit->setProperty("invalid", show);
    m_edit->setStyleSheet(show ? u"QLineEdit { border: 1px solid #c62828; border-radius: 3px; "
                                 u"padding: 2px; }"_s
                               : QString());
}
