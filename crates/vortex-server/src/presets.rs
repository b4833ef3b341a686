//! Named pipeline presets, stored as `<dir>/<name>.toml`.
//!
//! This module only stores text: the caller validates a preset's content as a
//! pipeline. Names are checked strictly (see [`validate_name`]) so that a
//! name always maps to exactly one file directly inside the preset directory.
//! Symbolic links in the directory are never listed, read or deleted.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::Serialize;

/// Largest preset accepted, in bytes (1 MiB).
pub const MAX_PRESET_BYTES: u64 = 1 << 20;

/// Longest preset name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// The file extension of a preset, without the dot.
const EXTENSION: &str = "toml";

/// Device names Windows reserves, whatever the extension; refused everywhere
/// so that presets can be copied between systems.
const WINDOWS_RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The name used in [`PresetError::Io`] when listing the whole store fails.
pub const STORE_NAME: &str = "*";

/// Why a preset operation failed. Every message names the preset.
#[derive(Debug, thiserror::Error)]
pub enum PresetError {
    /// The name is not acceptable as a preset name.
    #[error("invalid preset name {name:?}: {reason}")]
    InvalidName {
        /// The name as given.
        name: String,
        /// Which rule it breaks.
        reason: &'static str,
    },
    /// No preset has this name.
    #[error("preset {name:?} not found")]
    NotFound {
        /// The preset name.
        name: String,
    },
    /// The preset is larger than the limit.
    #[error("preset {name:?} is {bytes} bytes, more than the {limit} byte limit")]
    TooLarge {
        /// The preset name.
        name: String,
        /// Its size in bytes (for a file being read: at least this many).
        bytes: u64,
        /// The limit in bytes ([`MAX_PRESET_BYTES`]).
        limit: u64,
    },
    /// Reading or writing the store failed.
    #[error("preset {name:?}: {source}")]
    Io {
        /// The preset name, or [`STORE_NAME`] when listing failed.
        name: String,
        /// The underlying error.
        source: io::Error,
    },
}

/// One stored preset, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresetInfo {
    /// The preset name (the file name without `.toml`).
    pub name: String,
    /// Last modification time, in whole seconds since the Unix epoch (0 when
    /// unknown).
    pub modified_unix_s: u64,
    /// File size in bytes.
    pub bytes: u64,
}

/// Checks that `name` is a safe, portable preset name.
///
/// Rules: 1..=64 characters; ASCII letters and digits, space, `_`, `.` and
/// `-` only; the first character a letter or digit; no trailing space; no
/// `..`; not a Windows device name (`con`, `nul`, `com1`, ...). Path
/// separators and NUL are thus refused. Only ASCII is accepted so that names
/// survive file systems that normalize or fold Unicode.
pub fn validate_name(name: &str) -> Result<(), PresetError> {
    let invalid = |reason| {
        Err(PresetError::InvalidName {
            name: name.to_owned(),
            reason,
        })
    };
    let Some(first) = name.chars().next() else {
        return invalid("empty");
    };
    if name.chars().count() > MAX_NAME_CHARS {
        return invalid("longer than 64 characters");
    }
    if name.contains('\0') {
        return invalid("contains NUL");
    }
    if name.contains('/') || name.contains('\\') {
        return invalid("contains a path separator");
    }
    if name.contains("..") {
        return invalid("contains \"..\"");
    }
    if first == ' ' || name.ends_with(' ') {
        return invalid("starts or ends with a space");
    }
    if !first.is_ascii_alphanumeric() {
        return invalid("must start with a letter or digit");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '.' | '-'))
    {
        return invalid("may only contain letters, digits, space, '_', '.' and '-'");
    }
    let device = name.split('.').next().unwrap_or(name).trim_end();
    if WINDOWS_RESERVED
        .iter()
        .any(|r| r.eq_ignore_ascii_case(device))
    {
        return invalid("is a reserved device name");
    }
    Ok(())
}

/// The preset directory and the operations on it.
#[derive(Debug, Clone)]
pub struct PresetStore {
    dir: PathBuf,
}

