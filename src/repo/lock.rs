//! Repository locks: backups take a shared lock, prune an exclusive one, so
//! prune never deletes a pack a running backup is about to reference.
//!
//! A lock is a small JSON file under `locks/`, refreshed every few minutes.
//! A lock whose process is gone (same host) or that was not refreshed for
//! `STALE_AFTER` is stale and is removed by the next run: a killed backup never
//! needs manual repair.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Local, Utc};
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
    stop: Arc<AtomicBool>,
    refresher: Option<JoinHandle<()>>,
}

impl RepoLock {
    pub fn acquire(backend: Arc<dyn Backend>, exclusive: bool, purpose: &str) -> Result<RepoLock> {
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
        let stop = Arc::new(AtomicBool::new(false));
        let refresher = {
            let (backend, key, stop) = (backend.clone(), key.clone(), stop.clone());
            std::thread::spawn(move || refresh_loop(backend, key, info, stop))
        };
        Ok(RepoLock {
            backend,
            key,
            stop,
            refresher: Some(refresher),
        })
    }
}

fn refresh_loop(backend: Arc<dyn Backend>, key: String, mut info: LockInfo, stop: Arc<AtomicBool>) {
    let mut waited = Duration::ZERO;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(200));
        waited += Duration::from_millis(200);
        if waited >= REFRESH_EVERY {
            waited = Duration::ZERO;
            info.refreshed = Utc::now();
            if let Ok(b) = serde_json::to_vec(&info) {
                let _ = backend.put(&key, &b);
            }
        }
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
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.refresher.take() {
            let _ = h.join();
        }
        let _ = self.backend.delete(&self.key);
    }
}
