//! Importers for parametric-EQ files written by other tools.
//!
//! Two text formats are read into one neutral description, [`ImportedEq`],
//! which the pipeline turns into filters:
//!
//! - **EqualizerAPO / AutoEQ** (`ParametricEQ.txt`, `config.txt`):
//!   [`parse_equalizer_apo`]. `Preamp: -6.2 dB` and
//!   `Filter 1: ON PK Fc 105 Hz Gain -3.4 dB Q 0.70` lines.
//! - **REW "Filter Settings file"** (Room EQ Wizard, *Export filter settings
//!   as text*): [`parse_rew`]. A header, then lines such as
//!   `Filter  1: ON  PK       Fc   63.0 Hz  Gain  -5.0 dB  Q  4.00`.
//!
//! [`import_file`] reads a file and picks the parser from its content;
//! [`looks_like_eq_file`] tells such a file from a TOML pipeline.
//!
//! # Semantics
//!
//! The filter grammar is EqualizerAPO's, which itself follows REW's export
//! format. The reference is the *Filter* section of the EqualizerAPO
//! Configuration reference
//! (<https://sourceforge.net/p/equalizerapo/wiki/Configuration%20reference/>)
//! and, where that page is silent, EqualizerAPO's parser
//! (`filters/BiQuadFilterFactory.cpp`, `filters/BiQuadFilter.cpp`,
//! `filters/PreampFilterFactory.cpp`, `FilterEngine.cpp`). What this module
//! does, in short:
//!
//! | Written | Imported as |
//! | --- | --- |
//! | `PK`, `PEQ`, `Modal` | [`ImportedKind::Peaking`]; `Gain` and `Q` or `BW Oct` required |
//! | `LP`, `HP` | [`ImportedKind::Lowpass`] / [`Highpass`](ImportedKind::Highpass); `Q` optional, default [`BUTTERWORTH_Q`] |
//! | `LPQ`, `HPQ`, REW `LP Q`, `HP Q` | the same, with the written `Q` |
//! | REW `LP1`, `HP1` | first-order (6 dB/octave) low/high-pass, frequency only |
//! | `BP` | [`ImportedKind::Bandpass`]; `Q`/`BW Oct` optional, default [`BUTTERWORTH_Q`] |
//! | `NO`, REW `Notch`, `Notch Q` | [`ImportedKind::Notch`]; `Q`/`BW Oct` optional, default [`DEFAULT_NOTCH_Q`] (EqualizerAPO: "found out by experimentation with RoomEQWizard") |
//! | `AP`, REW `All pass` | [`ImportedKind::Allpass`]; `Q` or `BW Oct` required |
//! | `LSC`, `HSC` | shelf, `Fc` is the centre (mid-gain) frequency; `Q`, or a slope written `LSC 12dB` |
//! | `LS`, `HS` alone | shelf, centre frequency, slope S = 0.9 ([`DEFAULT_SHELF_SLOPE_DB`]) |
//! | `LS 6dB`, `HS 12dB`, ... | shelf with that slope; `Fc` is a *corner* frequency ([`ImportedFilter::freq_is_corner`]) |
//! | `LS`/`HS` with `Q` | EqualizerAPO: corner frequency; REW (`LS Q`, `HS Q`): centre frequency |
//! | `None` | an empty REW slot: skipped |
//! | `OFF` | kept, with [`ImportedFilter::enabled`] `false` (EqualizerAPO itself drops them) |
//!
//! A slope in dB/octave maps to the RBJ shelf slope S as S = slope / 12
//! (EqualizerAPO: "Maximum S is 1 for 12 dB"). Where both are written,
//! `BW Oct` wins over `Q`, and for shelves a slope wins over `Q`, as in
//! EqualizerAPO; the loser is reported in [`ImportedEq::warnings`].
//!
//! `Preamp` lines add up: EqualizerAPO makes each one a separate gain stage
//! in the chain, so `Preamp: -3 dB` twice is -6 dB.
//!
//! Anything that is not a filter or a preamp (`GraphicEQ`, `Include`,
//! `Channel`, `Device`, `Convolution`, unknown commands, unknown filter
//! types) is skipped with a warning that names the file and line. A number
//! that does not parse, a missing required parameter, or a value out of range
//! is an [`ImportError`] naming the file, the line and the token.
//!
//! Numbers: EqualizerAPO turns every `,` into `.` before reading, and reads a
//! frequency such as `1.275` (a `.` three digits before the end) as 1275 Hz,
//! "because of Room EQ Wizard"; [`parse_equalizer_apo`] does the same, with a
//! warning. REW writes numbers in the exporting computer's locale
//! (`Gain -5,4 dB`, `Fc 1 276 Hz` with a no-break space); [`parse_rew`]
//! detects the decimal separator from the file and accepts digit groups
//! separated by spaces, no-break spaces, or the non-decimal of `.`/`,`.

use std::f64::consts::FRAC_1_SQRT_2;
use std::fmt;
use std::path::{Path, PathBuf};

mod equalizer_apo;
mod rew;

pub use equalizer_apo::parse_equalizer_apo;
pub use rew::parse_rew;

/// Q of a second-order Butterworth low/high-pass: what EqualizerAPO and REW
/// use for `LP`, `HP` (and EqualizerAPO for `BP`) when no Q is written.
pub const BUTTERWORTH_Q: f64 = FRAC_1_SQRT_2;

/// Q that EqualizerAPO gives a notch (`NO`, REW `Notch`) when none is written.
pub const DEFAULT_NOTCH_Q: f64 = 30.0;

/// Slope, in dB/octave, that EqualizerAPO gives `LS`/`HS` when neither a
/// slope nor a Q is written: RBJ shelf slope S = 0.9 (10.8 / 12).
pub const DEFAULT_SHELF_SLOPE_DB: f64 = 10.8;

/// Which text format a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EqFormat {
    /// EqualizerAPO configuration, including AutoEQ's `ParametricEQ.txt`.
    EqualizerApo,
    /// REW "Filter Settings file" text export.
    Rew,
}

impl fmt::Display for EqFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EqFormat::EqualizerApo => "EqualizerAPO",
            EqFormat::Rew => "REW filter settings",
        })
    }
}

/// An imported EQ: a preamp, filters in file order, and what was skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedEq {
    /// The format the text was read as.
    pub format: EqFormat,
    /// Sum of all `Preamp` lines, in dB (0 when there are none).
    pub preamp_db: f64,
    /// Filters in file order, disabled (`OFF`) ones included.
    pub filters: Vec<ImportedFilter>,
    /// One line per thing that was read but not imported, or imported with
    /// an assumption, each starting with `file:line:`.
    pub warnings: Vec<String>,
}

impl ImportedEq {
    /// The filters that are switched on.
    pub fn enabled_filters(&self) -> impl Iterator<Item = &ImportedFilter> {
        self.filters.iter().filter(|f| f.enabled)
    }
}

