//! A picker as a screen of its own: it sits on top of the screen that asked, and hands the
//! choice back through `Effect::PopApply`.

use super::{Apply, Ctx, Effect, Screen};
use crate::tui::bindings::{self, Context};
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::picker::{Picked, Picker};
use ratatui::layout::Rect;
use ratatui::Frame;

/// Turns the chosen values into what the asking screen should do with them.
pub type OnPick = Box<dyn FnOnce(Vec<String>) -> Apply>;

pub struct PickerScreen {
    picker: Picker,
    on_pick: Option<OnPick>,
}

impl PickerScreen {
    pub fn new(picker: Picker, on_pick: OnPick) -> PickerScreen {
        PickerScreen { picker, on_pick: Some(on_pick) }
    }
}

impl Screen for PickerScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![self.picker.title.clone()]
    }

    fn context(&self) -> &'static Context {
        &bindings::PICKER
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Effect {
        match self.picker.update(action) {
            Picked::Pending => Effect::Changed,
            Picked::Cancelled => Effect::Pop,
            Picked::Chosen(values) => match self.on_pick.take() {
                Some(f) => Effect::PopApply(f(values)),
                None => Effect::Pop,
            },
        }
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        self.picker.view(frame, area, theme);
    }
}
