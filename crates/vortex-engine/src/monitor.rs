//! The monitor: what the output sounds like, measured live, off the audio thread.
//!
//! The callback copies every output period into a lock-free ring (the tap, see
//! [`crate::realtime::render`]); this module's thread drains it, runs the analyzers of
//! `vortex-analysis` (levels, loudness, spectrum, pitch) and publishes a
//! [`MonitorSnapshot`] `publish_hz` times a second. Readers (the server's clients, at
//! their own rates) take the latest snapshot; they never touch the audio thread. When
//! the monitor falls behind, the tap drops whole periods and counts them.

use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use vortex_analysis::bands::BandLayout;
use vortex_analysis::levels::{ChannelLevels, LevelConfig, LevelMeter};
use vortex_analysis::loudness::LoudnessMeter;
use vortex_analysis::note::{Note, NoteMapper};
use vortex_analysis::pitch::{PitchConfig, PitchDetector, PitchFrame};
use vortex_analysis::spectrum::{Spectrum, SpectrumConfig};

/// Output held in the tap ring, seconds (the monitor must drain it within this).
pub const TAP_SECONDS: f64 = 0.5;

/// Samples analysed at a time.
const BATCH_FRAMES: usize = 1024;

/// What the monitor measures and how often.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonitorConfig {
    /// FFT size of the spectrum, a power of two 512..=32768 (default 4096: 2048 bins).
    pub fft_size: usize,
    /// Reference pitch of A4 for note names, Hz (415..=466, default 440).
    pub a4_hz: f64,
    /// Snapshots per second, 1..=120 (default 60, the fastest client rate).
    pub publish_hz: f64,
}

impl Default for MonitorConfig {
    fn default() -> Self {
        Self {
            fft_size: 4096,
            a4_hz: 440.0,
            publish_hz: 60.0,
        }
    }
}

/// The pitch of the output (all channels mixed), at one moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PitchReading {
    /// The detector's latest frame.
    pub frame: PitchFrame,
    /// Its note, when voiced.
    pub note: Option<Note>,
}

/// Loudness per EBU R128 since the monitor started, LUFS / LU (-inf or NaN when not yet
/// defined, as the meter reports it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoudnessReading {
    /// Momentary (400 ms), LUFS.
    pub momentary_lufs: f64,
    /// Short-term (3 s), LUFS.
    pub short_term_lufs: f64,
    /// Integrated, LUFS.
    pub integrated_lufs: f64,
    /// Loudness range, LU.
    pub range_lu: f64,
}

/// Everything measured at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct MonitorSnapshot {
    /// Counts snapshots from 1 (0: nothing measured yet).
    pub sequence: u64,
    /// Output time analysed so far, s.
    pub time_s: f64,
    /// Output rate, Hz.
    pub sample_rate: u32,
    /// Channels measured (the device's).
    pub channels: usize,
    /// Levels per channel.
    pub levels: Vec<ChannelLevels>,
    /// Loudness, if the meter could be built for these channels.
    pub loudness: Option<LoudnessReading>,
    /// Pitch, once a frame has been analysed.
    pub pitch: Option<PitchReading>,
    /// FFT size.
    pub fft_size: usize,
    /// Bins per channel (`fft_size / 2`; bin `k` is centred on `k * rate / fft_size` Hz).
    pub bins: usize,
    /// Smoothed magnitudes, dBFS (a full-scale sine reads 0 dB), channel-major:
    /// `channels * bins` values.
    pub spectrum_db: Vec<f32>,
}

/// The latest snapshot, shared between the monitor thread and its readers.
#[derive(Debug)]
pub struct MonitorHandle {
    latest: Mutex<Arc<MonitorSnapshot>>,
    publish_hz: f64,
    reset: AtomicBool,
}

