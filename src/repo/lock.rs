//! Repository locks: backups (and check) take a shared lock, prune an
//! exclusive one, so prune never runs while a backup may reference a pack.
//! A lock is taken before the index is loaded ([`LockedRepo`]): a prune that
//! ran in between could have deleted what that index names.
//!
//! A lock is a small JSON file under `locks/`, refreshed every few minutes.
//! A lock that was read and proven stale (not refreshed for `STALE_AFTER`, or
//! its process gone on this host) is removed by the next run, so a killed
//! backup never needs manual repair. A lock that cannot be read is never
//! removed: a transient read error proves nothing. A run whose own lock could
//! not be refreshed, or was removed by another run, has lost it: it stops
//! before it writes a snapshot ([`RepoLock::verify`]).

use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Local, Utc};
use crossbeam_channel::{bounded, select, Receiver, Sender};
use serde::{Deserialize, Serialize};

use crate::storage::{Backend, StorageError};

use super::error::{RepoError, Result};
use super::id::Id;
use super::repository::{IndexedRepo, Repository};

pub const LOCK_DIR: &str = "locks/";
const REFRESH_EVERY: Duration = Duration::from_secs(300);
const STALE_AFTER_MINUTES: i64 = 30;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LockInfo {
    pub host: String,
    pub pid: u32,
    pub exclusive: bool,
    pub created: DateTime<Utc>,
    pub refreshed: DateTime<Utc>,
    pub purpose: String,
}

impl LockInfo {
    fn holder(&self) -> String {
        format!(
            "{} on {} (pid {}, since {})",
            self.purpose,
            self.host,
            self.pid,
            self.created.with_timezone(&Local).format("%d.%m.%Y %H:%M")
        )
    }

    fn is_stale(&self, now: DateTime<Utc>, this_host: &str) -> bool {
        if (now - self.refreshed).num_minutes() >= STALE_AFTER_MINUTES {
            return true;
        }
        self.host == this_host && !process_alive(self.pid)
    }
}

/// Only Linux can tell cheaply; elsewhere a lock goes stale by age alone.
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc_dir = std::path::Path::new("/proc");
    if proc_dir.join("self").exists() {
        return proc_dir.join(pid.to_string()).exists();
    }
    true
}

pub fn hostname() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}

/// What the refresher thread and [`RepoLock::verify`] share.
struct Held {
    backend: Arc<dyn Backend>,
    key: String,
    info: Mutex<LockInfo>,
    /// Why the lock was lost; once set, nothing refreshes it again.
    lost: Mutex<Option<LockLoss>>,
}

/// Why a run lost its repository lock (`RepoError::LockLost`).
#[derive(Debug, Clone, thiserror::Error)]
pub enum LockLoss {
    /// Another run removed the lock file, taking this run for stale.
    #[error("{key} was removed by another run that took this one for stale")]
    Removed { key: String },
    /// The refreshed lock file could not be written.
    #[error("{key} could not be written: {error}")]
    Unwritable {
        key: String,
        error: Arc<StorageError>,
    },
    /// The lock file could not be read to prove it is still ours.
    #[error("{key} could not be read: {error}")]
    Unreadable {
        key: String,
        error: Arc<StorageError>,
    },
    /// The lock information could not be encoded (a bug; never expected).
    #[error("lock information could not be encoded: {0}")]
    Encode(String),
}

