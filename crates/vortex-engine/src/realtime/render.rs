//! The audio callback: takes queued blocks, runs the pipeline, applies the transport
//! fader and the master volume, and hands interleaved frames to the sink.
//!
//! Nothing here allocates, frees, locks, blocks, logs or does I/O: blocks come and go
//! through preallocated rings, commands arrive through a ring, replaced objects leave
//! through a ring, and metrics are relaxed atomics. Tests run it under an allocation
//! guard.

use super::block::{AudioBlock, BlockMark};
use super::command::{Command, Retired};
use super::event::RtEvent;
use super::metrics::Metrics;
use crate::pipeline::{Pipeline, crossfade};
use crate::sink::Render;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::Instant;
use vortex_dsp::volume::{MIN_VOLUME_DB, Volume};
use vortex_dsp::{Filter, PlanarBuf};

/// Widest a pipeline may get (channels), so any pipeline swapped in fits the buffers
/// allocated at start.
pub const MAX_PIPELINE_CHANNELS: usize = vortex_dsp::mixer::MAX_CHANNELS;

/// How the callback is set up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderConfig {
    /// Device sample rate, Hz.
    pub sample_rate: u32,
    /// Channels of the queued audio (the pipeline's input).
    pub channels: usize,
    /// Channels of the device (pipeline outputs beyond them are an error upstream;
    /// device channels beyond the pipeline's outputs get silence).
    pub device_channels: usize,
    /// Frames the pipeline processes at a time.
    pub block_frames: usize,
    /// Frames the sink asks for per call (for [`Render::ready`]).
    pub period_frames: usize,
    /// Length of volume ramps, frames.
    pub ramp_frames: usize,
    /// Length of transport fades (pause, seek, skip), frames.
    pub fade_frames: usize,
    /// Initial master volume, dB (-150..=0).
    pub volume_db: f64,
    /// Start playing as soon as audio is queued.
    pub start_playing: bool,
}

/// State the callback publishes for the control side (relaxed atomics).
#[derive(Debug, Default)]
pub struct RenderShared {
    /// Metrics.
    pub metrics: Metrics,
    /// Item now playing (0 for none).
    pub item: AtomicU64,
    /// Frames of the current item played, at the device rate.
    pub position: AtomicU64,
    /// The source's end has been played.
    pub finished: AtomicBool,
    /// Set by the feeder when it has queued the source's end.
    pub source_ended: AtomicBool,
    /// The output is paused (faded out).
    pub paused: AtomicBool,
    /// Frames queued in blocks and not yet taken by the callback (the feeder adds,
    /// the callback subtracts).
    pub queued_frames: AtomicU64,
}

/// The rings that connect the callback to the rest of the engine.
pub struct RenderPorts {
    /// Filled blocks from the feeder.
    pub blocks: rtrb::Consumer<AudioBlock>,
    /// Consumed blocks back to the feeder.
    pub free: rtrb::Producer<AudioBlock>,
    /// Commands from the control side.
    pub commands: rtrb::Consumer<Command>,
    /// Replaced objects, to be dropped elsewhere.
    pub retired: rtrb::Producer<Retired>,
    /// Events for the control side.
    pub events: rtrb::Producer<RtEvent>,
    /// A copy of the output (interleaved device frames) for the monitor, if any.
    pub monitor: Option<rtrb::Producer<f32>>,
}

/// Where the transport is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transport {
    Playing,
    /// Fading out, then paused.
    Pausing,
    Paused,
    /// Fading out, then dropping audio older than `generation`; `resume` says whether to
    /// play or stay paused afterwards.
    Flushing {
        generation: u32,
        resume: bool,
    },
}

/// The callback's state.
pub struct Renderer {
    cfg: RenderConfig,
    ports: RenderPorts,
    shared: Arc<RenderShared>,
    pipeline: Box<Pipeline>,
    /// The pipeline being faded out after a swap to one of another shape.
    outgoing: Option<Box<Pipeline>>,
    swap_fade_len: usize,
    swap_fade_pos: usize,
    /// Processing buffer (pipeline input, then output).
    work: PlanarBuf,
    /// Copy of the input for the outgoing pipeline.
    work_old: PlanarBuf,
    /// Interleaved output of the last block, `fifo_pos..fifo_len` frames not yet sent.
    fifo: Vec<f32>,
    fifo_pos: usize,
    fifo_len: usize,
    current: Option<AudioBlock>,
    offset: usize,
    generation: u32,
    transport: Transport,
    /// Waiting for the first block after the start or a flush: starving is no underrun.
    awaiting: bool,
    ended: bool,
    muted: bool,
    volume_db: f64,
    fader: Vec<Volume>,
    master: Vec<Volume>,
}

