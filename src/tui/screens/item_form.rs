//! The forms of an item ledger: a new item (kind and school picked from lists, problem,
//! measure, responsible unit and person, dates), editing its facts, and the steps taken on
//! it: a progress entry, the close (销号: date, evidence, who verified it) and a reopening.
//! Each field is checked as the user leaves it and again on F2; a refused or conflicting
//! save changes nothing and says why beside the field.

use super::item_view::Step;
use super::{Ctx, Effect, Screen};
use crate::db::items::{self, Item, ItemKind};
use crate::db::{Db, Rule, WriteError};
use crate::domain::fields::{Field as TableField, Kind};
use crate::domain::items::{self as rules, ItemError, CLOSE_FIELDS, ENTRY_FIELDS, FIELDS};
use crate::i18n::items::{item_error, kind_label, kind_name};
use crate::i18n::ledger::label_of;
use crate::i18n::{fill, T};
use crate::tui::flows::record_form::{self, RecordForm};
use crate::tui::flows::school_picker;
use crate::tui::nav::{self, PickKind, Picked};
use crate::tui::screens::Route;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::picker::{Item as PickItem, Picker};
use ratatui::layout::Rect;
use ratatui::Frame;

crate::i18n::texts! { W {
    New => "列入台账", "New item";
    Edit => "修改台账项", "Edit item";
    Progress => "记录进展", "Record progress";
    Close => "销号", "Close item";
    Reopen => "重新列入", "Reopen item";
    ReopenWhy => "原因", "Why";
    ChooseKind => "选择台账类别", "Choose the ledger kind";
    Saved => "已保存第 {} 项。", "Item {} saved.";
    NeedCounty => "请在县的页面列入（或选择学校）：台账项属于一个县。", "Open items from a county (or choose a school): an item belongs to a county.";
}}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    New { region: String },
    Edit { id: i64, version: i64 },
    Progress { id: i64, version: i64, opened_on: String },
    Close { id: i64, version: i64, opened_on: String },
    Reopen { id: i64, version: i64, opened_on: String },
}

pub struct ItemForm {
    mode: Mode,
    form: Form,
    kinds: Vec<ItemKind>,
    /// The county the item belongs to: the region's, or the chosen school's.
    county: Option<String>,
}

fn text_field(f: &TableField, value: &str) -> Field {
    match f.kind {
        Kind::Note(_) => Field::multiline(f.key, label_of(f), value),
        _ => Field::text(f.key, label_of(f), value),
    }
}

fn is_county(code: &str) -> bool {
    crate::domain::region::level_of(code) == Ok(crate::domain::region::Level::County)
}

impl ItemForm {
    /// A new item in region `region` (of `kind` when the ledger shows one kind).
    pub fn new_item(db: &Db, region: &str, kind: Option<&str>) -> ItemForm {
        let kinds = items::kinds(&db.conn).unwrap_or_default();
        let kind = kind.or(kinds.first().map(|k| k.code.as_str())).unwrap_or("").to_string();
        let today = crate::domain::dates::iso(crate::db::today());
        let fields = FIELDS
            .iter()
            .map(|f| match f.key {
                "kind" => Field::picked(f.key, label_of(f), &kind, kind_name(&kinds, &kind)),
                "school_id" => Field::picked(f.key, label_of(f), "", ""),
                "opened_on" => text_field(f, &today),
                _ => text_field(f, ""),
            })
            .collect();
        let county = is_county(region).then(|| region.to_string());
        ItemForm { mode: Mode::New { region: region.to_string() }, form: Form::new(fields), kinds, county }
    }

