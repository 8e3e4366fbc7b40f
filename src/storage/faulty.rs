//! Test aid: a `Backend` wrapper that fails the way real destinations fail.
//!
//! Owns fault injection for repository tests (in this crate and in `tests/`):
//! a cartridge that fills up after N bytes, a medium pulled or a share
//! dropped after N operations, and — for crash tests that visit every write
//! of a run, as SQLite's I/O-error tests do — a failed write or a power cut
//! at write N, and a failed read at read N. It never corrupts data: every
//! fault is a clean error, exactly as the real backend would report it, and a
//! failed `put` stores nothing (puts are atomic). Not for production use.

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

/// What happens at the write chosen with `fault_at_write`. Writes are
/// `put`, `put_new` and `delete`, counted from 1 in the order they arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteFault {
    /// That one write fails with an I/O error and changes nothing; the
    /// operations after it succeed again (a bad sector, a hiccup on the share).
    Fail,
    /// Power cut: that write and everything after it (reads included) fail,
    /// so nothing from write N on lands — what a killed process leaves. A test
    /// then "reboots" by opening the repository on `inner()` (or after `heal`).
    Abort,
}

#[derive(Debug, Default)]
struct State {
    bytes_written: u64,
    ops: u64,
    no_space_after: Option<u64>,
    unavailable_after: Option<(u64, Outage)>,
    writes: u64,
    reads: u64,
    write_fault: Option<(u64, WriteFault)>,
    read_fault: Option<u64>,
    /// Set once the power cut happened: every operation fails from then on.
    cut: bool,
    /// Key of the operation the write or read fault hit, once it has fired.
    fired_on: Option<String>,
    /// Every write attempted, e.g. `put packs/3f/3f…`, `delete locks/…`.
    write_log: Vec<String>,
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

    /// Write number `n` (counted from now, 1-based) fails or cuts the power;
    /// see [`WriteFault`]. Replaces an earlier write or read fault.
    pub fn set_fault_at_write(&self, n: u64, fault: WriteFault) {
        let mut s = self.lock();
        s.write_fault = Some((s.writes + n, fault));
        s.read_fault = None;
        s.fired_on = None;
    }

    /// Read number `n` (`get` or `get_range`, counted from now, 1-based)
    /// fails with an I/O error; the reads after it succeed. Replaces an
    /// earlier write or read fault.
    pub fn set_fault_at_read(&self, n: u64) {
        let mut s = self.lock();
        s.read_fault = Some(s.reads + n);
        s.write_fault = None;
        s.fired_on = None;
    }

    /// Whether the fault set with `set_fault_at_write`/`set_fault_at_read`
    /// was reached (a run with fewer writes than N never meets it).
    pub fn fault_fired(&self) -> bool {
        self.lock().fired_on.is_some()
    }

    /// The key of the write or read the fault hit, once it has fired.
    pub fn fired_on(&self) -> Option<String> {
        self.lock().fired_on.clone()
    }

    /// Writes attempted so far (`put`, `put_new`, `delete`; failed ones included).
    pub fn writes(&self) -> u64 {
        self.lock().writes
    }

    /// Reads attempted so far (`get`, `get_range`; failed ones included).
    pub fn reads(&self) -> u64 {
        self.lock().reads
    }

    /// Every write attempted so far, in order: `put KEY`, `put_new KEY`,
    /// `delete KEY`. Lets a crash test say which write it failed.
    pub fn write_log(&self) -> Vec<String> {
        self.lock().write_log.clone()
    }

