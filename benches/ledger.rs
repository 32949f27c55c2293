//! The ledger on a large database, measured in-process (no terminal in between, so the
//! figures are the app's own work: queries, state updates and drawing a frame).
//!
//!     cargo bench --bench ledger
//!
//! Uses `target/bench-data/1m.db` (shared with the first_frame bench; created here with
//! 1,000,000 demo cases if missing — a few minutes, once). `TAIZHANG_BENCH_DB` points at
//! another file. For every step: the time of `App::handle_action` plus one full draw at
//! 80×24 on ratatui's TestBackend, as a user's keystroke costs.
//!
//! Reported: open the province ledger (1,000,000 cases) and a county ledger; `j` ×300,
//! PageDown ×60, PageUp ×30, End, Home; every keystroke of the search terms in `TERMS`
//! (one initial, a common surname, `fmx`, ID tails, a name prefix), each typed 5 times, at
//! 10k, 100k (`target/bench-data/10k.db`, `100k.db`, made here once) and 1M cases;
//! median / p95 / max; peak RSS (VmHWM) of this process. `TAIZHANG_BENCH_ONLY_1M=1` skips
//! 10k and 100k.
//!
//! Cold cache (`TAIZHANG_BENCH_COLD=1`): the file is not warmed, and at the end every term
//! is typed once more on a cold start: the file's pages dropped from the operating
//! system's cache (`posix_fadvise(DONTNEED)`, which needs no root, unlike drop_caches),
//! a new connection (an empty SQLite page cache) and the province ledger opened afresh,
//! as the first search after the server's cache lost the file. Target: every keystroke
//! under 300 ms.

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use taizhang::db::{self, OpenOptions};
use taizhang::tui::app::App;
use taizhang::tui::commands::Command;
use taizhang::tui::keymap::Action;
use taizhang::tui::screens::Dest;
use taizhang::tui::theme::Theme;

fn vm(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

struct Stats {
    name: String,
    samples: Vec<Duration>,
}

impl Stats {
    fn print(&mut self) {
        self.samples.sort();
        let n = self.samples.len();
        if n == 0 {
            return;
        }
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let p95 = self.samples[((n as f64 * 0.95).ceil() as usize).clamp(1, n) - 1];
        println!(
            "{:<34} n={:>4}  median {:>7.2} ms  p95 {:>7.2} ms  max {:>7.2} ms",
            self.name,
            n,
            ms(self.samples[n / 2]),
            ms(p95),
            ms(self.samples[n - 1])
        );
    }
}

fn step(app: &mut App, term: &mut Terminal<TestBackend>, action: Action) -> Duration {
    let t = Instant::now();
    app.handle_action(action);
    term.draw(|f| app.view(f)).expect("draw");
    t.elapsed()
}

fn measure(app: &mut App, term: &mut Terminal<TestBackend>, name: &str, action: Action, times: usize) {
    let mut s = Stats { name: name.into(), samples: Vec::new() };
    for _ in 0..times {
        s.samples.push(step(app, term, action));
    }
    s.print();
}

/// Types `text` into the search line; reports each keystroke (each one re-queries).
fn search(app: &mut App, term: &mut Terminal<TestBackend>, name: &str, text: &str) {
    let mut s = Stats { name: format!("search {name} ({text})"), samples: Vec::new() };
    let each = type_search(app, term, text, &mut s.samples);
    s.print();
    println!("    per keystroke (ms): {}", each.join("  "));
    let screen = format!("{:?}", term.backend().buffer());
    if screen.contains("没有符合条件") {
        println!("    (no match for {text})");
    }
}

/// Opens the search line, types `text`, clears it again; each keystroke's time goes to
/// `samples`. Returns them as "char:ms".
fn type_search(
    app: &mut App,
    term: &mut Terminal<TestBackend>,
    text: &str,
    samples: &mut Vec<Duration>,
) -> Vec<String> {
    step(app, term, Action::Cmd(Command::Search));
    let mut each = Vec::new();
    for c in text.chars() {
        let d = step(app, term, Action::Char(c));
        each.push(format!("{c}:{:.1}", d.as_secs_f64() * 1000.0));
        samples.push(d);
    }
    step(app, term, Action::Cmd(Command::Back)); // clear the search
    each
}

/// The search terms, common and rare: one initial, a common surname, three
/// initials, an ID tail, a name prefix and a full name's initials.
const TERMS: &[(&str, &str)] = &[
    ("one initial", "w"),
    ("common surname", "王"),
    ("pinyin initials", "fmx"),
    ("ID tail (4 digits)", "1234"),
    ("name prefix", "王某"),
    ("pinyin initials", "wmj"),
    ("ID tail (6 digits)", "561234"),
];

/// Every term typed `rounds` times on the open ledger: p50 / p95 / max per term and over
/// all keystrokes (the first round includes the first touch of each index page).
fn search_terms(app: &mut App, term: &mut Terminal<TestBackend>, label: &str, rounds: usize) {
    let mut all = Stats { name: format!("{label}: every search keystroke"), samples: Vec::new() };
    for (name, text) in TERMS {
        let mut s = Stats { name: format!("{label}: {name} ({text})"), samples: Vec::new() };
        let mut first = Vec::new();
        for round in 0..rounds {
            let each = type_search(app, term, text, &mut s.samples);
            if round == 0 {
                first = each;
            }
        }
        all.samples.extend(s.samples.iter().copied());
        s.print();
        println!("    first round per keystroke (ms): {}", first.join("  "));
    }
    all.print();
}

/// Opens `path` (creating it with `cases` demo cases if missing) and types every search
/// term into the province ledger.
fn search_bench(path: &std::path::Path, cases: u64, label: &str) {
    let opts = OpenOptions {
        path: path.to_path_buf(),
        create: db::Create::Demo(cases),
        busy_timeout: Duration::from_secs(5),
        login: admin_login(path),
    };
    warm(path);
    let db = db::open(&opts).expect("open database");
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut app = App::new(db, Theme::new(false, false)).expect("app");
    term.draw(|f| app.view(f)).expect("draw");
    step(&mut app, &mut term, Action::Cmd(Command::Go(Dest::Ledger)));
    println!("    {}", screen_line(&term, 1));
    println!("    {}", screen_line(&term, 2));
    search_terms(&mut app, &mut term, label, 5);
}

/// The widest-reaching administrator of the file (its creator), else "bench" (who creates
/// it): an unregistered login sees counts and no case, which would measure nothing.
fn admin_login(path: &std::path::Path) -> String {
    let found = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).and_then(|c| {
        c.query_row(
            "SELECT login FROM users WHERE role = 'admin' ORDER BY length(coalesce(scope_code, '')), login LIMIT 1",
            [],
            |r| r.get::<_, String>(0),
        )
    });
    found.unwrap_or_else(|_| "bench".into())
}

