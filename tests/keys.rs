//! The key tables (`tui::bindings`) against what the app does with them: every hinted key
//! is bound and handled, every bound key is in the help, Esc/?/q are never dropped from
//! the bar, and the README's key list is the one the tables generate
//! (`UPDATE_README=1 cargo test --test keys` rewrites it).

mod common;

use common::{press, type_text};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Mutex;
use taizhang::db::{self, OpenOptions};
use taizhang::i18n::{set_lang, Lang};
use taizhang::tui::app::{App, KeyOutcome};
use taizhang::tui::bindings::{self, Context, Key};
use taizhang::tui::commands::Command;
use taizhang::tui::keymap::{self, navigation_key, Action, InputMode};
use taizhang::tui::screens::help;
use taizhang::tui::screens::CONTEXTS as ALL;
use taizhang::tui::theme::Theme;
use taizhang::tui::widgets::hint_bar;
use unicode_width::UnicodeWidthStr;

/// The language is process-wide: tests that switch it take turns.
static LANG: Mutex<()> = Mutex::new(());

fn in_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    let _turn = LANG.lock().unwrap_or_else(|e| e.into_inner());
    set_lang(lang);
    let r = f();
    set_lang(Lang::Zh);
    r
}

fn event(desc: &str) -> Vec<KeyEvent> {
    match bindings::parse(desc) {
        Some(Key::Char(c)) => vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)],
        Some(Key::Ctrl(c)) => vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)],
        Some(Key::F(n)) => vec![KeyEvent::new(KeyCode::F(n), KeyModifiers::NONE)],
        Some(Key::Esc) => vec![KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)],
        Some(Key::Navigation) => {
            navigation_key(desc).into_iter().map(|c| KeyEvent::new(c, KeyModifiers::NONE)).collect()
        }
        None => panic!("key {desc:?} does not parse"),
    }
}

fn contexts() -> impl Iterator<Item = &'static Context> {
    ALL.iter().copied().chain([&bindings::GLOBAL, &bindings::EDITING])
}

/// Every key text in every table is one the keymap knows, and pressing a row's key in its
/// context gives that row's command (or, for a navigation key, a navigation action).
#[test]
fn every_bound_key_reaches_its_command() {
    for ctx in ALL {
        for b in bindings::effective(ctx) {
            for desc in bindings::active_keys(b, ctx.mode) {
                let events = event(desc);
                assert!(!events.is_empty(), "{}: {desc:?} is not a key", ctx.name);
                for ev in events {
                    let got = keymap::map(ev, ctx);
                    match bindings::parse(desc) {
                        Some(Key::Navigation) => {
                            assert!(
                                matches!(got, Some(a) if !matches!(a, Action::Cmd(_))),
                                "{}: {desc} gives {got:?}",
                                ctx.name
                            )
                        }
                        _ => assert_eq!(got, Some(Action::Cmd(b.cmd)), "{}: {desc}", ctx.name),
                    }
                }
            }
        }
    }
    // Letters are text while a field has focus.
    assert_eq!(keymap::map(event("q")[0], &bindings::FORM), Some(Action::Char('q')));
}

/// No key is bound twice in one context (the second row could never be reached), and j k
/// g G stay the list moves everywhere.
#[test]
fn no_key_is_bound_twice_in_a_context() {
    for ctx in contexts() {
        let mut seen: Vec<&str> = Vec::new();
        for b in ctx.rows() {
            for k in bindings::active_keys(b, ctx.mode) {
                let nav_twice = bindings::parse(k) == Some(Key::Navigation) && b.cmd != Command::Back;
                assert!(!seen.contains(&k) || nav_twice, "{}: {k} bound twice", ctx.name);
                assert!(!["j", "k", "g", "G"].contains(&k), "{}: {k} is a list move", ctx.name);
                seen.push(k);
            }
        }
    }
}

