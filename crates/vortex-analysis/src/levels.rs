//! Level meter: sliding-window RMS, sample peak, true peak, peak hold, clip counting and a
//! level class with hysteresis, per channel.
//!
//! All dB values are relative to full scale (a sample of magnitude 1.0 is 0 dBFS; a full-scale
//! sine has an RMS of -3.01 dBFS). Silence reads [`FLOOR_DB`] (-200 dB), never `-inf`.
//!
//! * **RMS** is the root mean square over the last `rms_window_s` seconds, kept as a running
//!   `f64` sum of squares over a ring buffer allocated when the meter is built (the sum is
//!   recomputed exactly each time the ring wraps, so rounding never accumulates). Until a full
//!   window has been seen, the mean is over the samples seen so far.
//! * **Sample peak** and **true peak** (ITU-R BS.1770-4 Annex 2, see [`crate::true_peak`]) are
//!   the maxima of the last batch. The true peak is never below the sample peak.
//! * **Peak hold** follows the true peak: a new maximum is held for `peak_hold_s`, then falls at
//!   `peak_decay_db_per_s` until a batch peaks above the falling value. Timing resolution is one
//!   batch (a peak counts as happening at the end of its batch).
//! * **Clips**: each sample with `|x| >= clip_threshold` counts as one clip.
//! * **Class**: see [`LevelClass`] for thresholds and hysteresis.
//!
//! Non-finite samples (NaN, +-inf) count as clips and are measured as 0.0, so one bad sample
//! cannot poison the running sums.
//!
//! [`LevelMeter::process`] neither allocates, locks nor logs.

use crate::AnalysisError;
use crate::true_peak::TruePeak;

/// Floor for every dB value, dBFS: what silence reads instead of `-inf`.
pub const FLOOR_DB: f32 = -200.0;
/// RMS below this (dBFS) is [`LevelClass::Silent`].
pub const SILENT_BELOW_DBFS: f32 = -60.0;
/// RMS below this (dBFS) and at or above [`SILENT_BELOW_DBFS`] is [`LevelClass::Quiet`].
pub const QUIET_BELOW_DBFS: f32 = -40.0;
/// RMS below this (dBFS) and at or above [`QUIET_BELOW_DBFS`] is [`LevelClass::Normal`];
/// at or above it is [`LevelClass::Loud`].
pub const NORMAL_BELOW_DBFS: f32 = -12.0;
/// Hysteresis between level classes, dB: the class changes only once the RMS is more than
/// half of this (1.5 dB) past a boundary.
pub const CLASS_HYSTERESIS_DB: f32 = 3.0;
/// Longest accepted RMS window, s (the ring costs 8 bytes per sample per channel).
pub const MAX_RMS_WINDOW_S: f64 = 10.0;
/// Longest accepted peak hold, s.
pub const MAX_PEAK_HOLD_S: f64 = 3600.0;
/// Lowest accepted sample rate, Hz.
pub const MIN_SAMPLE_RATE: f64 = 1_000.0;
/// Highest accepted sample rate, Hz.
pub const MAX_SAMPLE_RATE: f64 = 768_000.0;
/// Most channels one meter accepts.
pub const MAX_CHANNELS: usize = 64;

/// Samples handled per inner chunk (stack scratch for sanitised input).
const CHUNK: usize = 256;

/// Settings of a [`LevelMeter`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelConfig {
    /// Length of the sliding RMS window, s; in (0, 10], and at least one sample long.
    /// Default 0.3 s.
    pub rms_window_s: f64,
    /// How long a new peak maximum is held before it starts to fall, s; in [0, 3600].
    /// Default 1.5 s.
    pub peak_hold_s: f64,
    /// How fast the held peak falls after the hold time, dB per second; finite and >= 0
    /// (0 = never falls). Default 20 dB/s.
    pub peak_decay_db_per_s: f64,
    /// Linear magnitude at or above which a sample counts as a clip; finite and > 0.
    /// Default 1.0 (0 dBFS).
    pub clip_threshold: f32,
    /// Measure the true peak (BS.1770 4x interpolation, most of the meter's cost).
    /// When false, true-peak values equal the sample peak. Default true.
    pub true_peak: bool,
}

impl Default for LevelConfig {
    fn default() -> Self {
        Self {
            rms_window_s: 0.3,
            peak_hold_s: 1.5,
            peak_decay_db_per_s: 20.0,
            clip_threshold: 1.0,
            true_peak: true,
        }
    }
}

