//! The application configuration: one TOML schema for the whole program.
//!
//! ```toml
//! [audio]
//! device = "hw:1"          # omitted: the system default; "null": the paced null sink
//! driver = "alsa"
//! block_size = 256         # frames per period
//!
//! [server]
//! port = 8717
//! ```
//!
//! Layers, in increasing precedence ([`layers`]): built-in defaults ([`AppConfig::default`]),
//! the platform file (`/etc/vortex/config.toml` on Linux), the user file (the platform
//! config directory, or `--config`), `VORTEX_SECTION__KEY` environment variables, and
//! command-line flags ([`CliOverrides`]). Every section rejects unknown fields.
//! After the layers are merged, [`validate`] clamps out-of-range values that are safe to
//! clamp (with a [`ConfigWarning`]) and reports the others as errors. Every problem
//! names the layer that set the value and its path ([`ConfigProblem`]).
//!
//! `docs/configuration.md` describes every key; [`json_schema`] is the JSON Schema,
//! checked in as `docs/config.schema.json`.

pub mod error;
pub mod layers;
pub mod validate;

#[cfg(test)]
mod tests;

pub use error::{ConfigError, ConfigProblem, ConfigWarning, ProblemKind};
pub use layers::{CliOverrides, EnvSource, LayerFile, LayerInfo, LayerKind, LoadOptions, Loaded};
pub use validate::Limit;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use validate::limits;

/// The whole application's configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(title = "Vortex configuration")]
pub struct AppConfig {
    /// Audio device, driver and buffering.
    pub audio: AudioConfig,
    /// The processing pipeline to load at start-up.
    pub pipeline: PipelineRef,
    /// GPU offload of heavy processing.
    pub gpu: GpuConfig,
    /// The HTTP and WebSocket server.
    pub server: ServerConfig,
    /// Web UI defaults.
    pub ui: UiConfig,
    /// Threads and scheduling.
    pub performance: PerformanceConfig,
    /// Logging and metrics.
    pub diagnostics: DiagnosticsConfig,
}

impl AppConfig {
    /// Loads and validates the configuration from the layers `options` names.
    /// See [`layers`] for the precedence and [`validate`] for the checks.
    pub fn load(options: &LoadOptions) -> Result<Loaded, ConfigError> {
        layers::load(options)
    }
}

/// The JSON Schema of [`AppConfig`], pretty-printed, with a trailing newline
/// (`vortex config schema`; checked in as `docs/config.schema.json`).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(AppConfig);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is always valid JSON");
    text.push('\n');
    text
}

/// Which audio API opens the device.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DriverChoice {
    /// The first that works: JACK (if a server runs), PipeWire, ALSA.
    #[default]
    Auto,
    /// The JACK audio server.
    Jack,
    /// PipeWire.
    Pipewire,
    /// ALSA directly.
    Alsa,
    /// The platform's default host API.
    Default,
    /// No device: a silent sink paced at real time.
    Null,
}

impl DriverChoice {
    /// The driver to insist on, or `None` for automatic selection.
    pub fn driver(self) -> Option<crate::driver::Driver> {
        use crate::driver::Driver;
        match self {
            DriverChoice::Auto => None,
            DriverChoice::Jack => Some(Driver::Jack),
            DriverChoice::Pipewire => Some(Driver::PipeWire),
            DriverChoice::Alsa => Some(Driver::Alsa),
            DriverChoice::Default => Some(Driver::Default),
            DriverChoice::Null => Some(Driver::Null),
        }
    }
}

/// Sample-rate converter quality (see [`crate::resample::ResampleQuality`]).
pub use crate::resample::ResampleQuality;

