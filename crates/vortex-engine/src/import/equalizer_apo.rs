//! EqualizerAPO configuration files and AutoEQ's `ParametricEQ.txt`.
//!
//! Line handling follows EqualizerAPO's `FilterEngine::loadConfigFile`: a
//! line is `Command: parameters`, split at the first `:`, the command
//! trimmed. `Preamp` and `Filter…` are imported; see the
//! [module documentation](super) for filter semantics.

use super::{Dialect, EqBuilder, EqFormat, ImportError, ImportedEq, NumberStyle};

/// EqualizerAPO commands that are recognised but not imported.
const APO_COMMANDS: &[&str] = &[
    "Channel",
    "Device",
    "Include",
    "GraphicEQ",
    "Convolution",
    "Delay",
    "Copy",
    "Stage",
    "If",
    "ElseIf",
    "Else",
    "EndIf",
    "Eval",
    "VSTPlugin",
    "LoudnessCorrection",
];

/// `key` is an EqualizerAPO command name (any, imported or not).
pub(super) fn is_apo_command(key: &str) -> bool {
    key.eq_ignore_ascii_case("Preamp")
        || super::is_filter_key(key)
        || APO_COMMANDS.iter().any(|c| key.eq_ignore_ascii_case(c))
}

/// Parses an EqualizerAPO configuration (AutoEQ `ParametricEQ.txt`,
/// `config.txt`, or any file of `Preamp:` / `Filter:` lines).
///
/// `source` names the text in warnings and errors (usually the file path).
///
/// - `Preamp: <dB> dB` lines add up.
/// - `Filter: …`, `Filter 3: …` lines become [`super::ImportedFilter`]s,
///   `OFF` ones included with `enabled: false`.
/// - Blank lines and `#` comments are skipped.
/// - Lines without `:`, unknown commands, and EqualizerAPO commands that are
///   not imported (`GraphicEQ`, `Include`, `Channel`, `Device`,
///   `Convolution`, `Delay`, `Copy`, `Stage`, `If`, `Eval`, `VSTPlugin`, …)
///   are skipped with a warning. `Channel: all` and `Device: all` are
///   skipped silently: they select everything, which is what an import does
///   anyway.
///
/// # Errors
///
/// [`ImportError::MalformedNumber`], [`ImportError::MissingParameter`],
/// [`ImportError::OutOfRange`] or [`ImportError::InvalidLine`] for the first
/// bad `Preamp`/`Filter` line (a number that does not parse, a parameter the
/// type needs, a value ≤ 0 where it must be positive, a line without
/// `ON`/`OFF` or type); [`ImportError::NoEqContent`] when there is no
/// `Preamp` or `Filter` line at all.
///
/// Reference: EqualizerAPO Configuration reference,
/// <https://sourceforge.net/p/equalizerapo/wiki/Configuration%20reference/>.
pub fn parse_equalizer_apo(text: &str, source: &str) -> Result<ImportedEq, ImportError> {
    let mut eq = EqBuilder::new(source, NumberStyle::Apo, Dialect::EqualizerApo);
    for (index, line) in super::text_lines(text).enumerate() {
        let line_no = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            eq.warn(
                line_no,
                format_args!("ignored `{trimmed}`: not a `Command: parameters` line"),
            );
            continue;
        };
        let key = key.trim();
        if key.eq_ignore_ascii_case("Preamp") {
            eq.preamp(line_no, value)?;
        } else if super::is_filter_key(key) {
            eq.filter(line_no, value)?;
        } else if key.eq_ignore_ascii_case("Channel") || key.eq_ignore_ascii_case("Device") {
            if !value.trim().eq_ignore_ascii_case("all") {
                eq.warn(
                    line_no,
                    format_args!(
                        "`{key}:{value}` ignored: Vortex imports one filter chain, so the \
                         filters after it apply to every channel and device"
                    ),
                );
            }
        } else if key.eq_ignore_ascii_case("Include") {
            eq.warn(
                line_no,
                format_args!(
                    "`Include:{value}` not followed: the included file's filters are not imported"
                ),
            );
        } else if is_apo_command(key) {
            eq.warn(
                line_no,
                format_args!("EqualizerAPO command `{key}` is not supported; line ignored"),
            );
        } else {
            eq.warn(
                line_no,
                format_args!("unknown command `{key}`; line ignored"),
            );
        }
    }
    eq.finish(EqFormat::EqualizerApo)
}

