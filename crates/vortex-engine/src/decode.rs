//! Audio file decoding into planar 32-bit float samples.
//!
//! The container is found from the file's *content* (magic bytes, scored by symphonia's probe),
//! never from its extension: a FLAC file named `song.mp3` decodes as FLAC. Supported: WAV, FLAC,
//! MP3 (and MP1/MP2), AAC (ADTS or in MP4/M4A), ALAC (M4A/CAF), Ogg Vorbis, Ogg Opus (through
//! libopus), AIFF/AIFC and CAF, plus what else symphonia's default registries enable (MKV/WebM,
//! ADPCM).
//!
//! Samples come out as `f32` in `[-1, 1)`: integer PCM `x` of `b` bits becomes `x / 2^(b-1)`, so
//! 16- and 24-bit sources are represented exactly. Encoder delay and padding are trimmed where the
//! file records them and symphonia supports it (MP3 with a LAME/Xing tag, Ogg Vorbis, Ogg Opus
//! pre-skip and end trim, FLAC/ALAC/PCM are exact anyway). AAC in MP4 is *not* trimmed by symphonia
//! 0.6: it comes out with the encoder's priming frames (typically 1024) at the start and padding to
//! a whole 1024-frame packet at the end.
//!
//! Error policy:
//! - Nothing here panics on any file content. Symphonia calls run under
//!   [`std::panic::catch_unwind`]; a panic inside a demuxer or codec becomes
//!   [`DecodeError::Corrupt`] and the [`Decoder`] stays failed afterwards.
//! - A packet that fails to decode with a recoverable error (symphonia's `DecodeError`/`IoError`
//!   from the codec) is skipped, as symphonia recommends, and counted
//!   ([`Decoder::skipped_packets`]). If no packet at all decodes, the file is
//!   [`DecodeError::Corrupt`].
//! - A truncated file is an error, not a silently short result. It is detected when the
//!   container declares a length (WAV/AIFF/CAF data size, FLAC STREAMINFO, MP3 Xing/LAME frame
//!   count, Ogg last granule, MP4 duration) and the demuxer's timeline stops short of it, whether
//!   the file ends mid-packet or on a packet boundary; packets that were demuxed but failed to
//!   decode count as present. [`Decoder::read`] hands out every frame that could be decoded first
//!   and returns [`DecodeError::Truncated`] on the call after. Without a declared length (a WAV
//!   written to a pipe, raw ADTS/MP3 without a header) the end of the file is the end of the
//!   stream, and a final partial packet is dropped. A file cut inside its headers is `Truncated`
//!   too (or `Corrupt` for an MP4 missing its index).
//! - A FLAC file that declares zero samples and holds no frames decodes as an empty stream
//!   (symphonia itself cannot open it).
//!
//! Seeking ([`Decoder::seek`]) is sample-accurate: positions are output frame indices, frame `n`
//! being the `n`-th frame a full decode from the start returns (so for AAC in MP4 the priming
//! frames count, as they are output). Where the container's timestamps have sample resolution,
//! symphonia's demuxer seeks to a packet at or before the target (backing up a further 500 ms
//! for lossy codecs, whose decoders need the preceding audio to converge), the codec is reset,
//! and frames are decoded and discarded up to the target. Where that is not possible (timestamps
//! coarser than a sample, as Matroska/WebM's millisecond timecodes; chained Ogg streams; a
//! demuxer that cannot seek or fails to), the file is opened again, its demuxer seek retried on
//! the fresh reader, and as a last resort the audio is decoded and discarded from the start:
//! correct, only slower. After a seek, lossless codecs return bit-identical samples; lossy ones
//! agree with a full decode to within their decoders' convergence: exactly or within about 1e-7
//! for MP3, Vorbis and Opus in practice. AAC is never bit-identical: symphonia's AAC decoder fills
//! noise-substituted (PNS) bands from a random generator that its reset does not rewind, so those
//! bands get different noise of the same level (differences of about 3e-5 typically, up to about
//! 1e-2 where the encoder uses PNS heavily).

use std::cell::Cell;
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::panic::{AssertUnwindSafe, UnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::sync::OnceLock;

use symphonia::core::codecs::CodecParameters;
use symphonia::core::codecs::audio::{AudioCodecId, AudioDecoder, AudioDecoderOptions};
use symphonia::core::codecs::registry::CodecRegistry;
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, SeekMode, SeekTo, Track};
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::units::{TimeBase, Timestamp};
use vortex_dsp::PlanarBuf;

/// Highest sample rate accepted, in Hz (8 x 192 kHz). Anything above is [`DecodeError::BadSampleRate`].
pub const MAX_SAMPLE_RATE: u32 = 1_536_000;

/// How many bytes from the start of a file are examined for a PCM header (WAV/AIFF/CAF) whose
/// channel count or sample rate is zero, before symphonia probes the file.
const SNIFF_BYTES: usize = 64 * 1024;

/// Frames per block used by [`decode_file`] while reading.
const DECODE_FILE_BLOCK: usize = 8192;

/// How far before its target a seek in a lossy stream starts decoding, in milliseconds, so that
/// the codec's state (MDCT overlap, bit reservoir, Opus's predictors) has converged by the
/// target. Opus needs the most: its output after a seek differs from a full decode's by about
/// 4e-2 with 100 ms, 3e-5 with 300 ms and 6e-8 with 500 ms of pre-roll.
const LOSSY_SEEK_PREROLL_MS: u32 = 500;

/// Options for opening a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Files larger than this many bytes are refused before any of their content is read.
    /// Default: 2 GiB (2 * 1024^3 bytes).
    pub max_file_bytes: u64,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: 2 * 1024 * 1024 * 1024,
        }
    }
}

/// What an opened file contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamInfo {
    /// Sample rate of the decoded audio, in Hz.
    pub sample_rate: u32,
    /// Number of channels of the decoded audio.
    pub channels: usize,
    /// Frames (samples per channel) the container declares, after encoder delay/padding trimming
    /// where supported; `None` when the container does not say. For AAC in MP4 this is the
    /// container's duration, which excludes the priming frames the decoder does output.
    pub total_frames: Option<u64>,
    /// Codec short name as symphonia names it (`"flac"`, `"mp3"`, `"aac"`, `"opus"`,
    /// `"pcm_s16le"`, ...).
    pub codec: String,
    /// Container short name as symphonia names it (`"wave"`, `"flac"`, `"isomp4"`, `"ogg"`,
    /// `"aiff"`, `"caf"`, ...).
    pub container: String,
    /// Bits per sample of the source, where the codec has such a notion (PCM, FLAC, ALAC);
    /// `None` for lossy codecs.
    pub bits_per_sample: Option<u32>,
}

/// Why a file could not be decoded. Every variant carries the file's path and its message starts
/// with it (`song.flac: <reason>`).
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// The file could not be opened, inspected or read.
    #[error("{}: cannot {action}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done (`"open the file"`, `"read the file"`, ...).
        action: &'static str,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The file is larger than [`DecodeOptions::max_file_bytes`]; nothing was read.
    #[error(
        "{}: file is {size} bytes, more than the limit of {limit} bytes (max_file_bytes)",
        .path.display()
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Size of the file in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file has no bytes at all.
    #[error("{}: file is empty (0 bytes)", .path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The container format is not recognised, or the codec (or one of its features) is not
    /// supported; `what` says which.
    #[error("{}: unsupported {what}", .path.display())]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What is unsupported, e.g. `container format (content not recognised as any supported
        /// audio format)` or `codec ac3 (no decoder available)`.
        what: String,
    },
    /// The data is malformed and cannot be decoded.
    #[error("{}: corrupt audio data{}: {reason}", .path.display(), FramePos(*.frame))]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What went wrong, as the demuxer or decoder reports it.
        reason: String,
        /// Output frame position at which the problem was found, where known (`None` while
        /// reading headers).
        frame: Option<u64>,
    },
    /// The file ends early: the demuxer hit the end of the file inside a packet or header, or the
    /// stream ended before the frame count its header declares.
    #[error("{}: file is truncated: {}", .path.display(), TruncDetail(*.frames_decoded, *.frames_expected))]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Frames decoded before the end was reached (0 when the headers themselves are cut).
        frames_decoded: u64,
        /// Frames the header declares, where known.
        frames_expected: Option<u64>,
    },
    /// The container holds no audio track.
    #[error("{}: no audio track in the file", .path.display())]
    NoAudioTrack {
        /// The file.
        path: PathBuf,
    },
    /// The header declares zero channels (or none at all).
    #[error("{}: audio stream has zero channels", .path.display())]
    ZeroChannels {
        /// The file.
        path: PathBuf,
    },
    /// The header declares a sample rate of 0 Hz, none at all, or one above [`MAX_SAMPLE_RATE`].
    #[error(
        "{}: invalid sample rate {rate} Hz (must be 1..={} Hz)",
        .path.display(),
        MAX_SAMPLE_RATE
    )]
    BadSampleRate {
        /// The file.
        path: PathBuf,
        /// The declared rate in Hz (0 when missing).
        rate: u32,
    },
}

impl DecodeError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            DecodeError::Io { path, .. }
            | DecodeError::TooLarge { path, .. }
            | DecodeError::Empty { path }
            | DecodeError::Unsupported { path, .. }
            | DecodeError::Corrupt { path, .. }
            | DecodeError::Truncated { path, .. }
            | DecodeError::NoAudioTrack { path }
            | DecodeError::ZeroChannels { path }
            | DecodeError::BadSampleRate { path, .. } => path,
        }
    }
}

/// Display helper: ` at frame N` or nothing.
struct FramePos(Option<u64>);

impl fmt::Display for FramePos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => write!(f, " at frame {n}"),
            None => Ok(()),
        }
    }
}

/// Display helper for [`DecodeError::Truncated`].
struct TruncDetail(u64, Option<u64>);

