#pragma once

#include "common/result.h"
#include "httpreply.h"

//! A service result as a reply: `status` with the JSON of the value, or the mapped error.
template<typename T, typename ToJson>
HttpReply replyFromResult(const Result<T> &result, int status, ToJson toJson)
{
    if (!result)
        return HttpReply::fromError(result.error());
    return HttpReply::json(status, toJson(result.value()));
}
