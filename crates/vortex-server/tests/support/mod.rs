//! A real server on a free port, playing a 1 kHz sine through the real engine into the
//! real-time-paced null sink, and a real WebSocket client (tokio-tungstenite).

#![allow(dead_code)] // each test file uses a different part

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;
use vortex_dsp::generator::{GeneratorParams, Waveform};
use vortex_engine::app_config::AppConfig;
use vortex_engine::config::PipelineConfig;
use vortex_engine::decode::DecodeOptions;
use vortex_engine::engine::{Engine, EngineConfig};
use vortex_engine::monitor::MonitorConfig;
use vortex_engine::playlist::Playlist;
use vortex_engine::process::PipelineSource;
use vortex_engine::sink::StreamSpec;
use vortex_engine::sink::null::NullSink;
use vortex_engine::source::generator::GeneratorSource;
use vortex_engine::source::playlist::PlaylistSource;
use vortex_engine::source::{Source, SourceFormat};
use vortex_protocol::{ServerEnvelope, ServerMessage};
use vortex_server::{Server, ServerOptions};

/// Sample rate of the test engine, Hz.
pub const FS: u32 = 48_000;
/// The generator: a 1 kHz sine with a peak of -6 dBFS.
pub const TONE_HZ: f64 = 1000.0;
pub const TONE_PEAK_DBFS: f64 = -6.0;

/// A pipeline with one adjustable filter named `trim`.
pub const PIPELINE: &str = r#"
[filters.trim]
type = "gain"
gain = 0.0

[[steps]]
type = "filter"
names = ["trim"]
"#;

pub struct TestServer {
    pub server: Server,
    pub addr: SocketAddr,
    pub dir: tempfile::TempDir,
}

/// What the test engine plays.
pub enum Play {
    /// The 1 kHz sine, endlessly.
    Tone,
    /// A playlist, empty at start.
    Playlist,
}

/// Starts a server on `listen` (port 0: any) with `tweak` applied to its options.
pub async fn start_on(listen: &str, tweak: impl FnOnce(&mut ServerOptions)) -> TestServer {
    start_playing(Play::Tone, listen, tweak).await
}

/// Starts a server playing `play` on `listen`.
pub async fn start_playing(
    play: Play,
    listen: &str,
    tweak: impl FnOnce(&mut ServerOptions),
) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let spec = StreamSpec {
        sample_rate: FS,
        channels: 2,
        period_frames: 256,
    };
    let params = GeneratorParams {
        waveform: Waveform::Sine,
        freq_hz: TONE_HZ,
        level_dbfs: TONE_PEAK_DBFS,
    };
    let (source, playlist): (Box<dyn Source>, _) = match play {
        Play::Tone => (
            Box::new(GeneratorSource::new(&params, FS, 2, None).unwrap()),
            None,
        ),
        Play::Playlist => {
            let list = Arc::new(Mutex::new(Playlist::new(100)));
            let format = SourceFormat {
                sample_rate: FS,
                channels: 2,
            };
            let src = PlaylistSource::new(list.clone(), DecodeOptions::default(), format);
            (Box::new(src), Some(list))
        }
    };
    let cfg = EngineConfig {
        block_frames: 256,
        monitor: Some(MonitorConfig::default()),
        ..EngineConfig::default()
    };
    let pipeline =
        PipelineSource::new(PipelineConfig::from_toml(PIPELINE).unwrap(), PathBuf::new());
    let engine = Engine::start(
        cfg,
        Box::new(NullSink::new(spec, 2, None)),
        source,
        playlist,
        &pipeline,
    )
    .unwrap();
    let mut app_config = AppConfig::default();
    app_config.server.music_folders = vec![dir.path().join("music")];
    std::fs::create_dir_all(dir.path().join("music")).unwrap();
    let mut options = ServerOptions {
        listen: listen.parse().unwrap(),
        server: app_config.server.clone(),
        app_config,
        config_file: dir.path().join("config/config.toml"),
        config_dir: dir.path().join("config"),
        pipeline_dir: dir.path().to_path_buf(),
        driver: "null".into(),
        notices: vec![],
    };
    tweak(&mut options);
    let server = Server::start(options, engine).await.unwrap();
    let addr = server.local_addr();
    TestServer { server, addr, dir }
}

