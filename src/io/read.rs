//! Reading a spreadsheet into rows of text: CSV (UTF-8 with or without BOM, UTF-16 with
//! BOM, GBK/GB18030 detected or named) and `.xlsx`/`.xls`/`.ods` through calamine; then
//! matching its header row to our fields by their Chinese (or English) names and synonyms.

use crate::i18n::fill;
use crate::i18n::io::X;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How the bytes of a CSV file are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 (BOM or not) when the bytes are valid UTF-8, UTF-16 by its BOM, else GB18030.
    #[default]
    Auto,
    Utf8,
    /// GBK and its superset GB18030 (what Excel and WPS write on Chinese Windows).
    Gbk,
}

impl Encoding {
    /// `--encoding` values: auto, utf-8 / utf8, gbk / gb2312 / gb18030 / cp936.
    pub fn parse(s: &str) -> Option<Encoding> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Some(Encoding::Auto),
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "gbk" | "gb2312" | "gb18030" | "cp936" => Some(Encoding::Gbk),
            _ => None,
        }
    }
}

/// One data row and the line (CSV) or row number (spreadsheet) it came from, 1-based as
/// the user's editor or Excel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub line: usize,
    pub cells: Vec<String>,
    /// Columns whose cell was a number of 16 or more digits: Excel keeps only 15, so an ID
    /// number stored as a number has lost its end.
    pub lossy: Vec<usize>,
    /// Columns whose cell was a number (a workbook's numeric cell): in a date column it is
    /// Excel's day number (`45265` is 2023-12-05) of a cell not formatted as a date.
    pub numeric: Vec<usize>,
}

impl SheetRow {
    pub fn cell(&self, col: usize) -> &str {
        self.cells.get(col).map(String::as_str).unwrap_or("")
    }
}

/// A sheet: its header row and the non-empty rows below it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
    /// What was read: "UTF-8", "GB18030", "xlsx" …
    pub source_format: String,
}

/// Why a file could not be read at all (nothing was imported).
#[derive(Debug)]
pub enum ReadError {
    Io(PathBuf, std::io::Error),
    /// Neither UTF-8 nor GB18030 (or not the encoding named).
    Undecodable(PathBuf, &'static str),
    Csv(PathBuf, String),
    /// The workbook library could not open the file or read its sheet.
    Workbook(PathBuf, WorkbookProblem),
    NoSheet(PathBuf, String),
    Empty(PathBuf),
    UnknownType(PathBuf),
}

/// What the workbook library's error means to someone importing a file (its own texts are
/// English and name zip entries: `File not found 'xl/_rels/workbook.xml.rels'`).
#[derive(Debug)]
pub enum WorkbookProblem {
    Io(std::io::Error),
    /// Not a workbook of its kind at all: not a zip, or parts missing (a renamed file, a
    /// download cut short).
    NotWorkbook,
    Password,
    /// The workbook opened but its sheet could not be read.
    DamagedSheet(String),
}

impl WorkbookProblem {
    fn of(e: calamine::Error) -> WorkbookProblem {
        use calamine::{Error, XlsError, XlsxError};
        match e {
            Error::Io(e) | Error::Xlsx(XlsxError::Io(e)) | Error::Xls(XlsError::Io(e)) => WorkbookProblem::Io(e),
            Error::Xlsx(XlsxError::Password) | Error::Xls(XlsError::Password) => WorkbookProblem::Password,
            _ => WorkbookProblem::NotWorkbook,
        }
    }
}

/// The reason of an I/O error in the user's language, for the kinds a user can meet.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => X::IoNotFound.s().to_string(),
        K::PermissionDenied => X::IoDenied.s().to_string(),
        K::IsADirectory => X::IoIsDir.s().to_string(),
        K::InvalidData | K::UnexpectedEof => X::IoDamaged.s().to_string(),
        _ => e.to_string(),
    }
}

