//! Validation: checks a [`PipelineConfig`] against a sample rate and channel count and,
//! in the same pass, designs everything heavy (biquad coefficients, impulse-response
//! spectra) into a [`Design`]. Every error is collected with its config path; nothing
//! stops at the first. Out-of-range but harmless values are clamped with a warning
//! ([`clamp_harmless`]).

use crate::config::{
    ConfigError, ConfigErrors, DelayUnit, FilterConfig, GainScaleConfig, IrFormatConfig,
    PipelineConfig, StepConfig,
};
use crate::ir_file::{IrFormat, IrSpec, load_impulse};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use vortex_dsp::ParamError;
use vortex_dsp::biquad::{BiquadCoeffs, BiquadSpec, ShelfWidth, Width};
use vortex_dsp::butterworth::{Pass, butterworth, linkwitz_riley};
use vortex_dsp::compressor::CompressorParams;
use vortex_dsp::delay::DelayAmount;
use vortex_dsp::gain::{GainScale, gain_factor};
use vortex_dsp::gate::GateParams;
use vortex_dsp::graphic_eq::graphic_eq;
use vortex_dsp::limiter::LimiterParams;
use vortex_dsp::mixer::{MAX_CHANNELS, Mixer, MixerSource};
use vortex_dsp::partition_plan::PartitionPlan;
use vortex_dsp::partitioned_conv::IrSpectra;
use vortex_dsp::tilt::tilt;

/// Where a pipeline runs.
#[derive(Debug, Clone)]
pub struct Context {
    /// Sample rate, Hz.
    pub sample_rate: u32,
    /// Channels entering the pipeline.
    pub channels: usize,
    /// Directory that relative impulse-response paths are resolved against.
    pub base_dir: PathBuf,
}

/// Largest boost or cut an EQ filter keeps, dB; beyond it the value is clamped with a warning.
pub const EQ_GAIN_LIMIT_DB: f64 = 24.0;
/// Largest static gain kept, dB.
pub const GAIN_LIMIT_DB: f64 = 24.0;
/// Largest compressor ratio kept.
pub const RATIO_LIMIT: f64 = 100.0;

/// A value that was changed to something safe, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// Config path of the value.
    pub path: String,
    /// What was done.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

fn clamp(value: &mut f64, lo: f64, hi: f64, unit: &str, path: String, out: &mut Vec<Warning>) {
    if value.is_finite() && (*value < lo || *value > hi) {
        let new = value.clamp(lo, hi);
        out.push(Warning {
            path,
            message: format!("{value}{unit} clamped to {new}{unit}"),
        });
        *value = new;
    }
}

/// Clamps harmless out-of-range values (EQ gains beyond +-24 dB, static gains above
/// +24 dB or a linear factor beyond +-15.85, compressor ratios above 100) and returns a
/// warning for each.
pub fn clamp_harmless(cfg: &mut PipelineConfig) -> Vec<Warning> {
    let mut w = Vec::new();
    for (name, f) in &mut cfg.filters {
        let path = |field: &str| format!("filters.{name}.{field}");
        let lim = EQ_GAIN_LIMIT_DB;
        match f {
            FilterConfig::Peaking { gain, .. }
            | FilterConfig::Lowshelf { gain, .. }
            | FilterConfig::Highshelf { gain, .. }
            | FilterConfig::LowshelfFo { gain, .. }
            | FilterConfig::HighshelfFo { gain, .. } => {
                clamp(gain, -lim, lim, " dB", path("gain"), &mut w)
            }
            FilterConfig::GraphicEq { gains, .. } => {
                for (i, g) in gains.iter_mut().enumerate() {
                    clamp(g, -lim, lim, " dB", path(&format!("gains[{i}]")), &mut w);
                }
            }
            FilterConfig::Gain {
                gain,
                scale: GainScaleConfig::Db,
                ..
            } => clamp(
                gain,
                f64::NEG_INFINITY,
                GAIN_LIMIT_DB,
                " dB",
                path("gain"),
                &mut w,
            ),
            FilterConfig::Gain {
                gain,
                scale: GainScaleConfig::Linear,
                ..
            } => {
                let lim = 10f64.powf(GAIN_LIMIT_DB / 20.0);
                clamp(gain, -lim, lim, "", path("gain"), &mut w)
            }
            FilterConfig::Compressor { ratio, .. } => {
                // Only the top is clamped: a ratio below 1 is an error, not a silent no-op.
                clamp(
                    ratio,
                    f64::NEG_INFINITY,
                    RATIO_LIMIT,
                    "",
                    path("ratio"),
                    &mut w,
                )
            }
            _ => {}
        }
    }
    w
}

