//! What `vortex play` and `vortex serve` share on the way to a running engine: the
//! layered configuration, the pipeline, the output and the engine settings. Each step
//! prints its warnings and returns the exit code to use when it fails.

use crate::{EXIT_CONFIG, EXIT_FAILED, EXIT_USAGE};
use std::path::PathBuf;
use vortex_engine::app_config::{AppConfig, CliOverrides, DriverChoice, LoadOptions};
use vortex_engine::engine::EngineConfig;
use vortex_engine::output::{self, OpenOutput, OutputOptions, OutputTarget};
use vortex_engine::pipeline_file::load_pipeline;
use vortex_engine::process::PipelineSource;
use vortex_engine::sink::StreamSpec;

/// The options `play` and `serve` share: pipeline, output, rate, period, config file.
#[derive(clap::Args, Debug)]
pub struct EngineArgs {
    /// Pipeline: a pipeline TOML, or an AutoEQ/EqualizerAPO or REW filter file
    /// [default: the configuration's pipeline.file, else pass-through].
    #[arg(long, short)]
    pub pipeline: Option<PathBuf>,
    /// Where the audio goes: device, device:NAME, null, wav:PATH, flac:PATH,
    /// stdout[:f32|s16|s24|s32] [default: the configured device].
    #[arg(long, short)]
    pub output: Option<String>,
    /// Audio driver: auto, jack, pipewire, alsa, default, null [default: configured].
    #[arg(long)]
    pub driver: Option<String>,
    /// Output sample rate, Hz [default: configured; else `play` takes the first
    /// file's rate and `serve` 48000].
    #[arg(long)]
    pub rate: Option<u32>,
    /// Frames per period [default: configured, 256].
    #[arg(long)]
    pub block_size: Option<usize>,
    /// Configuration file [default: the user's config.toml if it exists].
    #[arg(long)]
    pub config: Option<PathBuf>,
}

impl EngineArgs {
    /// The `--output` target, if given.
    pub fn target(&self, cmd: &str) -> Result<Option<OutputTarget>, u8> {
        self.output
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|e| {
                eprintln!("{cmd}: --output: {e}");
                EXIT_USAGE
            })
    }

    /// The configuration keys these options set.
    pub fn overrides(&self) -> CliOverrides {
        let mut cli = CliOverrides::new();
        cli.set_opt("--rate", "audio.sample_rate", self.rate)
            .set_opt("--block-size", "audio.block_size", self.block_size)
            .set_opt("--driver", "audio.driver", self.driver.clone())
            .set_opt(
                "--pipeline",
                "pipeline.file",
                self.pipeline.as_ref().map(|p| p.display().to_string()),
            );
        cli
    }
}

/// Loads the configuration layers (`config` instead of the user file when given) with
/// `cli` on top; prints warnings prefixed with `cmd`.
pub fn load_config(cmd: &str, config: Option<PathBuf>, cli: CliOverrides) -> Result<AppConfig, u8> {
    match AppConfig::load(&LoadOptions::standard(config, cli)) {
        Ok(l) => {
            for w in &l.warnings {
                eprintln!("{cmd}: warning: {w}");
            }
            Ok(l.config)
        }
        Err(e) => {
            eprintln!("{cmd}: the configuration is not valid:\n{e}");
            Err(if e.is_unreadable() {
                EXIT_FAILED
            } else {
                EXIT_CONFIG
            })
        }
    }
}

/// The configured pipeline (`pipeline.file`), else `default`.
pub fn pipeline(cmd: &str, cfg: &AppConfig, default: PipelineSource) -> Result<PipelineSource, u8> {
    let p = match &cfg.pipeline.file {
        Some(p) => load_pipeline(p).map_err(|e| {
            eprintln!("{cmd}: {e}");
            EXIT_CONFIG
        })?,
        None => default,
    };
    for w in p.warnings() {
        eprintln!("{cmd}: warning: {w}");
    }
    Ok(p)
}

/// Opens `target` (default: the configured device, or the null sink when the driver
/// is `null`) at `rate` Hz with the configured channels and period.
pub fn open_output(
    cmd: &str,
    cfg: &AppConfig,
    target: Option<OutputTarget>,
    rate: u32,
    overwrite: bool,
) -> Result<(OpenOutput, StreamSpec), u8> {
    let audio = &cfg.audio;
    let spec = StreamSpec {
        sample_rate: rate,
        channels: audio.channels,
        period_frames: audio.block_size,
    };
    let target = target.unwrap_or_else(|| match audio.driver {
        DriverChoice::Null => OutputTarget::Null,
        _ => OutputTarget::Device(audio.device.clone()),
    });
    let opts = OutputOptions {
        driver: audio.driver.driver(),
        periods: audio.periods,
        rt_priority: cfg
            .performance
            .realtime_priority
            .then_some(cfg.performance.rt_priority),
        overwrite,
    };
    match output::open(&target, spec, &opts) {
        Ok(o) => Ok((o, spec)),
        Err(e) => {
            eprintln!("{cmd}: {e}");
            Err(EXIT_FAILED)
        }
    }
}

/// The engine settings of the configuration's `[audio]` section.
pub fn engine_config(cfg: &AppConfig) -> EngineConfig {
    let audio = &cfg.audio;
    EngineConfig {
        channels: audio.channels,
        block_frames: EngineConfig::block_for_period(audio.block_size),
        buffer_blocks: audio.buffer_blocks,
        ramp_ms: audio.ramp_ms,
        crossfade_ms: audio.crossfade_ms,
        volume_db: audio.volume_db,
        quality: audio.resample_quality,
        ..EngineConfig::default()
    }
}
