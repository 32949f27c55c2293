//! `taizhang completions SHELL` and `taizhang man`: generated from the same clap tree as
//! `--help`, with the texts of the current language (`--lang en`).

use super::{exit, Failure};
use crate::i18n::cli_help::H;
use crate::i18n::config::C;
use crate::i18n::fill;
use clap::Command;
use std::path::{Path, PathBuf};

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

/// The completion script for `shell`, to be sourced or put where the shell looks.
pub fn completions(args: &CompletionsArgs) -> Result<String, Failure> {
    let mut cmd = super::help::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "taizhang", &mut out);
    Ok(String::from_utf8_lossy(&out).trim_end().to_string())
}

/// The man page of taizhang (roff), or with `--dir` one page per command written there.
pub fn man(args: &ManArgs) -> Result<String, Failure> {
    let cmd = super::help::command();
    match &args.dir {
        None => page(&cmd, "taizhang", true).map(|p| p.trim_end().to_string()),
        Some(dir) => write_pages(&cmd, dir),
    }
}

fn write_pages(root: &Command, dir: &Path) -> Result<String, Failure> {
    let io = |e: &dyn std::fmt::Display| Failure {
        message: fill(crate::i18n::io::X::WriteIo.s(), &[&dir.display(), e]),
        code: exit::BAD_INPUT,
    };
    std::fs::create_dir_all(dir).map_err(|e| io(&e))?;
    let mut written = 0;
    let mut stack: Vec<(Command, String)> = vec![(root.clone(), "taizhang".to_string())];
    while let Some((cmd, name)) = stack.pop() {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            stack.push((sub.clone(), format!("{name}-{}", sub.get_name())));
        }
        let text = page(&cmd, &name, name == "taizhang")?;
        std::fs::write(dir.join(format!("{name}.1")), text).map_err(|e| io(&e))?;
        written += 1;
    }
    Ok(fill(C::ManWritten.s(), &[&written, &dir.display()]))
}

/// One page: clap_mangen's sections with headings in the current language, and on the
/// root page the exit codes and the settings file.
fn page(cmd: &Command, title: &str, root: bool) -> Result<String, Failure> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .title(title.to_uppercase())
        .render(&mut out)
        .map_err(|e| Failure { message: e.to_string(), code: exit::ERROR })?;
    let mut text = localize_headings(&String::from_utf8_lossy(&out));
    if root {
        text.push_str(&format!(".SH \"{}\"\n", C::ManExit.s()));
        let codes = [H::Exit0, H::Exit1, H::Exit2, H::Exit3, H::Exit4, H::Exit5];
        for (code, what) in codes.iter().enumerate() {
            text.push_str(&format!(".TP\n{code}\n{}\n", escape(what.s())));
        }
        let file = crate::config::path().map(|p| p.display().to_string()).unwrap_or_default();
        text.push_str(&format!(".SH \"{}\"\n{}\n", C::ManFiles.s(), escape(&fill(C::ManFilesText.s(), &[&file]))));
    }
    Ok(text)
}

/// clap_mangen's English section headings, and its `[default: …]`-style notes, in the
/// current language.
fn localize_headings(roff: &str) -> String {
    let headings = [
        ("NAME", C::ManName),
        ("SYNOPSIS", C::ManSynopsis),
        ("DESCRIPTION", C::ManDescription),
        ("OPTIONS", C::ManOptions),
        ("SUBCOMMANDS", C::ManSubcommands),
        ("VERSION", C::ManVersion),
    ];
    let notes = [("[default: ", H::Default), ("[env: ", H::Env), ("[possible values: ", H::PossibleValues)];
    let mut out = String::with_capacity(roff.len());
    for line in roff.lines() {
        let mut line = match headings.iter().find(|(en, _)| line == format!(".SH {en}")) {
            Some((_, word)) => format!(".SH \"{}\"", word.s()),
            None => line.to_string(),
        };
        for (en, word) in notes {
            // `[默认：{}]` → the part before `{}`.
            let local = word.s().split("{}").next().unwrap_or(en);
            line = line.replace(en, local);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Roff text: a leading `.` or `'` would be read as a request; backslashes are escapes.
fn escape(text: &str) -> String {
    let t = text.replace('\\', "\\\\");
    if t.starts_with('.') || t.starts_with('\'') {
        format!("\\&{t}")
    } else {
        t
    }
}
