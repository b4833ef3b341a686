//! A file browser confined to the configured music folders.
//!
//! Clients never see real paths: a *virtual path* is `"<root name>/<relative
//! path>"` with `/` separators, and `""` is the list of roots. A root's name
//! is its folder's last component (`Music`, then `Music-2`, ... for
//! duplicates).
//!
//! Confinement: virtual paths with `.`, `..` or empty components, NUL or
//! backslashes are refused outright; every path is then canonicalized (which
//! resolves symbolic links) and must lie inside one of the canonical roots.
//! A symbolic link pointing outside the roots is therefore neither listed nor
//! resolvable; one pointing elsewhere inside them works.

use std::cmp::Ordering;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

/// Most entries returned by one [`FileBrowser::list`]; more sets
/// [`Listing::truncated`].
pub const MAX_ENTRIES: usize = 10_000;

/// File extensions (lowercase, without the dot) flagged as audio.
pub const AUDIO_EXTENSIONS: [&str; 16] = [
    "wav", "flac", "mp3", "m4a", "aac", "alac", "ogg", "oga", "opus", "aif", "aiff", "caf", "dsf",
    "dff", "wv", "wave",
];

/// Why a path could not be listed or resolved. Every message names the path
/// as the client gave it.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The first component of the virtual path names no music folder.
    #[error("{path:?}: no music folder of that name")]
    UnknownRoot {
        /// The path as given.
        path: String,
    },
    /// Nothing exists at the path.
    #[error("{path:?}: not found")]
    NotFound {
        /// The path as given.
        path: String,
    },
    /// The path (after resolving symbolic links) lies outside every music folder.
    #[error("{path:?}: outside the music folders")]
    OutsideRoots {
        /// The path as given.
        path: String,
    },
    /// The path is malformed (`..`, `.`, empty component, NUL, backslash...).
    #[error("{path:?}: invalid path: {reason}")]
    InvalidPath {
        /// The path as given.
        path: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A listing was asked for something that is not a directory.
    #[error("{path:?}: not a directory")]
    NotADirectory {
        /// The path as given.
        path: String,
    },
    /// The file system refused an operation.
    #[error("{path:?}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying error.
        source: io::Error,
    },
}

/// What an [`Entry`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A directory (or a link to one inside the roots).
    Dir,
    /// A regular file (or a link to one inside the roots).
    File,
}

/// One item of a [`Listing`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The file name.
    pub name: String,
    /// The virtual path, usable with [`FileBrowser::list`] and
    /// [`FileBrowser::resolve`].
    pub path: String,
    /// Directory or file.
    pub kind: EntryKind,
    /// File size in bytes; `None` for directories.
    pub bytes: Option<u64>,
    /// Whether the file has an audio extension ([`AUDIO_EXTENSIONS`],
    /// case-insensitive); always `false` for directories.
    pub audio: bool,
}

/// The content of one directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listing {
    /// The listed virtual path, normalized (no trailing `/`); `""` for the roots.
    pub path: String,
    /// Directories first, then files, each sorted case-insensitively. Hidden
    /// entries (names starting with `.`), entries that are neither files nor
    /// directories, names that are not UTF-8 or contain a backslash, and links
    /// leading outside the roots are left out.
    pub entries: Vec<Entry>,
    /// Whether the directory had more than [`MAX_ENTRIES`] entries to show;
    /// then `entries` holds [`MAX_ENTRIES`] of them, not necessarily the
    /// first ones in sort order.
    pub truncated: bool,
}

/// One music folder.
#[derive(Debug, Clone)]
struct Root {
    /// The unique name, first component of virtual paths.
    name: String,
    /// The canonical folder.
    path: PathBuf,
}

/// Browses and resolves paths inside the configured music folders.
#[derive(Debug, Clone, Default)]
pub struct FileBrowser {
    roots: Vec<Root>,
    missing: Vec<PathBuf>,
}

