//! An audio output device as a [`Sink`], through cpal: ALSA devices, JACK (when cpal is
//! built with its `jack` feature), and PipeWire through its ALSA device (`pipewire`).
//!
//! [`CpalSink::open`] finds the device, chooses the stream format nearest to the request
//! (see [`negotiate`]) and builds the stream, so a device that cannot be used fails
//! there, before anything plays. The stream's data callback asks the engine's
//! [`Render`] for f32 samples and converts them to the device's sample format through a
//! buffer allocated when the stream is built; it does not allocate, lock, block or log.
//! The error callback only counts (xruns, other errors) and records the last error's kind
//! in an atomic byte.

use super::{Render, Sink, SinkCounters, SinkError, StreamSpec};
use crate::driver::cpal_host::{self, Direction, negotiate};
use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{BufferSize, I24, SampleFormat, SizedSample, StreamConfig, U24};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::Duration;

/// Periods in the device buffer: cpal's ALSA host double-buffers (two periods), and a
/// JACK server runs with two periods by default.
pub const PERIODS: usize = 2;

/// Frames the conversion buffer holds, as a multiple of the requested period; a callback
/// asking for more is rendered in several chunks.
pub const SCRATCH_PERIODS: usize = 8;

/// Smallest conversion buffer, frames (for very small or default periods).
pub const MIN_SCRATCH_FRAMES: usize = 4096;

/// How long building a stream may wait for the host (a JACK server), seconds.
const BUILD_TIMEOUT: Duration = Duration::from_secs(5);

/// State the stream callbacks share with the sink, written without locks.
#[derive(Debug, Default)]
struct Shared {
    counters: Arc<SinkCounters>,
    /// [`cpal_host::error_code`] of the last stream error; 0 for none.
    last_error: AtomicU8,
    /// A fatal error (device gone) was reported.
    failed: AtomicBool,
}

impl Shared {
    /// Called from cpal's error callback (on the audio thread for ALSA): counts only.
    fn record(&self, kind: cpal::ErrorKind) {
        if kind == cpal::ErrorKind::Xrun {
            self.counters.add_xrun();
        } else {
            self.counters.errors.fetch_add(1, Ordering::Relaxed);
        }
        if cpal_host::is_fatal(kind) {
            self.failed.store(true, Ordering::Relaxed);
        }
        self.last_error
            .store(cpal_host::error_code(kind), Ordering::Relaxed);
    }
}

/// A built stream and the slot that hands it the renderer.
struct Built {
    stream: cpal::Stream,
    renders: rtrb::Producer<Box<dyn Render>>,
}

/// An output device of a cpal host, consuming [`StreamSpec`] audio from a [`Render`].
pub struct CpalSink {
    host: cpal::HostId,
    device: cpal::Device,
    key: String,
    config: StreamConfig,
    format: SampleFormat,
    spec: StreamSpec,
    scratch_frames: usize,
    shared: Arc<Shared>,
    built: Option<Built>,
    running: bool,
    adjustments: Vec<String>,
}

impl std::fmt::Debug for CpalSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CpalSink")
            .field("device", &self.describe())
            .field("running", &self.running)
            .finish_non_exhaustive()
    }
}

impl CpalSink {
    /// Opens output device `device` of `host` (its key from `vortex devices`, such as
    /// `default`, `null` or `hw:CARD=PCH,DEV=0` for ALSA, or its name), or the host's
    /// default output device for `None`, and builds a stream as near to `spec` as the
    /// device allows:
    /// - the requested channel count and rate (Hz) when supported, else the nearest ones
    ///   (the engine reads the result from [`Sink::spec`] and adapts);
    /// - a fixed period of `spec.period_frames` when the device's range holds it, else the
    ///   device's default period, reported in [`Sink::spec`];
    /// - the device's best sample format (f32, else the widest integer), converted from
    ///   the engine's f32 in the callback.
    ///
    /// The stream is built but not started ([`Sink::start`] starts it).
    ///
    /// # Errors
    /// [`SinkError::Open`], naming the host and device: the spec is invalid (rate or
    /// channels 0, more than 65535 channels), the host or device is unavailable, the
    /// device offers no PCM format, or the stream cannot be built (busy, refused).
    pub fn open(
        host: cpal::HostId,
        device: Option<&str>,
        spec: StreamSpec,
    ) -> Result<CpalSink, SinkError> {
        // alsa-lib's own messages (the cause of a failure) go into the error, not stderr.
        let (result, alsa) =
            cpal_host::collect_alsa_messages(|| Self::open_collected(host, device, spec));
        result.map_err(|e| match e {
            SinkError::Open { sink, message } => SinkError::Open {
                sink,
                message: cpal_host::with_alsa_messages(message, &alsa),
            },
            other => other,
        })
    }