#[cfg(test)]
mod tests {
    use super::super::tests::check;
    use super::super::{
        BUTTERWORTH_Q, DEFAULT_NOTCH_Q, DEFAULT_SHELF_SLOPE_DB, ImportError, ImportedEq,
        ImportedKind,
    };
    use super::*;

    fn parse(text: &str) -> ImportedEq {
        parse_equalizer_apo(text, "eq.txt").unwrap()
    }

    fn parse_err(text: &str) -> ImportError {
        parse_equalizer_apo(text, "eq.txt").unwrap_err()
    }

    fn one(text: &str) -> super::super::ImportedFilter {
        let eq = parse(text);
        assert_eq!(eq.filters.len(), 1, "{eq:?}");
        eq.filters.into_iter().next().unwrap()
    }

    #[test]
    fn import_apo_peaking_with_q_and_numbered_or_bare_filter_keys() {
        for text in [
            "Filter 1: ON PK Fc 105 Hz Gain -3.4 dB Q 0.70",
            "Filter: ON PK Fc 105 Hz Gain -3.4 dB Q 0.70",
            "Filter12: ON PK Fc 105 Hz Gain -3.4 dB Q 0.70",
            "  Filter  7 :   ON   PK   Fc 105Hz   Gain -3.4dB   Q 0.70  ",
            "filter 1: on pk fc 105 hz gain -3.4 db q 0.70",
            "Filter 1: ON PK Q 0.70 Gain -3.4 dB Fc 105 Hz",
            "Filter 1: ON PEQ Fc 105 Hz Gain -3.4 dB Q 0.70",
            "Filter 1: ON Modal Fc 105 Hz Gain -3.4 dB Q 0.70",
            "Filter 1: ON PK Fc 0.105 kHz Gain -3.4 dB Q 0.70",
            "Filter 1: ON PK Fc 105 Hz Gain -3,4 dB Q 0,70",
            "Filter 1: ON PK Fc 1.05e2 Hz Gain -3.4 dB Q 7e-1",
        ] {
            let eq = parse(text);
            assert!(eq.warnings.is_empty(), "{text}: {:?}", eq.warnings);
            let f = &eq.filters[0];
            check(f, ImportedKind::Peaking, 105.0, Some(-3.4), Some(0.70));
            assert!(f.enabled);
            assert_eq!(f.line, 1);
            assert_eq!(
                (f.bandwidth_oct, f.slope_db, f.freq_is_corner),
                (None, None, false)
            );
        }
    }

    #[test]
    fn import_apo_bandwidth_in_octaves() {
        let f = one("Filter 2: ON PEQ Fc 100 Hz Gain 1.0 dB BW Oct 0.167");
        check(&f, ImportedKind::Peaking, 100.0, Some(1.0), None);
        assert_eq!(f.bandwidth_oct, Some(0.167));
        let f = one("Filter: ON AP Fc 1000 Hz BW Oct 2");
        check(&f, ImportedKind::Allpass, 1000.0, None, None);
        assert_eq!(f.bandwidth_oct, Some(2.0));
    }

    #[test]
    fn import_apo_pass_notch_allpass_types_and_defaults() {
        use ImportedKind::*;
        #[rustfmt::skip]
        let cases = [
            ("Filter: ON LP Fc 8000 Hz", Lowpass, 8000.0, Some(BUTTERWORTH_Q)),
            ("Filter: ON HP Fc 30 Hz", Highpass, 30.0, Some(BUTTERWORTH_Q)),
            ("Filter: ON LPQ Fc 10000 Hz Q 0.400", Lowpass, 10000.0, Some(0.4)),
            ("Filter: ON HPQ Fc 25 Hz Q 1.2", Highpass, 25.0, Some(1.2)),
            ("Filter: ON LP Fc 8000 Hz Q 2", Lowpass, 8000.0, Some(2.0)),
            ("Filter: ON LP1 Fc 300 Hz", LowpassFirstOrder, 300.0, None),
            ("Filter: ON HP1 Fc 370 Hz", HighpassFirstOrder, 370.0, None),
            ("Filter: ON BP Fc 1000 Hz", Bandpass, 1000.0, Some(BUTTERWORTH_Q)),
            ("Filter: ON BP Fc 1000 Hz Q 4", Bandpass, 1000.0, Some(4.0)),
            ("Filter: ON NO Fc 50 Hz", Notch, 50.0, Some(DEFAULT_NOTCH_Q)),
            ("Filter: ON NO Fc 50 Hz Q 10", Notch, 50.0, Some(10.0)),
            ("Filter: ON AP Fc 200 Hz Q 0.7", Allpass, 200.0, Some(0.7)),
        ];
        for (text, kind, fc, q) in cases {
            let eq = parse(text);
            assert!(eq.warnings.is_empty(), "{text}: {:?}", eq.warnings);
            let f = &eq.filters[0];
            check(f, kind, fc, None, q);
            assert_eq!(
                (f.bandwidth_oct, f.slope_db, f.freq_is_corner),
                (None, None, false),
                "{text}"
            );
        }
    }