impl Renderer {
    /// A callback running `pipeline`, connected through `ports`.
    ///
    /// # Panics
    /// If the pipeline does not take `cfg.channels` inputs, produces more outputs than
    /// the device has, or has another block size (the engine checks all three first).
    pub fn new(
        cfg: RenderConfig,
        pipeline: Box<Pipeline>,
        ports: RenderPorts,
        shared: Arc<RenderShared>,
    ) -> Self {
        assert_eq!(pipeline.channels_in(), cfg.channels, "pipeline inputs");
        assert!(
            pipeline.channels_out() <= cfg.device_channels,
            "pipeline outputs"
        );
        assert_eq!(
            pipeline.block_size(),
            cfg.block_frames,
            "pipeline block size"
        );
        let fs = f64::from(cfg.sample_rate);
        let ms = |frames: usize| frames as f64 * 1000.0 / fs;
        let volume = |db, frames| Volume::new(db, ms(frames), fs).expect("ramp in range");
        let db = cfg.volume_db.clamp(MIN_VOLUME_DB, 0.0);
        shared.paused.store(!cfg.start_playing, Relaxed);
        Self {
            pipeline,
            outgoing: None,
            swap_fade_len: 0,
            swap_fade_pos: 0,
            work: PlanarBuf::new(MAX_PIPELINE_CHANNELS, cfg.block_frames),
            work_old: PlanarBuf::new(MAX_PIPELINE_CHANNELS, cfg.block_frames),
            fifo: vec![0.0; cfg.block_frames * cfg.device_channels],
            fifo_pos: 0,
            fifo_len: 0,
            current: None,
            offset: 0,
            generation: 0,
            transport: if cfg.start_playing {
                Transport::Playing
            } else {
                Transport::Paused
            },
            awaiting: true,
            ended: false,
            muted: false,
            volume_db: db,
            fader: (0..cfg.device_channels)
                .map(|_| volume(MIN_VOLUME_DB, cfg.fade_frames))
                .collect(),
            master: (0..cfg.device_channels)
                .map(|_| volume(db, cfg.ramp_frames))
                .collect(),
            cfg,
            ports,
            shared,
        }
    }

    /// The state shared with the control side.
    pub fn shared(&self) -> &Arc<RenderShared> {
        &self.shared
    }

    /// Copies the output to the monitor ring, or drops it whole (and counts it) when
    /// the monitor has fallen behind.
    fn tap(&mut self, out: &[f32]) {
        let Some(ring) = &mut self.ports.monitor else {
            return;
        };
        match ring.write_chunk_uninit(out.len()) {
            Ok(chunk) => {
                chunk.fill_from_iter(out.iter().copied());
            }
            Err(_) => self
                .shared
                .metrics
                .record_monitor_dropped(out.len() / self.cfg.device_channels),
        }
    }

    fn event(&mut self, e: RtEvent) {
        if self.ports.events.push(e).is_err() {
            self.shared.metrics.record_event_dropped();
        }
    }

    fn set_fader(&mut self, open: bool) {
        let db = if open { 0.0 } else { MIN_VOLUME_DB };
        self.fader.iter_mut().for_each(|f| f.set_target_db(db));
    }

    fn fader_closed(&self) -> bool {
        self.fader
            .first()
            .is_none_or(|f| !f.is_ramping() && f.current_gain() == 0.0)
    }

    fn set_master(&mut self) {
        let db = if self.muted {
            MIN_VOLUME_DB
        } else {
            self.volume_db
        };
        self.master.iter_mut().for_each(|v| v.set_target_db(db));
    }

