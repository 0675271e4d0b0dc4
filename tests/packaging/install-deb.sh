#!/usr/bin/env bash
# Installs the DEB made by build-deb.sh on this machine, runs the installed programs as a user
# would (the console under Xvfb, with a throwaway HOME and keyring), removes the package and
# checks that nothing it installed is left. Needs root; whatever happens, the package is
# removed again before the script ends.
#
# usage: install-deb.sh PACKAGE_DIR VERSION PROGRAM[,PROGRAM...] KEYRING_WRAPPER
set -euo pipefail

package_dir=$1
version=$2
IFS=, read -r -a programs <<<"$3"
keyring_wrapper=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ "$(id -u)" -ne 0 ]; then
    echo "SKIPPED: installing a package needs root (CI runs as root);" \
        "packaging_deb_build has checked the package itself"
    exit 77
fi
need() {
    if ! command -v "$1" >/dev/null; then
        echo "FAIL: $1 is missing; install the Debian package $2 (./dev.sh installs it)"
        exit 1
    fi
}
need apt-get apt
need xvfb-run xvfb
need dbus-run-session dbus
need identify imagemagick
need timeout coreutils
need curl curl

deb=$(find "$package_dir" -maxdepth 1 -name 'launch-console_*.deb' -print -quit)
if [ -z "$deb" ]; then
    echo "FAIL: no launch-console_*.deb in $package_dir (packaging_deb_build makes it)"
    exit 1
fi
has_program() {
    [[ " ${programs[*]} " == *" $1 "* ]]
}

work=$(mktemp -d)
chmod 755 "$work"
apt_options=(-y -qq -o DPkg::Lock::Timeout=300)
export DEBIAN_FRONTEND=noninteractive

