//! Monophonic pitch (fundamental frequency) detection with YIN.
//!
//! [`PitchDetector`] implements YIN (A. de Cheveigné and H. Kawahara, "YIN, a fundamental
//! frequency estimator for speech and music", JASA 111(4), 2002) on a sliding window of
//! `window` samples advanced by `hop` samples. With `W = window` and lags `tau` searched
//! in `tau_min..=tau_max` (the configured `f_min_hz..=f_max_hz` widened by a semitone on
//! each side, see [`PitchConfig::lag_range`]):
//!
//! 1. **Difference function**, over the whole window for every lag `tau`:
//!    `d(tau) = sum_{j=0}^{W-1-tau} (x[j] - x[j+tau])^2`
//!    `       = sum_{j<W-tau} x[j]^2 + sum_{j>=tau} x[j]^2 - 2 r(tau)`.
//!    The autocorrelation `r(tau)` comes from one real FFT of the zero-padded window and
//!    an inverse transform of its power spectrum (computed as a DCT-I through a
//!    half-length real FFT), all planned and allocated at construction; the FFT length is
//!    the smallest `2^a 3^b` holding the window plus the longest lag (3456 for the
//!    defaults). The two energy terms are running sums over the first and last `tau`
//!    samples. Because every lag uses all the pairs `(x[j], x[j+tau])` inside the window,
//!    each lag is centred on the window centre, the time reported in
//!    [`PitchFrame::time_s`]. The sum for lag `tau` has `W - tau` terms, so it is divided
//!    by `W - tau` (a per-pair mean) to keep long lags from looking artificially
//!    periodic. (The paper uses a fixed integration window `W' = W - tau_max` instead;
//!    for the default 2048-sample window at 48 kHz with a 40 Hz floor that would leave
//!    fewer than 800 samples for every lag and centre short lags some 600 samples before
//!    the window centre.)
//! 2. **Cumulative-mean-normalised difference** `d'(tau) = d(tau) / ((1/tau) sum_{j=1}^{tau}
//!    d(j))`, `d'(0) = 1`.
//! 3. **Absolute threshold**: the first (shortest-lag) local minimum of `d'` whose value
//!    is below [`PitchConfig::threshold`]; as the paper suggests, a minimum's value is
//!    the ordinate of the parabola through it and its two neighbours (this matters for
//!    short periods, where the true minimum falls between lags). When no minimum is below
//!    the threshold, the paper takes the deepest one; here it is the first minimum within
//!    0.1 of the deepest, because in strong noise the dips at multiples of the period are
//!    equally deep up to noise and the deepest is a subharmonic about as often as not.
//! 4. **Parabolic interpolation** of the per-pair difference function around the chosen
//!    lag gives a fractional period: the three-point parabola for sharp dips and, for
//!    broad sine-like dips (typical of low fundamentals), a least-squares parabola over
//!    +-1/16 of the period, which averages out the lag-to-lag roughness that broadband
//!    noise adds (with the three-point fit alone, only 63% of the frames of sines from 40
//!    to 2000 Hz at 10 dB SNR in white noise were within 50 cents, none at 40 Hz; with
//!    the wide fit, all of them).
//! 5. **Best local estimate** (step 6 of the paper): when frames overlap enough that the
//!    previous frame lies inside the paper's neighbourhood (`hop <= tau_max / 2`), the
//!    previous frame had a deeper minimum of `d'` and the present estimate is more than
//!    20% away from it, the search is repeated within +-20% of the previous period. This
//!    detector is causal, so only the previous frame is consulted (the paper also looks
//!    ahead); with the default hop (1024) and range (`tau_max / 2` about 600 samples at
//!    44.1 or 48 kHz) no other frame is that close and the step is inactive. Offline,
//!    [`crate::pitch_smoothing`] does that job over the whole track.
//!
//! The confidence of a frame is `1 - d'` at the chosen minimum (clamped to 0..=1): for a
//! periodic signal in noise `d'` is close to the aperiodic to total power ratio, so a
//! confidence of 0.9 is about 10 dB SNR and 0.5 about 0 dB. A frame is voiced when the
//! confidence reaches [`PitchConfig::voicing_threshold`] (default 0.5; white noise alone
//! stays below 0.1, pink noise below about 0.45) and the window's mean square is above
//! [`SILENCE_FLOOR_DBFS`]. [`PitchDetector::process_with_candidates`] also reports each
//! frame's other dips, for offline smoothing.
//!
//! Processing is streaming: [`PitchDetector::process`] accepts batches of any length,
//! keeps the last `window` samples in a ring buffer and calls back once per completed
//! hop; results do not depend on how the stream is cut into batches. It never allocates,
//! locks or logs. Cost per frame for the defaults: a real FFT of 3456 points, one of 1728
//! points and a few linear passes over about 1350 lags (about 8 to 10 microseconds on
//! one core of a 2.6 GHz server, i.e. over 2000 times real time at a 1024-sample hop).

use std::sync::Arc;

use realfft::num_complex::Complex;
use realfft::{RealFftPlanner, RealToComplex};

use crate::error::AnalysisError;

/// Windows whose mean square is below this level (dBFS, RMS of the window relative to a
/// full-scale 1.0 signal) are unvoiced without further analysis: -100 dBFS.
pub const SILENCE_FLOOR_DBFS: f64 = -100.0;
/// [`SILENCE_FLOOR_DBFS`] as a mean square.
const SILENCE_FLOOR_MEAN_SQUARE: f64 = 1e-10;

/// Factor by which the searched lag range extends past the configured frequency range
/// on each side: one semitone, 2^(1/12).
const SEARCH_MARGIN: f64 = 1.059_463_094_359_295_3;

/// Largest accepted analysis window, in samples (65536).
pub const MAX_WINDOW: usize = 1 << 16;
/// Lowest accepted sample rate, in Hz.
pub const MIN_SAMPLE_RATE_HZ: f64 = 1_000.0;
/// Highest accepted sample rate, in Hz.
pub const MAX_SAMPLE_RATE_HZ: f64 = 768_000.0;

/// Most candidates reported per frame in [`PitchCandidates`].
pub const MAX_CANDIDATES: usize = 8;

/// Relative floor on the per-pair difference function, as a fraction of twice the
/// window's mean square. It keeps `d'` defined (and at 1) for constant windows and hides
/// single-precision FFT rounding on exactly periodic input.
const DIFF_FLOOR: f64 = 2e-6;

/// The scan for dips stops at the first dip deeper than this once YIN's choice is made:
/// no threshold of pYIN's distribution (0.01..=1) could select a longer-lag dip, and on
/// a clean tone every multiple of the period is an equally perfect dip, which would
/// otherwise crowd the period itself out of the candidate list.
const RECORD_STOP: f64 = 0.01;

/// When no dip is below the threshold, the first dip whose `d'` is within this of the
/// deepest one is taken.
const FALLBACK_MARGIN: f64 = 0.1;