impl fmt::Display for TruncDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (0, None) => write!(f, "the file ends before the data its headers describe"),
            (n, None) => write!(f, "the data stops after {n} decoded frames"),
            (n, Some(e)) if n < e => {
                write!(
                    f,
                    "the data stops after {n} of the {e} frames the header declares"
                )
            }
            (n, Some(_)) => write!(
                f,
                "the data stops in the middle of a packet after {n} frames"
            ),
        }
    }
}

/// Symphonia's codecs plus the libopus adapter, built once.
fn codec_registry() -> &'static CodecRegistry {
    static REGISTRY: OnceLock<CodecRegistry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut registry = CodecRegistry::new();
        symphonia::default::register_enabled_codecs(&mut registry);
        registry.register_audio_decoder::<symphonia_adapter_libopus::OpusDecoder>();
        registry
    })
}

/// A human name for a codec id, for "unsupported codec" messages.
fn codec_name(id: AudioCodecId) -> String {
    use symphonia::core::codecs::audio::well_known::*;
    if let Some(reg) = codec_registry().get_audio_decoder(id) {
        return reg.codec.info.short_name.to_string();
    }
    let known = [
        (CODEC_ID_OPUS, "opus"),
        (CODEC_ID_SPEEX, "speex"),
        (CODEC_ID_MUSEPACK, "musepack"),
        (CODEC_ID_AAC, "aac"),
        (CODEC_ID_AC3, "ac3"),
        (CODEC_ID_EAC3, "eac3"),
        (CODEC_ID_AC4, "ac4"),
        (CODEC_ID_DCA, "dts"),
        (CODEC_ID_ATRAC1, "atrac1"),
        (CODEC_ID_ATRAC3, "atrac3"),
        (CODEC_ID_ATRAC3PLUS, "atrac3plus"),
        (CODEC_ID_ATRAC9, "atrac9"),
        (CODEC_ID_WMA, "wma"),
        (CODEC_ID_COOK, "cook"),
        (CODEC_ID_SBC, "sbc"),
        (CODEC_ID_APTX, "aptx"),
        (CODEC_ID_APTX_HD, "aptx-hd"),
        (CODEC_ID_LDAC, "ldac"),
        (CODEC_ID_WAVPACK, "wavpack"),
        (CODEC_ID_MONKEYS_AUDIO, "monkeys-audio"),
        (CODEC_ID_TTA, "tta"),
        (CODEC_ID_TRUEHD, "truehd"),
        (CODEC_ID_ADPCM_G722, "adpcm_g722"),
        (CODEC_ID_ADPCM_G726, "adpcm_g726"),
    ];
    known
        .iter()
        .find(|(k, _)| *k == id)
        .map_or_else(|| format!("with id {id}"), |(_, n)| (*n).to_string())
}

thread_local! {
    /// True while this thread runs a call whose panic is caught and reported as an error.
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic. The panic is expected (a codec choking on malformed
/// input) and becomes a [`DecodeError`], so the panic hook stays silent for it; panics
/// elsewhere still reach the previous hook.
fn contained_panic<R>(f: impl FnOnce() -> R + UnwindSafe) -> std::thread::Result<R> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CONTAINED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = CONTAINED.with(|c| c.replace(true));
    let result = catch_unwind(f);
    CONTAINED.with(|c| c.set(was));
    result
}

/// Text of a caught panic's payload.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Facts read straight from a PCM container header (WAV/RF64/W64-less RIFF, AIFF/AIFC, CAF).
#[derive(Debug, Clone, Copy, PartialEq)]
struct PcmHeaderFacts {
    channels: u32,
    sample_rate: f64,
}

/// Looks for the format chunk of a RIFF/RF64 WAVE, AIFF/AIFC or CAF header in `buf` (the start of
/// the file) and returns its channel count and sample rate. `None` if `buf` is not such a file or
/// the chunk is not within `buf`. Never panics.
fn sniff_pcm_header(buf: &[u8]) -> Option<PcmHeaderFacts> {
    let u16le = |b: &[u8], at: usize| -> Option<u16> {
        Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
    };
    let u32le = |b: &[u8], at: usize| -> Option<u32> {
        Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
    };
    let u16be = |b: &[u8], at: usize| -> Option<u16> {
        Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
    };
    let u32be = |b: &[u8], at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
    };
    let u64be = |b: &[u8], at: usize| -> Option<u64> {
        Some(u64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
    };
    let magic = buf.get(0..4)?;
    let form = buf.get(8..12);
    if (magic == b"RIFF" || magic == b"RF64" || magic == b"BW64") && form == Some(b"WAVE") {
        let mut at = 12usize;
        while at + 8 <= buf.len() {
            let id = &buf[at..at + 4];
            let len = u32le(buf, at + 4)? as usize;
            if id == b"fmt " {
                let channels = u32::from(u16le(buf, at + 10)?);
                let rate = u32le(buf, at + 12)?;
                return Some(PcmHeaderFacts {
                    channels,
                    sample_rate: f64::from(rate),
                });
            }
            at = at.checked_add(8)?.checked_add(len)?.checked_add(len & 1)?;
        }
        None
    } else if magic == b"FORM" && (form == Some(b"AIFF") || form == Some(b"AIFC")) {
        let mut at = 12usize;
        while at + 8 <= buf.len() {
            let id = &buf[at..at + 4];
            let len = u32be(buf, at + 4)? as usize;
            if id == b"COMM" {
                let channels = u32::from(u16be(buf, at + 8)?);
                // 80-bit IEEE 754 extended: sign+exponent (16 bits), mantissa (64 bits, explicit
                // integer bit).
                let se = u16be(buf, at + 16)?;
                let mant = u64be(buf, at + 18)?;
                let exp = i32::from(se & 0x7fff) - 16383 - 63;
                let mut rate = mant as f64 * 2f64.powi(exp);
                if se & 0x8000 != 0 {
                    rate = -rate;
                }
                return Some(PcmHeaderFacts {
                    channels,
                    sample_rate: rate,
                });
            }
            at = at.checked_add(8)?.checked_add(len)?.checked_add(len & 1)?;
        }
        None
    } else if magic == b"caff" {
        let mut at = 8usize;
        while at + 12 <= buf.len() {
            let id = &buf[at..at + 4];
            let len = usize::try_from(u64be(buf, at + 4)?).ok()?;
            if id == b"desc" {
                let rate = f64::from_bits(u64be(buf, at + 12)?);
                let channels = u32be(buf, at + 12 + 24)?;
                return Some(PcmHeaderFacts {
                    channels,
                    sample_rate: rate,
                });
            }
            at = at.checked_add(12)?.checked_add(len)?;
        }
        None
    } else {
        None
    }
}

/// If `buf` (the start of a file of `file_len` bytes) is a FLAC stream whose STREAMINFO declares
/// zero samples and valid parameters, and nothing follows its metadata blocks, its
/// [`StreamInfo`].
fn sniff_empty_flac(buf: &[u8], file_len: u64) -> Option<StreamInfo> {
    if buf.get(0..4)? != b"fLaC" || buf.get(4)? & 0x7f != 0 {
        return None;
    }
    // Walk the metadata blocks: the file must end exactly after the last one.
    let mut at = 4usize;
    loop {
        let header = buf.get(at..at + 4)?;
        let len = u32::from_be_bytes([0, header[1], header[2], header[3]]) as usize;
        at = at.checked_add(4 + len)?;
        if header[0] & 0x80 != 0 {
            break;
        }
    }
    if at as u64 != file_len {
        return None;
    }
    let si = buf.get(8..8 + 34)?;
    let packed = u64::from_be_bytes(si[10..18].try_into().ok()?);
    let sample_rate = (packed >> 44) as u32;
    let channels = ((packed >> 41) & 0x7) as usize + 1;
    let bits = ((packed >> 36) & 0x1f) as u32 + 1;
    let total = packed & 0xf_ffff_ffff;
    if total != 0 || sample_rate == 0 || sample_rate > MAX_SAMPLE_RATE {
        return None;
    }
    Some(StreamInfo {
        sample_rate,
        channels,
        total_frames: Some(0),
        codec: "flac".to_string(),
        container: "flac".to_string(),
        bits_per_sample: Some(bits),
    })
}

/// What [`Decoder::fill_pending`] found.
enum Fill {
    /// New decoded frames are in `pending`.
    Frames,
    /// The stream ended normally.
    End,
}

/// Lifecycle of a [`Decoder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Packets remain to be read.
    Running,
    /// The stream ended cleanly; `read` returns 0 from now on.
    Finished,
    /// An error was returned; `read` keeps returning an error.
    Failed,
}

/// How the last [`Decoder::seek`] reached its position (shown by `Debug`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SeekMethod {
    /// The demuxer of the open file seeked by timestamp.
    Demuxer,
    /// The file was opened again and the fresh demuxer seeked by timestamp.
    ReopenedDemuxer,
    /// The file was opened again and decoded from the start up to the target.
    DecodeFromStart,
}

/// Symphonia's demuxer and codec for the selected track.
struct Stream {
    reader: Box<dyn FormatReader>,
    decoder: Box<dyn AudioDecoder>,
}

