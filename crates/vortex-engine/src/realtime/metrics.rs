//! Engine metrics, written by the callback with relaxed atomics (no locks) and read by
//! anyone through [`Metrics::snapshot`].

use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// Channels whose clipped samples are counted separately.
pub const MAX_CLIP_CHANNELS: usize = 64;

/// Buckets of the callback-duration histogram: bucket 0 counts calls under 1 µs, bucket
/// `k` calls of `2^(k-1)` to `2^k` µs; the last also counts everything longer.
pub const HISTOGRAM_BUCKETS: usize = 24;

/// Counters shared between the callback (writer) and the control side (readers).
#[derive(Debug)]
pub struct Metrics {
    callbacks: AtomicU64,
    frames: AtomicU64,
    histogram: [AtomicU64; HISTOGRAM_BUCKETS],
    last_ns: AtomicU64,
    max_ns: AtomicU64,
    busy_ns: AtomicU64,
    period_ns: AtomicU64,
    last_load_ppm: AtomicU64,
    max_load_ppm: AtomicU64,
    deadline_misses: AtomicU64,
    underruns: AtomicU64,
    underrun_frames: AtomicU64,
    queued_blocks: AtomicU64,
    min_queued_blocks: AtomicU64,
    clipped: [AtomicU64; MAX_CLIP_CHANNELS],
    events_dropped: AtomicU64,
    monitor_dropped_frames: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            callbacks: AtomicU64::new(0),
            frames: AtomicU64::new(0),
            histogram: std::array::from_fn(|_| AtomicU64::new(0)),
            last_ns: AtomicU64::new(0),
            max_ns: AtomicU64::new(0),
            busy_ns: AtomicU64::new(0),
            period_ns: AtomicU64::new(0),
            last_load_ppm: AtomicU64::new(0),
            max_load_ppm: AtomicU64::new(0),
            deadline_misses: AtomicU64::new(0),
            underruns: AtomicU64::new(0),
            underrun_frames: AtomicU64::new(0),
            queued_blocks: AtomicU64::new(0),
            min_queued_blocks: AtomicU64::new(u64::MAX),
            clipped: std::array::from_fn(|_| AtomicU64::new(0)),
            events_dropped: AtomicU64::new(0),
            monitor_dropped_frames: AtomicU64::new(0),
        }
    }
}

/// Histogram bucket of a duration in nanoseconds.
fn bucket(ns: u64) -> usize {
    let us = ns / 1000;
    if us == 0 {
        0
    } else {
        ((64 - us.leading_zeros()) as usize).min(HISTOGRAM_BUCKETS - 1)
    }
}

impl Metrics {
    /// Records one callback that rendered `frames` frames in `busy_ns` ns, while the
    /// frames last `period_ns` ns at the device rate. A call longer than its period is a
    /// deadline miss.
    pub fn record_callback(&self, frames: usize, busy_ns: u64, period_ns: u64) {
        self.callbacks.fetch_add(1, Relaxed);
        self.frames.fetch_add(frames as u64, Relaxed);
        self.histogram[bucket(busy_ns)].fetch_add(1, Relaxed);
        self.last_ns.store(busy_ns, Relaxed);
        self.max_ns.fetch_max(busy_ns, Relaxed);
        self.busy_ns.fetch_add(busy_ns, Relaxed);
        self.period_ns.fetch_add(period_ns, Relaxed);
        let load = busy_ns.saturating_mul(1_000_000) / period_ns.max(1);
        self.last_load_ppm.store(load, Relaxed);
        self.max_load_ppm.fetch_max(load, Relaxed);
        if busy_ns > period_ns {
            self.deadline_misses.fetch_add(1, Relaxed);
        }
    }

    /// Records an underrun of `frames` frames of silence.
    pub fn record_underrun(&self, frames: usize) {
        self.underruns.fetch_add(1, Relaxed);
        self.underrun_frames.fetch_add(frames as u64, Relaxed);
    }

    /// Records how many blocks were queued when a callback started.
    pub fn record_queue(&self, blocks: usize) {
        self.queued_blocks.store(blocks as u64, Relaxed);
        self.min_queued_blocks.fetch_min(blocks as u64, Relaxed);
    }

    /// Adds `n` clipped samples (|x| > 1) on channel `ch` (ignored past the 64th).
    pub fn record_clipped(&self, ch: usize, n: u64) {
        if let Some(c) = self.clipped.get(ch) {
            c.fetch_add(n, Relaxed);
        }
    }

    /// Counts an event the callback could not queue because the event ring was full.
    pub fn record_event_dropped(&self) {
        self.events_dropped.fetch_add(1, Relaxed);
    }

    /// Counts `frames` output frames the monitor tap dropped because its ring was full
    /// (the monitor fell behind; the audio is unaffected).
    pub fn record_monitor_dropped(&self, frames: usize) {
        self.monitor_dropped_frames
            .fetch_add(frames as u64, Relaxed);
    }

    /// Underruns so far.
    pub fn underruns(&self) -> u64 {
        self.underruns.load(Relaxed)
    }