    /// Applies queued commands. A pipeline swap waits while the retired ring lacks
    /// room for what it would send out.
    fn apply_commands(&mut self) {
        loop {
            let Ok(next) = self.ports.commands.peek() else {
                return;
            };
            if matches!(next, Command::Pipeline { .. }) && self.ports.retired.slots() < 2 {
                return;
            }
            let Ok(cmd) = self.ports.commands.pop() else {
                return;
            };
            match cmd {
                Command::Play => {
                    match &mut self.transport {
                        Transport::Flushing { resume, .. } => *resume = true,
                        t => {
                            *t = Transport::Playing;
                            self.set_fader(true);
                        }
                    }
                    self.shared.paused.store(false, Relaxed);
                }
                Command::Pause => {
                    match &mut self.transport {
                        Transport::Flushing { resume, .. } => *resume = false,
                        Transport::Paused => {}
                        t => {
                            *t = Transport::Pausing;
                            self.set_fader(false);
                        }
                    }
                    self.shared.paused.store(true, Relaxed);
                }
                Command::Flush { generation } => {
                    let resume = match self.transport {
                        Transport::Playing => true,
                        Transport::Pausing | Transport::Paused => false,
                        Transport::Flushing { resume, .. } => resume,
                    };
                    self.transport = Transport::Flushing { generation, resume };
                    self.set_fader(false);
                }
                Command::Volume { db } => {
                    self.volume_db = db.clamp(MIN_VOLUME_DB, 0.0);
                    self.set_master();
                }
                Command::Mute(m) => {
                    self.muted = m;
                    self.set_master();
                }
                Command::Pipeline {
                    pipeline,
                    fade_frames,
                } => self.swap_pipeline(pipeline, fade_frames),
            }
        }
    }

    fn retire(&mut self, r: Retired) {
        // Room was checked before the command was taken; if the ring is full anyway the
        // object is leaked rather than freed here.
        if let Err(rtrb::PushError::Full(r)) = self.ports.retired.push(r) {
            std::mem::forget(r);
        }
    }

    /// Swaps `new` in, keeping state where the shapes allow, else crossfading whole
    /// pipelines. A pipeline that does not fit the stream is refused (retired unused).
    fn swap_pipeline(&mut self, mut new: Box<Pipeline>, fade_frames: usize) {
        let fits = new.channels_in() == self.cfg.channels
            && new.channels_out() <= self.cfg.device_channels
            && new.block_size() == self.cfg.block_frames
            && new.channels_max() <= MAX_PIPELINE_CHANNELS;
        if !fits {
            return self.retire(Retired::Pipeline(new));
        }
        if new.adopt(&mut self.pipeline, fade_frames) {
            std::mem::swap(&mut self.pipeline, &mut new);
            self.retire(Retired::Pipeline(new));
        } else {
            if let Some(prev) = self.outgoing.take() {
                self.retire(Retired::Pipeline(prev));
            }
            self.outgoing = Some(std::mem::replace(&mut self.pipeline, new));
            self.swap_fade_len = fade_frames;
            self.swap_fade_pos = 0;
        }
        self.event(RtEvent::PipelineChanged);
    }

    /// Sends out finished fades while the retired ring has room.
    fn retire_finished(&mut self) {
        while self.ports.retired.slots() > 0 {
            if self.outgoing.is_some() && self.swap_fade_pos >= self.swap_fade_len {
                let old = self.outgoing.take().expect("checked");
                self.retire(Retired::Pipeline(old));
                continue;
            }
            match self.pipeline.take_retired() {
                Some(op) => self.retire(Retired::Op(op)),
                None => return,
            }
        }
    }

    /// Whether the transport takes audio from the queue now.
    fn consuming(&self) -> bool {
        !matches!(self.transport, Transport::Paused)
    }

    /// Returns the current block to the feeder.
    fn release_current(&mut self) {
        if let Some(b) = self.current.take() {
            let left = b.frames.saturating_sub(self.offset);
            self.shared.queued_frames.fetch_sub(left as u64, Relaxed);
            let _ = self.ports.free.push(b);
        }
    }

    /// Takes the next usable block from the queue, or `None` if there is none now (or
    /// the next belongs after a flush still fading out).
    fn next_block(&mut self) -> Option<AudioBlock> {
        loop {
            let front = self.ports.blocks.peek().ok()?;
            let block_gen = front.generation;
            if let Transport::Flushing { generation, .. } = self.transport
                && block_gen >= generation
            {
                return None;
            }
            let mut b = self.ports.blocks.pop().ok()?;
            if block_gen < self.generation {
                self.shared
                    .queued_frames
                    .fetch_sub(b.frames as u64, Relaxed);
                b.clear();
                let _ = self.ports.free.push(b);
                continue;
            }
            if block_gen > self.generation {
                self.generation = block_gen;
            }
            return Some(b);
        }
    }

