//! A picker as a screen of its own: it sits on top of the screen that asked, and hands the
//! choice back as a typed message (`Effect::PopPicked`).

use super::{Ctx, Effect, Screen};
use crate::tui::bindings::{self, Context};
use crate::tui::keymap::Action;
use crate::tui::nav::PickKind;
use crate::tui::theme::Theme;
use crate::tui::widgets::picker::{Picker, PickerEvent};
use ratatui::layout::Rect;
use ratatui::Frame;

pub struct PickerScreen {
    picker: Picker,
    kind: PickKind,
}

impl PickerScreen {
    pub fn new(picker: Picker, kind: PickKind) -> PickerScreen {
        PickerScreen { picker, kind }
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
            PickerEvent::Pending => Effect::Changed,
            PickerEvent::Cancelled => Effect::Pop,
            PickerEvent::Chosen(values) => match self.kind.picked(values, &self.picker) {
                Some(p) => Effect::PopPicked(p),
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
