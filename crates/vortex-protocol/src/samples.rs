//! Valid sample messages, one per variant, shared by the tests.

use serde_json::{Value, json};

use crate::client::{ClientMessage, RepeatMode, StreamSet, TransportAction};
use crate::error::{ErrorCode, ProtocolError};
use crate::monitor::{ChannelLevel, EngineMetrics, Loudness, MonitorFrame, Pitch};
use crate::server::{
    EngineEvent, EngineState, FieldError, OutputInfo, PlaylistEntry, ServerMessage, TrackInfo,
    TransportState,
};

/// A small pipeline in the shape of the TOML pipeline file.
pub fn pipeline() -> Value {
    json!({
        "settings": {"sample_rate": 48000, "channels": 2},
        "filters": {"eq": {"type": "biquad", "kind": "peaking", "freq": 1000.0, "gain": -3.5, "q": 0.7}},
        "mixers": {},
        "steps": [{"type": "filter", "channels": [0, 1], "names": ["eq"]}],
    })
}

/// Every client command, valid.
pub fn client_messages() -> Vec<ClientMessage> {
    use ClientMessage::*;
    vec![
        Hello {
            protocol_version: 1,
            client: Some("web-ui 0.1".into()),
        },
        Hello {
            protocol_version: 1,
            client: None,
        },
        GetState,
        Transport {
            action: TransportAction::Toggle,
        },
        Seek { position_s: 12.5 },
        Goto { item: 3 },
        PlaylistAdd {
            paths: vec!["/music/a.flac".into(), "b c/ü.wav".into()],
        },
        PlaylistRemove { item: 4 },
        PlaylistMove { item: 4, to: 0 },
        SetRepeat {
            mode: RepeatMode::All,
        },
        SetVolume { db: -6.0 },
        SetMute { muted: true },
        SetFilterParameter {
            filter: "eq".into(),
            parameter: "gain".into(),
            value: json!(-3.0),
        },
        SetFilterParameter {
            filter: "gate-1.a".into(),
            parameter: "on".into(),
            value: json!(true),
        },
        SetFilterParameter {
            filter: "x".into(),
            parameter: "mode".into(),
            value: json!("fast"),
        },
        SetPipeline {
            pipeline: pipeline(),
        },
        ValidatePipeline {
            pipeline: pipeline(),
        },
        SetMonitoring {
            rate_hz: 30,
            streams: StreamSet {
                levels: true,
                spectrum: true,
                ..StreamSet::default()
            },
        },
        ResetMeters,
        Ping,
    ]
}

/// The engine state of a small session.
pub fn state() -> EngineState {
    EngineState {
        transport: TransportState::Playing,
        position_s: 1.25,
        current_item: Some(1),
        playlist: vec![
            PlaylistEntry {
                item: 1,
                path: "/music/a.flac".into(),
                title: "A".into(),
            },
            PlaylistEntry {
                item: 2,
                path: "/music/b.wav".into(),
                title: "b".into(),
            },
        ],
        repeat: RepeatMode::Off,
        volume_db: -3.0,
        muted: false,
        pipeline: pipeline(),
        output: OutputInfo {
            sink: "device".into(),
            driver: "alsa".into(),
            sample_rate: 48_000,
            channels: 2,
            block_frames: 64,
            latency_ms: 2.7,
        },
        track: Some(TrackInfo {
            path: "/music/a.flac".into(),
            codec: "flac".into(),
            container: "flac".into(),
            sample_rate: 44_100,
            channels: 2,
            bits_per_sample: Some(16),
            duration_s: Some(201.5),
        }),
        source: "/music/a.flac".into(),
        version: 17,
    }
}

/// A monitor frame with every stream.
pub fn monitor_frame() -> MonitorFrame {
    let level = |rms_db| ChannelLevel {
        rms_db,
        peak_db: -1.5,
        true_peak_db: -1.2,
        peak_hold_db: -1.0,
        clips: 0,
        class: "normal".into(),
    };
    MonitorFrame {
        sequence: 99,
        time_s: 12.0,
        sample_rate: 48_000,
        levels: Some(vec![level(-18.0), level(-200.0)]),
        loudness: Some(Loudness {
            momentary_lufs: -20.0,
            short_term_lufs: -21.5,
            integrated_lufs: -200.0,
            range_lu: 3.0,
        }),
        pitch: Some(Pitch {
            f0_hz: 440.0,
            confidence: 0.93,
            voiced: true,
            note: Some("A4".into()),
            midi: Some(69),
            cents: Some(-1.5),
        }),
        metrics: Some(EngineMetrics {
            load: 0.25,
            load_max: 0.5,
            underruns: 0,
            xruns: 1,
            buffer_fill: 0.5,
            latency_ms: 2.7,
            callbacks: 1000,
            position_s: 12.0,
        }),
    }
}

/// Every engine event.
pub fn engine_events() -> Vec<EngineEvent> {
    use EngineEvent::*;
    vec![
        TrackChanged {
            item: 2,
            path: "/music/b.wav".into(),
        },
        FileSkipped {
            item: 3,
            message: "unsupported format".into(),
        },
        DriverFallback {
            message: "jack not running; using alsa".into(),
        },
        BufferPoolExhausted { frames: 64 },
        GpuFallback {
            node: "conv".into(),
            message: "no GPU".into(),
        },
        EndOfStream,
        PipelineChanged,
        Notice {
            message: "hello".into(),
        },
    ]
}

/// Every server message (and every event), valid.
pub fn server_messages() -> Vec<ServerMessage> {
    use ServerMessage::*;
    let mut messages = vec![
        Welcome {
            protocol_version: 1,
            server_version: "0.1.0".into(),
            client_id: 5,
            max_message_bytes: 65_536,
            monitor_rate_hz: 30,
        },
        Snapshot { state: state() },
        StateChanged {
            state: state(),
            cause: Some(5),
        },
        StateChanged {
            state: state(),
            cause: None,
        },
        Ack,
        Pong,
        ValidationResult {
            valid: true,
            errors: vec![],
        },
        ValidationResult {
            valid: false,
            errors: vec![FieldError {
                path: "filters.eq.q".into(),
                message: "must be > 0".into(),
            }],
        },
        Monitor(monitor_frame()),
        Monitor(MonitorFrame {
            levels: None,
            loudness: None,
            pitch: None,
            metrics: None,
            ..monitor_frame()
        }),
        Error(ProtocolError::new(ErrorCode::UnknownTarget, "no filter eq2").at("payload.filter")),
    ];
    messages.extend(engine_events().into_iter().map(|event| Event { event }));
    messages
}

/// The `type` tags of the variants of `T`, read from its JSON Schema.
pub fn schema_tags<T: schemars::JsonSchema>() -> Vec<String> {
    fn collect(value: &Value, tags: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(tag) = map
                    .get("properties")
                    .and_then(|p| p.get("type"))
                    .and_then(|t| t.get("const"))
                {
                    tags.push(tag.as_str().expect("a string tag").to_owned());
                }
                map.values().for_each(|v| collect(v, tags));
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, tags)),
            _ => {}
        }
    }
    let mut tags = Vec::new();
    collect(
        &serde_json::to_value(schemars::schema_for!(T)).unwrap(),
        &mut tags,
    );
    tags.sort();
    tags.dedup();
    tags
}

/// The `type` tags of `messages`, sorted and without repeats.
pub fn tags<T: serde::Serialize>(messages: &[T]) -> Vec<String> {
    let mut tags: Vec<String> = messages
        .iter()
        .map(|m| {
            serde_json::to_value(m).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    tags.sort();
    tags.dedup();
    tags
}
