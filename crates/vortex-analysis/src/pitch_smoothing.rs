//! Offline smoothing of pitch tracks from [`crate::pitch::PitchDetector`].
//!
//! These functions see the whole track at once, so they are for offline analysis (files,
//! reports), not for live use: they allocate and their output for a frame depends on
//! later frames. Live displays should use the detector's frames as they come.
//!
//! - [`median_smooth`]: a running median of the voiced frames' f0 (in cents), which
//!   removes isolated octave jumps and jitter without touching voicing.
//! - [`hmm_smooth`] / [`hmm_smooth_candidates`]: a hidden Markov model over pitch bins
//!   decoded with Viterbi, in the spirit of pYIN (M. Mauch and S. Dixon, "pYIN: A
//!   fundamental frequency estimator using probabilistic threshold distributions", ICASSP
//!   2014). It chooses, for every frame, one of the detector's period candidates or
//!   "unvoiced", trading the candidates' probabilities against a penalty for large pitch
//!   jumps and for voicing changes.
//!
//! # What the HMM is, compared to pYIN
//!
//! Like pYIN:
//! - Observation probabilities come from a distribution over YIN thresholds: for each of
//!   100 thresholds `s = 0.01, 0.02, ..., 1.00`, weighted by a Beta density (mean
//!   [`HmmConfig::threshold_mean`], `alpha = 2`), YIN's rule picks the shortest-lag dip
//!   with `d' < s`; a candidate's probability is the total weight of the thresholds that
//!   pick it. When no dip is below `s`, the deepest one gets that weight times 0.01
//!   (pYIN's `p_a`).
//! - Two states per pitch bin, voiced and unvoiced. A voiced state's observation
//!   probability is `yin_trust` (pYIN: 0.5) times the probability mass of the candidates
//!   in its bin; every unvoiced state gets `(1 - yin_trust * total mass) / bins`.
//! - Pitch transitions have a triangular distribution over a limited jump (for unvoiced
//!   states too, which carry a pitch), voicing switches have probability
//!   `voicing_switch_prob` (pYIN: 0.01), the initial distribution is uniform, and
//!   decoding is Viterbi. A voiced frame gets the frequency of its candidate in the
//!   decoded bin (pYIN: the candidate nearest to the bin), not the bin centre.
//! - Bins are 20 cents wide by default ([`HmmConfig::bin_cents`]), as in the released
//!   pYIN plugin (5 per semitone).
//!
//! Unlike pYIN:
//! - The threshold distribution is applied to the detector's candidate list rather than
//!   to every dip of `d'`: at most [`crate::pitch::MAX_CANDIDATES`] dips per frame (one
//!   per dip, up to the first below 0.01), from the detector's per-pair normalised
//!   difference function on its own windows (2048 samples, hop 1024 by default; pYIN
//!   uses a 2048-sample window with a 256-sample hop at 44.1 kHz).
//! - [`hmm_smooth`] sees only the frames: one candidate per voiced frame (its f0, with
//!   `d' = 1 - confidence`) and none for unvoiced frames. It can re-decide voicing and
//!   drop isolated outliers but not fix octave errors, and since a frame near the
//!   detector's voicing threshold gets little probability, it turns weakly voiced
//!   stretches (0 dB SNR, say) unvoiced. Use [`hmm_smooth_candidates`] where possible.
//! - The range is `f_min_hz..=f_max_hz` (default 40..=2000 Hz; pYIN: 69 semitones from
//!   61.7 Hz), and the maximum jump is given in cents per frame for the detector's much
//!   longer hop: 300 cents per 1024-sample frame by default (about 13 cents per
//!   millisecond at 44.1 kHz; pYIN allows +-5 bins, 100 cents, per 256-sample hop, about
//!   17 cents per millisecond).
//! - No note segmentation (pYIN's second, note-level HMM), no prior on the absolute
//!   pitch beyond the range, and the transition weights are not renormalised at the
//!   edges of the range.

