//! The feeder thread: reads the source, maps its channels to the engine's, resamples
//! to the device rate where the rates differ, and fills blocks for the callback.
//!
//! It runs ahead of the callback by up to the whole block pool; when every block is
//! queued it waits for one to come back. Track boundaries need no gap: a track's last
//! block may be short, and the next track starts in the next block.

use super::block::{AudioBlock, BlockMark};
use super::event::Event;
use super::render::RenderShared;
use crate::resample::{ResampleQuality, Resampler};
use crate::source::{Jump, Read, Source, SourceError, SourceFormat};
use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;
use vortex_dsp::PlanarBuf;

/// Frames read from the source at a time (at the source's rate).
const READ_FRAMES: usize = 4096;

/// How long the feeder sleeps when it has nothing to do (all blocks queued, a capture
/// source between periods).
const IDLE: Duration = Duration::from_millis(1);

/// What the control side asks of the feeder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FeederCommand {
    /// Go to another track; audio after it carries `generation`.
    Jump {
        /// Where to.
        to: Jump,
        /// Generation of the audio from the new position.
        generation: u32,
    },
    /// Seek within the current track to `seconds`; audio after it carries `generation`.
    Seek {
        /// Position from the track's start, s.
        seconds: f64,
        /// Generation of the audio from the new position.
        generation: u32,
    },
    /// End the thread.
    Quit,
}

/// How the feeder is set up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeederConfig {
    /// Device rate, Hz: every block is at this rate.
    pub sample_rate: u32,
    /// Channels of every block.
    pub channels: usize,
    /// Resampling quality for tracks at another rate.
    pub quality: ResampleQuality,
}

/// The feeder's state; [`Feeder::run`] is the thread's body.
pub struct Feeder {
    cfg: FeederConfig,
    source: Box<dyn Source>,
    filled: rtrb::Producer<AudioBlock>,
    free: rtrb::Consumer<AudioBlock>,
    shared: Arc<RenderShared>,
    events: Sender<Event>,
    commands: Receiver<FeederCommand>,
    generation: u32,
    /// Source-rate frames as read, in the source's channel layout.
    read_buf: PlanarBuf,
    /// Source-rate frames mapped to the engine's channels.
    mapped: PlanarBuf,
    /// Device-rate frames waiting to go into blocks: `stage_pos..stage_len`.
    stage: PlanarBuf,
    stage_pos: usize,
    stage_len: usize,
    resampler: Option<Resampler>,
    source_format: SourceFormat,
    /// Item of the audio being staged, and its position (device frames) at `stage_pos`.
    item: u64,
    position: u64,
    /// A track whose audio starts once the stage has drained into blocks.
    next_track: Option<u64>,
    /// Whether the next block starts a track.
    mark_track: bool,
    /// The source has ended: the end block is to be (or has been) queued.
    ending: bool,
    end_queued: bool,
    /// A block taken from the free ring and not yet queued.
    spare: Option<AudioBlock>,
    warned_channels: bool,
}

impl Feeder {
    /// A feeder reading `source` into the block rings.
    pub fn new(
        cfg: FeederConfig,
        source: Box<dyn Source>,
        filled: rtrb::Producer<AudioBlock>,
        free: rtrb::Consumer<AudioBlock>,
        shared: Arc<RenderShared>,
        events: Sender<Event>,
        commands: Receiver<FeederCommand>,
    ) -> Self {
        let fmt = source.format();
        Self {
            read_buf: PlanarBuf::new(fmt.channels.max(1), READ_FRAMES),
            mapped: PlanarBuf::new(cfg.channels, READ_FRAMES),
            stage: PlanarBuf::new(cfg.channels, READ_FRAMES),
            stage_pos: 0,
            stage_len: 0,
            resampler: None,
            source_format: fmt,
            item: 0,
            position: 0,
            next_track: None,
            mark_track: false,
            ending: false,
            end_queued: false,
            spare: None,
            warned_channels: false,
            generation: 0,
            cfg,
            source,
            filled,
            free,
            shared,
            events,
            commands,
        }
    }

    fn send(&self, e: Event) {
        // Nobody listening is fine: events are informational.
        let _ = self.events.send(e);
    }

