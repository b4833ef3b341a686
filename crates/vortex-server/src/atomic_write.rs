//! Files replaced whole or not at all: the content goes to a temporary file next to the
//! target, is synced to disk, and only then renamed over the target, so a crash or a
//! full disk never leaves a half-written file behind.

use std::io::{self, Write};
use std::path::Path;
use tempfile::NamedTempFile;

/// A synced temporary file in `dir` (named `<prefix>XXXXXX.tmp`) holding `bytes`, for
/// the caller to check and then `persist` over the target (or drop, which deletes it).
///
/// # Errors
///
/// When the file cannot be created, written or synced.
pub fn synced_temp(dir: &Path, prefix: &str, bytes: &[u8]) -> io::Result<NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Replaces `path` with `bytes` atomically, creating its folder if needed.
///
/// # Errors
///
/// When the folder or the temporary file cannot be made, or the rename fails.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    synced_temp(dir, ".vortex-", bytes)?
        .persist(path)
        .map(drop)
        .map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/prefs.json");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["prefs.json"]);
    }

    #[test]
    fn a_dropped_temporary_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "old").unwrap();
        drop(synced_temp(dir.path(), ".config-", b"new").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
