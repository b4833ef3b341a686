//! 1000 malformed or hostile messages, each answered with the right error code, on one
//! connection that stays open; afterwards the server is healthy and nothing changed.

mod support;

use futures_util::SinkExt;
use serde_json::{Value, json};
use std::time::Duration;
use support::{Client, Received, http, start};
use tokio_tungstenite::tungstenite::Message;
use vortex_protocol::{EngineState, ErrorCode, ServerMessage};

/// One hostile message and the code it must get.
enum Hostile {
    Text(String),
    Binary(Vec<u8>),
}

fn env(payload: Value) -> String {
    json!({"message_id": 7, "timestamp": 1.0, "payload": payload}).to_string()
}

/// The cases, cycled through with variations until there are 1000.
fn case(i: usize) -> (Hostile, ErrorCode) {
    use ErrorCode::*;
    use Hostile::Text;
    let n = i as f64;
    let k = i % 20;
    match k {
        // Not JSON at all, or cut short.
        0 => (Text(format!("{{\"message_id\": {i}, ")), InvalidMessage),
        1 => (Text("\u{0}\u{1}garbage".repeat(1 + i % 7)), InvalidMessage),
        // Wrong types.
        2 => (
            Text(env(json!({"type": "set_volume", "db": "loud"}))),
            InvalidMessage,
        ),
        3 => (
            Text(
                json!({"message_id": "seven", "timestamp": 1, "payload": {"type": "ping"}})
                    .to_string(),
            ),
            InvalidMessage,
        ),
        4 => (
            Text(env(json!({"type": "set_mute", "muted": 1}))),
            InvalidMessage,
        ),
        // Huge numbers, NaN, infinities.
        5 => (
            Text(env(json!({"type": "set_volume", "db": 1e300 + n}))),
            InvalidParameter,
        ),
        6 => (
            Text(
                r#"{"message_id":7,"timestamp":1,"payload":{"type":"set_volume","db":NaN}}"#.into(),
            ),
            InvalidMessage,
        ),
        7 => (
            Text(
                r#"{"message_id":7,"timestamp":1,"payload":{"type":"seek","position_s":1e400}}"#
                    .into(),
            ),
            InvalidMessage,
        ),
        8 => (
            Text(
                json!({"message_id": 1u64 << 60, "timestamp": 1, "payload": {"type": "ping"}})
                    .to_string(),
            ),
            InvalidParameter,
        ),
        // Out of range values.
        9 => (
            Text(env(json!({"type": "set_volume", "db": 0.5 + n}))),
            InvalidParameter,
        ),
        10 => (
            Text(env(
                json!({"type": "set_monitoring", "rate_hz": 61 + i, "streams": {}}),
            )),
            InvalidParameter,
        ),
        11 => (
            Text(env(json!({"type": "seek", "position_s": -1.0 - n}))),
            InvalidParameter,
        ),
        // Too large.
        12 => (
            Text(format!("{{\"pad\": \"{}\"}}", "x".repeat(65_536 + i))),
            MessageTooLarge,
        ),
        // Unknown commands and fields.
        13 => (
            Text(env(json!({"type": format!("format_disk_{i}")}))),
            UnknownCommand,
        ),
        14 => (
            Text(env(json!({"type": "ping", "extra": i}))),
            InvalidMessage,
        ),
        // Path traversal and files outside the music folders.
        15 => (
            Text(env(
                json!({"type": "playlist_add", "paths": [format!("music/../../etc/passwd{i}")]}),
            )),
            PathNotAllowed,
        ),
        16 => (
            Text(env(
                json!({"type": "playlist_add", "paths": ["/etc/passwd"]}),
            )),
            PathNotAllowed,
        ),
        // Targets that do not exist.
        17 => (
            Text(env(
                json!({"type": "set_filter_parameter", "filter": format!("f{i}"), "parameter": "gain", "value": 1.0}),
            )),
            UnknownTarget,
        ),
        18 => (
            Text(env(json!({"type": "hello", "protocol_version": 2 + i}))),
            UnsupportedVersion,
        ),
        _ => (Hostile::Binary(vec![i as u8; 1 + i % 64]), InvalidMessage),
    }
}