impl MonitorHandle {
    /// The latest snapshot (cheap: an `Arc` clone under a short lock).
    pub fn latest(&self) -> Arc<MonitorSnapshot> {
        self.latest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Asks the monitor to start its measurements afresh (clips, holds, integrated
    /// loudness and range, spectrum peaks) before its next snapshot.
    pub fn reset(&self) {
        self.reset.store(true, Relaxed);
    }

    /// Snapshots per second.
    pub fn publish_hz(&self) -> f64 {
        self.publish_hz
    }

    fn publish(&self, s: MonitorSnapshot) {
        *self.latest.lock().unwrap_or_else(|e| e.into_inner()) = Arc::new(s);
    }
}

/// Why the monitor could not be built.
#[derive(Debug, thiserror::Error)]
#[error("monitor: {0}")]
pub struct MonitorError(String);

/// The analyzers and their scratch space.
struct Analyzers {
    channels: usize,
    sample_rate: u32,
    levels: LevelMeter,
    loudness: Option<LoudnessMeter>,
    spectra: Vec<Spectrum>,
    pitch: PitchDetector,
    notes: NoteMapper,
    last_pitch: Option<PitchReading>,
    planar: Vec<Vec<f32>>,
    mono: Vec<f32>,
    frames: u64,
    sequence: u64,
}

impl Analyzers {
    fn new(cfg: &MonitorConfig, sample_rate: u32, channels: usize) -> Result<Self, MonitorError> {
        let fs = f64::from(sample_rate);
        let err =
            |what: &str, e: vortex_analysis::AnalysisError| MonitorError(format!("{what}: {e}"));
        let spectrum_cfg = SpectrumConfig {
            size: cfg.fft_size,
            layout: BandLayout::Bins,
            ..SpectrumConfig::default()
        };
        let spectra = (0..channels)
            .map(|_| Spectrum::new(&spectrum_cfg, fs).map_err(|e| err("spectrum", e)))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            channels,
            sample_rate,
            levels: LevelMeter::new(&LevelConfig::default(), fs, channels)
                .map_err(|e| err("levels", e))?,
            // BS.1770 is defined for up to 5.1; wider layouts are measured unweighted.
            loudness: LoudnessMeter::new(fs, channels).ok(),
            spectra,
            pitch: PitchDetector::new(&PitchConfig::default(), fs).map_err(|e| err("pitch", e))?,
            notes: NoteMapper::new(cfg.a4_hz).map_err(|e| err("a4_hz", e))?,
            last_pitch: None,
            planar: vec![vec![0.0; BATCH_FRAMES]; channels],
            mono: vec![0.0; BATCH_FRAMES],
            frames: 0,
            sequence: 0,
        })
    }

    /// Starts every measurement afresh.
    fn reset(&mut self) {
        self.levels.reset();
        if let Some(l) = &mut self.loudness {
            l.reset();
        }
        self.spectra.iter_mut().for_each(Spectrum::reset);
        self.pitch.reset();
        self.last_pitch = None;
    }

    /// Analyses interleaved frames.
    fn process(&mut self, interleaved: &[f32]) {
        let ch = self.channels;
        let n = interleaved.len() / ch;
        for (i, frame) in interleaved.chunks_exact(ch).enumerate() {
            let mut sum = 0.0;
            for (c, &x) in frame.iter().enumerate() {
                self.planar[c][i] = x;
                sum += x;
            }
            self.mono[i] = sum / ch as f32;
        }
        let views: Vec<&[f32]> = self.planar.iter().map(|p| &p[..n]).collect();
        self.levels.process(&views);
        if let Some(l) = &mut self.loudness {
            l.process(&views);
        }
        for (s, p) in self.spectra.iter_mut().zip(&self.planar) {
            s.push(&p[..n]);
        }
        let notes = &self.notes;
        let last = &mut self.last_pitch;
        self.pitch.process(&self.mono[..n], |f| {
            *last = Some(PitchReading {
                frame: *f,
                note: if f.voiced { notes.map(f.f0_hz) } else { None },
            });
        });
        self.frames += n as u64;
    }

