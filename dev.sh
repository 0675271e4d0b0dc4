#!/usr/bin/env bash
# Set up, build, run and test Launch Console on Debian or Ubuntu.
#
#   ./dev.sh run     install what is missing, build, open the console on this computer
#   ./dev.sh test    install what is missing, build with warnings as errors, run every test
#   ./dev.sh build   install what is missing and build only
#
# BUILD_DIR (default: build) chooses the build folder.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build_dir=${BUILD_DIR:-$here/build}

debian_packages=(
    cmake ninja-build g++ pkg-config clang-format
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-l10n-tools
    qt6-charts-dev libqt6opengl6-dev qt6-httpserver-dev qt6-websockets-dev
    libqt6sql6-sqlite qtkeychain-qt6-dev libsecret-1-0
    xvfb xauth dbus gnome-keyring libsecret-tools
    dpkg-dev file lintian desktop-file-utils appstream rpm imagemagick curl
)

install_packages() {
    local missing=()
    for package in "${debian_packages[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
            missing+=("$package")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return
    fi
    echo "Installing: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
        "${missing[@]}"
}

# Warnings as errors: ON for the tests; "keep" (run, build) leaves a configured folder as it
# is, so that running after testing compiles nothing again (the flag is in every command line).
configure_and_build() {
    local werror=$1
    local options=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
    if [ "$werror" != keep ]; then
        options+=(-DLAUNCH_WARNINGS_AS_ERRORS="$werror")
    fi
    cmake -S "$here" -B "$build_dir" -G Ninja "${options[@]}"
    cmake --build "$build_dir"
}

check_format() {
    local bad
    bad=$(cd "$here" && git ls-files '*.cpp' '*.h' | while read -r file; do
        clang-format --dry-run -Werror "$file" >/dev/null 2>&1 || echo "  $file"
    done)
    if [ -n "$bad" ]; then
        echo "Not formatted per .clang-format (run clang-format -i on them):"
        echo "$bad"
        return 1
    fi
}

run_tests() {
    # The keychain tests talk to a real Secret Service: a throwaway HOME, a private D-Bus
    # session and gnome-keyring unlocked with a password given on its standard input.
    dbus-run-session -- "$here/scripts/with-test-keyring.sh" \
        ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -j2
}

case ${1:-} in
run)
    install_packages
    configure_and_build keep
    exec "$build_dir/app/console/launch-console" "${@:2}"
    ;;
build)
    install_packages
    configure_and_build keep
    ;;
test)
    install_packages
    configure_and_build ON
    check_format
    run_tests
    ;;
*)
    sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    if [ -n "${1:-}" ] && [ "$1" != --help ] && [ "$1" != -h ]; then
        exit 2
    fi
    ;;
esac
