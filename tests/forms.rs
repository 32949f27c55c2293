//! Forms that help and lose nothing by one key (issue 19): Esc on a changed form asks
//! (keep editing / discard / save as draft); a draft is offered where it was made and only
//! if it differs from what is stored; F2 with errors goes to the first bad field and a
//! message goes once its field is fixed; 经办人 starts as the signed-in person. Every
//! step is keys through the keymap, as a user types them.

mod common;

use common::{check_snapshot, press, render, type_text};
use crossterm::event::KeyCode::{self, Char, Enter, Esc, Tab, F};
use std::time::Duration;
use taizhang::db::{self, drafts::DraftStore, OpenOptions};
use taizhang::tui::app::App;
use taizhang::tui::theme::Theme;

fn screen(app: &App) -> String {
    render(app, 80, 24).join("\n")
}

/// From the tree onto the region the pinyin initials find, then `keys`.
fn region(app: &mut App, initials: &str, keys: &[KeyCode]) {
    press(app, &[Char('/')]);
    type_text(app, initials);
    press(app, &[Enter]);
    press(app, keys);
}

/// 逊克县's new-case form with a name typed into it.
fn new_case_with_name(app: &mut App, name: &str) {
    region(app, "xk", &[Char('l'), Char('n'), Tab]);
    assert_eq!(app.context().name, "Case form");
    type_text(app, name);
    press(app, &[Tab]);
}

fn drafts(dir: &tempfile::TempDir) -> DraftStore {
    DraftStore::for_database(&dir.path().join("s.db"), "tester")
}

/// The same database opened again, as the next session.
fn reopen(dir: &tempfile::TempDir) -> App {
    let opts = OpenOptions {
        path: dir.path().join("s.db"),
        create: db::Create::Never,
        busy_timeout: Duration::from_millis(500),
        login: "tester".into(),
    };
    App::new(db::open(&opts).expect("open"), Theme::new(false, false)).expect("app")
}

#[test]
fn esc_on_a_changed_form_asks_and_each_answer_does_what_it_says() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    new_case_with_name(&mut app, "问某题");
    press(&mut app, &[Esc]);
    assert_eq!(app.context().name, "Leaving a changed form", "one Esc does not throw the form away");
    check_snapshot("leave_question", &render(&app, 80, 24));
    check_snapshot("leave_question_wide", &render(&app, 200, 50));
    // Keep editing: back in the form, the name still there.
    press(&mut app, &[Esc]);
    assert_eq!(app.context().name, "Case form");
    assert!(screen(&app).contains("问某题"));
    // Save as draft: the form goes, its input is kept for this county's new-case form.
    press(&mut app, &[Esc, Char('s')]);
    assert_eq!(app.context().name, "Ledger");
    assert!(screen(&app).contains("已存为草稿"), "{}", screen(&app));
    let kept = drafts(&dir).get("case", "new-231123").expect("the draft of 逊克县's new case");
    assert_eq!(kept.values.get("name").map(String::as_str), Some("问某题"));
    // Discard: the form goes and so does the draft.
    press(&mut app, &[Char('n'), Char('r'), Esc]);
    assert_eq!(app.context().name, "Leaving a changed form", "a restored draft is a change too");
    press(&mut app, &[Char('d')]);
    assert_eq!(app.context().name, "Ledger");
    assert!(drafts(&dir).all().is_empty(), "discarded: {:?}", drafts(&dir).all());
    // An unchanged form closes on Esc at once.
    press(&mut app, &[Char('n'), Esc]);
    assert_eq!(app.context().name, "Ledger");
}

