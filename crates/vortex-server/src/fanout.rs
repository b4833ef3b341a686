//! Monitoring fan-out: each client gets frames at its own rate (1-60 Hz) with the
//! streams it asked for, built from the engine monitor's latest snapshot.
//!
//! A frame is a JSON `monitor` message (levels, loudness, pitch, engine metrics) and,
//! when the spectrum is wanted, a binary frame (see `vortex_protocol::monitor` for its
//! header). Frames are encoded once per snapshot and stream set, and shared by every
//! client that wants the same.
//! Frames go to the client's [`Outbox`], which drops the oldest for a slow client, so
//! nothing here ever waits for a socket.

use crate::outbox::{MonitorItem, Outbox};
use axum::extract::ws::Message;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use vortex_engine::engine::Engine;
use vortex_engine::monitor::{MonitorHandle, MonitorSnapshot};
use vortex_protocol::{
    ChannelLevel, EngineMetrics, ErrorCode, Loudness, MonitorFrame, Pitch, ProtocolError,
    ServerEnvelope, ServerMessage, SpectrumHeader, StreamSet, encode_spectrum,
};

/// Level reported for silence or an undefined value (JSON has no -inf), dB.
pub const FLOOR_DB: f64 = -200.0;

/// What one client receives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Subscription {
    /// Frames per second, 1..=60.
    pub rate_hz: u32,
    /// Which streams.
    pub streams: StreamSet,
}

impl Subscription {
    fn wants_json(&self) -> bool {
        let s = self.streams;
        s.levels || s.loudness || s.pitch || s.metrics
    }
}

/// Builds frames from the engine's measurements.
pub struct FrameSource {
    engine: Arc<Engine>,
    monitor: Option<Arc<MonitorHandle>>,
    built: Mutex<Built>,
    epoch: std::time::Instant,
}

/// Frames built from the latest snapshot, shared by every client that wants the same
/// streams (most clients want the same: the encoding is then done once per snapshot).
#[derive(Default)]
struct Built {
    sequence: u64,
    json: Vec<(StreamSet, Message)>,
    spectrum: Option<Option<Message>>,
}

fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { FLOOR_DB }
}

impl FrameSource {
    /// Frames of `engine`'s measurements (levels, spectrum and pitch need its
    /// monitor; without one only metrics are sent).
    pub fn new(engine: Arc<Engine>) -> Self {
        Self {
            monitor: engine.monitor(),
            engine,
            built: Mutex::new(Built::default()),
            epoch: std::time::Instant::now(),
        }
    }

    fn metrics(&self) -> EngineMetrics {
        let m = self.engine.metrics();
        let status = self.engine.status();
        EngineMetrics {
            load: m.load_last,
            load_max: m.load_max,
            underruns: m.underruns,
            xruns: m.sink_xruns,
            buffer_fill: m.queued_blocks as f64 / self.engine.config().buffer_blocks as f64,
            latency_ms: m.output_latency_ms,
            callbacks: m.callbacks,
            position_s: status.position_s,
        }
    }

    fn json(&self, snap: &MonitorSnapshot, s: StreamSet) -> Message {
        let has_audio = snap.sequence > 0;
        let frame = MonitorFrame {
            sequence: snap.sequence,
            time_s: snap.time_s,
            sample_rate: snap.sample_rate,
            levels: (s.levels && has_audio).then(|| {
                snap.levels
                    .iter()
                    .map(|l| ChannelLevel {
                        rms_db: l.rms_db,
                        peak_db: l.peak_db,
                        true_peak_db: l.true_peak_db,
                        peak_hold_db: l.peak_hold_db,
                        clips: l.clips,
                        class: format!("{:?}", l.class).to_lowercase(),
                    })
                    .collect()
            }),
            loudness: if s.loudness {
                snap.loudness.map(|l| Loudness {
                    momentary_lufs: finite(l.momentary_lufs),
                    short_term_lufs: finite(l.short_term_lufs),
                    integrated_lufs: finite(l.integrated_lufs),
                    range_lu: if l.range_lu.is_finite() {
                        l.range_lu
                    } else {
                        0.0
                    },
                })
            } else {
                None
            },
            pitch: if s.pitch {
                snap.pitch.map(|p| Pitch {
                    f0_hz: if p.frame.voiced { p.frame.f0_hz } else { 0.0 },
                    confidence: p.frame.confidence.clamp(0.0, 1.0),
                    voiced: p.frame.voiced,
                    note: p.note.map(|n| format!("{}{}", n.name, n.octave)),
                    midi: p.note.map(|n| n.midi),
                    cents: p.note.map(|n| n.cents),
                })
            } else {
                None
            },
            metrics: s.metrics.then(|| self.metrics()),
        };
        let text = serde_json::to_string(&ServerEnvelope::push(ServerMessage::Monitor(frame)))
            .expect("monitor frames serialise");
        Message::Text(text.into())
    }