    fn open_collected(
        host: cpal::HostId,
        device: Option<&str>,
        spec: StreamSpec,
    ) -> Result<CpalSink, SinkError> {
        let host_label = cpal_host::host_label(host);
        let sink_name = format!("{host_label}: {}", device.unwrap_or("default device"));
        let open_err = |message: String| SinkError::Open {
            sink: sink_name.clone(),
            message,
        };
        if spec.sample_rate == 0 {
            return Err(open_err("sample rate 0 Hz requested".into()));
        }
        let channels = u16::try_from(spec.channels)
            .ok()
            .filter(|&c| c > 0)
            .ok_or_else(|| {
                open_err(format!(
                    "{} channels requested; 1 to 65535 are possible",
                    spec.channels
                ))
            })?;
        let period = u32::try_from(spec.period_frames).unwrap_or(u32::MAX);
        let h = cpal_host::open_host(host).map_err(&open_err)?;
        let dev = cpal_host::find_device(&h, device, Direction::Output).map_err(&open_err)?;
        let key = cpal_host::device_key(&dev);
        let sink_name = format!("{host_label}: {key}");
        let open_err = |message: String| SinkError::Open {
            sink: sink_name.clone(),
            message,
        };
        let ranges = cpal_host::supported_configs(&dev, Direction::Output).map_err(&open_err)?;
        let neg = negotiate(&ranges, spec.sample_rate, channels, period).map_err(&open_err)?;
        let mut sink = CpalSink {
            host,
            device: dev,
            key,
            config: neg.config,
            format: neg.format,
            spec: StreamSpec {
                sample_rate: neg.config.sample_rate,
                channels: usize::from(neg.config.channels),
                period_frames: spec.period_frames,
            },
            scratch_frames: (spec.period_frames.saturating_mul(SCRATCH_PERIODS))
                .max(MIN_SCRATCH_FRAMES),
            shared: Arc::new(Shared::default()),
            built: None,
            running: false,
            adjustments: Vec::new(),
        };
        let built = match sink.build() {
            Ok(b) => b,
            Err(fixed_err) if matches!(sink.config.buffer_size, BufferSize::Fixed(_)) => {
                // The period was outside what the device takes after all: its default.
                sink.config.buffer_size = BufferSize::Default;
                sink.build().map_err(|e| {
                    open_err(format!(
                        "with a period of {period} frames: {fixed_err}; \
                         with the device's default period: {e}"
                    ))
                })?
            }
            Err(e) => return Err(open_err(e.to_string())),
        };
        // When the host cannot say, the request stays the best guess (latency report).
        if let Ok(frames) = built.stream.buffer_size() {
            sink.spec.period_frames = frames as usize;
        }
        sink.built = Some(built);
        sink.adjustments = adjustments(&spec, &sink.spec, sink.config.buffer_size);
        Ok(sink)
    }

    /// How the opened stream differs from the request (rate, channels, period), one
    /// sentence each, for the user.
    pub fn adjustments(&self) -> &[String] {
        &self.adjustments
    }

    /// The device's sample format the stream converts to.
    pub fn sample_format(&self) -> SampleFormat {
        self.format
    }

    /// The device's key (what [`CpalSink::open`] takes to open it again).
    pub fn device_key(&self) -> &str {
        &self.key
    }

    /// The kind of the last error the stream reported, if any.
    pub fn last_error(&self) -> Option<cpal::ErrorKind> {
        cpal_host::error_kind(self.shared.last_error.load(Ordering::Relaxed))
    }

    /// Whether the stream reported an error it cannot recover from (the device went
    /// away); the sink then plays nothing more.
    pub fn failed(&self) -> bool {
        self.shared.failed.load(Ordering::Relaxed)
    }

