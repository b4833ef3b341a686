//! `vortex serve`: the engine with its web UI, WebSocket control and REST API.

use crate::engine_setup;
use crate::generate_cmd::{SignalArgs, WaveformArg};
use crate::{EXIT_CONFIG, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use vortex_engine::app_config::{AppConfig, layers::user_file_path};
use vortex_engine::config::PipelineConfig;
use vortex_engine::decode::DecodeOptions;
use vortex_engine::engine::Engine;
use vortex_engine::monitor::MonitorConfig;
use vortex_engine::playlist::Playlist;
use vortex_engine::process::PipelineSource;
use vortex_engine::source::demo::{DemoSource, programme};
use vortex_engine::source::generator::GeneratorSource;
use vortex_engine::source::playlist::PlaylistSource;
use vortex_engine::source::{Source, SourceFormat};
use vortex_server::{Server, ServerOptions};

/// The pipeline `--demo` runs: a gentle tonal balance and a true-peak limiter, with
/// named filters a client can adjust (`set_filter_parameter`).
pub const DEMO_PIPELINE: &str = r#"
[filters.bass]
type = "lowshelf"
freq = 120.0
gain = 3.0
slope = 6.0

[filters.presence]
type = "peaking"
freq = 3000.0
gain = -1.5
q = 1.0

[filters.air]
type = "highshelf"
freq = 10000.0
gain = 1.0
slope = 6.0

[filters.limiter]
type = "limiter"
ceiling = -1.0

[[steps]]
type = "filter"
names = ["bass", "presence", "air", "limiter"]
"#;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Files to put in the playlist at start.
    files: Vec<PathBuf>,
    #[command(flatten)]
    engine: engine_setup::EngineArgs,
    /// Address and port to listen on [default: the configuration's server.bind and
    /// server.port, 127.0.0.1:8717]. Anything but loopback requires the access token.
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// Play the built-in demo programme (tones, a sweep, pink noise, a melody) through
    /// a demo pipeline, in a loop.
    #[arg(long, conflicts_with_all = ["files", "generate"])]
    demo: bool,
    /// Play a test signal instead of a playlist.
    #[arg(long, value_enum, conflicts_with = "files")]
    generate: Option<WaveformArg>,
    #[command(flatten)]
    signal: SignalArgs,
    /// A folder the file browser shows and the playlist may add from (repeatable)
    /// [default: configured server.music_folders, else the platform's music folder].
    #[arg(long = "music-folder")]
    music_folders: Vec<PathBuf>,
    /// Set any configuration key: `--set server.max_clients=16` (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Log level: error, warn, info, debug, trace.
    #[arg(long, default_value = "info")]
    log_level: tracing::Level,
}