/// Settings of a [`PitchDetector`].
#[derive(Debug, Clone, PartialEq)]
pub struct PitchConfig {
    /// Analysis window, in samples (default 2048), at most [`MAX_WINDOW`]. It must hold
    /// the longest searched lag `tau_max` (a semitone below `f_min_hz`, see
    /// [`PitchConfig::lag_range`]), the refinement margin `max(1, tau_max / 16)` and half
    /// of `tau_max` again as the least number of sample pairs per lag: `window >=
    /// tau_max + 2 + max(1, tau_max / 16) + ceil(tau_max / 2)`, about 1.66 periods of
    /// `f_min_hz` (1989 samples at 48 kHz, 1829 at 44.1 kHz for 40 Hz; see
    /// [`PitchConfig::min_window`]).
    pub window: usize,
    /// Distance between the starts of successive frames, in samples, 1..=`window`
    /// (default 1024).
    pub hop: usize,
    /// Lowest detectable fundamental, in Hz (default 40). Must be finite and positive;
    /// with `f_max_hz` it sets the searched lags (see [`PitchConfig::lag_range`]).
    pub f_min_hz: f64,
    /// Highest detectable fundamental, in Hz (default 2000). Must be finite, above
    /// `f_min_hz` and below half the sample rate.
    pub f_max_hz: f64,
    /// YIN absolute threshold on the cumulative-mean-normalised difference, in (0, 1)
    /// (default 0.15): the shortest-lag dip below it is taken as the period. Lower values
    /// skip more shallow short-lag dips (fewer too-high errors, more too-low ones).
    pub threshold: f64,
    /// Minimum confidence (`1 - d'` at the chosen lag) of a voiced frame, in 0..=1
    /// (default 0.5, about 0 dB of periodic to aperiodic power).
    pub voicing_threshold: f64,
}

impl Default for PitchConfig {
    fn default() -> Self {
        Self {
            window: 2048,
            hop: 1024,
            f_min_hz: 40.0,
            f_max_hz: 2000.0,
            threshold: 0.15,
            voicing_threshold: 0.5,
        }
    }
}

impl PitchConfig {
    /// Checks the settings for a stream at `sample_rate` Hz (1000..=768000). Errors name
    /// the offending field: `sample_rate`, `f_min_hz`, `f_max_hz`, `window`, `hop`,
    /// `threshold` or `voicing_threshold`.
    pub fn validate(&self, sample_rate: f64) -> Result<(), AnalysisError> {
        if !sample_rate.is_finite()
            || !(MIN_SAMPLE_RATE_HZ..=MAX_SAMPLE_RATE_HZ).contains(&sample_rate)
        {
            return Err(AnalysisError::new(
                "sample_rate",
                format!(
                    "{sample_rate} Hz is outside {MIN_SAMPLE_RATE_HZ}..={MAX_SAMPLE_RATE_HZ} Hz"
                ),
            ));
        }
        if !self.f_min_hz.is_finite() || self.f_min_hz <= 0.0 {
            return Err(AnalysisError::new(
                "f_min_hz",
                format!("{} Hz must be finite and positive", self.f_min_hz),
            ));
        }
        if !self.f_max_hz.is_finite()
            || self.f_max_hz <= self.f_min_hz
            || self.f_max_hz >= sample_rate / 2.0
        {
            return Err(AnalysisError::new(
                "f_max_hz",
                format!(
                    "{} Hz must be above f_min_hz ({} Hz) and below half the sample rate \
                     ({} Hz)",
                    self.f_max_hz,
                    self.f_min_hz,
                    sample_rate / 2.0
                ),
            ));
        }
        let min_window = Self::min_window_for(self.f_min_hz, sample_rate);
        if self.window < min_window || self.window > MAX_WINDOW {
            return Err(AnalysisError::new(
                "window",
                format!(
                    "{} samples is outside {min_window}..={MAX_WINDOW}: the window must hold \
                     about 1.66 periods of f_min_hz ({} Hz) at {sample_rate} Hz",
                    self.window, self.f_min_hz
                ),
            ));
        }
        if self.hop == 0 || self.hop > self.window {
            return Err(AnalysisError::new(
                "hop",
                format!("{} samples is outside 1..={}", self.hop, self.window),
            ));
        }
        if !self.threshold.is_finite() || self.threshold <= 0.0 || self.threshold >= 1.0 {
            return Err(AnalysisError::new(
                "threshold",
                format!("{} is outside the open interval (0, 1)", self.threshold),
            ));
        }
        if !self.voicing_threshold.is_finite() || !(0.0..=1.0).contains(&self.voicing_threshold) {
            return Err(AnalysisError::new(
                "voicing_threshold",
                format!("{} is outside 0..=1", self.voicing_threshold),
            ));
        }
        Ok(())
    }

    /// The smallest valid `window` (samples) for this `f_min_hz` at `sample_rate` Hz.
    pub fn min_window(&self, sample_rate: f64) -> usize {
        Self::min_window_for(self.f_min_hz, sample_rate)
    }

    fn min_window_for(f_min_hz: f64, sample_rate: f64) -> usize {
        let tau_max = (sample_rate * SEARCH_MARGIN / f_min_hz).ceil();
        if !(tau_max.is_finite() && tau_max < (MAX_WINDOW * 2) as f64) {
            return usize::MAX;
        }
        let tau_max = tau_max as usize;
        tau_max + 2 + fit_half_width(tau_max) + tau_max.div_ceil(2)
    }

    /// The searched lag range `(tau_min, tau_max)` in samples for `sample_rate` Hz:
    /// `tau_min = max(2, floor(fs / (f_max_hz * 2^(1/12))))`,
    /// `tau_max = ceil(fs * 2^(1/12) / f_min_hz)`: the configured range widened by a
    /// semitone on each side, so that a tone at the edge of the range still shows a
    /// minimum when noise or vibrato moves it a little outside.
    /// Meaningful only for a configuration that passes [`PitchConfig::validate`].
    pub fn lag_range(&self, sample_rate: f64) -> (usize, usize) {
        let lo = ((sample_rate / (self.f_max_hz * SEARCH_MARGIN)).floor() as usize).max(2);
        let hi = ((sample_rate * SEARCH_MARGIN / self.f_min_hz).ceil() as usize).max(lo);
        (lo, hi)
    }
}

/// The pitch estimate of one analysis window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PitchFrame {
    /// Centre of the analysed window, in seconds from the first sample pushed since
    /// construction or [`PitchDetector::reset`]: frame `k` analyses samples
    /// `[k * hop, k * hop + window)` and `time_s = (k * hop + window / 2) / fs`.
    pub time_s: f64,
    /// Fundamental frequency in Hz, or 0 when the frame is unvoiced. Within
    /// `f_min_hz..=f_max_hz` widened by up to a semitone on each side (the searched lag
    /// range has that margin, so that tones at the edges are not lost).
    pub f0_hz: f64,
    /// Periodicity of the window, 0..=1: `1 - d'` at the chosen lag, where `d'` is the
    /// cumulative-mean-normalised difference (about the aperiodic to total power ratio).
    /// 0 for silent or non-finite windows.
    pub confidence: f64,
    /// Whether the frame is voiced: confidence at least the configured
    /// `voicing_threshold` and the window above [`SILENCE_FLOOR_DBFS`].
    pub voiced: bool,
}

/// One period candidate of a frame: a local minimum of the cumulative-mean-normalised
/// difference function.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PitchCandidate {
    /// Candidate fundamental in Hz: the sample rate over the lag from three-point
    /// parabolic interpolation, except for the candidate the detector chose, which
    /// carries the frame's own (possibly wide-fit) estimate.
    pub f0_hz: f64,
    /// Value of `d'` at the minimum, >= 0 (0 for a perfectly periodic window, about 1
    /// for noise). YIN's threshold rule picks the first candidate below the threshold.
    pub cmnd: f64,
}