/// A streaming decoder over one audio file: [`Decoder::open`] it, then [`Decoder::read`] blocks
/// of planar `f32` frames until it returns 0.
pub struct Decoder {
    path: PathBuf,
    info: StreamInfo,
    /// The demuxer and codec; `None` for a valid stream of zero frames that symphonia cannot
    /// open (a FLAC file with no audio frames).
    stream: Option<Stream>,
    track_id: u32,
    /// Ratio turning a packet duration (track time base) into frames, when the time base is not
    /// exactly `1 / sample_rate`: `(numer * sample_rate, denom)`.
    dur_to_frames: (u64, u64),
    /// Decoded frames not yet handed out, one vector per channel.
    pending: Vec<Vec<f32>>,
    /// Frames of `pending` already handed out.
    pending_pos: usize,
    /// Output frame index just past the last decoded frame (handed out or pending): the number of
    /// frames decoded so far, or after a seek, the frames decoded from the position sought to.
    frames_decoded: u64,
    /// Whether any packet has decoded to audio yet (the first one fixes the stream's shape).
    got_audio: bool,
    /// Container timeline position (in frames) of the first frame now in `pending`, from its
    /// packet's timestamp; `None` if unknown.
    pending_ts: Option<i64>,
    /// Container timeline position (in frames) of output frame 0; `None` for an empty stream.
    origin: Option<i64>,
    /// Frames that the codec will still cut from the start of its next output on its own (the
    /// libopus adapter applies the Opus pre-skip, once, to the first packet it decodes).
    codec_pre_skip: u64,
    /// Lowest timeline position (in frames) a demuxer seek may ask for.
    min_seek_ts: i64,
    /// A chained stream switched to a new track list, so timestamps no longer map to positions.
    chained: bool,
    /// Options the file was opened with (for opening it again when seeking).
    opts: DecodeOptions,
    /// How the last seek was done.
    last_seek: Option<SeekMethod>,
    skipped_packets: u64,
    first_skip_error: Option<String>,
    state: State,
    /// Text of the error that ended decoding, repeated by later calls.
    failure: Option<String>,
    /// An error found while filling a block that already had frames; returned by the next call.
    deferred: Option<DecodeError>,
    /// Where the container's timeline should end, in frames: the declared frame count, less any
    /// negative start offset. `None` when the container does not declare a length.
    declared_end: Option<i64>,
    /// Furthest end (pts + duration, in frames) of any packet demuxed from the track so far.
    timeline_end: Option<i64>,
}

impl fmt::Debug for Decoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decoder")
            .field("path", &self.path)
            .field("info", &self.info)
            .field("frames_decoded", &self.frames_decoded)
            .field("skipped_packets", &self.skipped_packets)
            .field("state", &self.state)
            .field("last_seek", &self.last_seek)
            .finish_non_exhaustive()
    }
}

impl Decoder {
    /// Opens `path`, detects its format from the content, selects the first decodable audio track
    /// and decodes its first packet (so a file that does not decode at all fails here).
    ///
    /// # Errors
    /// [`DecodeError`]: `Io` if it cannot be opened/read, `TooLarge` (checked from the file's
    /// metadata before reading), `Empty`, `Unsupported` container or codec, `Corrupt`,
    /// `Truncated`, `NoAudioTrack`, `ZeroChannels` or `BadSampleRate`.
    pub fn open(path: &Path, opts: &DecodeOptions) -> Result<Decoder, DecodeError> {
        let p = || path.to_path_buf();
        let mut file = File::open(path).map_err(|source| DecodeError::Io {
            path: p(),
            action: "open the file",
            source,
        })?;
        let meta = file.metadata().map_err(|source| DecodeError::Io {
            path: p(),
            action: "read the file's metadata",
            source,
        })?;
        if meta.is_dir() {
            return Err(DecodeError::Io {
                path: p(),
                action: "read the file",
                source: io::Error::other("it is a directory"),
            });
        }
        let size = meta.len();
        if size > opts.max_file_bytes {
            return Err(DecodeError::TooLarge {
                path: p(),
                size,
                limit: opts.max_file_bytes,
            });
        }
        if size == 0 {
            return Err(DecodeError::Empty { path: p() });
        }

        // Look at the raw header first: symphonia rejects a zero channel count with a generic
        // "malformed" error, and we want to say precisely what is wrong.
        let mut head = Vec::with_capacity(SNIFF_BYTES.min(size as usize));
        let read_err = |source| DecodeError::Io {
            path: p(),
            action: "read the file",
            source,
        };
        (&mut file)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(read_err)?;
        file.seek(SeekFrom::Start(0)).map_err(read_err)?;
        if let Some(facts) = sniff_pcm_header(&head) {
            if facts.channels == 0 {
                return Err(DecodeError::ZeroChannels { path: p() });
            }
            if !(facts.sample_rate >= 1.0 && facts.sample_rate <= f64::from(MAX_SAMPLE_RATE)) {
                return Err(DecodeError::BadSampleRate {
                    path: p(),
                    // Saturating float-to-int conversion; NaN becomes 0.
                    rate: facts.sample_rate as u32,
                });
            }
        }

        let mss = MediaSourceStream::new(Box::new(file), MediaSourceStreamOptions::default());
        // The hint is deliberately empty: detection is by content only. (Symphonia 0.6's probe
        // ignores hints anyway.)
        let hint = Hint::new();
        let probed = contained_panic(AssertUnwindSafe(|| {
            symphonia::default::get_probe().probe(
                &hint,
                mss,
                FormatOptions::default(),
                MetadataOptions::default(),
            )
        }));
        let reader = match probed {
            Ok(Ok(r)) => r,
            Ok(Err(SymError::IoError(e)))
                if e.kind() == io::ErrorKind::UnexpectedEof
                    && let Some(info) = sniff_empty_flac(&head, size) =>
            {
                // Symphonia's FLAC reader needs at least one audio frame to open a stream; a
                // FLAC file that declares zero samples and has none is valid and empty.
                return Ok(Decoder::empty(path, info));
            }
            Ok(Err(e)) => return Err(map_header_error(path, e)),
            Err(payload) => {
                return Err(DecodeError::Corrupt {
                    path: p(),
                    reason: format!(
                        "format reader panicked on malformed input: {}",
                        panic_text(&*payload)
                    ),
                    frame: None,
                });
            }
        };

        let container = reader.format_info().short_name.to_string();
        let track = select_track(path, reader.tracks())?;
        let (decoder, shape) = make_decoder(path, &track)?;
        let sample_rate = shape.sample_rate;
        let dur_to_frames = match track.time_base {
            Some(TimeBase { numer, denom }) => (
                u64::from(numer.get()) * u64::from(sample_rate),
                u64::from(denom.get()),
            ),
            None => (1, 1),
        };
        // Symphonia's Ogg reader counts Opus pre-skip in the track length (it does not for
        // Vorbis); the libopus adapter trims it, so the audio is shorter by that much.
        let total_frames = match (track.num_frames, track.delay) {
            (Some(n), Some(d)) if shape.codec == "opus" && track.start_ts.get() >= 0 => {
                Some(n.saturating_sub(u64::from(d)))
            }
            (n, _) => n,
        };
        let declared_end = track
            .num_frames
            .and_then(|n| i64::try_from(n).ok())
            .map(|n| n.saturating_add(track.start_ts.get().min(0)));
        let info = StreamInfo {
            sample_rate,
            channels: shape.channels,
            total_frames,
            codec: shape.codec,
            container,
            bits_per_sample: shape.bits_per_sample,
        };

        let mut dec = Decoder {
            path: p(),
            info,
            stream: Some(Stream { reader, decoder }),
            track_id: track.id,
            dur_to_frames,
            pending: Vec::new(),
            pending_pos: 0,
            frames_decoded: 0,
            got_audio: false,
            pending_ts: None,
            origin: None,
            codec_pre_skip: shape.pre_skip,
            min_seek_ts: 0,
            chained: false,
            opts: *opts,
            last_seek: None,
            skipped_packets: 0,
            first_skip_error: None,
            state: State::Running,
            failure: None,
            deferred: None,
            declared_end,
            timeline_end: None,
        };
        dec.min_seek_ts = dec.ts_frames(track.start_ts.get()).max(0);
        // Decode the first packet now so that the stream is known to decode and the channel count
        // and sample rate reflect the decoded audio.
        match dec.fill_pending() {
            Ok(Fill::Frames) => {
                dec.info.channels = dec.pending.len();
                // Its first frame is output frame 0.
                dec.origin = dec.pending_ts;
            }
            Ok(Fill::End) => {
                dec.state = State::Finished;
            }
            Err(e) => return Err(e),
        }
        if dec.info.channels == 0 {
            return Err(DecodeError::ZeroChannels { path: p() });
        }
        Ok(dec)
    }

    /// What the file contains.
    pub fn info(&self) -> &StreamInfo {
        &self.info
    }

    /// Packets skipped so far because they failed to decode with a recoverable error. This counts
    /// every decode, including those [`Decoder::seek`] does to reach its target, so a damaged
    /// packet decoded again after a seek backwards is counted again.
    pub fn skipped_packets(&self) -> u64 {
        self.skipped_packets
    }

    /// Output frame index just past the last frame decoded so far, including frames decoded but
    /// not yet handed out by [`Decoder::read`]. Without seeks this is the number of frames decoded;
    /// after [`Decoder::seek`]`(f)` it counts from `f`: it is `f` plus the frames decoded (and
    /// buffered or read) since. [`Decoder::position`] is where the next `read` starts.
    pub fn frames_decoded(&self) -> u64 {
        self.frames_decoded
    }

    /// Output frame index of the first frame the next [`Decoder::read`] returns: the frames read
    /// so far, or after [`Decoder::seek`], the position sought to plus the frames read since. At
    /// the end of the stream it is the stream's length.
    pub fn position(&self) -> u64 {
        self.frames_decoded.saturating_sub(self.buffered() as u64)
    }