impl ReadError {
    pub fn message(&self) -> String {
        match self {
            ReadError::Io(p, e) => fill(X::ReadIo.s(), &[&p.display(), &io_reason(e)]),
            ReadError::Undecodable(p, enc) => fill(X::ReadUndecodable.s(), &[&p.display(), enc]),
            ReadError::Csv(p, e) => fill(X::ReadCsv.s(), &[&p.display(), e]),
            ReadError::Workbook(p, problem) => match problem {
                WorkbookProblem::Io(e) => fill(X::ReadIo.s(), &[&p.display(), &io_reason(e)]),
                WorkbookProblem::NotWorkbook => fill(X::ReadNotWorkbook.s(), &[&p.display(), &ext_name(p)]),
                WorkbookProblem::Password => fill(X::ReadPassword.s(), &[&p.display()]),
                WorkbookProblem::DamagedSheet(sheet) => fill(X::ReadDamagedSheet.s(), &[&p.display(), sheet]),
            },
            ReadError::NoSheet(p, s) => fill(X::ReadNoSheet.s(), &[&p.display(), s]),
            ReadError::Empty(p) => fill(X::ReadEmpty.s(), &[&p.display()]),
            ReadError::UnknownType(p) => fill(X::ReadUnknownType.s(), &[&p.display()]),
        }
    }
}

/// Reads `path` by its extension: `.csv`/`.txt` as text, `.xlsx`/`.xlsm`/`.xls`/`.ods` as
/// a workbook (`sheet` names the sheet; default the first).
pub fn read_table(path: &Path, encoding: Encoding, sheet: Option<&str>) -> Result<Table, ReadError> {
    let mut rows = open_rows(path, encoding, sheet)?;
    let mut table = Table { headers: rows.headers.clone(), rows: Vec::new(), source_format: rows.format.clone() };
    while let Some(row) = rows.next_row() {
        table.rows.push(row?);
    }
    Ok(table)
}

/// A sheet read one row at a time: a CSV file is decoded and parsed as it is read (an
/// import's memory does not grow with the file); a workbook's sheet is held by the workbook
/// library (calamine reads a whole sheet), its rows turned into text one at a time.
pub struct RowReader {
    pub headers: Vec<String>,
    /// What was read: "UTF-8", "GB18030", "xlsx [Sheet1]" …
    pub format: String,
    /// Roughly how many data rows there are (a CSV file's size over its header's share).
    pub estimate: u64,
    path: PathBuf,
    source: RowSource,
}

enum RowSource {
    Csv(Box<csv::Reader<Tracked>>, csv::StringRecord),
    Sheet { range: calamine::Range<calamine::Data>, next: usize, start_row: usize, start_col: usize },
}

/// Opens `path` as [`read_table`] does, and reads its header row.
pub fn open_rows(path: &Path, encoding: Encoding, sheet: Option<&str>) -> Result<RowReader, ReadError> {
    let ext = ext_name(path);
    let mut rows = match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => open_workbook(path, sheet)?,
        "csv" | "txt" | "tsv" | "" => open_csv(path, encoding)?,
        _ => return Err(ReadError::UnknownType(path.to_path_buf())),
    };
    // The first row read (blank rows above it skipped) is the header.
    match rows.next_any()? {
        Some(first) if !first.cells.iter().all(|h| h.trim().is_empty()) => rows.headers = first.cells,
        _ => return Err(ReadError::Empty(path.to_path_buf())),
    }
    Ok(rows)
}

