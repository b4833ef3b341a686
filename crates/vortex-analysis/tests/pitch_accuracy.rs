//! Accuracy of the YIN pitch detector on synthetic signals with known pitch.
//!
//! Every signal is generated here, at 44.1 and 48 kHz, and analysed with the default
//! [`PitchConfig`] (2048-sample window, 1024-sample hop, 40..2000 Hz) in 1024-sample
//! batches. Families:
//!
//! - `sine`: 30 log-spaced frequencies from 40 to 2000 Hz, 1 s each.
//! - `missing-f0`: harmonics 2..=6 of f0 (equal amplitudes, fixed phases, no energy at
//!   f0), f0 log-spaced 40..2000 Hz; YIN must report f0.
//! - `square`, `saw`: band-limited (additive synthesis of all harmonics below 0.45 fs,
//!   amplitudes 1/k; odd harmonics only for the square), f0 log-spaced 40..2000 Hz.
//! - `vibrato`: sine and sawtooth carriers (60, 110, 220, 440, 880, 1500 Hz) with
//!   +-50 cents of sinusoidal vibrato at 5 and 6 Hz, 2 s each.
//! - `glide`: exponential glides over 2 s (100->400, 400->100, 40->160, 500->2000 Hz),
//!   sine and sawtooth.
//!
//! The ground truth of a frame is the instantaneous frequency at the frame centre
//! (`time_s`); the generators advance the phase by `f((n + 1/2) / fs) / fs` per sample so
//! that this matches the detector's convention `(k * hop + window / 2) / fs`. Every
//! analysed window lies inside its signal (the first frame starts at sample 0, no frame
//! runs past the end), so no frame is excluded from scoring, glides included.
//!
//! Each voiced family is scored clean and with white or pink noise (pink: Paul Kellet's
//! refined filter on Gaussian white noise) at 20, 10 and 0 dB SNR (signal RMS to noise
//! RMS over the whole signal). Metrics per condition:
//!
//! - RPA, raw pitch accuracy: frames reported voiced with |error| <= 50 cents, over all
//!   frames (an unvoiced decision on a voiced frame is a miss).
//! - GPE, gross pitch error: voiced-reported frames off by more than 20% (the usual
//!   definition), over voiced-reported frames.
//! - >50c: voiced-reported frames off by more than 50 cents, over voiced-reported frames.
//! - miss: frames reported unvoiced, over all frames.
//! - |c|: mean absolute error in cents of the frames within 50 cents.
//!
//! Noise-only signals (white and pink at three levels) and digital silence are scored by
//! the voicing false-alarm rate.
//!
//! Thresholds asserted (per family, noise type and sample rate): RPA >= 99% clean, >= 98%
//! at 20 dB, >= 95% at 10 dB; false voicing < 5% on noise and exactly 0 on silence. At
//! 0 dB the periodic and aperiodic powers are equal, so the confidence (`1 - d'`, about
//! the periodic power fraction) is about 0.5 or a little less, right at the default
//! voicing threshold, and most frames are called unvoiced by design (the threshold cannot
//! be lowered much: pink noise alone reaches confidences of about 0.43). There we assert
//! only that the frames reported voiced are mostly right (GPE <= 15% and at most 25% off
//! by more than 50 cents) and that RPA is at least 10%.

use vortex_analysis::pitch::{PitchConfig, PitchDetector, PitchFrame};

const RATES: [f64; 2] = [44_100.0, 48_000.0];
const BATCH: usize = 1024;

/// Deterministic generator: xorshift64* with Box-Muller Gaussian samples.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let v = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        ((v >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn gauss(&mut self) -> f64 {
        let (u1, u2) = (self.uniform(), self.uniform());
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

fn white_noise(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| rng.gauss()).collect()
}

