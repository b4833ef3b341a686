//! Offline processing: decode a file, run it through a pipeline, dither, and write it.
//!
//! The output is written under a temporary name in the target directory and renamed
//! into place when complete; the input is only read. The pipeline's processing latency
//! (limiter lookahead) is compensated, so the output has exactly the input's length
//! and alignment.

use crate::config::{ConfigErrors, PipelineConfig};
use crate::decode::{DecodeError, DecodeOptions, Decoder};
use crate::encode::{AudioWriter, Container, EncodeError, OutputSpec, SampleFormat};
use crate::validate::{Context, Design, Warning, clamp_harmless, design};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use vortex_dsp::PlanarBuf;
use vortex_dsp::dither::{Dither, DitherKind};

/// A pipeline description plus where it came from, designed lazily per sample rate
/// and channel count (and shared between worker threads).
#[derive(Debug)]
pub struct PipelineSource {
    cfg: PipelineConfig,
    base_dir: PathBuf,
    warnings: Vec<Warning>,
    designs: Mutex<HashMap<(u32, usize), Arc<Design>>>,
}

impl PipelineSource {
    /// Wraps a parsed description; harmless out-of-range values are clamped now (see
    /// [`PipelineSource::warnings`]). Relative file paths resolve against `base_dir`.
    pub fn new(mut cfg: PipelineConfig, base_dir: PathBuf) -> Self {
        let warnings = clamp_harmless(&mut cfg);
        Self {
            cfg,
            base_dir,
            warnings,
            designs: Mutex::new(HashMap::new()),
        }
    }

    /// The clean pass-through pipeline (no steps).
    pub fn passthrough() -> Self {
        Self::new(PipelineConfig::default(), PathBuf::new())
    }

    /// The same description with `block` frames per processing block (the real-time
    /// engine runs pipelines at its period, whatever the file says). Designs are made
    /// afresh.
    pub fn with_block_size(&self, block: usize) -> Self {
        let mut cfg = self.cfg.clone();
        cfg.settings.block_size = block;
        Self {
            cfg,
            base_dir: self.base_dir.clone(),
            warnings: self.warnings.clone(),
            designs: Mutex::new(HashMap::new()),
        }
    }

    /// The description (after clamping).
    pub fn config(&self) -> &PipelineConfig {
        &self.cfg
    }

    /// The directory relative file paths (impulse responses) resolve against.
    pub fn base_dir(&self) -> &std::path::Path {
        &self.base_dir
    }

    /// Values clamped when the description was loaded.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The design for `sample_rate` Hz and `channels` inputs, built on first use.
    pub fn design_for(
        &self,
        sample_rate: u32,
        channels: usize,
    ) -> Result<Arc<Design>, ConfigErrors> {
        let key = (sample_rate, channels);
        if let Some(d) = self.designs.lock().expect("no panics while held").get(&key) {
            return Ok(d.clone());
        }
        let ctx = Context {
            sample_rate,
            channels,
            base_dir: self.base_dir.clone(),
        };
        let d = Arc::new(design(&self.cfg, &ctx)?);
        self.designs
            .lock()
            .expect("no panics while held")
            .insert(key, d.clone());
        Ok(d)
    }
}

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutputOptions {
    /// WAV or FLAC.
    pub container: Container,
    /// Sample format (FLAC: 16 or 24-bit integer).
    pub format: SampleFormat,
    /// Dither applied when writing integer samples.
    pub dither: DitherKind,
    /// Replace an existing output file.
    pub overwrite: bool,
}

/// Why one file could not be processed.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// The input could not be decoded.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The output could not be written.
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// The output is the input file itself; inputs are never modified, even with `overwrite`.
    #[error("{}: refusing to write the output over its own input", .0.display())]
    SameFile(PathBuf),
    /// The pipeline is not valid for this file (its sample rate or channel count).
    #[error("{input}: the pipeline is not valid at {sample_rate} Hz with {channels} channels:\n{errors}", input = .input.display())]
    Pipeline {
        /// The input file.
        input: PathBuf,
        /// Its sample rate, Hz.
        sample_rate: u32,
        /// Its channel count.
        channels: usize,
        /// Every problem found.
        errors: ConfigErrors,
    },
}

/// What processing one file did.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessReport {
    /// Frames written.
    pub frames: u64,
    /// Sample rate, Hz.
    pub sample_rate: u32,
    /// Channels written.
    pub channels: usize,
    /// Samples clipped when quantising.
    pub clipped_samples: u64,
}

