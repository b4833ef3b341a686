//! `vortex analyze` end to end, against analytic values and ffmpeg's ebur128 filter.

use std::path::Path;
use std::process::{Command, Output};
use vortex_dsp::noise::WhiteNoise;
use vortex_engine::encode::write_float_wav;

fn vortex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vortex"))
        .args(args)
        .output()
        .expect("run vortex")
}

fn write(path: &Path, chans: &[Vec<f32>], fs: u32) {
    write_float_wav(path, chans, fs).unwrap();
}

fn sine(freq: f64, amp: f64, fs: f64, secs: f64) -> Vec<f32> {
    (0..(fs * secs) as usize)
        .map(|n| (amp * (2.0 * std::f64::consts::PI * freq * n as f64 / fs).sin()) as f32)
        .collect()
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn stereo_sine_at_minus_23_dbfs_reads_its_analytic_levels_and_minus_23_lufs() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("sine.wav");
    let amp = 10f64.powf(-23.0 / 20.0);
    let x = sine(1000.0, amp, 48_000.0, 10.0);
    write(&f, &[x.clone(), x], 48_000);
    let j = json(&vortex(&[
        "analyze",
        f.to_str().unwrap(),
        "--levels",
        "--loudness",
        "--format",
        "json",
    ]));
    for ch in 0..2 {
        let l = &j["levels"][ch];
        assert!(
            (l["rms_db"].as_f64().unwrap() + 26.0103).abs() < 0.01,
            "{l}"
        );
        assert!((l["peak_db"].as_f64().unwrap() + 23.0).abs() < 0.01, "{l}");
        assert!(
            (l["true_peak_db"].as_f64().unwrap() + 23.0).abs() < 0.1,
            "{l}"
        );
        assert_eq!(l["clips"], 0);
    }
    let i = j["loudness"]["integrated_lufs"].as_f64().unwrap();
    assert!((i + 23.0).abs() < 0.1, "integrated {i}");
    assert!(j["loudness"]["range_lu"].as_f64().unwrap() < 0.1);
}

/// Parses ffmpeg's ebur128 summary: (integrated LUFS, LRA LU).
fn ffmpeg_ebur128(path: &Path) -> (f64, f64) {
    let o = Command::new("ffmpeg")
        .args(["-nostdin", "-hide_banner", "-i"])
        .arg(path)
        .args(["-af", "ebur128", "-f", "null", "-"])
        .output()
        .expect("ffmpeg is installed by scripts/setup.sh");
    let err = String::from_utf8_lossy(&o.stderr);
    let summary = &err[err.rfind("Summary:").expect("ebur128 summary")..];
    let value = |key: &str| -> f64 {
        let line = summary
            .lines()
            .find(|l| l.trim_start().starts_with(key))
            .unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    (value("I:"), value("LRA:"))
}

#[test]
fn loudness_of_a_varying_signal_matches_ffmpeg_ebur128() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("varying.wav");
    // 40 s of noise whose level steps every 4 s, plus a quiet tone: gating and LRA matter.
    let fs = 44_100.0;
    let mut n = WhiteNoise::new(9);
    let levels_db = [
        -20.0, -30.0, -14.0, -40.0, -24.0, -18.0, -35.0, -22.0, -28.0, -16.0,
    ];
    let chans: Vec<Vec<f32>> = (0..2)
        .map(|c| {
            (0..(40.0 * fs) as usize)
                .map(|i| {
                    let g = 10f32.powf(levels_db[i / (4.0 * fs) as usize] / 20.0);
                    let tone = 0.01 * (i as f32 * 0.05 * (1.0 + c as f32)).sin();
                    g * n.next_sample() + tone
                })
                .collect()
        })
        .collect();
    write(&f, &chans, fs as u32);
    let j = json(&vortex(&[
        "analyze",
        f.to_str().unwrap(),
        "--loudness",
        "--format",
        "json",
    ]));
    let (i_ref, lra_ref) = ffmpeg_ebur128(&f);
    let i = j["loudness"]["integrated_lufs"].as_f64().unwrap();
    let lra = j["loudness"]["range_lu"].as_f64().unwrap();
    // ffmpeg prints one decimal: allow 0.1 LU plus its rounding.
    assert!(
        (i - i_ref).abs() <= 0.15,
        "integrated {i} vs ffmpeg {i_ref}"
    );
    assert!(
        (lra - lra_ref).abs() <= 0.25,
        "LRA {lra} vs ffmpeg {lra_ref}"
    );
}