/// Audio device, driver and buffering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AudioConfig {
    /// Output device name as the driver lists it (`vortex devices`). Omitted: the
    /// driver's default device. `"null"`: a silent sink paced at real time.
    pub device: Option<String>,
    /// Audio API: `auto`, `jack`, `pipewire`, `alsa`, `default` or `null`.
    pub driver: DriverChoice,
    /// Device sample rate, Hz, 8000 to 768000. Omitted: the source's rate, or the
    /// device's if it cannot run at that rate. Out of range is an error.
    #[schemars(range(min = limits::SAMPLE_RATE.min, max = limits::SAMPLE_RATE.max))]
    pub sample_rate: Option<u32>,
    /// Frames per device period (and per processing block), 16 to 8192; need not be a
    /// power of two. Out of range is clamped with a warning.
    #[schemars(range(min = limits::BLOCK_SIZE.min, max = limits::BLOCK_SIZE.max))]
    pub block_size: usize,
    /// Periods in the device buffer, 2 to 16. Clamped.
    #[schemars(range(min = limits::PERIODS.min, max = limits::PERIODS.max))]
    pub periods: usize,
    /// Output channels, 1 to 64. Out of range is an error.
    #[schemars(range(min = limits::CHANNELS.min, max = limits::CHANNELS.max))]
    pub channels: usize,
    /// Blocks in the audio buffer pool (allocated at start-up), 4 to 1024. Clamped.
    #[schemars(range(min = limits::BUFFER_BLOCKS.min, max = limits::BUFFER_BLOCKS.max))]
    pub buffer_blocks: usize,
    /// Ramp time of gain, volume and transport changes, ms, 0 to 1000. Clamped.
    #[schemars(range(min = limits::RAMP_MS.min, max = limits::RAMP_MS.max))]
    pub ramp_ms: f64,
    /// Crossfade when the pipeline is swapped, ms, 0 to 2000. Clamped.
    #[schemars(range(min = limits::CROSSFADE_MS.min, max = limits::CROSSFADE_MS.max))]
    pub crossfade_ms: f64,
    /// Initial master volume, dB, -120 to 0. Clamped (never louder than 0 dB).
    #[schemars(range(min = limits::VOLUME_DB.min, max = limits::VOLUME_DB.max))]
    pub volume_db: f64,
    /// Most items a playlist may hold, 1 to 1000000. Clamped.
    #[schemars(range(min = limits::PLAYLIST_ITEMS.min, max = limits::PLAYLIST_ITEMS.max))]
    pub max_playlist_items: usize,
    /// Sample-rate converter quality: `fast`, `balanced` or `best`.
    pub resample_quality: ResampleQuality,
}

impl Default for AudioConfig {
    fn default() -> Self {
        Self {
            device: None,
            driver: DriverChoice::Auto,
            sample_rate: None,
            block_size: 256,
            periods: 2,
            channels: 2,
            buffer_blocks: 32,
            ramp_ms: 20.0,
            crossfade_ms: 50.0,
            volume_db: 0.0,
            max_playlist_items: 10_000,
            resample_quality: ResampleQuality::Balanced,
        }
    }
}

/// The processing pipeline to load at start-up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PipelineRef {
    /// A pipeline TOML file or an EQ file (AutoEQ/EqualizerAPO, REW). A relative path is
    /// taken from the directory of the configuration file that sets it (from the
    /// working directory when set by the environment or the command line); after
    /// loading, this holds the resolved path. Omitted: no processing.
    pub file: Option<PathBuf>,
}

/// Which compute backend runs GPU-eligible work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GpuBackend {
    /// The best available: CUDA, then wgpu, then the CPU.
    #[default]
    Auto,
    /// The CPU reference implementation.
    Cpu,
    /// wgpu (Vulkan, Metal, DX12).
    Wgpu,
    /// CUDA (NVIDIA).
    Cuda,
}

/// GPU offload of heavy processing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct GpuConfig {
    /// Whether work may move to a GPU where it pays off.
    pub enabled: bool,
    /// Compute backend: `auto`, `cpu`, `wgpu` or `cuda`.
    pub backend: GpuBackend,
    /// Index of the GPU among those the backend lists.
    pub device_index: usize,
}

