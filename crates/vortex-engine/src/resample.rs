//! Sample-rate conversion for the playback feeder thread, when a track's rate differs
//! from the device's.
//!
//! [`Resampler`] streams: [`Resampler::process`] takes any number of input frames (up to
//! the `max_input_frames` given at construction) and returns every output frame that is
//! ready; [`Resampler::flush`] drains the tail at the end of a track. The filter delay is
//! compensated: output frame `j` is the signal at time `j / to_hz`, exactly as input frame
//! `i` is the signal at `i / from_hz`, so there is no leading silence, and a track of `n`
//! input frames gives `round(n × to_hz / from_hz)` output frames in total. All buffers are
//! allocated by [`Resampler::new`]; `process`, `flush` and `reset` never allocate.
//!
//! The work is done by rubato's FFT resampler ([`rubato::Fft`]): each block of `block_in`
//! input frames is transformed, multiplied by a windowed-sinc anti-aliasing filter
//! (squared Blackman-Harris window, as long as the block), cut or zero-padded to
//! `block_out` bins and transformed back. The block sizes are `k × from_hz / g` and
//! `k × to_hz / g` (`g` the rates' greatest common divisor, `k` even so the delay is a
//! whole number of frames on both sides), so the filter delay of `block_out / 2` output
//! frames is exact and can be removed. [`ResampleQuality`] picks the block length.
//!
//! Rubato's asynchronous sinc resampler (`Async`) is not used, not even for
//! [`ResampleQuality::Fast`]: with a 32-tap sinc (cutoff at 58 % of Nyquist) it ran at
//! 26 M input frames/s per channel for 44.1 -> 48 kHz, against 70 to 130 M for the FFT
//! resampler at every quality (same machine and load), and its delay is fractional for such
//! ratios, so it could not be compensated exactly. Its polynomial mode is not used either.

use rubato::audioadapter_buffers::direct::SequentialSlice;
use rubato::{Fft, FixedSync, Resampler as _, WindowFunction};
use serde::{Deserialize, Serialize};
use vortex_dsp::PlanarBuf;

/// Largest FFT block, in frames on either side, that [`Resampler::new`] accepts
/// (262 144). Rates with a small common divisor need long blocks (44 101 Hz -> 48 000 Hz
/// needs 88 202 -> 96 000); this bounds memory and delay.
pub const MAX_BLOCK_FRAMES: usize = 1 << 18;

/// How hard the resampler works; the choice sets the FFT block (filter) length.
///
/// Frequencies are given relative to the lower of the two Nyquist frequencies
/// (`min(from_hz, to_hz) / 2`, e.g. 22 050 Hz for 44.1 <-> 48 kHz). The block on the
/// lower-rate side is at least the length named below (rounded up to what the rates
/// allow, which only improves the figures); the figures are for that minimum length,
/// computed from rubato's filter design and confirmed through this module's streaming path
/// by its tests and its `#[ignore]`d `speed_and_response` printout:
///
/// | quality    | low-rate block | error < -90 dB up to | -0.1 dB | -3 dB | -90 dB from |
/// |------------|---------------:|---------------------:|--------:|------:|------------:|
/// | `fast`     |            128 |                0.806 |   0.841 | 0.882 |       0.983 |
/// | `balanced` |           1024 |                0.975 |   0.980 | 0.985 |       0.998 |
/// | `best`     |           4096 |                0.994 |   0.995 | 0.996 |      0.9994 |
///
/// "Error" is the largest difference from the ideal band-limited result, relative to the
/// signal's amplitude. At and above the lower Nyquist frequency every setting attenuates
/// by more than 120 dB in exact arithmetic; measured through the `f32` FFTs, tones above
/// it come out 140 to 150 dB down, and the in-band error floor is about -120 dB
/// (balanced) and -110 dB (best, longer FFTs).
///
/// For 44.1 <-> 48 kHz the blocks are 294/320 frames (fast), 1176/1280 (balanced) and
/// 4116/4480 (best): the passband (error below -90 dB) reaches 20.2, 21.6 and 21.9 kHz,
/// and the filter delay removed from the output is 160, 640 and 2240 frames at 48 kHz
/// (3.3, 13 and 47 ms of input must arrive before the first output block).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ResampleQuality {
    /// Short blocks (at least 128 frames at the lower rate): least delay and memory.
    /// Not generally cheaper: the CPU cost per frame is about the same at every quality
    /// (measured 70 to 130 M input frames/s per channel for 44.1 -> 48 kHz at all three),
    /// except for integer-ratio downsampling such as 96 -> 48 kHz, where it is about a
    /// quarter cheaper.
    Fast,
    /// At least 1024 frames at the lower rate: flat to 97.5 % of the lower Nyquist
    /// frequency. The default.
    #[default]
    Balanced,
    /// At least 4096 frames at the lower rate: the narrowest transition band, for
    /// mastering-grade conversion; about 4 times Balanced's delay and memory.
    Best,
}

