//! disk — how big the filesystem holding a folder is and how much of it is
//! free: the SQL staging drive, an RDX cartridge. Depends on nothing else in
//! the crate, so any module may ask.

use std::io;
use std::path::Path;

/// Sizes of one filesystem, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Space {
    /// Its whole size.
    pub total: u64,
    /// What this process may still write (quota and reserved blocks taken
    /// off, as `statvfs`' `f_bavail` / `GetDiskFreeSpaceExW`'s caller bytes say).
    pub free: u64,
}

/// Total and free bytes of the filesystem holding `dir` (which must exist).
/// Unix: `statvfs(3)`; Windows: `GetDiskFreeSpaceExW`
/// (https://learn.microsoft.com/windows/win32/api/fileapi/nf-fileapi-getdiskfreespaceexw).
#[cfg(unix)]
pub fn space(dir: &Path) -> io::Result<Space> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path contains NUL"))?;
    // SAFETY: `path` is a valid NUL-terminated string; `stat` is plain data
    // that statvfs fills in completely on success.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::statvfs(path.as_ptr(), &mut stat) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    #[allow(clippy::unnecessary_cast)] // the field types differ between platforms
    let (blocks, avail, frsize) = (
        stat.f_blocks as u64,
        stat.f_bavail as u64,
        stat.f_frsize as u64,
    );
    Ok(Space {
        total: blocks.saturating_mul(frsize),
        free: avail.saturating_mul(frsize),
    })
}

/// Total and free bytes of the filesystem holding `dir` (see the unix version).
#[cfg(windows)]
pub fn space(dir: &Path) -> io::Result<Space> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::Storage::FileSystem::GetDiskFreeSpaceExW;
    let wide: Vec<u16> = dir
        .as_os_str()
        .encode_wide()
        .chain(std::iter::once(0))
        .collect();
    let (mut free, mut total): (u64, u64) = (0, 0);
    // SAFETY: `wide` is NUL-terminated; the out-pointers are valid or null.
    let ok =
        unsafe { GetDiskFreeSpaceExW(wide.as_ptr(), &mut free, &mut total, std::ptr::null_mut()) };
    if ok == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(Space { total, free })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_folder_has_a_size_and_free_space_within_it() {
        let dir = std::env::temp_dir();
        let s = super::space(&dir).unwrap();
        assert!(s.total > 0);
        assert!(s.free <= s.total);
        assert!(super::space(&dir.join("does-not-exist-tresor")).is_err());
    }
}
