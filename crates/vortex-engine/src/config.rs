//! The pipeline description: named filters and mixers, then the steps that apply them.
//!
//! ```toml
//! [settings]
//! block_size = 1024          # samples per processing block (latency), power of two
//!
//! [filters.bass]
//! type = "peaking"
//! freq = 60.0                # Hz
//! gain = -4.0                # dB
//! q = 2.0
//!
//! [filters.room]
//! type = "conv"
//! file = "room_48k.wav"      # relative to the pipeline file
//!
//! [mixers.mono]
//! channels_in = 2
//! mapping = [ { sources = [ { channel = 0, gain = -6.02 }, { channel = 1, gain = -6.02 } ] } ]
//!
//! [[steps]]
//! type = "filter"
//! channels = [0, 1]          # omitted: every channel
//! names = ["bass", "room"]
//!
//! [[steps]]
//! type = "mixer"
//! name = "mono"
//! ```
//!
//! Parsing ([`PipelineConfig::from_toml`]) rejects unknown fields and reports every
//! error with its path; range checks that need the sample rate happen in
//! [`crate::validate`].

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A problem in a pipeline description, located by its config path
/// (e.g. `filters.room_l.freq`, `steps[2].channels[1]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Dotted path of the offending value.
    pub path: String,
    /// What is wrong, with the value and the limit.
    pub message: String,
}

impl ConfigError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every error found in a pipeline description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// Processing-wide settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Samples per block (the convolution latency), a power of two from 16 to 65536.
    pub block_size: usize,
    /// Most steps a pipeline may have (default 32).
    pub max_steps: usize,
    /// Longest impulse response accepted, samples (default 16 Mi).
    pub max_ir_samples: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            block_size: 1024,
            max_steps: 32,
            max_ir_samples: 16 * 1024 * 1024,
        }
    }
}

