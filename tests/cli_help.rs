//! `--help` of every command in Chinese and in English, and usage errors with exit code 2.
//! The commands are taken from the clap tree itself, so a new command or argument is
//! covered (and must have its texts in `i18n::cli_help`) without editing this file.

use std::collections::BTreeSet;
use std::process::{Command, Output};
use taizhang::cli::help::child_path;
use taizhang::i18n::cli_help::{about, arg};
use taizhang::i18n::{set_lang, Lang};
use unicode_width::UnicodeWidthStr;

/// How taizhang is started: which language it should choose.
#[derive(Clone, Copy, Debug)]
enum Env {
    /// No `--lang`, a locale that is not English: Chinese.
    Default,
    /// `LANG=zh_CN.UTF-8`.
    ZhLocale,
    /// `--lang zh` under an English locale: the flag wins.
    ZhFlag,
    /// `LANG=en_US.UTF-8`.
    EnLocale,
    /// `--lang=en` under a Chinese locale.
    EnFlag,
}

impl Env {
    const ALL: [Env; 5] = [Env::Default, Env::ZhLocale, Env::ZhFlag, Env::EnLocale, Env::EnFlag];

    fn english(self) -> bool {
        matches!(self, Env::EnLocale | Env::EnFlag)
    }
}

fn run(env: Env, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    for var in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "TAIZHANG_DB"] {
        cmd.env_remove(var);
    }
    let (lang, flag): (&str, &[&str]) = match env {
        Env::Default => ("C.UTF-8", &[]),
        Env::ZhLocale => ("zh_CN.UTF-8", &[]),
        Env::ZhFlag => ("en_US.UTF-8", &["--lang", "zh"]),
        Env::EnLocale => ("en_US.UTF-8", &[]),
        Env::EnFlag => ("zh_CN.UTF-8", &["--lang=en"]),
    };
    cmd.env("LANG", lang).args(flag).args(args).output().expect("run taizhang")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// Every command path of the tree ("" is taizhang itself), without the help command's
/// copies of the tree.
fn paths() -> Vec<String> {
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        out.push(path.to_string());
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            walk(sub, &child_path(path, sub.get_name()), out);
        }
    }
    let mut out = Vec::new();
    walk(&taizhang::cli::help::command(), "", &mut out);
    out
}

fn words(path: &str) -> Vec<&str> {
    path.split_whitespace().collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// The ASCII words of a Chinese page that are not names a user types (flags, commands,
/// values) or file formats: any is a piece of English that was not translated.
fn stray_english(page: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    let mut stray = Vec::new();
    for token in page.split(|c: char| c.is_whitespace() || is_cjk(c)) {
        if token.starts_with('-') {
            continue; // --skip-invalid, -o
        }
        for word in token.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 1) {
            if !allowed.contains(&word.to_ascii_lowercase()) {
                stray.push(word.to_string());
            }
        }
    }
    stray
}

/// Command names, formats and the literal values the help names.
fn allowed_words() -> BTreeSet<String> {
    // A command's name counts word by word too (`item-kind` is `item` and `kind`).
    let mut allowed: BTreeSet<String> = paths()
        .iter()
        .flat_map(|p| words(p))
        .flat_map(|w| std::iter::once(w).chain(w.split('-')))
        .map(str::to_string)
        .collect();
    allowed.extend(
        [
            "taizhang",
            "help",
            "db",
            "zh",
            "en",
            "ascii",
            "sqlite",
            "csv",
            "xlsx",
            "utf",
            "bom",
            "gbk",
            "gb",
            "json",
            "text",
            "auto",
            "cases",
            "schools",
            "alliances",
            "cohorts",
            "disabled",
            "rotations",
            "enrolment",
            "classes",
            "admin",
            "filler",
            "readonly",
            "open",
            "yyyy",
            "mm",
            "dd",
            "rejected",
            // The unknown_logins setting and its values.
            "unknown",
            "logins",
            "counts",
            "masked",
            "nothing",
            // The settings file's keys and values, the shells of `completions`, man's format.
            "lang",
            "color",
            "columns",
            "true",
            "false",
            "shell",
            "bash",
            "zsh",
            "fish",
            "elvish",
            "powershell",
            "roff",
        ]
        .map(str::to_string),
    );
    // The kinds of `school change --kind` (merge-into is merge and into).
    let changes = taizhang::domain::history::Change::ALL.map(|c| c.word());
    allowed.extend(changes.iter().flat_map(|w| w.split('-')).map(str::to_string));
    // The month's cycle settings, by their keys (deadline_day …).
    let keys = taizhang::domain::cycle_settings::SETTINGS.iter().flat_map(|s| s.field.key.split('_'));
    allowed.extend(keys.map(str::to_string));
    // The findings of a 复核 item (confirmed, corrected, new_case).
    let findings = taizhang::domain::recheck::Finding::ALL.iter().flat_map(|f| f.code().split('_'));
    allowed.extend(findings.map(str::to_string));
    allowed
}

