//! WebSocket control and monitoring, with real clients against a running server.

mod support;

use serde_json::json;
use std::time::{Duration, Instant};
use support::{Client, FS, Play, Received, TONE_HZ, TONE_PEAK_DBFS, start, start_playing};
use vortex_protocol::{ErrorCode, ServerMessage, TransportState, decode_spectrum};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_gets_welcome_and_a_full_snapshot_on_connect() {
    let t = start(|_| {}).await;
    let mut c = Client::connect(t.addr).await;
    let Some(Received::Json(w)) = c.recv(Duration::from_secs(5)).await else {
        panic!("no welcome")
    };
    assert_eq!(w.message_id, 0, "pushed, not a reply");
    assert!(matches!(
        w.payload,
        ServerMessage::Welcome {
            protocol_version: 1,
            ..
        }
    ));
    let Some(Received::Json(s)) = c.recv(Duration::from_secs(5)).await else {
        panic!("no snapshot")
    };
    let ServerMessage::Snapshot { state } = s.payload else {
        panic!("{:?}", s.payload)
    };
    assert_eq!(state.transport, TransportState::Playing);
    assert_eq!(state.output.sample_rate, FS);
    assert_eq!(state.output.channels, 2);
    assert_eq!(state.pipeline["filters"]["trim"]["type"], "gain");
    assert!(state.source.contains("generator"), "{}", state.source);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_from_one_client_is_acknowledged_and_reaches_every_client() {
    let t = start(|_| {}).await;
    let mut a = Client::connect(t.addr).await;
    let mut b = Client::connect(t.addr).await;
    let a_id = a.greeted().await;
    b.greeted().await;
    let id = a.send(json!({"type": "set_volume", "db": -12.5})).await;
    assert_eq!(a.reply(id).await, ServerMessage::Ack);
    for c in [&mut a, &mut b] {
        let env = c
            .expect("state_changed", |e| {
                matches!(e.payload, ServerMessage::StateChanged { .. })
            })
            .await;
        let ServerMessage::StateChanged { state, cause } = env.payload else {
            unreachable!()
        };
        assert_eq!(state.volume_db, -12.5);
        assert_eq!(cause, Some(a_id));
    }
    // A change that takes effect in the audio thread (pause fades out) also reaches B.
    let id = a
        .send(json!({"type": "transport", "action": "pause"}))
        .await;
    assert_eq!(a.reply(id).await, ServerMessage::Ack);
    b.expect("paused", |e| {
        matches!(&e.payload, ServerMessage::StateChanged { state, .. } if state.transport == TransportState::Paused)
    })
    .await;
    // get_state answers with the same state.
    let id = b.send(json!({"type": "get_state"})).await;
    let ServerMessage::Snapshot { state } = b.reply(id).await else {
        panic!()
    };
    assert_eq!(
        (state.volume_db, state.transport),
        (-12.5, TransportState::Paused)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filter_parameter_change_is_applied_and_a_bad_one_names_the_field() {
    let t = start(|_| {}).await;
    let mut a = Client::connect(t.addr).await;
    a.greeted().await;
    let id = a
        .send(json!({"type": "set_filter_parameter", "filter": "trim", "parameter": "gain", "value": -3.0}))
        .await;
    assert_eq!(a.reply(id).await, ServerMessage::Ack);
    let st = t.server.app().control.state();
    assert_eq!(st.pipeline["filters"]["trim"]["gain"], -3.0);
    let id = a
        .send(json!({"type": "set_filter_parameter", "filter": "nope", "parameter": "gain", "value": 1.0}))
        .await;
    let ServerMessage::Error(e) = a.reply(id).await else {
        panic!()
    };
    assert_eq!(e.code, ErrorCode::UnknownTarget);
    assert_eq!(e.context.path.as_deref(), Some("payload.filter"));
    let id = a
        .send(json!({"type": "set_filter_parameter", "filter": "trim", "parameter": "gian", "value": 1.0}))
        .await;
    let ServerMessage::Error(e) = a.reply(id).await else {
        panic!()
    };
    assert_eq!(e.code, ErrorCode::InvalidParameter);
    assert!(e.message.contains("gian"), "{}", e.message);
    // validate_pipeline reports every problem with its path and changes nothing.
    let id = a
        .send(json!({"type": "validate_pipeline", "pipeline": {
            "filters": {"hp": {"type": "highpass", "freq": 30000.0, "q": 0.7}},
            "steps": [{"type": "filter", "names": ["hp", "missing"]}]
        }}))
        .await;
    let ServerMessage::ValidationResult { valid, errors } = a.reply(id).await else {
        panic!()
    };
    assert!(!valid);
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert!(paths.contains(&"filters.hp.freq"), "{errors:?}");
    assert!(
        paths.iter().any(|p| p.starts_with("steps[0].names")),
        "{errors:?}"
    );
    assert_eq!(
        t.server.app().control.state().pipeline["filters"]["trim"]["gain"],
        -3.0
    );
}

/// Collects monitoring for `secs` seconds: the arrival times of JSON frames, the last
/// JSON frame, and the last spectrum.
async fn collect(
    c: &mut Client,
    secs: f64,
) -> (
    Vec<Instant>,
    Option<vortex_protocol::MonitorFrame>,
    Option<Vec<u8>>,
) {
    let end = Instant::now() + Duration::from_secs_f64(secs);
    let (mut times, mut last, mut spectrum) = (Vec::new(), None, None);
    while Instant::now() < end {
        match c.recv(end - Instant::now()).await {
            Some(Received::Json(env)) => {
                if let ServerMessage::Monitor(f) = env.payload {
                    times.push(Instant::now());
                    last = Some(f);
                }
            }
            Some(Received::Binary(b)) => spectrum = Some(b),
            None => break,
        }
    }
    (times, last, spectrum)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn monitoring_arrives_at_the_requested_rate_with_the_generators_level_spectrum_and_pitch() {
    let t = start(|_| {}).await;
    let mut c = Client::connect(t.addr).await;
    c.greeted().await;
    let id = c
        .send(json!({"type": "set_monitoring", "rate_hz": 20,
            "streams": {"levels": true, "spectrum": true, "pitch": true, "metrics": true, "loudness": true}}))
        .await;
    assert_eq!(c.reply(id).await, ServerMessage::Ack);
    // Let the meters settle (RMS window, spectrum FFT), then measure for 3 s.
    collect(&mut c, 0.5).await;
    let (times, last, spectrum) = collect(&mut c, 3.0).await;
    let rate = (times.len() - 1) as f64 / (*times.last().unwrap() - times[0]).as_secs_f64();
    assert!(
        (rate - 20.0).abs() <= 4.0,
        "{rate:.1} frames/s for 20 asked"
    );
    let f = last.unwrap();
    let levels = f.levels.unwrap();
    assert_eq!(levels.len(), 2);
    let rms = TONE_PEAK_DBFS - 3.0103;
    for l in &levels {
        assert!(
            (f64::from(l.rms_db) - rms).abs() < 0.2,
            "rms {} dBFS, want {rms}",
            l.rms_db
        );
        assert!(
            (f64::from(l.peak_db) - TONE_PEAK_DBFS).abs() < 0.1,
            "peak {}",
            l.peak_db
        );
    }
    let p = f.pitch.unwrap();
    assert!(p.voiced && (p.f0_hz - TONE_HZ).abs() < 2.0, "{p:?}");
    assert_eq!(p.note.as_deref(), Some("B5"));
    let m = f.metrics.unwrap();
    assert_eq!(m.underruns, 0);
    assert!(m.callbacks > 0 && m.load >= 0.0);
    // reset_meters: integrated loudness is undefined again until 400 ms of audio.
    let before = f.loudness.unwrap().integrated_lufs;
    assert!(before > -30.0, "integrated {before} LUFS");
    let id = c.send(json!({"type": "reset_meters"})).await;
    assert_eq!(c.reply(id).await, ServerMessage::Ack);
    let (_, after, _) = collect(&mut c, 0.2).await;
    assert_eq!(after.unwrap().loudness.unwrap().integrated_lufs, -200.0);
    let (h, bins) = decode_spectrum(&spectrum.expect("a spectrum frame")).unwrap();
    assert_eq!(
        (h.channels, h.bins, h.fft_size, h.sample_rate),
        (2, 2048, 4096, FS)
    );
    let left = &bins[..2048];
    let k = (0..2048)
        .max_by(|&a, &b| left[a].total_cmp(&left[b]))
        .unwrap();
    let peak_hz = k as f64 * f64::from(FS) / 4096.0;
    assert!(
        (peak_hz - TONE_HZ).abs() <= 11.72,
        "spectrum peak at {peak_hz} Hz"
    );
    assert!(
        (f64::from(left[k]) - TONE_PEAK_DBFS).abs() < 1.5,
        "peak {} dB",
        left[k]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_does_not_slow_the_others_or_the_engine() {
    let t = start(|_| {}).await;
    let all = json!({"type": "set_monitoring", "rate_hz": 60,
        "streams": {"levels": true, "spectrum": true, "pitch": true, "metrics": true}});
    // The stalled client asks for everything at 60 Hz and then never reads again.
    let mut stalled = Client::connect(t.addr).await;
    stalled.greeted().await;
    stalled.send(all.clone()).await;
    let mut fine = Client::connect(t.addr).await;
    fine.greeted().await;
    let id = fine.send(all).await;
    assert_eq!(fine.reply(id).await, ServerMessage::Ack);
    let underruns = t.server.app().control.engine().metrics().underruns;
    let (times, _, _) = collect(&mut fine, 6.0).await;
    let gaps: Vec<f64> = times
        .windows(2)
        .map(|w| (w[1] - w[0]).as_secs_f64())
        .collect();
    let rate = gaps.len() as f64 / gaps.iter().sum::<f64>();
    let mut sorted = gaps.clone();
    sorted.sort_by(f64::total_cmp);
    let p99 = sorted[(sorted.len() * 99 / 100).min(sorted.len() - 1)];
    assert!(
        (rate - 60.0).abs() <= 12.0,
        "the reading client got {rate:.1} frames/s"
    );
    assert!(p99 < 0.1, "p99 gap {:.1} ms", p99 * 1e3);
    assert!(
        t.server.app().hub.dropped_frames() > 0,
        "the stalled client's queue filled and dropped its oldest frames"
    );
    assert_eq!(
        t.server.app().control.engine().metrics().underruns,
        underruns
    );
    // Reading again, the stalled client learns that it lost frames.
    let e = stalled
        .expect("buffer_overflow", |e| {
            matches!(&e.payload, ServerMessage::Error(err) if err.code == ErrorCode::BufferOverflow)
        })
        .await;
    assert_eq!(e.message_id, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ninth_client_is_refused_with_too_many_clients() {
    let t = start(|_| {}).await;
    let mut clients = Vec::new();
    for _ in 0..8 {
        let mut c = Client::connect(t.addr).await;
        c.greeted().await;
        clients.push(c);
    }
    let mut ninth = Client::connect(t.addr).await;
    let Some(Received::Json(env)) = ninth.recv(Duration::from_secs(5)).await else {
        panic!("no error")
    };
    let ServerMessage::Error(e) = env.payload else {
        panic!("{:?}", env.payload)
    };
    assert_eq!(e.code, ErrorCode::TooManyClients);
    assert_eq!(e.context.limit.as_deref(), Some("8"));
    assert!(
        ninth.recv(Duration::from_secs(5)).await.is_none(),
        "then closed"
    );
    // When one leaves, a new client is welcome.
    drop(clients.pop());
    let deadline = Instant::now() + Duration::from_secs(5);
    while t.server.app().hub.len() > 7 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut again = Client::connect(t.addr).await;
    again.greeted().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_added_from_the_music_folder_play_and_every_client_sees_the_track_change() {
    let t = start_playing(Play::Playlist, "127.0.0.1:0", |_| {}).await;
    let music = t.dir.path().join("music");
    let tone: Vec<f32> = (0..FS as usize)
        .map(|n| (0.25 * (std::f64::consts::TAU * 440.0 * n as f64 / f64::from(FS)).sin()) as f32)
        .collect();
    vortex_engine::encode::write_float_wav(&music.join("a.wav"), &[tone.clone(), tone], FS)
        .unwrap();
    let mut a = Client::connect(t.addr).await;
    a.greeted().await;
    let mut b = Client::connect(t.addr).await;
    b.greeted().await;
    let id = a
        .send(json!({"type": "playlist_add", "paths": ["music/a.wav"]}))
        .await;
    assert_eq!(a.reply(id).await, ServerMessage::Ack);
    let env = b
        .expect("the playlist", |e| {
            matches!(&e.payload, ServerMessage::StateChanged { state, .. } if state.playlist.len() == 1)
        })
        .await;
    let ServerMessage::StateChanged { state, .. } = env.payload else {
        unreachable!()
    };
    let item = state.playlist[0].item;
    assert_eq!(state.playlist[0].title, "a");
    let id = a.send(json!({"type": "goto", "item": item})).await;
    assert_eq!(a.reply(id).await, ServerMessage::Ack);
    let id = a.send(json!({"type": "transport", "action": "play"})).await;
    assert_eq!(a.reply(id).await, ServerMessage::Ack);
    b.expect("track_changed", |e| {
        matches!(&e.payload, ServerMessage::Event { event: vortex_protocol::EngineEvent::TrackChanged { item: i, path } } if *i == item && path.ends_with("a.wav"))
    })
    .await;
    let env = b
        .expect("playing the item", |e| {
            matches!(&e.payload, ServerMessage::StateChanged { state, .. }
            if state.transport == TransportState::Playing && state.current_item == Some(item))
        })
        .await;
    // The state says what the file is: a 1 s float WAV, as written above.
    let ServerMessage::StateChanged { state, .. } = env.payload else {
        unreachable!()
    };
    let track = state.track.expect("the playing item's format");
    assert!(track.path.ends_with("a.wav"), "{track:?}");
    assert_eq!(
        (track.sample_rate, track.channels, track.container.as_str()),
        (FS, 2, "wave")
    );
    assert_eq!(track.bits_per_sample, Some(32), "{track:?}");
    assert!((track.duration_s.unwrap() - 1.0).abs() < 1e-9, "{track:?}");
    // A file outside the music folders, or one that does not exist, is refused.
    let id = a
        .send(json!({"type": "playlist_add", "paths": ["music/missing.wav"]}))
        .await;
    let ServerMessage::Error(e) = a.reply(id).await else {
        panic!()
    };
    assert_eq!(
        (e.code, e.context.path.as_deref()),
        (ErrorCode::NotFound, Some("payload.paths[0]"))
    );
    let id = a
        .send(json!({"type": "playlist_remove", "item": 999}))
        .await;
    let ServerMessage::Error(e) = a.reply(id).await else {
        panic!()
    };
    assert_eq!(e.code, ErrorCode::UnknownTarget);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pipeline_may_not_read_impulse_responses_from_anywhere() {
    let t = start(|_| {}).await;
    let outside = tempfile::tempdir().unwrap();
    let ir = |dir: &std::path::Path| {
        let p = dir.join("ir.wav");
        vortex_engine::encode::write_float_wav(&p, &[vec![1.0, 0.5, 0.25]], FS).unwrap();
        p
    };
    let (secret, allowed) = (ir(outside.path()), ir(&t.dir.path().join("music")));
    let mut a = Client::connect(t.addr).await;
    a.greeted().await;
    let conv = |file: &std::path::Path| {
        json!({"type": "set_pipeline", "pipeline": {
            "filters": {"room": {"type": "conv", "file": file.display().to_string()}},
            "steps": [{"type": "filter", "names": ["room"]}]
        }})
    };
    let id = a.send(conv(&secret)).await;
    let ServerMessage::Error(e) = a.reply(id).await else {
        panic!()
    };
    assert_eq!(e.code, ErrorCode::InvalidParameter);
    assert_eq!(
        e.context.path.as_deref(),
        Some("payload.pipeline.filters.room.file")
    );
    let id = a.send(conv(&allowed)).await;
    assert_eq!(
        a.reply(id).await,
        ServerMessage::Ack,
        "an IR in a music folder is fine"
    );
    // The running pipeline's own IR stays usable while other parameters change.
    let id = a
        .send(json!({"type": "set_filter_parameter", "filter": "room", "parameter": "channel", "value": 0}))
        .await;
    assert_eq!(a.reply(id).await, ServerMessage::Ack);
    let id = a
        .send(json!({"type": "set_filter_parameter", "filter": "room", "parameter": "file", "value": secret.display().to_string()}))
        .await;
    let ServerMessage::Error(e) = a.reply(id).await else {
        panic!()
    };
    assert!(e.message.contains("outside"), "{}", e.message);
}
