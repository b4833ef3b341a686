//! The engine state the server reports.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::RepeatMode;
use crate::limits::{ITEM_ID, VOLUME_DB};

/// Everything a client shows about the engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EngineState {
    /// Playing, paused or stopped.
    pub transport: TransportState,
    /// Position in the current item, seconds from its start, finite, >= 0.
    #[schemars(range(min = 0.0))]
    pub position_s: f64,
    /// Id of the playlist item playing or paused; null when none.
    #[schemars(range(min = *ITEM_ID.start(), max = *ITEM_ID.end()))]
    pub current_item: Option<u64>,
    /// The playlist, in playing order.
    pub playlist: Vec<PlaylistEntry>,
    /// What happens at the end of an item.
    pub repeat: RepeatMode,
    /// Master volume, dB, -150 to 0.
    #[schemars(range(min = *VOLUME_DB.start(), max = *VOLUME_DB.end()))]
    pub volume_db: f64,
    /// Whether the output is muted.
    pub muted: bool,
    /// The pipeline now running, a JSON object shaped like `set_pipeline.pipeline`.
    #[schemars(with = "serde_json::Map<String, Value>")]
    pub pipeline: Value,
    /// The audio output.
    pub output: OutputInfo,
    /// The format of the playlist item playing or paused; null when none (or for a
    /// generator, demo or capture source).
    #[serde(default)]
    pub track: Option<TrackInfo>,
    /// What is playing from: a file path, a device name or a generator, for people.
    pub source: String,
    /// Counts up by one on every change of this state; a client can drop older states.
    pub version: u64,
}

/// The transport state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransportState {
    /// Audio is playing.
    Playing,
    /// Paused; the position is kept.
    Paused,
    /// Stopped; nothing plays.
    Stopped,
}

/// One playlist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaylistEntry {
    /// Stable id of the item, 1 ..= 2^53 - 1; stays the same when items move.
    #[schemars(range(min = *ITEM_ID.start(), max = *ITEM_ID.end()))]
    pub item: u64,
    /// The file path as added.
    pub path: String,
    /// Title for display (from tags, else the file name).
    pub title: String,
}

/// The format of a file being played.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackInfo {
    /// The file path as added to the playlist.
    pub path: String,
    /// Codec, as the decoder names it (`flac`, `mp3`, `aac`, `pcm_s24le`, ...).
    pub codec: String,
    /// Container (`flac`, `wave`, `ogg`, `isomp4`, ...).
    pub container: String,
    /// The file's sample rate, Hz (the output may resample).
    pub sample_rate: u32,
    /// The file's channels.
    pub channels: u32,
    /// Bits per sample for PCM-like codecs (FLAC, WAV, ALAC); null for lossy ones.
    pub bits_per_sample: Option<u32>,
    /// Length, seconds, finite, >= 0; null when the file does not say.
    #[schemars(range(min = 0.0))]
    pub duration_s: Option<f64>,
}

/// The audio output the engine plays to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputInfo {
    /// The sink, e.g. `"device"`, `"file"`, `"null"`.
    pub sink: String,
    /// The audio driver, e.g. `"alsa"`, `"jack"`, `"pipewire"`; empty when none.
    pub driver: String,
    /// Output sample rate, Hz.
    pub sample_rate: u32,
    /// Output channels.
    pub channels: u32,
    /// Frames per processing block.
    pub block_frames: u32,
    /// Output latency, milliseconds, finite, >= 0.
    #[schemars(range(min = 0.0))]
    pub latency_ms: f64,
}