impl RowReader {
    /// The next non-empty data row, or the error that stops the reading.
    pub fn next_row(&mut self) -> Option<Result<SheetRow, ReadError>> {
        loop {
            match self.next_any() {
                Ok(Some(row)) if row.cells.iter().all(|c| c.is_empty()) => continue,
                Ok(Some(row)) => return Some(Ok(row)),
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// The next row, empty or not.
    fn next_any(&mut self) -> Result<Option<SheetRow>, ReadError> {
        match &mut self.source {
            RowSource::Csv(reader, record) => match reader.read_record(record) {
                Ok(false) => Ok(None),
                Ok(true) => {
                    let start = record.position().map_or(0, |p| p.byte() as usize);
                    let line = reader.get_mut().row_at(start);
                    let cells = record.iter().map(|c| c.trim().to_string()).collect();
                    Ok(Some(SheetRow { line, cells, lossy: Vec::new(), numeric: Vec::new() }))
                }
                Err(e) => {
                    if let csv::ErrorKind::Io(io) = e.kind() {
                        let io = std::io::Error::new(io.kind(), io.to_string());
                        return Err(ReadError::Io(self.path.clone(), io));
                    }
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    Err(ReadError::Csv(self.path.clone(), fill(X::CsvLine.s(), &[&line, &e])))
                }
            },
            RowSource::Sheet { range, next, start_row, start_col } => {
                let Some(row) = range.rows().nth(*next) else { return Ok(None) };
                let line = *start_row + *next + 1;
                *next += 1;
                Ok(Some(sheet_row(row, *start_col, line)))
            }
        }
    }
}

fn open_csv(path: &Path, encoding: Encoding) -> Result<RowReader, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(path.to_path_buf(), e);
    let (kind, name) = sniff(path, encoding)?;
    let size = std::fs::metadata(path).map_err(io)?.len();
    let first_line = {
        let mut text = decoded(path, kind).map_err(io)?;
        let mut head = Vec::new();
        text.by_ref().take(1 << 16).read_to_end(&mut head).map_err(io)?;
        let head = String::from_utf8_lossy(&head).into_owned();
        head.lines().next().unwrap_or("").to_string()
    };
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&first_line))
        .from_reader(Tracked::new(decoded(path, kind).map_err(io)?));
    // A case row takes some 100 bytes or more.
    let estimate = size / 100;
    Ok(RowReader {
        headers: Vec::new(),
        format: name.to_string(),
        estimate,
        path: path.to_path_buf(),
        source: RowSource::Csv(Box::new(reader), csv::StringRecord::new()),
    })
}

/// How a CSV file's bytes become text: UTF-8 as it is (after its BOM), or decoded.
#[derive(Clone, Copy)]
enum TextKind {
    Utf8 { bom: usize },
    Decoded { encoding: &'static encoding_rs::Encoding, bom: usize },
}

/// The encoding of a CSV file as [`decode`] decides it, checked over the whole file in
/// pieces (a file that is not valid in it is refused before a row is read).
fn sniff(path: &Path, encoding: Encoding) -> Result<(TextKind, &'static str), ReadError> {
    let io = |e: std::io::Error| ReadError::Io(path.to_path_buf(), e);
    let mut head = [0u8; 3];
    let got = {
        let mut f = std::fs::File::open(path).map_err(io)?;
        let mut n = 0;
        while n < 3 {
            match f.read(&mut head[n..]).map_err(io)? {
                0 => break,
                k => n += k,
            }
        }
        n
    };
    let head = head.get(..got).unwrap_or_default();
    let valid = |enc: &'static encoding_rs::Encoding, bom: usize| valid_in(path, enc, bom).map_err(io);
    let undecodable = || {
        let what = match encoding {
            Encoding::Gbk => "GB18030",
            Encoding::Utf8 => "UTF-8",
            Encoding::Auto => "UTF-8 / GB18030",
        };
        ReadError::Undecodable(path.to_path_buf(), what)
    };
    if encoding != Encoding::Gbk {
        if head.starts_with(b"\xEF\xBB\xBF") {
            return if valid(encoding_rs::UTF_8, 3)? {
                Ok((TextKind::Utf8 { bom: 3 }, "UTF-8 (BOM)"))
            } else {
                Err(undecodable())
            };
        }
        if encoding == Encoding::Auto && (head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF")) {
            let (enc, bom) = encoding_rs::Encoding::for_bom(head).ok_or_else(undecodable)?;
            return if valid(enc, bom)? {
                Ok((TextKind::Decoded { encoding: enc, bom }, enc.name()))
            } else {
                Err(undecodable())
            };
        }
        if valid(encoding_rs::UTF_8, 0)? {
            return Ok((TextKind::Utf8 { bom: 0 }, "UTF-8"));
        }
        if encoding == Encoding::Utf8 {
            return Err(undecodable());
        }
    }
    if valid(encoding_rs::GB18030, 0)? {
        Ok((TextKind::Decoded { encoding: encoding_rs::GB18030, bom: 0 }, "GB18030"))
    } else {
        Err(undecodable())
    }
}

/// Whether the file after its first `skip` bytes is valid text in `enc`, read in pieces.
fn valid_in(path: &Path, enc: &'static encoding_rs::Encoding, skip: usize) -> std::io::Result<bool> {
    let mut text = Decoding::new(path, enc, skip)?;
    text.strict = true;
    match std::io::copy(&mut text, &mut std::io::sink()) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => Ok(false),
        Err(e) => Err(e),
    }
}

