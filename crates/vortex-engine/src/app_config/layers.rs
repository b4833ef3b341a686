//! The configuration layers and their precedence.
//!
//! In increasing precedence (a later layer overrides single keys of an earlier one):
//!
//! 1. built-in defaults ([`AppConfig::default`]);
//! 2. the platform file: `/etc/vortex/config.toml` on Linux and other Unix systems,
//!    `/Library/Application Support/vortex/config.toml` on macOS,
//!    `%ProgramData%\vortex\config.toml` on Windows; skipped if it does not exist;
//! 3. the user file: `--config FILE` (which must exist), else `config.toml` in the
//!    platform's config directory (`$XDG_CONFIG_HOME/vortex`, `~/.config/vortex` on
//!    Linux), skipped if it does not exist;
//! 4. environment variables `VORTEX_<SECTION>__<KEY>`, e.g.
//!    `VORTEX_AUDIO__BLOCK_SIZE=128` (names without `__` are not configuration and
//!    are ignored; values are parsed like TOML values, and a bare word is a string);
//! 5. command-line flags ([`CliOverrides`]).
//!
//! Every unknown key, wrongly typed value and TOML syntax error of every layer is
//! reported, not only the first: a bad key is reported, dropped, and the merge is
//! extracted again until it succeeds. Then [`validate`](super::validate) checks ranges.

use super::AppConfig;
use super::error::{ConfigError, ConfigProblem, ConfigWarning, ProblemKind};
use super::validate::{self, Origin};
use crate::read_limit::{MAX_TEXT_CONFIG_BYTES, read_limited};
use figment::error::{Actual, Kind};
use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Prefix of the environment variables read as configuration.
pub const ENV_PREFIX: &str = "VORTEX_";
/// Separator of the section and key in environment variable names.
pub const ENV_SEPARATOR: &str = "__";
/// Name of the layer of built-in defaults.
pub const BUILT_IN: &str = "built-in defaults";

/// Whether and where a file layer is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerFile {
    /// Not read.
    Skip,
    /// Read if it exists; a missing file is skipped silently.
    Optional(PathBuf),
    /// Read; a missing file is an error.
    Required(PathBuf),
}

/// Where the environment layer comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvSource {
    /// No environment layer.
    Skip,
    /// The process environment.
    Process,
    /// These variables instead of the process environment (tests).
    Vars(Vec<(String, String)>),
}

/// What [`AppConfig::load`] reads.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The platform-wide file (layer 2).
    pub platform_file: LayerFile,
    /// The user's file (layer 3).
    pub user_file: LayerFile,
    /// The environment variables (layer 4).
    pub env: EnvSource,
    /// The command-line flags (layer 5).
    pub cli: CliOverrides,
}

/// Only the built-in defaults.
impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            platform_file: LayerFile::Skip,
            user_file: LayerFile::Skip,
            env: EnvSource::Skip,
            cli: CliOverrides::default(),
        }
    }
}

impl LoadOptions {
    /// The layers a running program reads: the platform file and the user file where
    /// they exist, `config` instead of the user file if given (it must exist), the
    /// process environment, and `cli`.
    pub fn standard(config: Option<PathBuf>, cli: CliOverrides) -> Self {
        Self {
            platform_file: platform_file_path().map_or(LayerFile::Skip, LayerFile::Optional),
            user_file: match config {
                Some(p) => LayerFile::Required(p),
                None => user_file_path().map_or(LayerFile::Skip, LayerFile::Optional),
            },
            env: EnvSource::Process,
            cli,
        }
    }

    /// Built-in defaults and `path` as the user file, nothing else
    /// (`vortex config check`).
    pub fn file_only(path: impl Into<PathBuf>) -> Self {
        Self {
            user_file: LayerFile::Required(path.into()),
            ..Self::default()
        }
    }
}

/// The platform-wide configuration file (which may not exist).
pub fn platform_file_path() -> Option<PathBuf> {
    if cfg!(target_os = "macos") {
        Some(PathBuf::from(
            "/Library/Application Support/vortex/config.toml",
        ))
    } else if cfg!(windows) {
        std::env::var_os("ProgramData").map(|d| PathBuf::from(d).join("vortex\\config.toml"))
    } else {
        Some(PathBuf::from("/etc/vortex/config.toml"))
    }
}

