//! Chooses the folder the web UI is embedded from: `$VORTEX_UI_DIR` if set, else the
//! built UI in `web/dist`, else a one-page fallback that says how to build it (so the
//! Rust side builds and tests without Node). Cargo re-runs this and re-embeds when any
//! file of the folder changes.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=VORTEX_UI_DIR");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dist_path = manifest.join("../../web/dist");
    let dist = dist_path.clone();
    let dir = match std::env::var("VORTEX_UI_DIR") {
        Ok(d) => PathBuf::from(d),
        Err(_) if dist.join("index.html").is_file() => dist,
        Err(_) => {
            println!(
                "cargo:warning=web/dist is not built: embedding a placeholder page \
                 (scripts/run.sh, or `npm ci && npm run build` in web/, builds the UI)"
            );
            manifest.join("ui-fallback")
        }
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    // Also where the UI will appear (while it is missing, this re-runs every build).
    println!("cargo:rerun-if-changed={}", dist_path.display());
    println!("cargo:rustc-env=VORTEX_UI_DIR={}", dir.display());
}