impl ResampleQuality {
    /// Minimum block length, in frames at the lower of the two rates.
    fn min_low_block(self) -> u64 {
        match self {
            ResampleQuality::Fast => 128,
            ResampleQuality::Balanced => 1024,
            ResampleQuality::Best => 4096,
        }
    }
}

/// Why a [`Resampler`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResampleError {
    /// A sample rate was 0 Hz.
    #[error(
        "cannot resample from {from_hz} Hz to {to_hz} Hz: both sample rates must be at least 1 Hz"
    )]
    ZeroRate {
        /// Input rate, Hz.
        from_hz: u32,
        /// Output rate, Hz.
        to_hz: u32,
    },
    /// The channel count was 0.
    #[error("cannot resample 0 channels: channels must be at least 1")]
    NoChannels,
    /// `max_input_frames` was 0.
    #[error("max_input_frames is 0: a resampler must accept at least 1 frame per call")]
    NoInputFrames,
    /// The rates have so small a common divisor that the FFT blocks would exceed
    /// [`MAX_BLOCK_FRAMES`].
    #[error(
        "cannot resample from {from_hz} Hz to {to_hz} Hz: the rates' greatest common \
         divisor is only {gcd} Hz, so the FFT resampler would need blocks of {block_frames} \
         frames, more than the limit of {MAX_BLOCK_FRAMES}"
    )]
    BlockTooLong {
        /// Input rate, Hz.
        from_hz: u32,
        /// Output rate, Hz.
        to_hz: u32,
        /// Greatest common divisor of the two rates, Hz.
        gcd: u32,
        /// The longer of the two blocks that would be needed, frames.
        block_frames: u64,
    },
    /// Rubato refused the settings (not expected once the checks above pass).
    #[error(
        "rubato cannot resample from {from_hz} Hz to {to_hz} Hz ({channels} channels): {reason}"
    )]
    Rubato {
        /// Input rate, Hz.
        from_hz: u32,
        /// Output rate, Hz.
        to_hz: u32,
        /// Channels.
        channels: usize,
        /// Rubato's message.
        reason: String,
    },
}

/// A streaming sample-rate converter for planar `f32` audio; see the [module docs](self).
///
/// Feeder loop: build one per track format with `max_input_frames` set to the largest read
/// and one output buffer of [`Resampler::max_output_frames`]`(max_input_frames)` frames;
/// call [`Resampler::process`] for each read and forward the frames it returns; at the end
/// of the track call [`Resampler::flush`] and forward those too. After `flush` (or
/// [`Resampler::reset`], e.g. on seek) the resampler starts a new stream.
///
/// When `from_hz == to_hz` it copies input to output unchanged, with no delay.
#[derive(Debug)]
pub struct Resampler {
    from_hz: u32,
    to_hz: u32,
    channels: usize,
    max_input_frames: usize,
    quality: ResampleQuality,
    /// `None` when the rates are equal (plain copy).
    fft: Option<Fft<f32>>,
    /// Input frames per FFT block.
    block_in: usize,
    /// Output frames per FFT block.
    block_out: usize,
    /// Filter delay, output frames (`block_out / 2`).
    delay: usize,
    /// Pending input, `channels` runs of `block_in` frames back to back.
    in_buf: Vec<f32>,
    /// Frames of `in_buf` filled so far.
    fill: usize,
    /// One block of output, `channels` runs of `block_out` frames back to back.
    out_buf: Vec<f32>,
    /// Output frames of the filter delay still to drop at the start of the stream.
    skip: usize,
    /// Input frames taken since the stream started.
    total_in: u64,
    /// Output frames returned since the stream started.
    total_out: u64,
}

