//! One file per screen. Each keeps its own state, turns actions into state changes and
//! effects (`update`), and draws itself from its state (`view`).

pub mod alliance_form;
pub mod alliance_view;
pub mod alliances;
pub mod case_form;
pub mod case_view;
pub mod county;
pub mod facts_form;
pub mod figure_form;
pub mod figures;
pub mod help;
pub mod history_report;
pub mod import;
pub mod indicators;
pub mod item_form;
pub mod item_view;
pub mod items;
pub mod jump;
pub mod ledger;
pub mod month_list;
pub mod monthly;
pub mod picker;
pub mod regions;
pub mod registry;
pub mod return_form;
pub mod rollup;
pub mod rounds;
pub mod save_as;
pub mod school_change;
pub mod school_form;
pub mod school_history;
pub mod schools;
pub mod settings_form;
pub mod sheet;
pub mod sheet_form;
pub mod step_form;
pub mod users;

use crate::db::alliances::Alliance;
use crate::db::cases::Case;
use crate::db::schools::School;
use crate::db::Db;
use crate::domain::case_status::CaseAction;
use crate::tui::bindings;
use crate::tui::bindings::Context;
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::nav::PickKind;
use crate::tui::nav::Picked;
use crate::tui::theme::Theme;
use crate::tui::widgets::picker::Picker;
use ratatui::layout::Rect;
use ratatui::Frame;

/// What the app should do after a screen handled an action. Screens name what to open
/// as a [`Route`]; only `crate::tui::nav` builds screens.
pub enum Effect {
    None,
    /// The screen changed its own state: redraw.
    Changed,
    Open(Route),
    Pop,
    /// Pop and show a message on the screen below.
    PopWith(String),
    Message(String),
    /// Replace the top screen (a duplicate case: show the existing one instead), with a
    /// message. The top goes even if the new screen cannot open (its error is shown).
    Replace(Route, Option<String>),
    /// Pop a picker and hand its choice to the screen below (`Screen::on_picked`).
    PopPicked(Picked),
    /// A write met another session's write lock; nothing changed. The app shows that it is
    /// waiting and sends the same action again until the write is done or Esc is pressed.
    Waiting,
    /// A question over this screen, answered by one key (`widgets::question`); the
    /// answer comes back to this screen as its command.
    Ask(crate::tui::widgets::question::Question),
    Quit,
}

/// What screens may use while updating: the database (reads, and writes through its one
/// write path) and nothing of the terminal.
pub struct Ctx<'a> {
    pub db: &'a mut Db,
}

/// Why the session may not make this change (`target`; `None`: any change of its kind), as
/// the one refusal sentence; `None` when it may. Screens ask before opening a form, so
/// that the user is told at once rather than on save.
pub fn refusal(db: &Db, target: Option<&crate::domain::access::Target>, admin_only: bool) -> Option<String> {
    let r = db.may_write(target, admin_only).err()?;
    Some(crate::i18n::errors::session_refusal(db, &r))
}

pub trait Screen {
    /// Breadcrumb segments this screen adds after the screens below it.
    fn crumbs(&self) -> Vec<String>;
    /// The key bindings in force now (which also say whether keys are text or commands).
    fn context(&self) -> &'static Context;
    /// Whether the hint bar offers `cmd` now, for commands that depend on the state.
    fn offers(&self, _cmd: Command) -> bool {
        true
    }
    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect;
    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme);
    /// Another session committed: reload. True if anything visible changed.
    fn refresh(&mut self, _db: &Db) -> bool {
        false
    }
    /// A picker this screen opened was answered. A screen that did not ask for `picked`
    /// says so (`nav::unexpected`), never drops it silently.
    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        crate::tui::nav::unexpected(&picked)
    }
    /// Drawn over the screen below (pickers), which stays visible around it.
    fn is_overlay(&self) -> bool {
        false
    }
    /// The form this screen edits, if it is one: the app hands its focused note to
    /// `$EDITOR` (F4) and back.
    fn form_mut(&mut self) -> Option<&mut crate::tui::widgets::form::Form> {
        None
    }
    /// Keeps unsaved input as a draft: shortly after typing, and when the session ends
    /// (SIGHUP, quit). Screens without unsaved input keep nothing.
    fn save_draft(&self, _db: &Db) -> std::io::Result<()> {
        Ok(())
    }
    /// Puts the screen on region `code` (the tree does: the command line's jumps land on
    /// it); others ignore it.
    fn show_region(&mut self, _code: &str, _db: &Db) {}
    /// A question to ask as soon as the screen opens (a form with a draft offers it).
    fn question_on_open(&self) -> Option<crate::tui::widgets::question::Question> {
        None
    }
}

