//! The command line in the user's language: `--help` of every command, and usage errors.
//!
//! The language is settled from argv (`--lang X`, `--lang=X`) and the locale before clap
//! parses. The clap tree of [`Args`] is then built, given the texts of
//! [`crate::i18n::cli_help`] (about, argument help, value names), and each command gets
//! its whole help page, laid out here, as its help template: clap's own layout counts a
//! Chinese character as one column and cannot wrap Chinese text.

use super::{exit, Args};
use crate::i18n::cli_help::{self as text, H};
use crate::i18n::fill;
use crate::text::wrap;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};
use std::ffi::OsString;
use unicode_width::UnicodeWidthStr;

/// Help pages are laid out for this many columns.
pub const WIDTH: usize = 80;

/// Where argument help starts at the latest; a longer argument puts its help below.
const MAX_HELP_COLUMN: usize = 30;

/// Parses the command line. Help and version are printed here (exit 0), usage errors too
/// (exit 2); either way `Err` carries the exit code.
pub fn parse(argv: impl IntoIterator<Item = OsString>) -> Result<Args, i32> {
    parse_with(argv, None)
}

/// [`parse`], with the settings file's language used when argv has no `--lang` (it wins
/// over the locale: it is the user's own choice).
pub fn parse_with(argv: impl IntoIterator<Item = OsString>, settings_lang: Option<&str>) -> Result<Args, i32> {
    let argv: Vec<OsString> = argv.into_iter().collect();
    crate::i18n::set_lang(crate::i18n::detect(lang_flag(&argv).as_deref().or(settings_lang)));
    // Laying out every page takes a few milliseconds: only when one may be shown.
    let asks_help = argv.iter().skip(1).any(|a| a == "-h" || a == "--help" || a == "help");
    let mut cmd = tree(asks_help);
    let mut parsed = cmd.try_get_matches_from_mut(&argv).and_then(|m| Args::from_arg_matches(&m));
    if !asks_help && matches!(&parsed, Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        cmd = command();
        parsed = cmd.try_get_matches_from_mut(&argv).and_then(|m| Args::from_arg_matches(&m));
    }
    let e = match parsed {
        Ok(args) => return Ok(args),
        Err(e) => e,
    };
    Err(match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            exit::OK
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            exit::BAD_INPUT
        }
        _ => {
            eprintln!("taizhang: {}", error_text(&e, &usage(&mut named_command(&cmd, &argv))));
            exit::BAD_INPUT
        }
    })
}

/// The value of `--lang` in argv, if any (before a `--` that ends the options).
pub fn lang_flag(argv: &[OsString]) -> Option<String> {
    let mut it = argv.iter().skip(1).map(|a| a.to_string_lossy());
    let mut found = None;
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        } else if a == "--lang" {
            found = it.next().map(|v| v.into_owned());
        } else if let Some(v) = a.strip_prefix("--lang=") {
            found = Some(v.to_string());
        }
    }
    found
}

/// The deepest command argv names (`taizhang --db x report monthly …` names
/// `report monthly`), for errors that clap gives without a usage line.
fn named_command(root: &Command, argv: &[OsString]) -> Command {
    let mut cmd = root;
    for a in argv.iter().skip(1).map(|a| a.to_string_lossy()) {
        if a == "--" {
            break;
        }
        if let Some(sub) = cmd.find_subcommand(a.as_ref()).filter(|s| s.get_name() != "help") {
            cmd = sub;
        }
    }
    cmd.clone()
}

/// The clap tree of taizhang in the current language, built, every command with its help page.
pub fn command() -> Command {
    tree(true)
}

/// The tree in the current language; with `pages`, each command with its help page.
fn tree(pages: bool) -> Command {
    let mut cmd = Args::command();
    cmd.build();
    localize(cmd, "", pages)
}

