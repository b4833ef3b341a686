//! Mixer: N input channels to M output channels, each output a weighted sum of sources.

use crate::filter::{ParamError, check_range};
use crate::planar::PlanarMut;

/// Most channels a mixer may take or produce.
pub const MAX_CHANNELS: usize = 64;

/// One input feeding an output.
#[derive(Debug, Clone, PartialEq)]
pub struct MixerSource {
    /// Input channel index, 0-based.
    pub channel: usize,
    /// Gain in dB (-150..=60).
    pub gain_db: f64,
    /// Inverts the polarity.
    pub inverted: bool,
    /// Leaves this source out.
    pub mute: bool,
}

/// A validated mixer.
#[derive(Debug, Clone, PartialEq)]
pub struct Mixer {
    inputs: usize,
    /// Per output: (input channel, linear gain) for every audible source.
    routes: Vec<Vec<(usize, f32)>>,
}

impl Mixer {
    /// A mixer from `inputs` channels to `mapping.len()` outputs; `mapping[o]` lists the
    /// sources of output `o` (an empty list makes a silent output).
    pub fn new(inputs: usize, mapping: &[Vec<MixerSource>]) -> Result<Self, ParamError> {
        if inputs == 0 || inputs > MAX_CHANNELS {
            return Err(ParamError::new(
                "channels_in",
                format!("{inputs} must be 1 to {MAX_CHANNELS}"),
            ));
        }
        if mapping.is_empty() || mapping.len() > MAX_CHANNELS {
            return Err(ParamError::new(
                "mapping",
                format!("{} outputs; a mixer has 1 to {MAX_CHANNELS}", mapping.len()),
            ));
        }
        let mut routes = Vec::with_capacity(mapping.len());
        for (o, sources) in mapping.iter().enumerate() {
            let mut r = Vec::with_capacity(sources.len());
            for (i, s) in sources.iter().enumerate() {
                let field = |f: &str| format!("mapping[{o}].sources[{i}].{f}");
                if s.channel >= inputs {
                    return Err(ParamError::new(
                        field("channel"),
                        format!(
                            "input channel {} does not exist (the mixer has {inputs} inputs)",
                            s.channel
                        ),
                    ));
                }
                check_range(&field("gain"), s.gain_db, -150.0, 60.0, " dB")?;
                if !s.mute {
                    let g = 10f64.powf(s.gain_db / 20.0) * if s.inverted { -1.0 } else { 1.0 };
                    r.push((s.channel, g as f32));
                }
            }
            routes.push(r);
        }
        Ok(Self { inputs, routes })
    }

    /// Number of input channels.
    pub fn inputs(&self) -> usize {
        self.inputs
    }

    /// Number of output channels.
    pub fn outputs(&self) -> usize {
        self.routes.len()
    }

    /// Mixes `input` (at least `inputs()` channels) into `output` (at least `outputs()`
    /// channels); both views must have the same frame count.
    pub fn process(&self, input: &PlanarMut<'_>, output: &mut PlanarMut<'_>) {
        debug_assert_eq!(input.frames(), output.frames());
        for (o, route) in self.routes.iter().enumerate() {
            let out = output.channel_mut(o);
            out.iter_mut().for_each(|s| *s = 0.0);
            for &(ch, g) in route {
                for (y, &x) in out.iter_mut().zip(input.channel(ch)) {
                    *y += g * x;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PlanarBuf;

    fn src(channel: usize, gain_db: f64, inverted: bool, mute: bool) -> MixerSource {
        MixerSource {
            channel,
            gain_db,
            inverted,
            mute,
        }
    }

    #[test]
    fn stereo_to_mid_side_and_mono() {
        let m = Mixer::new(
            2,
            &[
                vec![src(0, -6.0206, false, false), src(1, -6.0206, false, false)],
                vec![src(0, -6.0206, false, false), src(1, -6.0206, true, false)],
                vec![src(0, 0.0, false, true)],
            ],
        )
        .unwrap();
        let mut input = PlanarBuf::from_channels(&[vec![1.0, 0.5], vec![0.25, -1.0]]);
        let mut output = PlanarBuf::new(3, 2);
        m.process(&input.view_mut(2), &mut output.view_mut(2));
        let close = |a: f32, b: f32| (a - b).abs() < 1e-5;
        assert!(close(output.channel(0)[0], 0.625) && close(output.channel(0)[1], -0.25));
        assert!(close(output.channel(1)[0], 0.375) && close(output.channel(1)[1], 0.75));
        assert_eq!(output.channel(2), &[0.0, 0.0]);
    }

    #[test]
    fn rejects_missing_input_channel_with_path() {
        let e = Mixer::new(2, &[vec![src(2, 0.0, false, false)]]).unwrap_err();
        assert_eq!(e.field, "mapping[0].sources[0].channel");
    }
}