impl LevelConfig {
    /// Checks every field; the error names the first offending field.
    pub fn validate(&self) -> Result<(), AnalysisError> {
        if !self.rms_window_s.is_finite()
            || self.rms_window_s <= 0.0
            || self.rms_window_s > MAX_RMS_WINDOW_S
        {
            return Err(AnalysisError::new(
                "rms_window_s",
                format!(
                    "must be > 0 and <= {MAX_RMS_WINDOW_S} s, got {}",
                    self.rms_window_s
                ),
            ));
        }
        if !self.peak_hold_s.is_finite()
            || self.peak_hold_s < 0.0
            || self.peak_hold_s > MAX_PEAK_HOLD_S
        {
            return Err(AnalysisError::new(
                "peak_hold_s",
                format!(
                    "must be between 0 and {MAX_PEAK_HOLD_S} s, got {}",
                    self.peak_hold_s
                ),
            ));
        }
        if !self.peak_decay_db_per_s.is_finite() || self.peak_decay_db_per_s < 0.0 {
            return Err(AnalysisError::new(
                "peak_decay_db_per_s",
                format!(
                    "must be finite and >= 0 dB/s, got {}",
                    self.peak_decay_db_per_s
                ),
            ));
        }
        if !self.clip_threshold.is_finite() || self.clip_threshold <= 0.0 {
            return Err(AnalysisError::new(
                "clip_threshold",
                format!("must be finite and > 0, got {}", self.clip_threshold),
            ));
        }
        Ok(())
    }
}

/// Coarse loudness class of a channel, from its RMS level.
///
/// Thresholds (RMS, dBFS): `Silent` below -60, `Quiet` from -60 to below -40, `Normal` from -40
/// to below -12, `Loud` from -12 up; `Clipping` whenever a clip occurred within the last RMS
/// window, whatever the RMS. With hysteresis: the class moves to a neighbour only when the RMS
/// is more than 1.5 dB ([`CLASS_HYSTERESIS_DB`] / 2) past the shared boundary, so a level
/// wobbling +-1 dB around a boundary keeps its class. The first batch after a reset, and the
/// first batch after the clip window expires, take the class of the RMS directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LevelClass {
    /// RMS below -60 dBFS (also the state before any audio).
    Silent,
    /// RMS in [-60, -40) dBFS.
    Quiet,
    /// RMS in [-40, -12) dBFS.
    Normal,
    /// RMS at or above -12 dBFS, no recent clip.
    Loud,
    /// At least one clip within the last RMS window.
    Clipping,
}

/// Level classes ordered by RMS, with their lower and upper boundaries (dBFS).
const LEVEL_CLASSES: [(LevelClass, f32, f32); 4] = [
    (LevelClass::Silent, f32::NEG_INFINITY, SILENT_BELOW_DBFS),
    (LevelClass::Quiet, SILENT_BELOW_DBFS, QUIET_BELOW_DBFS),
    (LevelClass::Normal, QUIET_BELOW_DBFS, NORMAL_BELOW_DBFS),
    (LevelClass::Loud, NORMAL_BELOW_DBFS, f32::INFINITY),
];

fn class_index(class: LevelClass) -> usize {
    match class {
        LevelClass::Silent => 0,
        LevelClass::Quiet => 1,
        LevelClass::Normal => 2,
        LevelClass::Loud | LevelClass::Clipping => 3,
    }
}

/// Index into [`LEVEL_CLASSES`] of the class whose range holds `rms_db` (no hysteresis).
fn raw_index(rms_db: f32) -> usize {
    LEVEL_CLASSES
        .iter()
        .position(|&(_, _, hi)| rms_db < hi)
        .unwrap_or(3)
}

/// Next class from `current` for level `rms_db`, with hysteresis.
fn next_class(current: LevelClass, rms_db: f32) -> LevelClass {
    let half = CLASS_HYSTERESIS_DB / 2.0;
    let cur = class_index(current);
    let raw = raw_index(rms_db);
    let mut new = cur;
    if raw > cur {
        for (k, &(_, lo, _)) in LEVEL_CLASSES.iter().enumerate().take(raw + 1).skip(cur + 1) {
            if rms_db >= lo + half {
                new = k;
            }
        }
    } else if raw < cur {
        for (k, &(_, _, hi)) in LEVEL_CLASSES.iter().enumerate().take(cur).skip(raw).rev() {
            if rms_db < hi - half {
                new = k;
            }
        }
    }
    LEVEL_CLASSES[new].0
}

