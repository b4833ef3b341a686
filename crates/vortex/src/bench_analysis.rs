//! Analyzer workloads of `vortex bench`: pitch, levels and spectrum over a generated
//! 48 kHz signal in 1024-sample batches, as the live monitor feeds them, on one thread.

use crate::bench::{best, write_wav_at};
use crate::cpu_time;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use vortex_analysis::levels::{LevelConfig, LevelMeter};
use vortex_analysis::pitch::{PitchConfig, PitchDetector};
use vortex_analysis::spectrum::{Spectrum, SpectrumConfig};
use vortex_dsp::noise::WhiteNoise;

/// Names of the analyzer workloads: the levels meter with and without true peak, and the
/// spectrum updated every 1024-sample batch or once per 4096 samples (no overlap).
pub const WORKLOADS: [&str; 5] = [
    "pitch",
    "levels",
    "levels-sample-peak",
    "spectrum",
    "spectrum-hop4096",
];

const FS: f64 = 48_000.0;
const BATCH: usize = 1024;

/// A sung-like test signal: a harmonic tone with vibrato over a slow glide, plus noise.
fn voice(frames: usize, seed: u64) -> Vec<f32> {
    let mut noise = WhiteNoise::new(seed);
    let mut phase = 0.0f64;
    (0..frames)
        .map(|n| {
            let t = n as f64 / FS;
            let f0 = 110.0
                * 2f64.powf((t % 8.0) / 4.0)
                * (1.0 + 0.01 * (2.0 * std::f64::consts::PI * 5.5 * t).sin());
            phase += 2.0 * std::f64::consts::PI * f0 / FS;
            let tone: f64 = (1..=6)
                .map(|h| (phase * f64::from(h)).sin() / f64::from(h))
                .sum();
            (0.3 * tone) as f32 + 0.01 * noise.next_sample()
        })
        .collect()
}

fn timed(mut f: impl FnMut()) -> Duration {
    let t0 = cpu_time::this_process();
    f();
    cpu_time::this_process() - t0
}

fn pitch(x: &[f32]) -> Result<Duration, String> {
    let cfg = PitchConfig {
        window: 2048,
        hop: 1024,
        ..PitchConfig::default()
    };
    let mut p = PitchDetector::new(&cfg, FS).map_err(|e| e.to_string())?;
    let mut voiced = 0usize;
    let d = timed(|| {
        for b in x.chunks(BATCH) {
            p.process(b, |f| voiced += usize::from(f.voiced));
        }
    });
    std::hint::black_box(voiced);
    Ok(d)
}

fn levels(l: &[f32], r: &[f32], true_peak: bool) -> Result<Duration, String> {
    let cfg = LevelConfig {
        true_peak,
        ..LevelConfig::default()
    };
    let mut m = LevelMeter::new(&cfg, FS, 2).map_err(|e| e.to_string())?;
    let d = timed(|| {
        for (a, b) in l.chunks(BATCH).zip(r.chunks(BATCH)) {
            m.process(&[a, b]);
        }
    });
    std::hint::black_box(m.channel(0).rms_db);
    Ok(d)
}

fn spectrum(x: &[f32], hop: usize) -> Result<Duration, String> {
    let cfg = SpectrumConfig {
        size: 4096,
        ..SpectrumConfig::default()
    };
    let mut s = Spectrum::new(&cfg, FS).map_err(|e| e.to_string())?;
    let d = timed(|| {
        for (i, b) in x.chunks(BATCH).enumerate() {
            s.push(b);
            if ((i + 1) * BATCH).is_multiple_of(hop) {
                s.update(hop as f64 / FS);
            }
        }
    });
    std::hint::black_box(s.bands_db()[0]);
    Ok(d)
}

/// aubio's pitch command with `method` (`yin`: time-domain C YIN; `yinfast`: its FFT YIN).
fn aubio(input: &Path, method: &str) -> Result<Duration, String> {
    let t0 = cpu_time::children();
    let out = Command::new("aubiopitch")
        .args([
            "-p", method, "-B", "2048", "-H", "1024", "-r", "48000", "-i",
        ])
        .arg(input)
        .output()
        .map_err(|e| format!("cannot run aubiopitch (run scripts/setup.sh): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "aubiopitch failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(cpu_time::children() - t0)
}

/// Runs the analyzer workloads named in `names` and prints one line each.
pub fn run(
    dir: &Path,
    seconds: f64,
    runs: usize,
    names: &[String],
    compare: bool,
) -> Result<(), String> {
    let frames = (seconds * FS) as usize;
    let l = voice(frames, 1);
    let r = voice(frames, 2);
    println!(
        "\n{:<12} {:>10} {:>12}{}",
        "analyzer",
        "cpu s",
        "x realtime",
        if compare {
            "    other cpu s   other x rt    vortex/other"
        } else {
            ""
        }
    );
    for name in names {
        let cpu = match name.as_str() {
            "pitch" => best(runs, || pitch(&l))?,
            "levels" => best(runs, || levels(&l, &r, true))?,
            "levels-sample-peak" => best(runs, || levels(&l, &r, false))?,
            "spectrum" => best(runs, || spectrum(&l, BATCH))?,
            "spectrum-hop4096" => best(runs, || spectrum(&l, 4096))?,
            other => return Err(format!("unknown workload `{other}`")),
        };
        let rtf = seconds / cpu.as_secs_f64().max(1e-9);
        println!("{name:<18} {:>10.4} {:>12.0}", cpu.as_secs_f64(), rtf);
        if compare && name == "pitch" {
            let wav = dir.join("voice48k.wav");
            write_wav_at(&wav, std::slice::from_ref(&l), FS as u32)?;
            for method in ["yin", "yinfast"] {
                let acpu = best(runs, || aubio(&wav, method))?;
                let artf = seconds / acpu.as_secs_f64();
                println!(
                    "{:<18} {:>10} {:>12}   {:>11.3} {:>12.0} {:>14.2}",
                    format!("  aubio {method}"),
                    "",
                    "",
                    acpu.as_secs_f64(),
                    artf,
                    rtf / artf
                );
            }
        }
    }
    Ok(())
}