    fn sink_name(&self) -> String {
        format!("{}: {}", cpal_host::host_label(self.host), self.key)
    }

    fn build(&self) -> Result<Built, cpal::Error> {
        let (renders, incoming) = rtrb::RingBuffer::new(1);
        let mut callback = OutputCallback::new(
            self.format,
            usize::from(self.config.channels),
            self.scratch_frames,
            incoming,
        );
        let shared = Arc::clone(&self.shared);
        let stream = self.device.build_output_stream_raw(
            self.config,
            self.format,
            move |data, _info| callback.fill(data),
            move |err| shared.record(err.kind()),
            Some(BUILD_TIMEOUT),
        )?;
        Ok(Built { stream, renders })
    }
}

/// The differences between the requested and the opened stream, in words.
fn adjustments(want: &StreamSpec, got: &StreamSpec, buffer: BufferSize) -> Vec<String> {
    let mut notes = Vec::new();
    if want.sample_rate != got.sample_rate {
        notes.push(format!(
            "the device cannot run at {} Hz; it runs at {} Hz",
            want.sample_rate, got.sample_rate
        ));
    }
    if want.channels != got.channels {
        notes.push(format!(
            "the device cannot take {} channels; it takes {}",
            want.channels, got.channels
        ));
    }
    if want.period_frames != got.period_frames && want.period_frames != 0 {
        let why = match buffer {
            BufferSize::Fixed(_) => "the device rounded it",
            BufferSize::Default => "outside what the device allows",
        };
        notes.push(format!(
            "a period of {} frames was asked for ({why}); the device uses {}",
            want.period_frames, got.period_frames
        ));
    }
    notes
}

impl Sink for CpalSink {
    fn describe(&self) -> String {
        format!(
            "{} ({} Hz, {} ch, {}, period {} frames)",
            self.sink_name(),
            self.spec.sample_rate,
            self.spec.channels,
            self.format,
            self.spec.period_frames
        )
    }

    fn spec(&self) -> StreamSpec {
        self.spec
    }

    fn buffer_frames(&self) -> usize {
        self.spec.period_frames.saturating_mul(PERIODS)
    }

    fn start(&mut self, render: Box<dyn Render>) -> Result<(), SinkError> {
        let name = self.sink_name();
        let stream_err = |message: String| SinkError::Stream {
            sink: name.clone(),
            message,
        };
        if self.running {
            return Err(stream_err("already started".into()));
        }
        let mut built = match self.built.take() {
            Some(b) => b,
            // Stopped before: build the stream again with the same format.
            None => {
                let (built, alsa) = cpal_host::collect_alsa_messages(|| self.build());
                built.map_err(|e| {
                    stream_err(cpal_host::with_alsa_messages(
                        format!("cannot rebuild the stream: {e}"),
                        &alsa,
                    ))
                })?
            }
        };
        if built.renders.push(render).is_err() {
            return Err(stream_err("the stream still holds a renderer".into()));
        }
        // On failure `built` (with the renderer) is dropped; the next start rebuilds.
        built
            .stream
            .play()
            .map_err(|e| stream_err(format!("cannot start: {e}")))?;
        self.built = Some(built);
        self.running = true;
        Ok(())
    }

    fn stop(&mut self) -> Result<(), SinkError> {
        if let Some(built) = self.built.take() {
            // Not every device can pause (ALSA's null cannot); dropping the stream stops
            // it either way, and joins its thread, so `render` is not called after this.
            let _ = built.stream.pause();
            drop(built);
        }
        self.running = false;
        Ok(())
    }

    fn counters(&self) -> Arc<SinkCounters> {
        Arc::clone(&self.shared.counters)
    }

    /// How the stream differs from the request ([`CpalSink::adjustments`]).
    fn notices(&self) -> Vec<String> {
        self.adjustments.clone()
    }
}

/// The data callback's state: the renderer (handed over through a one-slot ring) and the
/// f32 buffer integer formats are rendered into before conversion.
struct OutputCallback {
    format: SampleFormat,
    channels: usize,
    scratch: Vec<f32>,
    incoming: rtrb::Consumer<Box<dyn Render>>,
    render: Option<Box<dyn Render>>,
}