/// How clearly `rms_db` sits inside `class`: distance to the nearest boundary of the class
/// over the hysteresis, clamped to [0, 1].
fn clarity(class: LevelClass, rms_db: f32) -> f32 {
    if class == LevelClass::Clipping {
        return 1.0;
    }
    let (_, lo, hi) = LEVEL_CLASSES[class_index(class)];
    let d = (rms_db - lo).min(hi - rms_db);
    (d / CLASS_HYSTERESIS_DB).clamp(0.0, 1.0)
}

/// Linear amplitude to dBFS, floored at [`FLOOR_DB`].
pub fn amp_db(x: f32) -> f32 {
    if x > 0.0 {
        (20.0 * (x as f64).log10()).max(FLOOR_DB as f64) as f32
    } else {
        FLOOR_DB
    }
}

/// Mean square to dBFS, floored at [`FLOOR_DB`] (a full-scale sine's mean square, 0.5,
/// reads -3.01 dBFS).
pub fn power_db(ms: f64) -> f32 {
    if ms > 0.0 {
        (10.0 * ms.log10()).max(FLOOR_DB as f64) as f32
    } else {
        FLOOR_DB
    }
}

/// Levels of one channel after the last batch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChannelLevels {
    /// RMS over the last `rms_window_s` (or over everything since reset while shorter),
    /// dBFS, at least -200.
    pub rms_db: f32,
    /// Sample peak of the last batch, dBFS, >= -200.
    pub peak_db: f32,
    /// True peak (BS.1770-4 Annex 2, 4x oversampled) of the last batch, dBTP, >= -200;
    /// never below `peak_db`.
    pub true_peak_db: f32,
    /// Held true peak: the largest recent true peak, held for `peak_hold_s` then falling at
    /// `peak_decay_db_per_s`, dBTP, >= -200.
    pub peak_hold_db: f32,
    /// Samples with `|x| >= clip_threshold` (or non-finite) since reset.
    pub clips: u64,
    /// Level class of the RMS, with hysteresis; see [`LevelClass`].
    pub class: LevelClass,
    /// Confidence in `class`, 0..=1: the product of how clearly the RMS sits inside the class
    /// (distance to the nearest class boundary / [`CLASS_HYSTERESIS_DB`], clamped to 0..1;
    /// 1 for `Clipping`) and how much data backs it (samples since reset / RMS window
    /// length, clamped to 0..1).
    pub confidence: f32,
}

/// Levels of one channel over everything since reset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelSummary {
    /// RMS over every sample since reset, dBFS, >= -200.
    pub rms_db: f32,
    /// Largest sample peak since reset, dBFS, >= -200.
    pub peak_db: f32,
    /// Largest true peak since reset, dBTP, >= -200.
    pub true_peak_db: f32,
    /// Clips since reset.
    pub clips: u64,
}

#[derive(Debug, Clone)]
struct ChannelState {
    /// Squares of the last `ring.len()` samples.
    ring: Vec<f64>,
    pos: usize,
    /// Samples in the ring that hold data (saturates at `ring.len()`).
    filled: usize,
    /// Sum of `ring`.
    sum: f64,
    tp: TruePeak,
    /// Samples since reset.
    now: u64,
    last_peak: f32,
    last_true_peak: f32,
    max_peak: f32,
    max_true_peak: f32,
    /// Held true peak, dBTP, and the sample time it was set.
    hold_db: f32,
    hold_at: u64,
    clips: u64,
    /// Sample time just after the latest clip, if any.
    last_clip_end: Option<u64>,
    total_sq: f64,
    class: LevelClass,
    confidence: f32,
}

impl ChannelState {
    fn new(window: usize) -> Self {
        Self {
            ring: vec![0.0; window],
            pos: 0,
            filled: 0,
            sum: 0.0,
            tp: TruePeak::new(),
            now: 0,
            last_peak: 0.0,
            last_true_peak: 0.0,
            max_peak: 0.0,
            max_true_peak: 0.0,
            hold_db: FLOOR_DB,
            hold_at: 0,
            clips: 0,
            last_clip_end: None,
            total_sq: 0.0,
            class: LevelClass::Silent,
            confidence: 0.0,
        }
    }

    fn reset(&mut self) {
        self.ring.fill(0.0);
        self.pos = 0;
        self.filled = 0;
        self.sum = 0.0;
        self.tp.reset();
        self.now = 0;
        self.last_peak = 0.0;
        self.last_true_peak = 0.0;
        self.max_peak = 0.0;
        self.max_true_peak = 0.0;
        self.hold_db = FLOOR_DB;
        self.hold_at = 0;
        self.clips = 0;
        self.last_clip_end = None;
        self.total_sq = 0.0;
        self.class = LevelClass::Silent;
        self.confidence = 0.0;
    }

