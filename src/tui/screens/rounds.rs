//! Verification rounds (排查, 四查三比对; docs/domain.md §9) from the county page: the rounds
//! recorded with `taizhang verify --apply` and their counts per class; Enter opens a round's
//! findings, filtered by class with ←→, and `c` twice turns the children who may be out of
//! school into 疑似辍学 cases in one step (each validated and scoped like a form's case).

use super::{Ctx, Effect, Route, Screen};
use crate::db::verify::{self, Finding, Opened, RoundRow, Skip};
use crate::db::Db;
use crate::domain::fields::{mask_value, Mask};
use crate::domain::verify::{Class, List};
use crate::i18n::follow_up::{class_label, list_label};
use crate::i18n::{fill, T};
use crate::tui::bindings::{bar, commands, Context, COLUMN_KEYS, LIST_MOVES};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::list::HeldList;
use crate::tui::widgets::paged_table::{Column, Cursor, Table};
use ratatui::layout::Rect;
use ratatui::Frame;

crate::i18n::texts! { V {
    Title => "{}排查轮次", "Verification rounds of {}";
    Context => "排查轮次", "Verification rounds";
    FindingsTitle => "第 {} 轮排查结果", "Findings of round {}";
    FindingsContext => "排查结果", "Findings";
    ColRound => "轮次", "Round";
    ColDate => "日期", "Date";
    ColPurpose => "目的", "Purpose";
    ColChecked => "人次", "Checked";
    ColSuspect => "疑似失学", "May be out";
    ColCases => "已登记", "Registered";
    ColClass => "结果", "Finding";
    ColName => "姓名", "Name";
    ColId => "身份证号", "ID number";
    ColSchool => "学校", "School";
    ColLists => "名单", "Lists";
    ColCase => "案件", "Case";
    Empty => "尚无排查记录。记录一轮：taizhang verify --county 县码 --xueji 学籍.xlsx --hukou 户籍.xlsx --apply", "No rounds yet. Record one: taizhang verify --county CODE --xueji ENROLMENT.xlsx --hukou HUKOU.xlsx --apply";
    NoFindings => "本轮没有此类结果。←→ 换一类。", "No findings of this kind in the round. ←→ for another.";
    AllClasses => "全部结果", "all findings";
    Filter => "{}，共 {} 人", "{}, {} children";
    Weak => "（姓名+出生日期+学校比对）", " (name + birth date + school)";
    HintOpen => "查看结果", "findings";
    HintClass => "换类别", "kind";
    HintCases => "登记为案件", "register cases";
    ConfirmCases => "将把 {} 名可能失学的儿童登记为疑似辍学案件（年级按年龄推算）。再按 c 确认，其他键取消。", "{} children who may be out of school will be registered as suspected cases (grade by age). Press c again to confirm, any other key cancels.";
    NothingToOpen => "本轮没有尚未登记的疑似失学儿童。", "The round has no child who may be out of school and is not yet a case.";
    Opened => "已登记 {} 件疑似辍学案件。", "Registered {} suspected cases.";
    NotOpened => "{} 人未登记：{}", "{} not registered: {}";
    CaseNote => "{} 排查（第 {} 轮）发现：{}，原因待核实", "found in the verification round of {} (round {}): {}; reason to be checked";
    SkipNoSchool => "{}：学校「{}」不是本县在办学校，请手工登记", "{}: school \"{}\" is not an open school of the county; register by hand";
    SkipNoGrade => "{}：名单无出生日期或不在义务教育年龄，不能推算年级，请手工登记", "{}: no birth date or not of compulsory-school age, so no grade; register by hand";
    SkipInvalid => "{}：{}", "{}: {}";
    SkipDuplicate => "{}：已有未结案件", "{}: already has an open case";
}}

// ---------------------------------------------------------------------------------------
// The rounds of a county.

#[derive(Default)]
pub struct RoundsScreen {
    code: String,
    title: String,
    rounds: HeldList<RoundRow>,
}

impl RoundsScreen {
    pub fn new(db: &Db, code: &str, title: &str) -> RoundsScreen {
        let rounds = HeldList::new(db, "rounds");
        let mut s = RoundsScreen { code: code.to_string(), title: title.to_string(), rounds };
        s.load(db);
        s
    }

    fn load(&mut self, db: &Db) -> bool {
        let load = verify::rounds(db, &self.code).map_err(|e| crate::i18n::errors::report_error(db, &e));
        self.rounds.replace(load)
    }
}