// ---------------------------------------------------------------------------------------
// Every screen, and how one opens: a screen never builds another, it returns a [`Route`]
// (`Effect::Open`, `Effect::Replace`) and [`build`] turns it into the screen.

/// A screen a command can go to, named without what it needs to open: the screen that
/// binds `Command::Go(dest)` turns it into a [`Route`] from its own state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dest {
    Ledger,
    Schools,
    Alliances,
    Indicators,
    Monthly,
    Import,
    /// The cases due (thresholds that act).
    Due,
    /// The corrections against a submitted month.
    Corrections,
    /// The county's self-evaluation sheet of this year.
    Sheet,
    Users,
    /// The item ledgers (销号管理) of the region.
    Items,
    /// The county's entered evaluation figures (cohorts, rotations, enrolment, classes …).
    Figures,
    /// The special-group registry's 统计表.
    Registry,
    /// The county's 复核 rounds.
    Rechecks,
    /// The county's own deadline and due thresholds (administrators; the county page asks
    /// before opening it).
    Settings,
    /// The verification rounds (排查) of a county.
    Rounds,
    /// The overview, one row per county (per prefecture at the province).
    Overview,
    /// The region's schools by year (布局变化) and its consolidations.
    History,
}

impl Dest {
    /// Where `self` goes from a page about region `code` (`name` for the breadcrumb).
    pub fn route(self, code: &str, name: &str) -> Route {
        let (code, name) = (code.to_string(), name.to_string());
        match self {
            Dest::Ledger => Route::Ledger(LedgerScope { title: name, region: Some(code), schools: None }),
            Dest::Schools => Route::Schools { region: code, title: name },
            Dest::Alliances => Route::Alliances { region: code, title: name },
            Dest::Indicators => Route::Indicators { county: code },
            Dest::Monthly => Route::Monthly { county: code },
            Dest::Import => Route::Import { county: code },
            Dest::Due => Route::MonthList(MonthListKind::Due { county: code }),
            // From a region page: this month's (the monthly screen names its own month).
            Dest::Corrections => Route::MonthList(MonthListKind::Corrections {
                county: code,
                month: crate::domain::monthly::Month::of(crate::db::today()),
            }),
            Dest::Sheet => Route::Sheet { county: code, year: chrono::Datelike::year(&crate::db::today()) },
            Dest::Users => Route::Users { region: code, title: name },
            Dest::Registry => Route::Registry { region: code, title: name },
            Dest::Rounds => Route::Rounds { region: code, title: name },
            Dest::Items => Route::Items { region: code, title: name },
            Dest::Figures => Route::Figures { county: code },
            Dest::Settings => Route::CountySettings { code, name },
            Dest::Rechecks => Route::MonthList(MonthListKind::Rechecks { county: code }),
            Dest::Overview => Route::Overview { region: code },
            Dest::History => Route::HistoryReport { region: code },
        }
    }
}

/// Which list of the month's cycle (`month_list`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonthListKind {
    Due {
        county: String,
    },
    Corrections {
        county: String,
        month: crate::domain::monthly::Month,
    },
    /// The county's 复核 rounds and their items.
    Rechecks {
        county: String,
    },
}

/// What the item form does, opened from the item screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStep {
    Edit,
    Progress,
    Close,
    Reopen,
}

/// Which cases a ledger covers before any user filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerScope {
    /// Shown in the breadcrumb.
    pub title: String,
    pub region: Option<String>,
    pub schools: Option<Vec<i64>>,
}