/// The text of a CSV file as UTF-8 bytes, read as it is needed.
fn decoded(path: &Path, kind: TextKind) -> std::io::Result<Box<dyn std::io::Read + Send>> {
    Ok(match kind {
        TextKind::Utf8 { bom } => {
            let mut f = std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
            std::io::copy(&mut f.by_ref().take(bom as u64), &mut std::io::sink())?;
            Box::new(f)
        }
        TextKind::Decoded { encoding, bom } => Box::new(Decoding::new(path, encoding, bom)?),
    })
}

/// A file's bytes decoded from `encoding` into UTF-8 piece by piece; `strict`: malformed
/// bytes are an `InvalidData` error instead of U+FFFD.
struct Decoding {
    file: std::fs::File,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    /// Undecoded bytes are `input[from..]`.
    from: usize,
    output: Vec<u8>,
    out_at: usize,
    eof: bool,
    /// The decoder has been told the input ended (it must not be called again).
    done: bool,
    strict: bool,
}

impl Decoding {
    fn new(path: &Path, encoding: &'static encoding_rs::Encoding, skip: usize) -> std::io::Result<Decoding> {
        let mut file = std::fs::File::open(path)?;
        std::io::copy(&mut file.by_ref().take(skip as u64), &mut std::io::sink())?;
        Ok(Decoding {
            file,
            decoder: encoding.new_decoder_without_bom_handling(),
            input: Vec::new(),
            from: 0,
            output: Vec::new(),
            out_at: 0,
            eof: false,
            done: false,
            strict: false,
        })
    }

    /// Decodes the next piece into `output`; false at the end.
    fn refill(&mut self) -> std::io::Result<bool> {
        use encoding_rs::DecoderResult;
        loop {
            if self.done {
                return Ok(false);
            }
            if self.from >= self.input.len() && !self.eof {
                self.input.resize(1 << 16, 0);
                let n = self.file.read(&mut self.input)?;
                self.input.truncate(n);
                self.from = 0;
                self.eof = n == 0;
            }
            let rest = self.input.get(self.from..).unwrap_or_default();
            let room = self.decoder.max_utf8_buffer_length_without_replacement(rest.len()).unwrap_or(1 << 18).max(16);
            self.output.resize(room, 0);
            let (result, read, written) =
                self.decoder.decode_to_utf8_without_replacement(rest, &mut self.output, self.eof);
            self.from += read;
            self.output.truncate(written);
            self.out_at = 0;
            self.done = self.eof && self.from >= self.input.len() && result == DecoderResult::InputEmpty;
            match result {
                DecoderResult::Malformed(_, _) if self.strict => {
                    return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "malformed"));
                }
                DecoderResult::Malformed(_, _) => self.output.extend_from_slice("\u{fffd}".as_bytes()),
                DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
            }
            if !self.output.is_empty() {
                return Ok(true);
            }
        }
    }
}

impl std::io::Read for Decoding {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.out_at >= self.output.len() && !self.refill()? {
            return Ok(0);
        }
        let pending = self.output.get(self.out_at..).unwrap_or_default();
        let n = pending.len().min(buf.len());
        buf[..n].copy_from_slice(&pending[..n]);
        self.out_at += n;
        Ok(n)
    }
}

