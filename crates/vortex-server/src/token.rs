//! The access token required when the server listens beyond loopback.
//!
//! The token lives in `<dir>/token` (one line, 32..=256 characters of
//! `[A-Za-z0-9_-]`). It is created on first use as 64 lowercase hex digits
//! (32 random bytes), with mode 0600 on unix. Clients present it as the
//! `token` query parameter or as `Authorization: Bearer <token>`.

use std::fs;
use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

/// The token file's name inside the configuration directory.
pub const TOKEN_FILE_NAME: &str = "token";

/// Shortest accepted token, in characters.
pub const MIN_TOKEN_LEN: usize = 32;

/// Longest accepted token, in characters.
pub const MAX_TOKEN_LEN: usize = 256;

/// Random bytes in a newly created token (hex-encoded: twice as many characters).
const NEW_TOKEN_BYTES: usize = 32;

/// Bytes read from an existing token file at most: a valid token plus generous
/// room for surrounding whitespace. Anything longer is invalid.
const MAX_FILE_BYTES: u64 = 4096;

/// Why the token could not be loaded or created.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The token file (or its directory) could not be read, created or written.
    #[error("token file {}: {source}", path.display())]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The token file exists but does not hold a valid token.
    #[error("token file {}: {reason}", path.display())]
    Invalid {
        /// The token file.
        path: PathBuf,
        /// What is wrong with its content.
        reason: String,
    },
}

/// Loads the token from `dir/token`, or creates it (and `dir`) if missing.
///
/// Returns the token and whether it was created by this call (so the caller
/// can show it to the user once). The existing file's content is trimmed of
/// surrounding whitespace before validation.
pub fn load_or_create(dir: &Path) -> Result<(String, bool), TokenError> {
    let path = dir.join(TOKEN_FILE_NAME);
    if let Some(token) = read_existing(&path)? {
        return Ok((token, false));
    }
    create(dir, &path)
}

/// Reads and validates an existing token file; `None` if there is none.
fn read_existing(path: &Path) -> Result<Option<String>, TokenError> {
    let io_err = |source| TokenError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(e)),
    };
    let mut raw = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut raw)
        .map_err(io_err)?;
    let invalid = |reason: String| TokenError::Invalid {
        path: path.to_path_buf(),
        reason,
    };
    if raw.len() as u64 > MAX_FILE_BYTES {
        return Err(invalid(format!("larger than {MAX_FILE_BYTES} bytes")));
    }
    let text = String::from_utf8(raw).map_err(|_| invalid("not UTF-8 text".to_owned()))?;
    let token = text.trim();
    validate(token).map_err(invalid)?;
    Ok(Some(token.to_owned()))
}

/// Checks a token's length and alphabet.
fn validate(token: &str) -> Result<(), String> {
    let len = token.len();
    if !(MIN_TOKEN_LEN..=MAX_TOKEN_LEN).contains(&len) {
        return Err(format!(
            "token must be {MIN_TOKEN_LEN} to {MAX_TOKEN_LEN} characters, found {len}"
        ));
    }
    if let Some(c) = token
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(format!(
            "token may only contain A-Z, a-z, 0-9, '_' and '-', found {c:?}"
        ));
    }
    Ok(())
}

/// Creates `dir` if needed and a new token file in it, atomically.
///
/// If another process created the file meanwhile, its token is used instead.
fn create(dir: &Path, path: &Path) -> Result<(String, bool), TokenError> {
    let dir_err = |source| TokenError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let file_err = |source| TokenError::Io {
        path: path.to_path_buf(),
        source,
    };
    create_private_dir(dir).map_err(dir_err)?;

    let token = new_token();
    let mut tmp = tempfile::Builder::new()
        .prefix(".token-")
        .tempfile_in(dir)
        .map_err(dir_err)?;
    restrict_permissions(tmp.as_file()).map_err(file_err)?;
    tmp.write_all(token.as_bytes())
        .and_then(|()| tmp.write_all(b"\n"))
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(file_err)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok((token, true)),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
            // Lost a race with another process: use its token.
            match read_existing(path)? {
                Some(existing) => Ok((existing, false)),
                None => Err(file_err(e.error)),
            }
        }
        Err(e) => Err(file_err(e.error)),
    }
}

