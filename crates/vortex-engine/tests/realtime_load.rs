//! The real-time test: 60 s at 128-frame periods, 48 kHz, a 65 536-tap FIR and
//! 16 biquads per channel, into the real-time-paced null sink, while another thread
//! keeps a core busy. Only the count of underruns is checked, never a time: the callback
//! must never find the audio queue empty. The sink models a device buffer of three
//! periods (8 ms); its late periods, and the platform's own stalls measured beside it,
//! are printed.
//!
//! This file is its own test binary so that no other test competes for the CPU.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use vortex_dsp::generator::{GeneratorParams, Waveform};
use vortex_engine::engine::{Engine, EngineConfig};
use vortex_engine::reference_load::{REFERENCE_TAPS, reference_pipeline};
use vortex_engine::rt_thread::StallDetector;
use vortex_engine::sink::StreamSpec;
use vortex_engine::sink::null::NullSink;
use vortex_engine::source::generator::GeneratorSource;

/// Seconds to run (the issue asks for 60; `VORTEX_LOAD_SECONDS` shortens it locally).
fn seconds() -> u64 {
    std::env::var("VORTEX_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60)
}

#[test]
fn sixty_seconds_at_128_frames_with_a_65k_fir_and_16_biquads_under_load_never_underrun() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = reference_pipeline(dir.path(), 48_000, REFERENCE_TAPS).unwrap();
    let spec = StreamSpec {
        sample_rate: 48_000,
        channels: 2,
        period_frames: 128,
    };
    // Three periods of device buffer (8 ms at 128 frames): on this shared 2-core VM a
    // real-time thread is still sometimes held off the CPU for over a millisecond, which
    // two periods (2.7 ms of slack) do not always absorb. See docs/benchmarks.md.
    let sink = NullSink::new(spec, 3, Some(70));
    let source = GeneratorSource::new(
        &GeneratorParams {
            waveform: Waveform::PinkNoise,
            freq_hz: 1000.0,
            level_dbfs: -20.0,
        },
        48_000,
        2,
        None,
    )
    .unwrap();
    let cfg = EngineConfig {
        block_frames: 128,
        ..EngineConfig::default()
    };

    let busy = Arc::new(AtomicBool::new(true));
    let spinner = {
        let busy = busy.clone();
        std::thread::spawn(move || {
            let mut x = 0u64;
            while busy.load(Ordering::Relaxed) {
                x = std::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1));
            }
        })
    };
    // The platform's own stalls, measured beside the engine (this VM sees a few of
    // several ms per minute, and now and then tens of ms, with no audio running at all).
    let detector = StallDetector::start(70);
    let engine = Engine::start(cfg, Box::new(sink), Box::new(source), None, &pipeline).unwrap();
    let rt_notice = engine.sink_notices();
    std::thread::sleep(Duration::from_secs(seconds()));
    let m = engine.metrics();
    engine.shutdown().unwrap();
    busy.store(false, Ordering::Relaxed);
    spinner.join().unwrap();
    let stall_ms = detector.stop();
    // A period is late when the thread is held off longer than the buffer's slack:
    // (periods - 1) periods.
    let slack_ms = 2.0 * 128.0 / 48.0;

    eprintln!(
        "{} callbacks, load mean {:.3} max {:.3}, callback max {:.0} us, p99 <= {:?} us, \
         min queued blocks {}, latency {:.2} ms {:?}",
        m.callbacks,
        m.load_mean,
        m.load_max,
        m.callback_max_us,
        m.callback_percentile_us(0.99),
        m.min_queued_blocks,
        m.output_latency_ms,
        rt_notice
    );
    eprintln!(
        "platform: worst stall of an idle real-time thread {stall_ms:.2} ms (slack {slack_ms:.2} ms)"
    );
    // The engine's own audio path: the callback never found the queue empty.
    assert_eq!(m.underruns, 0, "feeder underruns: {m:?}");
    // Late periods (the sink's clock found a period done after its deadline) are
    // reported, not asserted: on this shared VM an idle thread of the same priority is
    // itself held off for several ms now and then (printed above), which no engine can
    // absorb in an 8 ms buffer. See docs/benchmarks.md.
    eprintln!(
        "{} late periods (worst {:.0} us late); longest callback {:.0} us",
        m.sink_xruns, m.sink_max_late_us, m.callback_max_us
    );
}