/// The candidates of one frame, one per dip of `d'`, in order of increasing lag
/// (decreasing frequency) and strictly decreasing `cmnd`: the dips in the lag range that
/// are deeper than all shorter-lag dips (the only ones that YIN's threshold rule can
/// select for some threshold). Local minima closer together than the refinement fit's
/// half-width (a sixteenth of the lag) count as one dip, at its deepest point. The list
/// ends at the first dip with `d'` below 0.01 (no threshold in pYIN's range could select
/// a later one). At most [`MAX_CANDIDATES`]; when there are more, the shallowest
/// (shortest-lag) ones are dropped. Empty for silent frames.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PitchCandidates {
    items: [PitchCandidate; MAX_CANDIDATES],
    len: usize,
}

impl PitchCandidates {
    /// The candidates, shortest lag (highest frequency) first.
    pub fn as_slice(&self) -> &[PitchCandidate] {
        &self.items[..self.len]
    }

    /// Number of candidates, 0..=[`MAX_CANDIDATES`].
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no candidates.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Builds a candidate list from `items` (at most [`MAX_CANDIDATES`] are kept, the
    /// last ones), for tests and offline smoothing of estimates from elsewhere.
    pub fn from_slice(items: &[PitchCandidate]) -> Self {
        let mut out = Self::default();
        let keep = &items[items.len().saturating_sub(MAX_CANDIDATES)..];
        out.items[..keep.len()].copy_from_slice(keep);
        out.len = keep.len();
        out
    }
}

/// The previous frame's estimate, for the best-local-estimate step.
#[derive(Clone, Copy, Debug)]
struct PrevEstimate {
    lag: f64,
    cmnd: f64,
}

/// Streaming YIN pitch detector (see the module documentation).
pub struct PitchDetector {
    cfg: PitchConfig,
    sample_rate: f64,
    tau_lo: usize,
    tau_hi: usize,
    /// FFT autocorrelation; also holds the window in time order while analysing.
    autocorr: Autocorrelator,
    /// Last `window` samples; `pos` is the next write index (the oldest sample once full).
    ring: Vec<f32>,
    pos: usize,
    /// Samples still to arrive before the next frame.
    until_next: usize,
    frame_index: u64,
    /// Number of lags computed: 0..n_lags, that is up to `tau_hi + 1 + tau_hi / 16` (room
    /// for the refinement fit around the longest lag).
    n_lags: usize,
    /// Autocorrelation, lags 0..n_lags.
    acf: Vec<f32>,
    /// 1 / (window - tau).
    inv_pairs: Vec<f32>,
    /// tau as f32.
    lags: Vec<f32>,
    /// Per-pair difference function, lags 0..n_lags.
    diff: Vec<f32>,
    /// Running sums: first of the head and tail energies, then of `diff` (lags 1..=tau).
    cum: Vec<f32>,
    /// Cumulative-mean-normalised difference, valid for lags tau_lo - 1..=tau_hi + 1.
    cmnd: Vec<f32>,
    candidates: PitchCandidates,
    candidate_lags: [usize; MAX_CANDIDATES],
    candidate_values: [f64; MAX_CANDIDATES],
    prev: Option<PrevEstimate>,
}

impl std::fmt::Debug for PitchDetector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PitchDetector")
            .field("cfg", &self.cfg)
            .field("sample_rate", &self.sample_rate)
            .field("lag_range", &(self.tau_lo, self.tau_hi))
            .field("fft_len", &self.autocorr.n)
            .field("frame_index", &self.frame_index)
            .finish_non_exhaustive()
    }
}

impl PitchDetector {
    /// A detector for a mono stream at `sample_rate` Hz, validated with
    /// [`PitchConfig::validate`]. Plans the FFTs and allocates every buffer.
    pub fn new(cfg: &PitchConfig, sample_rate: f64) -> Result<Self, AnalysisError> {
        cfg.validate(sample_rate)?;
        let (tau_lo, tau_hi) = cfg.lag_range(sample_rate);
        let w = cfg.window;
        let lags = tau_hi + 2 + fit_half_width(tau_hi);
        // Linear (not circular) autocorrelation up to lag `lags - 1`.
        let fft_len = fft_size(w + lags);
        Ok(Self {
            cfg: cfg.clone(),
            sample_rate,
            tau_lo,
            tau_hi,
            autocorr: Autocorrelator::new(w, fft_len),
            ring: vec![0.0; w],
            pos: 0,
            until_next: w,
            frame_index: 0,
            n_lags: lags,
            acf: vec![0.0; lags],
            inv_pairs: (0..lags).map(|t| (1.0 / (w - t) as f64) as f32).collect(),
            lags: (0..lags).map(|t| t as f32).collect(),
            diff: vec![0.0; lags],
            cum: vec![0.0; lags],
            cmnd: vec![1.0; lags],
            candidates: PitchCandidates::default(),
            candidate_lags: [0; MAX_CANDIDATES],
            candidate_values: [0.0; MAX_CANDIDATES],
            prev: None,
        })
    }

    /// The configuration the detector was built with.
    pub fn config(&self) -> &PitchConfig {
        &self.cfg
    }

    /// The sample rate, in Hz.
    pub fn sample_rate(&self) -> f64 {
        self.sample_rate
    }

    /// The searched lag range `(tau_min, tau_max)`, in samples.
    pub fn lag_range(&self) -> (usize, usize) {
        (self.tau_lo, self.tau_hi)
    }

    /// Length of the forward FFT, in samples: the smallest `2^a * 3^b` (`a >= 4`,
    /// `b <= 3`) that holds the window plus the longest computed lag (3456 for the
    /// defaults at 44.1 and 48 kHz).
    pub fn fft_len(&self) -> usize {
        self.autocorr.n
    }

    /// Forgets all samples: the next frame is produced once `window` new samples have
    /// arrived, and its `time_s` counts from the first of them. Does not allocate.
    pub fn reset(&mut self) {
        self.ring.fill(0.0);
        self.pos = 0;
        self.until_next = self.cfg.window;
        self.frame_index = 0;
        self.candidates = PitchCandidates::default();
        self.prev = None;
    }

    /// Pushes `batch` (mono samples, any length, nominally in -1..=1) and calls
    /// `on_frame` once per completed frame, in order: the first frame once `window`
    /// samples have arrived, then one every `hop` samples. Never allocates, locks or logs.
    pub fn process<F: FnMut(&PitchFrame)>(&mut self, batch: &[f32], mut on_frame: F) {
        self.process_with_candidates(batch, |frame, _| on_frame(frame));
    }

    /// Like [`PitchDetector::process`], also passing each frame's period candidates (for
    /// offline smoothing with [`crate::pitch_smoothing::hmm_smooth_candidates`]).
    pub fn process_with_candidates<F: FnMut(&PitchFrame, &PitchCandidates)>(
        &mut self,
        mut batch: &[f32],
        mut on_frame: F,
    ) {
        while !batch.is_empty() {
            let take = batch.len().min(self.until_next);
            let (chunk, rest) = batch.split_at(take);
            self.push(chunk);
            batch = rest;
            self.until_next -= take;
            if self.until_next == 0 {
                let frame = self.analyse();
                self.frame_index += 1;
                self.until_next = self.cfg.hop;
                on_frame(&frame, &self.candidates);
            }
        }
    }

