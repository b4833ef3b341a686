//! How a long impulse response is cut into partitions for non-uniform partitioned convolution.
//!
//! The filter runs at a base block of `B0` samples (its I/O latency). The impulse
//! response is covered by *levels*: level `l` uses partitions of `B_l` samples
//! (`B_0 = B0`, each next size a power-of-two multiple of the previous), starts at
//! offset `d_l` in the response, and holds `count_l` partitions. A level of size `B`
//! produces its output `B` samples at a time, computed when its input block is
//! complete; that output is needed no earlier than `d - B + B0` samples later, so
//! every level must start at `d_l >= B_l - B0`. Early, short partitions keep the
//! latency at `B0`; late, long partitions make the bulk of a long filter cheap.
//!
//! The plan is chosen by a cost model (FFT and multiply-accumulate work per output
//! sample) over a family of geometric partitionings, in the spirit of
//! Garcia (2002) and Wefers (2015, "Partitioned convolution algorithms for real-time
//! auralization").

/// One level of a partitioning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    /// Partition length, samples (a power-of-two multiple of the base block).
    pub size: usize,
    /// Where the level starts in the impulse response, samples.
    pub offset: usize,
    /// Number of partitions of `size` samples.
    pub count: usize,
}

/// A complete partitioning of an impulse response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionPlan {
    /// Base block (latency), samples.
    pub block: usize,
    /// Levels in order of offset; they tile `[0, coverage)` without gaps.
    pub levels: Vec<Level>,
}

/// Largest partition a plan will use, samples.
pub const MAX_PARTITION: usize = 1 << 17;

impl PartitionPlan {
    /// Uniform partitioning: every partition is `block` samples.
    pub fn uniform(ir_len: usize, block: usize) -> Self {
        Self::geometric(ir_len, block, 1, block)
    }

    /// Partitions grow by `ratio` (a power of two >= 2; 1 = uniform) up to `max_size`,
    /// each level as short as the timing constraint allows.
    pub fn geometric(ir_len: usize, block: usize, ratio: usize, max_size: usize) -> Self {
        assert!(
            block > 0 && block.is_power_of_two(),
            "block must be a power of two"
        );
        let ir_len = ir_len.max(1);
        let mut levels = Vec::new();
        let (mut offset, mut size) = (0, block);
        while offset < ir_len {
            let remaining = ir_len - offset;
            let next = if ratio >= 2 && size < max_size {
                Some((size * ratio).min(max_size))
            } else {
                None
            };
            let needed = remaining.div_ceil(size);
            let count = match next {
                // Stay on this level until the next one may start (offset >= next - block).
                Some(n) => (n - block)
                    .saturating_sub(offset)
                    .div_ceil(size)
                    .clamp(1, needed),
                None => needed,
            };
            levels.push(Level {
                size,
                offset,
                count,
            });
            offset += count * size;
            if let Some(n) = next {
                size = n;
            }
        }
        Self { block, levels }
    }

    /// The cheapest plan by [`PartitionPlan::cost`] among uniform and geometric
    /// partitionings with ratios 2..16 and largest partitions up to [`MAX_PARTITION`].
    pub fn optimal(ir_len: usize, block: usize) -> Self {
        let mut best = Self::uniform(ir_len, block);
        let mut best_cost = best.cost();
        for ratio in [2, 4, 8, 16] {
            let mut max = block * 2;
            while max <= MAX_PARTITION.max(block) {
                let p = Self::geometric(ir_len, block, ratio, max);
                let c = p.cost();
                if c < best_cost {
                    best = p;
                    best_cost = c;
                }
                max *= 2;
            }
        }
        best
    }

    /// Estimated work per output sample (arbitrary units): for each level, a forward
    /// and an inverse real FFT of `2B` points and `count` complex multiply-adds of
    /// `B + 1` bins, spread over `B` samples. Large transforms are charged extra for
    /// leaving the cache.
    pub fn cost(&self) -> f64 {
        self.levels
            .iter()
            .map(|l| {
                let n = 2.0 * l.size as f64;
                let cache = if l.size > 16384 { 1.5 } else { 1.0 };
                let fft = 2.0 * 2.5 * n * n.log2() * cache;
                let mac = l.count as f64 * (l.size as f64 + 1.0) * 8.0 * cache;
                (fft + mac + 4.0 * l.size as f64) / l.size as f64
            })
            .sum()
    }

    /// Number of impulse-response samples the plan covers (>= the response length).
    pub fn coverage(&self) -> usize {
        self.levels
            .last()
            .map_or(0, |l| l.offset + l.count * l.size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_invariants(p: &PartitionPlan, ir_len: usize) {
        assert!(p.coverage() >= ir_len);
        let mut expect = 0;
        for l in &p.levels {
            assert_eq!(l.offset, expect, "levels must tile without gaps: {p:?}");
            assert!(
                l.offset + p.block >= l.size,
                "level starts too early: {l:?}"
            );
            assert_eq!(l.size % p.block, 0);
            expect += l.size * l.count;
        }
        assert!(p.coverage() - ir_len < p.levels.last().unwrap().size);
    }

    #[test]
    fn plans_respect_timing_and_tile_the_response() {
        for ir_len in [1, 7, 1000, 4096, 65536, 262_144, 1_000_001] {
            for block in [64, 256, 1024, 8192] {
                check_invariants(&PartitionPlan::uniform(ir_len, block), ir_len);
                for ratio in [2, 4, 8] {
                    check_invariants(
                        &PartitionPlan::geometric(ir_len, block, ratio, 1 << 16),
                        ir_len,
                    );
                }
                check_invariants(&PartitionPlan::optimal(ir_len, block), ir_len);
            }
        }
    }

    #[test]
    fn long_filters_get_a_non_uniform_plan_that_is_cheaper() {
        let u = PartitionPlan::uniform(262_144, 1024);
        let o = PartitionPlan::optimal(262_144, 1024);
        assert!(o.levels.len() > 1);
        assert!(
            o.cost() * 3.0 < u.cost(),
            "optimal {} vs uniform {}",
            o.cost(),
            u.cost()
        );
    }
}