    /// Fills the first `cfg.channels` channels of `work` with `n` frames of queued audio
    /// (silence where there is none).
    fn fill_input(&mut self, n: usize) {
        let mut filled = 0;
        while filled < n && self.consuming() {
            if self.current.is_none() {
                let Some(b) = self.next_block() else { break };
                match b.mark {
                    BlockMark::End => {
                        let _ = self.ports.free.push(b);
                        if !self.ended {
                            self.ended = true;
                            self.shared.finished.store(true, Relaxed);
                            self.event(RtEvent::EndOfStream);
                        }
                        continue;
                    }
                    BlockMark::TrackStart => {
                        self.shared.item.store(b.item, Relaxed);
                        self.event(RtEvent::TrackStarted(b.item));
                    }
                    BlockMark::None => {}
                }
                if self.ended {
                    self.ended = false;
                    self.shared.finished.store(false, Relaxed);
                }
                if self.awaiting {
                    self.awaiting = false;
                    if self.transport == Transport::Playing {
                        // Mid-track (after a seek) fade in; a track's start plays as is.
                        if b.position == 0 {
                            self.fader.iter_mut().for_each(|f| f.set_db_now(0.0));
                        } else {
                            self.set_fader(true);
                        }
                    }
                }
                self.current = Some(b);
                self.offset = 0;
            }
            let b = self.current.as_ref().expect("set above");
            let take = (b.frames - self.offset).min(n - filled);
            for c in 0..self.cfg.channels {
                self.work.channel_mut(c)[filled..filled + take]
                    .copy_from_slice(&b.channel(c)[self.offset..self.offset + take]);
            }
            self.shared
                .position
                .store(b.position + (self.offset + take) as u64, Relaxed);
            self.shared.queued_frames.fetch_sub(take as u64, Relaxed);
            self.offset += take;
            filled += take;
            if self.offset >= b.frames {
                self.release_current();
            }
        }
        if filled < n {
            for c in 0..self.cfg.channels {
                self.work.channel_mut(c)[filled..n].fill(0.0);
            }
            let starving = self.transport == Transport::Playing && !self.awaiting && !self.ended;
            if starving {
                self.shared.metrics.record_underrun(n - filled);
                self.event(RtEvent::Underrun(n - filled));
            }
        }
    }

    /// Ends a fade-out that has reached silence (pause or flush).
    fn settle_transport(&mut self) {
        if !self.fader_closed() {
            return;
        }
        match self.transport {
            Transport::Pausing => self.transport = Transport::Paused,
            Transport::Flushing { generation, resume } => {
                self.generation = generation;
                if self
                    .current
                    .as_ref()
                    .is_some_and(|b| b.generation < generation)
                {
                    self.release_current();
                }
                self.awaiting = true;
                self.transport = if resume {
                    Transport::Playing
                } else {
                    Transport::Paused
                };
            }
            Transport::Playing | Transport::Paused => {}
        }
    }

    /// Renders one pipeline block into the FIFO.
    fn render_block(&mut self) {
        let n = self.cfg.block_frames;
        self.fill_input(n);
        if self.outgoing.is_some() {
            for c in 0..self.cfg.channels {
                let (src, dst) = (self.work.channel(c), &mut self.work_old);
                dst.channel_mut(c)[..n].copy_from_slice(&src[..n]);
            }
        }
        self.pipeline.process(&mut self.work, n);
        if let Some(old) = self.outgoing.as_mut() {
            old.process(&mut self.work_old, n);
            crossfade(
                &self.work_old,
                &mut self.work,
                n,
                self.swap_fade_pos,
                self.swap_fade_len,
            );
            self.swap_fade_pos = (self.swap_fade_pos + n).min(self.swap_fade_len);
        }
        let outs = self.pipeline.channels_out();
        let dev = self.cfg.device_channels;
        for c in 0..dev {
            let ch = self.work.channel_mut(c);
            let block = &mut ch[..n];
            if c < outs {
                self.fader[c].process(block);
                self.master[c].process(block);
            } else {
                block.fill(0.0);
            }
            let mut clipped = 0;
            for (i, &x) in block.iter().enumerate() {
                clipped += u64::from(x.abs() > 1.0);
                self.fifo[i * dev + c] = x;
            }
            if clipped > 0 {
                self.shared.metrics.record_clipped(c, clipped);
            }
        }
        self.fifo_pos = 0;
        self.fifo_len = n;
        self.settle_transport();
    }
}

impl Render for Renderer {
    fn render(&mut self, out: &mut [f32]) {
        let start = Instant::now();
        let dev = self.cfg.device_channels;
        let frames = out.len() / dev;
        self.shared.metrics.record_queue(self.ports.blocks.slots());
        self.apply_commands();
        let mut done = 0;
        while done < frames {
            if self.fifo_pos == self.fifo_len {
                self.render_block();
            }
            let take = (self.fifo_len - self.fifo_pos).min(frames - done);
            out[done * dev..(done + take) * dev]
                .copy_from_slice(&self.fifo[self.fifo_pos * dev..(self.fifo_pos + take) * dev]);
            self.fifo_pos += take;
            done += take;
        }
        self.tap(out);
        self.retire_finished();
        let busy = start.elapsed().as_nanos() as u64;
        let period = frames as u64 * 1_000_000_000 / u64::from(self.cfg.sample_rate);
        self.shared.metrics.record_callback(frames, busy, period);
    }