/// Filter shapes, named after the RBJ Audio EQ Cookbook biquads they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportedKind {
    /// Peaking (bell) EQ: `PK`, `PEQ`, `Modal`.
    Peaking,
    /// Low shelf: `LS`, `LSC`, REW `LS Q`, `LS 6dB`, `LS 12dB`.
    LowShelf,
    /// High shelf: `HS`, `HSC`, REW `HS Q`, `HS 6dB`, `HS 12dB`.
    HighShelf,
    /// Second-order low-pass: `LP`, `LPQ`, REW `LP Q`.
    Lowpass,
    /// Second-order high-pass: `HP`, `HPQ`, REW `HP Q`.
    Highpass,
    /// First-order (6 dB/octave) low-pass: REW `LP1`.
    LowpassFirstOrder,
    /// First-order (6 dB/octave) high-pass: REW `HP1`.
    HighpassFirstOrder,
    /// Band-pass, 0 dB peak gain: `BP`.
    Bandpass,
    /// Notch (band-stop): `NO`, REW `Notch`, `Notch Q`.
    Notch,
    /// All-pass: `AP`, REW `All pass`.
    Allpass,
}

impl fmt::Display for ImportedKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ImportedKind::Peaking => "peaking",
            ImportedKind::LowShelf => "low-shelf",
            ImportedKind::HighShelf => "high-shelf",
            ImportedKind::Lowpass => "low-pass",
            ImportedKind::Highpass => "high-pass",
            ImportedKind::LowpassFirstOrder => "first-order low-pass",
            ImportedKind::HighpassFirstOrder => "first-order high-pass",
            ImportedKind::Bandpass => "band-pass",
            ImportedKind::Notch => "notch",
            ImportedKind::Allpass => "all-pass",
        })
    }
}

/// One filter, with the format's defaults already applied.
///
/// What is set, per [`kind`](Self::kind):
///
/// - `Peaking`: `gain_db`, and exactly one of `q` / `bandwidth_oct`.
/// - `LowShelf`, `HighShelf`: `gain_db`, and exactly one of `q` /
///   `slope_db`; see [`freq_is_corner`](Self::freq_is_corner).
/// - `Lowpass`, `Highpass`, `Bandpass`, `Notch`, `Allpass`: exactly one of
///   `q` / `bandwidth_oct`.
/// - `LowpassFirstOrder`, `HighpassFirstOrder`: frequency only.
///
/// Everything else is `None`. Bandwidths are as EqualizerAPO uses them: RBJ
/// octave bandwidth (between the mid-gain points of a peaking filter), which
/// depends on the sample rate once digital, so it is not converted to Q here.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedFilter {
    /// Filter shape.
    pub kind: ImportedKind,
    /// `Fc` in Hz, as written (a corner frequency when
    /// [`freq_is_corner`](Self::freq_is_corner); see
    /// [`center_freq_hz`](Self::center_freq_hz)).
    pub freq_hz: f64,
    /// Gain in dB (peaking and shelves only).
    pub gain_db: Option<f64>,
    /// Quality factor.
    pub q: Option<f64>,
    /// Bandwidth in octaves (`BW Oct`).
    pub bandwidth_oct: Option<f64>,
    /// Shelf slope in dB/octave; RBJ S = slope / 12 (shelves only).
    pub slope_db: Option<f64>,
    /// For shelves: `freq_hz` is the corner frequency of a
    /// Behringer-DCX2496-style shelf (EqualizerAPO/REW `LS 6dB`, `HS 12dB`,
    /// EqualizerAPO `LS`/`HS` with a Q), not the mid-gain frequency the RBJ
    /// formulas take. Always `false` for other kinds.
    pub freq_is_corner: bool,
    /// `ON` (true) or `OFF` (false).
    pub enabled: bool,
    /// 1-based line in the source text.
    pub line: usize,
}

impl ImportedFilter {
    /// RBJ shelf slope S, from [`slope_db`](Self::slope_db) (S = slope / 12).
    pub fn shelf_slope_s(&self) -> Option<f64> {
        self.slope_db.map(|s| s / 12.0)
    }

