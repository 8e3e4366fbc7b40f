//! New key files: the machine key and a recovery key, readable by their
//! owner only, never overwriting an existing file.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::repo::crypto::NewKey;

use super::IdentityError;

/// Creates `path` (and its folder) for writing; fails when it exists. On
/// Unix the file is readable by its owner only (mode 0600); on Windows the
/// ProgramData folder's permissions apply.
pub fn create_private(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)
}

/// Writes `key` as an age identity file with a comment header naming what
/// it is (`title`) and its public key.
pub fn write(path: &Path, title: &str, key: &NewKey) -> Result<(), IdentityError> {
    let text = format!(
        "# {title}\n# created: {}\n# public key: {}\n{}\n",
        chrono::Local::now().to_rfc3339(),
        key.recipient,
        key.secret
    );
    create_private(path)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|_| f.sync_all()))
        .map_err(|source| IdentityError::Io {
            path: path.display().to_string(),
            source,
        })
}
