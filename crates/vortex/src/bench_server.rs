//! `vortex bench --server`: the server's cost of monitoring. The engine plays a sine
//! through the reference load (65 536-tap FIR + 16 biquads per channel) into the paced
//! null sink with the monitor on; N WebSocket clients each ask for levels, the 2048-bin
//! spectrum, pitch and metrics at R Hz. Measured per thread from `/proc/self/task`: the
//! server's threads (tokio workers, named `vortex-server`), the monitor thread, and the
//! clients' own thread (not the server's cost); the intervals between frames at each
//! client; and the engine's underruns, first with no client, then with all of them.

use futures_util::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;
use vortex_dsp::generator::{GeneratorParams, Waveform};
use vortex_engine::app_config::AppConfig;
use vortex_engine::engine::{Engine, EngineConfig};
use vortex_engine::monitor::MonitorConfig;
use vortex_engine::reference_load::{REFERENCE_TAPS, reference_pipeline};
use vortex_engine::sink::StreamSpec;
use vortex_engine::sink::null::NullSink;
use vortex_engine::source::generator::GeneratorSource;
use vortex_server::{Server, ServerOptions};

/// What to run.
pub struct ServerBench<'a> {
    /// WebSocket clients.
    pub clients: usize,
    /// Frames per second each asks for.
    pub rate_hz: u32,
    /// Seconds measured (once without and once with the clients).
    pub seconds: f64,
    /// Where to write the reference IR.
    pub dir: &'a Path,
}

/// CPU time (user + system) of this process's threads by name, s.
fn thread_cpu() -> HashMap<String, f64> {
    // SAFETY: sysconf has no preconditions.
    let tick = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let mut by_name = HashMap::new();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return by_name;
    };
    for t in tasks.flatten() {
        let Ok(stat) = std::fs::read_to_string(t.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ... : utime and stime are fields 14 and 15.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let name = stat[open + 1..close].to_string();
        let f: Vec<&str> = stat[close + 2..].split(' ').collect();
        let ticks: f64 = f
            .get(11..13)
            .map(|v| v.iter().filter_map(|x| x.parse::<f64>().ok()).sum())
            .unwrap_or(0.0);
        *by_name.entry(name).or_insert(0.0) += ticks / tick;
    }
    by_name
}

fn cpu_of(a: &HashMap<String, f64>, b: &HashMap<String, f64>, prefix: &str) -> f64 {
    let sum = |m: &HashMap<String, f64>| {
        m.iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(_, v)| v)
            .sum::<f64>()
    };
    sum(b) - sum(a)
}

/// One client: subscribes and records when each monitoring frame arrived.
async fn client(
    url: String,
    rate_hz: u32,
    until: Instant,
) -> Result<(Vec<Instant>, usize), String> {
    let (mut ws, _) = tokio_tungstenite::connect_async(&url)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let sub = format!(
        r#"{{"message_id":1,"timestamp":0,"payload":{{"type":"set_monitoring","rate_hz":{rate_hz},"streams":{{"levels":true,"spectrum":true,"pitch":true,"metrics":true}}}}}}"#
    );
    ws.send(Message::Text(sub.into()))
        .await
        .map_err(|e| e.to_string())?;
    let (mut times, mut spectra) = (Vec::new(), 0);
    while let Ok(Some(Ok(m))) = tokio::time::timeout_at(until.into(), ws.next()).await {
        match m {
            Message::Text(t) if t.contains("\"type\":\"monitor\"") => times.push(Instant::now()),
            Message::Binary(_) => spectra += 1,
            _ => {}
        }
    }
    Ok((times, spectra))
}