/// The HTTP and WebSocket server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Address to listen on: an IP address or a host name. `0.0.0.0` or `::`
    /// listens on every interface.
    pub bind: String,
    /// TCP port, 0 to 65535; 0 takes any free port.
    pub port: u16,
    /// Most simultaneous WebSocket clients, 1 to 1024; one more is refused with a
    /// `too_many_clients` error. Clamped.
    #[schemars(range(min = limits::MAX_CLIENTS.min, max = limits::MAX_CLIENTS.max))]
    pub max_clients: usize,
    /// Default rate of monitoring frames (levels, spectrum, pitch, metrics) per client,
    /// Hz, 1 to 60; each client may ask for its own. Clamped.
    #[schemars(range(min = limits::MONITOR_RATE_HZ.min, max = limits::MONITOR_RATE_HZ.max))]
    pub monitor_rate_hz: f64,
    /// Largest message a client may send, bytes, 1024 to 16777216. Clamped.
    #[schemars(range(min = limits::MESSAGE_BYTES.min, max = limits::MESSAGE_BYTES.max))]
    pub max_message_bytes: usize,
    /// Commands per second each client may send on average (token bucket refill),
    /// 1 to 10000. Clamped.
    #[schemars(range(min = limits::COMMAND_RATE.min, max = limits::COMMAND_RATE.max))]
    pub command_rate: f64,
    /// Commands a client may send in a burst (token bucket size), 1 to 10000. Clamped.
    #[schemars(range(min = limits::COMMAND_RATE.min, max = limits::COMMAND_RATE.max))]
    pub command_burst: f64,
    /// Monitoring frames queued per client before the oldest is dropped (a slow
    /// client), 1 to 256. Clamped.
    #[schemars(range(min = limits::CLIENT_QUEUE.min, max = limits::CLIENT_QUEUE.max))]
    pub client_queue: usize,
    /// Require the access token even on a loopback address (off loopback it is always
    /// required).
    pub require_token: bool,
    /// Folders the file browser shows and the playlist may add from. Empty: the
    /// platform's music folder (`XDG_MUSIC_DIR` on Linux), if there is one.
    pub music_folders: Vec<PathBuf>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1".into(),
            port: 8717,
            max_clients: 8,
            monitor_rate_hz: 30.0,
            max_message_bytes: 65_536,
            command_rate: 50.0,
            command_burst: 100.0,
            client_queue: 4,
            require_token: false,
            music_folders: Vec::new(),
        }
    }
}

/// The UI colour theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Dark.
    Dark,
    /// Light.
    Light,
    /// Follow the browser's setting.
    #[default]
    System,
}

/// Web UI defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    /// Language tag of the UI text, e.g. `en`, `de` or `pt-BR`.
    pub language: String,
    /// Colour theme: `dark`, `light` or `system`.
    pub theme: Theme,
    /// Bars in the spectrum view, 8 to 512. Clamped.
    #[schemars(range(min = limits::SPECTRUM_BARS.min, max = limits::SPECTRUM_BARS.max))]
    pub spectrum_bars: usize,
    /// Fall rate of the level meters, dB per second, 1 to 200. Clamped.
    #[schemars(range(min = limits::METER_DECAY.min, max = limits::METER_DECAY.max))]
    pub meter_decay_db_per_s: f64,
}

impl Default for UiConfig {
    fn default() -> Self {
        Self {
            language: "en".into(),
            theme: Theme::System,
            spectrum_bars: 64,
            meter_decay_db_per_s: 20.0,
        }
    }
}

/// Threads and scheduling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PerformanceConfig {
    /// Whether the audio thread asks for real-time scheduling (SCHED_FIFO on Linux);
    /// if the system refuses, it runs at normal priority with a warning.
    pub realtime_priority: bool,
    /// Real-time priority of the audio thread, 1 to 99. Clamped.
    #[schemars(range(min = limits::RT_PRIORITY.min, max = limits::RT_PRIORITY.max))]
    pub rt_priority: u8,
    /// CPUs (0-based indices, at most 1023) the audio thread may run on. Omitted: any.
    /// Duplicates are dropped with a warning; an empty list is an error.
    #[schemars(inner(range(max = limits::CPU_INDEX.max)))]
    pub cpu_affinity: Option<Vec<usize>>,
    /// Worker threads for long FIR convolution, 0 to 64; 0 computes every partition
    /// in the audio callback. Clamped.
    #[schemars(range(min = limits::FIR_WORKERS.min, max = limits::FIR_WORKERS.max))]
    pub fir_worker_threads: usize,
}

impl Default for PerformanceConfig {
    fn default() -> Self {
        Self {
            realtime_priority: true,
            rt_priority: 70,
            cpu_affinity: None,
            fir_worker_threads: 1,
        }
    }
}

/// Log verbosity.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// Errors only.
    Error,
    /// Errors and warnings.
    Warn,
    /// Also progress and state changes.
    #[default]
    Info,
    /// Also details useful when debugging.
    Debug,
    /// Everything.
    Trace,
}

/// Logging and metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DiagnosticsConfig {
    /// Log verbosity: `error`, `warn`, `info`, `debug` or `trace`.
    pub log_level: LogLevel,
    /// Whether engine metrics (xruns, load, queue fill) are collected and exported.
    pub metrics: bool,
    /// File the log is appended to, besides stderr. A relative path is taken from the
    /// directory of the configuration file that sets it; its directory must exist.
    /// Omitted: stderr only.
    pub log_file: Option<PathBuf>,
}

impl Default for DiagnosticsConfig {
    fn default() -> Self {
        Self {
            log_level: LogLevel::Info,
            metrics: true,
            log_file: None,
        }
    }
}