impl FileBrowser {
    /// Canonicalizes each folder into a root, in the given order.
    ///
    /// Folders that don't exist or aren't directories are kept out (see
    /// [`missing`](Self::missing)); a folder given twice (same canonical path)
    /// is kept once.
    pub fn new(folders: &[PathBuf]) -> FileBrowser {
        let mut browser = FileBrowser::default();
        for folder in folders {
            let canonical = match fs::canonicalize(folder) {
                Ok(p) if p.is_dir() => p,
                _ => {
                    browser.missing.push(folder.clone());
                    continue;
                }
            };
            if browser.roots.iter().any(|r| r.path == canonical) {
                continue;
            }
            let name = browser.unique_name(&base_name(folder, &canonical));
            browser.roots.push(Root {
                name,
                path: canonical,
            });
        }
        browser
    }

    /// The configured folders that were kept out because they don't exist
    /// (or aren't directories), as configured.
    pub fn missing(&self) -> &[PathBuf] {
        &self.missing
    }

    /// The roots as (name, canonical folder), in configuration order.
    pub fn roots(&self) -> impl Iterator<Item = (&str, &Path)> {
        self.roots
            .iter()
            .map(|r| (r.name.as_str(), r.path.as_path()))
    }

    /// Lists the directory at `virtual_path` (`""`: the roots, in
    /// configuration order). A single trailing `/` is accepted.
    pub fn list(&self, virtual_path: &str) -> Result<Listing, FileError> {
        if virtual_path.is_empty() {
            return Ok(self.list_roots());
        }
        let normalized = strip_trailing_slash(virtual_path);
        let dir = self.resolve_virtual(virtual_path, normalized)?;
        if !dir.is_dir() {
            return Err(FileError::NotADirectory {
                path: virtual_path.to_owned(),
            });
        }
        let read = fs::read_dir(&dir).map_err(|source| FileError::Io {
            path: virtual_path.to_owned(),
            source,
        })?;
        let mut entries = Vec::new();
        let mut truncated = false;
        for dir_entry in read.filter_map(Result::ok) {
            let Some(entry) = self.entry(normalized, &dir_entry) else {
                continue;
            };
            if entries.len() == MAX_ENTRIES {
                truncated = true;
                break;
            }
            entries.push(entry);
        }
        entries.sort_by(compare_entries);
        Ok(Listing {
            path: normalized.to_owned(),
            entries,
            truncated,
        })
    }

    /// The canonical real path for `path`, for adding to the playlist.
    ///
    /// `path` is a virtual path, or an absolute real path that must lie,
    /// once canonicalized, inside a root. The result may be a file or a
    /// directory. A missing absolute path outside the roots is reported as
    /// [`FileError::OutsideRoots`], so as not to reveal what exists there.
    pub fn resolve(&self, path: &str) -> Result<PathBuf, FileError> {
        if path.starts_with('/') || Path::new(path).is_absolute() {
            if path.contains('\0') {
                return Err(invalid(path, "contains NUL"));
            }
            // `..` would let the existence of folders outside the roots show through
            // (the ancestors are stripped lexically).
            if Path::new(path)
                .components()
                .any(|c| matches!(c, Component::ParentDir | Component::CurDir))
            {
                return Err(invalid(path, "contains . or .."));
            }
            self.confine(path, Path::new(path))
        } else if path.is_empty() {
            Err(invalid(path, "empty path"))
        } else {
            self.resolve_virtual(path, strip_trailing_slash(path))
        }
    }

    fn list_roots(&self) -> Listing {
        let entries = self
            .roots
            .iter()
            .map(|r| Entry {
                name: r.name.clone(),
                path: r.name.clone(),
                kind: EntryKind::Dir,
                bytes: None,
                audio: false,
            })
            .collect();
        Listing {
            path: String::new(),
            entries,
            truncated: false,
        }
    }