/// The text handed to the CSV parser, keeping what it handed out since the last record's
/// start: row numbers are counted from it as a spreadsheet program shows a CSV file (one
/// row per line ending, CR LF, LF or a lone CR alike, blank lines included, a quoted cell's
/// line breaks not; the csv reader's own count sees only LF, and counts the breaks inside
/// cells).
struct Tracked {
    inner: Box<dyn std::io::Read + Send>,
    /// The bytes handed out from offset `base` on.
    kept: Vec<u8>,
    base: usize,
    /// Start of the previous record and its row.
    last: Option<(usize, usize)>,
}

impl Tracked {
    fn new(inner: Box<dyn std::io::Read + Send>) -> Tracked {
        Tracked { inner, kept: Vec::new(), base: 0, last: None }
    }

    /// The bytes from offset `from` to `to`, as far as they are kept.
    fn span(&self, from: usize, to: usize) -> &[u8] {
        let (a, b) = (from.saturating_sub(self.base), to.saturating_sub(self.base));
        self.kept.get(a.min(b)..b.min(self.kept.len())).unwrap_or_default()
    }

    /// The row of the record the reader says starts at byte `start` (records come in
    /// order). The reader's start lies before the blank lines it skipped; from the real
    /// start of one record to the next lie the record, its line ending and those blank
    /// lines: the line endings closing that stretch are the rows advanced.
    fn row_at(&mut self, start: usize) -> usize {
        let rest = self.span(start, self.base + self.kept.len());
        let start = start + rest.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        let row = match self.last {
            None => 1 + line_endings(self.span(0, start)),
            Some((from, row)) => row + trailing_line_endings(self.span(from, start)),
        };
        self.last = Some((start, row));
        // Forget what lies before this record (in large steps: it is moved down each time).
        let done = start.saturating_sub(self.base);
        if done >= 1 << 15 {
            self.kept.drain(..done.min(self.kept.len()));
            self.base += done;
        }
        row
    }
}

impl std::io::Read for Tracked {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

/// Text of a CSV file, and the encoding it was read as; `None` if it is not valid in it.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Option<(String, &'static str)> {
    if encoding != Encoding::Gbk {
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            return std::str::from_utf8(rest).ok().map(|s| (s.to_string(), "UTF-8 (BOM)"));
        }
        if encoding == Encoding::Auto && (bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")) {
            let (enc, _) = encoding_rs::Encoding::for_bom(bytes)?;
            let (text, had_errors) = enc.decode_with_bom_removal(bytes);
            return (!had_errors).then(|| (text.into_owned(), enc.name()));
        }
        if let Ok(s) = std::str::from_utf8(bytes) {
            return Some((s.to_string(), "UTF-8"));
        }
        if encoding == Encoding::Utf8 {
            return None;
        }
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| (text.into_owned(), "GB18030"))
}

/// The delimiter of a CSV text: the most frequent of comma, tab and semicolon on its first line.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    [(b',', count(',')), (b'\t', count('\t')), (b';', count(';'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map(|(d, _)| d)
        .unwrap_or(b',')
}

/// A CSV text as a table (rows numbered as [`Tracked`] counts them).
pub fn parse_csv(text: &str) -> Result<Table, String> {
    let bytes: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(Tracked::new(bytes));
    let mut rows = RowReader {
        headers: Vec::new(),
        format: String::new(),
        estimate: 0,
        path: PathBuf::new(),
        source: RowSource::Csv(Box::new(reader), csv::StringRecord::new()),
    };
    let message = |e: ReadError| match e {
        ReadError::Csv(_, m) => m,
        e => e.message(),
    };
    let mut table =
        Table { headers: rows.next_any().map_err(message)?.map(|r| r.cells).unwrap_or_default(), ..Table::default() };
    while let Some(row) = rows.next_row() {
        table.rows.push(row.map_err(message)?);
    }
    Ok(table)
}

/// How many line endings `s` holds (CR LF counted once).
fn line_endings(s: &[u8]) -> usize {
    let count = |c: u8| s.iter().filter(|b| **b == c).count();
    count(b'\n') + count(b'\r') - s.windows(2).filter(|w| w == b"\r\n").count()
}

