#!/usr/bin/env bash
# Builds the DEB from a build tree with CPack and checks it the way Debian tools do:
# lintian (no errors), desktop-file-validate, appstreamcli validate, the dependencies that
# automatic detection cannot see, and the version in the changelog and the metainfo.
#
# usage: build-deb.sh BUILD_DIR PACKAGE_DIR VERSION PROGRAM[,PROGRAM...]
set -euo pipefail

build_dir=$1
package_dir=$2
version=$3
IFS=, read -r -a programs <<<"$4"

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
need() {
    if ! command -v "$1" >/dev/null; then
        echo "FAIL: $1 is missing; install the Debian package $2 (./dev.sh installs it)"
        exit 1
    fi
}
need cpack cmake
need dpkg-deb dpkg
need lintian lintian
need desktop-file-validate desktop-file-utils
need appstreamcli appstream

rm -rf "$package_dir"
mkdir -p "$package_dir"
if ! cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$package_dir" \
    >"$package_dir/cpack.log" 2>&1; then
    cat "$package_dir/cpack.log"
    echo "FAIL: cpack could not build the DEB (is the whole tree built?)"
    exit 1
fi
deb=$(find "$package_dir" -maxdepth 1 -name 'launch-console_*.deb' -print -quit)
if [ -z "$deb" ]; then
    echo "FAIL: cpack made no launch-console_*.deb in $package_dir"
    exit 1
fi
echo "built $deb"

contents=$(mktemp -d)
trap 'rm -rf "$contents"' EXIT
dpkg-deb -x "$deb" "$contents"

app_id=io.github.launch_console.LaunchConsole
expected=(
    "usr/share/applications/$app_id.desktop"
    "usr/share/metainfo/$app_id.metainfo.xml"
    usr/share/icons/hicolor/scalable/apps/launch-console.svg
    usr/share/icons/hicolor/48x48/apps/launch-console.png
    usr/share/icons/hicolor/256x256/apps/launch-console.png
    usr/share/doc/launch-console/copyright
    usr/share/doc/launch-console/changelog.gz
)
for program in "${programs[@]}"; do
    expected+=("usr/bin/$program" "usr/share/man/man1/$program.1.gz")
done
for path in "${expected[@]}"; do
    [ -e "$contents/$path" ] || fail "the package lacks /$path"
done
for program in "${programs[@]}"; do
    if file "$contents/usr/bin/$program" | grep -q 'not stripped'; then
        fail "/usr/bin/$program is not stripped"
    fi
done

# Loaded at run time, so dpkg-shlibdeps cannot find them.
depends=$(dpkg-deb -f "$deb" Depends)
recommends=$(dpkg-deb -f "$deb" Recommends)
echo "Depends: $depends"
echo "Recommends: $recommends"
for package in libqt6sql6-sqlite libsecret-1-0 qt6-qpa-plugins libqt6core6; do
    grep -qw -- "$package" <<<"$depends" || fail "Depends lacks $package"
done
if [[ " ${programs[*]} " == *" launch-console "* ]]; then
    for package in libqt6keychain1 libqt6widgets6; do
        grep -qw -- "$package" <<<"$depends" || fail "Depends lacks $package"
    done
fi
grep -qw gnome-keyring <<<"$recommends" || fail "Recommends lacks a Secret Service provider"

# Each version has its changelog entry and its AppStream release.
changelog_version=$(zcat "$contents/usr/share/doc/launch-console/changelog.gz" \
    | sed -n '1s/^launch-console (\([^)]*\)).*/\1/p')
[ "$changelog_version" = "$version" ] \
    || fail "the changelog's latest entry is '$changelog_version', the project is $version"
grep -q "<release version=\"$version\"" "$contents/usr/share/metainfo/$app_id.metainfo.xml" \
    || fail "the metainfo has no <release version=\"$version\">"

echo "--- desktop-file-validate"
desktop-file-validate "$contents/usr/share/applications/$app_id.desktop" \
    || fail "desktop-file-validate"
echo "--- appstreamcli validate"
appstreamcli validate --no-net --explain "$contents/usr/share/metainfo/$app_id.metainfo.xml" \
    || fail "appstreamcli validate"

echo "--- lintian"
# Lintian warns when run as root (as CI does); the warning is not about the package.
lintian --fail-on error --display-info "$deb" 2> >(grep -v 'root privileges' >&2) \
    | tee "$package_dir/lintian.txt" || fail "lintian reports errors"
echo "lintian: $(grep -c '^E:' "$package_dir/lintian.txt" || true) errors," \
    "$(grep -c '^W:' "$package_dir/lintian.txt" || true) warnings"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "the DEB passed every check"
