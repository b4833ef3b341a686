//! The engine: starts the feeder, the callback (inside a sink) and the collector, and
//! is the control side's handle for transport, volume, pipeline and playlist changes.
//!
//! Threads:
//! - the sink's thread runs the callback ([`crate::realtime::render`]);
//! - the feeder reads the source into blocks ([`crate::realtime::feeder`]);
//! - the collector drops what the callback retires and turns its events into
//!   [`Event`]s for whoever listens.
//!
//! Every method here may be called from any thread; none of them waits for the
//! callback.

use crate::config::ConfigErrors;
use crate::monitor::{Monitor, MonitorConfig, MonitorError, MonitorHandle};
use crate::pipeline::Pipeline;
use crate::playlist::{Playlist, PlaylistError, PlaylistItem, Repeat};
use crate::process::PipelineSource;
use crate::realtime::block::block_pool;
use crate::realtime::command::{Command, Retired};
use crate::realtime::event::{Event, RtEvent};
use crate::realtime::feeder::{Feeder, FeederCommand, FeederConfig};
use crate::realtime::metrics::MetricsSnapshot;
use crate::realtime::render::{RenderConfig, RenderPorts, RenderShared, Renderer};
use crate::resample::ResampleQuality;
use crate::sink::{Sink, SinkCounters, SinkError, StreamSpec};
use crate::source::{Jump, Source};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering::Relaxed};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Commands that may wait for the callback at once.
const COMMAND_QUEUE: usize = 256;
/// Retired objects that may wait for the collector.
const RETIRED_QUEUE: usize = 64;
/// Events that may wait for the collector.
const EVENT_QUEUE: usize = 1024;
/// How often the collector wakes.
const COLLECT_EVERY: Duration = Duration::from_millis(5);
/// "Previous" within this many seconds of a track's start goes to the previous track;
/// later it restarts the track.
const PREVIOUS_RESTARTS_AFTER_S: f64 = 3.0;

/// How the engine runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngineConfig {
    /// Channels of the audio through the pipeline (its inputs), 1..=64.
    pub channels: usize,
    /// Frames the pipeline processes at a time: a power of two, 16..=8192. The sink's
    /// period should be a multiple of it (else one block of latency is added).
    pub block_frames: usize,
    /// Audio blocks in the pool between feeder and callback (4..=1024); the feeder runs
    /// at most this many blocks ahead.
    pub buffer_blocks: usize,
    /// Volume ramp time, ms (0..=1000).
    pub ramp_ms: f64,
    /// Transport fade time (pause, seek, skip), ms (0..=1000).
    pub fade_ms: f64,
    /// Crossfade when the pipeline changes, ms (0..=2000).
    pub crossfade_ms: f64,
    /// Initial master volume, dB (-150..=0).
    pub volume_db: f64,
    /// Resampling quality for tracks at another rate than the device.
    pub quality: ResampleQuality,
    /// Start playing at once.
    pub start_playing: bool,
    /// Measure the output live (levels, loudness, spectrum, pitch) for
    /// [`Engine::monitor`]; `None` measures nothing.
    pub monitor: Option<MonitorConfig>,
}

impl EngineConfig {
    /// The pipeline block for a device period of `period_frames`: the largest power of
    /// two not above it, 16 at least (so a period that is itself a power of two costs
    /// no extra latency).
    pub fn block_for_period(period_frames: usize) -> usize {
        1usize << (usize::BITS - 1 - period_frames.max(16).leading_zeros())
    }
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            channels: 2,
            block_frames: 256,
            buffer_blocks: 32,
            ramp_ms: 20.0,
            fade_ms: 5.0,
            crossfade_ms: 50.0,
            volume_db: 0.0,
            quality: ResampleQuality::Balanced,
            start_playing: true,
            monitor: None,
        }
    }
}