    /// Writes `chunk` (at most `window` samples) into the ring buffer.
    fn push(&mut self, chunk: &[f32]) {
        let w = self.ring.len();
        let first = chunk.len().min(w - self.pos);
        self.ring[self.pos..self.pos + first].copy_from_slice(&chunk[..first]);
        let rest = chunk.len() - first;
        self.ring[..rest].copy_from_slice(&chunk[first..]);
        self.pos = (self.pos + chunk.len()) % w;
    }

    /// Analyses the current window.
    fn analyse(&mut self) -> PitchFrame {
        let w = self.cfg.window;
        let fs = self.sample_rate;
        let time_s =
            (self.frame_index as f64 * self.cfg.hop as f64 + w as f64 / 2.0) / self.sample_rate;
        let unvoiced = PitchFrame {
            time_s,
            f0_hz: 0.0,
            confidence: 0.0,
            voiced: false,
        };
        self.candidates.len = 0;
        let hi = self.tau_hi;
        let lo = self.tau_lo;

        // The window in time order, and the energy of its first and last tau samples:
        // cum[tau] = sum_{j<tau} x[j]^2 + x[W-1-j]^2.
        let nl = self.n_lags;
        let cum = &mut self.cum[..nl];
        {
            let x = self.autocorr.window_mut();
            let (newer, older) = self.ring.split_at(self.pos);
            x[..older.len()].copy_from_slice(older);
            x[older.len()..].copy_from_slice(newer);
            cum[0] = 0.0;
            for ((c, &a), &b) in cum[1..]
                .iter_mut()
                .zip(&x[..nl - 1])
                .zip(x[w + 1 - nl..].iter().rev())
            {
                *c = a * a + b * b;
            }
        }
        prefix_sum(&mut cum[1..]);
        // When the head and tail cover the window, their energy bounds the window's from
        // above, so silent (or non-finite) windows can skip the FFTs.
        let silence = (SILENCE_FLOOR_MEAN_SQUARE * w as f64) as f32;
        let head_tail = cum[nl - 1];
        if 2 * (nl - 1) >= w && (head_tail.is_nan() || head_tail < silence) {
            self.prev = None;
            return unvoiced;
        }

        let acf = &mut self.acf[..nl];
        self.autocorr.compute(acf);
        let energy = acf[0];
        if !energy.is_finite() || (energy as f64) < SILENCE_FLOOR_MEAN_SQUARE * w as f64 {
            self.prev = None;
            return unvoiced;
        }

        // Per-pair difference function, lags 1..n_lags:
        // d(tau) = (2 E - head/tail energy - 2 r(tau)) / (W - tau).
        let two_energy = 2.0 * energy;
        let floor = (DIFF_FLOOR * 2.0 * energy as f64 / w as f64) as f32;
        let diff = &mut self.diff[..nl];
        diff[0] = 0.0;
        for (((d, &ht), &r), &inv) in diff[1..]
            .iter_mut()
            .zip(&cum[1..])
            .zip(&acf[1..])
            .zip(&self.inv_pairs[1..nl])
        {
            *d = ((two_energy - ht - 2.0 * r) * inv).max(floor);
        }
        // Running sum of d over lags 1..=tau, then the cumulative-mean normalisation over
        // the searched lags and their neighbours.
        cum.copy_from_slice(diff);
        prefix_sum(&mut cum[1..]);
        let cmnd = &mut self.cmnd[..hi + 2];
        for (((v, &d), &c), &t) in cmnd[lo - 1..]
            .iter_mut()
            .zip(&diff[lo - 1..])
            .zip(&cum[lo - 1..])
            .zip(&self.lags[lo - 1..hi + 2])
        {
            *v = d * t / c;
        }

        // Local minima: YIN's choice and the candidate list. As in the paper, a minimum's
        // value is the ordinate of the parabola through it and its neighbours.
        let threshold = self.cfg.threshold;
        let mut chosen = 0;
        let mut chosen_value = 0.0;
        let mut record = f64::INFINITY;
        let mut n_cand = 0;
        // Branch-free test over blocks of 8 lags for local minima that can matter (their
        // interpolated value, which is at most an eighth of the larger rise to a
        // neighbour below the sample, can be below the threshold or the record; the
        // record only falls within a block, so the test is conservative), then a loop
        // over the (few) survivors with the exact test.
        let mut start = lo;
        'scan: while start <= hi {
            let len = (hi + 1 - start).min(8);
            let gate = threshold.max(record) as f32;
            let test = |l: f32, v: f32, r: f32| {
                let is_min = (v <= l) & (v < r);
                is_min & (v - 0.126 * (l.max(r) - v) < gate)
            };
            let mut mask = 0u32;
            if len == 8 {
                let c: &[f32; 10] = cmnd[start - 1..start + 9].try_into().unwrap_or(&[0.0; 10]);
                for i in 0..8 {
                    mask |= (test(c[i], c[i + 1], c[i + 2]) as u32) << i;
                }
            } else {
                for i in 0..len {
                    let t = start + i;
                    mask |= (test(cmnd[t - 1], cmnd[t], cmnd[t + 1]) as u32) << i;
                }
            }
            while mask != 0 {
                let tau = start + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                // The interpolated value is at most an eighth of the larger rise to a
                // neighbour below the sample: skip minima that cannot matter.
                let raw = cmnd[tau] as f64;
                let rise = (cmnd[tau - 1].max(cmnd[tau + 1]) as f64) - raw;
                if raw - 0.125 * rise >= threshold.max(record) {
                    continue;
                }
                let v = interpolated_min(cmnd, tau);
                if chosen == 0 && v < threshold {
                    chosen = tau;
                    chosen_value = v;
                }
                if v < record {
                    record = v;
                    if n_cand == MAX_CANDIDATES {
                        self.candidate_lags.copy_within(1.., 0);
                        self.candidate_values.copy_within(1.., 0);
                        n_cand -= 1;
                    }
                    self.candidate_lags[n_cand] = tau;
                    self.candidate_values[n_cand] = v;
                    n_cand += 1;
                    if v < RECORD_STOP && chosen != 0 {
                        // Longer lags cannot matter any more (see RECORD_STOP).
                        break 'scan;
                    }
                }
            }
            start += len;
        }
        if n_cand == 0 {
            // No dip at all in the range (e.g. a tone below f_min or a constant window).
            self.prev = None;
            return unvoiced;
        }
        if chosen == 0 {
            // Nothing below the threshold (a noisy or weakly periodic window): the first
            // dip within FALLBACK_MARGIN of the deepest one. Deeper dips at multiples of
            // the period differ from the dip at the period only by noise, so taking the
            // deepest (as in the paper) would pick subharmonics at random. The first
            // qualifying dip is always a record, so the record list suffices.
            let deepest = self.candidate_values[n_cand - 1];
            let slot = self.candidate_values[..n_cand]
                .iter()
                .position(|&v| v <= deepest + FALLBACK_MARGIN)
                .unwrap_or(n_cand - 1);
            chosen = self.candidate_lags[slot];
            chosen_value = self.candidate_values[slot];
        }

