//! Free space of the drive holding a folder (the staging folder).

use std::io;
use std::path::Path;

/// Bytes SQL Server may still write to the drive holding `dir`.
pub(crate) fn available_bytes(dir: &Path) -> io::Result<u64> {
    crate::disk::space(dir).map(|s| s.free)
}
