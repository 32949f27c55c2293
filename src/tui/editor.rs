//! F4 on a note: the note in the user's own editor (`$VISUAL`, else `$EDITOR`, else `vi`),
//! as shell users expect of a terminal tool. The text goes through a private temporary
//! file (mode 0600, removed afterwards): a note may name a child's family.

use std::io::{Read, Seek, Write};
use std::process::Command;

/// The editor command as the environment names it, split at spaces (`code -w`).
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Runs the editor on `text` with the terminal already handed over. `Ok(Some(new))` when it
/// exited successfully, `Ok(None)` when it failed (the note stays as it was), `Err((editor,
/// why))` when it could not be started at all.
pub fn edit(text: &str) -> Result<Option<String>, (String, String)> {
    let editor = editor_command();
    let fail = |e: std::io::Error| (editor.clone(), e.to_string());
    let mut file = tempfile::Builder::new().prefix("taizhang-note-").suffix(".txt").tempfile().map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.flush().map_err(fail)?;
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = Command::new(program).args(words).arg(file.path()).status().map_err(fail)?;
    if !status.success() {
        return Ok(None);
    }
    // Editors often write a new file under the same name: read it by name, not handle.
    let mut back = String::new();
    match std::fs::File::open(file.path()) {
        Ok(mut f) => f.read_to_string(&mut back).map_err(fail)?,
        Err(_) => {
            file.as_file_mut().rewind().map_err(fail)?;
            file.as_file_mut().read_to_string(&mut back).map_err(fail)?
        }
    };
    Ok(Some(back))
}
