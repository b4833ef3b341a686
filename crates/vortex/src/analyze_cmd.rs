//! `vortex analyze`: levels, loudness, pitch and spectrum of a file, as a table, CSV or JSON.

use crate::{EXIT_CONFIG, EXIT_FAILED, EXIT_OK};
use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::PathBuf;
use vortex_analysis::bands::BandLayout;
use vortex_analysis::levels::FLOOR_DB;
use vortex_engine::analyze::{
    AnalysisReport, AnalyzeError, AnalyzeOptions, PitchSmoothing, analyze_file,
};

/// Output format.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for reading.
    Table,
    /// Comma-separated values (one block per section, each after a `# section` line).
    Csv,
    /// One JSON object.
    Json,
}

/// Offline pitch smoothing.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Smoothing {
    /// Raw frames.
    None,
    /// 5-frame running median.
    Median,
    /// HMM / Viterbi (pYIN-style).
    Hmm,
}

#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// Audio file.
    file: PathBuf,
    /// Levels per channel: RMS, sample peak, true peak, clips.
    #[arg(long)]
    levels: bool,
    /// Loudness (EBU R128): integrated, range, maximum momentary and short-term.
    #[arg(long)]
    loudness: bool,
    /// Pitch track: one row per hop (time_s, f0_hz, confidence, note, cents).
    #[arg(long)]
    pitch: bool,
    /// Average and maximum spectrum in fractional-octave bands.
    #[arg(long)]
    spectrum: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Levels and loudness over time, every this many seconds.
    #[arg(long)]
    timeline: Option<f64>,
    /// Reference pitch A4, Hz (415..466).
    #[arg(long, default_value_t = 440.0)]
    a4: f64,
    /// Pitch analysis window, samples.
    #[arg(long, default_value_t = 2048)]
    window: usize,
    /// Pitch hop, samples.
    #[arg(long, default_value_t = 1024)]
    hop: usize,
    /// Lowest pitch searched, Hz.
    #[arg(long, default_value_t = 40.0)]
    fmin: f64,
    /// Highest pitch searched, Hz.
    #[arg(long, default_value_t = 2000.0)]
    fmax: f64,
    /// Pitch smoothing (offline).
    #[arg(long, value_enum, default_value = "none")]
    smoothing: Smoothing,
    /// Spectrum FFT size (512..32768).
    #[arg(long, default_value_t = 4096)]
    fft_size: usize,
    /// Spectrum bands per octave (1..24).
    #[arg(long, default_value_t = 3)]
    bands_per_octave: u32,
}

pub fn run(args: AnalyzeArgs) -> u8 {
    let none = !(args.levels || args.loudness || args.pitch || args.spectrum);
    let mut opts = AnalyzeOptions {
        levels: args.levels || none,
        loudness: args.loudness || none,
        pitch: args.pitch,
        spectrum: args.spectrum,
        a4_hz: args.a4,
        timeline_interval_s: args.timeline,
        smoothing: match args.smoothing {
            Smoothing::None => PitchSmoothing::None,
            Smoothing::Median => PitchSmoothing::Median(5),
            Smoothing::Hmm => PitchSmoothing::Hmm,
        },
        ..AnalyzeOptions::default()
    };
    opts.pitch_config.window = args.window;
    opts.pitch_config.hop = args.hop;
    opts.pitch_config.f_min_hz = args.fmin;
    opts.pitch_config.f_max_hz = args.fmax;
    opts.spectrum_config.size = args.fft_size;
    opts.spectrum_config.layout = BandLayout::Octave {
        fraction: args.bands_per_octave,
        f_min_hz: 20.0,
        f_max_hz: 20000.0,
    };
    match analyze_file(&args.file, &opts) {
        Ok(report) => {
            let text = match args.format {
                Format::Table => table(&report),
                Format::Csv => csv(&report),
                Format::Json => format!("{:#}\n", to_json(&report)),
            };
            crate::emit(&text);
            EXIT_OK
        }
        // A sample rate the analyzers cannot take is the file's problem, not a setting's.
        Err(e @ AnalyzeError::Settings { .. }) if !matches!(&e, AnalyzeError::Settings { error, .. } if error.field == "sample_rate") =>
        {
            eprintln!("vortex analyze: {e}");
            EXIT_CONFIG
        }
        Err(e) => {
            eprintln!("vortex analyze: {e}");
            EXIT_FAILED
        }
    }
}

/// True for a real measurement: finite and above the analyzers' floor (silence).
fn measured(v: f64) -> bool {
    v.is_finite() && v > f64::from(FLOOR_DB)
}

/// Numbers as JSON: the analyzers' floor and infinities become null.
fn num(v: f64) -> Value {
    if measured(v) { json!(v) } else { Value::Null }
}

