//! `vortex bench --realtime`: the real-time engine on the reference workload (a
//! 65 536-tap FIR and 16 biquads per channel, 48 kHz stereo) into the paced null sink,
//! at several period sizes, optionally with another thread keeping a core busy.
//! Reports the callback's load and the underruns at each size, and beside them the
//! worst stall an idle thread of the same real-time priority saw meanwhile (the
//! platform's share of any late period).

use vortex_engine::reference_load::{
    LoadRun, REFERENCE_TAPS, reference_pipeline, run_reference_load,
};

/// What to run.
pub struct RealtimeBench<'a> {
    /// Period sizes, frames (each a power of two).
    pub blocks: &'a [usize],
    /// Device buffer, periods.
    pub periods: usize,
    /// Seconds per period size.
    pub seconds: f64,
    /// Keep a core busy meanwhile.
    pub busy: bool,
    /// Where to write the reference IR.
    pub dir: &'a std::path::Path,
}

/// Runs the benchmark and prints one row per period size.
pub fn run(b: &RealtimeBench<'_>) -> Result<(), String> {
    const FS: u32 = 48_000;
    let pipeline = reference_pipeline(b.dir, FS, REFERENCE_TAPS)?;
    println!(
        "reference load: {REFERENCE_TAPS}-tap FIR + 16 biquads per channel, {FS} Hz stereo, \
         {} periods, {:.0} s per size, busy core: {}",
        b.periods, b.seconds, b.busy
    );
    println!(
        "{:>6} {:>9} {:>9} {:>9} {:>11} {:>9} {:>10} {:>6} {:>11} {:>11} {:>18}",
        "period",
        "callbacks",
        "load avg",
        "load max",
        "max us",
        "p99 us",
        "underruns",
        "xruns",
        "late max us",
        "latency ms",
        "platform stall ms"
    );
    for &block in b.blocks {
        let run = LoadRun {
            sample_rate: FS,
            period_frames: block,
            periods: b.periods,
            seconds: b.seconds,
            busy_core: b.busy,
        };
        let report = run_reference_load(&pipeline, &run)?;
        for n in &report.notices {
            eprintln!("note: {n}");
        }
        let (m, stall_ms) = (&report.metrics, report.platform_stall_ms);
        println!(
            "{:>6} {:>9} {:>8.2}% {:>8.1}% {:>11.0} {:>9.0} {:>10} {:>6} {:>11.0} {:>11.2} {:>18.2}",
            block,
            m.callbacks,
            m.load_mean * 100.0,
            m.load_max * 100.0,
            m.callback_max_us,
            m.callback_percentile_us(0.99).unwrap_or(0.0),
            m.underruns,
            m.sink_xruns,
            m.sink_max_late_us,
            m.output_latency_ms,
            stall_ms
        );
    }
    Ok(())
}