#[test]
fn every_help_page_in_the_chosen_language_within_80_columns() {
    let allowed = allowed_words();
    let paths = paths();
    assert!(paths.len() >= 12, "{paths:?}");
    for path in &paths {
        for env in Env::ALL {
            let mut args = words(path);
            args.push("--help");
            let out = run(env, &args);
            assert_eq!(out.status.code(), Some(0), "{env:?} {path} --help: {}", stderr(&out));
            let page = stdout(&out);
            let label = format!("{env:?} `taizhang {path} --help`:\n{page}");
            for line in page.lines() {
                assert!(line.width() <= 80, "{} columns: {line}\n{label}", line.width());
            }
            if env.english() {
                assert!(page.contains("Usage: taizhang"), "{label}");
                assert!(page.contains("-h, --help") && page.contains("Print help"), "{label}");
                assert!(!page.chars().any(is_cjk), "{label}");
            } else {
                assert!(page.contains("用法：taizhang"), "{label}");
                assert!(page.contains("显示帮助"), "{label}");
                for english in ["Usage", "Options", "Commands", "Arguments", "Print help", "OPTIONS", "[default"] {
                    assert!(!page.contains(english), "{english:?} in {label}");
                }
                let stray = stray_english(&page, &allowed);
                assert!(stray.is_empty(), "English words {stray:?} in {label}");
            }
            // -h, `help <command>` and `<command> --help` show the same page.
            let mut short = words(path);
            short.push("-h");
            assert_eq!(stdout(&run(env, &short)), page, "-h of {path}");
            let mut help = vec!["help"];
            help.extend(words(path));
            let out = run(env, &help);
            assert_eq!(out.status.code(), Some(0), "help {path}");
            assert_eq!(stdout(&out), page, "help {path}");
        }
    }
}

#[test]
fn the_pages_say_what_each_command_and_argument_does() {
    let zh = stdout(&run(Env::Default, &["--help"]));
    for expected in ["命令：", "选项：", "退出码：", "导入案件或学校", "  2  输入有误", "-V, --version", "显示版本"]
    {
        assert!(zh.contains(expected), "{expected:?} missing:\n{zh}");
    }
    let en = stdout(&run(Env::EnFlag, &["--help"]));
    for expected in
        ["Commands:", "Options:", "Exit codes:", "Import cases or schools", "  2  bad input", "Print version"]
    {
        assert!(en.contains(expected), "{expected:?} missing:\n{en}");
    }
    let zh = stdout(&run(Env::ZhLocale, &["import", "--help"]));
    for expected in [
        "参数：",
        "<导入内容>",
        "items（销号台账",
        "<文件>",
        "--encoding <编码>",
        "[默认：auto]",
        "全局选项",
        "[环境变量：TAIZHANG_DB]",
    ] {
        assert!(zh.contains(expected), "{expected:?} missing:\n{zh}");
    }
    let en = stdout(&run(Env::EnLocale, &["report", "monthly", "--help"]));
    for expected in [
        "--region <CODE>",
        "--county is the same",
        "--month <YYYY-MM>",
        "[default: text]",
        "-o, --output <FILE>",
        "Global options",
    ] {
        assert!(en.contains(expected), "{expected:?} missing:\n{en}");
    }
    // A global option is listed once, under its own heading.
    assert_eq!(en.matches("--busy-timeout").count(), 1, "{en}");
}

