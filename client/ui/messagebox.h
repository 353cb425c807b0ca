#pragma once

#include <QString>

#include <optional>

class QWidget;

//! The seam for questions to the user: the app asks through it, and tests answer in advance
//! instead of a modal dialog blocking them.
class MessageBox
{
public:
    //! A question with two answers, each saying what it does; true for `yesText`. The other
    //! one is the default and what Escape gives.
    static bool confirm(QWidget *parent, const QString &title, const QString &question,
                        const QString &yesText, const QString &noText);
    //! Tests: the answer the next question gets, without showing anything.
    static void setNextAnswer(bool answer);
    //! Tests: the text of the last question asked.
    static QString lastQuestion();

private:
    static std::optional<bool> s_nextAnswer;
    static QString s_lastQuestion;
};