    /// A consistent-enough copy of every counter (each is read once, relaxed).
    pub fn snapshot(&self, channels: usize) -> MetricsSnapshot {
        let busy = self.busy_ns.load(Relaxed);
        let period = self.period_ns.load(Relaxed);
        let min_q = self.min_queued_blocks.load(Relaxed);
        MetricsSnapshot {
            callbacks: self.callbacks.load(Relaxed),
            frames: self.frames.load(Relaxed),
            callback_us_histogram: self.histogram.iter().map(|h| h.load(Relaxed)).collect(),
            callback_last_us: self.last_ns.load(Relaxed) as f64 / 1e3,
            callback_max_us: self.max_ns.load(Relaxed) as f64 / 1e3,
            load_last: self.last_load_ppm.load(Relaxed) as f64 / 1e6,
            load_max: self.max_load_ppm.load(Relaxed) as f64 / 1e6,
            load_mean: if period == 0 {
                0.0
            } else {
                busy as f64 / period as f64
            },
            deadline_misses: self.deadline_misses.load(Relaxed),
            underruns: self.underruns.load(Relaxed),
            underrun_frames: self.underrun_frames.load(Relaxed),
            queued_blocks: self.queued_blocks.load(Relaxed),
            min_queued_blocks: if min_q == u64::MAX { 0 } else { min_q },
            clipped: self
                .clipped
                .iter()
                .take(channels.min(MAX_CLIP_CHANNELS))
                .map(|c| c.load(Relaxed))
                .collect(),
            events_dropped: self.events_dropped.load(Relaxed),
            monitor_dropped_frames: self.monitor_dropped_frames.load(Relaxed),
            sink_xruns: 0,
            sink_max_late_us: 0.0,
            sink_errors: 0,
            output_latency_ms: 0.0,
        }
    }
}

/// The metrics at one moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricsSnapshot {
    /// Callbacks so far.
    pub callbacks: u64,
    /// Frames rendered so far.
    pub frames: u64,
    /// Callback durations: see [`HISTOGRAM_BUCKETS`] for the bucket bounds.
    pub callback_us_histogram: Vec<u64>,
    /// Duration of the last callback, µs.
    pub callback_last_us: f64,
    /// Longest callback, µs.
    pub callback_max_us: f64,
    /// Processing load of the last callback: its duration / the duration of the audio
    /// it rendered (0..1 keeps up; above 1 cannot).
    pub load_last: f64,
    /// Highest load of any callback.
    pub load_max: f64,
    /// Total callback time / total audio time.
    pub load_mean: f64,
    /// Callbacks that took longer than the audio they rendered.
    pub deadline_misses: u64,
    /// Times the callback found no audio queued while playing (silence rendered).
    pub underruns: u64,
    /// Frames of silence those underruns rendered.
    pub underrun_frames: u64,
    /// Blocks queued for the callback at its last start (the ring fill level).
    pub queued_blocks: u64,
    /// Fewest blocks queued at any callback start.
    pub min_queued_blocks: u64,
    /// Samples above full scale, per output channel.
    pub clipped: Vec<u64>,
    /// Events lost because nobody read them in time.
    pub events_dropped: u64,
    /// Output frames the monitor did not see because it fell behind.
    pub monitor_dropped_frames: u64,
    /// Periods the device itself reported late (xruns).
    pub sink_xruns: u64,
    /// The latest past its deadline any period was done, µs (null sink).
    pub sink_max_late_us: f64,
    /// Stream errors the device reported.
    pub sink_errors: u64,
    /// Output latency: pipeline latency plus the device buffer, ms.
    pub output_latency_ms: f64,
}

impl MetricsSnapshot {
    /// Upper bound of the callback duration below which a fraction `p` (0..=1) of the
    /// calls fell, µs (a bucket edge; `None` before the first callback).
    pub fn callback_percentile_us(&self, p: f64) -> Option<f64> {
        let total: u64 = self.callback_us_histogram.iter().sum();
        if total == 0 {
            return None;
        }
        let want = (p.clamp(0.0, 1.0) * total as f64).ceil() as u64;
        let mut seen = 0;
        for (k, n) in self.callback_us_histogram.iter().enumerate() {
            seen += n;
            if seen >= want.max(1) {
                return Some((1u64 << k) as f64);
            }
        }
        Some((1u64 << (HISTOGRAM_BUCKETS - 1)) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_powers_of_two_microseconds() {
        assert_eq!(bucket(0), 0);
        assert_eq!(bucket(999), 0);
        assert_eq!(bucket(1_000), 1);
        assert_eq!(bucket(1_999), 1);
        assert_eq!(bucket(2_000), 2);
        assert_eq!(bucket(3_999), 2);
        assert_eq!(bucket(1_000_000), 10);
        assert_eq!(bucket(u64::MAX), HISTOGRAM_BUCKETS - 1);
    }

    #[test]
    fn load_misses_and_percentiles() {
        let m = Metrics::default();
        for _ in 0..99 {
            m.record_callback(128, 500_000, 2_666_667); // 500 µs of 2.67 ms
        }
        m.record_callback(128, 3_000_000, 2_666_667); // one miss
        m.record_clipped(1, 3);
        let s = m.snapshot(2);
        assert_eq!(s.callbacks, 100);
        assert_eq!(s.deadline_misses, 1);
        assert!((s.load_max - 1.125).abs() < 1e-3);
        assert!((s.load_mean - (99.0 * 0.5 + 3.0) / (100.0 * 2.666_667)).abs() < 1e-3);
        assert_eq!(s.clipped, vec![0, 3]);
        // 500 µs lies in [256, 512): the 99th percentile is 512 µs, the max 4096 µs.
        assert_eq!(s.callback_percentile_us(0.99), Some(512.0));
        assert_eq!(s.callback_percentile_us(1.0), Some(4096.0));
    }
}
