//! Raw interleaved PCM on standard output, for piping into other programs
//! (`vortex play x.flac --output stdout:s16 | aplay -f S16_LE -c 2 -r 48000`). The pipe
//! sets the pace: when the reader is slow, writes wait (on this sink's own thread,
//! never on the audio path).

use super::unclocked::{PeriodWriter, Unclocked};
use super::{Render, Sink, SinkCounters, SinkError, StreamSpec};
use std::io::Write;
use std::sync::Arc;

/// Sample encoding on the pipe (little-endian).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PcmFormat {
    /// 32-bit float.
    F32,
    /// 16-bit signed integer.
    S16,
    /// 24-bit signed integer in 3 bytes.
    S24,
    /// 32-bit signed integer.
    S32,
}

impl PcmFormat {
    /// Parses `f32`, `s16`, `s24` or `s32`.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "f32" | "f32le" => Self::F32,
            "s16" | "s16le" => Self::S16,
            "s24" | "s24le" => Self::S24,
            "s32" | "s32le" => Self::S32,
            _ => return None,
        })
    }

    /// Bytes per sample.
    pub fn bytes(self) -> usize {
        match self {
            Self::S16 => 2,
            Self::S24 => 3,
            Self::F32 | Self::S32 => 4,
        }
    }

    /// Appends `x` (clamped to full scale, rounded) in this encoding.
    fn encode(self, x: f32, out: &mut Vec<u8>) {
        let int = |bits: u32| {
            let full = f64::from((1u32 << (bits - 1)) - 1);
            (f64::from(x).clamp(-1.0, 1.0) * full).round() as i32
        };
        match self {
            Self::F32 => out.extend_from_slice(&x.to_le_bytes()),
            Self::S16 => out.extend_from_slice(&(int(16) as i16).to_le_bytes()),
            Self::S24 => out.extend_from_slice(&int(24).to_le_bytes()[..3]),
            Self::S32 => out.extend_from_slice(&int(32).to_le_bytes()),
        }
    }
}

/// Writes the stream to standard output.
pub struct StdoutSink {
    spec: StreamSpec,
    format: PcmFormat,
    running: Option<Unclocked>,
    counters: Arc<SinkCounters>,
}

impl StdoutSink {
    /// A sink writing `spec` as `format`.
    pub fn new(spec: StreamSpec, format: PcmFormat) -> Self {
        Self {
            spec,
            format,
            running: None,
            counters: Arc::default(),
        }
    }
}

struct PipeWriter {
    format: PcmFormat,
    bytes: Vec<u8>,
    out: std::io::Stdout,
}

impl PeriodWriter for PipeWriter {
    fn write(&mut self, interleaved: &[f32]) -> Result<(), String> {
        self.bytes.clear();
        for &x in interleaved {
            self.format.encode(x, &mut self.bytes);
        }
        self.out
            .lock()
            .write_all(&self.bytes)
            .map_err(|e| format!("cannot write to standard output: {e}"))
    }

    fn finish(self: Box<Self>) -> Result<(), String> {
        self.out
            .lock()
            .flush()
            .map_err(|e| format!("cannot flush standard output: {e}"))
    }
}

impl Sink for StdoutSink {
    fn describe(&self) -> String {
        format!("stdout ({:?} little-endian)", self.format).to_lowercase()
    }

    fn spec(&self) -> StreamSpec {
        self.spec
    }

    fn buffer_frames(&self) -> usize {
        0
    }

    fn start(&mut self, render: Box<dyn Render>) -> Result<(), SinkError> {
        let w = PipeWriter {
            format: self.format,
            bytes: Vec::with_capacity(
                self.spec.period_frames * self.spec.channels * self.format.bytes(),
            ),
            out: std::io::stdout(),
        };
        self.running = Some(Unclocked::start("stdout", render, Box::new(w), self.spec)?);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_little_endian_and_clamped() {
        let mut v = Vec::new();
        PcmFormat::S16.encode(0.5, &mut v);
        PcmFormat::S16.encode(-2.0, &mut v);
        PcmFormat::S24.encode(1.0, &mut v);
        PcmFormat::F32.encode(0.25, &mut v);
        assert_eq!(&v[..2], &16384i16.to_le_bytes());
        assert_eq!(&v[2..4], &(-32767i16).to_le_bytes());
        assert_eq!(&v[4..7], &[0xff, 0xff, 0x7f]);
        assert_eq!(&v[7..], &0.25f32.to_le_bytes());
        assert_eq!(PcmFormat::parse("s24"), Some(PcmFormat::S24));
        assert_eq!(PcmFormat::parse("u8"), None);
    }
}