/// Runs the benchmark and prints the results.
pub fn run(b: &ServerBench<'_>) -> Result<(), String> {
    const FS: u32 = 48_000;
    let pipeline = reference_pipeline(b.dir, FS, REFERENCE_TAPS)?;
    let spec = StreamSpec {
        sample_rate: FS,
        channels: 2,
        period_frames: 256,
    };
    let params = GeneratorParams {
        waveform: Waveform::Sine,
        freq_hz: 1000.0,
        level_dbfs: -6.0,
    };
    let source = GeneratorSource::new(&params, FS, 2, None).map_err(|e| e.to_string())?;
    let cfg = EngineConfig {
        block_frames: 256,
        monitor: Some(MonitorConfig::default()),
        ..EngineConfig::default()
    };
    let engine = Engine::start(
        cfg,
        Box::new(NullSink::new(spec, 2, Some(70))),
        Box::new(source),
        None,
        &pipeline,
    )
    .map_err(|e| e.to_string())?;
    let mut app_config = AppConfig::default();
    app_config.server.max_clients = b.clients.max(1);
    app_config.server.client_queue = 4;
    let options = ServerOptions {
        listen: "127.0.0.1:0".parse().expect("an address"),
        server: app_config.server.clone(),
        app_config,
        config_file: b.dir.join("config.toml"),
        config_dir: b.dir.to_path_buf(),
        pipeline_dir: b.dir.to_path_buf(),
        driver: "null".into(),
        notices: Vec::new(),
    };
    let server_rt = vortex_server::runtime().map_err(|e| e.to_string())?;
    let server = server_rt
        .block_on(Server::start(options, engine))
        .map_err(|e| e.to_string())?;
    let url = format!("ws://{}/ws", server.local_addr());
    let engine_metrics = || server.app().control.engine().metrics();
    println!(
        "server monitoring: {} clients x {} Hz (levels, 2048-bin spectrum, pitch, metrics); \
         engine: {REFERENCE_TAPS}-tap FIR + 16 biquads per channel, {FS} Hz stereo, period 256; \
         {:.0} s per phase",
        b.clients, b.rate_hz, b.seconds
    );
    let secs = Duration::from_secs_f64(b.seconds);
    // Settle, then the baseline: the same engine and server with no client.
    std::thread::sleep(Duration::from_secs(2));
    let (c0, u0, t0) = (thread_cpu(), engine_metrics().underruns, Instant::now());
    std::thread::sleep(secs);
    let (c1, u1, idle_s) = (
        thread_cpu(),
        engine_metrics().underruns,
        t0.elapsed().as_secs_f64(),
    );
    // With the clients (on their own thread, so their cost is not the server's).
    let clients_rt = tokio::runtime::Builder::new_current_thread()
        .thread_name("bench-clients")
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let warm = Duration::from_secs(1);
    let results = std::thread::Builder::new()
        .name("bench-clients".into())
        .spawn({
            let url = url.clone();
            let (n, rate) = (b.clients, b.rate_hz);
            let until = Instant::now() + warm + secs;
            move || {
                clients_rt.block_on(async move {
                    let tasks: Vec<_> = (0..n)
                        .map(|_| tokio::spawn(client(url.clone(), rate, until)))
                        .collect();
                    let mut out = Vec::new();
                    for t in tasks {
                        out.push(t.await.map_err(|e| e.to_string())?);
                    }
                    out.into_iter().collect::<Result<Vec<_>, String>>()
                })
            }
        })
        .map_err(|e| e.to_string())?;
    std::thread::sleep(warm);
    let (c2, u2, t2) = (thread_cpu(), engine_metrics().underruns, Instant::now());
    // Read the CPU times just before the clients stop (their thread's go with it).
    std::thread::sleep(secs.saturating_sub(Duration::from_millis(100)));
    let (c3, u3, busy_s) = (
        thread_cpu(),
        engine_metrics().underruns,
        t2.elapsed().as_secs_f64(),
    );
    let results = results
        .join()
        .map_err(|_| "a client panicked".to_string())??;
    let dropped = server.app().hub.dropped_frames();
    let pct = |cpu: f64, s: f64| 100.0 * cpu / s;
    let server_idle = pct(cpu_of(&c0, &c1, "vortex-server"), idle_s);
    let server_busy = pct(cpu_of(&c2, &c3, "vortex-server"), busy_s);
    let monitor_busy = pct(cpu_of(&c2, &c3, "vortex-monitor"), busy_s);
    let clients_busy = pct(cpu_of(&c2, &c3, "bench-clients"), busy_s);
    // Intervals between frames, over every client, after the warm-up.
    let mut gaps: Vec<f64> = Vec::new();
    let mut frames = 0;
    let mut spectra = 0;
    for (times, s) in &results {
        let times: Vec<&Instant> = times
            .iter()
            .filter(|t| **t >= t2 && **t <= t2 + secs)
            .collect();
        frames += times.len();
        spectra += s;
        gaps.extend(
            times
                .windows(2)
                .map(|w| (*w[1] - *w[0]).as_secs_f64() * 1e3),
        );
    }
    gaps.sort_by(f64::total_cmp);
    let p = |q: f64| {
        gaps.get(((gaps.len() as f64 * q) as usize).min(gaps.len().saturating_sub(1)))
            .copied()
            .unwrap_or(f64::NAN)
    };
    let rate = frames as f64 / busy_s / b.clients.max(1) as f64;
    println!("{:<44} {:>10} {:>10}", "", "no client", "clients");
    println!(
        "{:<44} {:>9.2}% {:>9.2}%",
        "server threads CPU (of one core)", server_idle, server_busy
    );
    println!(
        "{:<44} {:>10} {:>9.2}%",
        "monitor thread CPU (analysis, engine side)", "", monitor_busy
    );
    println!(
        "{:<44} {:>10} {:>9.2}%",
        "client thread CPU (not the server's)", "", clients_busy
    );
    println!("{:<44} {:>10} {:>10}", "engine underruns", u1 - u0, u3 - u2);
    println!(
        "frames per client: {rate:.1}/s (asked {}), spectra {spectra}, dropped for slow clients {dropped}",
        b.rate_hz
    );
    println!(
        "interval between frames, ms: p50 {:.1}  p99 {:.1}  max {:.1}",
        p(0.5),
        p(0.99),
        gaps.last().copied().unwrap_or(f64::NAN)
    );
    let ok_cpu = server_busy < 3.0;
    let ok_p99 = p(0.99) < 25.0;
    let ok_underruns = u3 - u2 == 0;
    println!(
        "targets: server CPU < 3% {}, p99 interval < 25 ms {}, no underruns {}",
        if ok_cpu { "met" } else { "NOT MET" },
        if ok_p99 { "met" } else { "NOT MET" },
        if ok_underruns { "met" } else { "NOT MET" }
    );
    if let Some(engine) = server_rt.block_on(server.shutdown()) {
        engine.shutdown().map_err(|e| e.to_string())?;
    }
    Ok(())
}
