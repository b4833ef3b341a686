//! Frequency to note mapping in twelve-tone equal temperament.
//!
//! A [`NoteMapper`] turns a frequency in Hz into the nearest note of the equal-tempered
//! chromatic scale, tuned to a reference A4 (415 to 466 Hz, concert pitch 440 Hz), plus the
//! offset from that note in cents. Names use sharps (`"C"`, `"C#"`, ... `"B"`) and octaves
//! use scientific pitch notation, where middle C is C4 (MIDI note 60) and an octave starts
//! at C, so B3 is directly below C4. MIDI note numbers follow the usual convention (A4 = 69)
//! whatever the reference frequency.

use crate::error::AnalysisError;

/// Lowest accepted reference frequency for A4, in Hz (baroque pitch is about 415 Hz).
pub const A4_MIN_HZ: f64 = 415.0;
/// Highest accepted reference frequency for A4, in Hz (about one semitone above 440 Hz).
pub const A4_MAX_HZ: f64 = 466.0;
/// Concert pitch: the default A4 reference, in Hz.
pub const A4_CONCERT_HZ: f64 = 440.0;

/// Note names within an octave, starting at C, with sharps.
pub const NOTE_NAMES: [&str; 12] = [
    "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B",
];

/// MIDI note number of A4.
const A4_MIDI: i32 = 69;

/// The equal-tempered note nearest to a frequency, and how far the frequency is from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Note {
    /// Note name within the octave, with sharps: `"C"`, `"C#"`, `"D"`, ... `"B"`.
    pub name: &'static str,
    /// Octave in scientific pitch notation: C4 is middle C, B3 is the note below it.
    /// Negative for very low frequencies (C-1 is MIDI note 0, about 8.18 Hz at A4 = 440 Hz).
    pub octave: i32,
    /// MIDI note number (A4 = 69, C4 = 60). Not limited to 0..=127: frequencies outside
    /// the MIDI range give numbers outside it.
    pub midi: i32,
    /// Offset of the frequency from the note, in cents (1/100 of a semitone), in
    /// [-50, +50): positive when the frequency is sharp of the note. A frequency exactly
    /// halfway between two notes maps to the upper one at -50 cents.
    pub cents: f64,
}

impl std::fmt::Display for Note {
    /// Writes the name and octave, as in `A4` or `C#3` (cents are not written).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.name, self.octave)
    }
}

impl Note {
    /// The note for MIDI note number `midi` with a cents offset of `cents`.
    fn from_midi(midi: i32, cents: f64) -> Self {
        Self {
            name: NOTE_NAMES[midi.rem_euclid(12) as usize],
            octave: midi.div_euclid(12) - 1,
            midi,
            cents,
        }
    }
}

/// Maps frequencies to notes for one A4 reference tuning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoteMapper {
    a4_hz: f64,
}

impl Default for NoteMapper {
    /// Concert pitch, A4 = 440 Hz.
    fn default() -> Self {
        Self {
            a4_hz: A4_CONCERT_HZ,
        }
    }
}

impl NoteMapper {
    /// A mapper tuned to `a4_hz`, the frequency of A4 in Hz, which must be finite and in
    /// [`A4_MIN_HZ`]..=[`A4_MAX_HZ`] (415..=466 Hz). Errors name the field `a4_hz`.
    pub fn new(a4_hz: f64) -> Result<Self, AnalysisError> {
        if !a4_hz.is_finite() || !(A4_MIN_HZ..=A4_MAX_HZ).contains(&a4_hz) {
            return Err(AnalysisError::new(
                "a4_hz",
                format!(
                    "reference A4 frequency {a4_hz} Hz is outside {A4_MIN_HZ}..={A4_MAX_HZ} Hz"
                ),
            ));
        }
        Ok(Self { a4_hz })
    }

    /// The reference frequency of A4, in Hz.
    pub fn a4_hz(&self) -> f64 {
        self.a4_hz
    }

    /// The nearest note to `freq_hz` (Hz) and its offset in cents, or `None` when the
    /// frequency is not finite or not positive. Does not allocate.
    pub fn map(&self, freq_hz: f64) -> Option<Note> {
        if !freq_hz.is_finite() || freq_hz <= 0.0 {
            return None;
        }
        // Fractional MIDI note number; finite for every positive finite frequency
        // (|log2| <= 1075), so the conversion to i32 below cannot saturate.
        let semis = 12.0 * (freq_hz / self.a4_hz).log2();
        let nearest = (semis + 0.5).floor();
        let cents = (semis - nearest) * 100.0;
        Some(Note::from_midi(A4_MIDI + nearest as i32, cents))
    }

