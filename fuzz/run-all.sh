#!/usr/bin/env bash
# Fuzzes each target until it has used CPU_SECONDS of processor time (default 1800: thirty
# minutes of one core), JOBS targets at a time (default 2, one per core), at lower priority so
# that builds on the same machine come first. Processor time, not wall time, is the budget: a
# target that waited behind a build still gets its thirty minutes of a core. Not the lowest
# priority, and never paused: libFuzzer's -timeout counts wall time, and a starved or stopped
# fuzzer reports false hangs.
#
# The build has no sanitizer and keeps debug assertions (Rust's own checks catch what
# AddressSanitizer would only in unsafe code, and inputs run several times faster). New inputs
# go to $FUZZ_WORK/corpus/TARGET (minimise them into fuzz/corpus/TARGET with libFuzzer's
# merge before committing); crashes, hangs and out-of-memory inputs to fuzz/artifacts/TARGET.
# Prints each target's executions, processor time and findings at the end.
#
# Usage: fuzz/run-all.sh [CPU_SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
cpu_seconds=${1:-1800}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(native_json timelinejs_json timelinejs_csv plain_csv html_text date round_trip sheet
        typed_date timeline_xml vis_json timesketch)
fi
jobs=${JOBS:-2}
# With the kernel's autogroup scheduling, a niced process in its own session still gets a
# session's fair share of the cores; the whole session is niced too where the kernel allows it.
echo 10 >/proc/self/autogroup 2>/dev/null || true
work=${FUZZ_WORK:-/tmp/chronoscope-fuzz}
bin=fuzz/target/x86_64-unknown-linux-gnu/release
mkdir -p "$work/logs"
nice -n 19 cargo +nightly fuzz build -s none -a

# Processor seconds (user + system) a process has used so far, from /proc/PID/stat.
cpu_of() {
    local ticks
    ticks=$(awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    echo $((ticks / $(getconf CLK_TCK)))
}

# Runs one target until its processor time reaches the budget, then interrupts it (libFuzzer
# prints its final statistics on SIGINT).
fuzz_one() {
    local target=$1 started pid
    mkdir -p "$work/corpus/$target" "fuzz/artifacts/$target"
    started=$(date +%s)
    nice -n 10 "$bin/$target" "$work/corpus/$target" "fuzz/corpus/$target" \
        -dict=fuzz/timeline.dict -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="fuzz/artifacts/$target/" >"$work/logs/$target.log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null && [ "$(cpu_of "$pid")" -lt "$cpu_seconds" ]; do
        sleep 5
    done
    local used
    used=$(cpu_of "$pid")
    kill -INT "$pid" 2>/dev/null || true
    wait "$pid" || true
    echo "$target $used $(( $(date +%s) - started ))" >>"$work/logs/cpu-and-wall"
}

running=0
for t in "${targets[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n || true
        running=$((running - 1))
    fi
    fuzz_one "$t" &
    running=$((running + 1))
done
wait || true

for t in "${targets[@]}"; do
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/logs/$t.log" | grep -o '[0-9]*$' || echo '?')
    read -r _ cpu wall < <(grep "^$t " "$work/logs/cpu-and-wall" | tail -1)
    crashes=$(find "fuzz/artifacts/$t" -type f | wc -l)
    echo "$t: $runs executions, ${cpu} s of processor time in ${wall} s, $crashes crash/timeout/oom inputs"
done
