//! Impulse responses for FIR filters, from audio files, raw sample files or text.
//!
//! Samples come out as `f32` at full scale 1.0: integer formats of `b` bits are divided by
//! `2^(b-1)` (so `i16::MIN` becomes -1.0), float formats are taken as they are. Every sample must
//! be finite. Channels are numbered from 0.

use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use vortex_dsp::PlanarBuf;

use crate::decode::{DecodeError, DecodeOptions, Decoder};
use crate::read_limit::open_limited;

/// Most interleaved channels a raw impulse-response file may have.
pub const MAX_RAW_CHANNELS: usize = 64;

/// How an impulse-response file is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IrFormat {
    /// Any audio file [`crate::decode`] reads (WAV, FLAC, AIFF, ...); the format is found from
    /// the content. Its sample rate is reported in [`IrData::sample_rate`].
    Audio,
    /// Raw little-endian IEEE 754 32-bit floats, interleaved.
    RawF32Le,
    /// Raw little-endian IEEE 754 64-bit floats, interleaved.
    RawF64Le,
    /// Raw little-endian signed 16-bit integers, interleaved (full scale 2^15).
    RawS16Le,
    /// Raw little-endian signed 24-bit integers packed in 3 bytes, interleaved (full scale 2^23).
    RawS24Le,
    /// Raw little-endian signed 32-bit integers, interleaved (full scale 2^31).
    RawS32Le,
    /// UTF-8 text, one number per line; blank lines and `#` comments (whole-line or trailing)
    /// are ignored. Always one channel.
    Text,
}

impl IrFormat {
    /// Bytes per sample of a raw format; `None` for [`IrFormat::Audio`] and [`IrFormat::Text`].
    pub fn raw_sample_bytes(self) -> Option<usize> {
        match self {
            IrFormat::RawF32Le | IrFormat::RawS32Le => Some(4),
            IrFormat::RawF64Le => Some(8),
            IrFormat::RawS16Le => Some(2),
            IrFormat::RawS24Le => Some(3),
            IrFormat::Audio | IrFormat::Text => None,
        }
    }
}

/// Which impulse response to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrSpec {
    /// The file.
    pub path: PathBuf,
    /// Its encoding.
    pub format: IrFormat,
    /// Channel to take, 0-based.
    pub channel: usize,
    /// Interleaved channels in a raw file (ignored for audio and text files). Usually 1.
    pub raw_channels: usize,
}

impl IrSpec {
    /// Channel 0 of `path`, one channel if raw.
    pub fn new(path: impl Into<PathBuf>, format: IrFormat) -> Self {
        Self {
            path: path.into(),
            format,
            channel: 0,
            raw_channels: 1,
        }
    }
}

/// A loaded impulse response.
#[derive(Debug, Clone, PartialEq)]
pub struct IrData {
    /// The taps, full scale 1.0.
    pub samples: Vec<f32>,
    /// Sample rate in Hz, for audio files; `None` for raw and text files (which do not say).
    pub sample_rate: Option<u32>,
}