/// How many line endings close `s` in a row (CR LF counted once): `"a\r\n\n"` has 2.
fn trailing_line_endings(s: &[u8]) -> usize {
    let tail = s.iter().rev().take_while(|b| matches!(b, b'\r' | b'\n')).count();
    line_endings(s.get(s.len() - tail..).unwrap_or_default())
}

fn open_workbook(path: &Path, sheet: Option<&str>) -> Result<RowReader, ReadError> {
    use calamine::{open_workbook_auto, Reader};
    let bad = |p: WorkbookProblem| ReadError::Workbook(path.to_path_buf(), p);
    if let Err(e) = std::fs::metadata(path) {
        return Err(ReadError::Io(path.to_path_buf(), e));
    }
    let mut book = open_workbook_auto(path).map_err(|e| bad(WorkbookProblem::of(e)))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| ReadError::NoSheet(path.to_path_buf(), format!("{s} ({})", names.join(", "))))?,
        None => names.first().cloned().ok_or_else(|| ReadError::Empty(path.to_path_buf()))?,
    };
    let range = book.worksheet_range(&name).map_err(|e| match WorkbookProblem::of(e) {
        WorkbookProblem::NotWorkbook => bad(WorkbookProblem::DamagedSheet(name.clone())),
        other => bad(other),
    })?;
    let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let start_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    Ok(RowReader {
        headers: Vec::new(),
        format: format!("{} [{name}]", ext_name(path)),
        estimate: range.height() as u64,
        path: path.to_path_buf(),
        source: RowSource::Sheet { range, next: 0, start_row, start_col },
    })
}

/// A workbook row as text, numbered `line`; cells left of the sheet's first column empty.
fn sheet_row(row: &[calamine::Data], start_col: usize, line: usize) -> SheetRow {
    use calamine::Data;
    let mut cells = vec![String::new(); start_col];
    let mut lossy = Vec::new();
    let mut numeric = Vec::new();
    for (j, cell) in row.iter().enumerate() {
        if matches!(cell, Data::Int(_) | Data::Float(_)) {
            numeric.push(start_col + j);
        }
        let text = match cell {
            Data::Empty => String::new(),
            Data::String(s) => s.trim().to_string(),
            Data::Int(n) => n.to_string(),
            Data::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 1e18 {
                    if f.abs() >= 1e15 {
                        lossy.push(start_col + j);
                    }
                    format!("{}", *f as i64)
                } else {
                    f.to_string()
                }
            }
            Data::Bool(b) => b.to_string(),
            Data::DateTime(d) => serial_date(d.as_f64()).unwrap_or_else(|| d.as_f64().to_string()),
            Data::DateTimeIso(s) => s.chars().take(10).collect(),
            Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#{e:?}"),
        };
        cells.push(text);
    }
    SheetRow { line, cells, lossy, numeric }
}

fn ext_name(path: &Path) -> String {
    path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

/// An Excel date serial as `YYYY-MM-DD`.
pub fn serial_date(serial: f64) -> Option<String> {
    crate::domain::dates::from_excel_serial(serial).map(crate::domain::dates::iso)
}

/// One field we can import, and the headers that name it (the first is the one we export).
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub key: &'static str,
    pub headers: &'static [&'static str],
}

/// How a file's header row was understood.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping {
    /// (column index, field key), in column order.
    pub columns: Vec<(usize, &'static str)>,
    /// Headers we did not recognise (their columns are ignored).
    pub ignored: Vec<String>,
    /// Columns naming a field an earlier column already names: the import refuses the
    /// file (which of the two holds the data is a guess it does not make).
    pub repeated: Vec<Repeated>,
}

/// Two columns of a file that name the same field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeated {
    pub key: &'static str,
    /// The earlier column's index and header.
    pub first: (usize, String),
    /// The later one's.
    pub again: (usize, String),
}

impl Mapping {
    pub fn column_of(&self, key: &str) -> Option<usize> {
        self.columns.iter().find(|(_, k)| *k == key).map(|(i, _)| *i)
    }
    pub fn has(&self, key: &str) -> bool {
        self.column_of(key).is_some()
    }
}

