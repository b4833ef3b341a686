//! Range and format checks after the layers are merged.
//!
//! A value out of range that is safe to adjust (a block size, a ramp time, a client
//! limit) is clamped into its range with a [`ConfigWarning`]; one that is not (a sample
//! rate, a channel count, an address, a missing file) is a [`ConfigProblem`]. Every
//! value is checked, so every problem is reported. Relative file paths are resolved
//! against the directory of the file that set them.

use super::AppConfig;
use super::error::{ConfigError, ConfigProblem, ConfigWarning, ProblemKind};
use std::fmt::Display;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// An inclusive range of allowed values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit<T> {
    /// Smallest allowed value.
    pub min: T,
    /// Largest allowed value.
    pub max: T,
}

/// The ranges of the numeric keys (also written into the JSON Schema).
pub mod limits {
    use super::Limit;

    /// `audio.sample_rate`, Hz (error outside).
    pub const SAMPLE_RATE: Limit<u32> = Limit {
        min: 8_000,
        max: 768_000,
    };
    /// `audio.block_size`, frames (clamped).
    pub const BLOCK_SIZE: Limit<usize> = Limit { min: 16, max: 8192 };
    /// `audio.periods` (clamped).
    pub const PERIODS: Limit<usize> = Limit { min: 2, max: 16 };
    /// `audio.channels` (error outside).
    pub const CHANNELS: Limit<usize> = Limit { min: 1, max: 64 };
    /// `audio.buffer_blocks` (clamped).
    pub const BUFFER_BLOCKS: Limit<usize> = Limit { min: 4, max: 1024 };
    /// `audio.ramp_ms`, ms (clamped).
    pub const RAMP_MS: Limit<f64> = Limit {
        min: 0.0,
        max: 1000.0,
    };
    /// `audio.crossfade_ms`, ms (clamped).
    pub const CROSSFADE_MS: Limit<f64> = Limit {
        min: 0.0,
        max: 2000.0,
    };
    /// `audio.volume_db`, dB (clamped).
    pub const VOLUME_DB: Limit<f64> = Limit {
        min: -120.0,
        max: 0.0,
    };
    /// `audio.max_playlist_items` (clamped).
    pub const PLAYLIST_ITEMS: Limit<usize> = Limit {
        min: 1,
        max: 1_000_000,
    };
    /// `server.max_clients` (clamped).
    pub const MAX_CLIENTS: Limit<usize> = Limit { min: 1, max: 1024 };
    /// `server.monitor_rate_hz`, Hz (clamped).
    pub const MONITOR_RATE_HZ: Limit<f64> = Limit {
        min: 1.0,
        max: 60.0,
    };
    /// `server.max_message_bytes`, bytes (clamped).
    pub const MESSAGE_BYTES: Limit<usize> = Limit {
        min: 1024,
        max: 16 << 20,
    };
    /// `server.command_rate` (per s) and `server.command_burst` (clamped).
    pub const COMMAND_RATE: Limit<f64> = Limit {
        min: 1.0,
        max: 10_000.0,
    };
    /// `server.client_queue`, frames (clamped).
    pub const CLIENT_QUEUE: Limit<usize> = Limit { min: 1, max: 256 };
    /// `ui.spectrum_bars` (clamped).
    pub const SPECTRUM_BARS: Limit<usize> = Limit { min: 8, max: 512 };
    /// `ui.meter_decay_db_per_s`, dB/s (clamped).
    pub const METER_DECAY: Limit<f64> = Limit {
        min: 1.0,
        max: 200.0,
    };
    /// `performance.rt_priority` (clamped).
    pub const RT_PRIORITY: Limit<u8> = Limit { min: 1, max: 99 };
    /// `performance.cpu_affinity[i]` (error above; a Linux CPU set holds 1024 CPUs).
    pub const CPU_INDEX: Limit<usize> = Limit { min: 0, max: 1023 };
    /// `performance.fir_worker_threads` (clamped).
    pub const FIR_WORKERS: Limit<usize> = Limit { min: 0, max: 64 };
}

/// Where a value came from, for messages and relative paths.
pub(crate) struct Origin {
    /// The layer's name for the value.
    pub layer: String,
    /// Line and column in the layer's file.
    pub location: Option<(usize, usize)>,
    /// The directory relative paths are taken from (file layers only).
    pub base_dir: Option<PathBuf>,
}

struct Checker<'a> {
    origin: &'a dyn Fn(&str) -> Origin,
    warnings: Vec<ConfigWarning>,
    problems: Vec<ConfigProblem>,
}

/// ` ms` for a unit, nothing for a count.
fn with_unit(v: impl Display, unit: &str) -> String {
    if unit.is_empty() {
        v.to_string()
    } else {
        format!("{v} {unit}")
    }
}

