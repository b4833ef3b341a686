//! The HTTP API under `/api/` and Prometheus `/metrics`.
//!
//! | route | what |
//! |---|---|
//! | `GET /api/health` | liveness (no token needed) |
//! | `GET /api/version` | server and protocol versions |
//! | `GET /api/state` | the engine state (as the `snapshot` message) |
//! | `GET /api/config[?layer=file]`, `PUT /api/config` | the configuration running (or, `layer=file`, the user's file over the defaults); a PUT is validated and saved to the user's file (used at the next start) |
//! | `GET /api/presets`, `GET/PUT/DELETE /api/presets/{name}` | pipeline presets, files under the config dir |
//! | `GET /api/files?path=...` | the music folders' contents |
//! | `POST /api/import`, `GET /api/devices`, `GET/PUT /api/ui-preferences` | for the web UI ([`crate::ui_api`]) |
//! | `GET /metrics` | Prometheus text format |
//!
//! Errors are JSON protocol errors (`{code, message, context}`) with a matching HTTP
//! status.

use crate::control::{field_errors, file_error_code, invalid_fields};
use crate::files::FileError;
use crate::presets::PresetError;
use crate::server::App;
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use vortex_engine::app_config::{AppConfig, LoadOptions};
use vortex_engine::config::PipelineConfig;
use vortex_protocol::{ErrorCode, FieldError, PROTOCOL_VERSION, ProtocolError};

/// Largest request body, bytes.
pub const MAX_BODY: usize = 1 << 20;

/// A protocol error as an HTTP response.
pub struct ApiError(pub ProtocolError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match self.0.code {
            ErrorCode::InvalidMessage | ErrorCode::UnknownCommand => StatusCode::BAD_REQUEST,
            ErrorCode::InvalidParameter => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::UnknownTarget | ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::PathNotAllowed => StatusCode::FORBIDDEN,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::MessageTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::RateLimited | ErrorCode::TooManyClients => StatusCode::TOO_MANY_REQUESTS,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, Json(self.0)).into_response()
    }
}

/// A protocol error with `code` and `message`, as an HTTP response.
pub fn err(code: ErrorCode, message: impl Into<String>) -> ApiError {
    ApiError(ProtocolError::new(code, message))
}

impl From<PresetError> for ApiError {
    fn from(e: PresetError) -> Self {
        let code = match &e {
            PresetError::InvalidName { .. } => ErrorCode::PathNotAllowed,
            PresetError::NotFound { .. } => ErrorCode::NotFound,
            PresetError::TooLarge { .. } => ErrorCode::MessageTooLarge,
            PresetError::Io { .. } => ErrorCode::Internal,
        };
        err(code, e.to_string())
    }
}

impl From<FileError> for ApiError {
    fn from(e: FileError) -> Self {
        err(file_error_code(&e), e.to_string())
    }
}

/// The routes that need the token (when one is required).
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/api/version", get(version))
        .route("/api/state", get(state))
        .route("/api/config", get(get_config).put(put_config))
        .route("/api/presets", get(list_presets))
        .route(
            "/api/presets/{name}",
            get(get_preset).put(put_preset).delete(delete_preset),
        )
        .route("/api/files", get(files))
        .route("/metrics", get(metrics))
        .merge(crate::ui_api::routes())
}

/// `GET /api/health`.
pub async fn health(State(app): State<Arc<App>>) -> Json<serde_json::Value> {
    Json(json!({
        "status": "ok",
        "uptime_s": app.started.elapsed().as_secs_f64(),
        "clients": app.hub.len(),
        "engine": format!("{:?}", app.control.engine().status().state).to_lowercase(),
    }))
}

async fn version() -> Json<serde_json::Value> {
    Json(json!({
        "name": "vortex",
        "version": env!("CARGO_PKG_VERSION"),
        "protocol_version": PROTOCOL_VERSION,
    }))
}

async fn state(State(app): State<Arc<App>>) -> Json<vortex_protocol::EngineState> {
    Json(app.control.state())
}

/// Query of `GET /api/config`.
#[derive(Debug, Deserialize)]
pub struct ConfigQuery {
    /// `effective` (default): what this server runs with, command-line options and
    /// environment included; `file`: the built-in defaults and the user's file only,
    /// which is what an editor should start from (`PUT` replaces that file).
    #[serde(default)]
    pub layer: Option<String>,
}

async fn get_config(
    State(app): State<Arc<App>>,
    Query(q): Query<ConfigQuery>,
) -> Result<Json<AppConfig>, ApiError> {
    match q.layer.as_deref() {
        None | Some("effective") => Ok(Json(
            app.config.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        )),
        Some("file") => {
            let file = &app.options.config_file;
            if !file.exists() {
                return Ok(Json(AppConfig::default()));
            }
            AppConfig::load(&LoadOptions::file_only(file))
                .map(|l| Json(l.config))
                .map_err(|e| err(ErrorCode::Internal, e.to_string()))
        }
        Some(other) => Err(ApiError(
            ProtocolError::new(
                ErrorCode::InvalidParameter,
                format!("layer must be \"effective\" or \"file\", not \"{other}\""),
            )
            .at("layer"),
        )),
    }
}

