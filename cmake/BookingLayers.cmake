# One static library per folder, and a folder's headers visible only to the targets that link
# its library. Files include "<folder>/<file>.h"; the root that resolves such a path is made in
# the build tree and holds nothing but a link named after the folder, pointing at it. No source
# directory is on an include path, so a file reaches only its own folder (by a same-folder
# include) and the folders of the libraries it links: an include from the wrong layer does not
# compile (tests/layers proves it).

# booking_layer_include_root(<folder> <out-var>): the include root of a source folder (an
# absolute path), made if missing. The fuzz build calls it too, for the sources it compiles.
function(booking_layer_include_root folder out_var)
    file(RELATIVE_PATH relative ${PROJECT_SOURCE_DIR} ${folder})
    get_filename_component(name ${folder} NAME)
    set(root ${PROJECT_BINARY_DIR}/layers/${relative})
    file(MAKE_DIRECTORY ${root})
    file(CREATE_LINK ${folder} ${root}/${name} SYMBOLIC)
    set(${out_var} ${root} PARENT_SCOPE)
endfunction()

# booking_add_layer(<target> <alias> <folder> <sources>...): a static library of the folder
# <folder> of the current source directory, whose headers its users include as "<folder>/x.h".
function(booking_add_layer target alias folder)
    add_library(${target} STATIC ${ARGN})
    add_library(${alias} ALIAS ${target})
    booking_layer_include_root(${CMAKE_CURRENT_SOURCE_DIR}/${folder} root)
    target_include_directories(${target} PUBLIC ${root})
    booking_target_defaults(${target})
endfunction()
