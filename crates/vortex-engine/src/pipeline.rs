//! The runnable pipeline: a [`Design`] instantiated with fresh filter state.
//!
//! [`Pipeline::process`] runs one block through every operation in place. It does not
//! allocate, lock or do I/O, so the real-time engine can call it from the audio callback.
//!
//! [`Pipeline::adopt`] takes over a running pipeline of the same shape: operations whose
//! design did not change keep their state (a long FIR's history survives an EQ change),
//! and changed ones crossfade from the old instance to the new one.

use crate::validate::{Design, OpDesign};
use vortex_dsp::biquad_cascade::BiquadCascade;
use vortex_dsp::compressor::Compressor;
use vortex_dsp::delay::Delay;
use vortex_dsp::gain::Gain;
use vortex_dsp::gate::NoiseGate;
use vortex_dsp::limiter::Limiter;
use vortex_dsp::mixer::Mixer;
use vortex_dsp::partitioned_conv::Convolver;
use vortex_dsp::volume::Volume;
use vortex_dsp::{Filter, MultiFilter, PlanarBuf};

enum Op {
    /// One filter instance per listed channel.
    PerChannel {
        channels: Vec<usize>,
        filters: Vec<Box<dyn Filter>>,
    },
    /// One instance over all listed channels.
    Linked {
        channels: Vec<usize>,
        filter: Box<dyn MultiFilter>,
    },
    Mixer(Mixer),
}

impl Op {
    /// An operation that does nothing (and owns no memory).
    fn empty() -> Self {
        Op::PerChannel {
            channels: Vec::new(),
            filters: Vec::new(),
        }
    }

    /// Runs the operation on the first `frames` frames of `buf`; `scratch` is a
    /// temporary as wide as `buf`.
    fn run(&mut self, buf: &mut PlanarBuf, scratch: &mut PlanarBuf, frames: usize) {
        match self {
            Op::PerChannel { channels, filters } => {
                for (&c, f) in channels.iter().zip(filters.iter_mut()) {
                    f.process(&mut buf.channel_mut(c)[..frames]);
                }
            }
            Op::Linked { channels, filter } => filter.process(&mut buf.view_mut(frames), channels),
            Op::Mixer(m) => {
                for c in 0..m.inputs() {
                    scratch.channel_mut(c)[..frames].copy_from_slice(&buf.channel(c)[..frames]);
                }
                m.process(&scratch.view_mut(frames), &mut buf.view_mut(frames));
            }
        }
    }
}

/// What an operation is, to recognise the same operation in another pipeline.
#[derive(Debug, Clone, PartialEq)]
enum OpKey {
    /// An operation of the design.
    Design(OpDesign),
    /// A latency-alignment delay: (channel, samples) pairs.
    Align(Vec<(usize, usize)>),
}

impl OpKey {
    /// Whether an instance of `self` may crossfade into one of `other` in place: both
    /// keep the channel layout (neither is a mixer) or both are mixers of the same shape.
    fn fades_into(&self, other: &OpKey) -> bool {
        match (self, other) {
            (OpKey::Design(OpDesign::Mixer(a)), OpKey::Design(OpDesign::Mixer(b))) => {
                a.inputs() == b.inputs() && a.outputs() == b.outputs()
            }
            (OpKey::Design(OpDesign::Mixer(_)), _) | (_, OpKey::Design(OpDesign::Mixer(_))) => {
                false
            }
            _ => true,
        }
    }
}

/// One operation and, while a change crossfades, the instance it replaces.
struct Slot {
    op: Op,
    key: OpKey,
    fading: Option<Op>,
}

