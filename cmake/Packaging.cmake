# Install rules, desktop integration and installers (CPack). Included last by the top-level
# CMakeLists.txt, once every target exists. The layout is described in docs/PACKAGING.md:
# the three programs always sit side by side, so the console finds launch-local next to
# itself and launch-local finds the example model next to itself.

set(LAUNCH_APP_ID "io.github.launch_console.LaunchConsole")
set(LAUNCH_PACKAGING_DIR "${PROJECT_SOURCE_DIR}/packaging")
set(LAUNCH_PACKAGE_MAINTAINER
    "Launch Console developers <launch-console@users.noreply.github.com>"
    CACHE STRING "Maintainer written into the DEB and RPM packages")
set(LAUNCH_ICON_SIZES 16 22 24 32 48 64 128 256 512)

set(launch_programs)
foreach(program IN ITEMS launch-console launch-local launch-example-model)
    if(TARGET ${program})
        list(APPEND launch_programs ${program})
    endif()
endforeach()

# --- Per-platform metadata compiled into the programs --------------------------------------

if(WIN32)
    foreach(program IN LISTS launch_programs)
        set(LAUNCH_RC_NAME ${program})
        set(LAUNCH_RC_ICON "${LAUNCH_PACKAGING_DIR}/windows/launch-console.ico")
        if(program STREQUAL "launch-console")
            set(LAUNCH_RC_HAS_ICON 1)
            set(LAUNCH_RC_DESCRIPTION "Launch Console")
        else()
            set(LAUNCH_RC_HAS_ICON 0)
            set(LAUNCH_RC_DESCRIPTION "Launch Console: ${program}")
        endif()
        configure_file("${LAUNCH_PACKAGING_DIR}/windows/version.rc.in"
            "${PROJECT_BINARY_DIR}/packaging/${program}.rc" @ONLY)
        target_sources(${program} PRIVATE "${PROJECT_BINARY_DIR}/packaging/${program}.rc")
    endforeach()
    if(TARGET launch-console)
        # A GUI program: no console window opens behind it.
        set_target_properties(launch-console PROPERTIES WIN32_EXECUTABLE ON)
    endif()
endif()

if(APPLE AND TARGET launch-console)
    set(icns "${LAUNCH_PACKAGING_DIR}/macos/launch-console.icns")
    target_sources(launch-console PRIVATE "${icns}")
    set_source_files_properties("${icns}" TARGET_DIRECTORY launch-console
        PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
    set_target_properties(launch-console PROPERTIES
        MACOSX_BUNDLE ON
        MACOSX_BUNDLE_INFO_PLIST "${LAUNCH_PACKAGING_DIR}/macos/Info.plist.in"
        MACOSX_BUNDLE_BUNDLE_NAME "Launch Console"
        MACOSX_BUNDLE_GUI_IDENTIFIER "${LAUNCH_APP_ID}"
        MACOSX_BUNDLE_ICON_FILE "launch-console.icns"
        MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}"
        MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
        MACOSX_BUNDLE_COPYRIGHT "Copyright 2026 Launch Console developers")
endif()

if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    foreach(program IN LISTS launch_programs)
        # Read-only relocations resolved at start, as Debian's hardening asks of programs.
        target_link_options(${program} PRIVATE "LINKER:-z,relro" "LINKER:-z,now")
    endforeach()
endif()

# --- Install rules ---------------------------------------------------------------------------

if(APPLE AND TARGET launch-console)
    set(launch_bundle_dir "launch-console.app/Contents/MacOS")
    install(TARGETS launch-console BUNDLE DESTINATION . RUNTIME DESTINATION .)
    foreach(program IN LISTS launch_programs)
        if(NOT program STREQUAL "launch-console")
            install(TARGETS ${program} RUNTIME DESTINATION "${launch_bundle_dir}")
        endif()
    endforeach()
