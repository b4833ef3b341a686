//! Writing WAV and FLAC files safely: into a temporary file next to the output, then flushed,
//! fsynced and renamed into place by [`AudioWriter::finish`]. A writer dropped without `finish`
//! leaves nothing behind (the temporary file is removed), so a failed or interrupted run never
//! leaves a half-written output under the final name.
//!
//! Samples are `f32`, full scale 1.0. For integer formats of `b` bits each sample is scaled by
//! `2^(b-1)`, rounded to the nearest integer and clamped to `-2^(b-1) ..= 2^(b-1) - 1`; samples
//! that had to be clamped (and NaNs, written as 0) are counted in
//! [`WriteStats::clipped_samples`]. Normally the dither stage has already put the samples on that
//! grid, so the scaling is exact and nothing clips. `F32` output writes the samples as they are
//! (values beyond ±1 are kept); only non-finite values are replaced by 0 and counted.
//!
//! Both formats are streamed to disk as they are written, in bounded memory. FLAC (encoded with
//! flacenc 0.5) uses fixed 4096-frame blocks with a shorter last block: the writer holds at most
//! one block of samples, encodes each block as soon as it is complete and writes the frame to the
//! temporary file; [`AudioWriter::finish`] encodes the last block and rewrites the STREAMINFO
//! header in place with the exact sample count, the frame sizes and the MD5 of the samples.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;
use vortex_dsp::PlanarBuf;

/// Sample encoding of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SampleFormat {
    /// Signed 16-bit integer.
    I16,
    /// Signed 24-bit integer.
    I24,
    /// Signed 32-bit integer (WAV only).
    I32,
    /// IEEE 754 32-bit float (WAV only).
    F32,
}

impl SampleFormat {
    /// Bits per sample.
    pub fn bits(self) -> u32 {
        match self {
            SampleFormat::I16 => 16,
            SampleFormat::I24 => 24,
            SampleFormat::I32 | SampleFormat::F32 => 32,
        }
    }

    /// Whether this is an integer format.
    pub fn is_integer(self) -> bool {
        !matches!(self, SampleFormat::F32)
    }

    /// A short human name (`"16-bit integer"`, `"32-bit float"`).
    pub fn describe(self) -> &'static str {
        match self {
            SampleFormat::I16 => "16-bit integer",
            SampleFormat::I24 => "24-bit integer",
            SampleFormat::I32 => "32-bit integer",
            SampleFormat::F32 => "32-bit float",
        }
    }
}

/// File format of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Container {
    /// RIFF WAVE (WAVE_FORMAT_EXTENSIBLE where needed). Limited to 4 GiB of sample data.
    Wav,
    /// FLAC (16- or 24-bit integer samples, 1 to 8 channels, at most 96 kHz with the encoder
    /// used, flacenc 0.5).
    Flac,
}

/// Highest FLAC sample rate the encoder (flacenc 0.5) accepts, in Hz.
pub const FLAC_MAX_SAMPLE_RATE: u32 = 96_000;

/// Highest FLAC channel count.
pub const FLAC_MAX_CHANNELS: usize = 8;

/// Frames per FLAC frame (block size).
const FLAC_BLOCK_SIZE: usize = 4096;

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputSpec {
    /// WAV or FLAC.
    pub container: Container,
    /// Sample encoding; FLAC takes only [`SampleFormat::I16`] and [`SampleFormat::I24`].
    pub format: SampleFormat,
    /// Sample rate in Hz (at least 1).
    pub sample_rate: u32,
    /// Channels (at least 1; FLAC at most 8; WAV at most 65535 bytes per frame, e.g. 32767
    /// channels of 16-bit samples).
    pub channels: usize,
}

