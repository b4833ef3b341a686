//! REW (Room EQ Wizard) "Filter Settings file" text exports.
//!
//! An export (EQ window, *Export filter settings as text*) looks like:
//!
//! ```text
//! Filter Settings file
//!
//! Room EQ V5.20.8
//! Dated: 2022/6/7 11:26:51
//!
//! Notes:
//!
//! Equaliser: Generic
//! JamBox avg
//! Filter  1: ON  PK       Fc   321.0 Hz  Gain  -1.90 dB  Q  1.554
//! Filter  2: ON  None
//! ```
//!
//! Everything before the first `Filter` line is header (format line,
//! version, date, notes, equaliser, measurement name) and is not imported.
//! Numbers follow the locale of the computer that exported the file:
//! `Room EQ V5,01` / `Gain -5,4 dB` / `Fc 1 276 Hz` (no-break-space digit
//! groups) from a Norwegian Windows, for instance.

use super::{Dialect, EqBuilder, EqFormat, ImportError, ImportedEq, NumberStyle, keyword};

/// Parses a REW "Filter Settings file" text export.
///
/// `source` names the text in warnings and errors (usually the file path).
///
/// - Header lines before the first `Filter` line are skipped silently.
/// - `Filter  N: ON|OFF <type> …` lines become [`super::ImportedFilter`]s,
///   `OFF` ones with `enabled: false`. REW's type names are all accepted:
///   `PK`, `PEQ`, `Modal` (its `T60 target` is informational), `LP`, `HP`,
///   `LP Q`, `HP Q`, `LP1`, `HP1`, `LS`, `HS`, `LS Q`, `HS Q`, `LS 6dB`,
///   `HS 6dB`, `LS 12dB`, `HS 12dB`, `Notch`, `Notch Q`, `All pass`, plus
///   the EqualizerAPO spellings. `None` slots are skipped; `L-T` (Linkwitz
///   transform) and unknown types are skipped with a warning.
/// - `BW Oct <octaves>` is kept as a bandwidth; `BW/60 <n>` (BFD DSP1124P)
///   becomes Q = 60 / (n·√2), from REW's definitions (bandwidth between the
///   half-gain points = Fc·(BW/60)·√2, and Q = Fc / that bandwidth).
/// - `Preamp:` lines add up, as in EqualizerAPO.
/// - Other lines after the first filter are skipped with a warning.
///
/// The decimal separator is the one the file's `Gain`/`Q`/`BW Oct` values
/// and `Room EQ V…` line use (`.` when they do not tell); the other of `.`
/// and `,`, spaces and no-break spaces are taken as digit grouping.
///
/// # Errors
///
/// As [`parse_equalizer_apo`](super::parse_equalizer_apo).
pub fn parse_rew(text: &str, source: &str) -> Result<ImportedEq, ImportError> {
    let mut eq = EqBuilder::new(source, detect_number_style(text), Dialect::Rew);
    let mut in_header = true;
    for (index, line) in super::text_lines(text).enumerate() {
        let line_no = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let command = line.split_once(':').map(|(k, v)| (k.trim(), v));
        match command {
            Some((key, value)) if super::is_filter_key(key) => {
                in_header = false;
                eq.filter(line_no, value)?;
            }
            Some((key, value)) if key.eq_ignore_ascii_case("Preamp") => {
                eq.preamp(line_no, value)?;
            }
            _ if in_header => {}
            _ => eq.warn(
                line_no,
                format_args!("ignored `{trimmed}`: not a filter line"),
            ),
        }
    }
    eq.finish(EqFormat::Rew)
}