impl Resampler {
    /// A resampler from `from_hz` to `to_hz` (Hz, at least 1 each) for `channels`
    /// channels (at least 1), taking at most `max_input_frames` frames (at least 1) per
    /// [`Resampler::process`] call, with the filter of `quality`.
    ///
    /// Allocates every buffer it will use: `channels × (3 block_in + 4 block_out)` plus
    /// `6 block_in + 4 block_out` samples and the FFT plans (44.1 -> 48 kHz stereo: about
    /// 30 KiB fast, 120 KiB balanced, 410 KiB best).
    ///
    /// # Errors
    /// [`ResampleError::ZeroRate`], [`ResampleError::NoChannels`],
    /// [`ResampleError::NoInputFrames`] for those values, and
    /// [`ResampleError::BlockTooLong`] when the rates' greatest common divisor is so small
    /// that a block would exceed [`MAX_BLOCK_FRAMES`] (e.g. 44 101 Hz -> 384 000 Hz).
    /// Rubato's FFT resampler has no other limit on the ratio.
    pub fn new(
        from_hz: u32,
        to_hz: u32,
        channels: usize,
        max_input_frames: usize,
        quality: ResampleQuality,
    ) -> Result<Self, ResampleError> {
        if from_hz == 0 || to_hz == 0 {
            return Err(ResampleError::ZeroRate { from_hz, to_hz });
        }
        if channels == 0 {
            return Err(ResampleError::NoChannels);
        }
        if max_input_frames == 0 {
            return Err(ResampleError::NoInputFrames);
        }
        let mut r = Self {
            from_hz,
            to_hz,
            channels,
            max_input_frames,
            quality,
            fft: None,
            block_in: 0,
            block_out: 0,
            delay: 0,
            in_buf: Vec::new(),
            fill: 0,
            out_buf: Vec::new(),
            skip: 0,
            total_in: 0,
            total_out: 0,
        };
        if from_hz == to_hz {
            return Ok(r);
        }

        let (block_in, block_out) = block_sizes(from_hz, to_hz, quality)?;
        let fft = Fft::<f32>::new_custom(
            from_hz as usize,
            to_hz as usize,
            block_in,
            1,
            channels,
            WindowFunction::BlackmanHarris2,
            FixedSync::Both,
        )
        .map_err(|e| ResampleError::Rubato {
            from_hz,
            to_hz,
            channels,
            reason: e.to_string(),
        })?;
        // With FixedSync::Both and a chunk that is a whole number of minimum blocks, one
        // call is exactly one FFT block of the sizes chosen above.
        assert_eq!(
            (fft.input_frames_next(), fft.output_frames_next()),
            (block_in, block_out),
            "rubato chose different block sizes"
        );
        assert_eq!(fft.output_delay() * 2, block_out);
        r.fft = Some(fft);
        r.block_in = block_in;
        r.block_out = block_out;
        r.delay = block_out / 2;
        r.skip = r.delay;
        r.in_buf = vec![0.0; channels * block_in];
        r.out_buf = vec![0.0; channels * block_out];
        Ok(r)
    }

    /// Input rate, Hz.
    pub fn from_hz(&self) -> u32 {
        self.from_hz
    }

    /// Output rate, Hz.
    pub fn to_hz(&self) -> u32 {
        self.to_hz
    }

    /// Channels.
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// The quality it was built with.
    pub fn quality(&self) -> ResampleQuality {
        self.quality
    }

    /// The most input frames one [`Resampler::process`] call may take.
    pub fn max_input_frames(&self) -> usize {
        self.max_input_frames
    }

    /// Frames the `output` buffer must hold for a [`Resampler::process`] call with
    /// `input_frames` frames (and, for any `input_frames`, for [`Resampler::flush`]).
    /// A buffer of `max_output_frames(max_input_frames)` frames serves every call.
    ///
    /// This is an upper bound: `ceil(input_frames × to_hz / from_hz)` plus one and a half
    /// output blocks (equal rates: `input_frames`).
    pub fn max_output_frames(&self, input_frames: usize) -> usize {
        if self.fft.is_none() {
            return input_frames;
        }
        let scaled =
            (input_frames as u128 * self.block_out as u128).div_ceil(self.block_in as u128);
        usize::try_from(scaled)
            .unwrap_or(usize::MAX)
            .saturating_add(self.block_out + self.delay)
    }

    /// The most output frames the resampler holds back, at the output rate: after
    /// [`Resampler::process`] has taken `n` input frames in total since the stream
    /// started, it has returned at least `round(n × to_hz / from_hz) - latency_frames()`
    /// output frames in total (never more than that rounded count); the rest come with
    /// later input or from [`Resampler::flush`]. It is one block being collected plus the
    /// filter delay, `block_out + block_out / 2` (0 for equal rates). For 44.1 -> 48 kHz:
    /// 480 (fast), 1920 (balanced), 6720 (best) frames.
    pub fn latency_frames(&self) -> usize {
        self.block_out + self.delay
    }

