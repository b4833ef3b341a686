//! Checks of the capture worklet's messages: batch sizes in whole render quanta, rates
//! and levels in range, counters consistent.

use super::{Check, Path, Validate, check_envelope, in_range, invalid};
use crate::envelope::MAX_MESSAGE_ID;
use crate::error::ProtocolError;
use crate::limits::{
    CONTEXT_SAMPLE_RATE_HZ, NOISE_LEVEL_DB, RENDER_QUANTUM_FRAMES, TEST_SIGNAL_AMPLITUDE,
    TEST_SIGNAL_HZ, WORKLET_BATCH_FRAMES, WORKLET_POOL_BUFFERS, WORKLET_TIMEOUT_MS,
};
use crate::worklet::{
    FromWorklet, FromWorkletEnvelope, ToWorklet, ToWorkletEnvelope, WorkletOptions,
};

impl Validate for ToWorkletEnvelope {
    fn validate(&self) -> Result<(), ProtocolError> {
        check_envelope(self, &(0..=MAX_MESSAGE_ID))
    }
}

impl Validate for FromWorkletEnvelope {
    fn validate(&self) -> Result<(), ProtocolError> {
        check_envelope(self, &(0..=MAX_MESSAGE_ID))
    }
}

impl Validate for WorkletOptions {
    /// Paths name the option itself (`batch_size`).
    fn validate(&self) -> Result<(), ProtocolError> {
        batch(self.batch_size, Path::Root.field("batch_size"))?;
        in_range(
            self.timeout_ms,
            &WORKLET_TIMEOUT_MS,
            Path::Root.field("timeout_ms"),
        )?;
        in_range(
            self.pool_size,
            &WORKLET_POOL_BUFFERS,
            Path::Root.field("pool_size"),
        )
    }
}

/// A batch size: in range and a whole number of render quanta.
fn batch(frames: u32, at: Path<'_>) -> Result<(), ProtocolError> {
    in_range(frames, &WORKLET_BATCH_FRAMES, at)?;
    if frames.is_multiple_of(RENDER_QUANTUM_FRAMES) {
        return Ok(());
    }
    Err(invalid(
        at,
        format_args!("must be a multiple of {RENDER_QUANTUM_FRAMES}"),
    )
    .value(frames)
    .limit(format!("multiple of {RENDER_QUANTUM_FRAMES}")))
}

impl Check for ToWorklet {
    fn check(&self, at: Path<'_>) -> Result<(), ProtocolError> {
        match self {
            Self::UpdateBatchConfig {
                batch_size,
                timeout_ms,
            } => {
                batch(*batch_size, at.field("batch_size"))?;
                in_range(*timeout_ms, &WORKLET_TIMEOUT_MS, at.field("timeout_ms"))
            }
            Self::UpdateTestSignalConfig {
                frequency_hz,
                amplitude,
                ..
            } => {
                in_range(*frequency_hz, &TEST_SIGNAL_HZ, at.field("frequency_hz"))?;
                in_range(*amplitude, &TEST_SIGNAL_AMPLITUDE, at.field("amplitude"))
            }
            Self::UpdateNoiseConfig { level_db, .. } => {
                in_range(*level_db, &NOISE_LEVEL_DB, at.field("level_db"))
            }
            Self::StartProcessing {} | Self::StopProcessing {} | Self::ReturnBuffer { .. } => {
                Ok(())
            }
        }
    }
}