    fn rms_db(&self) -> f32 {
        if self.filled == 0 {
            return FLOOR_DB;
        }
        power_db(self.sum.max(0.0) / self.filled as f64)
    }
}

/// Multichannel level meter. Build once with [`LevelMeter::new`] (validates and allocates),
/// then feed planar batches to [`LevelMeter::process`], which never allocates.
#[derive(Debug, Clone)]
pub struct LevelMeter {
    cfg: LevelConfig,
    sample_rate: f64,
    window: usize,
    hold_samples: u64,
    state: Vec<ChannelState>,
}

impl LevelMeter {
    /// A meter for `channels` channels (1..=64) at `sample_rate` Hz (1 kHz..=768 kHz).
    /// Allocates one RMS ring of `round(rms_window_s * sample_rate)` `f64`s per channel.
    /// Errors name the field: any [`LevelConfig`] field, `sample_rate` or `channels`.
    pub fn new(
        cfg: &LevelConfig,
        sample_rate: f64,
        channels: usize,
    ) -> Result<Self, AnalysisError> {
        cfg.validate()?;
        if !sample_rate.is_finite() || !(MIN_SAMPLE_RATE..=MAX_SAMPLE_RATE).contains(&sample_rate) {
            return Err(AnalysisError::new(
                "sample_rate",
                format!(
                    "must be between {MIN_SAMPLE_RATE} and {MAX_SAMPLE_RATE} Hz, got {sample_rate}"
                ),
            ));
        }
        if channels == 0 || channels > MAX_CHANNELS {
            return Err(AnalysisError::new(
                "channels",
                format!("must be between 1 and {MAX_CHANNELS}, got {channels}"),
            ));
        }
        let window = (cfg.rms_window_s * sample_rate).round();
        if window < 1.0 {
            return Err(AnalysisError::new(
                "rms_window_s",
                format!(
                    "{} s is shorter than one sample at {sample_rate} Hz",
                    cfg.rms_window_s
                ),
            ));
        }
        let window = window as usize;
        Ok(Self {
            cfg: *cfg,
            sample_rate,
            window,
            hold_samples: (cfg.peak_hold_s * sample_rate).round() as u64,
            state: (0..channels).map(|_| ChannelState::new(window)).collect(),
        })
    }

    /// Number of channels.
    pub fn channels(&self) -> usize {
        self.state.len()
    }

    /// Sample rate, Hz.
    pub fn sample_rate(&self) -> f64 {
        self.sample_rate
    }

    /// The configuration the meter was built with.
    pub fn config(&self) -> &LevelConfig {
        &self.cfg
    }

    /// RMS window length in samples.
    pub fn rms_window_samples(&self) -> usize {
        self.window
    }

