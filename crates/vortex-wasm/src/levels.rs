//! Levels of one (mono) signal: RMS, sample peak, true peak, peak hold, clips and level
//! class, in dBFS, with [`LevelConfig`]'s defaults (300 ms RMS window, BS.1770 true peak).
//!
//! `vx_levels_process` meters a batch and writes the readings into the result area
//! ([`RESULT_SLOTS`] `f64`s, indices `RESULT_*`).

use vortex_analysis::levels::{LevelClass, LevelConfig, LevelMeter};

use crate::error;
use crate::handle::{Handle, handle_exports};

/// Slot: RMS over the window, dBFS.
pub const RESULT_RMS_DB: usize = 0;
/// Slot: sample peak of the last batch, dBFS.
pub const RESULT_PEAK_DB: usize = 1;
/// Slot: true peak of the last batch (4x oversampled), dBTP.
pub const RESULT_TRUE_PEAK_DB: usize = 2;
/// Slot: held peak, dBFS (holds, then decays).
pub const RESULT_PEAK_HOLD_DB: usize = 3;
/// Slot: clipped samples since the meter started.
pub const RESULT_CLIPS: usize = 4;
/// Slot: level class: 0 silent, 1 quiet, 2 normal, 3 loud, 4 clipping.
pub const RESULT_CLASS: usize = 5;
/// Slot: confidence of the class, 0..=1.
pub const RESULT_CONFIDENCE: usize = 6;
/// Number of result slots.
pub const RESULT_SLOTS: usize = 7;

/// The level meter's handle.
pub type LevelsHandle = Handle<LevelMeter, RESULT_SLOTS>;

handle_exports!(LevelsHandle, "meter", free: vx_levels_free, input: vx_levels_input, result: vx_levels_result);

/// The index of `class` in [`RESULT_CLASS`].
fn class_index(class: LevelClass) -> f64 {
    match class {
        LevelClass::Silent => 0.0,
        LevelClass::Quiet => 1.0,
        LevelClass::Normal => 2.0,
        LevelClass::Loud => 3.0,
        LevelClass::Clipping => 4.0,
    }
}

/// A mono meter at `sample_rate` Hz (1000..=768000). Null on a bad rate (see
/// `vx_last_error`).
#[unsafe(no_mangle)]
pub extern "C" fn vx_levels_new(sample_rate: f64) -> *mut LevelsHandle {
    match LevelMeter::new(&LevelConfig::default(), sample_rate, 1) {
        Ok(meter) => LevelsHandle::into_raw(meter),
        Err(e) => {
            error::set(e);
            std::ptr::null_mut()
        }
    }
}

/// Meters the first `len` samples of the input area and updates the result area.
///
/// # Safety
/// `handle` is null or a live meter.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vx_levels_process(handle: *mut LevelsHandle, len: u32) {
    // SAFETY: forwarded contract.
    let Some(h) = (unsafe { LevelsHandle::get(handle) }) else {
        return;
    };
    h.process(len, |meter, samples, result| {
        meter.process(&[samples]);
        let now = meter.channel(0);
        result[RESULT_RMS_DB] = f64::from(now.rms_db);
        result[RESULT_PEAK_DB] = f64::from(now.peak_db);
        result[RESULT_TRUE_PEAK_DB] = f64::from(now.true_peak_db);
        result[RESULT_PEAK_HOLD_DB] = f64::from(now.peak_hold_db);
        result[RESULT_CLIPS] = now.clips as f64;
        result[RESULT_CLASS] = class_index(now.class);
        result[RESULT_CONFIDENCE] = f64::from(now.confidence);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::with_last_error;
    use crate::test_signal::sine;

    #[test]
    fn a_sine_reads_its_analytic_levels() {
        let fs = 48_000.0;
        let h = vx_levels_new(fs);
        let handle = unsafe { LevelsHandle::get(h) }.unwrap();
        // Peak 0.5 (-6.02 dBFS), RMS 0.5 / sqrt(2) (-9.03 dBFS).
        for chunk in sine(1000.0, 0.5, fs, 48_000).chunks(1024) {
            let n = handle.write_input(chunk);
            assert_no_alloc::assert_no_alloc(|| unsafe { vx_levels_process(h, n) });
        }
        let r = *handle.result();
        let peak = 20.0 * 0.5f64.log10();
        let rms = 20.0 * (0.5 / 2f64.sqrt()).log10();
        assert!(
            (r[RESULT_PEAK_DB] - peak).abs() < 0.01,
            "{}",
            r[RESULT_PEAK_DB]
        );
        assert!(
            (r[RESULT_RMS_DB] - rms).abs() < 0.01,
            "{}",
            r[RESULT_RMS_DB]
        );
        assert!(r[RESULT_TRUE_PEAK_DB] >= r[RESULT_PEAK_DB] - 1e-6);
        assert_eq!(r[RESULT_CLIPS], 0.0);
        assert_eq!(r[RESULT_CLASS], 3.0, "-9 dBFS RMS is loud");
        unsafe { vx_levels_free(h) };
    }

    #[test]
    fn full_scale_counts_clips() {
        let h = vx_levels_new(44_100.0);
        let handle = unsafe { LevelsHandle::get(h) }.unwrap();
        let n = handle.write_input(&[1.0; 512]);
        unsafe { vx_levels_process(h, n) };
        let r = *handle.result();
        assert!(r[RESULT_CLIPS] > 0.0);
        assert_eq!(r[RESULT_CLASS], 4.0);
        unsafe { vx_levels_free(h) };
    }

    #[test]
    fn a_bad_rate_is_null_with_the_reason() {
        assert!(vx_levels_new(10.0).is_null());
        assert!(with_last_error(|e| e.contains("sample_rate")));
        unsafe { vx_levels_process(std::ptr::null_mut(), 10) };
    }
}