    /// Updates the spectra by `dt_s` and takes a snapshot.
    fn snapshot(&mut self, dt_s: f64) -> MonitorSnapshot {
        let mut spectrum_db = Vec::new();
        let mut bins = 0;
        for s in &mut self.spectra {
            s.update(dt_s);
            bins = s.size() / 2;
            spectrum_db.extend_from_slice(&s.bands_db()[..bins]);
        }
        self.sequence += 1;
        MonitorSnapshot {
            sequence: self.sequence,
            time_s: self.frames as f64 / f64::from(self.sample_rate),
            sample_rate: self.sample_rate,
            channels: self.channels,
            levels: (0..self.channels).map(|c| self.levels.channel(c)).collect(),
            loudness: self.loudness.as_ref().map(|l| LoudnessReading {
                momentary_lufs: l.momentary_lufs(),
                short_term_lufs: l.short_term_lufs(),
                integrated_lufs: l.integrated_lufs(),
                range_lu: l.loudness_range_lu(),
            }),
            pitch: self.last_pitch,
            fft_size: self.spectra.first().map_or(0, Spectrum::size),
            bins,
            spectrum_db,
        }
    }
}

/// A running monitor thread; stops when dropped.
pub struct Monitor {
    handle: Arc<MonitorHandle>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Monitor {
    /// The ring the callback writes to and the thread that reads it, for `channels`
    /// interleaved channels at `sample_rate` Hz.
    ///
    /// # Errors
    /// [`MonitorError`] if an analyzer cannot be built for this format or
    /// configuration, or the thread cannot start.
    pub fn start(
        cfg: &MonitorConfig,
        sample_rate: u32,
        channels: usize,
    ) -> Result<(Monitor, rtrb::Producer<f32>), MonitorError> {
        if !(1.0..=120.0).contains(&cfg.publish_hz) {
            return Err(MonitorError(format!(
                "publish_hz: {} is outside 1..=120",
                cfg.publish_hz
            )));
        }
        let mut analyzers = Analyzers::new(cfg, sample_rate, channels)?;
        let capacity =
            ((f64::from(sample_rate) * TAP_SECONDS) as usize).max(BATCH_FRAMES) * channels;
        let (tx, mut rx) = rtrb::RingBuffer::new(capacity);
        let handle = Arc::new(MonitorHandle {
            latest: Mutex::new(Arc::new(analyzers.snapshot(0.0))),
            publish_hz: cfg.publish_hz,
            reset: AtomicBool::new(false),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let interval = Duration::from_secs_f64(1.0 / cfg.publish_hz);
        let thread = {
            let (handle, stop) = (handle.clone(), stop.clone());
            std::thread::Builder::new()
                .name("vortex-monitor".into())
                .spawn(move || {
                    let mut batch = vec![0.0f32; BATCH_FRAMES * channels];
                    let mut last = Instant::now();
                    let mut next = last + interval;
                    while !stop.load(Relaxed) {
                        drain(&mut rx, &mut batch, channels, &mut analyzers);
                        if handle.reset.swap(false, Relaxed) {
                            analyzers.reset();
                        }
                        let now = Instant::now();
                        handle.publish(analyzers.snapshot((now - last).as_secs_f64()));
                        last = now;
                        next += interval;
                        if next < now {
                            next = now + interval; // fell behind: skip, don't burst
                        }
                        std::thread::sleep(next - now);
                    }
                })
                .map_err(|e| MonitorError(format!("cannot start its thread: {e}")))?
        };
        Ok((
            Monitor {
                handle,
                stop,
                thread: Some(thread),
            },
            tx,
        ))
    }

    /// The shared latest snapshot.
    pub fn handle(&self) -> Arc<MonitorHandle> {
        self.handle.clone()
    }
}

/// Analyses whole frames queued in the ring, a batch at a time.
fn drain(
    rx: &mut rtrb::Consumer<f32>,
    batch: &mut [f32],
    channels: usize,
    analyzers: &mut Analyzers,
) {
    loop {
        let frames = (rx.slots() / channels).min(BATCH_FRAMES);
        if frames == 0 {
            return;
        }
        let Ok(chunk) = rx.read_chunk(frames * channels) else {
            return;
        };
        let (a, b) = chunk.as_slices();
        batch[..a.len()].copy_from_slice(a);
        batch[a.len()..a.len() + b.len()].copy_from_slice(b);
        chunk.commit_all();
        analyzers.process(&batch[..frames * channels]);
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        self.stop.store(true, Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(freq: f64, amp: f64, fs: u32, frames: usize, channels: usize) -> Vec<f32> {
        (0..frames)
            .flat_map(|i| {
                let x = amp * (2.0 * std::f64::consts::PI * freq * i as f64 / f64::from(fs)).sin();
                std::iter::repeat_n(x as f32, channels)
            })
            .collect()
    }

    #[test]
    fn a_sine_through_the_tap_reads_its_level_spectrum_peak_and_pitch() {
        let fs = 48_000;
        let (monitor, mut tap) = Monitor::start(&MonitorConfig::default(), fs, 2).unwrap();
        // -6 dBFS peak, 1 kHz: RMS -9.03 dBFS, spectrum peak at 1 kHz reads -6 dB.
        let signal = sine(1000.0, 0.5, fs, fs as usize, 2);
        for period in signal.chunks(256 * 2) {
            while tap.slots() < period.len() {
                std::thread::sleep(Duration::from_millis(1));
            }
            let chunk = tap.write_chunk_uninit(period.len()).unwrap();
            chunk.fill_from_iter(period.iter().copied());
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        let s = loop {
            let s = monitor.handle().latest();
            if s.time_s >= 1.0 || Instant::now() > deadline {
                break s;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        assert!(
            (s.time_s - 1.0).abs() < 1e-9,
            "all of it analysed: {}",
            s.time_s
        );
        for l in &s.levels {
            let rms = 20.0 * (0.5f64 / 2f64.sqrt()).log10();
            assert!((f64::from(l.rms_db) - rms).abs() < 0.05, "rms {}", l.rms_db);
            assert!(
                (f64::from(l.peak_db) + 6.02).abs() < 0.05,
                "peak {}",
                l.peak_db
            );
        }
        assert_eq!(s.bins, 2048);
        assert_eq!(s.spectrum_db.len(), 2 * 2048);
        let left = &s.spectrum_db[..2048];
        let peak = (0..2048)
            .max_by(|&a, &b| left[a].total_cmp(&left[b]))
            .unwrap();
        let peak_hz = peak as f64 * f64::from(fs) / 4096.0;
        assert!((peak_hz - 1000.0).abs() <= 11.8, "peak at {peak_hz} Hz");
        assert!(
            (left[peak] + 6.0).abs() < 1.5,
            "Hann scalloping at most 1.42 dB: {}",
            left[peak]
        );
        let p = s.pitch.expect("pitch analysed");
        assert!(p.frame.voiced);
        assert!((p.frame.f0_hz - 1000.0).abs() < 1.0, "f0 {}", p.frame.f0_hz);
        let note = p.note.unwrap();
        assert_eq!((note.name, note.octave), ("B", 5)); // 987.8 Hz + 21 cents
        let loud = s.loudness.unwrap();
        assert!(loud.momentary_lufs.is_finite());
    }

    #[test]
    fn a_bad_rate_or_format_is_an_error_naming_it() {
        let bad = MonitorConfig {
            publish_hz: 0.0,
            ..MonitorConfig::default()
        };
        let e = Monitor::start(&bad, 48_000, 2).err().unwrap().to_string();
        assert!(e.contains("publish_hz"), "{e}");
        let bad = MonitorConfig {
            fft_size: 1000,
            ..MonitorConfig::default()
        };
        let e = Monitor::start(&bad, 48_000, 2).err().unwrap().to_string();
        assert!(e.contains("spectrum"), "{e}");
    }
}