/// A filter definition. Frequencies in Hz, gains in dB, times in ms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FilterConfig {
    /// Second-order lowpass.
    Lowpass {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Quality factor, > 0 (up to 100).
        q: f64,
    },
    /// Second-order highpass.
    Highpass {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Quality factor, > 0 (up to 100).
        q: f64,
    },
    /// First-order lowpass.
    LowpassFo {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
    },
    /// First-order highpass.
    HighpassFo {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
    },
    /// Bandpass (0 dB peak); give `q` or `bandwidth` (octaves).
    Bandpass {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Quality factor, > 0 (up to 100).
        q: Option<f64>,
        /// Bandwidth, octaves (> 0).
        bandwidth: Option<f64>,
    },
    /// Notch; give `q` or `bandwidth`.
    Notch {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Quality factor, > 0 (up to 100).
        q: Option<f64>,
        /// Bandwidth, octaves (> 0).
        bandwidth: Option<f64>,
    },
    /// Second-order allpass; give `q` or `bandwidth`.
    Allpass {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Quality factor, > 0 (up to 100).
        q: Option<f64>,
        /// Bandwidth, octaves (> 0).
        bandwidth: Option<f64>,
    },
    /// First-order allpass.
    AllpassFo {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
    },
    /// Peaking (bell); give `q` or `bandwidth`.
    Peaking {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Gain, dB.
        gain: f64,
        /// Quality factor, > 0 (up to 100).
        q: Option<f64>,
        /// Bandwidth, octaves (> 0).
        bandwidth: Option<f64>,
    },
    /// Low shelf; give `q`, `slope` (dB/octave, up to 12) or `bandwidth` (octaves).
    Lowshelf {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Gain, dB.
        gain: f64,
        /// Quality factor, > 0 (up to 100).
        q: Option<f64>,
        /// Shelf slope, dB/octave (0 < slope <= 12).
        slope: Option<f64>,
        /// Bandwidth of the transition, octaves (> 0).
        bandwidth: Option<f64>,
    },
    /// High shelf; give `q`, `slope` or `bandwidth`.
    Highshelf {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Gain, dB.
        gain: f64,
        /// Quality factor, > 0 (up to 100).
        q: Option<f64>,
        /// Shelf slope, dB/octave (0 < slope <= 12).
        slope: Option<f64>,
        /// Bandwidth of the transition, octaves (> 0).
        bandwidth: Option<f64>,
    },
    /// First-order low shelf.
    LowshelfFo {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Gain, dB.
        gain: f64,
    },
    /// First-order high shelf.
    HighshelfFo {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Gain, dB.
        gain: f64,
    },
    /// Linkwitz transform from the actual to the target resonance.
    LinkwitzTransform {
        /// Resonance of the speaker as it is, Hz.
        freq_act: f64,
        /// Q of the speaker as it is.
        q_act: f64,
        /// Resonance wanted, Hz.
        freq_target: f64,
        /// Q wanted.
        q_target: f64,
    },
    /// Free biquad coefficients (`a0` defaults to 1).
    Biquad {
        /// Feed-forward coefficient for x[n].
        b0: f64,
        /// Feed-forward coefficient for x[n-1].
        b1: f64,
        /// Feed-forward coefficient for x[n-2].
        b2: f64,
        /// Normalising coefficient (default 1).
        a0: Option<f64>,
        /// Feedback coefficient for y[n-1].
        a1: f64,
        /// Feedback coefficient for y[n-2].
        a2: f64,
    },
    /// Butterworth lowpass of `order` 1..=24.
    ButterworthLowpass {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Filter order.
        order: usize,
    },
    /// Butterworth highpass of `order` 1..=24.
    ButterworthHighpass {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Filter order.
        order: usize,
    },
    /// Linkwitz-Riley lowpass of even `order` 2..=48.
    LinkwitzRileyLowpass {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Filter order.
        order: usize,
    },
    /// Linkwitz-Riley highpass of even `order` 2..=48.
    LinkwitzRileyHighpass {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Filter order.
        order: usize,
    },
    /// Spectral tilt, `gain` dB from 20 Hz to 20 kHz (-20..20).
    Tilt {
        /// Gain, dB.
        gain: f64,
    },
    /// Graphic equaliser: `gains` (dB, up to 512 bands) spread log-evenly from
    /// `freq_min` to `freq_max` Hz.
    GraphicEq {
        /// Lower edge of the lowest band, Hz (default 20).
        #[serde(default = "default_geq_min")]
        freq_min: f64,
        /// Upper edge of the highest band, Hz (default 20000).
        #[serde(default = "default_geq_max")]
        freq_max: f64,
        /// Band gains, dB, lowest band first (1 to 512 bands).
        gains: Vec<f64>,
    },
    /// Constant gain.
    Gain {
        /// Gain, dB.
        gain: f64,
        /// Whether `gain` is in dB (default) or linear.
        #[serde(default)]
        scale: GainScaleConfig,
        /// Inverts the polarity.
        #[serde(default)]
        inverted: bool,
        /// Silences the channel.
        #[serde(default)]
        mute: bool,
    },
    /// Delay by `delay` in `unit`; `subsample` keeps the fractional part.
    Delay {
        /// Delay amount, in `unit`.
        delay: f64,
        /// Unit of `delay`: ms (default), samples or mm.
        #[serde(default)]
        unit: DelayUnit,
        /// Keep the fractional part of the delay (default: round to whole samples).
        #[serde(default)]
        subsample: bool,
    },
    /// Volume in dB with a ramp of `ramp_time` ms for changes.
    Volume {
        /// Volume, dB (-150..20).
        volume: f64,
        /// Ramp for volume changes, ms (default 200).
        #[serde(default = "default_ramp")]
        ramp_time: f64,
    },
    /// FIR convolution with an impulse response from a file or inline `values`.
    Conv {
        /// Impulse-response file, relative to the pipeline file.
        file: Option<String>,
        /// Impulse response given inline, one value per tap.
        values: Option<Vec<f32>>,
        /// Encoding of `file` (default: an audio file).
        #[serde(default)]
        format: IrFormatConfig,
        /// Channel of the file to use, 0-based.
        #[serde(default)]
        channel: usize,
        /// Interleaved channels in a raw file.
        #[serde(default = "one")]
        raw_channels: usize,
    },
    /// Feed-forward compressor, linked across the step's channels.
    Compressor {
        /// Threshold, dBFS.
        threshold: f64,
        /// Compression ratio (1..100).
        ratio: f64,
        /// Soft-knee width, dB (default 0: hard knee).
        #[serde(default)]
        knee: f64,
        /// Attack time, ms.
        #[serde(default = "default_attack")]
        attack: f64,
        /// Release time, ms.
        #[serde(default = "default_release")]
        release: f64,
        /// Makeup gain, dB.
        #[serde(default)]
        makeup: f64,
    },
    /// Lookahead true-peak limiter, linked across the step's channels.
    Limiter {
        /// Ceiling, dBTP (default -1).
        #[serde(default = "default_ceiling")]
        ceiling: f64,
        /// Lookahead, ms (default 5).
        #[serde(default = "default_lookahead")]
        lookahead: f64,
        /// Release time, ms.
        #[serde(default = "default_release")]
        release: f64,
    },
    /// Noise gate, linked across the step's channels.
    Gate {
        /// Threshold, dBFS.
        threshold: f64,
        /// How far the closed gate attenuates, dB (default 80).
        #[serde(default = "default_attenuation")]
        attenuation: f64,
        /// Attack time, ms.
        #[serde(default = "default_gate_attack")]
        attack: f64,
        /// Hold time after the signal drops, ms.
        #[serde(default)]
        hold: f64,
        /// Release time, ms.
        #[serde(default = "default_release")]
        release: f64,
    },
}