impl Held {
    fn lost(&self) -> Option<LockLoss> {
        self.lost.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn set_lost(&self, why: LockLoss) {
        let mut l = self.lost.lock().unwrap_or_else(|p| p.into_inner());
        if l.is_none() {
            *l = Some(why);
        }
    }

    /// Proves the lock file is still ours, then writes a new refresh time.
    /// A lock file another run removed is not written again: that run took
    /// this one for stale and may have acted on it.
    fn refresh(&self) -> Result<()> {
        if let Some(why) = self.lost() {
            return Err(RepoError::LockLost { reason: why });
        }
        let mut info = self.info.lock().unwrap_or_else(|p| p.into_inner());
        let result = match self.backend.stat(&self.key) {
            Ok(Some(_)) => {
                info.refreshed = Utc::now();
                serde_json::to_vec(&*info)
                    .map_err(|e| LockLoss::Encode(e.to_string()))
                    .and_then(|b| {
                        self.backend
                            .put(&self.key, &b)
                            .map_err(|e| LockLoss::Unwritable {
                                key: self.key.clone(),
                                error: Arc::new(e),
                            })
                    })
            }
            Ok(None) => Err(LockLoss::Removed {
                key: self.key.clone(),
            }),
            Err(e) => Err(LockLoss::Unreadable {
                key: self.key.clone(),
                error: Arc::new(e),
            }),
        };
        result.map_err(|why| {
            self.set_lost(why.clone());
            RepoError::LockLost { reason: why }
        })
    }
}

pub struct RepoLock {
    held: Arc<Held>,
    exclusive: bool,
    /// Creation times of the other runs' locks seen while acquiring, stale
    /// ones included; `None` for a lock file that could not be parsed.
    others: Vec<Option<DateTime<Utc>>>,
    /// Dropping it wakes and ends the refresher at once.
    stop: Option<Sender<()>>,
    refresher: Option<JoinHandle<()>>,
    /// Disconnected when the refresher has ended.
    #[cfg_attr(not(test), allow(dead_code))]
    refresher_done: Receiver<()>,
}

impl RepoLock {
    pub fn acquire(backend: Arc<dyn Backend>, exclusive: bool, purpose: &str) -> Result<RepoLock> {
        Self::acquire_with(
            backend,
            exclusive,
            purpose,
            crossbeam_channel::tick(REFRESH_EVERY),
        )
    }

    /// Like `acquire`, refreshing the lock file on every message from `ticks`
    /// (a `tick(REFRESH_EVERY)` in production; tests send the ticks themselves,
    /// so no test waits for or measures time).
    fn acquire_with<T: Send + 'static>(
        backend: Arc<dyn Backend>,
        exclusive: bool,
        purpose: &str,
        ticks: Receiver<T>,
    ) -> Result<RepoLock> {
        let host = hostname();
        let now = Utc::now();
        let mut others = check_conflicts(backend.as_ref(), exclusive, &host, None)?;
        let info = LockInfo {
            host: host.clone(),
            pid: std::process::id(),
            exclusive,
            created: now,
            refreshed: now,
            purpose: purpose.to_string(),
        };
        let key = format!("{LOCK_DIR}{}", Id::random());
        let bytes = serde_json::to_vec(&info).map_err(|e| RepoError::damaged(&key, e))?;
        backend.put_new(&key, &bytes)?;
        // Two runs may have checked at the same moment: look again now that ours is visible.
        match check_conflicts(backend.as_ref(), exclusive, &host, Some(&key)) {
            Ok(again) => others.extend(again),
            Err(e) => {
                let _ = backend.delete(&key);
                return Err(e);
            }
        }
        let held = Arc::new(Held {
            backend,
            key,
            info: Mutex::new(info),
            lost: Mutex::new(None),
        });
        let (stop, stopped) = bounded::<()>(0);
        let (done, refresher_done) = bounded::<()>(0);
        let refresher = {
            let held = held.clone();
            std::thread::spawn(move || {
                let _done = done;
                // Refresh on every tick until the lock is dropped or lost;
                // dropping the sender wakes this thread at once, whatever
                // the tick interval.
                loop {
                    select! {
                        recv(stopped) -> _ => return,
                        recv(ticks) -> tick => {
                            if tick.is_err() {
                                // No more ticks: only the stop can come now.
                                let _ = stopped.recv();
                                return;
                            }
                            if held.refresh().is_err() {
                                return;
                            }
                        }
                    }
                }
            })
        };
        Ok(RepoLock {
            held,
            exclusive,
            others,
            stop: Some(stop),
            refresher: Some(refresher),
            refresher_done,
        })
    }

    pub fn is_exclusive(&self) -> bool {
        self.exclusive
    }

    /// Cheap: has the refresher lost the lock? Long loops call this often.
    pub fn check(&self) -> Result<()> {
        match self.held.lost() {
            Some(reason) => Err(RepoError::LockLost { reason }),
            None => Ok(()),
        }
    }

    /// Refreshes the lock now and proves it is still held. Called right
    /// before a run commits (writes its snapshot).
    pub fn verify(&self) -> Result<()> {
        self.held.refresh()
    }