    /// The thread's body: runs until [`FeederCommand::Quit`] or until the control side
    /// hangs up.
    pub fn run(mut self) {
        self.set_format(self.source_format);
        loop {
            let idle = self.end_queued;
            let cmd = if idle {
                match self.commands.recv_timeout(Duration::from_millis(20)) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            } else {
                self.commands.try_recv().ok()
            };
            match cmd {
                Some(FeederCommand::Quit) => return,
                Some(c) => self.reposition(c),
                None => {}
            }
            self.forward_errors();
            if !idle && !self.step() {
                std::thread::sleep(IDLE);
            }
        }
    }

    fn forward_errors(&mut self) {
        while let Some(e) = self.source.take_error() {
            let ev = match e {
                SourceError::Track { item, message } => Event::TrackError { item, message },
                other => Event::SourceFailed {
                    message: other.to_string(),
                },
            };
            self.send(ev);
        }
    }

    /// Applies a jump or a seek: drops staged audio and tags what follows with the new
    /// generation.
    fn reposition(&mut self, cmd: FeederCommand) {
        self.stage_pos = 0;
        self.stage_len = 0;
        self.next_track = None;
        if let Some(r) = self.resampler.as_mut() {
            r.reset();
        }
        if let Some(mut b) = self.spare.take() {
            b.clear();
            self.spare = Some(b);
        }
        let result = match cmd {
            FeederCommand::Jump { to, generation } => {
                self.generation = generation;
                self.source.jump(to)
            }
            FeederCommand::Seek {
                seconds,
                generation,
            } => {
                self.generation = generation;
                let s = seconds.max(0.0);
                let frame = (s * f64::from(self.source_format.sample_rate)).round() as u64;
                self.position = (s * f64::from(self.cfg.sample_rate)).round() as u64;
                self.mark_track = false;
                self.source.seek(frame)
            }
            FeederCommand::Quit => Ok(()),
        };
        if let Err(e) = result {
            self.send(Event::Notice {
                message: e.to_string(),
            });
        }
        self.ending = false;
        self.end_queued = false;
        self.shared.source_ended.store(false, Relaxed);
    }

    /// Fills and queues at most one block. Returns `false` when it could not (no free
    /// block, or the source has nothing yet), so the caller waits a little.
    fn step(&mut self) -> bool {
        let mut block = match self.spare.take() {
            Some(b) => b,
            None => match self.free.pop() {
                Ok(mut b) => {
                    b.clear();
                    b
                }
                Err(_) => return false,
            },
        };
        if block.frames == 0 {
            block.generation = self.generation;
            block.item = self.item;
            block.position = self.position;
            if self.mark_track {
                block.mark = BlockMark::TrackStart;
            }
        }
        while block.frames < block.capacity() {
            if self.stage_pos == self.stage_len {
                if self.next_track.is_some() && block.frames > 0 {
                    break; // the next track starts in a block of its own
                }
                if let Some(item) = self.next_track.take() {
                    self.start_track(item, &mut block);
                }
                if self.ending {
                    break;
                }
                match self.refill() {
                    Ok(true) => continue,
                    Ok(false) => break,
                    Err(e) => {
                        self.send(Event::SourceFailed {
                            message: e.to_string(),
                        });
                        self.begin_end();
                        break;
                    }
                }
            }
            let take = (self.stage_len - self.stage_pos).min(block.capacity() - block.frames);
            let at = block.frames;
            for c in 0..self.cfg.channels {
                block.channel_mut(c)[at..at + take]
                    .copy_from_slice(&self.stage.channel(c)[self.stage_pos..self.stage_pos + take]);
            }
            block.frames += take;
            self.stage_pos += take;
            self.position += take as u64;
        }
        if block.frames > 0 {
            self.mark_track = false;
            self.queue(block);
            return true;
        }
        if self.ending && !self.end_queued {
            block.mark = BlockMark::End;
            block.generation = self.generation;
            self.queue(block);
            self.end_queued = true;
            self.shared.source_ended.store(true, Relaxed);
            return true;
        }
        self.spare = Some(block);
        false
    }

    fn queue(&mut self, block: AudioBlock) {
        self.shared
            .queued_frames
            .fetch_add(block.frames as u64, Relaxed);
        if let Err(rtrb::PushError::Full(b)) = self.filled.push(block) {
            // Cannot happen: the ring holds the whole pool. Keep the block anyway.
            self.spare = Some(b);
        }
    }