impl OutputSpec {
    /// Checks the combination. On error returns `(option, reason)`: the name of the offending
    /// field (`"format"`, `"sample_rate"`, `"channels"`) and why.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if self.channels == 0 {
            return Err(("channels", "must be at least 1".to_string()));
        }
        if self.sample_rate == 0 {
            return Err(("sample_rate", "must be at least 1 Hz".to_string()));
        }
        match self.container {
            Container::Wav => {
                // A WAV frame (block align) is at most 65535 bytes.
                let max = usize::from(u16::MAX) / (self.format.bits() as usize / 8);
                if self.channels > max {
                    return Err((
                        "channels",
                        format!(
                            "WAV holds at most {max} channels of {} samples, not {}",
                            self.format.describe(),
                            self.channels
                        ),
                    ));
                }
            }
            Container::Flac => {
                if !matches!(self.format, SampleFormat::I16 | SampleFormat::I24) {
                    return Err((
                        "format",
                        format!(
                            "FLAC output supports 16- and 24-bit integer samples only, not {}",
                            self.format.describe()
                        ),
                    ));
                }
                if self.channels > FLAC_MAX_CHANNELS {
                    return Err((
                        "channels",
                        format!(
                            "FLAC holds at most {FLAC_MAX_CHANNELS} channels, not {}",
                            self.channels
                        ),
                    ));
                }
                if self.sample_rate > FLAC_MAX_SAMPLE_RATE {
                    return Err((
                        "sample_rate",
                        format!(
                            "FLAC output is limited to {FLAC_MAX_SAMPLE_RATE} Hz by the encoder, \
                             not {} Hz (use WAV)",
                            self.sample_rate
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// What an [`AudioWriter`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteStats {
    /// Frames (samples per channel) written.
    pub frames: u64,
    /// Samples clamped to the integer range, plus non-finite samples replaced by 0.
    pub clipped_samples: u64,
}

/// Why an output could not be written. Every message starts with the output path.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// The output exists and overwriting was not allowed.
    #[error("{}: output file already exists (allow overwriting to replace it)", .path.display())]
    Exists {
        /// The output file.
        path: PathBuf,
    },
    /// The [`OutputSpec`] is not valid; `option` names the field.
    #[error("{}: invalid output {option}: {reason}", .path.display())]
    InvalidSpec {
        /// The output file.
        path: PathBuf,
        /// The offending field of [`OutputSpec`].
        option: &'static str,
        /// Why.
        reason: String,
    },
    /// Creating, writing, syncing or renaming failed.
    #[error("{}: cannot {action}: {source}", .path.display())]
    Io {
        /// The output file.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The WAV writer refused (e.g. more than 4 GiB of data).
    #[error("{}: cannot write WAV: {reason}", .path.display())]
    Wav {
        /// The output file.
        path: PathBuf,
        /// The writer's explanation.
        reason: String,
    },
    /// The FLAC encoder failed.
    #[error("{}: cannot encode FLAC: {reason}", .path.display())]
    Flac {
        /// The output file.
        path: PathBuf,
        /// The encoder's explanation.
        reason: String,
    },
}

/// The format-specific part of a writer.
enum Sink {
    /// Samples go straight to the temporary file through hound.
    Wav(hound::WavWriter<BufWriter<File>>),
    /// Samples are encoded block by block to the temporary file.
    Flac(Box<FlacSink>),
}

/// Streaming FLAC encoder state: at most one block of samples is held in memory.
///
/// Each full block of [`FLAC_BLOCK_SIZE`] frames is encoded as soon as it is complete and its
/// bytes go to the temporary file; the STREAMINFO block written up front (with placeholder
/// values) is rewritten in place by [`FlacSink::finish`], once the sample count, frame sizes and
/// MD5 are known.
struct FlacSink {
    /// The temporary file, positioned after the last frame written.
    out: BufWriter<File>,
    config: flacenc::error::Verified<flacenc::config::Encoder>,
    /// Sample rate, channels and bit depth; the rest is filled in by `finish`.
    stream_info: flacenc::component::StreamInfo,
    /// Interleaved samples of the block being collected (fewer than one block's worth between
    /// calls: a full block is encoded at once).
    pending: Vec<i32>,
    /// `FLAC_BLOCK_SIZE * channels`.
    block_samples: usize,
    /// The encoder's planar copy of the block being encoded.
    framebuf: flacenc::source::FrameBuf,
    /// Running MD5 of the samples (as FLAC defines it) and sample count.
    context: flacenc::source::Context,
    /// Reused buffer for one encoded frame.
    frame_bytes: flacenc::bitsink::ByteSink,
    /// Frames (FLAC frames, i.e. blocks) written so far.
    frame_number: usize,
    /// Smallest and largest encoded frame, in bytes.
    min_frame_size: usize,
    max_frame_size: usize,
}

impl FlacSink {
    /// Bytes of the stream header: `fLaC`, the metadata block header and STREAMINFO.
    const HEADER_BYTES: usize = 4 + 4 + 34;

    /// Starts a stream on `file`, writing the header with placeholder values.
    fn new(path: &Path, spec: &OutputSpec, file: File) -> Result<FlacSink, EncodeError> {
        use flacenc::error::Verify;

        let flac_err = |reason: String| EncodeError::Flac {
            path: path.to_path_buf(),
            reason,
        };
        let config = flacenc::config::Encoder::default()
            .into_verified()
            .map_err(|(_, e)| flac_err(format!("encoder configuration: {e}")))?;
        let bits = spec.format.bits() as usize;
        let stream_info =
            flacenc::component::StreamInfo::new(spec.sample_rate as usize, spec.channels, bits)
                .map_err(|e| flac_err(format!("stream parameters: {e}")))?;
        let framebuf = flacenc::source::FrameBuf::with_size(spec.channels, FLAC_BLOCK_SIZE)
            .map_err(|e| flac_err(format!("frame buffer: {e}")))?;
        let block_samples = FLAC_BLOCK_SIZE * spec.channels;
        let mut sink = FlacSink {
            out: BufWriter::with_capacity(1 << 16, file),
            config,
            stream_info,
            pending: Vec::with_capacity(block_samples),
            block_samples,
            framebuf,
            context: flacenc::source::Context::new(bits, spec.channels),
            frame_bytes: flacenc::bitsink::ByteSink::new(),
            frame_number: 0,
            min_frame_size: usize::MAX,
            max_frame_size: 0,
        };
        let header = sink.header(path)?;
        sink.out
            .write_all(&header)
            .map_err(|source| EncodeError::Io {
                path: path.to_path_buf(),
                action: "write the temporary file",
                source,
            })?;
        Ok(sink)
    }

    /// The stream header for the current STREAMINFO (always [`Self::HEADER_BYTES`] long).
    fn header(&self, path: &Path) -> Result<Vec<u8>, EncodeError> {
        use flacenc::component::BitRepr;

        let mut info = self.stream_info.clone();
        // Fixed block size, as the reference encoder writes it: the minimum excludes the last
        // block ("minimum block size, excluding the last block"). A smaller minimum makes
        // decoders take the stream for variable-block-size, and symphonia then rejects every
        // frame header.
        let blocks = info.set_block_sizes(FLAC_BLOCK_SIZE, FLAC_BLOCK_SIZE);
        // 0 means "unknown" (no frames yet, or none at all).
        let frames = if self.frame_number == 0 {
            info.set_frame_sizes(0, 0)
        } else {
            info.set_frame_sizes(self.min_frame_size, self.max_frame_size)
        };
        info.set_total_samples(self.context.total_samples());
        info.set_md5_digest(&self.context.md5_digest());
        let flac_err = |reason: String| EncodeError::Flac {
            path: path.to_path_buf(),
            reason,
        };
        blocks.map_err(|e| flac_err(format!("block sizes: {e}")))?;
        frames.map_err(|e| flac_err(format!("frame sizes: {e}")))?;
        // A stream without frames is just `fLaC` and the STREAMINFO block (marked last).
        let mut sink = flacenc::bitsink::ByteSink::new();
        flacenc::component::Stream::with_stream_info(info)
            .write(&mut sink)
            .map_err(|e| flac_err(format!("writing the stream header: {e:?}")))?;
        let bytes = sink.into_inner();
        if bytes.len() != Self::HEADER_BYTES {
            return Err(flac_err(format!(
                "the stream header is {} bytes, expected {}",
                bytes.len(),
                Self::HEADER_BYTES
            )));
        }
        Ok(bytes)
    }

    /// Appends one interleaved frame (one sample per channel), encoding the block if it is full.
    #[inline]
    fn push_frame(
        &mut self,
        path: &Path,
        frame: impl Iterator<Item = i32>,
    ) -> Result<(), EncodeError> {
        self.pending.extend(frame);
        if self.pending.len() >= self.block_samples {
            self.encode_pending(path)?;
        }
        Ok(())
    }

    /// Encodes the collected samples (a full block, or the last, shorter one) as one FLAC frame
    /// and writes it.
    fn encode_pending(&mut self, path: &Path) -> Result<(), EncodeError> {
        use flacenc::component::BitRepr;
        use flacenc::source::Fill;

        if self.pending.is_empty() {
            return Ok(());
        }
        let flac_err = |reason: String| EncodeError::Flac {
            path: path.to_path_buf(),
            reason,
        };
        (&mut self.framebuf, &mut self.context)
            .fill_interleaved(&self.pending)
            .map_err(|e| flac_err(format!("reading samples: {e}")))?;
        self.pending.clear();
        let frame = flacenc::encode_fixed_size_frame(
            &self.config,
            &self.framebuf,
            self.frame_number,
            &self.stream_info,
        )
        .map_err(|e| flac_err(e.to_string()))?;
        self.frame_bytes.clear();
        frame
            .write(&mut self.frame_bytes)
            .map_err(|e| flac_err(format!("writing the bitstream: {e:?}")))?;
        let bytes = self.frame_bytes.as_slice();
        self.out
            .write_all(bytes)
            .map_err(|source| EncodeError::Io {
                path: path.to_path_buf(),
                action: "write the temporary file",
                source,
            })?;
        self.min_frame_size = self.min_frame_size.min(bytes.len());
        self.max_frame_size = self.max_frame_size.max(bytes.len());
        self.frame_number += 1;
        Ok(())
    }

    /// Encodes the last block, flushes the frames and rewrites the header in place.
    fn finish(mut self, path: &Path) -> Result<(), EncodeError> {
        self.encode_pending(path)?;
        let header = self.header(path)?;
        let io = |source| EncodeError::Io {
            path: path.to_path_buf(),
            action: "write the temporary file",
            source,
        };
        let mut file = self.out.into_inner().map_err(|e| io(e.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(&header).map_err(io)?;
        file.flush().map_err(io)
    }
}

/// A streaming writer of one WAV or FLAC file (see the module documentation for the safety
/// protocol and the sample conversion).
pub struct AudioWriter {
    // Field order matters: the sink (which holds a handle on the temporary file) is dropped
    // before the temporary file, which deletes it.
    sink: Sink,
    tmp: NamedTempFile,
    path: PathBuf,
    spec: OutputSpec,
    overwrite: bool,
    stats: WriteStats,
    /// Most frames the container can hold (WAV: 4 GiB of data; FLAC: 2^36 samples).
    frame_limit: u64,
    /// A write failed part-way: the file cannot be completed.
    poisoned: bool,
}

impl std::fmt::Debug for AudioWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AudioWriter")
            .field("path", &self.path)
            .field("tmp", &self.tmp.path())
            .field("spec", &self.spec)
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

/// Rounds `x * scale` to the nearest integer within `[min, max]`, counting clamps (NaN -> 0,
/// counted).
#[inline]
fn quantize(x: f32, scale: f64, min: f64, max: f64, clipped: &mut u64) -> i32 {
    if x.is_nan() {
        *clipped += 1;
        return 0;
    }
    let v = (f64::from(x) * scale).round();
    if v > max {
        *clipped += 1;
        max as i32
    } else if v < min {
        *clipped += 1;
        min as i32
    } else {
        v as i32
    }
}

/// Writes `channels` (one vector of samples per channel, all the same length) to `path`
/// as a 32-bit float WAV at `sample_rate` Hz, through a temporary name, replacing any
/// existing file: for generated signals and impulse responses.
///
/// # Errors
/// As [`AudioWriter::create`], [`AudioWriter::write`] and [`AudioWriter::finish`].
///
/// # Panics
/// If the channels differ in length (a programming error).
pub fn write_float_wav(
    path: &Path,
    channels: &[Vec<f32>],
    sample_rate: u32,
) -> Result<WriteStats, EncodeError> {
    let spec = OutputSpec {
        container: Container::Wav,
        format: SampleFormat::F32,
        sample_rate,
        channels: channels.len(),
    };
    let buf = PlanarBuf::from_channels(channels);
    let mut w = AudioWriter::create(path, &spec, true)?;
    w.write(&buf, buf.frames())?;
    w.finish()
}

impl AudioWriter {
    /// Validates `spec` and starts writing `path` through a temporary file
    /// `.NAME.vortex-tmp-XXXXXX` in the same directory.
    ///
    /// # Errors
    /// [`EncodeError::Exists`] if `path` exists and `!overwrite` (checked up front, and again
    /// atomically at [`AudioWriter::finish`]); [`EncodeError::InvalidSpec`] naming the bad option
    /// (e.g. FLAC with 32-bit samples); [`EncodeError::Io`] if the temporary file cannot be
    /// created or the FLAC header cannot be written.
    pub fn create(
        path: &Path,
        spec: &OutputSpec,
        overwrite: bool,
    ) -> Result<AudioWriter, EncodeError> {
        let p = || path.to_path_buf();
        if let Err((option, reason)) = spec.validate() {
            return Err(EncodeError::InvalidSpec {
                path: p(),
                option,
                reason,
            });
        }
        if !overwrite && path.symlink_metadata().is_ok() {
            return Err(EncodeError::Exists { path: p() });
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let prefix = format!(".{name}.vortex-tmp-");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).rand_bytes(6);
        // Temporary files are created private (0600); the output should get the usual
        // permissions (0666 less the umask), like any newly created file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder.tempfile_in(dir).map_err(|source| EncodeError::Io {
            path: p(),
            action: "create a temporary file next to the output",
            source,
        })?;
        let file = tmp
            .as_file()
            .try_clone()
            .map_err(|source| EncodeError::Io {
                path: p(),
                action: "open the temporary file",
                source,
            })?;
        let sink = match spec.container {
            Container::Wav => {
                let wav_spec = hound::WavSpec {
                    channels: spec.channels as u16,
                    sample_rate: spec.sample_rate,
                    bits_per_sample: spec.format.bits() as u16,
                    sample_format: if spec.format.is_integer() {
                        hound::SampleFormat::Int
                    } else {
                        hound::SampleFormat::Float
                    },
                };
                let writer =
                    hound::WavWriter::new(BufWriter::with_capacity(1 << 16, file), wav_spec)
                        .map_err(|e| wav_error(path, e))?;
                Sink::Wav(writer)
            }
            Container::Flac => Sink::Flac(Box::new(FlacSink::new(path, spec, file)?)),
        };
        Ok(AudioWriter {
            sink,
            tmp,
            path: p(),
            spec: *spec,
            overwrite,
            stats: WriteStats::default(),
            frame_limit: frame_limit(spec),
            poisoned: false,
        })
    }

    /// The output's specification.
    pub fn spec(&self) -> &OutputSpec {
        &self.spec
    }

    /// Path of the temporary file being written (renamed to the output by `finish`).
    pub fn temp_path(&self) -> &Path {
        self.tmp.path()
    }

    /// Samples held in memory, waiting for their FLAC block to fill up (0 for WAV).
    #[cfg(test)]
    fn buffered_samples(&self) -> usize {
        match &self.sink {
            Sink::Wav(_) => 0,
            Sink::Flac(f) => f.pending.len(),
        }
    }

    /// Appends the first `frames` frames of every channel of `block`.
    ///
    /// # Errors
    /// [`EncodeError::Io`], [`EncodeError::Wav`] or [`EncodeError::Flac`] if writing or encoding
    /// fails; the writer cannot be finished after that.
    ///
    /// # Panics
    /// If `block.channels()` differs from the spec's channel count or `frames > block.frames()`
    /// (programming errors).
    pub fn write(&mut self, block: &PlanarBuf, frames: usize) -> Result<(), EncodeError> {
        assert_eq!(
            block.channels(),
            self.spec.channels,
            "AudioWriter::write: block has {} channels, output has {}",
            block.channels(),
            self.spec.channels
        );
        assert!(
            frames <= block.frames(),
            "AudioWriter::write: {frames} frames requested from a block of {}",
            block.frames()
        );
        if self.stats.frames + frames as u64 > self.frame_limit {
            let reason = format!(
                "the output would exceed the {} frames this container can hold with {} \
                 channels of {} samples",
                self.frame_limit,
                self.spec.channels,
                self.spec.format.describe()
            );
            return Err(match self.spec.container {
                Container::Wav => EncodeError::Wav {
                    path: self.path.clone(),
                    reason: format!("{reason} (4 GiB of data); use FLAC or split the output"),
                },
                Container::Flac => EncodeError::Flac {
                    path: self.path.clone(),
                    reason,
                },
            });
        }
        let channels: Vec<&[f32]> = (0..self.spec.channels)
            .map(|c| &block.channel(c)[..frames])
            .collect();
        let bits = self.spec.format.bits();
        let scale = f64::from(bits - 1).exp2();
        let (min, max) = (-scale, scale - 1.0);
        let clipped = &mut self.stats.clipped_samples;
        match &mut self.sink {
            Sink::Wav(w) => {
                let res: Result<(), hound::Error> = (|| {
                    match self.spec.format {
                        SampleFormat::F32 => {
                            for i in 0..frames {
                                for ch in &channels {
                                    let mut x = ch[i];
                                    if !x.is_finite() {
                                        *clipped += 1;
                                        x = 0.0;
                                    }
                                    w.write_sample(x)?;
                                }
                            }
                        }
                        SampleFormat::I16 => {
                            for i in 0..frames {
                                for ch in &channels {
                                    let q = quantize(ch[i], scale, min, max, clipped);
                                    w.write_sample(q as i16)?;
                                }
                            }
                        }
                        SampleFormat::I24 | SampleFormat::I32 => {
                            for i in 0..frames {
                                for ch in &channels {
                                    w.write_sample(quantize(ch[i], scale, min, max, clipped))?;
                                }
                            }
                        }
                    }
                    Ok(())
                })();
                if let Err(e) = res {
                    self.poisoned = true;
                    return Err(wav_error(&self.path, e));
                }
            }
            Sink::Flac(f) => {
                for i in 0..frames {
                    let frame = channels
                        .iter()
                        .map(|ch| quantize(ch[i], scale, min, max, &mut *clipped));
                    if let Err(e) = f.push_frame(&self.path, frame) {
                        self.poisoned = true;
                        return Err(e);
                    }
                }
            }
        }
        self.stats.frames += frames as u64;
        Ok(())
    }

    /// Completes the file (WAV header / last FLAC block and STREAMINFO), flushes and fsyncs it, and renames it to
    /// the output path: without replacing an existing file unless `overwrite` was given.
    ///
    /// # Errors
    /// [`EncodeError::Exists`] if the output appeared meanwhile and `!overwrite`;
    /// [`EncodeError::Io`], [`EncodeError::Wav`] or [`EncodeError::Flac`] otherwise. On error the
    /// temporary file is removed.
    pub fn finish(self) -> Result<WriteStats, EncodeError> {
        let AudioWriter {
            sink,
            tmp,
            path,
            spec,
            overwrite,
            stats,
            frame_limit: _,
            poisoned,
        } = self;
        if poisoned {
            // Dropping `tmp` removes the partial file.
            let reason = "an earlier write failed, so the file cannot be completed".to_string();
            return Err(match spec.container {
                Container::Wav => EncodeError::Wav { path, reason },
                Container::Flac => EncodeError::Flac { path, reason },
            });
        }
        let io = |action: &'static str| {
            let path = path.clone();
            move |source| EncodeError::Io {
                path,
                action,
                source,
            }
        };
        match sink {
            Sink::Wav(w) => {
                // `finalize` writes the header sizes and flushes the BufWriter.
                w.finalize().map_err(|e| wav_error(&path, e))?;
            }
            Sink::Flac(f) => f.finish(&path)?,
        }
        tmp.as_file()
            .sync_all()
            .map_err(io("sync the temporary file to disk"))?;
        let persisted = if overwrite {
            tmp.persist(&path)
        } else {
            tmp.persist_noclobber(&path)
        };
        if let Err(e) = persisted {
            // Dropping `e.file` removes the temporary file.
            let exists = e.error.kind() == io::ErrorKind::AlreadyExists;
            return Err(if exists && !overwrite {
                EncodeError::Exists { path }
            } else {
                EncodeError::Io {
                    path,
                    action: "rename the temporary file into place",
                    source: e.error,
                }
            });
        }
        // Make the rename itself durable. Best effort: not every platform can sync a directory.
        if let Some(dir) = path.parent() {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(stats)
    }
}

/// Most frames `spec` can hold: WAV sizes are 32-bit byte counts (hound would overflow past
/// them), FLAC's STREAMINFO counts samples in 36 bits.
fn frame_limit(spec: &OutputSpec) -> u64 {
    match spec.container {
        Container::Wav => {
            // Leave room for the largest header hound writes (WAVE_FORMAT_EXTENSIBLE).
            let frame_bytes = u64::from(spec.format.bits() / 8) * spec.channels as u64;
            (u64::from(u32::MAX) - 128) / frame_bytes.max(1)
        }
        Container::Flac => (1 << 36) - 1,
    }
}

/// Maps a hound error.
fn wav_error(path: &Path, e: hound::Error) -> EncodeError {
    match e {
        hound::Error::IoError(source) => EncodeError::Io {
            path: path.to_path_buf(),
            action: "write the WAV file",
            source,
        },
        other => EncodeError::Wav {
            path: path.to_path_buf(),
            reason: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{DecodeOptions, decode_file};
    use std::process::Command;

    /// xorshift64* (deterministic).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
    }

    fn spec(container: Container, format: SampleFormat, channels: usize) -> OutputSpec {
        OutputSpec {
            container,
            format,
            sample_rate: 48_000,
            channels,
        }
    }

    /// Random samples on the `format` grid (exactly representable in f32), with the extremes of
    /// the range at the start of each channel.
    fn on_grid(format: SampleFormat, channels: usize, frames: usize, seed: u64) -> PlanarBuf {
        let mut rng = Rng(seed);
        let chans: Vec<Vec<f32>> = (0..channels)
            .map(|_| {
                (0..frames)
                    .map(|i| match format {
                        SampleFormat::F32 => {
                            if i == 0 {
                                1.75 // beyond full scale: float keeps it
                            } else {
                                (rng.next() as i64 as f64 / 2f64.powi(63) * 1.2) as f32
                            }
                        }
                        _ => {
                            let bits = format.bits() as i32;
                            let scale = 2f64.powi(bits - 1);
                            // 32-bit: keep 24 significant bits so the value is exact in f32.
                            let k: i64 = match (i, bits) {
                                (0, _) => -(scale as i64),
                                (1, 32) => (1i64 << 31) - (1 << 7),
                                (1, _) => scale as i64 - 1,
                                (_, 32) => ((rng.next() as i64) >> 40) << 8,
                                (_, b) => (rng.next() as i64) >> (64 - b),
                            };
                            (k as f64 / scale) as f32
                        }
                    })
                    .collect()
            })
            .collect();
        PlanarBuf::from_channels(&chans)
    }

    /// Writes `buf` in uneven blocks.
    fn write_all(path: &Path, spec: &OutputSpec, buf: &PlanarBuf) -> WriteStats {
        let mut w = AudioWriter::create(path, spec, false).unwrap();
        let mut at = 0;
        let mut step = 1;
        let mut block = PlanarBuf::new(buf.channels(), 5000);
        while at < buf.frames() {
            let n = step.min(buf.frames() - at);
            for c in 0..buf.channels() {
                block.channel_mut(c)[..n].copy_from_slice(&buf.channel(c)[at..at + n]);
            }
            w.write(&block, n).unwrap();
            at += n;
            step = (step * 3 + 1) % 4999 + 1;
        }
        w.finish().unwrap()
    }

    fn require(tool: &str) {
        let ok = Command::new(tool)
            .arg("--version")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(ok, "`{tool}` is not installed; run scripts/setup.sh");
    }

    /// `flac -t`: decodes with the reference decoder and checks the MD5 of the samples.
    fn flac_test(path: &Path) {
        require("flac");
        let out = Command::new("flac")
            .arg("-t")
            .arg("-s")
            .arg(path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "flac -t {} failed: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn wav_round_trip_is_exact_for_every_format() {
        let dir = tempfile::tempdir().unwrap();
        for (i, format) in [
            SampleFormat::I16,
            SampleFormat::I24,
            SampleFormat::I32,
            SampleFormat::F32,
        ]
        .into_iter()
        .enumerate()
        {
            let path = dir.path().join(format!("rt-{i}.wav"));
            let s = spec(Container::Wav, format, 3);
            let input = on_grid(format, 3, 10_007, 42 + i as u64);
            let stats = write_all(&path, &s, &input);
            assert_eq!(stats.frames, 10_007);
            assert_eq!(
                stats.clipped_samples, 0,
                "{format:?}: on-grid samples never clip"
            );

            // hound sees the right header and integers.
            let mut r = hound::WavReader::open(&path).unwrap();
            let hs = r.spec();
            assert_eq!(
                (hs.channels, hs.sample_rate, hs.bits_per_sample),
                (3, 48_000, format.bits() as u16)
            );
            if format == SampleFormat::F32 {
                let got: Vec<f32> = r.samples::<f32>().map(Result::unwrap).collect();
                for (n, v) in got.iter().enumerate() {
                    assert_eq!(*v, input.channel(n % 3)[n / 3], "{format:?} sample {n}");
                }
            } else {
                let scale = 2f64.powi(format.bits() as i32 - 1);
                let got: Vec<i32> = r.samples::<i32>().map(Result::unwrap).collect();
                assert_eq!(got.len(), 3 * 10_007);
                for (n, v) in got.iter().enumerate() {
                    let want = (f64::from(input.channel(n % 3)[n / 3]) * scale) as i32;
                    assert_eq!(*v, want, "{format:?} sample {n}");
                }
            }

            // Our decoder gives back exactly the input.
            let (info, back) = decode_file(&path, &DecodeOptions::default()).unwrap();
            assert_eq!((info.channels, info.sample_rate), (3, 48_000));
            assert_eq!(back, input, "{format:?}");
        }
    }

    #[test]
    fn flac_round_trip_is_exact_and_valid() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            (SampleFormat::I16, 2, 10_007),
            (SampleFormat::I24, 2, 10_007),
            (SampleFormat::I16, 1, 4096),
            (SampleFormat::I24, 1, 4097),
            (SampleFormat::I16, 6, 4095),
            (SampleFormat::I16, 2, 1),
            (SampleFormat::I24, 8, 31),
            (SampleFormat::I16, 2, 8192 + 33),
        ];
        for (i, (format, channels, frames)) in cases.into_iter().enumerate() {
            let path = dir.path().join(format!("rt-{i}.flac"));
            let s = spec(Container::Flac, format, channels);
            let input = on_grid(format, channels, frames, 7 + i as u64);
            let stats = write_all(&path, &s, &input);
            assert_eq!(
                stats,
                WriteStats {
                    frames: frames as u64,
                    clipped_samples: 0
                }
            );
            flac_test(&path);
            let (info, back) = decode_file(&path, &DecodeOptions::default()).unwrap();
            assert_eq!(info.total_frames, Some(frames as u64), "case {i}");
            assert_eq!(info.bits_per_sample, Some(format.bits()), "case {i}");
            assert_eq!(
                back, input,
                "case {i}: {format:?} {channels} ch {frames} frames"
            );
        }
    }

    #[test]
    fn flac_with_no_frames() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.flac");
        let w = AudioWriter::create(&path, &spec(Container::Flac, SampleFormat::I16, 2), false)
            .unwrap();
        let stats = w.finish().unwrap();
        assert_eq!(stats.frames, 0);
        flac_test(&path);
        let (info, back) = decode_file(&path, &DecodeOptions::default()).unwrap();
        assert_eq!((info.channels, back.frames()), (2, 0));
    }

    /// Frame `i` of channel `c` of a long deterministic 16-bit test signal: a slow sweep plus
    /// noise, exactly on the 16-bit grid.
    fn long_signal(c: usize, i: u64) -> f32 {
        let mut rng = Rng((i << 3 | c as u64) ^ 0x9e37_79b9_7f4a_7c15);
        let t = i as f64 / 48_000.0;
        let tone = (t * (200.0 + 50.0 * c as f64 + 20.0 * t) * std::f64::consts::TAU).sin();
        let noise = (rng.next() >> 52) as f64 - 2048.0;
        let k = (tone * 20_000.0 + noise).round();
        (k / 32768.0) as f32
    }

    /// `metaflac` with `args` on `path`, its output trimmed.
    fn metaflac(args: &[&str], path: &Path) -> String {
        require("metaflac");
        let out = Command::new("metaflac")
            .args(args)
            .arg(path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "metaflac {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// STREAMINFO fields as `metaflac` reads them: (min block, max block, min frame, max frame,
    /// total samples, MD5).
    fn stream_info_of(path: &Path) -> (u64, u64, u64, u64, u64, String) {
        let out = metaflac(
            &[
                "--show-min-blocksize",
                "--show-max-blocksize",
                "--show-min-framesize",
                "--show-max-framesize",
                "--show-total-samples",
                "--show-md5sum",
            ],
            path,
        );
        let f: Vec<&str> = out.lines().collect();
        assert_eq!(f.len(), 6, "{out}");
        let n = |k: usize| f[k].parse::<u64>().unwrap();
        (n(0), n(1), n(2), n(3), n(4), f[5].to_string())
    }

    /// MD5 of the samples as FLAC defines it (interleaved, little-endian, `bits / 8` bytes per
    /// sample), computed by `md5sum` over those bytes.
    fn flac_md5(buf: &PlanarBuf, format: SampleFormat, dir: &Path) -> String {
        let bytes_per_sample = format.bits() as usize / 8;
        let scale = 2f64.powi(format.bits() as i32 - 1);
        let mut raw = Vec::new();
        for i in 0..buf.frames() {
            for c in 0..buf.channels() {
                let v = (f64::from(buf.channel(c)[i]) * scale) as i32;
                raw.extend_from_slice(&v.to_le_bytes()[..bytes_per_sample]);
            }
        }
        let raw_path = dir.join("samples.raw");
        std::fs::write(&raw_path, &raw).unwrap();
        let out = Command::new("md5sum").arg(&raw_path).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        text.split_whitespace().next().unwrap().to_string()
    }

    #[test]
    fn flac_is_streamed_with_at_most_one_block_in_memory() {
        // A little over a million frames (about 26 s of 48 kHz stereo), mostly in 1000-frame
        // calls, with one large call in the middle; the total is not a multiple of the block.
        const FRAMES: u64 = 1_234_567;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.flac");
        let s = spec(Container::Flac, SampleFormat::I16, 2);
        let block_samples = FLAC_BLOCK_SIZE * 2;
        let mut w = AudioWriter::create(&path, &s, false).unwrap();
        let mut block = PlanarBuf::new(2, 50_000);
        let mut at = 0u64;
        let mut calls = 0u64;
        let mut peak = 0;
        while at < FRAMES {
            let step = if calls == 300 { 50_000 } else { 1000 };
            let n = step.min((FRAMES - at) as usize);
            for c in 0..2 {
                for (k, x) in block.channel_mut(c)[..n].iter_mut().enumerate() {
                    *x = long_signal(c, at + k as u64);
                }
            }
            w.write(&block, n).unwrap();
            at += n as u64;
            calls += 1;
            let buffered = w.buffered_samples();
            assert!(buffered < block_samples, "{buffered} samples buffered");
            assert_eq!(buffered as u64, (at % FLAC_BLOCK_SIZE as u64) * 2);
            let Sink::Flac(f) = &w.sink else {
                unreachable!()
            };
            assert!(
                f.pending.capacity() <= block_samples,
                "buffer grew to {}",
                f.pending.capacity()
            );
            peak = peak.max(buffered);
            // Complete blocks are already in the file.
            assert_eq!(f.frame_number as u64, at / FLAC_BLOCK_SIZE as u64);
        }
        assert!(peak > 0);
        let stats = w.finish().unwrap();
        assert_eq!(
            stats,
            WriteStats {
                frames: FRAMES,
                clipped_samples: 0
            }
        );

        flac_test(&path);
        let (min_block, max_block, min_frame, max_frame, total, _) = stream_info_of(&path);
        assert_eq!((min_block, max_block, total), (4096, 4096, FRAMES));
        let frames = FRAMES.div_ceil(FLAC_BLOCK_SIZE as u64);
        let body = std::fs::metadata(&path).unwrap().len() - FlacSink::HEADER_BYTES as u64;
        assert!(
            0 < min_frame && min_frame <= max_frame,
            "{min_frame} {max_frame}"
        );
        assert!(min_frame * frames <= body && body <= max_frame * frames);

        let (info, back) = decode_file(&path, &DecodeOptions::default()).unwrap();
        assert_eq!(info.total_frames, Some(FRAMES));
        assert_eq!((info.channels, back.frames() as u64), (2, FRAMES));
        for c in 0..2 {
            for (i, x) in back.channel(c).iter().enumerate() {
                assert_eq!(*x, long_signal(c, i as u64), "channel {c} frame {i}");
            }
        }
    }

    #[test]
    fn flac_streaminfo_md5_and_sizes_are_right() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            (SampleFormat::I16, 2, 10_007),
            (SampleFormat::I24, 3, 4097),
            (SampleFormat::I16, 1, 4096),
            (SampleFormat::I24, 2, 5),
            (SampleFormat::I16, 2, 0),
        ];
        for (i, (format, channels, frames)) in cases.into_iter().enumerate() {
            let path = dir.path().join(format!("md5-{i}.flac"));
            let s = spec(Container::Flac, format, channels);
            let input = on_grid(format, channels, frames, 99 + i as u64);
            assert_eq!(write_all(&path, &s, &input).frames, frames as u64);
            flac_test(&path);
            let want = flac_md5(&input, format, dir.path());
            let (min_block, max_block, min_frame, max_frame, total, md5) = stream_info_of(&path);
            assert_eq!(md5, want, "case {i}");
            if frames == 0 {
                assert_eq!(want, "d41d8cd98f00b204e9800998ecf8427e");
            }
            // And the raw bytes: STREAMINFO's last 16 bytes, right after the 42-byte header's
            // first 26.
            let bytes = std::fs::read(&path).unwrap();
            let raw: String = bytes[26..42].iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(raw, want, "case {i}");
            assert_eq!(
                &bytes[..5],
                b"fLaC\x80",
                "case {i}: STREAMINFO is the last block"
            );
            assert_eq!((min_block, max_block, total), (4096, 4096, frames as u64));
            let body = bytes.len() as u64 - FlacSink::HEADER_BYTES as u64;
            match frames.div_ceil(FLAC_BLOCK_SIZE) as u64 {
                0 => assert_eq!((min_frame, max_frame, body), (0, 0, 0), "case {i}"),
                1 => assert_eq!((min_frame, max_frame), (body, body), "case {i}"),
                n => assert!(
                    0 < min_frame && min_frame * n <= body && body <= max_frame * n,
                    "case {i}"
                ),
            }
        }
    }

    #[test]
    fn quantisation_rounds_clamps_and_counts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clip.wav");
        let lsb = 1.0 / 32768.0;
        let x = vec![
            0.0,
            1.0,           // clamps to 32767
            -1.0,          // exactly -32768: not clipped
            1.5,           // clamps
            -2.0,          // clamps
            f32::NAN,      // 0, counted
            0.6 * lsb,     // rounds to 1
            -0.4 * lsb,    // rounds to 0
            100.49 * lsb,  // 100
            f32::INFINITY, // clamps
        ];
        let buf = PlanarBuf::from_channels(std::slice::from_ref(&x));
        let mut w =
            AudioWriter::create(&path, &spec(Container::Wav, SampleFormat::I16, 1), false).unwrap();
        w.write(&buf, x.len()).unwrap();
        let stats = w.finish().unwrap();
        assert_eq!(stats.clipped_samples, 5);
        let got: Vec<i16> = hound::WavReader::open(&path)
            .unwrap()
            .samples::<i16>()
            .map(Result::unwrap)
            .collect();
        assert_eq!(got, [0, 32767, -32768, 32767, -32768, 0, 1, 0, 100, 32767]);

        // Float output keeps out-of-range values; only non-finite ones are replaced and counted.
        let path = dir.path().join("clip-f32.wav");
        let mut w =
            AudioWriter::create(&path, &spec(Container::Wav, SampleFormat::F32, 1), false).unwrap();
        w.write(&buf, x.len()).unwrap();
        assert_eq!(w.finish().unwrap().clipped_samples, 2);
        let got: Vec<f32> = hound::WavReader::open(&path)
            .unwrap()
            .samples::<f32>()
            .map(Result::unwrap)
            .collect();
        assert_eq!(got[3], 1.5);
        assert_eq!(got[5], 0.0);
        assert_eq!(got[9], 0.0);
    }

    #[test]
    fn invalid_specs_name_the_option() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.flac");
        let check = |s: OutputSpec, option: &str, words: &str| {
            let e = AudioWriter::create(&path, &s, false).unwrap_err();
            match &e {
                EncodeError::InvalidSpec { option: o, .. } => assert_eq!(*o, option, "{e}"),
                other => panic!("{other:?}"),
            }
            let msg = e.to_string();
            assert!(msg.starts_with(&path.display().to_string()), "{msg}");
            assert!(msg.contains(option) && msg.contains(words), "{msg}");
        };
        check(
            spec(Container::Flac, SampleFormat::I32, 2),
            "format",
            "32-bit integer",
        );
        check(
            spec(Container::Flac, SampleFormat::F32, 2),
            "format",
            "32-bit float",
        );
        check(
            spec(Container::Flac, SampleFormat::I16, 9),
            "channels",
            "at most 8",
        );
        check(
            spec(Container::Wav, SampleFormat::I16, 0),
            "channels",
            "at least 1",
        );
        let mut s = spec(Container::Wav, SampleFormat::I16, 2);
        s.sample_rate = 0;
        check(s, "sample_rate", "at least 1");
        let mut s = spec(Container::Flac, SampleFormat::I24, 2);
        s.sample_rate = 192_000;
        check(s, "sample_rate", "96000");
        // Nothing was left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn drop_without_finish_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        for container in [Container::Wav, Container::Flac] {
            let path = dir.path().join("out.wav");
            let mut w =
                AudioWriter::create(&path, &spec(container, SampleFormat::I16, 2), false).unwrap();
            let tmp = w.temp_path().to_path_buf();
            assert_eq!(tmp.parent(), Some(dir.path()));
            let name = tmp.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.starts_with(".out.wav.vortex-tmp-"), "{name}");
            w.write(&on_grid(SampleFormat::I16, 2, 1000, 1), 1000)
                .unwrap();
            assert!(tmp.exists());
            assert!(!path.exists(), "nothing under the final name before finish");
            drop(w);
            assert!(!tmp.exists(), "temporary file removed");
            assert!(!path.exists());
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        }
    }

    #[test]
    fn existing_output_is_refused_unless_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taken.wav");
        std::fs::write(&path, b"precious").unwrap();
        let s = spec(Container::Wav, SampleFormat::I16, 1);
        let e = AudioWriter::create(&path, &s, false).unwrap_err();
        assert!(matches!(e, EncodeError::Exists { .. }), "{e:?}");
        assert!(e.to_string().contains("taken.wav"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b"precious");

        // Appearing between create and finish: still refused, atomically.
        let late = dir.path().join("late.wav");
        let mut w = AudioWriter::create(&late, &s, false).unwrap();
        w.write(&on_grid(SampleFormat::I16, 1, 10, 2), 10).unwrap();
        std::fs::write(&late, b"someone else's").unwrap();
        let e = w.finish().unwrap_err();
        assert!(matches!(e, EncodeError::Exists { .. }), "{e:?}");
        assert_eq!(std::fs::read(&late).unwrap(), b"someone else's");

        // With overwrite the file is replaced.
        let mut w = AudioWriter::create(&path, &s, true).unwrap();
        w.write(&on_grid(SampleFormat::I16, 1, 10, 3), 10).unwrap();
        assert_eq!(w.finish().unwrap().frames, 10);
        assert_eq!(hound::WavReader::open(&path).unwrap().len(), 10);
        // Only the two outputs remain: no temporary files.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn size_limit_is_an_error_not_a_corrupt_file() {
        // 2 channels of 32-bit: 4 GiB of data is a little under 2^29 frames.
        let s = spec(Container::Wav, SampleFormat::F32, 2);
        assert_eq!(frame_limit(&s), (u64::from(u32::MAX) - 128) / 8);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.wav");
        let mut w = AudioWriter::create(&path, &s, false).unwrap();
        w.frame_limit = 100; // stand-in for the real limit
        let block = on_grid(SampleFormat::F32, 2, 60, 9);
        w.write(&block, 60).unwrap();
        let e = w.write(&block, 60).unwrap_err();
        assert!(matches!(e, EncodeError::Wav { .. }), "{e:?}");
        assert!(e.to_string().contains("use FLAC"), "{e}");
        drop(w);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn missing_directory_is_an_io_error_naming_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-dir").join("x.wav");
        let e = AudioWriter::create(&path, &spec(Container::Wav, SampleFormat::I16, 1), false)
            .unwrap_err();
        assert!(matches!(e, EncodeError::Io { .. }), "{e:?}");
        assert!(
            e.to_string().starts_with(&path.display().to_string()),
            "{e}"
        );
    }
}