#[test]
fn a_draft_is_offered_where_it_was_made_not_opened_at_the_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    new_case_with_name(&mut app, "草某稿");
    app.save_drafts();
    drop(app);
    // A fixed time of keeping, for the snapshots.
    let file = dir.path().join("s.db.drafts/tester/case-new-231123.json");
    let text = std::fs::read_to_string(&file).expect("the draft file");
    let mut draft: serde_json::Value = serde_json::from_str(&text).expect("json");
    draft["saved_at"] = "2026-11-23 09:41:07".into();
    std::fs::write(&file, draft.to_string()).expect("write");

    // The next session starts on the tree and says where the draft is.
    let mut app = reopen(&dir);
    assert_eq!(app.context().name, "Region tree", "the draft's form is not opened by itself");
    let first = screen(&app);
    assert!(first.contains("有未保存的草稿：逊克县 登记新案件"), "{first}");
    // Another county's new-case form neither offers it nor overwrites it.
    region(&mut app, "by", &[Char('l'), Char('n')]);
    assert_eq!(app.context().name, "Case form", "no offer in another county");
    press(&mut app, &[Tab]);
    type_text(&mut app, "别某处");
    app.save_drafts();
    assert!(drafts(&dir).get("case", "new-231123").is_some_and(|d| d.values["name"] == "草某稿"));
    // Esc puts the field back, the next leaves the unchanged form; then up to the tree.
    press(&mut app, &[Esc, Esc]);
    assert_eq!(app.context().name, "Ledger");
    press(&mut app, &[Esc, Esc, Esc]);
    assert_eq!(app.context().name, "Region tree");

    // In 逊克县 the form opens as stored (blank) with the offer over it.
    region(&mut app, "xk", &[Char('l'), Char('n')]);
    assert_eq!(app.context().name, "Form with a draft");
    check_snapshot("draft_offer", &render(&app, 80, 24));
    check_snapshot("draft_offer_wide", &render(&app, 200, 50));
    assert!(!screen(&app).contains("草某稿"), "offered, not yet restored");
    // Esc: later. The form goes, the draft stays.
    press(&mut app, &[Esc]);
    assert_eq!(app.context().name, "Ledger");
    assert!(drafts(&dir).get("case", "new-231123").is_some());
    // r: restored into the form.
    press(&mut app, &[Char('n'), Char('r')]);
    assert_eq!(app.context().name, "Case form");
    assert!(screen(&app).contains("草某稿"));
}

#[test]
fn a_draft_equal_to_what_is_stored_is_not_offered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    // The first case of the ledger, edited and put back as it was.
    region(&mut app, "xk", &[Char('l'), Enter, Char('e'), KeyCode::End, Char('x'), Tab]);
    app.save_drafts();
    let store = drafts(&dir);
    let draft = store.all().into_iter().next().expect("a draft of the edit");
    press(&mut app, &[KeyCode::BackTab, KeyCode::End, KeyCode::Backspace, Tab]);
    app.save_drafts();
    assert!(store.all().is_empty(), "input back to what is stored keeps no draft");
    // A leftover equal to the stored values is dropped on opening, never offered.
    let mut values = draft.values.clone();
    if let Some(name) = values.get_mut("name") {
        name.pop();
    }
    store.save("case", &draft.row_key, &values).expect("save");
    press(&mut app, &[Esc, Char('e')]);
    assert_eq!(app.context().name, "Case form", "{}", screen(&app));
    assert!(store.all().is_empty());
}

#[test]
fn f2_with_errors_goes_to_the_first_bad_field_and_a_fixed_field_loses_its_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    region(&mut app, "xk", &[Char('l'), Char('n')]);
    // Down to the ninth field, then F2 with the name (2nd) and others empty.
    press(&mut app, &[Tab, Tab, Tab, Tab, Tab, Tab, Tab, Tab, F(2)]);
    let lines = render(&app, 80, 24);
    let name_row = lines.iter().position(|l| l.contains("│姓名")).expect("name row");
    assert!(lines[name_row + 1].contains("! "), "the name's message: {lines:#?}");
    assert!(lines[23].contains("姓名") || lines[22].contains("姓名"), "the message names it: {lines:#?}");
    // The focus is on the name: typing goes there, and its message goes as it is filled.
    type_text(&mut app, "改某正");
    let lines = render(&app, 80, 24);
    let name_row = lines.iter().position(|l| l.contains("│姓名")).expect("name row");
    assert!(lines[name_row].contains("改某正"), "typed into the first bad field: {lines:#?}");
    assert!(!lines[name_row + 1].contains("! "), "fixed, so its message is gone: {lines:#?}");
    assert!(lines.iter().any(|l| l.contains("! ")), "the other fields keep theirs");
}

#[test]
fn the_person_who_does_a_step_starts_as_the_signed_in_person() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    // A 劝返中 case's action list; 劝返 is a visit, with 经办人.
    let name: String = app
        .db
        .conn
        .query_row("SELECT name FROM cases WHERE county_code = '231123' AND status = 'persuading' LIMIT 1", [], |r| {
            r.get(0)
        })
        .expect("a 劝返中 case in 逊克县");
    region(&mut app, "xk", &[Char('l'), Char('/')]);
    type_text(&mut app, &name);
    press(&mut app, &[Enter, Enter, Char('a')]);
    type_text(&mut app, "劝返");
    press(&mut app, &[Enter]);
    let form = screen(&app);
    let who = form.lines().find(|l| l.contains("经办人")).unwrap_or_else(|| panic!("no 经办人:\n{form}"));
    assert!(who.contains("tester"), "{who}");
}
