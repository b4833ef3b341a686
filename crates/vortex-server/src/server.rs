//! The server: binds, routes (`/ws`, `/api/...`, `/metrics`, the UI at `/`), checks
//! the access token, pushes state changes and engine events to every client, and shuts
//! down cleanly.

use crate::control::Control;
use crate::fanout::FrameSource;
use crate::files::FileBrowser;
use crate::hub::Hub;
use crate::presets::PresetStore;
use crate::session::{self, text};
use crate::{assets, rest, token};
use axum::Router;
use axum::extract::{Request, State, WebSocketUpgrade};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::serve::ListenerExt;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use vortex_engine::app_config::{AppConfig, ServerConfig};
use vortex_engine::engine::Engine;
use vortex_engine::realtime::event::Event;
use vortex_protocol::{
    EngineEvent, ErrorCode, Limits, MessageEnvelope, ProtocolError, ServerMessage,
};

/// How often the engine's state is compared with what clients were last told.
const STATE_POLL: Duration = Duration::from_millis(100);
/// A state change this soon after a client's command is attributed to that client.
const CAUSE_WINDOW: Duration = Duration::from_secs(1);
/// Underrun events are summed over this window, so a starving engine cannot flood
/// clients.
const UNDERRUN_WINDOW: Duration = Duration::from_millis(250);
/// Largest WebSocket message read at all, as a multiple of `max_message_bytes` (at
/// least 1 MiB); larger ones close the connection. Up to it a message beyond
/// `max_message_bytes` gets a `message_too_large` error and the connection stays.
const HARD_MESSAGE_FACTOR: usize = 4;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Limits and folders (`[server]` of the configuration).
    pub server: ServerConfig,
    /// The whole configuration, for `GET /api/config`.
    pub app_config: AppConfig,
    /// Where `PUT /api/config` writes (the user's config file).
    pub config_file: PathBuf,
    /// The user's config directory: the token, `presets/`.
    pub config_dir: PathBuf,
    /// Where relative paths in pipelines sent by clients resolve.
    pub pipeline_dir: PathBuf,
    /// The output driver in use, for the state.
    pub driver: String,
    /// What happened while opening the output (drivers that failed), told to every
    /// client on connect.
    pub notices: Vec<String>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The address is taken or not ours.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// The token file could not be read or written.
    #[error(transparent)]
    Token(#[from] token::TokenError),
}

/// Message and error counts, for `/metrics`.
#[derive(Debug, Default)]
pub struct Counters {
    messages: AtomicU64,
    errors: Mutex<HashMap<&'static str, u64>>,
}

impl Counters {
    /// Counts a message received.
    pub fn message(&self) {
        self.messages.fetch_add(1, Relaxed);
    }

    /// Counts an error sent.
    pub fn error(&self, code: ErrorCode) {
        *self
            .errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(code.as_str())
            .or_default() += 1;
    }

    /// Messages received so far.
    pub fn messages(&self) -> u64 {
        self.messages.load(Relaxed)
    }

    /// Errors sent so far, by code.
    pub fn errors(&self) -> Vec<(&'static str, u64)> {
        let mut v: Vec<_> = self
            .errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(k, v)| (*k, *v))
            .collect();
        v.sort();
        v
    }
}

/// Everything the routes and sessions share.
pub struct App {
    /// The engine, as clients control it.
    pub control: Control,
    /// The connected clients.
    pub hub: Hub,
    /// Monitoring frames.
    pub frames: Arc<FrameSource>,
    /// Options.
    pub options: ServerOptions,
    /// Message limits for parsing.
    pub limits: Limits,
    /// Presets under the config dir.
    pub presets: PresetStore,
    /// The web UI's saved preferences, under the config dir.
    pub ui_prefs: crate::ui_prefs::UiPrefsStore,
    /// The token clients must present, when one is required.
    pub token: Option<String>,
    /// Driver notices for new clients.
    pub notices: Vec<String>,
    /// Counts.
    pub counters: Counters,
    /// When the server started.
    pub started: Instant,
    /// The configuration as last saved through the API.
    pub config: Mutex<AppConfig>,
    /// Becomes true when the server shuts down: sessions end.
    pub closing: tokio::sync::watch::Receiver<bool>,
    pending_cause: Mutex<Option<(u64, Instant)>>,
}

impl App {
    /// Tells every client about a state change, if there was one; `cause` is the
    /// client whose command may have caused it (also remembered for changes the
    /// engine makes a moment later, such as a pause fading out).
    pub fn publish(&self, cause: Option<u64>) {
        let mut pending = self.pending_cause.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = cause {
            *pending = Some((c, Instant::now()));
        }
        let Some(state) = self.control.changed() else {
            return;
        };
        let cause = pending
            .filter(|(_, at)| at.elapsed() < CAUSE_WINDOW)
            .map(|(c, _)| c);
        // Still holding `pending`: changes are broadcast in the order of their
        // versions, whichever thread found them.
        self.hub
            .broadcast(&text(&MessageEnvelope::push(ServerMessage::StateChanged {
                state,
                cause,
            })));
    }

