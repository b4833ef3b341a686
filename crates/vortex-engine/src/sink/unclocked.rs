//! The loop shared by sinks that are not clocked by hardware (files, pipes): render a
//! period whenever the engine has one ready, hand it to the writer, stop at the end of
//! the stream or when told to.

use super::{Render, SinkError};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// Where an unclocked sink puts each rendered period.
pub trait PeriodWriter: Send + 'static {
    /// Writes one period of interleaved samples.
    ///
    /// # Errors
    /// A message saying why writing failed; the sink stops.
    fn write(&mut self, interleaved: &[f32]) -> Result<(), String>;

    /// Completes the output (flush, rename a temporary file).
    ///
    /// # Errors
    /// A message saying why.
    fn finish(self: Box<Self>) -> Result<(), String>;
}

/// A running unclocked sink thread.
pub struct Unclocked {
    stop: Arc<AtomicBool>,
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<Result<(), String>>>,
}

impl Unclocked {
    /// Starts the loop: one period of `spec` per call.
    ///
    /// # Errors
    /// [`SinkError::Stream`] if the thread cannot start.
    pub fn start(
        name: &str,
        mut render: Box<dyn Render>,
        mut writer: Box<dyn PeriodWriter>,
        spec: super::StreamSpec,
    ) -> Result<Self, SinkError> {
        let (period_frames, channels) = (spec.period_frames, spec.channels);
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicBool::new(false));
        let (s, d) = (stop.clone(), done.clone());
        let thread = std::thread::Builder::new()
            .name(format!("vortex-sink-{name}"))
            .spawn(move || {
                let mut buf = vec![0.0f32; period_frames * channels];
                let mut result = Ok(());
                while !s.load(Ordering::Relaxed) && !render.finished() {
                    render.poll();
                    if !render.ready() {
                        std::thread::sleep(Duration::from_millis(1));
                        continue;
                    }
                    render.render(&mut buf);
                    if let Err(e) = writer.write(&buf) {
                        result = Err(e);
                        break;
                    }
                }
                d.store(true, Ordering::Relaxed);
                result.and(writer.finish())
            })
            .map_err(|e| SinkError::Stream {
                sink: name.to_string(),
                message: format!("cannot start its thread: {e}"),
            })?;
        Ok(Self {
            stop,
            done,
            thread: Some(thread),
        })
    }

    /// Whether the loop has ended (stream finished or write failed).
    pub fn is_done(&self) -> bool {
        self.done.load(Ordering::Relaxed)
    }

    /// Stops `running` (if started) and finishes its output; for [`super::Sink::stop`].
    ///
    /// # Errors
    /// [`SinkError::Stream`] with the writer's error.
    pub fn stop_running(running: &mut Option<Self>, name: &str) -> Result<(), SinkError> {
        running.as_mut().map_or(Ok(()), |r| r.stop(name))
    }

    /// Stops the loop and finishes the output.
    ///
    /// # Errors
    /// [`SinkError::Stream`] with the writer's error.
    pub fn stop(&mut self, name: &str) -> Result<(), SinkError> {
        self.stop.store(true, Ordering::Relaxed);
        let err = |message: String| SinkError::Stream {
            sink: name.to_string(),
            message,
        };
        match self.thread.take() {
            Some(t) => t
                .join()
                .map_err(|_| err("its thread panicked".into()))?
                .map_err(err),
            None => Ok(()),
        }
    }
}