/// A designed operation, ready to be instantiated with fresh state. Equal designs
/// behave identically, so a running instance of one can stand in for the other.
#[derive(Debug, Clone, PartialEq)]
pub enum OpDesign {
    /// Biquad sections applied to each listed channel.
    Cascade {
        /// Channels the operation applies to, 0-based.
        channels: Vec<usize>,
        /// Biquad sections, applied in order.
        sections: Vec<BiquadCoeffs>,
    },
    /// FIR convolution of each listed channel with shared spectra.
    Conv {
        /// Channels the operation applies to, 0-based.
        channels: Vec<usize>,
        /// The transformed impulse response, shared.
        spectra: Arc<IrSpectra>,
    },
    /// Constant linear gain.
    Gain {
        /// Channels the operation applies to, 0-based.
        channels: Vec<usize>,
        /// Linear gain factor.
        factor: f64,
    },
    /// Delay in (fractional) samples.
    Delay {
        /// Channels the operation applies to, 0-based.
        channels: Vec<usize>,
        /// Delay, samples (may be fractional).
        samples: f64,
        /// Keep the fractional part of the delay (default: round to whole samples).
        subsample: bool,
    },
    /// Ramped volume.
    Volume {
        /// Channels the operation applies to, 0-based.
        channels: Vec<usize>,
        /// Initial volume, dB.
        db: f64,
        /// Ramp time for changes, ms.
        ramp_ms: f64,
    },
    /// Linked compressor.
    Compressor {
        /// Channels the operation applies to, 0-based.
        channels: Vec<usize>,
        /// Validated parameters.
        params: CompressorParams,
    },
    /// Linked limiter.
    Limiter {
        /// Channels the operation applies to, 0-based.
        channels: Vec<usize>,
        /// Validated parameters.
        params: LimiterParams,
    },
    /// Linked noise gate.
    Gate {
        /// Channels the operation applies to, 0-based.
        channels: Vec<usize>,
        /// Validated parameters.
        params: GateParams,
    },
    /// Channel mixer.
    Mixer(Mixer),
}

/// A validated, designed pipeline for one sample rate and input channel count.
#[derive(Debug, Clone)]
pub struct Design {
    /// Operations in order.
    pub ops: Vec<OpDesign>,
    /// Sample rate, Hz.
    pub sample_rate: u32,
    /// Channels in.
    pub channels_in: usize,
    /// Channels out (after mixers).
    pub channels_out: usize,
    /// Most channels alive at any point (buffer width).
    pub channels_max: usize,
    /// Block size, samples.
    pub block_size: usize,
}

/// A filter designed at a sample rate, before it is bound to channels.
enum Designed {
    Sections(Vec<BiquadCoeffs>),
    Conv(Arc<IrSpectra>),
    Gain(f64),
    Delay(f64, bool),
    Volume(f64, f64),
    Compressor(CompressorParams),
    Limiter(LimiterParams),
    Gate(GateParams),
}

fn width(q: Option<f64>, bandwidth: Option<f64>) -> Result<Width, ParamError> {
    match (q, bandwidth) {
        (Some(q), None) => Ok(Width::Q(q)),
        (None, Some(b)) => Ok(Width::Bandwidth(b)),
        (None, None) => Err(ParamError::new("q", "give either `q` or `bandwidth`")),
        (Some(_), Some(_)) => Err(ParamError::new(
            "bandwidth",
            "give `q` or `bandwidth`, not both",
        )),
    }
}

fn shelf(
    q: Option<f64>,
    slope: Option<f64>,
    bandwidth: Option<f64>,
) -> Result<ShelfWidth, ParamError> {
    match (q, slope, bandwidth) {
        (Some(q), None, None) => Ok(ShelfWidth::Q(q)),
        (None, Some(s), None) => Ok(ShelfWidth::Slope(s)),
        (None, None, Some(b)) => Ok(ShelfWidth::Bandwidth(b)),
        (None, None, None) => Err(ParamError::new(
            "q",
            "give one of `q`, `slope` or `bandwidth`",
        )),
        _ => Err(ParamError::new(
            "slope",
            "give only one of `q`, `slope` or `bandwidth`",
        )),
    }
}