        // Best local estimate, from the previous frame when it is close enough.
        if let Some(prev) = self.prev {
            let cur_lag = chosen as f64;
            if 2 * self.cfg.hop <= hi
                && prev.cmnd < chosen_value
                && (cur_lag / prev.lag - 1.0).abs() > 0.2
            {
                let from = ((prev.lag * 0.8).ceil() as usize).max(lo);
                let to = ((prev.lag * 1.2).floor() as usize).min(hi);
                let mut best = (0, f64::INFINITY);
                for tau in from..=to {
                    if cmnd[tau] <= cmnd[tau - 1] && cmnd[tau] < cmnd[tau + 1] {
                        let v = interpolated_min(cmnd, tau);
                        if v < best.1 {
                            best = (tau, v);
                        }
                    }
                }
                if best.0 != 0 {
                    (chosen, chosen_value) = best;
                }
            }
        }

        let lag = refine(diff, cum, chosen);

        // Candidates: one per dip. Records closer than the fit half-width to the
        // previous one belong to the same (noise-roughened) dip and are merged into the
        // deepest; the dip holding the chosen lag gets the frame's estimate, the others
        // their own refinement.
        let mut n_out = 0;
        let mut first_lag = 0;
        let mut chosen_slot = None;
        for i in 0..n_cand {
            let (tau, v) = (self.candidate_lags[i], self.candidate_values[i]);
            if n_out > 0 && tau - self.candidate_lags[n_out - 1] <= fit_half_width(tau) {
                self.candidate_lags[n_out - 1] = tau;
                self.candidate_values[n_out - 1] = v;
            } else {
                self.candidate_lags[n_out] = tau;
                self.candidate_values[n_out] = v;
                first_lag = tau;
                n_out += 1;
            }
            if (first_lag..=tau).contains(&chosen) {
                chosen_slot = Some(n_out - 1);
            }
        }
        for slot in 0..n_out {
            let f0_hz = if chosen_slot == Some(slot) {
                fs / lag
            } else {
                fs / refine(diff, cum, self.candidate_lags[slot])
            };
            self.candidates.items[slot] = PitchCandidate {
                f0_hz,
                cmnd: self.candidate_values[slot],
            };
        }
        self.candidates.len = n_out;
        let value = chosen_value;
        self.prev = Some(PrevEstimate { lag, cmnd: value });
        let confidence = (1.0 - value).clamp(0.0, 1.0);
        let voiced = confidence >= self.cfg.voicing_threshold;
        PitchFrame {
            time_s,
            f0_hz: if voiced { fs / lag } else { 0.0 },
            confidence,
            voiced,
        }
    }
}

/// Linear autocorrelation `r(tau) = sum_j x[j] x[j + tau]` of a window, by FFT.
///
/// The window is zero-padded to `n` (a multiple of 16, >= window + largest lag + 1) and
/// transformed with a real FFT; the inverse transform of the power spectrum `P` is a
/// DCT-I of its `m + 1 = n / 2 + 1` distinct (real, even) values,
/// `F(tau) = (P[0] + (-1)^tau P[m]) / 2 + sum_{k=1}^{m-1} P[k] cos(pi k tau / m)`,
/// `r(tau) = 2 F(tau) / n`, which is computed with one real FFT of length `m` plus
/// linear pre- and post-processing (the classic "DCT-I from a half-length real FFT"):
/// with `y[j] = (P[j] + P[m-j]) / 2 - sin(pi j / m) (P[j] - P[m-j])` and `Y` its DFT,
/// `F(2k) = Re Y[k]` and `F(2k+1) = F(2k-1) - Im Y[k]`, starting from
/// `F(1) = (P[0] - P[m]) / 2 + sum_{j=1}^{m-1} P[j] cos(pi j / m)`. That is about 25%
/// less work than an inverse FFT of length `n`.
struct Autocorrelator {
    n: usize,
    m: usize,
    window: usize,
    forward: Arc<dyn RealToComplex<f32>>,
    half: Arc<dyn RealToComplex<f32>>,
    input: Vec<f32>,
    spectrum: Vec<Complex<f32>>,
    /// Power spectrum, bins 0..=m.
    power: Vec<f32>,
    dct_in: Vec<f32>,
    dct_out: Vec<Complex<f32>>,
    /// sin(pi j / m) for j in 0..m/2.
    sin: Vec<f32>,
    /// cos(pi j / m) for j in 1..m/2, and 1/2 at j = 0.
    cos: Vec<f32>,
    odd: Vec<f64>,
    scratch: Vec<Complex<f32>>,
}

impl Autocorrelator {
    /// For windows of `window` samples and a forward FFT of `n` (a multiple of 16,
    /// >= `window`); lags up to `n - window` are exact (linear correlation).
    fn new(window: usize, n: usize) -> Self {
        debug_assert!(n.is_multiple_of(16) && window <= n);
        let m = n / 2;
        let mut planner = RealFftPlanner::<f32>::new();
        let forward = planner.plan_fft_forward(n);
        let half = planner.plan_fft_forward(m);
        let scratch_len = forward.get_scratch_len().max(half.get_scratch_len());
        let angle = |j: usize| std::f64::consts::PI * j as f64 / m as f64;
        Self {
            n,
            m,
            window,
            forward,
            half,
            input: vec![0.0; n],
            spectrum: vec![Complex::new(0.0, 0.0); m + 1],
            power: vec![0.0; m + 1],
            dct_in: vec![0.0; m],
            dct_out: vec![Complex::new(0.0, 0.0); m / 2 + 1],
            sin: (0..m / 2).map(|j| angle(j).sin() as f32).collect(),
            cos: (0..m / 2)
                .map(|j| if j == 0 { 0.5 } else { angle(j).cos() as f32 })
                .collect(),
            odd: vec![0.0; m / 2 + 1],
            scratch: vec![Complex::new(0.0, 0.0); scratch_len],
        }
    }

    /// The window to analyse (`window` samples), to be filled before [`Self::compute`].
    fn window_mut(&mut self) -> &mut [f32] {
        &mut self.input[..self.window]
    }

