#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 1800), all at once at low priority,
# with the shared dictionary, and prints each target's executions from libFuzzer's last status
# line. New corpus entries land in fuzz/corpus/TARGET; crashes in fuzz/artifacts/TARGET.
# Usage: fuzz/run-all.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-1800}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(native_json timelinejs_json timelinejs_csv plain_csv html_text date round_trip sheet
        typed_date timeline_xml vis_json timesketch)
fi
logs=${FUZZ_LOGS:-/tmp/chronoscope-fuzz}
mkdir -p "$logs"
cargo +nightly fuzz build
for t in "${targets[@]}"; do
    nice -n 15 cargo +nightly fuzz run "$t" -- -dict=fuzz/timeline.dict \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$logs/$t.log" 2>&1 &
done
wait || true
for t in "${targets[@]}"; do
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | grep -o '[0-9]*$' || echo '?')
    crashes=$(ls "fuzz/artifacts/$t" 2>/dev/null | wc -l)
    echo "$t: $runs executions in ${seconds}s, $crashes crash/timeout/oom inputs"
done
