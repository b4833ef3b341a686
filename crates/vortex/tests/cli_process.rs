//! `vortex process`, `import` and `validate` end to end, run as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use vortex_dsp::PlanarBuf;
use vortex_engine::config::PipelineConfig;
use vortex_engine::decode::{DecodeOptions, decode_file};
use vortex_engine::encode::{AudioWriter, Container, OutputSpec, SampleFormat};
use vortex_engine::validate::{Context, design};

fn vortex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vortex"))
        .args(args)
        .output()
        .expect("run vortex")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A stereo test signal: noise plus a tone per channel, at a level that makes a
/// limiter work (peaks near 0 dBFS).
fn signal(frames: usize, fs: f64) -> Vec<Vec<f32>> {
    let mut noise = vortex_dsp::noise::WhiteNoise::new(0x2545_f491);
    (0..2)
        .map(|c| {
            let f = if c == 0 { 441.0 } else { 1234.5 };
            (0..frames)
                .map(|n| {
                    0.7 * (2.0 * std::f64::consts::PI * f * n as f64 / fs).sin() as f32
                        + 0.125 * noise.next_sample()
                })
                .collect()
        })
        .collect()
}

fn write(path: &Path, chans: &[Vec<f32>], fs: u32, container: Container, format: SampleFormat) {
    let spec = OutputSpec {
        container,
        format,
        sample_rate: fs,
        channels: chans.len(),
    };
    let buf = PlanarBuf::from_channels(chans);
    let mut w = AudioWriter::create(path, &spec, false).unwrap();
    w.write(&buf, buf.frames()).unwrap();
    w.finish().unwrap();
}

fn read(path: &Path) -> Vec<Vec<f32>> {
    decode_file(path, &DecodeOptions::default())
        .unwrap()
        .1
        .into_channels()
}

const PIPELINE: &str = r#"
[settings]
block_size = 256

[filters.room]
type = "conv"
values = [0.6, 0.25, -0.1, 0.05, 0.02, -0.01, 0.005]

[filters.bass]
type = "peaking"
freq = 80.0
gain = 6.0
q = 1.2

[filters.xo]
type = "linkwitz_riley_highpass"
freq = 40.0
order = 4

[filters.limit]
type = "limiter"
ceiling = -1.0
lookahead = 2.0

[[steps]]
type = "filter"
names = ["bass", "xo", "room", "limit"]
"#;

