# The Swagger UI page is built from the npm package swagger-ui-dist, which scripts/bootstrap
# installs (pinned) under .deps/. The build embeds its files; it never downloads anything.
set(BOOKING_SWAGGER_UI_DIR "${CMAKE_SOURCE_DIR}/.deps/npm/node_modules/swagger-ui-dist"
    CACHE PATH "Directory holding the swagger-ui-dist npm package")

set(BOOKING_SWAGGER_UI_FILES swagger-ui.css swagger-ui-bundle.js swagger-ui-standalone-preset.js
    favicon-32x32.png)
foreach(file IN LISTS BOOKING_SWAGGER_UI_FILES)
    if(NOT EXISTS "${BOOKING_SWAGGER_UI_DIR}/${file}")
        message(FATAL_ERROR "Swagger UI file ${BOOKING_SWAGGER_UI_DIR}/${file} is missing: "
            "run scripts/bootstrap (it installs the npm package swagger-ui-dist).")
    endif()
endforeach()
