//! Pitch (YIN) with note mapping, for a tuner.
//!
//! `vx_pitch_new` takes the sample rate, window, hop, range and reference A4; per batch
//! `vx_pitch_process` runs every frame the batch completes and keeps the last one in the
//! result area ([`RESULT_SLOTS`] `f64`s, indices `RESULT_*`), with the note name as
//! NUL-terminated ASCII at `vx_pitch_note`.

use vortex_analysis::note::NoteMapper;
use vortex_analysis::pitch::{PitchConfig, PitchDetector, PitchFrame};

use crate::error;
use crate::handle::{Handle, handle_exports};

/// Slot: centre of the last frame's window, seconds since the detector started.
pub const RESULT_TIME_S: usize = 0;
/// Slot: fundamental frequency, Hz (0 when unvoiced).
pub const RESULT_F0_HZ: usize = 1;
/// Slot: confidence, 0..=1.
pub const RESULT_CONFIDENCE: usize = 2;
/// Slot: 1 when voiced, else 0.
pub const RESULT_VOICED: usize = 3;
/// Slot: MIDI note number (A4 = 69); 0 when unvoiced.
pub const RESULT_MIDI: usize = 4;
/// Slot: offset from the note, cents, in [-50, +50); 0 when unvoiced.
pub const RESULT_CENTS: usize = 5;
/// Slot: octave in scientific pitch notation (C4 is middle C); 0 when unvoiced.
pub const RESULT_OCTAVE: usize = 6;
/// Slot: frames completed by the last batch (0: the slots above are from an earlier one).
pub const RESULT_FRAMES: usize = 7;
/// Number of result slots.
pub const RESULT_SLOTS: usize = 8;

/// A pitch detector and the note mapping of its frames.
pub struct Tuner {
    detector: PitchDetector,
    notes: NoteMapper,
    /// Note name of the last voiced frame, NUL-terminated (`"A#\0\0"`); all NUL when
    /// the last frame was unvoiced.
    note: [u8; 4],
}

/// The tuner's handle.
pub type PitchHandle = Handle<Tuner, RESULT_SLOTS>;

handle_exports!(PitchHandle, "tuner", free: vx_pitch_free, input: vx_pitch_input, result: vx_pitch_result);

impl Tuner {
    /// Records `frame` in `result` and the note name.
    fn record(&mut self, frame: &PitchFrame, result: &mut [f64; RESULT_SLOTS]) {
        result[RESULT_TIME_S] = frame.time_s;
        result[RESULT_F0_HZ] = frame.f0_hz;
        result[RESULT_CONFIDENCE] = frame.confidence;
        result[RESULT_VOICED] = f64::from(u8::from(frame.voiced));
        self.note = [0; 4];
        let note = frame.voiced.then(|| self.notes.map(frame.f0_hz)).flatten();
        let (midi, cents, octave) = match note {
            Some(note) => {
                self.note[..note.name.len()].copy_from_slice(note.name.as_bytes());
                (note.midi, note.cents, note.octave)
            }
            None => (0, 0.0, 0),
        };
        result[RESULT_MIDI] = f64::from(midi);
        result[RESULT_CENTS] = cents;
        result[RESULT_OCTAVE] = f64::from(octave);
    }
}

/// A tuner at `sample_rate` Hz with a `window` and `hop` in samples, a search range
/// `f_min_hz..f_max_hz` and reference `a4_hz` (415..=466); other settings are
/// [`PitchConfig`]'s defaults. Null on a bad setting (see `vx_last_error`).
#[unsafe(no_mangle)]
pub extern "C" fn vx_pitch_new(
    sample_rate: f64,
    window: u32,
    hop: u32,
    f_min_hz: f64,
    f_max_hz: f64,
    a4_hz: f64,
) -> *mut PitchHandle {
    let cfg = PitchConfig {
        window: window as usize,
        hop: hop as usize,
        f_min_hz,
        f_max_hz,
        ..PitchConfig::default()
    };
    let built = PitchDetector::new(&cfg, sample_rate)
        .and_then(|detector| Ok((detector, NoteMapper::new(a4_hz)?)));
    match built {
        Ok((detector, notes)) => PitchHandle::into_raw(Tuner {
            detector,
            notes,
            note: [0; 4],
        }),
        Err(e) => {
            error::set(e);
            std::ptr::null_mut()
        }
    }
}

/// Analyses the first `len` samples of the input area (at most `vx_max_batch()`);
/// returns how many frames they completed (the result holds the last).
///
/// # Safety
/// `handle` is null or a live tuner.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vx_pitch_process(handle: *mut PitchHandle, len: u32) -> u32 {
    // SAFETY: forwarded contract.
    let Some(h) = (unsafe { PitchHandle::get(handle) }) else {
        return 0;
    };
    h.process(len, |tuner, samples, result| {
        let mut frames = 0u32;
        let mut last = None;
        tuner.detector.process(samples, |frame| {
            frames += 1;
            last = Some(*frame);
        });
        if let Some(frame) = last {
            tuner.record(&frame, result);
        }
        result[RESULT_FRAMES] = f64::from(frames);
        frames
    })
}

/// Address of the last frame's note name: 4 bytes of ASCII, NUL-padded (`"A#"`), all NUL
/// when unvoiced; null for a null handle.
///
/// # Safety
/// `handle` is null or a live tuner.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vx_pitch_note(handle: *mut PitchHandle) -> *const u8 {
    // SAFETY: forwarded contract.
    unsafe { PitchHandle::get(handle) }.map_or(std::ptr::null(), |h| h.analyzer().note.as_ptr())
}

