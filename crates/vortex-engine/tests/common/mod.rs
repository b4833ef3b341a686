//! Shared helpers for the vortex-engine integration tests: reference signals, external tools
//! (ffmpeg, sox, flac) and signal measurements.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Sample rate of the reference signal, in Hz.
pub const RATE: u32 = 48_000;
/// Length of the reference signal, in frames (1 s).
pub const FRAMES: usize = 48_000;
/// Left channel tone, in Hz.
pub const F_LEFT: f64 = 997.0;
/// Right channel tone, in Hz.
pub const F_RIGHT: f64 = 1499.0;
/// Tone amplitude (-6 dBFS), linear.
pub const AMP: f64 = 0.5;

/// Fails the test unless `tool` runs; the message says how to install it.
pub fn require_tool(tool: &str) {
    let arg = match tool {
        "ffmpeg" | "ffprobe" => "-version",
        _ => "--version",
    };
    let ok = Command::new(tool)
        .arg(arg)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "`{tool}` is not installed or does not run; these tests need it. Run scripts/setup.sh \
         (installs ffmpeg, sox, flac, libopus-dev)."
    );
}

/// Runs a command, failing the test with its stderr if it does not succeed.
pub fn run(cmd: &str, args: &[&str]) {
    require_tool(cmd);
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs ffmpeg quietly, overwriting the output: `ffmpeg -i input <args...> output`.
pub fn ffmpeg(input: &Path, args: &[&str], output: &Path) {
    let mut all = vec![
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-i",
        input.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    all.push(output.to_str().unwrap());
    run("ffmpeg", &all);
}

/// The reference stereo signal as 16-bit integers: a 997 Hz sine on the left and a 1499 Hz sine
/// on the right, both at -6 dBFS, `frames` long at [`RATE`].
pub fn reference_i16(frames: usize) -> [Vec<i16>; 2] {
    let tone = |f: f64| -> Vec<i16> {
        (0..frames)
            .map(|n| {
                let x = AMP * (2.0 * std::f64::consts::PI * f * n as f64 / f64::from(RATE)).sin();
                (x * 32768.0).round() as i16
            })
            .collect()
    };
    [tone(F_LEFT), tone(F_RIGHT)]
}

/// The reference signal as the decoder should return it for a lossless copy (`x / 32768`).
pub fn reference_f32(frames: usize) -> [Vec<f32>; 2] {
    let [l, r] = reference_i16(frames);
    let f = |v: Vec<i16>| v.into_iter().map(|s| f32::from(s) / 32768.0).collect();
    [f(l), f(r)]
}

/// Writes 16-bit PCM WAV of planar channels with hound.
pub fn write_wav_i16(path: &Path, chans: &[Vec<i16>], rate: u32) {
    let spec = hound::WavSpec {
        channels: chans.len() as u16,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..chans[0].len() {
        for c in chans {
            w.write_sample(c[i]).unwrap();
        }
    }
    w.finalize().unwrap();
}

/// Writes the 1 s reference signal as a 16-bit stereo WAV at `path`.
pub fn write_reference_wav(path: &Path) {
    write_wav_i16(path, &reference_i16(FRAMES), RATE);
}

/// Power of `x` at frequency `f` (Goertzel), normalised by the length squared so that a sine of
/// amplitude `a` exactly at `f` gives about `a^2 / 4`.
pub fn goertzel(x: &[f32], f: f64, rate: u32) -> f64 {
    let w = 2.0 * std::f64::consts::PI * f / f64::from(rate);
    let coeff = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for &v in x {
        let s0 = f64::from(v) + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    let p = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    p / (x.len() as f64).powi(2)
}

/// Root-mean-square of `x`.
pub fn rms(x: &[f32]) -> f64 {
    (x.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / x.len().max(1) as f64).sqrt()
}

/// Best normalised correlation between `x` and `reference` over `lags` (`x[n + lag]` against
/// `reference[n]`), using the reference window `[start, end)`. Returns `(correlation, lag)`.
pub fn best_correlation(
    x: &[f32],
    reference: &[f32],
    start: usize,
    end: usize,
    lags: std::ops::RangeInclusive<isize>,
) -> (f64, isize) {
    let mut best = (f64::NEG_INFINITY, 0);
    for lag in lags {
        let (mut xy, mut xx, mut yy) = (0.0f64, 0.0f64, 0.0f64);
        for (n, &r) in reference.iter().enumerate().take(end).skip(start) {
            let m = n as isize + lag;
            if m < 0 || m as usize >= x.len() {
                continue;
            }
            let a = f64::from(x[m as usize]);
            let b = f64::from(r);
            xy += a * b;
            xx += a * a;
            yy += b * b;
        }
        let c = xy / (xx * yy).sqrt().max(1e-30);
        if c > best.0 {
            best = (c, lag);
        }
    }
    best
}
