#pragma once

#include "errorcode.h"

#include <QStringList>

//! An error as a value: a typed code, one human-readable message and, for validation
//! failures, every violation found.
struct Error
{
    Error(ErrorCode errorCode, QString errorMessage = {}, QStringList errorDetails = {})
        : code(errorCode)
        , message(errorMessage.isEmpty() ? ErrorCodes::defaultMessage(errorCode)
                                         : std::move(errorMessage))
        , details(std::move(errorDetails))
    { }

    ErrorCode code;
    QString message;
    QStringList details;
    //! Client side: the HTTP status and reason phrase of the error reply this came from (0 and
    //! empty otherwise). What the user is told about a code the client does not know.
    int httpStatus = 0;
    QString httpReason;
};