package_installed() {
    dpkg-query -W -f='${Status}' launch-console 2>/dev/null | grep -q 'ok installed'
}
remove_package() {
    apt-get purge "${apt_options[@]}" launch-console >"$work/purge.log" 2>&1 \
        || { cat "$work/purge.log"; dpkg --purge launch-console; }
}
cleanup() {
    local status=$?
    # Whatever failed above, the machine must not keep the package.
    if package_installed || dpkg-query -W launch-console >/dev/null 2>&1; then
        echo "--- removing the package after a failure"
        remove_package || echo "FAIL: could not remove launch-console; run: apt-get purge launch-console"
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if package_installed; then
    echo "note: launch-console was already installed; it is replaced by $deb and removed at the end"
fi

# Paths of the package that exist before it is installed (shared folders such as /usr/bin);
# everything else must be gone after the purge.
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's#^\./#/#; s#/$##' | grep -v '^$' \
    >"$work/package-paths.txt"
while read -r path; do
    if [ -e "$path" ]; then
        echo "$path"
    fi
done <"$work/package-paths.txt" >"$work/existing-before.txt"

echo "--- installing $deb"
if ! apt-get install "${apt_options[@]}" --no-install-recommends "$(realpath "$deb")" \
    >"$work/install.log" 2>&1; then
    cat "$work/install.log"
    echo "FAIL: apt-get could not install the package"
    exit 1
fi
dpkg -L launch-console >"$work/installed-files.txt"
echo "installed $(wc -l <"$work/installed-files.txt") paths"

echo "--- running the installed programs"
for program in "${programs[@]}"; do
    # --version needs no display: run it without one, as from a text console.
    output=$(env -u DISPLAY -u WAYLAND_DISPLAY timeout 30 "/usr/bin/$program" --version 2>&1) \
        || { echo "$output"; echo "FAIL: /usr/bin/$program --version failed"; exit 1; }
    echo "$program --version: $output"
    grep -q -- "$version" <<<"$output" \
        || { echo "FAIL: /usr/bin/$program --version does not print $version"; exit 1; }
done

if has_program launch-local; then
    # The installed server starts on its own and announces its address.
    mkdir -p "$work/local-data"
    LAUNCH_LOCAL_API_KEY=packaging-test timeout 60 /usr/bin/launch-local --port 0 \
        --data-dir "$work/local-data" >"$work/local.out" 2>"$work/local.err" &
    local_pid=$!
    for _ in $(seq 1 100); do
        grep -q '^LAUNCH_LOCAL_READY ' "$work/local.out" && break
        kill -0 "$local_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$local_pid" 2>/dev/null || true
    wait "$local_pid" || true
    if ! grep -q '^LAUNCH_LOCAL_READY url=http://127.0.0.1:' "$work/local.out"; then
        cat "$work/local.out" "$work/local.err"
        echo "FAIL: the installed launch-local did not announce its address"
        exit 1
    fi
    echo "launch-local: $(head -n 1 "$work/local.out")"
fi

if has_program launch-console; then
    echo "--- installed console under Xvfb, local profile, throwaway HOME and keyring"
    session_status=0
    (cd "$work" && timeout 400 dbus-run-session -- "$keyring_wrapper" \
        bash "$here/console-session.sh" "$work") >"$work/session.log" 2>&1 || session_status=$?
    show_logs() {
        cat "$work/session.log" "$work"/console-first.log "$work"/seed.log "$work"/seed.err \
            "$work"/console.log 2>/dev/null || true
    }
    first_status=1 first_seen_local=no data_dir="" seeded=no
    console_status=1 seen_local=no seen_model=no
    # shellcheck disable=SC1091 # written by console-session.sh
    source "$work/session.env"
    echo "first start: exit $first_status, installed launch-local ran: $first_seen_local," \
        "local data in ${data_dir:-?}"
    echo "example endpoint created: $seeded"
    echo "second start: exit $console_status, installed launch-local ran: $seen_local," \
        "installed launch-example-model ran: $seen_model"
    shot=$work/console.png
    if [ -s "$shot" ] && [ -n "${LAUNCH_PACKAGING_SCREENSHOT:-}" ]; then
        cp "$shot" "$LAUNCH_PACKAGING_SCREENSHOT"
    fi
    problem=""
    if [ "$session_status" -ne 0 ]; then
        problem="the console session failed with $session_status"
    elif [ "$first_status" -ne 0 ]; then
        problem="launch-console --screenshot exited with $first_status on the first start"
    elif [ "$first_seen_local" != yes ]; then
        problem="the console did not start the installed /usr/bin/launch-local"
    elif [ "$seeded" != yes ]; then
        problem="the example endpoint could not be created with the installed launch-local"
    elif [ "$console_status" -ne 0 ]; then
        problem="launch-console --screenshot exited with $console_status on the second start"
    elif [ "$seen_local" != yes ]; then
        problem="the console did not start the installed /usr/bin/launch-local again"
    elif [ "$seen_model" != yes ]; then
        problem="the installed launch-local did not run the installed launch-example-model"
    elif [ ! -s "$shot" ]; then
        problem="launch-console --screenshot wrote no picture"
    fi
    if [ -n "$problem" ]; then
        show_logs
        echo "FAIL: $problem"
        exit 1
    fi
    read -r format width height colours < <(identify -format '%m %w %h %k\n' "$shot")
    echo "screenshot: $format ${width}x${height}, $colours colours, $(stat -c %s "$shot") bytes"
    if [ "$format" != PNG ] || [ "$width" -lt 400 ] || [ "$height" -lt 300 ] \
        || [ "$colours" -lt 32 ]; then
        echo "FAIL: the screenshot is not a PNG of a drawn window (400x300 or more, 32 colours or more)"
        exit 1
    fi
fi

echo "--- removing the package"
if ! remove_package; then
    echo "FAIL: apt-get purge launch-console failed"
    exit 1
fi
if dpkg-query -W launch-console >/dev/null 2>&1 \
    && ! dpkg-query -W -f='${Status}' launch-console | grep -q 'not-installed'; then
    echo "FAIL: dpkg still knows launch-console after the purge:" \
        "$(dpkg-query -W -f='${Status}' launch-console)"
    exit 1
fi
left=0
while read -r path; do
    if [ -e "$path" ] && ! grep -qxF -- "$path" "$work/existing-before.txt"; then
        echo "left behind: $path"
        left=$((left + 1))
    fi
done < <(cat "$work/installed-files.txt" "$work/package-paths.txt" | sort -u)
if [ "$left" -ne 0 ]; then
    echo "FAIL: $left path(s) of the package remain after the purge"
    exit 1
fi
echo "the package installed, ran and was removed without a trace"
