//! Opening input files safely: only regular files, and never more than a size limit
//! (a FIFO, `/dev/zero` or a huge file must give an error, not exhaust memory).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Pipeline and EQ files larger than this are refused, bytes (16 MiB).
pub const MAX_TEXT_CONFIG_BYTES: u64 = 16 * 1024 * 1024;

/// Opens `path` for reading if it is a regular file of at most `max_bytes` bytes, and
/// returns it with its length. The returned reader stops at that length even if the
/// file grows meanwhile.
pub fn open_limited(path: &Path, max_bytes: u64) -> io::Result<(io::Take<File>, u64)> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let len = meta.len();
    if len > max_bytes {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("{len} bytes exceed the limit of {max_bytes} bytes"),
        ));
    }
    Ok((file.take(len), len))
}

/// Reads a whole regular file of at most `max_bytes` bytes.
pub fn read_limited(path: &Path, max_bytes: u64) -> io::Result<Vec<u8>> {
    let (mut reader, len) = open_limited(path, max_bytes)?;
    let mut bytes = Vec::with_capacity(len as usize);
    reader.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_devices_directories_and_big_files() {
        let e = read_limited(Path::new("/dev/zero"), 100).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        let dir = tempfile::tempdir().unwrap();
        assert!(read_limited(dir.path(), 100).is_err());
        let f = dir.path().join("f");
        std::fs::write(&f, [7u8; 200]).unwrap();
        assert_eq!(
            read_limited(&f, 100).unwrap_err().kind(),
            io::ErrorKind::FileTooLarge
        );
        assert_eq!(read_limited(&f, 200).unwrap(), vec![7u8; 200]);
    }
}
