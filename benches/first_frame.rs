//! First-frame and per-key benchmark of the real binary in a pseudo-terminal (80x24).
//!
//!     cargo bench --bench first_frame
//!
//! Cargo builds the release binary for the bench and tells us where it is through
//! `CARGO_BIN_EXE_taizhang`, so nothing has to be built by hand. Databases are prepared
//! once and cached under `target/bench-data/`:
//!   - `default.db`: a new database opened once by the UI (created, migrated, seeded);
//!   - `1m.db`: `taizhang demo --cases 1000000` (a minute or so, only the first time).
//!
//! Environment:
//!   TAIZHANG_BENCH_RUNS   measured runs per database (default 15; one extra warm-up run
//!                         per database is not counted)
//!   TAIZHANG_BENCH_CASES  cases in the large database (default 1000000; cached as
//!                         `cases-N.db` when not the default)
//!   TAIZHANG_BENCH_VERBOSE  print the screen at the end of every run
//!
//! One run: spawn in a pty; first frame = until the screen shows both the overview title
//! "黑龙江省 230000" and the hint bar "q 退出" (bytes written until then are counted).
//! Then every prefecture is expanded (so the tree is long enough that every measured key
//! moves the cursor), the cursor goes back to the top, and `j` ×30 and PageDown ×3 are
//! each sent after the previous one's output settled: per key, the time to the first byte
//! of output and to its last byte (output then quiet for 30 ms), and the bytes written.
//! Peak RSS is VmHWM from /proc/<pid>/status just before `q`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use support::{keys, Session};

const FIRST_FRAME: &[&str] = &["黑龙江省 230000", "q 退出"];
const QUIET: Duration = Duration::from_millis(30);
/// Longest wait for a key's output before counting it as "no output".
const KEY_TIMEOUT: Duration = Duration::from_secs(3);
/// Prefectures in the demo tree (12 市 + 大兴安岭地区).
const PREFECTURES: usize = 13;

fn env_num(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v.trim().replace('_', "").parse().unwrap_or_else(|_| {
            eprintln!("ignoring {name}={v:?}: not a number");
            default
        }),
        Err(_) => default,
    }
}

#[derive(Default)]
struct Run {
    first_frame: Duration,
    first_frame_bytes: usize,
    /// Key sent → first byte of output.
    key_first: Vec<Duration>,
    /// Key sent → last byte before 30 ms of quiet.
    key_done: Vec<Duration>,
    key_bytes: Vec<usize>,
    keys_without_output: usize,
    peak_rss_kib: u64,
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; accept and ignore libtest-style arguments.
    let bin = support::bin();
    if !bin.is_file() {
        eprintln!(
            "first_frame: the taizhang binary is missing at {}.\n\
             Run it with `cargo bench --bench first_frame` (which builds it), or `cargo build --release` first.",
            bin.display()
        );
        return ExitCode::FAILURE;
    }
    let runs = env_num("TAIZHANG_BENCH_RUNS", 15).max(1) as usize;
    let cases = env_num("TAIZHANG_BENCH_CASES", 1_000_000).max(1);
    let data = bench_dir(&bin);
    if let Err(e) = std::fs::create_dir_all(&data) {
        eprintln!("first_frame: cannot create {}: {e}", data.display());
        return ExitCode::FAILURE;
    }
    println!("binary: {}", bin.display());
    println!("data:   {}", data.display());

    let default_db = data.join("default.db");
    if let Err(e) = prepare_default(&bin, &default_db) {
        eprintln!("first_frame: preparing {}: {e}", default_db.display());
        return ExitCode::FAILURE;
    }
    let big_name = if cases == 1_000_000 { "1m.db".to_string() } else { format!("cases-{cases}.db") };
    let big_db = data.join(&big_name);
    if let Err(e) = prepare_demo(&bin, &big_db, cases) {
        eprintln!("first_frame: preparing {}: {e}", big_db.display());
        return ExitCode::FAILURE;
    }