/// Per context, every hinted key is bound there and every bound key is in its help page,
/// which lists Esc, help and (where letters are commands) q.
#[test]
fn hints_are_bound_and_the_help_lists_every_binding() {
    for lang in [Lang::Zh, Lang::En] {
        in_lang(lang, || {
            let theme = Theme::new(false, false);
            for ctx in ALL {
                let body = help::body(ctx, &theme);
                let rows = bindings::effective(ctx);
                for h in hint_bar::hints(ctx, |_| true) {
                    assert!(
                        rows.iter().any(|b| bindings::active_keys(b, ctx.mode).any(|k| k == h.key)),
                        "{}: hint {} is not bound",
                        ctx.name,
                        h.key
                    );
                }
                for b in &rows {
                    // The keys this row gives here: an earlier row may take some (← turns the month).
                    let keys = bindings::shown_keys(ctx, b);
                    assert!(!keys.is_empty(), "{}: a row with no key of its own", ctx.name);
                    let line = body.lines().find(|l| l.starts_with(&keys.join(" / ")));
                    let line = line.unwrap_or_else(|| panic!("{}: {keys:?} not in help:\n{body}", ctx.name));
                    assert!(line.contains((b.label)()), "{}: {line}", ctx.name);
                }
                let starts = |k: &str| body.lines().any(|l| l.split(" / ").any(|p| p.starts_with(k)));
                assert!(starts("Esc"), "{}: no Esc in help", ctx.name);
                assert!(starts("F1"), "{}: no help key in help", ctx.name);
                if ctx.mode == InputMode::Command {
                    assert!(starts("q") && starts("?"), "{}: no q or ? in help", ctx.name);
                }
            }
        })
    }
}

/// The bar fits and keeps Esc, help and quit at 80, 60 and 40 columns, in both languages;
/// where everything fits, every label is there.
#[test]
fn narrow_bars_shorten_labels_but_keep_esc_help_and_quit() {
    for lang in [Lang::Zh, Lang::En] {
        in_lang(lang, || {
            let theme = Theme::new(false, false);
            for ctx in ALL {
                let hints = hint_bar::hints(ctx, |_| true);
                let full: usize = hints.iter().map(|h| h.key.width_cjk() + 3 + h.label.width_cjk()).sum();
                for cols in [80, 60, 40] {
                    let line = hint_bar::line(&hints, cols, &theme);
                    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                    assert!(text.width_cjk() <= cols, "{} at {cols}: {text}", ctx.name);
                    let words: Vec<&str> = text.split_whitespace().collect();
                    for must in hints.iter().filter(|h| h.essential) {
                        assert!(words.contains(&must.key), "{} at {cols}: {} dropped: {text}", ctx.name, must.key);
                    }
                    assert!(words.contains(&"Esc"), "{} at {cols}: {text}", ctx.name);
                    // The help itself: Esc (or ?, q, any key) closes it.
                    if ctx.name != "Help" {
                        let help = if ctx.mode == InputMode::Command { "?" } else { "F1" };
                        assert!(words.contains(&help), "{} at {cols}: {text}", ctx.name);
                    }
                    if ctx.mode == InputMode::Command && ctx.name != "Help" {
                        assert!(words.contains(&"q"), "{} at {cols}: {text}", ctx.name);
                    }
                    if full <= cols {
                        assert!(hints.iter().all(|h| text.contains(h.label)), "{} at {cols}: {text}", ctx.name);
                    }
                }
            }
        })
    }
}

/// README.md's key list is what the tables generate (in English).
#[test]
fn readme_key_list_is_generated() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (begin, end) = ("<!-- keys:begin -->\n", "<!-- keys:end -->");
    let start = readme.find(begin).expect("keys:begin marker") + begin.len();
    let stop = readme.find(end).expect("keys:end marker");
    let want = in_lang(Lang::En, bindings::markdown);
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{want}{}", &readme[..start], &readme[stop..]);
        std::fs::write(&path, updated).expect("write README.md");
        return;
    }
    assert_eq!(
        &readme[start..stop],
        want,
        "README's key list is out of date: run UPDATE_README=1 cargo test --test keys"
    );
}

/// From the tree, filtered by `initials`, onto the region found, then `keys`.
fn region(app: &mut App, initials: &str, keys: &[KeyCode]) {
    press(app, &[KeyCode::Char('/')]);
    type_text(app, initials);
    press(app, &[KeyCode::Enter]);
    press(app, keys);
}