    /// Writes `r(tau)` of the window for `tau` in `0..out.len()` (at most `m`) into
    /// `out`. The window's contents are lost.
    fn compute(&mut self, out: &mut [f32]) {
        let (n, m) = (self.n, self.m);
        debug_assert!(out.len() <= m);
        self.input[self.window..].fill(0.0);
        // The lengths are right by construction, so the FFTs cannot fail.
        let _ = self.forward.process_with_scratch(
            &mut self.input,
            &mut self.spectrum,
            &mut self.scratch,
        );

        // DCT-I pre-processing of the power spectrum: y[j] and y[m - j] from P[j] and
        // P[m - j], and F(1) = sum_{j=0}^{m/2-1} c[j] (P[j] - P[m-j]).
        for (p, c) in self.power.iter_mut().zip(&self.spectrum) {
            *p = c.re * c.re + c.im * c.im;
        }
        let p = &self.power[..];
        let (y_lo, y_hi) = self.dct_in.split_at_mut(m / 2);
        y_lo[0] = 0.5 * (p[0] + p[m]);
        y_hi[0] = p[m / 2];
        for (((lo, hi), (&a, &b)), &s) in y_lo[1..]
            .iter_mut()
            .zip(y_hi[1..].iter_mut().rev())
            .zip(p[1..m / 2].iter().zip(p[m / 2 + 1..m].iter().rev()))
            .zip(&self.sin[1..m / 2])
        {
            let sym = 0.5 * (a + b);
            let anti = s * (a - b);
            *lo = sym - anti;
            *hi = sym + anti;
        }
        let mut acc = [0.0f32; 8];
        for ((pa, pb), c) in p[..m / 2]
            .chunks_exact(8)
            .zip(p[m / 2 + 1..].rchunks_exact(8))
            .zip(self.cos.chunks_exact(8))
        {
            for i in 0..8 {
                acc[i] += c[i] * (pa[i] - pb[7 - i]);
            }
        }
        let done = m / 2 / 8 * 8;
        let mut f1 = acc.iter().map(|&v| v as f64).sum::<f64>();
        for j in done..m / 2 {
            f1 += self.cos[j] as f64 * (p[j] as f64 - p[m - j] as f64);
        }
        let _ =
            self.half
                .process_with_scratch(&mut self.dct_in, &mut self.dct_out, &mut self.scratch);

        // Post-processing: even lags directly, odd lags by a running sum (in f64, as
        // its rounding would otherwise alternate between odd and even lags).
        let scale = 2.0 / n as f32;
        let pairs = out.len() / 2;
        let odd = &mut self.odd[..pairs + 1];
        odd[0] = f1;
        for (o, c) in odd[1..].iter_mut().zip(&self.dct_out[1..]) {
            *o = -(c.im as f64);
        }
        prefix_sum(odd);
        for ((pair, y), &o) in out.chunks_exact_mut(2).zip(&self.dct_out).zip(odd.iter()) {
            pair[0] = scale * y.re;
            pair[1] = scale * o as f32;
        }
        if out.len() % 2 == 1 {
            out[2 * pairs] = scale * self.dct_out[pairs].re;
        }
    }
}

/// The smallest FFT length >= `needed` of the form `2^a * 3^b` with `a >= 4` and
/// `b <= 3` (lengths the FFT library handles fastest; a multiple of 16 as
/// [`Autocorrelator`] needs). For the defaults (2048 + 1353 lags at 48 kHz) that is 3456
/// rather than 4096, about 15% less FFT time.
fn fft_size(needed: usize) -> usize {
    let mut best = needed.max(16).next_power_of_two();
    for three in [1, 3, 9, 27] {
        let mut n = 16 * three;
        while n < needed {
            n *= 2;
        }
        best = best.min(n);
    }
    best
}

/// In-place inclusive prefix sum, as four interleaved running sums over quarters of the
/// slice (shorter dependency chains) followed by an offset pass.
fn prefix_sum<T>(v: &mut [T])
where
    T: Copy + Default + std::ops::Add<Output = T> + std::ops::AddAssign,
{
    let quarter = v.len() / 4;
    if quarter < 8 {
        let mut s = T::default();
        for x in v.iter_mut() {
            s += *x;
            *x = s;
        }
        return;
    }
    let (q0, rest) = v.split_at_mut(quarter);
    let (q1, rest) = rest.split_at_mut(quarter);
    let (q2, q3) = rest.split_at_mut(quarter);
    let (mut s0, mut s1, mut s2, mut s3) = (T::default(), T::default(), T::default(), T::default());
    for (((a, b), c), d) in q0
        .iter_mut()
        .zip(q1.iter_mut())
        .zip(q2.iter_mut())
        .zip(q3.iter_mut())
    {
        s0 += *a;
        *a = s0;
        s1 += *b;
        *b = s1;
        s2 += *c;
        *c = s2;
        s3 += *d;
        *d = s3;
    }
    for x in q3[quarter..].iter_mut() {
        s3 += *x;
        *x = s3;
    }
    let o1 = s0;
    let o2 = o1 + s1;
    let o3 = o2 + s2;
    q1.iter_mut().for_each(|x| *x += o1);
    q2.iter_mut().for_each(|x| *x += o2);
    q3.iter_mut().for_each(|x| *x += o3);
}

/// Half-width, in lags, of the wide parabola fit around a broad minimum near lag `tau`:
/// `max(1, tau / 16)`, about 1/16 of a period.
fn fit_half_width(tau: usize) -> usize {
    (tau / 16).max(1)
}

/// A dip is "broad" (sine-like) when, one sixteenth of a period away from its bottom, the
/// difference function has risen by less than this fraction of the way from the bottom
/// to its mean level over lags 1..=tau. A sine gives about 0.08, whatever the noise;
/// harmonic-rich tones 0.3 or more (a band-limited sawtooth about 0.35).
const BROAD_DIP: f64 = 0.18;

/// Value at the vertex of the parabola through `(tau - 1, tau, tau + 1)` of `v`, or
/// `v[tau]` when that parabola is not convex; never negative.
fn interpolated_min(v: &[f32], tau: usize) -> f64 {
    let (a, b, c) = (v[tau - 1] as f64, v[tau] as f64, v[tau + 1] as f64);
    let den = a - 2.0 * b + c;
    let m = if den > 0.0 {
        b - (a - c) * (a - c) / (8.0 * den)
    } else {
        b
    };
    m.max(0.0)
}

/// Fractional lag of the minimum of `diff` near integer lag `tau` by three-point
/// parabolic interpolation (offset clamped to +-1 lag).
fn three_point(diff: &[f32], tau: usize) -> f64 {
    let (a, b, c) = (diff[tau - 1] as f64, diff[tau] as f64, diff[tau + 1] as f64);
    let den = a - 2.0 * b + c;
    if den > 0.0 {
        tau as f64 + (0.5 * (a - c) / den).clamp(-1.0, 1.0)
    } else {
        tau as f64
    }
}