    let bench_started = Instant::now();
    let mut results = Vec::new();
    for (label, db) in [("default".to_string(), &default_db), (format!("{} cases", thousands(cases)), &big_db)] {
        let size = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
        println!("\n{label}: {} ({:.1} MB), 1 warm-up + {runs} runs", db.display(), size as f64 / 1e6);
        let mut done = Vec::new();
        for i in 0..=runs {
            match run_once(&bin, db) {
                Ok(r) => {
                    if i > 0 {
                        println!(
                            "  run {i:2}: first frame {:7.1} ms, {:6} B; keys median {:6.1} ms; peak RSS {:6.1} MB",
                            ms(r.first_frame),
                            r.first_frame_bytes,
                            median_ms(&r.key_done),
                            r.peak_rss_kib as f64 / 1024.0
                        );
                        done.push(r);
                    }
                }
                Err(e) => {
                    eprintln!("first_frame: run {i} on {label} failed: {e}");
                    eprintln!(
                        "(cached databases are kept across builds; if the schema changed, delete {} to rebuild them)",
                        data.display()
                    );
                    return ExitCode::FAILURE;
                }
            }
        }
        results.push((label, done));
    }
    println!("\nmeasured in {:.1} s", bench_started.elapsed().as_secs_f64());
    report(&results);
    ExitCode::SUCCESS
}

/// `target/bench-data`, next to the profile folder that holds the binary.
fn bench_dir(bin: &Path) -> PathBuf {
    bin.parent()
        .and_then(Path::parent)
        .map(|target| target.join("bench-data"))
        .unwrap_or_else(|| PathBuf::from("target/bench-data"))
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// A marker written after a database was prepared completely (an interrupted
/// preparation leaves no marker and is redone).
fn marker(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".ready");
    PathBuf::from(p)
}

fn prepare_default(bin: &Path, db: &Path) -> Result<(), String> {
    if db.is_file() && marker(db).is_file() {
        return Ok(());
    }
    remove_db(db);
    println!("preparing {} (taizhang demo, then open once in the UI)", db.display());
    let t = Instant::now();
    support::make_demo(db, &[])?;
    let mut s = Session::spawn_bin(bin, &["--db", path_str(db)?], support::ROWS, support::COLS)?;
    s.wait_for_all(FIRST_FRAME, Duration::from_secs(300))?;
    s.send("q")?;
    match s.wait_exit(Duration::from_secs(30)) {
        Some(st) if st.success() => {}
        other => return Err(format!("quitting after the first open: {other:?}\n{}", s.screen_dump())),
    }
    std::fs::write(marker(db), b"").map_err(|e| e.to_string())?;
    println!("  done in {:.1} s", t.elapsed().as_secs_f64());
    Ok(())
}

fn prepare_demo(bin: &Path, db: &Path, cases: u64) -> Result<(), String> {
    if db.is_file() && marker(db).is_file() {
        return Ok(());
    }
    remove_db(db);
    println!("preparing {} (taizhang demo --cases {cases}; one time only)", db.display());
    let t = Instant::now();
    let out = support::command(&["demo", "--cases", &cases.to_string(), "--db", path_str(db)?])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("running {} demo: {e}", bin.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("taizhang demo exited {:?}: {err}{text}", out.status.code()));
    }
    for line in text.lines().chain(err.lines()) {
        println!("  | {line}");
    }
    std::fs::write(marker(db), b"").map_err(|e| e.to_string())?;
    println!("  done in {:.1} s", t.elapsed().as_secs_f64());
    Ok(())
}

fn path_str(p: &Path) -> Result<&str, String> {
    p.to_str().ok_or_else(|| format!("path is not UTF-8: {}", p.display()))
}

/// Sends a key and waits for its output to settle; None if it wrote nothing.
fn timed_key(s: &mut Session, key: &str) -> Result<Option<(Duration, Duration, usize)>, String> {
    let sent = Instant::now();
    s.send(key)?;
    match s.wait_output_settled(sent, QUIET, KEY_TIMEOUT) {
        Some((first, last)) => {
            // Let a straggling chunk land before counting (the quiet period already passed).
            Ok(Some((first - sent, last - sent, s.bytes_since(sent))))
        }
        None => Ok(None),
    }
}