    /// The frequency in Hz of MIDI note `midi` offset by `cents` under this tuning
    /// (the inverse of [`NoteMapper::map`]).
    pub fn frequency(&self, midi: i32, cents: f64) -> f64 {
        self.a4_hz * (((midi - A4_MIDI) as f64 + cents / 100.0) / 12.0).exp2()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a440() -> NoteMapper {
        NoteMapper::new(440.0).unwrap()
    }

    #[test]
    fn a4_is_exact() {
        let n = a440().map(440.0).unwrap();
        assert_eq!((n.name, n.octave, n.midi), ("A", 4, 69));
        assert!(n.cents.abs() < 1e-9, "{}", n.cents);
        assert_eq!(n.to_string(), "A4");
    }

    #[test]
    fn a_sharp_4() {
        let n = a440().map(466.16).unwrap();
        assert_eq!((n.name, n.octave, n.midi), ("A#", 4, 70));
        assert!(n.cents.abs() < 0.1, "{}", n.cents);
        assert_eq!(n.to_string(), "A#4");
    }

    #[test]
    fn slightly_flat_a4() {
        let n = a440().map(439.0).unwrap();
        assert_eq!(n.to_string(), "A4");
        // 1200 * log2(439/440) = -3.939 cents.
        assert!((n.cents - (-3.939)).abs() < 0.01, "{}", n.cents);
    }

    #[test]
    fn baroque_reference() {
        let m = NoteMapper::new(415.0).unwrap();
        assert_eq!(m.a4_hz(), 415.0);
        let n = m.map(415.0).unwrap();
        assert_eq!((n.to_string(), n.midi), ("A4".to_string(), 69));
        assert!(n.cents.abs() < 1e-9);
        // 440 Hz is a semitone above A4 at A = 415 (415 * 2^(1/12) = 439.68 Hz).
        let n = m.map(440.0).unwrap();
        assert_eq!(n.to_string(), "A#4");
        assert!((n.cents - 1200.0 * (440.0f64 / 439.6772).log2()).abs() < 0.01);
        assert!((m.frequency(70, 0.0) - 439.6772).abs() < 1e-3);
    }

    #[test]
    fn middle_c_is_midi_60() {
        let n = a440().map(261.63).unwrap();
        assert_eq!((n.name, n.octave, n.midi), ("C", 4, 60));
        assert!(n.cents.abs() < 0.05, "{}", n.cents);
        assert!((a440().frequency(60, 0.0) - 261.6256).abs() < 1e-3);
    }

    #[test]
    fn octave_boundary_b3_c4() {
        let m = a440();
        let b3 = m.map(246.94).unwrap();
        assert_eq!((b3.to_string(), b3.midi), ("B3".to_string(), 59));
        assert!(b3.cents.abs() < 0.05);
        // Just below / above the quarter tone between B3 and C4.
        let below = m.frequency(59, 49.0);
        let above = m.frequency(59, 51.0);
        let n = m.map(below).unwrap();
        assert_eq!((n.to_string(), n.midi), ("B3".to_string(), 59));
        assert!((n.cents - 49.0).abs() < 1e-6);
        let n = m.map(above).unwrap();
        assert_eq!((n.to_string(), n.midi), ("C4".to_string(), 60));
        assert!((n.cents + 49.0).abs() < 1e-6);
        // And around C0 / B-1 (octave numbers go negative).
        assert_eq!(m.map(m.frequency(11, 0.0)).unwrap().to_string(), "B-1");
        assert_eq!(m.map(m.frequency(12, 0.0)).unwrap().to_string(), "C0");
        assert_eq!(m.map(m.frequency(0, 0.0)).unwrap().to_string(), "C-1");
    }

    #[test]
    fn cents_at_half_semitone_boundaries() {
        let m = a440();
        let n = m.map(m.frequency(69, 49.99)).unwrap();
        assert_eq!(n.midi, 69);
        assert!((n.cents - 49.99).abs() < 1e-6);
        let n = m.map(m.frequency(69, 50.01)).unwrap();
        assert_eq!(n.midi, 70);
        assert!((n.cents + 49.99).abs() < 1e-6);
        let n = m.map(m.frequency(69, -49.99)).unwrap();
        assert_eq!(n.midi, 69);
        assert!((n.cents + 49.99).abs() < 1e-6);
        let n = m.map(m.frequency(69, -50.01)).unwrap();
        assert_eq!(n.midi, 68);
        assert!((n.cents - 49.99).abs() < 1e-6);
        // Exactly halfway: either neighbour, but never outside +-50 cents.
        let n = m.map(m.frequency(69, 50.0)).unwrap();
        assert!(n.midi == 69 || n.midi == 70);
        assert!((n.cents.abs() - 50.0).abs() < 1e-6);
        // A sweep never leaves [-50, 50] and round-trips.
        let mut f = 20.0;
        while f < 20_000.0 {
            let n = m.map(f).unwrap();
            assert!((-50.0..=50.0).contains(&n.cents), "{f}: {}", n.cents);
            assert!((m.frequency(n.midi, n.cents) / f - 1.0).abs() < 1e-9);
            f *= 1.0037;
        }
    }

    #[test]
    fn invalid_inputs() {
        let m = a440();
        for f in [
            0.0,
            -1.0,
            -440.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert!(m.map(f).is_none(), "{f}");
        }
        assert!(m.map(f64::MIN_POSITIVE).is_some());
        assert!(m.map(f64::MAX).is_some());
        for a in [414.9, 466.1, 0.0, -440.0, f64::NAN, f64::INFINITY] {
            let e = NoteMapper::new(a).unwrap_err();
            assert_eq!(e.field, "a4_hz");
        }
        assert!(NoteMapper::new(415.0).is_ok());
        assert!(NoteMapper::new(466.0).is_ok());
        assert_eq!(NoteMapper::default().a4_hz(), 440.0);
    }

    #[test]
    fn sharps_names_in_order() {
        let m = a440();
        let names: Vec<String> = (60..72)
            .map(|k| m.map(m.frequency(k, 0.0)).unwrap().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "C4", "C#4", "D4", "D#4", "E4", "F4", "F#4", "G4", "G#4", "A4", "A#4", "B4"
            ]
        );
        assert_eq!(m.map(138.59).unwrap().to_string(), "C#3");
    }
}