use crate::error::AnalysisError;
use crate::pitch::{PitchCandidate, PitchCandidates, PitchFrame};

/// Replaces each voiced frame's f0 by the median f0 (taken in cents, so an even count
/// gives the geometric mean of the middle two) of the voiced frames among the `width`
/// frames centred on it. `width` is a number of frames; an even width is rounded up to
/// the next odd one, and widths 0 and 1 leave the frames unchanged. Unvoiced frames,
/// voicing, confidence and times are not changed. Allocates.
pub fn median_smooth(frames: &mut [PitchFrame], width: usize) {
    if width <= 1 || frames.is_empty() {
        return;
    }
    let half = width / 2;
    let cents: Vec<Option<f64>> = frames
        .iter()
        .map(|f| (f.voiced && f.f0_hz > 0.0 && f.f0_hz.is_finite()).then(|| f.f0_hz.log2()))
        .collect();
    let mut window = Vec::with_capacity(2 * half + 1);
    for (i, frame) in frames.iter_mut().enumerate() {
        if cents[i].is_none() {
            continue;
        }
        window.clear();
        let from = i.saturating_sub(half);
        let to = (i + half).min(cents.len() - 1);
        window.extend(cents[from..=to].iter().flatten());
        window.sort_by(f64::total_cmp);
        let n = window.len();
        let median = if n % 2 == 1 {
            window[n / 2]
        } else {
            0.5 * (window[n / 2 - 1] + window[n / 2])
        };
        frame.f0_hz = median.exp2();
    }
}

/// Settings of the pitch HMM ([`hmm_smooth`], [`hmm_smooth_candidates`]).
#[derive(Debug, Clone, PartialEq)]
pub struct HmmConfig {
    /// Lowest pitch state, in Hz (default 40); candidates more than one bin below are
    /// ignored.
    pub f_min_hz: f64,
    /// Highest pitch state, in Hz (default 2000); candidates more than one bin above are
    /// ignored.
    pub f_max_hz: f64,
    /// Width of a pitch bin, in cents, 1..=100 (default 20, as pYIN).
    pub bin_cents: f64,
    /// Largest pitch change between consecutive frames, in cents, at least one bin
    /// (default 300, for 1024-sample hops); smaller changes are weighted by a triangular
    /// distribution. Scale it with the hop.
    pub max_jump_cents: f64,
    /// Probability of switching between voiced and unvoiced from one frame to the next,
    /// in (0, 0.5] (default 0.01).
    pub voicing_switch_prob: f64,
    /// Weight of the YIN candidates against "unvoiced", in (0, 1) (default 0.5).
    pub yin_trust: f64,
    /// Mean of the Beta(2, beta) distribution of YIN thresholds, in (0, 0.5] (default
    /// 0.15).
    pub threshold_mean: f64,
}

impl Default for HmmConfig {
    fn default() -> Self {
        Self {
            f_min_hz: 40.0,
            f_max_hz: 2000.0,
            bin_cents: 20.0,
            max_jump_cents: 300.0,
            voicing_switch_prob: 0.01,
            yin_trust: 0.5,
            threshold_mean: 0.15,
        }
    }
}

