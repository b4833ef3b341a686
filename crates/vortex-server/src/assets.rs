//! The web UI (`web/`, built to `web/dist`), embedded in the binary at build time (rust-embed), so `vortex serve`
//! needs no files and no internet at run time. `/` serves `index.html`; unknown paths
//! without a file extension also get it (client-side routes).

use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// The UI's files: the built `web/dist`, or the placeholder in `ui-fallback/` when the
/// UI was not built (build.rs chooses; debug builds read the folder at run time).
#[derive(rust_embed::RustEmbed)]
#[folder = "$VORTEX_UI_DIR"]
pub struct Assets;

fn file(path: &str) -> Option<Response> {
    let f = Assets::get(path)?;
    let mime = f.metadata.mimetype().to_string();
    // Vite names what is under assets/ by content hash: such a file never changes.
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Some(
        (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, cache.to_string()),
            ],
            f.data.into_owned(),
        )
            .into_response(),
    )
}

/// Serves an embedded file, `index.html` for `/` and for client-side routes.
pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    if let Some(r) = file(path) {
        return r;
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    if !last.contains('.')
        && !path.starts_with("api/")
        && let Some(r) = file("index.html")
    {
        return r;
    }
    (StatusCode::NOT_FOUND, format!("no such file: /{path}\n")).into_response()
}