/// 32 random bytes from the thread-local CSPRNG, as 64 lowercase hex digits.
fn new_token() -> String {
    let bytes: [u8; NEW_TOKEN_BYTES] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
fn restrict_permissions(file: &fs::File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn restrict_permissions(_file: &fs::File) -> io::Result<()> {
    Ok(())
}

/// Compares a presented token with the expected one in constant time.
///
/// Every byte position up to the longer length is examined, with no early
/// exit; different lengths never match. An empty `expected` never matches.
pub fn token_matches(expected: &str, candidate: &str) -> bool {
    let a = expected.as_bytes();
    let b = candidate.as_bytes();
    let mut diff: u8 = 0;
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= x ^ y;
    }
    let diff = std::hint::black_box(diff);
    diff == 0 && a.len() == b.len() && !a.is_empty()
}

/// Whether `addr` is a loopback address: 127.0.0.0/8, `::1`, or an
/// IPv4-mapped loopback (`::ffff:127.x.y.z`).
pub fn is_loopback(addr: &SocketAddr) -> bool {
    match addr.ip() {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// The token a request presents, if any.
///
/// - `authorization`: the `Authorization` header value; `Bearer <token>`
///   (scheme case-insensitive) is used first.
/// - `query`: the URL query string (with or without a leading `?`); the first
///   non-empty `token=<value>` pair is used. No percent-decoding is done
///   (valid tokens never need it).
///
/// Empty tokens count as absent.
pub fn token_from_request(query: Option<&str>, authorization: Option<&str>) -> Option<String> {
    authorization
        .and_then(bearer_token)
        .or_else(|| query.and_then(query_token))
        .map(str::to_owned)
}

fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, rest) = header.trim().split_once(char::is_whitespace)?;
    let token = rest.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

fn query_token(query: &str) -> Option<&str> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, value)| *key == "token" && !value.is_empty())
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV6};

    #[test]
    fn create_then_load_gives_same_token() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("nested").join("config");
        let (created, fresh) = load_or_create(&dir).unwrap();
        assert!(fresh);
        assert_eq!(created.len(), 64);
        assert!(created.chars().all(|c| c.is_ascii_hexdigit()));
        let (loaded, fresh) = load_or_create(&dir).unwrap();
        assert!(!fresh);
        assert_eq!(created, loaded);
        // Only the token file is left behind (no temporary files).
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [TOKEN_FILE_NAME]);
    }

    #[test]
    fn tokens_are_random() {
        assert_ne!(new_token(), new_token());
    }

    #[cfg(unix)]
    #[test]
    fn token_file_mode_is_0600() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        load_or_create(tmp.path()).unwrap();
        let mode = fs::metadata(tmp.path().join(TOKEN_FILE_NAME))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn existing_token_is_trimmed() {
        let tmp = tempfile::tempdir().unwrap();
        let token = "A".repeat(20) + "b_c-" + &"9".repeat(20);
        fs::write(tmp.path().join(TOKEN_FILE_NAME), format!("  {token}\r\n")).unwrap();
        assert_eq!(load_or_create(tmp.path()).unwrap(), (token, false));
    }

    #[test]
    fn corrupt_token_file_is_an_error_naming_it() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(TOKEN_FILE_NAME);
        let long = "a".repeat(MAX_TOKEN_LEN + 1);
        let bad: [&[u8]; 6] = [
            b"",
            b"short",
            long.as_bytes(),
            b"0123456789abcdef0123456789abcdef!",
            b"0123456789abcdef 0123456789abcdef",
            b"\xff\xfe0123456789abcdef0123456789abcdef",
        ];
        for content in bad {
            fs::write(&path, content).unwrap();
            let err = load_or_create(tmp.path()).unwrap_err();
            assert!(matches!(&err, TokenError::Invalid { path: p, .. } if *p == path));
            assert!(
                err.to_string().contains(&path.display().to_string()),
                "{err}"
            );
        }
        // The bad file is left untouched.
        assert_eq!(fs::read(&path).unwrap(), bad[5]);
    }

    #[test]
    fn huge_token_file_is_invalid() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join(TOKEN_FILE_NAME), vec![b'a'; 1 << 20]).unwrap();
        assert!(matches!(
            load_or_create(tmp.path()),
            Err(TokenError::Invalid { .. })
        ));
    }

    #[test]
    fn unusable_dir_is_an_io_error() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("not-a-dir");
        fs::write(&file, b"x").unwrap();
        assert!(matches!(load_or_create(&file), Err(TokenError::Io { .. })));
    }

    #[test]
    fn matching() {
        let t = "0123456789abcdef0123456789abcdef";
        assert!(token_matches(t, t));
        assert!(!token_matches(t, "0123456789abcdef0123456789abcdeF"));
        assert!(!token_matches(t, "0123456789abcdef0123456789abcde"));
        assert!(!token_matches(t, "0123456789abcdef0123456789abcdef0"));
        assert!(!token_matches(t, ""));
        assert!(!token_matches("", ""));
        // A candidate padded with NULs to the same bytes doesn't match.
        assert!(!token_matches("ab", "ab\0"));
    }

    #[test]
    fn loopback_cases() {
        let v4 = |a, b, c, d| SocketAddr::from((Ipv4Addr::new(a, b, c, d), 8080));
        let v6 = |ip: Ipv6Addr| SocketAddr::V6(SocketAddrV6::new(ip, 8080, 0, 0));
        assert!(is_loopback(&v4(127, 0, 0, 1)));
        assert!(is_loopback(&v4(127, 1, 2, 3)));
        assert!(!is_loopback(&v4(0, 0, 0, 0)));
        assert!(!is_loopback(&v4(192, 168, 1, 10)));
        assert!(!is_loopback(&v4(128, 0, 0, 1)));
        assert!(is_loopback(&v6(Ipv6Addr::LOCALHOST)));
        assert!(!is_loopback(&v6(Ipv6Addr::UNSPECIFIED)));
        assert!(is_loopback(&v6(
            Ipv4Addr::new(127, 0, 0, 1).to_ipv6_mapped()
        )));
        assert!(is_loopback(&v6(
            Ipv4Addr::new(127, 9, 9, 9).to_ipv6_mapped()
        )));
        assert!(!is_loopback(&v6(
            Ipv4Addr::new(10, 0, 0, 1).to_ipv6_mapped()
        )));
        // IPv4-compatible (deprecated) ::127.0.0.1 is not loopback.
        assert!(!is_loopback(&v6(
            Ipv4Addr::new(127, 0, 0, 1).to_ipv6_compatible()
        )));
        assert!(!is_loopback(&"[fe80::1]:80".parse().unwrap()));
    }

    #[test]
    fn extraction() {
        let get = token_from_request;
        assert_eq!(get(Some("token=abc"), None).as_deref(), Some("abc"));
        assert_eq!(get(Some("?token=abc"), None).as_deref(), Some("abc"));
        assert_eq!(get(Some("a=1&token=abc&b=2"), None).as_deref(), Some("abc"));
        assert_eq!(get(Some("token=&token=x"), None).as_deref(), Some("x"));
        assert_eq!(get(Some("xtoken=abc"), None), None);
        assert_eq!(get(Some("token"), None), None);
        assert_eq!(get(Some(""), None), None);
        assert_eq!(get(None, Some("Bearer abc")).as_deref(), Some("abc"));
        assert_eq!(get(None, Some("bearer   abc  ")).as_deref(), Some("abc"));
        assert_eq!(get(None, Some("Basic abc")), None);
        assert_eq!(get(None, Some("Bearer")), None);
        assert_eq!(get(None, Some("Bearer   ")), None);
        assert_eq!(get(None, Some("")), None);
        // The header wins over the query; a useless header falls back to it.
        assert_eq!(get(Some("token=q"), Some("Bearer h")).as_deref(), Some("h"));
        assert_eq!(get(Some("token=q"), Some("Basic h")).as_deref(), Some("q"));
        assert_eq!(get(None, None), None);
    }
}