fn default_geq_min() -> f64 {
    20.0
}
fn default_geq_max() -> f64 {
    20000.0
}
fn default_ramp() -> f64 {
    200.0
}
fn one() -> usize {
    1
}
fn default_attack() -> f64 {
    5.0
}
fn default_release() -> f64 {
    100.0
}
fn default_ceiling() -> f64 {
    -1.0
}
fn default_lookahead() -> f64 {
    5.0
}
fn default_attenuation() -> f64 {
    80.0
}
fn default_gate_attack() -> f64 {
    1.0
}

/// How a `gain` value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GainScaleConfig {
    /// Decibels.
    #[default]
    Db,
    /// Linear factor.
    Linear,
}

/// Unit of a `delay` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DelayUnit {
    /// Milliseconds.
    #[default]
    Ms,
    /// Samples.
    Samples,
    /// Millimetres of path length in air.
    Mm,
}

/// Encoding of an impulse-response file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IrFormatConfig {
    /// Any audio file the decoder reads (WAV, FLAC, ...).
    #[default]
    Audio,
    /// Raw little-endian 32-bit float.
    F32,
    /// Raw little-endian 64-bit float.
    F64,
    /// Raw little-endian 16-bit signed integer.
    S16,
    /// Raw little-endian 24-bit signed integer (3 bytes).
    S24,
    /// Raw little-endian 32-bit signed integer.
    S32,
    /// Text, one value per line.
    Text,
}

/// A mixer: `channels_in` inputs, one output per `mapping` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MixerConfig {
    /// Number of input channels (must match the channel count where the mixer is used).
    pub channels_in: usize,
    /// One entry per output channel, in order.
    pub mapping: Vec<MixerOutput>,
}

/// The sources summed into one mixer output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MixerOutput {
    /// Inputs summed into this output.
    #[serde(default)]
    pub sources: Vec<MixerSourceConfig>,
}

/// One source of a mixer output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MixerSourceConfig {
    /// Input channel, 0-based.
    pub channel: usize,
    /// Gain in dB.
    #[serde(default)]
    pub gain: f64,
    /// Inverts the polarity.
    #[serde(default)]
    pub inverted: bool,
    /// Leaves the source out.
    #[serde(default)]
    pub mute: bool,
}

/// One processing step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum StepConfig {
    /// Applies the named filters, in order, to `channels` (all channels if omitted).
    Filter {
        /// Channels the operation applies to, 0-based.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channels: Option<Vec<usize>>,
        /// Filters applied, in order.
        names: Vec<String>,
        /// Kept in the pipeline but not run (still checked).
        #[serde(default, skip_serializing_if = "is_false")]
        bypassed: bool,
    },
    /// Runs the named mixer over all channels.
    Mixer {
        /// Name of the mixer (a key of `mixers`).
        name: String,
        /// Kept in the pipeline but not run (still checked; the channel count is the
        /// mixer's input count after it).
        #[serde(default, skip_serializing_if = "is_false")]
        bypassed: bool,
    },
}

