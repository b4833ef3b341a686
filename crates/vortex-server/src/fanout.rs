//! Monitoring fan-out: each client gets frames at its own rate (1-60 Hz) with the
//! streams it asked for, built from the engine monitor's latest snapshot.
//!
//! A frame is a JSON `monitor` message (levels, loudness, pitch, engine metrics) and,
//! when the spectrum is wanted, a binary frame (see `vortex_protocol::monitor` for its
//! header). The binary frame is encoded once per snapshot and shared by every client.
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
    ChannelLevel, EngineMetrics, Loudness, MonitorFrame, Pitch, ServerEnvelope, ServerMessage,
    SpectrumHeader, StreamSet, encode_spectrum,
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
    spectrum: Mutex<Option<(u64, Message)>>,
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
            spectrum: Mutex::new(None),
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
        let mut cache = self.spectrum.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seq, m)) = cache.as_ref()
            && *seq == snap.sequence
        {
            return Some(m.clone());
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
        let m = Message::Binary(bytes.into());
        *cache = Some((snap.sequence, m.clone()));
        Some(m)
    }

    /// The frame for `sub` now.
    pub fn frame(&self, sub: &Subscription) -> MonitorItem {
        let empty = MonitorSnapshot {
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
        };
        let snap = self
            .monitor
            .as_ref()
            .map_or_else(|| Arc::new(empty), |m| m.latest());
        MonitorItem {
            json: sub.wants_json().then(|| self.json(&snap, sub.streams)),
            spectrum: if sub.streams.spectrum {
                self.spectrum(&snap)
            } else {
                None
            },
        }
    }
}

/// Sends `outbox` frames per its subscription until the subscription's sender is
/// dropped (the session ended).
pub async fn run(
    source: Arc<FrameSource>,
    outbox: Arc<Outbox>,
    mut sub: watch::Receiver<Subscription>,
) {
    loop {
        let s = *sub.borrow_and_update();
        if !(s.wants_json() || s.streams.spectrum) {
            if sub.changed().await.is_err() {
                return;
            }
            continue;
        }
        let mut tick = tokio::time::interval(Duration::from_secs_f64(
            1.0 / f64::from(s.rate_hz.clamp(1, 60)),
        ));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    let source = source.clone();
                    outbox.push_monitor(source.frame(&s));
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