/// Fractional lag of the minimum of `diff` near integer lag `tau`; `cum[t]` is the sum
/// of `diff` over lags 1..=t.
///
/// Normally the classic three-point parabolic interpolation around `tau`. When the dip
/// is broad (see [`BROAD_DIP`]; typically a low, nearly sinusoidal fundamental), the
/// lag-to-lag roughness that broadband noise adds to the difference function can move
/// its lowest sample far from the true bottom (a few percent of the period at 10 dB SNR),
/// so a least-squares parabola over lags `c - k..=c + k`, `k = tau / 16`, is fitted
/// instead, starting at `c = tau` and re-centred on the rounded vertex until it stays
/// put (at most four fits; the offset is limited to `+-k` per fit). Sharp dips keep the
/// three-point fit, as a wide parabola would be biased by their non-parabolic shape.
fn refine(diff: &[f32], cum: &[f32], tau: usize) -> f64 {
    let k = fit_half_width(tau);
    // The fit window must stay inside lags 1..diff.len().
    let lo_c = k + 1;
    let hi_c = diff.len() - 1 - k;
    let three_point = |t: usize| three_point(diff, t);
    if k < 2 || tau < lo_c + 1 || tau > hi_c - 1 {
        return three_point(tau);
    }
    // Broadness: mean rise at +-k (three lags averaged on each side) over the rise to
    // the mean level.
    let side = |t: usize| (diff[t - 1] as f64 + diff[t] as f64 + diff[t + 1] as f64) / 3.0;
    let bottom = diff[tau] as f64;
    let mean = cum[tau] as f64 / tau as f64;
    let rise = 0.5 * (side(tau - k) + side(tau + k)) - bottom;
    if !(mean - bottom > 0.0 && rise < BROAD_DIP * (mean - bottom)) {
        return three_point(tau);
    }
    let kf = k as f64;
    let s0 = 2.0 * kf + 1.0;
    let s2 = kf * (kf + 1.0) * (2.0 * kf + 1.0) / 3.0;
    let s4 = s2 * (3.0 * kf * kf + 3.0 * kf - 1.0) / 5.0;
    let det = s0 * s4 - s2 * s2;
    let mut centre = tau;
    let mut vertex = three_point(tau);
    for _ in 0..4 {
        let (mut sy, mut sxy, mut sxxy) = (0.0f64, 0.0f64, 0.0f64);
        for (i, &y) in diff[centre - k..=centre + k].iter().enumerate() {
            let x = i as f64 - kf;
            let y = y as f64;
            sy += y;
            sxy += x * y;
            sxxy += x * x * y;
        }
        let c1 = sxy / s2;
        let c2 = (s0 * sxxy - s2 * sy) / det;
        if c2 <= 0.0 {
            break;
        }
        let offset = (-c1 / (2.0 * c2)).clamp(-kf, kf);
        vertex = centre as f64 + offset;
        let next = (vertex.round() as usize).clamp(lo_c, hi_c);
        if next == centre {
            break;
        }
        centre = next;
    }
    vertex
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(f: f64, fs: f64, n: usize, amp: f64) -> Vec<f32> {
        (0..n)
            .map(|i| (amp * (2.0 * std::f64::consts::PI * f * i as f64 / fs).sin()) as f32)
            .collect()
    }

    fn run(det: &mut PitchDetector, x: &[f32], batch: usize) -> Vec<PitchFrame> {
        let mut out = Vec::new();
        for chunk in x.chunks(batch) {
            det.process(chunk, |f| out.push(*f));
        }
        out
    }

    fn cents(a: f64, b: f64) -> f64 {
        1200.0 * (a / b).log2()
    }

    #[test]
    fn sine_440_is_accurate() {
        for fs in [44_100.0, 48_000.0] {
            let mut det = PitchDetector::new(&PitchConfig::default(), fs).unwrap();
            let frames = run(&mut det, &sine(440.0, fs, 48_000, 0.5), 1024);
            assert!(!frames.is_empty());
            for f in &frames {
                assert!(f.voiced, "{f:?}");
                assert!(cents(f.f0_hz, 440.0).abs() < 1.0, "{f:?}");
                assert!(f.confidence > 0.99, "{f:?}");
            }
        }
    }

    #[test]
    fn process_does_not_allocate() {
        let fs = 48_000.0;
        // A clean tone, noise, a noisy low tone (wide fit, fallback) and silence, so
        // that every path of the analysis runs.
        let mut seed = 7u32;
        let mut noise = move || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1u32 << 24) as f32 - 0.5
        };
        let mut x = sine(220.0, fs, 20_000, 0.3);
        x.extend((0..10_000).map(|_| noise()));
        x.extend(
            sine(45.0, fs, 20_000, 0.5)
                .iter()
                .map(|v| v + 0.4 * noise()),
        );
        x.extend(std::iter::repeat_n(0.0, 5000));
        let mut det = PitchDetector::new(&PitchConfig::default(), fs).unwrap();
        let mut count = 0;
        let mut sum = 0.0;
        assert_no_alloc::assert_no_alloc(|| {
            for chunk in x.chunks(1024) {
                det.process(chunk, |f| {
                    count += 1;
                    sum += f.f0_hz;
                });
            }
            det.process_with_candidates(&x[..4096], |f, c| {
                count += 1;
                sum += f.f0_hz + c.len() as f64;
            });
            det.reset();
            det.process(&[0.0; 3000], |_| count += 1);
        });
        assert!(count > 10 && sum > 0.0);
    }

    #[test]
    fn batch_size_does_not_matter() {
        let fs = 44_100.0;
        // A glide with some noise-like content, so frames differ.
        let mut x = Vec::new();
        let mut phase = 0.0f64;
        let mut seed = 12345u32;
        for i in 0..30_000 {
            let f = 100.0 + 300.0 * i as f64 / 30_000.0;
            phase += 2.0 * std::f64::consts::PI * f / fs;
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let noise = (seed >> 8) as f64 / (1u32 << 24) as f64 - 0.5;
            x.push((0.5 * phase.sin() + 0.1 * noise) as f32);
        }
        let cfg = PitchConfig {
            hop: 700,
            ..PitchConfig::default()
        };
        let mut reference = None;
        for batch in [1, 100, 1024, 4096, 30_000] {
            let mut det = PitchDetector::new(&cfg, fs).unwrap();
            let frames = run(&mut det, &x, batch);
            assert_eq!(frames.len(), (30_000 - 2048) / 700 + 1);
            match &reference {
                None => reference = Some(frames),
                Some(r) => assert_eq!(r, &frames, "batch {batch}"),
            }
        }
        // reset() starts over exactly.
        let mut det = PitchDetector::new(&cfg, fs).unwrap();
        run(&mut det, &x[..5000], 333);
        det.reset();
        assert_eq!(reference.unwrap(), run(&mut det, &x, 1024));
    }

    #[test]
    fn time_convention() {
        let fs = 48_000.0;
        let cfg = PitchConfig::default();
        let mut det = PitchDetector::new(&cfg, fs).unwrap();
        let x = sine(300.0, fs, 10_000, 0.5);
        let mut frames = Vec::new();
        det.process(&x[..2047], |f| frames.push(*f));
        assert!(frames.is_empty(), "no frame before `window` samples");
        det.process(&x[2047..2048], |f| frames.push(*f));
        assert_eq!(frames.len(), 1, "first frame at exactly `window` samples");
        det.process(&x[2048..2048 + 1023], |f| frames.push(*f));
        assert_eq!(frames.len(), 1);
        det.process(&x[2048 + 1023..], |f| frames.push(*f));
        assert_eq!(frames.len(), 1 + (10_000 - 2048) / 1024);
        for (k, f) in frames.iter().enumerate() {
            let expect = (k as f64 * 1024.0 + 1024.0) / fs;
            assert!((f.time_s - expect).abs() < 1e-12, "{k}: {}", f.time_s);
        }
    }

    #[test]
    fn validation_names_fields() {
        let fs = 48_000.0;
        let ok = PitchConfig::default();
        assert!(ok.validate(fs).is_ok());
        assert!(ok.validate(44_100.0).is_ok());
        assert_eq!(ok.min_window(48_000.0), 1989);
        assert_eq!(ok.min_window(44_100.0), 1829);
        let field = |cfg: PitchConfig, fs: f64| cfg.validate(fs).unwrap_err().field;
        for bad in [0.0, -1.0, f64::NAN, 999.0, 1e7] {
            assert_eq!(field(ok.clone(), bad), "sample_rate");
        }
        for bad in [0.0, -40.0, f64::NAN, f64::INFINITY] {
            let cfg = PitchConfig {
                f_min_hz: bad,
                ..ok.clone()
            };
            assert_eq!(field(cfg, fs), "f_min_hz");
        }
        for bad in [40.0, 30.0, 24_000.0, f64::NAN] {
            let cfg = PitchConfig {
                f_max_hz: bad,
                ..ok.clone()
            };
            assert_eq!(field(cfg, fs), "f_max_hz");
        }
        for bad in [0, 1800, MAX_WINDOW + 1] {
            let cfg = PitchConfig {
                window: bad,
                ..ok.clone()
            };
            assert_eq!(field(cfg, fs), "window");
        }
        // 30 Hz needs a longer window.
        let cfg = PitchConfig {
            f_min_hz: 30.0,
            ..ok.clone()
        };
        assert_eq!(field(cfg, fs), "window");
        for bad in [0, 2049] {
            let cfg = PitchConfig {
                hop: bad,
                ..ok.clone()
            };
            assert_eq!(field(cfg, fs), "hop");
        }
        for bad in [0.0, 1.0, -0.1, f64::NAN] {
            let cfg = PitchConfig {
                threshold: bad,
                ..ok.clone()
            };
            assert_eq!(field(cfg, fs), "threshold");
        }
        for bad in [-0.1, 1.1, f64::NAN] {
            let cfg = PitchConfig {
                voicing_threshold: bad,
                ..ok.clone()
            };
            assert_eq!(field(cfg, fs), "voicing_threshold");
        }
        let e = PitchDetector::new(
            &PitchConfig {
                hop: 0,
                ..ok.clone()
            },
            fs,
        )
        .unwrap_err();
        assert_eq!(e.field, "hop");
        // Wider ranges are fine when the window allows them.
        let wide = PitchConfig {
            window: 8192,
            f_min_hz: 20.0,
            f_max_hz: 5000.0,
            ..ok.clone()
        };
        assert!(wide.validate(fs).is_ok());
        let det = PitchDetector::new(&wide, fs).unwrap();
        assert_eq!(det.lag_range(), (9, 2543));
        assert_eq!(det.fft_len(), 12_288);
        assert_eq!(PitchDetector::new(&ok, fs).unwrap().fft_len(), 3456);
        assert_eq!(PitchDetector::new(&ok, 44_100.0).unwrap().fft_len(), 3456);
        assert_eq!(fft_size(3401), 3456);
        assert_eq!(fft_size(4096), 4096);
        assert_eq!(fft_size(4097), 4608);
        assert_eq!(fft_size(1), 16);
    }

    #[test]
    fn silence_constant_and_non_finite_are_unvoiced() {
        let fs = 48_000.0;
        let mut det = PitchDetector::new(&PitchConfig::default(), fs).unwrap();
        for f in run(&mut det, &vec![0.0; 8192], 1024) {
            assert!(!f.voiced && f.f0_hz == 0.0 && f.confidence == 0.0, "{f:?}");
        }
        det.reset();
        for f in run(&mut det, &vec![0.25; 8192], 1024) {
            assert!(!f.voiced && f.f0_hz == 0.0, "{f:?}");
        }
        det.reset();
        let mut x = sine(440.0, fs, 8192, 0.5);
        x[3000] = f32::NAN;
        x[3001] = f32::INFINITY;
        let frames = run(&mut det, &x, 1024);
        assert!(frames.iter().any(|f| !f.voiced));
        // Recovers once the bad samples leave the window.
        let frames = run(&mut det, &sine(440.0, fs, 8192, 0.5), 1024);
        assert!(frames.last().unwrap().voiced);
    }

    #[test]
    fn tone_below_range_is_not_reported_in_range() {
        // 20 Hz with f_min 40: no frame may claim a pitch inside the range that is not a
        // harmonic of 20 Hz.
        let fs = 48_000.0;
        let mut det = PitchDetector::new(&PitchConfig::default(), fs).unwrap();
        for f in run(&mut det, &sine(20.0, fs, 48_000, 0.5), 1024) {
            assert!(!f.voiced || (f.f0_hz / 20.0 - (f.f0_hz / 20.0).round()).abs() < 0.05);
        }
    }

    #[test]
    fn small_hop_uses_best_local_estimate_and_stays_accurate() {
        let fs = 44_100.0;
        let cfg = PitchConfig {
            hop: 256,
            ..PitchConfig::default()
        };
        let mut det = PitchDetector::new(&cfg, fs).unwrap();
        let frames = run(&mut det, &sine(98.0, fs, 44_100, 0.5), 512);
        for f in &frames {
            assert!(f.voiced && cents(f.f0_hz, 98.0).abs() < 5.0, "{f:?}");
        }
    }

    #[test]
    fn candidates_are_records() {
        let fs = 48_000.0;
        let mut det = PitchDetector::new(&PitchConfig::default(), fs).unwrap();
        let x = sine(200.0, fs, 8192, 0.5);
        let mut seen = 0;
        det.process_with_candidates(&x, |f, c| {
            seen += 1;
            assert!(!c.is_empty());
            let s = c.as_slice();
            for pair in s.windows(2) {
                assert!(pair[0].f0_hz > pair[1].f0_hz && pair[0].cmnd > pair[1].cmnd);
            }
            assert!(s.iter().any(|k| (k.f0_hz - f.f0_hz).abs() < 1e-9));
        });
        assert!(seen > 0);
    }

    #[test]
    fn autocorrelation_matches_direct_sum() {
        let mut seed = 1u64;
        let mut rnd = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 40) as f64 / (1u64 << 24) as f64 - 0.5
        };
        for (w, n, lags) in [
            (2048, 4096, 1300),
            (2048, 3456, 1353),
            (1000, 2048, 1024),
            (64, 128, 64),
            (40, 80, 40),
        ] {
            let x: Vec<f32> = (0..w)
                .map(|i| (0.3 * (i as f64 * 0.05).sin() + rnd()) as f32)
                .collect();
            let mut ac = Autocorrelator::new(w, n);
            let mut out = vec![0.0f32; lags];
            ac.window_mut().copy_from_slice(&x);
            ac.compute(&mut out);
            let r0: f64 = x.iter().map(|&v| v as f64 * v as f64).sum();
            for (tau, &got) in out.iter().enumerate() {
                let got = got as f64;
                let direct: f64 = (0..w.saturating_sub(tau))
                    .map(|j| x[j] as f64 * x[j + tau] as f64)
                    .sum();
                assert!(
                    (got - direct).abs() < 2e-6 * r0,
                    "{w} {tau}: {got} {direct}"
                );
            }
        }
        let mut v: Vec<f64> = (0..103).map(|i| i as f64).collect();
        prefix_sum(&mut v);
        for (i, x) in v.iter().enumerate() {
            assert_eq!(*x, (i * (i + 1) / 2) as f64);
        }
    }

    #[test]
    fn timing_info() {
        // Information only (no assertion on time): microseconds per frame.
        let fs = 48_000.0;
        let mut det = PitchDetector::new(&PitchConfig::default(), fs).unwrap();
        let x = sine(220.0, fs, 1024 * 2000 + 2048, 0.5);
        let mut n = 0usize;
        let start = std::time::Instant::now();
        for chunk in x.chunks(1024) {
            det.process(chunk, |_| n += 1);
        }
        let per = start.elapsed().as_secs_f64() / n as f64;
        println!(
            "pitch: {n} frames, {:.2} us per frame, {:.0}x real time at 48 kHz, hop 1024",
            per * 1e6,
            1024.0 / fs / per
        );
    }
}