/// How many of a round's findings may be children out of school.
fn suspects(r: &RoundRow) -> i64 {
    r.counts.iter().filter(|(c, _)| c.is_suspect()).map(|(_, n)| n).sum()
}

fn rounds_table(cols: usize) -> Table {
    Table::new(
        vec![
            Column::right(V::ColRound.s(), 4).key("round").kept(),
            Column::left(V::ColDate.s(), 10).key("date").kept(),
            Column::right(V::ColChecked.s(), 6).key("checked"),
            Column::right(V::ColSuspect.s(), 8).key("suspect"),
            Column::flex(V::ColPurpose.s(), 8).key("purpose"),
        ],
        cols,
    )
}

impl Screen for RoundsScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![fill(V::Title.s(), &[&self.title])]
    }

    fn context(&self) -> &'static Context {
        &ROUND_KEYS
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if let Some(effect) = self.rounds.update(action, ctx.db) {
            return effect;
        }
        match action {
            Action::Enter => match self.rounds.selected() {
                Some(r) => Effect::Open(Route::Findings { round: r.id, held_on: r.held_on.clone() }),
                None => Effect::None,
            },
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => Effect::Pop,
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let table = rounds_table(area.width as usize);
        self.rounds.render(frame, area, table, V::Empty.s(), theme, |r| {
            let cells = vec![
                r.id.to_string(),
                r.held_on.clone(),
                r.checked.to_string(),
                suspects(r).to_string(),
                r.purpose.clone(),
            ];
            (cells, false)
        });
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.load(db)
    }
}

// ---------------------------------------------------------------------------------------
// One round's findings.

pub struct FindingsScreen {
    round: i64,
    held_on: String,
    /// `None`: every class.
    class: Option<Class>,
    findings: HeldList<Finding>,
    /// `c` was pressed once: the next `c` registers the cases.
    confirming: bool,
}

impl FindingsScreen {
    pub fn new(db: &Db, round: i64, held_on: &str) -> FindingsScreen {
        let mut s = FindingsScreen {
            round,
            held_on: held_on.to_string(),
            class: None,
            findings: HeldList::new(db, "findings"),
            confirming: false,
        };
        s.load(db);
        s
    }

    fn load(&mut self, db: &Db) -> bool {
        let load = verify::findings(db, self.round, self.class).map_err(|e| crate::i18n::errors::report_error(db, &e));
        self.findings.replace(load)
    }

    /// ←→: every class, then each class in turn.
    fn cycle(&mut self, db: &Db, forward: bool) {
        let order: Vec<Option<Class>> = std::iter::once(None).chain(Class::ALL.into_iter().map(Some)).collect();
        let at = order.iter().position(|c| *c == self.class).unwrap_or(0);
        let step = if forward { 1 } else { order.len() - 1 };
        self.class = order.get((at + step) % order.len()).copied().flatten();
        self.findings.cursor = Cursor::default();
        self.load(db);
    }

    /// `c`: first says how many cases it will register, the second `c` registers them.
    fn open_cases(&mut self, ctx: &mut Ctx) -> Effect {
        if let Some(msg) = super::refusal(ctx.db, None, false) {
            return Effect::Message(msg);
        }
        let pending = match verify::findings(ctx.db, self.round, None) {
            Ok(all) => all.iter().filter(|f| f.class.is_suspect() && f.case_id.is_none()).count(),
            Err(e) => return Effect::Message(crate::i18n::errors::report_error(ctx.db, &e)),
        };
        if pending == 0 {
            return Effect::Message(V::NothingToOpen.s().to_string());
        }
        if !self.confirming {
            self.confirming = true;
            return Effect::Message(fill(V::ConfirmCases.s(), &[&pending]));
        }
        self.confirming = false;
        let (round, held_on) = (self.round, self.held_on.clone());
        let note = |c: Class| fill(V::CaseNote.s(), &[&held_on, &round, &class_label(c)]);
        let result = verify::open_cases(ctx.db, self.round, note);
        self.load(ctx.db);
        match result {
            Ok(opened) => Effect::Message(opened_text(ctx.db, &opened)),
            Err(e) => crate::tui::flows::write_failed(ctx.db, &e),
        }
    }
}

/// What `c` did: the cases registered, and each child left out with why.
fn opened_text(db: &Db, o: &Opened) -> String {
    let mut out = fill(V::Opened.s(), &[&o.created.len()]);
    if !o.skipped.is_empty() {
        let why: Vec<String> = o.skipped.iter().map(|(_, name, skip)| skip_text(db, name, skip)).collect();
        out.push_str(&fill(V::NotOpened.s(), &[&o.skipped.len(), &why.join(T::ListSep.s())]));
    }
    out
}