    /// Fills the first `n` frames of every channel of `out`, where `n <= out.frames()`, and
    /// returns `n`; 0 means the end of the stream. Frames decoded beyond what `out` holds are kept
    /// for the next call. Samples past `n` in `out` are left as they were.
    ///
    /// # Errors
    /// [`DecodeError::Corrupt`], [`DecodeError::Truncated`], [`DecodeError::Io`] or
    /// [`DecodeError::Unsupported`] (a codec feature met mid-stream). Frames decoded before the
    /// problem are returned by earlier calls first; after an error every later call returns an
    /// error too.
    ///
    /// # Panics
    /// If `out.channels() != self.info().channels` (a programming error).
    pub fn read(&mut self, out: &mut PlanarBuf) -> Result<usize, DecodeError> {
        assert_eq!(
            out.channels(),
            self.info.channels,
            "Decoder::read: output buffer has {} channels, stream has {}",
            out.channels(),
            self.info.channels
        );
        if let Some(e) = self.deferred.take() {
            return Err(e);
        }
        let want = out.frames();
        let mut written = 0;
        while written < want {
            let avail = self
                .pending
                .first()
                .map_or(0, Vec::len)
                .saturating_sub(self.pending_pos);
            if avail > 0 {
                let n = avail.min(want - written);
                for (ch, src) in self.pending.iter().enumerate() {
                    out.channel_mut(ch)[written..written + n]
                        .copy_from_slice(&src[self.pending_pos..self.pending_pos + n]);
                }
                self.pending_pos += n;
                written += n;
                continue;
            }
            match self.state {
                State::Finished => break,
                State::Failed => {
                    if written > 0 {
                        break;
                    }
                    return Err(DecodeError::Corrupt {
                        path: self.path.clone(),
                        reason: format!(
                            "reading after an earlier error ({})",
                            self.failure.as_deref().unwrap_or("unknown")
                        ),
                        frame: Some(self.frames_decoded),
                    });
                }
                State::Running => match self.fill_pending() {
                    Ok(Fill::Frames) => {}
                    Ok(Fill::End) => self.state = State::Finished,
                    Err(e) => {
                        self.state = State::Failed;
                        self.failure = Some(e.to_string());
                        if written > 0 {
                            // Hand out what we have; the error is returned by the next call.
                            self.deferred = Some(e);
                            break;
                        }
                        return Err(e);
                    }
                },
            }
        }
        Ok(written)
    }

    /// Moves so that the next [`Decoder::read`] returns audio starting exactly at output frame
    /// `frame` (frame `n` being the `n`-th frame a full decode from the start returns), and
    /// returns the position reached: `frame`, or the length of the stream if `frame` is beyond
    /// its end, in which case the next `read` returns 0. Seeking backwards, including after the
    /// end of the stream was reached, works the same way.
    ///
    /// Afterwards [`Decoder::position`] is the returned frame and [`Decoder::frames_decoded`]
    /// counts from it (it includes the frames decoded past it and kept for the next `read`).
    /// `read` then behaves as from that point of a fresh decode: 0 at the end, and errors for data
    /// that turns out to be corrupt or truncated after the new position. A seek may also follow
    /// an error: it opens the file again, and succeeds if the data up to the target decodes.
    ///
    /// How: see the [module documentation](self). Fast where the demuxer can seek by timestamp
    /// with sample resolution; otherwise (e.g. Matroska/WebM) it decodes from the start of the
    /// file, so the cost grows with `frame`.
    ///
    /// # Errors
    /// The errors of [`Decoder::open`] (the file is opened again when the demuxer of the open
    /// file cannot seek) and of [`Decoder::read`] for the audio decoded up to the target: e.g.
    /// [`DecodeError::Truncated`] when `frame` lies beyond where a truncated file's data stops.
    /// After an error the decoder is failed, as after a `read` error, until a seek succeeds.
    pub fn seek(&mut self, frame: u64) -> Result<u64, DecodeError> {
        self.deferred = None;
        if self.stream.is_none() {
            // A valid stream of zero frames: every position is its end.
            self.clear_pending();
            self.state = State::Finished;
            self.failure = None;
            return Ok(self.frames_decoded);
        }
        let by_timestamp = self.seekable_by_timestamp();
        if by_timestamp
            && self.state != State::Failed
            && let Some(pos) = self.seek_with_demuxer(frame)
        {
            self.last_seek = Some(SeekMethod::Demuxer);
            return Ok(pos);
        }
        // The demuxer could not do it (some cannot seek once they have reached the end of the
        // file, some not at all) or the decoder is failed: start again from a fresh one.
        self.reopen()?;
        if by_timestamp {
            if let Some(pos) = self.seek_with_demuxer(frame) {
                self.last_seek = Some(SeekMethod::ReopenedDemuxer);
                return Ok(pos);
            }
            self.reopen()?;
        }
        let pos = self.seek_by_decoding(frame)?;
        self.last_seek = Some(SeekMethod::DecodeFromStart);
        Ok(pos)
    }
}

impl Decoder {
    /// A decoder over a valid stream of zero frames.
    fn empty(path: &Path, info: StreamInfo) -> Decoder {
        Decoder {
            path: path.to_path_buf(),
            info,
            stream: None,
            track_id: 0,
            dur_to_frames: (1, 1),
            pending: Vec::new(),
            pending_pos: 0,
            frames_decoded: 0,
            got_audio: false,
            pending_ts: None,
            origin: None,
            codec_pre_skip: 0,
            min_seek_ts: 0,
            chained: false,
            opts: DecodeOptions::default(),
            last_seek: None,
            skipped_packets: 0,
            first_skip_error: None,
            state: State::Finished,
            failure: None,
            deferred: None,
            declared_end: Some(0),
            timeline_end: None,
        }
    }

    /// Frames decoded and not yet handed out.
    fn buffered(&self) -> usize {
        self.pending
            .first()
            .map_or(0, Vec::len)
            .saturating_sub(self.pending_pos)
    }

    /// Drops the decoded frames not yet handed out.
    fn clear_pending(&mut self) {
        for channel in &mut self.pending {
            channel.clear();
        }
        self.pending_pos = 0;
    }

    /// Records `e` as the error that ended decoding and returns it.
    fn fail(&mut self, e: DecodeError) -> DecodeError {
        self.clear_pending();
        self.state = State::Failed;
        self.failure = Some(e.to_string());
        self.deferred = None;
        e
    }

    /// Whether packet timestamps locate frames exactly, so that a demuxer seek by timestamp can
    /// be followed by a sample-accurate decode to the target.
    fn seekable_by_timestamp(&self) -> bool {
        self.origin.is_some() && !self.chained && self.frames_to_ts(1).is_some()
    }

    /// Converts a timeline position in frames to track time-base units; `None` when the time base
    /// is coarser than a frame or not a whole number of units per frame (such timestamps cannot
    /// locate a frame exactly).
    fn frames_to_ts(&self, frames: i64) -> Option<i64> {
        let (num, den) = self.dur_to_frames;
        if num == 0 || den % num != 0 {
            return None;
        }
        let units = i64::try_from(den / num).ok()?;
        Some(frames.saturating_mul(units))
    }

    /// Frames to start decoding before a seek target: none for lossless codecs, whose packets
    /// decode independently; [`LOSSY_SEEK_PREROLL_MS`] for lossy ones.
    fn seek_preroll(&self) -> i64 {
        if self.info.bits_per_sample.is_some() {
            0
        } else {
            i64::from(self.info.sample_rate) * i64::from(LOSSY_SEEK_PREROLL_MS) / 1000
        }
    }

    /// Seeks with the demuxer by timestamp, resets the codec and decodes up to `frame`, locating
    /// the decoded frames by their packets' timestamps. Returns the position reached, or `None`
    /// if this did not work (the decoder is then in no particular state and must be replaced).
    fn seek_with_demuxer(&mut self, frame: u64) -> Option<u64> {
        let origin = self.origin?;
        let target = i64::try_from(frame).unwrap_or(i64::MAX);
        let mut want = origin.saturating_add(target);
        if let Some(end) = self.declared_end {
            // Demuxers refuse timestamps past the end they know; the decode below clamps.
            want = want.min(end.saturating_sub(1));
        }
        let want = want
            .saturating_sub(self.seek_preroll())
            .max(self.min_seek_ts);
        // If the demuxer refuses the timestamp or the decode from there fails, the start of the
        // stream is tried (the decode then runs to the target or the end).
        let mut tries = vec![want];
        if want != self.min_seek_ts {
            tries.push(self.min_seek_ts);
        }
        tries
            .into_iter()
            .find_map(|from| self.seek_from(from, origin, target))
    }

    /// One attempt of [`Decoder::seek_with_demuxer`]: demuxer seek to timeline position `from`
    /// (frames), then decode and discard up to output frame `target`.
    fn seek_from(&mut self, from: i64, origin: i64, target: i64) -> Option<u64> {
        let ts = Timestamp::new(self.frames_to_ts(from)?);
        let track_id = self.track_id;
        let stream = self.stream.as_mut()?;
        let sought = contained_panic(AssertUnwindSafe(|| {
            stream
                .reader
                .seek(SeekMode::Accurate, SeekTo::Timestamp { ts, track_id })
        }));
        if !matches!(sought, Ok(Ok(_))) {
            return None;
        }
        contained_panic(AssertUnwindSafe(|| stream.decoder.reset())).ok()?;
        self.clear_pending();
        self.state = State::Running;
        self.failure = None;
        let mut reached = None;
        loop {
            match self.fill_pending() {
                Ok(Fill::Frames) => {}
                Ok(Fill::End) => {
                    // The target is at or past the end: the position is the end of the last
                    // frames decoded (if none were, where the end is is unknown).
                    let end = reached?;
                    self.clear_pending();
                    self.state = State::Finished;
                    self.frames_decoded = end;
                    return Some(end);
                }
                Err(_) => return None,
            }
            let start = self.pending_ts?.saturating_sub(origin);
            if start > target {
                // The demuxer went past the target, or the packet holding it did not decode.
                return None;
            }
            let len = self.pending.first().map_or(0, Vec::len);
            let end = start.saturating_add_unsigned(len as u64);
            self.frames_decoded = u64::try_from(end).unwrap_or(0);
            reached = Some(self.frames_decoded);
            if end > target {
                self.pending_pos = usize::try_from(target.checked_sub(start)?).ok()?;
                return u64::try_from(target).ok();
            }
        }
    }