impl OutputCallback {
    fn new(
        format: SampleFormat,
        channels: usize,
        scratch_frames: usize,
        incoming: rtrb::Consumer<Box<dyn Render>>,
    ) -> Self {
        let scratch_len = if format == SampleFormat::F32 {
            0
        } else {
            scratch_frames.max(1).saturating_mul(channels)
        };
        OutputCallback {
            format,
            channels: channels.max(1),
            scratch: vec![0.0; scratch_len],
            incoming,
            render: None,
        }
    }

    /// Fills `data` (real-time: no allocation, lock, block or log). Before a renderer
    /// arrives, the buffer keeps the silence cpal put there.
    fn fill(&mut self, data: &mut cpal::Data) {
        if self.render.is_none() {
            self.render = self.incoming.pop().ok();
        }
        let Some(render) = self.render.as_deref_mut() else {
            return;
        };
        let (ch, scratch) = (self.channels, &mut self.scratch[..]);
        match self.format {
            SampleFormat::F32 => {
                if let Some(out) = data.as_slice_mut::<f32>() {
                    let n = out.len() - out.len() % ch;
                    render.render(&mut out[..n]);
                }
            }
            SampleFormat::F64 => convert::<f64>(data, render, scratch, ch),
            SampleFormat::I8 => convert::<i8>(data, render, scratch, ch),
            SampleFormat::I16 => convert::<i16>(data, render, scratch, ch),
            SampleFormat::I24 => convert::<I24>(data, render, scratch, ch),
            SampleFormat::I32 => convert::<i32>(data, render, scratch, ch),
            SampleFormat::I64 => convert::<i64>(data, render, scratch, ch),
            SampleFormat::U8 => convert::<u8>(data, render, scratch, ch),
            SampleFormat::U16 => convert::<u16>(data, render, scratch, ch),
            SampleFormat::U24 => convert::<U24>(data, render, scratch, ch),
            SampleFormat::U32 => convert::<u32>(data, render, scratch, ch),
            SampleFormat::U64 => convert::<u64>(data, render, scratch, ch),
            // Never negotiated (DSD and formats newer than this code): silence.
            _ => {}
        }
    }
}

/// Renders whole frames of `data` through `scratch`, chunk by chunk, converting each
/// sample. A trailing partial frame (never seen in practice) stays silent.
fn convert<T: OutSample>(
    data: &mut cpal::Data,
    render: &mut dyn Render,
    scratch: &mut [f32],
    channels: usize,
) {
    let Some(out) = data.as_slice_mut::<T>() else {
        return;
    };
    let chunk = scratch.len() - scratch.len() % channels;
    if chunk == 0 {
        return;
    }
    let n = out.len() - out.len() % channels;
    for part in out[..n].chunks_mut(chunk) {
        let s = &mut scratch[..part.len()];
        render.render(s);
        for (o, &x) in part.iter_mut().zip(s.iter()) {
            *o = T::from_f32(x);
        }
    }
}

/// A device sample type the engine's f32 converts to: clipped to full scale, rounded to
/// nearest, NaN to zero (silence).
trait OutSample: SizedSample {
    fn from_f32(x: f32) -> Self;
}

/// `x` clipped to [-1, 1] and scaled to a signed integer of `bits` bits, rounded, within
/// that integer's range (so +1.0 is the largest positive value, not an overflow).
fn scale(x: f32, bits: u32) -> i64 {
    let full = (1_i64 << (bits - 1)) as f64;
    let v = (f64::from(x.clamp(-1.0, 1.0)) * full).round();
    // `as` saturates and maps NaN to 0.
    (v as i64).clamp(-(1_i64 << (bits - 1)), (1_i64 << (bits - 1)) - 1)
}

