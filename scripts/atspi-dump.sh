#!/usr/bin/env bash
# Dumps the accessibility tree of the running window as Orca sees it (AT-SPI), on a private X
# display and D-Bus session, optionally pressing keys first and listening for announcements.
#
# Needs: xvfb libgl1-mesa-dri libxcursor1 libxi6 libxkbcommon-x11-0 xdotool at-spi2-core
#        python3-pyatspi dbus-x11
# Usage: scripts/atspi-dump.sh [--keys "Tab Tab Right"] [--listen SECONDS] [-- APP ARGS…]
#   e.g. scripts/atspi-dump.sh --keys "F6 F6 F6 Right Right Down" --listen 8
# Environment: DISPLAY_NUM (default 19), BIN (default target/debug/chronoscope, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
keys=""
listen=0
while [ $# -gt 0 ]; do
    case "$1" in
        --keys) keys=$2; shift 2 ;;
        --listen) listen=$2; shift 2 ;;
        --) shift; break ;;
        *) break ;;
    esac
done
bin=${BIN:-target/debug/chronoscope}
[ -x "$bin" ] || cargo build --quiet
num=${DISPLAY_NUM:-19}
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -n "${DBUS_SESSION_BUS_PID:-}" ] && kill "$DBUS_SESSION_BUS_PID" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
export HOME=$tmp XDG_RUNTIME_DIR=$tmp/run
mkdir -pm700 "$XDG_RUNTIME_DIR"
unset WAYLAND_DISPLAY

Xvfb ":$num" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 & pids+=($!)
export DISPLAY=":$num"
sleep 1
eval "$(dbus-launch --sh-syntax)"
/usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 & pids+=($!)
sleep 2
/usr/libexec/at-spi2-registryd >/dev/null 2>&1 & pids+=($!)
sleep 1
for prop in IsEnabled ScreenReaderEnabled; do
    # --print-reply waits for the answer: without it the setting can be lost as dbus-send exits.
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.freedesktop.DBus.Properties.Set \
        string:org.a11y.Status "string:$prop" variant:boolean:true >/dev/null
done
"$bin" --window-size 1400x900 "$@" >"$tmp/app.log" 2>&1 & pids+=($!)

if [ -n "$keys" ]; then
    win=""
    for _ in $(seq 1 100); do
        win=$(xdotool search --name Chronoscope 2>/dev/null | head -1) && [ -n "$win" ] && break
        sleep 0.2
    done
    xdotool windowfocus --sync "$win"
    sleep 5
    # Listen while the keys are pressed, so their announcements are caught.
    if [ "$listen" != 0 ]; then
        /usr/bin/python3 scripts/atspi_tree.py --max-depth 0 --listen "$listen" | grep '^EVENT' &
        listener=$!
        sleep 2
    fi
    for k in $keys; do
        case "$k" in
            shift+*) xdotool keydown shift key "${k#shift+}" keyup shift ;;
            *) xdotool key "$k" ;;
        esac
        sleep 0.4
    done
    [ "$listen" != 0 ] && wait "$listener" || true
fi
# AccessKit builds its tree once a client is connected; give the window time to start (a first
# query before the app registered leaves pyatspi with an empty desktop).
# pyatspi reads the desktop's application list once per process: ask again in a new process
# until the window has registered.
for _ in $(seq 1 12); do
    sleep 3
    /usr/bin/python3 scripts/atspi_tree.py --wait 1 2>/dev/null && exit 0
done
echo "the window never appeared on the AT-SPI bus; the app said:" >&2
cat "$tmp/app.log" >&2
exit 1
