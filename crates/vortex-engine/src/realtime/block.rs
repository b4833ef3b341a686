//! Audio blocks: fixed-size planar buffers that travel from the feeder thread to the
//! callback and back. All of them are allocated when the engine starts.

/// Marks on a block that the callback acts on when it reaches the block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BlockMark {
    /// Plain audio.
    #[default]
    None,
    /// The first block of a playlist item.
    TrackStart,
    /// No audio: the source has ended.
    End,
}

/// A block of planar audio at the device rate, with where it came from.
#[derive(Debug)]
pub struct AudioBlock {
    data: Vec<f32>,
    channels: usize,
    capacity: usize,
    /// Valid frames (0..=capacity).
    pub frames: usize,
    /// Transport generation the block belongs to; the callback discards older ones.
    pub generation: u32,
    /// Playlist item the audio belongs to (0 for sources without items).
    pub item: u64,
    /// Position of the first frame within its track, frames at the device rate.
    pub position: u64,
    /// What starts or ends here.
    pub mark: BlockMark,
}

impl AudioBlock {
    /// A zeroed block of `channels` x `capacity` frames.
    pub fn new(channels: usize, capacity: usize) -> Self {
        Self {
            data: vec![0.0; channels * capacity],
            channels,
            capacity,
            frames: 0,
            generation: 0,
            item: 0,
            position: 0,
            mark: BlockMark::None,
        }
    }

    /// Channels.
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// Frames the block can hold.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// All `capacity` samples of channel `ch`.
    pub fn channel(&self, ch: usize) -> &[f32] {
        &self.data[ch * self.capacity..(ch + 1) * self.capacity]
    }

    /// All `capacity` samples of channel `ch`, mutable.
    pub fn channel_mut(&mut self, ch: usize) -> &mut [f32] {
        &mut self.data[ch * self.capacity..(ch + 1) * self.capacity]
    }

    /// Empties the block for reuse (keeps its memory).
    pub fn clear(&mut self) {
        self.frames = 0;
        self.mark = BlockMark::None;
    }
}

/// The two rings that circulate a fixed pool of blocks between the feeder and the
/// callback: `filled` carries audio to the callback, `free` brings blocks back.
pub struct BlockRings {
    /// Feeder side: pushes filled blocks.
    pub filled_tx: rtrb::Producer<AudioBlock>,
    /// Callback side: pops filled blocks.
    pub filled_rx: rtrb::Consumer<AudioBlock>,
    /// Callback side: returns consumed blocks.
    pub free_tx: rtrb::Producer<AudioBlock>,
    /// Feeder side: takes blocks to fill.
    pub free_rx: rtrb::Consumer<AudioBlock>,
}

/// Allocates `count` blocks of `channels` x `frames` and the rings that carry them; all
/// blocks start in the free ring. Both rings can hold every block, so a push never fails.
pub fn block_pool(count: usize, channels: usize, frames: usize) -> BlockRings {
    let (filled_tx, filled_rx) = rtrb::RingBuffer::new(count);
    let (mut free_tx, free_rx) = rtrb::RingBuffer::new(count);
    for _ in 0..count {
        free_tx
            .push(AudioBlock::new(channels, frames))
            .expect("the free ring holds the whole pool");
    }
    BlockRings {
        filled_tx,
        filled_rx,
        free_tx,
        free_rx,
    }
}
