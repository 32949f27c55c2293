//! Reports that fit (issue 19): every text report fits 80 columns by default and the width
//! `--width` names, wrapping or stacking rather than running past the edge, and every report
//! subcommand gives JSON (`--json`, or `--format json`) that parses, on the demo database.

mod support;

use std::path::PathBuf;
use std::sync::OnceLock;
use unicode_width::UnicodeWidthStr;

const TODAY: &str = "2026-11-23";

fn demo_db() -> &'static PathBuf {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = &DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("demo.db");
        support::make_demo(&path, &[("TAIZHANG_TODAY", TODAY)]).expect("demo");
        (dir, path)
    });
    path
}

/// Every report subcommand, as a user types it (without the output format).
const REPORTS: &[&[&str]] = &[
    &["report", "indicators", "--region", "231123"],
    &["report", "indicators", "--region", "231100"],
    &["report", "monthly", "--region", "231123", "--month", "2026-10"],
    &["report", "monthly", "--region", "231100", "--month", "2026-10"],
    &["report", "missing", "--county", "231123", "--month", "2026-10"],
    &["sheet", "show", "--county", "231123"],
];

fn run(lang: &str, args: &[&str]) -> String {
    let db = demo_db().to_str().expect("utf-8");
    let mut all = vec!["--lang", lang, "--db", db];
    all.extend_from_slice(args);
    let out = support::command(&all).env("TAIZHANG_TODAY", TODAY).output().expect("run");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn every_text_report_fits_80_columns_and_the_width_asked() {
    for lang in ["zh", "en"] {
        for report in REPORTS {
            for (width, extra) in [(80, vec![]), (60, vec!["--width", "60"])] {
                let mut args = report.to_vec();
                args.extend(extra.iter().copied());
                let text = run(lang, &args);
                assert!(text.lines().count() > 3, "{args:?}: {text}");
                // The title is one sentence; every line under it fits.
                for line in text.lines().skip(1) {
                    let w = UnicodeWidthStr::width(line);
                    assert!(w <= width, "{lang} {args:?}: {w} columns > {width}:\n{line}\n\n{text}");
                }
            }
        }
    }
}

#[test]
fn every_report_gives_json_that_parses() {
    for report in REPORTS {
        for how in [&["--json"][..], &["--format", "json"][..]] {
            if report[1] == "missing" && how.len() == 2 {
                continue; // `report missing` has --json only (no --format)
            }
            let mut args = report.to_vec();
            args.extend_from_slice(how);
            let text = run("zh", &args);
            let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"));
            assert!(v.is_object() || v.is_array(), "{args:?}: {v}");
        }
    }
}