    /// The frequency to give an RBJ filter: `freq_hz`, except for a
    /// corner-frequency shelf, which EqualizerAPO moves to its centre by the
    /// factor 10^(|gain| / (80 S)) (up for a low shelf, down for a high
    /// shelf), S being the slope or, when a Q is given, the S that gives
    /// the same RBJ alpha: S = 1 / ((1/Q² − 2) / (A + 1/A) + 1), A =
    /// 10^(gain/40) (`filters/BiQuadFilter.cpp`).
    pub fn center_freq_hz(&self) -> f64 {
        if !self.freq_is_corner {
            return self.freq_hz;
        }
        let gain = self.gain_db.unwrap_or(0.0);
        let s = match (self.shelf_slope_s(), self.q) {
            (Some(s), _) => s,
            (None, Some(q)) => {
                let a = 10f64.powf(gain / 40.0);
                1.0 / ((1.0 / (q * q) - 2.0) / (a + 1.0 / a) + 1.0)
            }
            (None, None) => return self.freq_hz,
        };
        let factor = 10f64.powf(gain.abs() / 80.0 / s);
        match self.kind {
            ImportedKind::LowShelf => self.freq_hz * factor,
            ImportedKind::HighShelf => self.freq_hz / factor,
            _ => self.freq_hz,
        }
    }
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read EQ file {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A number that does not parse.
    #[error("{file}:{line}: malformed {what} value `{token}`")]
    MalformedNumber {
        /// File (or source label) name.
        file: String,
        /// 1-based line.
        line: usize,
        /// Which value: `Fc`, `Gain`, `Q`, `BW Oct`, `Preamp`, ...
        what: &'static str,
        /// The offending text.
        token: String,
    },
    /// A filter without a parameter its type needs.
    #[error("{file}:{line}: {filter} filter has no {parameter}")]
    MissingParameter {
        /// File (or source label) name.
        file: String,
        /// 1-based line.
        line: usize,
        /// The filter type as written (`PK`, `LSC`, ...).
        filter: String,
        /// What is missing (`Fc`, `Gain`, `Q or BW Oct`).
        parameter: &'static str,
    },
    /// A number that parses but cannot be used.
    #[error("{file}:{line}: {what} `{token}` is out of range: {requirement}")]
    OutOfRange {
        /// File (or source label) name.
        file: String,
        /// 1-based line.
        line: usize,
        /// Which value.
        what: &'static str,
        /// The offending text.
        token: String,
        /// What the value must be.
        requirement: &'static str,
    },
    /// A `Filter` or `Preamp` line that does not have the expected shape.
    #[error("{file}:{line}: {message}")]
    InvalidLine {
        /// File (or source label) name.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// No `Preamp` or `Filter` line at all.
    #[error("{file}: no Preamp or Filter lines: not an EqualizerAPO/AutoEQ or REW filter file")]
    NoEqContent {
        /// File (or source label) name.
        file: String,
    },
}

/// Reads an EQ file, decodes it (UTF-8, UTF-16 with BOM, else Latin-1/
/// Windows-1252 as EqualizerAPO falls back to the ANSI code page), and
/// parses it with [`parse_rew`] or [`parse_equalizer_apo`] as
/// [`detect_format`] says.
///
/// # Errors
///
/// [`ImportError::Io`] if the file cannot be read (or is not a regular file, or is
/// larger than 16 MiB), else what the parser
/// returns.
pub fn import_file(path: &Path) -> Result<ImportedEq, ImportError> {
    let bytes = crate::read_limit::read_limited(path, crate::read_limit::MAX_TEXT_CONFIG_BYTES)
        .map_err(|source| ImportError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    import_bytes(&bytes, &path.display().to_string())
}

/// [`import_file`] for content already read (an upload): decodes the bytes as
/// [`import_file`] does and parses them; `source` names them in messages.
///
/// # Errors
///
/// What the parser returns.
pub fn import_bytes(bytes: &[u8], source: &str) -> Result<ImportedEq, ImportError> {
    let text = decode_text(bytes);
    match detect_format(&text) {
        EqFormat::Rew => parse_rew(&text, source),
        EqFormat::EqualizerApo => parse_equalizer_apo(&text, source),
    }
}

/// [`EqFormat::Rew`] if the text has REW's export header (`Filter Settings
/// file`, `Room EQ V…` or an `Equaliser:` line before the first filter),
/// else [`EqFormat::EqualizerApo`].
pub fn detect_format(text: &str) -> EqFormat {
    for line in text_lines(text).map(str::trim) {
        if line.eq_ignore_ascii_case("Filter Settings file") || line.starts_with("Room EQ V") {
            return EqFormat::Rew;
        }
        if let Some((key, _)) = line.split_once(':') {
            let key = key.trim();
            if key.eq_ignore_ascii_case("Equaliser") || key.eq_ignore_ascii_case("Equalizer") {
                return EqFormat::Rew;
            }
            if is_filter_key(key) {
                break;
            }
        }
    }
    EqFormat::EqualizerApo
}

/// Whether `text` looks like an EqualizerAPO/AutoEQ or REW EQ file rather
/// than a TOML pipeline: some line is REW's `Filter Settings file` / `Room EQ
/// V…` header, a `Filter…: ON|OFF …` line, a `Preamp: <number>` line, or
/// another EqualizerAPO command (`GraphicEQ:`, `Include:`, …). None of these
/// is valid TOML (a bare key cannot be followed by `:`).
pub fn looks_like_eq_file(text: &str) -> bool {
    text_lines(text).map(str::trim).any(|line| {
        if line.eq_ignore_ascii_case("Filter Settings file") || line.starts_with("Room EQ V") {
            return true;
        }
        let Some((key, value)) = line.split_once(':') else {
            return false;
        };
        let key = key.trim();
        let first = value.split_whitespace().next().unwrap_or("");
        if is_filter_key(key) {
            first.eq_ignore_ascii_case("ON") || first.eq_ignore_ascii_case("OFF")
        } else if key.eq_ignore_ascii_case("Preamp") {
            let number = strip_suffix_ci(first, "dB").unwrap_or(first);
            is_number_like(number) && number.bytes().any(|b| b.is_ascii_digit())
        } else {
            equalizer_apo::is_apo_command(key)
        }
    })
}

// ---------------------------------------------------------------------------
// Shared parsing machinery (used by the `equalizer_apo` and `rew` modules).

/// Lines of `text` without a leading byte-order mark.
fn text_lines(text: &str) -> std::str::Lines<'_> {
    text.strip_prefix('\u{feff}').unwrap_or(text).lines()
}

/// `Filter`, `Filter 3`, `Filter3` (case-insensitive).
fn is_filter_key(key: &str) -> bool {
    let Some(prefix) = key.get(..6) else {
        return false;
    };
    if !prefix.eq_ignore_ascii_case("Filter") {
        return false;
    }
    let rest = key[6..].trim_start();
    rest.bytes().all(|b| b.is_ascii_digit())
}

/// Decodes file bytes: UTF-8 (BOM optional), UTF-16 with a BOM, else
/// Latin-1 (bytes as code points; REW on Windows writes the ANSI code page,
/// and its no-break space 0xA0 is the same there).
fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    let utf16 = |rest: &[u8], big_endian: bool| {
        let units = rest.chunks_exact(2).map(|pair| {
            if big_endian {
                u16::from_be_bytes([pair[0], pair[1]])
            } else {
                u16::from_le_bytes([pair[0], pair[1]])
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, true);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// `tok` without a case-insensitive ASCII `suffix`.
fn strip_suffix_ci<'t>(tok: &'t str, suffix: &str) -> Option<&'t str> {
    let split = tok.len().checked_sub(suffix.len())?;
    let (head, tail) = (tok.get(..split)?, tok.get(split..)?);
    tail.eq_ignore_ascii_case(suffix).then_some(head)
}

/// Only characters EqualizerAPO's number patterns accept (`[-+0-9.eE]`),
/// plus `,` (a decimal comma or digit grouping).
fn is_number_like(tok: &str) -> bool {
    !tok.is_empty()
        && tok
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b',' | b'e' | b'E'))
}

/// `tok` is `[+-]?[1-9][0-9]{0,2}` followed by one or more `sep` and three
/// digits, then optionally `dec` and digits: a number with digit grouping.
fn is_grouped(tok: &str, sep: char, dec: char) -> bool {
    let unsigned = tok.strip_prefix(['+', '-']).unwrap_or(tok);
    let (int_part, frac) = match unsigned.split_once(dec) {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    if frac.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let mut groups = int_part.split(sep);
    let head = groups.next().unwrap_or("");
    let head_ok = (1..=3).contains(&head.len())
        && head.bytes().all(|b| b.is_ascii_digit())
        && !head.starts_with('0');
    let mut tails = 0;
    for g in groups {
        if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        tails += 1;
    }
    head_ok && tails > 0
}

fn invalid_line(file: &str, line: usize, message: impl Into<String>) -> ImportError {
    ImportError::InvalidLine {
        file: file.to_owned(),
        line,
        message: message.into(),
    }
}

/// How numbers are written in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberStyle {
    /// EqualizerAPO: every `,` is a `.`; a frequency with a `.` three
    /// digits from its end is in thousands.
    Apo,
    /// REW export with `.` decimals (`,` may group digits).
    RewPoint,
    /// REW export with `,` decimals (`.` may group digits).
    RewComma,
}

/// A number read from the text.
struct Number {
    value: f64,
    /// EqualizerAPO's `1.275` → 1275 rule was applied.
    thousands_rule: bool,
}

impl NumberStyle {
    /// Parses `tok`; `is_freq` enables EqualizerAPO's thousands rule.
    fn parse(self, tok: &str, is_freq: bool) -> Option<Number> {
        if !is_number_like(tok) || !tok.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        let normalized = match self {
            NumberStyle::Apo => tok.replace(',', "."),
            NumberStyle::RewPoint if is_grouped(tok, ',', '.') => tok.replace(',', ""),
            NumberStyle::RewComma if is_grouped(tok, '.', ',') => {
                tok.replace('.', "").replace(',', ".")
            }
            NumberStyle::RewPoint | NumberStyle::RewComma => tok.replace(',', "."),
        };
        let mut value: f64 = normalized.parse().ok()?;
        let mut thousands_rule = false;
        if self == NumberStyle::Apo
            && is_freq
            && normalized.len() >= 5
            && !normalized.contains(['e', 'E'])
            && normalized.as_bytes()[normalized.len() - 4] == b'.'
        {
            value *= 1000.0;
            thousands_rule = true;
        }
        value.is_finite().then_some(Number {
            value,
            thousands_rule,
        })
    }
}

/// Filter-type spellings that differ between the two formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    EqualizerApo,
    Rew,
}