    #[test]
    fn import_apo_shelves() {
        use ImportedKind::*;
        // (text, kind, q, slope_db, corner)
        #[rustfmt::skip]
        let cases = [
            // AutoEQ: centre frequency and Q.
            ("Filter 1: ON LSC Fc 105 Hz Gain 5.5 dB Q 0.70", LowShelf, Some(0.7), None, false),
            ("Filter 1: ON HSC Fc 10000 Hz Gain 5.5 dB Q 0.70", HighShelf, Some(0.7), None, false),
            // Slope syntax on the centred type.
            ("Filter: ON LSC 12dB Fc 105 Hz Gain 5.5 dB", LowShelf, None, Some(12.0), false),
            ("Filter: ON HSC 6 dB Fc 105 Hz Gain 5.5 dB", HighShelf, None, Some(6.0), false),
            // Plain LS/HS: S = 0.9 about the centre frequency.
            ("Filter: ON LS Fc 105 Hz Gain 5.5 dB", LowShelf, None, Some(DEFAULT_SHELF_SLOPE_DB), false),
            ("Filter: ON HS Fc 105 Hz Gain 5.5 dB", HighShelf, None, Some(DEFAULT_SHELF_SLOPE_DB), false),
            // LS/HS with a slope or a Q: corner frequency.
            ("Filter: ON LS 6dB Fc 105 Hz Gain 5.5 dB", LowShelf, None, Some(6.0), true),
            ("Filter: ON HS 12dB Fc 105 Hz Gain 5.5 dB", HighShelf, None, Some(12.0), true),
            ("Filter: ON LS Fc 105 Hz Gain 5.5 dB Q 0.7", LowShelf, Some(0.7), None, true),
            // REW's own spelling `LS Q` is REW's centred shelf.
            ("Filter: ON LS Q Fc 105 Hz Gain 5.5 dB Q 0.7", LowShelf, Some(0.7), None, false),
        ];
        for (text, kind, q, slope, corner) in cases {
            let eq = parse(text);
            assert!(eq.warnings.is_empty(), "{text}: {:?}", eq.warnings);
            let f = &eq.filters[0];
            let fc = if text.contains("10000") {
                10000.0
            } else {
                105.0
            };
            check(f, kind, fc, Some(5.5), q);
            assert_eq!(f.slope_db, slope, "{text}");
            assert_eq!(f.freq_is_corner, corner, "{text}");
            assert_eq!(f.bandwidth_oct, None);
        }
        let f = one("Filter: ON LS 12dB Fc 100 Hz Gain 8 dB");
        assert!((f.center_freq_hz() - 100.0 * 10f64.powf(0.1)).abs() < 1e-9);
    }

    #[test]
    fn import_apo_off_filters_are_kept_disabled() {
        let eq = parse(
            "Filter 1: ON PK Fc 100 Hz Gain 1 dB Q 1\n\
             Filter 2: OFF PK Fc 2000 Hz Gain 9 dB Q 2\n\
             Filter 3: OFF LP Fc 15000 Hz\n",
        );
        assert_eq!(eq.filters.len(), 3);
        assert!(eq.filters[0].enabled);
        check(
            &eq.filters[1],
            ImportedKind::Peaking,
            2000.0,
            Some(9.0),
            Some(2.0),
        );
        assert!(!eq.filters[1].enabled);
        assert!(!eq.filters[2].enabled);
        assert_eq!(eq.filters[2].line, 3);
        assert_eq!(eq.enabled_filters().count(), 1);
    }

