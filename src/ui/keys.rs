//! Keyboard shortcuts of the main window, as commands. Presentation mode has its own keys (see
//! `presentation`); text boxes and open dialogs keep theirs.

use super::commands::Command;
use egui::{Key, Modifiers};

/// What decides which keys are the window's this frame.
pub struct KeyContext {
    /// The search box had keyboard focus last frame (Escape there clears the search).
    pub search_had_focus: bool,
    /// A dialog window is open: its widgets own the plain keys.
    pub dialog_open: bool,
    /// An event is selected (Ctrl+C copies its citation).
    pub has_selection: bool,
    /// The timeline canvas has keyboard focus: the arrow keys are its.
    pub canvas_focused: bool,
    /// Editing is allowed (not read-only).
    pub editable: bool,
}

/// Ctrl+C copies the selected event's citation, unless a text field or selected label text is
/// what the user is copying. The platform turns Ctrl+C into `Event::Copy`; a bare key event
/// counts too (other backends, tests).
fn copies_citation(ctx: &egui::Context) -> bool {
    let copying_text = ctx.text_edit_focused()
        || ctx
            .plugin_opt::<egui::text_selection::LabelSelectionState>()
            .is_some_and(|s| s.lock().has_selection());
    !copying_text
        && ctx.input_mut(|i| {
            let copy = i.events.iter().any(|e| matches!(e, egui::Event::Copy));
            i.consume_key(Modifiers::COMMAND, Key::C) || copy
        })
}

/// The window's keys. Tab and Shift+Tab are left to egui (they move between controls); the
/// arrow keys, Home/End, +/− and Enter act on the timeline only while the canvas has focus.
pub fn shortcuts(ctx: &egui::Context, kc: &KeyContext) -> Vec<Command> {
    let cmd = Modifiers::COMMAND;
    let none = Modifiers::NONE;
    let mut out = Vec::new();
    // A text box keeps its own undo (Ctrl+Z) while it has focus.
    let typing = ctx.text_edit_focused();
    ctx.input_mut(|i| {
        if i.consume_key(cmd, Key::E) {
            out.push(if kc.dialog_open {
                Command::CloseDialog
            } else {
                Command::OpenExportDialog
            });
        }
        if kc.dialog_open {
            return;
        }
        // Shift variants first: consume_key ignores an extra Shift.
        let cmd_shift = cmd | Modifiers::SHIFT;
        if i.consume_key(cmd_shift, Key::S) {
            out.push(Command::SaveAs);
        }
        if i.consume_key(cmd, Key::S) {
            out.push(Command::Save);
        }
        if !typing && (i.consume_key(cmd_shift, Key::Z) || i.consume_key(cmd, Key::Y)) {
            out.push(Command::Redo);
        }
        if !typing && i.consume_key(cmd, Key::Z) {
            out.push(Command::Undo);
        }
        if kc.editable && i.consume_key(cmd, Key::N) {
            out.push(Command::NewEvent {
                at_secs: None,
                lane: None,
            });
        }
        if i.consume_key(cmd, Key::O) {
            out.push(Command::OpenDialog);
        }
        if i.consume_key(cmd, Key::F) {
            out.push(Command::FocusSearch);
        }
        if i.consume_key(none, Key::F5) {
            out.push(Command::EnterPresentation);
        }
        if i.consume_key(none, Key::F1) {
            out.push(Command::ShowKeyboardHelp);
        }
        // Shift+F6 first: consume_key(NONE, F6) would also match it.
        if i.consume_key(Modifiers::SHIFT, Key::F6) {
            out.push(Command::CycleRegion(-1));
        }
        if i.consume_key(none, Key::F6) {
            out.push(Command::CycleRegion(1));
        }
    });
    // Escape in the search box: egui has already taken focus away this frame, so ask
    // whether the box had focus last frame.
    if kc.search_had_focus && ctx.input_mut(|i| i.consume_key(none, Key::Escape)) {
        out.push(Command::ClearSearch);
    }
    if kc.has_selection && !kc.dialog_open && copies_citation(ctx) {
        out.push(Command::CopyCitation);
    }
    // While typing, or while a dialog is open, plain keys belong to those widgets; outside the
    // canvas they belong to whatever control has focus. Keys never move the view from there.
    if ctx.text_edit_focused() || kc.dialog_open || !kc.canvas_focused {
        return out;
    }
    out.extend(canvas_keys(ctx, kc.editable));
    out
}

/// The focused canvas' keys: ←/→ events in time, ↑/↓ lanes, Home/End, +/−, Shift+←/→ pan,
/// Enter to the details, Z zoom to the selection, F fit, Esc clear the selection; when editing
/// is allowed, E edits the selected event, Delete removes and Ctrl+D duplicates the selection,
/// Alt+←/→ nudges it by one unit of its precision.
fn canvas_keys(ctx: &egui::Context, editable: bool) -> Vec<Command> {
    let none = Modifiers::NONE;
    let shift = Modifiers::SHIFT;
    let alt = Modifiers::ALT;
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        if editable {
            // Alt+arrows before the plain arrows: consume_key ignores an extra Alt.
            if i.consume_key(alt, Key::ArrowLeft) {
                out.push(Command::Nudge(-1));
            }
            if i.consume_key(alt, Key::ArrowRight) {
                out.push(Command::Nudge(1));
            }
            if i.consume_key(Modifiers::COMMAND, Key::D) {
                out.push(Command::DuplicateSelected);
            }
            if i.consume_key(none, Key::Delete) || i.consume_key(none, Key::Backspace) {
                out.push(Command::DeleteSelected);
            }
            if i.consume_key(none, Key::E) {
                out.push(Command::StartEditing);
            }
        }
        // Shift+arrows first: consume_key(NONE, …) would also match them.
        if i.consume_key(shift, Key::ArrowLeft) {
            out.push(Command::PanFraction { fraction: -0.2 });
        }
        if i.consume_key(shift, Key::ArrowRight) {
            out.push(Command::PanFraction { fraction: 0.2 });
        }
        if i.consume_key(none, Key::ArrowLeft) {
            out.push(Command::SelectStep(-1));
        }
        if i.consume_key(none, Key::ArrowRight) {
            out.push(Command::SelectStep(1));
        }
        if i.consume_key(none, Key::ArrowUp) {
            out.push(Command::SelectLane(-1));
        }
        if i.consume_key(none, Key::ArrowDown) {
            out.push(Command::SelectLane(1));
        }
        if i.consume_key(none, Key::Home) {
            out.push(Command::SelectFirst);
        }
        if i.consume_key(none, Key::End) {
            out.push(Command::SelectLast);
        }
        if i.consume_key(none, Key::Plus)
            || i.consume_key(none, Key::Equals)
            || i.consume_key(shift, Key::Equals)
        {
            out.push(Command::ZoomCentre { factor: 2.0 });
        }
        if i.consume_key(none, Key::Minus) {
            out.push(Command::ZoomCentre { factor: 0.5 });
        }
        if i.consume_key(none, Key::F) {
            out.push(Command::FitAll);
        }
        if i.consume_key(none, Key::Z) {
            out.push(Command::ZoomToSelected);
        }
        if i.consume_key(none, Key::Enter) {
            out.push(Command::FocusDetails);
        }
        if i.consume_key(none, Key::Escape) {
            out.push(Command::Select(None));
        }
    });
    out
}