/// Parameter keywords of a filter line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keyword {
    Fc,
    Gain,
    Q,
    Bw,
    Bw60,
    T60,
}

fn keyword(tok: &str) -> Option<Keyword> {
    [
        ("Fc", Keyword::Fc),
        ("Gain", Keyword::Gain),
        ("Q", Keyword::Q),
        ("BW", Keyword::Bw),
        ("BW/60", Keyword::Bw60),
        ("T60", Keyword::T60),
    ]
    .into_iter()
    .find_map(|(name, kw)| tok.eq_ignore_ascii_case(name).then_some(kw))
}

/// What a filter-type spelling stands for.
enum TypeSpec {
    Filter(ImportedKind),
    /// REW `None`: an empty slot.
    Empty,
    /// A type we know of but cannot represent.
    Unsupported(&'static str),
    Unknown,
}

fn resolve_type(base: &str, all_pass: bool) -> TypeSpec {
    use ImportedKind as K;
    let upper = base.to_ascii_uppercase();
    TypeSpec::Filter(match upper.as_str() {
        "PK" | "PEQ" | "MODAL" => K::Peaking,
        "LP" | "LPQ" => K::Lowpass,
        "HP" | "HPQ" => K::Highpass,
        "LP1" => K::LowpassFirstOrder,
        "HP1" => K::HighpassFirstOrder,
        "BP" => K::Bandpass,
        "NO" | "NOTCH" => K::Notch,
        "AP" => K::Allpass,
        "ALL" if all_pass => K::Allpass,
        "LS" | "LSC" => K::LowShelf,
        "HS" | "HSC" => K::HighShelf,
        "NONE" => return TypeSpec::Empty,
        "L-T" => return TypeSpec::Unsupported("Linkwitz transform"),
        _ => return TypeSpec::Unknown,
    })
}

/// Parameters as read from one filter line, before defaults.
#[derive(Default)]
struct RawParams {
    freq: Option<f64>,
    gain: Option<f64>,
    q: Option<f64>,
    bandwidth: Option<f64>,
}

/// Accumulates the result of parsing one text.
struct EqBuilder<'a> {
    file: &'a str,
    style: NumberStyle,
    dialect: Dialect,
    preamp_db: f64,
    filters: Vec<ImportedFilter>,
    warnings: Vec<String>,
    saw_eq_line: bool,
}

impl<'a> EqBuilder<'a> {
    fn new(file: &'a str, style: NumberStyle, dialect: Dialect) -> Self {
        Self {
            file,
            style,
            dialect,
            preamp_db: 0.0,
            filters: Vec::new(),
            warnings: Vec::new(),
            saw_eq_line: false,
        }
    }

    fn finish(self, format: EqFormat) -> Result<ImportedEq, ImportError> {
        if !self.saw_eq_line {
            return Err(ImportError::NoEqContent {
                file: self.file.to_owned(),
            });
        }
        Ok(ImportedEq {
            format,
            preamp_db: self.preamp_db,
            filters: self.filters,
            warnings: self.warnings,
        })
    }

    fn warn(&mut self, line: usize, message: impl fmt::Display) {
        self.warnings
            .push(format!("{}:{line}: {message}", self.file));
    }

    fn invalid(&self, line: usize, message: impl Into<String>) -> ImportError {
        invalid_line(self.file, line, message)
    }

    fn malformed(&self, line: usize, what: &'static str, token: &str) -> ImportError {
        ImportError::MalformedNumber {
            file: self.file.to_owned(),
            line,
            what,
            token: token.to_owned(),
        }
    }

    /// Parses `tok` as a `what` value that must be finite (and positive
    /// when `positive`).
    fn number(
        &mut self,
        line: usize,
        what: &'static str,
        tok: &str,
        positive: bool,
    ) -> Result<f64, ImportError> {
        self.number_in(line, what, tok, positive, false)
    }

    /// [`number`](Self::number); `hz` marks a frequency in Hz, to which
    /// EqualizerAPO's thousands rule applies.
    fn number_in(
        &mut self,
        line: usize,
        what: &'static str,
        tok: &str,
        positive: bool,
        hz: bool,
    ) -> Result<f64, ImportError> {
        let number = self
            .style
            .parse(tok, hz)
            .ok_or_else(|| self.malformed(line, what, tok))?;
        if positive && number.value <= 0.0 {
            return Err(ImportError::OutOfRange {
                file: self.file.to_owned(),
                line,
                what,
                token: tok.to_owned(),
                requirement: "must be greater than 0",
            });
        }
        if number.thousands_rule {
            self.warn(
                line,
                format_args!(
                    "{what} `{tok}` read as {} Hz: a `.` three digits from the end is a \
                     thousands separator, as in EqualizerAPO",
                    number.value
                ),
            );
        }
        Ok(number.value)
    }

    /// `Preamp: -6.2 dB`; values add up.
    fn preamp(&mut self, line: usize, value: &str) -> Result<(), ImportError> {
        self.saw_eq_line = true;
        let mut toks = value.split_whitespace();
        let Some(first) = toks.next() else {
            return Err(self.invalid(line, "`Preamp:` has no value"));
        };
        let (number, has_unit) = match strip_suffix_ci(first, "dB") {
            Some(n) => (n, true),
            None => (first, false),
        };
        let db = self.number(line, "Preamp", number, false)?;
        let mut rest: Vec<&str> = toks.collect();
        if !has_unit && rest.first().is_some_and(|t| t.eq_ignore_ascii_case("dB")) {
            rest.remove(0);
        }
        if !rest.is_empty() {
            self.warn(
                line,
                format_args!("ignored text after the Preamp value: `{}`", rest.join(" ")),
            );
        }
        self.preamp_db += db;
        Ok(())
    }