/// Gives the command at `path` and everything below it the texts of the current language
/// and, with `pages`, its help page. `path` is as [`text::about`] names commands.
fn localize(cmd: Command, path: &str, pages: bool) -> Command {
    let mut cmd = cmd.subcommand_value_name(H::VCommand.s()).subcommand_help_heading(strip_colon(H::Commands.s()));
    if let Some(about) = text::about(path) {
        cmd = cmd.about(about.s());
    }
    cmd = cmd.mut_args(|arg| {
        let lookup = if arg.is_global_set() { "" } else { path };
        match text::arg(lookup, arg.get_id().as_str()) {
            Some((help, Some(value))) => arg.help(help.s()).value_name(value.s()),
            Some((help, None)) => arg.help(help.s()),
            None => arg,
        }
    });
    cmd = cmd.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        localize(sub, &child_path(path, &name), pages)
    });
    if !pages {
        return cmd;
    }
    let page = page(&mut cmd, path);
    cmd.help_template(page)
}

/// The path of subcommand `name` under `path`. The help command's copies of the tree
/// (`help report monthly`) are named like the commands they stand for.
pub fn child_path(path: &str, name: &str) -> String {
    let mut segments: Vec<&str> = path.split_whitespace().collect();
    segments.push(name);
    let last = segments.len() - 1;
    let kept: Vec<&str> =
        segments.iter().enumerate().filter(|&(i, s)| *s != "help" || i == last).map(|(_, s)| *s).collect();
    kept.join(" ")
}

/// A heading followed by what it heads: `用法：x`, `Usage: x`.
fn heading_then(heading: &str) -> String {
    if heading.ends_with(':') {
        format!("{heading} ")
    } else {
        heading.to_string()
    }
}

fn strip_colon(heading: &str) -> &str {
    heading.trim_end_matches(['：', ':'])
}

/// The usage line without clap's English heading and `[OPTIONS]`.
fn usage(cmd: &mut Command) -> String {
    localize_usage(&cmd.render_usage().to_string())
}

fn localize_usage(usage: &str) -> String {
    let usage = usage.trim();
    let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim_start();
    usage.replace("[OPTIONS]", H::UsageOptions.s())
}

/// The help page of one command: what it does, usage, commands, arguments, options.
fn page(cmd: &mut Command, path: &str) -> String {
    let mut out = Vec::new();
    if let Some(about) = cmd.get_about() {
        out.extend(wrap(&about.to_string(), WIDTH));
        out.push(String::new());
    }
    let heading = heading_then(H::Usage.s());
    let indent = heading.width();
    for (i, line) in wrap(&usage(cmd), WIDTH - indent).into_iter().enumerate() {
        let lead = if i == 0 { heading.clone() } else { " ".repeat(indent) };
        out.push(format!("{lead}{line}"));
    }

    let commands: Vec<(String, String)> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| (s.get_name().to_string(), s.get_about().map(|a| a.to_string()).unwrap_or_default()))
        .collect();
    if !commands.is_empty() {
        out.push(String::new());
        out.push(H::Commands.s().to_string());
        out.extend(table(&commands));
    }

    let shown: Vec<&Arg> = cmd.get_arguments().filter(|a| !a.is_hide_set()).collect();
    let any_short = shown.iter().any(|a| a.get_short().is_some());
    let global = |a: &Arg| !path.is_empty() && a.is_global_set();
    let rows = |keep: &dyn Fn(&Arg) -> bool| -> Vec<(String, String)> {
        shown.iter().filter(|a| keep(a)).map(|a| (spec(a, any_short), arg_help(a))).collect()
    };
    let positionals = rows(&|a| a.is_positional());
    let local = rows(&|a| !a.is_positional() && !global(a));
    let global = rows(&|a| !a.is_positional() && global(a));
    // One column for all argument sections, as clap does.
    let all: Vec<(String, String)> = positionals.iter().chain(&local).chain(&global).cloned().collect();
    let column = help_column(&all);
    for (heading, rows) in [(H::Arguments, positionals), (H::Options, local), (H::GlobalOptions, global)] {
        if !rows.is_empty() {
            out.push(String::new());
            out.push(heading.s().to_string());
            out.extend(rows_at(&rows, column));
        }
    }

    if path.is_empty() {
        out.push(String::new());
        out.push(H::ExitCodes.s().to_string());
        let codes = [H::Exit0, H::Exit1, H::Exit2, H::Exit3, H::Exit4, H::Exit5];
        let rows: Vec<_> = codes.iter().enumerate().map(|(i, t)| (i.to_string(), t.s().to_string())).collect();
        out.extend(table(&rows));
    }
    let mut page = out.join("\n");
    page.push('\n');
    page
}