    fn ready(&self) -> bool {
        let queued = self.shared.queued_frames.load(Relaxed) as usize;
        match self.transport {
            Transport::Paused => false,
            // Fades render whatever is there.
            Transport::Pausing | Transport::Flushing { .. } => true,
            Transport::Playing => {
                // Stale audio at the front (queued before a seek) is dropped by `poll`
                // first; rendering now would render silence for it.
                let stale = self
                    .ports
                    .blocks
                    .peek()
                    .is_ok_and(|b| b.generation < self.generation);
                !stale
                    && (queued >= self.cfg.period_frames || self.shared.source_ended.load(Relaxed))
            }
        }
    }

    fn poll(&mut self) {
        self.apply_commands();
        self.settle_transport();
        if matches!(self.transport, Transport::Flushing { .. }) {
            return;
        }
        // Drop stale audio now, so that `ready` counts only what will play.
        while let Ok(front) = self.ports.blocks.peek() {
            if front.generation >= self.generation {
                break;
            }
            let Ok(mut b) = self.ports.blocks.pop() else {
                break;
            };
            self.shared
                .queued_frames
                .fetch_sub(b.frames as u64, Relaxed);
            b.clear();
            let _ = self.ports.free.push(b);
        }
        self.retire_finished();
    }

    fn finished(&self) -> bool {
        self.ended
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PipelineConfig;
    use crate::realtime::block::block_pool;
    use crate::validate::{Context, design};
    use assert_no_alloc::assert_no_alloc;
    use std::path::PathBuf;

    const FS: u32 = 48_000;
    const BLOCK: usize = 64;

    fn pipeline(toml: &str) -> Box<Pipeline> {
        let mut cfg = PipelineConfig::from_toml(toml).unwrap();
        cfg.settings.block_size = BLOCK;
        let ctx = Context {
            sample_rate: FS,
            channels: 2,
            base_dir: PathBuf::new(),
        };
        Box::new(design(&cfg, &ctx).unwrap().instantiate())
    }

    /// A renderer and the other ends of its rings.
    struct Harness {
        r: Renderer,
        filled: rtrb::Producer<AudioBlock>,
        free: rtrb::Consumer<AudioBlock>,
        commands: rtrb::Producer<Command>,
        retired: rtrb::Consumer<Retired>,
        events: rtrb::Consumer<RtEvent>,
        monitor: rtrb::Consumer<f32>,
    }

    /// Room in the harness's monitor ring, samples (4 periods of stereo).
    const TAP_RING: usize = BLOCK * 2 * 4;

    fn harness(toml: &str, volume_db: f64) -> Harness {
        let rings = block_pool(1024, 2, BLOCK);
        let (commands, cmd_rx) = rtrb::RingBuffer::new(64);
        let (retired_tx, retired) = rtrb::RingBuffer::new(64);
        let (events_tx, events) = rtrb::RingBuffer::new(4096);
        let (monitor_tx, monitor) = rtrb::RingBuffer::new(TAP_RING);
        let cfg = RenderConfig {
            sample_rate: FS,
            channels: 2,
            device_channels: 2,
            block_frames: BLOCK,
            period_frames: BLOCK,
            ramp_frames: 960,
            fade_frames: 240,
            volume_db,
            start_playing: true,
        };
        let r = Renderer::new(
            cfg,
            pipeline(toml),
            RenderPorts {
                blocks: rings.filled_rx,
                free: rings.free_tx,
                commands: cmd_rx,
                retired: retired_tx,
                events: events_tx,
                monitor: Some(monitor_tx),
            },
            Arc::new(RenderShared::default()),
        );
        Harness {
            r,
            filled: rings.filled_tx,
            free: rings.free_rx,
            commands,
            retired,
            events,
            monitor,
        }
    }

    impl Harness {
        /// Queues `frames` frames of `signal(n)` (same on both channels) from absolute
        /// frame `start` of item `item`.
        fn queue(&mut self, item: u64, start: u64, frames: usize, signal: &dyn Fn(u64) -> f32) {
            self.queue_gen(item, start, frames, 0, signal);
        }

        fn queue_gen(
            &mut self,
            item: u64,
            start: u64,
            frames: usize,
            generation: u32,
            signal: &dyn Fn(u64) -> f32,
        ) {
            let mut done = 0;
            while done < frames {
                let Ok(mut b) = self.free.pop() else {
                    return; // the pool is all queued (a paused renderer)
                };
                b.clear();
                let n = (frames - done).min(b.capacity());
                for c in 0..2 {
                    for i in 0..n {
                        b.channel_mut(c)[i] = signal(start + (done + i) as u64);
                    }
                }
                b.frames = n;
                b.item = item;
                b.generation = generation;
                b.position = start + done as u64;
                b.mark = if start == 0 && done == 0 {
                    BlockMark::TrackStart
                } else {
                    BlockMark::None
                };
                self.r.shared.queued_frames.fetch_add(n as u64, Relaxed);
                self.filled.push(b).unwrap();
                done += n;
            }
        }

        fn end(&mut self) {
            let mut b = self.free.pop().unwrap();
            b.clear();
            b.mark = BlockMark::End;
            self.filled.push(b).unwrap();
        }

        /// Renders `frames` frames (in periods of `BLOCK`) under the allocation guard;
        /// returns channel 0.
        fn render(&mut self, frames: usize) -> Vec<f32> {
            let mut out = vec![0.0f32; frames * 2];
            for chunk in out.chunks_mut(BLOCK * 2) {
                assert_no_alloc(|| self.r.render(chunk));
            }
            out.iter().step_by(2).copied().collect()
        }

        fn events(&mut self) -> Vec<RtEvent> {
            std::iter::from_fn(|| self.events.pop().ok()).collect()
        }
    }

    const PASS: &str = "";

    #[test]
    fn the_monitor_tap_copies_the_output_and_drops_whole_periods_when_full() {
        let mut h = harness(PASS, 0.0);
        let sig = |n: u64| ((n as f32) * 0.02).sin() * 0.25;
        h.queue(1, 0, BLOCK * 6, &sig);
        let out = h.render(BLOCK * 2);
        let tapped: Vec<f32> = std::iter::from_fn(|| h.monitor.pop().ok()).collect();
        assert_eq!(tapped.len(), BLOCK * 2 * 2);
        let left: Vec<f32> = tapped.iter().step_by(2).copied().collect();
        assert_eq!(left, out, "the tap sees exactly the output");
        // Nobody reads: after 4 periods the ring is full and later periods are dropped.
        h.render(BLOCK * 4);
        assert_eq!(h.r.shared.metrics.snapshot(2).monitor_dropped_frames, 0);
        h.render(BLOCK * 2);
        assert_eq!(
            h.r.shared.metrics.snapshot(2).monitor_dropped_frames,
            BLOCK as u64 * 2
        );
        assert_eq!(
            h.monitor.slots(),
            TAP_RING,
            "whole periods only, never torn"
        );
    }

    #[test]
    fn plays_queued_audio_bit_exact_and_counts_no_underrun_before_the_first_block() {
        let mut h = harness(PASS, 0.0);
        let silence = h.render(BLOCK * 3); // nothing queued yet: not an underrun
        assert!(silence.iter().all(|&x| x == 0.0));
        let sig = |n: u64| ((n as f32) * 0.01).sin() * 0.5;
        h.queue(7, 0, 1000, &sig);
        h.end();
        let out = h.render(1024);
        for (i, &y) in out.iter().take(1000).enumerate() {
            assert_eq!(y, sig(i as u64), "frame {i}");
        }
        assert!(out[1000..].iter().all(|&x| x == 0.0));
        assert_eq!(h.r.shared.metrics.underruns(), 0);
        assert!(h.r.finished());
        assert_eq!(
            h.events(),
            [RtEvent::TrackStarted(7), RtEvent::EndOfStream],
            "the end is no underrun"
        );
        assert_eq!(h.r.shared.position.load(Relaxed), 1000);
        assert_eq!(h.r.shared.queued_frames.load(Relaxed), 0);
    }

    #[test]
    fn starving_while_playing_is_an_underrun_event() {
        let mut h = harness(PASS, 0.0);
        h.queue(1, 0, BLOCK * 2, &|_| 0.25);
        h.render(BLOCK * 2);
        h.render(BLOCK);
        assert_eq!(h.r.shared.metrics.underruns(), 1);
        assert_eq!(
            h.events(),
            [RtEvent::TrackStarted(1), RtEvent::Underrun(BLOCK)]
        );
    }

    /// Largest sample-to-sample step of a signal.
    fn max_step(x: &[f32]) -> f32 {
        x.windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0.0, f32::max)
    }