    /// A step on `item` (its facts, a progress entry, the close, a reopening).
    pub fn step(db: &Db, item: &Item, step: Step) -> ItemForm {
        let kinds = items::kinds(&db.conn).unwrap_or_default();
        let (id, version, opened_on) = (item.id, item.version, item.record.opened_on.clone());
        let today = crate::domain::dates::iso(crate::db::today());
        let (mode, fields): (Mode, Vec<Field>) = match step {
            Step::Edit => {
                let texts = item.record.texts();
                let value =
                    |k: &str| texts.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()).unwrap_or_default();
                let fields = FIELDS
                    .iter()
                    .map(|f| match f.key {
                        "kind" => Field::picked(f.key, label_of(f), &value("kind"), kind_name(&kinds, &value("kind"))),
                        "school_id" => Field::picked(
                            f.key,
                            label_of(f),
                            &value("school_id"),
                            &item.school.clone().unwrap_or_default(),
                        ),
                        k => text_field(f, &value(k)),
                    })
                    .collect();
                (Mode::Edit { id, version }, fields)
            }
            Step::Progress | Step::Reopen => {
                let fields = ENTRY_FIELDS
                    .iter()
                    .map(|f| match f.key {
                        "on_date" => text_field(f, &today),
                        "note" if step == Step::Reopen => Field::text(f.key, W::ReopenWhy.s(), ""),
                        _ => text_field(f, ""),
                    })
                    .collect();
                let mode = if step == Step::Progress {
                    Mode::Progress { id, version, opened_on }
                } else {
                    Mode::Reopen { id, version, opened_on }
                };
                (mode, fields)
            }
            Step::Close => {
                let fields = CLOSE_FIELDS
                    .iter()
                    .map(|f| if f.key == "closed_on" { text_field(f, &today) } else { text_field(f, "") })
                    .collect();
                (Mode::Close { id, version, opened_on }, fields)
            }
        };
        ItemForm { mode, form: Form::new(fields), kinds, county: Some(item.county_code.clone()) }
    }

    fn value(&self) -> impl Fn(&str) -> String + '_ {
        |k: &str| self.form.value(k).to_string()
    }

    /// Every field's error from the pure rules.
    fn errors(&self) -> Vec<(&'static str, ItemError)> {
        let today = crate::db::today();
        let codes: Vec<String> = self.kinds.iter().map(|k| k.code.clone()).collect();
        let v = self.value();
        match &self.mode {
            Mode::New { .. } | Mode::Edit { .. } => rules::validate(&v, &codes, today).err(),
            Mode::Close { opened_on, .. } => rules::validate_close(&v, opened_on, today).err(),
            Mode::Progress { opened_on, .. } | Mode::Reopen { opened_on, .. } => {
                rules::validate_entry(&v, opened_on, today).err()
            }
        }
        .unwrap_or_default()
    }

    fn check_field(&mut self, index: usize) {
        let Some(key) = self.form.fields.get(index).map(|f| f.key) else { return };
        let err = self.errors().into_iter().find(|(k, _)| *k == key).map(|(_, e)| item_error(&e));
        self.form.set_error(key, err);
    }

    fn save_form(&mut self, ctx: &mut Ctx) -> Effect {
        let errors: Vec<(&str, String)> = self.errors().iter().map(|(k, e)| (*k, item_error(e))).collect();
        let failed = !errors.is_empty();
        let summary = self.form.show_errors(errors);
        if failed {
            return Effect::Message(summary);
        }
        let today = crate::db::today();
        let codes: Vec<String> = self.kinds.iter().map(|k| k.code.clone()).collect();
        let texts = self.form.values();
        let v = move |k: &str| texts.iter().find(|(key, _)| *key == k).map(|(_, t)| t.clone()).unwrap_or_default();
        let result: Result<i64, WriteError> = match &self.mode {
            Mode::New { .. } => {
                let Some(county) = self.county.clone() else { return Effect::Message(W::NeedCounty.s().into()) };
                match rules::validate(&v, &codes, today) {
                    Ok(rec) => items::insert(ctx.db, &county, &rec),
                    Err(_) => return Effect::None,
                }
            }
            Mode::Edit { id, version } => match rules::validate(&v, &codes, today) {
                Ok(rec) => items::update(ctx.db, *id, *version, &rec).map(|_| *id),
                Err(_) => return Effect::None,
            },
            Mode::Progress { id, version, opened_on } => match rules::validate_entry(&v, opened_on, today) {
                Ok(e) => items::progress(ctx.db, *id, *version, &e).map(|_| *id),
                Err(_) => return Effect::None,
            },
            Mode::Reopen { id, version, opened_on } => match rules::validate_entry(&v, opened_on, today) {
                Ok(e) => items::reopen(ctx.db, *id, *version, &e).map(|_| *id),
                Err(_) => return Effect::None,
            },
            Mode::Close { id, version, opened_on } => match rules::validate_close(&v, opened_on, today) {
                Ok(c) => items::close(ctx.db, *id, *version, &c).map(|_| *id),
                Err(_) => return Effect::None,
            },
        };
        match result {
            Ok(id) => match self.mode {
                Mode::New { .. } => Effect::Replace(Route::Item(id), Some(fill(W::Saved.s(), &[&id]))),
                _ => Effect::PopWith(fill(W::Saved.s(), &[&id])),
            },
            Err(WriteError::Conflict) => Effect::Message(T::Conflict.s().into()),
            Err(e) => {
                if let WriteError::Invalid { field, rule: Rule::Item(r) } = &e {
                    self.form.set_error(field, Some(item_error(r)));
                }
                crate::tui::flows::write_failed(ctx.db, &e)
            }
        }
    }

    fn pick_for(&mut self, index: usize, db: &Db) -> Effect {
        match self.form.fields.get(index).map(|f| f.key) {
            Some("kind") => {
                let list: Vec<PickItem> =
                    self.kinds.iter().map(|k| PickItem::new(k.code.clone(), kind_label(k), k.code.clone())).collect();
                let mut picker = Picker::new(W::ChooseKind.s(), list);
                picker.select_value(self.form.value("kind"));
                Effect::Open(Route::Pick(Box::new(picker), PickKind::ItemKind))
            }
            Some("school_id") => {
                let region = match &self.mode {
                    Mode::New { region } => region.clone(),
                    _ => self.county.clone().unwrap_or_default(),
                };
                school_picker(db, &region)
            }
            _ => Effect::None,
        }
    }

    fn title(&self) -> &'static str {
        match self.mode {
            Mode::New { .. } => W::New.s(),
            Mode::Edit { .. } => W::Edit.s(),
            Mode::Progress { .. } => W::Progress.s(),
            Mode::Close { .. } => W::Close.s(),
            Mode::Reopen { .. } => W::Reopen.s(),
        }
    }
}

impl RecordForm for ItemForm {
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn left_field(&mut self, index: usize, _db: &Db) {
        self.check_field(index);
    }

    fn pick(&mut self, index: usize, db: &Db) -> Effect {
        self.pick_for(index, db)
    }

    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        self.save_form(ctx)
    }
}

impl Screen for ItemForm {
    record_form::form_screen_basics!();

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        self.form.view_framed(frame, area, self.title(), theme);
    }

    fn on_picked(&mut self, picked: Picked, ctx: &mut Ctx) -> Effect {
        match picked {
            Picked::ItemKind { code, label } => {
                self.form.set_value("kind", &code, &label);
                self.form.set_error("kind", None);
            }
            Picked::School { id, name } => {
                self.form.set_value("school_id", &id.to_string(), &name);
                self.form.set_error("school_id", None);
                if matches!(self.mode, Mode::New { .. }) {
                    self.county =
                        crate::db::cases::school_county(&ctx.db.conn, id).ok().flatten().or(self.county.clone());
                }
            }
            other => return nav::unexpected(&other),
        }
        Effect::Changed
    }
}
