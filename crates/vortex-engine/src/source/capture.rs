//! An audio capture device as a [`Source`], through cpal.
//!
//! The input stream's data callback converts the device's samples to f32 and pushes
//! whole interleaved frames into a lock-free ring (about a second deep); when the ring is
//! full the new frames are dropped and counted, never waited for. [`Source::read`] (on
//! the feeder thread) pops what is there and deinterleaves it. The stream starts on the
//! first read, so no stale audio piles up between opening and playing.

use super::{Read, Source, SourceError, SourceFormat};
use crate::driver::cpal_host::{self, Direction, negotiate};
use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{FromSample, I24, SampleFormat, SizedSample, U24};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::time::Duration;
use vortex_dsp::PlanarBuf;

/// Ring capacity, seconds of audio at the stream's rate.
pub const RING_SECONDS: f64 = 1.0;

/// Smallest ring capacity, frames.
pub const MIN_RING_FRAMES: usize = 8192;

/// How long building a stream may wait for the host (a JACK server), seconds.
const BUILD_TIMEOUT: Duration = Duration::from_secs(5);

/// Counters the stream callbacks share with the source.
#[derive(Debug, Default)]
struct Shared {
    /// Frames dropped because the ring was full (the reader fell behind).
    overflow_frames: AtomicU64,
    /// Device overruns reported by the host.
    xruns: AtomicU64,
    /// Other stream errors.
    errors: AtomicU64,
    /// [`cpal_host::error_code`] of the last stream error; 0 for none.
    last_error: AtomicU8,
    /// The stream reported an error it cannot recover from.
    failed: AtomicBool,
}

impl Shared {
    fn record(&self, kind: cpal::ErrorKind) {
        if kind == cpal::ErrorKind::Xrun {
            self.xruns.fetch_add(1, Ordering::Relaxed);
        } else {
            self.errors.fetch_add(1, Ordering::Relaxed);
        }
        if cpal_host::is_fatal(kind) {
            self.failed.store(true, Ordering::Relaxed);
        }
        self.last_error
            .store(cpal_host::error_code(kind), Ordering::Relaxed);
    }
}

/// A capture device of a cpal host, read as interleaved f32 frames through a ring.
pub struct CaptureSource {
    name: String,
    format: SourceFormat,
    sample_format: SampleFormat,
    stream: cpal::Stream,
    ring: rtrb::Consumer<f32>,
    shared: Arc<Shared>,
    started: bool,
}

impl std::fmt::Debug for CaptureSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaptureSource")
            .field("device", &self.describe())
            .field("started", &self.started)
            .finish_non_exhaustive()
    }
}

impl CaptureSource {
    /// Opens input device `device` of `host` (its key from `vortex devices`, or its name),
    /// or the host's default input device for `None`. With `want`, the channel count and
    /// rate (Hz) nearest to it that the device supports are chosen; without, the device's
    /// default format. [`Source::format`] tells what was chosen. The device's best sample
    /// format is converted to f32; the device's default period is used.
    ///
    /// # Errors
    /// [`SourceError::Failed`], naming the host and device: `want` has a rate or channel
    /// count of 0 (or over 65535 channels), the host or device is unavailable, the device
    /// cannot capture or offers no PCM format, or the stream cannot be built.
    pub fn open(
        host: cpal::HostId,
        device: Option<&str>,
        want: Option<SourceFormat>,
    ) -> Result<CaptureSource, SourceError> {
        // alsa-lib's own messages (the cause of a failure) go into the error, not stderr.
        let (result, alsa) =
            cpal_host::collect_alsa_messages(|| Self::open_collected(host, device, want));
        result.map_err(|e| match e {
            SourceError::Failed {
                source_name,
                message,
            } => SourceError::Failed {
                source_name,
                message: cpal_host::with_alsa_messages(message, &alsa),
            },
            other => other,
        })
    }