#[test]
fn pitch_csv_has_the_documented_columns_and_finds_a4() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a4.wav");
    let mut x = sine(440.0, 0.5, 48_000.0, 2.0);
    x.extend(std::iter::repeat_n(0.0, 48_000)); // then a second of silence
    write(&f, &[x], 48_000);
    let o = vortex(&["analyze", f.to_str().unwrap(), "--pitch", "--format", "csv"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("time_s,f0_hz,confidence,note,cents"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // One row per 1024-sample hop once a 2048-sample window is full.
    assert_eq!(rows.len(), (3 * 48_000 - 2048) / 1024 + 1);
    let t0: f64 = rows[0][0].parse().unwrap();
    assert!(
        (t0 - 1024.0 / 48_000.0).abs() < 1e-4,
        "first window centre {t0}"
    );
    let tone: Vec<_> = rows
        .iter()
        .filter(|r| r[0].parse::<f64>().unwrap() < 1.9)
        .collect();
    assert!(tone.iter().all(|r| r[3] == "A4"), "{tone:?}");
    assert!(
        tone.iter()
            .all(|r| (r[1].parse::<f64>().unwrap() - 440.0).abs() < 0.5)
    );
    assert!(
        tone.iter()
            .all(|r| r[4].parse::<f64>().unwrap().abs() < 2.0)
    );
    let silence: Vec<_> = rows
        .iter()
        .filter(|r| r[0].parse::<f64>().unwrap() > 2.1)
        .collect();
    assert!(
        !silence.is_empty()
            && silence
                .iter()
                .all(|r| r[1] == "0.00" && r[3].is_empty() && r[4].is_empty()),
        "{silence:?}"
    );
    // A different reference moves the cents: A4 = 442 Hz makes 440 Hz read -7.9 cents.
    let o = vortex(&[
        "analyze",
        f.to_str().unwrap(),
        "--pitch",
        "--format",
        "json",
        "--a4",
        "442",
    ]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let c = j["pitch"][10]["cents"].as_f64().unwrap();
    assert!((c + 7.85).abs() < 0.5, "cents {c}");
    let bad = vortex(&["analyze", f.to_str().unwrap(), "--pitch", "--a4", "500"]);
    assert_eq!(bad.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("a4_hz"));
}

#[test]
fn spectrum_puts_a_tone_in_its_third_octave_band() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("tone.wav");
    write(&f, &[sine(1000.0, 0.5, 48_000.0, 3.0)], 48_000);
    let j = json(&vortex(&[
        "analyze",
        f.to_str().unwrap(),
        "--spectrum",
        "--format",
        "json",
    ]));
    let centres: Vec<f64> = j["spectrum"]["centres_hz"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let avg: Vec<f64> = j["spectrum"]["average_db"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap_or(-200.0))
        .collect();
    let k = (0..avg.len())
        .max_by(|&a, &b| avg[a].total_cmp(&avg[b]))
        .unwrap();
    assert!(
        (centres[k] - 1000.0).abs() < 1.0,
        "loudest band at {} Hz",
        centres[k]
    );
    assert!((avg[k] + 6.02).abs() < 0.5, "band level {} dBFS", avg[k]);
}

#[test]
fn unreadable_file_is_reported_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("junk.mp3");
    std::fs::write(&f, b"definitely not audio").unwrap();
    let o = vortex(&["analyze", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("junk.mp3"));
}

#[test]
fn offline_smoothing_keeps_one_row_per_hop_and_the_note() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("noisy.wav");
    let mut n = WhiteNoise::new(4);
    let x: Vec<f32> = sine(220.0, 0.3, 48_000.0, 2.0)
        .into_iter()
        .map(|v| v + 0.05 * n.next_sample())
        .collect();
    write(&f, &[x], 48_000);
    let mut counts = Vec::new();
    for smoothing in ["none", "median", "hmm"] {
        let o = vortex(&[
            "analyze",
            f.to_str().unwrap(),
            "--pitch",
            "--format",
            "json",
            "--smoothing",
            smoothing,
        ]);
        let rows = json(&o)["pitch"].as_array().unwrap().clone();
        let a3 = rows.iter().filter(|r| r["note"] == "A3").count();
        assert!(
            a3 * 100 >= rows.len() * 95,
            "{smoothing}: {a3} of {} frames read A3",
            rows.len()
        );
        counts.push(rows.len());
    }
    assert!(counts.windows(2).all(|w| w[0] == w[1]), "{counts:?}");
}

#[test]
fn generated_signals_measure_as_asked() {
    let dir = tempfile::tempdir().unwrap();
    let tone = dir.path().join("tone.flac");
    let o = vortex(&[
        "generate",
        tone.to_str().unwrap(),
        "--freq",
        "440",
        "--level",
        "-12",
        "--seconds",
        "2",
        "--bits",
        "24",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j = json(&vortex(&[
        "analyze",
        tone.to_str().unwrap(),
        "--levels",
        "--pitch",
        "--format",
        "json",
    ]));
    assert_eq!(
        (j["sample_rate"].as_u64(), j["channels"].as_u64()),
        (Some(48_000), Some(2))
    );
    assert!((j["duration_s"].as_f64().unwrap() - 2.0).abs() < 1e-9);
    assert!((j["levels"][0]["peak_db"].as_f64().unwrap() + 12.0).abs() < 0.01);
    assert!((j["levels"][1]["rms_db"].as_f64().unwrap() + 15.01).abs() < 0.02);
    assert!(
        j["pitch"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["note"] == "A4")
    );
    // Pink noise at -20 dBFS has the RMS of a -20 dBFS sine (-23 dBFS) on each channel.
    let pink = dir.path().join("pink.wav");
    let o = vortex(&[
        "generate",
        pink.to_str().unwrap(),
        "--waveform",
        "pink",
        "--level",
        "-20",
        "--seconds",
        "10",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j = json(&vortex(&[
        "analyze",
        pink.to_str().unwrap(),
        "--levels",
        "--format",
        "json",
    ]));
    for ch in 0..2 {
        let rms = j["levels"][ch]["rms_db"].as_f64().unwrap();
        assert!((rms + 23.01).abs() < 0.5, "channel {ch}: {rms}");
    }
    // An existing output is refused without --force; a bad frequency is a config error.
    let o = vortex(&["generate", pink.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let o = vortex(&[
        "generate",
        dir.path().join("x.wav").to_str().unwrap(),
        "--freq",
        "30000",
    ]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("freq"));
}

#[test]
fn a_sample_rate_the_analyzers_cannot_take_is_a_file_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("6k.wav");
    write(&f, &[sine(100.0, 0.5, 6000.0, 1.0)], 6000);
    let o = vortex(&["analyze", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("6k.wav") && e.contains("6000"), "{e}");
}