impl Checker<'_> {
    fn warn(&mut self, path: &str, message: String) {
        let o = (self.origin)(path);
        self.warnings.push(ConfigWarning {
            layer: o.layer,
            location: o.location,
            path: path.to_string(),
            message,
        });
    }

    fn error(&mut self, path: &str, message: String) {
        let o = (self.origin)(path);
        self.problems.push(ConfigProblem {
            layer: o.layer,
            location: o.location,
            path: path.to_string(),
            message,
            kind: ProblemKind::Invalid,
        });
    }

    /// Clamps `v` into `lim` with a warning.
    fn clamp<T: PartialOrd + Copy + Display>(
        &mut self,
        path: &str,
        v: &mut T,
        lim: Limit<T>,
        unit: &str,
    ) {
        let (bound, word) = if *v < lim.min {
            (lim.min, "below")
        } else if *v > lim.max {
            (lim.max, "above")
        } else {
            return;
        };
        self.warn(
            path,
            format!(
                "{} is {word} {}; using {}",
                with_unit(*v, unit),
                with_unit(bound, unit),
                with_unit(bound, unit)
            ),
        );
        *v = bound;
    }

    /// As [`clamp`](Self::clamp); NaN is an error.
    fn clamp_f64(&mut self, path: &str, v: &mut f64, lim: Limit<f64>, unit: &str) {
        if v.is_nan() {
            self.error(
                path,
                format!(
                    "not a number; expected {} to {}",
                    with_unit(lim.min, unit),
                    with_unit(lim.max, unit)
                ),
            );
            *v = lim.min;
        } else {
            self.clamp(path, v, lim, unit);
        }
    }

    /// An error if `v` is outside `lim`.
    fn require<T: PartialOrd + Copy + Display>(
        &mut self,
        path: &str,
        v: T,
        lim: Limit<T>,
        unit: &str,
    ) {
        if v < lim.min {
            self.error(
                path,
                format!(
                    "{} is below {}",
                    with_unit(v, unit),
                    with_unit(lim.min, unit)
                ),
            );
        } else if v > lim.max {
            self.error(
                path,
                format!(
                    "{} is above {}",
                    with_unit(v, unit),
                    with_unit(lim.max, unit)
                ),
            );
        }
    }

    /// Joins a relative `file` to the directory of the file layer that set it.
    fn resolve(&mut self, path: &str, file: &mut Option<PathBuf>) {
        if let Some(f) = file
            && f.is_relative()
            && let Some(base) = (self.origin)(path).base_dir
        {
            *f = base.join(&*f);
        }
    }
}

/// Whether `s` is a host name (RFC 1123 labels: letters, digits, inner hyphens).
fn is_host_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// Whether `s` looks like a language tag: `en`, `de-CH`, `zh-Hant-TW`.
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn check_audio(c: &mut Checker<'_>, a: &mut super::AudioConfig) {
    use limits::*;
    if let Some(d) = &a.device
        && d.trim().is_empty()
    {
        c.error(
            "audio.device",
            "empty device name; leave the key out for the default device".into(),
        );
    }
    if let Some(rate) = a.sample_rate {
        c.require("audio.sample_rate", rate, SAMPLE_RATE, "Hz");
    }
    c.clamp("audio.block_size", &mut a.block_size, BLOCK_SIZE, "");
    c.clamp("audio.periods", &mut a.periods, PERIODS, "");
    c.require("audio.channels", a.channels, CHANNELS, "");
    c.clamp(
        "audio.buffer_blocks",
        &mut a.buffer_blocks,
        BUFFER_BLOCKS,
        "",
    );
    c.clamp_f64("audio.ramp_ms", &mut a.ramp_ms, RAMP_MS, "ms");
    c.clamp_f64(
        "audio.crossfade_ms",
        &mut a.crossfade_ms,
        CROSSFADE_MS,
        "ms",
    );
    c.clamp_f64("audio.volume_db", &mut a.volume_db, VOLUME_DB, "dB");
    c.clamp(
        "audio.max_playlist_items",
        &mut a.max_playlist_items,
        PLAYLIST_ITEMS,
        "",
    );
}