    fn open_collected(
        host: cpal::HostId,
        device: Option<&str>,
        want: Option<SourceFormat>,
    ) -> Result<CaptureSource, SourceError> {
        let host_label = cpal_host::host_label(host);
        let fail = |name: &str, message: String| SourceError::Failed {
            source_name: format!("capture: {host_label}: {name}"),
            message,
        };
        let requested = device.unwrap_or("default device");
        let want_channels = match want {
            Some(w) if w.sample_rate == 0 => {
                return Err(fail(requested, "sample rate 0 Hz requested".into()));
            }
            Some(w) => Some(
                u16::try_from(w.channels)
                    .ok()
                    .filter(|&c| c > 0)
                    .ok_or_else(|| {
                        fail(
                            requested,
                            format!("{} channels requested; 1 to 65535 are possible", w.channels),
                        )
                    })?,
            ),
            None => None,
        };
        let h = cpal_host::open_host(host).map_err(|m| fail(requested, m))?;
        let dev =
            cpal_host::find_device(&h, device, Direction::Input).map_err(|m| fail(requested, m))?;
        let key = cpal_host::device_key(&dev);
        let ranges =
            cpal_host::supported_configs(&dev, Direction::Input).map_err(|m| fail(&key, m))?;
        let (rate, channels) = match (want, want_channels) {
            (Some(w), Some(c)) => (w.sample_rate, c),
            _ => match dev.default_input_config() {
                Ok(c) => (c.sample_rate(), c.channels()),
                Err(_) => (48_000, 2),
            },
        };
        let neg = negotiate(&ranges, rate, channels, 0).map_err(|m| fail(&key, m))?;
        let ch = usize::from(neg.config.channels);
        let fs = neg.config.sample_rate;
        let ring_frames = ((f64::from(fs) * RING_SECONDS) as usize).max(MIN_RING_FRAMES);
        let (producer, ring) = rtrb::RingBuffer::new(ring_frames.saturating_mul(ch));
        let shared = Arc::new(Shared::default());
        let mut callback = InputCallback {
            format: neg.format,
            channels: ch,
            ring: producer,
            shared: Arc::clone(&shared),
        };
        let errors = Arc::clone(&shared);
        let stream = dev
            .build_input_stream_raw(
                neg.config,
                neg.format,
                move |data, _info| callback.push(data),
                move |err| errors.record(err.kind()),
                Some(BUILD_TIMEOUT),
            )
            .map_err(|e| fail(&key, format!("cannot build the input stream: {e}")))?;
        Ok(CaptureSource {
            name: format!("{host_label}: {key}"),
            format: SourceFormat {
                sample_rate: fs,
                channels: ch,
            },
            sample_format: neg.format,
            stream,
            ring,
            shared,
            started: false,
        })
    }

    /// The device's sample format converted from.
    pub fn sample_format(&self) -> SampleFormat {
        self.sample_format
    }

    /// Frames dropped so far because the ring was full (reads fell behind the device).
    pub fn overflow_frames(&self) -> u64 {
        self.shared.overflow_frames.load(Ordering::Relaxed)
    }

    /// Overruns the device reported so far.
    pub fn xruns(&self) -> u64 {
        self.shared.xruns.load(Ordering::Relaxed)
    }

    /// Other stream errors reported so far.
    pub fn errors(&self) -> u64 {
        self.shared.errors.load(Ordering::Relaxed)
    }

    fn failed(&self, message: String) -> SourceError {
        SourceError::Failed {
            source_name: self.describe(),
            message,
        }
    }
}

impl Source for CaptureSource {
    fn describe(&self) -> String {
        format!(
            "capture: {} ({} Hz, {} ch, {})",
            self.name, self.format.sample_rate, self.format.channels, self.sample_format
        )
    }

    fn format(&self) -> SourceFormat {
        self.format
    }

