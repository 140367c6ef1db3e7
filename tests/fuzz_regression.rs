//! Every committed fuzz corpus file (`fuzz/corpus/TARGET/`) and every past crash or hang input
//! (`fuzz/regressions/TARGET/`) goes through its target's check on the stable toolchain, so CI
//! keeps what the fuzzing campaign found fixed without nightly or libFuzzer. A watchdog fails
//! an input that does not finish (a hang), instead of letting the test run forever.

#[path = "support/fuzz_checks.rs"]
mod fuzz_checks;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// An input still running after this long is a hang. Each takes milliseconds in a debug build;
/// this is a limit for a stuck loop, not a speed check.
const HANG_AFTER: Duration = Duration::from_secs(120);

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `check` on every input of `target` in a worker thread, failing on a panic (naming the
/// file) or on a hang.
fn replay(target: &'static str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = inputs(&root.join("corpus").join(target));
    files.extend(inputs(&root.join("regressions").join(target)));
    let count = files.len();
    for file in files {
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let (done, finished) = mpsc::channel();
        let name = file.display().to_string();
        let worker = std::thread::spawn(move || {
            check(&bytes);
            let _ = done.send(());
        });
        match finished.recv_timeout(HANG_AFTER) {
            Ok(()) => {
                let _ = worker.join();
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                if let Err(panic) = worker.join() {
                    let why = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    panic!("{target}: {name} fails: {why}");
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("{target}: {name} hangs"),
        }
    }
    count
}

#[test]
fn every_corpus_and_crash_input_passes_its_target() {
    let mut total = 0;
    for (target, check) in fuzz_checks::TARGETS {
        let n = replay(target, check);
        assert!(n > 0, "fuzz target {target} has no committed corpus");
        total += n;
    }
    eprintln!("{total} fuzz inputs replayed");
}