    /// Replaces this decoder's demuxer and codec by freshly opened ones, at the start of the
    /// stream (its first packet decoded, as after [`Decoder::open`]).
    fn reopen(&mut self) -> Result<(), DecodeError> {
        let mut fresh = match Decoder::open(&self.path, &self.opts) {
            Ok(d) => d,
            Err(e) => return Err(self.fail(e)),
        };
        if (fresh.info.channels, fresh.info.sample_rate)
            != (self.info.channels, self.info.sample_rate)
        {
            let e = self.corrupt(format!(
                "the file changed since it was opened: it now holds {} ch at {} Hz instead of \
                 {} ch at {} Hz",
                fresh.info.channels,
                fresh.info.sample_rate,
                self.info.channels,
                self.info.sample_rate
            ));
            return Err(self.fail(e));
        }
        fresh.info = self.info.clone();
        fresh.skipped_packets += self.skipped_packets;
        if self.first_skip_error.is_some() {
            fresh.first_skip_error = self.first_skip_error.take();
        }
        fresh.last_seek = self.last_seek;
        *self = fresh;
        Ok(())
    }

    /// Decodes and discards from the start of a freshly opened stream up to output frame `frame`,
    /// counting frames as a full decode does. Returns the position reached (`frame`, or the end).
    fn seek_by_decoding(&mut self, frame: u64) -> Result<u64, DecodeError> {
        loop {
            if self.frames_decoded > frame {
                let start = self
                    .frames_decoded
                    .saturating_sub(self.pending.first().map_or(0, Vec::len) as u64);
                self.pending_pos = usize::try_from(frame.saturating_sub(start)).unwrap_or(0);
                return Ok(frame);
            }
            if self.state == State::Finished {
                self.clear_pending();
                return Ok(self.frames_decoded);
            }
            match self.fill_pending() {
                Ok(Fill::Frames) => {}
                Ok(Fill::End) => self.state = State::Finished,
                Err(e) => return Err(self.fail(e)),
            }
        }
    }

    /// A [`DecodeError::Corrupt`] at the current position.
    fn corrupt(&self, reason: String) -> DecodeError {
        DecodeError::Corrupt {
            path: self.path.clone(),
            reason,
            frame: Some(self.frames_decoded),
        }
    }

    /// Converts a timestamp in track time-base units to frames.
    fn ts_frames(&self, ts: i64) -> i64 {
        let (num, den) = self.dur_to_frames;
        if den == 0 || (num == den) {
            return ts;
        }
        let f = i128::from(ts) * i128::from(num) / i128::from(den);
        i64::try_from(f).unwrap_or(if f < 0 { i64::MIN } else { i64::MAX })
    }

    /// Maps an error from the demuxer (`next_packet`) to a [`DecodeError`].
    fn stream_error(&self, e: SymError) -> DecodeError {
        match e {
            SymError::IoError(io) if io.kind() == io::ErrorKind::UnexpectedEof => {
                DecodeError::Truncated {
                    path: self.path.clone(),
                    frames_decoded: self.frames_decoded,
                    frames_expected: self.info.total_frames,
                }
            }
            SymError::IoError(source) => DecodeError::Io {
                path: self.path.clone(),
                action: "read the file",
                source,
            },
            SymError::Unsupported(m) => DecodeError::Unsupported {
                path: self.path.clone(),
                what: format!("stream feature ({m})"),
            },
            other => self.corrupt(other.to_string()),
        }
    }

    /// Demuxes and decodes packets until one yields frames (now in `pending`) or the stream ends.
    fn fill_pending(&mut self) -> Result<Fill, DecodeError> {
        loop {
            let next = {
                let Some(stream) = self.stream.as_mut() else {
                    return self.end_of_stream();
                };
                contained_panic(AssertUnwindSafe(|| stream.reader.next_packet()))
            };
            let packet = match next {
                Ok(Ok(Some(packet))) => packet,
                Ok(Ok(None)) => return self.end_of_stream(),
                Ok(Err(SymError::ResetRequired)) => {
                    self.restart_after_reset()?;
                    continue;
                }
                Ok(Err(SymError::IoError(e)))
                    if e.kind() == io::ErrorKind::UnexpectedEof
                        && self
                            .declared_end
                            .is_none_or(|d| self.timeline_end.unwrap_or(0) >= d) =>
                {
                    // The file ends inside a packet, but either the stream has no declared length
                    // (e.g. a WAV written to a pipe, whose sizes read 0xFFFFFFFF) or everything
                    // declared has been read (trailing junk): a normal end.
                    return self.end_of_stream();
                }
                Ok(Err(e)) => return Err(self.stream_error(e)),
                Err(payload) => {
                    return Err(self.corrupt(format!(
                        "format reader panicked on malformed input: {}",
                        panic_text(&*payload)
                    )));
                }
            };
            if packet.track_id != self.track_id {
                continue;
            }
            // Where the demuxer's timeline has got to (in frames), whether or not the packet
            // decodes.
            let end = packet.pts.get().saturating_add_unsigned(packet.dur.get());
            let end = self.ts_frames(end);
            self.timeline_end = Some(self.timeline_end.map_or(end, |e| e.max(end)));
            // Where the packet's first output frame lies on the timeline: the decoder trims
            // `trim_start` frames from the start of the packet.
            let start = self.ts_frames(
                packet
                    .pts
                    .get()
                    .saturating_add_unsigned(packet.trim_start.get()),
            );
            let Some(stream) = self.stream.as_mut() else {
                return self.end_of_stream();
            };
            let decoder = &mut stream.decoder;
            let pending = &mut self.pending;
            // The first audio defines the stream's shape; later packets must match it. Samples
            // are copied into `pending` only when they are usable, so an error below never
            // leaves half-valid data there.
            let first = !self.got_audio;
            let shape = (self.info.channels, self.info.sample_rate);
            let decoded = contained_panic(AssertUnwindSafe(
                || -> Result<(usize, usize, u32), SymError> {
                    let buf = decoder.decode(&packet)?;
                    let frames = buf.frames();
                    let planes = buf.num_planes();
                    let rate = buf.spec().rate();
                    let usable = if first {
                        planes > 0 && (1..=MAX_SAMPLE_RATE).contains(&rate)
                    } else {
                        (planes, rate) == shape
                    };
                    if frames > 0 && usable {
                        buf.copy_to_vecs_planar::<f32>(pending);
                    }
                    Ok((planes, frames, rate))
                },
            ));
            if let Ok(Ok(_)) = decoded {
                // A decoder that cuts a pre-skip itself does so once, from its first output.
                let pre_skip = std::mem::take(&mut self.codec_pre_skip);
                self.pending_ts = Some(start.saturating_add_unsigned(pre_skip));
            }
            match decoded {
                Ok(Ok((_, 0, _))) => continue,
                Ok(Ok((planes, frames, rate))) => {
                    if first {
                        if planes == 0 {
                            return Err(DecodeError::ZeroChannels {
                                path: self.path.clone(),
                            });
                        }
                        if !(1..=MAX_SAMPLE_RATE).contains(&rate) {
                            return Err(DecodeError::BadSampleRate {
                                path: self.path.clone(),
                                rate,
                            });
                        }
                        self.info.channels = planes;
                        self.info.sample_rate = rate;
                    } else if planes != self.info.channels {
                        return Err(self.corrupt(format!(
                            "channel count changes from {} to {planes} mid-stream",
                            self.info.channels
                        )));
                    } else if rate != self.info.sample_rate {
                        return Err(self.corrupt(format!(
                            "sample rate changes from {} Hz to {rate} Hz mid-stream",
                            self.info.sample_rate
                        )));
                    }
                    self.pending_pos = 0;
                    self.frames_decoded += frames as u64;
                    self.got_audio = true;
                    return Ok(Fill::Frames);
                }
                Ok(Err(e @ (SymError::DecodeError(_) | SymError::IoError(_)))) => {
                    // Recoverable: skip the packet, as symphonia recommends.
                    if self.first_skip_error.is_none() {
                        self.first_skip_error = Some(e.to_string());
                    }
                    self.skipped_packets += 1;
                    continue;
                }
                Ok(Err(SymError::Unsupported(m))) => {
                    return Err(DecodeError::Unsupported {
                        path: self.path.clone(),
                        what: format!("{} codec feature ({m})", self.info.codec),
                    });
                }
                Ok(Err(e)) => return Err(self.corrupt(e.to_string())),
                Err(payload) => {
                    return Err(self.corrupt(format!(
                        "{} decoder panicked on malformed input: {}",
                        self.info.codec,
                        panic_text(&*payload)
                    )));
                }
            }
        }
    }

    /// Checks made when the demuxer reports the end of the stream.
    fn end_of_stream(&mut self) -> Result<Fill, DecodeError> {
        if !self.got_audio && self.skipped_packets > 0 {
            return Err(self.corrupt(format!(
                "none of the {} audio packets could be decoded (first error: {})",
                self.skipped_packets,
                self.first_skip_error.as_deref().unwrap_or("unknown")
            )));
        }
        // The demuxer stopped before the length the header declares: the data is cut short.
        // (Compared on the container's timeline rather than the decoded count, because some
        // encoders declare whole packets of padding that the codec does not output.)
        if let Some(declared) = self.declared_end
            && self.timeline_end.unwrap_or(0) < declared
        {
            return Err(DecodeError::Truncated {
                path: self.path.clone(),
                frames_decoded: self.frames_decoded,
                frames_expected: self.info.total_frames,
            });
        }
        if let Some(stream) = self.stream.as_mut() {
            let _ = contained_panic(AssertUnwindSafe(|| stream.decoder.finalize()));
        }
        Ok(Fill::End)
    }

    /// A chained stream (e.g. concatenated Ogg files) started a new track list: continue with its
    /// audio track if it has the same shape, else refuse.
    fn restart_after_reset(&mut self) -> Result<(), DecodeError> {
        let Some(stream) = self.stream.as_mut() else {
            return Ok(());
        };
        let track = select_track(&self.path, stream.reader.tracks())?;
        let (decoder, shape) = make_decoder(&self.path, &track)?;
        if shape.sample_rate != self.info.sample_rate
            || (shape.channels != 0 && shape.channels != self.info.channels)
        {
            return Err(DecodeError::Unsupported {
                path: self.path.clone(),
                what: format!(
                    "chained stream that changes from {} ch {} Hz to {} ch {} Hz mid-file",
                    self.info.channels, self.info.sample_rate, shape.channels, shape.sample_rate
                ),
            });
        }
        stream.decoder = decoder;
        self.track_id = track.id;
        self.codec_pre_skip = shape.pre_skip;
        // The new stream's timestamps need not continue the old one's.
        self.chained = true;
        Ok(())
    }
}