fn to_json(r: &AnalysisReport) -> Value {
    let mut o = json!({
        "sample_rate": r.sample_rate,
        "channels": r.channels,
        "duration_s": r.duration_s,
    });
    if let Some(levels) = &r.levels {
        o["levels"] = levels
            .iter()
            .map(|l| {
                json!({"rms_db": num(l.rms_db.into()), "peak_db": num(l.peak_db.into()),
                       "true_peak_db": num(l.true_peak_db.into()), "clips": l.clips})
            })
            .collect();
    }
    if let Some(l) = &r.loudness {
        o["loudness"] = json!({
            "integrated_lufs": num(l.integrated_lufs), "range_lu": num(l.range_lu),
            "max_momentary_lufs": num(l.max_momentary_lufs), "max_short_term_lufs": num(l.max_short_term_lufs),
        });
    }
    if let Some(p) = &r.pitch {
        o["pitch"] = p
            .iter()
            .map(|p| json!({"time_s": p.time_s, "f0_hz": p.f0_hz, "confidence": p.confidence, "note": p.note, "cents": p.cents}))
            .collect();
    }
    if let Some(s) = &r.spectrum {
        o["spectrum"] = json!({
            "centres_hz": s.centres_hz,
            "average_db": s.average_db.iter().map(|&v| num(v.into())).collect::<Vec<_>>(),
            "max_db": s.max_db.iter().map(|&v| num(v.into())).collect::<Vec<_>>(),
        });
    }
    if !r.timeline.is_empty() {
        o["timeline"] = r
            .timeline
            .iter()
            .map(|t| {
                json!({"time_s": t.time_s,
                       "rms_db": t.rms_db.iter().map(|&v| num(v.into())).collect::<Vec<_>>(),
                       "peak_db": t.peak_db.iter().map(|&v| num(v.into())).collect::<Vec<_>>(),
                       "momentary_lufs": num(t.momentary_lufs), "short_term_lufs": num(t.short_term_lufs)})
            })
            .collect();
    }
    o
}

/// Sections as (name, header, rows), shared by the table and CSV writers.
type Section = (&'static str, Vec<String>, Vec<Vec<String>>);

fn fmt_db(v: f64) -> String {
    if measured(v) {
        format!("{v:.2}")
    } else {
        "-inf".into()
    }
}

fn sections(r: &AnalysisReport) -> Vec<Section> {
    let mut out = Vec::new();
    if let Some(levels) = &r.levels {
        let rows = levels
            .iter()
            .enumerate()
            .map(|(c, l)| {
                vec![
                    c.to_string(),
                    fmt_db(l.rms_db.into()),
                    fmt_db(l.peak_db.into()),
                    fmt_db(l.true_peak_db.into()),
                    l.clips.to_string(),
                ]
            })
            .collect();
        let header = ["channel", "rms_db", "peak_db", "true_peak_db", "clips"];
        out.push(("levels", header.map(String::from).to_vec(), rows));
    }
    if let Some(l) = &r.loudness {
        let header = [
            "integrated_lufs",
            "range_lu",
            "max_momentary_lufs",
            "max_short_term_lufs",
        ];
        let row = vec![
            fmt_db(l.integrated_lufs),
            format!("{:.2}", l.range_lu),
            fmt_db(l.max_momentary_lufs),
            fmt_db(l.max_short_term_lufs),
        ];
        out.push(("loudness", header.map(String::from).to_vec(), vec![row]));
    }
    if let Some(p) = &r.pitch {
        let rows = p
            .iter()
            .map(|p| {
                vec![
                    format!("{:.4}", p.time_s),
                    format!("{:.2}", p.f0_hz),
                    format!("{:.3}", p.confidence),
                    p.note.clone(),
                    if p.note.is_empty() {
                        String::new()
                    } else {
                        format!("{:+.1}", p.cents)
                    },
                ]
            })
            .collect();
        let header = ["time_s", "f0_hz", "confidence", "note", "cents"];
        out.push(("pitch", header.map(String::from).to_vec(), rows));
    }
    if let Some(s) = &r.spectrum {
        let rows = (0..s.centres_hz.len())
            .map(|i| {
                vec![
                    format!("{:.1}", s.centres_hz[i]),
                    fmt_db(s.average_db[i].into()),
                    fmt_db(s.max_db[i].into()),
                ]
            })
            .collect();
        let header = ["centre_hz", "average_db", "max_db"];
        out.push(("spectrum", header.map(String::from).to_vec(), rows));
    }
    if !r.timeline.is_empty() {
        let mut header = vec!["time_s".to_string()];
        for c in 0..r.channels {
            header.push(format!("rms_db_{c}"));
            header.push(format!("peak_db_{c}"));
        }
        header.extend(["momentary_lufs".to_string(), "short_term_lufs".to_string()]);
        let rows = r
            .timeline
            .iter()
            .map(|t| {
                let mut row = vec![format!("{:.3}", t.time_s)];
                for c in 0..r.channels {
                    row.push(fmt_db(t.rms_db[c].into()));
                    row.push(fmt_db(t.peak_db[c].into()));
                }
                row.push(fmt_db(t.momentary_lufs));
                row.push(fmt_db(t.short_term_lufs));
                row
            })
            .collect();
        out.push(("timeline", header, rows));
    }
    out
}

fn csv(r: &AnalysisReport) -> String {
    let secs = sections(r);
    let single = secs.len() == 1;
    let mut s = String::new();
    for (i, (name, header, rows)) in secs.iter().enumerate() {
        if !single {
            if i > 0 {
                s.push('\n');
            }
            let _ = writeln!(s, "# {name}");
        }
        let _ = writeln!(s, "{}", header.join(","));
        for row in rows {
            let _ = writeln!(s, "{}", row.join(","));
        }
    }
    s
}

fn table(r: &AnalysisReport) -> String {
    let mut s = format!(
        "{} Hz, {} channels, {:.3} s\n",
        r.sample_rate, r.channels, r.duration_s
    );
    for (name, header, rows) in sections(r) {
        let widths: Vec<usize> = (0..header.len())
            .map(|c| {
                rows.iter()
                    .map(|r| r[c].len())
                    .chain([header[c].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| {
            let cells: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:>w$}"))
                .collect();
            cells.join("  ")
        };
        let _ = writeln!(s, "\n{name}:\n{}", line(&header));
        for row in &rows {
            let _ = writeln!(s, "{}", line(row));
        }
    }
    s
}