/// Starts a server on loopback.
pub async fn start(tweak: impl FnOnce(&mut ServerOptions)) -> TestServer {
    start_on("127.0.0.1:0", tweak).await
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A WebSocket client.
pub struct Client {
    pub ws: Ws,
    next_id: u64,
}

/// A message from the server: JSON (parsed as a protocol envelope) or binary.
#[derive(Debug)]
pub enum Received {
    Json(Box<ServerEnvelope>),
    Binary(Vec<u8>),
}

impl Client {
    pub async fn connect(addr: SocketAddr) -> Client {
        Self::connect_url(&format!("ws://{addr}/ws")).await.unwrap()
    }

    pub async fn connect_url(url: &str) -> Result<Client, tokio_tungstenite::tungstenite::Error> {
        let (ws, _) = tokio_tungstenite::connect_async(url).await?;
        Ok(Client { ws, next_id: 1 })
    }

    /// Sends a raw text frame.
    pub async fn send_text(&mut self, text: String) {
        self.ws.send(Message::Text(text.into())).await.unwrap();
    }

    /// Sends `payload` in an envelope; returns its message_id.
    pub async fn send(&mut self, payload: Value) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let env = json!({"message_id": id, "timestamp": 1.0, "payload": payload});
        self.send_text(env.to_string()).await;
        id
    }

    /// The next message, or None on close or after `timeout`.
    pub async fn recv(&mut self, timeout: Duration) -> Option<Received> {
        loop {
            let m = tokio::time::timeout(timeout, self.ws.next())
                .await
                .ok()??
                .ok()?;
            match m {
                Message::Text(t) => {
                    let env: ServerEnvelope = serde_json::from_str(&t)
                        .unwrap_or_else(|e| panic!("server sent an invalid message: {e}: {t}"));
                    return Some(Received::Json(Box::new(env)));
                }
                Message::Binary(b) => return Some(Received::Binary(b.to_vec())),
                Message::Close(_) => return None,
                _ => {}
            }
        }
    }

    /// The next JSON message that `want` accepts (others are skipped), within 5 s.
    pub async fn expect(
        &mut self,
        what: &str,
        want: impl Fn(&ServerEnvelope) -> bool,
    ) -> ServerEnvelope {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.recv(left).await {
                Some(Received::Json(env)) if want(&env) => return *env,
                Some(_) => {}
                None => panic!("no {what} within 5 s"),
            }
        }
    }

    /// The reply to request `id`.
    pub async fn reply(&mut self, id: u64) -> ServerMessage {
        self.expect(&format!("reply to {id}"), |e| e.message_id == id)
            .await
            .payload
    }

    /// Reads past the greeting (welcome, snapshot); returns the client id.
    pub async fn greeted(&mut self) -> u64 {
        let w = self
            .expect("welcome", |e| {
                matches!(e.payload, ServerMessage::Welcome { .. })
            })
            .await;
        let ServerMessage::Welcome { client_id, .. } = w.payload else {
            unreachable!()
        };
        self.expect("snapshot", |e| {
            matches!(e.payload, ServerMessage::Snapshot { .. })
        })
        .await;
        client_id
    }
}

/// A minimal HTTP/1.1 request; returns the status and the body.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> (u16, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let body = body.unwrap_or("");
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: {addr}\r\n"));
    }
    if !body.is_empty() {
        req.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    // Chunked bodies: good enough to keep the chunks' text for `contains` checks and
    // to strip the size lines for JSON.
    (status, dechunk(&text, body))
}

fn dechunk(head: &str, body: String) -> String {
    if !head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return body;
    }
    let mut out = String::new();
    let mut rest = body.as_str();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n.min(after.len())]);
        rest = after.get(n + 2..).unwrap_or("");
    }
    out
}
