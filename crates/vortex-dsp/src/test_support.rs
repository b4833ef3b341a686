//! Helpers shared by this crate's tests.

use crate::{MultiFilter, PlanarBuf};

/// Runs `chans` (all the same length) through `filter` in blocks of `block` frames, as a
/// stream would arrive, and returns the output channels.
pub(crate) fn run_in_blocks(
    filter: &mut dyn MultiFilter,
    chans: &[Vec<f32>],
    block: usize,
) -> Vec<Vec<f32>> {
    let frames = chans[0].len();
    let list: Vec<usize> = (0..chans.len()).collect();
    let mut out = vec![Vec::with_capacity(frames); chans.len()];
    let mut pos = 0;
    while pos < frames {
        let n = block.min(frames - pos);
        let mut tmp = PlanarBuf::new(chans.len(), n);
        for (ch, x) in chans.iter().enumerate() {
            tmp.channel_mut(ch).copy_from_slice(&x[pos..pos + n]);
        }
        filter.process(&mut tmp.view_mut(n), &list);
        for (ch, o) in out.iter_mut().enumerate() {
            o.extend_from_slice(tmp.channel(ch));
        }
        pos += n;
    }
    out
}
