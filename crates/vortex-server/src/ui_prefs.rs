//! The web UI's preferences (theme, language, monitor views), saved per server so that
//! every browser gets them: one JSON object in `<config dir>/ui-preferences.json`. The
//! server does not interpret them beyond "a JSON object of bounded size"; the UI checks
//! each field when it reads them.

use crate::atomic_write::write_atomically;
use serde_json::{Map, Value};
use std::io;
use std::path::PathBuf;

/// Largest preferences object, bytes of JSON.
pub const MAX_UI_PREFS_BYTES: usize = 64 * 1024;

/// The file's name in the configuration folder.
pub const UI_PREFS_FILE_NAME: &str = "ui-preferences.json";

/// Why preferences were refused or could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum UiPrefsError {
    /// Not a JSON object.
    #[error("UI preferences must be a JSON object, not {0}")]
    NotAnObject(&'static str),
    /// Larger than [`MAX_UI_PREFS_BYTES`].
    #[error("UI preferences take {0} bytes; at most {MAX_UI_PREFS_BYTES}")]
    TooLarge(usize),
    /// The file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
}

/// The saved preferences.
#[derive(Debug, Clone)]
pub struct UiPrefsStore {
    path: PathBuf,
}

impl UiPrefsStore {
    /// The store in configuration folder `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            path: dir.into().join(UI_PREFS_FILE_NAME),
        }
    }

    /// The saved object; empty when nothing was saved or the file is not a JSON object
    /// (a damaged file is replaced by the next save).
    ///
    /// # Errors
    ///
    /// When the file exists but cannot be read.
    pub fn get(&self) -> Result<Value, UiPrefsError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => Ok(serde_json::from_slice::<Value>(&bytes)
                .ok()
                .filter(Value::is_object)
                .unwrap_or_else(|| Value::Object(Map::new()))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Value::Object(Map::new())),
            Err(source) => Err(self.io(source)),
        }
    }

    /// Replaces the saved object with `value`.
    ///
    /// # Errors
    ///
    /// When `value` is not an object or too large, or the file cannot be written.
    pub fn put(&self, value: &Value) -> Result<(), UiPrefsError> {
        if !value.is_object() {
            return Err(UiPrefsError::NotAnObject(json_kind(value)));
        }
        let text = serde_json::to_vec_pretty(value).expect("a JSON value serializes");
        if text.len() > MAX_UI_PREFS_BYTES {
            return Err(UiPrefsError::TooLarge(text.len()));
        }
        write_atomically(&self.path, &text).map_err(|e| self.io(e))
    }

    fn io(&self, source: io::Error) -> UiPrefsError {
        UiPrefsError::Io {
            path: self.path.clone(),
            source,
        }
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn saves_and_reads_back_an_object() {
        let dir = tempfile::tempdir().unwrap();
        let store = UiPrefsStore::new(dir.path().join("vortex"));
        assert_eq!(store.get().unwrap(), json!({}));
        let prefs = json!({"theme": "dark", "spectrum": {"mode": "line"}, "updatedAt": 5});
        store.put(&prefs).unwrap();
        assert_eq!(store.get().unwrap(), prefs);
    }

    #[test]
    fn refuses_what_is_not_a_small_object_and_survives_a_damaged_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = UiPrefsStore::new(dir.path());
        let e = store.put(&json!([1, 2])).unwrap_err().to_string();
        assert_eq!(e, "UI preferences must be a JSON object, not an array");
        let big = json!({ "x": "a".repeat(MAX_UI_PREFS_BYTES) });
        assert!(matches!(store.put(&big), Err(UiPrefsError::TooLarge(_))));
        std::fs::write(dir.path().join(UI_PREFS_FILE_NAME), "{not json").unwrap();
        assert_eq!(store.get().unwrap(), json!({}));
    }
}