/// The body as JSON, within [`MAX_BODY`].
///
/// # Errors
///
/// `message_too_large` or `invalid_message`.
pub fn body_json(body: &Bytes) -> Result<serde_json::Value, ApiError> {
    if body.len() > MAX_BODY {
        return Err(err(
            ErrorCode::MessageTooLarge,
            format!("the body has {} bytes; at most {MAX_BODY}", body.len()),
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        err(
            ErrorCode::InvalidMessage,
            format!("the body is not JSON: {e}"),
        )
    })
}

/// `PUT /api/config`: the whole configuration as JSON. It is checked exactly as a
/// config file is (written to a temporary file next to the user's and loaded), and
/// saved by renaming that file over the user's.
async fn put_config(State(app): State<Arc<App>>, body: Bytes) -> Result<Response, ApiError> {
    let mut value = body_json(&body)?;
    vortex_engine::config::drop_nulls(&mut value);
    let text = toml::Table::try_from(&value)
        .map_err(|e| {
            err(
                ErrorCode::InvalidParameter,
                format!("not a configuration: {e}"),
            )
        })?
        .to_string();
    let target = app.options.config_file.clone();
    let dir = target
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let io = |e: std::io::Error| err(ErrorCode::Internal, format!("{}: {e}", dir.display()));
    std::fs::create_dir_all(&dir).map_err(io)?;
    let tmp = crate::atomic_write::synced_temp(&dir, ".config-", text.as_bytes()).map_err(io)?;
    let loaded = AppConfig::load(&LoadOptions::file_only(tmp.path())).map_err(|e| {
        let problems: Vec<FieldError> = e
            .problems
            .into_iter()
            .map(|p| FieldError {
                path: p.path,
                message: p.message,
            })
            .collect();
        ApiError(invalid_fields(&problems, ""))
    })?;
    tmp.persist(&target).map_err(|e| io(e.error))?;
    *app.config.lock().unwrap_or_else(|e| e.into_inner()) = loaded.config;
    Ok(Json(json!({
        "saved": target.display().to_string(),
        "restart_required": true,
    }))
    .into_response())
}

async fn list_presets(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    Ok(Json(app.presets.list()?).into_response())
}

/// `GET /api/presets/{name}`: the pipeline as JSON (the form `set_pipeline` takes).
async fn get_preset(
    State(app): State<Arc<App>>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let text = app.presets.get(&name)?;
    let cfg = PipelineConfig::from_toml(&text).map_err(|e| {
        err(
            ErrorCode::Internal,
            format!("preset \"{name}\" is not a valid pipeline: {e}"),
        )
    })?;
    Ok(Json(cfg.to_json()).into_response())
}

/// `PUT /api/presets/{name}`: a pipeline as JSON, checked (fields and types) before
/// it is stored.
async fn put_preset(
    State(app): State<Arc<App>>,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    crate::presets::validate_name(&name)?;
    let value = body_json(&body)?;
    let cfg = PipelineConfig::from_json(&value)
        .map_err(|e| ApiError(invalid_fields(&field_errors(&e), "")))?;
    let created = app.presets.save(&name, &cfg.to_toml())?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(json!({ "name": name, "created": created }))).into_response())
}

async fn delete_preset(
    State(app): State<Arc<App>>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    app.presets.delete(&name)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Query of `GET /api/files`.
#[derive(Debug, Deserialize)]
pub struct FilesQuery {
    /// Virtual path (`<folder>/<sub/dir>`); empty or absent lists the folders.
    #[serde(default)]
    pub path: String,
}

async fn files(
    State(app): State<Arc<App>>,
    Query(q): Query<FilesQuery>,
) -> Result<Response, ApiError> {
    // A large or slow folder must not hold the runtime's worker.
    let listing = tokio::task::block_in_place(|| app.control.files().list(&q.path))?;
    Ok(Json(listing).into_response())
}

/// `GET /metrics`: engine and server metrics in the Prometheus text format.
async fn metrics(State(app): State<Arc<App>>) -> Response {
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
    let handle = recorder.handle();
    let engine = app.control.engine();
    let m = engine.metrics();
    metrics::with_local_recorder(&recorder, || {
        let g = |name: &'static str, v: f64| metrics::gauge!(name).set(v);
        let c = |name: &'static str, v: u64| metrics::counter!(name).absolute(v);
        g("vortex_engine_load", m.load_last);
        g("vortex_engine_load_max", m.load_max);
        g("vortex_engine_load_mean", m.load_mean);
        g("vortex_engine_callback_max_us", m.callback_max_us);
        g("vortex_engine_latency_ms", m.output_latency_ms);
        g("vortex_engine_queued_blocks", m.queued_blocks as f64);
        c("vortex_engine_callbacks_total", m.callbacks);
        c("vortex_engine_frames_total", m.frames);
        c("vortex_engine_underruns_total", m.underruns);
        c("vortex_engine_deadline_misses_total", m.deadline_misses);
        c("vortex_engine_xruns_total", m.sink_xruns);
        c(
            "vortex_engine_monitor_dropped_frames_total",
            m.monitor_dropped_frames,
        );
        g("vortex_server_clients", app.hub.len() as f64);
        c("vortex_server_messages_total", app.counters.messages());
        c(
            "vortex_server_dropped_frames_total",
            app.hub.dropped_frames(),
        );
        for (code, n) in app.counters.errors() {
            metrics::counter!("vortex_server_errors_total", "code" => code).absolute(n);
        }
    });
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}