// serde's skip_serializing_if takes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(b: &bool) -> bool {
    !*b
}

/// A whole pipeline description.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineConfig {
    /// Processing settings.
    #[serde(default)]
    pub settings: Settings,
    /// Named filters.
    #[serde(default)]
    pub filters: BTreeMap<String, FilterConfig>,
    /// Named mixers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mixers: BTreeMap<String, MixerConfig>,
    /// Steps, applied in order.
    #[serde(default)]
    pub steps: Vec<StepConfig>,
}

/// Removes `null` members of JSON objects, recursively: an unset optional field (TOML,
/// which configuration files are, has no null).
pub fn drop_nulls(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// Deserialises one part of the document, turning serde's message into a located error.
fn part<T: for<'de> Deserialize<'de>>(
    value: toml::Value,
    path: &str,
    errors: &mut Vec<ConfigError>,
) -> Option<T> {
    T::deserialize(value)
        .map_err(|e| errors.push(ConfigError::new(path, e.message().trim().to_string())))
        .ok()
}

impl PipelineConfig {
    /// Parses TOML text. Every syntax error, unknown field, missing field and wrongly
    /// typed value is reported with its path; nothing is validated against a sample rate.
    pub fn from_toml(text: &str) -> Result<Self, ConfigErrors> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!("line {line}")
                })
                .unwrap_or_default();
            ConfigErrors(vec![ConfigError::new(at, e.message().trim().to_string())])
        })?;
        Self::from_table(table)
    }

    /// Reads a description given as JSON, in the same shape as the TOML file (the
    /// wire protocol's form). Errors carry the same paths as [`Self::from_toml`]'s.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, ConfigErrors> {
        if !value.is_object() {
            return Err(ConfigErrors(vec![ConfigError::new(
                "",
                "a pipeline must be an object with `settings`, `filters`, `mixers` and `steps`",
            )]));
        }
        let mut value = value.clone();
        drop_nulls(&mut value);
        let table = toml::Table::try_from(&value).map_err(|e| {
            ConfigErrors(vec![ConfigError::new(
                "",
                format!("not representable: {e}"),
            )])
        })?;
        Self::from_table(table)
    }

    /// The description as JSON (the wire protocol's form); unset optional fields are
    /// left out.
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).expect("pipeline config is always serialisable");
        drop_nulls(&mut v);
        v
    }

    fn from_table(table: toml::Table) -> Result<Self, ConfigErrors> {
        let mut errors = Vec::new();
        let mut cfg = PipelineConfig::default();
        for (key, value) in table {
            match key.as_str() {
                "settings" => {
                    if let Some(s) = part(value, "settings", &mut errors) {
                        cfg.settings = s;
                    }
                }
                "filters" | "mixers" => {
                    let toml::Value::Table(entries) = value else {
                        errors.push(ConfigError::new(&key, "must be a table of named entries"));
                        continue;
                    };
                    for (name, v) in entries {
                        let path = format!("{key}.{name}");
                        if key == "filters" {
                            if let Some(f) = part(v, &path, &mut errors) {
                                cfg.filters.insert(name, f);
                            }
                        } else if let Some(m) = part(v, &path, &mut errors) {
                            cfg.mixers.insert(name, m);
                        }
                    }
                }
                "steps" => {
                    let toml::Value::Array(steps) = value else {
                        errors.push(ConfigError::new(
                            "steps",
                            "must be an array of tables ([[steps]])",
                        ));
                        continue;
                    };
                    for (i, v) in steps.into_iter().enumerate() {
                        if let Some(s) = part(v, &format!("steps[{i}]"), &mut errors) {
                            cfg.steps.push(s);
                        }
                    }
                }
                other => errors.push(ConfigError::new(
                    other,
                    "unknown section; expected `settings`, `filters`, `mixers` or `steps`",
                )),
            }
        }
        if errors.is_empty() {
            Ok(cfg)
        } else {
            Err(ConfigErrors(errors))
        }
    }

    /// The description as TOML text.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("pipeline config is always serialisable")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_reads_like_toml_with_the_same_paths_and_round_trips() {
        let json = serde_json::json!({
            "filters": {"bass": {"type": "peaking", "freq": 60.0, "gain": -4.0, "q": 2.0}},
            "steps": [{"type": "filter", "names": ["bass"]}]
        });
        let cfg = PipelineConfig::from_json(&json).unwrap();
        assert_eq!(PipelineConfig::from_json(&cfg.to_json()).unwrap(), cfg);
        let bad = serde_json::json!({"filters": {"bass": {"type": "peaking", "frq": 1}}});
        let e = PipelineConfig::from_json(&bad).unwrap_err();
        assert!(e.0[0].path == "filters.bass", "{e}");
        assert!(e.to_string().contains("frq"), "{e}");
        assert!(PipelineConfig::from_json(&serde_json::json!([1])).is_err());
        assert!(
            !cfg.to_json().to_string().contains("null"),
            "{}",
            cfg.to_json()
        );
        let with_null = serde_json::json!({"filters": {"b": {"type": "peaking", "freq": 60.0, "gain": 1.0, "q": 1.0, "bandwidth": null}}});
        assert!(PipelineConfig::from_json(&with_null).is_ok());
        assert!(
            PipelineConfig::from_json(&serde_json::json!({"steps": [[1, [true]], "x"]})).is_err()
        );
    }

    #[test]
    fn parses_a_full_example() {
        let text = r#"
[settings]
block_size = 512

[filters.bass]
type = "peaking"
freq = 60.0
gain = -4.0
q = 2.0

[filters.xo]
type = "linkwitz_riley_lowpass"
freq = 2000
order = 4

[mixers.mono]
channels_in = 2
mapping = [ { sources = [ { channel = 0, gain = -6.02 }, { channel = 1, gain = -6.02, inverted = true } ] } ]

[[steps]]
type = "filter"
channels = [0, 1]
names = ["bass", "xo"]

[[steps]]
type = "mixer"
name = "mono"
"#;
        let cfg = PipelineConfig::from_toml(text).unwrap();
        assert_eq!(cfg.settings.block_size, 512);
        assert_eq!(cfg.settings.max_steps, 32);
        assert_eq!(
            cfg.filters["bass"],
            FilterConfig::Peaking {
                freq: 60.0,
                gain: -4.0,
                q: Some(2.0),
                bandwidth: None
            }
        );
        assert_eq!(
            cfg.filters["xo"],
            FilterConfig::LinkwitzRileyLowpass {
                freq: 2000.0,
                order: 4
            }
        );
        assert!(cfg.mixers["mono"].mapping[0].sources[1].inverted);
        assert_eq!(cfg.steps.len(), 2);
        // Round trip through TOML.
        assert_eq!(PipelineConfig::from_toml(&cfg.to_toml()).unwrap(), cfg);
    }

    #[test]
    fn reports_every_parse_error_with_its_path() {
        let text = r#"
[settings]
blocksize = 512

[filters.a]
type = "peaking"
freq = 100
gain = 1
frq = 3

[filters.b]
type = "peakin"

[filters.c]
type = "gain"
gain = "loud"

[[steps]]
type = "filter"
nams = ["a"]

[extra]
x = 1
"#;
        let errs = PipelineConfig::from_toml(text).unwrap_err().0;
        let paths: Vec<&str> = errs.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "extra",
                "filters.a",
                "filters.b",
                "filters.c",
                "settings",
                "steps[0]"
            ]
        );
        let msg = |p: &str| errs.iter().find(|e| e.path == p).unwrap().message.clone();
        assert!(
            msg("filters.a").contains("unknown field `frq`"),
            "{}",
            msg("filters.a")
        );
        assert!(msg("filters.b").contains("unknown variant `peakin`"));
        assert!(msg("filters.c").contains("invalid type"));
        assert!(msg("settings").contains("unknown field `blocksize`"));
        assert!(msg("steps[0]").contains("unknown field `nams`"));
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let e =
            PipelineConfig::from_toml("[filters.a]\ntype = \"gain\"\ngain = = 3\n").unwrap_err();
        assert_eq!(e.0[0].path, "line 3", "{e}");
    }
}