/// How an argument is written in the help: `-o, --output <文件>`, `    --apply`, `<文件>`.
fn spec(a: &Arg, any_short: bool) -> String {
    let value = a
        .get_value_names()
        .and_then(|v| v.first())
        .map(|v| v.to_string())
        .unwrap_or_else(|| a.get_id().as_str().to_uppercase());
    if a.is_positional() {
        return format!("<{value}>");
    }
    let mut s = match (a.get_short(), a.get_long()) {
        (Some(c), Some(l)) => format!("-{c}, --{l}"),
        (Some(c), None) => format!("-{c}"),
        (None, Some(l)) if any_short => format!("    --{l}"),
        (None, Some(l)) => format!("--{l}"),
        (None, None) => String::new(),
    };
    if a.get_action().takes_values() {
        s.push_str(&format!(" <{value}>"));
    }
    s
}

/// The help of an argument, then its environment variable, default and possible values.
fn arg_help(a: &Arg) -> String {
    let mut lines: Vec<String> = a.get_help().map(|h| h.to_string()).into_iter().collect();
    if matches!(a.get_action(), ArgAction::Set | ArgAction::Append) {
        if let Some(env) = a.get_env().filter(|_| !a.is_hide_env_set()) {
            lines.push(fill(H::Env.s(), &[&env.to_string_lossy()]));
        }
        let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
        if !defaults.is_empty() && !a.is_hide_default_value_set() {
            lines.push(fill(H::Default.s(), &[&defaults.join(",")]));
        }
        let possible: Vec<String> = a.get_possible_values().iter().map(|p| p.get_name().to_string()).collect();
        let named = a.get_value_names().and_then(|v| v.first()).is_some_and(|v| v.contains('|'));
        if !possible.is_empty() && !named && !a.is_hide_possible_values_set() {
            lines.push(fill(H::PossibleValues.s(), &[&possible.join(H::ListSep.s())]));
        }
    }
    lines.join("\n")
}

/// The column where argument help starts.
fn help_column(rows: &[(String, String)]) -> usize {
    let widest = rows.iter().map(|(s, _)| s.width()).max().unwrap_or(0);
    (2 + widest + 2).min(MAX_HELP_COLUMN)
}

/// Rows of a name and its help, the help starting after the widest name.
fn table(rows: &[(String, String)]) -> Vec<String> {
    let column = 2 + rows.iter().map(|(s, _)| s.width()).max().unwrap_or(0) + 2;
    rows_at(rows, column)
}

/// Rows of a name and its help, the help in `column` (below the name if it is too wide)
/// and wrapped to [`WIDTH`].
fn rows_at(rows: &[(String, String)], column: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (name, help) in rows {
        let first = format!("  {name}");
        let mut lines = wrap(help, WIDTH.saturating_sub(column).max(20)).into_iter();
        if first.width() + 2 <= column {
            let pad = column - first.width();
            match lines.next() {
                Some(l) if !l.is_empty() => out.push(format!("{first}{}{l}", " ".repeat(pad))),
                _ => out.push(first),
            }
        } else {
            out.push(first);
        }
        out.extend(lines.map(|l| format!("{}{l}", " ".repeat(column))));
    }
    out
}

