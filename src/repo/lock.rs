//! Repository locks: backups take a shared lock, prune an exclusive one, so
//! prune never deletes a pack a running backup is about to reference.
//!
//! A lock is a small JSON file under `locks/`, refreshed every few minutes.
//! A lock whose process is gone (same host) or that was not refreshed for
//! `STALE_AFTER` is stale and is removed by the next run: a killed backup never
//! needs manual repair.

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Local, Utc};
use crossbeam_channel::{bounded, select, Receiver, Sender};
use serde::{Deserialize, Serialize};

use crate::storage::Backend;

use super::error::{RepoError, Result};
use super::id::Id;

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

pub struct RepoLock {
    backend: Arc<dyn Backend>,
    key: String,
    /// Dropping it wakes and ends the refresher at once.
    stop: Option<Sender<()>>,
    refresher: Option<JoinHandle<()>>,
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
        check_conflicts(backend.as_ref(), exclusive, &host, None)?;
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
        if let Err(e) = check_conflicts(backend.as_ref(), exclusive, &host, Some(&key)) {
            let _ = backend.delete(&key);
            return Err(e);
        }
        let (stop, stopped) = bounded::<()>(0);
        let refresher = {
            let (backend, key) = (backend.clone(), key.clone());
            std::thread::spawn(move || {
                let mut info = info;
                // Refresh on every tick until the lock is dropped; dropping the
                // sender wakes this thread at once, whatever the tick interval.
                loop {
                    select! {
                        recv(stopped) -> _ => return,
                        recv(ticks) -> tick => {
                            if tick.is_err() {
                                // No more ticks: only the stop can come now.
                                let _ = stopped.recv();
                                return;
                            }
                            info.refreshed = Utc::now();
                            if let Ok(b) = serde_json::to_vec(&info) {
                                let _ = backend.put(&key, &b);
                            }
                        }
                    }
                }
            })
        };
        Ok(RepoLock {
            backend,
            key,
            stop: Some(stop),
            refresher: Some(refresher),
        })
    }
}

fn check_conflicts(
    backend: &dyn Backend,
    exclusive: bool,
    host: &str,
    own: Option<&str>,
) -> Result<()> {
    let now = Utc::now();
    for obj in backend.list(LOCK_DIR)? {
        if Some(obj.key.as_str()) == own {
            continue;
        }
        let info: LockInfo = match backend.get(&obj.key).map(|b| serde_json::from_slice(&b)) {
            Ok(Ok(i)) => i,
            // A lock that vanished meanwhile or that nobody can read blocks nothing.
            _ => {
                let _ = backend.delete(&obj.key);
                continue;
            }
        };
        if info.is_stale(now, host) {
            tracing::info!("removing stale lock of {}", info.holder());
            let _ = backend.delete(&obj.key);
            continue;
        }
        if exclusive || info.exclusive {
            return Err(RepoError::Locked {
                holder: info.holder(),
            });
        }
    }
    Ok(())
}

impl Drop for RepoLock {
    fn drop(&mut self) {
        self.stop.take();
        if let Some(h) = self.refresher.take() {
            let _ = h.join();
        }
        let _ = self.backend.delete(&self.key);
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
