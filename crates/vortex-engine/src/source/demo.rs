//! The demo programme `vortex serve --demo` plays: tones, a sweep, pink noise and a
//! short melody, generated (nothing to download or ship), looping until stopped. It
//! makes every meter move: levels, the spectrum across the whole band, and the tuner.

use super::{Read, Source, SourceError, SourceFormat, TrackInfo};
use vortex_dsp::PlanarBuf;
use vortex_dsp::generator::{Generator, GeneratorParams, Waveform};

/// Attack and release of each melody note, s.
const NOTE_EDGE_S: f64 = 0.02;

/// One part of the programme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// What plays.
    pub params: GeneratorParams,
    /// How long, s (> 0).
    pub seconds: f64,
    /// Shape the start and end like a played note (fade in and out over 20 ms).
    pub note: bool,
}

/// The built-in programme, about 25 s: A4 and 1 kHz sines, a 20 Hz-20 kHz sweep, pink
/// noise, and the first phrase of the "Ode to Joy" on a triangle wave.
pub fn programme() -> Vec<Segment> {
    let tone = |waveform, freq_hz, level_dbfs, seconds| Segment {
        params: GeneratorParams {
            waveform,
            freq_hz,
            level_dbfs,
        },
        seconds,
        note: false,
    };
    let mut p = vec![
        tone(Waveform::Sine, 440.0, -12.0, 3.0),
        tone(Waveform::Sine, 1000.0, -12.0, 3.0),
        tone(
            Waveform::Sweep {
                end_hz: 20_000.0,
                duration_s: 6.0,
            },
            20.0,
            -15.0,
            6.0,
        ),
        tone(Waveform::PinkNoise, 0.0, -20.0, 4.0),
    ];
    // E E F G | G F E D | C C D E | E. D D (C4 = MIDI 60), quarter notes at 120 bpm.
    const ODE: [(i32, f64); 15] = [
        (64, 1.0),
        (64, 1.0),
        (65, 1.0),
        (67, 1.0),
        (67, 1.0),
        (65, 1.0),
        (64, 1.0),
        (62, 1.0),
        (60, 1.0),
        (60, 1.0),
        (62, 1.0),
        (64, 1.0),
        (64, 1.5),
        (62, 0.5),
        (62, 2.0),
    ];
    for (midi, beats) in ODE {
        let freq = 440.0 * 2f64.powf(f64::from(midi - 69) / 12.0);
        p.push(Segment {
            note: true,
            ..tone(Waveform::Triangle, freq, -14.0, beats * 0.5)
        });
    }
    p
}

/// The programme as an endless source.
pub struct DemoSource {
    segments: Vec<Segment>,
    format: SourceFormat,
    index: usize,
    generator: Generator,
    /// Frames played of the current segment, and its length.
    done: u64,
    len: u64,
    started: bool,
}

impl DemoSource {
    /// Plays `segments` (see [`programme`]) in a loop at `sample_rate` Hz on
    /// `channels` channels (the same signal on each).
    ///
    /// # Errors
    /// [`SourceError::Failed`] if the list is empty, a segment is not positive in
    /// length, or its generator settings are out of range (naming the segment).
    pub fn new(
        segments: Vec<Segment>,
        sample_rate: u32,
        channels: usize,
    ) -> Result<Self, SourceError> {
        let failed = |message: String| SourceError::Failed {
            source_name: "demo".into(),
            message,
        };
        if segments.is_empty() || channels == 0 {
            return Err(failed("needs at least one segment and one channel".into()));
        }
        let fs = f64::from(sample_rate);
        for (i, s) in segments.iter().enumerate() {
            if !(s.seconds.is_finite() && s.seconds * fs >= 1.0) {
                return Err(failed(format!("segment {i}: {} s is too short", s.seconds)));
            }
            Generator::new(&s.params, fs).map_err(|e| failed(format!("segment {i}: {e}")))?;
        }
        let mut me = Self {
            generator: Generator::new(&segments[0].params, fs).expect("checked above"),
            segments,
            format: SourceFormat {
                sample_rate,
                channels,
            },
            index: 0,
            done: 0,
            len: 0,
            started: false,
        };
        me.enter(0);
        Ok(me)
    }

    fn enter(&mut self, index: usize) {
        let s = &self.segments[index];
        let fs = f64::from(self.format.sample_rate);
        self.index = index;
        self.generator = Generator::new(&s.params, fs).expect("checked in new");
        self.done = 0;
        self.len = (s.seconds * fs).round() as u64;
    }
}