    fn event(&self, event: EngineEvent) {
        self.hub
            .broadcast(&text(&MessageEnvelope::push(ServerMessage::Event {
                event,
            })));
    }
}

/// The runtime the server runs on: one worker thread (named `vortex-server`, as are
/// its blocking threads). One worker is enough for the clients the server takes and
/// costs less than two: no work stealing, no cross-thread wake-ups (8 clients at
/// 60 Hz: 2.1 % of a core against 2.9 % with two workers, `vortex bench --server`).
///
/// # Errors
/// The OS refused the threads.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("vortex-server")
        .enable_all()
        .build()
}

/// A running server.
pub struct Server {
    app: Arc<App>,
    addr: SocketAddr,
    created_token: Option<String>,
    shutdown: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Binds `options.listen` and starts serving `engine`.
    ///
    /// # Errors
    /// [`ServerError`] if the address cannot be bound or the token cannot be stored.
    pub async fn start(options: ServerOptions, engine: Engine) -> Result<Server, ServerError> {
        let needs_token = options.server.require_token || !token::is_loopback(&options.listen);
        let (token, created_token) = if needs_token {
            let (t, created) = token::load_or_create(&options.config_dir)?;
            (Some(t.clone()), created.then_some(t))
        } else {
            (None, None)
        };
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .map_err(|source| ServerError::Bind {
                addr: options.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| ServerError::Bind {
            addr: options.listen,
            source,
        })?;
        let engine = Arc::new(engine);
        let events = engine.take_events();
        let folders = music_folders(&options.server);
        let (shutdown, mut stop) = tokio::sync::watch::channel(false);
        let app = Arc::new(App {
            control: Control::new(
                engine.clone(),
                FileBrowser::new(&folders),
                options.pipeline_dir.clone(),
                options.driver.clone(),
            ),
            hub: Hub::new(options.server.max_clients, options.server.client_queue),
            frames: Arc::new(FrameSource::new(engine)),
            limits: Limits {
                max_message_bytes: options.server.max_message_bytes,
            },
            presets: PresetStore::new(options.config_dir.join("presets")),
            ui_prefs: crate::ui_prefs::UiPrefsStore::new(&options.config_dir),
            token,
            notices: options.notices.clone(),
            counters: Counters::default(),
            started: Instant::now(),
            config: Mutex::new(options.app_config.clone()),
            closing: shutdown.subscribe(),
            pending_cause: Mutex::new(None),
            options,
        });
        app.publish(None);
        tokio::spawn(watch_state(app.clone(), shutdown.subscribe()));
        if let Some(events) = events {
            let app = app.clone();
            let stop = shutdown.subscribe();
            tokio::task::spawn_blocking(move || forward_events(&app, &events, &stop));
        }
        let router = router(app.clone());
        // No Nagle: a small JSON frame after a large spectrum would otherwise wait for
        // the client's delayed ACK (40 ms), stretching the interval between frames.
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let task = tokio::spawn(async move {
            let serve = axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async move {
                let _ = stop.wait_for(|s| *s).await;
            });
            if let Err(e) = serve.await {
                tracing::error!("server failed: {e}");
            }
        });
        tracing::info!("listening on http://{addr}");
        Ok(Server {
            app,
            addr,
            created_token,
            shutdown,
            task,
        })
    }

    /// The address bound (with the port chosen when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token, if it was created by this start (to print once).
    pub fn created_token(&self) -> Option<&str> {
        self.created_token.as_deref()
    }

    /// Whether clients must present a token.
    pub fn requires_token(&self) -> bool {
        self.app.token.is_some()
    }

    /// Shared state (for tests and benchmarks).
    pub fn app(&self) -> &Arc<App> {
        &self.app
    }