impl PresetStore {
    /// A store in `dir` (typically the user config directory + `/presets`).
    /// Nothing is touched until an operation runs; the directory is created
    /// by the first [`save`](Self::save).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The preset directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// All presets, sorted by name (byte order). A missing directory is an
    /// empty list. Only regular files named `<valid name>.toml` are listed;
    /// symbolic links, directories and other files are skipped, as are entries
    /// that vanish while listing.
    pub fn list(&self) -> Result<Vec<PresetInfo>, PresetError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(PresetError::Io {
                    name: STORE_NAME.to_owned(),
                    source,
                });
            }
        };
        let mut presets: Vec<PresetInfo> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let file_name = entry.file_name();
                let name = Path::new(&file_name)
                    .to_str()?
                    .strip_suffix(EXTENSION)?
                    .strip_suffix('.')?;
                validate_name(name).ok()?;
                // `DirEntry::file_type`/`metadata` don't follow symbolic links.
                if !entry.file_type().ok()?.is_file() {
                    return None;
                }
                let meta = entry.metadata().ok()?;
                Some(PresetInfo {
                    name: name.to_owned(),
                    modified_unix_s: modified_unix_s(&meta),
                    bytes: meta.len(),
                })
            })
            .collect();
        presets.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(presets)
    }

    /// The TOML text of preset `name`.
    ///
    /// A symbolic link, directory or other non-regular file is reported as
    /// [`PresetError::NotFound`]; a file over [`MAX_PRESET_BYTES`] as
    /// [`PresetError::TooLarge`]; invalid UTF-8 as an I/O error of kind
    /// `InvalidData`.
    pub fn get(&self, name: &str) -> Result<String, PresetError> {
        let path = self.path_of(name)?;
        let io_err = |source| io_error(name, source);
        self.require_regular_file(name, &path)?;
        let file = match open_no_follow(&path) {
            Ok(file) => file,
            Err(e) if is_missing_or_link(&e) => return Err(not_found(name)),
            Err(e) => return Err(io_err(e)),
        };
        let meta = file.metadata().map_err(io_err)?;
        if !meta.is_file() {
            return Err(not_found(name));
        }
        let too_large = |bytes| PresetError::TooLarge {
            name: name.to_owned(),
            bytes,
            limit: MAX_PRESET_BYTES,
        };
        if meta.len() > MAX_PRESET_BYTES {
            return Err(too_large(meta.len()));
        }
        // The file may grow after the check: never read past the limit.
        let mut raw = Vec::new();
        file.take(MAX_PRESET_BYTES + 1)
            .read_to_end(&mut raw)
            .map_err(io_err)?;
        let read = raw.len() as u64;
        if read > MAX_PRESET_BYTES {
            return Err(too_large(read));
        }
        String::from_utf8(raw).map_err(|e| io_err(io::Error::new(io::ErrorKind::InvalidData, e)))
    }

    /// Stores `toml_text` as preset `name`, atomically (a temporary file in
    /// the directory renamed over `<name>.toml`). Creates the directory if
    /// needed. Returns `true` if the preset was created, `false` if an
    /// existing one was replaced.
    pub fn save(&self, name: &str, toml_text: &str) -> Result<bool, PresetError> {
        let path = self.path_of(name)?;
        let bytes = toml_text.len() as u64;
        if bytes > MAX_PRESET_BYTES {
            return Err(PresetError::TooLarge {
                name: name.to_owned(),
                bytes,
                limit: MAX_PRESET_BYTES,
            });
        }
        let io_err = |source| io_error(name, source);
        fs::create_dir_all(&self.dir).map_err(io_err)?;
        let created = match fs::symlink_metadata(&path) {
            Ok(_) => false,
            Err(e) if e.kind() == io::ErrorKind::NotFound => true,
            Err(e) => return Err(io_err(e)),
        };
        crate::atomic_write::synced_temp(&self.dir, ".preset-", toml_text.as_bytes())
            .map_err(io_err)?
            .persist(&path)
            .map_err(|e| io_err(e.error))?;
        Ok(created)
    }

    /// Deletes preset `name`. A symbolic link or non-regular file of that
    /// name is reported as [`PresetError::NotFound`] and left alone.
    pub fn delete(&self, name: &str) -> Result<(), PresetError> {
        let path = self.path_of(name)?;
        self.require_regular_file(name, &path)?;
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(not_found(name)),
            Err(e) => Err(io_error(name, e)),
        }
    }

    /// `<dir>/<name>.toml`, after validating `name`.
    fn path_of(&self, name: &str) -> Result<PathBuf, PresetError> {
        validate_name(name)?;
        Ok(self.dir.join(format!("{name}.{EXTENSION}")))
    }

    /// Fails with `NotFound` unless `path` itself (not following links) is a
    /// regular file.
    fn require_regular_file(&self, name: &str, path: &Path) -> Result<(), PresetError> {
        match fs::symlink_metadata(path) {
            Ok(meta) if meta.is_file() => Ok(()),
            Ok(_) => Err(not_found(name)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(not_found(name)),
            Err(e) => Err(io_error(name, e)),
        }
    }
}

