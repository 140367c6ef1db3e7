//! The module graph is a one-way stack (see DESIGN.md): model → view → layout → paint → slide →
//! export → ui → cli, with `io` beside `model` (using only `model`) and `theme` a leaf; `export`
//! and `cli` never use `ui` (the binary's `main` starts the window). Every
//! `crate::NAME` path in a module's source (outside its unit tests) is a use of module NAME; a use
//! of a module at the same level or above is an import circle waiting to happen, and fails here
//! with the file that has it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each top-level module with the modules it may use.
const ALLOWED: &[(&str, &[&str])] = &[
    ("theme", &[]),
    ("model", &[]),
    ("io", &["model"]),
    ("view", &["model"]),
    ("layout", &["model", "view", "theme"]),
    ("paint", &["model", "view", "theme", "layout"]),
    ("slide", &["model", "view", "theme", "layout", "paint"]),
    (
        "export",
        &["model", "io", "view", "theme", "layout", "paint", "slide"],
    ),
    ("generate", &["model", "io"]),
    (
        "ui",
        &[
            "model", "io", "view", "theme", "layout", "paint", "slide", "export",
        ],
    ),
    // The command line renders and converts without the window: only `main` starts `ui`.
    (
        "cli",
        &[
            "model", "io", "view", "theme", "layout", "paint", "slide", "export", "generate",
        ],
    ),
];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            rust_files(&p, out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The top-level modules named by `crate::NAME` in `text`.
fn crate_uses(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(k) = rest.find("crate::") {
        let after = &rest[k + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // `crate::{a, b}` lists several.
        if name.is_empty() && after.starts_with('{') {
            let list = &after[1..after.find('}').unwrap_or(after.len())];
            for item in list.split(',') {
                let item: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !item.is_empty() {
                    found.insert(item);
                }
            }
        } else if !name.is_empty() {
            found.insert(name);
        }
        rest = after;
    }
    found
}

#[test]
fn modules_form_a_one_way_stack() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules: Vec<&str> = ALLOWED.iter().map(|(m, _)| *m).collect();
    let mut problems = Vec::new();
    for (module, allowed) in ALLOWED {
        let dir = src.join(module);
        let mut files = Vec::new();
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        } else {
            files.push(src.join(format!("{module}.rs")));
        }
        assert!(files.iter().all(|f| f.exists()), "module {module} missing");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // Unit tests (at the end of a file) may use a test-data generator from anywhere.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for used in crate_uses(code) {
                if used == *module || !modules.contains(&used.as_str()) {
                    continue;
                }
                if !allowed.contains(&used.as_str()) {
                    problems.push(format!(
                        "{} uses crate::{used}, which {module} may not use",
                        file.strip_prefix(&src).unwrap_or(&file).display()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_top_level_module_is_placed_in_the_stack() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(name) = line.trim().strip_prefix("pub mod ") {
            let name = name.trim_end_matches(';');
            assert!(
                ALLOWED.iter().any(|(m, _)| *m == name),
                "module {name} is not in the stack of this test"
            );
        }
    }
}

#[test]
fn the_scanner_sees_single_and_grouped_uses() {
    let uses =
        crate_uses("use crate::ui::App;\nuse crate::{io, model::Date};\nx = crate::view::f();");
    assert_eq!(
        uses.into_iter().collect::<Vec<_>>(),
        ["io", "model", "ui", "view"]
    );
}
