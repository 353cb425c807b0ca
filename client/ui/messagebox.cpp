#include "messagebox.h"

#include <QMessageBox>
#include <QPushButton>

std::optional<bool> MessageBox::s_nextAnswer;
QString MessageBox::s_lastQuestion;

bool MessageBox::confirm(QWidget *parent, const QString &title, const QString &question,
                         const QString &yesText, const QString &noText)
{
    s_lastQuestion = question;
    if (s_nextAnswer) {
        const bool answer = *s_nextAnswer;
        s_nextAnswer.reset();
        return answer;
    }
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::NoButton, parent);
    QPushButton *yes = box.addButton(yesText, QMessageBox::AcceptRole);
    QPushButton *no = box.addButton(noText, QMessageBox::RejectRole);
    box.setDefaultButton(no);
    box.setEscapeButton(no);
    box.exec();
    return box.clickedButton() == yes;
}

void MessageBox::setNextAnswer(bool answer)
{
    s_nextAnswer = answer;
}

QString MessageBox::lastQuestion()
{
    return s_lastQuestion;
}
