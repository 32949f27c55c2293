//! The account of an import, shared by `taizhang import` and the import screen: what was
//! read, the column mapping, every bad row and duplicate, the summary; or why it could not
//! run. It is built once as typed lines ([`ReportLine`]): the command prints their text, the
//! screen orders and colours them by kind — nothing reads the wording back.

use crate::db::Db;
use crate::i18n::io::X;
use crate::i18n::{fill, T};
use crate::io::case_update::CaseChange;
use crate::io::import::{ImportError, Kind, Mode, Outcome};
use crate::io::read;

/// What a line of the account is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// What was read, and the heading over the column mapping.
    Heading,
    /// One column's field, or the columns not used.
    Mapping,
    /// A row with an error.
    Problem,
    /// A row skipped as a child who already has an open case.
    Duplicate,
    /// A row that updates a case: each correction and step.
    Update,
    /// The counts: what was checked or written.
    Summary,
    /// A large file's problems summed up by column and reason.
    Groups,
    /// What to do next (names flags on the command line, keys on the screen).
    Advice,
    /// Where the rejected rows were written.
    Rejected,
    /// Why the import could not run.
    Failure,
}

impl LineKind {
    /// The lines that say how the import ended, which the screen shows first.
    pub fn is_outcome(self) -> bool {
        matches!(self, LineKind::Summary | LineKind::Groups | LineKind::Advice | LineKind::Rejected | LineKind::Failure)
    }

    /// The lines about one row of the file.
    pub fn is_row(self) -> bool {
        matches!(self, LineKind::Problem | LineKind::Duplicate | LineKind::Update)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub kind: LineKind,
    pub text: String,
}

impl ReportLine {
    pub fn new(kind: LineKind, text: String) -> ReportLine {
        ReportLine { kind, text }
    }
}

/// Who reads the account: the advice names command-line flags or the screen's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Cli,
    Screen,
}

/// The dry run's summary: rows to write, bad rows, duplicates (an update: cases to
/// change, corrections and steps, unchanged rows).
pub fn summary_dry(o: &Outcome) -> String {
    if o.kind == Kind::CaseUpdates {
        let (changes, steps) = update_counts(o);
        return fill(X::SummaryUpdateDry.s(), &[&o.updates.len(), &changes, &steps, &o.unchanged, &o.invalid_rows]);
    }
    fill(X::SummaryDry.s(), &[&o.valid_rows, &o.invalid_rows, &o.duplicates.len()])
}

/// How many corrections and steps the update rows hold.
fn update_counts(o: &Outcome) -> (usize, usize) {
    (o.updates.iter().map(|u| u.changes.len()).sum(), o.updates.iter().map(|u| u.steps.len()).sum())
}

/// One update row: the case it matched and each change.
fn update_line(u: &CaseChange) -> String {
    let changes = u.changes.iter().map(|(c, a, b)| fill(X::UpdateChange.s(), &[c, a, b]));
    let steps = u.steps.iter().map(|(a, d)| fill(X::UpdateStep.s(), &[a, d]));
    let all: Vec<String> = changes.chain(steps).collect();
    fill(X::UpdateLine.s(), &[&u.line, &u.case_id, &u.name, &all.join(T::ListSep.s())])
}

/// The sentence for an import refused under "all rows or none".
pub fn refused(o: &Outcome, audience: Audience) -> String {
    let template = match audience {
        Audience::Cli => X::SummaryRefused,
        Audience::Screen => X::TuiRefused,
    };
    fill(template.s(), &[&o.invalid_rows])
}