    #[test]
    fn a_volume_jump_ramps_without_a_step() {
        // DC at 0.5: without a ramp, -40 dB -> 0 dB would step by 0.495 at once.
        let mut h = harness(PASS, -40.0);
        h.queue(1, 0, 4800, &|_| 0.5);
        let before = h.render(BLOCK * 4);
        assert!((before[200] - 0.005).abs() < 1e-6);
        h.commands.push(Command::Volume { db: 0.0 }).unwrap();
        let after = h.render(BLOCK * 30);
        // A 960-frame linear ramp over 0.495 moves at most 0.495 / 960 per sample.
        let bound = 0.495 / 960.0 * 1.01;
        assert!(max_step(&before[200..]) < bound);
        assert!(max_step(&after) < bound, "step {}", max_step(&after));
        assert!((after[1500] - 0.5).abs() < 1e-6, "reaches the target");
    }

    #[test]
    fn pause_fades_out_keeps_position_and_resume_fades_in() {
        let mut h = harness(PASS, 0.0);
        h.queue(1, 0, 48_000, &|n| if n % 2 == 0 { 0.5 } else { 0.4 });
        h.render(BLOCK * 8);
        h.commands.push(Command::Pause).unwrap();
        let fading = h.render(BLOCK * 8);
        let pos = h.r.shared.position.load(Relaxed);
        let paused = h.render(BLOCK * 8);
        assert!(paused.iter().all(|&x| x == 0.0));
        assert_eq!(
            h.r.shared.position.load(Relaxed),
            pos,
            "paused: nothing consumed"
        );
        h.commands.push(Command::Play).unwrap();
        let resumed = h.render(BLOCK * 8);
        // The envelope moves by at most 1/240 of full scale per sample (240-frame fade).
        let env = |x: &[f32]| -> Vec<f32> { x.iter().map(|v| v.abs()).collect() };
        for x in [&fading, &resumed] {
            let e = env(x);
            let worst = e
                .windows(3)
                .map(|w| (w[2] - w[0]).abs())
                .fold(0.0, f32::max);
            assert!(
                worst < 0.5 / 240.0 * 2.0 + 0.1 * 2.0 / 240.0 + 1e-3,
                "{worst}"
            );
        }
        assert!(resumed.last().unwrap().abs() >= 0.4);
        assert_eq!(h.r.shared.metrics.underruns(), 0);
    }