/// An operation taken out of a pipeline, to be dropped off the real-time thread.
pub struct RetiredOp(#[allow(dead_code)] Op);

/// A pipeline with its own state, for one stream.
pub struct Pipeline {
    ops: Vec<Slot>,
    scratch: PlanarBuf,
    /// Copy of the input of an operation that is crossfading.
    fade_buf: PlanarBuf,
    /// Length of the current crossfade, frames (0: none).
    fade_len: usize,
    /// Frames of the crossfade done.
    fade_pos: usize,
    channels_in: usize,
    channels_out: usize,
    channels_max: usize,
    block_size: usize,
    latency: usize,
}

impl Design {
    /// A pipeline with fresh state (cheap: spectra and coefficients are shared).
    pub fn instantiate(&self) -> Pipeline {
        let fs = f64::from(self.sample_rate);
        let per_channel =
            |channels: &Vec<usize>, make: &dyn Fn() -> Box<dyn Filter>| Op::PerChannel {
                channels: channels.clone(),
                filters: channels.iter().map(|_| make()).collect(),
            };
        let mut latency = vec![0usize; self.channels_max];
        let mut ops = Vec::with_capacity(self.ops.len());
        for op in &self.ops {
            if let OpDesign::Mixer(m) = op {
                align_latency(&mut ops, &mut latency, m.inputs());
            }
            let built = match op {
                OpDesign::Cascade { channels, sections } => {
                    per_channel(channels, &|| Box::new(BiquadCascade::new(sections.clone())))
                }
                OpDesign::Conv { channels, spectra } => {
                    per_channel(channels, &|| Box::new(Convolver::new(spectra.clone())))
                }
                OpDesign::Gain { channels, factor } => per_channel(channels, &|| {
                    Box::new(
                        Gain::new(*factor, vortex_dsp::gain::GainScale::Linear, false, false)
                            .expect("validated"),
                    )
                }),
                OpDesign::Delay {
                    channels,
                    samples,
                    subsample,
                } => per_channel(channels, &|| {
                    Box::new(Delay::new(*samples, *subsample).expect("validated"))
                }),
                OpDesign::Volume {
                    channels,
                    db,
                    ramp_ms,
                } => per_channel(channels, &|| {
                    Box::new(Volume::new(*db, *ramp_ms, fs).expect("validated"))
                }),
                OpDesign::Compressor { channels, params } => Op::Linked {
                    channels: channels.clone(),
                    filter: Box::new(
                        Compressor::new(params, fs, channels.len()).expect("validated"),
                    ),
                },
                OpDesign::Limiter { channels, params } => Op::Linked {
                    channels: channels.clone(),
                    filter: Box::new(Limiter::new(params, fs, channels.len()).expect("validated")),
                },
                OpDesign::Gate { channels, params } => Op::Linked {
                    channels: channels.clone(),
                    filter: Box::new(
                        NoiseGate::new(params, fs, channels.len()).expect("validated"),
                    ),
                },
                OpDesign::Mixer(m) => Op::Mixer(m.clone()),
            };
            track_latency(&built, &mut latency);
            ops.push(Slot {
                op: built,
                key: OpKey::Design(op.clone()),
                fading: None,
            });
        }
        align_latency(&mut ops, &mut latency, self.channels_out);
        Pipeline {
            ops,
            scratch: PlanarBuf::new(self.channels_max, self.block_size),
            fade_buf: PlanarBuf::new(self.channels_max, self.block_size),
            fade_len: 0,
            fade_pos: 0,
            channels_in: self.channels_in,
            channels_out: self.channels_out,
            channels_max: self.channels_max,
            block_size: self.block_size,
            latency: latency
                .iter()
                .take(self.channels_out)
                .copied()
                .max()
                .unwrap_or(0),
        }
    }
}

/// Follows each channel's processing latency through an operation.
fn track_latency(op: &Op, latency: &mut [usize]) {
    match op {
        Op::PerChannel { channels, filters } => {
            for (&c, f) in channels.iter().zip(filters) {
                latency[c] += f.latency();
            }
        }
        Op::Linked { channels, filter } => {
            for &c in channels {
                latency[c] += filter.latency();
            }
        }
        Op::Mixer(m) => {
            // The inputs were aligned before the mixer (see `align_latency`).
            let l = latency[..m.inputs()].iter().copied().max().unwrap_or(0);
            latency[..m.outputs()].iter_mut().for_each(|x| *x = l);
        }
    }
}

/// Delays the first `n` channels that have less processing latency than the others so
/// that all of them line up (before a mixer combines them, and at the output).
fn align_latency(ops: &mut Vec<Slot>, latency: &mut [usize], n: usize) {
    let target = latency[..n].iter().copied().max().unwrap_or(0);
    let lagging: Vec<usize> = (0..n).filter(|&c| latency[c] < target).collect();
    if lagging.is_empty() {
        return;
    }
    let filters = lagging
        .iter()
        .map(|&c| {
            Box::new(
                Delay::new((target - latency[c]) as f64, false)
                    .expect("a whole, non-negative delay"),
            ) as Box<dyn Filter>
        })
        .collect();
    let key = OpKey::Align(lagging.iter().map(|&c| (c, target - latency[c])).collect());
    for &c in &lagging {
        latency[c] = target;
    }
    ops.push(Slot {
        op: Op::PerChannel {
            channels: lagging,
            filters,
        },
        key,
        fading: None,
    });
}

impl Pipeline {
    /// Channels expected in.
    pub fn channels_in(&self) -> usize {
        self.channels_in
    }

    /// Channels produced.
    pub fn channels_out(&self) -> usize {
        self.channels_out
    }

    /// Channels the processing buffer must hold (the widest point of the pipeline).
    pub fn channels_max(&self) -> usize {
        self.channels_max
    }

    /// Frames per block, samples.
    pub fn block_size(&self) -> usize {
        self.block_size
    }

    /// Processing latency (lookahead), samples: output sample `n + latency` corresponds
    /// to input sample `n`. Intentional delays are not counted.
    pub fn latency(&self) -> usize {
        self.latency
    }

    /// Processes the first `frames` (at most the block size) frames of `buf` in place.
    /// `buf` must have `channels_max()` channels; the first `channels_in()` hold the
    /// input, and afterwards the first `channels_out()` hold the output. Only the last
    /// block of a stream may be shorter than the block size.
    pub fn process(&mut self, buf: &mut PlanarBuf, frames: usize) {
        debug_assert!(frames <= self.block_size && buf.channels() >= self.channels_max);
        let fading = self.fade_pos < self.fade_len;
        for slot in &mut self.ops {
            match slot.fading.as_mut().filter(|_| fading) {
                None => slot.op.run(buf, &mut self.scratch, frames),
                Some(old) => {
                    for c in 0..self.channels_max {
                        self.fade_buf.channel_mut(c)[..frames]
                            .copy_from_slice(&buf.channel(c)[..frames]);
                    }
                    old.run(&mut self.fade_buf, &mut self.scratch, frames);
                    slot.op.run(buf, &mut self.scratch, frames);
                    crossfade(&self.fade_buf, buf, frames, self.fade_pos, self.fade_len);
                }
            }
        }
        if fading {
            self.fade_pos = (self.fade_pos + frames).min(self.fade_len);
        }
    }

    /// Takes over the state of `old`, a running pipeline, if both have the same shape
    /// (the same operations in the same places, up to their parameters). Operations
    /// whose design is unchanged move over with their state; changed ones crossfade
    /// from `old`'s instance to this one over `fade_frames` frames. Returns `false`,
    /// changing nothing, when the shapes differ (the caller then crossfades whole
    /// pipelines). Does not allocate; what `old` is left with is fresh state to drop,
    /// and finished fades are handed out by [`Pipeline::take_retired`].
    pub fn adopt(&mut self, old: &mut Pipeline, fade_frames: usize) -> bool {
        let same_shape = self.ops.len() == old.ops.len()
            && self.channels_in == old.channels_in
            && self.channels_out == old.channels_out
            && self.channels_max == old.channels_max
            && self.block_size == old.block_size
            && self
                .ops
                .iter()
                .zip(&old.ops)
                .all(|(n, o)| n.key == o.key || o.key.fades_into(&n.key));
        if !same_shape {
            return false;
        }
        for (new, old) in self.ops.iter_mut().zip(old.ops.iter_mut()) {
            if new.key == old.key {
                std::mem::swap(&mut new.op, &mut old.op);
            } else {
                new.fading = Some(std::mem::replace(&mut old.op, Op::empty()));
            }
        }
        self.fade_len = fade_frames;
        self.fade_pos = 0;
        true
    }

    /// Whether a crossfade started by [`Pipeline::adopt`] is still running.
    pub fn is_fading(&self) -> bool {
        self.fade_pos < self.fade_len
    }

    /// Hands out, one at a time, the old instances whose crossfade has finished, to be
    /// dropped off the real-time thread. Does not allocate.
    pub fn take_retired(&mut self) -> Option<RetiredOp> {
        if self.is_fading() {
            return None;
        }
        self.ops
            .iter_mut()
            .find_map(|s| s.fading.take())
            .map(RetiredOp)
    }
}

/// Linear crossfade from `old` into `new` (in place) for frames `pos..pos + frames` of a
/// fade `len` frames long; past its end `new` is left as it is.
pub(crate) fn crossfade(
    old: &PlanarBuf,
    new: &mut PlanarBuf,
    frames: usize,
    pos: usize,
    len: usize,
) {
    for c in 0..new.channels().min(old.channels()) {
        let (o, n) = (&old.channel(c)[..frames], &mut new.channel_mut(c)[..frames]);
        for (i, (y, &x)) in n.iter_mut().zip(o).enumerate() {
            let t = pos + i + 1;
            if t >= len {
                break;
            }
            let g = t as f32 / len as f32;
            *y = x + g * (*y - x);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::PipelineConfig;
    use crate::validate::{Context, design};
    use std::path::PathBuf;
    use vortex_dsp::PlanarBuf;
    use vortex_dsp::noise::WhiteNoise;

    /// Every kind of processor, a mixer that widens to 4 channels and one that narrows back.
    const EVERYTHING: &str = r#"
[settings]
block_size = 128
[filters.peq]
type = "peaking"
freq = 1000
gain = 3
q = 1
[filters.lr]
type = "linkwitz_riley_lowpass"
freq = 3000
order = 8
[filters.geq]
type = "graphic_eq"
gains = [1, -1, 2, -2, 3, -3, 0, 1]
[filters.fir]
type = "conv"
values = [0.5, 0.3, 0.1, -0.05, 0.02]
[filters.g]
type = "gain"
gain = -3
[filters.d]
type = "delay"
delay = 1.37
unit = "ms"
subsample = true
[filters.v]
type = "volume"
volume = -6
[filters.comp]
type = "compressor"
threshold = -20
ratio = 4
[filters.lim]
type = "limiter"
[filters.gate]
type = "gate"
threshold = -70
[mixers.up]
channels_in = 2
mapping = [ { sources = [ { channel = 0 } ] }, { sources = [ { channel = 1 } ] },
            { sources = [ { channel = 0 } ] }, { sources = [ { channel = 1 }, { channel = 0, gain = -6 } ] } ]
[mixers.down]
channels_in = 4
mapping = [ { sources = [ { channel = 0 }, { channel = 2 } ] }, { sources = [ { channel = 1 }, { channel = 3 } ] } ]
[[steps]]
type = "filter"
names = ["gate", "peq", "geq", "fir", "g"]
[[steps]]
type = "mixer"
name = "up"
[[steps]]
type = "filter"
channels = [2, 3]
names = ["lr", "d", "v"]
[[steps]]
type = "filter"
names = ["comp"]
[[steps]]
type = "mixer"
name = "down"
[[steps]]
type = "filter"
names = ["lim"]
"#;

    /// Runs an impulse at `at` on every input channel through `text` and returns where
    /// each output channel's largest sample is, after removing the pipeline latency.
    fn impulse_positions(text: &str, channels: usize, at: usize) -> Vec<usize> {
        let cfg = PipelineConfig::from_toml(text).unwrap();
        let ctx = Context {
            sample_rate: 48_000,
            channels,
            base_dir: PathBuf::new(),
        };
        let mut p = design(&cfg, &ctx).unwrap().instantiate();
        let frames = 8192;
        let mut buf = PlanarBuf::new(p.channels_max(), frames);
        for c in 0..channels {
            buf.channel_mut(c)[at] = 0.5;
        }
        let mut out = PlanarBuf::new(p.channels_out(), frames);
        let mut block = PlanarBuf::new(p.channels_max(), p.block_size());
        for start in (0..frames).step_by(p.block_size()) {
            for c in 0..p.channels_max() {
                block
                    .channel_mut(c)
                    .copy_from_slice(&buf.channel(c)[start..start + p.block_size()]);
            }
            p.process(&mut block, p.block_size());
            for c in 0..p.channels_out() {
                out.channel_mut(c)[start..start + p.block_size()]
                    .copy_from_slice(&block.channel(c)[..p.block_size()]);
            }
        }
        (0..p.channels_out())
            .map(|c| {
                let y = out.channel(c);
                let k = (0..frames)
                    .max_by(|&a, &b| y[a].abs().total_cmp(&y[b].abs()))
                    .unwrap();
                k - p.latency()
            })
            .collect()
    }

    #[test]
    fn channels_with_less_latency_are_delayed_to_line_up() {
        // A limiter on the left only: the right channel is delayed to match.
        let one_side = r#"
[settings]
block_size = 256
[filters.lim]
type = "limiter"
[[steps]]
type = "filter"
channels = [0]
names = ["lim"]
"#;
        assert_eq!(impulse_positions(one_side, 2, 1000), [1000, 1000]);
        // Before a mixer too: left limited, then summed with the unlimited right.
        let mixed = r#"
[settings]
block_size = 256
[filters.lim]
type = "limiter"
[mixers.sum]
channels_in = 2
mapping = [ { sources = [ { channel = 0, gain = -6 }, { channel = 1, gain = -6 } ] } ]
[[steps]]
type = "filter"
channels = [0]
names = ["lim"]
[[steps]]
type = "mixer"
name = "sum"
"#;
        let cfg = PipelineConfig::from_toml(mixed).unwrap();
        let ctx = Context {
            sample_rate: 48_000,
            channels: 2,
            base_dir: PathBuf::new(),
        };
        let mut p = design(&cfg, &ctx).unwrap().instantiate();
        // Both impulses meet in one sample: the sum is one impulse of 2 x 0.5 x 0.5.
        let mut block = PlanarBuf::new(2, 256);
        let mut y = Vec::new();
        for i in 0..20 {
            block.channel_mut(0).iter_mut().for_each(|v| *v = 0.0);
            block.channel_mut(1).iter_mut().for_each(|v| *v = 0.0);
            if i == 0 {
                block.channel_mut(0)[10] = 0.5;
                block.channel_mut(1)[10] = 0.5;
            }
            p.process(&mut block, 256);
            y.extend_from_slice(&block.channel(0)[..256]);
        }
        let nonzero: Vec<usize> = (0..y.len()).filter(|&k| y[k].abs() > 1e-3).collect();
        assert_eq!(nonzero, [10 + p.latency()], "{:?}", &nonzero);
        assert!((y[10 + p.latency()] - 0.5).abs() < 0.01);
    }

    #[test]
    fn process_allocates_nothing_with_every_processor_kind() {
        let cfg = PipelineConfig::from_toml(EVERYTHING).unwrap();
        let ctx = Context {
            sample_rate: 48_000,
            channels: 2,
            base_dir: PathBuf::new(),
        };
        let d = design(&cfg, &ctx).unwrap();
        assert_eq!((d.channels_in, d.channels_max, d.channels_out), (2, 4, 2));
        let mut p = d.instantiate();
        let mut buf = PlanarBuf::new(p.channels_max(), p.block_size());
        let mut noise = WhiteNoise::new(1);
        let mut peak = 0.0f32;
        for i in 0..400 {
            for c in 0..2 {
                buf.channel_mut(c)
                    .iter_mut()
                    .for_each(|s| *s = noise.next_sample() * 0.9);
            }
            // Odd-sized last block, as at the end of a stream.
            let frames = if i == 399 { 77 } else { 128 };
            assert_no_alloc::assert_no_alloc(|| p.process(&mut buf, frames));
            peak = buf.channel(0)[..frames]
                .iter()
                .chain(&buf.channel(1)[..frames])
                .fold(peak, |m, v| m.max(v.abs()));
        }
        assert!(
            peak > 0.05 && peak <= 10f32.powf(-1.0 / 20.0) + 1e-6,
            "limited output peak {peak}"
        );
    }
}