impl OutputOptions {
    /// The dither that quantises `channels` channels of float samples to this output's
    /// integer grid, or `None` for float output.
    pub fn dither(&self, channels: usize) -> Option<Dither> {
        self.format.is_integer().then(|| {
            Dither::new(self.dither, self.format.bits(), channels, 0x5eed)
                .expect("bits are 16, 24 or 32")
        })
    }
}

/// True for codecs that carry floating-point samples.
fn is_float(codec: &str) -> bool {
    codec.starts_with("pcm_f")
}

/// Decodes `input`, runs it through `pipeline`, and writes `output` (creating its
/// directory if needed).
/// `progress` is called after each block with the input frames read so far and the
/// total the container declares, if any.
pub fn process_file(
    input: &Path,
    output: &Path,
    pipeline: &PipelineSource,
    out: &OutputOptions,
    decode: &DecodeOptions,
    progress: &mut dyn FnMut(u64, Option<u64>),
) -> Result<ProcessReport, ProcessError> {
    if let (Ok(a), Ok(b)) = (input.canonicalize(), output.canonicalize())
        && a == b
    {
        return Err(ProcessError::SameFile(output.to_path_buf()));
    }
    let mut decoder = Decoder::open(input, decode)?;
    let info = decoder.info().clone();
    let design = pipeline
        .design_for(info.sample_rate, info.channels)
        .map_err(|errors| ProcessError::Pipeline {
            input: input.to_path_buf(),
            sample_rate: info.sample_rate,
            channels: info.channels,
            errors,
        })?;
    let mut pipe = design.instantiate();
    let block = pipe.block_size();
    let spec = OutputSpec {
        container: out.container,
        format: out.format,
        sample_rate: info.sample_rate,
        channels: pipe.channels_out(),
    };
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| {
            ProcessError::Encode(EncodeError::Io {
                path: output.to_path_buf(),
                action: "create the output directory",
                source,
            })
        })?;
    }
    let mut writer = AudioWriter::create(output, &spec, out.overwrite)?;
    // Dither only where resolution is lost: after processing, or when the source has
    // more bits than the output (float and lossy sources count as more). A plain
    // pass-through to an equal or larger integer format stays bit-exact.
    let loses_resolution = !design.ops.is_empty()
        || info
            .bits_per_sample
            .is_none_or(|src| src > out.format.bits() || is_float(&info.codec));
    let mut dither = out.dither(spec.channels).filter(|_| loses_resolution);

    let mut inbuf = PlanarBuf::new(info.channels, block);
    let mut work = PlanarBuf::new(pipe.channels_max(), block);
    let mut outbuf = PlanarBuf::new(spec.channels, block);
    let mut to_skip = pipe.latency();
    let mut flush_left = pipe.latency();
    let mut read_total = 0u64;
    let mut input_done = false;
    // Frames decoded into `inbuf` but not yet moved into `work`: [carry_at, carry_end).
    let (mut carry_at, mut carry_end) = (0usize, 0usize);
    loop {
        // Fill a whole block (decoders may return less), then zeros to flush latency.
        let mut n = 0;
        while n < block {
            if carry_at == carry_end {
                if input_done {
                    break;
                }
                carry_at = 0;
                carry_end = decoder.read(&mut inbuf)?;
                if carry_end == 0 {
                    input_done = true;
                    break;
                }
            }
            let take = (carry_end - carry_at).min(block - n);
            for c in 0..info.channels {
                work.channel_mut(c)[n..n + take]
                    .copy_from_slice(&inbuf.channel(c)[carry_at..carry_at + take]);
            }
            carry_at += take;
            n += take;
        }
        read_total += n as u64;
        if input_done && n < block && flush_left > 0 {
            let pad = (block - n).min(flush_left);
            for c in 0..info.channels {
                work.channel_mut(c)[n..n + pad]
                    .iter_mut()
                    .for_each(|s| *s = 0.0);
            }
            flush_left -= pad;
            n += pad;
        }
        if n == 0 {
            break;
        }
        pipe.process(&mut work, n);
        let start = to_skip.min(n);
        to_skip -= start;
        let frames = n - start;
        for c in 0..spec.channels {
            let dst = &mut outbuf.channel_mut(c)[..frames];
            dst.copy_from_slice(&work.channel(c)[start..n]);
            if let Some(d) = dither.as_mut() {
                d.process(c, dst);
            }
        }
        writer.write(&outbuf, frames)?;
        progress(read_total, info.total_frames);
    }
    let stats = writer.finish()?;
    Ok(ProcessReport {
        frames: stats.frames,
        sample_rate: info.sample_rate,
        channels: spec.channels,
        clipped_samples: stats.clipped_samples + dither.map_or(0, |d| d.clipped()),
    })
}