    /// The part of a `Filter…:` line after the colon.
    fn filter(&mut self, line: usize, params: &str) -> Result<(), ImportError> {
        self.saw_eq_line = true;
        let toks: Vec<&str> = params.split_whitespace().collect();
        let Some(&state) = toks.first() else {
            return Err(self.invalid(line, "filter line has no ON/OFF state"));
        };
        let enabled = if state.eq_ignore_ascii_case("ON") {
            true
        } else if state.eq_ignore_ascii_case("OFF") {
            false
        } else {
            return Err(self.invalid(
                line,
                format!("expected ON or OFF after `Filter:`, found `{state}`"),
            ));
        };
        let Some(&base) = toks.get(1) else {
            return Err(self.invalid(line, "filter line has no filter type"));
        };
        if keyword(base).is_some() {
            return Err(self.invalid(line, format!("filter type missing before `{base}`")));
        }

        // Modifiers between the type and the parameters: REW's `LP Q`,
        // `All pass`, and the slope of `LS 6dB` / `LSC 12 dB`.
        let mut i = 2;
        let mut q_variant = false;
        let mut all_pass = false;
        let mut slope = None;
        while let Some(&tok) = toks.get(i) {
            let next = toks.get(i + 1).copied();
            if tok.eq_ignore_ascii_case("Q") && !next.is_some_and(is_number_like) {
                q_variant = true;
                i += 1;
            } else if base.eq_ignore_ascii_case("All") && tok.eq_ignore_ascii_case("pass") {
                all_pass = true;
                i += 1;
            } else if let Some(n) = strip_suffix_ci(tok, "dB").filter(|n| !n.is_empty()) {
                slope = Some(self.number(line, "slope", n, true)?);
                i += 1;
            } else if is_number_like(tok) && next.is_some_and(|n| n.eq_ignore_ascii_case("dB")) {
                slope = Some(self.number(line, "slope", tok, true)?);
                i += 2;
            } else {
                break;
            }
        }
        // The type as written, for messages: `LS 6dB`, `LP Q`, `All pass`.
        let name = toks[1..i].join(" ");

        let kind = match resolve_type(base, all_pass) {
            TypeSpec::Filter(kind) => kind,
            TypeSpec::Empty => return Ok(()),
            TypeSpec::Unsupported(what) => {
                self.warn(
                    line,
                    format_args!("filter type `{name}` ({what}) is not supported; filter skipped"),
                );
                return Ok(());
            }
            TypeSpec::Unknown => {
                self.warn(
                    line,
                    format_args!("unknown filter type `{name}`; filter skipped"),
                );
                return Ok(());
            }
        };

        let raw = self.params(line, &toks[i..])?;
        let filter = self.resolve(line, &name, base, kind, raw, slope, q_variant)?;
        self.filters.push(ImportedFilter { enabled, ..filter });
        Ok(())
    }

    /// Reads `Fc … Hz`, `Gain … dB`, `Q …`, `BW Oct …`, `BW/60 …` in any
    /// order.
    fn params(&mut self, line: usize, toks: &[&str]) -> Result<RawParams, ImportError> {
        let file = self.file;
        let mut raw = RawParams::default();
        let mut i = 0;
        while let Some(&tok) = toks.get(i) {
            let value_tok = |at: usize| -> Result<&str, ImportError> {
                match toks.get(at) {
                    Some(&t) if keyword(t).is_none() => Ok(t),
                    _ => Err(invalid_line(file, line, format!("`{tok}` has no value"))),
                }
            };
            match keyword(tok) {
                Some(Keyword::Fc) => {
                    let (freq, next) = self.freq(line, toks, i + 1)?;
                    self.set(line, &mut raw.freq, freq, "Fc");
                    i = next;
                }
                Some(Keyword::Gain) => {
                    let t = value_tok(i + 1)?;
                    i += 2;
                    let number = match strip_suffix_ci(t, "dB") {
                        Some(n) if !n.is_empty() => n,
                        _ => {
                            if toks.get(i).is_some_and(|u| u.eq_ignore_ascii_case("dB")) {
                                i += 1;
                            }
                            t
                        }
                    };
                    let gain = self.number(line, "Gain", number, false)?;
                    self.set(line, &mut raw.gain, gain, "Gain");
                }
                Some(Keyword::Q) => {
                    let t = value_tok(i + 1)?;
                    let q = self.number(line, "Q", t, true)?;
                    self.set(line, &mut raw.q, q, "Q");
                    i += 2;
                }
                Some(Keyword::Bw) => {
                    if !toks
                        .get(i + 1)
                        .is_some_and(|t| t.eq_ignore_ascii_case("Oct"))
                    {
                        return Err(self.invalid(line, "expected `BW Oct <octaves>`"));
                    }
                    let t = match toks.get(i + 2) {
                        Some(&t) if keyword(t).is_none() => t,
                        _ => return Err(self.invalid(line, "`BW Oct` has no value")),
                    };
                    let bw = self.number(line, "BW Oct", t, true)?;
                    self.set(line, &mut raw.bandwidth, bw, "BW Oct");
                    i += 3;
                }
                Some(Keyword::Bw60) => {
                    // REW (BFD DSP1124P): bandwidth between the half-gain
                    // points = Fc * (BW/60) * sqrt(2), and REW's Q is
                    // Fc / that bandwidth.
                    let t = value_tok(i + 1)?;
                    let bw60 = self.number(line, "BW/60", t, true)?;
                    self.set(
                        line,
                        &mut raw.q,
                        60.0 / (bw60 * std::f64::consts::SQRT_2),
                        "Q",
                    );
                    i += 2;
                }
                Some(Keyword::T60) => {
                    // REW `Modal … T60 target 300 ms`: informational, the Q
                    // already describes the filter.
                    i += 1;
                    while toks.get(i).is_some_and(|t| keyword(t).is_none()) {
                        i += 1;
                    }
                }
                None if tok.starts_with('(') => {
                    // REW annotations such as `( 125 +2 )`.
                    while let Some(t) = toks.get(i) {
                        i += 1;
                        if t.ends_with(')') {
                            break;
                        }
                    }
                }
                None => {
                    self.warn(line, format_args!("ignored unexpected text `{tok}`"));
                    i += 1;
                }
            }
        }
        Ok(raw)
    }

    /// First value wins, as EqualizerAPO's regex search finds the first.
    fn set(&mut self, line: usize, slot: &mut Option<f64>, value: f64, what: &str) {
        if slot.is_some() {
            self.warn(
                line,
                format_args!("{what} given more than once; the first is used"),
            );
        } else {
            *slot = Some(value);
        }
    }

