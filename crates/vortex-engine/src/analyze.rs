//! File analysis: decode a file and run the analyzers over it in batches, as the live
//! monitor will, collecting a summary, a pitch track and a timeline.

use crate::decode::{DecodeError, DecodeOptions, Decoder};
use std::path::Path;
use vortex_analysis::AnalysisError;
use vortex_analysis::levels::{LevelConfig, LevelMeter, amp_db, power_db};
use vortex_analysis::loudness::LoudnessMeter;
use vortex_analysis::note::NoteMapper;
use vortex_analysis::pitch::{PitchCandidates, PitchConfig, PitchDetector, PitchFrame};
use vortex_analysis::pitch_smoothing::{HmmConfig, hmm_smooth_candidates, median_smooth};
use vortex_analysis::spectrum::{Spectrum, SpectrumConfig};
use vortex_dsp::PlanarBuf;

/// Offline smoothing of the pitch track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PitchSmoothing {
    /// Raw frames (what a live tuner shows).
    #[default]
    None,
    /// Running median over this many frames (odd).
    Median(usize),
    /// Viterbi decoding over each frame's period candidates (pYIN-style).
    Hmm,
}

/// What to measure and how.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    /// Levels per channel (RMS, peak, true peak, clips).
    pub levels: bool,
    /// Loudness (EBU R128).
    pub loudness: bool,
    /// Pitch track (on the channels' average).
    pub pitch: bool,
    /// Average and peak spectrum (on the channels' average).
    pub spectrum: bool,
    /// Samples per analysis batch (the live path uses 1024).
    pub batch: usize,
    /// Pitch detector settings.
    pub pitch_config: PitchConfig,
    /// Reference for note names, Hz (415..=466).
    pub a4_hz: f64,
    /// Smoothing of the pitch track.
    pub smoothing: PitchSmoothing,
    /// Spectrum settings (smoothing and peak hold are ignored: the report has the
    /// average and the maximum of the raw band levels).
    pub spectrum_config: SpectrumConfig,
    /// Interval of the levels/loudness timeline, seconds; `None` for no timeline.
    pub timeline_interval_s: Option<f64>,
    /// Decoder limits.
    pub decode: DecodeOptions,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        Self {
            levels: true,
            loudness: true,
            pitch: false,
            spectrum: false,
            batch: 1024,
            pitch_config: PitchConfig::default(),
            a4_hz: 440.0,
            smoothing: PitchSmoothing::None,
            spectrum_config: SpectrumConfig::default(),
            timeline_interval_s: None,
            decode: DecodeOptions::default(),
        }
    }
}

/// Why a file could not be analysed.
#[derive(Debug, thiserror::Error)]
pub enum AnalyzeError {
    /// The file could not be decoded.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// An analyzer setting is invalid for this file.
    #[error("{file}: {error}")]
    Settings {
        /// The file.
        file: String,
        /// The bad setting.
        error: AnalysisError,
    },
}

/// Levels of one channel over the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelSummary {
    /// RMS, dBFS.
    pub rms_db: f32,
    /// Sample peak, dBFS.
    pub peak_db: f32,
    /// True peak, dBTP.
    pub true_peak_db: f32,
    /// Samples at or beyond full scale.
    pub clips: u64,
}

/// Loudness over the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct LoudnessSummary {
    /// Integrated loudness, LUFS.
    pub integrated_lufs: f64,
    /// Loudness range, LU.
    pub range_lu: f64,
    /// Highest momentary loudness, LUFS.
    pub max_momentary_lufs: f64,
    /// Highest short-term loudness, LUFS.
    pub max_short_term_lufs: f64,
}

/// One pitch frame, with its note.
#[derive(Debug, Clone, PartialEq)]
pub struct PitchRow {
    /// Centre of the analysed window, seconds.
    pub time_s: f64,
    /// Fundamental frequency, Hz (0 when unvoiced).
    pub f0_hz: f64,
    /// Confidence, 0..1.
    pub confidence: f64,
    /// Note name and octave (`A4`), empty when unvoiced.
    pub note: String,
    /// Offset from the note, cents (0 when unvoiced).
    pub cents: f64,
}

