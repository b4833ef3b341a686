//! `vortex play`: plays files (or a test signal, or a capture device) through a pipeline
//! to an audio device, the null sink, a file or stdout, in real time.

use crate::engine_setup;
use crate::generate_cmd::{SignalArgs, WaveformArg};
use crate::{EXIT_CONFIG, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vortex_engine::decode::{DecodeOptions, Decoder};
use vortex_engine::driver::cpal_host::host_id;
use vortex_engine::engine::Engine;
use vortex_engine::playlist::{Playlist, Repeat};
use vortex_engine::process::PipelineSource;
use vortex_engine::realtime::event::Event;
use vortex_engine::source::capture::CaptureSource;
use vortex_engine::source::generator::GeneratorSource;
use vortex_engine::source::playlist::PlaylistSource;
use vortex_engine::source::{Source, SourceFormat};

/// Repeat mode on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RepeatArg {
    /// Play the list once.
    Off,
    /// Repeat the current track.
    One,
    /// Repeat the whole list.
    All,
}

#[derive(Args, Debug)]
pub struct PlayArgs {
    /// Files to play, in order (gapless where formats match).
    files: Vec<PathBuf>,
    #[command(flatten)]
    engine: engine_setup::EngineArgs,
    /// Master volume, dB (at most 0).
    #[arg(long, allow_hyphen_values = true)]
    volume: Option<f64>,
    /// Repeat mode.
    #[arg(long, value_enum, default_value = "off")]
    repeat: RepeatArg,
    /// Play a test signal instead of files.
    #[arg(long, value_enum, conflicts_with_all = ["files", "capture"])]
    generate: Option<WaveformArg>,
    #[command(flatten)]
    signal: SignalArgs,
    /// Stop after this many seconds (default: at the end of the files; a signal or a
    /// capture device runs until Ctrl-C).
    #[arg(long)]
    seconds: Option<f64>,
    /// Play a capture device through the pipeline: `default`, an ALSA device name, or
    /// `HOST:DEVICE` (`jack:default`).
    #[arg(long, conflicts_with = "files")]
    capture: Option<String>,
    /// Overwrite an existing output file.
    #[arg(long)]
    force: bool,
    /// Print only errors.
    #[arg(long, short)]
    quiet: bool,
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::Relaxed);
}

fn install_sigint() {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, on_sigint as *const () as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_sigint as *const () as libc::sighandler_t);
    }
}

/// The rate to open the output at: asked for, or the first readable file's.
fn first_rate(files: &[PathBuf]) -> Option<u32> {
    files.iter().find_map(|f| {
        Decoder::open(f, &DecodeOptions::default())
            .ok()
            .map(|d| d.info().sample_rate)
    })
}