#[test]
fn every_command_and_argument_has_chinese_and_english_texts() {
    set_lang(Lang::Zh);
    let tree = taizhang::cli::help::command();
    let mut missing = Vec::new();
    let mut checked = 0;
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>, checked: &mut usize) {
        if about(path).is_none() {
            missing.push(format!("about of `{path}`"));
        }
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            let lookup = if a.is_global_set() { "" } else { path };
            *checked += 1;
            match arg(lookup, id) {
                None => missing.push(format!("help of `{path}` {id}")),
                Some((_, None)) if a.get_action().takes_values() => {
                    missing.push(format!("value name of `{path}` {id}"))
                }
                Some(_) => {}
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &child_path(path, sub.get_name()), missing, checked);
        }
    }
    walk(&tree, "", &mut missing, &mut checked);
    assert!(missing.is_empty(), "no text in i18n::cli_help for: {missing:#?}");
    assert!(checked > 40, "{checked} arguments");

    // Both languages have every text, and they differ where they are words.
    let mut texts = Vec::new();
    fn collect(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        out.extend(about(path).map(|t| t.s().to_string()));
        for a in cmd.get_arguments() {
            let lookup = if a.is_global_set() { "" } else { path };
            if let Some((help, value)) = arg(lookup, a.get_id().as_str()) {
                out.push(help.s().to_string());
                out.extend(value.map(|v| v.s().to_string()));
            }
        }
        for sub in cmd.get_subcommands() {
            collect(sub, &child_path(path, sub.get_name()), out);
        }
    }
    collect(&tree, "", &mut texts);
    let zh = texts.clone();
    set_lang(Lang::En);
    let mut en = Vec::new();
    collect(&tree, "", &mut en);
    set_lang(Lang::Zh);
    assert_eq!(zh.len(), en.len());
    for (z, e) in zh.iter().zip(&en) {
        assert!(!z.is_empty() && !e.is_empty(), "{z:?} / {e:?}");
        assert!(!e.chars().any(is_cjk), "CJK in English text {e:?}");
        let literal = !z.chars().any(is_cjk); // zh|en, YYYY-MM, cases|schools
        assert!(literal || z != e, "{z:?} is not translated");
    }
}

#[test]
fn usage_errors_in_the_chosen_language_exit_2() {
    let cases: [(&[&str], &str, &str); 7] = [
        (&["import", "--bogus"], "不认识的参数 '--bogus'", "unexpected argument '--bogus'"),
        (&["frobnicate"], "没有 'frobnicate' 这个命令", "unrecognized command 'frobnicate'"),
        // --county is --region under its old name: the message names the argument.
        (&["report", "monthly", "--county"], "--region <地区代码> 需要一个值", "--region <CODE> needs a value"),
        (&["import", "nope", "x.csv"], "<导入内容> 的值 'nope' 无效", "<WHAT>: invalid value 'nope'"),
        (&["import"], "缺少必需的参数：<导入内容>、<文件>", "missing required argument: <WHAT>, <FILE>"),
        (&["import", "cases", "f.csv", "--apply", "--skip-invalid"], "不能与", "cannot be used with"),
        (&["--busy-timeout", "soon", "check"], "--busy-timeout <秒数> 的值 'soon' 无效", "invalid value 'soon'"),
    ];
    for (args, zh, en) in cases {
        for env in [Env::Default, Env::ZhFlag, Env::EnLocale, Env::EnFlag] {
            let out = run(env, args);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{env:?} {args:?}: {err}");
            assert!(out.stdout.is_empty(), "{env:?} {args:?}");
            assert!(err.starts_with("taizhang: "), "{env:?} {args:?}: {err}");
            if env.english() {
                assert!(err.contains(en), "{env:?} {args:?}: {err}");
                assert!(err.contains("\nUsage: taizhang") && err.contains("--help' for more information"), "{err}");
                assert!(!err.chars().any(is_cjk), "{env:?} {args:?}: {err}");
            } else {
                assert!(err.contains(zh), "{env:?} {args:?}: {err}");
                assert!(err.contains("\n用法：taizhang") && err.contains("--help' 查看说明"), "{err}");
                assert!(!err.contains("Usage") && !err.contains("error:"), "{env:?} {args:?}: {err}");
            }
        }
    }
    // Where clap has a guess, it is offered; the hint names the command at fault.
    let err = stderr(&run(Env::Default, &["import", "cases", "f.csv", "--aply"]));
    assert!(err.contains("你是不是要写 '--apply'？"), "{err}");
    assert!(err.contains("运行 'taizhang import --help' 查看说明。"), "{err}");
    let err = stderr(&run(Env::EnFlag, &["expor"]));
    assert!(err.contains("Did you mean 'export'?"), "{err}");
}

#[test]
fn version_and_a_missing_subcommand() {
    let out = run(Env::Default, &["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), format!("taizhang {}\n", env!("CARGO_PKG_VERSION")));
    // `report` alone shows its page (on stderr) and exits 2, as a usage error does.
    let out = run(Env::Default, &["report"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("monthly     月报"), "{}", stderr(&out));
    let out = run(Env::EnLocale, &["user"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("add   Add a user"), "{}", stderr(&out));
}