/// Every screen the app can open, with what it needs to open.
pub enum Route {
    Regions,
    County {
        code: String,
        name: String,
    },
    Ledger(LedgerScope),
    Case(i64),
    NewCase {
        region: String,
        school: Option<i64>,
    },
    EditCase(Box<Case>),
    Step {
        case_id: i64,
        version: i64,
        action: CaseAction,
        region: String,
        registered_on: String,
    },
    Schools {
        region: String,
        title: String,
    },
    NewSchool {
        county: String,
    },
    EditSchool(Box<School>),
    /// A school's history (沿革), and the form of one dated change of it.
    SchoolHistory {
        school_id: i64,
    },
    SchoolChange {
        school_id: i64,
        change: crate::domain::history::Change,
    },
    /// A region's schools by year and its consolidations.
    HistoryReport {
        region: String,
    },
    Alliances {
        region: String,
        title: String,
    },
    SchoolAlliances {
        school_id: i64,
        name: String,
    },
    Alliance(i64),
    /// Refused (with a message) where alliances cannot be founded at this region's level.
    NewAlliance {
        list_region: String,
    },
    EditAlliance(Box<Alliance>),
    Facts {
        code: String,
        name: String,
    },
    /// A county's own deadline and due thresholds.
    CountySettings {
        code: String,
        name: String,
    },
    Indicators {
        county: String,
    },
    Monthly {
        county: String,
    },
    /// The overview of a region, one row per part (`report overview`).
    Overview {
        region: String,
    },
    /// A list of cases from the month's cycle (due, or corrections of a month).
    MonthList(MonthListKind),
    Import {
        county: String,
    },
    Sheet {
        county: String,
        year: i32,
    },
    /// Confirming one hand item of a sheet (refused for computed items).
    SheetEntry {
        county: String,
        year: i32,
        item: &'static str,
    },
    Users {
        region: String,
        title: String,
    },
    Registry {
        region: String,
        title: String,
    },
    /// A county's verification rounds, and one round's findings.
    Rounds {
        region: String,
        title: String,
    },
    Findings {
        round: i64,
        held_on: String,
    },
    /// The item ledgers of a county or a prefecture.
    Items {
        region: String,
        title: String,
    },
    Item(i64),
    NewItem {
        region: String,
        kind: Option<String>,
    },
    /// Editing an item, or a step on it (progress, close, reopen).
    ItemStep(Box<crate::db::items::Item>, ItemStep),
    Figures {
        county: String,
    },
    /// One row of entered figures: new (`texts`: `None`) or as stored.
    FigureRow {
        county: String,
        what: crate::domain::figures::Figures,
        texts: Option<Vec<(&'static str, String)>>,
    },
    /// A picker over the screen that asked; its choice comes back as `kind` says.
    Pick(Box<Picker>, PickKind),
    /// Writing the report on screen to a file.
    SaveAs(Box<crate::report::files::ReportFile>),
    /// 退回: the reason for returning a school's month (asked over the monthly screen).
    ReturnMonth(ReturnMonth),
}

/// Whose submission of which month a 退回 is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnMonth {
    pub county: String,
    pub school_id: i64,
    pub school_name: String,
    pub month: crate::domain::monthly::Month,
}

