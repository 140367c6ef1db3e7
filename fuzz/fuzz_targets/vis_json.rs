//! Fuzz target `vis_json`: see `tests/support/fuzz_checks.rs` for what it checks.
#![no_main]

#[path = "../../tests/support/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::vis_json(data));
