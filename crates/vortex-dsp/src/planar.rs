//! Planar multi-channel sample storage: one contiguous run of samples per channel.

/// An owned planar buffer: `channels` runs of `frames` samples, stored back to back.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanarBuf {
    data: Vec<f32>,
    channels: usize,
    frames: usize,
}

impl PlanarBuf {
    /// A zeroed buffer of `channels` x `frames` samples.
    pub fn new(channels: usize, frames: usize) -> Self {
        Self {
            data: vec![0.0; channels * frames],
            channels,
            frames,
        }
    }

    /// Builds a buffer from one vector per channel; all must have the same length.
    ///
    /// # Panics
    /// If the channels differ in length (a programming error, not an input error).
    pub fn from_channels(chans: &[Vec<f32>]) -> Self {
        let frames = chans.first().map_or(0, Vec::len);
        assert!(chans.iter().all(|c| c.len() == frames), "ragged channels");
        let mut data = Vec::with_capacity(chans.len() * frames);
        for c in chans {
            data.extend_from_slice(c);
        }
        Self {
            data,
            channels: chans.len(),
            frames,
        }
    }

    /// Number of channels.
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// Samples per channel.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Samples of channel `ch`.
    pub fn channel(&self, ch: usize) -> &[f32] {
        &self.data[ch * self.frames..(ch + 1) * self.frames]
    }

    /// Samples of channel `ch`, mutable.
    pub fn channel_mut(&mut self, ch: usize) -> &mut [f32] {
        &mut self.data[ch * self.frames..(ch + 1) * self.frames]
    }

    /// Splits into one vector per channel.
    pub fn into_channels(self) -> Vec<Vec<f32>> {
        if self.frames == 0 {
            return vec![Vec::new(); self.channels];
        }
        self.data
            .chunks_exact(self.frames)
            .map(<[f32]>::to_vec)
            .collect()
    }

    /// A mutable view of the first `frames` frames of every channel.
    ///
    /// # Panics
    /// If `frames` exceeds the buffer's length.
    pub fn view_mut(&mut self, frames: usize) -> PlanarMut<'_> {
        assert!(frames <= self.frames);
        PlanarMut {
            data: &mut self.data,
            stride: self.frames,
            channels: self.channels,
            frames,
        }
    }
}

/// A mutable view of planar samples: `channels` runs of length `frames`, `stride` apart.
#[derive(Debug)]
pub struct PlanarMut<'a> {
    data: &'a mut [f32],
    stride: usize,
    channels: usize,
    frames: usize,
}

impl<'a> PlanarMut<'a> {
    /// Views `data` as `channels` runs of `frames` samples starting every `stride` samples.
    ///
    /// # Panics
    /// If `data` is too short or `frames > stride`.
    pub fn new(data: &'a mut [f32], channels: usize, stride: usize, frames: usize) -> Self {
        assert!(frames <= stride && data.len() >= channels * stride);
        Self {
            data,
            stride,
            channels,
            frames,
        }
    }

    /// Number of channels in the view.
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// Frames (samples per channel) in the view.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Samples of channel `ch`.
    pub fn channel(&self, ch: usize) -> &[f32] {
        let start = ch * self.stride;
        &self.data[start..start + self.frames]
    }

    /// Samples of channel `ch`, mutable.
    pub fn channel_mut(&mut self, ch: usize) -> &mut [f32] {
        let start = ch * self.stride;
        &mut self.data[start..start + self.frames]
    }

    /// Two distinct channels at once, mutable (`a != b`).
    pub fn channel_pair_mut(&mut self, a: usize, b: usize) -> (&mut [f32], &mut [f32]) {
        assert_ne!(a, b);
        let (lo, hi, swap) = if a < b { (a, b, false) } else { (b, a, true) };
        let (head, tail) = self.data.split_at_mut(hi * self.stride);
        let x = &mut head[lo * self.stride..lo * self.stride + self.frames];
        let y = &mut tail[..self.frames];
        if swap { (y, x) } else { (x, y) }
    }
}