    fn spectrum(&self, snap: &MonitorSnapshot) -> Option<Message> {
        if snap.bins == 0 {
            return None;
        }
        let header = SpectrumHeader {
            channels: snap.channels as u16,
            bins: snap.bins as u32,
            sample_rate: snap.sample_rate,
            fft_size: snap.fft_size as u32,
            sequence: snap.sequence,
        };
        let mut bytes = Vec::new();
        encode_spectrum(header, &snap.spectrum_db, &mut bytes).ok()?;
        Some(Message::Binary(bytes.into()))
    }

    /// The frame for `sub` now.
    pub fn frame(&self, sub: &Subscription) -> MonitorItem {
        let snap = self.monitor.as_ref().map_or_else(
            || {
                Arc::new(MonitorSnapshot {
                    sequence: 0,
                    time_s: 0.0,
                    sample_rate: self.engine.spec().sample_rate,
                    channels: 0,
                    levels: Vec::new(),
                    loudness: None,
                    pitch: None,
                    fft_size: 0,
                    bins: 0,
                    spectrum_db: Vec::new(),
                })
            },
            |m| m.latest(),
        );
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        // Sequence 0 (nothing measured) changes no more: metrics-only frames are
        // built afresh each time.
        if built.sequence != snap.sequence || snap.sequence == 0 {
            *built = Built {
                sequence: snap.sequence,
                ..Built::default()
            };
        }
        let json = sub.wants_json().then(|| {
            if let Some((_, m)) = built.json.iter().find(|(s, _)| *s == sub.streams) {
                return m.clone();
            }
            let m = self.json(&snap, sub.streams);
            built.json.push((sub.streams, m.clone()));
            m
        });
        let spectrum = if sub.streams.spectrum {
            built
                .spectrum
                .get_or_insert_with(|| self.spectrum(&snap))
                .clone()
        } else {
            None
        };
        MonitorItem { json, spectrum }
    }
}

/// Tells a client once per episode that it reads too slowly to keep its monitoring
/// frames (`buffer_overflow`): an episode starts with a dropped frame and ends at the
/// first tick that drops none.
#[derive(Default)]
struct Overflow {
    dropped: u64,
    episode: bool,
}

impl Overflow {
    fn check(&mut self, outbox: &Outbox, rate_hz: u32) {
        let now = outbox.dropped();
        if now > self.dropped && !self.episode {
            let err = ProtocolError::new(
                ErrorCode::BufferOverflow,
                format!(
                    "monitoring frames are being dropped: this client reads fewer than \
                     the {rate_hz} per second it asked for (lower rate_hz or streams)"
                ),
            )
            .limit(rate_hz);
            outbox.push_control(crate::session::text(&ServerEnvelope::push(
                ServerMessage::Error(err),
            )));
        }
        self.episode = now > self.dropped;
        self.dropped = now;
    }
}

/// Sends `outbox` frames per its subscription until the subscription's sender is
/// dropped (the session ended).
pub async fn run(
    source: Arc<FrameSource>,
    outbox: Arc<Outbox>,
    mut sub: watch::Receiver<Subscription>,
) {
    let mut overflow = Overflow::default();
    loop {
        let s = *sub.borrow_and_update();
        if !(s.wants_json() || s.streams.spectrum) {
            if sub.changed().await.is_err() {
                return;
            }
            continue;
        }
        // Ticks on a grid shared by every client at this rate (whole periods since
        // the server started), so the runtime wakes once for all of them, not once each.
        let period = Duration::from_secs_f64(1.0 / f64::from(s.rate_hz.clamp(1, 60)));
        let since = source.epoch.elapsed().as_nanos();
        let next = since.div_ceil(period.as_nanos()) * period.as_nanos();
        let start = source.epoch + Duration::from_nanos(next as u64);
        let mut tick = tokio::time::interval_at(start.into(), period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    outbox.push_monitor(source.frame(&s));
                    overflow.check(&outbox, s.rate_hz);
                }
                changed = sub.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    break;
                }
            }
        }
    }
}