    /// True when every other lock seen while acquiring (stale ones included)
    /// was created after `t`, so none of those runs can have loaded an index
    /// from before `t`. An unreadable lock file counts as older.
    pub fn no_other_lock_before(&self, t: DateTime<Utc>) -> bool {
        self.others.iter().all(|c| c.is_some_and(|c| c > t))
    }

    /// Creation time of the oldest other lock seen while acquiring (`None`
    /// also when one could not be read: see `others_unreadable`).
    pub fn oldest_other(&self) -> Option<DateTime<Utc>> {
        self.others.iter().flatten().min().copied()
    }

    pub fn others_unreadable(&self) -> bool {
        self.others.iter().any(Option::is_none)
    }

    #[cfg(test)]
    pub(crate) fn key(&self) -> &str {
        &self.held.key
    }

    /// Waits until the refresher has given up (tests: an event, not a timer).
    #[cfg(test)]
    pub(crate) fn wait_refresher_ended(&self) {
        let _ = self.refresher_done.recv();
    }
}

/// Looks at every other lock: removes those read and proven stale, fails on
/// a conflicting live one, and returns when each lock seen was created.
fn check_conflicts(
    backend: &dyn Backend,
    exclusive: bool,
    host: &str,
    own: Option<&str>,
) -> Result<Vec<Option<DateTime<Utc>>>> {
    let now = Utc::now();
    let mut seen = Vec::new();
    for obj in backend.list(LOCK_DIR)? {
        if Some(obj.key.as_str()) == own {
            continue;
        }
        let bytes = match backend.get(&obj.key) {
            Ok(b) => b,
            // Released meanwhile.
            Err(e) if e.is_not_found() => continue,
            // A transient error proves nothing about the lock: keep it, stop here.
            Err(e) => return Err(e.into()),
        };
        let info: LockInfo = match serde_json::from_slice(&bytes) {
            Ok(i) => i,
            Err(_) => {
                // Half-written (FAT has no atomic create) or foreign: it may
                // belong to a running process and is never removed here. It
                // blocks what an exclusive lock would block.
                seen.push(None);
                if exclusive {
                    return Err(RepoError::UnreadableLock { key: obj.key });
                }
                continue;
            }
        };
        seen.push(Some(info.created));
        if info.is_stale(now, host) {
            tracing::info!("removing stale lock of {}", info.holder());
            // Still counted in `seen` if it stays (e.g. a write-protected medium).
            let _ = backend.delete(&obj.key);
            continue;
        }
        if exclusive || info.exclusive {
            return Err(RepoError::Locked {
                holder: info.holder(),
            });
        }
    }
    Ok(seen)
}

impl Drop for RepoLock {
    fn drop(&mut self) {
        self.stop.take();
        if let Some(h) = self.refresher.take() {
            let _ = h.join();
        }
        let _ = self.held.backend.delete(&self.held.key);
    }
}

/// Which lock a [`LockedRepo`] holds.
pub trait LockKind {
    const EXCLUSIVE: bool;
}

/// Backups and check: many at a time.
pub enum Shared {}
/// Prune: alone.
pub enum Exclusive {}

impl LockKind for Shared {
    const EXCLUSIVE: bool = false;
}

impl LockKind for Exclusive {
    const EXCLUSIVE: bool = true;
}

/// An indexed repository whose index was loaded *after* its lock was taken:
/// the only kind a backup (`Shared`) or prune (`Exclusive`) accepts.
pub struct LockedRepo<K: LockKind> {
    repo: IndexedRepo,
    lock: RepoLock,
    kind: PhantomData<K>,
}

impl<K: LockKind> LockedRepo<K> {
    /// Takes the lock, then loads the index.
    pub fn open(repo: Repository, purpose: &str) -> Result<LockedRepo<K>> {
        let lock = RepoLock::acquire(repo.backend().clone(), K::EXCLUSIVE, purpose)?;
        Ok(LockedRepo {
            repo: repo.load_index()?,
            lock,
            kind: PhantomData,
        })
    }

    pub fn lock(&self) -> &RepoLock {
        &self.lock
    }
}