#[test]
fn process_output_equals_the_in_process_result() {
    let dir = tempfile::tempdir().unwrap();
    let (input, output, pipe) = (
        dir.path().join("in.wav"),
        dir.path().join("out.wav"),
        dir.path().join("p.toml"),
    );
    let x = signal(48_000 + 123, 48_000.0);
    write(&input, &x, 48_000, Container::Wav, SampleFormat::F32);
    std::fs::write(&pipe, PIPELINE).unwrap();

    let o = vortex(&[
        "process",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "-p",
        pipe.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        o.stderr.is_empty(),
        "no progress bar or noise when not on a terminal: {}",
        stderr(&o)
    );
    let got = read(&output);

    // The same pipeline run in this process over the whole signal, latency removed.
    let cfg = PipelineConfig::from_toml(PIPELINE).unwrap();
    let d = design(
        &cfg,
        &Context {
            sample_rate: 48_000,
            channels: 2,
            base_dir: PathBuf::new(),
        },
    )
    .unwrap();
    let mut p = d.instantiate();
    let lat = p.latency();
    // 2 ms lookahead at 48 kHz plus the limiter's true-peak oversampling filter.
    let limiter = vortex_dsp::limiter::Limiter::new(
        &vortex_dsp::limiter::LimiterParams {
            ceiling_db: -1.0,
            lookahead_ms: 2.0,
            release_ms: 100.0,
        },
        48_000.0,
        2,
    )
    .unwrap();
    assert_eq!(lat, vortex_dsp::MultiFilter::latency(&limiter));
    assert!(lat >= 96);
    let padded: Vec<Vec<f32>> = x
        .iter()
        .map(|c| {
            c.iter()
                .copied()
                .chain(std::iter::repeat_n(0.0, lat))
                .collect()
        })
        .collect();
    let all = PlanarBuf::from_channels(&padded);
    let total = all.frames();
    let mut block = PlanarBuf::new(2, 256);
    let mut expect: [Vec<f32>; 2] = [Vec::new(), Vec::new()];
    let mut at = 0;
    while at < total {
        let n = 256.min(total - at);
        for c in 0..2 {
            block.channel_mut(c)[..n].copy_from_slice(&all.channel(c)[at..at + n]);
        }
        p.process(&mut block, n);
        for (c, e) in expect.iter_mut().enumerate() {
            e.extend_from_slice(&block.channel(c)[..n]);
        }
        at += n;
    }
    for c in 0..2 {
        assert_eq!(got[c].len(), x[c].len(), "output keeps the input's length");
        assert_eq!(
            got[c],
            expect[c][lat..],
            "channel {c} differs from the in-process result"
        );
    }
    // The limiter held its ceiling.
    let peak = got.iter().flatten().fold(0.0f32, |m, v| m.max(v.abs()));
    assert!(peak <= 10f32.powf(-1.0 / 20.0) + 1e-6, "peak {peak}");
}

#[test]
fn pass_through_is_bit_exact_and_keeps_format_and_rate() {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("in.flac"), dir.path().join("out.flac"));
    // On the 24-bit grid, so FLAC stores it exactly.
    let x: Vec<Vec<f32>> = signal(10_000, 96_000.0)
        .into_iter()
        .map(|c| {
            c.into_iter()
                .map(|v| (v * 8_388_608.0).round() / 8_388_608.0)
                .collect()
        })
        .collect();
    write(&input, &x, 96_000, Container::Flac, SampleFormat::I24);
    let o = vortex(&[
        "process",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (info, buf) = decode_file(&output, &DecodeOptions::default()).unwrap();
    assert_eq!(
        (info.sample_rate, info.codec.as_str(), info.bits_per_sample),
        (96_000, "flac", Some(24))
    );
    assert_eq!(buf.into_channels(), x);
}

#[test]
fn reducing_to_16_bit_dithers_and_stays_on_the_grid() {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("in.wav"), dir.path().join("out.wav"));
    // A -100 dBFS tone: plain rounding to 16 bits would leave only a few codes.
    let x: Vec<Vec<f32>> = (0..2)
        .map(|_| (0..44_100).map(|n| 1e-5 * (n as f32 * 0.1).sin()).collect())
        .collect();
    write(&input, &x, 44_100, Container::Wav, SampleFormat::F32);
    let o = vortex(&[
        "process",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--bits",
        "16",
        "--dither",
        "tpdf",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (info, buf) = decode_file(&output, &DecodeOptions::default()).unwrap();
    assert_eq!(info.bits_per_sample, Some(16));
    let y = &buf.into_channels()[0];
    assert!(y.iter().all(|v| (v * 32768.0).fract() == 0.0));
    // Dither noise is present (TPDF: about 0.5 LSB RMS) and does not correlate away the tone.
    let rms =
        (y.iter().map(|v| f64::from(*v).powi(2)).sum::<f64>() / y.len() as f64).sqrt() * 32768.0;
    assert!((0.4..0.8).contains(&rms), "dither noise RMS {rms} LSB");
}

#[test]
fn directories_and_several_files_are_processed_in_parallel_and_junk_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("music");
    std::fs::create_dir_all(src.join("album")).unwrap();
    for (i, name) in ["a.wav", "album/b.wav", "album/c.flac"].iter().enumerate() {
        let p = src.join(name);
        let fmt = if name.ends_with("flac") {
            (Container::Flac, SampleFormat::I16)
        } else {
            (Container::Wav, SampleFormat::I16)
        };
        write(&p, &signal(5000 + i * 100, 44_100.0), 44_100, fmt.0, fmt.1);
    }
    std::fs::write(src.join("album/cover.txt"), "not audio").unwrap();
    let out = dir.path().join("out");
    let o = vortex(&[
        "process",
        src.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "flac",
        "--bits",
        "16",
        "-j",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("skipped") && stderr(&o).contains("cover.txt"),
        "{}",
        stderr(&o)
    );
    for (name, frames) in [
        ("a.flac", 5000),
        ("album/b.flac", 5100),
        ("album/c.flac", 5200),
    ] {
        let y = read(&out.join(name));
        assert_eq!(y[0].len(), frames, "{name}");
    }
    // A link to a directory is skipped (it could loop); an existing file is no output directory.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&src, src.join("album/loop")).unwrap();
        let out2 = dir.path().join("out2");
        let o = vortex(&[
            "process",
            src.to_str().unwrap(),
            "-o",
            out2.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("loop") && stderr(&o).contains("link to a directory"),
            "{}",
            stderr(&o)
        );
        let a = src.join("a.wav");
        let o = vortex(&["process", src.to_str().unwrap(), "-o", a.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    }
    let leftovers: Vec<_> = walk(&out)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("vortex-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

fn walk(d: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p))
        } else {
            v.push(p)
        }
    }
    v
}

#[test]
fn existing_output_needs_force_and_input_is_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("in.wav"), dir.path().join("out.wav"));
    write(
        &input,
        &signal(1000, 44_100.0),
        44_100,
        Container::Wav,
        SampleFormat::I24,
    );
    let before = std::fs::read(&input).unwrap();
    std::fs::write(&output, b"precious").unwrap();
    let o = vortex(&[
        "process",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("out.wav"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&output).unwrap(), b"precious");
    let o = vortex(&[
        "process",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&output)[0].len(), 1000);
    assert_eq!(std::fs::read(&input).unwrap(), before);
    // Processing a file onto itself is refused, even with --force, and leaves it intact.
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec![
            "process",
            input.to_str().unwrap(),
            "-o",
            input.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = vortex(&args);
        assert_eq!(o.status.code(), Some(1), "{extra:?}");
        assert!(stderr(&o).contains("in.wav"), "{}", stderr(&o));
        assert_eq!(std::fs::read(&input).unwrap(), before);
    }
    // Also through another spelling of the same path.
    let other = dir.path().join(".").join("in.wav");
    let o = vortex(&[
        "process",
        input.to_str().unwrap(),
        "-o",
        other.to_str().unwrap(),
        "--force",
    ]);
    assert!(stderr(&o).contains("own input"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn invalid_pipeline_exits_3_and_names_every_error() {
    let dir = tempfile::tempdir().unwrap();
    let (input, pipe) = (dir.path().join("in.wav"), dir.path().join("bad.toml"));
    write(
        &input,
        &signal(1000, 44_100.0),
        44_100,
        Container::Wav,
        SampleFormat::I16,
    );
    std::fs::write(
        &pipe,
        "[filters.room_l]\ntype = \"peaking\"\nfreq = 30000\ngain = 3\nq = 1\n\n\
         [filters.hp]\ntype = \"butterworth_highpass\"\nfreq = 20\norder = 0\n\n\
         [[steps]]\ntype = \"filter\"\nchannels = [0, 5]\nnames = [\"room_l\", \"nope\"]\n",
    )
    .unwrap();
    let o = vortex(&[
        "process",
        input.to_str().unwrap(),
        "-o",
        dir.path().join("o.wav").to_str().unwrap(),
        "-p",
        pipe.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let e = stderr(&o);
    for needle in [
        "filters.room_l.freq: 30000 Hz is above Nyquist (22050 Hz)",
        "filters.hp.order",
        "steps[0].channels[1]: channel 5 does not exist (2 channels at this step)",
        "steps[0].names[1]: no filter named \"nope\"",
    ] {
        assert!(e.contains(needle), "missing `{needle}` in:\n{e}");
    }
    assert!(!dir.path().join("o.wav").exists());
    // The same through `vortex validate`, and a syntax error names the file and line.
    let v = vortex(&["validate", pipe.to_str().unwrap(), "--samplerate", "44100"]);
    assert_eq!(v.status.code(), Some(3));
    assert!(stderr(&v).contains("filters.room_l.freq"));
    std::fs::write(&pipe, "[filters.a\n").unwrap();
    let v = vortex(&["validate", pipe.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(3));
    assert!(
        stderr(&v).contains("bad.toml") && stderr(&v).contains("line 1"),
        "{}",
        stderr(&v)
    );
}

#[test]
fn a_bad_input_fails_alone_with_its_name_and_the_rest_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.wav");
    let bad = dir.path().join("bad.wav");
    write(
        &good,
        &signal(2000, 44_100.0),
        44_100,
        Container::Wav,
        SampleFormat::I16,
    );
    std::fs::write(&bad, b"RIFF\x10\x00\x00\x00WAVEjunkjunkjunk").unwrap();
    let out = dir.path().join("out");
    let o = vortex(&[
        "process",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.wav"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
    assert_eq!(read(&out.join("good.wav"))[0].len(), 2000);
    assert!(!out.join("bad.wav").exists());
}

#[test]
fn size_limit_refuses_big_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.wav");
    write(
        &input,
        &signal(2000, 44_100.0),
        44_100,
        Container::Wav,
        SampleFormat::I16,
    );
    let o = vortex(&[
        "process",
        input.to_str().unwrap(),
        "-o",
        dir.path().join("o.wav").to_str().unwrap(),
        "--max-file-size",
        "1000",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("in.wav"), "{}", stderr(&o));
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn import_prints_a_pipeline_that_validates_and_eq_files_work_as_pipelines() {
    let autoeq = repo_root()
        .join("crates/vortex-engine/tests/data/import/autoeq_7Hz_Salnotes_Zero_ParametricEQ.txt");
    let o = vortex(&["import", autoeq.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = String::from_utf8(o.stdout).unwrap();
    let cfg = PipelineConfig::from_toml(&toml).unwrap();
    assert!(cfg.filters.contains_key("preamp"));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("eq.toml");
    std::fs::write(&p, &toml).unwrap();
    assert!(vortex(&["validate", p.to_str().unwrap()]).status.success());
    // The EQ file itself is accepted by --pipeline, with the same result as its TOML.
    let input = dir.path().join("in.wav");
    write(
        &input,
        &signal(3000, 48_000.0),
        48_000,
        Container::Wav,
        SampleFormat::F32,
    );
    let (o1, o2) = (dir.path().join("o1.wav"), dir.path().join("o2.wav"));
    assert!(
        vortex(&[
            "process",
            input.to_str().unwrap(),
            "-o",
            o1.to_str().unwrap(),
            "-p",
            autoeq.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert!(
        vortex(&[
            "process",
            input.to_str().unwrap(),
            "-o",
            o2.to_str().unwrap(),
            "-p",
            p.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert_eq!(read(&o1), read(&o2));
    assert_ne!(read(&o1), read(&input));
}

#[test]
fn a_closed_stdout_pipe_is_not_an_error() {
    use std::io::Read;
    // Two minutes of pitch rows (~100 KiB) do not fit in a pipe's buffer, so closing the
    // reading end after one byte makes the writer meet a broken pipe.
    let dir = tempfile::tempdir().unwrap();
    let tone = dir.path().join("tone.wav");
    let g = vortex(&[
        "generate",
        tone.to_str().unwrap(),
        "--seconds",
        "120",
        "--channels",
        "1",
    ]);
    assert!(g.status.success(), "{}", stderr(&g));
    let mut child = Command::new(env!("CARGO_BIN_EXE_vortex"))
        .args([
            "analyze",
            tone.to_str().unwrap(),
            "--pitch",
            "--format",
            "csv",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    let mut stdout = child.stdout.take().unwrap();
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn example_pipelines_validate() {
    let dir = repo_root().join("examples/pipelines");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let o = vortex(&["validate", p.to_str().unwrap(), "--samplerate", "44100"]);
        assert!(o.status.success(), "{}: {}", p.display(), stderr(&o));
        n += 1;
    }
    assert!(n >= 2);
}

#[test]
fn bench_runs_a_short_workload() {
    let o = vortex(&[
        "bench",
        "--seconds",
        "1",
        "--runs",
        "1",
        "--only",
        "fir65k,biquad16,pitch,levels,spectrum",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        ["fir65k", "biquad16", "pitch", "levels", "spectrum"]
            .iter()
            .all(|w| out.contains(w)),
        "{out}"
    );
}