elseif(launch_programs)
    install(TARGETS ${launch_programs} RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()

if(UNIX AND NOT APPLE)
    include("${LAUNCH_PACKAGING_DIR}/cmake/InstallLinux.cmake")
endif()
if(WIN32 OR APPLE)
    include("${LAUNCH_PACKAGING_DIR}/cmake/DeployQt.cmake")
endif()

# --- CPack -----------------------------------------------------------------------------------

set(CPACK_PACKAGE_NAME "launch-console")
set(CPACK_PACKAGE_VENDOR "Launch Console developers")
set(CPACK_PACKAGE_CONTACT "${LAUNCH_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "desktop console for Launch model endpoints")
# Lines kept under 80 columns: Debian shows the description as it is written.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Launch Console manages model endpoints on Launch-compatible servers: it"
    "lists, creates, edits, scales and deletes endpoints and model bundles,"
    "sends test predictions, tracks async futures and charts endpoint health."
    "API keys are kept in the system keychain."
    ""
    "The package also contains launch-local, a Launch-compatible endpoint server"
    "for one machine, and launch-example-model, a small model it can run, so"
    "that everything can be tried with no account and no network.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Launch Console")
set(CPACK_PACKAGE_EXECUTABLES "launch-console" "Launch Console")
set(CPACK_RESOURCE_FILE_LICENSE "${LAUNCH_PACKAGING_DIR}/LICENSE.txt")
set(CPACK_STRIP_FILES ON)
set(CPACK_VERBATIM_VARIABLES ON)

if(WIN32)
    set(CPACK_GENERATOR "NSIS;ZIP")
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
else()
    set(CPACK_GENERATOR "DEB")
    find_program(LAUNCH_RPMBUILD rpmbuild)
    if(LAUNCH_RPMBUILD)
        list(APPEND CPACK_GENERATOR "RPM")
    endif()
endif()

# Debian and Ubuntu. dpkg-shlibdeps finds the linked libraries; the parts Qt and QtKeychain
# load at run time (SQL driver, platform plug-ins, libsecret) are named here.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${LAUNCH_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins, libsecret-1-0")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | keepassxc | kwalletmanager, qt6-wayland")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")

# Fedora naming. rpmbuild finds the linked libraries; the SQLite driver and the platform
# plug-ins are in qt6-qtbase and qt6-qtbase-gui.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "Apache-2.0")
set(CPACK_RPM_PACKAGE_GROUP "Development/Tools")
set(CPACK_RPM_PACKAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_RPM_PACKAGE_REQUIRES "qt6-qtbase >= 6.4, qt6-qtbase-gui >= 6.4, libsecret")
# rpmbuild's build-id links would make the package own folders under /usr/lib/.build-id.
set(CPACK_RPM_SPEC_MORE_DEFINE "Recommends: gnome-keyring\n%define _build_id_links none")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/applications /usr/share/metainfo /usr/share/man /usr/share/man/man1
    /usr/share/icons /usr/share/icons/hicolor /usr/share/icons/hicolor/scalable
    /usr/share/icons/hicolor/scalable/apps /usr/share/doc)
foreach(size IN LISTS LAUNCH_ICON_SIZES)
    list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
        /usr/share/icons/hicolor/${size}x${size} /usr/share/icons/hicolor/${size}x${size}/apps)
endforeach()

# Windows.
set(CPACK_NSIS_DISPLAY_NAME "Launch Console")
set(CPACK_NSIS_PACKAGE_NAME "Launch Console")
set(CPACK_NSIS_MUI_ICON "${LAUNCH_PACKAGING_DIR}/windows/launch-console.ico")
set(CPACK_NSIS_MUI_UNIICON "${LAUNCH_PACKAGING_DIR}/windows/launch-console.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\launch-console.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)

# macOS.
set(CPACK_DMG_VOLUME_NAME "Launch Console")
set(CPACK_DMG_FORMAT "UDZO")

include(CPack)