/// Why the engine could not start or take a change.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The pipeline is not valid for the stream.
    #[error("the pipeline is not valid at {sample_rate} Hz with {channels} channels:\n{errors}")]
    Pipeline {
        /// Device rate, Hz.
        sample_rate: u32,
        /// Input channels.
        channels: usize,
        /// Every problem.
        errors: ConfigErrors,
    },
    /// The pipeline produces more channels than the output has.
    #[error("the pipeline produces {pipeline} channels but {sink} has {sink_channels}")]
    TooManyOutputs {
        /// Pipeline outputs.
        pipeline: usize,
        /// The sink.
        sink: String,
        /// Its channels.
        sink_channels: usize,
    },
    /// A setting is out of range.
    #[error("{field}: {message}")]
    Setting {
        /// Which setting.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The output failed.
    #[error(transparent)]
    Sink(#[from] SinkError),
    /// A playlist edit failed.
    #[error(transparent)]
    Playlist(#[from] PlaylistError),
    /// The engine has no playlist (it plays a generator or a capture device).
    #[error("this engine plays {0}, which has no playlist")]
    NoPlaylist(String),
    /// Too many commands are waiting for the callback (it is not running?).
    #[error("the audio thread is not taking commands (its queue of {0} is full)")]
    Busy(usize),
    /// The monitor could not be built.
    #[error(transparent)]
    Monitor(#[from] MonitorError),
    /// A thread could not be started.
    #[error("cannot start the {what} thread: {source}")]
    Thread {
        /// Which thread.
        what: &'static str,
        /// The OS error.
        source: std::io::Error,
    },
}

/// Transport state as the user sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlayState {
    /// Playing.
    Playing,
    /// Paused.
    Paused,
    /// Everything has played.
    Finished,
}

/// What the engine is doing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// Transport state.
    pub state: PlayState,
    /// Item playing (0: none or a source without items).
    pub item: u64,
    /// Position in the item, s.
    pub position_s: f64,
    /// Master volume, dB.
    pub volume_db: f64,
    /// Muted.
    pub muted: bool,
    /// Device rate, Hz.
    pub sample_rate: u32,
    /// The output in use.
    pub sink: String,
    /// The source in use.
    pub source: String,
    /// Output latency (pipeline plus device buffer), ms.
    pub latency_ms: f64,
}

/// A running engine.
pub struct Engine {
    cfg: EngineConfig,
    spec: StreamSpec,
    sink: Mutex<Box<dyn Sink>>,
    sink_name: String,
    source_name: String,
    sink_counters: Arc<SinkCounters>,
    shared: Arc<RenderShared>,
    commands: Mutex<rtrb::Producer<Command>>,
    feeder_tx: Mutex<Sender<FeederCommand>>,
    generation: AtomicU32,
    playlist: Option<Arc<Mutex<Playlist>>>,
    pipeline: Mutex<Arc<PipelineSource>>,
    latency_frames: Mutex<usize>,
    volume_db: Mutex<(f64, bool)>,
    events: Mutex<Option<Receiver<Event>>>,
    feeder: Option<JoinHandle<()>>,
    collector: Option<JoinHandle<()>>,
    collector_stop: Arc<AtomicBool>,
    monitor: Option<Monitor>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Engine {
    /// Starts playing `source` through `pipeline` into `sink`. `playlist` is the list
    /// `source` reads (for the playlist methods), if it is a playlist.
    ///
    /// # Errors
    /// [`EngineError`] if a setting is out of range, the pipeline is invalid for the
    /// sink's rate and `cfg.channels`, or the sink or a thread cannot start.
    pub fn start(
        cfg: EngineConfig,
        mut sink: Box<dyn Sink>,
        source: Box<dyn Source>,
        playlist: Option<Arc<Mutex<Playlist>>>,
        pipeline: &PipelineSource,
    ) -> Result<Engine, EngineError> {
        check_config(&cfg)?;
        let spec = sink.spec();
        let pipeline = Arc::new(pipeline.with_block_size(cfg.block_frames));
        let first = build_pipeline(&pipeline, &cfg, spec, &sink.describe())?;
        let latency_frames = first.latency();
        let rings = block_pool(cfg.buffer_blocks, cfg.channels, cfg.block_frames);
        let (cmd_tx, cmd_rx) = rtrb::RingBuffer::new(COMMAND_QUEUE);
        let (retired_tx, retired_rx) = rtrb::RingBuffer::new(RETIRED_QUEUE);
        let (rt_events_tx, rt_events_rx) = rtrb::RingBuffer::new(EVENT_QUEUE);
        let (events_tx, events_rx) = std::sync::mpsc::channel();
        let (feeder_tx, feeder_rx) = std::sync::mpsc::channel();
        let shared = Arc::new(RenderShared::default());
        let (monitor, monitor_tx) = match &cfg.monitor {
            Some(m) => {
                let (monitor, tx) = Monitor::start(m, spec.sample_rate, spec.channels)?;
                (Some(monitor), Some(tx))
            }
            None => (None, None),
        };
        let fs = f64::from(spec.sample_rate);
        let frames = |ms: f64| (ms * fs / 1000.0).round() as usize;
        let render_cfg = RenderConfig {
            sample_rate: spec.sample_rate,
            channels: cfg.channels,
            device_channels: spec.channels,
            block_frames: cfg.block_frames,
            period_frames: spec.period_frames,
            ramp_frames: frames(cfg.ramp_ms),
            fade_frames: frames(cfg.fade_ms),
            volume_db: cfg.volume_db,
            start_playing: cfg.start_playing,
        };
        let renderer = Renderer::new(
            render_cfg,
            first,
            RenderPorts {
                blocks: rings.filled_rx,
                free: rings.free_tx,
                commands: cmd_rx,
                retired: retired_tx,
                events: rt_events_tx,
                monitor: monitor_tx,
            },
            shared.clone(),
        );
        let source_name = source.describe();
        let feeder = Feeder::new(
            FeederConfig {
                sample_rate: spec.sample_rate,
                channels: cfg.channels,
                quality: cfg.quality,
            },
            source,
            rings.filled_tx,
            rings.free_rx,
            shared.clone(),
            events_tx.clone(),
            feeder_rx,
        );
        let feeder = std::thread::Builder::new()
            .name("vortex-feeder".into())
            .spawn(move || feeder.run())
            .map_err(|source| EngineError::Thread {
                what: "feeder",
                source,
            })?;
        let collector_stop = Arc::new(AtomicBool::new(false));
        let collector =
            spawn_collector(retired_rx, rt_events_rx, events_tx, collector_stop.clone())?;
        let sink_name = sink.describe();
        let sink_counters = sink.counters();
        sink.start(Box::new(renderer))?;
        Ok(Engine {
            spec,
            sink: Mutex::new(sink),
            sink_name,
            source_name,
            sink_counters,
            shared,
            commands: Mutex::new(cmd_tx),
            feeder_tx: Mutex::new(feeder_tx),
            generation: AtomicU32::new(0),
            playlist,
            pipeline: Mutex::new(pipeline),
            latency_frames: Mutex::new(latency_frames),
            volume_db: Mutex::new((cfg.volume_db.min(0.0), false)),
            events: Mutex::new(Some(events_rx)),
            feeder: Some(feeder),
            collector: Some(collector),
            collector_stop,
            monitor,
            cfg,
        })
    }

    /// The receiver of the engine's events (only the first call gets it).
    pub fn take_events(&self) -> Option<Receiver<Event>> {
        lock(&self.events).take()
    }

    /// The live measurements of the output, if [`EngineConfig::monitor`] asked for them.
    pub fn monitor(&self) -> Option<Arc<MonitorHandle>> {
        self.monitor.as_ref().map(Monitor::handle)
    }

    /// What the sink reported when it started (real-time priority refused...).
    pub fn sink_notices(&self) -> Vec<String> {
        lock(&self.sink).notices()
    }

    /// The stream format of the output.
    pub fn spec(&self) -> StreamSpec {
        self.spec
    }

    /// How the engine was set up.
    pub fn config(&self) -> EngineConfig {
        self.cfg
    }

    fn send(&self, c: Command) -> Result<(), EngineError> {
        lock(&self.commands)
            .push(c)
            .map_err(|_| EngineError::Busy(COMMAND_QUEUE))
    }

    fn feed(&self, c: FeederCommand) {
        // The feeder only hangs up when the engine shuts down.
        let _ = lock(&self.feeder_tx).send(c);
    }

    /// Fades out, drops queued audio and has the feeder go to `to` or seek.
    fn reposition(&self, jump: Option<Jump>, seek_s: Option<f64>) -> Result<(), EngineError> {
        let generation = self.generation.fetch_add(1, Relaxed) + 1;
        self.send(Command::Flush { generation })?;
        match (jump, seek_s) {
            (Some(to), _) => self.feed(FeederCommand::Jump { to, generation }),
            (None, Some(seconds)) => self.feed(FeederCommand::Seek {
                seconds,
                generation,
            }),
            (None, None) => {}
        }
        Ok(())
    }

    /// Plays (resumes; after the end of the playlist, starts it again from its first
    /// item, or from the item made current since).
    ///
    /// # Errors
    /// [`EngineError::Busy`].
    pub fn play(&self) -> Result<(), EngineError> {
        if self.shared.finished.load(Relaxed)
            && let Some(p) = &self.playlist
        {
            {
                let mut list = lock(p);
                if list.current().is_none()
                    && let Some(first) = list.items().first().map(|i| i.id)
                {
                    list.set_current(first)?;
                }
            }
            self.reposition(Some(Jump::Current), None)?;
        }
        self.send(Command::Play)
    }

    /// Pauses (fades out; resumes where it was).
    ///
    /// # Errors
    /// [`EngineError::Busy`].
    pub fn pause(&self) -> Result<(), EngineError> {
        self.send(Command::Pause)
    }

    /// Stops: pauses and goes back to the start of the current track.
    ///
    /// # Errors
    /// [`EngineError::Busy`].
    pub fn stop(&self) -> Result<(), EngineError> {
        self.send(Command::Pause)?;
        if self.playlist.is_some() {
            self.reposition(Some(Jump::Current), None)?;
        }
        Ok(())
    }

    /// Plays the next item.
    ///
    /// # Errors
    /// [`EngineError::NoPlaylist`], [`EngineError::Busy`].
    pub fn next(&self) -> Result<(), EngineError> {
        self.require_playlist()?;
        self.reposition(Some(Jump::Next), None)
    }

    /// Goes to the previous item, or back to the start of this one when more than 3 s
    /// of it have played.
    ///
    /// # Errors
    /// [`EngineError::NoPlaylist`], [`EngineError::Busy`].
    pub fn previous(&self) -> Result<(), EngineError> {
        self.require_playlist()?;
        if self.position_s() > PREVIOUS_RESTARTS_AFTER_S {
            self.reposition(Some(Jump::Current), None)
        } else {
            self.reposition(Some(Jump::Previous), None)
        }
    }

    /// Plays item `id` from its start.
    ///
    /// # Errors
    /// [`EngineError::NoPlaylist`], [`EngineError::Playlist`] for an unknown id,
    /// [`EngineError::Busy`].
    pub fn goto(&self, id: u64) -> Result<(), EngineError> {
        lock(self.require_playlist()?).set_current(id)?;
        self.reposition(Some(Jump::Current), None)
    }

    /// Seeks to `seconds` (clamped at 0) in the current item.
    ///
    /// # Errors
    /// [`EngineError::Setting`] for a non-finite time, [`EngineError::Busy`].
    pub fn seek(&self, seconds: f64) -> Result<(), EngineError> {
        if !seconds.is_finite() {
            return Err(EngineError::Setting {
                field: "seek",
                message: format!("{seconds} s is not a time"),
            });
        }
        self.reposition(None, Some(seconds.max(0.0)))
    }

    /// Ramps the master volume to `db` (clamped to -150..=0 dB).
    ///
    /// # Errors
    /// [`EngineError::Setting`] for NaN, [`EngineError::Busy`].
    pub fn set_volume(&self, db: f64) -> Result<(), EngineError> {
        if db.is_nan() {
            return Err(EngineError::Setting {
                field: "volume",
                message: "not a number".into(),
            });
        }
        let db = db.clamp(vortex_dsp::volume::MIN_VOLUME_DB, 0.0);
        lock(&self.volume_db).0 = db;
        self.send(Command::Volume { db })
    }

    /// Mutes or unmutes (ramped).
    ///
    /// # Errors
    /// [`EngineError::Busy`].
    pub fn set_mute(&self, mute: bool) -> Result<(), EngineError> {
        lock(&self.volume_db).1 = mute;
        self.send(Command::Mute(mute))
    }

    /// Replaces the pipeline without a gap: unchanged operations keep their state and
    /// changed ones crossfade (a pipeline of another shape crossfades as a whole).
    ///
    /// # Errors
    /// [`EngineError::Pipeline`] or [`EngineError::TooManyOutputs`] (the running
    /// pipeline stays), [`EngineError::Busy`].
    pub fn set_pipeline(&self, pipeline: &PipelineSource) -> Result<(), EngineError> {
        let source = Arc::new(pipeline.with_block_size(self.cfg.block_frames));
        let built = build_pipeline(&source, &self.cfg, self.spec, &self.sink_name)?;
        let fade_frames =
            (self.cfg.crossfade_ms * f64::from(self.spec.sample_rate) / 1000.0).round() as usize;
        *lock(&self.latency_frames) = built.latency();
        self.send(Command::Pipeline {
            pipeline: built,
            fade_frames,
        })?;
        *lock(&self.pipeline) = source;
        Ok(())
    }

    /// Checks that `pipeline` would run here (valid at the output's rate and channel
    /// count, outputs fit the device) without applying it.
    ///
    /// # Errors
    /// As [`Engine::set_pipeline`], except [`EngineError::Busy`].
    pub fn check_pipeline(&self, pipeline: &PipelineSource) -> Result<(), EngineError> {
        let source = pipeline.with_block_size(self.cfg.block_frames);
        build_pipeline(&source, &self.cfg, self.spec, &self.sink_name).map(drop)
    }

    /// The pipeline description in use.
    pub fn pipeline(&self) -> Arc<PipelineSource> {
        lock(&self.pipeline).clone()
    }

    fn require_playlist(&self) -> Result<&Arc<Mutex<Playlist>>, EngineError> {
        self.playlist
            .as_ref()
            .ok_or_else(|| EngineError::NoPlaylist(self.source_name.clone()))
    }

    /// Appends files to the playlist; returns their ids.
    ///
    /// # Errors
    /// [`EngineError::NoPlaylist`], [`EngineError::Playlist`] when the list is full.
    pub fn playlist_add(&self, paths: Vec<PathBuf>) -> Result<Vec<u64>, EngineError> {
        Ok(lock(self.require_playlist()?).add(paths)?)
    }

    /// Removes an item (the one playing plays on to its end).
    ///
    /// # Errors
    /// [`EngineError::NoPlaylist`], [`EngineError::Playlist`] for an unknown id.
    pub fn playlist_remove(&self, id: u64) -> Result<(), EngineError> {
        Ok(lock(self.require_playlist()?).remove(id)?)
    }

    /// Moves an item to position `to`.
    ///
    /// # Errors
    /// [`EngineError::NoPlaylist`], [`EngineError::Playlist`] for an unknown id.
    pub fn playlist_move(&self, id: u64, to: usize) -> Result<(), EngineError> {
        Ok(lock(self.require_playlist()?).move_item(id, to)?)
    }

    /// Sets the repeat mode.
    ///
    /// # Errors
    /// [`EngineError::NoPlaylist`].
    pub fn set_repeat(&self, r: Repeat) -> Result<(), EngineError> {
        lock(self.require_playlist()?).set_repeat(r);
        Ok(())
    }

    /// The playlist's repeat mode.
    ///
    /// # Errors
    /// [`EngineError::NoPlaylist`].
    pub fn repeat(&self) -> Result<Repeat, EngineError> {
        Ok(lock(self.require_playlist()?).repeat())
    }

    /// The playlist's items and the current item's id.
    ///
    /// # Errors
    /// [`EngineError::NoPlaylist`].
    pub fn playlist(&self) -> Result<(Vec<PlaylistItem>, Option<u64>), EngineError> {
        let list = lock(self.require_playlist()?);
        Ok((list.items().to_vec(), list.current().map(|i| i.id)))
    }

    fn position_s(&self) -> f64 {
        self.shared.position.load(Relaxed) as f64 / f64::from(self.spec.sample_rate)
    }

    fn latency_ms(&self) -> f64 {
        let sink = lock(&self.sink).buffer_frames();
        let fifo = if self
            .spec
            .period_frames
            .is_multiple_of(self.cfg.block_frames)
        {
            0
        } else {
            self.cfg.block_frames
        };
        (*lock(&self.latency_frames) + sink + fifo) as f64 * 1000.0
            / f64::from(self.spec.sample_rate)
    }

    /// What the engine is doing now.
    pub fn status(&self) -> Status {
        let (volume_db, muted) = *lock(&self.volume_db);
        Status {
            state: if self.shared.finished.load(Relaxed) {
                PlayState::Finished
            } else if self.shared.paused.load(Relaxed) {
                PlayState::Paused
            } else {
                PlayState::Playing
            },
            item: self.shared.item.load(Relaxed),
            position_s: self.position_s(),
            volume_db,
            muted,
            sample_rate: self.spec.sample_rate,
            sink: self.sink_name.clone(),
            source: self.source_name.clone(),
            latency_ms: self.latency_ms(),
        }
    }

    /// The metrics now.
    pub fn metrics(&self) -> MetricsSnapshot {
        let mut m = self.shared.metrics.snapshot(self.spec.channels);
        m.sink_xruns = self.sink_counters.xruns();
        m.sink_max_late_us = self.sink_counters.max_late_ns.load(Relaxed) as f64 / 1e3;
        m.sink_errors = self.sink_counters.errors.load(Relaxed);
        m.output_latency_ms = self.latency_ms();
        m
    }

    /// Whether everything has played.
    pub fn is_finished(&self) -> bool {
        self.shared.finished.load(Relaxed)
    }

    /// Waits until everything has played or `timeout` passes; returns whether it
    /// finished.
    pub fn wait_finished(&self, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while !self.is_finished() {
            if Instant::now() >= end {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        true
    }

    /// Stops the output and every thread; file sinks complete their file.
    ///
    /// # Errors
    /// [`EngineError::Sink`] if the sink failed to finish.
    pub fn shutdown(mut self) -> Result<(), EngineError> {
        self.close()
    }

    fn close(&mut self) -> Result<(), EngineError> {
        let result = lock(&self.sink).stop();
        self.feed(FeederCommand::Quit);
        if let Some(t) = self.feeder.take() {
            let _ = t.join();
        }
        self.collector_stop.store(true, Relaxed);
        if let Some(t) = self.collector.take() {
            let _ = t.join();
        }
        Ok(result?)
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        let _ = self.close();
    }
}

fn check_config(cfg: &EngineConfig) -> Result<(), EngineError> {
    let bad = |field, message: String| Err(EngineError::Setting { field, message });
    if !(1..=64).contains(&cfg.channels) {
        return bad("channels", format!("{} must be 1 to 64", cfg.channels));
    }
    if !cfg.block_frames.is_power_of_two() || !(16..=8192).contains(&cfg.block_frames) {
        return bad(
            "block_frames",
            format!(
                "{} must be a power of two from 16 to 8192",
                cfg.block_frames
            ),
        );
    }
    if !(4..=1024).contains(&cfg.buffer_blocks) {
        return bad(
            "buffer_blocks",
            format!("{} must be 4 to 1024", cfg.buffer_blocks),
        );
    }
    for (field, v, hi) in [
        ("ramp_ms", cfg.ramp_ms, 1000.0),
        ("fade_ms", cfg.fade_ms, 1000.0),
        ("crossfade_ms", cfg.crossfade_ms, 2000.0),
    ] {
        if !(0.0..=hi).contains(&v) {
            return bad(field, format!("{v} ms must be 0 to {hi} ms"));
        }
    }
    Ok(())
}

/// Designs and instantiates `source` for the stream.
fn build_pipeline(
    source: &PipelineSource,
    cfg: &EngineConfig,
    spec: StreamSpec,
    sink: &str,
) -> Result<Box<Pipeline>, EngineError> {
    let design = source
        .design_for(spec.sample_rate, cfg.channels)
        .map_err(|errors| EngineError::Pipeline {
            sample_rate: spec.sample_rate,
            channels: cfg.channels,
            errors,
        })?;
    let p = design.instantiate();
    if p.channels_out() > spec.channels {
        return Err(EngineError::TooManyOutputs {
            pipeline: p.channels_out(),
            sink: sink.to_string(),
            sink_channels: spec.channels,
        });
    }
    Ok(Box::new(p))
}

/// The collector: drops retired objects and forwards the callback's events.
fn spawn_collector(
    mut retired: rtrb::Consumer<Retired>,
    mut rt_events: rtrb::Consumer<RtEvent>,
    events: Sender<Event>,
    stop: Arc<AtomicBool>,
) -> Result<JoinHandle<()>, EngineError> {
    std::thread::Builder::new()
        .name("vortex-collector".into())
        .spawn(move || {
            loop {
                while let Ok(r) = retired.pop() {
                    drop(r);
                }
                while let Ok(e) = rt_events.pop() {
                    let _ = events.send(e.into());
                }
                if stop.load(Relaxed) {
                    return;
                }
                std::thread::sleep(COLLECT_EVERY);
            }
        })
        .map_err(|source| EngineError::Thread {
            what: "collector",
            source,
        })
}