/// The state without what moves by itself.
fn steady(mut s: EngineState) -> EngineState {
    s.position_s = 0.0;
    s.version = 0;
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_hostile_messages_each_get_the_right_error_and_change_nothing() {
    let t = start(|o| {
        o.server.command_rate = 10_000.0;
        o.server.command_burst = 10_000.0;
    })
    .await;
    let before = steady(t.server.app().control.state());
    let mut c = Client::connect(t.addr).await;
    c.greeted().await;
    let mut counts = std::collections::BTreeMap::new();
    for i in 0..1000 {
        let (msg, want) = case(i);
        match msg {
            Hostile::Text(s) => c.send_text(s).await,
            Hostile::Binary(b) => c.ws.send(Message::Binary(b.into())).await.unwrap(),
        }
        let reply = loop {
            match c.recv(Duration::from_secs(5)).await {
                Some(Received::Json(e)) => match e.payload {
                    ServerMessage::Error(err) => break err,
                    ServerMessage::StateChanged { .. }
                    | ServerMessage::Monitor(_)
                    | ServerMessage::Event { .. } => {}
                    other => panic!("case {i}: expected an error, got {other:?}"),
                },
                Some(Received::Binary(_)) => {}
                None => panic!("case {i}: the connection closed"),
            }
        };
        assert_eq!(reply.code, want, "case {i}: {}", reply.message);
        assert!(!reply.message.is_empty());
        *counts.entry(want.as_str()).or_insert(0) += 1;
    }
    assert_eq!(counts.values().sum::<usize>(), 1000);
    assert_eq!(counts.len(), 7, "{counts:?}");
    // Still connected and served; nothing changed.
    let id = c.send(json!({"type": "ping"})).await;
    assert_eq!(c.reply(id).await, ServerMessage::Pong);
    assert_eq!(steady(t.server.app().control.state()), before);
    // The same over HTTP: traversal in preset names and file paths.
    let names = [
        "..%2F..%2Fetc%2Fpasswd",
        "%2E%2E",
        "a%2Fb",
        "a%5C..%5Cb",
        ".profile",
        "x%00y",
    ];
    let paths = [
        "..",
        "../etc",
        "music/../..",
        "/etc/passwd",
        "music/./x",
        "music//x",
        "music\\..\\x",
    ];
    for (i, name) in names.iter().cycle().take(30).enumerate() {
        let method = ["GET", "PUT", "DELETE"][i % 3];
        let body = (method == "PUT").then_some(r#"{"steps": []}"#);
        let (status, body) = http(t.addr, method, &format!("/api/presets/{name}"), body, &[]).await;
        assert!(
            matches!(status, 403 | 404),
            "{method} {name}: {status} {body}"
        );
        let code = serde_json::from_str::<Value>(&body)
            .map(|v| v["code"].clone())
            .unwrap_or_default();
        assert!(
            code == "path_not_allowed" || code == "not_found" || status == 404,
            "{name}: {body}"
        );
    }
    for p in paths.iter().cycle().take(21) {
        let (status, body) = http(t.addr, "GET", &format!("/api/files?path={p}"), None, &[]).await;
        assert_eq!(status, 403, "{p}: {body}");
        assert!(body.contains("path_not_allowed"), "{p}: {body}");
    }
    assert!(
        !t.dir.path().join("config/presets").exists()
            || std::fs::read_dir(t.dir.path().join("config/presets"))
                .unwrap()
                .next()
                .is_none(),
        "no preset was written"
    );
    let (status, body) = http(t.addr, "GET", "/api/health", None, &[]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"ok\""), "{body}");
    let m = t.server.app().control.engine().metrics();
    assert_eq!(m.underruns, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_beyond_the_rate_limit_are_refused_until_tokens_refill() {
    let t = start(|o| {
        o.server.command_rate = 5.0;
        o.server.command_burst = 10.0;
    })
    .await;
    let mut c = Client::connect(t.addr).await;
    c.greeted().await;
    let mut limited = 0;
    for _ in 0..30 {
        let id = c.send(json!({"type": "ping"})).await;
        match c.reply(id).await {
            ServerMessage::Pong => {}
            ServerMessage::Error(e) => {
                assert_eq!(e.code, ErrorCode::RateLimited);
                limited += 1;
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(
        (19..=20).contains(&limited),
        "{limited} of 30 refused with a burst of 10"
    );
    tokio::time::sleep(Duration::from_millis(450)).await;
    let id = c.send(json!({"type": "ping"})).await;
    assert_eq!(c.reply(id).await, ServerMessage::Pong, "refilled");
}