fn ir_format(f: IrFormatConfig) -> IrFormat {
    match f {
        IrFormatConfig::Audio => IrFormat::Audio,
        IrFormatConfig::F32 => IrFormat::RawF32Le,
        IrFormatConfig::F64 => IrFormat::RawF64Le,
        IrFormatConfig::S16 => IrFormat::RawS16Le,
        IrFormatConfig::S24 => IrFormat::RawS24Le,
        IrFormatConfig::S32 => IrFormat::RawS32Le,
        IrFormatConfig::Text => IrFormat::Text,
    }
}

/// Designs one filter, or says which of its fields is wrong.
fn design_filter(
    f: &FilterConfig,
    cfg: &PipelineConfig,
    ctx: &Context,
) -> Result<Designed, ParamError> {
    use FilterConfig as F;
    let fs = f64::from(ctx.sample_rate);
    let one = |spec: BiquadSpec| spec.design(fs).map(|c| Designed::Sections(vec![c]));
    match f {
        F::Lowpass { freq, q } => one(BiquadSpec::Lowpass { freq: *freq, q: *q }),
        F::Highpass { freq, q } => one(BiquadSpec::Highpass { freq: *freq, q: *q }),
        F::LowpassFo { freq } => one(BiquadSpec::LowpassFirstOrder { freq: *freq }),
        F::HighpassFo { freq } => one(BiquadSpec::HighpassFirstOrder { freq: *freq }),
        F::AllpassFo { freq } => one(BiquadSpec::AllpassFirstOrder { freq: *freq }),
        F::Bandpass { freq, q, bandwidth } => one(BiquadSpec::Bandpass {
            freq: *freq,
            width: width(*q, *bandwidth)?,
        }),
        F::Notch { freq, q, bandwidth } => one(BiquadSpec::Notch {
            freq: *freq,
            width: width(*q, *bandwidth)?,
        }),
        F::Allpass { freq, q, bandwidth } => one(BiquadSpec::Allpass {
            freq: *freq,
            width: width(*q, *bandwidth)?,
        }),
        F::Peaking {
            freq,
            gain,
            q,
            bandwidth,
        } => one(BiquadSpec::Peaking {
            freq: *freq,
            gain: *gain,
            width: width(*q, *bandwidth)?,
        }),
        F::Lowshelf {
            freq,
            gain,
            q,
            slope,
            bandwidth,
        } => one(BiquadSpec::LowShelf {
            freq: *freq,
            gain: *gain,
            width: shelf(*q, *slope, *bandwidth)?,
        }),
        F::Highshelf {
            freq,
            gain,
            q,
            slope,
            bandwidth,
        } => one(BiquadSpec::HighShelf {
            freq: *freq,
            gain: *gain,
            width: shelf(*q, *slope, *bandwidth)?,
        }),
        F::LowshelfFo { freq, gain } => one(BiquadSpec::LowShelfFirstOrder {
            freq: *freq,
            gain: *gain,
        }),
        F::HighshelfFo { freq, gain } => one(BiquadSpec::HighShelfFirstOrder {
            freq: *freq,
            gain: *gain,
        }),
        F::LinkwitzTransform {
            freq_act,
            q_act,
            freq_target,
            q_target,
        } => one(BiquadSpec::LinkwitzTransform {
            freq_act: *freq_act,
            q_act: *q_act,
            freq_target: *freq_target,
            q_target: *q_target,
        }),
        F::Biquad {
            b0,
            b1,
            b2,
            a0,
            a1,
            a2,
        } => one(BiquadSpec::Free {
            b: [*b0, *b1, *b2],
            a: [a0.unwrap_or(1.0), *a1, *a2],
        }),
        F::ButterworthLowpass { freq, order } => {
            butterworth(Pass::Low, *freq, *order, fs).map(Designed::Sections)
        }
        F::ButterworthHighpass { freq, order } => {
            butterworth(Pass::High, *freq, *order, fs).map(Designed::Sections)
        }
        F::LinkwitzRileyLowpass { freq, order } => {
            linkwitz_riley(Pass::Low, *freq, *order, fs).map(Designed::Sections)
        }
        F::LinkwitzRileyHighpass { freq, order } => {
            linkwitz_riley(Pass::High, *freq, *order, fs).map(Designed::Sections)
        }
        F::Tilt { gain } => tilt(*gain, fs).map(Designed::Sections),
        F::GraphicEq {
            freq_min,
            freq_max,
            gains,
        } => graphic_eq(*freq_min, *freq_max, gains, fs).map(Designed::Sections),
        F::Gain {
            gain,
            scale,
            inverted,
            mute,
        } => {
            let scale = match scale {
                GainScaleConfig::Db => GainScale::Db,
                GainScaleConfig::Linear => GainScale::Linear,
            };
            gain_factor(*gain, scale, *inverted, *mute).map(Designed::Gain)
        }
        F::Delay {
            delay,
            unit,
            subsample,
        } => {
            let amount = match unit {
                DelayUnit::Ms => DelayAmount::Ms(*delay),
                DelayUnit::Samples => DelayAmount::Samples(*delay),
                DelayUnit::Mm => DelayAmount::Millimetres(*delay),
            };
            amount
                .to_samples(fs)
                .map(|s| Designed::Delay(s, *subsample))
        }
        F::Volume { volume, ramp_time } => {
            vortex_dsp::volume::Volume::new(*volume, *ramp_time, fs)?;
            Ok(Designed::Volume(*volume, *ramp_time))
        }
        F::Conv {
            file,
            values,
            format,
            channel,
            raw_channels,
        } => {
            let max = cfg.settings.max_ir_samples;
            let samples = match (file, values) {
                (Some(file), None) => {
                    let spec = IrSpec {
                        path: ctx.base_dir.join(file),
                        format: ir_format(*format),
                        channel: *channel,
                        raw_channels: *raw_channels,
                    };
                    let ir = load_impulse(&spec, max)
                        .map_err(|e| ParamError::new("file", e.to_string()))?;
                    if let Some(rate) = ir.sample_rate.filter(|&r| r != ctx.sample_rate) {
                        return Err(ParamError::new(
                            "file",
                            format!(
                                "the impulse response is at {rate} Hz but the audio is at {} Hz",
                                ctx.sample_rate
                            ),
                        ));
                    }
                    ir.samples
                }
                (None, Some(v)) if v.len() > max => {
                    return Err(ParamError::new(
                        "values",
                        format!("{} taps exceed the limit of {max}", v.len()),
                    ));
                }
                (None, Some(v)) => v.clone(),
                (None, None) => {
                    return Err(ParamError::new("file", "give either `file` or `values`"));
                }
                (Some(_), Some(_)) => {
                    return Err(ParamError::new(
                        "values",
                        "give `file` or `values`, not both",
                    ));
                }
            };
            let block = cfg.settings.block_size;
            let plan = PartitionPlan::optimal(samples.len(), block);
            let source = if file.is_some() { "file" } else { "values" };
            let spectra =
                IrSpectra::new(&samples, plan).map_err(|e| ParamError::new(source, e.message))?;
            Ok(Designed::Conv(Arc::new(spectra)))
        }
        F::Compressor {
            threshold,
            ratio,
            knee,
            attack,
            release,
            makeup,
        } => {
            let params = CompressorParams {
                threshold_db: *threshold,
                ratio: *ratio,
                knee_db: *knee,
                attack_ms: *attack,
                release_ms: *release,
                makeup_db: *makeup,
            };
            params.validate()?;
            Ok(Designed::Compressor(params))
        }
        F::Limiter {
            ceiling,
            lookahead,
            release,
        } => {
            let params = LimiterParams {
                ceiling_db: *ceiling,
                lookahead_ms: *lookahead,
                release_ms: *release,
            };
            vortex_dsp::limiter::Limiter::new(&params, fs, 1)?;
            Ok(Designed::Limiter(params))
        }
        F::Gate {
            threshold,
            attenuation,
            attack,
            hold,
            release,
        } => {
            let params = GateParams {
                threshold_db: *threshold,
                attenuation_db: *attenuation,
                attack_ms: *attack,
                hold_ms: *hold,
                release_ms: *release,
            };
            params.validate()?;
            Ok(Designed::Gate(params))
        }
    }
}

