//! Monitoring data: JSON frames ([`MonitorFrame`]) and binary spectrum frames ([`spectrum`]).
//!
//! Levels are in dBFS and loudness in LUFS / LU. JSON has no infinities, so silence (and
//! any undefined level or loudness) is sent as -200.0 rather than -inf.

pub mod spectrum;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use spectrum::{
    SPECTRUM_HEADER_BYTES, SPECTRUM_KIND_LINEAR, SPECTRUM_MAGIC, SPECTRUM_VERSION, SpectrumHeader,
    decode_spectrum, encode_spectrum,
};

use crate::limits::{BUFFER_FILL, PITCH_CONFIDENCE};

/// The value sent for silence or an undefined level, dBFS / LUFS.
pub const SILENCE_DB: f64 = -200.0;

/// One monitoring tick. Only the streams the client asked for are present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitorFrame {
    /// Counts ticks for this client; a binary spectrum frame of the same tick has the same
    /// sequence.
    pub sequence: u64,
    /// Engine time of the tick: seconds of audio played since the engine started.
    #[schemars(range(min = 0.0))]
    pub time_s: f64,
    /// Sample rate of the analysed audio, Hz.
    pub sample_rate: u32,
    /// Levels, one entry per channel in channel order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<ChannelLevel>>,
    /// Loudness of all channels together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loudness: Option<Loudness>,
    /// Pitch of the mix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pitch: Option<Pitch>,
    /// Engine metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<EngineMetrics>,
}

/// Levels of one channel over the last monitoring interval. Levels are dBFS, finite,
/// -200.0 for silence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelLevel {
    /// RMS level, dBFS.
    pub rms_db: f32,
    /// Sample peak, dBFS.
    pub peak_db: f32,
    /// True (inter-sample) peak, dBFS.
    pub true_peak_db: f32,
    /// Highest peak held over the last seconds, dBFS.
    pub peak_hold_db: f32,
    /// Clipped samples counted since the analyzer was reset.
    pub clips: u64,
    /// Level class: `"silent"`, `"quiet"`, `"normal"`, `"loud"` or `"clipping"`.
    pub class: String,
}

/// Loudness per EBU R128. Values are finite, -200.0 while undefined (too little audio).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Loudness {
    /// Momentary loudness (400 ms window), LUFS.
    pub momentary_lufs: f64,
    /// Short-term loudness (3 s window), LUFS.
    pub short_term_lufs: f64,
    /// Integrated loudness since reset, LUFS.
    pub integrated_lufs: f64,
    /// Loudness range, LU (>= 0; -200.0 while undefined).
    pub range_lu: f64,
}

/// Fundamental frequency of the mix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pitch {
    /// Fundamental frequency, Hz, >= 0; 0 when unvoiced.
    #[schemars(range(min = 0.0))]
    pub f0_hz: f64,
    /// Periodicity, 0 (noise) to 1 (perfectly periodic).
    #[schemars(range(min = *PITCH_CONFIDENCE.start(), max = *PITCH_CONFIDENCE.end()))]
    pub confidence: f64,
    /// Whether a pitch was detected.
    pub voiced: bool,
    /// Nearest note name with octave, e.g. `"A4"`; null when unvoiced.
    pub note: Option<String>,
    /// MIDI note number of `note` (A4 = 69); null when unvoiced.
    pub midi: Option<i32>,
    /// Deviation from `note`, cents, -50 to 50; null when unvoiced.
    pub cents: Option<f64>,
}

/// How the engine keeps up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EngineMetrics {
    /// Processing time / real time over the last interval, fraction (1 = fully loaded).
    #[schemars(range(min = 0.0))]
    pub load: f64,
    /// Highest load of one callback over the last interval, fraction.
    #[schemars(range(min = 0.0))]
    pub load_max: f64,
    /// Underruns since the engine started (the output had no audio in time).
    pub underruns: u64,
    /// Driver-reported over- and underruns since the engine started.
    pub xruns: u64,
    /// Fill of the output buffer, fraction, 0 (empty) to 1 (full).
    #[schemars(range(min = *BUFFER_FILL.start(), max = *BUFFER_FILL.end()))]
    pub buffer_fill: f64,
    /// Output latency, milliseconds, >= 0.
    #[schemars(range(min = 0.0))]
    pub latency_ms: f64,
    /// Output callbacks since the engine started.
    pub callbacks: u64,
    /// Position in the current item, seconds, >= 0.
    #[schemars(range(min = 0.0))]
    pub position_s: f64,
}