/// Whether the export uses a decimal comma: looks at the values after
/// `Gain`, `Q` and `Oct`, which REW always writes with decimals, and at the
/// `Room EQ V5.01` / `V5,01` line.
fn detect_number_style(text: &str) -> NumberStyle {
    let (mut commas, mut points) = (0usize, 0usize);
    let mut vote = |tok: &str| match (tok.contains(','), tok.contains('.')) {
        (true, false) => commas += 1,
        (false, true) => points += 1,
        _ => {}
    };
    for line in super::text_lines(text).map(str::trim) {
        if let Some(version) = line.strip_prefix("Room EQ V") {
            vote(version.split_whitespace().next().unwrap_or(""));
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !super::is_filter_key(key.trim()) {
            continue;
        }
        let toks: Vec<&str> = value.split_whitespace().collect();
        for pair in toks.windows(2) {
            if pair[0].eq_ignore_ascii_case("Oct")
                || matches!(
                    keyword(pair[0]),
                    Some(super::Keyword::Gain | super::Keyword::Q)
                )
            {
                vote(pair[1]);
            }
        }
    }
    if commas > points {
        NumberStyle::RewComma
    } else {
        NumberStyle::RewPoint
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check, data_path};
    use super::super::{
        BUTTERWORTH_Q, DEFAULT_NOTCH_Q, DEFAULT_SHELF_SLOPE_DB, ImportError, ImportedFilter,
        ImportedKind,
    };
    use super::*;

    fn read(name: &str) -> String {
        std::fs::read_to_string(data_path(name)).unwrap()
    }

    /// Checks the shelf-specific fields.
    #[track_caller]
    fn shelf(f: &ImportedFilter, q: Option<f64>, slope_db: Option<f64>, corner: bool) {
        assert_eq!(f.q, q, "{f:?}");
        assert_eq!(f.slope_db, slope_db, "{f:?}");
        assert_eq!(f.freq_is_corner, corner, "{f:?}");
    }

    #[test]
    fn import_rew_v5_40_export_with_every_generic_type() {
        use ImportedKind::*;
        let eq = parse_rew(&read("rew_V5.40_generic_all_types.txt"), "all.txt").unwrap();
        assert_eq!(eq.format, EqFormat::Rew);
        assert_eq!(eq.preamp_db, 0.0);
        assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
        // Filter 17 and the two trailing slots are `None`.
        assert_eq!(eq.filters.len(), 19);
        let f = &eq.filters;
        assert!(f.iter().all(|f| f.enabled));
        let lines: Vec<usize> = f.iter().map(|f| f.line).collect();
        let want_lines: Vec<usize> = (10..=25).chain(27..=29).collect();
        assert_eq!(lines, want_lines);

        check(&f[0], Peaking, 20.0, Some(-7.0), Some(27.585));
        check(&f[1], Peaking, 25.0, Some(27.0), Some(16.139)); // Modal
        check(&f[2], Lowpass, 31.5, None, Some(BUTTERWORTH_Q));
        check(&f[3], Highpass, 40.0, None, Some(BUTTERWORTH_Q));
        check(&f[4], LowpassFirstOrder, 50.0, None, None);
        check(&f[5], HighpassFirstOrder, 63.0, None, None);
        check(&f[6], Lowpass, 80.0, None, Some(0.71)); // LP Q
        check(&f[7], Highpass, 100.0, None, Some(0.71)); // HP Q
        check(&f[8], LowShelf, 125.0, Some(-14.0), None); // LS
        shelf(&f[8], None, Some(DEFAULT_SHELF_SLOPE_DB), false);
        check(&f[9], HighShelf, 160.0, Some(0.0), None); // HS
        shelf(&f[9], None, Some(DEFAULT_SHELF_SLOPE_DB), false);
        check(&f[10], LowShelf, 200.0, Some(0.0), None); // LS 6dB
        shelf(&f[10], None, Some(6.0), true);
        check(&f[11], HighShelf, 250.0, Some(0.0), None); // HS 6dB
        shelf(&f[11], None, Some(6.0), true);
        check(&f[12], LowShelf, 315.0, Some(0.0), None); // LS 12dB
        shelf(&f[12], None, Some(12.0), true);
        check(&f[13], HighShelf, 400.0, Some(0.0), None); // HS 12dB
        shelf(&f[13], None, Some(12.0), true);
        check(&f[14], LowShelf, 500.0, Some(0.0), Some(0.71)); // LS Q
        shelf(&f[14], Some(0.71), None, false);
        check(&f[15], HighShelf, 630.0, Some(0.0), Some(0.71)); // HS Q
        shelf(&f[15], Some(0.71), None, false);
        check(&f[16], Notch, 1000.0, None, Some(DEFAULT_NOTCH_Q));
        check(&f[17], Notch, 1250.0, None, Some(0.71)); // Notch Q
        check(&f[18], Allpass, 1600.0, None, Some(0.71)); // All pass
        assert!(f.iter().all(|f| f.bandwidth_oct.is_none()));
    }

    #[test]
    fn import_rew_v5_31_export_with_linkwitz_transform() {
        use ImportedKind::*;
        let eq = parse_rew(&read("rew_V5.31_generic_all_types.txt"), "all.txt").unwrap();
        // L-T is the only thing not imported.
        assert_eq!(eq.warnings.len(), 1, "{:?}", eq.warnings);
        assert!(
            eq.warnings[0]
                .starts_with("all.txt:29: filter type `L-T` (Linkwitz transform) is not supported"),
            "{:?}",
            eq.warnings
        );
        let f = &eq.filters;
        assert_eq!(f.len(), 19);
        #[rustfmt::skip]
        let want = [
            (Peaking, 53.90, Some(0.0), Some(10.0)),
            (Peaking, 89.40, Some(0.0), Some(12.197)),
            (Lowpass, 145.5, None, Some(BUTTERWORTH_Q)),
            (Highpass, 166.0, None, Some(BUTTERWORTH_Q)),
            (LowpassFirstOrder, 300.0, None, None),
            (HighpassFirstOrder, 370.0, None, None),
            (Lowpass, 100.0, None, Some(0.707)),
            (Highpass, 100.0, None, Some(0.707)),
            (LowShelf, 1325.0, Some(0.0), None),
            (HighShelf, 160.0, Some(0.0), None),
            (LowShelf, 200.0, Some(0.0), None),
            (HighShelf, 250.0, Some(0.0), None),
            (LowShelf, 315.0, Some(0.0), None),
            (HighShelf, 400.0, Some(0.0), None),
            (LowShelf, 500.0, Some(0.0), Some(0.707)),
            (HighShelf, 630.0, Some(0.0), Some(0.707)),
            (Notch, 800.0, None, Some(DEFAULT_NOTCH_Q)),
            (Notch, 100.0, None, Some(0.707)),
            (Allpass, 100.0, None, Some(0.707)),
        ];
        for (i, (filter, &(kind, fc, gain, q))) in f.iter().zip(&want).enumerate() {
            check(filter, kind, fc, gain, q);
            assert_eq!(filter.line, i + 10);
        }
        let slopes: Vec<Option<f64>> = f[8..14].iter().map(|f| f.slope_db).collect();
        let d = Some(DEFAULT_SHELF_SLOPE_DB);
        assert_eq!(slopes, [d, d, Some(6.0), Some(6.0), Some(12.0), Some(12.0)]);
        let corners: Vec<bool> = f[8..16].iter().map(|f| f.freq_is_corner).collect();
        assert_eq!(
            corners,
            [false, false, true, true, true, true, false, false]
        );
    }

    #[test]
    fn import_rew_header_variants_and_whitespace() {
        let text = "Filter Settings file\r\n\r\nRoom EQ V5.31.3\r\nDated: Jan 8, 2025 11:32:39 AM\r\n\r\n\
                    Notes:92.7\r\n\r\nEqualiser: miniDSP 2x4 HD\r\nRMS Average bassMax\r\n\
                    Filter  1: ON  PK       Fc   45.80 Hz  Gain   3.00 dB  Q  1.000\r\n\
                    Filter  2: ON  PK       Fc   48.75 Hz  Gain  -5.50 dB  Q 22.248\r\n\
                    Filter 10: ON  PK       Fc    8368 Hz  Gain  -3.50 dB  Q  1.000\r\n\
                    Filter\t11:\tOFF\tPK\tFc\t38.8\tHz\tGain\t3.00\tdB\tQ\t5.00\r\n";
        let eq = parse_rew(text, "minidsp.txt").unwrap();
        assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
        let f = &eq.filters;
        assert_eq!(f.len(), 4);
        check(&f[0], ImportedKind::Peaking, 45.8, Some(3.0), Some(1.0));
        check(
            &f[1],
            ImportedKind::Peaking,
            48.75,
            Some(-5.5),
            Some(22.248),
        );
        check(&f[2], ImportedKind::Peaking, 8368.0, Some(-3.5), Some(1.0));
        check(&f[3], ImportedKind::Peaking, 38.8, Some(3.0), Some(5.0));
        assert!(!f[3].enabled);
        assert_eq!(f[3].line, 13);
    }

    #[test]
    fn import_rew_bw60_and_annotations() {
        // BFD DSP1124P style: frequency annotation, units attached, BW/60.
        let text = "Equaliser: DSP1124P\n\
                    Filter 1: ON  PK   Fc   129.1Hz (  125 +2 )   Gain -18.5dB  BW/60  4.0\n\
                    Filter 2: ON  PK   Fc    99.1Hz (  100 -1 )   Gain  -3.5dB  BW/60 60\n";
        let eq = parse_rew(text, "bfd.txt").unwrap();
        assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
        let q1 = 60.0 / (4.0 * std::f64::consts::SQRT_2);
        check(
            &eq.filters[0],
            ImportedKind::Peaking,
            129.1,
            Some(-18.5),
            Some(q1),
        );
        check(
            &eq.filters[1],
            ImportedKind::Peaking,
            99.1,
            Some(-3.5),
            Some(1.0 / std::f64::consts::SQRT_2),
        );
    }

    #[test]
    fn import_rew_decimal_comma_detection() {
        assert_eq!(
            detect_number_style(&read("rew_V5.01_FBQ2496_comma_locale.txt")),
            NumberStyle::RewComma
        );
        assert_eq!(
            detect_number_style(&read("rew_V5.01_generic_hometheatershack.txt")),
            NumberStyle::RewPoint
        );
        assert_eq!(
            detect_number_style("Room EQ V5,01\n"),
            NumberStyle::RewComma
        );
        assert_eq!(
            detect_number_style("Filter 1: ON LP Fc 1,275 Hz\n"),
            NumberStyle::RewPoint
        );

        // German locale: `.` groups digits, `,` is the decimal mark.
        let text = "Room EQ V5,20\nFilter  1: ON  PK  Fc   1.275 Hz  Gain  -5,40 dB  Q  2,500\n\
                    Filter  2: ON  PK  Fc   63,80 Hz  Gain  2,00 dB  Q  10,000\n";
        let eq = parse_rew(text, "de.txt").unwrap();
        assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
        check(
            &eq.filters[0],
            ImportedKind::Peaking,
            1275.0,
            Some(-5.4),
            Some(2.5),
        );
        check(
            &eq.filters[1],
            ImportedKind::Peaking,
            63.8,
            Some(2.0),
            Some(10.0),
        );

        // English locale with grouping: `,` groups digits.
        let text = "Room EQ V5.20\nFilter  1: ON  PK  Fc   12,750 Hz  Gain  -5.40 dB  Q  2.500\n";
        let eq = parse_rew(text, "en.txt").unwrap();
        check(
            &eq.filters[0],
            ImportedKind::Peaking,
            12750.0,
            Some(-5.4),
            Some(2.5),
        );

        // French (newer Java): narrow no-break space groups.
        let text = "Filter  1: ON  PK  Fc   12\u{202f}750 Hz  Gain  -5,40 dB  Q  2,500\n";
        let eq = parse_rew(text, "fr.txt").unwrap();
        check(
            &eq.filters[0],
            ImportedKind::Peaking,
            12750.0,
            Some(-5.4),
            Some(2.5),
        );
        assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
    }

    #[test]
    fn import_rew_preamp_none_off_and_trailing_lines() {
        let text = "Filter Settings file\n\nRoom EQ V5.19\nNotes:KEF LS50 IIR\n\nEqualiser: Generic\n\
                    KEF LS50 PIR.txt\nPreamp:\t-1.4 dB\n\
                    Filter  1: ON  PK       Fc     466 Hz  Gain  -0.6 dB  Q 4.209\n\
                    Filter  2: OFF PK       Fc     527 Hz  Gain   2.2 dB  Q 1.889\n\
                    Filter  3: ON  None   \n\
                    Filter  4: OFF None\n\
                    Average 1\n\
                    Preamp: -0.6 dB\n";
        let eq = parse_rew(text, "kef.txt").unwrap();
        assert!((eq.preamp_db - (-2.0)).abs() < 1e-12);
        assert_eq!(eq.filters.len(), 2);
        assert!(eq.filters[0].enabled);
        assert!(!eq.filters[1].enabled);
        check(
            &eq.filters[1],
            ImportedKind::Peaking,
            527.0,
            Some(2.2),
            Some(1.889),
        );
        assert_eq!(
            eq.warnings,
            ["kef.txt:13: ignored `Average 1`: not a filter line"]
        );
    }

    #[test]
    fn import_rew_unknown_types_and_errors() {
        let eq = parse_rew(
            "Filter 1: ON  XO  Fc 100 Hz\nFilter 2: ON  PK Fc 1 kHz Gain 1 dB Q 1\n",
            "x.txt",
        )
        .unwrap();
        assert_eq!(
            eq.warnings,
            ["x.txt:1: unknown filter type `XO`; filter skipped"]
        );
        check(
            &eq.filters[0],
            ImportedKind::Peaking,
            1000.0,
            Some(1.0),
            Some(1.0),
        );

        let err = parse_rew(
            "Filter Settings file\nFilter  1: ON  PK  Fc 1O0 Hz  Gain 1 dB  Q 1\n",
            "x.txt",
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "x.txt:2: malformed Fc value `1O0`");
        let err = parse_rew("Filter  1: ON  LS 6dB  Fc 100 Hz\n", "x.txt").unwrap_err();
        assert_eq!(err.to_string(), "x.txt:1: LS 6dB filter has no Gain");
        let err = parse_rew("Filter  1: ON  All pass  Fc 100 Hz\n", "x.txt").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.txt:1: All pass filter has no Q or BW Oct"
        );
        let err = parse_rew("Filter Settings file\nRoom EQ V5.20\nNotes:\n", "x.txt").unwrap_err();
        assert!(matches!(err, ImportError::NoEqContent { .. }), "{err:?}");
    }
}
