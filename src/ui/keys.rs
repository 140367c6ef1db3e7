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

pub fn shortcuts(ctx: &egui::Context, kc: &KeyContext) -> Vec<Command> {
    let cmd = Modifiers::COMMAND;
    let mut out = Vec::new();
    // A text box keeps its own undo (Ctrl+Z) while it has focus.
    let typing = ctx.text_edit_focused();
    ctx.input_mut(|i| {
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
        if i.consume_key(cmd, Key::E) {
            out.push(Command::OpenExportDialog);
        }
        if i.consume_key(Modifiers::NONE, Key::F5) {
            out.push(Command::EnterPresentation);
        }
    });
    // Escape in the search box: egui has already taken focus away this frame, so ask
    // whether the box had focus last frame.
    if kc.search_had_focus && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        out.push(Command::ClearSearch);
    }
    if kc.has_selection && copies_citation(ctx) {
        out.push(Command::CopyCitation);
    }
    // While typing, or while a dialog is open, plain keys belong to those widgets.
    if ctx.text_edit_focused() || kc.dialog_open {
        return out;
    }
    // Tab steps through events here, not through widgets: take focus back from egui.
    if ctx.input(|i| i.key_pressed(Key::Tab))
        && let Some(id) = ctx.memory(|m| m.focused())
    {
        ctx.memory_mut(|m| m.surrender_focus(id));
    }
    ctx.input_mut(|i| {
        let none = Modifiers::NONE;
        if kc.editable {
            // Alt+arrows before the plain arrows: consume_key ignores an extra Alt.
            if i.consume_key(Modifiers::ALT, Key::ArrowLeft) {
                out.push(Command::Nudge(-1));
            }
            if i.consume_key(Modifiers::ALT, Key::ArrowRight) {
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
        if i.consume_key(none, Key::ArrowLeft) {
            out.push(Command::PanFraction { fraction: -0.2 });
        }
        if i.consume_key(none, Key::ArrowRight) {
            out.push(Command::PanFraction { fraction: 0.2 });
        }
        if i.consume_key(none, Key::Plus)
            || i.consume_key(none, Key::Equals)
            || i.consume_key(Modifiers::SHIFT, Key::Equals)
        {
            out.push(Command::ZoomCentre { factor: 2.0 });
        }
        if i.consume_key(none, Key::Minus) {
            out.push(Command::ZoomCentre { factor: 0.5 });
        }
        if i.consume_key(none, Key::Home) || i.consume_key(none, Key::F) && !i.modifiers.any() {
            out.push(Command::FitAll);
        }
        if i.consume_key(none, Key::Z) {
            out.push(Command::ZoomToSelected);
        }
        // Shift+Tab first: consume_key(NONE, Tab) would also match it.
        if i.consume_key(Modifiers::SHIFT, Key::Tab) || i.consume_key(none, Key::ArrowUp) {
            out.push(Command::SelectStep(-1));
        }
        if i.consume_key(none, Key::Tab) || i.consume_key(none, Key::ArrowDown) {
            out.push(Command::SelectStep(1));
        }
        if i.consume_key(none, Key::Escape) {
            out.push(Command::Select(None));
        }
    });
    out
}
