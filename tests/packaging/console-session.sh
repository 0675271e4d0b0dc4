#!/usr/bin/env bash
# Runs the installed console as a new user would, inside the throwaway HOME and keyring made
# by scripts/with-test-keyring.sh. Called by install-deb.sh.
#
#  1. First start on the local profile: the console starts the installed launch-local; its
#     --data-dir argument tells where the local profile keeps its data.
#  2. An example bundle (command "launch-example-model") and a sync endpoint with one worker
#     are created there through the installed launch-local's REST API.
#  3. Second start: the console starts launch-local again, which starts the installed example
#     model as the endpoint's worker; the console saves a screenshot.
#
# usage: console-session.sh WORK_DIR
# Writes WORK_DIR/session.env (results as shell variables) and WORK_DIR/console.png.
set -euo pipefail

work=$1
results=$work/session.env
: >"$results"

record() {
    printf '%s=%q\n' "$1" "$2" >>"$results"
}

# Runs the console with --screenshot under Xvfb and watches which installed programs run.
# Sets seen_local, seen_model, data_dir and console_status.
run_console() {
    local shot=$1 log=$2 pid program process cmdline found_dir
    timeout 180 xvfb-run -a -s "-screen 0 1280x800x24" \
        /usr/bin/launch-console --screenshot "$shot" >"$log" 2>&1 &
    pid=$!
    seen_local=no
    seen_model=no
    while kill -0 "$pid" 2>/dev/null; do
        # One find per scan: fast enough not to miss a program that runs for a second.
        while read -r program process; do
            case $program in
            /usr/bin/launch-local)
                seen_local=yes
                # A process that is exiting still has its exe link but an empty cmdline:
                # keep the folder an earlier scan read.
                cmdline=$(tr '\0' '\n' <"$process/cmdline" 2>/dev/null || true)
                found_dir=$(grep -A1 -x -- '--data-dir' <<<"$cmdline" | tail -n 1 || true)
                if [ -n "$found_dir" ]; then
                    data_dir=$found_dir
                fi
                ;;
            /usr/bin/launch-example-model) seen_model=yes ;;
            esac
        done < <(find /proc -mindepth 2 -maxdepth 2 -name exe \
            \( -lname /usr/bin/launch-local -o -lname /usr/bin/launch-example-model \) \
            -printf '%l %h\n' 2>/dev/null || true)
        sleep 0.1
    done
    console_status=0
    wait "$pid" || console_status=$?
    if [ "$seen_local" = yes ] && [ -z "${data_dir:-}" ]; then
        # Every scan caught launch-local while it was exiting: the console's log names the folder.
        data_dir=$(sed -n 's/.*starting "\/usr\/bin\/launch-local" with data in "\(.*\)"$/\1/p' \
            "$log" | tail -n 1)
    fi
}

api() {
    local method=$1 path=$2 body=${3:-}
    curl --silent --show-error --fail-with-body --max-time 20 -u "$key:" -X "$method" \
        -H 'Content-Type: application/json' ${body:+--data "$body"} "$url$path"
}

# Creates the example bundle and endpoint with the installed launch-local on DATA_DIR.
seed_example_endpoint() {
    local dir=$1 pid bundle bundle_id
    key=packaging-test-key
    LAUNCH_LOCAL_API_KEY=$key timeout 60 /usr/bin/launch-local --port 0 --data-dir "$dir" \
        >"$work/seed.out" 2>"$work/seed.err" &
    pid=$!
    for _ in $(seq 1 100); do
        grep -q '^LAUNCH_LOCAL_READY ' "$work/seed.out" && break
        sleep 0.1
    done
    url=$(sed -n 's/^LAUNCH_LOCAL_READY url=\([^ ]*\).*/\1/p' "$work/seed.out")
    if [ -z "$url" ]; then
        kill "$pid" 2>/dev/null || true
        return 1
    fi
    bundle=$(api POST /v2/model-bundles '{"name": "example-model", "schema_location": "none",
        "metadata": {}, "flavor": {"flavor": "runnable_image",
        "repository": "launch-console/example-model", "tag": "1.0",
        "command": ["launch-example-model"], "env": {}, "protocol": "http",
        "predict_route": "/predict", "healthcheck_route": "/readyz"}}')
    bundle_id=$(sed -n 's/.*"model_bundle_id" *: *"\([^"]*\)".*/\1/p' <<<"$bundle")
    api POST /v1/model-endpoints '{"name": "example", "model_bundle_id": "'"$bundle_id"'",
        "endpoint_type": "sync", "metadata": {}, "cpus": 1, "gpus": 0, "memory": "256Mi",
        "storage": "1Gi", "min_workers": 1, "max_workers": 1, "per_worker": 1,
        "labels": {"team": "packaging"}}' >/dev/null
    kill "$pid"
    wait "$pid" || true
}

run_console "$work/first.png" "$work/console-first.log"
record first_status "$console_status"
record first_seen_local "$seen_local"
record data_dir "${data_dir:-}"
if [ "$seen_local" != yes ] || [ -z "${data_dir:-}" ]; then
    exit 0
fi

if seed_example_endpoint "$data_dir" >"$work/seed.log" 2>&1; then
    record seeded yes
else
    record seeded no
    exit 0
fi

run_console "$work/console.png" "$work/console.log"
record console_status "$console_status"
record seen_local "$seen_local"
record seen_model "$seen_model"
