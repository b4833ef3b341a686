//! What a backend reports when it cannot do what was asked.

/// A backend's failure. `DeviceLost`, `OutOfMemory` and `Kernel` during processing mean
/// the node must move to the CPU.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GpuError {
    /// The backend is not available on this machine (no device, no driver, not built).
    #[error("not available: {0}")]
    Unavailable(String),
    /// A setting is out of range; names the field.
    #[error("{field}: {message}")]
    Invalid {
        /// The setting, e.g. `block` or `filters[3]`.
        field: String,
        /// What is wrong, with the value and the limit.
        message: String,
    },
    /// The node does not fit the device's memory budget.
    #[error("needs {needed} bytes, the budget is {budget} bytes")]
    OutOfMemory {
        /// Bytes the node needs on the device.
        needed: u64,
        /// Bytes the budget allows.
        budget: u64,
    },
    /// The device went away (driver reset, unplugged, lost context).
    #[error("device lost: {0}")]
    DeviceLost(String),
    /// A kernel or transfer failed.
    #[error("kernel failed: {0}")]
    Kernel(String),
}

impl GpuError {
    /// An `Invalid` error for `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}