/// Sets the reference A4, Hz (415..=466), for the next frames. Returns 0, or -1 on a bad
/// value or null handle (see `vx_last_error`).
///
/// # Safety
/// `handle` is null or a live tuner.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vx_pitch_set_a4(handle: *mut PitchHandle, a4_hz: f64) -> i32 {
    // SAFETY: forwarded contract.
    let Some(h) = (unsafe { PitchHandle::get(handle) }) else {
        error::set("vx_pitch_set_a4: null handle");
        return -1;
    };
    match NoteMapper::new(a4_hz) {
        Ok(notes) => {
            h.analyzer().notes = notes;
            0
        }
        Err(e) => {
            error::set(e);
            -1
        }
    }
}

/// Forgets all samples (the next frame needs a full window). Does nothing for null.
///
/// # Safety
/// `handle` is null or a live tuner.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vx_pitch_reset(handle: *mut PitchHandle) {
    // SAFETY: forwarded contract.
    if let Some(h) = unsafe { PitchHandle::get(handle) } {
        h.analyzer().detector.reset();
        h.analyzer().note = [0; 4];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::with_last_error;
    use crate::test_signal::sine;

    /// Runs `signal` through a fresh default tuner at `fs` in batches of `batch`; returns
    /// the result slots and note name after the last batch.
    fn tune(signal: &[f32], fs: f64, batch: usize) -> ([f64; RESULT_SLOTS], String) {
        let h = vx_pitch_new(fs, 2048, 1024, 40.0, 2000.0, 440.0);
        assert!(!h.is_null());
        // SAFETY: `h` is live until freed below.
        let handle = unsafe { PitchHandle::get(h) }.unwrap();
        for chunk in signal.chunks(batch) {
            let n = handle.write_input(chunk);
            // No allocation per batch.
            assert_no_alloc::assert_no_alloc(|| unsafe { vx_pitch_process(h, n) });
        }
        let result = *handle.result();
        // SAFETY: the note area is 4 bytes.
        let note = unsafe { std::slice::from_raw_parts(vx_pitch_note(h), 4) };
        let name =
            String::from_utf8(note.iter().copied().take_while(|&b| b != 0).collect()).unwrap();
        unsafe { vx_pitch_free(h) };
        (result, name)
    }

    #[test]
    fn a_440_hz_tone_is_a4() {
        let (r, name) = tune(&sine(440.0, 0.5, 48_000.0, 48 * 1024), 48_000.0, 1024);
        assert_eq!(name, "A");
        assert_eq!(r[RESULT_VOICED], 1.0);
        assert_eq!(r[RESULT_MIDI], 69.0);
        assert_eq!(r[RESULT_OCTAVE], 4.0);
        assert!(r[RESULT_CENTS].abs() < 1.0, "{}", r[RESULT_CENTS]);
        assert!(
            (r[RESULT_F0_HZ] - 440.0).abs() < 0.25,
            "{}",
            r[RESULT_F0_HZ]
        );
        assert_eq!(r[RESULT_FRAMES], 1.0);
    }

    #[test]
    fn middle_c_at_44_1_khz_with_big_batches() {
        let (r, name) = tune(&sine(261.63, 0.3, 44_100.0, 11 * 4096), 44_100.0, 4096);
        assert_eq!(name, "C");
        assert_eq!(r[RESULT_OCTAVE], 4.0);
        assert_eq!(r[RESULT_MIDI], 60.0);
        assert_eq!(
            r[RESULT_FRAMES], 4.0,
            "4096 samples complete 4 hops of 1024"
        );
    }

    #[test]
    fn silence_is_unvoiced_without_a_note() {
        let (r, name) = tune(&vec![0.0; 8192], 48_000.0, 1024);
        assert_eq!(r[RESULT_VOICED], 0.0);
        assert_eq!(r[RESULT_F0_HZ], 0.0);
        assert_eq!(name, "");
    }

    #[test]
    fn reference_pitch_moves_the_cents() {
        let h = vx_pitch_new(48_000.0, 2048, 1024, 40.0, 2000.0, 440.0);
        assert_eq!(unsafe { vx_pitch_set_a4(h, 415.0) }, 0);
        let handle = unsafe { PitchHandle::get(h) }.unwrap();
        for chunk in sine(415.0, 0.5, 48_000.0, 8192).chunks(1024) {
            let n = handle.write_input(chunk);
            unsafe { vx_pitch_process(h, n) };
        }
        let r = *handle.result();
        assert_eq!(r[RESULT_MIDI], 69.0, "415 Hz is A4 at A4 = 415");
        assert!(r[RESULT_CENTS].abs() < 1.0);
        assert_eq!(unsafe { vx_pitch_set_a4(h, 500.0) }, -1);
        assert!(with_last_error(|e| e.contains("a4_hz")));
        unsafe { vx_pitch_free(h) };
    }

    #[test]
    fn a_bad_setting_is_null_with_the_reason() {
        let h = vx_pitch_new(48_000.0, 256, 128, 40.0, 2000.0, 440.0);
        assert!(h.is_null());
        assert!(
            with_last_error(|e| e.contains("window")),
            "{}",
            with_last_error(str::to_owned)
        );
        // Null handles are harmless.
        assert_eq!(unsafe { vx_pitch_process(h, 10) }, 0);
        assert!(unsafe { vx_pitch_result(h) }.is_null());
        unsafe { vx_pitch_free(h) };
    }
}