/// The user's configuration file in the platform's config directory (which may not
/// exist); `None` where there is no home directory.
pub fn user_file_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "vortex").map(|d| d.config_dir().join("config.toml"))
}

/// Values given on the command line, each with the flag that set it (for messages).
///
/// ```
/// use vortex_engine::app_config::{AppConfig, CliOverrides, LoadOptions};
/// let mut cli = CliOverrides::new();
/// cli.set("--block-size", "audio.block_size", 128)
///     .set_opt("--device", "audio.device", None::<String>)
///     .assign("--set", "server.port=9000");
/// let loaded = AppConfig::load(&LoadOptions { cli, ..LoadOptions::default() }).unwrap();
/// assert_eq!(loaded.config.audio.block_size, 128);
/// assert_eq!(loaded.config.server.port, 9000);
/// assert_eq!(loaded.origin("audio.block_size"), Some("command line --block-size"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct CliOverrides {
    entries: Vec<CliEntry>,
}

#[derive(Debug, Clone)]
struct CliEntry {
    /// `--block-size`, `--set`.
    flag: String,
    /// Key path segments.
    path: Vec<String>,
    /// The text of an assignment's value (used as a string where one is expected).
    raw: Option<String>,
    /// The value, or why the flag could not be turned into one.
    value: Result<Value, String>,
}

impl CliOverrides {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the key `path` (`audio.block_size`) to `value`; `flag` names the option in
    /// messages (`--block-size`).
    pub fn set<T: Serialize>(&mut self, flag: &str, path: &str, value: T) -> &mut Self {
        self.entries.push(CliEntry {
            flag: flag.to_string(),
            path: split_path(path),
            raw: None,
            value: Value::serialize(value).map_err(|e| e.to_string()),
        });
        self
    }

    /// [`set`](Self::set) if `value` is `Some` (an option that was not given changes
    /// nothing).
    pub fn set_opt<T: Serialize>(&mut self, flag: &str, path: &str, value: Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.set(flag, path, v);
        }
        self
    }

    /// Applies `key=value` (`audio.block_size=128`, `audio.device=hw:1`) given with
    /// `flag` (`--set`). The value is parsed like a TOML value; a bare word is a string.
    /// A malformed assignment is reported when the configuration is loaded.
    pub fn assign(&mut self, flag: &str, assignment: &str) -> &mut Self {
        let (key, value) = match assignment.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => (k.trim(), Ok(parse_value(v.trim()))),
            _ => (
                "",
                Err(format!(
                    "`{assignment}` is not KEY=VALUE (e.g. audio.block_size=128)"
                )),
            ),
        };
        self.entries.push(CliEntry {
            flag: flag.to_string(),
            path: split_path(key),
            raw: Some(
                assignment
                    .split_once('=')
                    .map_or("", |(_, v)| v.trim())
                    .to_string(),
            ),
            value,
        });
        self
    }

    /// Whether no override was given.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn split_path(path: &str) -> Vec<String> {
    path.split('.')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Parses a value given as text (environment, `--set`): TOML-like, bare words are
/// strings.
fn parse_value(text: &str) -> Value {
    match text.parse::<Value>() {
        Ok(v) => v,
        Err(never) => match never {},
    }
}

/// Which layer a [`LayerInfo`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LayerKind {
    /// [`AppConfig::default`].
    BuiltIn,
    /// The platform-wide file.
    Platform,
    /// The user's file.
    User,
    /// `VORTEX_*` environment variables.
    Environment,
    /// Command-line flags.
    CommandLine,
}

/// A layer that was considered, in precedence order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerInfo {
    /// Which layer.
    pub kind: LayerKind,
    /// Its name in messages: `built-in defaults`, the file path, `environment`,
    /// `command line`.
    pub name: String,
    /// The file, for file layers.
    pub file: Option<PathBuf>,
    /// Whether it contributed any data (a file existed, a variable or flag was set).
    pub present: bool,
}

/// A loaded, validated configuration.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The configuration to use (clamped values already applied, relative paths
    /// resolved).
    pub config: AppConfig,
    /// Values that were clamped or adjusted, one per value.
    pub warnings: Vec<ConfigWarning>,
    /// The layers considered, in increasing precedence.
    pub layers: Vec<LayerInfo>,
    origins: BTreeMap<String, String>,
}