    /// Processes one planar batch: `channels[c]` holds the samples of channel `c` (linear,
    /// full scale = 1.0); all slices should have the same length (any length, 0 is a no-op).
    /// Extra slices beyond [`channels()`](Self::channels) are ignored and missing ones leave
    /// their channel untouched (debug builds assert both counts and lengths match).
    pub fn process(&mut self, channels: &[&[f32]]) {
        debug_assert_eq!(channels.len(), self.state.len(), "channel count");
        debug_assert!(
            channels.iter().all(|c| c.len() == channels[0].len()),
            "planar slices differ in length"
        );
        let window = self.window;
        let hold_samples = self.hold_samples;
        let decay = self.cfg.peak_decay_db_per_s;
        let rate = self.sample_rate;
        let thr = self.cfg.clip_threshold;
        let true_peak = self.cfg.true_peak;
        for (st, input) in self.state.iter_mut().zip(channels) {
            if input.is_empty() {
                continue;
            }
            let first = st.now == 0;
            let mut peak = 0.0f32;
            let mut tpeak = 0.0f32;
            let mut batch_sq = 0.0f64;
            let mut scratch = [0.0f32; CHUNK];
            let mut squares = [0.0f64; CHUNK];
            for chunk in input.chunks(CHUNK) {
                let len = chunk.len();
                let buf = &mut scratch[..len];
                // Sanitise, peak and clips in one branch-free pass. Magnitudes are compared
                // as bit patterns (ordered like the values for non-negative floats).
                let (mut peak_bits, mut clips) = (0u32, 0u32);
                for (b, &x) in buf.iter_mut().zip(chunk) {
                    let finite = x.is_finite();
                    let v = if finite { x } else { 0.0 };
                    clips += u32::from(v.abs() >= thr || !finite);
                    peak_bits = peak_bits.max(v.to_bits() & 0x7fff_ffff);
                    *b = v;
                }
                if clips > 0 {
                    st.clips += u64::from(clips);
                    let last = chunk.iter().rposition(|x| !x.is_finite() || x.abs() >= thr);
                    st.last_clip_end = last.map(|i| st.now + i as u64 + 1);
                }
                peak = peak.max(f32::from_bits(peak_bits));
                let sq = &mut squares[..len];
                for (q, &v) in sq.iter_mut().zip(buf.iter()) {
                    *q = f64::from(v) * f64::from(v);
                }
                batch_sq += sum(sq);
                // Slide the window: the oldest squares leave, the new ones enter.
                let mut off = 0;
                while off < len {
                    let n = (window - st.pos).min(len - off);
                    let slot = &mut st.ring[st.pos..st.pos + n];
                    let leaving = sum(slot);
                    slot.copy_from_slice(&sq[off..off + n]);
                    st.sum += sum(slot) - leaving;
                    st.pos += n;
                    off += n;
                    if st.pos == window {
                        st.pos = 0;
                        // Exact re-sum once per window: rounding never accumulates.
                        st.sum = sum(&st.ring);
                    }
                }
                st.now += len as u64;
                if true_peak {
                    tpeak = tpeak.max(st.tp.process(buf));
                }
            }
            st.filled = (st.filled + input.len()).min(window);
            st.total_sq += batch_sq;
            st.last_peak = peak;
            st.last_true_peak = tpeak.max(peak);
            st.max_peak = st.max_peak.max(peak);
            st.max_true_peak = st.max_true_peak.max(st.last_true_peak);

            // Peak hold.
            let held = held_db(st.hold_db, st.now - st.hold_at, hold_samples, decay, rate);
            let tp_db = amp_db(st.last_true_peak);
            if tp_db >= held {
                st.hold_db = tp_db;
                st.hold_at = st.now;
            }

            // Class and confidence.
            let rms = st.rms_db();
            let clipping = st
                .last_clip_end
                .is_some_and(|end| st.now - end < window as u64);
            st.class = if clipping {
                LevelClass::Clipping
            } else if first || st.class == LevelClass::Clipping {
                LEVEL_CLASSES[raw_index(rms)].0
            } else {
                next_class(st.class, rms)
            };
            let data = (st.filled as f32 / window as f32).clamp(0.0, 1.0);
            st.confidence = (clarity(st.class, rms) * data).clamp(0.0, 1.0);
        }
    }

    /// Levels of channel `ch` after the last batch (before any batch: all -200 dB, class
    /// `Silent`, confidence 0).
    ///
    /// # Panics
    /// If `ch >= self.channels()`.
    pub fn channel(&self, ch: usize) -> ChannelLevels {
        let st = &self.state[ch];
        ChannelLevels {
            rms_db: st.rms_db(),
            peak_db: amp_db(st.last_peak),
            true_peak_db: amp_db(st.last_true_peak),
            peak_hold_db: held_db(
                st.hold_db,
                st.now - st.hold_at,
                self.hold_samples,
                self.cfg.peak_decay_db_per_s,
                self.sample_rate,
            ),
            clips: st.clips,
            class: st.class,
            confidence: st.confidence,
        }
    }

    /// Levels of channel `ch` over everything since reset.
    ///
    /// # Panics
    /// If `ch >= self.channels()`.
    pub fn summary(&self, ch: usize) -> LevelSummary {
        let st = &self.state[ch];
        LevelSummary {
            rms_db: if st.now == 0 {
                FLOOR_DB
            } else {
                power_db(st.total_sq / st.now as f64)
            },
            peak_db: amp_db(st.max_peak),
            true_peak_db: amp_db(st.max_true_peak),
            clips: st.clips,
        }
    }

    /// Forgets everything: levels, holds, clip counts, true-peak history.
    pub fn reset(&mut self) {
        for st in &mut self.state {
            st.reset();
        }
    }
}

/// Held peak `elapsed` samples after it was set to `hold_db`.
/// Sum of `x` in four independent lanes (so it vectorises), in f64.
fn sum(x: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 4];
    let mut chunks = x.chunks_exact(4);
    for c in &mut chunks {
        for (l, v) in lanes.iter_mut().zip(c) {
            *l += v;
        }
    }
    lanes.iter().sum::<f64>() + chunks.remainder().iter().sum::<f64>()
}