fn run_once(bin: &Path, db: &Path) -> Result<Run, String> {
    let mut s = Session::spawn_bin(bin, &["--db", path_str(db)?], support::ROWS, support::COLS)?;
    let at = s.wait_for_all(FIRST_FRAME, Duration::from_secs(120))?;
    let mut run = Run { first_frame: at - s.started, first_frame_bytes: s.bytes_before(at), ..Run::default() };
    // Let the rest of the first frame (if any) arrive before pressing keys.
    s.wait_output_settled(s.started, QUIET, Duration::from_secs(2));

    // Expand every prefecture, bottom up: G to the last one, then Enter (expand, cursor
    // into its first child) and k k (its row, then the prefecture above), 13 times.
    let expand_steps = std::iter::once("G").chain((0..PREFECTURES).flat_map(|_| [keys::ENTER, "k", "k"]));
    for key in expand_steps {
        timed_key(&mut s, key)?;
    }
    timed_key(&mut s, "g")?;
    s.wait_for("黑龙江省 230000", Duration::from_secs(5)).map_err(|e| format!("back at the top: {e}"))?;

    let measured = std::iter::repeat_n("j", 30).chain(std::iter::repeat_n(keys::PAGE_DOWN, 3));
    for key in measured {
        match timed_key(&mut s, key)? {
            Some((first, done, bytes)) => {
                run.key_first.push(first);
                run.key_done.push(done);
                run.key_bytes.push(bytes);
            }
            None => run.keys_without_output += 1,
        }
    }
    run.peak_rss_kib = s.peak_rss_kib().ok_or("cannot read VmHWM from /proc")?;
    if std::env::var_os("TAIZHANG_BENCH_VERBOSE").is_some() {
        println!("{}", s.screen_dump());
    }
    s.send("q")?;
    match s.wait_exit(Duration::from_secs(10)) {
        Some(st) if st.success() => Ok(run),
        other => Err(format!("q: exit {other:?}\n{}", s.screen_dump())),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Nearest-rank percentile of sorted values.
fn pct<T: Copy>(sorted: &[T], p: f64) -> T {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn median_ms(v: &[Duration]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut v: Vec<f64> = v.iter().map(|d| ms(*d)).collect();
    v.sort_by(f64::total_cmp);
    median(&v)
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

struct Stats {
    median: f64,
    p95: f64,
    min: f64,
    max: f64,
}

fn stats(values: impl IntoIterator<Item = f64>) -> Stats {
    let mut v: Vec<f64> = values.into_iter().collect();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return Stats { median: f64::NAN, p95: f64::NAN, min: f64::NAN, max: f64::NAN };
    }
    Stats { median: median(&v), p95: pct(&v, 95.0), min: v[0], max: v[v.len() - 1] }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn report(results: &[(String, Vec<Run>)]) {
    println!();
    println!("{:<34} {:>11} {:>11} {:>11} {:>11}", "metric", "median", "p95", "min", "max");
    let mut medians = Vec::new();
    for (label, runs) in results {
        println!("-- {label} ({} runs)", runs.len());
        let rows: [(&str, Stats, &str); 7] = [
            ("first frame", stats(runs.iter().map(|r| ms(r.first_frame))), "ms"),
            ("bytes to first frame", stats(runs.iter().map(|r| r.first_frame_bytes as f64)), "B"),
            ("key → first byte (all keys)", stats(runs.iter().flat_map(|r| r.key_first.iter().map(|d| ms(*d)))), "ms"),
            ("key → output done (all keys)", stats(runs.iter().flat_map(|r| r.key_done.iter().map(|d| ms(*d)))), "ms"),
            ("key → output done (run medians)", stats(runs.iter().map(|r| median_ms(&r.key_done))), "ms"),
            ("bytes per key (all keys)", stats(runs.iter().flat_map(|r| r.key_bytes.iter().map(|b| *b as f64))), "B"),
            ("peak RSS (VmHWM)", stats(runs.iter().map(|r| r.peak_rss_kib as f64 / 1024.0)), "MB"),
        ];
        for (name, st, unit) in &rows {
            let prec = if *unit == "B" { 0 } else { 1 };
            println!(
                "  {:<32} {:>8.prec$} {unit:<2} {:>8.prec$} {unit:<2} {:>8.prec$} {unit:<2} {:>8.prec$} {unit:<2}",
                name, st.median, st.p95, st.min, st.max
            );
        }
        let silent: usize = runs.iter().map(|r| r.keys_without_output).sum();
        if silent > 0 {
            println!("  ({silent} measured keys wrote nothing within {KEY_TIMEOUT:?})");
        }
        medians.push((rows[0].1.median, rows[6].1.median));
    }
    if let [(ff_small, rss_small), (ff_big, rss_big)] = medians[..] {
        println!(
            "\nratio large/default (medians): first frame ×{:.2}, peak RSS ×{:.2}",
            ff_big / ff_small,
            rss_big / rss_small
        );
    }
}