/// What [`make_decoder`] learns from the codec parameters.
struct Shape {
    sample_rate: u32,
    /// 0 when the parameters do not say (the first decoded packet decides).
    channels: usize,
    codec: String,
    bits_per_sample: Option<u32>,
    /// Frames the decoder cuts from the start of its first output on its own, beyond what the
    /// packets' trim fields say: the Opus pre-skip, which the libopus adapter applies once.
    pre_skip: u64,
}

/// Picks the first audio track that has a decoder (preferring one flagged default).
fn select_track(path: &Path, tracks: &[Track]) -> Result<Track, DecodeError> {
    let audio = |t: &&Track| matches!(t.codec_params, Some(CodecParameters::Audio(_)));
    let codec_of = |t: &Track| match &t.codec_params {
        Some(CodecParameters::Audio(a)) => a.codec,
        _ => AudioCodecId::default(),
    };
    let decodable = |t: &&Track| codec_registry().get_audio_decoder(codec_of(t)).is_some();
    let mut audio_tracks = tracks.iter().filter(audio).peekable();
    let Some(first) = audio_tracks.peek().copied() else {
        return Err(DecodeError::NoAudioTrack {
            path: path.to_path_buf(),
        });
    };
    let default = tracks.iter().filter(audio).filter(decodable).find(|t| {
        t.flags
            .contains(symphonia::core::formats::TrackFlags::DEFAULT)
    });
    let chosen = default.or_else(|| tracks.iter().filter(audio).find(decodable));
    match chosen {
        Some(t) => Ok(t.clone()),
        None => {
            let id = codec_of(first);
            let what = if id == AudioCodecId::default() {
                "codec (the container reader does not know the track's codec)".to_string()
            } else {
                format!("codec {} (no decoder available)", codec_name(id))
            };
            Err(DecodeError::Unsupported {
                path: path.to_path_buf(),
                what,
            })
        }
    }
}

/// Validates the track's codec parameters and instantiates its decoder.
fn make_decoder(path: &Path, track: &Track) -> Result<(Box<dyn AudioDecoder>, Shape), DecodeError> {
    let p = || path.to_path_buf();
    let Some(CodecParameters::Audio(params)) = &track.codec_params else {
        return Err(DecodeError::NoAudioTrack { path: p() });
    };
    let channels = match &params.channels {
        Some(c) if c.count() == 0 => return Err(DecodeError::ZeroChannels { path: p() }),
        Some(c) => c.count(),
        None => 0,
    };
    let sample_rate = match params.sample_rate {
        Some(r) if (1..=MAX_SAMPLE_RATE).contains(&r) => r,
        other => {
            return Err(DecodeError::BadSampleRate {
                path: p(),
                rate: other.unwrap_or(0),
            });
        }
    };
    let made = contained_panic(AssertUnwindSafe(|| {
        codec_registry().make_audio_decoder(params, &AudioDecoderOptions::default().gapless(true))
    }));
    let decoder = match made {
        Ok(Ok(d)) => d,
        Ok(Err(SymError::Unsupported(m))) => {
            return Err(DecodeError::Unsupported {
                path: p(),
                what: format!("{} stream ({m})", codec_name(params.codec)),
            });
        }
        Ok(Err(e)) => {
            return Err(DecodeError::Corrupt {
                path: p(),
                reason: format!("{} codec parameters: {e}", codec_name(params.codec)),
                frame: None,
            });
        }
        Err(payload) => {
            return Err(DecodeError::Corrupt {
                path: p(),
                reason: format!(
                    "{} decoder panicked on its parameters: {}",
                    codec_name(params.codec),
                    panic_text(&*payload)
                ),
                frame: None,
            });
        }
    };
    let codec = decoder.codec_info().short_name.to_string();
    // The libopus adapter reads the pre-skip from the OpusHead (bytes 10..12, little-endian; 0 if
    // absent) and scales it from 48 kHz to the output rate, as done here.
    let pre_skip = match params.extra_data.as_deref() {
        Some(head) if codec == "opus" && head.len() >= 12 => {
            u64::from(u16::from_le_bytes([head[10], head[11]])) * u64::from(sample_rate) / 48_000
        }
        _ => 0,
    };
    Ok((
        decoder,
        Shape {
            sample_rate,
            channels,
            codec,
            bits_per_sample: params.bits_per_sample.filter(|&b| b > 0),
            pre_skip,
        },
    ))
}

/// Maps an error from probing/reading the headers to a [`DecodeError`].
fn map_header_error(path: &Path, e: SymError) -> DecodeError {
    let p = path.to_path_buf();
    match e {
        SymError::Unsupported(m) if m.contains("no suitable format reader") => {
            DecodeError::Unsupported {
                path: p,
                what: "container format: the content is not recognised as any supported audio \
                       format (WAV, FLAC, MP3, AAC/M4A, ALAC, Ogg Vorbis/Opus, AIFF, CAF)"
                    .to_string(),
            }
        }
        SymError::Unsupported(m) if m.contains("missing moov atom") => DecodeError::Corrupt {
            path: p,
            reason: "the MP4 file has no 'moov' box (its index, usually written last): it is \
                     probably truncated"
                .to_string(),
            frame: None,
        },
        SymError::Unsupported(m) => DecodeError::Unsupported {
            path: p,
            what: format!("container feature ({m})"),
        },
        SymError::IoError(io) if io.kind() == io::ErrorKind::UnexpectedEof => {
            DecodeError::Truncated {
                path: p,
                frames_decoded: 0,
                frames_expected: None,
            }
        }
        SymError::IoError(source) => DecodeError::Io {
            path: p,
            action: "read the file",
            source,
        },
        other => DecodeError::Corrupt {
            path: p,
            reason: format!("in the headers: {other}"),
            frame: None,
        },
    }
}

