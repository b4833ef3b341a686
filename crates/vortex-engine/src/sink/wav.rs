//! A file sink: writes what would have played to a WAV (or FLAC) file, as fast as the
//! engine produces it. The file is written under a temporary name and renamed when the
//! stream ends.

use super::unclocked::{PeriodWriter, Unclocked};
use super::{Render, Sink, SinkCounters, SinkError, StreamSpec};
use crate::encode::{AudioWriter, Container, OutputSpec, SampleFormat};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use vortex_dsp::PlanarBuf;

/// Writes the stream to a file.
pub struct FileSink {
    path: PathBuf,
    spec: StreamSpec,
    writer: Option<AudioWriter>,
    running: Option<Unclocked>,
    counters: Arc<SinkCounters>,
}

impl FileSink {
    /// Creates `path` (WAV, or FLAC if it ends in `.flac`) for `spec` in `format`.
    ///
    /// # Errors
    /// [`SinkError::Open`] if the file exists and `!overwrite`, the format does not fit
    /// the container, or the file cannot be created.
    pub fn create(
        path: &Path,
        spec: StreamSpec,
        format: SampleFormat,
        overwrite: bool,
    ) -> Result<Self, SinkError> {
        let container = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("flac"))
        {
            Container::Flac
        } else {
            Container::Wav
        };
        let out = OutputSpec {
            container,
            format,
            sample_rate: spec.sample_rate,
            channels: spec.channels,
        };
        let writer = AudioWriter::create(path, &out, overwrite).map_err(|e| SinkError::Open {
            sink: path.display().to_string(),
            message: e.to_string(),
        })?;
        Ok(Self {
            path: path.to_path_buf(),
            spec,
            writer: Some(writer),
            running: None,
            counters: Arc::default(),
        })
    }

    /// Whether the stream has ended and the file is complete or failed (call
    /// [`Sink::stop`] to learn which).
    pub fn is_done(&self) -> bool {
        self.running.as_ref().is_some_and(Unclocked::is_done)
    }
}

/// Deinterleaves periods into the audio writer.
struct FileWriter {
    writer: AudioWriter,
    planar: PlanarBuf,
}

impl PeriodWriter for FileWriter {
    fn write(&mut self, interleaved: &[f32]) -> Result<(), String> {
        let ch = self.planar.channels();
        let frames = interleaved.len() / ch;
        for c in 0..ch {
            let dst = self.planar.channel_mut(c);
            for (d, s) in dst.iter_mut().zip(interleaved.iter().skip(c).step_by(ch)) {
                *d = *s;
            }
        }
        self.writer
            .write(&self.planar, frames)
            .map_err(|e| e.to_string())
    }

    fn finish(self: Box<Self>) -> Result<(), String> {
        self.writer.finish().map(|_| ()).map_err(|e| e.to_string())
    }
}

impl Sink for FileSink {
    fn describe(&self) -> String {
        format!("file: {}", self.path.display())
    }

    fn spec(&self) -> StreamSpec {
        self.spec
    }

    fn buffer_frames(&self) -> usize {
        0
    }

    fn start(&mut self, render: Box<dyn Render>) -> Result<(), SinkError> {
        let writer = self.writer.take().ok_or_else(|| SinkError::Stream {
            sink: self.describe(),
            message: "already started".into(),
        })?;
        let w = FileWriter {
            writer,
            planar: PlanarBuf::new(self.spec.channels, self.spec.period_frames),
        };
        self.running = Some(Unclocked::start("file", render, Box::new(w), self.spec)?);
        Ok(())
    }

    fn stop(&mut self) -> Result<(), SinkError> {
        let name = self.describe();
        Unclocked::stop_running(&mut self.running, &name)
    }

    fn counters(&self) -> Arc<SinkCounters> {
        self.counters.clone()
    }
}