/// A usage error in the current language: what is wrong, a suggestion if clap has one,
/// the usage line (clap's, else `fallback_usage`) and where to read more.
pub fn error_text(e: &clap::Error, fallback_usage: &str) -> String {
    let first = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    let list = |kind| match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.join(H::ListSep.s()),
        Some(ContextValue::String(s)) => s.clone(),
        _ => String::new(),
    };
    let arg = first(ContextKind::InvalidArg).unwrap_or_default();
    let main = match e.kind() {
        ErrorKind::UnknownArgument if !arg.is_empty() => Some(fill(H::ErrUnknownArgument.s(), &[&arg])),
        ErrorKind::InvalidSubcommand => {
            first(ContextKind::InvalidSubcommand).map(|c| fill(H::ErrUnknownCommand.s(), &[&c]))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => match first(ContextKind::InvalidValue) {
            Some(v) if v.is_empty() => Some(fill(H::ErrNeedsValue.s(), &[&arg])),
            Some(v) => Some(fill(H::ErrInvalidValue.s(), &[&arg, &v])),
            None => None,
        },
        ErrorKind::ArgumentConflict => {
            Some(fill(H::ErrConflict.s(), &[&arg, &first(ContextKind::PriorArg).unwrap_or_default()]))
        }
        ErrorKind::MissingRequiredArgument => Some(fill(H::ErrMissing.s(), &[&list(ContextKind::InvalidArg)])),
        ErrorKind::MissingSubcommand => Some(H::ErrMissingCommand.s().to_string()),
        _ => None,
    };
    // Without a sentence of ours, clap's own (English) one, under a heading of ours.
    let main = main.unwrap_or_else(|| {
        let rendered = e.render().to_string();
        let detail = rendered.lines().next().unwrap_or_default().trim_start_matches("error: ").to_string();
        fill(H::ErrOther.s(), &[&detail])
    });
    let mut lines = vec![main];
    let valid = list(ContextKind::ValidValue);
    if !valid.is_empty() {
        lines.push(fill(H::ErrValid.s(), &[&valid]));
    }
    if matches!(e.get(ContextKind::TrailingArg), Some(ContextValue::Bool(true))) {
        lines.push(fill(H::ErrTrailing.s(), &[&arg, &arg]));
    }
    // clap lists its guesses from the least to the most likely.
    let best = |kind| match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.last().cloned(),
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue] {
        if let Some(s) = best(kind) {
            lines.push(fill(H::ErrDidYouMean.s(), &[&s]));
        }
    }
    let usage = match e.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(s)) => localize_usage(&s.to_string()),
        _ => fallback_usage.to_string(),
    };
    lines.push(String::new());
    lines.push(format!("{}{usage}", heading_then(H::Usage.s())));
    lines.push(String::new());
    lines.push(fill(H::ErrMore.s(), &[&command_of(&usage)]));
    lines.join("\n")
}

/// `taizhang report monthly` of the usage `taizhang report monthly [选项] --county <县代码>`.
fn command_of(usage: &str) -> String {
    let words: Vec<&str> =
        usage.split_whitespace().take_while(|w| !w.starts_with(['[', '<', '-']) && !w.contains('|')).collect();
    if words.is_empty() {
        "taizhang".to_string()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_paths_name_the_commands_the_help_tree_copies() {
        assert_eq!(child_path("", "report"), "report");
        assert_eq!(child_path("report", "monthly"), "report monthly");
        assert_eq!(child_path("", "help"), "help");
        assert_eq!(child_path("help", "report"), "report");
        assert_eq!(child_path("help", "help"), "help");
        assert_eq!(child_path("report", "help"), "report help");
        assert_eq!(child_path("report help", "monthly"), "report monthly");
    }

    #[test]
    fn lang_flag_in_both_spellings_and_not_after_double_dash() {
        let argv = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_flag(&argv(&["taizhang", "--lang", "en", "check"])).as_deref(), Some("en"));
        assert_eq!(lang_flag(&argv(&["taizhang", "check", "--lang=zh"])).as_deref(), Some("zh"));
        assert_eq!(lang_flag(&argv(&["taizhang", "import", "--", "--lang=en"])), None);
        assert_eq!(lang_flag(&argv(&["taizhang", "check"])), None);
    }

    #[test]
    fn command_of_a_usage() {
        assert_eq!(command_of("taizhang report monthly [选项] --county <县代码>"), "taizhang report monthly");
        assert_eq!(command_of("taizhang import [OPTIONS] <cases|schools> <FILE>"), "taizhang import");
        assert_eq!(command_of(""), "taizhang");
    }
}