/// Average and maximum band levels.
#[derive(Debug, Clone, PartialEq)]
pub struct SpectrumSummary {
    /// Band centres, Hz.
    pub centres_hz: Vec<f64>,
    /// Mean band power over the file, dBFS.
    pub average_db: Vec<f32>,
    /// Highest band level seen, dBFS.
    pub max_db: Vec<f32>,
}

/// Levels and loudness at one point of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    /// End of the interval, seconds.
    pub time_s: f64,
    /// RMS per channel over the meter's window, dBFS.
    pub rms_db: Vec<f32>,
    /// Sample peak per channel over the interval, dBFS.
    pub peak_db: Vec<f32>,
    /// Momentary loudness, LUFS.
    pub momentary_lufs: f64,
    /// Short-term loudness, LUFS.
    pub short_term_lufs: f64,
}

/// Everything measured.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisReport {
    /// Sample rate, Hz.
    pub sample_rate: u32,
    /// Channels.
    pub channels: usize,
    /// Duration, seconds.
    pub duration_s: f64,
    /// Levels per channel, if asked.
    pub levels: Option<Vec<ChannelSummary>>,
    /// Loudness, if asked.
    pub loudness: Option<LoudnessSummary>,
    /// Pitch track, if asked.
    pub pitch: Option<Vec<PitchRow>>,
    /// Spectrum, if asked.
    pub spectrum: Option<SpectrumSummary>,
    /// Timeline, if asked.
    pub timeline: Vec<TimelineRow>,
}