    #[test]
    fn import_apo_preamps_add_up() {
        let eq = parse("Preamp: -6.2 dB\nPreamp: -1,3 dB\nPreamp:\t+0.5dB\nPreamp: 2\n");
        assert!((eq.preamp_db - (-5.0)).abs() < 1e-12, "{}", eq.preamp_db);
        assert!(eq.filters.is_empty());
        assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
    }

    #[test]
    fn import_apo_comments_blank_lines_and_crlf() {
        let eq = parse(
            "# AutoEQ\r\n\r\n   \r\n  # Filter 9: ON PK Fc 1 Hz Gain 99 dB Q 1\r\n\
             Preamp: -1 dB\r\nFilter 1: ON PK Fc 100 Hz Gain 1 dB Q 1\r\n",
        );
        assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
        assert_eq!(eq.filters.len(), 1);
        assert_eq!(eq.filters[0].line, 6);
        assert_eq!(eq.preamp_db, -1.0);
    }

    #[test]
    fn import_apo_unknown_commands_and_lines_are_warnings() {
        let text = "Device: Realtek Speakers\n\
                    Channel: L\n\
                    Preamp: -3 dB\n\
                    Include: example.txt\n\
                    GraphicEQ: 25 -3; 40 0\n\
                    Convolution: room.wav\n\
                    Frobnicate: 1\n\
                    just some words\n\
                    Filter 1: ON PK Fc 100 Hz Gain -3 dB Q 1\n\
                    Channel: all\n\
                    Device: all\n";
        let eq = parse(text);
        assert_eq!(eq.filters.len(), 1);
        assert_eq!(eq.preamp_db, -3.0);
        let w = &eq.warnings;
        assert_eq!(w.len(), 7, "{w:#?}");
        for (warning, (line, needle)) in w.iter().zip([
            (1, "`Device: Realtek Speakers` ignored"),
            (2, "`Channel: L` ignored"),
            (4, "`Include: example.txt` not followed"),
            (5, "command `GraphicEQ` is not supported"),
            (6, "command `Convolution` is not supported"),
            (7, "unknown command `Frobnicate`"),
            (8, "ignored `just some words`"),
        ]) {
            assert!(
                warning.starts_with(&format!("eq.txt:{line}: ")),
                "{warning}"
            );
            assert!(warning.contains(needle), "{warning} lacks {needle}");
        }
    }

    #[test]
    fn import_apo_unknown_unsupported_and_empty_filter_types() {
        let eq = parse(
            "Filter 1: ON XYZ Fc 100 Hz Gain 1 dB Q 1\n\
             Filter 2: ON None\n\
             Filter 3: ON IIR Order 2 Coefficients 1 0 0 1 0 0\n\
             Filter 4: ON L-T Fc 50 Hz Q 1.2 Fp 30 Qp 0.5\n\
             Filter 5: ON PK Fc 100 Hz Gain 1 dB Q 1\n",
        );
        assert_eq!(eq.filters.len(), 1);
        assert_eq!(eq.filters[0].line, 5);
        assert_eq!(eq.warnings.len(), 3, "{:#?}", eq.warnings);
        assert!(eq.warnings[0].starts_with("eq.txt:1: unknown filter type `XYZ`"));
        assert!(eq.warnings[1].starts_with("eq.txt:3: unknown filter type `IIR`"));
        assert!(eq.warnings[2].starts_with("eq.txt:4: filter type `L-T` (Linkwitz transform)"));
    }