    /// The frequency after `Fc` at `toks[start..]`: `105`, `105 Hz`,
    /// `105Hz`, `8 kHz`, or digit groups such as `1 276 Hz`. Returns the
    /// value in Hz and the index after it.
    fn freq(
        &mut self,
        line: usize,
        toks: &[&str],
        start: usize,
    ) -> Result<(f64, usize), ImportError> {
        let split = |tok: &str| -> (String, Option<f64>) {
            if let Some(n) = strip_suffix_ci(tok, "kHz") {
                (n.to_owned(), Some(1000.0))
            } else if let Some(n) = strip_suffix_ci(tok, "Hz") {
                (n.to_owned(), Some(1.0))
            } else {
                (tok.to_owned(), None)
            }
        };
        let first = match toks.get(start) {
            Some(&t) if keyword(t).is_none() => t,
            _ => return Err(self.invalid(line, "`Fc` has no value")),
        };
        let (mut digits, mut unit) = split(first);
        if digits.is_empty() {
            return Err(self.invalid(line, "`Fc` has no value"));
        }
        let mut written = first.to_owned();
        let mut j = start + 1;
        let head_is_group = {
            let d = digits.strip_prefix(['+', '-']).unwrap_or(&digits);
            (1..=3).contains(&d.len())
                && d.bytes().all(|b| b.is_ascii_digit())
                && !d.starts_with('0')
        };
        let mut grouped = false;
        if unit.is_none() && head_is_group {
            while let Some(&t) = toks.get(j) {
                let (n, u) = split(t);
                let tail_ok = n.len() >= 3
                    && n.as_bytes()[..3].iter().all(u8::is_ascii_digit)
                    && (n.len() == 3
                        || (matches!(n.as_bytes()[3], b'.' | b',')
                            && n.as_bytes()[4..].iter().all(u8::is_ascii_digit)));
                if !tail_ok {
                    break;
                }
                digits.push_str(&n);
                written.push(' ');
                written.push_str(t);
                grouped = true;
                j += 1;
                if u.is_some() {
                    unit = u;
                    break;
                }
                if n.len() > 3 {
                    break;
                }
            }
        }
        if unit.is_none()
            && let Some(&t) = toks.get(j)
        {
            let (n, u) = split(t);
            if n.is_empty() && u.is_some() {
                unit = u;
                j += 1;
            }
        }
        let multiplier = unit.unwrap_or(1.0);
        let value = self.number_in(line, "Fc", &digits, true, multiplier == 1.0)? * multiplier;
        if grouped && self.style == NumberStyle::Apo {
            self.warn(
                line,
                format_args!("Fc `{written}` read as {value} Hz (digit groups joined)"),
            );
        }
        Ok((value, j))
    }

    /// Applies defaults and precedence; see the module documentation.
    #[allow(clippy::too_many_arguments)]
    fn resolve(
        &mut self,
        line: usize,
        name: &str,
        base: &str,
        kind: ImportedKind,
        raw: RawParams,
        slope: Option<f64>,
        q_variant: bool,
    ) -> Result<ImportedFilter, ImportError> {
        use ImportedKind as K;
        let file = self.file;
        let missing = |parameter: &'static str| ImportError::MissingParameter {
            file: file.to_owned(),
            line,
            filter: name.to_owned(),
            parameter,
        };
        let freq_hz = raw.freq.ok_or_else(|| missing("Fc"))?;
        let is_shelf = matches!(kind, K::LowShelf | K::HighShelf);
        let takes_gain = is_shelf || kind == K::Peaking;
        let gain_db = if takes_gain {
            Some(raw.gain.ok_or_else(|| missing("Gain"))?)
        } else {
            if raw.gain.is_some_and(|g| g != 0.0) {
                self.warn(line, format_args!("Gain ignored for a {kind} filter"));
            }
            None
        };
        if slope.is_some() && !is_shelf {
            self.warn(line, format_args!("slope ignored for a {kind} filter"));
        }

