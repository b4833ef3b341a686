//! The HTTP API: health, version, config, presets, the file browser and metrics.

mod support;

use serde_json::{Value, json};
use support::{http, start};

fn parse(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_version_state_and_the_ui_are_served() {
    let t = start(|_| {}).await;
    let (s, b) = http(t.addr, "GET", "/api/health", None, &[]).await;
    assert_eq!((s, parse(&b)["status"].as_str()), (200, Some("ok")));
    let (s, b) = http(t.addr, "GET", "/api/version", None, &[]).await;
    assert_eq!(s, 200);
    assert_eq!(parse(&b)["protocol_version"], 1);
    let (s, b) = http(t.addr, "GET", "/api/state", None, &[]).await;
    assert_eq!((s, parse(&b)["transport"].as_str()), (200, Some("playing")));
    let (s, b) = http(t.addr, "GET", "/", None, &[]).await;
    assert_eq!(s, 200);
    assert!(b.contains("<html"), "{b}");
    let (s, _) = http(t.addr, "GET", "/nope.js", None, &[]).await;
    assert_eq!(s, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presets_are_saved_listed_read_and_deleted_and_bad_names_refused() {
    let t = start(|_| {}).await;
    let eq = json!({"filters": {"b": {"type": "peaking", "freq": 100.0, "gain": 2.0, "q": 1.0}},
                    "steps": [{"type": "filter", "names": ["b"]}]});
    // Created, then replaced.
    for want in [201, 200] {
        let body = eq.to_string();
        let (s, b) = http(
            t.addr,
            "PUT",
            "/api/presets/Living%20room",
            Some(&body),
            &[],
        )
        .await;
        assert_eq!(s, want, "{b}");
    }
    let (s, b) = http(t.addr, "GET", "/api/presets", None, &[]).await;
    assert_eq!(s, 200);
    assert_eq!(parse(&b)[0]["name"], "Living room");
    let (s, b) = http(t.addr, "GET", "/api/presets/Living%20room", None, &[]).await;
    assert_eq!(s, 200);
    assert_eq!(parse(&b)["filters"]["b"]["gain"], 2.0);
    // A pipeline with a typo is refused with its path.
    let bad = json!({"filters": {"b": {"type": "peaking", "frq": 1}}});
    let (s, b) = http(t.addr, "PUT", "/api/presets/x", Some(&bad.to_string()), &[]).await;
    assert_eq!(s, 422, "{b}");
    assert_eq!(parse(&b)["context"]["path"], "filters.b");
    for name in [
        "..%2F..%2Fetc%2Fpasswd",
        "%2E%2E",
        "a%5Cb",
        ".hidden",
        "a%00b",
    ] {
        let (s, b) = http(
            t.addr,
            "PUT",
            &format!("/api/presets/{name}"),
            Some(&eq.to_string()),
            &[],
        )
        .await;
        assert!(s == 403 || s == 404, "{name}: {s} {b}");
        if s == 403 {
            assert_eq!(parse(&b)["code"], "path_not_allowed", "{name}");
        }
    }
    let presets_dir = t.dir.path().join("config/presets");
    let files: Vec<_> = std::fs::read_dir(&presets_dir).unwrap().collect();
    assert_eq!(files.len(), 1, "only the good preset was written");
    let (s, _) = http(t.addr, "DELETE", "/api/presets/Living%20room", None, &[]).await;
    assert_eq!(s, 204);
    let (s, b) = http(t.addr, "GET", "/api/presets/Living%20room", None, &[]).await;
    assert_eq!((s, parse(&b)["code"].as_str()), (404, Some("not_found")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_file_browser_stays_inside_the_music_folders() {
    let t = start(|_| {}).await;
    let music = t.dir.path().join("music");
    std::fs::create_dir_all(music.join("Album")).unwrap();
    std::fs::write(music.join("Album/01.flac"), b"x").unwrap();
    std::fs::write(music.join("notes.txt"), b"x").unwrap();
    std::fs::write(t.dir.path().join("secret.wav"), b"x").unwrap();
    std::os::unix::fs::symlink(t.dir.path().join("secret.wav"), music.join("escape.wav")).unwrap();
    let (s, b) = http(t.addr, "GET", "/api/files", None, &[]).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(parse(&b)["entries"][0]["name"], "music");
    let (s, b) = http(t.addr, "GET", "/api/files?path=music", None, &[]).await;
    assert_eq!(s, 200, "{b}");
    let names: Vec<String> = parse(&b)["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        ["Album", "notes.txt"],
        "the escaping symlink is not listed"
    );
    let (s, b) = http(t.addr, "GET", "/api/files?path=music/Album", None, &[]).await;
    assert_eq!(
        (s, parse(&b)["entries"][0]["audio"].as_bool()),
        (200, Some(true))
    );
    for p in [
        "music/..",
        "music/../..",
        "../etc",
        "/etc",
        "music/escape.wav/x",
        "music%2F..%2F..",
    ] {
        let (s, b) = http(t.addr, "GET", &format!("/api/files?path={p}"), None, &[]).await;
        assert!(matches!(s, 403 | 404), "{p}: {s} {b}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_configuration_is_validated_before_it_is_saved() {
    let t = start(|_| {}).await;
    let (s, b) = http(t.addr, "GET", "/api/config", None, &[]).await;
    assert_eq!(s, 200);
    let mut cfg = parse(&b);
    assert_eq!(cfg["server"]["port"], 8717);
    cfg["audio"]["block_size"] = json!(512);
    let (s, b) = http(t.addr, "PUT", "/api/config", Some(&cfg.to_string()), &[]).await;
    assert_eq!(s, 200, "{b}");
    let saved = std::fs::read_to_string(t.dir.path().join("config/config.toml")).unwrap();
    assert!(saved.contains("block_size = 512"), "{saved}");
    // The file's own values, without what the command line set for this run.
    let (s, b) = http(t.addr, "GET", "/api/config?layer=file", None, &[]).await;
    assert_eq!(
        (s, parse(&b)["audio"]["block_size"].as_u64()),
        (200, Some(512))
    );
    let (s, b) = http(t.addr, "GET", "/api/config?layer=nope", None, &[]).await;
    assert_eq!(
        (s, parse(&b)["context"]["path"].as_str()),
        (422, Some("layer"))
    );
    cfg["audio"]["channels"] = json!(1000);
    cfg["audio"]["sample_ratee"] = json!(1);
    let (s, b) = http(t.addr, "PUT", "/api/config", Some(&cfg.to_string()), &[]).await;
    assert_eq!(s, 422, "{b}");
    let e = parse(&b);
    assert_eq!(e["code"], "invalid_parameter");
    assert!(
        e["message"].as_str().unwrap().contains("sample_ratee"),
        "{e}"
    );
    let after = std::fs::read_to_string(t.dir.path().join("config/config.toml")).unwrap();
    assert_eq!(after, saved, "an invalid configuration is not written");
    let (s, b) = http(t.addr, "PUT", "/api/config", Some("{not json"), &[]).await;
    assert_eq!(
        (s, parse(&b)["code"].as_str()),
        (400, Some("invalid_message"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_in_the_prometheus_text_format() {
    let t = start(|_| {}).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let (s, b) = http(t.addr, "GET", "/metrics", None, &[]).await;
    assert_eq!(s, 200);
    let line = b
        .lines()
        .find(|l| l.starts_with("vortex_engine_callbacks_total "))
        .unwrap_or_else(|| panic!("{b}"));
    let n: f64 = line.split(' ').nth(1).unwrap().parse().unwrap();
    assert!(n > 0.0, "{line}");
    assert!(
        b.contains("# TYPE vortex_engine_underruns_total counter"),
        "{b}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eq_files_are_imported_as_pipelines_and_bad_lines_named() {
    let t = start(|_| {}).await;
    let autoeq = "Preamp: -6.2 dB\nFilter 1: ON PK Fc 105 Hz Gain -3.4 dB Q 0.70\n\
                  Filter 2: ON LSC Fc 105 Hz Gain 5.5 dB Q 0.71\nGraphicEQ: 20 0; 40 1\n";
    let (s, b) = http(
        t.addr,
        "POST",
        "/api/import?name=ParametricEQ.txt",
        Some(autoeq),
        &[],
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let v = parse(&b);
    assert_eq!(v["format"], "equalizer_apo");
    assert_eq!(v["preamp_db"], -6.2);
    let filters = &v["pipeline"]["filters"];
    assert_eq!(filters["f01"]["type"], "peaking");
    assert_eq!(filters["f01"]["gain"], -3.4);
    assert_eq!(filters["f02"]["type"], "lowshelf");
    assert_eq!(filters["preamp"]["gain"], -6.2);
    let warning = v["warnings"][0].as_str().unwrap();
    assert!(
        warning.starts_with("ParametricEQ.txt:4:") && warning.contains("GraphicEQ"),
        "{warning}"
    );
    // What the import gives is a pipeline the engine takes.
    let pipeline = v["pipeline"].to_string();
    let (s, b) = http(t.addr, "PUT", "/api/presets/autoeq", Some(&pipeline), &[]).await;
    assert_eq!(s, 201, "{b}");

    let bad = "Filter 1: ON PK Fc 1x0 Hz Gain -3.4 dB Q 0.70\n";
    let (s, b) = http(t.addr, "POST", "/api/import?name=eq.txt", Some(bad), &[]).await;
    assert_eq!(s, 422, "{b}");
    let e = parse(&b);
    assert_eq!(e["code"], "invalid_parameter");
    let m = e["message"].as_str().unwrap();
    assert!(m.starts_with("eq.txt:1:") && m.contains("1x0"), "{m}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ui_preferences_are_saved_per_server_and_devices_listed() {
    let t = start(|_| {}).await;
    let (s, b) = http(t.addr, "GET", "/api/ui-preferences", None, &[]).await;
    assert_eq!((s, parse(&b)), (200, json!({})));
    let prefs = json!({"theme": "contrast", "language": "de", "updatedAt": 17});
    let (s, b) = http(
        t.addr,
        "PUT",
        "/api/ui-preferences",
        Some(&prefs.to_string()),
        &[],
    )
    .await;
    assert_eq!(s, 204, "{b}");
    let (s, b) = http(t.addr, "GET", "/api/ui-preferences", None, &[]).await;
    assert_eq!((s, parse(&b)), (200, prefs.clone()));
    let saved = t.dir.path().join("config/ui-preferences.json");
    assert_eq!(parse(&std::fs::read_to_string(saved).unwrap()), prefs);
    let (s, b) = http(t.addr, "PUT", "/api/ui-preferences", Some("[1]"), &[]).await;
    assert_eq!(
        (s, parse(&b)["code"].as_str()),
        (422, Some("invalid_parameter"))
    );

    let (s, b) = http(t.addr, "GET", "/api/devices", None, &[]).await;
    assert_eq!(s, 200, "{b}");
    let v = parse(&b);
    assert_eq!(
        v["drivers"],
        json!(["auto", "jack", "pipewire", "alsa", "default", "null"])
    );
    assert!(v["hosts"].is_array(), "{v}");
}