fn skip_text(db: &Db, name: &str, skip: &Skip) -> String {
    match skip {
        Skip::NoSchool(school) => fill(V::SkipNoSchool.s(), &[&name, school]),
        Skip::NoGrade => fill(V::SkipNoGrade.s(), &[&name]),
        Skip::Invalid(errors) => {
            let texts: Vec<String> = errors.iter().map(|(_, e)| crate::i18n::ledger::case_error(e)).collect();
            fill(V::SkipInvalid.s(), &[&name, &texts.join(T::ListSep.s())])
        }
        Skip::Duplicate(_) => fill(V::SkipDuplicate.s(), &[&name]),
        Skip::Refused(r) => fill(V::SkipInvalid.s(), &[&name, &crate::i18n::errors::session_refusal(db, r)]),
    }
}

fn lists_text(lists: &[List]) -> String {
    lists.iter().map(|l| list_label(*l)).collect::<Vec<_>>().join(T::ListSep.s())
}

fn findings_table(cols: usize) -> Table {
    Table::new(
        vec![
            Column::left(V::ColClass.s(), 12).key("finding"),
            Column::left(V::ColName.s(), 8).key("name"),
            Column::left(V::ColId.s(), 18).key("id").kept(),
            Column::right(V::ColCase.s(), 6).key("case").kept(),
            Column::flex(V::ColSchool.s(), 8).key("school"),
            Column::left(V::ColLists.s(), 14).key("lists"),
        ],
        cols,
    )
}

impl Screen for FindingsScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![fill(V::FindingsTitle.s(), &[&self.round])]
    }

    fn context(&self) -> &'static Context {
        &FINDING_KEYS
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let confirming = std::mem::take(&mut self.confirming);
        if let Some(effect) = self.findings.update(action, ctx.db) {
            return effect;
        }
        match action {
            Action::Left => self.cycle(ctx.db, false),
            Action::Right => self.cycle(ctx.db, true),
            Action::Cmd(Command::OpenCases) => {
                self.confirming = confirming;
                return self.open_cases(ctx);
            }
            Action::Enter => match self.findings.selected().and_then(|f| f.case_id) {
                Some(case) => return Effect::Open(Route::Case(case)),
                None => return Effect::None,
            },
            Action::Cmd(Command::Back) | Action::Backspace => return Effect::Pop,
            _ => return Effect::None,
        }
        Effect::Changed
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let class = self.class.map_or(V::AllClasses.s(), class_label);
        let title = fill(V::Filter.s(), &[&class, &self.findings.rows.data.len()]);
        let head = Rect { height: 1.min(area.height), ..area };
        frame.render_widget(ratatui::widgets::Paragraph::new(title).style(theme.dim), head);
        let body = Rect { y: area.y + head.height, height: area.height - head.height, ..area };
        let table = findings_table(area.width as usize);
        self.findings.render(frame, body, table, V::NoFindings.s(), theme, |f| {
            let id = f.child.id_number.as_deref().map(|n| mask_value(Mask::Id, n)).unwrap_or_default();
            let weak = if f.child.weak { V::Weak.s() } else { "" };
            let cells = vec![
                class_label(f.class).to_string(),
                f.child.name.clone(),
                id,
                f.case_id.map(|c| format!("#{c}")).unwrap_or_default(),
                format!("{}{weak}", f.child.school),
                lists_text(&f.child.lists),
            ];
            (cells, !f.class.is_suspect())
        });
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.load(db)
    }
}

// ---------------------------------------------------------------------------------------
// These screens' keys (see `crate::tui::bindings`).

pub static ROUND_KEYS: Context = commands(
    "Verification rounds",
    || V::Context.s(),
    &[&[bar(&["Enter"], Command::Open, || V::HintOpen.s())], LIST_MOVES, COLUMN_KEYS],
);

pub static FINDING_KEYS: Context = commands(
    "Round findings",
    || V::FindingsContext.s(),
    &[
        &[
            bar(&["←→"], Command::Cycle, || V::HintClass.s()),
            bar(&["c"], Command::OpenCases, || V::HintCases.s()),
            bar(&["Enter"], Command::Open, || T::HintOpen.s()),
        ],
        LIST_MOVES,
        COLUMN_KEYS,
    ],
);
