//! The engine end to end: playlists into a file sink (which renders as fast as the
//! engine can, so these tests take no real time).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vortex_engine::decode::DecodeOptions;
use vortex_engine::encode::SampleFormat;
use vortex_engine::engine::{Engine, EngineConfig};
use vortex_engine::playlist::Playlist;
use vortex_engine::process::PipelineSource;
use vortex_engine::realtime::event::Event;
use vortex_engine::sink::StreamSpec;
use vortex_engine::sink::wav::FileSink;
use vortex_engine::source::SourceFormat;
use vortex_engine::source::playlist::PlaylistSource;

/// Writes a 16-bit stereo WAV of `frames` frames of `f(n)` (left) and `-f(n)` (right).
fn wav(dir: &Path, name: &str, rate: u32, frames: usize, f: &dyn Fn(usize) -> f32) -> PathBuf {
    let path = dir.join(name);
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&path, spec).unwrap();
    for n in 0..frames {
        let s = (f(n) * 32767.0).round() as i16;
        w.write_sample(s).unwrap();
        w.write_sample(-s).unwrap();
    }
    w.finalize().unwrap();
    path
}

/// Samples of a WAV file, interleaved, as f32.
fn read_f32(path: &Path) -> (u32, Vec<f32>) {
    let mut r = hound::WavReader::open(path).unwrap();
    let rate = r.spec().sample_rate;
    let v = match r.spec().sample_format {
        hound::SampleFormat::Float => r.samples::<f32>().map(Result::unwrap).collect(),
        hound::SampleFormat::Int => r
            .samples::<i32>()
            .map(|s| s.unwrap() as f32 / 32768.0)
            .collect(),
    };
    (rate, v)
}

/// Starts an engine playing `files` (a playlist) into a float WAV at `rate`, one
/// block per period.
fn start_to_file(files: &[PathBuf], rate: u32, out: &Path, cfg: EngineConfig) -> Engine {
    let mut list = Playlist::new(100);
    list.add(files.to_vec()).unwrap();
    let list = Arc::new(Mutex::new(list));
    let source = PlaylistSource::new(
        list.clone(),
        DecodeOptions::default(),
        SourceFormat {
            sample_rate: rate,
            channels: 2,
        },
    );
    let spec = StreamSpec {
        sample_rate: rate,
        channels: 2,
        period_frames: cfg.block_frames,
    };
    let sink = FileSink::create(out, spec, SampleFormat::F32, false).unwrap();
    Engine::start(
        cfg,
        Box::new(sink),
        Box::new(source),
        Some(list),
        &PipelineSource::passthrough(),
    )
    .unwrap()
}

/// Plays `files` into a float WAV at `rate` and returns the events.
fn play_to_file(files: &[PathBuf], rate: u32, out: &Path, cfg: EngineConfig) -> Vec<Event> {
    let engine = start_to_file(files, rate, out, cfg);
    let events = engine.take_events().unwrap();
    assert!(
        engine.wait_finished(Duration::from_secs(60)),
        "playback ends"
    );
    let m = engine.metrics();
    engine.shutdown().unwrap();
    assert_eq!(m.underruns, 0, "a file sink waits for audio: {m:?}");
    events.try_iter().collect()
}

#[test]
fn a_corrupt_file_mid_playlist_is_skipped_reported_and_nothing_else_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let a = |n: usize| (n as f32 * 0.031).sin() * 0.5;
    let c = |n: usize| ((n * 7919 % 2000) as f32 / 2000.0 - 0.5) * 0.8;
    let f1 = wav(dir.path(), "one.wav", 44_100, 22_050, &a);
    let f2 = dir.path().join("two.wav");
    std::fs::write(
        &f2,
        b"RIFF\x24\x00\x00\x00WAVEfmt garbage that is not a wave file",
    )
    .unwrap();
    let f3 = wav(dir.path(), "three.wav", 44_100, 13_001, &c);
    let out = dir.path().join("out.wav");
    let events = play_to_file(&[f1, f2, f3], 44_100, &out, EngineConfig::default());

    let (rate, got) = read_f32(&out);
    assert_eq!(rate, 44_100);
    let q = |x: f32| (x * 32767.0).round() / 32768.0; // the 16-bit source samples
    let want: Vec<f32> = (0..22_050)
        .map(&a)
        .chain((0..13_001).map(&c))
        .flat_map(|x| [q(x), -q(x)])
        .collect();
    // Gapless and bit exact: the output is the two good files back to back, then the
    // silence that completes the last period.
    assert!(got.len() >= want.len(), "{} < {}", got.len(), want.len());
    assert_eq!(&got[..want.len()], &want[..]);
    assert!(got[want.len()..].iter().all(|&x| x == 0.0));

    let errors: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::TrackError { item, message } => Some((*item, message.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 1, "{events:?}");
    assert_eq!(errors[0].0, 2);
    assert!(errors[0].1.contains("two.wav"), "{}", errors[0].1);
    let started: Vec<u64> = events
        .iter()
        .filter_map(|e| match e {
            Event::TrackStarted { item } => Some(*item),
            _ => None,
        })
        .collect();
    assert_eq!(started, [1, 3]);
    assert_eq!(events.last(), Some(&Event::EndOfStream));
}