    #[test]
    fn a_flush_fades_out_drops_stale_audio_and_plays_the_new_generation() {
        let mut h = harness(PASS, 0.0);
        h.queue(1, 0, BLOCK * 20, &|_| 0.5);
        h.render(BLOCK * 2);
        h.commands.push(Command::Flush { generation: 1 }).unwrap();
        // The seek target: mid-track (position > 0), so it fades in.
        h.queue_gen(1, 96_000, BLOCK * 20, 1, &|_| -0.25);
        let out = h.render(BLOCK * 20);
        let first_new = out.iter().position(|&x| x < 0.0).expect("new audio plays");
        assert!(
            out[..first_new].iter().all(|&x| x >= 0.0),
            "no stale audio after"
        );
        assert!(
            max_step(&out) <= 0.5 / 240.0 + 1e-6,
            "no click: {}",
            max_step(&out)
        );
        assert_eq!(out.last().copied(), Some(-0.25));
        assert_eq!(
            h.r.shared.position.load(Relaxed),
            96_000 + (BLOCK * 20 - first_new + 1) as u64 - 1,
            "position follows the new audio"
        );
        assert_eq!(h.r.shared.metrics.underruns(), 0);
    }

    const CONV_THEN_GAIN: &str = r#"
[filters.fir]
type = "conv"
values = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
[filters.g]
type = "gain"
gain = 0
[[steps]]
type = "filter"
channels = [0, 1]
names = ["fir", "g"]
"#;