    fn read(&mut self, out: &mut PlanarBuf) -> Result<Read, SourceError> {
        let ch = self.format.channels;
        if out.channels() != ch {
            return Err(self.failed(format!(
                "the read buffer has {} channels, the capture {ch}",
                out.channels()
            )));
        }
        if !self.started {
            self.stream
                .play()
                .map_err(|e| self.failed(format!("cannot start capturing: {e}")))?;
            self.started = true;
        }
        let frames = (self.ring.slots() / ch).min(out.frames());
        if frames == 0 {
            if self.shared.failed.load(Ordering::Relaxed) {
                let kind = cpal_host::error_kind(self.shared.last_error.load(Ordering::Relaxed));
                let why = kind.map_or_else(|| "stream failed".to_owned(), |k| k.to_string());
                return Err(self.failed(format!("the device stopped: {why}")));
            }
            return Ok(Read::Pending);
        }
        let Ok(chunk) = self.ring.read_chunk(frames * ch) else {
            return Ok(Read::Pending);
        };
        let (a, b) = chunk.as_slices();
        for c in 0..ch {
            let dst = out.channel_mut(c);
            for (f, d) in dst[..frames].iter_mut().enumerate() {
                let i = f * ch + c;
                *d = if i < a.len() { a[i] } else { b[i - a.len()] };
            }
        }
        chunk.commit_all();
        Ok(Read::Frames(frames))
    }
}

/// The data callback's state.
struct InputCallback {
    format: SampleFormat,
    channels: usize,
    ring: rtrb::Producer<f32>,
    shared: Arc<Shared>,
}

impl InputCallback {
    /// Converts and queues `data` (real-time: no allocation, lock, block or log).
    fn push(&mut self, data: &cpal::Data) {
        match self.format {
            SampleFormat::F32 => self.push_as::<f32>(data),
            SampleFormat::F64 => self.push_as::<f64>(data),
            SampleFormat::I8 => self.push_as::<i8>(data),
            SampleFormat::I16 => self.push_as::<i16>(data),
            SampleFormat::I24 => self.push_as::<I24>(data),
            SampleFormat::I32 => self.push_as::<i32>(data),
            SampleFormat::I64 => self.push_as::<i64>(data),
            SampleFormat::U8 => self.push_as::<u8>(data),
            SampleFormat::U16 => self.push_as::<u16>(data),
            SampleFormat::U24 => self.push_as::<U24>(data),
            SampleFormat::U32 => self.push_as::<u32>(data),
            SampleFormat::U64 => self.push_as::<u64>(data),
            // Never negotiated (DSD and formats newer than this code).
            _ => {}
        }
    }

