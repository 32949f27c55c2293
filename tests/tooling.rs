//! Issue 19's tooling, as a user meets it: names in pinyin order, the settings file
//! (`taizhang config`), shell completions and the man page in both languages, no
//! progress drawing into pipes, and `taizhang report … | head -1` without a panic.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use taizhang::db::cases::{self, CaseFilter, SortKey};
use taizhang::domain::pinyin;

/// taizhang with a clean environment: Chinese, no database from the environment, and the
/// settings file at `config` (which need not exist).
fn taizhang(config: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    for var in ["LC_ALL", "LC_MESSAGES", "LANGUAGE", "TAIZHANG_DB", "NO_COLOR"] {
        cmd.env_remove(var);
    }
    cmd.env("LANG", "C.UTF-8").env("TAIZHANG_CONFIG", config).env("TAIZHANG_TODAY", "2026-11-23");
    cmd
}

fn run(config: &Path, args: &[&str]) -> Output {
    taizhang(config).args(args).output().expect("run taizhang")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

fn demo_file(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    let o = run(&dir.join("none.toml"), &["demo", "--cases", "300", "--db", db.to_str().expect("path")]);
    assert!(o.status.success(), "demo: {}", text(&o.stderr));
    db
}

#[test]
fn ledger_schools_and_exports_sort_names_by_pinyin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::open_demo(&dir.path().join("p.db"), "tester");
    let rows =
        cases::page(&db, &CaseFilter::default(), SortKey::Name, false, None, false, 200, "2026-11-23").expect("page");
    assert!(rows.len() > 50, "a page of the demo ledger");
    for pair in rows.windows(2) {
        assert_ne!(
            pinyin::compare(&pair[0].name, &pair[1].name),
            std::cmp::Ordering::Greater,
            "{} before {}",
            pair[0].name,
            pair[1].name
        );
    }
    // Code-point order would differ: the demo's surnames are not in Unicode order.
    let mut by_code_point: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    by_code_point.sort();
    assert_ne!(by_code_point, rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>());

    let schools = taizhang::db::schools::in_region(&db, "231123").expect("schools");
    assert!(schools.len() > 3);
    for pair in schools.windows(2) {
        assert_ne!(pinyin::compare(&pair[0].name, &pair[1].name), std::cmp::Ordering::Greater);
    }
}

#[test]
fn a_name_change_moves_the_case_in_name_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::open_demo(&dir.path().join("k.db"), "tester");
    let key: (String, String) = db
        .conn
        .query_row("SELECT name, name_key FROM cases ORDER BY id LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("a case");
    assert_eq!(key.1, pinyin::sort_key(&key.0), "stored with the demo");
}