impl HmmConfig {
    /// Checks the settings. Errors name the field: `f_min_hz`, `f_max_hz`, `bin_cents`,
    /// `max_jump_cents`, `voicing_switch_prob`, `yin_trust` or `threshold_mean`. The
    /// range may hold at most 32767 bins.
    pub fn validate(&self) -> Result<(), AnalysisError> {
        let err = |field: &str, msg: String| Err(AnalysisError::new(field, msg));
        if !self.f_min_hz.is_finite() || self.f_min_hz <= 0.0 {
            return err("f_min_hz", format!("{} Hz must be positive", self.f_min_hz));
        }
        if !self.f_max_hz.is_finite() || self.f_max_hz <= self.f_min_hz {
            return err(
                "f_max_hz",
                format!("{} Hz must be above f_min_hz", self.f_max_hz),
            );
        }
        if !self.bin_cents.is_finite() || !(1.0..=100.0).contains(&self.bin_cents) {
            return err(
                "bin_cents",
                format!("{} is outside 1..=100 cents", self.bin_cents),
            );
        }
        if self.bins() > 32_767 {
            return err(
                "bin_cents",
                format!("{} cents gives more than 32767 bins", self.bin_cents),
            );
        }
        if !self.max_jump_cents.is_finite() || self.max_jump_cents < self.bin_cents {
            return err(
                "max_jump_cents",
                format!(
                    "{} cents must be finite and at least bin_cents",
                    self.max_jump_cents
                ),
            );
        }
        if !(self.voicing_switch_prob > 0.0 && self.voicing_switch_prob <= 0.5) {
            return err(
                "voicing_switch_prob",
                format!("{} is outside (0, 0.5]", self.voicing_switch_prob),
            );
        }
        if !(self.yin_trust > 0.0 && self.yin_trust < 1.0) {
            return err("yin_trust", format!("{} is outside (0, 1)", self.yin_trust));
        }
        if !(self.threshold_mean > 0.0 && self.threshold_mean <= 0.5) {
            return err(
                "threshold_mean",
                format!("{} is outside (0, 0.5]", self.threshold_mean),
            );
        }
        Ok(())
    }

    /// Number of pitch bins (each with a voiced and an unvoiced state).
    fn bins(&self) -> usize {
        let span = 1200.0 * (self.f_max_hz / self.f_min_hz).log2() / self.bin_cents;
        if span.is_finite() && span < 1e6 {
            span.round() as usize + 1
        } else {
            usize::MAX
        }
    }

    /// Bin of `f0_hz`, if within half a bin of the range.
    fn bin_of(&self, f0_hz: f64, bins: usize) -> Option<usize> {
        if !(f0_hz > 0.0 && f0_hz.is_finite()) {
            return None;
        }
        let b = (1200.0 * (f0_hz / self.f_min_hz).log2() / self.bin_cents).round();
        (b >= -1.0 && b <= bins as f64).then(|| (b.max(0.0) as usize).min(bins - 1))
    }
}

/// Weights of the 100 YIN thresholds 0.01..=1.00: a Beta(2, beta) density with mean
/// `mean`, normalised to sum 1.
fn threshold_weights(mean: f64) -> [f64; 100] {
    let alpha = 2.0;
    let beta = alpha / mean - alpha;
    let mut w = [0.0; 100];
    for (k, wk) in w.iter_mut().enumerate() {
        let s = (k + 1) as f64 * 0.01;
        *wk = s.powf(alpha - 1.0) * (1.0 - s).max(0.0).powf(beta - 1.0);
    }
    let total: f64 = w.iter().sum();
    if total > 0.0 {
        w.iter_mut().for_each(|x| *x /= total);
    }
    w
}

/// pYIN's probability of each candidate (records: increasing lag, decreasing `d'`).
fn candidate_probs(cands: &[PitchCandidate], weights: &[f64; 100], out: &mut Vec<f64>) {
    out.clear();
    out.resize(cands.len(), 0.0);
    if cands.is_empty() {
        return;
    }
    const P_ABSOLUTE_MIN: f64 = 0.01;
    for (k, w) in weights.iter().enumerate() {
        let s = (k + 1) as f64 * 0.01;
        match cands.iter().position(|c| c.cmnd < s) {
            Some(i) => out[i] += w,
            None => {
                // The deepest dip: the last record.
                let last = cands.len() - 1;
                out[last] += w * P_ABSOLUTE_MIN;
            }
        }
    }
}

