#pragma once

#include "common/violation.h"

#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;

//! A line edit with its own error line below it. The rule runs as the user types; the error
//! shows once the field has been edited (not while it is still untouched).
class ValidatedField final : public QWidget
{
    Q_OBJECT

public:
    using Rule = std::function<Violations(const QString &)>;

    ValidatedField(const QString &objectName, Rule rule, QWidget *parent = nullptr);

    QLineEdit *edit() const { return m_edit; }
    QString text() const;
    bool isValid() const;
    //! Shows the error now even if the field was not edited (e.g. on submit).
    void reveal();
    void reset();
    QString errorText() const;
    //! An error the rule cannot see (e.g. the server's "email taken"): shown, and the field
    //! invalid, until the user changes the text.
    void setExternalError(const QString &text);

Q_SIGNALS:
    void validityChanged();

private:
    void check();
    void showError(const QString &text);

    QLineEdit *m_edit;
    QLabel *m_error;
    Rule m_rule;
    QString m_externalError;
    bool m_touched = false;
};
