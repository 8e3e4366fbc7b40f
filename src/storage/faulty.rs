//! Test aid: a `Backend` wrapper that fails the way real destinations fail.
//!
//! Owns fault injection for repository tests (in this crate and in `tests/`):
//! a cartridge that fills up after N bytes, and a medium pulled or a share
//! dropped after N operations. It never corrupts data: every fault is a clean
//! error, exactly as the real backend would report it, and a failed `put`
//! stores nothing (puts are atomic). Not for production use.

use std::io;
use std::sync::{Mutex, MutexGuard};

use super::{Backend, ObjectInfo, StorageError};

/// How the destination goes away in `unavailable_after_ops`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// RDX cartridge pulled / USB disk gone: not transient.
    MediumPulled,
    /// SMB/NFS session dropped: transient, a retry may succeed once `heal`ed.
    ShareDropped,
}

#[derive(Debug, Default)]
struct State {
    bytes_written: u64,
    ops: u64,
    no_space_after: Option<u64>,
    unavailable_after: Option<(u64, Outage)>,
}

/// Wraps a backend and injects faults; see the module docs.
#[derive(Debug)]
pub struct FaultyBackend<B> {
    inner: B,
    state: Mutex<State>,
}

impl<B: Backend> FaultyBackend<B> {
    /// A wrapper that, until configured, passes everything through.
    pub fn new(inner: B) -> Self {
        FaultyBackend {
            inner,
            state: Mutex::new(State::default()),
        }
    }

    /// A `put` that would take the total bytes written (through this wrapper,
    /// deletes not subtracted) above `limit` fails with `NoSpace` and stores
    /// nothing; smaller puts may still fit, as on a real disk.
    pub fn no_space_after_bytes(self, limit: u64) -> Self {
        self.lock().no_space_after = Some(limit);
        self
    }

    /// Operations after the first `ops` fail with `Unavailable` (`location`
    /// does not count as an operation).
    pub fn unavailable_after_ops(self, ops: u64, outage: Outage) -> Self {
        self.lock().unavailable_after = Some((ops, outage));
        self
    }

    /// Changes the outage while the wrapper is in use (e.g. pull the medium
    /// between two phases of a test): the next `ops` operations from now on
    /// succeed.
    pub fn set_unavailable_after_ops(&self, ops: u64, outage: Outage) {
        let mut s = self.lock();
        s.unavailable_after = Some((s.ops + ops, outage));
    }

    /// Removes all faults: the cartridge is back, the share reconnected.
    pub fn heal(&self) {
        let mut s = self.lock();
        s.no_space_after = None;
        s.unavailable_after = None;
    }

    /// Bytes successfully written so far.
    pub fn bytes_written(&self) -> u64 {
        self.lock().bytes_written
    }

    /// Operations attempted so far (failed ones included).
    pub fn ops(&self) -> u64 {
        self.lock().ops
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    pub fn into_inner(self) -> B {
        self.inner
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not hide the state from the others.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts one operation and fails it if the destination is "gone".
    fn op(&self) -> Result<(), StorageError> {
        let mut s = self.lock();
        s.ops += 1;
        match s.unavailable_after {
            Some((limit, outage)) if s.ops > limit => Err(StorageError::Unavailable {
                location: self.inner.location(),
                source: match outage {
                    Outage::MediumPulled => io::Error::other("simulated: medium removed"),
                    Outage::ShareDropped => {
                        io::Error::new(io::ErrorKind::NotConnected, "simulated: share dropped")
                    }
                },
            }),
            _ => Ok(()),
        }
    }

    fn write(
        &self,
        data: &[u8],
        put: impl FnOnce() -> Result<(), StorageError>,
    ) -> Result<(), StorageError> {
        self.op()?;
        let len = data.len() as u64;
        {
            let s = self.lock();
            if let Some(limit) = s.no_space_after {
                if s.bytes_written.saturating_add(len) > limit {
                    return Err(StorageError::NoSpace {
                        location: self.inner.location(),
                    });
                }
            }
        }
        put()?;
        self.lock().bytes_written += len;
        Ok(())
    }
}

impl<B: Backend> Backend for FaultyBackend<B> {
    fn location(&self) -> String {
        self.inner.location()
    }

    fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        self.op()?;
        self.inner.get(key)
    }

    fn get_range(&self, key: &str, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
        self.op()?;
        self.inner.get_range(key, offset, len)
    }

    fn put(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        self.write(data, || self.inner.put(key, data))
    }

    fn put_new(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        self.write(data, || self.inner.put_new(key, data))
    }

    fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StorageError> {
        self.op()?;
        self.inner.list(prefix)
    }

    fn delete(&self, key: &str) -> Result<(), StorageError> {
        self.op()?;
        self.inner.delete(key)
    }

    fn stat(&self, key: &str) -> Result<Option<ObjectInfo>, StorageError> {
        self.op()?;
        self.inner.stat(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::local::LocalBackend;

    fn local() -> (tempfile::TempDir, LocalBackend) {
        let dir = tempfile::tempdir().expect("tempdir");
        let b = LocalBackend::open(dir.path().to_path_buf()).expect("open");
        (dir, b)
    }

    fn fixture() -> (tempfile::TempDir, FaultyBackend<LocalBackend>) {
        let (dir, b) = local();
        (dir, FaultyBackend::new(b))
    }

    // Without faults configured the wrapper is a conforming backend.
    crate::storage::conformance::conformance_tests!(fixture());

    #[test]
    fn fills_up_like_a_cartridge() {
        let (_dir, b) = local();
        let b = FaultyBackend::new(b).no_space_after_bytes(100);
        b.put("packs/a", &[0; 60]).expect("fits");
        let err = b.put("packs/b", &[0; 60]).expect_err("full");
        assert!(matches!(err, StorageError::NoSpace { .. }), "{err:?}");
        assert!(!err.is_transient());
        assert_eq!(b.stat("packs/b").expect("stat"), None, "nothing stored");
        b.put_new("locks/l", &[0; 40]).expect("still fits exactly");
        assert_eq!(b.bytes_written(), 100);
        assert!(b.put("x", &[0]).is_err());
        b.heal();
        b.put("x", &[0]).expect("bigger medium");
    }

    #[test]
    fn medium_pulled_after_n_ops() {
        let (_dir, b) = local();
        let b = FaultyBackend::new(b).unavailable_after_ops(2, Outage::MediumPulled);
        b.put("a", b"1").expect("op 1");
        b.get("a").expect("op 2");
        let err = b.get("a").expect_err("op 3");
        assert!(matches!(err, StorageError::Unavailable { .. }), "{err:?}");
        assert!(!err.is_transient());
        assert!(b.list("").is_err());
        assert!(b.delete("a").is_err());
        assert_eq!(b.ops(), 5);
        assert_eq!(b.inner().get("a").expect("data intact"), b"1");
    }

    #[test]
    fn dropped_share_is_transient_and_heals() {
        let (_dir, b) = local();
        let b = FaultyBackend::new(b);
        b.put("a", b"1").expect("put");
        b.set_unavailable_after_ops(0, Outage::ShareDropped);
        let err = b.stat("a").expect_err("dropped");
        assert!(err.is_transient(), "{err:?}");
        b.heal();
        assert!(b.stat("a").expect("stat").is_some());
    }
}