fn check_file_exists(c: &mut Checker<'_>, path: &str, file: &Path) {
    match std::fs::metadata(file) {
        Ok(m) if m.is_file() => {}
        Ok(_) => c.error(path, format!("{} is not a file", file.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            c.error(path, format!("{} does not exist", file.display()))
        }
        Err(e) => c.error(path, format!("{}: {e}", file.display())),
    }
}

fn check_server(c: &mut Checker<'_>, s: &mut super::ServerConfig) {
    use limits::*;
    if s.bind.parse::<IpAddr>().is_err() && !is_host_name(&s.bind) {
        let hint = if s.bind.starts_with('[') {
            " (write IPv6 addresses without brackets)"
        } else {
            ""
        };
        c.error(
            "server.bind",
            format!("\"{}\" is not an IP address or host name{hint}", s.bind),
        );
    }
    c.clamp("server.max_clients", &mut s.max_clients, MAX_CLIENTS, "");
    c.clamp_f64(
        "server.monitor_rate_hz",
        &mut s.monitor_rate_hz,
        MONITOR_RATE_HZ,
        "Hz",
    );
    c.clamp(
        "server.max_message_bytes",
        &mut s.max_message_bytes,
        MESSAGE_BYTES,
        " bytes",
    );
    c.clamp_f64(
        "server.command_rate",
        &mut s.command_rate,
        COMMAND_RATE,
        "/s",
    );
    c.clamp_f64(
        "server.command_burst",
        &mut s.command_burst,
        COMMAND_RATE,
        "",
    );
    c.clamp("server.client_queue", &mut s.client_queue, CLIENT_QUEUE, "");
    for (i, f) in s.music_folders.iter().enumerate() {
        if !f.is_absolute() {
            c.error(
                &format!("server.music_folders[{i}]"),
                format!("{} must be an absolute path", f.display()),
            );
        }
    }
}

fn check_ui(c: &mut Checker<'_>, u: &mut super::UiConfig) {
    use limits::*;
    if !is_language_tag(&u.language) {
        c.error(
            "ui.language",
            format!(
                "\"{}\" is not a language tag such as `en` or `pt-BR`",
                u.language
            ),
        );
    }
    c.clamp("ui.spectrum_bars", &mut u.spectrum_bars, SPECTRUM_BARS, "");
    c.clamp_f64(
        "ui.meter_decay_db_per_s",
        &mut u.meter_decay_db_per_s,
        METER_DECAY,
        "dB/s",
    );
}

fn check_performance(c: &mut Checker<'_>, p: &mut super::PerformanceConfig) {
    use limits::*;
    c.clamp(
        "performance.rt_priority",
        &mut p.rt_priority,
        RT_PRIORITY,
        "",
    );
    if let Some(cpus) = &mut p.cpu_affinity {
        if cpus.is_empty() {
            c.error(
                "performance.cpu_affinity",
                "empty list; leave the key out to run on any CPU".into(),
            );
        }
        for (i, &cpu) in cpus.iter().enumerate() {
            if cpu > CPU_INDEX.max {
                c.error(
                    &format!("performance.cpu_affinity[{i}]"),
                    format!("CPU {cpu} is above {}", CPU_INDEX.max),
                );
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        let before = cpus.len();
        cpus.retain(|cpu| seen.insert(*cpu));
        if cpus.len() < before {
            c.warn(
                "performance.cpu_affinity",
                format!("{} duplicate CPU indices dropped", before - cpus.len()),
            );
        }
    }
    c.clamp(
        "performance.fir_worker_threads",
        &mut p.fir_worker_threads,
        FIR_WORKERS,
        "",
    );
}

fn check_log_file(c: &mut Checker<'_>, file: &Path) {
    const PATH: &str = "diagnostics.log_file";
    if file.is_dir() {
        c.error(PATH, format!("{} is a directory", file.display()));
        return;
    }
    if let Some(dir) = file.parent()
        && !dir.as_os_str().is_empty()
        && !dir.is_dir()
    {
        c.error(PATH, format!("directory {} does not exist", dir.display()));
    }
}

/// Checks and adjusts `config`; returns the warnings and the problems found.
pub(crate) fn validate(
    config: &mut AppConfig,
    origin: &dyn Fn(&str) -> Origin,
) -> (Vec<ConfigWarning>, Vec<ConfigProblem>) {
    let mut c = Checker {
        origin,
        warnings: Vec::new(),
        problems: Vec::new(),
    };
    check_audio(&mut c, &mut config.audio);
    c.resolve("pipeline.file", &mut config.pipeline.file);
    if let Some(f) = &config.pipeline.file {
        check_file_exists(&mut c, "pipeline.file", f);
    }
    check_server(&mut c, &mut config.server);
    check_ui(&mut c, &mut config.ui);
    check_performance(&mut c, &mut config.performance);
    c.resolve("diagnostics.log_file", &mut config.diagnostics.log_file);
    if let Some(f) = &config.diagnostics.log_file {
        check_log_file(&mut c, f);
    }
    (c.warnings, c.problems)
}

/// Name of the layer in messages from [`AppConfig::validate`].
pub const IN_MEMORY: &str = "configuration";

impl AppConfig {
    /// Checks a configuration built in code (e.g. received from a client) the way
    /// [`AppConfig::load`] checks a loaded one: clamps what is safe to clamp and
    /// returns the warnings, or every problem. Messages name the layer
    /// [`IN_MEMORY`]; relative paths stay relative to the working directory.
    pub fn validate(&mut self) -> Result<Vec<ConfigWarning>, ConfigError> {
        let origin = |_: &str| Origin {
            layer: IN_MEMORY.into(),
            location: None,
            base_dir: None,
        };
        let (warnings, problems) = validate(self, &origin);
        if problems.is_empty() {
            Ok(warnings)
        } else {
            Err(ConfigError { problems, warnings })
        }
    }
}