    #[test]
    fn a_parameter_change_keeps_unchanged_state_and_crossfades_the_rest() {
        let mut h = harness(CONV_THEN_GAIN, 0.0);
        // White-ish input so that a lost FIR history would show.
        let sig = |n: u64| (((n * 2_654_435_761) % 1000) as f32 / 1000.0 - 0.5) * 0.5;
        h.queue(1, 0, BLOCK * 30, &sig);
        let before = h.render(BLOCK * 5);
        let new = pipeline(&CONV_THEN_GAIN.replace("gain = 0", "gain = -6.0206"));
        h.commands
            .push(Command::Pipeline {
                pipeline: new,
                fade_frames: BLOCK * 4,
            })
            .unwrap();
        let after = h.render(BLOCK * 20);
        // Reference: the FIR over the whole signal (float64), times the gain ramp.
        let ir = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
        let fir = |n: usize| -> f64 {
            (0..ir.len().min(n + 1))
                .map(|k| ir[k] * f64::from(sig((n - k) as u64)))
                .sum()
        };
        for (i, &y) in before.iter().enumerate() {
            assert!((f64::from(y) - fir(i)).abs() < 1e-5, "before, frame {i}");
        }
        for (i, &y) in after.iter().enumerate() {
            let n = BLOCK * 5 + i;
            let t = ((i + 1) as f64 / (BLOCK * 4) as f64).min(1.0);
            let g = 1.0 + t * (0.5 - 1.0);
            assert!(
                (f64::from(y) - g * fir(n)).abs() < 1e-4,
                "after, frame {i}: {y} vs {}",
                g * fir(n)
            );
        }
        assert!(h.events().contains(&RtEvent::PipelineChanged));
        // The old gain instance and the old pipeline's shell were sent out, not freed here.
        let retired: Vec<_> = std::iter::from_fn(|| h.retired.pop().ok()).collect();
        assert!(retired.iter().any(|r| matches!(r, Retired::Op(_))));
        assert!(retired.iter().any(|r| matches!(r, Retired::Pipeline(_))));
    }

    #[test]
    fn a_pipeline_of_another_shape_crossfades_whole() {
        let mut h = harness(PASS, 0.0);
        h.queue(1, 0, BLOCK * 30, &|_| 0.5);
        h.render(BLOCK * 2);
        h.commands
            .push(Command::Pipeline {
                pipeline: pipeline(CONV_THEN_GAIN),
                fade_frames: BLOCK * 8,
            })
            .unwrap();
        let out = h.render(BLOCK * 20);
        // DC 0.5 through the FIR settles at 0.5 * 5.5 = 2.75; the fade takes it there
        // smoothly (steps of at most 2.25 / 512 plus the FIR's own start).
        assert!((out.last().unwrap() - 2.75).abs() < 1e-5);
        assert!(max_step(&out) < 0.6, "{}", max_step(&out));
        let mut retired = 0;
        while h.retired.pop().is_ok() {
            retired += 1;
        }
        assert_eq!(retired, 1, "the old pipeline, once its fade ended");
        assert!(
            h.r.shared.metrics.snapshot(2).clipped[0] > 0,
            "2.75 is clipped"
        );
    }

    #[test]
    fn a_long_run_with_every_command_never_allocates() {
        let toml = r#"
[filters.peq]
type = "peaking"
freq = 1000
gain = 3
q = 1
[filters.fir]
type = "conv"
values = [0.5, 0.3, 0.1, -0.05, 0.02]
[filters.lim]
type = "limiter"
ceiling = -1
[[steps]]
type = "filter"
channels = [0, 1]
names = ["peq", "fir"]
[[steps]]
type = "filter"
channels = [0, 1]
names = ["lim"]
"#;
        let mut h = harness(toml, -6.0);
        let mut generation = 0;
        let mut start = 0u64;
        for round in 0..200 {
            h.queue_gen(1, start, BLOCK * 10, generation, &|n| {
                ((n as f32) * 0.003).sin() * 0.9
            });
            start += (BLOCK * 10) as u64;
            match round % 7 {
                0 => h.commands.push(Command::Volume {
                    db: -(round as f64 % 30.0),
                }),
                1 => h.commands.push(Command::Pause),
                2 => h.commands.push(Command::Play),
                3 => {
                    generation += 1;
                    h.commands.push(Command::Flush { generation })
                }
                4 => h.commands.push(Command::Pipeline {
                    pipeline: pipeline(&toml.replace("gain = 3", &format!("gain = {}", round % 5))),
                    fade_frames: BLOCK * 3,
                }),
                5 => h.commands.push(Command::Pipeline {
                    pipeline: pipeline(if round % 2 == 0 { PASS } else { toml }),
                    fade_frames: BLOCK * 2,
                }),
                _ => h.commands.push(Command::Mute(round % 2 == 0)),
            }
            .map_err(|_| "full")
            .unwrap();
            h.render(BLOCK * 10); // under the allocation guard
            while h.retired.pop().is_ok() {}
            while h.events.pop().is_ok() {}
        }
        assert!(h.r.shared.metrics.snapshot(2).callbacks >= 2000);
    }
}
