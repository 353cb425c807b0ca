#pragma once

#include "common/error.h"
#include "common/violation.h"

#include <QCoreApplication>

//! What the user reads about an error, in their language. The client words every error
//! itself from its typed code: it never shows the server's or the network's own text, except
//! for an error code it does not know, where the HTTP status and the server's message are all
//! there is.
class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(ErrorText)

public:
    static QString describe(const Error &error);
    //! A broken input rule, for the label next to the field.
    static QString describe(const Violation &violation);

private:
    static QString unknownCode(const Error &error);
};