impl Loaded {
    /// The layer that set the value at `path` (`audio.block_size`), as named in
    /// messages (`built-in defaults`, a file, `environment VORTEX_AUDIO__BLOCK_SIZE`,
    /// `command line --block-size`); `None` for a path that is not a key.
    pub fn origin(&self, path: &str) -> Option<&str> {
        self.origins.get(path).map(String::as_str)
    }

    /// Every key with the layer that set it, sorted by path.
    pub fn origins(&self) -> impl Iterator<Item = (&str, &str)> {
        self.origins.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// One layer's data with what is needed to name its values in messages.
struct Layer {
    info: LayerInfo,
    dict: Dict,
    /// The file text, to find line numbers.
    text: Option<String>,
    /// Environment variable or flag per key path (environment and command line).
    names: Vec<(Vec<String>, String)>,
    /// Values given as text (environment, `--set`) per key path: where the parsed
    /// value has the wrong type, the text itself is tried as a string.
    raw: Vec<(Vec<String>, String)>,
}

impl Layer {
    fn new(kind: LayerKind, name: String, file: Option<PathBuf>) -> Self {
        Self {
            info: LayerInfo {
                kind,
                name,
                file,
                present: false,
            },
            dict: Dict::new(),
            text: None,
            names: Vec::new(),
            raw: Vec::new(),
        }
    }

    /// The layer's name for the value at `path`: the variable or flag where the
    /// layer has one (`environment VORTEX_AUDIO__BLOCK_SIZE`).
    fn label(&self, path: &[String]) -> String {
        let name = self
            .names
            .iter()
            .rev()
            .find(|(p, _)| p.starts_with(path) || path.starts_with(p))
            .map(|(_, n)| n);
        match name {
            Some(n) => format!("{} {n}", self.info.name),
            None => self.info.name.clone(),
        }
    }

    fn origin(&self, path: &[String]) -> Origin {
        Origin {
            layer: self.label(path),
            location: self.text.as_deref().and_then(|t| locate(t, path)),
            base_dir: match self.info.kind {
                LayerKind::Platform | LayerKind::User => self
                    .info
                    .file
                    .as_deref()
                    .and_then(Path::parent)
                    .map(Path::to_path_buf),
                _ => None,
            },
        }
    }

    fn problem(&self, path: &[String], message: String, kind: ProblemKind) -> ConfigProblem {
        let o = self.origin(path);
        ConfigProblem {
            layer: o.layer,
            location: o.location,
            path: format_path(path),
            message,
            kind,
        }
    }

    /// Replaces a value given as text, parsed to a non-string, by the text itself.
    /// Returns whether it did (so a device named `123` is the string "123").
    fn retry_as_string(&mut self, path: &[String]) -> bool {
        let Some((_, raw)) = self.raw.iter().rev().find(|(p, _)| p == path) else {
            return false;
        };
        if matches!(get_path(&self.dict, path), None | Some(Value::String(..))) {
            return false;
        }
        let raw = raw.clone();
        insert_path(&mut self.dict, path, Value::from(raw));
        true
    }

    fn provider(&self) -> LayerProvider<'_> {
        LayerProvider(self)
    }
}

struct LayerProvider<'a>(&'a Layer);

impl Provider for LayerProvider<'_> {
    fn metadata(&self) -> Metadata {
        let info = &self.0.info;
        match &info.file {
            Some(f) => Metadata::from(info.name.clone(), f.as_path()),
            None => Metadata::named(info.name.clone()),
        }
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        Ok(Profile::Default.collect(self.0.dict.clone()))
    }
}