/// Most memory all delay lines of a pipeline may take together, bytes (512 MiB).
pub const MAX_DELAY_MEMORY_BYTES: u64 = 512 << 20;

/// Smallest and largest block size, samples.
pub const BLOCK_SIZE_RANGE: (usize, usize) = (16, 65536);

/// Validates `cfg` for `ctx` and designs it. Returns every error, each with its path.
pub fn design(cfg: &PipelineConfig, ctx: &Context) -> Result<Design, ConfigErrors> {
    let mut errors = Vec::new();
    let s = &cfg.settings;
    let (lo, hi) = BLOCK_SIZE_RANGE;
    if !s.block_size.is_power_of_two() || s.block_size < lo || s.block_size > hi {
        errors.push(ConfigError::new(
            "settings.block_size",
            format!("{} must be a power of two from {lo} to {hi}", s.block_size),
        ));
    }
    if cfg.steps.len() > s.max_steps {
        errors.push(ConfigError::new(
            "steps",
            format!(
                "{} steps exceed the limit of {} (settings.max_steps)",
                cfg.steps.len(),
                s.max_steps
            ),
        ));
    }
    if ctx.channels == 0 || ctx.channels > MAX_CHANNELS {
        errors.push(ConfigError::new(
            "",
            format!(
                "{} input channels; 1 to {MAX_CHANNELS} are supported",
                ctx.channels
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(ConfigErrors(errors));
    }

    // Design every filter once, whether used or not, so every error is reported.
    let mut designed = std::collections::BTreeMap::new();
    for (name, f) in &cfg.filters {
        match design_filter(f, cfg, ctx) {
            Ok(d) => {
                designed.insert(name.as_str(), d);
            }
            Err(e) => errors.push(ConfigError::new(
                format!("filters.{name}.{}", e.field),
                e.message,
            )),
        }
    }

    let mut ops = Vec::new();
    let mut delay_bytes = 0u64;
    let mut channels = ctx.channels;
    let mut channels_max = channels;
    for (i, step) in cfg.steps.iter().enumerate() {
        match step {
            StepConfig::Filter {
                channels: list,
                names,
                bypassed,
            } => {
                let chans: Vec<usize> = list.clone().unwrap_or_else(|| (0..channels).collect());
                let mut ok = true;
                if chans.is_empty() {
                    errors.push(ConfigError::new(
                        format!("steps[{i}].channels"),
                        "must list at least one channel",
                    ));
                    ok = false;
                }
                for (j, &c) in chans.iter().enumerate() {
                    if c >= channels {
                        errors.push(ConfigError::new(
                            format!("steps[{i}].channels[{j}]"),
                            format!(
                                "channel {c} does not exist ({channels} channels at this step)"
                            ),
                        ));
                        ok = false;
                    }
                    if chans[..j].contains(&c) {
                        errors.push(ConfigError::new(
                            format!("steps[{i}].channels[{j}]"),
                            format!("channel {c} is listed twice"),
                        ));
                        ok = false;
                    }
                }
                for (j, name) in names.iter().enumerate() {
                    if !cfg.filters.contains_key(name) {
                        errors.push(ConfigError::new(
                            format!("steps[{i}].names[{j}]"),
                            format!("no filter named \"{name}\""),
                        ));
                        ok = false;
                    }
                }
                for (j, name) in names.iter().enumerate() {
                    if let Some(Designed::Delay(samples, _)) = designed.get(name.as_str()) {
                        delay_bytes += (*samples as u64 + 1) * 4 * chans.len() as u64;
                        if delay_bytes > MAX_DELAY_MEMORY_BYTES {
                            errors.push(ConfigError::new(
                                format!("steps[{i}].names[{j}]"),
                                format!(
                                    "the delays up to here need {} MiB of memory; the limit is {} MiB",
                                    delay_bytes >> 20,
                                    MAX_DELAY_MEMORY_BYTES >> 20
                                ),
                            ));
                            ok = false;
                        }
                    }
                }
                if ok && !bypassed {
                    push_filter_ops(&mut ops, &chans, names, &designed);
                }
            }
            StepConfig::Mixer { name, bypassed } => {
                let Some(m) = cfg.mixers.get(name) else {
                    errors.push(ConfigError::new(
                        format!("steps[{i}].name"),
                        format!("no mixer named \"{name}\""),
                    ));
                    continue;
                };
                if m.channels_in != channels {
                    errors.push(ConfigError::new(
                        format!("mixers.{name}.channels_in"),
                        format!(
                            "{} but {channels} channels reach it at steps[{i}]",
                            m.channels_in
                        ),
                    ));
                    continue;
                }
                let mapping: Vec<Vec<MixerSource>> = m
                    .mapping
                    .iter()
                    .map(|o| {
                        o.sources
                            .iter()
                            .map(|s| MixerSource {
                                channel: s.channel,
                                gain_db: s.gain,
                                inverted: s.inverted,
                                mute: s.mute,
                            })
                            .collect()
                    })
                    .collect();
                match Mixer::new(m.channels_in, &mapping) {
                    Ok(_) if *bypassed => {}
                    Ok(mixer) => {
                        channels = mixer.outputs();
                        channels_max = channels_max.max(channels);
                        ops.push(OpDesign::Mixer(mixer));
                    }
                    Err(e) => errors.push(ConfigError::new(
                        format!("mixers.{name}.{}", e.field),
                        e.message,
                    )),
                }
            }
        }
    }
    // Mixers defined but never used are still checked.
    for (name, m) in &cfg.mixers {
        if m.mapping.is_empty() {
            errors.push(ConfigError::new(
                format!("mixers.{name}.mapping"),
                "needs at least one output",
            ));
        }
    }
    if errors.is_empty() {
        Ok(Design {
            ops,
            sample_rate: ctx.sample_rate,
            channels_in: ctx.channels,
            channels_out: channels,
            channels_max,
            block_size: cfg.settings.block_size,
        })
    } else {
        errors.dedup();
        Err(ConfigErrors(errors))
    }
}

/// Appends the operations of one filter step; consecutive biquad-type filters are merged
/// into one cascade per channel.
fn push_filter_ops(
    ops: &mut Vec<OpDesign>,
    chans: &[usize],
    names: &[String],
    designed: &std::collections::BTreeMap<&str, Designed>,
) {
    let mut pending: Vec<BiquadCoeffs> = Vec::new();
    let flush = |ops: &mut Vec<OpDesign>, pending: &mut Vec<BiquadCoeffs>| {
        if !pending.is_empty() {
            ops.push(OpDesign::Cascade {
                channels: chans.to_vec(),
                sections: std::mem::take(pending),
            });
        }
    };
    for name in names {
        // A filter that failed to design has already been reported.
        let Some(d) = designed.get(name.as_str()) else {
            continue;
        };
        let channels = chans.to_vec();
        let op = match d {
            Designed::Sections(s) => {
                pending.extend_from_slice(s);
                continue;
            }
            Designed::Conv(spectra) => OpDesign::Conv {
                channels,
                spectra: spectra.clone(),
            },
            Designed::Gain(factor) => OpDesign::Gain {
                channels,
                factor: *factor,
            },
            Designed::Delay(samples, subsample) => OpDesign::Delay {
                channels,
                samples: *samples,
                subsample: *subsample,
            },
            Designed::Volume(db, ramp_ms) => OpDesign::Volume {
                channels,
                db: *db,
                ramp_ms: *ramp_ms,
            },
            Designed::Compressor(p) => OpDesign::Compressor {
                channels,
                params: p.clone(),
            },
            Designed::Limiter(p) => OpDesign::Limiter {
                channels,
                params: p.clone(),
            },
            Designed::Gate(p) => OpDesign::Gate {
                channels,
                params: p.clone(),
            },
        };
        flush(ops, &mut pending);
        ops.push(op);
    }
    flush(ops, &mut pending);
}

/// Resolves the directory relative paths in a pipeline file are taken from.
pub fn base_dir_of(pipeline_file: &Path) -> PathBuf {
    pipeline_file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(rate: u32, channels: usize) -> Context {
        Context {
            sample_rate: rate,
            channels,
            base_dir: PathBuf::new(),
        }
    }

    fn errors(text: &str, c: &Context) -> Vec<String> {
        let cfg = PipelineConfig::from_toml(text).unwrap();
        design(&cfg, c)
            .unwrap_err()
            .0
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_error_is_reported_with_its_path() {
        let e = errors(
            r#"
[settings]
block_size = 1000
"#,
            &ctx(44100, 2),
        );
        assert_eq!(
            e,
            ["settings.block_size: 1000 must be a power of two from 16 to 65536"]
        );
        let e = errors(
            r#"
[filters.a]
type = "peaking"
freq = 30000
gain = 1
[filters.b]
type = "lowshelf"
freq = 100
gain = 1
[filters.c]
type = "conv"
[mixers.m]
channels_in = 3
mapping = [ { sources = [ { channel = 0 } ] } ]
[[steps]]
type = "filter"
names = ["a", "b", "c", "x"]
[[steps]]
type = "mixer"
name = "m"
[[steps]]
type = "mixer"
name = "nothing"
"#,
            &ctx(44100, 2),
        );
        assert_eq!(
            e,
            [
                "filters.a.q: give either `q` or `bandwidth`",
                "filters.b.q: give one of `q`, `slope` or `bandwidth`",
                "filters.c.file: give either `file` or `values`",
                "steps[0].names[3]: no filter named \"x\"",
                "mixers.m.channels_in: 3 but 2 channels reach it at steps[1]",
                "steps[2].name: no mixer named \"nothing\"",
            ]
        );
    }

    #[test]
    fn limits_hold_and_are_configurable() {
        let steps = "[filters.g]\ntype = \"gain\"\ngain = 0\n".to_string()
            + &"[[steps]]\ntype = \"filter\"\nnames = [\"g\"]\n".repeat(33);
        let e = errors(&steps, &ctx(48000, 2));
        assert_eq!(
            e,
            ["steps: 33 steps exceed the limit of 32 (settings.max_steps)"]
        );
        let raised = format!("[settings]\nmax_steps = 40\n{steps}");
        assert!(design(&PipelineConfig::from_toml(&raised).unwrap(), &ctx(48000, 2)).is_ok());
        let ir = "[settings]\nmax_ir_samples = 4\n[filters.f]\ntype = \"conv\"\nvalues = [1, 2, 3, 4, 5]\n";
        assert_eq!(
            errors(ir, &ctx(48000, 1)),
            ["filters.f.values: 5 taps exceed the limit of 4"]
        );
    }

    #[test]
    fn harmless_values_are_clamped_with_a_warning() {
        let mut cfg = PipelineConfig::from_toml(
            "[filters.boost]\ntype = \"gain\"\ngain = 40\n[filters.pk]\ntype = \"peaking\"\nfreq = 100\ngain = -30\nq = 1\n\
             [filters.c]\ntype = \"compressor\"\nthreshold = -10\nratio = 500\n",
        )
        .unwrap();
        let w: Vec<String> = clamp_harmless(&mut cfg)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            w,
            [
                "filters.boost.gain: 40 dB clamped to 24 dB",
                "filters.c.ratio: 500 clamped to 100",
                "filters.pk.gain: -30 dB clamped to -24 dB",
            ]
        );
        assert!(matches!(cfg.filters["boost"], FilterConfig::Gain { gain, .. } if gain == 24.0));
        assert!(design(&cfg, &ctx(48000, 2)).is_ok());
    }

    #[test]
    fn delay_memory_is_bounded_and_mixer_errors_name_real_fields() {
        let cfg = PipelineConfig::from_toml(
            "[filters.d]\ntype = \"delay\"\ndelay = 60000\n[[steps]]\ntype = \"filter\"\nnames = [\"d\"]\n",
        )
        .unwrap();
        let e = design(&cfg, &ctx(768_000, 64)).unwrap_err().to_string();
        assert!(
            e.starts_with("steps[0].names[0]: the delays up to here need") && e.contains("512 MiB"),
            "{e}"
        );
        assert!(design(&cfg, &ctx(48_000, 2)).is_ok());
        let cfg = PipelineConfig::from_toml("[mixers.m]\nchannels_in = 70\nmapping = [ { sources = [] } ]\n[[steps]]\ntype = \"mixer\"\nname = \"m\"\n").unwrap();
        let e = design(&cfg, &ctx(48_000, 70)).unwrap_err().to_string();
        assert!(
            e.contains("input channels") || e.contains("channels_in"),
            "{e}"
        );
        let mut lin = PipelineConfig::from_toml(
            "[filters.g]\ntype = \"gain\"\ngain = -100\nscale = \"linear\"\n",
        )
        .unwrap();
        let w: Vec<String> = clamp_harmless(&mut lin)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(w.len(), 1);
        assert!(
            w[0].starts_with("filters.g.gain: -100 clamped to -15.84"),
            "{w:?}"
        );
    }

    #[test]
    fn bypassed_steps_are_checked_but_not_run() {
        let text = "[filters.g]\ntype = \"gain\"\ngain = -6\n\
            [mixers.down]\nchannels_in = 2\nmapping = [ { sources = [ { channel = 0 }, { channel = 1 } ] } ]\n\
            [[steps]]\ntype = \"filter\"\nnames = [\"g\"]\nbypassed = true\n\
            [[steps]]\ntype = \"mixer\"\nname = \"down\"\nbypassed = true\n\
            [[steps]]\ntype = \"filter\"\nchannels = [1]\nnames = [\"g\"]\n";
        let cfg = PipelineConfig::from_toml(text).unwrap();
        let d = design(&cfg, &ctx(48_000, 2)).unwrap();
        // Only the last step runs, and on channel 1: the bypassed mixer kept 2 channels.
        assert_eq!(d.ops.len(), 1, "{:?}", d.ops);
        assert!(matches!(&d.ops[0], OpDesign::Gain { channels, .. } if channels == &[1]));
        assert_eq!(d.channels_out, 2);
        // Written back only where set.
        let back = cfg.to_toml();
        assert_eq!(back.matches("bypassed = true").count(), 2, "{back}");
        assert!(!back.contains("bypassed = false"), "{back}");
        // Still checked.
        let e = errors(
            "[[steps]]\ntype = \"filter\"\nnames = [\"nope\"]\nbypassed = true\n",
            &ctx(48_000, 2),
        );
        assert_eq!(e, ["steps[0].names[0]: no filter named \"nope\""]);
    }

    #[test]
    fn impulse_response_files_are_read_within_limits() {
        for format in ["text", "f32"] {
            let cfg = PipelineConfig::from_toml(&format!(
                "[filters.f]\ntype = \"conv\"\nfile = \"/dev/zero\"\nformat = \"{format}\"\n"
            ))
            .unwrap();
            let e = design(&cfg, &ctx(48000, 1)).unwrap_err().to_string();
            assert!(
                e.starts_with("filters.f.file: ") && e.contains("not a regular file"),
                "{e}"
            );
        }
        let cfg = PipelineConfig::from_toml(
            "[filters.f]\ntype = \"conv\"\nfile = \"x.raw\"\nformat = \"f64\"\nraw_channels = 4611686018427387904\nchannel = 4611686018427387903\n",
        )
        .unwrap();
        let e = design(&cfg, &ctx(48000, 1)).unwrap_err().to_string();
        assert!(e.contains("raw_channels"), "{e}");
        // A raw file with more samples than the limit is refused before it is read.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("big.raw"), vec![0u8; 4 * 100]).unwrap();
        let cfg = PipelineConfig::from_toml(
            "[settings]\nmax_ir_samples = 99\n[filters.f]\ntype = \"conv\"\nfile = \"big.raw\"\nformat = \"f32\"\n",
        )
        .unwrap();
        let c = Context {
            base_dir: dir.path().to_path_buf(),
            ..ctx(48000, 1)
        };
        let e = design(&cfg, &c).unwrap_err().to_string();
        assert!(e.contains("100") && e.contains("99"), "{e}");
    }

    #[test]
    fn impulse_response_files_must_match_the_sample_rate() {
        use crate::encode::{AudioWriter, Container, OutputSpec, SampleFormat};
        let dir = tempfile::tempdir().unwrap();
        let spec = OutputSpec {
            container: Container::Wav,
            format: SampleFormat::F32,
            sample_rate: 44100,
            channels: 1,
        };
        let mut w = AudioWriter::create(&dir.path().join("ir.wav"), &spec, false).unwrap();
        let buf = vortex_dsp::PlanarBuf::from_channels(&[vec![1.0, 0.5, 0.25]]);
        w.write(&buf, 3).unwrap();
        w.finish().unwrap();
        let cfg =
            PipelineConfig::from_toml("[filters.f]\ntype = \"conv\"\nfile = \"ir.wav\"\n").unwrap();
        let c = Context {
            base_dir: dir.path().to_path_buf(),
            ..ctx(48000, 2)
        };
        let e = design(&cfg, &c).unwrap_err().to_string();
        assert_eq!(
            e,
            "filters.f.file: the impulse response is at 44100 Hz but the audio is at 48000 Hz"
        );
        let c = Context {
            base_dir: dir.path().to_path_buf(),
            ..ctx(44100, 2)
        };
        assert!(design(&cfg, &c).is_ok());
        let missing =
            PipelineConfig::from_toml("[filters.f]\ntype = \"conv\"\nfile = \"nope.wav\"\n")
                .unwrap();
        let e = design(&missing, &c).unwrap_err().to_string();
        assert!(
            e.starts_with("filters.f.file: ") && e.contains("nope.wav"),
            "{e}"
        );
    }
}