/// Why an impulse response could not be loaded. Every message starts with the file's path.
#[derive(Debug, thiserror::Error)]
pub enum IrError {
    /// The file could not be opened or read.
    #[error("{}: cannot read the impulse response: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// An audio file could not be decoded (the inner error names the file).
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The requested channel does not exist.
    #[error(
        "{}: channel {channel} requested but the file has {channels} channel{} (channels are \
         numbered from 0)",
        .path.display(),
        if *.channels == 1 { "" } else { "s" }
    )]
    NoSuchChannel {
        /// The file.
        path: PathBuf,
        /// The channel asked for (0-based).
        channel: usize,
        /// Channels the file has.
        channels: usize,
    },
    /// `raw_channels` is 0.
    #[error("{}: raw_channels must be at least 1", .path.display())]
    ZeroRawChannels {
        /// The file.
        path: PathBuf,
    },
    /// `raw_channels` is more than [`MAX_RAW_CHANNELS`].
    #[error("{}: raw_channels {channels} is more than {MAX_RAW_CHANNELS}", .path.display())]
    TooManyRawChannels {
        /// The file.
        path: PathBuf,
        /// The count given.
        channels: usize,
    },
    /// A raw file's length is not a whole number of frames.
    #[error(
        "{}: raw file length {len} bytes is not a multiple of the frame size {frame_bytes} bytes \
         ({channels} channel{} x {sample_bytes} bytes per sample)",
        .path.display(),
        if *.channels == 1 { "" } else { "s" }
    )]
    RawLength {
        /// The file.
        path: PathBuf,
        /// File length in bytes.
        len: u64,
        /// Bytes per interleaved frame.
        frame_bytes: usize,
        /// Interleaved channels.
        channels: usize,
        /// Bytes per sample.
        sample_bytes: usize,
    },
    /// A text line is not a number.
    #[error("{}: line {line}: {text:?} is not a number", .path.display())]
    NotANumber {
        /// The file.
        path: PathBuf,
        /// Line number, from 1.
        line: usize,
        /// The offending text (comment and surrounding blanks removed).
        text: String,
    },
    /// More samples than allowed.
    #[error(
        "{}: impulse response has {samples} samples, more than the limit of {max}",
        .path.display()
    )]
    TooLong {
        /// The file.
        path: PathBuf,
        /// Samples in the file (per channel).
        samples: u64,
        /// The limit.
        max: usize,
    },
    /// No samples at all.
    #[error("{}: impulse response is empty (no samples)", .path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// A sample is NaN or infinite (or a 64-bit value outside the 32-bit float range).
    #[error("{}: {} is {value} (samples must be finite)", .path.display(), Where(*.index, *.line))]
    NotFinite {
        /// The file.
        path: PathBuf,
        /// Index of the sample in the channel, from 0.
        index: usize,
        /// Line number (from 1), for text files.
        line: Option<usize>,
        /// The value as read.
        value: f64,
    },
}

/// Display helper: where a bad sample is.
struct Where(usize, Option<usize>);

impl std::fmt::Display for Where {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.1 {
            Some(line) => write!(f, "line {line} (sample {})", self.0),
            None => write!(f, "sample {}", self.0),
        }
    }
}

/// Loads channel `spec.channel` of the impulse response `spec.path`, refusing more than
/// `max_len` samples (checked from the file size or header before reading the whole file where
/// possible).
///
/// # Errors
/// [`IrError`], naming the file: unreadable, undecodable, missing channel, bad raw length, a text
/// line that is not a number, too long, empty, or NaN/infinite samples.
pub fn load_impulse(spec: &IrSpec, max_len: usize) -> Result<IrData, IrError> {
    let samples_and_rate = match spec.format {
        IrFormat::Audio => load_audio(spec, max_len)?,
        IrFormat::Text => (load_text(spec, max_len)?, None),
        raw => (load_raw(spec, raw, max_len)?, None),
    };
    let (samples, sample_rate) = samples_and_rate;
    if samples.is_empty() {
        return Err(IrError::Empty {
            path: spec.path.clone(),
        });
    }
    Ok(IrData {
        samples,
        sample_rate,
    })
}

/// An [`IrError::Io`] for `path`.
fn io_err(path: &Path) -> impl FnOnce(io::Error) -> IrError + '_ {
    move |source| IrError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Checks that every sample is finite.
fn check_finite(path: &Path, samples: &[f32]) -> Result<(), IrError> {
    match samples.iter().position(|s| !s.is_finite()) {
        Some(index) => Err(IrError::NotFinite {
            path: path.to_path_buf(),
            index,
            line: None,
            value: f64::from(samples[index]),
        }),
        None => Ok(()),
    }
}