/// The account of an import, line by line, in the order the command prints it: what was
/// read, the column mapping, every bad row, every duplicate, the summary.
pub fn report_lines(o: &Outcome, mode: Mode, audience: Audience) -> Vec<ReportLine> {
    use LineKind::*;
    let mut out = vec![
        ReportLine::new(Heading, fill(X::ReadAs.s(), &[&o.file, &o.format, &o.rows])),
        ReportLine::new(Heading, X::Mapping.s().to_string()),
    ];
    out.extend(
        o.mapping
            .iter()
            .map(|(header, key)| ReportLine::new(Mapping, format!("  {header} = {}", column_name(o.kind, key)))),
    );
    if !o.ignored_columns.is_empty() {
        out.push(ReportLine::new(Mapping, fill(X::MappingIgnored.s(), &[&o.ignored_columns.join(", ")])));
    }
    out.extend(o.notes.iter().map(|n| ReportLine::new(Mapping, n.clone())));
    if !o.values_read.is_empty() {
        out.push(ReportLine::new(Heading, X::ValueMappedHeading.s().to_string()));
    }
    out.extend(
        o.values_read
            .iter()
            .map(|v| ReportLine::new(Mapping, fill(X::ValueMapped.s(), &[&v.column, &v.written, &v.read, &v.rows]))),
    );
    out.extend(
        o.problems
            .iter()
            .map(|p| ReportLine::new(Problem, fill(X::ProblemLine.s(), &[&p.line, &p.column, &p.value, &p.reason]))),
    );
    out.extend(
        o.duplicates
            .iter()
            .map(|d| ReportLine::new(Duplicate, fill(X::SkippedLine.s(), &[&d.line, &d.name, &d.reason]))),
    );
    out.extend(o.updates.iter().map(|u| ReportLine::new(Update, update_line(u))));
    out.extend(problem_groups(o).into_iter().map(|text| ReportLine::new(Groups, text)));
    match mode {
        Mode::DryRun => {
            out.push(ReportLine::new(Summary, summary_dry(o)));
            let hint = match audience {
                Audience::Cli => X::SummaryDryHint,
                Audience::Screen => X::TuiDryHint,
            };
            out.push(ReportLine::new(Advice, hint.s().to_string()));
        }
        Mode::Apply if o.invalid_rows > 0 => out.push(ReportLine::new(Summary, refused(o, audience))),
        _ if o.kind == Kind::CaseUpdates => {
            let (changes, steps) = update_counts(o);
            let n = if o.applied { o.written } else { 0 };
            let text = fill(X::SummaryUpdated.s(), &[&n, &changes, &steps, &o.unchanged, &o.invalid_rows]);
            out.push(ReportLine::new(Summary, text))
        }
        _ => out.push(ReportLine::new(
            Summary,
            fill(X::SummaryWritten.s(), &[&o.written, &o.invalid_rows, &o.duplicates.len()]),
        )),
    }
    if let Some(p) = &o.rejected_file {
        out.push(ReportLine::new(Rejected, fill(X::RejectedWritten.s(), &[&p.display()])));
    }
    out
}

/// The most groups of problems the account sums up; the rest are counted.
const GROUPS_SHOWN: usize = 8;