/// Registers for Ctrl-C (SIGINT) and SIGTERM now, so that a signal arriving any time
/// after this call stops the server cleanly, and returns the wait for either.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{Signal, SignalKind, signal};
    async fn wait(s: Option<Signal>) {
        match s {
            Some(mut s) => {
                s.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    }
    let int = wait(signal(SignalKind::interrupt()).ok());
    let term = wait(signal(SignalKind::terminate()).ok());
    async move {
        tokio::select! {
            () = int => {}
            () = term => {}
        }
    }
}

/// The playlist a playlist source reads, for the engine's playlist commands.
type SharedPlaylist = Option<Arc<Mutex<Playlist>>>;

fn source(
    args: &ServeArgs,
    cfg: &AppConfig,
    format: SourceFormat,
) -> Result<(Box<dyn Source>, SharedPlaylist), String> {
    let SourceFormat {
        sample_rate,
        channels,
    } = format;
    if args.demo {
        let demo =
            DemoSource::new(programme(), sample_rate, channels).map_err(|e| e.to_string())?;
        return Ok((Box::new(demo), None));
    }
    if let Some(w) = args.generate {
        let params = args.signal.params(w, None);
        let g = GeneratorSource::new(&params, sample_rate, channels, None)
            .map_err(|e| e.to_string())?;
        return Ok((Box::new(g), None));
    }
    let mut list = Playlist::new(cfg.audio.max_playlist_items);
    list.add(args.files.clone()).map_err(|e| e.to_string())?;
    let list = Arc::new(Mutex::new(list));
    let src = PlaylistSource::new(list.clone(), DecodeOptions::default(), format);
    Ok((Box::new(src), Some(list)))
}

pub fn run(args: ServeArgs) -> u8 {
    const CMD: &str = "vortex serve";
    tracing_subscriber::fmt()
        .with_max_level(args.log_level)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let target = match args.engine.target(CMD) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut cli = args.engine.overrides();
    if !args.music_folders.is_empty() {
        let abs: Vec<String> = args
            .music_folders
            .iter()
            .map(|f| {
                std::path::absolute(f)
                    .unwrap_or_else(|_| f.clone())
                    .display()
                    .to_string()
            })
            .collect();
        cli.set("--music-folder", "server.music_folders", abs);
    }
    if let Some(l) = args.listen {
        cli.set("--listen", "server.bind", l.ip().to_string()).set(
            "--listen",
            "server.port",
            l.port(),
        );
    }
    for s in &args.set {
        cli.assign("--set", s);
    }
    let cfg = match engine_setup::load_config(CMD, args.engine.config.clone(), cli) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let default_pipeline = if args.demo {
        let demo = PipelineConfig::from_toml(DEMO_PIPELINE).expect("the demo pipeline is valid");
        PipelineSource::new(demo, PathBuf::new())
    } else {
        PipelineSource::passthrough()
    };
    let pipeline = match engine_setup::pipeline(CMD, &cfg, default_pipeline) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let rate = cfg.audio.sample_rate.unwrap_or(48_000);
    let (opened, spec) = match engine_setup::open_output(CMD, &cfg, target, rate, false) {
        Ok(o) => o,
        Err(code) => return code,
    };
    for n in &opened.notices {
        eprintln!("{CMD}: {n}");
    }
    let (src, playlist) = match source(
        &args,
        &cfg,
        SourceFormat {
            sample_rate: spec.sample_rate,
            channels: cfg.audio.channels,
        },
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{CMD}: {e}");
            return EXIT_USAGE;
        }
    };
    let engine_cfg = vortex_engine::engine::EngineConfig {
        monitor: Some(MonitorConfig::default()),
        ..engine_setup::engine_config(&cfg)
    };
    let engine = match Engine::start(engine_cfg, opened.sink, src, playlist, &pipeline) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{CMD}: {e}");
            return EXIT_CONFIG;
        }
    };
    let status = engine.status();
    eprintln!(
        "{CMD}: {} -> {} at {} Hz, {} channels, latency {:.1} ms",
        status.source, status.sink, spec.sample_rate, spec.channels, status.latency_ms
    );
    let mut notices = opened.notices.clone();
    for n in engine.sink_notices() {
        eprintln!("{CMD}: {n}");
        notices.push(n);
    }
    let Ok(listen) = format!("{}:{}", cfg.server.bind, cfg.server.port)
        .parse::<SocketAddr>()
        .or_else(|_| {
            use std::net::ToSocketAddrs;
            (cfg.server.bind.as_str(), cfg.server.port)
                .to_socket_addrs()
                .map_err(|_| ())
                .and_then(|mut a| a.next().ok_or(()))
        })
    else {
        eprintln!("{CMD}: cannot resolve {}", cfg.server.bind);
        return EXIT_CONFIG;
    };
    let config_file = args
        .engine
        .config
        .clone()
        .or_else(user_file_path)
        .unwrap_or_else(|| PathBuf::from("vortex.toml"));
    let config_dir = user_file_path()
        .and_then(|p| p.parent().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("."));
    let options = ServerOptions {
        listen,
        server: cfg.server.clone(),
        app_config: cfg.clone(),
        config_file,
        config_dir: config_dir.clone(),
        pipeline_dir: config_dir.clone(),
        driver: opened
            .driver
            .map_or_else(|| "none".to_string(), |d| format!("{d:?}").to_lowercase()),
        notices,
    };
    let runtime = match vortex_server::runtime() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{CMD}: cannot start the server's threads: {e}");
            return EXIT_FAILED;
        }
    };
    runtime.block_on(async move {
        let server = match Server::start(options, engine).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{CMD}: {e}");
                return EXIT_FAILED;
            }
        };
        // Registered before the address is printed: a client (or test) may stop us as
        // soon as it has read it.
        let stopped = stop_signal();
        let addr = server.local_addr();
        eprintln!(
            "{CMD}: web UI at http://{addr}/  (WebSocket ws://{addr}/ws, API http://{addr}/api/)"
        );
        if let Some(t) = server.created_token() {
            eprintln!(
                "{CMD}: access token (shown once; stored in {}): {t}",
                config_dir.join("token").display()
            );
        } else if server.requires_token() {
            eprintln!(
                "{CMD}: clients need the access token stored in {}",
                config_dir.join("token").display()
            );
        }
        stopped.await;
        eprintln!("{CMD}: stopping");
        match server.shutdown().await {
            Some(engine) => match engine.shutdown() {
                Ok(()) => EXIT_OK,
                Err(e) => {
                    eprintln!("{CMD}: {e}");
                    EXIT_FAILED
                }
            },
            None => {
                eprintln!("{CMD}: a client still held the engine; it stops with the process");
                EXIT_FAILED
            }
        }
    })
}
