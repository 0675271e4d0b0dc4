#!/usr/bin/env bash
# Runs a command with a throwaway HOME and an unlocked gnome-keyring Secret Service on the
# current D-Bus session bus (start it under dbus-run-session).
set -euo pipefail

test_home=$(mktemp -d)
# The daemon ends with the D-Bus session that dbus-run-session tears down, so it may still be
# writing its keyring while the folder goes: a second try then, and the command's own exit
# status either way (a leftover folder in /tmp fails no test).
remove_home() {
    local status=$?
    rm -rf "$test_home" 2>/dev/null || { sleep 0.5; rm -rf "$test_home" 2>/dev/null; } || true
    exit "$status"
}
trap remove_home EXIT
export HOME=$test_home
export XDG_DATA_HOME=$test_home/.local/share
export XDG_CONFIG_HOME=$test_home/.config
export XDG_CACHE_HOME=$test_home/.cache
export XDG_RUNTIME_DIR=$test_home/runtime
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

printf 'launch-test-password' \
    | gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null
export LAUNCH_TEST_KEYRING=1

"$@"