    /// Resamples the first `frames` frames of every channel of `input`, writes every
    /// output frame that is now ready to the start of `output`'s channels and returns
    /// how many that is (often 0 for small `frames`: output comes a block at a time).
    /// Output continues exactly where the previous call's stopped. Does not allocate.
    ///
    /// # Panics
    /// If `frames` exceeds `max_input_frames` or `input.frames()`, if `input` or
    /// `output` has the wrong channel count, or if `output` holds fewer than
    /// [`Resampler::max_output_frames`]`(frames)` frames. These are programming errors.
    pub fn process(&mut self, input: &PlanarBuf, frames: usize, output: &mut PlanarBuf) -> usize {
        assert!(
            frames <= self.max_input_frames && frames <= input.frames(),
            "resampler given {frames} frames; max_input_frames is {}, input holds {}",
            self.max_input_frames,
            input.frames()
        );
        self.check_buffers(input.channels(), output, frames);
        self.total_in += frames as u64;
        if self.fft.is_none() {
            for ch in 0..self.channels {
                output.channel_mut(ch)[..frames].copy_from_slice(&input.channel(ch)[..frames]);
            }
            self.total_out += frames as u64;
            return frames;
        }

        let mut taken = 0;
        let mut written = 0;
        while taken < frames {
            let n = (frames - taken).min(self.block_in - self.fill);
            for ch in 0..self.channels {
                let at = ch * self.block_in + self.fill;
                self.in_buf[at..at + n].copy_from_slice(&input.channel(ch)[taken..taken + n]);
            }
            self.fill += n;
            taken += n;
            if self.fill == self.block_in {
                written += self.run_block(output, written, u64::MAX);
            }
        }
        written
    }

    /// Ends the stream: writes the remaining output to the start of `output`'s channels
    /// and returns how many frames that is, so that the stream's output totals
    /// `round(n × to_hz / from_hz)` frames for `n` input frames (0 for an empty stream).
    /// Then resets, ready for a new stream. Does not allocate.
    ///
    /// # Panics
    /// If `output` has the wrong channel count or holds fewer than
    /// [`Resampler::max_output_frames`]`(0)` frames.
    pub fn flush(&mut self, output: &mut PlanarBuf) -> usize {
        self.check_buffers(self.channels, output, 0);
        let target = self.expected_total();
        let mut written = 0;
        while self.total_out < target {
            for ch in 0..self.channels {
                let start = ch * self.block_in;
                self.in_buf[start + self.fill..start + self.block_in].fill(0.0);
            }
            written += self.run_block(output, written, target - self.total_out);
        }
        self.reset();
        written
    }

    /// Forgets all input and starts a new stream (e.g. after a seek): the next output
    /// frame corresponds to the next input frame. Does not allocate.
    pub fn reset(&mut self) {
        if let Some(fft) = &mut self.fft {
            fft.reset();
        }
        self.fill = 0;
        self.skip = self.delay;
        self.total_in = 0;
        self.total_out = 0;
    }

    /// `round(total_in × to_hz / from_hz)`, halves rounded up.
    fn expected_total(&self) -> u64 {
        let num = self.total_in as u128 * self.to_hz as u128;
        let den = self.from_hz as u128;
        ((2 * num + den) / (2 * den)) as u64
    }

    fn check_buffers(&self, input_channels: usize, output: &PlanarBuf, frames: usize) {
        assert!(
            input_channels == self.channels && output.channels() == self.channels,
            "resampler for {} channels given input of {input_channels} and output of {}",
            self.channels,
            output.channels()
        );
        let need = self.max_output_frames(frames);
        assert!(
            output.frames() >= need,
            "resampler output holds {} frames; {frames} input frames need max_output_frames = {need}",
            output.frames()
        );
    }

    /// Resamples the full `in_buf`, drops what is left of the delay and copies at most
    /// `limit` frames to `output` from frame `at`; returns the frames copied.
    fn run_block(&mut self, output: &mut PlanarBuf, at: usize, limit: u64) -> usize {
        let fft = self
            .fft
            .as_mut()
            .expect("run_block only runs with an FFT resampler");
        let input = SequentialSlice::new(&self.in_buf[..], self.channels, self.block_in)
            .expect("in_buf holds channels × block_in");
        let mut out =
            SequentialSlice::new_mut(&mut self.out_buf[..], self.channels, self.block_out)
                .expect("out_buf holds channels × block_out");
        let done = fft
            .process_into_buffer(&input, &mut out, None)
            .expect("buffers sized for rubato at construction");
        debug_assert_eq!(done, (self.block_in, self.block_out));
        self.fill = 0;

        let skip = self.skip.min(self.block_out);
        self.skip -= skip;
        let n = ((self.block_out - skip) as u64).min(limit) as usize;
        for ch in 0..self.channels {
            let from = ch * self.block_out + skip;
            output.channel_mut(ch)[at..at + n].copy_from_slice(&self.out_buf[from..from + n]);
        }
        self.total_out += n as u64;
        n
    }
}