/// Viterbi-smooths a track using only the frames themselves: each voiced frame is one
/// candidate (its f0 with `d' = 1 - confidence`), unvoiced frames have none. Sets `f0_hz`
/// (0 when unvoiced), `voiced` and, for voiced frames, `confidence` to the decoded
/// values. With an invalid `cfg` (see [`HmmConfig::validate`]) the frames are left
/// unchanged. Allocates (about `4 * bins` bytes per frame).
pub fn hmm_smooth(frames: &mut [PitchFrame], cfg: &HmmConfig) {
    let candidates: Vec<PitchCandidates> = frames
        .iter()
        .map(|f| {
            if f.voiced && f.f0_hz > 0.0 {
                PitchCandidates::from_slice(&[PitchCandidate {
                    f0_hz: f.f0_hz,
                    cmnd: (1.0 - f.confidence).max(0.0),
                }])
            } else {
                PitchCandidates::default()
            }
        })
        .collect();
    let _ = hmm_smooth_candidates(frames, &candidates, cfg);
}

/// Viterbi-smooths a track using each frame's period candidates, as collected from
/// [`crate::pitch::PitchDetector::process_with_candidates`] (`candidates[i]` belongs to
/// `frames[i]`). Voiced frames get the f0 of the chosen candidate and a confidence of
/// `1 - d'` of it; unvoiced frames get f0 0. Errors (frames untouched) for an invalid
/// `cfg`, or with field `candidates` when the lengths differ. Allocates (about `4 * bins`
/// bytes per frame).
pub fn hmm_smooth_candidates(
    frames: &mut [PitchFrame],
    candidates: &[PitchCandidates],
    cfg: &HmmConfig,
) -> Result<(), AnalysisError> {
    cfg.validate()?;
    if candidates.len() != frames.len() {
        return Err(AnalysisError::new(
            "candidates",
            format!(
                "{} candidate lists for {} frames",
                candidates.len(),
                frames.len()
            ),
        ));
    }
    if frames.is_empty() {
        return Ok(());
    }
    let bins = cfg.bins();
    let states = 2 * bins; // 0..bins voiced, bins..2*bins unvoiced
    let jump = ((cfg.max_jump_cents / cfg.bin_cents).floor() as usize).max(1);
    let weights = threshold_weights(cfg.threshold_mean);

    // Log transition weights over pitch jumps -jump..=jump (triangular).
    let tri: Vec<f64> = (0..=2 * jump)
        .map(|k| (jump + 1 - k.abs_diff(jump)) as f64)
        .collect();
    let tri_sum: f64 = tri.iter().sum();
    let log_tri: Vec<f64> = tri.iter().map(|w| (w / tri_sum).ln()).collect();
    let log_stay = (1.0 - cfg.voicing_switch_prob).ln();
    let log_switch = cfg.voicing_switch_prob.ln();

    // Observations, frame by frame.
    let mut probs = Vec::new();
    let mut bin_mass = vec![0.0; bins];
    let mut delta = vec![-(states as f64).ln(); states];
    let mut next = vec![f64::NEG_INFINITY; states];
    let mut best_in = vec![f64::NEG_INFINITY; states];
    let mut from_in = vec![0u16; states];
    let mut back: Vec<u16> = vec![0; states * frames.len()];
    let mut obs = vec![0.0; states];

    for (t, cands) in candidates.iter().enumerate() {
        // Observation log-probabilities.
        candidate_probs(cands.as_slice(), &weights, &mut probs);
        bin_mass.iter_mut().for_each(|m| *m = 0.0);
        let mut total = 0.0;
        for (c, p) in cands.as_slice().iter().zip(&probs) {
            if let Some(b) = cfg.bin_of(c.f0_hz, bins) {
                bin_mass[b] += p;
                total += p;
            }
        }
        let unvoiced = ((1.0 - cfg.yin_trust * total) / bins as f64).ln();
        for b in 0..bins {
            obs[b] = (cfg.yin_trust * bin_mass[b]).ln();
            obs[bins + b] = unvoiced;
        }

        if t == 0 {
            for s in 0..states {
                delta[s] += obs[s];
            }
            continue;
        }
        // Best predecessor per (bin, target voicing), before the pitch jump.
        for b in 0..bins {
            let (v, u) = (delta[b], delta[bins + b]);
            // Into voiced.
            let (sv, su) = (v + log_stay, u + log_switch);
            if sv >= su {
                best_in[b] = sv;
                from_in[b] = b as u16;
            } else {
                best_in[b] = su;
                from_in[b] = (bins + b) as u16;
            }
            // Into unvoiced.
            let (sv, su) = (v + log_switch, u + log_stay);
            if su >= sv {
                best_in[bins + b] = su;
                from_in[bins + b] = (bins + b) as u16;
            } else {
                best_in[bins + b] = sv;
                from_in[bins + b] = b as u16;
            }
        }
        let row = &mut back[t * states..(t + 1) * states];
        for half in 0..2 {
            let base = half * bins;
            for b in 0..bins {
                let o = obs[base + b];
                if o == f64::NEG_INFINITY {
                    next[base + b] = f64::NEG_INFINITY;
                    row[base + b] = from_in[base + b];
                    continue;
                }
                let from = b.saturating_sub(jump);
                let to = (b + jump).min(bins - 1);
                let mut best = f64::NEG_INFINITY;
                let mut arg = from_in[base + b];
                for src in from..=to {
                    let score = best_in[base + src] + log_tri[src + jump - b];
                    if score > best {
                        best = score;
                        arg = from_in[base + src];
                    }
                }
                next[base + b] = best + o;
                row[base + b] = arg;
            }
        }
        std::mem::swap(&mut delta, &mut next);
    }

    // Backtrack.
    let mut state = (0..states)
        .max_by(|&a, &b| delta[a].total_cmp(&delta[b]))
        .unwrap_or(bins);
    for t in (0..frames.len()).rev() {
        let frame = &mut frames[t];
        if state < bins {
            // Voiced: the most probable candidate in this bin.
            candidate_probs(candidates[t].as_slice(), &weights, &mut probs);
            let pick = candidates[t]
                .as_slice()
                .iter()
                .zip(&probs)
                .filter(|(c, _)| cfg.bin_of(c.f0_hz, bins) == Some(state))
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(c, _)| *c);
            match pick {
                Some(c) => {
                    frame.f0_hz = c.f0_hz;
                    frame.confidence = (1.0 - c.cmnd).clamp(0.0, 1.0);
                    frame.voiced = true;
                }
                None => {
                    frame.f0_hz = 0.0;
                    frame.voiced = false;
                }
            }
        } else {
            frame.f0_hz = 0.0;
            frame.voiced = false;
        }
        if t > 0 {
            state = back[t * states + state] as usize;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(t: usize, f0: f64, conf: f64) -> PitchFrame {
        PitchFrame {
            time_s: t as f64 * 0.02,
            f0_hz: f0,
            confidence: conf,
            voiced: f0 > 0.0,
        }
    }

    #[test]
    fn median_removes_isolated_octave_jump() {
        let mut frames: Vec<PitchFrame> = (0..9).map(|t| frame(t, 220.0, 0.9)).collect();
        frames[4].f0_hz = 440.0;
        frames[6] = frame(6, 0.0, 0.1);
        median_smooth(&mut frames, 5);
        for (t, f) in frames.iter().enumerate() {
            if t == 6 {
                assert!(!f.voiced && f.f0_hz == 0.0);
            } else {
                assert!((f.f0_hz - 220.0).abs() < 1e-9, "{t}: {f:?}");
            }
        }
        // Width 0/1 is a no-op; even widths act as the next odd one.
        let mut a: Vec<PitchFrame> = (0..5).map(|t| frame(t, 100.0 + t as f64, 0.9)).collect();
        let orig = a.clone();
        median_smooth(&mut a, 1);
        assert_eq!(a, orig);
        let mut b = orig.clone();
        let mut c = orig.clone();
        median_smooth(&mut b, 2);
        median_smooth(&mut c, 3);
        assert_eq!(b, c);
    }

    #[test]
    fn probabilities_follow_threshold_rule() {
        let w = threshold_weights(0.15);
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let mut p = Vec::new();
        // A shallow short-lag dip and a deep long-lag one.
        let cands = [
            PitchCandidate {
                f0_hz: 440.0,
                cmnd: 0.3,
            },
            PitchCandidate {
                f0_hz: 220.0,
                cmnd: 0.02,
            },
        ];
        candidate_probs(&cands, &w, &mut p);
        // Thresholds above 0.3 choose 440 Hz, those in (0.02, 0.3] choose 220 Hz.
        assert!(p[1] > p[0] && p[0] > 0.0);
        // Thresholds 0.01 and 0.02 find no dip: only 1% of their weight counts.
        assert!(p[0] + p[1] > 0.95 && p[0] + p[1] < 1.0);
    }

    #[test]
    fn hmm_fixes_octave_error_with_candidates() {
        let n = 40;
        let mut frames = Vec::new();
        let mut cands = Vec::new();
        for t in 0..n {
            let mut list = vec![
                PitchCandidate {
                    f0_hz: 440.0,
                    cmnd: 0.4,
                },
                PitchCandidate {
                    f0_hz: 220.0,
                    cmnd: 0.05,
                },
            ];
            if t == 20 {
                // One frame where the subharmonic looks better.
                list[1].cmnd = 0.2;
                list.push(PitchCandidate {
                    f0_hz: 110.0,
                    cmnd: 0.1,
                });
            }
            cands.push(PitchCandidates::from_slice(&list));
            frames.push(frame(t, if t == 20 { 110.0 } else { 220.0 }, 0.9));
        }
        hmm_smooth_candidates(&mut frames, &cands, &HmmConfig::default()).unwrap();
        for f in &frames {
            assert!(f.voiced && (f.f0_hz - 220.0).abs() < 1e-9, "{f:?}");
        }
    }

    #[test]
    fn hmm_smooth_keeps_a_steady_track_and_drops_a_blip() {
        let mut frames: Vec<PitchFrame> = (0..30).map(|t| frame(t, 0.0, 0.1)).collect();
        for f in frames.iter_mut().take(25).skip(5) {
            f.f0_hz = 300.0;
            f.voiced = true;
            f.confidence = 0.95;
        }
        // An isolated, low-confidence voiced frame in the silence.
        frames[28].f0_hz = 1200.0;
        frames[28].voiced = true;
        frames[28].confidence = 0.55;
        hmm_smooth(&mut frames, &HmmConfig::default());
        for (t, f) in frames.iter().enumerate() {
            if (5..25).contains(&t) {
                assert!(f.voiced && (f.f0_hz - 300.0).abs() < 1e-9, "{t} {f:?}");
            } else {
                assert!(!f.voiced && f.f0_hz == 0.0, "{t} {f:?}");
            }
        }
    }

    #[test]
    fn config_validation_and_length_mismatch() {
        assert!(HmmConfig::default().validate().is_ok());
        let bad = HmmConfig {
            bin_cents: 0.0,
            ..HmmConfig::default()
        };
        assert_eq!(bad.validate().unwrap_err().field, "bin_cents");
        let bad = HmmConfig {
            f_max_hz: 30.0,
            ..HmmConfig::default()
        };
        assert_eq!(bad.validate().unwrap_err().field, "f_max_hz");
        let mut frames = vec![frame(0, 100.0, 0.9)];
        let e = hmm_smooth_candidates(&mut frames, &[], &HmmConfig::default()).unwrap_err();
        assert_eq!(e.field, "candidates");
        // Invalid config: hmm_smooth leaves frames alone.
        let orig = frames.clone();
        hmm_smooth(
            &mut frames,
            &HmmConfig {
                yin_trust: 2.0,
                ..HmmConfig::default()
            },
        );
        assert_eq!(frames, orig);
    }
}
