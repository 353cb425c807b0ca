#include "pathid.h"

#include "common/validation.h"
#include "jsonbody.h"

Result<QString> parsePathId(const QString &segment, const QString &field)
{
    const QString id = Validation::canonicalUuid(segment);
    if (id.isEmpty())
        return JsonBody::validationError({{field, Violation::Rule::NotUuid}});
    return id;
}
