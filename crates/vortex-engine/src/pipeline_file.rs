//! Loading a pipeline from a file: a Vortex TOML description, or an EQ file
//! (AutoEQ/EqualizerAPO `ParametricEQ.txt`, REW filter export) converted on the fly.

use crate::config::{ConfigErrors, FilterConfig, PipelineConfig, StepConfig};
use crate::import::{ImportError, ImportedEq, ImportedKind, import_file, looks_like_eq_file};
use crate::process::PipelineSource;
use crate::read_limit::{MAX_TEXT_CONFIG_BYTES, read_limited};
use crate::validate::base_dir_of;
use std::path::{Path, PathBuf};

/// Why a pipeline file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PipelineFileError {
    /// The file could not be read.
    #[error("{}: cannot read pipeline: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The TOML description has errors (each with its path).
    #[error("{}: invalid pipeline:\n{errors}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every error found.
        errors: ConfigErrors,
    },
    /// The EQ file could not be imported.
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// Reads `path` as a TOML pipeline, or imports it if it is an EQ file.
pub fn load_pipeline(path: &Path) -> Result<PipelineSource, PipelineFileError> {
    let bytes =
        read_limited(path, MAX_TEXT_CONFIG_BYTES).map_err(|source| PipelineFileError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    let text = String::from_utf8_lossy(&bytes);
    let cfg = if looks_like_eq_file(&text) {
        eq_to_pipeline(&import_file(path)?)
    } else {
        PipelineConfig::from_toml(&text).map_err(|errors| PipelineFileError::Invalid {
            path: path.to_path_buf(),
            errors,
        })?
    };
    Ok(PipelineSource::new(cfg, base_dir_of(path)))
}

/// Q equivalent to a bandwidth in octaves (analog prototype; exact at low frequencies).
fn bandwidth_to_q(bw: f64) -> f64 {
    let r = 2f64.powf(bw);
    r.sqrt() / (r - 1.0)
}

/// The pipeline for an imported EQ: a `preamp` gain (when not 0 dB) and one filter per
/// enabled line (`f01`, `f02`, ... in file order), applied to every channel.
pub fn eq_to_pipeline(eq: &ImportedEq) -> PipelineConfig {
    let mut cfg = PipelineConfig::default();
    let mut names = Vec::new();
    if eq.preamp_db != 0.0 {
        cfg.filters.insert(
            "preamp".into(),
            FilterConfig::Gain {
                gain: eq.preamp_db,
                scale: Default::default(),
                inverted: false,
                mute: false,
            },
        );
        names.push("preamp".to_string());
    }
    let width = eq.filters.len().to_string().len().max(2);
    for (i, f) in eq.enabled_filters().enumerate() {
        let freq = f.center_freq_hz();
        let gain = f.gain_db.unwrap_or(0.0);
        let (q, bandwidth) = (f.q, f.bandwidth_oct);
        let q_only = q
            .or(bandwidth.map(bandwidth_to_q))
            .unwrap_or(std::f64::consts::FRAC_1_SQRT_2);
        let filter = match f.kind {
            ImportedKind::Peaking => FilterConfig::Peaking {
                freq,
                gain,
                q,
                bandwidth,
            },
            ImportedKind::LowShelf => FilterConfig::Lowshelf {
                freq,
                gain,
                q,
                slope: f.slope_db,
                bandwidth: None,
            },
            ImportedKind::HighShelf => FilterConfig::Highshelf {
                freq,
                gain,
                q,
                slope: f.slope_db,
                bandwidth: None,
            },
            ImportedKind::Lowpass => FilterConfig::Lowpass { freq, q: q_only },
            ImportedKind::Highpass => FilterConfig::Highpass { freq, q: q_only },
            ImportedKind::LowpassFirstOrder => FilterConfig::LowpassFo { freq },
            ImportedKind::HighpassFirstOrder => FilterConfig::HighpassFo { freq },
            ImportedKind::Bandpass => FilterConfig::Bandpass { freq, q, bandwidth },
            ImportedKind::Notch => FilterConfig::Notch { freq, q, bandwidth },
            ImportedKind::Allpass => FilterConfig::Allpass { freq, q, bandwidth },
        };
        let name = format!("f{:0width$}", i + 1);
        cfg.filters.insert(name.clone(), filter);
        names.push(name);
    }
    if !names.is_empty() {
        cfg.steps.push(StepConfig::Filter {
            channels: None,
            names,
            bypassed: false,
        });
    }
    cfg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Context, design};

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/import")
            .join(name)
    }

    #[test]
    fn autoeq_file_becomes_a_valid_pipeline_with_preamp_first() {
        let src = load_pipeline(&data("autoeq_7Hz_Salnotes_Zero_ParametricEQ.txt")).unwrap();
        let cfg = src.config();
        let eq = import_file(&data("autoeq_7Hz_Salnotes_Zero_ParametricEQ.txt")).unwrap();
        let StepConfig::Filter { names, .. } = &cfg.steps[0] else {
            panic!()
        };
        assert_eq!(names[0], "preamp");
        assert_eq!(names.len(), eq.enabled_filters().count() + 1);
        assert_eq!(
            cfg.filters["preamp"],
            FilterConfig::Gain {
                gain: eq.preamp_db,
                scale: Default::default(),
                inverted: false,
                mute: false
            }
        );
        let ctx = Context {
            sample_rate: 48000,
            channels: 2,
            base_dir: PathBuf::new(),
        };
        let d = design(cfg, &ctx).unwrap();
        assert_eq!(d.channels_out, 2);
        // The TOML it prints parses back to the same pipeline.
        assert_eq!(&PipelineConfig::from_toml(&cfg.to_toml()).unwrap(), cfg);
    }

    #[test]
    fn rew_export_becomes_a_valid_pipeline() {
        for f in [
            "rew_V5.01_generic_hometheatershack.txt",
            "rew_V5.40_generic_all_types.txt",
        ] {
            let src = load_pipeline(&data(f)).unwrap();
            let ctx = Context {
                sample_rate: 44100,
                channels: 2,
                base_dir: PathBuf::new(),
            };
            design(src.config(), &ctx).unwrap_or_else(|e| panic!("{f}: {e}"));
            assert!(!src.config().filters.is_empty());
        }
    }

    #[test]
    fn toml_errors_name_the_file_and_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.toml");
        std::fs::write(&p, "[filters.a]\ntype = \"peaking\"\nfreq = 1\n").unwrap();
        let e = load_pipeline(&p).unwrap_err().to_string();
        assert!(e.contains("bad.toml") && e.contains("filters.a"), "{e}");
    }
}