impl OutSample for f64 {
    fn from_f32(x: f32) -> Self {
        f64::from(x)
    }
}
impl OutSample for i8 {
    fn from_f32(x: f32) -> Self {
        scale(x, 8) as i8
    }
}
impl OutSample for i16 {
    fn from_f32(x: f32) -> Self {
        scale(x, 16) as i16
    }
}
impl OutSample for I24 {
    fn from_f32(x: f32) -> Self {
        I24::new_unchecked(scale(x, 24) as i32)
    }
}
impl OutSample for i32 {
    fn from_f32(x: f32) -> Self {
        scale(x, 32) as i32
    }
}
impl OutSample for i64 {
    fn from_f32(x: f32) -> Self {
        // f64 cannot hold 2^63 - 1: saturate through the float conversion.
        (f64::from(x.clamp(-1.0, 1.0)) * 9_223_372_036_854_775_808.0).round() as i64
    }
}
impl OutSample for u8 {
    fn from_f32(x: f32) -> Self {
        (scale(x, 8) + 128) as u8
    }
}
impl OutSample for u16 {
    fn from_f32(x: f32) -> Self {
        (scale(x, 16) + 32_768) as u16
    }
}
impl OutSample for U24 {
    fn from_f32(x: f32) -> Self {
        U24::new_unchecked((scale(x, 24) + 8_388_608) as i32)
    }
}
impl OutSample for u32 {
    fn from_f32(x: f32) -> Self {
        (scale(x, 32) + 2_147_483_648) as u32
    }
}
impl OutSample for u64 {
    fn from_f32(x: f32) -> Self {
        (i64::from_f32(x) as u64) ^ (1 << 63)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// Writes a ramp 0.0, 0.25, 0.5, ... (wrapping at 1.0) and counts frames.
    struct Ramp {
        channels: usize,
        next: f32,
        frames: Arc<AtomicUsize>,
        calls: Arc<AtomicUsize>,
    }

    impl Render for Ramp {
        fn render(&mut self, out: &mut [f32]) {
            for s in out.iter_mut() {
                *s = self.next;
                self.next = if self.next >= 1.0 {
                    -1.0
                } else {
                    self.next + 0.25
                };
            }
            self.frames
                .fetch_add(out.len() / self.channels, Ordering::Relaxed);
            self.calls.fetch_add(1, Ordering::Relaxed);
        }
        fn ready(&self) -> bool {
            true
        }
        fn finished(&self) -> bool {
            false
        }
    }

    fn ramp(channels: usize) -> (Box<dyn Render>, Arc<AtomicUsize>, Arc<AtomicUsize>) {
        let frames = Arc::new(AtomicUsize::new(0));
        let calls = Arc::new(AtomicUsize::new(0));
        let r = Ramp {
            channels,
            next: 0.0,
            frames: Arc::clone(&frames),
            calls: Arc::clone(&calls),
        };
        (Box::new(r), frames, calls)
    }

    fn callback(format: SampleFormat, channels: usize, scratch_frames: usize) -> OutputCallback {
        let (mut tx, rx) = rtrb::RingBuffer::new(1);
        let (r, _, _) = ramp(channels);
        assert!(tx.push(r).is_ok());
        OutputCallback::new(format, channels, scratch_frames, rx)
    }

    fn fill<T: SizedSample + Copy>(cb: &mut OutputCallback, buf: &mut [T]) {
        // SAFETY: `buf` is a live, exclusively borrowed slice of `T`, whose format is
        // `T::FORMAT`, for the duration of the call.
        let mut data =
            unsafe { cpal::Data::from_parts(buf.as_mut_ptr().cast(), buf.len(), T::FORMAT) };
        assert_no_alloc::assert_no_alloc(|| cb.fill(&mut data));
    }

    #[test]
    fn conversions_are_clipped_and_full_scale() {
        assert_eq!(i16::from_f32(1.0), i16::MAX);
        assert_eq!(i16::from_f32(-1.0), i16::MIN);
        assert_eq!(i16::from_f32(2.0), i16::MAX);
        assert_eq!(i16::from_f32(f32::NAN), 0);
        assert_eq!(i16::from_f32(0.5), 16_384);
        assert_eq!(I24::from_f32(1.0).inner(), 8_388_607);
        assert_eq!(I24::from_f32(-1.5).inner(), -8_388_608);
        assert_eq!(i32::from_f32(1.0), i32::MAX);
        assert_eq!(i64::from_f32(1.0), i64::MAX);
        assert_eq!(i64::from_f32(-1.0), i64::MIN);
        assert_eq!(u8::from_f32(0.0), 128);
        assert_eq!(u8::from_f32(-1.0), 0);
        assert_eq!(u8::from_f32(1.0), 255);
        assert_eq!(u16::from_f32(0.0), 32_768);
        assert_eq!(U24::from_f32(0.0).inner(), 8_388_608);
        assert_eq!(U24::from_f32(1.0).inner(), 16_777_215);
        assert_eq!(u32::from_f32(0.0), 1 << 31);
        assert_eq!(u64::from_f32(0.0), 1 << 63);
        assert_eq!(u64::from_f32(-1.0), 0);
    }

    #[test]
    fn callback_is_silent_until_a_renderer_arrives() {
        let (_tx, rx) = rtrb::RingBuffer::<Box<dyn Render>>::new(1);
        let mut cb = OutputCallback::new(SampleFormat::I16, 2, 16, rx);
        let mut buf = [0_i16; 8];
        fill(&mut cb, &mut buf);
        assert_eq!(buf, [0; 8]);
    }

    #[test]
    fn callback_renders_f32_in_place() {
        let mut cb = callback(SampleFormat::F32, 2, 4);
        let mut buf = [9.0_f32; 7];
        fill(&mut cb, &mut buf);
        assert_eq!(&buf[..6], &[0.0, 0.25, 0.5, 0.75, 1.0, -1.0]);
        assert_eq!(buf[6], 9.0, "a partial frame is left alone");
    }

    #[test]
    fn callback_converts_in_chunks_without_allocating() {
        // A scratch buffer of 3 frames; the device asks for 10 frames of stereo i16.
        let mut cb = callback(SampleFormat::I16, 2, 3);
        let mut buf = [1_i16; 20];
        fill(&mut cb, &mut buf);
        let want: Vec<i16> = (0..20)
            .map(|i| i16::from_f32([0.0, 0.25, 0.5, 0.75, 1.0, -1.0, -0.75, -0.5, -0.25][i % 9]))
            .collect();
        assert_eq!(&buf[..], &want[..]);
        let mut u = [0_u8; 4];
        let mut cb = callback(SampleFormat::U8, 1, 2);
        fill(&mut cb, &mut u);
        assert_eq!(u, [128, 160, 192, 224]);
    }

    /// Opens ALSA's `null` device (not paced), plays a few periods, stops.
    #[test]
    fn alsa_null_device_plays_and_stops() {
        let Some(alsa) = cpal_host::host_id("alsa") else {
            eprintln!("skipped: this build has no ALSA host");
            return;
        };
        let spec = StreamSpec {
            sample_rate: 48_000,
            channels: 2,
            period_frames: 256,
        };
        let mut sink = match CpalSink::open(alsa, Some("null"), spec) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("skipped: cannot open ALSA null: {e}");
                return;
            }
        };
        let got = sink.spec();
        eprintln!("opened {}", sink.describe());
        assert!(got.sample_rate > 0 && got.channels > 0 && got.period_frames > 0);
        assert_eq!(sink.buffer_frames(), got.period_frames * PERIODS);
        assert!(
            sink.describe().starts_with("alsa: null ("),
            "{}",
            sink.describe()
        );
        for round in 0..2 {
            let (r, frames, calls) = ramp(got.channels);
            sink.start(r).unwrap();
            assert!(
                sink.start(ramp(got.channels).0).is_err(),
                "second start refused"
            );
            let t0 = std::time::Instant::now();
            while frames.load(Ordering::Relaxed) < 4 * got.period_frames
                && t0.elapsed() < Duration::from_secs(5)
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            sink.stop().unwrap();
            let after = calls.load(Ordering::Relaxed);
            assert!(
                frames.load(Ordering::Relaxed) >= 4 * got.period_frames,
                "round {round}: rendered {} frames",
                frames.load(Ordering::Relaxed)
            );
            std::thread::sleep(Duration::from_millis(20));
            assert_eq!(calls.load(Ordering::Relaxed), after, "no render after stop");
        }
        assert!(!sink.failed());
    }

    /// Plays to a running JACK server (`jackd -d dummy` is paced at real time); skipped
    /// when none runs or this build has no JACK.
    #[test]
    fn jack_server_plays_when_running() {
        let Some(jack) = cpal_host::host_id("jack") else {
            eprintln!("skipped: this build has no JACK host");
            return;
        };
        let spec = StreamSpec {
            sample_rate: 44_100,
            channels: 2,
            period_frames: 100,
        };
        let mut sink = match CpalSink::open(jack, None, spec) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("skipped: no JACK server: {e}");
                return;
            }
        };
        eprintln!("opened {}: {:?}", sink.describe(), sink.adjustments());
        // The server's rate and period win; the sink reports them.
        assert_eq!(sink.sample_format(), SampleFormat::F32);
        let got = sink.spec();
        if got.sample_rate != 44_100 {
            assert!(sink.adjustments()[0].contains("cannot run at 44100 Hz"));
        }
        assert_eq!(sink.notices(), sink.adjustments());
        let (r, frames, _) = ramp(got.channels);
        sink.start(r).unwrap();
        let t0 = std::time::Instant::now();
        while frames.load(Ordering::Relaxed) < 4 * got.period_frames
            && t0.elapsed() < Duration::from_secs(5)
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        sink.stop().unwrap();
        assert!(frames.load(Ordering::Relaxed) >= 4 * got.period_frames);
    }

    /// A renderer that misses its deadline once.
    struct Late {
        slept: bool,
        calls: Arc<AtomicUsize>,
    }

    impl Render for Late {
        fn render(&mut self, out: &mut [f32]) {
            out.fill(0.0);
            self.calls.fetch_add(1, Ordering::Relaxed);
            if !self.slept && self.calls.load(Ordering::Relaxed) > 10 {
                self.slept = true;
                std::thread::sleep(Duration::from_millis(15));
            }
        }
        fn ready(&self) -> bool {
            true
        }
        fn finished(&self) -> bool {
            false
        }
    }

    /// A late render is counted as an xrun (JACK reports them; the dummy backend is
    /// paced at real time). Skipped without a JACK server.
    #[test]
    fn jack_counts_xruns() {
        let Some(jack) = cpal_host::host_id("jack") else {
            return;
        };
        let spec = StreamSpec {
            sample_rate: 48_000,
            channels: 2,
            period_frames: 256,
        };
        let Ok(mut sink) = CpalSink::open(jack, None, spec) else {
            eprintln!("skipped: no JACK server");
            return;
        };
        let calls = Arc::new(AtomicUsize::new(0));
        let late = Late {
            slept: false,
            calls: Arc::clone(&calls),
        };
        let counters = sink.counters();
        sink.start(Box::new(late)).unwrap();
        let t0 = std::time::Instant::now();
        while counters.xruns() == 0 && t0.elapsed() < Duration::from_secs(3) {
            std::thread::sleep(Duration::from_millis(10));
        }
        sink.stop().unwrap();
        assert!(calls.load(Ordering::Relaxed) > 10);
        assert!(counters.xruns() > 0, "no xrun counted");
        assert_eq!(sink.last_error(), Some(cpal::ErrorKind::Xrun));
    }

    #[test]
    fn bad_specs_and_devices_name_the_problem() {
        let Some(alsa) = cpal_host::host_id("alsa") else {
            return;
        };
        let spec = StreamSpec {
            sample_rate: 48_000,
            channels: 0,
            period_frames: 256,
        };
        let e = CpalSink::open(alsa, Some("null"), spec)
            .unwrap_err()
            .to_string();
        assert!(e.contains("0 channels"), "{e}");
        let spec = StreamSpec {
            channels: 2,
            ..spec
        };
        let e = CpalSink::open(alsa, Some("no-such-device"), spec)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no-such-device"), "{e}");
    }

    #[test]
    fn adjustments_say_what_changed() {
        let want = StreamSpec {
            sample_rate: 44_100,
            channels: 2,
            period_frames: 100,
        };
        assert!(adjustments(&want, &want, BufferSize::Fixed(100)).is_empty());
        let got = StreamSpec {
            sample_rate: 48_000,
            channels: 4,
            period_frames: 128,
        };
        let notes = adjustments(&want, &got, BufferSize::Default);
        assert_eq!(notes.len(), 3);
        assert!(notes[0].contains("44100 Hz") && notes[0].contains("48000 Hz"));
        assert!(notes[1].contains("2 channels") && notes[1].contains("takes 4"));
        assert!(notes[2].contains("100 frames") && notes[2].contains("uses 128"));
    }
}