/// Builds the screen `route` names, or the sentence saying why it cannot open.
pub fn build(route: Route, db: &Db) -> Result<Box<dyn Screen>, String> {
    let err = |e: rusqlite::Error| e.to_string();
    Ok(match route {
        Route::Regions => Box::new(regions::RegionsScreen::new(db).map_err(err)?),
        Route::County { code, name } => Box::new(county::CountyScreen::new(db, &code, &name).map_err(err)?),
        Route::Ledger(scope) => Box::new(ledger::LedgerScreen::new(db, scope)),
        Route::Case(id) => Box::new(case_view::CaseScreen::new(db, id).map_err(err)?),
        Route::NewCase { region, school } => Box::new(case_form::CaseForm::new_case(db, &region, school).map_err(err)?),
        Route::EditCase(case) => Box::new(case_form::CaseForm::edit(db, &case)),
        Route::Step { case_id, version, action, region, registered_on } => {
            let signed_in = crate::db::users::signed_in_name(db);
            Box::new(step_form::StepForm::new(case_id, version, action, &region, registered_on, &signed_in))
        }
        Route::Schools { region, title } => Box::new(schools::SchoolsScreen::new(db, &region, &title)),
        Route::NewSchool { county } => Box::new(school_form::SchoolForm::new_school(&county)),
        Route::EditSchool(school) => Box::new(school_form::SchoolForm::edit(&school)),
        Route::SchoolHistory { school_id } => Box::new(school_history::SchoolHistoryScreen::new(db, school_id)?),
        Route::SchoolChange { school_id, change } => {
            Box::new(school_change::SchoolChangeForm::new(db, school_id, change)?)
        }
        Route::HistoryReport { region } => Box::new(history_report::HistoryReportScreen::new(db, &region)),
        Route::Alliances { region, title } => Box::new(alliances::AlliancesScreen::for_region(db, &region, &title)),
        Route::SchoolAlliances { school_id, name } => {
            Box::new(alliances::AlliancesScreen::for_school(db, school_id, &name))
        }
        Route::Alliance(id) => Box::new(alliance_view::AllianceScreen::new(db, id).map_err(err)?),
        Route::NewAlliance { list_region } => match alliance_form::AllianceForm::new_alliance(&list_region) {
            Some(form) => Box::new(form),
            None => return Err(crate::i18n::schools::S::NewAllianceWhere.s().into()),
        },
        Route::EditAlliance(a) => Box::new(alliance_form::AllianceForm::edit(&a)),
        Route::Facts { code, name } => Box::new(facts_form::FactsForm::new(db, &code, &name).map_err(err)?),
        Route::CountySettings { code, name } => Box::new(settings_form::SettingsForm::new(db, &code, &name)),
        // Above a county: one row per county (per prefecture at the province) and the total.
        Route::Indicators { county } if !is_county(&county) => Box::new(rollup::RollupScreen::indicators(db, &county)),
        Route::Monthly { county } if !is_county(&county) => Box::new(rollup::RollupScreen::monthly(db, &county)),
        Route::Overview { region } => Box::new(rollup::RollupScreen::overview(db, &region)),
        Route::Indicators { county } => Box::new(
            indicators::IndicatorsScreen::new(db, &county).map_err(|e| crate::i18n::errors::report_error(db, &e))?,
        ),
        Route::Monthly { county } => Box::new(monthly::MonthlyScreen::new(db, &county)),
        Route::MonthList(kind) => Box::new(month_list::MonthListScreen::new(db, kind).map_err(err)?),
        Route::Import { county } => Box::new(import::ImportScreen::new(&county)),
        Route::Sheet { county, year } => Box::new(sheet::SheetScreen::new(db, &county, year).map_err(err)?),
        Route::SheetEntry { county, year, item } => match sheet_form::SheetForm::new(db, &county, year, item) {
            Ok(Some(form)) => Box::new(form),
            Ok(None) => {
                return Err(crate::i18n::evaluation::entry_error(&crate::domain::evaluation::EntryError::Computed(
                    item,
                )))
            }
            Err(e) => return Err(err(e)),
        },
        Route::Users { region, title } => Box::new(users::UsersScreen::new(db, &region, &title)),
        Route::Registry { region, title } => Box::new(registry::RegistryScreen::new(db, &region, &title)),
        Route::Rounds { region, title } => Box::new(rounds::RoundsScreen::new(db, &region, &title)),
        Route::Findings { round, held_on } => Box::new(rounds::FindingsScreen::new(db, round, &held_on)),
        Route::Items { region, title } => Box::new(items::ItemsScreen::new(db, &region, &title)),
        Route::Item(id) => Box::new(item_view::ItemScreen::new(db, id)?),
        Route::NewItem { region, kind } => Box::new(item_form::ItemForm::new_item(db, &region, kind.as_deref())),
        Route::ItemStep(item, step) => Box::new(item_form::ItemForm::step(db, &item, step)),
        Route::Figures { county } => Box::new(figures::FiguresScreen::new(db, &county)),
        Route::FigureRow { county, what, texts } => Box::new(figure_form::FigureForm::new(db, &county, what, texts)),
        Route::Pick(picker, kind) => Box::new(picker::PickerScreen::new(*picker, kind)),
        Route::SaveAs(report) => Box::new(save_as::SaveAsScreen::new(*report)),
        Route::ReturnMonth(about) => Box::new(return_form::ReturnForm::new(about)),
    })
}

fn is_county(code: &str) -> bool {
    crate::domain::region::level_of(code) == Ok(crate::domain::region::Level::County)
}

/// Every screen's key context, in the order the README and the help list them: a new
/// screen adds its own here.
pub static CONTEXTS: &[&Context] = &[
    &regions::KEYS,
    &regions::FILTER_KEYS,
    &county::KEYS,
    &ledger::KEYS,
    &bindings::SEARCH,
    &bindings::FILTER_FORM,
    &case_view::KEYS,
    &bindings::FORM,
    &case_form::KEYS,
    &school_form::KEYS,
    &schools::KEYS,
    &school_history::KEYS,
    &history_report::KEYS,
    &alliances::KEYS,
    &alliance_view::KEYS,
    &indicators::KEYS,
    &indicators::DETAIL_KEYS,
    &sheet::KEYS,
    &figures::KEYS,
    &monthly::KEYS,
    &month_list::KEYS,
    &rollup::MONTHLY_KEYS,
    &rollup::INDICATOR_KEYS,
    &rollup::OVERVIEW_KEYS,
    &import::KEYS,
    &import::RESULT_KEYS,
    &save_as::KEYS,
    &users::KEYS,
    &rounds::ROUND_KEYS,
    &rounds::FINDING_KEYS,
    &registry::KEYS,
    &items::KEYS,
    &item_view::KEYS,
    &bindings::PICKER,
    &bindings::LEAVE,
    &bindings::DRAFT_OFFER,
    &bindings::CONFIRM,
    &return_form::KEYS,
    &bindings::HELP,
    &jump::KEYS,
];