/// Decodes a whole file into memory: its [`StreamInfo`] and all its frames.
///
/// # Errors
/// As [`Decoder::open`] and [`Decoder::read`]; a truncated file is an error even though the
/// frames before the cut were decodable.
pub fn decode_file(
    path: &Path,
    opts: &DecodeOptions,
) -> Result<(StreamInfo, PlanarBuf), DecodeError> {
    let mut dec = Decoder::open(path, opts)?;
    let info = dec.info().clone();
    let ch = info.channels;
    // Trust the declared length only as a capacity hint, and only up to a bound.
    let reserve = usize::try_from(info.total_frames.unwrap_or(0).min(1 << 20)).unwrap_or(0);
    let mut chans: Vec<Vec<f32>> = (0..ch).map(|_| Vec::with_capacity(reserve)).collect();
    let mut block = PlanarBuf::new(ch, DECODE_FILE_BLOCK);
    loop {
        let n = dec.read(&mut block)?;
        if n == 0 {
            break;
        }
        for (c, dst) in chans.iter_mut().enumerate() {
            dst.extend_from_slice(&block.channel(c)[..n]);
        }
    }
    Ok((info, PlanarBuf::from_channels(&chans)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 80-bit IEEE extended encoding of a positive integer `v` (as AIFF stores sample rates).
    fn extended(v: u32) -> [u8; 10] {
        let lz = v.leading_zeros();
        let exp = 16383 + 31 - lz;
        let mant = u64::from(v) << (32 + lz);
        let mut out = [0u8; 10];
        out[..2].copy_from_slice(&(exp as u16).to_be_bytes());
        out[2..].copy_from_slice(&mant.to_be_bytes());
        out
    }

    fn aiff(channels: u16, rate: u32) -> Vec<u8> {
        let mut v = b"FORM\0\0\0\x2eAIFF".to_vec();
        v.extend_from_slice(b"COMM\0\0\0\x12");
        v.extend_from_slice(&channels.to_be_bytes());
        v.extend_from_slice(&100u32.to_be_bytes());
        v.extend_from_slice(&16u16.to_be_bytes());
        v.extend_from_slice(&extended(rate));
        v
    }

    #[test]
    fn sniffs_aiff_caf_and_wav_headers() {
        let f = sniff_pcm_header(&aiff(2, 44_100)).unwrap();
        assert_eq!((f.channels, f.sample_rate), (2, 44_100.0));
        let f = sniff_pcm_header(&aiff(0, 96_000)).unwrap();
        assert_eq!((f.channels, f.sample_rate), (0, 96_000.0));

        let mut caf = b"caff\0\x01\0\0desc".to_vec();
        caf.extend_from_slice(&32u64.to_be_bytes());
        caf.extend_from_slice(&0.0f64.to_be_bytes());
        caf.extend_from_slice(b"lpcm");
        caf.extend_from_slice(&[0; 12]);
        caf.extend_from_slice(&6u32.to_be_bytes());
        caf.extend_from_slice(&16u32.to_be_bytes());
        let f = sniff_pcm_header(&caf).unwrap();
        assert_eq!((f.channels, f.sample_rate), (6, 0.0));

        // WAV with a chunk before "fmt ".
        let mut wav = b"RIFF\0\0\0\0WAVEjunk\x03\0\0\0abc\0fmt \x10\0\0\0\x01\0".to_vec();
        wav.extend_from_slice(&3u16.to_le_bytes());
        wav.extend_from_slice(&22_050u32.to_le_bytes());
        let f = sniff_pcm_header(&wav).unwrap();
        assert_eq!((f.channels, f.sample_rate), (3, 22_050.0));

        // Not a PCM container, or cut before the format chunk.
        assert_eq!(sniff_pcm_header(b"fLaC\0\0\0\x22"), None);
        assert_eq!(sniff_pcm_header(&wav[..20]), None);
        assert_eq!(sniff_pcm_header(b""), None);
        // A chunk length that overflows is not followed.
        assert_eq!(
            sniff_pcm_header(b"RIFF\0\0\0\0WAVEjunk\xff\xff\xff\xff"),
            None
        );
    }

    #[test]
    fn error_messages_start_with_the_path() {
        let path = PathBuf::from("dir/song.flac");
        let errors = [
            DecodeError::Empty { path: path.clone() },
            DecodeError::TooLarge {
                path: path.clone(),
                size: 10,
                limit: 5,
            },
            DecodeError::Corrupt {
                path: path.clone(),
                reason: "bad".into(),
                frame: Some(12),
            },
            DecodeError::Truncated {
                path: path.clone(),
                frames_decoded: 5,
                frames_expected: Some(10),
            },
            DecodeError::BadSampleRate {
                path: path.clone(),
                rate: 0,
            },
        ];
        for e in &errors {
            assert!(e.to_string().starts_with("dir/song.flac: "), "{e}");
            assert_eq!(e.path(), path);
        }
        assert_eq!(
            errors[2].to_string(),
            "dir/song.flac: corrupt audio data at frame 12: bad"
        );
        assert_eq!(
            errors[3].to_string(),
            "dir/song.flac: file is truncated: the data stops after 5 of the 10 frames the \
             header declares"
        );
    }

    // -----------------------------------------------------------------------------------------
    // Seeking, on fixtures written with hound and transcoded with ffmpeg at test time (like the
    // integration tests in tests/decode_formats.rs, these fail, never pass, without ffmpeg).

    /// Sample rate of the seek fixtures.
    const SEEK_RATE: u32 = 48_000;
    /// Length of the seek source: 2 s.
    const SEEK_LEN: usize = 96_000;
    /// Frames compared after each seek.
    const SEEK_CMP: usize = 3000;

    fn require_ffmpeg() {
        let ok = std::process::Command::new("ffmpeg")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            ok,
            "`ffmpeg` is not installed or does not run; the seek tests need it. Run \
             scripts/setup.sh (installs ffmpeg, sox, flac, libopus-dev)."
        );
    }

    /// `ffmpeg -i input <args...> output`, quietly.
    fn ffmpeg(input: &Path, args: &[&str], output: &Path) {
        let out = std::process::Command::new("ffmpeg")
            .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i"])
            .arg(input)
            .args(args)
            .arg(output)
            .output()
            .expect("cannot run ffmpeg");
        assert!(
            out.status.success(),
            "ffmpeg {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A 2 s 16-bit stereo WAV whose content differs at every lag: a 200 Hz to 6 kHz linear
    /// chirp on the left, 1499 Hz plus a slow 3 Hz amplitude wobble on the right, both near
    /// -6 dBFS. A misaligned comparison (e.g. off by an encoder's priming) fails clearly.
    fn write_seek_source(path: &Path) {
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: SEEK_RATE,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        let dur = SEEK_LEN as f64 / f64::from(SEEK_RATE);
        let tau = 2.0 * std::f64::consts::PI;
        for n in 0..SEEK_LEN {
            let t = n as f64 / f64::from(SEEK_RATE);
            let (f0, f1) = (200.0, 6000.0);
            let left = 0.5 * (tau * (f0 * t + (f1 - f0) * t * t / (2.0 * dur))).sin();
            let right = (0.3 + 0.2 * (tau * 3.0 * t).sin()) * (tau * 1499.0 * t).sin();
            w.write_sample((left * 32767.0).round() as i16).unwrap();
            w.write_sample((right * 32767.0).round() as i16).unwrap();
        }
        w.finalize().unwrap();
    }

    fn open(path: &Path) -> Decoder {
        Decoder::open(path, &DecodeOptions::default())
            .unwrap_or_else(|e| panic!("opening {}: {e}", path.display()))
    }

    fn full_decode(path: &Path) -> Vec<Vec<f32>> {
        let (info, buf) = decode_file(path, &DecodeOptions::default())
            .unwrap_or_else(|e| panic!("decoding {}: {e}", path.display()));
        (0..info.channels)
            .map(|c| buf.channel(c).to_vec())
            .collect()
    }

    /// Reads up to `frames` frames (fewer at the end) in uneven blocks.
    fn read_frames(dec: &mut Decoder, frames: usize) -> Vec<Vec<f32>> {
        let ch = dec.info().channels;
        let mut got = vec![Vec::new(); ch];
        while got[0].len() < frames {
            let mut block = PlanarBuf::new(ch, (frames - got[0].len()).min(777));
            let n = dec.read(&mut block).unwrap();
            if n == 0 {
                break;
            }
            for (c, g) in got.iter_mut().enumerate() {
                g.extend_from_slice(&block.channel(c)[..n]);
            }
        }
        got
    }

    /// Seeks to `to`, checks the position returned, and returns what follows.
    fn seek_and_read(dec: &mut Decoder, to: u64, len: usize, name: &str) -> (usize, Vec<Vec<f32>>) {
        let pos = dec
            .seek(to)
            .unwrap_or_else(|e| panic!("{name}: seek({to}) failed: {e}"));
        let want = to.min(len as u64);
        assert_eq!(pos, want, "{name}: seek({to}) returned {pos}");
        assert_eq!(dec.position(), want, "{name}: position after seek({to})");
        assert!(dec.frames_decoded() >= want, "{name}: frames_decoded");
        let got = read_frames(dec, SEEK_CMP);
        assert_eq!(
            dec.position(),
            want + got[0].len() as u64,
            "{name}: position after reading"
        );
        (pos as usize, got)
    }

    /// Seek positions for a stream of `len` frames, in an order that goes back and forth: start,
    /// non-packet-aligned frames, the middle, near the end, the end, past the end, and back.
    fn seek_positions(len: usize) -> Vec<u64> {
        let len = len as u64;
        vec![
            0,
            len / 2,
            1,
            12_345,
            4607,
            4608,
            4609,
            len - 100,
            len - 1,
            len / 2 + 3,
            len,
            len + 5000,
            777,
            u64::MAX,
            0,
        ]
    }

    /// Lossless: every seek returns exactly the samples of a full decode at that offset.
    fn assert_seeks_exact(path: &Path) -> Decoder {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let full = full_decode(path);
        let len = full[0].len();
        assert_eq!(len, SEEK_LEN, "{name}: length");
        let mut dec = open(path);
        for to in seek_positions(len) {
            let (pos, got) = seek_and_read(&mut dec, to, len, &name);
            let expect = SEEK_CMP.min(len - pos);
            assert_eq!(got[0].len(), expect, "{name}: frames after seek({to})");
            for (c, g) in got.iter().enumerate() {
                if let Some(i) = (0..expect).find(|&i| g[i] != full[c][pos + i]) {
                    panic!(
                        "{name}: after seek({to}), channel {c} frame {} is {} instead of {}",
                        pos + i,
                        g[i],
                        full[c][pos + i]
                    );
                }
            }
        }
        // Read to the end, then seek backwards.
        dec.seek(len as u64 / 3).unwrap();
        let rest = read_frames(&mut dec, usize::MAX);
        assert_eq!(
            rest[0].as_slice(),
            &full[0][len / 3..],
            "{name}: read to end"
        );
        assert_eq!(
            rest[1].as_slice(),
            &full[1][len / 3..],
            "{name}: read to end"
        );
        assert_eq!(
            read_frames(&mut dec, 10)[0].len(),
            0,
            "{name}: stays at the end"
        );
        let (pos, got) = seek_and_read(&mut dec, 4321, len, &name);
        assert_eq!(
            got[0].as_slice(),
            &full[0][pos..pos + SEEK_CMP],
            "{name}: back"
        );
        assert_eq!(
            got[1].as_slice(),
            &full[1][pos..pos + SEEK_CMP],
            "{name}: back"
        );
        dec
    }

    /// Largest absolute difference between `got` and `full` from frame `at`.
    fn max_err(got: &[Vec<f32>], full: &[Vec<f32>], at: usize) -> f32 {
        got.iter()
            .zip(full)
            .flat_map(|(g, f)| g.iter().zip(&f[at..]).map(|(a, b)| (a - b).abs()))
            .fold(0.0, f32::max)
    }

    /// The lag (within ±`max_lag`) at which `got` correlates best with `full` around `at`.
    fn best_lag(got: &[Vec<f32>], full: &[Vec<f32>], at: usize, max_lag: isize) -> isize {
        let mut best = (f64::NEG_INFINITY, 0);
        for lag in -max_lag..=max_lag {
            let (mut xy, mut yy) = (0.0f64, 0.0f64);
            for (g, f) in got.iter().zip(full) {
                for (i, &x) in g.iter().enumerate() {
                    let j = at as isize + i as isize + lag;
                    if let Some(&y) = usize::try_from(j).ok().and_then(|j| f.get(j)) {
                        xy += f64::from(x) * f64::from(y);
                        yy += f64::from(y) * f64::from(y);
                    }
                }
            }
            let score = if yy > 0.0 { xy / yy.sqrt() } else { 0.0 };
            if score > best.0 {
                best = (score, lag);
            }
        }
        best.1
    }

    /// Lossy: every seek returns the full decode's samples at that offset within `tol`, and they
    /// line up with it (best cross-correlation at lag 0 among lags covering every codec's
    /// priming). Returns the largest error seen.
    fn assert_seeks_aligned(path: &Path, tol: f32) -> (Decoder, f32) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let full = full_decode(path);
        let len = full[0].len();
        let mut dec = open(path);
        let mut worst = 0.0f32;
        let mut check = |dec: &mut Decoder, to: u64| {
            let (pos, got) = seek_and_read(dec, to, len, &name);
            let expect = SEEK_CMP.min(len - pos);
            assert_eq!(got[0].len(), expect, "{name}: frames after seek({to})");
            let err = max_err(&got, &full, pos);
            assert!(err <= tol, "{name}: after seek({to}) off by up to {err}");
            worst = worst.max(err);
            if expect >= 500 {
                let lag = best_lag(&got, &full, pos, 1200);
                assert_eq!(
                    lag, 0,
                    "{name}: after seek({to}) the audio is shifted by {lag}"
                );
            }
        };
        for to in seek_positions(len) {
            check(&mut dec, to);
        }
        // Read to the end, then seek backwards.
        let _ = read_frames(&mut dec, usize::MAX);
        assert_eq!(dec.position(), len as u64, "{name}: position at the end");
        check(&mut dec, 20_000);
        check(&mut dec, 0);
        (dec, worst)
    }

    /// The seek fixtures, in a temporary directory.
    fn seek_fixtures() -> (tempfile::TempDir, PathBuf) {
        require_ffmpeg();
        let dir = tempfile::tempdir().unwrap();
        let wav = dir.path().join("source.wav");
        write_seek_source(&wav);
        (dir, wav)
    }

    #[test]
    fn seek_wav_and_flac_are_exact() {
        let (dir, wav) = seek_fixtures();
        let dec = assert_seeks_exact(&wav);
        assert_eq!(dec.last_seek, Some(SeekMethod::Demuxer));

        let flac = dir.path().join("source.flac");
        ffmpeg(&wav, &[], &flac);
        let dec = assert_seeks_exact(&flac);
        assert_eq!(dec.last_seek, Some(SeekMethod::Demuxer));

        // A WAV written to a pipe declares no length: seeking past the end finds it.
        let piped = dir.path().join("piped.wav");
        let out = std::process::Command::new("ffmpeg")
            .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-i"])
            .arg(&wav)
            .args(["-f", "wav", "pipe:1"])
            .output()
            .unwrap();
        assert!(out.status.success());
        std::fs::write(&piped, &out.stdout).unwrap();
        assert_seeks_exact(&piped);
    }

    #[test]
    fn seek_other_lossless_containers_are_exact() {
        let (dir, wav) = seek_fixtures();
        // ALAC in MP4: symphonia's MP4 reader cannot seek once it has read to the end of the
        // file, so such seeks open the file again.
        let m4a = dir.path().join("alac.m4a");
        ffmpeg(&wav, &["-c:a", "alac"], &m4a);
        let dec = assert_seeks_exact(&m4a);
        assert_eq!(dec.last_seek, Some(SeekMethod::ReopenedDemuxer));
        // Matroska's timestamps are in milliseconds, too coarse to locate a frame: these seeks
        // decode from the start.
        let mka = dir.path().join("flac.mka");
        ffmpeg(&wav, &["-c:a", "flac"], &mka);
        let dec = assert_seeks_exact(&mka);
        assert_eq!(dec.last_seek, Some(SeekMethod::DecodeFromStart));
        let aiff = dir.path().join("pcm.aiff");
        ffmpeg(&wav, &[], &aiff);
        assert_seeks_exact(&aiff);
    }

    #[test]
    fn seek_mp3_is_aligned() {
        let (dir, wav) = seek_fixtures();
        let mp3 = dir.path().join("lame.mp3");
        ffmpeg(&wav, &["-c:a", "libmp3lame", "-b:a", "192k"], &mp3);
        let (dec, worst) = assert_seeks_aligned(&mp3, 1e-4);
        assert_eq!(dec.last_seek, Some(SeekMethod::Demuxer));
        println!("mp3: largest difference after a seek {worst:e}");
    }

    #[test]
    fn seek_aac_is_aligned() {
        let (dir, wav) = seek_fixtures();
        // The output keeps the encoder's 1024 priming frames (no gapless trimming for AAC in
        // symphonia 0.6), so positions count them too, as in a full decode.
        let m4a = dir.path().join("aac.m4a");
        ffmpeg(&wav, &["-c:a", "aac", "-b:a", "192k"], &m4a);
        // Not bit-identical: the noise of PNS bands differs (see the module documentation); the
        // difference is largest, up to about 1e-2, in the first packets, where the encoder uses
        // PNS; elsewhere it is about 3e-5.
        let (dec, worst) = assert_seeks_aligned(&m4a, 0.03);
        assert_eq!(dec.last_seek, Some(SeekMethod::Demuxer));
        println!("aac: largest difference after a seek {worst:e}");
    }

    #[test]
    fn seek_ogg_opus_and_vorbis_are_aligned() {
        let (dir, wav) = seek_fixtures();
        // The libopus adapter cuts the pre-skip (312 frames) from its first output only; seeks
        // must account for it themselves.
        let opus = dir.path().join("x.opus");
        ffmpeg(&wav, &["-c:a", "libopus", "-b:a", "160k"], &opus);
        let (dec, worst) = assert_seeks_aligned(&opus, 1e-4);
        assert_eq!(dec.last_seek, Some(SeekMethod::Demuxer));
        println!("opus: largest difference after a seek {worst:e}");
        let ogg = dir.path().join("x.ogg");
        ffmpeg(&wav, &["-c:a", "libvorbis", "-q:a", "6"], &ogg);
        let (dec, worst) = assert_seeks_aligned(&ogg, 1e-4);
        assert_eq!(dec.last_seek, Some(SeekMethod::Demuxer));
        println!("vorbis: largest difference after a seek {worst:e}");
    }

    #[test]
    fn seek_in_an_empty_stream() {
        let info = StreamInfo {
            sample_rate: 48_000,
            channels: 2,
            total_frames: Some(0),
            codec: "flac".into(),
            container: "flac".into(),
            bits_per_sample: Some(16),
        };
        let mut dec = Decoder::empty(Path::new("empty.flac"), info);
        assert_eq!(dec.seek(5).unwrap(), 0);
        assert_eq!(dec.position(), 0);
        assert_eq!(dec.read(&mut PlanarBuf::new(2, 16)).unwrap(), 0);
    }

    #[test]
    fn seek_past_a_truncation_fails_and_a_later_seek_recovers() {
        let (dir, wav) = seek_fixtures();
        let full = full_decode(&wav);
        let bytes = std::fs::read(&wav).unwrap();
        let cut = dir.path().join("cut.wav");
        // The header declares 2 s; half of the data is there.
        std::fs::write(&cut, &bytes[..44 + SEEK_LEN * 2]).unwrap();
        let mut dec = open(&cut);
        let e = dec.seek(SEEK_LEN as u64 - 10).unwrap_err();
        assert!(matches!(e, DecodeError::Truncated { .. }), "{e:?}");
        assert_eq!(e.path(), cut);
        // Reads after the error keep failing, as after a read error.
        let mut out = PlanarBuf::new(2, 64);
        assert!(dec.read(&mut out).is_err());
        assert!(dec.read(&mut out).is_err());
        // Back before the cut it decodes again.
        assert_eq!(dec.seek(1000).unwrap(), 1000);
        let got = read_frames(&mut dec, 500);
        assert_eq!(got[0].as_slice(), &full[0][1000..1500]);
    }

    /// xorshift64* (deterministic).
    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    #[test]
    fn seek_in_files_corrupt_in_the_middle_never_panics() {
        let (dir, wav) = seek_fixtures();
        let mut sources = vec![wav.clone()];
        for (name, args) in [
            ("c.flac", &[][..]),
            ("c.mp3", &["-c:a", "libmp3lame"][..]),
            ("c.opus", &["-c:a", "libopus"][..]),
            ("c.ogg", &["-c:a", "libvorbis"][..]),
            ("c.m4a", &["-c:a", "aac"][..]),
            ("c.mka", &["-c:a", "flac"][..]),
        ] {
            let p = dir.path().join(name);
            ffmpeg(&wav, args, &p);
            sources.push(p);
        }
        let mut rng = 0x005e_ed0f_5ee4_u64;
        for src in &sources {
            let clean = full_decode(src);
            let bytes = std::fs::read(src).unwrap();
            for variant in 0..4 {
                // Garbage over 1% to 10% of the file, somewhere in its middle half.
                let mut bad = bytes.clone();
                let len = bad.len();
                let span = len / 100 * (1 + variant * 3);
                let at = len / 4 + (xorshift(&mut rng) as usize) % (len / 2 - span);
                for b in &mut bad[at..at + span] {
                    *b = xorshift(&mut rng) as u8;
                }
                let name = format!(
                    "corrupt-{variant}-{}",
                    src.file_name().unwrap().to_string_lossy()
                );
                let p = dir.path().join(&name);
                std::fs::write(&p, &bad).unwrap();
                let result = std::panic::catch_unwind(|| {
                    let mut dec = match Decoder::open(&p, &DecodeOptions::default()) {
                        Ok(d) => d,
                        Err(e) => {
                            assert!(e.to_string().contains(&name), "{e}");
                            return;
                        }
                    };
                    let ch = dec.info().channels;
                    let mut out = PlanarBuf::new(ch, 1000);
                    let n = SEEK_LEN as u64;
                    for to in [n / 2, n / 4, 3 * n / 4, 2 * n, n / 2 + 17, 0, n / 3] {
                        match dec.seek(to) {
                            Ok(pos) => assert!(pos <= to, "{name}: seek({to}) gave {pos}"),
                            Err(e) => assert!(e.to_string().contains(&name), "{e}"),
                        }
                        for _ in 0..5 {
                            match dec.read(&mut out) {
                                Ok(0) => break,
                                Ok(_) => {}
                                Err(e) => {
                                    assert!(e.to_string().contains(&name), "{e}");
                                    break;
                                }
                            }
                        }
                    }
                    // The start of the file is intact: after all that, a seek there gives the
                    // clean audio (within a lossy codec's convergence).
                    assert_eq!(dec.seek(100).unwrap(), 100, "{name}");
                    let got = read_frames(&mut dec, 1000);
                    let err = max_err(&got, &clean, 100);
                    assert!(err < 0.02, "{name}: start differs by {err}");
                });
                assert!(result.is_ok(), "{name}: seeking panicked");
            }
        }
    }

    #[test]
    fn opus_is_registered() {
        use symphonia::core::codecs::audio::well_known::CODEC_ID_OPUS;
        assert!(codec_registry().get_audio_decoder(CODEC_ID_OPUS).is_some());
        assert_eq!(codec_name(CODEC_ID_OPUS), "opus");
    }
}