    fn push_as<T>(&mut self, data: &cpal::Data)
    where
        T: SizedSample,
        f32: FromSample<T>,
    {
        let Some(input) = data.as_slice::<T>() else {
            return;
        };
        let ch = self.channels;
        let n = input.len() - input.len() % ch;
        let free = self.ring.slots() - self.ring.slots() % ch;
        let take = n.min(free);
        if take < n {
            self.shared
                .overflow_frames
                .fetch_add(((n - take) / ch) as u64, Ordering::Relaxed);
        }
        if take == 0 {
            return;
        }
        if let Ok(chunk) = self.ring.write_chunk_uninit(take) {
            chunk.fill_from_iter(input[..take].iter().map(|&s| s.to_sample::<f32>()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data<T: SizedSample>(buf: &mut [T]) -> cpal::Data {
        // SAFETY: `buf` outlives the returned value in every use below and is not touched
        // while it lives; its format is `T::FORMAT`.
        unsafe { cpal::Data::from_parts(buf.as_mut_ptr().cast(), buf.len(), T::FORMAT) }
    }

    #[test]
    fn callback_converts_queues_whole_frames_and_counts_overflow() {
        let (producer, mut ring) = rtrb::RingBuffer::new(6);
        let shared = Arc::new(Shared::default());
        let mut cb = InputCallback {
            format: SampleFormat::I16,
            channels: 2,
            ring: producer,
            shared: Arc::clone(&shared),
        };
        let mut buf = [0_i16, 16_384, -16_384, i16::MIN, 8_192, 0, 1, 1];
        let d = data(&mut buf);
        assert_no_alloc::assert_no_alloc(|| cb.push(&d));
        // Room for 3 of the 4 frames.
        assert_eq!(shared.overflow_frames.load(Ordering::Relaxed), 1);
        let got: Vec<f32> = std::iter::from_fn(|| ring.pop().ok()).collect();
        assert_eq!(got, [0.0, 0.5, -0.5, -1.0, 0.25, 0.0]);
        let (producer, mut ring) = rtrb::RingBuffer::new(4);
        let mut cb = InputCallback {
            format: SampleFormat::U8,
            channels: 1,
            ring: producer,
            shared,
        };
        let mut u = [128_u8, 192, 64];
        let d = data(&mut u);
        cb.push(&d);
        let got: Vec<f32> = std::iter::from_fn(|| ring.pop().ok()).collect();
        assert_eq!(got, [0.0, 0.5, -0.5]);
    }

    #[test]
    fn fatal_errors_are_remembered() {
        let s = Shared::default();
        s.record(cpal::ErrorKind::Xrun);
        assert!(!s.failed.load(Ordering::Relaxed));
        s.record(cpal::ErrorKind::DeviceNotAvailable);
        assert!(s.failed.load(Ordering::Relaxed));
        assert_eq!(s.xruns.load(Ordering::Relaxed), 1);
        assert_eq!(s.errors.load(Ordering::Relaxed), 1);
    }

    /// ALSA's `null` capture device produces zeros, unpaced.
    #[test]
    fn alsa_null_capture_reads_silence() {
        let Some(alsa) = cpal_host::host_id("alsa") else {
            eprintln!("skipped: this build has no ALSA host");
            return;
        };
        let want = SourceFormat {
            sample_rate: 48_000,
            channels: 2,
        };
        let mut src = match CaptureSource::open(alsa, Some("null"), Some(want)) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("skipped: cannot open ALSA null for capture: {e}");
                return;
            }
        };
        let fmt = src.format();
        assert!(src.describe().starts_with("capture: alsa: null ("));
        let mut buf = PlanarBuf::new(fmt.channels, 512);
        for c in 0..fmt.channels {
            buf.channel_mut(c).fill(1.0);
        }
        let t0 = std::time::Instant::now();
        let frames = loop {
            match src.read(&mut buf).unwrap() {
                Read::Frames(n) => break n,
                Read::Pending if t0.elapsed() < Duration::from_secs(5) => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                other => panic!("no frames from ALSA null: {other:?}"),
            }
        };
        assert!(frames > 0 && frames <= 512);
        for c in 0..fmt.channels {
            assert!(buf.channel(c)[..frames].iter().all(|&s| s == 0.0));
        }
        let mut wrong = PlanarBuf::new(fmt.channels + 1, 16);
        let e = src.read(&mut wrong).unwrap_err().to_string();
        assert!(e.contains("channels"), "{e}");
    }

    /// Captures from a running JACK server (`jackd -d dummy` gives silence at real
    /// time); skipped when none runs.
    #[test]
    fn jack_capture_reads_frames_when_a_server_runs() {
        let Some(jack) = cpal_host::host_id("jack") else {
            return;
        };
        let mut src = match CaptureSource::open(jack, None, None) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("skipped: no JACK server: {e}");
                return;
            }
        };
        assert_eq!(src.sample_format(), SampleFormat::F32);
        let fmt = src.format();
        let mut buf = PlanarBuf::new(fmt.channels, 4096);
        let mut total = 0;
        let t0 = std::time::Instant::now();
        while total < 1024 && t0.elapsed() < Duration::from_secs(5) {
            match src.read(&mut buf).unwrap() {
                Read::Frames(n) => total += n,
                Read::Pending => std::thread::sleep(Duration::from_millis(2)),
                other => panic!("unexpected {other:?}"),
            }
        }
        assert!(total >= 1024, "read {total} frames");
        assert_eq!(src.overflow_frames(), 0);
    }
}