#[test]
fn settings_file_sets_language_and_names_its_mistakes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("conf").join("config.toml");
    let o = run(&config, &["config"]);
    assert!(o.status.success());
    assert!(text(&o.stdout).contains(&config.display().to_string()), "says where it is");

    let o = run(&config, &["config", "set", "lang", "en"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = run(&config, &["config", "set", "columns.ledger", "name,status"]);
    assert!(o.status.success());
    let shown = text(&run(&config, &["config"]).stdout);
    assert!(shown.contains("lang = en") && shown.contains("columns.ledger = name,status"), "{shown}");

    // The file's language applies; a flag wins over it.
    assert!(text(&run(&config, &["--help"]).stdout).contains("Usage:"));
    assert!(text(&run(&config, &["--lang", "zh", "--help"]).stdout).contains("用法："));

    let o = run(&config, &["config", "set", "ascii", "yes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("'yes' is not true or false"), "{}", text(&o.stderr));

    std::fs::write(&config, "lang = \"zh\"\n\ncolour = true\n").expect("write");
    let o = run(&config, &["init", "--db", dir.path().join("x.db").to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2), "a bad file stops the command");
    let err = text(&o.stderr);
    assert!(err.contains("第 3 行") && err.contains("colour") && err.contains("不认识这个键"), "{err}");
    assert!(!dir.path().join("x.db").exists(), "nothing was done");
    let o = run(&config, &["config"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("第 3 行"), "config shows the mistake too");
}

#[test]
fn settings_file_names_the_default_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_file(dir.path());
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("db = \"{}\"\n", db.display())).expect("write");
    let o = run(&config, &["user", "list"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // `--db` wins: a database that is not there is named.
    let missing = dir.path().join("missing.db");
    let o = run(&config, &["--db", missing.to_str().expect("path"), "user", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("missing.db"));
}

#[test]
fn completions_for_each_shell_in_both_languages() {
    let none = Path::new("/nonexistent/taizhang-test/config.toml");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = run(none, &["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", text(&o.stderr));
        let script = text(&o.stdout);
        assert!(script.contains("taizhang") && script.contains("monthly"), "{shell} names the commands");
    }
    let zh = text(&run(none, &["completions", "fish"]).stdout);
    let en = text(&run(none, &["--lang", "en", "completions", "fish"]).stdout);
    assert!(zh.contains("数据库文件"), "Chinese descriptions");
    assert!(en.contains("Database file") || en.contains("database file"), "English descriptions");
    let o = run(none, &["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2), "an unknown shell is a usage error");
}

#[test]
fn man_page_in_both_languages_and_one_per_command() {
    let none = Path::new("/nonexistent/taizhang-test/config.toml");
    let zh = text(&run(none, &["man"]).stdout);
    assert!(zh.starts_with(".ie") || zh.contains(".TH TAIZHANG 1"), "roff");
    for heading in [".SH \"名称\"", ".SH \"用法\"", ".SH \"选项\"", ".SH 命令", ".SH \"退出码\""] {
        assert!(zh.contains(heading), "{heading}");
    }
    assert!(zh.contains("[默认：5]") && !zh.contains("[default:"));
    let en = text(&run(none, &["--lang", "en", "man"]).stdout);
    assert!(en.contains(".SH \"NAME\"") && en.contains(".SH \"EXIT STATUS\"") && en.contains("[default: 5]"));

    let dir = tempfile::tempdir().expect("tempdir");
    let o = run(none, &["man", "--dir", dir.path().to_str().expect("path")]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let page = std::fs::read_to_string(dir.path().join("taizhang-report-monthly.1")).expect("a page per command");
    assert!(page.contains("\\-\\-month"), "{page}");
    assert!(!dir.path().join("taizhang-help.1").exists(), "no page for help");
}

#[test]
fn report_into_a_closed_pipe_does_not_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_file(dir.path());
    let none = dir.path().join("none.toml");
    let args = ["--db", db.to_str().expect("path"), "report", "monthly", "--month", "2026-10", "--region", "231123"];
    // As `| head -1`: one line read, then the pipe closed before the rest is written.
    let mut child = taizhang(&none).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    drop(child.stdout.take());
    let mut err = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut err).expect("read");
    let status = child.wait().expect("wait");
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(status.code(), Some(101), "{err}");
    // And the same command into a real pipe prints its report.
    let o = run(&none, &args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).lines().count() > 3);
}

#[test]
fn no_progress_is_drawn_into_a_pipe() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("d.db");
    let o = run(&dir.path().join("none.toml"), &["demo", "--cases", "3000", "--db", db.to_str().expect("path")]);
    assert!(o.status.success());
    let err = text(&o.stderr);
    assert!(err.is_empty(), "stderr is not a terminal: nothing drawn, got {err:?}");
}

/// The README's example commands (its `sh` blocks), as a reader would type them, run in
/// order on a demo database. Not run: the interface itself (no command), a million-case
/// demo, and the commands that read the reader's own files (import, verify, combine).
/// An example marked "(refused until then)" must fail with a message, not panic.
#[test]
fn readme_examples_run_on_the_demo_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_file(dir.path());
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
    let mut ran = 0;
    for line in sh_lines(&readme) {
        let (command, comment) = line.split_once(" #").unwrap_or((line, ""));
        // What a shell redirect or pipe receives is not the example's point.
        let command = command.split(['>', '|']).next().unwrap_or_default();
        let args = example_args(command);
        if !runs_here(&args) {
            continue;
        }
        let o = taizhang(&dir.path().join("config.toml"))
            .args(&args)
            .current_dir(dir.path())
            .env("TAIZHANG_DB", &db)
            .output()
            .expect("run");
        let err = text(&o.stderr);
        assert!(!err.contains("panicked"), "{line}: {err}");
        if comment.contains("(refused until then)") {
            assert!(matches!(o.status.code(), Some(2 | 5)), "{line} is refused: {err}");
            assert!(!err.trim().is_empty(), "{line} says why");
        } else {
            assert!(o.status.success(), "README example failed: {line}\n{err}");
        }
        ran += 1;
    }
    assert!(ran >= 30, "the README's examples were found ({ran})");
}

/// The lines starting with `taizhang ` in the README's ```sh blocks.
fn sh_lines(readme: &str) -> Vec<&str> {
    let mut inside = false;
    let mut out = Vec::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            inside = line == "```sh";
            continue;
        }
        if inside && line.starts_with("taizhang ") {
            out.push(line);
        }
    }
    out
}

/// The words after `taizhang`, optional `[…]` parts left out.
fn example_args(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut optional = false;
    for word in command.split_whitespace().skip(1) {
        if word.starts_with('[') {
            optional = !word.ends_with(']');
            continue;
        }
        if optional {
            optional = !word.ends_with(']');
            continue;
        }
        out.push(word.to_string());
    }
    out
}

fn runs_here(args: &[String]) -> bool {
    let mut words = args.iter().map(String::as_str);
    let command = loop {
        match words.next() {
            Some("--db" | "--lang") => {
                words.next();
            }
            Some("--ascii") => {}
            other => break other,
        }
    };
    match command {
        None | Some("import" | "verify" | "combine") => false,
        Some("demo") => !args.iter().any(|a| a == "1000000"),
        Some(_) => true,
    }
}