/// One walk through the screens, by keys: at each stop the app is in the expected context,
/// and every command key the bar offers does something there (the screen handles it).
#[test]
fn every_offered_command_is_handled() {
    let _turn = LANG.lock().unwrap_or_else(|e| e.into_inner());
    let template = tempfile::tempdir().expect("tempdir");
    drop(common::app(&template, false));
    type Walk = fn(&mut App);
    let stops: Vec<(&str, Walk)> = vec![
        // Below the top, so Esc has somewhere to go back to.
        ("Region tree", |app| press(app, &[KeyCode::Down])),
        ("Filtering regions", |app| press(app, &[KeyCode::Char('/')])),
        ("County page", |app| region(app, "xk", &[KeyCode::Enter])),
        ("Ledger", |app| region(app, "xk", &[KeyCode::Char('l')])),
        ("Case", |app| region(app, "xk", &[KeyCode::Char('l'), KeyCode::Enter])),
        ("Schools", |app| region(app, "xk", &[KeyCode::Char('s')])),
        ("Alliances", |app| region(app, "by", &[KeyCode::Enter, KeyCode::Char('a')])),
        ("Alliance", |app| region(app, "by", &[KeyCode::Enter, KeyCode::Char('a'), KeyCode::Enter])),
        ("Indicators", |app| region(app, "xk", &[KeyCode::Enter, KeyCode::Char('i')])),
        ("Monthly report", |app| region(app, "xk", &[KeyCode::Enter, KeyCode::Char('m')])),
        ("Import", |app| region(app, "xk", &[KeyCode::Enter, KeyCode::Char('I')])),
        ("Searching a list", |app| region(app, "xk", &[KeyCode::Char('l'), KeyCode::Char('/')])),
        ("Filter form", |app| region(app, "xk", &[KeyCode::Char('l'), KeyCode::Char('f')])),
        ("Form", |app| region(app, "xk", &[KeyCode::Enter, KeyCode::Char('e')])),
        ("Case form", |app| region(app, "xk", &[KeyCode::Char('l'), KeyCode::Char('n')])),
        // Editing a stored case: the reveal key is offered too, and must do something.
        ("Case form", |app| region(app, "xk", &[KeyCode::Char('l'), KeyCode::Enter, KeyCode::Char('e')])),
        ("School form", |app| region(app, "xk", &[KeyCode::Char('s'), KeyCode::Enter])),
        ("Indicator details", |app| region(app, "xk", &[KeyCode::Enter, KeyCode::Char('i'), KeyCode::Enter])),
        ("Help", |app| press(app, &[KeyCode::F(1)])),
    ];
    for (name, walk) in stops {
        let fresh = || {
            let dir = tempfile::tempdir().expect("tempdir");
            std::fs::copy(template.path().join("s.db"), dir.path().join("s.db")).expect("copy db");
            let opts = OpenOptions {
                path: dir.path().join("s.db"),
                create: db::Create::Never,
                busy_timeout: std::time::Duration::from_millis(500),
                login: "tester".into(),
            };
            let mut app = App::new(db::open(&opts).expect("open"), Theme::new(false, false)).expect("app");
            walk(&mut app);
            (dir, app)
        };
        let (_dir, app) = fresh();
        assert_eq!(app.context().name, name, "the walk to {name} ended elsewhere");
        for h in app.hints() {
            let ev = event(h.key);
            if bindings::parse(h.key) == Some(Key::Navigation) || ev.len() != 1 {
                continue;
            }
            let (_dir, mut app) = fresh();
            let outcome = app.handle_key(ev[0]);
            assert_ne!(outcome, KeyOutcome::Unchanged, "{name}: {} ({}) does nothing", h.key, h.label);
        }
    }
}

/// The case view names the reveal key where the ID is masked and in its bar, both from the
/// table, and that key reveals the ID.
#[test]
fn the_reveal_key_is_the_tables_everywhere() {
    let _turn = LANG.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    region(&mut app, "xk", &[KeyCode::Char('l'), KeyCode::Enter]);
    let key = bindings::key_for(&taizhang::tui::screens::case_view::KEYS, Command::Reveal);
    let masked = format!("（已隐藏，按 {key} 显示）");
    // Wide enough for the whole masked-ID line.
    let lines = common::render(&app, 160, 24);
    assert!(lines.iter().any(|l| l.contains(&masked)), "{lines:#?}");
    assert!(lines[23].contains(&format!("{key} 显示证号")), "{}", lines[23]);
    press(&mut app, &[KeyCode::Char(key.chars().next().expect("a key"))]);
    let lines = common::render(&app, 160, 24);
    assert!(!lines.iter().any(|l| l.contains(&masked)), "{lines:#?}");
}