/// Pink (1/f) noise: Paul Kellet's refined filter (within 0.05 dB of -3 dB/octave above
/// about 9 Hz at 44.1 kHz) driven by Gaussian white noise.
fn pink_noise(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let mut b = [0.0f64; 7];
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let white = rng.gauss();
        b[0] = 0.99886 * b[0] + white * 0.0555179;
        b[1] = 0.99332 * b[1] + white * 0.0750759;
        b[2] = 0.96900 * b[2] + white * 0.1538520;
        b[3] = 0.86650 * b[3] + white * 0.3104856;
        b[4] = 0.55000 * b[4] + white * 0.5329522;
        b[5] = -0.7616 * b[5] - white * 0.0168980;
        out.push(b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + white * 0.5362);
        b[6] = white * 0.115926;
    }
    out
}

fn rms(x: &[f64]) -> f64 {
    (x.iter().map(|v| v * v).sum::<f64>() / x.len() as f64).sqrt()
}

/// Pitch trajectory: frequency in Hz at time t (seconds).
#[derive(Clone, Copy, Debug)]
enum Track {
    Constant(f64),
    /// Carrier (Hz), depth (cents), rate (Hz).
    Vibrato(f64, f64, f64),
    /// Exponential glide from, to (Hz) over the signal's duration (s).
    Glide(f64, f64, f64),
}

impl Track {
    fn freq(&self, t: f64) -> f64 {
        match *self {
            Track::Constant(f) => f,
            Track::Vibrato(fc, cents, rate) => {
                fc * (cents / 1200.0 * (2.0 * std::f64::consts::PI * rate * t).sin()).exp2()
            }
            Track::Glide(a, b, dur) => a * (b / a).powf((t / dur).clamp(0.0, 1.0)),
        }
    }