pub fn run(args: PlayArgs) -> u8 {
    let say = |m: &str| {
        if !args.quiet {
            eprintln!("{m}");
        }
    };
    if args.files.is_empty() && args.generate.is_none() && args.capture.is_none() {
        eprintln!("vortex play: give files to play, --generate WAVEFORM or --capture DEVICE");
        return EXIT_USAGE;
    }
    let target = match args.engine.target("vortex play") {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut cli = args.engine.overrides();
    cli.set_opt("--volume", "audio.volume_db", args.volume);
    let cfg = match engine_setup::load_config("vortex play", args.engine.config.clone(), cli) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let audio = &cfg.audio;
    let pipeline = match engine_setup::pipeline("vortex play", &cfg, PipelineSource::passthrough())
    {
        Ok(p) => p,
        Err(code) => return code,
    };
    let rate = audio
        .sample_rate
        .or_else(|| first_rate(&args.files))
        .unwrap_or(48_000);
    let channels = audio.channels;
    let period = audio.block_size;
    let (opened, _) = match engine_setup::open_output("vortex play", &cfg, target, rate, args.force)
    {
        Ok(o) => o,
        Err(code) => return code,
    };
    for n in &opened.notices {
        say(&format!("vortex play: {n}"));
    }

    let fallback = SourceFormat {
        sample_rate: rate,
        channels,
    };
    let mut playlist = None;
    let source: Box<dyn Source> = if let Some(w) = args.generate {
        let params = args.signal.params(w, args.seconds);
        match GeneratorSource::new(&params, rate, channels, args.seconds) {
            Ok(g) => Box::new(g),
            Err(e) => {
                eprintln!("vortex play: {e}");
                return EXIT_USAGE;
            }
        }
    } else if let Some(dev) = &args.capture {
        // `HOST:DEVICE` picks a host (alsa, jack); a bare name is an ALSA device.
        let (host, name) = match dev.split_once(':') {
            Some((h, d)) if host_id(h).is_some() => (h, d),
            _ => ("alsa", dev.as_str()),
        };
        let Some(host) = host_id(host) else {
            eprintln!("vortex play: --capture: this build has no {host} host");
            return EXIT_USAGE;
        };
        let name = (name != "default").then_some(name);
        match CaptureSource::open(host, name, Some(fallback)) {
            Ok(c) => Box::new(c),
            Err(e) => {
                eprintln!("vortex play: {e}");
                return EXIT_FAILED;
            }
        }
    } else {
        let mut list = Playlist::new(audio.max_playlist_items);
        if let Err(e) = list.add(args.files.clone()) {
            eprintln!("vortex play: {e}");
            return EXIT_USAGE;
        }
        list.set_repeat(match args.repeat {
            RepeatArg::Off => Repeat::Off,
            RepeatArg::One => Repeat::One,
            RepeatArg::All => Repeat::All,
        });
        let list = Arc::new(Mutex::new(list));
        playlist = Some(list.clone());
        Box::new(PlaylistSource::new(
            list,
            DecodeOptions::default(),
            fallback,
        ))
    };

    let engine_cfg = engine_setup::engine_config(&cfg);
    let engine = match Engine::start(engine_cfg, opened.sink, source, playlist, &pipeline) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("vortex play: {e}");
            return EXIT_CONFIG;
        }
    };
    let status = engine.status();
    say(&format!(
        "vortex play: {} -> {} at {} Hz, {} channels, period {} frames, latency {:.1} ms",
        status.source, status.sink, rate, channels, period, status.latency_ms
    ));
    for n in engine.sink_notices() {
        say(&format!("vortex play: {n}"));
    }
    install_sigint();
    let events = engine.take_events().expect("first call");
    let names: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
    let started = std::time::Instant::now();
    let mut failed = 0;
    loop {
        match events.recv_timeout(Duration::from_millis(50)) {
            Ok(Event::TrackStarted { item }) if item > 0 => {
                let name = usize::try_from(item - 1)
                    .ok()
                    .and_then(|i| names.get(i))
                    .map_or("?", String::as_str);
                say(&format!("vortex play: [{item}/{}] {name}", names.len()));
            }
            Ok(Event::TrackError { message, .. }) => {
                failed += 1;
                eprintln!("vortex play: skipped: {message}");
            }
            Ok(Event::SourceFailed { message }) => {
                failed += 1;
                eprintln!("vortex play: {message}");
            }
            Ok(Event::Notice { message }) => say(&format!("vortex play: {message}")),
            Ok(Event::Underrun { frames }) => {
                say(&format!(
                    "vortex play: underrun ({frames} frames of silence)"
                ));
            }
            Ok(_) | Err(_) => {}
        }
        let timed_out = args
            .seconds
            .is_some_and(|s| started.elapsed().as_secs_f64() >= s);
        if engine.is_finished() || timed_out || INTERRUPTED.load(Ordering::Relaxed) {
            break;
        }
    }
    // Report what is still queued before stopping.
    std::thread::sleep(Duration::from_millis(20));
    for e in events.try_iter() {
        if let Event::TrackError { message, .. } = e {
            failed += 1;
            eprintln!("vortex play: skipped: {message}");
        }
    }
    let m = engine.metrics();
    if let Err(e) = engine.shutdown() {
        eprintln!("vortex play: {e}");
        return EXIT_FAILED;
    }
    say(&format!(
        "vortex play: done: {} callbacks, load mean {:.1}% max {:.1}%, {} underruns, {} device xruns",
        m.callbacks,
        m.load_mean * 100.0,
        m.load_max * 100.0,
        m.underruns,
        m.sink_xruns
    ));
    if failed > 0 { EXIT_FAILED } else { EXIT_OK }
}
