//! Many sessions on one database, as a county's staff use it on one server (issue 12):
//! each session is the app itself (`App`, its own connection) showing a county's ledger and
//! looking for other sessions' commits once a second, as the event loop does; together they
//! save 20 edits a second through the audited write path, each waiting for the write lock
//! the way the UI does (`LOCK_WAIT` per try, tried again every `RETRY_EVERY`).
//!
//!     cargo bench --bench sessions                     # 200 sessions, 20 saves/s, 120 s
//!     TAIZHANG_BENCH_SECS=10 cargo bench --bench sessions
//!
//! `TAIZHANG_BENCH_SESSIONS` and `TAIZHANG_BENCH_RATE` (saves per second in all) change the
//! load. Each session edits a case of its own, so every acknowledged save must be in the
//! database at the end: reported are lost updates (must be 0, checked against the stored
//! note and the audit log), p50/p99/max save latency, how many saves met the lock and had
//! to wait, and the time of a refresh poll. The database is made fresh in
//! `target/bench-data/sessions.db` (2,000 demo cases). CI never runs benches.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};
use taizhang::db::{self, cases, OpenOptions, WriteError};
use taizhang::tui::app::{App, RETRY_EVERY};
use taizhang::tui::theme::Theme;

const LOGIN: &str = "bench";

fn env_or(name: &str, default: f64) -> f64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn options(path: &Path, create: db::Create) -> OpenOptions {
    OpenOptions { path: path.to_path_buf(), create, busy_timeout: Duration::from_secs(5), login: LOGIN.into() }
}