/// Decodes one channel of an audio file.
fn load_audio(spec: &IrSpec, max_len: usize) -> Result<(Vec<f32>, Option<u32>), IrError> {
    let path = &spec.path;
    let mut dec = Decoder::open(path, &DecodeOptions::default())?;
    let info = dec.info().clone();
    if spec.channel >= info.channels {
        return Err(IrError::NoSuchChannel {
            path: path.clone(),
            channel: spec.channel,
            channels: info.channels,
        });
    }
    if let Some(total) = info.total_frames
        && total > max_len as u64
    {
        return Err(IrError::TooLong {
            path: path.clone(),
            samples: total,
            max: max_len,
        });
    }
    let mut out = Vec::with_capacity(info.total_frames.map_or(0, |t| t.min(1 << 20) as usize));
    let mut block = PlanarBuf::new(info.channels, 4096);
    loop {
        let n = dec.read(&mut block)?;
        if n == 0 {
            break;
        }
        if out.len() + n > max_len {
            // Count the rest without keeping it, to say how long the file is.
            let mut total = (out.len() + n) as u64;
            loop {
                let m = dec.read(&mut block)?;
                if m == 0 {
                    break;
                }
                total += m as u64;
            }
            return Err(IrError::TooLong {
                path: path.clone(),
                samples: total,
                max: max_len,
            });
        }
        out.extend_from_slice(&block.channel(spec.channel)[..n]);
    }
    check_finite(path, &out)?;
    Ok((out, Some(info.sample_rate)))
}