/// FFT block sizes `(input, output)` for the rates and quality: the smallest even
/// multiple of the minimum blocks whose lower-rate side reaches the quality's length.
fn block_sizes(
    from_hz: u32,
    to_hz: u32,
    quality: ResampleQuality,
) -> Result<(usize, usize), ResampleError> {
    let g = gcd(from_hz, to_hz);
    let (min_in, min_out) = (u64::from(from_hz / g), u64::from(to_hz / g));
    let min_low = min_in.min(min_out);
    // An even multiple makes both blocks even (the minimum blocks are coprime, so at
    // most one is even), hence the delay of half a block a whole frame on both sides.
    let k = 2 * quality.min_low_block().div_ceil(2 * min_low);
    let (block_in, block_out) = (k * min_in, k * min_out);
    let longest = block_in.max(block_out);
    if longest > MAX_BLOCK_FRAMES as u64 {
        return Err(ResampleError::BlockTooLong {
            from_hz,
            to_hz,
            gcd: g,
            block_frames: longest,
        });
    }
    Ok((block_in as usize, block_out as usize))
}

fn gcd(mut a: u32, mut b: u32) -> u32 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::TAU;

    const BAL: ResampleQuality = ResampleQuality::Balanced;

    fn sine(freq: f64, rate: u32, frames: usize, amp: f64) -> Vec<f32> {
        (0..frames)
            .map(|i| (amp * (TAU * freq * i as f64 / f64::from(rate)).sin()) as f32)
            .collect()
    }

    /// Streams `chans` through a fresh resampler in reads of `chunk` frames, then flushes.
    fn run(
        from: u32,
        to: u32,
        quality: ResampleQuality,
        chans: &[Vec<f32>],
        chunk: usize,
    ) -> Vec<Vec<f32>> {
        let channels = chans.len();
        let len = chans[0].len();
        let mut r = Resampler::new(from, to, channels, chunk, quality).unwrap();
        let mut out = PlanarBuf::new(channels, r.max_output_frames(chunk));
        let mut inp = PlanarBuf::new(channels, chunk);
        let mut result = vec![Vec::new(); channels];
        let mut pos = 0;
        while pos < len {
            let n = chunk.min(len - pos);
            for (ch, c) in chans.iter().enumerate() {
                inp.channel_mut(ch)[..n].copy_from_slice(&c[pos..pos + n]);
            }
            let made = r.process(&inp, n, &mut out);
            for (ch, res) in result.iter_mut().enumerate() {
                res.extend_from_slice(&out.channel(ch)[..made]);
            }
            pos += n;
        }
        let made = r.flush(&mut out);
        for (ch, res) in result.iter_mut().enumerate() {
            res.extend_from_slice(&out.channel(ch)[..made]);
        }
        result
    }

    fn one_shot(from: u32, to: u32, quality: ResampleQuality, chans: &[Vec<f32>]) -> Vec<Vec<f32>> {
        run(from, to, quality, chans, chans[0].len().max(1))
    }

    fn expected_len(n: usize, from: u32, to: u32) -> usize {
        ((n as f64) * f64::from(to) / f64::from(from)).round() as usize
    }

    /// Largest |output - reference| over the output, leaving out `edge` frames at each end
    /// (where the abrupt start and end of the test signal ring), relative to `amp`, in dB.
    fn error_db(out: &[f32], freq: f64, rate: u32, amp: f64, edge: usize) -> f64 {
        let worst = out[edge..out.len() - edge]
            .iter()
            .enumerate()
            .map(|(j, &y)| {
                let t = (j + edge) as f64 / f64::from(rate);
                (f64::from(y) - amp * (TAU * freq * t).sin()).abs()
            })
            .fold(0.0, f64::max);
        20.0 * (worst / amp).log10()
    }

    fn rms_db(x: &[f32], amp: f64) -> f64 {
        let p = x.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / x.len() as f64;
        10.0 * (p / (amp * amp / 2.0)).max(1e-30).log10()
    }

    #[test]
    fn sine_matches_analytic_sine_at_output_rate() {
        let amp = 0.5;
        for (from, to) in [(44_100, 48_000), (48_000, 44_100), (96_000, 48_000)] {
            let low_nyquist = f64::from(from.min(to)) / 2.0;
            // 1 kHz, and a tone near the documented edge of Balanced's -90 dB passband.
            for freq in [1000.0, 0.95 * low_nyquist] {
                let input = sine(freq, from, from as usize, amp);
                let out = one_shot(from, to, BAL, &[input]);
                let edge = Resampler::new(from, to, 1, 1, BAL)
                    .unwrap()
                    .latency_frames();
                let err = error_db(&out[0], freq, to, amp, edge);
                assert!(
                    err < -90.0,
                    "{from} -> {to} Hz, {freq:.0} Hz sine: error {err:.1} dB"
                );
            }
        }
    }

    #[test]
    fn fast_and_best_also_match_in_their_passbands() {
        let amp = 0.5;
        for (quality, rel) in [(ResampleQuality::Fast, 0.75), (ResampleQuality::Best, 0.99)] {
            for (from, to) in [(44_100, 48_000), (48_000, 44_100), (96_000, 48_000)] {
                let freq = rel * f64::from(from.min(to)) / 2.0;
                let input = sine(freq, from, from as usize, amp);
                let out = one_shot(from, to, quality, &[input]);
                let edge = Resampler::new(from, to, 1, 1, quality)
                    .unwrap()
                    .latency_frames();
                let err = error_db(&out[0], freq, to, amp, edge);
                assert!(
                    err < -90.0,
                    "{quality:?} {from} -> {to} Hz, {freq:.0} Hz: {err:.1} dB"
                );
            }
        }
    }

    #[test]
    fn impulse_lands_at_the_same_time_in_the_output() {
        // 441 frames at 44.1 kHz = 480 frames at 48 kHz = 10 ms; 1000 at 48 k = 2000 at 96 k.
        for (from, to, at_in, at_out) in [
            (44_100, 48_000, 441, 480),
            (48_000, 44_100, 480, 441),
            (48_000, 96_000, 1000, 2000),
            (96_000, 48_000, 2000, 1000),
        ] {
            let mut x = vec![0.0; 4000];
            x[at_in] = 1.0;
            let out = &one_shot(from, to, BAL, &[x])[0];
            let peak = (0..out.len())
                .max_by(|&a, &b| out[a].abs().total_cmp(&out[b].abs()))
                .unwrap();
            assert_eq!(peak, at_out, "{from} -> {to} Hz");
            // Linear phase: symmetric about the peak.
            for d in 1..50 {
                let (a, b) = (out[at_out - d], out[at_out + d]);
                assert!(
                    (a - b).abs() < 1e-5,
                    "{from} -> {to}: asymmetric at ±{d}: {a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn output_length_is_input_length_times_ratio() {
        let pairs = [
            (44_100, 48_000),
            (48_000, 44_100),
            (96_000, 48_000),
            (48_000, 96_000),
            (22_050, 48_000),
            (8_000, 44_100),
            (192_000, 44_100),
        ];
        for (from, to) in pairs {
            for quality in [ResampleQuality::Fast, BAL, ResampleQuality::Best] {
                for n in [0, 1, 2, 3, 100, 1000, 12_345, 48_001] {
                    let x = vec![(0..n).map(|i| (i % 7) as f32 * 0.1).collect::<Vec<_>>()];
                    let out = run(from, to, quality, &x, 1000);
                    let want = expected_len(n, from, to);
                    assert_eq!(
                        out[0].len(),
                        want,
                        "{from} -> {to} Hz, {quality:?}, {n} frames"
                    );
                }
            }
        }
    }

    #[test]
    fn streaming_in_any_chunk_size_equals_one_shot() {
        let n = 20_000;
        let x = vec![sine(997.0, 44_100, n, 0.5), sine(5003.0, 44_100, n, 0.25)];
        for (from, to) in [(44_100, 48_000), (48_000, 44_100), (96_000, 48_000)] {
            let whole = one_shot(from, to, BAL, &x);
            assert_eq!(whole[0].len(), expected_len(n, from, to));
            for chunk in [1, 7, 1000, 4096] {
                let streamed = run(from, to, BAL, &x, chunk);
                assert!(
                    streamed == whole,
                    "{from} -> {to} Hz in chunks of {chunk} differs"
                );
            }
        }
    }

    #[test]
    fn tone_above_output_nyquist_is_attenuated() {
        let amp = 0.5;
        let (from, to) = (96_000, 48_000);
        for freq in [25_000.0, 30_000.0, 40_000.0] {
            let input = sine(freq, from, from as usize, amp);
            let out = &one_shot(from, to, BAL, &[input])[0];
            let edge = Resampler::new(from, to, 1, 1, BAL)
                .unwrap()
                .latency_frames();
            let level = rms_db(&out[edge..out.len() - edge], amp);
            assert!(
                level < -90.0,
                "{freq} Hz at {from} -> {to} Hz: {level:.1} dB"
            );
        }
    }

    #[test]
    fn channels_are_independent() {
        let n = 10_000;
        let a = sine(1000.0, 44_100, n, 0.5);
        let b = sine(7000.0, 44_100, n, 0.3);
        let stereo = run(44_100, 48_000, BAL, &[a.clone(), b.clone()], 1024);
        assert_eq!(
            stereo[0],
            run(44_100, 48_000, BAL, std::slice::from_ref(&a), 1024)[0]
        );
        assert_eq!(stereo[1], run(44_100, 48_000, BAL, &[b], 1024)[0]);
        let silent = run(44_100, 48_000, BAL, &[a, vec![0.0; n]], 1024);
        assert!(silent[1].iter().all(|&v| v == 0.0));
    }

    #[test]
    fn equal_rates_copy() {
        let x = vec![
            sine(1000.0, 48_000, 5000, 0.5),
            sine(300.0, 48_000, 5000, 0.5),
        ];
        let mut r = Resampler::new(48_000, 48_000, 2, 512, BAL).unwrap();
        assert_eq!(r.latency_frames(), 0);
        assert_eq!(run(48_000, 48_000, BAL, &x, 512), x);
        let mut out = PlanarBuf::new(2, r.max_output_frames(512));
        assert_eq!(r.flush(&mut out), 0);
    }

    #[test]
    fn reset_and_flush_start_a_new_stream() {
        let mut r = Resampler::new(44_100, 48_000, 1, 5000, BAL).unwrap();
        let inp = PlanarBuf::from_channels(&[sine(1000.0, 44_100, 5000, 0.5)]);
        let mut out = PlanarBuf::new(1, r.max_output_frames(5000));
        let collect = |r: &mut Resampler, out: &mut PlanarBuf| {
            let mut v = Vec::new();
            let n = r.process(&inp, 5000, out);
            v.extend_from_slice(&out.channel(0)[..n]);
            let n = r.flush(out);
            v.extend_from_slice(&out.channel(0)[..n]);
            v
        };
        let first = collect(&mut r, &mut out);
        let second = collect(&mut r, &mut out);
        assert_eq!(first, second);
        r.process(&inp, 3000, &mut out);
        r.reset();
        assert_eq!(collect(&mut r, &mut out), first);
    }

    #[test]
    fn latency_bounds_what_is_held_back() {
        let (from, to) = (44_100, 48_000);
        let mut r = Resampler::new(from, to, 1, 333, BAL).unwrap();
        let inp = PlanarBuf::from_channels(&[vec![0.25; 333]]);
        let mut out = PlanarBuf::new(1, r.max_output_frames(333));
        let (mut fed, mut got) = (0, 0);
        for _ in 0..100 {
            got += r.process(&inp, 333, &mut out);
            fed += 333;
            let due = expected_len(fed, from, to);
            assert!(
                got <= due && due - got <= r.latency_frames(),
                "{fed}: {got} of {due}"
            );
        }
    }

    #[test]
    fn processing_does_not_allocate() {
        let s = sine(1000.0, 44_100, 4096, 0.5);
        let x = PlanarBuf::from_channels(&[s.clone(), s]);
        let mut r = Resampler::new(44_100, 48_000, 2, 4096, BAL).unwrap();
        let mut out = PlanarBuf::new(2, r.max_output_frames(4096));
        assert_no_alloc::assert_no_alloc(|| {
            for n in [4096, 1, 7, 1000, 4096] {
                r.process(&x, n, &mut out);
            }
            r.flush(&mut out);
            r.process(&x, 4096, &mut out);
            r.reset();
        });
    }

    #[test]
    fn bad_settings_are_errors_naming_the_values() {
        let msg = |r: Result<Resampler, ResampleError>| r.unwrap_err().to_string();
        let m = msg(Resampler::new(0, 48_000, 2, 1024, BAL));
        assert!(m.contains("from 0 Hz to 48000 Hz"), "{m}");
        let m = msg(Resampler::new(44_100, 0, 2, 1024, BAL));
        assert!(m.contains("from 44100 Hz to 0 Hz"), "{m}");
        let m = msg(Resampler::new(44_100, 48_000, 0, 1024, BAL));
        assert!(m.contains("0 channels"), "{m}");
        let m = msg(Resampler::new(44_100, 48_000, 2, 0, BAL));
        assert!(m.contains("max_input_frames is 0"), "{m}");
        // 44 101 is prime: blocks of 2 × 384 000 output frames.
        let m = msg(Resampler::new(44_101, 384_000, 2, 1024, BAL));
        assert!(
            m.contains("44101 Hz to 384000 Hz")
                && m.contains("divisor is only 1 Hz")
                && m.contains("768000"),
            "{m}"
        );
        let m = msg(Resampler::new(
            u32::MAX,
            48_000,
            1,
            1024,
            ResampleQuality::Fast,
        ));
        assert!(m.contains("4294967295 Hz"), "{m}");
        // Odd rates with a usable divisor still work.
        assert!(Resampler::new(44_101, 48_000, 2, 1024, BAL).is_ok());
    }

    #[test]
    fn quality_names_in_config() {
        #[derive(Deserialize, Serialize)]
        struct C {
            q: ResampleQuality,
        }
        let c: C = toml::from_str("q = \"best\"").unwrap();
        assert_eq!(c.q, ResampleQuality::Best);
        assert_eq!(
            toml::to_string(&C {
                q: ResampleQuality::Fast
            })
            .unwrap()
            .trim(),
            "q = \"fast\""
        );
        assert!(toml::from_str::<C>("q = \"Best\"").is_err());
    }

    /// Prints the measured frequency response (through the whole streaming path) and the
    /// speed. `cargo test -p vortex-engine --lib resample -- --ignored --nocapture` (the test
    /// profile is optimised).
    #[test]
    #[ignore = "measurement printout"]
    fn speed_and_response() {
        use std::time::Instant;
        for quality in [ResampleQuality::Fast, BAL, ResampleQuality::Best] {
            for (from, to) in [(44_100, 48_000), (48_000, 44_100), (96_000, 48_000)] {
                let frames = 60 * from as usize;
                let s = sine(1000.0, from, frames, 0.5);
                let x = PlanarBuf::from_channels(&[s.clone(), s]);
                let chunk = 4096;
                let mut r = Resampler::new(from, to, 2, chunk, quality).unwrap();
                let mut inp = PlanarBuf::new(2, chunk);
                let mut out = PlanarBuf::new(2, r.max_output_frames(chunk));
                let start = Instant::now();
                let mut pos = 0;
                while pos < frames {
                    let n = chunk.min(frames - pos);
                    for ch in 0..2 {
                        inp.channel_mut(ch)[..n].copy_from_slice(&x.channel(ch)[pos..pos + n]);
                    }
                    std::hint::black_box(r.process(&inp, n, &mut out));
                    pos += n;
                }
                r.flush(&mut out);
                let secs = start.elapsed().as_secs_f64();
                println!(
                    "{quality:?} {from} -> {to}: {:.1} M input frames/s per channel ({:.0}x real time, stereo), latency {} frames",
                    frames as f64 * 2.0 / secs / 1e6,
                    frames as f64 / f64::from(from) / secs,
                    r.latency_frames()
                );
            }
        }
        for quality in [ResampleQuality::Fast, BAL, ResampleQuality::Best] {
            for (from, to) in [(44_100, 48_000), (96_000, 48_000)] {
                let low_nyquist = f64::from(from.min(to)) / 2.0;
                let edge = Resampler::new(from, to, 1, 1, quality)
                    .unwrap()
                    .latency_frames();
                let mut line = format!("{quality:?} {from} -> {to}:");
                for rel in [0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 1.01, 1.05, 1.25] {
                    let freq = rel * low_nyquist;
                    if freq >= f64::from(from) / 2.0 {
                        continue;
                    }
                    let out =
                        &one_shot(from, to, quality, &[sine(freq, from, from as usize, 0.5)])[0];
                    let mid = &out[edge..out.len() - edge];
                    if rel < 1.0 {
                        let err = error_db(out, freq, to, 0.5, edge);
                        line += &format!(" {rel}: {:.3} dB (err {err:.0} dB);", rms_db(mid, 0.5));
                    } else {
                        line += &format!(" {rel}: {:.1} dB;", rms_db(mid, 0.5));
                    }
                }
                println!("{line}");
            }
        }
    }
}