/// The case form offers the case view's reveal command on the key that works while
/// typing: before it the stored ID is masked and cannot be edited; the key reveals it,
/// writes an audit row, and then it can be edited.
#[test]
fn the_form_reveals_with_the_same_command_and_audits_it() {
    let _turn = LANG.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    region(&mut app, "xk", &[KeyCode::Char('l'), KeyCode::Enter, KeyCode::Char('e')]);
    assert_eq!(app.context().name, "Case form");
    let form_key = bindings::key_for(app.context(), Command::Reveal);
    assert!(
        taizhang::tui::screens::case_view::KEYS.rows().any(|b| b.cmd == Command::Reveal && b.keys.contains(&form_key)),
        "the view binds the form's reveal key too"
    );
    let reveals = |app: &App| -> i64 {
        app.db.conn.query_row("SELECT count(*) FROM audit_log WHERE action = 'reveal'", [], |r| r.get(0)).expect("n")
    };
    let id_row = |app: &App| -> String {
        common::render(app, 80, 24).into_iter().find(|l| l.contains("身份证号")).expect("the ID row")
    };
    // Onto the ID field: still masked while focused, and typing is refused with the key named.
    press(&mut app, &[KeyCode::Tab]);
    let row = id_row(&app);
    assert!(row.contains("************"), "{row}");
    let before = row.clone();
    press(&mut app, &[KeyCode::Backspace]);
    assert_eq!(id_row(&app), before, "a masked value is not edited");
    assert!(common::render(&app, 80, 24)[23].contains(form_key), "the message names the key");
    assert!(
        common::render(&app, 80, 24).iter().any(|l| l.contains("出生日期") && l.contains("-**")),
        "birth date masked"
    );
    assert_eq!(reveals(&app), 0);
    press(&mut app, &[KeyCode::F(5)]);
    assert_eq!(reveals(&app), 1, "the reveal is audited");
    let row = id_row(&app);
    assert!(!row.contains('*'), "{row}");
    press(&mut app, &[KeyCode::Backspace]);
    assert_ne!(id_row(&app), row, "editable after the reveal");
}

/// One word, one action: across every screen, a label names one command (so `x 退出` for a
/// member leaving never sits beside `q 退出` for quitting, nor `d 撤销` beside `u 撤销`).
/// Navigation rows (Enter, ↑↓ …) describe what the keymap does and may share words.
#[test]
fn distinct_actions_have_distinct_words() {
    for lang in [Lang::Zh, Lang::En] {
        in_lang(lang, || {
            let mut seen: Vec<(&str, Command, &str)> = Vec::new();
            let mut clashes = Vec::new();
            for ctx in contexts() {
                for b in bindings::effective(ctx) {
                    let nav = b.keys.iter().all(|k| bindings::parse(k) == Some(Key::Navigation));
                    if nav || b.cmd == Command::Back {
                        continue;
                    }
                    let label = (b.label)();
                    if let Some((_, cmd, other)) = seen.iter().find(|(l, c, _)| *l == label && !same(*c, b.cmd)) {
                        clashes.push(format!("{label:?} names {cmd:?} in {other} and {:?} in {}", b.cmd, ctx.name));
                    }
                    seen.push((label, b.cmd, ctx.name));
                }
            }
            assert!(clashes.is_empty(), "{clashes:#?}");
        })
    }
}

/// Commands that are one action under two names (a form's F2 saves or applies).
fn same(a: Command, b: Command) -> bool {
    a == b || matches!((a, b), (Command::Go(x), Command::Go(y)) if x == y)
}

/// With the input method in Chinese mode, `？ ／ ｑ` reach the app full-width: where
/// letters are commands they act as `? / q`; in a field they are typed as they are.
#[test]
fn full_width_keys_from_an_input_method_work() {
    let _turn = LANG.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    press(&mut app, &[KeyCode::Char('？')]);
    assert_eq!(app.context().name, "Help", "？ opens the help");
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('／')]);
    assert_eq!(app.context().name, "Filtering regions", "／ starts the tree's search");
    type_text(&mut app, "xk");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('ｌ'), KeyCode::Char('ｎ')]);
    assert_eq!(app.context().name, "Case form", "ｌ then ｎ: the ledger's new-case form");
    press(&mut app, &[KeyCode::Tab, KeyCode::Char('？')]);
    assert!(common::render(&app, 80, 24).iter().any(|l| l.contains("姓名") && l.contains('？')), "typed as text");
    press(&mut app, &[KeyCode::Esc, KeyCode::Esc]);
    assert_eq!(app.handle_key(KeyEvent::new(KeyCode::Char('ｑ'), KeyModifiers::NONE)), KeyOutcome::Quit);
}

/// The tree's `i`, `m`, `I` and `e` do what the README's key list says.
#[test]
fn the_trees_report_import_and_edit_keys_work() {
    let _turn = LANG.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    for (key, ctx) in [('i', "Indicators"), ('m', "Monthly report"), ('I', "Import"), ('e', "Form")] {
        region(&mut app, "xk", &[KeyCode::Char(key)]);
        assert_eq!(app.context().name, ctx, "{key} on 逊克县 in the tree");
        press(&mut app, &[KeyCode::Esc, KeyCode::Esc, KeyCode::Esc]);
        assert_eq!(app.context().name, "Region tree");
    }
    // Above a county, the import key says where imports go instead of doing nothing.
    press(&mut app, &[KeyCode::Home, KeyCode::Char('I')]);
    assert_eq!(app.context().name, "Region tree");
    assert!(common::render(&app, 80, 24).iter().any(|l| l.contains("导入是按县进行的")));
}
