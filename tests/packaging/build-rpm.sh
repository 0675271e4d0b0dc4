#!/usr/bin/env bash
# Builds the RPM from a build tree with CPack and checks its file list and the run-time
# dependencies that rpmbuild cannot find by itself.
#
# usage: build-rpm.sh BUILD_DIR PACKAGE_DIR PROGRAM[,PROGRAM...]
set -euo pipefail

build_dir=$1
package_dir=$2
IFS=, read -r -a programs <<<"$3"

for tool in cpack rpmbuild rpm; do
    if ! command -v "$tool" >/dev/null; then
        echo "FAIL: $tool is missing; install the Debian package rpm (./dev.sh installs it)"
        exit 1
    fi
done

rm -rf "$package_dir"
mkdir -p "$package_dir"
if ! cpack --config "$build_dir/CPackConfig.cmake" -G RPM -B "$package_dir" \
    >"$package_dir/cpack.log" 2>&1; then
    cat "$package_dir/cpack.log"
    echo "FAIL: cpack could not build the RPM (is the whole tree built?)"
    exit 1
fi
rpm_file=$(find "$package_dir" -maxdepth 1 -name 'launch-console-*.rpm' -print -quit)
[ -n "$rpm_file" ] || { echo "FAIL: cpack made no launch-console-*.rpm"; exit 1; }
echo "built $rpm_file"

failures=0
files=$(rpm -qpl "$rpm_file")
requires=$(rpm -qpR "$rpm_file")
recommends=$(rpm -qp --recommends "$rpm_file")
for program in "${programs[@]}"; do
    grep -qx "/usr/bin/$program" <<<"$files" || { echo "FAIL: no /usr/bin/$program"; failures=1; }
done
for path in /usr/share/applications/io.github.launch_console.LaunchConsole.desktop \
    /usr/share/metainfo/io.github.launch_console.LaunchConsole.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/launch-console.svg; do
    grep -qx "$path" <<<"$files" || { echo "FAIL: no $path"; failures=1; }
done
# Folders that belong to the system (filesystem, hicolor-icon-theme) must not be claimed.
for folder in /usr/bin /usr/share/applications /usr/share/icons/hicolor /usr/share/man/man1 \
    /usr/lib/.build-id; do
    if grep -qx "$folder" <<<"$files"; then
        echo "FAIL: the RPM claims the system folder $folder"
        failures=1
    fi
done
for dependency in qt6-qtbase qt6-qtbase-gui libsecret 'libQt6Core.so.6()(64bit)'; do
    grep -q "^$dependency" <<<"$requires" || { echo "FAIL: Requires lacks $dependency"; failures=1; }
done
grep -qx gnome-keyring <<<"$recommends" || { echo "FAIL: Recommends lacks gnome-keyring"; failures=1; }
echo "Requires (not automatic): $(grep -v '(' <<<"$requires" | tr '\n' ' ')"
echo "Recommends: $recommends"
[ "$failures" -eq 0 ] || exit 1
echo "the RPM passed every check"