/// Analyses `path` as `opts` says.
pub fn analyze_file(path: &Path, opts: &AnalyzeOptions) -> Result<AnalysisReport, AnalyzeError> {
    let mut decoder = Decoder::open(path, &opts.decode)?;
    let info = decoder.info().clone();
    let fs = f64::from(info.sample_rate);
    let settings = |error| AnalyzeError::Settings {
        file: path.display().to_string(),
        error,
    };
    let mut levels =
        LevelMeter::new(&LevelConfig::default(), fs, info.channels).map_err(settings)?;
    let mut loudness = LoudnessMeter::new(fs, info.channels).map_err(settings)?;
    let mut pitch = if opts.pitch {
        Some(PitchDetector::new(&opts.pitch_config, fs).map_err(settings)?)
    } else {
        None
    };
    let notes = NoteMapper::new(opts.a4_hz).map_err(settings)?;
    let mut spectrum = if opts.spectrum {
        Some(Spectrum::new(&opts.spectrum_config, fs).map_err(settings)?)
    } else {
        None
    };

    let batch = opts.batch.max(1);
    let mut buf = PlanarBuf::new(info.channels, batch);
    let mut mono = vec![0.0f32; batch];
    let mut frames: Vec<PitchFrame> = Vec::new();
    let keep_candidates = opts.smoothing == PitchSmoothing::Hmm;
    let mut candidates: Vec<PitchCandidates> = Vec::new();
    let mut spec_sum: Vec<f64> = Vec::new();
    let mut spec_max: Vec<f32> = Vec::new();
    let mut spec_updates = 0u64;
    let (mut max_m, mut max_s) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut timeline = Vec::new();
    let mut next_tick = opts.timeline_interval_s.filter(|&i| i > 0.0);
    let mut interval_peak = vec![0.0f32; info.channels];
    let mut total = 0u64;
    loop {
        let n = decoder.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let chans: Vec<&[f32]> = (0..info.channels).map(|c| &buf.channel(c)[..n]).collect();
        if opts.levels || next_tick.is_some() {
            levels.process(&chans);
        }
        if opts.loudness || next_tick.is_some() {
            loudness.process(&chans);
            max_m = max_m.max(loudness.momentary_lufs());
            max_s = max_s.max(loudness.short_term_lufs());
        }
        if pitch.is_some() || spectrum.is_some() {
            let scale = 1.0 / info.channels as f32;
            for (i, m) in mono[..n].iter_mut().enumerate() {
                *m = chans.iter().map(|c| c[i]).sum::<f32>() * scale;
            }
        }
        if let Some(p) = pitch.as_mut() {
            p.process_with_candidates(&mono[..n], |f, c| {
                frames.push(*f);
                if keep_candidates {
                    candidates.push(*c);
                }
            });
        }
        if let Some(s) = spectrum.as_mut() {
            s.push(&mono[..n]);
            s.update(n as f64 / fs);
            let raw = s.raw_db();
            if spec_sum.is_empty() {
                spec_sum = vec![0.0; raw.len()];
                spec_max = vec![f32::NEG_INFINITY; raw.len()];
            }
            for ((sum, max), &db) in spec_sum.iter_mut().zip(spec_max.iter_mut()).zip(raw) {
                *sum += 10f64.powf(f64::from(db) / 10.0);
                *max = max.max(db);
            }
            spec_updates += 1;
        }
        for (c, p) in interval_peak.iter_mut().enumerate() {
            *p = chans[c].iter().fold(*p, |m, v| m.max(v.abs()));
        }
        total += n as u64;
        if let Some(tick) = next_tick.as_mut() {
            let t = total as f64 / fs;
            if t + 1e-9 >= *tick {
                timeline.push(TimelineRow {
                    time_s: t,
                    rms_db: (0..info.channels)
                        .map(|c| levels.channel(c).rms_db)
                        .collect(),
                    peak_db: interval_peak.iter().map(|&p| amp_db(p)).collect(),
                    momentary_lufs: loudness.momentary_lufs(),
                    short_term_lufs: loudness.short_term_lufs(),
                });
                interval_peak.iter_mut().for_each(|p| *p = 0.0);
                *tick += opts.timeline_interval_s.unwrap_or(1.0);
            }
        }
    }

    match opts.smoothing {
        PitchSmoothing::None => {}
        PitchSmoothing::Median(w) => median_smooth(&mut frames, w),
        PitchSmoothing::Hmm => {
            hmm_smooth_candidates(&mut frames, &candidates, &HmmConfig::default())
                .map_err(settings)?
        }
    }
    Ok(AnalysisReport {
        sample_rate: info.sample_rate,
        channels: info.channels,
        duration_s: total as f64 / fs,
        levels: opts.levels.then(|| {
            (0..info.channels)
                .map(|c| {
                    let s = levels.summary(c);
                    ChannelSummary {
                        rms_db: s.rms_db,
                        peak_db: s.peak_db,
                        true_peak_db: s.true_peak_db,
                        clips: s.clips,
                    }
                })
                .collect()
        }),
        loudness: opts.loudness.then(|| LoudnessSummary {
            integrated_lufs: loudness.integrated_lufs(),
            range_lu: loudness.loudness_range_lu(),
            max_momentary_lufs: max_m,
            max_short_term_lufs: max_s,
        }),
        pitch: pitch.map(|_| frames.iter().map(|f| pitch_row(f, &notes)).collect()),
        spectrum: spectrum.map(|s| SpectrumSummary {
            centres_hz: s.centres_hz().to_vec(),
            average_db: spec_sum
                .iter()
                .map(|&p| power_db(p / spec_updates.max(1) as f64))
                .collect(),
            max_db: spec_max,
        }),
        timeline,
    })
}

fn pitch_row(f: &PitchFrame, notes: &NoteMapper) -> PitchRow {
    let note = f.voiced.then(|| notes.map(f.f0_hz)).flatten();
    PitchRow {
        time_s: f.time_s,
        f0_hz: if f.voiced { f.f0_hz } else { 0.0 },
        confidence: f.confidence,
        note: note.as_ref().map(ToString::to_string).unwrap_or_default(),
        cents: note.map_or(0.0, |n| n.cents),
    }
}
