//! The error every analyzer returns when built with a bad parameter.

/// A parameter that failed validation, named as in a configuration or message field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct AnalysisError {
    /// Name of the offending parameter (`size`, `a4_hz`, `window`, ...).
    pub field: String,
    /// What was wrong, with the value and the limit.
    pub message: String,
}

impl AnalysisError {
    /// An error for parameter `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}
