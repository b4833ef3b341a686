//! The HTTP routes the web UI needs beyond the protocol:
//!
//! | route | what |
//! |---|---|
//! | `POST /api/import?name=FILE` | an EqualizerAPO/AutoEQ or REW EQ file (the body, up to 1 MiB) as a pipeline |
//! | `GET /api/devices` | the audio devices of every host, and the driver choices |
//! | `GET /api/ui-preferences`, `PUT /api/ui-preferences` | the UI's saved preferences (a JSON object) |

use crate::rest::{ApiError, MAX_BODY, body_json, err};
use crate::server::App;
use crate::ui_prefs::UiPrefsError;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use vortex_engine::app_config::DriverChoice;
use vortex_engine::import::{EqFormat, import_bytes};
use vortex_engine::pipeline_file::eq_to_pipeline;
use vortex_protocol::ErrorCode;

/// The routes (behind the token, when one is required).
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/api/import", post(import))
        .route("/api/devices", get(devices))
        .route("/api/ui-preferences", get(get_ui_prefs).put(put_ui_prefs))
}

/// Query of `POST /api/import`.
#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    /// The uploaded file's name, for messages (default `upload`).
    #[serde(default)]
    pub name: Option<String>,
}

/// `POST /api/import`: `{format, pipeline, preamp_db, warnings}`; a file that does not
/// parse is `invalid_parameter` with the message naming the line.
async fn import(Query(q): Query<ImportQuery>, body: Bytes) -> Result<Response, ApiError> {
    if body.len() > MAX_BODY {
        return Err(err(
            ErrorCode::MessageTooLarge,
            format!("the file has {} bytes; at most {MAX_BODY}", body.len()),
        ));
    }
    let name = q.name.unwrap_or_else(|| "upload".into());
    let eq =
        import_bytes(&body, &name).map_err(|e| err(ErrorCode::InvalidParameter, e.to_string()))?;
    Ok(Json(json!({
        "format": match eq.format {
            EqFormat::EqualizerApo => "equalizer_apo",
            EqFormat::Rew => "rew",
        },
        "pipeline": eq_to_pipeline(&eq).to_json(),
        "preamp_db": eq.preamp_db,
        "warnings": eq.warnings,
    }))
    .into_response())
}

/// Every driver a configuration may name, as it is written there.
const DRIVERS: [DriverChoice; 6] = [
    DriverChoice::Auto,
    DriverChoice::Jack,
    DriverChoice::Pipewire,
    DriverChoice::Alsa,
    DriverChoice::Default,
    DriverChoice::Null,
];

/// `GET /api/devices`: `{hosts: [...], drivers: [...]}` (what `vortex devices` lists).
async fn devices() -> Response {
    // Querying devices opens each briefly: off the runtime's worker.
    let list = tokio::task::block_in_place(vortex_engine::devices::list_devices);
    Json(json!({ "hosts": list.hosts, "drivers": DRIVERS })).into_response()
}

impl From<UiPrefsError> for ApiError {
    fn from(e: UiPrefsError) -> Self {
        let code = match e {
            UiPrefsError::NotAnObject(_) => ErrorCode::InvalidParameter,
            UiPrefsError::TooLarge(_) => ErrorCode::MessageTooLarge,
            UiPrefsError::Io { .. } => ErrorCode::Internal,
        };
        err(code, e.to_string())
    }
}

async fn get_ui_prefs(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    Ok(Json(app.ui_prefs.get()?).into_response())
}

async fn put_ui_prefs(State(app): State<Arc<App>>, body: Bytes) -> Result<Response, ApiError> {
    let value = body_json(&body)?;
    tokio::task::block_in_place(|| app.ui_prefs.put(&value))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