/// `audio.block_size`, `performance.cpu_affinity[1]`.
pub(crate) fn format_path<S: AsRef<str>>(path: &[S]) -> String {
    let mut out = String::new();
    for seg in path {
        let seg = seg.as_ref();
        if !out.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(seg);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
}

fn get_path<'a>(dict: &'a Dict, path: &[String]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let mut v = dict.get(first)?;
    for seg in rest {
        v = match v {
            Value::Dict(_, d) => d.get(seg)?,
            Value::Array(_, a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Removes the value at `path`, or the array or scalar on the way that holds it.
fn remove_path(dict: &mut Dict, path: &[String]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    if rest.is_empty() {
        return dict.remove(first).is_some();
    }
    match dict.get_mut(first) {
        Some(Value::Dict(_, inner)) => remove_path(inner, rest),
        Some(_) => dict.remove(first).is_some(),
        None => false,
    }
}

fn insert_path(dict: &mut Dict, path: &[String], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        dict.insert(first.clone(), value);
        return;
    }
    let entry = dict
        .entry(first.clone())
        .or_insert_with(|| Value::from(Dict::new()));
    if !matches!(entry, Value::Dict(..)) {
        *entry = Value::from(Dict::new());
    }
    if let Value::Dict(_, inner) = entry {
        insert_path(inner, rest, value);
    }
}

/// Every leaf (scalar, array, empty table) of `dict` with its path.
fn leaves(dict: &Dict, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    for (k, v) in dict {
        prefix.push(k.clone());
        match v {
            Value::Dict(_, d) if !d.is_empty() => leaves(d, prefix, out),
            _ => out.push(prefix.clone()),
        }
        prefix.pop();
    }
}

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit_once('\n')
        .map_or(before, |(_, l)| l)
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Where the key at `path` is written in the TOML `text`.
fn locate(text: &str, path: &[String]) -> Option<(usize, usize)> {
    use toml::de::{DeTable, DeValue};
    let doc = DeTable::parse(text).ok()?;
    let mut table = doc.get_ref();
    let mut span = None;
    let mut value: Option<&DeValue<'_>> = None;
    for seg in path {
        if let Some(DeValue::Array(a)) = value {
            let item = a.get(seg.parse::<usize>().ok()?)?;
            span = Some(item.span());
            value = Some(item.get_ref());
            continue;
        }
        if let Some(v) = value {
            table = match v {
                DeValue::Table(t) => t,
                _ => return span.map(|s| line_col(text, s.start)),
            };
        }
        let (k, v) = table.iter().find(|(k, _)| k.get_ref() == seg.as_str())?;
        span = Some(k.span());
        value = Some(v.get_ref());
    }
    span.map(|s| line_col(text, s.start))
}

/// Reads a file layer. Problems (unreadable, syntax) are pushed; the layer then holds
/// whatever could be read (nothing for an unreadable file).
fn file_layer(
    kind: LayerKind,
    file: &LayerFile,
    problems: &mut Vec<ConfigProblem>,
) -> Option<Layer> {
    let (path, required) = match file {
        LayerFile::Skip => return None,
        LayerFile::Optional(p) => (p, false),
        LayerFile::Required(p) => (p, true),
    };
    let mut layer = Layer::new(kind, path.display().to_string(), Some(path.clone()));
    let whole = |message: String, kind| ConfigProblem {
        layer: path.display().to_string(),
        location: None,
        path: String::new(),
        message,
        kind,
    };
    let bytes = match read_limited(path, MAX_TEXT_CONFIG_BYTES) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Some(layer),
        Err(e) => {
            problems.push(whole(format!("cannot read: {e}"), ProblemKind::Unreadable));
            return Some(layer);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            problems.push(whole("not UTF-8 text".into(), ProblemKind::Unreadable));
            return Some(layer);
        }
    };
    layer.info.present = true;
    match toml::from_str::<toml::Table>(&text) {
        Ok(table) => match Value::serialize(&table).map(Value::into_dict) {
            Ok(Some(dict)) => layer.dict = dict,
            Ok(None) => {}
            Err(e) => problems.push(whole(e.to_string(), ProblemKind::Syntax)),
        },
        Err(first) => {
            let (_, mut errors) = toml::de::DeTable::parse_recoverable(&text);
            if errors.is_empty() {
                errors.push(first);
            }
            for e in errors {
                problems.push(ConfigProblem {
                    location: e.span().map(|s| line_col(&text, s.start)),
                    ..whole(
                        format!("invalid TOML: {}", e.message().trim()),
                        ProblemKind::Syntax,
                    )
                });
            }
        }
    }
    layer.text = Some(text);
    Some(layer)
}

fn env_layer(source: &EnvSource, problems: &mut Vec<ConfigProblem>) -> Option<Layer> {
    let vars: Vec<(String, Result<String, OsString>)> = match source {
        EnvSource::Skip => return None,
        EnvSource::Process => std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string())))
            .collect(),
        EnvSource::Vars(v) => v.iter().map(|(k, v)| (k.clone(), Ok(v.clone()))).collect(),
    };
    let mut vars: Vec<_> = vars
        .into_iter()
        .filter(|(k, _)| {
            k.strip_prefix(ENV_PREFIX)
                .is_some_and(|rest| rest.contains(ENV_SEPARATOR))
        })
        .collect();
    vars.sort_by(|a, b| a.0.cmp(&b.0));
    let mut layer = Layer::new(LayerKind::Environment, "environment".into(), None);
    for (name, value) in vars {
        let rest = &name[ENV_PREFIX.len()..];
        let path: Vec<String> = rest.split(ENV_SEPARATOR).map(str::to_lowercase).collect();
        let bad = |message: &str, kind| ConfigProblem {
            layer: format!("environment {name}"),
            location: None,
            path: String::new(),
            message: message.to_string(),
            kind,
        };
        if path.iter().any(String::is_empty) {
            problems.push(bad(
                "malformed name: write VORTEX_<SECTION>__<KEY>, e.g. VORTEX_AUDIO__BLOCK_SIZE",
                ProblemKind::Syntax,
            ));
            continue;
        }
        let Ok(value) = value else {
            problems.push(bad("value is not valid Unicode", ProblemKind::Unreadable));
            continue;
        };
        insert_path(&mut layer.dict, &path, parse_value(&value));
        layer.raw.push((path.clone(), value));
        layer.names.push((path, name.clone()));
        layer.info.present = true;
    }
    Some(layer)
}

