//! A test-signal source: sine, square, saw, triangle, sweep, white and pink noise at a
//! level and frequency, on every channel, for a set duration or forever.

use super::{Read, Source, SourceError, SourceFormat};
use vortex_dsp::PlanarBuf;
use vortex_dsp::generator::{Generator, GeneratorParams};

/// A signal generator as a source.
pub struct GeneratorSource {
    generator: Generator,
    format: SourceFormat,
    /// Frames left to produce (`None`: endless).
    remaining: Option<u64>,
    started: bool,
}

impl GeneratorSource {
    /// Generates `params` at `sample_rate` Hz on `channels` channels (the same signal
    /// on each) for `duration_s` seconds (`None`: until stopped).
    ///
    /// # Errors
    /// [`SourceError::Failed`] naming the parameter that is out of range.
    pub fn new(
        params: &GeneratorParams,
        sample_rate: u32,
        channels: usize,
        duration_s: Option<f64>,
    ) -> Result<Self, SourceError> {
        let failed = |message: String| SourceError::Failed {
            source_name: "generator".into(),
            message,
        };
        let generator =
            Generator::new(params, f64::from(sample_rate)).map_err(|e| failed(e.to_string()))?;
        if channels == 0 {
            return Err(failed("channels: must be at least 1".into()));
        }
        if let Some(d) = duration_s
            && !(d.is_finite() && d >= 0.0)
        {
            return Err(failed(format!("duration: {d} s must be 0 or more")));
        }
        Ok(Self {
            generator,
            format: SourceFormat {
                sample_rate,
                channels,
            },
            remaining: duration_s.map(|d| (d * f64::from(sample_rate)).round() as u64),
            started: false,
        })
    }
}

impl Source for GeneratorSource {
    fn describe(&self) -> String {
        let p = self.generator.params();
        format!(
            "generator: {:?} {} Hz at {} dBFS",
            p.waveform, p.freq_hz, p.level_dbfs
        )
    }

    fn format(&self) -> SourceFormat {
        self.format
    }

    fn read(&mut self, out: &mut PlanarBuf) -> Result<Read, SourceError> {
        if !self.started {
            self.started = true;
            return Ok(Read::TrackStart(super::TrackInfo {
                item: 0,
                format: self.format,
                total_frames: self.remaining,
            }));
        }
        let n = match self.remaining {
            Some(0) => return Ok(Read::End),
            Some(r) => out.frames().min(usize::try_from(r).unwrap_or(usize::MAX)),
            None => out.frames(),
        };
        if n == 0 {
            return Ok(Read::Pending);
        }
        self.generator.process(&mut out.channel_mut(0)[..n]);
        let mut view = out.view_mut(n);
        for c in 1..view.channels() {
            let (first, other) = view.channel_pair_mut(0, c);
            other.copy_from_slice(first);
        }
        if let Some(r) = self.remaining.as_mut() {
            *r -= n as u64;
        }
        Ok(Read::Frames(n))
    }
}