    #[test]
    fn import_apo_ignored_parameters_are_warnings() {
        let cases = [
            (
                "Filter: ON LP Fc 100 Hz Gain 3 dB",
                "Gain ignored for a low-pass filter",
            ),
            (
                "Filter: ON PK 12dB Fc 100 Hz Gain 3 dB Q 1",
                "slope ignored for a peaking filter",
            ),
            (
                "Filter: ON LSC Fc 100 Hz Gain 3 dB BW Oct 1",
                "BW Oct ignored for a shelf",
            ),
            (
                "Filter: ON LSC 12dB Fc 100 Hz Gain 3 dB Q 1",
                "the slope is used",
            ),
            (
                "Filter: ON PK Fc 100 Hz Gain 3 dB Q 1 BW Oct 1",
                "BW Oct is used",
            ),
            (
                "Filter: ON PK Fc 100 Hz Gain 3 dB Q 1 Q 2",
                "Q given more than once",
            ),
            ("Filter: ON HP1 Fc 100 Hz Q 2", "Q/BW ignored"),
            (
                "Filter: ON PK Fc 100 Hz Gain 3 dB Q 1 wide",
                "ignored unexpected text `wide`",
            ),
        ];
        for (text, needle) in cases {
            let eq = parse(text);
            assert_eq!(eq.filters.len(), 1, "{text}");
            assert_eq!(eq.warnings.len(), 1, "{text}: {:?}", eq.warnings);
            assert!(
                eq.warnings[0].starts_with("eq.txt:1: "),
                "{:?}",
                eq.warnings
            );
            assert!(eq.warnings[0].contains(needle), "{text}: {:?}", eq.warnings);
        }
        let f = one("Filter: ON LP Fc 100 Hz Gain 0 dB");
        assert_eq!(f.gain_db, None);
        let eq = parse("Filter: ON PK Fc 100 Hz Gain 3 dB Q 1 BW Oct 1");
        assert_eq!(
            (eq.filters[0].q, eq.filters[0].bandwidth_oct),
            (None, Some(1.0))
        );
        let eq = parse("Filter: ON PK Fc 100 Hz Gain 3 dB Q 1 Q 2");
        assert_eq!(eq.filters[0].q, Some(1.0));
    }

    #[test]
    fn import_apo_thousands_rule_and_digit_groups() {
        // EqualizerAPO's getFreq(): `1.275` (or `1,275`) is 1275 Hz.
        for text in [
            "Filter: ON PK Fc 1.275 Hz Gain 1 dB Q 1",
            "Filter: ON PK Fc 1,275 Hz Gain 1 dB Q 1",
        ] {
            let eq = parse(text);
            assert_eq!(eq.filters[0].freq_hz, 1275.0);
            assert_eq!(eq.warnings.len(), 1, "{:?}", eq.warnings);
            assert!(
                eq.warnings[0].contains("read as 1275 Hz"),
                "{:?}",
                eq.warnings
            );
        }
        // No-break-space and space digit groups.
        for text in [
            "Filter: ON PK Fc 1\u{a0}275 Hz Gain 1 dB Q 1",
            "Filter: ON PK Fc 12 750 Hz Gain 1 dB Q 1",
        ] {
            let eq = parse(text);
            assert!(
                [1275.0, 12750.0].contains(&eq.filters[0].freq_hz),
                "{:?}",
                eq.filters
            );
            assert_eq!(eq.warnings.len(), 1, "{:?}", eq.warnings);
            assert!(
                eq.warnings[0].contains("digit groups joined"),
                "{:?}",
                eq.warnings
            );
        }
        let eq = parse("Filter: ON PK Fc 12.5 Hz Gain 1 dB Q 1");
        assert_eq!(eq.filters[0].freq_hz, 12.5);
        assert!(eq.warnings.is_empty());
        // Not for kHz, which EqualizerAPO does not read at all.
        let eq = parse("Filter: ON PK Fc 1.275 kHz Gain 1 dB Q 1");
        assert_eq!(eq.filters[0].freq_hz, 1275.0);
        assert!(eq.warnings.is_empty(), "{:?}", eq.warnings);
    }