/// A header as compared: no spaces or required-marks, ASCII brackets, lower case.
pub fn normalise_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | ':' | '：'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '／' => '/',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// A column as a spreadsheet names it: A … Z, AA … (0-based index in).
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        out.push(char::from(b'A' + d as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Matches `headers` against `specs` (by any synonym, or the field's own key).
pub fn map_headers(headers: &[String], specs: &[FieldSpec]) -> Mapping {
    map_headers_by(headers, |n| {
        specs.iter().find(|s| s.key == n || s.headers.iter().any(|syn| normalise_header(syn) == n)).map(|s| s.key)
    })
}

/// Matches `headers` by `field_of(normalised header)`: the field key a header names.
pub fn map_headers_by(headers: &[String], field_of: impl Fn(&str) -> Option<&'static str>) -> Mapping {
    let mut m = Mapping::default();
    for (i, h) in headers.iter().enumerate() {
        let n = normalise_header(h);
        if n.is_empty() {
            continue;
        }
        match field_of(&n) {
            Some(k) if m.has(k) => {
                let first =
                    m.column_of(k).map(|c| (c, headers.get(c).cloned().unwrap_or_default())).unwrap_or_default();
                m.repeated.push(Repeated { key: k, first, again: (i, h.clone()) })
            }
            Some(k) => m.columns.push((i, k)),
            None => m.ignored.push(h.clone()),
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_utf8_are_told_apart() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,学校\n张某伟,实验小学\n");
        let (text, name) = decode(&gbk, Encoding::Auto).expect("decodes");
        assert_eq!(name, "GB18030");
        assert!(text.starts_with("姓名"));
        let (text, name) = decode("\u{feff}姓名".as_bytes(), Encoding::Auto).expect("bom");
        assert_eq!((text.as_str(), name), ("姓名", "UTF-8 (BOM)"));
        assert!(decode(&gbk, Encoding::Utf8).is_none());
    }

    #[test]
    fn headers_match_synonyms() {
        let specs = [
            FieldSpec { key: "id_number", headers: &["身份证号", "身份证号码", "证件号码"] },
            FieldSpec { key: "name", headers: &["姓名", "学生姓名"] },
        ];
        let m = map_headers(&["证件号码".into(), " 学生姓名* ".into(), "备用".into(), "姓名".into()], &specs);
        assert_eq!(m.columns, vec![(0, "id_number"), (1, "name")]);
        assert_eq!(m.ignored, vec!["备用".to_string()]);
        let again = Repeated { key: "name", first: (1, " 学生姓名* ".into()), again: (3, "姓名".into()) };
        assert_eq!(m.repeated, vec![again]);
        assert_eq!(
            [column_letter(0), column_letter(25), column_letter(26), column_letter(701)],
            ["A", "Z", "AA", "ZZ"]
        );
    }

    fn lines_of(text: &str) -> Vec<usize> {
        parse_csv(text).expect("parses").rows.iter().map(|r| r.line).collect()
    }

    #[test]
    fn rows_are_numbered_as_the_spreadsheet_shows_them_whatever_the_line_ends() {
        // Header row 1, first data row 2; a blank line is a row; a quoted cell's line
        // break is not.
        let lf = "姓名,备注\n张某,a\n\n李某,\"两\n行\"\n王某,b\n";
        assert_eq!(lines_of(lf), [2, 4, 5]);
        assert_eq!(lines_of(&lf.replace('\n', "\r\n")), [2, 4, 5], "CR LF (Excel, WPS, Python)");
        assert_eq!(lines_of(&lf.replace('\n', "\r")), [2, 4, 5], "CR (old Mac)");
        assert_eq!(lines_of("\r\n\r\n姓名\r\n张某"), [4], "blank lines above the header");
        assert_eq!(lines_of("姓名\r\n张某"), [2], "no line end after the last row");
    }

    #[test]
    fn serials_are_dates() {
        assert_eq!(serial_date(46349.0).as_deref(), Some("2026-11-23"));
    }
}