    /// Removes all faults: the cartridge is back, the share reconnected,
    /// the power on again.
    pub fn heal(&self) {
        let mut s = self.lock();
        s.no_space_after = None;
        s.unavailable_after = None;
        s.write_fault = None;
        s.read_fault = None;
        s.cut = false;
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
        if s.cut {
            return Err(self.power_cut());
        }
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

    fn power_cut(&self) -> StorageError {
        StorageError::Unavailable {
            location: self.inner.location(),
            source: io::Error::other("simulated: power cut"),
        }
    }

    /// Counts one write (before `op`, so a write after a power cut is
    /// logged too) and applies the write fault.
    fn write_point(&self, what: &str, key: &str) -> Result<(), StorageError> {
        {
            let mut s = self.lock();
            s.writes += 1;
            s.write_log.push(format!("{what} {key}"));
            match s.write_fault {
                Some((n, fault)) if s.writes == n => {
                    s.fired_on = Some(key.to_string());
                    match fault {
                        WriteFault::Abort => s.cut = true,
                        WriteFault::Fail => {
                            s.ops += 1;
                            return Err(StorageError::Io {
                                key: key.to_string(),
                                source: io::Error::other("simulated: write failed"),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        self.op()
    }

    /// Counts one read and applies the read fault.
    fn read_point(&self, key: &str) -> Result<(), StorageError> {
        {
            let mut s = self.lock();
            s.reads += 1;
            if s.read_fault == Some(s.reads) {
                s.fired_on = Some(key.to_string());
                s.ops += 1;
                return Err(StorageError::Io {
                    key: key.to_string(),
                    source: io::Error::other("simulated: read failed"),
                });
            }
        }
        self.op()
    }

    fn write(
        &self,
        what: &str,
        key: &str,
        data: &[u8],
        put: impl FnOnce() -> Result<(), StorageError>,
    ) -> Result<(), StorageError> {
        self.write_point(what, key)?;
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
    forward_properties!(inner);

    fn location(&self) -> String {
        self.inner.location()
    }

    fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        self.read_point(key)?;
        self.inner.get(key)
    }

    fn get_range(&self, key: &str, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
        self.read_point(key)?;
        self.inner.get_range(key, offset, len)
    }

    fn put(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        self.write("put", key, data, || self.inner.put(key, data))
    }

    fn put_new(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        self.write("put_new", key, data, || self.inner.put_new(key, data))
    }

    fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StorageError> {
        self.op()?;
        self.inner.list(prefix)
    }

    fn delete(&self, key: &str) -> Result<(), StorageError> {
        self.write_point("delete", key)?;
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
    fn a_failed_write_changes_nothing_and_the_next_one_works() {
        let (_dir, b) = local();
        let b = FaultyBackend::new(b);
        b.put("a", b"1").expect("write 1");
        b.set_fault_at_write(2, WriteFault::Fail);
        b.put("b", b"2").expect("write 1 from now");
        assert!(!b.fault_fired());
        let err = b.delete("a").expect_err("write 2 from now");
        assert!(matches!(err, StorageError::Io { .. }), "{err:?}");
        assert!(b.fault_fired());
        assert_eq!(b.get("a").expect("not deleted"), b"1");
        b.put("c", b"3").expect("later writes work");
        assert_eq!(b.writes(), 4);
        assert_eq!(b.write_log(), ["put a", "put b", "delete a", "put c"]);
    }

    #[test]
    fn power_cut_stops_everything_from_write_n() {
        let (_dir, b) = local();
        let b = FaultyBackend::new(b);
        b.set_fault_at_write(2, WriteFault::Abort);
        b.put("a", b"1").expect("write 1");
        b.get("a").expect("reads before the cut work");
        assert!(b.put_new("l", b"2").is_err(), "write 2 is cut");
        assert!(b.get("a").is_err(), "reads after the cut fail");
        assert!(b.delete("a").is_err());
        assert_eq!(b.inner().stat("l").expect("stat"), None, "nothing landed");
        assert_eq!(b.inner().get("a").expect("earlier write kept"), b"1");
        b.heal();
        b.get("a").expect("power back");
    }

    #[test]
    fn read_n_fails_once() {
        let (_dir, b) = local();
        let b = FaultyBackend::new(b);
        b.put("a", b"12345").expect("put");
        b.set_fault_at_read(2);
        b.get("a").expect("read 1");
        assert!(b.get_range("a", 1, 2).is_err(), "read 2");
        assert_eq!(b.fired_on().as_deref(), Some("a"));
        assert_eq!(b.get_range("a", 1, 2).expect("read 3"), b"23");
        b.stat("a").expect("stat is not a read of data");
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