    /// The listing entry for `dir_entry` in virtual directory `parent`, or
    /// `None` if it is not shown.
    fn entry(&self, parent: &str, dir_entry: &fs::DirEntry) -> Option<Entry> {
        let file_name = dir_entry.file_name();
        let name = file_name.to_str()?;
        if name.starts_with('.') || name.contains('\\') {
            return None;
        }
        let file_type = dir_entry.file_type().ok()?;
        let meta = if file_type.is_symlink() {
            let target = fs::canonicalize(dir_entry.path()).ok()?;
            self.root_containing(&target)?;
            fs::metadata(&target).ok()?
        } else {
            dir_entry.metadata().ok()?
        };
        let (kind, bytes, audio) = if meta.is_dir() {
            (EntryKind::Dir, None, false)
        } else if meta.is_file() {
            (EntryKind::File, Some(meta.len()), is_audio(name))
        } else {
            return None;
        };
        Some(Entry {
            name: name.to_owned(),
            path: format!("{parent}/{name}"),
            kind,
            bytes,
            audio,
        })
    }

    /// Resolves a relative virtual path. `given` is the path as the client
    /// sent it (for errors), `normalized` the same without a trailing `/`.
    fn resolve_virtual(&self, given: &str, normalized: &str) -> Result<PathBuf, FileError> {
        if normalized.contains('\0') {
            return Err(invalid(given, "contains NUL"));
        }
        if normalized.contains('\\') {
            return Err(invalid(given, "contains a backslash"));
        }
        if normalized.starts_with('/') {
            return Err(invalid(given, "must start with a music folder name"));
        }
        for component in normalized.split('/') {
            match component {
                "" => return Err(invalid(given, "empty component")),
                "." | ".." => return Err(invalid(given, "'.' and '..' are not allowed")),
                _ => {}
            }
        }
        let mut components = normalized.split('/');
        let root_name = components.next().unwrap_or_default();
        let root = self
            .roots
            .iter()
            .find(|r| r.name == root_name)
            .ok_or_else(|| FileError::UnknownRoot {
                path: given.to_owned(),
            })?;
        let mut joined = root.path.clone();
        for component in components {
            // Refuses anything the platform would not take as one plain name
            // (a drive prefix on Windows, for instance).
            let mut parsed = Path::new(component).components();
            match (parsed.next(), parsed.next()) {
                (Some(Component::Normal(_)), None) => joined.push(component),
                _ => return Err(invalid(given, "not a plain file name")),
            }
        }
        self.confine(given, &joined)
    }

    /// Canonicalizes `real` and requires it to lie inside a root.
    ///
    /// A missing path is [`FileError::NotFound`] only if its deepest existing
    /// ancestor lies inside a root; otherwise it is
    /// [`FileError::OutsideRoots`], so that nothing is revealed about what
    /// exists outside the roots.
    fn confine(&self, given: &str, real: &Path) -> Result<PathBuf, FileError> {
        let outside = || FileError::OutsideRoots {
            path: given.to_owned(),
        };
        match fs::canonicalize(real) {
            Ok(canonical) if self.root_containing(&canonical).is_some() => Ok(canonical),
            Ok(_) => Err(outside()),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                let ancestor_inside = real
                    .ancestors()
                    .skip(1)
                    .find_map(|a| fs::canonicalize(a).ok())
                    .is_some_and(|a| self.root_containing(&a).is_some());
                if ancestor_inside {
                    Err(FileError::NotFound {
                        path: given.to_owned(),
                    })
                } else {
                    Err(outside())
                }
            }
            Err(source) => Err(FileError::Io {
                path: given.to_owned(),
                source,
            }),
        }
    }

    /// The root a canonical path lies in (or is).
    fn root_containing(&self, canonical: &Path) -> Option<&Root> {
        self.roots.iter().find(|r| canonical.starts_with(&r.path))
    }

    /// `base`, or `base-2`, `base-3`, ... whichever no root has yet.
    fn unique_name(&self, base: &str) -> String {
        let taken = |name: &str| self.roots.iter().any(|r| r.name == name);
        if !taken(base) {
            return base.to_owned();
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|name| !taken(name))
            .unwrap_or_else(|| base.to_owned())
    }
}

/// A root's name before disambiguation: the configured folder's last
/// component (so a link keeps the name the user chose), else the canonical
/// one's, made safe as a single virtual path component.
fn base_name(configured: &Path, canonical: &Path) -> String {
    let raw = configured
        .file_name()
        .or_else(|| canonical.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let safe: String = raw
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | '\0') {
                '_'
            } else {
                c
            }
        })
        .collect();
    if safe.is_empty() || safe == "." || safe == ".." {
        "root".to_owned()
    } else {
        safe
    }
}

