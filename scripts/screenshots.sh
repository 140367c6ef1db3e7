#!/usr/bin/env bash
# Regenerates every image in screenshots/ from the app itself:
#   - real-window screenshots under Xvfb (needs: xvfb libgl1-mesa-dri libxcursor1 libxi6
#     libxkbcommon-x11-0 imagemagick xdotool), and
#   - headless exports with `chronoscope export` (needs nothing).
# Usage: scripts/screenshots.sh   (from anywhere; builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/chronoscope
out=screenshots
mkdir -p "$out"

# --- Headless exports (the same paint code as the window) -----------------------------------
$bin export assets/cartel-transfer.json -o "$out/export-fit-all.png" --width 1920 --height 1080 --sources
$bin export assets/cartel-transfer.json -o "$out/export-2013-dark-x2.png" --width 2400 --height 1350 \
    --scale 2 --theme dark --from 2013-06 --to 2013-09 --select caro-quintero-released
$bin export assets/cartel-transfer.json -o "$out/export-4k.png" --width 3840 --height 2160 --scale 2 --sources
rm -rf "$out/slides" && $bin export assets/cartel-transfer.json --steps "$out/slides" --width 1280 --height 720
# A view step with its own title and caption, as the Story panel's "Add current view" writes it,
# put first in the sample's story; its slide is the second.
demo=$(mktemp -d)
sed '0,/"story": \[/s//"story": [\n    {"title": "The search for Camarena", "start": "1985-01-20", "end": "1985-04-15", "lanes": ["camarena", "caro-quintero"], "caption": "Four weeks from the kidnapping to the discovery of the body, while the DEA searched Guadalajara."},/' \
    assets/cartel-transfer.json > "$demo/story.json"
$bin export "$demo/story.json" --steps "$demo/slides" --width 1280 --height 720
cp "$demo/slides/02.png" "$out/present-view-step.png" && rm -rf "$demo"

# --- Real windows under Xvfb ----------------------------------------------------------------
command -v Xvfb >/dev/null || { echo "Xvfb is not installed: skipping window screenshots"; exit 0; }
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
export HOME=$tmp XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config XDG_RUNTIME_DIR=$tmp/run
mkdir -pm700 "$XDG_RUNTIME_DIR"

# shot NAME WIDTH HEIGHT KEYS... -- ARGS...: run the app on its own X screen of exactly the
# window's size, optionally press keys (a key "type:TEXT" types TEXT, "click:X,Y" clicks there),
# and capture the screen.
shot() {
    local name=$1 w=$2 h=$3; shift 3
    local keys=()
    while [ "$1" != "--" ]; do keys+=("$1"); shift; done; shift
    local display=:$((90 + RANDOM % 9))
    Xvfb "$display" -screen 0 "${w}x${h}x24" -nolisten tcp & local xvfb=$!
    sleep 1
    DISPLAY=$display $bin "$@" --window-size "${w}x${h}" & local app=$!
    sleep "${SHOT_WAIT:-4}"
    # Without a window manager the window gets keyboard focus only when asked for it.
    [ ${#keys[@]} -eq 0 ] ||
        DISPLAY=$display xdotool search --sync --name Chronoscope windowfocus --sync
    for k in "${keys[@]}"; do
        case $k in
            type:*) DISPLAY=$display xdotool type --delay 30 "${k#type:}" ;;
            click:*) local xy=${k#click:}
                     DISPLAY=$display xdotool mousemove "${xy%,*}" "${xy#*,}" click 1 ;;
            *) DISPLAY=$display xdotool mousemove 5 5 key --clearmodifiers "$k" ;;
        esac
        sleep 1.2
    done
    DISPLAY=$display import -window root "$out/$name.png"
    kill $app; wait $app 2>/dev/null || true
    kill $xvfb; wait $xvfb 2>/dev/null || true
    echo "wrote $out/$name.png"
}

shot window-fit-all 1400 860 -- 
shot window-july-2022 1400 860 -- --from 2022-07 --to 2022-07
shot window-details 1400 860 -- --select camarena-killed
# A Timesketch CSV: lanes from data_type, a microsecond date with its description, one warning.
shot window-timesketch 1400 860 -- tests/fixtures/formats/timesketch.csv --select e2
shot window-dark 1400 860 -- --theme dark --select caro-quintero-captured --from 2022-06 --to 2022-08
# A fall-back night read in New York's zone: 01:00 twice on the axis, an instant read in the zone.
shot window-time-zone 1280 720 -- tests/fixtures/dst-night.json --tz America/New_York \
    --from 2024-11-02T23:00-04:00 --to 2024-11-03T12:59-05:00 --select login
# A million generated events, two days of 1985: each lane's own events labelled; the thousands of
# multi-year ranges over both days bundled into the bar at each lane's foot, counted in its
# "+N unlabelled" note.
$bin generate --events 1000000 --seed 1 --output "$tmp/million.json" >/dev/null
SHOT_WAIT=25 shot window-million-days 1600 900 -- "$tmp/million.json" --from 1985-02-07 --to 1985-02-08
shot present-title 1280 720 -- --present
shot present-step 1280 720 Next Next Next Next Next Next Next Next Next -- --present
# Editing: F6 three times reaches the timeline, E opens the selected event's form at its title.
shot window-editing 1400 860 F6 F6 F6 e ctrl+a "type:Caro Quintero recaptured by the Mexican Navy" \
    Tab ctrl+a "type:2022-07-15T09:30" -- --select caro-quintero-captured --from 2022-06 --to 2022-08
# Story: the spring of 1985 without three lanes (their legend boxes), the Story panel, "Add
# current view", then its title and caption typed (a first click on the empty toolbar takes the
# focus click).
shot window-story 1280 720 click:700,12 click:51,107 click:51,130 click:51,153 click:341,12 \
    click:215,398 "type:The search for Camarena" click:245,530 \
    "type:Four weeks from the kidnapping to the discovery of the body, while the DEA searched Guadalajara." \
    -- --from 1985-01-20 --to 1985-04-15