impl Check for FromWorklet {
    fn check(&self, at: Path<'_>) -> Result<(), ProtocolError> {
        match self {
            Self::ProcessorReady {
                batch_size,
                sample_rate,
                pool_size,
                timeout_ms,
            } => {
                batch(*batch_size, at.field("batch_size"))?;
                in_range(
                    *sample_rate,
                    &CONTEXT_SAMPLE_RATE_HZ,
                    at.field("sample_rate"),
                )?;
                in_range(*pool_size, &WORKLET_POOL_BUFFERS, at.field("pool_size"))?;
                in_range(*timeout_ms, &WORKLET_TIMEOUT_MS, at.field("timeout_ms"))
            }
            Self::AudioDataBatch {
                sample_rate,
                sample_count,
                ..
            } => {
                in_range(
                    *sample_rate,
                    &CONTEXT_SAMPLE_RATE_HZ,
                    at.field("sample_rate"),
                )?;
                in_range(
                    *sample_count,
                    &(1..=*WORKLET_BATCH_FRAMES.end()),
                    at.field("sample_count"),
                )
            }
            Self::StatusUpdate {
                batch_size,
                pool_size,
                pool_free,
                ..
            } => {
                batch(*batch_size, at.field("batch_size"))?;
                in_range(*pool_size, &WORKLET_POOL_BUFFERS, at.field("pool_size"))?;
                in_range(*pool_free, &(0..=*pool_size), at.field("pool_free"))
            }
            Self::ProcessingError { .. } => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worklet::{TransferredBuffer, WorkletState};

    fn to(payload: ToWorklet) -> ToWorkletEnvelope {
        ToWorkletEnvelope {
            message_id: 1,
            timestamp: 0.0,
            payload,
        }
    }

    #[test]
    fn batch_sizes_are_whole_quanta_in_range() {
        for (frames, ok) in [
            (128, true),
            (1024, true),
            (8192, true),
            (0, false),
            (1000, false),
            (8320, false),
        ] {
            let message = to(ToWorklet::UpdateBatchConfig {
                batch_size: frames,
                timeout_ms: 50.0,
            });
            assert_eq!(message.validate().is_ok(), ok, "{frames}");
        }
        let err = to(ToWorklet::UpdateBatchConfig {
            batch_size: 1000,
            timeout_ms: 50.0,
        })
        .validate()
        .unwrap_err();
        assert_eq!(err.context.path.as_deref(), Some("payload.batch_size"));
        assert_eq!(err.context.limit.as_deref(), Some("multiple of 128"));
    }

    #[test]
    fn sources_are_checked() {
        let bad = to(ToWorklet::UpdateTestSignalConfig {
            enabled: true,
            waveform: crate::worklet::TestWaveform::Sine,
            frequency_hz: f64::NAN,
            amplitude: 0.5,
        });
        let err = bad.validate().unwrap_err();
        assert_eq!(err.context.path.as_deref(), Some("payload.frequency_hz"));
        let loud = to(ToWorklet::UpdateNoiseConfig {
            enabled: true,
            color: crate::worklet::NoiseColor::Pink,
            level_db: 6.0,
        });
        assert_eq!(
            loud.validate().unwrap_err().context.path.as_deref(),
            Some("payload.level_db")
        );
        assert!(
            to(ToWorklet::ReturnBuffer {
                buffer: TransferredBuffer
            })
            .validate()
            .is_ok()
        );
    }

    #[test]
    fn status_counts_fit_the_pool() {
        let status = |pool_free| FromWorkletEnvelope {
            message_id: 0,
            timestamp: 0.0,
            payload: FromWorklet::StatusUpdate {
                state: WorkletState::Running,
                batch_size: 1024,
                pool_size: 16,
                pool_free,
                batches_sent: 3,
                batches_dropped: 0,
                partial_batches: 0,
                quanta: 24,
                max_process_ms: 0.0,
                over_budget: 0,
            },
        };
        assert!(status(16).validate().is_ok());
        assert_eq!(
            status(17).validate().unwrap_err().context.path.as_deref(),
            Some("payload.pool_free")
        );
    }

    #[test]
    fn options() {
        assert!(WorkletOptions::default().validate().is_ok());
        let small_pool = WorkletOptions {
            pool_size: 1,
            ..WorkletOptions::default()
        };
        assert_eq!(
            small_pool.validate().unwrap_err().context.path.as_deref(),
            Some("pool_size")
        );
    }
}