#[test]
fn a_track_at_another_rate_is_resampled_between_native_rate_tracks_without_a_gap() {
    let dir = tempfile::tempdir().unwrap();
    let tone = |fs: f64| {
        move |n: usize| (std::f64::consts::TAU * 1000.0 * n as f64 / fs).sin() as f32 * 0.5
    };
    let f1 = wav(dir.path(), "a.wav", 48_000, 4_800, &tone(48_000.0));
    let f2 = wav(dir.path(), "b.wav", 44_100, 44_100, &tone(44_100.0));
    let f3 = wav(dir.path(), "c.wav", 48_000, 4_800, &tone(48_000.0));
    let out = dir.path().join("out.wav");
    play_to_file(&[f1, f2, f3], 48_000, &out, EngineConfig::default());
    let (_, got) = read_f32(&out);
    let left: Vec<f32> = got.iter().step_by(2).copied().collect();
    // 4800 + 48000 (one second at 44.1 kHz, resampled) + 4800 frames, within a frame.
    let audible = left.iter().rposition(|x| x.abs() > 1e-3).unwrap() + 1;
    assert!((audible as i64 - 57_600).abs() <= 2, "{audible}");
    // The resampled second is the same 1 kHz tone: compare with the analytic sine
    // (away from the edges, where the 16-bit sources differ in phase).
    let fs = 48_000.0;
    for (n, &y) in left
        .iter()
        .enumerate()
        .take(4_800 + 46_000)
        .skip(4_800 + 2_000)
    {
        let t = (n - 4_800) as f64;
        let want = (std::f64::consts::TAU * 1000.0 * t / fs).sin() * 0.5;
        assert!(
            (f64::from(y) - want).abs() < 2e-3,
            "frame {n}: {y} vs {want}"
        );
    }
}

#[test]
fn seeking_while_paused_then_playing_starts_at_the_new_position_with_a_fade_in() {
    let dir = tempfile::tempdir().unwrap();
    let ramp = |n: usize| (n % 20_000) as f32 / 40_000.0;
    let f = wav(dir.path(), "ramp.wav", 48_000, 48_000, &ramp);
    let out = dir.path().join("out.wav");
    let cfg = EngineConfig {
        start_playing: false,
        ..EngineConfig::default()
    };
    let engine = start_to_file(&[f], 48_000, &out, cfg);
    std::thread::sleep(Duration::from_millis(50)); // the feeder queues from 0 meanwhile
    engine.seek(0.5).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(engine.metrics().callbacks, 0, "paused: nothing rendered");
    engine.play().unwrap();
    assert!(engine.wait_finished(Duration::from_secs(30)));
    engine.shutdown().unwrap();
    let (_, got) = read_f32(&out);
    let left: Vec<f32> = got.iter().step_by(2).copied().collect();
    // Played: frames 24 000..48 000 of the file, the first 240 (5 ms) faded in.
    let q = |x: f32| (x * 32767.0).round() / 32768.0;
    let start = left.iter().position(|&x| x != 0.0).unwrap();
    assert!(start <= 1, "starts at once: {start}");
    for (i, &y) in left.iter().enumerate().take(24_000) {
        let want = q(ramp(24_000 + i));
        if i < 240 {
            assert!(
                y.abs() <= want.abs() + 1e-6,
                "fade-in at {i}: {y} vs {want}"
            );
        } else {
            assert_eq!(y, want, "frame {i}");
        }
    }
    assert!(left[24_000..].iter().all(|&x| x == 0.0), "then the end");
}
