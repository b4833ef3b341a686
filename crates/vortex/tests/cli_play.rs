//! `vortex play` end to end, as a user runs it (no sound card here: files, stdout and
//! the null sink).

use std::path::Path;
use std::process::{Command, Output};
use vortex_engine::decode::{DecodeOptions, decode_file};
use vortex_engine::encode::write_float_wav;

fn vortex(args: &[&str], config_home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vortex"))
        .args(args)
        // Never read the real user's configuration.
        .env("XDG_CONFIG_HOME", config_home)
        .env("HOME", config_home)
        .output()
        .expect("run vortex")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write_f32(path: &Path, chans: &[Vec<f32>], fs: u32) {
    write_float_wav(path, chans, fs).unwrap();
}

fn tone(frames: usize, f: f64, fs: f64) -> Vec<f32> {
    (0..frames)
        .map(|n| (0.5 * (std::f64::consts::TAU * f * n as f64 / fs).sin()) as f32)
        .collect()
}

#[test]
fn plays_a_playlist_with_a_pipeline_into_a_file_gaplessly_and_reports_a_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        tone(30_000, 440.0, 48_000.0),
        tone(17_777, 1000.0, 48_000.0),
    );
    write_f32(&dir.path().join("a.wav"), &[a.clone(), a.clone()], 48_000);
    write_f32(&dir.path().join("b.wav"), &[b.clone(), b.clone()], 48_000);
    std::fs::write(dir.path().join("bad.flac"), b"fLaC but nothing else").unwrap();
    std::fs::write(
        dir.path().join("half.toml"),
        "[filters.g]\ntype = \"gain\"\ngain = -6.0206\n[[steps]]\ntype = \"filter\"\nnames = [\"g\"]\n",
    )
    .unwrap();
    let p = |n: &str| dir.path().join(n).display().to_string();
    let out = p("out.wav");
    let o = vortex(
        &[
            "play",
            &p("a.wav"),
            &p("bad.flac"),
            &p("b.wav"),
            "--pipeline",
            &p("half.toml"),
            "--output",
            &format!("wav:{out}"),
            "--block-size",
            "128",
        ],
        dir.path(),
    );
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a skipped file is a failure: {err}"
    );
    assert!(
        err.contains("skipped: ") && err.contains("bad.flac"),
        "{err}"
    );
    assert!(err.contains("[3/3]"), "{err}");
    let got = decode_file(Path::new(&out), &DecodeOptions::default()).unwrap();
    let left = got.1.channel(0);
    let want: Vec<f32> = a.iter().chain(&b).map(|x| x * 0.5).collect();
    assert!(left.len() >= want.len());
    for (i, (g, w)) in left.iter().zip(&want).enumerate() {
        assert!((g - w).abs() < 1e-6, "frame {i}: {g} vs {w}");
    }
    assert!(left[want.len()..].iter().all(|&x| x == 0.0));
}

#[test]
fn pipes_raw_pcm_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let a = tone(4_800, 440.0, 48_000.0);
    write_f32(&dir.path().join("a.wav"), &[a.clone(), a.clone()], 48_000);
    let f = dir.path().join("a.wav").display().to_string();
    let o = vortex(
        &["play", &f, "--output", "stdout:s16", "--quiet"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let samples: Vec<i16> = o
        .stdout
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    assert_eq!(samples.len() % 512, 0, "whole periods of 256 stereo frames");
    for n in 0..4_800 {
        let want = (f64::from(a[n]) * 32767.0).round() as i16;
        assert_eq!(samples[2 * n], want, "frame {n}");
        assert_eq!(samples[2 * n + 1], want);
    }
}

#[test]
fn a_test_signal_plays_in_real_time_on_the_null_sink() {
    let dir = tempfile::tempdir().unwrap();
    let t = std::time::Instant::now();
    let o = vortex(
        &[
            "play",
            "--generate",
            "pink",
            "--seconds",
            "0.5",
            "--output",
            "null",
        ],
        dir.path(),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("null (real-time paced, silent)"), "{err}");
    assert!(err.contains("0 underruns"), "{err}");
    assert!(t.elapsed().as_secs_f64() >= 0.5, "paced at real time");
}

#[test]
fn bad_options_and_bad_configuration_name_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let o = vortex(&["play", "x.wav", "--output", "speaker"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--output: output 'speaker'"),
        "{}",
        stderr(&o)
    );
    let o = vortex(&["play"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let cfg = dir.path().join("c.toml");
    std::fs::write(&cfg, "[audio]\nblok_size = 64\n").unwrap();
    let o = vortex(
        &["play", "x.wav", "--config", &cfg.display().to_string()],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("audio.blok_size"), "{}", stderr(&o));
}
