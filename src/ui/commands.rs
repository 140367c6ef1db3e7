//! Everything the user can do, as data. Input handlers (mouse, keys, menus, tests) push
//! [`Command`]s; `App::apply` carries them out in one place at the end of the frame. Changes to
//! the timeline travel as [`Command::Edit`], each one undo step; undo and redo walk those edits.

use super::banner::Banner;
use super::prompt::Answer;
use crate::model::{DisplayZone, Edit};
use crate::theme::ThemeChoice;
use crate::view::TimeView;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Zoom by `factor` (> 1 zooms in) about canvas x `x` (points from the canvas' left edge).
    ZoomAt {
        x: f32,
        factor: f64,
    },
    /// Zoom about the canvas centre, animated (keyboard +/−).
    ZoomCentre {
        factor: f64,
    },
    /// Pan by pixels (positive shows earlier times).
    Pan {
        dx: f32,
    },
    /// Pan by a fraction of the view, animated (keyboard ←/→).
    PanFraction {
        fraction: f64,
    },
    /// Jump to a view without animation (dragging, overview strip).
    SetView(TimeView),
    /// Ease to a view.
    AnimateTo(TimeView),
    FitAll,
    ZoomToSelected,
    Select(Option<usize>),
    /// Select the next (+1) or previous (−1) event in time among those shown, keeping it in view.
    SelectStep(i32),
    OpenDialog,
    OpenPath(PathBuf),
    /// Show the "type a path" box (when no dialog service is available).
    AskForPath,
    OpenSample,
    /// Stop the load in progress; the timeline on screen stays.
    CancelLoad,
    /// Read the open file again with other reading choices (sheet, slashed dates, lanes).
    Reread(crate::io::LoadOptions),
    FocusSearch,
    SetSearch(String),
    /// Move to the next (+1) or previous (−1) search match.
    SearchStep(i32),
    ClearSearch,
    ToggleLane(usize),
    ToggleTag(String),
    ShowAll,
    SetTheme(ThemeChoice),
    /// Read times in this zone (View ▸ Time zone); naive dates are placed in it.
    SetTimeZone(DisplayZone),
    ShowBanner(Banner),
    DismissBanner,
    /// Show or hide the legend panel.
    SetLegendShown(bool),
    /// Open a link in the browser (only http, https and mailto are ever opened).
    OpenUrl(String),
    CopyText(String),
    /// Copy the selected event's citation (title, date, lane, sources) to the clipboard.
    CopyCitation,
    EnterPresentation,
    ExitPresentation,
    /// Presentation: go to step n (0-based), animated.
    GoToStep(usize),
    PresentationStep(i32),
    ToggleBlank,
    OpenExportDialog,
    /// Open the export dialog set to a PDF handout of the story (presentation mode, File menu).
    OpenHandoutExport,
    /// Close the open dialog (export, keyboard help) and give focus back to where it was.
    CloseDialog,
    ShowKeyboardHelp,
    /// Select the nearest event in time in the lane above (−1) or below (+1).
    SelectLane(i32),
    /// Select the first / last event shown, keeping it in view.
    SelectFirst,
    SelectLast,
    /// Enter on the canvas: move keyboard focus into the details panel (selecting the first
    /// event in view if nothing is selected).
    FocusDetails,
    /// F6 / Shift+F6: focus the next / previous region (toolbar, legend, canvas, details).
    CycleRegion(i32),

    // Editing. Each edit is one undo step; the selection follows what it touched.
    Edit(Edit),
    Undo,
    Redo,
    /// Edit mode of the details panel for the selected event (E).
    StartEditing,
    StopEditing,
    /// A new event at `at_secs` (default: the view's centre) in `lane` (default: the selected
    /// event's lane), dated at the precision the zoom suggests; opens it for editing.
    NewEvent {
        at_secs: Option<f64>,
        lane: Option<usize>,
    },
    DeleteSelected,
    DuplicateSelected,
    /// Move the selected events by one unit of their precision (Alt+←/→).
    Nudge(i32),
    /// Add an event to the selection or take it out (Ctrl+click).
    ToggleSelected(usize),
    /// Select these events (a rubber band); the first is the one the details panel shows.
    SelectMany(Vec<usize>),
    Save,
    SaveAs,
    /// Load the open file again from disk (asks first when there are unsaved changes).
    Reload,
    /// The answer to the question on screen (unsaved changes, changed on disk, recovery).
    Answer(Answer),
    ToggleStoryPanel,
    /// The Eras window (Edit ▸ Eras…).
    ToggleErasPanel,
}