/// Row `y` of the screen as text: shows which screen a measurement ran on.
fn screen_line(term: &Terminal<TestBackend>, y: u16) -> String {
    let b = term.backend().buffer();
    (0..b.area.width)
        .filter_map(|x| b.cell((x, y)).map(|c| c.symbol().to_string()))
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// Drops `path` (and its WAL) from the operating system's page cache, so that the next
/// read goes to the disk (written pages are synced first: only clean pages can go).
fn evict(path: &std::path::Path) {
    use std::os::fd::AsRawFd;
    for p in [path.to_path_buf(), PathBuf::from(format!("{}-wal", path.display()))] {
        if let Ok(f) = std::fs::File::open(&p) {
            let _ = f.sync_all();
            // SAFETY: advising the kernel about a file descriptor we hold open.
            unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
        }
    }
}

/// Every search term typed once on a cold start each (see the module's note).
fn cold_search(path: &std::path::Path) {
    let mut all = Stats { name: "cold: every search keystroke".into(), samples: Vec::new() };
    for (name, text) in TERMS {
        evict(path);
        let opts = OpenOptions {
            path: path.to_path_buf(),
            create: db::Create::Never,
            busy_timeout: Duration::from_secs(5),
            login: admin_login(path),
        };
        let db = db::open(&opts).expect("open database");
        let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        let mut app = App::new(db, Theme::new(false, false)).expect("app");
        term.draw(|f| app.view(f)).expect("draw");
        let open = step(&mut app, &mut term, Action::Cmd(Command::Go(Dest::Ledger)));
        let mut s = Stats { name: format!("cold: {name} ({text})"), samples: Vec::new() };
        let each = type_search(&mut app, &mut term, text, &mut s.samples);
        all.samples.extend(s.samples.iter().copied());
        s.print();
        println!(
            "    ledger opened cold in {:.1} ms; per keystroke (ms): {}",
            open.as_secs_f64() * 1000.0,
            each.join("  ")
        );
    }
    all.print();
}

/// Reads the file once, as a server in daily use has it cached, in 1 MB reads so this
/// process's memory is not inflated. TAIZHANG_BENCH_COLD=1 skips it.
fn warm(path: &std::path::Path) {
    use std::io::Read;
    if std::env::var_os("TAIZHANG_BENCH_COLD").is_some() || !path.exists() {
        return;
    }
    let t = Instant::now();
    if let Ok(mut f) = std::fs::File::open(path) {
        let mut buf = vec![0u8; 1 << 20];
        while matches!(f.read(&mut buf), Ok(n) if n > 0) {}
    }
    println!("warmed the file cache of {} in {:.0} ms", path.display(), t.elapsed().as_secs_f64() * 1000.0);
}

fn main() {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    let path = std::env::var_os("TAIZHANG_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/1m.db"));
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let opts = OpenOptions {
        path: path.clone(),
        create: db::Create::Demo(1_000_000),
        busy_timeout: Duration::from_secs(5),
        login: admin_login(&path),
    };
    if !path.exists() {
        println!("creating {} with 1,000,000 demo cases (once)...", path.display());
    }
    let data = path.parent().map(|d| d.to_path_buf()).unwrap_or_default();
    // Search at 10k and 100k first (databases made here once, a few seconds each).
    if std::env::var_os("TAIZHANG_BENCH_DB").is_none() && std::env::var_os("TAIZHANG_BENCH_ONLY_1M").is_none() {
        for (cases, label) in [(10_000u64, "10k"), (100_000, "100k")] {
            search_bench(&data.join(format!("{label}.db")), cases, label);
        }
    }
    warm(&path);
    let rss_start = vm("VmRSS:");
    let t = Instant::now();
    let db = db::open(&opts).expect("open database");
    let open_time = t.elapsed();
    let cases: i64 = db.conn.query_row("SELECT count(*) FROM cases", [], |r| r.get(0)).unwrap_or(-1);
    // The busiest county, for a county-level ledger.
    let county: String = db
        .conn
        .query_row("SELECT county_code FROM case_counts GROUP BY county_code ORDER BY sum(n) DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap_or_else(|_| "231123".into());
    println!(
        "database {} — {} cases; open {:.1} ms; busiest county {county}",
        path.display(),
        cases,
        open_time.as_secs_f64() * 1000.0
    );

    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let t = Instant::now();
    let mut app = App::new(db, Theme::new(false, false)).expect("app");
    term.draw(|f| app.view(f)).expect("draw");
    println!("{:<34} {:>7.2} ms", "first screen (region tree)", t.elapsed().as_secs_f64() * 1000.0);

    // Province ledger: 'l' on the root.
    let mut open_prov = Stats { name: "open province ledger (1M)".into(), samples: Vec::new() };
    for _ in 0..7 {
        open_prov.samples.push(step(&mut app, &mut term, Action::Cmd(Command::Go(Dest::Ledger))));
        step(&mut app, &mut term, Action::Cmd(Command::Back));
    }
    open_prov.print();
    step(&mut app, &mut term, Action::Cmd(Command::Go(Dest::Ledger)));
    println!("    {}", screen_line(&term, 1));
    println!("    {}", screen_line(&term, 2));
    measure(&mut app, &mut term, "j (down)", Action::Down, 300);
    measure(&mut app, &mut term, "PageDown", Action::PageDown, 60);
    measure(&mut app, &mut term, "PageUp", Action::PageUp, 30);
    measure(&mut app, &mut term, "End", Action::End, 5);
    measure(&mut app, &mut term, "Home", Action::Home, 5);
    measure(&mut app, &mut term, "o (open/all/closed)", Action::Cmd(Command::ToggleOpen), 6);
    measure(&mut app, &mut term, "s (sort key)", Action::Cmd(Command::Sort), 6);
    search_terms(&mut app, &mut term, "1M", 5);
    step(&mut app, &mut term, Action::Cmd(Command::Back));

    // County ledger: filter the tree to the county, then 'l'.
    step(&mut app, &mut term, Action::Cmd(Command::Search));
    for c in county.chars() {
        step(&mut app, &mut term, Action::Char(c));
    }
    step(&mut app, &mut term, Action::Enter);
    let mut open_county = Stats { name: format!("open county ledger ({county})"), samples: Vec::new() };
    for _ in 0..7 {
        open_county.samples.push(step(&mut app, &mut term, Action::Cmd(Command::Go(Dest::Ledger))));
        step(&mut app, &mut term, Action::Cmd(Command::Back));
    }
    open_county.print();
    step(&mut app, &mut term, Action::Cmd(Command::Go(Dest::Ledger)));
    measure(&mut app, &mut term, "county j", Action::Down, 200);
    measure(&mut app, &mut term, "county PageDown", Action::PageDown, 40);
    measure(&mut app, &mut term, "county End", Action::End, 5);
    search(&mut app, &mut term, "county name prefix", "李某");
    search(&mut app, &mut term, "county pinyin", "lm");

    println!("peak RSS (VmHWM) {:.1} MB; RSS now {:.1} MB (at start {:.1} MB)", vm("VmHWM:"), vm("VmRSS:"), rss_start);
    if std::env::var_os("TAIZHANG_BENCH_COLD").is_some() {
        drop(app);
        cold_search(&path);
    }
}