    /// Marks `block` (empty) as the start of track `item`.
    fn start_track(&mut self, item: u64, block: &mut AudioBlock) {
        self.item = item;
        self.position = 0;
        block.item = item;
        block.position = 0;
        block.mark = BlockMark::TrackStart;
        self.mark_track = true;
    }

    fn begin_end(&mut self) {
        self.flush_resampler();
        self.ending = true;
    }

    /// Reads from the source into the stage. Returns `Ok(false)` when nothing came
    /// (pending, or a track change/end to act on first).
    fn refill(&mut self) -> Result<bool, SourceError> {
        self.stage_pos = 0;
        self.stage_len = 0;
        match self.source.read(&mut self.read_buf)? {
            Read::Frames(n) => {
                self.map_channels(n);
                self.stage_len = match self.resampler.as_mut() {
                    Some(r) => {
                        ensure_frames(&mut self.stage, r.max_output_frames(n));
                        r.process(&self.mapped, n, &mut self.stage)
                    }
                    None => {
                        ensure_frames(&mut self.stage, n);
                        for c in 0..self.cfg.channels {
                            self.stage.channel_mut(c)[..n]
                                .copy_from_slice(&self.mapped.channel(c)[..n]);
                        }
                        n
                    }
                };
                Ok(true)
            }
            Read::TrackStart(t) => {
                self.flush_resampler();
                self.set_format(t.format);
                self.next_track = Some(t.item);
                Ok(true)
            }
            Read::Pending => Ok(false),
            Read::End => {
                self.begin_end();
                Ok(true)
            }
        }
    }

    /// Drains the resampler's tail into the stage (the stage is empty).
    fn flush_resampler(&mut self) {
        if let Some(r) = self.resampler.as_mut() {
            ensure_frames(&mut self.stage, r.max_output_frames(0));
            self.stage_pos = 0;
            self.stage_len = r.flush(&mut self.stage);
        }
    }

    /// Prepares for a track in `fmt`: buffers and, if its rate is not the device's, a
    /// resampler.
    fn set_format(&mut self, fmt: SourceFormat) {
        let ch = fmt.channels.max(1);
        if self.read_buf.channels() != ch {
            self.read_buf = PlanarBuf::new(ch, READ_FRAMES);
        }
        if fmt.channels > self.cfg.channels && !self.warned_channels {
            self.warned_channels = true;
            self.send(Event::Notice {
                message: format!(
                    "the source has {} channels; playing the first {}",
                    fmt.channels, self.cfg.channels
                ),
            });
        }
        let same = self
            .resampler
            .as_ref()
            .is_some_and(|r| r.from_hz() == fmt.sample_rate);
        if fmt.sample_rate == self.cfg.sample_rate {
            self.resampler = None;
        } else if !same {
            match Resampler::new(
                fmt.sample_rate,
                self.cfg.sample_rate,
                self.cfg.channels,
                READ_FRAMES,
                self.cfg.quality,
            ) {
                Ok(r) => self.resampler = Some(r),
                Err(e) => {
                    self.resampler = None;
                    self.send(Event::SourceFailed {
                        message: format!("cannot resample: {e}"),
                    });
                }
            }
        }
        self.source_format = fmt;
    }

    /// Maps `n` frames of `read_buf` to the engine's channels in `mapped`: mono goes to
    /// every channel, extra source channels are dropped, missing ones are silent.
    fn map_channels(&mut self, n: usize) {
        let src = self.read_buf.channels();
        for c in 0..self.cfg.channels {
            let out = &mut self.mapped.channel_mut(c)[..n];
            if src == 1 {
                out.copy_from_slice(&self.read_buf.channel(0)[..n]);
            } else if c < src {
                out.copy_from_slice(&self.read_buf.channel(c)[..n]);
            } else {
                out.fill(0.0);
            }
        }
    }
}

/// Grows `buf` (keeping its channel count) to hold at least `frames` frames.
fn ensure_frames(buf: &mut PlanarBuf, frames: usize) {
    if buf.frames() < frames {
        *buf = PlanarBuf::new(buf.channels(), frames);
    }
}