fn held_db(hold_db: f32, elapsed: u64, hold_samples: u64, decay_db_per_s: f64, rate: f64) -> f32 {
    if elapsed <= hold_samples {
        return hold_db;
    }
    let fall = decay_db_per_s * (elapsed - hold_samples) as f64 / rate;
    ((hold_db as f64 - fall) as f32).max(FLOOR_DB)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    const FS: f64 = 48_000.0;

    fn sine(n: usize, freq: f64, phase: f64, amp: f64) -> Vec<f32> {
        (0..n)
            .map(|i| (amp * (2.0 * PI * freq * i as f64 / FS + phase).sin()) as f32)
            .collect()
    }

    fn db(x: f64) -> f32 {
        (20.0 * x.log10()) as f32
    }

    fn meter(channels: usize) -> LevelMeter {
        LevelMeter::new(&LevelConfig::default(), FS, channels).unwrap()
    }

    fn feed(m: &mut LevelMeter, x: &[f32], batch: usize) {
        for c in x.chunks(batch) {
            m.process(&[c]);
        }
    }

    #[test]
    fn sine_rms_peak_true_peak() {
        // 1 kHz at -6 dBFS amplitude: RMS = peak - 3.01 dB.
        let amp = 0.5;
        let x = sine(48_000, 1000.0, 0.3, amp);
        let mut m = meter(1);
        feed(&mut m, &x, 480);
        let l = m.channel(0);
        assert!((l.rms_db - (db(amp) - 3.0103)).abs() < 0.01, "{l:?}");
        assert!((l.peak_db - db(amp)).abs() < 0.01, "{l:?}");
        assert!((l.true_peak_db - db(amp)).abs() < 0.05, "{l:?}");
        assert_eq!(l.clips, 0);
        // RMS -9.03 dBFS: at or above -12 dBFS is Loud.
        assert_eq!(l.class, LevelClass::Loud);
        let s = m.summary(0);
        assert!((s.rms_db - (db(amp) - 3.0103)).abs() < 0.01, "{s:?}");
        assert!((s.peak_db - db(amp)).abs() < 0.01);
    }

    #[test]
    fn square_rms_equals_peak() {
        let amp = 0.25f32;
        let x: Vec<f32> = (0..48_000)
            .map(|i| if (i / 24) % 2 == 0 { amp } else { -amp })
            .collect();
        let mut m = meter(1);
        feed(&mut m, &x, 1000);
        let l = m.channel(0);
        assert!((l.rms_db - db(amp as f64)).abs() < 1e-3, "{l:?}");
        assert!((l.peak_db - db(amp as f64)).abs() < 1e-3, "{l:?}");
        // A square wave's band-limited reconstruction overshoots (Gibbs): true peak > peak.
        assert!(l.true_peak_db > l.peak_db);
    }

    #[test]
    fn bs1770_inter_sample_peak_case() {
        // fs/4 sine at 45 degrees, amplitude 1.0 (0 dBTP): samples at +-0.7071 (-3.01 dBFS).
        let x = sine(9600, FS / 4.0, PI / 4.0, 1.0);
        let mut m = meter(1);
        feed(&mut m, &x, 512);
        let l = m.channel(0);
        assert!((l.peak_db + 3.01).abs() < 0.01, "{l:?}");
        assert!((l.true_peak_db - 0.0).abs() < 0.15, "{l:?}");
        assert!((l.true_peak_db - l.peak_db - 3.01).abs() < 0.15, "{l:?}");
        // Same with samples at 0 dBFS: +3.0 dBTP. Samples at exactly 1.0 are clips.
        let x = sine(9600, FS / 4.0, PI / 4.0, 2f64.sqrt());
        let mut m = meter(1);
        feed(&mut m, &x, 512);
        let l = m.channel(0);
        assert!((l.peak_db - 0.0).abs() < 0.01, "{l:?}");
        assert!((l.true_peak_db - 3.01).abs() < 0.15, "{l:?}");
        assert!(m.summary(0).true_peak_db > 2.9);
    }

    #[test]
    fn true_peak_of_sines_vs_analytic_amplitude() {
        // Tolerance: what the BS.1770 Annex 2 filter achieves (see `true_peak` docs): +-0.02 dB
        // below 0.04 fs; from the 4x grid's worst under-read to +0.25 dB up to 0.45 fs.
        for f in [
            100.0, 997.0, 5000.0, 9600.0, 11_025.0, 15_000.0, 19_000.0, 21_000.0,
        ] {
            let lo = crate::true_peak::grid_underread_db(f / FS) as f32 - 0.02;
            let hi = if f / FS < 0.04 { 0.02 } else { 0.25 };
            for k in 0..6 {
                let phase = k as f64 * PI / 6.0;
                let amp = 0.7;
                let mut m = meter(1);
                let x = sine(24_000, f, phase, amp);
                // Warm up past the switch-on transient (a real step, which overshoots), then
                // read the last batch (several periods long).
                feed(&mut m, &x[..19_200], 333);
                m.process(&[&x[19_200..]]);
                let err = m.channel(0).true_peak_db - db(amp);
                assert!(err > lo && err < hi, "f={f} phase={phase} err={err}");
            }
        }
    }

    #[test]
    fn without_true_peak_the_true_peak_is_the_sample_peak() {
        let cfg = LevelConfig {
            true_peak: false,
            ..LevelConfig::default()
        };
        let mut m = LevelMeter::new(&cfg, 48_000.0, 1).unwrap();
        // fs/4 at 45 degrees: samples at 0.707, true peak 1.0.
        let x = sine(4800, 12_000.0, std::f64::consts::FRAC_PI_4, 1.0);
        m.process(&[&x]);
        assert!((m.channel(0).true_peak_db - m.channel(0).peak_db).abs() < 1e-6);
        assert!((m.channel(0).peak_db + 3.0103).abs() < 0.01);
        assert!((m.channel(0).rms_db + 3.0103).abs() < 0.01);
    }

    #[test]
    fn rms_window_slides() {
        let mut m = meter(1);
        // 1 s of -20 dBFS square, then silence: after 0.3 s of silence the RMS is at the floor.
        let loud = vec![0.1f32; 48_000];
        feed(&mut m, &loud, 4096);
        assert!((m.channel(0).rms_db + 20.0).abs() < 1e-3);
        // Half a window of silence: mean square halves (-3.01 dB).
        m.process(&[&vec![0.0; 7200]]);
        assert!(
            (m.channel(0).rms_db + 23.0103).abs() < 1e-3,
            "{:?}",
            m.channel(0)
        );
        m.process(&[&vec![0.0; 7200]]);
        assert_eq!(m.channel(0).rms_db, FLOOR_DB);
        assert_eq!(m.channel(0).peak_db, FLOOR_DB);
        // Summary keeps everything: 1 s at -20 over 1.3 s.
        let want = 10.0 * (0.01f64 / 1.3).log10();
        assert!((m.summary(0).rms_db - want as f32).abs() < 1e-3);
    }

    #[test]
    fn peak_hold_holds_then_decays() {
        let mut m = meter(1);
        // 0.1 s burst of 1 kHz at 0.5 (-6.02 dBTP), whole periods so the burst ends at a
        // zero crossing, then silence in 10 ms batches.
        let burst = sine(4800, 1000.0, 0.0, 0.5);
        feed(&mut m, &burst, 480);
        let peak = m.channel(0).peak_hold_db;
        assert!((peak - db(0.5)).abs() < 0.02, "{peak}");
        let silence = vec![0.0f32; 480];
        // Held for 1.5 s (150 batches).
        for _ in 0..150 {
            m.process(&[&silence]);
            assert_eq!(m.channel(0).peak_hold_db, peak);
        }
        // Then falls at 20 dB/s: 0.2 dB per 10 ms batch.
        for i in 1..=100 {
            m.process(&[&silence]);
            let want = peak - 0.2 * i as f32;
            assert!((m.channel(0).peak_hold_db - want).abs() < 1e-3, "batch {i}");
        }
        // A new, lower peak above the falling value takes over.
        let small = sine(480, 1000.0, 0.0, 0.1);
        m.process(&[&small]);
        assert!((m.channel(0).peak_hold_db - db(0.1)).abs() < 0.02);
    }

    #[test]
    fn clips_are_counted() {
        let mut m = meter(2);
        let mut a = vec![0.5f32; 1000];
        a[10] = 1.0;
        a[20] = -1.2;
        a[30] = f32::NAN;
        let b = vec![0.99f32; 1000];
        m.process(&[&a, &b]);
        assert_eq!(m.channel(0).clips, 3);
        assert_eq!(m.channel(1).clips, 0);
        assert_eq!(m.channel(0).class, LevelClass::Clipping);
        assert_eq!(m.channel(0).confidence, 1.0 * (1000.0 / 14_400.0));
        assert_eq!(m.channel(1).class, LevelClass::Loud);
        // NaN measured as 0: the peak is the clipped sample.
        assert!((m.channel(0).peak_db - db(1.2)).abs() < 1e-3);
        // After a clean window the class returns to the level class.
        m.process(&[&vec![0.5f32; 14_400], &vec![0.99f32; 14_400]]);
        assert_eq!(m.channel(0).class, LevelClass::Loud);
        assert_eq!(m.summary(0).clips, 3);
        m.reset();
        assert_eq!(m.channel(0).clips, 0);
        assert_eq!(m.channel(0).class, LevelClass::Silent);
    }

    #[test]
    fn class_thresholds_and_hysteresis() {
        let cases = [
            (-70.0, LevelClass::Silent),
            (-50.0, LevelClass::Quiet),
            (-25.0, LevelClass::Normal),
            (-6.0, LevelClass::Loud),
        ];
        for (level, class) in cases {
            let mut m = meter(1);
            let amp = 10f32.powf(level / 20.0);
            m.process(&[&vec![amp; 14_400]]);
            let l = m.channel(0);
            assert_eq!(l.class, class, "{level}");
            assert!(l.confidence > 0.99, "{l:?}");
        }
        // A level wobbling +-1 dB around the -40 dB boundary keeps its class, from either side.
        for start in [-45.0f32, -35.0] {
            let mut m = meter(1);
            m.process(&[&vec![10f32.powf(start / 20.0); 14_400]]);
            let class = m.channel(0).class;
            for i in 0..40 {
                let level = if i % 2 == 0 { -39.0f32 } else { -41.0 };
                m.process(&[&vec![10f32.powf(level / 20.0); 14_400]]);
                assert_eq!(m.channel(0).class, class, "start {start} step {i}");
                assert!(m.channel(0).confidence < 0.34);
            }
            // A clear move (past 1.5 dB) switches.
            let target = if start < -40.0 { -38.0f32 } else { -42.0 };
            m.process(&[&vec![10f32.powf(target / 20.0); 14_400]]);
            assert_ne!(m.channel(0).class, class);
        }
    }

    #[test]
    fn confidence_ramps_and_stays_in_range() {
        let mut m = meter(1);
        assert_eq!(m.channel(0).confidence, 0.0);
        let x = sine(48_000, 440.0, 0.0, 0.1);
        let mut prev = 0.0;
        for (i, c) in x.chunks(1440).enumerate() {
            m.process(&[c]);
            let conf = m.channel(0).confidence;
            assert!((0.0..=1.0).contains(&conf));
            if i < 10 {
                assert!(conf >= prev);
            }
            prev = conf;
        }
        assert!(prev > 0.9, "{prev}");
    }

    #[test]
    fn process_does_not_allocate() {
        let mut m = meter(2);
        let a = sine(48_000, 1000.0, 0.0, 1.2);
        let b = sine(48_000, 50.0, 0.0, 0.01);
        assert_no_alloc::assert_no_alloc(|| {
            for (x, y) in a.chunks(777).zip(b.chunks(777)) {
                m.process(&[x, y]);
            }
            let _ = m.channel(1);
            let _ = m.summary(0);
        });
        assert!(m.channel(0).clips > 0);
    }

    #[test]
    fn validation_names_fields() {
        let bad = |f: fn(&mut LevelConfig)| {
            let mut c = LevelConfig::default();
            f(&mut c);
            LevelMeter::new(&c, FS, 1).unwrap_err().field
        };
        assert_eq!(bad(|c| c.rms_window_s = 0.0), "rms_window_s");
        assert_eq!(bad(|c| c.rms_window_s = f64::NAN), "rms_window_s");
        assert_eq!(bad(|c| c.rms_window_s = 1e-6), "rms_window_s");
        assert_eq!(bad(|c| c.peak_hold_s = -1.0), "peak_hold_s");
        assert_eq!(
            bad(|c| c.peak_decay_db_per_s = f64::INFINITY),
            "peak_decay_db_per_s"
        );
        assert_eq!(bad(|c| c.clip_threshold = 0.0), "clip_threshold");
        let c = LevelConfig::default();
        assert!(c.validate().is_ok());
        assert_eq!(
            LevelMeter::new(&c, 0.0, 1).unwrap_err().field,
            "sample_rate"
        );
        assert_eq!(LevelMeter::new(&c, FS, 0).unwrap_err().field, "channels");
        let e = LevelMeter::new(&c, FS, 0).unwrap_err();
        assert!(e.to_string().starts_with("channels: "));
    }
}
