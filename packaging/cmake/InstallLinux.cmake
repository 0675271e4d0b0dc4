# Linux desktop integration and the documentation files a Debian package must carry.
# Included by cmake/Packaging.cmake on Linux.

set(linux_dir "${LAUNCH_PACKAGING_DIR}/linux")
set(doc_dir "${CMAKE_INSTALL_DATADIR}/doc/launch-console")

install(FILES "${linux_dir}/${LAUNCH_APP_ID}.desktop"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${linux_dir}/${LAUNCH_APP_ID}.metainfo.xml"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
install(FILES "${LAUNCH_PACKAGING_DIR}/icons/launch-console.svg"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
foreach(size IN LISTS LAUNCH_ICON_SIZES)
    install(FILES "${LAUNCH_PACKAGING_DIR}/icons/hicolor/${size}x${size}/launch-console.png"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps")
endforeach()
install(FILES "${linux_dir}/copyright" DESTINATION "${doc_dir}")

# Manual pages and the changelog are installed compressed, as Debian policy asks; gzip -n
# leaves the time stamp out so that the package is reproducible.
find_program(LAUNCH_GZIP gzip REQUIRED)
function(launch_install_gzipped source destination)
    get_filename_component(name "${source}" NAME)
    set(output "${PROJECT_BINARY_DIR}/packaging/gz/${name}.gz")
    file(MAKE_DIRECTORY "${PROJECT_BINARY_DIR}/packaging/gz")
    execute_process(COMMAND "${LAUNCH_GZIP}" -9 -n -c "${source}"
        OUTPUT_FILE "${output}" RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "gzip failed on ${source}")
    endif()
    set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY
        CMAKE_CONFIGURE_DEPENDS "${source}")
    install(FILES "${output}" DESTINATION "${destination}")
endfunction()

launch_install_gzipped("${linux_dir}/changelog" "${doc_dir}")
foreach(program IN LISTS launch_programs)
    launch_install_gzipped("${linux_dir}/${program}.1" "${CMAKE_INSTALL_MANDIR}/man1")
endforeach()