/// Applies the note envelope (linear fades of [`NOTE_EDGE_S`]) to `x`, whose first
/// frame is frame `start` of a segment of `len` frames at `sample_rate` Hz.
fn shape(x: &mut [f32], start: u64, len: u64, sample_rate: u32) {
    let edge = (NOTE_EDGE_S * f64::from(sample_rate)) as u64;
    let edge = edge.min(len / 2).max(1);
    for (i, v) in x.iter_mut().enumerate() {
        let n = start + i as u64;
        let from_end = len - 1 - n;
        let g = (n.min(from_end) as f64 / edge as f64).min(1.0);
        *v *= g as f32;
    }
}

impl Source for DemoSource {
    fn describe(&self) -> String {
        let total: f64 = self.segments.iter().map(|s| s.seconds).sum();
        format!("demo programme: tones, sweep, pink noise, melody ({total:.0} s, looping)")
    }

    fn format(&self) -> SourceFormat {
        self.format
    }

    fn read(&mut self, out: &mut PlanarBuf) -> Result<Read, SourceError> {
        if !self.started {
            self.started = true;
            return Ok(Read::TrackStart(TrackInfo {
                item: 0,
                format: self.format,
                total_frames: None,
            }));
        }
        if self.done == self.len {
            self.enter((self.index + 1) % self.segments.len());
        }
        let n = out
            .frames()
            .min(usize::try_from(self.len - self.done).unwrap_or(usize::MAX));
        if n == 0 {
            return Ok(Read::Pending);
        }
        let first = &mut out.channel_mut(0)[..n];
        self.generator.process(first);
        if self.segments[self.index].note {
            shape(first, self.done, self.len, self.format.sample_rate);
        }
        let mut view = out.view_mut(n);
        for c in 1..view.channels() {
            let (first, other) = view.channel_pair_mut(0, c);
            other.copy_from_slice(first);
        }
        self.done += n as u64;
        Ok(Read::Frames(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn play(src: &mut DemoSource, frames: usize) -> Vec<f32> {
        let mut buf = PlanarBuf::new(2, 1000);
        let mut got = Vec::new();
        while got.len() < frames {
            match src.read(&mut buf).unwrap() {
                Read::Frames(n) => {
                    assert_eq!(buf.channel(0)[..n], buf.channel(1)[..n]);
                    got.extend_from_slice(&buf.channel(0)[..n]);
                }
                Read::TrackStart(_) => {}
                other => panic!("{other:?}"),
            }
        }
        got.truncate(frames);
        got
    }

    #[test]
    fn the_programme_plays_each_segment_for_its_length_and_loops() {
        let fs = 8000;
        let segments = vec![
            Segment {
                params: GeneratorParams {
                    waveform: Waveform::Sine,
                    freq_hz: 1000.0,
                    level_dbfs: 0.0,
                },
                seconds: 0.25,
                note: false,
            },
            Segment {
                params: GeneratorParams {
                    waveform: Waveform::Sine,
                    freq_hz: 500.0,
                    level_dbfs: -150.0,
                },
                seconds: 0.25,
                note: true,
            },
        ];
        let mut src = DemoSource::new(segments, fs, 2).unwrap();
        let x = play(&mut src, 3 * 4000 / 2);
        // 2000 frames loud, 2000 near-silent, 2000 loud again (the loop).
        let peak = |s: &[f32]| s.iter().fold(0f32, |m, v| m.max(v.abs()));
        assert!(peak(&x[..2000]) > 0.99);
        assert!(peak(&x[2000..4000]) < 1e-6);
        assert!(peak(&x[4000..6000]) > 0.99);
        // The sine restarts at phase 0 on each pass.
        assert_eq!(x[4000..4100], x[..100]);
    }

    #[test]
    fn notes_fade_in_and_out() {
        let fs = 48_000;
        let segments = vec![Segment {
            params: GeneratorParams {
                waveform: Waveform::Square,
                freq_hz: 100.0,
                level_dbfs: 0.0,
            },
            seconds: 0.5,
            note: true,
        }];
        let mut src = DemoSource::new(segments, fs, 2).unwrap();
        let x = play(&mut src, 24_000);
        // Within 20 ms (960 frames) of either end, |x| stays under the linear fade.
        for (i, &v) in x.iter().enumerate() {
            let g = (i.min(23_999 - i) as f32 / 960.0).min(1.0);
            assert!(
                v.abs() <= 1.2 * g + 1e-6,
                "frame {i}: {v} above the fade {g}"
            );
        }
        assert!(
            x[12_000..12_480].iter().any(|v| v.abs() > 0.9),
            "full level inside"
        );
    }

    #[test]
    fn the_built_in_programme_is_valid_and_bad_segments_are_named() {
        assert!(DemoSource::new(programme(), 44_100, 2).is_ok());
        let mut bad = programme();
        bad[3].seconds = 0.0;
        let e = DemoSource::new(bad, 48_000, 2).err().unwrap().to_string();
        assert!(e.contains("segment 3"), "{e}");
    }
}