fn not_found(name: &str) -> PresetError {
    PresetError::NotFound {
        name: name.to_owned(),
    }
}

fn io_error(name: &str, source: io::Error) -> PresetError {
    PresetError::Io {
        name: name.to_owned(),
        source,
    }
}

fn modified_unix_s(meta: &fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs())
}

/// Opens `path` for reading without following a final symbolic link (unix),
/// and without blocking on a FIFO swapped in after the type check.
#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<fs::File> {
    fs::File::open(path)
}

/// Whether an open error means "no such regular file": missing, or a link
/// refused by `O_NOFOLLOW` (`ELOOP`).
fn is_missing_or_link(e: &io::Error) -> bool {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return true;
    }
    e.kind() == io::ErrorKind::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, PresetStore) {
        let tmp = tempfile::tempdir().unwrap();
        let store = PresetStore::new(tmp.path().join("presets"));
        (tmp, store)
    }

    #[test]
    fn round_trip() {
        let (_tmp, store) = store();
        let text = "[[stage]]\nkind = \"eq\"\n";
        assert!(store.save("My Preset-1.v2", text).unwrap());
        assert_eq!(store.get("My Preset-1.v2").unwrap(), text);
        assert!(store.dir().join("My Preset-1.v2.toml").is_file());
    }

    #[test]
    fn missing_dir_lists_empty() {
        let (_tmp, store) = store();
        assert_eq!(store.list().unwrap(), []);
        assert!(matches!(store.get("a"), Err(PresetError::NotFound { .. })));
    }

    #[test]
    fn list_is_sorted_and_filtered() {
        let (_tmp, store) = store();
        for name in ["b", "a", "C", "a b"] {
            store.save(name, name).unwrap();
        }
        // Not presets: wrong extension, invalid stem, a directory.
        fs::write(store.dir().join("notes.txt"), "x").unwrap();
        fs::write(store.dir().join(".hidden.toml"), "x").unwrap();
        fs::write(store.dir().join("x.toml.bak"), "x").unwrap();
        fs::write(store.dir().join(".toml"), "x").unwrap();
        fs::create_dir(store.dir().join("dir.toml")).unwrap();
        let list = store.list().unwrap();
        let names: Vec<_> = list.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["C", "a", "a b", "b"]);
        assert_eq!(list[2].bytes, 3);
        assert!(list[0].modified_unix_s > 1_600_000_000);
    }

    #[test]
    fn overwrite_returns_false() {
        let (_tmp, store) = store();
        assert!(store.save("x", "one").unwrap());
        assert!(!store.save("x", "two").unwrap());
        assert_eq!(store.get("x").unwrap(), "two");
        assert_eq!(store.list().unwrap().len(), 1);
        // No temporary files left behind.
        assert_eq!(fs::read_dir(store.dir()).unwrap().count(), 1);
    }

    #[test]
    fn delete() {
        let (_tmp, store) = store();
        store.save("x", "one").unwrap();
        store.delete("x").unwrap();
        assert!(matches!(store.delete("x"), Err(PresetError::NotFound { name }) if name == "x"));
        assert!(matches!(store.get("x"), Err(PresetError::NotFound { .. })));
        assert_eq!(store.list().unwrap(), []);
    }

    #[test]
    fn traversal_and_bad_names_rejected() {
        let (tmp, store) = store();
        let long = "a".repeat(65);
        let bad = [
            "../x", "a/b", "..", ".hidden", "x\\y", "a\0b", &long, "", " lead", "trail ", "a..b",
            "/abs", "-x", "_x", "é", "con", "NUL.x", "com1", "tab\t",
        ];
        for name in bad {
            for result in [
                store.get(name).map(drop),
                store.save(name, "x").map(drop),
                store.delete(name),
            ] {
                assert!(
                    matches!(&result, Err(PresetError::InvalidName { name: n, .. }) if n == name),
                    "{name:?}: {result:?}"
                );
            }
        }
        assert!(!store.dir().exists());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
        assert!(validate_name(&"a".repeat(64)).is_ok());
        assert!(validate_name("a.b c_d-e").is_ok());
        assert!(validate_name("console").is_ok());
    }

    #[test]
    fn error_messages_name_the_preset() {
        let (_tmp, store) = store();
        let e = store.get("Warm Bass").unwrap_err();
        assert_eq!(e.to_string(), "preset \"Warm Bass\" not found");
        let e = validate_name("a/b").unwrap_err();
        assert!(e.to_string().contains("\"a/b\""), "{e}");
    }

    #[test]
    fn size_limit() {
        let (_tmp, store) = store();
        let big = "#".repeat(MAX_PRESET_BYTES as usize + 1);
        assert!(matches!(
            store.save("big", &big),
            Err(PresetError::TooLarge { bytes, limit: MAX_PRESET_BYTES, .. })
                if bytes == MAX_PRESET_BYTES + 1
        ));
        assert!(store.save("max", &big[1..]).unwrap());
        assert_eq!(store.get("max").unwrap().len() as u64, MAX_PRESET_BYTES);
        fs::write(store.dir().join("big.toml"), &big).unwrap();
        assert!(matches!(
            store.get("big"),
            Err(PresetError::TooLarge { .. })
        ));
    }

    #[test]
    fn invalid_utf8_is_io_error() {
        let (_tmp, store) = store();
        store.save("x", "").unwrap();
        fs::write(store.dir().join("x.toml"), b"\xff").unwrap();
        assert!(matches!(
            store.get("x"),
            Err(PresetError::Io { source, .. }) if source.kind() == io::ErrorKind::InvalidData
        ));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_not_listed_read_or_deleted() {
        use std::os::unix::fs::symlink;
        let (tmp, store) = store();
        store.save("real", "r").unwrap();
        let outside = tmp.path().join("secret.toml");
        fs::write(&outside, "secret").unwrap();
        symlink(&outside, store.dir().join("evil.toml")).unwrap();
        symlink(
            store.dir().join("real.toml"),
            store.dir().join("alias.toml"),
        )
        .unwrap();

        let names: Vec<_> = store.list().unwrap().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["real"]);
        for name in ["evil", "alias"] {
            assert!(matches!(store.get(name), Err(PresetError::NotFound { .. })));
            assert!(matches!(
                store.delete(name),
                Err(PresetError::NotFound { .. })
            ));
        }
        assert_eq!(fs::read_to_string(&outside).unwrap(), "secret");

        // Saving over a link replaces the link, never the file it points to.
        assert!(!store.save("evil", "mine").unwrap());
        assert_eq!(fs::read_to_string(&outside).unwrap(), "secret");
        assert_eq!(store.get("evil").unwrap(), "mine");
    }

    #[test]
    fn preset_info_serializes() {
        let info = PresetInfo {
            name: "a".into(),
            modified_unix_s: 5,
            bytes: 7,
        };
        assert_eq!(
            serde_json::to_string(&info).unwrap(),
            r#"{"name":"a","modified_unix_s":5,"bytes":7}"#
        );
    }
}
