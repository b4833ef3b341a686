//! The reference real-time workload that the engine's load test and `vortex bench`
//! use: per channel, a long FIR (decaying noise, like a room-correction filter) and 16
//! peaking biquads spread over the audio band; and [`run_reference_load`], which plays
//! it in real time into the paced null sink and reports what happened.

use crate::config::PipelineConfig;
use crate::encode::write_float_wav;
use crate::engine::{Engine, EngineConfig};
use crate::process::PipelineSource;
use crate::realtime::metrics::MetricsSnapshot;
use crate::rt_thread::StallDetector;
use crate::sink::StreamSpec;
use crate::sink::null::NullSink;
use crate::source::generator::GeneratorSource;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use vortex_dsp::generator::{GeneratorParams, Waveform};
use vortex_dsp::noise::WhiteNoise;

/// Taps of the reference FIR.
pub const REFERENCE_TAPS: usize = 65_536;

/// 16 peaking filters: (freq Hz, gain dB, Q), 25 Hz to about 17 kHz.
pub fn peq_bank() -> Vec<(f64, f64, f64)> {
    (0..16)
        .map(|i| {
            let f = 25.0 * 1.55f64.powi(i);
            let g = if i % 2 == 0 { 3.0 } else { -4.5 };
            (f, g, 1.0 + 0.25 * f64::from(i % 4))
        })
        .collect()
}

/// `len` samples of white noise (amplitude 0.5) decaying by 60 dB over its length.
pub fn decaying_noise_ir(len: usize, seed: u64) -> Vec<f32> {
    let k = -6.9 / len as f32;
    WhiteNoise::new(seed)
        .take(len, 0.5)
        .iter()
        .enumerate()
        .map(|(i, v)| v * (k * i as f32).exp())
        .collect()
}

/// Pipeline TOML for two channels: `fir` (a conv filter per channel reading channel 0
/// and 1 of `ir_file`) when `ir_file` is given, then the 16 biquads on both channels.
pub fn reference_toml(ir_file: Option<&str>) -> String {
    let mut toml = String::new();
    if let Some(f) = ir_file {
        for c in 0..2 {
            let _ = write!(
                toml,
                "[filters.fir{c}]\ntype = \"conv\"\nfile = \"{f}\"\nchannel = {c}\n\n"
            );
        }
    }
    let mut names = Vec::new();
    for (i, (f, g, q)) in peq_bank().into_iter().enumerate() {
        let _ = write!(
            toml,
            "[filters.p{i}]\ntype = \"peaking\"\nfreq = {f}\ngain = {g}\nq = {q}\n\n"
        );
        names.push(format!("\"p{i}\""));
    }
    if ir_file.is_some() {
        for c in 0..2 {
            let _ = write!(
                toml,
                "[[steps]]\ntype = \"filter\"\nchannels = [{c}]\nnames = [\"fir{c}\"]\n\n"
            );
        }
    }
    let _ = write!(
        toml,
        "[[steps]]\ntype = \"filter\"\nnames = [{}]\n",
        names.join(", ")
    );
    toml
}

/// Writes a stereo `taps`-tap IR at `rate` Hz into `dir` and returns the reference
/// pipeline (FIR plus 16 biquads per channel) reading it.
///
/// # Errors
/// A message if the IR cannot be written or the pipeline does not parse.
pub fn reference_pipeline(dir: &Path, rate: u32, taps: usize) -> Result<PipelineSource, String> {
    let name = format!("reference_ir_{taps}_{rate}.wav");
    let path = dir.join(&name);
    if !path.exists() {
        let ir = [decaying_noise_ir(taps, 1), decaying_noise_ir(taps, 2)];
        write_float_wav(&path, &ir, rate).map_err(|e| e.to_string())?;
    }
    let cfg = PipelineConfig::from_toml(&reference_toml(Some(&name))).map_err(|e| e.to_string())?;
    Ok(PipelineSource::new(cfg, dir.to_path_buf()))
}

/// One real-time run of a pipeline on pink noise into the paced null sink.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadRun {
    /// Sample rate, Hz.
    pub sample_rate: u32,
    /// Period (and pipeline block) size, frames: a power of two, 16..=8192.
    pub period_frames: usize,
    /// Device buffer, periods (2..=16).
    pub periods: usize,
    /// How long to run, s.
    pub seconds: f64,
    /// Keep another core busy meanwhile.
    pub busy_core: bool,
}

/// What a [`LoadRun`] measured.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadReport {
    /// The engine's metrics at the end.
    pub metrics: MetricsSnapshot,
    /// Worst stall of an idle thread at the same real-time priority meanwhile, ms: the
    /// platform's share of any late period.
    pub platform_stall_ms: f64,
    /// What the sink said when it started (real-time priority or memory lock refused).
    pub notices: Vec<String>,
}

/// Runs `pipeline` (2 channels) in real time as `run` says: pink noise at -20 dBFS from
/// the generator, the null sink at `SCHED_FIFO` 70, a [`StallDetector`] beside it, and
/// optionally a thread spinning on another core.
///
/// # Errors
/// A message if the engine cannot start or stop.
pub fn run_reference_load(pipeline: &PipelineSource, run: &LoadRun) -> Result<LoadReport, String> {
    let spec = StreamSpec {
        sample_rate: run.sample_rate,
        channels: 2,
        period_frames: run.period_frames,
    };
    let sink = NullSink::new(spec, run.periods, Some(70));
    let params = GeneratorParams {
        waveform: Waveform::PinkNoise,
        freq_hz: 1000.0,
        level_dbfs: -20.0,
    };
    let source =
        GeneratorSource::new(&params, run.sample_rate, 2, None).map_err(|e| e.to_string())?;
    let cfg = EngineConfig {
        block_frames: run.period_frames,
        ..EngineConfig::default()
    };
    let spinning = Arc::new(AtomicBool::new(run.busy_core));
    let spinner = {
        let spinning = spinning.clone();
        std::thread::spawn(move || {
            let mut x = 0u64;
            while spinning.load(Ordering::Relaxed) {
                x = std::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1));
            }
        })
    };
    let detector = StallDetector::start(70);
    let started = Engine::start(cfg, Box::new(sink), Box::new(source), None, pipeline);
    let result = started.map_err(|e| e.to_string()).and_then(|engine| {
        let notices = engine.sink_notices();
        std::thread::sleep(Duration::from_secs_f64(run.seconds));
        let metrics = engine.metrics();
        engine.shutdown().map_err(|e| e.to_string())?;
        Ok((metrics, notices))
    });
    spinning.store(false, Ordering::Relaxed);
    let _ = spinner.join();
    let platform_stall_ms = detector.stop();
    let (metrics, notices) = result?;
    Ok(LoadReport {
        metrics,
        platform_stall_ms,
        notices,
    })
}