    /// Closes every client (after what is queued for it is sent), stops serving, and
    /// returns the engine for the caller to shut down.
    pub async fn shutdown(self) -> Option<Engine> {
        // Clients get their queued messages and a close frame, then sessions end
        // (a client that does not read cannot hold the shutdown up).
        self.app.hub.close_all();
        tokio::time::sleep(Duration::from_millis(200)).await;
        let _ = self.shutdown.send(true);
        let abort = self.task.abort_handle();
        if tokio::time::timeout(Duration::from_secs(5), self.task)
            .await
            .is_err()
        {
            abort.abort();
        }
        let engine = self.app.control.engine().clone();
        drop(self.app);
        // Give sessions a moment to let go of their references.
        for _ in 0..100 {
            if Arc::strong_count(&engine) == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Arc::try_unwrap(engine).ok()
    }
}

/// The configured music folders, or the platform's music folder.
fn music_folders(s: &ServerConfig) -> Vec<PathBuf> {
    if !s.music_folders.is_empty() {
        return s.music_folders.clone();
    }
    directories::UserDirs::new()
        .and_then(|d| d.audio_dir().map(PathBuf::from))
        .into_iter()
        .collect()
}

/// Pushes state changes the engine makes by itself (a track ends, the next starts).
async fn watch_state(app: Arc<App>, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(STATE_POLL);
    loop {
        tokio::select! {
            _ = tick.tick() => app.publish(None),
            _ = stop.changed() => return,
        }
    }
}

/// Turns the engine's events into protocol events for every client (on a blocking
/// thread: the engine's receiver is a std channel).
fn forward_events(
    app: &App,
    events: &std::sync::mpsc::Receiver<Event>,
    stop: &tokio::sync::watch::Receiver<bool>,
) {
    let mut underrun: Option<(u64, Instant)> = None;
    // Stop when told to, or when the server is gone (the sender dropped).
    while !*stop.borrow() && stop.has_changed().is_ok() {
        let e = events.recv_timeout(Duration::from_millis(50));
        if let Some((frames, since)) = underrun
            && since.elapsed() >= UNDERRUN_WINDOW
        {
            app.event(EngineEvent::BufferPoolExhausted { frames });
            underrun = None;
        }
        let e = match e {
            Ok(e) => e,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => continue,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        let event = match e {
            // A source without items (a generator) starting is no track change.
            Event::TrackStarted { item: 0 } => continue,
            Event::TrackStarted { item } => {
                let path = app
                    .control
                    .engine()
                    .playlist()
                    .ok()
                    .and_then(|(items, _)| items.into_iter().find(|i| i.id == item))
                    .map(|i| i.path.display().to_string())
                    .unwrap_or_default();
                EngineEvent::TrackChanged { item, path }
            }
            Event::TrackError { item, message } => EngineEvent::FileSkipped { item, message },
            Event::SourceFailed { message } | Event::Notice { message } => {
                EngineEvent::Notice { message }
            }
            Event::Underrun { frames } => {
                underrun.get_or_insert((0, Instant::now())).0 += frames as u64;
                continue;
            }
            Event::EndOfStream => EngineEvent::EndOfStream,
            Event::PipelineChanged => EngineEvent::PipelineChanged,
        };
        app.event(event);
        app.publish(None);
    }
}

/// Refuses requests without the token, when one is required.
/// Whether `authority` (`host[:port]`) names this machine's loopback.
fn loopback_authority(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Without a token the server trusts only its own machine, so it also refuses what
/// a web page elsewhere could send through the user's browser: a `Host` that is not a
/// loopback name (DNS rebinding) or an `Origin` of another site.
fn local_request(req: &Request) -> bool {
    let header = |h| req.headers().get(h).and_then(|v| v.to_str().ok());
    let host_ok = header(header::HOST).is_none_or(loopback_authority);
    let origin_ok = header(header::ORIGIN).is_none_or(|o| {
        o.split_once("://")
            .is_some_and(|(_, authority)| loopback_authority(authority.trim_end_matches('/')))
    });
    host_ok && origin_ok
}

async fn require_token(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let Some(expected) = &app.token else {
        if local_request(&req) {
            return next.run(req).await;
        }
        let err = ProtocolError::new(
            ErrorCode::Unauthorized,
            "without a token this server answers only pages served from this machine \
             (Host and Origin must be loopback)",
        );
        return (StatusCode::FORBIDDEN, axum::Json(err)).into_response();
    };
    let auth = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let given = token::token_from_request(req.uri().query(), auth);
    if given.is_some_and(|g| token::token_matches(expected, &g)) {
        return next.run(req).await;
    }
    let err = ProtocolError::new(
        ErrorCode::Unauthorized,
        "this server needs its access token: add ?token=... or an Authorization: Bearer header",
    );
    (StatusCode::UNAUTHORIZED, axum::Json(err)).into_response()
}

async fn websocket(State(app): State<Arc<App>>, ws: WebSocketUpgrade) -> Response {
    let hard = (app.options.server.max_message_bytes * HARD_MESSAGE_FACTOR).max(1 << 20);
    ws.max_message_size(hard)
        .max_frame_size(hard)
        .on_upgrade(move |socket| session::run(socket, app))
}

fn router(app: Arc<App>) -> Router {
    let protected = Router::new()
        .route("/ws", get(websocket))
        .merge(rest::routes())
        .route_layer(middleware::from_fn_with_state(app.clone(), require_token));
    Router::new()
        .merge(protected)
        .route("/api/health", get(rest::health))
        .fallback(assets::serve)
        .with_state(app)
}
