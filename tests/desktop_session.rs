//! The real binary in a real X session: Xvfb, a stand-in browser on `PATH` and in `BROWSER`,
//! xdotool for the mouse and keys, xclip for the clipboard. It proves what the kittest tests
//! cannot: that a clicked source reaches a browser process with its URL, and that Ctrl+C puts the
//! citation on the X clipboard (both depend on eframe's platform integration).
//!
//! Needs `xvfb xdotool xclip libgl1-mesa-dri libxcursor1 libxi6 libxkbcommon-x11-0` (`.ci/run`
//! installs them). Without them the test is skipped, except under CI (`CI=true`), where a missing
//! tool is a failure.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TOOLS: [&str; 3] = ["Xvfb", "xdotool", "xclip"];
const WINDOW_W: u32 = 1000;
const WINDOW_H: u32 = 700;
/// The details panel's default width (`details::details_ui`).
const DETAILS_W: u32 = 340;

const EVENT_ID: &str = "caro-quintero-captured";
const SOURCE_URL: &str = "https://mx.usembassy.gov/statement-by-u-s-ambassador-ken-salazar/";

/// Kills a child we started when the test ends, however it ends.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// True when the tools are there; false (skip) when not and not under CI; panics under CI.
fn tools_present() -> bool {
    let missing: Vec<&str> = TOOLS.into_iter().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "CI: {} missing; .ci/run must install them (apt-get install xvfb xdotool xclip …)",
        missing.join(", ")
    );
    eprintln!(
        "skipped: {} not installed (apt-get install xvfb xdotool xclip libgl1-mesa-dri \
         libxcursor1 libxi6 libxkbcommon-x11-0)",
        missing.join(", ")
    );
    false
}

/// Starts Xvfb on a free display of its own (numbers far from the ones people and scripts use by
/// hand) and waits until it accepts connections.
fn start_xvfb() -> (Reaped, String) {
    let first = 300 + std::process::id() % 300;
    for n in (first..first + 40).map(|n| n % 600 + 300) {
        if Path::new(&format!("/tmp/.X{n}-lock")).exists() {
            continue;
        }
        let display = format!(":{n}");
        let mut child = Command::new("Xvfb")
            .arg(&display)
            // -noreset: by default the server resets when its last client leaves (the
            // readiness check below), and under load the app's connection could land in
            // that reset and be refused ("Failed to open connection to X server").
            .args(["-noreset", "-nolisten", "tcp", "-screen", "0"])
            .arg(format!("{WINDOW_W}x{WINDOW_H}x24"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        let ready = wait_for(30, || {
            if child.try_wait().ok().flatten().is_some() {
                return Some(false); // taken meanwhile: try the next number
            }
            Command::new("xdotool")
                .arg("getdisplaygeometry")
                .env("DISPLAY", &display)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
                .then_some(true)
        });
        let xvfb = Reaped(child);
        if ready == Some(true) {
            return (xvfb, display);
        }
    }
    panic!("no free X display for Xvfb");
}

fn run(display: &str, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .stderr(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Polls `probe` until it returns `Some`, for at most `secs` seconds.
fn wait_for<T>(secs: u64, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = probe() {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A browser stand-in that appends each URL it is given to `log`.
fn stand_in_browser(dir: &Path, log: &Path) -> PathBuf {
    let script = dir.join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n", log.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// The app on the sample with one event selected (its details panel open), in a fresh home.
fn start_app(display: &str, home: &Path, bin_dir: &Path, browser: &Path) -> Reaped {
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let child = Command::new(env!("CARGO_BIN_EXE_chronoscope"))
        .args([
            "--select",
            EVENT_ID,
            "--theme",
            "light",
            "--window-size",
            &format!("{WINDOW_W}x{WINDOW_H}"),
        ])
        .env("DISPLAY", display)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_RUNTIME_DIR", home)
        .env("PATH", path)
        .env("BROWSER", browser)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(home.join("app.log")).expect("a log file"))
        .spawn()
        .expect("chronoscope starts");
    Reaped(child)
}

#[test]
fn a_clicked_source_opens_in_the_browser_and_ctrl_c_puts_the_citation_on_the_clipboard() {
    if !tools_present() {
        return;
    }
    let (_xvfb, display) = start_xvfb();
    let home = tempfile::tempdir().unwrap();
    let bin_dir = home.path().join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let log = home.path().join("browser.log");
    let browser = stand_in_browser(&bin_dir, &log);
    let mut app = start_app(&display, home.path(), &bin_dir, &browser);

    let window = wait_for(60, || {
        let out = run(&display, "xdotool", &["search", "--name", "Chronoscope"]);
        out.lines().next().map(str::to_owned)
    })
    .unwrap_or_else(|| {
        let log = std::fs::read_to_string(home.path().join("app.log")).unwrap_or_default();
        panic!("the Chronoscope window did not appear; the app said:\n{log}")
    });
    run(&display, "xdotool", &["windowfocus", "--sync", &window]);
    // The first frames: the sample loads and the selection's details panel opens.
    std::thread::sleep(Duration::from_secs(2));

    // Ctrl+C with the event selected: the citation is on the X clipboard, served by the app.
    // On a busy machine the first frames can take a while: press again until it arrives, as a
    // person would.
    let mut last = String::new();
    let citation = wait_for(40, || {
        run(&display, "xdotool", &["windowfocus", "--sync", &window]);
        run(&display, "xdotool", &["key", "ctrl+c"]);
        std::thread::sleep(Duration::from_millis(500));
        last = run(&display, "xclip", &["-o", "-selection", "clipboard"]);
        last.contains(SOURCE_URL).then(|| last.clone())
    })
    .unwrap_or_else(|| panic!("Ctrl+C put the citation on the clipboard; it holds {last:?}"));
    for part in [
        "Caro Quintero recaptured in Sinaloa (15 Jul 2022).",
        "Lane: Caro Quintero.",
        "U.S. Embassy & Consulates in Mexico",
        "\u{201c}Statement by U.S. Ambassador Ken Salazar\u{201d} (15 Jul 2022)",
    ] {
        assert!(citation.contains(part), "{part:?} in {citation:?}");
    }

    // Click down the details panel, as someone looking for the source link would, until the
    // browser is asked for something (the panel's buttons are above where we start).
    let x = WINDOW_W - DETAILS_W + 30;
    let mut clicked_at = None;
    for y in (80..WINDOW_H - 40).step_by(8) {
        run(
            &display,
            "xdotool",
            &["mousemove", &x.to_string(), &y.to_string(), "click", "1"],
        );
        std::thread::sleep(Duration::from_millis(120));
        if log.exists() {
            clicked_at = Some(y);
            break;
        }
    }
    let opened = wait_for(5, || std::fs::read_to_string(&log).ok()).unwrap_or_default();
    assert!(
        clicked_at.is_some(),
        "no click in the details panel started the browser"
    );
    assert_eq!(
        opened.lines().collect::<Vec<_>>(),
        [SOURCE_URL],
        "the stand-in browser received exactly the source's URL"
    );
    assert!(
        app.0.try_wait().unwrap().is_none(),
        "the app is still running"
    );
}
