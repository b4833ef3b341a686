//! Vortex engine: everything between files and the signal-processing core.
//!
//! - [`analyze`] runs the analyzers (levels, loudness, pitch, spectrum) over a file.
//! - [`decode`] reads audio files (format found from content) into planar f32.
//! - [`engine`] plays a source through a pipeline into a sink, in real time, with
//!   transport, playlist and live changes; [`realtime`] is its audio path, [`sink`] and
//!   [`source`] its outputs and inputs, [`playlist`] its list of files.
//! - [`monitor`] measures the output live (levels, loudness, spectrum, pitch) off the
//!   audio thread, for the server's clients.
//! - [`output`] parses `--output` targets and opens them (devices by driver priority).
//! - [`encode`] writes WAV and FLAC safely (temporary name, then rename).
//! - [`ir_file`] loads impulse responses from audio or raw files.
//! - [`import`] turns EqualizerAPO/AutoEQ and REW filter files into pipeline filters.
//! - [`config`] is the pipeline description (TOML) and its validation.
//! - [`app_config`] is the application configuration: layers, validation, JSON Schema.
//! - [`validate`] checks a description against a sample rate and designs it.
//! - [`pipeline`] instantiates a design into runnable processors.
//! - [`pipeline_file`] loads a pipeline from TOML or an EQ file.
//! - [`process`] runs a pipeline over files, offline.
//! - [`reference_load`] is the FIR-plus-biquads workload the load test and benchmarks run.
//! - [`read_limit`] opens input files with a size limit.
//! - [`driver`] chooses the output driver (JACK, PipeWire, ALSA, default, null) by priority.
//! - [`devices`] lists the audio devices and the formats they support.
//! - [`resample`] converts sample rates, streaming, for the playback feeder.

#![warn(missing_docs)]

pub mod analyze;
pub mod app_config;
pub mod config;
pub mod decode;
pub mod devices;
pub mod driver;
pub mod encode;
pub mod engine;
pub mod import;
pub mod ir_file;
pub mod monitor;
pub mod output;
pub mod pipeline;
pub mod pipeline_file;
pub mod playlist;
pub mod process;
pub mod read_limit;
pub mod realtime;
pub mod reference_load;
pub mod resample;
pub mod rt_thread;
pub mod sink;
pub mod source;
pub mod validate;

/// Tests run with an allocator that fails inside `assert_no_alloc` blocks.
#[cfg(test)]
#[global_allocator]
static ALLOC: assert_no_alloc::AllocDisabler = assert_no_alloc::AllocDisabler;
