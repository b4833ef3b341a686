use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

use super::*;
use crate::envelope::MAX_MESSAGE_ID;
use crate::samples::client_messages;

fn parse(text: &str) -> Result<ClientEnvelope, ProtocolError> {
    parse_client(text.as_bytes(), &Limits::default())
}

/// An envelope around `payload`, as text.
fn with_payload(payload: Value) -> String {
    json!({"message_id": 1, "timestamp": 0.0, "payload": payload}).to_string()
}

/// Valid messages, one per sample command.
fn valid_texts() -> Vec<String> {
    let messages = client_messages();
    messages
        .into_iter()
        .map(|m| with_payload(serde_json::to_value(m).unwrap()))
        .collect()
}

#[test]
fn valid_messages_parse() {
    for (text, message) in valid_texts().iter().zip(client_messages()) {
        assert_eq!(parse(text).unwrap().payload, message);
        fuzz_one(text.as_bytes());
    }
    let envelope =
        parse(r#"{"timestamp":5,"payload":{"type":"ping"},"message_id":9007199254740991}"#);
    assert_eq!(envelope.unwrap().message_id, MAX_MESSAGE_ID);
}

#[test]
fn size_limit() {
    let text = with_payload(json!({"type": "ping"}));
    let limits = |max_message_bytes| Limits { max_message_bytes };
    assert!(parse_client(text.as_bytes(), &limits(text.len())).is_ok());
    let error = parse_client(text.as_bytes(), &limits(text.len() - 1)).unwrap_err();
    assert_eq!(error.code, ErrorCode::MessageTooLarge);
    assert_eq!(
        error.context.limit,
        Some(format!("{} bytes", text.len() - 1))
    );
    // The size is checked before anything else.
    let error = parse_client(&[0xff; 100], &limits(99)).unwrap_err();
    assert_eq!(error.code, ErrorCode::MessageTooLarge);
}

/// `(message text, expected code, expected context.path)`.
fn error_cases() -> Vec<(String, ErrorCode, Option<&'static str>)> {
    use ErrorCode::*;
    let payload = |payload: Value| with_payload(payload);
    let raw = |text: &str| text.to_owned();
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let deep_pipeline = (0..17).fold(json!(1), |inner, _| json!({ "a": inner }));
    vec![
        // Syntax and shape.
        (raw(""), InvalidMessage, None),
        (raw(r#"{"message_id":1,"#), InvalidMessage, None),
        (raw("[1, 2.0, {\"type\": \"ping\"}]"), InvalidMessage, None),
        (raw("\"ping\""), InvalidMessage, None),
        (deep, InvalidMessage, None),
        (
            raw(r#"{"message_id":1,"timestamp":0,"payload":{"type":"set_volume","db":NaN}}"#),
            InvalidMessage,
            None,
        ),
        (
            raw(r#"{"message_id":1,"timestamp":0,"payload":{"type":"set_volume","db":-Infinity}}"#),
            InvalidMessage,
            None,
        ),
        (
            raw(r#"{"message_id":1,"timestamp":0,"payload":{"type":"set_volume","db":1e400}}"#),
            InvalidMessage,
            None,
        ),
        (
            raw(r#"{"message_id":1,"timestamp":-1e400,"payload":{"type":"ping"}}"#),
            InvalidMessage,
            None,
        ),
        // Unknown commands, found before anything else is wrong with the message.
        (
            payload(json!({"type": "fly"})),
            UnknownCommand,
            Some("payload.type"),
        ),
        (
            raw(r#"{"message_id":-1,"payload":{"type":"GetState"}}"#),
            UnknownCommand,
            Some("payload.type"),
        ),
        // Types, missing and unknown fields.
        (
            payload(json!({"type": "set_volume", "db": "loud"})),
            InvalidMessage,
            Some("payload.db"),
        ),
        (
            payload(json!({"type": "set_volume", "db": -1.0, "gain": 2})),
            InvalidMessage,
            Some("payload.gain"),
        ),
        (
            payload(json!({"type": "ping", "extra": 1})),
            InvalidMessage,
            Some("payload.extra"),
        ),
        (
            payload(json!({"type": "get_state", "full": true})),
            InvalidMessage,
            Some("payload.full"),
        ),
        (
            payload(json!({"type": "set_volume"})),
            InvalidMessage,
            Some("payload.db"),
        ),
        (
            payload(json!({"db": -1.0})),
            InvalidMessage,
            Some("payload.type"),
        ),
        (
            payload(json!({"type": 5})),
            InvalidMessage,
            Some("payload.type"),
        ),
        (payload(json!("ping")), InvalidMessage, Some("payload")),
        (
            payload(json!({"type": "transport", "action": "rewind"})),
            InvalidMessage,
            Some("payload.action"),
        ),
        (
            payload(json!({"type": "playlist_add", "paths": ["a", 5]})),
            InvalidMessage,
            Some("payload.paths[1]"),
        ),
        (
            payload(json!({"type": "goto", "item": -3})),
            InvalidMessage,
            Some("payload.item"),
        ),
        (
            payload(json!({"type": "goto", "item": 1.5})),
            InvalidMessage,
            Some("payload.item"),
        ),
        (
            payload(json!({"type": "playlist_move", "item": 1, "to": 4294967296u64})),
            InvalidMessage,
            Some("payload.to"),
        ),
        (
            payload(json!({"type": "set_monitoring", "rate_hz": 5, "streams": {"levels": 1}})),
            InvalidMessage,
            Some("payload.streams.levels"),
        ),
        (
            payload(json!({"type": "set_monitoring", "rate_hz": 5, "streams": {"video": true}})),
            InvalidMessage,
            Some("payload.streams.video"),
        ),
        (
            payload(json!({"type": "set_pipeline"})),
            InvalidMessage,
            Some("payload.pipeline"),
        ),
        (
            raw(r#"{"message_id":-1,"timestamp":0,"payload":{"type":"ping"}}"#),
            InvalidMessage,
            Some("message_id"),
        ),
        (
            raw(r#"{"message_id":1.0,"timestamp":0,"payload":{"type":"ping"}}"#),
            InvalidMessage,
            Some("message_id"),
        ),
        (
            raw(r#"{"message_id":1,"timestamp":"now","payload":{"type":"ping"}}"#),
            InvalidMessage,
            Some("timestamp"),
        ),
        (
            raw(r#"{"message_id":1,"timestamp":0}"#),
            InvalidMessage,
            Some("payload"),
        ),
        (
            raw(r#"{"timestamp":0,"payload":{"type":"ping"}}"#),
            InvalidMessage,
            Some("message_id"),
        ),
        (
            raw(r#"{"message_id":1,"timestamp":0,"payload":{"type":"ping"},"x":1}"#),
            InvalidMessage,
            Some("x"),
        ),
        // Ranges.
        (
            raw(r#"{"message_id":0,"timestamp":0,"payload":{"type":"ping"}}"#),
            InvalidParameter,
            Some("message_id"),
        ),
        (
            raw(r#"{"message_id":9007199254740992,"timestamp":0,"payload":{"type":"ping"}}"#),
            InvalidParameter,
            Some("message_id"),
        ),
        (
            raw(r#"{"message_id":1,"timestamp":-1,"payload":{"type":"ping"}}"#),
            InvalidParameter,
            Some("timestamp"),
        ),
        (
            payload(json!({"type": "set_volume", "db": 1e300})),
            InvalidParameter,
            Some("payload.db"),
        ),
        (
            payload(json!({"type": "playlist_add", "paths": ["ok", "a\u{0}b"]})),
            InvalidParameter,
            Some("payload.paths[1]"),
        ),
        (
            payload(json!({"type": "set_pipeline", "pipeline": deep_pipeline})),
            InvalidParameter,
            Some("payload.pipeline"),
        ),
    ]
}

#[test]
fn errors_have_code_and_path() {
    for (text, code, path) in error_cases() {
        let error = parse(&text).expect_err(&text);
        assert_eq!(
            (error.code, error.context.path.as_deref()),
            (code, path),
            "{text}: {error}"
        );
        fuzz_one(text.as_bytes());
    }
}

#[test]
fn error_details() {
    let error = parse_client(b"{\"a\":1,\xff}", &Limits::default()).unwrap_err();
    assert!(error.message.starts_with("not UTF-8"), "{error}");
    let error = parse("{\n  \"message_id\": 1,\n}").unwrap_err();
    assert!(error.message.contains("line 3 column 1"), "{error}");
    let error = parse(&with_payload(json!({"type": "fly"}))).unwrap_err();
    assert_eq!(error.context.value.as_deref(), Some("fly"));
    let error = parse(&with_payload(json!({"type": "set_volume", "db": -151}))).unwrap_err();
    let context = error.context;
    assert_eq!(
        (context.value.as_deref(), context.limit.as_deref()),
        (Some("-151"), Some("-150..=0"))
    );
}

#[test]
fn repeated_keys_count_once() {
    let text = r#"{"message_id":1,"timestamp":0,"payload":{"type":"set_volume","db":-1,"db":-2}}"#;
    assert_eq!(
        parse(text).unwrap().payload,
        ClientMessage::SetVolume { db: -2.0 }
    );
}

/// Mutates `text` in one of several ways.
fn mutate(rng: &mut StdRng, text: &mut Vec<u8>) {
    const TOKENS: &[&str] = &[
        "1e400",
        "-1",
        "0",
        "9007199254740992",
        "1.5",
        "null",
        "true",
        "\"\"",
        "\"x\"",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "NaN",
        "{\"type\":\"ping\"}",
        "[[[[",
        "\"type\"",
        "\"payload\"",
        "-0",
        "1e-400",
        "\u{e9}",
    ];
    let at = rng.random_range(0..=text.len());
    match rng.random_range(0..6) {
        0 if !text.is_empty() => {
            let at = at.min(text.len() - 1);
            text[at] ^= 1 << rng.random_range(0..8);
        }
        1 => text.truncate(at),
        2 => {
            let bytes: Vec<u8> = (0..rng.random_range(1..8))
                .map(|_| rng.random::<u8>())
                .collect();
            text.splice(at..at, bytes);
        }
        3 => {
            let token = TOKENS[rng.random_range(0..TOKENS.len())];
            text.splice(at..at, token.bytes());
        }
        4 => {
            let end = rng.random_range(at..=text.len().min(at + 16));
            let token = TOKENS[rng.random_range(0..TOKENS.len())];
            text.splice(at..end, token.bytes());
        }
        _ => {
            let end = rng.random_range(at..=text.len());
            text.drain(at..end);
        }
    }
}

/// Replaces a random value inside `value` (or `value` itself) with a random awkward one.
fn mutate_value(rng: &mut StdRng, value: &mut Value) {
    let children = match value {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if children > 0 && rng.random_range(0..4) > 0 {
        let index = rng.random_range(0..children);
        let child = match value {
            Value::Object(map) => map.values_mut().nth(index),
            Value::Array(items) => items.get_mut(index),
            _ => None,
        };
        return mutate_value(rng, child.expect("an existing child"));
    }
    let awkward = [
        json!(0),
        json!(-1),
        json!(1e9),
        json!(-150.000001),
        json!(604800.000001),
        json!(1e300),
        json!(-0.0),
        json!(MAX_MESSAGE_ID),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(null),
        json!(true),
        json!(""),
        json!("a\u{0}b"),
        json!("x".repeat(300)),
        json!([]),
        json!({}),
        json!(vec!["/a"; 1001]),
        json!({"type": "ping"}),
    ];
    *value = awkward[rng.random_range(0..awkward.len())].clone();
}

#[test]
fn random_mutations_never_panic() {
    let seeds = valid_texts();
    let mut rng = StdRng::seed_from_u64(0x5EED_F0CA);
    let mut outcomes = std::collections::HashMap::new();
    for _ in 0..20_000 {
        let mut text = seeds[rng.random_range(0..seeds.len())].clone().into_bytes();
        if rng.random() {
            let mut value: Value = serde_json::from_slice(&text).unwrap();
            mutate_value(&mut rng, &mut value);
            text = serde_json::to_vec(&value).unwrap();
        }
        for _ in 0..rng.random_range(0..3) {
            mutate(&mut rng, &mut text);
        }
        fuzz_one(&text);
        let outcome = parse_client(&text, &Limits::default())
            .map(|_| ())
            .map_err(|e| e.code);
        *outcomes.entry(outcome).or_insert(0) += 1;
    }
    // The mutations reach past the JSON syntax check.
    let reached = [
        Ok(()),
        Err(ErrorCode::InvalidMessage),
        Err(ErrorCode::InvalidParameter),
    ];
    for outcome in reached {
        assert!(
            outcomes.get(&outcome).copied().unwrap_or(0) >= 100,
            "{outcome:?}: {outcomes:?}"
        );
    }
}