impl<K: LockKind> std::ops::Deref for LockedRepo<K> {
    type Target = IndexedRepo;
    fn deref(&self) -> &IndexedRepo {
        &self.repo
    }
}

impl<K: LockKind> std::ops::DerefMut for LockedRepo<K> {
    fn deref_mut(&mut self) -> &mut IndexedRepo {
        &mut self.repo
    }
}

/// Test aid shared with the backup and prune tests: a backend whose
/// operations on keys with a given prefix fail on demand, and which runs a
/// hook when a prefix is listed (an event, not a timer).
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::{Arc, Mutex};

    use crate::storage::{Backend, Leftover, ObjectInfo, StorageError};

    type Hook = Box<dyn FnOnce() + Send>;

    pub struct KeyFaults {
        inner: Arc<dyn Backend>,
        fail_get: Mutex<Option<String>>,
        fail_put: Mutex<Option<String>>,
        on_list: Mutex<Option<(String, Hook)>>,
    }

    impl KeyFaults {
        pub fn new(inner: Arc<dyn Backend>) -> KeyFaults {
            KeyFaults {
                inner,
                fail_get: Mutex::new(None),
                fail_put: Mutex::new(None),
                on_list: Mutex::new(None),
            }
        }

        /// Reads of keys under `prefix` fail like a dropped share (None: heal).
        pub fn fail_reads(&self, prefix: Option<&str>) {
            *self.fail_get.lock().unwrap() = prefix.map(String::from);
        }

        /// Writes of keys under `prefix` fail like a dropped share (None: heal).
        pub fn fail_writes(&self, prefix: Option<&str>) {
            *self.fail_put.lock().unwrap() = prefix.map(String::from);
        }

        /// Runs `hook` once, before the first listing of `prefix` is answered.
        pub fn on_first_list(&self, prefix: &str, hook: impl FnOnce() + Send + 'static) {
            *self.on_list.lock().unwrap() = Some((prefix.to_string(), Box::new(hook)));
        }

        fn fails(slot: &Mutex<Option<String>>, key: &str) -> Result<(), StorageError> {
            match &*slot.lock().unwrap() {
                Some(p) if key.starts_with(p.as_str()) => Err(StorageError::Unavailable {
                    location: "test".into(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotConnected,
                        "simulated: share dropped",
                    ),
                }),
                _ => Ok(()),
            }
        }
    }

    impl Backend for KeyFaults {
        fn location(&self) -> String {
            self.inner.location()
        }
        fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
            Self::fails(&self.fail_get, key)?;
            self.inner.get(key)
        }
        fn get_range(&self, key: &str, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
            Self::fails(&self.fail_get, key)?;
            self.inner.get_range(key, offset, len)
        }
        fn put(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
            Self::fails(&self.fail_put, key)?;
            self.inner.put(key, data)
        }
        fn put_new(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
            Self::fails(&self.fail_put, key)?;
            self.inner.put_new(key, data)
        }
        fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StorageError> {
            let hook = {
                let mut slot = self.on_list.lock().unwrap();
                match slot.take() {
                    Some((p, h)) if p == prefix => Some(h),
                    other => {
                        *slot = other;
                        None
                    }
                }
            };
            if let Some(h) = hook {
                h();
            }
            self.inner.list(prefix)
        }
        fn delete(&self, key: &str) -> Result<(), StorageError> {
            self.inner.delete(key)
        }
        fn stat(&self, key: &str) -> Result<Option<ObjectInfo>, StorageError> {
            Self::fails(&self.fail_get, key)?;
            self.inner.stat(key)
        }
        fn list_leftovers(&self) -> Result<Vec<Leftover>, StorageError> {
            self.inner.list_leftovers()
        }
        fn delete_leftover(&self, name: &str) -> Result<(), StorageError> {
            self.inner.delete_leftover(name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::memory::MemoryBackend;

    fn locks(b: &dyn Backend) -> usize {
        b.list(LOCK_DIR).expect("list").len()
    }

    /// A lock whose refresher never gets a tick: only the stop can wake it.
    fn acquire_untimed(b: &Arc<dyn Backend>, exclusive: bool) -> Result<(RepoLock, Sender<()>)> {
        let (tick, ticks) = bounded::<()>(0);
        RepoLock::acquire_with(b.clone(), exclusive, "backup", ticks).map(|l| (l, tick))
    }

    fn other_lock(b: &dyn Backend, key: &str, exclusive: bool) {
        let now = Utc::now();
        let info = LockInfo {
            host: "anderer-server".into(),
            pid: 4711,
            exclusive,
            created: now,
            refreshed: now,
            purpose: "backup nightly".into(),
        };
        b.put(key, &serde_json::to_vec(&info).unwrap()).unwrap();
    }

    #[test]
    fn a_lock_that_cannot_be_read_is_never_removed() {
        let mem: Arc<dyn Backend> = Arc::new(MemoryBackend::new());
        let faults = Arc::new(testing::KeyFaults::new(mem.clone()));
        let b: Arc<dyn Backend> = faults.clone();
        other_lock(mem.as_ref(), "locks/other", false);
        // A transient read error: the run stops, the other lock stays.
        faults.fail_reads(Some("locks/other"));
        for exclusive in [false, true] {
            match RepoLock::acquire(b.clone(), exclusive, "prune") {
                Err(RepoError::Storage(e)) => assert!(e.is_transient(), "{e:?}"),
                other => panic!("expected the read error, got ok={:?}", other.is_ok()),
            }
            assert!(mem.stat("locks/other").unwrap().is_some(), "lock kept");
        }
        faults.fail_reads(None);
        drop(RepoLock::acquire(b.clone(), false, "backup").expect("shared beside shared"));
        // Unparseable (half-written on FAT, or foreign): kept; blocks prune only.
        mem.put("locks/other", b"{\"host\":\"anderer-ser").unwrap();
        drop(RepoLock::acquire(b.clone(), false, "backup").expect("shared"));
        match RepoLock::acquire(b.clone(), true, "prune") {
            Err(RepoError::UnreadableLock { key }) => assert_eq!(key, "locks/other"),
            other => panic!("prune beside an unreadable lock: ok={:?}", other.is_ok()),
        }
        assert!(mem.stat("locks/other").unwrap().is_some());
        assert_eq!(locks(mem.as_ref()), 1, "the refused lock left nothing");
    }

    #[test]
    fn a_failed_refresh_loses_the_lock() {
        let mem: Arc<dyn Backend> = Arc::new(MemoryBackend::new());
        let faults = Arc::new(testing::KeyFaults::new(mem.clone()));
        let lock = RepoLock::acquire_with(
            faults.clone(),
            false,
            "backup",
            crossbeam_channel::tick(Duration::from_millis(1)),
        )
        .expect("acquire");
        lock.check().expect("held");
        faults.fail_writes(Some(LOCK_DIR));
        lock.wait_refresher_ended();
        match lock.check() {
            Err(RepoError::LockLost { reason }) => {
                assert!(
                    matches!(reason, crate::repo::lock::LockLoss::Unwritable { .. }),
                    "{reason}"
                )
            }
            other => panic!("refresh failed silently: {other:?}"),
        }
        // Healing the share does not bring a lost lock back.
        faults.fail_writes(None);
        assert!(matches!(lock.verify(), Err(RepoError::LockLost { .. })));
    }

    #[test]
    fn a_lock_removed_by_another_run_is_lost_not_recreated() {
        let b: Arc<dyn Backend> = Arc::new(MemoryBackend::new());
        let lock = RepoLock::acquire(b.clone(), false, "backup").expect("acquire");
        lock.verify().expect("still ours");
        // Another run took it for stale and removed it.
        b.delete(lock.key()).unwrap();
        match lock.verify() {
            Err(RepoError::LockLost { reason }) => {
                assert!(matches!(reason, LockLoss::Removed { .. }), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(locks(b.as_ref()), 0, "not written again");
    }

    #[test]
    fn others_seen_while_acquiring_are_remembered_for_the_prune_rule() {
        let b: Arc<dyn Backend> = Arc::new(MemoryBackend::new());
        let before = Utc::now() - chrono::Duration::seconds(1);
        let old = Utc::now() - chrono::Duration::minutes(STALE_AFTER_MINUTES + 5);
        let stale = LockInfo {
            host: "anderer-server".into(),
            pid: 1,
            exclusive: false,
            created: old,
            refreshed: old,
            purpose: "backup".into(),
        };
        b.put("locks/stale", &serde_json::to_vec(&stale).unwrap())
            .unwrap();
        let ex = RepoLock::acquire(b.clone(), true, "prune").expect("stale blocks nothing");
        assert_eq!(ex.oldest_other(), Some(old));
        assert!(
            !ex.no_other_lock_before(before),
            "a stale lock older than t"
        );
        assert!(ex.no_other_lock_before(old - chrono::Duration::seconds(1)));
        drop(ex);
        let ex = RepoLock::acquire(b.clone(), true, "prune").expect("alone");
        assert!(ex.no_other_lock_before(Utc::now()));
        assert_eq!(ex.oldest_other(), None);
    }

    #[test]
    fn exclusive_excludes_shared_coexist_and_drop_wakes_the_refresher() {
        let b: Arc<dyn Backend> = Arc::new(MemoryBackend::new());
        let (one, _t1) = acquire_untimed(&b, false).expect("first shared");
        let (two, _t2) = acquire_untimed(&b, false).expect("second shared");
        match RepoLock::acquire(b.clone(), true, "prune") {
            Err(RepoError::Locked { holder }) => assert!(holder.starts_with("backup on ")),
            other => panic!("prune ran beside a backup: {:?}", other.is_ok()),
        }
        assert_eq!(locks(b.as_ref()), 2, "the refused lock left nothing");
        // No tick ever comes (the senders live on): `drop` joins the refresher,
        // so it returns only because the stop woke it. A refresher that slept
        // through its interval would never return here.
        drop(one);
        drop(two);
        assert_eq!(locks(b.as_ref()), 0);
        let ex = RepoLock::acquire(b.clone(), true, "prune").expect("alone now");
        assert!(RepoLock::acquire(b.clone(), false, "backup").is_err());
        drop(ex);
    }

    #[test]
    fn every_tick_refreshes_the_lock_file() {
        let b: Arc<dyn Backend> = Arc::new(MemoryBackend::new());
        let (lock, tick) = acquire_untimed(&b, false).expect("lock");
        let key = b.list(LOCK_DIR).expect("list")[0].key.clone();
        let read = || -> LockInfo { serde_json::from_slice(&b.get(&key).expect("get")).unwrap() };
        // Pretend the file was last refreshed long ago (as another host would see it).
        let mut old = read();
        old.refreshed = old.created - chrono::Duration::hours(1);
        b.put(&key, &serde_json::to_vec(&old).unwrap()).unwrap();
        assert!(old.is_stale(Utc::now(), "anderer-server"));
        // A rendezvous channel: the second send returns only after the
        // refresher finished the first tick's refresh and waits again.
        tick.send(()).expect("first tick");
        tick.send(()).expect("second tick");
        let now = read();
        assert!(now.refreshed > old.refreshed, "refreshed on a tick");
        assert!(!now.is_stale(Utc::now(), "anderer-server"));
        assert_eq!(
            (now.created, now.pid, now.exclusive),
            (old.created, old.pid, old.exclusive)
        );
        // Ticks that stop coming do not keep the lock alive past its drop.
        drop(tick);
        drop(lock);
        assert_eq!(locks(b.as_ref()), 0);
    }

    #[test]
    fn stale_locks_are_removed() {
        let b: Arc<dyn Backend> = Arc::new(MemoryBackend::new());
        let old = Utc::now() - chrono::Duration::minutes(STALE_AFTER_MINUTES + 1);
        let put = |key: &str, info: &LockInfo| {
            b.put(key, &serde_json::to_vec(info).unwrap()).unwrap();
        };
        // Not refreshed for too long (another host), and a dead process on this host.
        let mut info = LockInfo {
            host: "anderer-server".into(),
            pid: 1,
            exclusive: true,
            created: old,
            refreshed: old,
            purpose: "prune".into(),
        };
        put("locks/old", &info);
        if std::path::Path::new("/proc/self").exists() {
            info.host = hostname();
            info.refreshed = Utc::now();
            info.pid = u32::MAX - 1; // no such process
            put("locks/dead", &info);
        }
        let l = RepoLock::acquire(b.clone(), true, "backup").expect("stale locks block nothing");
        assert_eq!(locks(b.as_ref()), 1);
        drop(l);
    }
}