        let mut filter = ImportedFilter {
            kind,
            freq_hz,
            gain_db,
            q: None,
            bandwidth_oct: None,
            slope_db: None,
            freq_is_corner: false,
            enabled: true,
            line,
        };
        match kind {
            K::LowpassFirstOrder | K::HighpassFirstOrder => {
                if raw.q.is_some() || raw.bandwidth.is_some() {
                    self.warn(line, format_args!("Q/BW ignored for a {kind} filter"));
                }
            }
            K::LowShelf | K::HighShelf => {
                if raw.bandwidth.is_some() {
                    self.warn(
                        line,
                        "BW Oct ignored for a shelf (as EqualizerAPO does); give Q or a slope",
                    );
                }
                match (slope, raw.q) {
                    (Some(s), q) => {
                        if q.is_some() {
                            self.warn(line, "both a slope and Q given; the slope is used");
                        }
                        filter.slope_db = Some(s);
                    }
                    (None, Some(q)) => filter.q = Some(q),
                    (None, None) => filter.slope_db = Some(DEFAULT_SHELF_SLOPE_DB),
                }
                let center_spelling = base.to_ascii_uppercase().ends_with('C') || q_variant;
                filter.freq_is_corner = !center_spelling
                    && match self.dialect {
                        // BiQuadFilterFactory: any explicit slope or Q on
                        // `LS`/`HS` makes Fc a corner frequency.
                        Dialect::EqualizerApo => slope.is_some() || raw.q.is_some(),
                        // REW: `LS 6dB`/`LS 12dB` are corner-frequency
                        // shelves; `LS` and `LS Q` are centred.
                        Dialect::Rew => slope.is_some(),
                    };
            }
            _ => match (raw.q, raw.bandwidth) {
                (q, Some(bw)) => {
                    if q.is_some() {
                        self.warn(
                            line,
                            "both Q and BW Oct given; BW Oct is used (as EqualizerAPO does)",
                        );
                    }
                    filter.bandwidth_oct = Some(bw);
                }
                (Some(q), None) => filter.q = Some(q),
                (None, None) => {
                    filter.q = Some(match kind {
                        K::Lowpass | K::Highpass | K::Bandpass => BUTTERWORTH_Q,
                        K::Notch => DEFAULT_NOTCH_Q,
                        _ => return Err(missing("Q or BW Oct")),
                    })
                }
            },
        }
        Ok(filter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn data_path(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/import")
            .join(name)
    }

    /// Asserts one filter: kind, frequency, gain, and the width parameter.
    #[track_caller]
    pub(super) fn check(
        f: &ImportedFilter,
        kind: ImportedKind,
        freq_hz: f64,
        gain_db: Option<f64>,
        q: Option<f64>,
    ) {
        assert_eq!(f.kind, kind, "{f:?}");
        assert!(
            (f.freq_hz - freq_hz).abs() < 1e-9,
            "freq {f:?}, want {freq_hz}"
        );
        match (f.gain_db, gain_db) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "gain {f:?}, want {b}"),
            (a, b) => assert_eq!(a, b, "gain {f:?}"),
        }
        match (f.q, q) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "q {f:?}, want {b}"),
            (a, b) => assert_eq!(a, b, "q {f:?}"),
        }
    }

    #[test]
    fn import_autoeq_parametric_eq_file() {
        let eq = import_file(&data_path("autoeq_7Hz_Salnotes_Zero_ParametricEQ.txt")).unwrap();
        assert_eq!(eq.format, EqFormat::EqualizerApo);
        assert_eq!(eq.preamp_db, -5.1);
        assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
        use ImportedKind::*;
        #[rustfmt::skip]
        let want = [
            (LowShelf, 105.0, 2.6, 0.70),
            (Peaking, 6337.0, 5.3, 3.61),
            (Peaking, 210.0, -1.0, 1.03),
            (Peaking, 4135.0, -1.4, 2.06),
            (Peaking, 1370.0, -1.0, 2.36),
            (HighShelf, 10000.0, -4.7, 0.70),
            (Peaking, 776.0, 0.6, 2.28),
            (Peaking, 1180.0, 0.3, 3.24),
            (Peaking, 7029.0, 1.6, 5.94),
            (Peaking, 1163.0, -0.7, 3.30),
        ];
        assert_eq!(eq.filters.len(), want.len());
        for (i, (f, &(kind, fc, gain, q))) in eq.filters.iter().zip(&want).enumerate() {
            check(f, kind, fc, Some(gain), Some(q));
            assert!(f.enabled);
            assert_eq!(f.line, i + 2);
            assert_eq!(f.bandwidth_oct, None);
            assert_eq!(f.slope_db, None);
            // LSC/HSC: centre frequency.
            assert!(!f.freq_is_corner);
            assert_eq!(f.center_freq_hz(), fc);
        }
    }

    #[test]
    fn import_rew_generic_export_v5_01() {
        let eq = import_file(&data_path("rew_V5.01_generic_hometheatershack.txt")).unwrap();
        assert_eq!(eq.format, EqFormat::Rew);
        assert_eq!(eq.preamp_db, 0.0);
        assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
        #[rustfmt::skip]
        let want = [
            (22.6, -9.4, 10.09), (27.6, -16.1, 11.16), (28.5, 12.0, 2.00), (34.5, -5.4, 4.02),
            (42.6, 1.7, 6.70), (51.7, -8.2, 18.08), (64.8, 12.0, 8.29), (66.9, -5.3, 31.69),
            (77.8, -7.3, 2.88), (128.0, 11.2, 7.92), (146.0, -4.8, 7.97), (176.0, -7.9, 4.00),
            (208.0, -6.6, 30.91), (219.0, 12.0, 4.14), (232.0, -10.6, 18.13), (301.0, -10.5, 5.90),
            (344.0, 12.0, 2.62), (398.0, -9.1, 4.68), (613.0, -5.0, 45.32), (688.0, 7.0, 45.76),
        ];
        assert_eq!(eq.filters.len(), 20);
        for (i, (f, &(fc, gain, q))) in eq.filters.iter().zip(&want).enumerate() {
            check(f, ImportedKind::Peaking, fc, Some(gain), Some(q));
            assert!(f.enabled);
            assert_eq!(f.line, i + 10);
        }
    }

    #[test]
    fn import_rew_comma_locale_export_with_bandwidths() {
        let eq = import_file(&data_path("rew_V5.01_FBQ2496_comma_locale.txt")).unwrap();
        assert_eq!(eq.format, EqFormat::Rew);
        assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
        #[rustfmt::skip]
        let want = [
            (91.4, 10.5, 0.750), (137.0, -17.0, 0.143), (170.0, -9.5, 0.200), (249.0, -6.5, 0.033),
            (64.0, -5.0, 0.167), (1276.0, -5.5, 0.125), (155.0, 14.0, 0.111), (502.0, 10.5, 0.033),
            (1888.0, 7.5, 0.083), (5141.0, -3.5, 0.250), (390.0, -8.0, 0.050), (735.0, 11.5, 0.033),
            (655.0, -6.0, 0.033), (279.0, -9.0, 0.033), (2825.0, -4.5, 0.067), (224.0, -5.5, 0.100),
            (1062.0, -6.0, 0.067), (2143.0, -3.5, 0.067), (3206.0, -3.5, 0.083), (769.0, -4.0, 0.067),
        ];
        assert_eq!(eq.filters.len(), 20);
        for (i, (f, &(fc, gain, bw))) in eq.filters.iter().zip(&want).enumerate() {
            check(f, ImportedKind::Peaking, fc, Some(gain), None);
            assert_eq!(f.bandwidth_oct, Some(bw), "{f:?}");
            assert_eq!(f.line, i + 10);
        }
    }

    /// The same REW export as Java writes it with a Norwegian locale on
    /// Windows: no-break space (0xA0) digit groups, ANSI code page bytes.
    #[test]
    fn import_rew_latin1_file_with_no_break_space_groups() {
        let text = std::fs::read_to_string(data_path("rew_V5.01_FBQ2496_comma_locale.txt"))
            .unwrap()
            .replace("1 276", "1\u{a0}276")
            .replace("5 141", "5\u{a0}141");
        assert!(text.contains('\u{a0}'));
        let bytes: Vec<u8> = text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect();
        assert!(std::str::from_utf8(&bytes).is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.txt");
        std::fs::write(&path, &bytes).unwrap();
        let eq = import_file(&path).unwrap();
        assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
        assert_eq!(eq.filters[5].freq_hz, 1276.0);
        assert_eq!(eq.filters[9].freq_hz, 5141.0);
        assert_eq!(eq.filters.len(), 20);
    }

    #[test]
    fn import_utf8_bom_and_utf16_files() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Preamp: -6.2 dB\r\nFilter 1: ON PK Fc 105 Hz Gain -3.4 dB Q 0.70\r\n";

        let bom = dir.path().join("bom.txt");
        std::fs::write(&bom, [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat()).unwrap();
        let utf16 = dir.path().join("utf16.txt");
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&utf16, bytes).unwrap();

        for path in [bom, utf16] {
            let eq = import_file(&path).unwrap();
            assert_eq!(eq.preamp_db, -6.2);
            assert_eq!(eq.filters.len(), 1);
            check(
                &eq.filters[0],
                ImportedKind::Peaking,
                105.0,
                Some(-3.4),
                Some(0.70),
            );
            assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
        }
    }

    #[test]
    fn import_file_reports_unreadable_path() {
        let err = import_file(Path::new("/nonexistent/dir/eq.txt")).unwrap_err();
        assert!(matches!(err, ImportError::Io { .. }), "{err:?}");
        assert!(err.to_string().contains("/nonexistent/dir/eq.txt"), "{err}");
    }

    #[test]
    fn import_file_without_eq_lines_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("graphic.txt");
        std::fs::write(&path, "GraphicEQ: 25 -3; 40 -2; 63 0\n").unwrap();
        let err = import_file(&path).unwrap_err();
        assert!(matches!(err, ImportError::NoEqContent { .. }), "{err:?}");
        assert!(err.to_string().contains("graphic.txt"), "{err}");
    }

    #[test]
    fn import_detect_format() {
        assert_eq!(
            detect_format("Preamp: -1 dB\nFilter 1: ON PK Fc 1 Hz Gain 1 dB Q 1\n"),
            EqFormat::EqualizerApo
        );
        assert_eq!(
            detect_format("Filter Settings file\n\nRoom EQ V5.20\n"),
            EqFormat::Rew
        );
        assert_eq!(detect_format("\u{feff}Room EQ V5,01\n"), EqFormat::Rew);
        assert_eq!(
            detect_format("Equaliser: Generic\nFilter  1: ON  PK  Fc 100 Hz\n"),
            EqFormat::Rew
        );
        // An `Equaliser:` after the filters is not a REW header.
        assert_eq!(
            detect_format("Filter: ON PK Fc 1 Hz Gain 1 dB Q 1\nEqualiser: x\n"),
            EqFormat::EqualizerApo
        );
        for name in [
            "rew_V5.01_generic_hometheatershack.txt",
            "rew_V5.01_FBQ2496_comma_locale.txt",
            "rew_V5.40_generic_all_types.txt",
            "rew_V5.31_generic_all_types.txt",
        ] {
            let text = std::fs::read_to_string(data_path(name)).unwrap();
            assert_eq!(detect_format(&text), EqFormat::Rew, "{name}");
        }
    }

    #[test]
    fn import_looks_like_eq_file() {
        for name in [
            "autoeq_7Hz_Salnotes_Zero_ParametricEQ.txt",
            "rew_V5.01_generic_hometheatershack.txt",
            "rew_V5.01_FBQ2496_comma_locale.txt",
            "rew_V5.40_generic_all_types.txt",
            "rew_V5.31_generic_all_types.txt",
        ] {
            let text = std::fs::read_to_string(data_path(name)).unwrap();
            assert!(looks_like_eq_file(&text), "{name}");
        }
        assert!(looks_like_eq_file("Filter: ON PK Fc 100 Hz Gain 1 dB Q 1"));
        assert!(looks_like_eq_file(
            "# headphones\nFilter 3: OFF LP Fc 100 Hz"
        ));
        assert!(looks_like_eq_file("Preamp: -3dB"));
        assert!(looks_like_eq_file(
            "Device: Speakers\nGraphicEQ: 20 0; 20000 0"
        ));

        let toml = "# Vortex pipeline\n[[stage]]\nkind = \"peaking\"\nfreq = 105.0\n\
                    note = \"Filter 1: ON PK Fc 105 Hz Gain -3 dB Q 1\"\n\
                    [output]\npath = \"C:/out.wav\"\n";
        assert!(!looks_like_eq_file(toml));
        assert!(!looks_like_eq_file(""));
        assert!(!looks_like_eq_file("Preamp: loud"));
        assert!(!looks_like_eq_file("Filter: maybe"));
        assert!(!looks_like_eq_file("[filter]\ntype = \"PK\"\n"));
    }

    #[test]
    fn import_error_messages_name_file_line_and_token() {
        let err = parse_equalizer_apo(
            "Preamp: -1 dB\n\nFilter 2: ON PK Fc 100 Hz Gain -3.x dB Q 1\n",
            "my eq.txt",
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "my eq.txt:3: malformed Gain value `-3.x`");
        let err = parse_rew("Filter  1: ON  PK  Fc 100 Hz  Gain 3 dB\n", "room.txt").unwrap_err();
        assert_eq!(err.to_string(), "room.txt:1: PK filter has no Q or BW Oct");
        let err = parse_equalizer_apo("Filter: ON PK Fc 0 Hz Gain 1 dB Q 1", "a.txt").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.txt:1: Fc `0` is out of range: must be greater than 0"
        );
    }

    #[test]
    fn import_number_styles() {
        let apo = |t: &str, f: bool| NumberStyle::Apo.parse(t, f).map(|n| n.value);
        assert_eq!(apo("-3,4", false), Some(-3.4));
        assert_eq!(apo("1.275", true), Some(1275.0));
        assert_eq!(apo("1.275", false), Some(1.275));
        assert_eq!(apo("1e3", true), Some(1000.0));
        assert_eq!(apo("inf", false), None);
        assert_eq!(apo("NaN", false), None);
        assert_eq!(apo("1e999", false), None);
        assert_eq!(apo("--1", false), None);
        assert_eq!(apo(".", false), None);
        let point = |t: &str| NumberStyle::RewPoint.parse(t, true).map(|n| n.value);
        assert_eq!(point("1,275"), Some(1275.0));
        assert_eq!(point("12,345.5"), Some(12345.5));
        assert_eq!(point("0,750"), Some(0.75));
        assert_eq!(point("1.275"), Some(1.275));
        let comma = |t: &str| NumberStyle::RewComma.parse(t, true).map(|n| n.value);
        assert_eq!(comma("-5,4"), Some(-5.4));
        assert_eq!(comma("1.275"), Some(1275.0));
        assert_eq!(comma("12.345,5"), Some(12345.5));
        assert_eq!(comma("0.750"), Some(0.75));
    }

    #[test]
    fn import_center_frequency_of_corner_shelves() {
        let shelf = |kind, gain: f64, q: Option<f64>, slope_db: Option<f64>| ImportedFilter {
            kind,
            freq_hz: 100.0,
            gain_db: Some(gain),
            q,
            bandwidth_oct: None,
            slope_db,
            freq_is_corner: true,
            enabled: true,
            line: 1,
        };
        // 12 dB/octave (S = 1), 8 dB: factor 10^(8/80) = 10^0.1.
        let ls = shelf(ImportedKind::LowShelf, 8.0, None, Some(12.0));
        assert!((ls.center_freq_hz() - 100.0 * 10f64.powf(0.1)).abs() < 1e-9);
        let hs = shelf(ImportedKind::HighShelf, -8.0, None, Some(6.0));
        assert!((hs.center_freq_hz() - 100.0 / 10f64.powf(0.2)).abs() < 1e-9);
        // Q = 1/sqrt(2) at 0 dB is S = 1.
        let q = shelf(ImportedKind::LowShelf, 0.0, Some(FRAC_1_SQRT_2), None);
        assert!((q.center_freq_hz() - 100.0).abs() < 1e-9);
        let q = shelf(ImportedKind::LowShelf, 6.0, Some(FRAC_1_SQRT_2), None);
        let a = 10f64.powf(6.0 / 40.0);
        let s = 1.0 / ((2.0 - 2.0) / (a + 1.0 / a) + 1.0);
        assert!((q.center_freq_hz() - 100.0 * 10f64.powf(6.0 / 80.0 / s)).abs() < 1e-9);
        let centred = ImportedFilter {
            freq_is_corner: false,
            ..ls.clone()
        };
        assert_eq!(centred.center_freq_hz(), 100.0);
        assert_eq!(ls.shelf_slope_s(), Some(1.0));
    }

    #[test]
    fn import_is_filter_key() {
        for key in ["Filter", "Filter 1", "Filter12", "filter  3", "FILTER"] {
            assert!(is_filter_key(key), "{key}");
        }
        for key in [
            "Filters",
            "Filter x",
            "Filte",
            "# Filter 1",
            "Preamp",
            "Filteré",
        ] {
            assert!(!is_filter_key(key), "{key}");
        }
    }
}
