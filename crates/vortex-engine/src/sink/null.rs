//! The null sink: discards audio but keeps real time, like a sound card would. It is
//! what the engine uses when there is no audio device, and what the real-time tests
//! measure underruns with.
//!
//! The clock: period `k` is requested at `t0 + k·P` (P = period duration) and must be
//! rendered before the device would reach it, `t0 + (k + periods - 1)·P`, as with an
//! ALSA buffer of `periods` periods. A late period is an xrun; the clock then restarts
//! from the moment the late period was done, as ALSA's recovery does.

use super::{Render, Sink, SinkCounters, SinkError, StreamSpec};
use crate::rt_thread::{lock_memory, promote_current_thread};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A silent, real-time-paced output.
pub struct NullSink {
    spec: StreamSpec,
    periods: usize,
    rt_priority: Option<u8>,
    counters: Arc<SinkCounters>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    notices: Vec<String>,
}

impl NullSink {
    /// A null sink consuming `spec` with a buffer of `periods` (2..=16) periods; with
    /// `rt_priority` its thread asks for `SCHED_FIFO` at that priority and the process's
    /// memory is locked (see [`lock_memory`]).
    pub fn new(spec: StreamSpec, periods: usize, rt_priority: Option<u8>) -> Self {
        Self {
            spec,
            periods: periods.clamp(2, 16),
            rt_priority,
            counters: Arc::default(),
            stop: Arc::default(),
            thread: None,
            notices: Vec::new(),
        }
    }
}

impl Sink for NullSink {
    fn describe(&self) -> String {
        "null (real-time paced, silent)".into()
    }

    fn spec(&self) -> StreamSpec {
        self.spec
    }

    fn buffer_frames(&self) -> usize {
        self.spec.period_frames * self.periods
    }

    fn start(&mut self, mut render: Box<dyn Render>) -> Result<(), SinkError> {
        let spec = self.spec;
        let periods = self.periods as u32;
        let counters = self.counters.clone();
        let stop = self.stop.clone();
        let prio = self.rt_priority;
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("vortex-null-sink".into())
            .spawn(move || {
                let mut notes = Vec::new();
                if let Some(p) = prio {
                    notes.extend(promote_current_thread(p).err());
                    notes.extend(lock_memory().err());
                }
                let _ = tx.send(notes);
                let mut buf = vec![0.0f32; spec.period_frames * spec.channels];
                let period = Duration::from_nanos(
                    spec.period_frames as u64 * 1_000_000_000 / u64::from(spec.sample_rate),
                );
                let mut t0 = Instant::now();
                let mut k: u32 = 0;
                while !stop.load(Ordering::Relaxed) {
                    let wake = t0 + period * k;
                    let now = Instant::now();
                    if wake > now {
                        std::thread::sleep(wake - now);
                    }
                    render.render(&mut buf);
                    let done = Instant::now();
                    let deadline = t0 + period * (k + periods - 1);
                    if done > deadline {
                        counters.add_xrun();
                        let late = (done - deadline).as_nanos() as u64;
                        counters.max_late_ns.fetch_max(late, Ordering::Relaxed);
                        t0 = done;
                        k = 0;
                    } else {
                        k += 1;
                        if k == u32::MAX / 2 {
                            t0 += period * k;
                            k = 0;
                        }
                    }
                }
            })
            .map_err(|e| SinkError::Stream {
                sink: self.describe(),
                message: format!("cannot start its thread: {e}"),
            })?;
        self.notices.extend(rx.recv().unwrap_or_default());
        self.thread = Some(thread);
        Ok(())
    }

    fn stop(&mut self) -> Result<(), SinkError> {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.join().map_err(|_| SinkError::Stream {
                sink: self.describe(),
                message: "its thread panicked".into(),
            })?;
        }
        Ok(())
    }

    fn counters(&self) -> Arc<SinkCounters> {
        self.counters.clone()
    }

    fn notices(&self) -> Vec<String> {
        self.notices.clone()
    }
}
