# Windows and macOS: copies Qt, its plug-ins and QtKeychain next to the programs (Windows) or
# into the bundle (macOS) at install time, so that the ZIP, the installer and the DMG run on
# a computer without Qt. Qt's own deployment API (Qt 6.3 and later) drives windeployqt and
# macdeployqt. qt_generate_deploy_app_script() would deploy the console alone; launch-local
# needs QtHttpServer, which the console does not link, so the script below names all three
# programs. Optional code signing runs afterwards when its secrets are in the environment
# (docs/PACKAGING.md). Included by cmake/Packaging.cmake.

if(NOT TARGET launch-console)
    return()
endif()
if(NOT DEFINED QT_DEPLOY_SUPPORT OR NOT COMMAND qt_generate_deploy_app_script)
    message(WARNING "This Qt has no deployment API (Qt 6.3 or later needed): installing "
        "without Qt's libraries, so the installed programs run only where Qt is installed.")
    return()
endif()

set(extra_programs ${launch_programs})
list(REMOVE_ITEM extra_programs launch-console)

# QtKeychain is not a Qt module, so Qt's tools do not copy it.
get_target_property(keychain_target Qt6Keychain::Qt6Keychain ALIASED_TARGET)
if(NOT keychain_target)
    set(keychain_target Qt6Keychain::Qt6Keychain)
endif()
get_target_property(keychain_type ${keychain_target} TYPE)

set(deploy_script "${PROJECT_BINARY_DIR}/packaging/deploy-qt-$<CONFIG>.cmake")
if(APPLE)
    # Paths are relative to the install prefix, where the deployment runs.
    set(deployed_executable "launch-console.app")
    set(additional)
    foreach(program IN LISTS extra_programs)
        list(APPEND additional "launch-console.app/Contents/MacOS/$<TARGET_FILE_NAME:${program}>")
    endforeach()
    set_target_properties(${launch_programs} PROPERTIES
        INSTALL_RPATH "@executable_path/../Frameworks")
    if(keychain_type STREQUAL "SHARED_LIBRARY")
        install(IMPORTED_RUNTIME_ARTIFACTS ${keychain_target}
            LIBRARY DESTINATION "launch-console.app/Contents/Frameworks")
    endif()
    set(sign_code "
set(identity \"\$ENV{LAUNCH_SIGN_MACOS_IDENTITY}\")
if(identity)
    set(bundle \"\${QT_DEPLOY_PREFIX}/launch-console.app\")
    foreach(helper ${extra_programs})
        execute_process(COMMAND codesign --force --options runtime --timestamp
            --sign \"\${identity}\" \"\${bundle}/Contents/MacOS/\${helper}\" COMMAND_ERROR_IS_FATAL ANY)
    endforeach()
    execute_process(COMMAND codesign --force --deep --options runtime --timestamp
        --sign \"\${identity}\" \"\${bundle}\" COMMAND_ERROR_IS_FATAL ANY)
    message(STATUS \"Signed \${bundle}\")
endif()
")
else()
    set(deployed_executable "\${QT_DEPLOY_BIN_DIR}/$<TARGET_FILE_NAME:launch-console>")
    set(additional)
    set(signed "\"\${QT_DEPLOY_PREFIX}/\${QT_DEPLOY_BIN_DIR}/$<TARGET_FILE_NAME:launch-console>\"")
    foreach(program IN LISTS extra_programs)
        list(APPEND additional "\${QT_DEPLOY_BIN_DIR}/$<TARGET_FILE_NAME:${program}>")
        string(APPEND signed
            " \"\${QT_DEPLOY_PREFIX}/\${QT_DEPLOY_BIN_DIR}/$<TARGET_FILE_NAME:${program}>\"")
    endforeach()
    if(keychain_type STREQUAL "SHARED_LIBRARY")
        install(IMPORTED_RUNTIME_ARTIFACTS ${keychain_target}
            RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
            LIBRARY DESTINATION "${CMAKE_INSTALL_BINDIR}")
    endif()
    # The compiler's run-time libraries (MSVC), next to the programs.
    set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION "${CMAKE_INSTALL_BINDIR}")
    include(InstallRequiredSystemLibraries)
    set(sign_code "
set(certificate \"\$ENV{LAUNCH_SIGN_WINDOWS_CERTIFICATE}\")
set(timestamp_url \"\$ENV{LAUNCH_SIGN_WINDOWS_TIMESTAMP_URL}\")
if(NOT timestamp_url)
    set(timestamp_url http://timestamp.digicert.com)
endif()
if(certificate)
    find_program(signtool signtool REQUIRED)
    execute_process(COMMAND \"\${signtool}\" sign /f \"\${certificate}\"
        /p \"\$ENV{LAUNCH_SIGN_WINDOWS_PASSWORD}\" /fd SHA256
        /tr \"\${timestamp_url}\" /td SHA256 ${signed}
        COMMAND_ERROR_IS_FATAL ANY)
    message(STATUS \"Signed the programs\")
endif()
")
endif()

file(GENERATE OUTPUT "${deploy_script}" CONTENT "
include(\"${QT_DEPLOY_SUPPORT}\")
qt_deploy_runtime_dependencies(
    EXECUTABLE \"${deployed_executable}\"
    ADDITIONAL_EXECUTABLES ${additional}
    GENERATE_QT_CONF
    VERBOSE)
${sign_code}")
install(SCRIPT "${deploy_script}")