    #[test]
    fn import_apo_malformed_numbers_are_errors_naming_the_token() {
        let cases = [
            ("Filter: ON PK Fc 1o5 Hz Gain 1 dB Q 1", "Fc", "1o5"),
            ("Filter: ON PK Fc 105 Hz Gain -3..4 dB Q 1", "Gain", "-3..4"),
            ("Filter: ON PK Fc 105 Hz Gain abc dB Q 1", "Gain", "abc"),
            ("Filter: ON PK Fc 105 Hz Gain 1 dB Q 0.7.1", "Q", "0.7.1"),
            (
                "Filter: ON PK Fc 105 Hz Gain 1 dB BW Oct half",
                "BW Oct",
                "half",
            ),
            ("Filter: ON PK Fc 105 Hz Gain 1 dB Q inf", "Q", "inf"),
            ("Filter: ON LSC 1x2dB Fc 105 Hz Gain 1 dB", "slope", "1x2"),
            ("Preamp: -6.x dB", "Preamp", "-6.x"),
            ("Preamp: NaN dB", "Preamp", "NaN"),
        ];
        for (text, what_want, token_want) in cases {
            let text = format!("# header\n{text}\n");
            match parse_err(&text) {
                ImportError::MalformedNumber {
                    file,
                    line,
                    what,
                    token,
                } => {
                    assert_eq!(
                        (file.as_str(), line, what, token.as_str()),
                        ("eq.txt", 2, what_want, token_want)
                    );
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn import_apo_missing_and_out_of_range_parameters_are_errors() {
        let missing = [
            ("Filter: ON PK Gain 1 dB Q 1", "PK", "Fc"),
            ("Filter: ON PK Fc 100 Hz Q 1", "PK", "Gain"),
            ("Filter: ON LSC Fc 100 Hz Q 1", "LSC", "Gain"),
            ("Filter: ON PK Fc 100 Hz Gain 1 dB", "PK", "Q or BW Oct"),
            ("Filter: ON AP Fc 100 Hz", "AP", "Q or BW Oct"),
            ("Filter: OFF LS 6dB Gain 1 dB", "LS 6dB", "Fc"),
        ];
        for (text, filter_want, parameter_want) in missing {
            match parse_err(text) {
                ImportError::MissingParameter {
                    line,
                    filter,
                    parameter,
                    ..
                } => assert_eq!(
                    (line, filter.as_str(), parameter),
                    (1, filter_want, parameter_want)
                ),
                other => panic!("{text}: {other:?}"),
            }
        }
        let out_of_range = [
            ("Filter: ON PK Fc 0 Hz Gain 1 dB Q 1", "Fc", "0"),
            ("Filter: ON PK Fc -100 Hz Gain 1 dB Q 1", "Fc", "-100"),
            ("Filter: ON PK Fc 100 Hz Gain 1 dB Q 0", "Q", "0"),
            (
                "Filter: ON PK Fc 100 Hz Gain 1 dB BW Oct -1",
                "BW Oct",
                "-1",
            ),
            ("Filter: ON LSC 0dB Fc 100 Hz Gain 1 dB", "slope", "0"),
        ];
        for (text, what_want, token_want) in out_of_range {
            match parse_err(text) {
                ImportError::OutOfRange {
                    line, what, token, ..
                } => {
                    assert_eq!((line, what, token.as_str()), (1, what_want, token_want))
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn import_apo_malformed_lines_are_errors() {
        let cases = [
            ("Filter 1:", "no ON/OFF"),
            ("Filter 1: MAYBE PK Fc 100 Hz", "expected ON or OFF"),
            ("Filter 1: ON", "no filter type"),
            (
                "Filter 1: ON Fc 100 Hz Gain 1 dB Q 1",
                "filter type missing",
            ),
            ("Filter 1: ON PK Fc Gain 1 dB Q 1", "`Fc` has no value"),
            ("Filter 1: ON PK Fc 100 Hz Gain", "`Gain` has no value"),
            ("Filter 1: ON PK Fc 100 Hz Gain 1 dB Q", "`Q` has no value"),
            (
                "Filter 1: ON PK Fc 100 Hz Gain 1 dB BW 1",
                "expected `BW Oct",
            ),
            (
                "Filter 1: ON PK Fc 100 Hz Gain 1 dB BW Oct",
                "`BW Oct` has no value",
            ),
            ("Preamp:", "`Preamp:` has no value"),
        ];
        for (text, needle) in cases {
            let err = parse_err(text);
            assert!(
                matches!(err, ImportError::InvalidLine { line: 1, .. }),
                "{text}: {err:?}"
            );
            let message = err.to_string();
            assert!(message.starts_with("eq.txt:1: "), "{message}");
            assert!(message.contains(needle), "{text}: {message}");
        }
    }

    #[test]
    fn import_apo_text_without_eq_lines_is_an_error() {
        for text in [
            "",
            "# nothing\n",
            "GraphicEQ: 20 0; 20000 0\n",
            "Device: all\n",
        ] {
            assert!(
                matches!(parse_err(text), ImportError::NoEqContent { .. }),
                "{text:?}"
            );
        }
        // A file whose only filter is an empty REW slot is still an EQ file.
        let eq = parse("Filter 1: ON None\n");
        assert!(eq.filters.is_empty());
    }

    #[test]
    fn import_apo_is_apo_command() {
        for key in [
            "Preamp",
            "Filter 2",
            "GraphicEQ",
            "include",
            "Channel",
            "If",
        ] {
            assert!(is_apo_command(key), "{key}");
        }
        for key in ["Equaliser", "Notes", "[stage]", "kind = \"x\""] {
            assert!(!is_apo_command(key), "{key}");
        }
    }
}