/// `path` without one trailing `/`, unless that leaves it empty.
fn strip_trailing_slash(path: &str) -> &str {
    match path.strip_suffix('/') {
        Some(stripped) if !stripped.is_empty() => stripped,
        _ => path,
    }
}

/// Whether `name` has an audio file extension.
fn is_audio(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|ext| AUDIO_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(ext)))
}

/// Directories first, then case-insensitive name order (exact order on ties).
fn compare_entries(a: &Entry, b: &Entry) -> Ordering {
    let dirs_first = |e: &Entry| e.kind != EntryKind::Dir;
    dirs_first(a)
        .cmp(&dirs_first(b))
        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        .then_with(|| a.name.cmp(&b.name))
}

fn invalid(path: &str, reason: &'static str) -> FileError {
    FileError::InvalidPath {
        path: path.to_owned(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temp dir holding `music/` with a small tree, and `outside/`.
    fn fixture() -> (tempfile::TempDir, FileBrowser) {
        let tmp = tempfile::tempdir().unwrap();
        let music = tmp.path().join("music");
        fs::create_dir_all(music.join("Beta")).unwrap();
        fs::create_dir_all(music.join("alpha/inner")).unwrap();
        fs::create_dir_all(music.join(".hidden_dir")).unwrap();
        fs::write(music.join("b.FLAC"), b"12345").unwrap();
        fs::write(music.join("A.wav"), b"1").unwrap();
        fs::write(music.join("cover.jpg"), b"12").unwrap();
        fs::write(music.join(".DS_Store"), b"").unwrap();
        fs::write(music.join("alpha/inner/song.opus"), b"").unwrap();
        fs::create_dir_all(tmp.path().join("outside")).unwrap();
        fs::write(tmp.path().join("outside/secret.wav"), b"s").unwrap();
        let browser = FileBrowser::new(&[music]);
        (tmp, browser)
    }

    fn names(listing: &Listing) -> Vec<&str> {
        listing.entries.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn lists_roots() {
        let (_tmp, b) = fixture();
        let l = b.list("").unwrap();
        assert_eq!(l.path, "");
        assert_eq!(names(&l), ["music"]);
        assert_eq!(l.entries[0].path, "music");
        assert_eq!(l.entries[0].kind, EntryKind::Dir);
        assert!(b.missing().is_empty());
    }

    #[test]
    fn listing_order_kinds_and_audio_flag() {
        let (_tmp, b) = fixture();
        let l = b.list("music").unwrap();
        assert_eq!(l.path, "music");
        assert!(!l.truncated);
        assert_eq!(names(&l), ["alpha", "Beta", "A.wav", "b.FLAC", "cover.jpg"]);
        let e = |name: &str| l.entries.iter().find(|e| e.name == name).unwrap();
        assert_eq!(e("alpha").kind, EntryKind::Dir);
        assert_eq!(e("alpha").bytes, None);
        assert_eq!(e("alpha").path, "music/alpha");
        assert!(!e("alpha").audio);
        assert_eq!(e("b.FLAC").kind, EntryKind::File);
        assert_eq!(e("b.FLAC").bytes, Some(5));
        assert!(e("b.FLAC").audio);
        assert!(e("A.wav").audio);
        assert!(!e("cover.jpg").audio);

        let inner = b.list("music/alpha/inner/").unwrap();
        assert_eq!(inner.path, "music/alpha/inner");
        assert_eq!(inner.entries[0].path, "music/alpha/inner/song.opus");
        assert!(inner.entries[0].audio);
    }

    #[test]
    fn audio_extensions() {
        for name in [
            "a.wav", "a.MP3", "a.Opus", "x.y.aiff", "a.wv", "a.dsf", "a.caf",
        ] {
            assert!(is_audio(name), "{name}");
        }
        for name in ["wav", ".wav", "a.txt", "a.wav.bak", "a", "a.mp4"] {
            assert!(!is_audio(name), "{name}");
        }
    }

    #[test]
    fn resolve_virtual_and_absolute() {
        let (tmp, b) = fixture();
        let real = fs::canonicalize(tmp.path().join("music/alpha/inner/song.opus")).unwrap();
        assert_eq!(b.resolve("music/alpha/inner/song.opus").unwrap(), real);
        assert_eq!(b.resolve(real.to_str().unwrap()).unwrap(), real);
        assert_eq!(
            b.resolve("music").unwrap(),
            fs::canonicalize(tmp.path().join("music")).unwrap()
        );
        let outside = fs::canonicalize(tmp.path().join("outside/secret.wav")).unwrap();
        assert!(matches!(
            b.resolve(outside.to_str().unwrap()),
            Err(FileError::OutsideRoots { .. })
        ));
    }

    #[test]
    fn traversal_attempts_rejected() {
        let (tmp, b) = fixture();
        let invalid_paths = [
            "music/../outside",
            "../x",
            "music/alpha/../../outside",
            "music\\..\\outside",
            "music//alpha",
            "music/./alpha",
            "music/a\0b",
            "/",
        ];
        for p in invalid_paths {
            assert!(
                matches!(b.list(p), Err(FileError::InvalidPath { .. })),
                "{p}"
            );
            if p != "/" {
                assert!(
                    matches!(b.resolve(p), Err(FileError::InvalidPath { .. })),
                    "{p}"
                );
            }
        }
        assert!(matches!(
            b.resolve("/etc/passwd"),
            Err(FileError::OutsideRoots { .. })
        ));
        assert!(matches!(
            b.resolve("/"),
            Err(FileError::OutsideRoots { .. })
        ));
        assert!(matches!(b.list("/etc"), Err(FileError::InvalidPath { .. })));
        // Absolute paths with `..` are refused before anything is looked up (so they
        // cannot probe what exists outside the roots).
        let sneaky = format!("{}/music/../outside/secret.wav", tmp.path().display());
        assert!(matches!(
            b.resolve(&sneaky),
            Err(FileError::InvalidPath { .. })
        ));
        let missing_outside = format!("{}/outside/none.wav", tmp.path().display());
        assert!(matches!(
            b.resolve(&missing_outside),
            Err(FileError::OutsideRoots { .. })
        ));
        // Percent-encoding is not decoded: just a name that doesn't exist.
        assert!(matches!(
            b.resolve("music/%2e%2e"),
            Err(FileError::NotFound { .. })
        ));
        assert!(matches!(
            b.list("music/%2e%2e"),
            Err(FileError::NotFound { .. })
        ));
        assert!(matches!(
            b.resolve(".."),
            Err(FileError::InvalidPath { .. })
        ));
        assert!(matches!(b.resolve(""), Err(FileError::InvalidPath { .. })));
        assert!(matches!(b.list("etc"), Err(FileError::UnknownRoot { .. })));
        assert!(matches!(
            b.resolve("music/A.wav/x"),
            Err(FileError::NotFound { .. })
        ));
    }

    #[test]
    fn errors_name_the_virtual_path() {
        let (_tmp, b) = fixture();
        let e = b.list("music/nope").unwrap_err();
        assert!(matches!(&e, FileError::NotFound { path } if path == "music/nope"));
        assert_eq!(e.to_string(), "\"music/nope\": not found");
        let e = b.list("music/A.wav").unwrap_err();
        assert!(matches!(&e, FileError::NotADirectory { path } if path == "music/A.wav"));
        let e = b.resolve("music/../x").unwrap_err();
        assert!(
            e.to_string().starts_with("\"music/../x\": invalid path"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_escaping_root_is_hidden_and_refused() {
        use std::os::unix::fs::symlink;
        let (tmp, b) = fixture();
        let music = tmp.path().join("music");
        symlink(tmp.path().join("outside"), music.join("escape_dir")).unwrap();
        symlink(
            tmp.path().join("outside/secret.wav"),
            music.join("escape.wav"),
        )
        .unwrap();
        symlink(music.join("missing"), music.join("dangling")).unwrap();
        let l = b.list("music").unwrap();
        for name in ["escape_dir", "escape.wav", "dangling"] {
            assert!(!names(&l).contains(&name), "{name} listed");
        }
        for p in [
            "music/escape_dir",
            "music/escape_dir/secret.wav",
            "music/escape.wav",
        ] {
            assert!(
                matches!(b.resolve(p), Err(FileError::OutsideRoots { .. })),
                "{p}"
            );
        }
        assert!(matches!(
            b.list("music/escape_dir"),
            Err(FileError::OutsideRoots { .. })
        ));
        assert!(matches!(
            b.resolve("music/dangling"),
            Err(FileError::NotFound { .. })
        ));
        // Nothing is revealed about what exists behind the escaping link.
        assert!(matches!(
            b.resolve("music/escape_dir/none.wav"),
            Err(FileError::OutsideRoots { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_within_root_works() {
        use std::os::unix::fs::symlink;
        let (tmp, b) = fixture();
        let music = tmp.path().join("music");
        symlink(music.join("alpha/inner"), music.join("shortcut")).unwrap();
        symlink(music.join("A.wav"), music.join("link.wav")).unwrap();
        let l = b.list("music").unwrap();
        let e = |name: &str| l.entries.iter().find(|e| e.name == name).unwrap();
        assert_eq!(e("shortcut").kind, EntryKind::Dir);
        assert_eq!(e("link.wav").kind, EntryKind::File);
        assert_eq!(e("link.wav").bytes, Some(1));
        assert!(e("link.wav").audio);
        assert_eq!(names(&b.list("music/shortcut").unwrap()), ["song.opus"]);
        assert_eq!(
            b.resolve("music/shortcut/song.opus").unwrap(),
            fs::canonicalize(music.join("alpha/inner/song.opus")).unwrap()
        );
    }

    #[test]
    fn missing_root_reported_and_duplicates_named() {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a/Music");
        let b = tmp.path().join("b/Music");
        let c = tmp.path().join("c/Music-2");
        for d in [&a, &b, &c] {
            fs::create_dir_all(d).unwrap();
        }
        let file = tmp.path().join("file");
        fs::write(&file, b"").unwrap();
        let gone = tmp.path().join("gone");
        let browser = FileBrowser::new(&[
            c.clone(),
            a.clone(),
            gone.clone(),
            b.clone(),
            a.join("."),
            file.clone(),
        ]);
        assert_eq!(browser.missing(), [gone, file]);
        let roots: Vec<_> = browser.roots().map(|(n, _)| n.to_owned()).collect();
        assert_eq!(roots, ["Music-2", "Music", "Music-3"]);
        assert_eq!(
            names(&browser.list("").unwrap()),
            ["Music-2", "Music", "Music-3"]
        );
        assert_eq!(
            browser.resolve("Music-3").unwrap(),
            fs::canonicalize(&b).unwrap()
        );
    }

    #[test]
    fn root_name_falls_back_for_unnamed_folders() {
        assert_eq!(base_name(Path::new("/"), Path::new("/")), "root");
        assert_eq!(base_name(Path::new("x/.."), Path::new("/data/x")), "x");
        assert_eq!(base_name(Path::new("a\\b"), Path::new("/a\\b")), "a_b");
    }

    #[test]
    fn truncates_large_directories() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("big");
        fs::create_dir(&dir).unwrap();
        for i in 0..=MAX_ENTRIES {
            fs::write(dir.join(format!("{i}.wav")), b"").unwrap();
        }
        let b = FileBrowser::new(&[dir]);
        let l = b.list("big").unwrap();
        assert!(l.truncated);
        assert_eq!(l.entries.len(), MAX_ENTRIES);
    }

    #[test]
    fn entry_serializes() {
        let e = Entry {
            name: "a.wav".into(),
            path: "m/a.wav".into(),
            kind: EntryKind::File,
            bytes: Some(3),
            audio: true,
        };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"name":"a.wav","path":"m/a.wav","kind":"file","bytes":3,"audio":true}"#
        );
    }
}