fn cli_layer(cli: &CliOverrides, problems: &mut Vec<ConfigProblem>) -> Layer {
    let mut layer = Layer::new(LayerKind::CommandLine, "command line".into(), None);
    for e in &cli.entries {
        match &e.value {
            Ok(v) if !e.path.is_empty() => {
                insert_path(&mut layer.dict, &e.path, v.clone());
                if let Some(raw) = &e.raw {
                    layer.raw.push((e.path.clone(), raw.clone()));
                }
                layer.names.push((e.path.clone(), e.flag.clone()));
                layer.info.present = true;
            }
            Ok(_) => problems.push(ConfigProblem {
                layer: format!("command line {}", e.flag),
                location: None,
                path: String::new(),
                message: "no key given".into(),
                kind: ProblemKind::Syntax,
            }),
            Err(m) => problems.push(ConfigProblem {
                layer: format!("command line {}", e.flag),
                location: None,
                path: format_path(&e.path),
                message: m.clone(),
                kind: ProblemKind::Syntax,
            }),
        }
    }
    layer
}

/// `a`, `b` or `c`.
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => "nothing".into(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Serde's name of an expected type in words.
fn expected(name: &str) -> String {
    match name {
        "usize" | "u64" => "a whole number of 0 or more".into(),
        "u32" => "a whole number from 0 to 4294967295".into(),
        "u16" => "a whole number from 0 to 65535".into(),
        "u8" => "a whole number from 0 to 255".into(),
        "f64" | "f32" => "a number".into(),
        "a sequence" => "a list".into(),
        n if n.starts_with("struct ") => "a table".into(),
        other => other.to_string(),
    }
}

/// A value found where another was expected, in words.
fn found(actual: &Actual) -> String {
    match actual {
        Actual::Bool(b) => format!("`{b}`"),
        Actual::Unsigned(n) => format!("the number {n}"),
        Actual::Signed(n) => format!("the number {n}"),
        Actual::Float(x) => format!("the number {x}"),
        Actual::Str(s) => format!("the string {s:?}"),
        Actual::Seq => "a list".into(),
        Actual::Map => "a table".into(),
        other => other.to_string(),
    }
}

fn describe(kind: &Kind) -> (String, ProblemKind) {
    match kind {
        Kind::UnknownField(_, expected) => (
            format!("unknown field, expected one of {}", one_of(expected)),
            ProblemKind::UnknownField,
        ),
        Kind::UnknownVariant(actual, expected) => (
            format!("unknown value \"{actual}\", expected {}", one_of(expected)),
            ProblemKind::WrongType,
        ),
        Kind::InvalidType(actual, name) | Kind::InvalidValue(actual, name) => (
            format!("expected {}, found {}", expected(name), found(actual)),
            ProblemKind::WrongType,
        ),
        other => (other.to_string(), ProblemKind::WrongType),
    }
}

/// Merges the layers and extracts an [`AppConfig`], reporting every bad key. Each bad
/// key is removed from every layer so the next round can get past it; the result is
/// the configuration without the bad keys.
fn extract(layers: &mut [Layer], problems: &mut Vec<ConfigProblem>) -> AppConfig {
    // Each round removes at least one key or turns one into a string (once per key),
    // so this bounds the rounds by twice the key count.
    let max_rounds = layers
        .iter()
        .map(|l| {
            let mut out = Vec::new();
            leaves(&l.dict, &mut Vec::new(), &mut out);
            out.len()
        })
        .sum::<usize>()
        * 2
        + 1;
    for _ in 0..max_rounds {
        let figment = layers
            .iter()
            .fold(Figment::new(), |f, l| f.merge(l.provider()));
        let error = match figment.extract::<AppConfig>() {
            Ok(config) => return config,
            Err(e) => e,
        };
        let mut progressed = false;
        for e in error {
            let path = e.path.clone();
            // The layer that wins for this key is the one whose value failed.
            let winner = layers
                .iter()
                .rposition(|l| get_path(&l.dict, &path).is_some());
            if let Some(w) = winner
                && matches!(e.kind, Kind::InvalidType(..))
                && layers[w].retry_as_string(&path)
            {
                progressed = true;
                continue;
            }
            let (message, kind) = describe(&e.kind);
            problems.push(match winner {
                Some(w) => layers[w].problem(&path, message, kind),
                None => ConfigProblem {
                    layer: e
                        .metadata
                        .as_ref()
                        .map_or_else(|| BUILT_IN.to_string(), |m| m.name.to_string()),
                    location: None,
                    path: format_path(&path),
                    message,
                    kind,
                },
            });
            for l in layers.iter_mut().skip(1) {
                progressed |= remove_path(&mut l.dict, &path);
            }
        }
        if !progressed {
            break;
        }
    }
    AppConfig::default()
}

/// [`AppConfig::load`].
pub(crate) fn load(options: &LoadOptions) -> Result<Loaded, ConfigError> {
    let mut problems = Vec::new();
    let mut defaults = Layer::new(LayerKind::BuiltIn, BUILT_IN.into(), None);
    defaults.dict = Value::serialize(AppConfig::default())
        .ok()
        .and_then(Value::into_dict)
        .expect("the defaults serialise to a table");
    defaults.info.present = true;
    let mut layers = vec![defaults];
    layers.extend(file_layer(
        LayerKind::Platform,
        &options.platform_file,
        &mut problems,
    ));
    layers.extend(file_layer(
        LayerKind::User,
        &options.user_file,
        &mut problems,
    ));
    layers.extend(env_layer(&options.env, &mut problems));
    layers.push(cli_layer(&options.cli, &mut problems));

    let mut config = extract(&mut layers, &mut problems);

    let mut origins = BTreeMap::new();
    for layer in &layers {
        let mut paths = Vec::new();
        leaves(&layer.dict, &mut Vec::new(), &mut paths);
        for p in paths {
            origins.insert(format_path(&p), layer.label(&p));
        }
    }
    let origin_of = |path: &str| -> Origin {
        let segs = split_path(path);
        layers
            .iter()
            .rev()
            .find(|l| get_path(&l.dict, &segs).is_some())
            .map_or_else(
                || Origin {
                    layer: BUILT_IN.into(),
                    location: None,
                    base_dir: None,
                },
                |l| l.origin(&segs),
            )
    };
    let (warnings, invalid) = validate::validate(&mut config, &origin_of);
    problems.extend(invalid);

    if problems.is_empty() {
        Ok(Loaded {
            config,
            warnings,
            layers: layers.into_iter().map(|l| l.info).collect(),
            origins,
        })
    } else {
        Err(ConfigError { problems, warnings })
    }
}