    fn max_freq(&self) -> f64 {
        match *self {
            Track::Constant(f) => f,
            Track::Vibrato(fc, cents, _) => fc * (cents / 1200.0).exp2(),
            Track::Glide(a, b, _) => a.max(b),
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Wave {
    Sine,
    /// Harmonics 2..=6, equal amplitudes.
    MissingFundamental,
    /// Band-limited square (odd harmonics, 1/k).
    Square,
    /// Band-limited sawtooth (all harmonics, 1/k).
    Saw,
}

/// `n` samples of `wave` following `track` at `fs`, peak-normalised to 0.5.
fn synth(wave: Wave, track: Track, fs: f64, n: usize) -> Vec<f64> {
    let kmax = ((0.45 * fs / track.max_freq()).floor() as usize).max(1);
    let mut phase = 0.0f64;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let v = match wave {
            Wave::Sine => phase.sin(),
            Wave::MissingFundamental => (2..=6usize.min(kmax.max(2)))
                .map(|k| (k as f64 * phase + 0.7 * k as f64).sin())
                .sum(),
            Wave::Square | Wave::Saw => {
                // sin(k phase) by the Chebyshev recurrence.
                let c2 = 2.0 * phase.cos();
                let (mut s_prev, mut s) = (0.0, phase.sin());
                let mut acc = 0.0;
                for k in 1..=kmax {
                    let odd = k % 2 == 1;
                    match wave {
                        Wave::Square if odd => acc += s / k as f64,
                        Wave::Saw => acc += if odd { s } else { -s } / k as f64,
                        _ => {}
                    }
                    let next = c2 * s - s_prev;
                    s_prev = s;
                    s = next;
                }
                acc
            }
        };
        out.push(v);
        let f = track.freq((i as f64 + 0.5) / fs);
        phase = (phase + 2.0 * std::f64::consts::PI * f / fs) % (2.0 * std::f64::consts::PI);
    }
    let peak = out.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    out.iter_mut().for_each(|v| *v *= 0.5 / peak);
    out
}

fn analyse(x: &[f32], fs: f64) -> Vec<PitchFrame> {
    let mut det = PitchDetector::new(&PitchConfig::default(), fs).unwrap();
    let mut frames = Vec::new();
    for chunk in x.chunks(BATCH) {
        det.process(chunk, |f| frames.push(*f));
    }
    frames
}

#[derive(Default, Clone, Copy)]
struct Score {
    frames: usize,
    within_50: usize,
    voiced: usize,
    gross: usize,
    over_50: usize,
    /// Sum of |error| in cents over the frames within 50 cents.
    abs_cents: f64,
}

impl Score {
    fn add(&mut self, other: &Score) {
        self.frames += other.frames;
        self.within_50 += other.within_50;
        self.voiced += other.voiced;
        self.gross += other.gross;
        self.over_50 += other.over_50;
        self.abs_cents += other.abs_cents;
    }

    fn mean_abs_cents(&self) -> f64 {
        self.abs_cents / self.within_50.max(1) as f64
    }

    fn rpa(&self) -> f64 {
        100.0 * self.within_50 as f64 / self.frames.max(1) as f64
    }

    fn gpe(&self) -> f64 {
        100.0 * self.gross as f64 / self.voiced.max(1) as f64
    }

    fn over_50(&self) -> f64 {
        100.0 * self.over_50 as f64 / self.voiced.max(1) as f64
    }

    fn miss(&self) -> f64 {
        100.0 * (self.frames - self.voiced) as f64 / self.frames.max(1) as f64
    }
}

fn score(frames: &[PitchFrame], track: Track) -> Score {
    let mut s = Score::default();
    for f in frames {
        let truth = track.freq(f.time_s);
        s.frames += 1;
        if f.voiced {
            s.voiced += 1;
            let cents = 1200.0 * (f.f0_hz / truth).log2();
            if cents.abs() <= 50.0 {
                s.within_50 += 1;
                s.abs_cents += cents.abs();
            } else {
                s.over_50 += 1;
            }
            if (f.f0_hz / truth - 1.0).abs() > 0.2 {
                s.gross += 1;
            }
        }
    }
    s
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Noise {
    Clean,
    White(f64),
    Pink(f64),
}

impl Noise {
    fn label(&self) -> String {
        match self {
            Noise::Clean => "clean".into(),
            Noise::White(db) => format!("white {db:>2} dB"),
            Noise::Pink(db) => format!("pink  {db:>2} dB"),
        }
    }

    fn required_rpa(&self) -> f64 {
        match self {
            Noise::Clean => 99.0,
            Noise::White(db) | Noise::Pink(db) if *db >= 20.0 => 98.0,
            Noise::White(db) | Noise::Pink(db) if *db >= 10.0 => 95.0,
            _ => 10.0,
        }
    }
}

fn add_noise(clean: &[f64], noise: Noise, seed: u64) -> Vec<f32> {
    let (db, n) = match noise {
        Noise::Clean => return clean.iter().map(|&v| v as f32).collect(),
        Noise::White(db) => (db, white_noise(clean.len(), seed)),
        Noise::Pink(db) => (db, pink_noise(clean.len(), seed)),
    };
    let gain = rms(clean) / rms(&n) / 10f64.powf(db / 20.0);
    clean
        .iter()
        .zip(&n)
        .map(|(&s, &v)| (s + gain * v) as f32)
        .collect()
}

struct Signal {
    family: &'static str,
    track: Track,
    samples: Vec<f64>,
}

fn log_spaced(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| lo * (hi / lo).powf(i as f64 / (n - 1) as f64))
        .collect()
}

fn voiced_signals(fs: f64) -> Vec<Signal> {
    let mut out = Vec::new();
    let one_s = fs as usize;
    let two_s = 2 * one_s;
    let freqs = log_spaced(40.0, 2000.0, 30);
    for (family, wave) in [
        ("sine", Wave::Sine),
        ("missing-f0", Wave::MissingFundamental),
        ("square", Wave::Square),
        ("saw", Wave::Saw),
    ] {
        for &f in &freqs {
            let track = Track::Constant(f);
            out.push(Signal {
                family,
                track,
                samples: synth(wave, track, fs, one_s),
            });
        }
    }
    for (i, &fc) in [60.0, 110.0, 220.0, 440.0, 880.0, 1500.0]
        .iter()
        .enumerate()
    {
        let rate = if i % 2 == 0 { 5.0 } else { 6.0 };
        let track = Track::Vibrato(fc, 50.0, rate);
        for wave in [Wave::Sine, Wave::Saw] {
            out.push(Signal {
                family: "vibrato",
                track,
                samples: synth(wave, track, fs, two_s),
            });
        }
    }
    for (a, b) in [
        (100.0, 400.0),
        (400.0, 100.0),
        (40.0, 160.0),
        (500.0, 2000.0),
    ] {
        let track = Track::Glide(a, b, two_s as f64 / fs);
        for wave in [Wave::Sine, Wave::Saw] {
            out.push(Signal {
                family: "glide",
                track,
                samples: synth(wave, track, fs, two_s),
            });
        }
    }
    out
}

const FAMILIES: [&str; 6] = ["sine", "missing-f0", "square", "saw", "vibrato", "glide"];

#[test]
fn pitch_accuracy_on_synthetic_signals() {
    let conditions = [
        Noise::Clean,
        Noise::White(20.0),
        Noise::White(10.0),
        Noise::White(0.0),
        Noise::Pink(20.0),
        Noise::Pink(10.0),
        Noise::Pink(0.0),
    ];
    let mut failures = Vec::new();
    println!(
        "{:>6} {:<11} {:<12} {:>6} {:>7} {:>6} {:>6} {:>6} {:>6}  worst signal (RPA)",
        "fs", "family", "condition", "frames", "RPA%", "GPE%", ">50c%", "miss%", "|c|"
    );
    for fs in RATES {
        let signals = voiced_signals(fs);
        for noise in conditions {
            for family in FAMILIES {
                let mut total = Score::default();
                let mut worst: Option<(f64, Track)> = None;
                for (i, sig) in signals
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.family == family)
                {
                    let x = add_noise(&sig.samples, noise, 1000 + i as u64);
                    let s = score(&analyse(&x, fs), sig.track);
                    if worst.is_none_or(|(r, _)| s.rpa() < r) {
                        worst = Some((s.rpa(), sig.track));
                    }
                    total.add(&s);
                }
                let (worst_rpa, worst_track) = worst.unwrap();
                println!(
                    "{:>6} {:<11} {:<12} {:>6} {:>7.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2}  {:?} ({:.1})",
                    fs,
                    family,
                    noise.label(),
                    total.frames,
                    total.rpa(),
                    total.gpe(),
                    total.over_50(),
                    total.miss(),
                    total.mean_abs_cents(),
                    worst_track,
                    worst_rpa
                );
                if total.rpa() < noise.required_rpa() {
                    failures.push(format!(
                        "{fs} {family} {}: RPA {:.2}% < {}%",
                        noise.label(),
                        total.rpa(),
                        noise.required_rpa()
                    ));
                }
                let db0 = matches!(noise, Noise::White(d) | Noise::Pink(d) if d == 0.0);
                if db0 && (total.gpe() > 15.0 || total.over_50() > 25.0) {
                    failures.push(format!(
                        "{fs} {family} {}: GPE {:.2}% > 15% or >50c {:.2}% > 25%",
                        noise.label(),
                        total.gpe(),
                        total.over_50()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn noise_and_silence_are_unvoiced() {
    println!(
        "{:>6} {:<24} {:>6} {:>8} {:>9} {:>9}",
        "fs", "signal", "frames", "voiced%", "conf p99", "conf max"
    );
    let mut failures = Vec::new();
    for fs in RATES {
        let n = 5 * fs as usize;
        let mut cases: Vec<(String, Vec<f32>, f64)> = Vec::new();
        for (k, level) in [0.3, 0.01, 1e-4].into_iter().enumerate() {
            for (name, noise) in [
                ("white", white_noise(n, 77 + k as u64)),
                ("pink", pink_noise(n, 99 + k as u64)),
            ] {
                let gain = level / rms(&noise);
                cases.push((
                    format!("{name} noise rms {level}"),
                    noise.iter().map(|&v| (gain * v) as f32).collect(),
                    5.0,
                ));
            }
        }
        cases.push(("silence".into(), vec![0.0; n], 0.0));
        for (name, x, max_percent) in cases {
            let frames = analyse(&x, fs);
            let voiced = frames.iter().filter(|f| f.voiced).count();
            let rate = 100.0 * voiced as f64 / frames.len() as f64;
            let mut conf: Vec<f64> = frames.iter().map(|f| f.confidence).collect();
            conf.sort_by(f64::total_cmp);
            let p99 = conf[(conf.len() * 99 / 100).min(conf.len() - 1)];
            let max = conf[conf.len() - 1];
            println!(
                "{fs:>6} {name:<24} {:>6} {rate:>8.2} {p99:>9.3} {max:>9.3}",
                frames.len()
            );
            let ok = if max_percent == 0.0 {
                voiced == 0
            } else {
                rate < max_percent
            };
            if !ok {
                failures.push(format!("{fs} {name}: {rate:.2}% voiced"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Offline smoothing on the same signals (44.1 kHz): raw frames, a 5-frame median, the
/// HMM from frames only, and the HMM over the detector's candidates. Reported; the
/// assertions only guard against the smoothers making clean and 10 dB tracks worse.
#[test]
fn offline_smoothing_report() {
    use vortex_analysis::pitch::PitchCandidates;
    use vortex_analysis::pitch_smoothing::{
        HmmConfig, hmm_smooth, hmm_smooth_candidates, median_smooth,
    };
    let fs = 44_100.0;
    let signals = voiced_signals(fs);
    let hmm = HmmConfig::default();
    println!(
        "{:<11} {:<12} {:>8} {:>8} {:>8} {:>8}   (RPA% / GPE%)",
        "family", "condition", "raw", "median5", "hmm", "hmm+cand"
    );
    let mut failures = Vec::new();
    for noise in [
        Noise::Clean,
        Noise::White(10.0),
        Noise::Pink(10.0),
        Noise::White(0.0),
        Noise::Pink(0.0),
    ] {
        for family in FAMILIES {
            let mut totals = [Score::default(); 4];
            for (i, sig) in signals
                .iter()
                .enumerate()
                .filter(|(_, s)| s.family == family)
            {
                let x = add_noise(&sig.samples, noise, 1000 + i as u64);
                let mut det = PitchDetector::new(&PitchConfig::default(), fs).unwrap();
                let mut frames = Vec::new();
                let mut cands: Vec<PitchCandidates> = Vec::new();
                for chunk in x.chunks(BATCH) {
                    det.process_with_candidates(chunk, |f, c| {
                        frames.push(*f);
                        cands.push(*c);
                    });
                }
                let mut median = frames.clone();
                median_smooth(&mut median, 5);
                let mut hmm_frames = frames.clone();
                hmm_smooth(&mut hmm_frames, &hmm);
                let mut hmm_cand = frames.clone();
                hmm_smooth_candidates(&mut hmm_cand, &cands, &hmm).unwrap();
                for (t, f) in totals
                    .iter_mut()
                    .zip([&frames, &median, &hmm_frames, &hmm_cand])
                {
                    t.add(&score(f, sig.track));
                }
            }
            let cell = |s: &Score| format!("{:.1}/{:.1}", s.rpa(), s.gpe());
            println!(
                "{:<11} {:<12} {:>8} {:>8} {:>8} {:>8}",
                family,
                noise.label(),
                cell(&totals[0]),
                cell(&totals[1]),
                cell(&totals[2]),
                cell(&totals[3])
            );
            let strict = matches!(noise, Noise::Clean | Noise::White(10.0) | Noise::Pink(10.0));
            for (name, t) in ["median5", "hmm", "hmm+cand"].iter().zip(&totals[1..]) {
                if strict && t.rpa() < totals[0].rpa() - 1.0 {
                    failures.push(format!(
                        "{family} {} {name}: RPA {:.2}% vs raw {:.2}%",
                        noise.label(),
                        t.rpa(),
                        totals[0].rpa()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