/// What one session did.
#[derive(Default)]
struct Outcome {
    case_id: i64,
    acknowledged: u64,
    last_note: Option<String>,
    latencies: Vec<Duration>,
    waited: u64,
    failed: Vec<String>,
    polls: Vec<Duration>,
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// One session: open 逊克县's ledger, then until `end` poll once a second and save at
/// `first_save`, then every `every`.
fn session(path: PathBuf, n: usize, case_id: i64, first_save: Instant, every: Duration, end: Instant) -> Outcome {
    let mut out = Outcome { case_id, ..Outcome::default() };
    let db = match db::open(&options(&path, db::Create::Never)) {
        Ok(db) => db,
        Err(e) => {
            out.failed.push(format!("open: {e:?}"));
            return out;
        }
    };
    if let Err(e) = db.conn.busy_timeout(taizhang::tui::LOCK_WAIT) {
        out.failed.push(format!("busy_timeout: {e}"));
    }
    let mut app = match App::new(db, Theme::new(false, true)) {
        Ok(app) => app,
        Err(e) => {
            out.failed.push(format!("app: {e}"));
            return out;
        }
    };
    for c in ['/', 'x', 'k'] {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('l'));
    let mut next_poll = Instant::now() + Duration::from_millis((n as u64 * 37) % 1000);
    let mut next_save = first_save;
    let mut k = 0u64;
    while Instant::now() < end {
        let now = Instant::now();
        if now >= next_poll {
            let t = Instant::now();
            app.refresh_if_changed();
            out.polls.push(t.elapsed());
            next_poll += Duration::from_secs(1);
        }
        if now >= next_save {
            k += 1;
            let note = format!("bench s{n} #{k}");
            match save(&mut app, case_id, &note) {
                Ok((took, waited)) => {
                    out.acknowledged += 1;
                    out.last_note = Some(note);
                    out.latencies.push(took);
                    out.waited += u64::from(waited);
                }
                Err(e) => out.failed.push(e),
            }
            next_save += every;
        }
        let wake = next_poll.min(next_save).min(end);
        std::thread::sleep(wake.saturating_duration_since(Instant::now()));
    }
    out
}

/// Saves `note` into the case as the form does (read it, change it, write it back with
/// its version), trying again while another session holds the lock. The time from the
/// first try to the commit, and whether it had to wait.
fn save(app: &mut App, case_id: i64, note: &str) -> Result<(Duration, bool), String> {
    let started = Instant::now();
    let mut waited = false;
    loop {
        let case = cases::get(&app.db, case_id).map_err(|e| format!("read: {e}"))?.ok_or("no case")?;
        let mut record = case.record.clone();
        record.note = note.to_string();
        match cases::update(&mut app.db, case_id, case.version, &record) {
            Ok(Ok(_)) => return Ok((started.elapsed(), waited)),
            Ok(Err(dup)) => return Err(format!("duplicate: {dup:?}")),
            Err(WriteError::Busy) => {
                waited = true;
                std::thread::sleep(RETRY_EVERY);
            }
            Err(e) => return Err(format!("{e:?}")),
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    let sessions = env_or("TAIZHANG_BENCH_SESSIONS", 200.0).max(1.0) as usize;
    let rate = env_or("TAIZHANG_BENCH_RATE", 20.0).max(0.01);
    let secs = env_or("TAIZHANG_BENCH_SECS", 120.0).max(1.0);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench-data folder");
    let path = dir.join("sessions.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let made = db::open(&options(&path, db::Create::Demo(taizhang::demo::DEFAULT_CASES))).expect("demo database");
    let ids: Vec<i64> = {
        let mut stmt = made.conn.prepare("SELECT id FROM cases ORDER BY id LIMIT ?1").expect("prepare");
        stmt.query_map([sessions as i64], |r| r.get(0)).expect("ids").map(|r| r.expect("id")).collect()
    };
    drop(made);
    assert_eq!(ids.len(), sessions, "the demo database has fewer cases than sessions");

    // Session i saves every `every`, offset so that the saves of all are evenly spread.
    let every = Duration::from_secs_f64(sessions as f64 / rate);
    println!("{sessions} sessions, {rate} saves/s in all (each every {every:.1?}), {secs} s, on {}", path.display());
    let barrier = Arc::new(Barrier::new(sessions + 1));
    let handles: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(n, &id)| {
            let (path, barrier) = (path.clone(), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                let start = Instant::now() + Duration::from_secs(2); // every session open first
                let first = start + every.mul_f64(n as f64 / sessions as f64);
                session(path, n, id, first, every, start + Duration::from_secs_f64(secs))
            })
        })
        .collect();
    barrier.wait();
    let outcomes: Vec<Outcome> = handles.into_iter().map(|h| h.join().expect("session thread")).collect();

    // Lost updates: an acknowledged save whose note is not the stored one, or whose audit
    // row is missing.
    let check = rusqlite::Connection::open(&path).expect("open to check");
    let mut lost = 0u64;
    for o in &outcomes {
        let stored: Option<String> =
            check.query_row("SELECT note FROM cases WHERE id = ?1", [o.case_id], |r| r.get(0)).ok();
        if o.last_note.is_some() && stored != o.last_note {
            lost += 1;
        }
        let audited: u64 = check
            .query_row(
                "SELECT count(*) FROM audit_log WHERE table_name = 'cases' AND row_key = ?1 AND field = 'note'",
                [o.case_id.to_string()],
                |r| r.get(0),
            )
            .unwrap_or(0);
        lost += o.acknowledged.saturating_sub(audited);
    }
    let mut latencies: Vec<Duration> = outcomes.iter().flat_map(|o| o.latencies.iter().copied()).collect();
    latencies.sort();
    let mut polls: Vec<Duration> = outcomes.iter().flat_map(|o| o.polls.iter().copied()).collect();
    polls.sort();
    let saves = latencies.len() as u64;
    let waited: u64 = outcomes.iter().map(|o| o.waited).sum();
    let failed: Vec<&String> = outcomes.iter().flat_map(|o| o.failed.iter()).collect();
    println!("saves acknowledged   {saves} ({:.1}/s)", saves as f64 / secs);
    println!("lost updates         {lost}");
    println!(
        "failed saves         {}{}",
        failed.len(),
        failed.first().map(|f| format!(" (first: {f})")).unwrap_or_default()
    );
    println!(
        "save latency         p50 {:.1} ms  p99 {:.1} ms  max {:.1} ms",
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(percentile(&latencies, 1.0))
    );
    println!(
        "saves that waited    {waited} of {saves} ({:.2} %) met another session's lock and were tried again",
        100.0 * waited as f64 / saves.max(1) as f64
    );
    println!(
        "refresh polls        {}  p50 {:.1} ms  p99 {:.1} ms  max {:.1} ms",
        polls.len(),
        ms(percentile(&polls, 0.5)),
        ms(percentile(&polls, 0.99)),
        ms(percentile(&polls, 1.0))
    );
    assert_eq!(lost, 0, "acknowledged saves were lost");
}