/// A file with many bad rows: its problems summed up by column and reason, the commonest
/// first, so that what a large file lacks is read without scrolling through every row.
fn problem_groups(o: &Outcome) -> Vec<String> {
    if o.invalid_rows < 10 {
        return Vec::new();
    }
    let mut groups: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
    for p in &o.problems {
        *groups.entry((p.column.as_str(), p.reason.as_str())).or_default() += 1;
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = vec![X::ProblemGroups.s().to_string()];
    out.extend(groups.iter().take(GROUPS_SHOWN).map(|((c, r), n)| fill(X::ProblemGroup.s(), &[c, r, n])));
    if groups.len() > GROUPS_SHOWN {
        out.push(fill(X::ProblemGroupsMore.s(), &[&(groups.len() - GROUPS_SHOWN)]));
    }
    out
}

/// The plain-text account `taizhang import` prints.
pub fn report_text(o: &Outcome, mode: Mode) -> String {
    report_lines(o, mode, Audience::Cli).into_iter().map(|l| l.text).collect::<Vec<_>>().join("\n")
}

/// A field key's label (case or school field, or an import-only column).
/// A column's field as the mapping names it, in the words of what is imported.
fn column_name(kind: Kind, key: &str) -> String {
    match kind {
        Kind::Items => crate::io::items::column_label(key),
        Kind::Cases | Kind::CaseUpdates => crate::io::import::field_label_any(key).to_string(),
        _ => field_name(key).to_string(),
    }
}

fn field_name(key: &str) -> &str {
    match key {
        "county" => X::HeaderCounty.s(),
        k => crate::io::import::field_label_any(k),
    }
}

/// The sentence for an import that could not run.
pub fn failure_text(db: &Db, e: &ImportError) -> String {
    match e {
        ImportError::Read(r) => r.message(),
        ImportError::MissingColumns(cols) => fill(X::MissingColumns.s(), &[&cols.join("; ")]),
        ImportError::RepeatedColumns(repeated) => {
            let mut lines: Vec<String> = repeated
                .iter()
                .map(|r| {
                    let (a, b) = (&r.first, &r.again);
                    let (ca, cb) = (read::column_letter(a.0), read::column_letter(b.0));
                    fill(X::RepeatedColumn.s(), &[&field_name(r.key), &ca, &a.1, &cb, &b.1])
                })
                .collect();
            lines.push(X::NothingImported.s().to_string());
            lines.join("\n")
        }
        ImportError::BadCounty(c) => fill(X::BadCounty.s(), &[c]),
        ImportError::Write(w) => crate::i18n::errors::session_write_error(db, w),
        ImportError::Rejected(p, err) => fill(X::RejectedWriteFailed.s(), &[&p.display(), err]),
        ImportError::Sqlite(err) => fill(T::SaveFailed.s(), &[err]),
    }
}

/// An import that could not run, as lines of the account.
pub fn failure_lines(db: &Db, e: &ImportError) -> Vec<ReportLine> {
    failure_text(db, e).lines().map(|l| ReportLine::new(LineKind::Failure, l.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::{Problem, Skipped};

    fn outcome() -> Outcome {
        Outcome {
            file: "a.csv".into(),
            format: "CSV UTF-8".into(),
            mapping: vec![("姓名".into(), "name".into())],
            ignored_columns: vec!["备注2".into()],
            rows: 3,
            valid_rows: 1,
            invalid_rows: 1,
            problems: vec![Problem {
                line: 3,
                column: "身份证号".into(),
                value: "123".into(),
                reason: "位数不对".into(),
            }],
            duplicates: vec![Skipped { line: 4, name: "张三".into(), reason: "已有".into() }],
            ..Outcome::default()
        }
    }

    fn kinds(lines: &[ReportLine]) -> Vec<LineKind> {
        lines.iter().map(|l| l.kind).collect()
    }

    #[test]
    fn each_line_has_its_kind_and_the_text_is_the_lines_joined() {
        use LineKind::*;
        let o = outcome();
        let lines = report_lines(&o, Mode::DryRun, Audience::Cli);
        assert_eq!(kinds(&lines), [Heading, Heading, Mapping, Mapping, Problem, Duplicate, Summary, Advice]);
        let joined: Vec<String> = lines.iter().map(|l| l.text.clone()).collect();
        assert_eq!(report_text(&o, Mode::DryRun), joined.join("\n"));
    }

    #[test]
    fn the_screen_gets_keys_where_the_command_line_gets_flags() {
        let o = outcome();
        let cli = report_lines(&o, Mode::Apply, Audience::Cli);
        let screen = report_lines(&o, Mode::Apply, Audience::Screen);
        assert_eq!(kinds(&cli), kinds(&screen));
        let last = |l: &[ReportLine]| l.last().map(|l| l.text.clone()).unwrap_or_default();
        assert_eq!(last(&cli), refused(&o, Audience::Cli));
        assert_eq!(last(&screen), refused(&o, Audience::Screen));
        assert_ne!(last(&cli), last(&screen));
        // Everything else is the same account.
        let n = cli.len() - 1;
        assert_eq!(cli[..n], screen[..n]);
    }
}