/// Reads one channel of a raw interleaved file.
fn load_raw(spec: &IrSpec, format: IrFormat, max_len: usize) -> Result<Vec<f32>, IrError> {
    let path = &spec.path;
    let sample_bytes = format.raw_sample_bytes().unwrap_or(4);
    let channels = spec.raw_channels;
    if channels == 0 {
        return Err(IrError::ZeroRawChannels { path: path.clone() });
    }
    if spec.channel >= channels {
        return Err(IrError::NoSuchChannel {
            path: path.clone(),
            channel: spec.channel,
            channels,
        });
    }
    if channels > MAX_RAW_CHANNELS {
        return Err(IrError::TooManyRawChannels {
            path: path.clone(),
            channels,
        });
    }
    let frame_bytes = sample_bytes * channels;
    // A raw file longer than the sample limit is refused before reading.
    let max_bytes = (max_len as u64).saturating_mul(frame_bytes as u64);
    let (mut file, len) = open_limited(path, max_bytes).map_err(|e| match e.kind() {
        std::io::ErrorKind::FileTooLarge => IrError::TooLong {
            path: path.clone(),
            samples: std::fs::metadata(path).map_or(0, |m| m.len()) / frame_bytes as u64,
            max: max_len,
        },
        _ => IrError::Io {
            path: path.clone(),
            source: e,
        },
    })?;
    if len % frame_bytes as u64 != 0 {
        return Err(IrError::RawLength {
            path: path.clone(),
            len,
            frame_bytes,
            channels,
            sample_bytes,
        });
    }
    let frames = len / frame_bytes as u64;
    if frames > max_len as u64 {
        return Err(IrError::TooLong {
            path: path.clone(),
            samples: frames,
            max: max_len,
        });
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.read_to_end(&mut bytes).map_err(io_err(path))?;
    if bytes.len() as u64 != len || bytes.len() % frame_bytes != 0 {
        // The file changed size while being read.
        return Err(IrError::RawLength {
            path: path.clone(),
            len: bytes.len() as u64,
            frame_bytes,
            channels,
            sample_bytes,
        });
    }
    let at = spec.channel * sample_bytes;
    let mut out = Vec::with_capacity(frames as usize);
    for (index, frame) in bytes.chunks_exact(frame_bytes).enumerate() {
        let b = &frame[at..at + sample_bytes];
        let (value, wide) = match format {
            IrFormat::RawF32Le => {
                let v = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                (v, f64::from(v))
            }
            IrFormat::RawF64Le => {
                let v = f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
                (v as f32, v)
            }
            IrFormat::RawS16Le => (f32::from(i16::from_le_bytes([b[0], b[1]])) / 32_768.0, 0.0),
            IrFormat::RawS24Le => {
                // Sign-extend the 24-bit value through the top of an i32.
                let v = i32::from_le_bytes([0, b[0], b[1], b[2]]) >> 8;
                (v as f32 / 8_388_608.0, 0.0)
            }
            IrFormat::RawS32Le => {
                let v = i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                ((f64::from(v) / 2_147_483_648.0) as f32, 0.0)
            }
            IrFormat::Audio | IrFormat::Text => unreachable!("not a raw format"),
        };
        if !value.is_finite() {
            return Err(IrError::NotFinite {
                path: path.clone(),
                index,
                line: None,
                value: wide,
            });
        }
        out.push(value);
    }
    Ok(out)
}

/// Reads a text file of one number per line.
fn load_text(spec: &IrSpec, max_len: usize) -> Result<Vec<f32>, IrError> {
    let path = &spec.path;
    if spec.channel != 0 {
        return Err(IrError::NoSuchChannel {
            path: path.clone(),
            channel: spec.channel,
            channels: 1,
        });
    }
    // Text takes at most about 64 bytes per value (numbers, comments, blank lines).
    let max_bytes = (max_len as u64).saturating_mul(64).clamp(1 << 20, 1 << 30);
    let (file, _) = open_limited(path, max_bytes).map_err(io_err(path))?;
    let mut reader = BufReader::new(file);
    let mut out = Vec::new();
    let mut count: u64 = 0;
    let mut line_no = 0usize;
    let mut raw = Vec::new();
    loop {
        raw.clear();
        let n = reader.read_until(b'\n', &mut raw).map_err(io_err(path))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let line = String::from_utf8_lossy(&raw);
        let text = line.split('#').next().unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        let value: f64 = text.parse().map_err(|_| IrError::NotANumber {
            path: path.clone(),
            line: line_no,
            text: text.to_string(),
        })?;
        let v = value as f32;
        if !v.is_finite() {
            return Err(IrError::NotFinite {
                path: path.clone(),
                index: count as usize,
                line: Some(line_no),
                value,
            });
        }
        count += 1;
        if count <= max_len as u64 {
            out.push(v);
        }
    }
    if count > max_len as u64 {
        return Err(IrError::TooLong {
            path: path.clone(),
            samples: count,
            max: max_len,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn spec(path: &Path, format: IrFormat, channel: usize, raw_channels: usize) -> IrSpec {
        IrSpec {
            path: path.to_path_buf(),
            format,
            channel,
            raw_channels,
        }
    }

    /// Asserts an error whose message starts with the path and contains `words`.
    fn err(spec: &IrSpec, max: usize, words: &str) -> IrError {
        let e = load_impulse(spec, max).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with(&spec.path.display().to_string()), "{msg}");
        assert!(msg.contains(words), "{msg:?} should contain {words:?}");
        e
    }

    #[test]
    fn raw_float_formats() {
        let dir = tempfile::tempdir().unwrap();
        let vals = [0.5f32, -0.25, 1.0, 3.0e-8];
        // Two interleaved channels: channel 1 is the negated values.
        let mut b32 = Vec::new();
        let mut b64 = Vec::new();
        for v in vals {
            b32.extend_from_slice(&v.to_le_bytes());
            b32.extend_from_slice(&(-v).to_le_bytes());
            b64.extend_from_slice(&f64::from(v).to_le_bytes());
            b64.extend_from_slice(&f64::from(-v).to_le_bytes());
        }
        let p = write(dir.path(), "ir.f32", &b32);
        let ir = load_impulse(&spec(&p, IrFormat::RawF32Le, 0, 2), 100).unwrap();
        assert_eq!(ir.samples, vals);
        assert_eq!(ir.sample_rate, None);
        let ir = load_impulse(&spec(&p, IrFormat::RawF32Le, 1, 2), 100).unwrap();
        assert_eq!(ir.samples, vals.map(|v| -v));
        // Mono view of the same bytes: all 8 values.
        let ir = load_impulse(&IrSpec::new(&p, IrFormat::RawF32Le), 100).unwrap();
        assert_eq!(ir.samples.len(), 8);

        let p = write(dir.path(), "ir.f64", &b64);
        let ir = load_impulse(&spec(&p, IrFormat::RawF64Le, 1, 2), 100).unwrap();
        assert_eq!(ir.samples, vals.map(|v| -v));
    }

    #[test]
    fn raw_integer_formats() {
        let dir = tempfile::tempdir().unwrap();
        // s16: full scale 32768.
        let s16: Vec<u8> = [i16::MIN, -1, 0, 16384, i16::MAX]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let p = write(dir.path(), "ir.s16", &s16);
        let ir = load_impulse(&IrSpec::new(&p, IrFormat::RawS16Le), 100).unwrap();
        assert_eq!(
            ir.samples,
            [-1.0, -1.0 / 32768.0, 0.0, 0.5, 32767.0 / 32768.0]
        );

        // s24: 3 bytes little-endian, sign-extended; stereo, take channel 1.
        let vals24 = [-8_388_608i32, -1, 0, 4_194_304, 8_388_607];
        let mut s24 = Vec::new();
        for v in vals24 {
            s24.extend_from_slice(&[0x11, 0x22, 0x33]); // channel 0: junk
            s24.extend_from_slice(&v.to_le_bytes()[..3]);
        }
        let p = write(dir.path(), "ir.s24", &s24);
        let ir = load_impulse(&spec(&p, IrFormat::RawS24Le, 1, 2), 100).unwrap();
        assert_eq!(ir.samples, vals24.map(|v| v as f32 / 8_388_608.0));
        assert_eq!(ir.samples[0], -1.0);
        assert_eq!(ir.samples[3], 0.5);
        let ir = load_impulse(&spec(&p, IrFormat::RawS24Le, 0, 2), 100).unwrap();
        assert_eq!(ir.samples[0], 0x33_2211 as f32 / 8_388_608.0);

        // s32: full scale 2^31.
        let s32: Vec<u8> = [i32::MIN, 0, 1 << 30, -(1 << 29)]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let p = write(dir.path(), "ir.s32", &s32);
        let ir = load_impulse(&IrSpec::new(&p, IrFormat::RawS32Le), 100).unwrap();
        assert_eq!(ir.samples, [-1.0, 0.0, 0.5, -0.25]);
    }

    #[test]
    fn text_format() {
        let dir = tempfile::tempdir().unwrap();
        let text = "# REW export\n\n0.5\n  -0.25  \n1e-3 # trailing comment\n\r\n-1\r\n  # indented comment\n7";
        let p = write(dir.path(), "ir.txt", text.as_bytes());
        let ir = load_impulse(&IrSpec::new(&p, IrFormat::Text), 100).unwrap();
        assert_eq!(ir.samples, [0.5, -0.25, 1e-3, -1.0, 7.0]);
        assert_eq!(ir.sample_rate, None);
    }

    #[test]
    fn audio_format() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ir.wav");
        let ws = hound::WavSpec {
            channels: 2,
            sample_rate: 44_100,
            bits_per_sample: 24,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&p, ws).unwrap();
        for i in 0..100i32 {
            w.write_sample(i * 1000).unwrap();
            w.write_sample(-i * 1000).unwrap();
        }
        w.finalize().unwrap();
        let ir = load_impulse(&spec(&p, IrFormat::Audio, 1, 1), 1000).unwrap();
        assert_eq!(ir.sample_rate, Some(44_100));
        assert_eq!(ir.samples.len(), 100);
        assert_eq!(ir.samples[7], -7000.0 / 8_388_608.0);

        let e = err(
            &spec(&p, IrFormat::Audio, 3, 1),
            1000,
            "channel 3 requested but the file has 2 channels",
        );
        assert!(matches!(
            e,
            IrError::NoSuchChannel {
                channel: 3,
                channels: 2,
                ..
            }
        ));
        let e = err(
            &spec(&p, IrFormat::Audio, 0, 1),
            99,
            "100 samples, more than the limit of 99",
        );
        assert!(matches!(
            e,
            IrError::TooLong {
                samples: 100,
                max: 99,
                ..
            }
        ));

        // A file that is not audio: the decoder's error, naming the file.
        let bad = write(dir.path(), "bad.wav", b"definitely not audio at all");
        let e = err(&IrSpec::new(&bad, IrFormat::Audio), 10, "unsupported");
        assert!(matches!(
            e,
            IrError::Decode(DecodeError::Unsupported { .. })
        ));
    }

    #[test]
    fn raw_errors() {
        let dir = tempfile::tempdir().unwrap();
        // 10 bytes of s16 stereo: frames are 4 bytes.
        let p = write(dir.path(), "odd.s16", &[0u8; 10]);
        let e = err(
            &spec(&p, IrFormat::RawS16Le, 0, 2),
            100,
            "length 10 bytes is not a multiple of the frame size 4 bytes (2 channels x 2 bytes",
        );
        assert!(matches!(e, IrError::RawLength { len: 10, .. }));
        // s24 mono, 7 bytes.
        let p = write(dir.path(), "odd.s24", &[0u8; 7]);
        err(
            &IrSpec::new(&p, IrFormat::RawS24Le),
            100,
            "multiple of the frame size 3 bytes",
        );

        let p = write(dir.path(), "ok.f32", &[0u8; 16]);
        let e = err(
            &spec(&p, IrFormat::RawF32Le, 2, 2),
            100,
            "channel 2 requested but the file has 2 channels",
        );
        assert!(matches!(e, IrError::NoSuchChannel { .. }));
        err(
            &spec(&p, IrFormat::RawF32Le, 0, 0),
            100,
            "raw_channels must be at least 1",
        );
        let e = err(
            &IrSpec::new(&p, IrFormat::RawF32Le),
            3,
            "4 samples, more than the limit of 3",
        );
        assert!(matches!(e, IrError::TooLong { .. }));

        let p = write(dir.path(), "empty.f32", &[]);
        let e = err(&IrSpec::new(&p, IrFormat::RawF32Le), 100, "empty");
        assert!(matches!(e, IrError::Empty { .. }));

        let mut nan = 0.5f32.to_le_bytes().to_vec();
        nan.extend_from_slice(&f32::NAN.to_le_bytes());
        let p = write(dir.path(), "nan.f32", &nan);
        let e = err(&IrSpec::new(&p, IrFormat::RawF32Le), 100, "sample 1 is NaN");
        assert!(matches!(e, IrError::NotFinite { index: 1, .. }));
        let p = write(dir.path(), "inf.f64", &f64::INFINITY.to_le_bytes());
        err(&IrSpec::new(&p, IrFormat::RawF64Le), 100, "sample 0 is inf");
        // Finite in f64 but not representable in f32.
        let p = write(dir.path(), "huge.f64", &1e300f64.to_le_bytes());
        err(&IrSpec::new(&p, IrFormat::RawF64Le), 100, "must be finite");

        let p = dir.path().join("missing.f32");
        let e = err(&IrSpec::new(&p, IrFormat::RawF32Le), 100, "cannot read");
        assert!(matches!(e, IrError::Io { .. }));
    }

    #[test]
    fn text_errors() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::new();
        for i in 0..16 {
            text.push_str(&format!("{}\n", f64::from(i) / 100.0));
        }
        text.push_str("abc\n");
        let p = write(dir.path(), "bad.txt", text.as_bytes());
        let e = err(
            &IrSpec::new(&p, IrFormat::Text),
            100,
            "line 17: \"abc\" is not a number",
        );
        assert!(matches!(e, IrError::NotANumber { line: 17, .. }));

        let p = write(dir.path(), "two.txt", b"0.1 0.2\n");
        err(
            &IrSpec::new(&p, IrFormat::Text),
            100,
            "line 1: \"0.1 0.2\" is not a number",
        );

        let p = write(dir.path(), "nan.txt", b"1\n# x\nNaN\n");
        let e = err(
            &IrSpec::new(&p, IrFormat::Text),
            100,
            "line 3 (sample 1) is NaN",
        );
        assert!(matches!(e, IrError::NotFinite { line: Some(3), .. }));
        let p = write(dir.path(), "inf.txt", b"-inf\n");
        err(&IrSpec::new(&p, IrFormat::Text), 100, "is -inf");

        let p = write(dir.path(), "comments.txt", b"# nothing\n\n   \n");
        let e = err(&IrSpec::new(&p, IrFormat::Text), 100, "empty");
        assert!(matches!(e, IrError::Empty { .. }));

        let p = write(dir.path(), "long.txt", "0\n".repeat(11).as_bytes());
        let e = err(
            &IrSpec::new(&p, IrFormat::Text),
            10,
            "11 samples, more than the limit of 10",
        );
        assert!(matches!(e, IrError::TooLong { samples: 11, .. }));

        let p = write(dir.path(), "one.txt", b"1\n");
        err(
            &spec(&p, IrFormat::Text, 1, 1),
            10,
            "channel 1 requested but the file has 1 channel ",
        );
    }
}
